//! Administration by functional admins: user accounts, API clients and the audit log.
//!
//! Invariant: every handler here takes `Authorized<Admins>`; every change is written with its audit event
//! in one transaction.

pub mod api_clients;
pub mod audit_events;
pub mod users;

pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    users::configure(config);
    api_clients::configure(config);
    audit_events::configure(config);
}
