//! `/candidates`: register, read, change, search and list candidates; their status, intakes and eligibility.

use actix_web::{HttpRequest, HttpResponse, get, post, put, web};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    TransactionTrait,
};
use serde::{Deserialize, Serialize};
use shared::audit::AuditAction;
use shared::candidates::{
    Candidate, CandidateInput, CandidateSearch, CandidateStatus, CandidateSummary, ChangeSource, ChangeStatus,
    CreateIntake, EligibilityDecision, EligibilityOutcome, ExitReason, Intake, IntakeKind, Source, StatusChange,
    TransitionError, check_transition, is_valid_bsn, normalise_postcode,
};
use shared::paging::{Page, PageRequest};
use shared::validation::Errors;
use uuid::Uuid;

use super::changes;
use super::service::{self, CandidateRecord};
use crate::AppState;
use crate::audit::{self, Actor, Entry};
use crate::auth::policy::{CandidateEditors, CandidateReaders};
use crate::auth::{AuthUser, Authorized};
use crate::db::{candidate_status_changes, candidates, eligibility_decisions, intakes};
use crate::infra::error::{ApiError, ApiResult};
use crate::infra::extract::{ApiJson, ApiQuery, PathId};

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
        .service(change_status)
        .service(list_status_changes)
        .service(list_intakes)
        .service(create_intake)
        .service(decide_eligibility);
}

