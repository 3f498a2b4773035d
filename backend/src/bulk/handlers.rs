//! `POST /candidates/bulk-status/preview` and `POST /candidates/bulk-status`; `POST
//! /candidates/bulk-coach/preview`, `POST /candidates/bulk-coach`, `POST /caseload-moves/preview` and
//! `POST /caseload-moves`.

use actix_web::{post, web};
use sea_orm::TransactionTrait;
use shared::bulk::{BulkCoachPreview, BulkCoachRequest, BulkStatusPreview, BulkStatusRequest, CaseloadMoveRequest};

use super::{coach, service};
use crate::AppState;
use crate::auth::{Authorized, policy::CandidateEditors};
use crate::infra::error::ApiResult;
use crate::infra::extract::ApiJson;

pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    config
        .service(preview_bulk_status)
        .service(bulk_status)
        .service(preview_bulk_coach)
        .service(bulk_coach)
        .service(preview_caseload_move)
        .service(move_caseload);
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

/// What giving the selected candidates (1-500, each once) one job coach from `from` (default today) on
/// would do, changing nothing: for each candidate the change (its coach until then, if any, and the new
/// one), or why it is refused (`unknown`: not in the caller's region; `erased`; `same_coach`: this coach
/// already; `conflict`: a coach assignment starting on `from` or later exists).
#[utoipa::path(
    tag = "guidance",
    request_body = BulkCoachRequest,
    responses(
        (status = 200, description = "The changes and the refusals", body = BulkCoachPreview),
        (status = 400, description = "No candidates, more than 500, one twice, no coach, or a coach that is not an active job coach", body = shared::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/candidates/bulk-coach/preview")]
async fn preview_bulk_coach(
    caller: Authorized<CandidateEditors>,
    state: web::Data<AppState>,
    body: ApiJson<BulkCoachRequest>,
) -> ApiResult<web::Json<BulkCoachPreview>> {
    Ok(web::Json(coach::preview_coach(&state.db, &caller, body.0, state.clock.now().date_naive()).await?))
}

/// Give the selected candidates one job coach from `from` (default today) on, all or nothing in one
/// transaction: each coach assignment of that day ends the day before, each person gets the new one and an
/// audit event. A candidate
/// the preview refuses refuses the whole action (400, naming it as `candidateIds[i]`); nothing is written.
#[utoipa::path(
    tag = "guidance",
    request_body = BulkCoachRequest,
    responses(
        (status = 200, description = "Assigned: what was changed", body = BulkCoachPreview),
        (status = 400, description = "A refused candidate (named), or the request's own field errors", body = shared::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/candidates/bulk-coach")]
async fn bulk_coach(
    caller: Authorized<CandidateEditors>,
    state: web::Data<AppState>,
    body: ApiJson<BulkCoachRequest>,
) -> ApiResult<web::Json<BulkCoachPreview>> {
    let txn = state.db.begin().await?;
    let changed = coach::assign_coach(&txn, &caller, body.0, state.clock.now()).await?;
    txn.commit().await?;
    Ok(web::Json(changed))
}

/// What moving a job coach's whole caseload (the people whose coach assignment on `from`, default today,
/// names it; erased people stay) to another job coach from that day on would do, changing nothing: the
/// changes, and the refusals (`unknown`: a person outside the caller's region; `conflict`: a coach
/// assignment starting on `from` or later exists).
#[utoipa::path(
    tag = "guidance",
    request_body = CaseloadMoveRequest,
    responses(
        (status = 200, description = "The changes and the refusals", body = BulkCoachPreview),
        (status = 400, description = "A coach missing, an unknown first coach, the same coach twice, or a new coach that is not an active job coach", body = shared::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/caseload-moves/preview")]
async fn preview_caseload_move(
    caller: Authorized<CandidateEditors>,
    state: web::Data<AppState>,
    body: ApiJson<CaseloadMoveRequest>,
) -> ApiResult<web::Json<BulkCoachPreview>> {
    Ok(web::Json(coach::preview_move(&state.db, &caller, body.0, state.clock.now().date_naive()).await?))
}

/// Move a job coach's whole caseload to another job coach from `from` (default today) on, all or nothing in
/// one transaction, audited per person. A refused person refuses the whole move (400, naming it as `caseload[i]`).
#[utoipa::path(
    tag = "guidance",
    request_body = CaseloadMoveRequest,
    responses(
        (status = 200, description = "Moved: what was changed", body = BulkCoachPreview),
        (status = 400, description = "A refused person (named), or the request's own field errors", body = shared::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/caseload-moves")]
async fn move_caseload(
    caller: Authorized<CandidateEditors>,
    state: web::Data<AppState>,
    body: ApiJson<CaseloadMoveRequest>,
) -> ApiResult<web::Json<BulkCoachPreview>> {
    let txn = state.db.begin().await?;
    let moved = coach::move_caseload(&txn, &caller, body.0, state.clock.now()).await?;
    txn.commit().await?;
    Ok(web::Json(moved))
}
