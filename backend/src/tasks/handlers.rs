//! `/neighbourhood-sessions` and `/tasks`.

use std::collections::HashMap;

use actix_web::{HttpRequest, HttpResponse, get, post, put, web};
use chrono::Utc;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, TransactionTrait,
};
use serde::Deserialize;
use shared::audit::AuditAction;
use shared::paging::{Page, PageRequest};
use shared::reference::PhysicalDemand;
use shared::tasks::{NeighbourhoodSession, RequiredAbility, SaveNeighbourhoodSession, SaveTask, ScheduleSlot, Task};
use shared::validation::Errors;
use uuid::Uuid;

use super::{TaskActors, is_staff, owner_for_write, visible};
use crate::AppState;
use crate::audit::{self, Actor, Entry};
use crate::auth::{AuthUser, Authorized};
use crate::db::{
    abilities, neighbourhood_session_organisations as participants, neighbourhood_sessions as sessions, neighbourhoods,
    organisations, task_categories, task_required_abilities, tasks,
};
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, ApiQuery, PathId};

pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    config
        .service(list_sessions)
        .service(create_session)
        .service(get_session)
        .service(update_session)
        .service(list_tasks)
        .service(create_task)
        .service(get_task)
        .service(update_task);
}


async fn neighbourhood_municipality(db: &impl ConnectionTrait, id: Option<Uuid>, errors: &mut Errors) -> ApiResult<Option<Uuid>> {
    let Some(id) = id else { return Ok(None) };
    let found = neighbourhoods::Entity::find_by_id(id).one(db).await?;
    if found.is_none() {
        errors.add("neighbourhoodId", "unknown", "deze wijk bestaat niet");
    }
    Ok(found.map(|n| n.municipality_id))
}

pub(super) async fn check_organisations(db: &impl ConnectionTrait, ids: &[Uuid], field: &str, errors: &mut Errors) -> ApiResult<()> {
    let mut unique = ids.to_vec();
    unique.sort();
    unique.dedup();
    if !unique.is_empty() {
        let found = organisations::Entity::find().filter(organisations::Column::Id.is_in(unique.clone())).count(db).await?;
        if found as usize != unique.len() {
            errors.add(field, "unknown", "een of meer organisaties bestaan niet");
        }
    }
    Ok(())
}

// ---- neighbourhood sessions ----

async fn to_sessions(db: &impl ConnectionTrait, models: Vec<sessions::Model>) -> ApiResult<Vec<NeighbourhoodSession>> {
    let ids: Vec<Uuid> = models.iter().map(|m| m.id).collect();
    let mut people: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    let mut proposed: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    if !ids.is_empty() {
        for p in participants::Entity::find().filter(participants::Column::SessionId.is_in(ids.clone())).all(db).await? {
            people.entry(p.session_id).or_default().push(p.organisation_id);
        }
        for t in tasks::Entity::find().filter(tasks::Column::SessionId.is_in(ids)).all(db).await? {
            if let Some(session) = t.session_id {
                proposed.entry(session).or_default().push(t.id);
            }
        }
    }
    Ok(models
        .into_iter()
        .map(|m| NeighbourhoodSession {
            participant_ids: people.remove(&m.id).unwrap_or_default(),
            task_ids: proposed.remove(&m.id).unwrap_or_default(),
            id: m.id,
            neighbourhood_id: m.neighbourhood_id,
            organisation_id: m.organisation_id,
            held_on: m.held_on,
            title: m.title,
            notes: m.notes,
            version: m.version,
        })
        .collect())
}

