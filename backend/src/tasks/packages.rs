//! `/task-packages`: bundles of tasks that make one job, and their workflow
//! `draft -> submitted -> approved -> open -> filled -> closed` (or `rejected`).

use std::collections::HashMap;

use actix_web::{HttpRequest, HttpResponse, get, post, put, web};
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, FromQueryResult, JoinType, QueryFilter,
    QueryOrder, QuerySelect, QueryTrait, RelationDef, TransactionTrait,
};
use serde::Deserialize;
use shared::audit::AuditAction;
use shared::auth::Role;
use shared::paging::{Page, PageRequest};
use shared::problem::codes;
use shared::tasks::{
    PackageActor, PackageStatus, PackageStatusChange, PackageTransition, PackageTransitionError, SaveTaskPackage,
    ScheduleSlot, TaskLoad, TaskPackage, check_package_hours, check_package_transition, package_hours,
};
use shared::validation::Errors;
use uuid::Uuid;

use super::{TaskActors, is_staff, owner_for_write, visible};
use crate::AppState;
use crate::audit::{self, Actor, Entry};
use crate::auth::{AuthUser, Authorized};
use crate::db::{task_package_status_changes as changes, task_package_tasks as members, task_packages as packages, tasks};
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, ApiQuery, PathId};

pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    config
        .service(list_packages)
        .service(create_package)
        .service(get_package)
        .service(update_package)
        .service(transition_package)
        .service(list_package_changes);
}

fn load(task: &tasks::Model) -> TaskLoad {
    TaskLoad {
        hours_per_week: task.hours_per_week.clamp(0, 40) as u16,
        schedule: task.schedule.split(',').filter_map(ScheduleSlot::parse).collect(),
    }
}

async fn to_packages(db: &impl ConnectionTrait, models: Vec<packages::Model>) -> ApiResult<Vec<TaskPackage>> {
    let ids: Vec<Uuid> = models.iter().map(|m| m.id).collect();
    let mut task_ids: HashMap<Uuid, Vec<(i32, Uuid)>> = HashMap::new();
    let mut loads: HashMap<Uuid, TaskLoad> = HashMap::new();
    // The members with the two columns of their task that the hours need, in one query per 500 packages.
    let task: RelationDef = members::Entity::belongs_to(tasks::Entity).from(members::Column::TaskId).to(tasks::Column::Id).into();
    for chunk in ids.chunks(500) {
        let rows: Vec<(Uuid, i32, Uuid, i32, String)> = members::Entity::find()
            .select_only()
            .columns([members::Column::PackageId, members::Column::Position, members::Column::TaskId])
            .columns([tasks::Column::HoursPerWeek, tasks::Column::Schedule])
            .join(JoinType::InnerJoin, RelationDef::clone(&task))
            .filter(members::Column::PackageId.is_in(chunk.to_vec()))
            .into_tuple()
            .all(db)
            .await?;
        for (package_id, position, task_id, hours_per_week, schedule) in rows {
            task_ids.entry(package_id).or_default().push((position, task_id));
            loads.insert(task_id, TaskLoad {
                hours_per_week: hours_per_week.clamp(0, 40) as u16,
                schedule: schedule.split(',').filter_map(ScheduleSlot::parse).collect(),
            });
        }
    }
    Ok(models
        .into_iter()
        .map(|m| {
            let mut members = task_ids.remove(&m.id).unwrap_or_default();
            members.sort();
            let ids: Vec<Uuid> = members.into_iter().map(|(_, id)| id).collect();
            let hours = package_hours(&ids.iter().filter_map(|id| loads.get(id).cloned()).collect::<Vec<_>>());
            TaskPackage {
                id: m.id,
                organisation_id: m.organisation_id,
                title: m.title,
                description: m.description,
                task_ids: ids,
                hours,
                positions: m.positions.clamp(0, 100) as u16,
                start_date: m.start_date,
                mentor_name: m.mentor_name,
                mentor_email: m.mentor_email,
                mentor_phone: m.mentor_phone,
                status: PackageStatus::parse(&m.status).unwrap_or(PackageStatus::Draft),
                rejection_reason: m.rejection_reason,
                created_at: m.created_at,
                updated_at: m.updated_at,
                version: m.version,
            }
        })
        .collect())
}

