//! Experience surveys (issue 12 item 6). An employee's survey belongs to an active contract and is due every
//! three months from its start; an organisation's survey is due every six months while the organisation has
//! a placement (an active contract on one of its packages). When a survey is due is computed on every read
//! from the data and the app's clock by `shared::surveys::next_due` (no background job).
//!
//! Who: admins and consultants (within their region) enter and read both; a partner enters the employee
//! surveys of its own placements and enters and reads its own organisation's surveys. A job coach enters
//! and reads those of its caseload (the people whose current coach assignment names it,
//! `guidance::service::in_caseload`; 404 for others: `service::may_enter_employee_survey`); finance and
//! monitors: 403.

pub mod handlers;
pub mod service;

use shared::auth::Role;

use crate::auth::Policy;

pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    handlers::configure(config);
}

/// Who reads a contract's employee surveys: admins and consultants; job coaches pass the role check and
/// are then decided by `service::may_enter_employee_survey` (their caseload only).
#[derive(Debug)]
pub struct EmployeeSurveyReaders;
impl Policy for EmployeeSurveyReaders {
    const ROLES: &'static [Role] = &[Role::Admin, Role::Consultant, Role::JobCoach];
}

/// Who enters an employee survey: staff, job coaches (decided per person), partners (their own placements).
#[derive(Debug)]
pub struct EmployeeSurveyWriters;
impl Policy for EmployeeSurveyWriters {
    const ROLES: &'static [Role] = &[Role::Admin, Role::Consultant, Role::JobCoach, Role::Partner];
}

/// Who reads and enters an organisation's surveys: admins, consultants and the organisation itself.
#[derive(Debug)]
pub struct OrganisationSurveyUsers;
impl Policy for OrganisationSurveyUsers {
    const ROLES: &'static [Role] = &[Role::Admin, Role::Consultant, Role::Partner];
}
