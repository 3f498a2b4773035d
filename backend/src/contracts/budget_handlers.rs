//! `/budget`: the programme's budget and job target per municipality and year, against the contracts' cost.

use actix_web::{get, put, web};
use chrono::Datelike;
use sea_orm::TransactionTrait;
use serde::Deserialize;
use shared::contracts::budget::{BudgetOverview, BudgetRecord, SaveBudget};
use uuid::Uuid;

use super::{BudgetKeepers, budget_service};
use crate::AppState;
use crate::auth::Authorized;
use crate::infra::error::ApiResult;
use crate::infra::extract::{ApiJson, ApiQuery};

pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    config.service(get_budget).service(save_budget);
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct BudgetQuery {
    /// The year, 2000-2100 (default: this year).
    #[param(minimum = 2000, maximum = 2100)]
    year: Option<i32>,
    /// One municipality of the caller's region (default: all of them, summed; another answers zeros).
    municipality: Option<Uuid>,
}

/// The budget and job target of a year (700,000.00 and 40 jobs where none was recorded) against the cost of
/// the contracts, prorated by calendar days from each contract's cost for a year: `realised` (the days
/// worked so far) and `committed` (the remaining days of signed and active contracts), with what each work
/// provider contributes (its agreement per filled position per year, prorated the same way), and `months`:
/// the realised and committed cost of each month, January to December (each rounded to cents). Admins and
/// finance; the figures of a region are the sums of its municipalities.
#[utoipa::path(
    tag = "contracts",
    params(BudgetQuery),
    responses((status = 200, description = "The year's budget and figures", body = BudgetOverview))
)]
#[get("/budget")]
async fn get_budget(
    caller: Authorized<BudgetKeepers>,
    state: web::Data<AppState>,
    query: ApiQuery<BudgetQuery>,
) -> ApiResult<web::Json<BudgetOverview>> {
    let today = state.clock.now().date_naive();
    let year = query.0.year.unwrap_or(today.year());
    Ok(web::Json(budget_service::overview(&state.db, &caller, year, query.0.municipality, today).await?))
}

/// Record a municipality's budget and job target of a year (admins and finance), with the version read (0
/// when the year had no record yet).
#[utoipa::path(
    tag = "contracts",
    request_body = SaveBudget,
    responses(
        (status = 200, description = "Recorded", body = BudgetRecord),
        (status = 409, description = "Stale version", body = shared::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[put("/budget")]
async fn save_budget(
    caller: Authorized<BudgetKeepers>,
    state: web::Data<AppState>,
    body: ApiJson<SaveBudget>,
) -> ApiResult<web::Json<BudgetRecord>> {
    let txn = state.db.begin().await?;
    let saved = budget_service::save(&txn, &caller, body.0, state.clock.now()).await?;
    txn.commit().await?;
    Ok(web::Json(saved))
}
