//! `/candidates/{id}/guidance`, `/guidance-assignments`, `/candidates/{id}/check-ins`, `/goals`,
//! `/candidates/{id}/provisions`, `/provisions/{id}`, `/caseload` and `/organisations/{id}/notes`.

use actix_web::{HttpRequest, HttpResponse, delete, get, post, put, web};
use sea_orm::TransactionTrait;
use serde::Deserialize;
use shared::guidance::{
    Assignment, CaseloadEntry, CheckIn, CreateAssignment, CreateCheckIn, CreateEmployerNote, CreateGoal,
    CreateProvision, EmployerNote, EndAssignment, Goal, GoalProgress, GuidanceOverview, Provision, UpdateProvision,
};
use shared::paging::Page;
use uuid::Uuid;

use super::service::{self, CaseloadFilter};
use super::{Assigners, CaseloadReaders, GuidanceReaders, GuidanceStaff, Guides};
use crate::AppState;
use crate::auth::Authorized;
use crate::infra::error::ApiResult;
use crate::infra::extract::{ApiJson, ListParams, ListQuery, NoFilter, PathId};
use crate::infra::paging::respond;

pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    config
        .service(list_caseload)
        .service(list_job_coaches)
        .service(get_guidance)
        .service(create_assignment)
        .service(end_assignment)
        .service(create_check_in)
        .service(create_goal)
        .service(update_goal)
        .service(create_provision)
        .service(update_provision)
        .service(delete_provision)
        .service(list_employer_notes)
        .service(create_employer_note);
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct CaseloadQuery {
    /// Admins and consultants: one job coach's caseload.
    coach_user_id: Option<Uuid>,
    /// Only the people whose placement needs a new mentor (`true`), or only the others (`false`).
    handover_needed: Option<bool>,
}

/// The caller's caseload, by name: a job coach's own people (whose current coach assignment names it);
/// admins and consultants everyone in their region with a coach or mentor assignment, or one coach's
/// caseload (`coachUserId`). `handoverNeeded=true` lists the placements that need a new mentor. Others: 403.
/// Audited: one read per person listed.
#[utoipa::path(
    tag = "guidance",
    params(ListParams, CaseloadQuery),
    responses((status = 200, description = "One page of the caseload", body = Page<CaseloadEntry>))
)]
#[get("/caseload")]
async fn list_caseload(
    caller: Authorized<CaseloadReaders>,
    req: HttpRequest,
    state: web::Data<AppState>,
    query: ListQuery<CaseloadQuery>,
) -> ApiResult<HttpResponse> {
    let filter =
        CaseloadFilter { coach_user_id: query.filter.coach_user_id, handover_needed: query.filter.handover_needed };
    let page = service::list_caseload(&state.db, &caller, filter, query.paging, state.clock.today()).await?;
    Ok(respond(&req, page))
}

/// The active job coaches (id and name), whom a coach assignment may name. Admins and consultants.
#[utoipa::path(
    tag = "guidance",
    params(ListParams),
    responses((status = 200, description = "One page of job coaches", body = Page<shared::guidance::JobCoach>))
)]
#[get("/job-coaches")]
async fn list_job_coaches(
    _caller: Authorized<GuidanceStaff>,
    req: HttpRequest,
    state: web::Data<AppState>,
    query: ListQuery<NoFilter>,
) -> ApiResult<HttpResponse> {
    Ok(respond(&req, service::job_coaches(&state.db, query.paging).await?))
}

/// A person's guidance: the current job coach and mentor, every assignment (newest first), whether the
/// placement needs a new mentor (`handoverNeeded`), check-ins, goals and provisions. Admins and
/// consultants within their region and the person's own job coach read all of it (any other job coach:
/// 404); finance the provisions only; a partner, for a placement on its own packages, the first name, hours
/// and mentor (404 otherwise). What a role may not read is empty and named in `hiddenParts`. Audited.
#[utoipa::path(
    tag = "guidance",
    params(("id" = Uuid, Path, description = "The candidate's id")),
    responses((status = 200, description = "The guidance", body = GuidanceOverview))
)]
#[get("/candidates/{id}/guidance")]
async fn get_guidance(
    caller: Authorized<GuidanceReaders>,
    state: web::Data<AppState>,
    id: PathId,
) -> ApiResult<web::Json<GuidanceOverview>> {
    Ok(web::Json(service::overview(&state.db, &caller, id.0, state.clock.today()).await?))
}