/// A session the caller may see: a partner those it holds or took part in.
async fn visible_session(db: &impl ConnectionTrait, caller: &AuthUser, id: Uuid) -> ApiResult<sessions::Model> {
    let session = sessions::Entity::find_by_id(id).one(db).await?.ok_or(ApiError::NotFound)?;
    if visible(caller, session.organisation_id, session.municipality_id) {
        return Ok(session);
    }
    if let Some(own) = caller.organisation_id {
        let took_part = participants::Entity::find()
            .filter(participants::Column::SessionId.eq(id))
            .filter(participants::Column::OrganisationId.eq(own))
            .count(db)
            .await?;
        if took_part > 0 {
            return Ok(session);
        }
    }
    Err(ApiError::NotFound)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct SessionQuery {
    /// 1-based page number (default 1, at most 100,000).
    #[param(minimum = 1, maximum = 100_000)]
    page: Option<u64>,
    /// Items per page, 1-100 (default 25).
    #[param(minimum = 1, maximum = 100)]
    page_size: Option<u64>,
    neighbourhood_id: Option<Uuid>,
    /// First day, `YYYY-MM-DD`.
    from: Option<chrono::NaiveDate>,
    /// Last day, `YYYY-MM-DD`.
    to: Option<chrono::NaiveDate>,
}

/// Neighbourhood sessions, newest first. A partner sees those it holds or took part in.
#[utoipa::path(tag = "task intake", params(SessionQuery), responses((status = 200, description = "One page of sessions", body = Page<NeighbourhoodSession>)))]
#[get("/neighbourhood-sessions")]
async fn list_sessions(caller: Authorized<TaskActors>, req: HttpRequest, state: web::Data<AppState>, query: ApiQuery<SessionQuery>) -> ApiResult<HttpResponse> {
    let q = query.0;
    let mut errors = Errors::default();
    let paging = PageRequest::parse(q.page, q.page_size, &mut errors);
    errors.finish(()).map_err(ApiError::Validation)?;
    let mut condition = Condition::all();
    if let Some(own) = caller.organisation_id.filter(|_| caller.is(shared::auth::Role::Partner)) {
        condition = condition.add(
            Condition::any().add(sessions::Column::OrganisationId.eq(own)).add(
                sessions::Column::Id.in_subquery(
                    sea_orm::sea_query::Query::select()
                        .column(participants::Column::SessionId)
                        .from(participants::Entity)
                        .and_where(participants::Column::OrganisationId.eq(own))
                        .to_owned(),
                ),
            ),
        );
    } else if let Some(municipality) = caller.municipality_id {
        condition = condition.add(sessions::Column::MunicipalityId.eq(municipality));
    }
    if let Some(n) = q.neighbourhood_id {
        condition = condition.add(sessions::Column::NeighbourhoodId.eq(n));
    }
    if let Some(from) = q.from {
        condition = condition.add(sessions::Column::HeldOn.gte(from));
    }
    if let Some(to) = q.to {
        condition = condition.add(sessions::Column::HeldOn.lte(to));
    }
    let select = sessions::Entity::find().filter(condition);
    let total = select.clone().count(&state.db).await?;
    let rows = select
        .order_by_desc(sessions::Column::HeldOn)
        .order_by_asc(sessions::Column::Id)
        .offset(paging.offset())
        .limit(paging.page_size)
        .all(&state.db)
        .await?;
    Ok(crate::paging::respond(&req, Page::new(to_sessions(&state.db, rows).await?, paging, total)))
}

async fn replace_participants(db: &impl ConnectionTrait, id: Uuid, ids: &[Uuid]) -> ApiResult<()> {
    participants::Entity::delete_many().filter(participants::Column::SessionId.eq(id)).exec(db).await?;
    let mut unique = ids.to_vec();
    unique.sort();
    unique.dedup();
    if !unique.is_empty() {
        participants::Entity::insert_many(unique.into_iter().map(|o| participants::ActiveModel { session_id: Set(id), organisation_id: Set(o) }))
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// Record a neighbourhood session. A partner holds its own sessions.
#[utoipa::path(
    tag = "task intake",
    request_body(content = SaveNeighbourhoodSession, example = json!({
        "neighbourhoodId": "0193f6a0-0000-7000-8000-00000000a001", "heldOn": "2026-11-10", "title": "Wijkavond Beijum",
        "notes": "Bewoners willen meer groen en een schonere speelplek.",
        "participantIds": ["0193f6a0-0000-7000-8000-00000000b002"]
    })),
    responses((status = 201, description = "Recorded", body = NeighbourhoodSession))
)]
#[post("/neighbourhood-sessions")]
async fn create_session(caller: Authorized<TaskActors>, state: web::Data<AppState>, body: ApiJson<SaveNeighbourhoodSession>) -> ApiResult<HttpResponse> {
    let request = body.0;
    let mut errors = Errors::default();
    if let Err(params) = request.validate() {
        params.into_iter().for_each(|p| errors.add(p.name, p.code, p.reason));
    }
    let owner = match caller.role {
        shared::auth::Role::Partner => caller.organisation_id,
        shared::auth::Role::Admin | shared::auth::Role::Consultant => request.organisation_id,
        _ => return Err(ApiError::Forbidden),
    };
    let municipality = neighbourhood_municipality(&state.db, request.neighbourhood_id, &mut errors).await?;
    if let Some(owner) = owner.filter(|_| is_staff(&caller)) {
        check_organisations(&state.db, &[owner], "organisationId", &mut errors).await?;
    }
    check_organisations(&state.db, &request.participant_ids, "participantIds", &mut errors).await?;
    errors.finish(()).map_err(ApiError::Validation)?;
    let now = Utc::now();
    let id = Uuid::now_v7();
    let txn = state.db.begin().await?;
    sessions::Entity::insert(sessions::ActiveModel {
        id: Set(id),
        municipality_id: Set(municipality.unwrap_or_default()),
        neighbourhood_id: Set(request.neighbourhood_id.unwrap_or_default()),
        organisation_id: Set(owner),
        held_on: Set(request.held_on.unwrap_or_else(|| now.date_naive())),
        title: Set(request.title.trim().to_owned()),
        notes: Set(request.notes.trim().to_owned()),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    })
    .exec_without_returning(&txn)
    .await?;
    replace_participants(&txn, id, &request.participant_ids).await?;
    audit::record(&txn, Actor::from(&caller.0), Entry::new(AuditAction::Create, "neighbourhood_session").record(id)).await?;
    txn.commit().await?;
    let model = sessions::Entity::find_by_id(id).one(&state.db).await?.ok_or(ApiError::NotFound)?;
    Ok(HttpResponse::Created().json(to_sessions(&state.db, vec![model]).await?.pop()))
}

/// One neighbourhood session.
#[utoipa::path(tag = "task intake", params(("id" = Uuid, Path, description = "The session's id")), responses((status = 200, description = "The session", body = NeighbourhoodSession)))]
#[get("/neighbourhood-sessions/{id}")]
async fn get_session(caller: Authorized<TaskActors>, state: web::Data<AppState>, id: PathId) -> ApiResult<web::Json<NeighbourhoodSession>> {
    let model = visible_session(&state.db, &caller, id.0).await?;
    to_sessions(&state.db, vec![model]).await?.pop().map(web::Json).ok_or(ApiError::NotFound)
}

/// Change a session (its holder, or staff).
#[utoipa::path(
    tag = "task intake",
    params(("id" = Uuid, Path, description = "The session's id")),
    request_body = SaveNeighbourhoodSession,
    responses((status = 200, description = "Changed", body = NeighbourhoodSession), (status = 409, description = "Stale version", body = shared::problem::Problem, content_type = "application/problem+json"))
)]
#[put("/neighbourhood-sessions/{id}")]
async fn update_session(caller: Authorized<TaskActors>, state: web::Data<AppState>, id: PathId, body: ApiJson<SaveNeighbourhoodSession>) -> ApiResult<web::Json<NeighbourhoodSession>> {
    let request = body.0;
    let current = visible_session(&state.db, &caller, id.0).await?;
    // Staff change any session; a partner only one it holds (a participant may read it, not change it);
    // other roles (a job coach) read only.
    let holds = caller.is(shared::auth::Role::Partner) && current.organisation_id.is_some() && current.organisation_id == caller.organisation_id;
    if !is_staff(&caller) && !holds {
        return Err(ApiError::Forbidden);
    }
    let mut errors = Errors::default();
    if let Err(params) = request.validate() {
        params.into_iter().for_each(|p| errors.add(p.name, p.code, p.reason));
    }
    let version = errors.version(request.version);
    neighbourhood_municipality(&state.db, request.neighbourhood_id, &mut errors).await?;
    check_organisations(&state.db, &request.participant_ids, "participantIds", &mut errors).await?;
    errors.finish(()).map_err(ApiError::Validation)?;
    let txn = state.db.begin().await?;
    let result = sessions::Entity::update_many()
        .set(sessions::ActiveModel {
            neighbourhood_id: Set(request.neighbourhood_id.unwrap_or(current.neighbourhood_id)),
            held_on: Set(request.held_on.unwrap_or(current.held_on)),
            title: Set(request.title.trim().to_owned()),
            notes: Set(request.notes.trim().to_owned()),
            updated_at: Set(Utc::now()),
            version: Set(version + 1),
            ..Default::default()
        })
        .filter(sessions::Column::Id.eq(current.id))
        .filter(sessions::Column::Version.eq(version))
        .exec(&txn)
        .await?;
    if result.rows_affected != 1 {
        return Err(ApiError::stale_version());
    }
    replace_participants(&txn, current.id, &request.participant_ids).await?;
    audit::record(&txn, Actor::from(&caller.0), Entry::new(AuditAction::Update, "neighbourhood_session").record(current.id)).await?;
    txn.commit().await?;
    let model = sessions::Entity::find_by_id(current.id).one(&state.db).await?.ok_or(ApiError::NotFound)?;
    to_sessions(&state.db, vec![model]).await?.pop().map(web::Json).ok_or(ApiError::NotFound)
}

