//! `/candidates`: register, read, change, search and list candidates; their status, intakes and eligibility,
//! change history and GDPR rights. Each handler parses, authorises, calls one function of `service.rs` (or
//! `changes.rs`, `gdpr.rs`) and shapes the answer; writes run in one transaction that the handler opens.

use actix_web::{HttpRequest, HttpResponse, get, post, put, web};
use sea_orm::TransactionTrait;
use serde::{Deserialize, Serialize};
use shared::candidates::gdpr::{CandidateDataExport, ErasureRequest};
use shared::candidates::{
    Candidate, CandidateInput, CandidateSearch, CandidateStatus, CandidateSummary, ChangeStatus, CreateIntake,
    EligibilityDecision, FieldChange, Intake, Source, StatusChange,
};
use shared::paging::Page;
use uuid::Uuid;

use super::service::{self, CandidateFilter};
use super::{changes, gdpr};
use crate::AppState;
use crate::auth::Authorized;
use crate::auth::policy::{Admins, CandidateEditors, CandidateReaders};
use crate::infra::error::ApiResult;
use crate::infra::extract::{ApiJson, ApiQuery, ListParams, ListQuery, NoFilter, PathId};
use crate::infra::paging::respond;

pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    config
        .service(list_candidates)
        .service(search_candidates)
        // Before `/candidates/{id}`, which would otherwise take these paths.
        .service(import_candidates)
        .service(export_candidates)
        .service(create_candidate)
        .service(get_candidate)
        .service(update_candidate)
        .service(reveal_bsn)
        .service(confirm_availability)
        .service(change_status)
        .service(list_status_changes)
        .service(list_intakes)
        .service(create_intake)
        .service(decide_eligibility)
        .service(list_changes)
        .service(export_personal_data)
        .service(erase_candidate);
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct CandidateQuery {
    status: Option<CandidateStatus>,
    neighbourhood_id: Option<Uuid>,
    source: Option<Source>,
    target_group_register: Option<bool>,
    /// Only people whose availability was last confirmed this many whole days ago or longer, or never
    /// (0-36500).
    #[param(minimum = 0, maximum = 36500)]
    availability_older_than_days: Option<u32>,
    /// `lastName`, `status`, `updatedAt` or `createdAt`; prefix `-` for descending.
    #[param(schema_with = shared::candidates::sort_schema)]
    sort: Option<String>,
}

impl CandidateQuery {
    fn filter(&self, now: chrono::DateTime<chrono::Utc>) -> ApiResult<CandidateFilter> {
        let days = self.availability_older_than_days;
        if days.is_some_and(|d| d > shared::saved_searches::MAX_AVAILABILITY_DAYS) {
            return Err(crate::infra::error::ApiError::validation(
                "availabilityOlderThanDays",
                "out_of_range",
                format!("een aantal dagen van 0 tot en met {}", shared::saved_searches::MAX_AVAILABILITY_DAYS),
            ));
        }
        Ok(CandidateFilter {
            status: self.status,
            neighbourhood_id: self.neighbourhood_id,
            source: self.source,
            target_group_register: self.target_group_register,
            availability_confirmed_before: days.map(|d| service::availability_cutoff(d, now)),
        })
    }
}

/// List candidates, filtered. To search by name, postcode or BSN use `POST /candidates/search`, which
/// keeps personal data out of the URL.
#[utoipa::path(tag = "candidates", params(ListParams, CandidateQuery), responses((status = 200, description = "One page of candidates", body = Page<CandidateSummary>)))]
#[get("/candidates")]
async fn list_candidates(
    caller: Authorized<CandidateReaders>,
    req: HttpRequest,
    state: web::Data<AppState>,
    query: ListQuery<CandidateQuery>,
) -> ApiResult<HttpResponse> {
    let q = &query.filter;
    Ok(respond(
        &req,
        service::list(&state.db, &caller, q.filter(state.clock.now())?, q.sort.as_deref(), query.paging).await?,
    ))
}

