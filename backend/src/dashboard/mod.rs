//! The programme dashboard (issue 13, item 1): `GET /dashboard`, the programme's figures month by month for
//! staff (people by status and source, jobs against the target, hours, FTE and standard jobs, the nature of
//! the work, inflow and outflow, experiences, and for finance and admin the money), per municipality and
//! neighbourhood. The SPA draws it as charts with tables (`frontend/src/pages/dashboard/`).
//!
//! Invariants: every figure is counted in the database by a grouped query over the whole period, never by
//! walking people or contracts in the server (`service`); the answer is scoped like every staff read (a
//! municipality's staff see their own municipality only) and holds no record of a person, so reading it
//! is not audited. It is not suppressed: it is staff-internal. The Werkkamer (`monitor`) has the anonymous
//! feed instead and gets 403 here, since unsuppressed small counts of a neighbourhood can point at a person.

pub mod handlers;
pub mod service;

use shared::auth::Role;

use crate::auth::Policy;

pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    handlers::configure(config);
}

/// Who reads the dashboard: the programme's staff. The money parts only for admins and finance
/// (`service::finances`).
#[derive(Debug)]
pub struct DashboardReaders;
impl Policy for DashboardReaders {
    const ROLES: &'static [Role] = &[Role::Admin, Role::Consultant, Role::JobCoach, Role::Finance];
}