// ---- tasks ----

fn split<T>(text: &str, parse: impl Fn(&str) -> Option<T>) -> Vec<T> {
    text.split(',').filter(|s| !s.is_empty()).filter_map(parse).collect()
}

pub async fn to_tasks(db: &impl ConnectionTrait, models: Vec<tasks::Model>) -> ApiResult<Vec<Task>> {
    let ids: Vec<Uuid> = models.iter().map(|m| m.id).collect();
    let mut required: HashMap<Uuid, Vec<RequiredAbility>> = HashMap::new();
    for chunk in ids.chunks(500) {
        for r in task_required_abilities::Entity::find().filter(task_required_abilities::Column::TaskId.is_in(chunk.to_vec())).all(db).await? {
            required.entry(r.task_id).or_default().push(RequiredAbility { ability_id: r.ability_id, min_level: r.min_level.clamp(1, 4) as u8 });
        }
    }
    Ok(models
        .into_iter()
        .map(|m| Task {
            required_abilities: required.remove(&m.id).unwrap_or_default(),
            id: m.id,
            organisation_id: m.organisation_id,
            neighbourhood_id: m.neighbourhood_id,
            session_id: m.session_id,
            category_id: m.category_id,
            title: m.title,
            description: m.description,
            location: m.location,
            physical_demands: split(&m.physical_demands, PhysicalDemand::parse),
            hours_per_week: m.hours_per_week.clamp(0, 40) as u16,
            schedule: split(&m.schedule, ScheduleSlot::parse),
            supervision: m.supervision,
            social_value: m.social_value,
            active: m.active,
            created_at: m.created_at,
            version: m.version,
        })
        .collect())
}

