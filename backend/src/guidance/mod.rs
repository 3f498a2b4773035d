//! Guidance (issue 12, item 5): who guides a person, the job coach (a user with the role `job_coach`,
//! optionally of a guidance organisation) and the workplace mentor (a person at the work provider), each
//! assignment with its period and who made it, the history kept; check-ins on the integral view (work,
//! wellbeing, income, social problems); development goals with every update of their progress; provisions
//! with their cost and period (in the contract's costs and the budget); notes and contact moments with
//! employers. Keyed by `candidate_id`, so it works for candidates as well as employees.
//!
//! Who reads what (`service::access`): admins and consultants everything within their region; a job coach
//! the guidance of its caseload (the people whose current coach assignment names it; 404 for anyone
//! else), and it records their check-ins and goals; finance the provisions and their costs only (the rest
//! empty and named in `hiddenParts`); a partner, for the placements on its own packages, the first name,
//! hours and the mentor, and it records mentor changes; monitors nothing (403). Every read of a person's
//! guidance is audited.
//!
//! "Handover needed" (overdracht nodig): a mentor was assigned once and none is current or to come.

pub mod handlers;
pub mod service;

use shared::auth::Role;

use crate::auth::Policy;

pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    handlers::configure(config);
}

/// Who reads a person's guidance (each its own part, see the module's comment).
#[derive(Debug)]
pub struct GuidanceReaders;
impl Policy for GuidanceReaders {
    const ROLES: &'static [Role] = &[Role::Admin, Role::Consultant, Role::JobCoach, Role::Finance, Role::Partner];
}

/// Who assigns coaches and mentors: admins and consultants; a partner the mentors of its placements.
#[derive(Debug)]
pub struct Assigners;
impl Policy for Assigners {
    const ROLES: &'static [Role] = &[Role::Admin, Role::Consultant, Role::Partner];
}

/// Who records check-ins and goals: admins, consultants and the person's job coach.
#[derive(Debug)]
pub struct Guides;
impl Policy for Guides {
    const ROLES: &'static [Role] = &[Role::Admin, Role::Consultant, Role::JobCoach];
}

/// Who records provisions and employer notes, and reads the notes: admins and consultants.
#[derive(Debug)]
pub struct GuidanceStaff;
impl Policy for GuidanceStaff {
    const ROLES: &'static [Role] = &[Role::Admin, Role::Consultant];
}

/// Who reads a caseload: job coaches (their own), admins and consultants (anyone's).
#[derive(Debug)]
pub struct CaseloadReaders;
impl Policy for CaseloadReaders {
    const ROLES: &'static [Role] = &[Role::Admin, Role::Consultant, Role::JobCoach];
}
