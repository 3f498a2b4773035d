//! `/contracts`: employment contracts drawn up from agreed matches, their versions, steps and income
//! indication.

use actix_web::{HttpRequest, HttpResponse, get, post, put, web};
use sea_orm::TransactionTrait;
use serde::Deserialize;
use shared::contracts::IncomeIndication;
use shared::contracts::lifecycle::ContractStatus;
use shared::contracts::wire::{Contract, ContractTransition, ContractVersion, CreateContract, UpdateContract};
use shared::paging::Page;
use uuid::Uuid;

use super::contract_service::{self, ContractFilter};
use super::{ContractViewers, ContractWriters, CostReaders};
use crate::AppState;
use crate::auth::Authorized;
use crate::infra::error::ApiResult;
use crate::infra::extract::{ApiJson, ListParams, ListQuery, NoFilter, PathId};
use crate::infra::paging::respond;

pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    config
        .service(list_contracts)
        .service(create_contract)
        .service(get_contract)
        .service(update_contract)
        .service(transition_contract)
        .service(list_contract_versions)
        .service(contract_income_indication);
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct ContractQuery {
    status: Option<ContractStatus>,
    organisation_id: Option<Uuid>,
    candidate_id: Option<Uuid>,
}

/// Contracts, most recently changed first, filtered by status, organisation (the work provider) or
/// candidate. Admins, consultants and finance read those of their region; a partner those of its own
/// packages, with the employee's first name and hours only (`hourlyWage`, `payScale` and `cost` null); a
/// job coach those of its caseload, without wage, pay scale or cost. Monitors: 403. Audited: one read per
/// person listed.
#[utoipa::path(
    tag = "contracts",
    params(ListParams, ContractQuery),
    responses((status = 200, description = "One page of contracts", body = Page<Contract>))
)]
#[get("/contracts")]
async fn list_contracts(
    caller: Authorized<ContractViewers>,
    req: HttpRequest,
    state: web::Data<AppState>,
    query: ListQuery<ContractQuery>,
) -> ApiResult<HttpResponse> {
    let q = &query.filter;
    let filter = ContractFilter { status: q.status, organisation_id: q.organisation_id, candidate_id: q.candidate_id };
    Ok(respond(&req, contract_service::list(&state.db, &caller, filter, query.paging, state.clock.today()).await?))
}

/// Draw up a contract (`draft`) from a match in `agreed` (admins and consultants): the employee, the package
/// and its work provider come from the match. Hours 1-40 (default 32; any other number names its
/// `hoursReason`: `wish` or `ability`); a temporary contract has an end date on or after its start, a
/// structural one none. 409 when the match is not `agreed` or already has a contract, or the person already
/// has a live contract.
#[utoipa::path(
    tag = "contracts",
    request_body = CreateContract,
    responses(
        (status = 201, description = "Drawn up", body = Contract),
        (status = 409, description = "The match is not agreed, or the person already has a live contract", body = shared::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/contracts")]
async fn create_contract(
    caller: Authorized<ContractWriters>,
    state: web::Data<AppState>,
    body: ApiJson<CreateContract>,
) -> ApiResult<HttpResponse> {
    let txn = state.db.begin().await?;
    let created = contract_service::create(&txn, &caller, body.0, state.clock.now()).await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(created))
}

/// One contract with its own cost estimate and its person's provision costs (a partner: its own packages'
/// only, without wage, pay scale or cost; a job coach: its caseload's only, without them; 404 otherwise).
/// Audited as a read of the person's contract.
#[utoipa::path(
    tag = "contracts",
    params(("id" = Uuid, Path, description = "The contract's id")),
    responses((status = 200, description = "The contract", body = Contract))
)]
#[get("/contracts/{id}")]
async fn get_contract(
    caller: Authorized<ContractViewers>,
    state: web::Data<AppState>,
    id: PathId,
) -> ApiResult<web::Json<Contract>> {
    Ok(web::Json(contract_service::get(&state.db, &caller, id.0, state.clock.today()).await?))
}