async fn one(db: &impl ConnectionTrait, model: packages::Model) -> ApiResult<TaskPackage> {
    to_packages(db, vec![model]).await?.pop().ok_or(ApiError::NotFound)
}

async fn visible_package(db: &impl ConnectionTrait, caller: &AuthUser, id: Uuid) -> ApiResult<packages::Model> {
    packages::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|p| visible(caller, Some(p.organisation_id), p.municipality_id))
        .ok_or(ApiError::NotFound)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct PackageQuery {
    /// 1-based page number (default 1).
    page: Option<u64>,
    /// Items per page, 1-100 (default 25).
    page_size: Option<u64>,
    status: Option<PackageStatus>,
    /// Staff only (a partner always sees only its own).
    organisation_id: Option<Uuid>,
}

/// Task packages, most recently changed first (the approval queue is `?status=submitted`).
#[utoipa::path(tag = "task intake", params(PackageQuery), responses((status = 200, description = "One page of packages", body = Page<TaskPackage>)))]
#[get("/task-packages")]
async fn list_packages(caller: Authorized<TaskActors>, req: HttpRequest, state: web::Data<AppState>, query: ApiQuery<PackageQuery>) -> ApiResult<HttpResponse> {
    let q = query.0;
    let mut errors = Errors::default();
    let paging = PageRequest::parse(q.page, q.page_size, &mut errors);
    errors.finish(()).map_err(ApiError::Validation)?;
    let mut condition = Condition::all();
    if caller.is(Role::Partner) {
        condition = condition.add(packages::Column::OrganisationId.eq(caller.organisation_id.ok_or(ApiError::Forbidden)?));
    } else {
        if let Some(municipality) = caller.municipality_id {
            condition = condition.add(packages::Column::MunicipalityId.eq(municipality));
        }
        if let Some(organisation) = q.organisation_id {
            condition = condition.add(packages::Column::OrganisationId.eq(organisation));
        }
    }
    if let Some(status) = q.status {
        condition = condition.add(packages::Column::Status.eq(status.as_str()));
    }
    // The page and the exact total in one query: the total is a scalar subquery evaluated once, and the
    // indexes of `m20261128_000001_list_indexes` serve the filter with the order.
    let total = packages::Entity::find().select_only().expr(Expr::cust("COUNT(*)")).filter(condition.clone());
    let page = packages::Entity::find()
        .filter(condition)
        .expr_as(Expr::SubQuery(None, Box::new(total.clone().into_query().into())), "total_items")
        .order_by_desc(packages::Column::UpdatedAt)
        .order_by_asc(packages::Column::Id)
        .offset(paging.offset())
        .limit(paging.page_size)
        .into_query();
    let mut rows = Vec::new();
    let mut total_items = None;
    for row in state.db.query_all(&page).await? {
        total_items = Some(row.try_get::<i64>("", "total_items")?);
        rows.push(packages::Model::from_query_result(&row, "")?);
    }
    let total = match total_items {
        Some(n) => u64::try_from(n).unwrap_or_default(),
        None if paging.offset() == 0 => 0,
        // A page past the end has no row to carry the total.
        None => total.into_tuple::<i64>().one(&state.db).await?.map_or(0, |n| u64::try_from(n).unwrap_or_default()),
    };
    Ok(crate::paging::respond(&req, Page::new(to_packages(&state.db, rows).await?, paging, total)))
}

/// Checks the package's tasks (same organisation, hours, schedule); returns the total hours and the
/// municipality of the tasks.
async fn check_tasks(db: &impl ConnectionTrait, owner: Option<Uuid>, task_ids: &[Uuid], errors: &mut Errors) -> ApiResult<(u16, Option<Uuid>)> {
    if task_ids.is_empty() {
        return Ok((0, None));
    }
    let found = tasks::Entity::find().filter(tasks::Column::Id.is_in(task_ids.to_vec())).all(db).await?;
    if found.len() != task_ids.len() || found.iter().any(|t| Some(t.organisation_id) != owner) {
        errors.add("taskIds", "unknown", "een of meer taken bestaan niet of horen niet bij deze organisatie");
        return Ok((0, None));
    }
    let hours = check_package_hours(&found.iter().map(load).collect::<Vec<_>>(), errors);
    Ok((hours.total_hours, found.first().map(|t| t.municipality_id)))
}

