//! Roles and the bodies of the authentication endpoints.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// What a user or API client may do; see PRODUCT.md, "Roles and what they may do".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::EnumString)]
#[strum(serialize_all = "snake_case")]
pub enum Role {
    Admin,
    Consultant,
    JobCoach,
    Finance,
    Partner,
    Monitor,
    /// The research partner's system: API clients only, never a user; reads the evaluation export only.
    Research,
}

impl Role {
    pub const ALL: [Role; 7] =
        [Role::Admin, Role::Consultant, Role::JobCoach, Role::Finance, Role::Partner, Role::Monitor, Role::Research];

    /// Every role but the machine-only ones: who may read what every account reads (reference data).
    pub const ACCOUNTS: [Role; 6] =
        [Role::Admin, Role::Consultant, Role::JobCoach, Role::Finance, Role::Partner, Role::Monitor];

    /// The wire name (`job_coach`), also stored in the database.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    pub fn parse(value: &str) -> Option<Role> {
        value.parse().ok()
    }

    /// A role only an API client may have, never a person (`research`).
    pub fn machine_only(self) -> bool {
        self == Role::Research
    }

    /// Partners act for exactly one organisation; every other role acts for none.
    pub fn needs_organisation(self) -> bool {
        self == Role::Partner
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `POST /auth/login`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[serde(default)]
pub struct LoginRequest {
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false, min_length = 1, pattern = r"\S"))]
    pub username: String,
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false, min_length = 1))]
    pub password: String,
}

/// The answer of login and refresh: a short-lived access token (the refresh token travels in a cookie).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct LoginResponse {
    /// A JWT to send as `Authorization: Bearer ...`.
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: u64,
    pub user: CurrentUser,
}

/// The logged-in person, as the SPA needs it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CurrentUser {
    pub id: Uuid,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub organisation_id: Option<Uuid>,
    /// The municipality the user works for; `null`: the whole region.
    #[serde(default)]
    pub municipality_id: Option<Uuid>,
    /// The password is a temporary one an admin issued: every other operation answers 403
    /// `password_change_required` until the user chooses their own at `POST /auth/password`.
    #[serde(default)]
    pub must_change_password: bool,
}

/// `POST /auth/password`: change one's own password.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[serde(default)]
pub struct ChangePasswordRequest {
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
    pub current_password: String,
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false, min_length = 12, max_length = 128))]
    pub new_password: String,
}

/// OAuth 2.0 client-credentials request (`application/x-www-form-urlencoded`), RFC 6749 §4.4.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct TokenRequest {
    /// Must be `client_credentials`.
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false, pattern = r"^client_credentials$"))]
    pub grant_type: String,
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
    pub client_id: String,
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
    pub client_secret: String,
}

/// OAuth 2.0 token answer (field names as RFC 6749 fixes them).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenResponse {
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    pub expires_in: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_names_round_trip_through_text_and_json() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
            assert_eq!(serde_json::to_string(&role).unwrap(), format!("\"{}\"", role.as_str()));
        }
        assert_eq!(Role::parse("root"), None);
    }
}
