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
        if self.candidate_ids.is_empty() {
            errors.add("candidateIds", "required", "kies minstens één kandidaat");
        } else if self.candidate_ids.len() > BULK_MAX {
            errors.add("candidateIds", "too_many", format!("hoogstens {BULK_MAX} kandidaten tegelijk"));
        }
        let mut seen = std::collections::HashSet::new();
        for (i, id) in self.candidate_ids.iter().enumerate() {
            if !seen.insert(*id) {
                errors.add(format!("candidateIds[{i}]"), "duplicate", "deze kandidaat staat al in de lijst");
            }
        }
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
    /// `unknown` (not found in the caller's region), `illegal_transition`, or `incomplete` (the step out of
    /// intake while a field that matching needs is missing).
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