async fn replace_members(db: &impl ConnectionTrait, id: Uuid, task_ids: &[Uuid]) -> ApiResult<()> {
    members::Entity::delete_many().filter(members::Column::PackageId.eq(id)).exec(db).await?;
    if !task_ids.is_empty() {
        members::Entity::insert_many(task_ids.iter().enumerate().map(|(position, task)| members::ActiveModel {
            package_id: Set(id),
            task_id: Set(*task),
            position: Set(position as i32),
        }))
        .exec_without_returning(db)
        .await?;
    }
    Ok(())
}

async fn record_step(db: &impl ConnectionTrait, caller: &AuthUser, id: Uuid, from: Option<PackageStatus>, to: PackageStatus, reason: &str) -> ApiResult<()> {
    changes::Entity::insert(changes::ActiveModel {
        id: Set(Uuid::now_v7()),
        package_id: Set(id),
        from_status: Set(from.map(|s| s.as_str().to_owned())),
        to_status: Set(to.as_str().to_owned()),
        reason: Set(reason.to_owned()),
        changed_by_id: Set(caller.user_id),
        changed_by_name: Set(Some(caller.name.clone())),
        changed_by_role: Set(Some(caller.role.as_str().to_owned())),
        changed_at: Set(Utc::now()),
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Build a task package (in `draft`). A partner's packages are its own organisation's.
#[utoipa::path(
    tag = "task intake",
    request_body(content = SaveTaskPackage, example = json!({
        "title": "Groenmedewerker Beijum", "description": "Twee plekken in het groenonderhoud",
        "taskIds": ["0193f6a0-0000-7000-8000-00000000e001", "0193f6a0-0000-7000-8000-00000000e002"],
        "positions": 2, "startDate": "2027-01-04", "mentorName": "Wim Wijkbeheer",
        "mentorEmail": "w.wijkbeheer@example.nl", "mentorPhone": "050-5550000"
    })),
    responses((status = 201, description = "Created as a draft", body = TaskPackage))
)]
#[post("/task-packages")]
async fn create_package(caller: Authorized<TaskActors>, state: web::Data<AppState>, body: ApiJson<SaveTaskPackage>) -> ApiResult<HttpResponse> {
    let request = body.0;
    let mut errors = Errors::default();
    if let Err(params) = request.validate() {
        params.into_iter().for_each(|p| errors.add(p.name, p.code, p.reason));
    }
    let owner = owner_for_write(&caller, request.organisation_id, &mut errors)?;
    let (hours, task_municipality) = check_tasks(&state.db, owner, &request.task_ids, &mut errors).await?;
    errors.finish(()).map_err(ApiError::Validation)?;
    let municipality = match task_municipality {
        Some(m) => m,
        None => crate::reference::default_municipality(&state.db, caller.municipality_id).await?,
    };
    let id = Uuid::now_v7();
    let now = Utc::now();
    let txn = state.db.begin().await?;
    packages::Entity::insert(packages::ActiveModel {
        id: Set(id),
        municipality_id: Set(municipality),
        organisation_id: Set(owner.unwrap_or_default()),
        title: Set(request.title.trim().to_owned()),
        description: Set(request.description.trim().to_owned()),
        positions: Set(i32::from(request.positions.unwrap_or(1))),
        start_date: Set(request.start_date),
        hours_per_week: Set(i32::from(hours)),
        mentor_name: Set(request.mentor_name.trim().to_owned()),
        mentor_email: Set(request.mentor_email.trim().to_owned()),
        mentor_phone: Set(request.mentor_phone.trim().to_owned()),
        status: Set(PackageStatus::Draft.as_str().to_owned()),
        rejection_reason: Set(String::new()),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    })
    .exec_without_returning(&txn)
    .await?;
    replace_members(&txn, id, &request.task_ids).await?;
    record_step(&txn, &caller, id, None, PackageStatus::Draft, "aangemaakt").await?;
    audit::record(&txn, Actor::from(&caller.0), Entry::new(AuditAction::Create, "task_package").record(id)).await?;
    txn.commit().await?;
    let model = packages::Entity::find_by_id(id).one(&state.db).await?.ok_or(ApiError::NotFound)?;
    Ok(HttpResponse::Created().json(one(&state.db, model).await?))
}

/// One task package.
#[utoipa::path(tag = "task intake", params(("id" = Uuid, Path, description = "The package's id")), responses((status = 200, description = "The package", body = TaskPackage)))]
#[get("/task-packages/{id}")]
async fn get_package(caller: Authorized<TaskActors>, state: web::Data<AppState>, id: PathId) -> ApiResult<web::Json<TaskPackage>> {
    let model = visible_package(&state.db, &caller, id.0).await?;
    Ok(web::Json(one(&state.db, model).await?))
}

fn not_editable() -> ApiError {
    ApiError::Conflict { code: "not_editable", detail: "Een pakket wijzigt alleen als concept of na afwijzing.".into() }
}

/// Change a package's content (only in `draft` or `rejected`).
#[utoipa::path(
    tag = "task intake",
    params(("id" = Uuid, Path, description = "The package's id")),
    request_body = SaveTaskPackage,
    responses((status = 200, description = "Changed", body = TaskPackage), (status = 409, description = "Stale version, or the package is past draft", body = shared::problem::Problem, content_type = "application/problem+json"))
)]
#[put("/task-packages/{id}")]
async fn update_package(caller: Authorized<TaskActors>, state: web::Data<AppState>, id: PathId, body: ApiJson<SaveTaskPackage>) -> ApiResult<web::Json<TaskPackage>> {
    let request = body.0;
    let current = visible_package(&state.db, &caller, id.0).await?;
    if !is_staff(&caller) && !caller.is(Role::Partner) {
        return Err(ApiError::Forbidden);
    }
    let mut errors = Errors::default();
    if let Err(params) = request.validate() {
        params.into_iter().for_each(|p| errors.add(p.name, p.code, p.reason));
    }
    let version = errors.version(request.version);
    let (hours, _) = check_tasks(&state.db, Some(current.organisation_id), &request.task_ids, &mut errors).await?;
    errors.finish(()).map_err(ApiError::Validation)?;
    if !PackageStatus::parse(&current.status).is_some_and(PackageStatus::is_editable) {
        return Err(not_editable());
    }
    let txn = state.db.begin().await?;
    let result = packages::Entity::update_many()
        .set(packages::ActiveModel {
            title: Set(request.title.trim().to_owned()),
            description: Set(request.description.trim().to_owned()),
            positions: Set(i32::from(request.positions.unwrap_or(1))),
            start_date: Set(request.start_date),
            hours_per_week: Set(i32::from(hours)),
            mentor_name: Set(request.mentor_name.trim().to_owned()),
            mentor_email: Set(request.mentor_email.trim().to_owned()),
            mentor_phone: Set(request.mentor_phone.trim().to_owned()),
            updated_at: Set(Utc::now()),
            version: Set(version + 1),
            ..Default::default()
        })
        .filter(packages::Column::Id.eq(current.id))
        .filter(packages::Column::Version.eq(version))
        .exec(&txn)
        .await?;
    if result.rows_affected != 1 {
        return Err(ApiError::stale_version());
    }
    replace_members(&txn, current.id, &request.task_ids).await?;
    audit::record(&txn, Actor::from(&caller.0), Entry::new(AuditAction::Update, "task_package").record(current.id)).await?;
    txn.commit().await?;
    let model = packages::Entity::find_by_id(current.id).one(&state.db).await?.ok_or(ApiError::NotFound)?;
    Ok(web::Json(one(&state.db, model).await?))
}

