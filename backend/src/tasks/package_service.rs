//! The rules and writes of task packages and their workflow
//! `draft -> submitted -> approved -> open -> filled -> closed` (or `rejected`). Every function takes a
//! connection or an open transaction, the caller and the time; `packages.rs` holds the endpoints.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, FromQueryResult, JoinType, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, QueryTrait, RelationDef,
};
use shared::audit::AuditAction;
use shared::auth::Role;
use shared::paging::{Page, PageRequest};
use shared::problem::ProblemCode;
use shared::tasks::{
    PackageActor, PackageStatus, PackageStatusChange, PackageTransition, PackageTransitionError, SaveTaskPackage,
    TaskLoad, TaskPackage, check_package_hours, check_package_transition, package_hours,
};
use shared::validation::Errors;
use uuid::Uuid;

use super::{is_staff, owner_for_write, visible};
use crate::audit::{self, Actor, Entry};
use crate::auth::AuthUser;
use crate::db::{
    package_positions, task_package_status_changes as changes, task_package_tasks as members,
    task_packages as packages, tasks,
};
use crate::infra::error::{ApiError, ApiResult};

pub async fn to_packages(db: &impl ConnectionTrait, models: Vec<packages::Model>) -> ApiResult<Vec<TaskPackage>> {
    let ids: Vec<Uuid> = models.iter().map(|m| m.id).collect();
    let mut task_ids: HashMap<Uuid, Vec<(i32, Uuid)>> = HashMap::new();
    let mut loads: HashMap<Uuid, TaskLoad> = HashMap::new();
    // The members with the two columns of their task that the hours need, in one query per 500 packages.
    let task: RelationDef =
        members::Entity::belongs_to(tasks::Entity).from(members::Column::TaskId).to(tasks::Column::Id).into();
    for chunk in ids.chunks(500) {
        let rows: Vec<(Uuid, i32, Uuid, i32)> = members::Entity::find()
            .select_only()
            .columns([members::Column::PackageId, members::Column::Position, members::Column::TaskId])
            .column(tasks::Column::HoursPerWeek)
            .join(JoinType::InnerJoin, RelationDef::clone(&task))
            .filter(members::Column::PackageId.is_in(chunk.to_vec()))
            .into_tuple()
            .all(db)
            .await?;
        let member_ids: Vec<Uuid> = rows.iter().map(|r| r.2).collect();
        let mut schedules = super::service::schedules(db, &member_ids).await?;
        for (package_id, position, task_id, hours_per_week) in rows {
            task_ids.entry(package_id).or_default().push((position, task_id));
            let schedule = schedules.remove(&task_id).unwrap_or_default();
            loads.insert(task_id, TaskLoad { hours_per_week: hours_per_week.clamp(0, 40) as u16, schedule });
        }
    }
    models
        .into_iter()
        .map(|m| {
            let mut members = task_ids.remove(&m.id).unwrap_or_default();
            members.sort();
            let ids: Vec<Uuid> = members.into_iter().map(|(_, id)| id).collect();
            let hours = package_hours(&ids.iter().filter_map(|id| loads.get(id).cloned()).collect::<Vec<_>>());
            Ok(TaskPackage {
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
                status: parse_status(&m.status)?,
                rejection_reason: m.rejection_reason,
                created_at: m.created_at,
                updated_at: m.updated_at,
                version: m.version,
            })
        })
        .collect()
}

async fn one(db: &impl ConnectionTrait, model: packages::Model) -> ApiResult<TaskPackage> {
    to_packages(db, vec![model]).await?.pop().ok_or(ApiError::NotFound)
}

pub(crate) async fn visible_package(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    id: Uuid,
) -> ApiResult<packages::Model> {
    packages::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|p| visible(caller, Some(p.organisation_id), p.municipality_id))
        .ok_or(ApiError::NotFound)
}

/// One package as the caller may see it.
pub async fn package(db: &impl ConnectionTrait, caller: &AuthUser, id: Uuid) -> ApiResult<TaskPackage> {
    let model = visible_package(db, caller, id).await?;
    one(db, model).await
}

