//! Matching: the fit of candidates and task packages (`shared::matching::fit`), ranked lists, the
//! candidate's preferences, matches with their lifecycle, and the reference data the fit weighs with.
//!
//! The two assignment algorithms of a matching round live here as pure functions on indices, with no
//! database or HTTP in them, so that a service can feed them what it loaded and store what they return:
//! - [`stable`]: candidate-proposing deferred acceptance with capacities (the candidate-optimal stable
//!   matching), driven by the candidates' own preference lists;
//! - [`optimal`]: the assignment that maximises the total fit score (a rectangular assignment problem,
//!   solved by a shortest augmenting path).
//!
//! Both read the scores from one [`AcceptablePairs`] table: a pair that is not in it is unacceptable (a
//! hard exclusion) and is never matched.
//!
//! Invariants:
//! - A ranked list never loads every candidate: the hard exclusions are filtered in SQL first, on the rows
//!   of days, limitations and abilities, and only the rest is scored; the SQL filter and the fit agree (a
//!   test compares them).
//! - Only admins and consultants match; a job coach reads the matches of its caseload, a partner those of
//!   its own packages from `introduced` on (first name and hours only) and declines them for its
//!   organisation. Every ranked list, round and match read is audited with the candidates it returned.
//! - A position holds at most one placement and a candidate at most one: partial unique indexes in the
//!   database, whatever requests race.

pub mod handlers;
pub mod match_service;
pub mod optimal;
pub mod round_service;
pub mod service;
pub mod stable;

pub use stable::{AcceptablePairs, Pair, PairsError};

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

/// Who reads matches: matchers, a job coach (its caseload's) and a partner (its own packages' from
/// `introduced` on); `match_service` narrows each to what it may see.
#[derive(Debug)]
pub struct MatchReaders;
impl Policy for MatchReaders {
    const ROLES: &'static [Role] = &[Role::Admin, Role::Consultant, Role::JobCoach, Role::Partner];
}

/// Who takes steps of a match: matchers, and a partner (only `declined`, for its organisation).
#[derive(Debug)]
pub struct MatchSteppers;
impl Policy for MatchSteppers {
    const ROLES: &'static [Role] = &[Role::Admin, Role::Consultant, Role::Partner];
}
