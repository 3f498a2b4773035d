//! The rules and writes of neighbourhood sessions and tasks. Every function takes a connection or an open
//! transaction (so that another capability can compose it in its own), the caller, and the time; the
//! handlers in `handlers.rs` only parse, call one of these and shape the answer.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};
use shared::audit::AuditAction;
use shared::paging::{Page, PageRequest};
use shared::reference::PhysicalDemand;
use shared::tasks::{NeighbourhoodSession, RequiredAbility, SaveNeighbourhoodSession, SaveTask, ScheduleSlot, Task};
use shared::validation::Errors;
use uuid::Uuid;

use super::{is_staff, owner_for_write, visible};
use crate::audit::{self, Actor, Entry};
use crate::auth::AuthUser;
use crate::db::{
    abilities, neighbourhood_session_organisations as participants, neighbourhood_sessions as sessions, neighbourhoods,
    organisations, task_categories, task_physical_demands, task_required_abilities, task_schedule_slots, tasks,
};
use crate::infra::error::{ApiError, ApiResult};

async fn neighbourhood_municipality(
    db: &impl ConnectionTrait,
    id: Option<Uuid>,
    errors: &mut Errors,
) -> ApiResult<Option<Uuid>> {
    let Some(id) = id else { return Ok(None) };
    let found = neighbourhoods::Entity::find_by_id(id).one(db).await?;
    if found.is_none() {
        errors.add("neighbourhoodId", "unknown", "deze wijk bestaat niet");
    }
    Ok(found.map(|n| n.municipality_id))
}

