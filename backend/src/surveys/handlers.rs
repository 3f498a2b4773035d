//! `/contracts/{id}/surveys` and `/organisations/{id}/surveys`: experience surveys and when the next is due.

use actix_web::{HttpResponse, get, post, web};
use sea_orm::TransactionTrait;
use shared::surveys::{
    EmployeeSurvey, EmployeeSurveys, OrganisationSurvey, OrganisationSurveys, SaveEmployeeSurvey,
    SaveOrganisationSurvey,
};

use super::{EmployeeSurveyReaders, EmployeeSurveyWriters, OrganisationSurveyUsers, service};
use crate::AppState;
use crate::auth::Authorized;
use crate::infra::error::ApiResult;
use crate::infra::extract::{ApiJson, PathId};

pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    config
        .service(list_employee_surveys)
        .service(create_employee_survey)
        .service(list_organisation_surveys)
        .service(create_organisation_survey);
}

/// A contract's employee surveys, newest first, with when the next is due (`due`: every three months from
/// the start while the contract is active, by the server's clock; null otherwise). Admins and consultants
/// of the contract's region; job coaches only for their caseload (none until Guidance: 403); partners,
/// finance and monitors: 403. Audited as a read of the person.
#[utoipa::path(
    tag = "surveys",
    params(("id" = Uuid, Path, description = "The contract's id")),
    responses((status = 200, description = "The surveys", body = EmployeeSurveys))
)]
#[get("/contracts/{id}/surveys")]
async fn list_employee_surveys(
    caller: Authorized<EmployeeSurveyReaders>,
    state: web::Data<AppState>,
    id: PathId,
) -> ApiResult<web::Json<EmployeeSurveys>> {
    Ok(web::Json(service::employee_surveys(&state.db, &caller, id.0, state.clock.today()).await?))
}

/// Enter an employee's survey of an active contract: wellbeing, income, work and social contacts, each 1-10,
/// a free comment, and the day it was taken (default today; not after today, not before the start). Admins
/// and consultants of the contract's region, a partner for its own placements (404 for another's). 409
/// when the contract is not active.
#[utoipa::path(
    tag = "surveys",
    params(("id" = Uuid, Path, description = "The contract's id")),
    request_body = SaveEmployeeSurvey,
    responses(
        (status = 201, description = "Recorded", body = EmployeeSurvey),
        (status = 409, description = "The contract is not active", body = shared::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/contracts/{id}/surveys")]
async fn create_employee_survey(
    caller: Authorized<EmployeeSurveyWriters>,
    state: web::Data<AppState>,
    id: PathId,
    body: ApiJson<SaveEmployeeSurvey>,
) -> ApiResult<HttpResponse> {
    let txn = state.db.begin().await?;
    let created = service::create_employee_survey(&txn, &caller, id.0, body.0, state.clock.now()).await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(created))
}

/// An organisation's surveys, newest first, with when the next is due (`due`: every six months from the
/// start of its earliest running placement, by the server's clock; null while it has none). Admins,
/// consultants, and a partner for its own organisation (404 for another).
#[utoipa::path(
    tag = "surveys",
    params(("id" = Uuid, Path, description = "The organisation's id")),
    responses((status = 200, description = "The surveys", body = OrganisationSurveys))
)]
#[get("/organisations/{id}/surveys")]
async fn list_organisation_surveys(
    caller: Authorized<OrganisationSurveyUsers>,
    state: web::Data<AppState>,
    id: PathId,
) -> ApiResult<web::Json<OrganisationSurveys>> {
    Ok(web::Json(service::organisation_surveys(&state.db, &caller, id.0, state.clock.today()).await?))
}

/// Enter an organisation's survey: satisfaction and the effect on the neighbourhood, each 1-10, a free
/// comment, and the day it was taken (default today; not after today). Admins, consultants, and a partner
/// for its own organisation (404 for another). 409 while the organisation has no placement (no active
/// contract on its packages).
#[utoipa::path(
    tag = "surveys",
    params(("id" = Uuid, Path, description = "The organisation's id")),
    request_body = SaveOrganisationSurvey,
    responses(
        (status = 201, description = "Recorded", body = OrganisationSurvey),
        (status = 409, description = "The organisation has no placement", body = shared::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/organisations/{id}/surveys")]
async fn create_organisation_survey(
    caller: Authorized<OrganisationSurveyUsers>,
    state: web::Data<AppState>,
    id: PathId,
    body: ApiJson<SaveOrganisationSurvey>,
) -> ApiResult<HttpResponse> {
    let txn = state.db.begin().await?;
    let created = service::create_organisation_survey(&txn, &caller, id.0, body.0, state.clock.now()).await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(created))
}