/// Take one workflow step: partners submit (and rework a rejected package into a draft); consultants
/// approve, reject (with a reason), open, mark filled and close. A step the caller's side may not take is
/// 403; a step that does not exist from the current status is 409.
#[utoipa::path(
    tag = "task intake",
    params(("id" = Uuid, Path, description = "The package's id")),
    request_body(content = PackageTransition, example = json!({"to": "submitted", "reason": "", "version": 1})),
    responses(
        (status = 200, description = "The package after the step", body = TaskPackage),
        (status = 409, description = "Not a step from the current status, or a stale version", body = shared::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/task-packages/{id}/transitions")]
async fn transition_package(caller: Authorized<TaskActors>, state: web::Data<AppState>, id: PathId, body: ApiJson<PackageTransition>) -> ApiResult<web::Json<TaskPackage>> {
    let request = body.0;
    let current = visible_package(&state.db, &caller, id.0).await?;
    let actor = match caller.role {
        Role::Partner => PackageActor::Partner,
        Role::Admin | Role::Consultant => PackageActor::Staff,
        _ => return Err(ApiError::Forbidden),
    };
    let mut errors = Errors::default();
    if request.to.is_none() {
        errors.add("to", "required", "kies de stap");
    }
    let version = errors.version(request.version);
    let to = request.to.unwrap_or(PackageStatus::Draft);
    let from = PackageStatus::parse(&current.status).unwrap_or(PackageStatus::Draft);
    if to == PackageStatus::Submitted {
        let package = one(&state.db, current.clone()).await?;
        if package.task_ids.is_empty() {
            errors.add("taskIds", "required", "een pakket heeft minstens één taak");
        }
        if package.mentor_name.is_empty() {
            errors.add("mentorName", "required", "noem de werkbegeleider");
        }
    }
    match check_package_transition(from, to, actor, &request.reason) {
        Ok(()) => {}
        Err(PackageTransitionError::ReasonRequired) => errors.add("reason", "required", "geef de reden van afwijzing"),
        Err(PackageTransitionError::NotYours { .. }) => {
            errors.finish(()).map_err(ApiError::Validation)?;
            return Err(ApiError::Forbidden);
        }
        Err(PackageTransitionError::NotAllowed { from, to }) => {
            errors.finish(()).map_err(ApiError::Validation)?;
            return Err(ApiError::Conflict {
                code: codes::ILLEGAL_TRANSITION,
                detail: format!("Van {} kan een pakket niet naar {}.", from.as_str(), to.as_str()),
            });
        }
    }
    errors.finish(()).map_err(ApiError::Validation)?;
    let reason = request.reason.trim().to_owned();
    let txn = state.db.begin().await?;
    let result = packages::Entity::update_many()
        .set(packages::ActiveModel {
            status: Set(to.as_str().to_owned()),
            rejection_reason: Set(if to == PackageStatus::Rejected { reason.clone() } else { String::new() }),
            updated_at: Set(Utc::now()),
            version: Set(version + 1),
            ..Default::default()
        })
        .filter(packages::Column::Id.eq(current.id))
        .filter(packages::Column::Version.eq(version))
        .filter(packages::Column::Status.eq(from.as_str()))
        .exec(&txn)
        .await?;
    if result.rows_affected != 1 {
        return Err(ApiError::stale_version());
    }
    record_step(&txn, &caller, current.id, Some(from), to, &reason).await?;
    audit::record(
        &txn,
        Actor::from(&caller.0),
        Entry::new(AuditAction::Update, "task_package").record(current.id).details(format!("{} -> {}", from.as_str(), to.as_str())),
    )
    .await?;
    txn.commit().await?;
    let model = packages::Entity::find_by_id(current.id).one(&state.db).await?.ok_or(ApiError::NotFound)?;
    Ok(web::Json(one(&state.db, model).await?))
}

/// A package's workflow history, oldest first.
#[utoipa::path(tag = "task intake", params(("id" = Uuid, Path, description = "The package's id")), responses((status = 200, description = "Every step", body = Vec<PackageStatusChange>)))]
#[get("/task-packages/{id}/status-changes")]
async fn list_package_changes(caller: Authorized<TaskActors>, state: web::Data<AppState>, id: PathId) -> ApiResult<web::Json<Vec<PackageStatusChange>>> {
    let package = visible_package(&state.db, &caller, id.0).await?;
    let rows = changes::Entity::find()
        .filter(changes::Column::PackageId.eq(package.id))
        .order_by_asc(changes::Column::ChangedAt)
        .order_by_asc(changes::Column::Id)
        .limit(1000)
        .all(&state.db)
        .await?;
    Ok(web::Json(
        rows.into_iter()
            .map(|c| PackageStatusChange {
                from: c.from_status.as_deref().and_then(PackageStatus::parse),
                to: PackageStatus::parse(&c.to_status).unwrap_or(PackageStatus::Draft),
                reason: c.reason,
                changed_by: c.changed_by_name,
                changed_by_role: c.changed_by_role.as_deref().and_then(Role::parse),
                changed_at: c.changed_at,
            })
            .collect(),
    ))
}
