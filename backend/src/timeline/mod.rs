//! The working day (issue 14), so far the timeline of a person: every registration, change of the record,
//! status change, intake, eligibility decision, preference list and match step in one chronological view,
//! each with who (staff, partner, API client or the system told apart), when and what, within what the
//! caller's role may read of that person (`registration::visibility`).

pub mod handlers;
pub mod service;

pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    handlers::configure(config);
}