/// Search candidates by part of a name, a postcode or a whole BSN, with the list's filters.
#[utoipa::path(tag = "candidates", request_body = CandidateSearch, responses((status = 200, description = "One page of matching candidates", body = Page<CandidateSummary>)))]
#[post("/candidates/search")]
async fn search_candidates(
    caller: Authorized<CandidateReaders>,
    state: web::Data<AppState>,
    body: ApiJson<CandidateSearch>,
) -> ApiResult<web::Json<Page<serde_json::Value>>> {
    if service::searches_by_bsn(&body.0.query) {
        // Only the roles that may reveal a BSN may search by one; the refusal does not depend on whether
        // the number exists. Each person's searches by BSN are limited (an exception, not a way of working).
        crate::auth::require(service::may_search_by_bsn(caller.role))?;
        let key = crate::auth::limiter::Key::account(&format!("user:{}", caller.name), "bsn-search");
        state
            .bsn_search_limiter
            .attempt(&[key])
            .map_err(|retry_after_secs| crate::infra::error::ApiError::TooManyRequests { retry_after_secs })?;
    }
    Ok(web::Json(service::search(&state.db, &caller, body.0, state.clock.now()).await?))
}

/// The query of `POST /candidates`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct CreateCandidateQuery {
    /// Register even though registered candidates resemble this one (after a 409 `possible_duplicate`).
    pub confirm_duplicate: Option<bool>,
}

/// Register a candidate. The neighbourhood follows from the postcode when it is left out. When candidates
/// of the municipality with the same date of birth or the same postcode and house number have a name like
/// this one (see `GET /duplicates`), the answer is 409 `possible_duplicate` with their ids in
/// `possibleDuplicates`, and nothing is written, unless `confirmDuplicate=true`.
#[utoipa::path(
    tag = "candidates",
    params(CreateCandidateQuery),
    request_body = CandidateInput,
    responses(
        (status = 201, description = "Registered", body = Candidate),
        (status = 409, description = "A candidate with this BSN exists, or registered candidates resemble this one (`possible_duplicate`)", body = shared::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/candidates")]
async fn create_candidate(
    caller: Authorized<CandidateEditors>,
    state: web::Data<AppState>,
    query: ApiQuery<CreateCandidateQuery>,
    body: ApiJson<CandidateInput>,
) -> ApiResult<HttpResponse> {
    let confirmed = query.0.confirm_duplicate.unwrap_or(false);
    let txn = state.db.begin().await?;
    let candidate = service::create(&txn, &caller, body.0, confirmed, state.clock.now()).await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(candidate))
}

/// Read a candidate's record, with the fields the caller's role may see: the others are left out and named in
/// `hiddenFields` (finance sees only the id, names, municipality, status and benefit). Every read is audited.
#[utoipa::path(
    tag = "candidates",
    params(("id" = Uuid, Path, description = "The candidate's id")),
    responses((status = 200, description = "The candidate", body = Candidate))
)]
#[get("/candidates/{id}")]
async fn get_candidate(
    caller: Authorized<CandidateReaders>,
    state: web::Data<AppState>,
    id: PathId,
) -> ApiResult<web::Json<serde_json::Value>> {
    Ok(web::Json(service::read(&state.db, &caller, id.0, state.clock.today()).await?))
}

/// Change a candidate's record (all fields; status changes go through `/status`).
#[utoipa::path(
    tag = "candidates",
    params(("id" = Uuid, Path, description = "The candidate's id")),
    request_body = CandidateInput,
    responses(
        (status = 200, description = "Changed", body = Candidate),
        (status = 409, description = "Stale version (`stale_version`, with `changedFields`: each field changed since the version sent, from what to what; values left out for fields the caller's role may not see), or another candidate has this BSN", body = shared::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[put("/candidates/{id}")]
async fn update_candidate(
    caller: Authorized<CandidateEditors>,
    state: web::Data<AppState>,
    id: PathId,
    body: ApiJson<CandidateInput>,
) -> ApiResult<web::Json<Candidate>> {
    let txn = state.db.begin().await?;
    let candidate = service::update(&txn, &caller, id.0, body.0, state.clock.now()).await?;
    txn.commit().await?;
    Ok(web::Json(candidate))
}

/// The unmasked BSN.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct RevealedBsn {
    pub bsn: String,
}

/// Show a candidate's full BSN (consultants and admins). Each reveal is audited.
#[utoipa::path(
    tag = "candidates",
    params(("id" = Uuid, Path, description = "The candidate's id")),
    responses((status = 200, description = "The BSN", body = RevealedBsn))
)]
#[post("/candidates/{id}/reveal-bsn")]
async fn reveal_bsn(
    caller: Authorized<CandidateEditors>,
    state: web::Data<AppState>,
    id: PathId,
) -> ApiResult<web::Json<RevealedBsn>> {
    Ok(web::Json(RevealedBsn { bsn: service::reveal_bsn(&state.db, &caller, id.0).await? }))
}

