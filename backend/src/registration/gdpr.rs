//! GDPR rights of a candidate: a copy of everything held (art. 15) and erasure on request (art. 17).
//!
//! Erasure removes every personal field and free text, and keeps the row with the facts that anonymous
//! monitoring counts need (municipality, neighbourhood, source, register flag, status, hours, wage value),
//! so that published figures do not change afterwards. The audit log keeps its events (they hold no
//! personal data, only the record id); statutory retention periods for files of the Participatiewet are
//! the municipality's to apply before asking for erasure.

use actix_web::{HttpResponse, get, post, web};
use chrono::Utc;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, TransactionTrait};
use shared::audit::AuditAction;
use shared::candidates::gdpr::{CandidateDataExport, EligibilityRecord, ErasureRequest};
use shared::validation::Errors;

use super::service;
use crate::AppState;
use crate::audit::{self, Actor, Entry};
use crate::auth::Authorized;
use crate::auth::policy::{Admins, CandidateEditors};
use crate::db::{
    audit_events, candidate_abilities, candidate_status_changes, candidate_wish_categories, candidates,
    eligibility_decisions, intakes,
};
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, PathId};

pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    config.service(export_personal_data).service(erase_candidate);
}

/// Everything held about one candidate, as JSON (GDPR art. 15). Audited as an export.
#[utoipa::path(
    tag = "candidates",
    params(("id" = uuid::Uuid, Path, description = "The candidate's id")),
    responses((status = 200, description = "All data held about the candidate", body = CandidateDataExport))
)]
#[get("/candidates/{id}/personal-data")]
async fn export_personal_data(
    caller: Authorized<CandidateEditors>,
    state: web::Data<AppState>,
    id: PathId,
) -> ApiResult<web::Json<CandidateDataExport>> {
    let record = service::load(&state.db, &caller, id.0).await?;
    let status_changes = candidate_status_changes::Entity::find()
        .filter(candidate_status_changes::Column::CandidateId.eq(id.0))
        .order_by_asc(candidate_status_changes::Column::ChangedAt)
        .all(&state.db)
        .await?
        .into_iter()
        .map(service::to_status_change)
        .collect();
    let intakes = intakes::Entity::find()
        .filter(intakes::Column::CandidateId.eq(id.0))
        .order_by_asc(intakes::Column::HeldOn)
        .all(&state.db)
        .await?
        .into_iter()
        .map(|m| service::to_intake(m, true))
        .collect();
    let eligibility_decisions = eligibility_decisions::Entity::find()
        .filter(eligibility_decisions::Column::CandidateId.eq(id.0))
        .order_by_asc(eligibility_decisions::Column::DecidedAt)
        .all(&state.db)
        .await?
        .into_iter()
        .map(|d| EligibilityRecord { outcome: d.outcome, motivation: d.motivation, decided_by: d.decided_by_name, decided_at: d.decided_at })
        .collect();
    let audit_events = audit_events::Entity::find()
        .filter(audit_events::Column::RecordId.eq(id.0))
        .order_by_asc(audit_events::Column::OccurredAt)
        .all(&state.db)
        .await?
        .into_iter()
        .map(crate::admin::audit_events::to_event)
        .collect();
    audit::record(&state.db, Actor::from(&caller.0), Entry::new(AuditAction::Export, "candidate").record(id.0).details("gdpr art. 15"))
        .await?;
    let mut candidate = service::view(&record, shared::auth::Role::Consultant, Utc::now().date_naive());
    candidate.hidden_fields.clear();
    Ok(web::Json(CandidateDataExport {
        exported_at: Utc::now(),
        bsn: record.model.bsn.clone().unwrap_or_default(),
        candidate,
        status_changes,
        intakes,
        eligibility_decisions,
        audit_events,
    }))
}

/// Erase a candidate's personal data on request (GDPR art. 17). Admins only; cannot be undone.
///
/// Names, BSN, contact details, address, date of birth, free texts, abilities, wishes and intake contents
/// are removed; the anonymous facts that monitoring counts (status, source, neighbourhood, hours, wage
/// value) stay. The record then no longer appears in lists or searches.
#[utoipa::path(
    tag = "candidates",
    params(("id" = uuid::Uuid, Path, description = "The candidate's id")),
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
    let request = body.0;
    let record = service::load(&state.db, &admin, id.0).await?;
    let mut errors = Errors::default();
    let reason = errors.text("reason", &request.reason, 500);
    if !request.confirm {
        errors.add("confirm", "required", "bevestig dat het wissen niet ongedaan kan worden");
    }
    errors.finish(()).map_err(ApiError::Validation)?;
    let txn = state.db.begin().await?;
    candidates::Entity::update_many()
        .set(candidates::ActiveModel {
            first_name: Set("(gewist)".into()),
            last_name: Set(String::new()),
            search_name: Set(String::new()),
            date_of_birth: Set(None),
            bsn: Set(None),
            email: Set(String::new()),
            phone: Set(String::new()),
            postcode: Set(String::new()),
            house_number: Set(String::new()),
            benefit_kind: Set(None),
            benefit_monthly_amount: Set(None),
            regular_work_evidence: Set(String::new()),
            physical_limitations: Set(String::new()),
            limitation_notes: Set(String::new()),
            dream_job: Set(String::new()),
            erased_at: Set(Some(Utc::now())),
            updated_at: Set(Utc::now()),
            version: Set(record.model.version + 1),
            ..Default::default()
        })
        .filter(candidates::Column::Id.eq(id.0))
        .exec(&txn)
        .await?;
    candidate_abilities::Entity::delete_many().filter(candidate_abilities::Column::CandidateId.eq(id.0)).exec(&txn).await?;
    candidate_wish_categories::Entity::delete_many().filter(candidate_wish_categories::Column::CandidateId.eq(id.0)).exec(&txn).await?;
    intakes::Entity::update_many()
        .set(intakes::ActiveModel { result: Set(String::new()), notes: Set(String::new()), assessor: Set(String::new()), ..Default::default() })
        .filter(intakes::Column::CandidateId.eq(id.0))
        .exec(&txn)
        .await?;
    candidate_status_changes::Entity::update_many()
        .set(candidate_status_changes::ActiveModel { reason: Set(String::new()), ..Default::default() })
        .filter(candidate_status_changes::Column::CandidateId.eq(id.0))
        .exec(&txn)
        .await?;
    eligibility_decisions::Entity::update_many()
        .set(eligibility_decisions::ActiveModel { motivation: Set(String::new()), ..Default::default() })
        .filter(eligibility_decisions::Column::CandidateId.eq(id.0))
        .exec(&txn)
        .await?;
    audit::record(&txn, Actor::from(&admin.0), Entry::new(AuditAction::Delete, "candidate").record(id.0).details(format!("gdpr art. 17: {reason}")))
        .await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}