/// Every id in `ids` names an existing organisation; else a field error on `field`.
pub async fn check_organisations(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
    field: &str,
    errors: &mut Errors,
) -> ApiResult<()> {
    let mut unique = ids.to_vec();
    unique.sort();
    unique.dedup();
    if !unique.is_empty() {
        let found =
            organisations::Entity::find().filter(organisations::Column::Id.is_in(unique.clone())).count(db).await?;
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
        for p in participants::Entity::find().filter(participants::Column::SessionId.is_in(ids.clone())).all(db).await?
        {
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

/// One session as the caller may see it.
pub async fn session(db: &impl ConnectionTrait, caller: &AuthUser, id: Uuid) -> ApiResult<NeighbourhoodSession> {
    let model = visible_session(db, caller, id).await?;
    to_sessions(db, vec![model]).await?.pop().ok_or(ApiError::NotFound)
}

/// The filters of the session list.
#[derive(Debug, Default)]
pub struct SessionFilter {
    pub neighbourhood_id: Option<Uuid>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// Sessions newest first: a partner's those it holds or took part in; staff those of their municipality.
pub async fn list_sessions(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    filter: SessionFilter,
    paging: PageRequest,
) -> ApiResult<Page<NeighbourhoodSession>> {
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
    } else {
        condition = condition.add(caller.within_region(sessions::Column::MunicipalityId));
    }
    if let Some(n) = filter.neighbourhood_id {
        condition = condition.add(sessions::Column::NeighbourhoodId.eq(n));
    }
    if let Some(from) = filter.from {
        condition = condition.add(sessions::Column::HeldOn.gte(from));
    }
    if let Some(to) = filter.to {
        condition = condition.add(sessions::Column::HeldOn.lte(to));
    }
    let select = sessions::Entity::find().filter(condition);
    let (rows, total) = crate::infra::paging::fetch(
        db,
        select,
        |s| s.order_by_desc(sessions::Column::HeldOn).order_by_asc(sessions::Column::Id),
        paging,
    )
    .await?;
    Ok(Page::new(to_sessions(db, rows).await?, paging, total))
}

async fn replace_participants(db: &impl ConnectionTrait, id: Uuid, ids: &[Uuid]) -> ApiResult<()> {
    participants::Entity::delete_many().filter(participants::Column::SessionId.eq(id)).exec(db).await?;
    let mut unique = ids.to_vec();
    unique.sort();
    unique.dedup();
    if !unique.is_empty() {
        participants::Entity::insert_many(
            unique.into_iter().map(|o| participants::ActiveModel { session_id: Set(id), organisation_id: Set(o) }),
        )
        .exec_without_returning(db)
        .await?;
    }
    Ok(())
}

fn collect(request_errors: Result<(), Vec<shared::problem::InvalidParam>>, errors: &mut Errors) {
    if let Err(params) = request_errors {
        params.into_iter().for_each(|p| errors.add(p.name, p.code, p.reason));
    }
}

/// Records a session (a partner holds its own; staff may name the holder). Returns it as stored.
pub async fn create_session(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    request: SaveNeighbourhoodSession,
    now: DateTime<Utc>,
) -> ApiResult<NeighbourhoodSession> {
    crate::auth::require(is_staff(caller) || caller.is(shared::auth::Role::Partner))?;
    let mut errors = Errors::default();
    collect(request.validate(), &mut errors);
    let owner = match caller.role {
        shared::auth::Role::Partner => caller.organisation_id,
        _ => request.organisation_id,
    };
    let municipality = neighbourhood_municipality(db, request.neighbourhood_id, &mut errors).await?;
    if let Some(owner) = owner.filter(|_| is_staff(caller)) {
        check_organisations(db, &[owner], "organisationId", &mut errors).await?;
    }
    check_organisations(db, &request.participant_ids, "participantIds", &mut errors).await?;
    errors.finish(()).map_err(ApiError::Validation)?;
    let id = Uuid::now_v7();
    sessions::Entity::insert(sessions::ActiveModel {
        id: Set(id),
        municipality_id: Set(municipality.unwrap_or_default()),
        neighbourhood_id: Set(request.neighbourhood_id.unwrap_or_default()),
        organisation_id: Set(owner),
        held_on: Set(request.held_on.unwrap_or_else(|| now.date_naive())),
        title: Set(shared::text::clean(&request.title)),
        notes: Set(request.notes.trim().to_owned()),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    })
    .exec_without_returning(db)
    .await?;
    replace_participants(db, id, &request.participant_ids).await?;
    audit::record(db, Actor::from(caller), Entry::new(AuditAction::Create, "neighbourhood_session").record(id)).await?;
    session(db, caller, id).await
}

/// Changes a session: staff any, a partner only one it holds (a participant reads it, never changes it);
/// other roles (a job coach) read only.
pub async fn update_session(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    id: Uuid,
    request: SaveNeighbourhoodSession,
    now: DateTime<Utc>,
) -> ApiResult<NeighbourhoodSession> {
    let current = visible_session(db, caller, id).await?;
    let holds = caller.is(shared::auth::Role::Partner)
        && current.organisation_id.is_some()
        && current.organisation_id == caller.organisation_id;
    crate::auth::require(is_staff(caller) || holds)?;
    let mut errors = Errors::default();
    collect(request.validate(), &mut errors);
    let version = errors.version(request.version);
    neighbourhood_municipality(db, request.neighbourhood_id, &mut errors).await?;
    check_organisations(db, &request.participant_ids, "participantIds", &mut errors).await?;
    errors.finish(()).map_err(ApiError::Validation)?;
    let result = sessions::Entity::update_many()
        .set(sessions::ActiveModel {
            neighbourhood_id: Set(request.neighbourhood_id.unwrap_or(current.neighbourhood_id)),
            held_on: Set(request.held_on.unwrap_or(current.held_on)),
            title: Set(shared::text::clean(&request.title)),
            notes: Set(request.notes.trim().to_owned()),
            updated_at: Set(now),
            version: Set(version + 1),
            ..Default::default()
        })
        .filter(sessions::Column::Id.eq(current.id))
        .filter(sessions::Column::Version.eq(version))
        .exec(db)
        .await?;
    if result.rows_affected != 1 {
        return Err(ApiError::stale_version());
    }
    replace_participants(db, current.id, &request.participant_ids).await?;
    audit::record(db, Actor::from(caller), Entry::new(AuditAction::Update, "neighbourhood_session").record(current.id))
        .await?;
    session(db, caller, current.id).await
}

// ---- tasks ----

/// The schedules of tasks (each sorted, Monday morning first), in one query per 500 tasks.
pub async fn schedules(db: &impl ConnectionTrait, ids: &[Uuid]) -> ApiResult<HashMap<Uuid, Vec<ScheduleSlot>>> {
    let mut schedules: HashMap<Uuid, Vec<ScheduleSlot>> = HashMap::new();
    for chunk in ids.chunks(500) {
        for s in task_schedule_slots::Entity::find()
            .filter(task_schedule_slots::Column::TaskId.is_in(chunk.to_vec()))
            .all(db)
            .await?
        {
            let slot = ScheduleSlot {
                day: crate::db::stored(&s.day, "weekday")?,
                part: crate::db::stored(&s.part, "part of day")?,
            };
            schedules.entry(s.task_id).or_default().push(slot);
        }
    }
    schedules.values_mut().for_each(|slots| slots.sort());
    Ok(schedules)
}

pub async fn to_tasks(db: &impl ConnectionTrait, models: Vec<tasks::Model>) -> ApiResult<Vec<Task>> {
    let ids: Vec<Uuid> = models.iter().map(|m| m.id).collect();
    let mut required: HashMap<Uuid, Vec<RequiredAbility>> = HashMap::new();
    let mut demands: HashMap<Uuid, Vec<PhysicalDemand>> = HashMap::new();
    let mut schedules = schedules(db, &ids).await?;
    for chunk in ids.chunks(500) {
        for d in task_physical_demands::Entity::find()
            .filter(task_physical_demands::Column::TaskId.is_in(chunk.to_vec()))
            .all(db)
            .await?
        {
            demands.entry(d.task_id).or_default().push(crate::db::stored(&d.demand, "physical demand")?);
        }
        for r in task_required_abilities::Entity::find()
            .filter(task_required_abilities::Column::TaskId.is_in(chunk.to_vec()))
            .all(db)
            .await?
        {
            required
                .entry(r.task_id)
                .or_default()
                .push(RequiredAbility { ability_id: r.ability_id, min_level: r.min_level.clamp(1, 4) as u8 });
        }
    }
    models
        .into_iter()
        .map(|m| {
            Ok(Task {
                required_abilities: required.remove(&m.id).unwrap_or_default(),
                physical_demands: {
                    let mut demands = demands.remove(&m.id).unwrap_or_default();
                    demands.sort();
                    demands
                },
                schedule: schedules.remove(&m.id).unwrap_or_default(),
                id: m.id,
                organisation_id: m.organisation_id,
                neighbourhood_id: m.neighbourhood_id,
                session_id: m.session_id,
                category_id: m.category_id,
                title: m.title,
                description: m.description,
                location: m.location,
                hours_per_week: m.hours_per_week.clamp(0, 40) as u16,
                supervision: m.supervision,
                social_value: m.social_value,
                active: m.active,
                created_at: m.created_at,
                version: m.version,
            })
        })
        .collect()
}

async fn visible_task(db: &impl ConnectionTrait, caller: &AuthUser, id: Uuid) -> ApiResult<tasks::Model> {
    tasks::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|t| visible(caller, Some(t.organisation_id), t.municipality_id))
        .ok_or(ApiError::NotFound)
}

/// One task as the caller may see it.
pub async fn task(db: &impl ConnectionTrait, caller: &AuthUser, id: Uuid) -> ApiResult<Task> {
    let model = visible_task(db, caller, id).await?;
    to_tasks(db, vec![model]).await?.pop().ok_or(ApiError::NotFound)
}

/// The filters of the task list.
#[derive(Debug, Default)]
pub struct TaskFilter {
    pub category_id: Option<Uuid>,
    pub neighbourhood_id: Option<Uuid>,
    /// Staff only (a partner always sees only its own).
    pub organisation_id: Option<Uuid>,
    pub session_id: Option<Uuid>,
    pub active: Option<bool>,
    pub q: Option<String>,
}

/// Tasks by title: a partner's own, staff those of their municipality.
pub async fn list_tasks(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    filter: TaskFilter,
    paging: PageRequest,
) -> ApiResult<Page<Task>> {
    let mut condition = Condition::all();
    if caller.is(shared::auth::Role::Partner) {
        condition = condition.add(tasks::Column::OrganisationId.eq(crate::auth::own_organisation(caller)?));
    } else {
        condition = condition.add(caller.within_region(tasks::Column::MunicipalityId));
        if let Some(organisation) = filter.organisation_id {
            condition = condition.add(tasks::Column::OrganisationId.eq(organisation));
        }
    }
    if let Some(c) = filter.category_id {
        condition = condition.add(tasks::Column::CategoryId.eq(c));
    }
    if let Some(n) = filter.neighbourhood_id {
        condition = condition.add(tasks::Column::NeighbourhoodId.eq(n));
    }
    if let Some(s) = filter.session_id {
        condition = condition.add(tasks::Column::SessionId.eq(s));
    }
    if let Some(active) = filter.active {
        condition = condition.add(tasks::Column::Active.eq(active));
    }
    if let Some(term) = filter.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        condition = condition.add(crate::infra::search::contains(tasks::Column::Title, &shared::text::clean(term)));
    }
    let select = tasks::Entity::find().filter(condition);
    let (rows, total) = crate::infra::paging::fetch(
        db,
        select,
        |s| s.order_by_asc(tasks::Column::Title).order_by_asc(tasks::Column::Id),
        paging,
    )
    .await?;
    Ok(Page::new(to_tasks(db, rows).await?, paging, total))
}

/// Checks a task's references; returns its municipality (from the neighbourhood).
async fn check_task(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    request: &SaveTask,
    owner: Option<Uuid>,
    errors: &mut Errors,
) -> ApiResult<Option<Uuid>> {
    collect(request.validate(), errors);
    let municipality = neighbourhood_municipality(db, request.neighbourhood_id, errors).await?;
    if let Some(owner) = owner {
        check_organisations(db, &[owner], "organisationId", errors).await?;
    }
    if let Some(category) = request.category_id
        && task_categories::Entity::find_by_id(category).one(db).await?.is_none()
    {
        errors.add("categoryId", "unknown", "deze categorie bestaat niet");
    }
    if let Some(session) = request.session_id
        && visible_session(db, caller, session).await.is_err()
    {
        errors.add("sessionId", "unknown", "deze wijkbijeenkomst bestaat niet");
    }
    let ability_ids: Vec<Uuid> = request.required_abilities.iter().map(|a| a.ability_id).collect();
    if !ability_ids.is_empty() {
        let found =
            abilities::Entity::find().filter(abilities::Column::Id.is_in(ability_ids.clone())).count(db).await?;
        if found as usize != ability_ids.len() {
            errors.add("requiredAbilities", "unknown", "een of meer vaardigheden bestaan niet");
        }
    }
    Ok(municipality)
}

fn task_columns(request: &SaveTask) -> tasks::ActiveModel {
    tasks::ActiveModel {
        neighbourhood_id: Set(request.neighbourhood_id.unwrap_or_default()),
        session_id: Set(request.session_id),
        category_id: Set(request.category_id.unwrap_or_default()),
        title: Set(shared::text::clean(&request.title)),
        description: Set(request.description.trim().to_owned()),
        location: Set(request.location.trim().to_owned()),
        hours_per_week: Set(i32::from(request.hours_per_week.unwrap_or(0))),
        supervision: Set(request.supervision.trim().to_owned()),
        social_value: Set(request.social_value.trim().to_owned()),
        ..Default::default()
    }
}

/// The rows of a task's physical demands and schedule slots, each once.
pub fn demand_and_slot_rows(
    id: Uuid,
    demands: &[PhysicalDemand],
    schedule: &[ScheduleSlot],
) -> (Vec<task_physical_demands::ActiveModel>, Vec<task_schedule_slots::ActiveModel>) {
    let mut demands = demands.to_vec();
    demands.sort();
    demands.dedup();
    let mut schedule = schedule.to_vec();
    schedule.sort();
    schedule.dedup();
    (
        demands
            .into_iter()
            .map(|d| task_physical_demands::ActiveModel { task_id: Set(id), demand: Set(d.as_str().to_owned()) })
            .collect(),
        schedule
            .into_iter()
            .map(|s| task_schedule_slots::ActiveModel {
                task_id: Set(id),
                day: Set(s.day.as_str().to_owned()),
                part: Set(s.part.as_str().to_owned()),
            })
            .collect(),
    )
}

/// Replaces a task's required abilities, physical demands and schedule.
async fn replace_required(db: &impl ConnectionTrait, id: Uuid, request: &SaveTask) -> ApiResult<()> {
    task_required_abilities::Entity::delete_many()
        .filter(task_required_abilities::Column::TaskId.eq(id))
        .exec(db)
        .await?;
    task_physical_demands::Entity::delete_many().filter(task_physical_demands::Column::TaskId.eq(id)).exec(db).await?;
    task_schedule_slots::Entity::delete_many().filter(task_schedule_slots::Column::TaskId.eq(id)).exec(db).await?;
    let (demands, slots) = demand_and_slot_rows(id, &request.physical_demands, &request.schedule);
    if !demands.is_empty() {
        task_physical_demands::Entity::insert_many(demands).exec_without_returning(db).await?;
    }
    if !slots.is_empty() {
        task_schedule_slots::Entity::insert_many(slots).exec_without_returning(db).await?;
    }
    if !request.required_abilities.is_empty() {
        task_required_abilities::Entity::insert_many(request.required_abilities.iter().map(|a| {
            task_required_abilities::ActiveModel {
                task_id: Set(id),
                ability_id: Set(a.ability_id),
                min_level: Set(i16::from(a.min_level)),
            }
        }))
        .exec_without_returning(db)
        .await?;
    }
    Ok(())
}

/// Brings in a task: a partner's tasks are its own organisation's; staff name the organisation.
pub async fn create_task(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    request: SaveTask,
    now: DateTime<Utc>,
) -> ApiResult<Task> {
    let mut errors = Errors::default();
    let owner = owner_for_write(caller, request.organisation_id, &mut errors)?;
    let municipality = check_task(db, caller, &request, owner, &mut errors).await?;
    errors.finish(()).map_err(ApiError::Validation)?;
    let id = Uuid::now_v7();
    let mut row = task_columns(&request);
    row.id = Set(id);
    row.municipality_id = Set(municipality.unwrap_or_default());
    row.organisation_id = Set(owner.unwrap_or_default());
    row.active = Set(request.active.unwrap_or(true));
    row.created_at = Set(now);
    row.updated_at = Set(now);
    row.version = Set(1);
    tasks::Entity::insert(row).exec_without_returning(db).await?;
    replace_required(db, id, &request).await?;
    audit::record(db, Actor::from(caller), Entry::new(AuditAction::Create, "task").record(id)).await?;
    task(db, caller, id).await
}

/// Changes or ends a task, unless a package that holds it freezes it.
pub async fn update_task(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    id: Uuid,
    request: SaveTask,
    now: DateTime<Utc>,
) -> ApiResult<Task> {
    let current = visible_task(db, caller, id).await?;
    crate::auth::require(is_staff(caller) || caller.is(shared::auth::Role::Partner))?;
    if let Some(status) = super::packages::frozen_by(db, current.id).await? {
        return Err(ApiError::Conflict {
            code: shared::problem::ProblemCode::TaskFrozen,
            detail: format!(
                "Deze taak hoort bij een pakket met status '{}' en ligt daarmee vast. Zet het pakket eerst terug (afwijzen) of sluit het.",
                status.as_str()
            ),
        });
    }
    let mut errors = Errors::default();
    let version = errors.version(request.version);
    check_task(db, caller, &request, None, &mut errors).await?;
    errors.finish(()).map_err(ApiError::Validation)?;
    let mut row = task_columns(&request);
    row.active = Set(request.active.unwrap_or(current.active));
    row.updated_at = Set(now);
    row.version = Set(version + 1);
    let result = tasks::Entity::update_many()
        .set(row)
        .filter(tasks::Column::Id.eq(current.id))
        .filter(tasks::Column::Version.eq(version))
        .exec(db)
        .await?;
    if result.rows_affected != 1 {
        return Err(ApiError::stale_version());
    }
    replace_required(db, current.id, &request).await?;
    // The nature of the work of jobs in packages with this task (closed ones: live ones freeze it).
    let packages: Vec<Uuid> = crate::db::task_package_tasks::Entity::find()
        .filter(crate::db::task_package_tasks::Column::TaskId.eq(current.id))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.package_id)
        .collect();
    crate::monitoring::aggregates::refresh_packages(db, &packages).await?;
    audit::record(db, Actor::from(caller), Entry::new(AuditAction::Update, "task").record(current.id)).await?;
    task(db, caller, current.id).await
}
