//! `/organisations`: the endpoints. Each parses and authorises the request, calls one function of
//! `service` or `import` (in a transaction when it writes) and shapes the answer.

use actix_web::{HttpRequest, HttpResponse, get, post, put, web};
use sea_orm::TransactionTrait;
use serde::Deserialize;
use shared::auth::Role;
use shared::imports::ImportReport;
use shared::organisations::{CreateOrganisation, Organisation, OrganisationName, OrganisationRole, SaveOrganisation};
use shared::paging::Page;
use shared::validation::Errors;
use uuid::Uuid;

use super::service::{self, Filter, Sort};
use crate::AppState;
use crate::audit::Actor;
use crate::auth::Authorized;
use crate::auth::policy::{OrganisationReaders, OrganisationStaff};
use crate::infra::csv_io::CsvBody;
use crate::infra::error::{ApiError, ApiResult};
use crate::infra::extract::{ApiJson, ApiQuery, ListParams, ListQuery, PathId};

pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    config
        .service(list_organisations)
        .service(create_organisation)
        // Before `/organisations/{id}`, which would otherwise take these paths.
        .service(import_organisations)
        .service(export_organisations)
        .service(lookup_organisations)
        .service(get_organisation)
        .service(update_organisation);
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct OrganisationQuery {
    /// Part of the name, or the KvK number.
    q: Option<String>,
    /// Only organisations with this role.
    role: Option<OrganisationRole>,
    /// Only organisations that serve this neighbourhood.
    neighbourhood_id: Option<Uuid>,
    /// `name` or `createdAt`; prefix `-` for descending.
    #[param(schema_with = super::service::Sort::schema)]
    sort: Option<String>,
}

impl OrganisationQuery {
    fn filter(&self) -> Filter {
        Filter { q: self.q.clone(), role: self.role, neighbourhood_id: self.neighbourhood_id }
    }
}

/// List organisations, filtered and sorted (by name unless told otherwise).
#[utoipa::path(
    tag = "organisations",
    params(ListParams, OrganisationQuery),
    responses((status = 200, description = "One page of organisations", body = Page<Organisation>))
)]
#[get("/organisations")]
async fn list_organisations(
    _staff: Authorized<OrganisationStaff>,
    req: HttpRequest,
    state: web::Data<AppState>,
    query: ListQuery<OrganisationQuery>,
) -> ApiResult<HttpResponse> {
    let paging = query.paging;
    let query = query.filter;
    let mut errors = Errors::default();
    let sort = Sort::parse(query.sort.as_deref(), &mut errors);
    errors.finish(()).map_err(ApiError::Validation)?;
    let (items, total) = service::list(&state.db, &query.filter(), sort, paging).await?;
    Ok(crate::infra::paging::respond(&req, Page::new(items, paging, total)))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct LookupQuery {
    /// Part of the name.
    q: Option<String>,
}

/// Name organisations, for instance the participants of a neighbourhood session: only the id and name of
/// the organisations that work in a neighbourhood of the caller's municipality (a partner without a
/// municipality: of the municipalities its own organisation works in; a regional caller: the region), by name.
#[utoipa::path(
    tag = "organisations",
    params(ListParams, LookupQuery),
    responses((status = 200, description = "One page of organisations' ids and names", body = Page<OrganisationName>))
)]
#[get("/organisations/lookup")]
async fn lookup_organisations(
    caller: Authorized<crate::tasks::TaskActors>,
    req: HttpRequest,
    state: web::Data<AppState>,
    query: ListQuery<LookupQuery>,
) -> ApiResult<HttpResponse> {
    let paging = query.paging;
    let (items, total) = service::lookup(&state.db, &caller, query.filter.q.as_deref(), paging).await?;
    Ok(crate::infra::paging::respond(&req, Page::new(items, paging, total)))
}

/// Register an organisation.
#[utoipa::path(
    tag = "organisations",
    request_body = CreateOrganisation,
    responses(
        (status = 201, description = "Created", body = Organisation),
        (status = 409, description = "An organisation with this KvK number exists", body = shared::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/organisations")]
async fn create_organisation(
    staff: Authorized<OrganisationStaff>,
    state: web::Data<AppState>,
    body: ApiJson<CreateOrganisation>,
) -> ApiResult<HttpResponse> {
    let txn = state.db.begin().await?;
    let organisation = service::create(&txn, &Actor::from(&staff.0), body.0, state.clock.now()).await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(organisation))
}

/// Read one organisation. A partner reads only its own (any other id is 404).
#[utoipa::path(
    tag = "organisations",
    params(("id" = Uuid, Path, description = "The organisation's id")),
    responses((status = 200, description = "The organisation", body = Organisation))
)]
#[get("/organisations/{id}")]
async fn get_organisation(
    caller: Authorized<OrganisationReaders>,
    state: web::Data<AppState>,
    id: PathId,
) -> ApiResult<web::Json<Organisation>> {
    Ok(web::Json(service::get(&state.db, &caller, id.0).await?))
}

