//! Bulk actions (issue 14, item 4): the status of many candidates at once, previewed first, then changed
//! all or nothing in one transaction through the registration's own status service (so each record gets
//! its history row, change history and audit event, as a single change would).

//!
//! Job coaches in bulk (`coach.rs`): one coach for selected candidates, or a whole caseload moved from one
//! coach to another, previewed and then written all or nothing, audited per person.

pub mod coach;
pub mod handlers;
pub mod service;

pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    handlers::configure(config);
}
