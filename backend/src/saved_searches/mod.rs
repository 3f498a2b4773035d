//! Saved searches (issue 14, item 6): a user's named list filters and sort, optionally shared with the
//! colleagues of the same municipality, who read and use them but cannot change them.

pub mod handlers;
pub mod service;

use shared::auth::Role;

use crate::auth::Policy;

pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    handlers::configure(config);
}

/// Who saves searches: the staff who work with the lists (people, not machines).
#[derive(Debug)]
pub struct Searchers;
impl Policy for Searchers {
    const ROLES: &'static [Role] = &[Role::Admin, Role::Consultant, Role::JobCoach, Role::Finance];
}
