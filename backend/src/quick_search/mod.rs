//! Quick search from every page (issue 14, item 8): people, organisations and task packages by name, a
//! few of each, each kind only for the roles that may read it.

pub mod handlers;
pub mod service;

use shared::auth::Role;

use crate::auth::Policy;

pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    handlers::configure(config);
}

/// Whoever reads people, organisations or packages: every role but the Werkkamer's.
#[derive(Debug)]
pub struct QuickSearchers;
impl Policy for QuickSearchers {
    const ROLES: &'static [Role] = &[Role::Admin, Role::Consultant, Role::JobCoach, Role::Finance, Role::Partner];
}
