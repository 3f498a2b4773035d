//! Contracts and guidance (issue 12). So far: the cost norms of a full job (reference data that admin and
//! finance edit) and cost estimates prorated from them by `shared::contracts::estimate`, the same function
//! the SPA shows live.

pub mod handlers;
pub mod service;

use shared::auth::Role;

use crate::auth::Policy;

pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    handlers::configure(config);
}

/// Who reads costs and asks for estimates: admins, consultants and finance.
#[derive(Debug)]
pub struct CostReaders;
impl Policy for CostReaders {
    const ROLES: &'static [Role] = &[Role::Admin, Role::Consultant, Role::Finance];
}

/// Who edits the cost norms: admins and finance.
#[derive(Debug)]
pub struct CostEditors;
impl Policy for CostEditors {
    const ROLES: &'static [Role] = &[Role::Admin, Role::Finance];
}
