//! `/neighbourhood-sessions` and `/tasks`: parse, authorise, call one function of `service.rs` in a
//! transaction, shape the answer.

use actix_web::{HttpRequest, HttpResponse, get, post, put, web};
use sea_orm::TransactionTrait;
use serde::Deserialize;
use shared::paging::Page;
use shared::tasks::{NeighbourhoodSession, SaveNeighbourhoodSession, SaveTask, Task};
use uuid::Uuid;

use super::TaskActors;
use super::service::{self, SessionFilter, TaskFilter};
use crate::AppState;
use crate::auth::Authorized;
use crate::infra::error::ApiResult;
use crate::infra::extract::{ApiJson, ListParams, ListQuery, PathId};

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

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct SessionQuery {
    neighbourhood_id: Option<Uuid>,
    /// First day, `YYYY-MM-DD`.
    from: Option<chrono::NaiveDate>,
    /// Last day, `YYYY-MM-DD`.
    to: Option<chrono::NaiveDate>,
}

/// Neighbourhood sessions, newest first. A partner sees those it holds or took part in.
#[utoipa::path(tag = "task intake", params(ListParams, SessionQuery), responses((status = 200, description = "One page of sessions", body = Page<NeighbourhoodSession>)))]
#[get("/neighbourhood-sessions")]
async fn list_sessions(
    caller: Authorized<TaskActors>,
    req: HttpRequest,
    state: web::Data<AppState>,
    query: ListQuery<SessionQuery>,
) -> ApiResult<HttpResponse> {
    let (q, paging) = (query.filter, query.paging);
    let filter = SessionFilter { neighbourhood_id: q.neighbourhood_id, from: q.from, to: q.to };
    Ok(crate::infra::paging::respond(&req, service::list_sessions(&state.db, &caller, filter, paging).await?))
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
async fn create_session(
    caller: Authorized<TaskActors>,
    state: web::Data<AppState>,
    body: ApiJson<SaveNeighbourhoodSession>,
) -> ApiResult<HttpResponse> {
    let txn = state.db.begin().await?;
    let session = service::create_session(&txn, &caller, body.0, state.clock.now()).await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(session))
}

/// One neighbourhood session.
#[utoipa::path(tag = "task intake", params(("id" = Uuid, Path, description = "The session's id")), responses((status = 200, description = "The session", body = NeighbourhoodSession)))]
#[get("/neighbourhood-sessions/{id}")]
async fn get_session(
    caller: Authorized<TaskActors>,
    state: web::Data<AppState>,
    id: PathId,
) -> ApiResult<web::Json<NeighbourhoodSession>> {
    Ok(web::Json(service::session(&state.db, &caller, id.0).await?))
}

/// Change a session (its holder, or staff).
#[utoipa::path(
    tag = "task intake",
    params(("id" = Uuid, Path, description = "The session's id")),
    request_body = SaveNeighbourhoodSession,
    responses((status = 200, description = "Changed", body = NeighbourhoodSession), (status = 409, description = "Stale version", body = shared::problem::Problem, content_type = "application/problem+json"))
)]
#[put("/neighbourhood-sessions/{id}")]
async fn update_session(
    caller: Authorized<TaskActors>,
    state: web::Data<AppState>,
    id: PathId,
    body: ApiJson<SaveNeighbourhoodSession>,
) -> ApiResult<web::Json<NeighbourhoodSession>> {
    let txn = state.db.begin().await?;
    let session = service::update_session(&txn, &caller, id.0, body.0, state.clock.now()).await?;
    txn.commit().await?;
    Ok(web::Json(session))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct TaskQuery {
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
#[utoipa::path(tag = "task intake", params(ListParams, TaskQuery), responses((status = 200, description = "One page of tasks", body = Page<Task>)))]
#[get("/tasks")]
async fn list_tasks(
    caller: Authorized<TaskActors>,
    req: HttpRequest,
    state: web::Data<AppState>,
    query: ListQuery<TaskQuery>,
) -> ApiResult<HttpResponse> {
    let (q, paging) = (query.filter, query.paging);
    let filter = TaskFilter {
        category_id: q.category_id,
        neighbourhood_id: q.neighbourhood_id,
        organisation_id: q.organisation_id,
        session_id: q.session_id,
        active: q.active,
        q: q.q,
    };
    Ok(crate::infra::paging::respond(&req, service::list_tasks(&state.db, &caller, filter, paging).await?))
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
async fn create_task(
    caller: Authorized<TaskActors>,
    state: web::Data<AppState>,
    body: ApiJson<SaveTask>,
) -> ApiResult<HttpResponse> {
    let txn = state.db.begin().await?;
    let task = service::create_task(&txn, &caller, body.0, state.clock.now()).await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(task))
}

/// One task.
#[utoipa::path(tag = "task intake", params(("id" = Uuid, Path, description = "The task's id")), responses((status = 200, description = "The task", body = Task)))]
#[get("/tasks/{id}")]
async fn get_task(
    caller: Authorized<TaskActors>,
    state: web::Data<AppState>,
    id: PathId,
) -> ApiResult<web::Json<Task>> {
    Ok(web::Json(service::task(&state.db, &caller, id.0).await?))
}

/// Change or end a task.
#[utoipa::path(
    tag = "task intake",
    params(("id" = Uuid, Path, description = "The task's id")),
    request_body = SaveTask,
    responses((status = 200, description = "Changed", body = Task), (status = 409, description = "Stale version", body = shared::problem::Problem, content_type = "application/problem+json"))
)]
#[put("/tasks/{id}")]
async fn update_task(
    caller: Authorized<TaskActors>,
    state: web::Data<AppState>,
    id: PathId,
    body: ApiJson<SaveTask>,
) -> ApiResult<web::Json<Task>> {
    let txn = state.db.begin().await?;
    let task = service::update_task(&txn, &caller, id.0, body.0, state.clock.now()).await?;
    txn.commit().await?;
    Ok(web::Json(task))
}
