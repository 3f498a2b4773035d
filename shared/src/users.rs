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
    /// The municipality whose people this user works with; `null`: the whole region.
    pub municipality_id: Option<Uuid>,
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
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false, pattern = r"^[a-z0-9._@-]{3,64}$"))]
    pub username: String,
    #[cfg_attr(
        feature = "openapi",
        schema(required = true, nullable = false, min_length = 1, max_length = 120, pattern = r"\S")
    )]
    pub display_name: String,
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
    pub role: Option<Role>,
    /// Required for (and only for) role `partner`.
    pub organisation_id: Option<Uuid>,
    /// The municipality the user works for; absent or `null`: the whole region (only a regional admin may
    /// give that; a municipality's admin gives their own municipality).
    pub municipality_id: Option<Uuid>,
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false, min_length = 12, max_length = 128))]
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
            Some(role) => {
                check_person_role(&mut errors, role);
                check_role_organisation(&mut errors, role, self.organisation_id)
            }
        }
        errors.finish(())
    }
}

/// A machine-only role (`research`) belongs to API clients, never to a person.
pub fn check_person_role(errors: &mut Errors, role: Role) {
    if role.machine_only() {
        errors.add("role", "not_allowed", "deze rol is alleen voor een API-client, nooit voor een persoon");
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
    /// Absent: unchanged; `null`: the whole region (regional admins only); an id: that municipality.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Uuid>))]
    pub municipality_id: Option<Option<Uuid>>,
    pub disabled: Option<bool>,
}

/// A field that may be present as `null`: `Some(None)`, told apart from an absent one (`None`).
fn present<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(deserializer).map(Some)
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
            municipality_id: None,
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

    #[test]
    fn an_update_tells_a_null_municipality_from_an_absent_one() {
        let absent: UpdateUser = serde_json::from_str(r#"{"version": 1}"#).unwrap();
        assert_eq!(absent.municipality_id, None);
        let regional: UpdateUser = serde_json::from_str(r#"{"version": 1, "municipalityId": null}"#).unwrap();
        assert_eq!(regional.municipality_id, Some(None));
    }
}