/// Confirm the person's availability (hours and days) as of now: its own action (a save of the record does
/// not confirm it), by consultants and admins, audited. The record answers when and by whom.
#[utoipa::path(
    tag = "candidates",
    params(("id" = Uuid, Path, description = "The candidate's id")),
    responses((status = 200, description = "The candidate with its availability confirmed now", body = Candidate))
)]
#[post("/candidates/{id}/availability-confirmation")]
async fn confirm_availability(
    caller: Authorized<CandidateEditors>,
    state: web::Data<AppState>,
    id: PathId,
) -> ApiResult<web::Json<Candidate>> {
    let txn = state.db.begin().await?;
    let candidate = service::confirm_availability(&txn, &caller, id.0, state.clock.now()).await?;
    txn.commit().await?;
    Ok(web::Json(candidate))
}

/// Move a candidate to another status, with the reason (and for `exited` the exit reason).
#[utoipa::path(
    tag = "candidates",
    params(("id" = Uuid, Path, description = "The candidate's id")),
    request_body = ChangeStatus,
    responses(
        (status = 200, description = "The candidate in its new status", body = Candidate),
        (status = 400, description = "Invalid input, or `incomplete`: the step from `intake` to `eligible` or `pre_trajectory` while a field that matching needs is missing (each named in `invalidParams`)", body = shared::problem::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not a step of the status machine, or a stale version (`stale_version`, with `changedFields` since the version sent)", body = shared::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/candidates/{id}/status")]
async fn change_status(
    caller: Authorized<CandidateEditors>,
    state: web::Data<AppState>,
    id: PathId,
    body: ApiJson<ChangeStatus>,
) -> ApiResult<web::Json<Candidate>> {
    let txn = state.db.begin().await?;
    let candidate = service::change_status(&txn, &caller, id.0, body.0, state.clock.now()).await?;
    txn.commit().await?;
    Ok(web::Json(candidate))
}

/// A candidate's status history, newest first.
#[utoipa::path(
    tag = "candidates",
    params(("id" = Uuid, Path, description = "The candidate's id"), ListParams),
    responses((status = 200, description = "Status changes", body = Page<StatusChange>))
)]
#[get("/candidates/{id}/status-changes")]
async fn list_status_changes(
    caller: Authorized<CandidateReaders>,
    req: HttpRequest,
    state: web::Data<AppState>,
    id: PathId,
    query: ListQuery<NoFilter>,
) -> ApiResult<HttpResponse> {
    Ok(respond(&req, service::status_history(&state.db, &caller, id.0, query.paging).await?))
}

/// A candidate's intake conversations and assessments, newest first (notes hidden from finance).
#[utoipa::path(
    tag = "candidates",
    params(("id" = Uuid, Path, description = "The candidate's id"), ListParams),
    responses((status = 200, description = "Intakes", body = Page<Intake>))
)]
#[get("/candidates/{id}/intakes")]
async fn list_intakes(
    caller: Authorized<CandidateReaders>,
    req: HttpRequest,
    state: web::Data<AppState>,
    id: PathId,
    query: ListQuery<NoFilter>,
) -> ApiResult<HttpResponse> {
    Ok(respond(&req, service::intakes(&state.db, &caller, id.0, query.paging, state.clock.today()).await?))
}

/// Record an intake conversation or assessment.
#[utoipa::path(
    tag = "candidates",
    params(("id" = Uuid, Path, description = "The candidate's id")),
    request_body = CreateIntake,
    responses((status = 201, description = "Recorded", body = Intake))
)]
#[post("/candidates/{id}/intakes")]
async fn create_intake(
    caller: Authorized<CandidateEditors>,
    state: web::Data<AppState>,
    id: PathId,
    body: ApiJson<CreateIntake>,
) -> ApiResult<HttpResponse> {
    let txn = state.db.begin().await?;
    let intake = service::create_intake(&txn, &caller, id.0, body.0, state.clock.now()).await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(intake))
}

