//! The plan of a bulk status change (shared by the preview and the action, so that the preview is what
//! the action does) and the action itself.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use shared::bulk::{BulkChange, BulkRefusal, BulkStatusPreview, BulkStatusRequest};
use shared::candidates::{CandidateStatus, TransitionError, check_transition, completes_intake};
use shared::problem::Language;
use shared::validation::Errors;
use uuid::Uuid;

use crate::auth::AuthUser;
use crate::db::candidates;
use crate::infra::error::{ApiError, ApiResult};
use crate::registration::service as registration;

/// What the request will change and what it refuses, per candidate in the request's order.
async fn plan(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    request: &BulkStatusRequest,
) -> ApiResult<(BulkStatusPreview, String)> {
    let mut errors = Errors::default();
    let reason = request.check(&mut errors);
    errors.finish(()).map_err(ApiError::Validation)?;
    let to = request.to.unwrap_or(CandidateStatus::Registered);
    // One query for every candidate of the request within the caller's region (erased ones are gone).
    let rows: Vec<(Uuid, String, String, String)> = candidates::Entity::find()
        .select_only()
        .column(candidates::Column::Id)
        .column(candidates::Column::FirstName)
        .column(candidates::Column::LastName)
        .column(candidates::Column::Status)
        .filter(candidates::Column::Id.is_in(request.candidate_ids.clone()))
        .filter(candidates::Column::ErasedAt.is_null())
        .filter(caller.within_region(candidates::Column::MunicipalityId))
        .into_tuple()
        .all(db)
        .await?;
    let found: HashMap<Uuid, (String, String)> =
        rows.into_iter().map(|(id, first, last, status)| (id, (format!("{first} {last}"), status))).collect();
    // The intake is completed only with every field that matching needs (`REQUIRED_FOR_MATCHING`).
    let completing: Vec<Uuid> = found
        .iter()
        .filter(|(_, (_, status))| {
            crate::db::stored::<CandidateStatus>(status, "candidate status")
                .is_ok_and(|from| completes_intake(from, to))
        })
        .map(|(id, _)| *id)
        .collect();
    let missing = registration::missing_of_many(db, &completing).await?;
    let mut preview = BulkStatusPreview::default();
    for id in &request.candidate_ids {
        let Some((name, status)) = found.get(id) else {
            preview.refusals.push(BulkRefusal {
                candidate_id: *id,
                name: String::new(),
                code: "unknown".into(),
                reason: "deze kandidaat bestaat niet (of valt buiten uw regio)".into(),
            });
            continue;
        };
        let from: CandidateStatus = crate::db::stored(status, "candidate status")?;
        match check_transition(from, to, request.exit_reason) {
            Ok(()) if missing.contains_key(id) => preview.refusals.push(BulkRefusal {
                candidate_id: *id,
                name: name.clone(),
                code: "incomplete".into(),
                reason: format!(
                    "de intake is niet af: {} ontbreekt",
                    missing[id].iter().map(|f| f.label(Language::Nl)).collect::<Vec<_>>().join(", ")
                ),
            }),
            Ok(()) => preview.changes.push(BulkChange { candidate_id: *id, name: name.clone(), from, to }),
            Err(TransitionError::NotAllowed { .. }) => preview.refusals.push(BulkRefusal {
                candidate_id: *id,
                name: name.clone(),
                code: "illegal_transition".into(),
                reason: format!(
                    "van status '{}' kan een kandidaat niet naar '{}'",
                    from.label(Language::Nl),
                    to.label(Language::Nl)
                ),
            }),
            Err(TransitionError::ExitReasonRequired) => {
                return Err(ApiError::validation("exitReason", "required", "kies de reden van uitstroom"));
            }
            Err(TransitionError::ExitReasonNotExpected) => {
                return Err(ApiError::validation(
                    "exitReason",
                    "not_allowed",
                    "een uitstroomreden hoort alleen bij uitstroom",
                ));
            }
        }
    }
    Ok((preview, reason))
}

/// What [`change_status`] would do, changing nothing.
pub async fn preview(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    request: BulkStatusRequest,
) -> ApiResult<BulkStatusPreview> {
    Ok(plan(db, caller, &request).await?.0)
}

/// Changes the status of every candidate of the request, or of none: one refusal (400, each refused
/// candidate named as `candidateIds[i]`) stops the whole action. Run inside the caller's transaction.
pub async fn change_status(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    request: BulkStatusRequest,
    now: DateTime<Utc>,
) -> ApiResult<BulkStatusPreview> {
    let (preview, reason) = plan(db, caller, &request).await?;
    if !preview.refusals.is_empty() {
        let mut errors = Errors::default();
        for refusal in &preview.refusals {
            let index = request.candidate_ids.iter().position(|id| *id == refusal.candidate_id).unwrap_or_default();
            errors.add(format!("candidateIds[{index}]"), refusal.code.clone(), refusal.reason.clone());
        }
        return errors.finish(preview).map_err(ApiError::Validation);
    }
    for change in &preview.changes {
        registration::move_status(db, caller, change.candidate_id, change.to, &reason, request.exit_reason, now)
            .await?;
    }
    Ok(preview)
}