/// The filters of the package list.
#[derive(Debug, Default)]
pub struct PackageFilter {
    pub status: Option<PackageStatus>,
    /// Staff only (a partner always sees only its own).
    pub organisation_id: Option<Uuid>,
}

/// Packages, most recently changed first: a partner's own, staff those of their municipality.
pub async fn list_packages(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    q: PackageFilter,
    paging: PageRequest,
) -> ApiResult<Page<TaskPackage>> {
    let mut condition = Condition::all();
    if caller.is(Role::Partner) {
        condition = condition.add(packages::Column::OrganisationId.eq(crate::auth::own_organisation(caller)?));
    } else {
        condition = condition.add(caller.within_region(packages::Column::MunicipalityId));
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
    for row in db.query_all(&page).await? {
        total_items = Some(row.try_get::<i64>("", "total_items")?);
        rows.push(packages::Model::from_query_result(&row, "")?);
    }
    let total = match total_items {
        Some(n) => u64::try_from(n).unwrap_or_default(),
        None if paging.offset() == 0 => 0,
        // A page past the end has no row to carry the total.
        None => total.into_tuple::<i64>().one(db).await?.map_or(0, |n| u64::try_from(n).unwrap_or_default()),
    };
    Ok(Page::new(to_packages(db, rows).await?, paging, total))
}

/// The packages the caller may read whose title holds `term` (any case), most recently changed first: at
/// most `limit` of them as (id, title, status), and how many there are.
pub async fn find_by_title(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    term: &str,
    limit: u64,
) -> ApiResult<(Vec<(Uuid, String, String)>, u64)> {
    let mut condition =
        Condition::all().add(crate::infra::search::contains_ignoring_case(packages::Column::Title, term));
    condition = if caller.is(Role::Partner) {
        condition.add(packages::Column::OrganisationId.eq(crate::auth::own_organisation(caller)?))
    } else {
        condition.add(caller.within_region(packages::Column::MunicipalityId))
    };
    let found = packages::Entity::find().filter(condition);
    let total = found.clone().count(db).await?;
    let rows = found
        .select_only()
        .column(packages::Column::Id)
        .column(packages::Column::Title)
        .column(packages::Column::Status)
        .order_by_desc(packages::Column::UpdatedAt)
        .order_by_asc(packages::Column::Id)
        .limit(limit)
        .into_tuple::<(Uuid, String, String)>()
        .all(db)
        .await?;
    Ok((rows, total))
}

/// The statuses in which a package is live: every status but `closed`. A task belongs to at most one live
/// package.
const LIVE: [PackageStatus; 6] = [
    PackageStatus::Draft,
    PackageStatus::Submitted,
    PackageStatus::Approved,
    PackageStatus::Open,
    PackageStatus::Filled,
    PackageStatus::Rejected,
];

/// The statuses in which a package's tasks are frozen: the municipality has (or is deciding on) them.
const FREEZING: [PackageStatus; 4] =
    [PackageStatus::Submitted, PackageStatus::Approved, PackageStatus::Open, PackageStatus::Filled];

fn status_strings(statuses: &[PackageStatus]) -> Vec<&'static str> {
    statuses.iter().map(|s| s.as_str()).collect()
}

/// The status of the package that freezes this task's content, if one does.
pub async fn frozen_by(db: &impl ConnectionTrait, task_id: Uuid) -> ApiResult<Option<PackageStatus>> {
    let package_ids: Vec<Uuid> = members::Entity::find()
        .filter(members::Column::TaskId.eq(task_id))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.package_id)
        .collect();
    if package_ids.is_empty() {
        return Ok(None);
    }
    let freezing = packages::Entity::find()
        .filter(packages::Column::Id.is_in(package_ids))
        .filter(packages::Column::Status.is_in(status_strings(&FREEZING)))
        .one(db)
        .await?;
    freezing.map(|p| parse_status(&p.status)).transpose()
}

/// A stored package status; a value that does not parse is a fault, never a silent default.
fn parse_status(value: &str) -> ApiResult<PackageStatus> {
    crate::db::stored(value, "package status")
}