/// Assign a job coach (`kind: coach`, `coachUserId` of a user with the role `job_coach`, optionally its
/// `guidanceOrganisationId`) or a workplace mentor (`kind: mentor`, `mentorName`, `mentorContact`; the
/// work provider is the organisation of the person's live contract) from `from` on. The current assignment
/// of that kind ends the day before; nothing is overwritten. Admins and consultants; a partner only mentors
/// of its own placements (a coach: 403). 409 when an assignment of that kind starts on or after `from`.
#[utoipa::path(
    tag = "guidance",
    params(("id" = Uuid, Path, description = "The candidate's id")),
    request_body = CreateAssignment,
    responses(
        (status = 201, description = "Assigned", body = Assignment),
        (status = 409, description = "An assignment of that kind starts on or after this one", body = shared::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/candidates/{id}/guidance/assignments")]
async fn create_assignment(
    caller: Authorized<Assigners>,
    state: web::Data<AppState>,
    id: PathId,
    body: ApiJson<CreateAssignment>,
) -> ApiResult<HttpResponse> {
    let txn = state.db.begin().await?;
    let created = service::assign(&txn, &caller, id.0, body.0, state.clock.now()).await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(created))
}

/// End an assignment on its last day `until` (a mentor who leaves: until a new mentor is assigned the
/// placement shows "handover needed"). Admins and consultants; a partner the mentors of its own placements.
/// 409 `not_editable` when it has already ended, or `until` lies before its first day.
#[utoipa::path(
    tag = "guidance",
    params(("id" = Uuid, Path, description = "The assignment's id")),
    request_body = EndAssignment,
    responses(
        (status = 200, description = "Ended", body = Assignment),
        (status = 409, description = "Already ended, or the day lies before its first day", body = shared::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/guidance-assignments/{id}/end")]
async fn end_assignment(
    caller: Authorized<Assigners>,
    state: web::Data<AppState>,
    id: PathId,
    body: ApiJson<EndAssignment>,
) -> ApiResult<web::Json<Assignment>> {
    let txn = state.db.begin().await?;
    let ended = service::end_assignment(&txn, &caller, id.0, body.0, state.clock.now()).await?;
    txn.commit().await?;
    Ok(web::Json(ended))
}

/// Record a check-in or progress note on the integral view: its date (not after today), one or more
/// domains (`work`, `wellbeing`, `income`, `social_problems`) and the note. Admins and consultants within
/// their region, and the person's job coach (403 for a person outside its caseload).
#[utoipa::path(
    tag = "guidance",
    params(("id" = Uuid, Path, description = "The candidate's id")),
    request_body = CreateCheckIn,
    responses((status = 201, description = "Recorded", body = CheckIn))
)]
#[post("/candidates/{id}/check-ins")]
async fn create_check_in(
    caller: Authorized<Guides>,
    state: web::Data<AppState>,
    id: PathId,
    body: ApiJson<CreateCheckIn>,
) -> ApiResult<HttpResponse> {
    let txn = state.db.begin().await?;
    let created = service::create_check_in(&txn, &caller, id.0, body.0, state.clock.now()).await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(created))
}

/// Record a development goal (`open`, 0 %). Admins and consultants within their region, and the person's
/// job coach.
#[utoipa::path(
    tag = "guidance",
    params(("id" = Uuid, Path, description = "The candidate's id")),
    request_body = CreateGoal,
    responses((status = 201, description = "Recorded", body = Goal))
)]
#[post("/candidates/{id}/goals")]
async fn create_goal(
    caller: Authorized<Guides>,
    state: web::Data<AppState>,
    id: PathId,
    body: ApiJson<CreateGoal>,
) -> ApiResult<HttpResponse> {
    let txn = state.db.begin().await?;
    let created = service::create_goal(&txn, &caller, id.0, body.0, state.clock.now()).await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(created))
}

