//! Matching: the fit of candidates and task packages (`shared::matching::fit`), ranked lists, and the
//! reference data the fit weighs with.
//!
//! Invariants:
//! - A ranked list never loads every candidate: the hard exclusions are filtered in SQL first, on the rows
//!   of days, limitations and abilities, and only the rest is scored; the SQL filter and the fit agree (a
//!   test compares them).
//! - Only admins and consultants match; every ranked list is audited with the candidates it returned.

pub mod handlers;
pub mod match_service;
pub mod service;

use shared::auth::Role;

use crate::auth::Policy;

pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    handlers::configure(config);
}

/// Who matches: admins and consultants.
#[derive(Debug)]
pub struct Matchers;
impl Policy for Matchers {
    const ROLES: &'static [Role] = &[Role::Admin, Role::Consultant];
}
