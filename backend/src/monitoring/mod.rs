//! Monitoring (issue 13): the Werkkamer feed `GET /werkkamer/indicators`, aggregated and anonymous
//! (docs/werkkamer.md), and the pseudonymised evaluation export `GET /evaluation-export` (`evaluation`).
//!
//! Invariant: the feed publishes counts, never people; every count goes through
//! `shared::monitoring::suppress` together with every other count of the same year, so that no suppressed
//! figure can be recomputed from the published ones (tested by the attacker's LP in
//! backend/tests/api/monitoring.rs).

pub mod aggregates;
pub mod evaluation;
pub mod handlers;
pub mod service;
pub mod versioned;

use shared::auth::Role;

use crate::auth::Policy;

pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    handlers::configure(config);
}

/// Who reads the Werkkamer feed: the Werkkamer (its users and API clients) and admins.
#[derive(Debug)]
pub struct FeedReaders;
impl Policy for FeedReaders {
    const ROLES: &'static [Role] = &[Role::Admin, Role::Monitor];
}

/// Who reads the evaluation export: admins and the research partner's API client (`research`, a
/// machine-only role that may do nothing else).
#[derive(Debug)]
pub struct EvaluationReaders;
impl Policy for EvaluationReaders {
    const ROLES: &'static [Role] = &[Role::Admin, Role::Research];
}
