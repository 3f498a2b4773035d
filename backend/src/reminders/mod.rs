//! Reminders and due dates (issue 14, item 3).
//!
//! Owns the follow-ups that staff set on a person or an organisation (`follow_ups`) and the done and
//! snoozed states of every reminder (`reminder_states`, keyed by the reminder's stable key). The other
//! reminders are derived by queries at read time from the data of the other capabilities and the app's
//! clock, never stored and never computed by a background job: a trial placement or a temporary contract
//! ending within N days, a mentor handover open (`guidance::service::handover_condition`), an employee's or
//! an organisation's survey due (`shared::surveys::next_due`), availability not confirmed for 90 days, an
//! intake not completed 30 days after registration. The date rules are `shared::reminders`.
//!
//! *Invariant*: a caller's due list holds only what it may see: admins and consultants their region, a job
//! coach its caseload, a partner its own organisation's survey, finance only its own follow-ups; monitors
//! and the research client are refused. A reminder is resolved (done or snoozed) only by a caller whose
//! list holds it (404 otherwise).

pub mod handlers;
pub mod service;

use shared::auth::Role;

use crate::auth::Policy;

pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    handlers::configure(config);
}

/// Who has a due list: staff and partners.
#[derive(Debug)]
pub struct ReminderReaders;
impl Policy for ReminderReaders {
    const ROLES: &'static [Role] = &[Role::Admin, Role::Consultant, Role::JobCoach, Role::Finance, Role::Partner];
}

/// Who sets follow-ups: the staff who guide people (a job coach on its caseload).
#[derive(Debug)]
pub struct FollowUpWriters;
impl Policy for FollowUpWriters {
    const ROLES: &'static [Role] = &[Role::Admin, Role::Consultant, Role::JobCoach];
}
