//! `POST /candidates/bulk-status/preview` and `POST /candidates/bulk-status`.

use actix_web::{post, web};
use sea_orm::TransactionTrait;
use shared::bulk::{BulkStatusPreview, BulkStatusRequest};

use super::service;
use crate::AppState;
use crate::auth::{Authorized, policy::CandidateEditors};
use crate::infra::error::ApiResult;
use crate::infra::extract::ApiJson;

pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    config.service(preview_bulk_status).service(bulk_status);
}

/// What a bulk status change would do, changing nothing: for each candidate (1-500, each once) the step
/// it takes, or why it is refused (`unknown`: not in the caller's region; `illegal_transition`: the status
/// machine has no such step). A step to `exited` needs `exitReason`.
#[utoipa::path(
    tag = "candidates",
    request_body = BulkStatusRequest,
    responses(
        (status = 200, description = "The changes and the refusals", body = BulkStatusPreview),
        (status = 400, description = "No candidates, more than 500, one twice, no status or reason, or an exit without its reason", body = shared::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/candidates/bulk-status/preview")]
async fn preview_bulk_status(
    caller: Authorized<CandidateEditors>,
    state: web::Data<AppState>,
    body: ApiJson<BulkStatusRequest>,
) -> ApiResult<web::Json<BulkStatusPreview>> {
    Ok(web::Json(service::preview(&state.db, &caller, body.0).await?))
}

/// Change the status of many candidates at once, all or nothing in one transaction: each gets its status
/// history row, change history and audit event. A candidate the preview refuses refuses the whole action
/// (400, naming it as `candidateIds[i]`); nothing is written then.
#[utoipa::path(
    tag = "candidates",
    request_body = BulkStatusRequest,
    responses(
        (status = 200, description = "Changed: what was changed", body = BulkStatusPreview),
        (status = 400, description = "A refused candidate (named), or the request's own field errors", body = shared::problem::Problem, content_type = "application/problem+json"),
        (status = 409, description = "A candidate changed while the action ran; nothing was written", body = shared::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/candidates/bulk-status")]
async fn bulk_status(
    caller: Authorized<CandidateEditors>,
    state: web::Data<AppState>,
    body: ApiJson<BulkStatusRequest>,
) -> ApiResult<web::Json<BulkStatusPreview>> {
    let txn = state.db.begin().await?;
    let changed = service::change_status(&txn, &caller, body.0, state.clock.now()).await?;
    txn.commit().await?;
    Ok(web::Json(changed))
}
