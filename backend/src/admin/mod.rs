//! Administration by functional admins: user accounts, API clients and the audit log.
//!
//! `users.rs`, `api_clients.rs` and `audit_events.rs` hold the endpoints (parse, authorise, call one service
//! function, shape the answer); `service.rs` the rules, queries and writes of all three.
//!
//! Invariant: every handler here takes `Authorized<Admins>`; every change is written with its audit event
//! in one transaction.

pub mod api_clients;
pub mod audit_events;
pub mod service;
pub mod users;

pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    users::configure(config);
    api_clients::configure(config);
    audit_events::configure(config);
}
