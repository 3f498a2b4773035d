//! Administration by functional admins: user accounts, API clients and the audit log.
//!
//! Invariant: every handler here takes `Authorized<Admins>`; every change is written with its audit event
//! in one transaction.

pub mod api_clients;
pub mod audit_events;
pub mod users;

pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    users::configure(config);
    api_clients::configure(config);
    audit_events::configure(config);
}

use sea_orm::{ConnectionTrait, EntityTrait};
use shared::validation::Errors;
use uuid::Uuid;

use crate::auth::AuthUser;
use crate::error::ApiResult;

/// The municipality an admin may give an account or API client: a regional admin (no municipality of
/// their own) any existing one, or none (the whole region); a municipality's admin only their own, which is
/// also the default when none is named.
pub async fn assignable_municipality(db: &impl ConnectionTrait, admin: &AuthUser, requested: Option<Uuid>, errors: &mut Errors) -> ApiResult<Option<Uuid>> {
    match (admin.municipality_id, requested) {
        (Some(own), None) => Ok(Some(own)),
        (Some(own), Some(asked)) if asked == own => Ok(Some(own)),
        (Some(_), Some(asked)) => {
            errors.add("municipalityId", "not_allowed", "u kunt alleen uw eigen gemeente toekennen");
            Ok(Some(asked))
        }
        (None, None) => Ok(None),
        (None, Some(asked)) => {
            if crate::db::municipalities::Entity::find_by_id(asked).one(db).await?.is_none() {
                errors.add("municipalityId", "unknown", "deze gemeente bestaat niet");
            }
            Ok(Some(asked))
        }
    }
}