/// Decide on eligibility after intake, with the motivation: `eligible` or a `pre_trajectory` first.
#[utoipa::path(
    tag = "candidates",
    params(("id" = Uuid, Path, description = "The candidate's id")),
    request_body = EligibilityDecision,
    responses(
        (status = 200, description = "The candidate in its new status", body = Candidate),
        (status = 409, description = "The candidate is not in intake (or pre-trajectory), or a stale version", body = shared::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/candidates/{id}/eligibility")]
async fn decide_eligibility(
    caller: Authorized<CandidateEditors>,
    state: web::Data<AppState>,
    id: PathId,
    body: ApiJson<EligibilityDecision>,
) -> ApiResult<web::Json<Candidate>> {
    let txn = state.db.begin().await?;
    let candidate = service::decide_eligibility(&txn, &caller, id.0, body.0, state.clock.now()).await?;
    txn.commit().await?;
    Ok(web::Json(candidate))
}

/// Import candidates from CSV (`text/csv`, UTF-8, `;` or `,`, Dutch or English headers).
///
/// The columns are those of the export (header, then what the cell holds): `voornaam`, `achternaam`,
/// `geboortedatum` (2001-12-31 or 31-12-2001), `bsn` (the key, required), `e-mail`, `telefoon`,
/// `postcode`, `huisnummer`, `wijk` (name; empty, or a new postcode under the stored name: derived from
/// the postcode), `bron` (participatiewet,
/// wajong, wsw, overig), `doelgroepregister` (ja/nee), `uitkering` (bijstand, wajong, ww, wia, geen,
/// overig), `uitkeringsbedrag` (euros per month, 1250,00), `arbeidsverleden`, `uren per week` (0-40),
/// `gewenste uren per week` (0-40; empty: the available hours count as the wish), `dagen` (ma|di|wo|do|vr|za|zo), `vaardigheden` (name:level 1-4, `Tuinieren:3|Koken:2`), `beperkingen`
/// (heavy_lifting|night_work|...), `toelichting beperkingen`, `voorkeur taken` (task category names,
/// `Groen|Schoonmaak`), `voorkeurswijk` (name), `droombaan`, `loonwaarde` and `verwachte loonwaarde`
/// (0-100), `status` (ignored: it changes only through the status machine) and `versie`. The API field
/// names are accepted as headers too. In a list cell a `|` or `:` that belongs to a name is written `\|`
/// or `\:`; reference data may be named by id as well. A cell that starts with `'` before `=`, `+`, `-`
/// or `@` is read without that quote (the export writes it so that spreadsheets run no formulas).
///
/// Rows whose BSN is known update that candidate, so importing a file twice creates no duplicates. A
/// column the file lacks leaves that field of a known candidate unchanged (a new one gets the default); a
/// present but empty cell clears an optional field. With a `versie` column, a row whose version is not
/// the stored one fails with `stale_version` (an empty cell skips the check; a version for an unknown BSN
/// fails). Rows that change nothing are not written (`unchanged`); each created or changed candidate gets
/// one version step and one audit event.
///
/// With `dryRun=true` the answer reports, row by row, what is wrong and what an import would create or
/// change. Without it, a file with any error is refused whole (400, every row error in `invalidParams` as
/// `rows[N].field`); a good file is written in one transaction.
///
/// Limits: a file of at most 8 MiB (else 413) and 20,000 data rows (else 400 `too_many_rows`); at most
/// 500 row errors are listed, the rest counted (`errorsOmitted`, or a last `rows` entry in a refusal).
#[utoipa::path(
    tag = "candidates",
    params(crate::infra::csv_io::ImportQuery),
    request_body(content = serde_json::Value, content_type = "text/csv", description = "The CSV file: any UTF-8 text (the server reads its header and rows; a file it cannot use answers 400)"),
    responses(
        (status = 200, description = "The report (of the dry run, or of the import done)", body = shared::imports::ImportReport),
        (status = 413, description = "The file is larger than 8 MiB", body = shared::problem::Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not sent as text/csv", body = shared::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/candidates/import")]
async fn import_candidates(
    caller: Authorized<CandidateEditors>,
    state: web::Data<AppState>,
    query: ApiQuery<crate::infra::csv_io::ImportQuery>,
    body: crate::infra::csv_io::CsvBody,
) -> ApiResult<web::Json<shared::imports::ImportReport>> {
    let dry_run = query.0.dry_run.unwrap_or(false);
    let file = crate::infra::csv_io::parse(body).await?;
    // A refused file returns before the commit: dropping the transaction rolls back whatever it wrote.
    let txn = state.db.begin().await?;
    let report = service::import(&txn, &caller, &file, dry_run, state.clock.now()).await?;
    txn.commit().await?;
    Ok(web::Json(report))
}

/// Export the (filtered) candidate list as CSV, in the import's format: every column that
/// `POST /candidates/import` reads, with the stored `versie`, so that the file can be changed and imported
/// again. Audited as an export.
#[utoipa::path(
    tag = "candidates",
    params(CandidateQuery),
    responses((status = 200, description = "The candidates as `;`-separated CSV", body = String, content_type = "text/csv"))
)]
#[get("/candidates/export")]
async fn export_candidates(
    caller: Authorized<CandidateEditors>,
    state: web::Data<AppState>,
    query: ApiQuery<CandidateQuery>,
) -> ApiResult<HttpResponse> {
    let q = query.0;
    let csv = service::export(&state.db, &caller, q.filter(state.clock.now())?, q.sort.as_deref()).await?;
    Ok(crate::infra::csv_io::attachment("kandidaten.csv", csv))
}