async fn visible_task(db: &impl ConnectionTrait, caller: &AuthUser, id: Uuid) -> ApiResult<tasks::Model> {
    tasks::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|t| visible(caller, Some(t.organisation_id), t.municipality_id))
        .ok_or(ApiError::NotFound)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct TaskQuery {
    /// 1-based page number (default 1, at most 100,000).
    #[param(minimum = 1, maximum = 100_000)]
    page: Option<u64>,
    /// Items per page, 1-100 (default 25).
    #[param(minimum = 1, maximum = 100)]
    page_size: Option<u64>,
    category_id: Option<Uuid>,
    neighbourhood_id: Option<Uuid>,
    /// Staff only (a partner always sees only its own).
    organisation_id: Option<Uuid>,
    session_id: Option<Uuid>,
    /// Only active (`true`) or ended (`false`) tasks.
    active: Option<bool>,
    /// Part of the title.
    q: Option<String>,
}

/// Tasks, by title. A partner sees only its own organisation's.
#[utoipa::path(tag = "task intake", params(TaskQuery), responses((status = 200, description = "One page of tasks", body = Page<Task>)))]
#[get("/tasks")]
async fn list_tasks(caller: Authorized<TaskActors>, req: HttpRequest, state: web::Data<AppState>, query: ApiQuery<TaskQuery>) -> ApiResult<HttpResponse> {
    let q = query.0;
    let mut errors = Errors::default();
    let paging = PageRequest::parse(q.page, q.page_size, &mut errors);
    errors.finish(()).map_err(ApiError::Validation)?;
    let mut condition = Condition::all();
    if caller.is(shared::auth::Role::Partner) {
        condition = condition.add(tasks::Column::OrganisationId.eq(caller.organisation_id.ok_or(ApiError::Forbidden)?));
    } else {
        if let Some(municipality) = caller.municipality_id {
            condition = condition.add(tasks::Column::MunicipalityId.eq(municipality));
        }
        if let Some(organisation) = q.organisation_id {
            condition = condition.add(tasks::Column::OrganisationId.eq(organisation));
        }
    }
    if let Some(c) = q.category_id {
        condition = condition.add(tasks::Column::CategoryId.eq(c));
    }
    if let Some(n) = q.neighbourhood_id {
        condition = condition.add(tasks::Column::NeighbourhoodId.eq(n));
    }
    if let Some(s) = q.session_id {
        condition = condition.add(tasks::Column::SessionId.eq(s));
    }
    if let Some(active) = q.active {
        condition = condition.add(tasks::Column::Active.eq(active));
    }
    if let Some(term) = q.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        condition = condition.add(tasks::Column::Title.contains(term));
    }
    let select = tasks::Entity::find().filter(condition);
    let total = select.clone().count(&state.db).await?;
    let rows = select.order_by_asc(tasks::Column::Title).order_by_asc(tasks::Column::Id).offset(paging.offset()).limit(paging.page_size).all(&state.db).await?;
    Ok(crate::paging::respond(&req, Page::new(to_tasks(&state.db, rows).await?, paging, total)))
}

