//! Possible duplicate candidates (issue 14, item 5): listed for a consultant (within the caller's
//! municipality) to merge or dismiss, and checked when a candidate is registered or imported.
//!
//! Blocking (`service::candidates_in_blocks`): only candidates of one municipality with the same date of
//! birth, or the same postcode and house number, are compared; SQL finds those blocks (two partial indexes
//! over the live records), Rust compares the names within each block (`shared::duplicates`: Jaro-Winkler
//! after NFC, lower case and accent folding, at least 0.9, also with first and last name swapped). A
//! dismissed pair (`duplicate_dismissals`) is never proposed again.
//!
//! A merge (`service::merge`) moves the merged record's history to the surviving record in one
//! transaction (see [`service::MOVED`]), points the merged record at the survivor (`merged_into_id`) and
//! takes it out of every list and count; its status becomes `exited` so that matching never proposes it.
//! Audit events are never rewritten: the GDPR copy, the audit filter and the timeline of the survivor
//! follow the link ([`service::merged_ids`]). A merged record itself answers 404, like an erased one.

pub mod handlers;
pub mod service;

use shared::auth::Role;

use crate::auth::Policy;

pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    handlers::configure(config);
}

/// Who lists, merges and dismisses duplicates: consultants (and admins).
#[derive(Debug)]
pub struct DuplicateStaff;
impl Policy for DuplicateStaff {
    const ROLES: &'static [Role] = &[Role::Admin, Role::Consultant];
}