/// Change an organisation's profile. Partners change only their own, and not its KvK number, roles or
/// contribution agreement.
#[utoipa::path(
    tag = "organisations",
    params(("id" = Uuid, Path, description = "The organisation's id")),
    request_body = SaveOrganisation,
    responses(
        (status = 200, description = "Changed", body = Organisation),
        (status = 409, description = "Stale version, or the KvK number is taken", body = shared::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[put("/organisations/{id}")]
async fn update_organisation(
    caller: Authorized<OrganisationReaders>,
    state: web::Data<AppState>,
    id: PathId,
    body: ApiJson<SaveOrganisation>,
) -> ApiResult<web::Json<Organisation>> {
    if !matches!(caller.role, Role::Admin | Role::Consultant | Role::Partner) {
        return Err(ApiError::Forbidden);
    }
    let txn = state.db.begin().await?;
    let organisation = service::update(&txn, &caller, id.0, body.0, state.clock.now()).await?;
    txn.commit().await?;
    Ok(web::Json(organisation))
}

/// Import organisations from CSV (`text/csv`, UTF-8, `;` or `,`, Dutch or English headers).
///
/// The columns are those of the export (header, then what the cell holds): `naam`, `kvk` (8 digits, the
/// key, required), `rollen` (werkbieder, begeleider, werkgever, separated by `|`), `omschrijving`,
/// `bijdrage` (euros per filled position per year, 5000,00), `wijken` (neighbourhood names separated by
/// `|`; the id where a name occurs in more than one municipality), `contactpersonen` (per person
/// `naam:rol:e-mail:telefoon`, persons separated by `|`) and `versie`. The API field names are accepted as
/// headers too. In a list cell a `|` or `:` that belongs to a name is written `\|` or `\:`. A cell that
/// starts with `'` before `=`, `+`, `-` or `@` is read without that quote (the export writes it so that
/// spreadsheets run no formulas).
///
/// A known KvK number updates that organisation. A column the file lacks leaves that field unchanged (a
/// new organisation gets the default); a present but empty cell clears an optional field. With a `versie`
/// column, a row whose version is not the stored one fails with `stale_version` (an empty cell skips the
/// check; a version for an unknown KvK number fails). Rows that change nothing are not written
/// (`unchanged`); each created or changed organisation gets one version step and one audit event.
///
/// With `dryRun=true` only the report; otherwise a file with any error is refused whole (400, every row
/// error in `invalidParams` as `rows[N].field`) and a good one is written in one transaction.
///
/// Limits: a file of at most 8 MiB (else 413) and 20,000 data rows (else 400 `too_many_rows`); at most
/// 500 row errors are listed, the rest counted (`errorsOmitted`, or a last `rows` entry in a refusal).
#[utoipa::path(
    tag = "organisations",
    params(crate::infra::csv_io::ImportQuery),
    request_body(content = serde_json::Value, content_type = "text/csv", description = "The CSV file: any UTF-8 text (the server reads its header and rows; a file it cannot use answers 400)"),
    responses(
        (status = 200, description = "The report", body = ImportReport),
        (status = 413, description = "The file is larger than 8 MiB", body = shared::problem::Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not sent as text/csv", body = shared::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/organisations/import")]
async fn import_organisations(
    staff: Authorized<OrganisationStaff>,
    state: web::Data<AppState>,
    query: ApiQuery<crate::infra::csv_io::ImportQuery>,
    body: CsvBody,
) -> ApiResult<web::Json<ImportReport>> {
    let dry_run = query.0.dry_run.unwrap_or(false);
    let file = crate::infra::csv_io::parse(body).await?;
    let txn = state.db.begin().await?;
    let report = super::import::import(&txn, &Actor::from(&staff.0), &file, dry_run, state.clock.now()).await?;
    txn.commit().await?;
    Ok(web::Json(report))
}

/// Export the (filtered) organisation list as CSV, in the import's format: every column that
/// `POST /organisations/import` reads (neighbourhoods and contacts included), with the stored `versie`.
#[utoipa::path(
    tag = "organisations",
    params(OrganisationQuery),
    responses((status = 200, description = "The organisations as `;`-separated CSV", body = String, content_type = "text/csv"))
)]
#[get("/organisations/export")]
async fn export_organisations(
    staff: Authorized<OrganisationStaff>,
    state: web::Data<AppState>,
    query: ApiQuery<OrganisationQuery>,
) -> ApiResult<HttpResponse> {
    let mut errors = Errors::default();
    let sort = Sort::parse(query.0.sort.as_deref(), &mut errors);
    errors.finish(()).map_err(ApiError::Validation)?;
    let csv = super::import::export(&state.db, &Actor::from(&staff.0), &query.0.filter(), sort).await?;
    Ok(crate::infra::csv_io::attachment("organisaties.csv", csv))
}