/// Checks a task's references; returns its municipality (from the neighbourhood).
async fn check_task(db: &impl ConnectionTrait, caller: &AuthUser, request: &SaveTask, owner: Option<Uuid>, errors: &mut Errors) -> ApiResult<Option<Uuid>> {
    if let Err(params) = request.validate() {
        params.into_iter().for_each(|p| errors.add(p.name, p.code, p.reason));
    }
    let municipality = neighbourhood_municipality(db, request.neighbourhood_id, errors).await?;
    if let Some(owner) = owner {
        check_organisations(db, &[owner], "organisationId", errors).await?;
    }
    if let Some(category) = request.category_id {
        if task_categories::Entity::find_by_id(category).one(db).await?.is_none() {
            errors.add("categoryId", "unknown", "deze categorie bestaat niet");
        }
    }
    if let Some(session) = request.session_id {
        if visible_session(db, caller, session).await.is_err() {
            errors.add("sessionId", "unknown", "deze wijkbijeenkomst bestaat niet");
        }
    }
    let ability_ids: Vec<Uuid> = request.required_abilities.iter().map(|a| a.ability_id).collect();
    if !ability_ids.is_empty() {
        let found = abilities::Entity::find().filter(abilities::Column::Id.is_in(ability_ids.clone())).count(db).await?;
        if found as usize != ability_ids.len() {
            errors.add("requiredAbilities", "unknown", "een of meer vaardigheden bestaan niet");
        }
    }
    Ok(municipality)
}

fn task_columns(request: &SaveTask) -> tasks::ActiveModel {
    let mut demands = request.physical_demands.clone();
    demands.sort();
    demands.dedup();
    let mut schedule = request.schedule.clone();
    schedule.sort();
    schedule.dedup();
    tasks::ActiveModel {
        neighbourhood_id: Set(request.neighbourhood_id.unwrap_or_default()),
        session_id: Set(request.session_id),
        category_id: Set(request.category_id.unwrap_or_default()),
        title: Set(request.title.trim().to_owned()),
        description: Set(request.description.trim().to_owned()),
        location: Set(request.location.trim().to_owned()),
        physical_demands: Set(demands.iter().map(|d| d.as_str()).collect::<Vec<_>>().join(",")),
        hours_per_week: Set(i32::from(request.hours_per_week.unwrap_or(0))),
        schedule: Set(schedule.iter().map(ScheduleSlot::code).collect::<Vec<_>>().join(",")),
        supervision: Set(request.supervision.trim().to_owned()),
        social_value: Set(request.social_value.trim().to_owned()),
        ..Default::default()
    }
}

async fn replace_required(db: &impl ConnectionTrait, id: Uuid, request: &SaveTask) -> ApiResult<()> {
    task_required_abilities::Entity::delete_many().filter(task_required_abilities::Column::TaskId.eq(id)).exec(db).await?;
    if !request.required_abilities.is_empty() {
        task_required_abilities::Entity::insert_many(request.required_abilities.iter().map(|a| task_required_abilities::ActiveModel {
            task_id: Set(id),
            ability_id: Set(a.ability_id),
            min_level: Set(i16::from(a.min_level)),
        }))
        .exec_without_returning(db)
        .await?;
    }
    Ok(())
}