/// Change a contract: all its terms as they are to be, a reason and the version it is based on; a new
/// version, the old one stays readable. A draft changes freely; a signed or active contract only its hours
/// (with their reason), end date (an extension), kind (temporary to structural) and wage (400 `not_allowed`
/// naming any other changed field); an ended one not at all (409 `not_editable`).
#[utoipa::path(
    tag = "contracts",
    params(("id" = Uuid, Path, description = "The contract's id")),
    request_body = UpdateContract,
    responses(
        (status = 200, description = "Changed", body = Contract),
        (status = 409, description = "A stale version (`stale_version`, with `changedFields`: each term changed since the version sent, from what to what), or the contract has ended", body = shared::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[put("/contracts/{id}")]
async fn update_contract(
    caller: Authorized<ContractWriters>,
    state: web::Data<AppState>,
    id: PathId,
    body: ApiJson<UpdateContract>,
) -> ApiResult<web::Json<Contract>> {
    let txn = state.db.begin().await?;
    let saved = contract_service::update(&txn, &caller, id.0, body.0, state.clock.now()).await?;
    txn.commit().await?;
    Ok(web::Json(saved))
}

/// Take a step of a contract, in one transaction with what it moves along: `signed` (the match moves to
/// `contracted`), `active` (on or after the start date by the server's clock; the candidate moves to
/// `employed`), `ended` (with `endReason`, the last day `date`, default today: the match frees its position,
/// the package reopens, and with any reason but `other` the candidate moves to `exited`).
#[utoipa::path(
    tag = "contracts",
    params(("id" = Uuid, Path, description = "The contract's id")),
    request_body = ContractTransition,
    responses(
        (status = 200, description = "The contract after the step", body = Contract),
        (status = 409, description = "Not a step from this status, before the start date, the match is no longer agreed, or a stale version (`stale_version`, with `changedFields`)", body = shared::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/contracts/{id}/transitions")]
async fn transition_contract(
    caller: Authorized<ContractWriters>,
    state: web::Data<AppState>,
    id: PathId,
    body: ApiJson<ContractTransition>,
) -> ApiResult<web::Json<Contract>> {
    let txn = state.db.begin().await?;
    let moved = contract_service::transition(&txn, &caller, id.0, body.0, state.clock.now()).await?;
    txn.commit().await?;
    Ok(web::Json(moved))
}

/// Every version of a contract, newest first: its terms and status after each change, who made it, when
/// and why (finance: without the reason). Admins, consultants and finance.
#[utoipa::path(
    tag = "contracts",
    params(("id" = Uuid, Path, description = "The contract's id"), ListParams),
    responses((status = 200, description = "One page of versions", body = Page<ContractVersion>))
)]
#[get("/contracts/{id}/versions")]
async fn list_contract_versions(
    caller: Authorized<CostReaders>,
    req: HttpRequest,
    state: web::Data<AppState>,
    id: PathId,
    query: ListQuery<NoFilter>,
) -> ApiResult<HttpResponse> {
    Ok(respond(&req, contract_service::versions(&state.db, &caller, id.0, query.paging).await?))
}

/// The income indication of a contract: the benefit before (kind and monthly amount from the person's
/// record) against the expected net a month (gross = hourly wage x hours x 52 / 12, net by the stored
/// income assumptions of `GET /income-assumptions`, holiday allowance apart), flagging a drop or a gain
/// under the stored threshold (50.00 a month by default). An indication with its assumptions, never
/// advice. Admins, consultants and finance.
#[utoipa::path(
    tag = "contracts",
    params(("id" = Uuid, Path, description = "The contract's id")),
    responses((status = 200, description = "The indication", body = IncomeIndication))
)]
#[get("/contracts/{id}/income-indication")]
async fn contract_income_indication(
    caller: Authorized<CostReaders>,
    state: web::Data<AppState>,
    id: PathId,
) -> ApiResult<web::Json<IncomeIndication>> {
    let language = crate::infra::context::language();
    Ok(web::Json(contract_service::income_indication(&state.db, &caller, id.0, language).await?))
}
