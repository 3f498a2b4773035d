//! API clients: machine accounts (a partner's system, the Werkkamer dashboard) that get tokens through the
//! OAuth 2.0 client-credentials grant.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::auth::Role;
use crate::validation::Errors;

/// An API client (never its secret).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ApiClient {
    pub id: Uuid,
    /// The public `client_id` used at `POST /auth/token`.
    pub client_id: String,
    pub name: String,
    pub role: Role,
    pub organisation_id: Option<Uuid>,
    /// The municipality whose data the client reaches; `null`: the whole region.
    pub municipality_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    /// Set once the client is revoked; a revoked client gets no tokens.
    pub revoked_at: Option<DateTime<Utc>>,
    pub last_used_at: Option<DateTime<Utc>>,
    /// After this moment the secret gets no tokens; rotate it before (`POST /api-clients/{id}/rotate-secret`).
    #[serde(default)]
    pub secret_expires_at: Option<DateTime<Utc>>,
}

/// `POST /api-clients`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[serde(default)]
pub struct CreateApiClient {
    #[cfg_attr(
        feature = "openapi",
        schema(required = true, nullable = false, min_length = 1, max_length = 120, pattern = r"\S")
    )]
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
    pub role: Option<Role>,
    /// Required for (and only for) role `partner`.
    pub organisation_id: Option<Uuid>,
    /// The municipality whose data the client reaches; absent or `null`: the whole region (regional admins
    /// only).
    pub municipality_id: Option<Uuid>,
}

/// The roles a machine may have: a partner's system, the Werkkamer's dashboard and the research partner's
/// system. Staff roles belong to people, who log in themselves.
pub const MACHINE_ROLES: [Role; 3] = [Role::Partner, Role::Monitor, Role::Research];

impl CreateApiClient {
    pub fn validate(&self) -> Result<(), Vec<crate::problem::InvalidParam>> {
        let mut errors = Errors::default();
        errors.text("name", &self.name, 120);
        match self.role {
            None => errors.add("role", "required", "kies een rol"),
            Some(role) if !MACHINE_ROLES.contains(&role) => errors.add(
                "role",
                "not_allowed",
                "een API-client is een partner, een monitor of onderzoek, nooit een medewerker",
            ),
            Some(role) => crate::users::check_role_organisation(&mut errors, role, self.organisation_id),
        }
        errors.finish(())
    }
}

/// The answer of `POST /api-clients` and of a secret rotation: the only time the secret is shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CreatedApiClient {
    pub client: ApiClient,
    /// Store it now: the server keeps only a hash.
    pub client_secret: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_api_client_cannot_be_an_admin() {
        for role in [Role::Admin, Role::Consultant, Role::JobCoach, Role::Finance] {
            let request = CreateApiClient { name: "x".into(), role: Some(role), ..Default::default() };
            assert_eq!(request.validate().unwrap_err()[0].code, "not_allowed", "{role:?}");
        }
        let monitor = CreateApiClient { name: "Werkkamer".into(), role: Some(Role::Monitor), ..Default::default() };
        assert!(monitor.validate().is_ok());
    }

    #[test]
    fn a_partner_client_needs_its_organisation() {
        let request = CreateApiClient { name: "x".into(), role: Some(Role::Partner), ..Default::default() };
        assert_eq!(request.validate().unwrap_err()[0].name, "organisationId");
    }
}
