//! `/task-packages`: bundles of tasks that make one job, and their workflow
//! `draft -> submitted -> approved -> open -> filled -> closed` (or `rejected`). The endpoints parse, call
//! one function of `package_service.rs` in a transaction and answer.

use actix_web::{HttpRequest, HttpResponse, get, post, put, web};
use sea_orm::TransactionTrait;
use serde::Deserialize;
use shared::paging::Page;
use shared::tasks::{PackageStatus, PackageStatusChange, PackageTransition, SaveTaskPackage, TaskPackage};
use uuid::Uuid;

use super::TaskActors;
use super::package_service::{self as service, PackageFilter};
use crate::AppState;
use crate::auth::Authorized;
use crate::infra::error::ApiResult;
use crate::infra::extract::{ApiJson, ListParams, ListQuery, PathId};

pub use super::package_service::frozen_by;

pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    config
        .service(list_packages)
        .service(create_package)
        .service(get_package)
        .service(update_package)
        .service(transition_package)
        .service(list_package_changes);
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct PackageQuery {
    status: Option<PackageStatus>,
    /// Staff only (a partner always sees only its own).
    organisation_id: Option<Uuid>,
}

/// Task packages, most recently changed first (the approval queue is `?status=submitted`).
#[utoipa::path(tag = "task intake", params(ListParams, PackageQuery), responses((status = 200, description = "One page of packages", body = Page<TaskPackage>)))]
#[get("/task-packages")]
async fn list_packages(
    caller: Authorized<TaskActors>,
    req: HttpRequest,
    state: web::Data<AppState>,
    query: ListQuery<PackageQuery>,
) -> ApiResult<HttpResponse> {
    let (q, paging) = (query.filter, query.paging);
    let filter = PackageFilter { status: q.status, organisation_id: q.organisation_id };
    Ok(crate::infra::paging::respond(&req, service::list_packages(&state.db, &caller, filter, paging).await?))
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
async fn create_package(
    caller: Authorized<TaskActors>,
    state: web::Data<AppState>,
    body: ApiJson<SaveTaskPackage>,
) -> ApiResult<HttpResponse> {
    let txn = state.db.begin().await?;
    let package = service::create_package(&txn, &caller, body.0, state.clock.now()).await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(package))
}

/// One task package.
#[utoipa::path(tag = "task intake", params(("id" = Uuid, Path, description = "The package's id")), responses((status = 200, description = "The package", body = TaskPackage)))]
#[get("/task-packages/{id}")]
async fn get_package(
    caller: Authorized<TaskActors>,
    state: web::Data<AppState>,
    id: PathId,
) -> ApiResult<web::Json<TaskPackage>> {
    Ok(web::Json(service::package(&state.db, &caller, id.0).await?))
}

/// Change a package's content (only in `draft` or `rejected`).
#[utoipa::path(
    tag = "task intake",
    params(("id" = Uuid, Path, description = "The package's id")),
    request_body = SaveTaskPackage,
    responses((status = 200, description = "Changed", body = TaskPackage), (status = 409, description = "Stale version, or the package is past draft", body = shared::problem::Problem, content_type = "application/problem+json"))
)]
#[put("/task-packages/{id}")]
async fn update_package(
    caller: Authorized<TaskActors>,
    state: web::Data<AppState>,
    id: PathId,
    body: ApiJson<SaveTaskPackage>,
) -> ApiResult<web::Json<TaskPackage>> {
    let txn = state.db.begin().await?;
    let package = service::update_package(&txn, &caller, id.0, body.0, state.clock.now()).await?;
    txn.commit().await?;
    Ok(web::Json(package))
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
async fn transition_package(
    caller: Authorized<TaskActors>,
    state: web::Data<AppState>,
    id: PathId,
    body: ApiJson<PackageTransition>,
) -> ApiResult<web::Json<TaskPackage>> {
    let txn = state.db.begin().await?;
    let package = service::transition_package(&txn, &caller, id.0, body.0, state.clock.now()).await?;
    txn.commit().await?;
    Ok(web::Json(package))
}

/// A package's workflow history, oldest first.
#[utoipa::path(tag = "task intake", params(("id" = Uuid, Path, description = "The package's id")), responses((status = 200, description = "Every step", body = Vec<PackageStatusChange>)))]
#[get("/task-packages/{id}/status-changes")]
async fn list_package_changes(
    caller: Authorized<TaskActors>,
    state: web::Data<AppState>,
    id: PathId,
) -> ApiResult<web::Json<Vec<PackageStatusChange>>> {
    Ok(web::Json(service::package_changes(&state.db, &caller, id.0).await?))
}
