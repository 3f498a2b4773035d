//! Task intake: neighbourhood sessions, tasks with social value, and task packages with their workflow.
//!
//! Invariants:
//! - A partner (person or API client) sees and changes only its own organisation's sessions, tasks and
//!   packages; anything else answers 404, as if it did not exist. Its organisation comes from its account,
//!   never from the request.
//! - Package steps go through `shared::tasks::check_package_transition`, which also says which side may
//!   take them: a partner taking a staff step gets 403. Each step is stored with who, when and why, in the
//!   same transaction as the change.
//! - A package's content changes only in `draft` or `rejected`; its tasks belong to its organisation, add
//!   up to at most 40 hours and do not overlap in time.

pub mod handlers;
pub mod package_service;
pub mod packages;
pub mod service;

use shared::auth::Role;
use uuid::Uuid;

use crate::auth::{AuthUser, Policy};
use crate::infra::error::ApiResult;

pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    handlers::configure(config);
    packages::configure(config);
}

/// Who works with task intake: the municipality's staff and partner organisations.
#[derive(Debug)]
pub struct TaskActors;
impl Policy for TaskActors {
    const ROLES: &'static [Role] = &[Role::Admin, Role::Consultant, Role::JobCoach, Role::Partner];
}

/// Staff who change others' tasks and take the municipality's package steps.
pub fn is_staff(caller: &AuthUser) -> bool {
    matches!(caller.role, Role::Admin | Role::Consultant)
}

/// The organisation a write is for: a partner's own; for staff the one named (required).
pub fn owner_for_write(
    caller: &AuthUser,
    requested: Option<Uuid>,
    errors: &mut shared::validation::Errors,
) -> ApiResult<Option<Uuid>> {
    match caller.role {
        Role::Partner => Ok(Some(crate::auth::own_organisation(caller)?)),
        Role::Admin | Role::Consultant => {
            if requested.is_none() {
                errors.add("organisationId", "required", "kies de organisatie");
            }
            Ok(requested)
        }
        _ => crate::auth::require(false).map(|()| None),
    }
}

/// Whether `caller` may see a record of `organisation_id` in `municipality_id`.
pub fn visible(caller: &AuthUser, organisation_id: Option<Uuid>, municipality_id: Uuid) -> bool {
    match caller.role {
        Role::Partner => caller.organisation_id.is_some() && caller.organisation_id == organisation_id,
        _ => caller.covers(municipality_id),
    }
}
