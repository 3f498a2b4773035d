//! Contracts and guidance (issue 12): the cost norms of a full job (reference data that admin and finance
//! edit), cost estimates prorated from them by `shared::contracts::estimate` (the same function the SPA
//! shows live), and employment contracts (`contract_service`): drawn up from an agreed match, versioned on
//! every change, and stepped `draft -> signed -> active -> ended` together with the match, the candidate and
//! the package in one transaction.
//!
//! Invariants: one live contract per person and one contract per match (unique indexes); a contract's
//! terms are never overwritten (each version is a row of `contract_versions`); partners never read wage,
//! pay scale, cost or benefit.

pub mod budget_handlers;
pub mod budget_service;
pub mod contract_handlers;
pub mod contract_service;
pub mod handlers;
pub mod service;

use shared::auth::Role;

use crate::auth::Policy;

pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    handlers::configure(config);
    contract_handlers::configure(config);
    budget_handlers::configure(config);
}

/// Who reads contracts: admins, consultants and finance (their region's), partners (their own packages',
/// without money), job coaches (their caseload's, without wage or cost).
#[derive(Debug)]
pub struct ContractViewers;
impl Policy for ContractViewers {
    const ROLES: &'static [Role] = &[Role::Admin, Role::Consultant, Role::Finance, Role::Partner, Role::JobCoach];
}

/// Who draws up, changes and steps contracts: admins and consultants.
#[derive(Debug)]
pub struct ContractWriters;
impl Policy for ContractWriters {
    const ROLES: &'static [Role] = &[Role::Admin, Role::Consultant];
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

/// Who keeps the budget and reads its figures: admins and finance.
#[derive(Debug)]
pub struct BudgetKeepers;
impl Policy for BudgetKeepers {
    const ROLES: &'static [Role] = &[Role::Admin, Role::Finance];
}
