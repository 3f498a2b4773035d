//! `GET /duplicates`, `POST /duplicates/merge` and `POST /duplicates/dismiss`.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use sea_orm::TransactionTrait;
use shared::duplicates::{DismissRequest, DuplicatePair, MergeRequest, MergeResult};
use shared::paging::Page;

use super::{DuplicateStaff, service};
use crate::AppState;
use crate::auth::Authorized;
use crate::infra::error::ApiResult;
use crate::infra::extract::{ApiJson, ListParams, ListQuery, NoFilter};
use crate::infra::paging::respond;

pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    config.service(list_duplicates).service(merge_duplicates).service(dismiss_duplicate);
}

/// The possible duplicate candidates within the caller's municipality, most alike first: two live records
/// with the same date of birth or the same postcode and house number whose names have a Jaro-Winkler
/// similarity of at least 0.9 (after NFC, lower case and accent folding; first and last name swapped
/// tried too). Dismissed pairs are left out. Both records of each pair come with the fields staff compare;
/// every record shown is audited as read.
#[utoipa::path(
    tag = "candidates",
    params(ListParams),
    responses((status = 200, description = "One page of possible duplicate pairs", body = Page<DuplicatePair>))
)]
#[get("/duplicates")]
async fn list_duplicates(
    caller: Authorized<DuplicateStaff>,
    req: HttpRequest,
    state: web::Data<AppState>,
    query: ListQuery<NoFilter>,
) -> ApiResult<HttpResponse> {
    let txn = state.db.begin().await?;
    let page = service::list(&txn, &caller, query.paging).await?;
    txn.commit().await?;
    Ok(respond(&req, page))
}

/// Merge one candidate record into another, all or nothing in one transaction: the merged record's status
/// changes, intakes, eligibility decisions, change history, preferences, matches, contracts, surveys and
/// guidance move to the surviving record; the merged record points at it (`mergedInto`), leaves every list
/// and answers 404 from then on. Audit events stay as they were (the survivor's GDPR copy, timeline and
/// audit filter include the merged record's).
#[utoipa::path(
    tag = "candidates",
    request_body = MergeRequest,
    responses(
        (status = 200, description = "Merged: the rows moved per table", body = MergeResult),
        (status = 400, description = "A record missing, the same record twice, an unknown, erased or already merged record, or records of two municipalities", body = shared::problem::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Both records have a placement or live contract, or both a coach or mentor from today on; nothing was written", body = shared::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/duplicates/merge")]
async fn merge_duplicates(
    caller: Authorized<DuplicateStaff>,
    state: web::Data<AppState>,
    body: ApiJson<MergeRequest>,
) -> ApiResult<web::Json<MergeResult>> {
    let txn = state.db.begin().await?;
    let merged = service::merge(&txn, &caller, body.0, state.clock.now()).await?;
    txn.commit().await?;
    Ok(web::Json(merged))
}

/// Record that two candidates are not the same person: the pair is not proposed again.
#[utoipa::path(
    tag = "candidates",
    request_body = DismissRequest,
    responses(
        (status = 204, description = "Dismissed (also when it was already)"),
        (status = 400, description = "A record missing, the same record twice, an unknown, erased or merged record, or records of two municipalities", body = shared::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/duplicates/dismiss")]
async fn dismiss_duplicate(
    caller: Authorized<DuplicateStaff>,
    state: web::Data<AppState>,
    body: ApiJson<DismissRequest>,
) -> ApiResult<HttpResponse> {
    let txn = state.db.begin().await?;
    service::dismiss(&txn, &caller, body.0, state.clock.now()).await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}
