//! Staff and partner user accounts, managed by admins.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::auth::Role;
use crate::validation::{self, Errors};

/// A user account as admins see it (never its password hash).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub id: Uuid,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub organisation_id: Option<Uuid>,
    pub disabled: bool,
    pub created_at: DateTime<Utc>,
    pub last_login_at: Option<DateTime<Utc>>,
    /// Optimistic-concurrency version; send it back with a change.
    pub version: i32,
}

/// `POST /users`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[serde(default)]
pub struct CreateUser {
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
    pub username: String,
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
    pub display_name: String,
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
    pub role: Option<Role>,
    /// Required for (and only for) role `partner`.
    pub organisation_id: Option<Uuid>,
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
    pub password: String,
}

impl CreateUser {
    /// Every field rule at once; the organisation's existence is checked by the server.
    pub fn validate(&self) -> Result<(), Vec<crate::problem::InvalidParam>> {
        let mut errors = Errors::default();
        validation::check_username(&mut errors, "username", &self.username);
        errors.text("displayName", &self.display_name, validation::DISPLAY_NAME_MAX);
        validation::check_new_password(&mut errors, "password", &self.password);
        match self.role {
            None => errors.add("role", "required", "kies een rol"),
            Some(role) => check_role_organisation(&mut errors, role, self.organisation_id),
        }
        errors.finish(())
    }
}

/// A partner belongs to one organisation; other roles to none.
pub fn check_role_organisation(errors: &mut Errors, role: Role, organisation_id: Option<Uuid>) {
    match (role.needs_organisation(), organisation_id) {
        (true, None) => errors.add("organisationId", "required", "een partner hoort bij een organisatie"),
        (false, Some(_)) => errors.add("organisationId", "not_allowed", "alleen een partner hoort bij een organisatie"),
        _ => {}
    }
}

/// `PATCH /users/{id}`: only the fields that are present change.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[serde(default)]
pub struct UpdateUser {
    /// The version the change was based on; a stale version is refused with 409.
    pub version: i32,
    pub display_name: Option<String>,
    pub role: Option<Role>,
    /// Read only together with `role`: the organisation of the new role (required for `partner`,
    /// absent for every other role).
    pub organisation_id: Option<Uuid>,
    pub disabled: Option<bool>,
}

/// The answer of an admin's password reset: a temporary password, shown once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PasswordReset {
    pub temporary_password: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_user_reports_every_field_error() {
        let request = CreateUser {
            username: "A".into(),
            display_name: " ".into(),
            role: Some(Role::Partner),
            organisation_id: None,
            password: "short".into(),
        };
        let names: Vec<_> = request.validate().unwrap_err().into_iter().map(|e| e.name).collect();
        assert_eq!(names, vec!["username", "displayName", "password", "organisationId"]);
    }

    #[test]
    fn only_partners_have_an_organisation() {
        let mut errors = Errors::default();
        check_role_organisation(&mut errors, Role::Consultant, Some(Uuid::nil()));
        check_role_organisation(&mut errors, Role::Partner, Some(Uuid::nil()));
        assert_eq!(errors.into_vec().len(), 1);
    }
}
