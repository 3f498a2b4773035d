//! Bulk actions on candidates (issue 14, item 4): a preview lists what will change and what is refused
//! and why; the action itself changes all or nothing, in one transaction, audited per record.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::candidates::{CandidateStatus, ExitReason};
use crate::validation::Errors;

/// The most candidates one bulk action takes.
pub const BULK_MAX: usize = 500;

/// `POST /candidates/bulk-status/preview` and `POST /candidates/bulk-status`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct BulkStatusRequest {
    /// The candidates, each once, 1 to 500.
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 500))]
    pub candidate_ids: Vec<Uuid>,
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
    pub to: Option<CandidateStatus>,
    /// Why, in words (required), recorded with each status change.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 2000, pattern = r"\S"))]
    pub reason: String,
    /// Required when `to` is `exited`.
    pub exit_reason: Option<ExitReason>,
}

impl BulkStatusRequest {
    /// The request's own field errors (not those of each candidate, which the preview lists); returns the
    /// cleaned reason.
    pub fn check(&self, errors: &mut Errors) -> String {
        check_ids(&self.candidate_ids, errors);
        if self.to.is_none() {
            errors.add("to", "required", "kies de nieuwe status");
        }
        errors.text("reason", &self.reason, 2000)
    }
}

/// One candidate whose status will change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct BulkChange {
    pub candidate_id: Uuid,
    pub name: String,
    pub from: CandidateStatus,
    pub to: CandidateStatus,
}

/// One candidate the action refuses, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct BulkRefusal {
    pub candidate_id: Uuid,
    /// Empty for a candidate that does not exist or lies outside the caller's region.
    pub name: String,
    /// `unknown` (not found in the caller's region), `illegal_transition`, `incomplete` (the step out of
    /// intake while a field that matching needs is missing); for a coach: `erased`, `same_coach`, `conflict`.
    pub code: String,
    pub reason: String,
}

/// What a bulk status change will do: the changes, and the refusals that stop it (the action changes
/// nothing while there is one).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct BulkStatusPreview {
    pub changes: Vec<BulkChange>,
    pub refusals: Vec<BulkRefusal>,
}

/// Checks a list of candidates for a bulk action: 1 to [`BULK_MAX`], each once.
fn check_ids(ids: &[Uuid], errors: &mut Errors) {
    if ids.is_empty() {
        errors.add("candidateIds", "required", "kies minstens één kandidaat");
    } else if ids.len() > BULK_MAX {
        errors.add("candidateIds", "too_many", format!("hoogstens {BULK_MAX} kandidaten tegelijk"));
    }
    let mut seen = std::collections::HashSet::new();
    for (i, id) in ids.iter().enumerate() {
        if !seen.insert(*id) {
            errors.add(format!("candidateIds[{i}]"), "duplicate", "deze kandidaat staat al in de lijst");
        }
    }
}

/// `POST /candidates/bulk-coach/preview` and `POST /candidates/bulk-coach`: one job coach for the selected
/// candidates from `from` on (default today; the current coach's assignment ends the day before).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct BulkCoachRequest {
    /// The candidates, each once, 1 to 500.
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 500))]
    pub candidate_ids: Vec<Uuid>,
    /// The new job coach: an active user with the role `job_coach`.
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
    pub coach_user_id: Option<Uuid>,
    /// The first day of the new assignments; today when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<chrono::NaiveDate>,
}

impl BulkCoachRequest {
    /// The request's own field errors (those of each candidate the preview lists).
    pub fn check(&self, errors: &mut Errors) {
        check_ids(&self.candidate_ids, errors);
        if self.coach_user_id.is_none() {
            errors.add("coachUserId", "required", "kies de jobcoach");
        }
    }
}

/// `POST /caseload-moves/preview` and `POST /caseload-moves`: every person whose coach assignment on `from`
/// (default today) names one job coach goes to another from that day on.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CaseloadMoveRequest {
    /// The job coach whose caseload moves.
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
    pub from_coach_user_id: Option<Uuid>,
    /// The job coach who takes it over: an active user with the role `job_coach`, not the first one.
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
    pub to_coach_user_id: Option<Uuid>,
    /// The first day with the new coach; today when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<chrono::NaiveDate>,
}

impl CaseloadMoveRequest {
    pub fn check(&self, errors: &mut Errors) {
        if self.from_coach_user_id.is_none() {
            errors.add("fromCoachUserId", "required", "kies de jobcoach van wie de caseload komt");
        }
        match self.to_coach_user_id {
            None => errors.add("toCoachUserId", "required", "kies de jobcoach die de caseload overneemt"),
            Some(to) if Some(to) == self.from_coach_user_id => {
                errors.add("toCoachUserId", "same", "kies een andere jobcoach dan de huidige")
            }
            Some(_) => {}
        }
    }
}

/// One candidate who gets a new job coach.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct BulkCoachChange {
    pub candidate_id: Uuid,
    pub name: String,
    /// The current job coach's name; `null` when the person has none.
    pub from_coach: Option<String>,
    pub to_coach: String,
}

/// What a coach assignment or caseload move will do: the changes, and the refusals that stop it (`unknown`:
/// not in the caller's region; `erased`; `same_coach`: this coach already; `conflict`: a coach assignment
/// that starts on the first day or later exists).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct BulkCoachPreview {
    pub changes: Vec<BulkCoachChange>,
    pub refusals: Vec<BulkRefusal>,
}