/// Checks the package's tasks (same organisation, not in another live package, hours, schedule); returns
/// the total hours and the municipality of the tasks.
async fn check_tasks(
    db: &impl ConnectionTrait,
    owner: Option<Uuid>,
    package: Option<Uuid>,
    task_ids: &[Uuid],
    errors: &mut Errors,
) -> ApiResult<(u16, Option<Uuid>)> {
    if task_ids.is_empty() {
        return Ok((0, None));
    }
    let found = tasks::Entity::find().filter(tasks::Column::Id.is_in(task_ids.to_vec())).all(db).await?;
    if found.len() != task_ids.len() || found.iter().any(|t| Some(t.organisation_id) != owner) {
        errors.add("taskIds", "unknown", "een of meer taken bestaan niet of horen niet bij deze organisatie");
        return Ok((0, None));
    }
    let mut elsewhere = members::Entity::find().filter(members::Column::TaskId.is_in(task_ids.to_vec()));
    if let Some(package) = package {
        elsewhere = elsewhere.filter(members::Column::PackageId.ne(package));
    }
    let elsewhere: Vec<Uuid> = elsewhere.all(db).await?.into_iter().map(|m| m.package_id).collect();
    if !elsewhere.is_empty() {
        let live = packages::Entity::find()
            .filter(packages::Column::Id.is_in(elsewhere))
            .filter(packages::Column::Status.is_in(status_strings(&LIVE)))
            .all(db)
            .await?;
        if let Some(other) = live.first() {
            errors.add(
                "taskIds",
                "in_other_package",
                format!(
                    "een of meer taken zitten al in het pakket '{}'; een taak hoort bij één pakket tegelijk",
                    other.title
                ),
            );
        }
    }
    let mut schedules = super::service::schedules(db, task_ids).await?;
    let loads: Vec<TaskLoad> = found
        .iter()
        .map(|t| TaskLoad {
            hours_per_week: t.hours_per_week.clamp(0, 40) as u16,
            schedule: schedules.remove(&t.id).unwrap_or_default(),
        })
        .collect();
    let hours = check_package_hours(&loads, errors);
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

async fn record_step(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    id: Uuid,
    from: Option<PackageStatus>,
    to: PackageStatus,
    reason: &str,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    changes::Entity::insert(changes::ActiveModel {
        id: Set(Uuid::now_v7()),
        package_id: Set(id),
        from_status: Set(from.map(|s| s.as_str().to_owned())),
        to_status: Set(to.as_str().to_owned()),
        reason: Set(reason.to_owned()),
        changed_by_id: Set(caller.user_id),
        changed_by_name: Set(Some(caller.name.clone())),
        changed_by_role: Set(Some(caller.role.as_str().to_owned())),
        changed_at: Set(now),
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

fn not_editable() -> ApiError {
    ApiError::Conflict {
        code: ProblemCode::NotEditable,
        detail: "Een pakket wijzigt alleen als concept of na afwijzing.".into(),
    }
}

/// Builds a task package in `draft`: a partner's packages are its own organisation's.
pub async fn create_package(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    request: SaveTaskPackage,
    now: DateTime<Utc>,
) -> ApiResult<TaskPackage> {
    let mut errors = Errors::default();
    if let Err(params) = request.validate() {
        params.into_iter().for_each(|p| errors.add(p.name, p.code, p.reason));
    }
    let owner = owner_for_write(caller, request.organisation_id, &mut errors)?;
    if let Some(owner) = owner.filter(|_| is_staff(caller)) {
        super::service::check_organisations(db, &[owner], "organisationId", &mut errors).await?;
    }
    let (hours, task_municipality) = check_tasks(db, owner, None, &request.task_ids, &mut errors).await?;
    errors.finish(()).map_err(ApiError::Validation)?;
    let municipality = match task_municipality {
        Some(m) => m,
        None => crate::reference::default_municipality(db, caller.municipality_id).await?,
    };
    let id = Uuid::now_v7();
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
    .exec_without_returning(db)
    .await?;
    replace_members(db, id, &request.task_ids).await?;
    record_step(db, caller, id, None, PackageStatus::Draft, "aangemaakt", now).await?;
    audit::record(db, Actor::from(caller), Entry::new(AuditAction::Create, "task_package").record(id)).await?;
    let model = packages::Entity::find_by_id(id).one(db).await?.ok_or(ApiError::NotFound)?;
    one(db, model).await
}

/// Changes a package's content (only in `draft` or `rejected`).
pub async fn update_package(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    id: Uuid,
    request: SaveTaskPackage,
    now: DateTime<Utc>,
) -> ApiResult<TaskPackage> {
    let current = visible_package(db, caller, id).await?;
    crate::auth::require(is_staff(caller) || caller.is(Role::Partner))?;
    let mut errors = Errors::default();
    if let Err(params) = request.validate() {
        params.into_iter().for_each(|p| errors.add(p.name, p.code, p.reason));
    }
    let version = errors.version(request.version);
    let (hours, _) =
        check_tasks(db, Some(current.organisation_id), Some(current.id), &request.task_ids, &mut errors).await?;
    errors.finish(()).map_err(ApiError::Validation)?;
    if !PackageStatus::parse(&current.status).is_some_and(PackageStatus::is_editable) {
        return Err(not_editable());
    }
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
            updated_at: Set(now),
            version: Set(version + 1),
            ..Default::default()
        })
        .filter(packages::Column::Id.eq(current.id))
        .filter(packages::Column::Version.eq(version))
        .exec(db)
        .await?;
    if result.rows_affected != 1 {
        return Err(ApiError::stale_version());
    }
    replace_members(db, current.id, &request.task_ids).await?;
    // The nature of the work of the package's jobs (if any) follows its tasks.
    crate::monitoring::aggregates::refresh_packages(db, &[current.id]).await?;
    audit::record(db, Actor::from(caller), Entry::new(AuditAction::Update, "task_package").record(current.id)).await?;
    let model = packages::Entity::find_by_id(current.id).one(db).await?.ok_or(ApiError::NotFound)?;
    one(db, model).await
}

/// Takes one workflow step: partners submit (and rework a rejected package into a draft); consultants
/// approve, reject (with a reason), open, mark filled and close. A step the caller's side may not take is
/// 403; a step that does not exist from the current status is 409.
pub async fn transition_package(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    id: Uuid,
    request: PackageTransition,
    now: DateTime<Utc>,
) -> ApiResult<TaskPackage> {
    let current = visible_package(db, caller, id).await?;
    let actor = match caller.role {
        Role::Partner => PackageActor::Partner,
        Role::Admin | Role::Consultant => PackageActor::Staff,
        _ => return Err(crate::auth::forbidden()),
    };
    let mut errors = Errors::default();
    if request.to.is_none() {
        errors.add("to", "required", "kies de stap");
    }
    let version = errors.version(request.version);
    let to = request.to.unwrap_or(PackageStatus::Draft);
    let from = parse_status(&current.status)?;
    if to == PackageStatus::Submitted {
        let package = one(db, current.clone()).await?;
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
            return Err(crate::auth::forbidden());
        }
        Err(PackageTransitionError::NotAllowed { from, to }) => {
            errors.finish(()).map_err(ApiError::Validation)?;
            return Err(ApiError::Conflict {
                code: ProblemCode::IllegalTransition,
                detail: format!("Van {} kan een pakket niet naar {}.", from.as_str(), to.as_str()),
            });
        }
    }
    errors.finish(()).map_err(ApiError::Validation)?;
    let reason = request.reason.trim().to_owned();
    let result = packages::Entity::update_many()
        .set(packages::ActiveModel {
            status: Set(to.as_str().to_owned()),
            rejection_reason: Set(if to == PackageStatus::Rejected { reason.clone() } else { String::new() }),
            updated_at: Set(now),
            version: Set(version + 1),
            ..Default::default()
        })
        .filter(packages::Column::Id.eq(current.id))
        .filter(packages::Column::Version.eq(version))
        .filter(packages::Column::Status.eq(from.as_str()))
        .exec(db)
        .await?;
    if result.rows_affected != 1 {
        return Err(ApiError::stale_version());
    }
    record_step(db, caller, current.id, Some(from), to, &reason, now).await?;
    if to == PackageStatus::Open {
        open_positions(db, &current).await?;
    }
    audit::record(
        db,
        Actor::from(caller),
        Entry::new(AuditAction::Update, "task_package").record(current.id).details(format!(
            "{} -> {}",
            from.as_str(),
            to.as_str()
        )),
    )
    .await?;
    let model = packages::Entity::find_by_id(current.id).one(db).await?.ok_or(ApiError::NotFound)?;
    one(db, model).await
}

/// The package's positions as rows (1..=positions), made the first time it opens.
async fn open_positions(db: &impl ConnectionTrait, package: &packages::Model) -> ApiResult<()> {
    let existing =
        package_positions::Entity::find().filter(package_positions::Column::PackageId.eq(package.id)).count(db).await?;
    if existing == 0 && package.positions > 0 {
        package_positions::Entity::insert_many((1..=package.positions).map(|number| package_positions::ActiveModel {
            id: Set(Uuid::now_v7()),
            package_id: Set(package.id),
            number: Set(number),
        }))
        .exec_without_returning(db)
        .await?;
    }
    Ok(())
}

/// Moves an open package to `filled` when every position holds a placement, and a filled one back to
/// `open` when one is freed (actor `system`), in the caller's transaction.
pub async fn follow_positions(db: &impl ConnectionTrait, package_id: Uuid, now: DateTime<Utc>) -> ApiResult<()> {
    let package = packages::Entity::find_by_id(package_id).one(db).await?.ok_or(ApiError::NotFound)?;
    let from = parse_status(&package.status)?;
    let held = crate::db::matches::Entity::find()
        .filter(crate::db::matches::Column::PackageId.eq(package_id))
        .filter(crate::db::matches::Column::Stage.is_in(crate::matching::match_service::HOLDING))
        .filter(crate::db::matches::Column::ReleasedAt.is_null())
        .count(db)
        .await?;
    let full = held >= u64::try_from(package.positions).unwrap_or_default();
    let to = match from {
        PackageStatus::Open if full => PackageStatus::Filled,
        PackageStatus::Filled if !full => PackageStatus::Open,
        _ => return Ok(()),
    };
    let result = packages::Entity::update_many()
        .set(packages::ActiveModel {
            status: Set(to.as_str().to_owned()),
            updated_at: Set(now),
            version: Set(package.version + 1),
            ..Default::default()
        })
        .filter(packages::Column::Id.eq(package_id))
        .filter(packages::Column::Version.eq(package.version))
        .exec(db)
        .await?;
    if result.rows_affected != 1 {
        return Err(ApiError::stale_version());
    }
    changes::Entity::insert(changes::ActiveModel {
        id: Set(Uuid::now_v7()),
        package_id: Set(package_id),
        from_status: Set(Some(from.as_str().to_owned())),
        to_status: Set(to.as_str().to_owned()),
        reason: Set(if full { "alle plekken bezet".into() } else { "een plek is vrijgekomen".into() }),
        changed_by_id: Set(None),
        changed_by_name: Set(Some(crate::audit::SYSTEM.into())),
        changed_by_role: Set(None),
        changed_at: Set(now),
    })
    .exec_without_returning(db)
    .await?;
    let system = Actor { name: Some(crate::audit::SYSTEM.into()), ..Default::default() };
    audit::record(
        db,
        system,
        Entry::new(AuditAction::Update, "task_package").record(package_id).details(format!(
            "{} -> {}",
            from.as_str(),
            to.as_str()
        )),
    )
    .await?;
    Ok(())
}

/// A package's workflow history, oldest first.
pub async fn package_changes(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    id: Uuid,
) -> ApiResult<Vec<PackageStatusChange>> {
    let package = visible_package(db, caller, id).await?;
    let rows = changes::Entity::find()
        .filter(changes::Column::PackageId.eq(package.id))
        .order_by_asc(changes::Column::ChangedAt)
        .order_by_asc(changes::Column::Id)
        .limit(1000)
        .all(db)
        .await?;
    rows.into_iter()
        .map(|c| {
            Ok(PackageStatusChange {
                from: crate::db::stored_opt(c.from_status.as_deref(), "package status")?,
                to: parse_status(&c.to_status)?,
                reason: c.reason,
                changed_by: c.changed_by_name,
                changed_by_role: crate::db::stored_opt(c.changed_by_role.as_deref(), "role")?,
                changed_at: c.changed_at,
            })
        })
        .collect()
}
