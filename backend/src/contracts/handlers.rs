//! `/cost-norms`, `/cost-estimates` and `/income-assumptions`.

use actix_web::{get, post, put, web};
use sea_orm::TransactionTrait;
use shared::contracts::{
    CostEstimate, CostEstimateRequest, CostNormsRecord, IncomeAssumptionsRecord, SaveCostNorms, SaveIncomeAssumptions,
};

use super::{CostEditors, CostReaders, service};
use crate::AppState;
use crate::auth::Authorized;
use crate::infra::error::ApiResult;
use crate::infra::extract::ApiJson;

pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    config
        .service(get_cost_norms)
        .service(save_cost_norms)
        .service(estimate_costs)
        .service(get_income_assumptions)
        .service(save_income_assumptions);
}

/// The cost norms of a full 32-hour job for a year (defaults from the Groningen plan: wage 28,000.00,
/// employer and guidance costs 8,000.00, the work provider's contribution -5,000.00, benefit no longer paid
/// -14,000.00). Amounts are strings with two decimals.
#[utoipa::path(tag = "contracts", responses((status = 200, description = "The cost norms", body = CostNormsRecord)))]
#[get("/cost-norms")]
async fn get_cost_norms(
    _caller: Authorized<CostReaders>,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<CostNormsRecord>> {
    Ok(web::Json(service::norms(&state.db).await?))
}

/// Change the cost norms (admins and finance). Wage and employer costs are zero or more; the contribution
/// and the benefit saved are savings, zero or less; each with at most two decimals.
#[utoipa::path(
    tag = "contracts",
    request_body = SaveCostNorms,
    responses(
        (status = 200, description = "Changed", body = CostNormsRecord),
        (status = 400, description = "An amount is out of range or has more than two decimals", body = shared::problem::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Stale version", body = shared::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[put("/cost-norms")]
async fn save_cost_norms(
    caller: Authorized<CostEditors>,
    state: web::Data<AppState>,
    body: ApiJson<SaveCostNorms>,
) -> ApiResult<web::Json<CostNormsRecord>> {
    let txn = state.db.begin().await?;
    let saved = service::save_norms(&txn, &caller, body.0, state.clock.now()).await?;
    txn.commit().await?;
    Ok(web::Json(saved))
}

/// The cost of a job of `hoursPerWeek` (1-40) for `months` (1-120): each norm times `hoursPerWeek / 32 x
/// months / 12`, exactly, rounded to cents; `total` and `net` add up the rounded amounts. 32 hours for 12
/// months gives the norms themselves.
#[utoipa::path(
    tag = "contracts",
    request_body = CostEstimateRequest,
    responses(
        (status = 200, description = "The estimate", body = CostEstimate),
        (status = 400, description = "Hours or months out of range", body = shared::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/cost-estimates")]
async fn estimate_costs(
    _caller: Authorized<CostReaders>,
    state: web::Data<AppState>,
    body: ApiJson<CostEstimateRequest>,
) -> ApiResult<web::Json<CostEstimate>> {
    Ok(web::Json(service::estimate(&state.db, body.0).await?))
}

/// The assumptions of the income indication (reference data; the defaults are approximations, not a tax
/// calculation): the net bracket table (of the part of the gross a month above `fromGross`, up to the next
/// bracket, the share `rate` is withheld; defaults 5 % to 1,800.00, 30 % to 3,200.00, 37 % to 6,300.00,
/// 49.5 % above), the holiday allowance rate (default 0.08) and the threshold under which a gain in net
/// income a month is flagged (default 50.00). Every income indication is computed with these. Admins,
/// consultants and finance (who see income indications).
#[utoipa::path(
    tag = "contracts",
    responses((status = 200, description = "The income assumptions", body = IncomeAssumptionsRecord))
)]
#[get("/income-assumptions")]
async fn get_income_assumptions(
    _caller: Authorized<CostReaders>,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<IncomeAssumptionsRecord>> {
    Ok(web::Json(service::income_assumptions(&state.db).await?))
}

/// Change the income assumptions (admins and finance), with the version read. 1-20 brackets, the first
/// from `"0.00"` and each next from a higher gross; rates (and the holiday allowance rate) are shares from
/// 0 to 1 with at most four decimals; the threshold is 0 or more with at most two decimals. Every field
/// error in one answer (`brackets[i].fromGross`, `brackets[i].rate`, ...). Audited.
#[utoipa::path(
    tag = "contracts",
    request_body = SaveIncomeAssumptions,
    responses(
        (status = 200, description = "Changed", body = IncomeAssumptionsRecord),
        (status = 400, description = "Brackets not ascending, a rate outside 0-1, a negative threshold, or no version", body = shared::problem::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Stale version", body = shared::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[put("/income-assumptions")]
async fn save_income_assumptions(
    caller: Authorized<CostEditors>,
    state: web::Data<AppState>,
    body: ApiJson<SaveIncomeAssumptions>,
) -> ApiResult<web::Json<IncomeAssumptionsRecord>> {
    let txn = state.db.begin().await?;
    let saved = service::save_income_assumptions(&txn, &caller, body.0, state.clock.now()).await?;
    txn.commit().await?;
    Ok(web::Json(saved))
}