/// Record a goal's progress (status, 0-100 %, a note) based on the goal's `version`; a new update, the
/// earlier ones stay. 409 `stale_version` when another update came first.
#[utoipa::path(
    tag = "guidance",
    params(("id" = Uuid, Path, description = "The goal's id")),
    request_body = GoalProgress,
    responses(
        (status = 200, description = "The goal with its updates", body = Goal),
        (status = 409, description = "A stale version", body = shared::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/goals/{id}/updates")]
async fn update_goal(
    caller: Authorized<Guides>,
    state: web::Data<AppState>,
    id: PathId,
    body: ApiJson<GoalProgress>,
) -> ApiResult<web::Json<Goal>> {
    let txn = state.db.begin().await?;
    let saved = service::update_goal(&txn, &caller, id.0, body.0, state.clock.now()).await?;
    txn.commit().await?;
    Ok(web::Json(saved))
}

/// Record a provision (`job_coaching`, `workplace_adaptation`, `transport`, `aids`) with its whole cost
/// (`"1250.00"`, at most two decimals, 0 to 1,000,000) over its period `from..=until`. It counts in the
/// person's contract costs and, spread over its days, in the budget. Admins and consultants.
#[utoipa::path(
    tag = "guidance",
    params(("id" = Uuid, Path, description = "The candidate's id")),
    request_body = CreateProvision,
    responses((status = 201, description = "Recorded", body = Provision))
)]
#[post("/candidates/{id}/provisions")]
async fn create_provision(
    caller: Authorized<GuidanceStaff>,
    state: web::Data<AppState>,
    id: PathId,
    body: ApiJson<CreateProvision>,
) -> ApiResult<HttpResponse> {
    let txn = state.db.begin().await?;
    let created = service::create_provision(&txn, &caller, id.0, body.0, state.clock.now()).await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(created))
}

/// Change a provision (kind, description, whole cost, period) based on its `version`; the contract's costs
/// and the budget count the new cost. Admins and consultants within their region, and the person's current
/// job coach; 409 `stale_version` when someone changed it first. Audited.
#[utoipa::path(
    tag = "guidance",
    params(("id" = Uuid, Path, description = "The provision's id")),
    request_body = UpdateProvision,
    responses(
        (status = 200, description = "Changed", body = Provision),
        (status = 409, description = "A stale version", body = shared::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[put("/provisions/{id}")]
async fn update_provision(
    caller: Authorized<Guides>,
    state: web::Data<AppState>,
    id: PathId,
    body: ApiJson<UpdateProvision>,
) -> ApiResult<web::Json<Provision>> {
    let txn = state.db.begin().await?;
    let saved = service::update_provision(&txn, &caller, id.0, body.0, state.clock.now()).await?;
    txn.commit().await?;
    Ok(web::Json(saved))
}

/// Delete a provision (recorded by mistake); it no longer counts in the costs. Admins and consultants
/// within their region, and the person's current job coach. Audited.
#[utoipa::path(
    tag = "guidance",
    params(("id" = Uuid, Path, description = "The provision's id")),
    responses((status = 204, description = "Deleted"))
)]
#[delete("/provisions/{id}")]
async fn delete_provision(
    caller: Authorized<Guides>,
    state: web::Data<AppState>,
    id: PathId,
) -> ApiResult<HttpResponse> {
    let txn = state.db.begin().await?;
    service::delete_provision(&txn, &caller, id.0, state.clock.now()).await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The notes and contact moments with an employer (guidance of the employer), newest first. Admins and
/// consultants.
#[utoipa::path(
    tag = "guidance",
    params(("id" = Uuid, Path, description = "The organisation's id"), ListParams),
    responses((status = 200, description = "One page of notes", body = Page<EmployerNote>))
)]
#[get("/organisations/{id}/notes")]
async fn list_employer_notes(
    _caller: Authorized<GuidanceStaff>,
    req: HttpRequest,
    state: web::Data<AppState>,
    id: PathId,
    query: ListQuery<NoFilter>,
) -> ApiResult<HttpResponse> {
    Ok(respond(&req, service::employer_notes(&state.db, id.0, query.paging).await?))
}

/// Record a note (`kind: note`) or contact moment (`kind: contact`) with an employer: its date (not after
/// today), a subject and the note. Admins and consultants.
#[utoipa::path(
    tag = "guidance",
    params(("id" = Uuid, Path, description = "The organisation's id")),
    request_body = CreateEmployerNote,
    responses((status = 201, description = "Recorded", body = EmployerNote))
)]
#[post("/organisations/{id}/notes")]
async fn create_employer_note(
    caller: Authorized<GuidanceStaff>,
    state: web::Data<AppState>,
    id: PathId,
    body: ApiJson<CreateEmployerNote>,
) -> ApiResult<HttpResponse> {
    let txn = state.db.begin().await?;
    let created = service::create_employer_note(&txn, &caller, id.0, body.0, state.clock.now()).await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(created))
}