/// The changes of a candidate's record, field by field, newest first. Fields the caller's role may not see
/// show as changed, without their values. Audited as a read of the candidate.
#[utoipa::path(
    tag = "candidates",
    params(("id" = Uuid, Path, description = "The candidate's id"), ListParams),
    responses((status = 200, description = "Changed fields", body = Page<FieldChange>))
)]
#[get("/candidates/{id}/changes")]
async fn list_changes(
    caller: Authorized<CandidateReaders>,
    req: HttpRequest,
    state: web::Data<AppState>,
    id: PathId,
    query: ListQuery<NoFilter>,
) -> ApiResult<HttpResponse> {
    Ok(respond(&req, changes::page(&state.db, &caller, id.0, query.paging).await?))
}

/// Everything held about one candidate, as JSON (GDPR art. 15): every table of the personal-data registry.
/// Audited as an export.
#[utoipa::path(
    tag = "candidates",
    params(("id" = Uuid, Path, description = "The candidate's id")),
    responses((status = 200, description = "All data held about the candidate", body = CandidateDataExport))
)]
#[get("/candidates/{id}/personal-data")]
async fn export_personal_data(
    caller: Authorized<CandidateEditors>,
    state: web::Data<AppState>,
    id: PathId,
) -> ApiResult<web::Json<CandidateDataExport>> {
    Ok(web::Json(gdpr::copy(&state.db, &caller, id.0, state.clock.now()).await?))
}

/// Erase a candidate's personal data on request (GDPR art. 17). Admins only; cannot be undone.
///
/// Names, BSN, contact details, address, date of birth, free texts, abilities, wishes, available days,
/// limitations, intake contents and the record's change history are removed; the anonymous facts that
/// monitoring counts (status, source, neighbourhood, hours, wage value) stay. The record then no longer
/// appears in lists or searches.
#[utoipa::path(
    tag = "candidates",
    params(("id" = Uuid, Path, description = "The candidate's id")),
    request_body = ErasureRequest,
    responses((status = 204, description = "Erased"))
)]
#[post("/candidates/{id}/erasure")]
async fn erase_candidate(
    admin: Authorized<Admins>,
    state: web::Data<AppState>,
    id: PathId,
    body: ApiJson<ErasureRequest>,
) -> ApiResult<HttpResponse> {
    let txn = state.db.begin().await?;
    gdpr::erase(&txn, &admin, id.0, body.0, state.clock.now()).await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}