/// Bring in a task. A partner's tasks are its own organisation's.
#[utoipa::path(
    tag = "task intake",
    request_body(content = SaveTask, example = json!({
        "neighbourhoodId": "0193f6a0-0000-7000-8000-00000000a001", "categoryId": "0193f6a0-0000-7000-8000-00000000c001",
        "sessionId": null, "title": "Perken schoffelen", "description": "Onkruid uit de perken langs de Beijumerweg",
        "location": "Buurtpark Beijum", "hoursPerWeek": 16,
        "schedule": [{"day": "mon", "part": "morning"}, {"day": "mon", "part": "afternoon"}],
        "physicalDemands": ["outdoor_work", "kneeling"],
        "requiredAbilities": [{"abilityId": "0193f6a0-0000-7000-8000-00000000d001", "minLevel": 2}],
        "supervision": "Wijkbeheerder van de corporatie", "socialValue": "Een schone en groene buurt"
    })),
    responses((status = 201, description = "Created", body = Task))
)]
#[post("/tasks")]
async fn create_task(caller: Authorized<TaskActors>, state: web::Data<AppState>, body: ApiJson<SaveTask>) -> ApiResult<HttpResponse> {
    let request = body.0;
    let mut errors = Errors::default();
    let owner = owner_for_write(&caller, request.organisation_id, &mut errors)?;
    let municipality = check_task(&state.db, &caller, &request, owner, &mut errors).await?;
    errors.finish(()).map_err(ApiError::Validation)?;
    let id = Uuid::now_v7();
    let now = Utc::now();
    let mut row = task_columns(&request);
    row.id = Set(id);
    row.municipality_id = Set(municipality.unwrap_or_default());
    row.organisation_id = Set(owner.unwrap_or_default());
    row.active = Set(request.active.unwrap_or(true));
    row.created_at = Set(now);
    row.updated_at = Set(now);
    row.version = Set(1);
    let txn = state.db.begin().await?;
    tasks::Entity::insert(row).exec_without_returning(&txn).await?;
    replace_required(&txn, id, &request).await?;
    audit::record(&txn, Actor::from(&caller.0), Entry::new(AuditAction::Create, "task").record(id)).await?;
    txn.commit().await?;
    let model = tasks::Entity::find_by_id(id).one(&state.db).await?.ok_or(ApiError::NotFound)?;
    Ok(HttpResponse::Created().json(to_tasks(&state.db, vec![model]).await?.pop()))
}

/// One task.
#[utoipa::path(tag = "task intake", params(("id" = Uuid, Path, description = "The task's id")), responses((status = 200, description = "The task", body = Task)))]
#[get("/tasks/{id}")]
async fn get_task(caller: Authorized<TaskActors>, state: web::Data<AppState>, id: PathId) -> ApiResult<web::Json<Task>> {
    let model = visible_task(&state.db, &caller, id.0).await?;
    to_tasks(&state.db, vec![model]).await?.pop().map(web::Json).ok_or(ApiError::NotFound)
}

/// Change or end a task.
#[utoipa::path(
    tag = "task intake",
    params(("id" = Uuid, Path, description = "The task's id")),
    request_body = SaveTask,
    responses((status = 200, description = "Changed", body = Task), (status = 409, description = "Stale version", body = shared::problem::Problem, content_type = "application/problem+json"))
)]
#[put("/tasks/{id}")]
async fn update_task(caller: Authorized<TaskActors>, state: web::Data<AppState>, id: PathId, body: ApiJson<SaveTask>) -> ApiResult<web::Json<Task>> {
    let request = body.0;
    let current = visible_task(&state.db, &caller, id.0).await?;
    if !is_staff(&caller) && !caller.is(shared::auth::Role::Partner) {
        return Err(ApiError::Forbidden);
    }
    if let Some(status) = super::packages::frozen_by(&state.db, current.id).await? {
        return Err(ApiError::Conflict {
            code: shared::problem::codes::TASK_FROZEN,
            detail: format!(
                "Deze taak hoort bij een pakket met status '{}' en ligt daarmee vast. Zet het pakket eerst terug (afwijzen) of sluit het.",
                status.as_str()
            ),
        });
    }
    let mut errors = Errors::default();
    let version = errors.version(request.version);
    check_task(&state.db, &caller, &request, None, &mut errors).await?;
    errors.finish(()).map_err(ApiError::Validation)?;
    let mut row = task_columns(&request);
    row.active = Set(request.active.unwrap_or(current.active));
    row.updated_at = Set(Utc::now());
    row.version = Set(version + 1);
    let txn = state.db.begin().await?;
    let result = tasks::Entity::update_many()
        .set(row)
        .filter(tasks::Column::Id.eq(current.id))
        .filter(tasks::Column::Version.eq(version))
        .exec(&txn)
        .await?;
    if result.rows_affected != 1 {
        return Err(ApiError::stale_version());
    }
    replace_required(&txn, current.id, &request).await?;
    audit::record(&txn, Actor::from(&caller.0), Entry::new(AuditAction::Update, "task").record(current.id)).await?;
    txn.commit().await?;
    let model = tasks::Entity::find_by_id(current.id).one(&state.db).await?.ok_or(ApiError::NotFound)?;
    to_tasks(&state.db, vec![model]).await?.pop().map(web::Json).ok_or(ApiError::NotFound)
}