fn today() -> chrono::NaiveDate {
    Utc::now().date_naive()
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct CandidateQuery {
    /// 1-based page number (default 1).
    page: Option<u64>,
    /// Items per page, 1-100 (default 25).
    page_size: Option<u64>,
    status: Option<CandidateStatus>,
    neighbourhood_id: Option<Uuid>,
    source: Option<Source>,
    target_group_register: Option<bool>,
    /// `lastName`, `status`, `updatedAt` or `createdAt`; prefix `-` for descending.
    sort: Option<String>,
}

/// The filters both list endpoints share, within the caller's municipality.
fn filters(
    caller: &AuthUser,
    status: Option<CandidateStatus>,
    neighbourhood: Option<Uuid>,
    source: Option<Source>,
    register: Option<bool>,
) -> Condition {
    let mut condition = Condition::all().add(candidates::Column::ErasedAt.is_null());
    condition = condition.add(caller.within_region(candidates::Column::MunicipalityId));
    if let Some(status) = status {
        condition = condition.add(candidates::Column::Status.eq(status.as_str()));
    }
    if let Some(neighbourhood) = neighbourhood {
        condition = condition.add(candidates::Column::NeighbourhoodId.eq(neighbourhood));
    }
    if let Some(source) = source {
        condition = condition.add(candidates::Column::Source.eq(source.as_str()));
    }
    if let Some(register) = register {
        condition = condition.add(candidates::Column::TargetGroupRegister.eq(register));
    }
    condition
}

async fn page_of(
    db: &impl ConnectionTrait,
    condition: Condition,
    order: (candidates::Column, bool),
    paging: PageRequest,
    matches: service::Matches,
) -> ApiResult<Page<CandidateSummary>> {
    let (items, total) = service::summary_page(db, condition, order, paging, matches).await?;
    Ok(Page::new(items, paging, total))
}

/// List candidates, filtered. To search by name, postcode or BSN use `POST /candidates/search`, which
/// keeps personal data out of the URL.
#[utoipa::path(tag = "candidates", params(CandidateQuery), responses((status = 200, description = "One page of candidates", body = Page<CandidateSummary>)))]
#[get("/candidates")]
async fn list_candidates(
    caller: Authorized<CandidateReaders>,
    req: HttpRequest,
    state: web::Data<AppState>,
    query: ApiQuery<CandidateQuery>,
) -> ApiResult<HttpResponse> {
    let q = query.0;
    let mut errors = Errors::default();
    let paging = PageRequest::parse(q.page, q.page_size, &mut errors);
    let order = service::sort_column(q.sort.as_deref(), &mut errors);
    errors.finish(()).map_err(ApiError::Validation)?;
    let condition = filters(&caller, q.status, q.neighbourhood_id, q.source, q.target_group_register);
    Ok(crate::infra::paging::respond(&req, page_of(&state.db, condition, order, paging, service::Matches::Many).await?))
}

/// Search candidates by part of a name, a postcode or a whole BSN, with the list's filters.
#[utoipa::path(tag = "candidates", request_body = CandidateSearch, responses((status = 200, description = "One page of matching candidates", body = Page<CandidateSummary>)))]
#[post("/candidates/search")]
async fn search_candidates(
    caller: Authorized<CandidateReaders>,
    state: web::Data<AppState>,
    body: ApiJson<CandidateSearch>,
) -> ApiResult<web::Json<Page<CandidateSummary>>> {
    let search = body.0;
    let mut errors = Errors::default();
    let paging = PageRequest::parse(search.page, search.page_size, &mut errors);
    let order = service::sort_column(search.sort.as_deref(), &mut errors);
    if search.query.chars().count() > 100 {
        errors.add("query", "too_long", "maximaal 100 tekens");
    }
    errors.finish(()).map_err(ApiError::Validation)?;
    let mut condition =
        filters(&caller, search.status, search.neighbourhood_id, search.source, search.target_group_register);
    let term = search.query.trim();
    let matches = if term.is_empty() { service::Matches::Many } else { service::Matches::Few };
    if !term.is_empty() {
        let compact: String = term.chars().filter(|c| !c.is_whitespace()).collect();
        condition = condition.add(if is_valid_bsn(&compact) {
            Condition::all().add(candidates::Column::Bsn.eq(compact))
        } else if let Some(postcode) = normalise_postcode(term) {
            Condition::all().add(candidates::Column::Postcode.eq(postcode))
        } else if compact.len() == 4 && compact.bytes().all(|b| b.is_ascii_digit()) {
            Condition::all().add(candidates::Column::Postcode.starts_with(format!("{compact} ")))
        } else {
            Condition::all().add(candidates::Column::SearchName.contains(shared::text::fold(term)))
        });
    }
    Ok(web::Json(page_of(&state.db, condition, order, paging, matches).await?))
}

fn actor_name(caller: &AuthUser) -> Option<String> {
    Some(caller.name.clone())
}

#[allow(clippy::too_many_arguments)]
async fn record_status(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    candidate_id: Uuid,
    from: Option<CandidateStatus>,
    to: CandidateStatus,
    reason: &str,
    exit_reason: Option<ExitReason>,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    candidate_status_changes::Entity::insert(candidate_status_changes::ActiveModel {
        id: Set(Uuid::now_v7()),
        candidate_id: Set(candidate_id),
        from_status: Set(from.map(|s| s.as_str().to_owned())),
        to_status: Set(to.as_str().to_owned()),
        reason: Set(reason.to_owned()),
        exit_reason: Set(exit_reason.map(|r| service::exit_reason_str(r).to_owned())),
        changed_by_id: Set(caller.user_id),
        changed_by_name: Set(actor_name(caller)),
        changed_at: Set(now),
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Register a candidate. The neighbourhood follows from the postcode when it is left out.
#[utoipa::path(
    tag = "candidates",
    request_body = CandidateInput,
    responses(
        (status = 201, description = "Registered", body = Candidate),
        (status = 409, description = "A candidate with this BSN exists", body = shared::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/candidates")]
async fn create_candidate(
    caller: Authorized<CandidateEditors>,
    state: web::Data<AppState>,
    body: ApiJson<CandidateInput>,
) -> ApiResult<HttpResponse> {
    let input = body.0;
    let municipality = crate::reference::default_municipality(&state.db, caller.municipality_id).await?;
    let mut errors = Errors::default();
    if let Err(params) = input.validate(today()) {
        params.into_iter().for_each(|p| errors.add(p.name, p.code, p.reason));
    }
    let neighbourhood = service::check_references(&state.db, &input, municipality, &mut errors).await?;
    errors.finish(()).map_err(ApiError::Validation)?;
    if service::bsn_taken(&state.db, input.bsn.trim(), None).await? {
        return Err(service::duplicate_bsn());
    }
    let id = Uuid::now_v7();
    let now = state.clock.now();
    let txn = state.db.begin().await?;
    let mut active = candidates::ActiveModel {
        id: Set(id),
        municipality_id: Set(municipality),
        status: Set(CandidateStatus::Registered.as_str().to_owned()),
        exit_reason: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        erased_at: Set(None),
        version: Set(1),
        ..Default::default()
    };
    service::apply_input(&mut active, &input, neighbourhood);
    active.insert(&txn).await.map_err(|error| match error.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => service::duplicate_bsn(),
        _ => error.into(),
    })?;
    service::replace_children(&txn, id, &input).await?;
    record_status(&txn, &caller, id, None, CandidateStatus::Registered, "aangemeld", None, now).await?;
    audit::record(&txn, Actor::from(&caller.0), Entry::new(AuditAction::Create, "candidate").record(id)).await?;
    txn.commit().await?;
    let record = service::load(&state.db, &caller, id).await?;
    Ok(HttpResponse::Created().json(service::view(&record, caller.role, today())?))
}

/// Read a candidate's record, with the fields the caller's role may see. Every read is audited.
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
) -> ApiResult<web::Json<Candidate>> {
    let record = service::load(&state.db, &caller, id.0).await?;
    audit::record(&state.db, Actor::from(&caller.0), Entry::new(AuditAction::Read, "candidate").record(id.0)).await?;
    Ok(web::Json(service::view(&record, caller.role, today())?))
}

/// Writes `active` only when the stored version is still `version`; else 409.
async fn update_versioned(
    db: &impl ConnectionTrait,
    id: Uuid,
    version: i32,
    mut active: candidates::ActiveModel,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    active.version = Set(version + 1);
    active.updated_at = Set(now);
    let result = candidates::Entity::update_many()
        .set(active)
        .filter(candidates::Column::Id.eq(id))
        .filter(candidates::Column::Version.eq(version))
        .exec(db)
        .await
        .map_err(|error| match error.sql_err() {
            Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => service::duplicate_bsn(),
            _ => error.into(),
        })?;
    if result.rows_affected == 1 { Ok(()) } else { Err(ApiError::stale_version()) }
}

/// Change a candidate's record (all fields; status changes go through `/status`).
#[utoipa::path(
    tag = "candidates",
    params(("id" = Uuid, Path, description = "The candidate's id")),
    request_body = CandidateInput,
    responses(
        (status = 200, description = "Changed", body = Candidate),
        (status = 409, description = "Stale version, or another candidate has this BSN", body = shared::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[put("/candidates/{id}")]
async fn update_candidate(
    caller: Authorized<CandidateEditors>,
    state: web::Data<AppState>,
    id: PathId,
    body: ApiJson<CandidateInput>,
) -> ApiResult<web::Json<Candidate>> {
    let input = body.0;
    let current = service::load(&state.db, &caller, id.0).await?;
    let mut errors = Errors::default();
    if let Err(params) = input.validate(today()) {
        params.into_iter().for_each(|p| errors.add(p.name, p.code, p.reason));
    }
    let version = errors.version(input.version);
    let neighbourhood =
        service::check_references(&state.db, &input, current.model.municipality_id, &mut errors).await?;
    errors.finish(()).map_err(ApiError::Validation)?;
    // Every write steps the version, so the record read above is the one this update replaces (its change
    // history compares against it); another version is stale.
    if version != current.model.version {
        return Err(ApiError::stale_version());
    }
    if service::bsn_taken(&state.db, input.bsn.trim(), Some(id.0)).await? {
        return Err(service::duplicate_bsn());
    }
    let now = state.clock.now();
    let actor = Actor::from(&caller.0);
    let txn = state.db.begin().await?;
    let mut active = <candidates::ActiveModel as Default>::default();
    service::apply_input(&mut active, &input, neighbourhood);
    update_versioned(&txn, id.0, version, active, now).await?;
    service::replace_children(&txn, id.0, &input).await?;
    let updated = service::load(&txn, &caller, id.0).await?;
    changes::record(&txn, &actor, id.0, ChangeSource::Api, &(&current).into(), &(&updated).into(), now).await?;
    audit::record(&txn, actor, Entry::new(AuditAction::Update, "candidate").record(id.0)).await?;
    txn.commit().await?;
    Ok(web::Json(service::view(&updated, caller.role, today())?))
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
    let record = service::load(&state.db, &caller, id.0).await?;
    audit::record(
        &state.db,
        Actor::from(&caller.0),
        Entry::new(AuditAction::Read, "candidate").record(id.0).details("bsn revealed"),
    )
    .await?;
    Ok(web::Json(RevealedBsn { bsn: record.model.bsn.unwrap_or_default() }))
}

fn transition_error(error: TransitionError) -> ApiError {
    match error {
        TransitionError::NotAllowed { from, to } => ApiError::Conflict {
            code: shared::problem::ProblemCode::IllegalTransition,
            detail: format!("Van status {} kan niet naar {}.", from.as_str(), to.as_str()),
        },
        TransitionError::ExitReasonRequired => {
            ApiError::validation("exitReason", "required", "kies de reden van uitstroom")
        }
        TransitionError::ExitReasonNotExpected => {
            ApiError::validation("exitReason", "not_allowed", "een uitstroomreden hoort alleen bij uitstroom")
        }
    }
}

/// Applies a checked status change with its history rows and audit event, in the caller's transaction.
#[allow(clippy::too_many_arguments)]
async fn apply_status(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    record: &CandidateRecord,
    version: i32,
    to: CandidateStatus,
    reason: &str,
    exit_reason: Option<ExitReason>,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    // Every write steps the version, so the record read before is the one replaced (its change history
    // compares against it); another version is stale.
    if version != record.model.version {
        return Err(ApiError::stale_version());
    }
    let from: CandidateStatus = crate::db::stored(&record.model.status, "candidate status")?;
    check_transition(from, to, exit_reason).map_err(transition_error)?;
    let mut after = record.model.clone();
    after.status = to.as_str().to_owned();
    after.exit_reason = exit_reason.map(|r| service::exit_reason_str(r).to_owned());
    let active = candidates::ActiveModel {
        status: Set(after.status.clone()),
        exit_reason: Set(after.exit_reason.clone()),
        ..Default::default()
    };
    update_versioned(db, record.model.id, version, active, now).await?;
    record_status(db, caller, record.model.id, Some(from), to, reason, exit_reason, now).await?;
    let actor = Actor::from(caller);
    let after = changes::Snapshot { model: &after, ..changes::Snapshot::from(record) };
    changes::record(db, &actor, record.model.id, ChangeSource::Api, &record.into(), &after, now).await?;
    audit::record(
        db,
        actor,
        Entry::new(AuditAction::Update, "candidate").record(record.model.id).details(format!(
            "status {} -> {}",
            from.as_str(),
            to.as_str()
        )),
    )
    .await?;
    Ok(())
}

/// Move a candidate to another status, with the reason (and for `exited` the exit reason).
#[utoipa::path(
    tag = "candidates",
    params(("id" = Uuid, Path, description = "The candidate's id")),
    request_body = ChangeStatus,
    responses(
        (status = 200, description = "The candidate in its new status", body = Candidate),
        (status = 409, description = "Not a step of the status machine, or a stale version", body = shared::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/candidates/{id}/status")]
async fn change_status(
    caller: Authorized<CandidateEditors>,
    state: web::Data<AppState>,
    id: PathId,
    body: ApiJson<ChangeStatus>,
) -> ApiResult<web::Json<Candidate>> {
    let request = body.0;
    let record = service::load(&state.db, &caller, id.0).await?;
    let mut errors = Errors::default();
    if request.to.is_none() {
        errors.add("to", "required", "kies de nieuwe status");
    }
    let reason = errors.text("reason", &request.reason, 2000);
    let version = errors.version(request.version);
    errors.finish(()).map_err(ApiError::Validation)?;
    let to = request.to.unwrap_or(CandidateStatus::Registered);
    let txn = state.db.begin().await?;
    apply_status(&txn, &caller, &record, version, to, &reason, request.exit_reason, state.clock.now()).await?;
    txn.commit().await?;
    let record = service::load(&state.db, &caller, id.0).await?;
    Ok(web::Json(service::view(&record, caller.role, today())?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct HistoryQuery {
    /// 1-based page number (default 1).
    pub(super) page: Option<u64>,
    /// Items per page, 1-100 (default 25).
    pub(super) page_size: Option<u64>,
}

/// A candidate's status history, newest first.
#[utoipa::path(
    tag = "candidates",
    params(("id" = Uuid, Path, description = "The candidate's id"), HistoryQuery),
    responses((status = 200, description = "Status changes", body = Page<StatusChange>))
)]
#[get("/candidates/{id}/status-changes")]
async fn list_status_changes(
    caller: Authorized<CandidateReaders>,
    req: HttpRequest,
    state: web::Data<AppState>,
    id: PathId,
    query: ApiQuery<HistoryQuery>,
) -> ApiResult<HttpResponse> {
    let paging =
        service::history_read(&state.db, &caller, id.0, (query.0.page, query.0.page_size), "status history").await?;
    let select =
        candidate_status_changes::Entity::find().filter(candidate_status_changes::Column::CandidateId.eq(id.0));
    let (rows, total) = crate::infra::paging::fetch(
        &state.db,
        select,
        |s| {
            s.order_by_desc(candidate_status_changes::Column::ChangedAt)
                .order_by_desc(candidate_status_changes::Column::Id)
        },
        paging,
    )
    .await?;
    let items = rows.into_iter().map(service::to_status_change).collect::<ApiResult<_>>()?;
    Ok(crate::infra::paging::respond(&req, Page::new(items, paging, total)))
}

/// A candidate's intake conversations and assessments, newest first (notes hidden from finance).
#[utoipa::path(
    tag = "candidates",
    params(("id" = Uuid, Path, description = "The candidate's id"), HistoryQuery),
    responses((status = 200, description = "Intakes", body = Page<Intake>))
)]
#[get("/candidates/{id}/intakes")]
async fn list_intakes(
    caller: Authorized<CandidateReaders>,
    req: HttpRequest,
    state: web::Data<AppState>,
    id: PathId,
    query: ApiQuery<HistoryQuery>,
) -> ApiResult<HttpResponse> {
    let paging = service::history_read(&state.db, &caller, id.0, (query.0.page, query.0.page_size), "intakes").await?;
    let show_notes = !service::hidden_fields(caller.role).contains(&"intakeNotes");
    let select = intakes::Entity::find().filter(intakes::Column::CandidateId.eq(id.0));
    let (rows, total) = crate::infra::paging::fetch(
        &state.db,
        select,
        |s| s.order_by_desc(intakes::Column::HeldOn).order_by_desc(intakes::Column::Id),
        paging,
    )
    .await?;
    let items = rows.into_iter().map(|m| service::to_intake(m, show_notes)).collect::<ApiResult<_>>()?;
    Ok(crate::infra::paging::respond(&req, Page::new(items, paging, total)))
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
    let request = body.0;
    service::load(&state.db, &caller, id.0).await?;
    request.validate(today()).map_err(ApiError::Validation)?;
    let assessor = match request.assessor.trim() {
        "" => caller.name.clone(),
        given => given.to_owned(),
    };
    let txn = state.db.begin().await?;
    let model = intakes::ActiveModel {
        id: Set(Uuid::now_v7()),
        candidate_id: Set(id.0),
        kind: Set(request.kind.unwrap_or(IntakeKind::Other).as_str().to_owned()),
        held_on: Set(request.held_on.unwrap_or_else(today)),
        assessor: Set(assessor),
        result: Set(request.result.trim().to_owned()),
        notes: Set(request.notes.trim().to_owned()),
        created_by_id: Set(caller.user_id),
        created_at: Set(Utc::now()),
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        Actor::from(&caller.0),
        Entry::new(AuditAction::Create, "intake").record(model.id).details(format!("candidate {}", id.0)),
    )
    .await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(service::to_intake(model, true)?))
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
    let request = body.0;
    let record = service::load(&state.db, &caller, id.0).await?;
    let mut errors = Errors::default();
    if request.outcome.is_none() {
        errors.add("outcome", "required", "kies het besluit");
    }
    let motivation = errors.text("motivation", &request.motivation, 4000);
    let version = errors.version(request.version);
    errors.finish(()).map_err(ApiError::Validation)?;
    let outcome = request.outcome.unwrap_or(EligibilityOutcome::Eligible);
    let (to, outcome_name) = match outcome {
        EligibilityOutcome::Eligible => (CandidateStatus::Eligible, "eligible"),
        EligibilityOutcome::PreTrajectory => (CandidateStatus::PreTrajectory, "pre_trajectory"),
    };
    let now = state.clock.now();
    let txn = state.db.begin().await?;
    apply_status(&txn, &caller, &record, version, to, &motivation, None, now).await?;
    eligibility_decisions::Entity::insert(eligibility_decisions::ActiveModel {
        id: Set(Uuid::now_v7()),
        candidate_id: Set(id.0),
        outcome: Set(outcome_name.to_owned()),
        motivation: Set(motivation.clone()),
        decided_by_id: Set(caller.user_id),
        decided_by_name: Set(Some(caller.name.clone())),
        decided_at: Set(now),
    })
    .exec_without_returning(&txn)
    .await?;
    txn.commit().await?;
    let record = service::load(&state.db, &caller, id.0).await?;
    Ok(web::Json(service::view(&record, caller.role, today())?))
}

/// Import candidates from CSV (`text/csv`, UTF-8, `;` or `,`, Dutch or English headers).
///
/// The columns are those of the export (header, then what the cell holds): `voornaam`, `achternaam`,
/// `geboortedatum` (2001-12-31 or 31-12-2001), `bsn` (the key, required), `e-mail`, `telefoon`,
/// `postcode`, `huisnummer`, `wijk` (name; empty, or a new postcode under the stored name: derived from
/// the postcode), `bron` (participatiewet,
/// wajong, wsw, overig), `doelgroepregister` (ja/nee), `uitkering` (bijstand, wajong, ww, wia, geen,
/// overig), `uitkeringsbedrag` (euros per month, 1250,00), `arbeidsverleden`, `uren per week` (0-40),
/// `dagen` (ma|di|wo|do|vr|za|zo), `vaardigheden` (name:level 1-4, `Tuinieren:3|Koken:2`), `beperkingen`
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
#[utoipa::path(
    tag = "candidates",
    params(crate::infra::csv_io::ImportQuery),
    request_body(content = String, content_type = "text/csv", description = "The CSV file"),
    responses(
        (status = 200, description = "The report (of the dry run, or of the import done)", body = shared::imports::ImportReport),
        (status = 413, description = "The file is too large", body = shared::problem::Problem, content_type = "application/problem+json"),
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
    let (headers, records) = crate::infra::csv_io::read(&body.0)?;
    let municipality = crate::reference::default_municipality(&state.db, caller.municipality_id).await?;
    let txn = state.db.begin().await?;
    let report =
        super::import::import_candidates(&txn, &caller, municipality, &headers, &records, dry_run, state.clock.now())
            .await?;
    if !report.errors.is_empty() && !dry_run {
        txn.rollback().await?;
        return Err(crate::infra::csv_io::rejected(report.errors));
    }
    if !dry_run {
        audit::record(
            &txn,
            Actor::from(&caller.0),
            Entry::new(AuditAction::Create, "candidate_import")
                .details(format!("{} created, {} updated", report.created, report.updated)),
        )
        .await?;
    }
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
    let mut errors = Errors::default();
    let order = service::sort_column(q.sort.as_deref(), &mut errors);
    errors.finish(()).map_err(ApiError::Validation)?;
    let condition = filters(&caller, q.status, q.neighbourhood_id, q.source, q.target_group_register);
    let rows = service::ordered(candidates::Entity::find().filter(condition), order).all(&state.db).await?;
    audit::record(
        &state.db,
        Actor::from(&caller.0),
        Entry::new(AuditAction::Export, "candidate").details(format!("{} rows", rows.len())),
    )
    .await?;
    let csv = super::import::export_csv(&state.db, caller.municipality_id, rows).await?;
    Ok(crate::infra::csv_io::attachment("kandidaten.csv", csv))
}
