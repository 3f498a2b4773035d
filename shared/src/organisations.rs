//! Organisations: work providers, guidance providers and employers. The foundation holds only what users
//! and API clients need (name, KvK number, roles); Registration extends it.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::validation::{self, Errors};

/// What an organisation does in the programme (several allowed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::EnumString)]
#[strum(serialize_all = "snake_case")]
pub enum OrganisationRole {
    WorkProvider,
    GuidanceProvider,
    Employer,
}

impl OrganisationRole {
    pub const ALL: [OrganisationRole; 3] =
        [OrganisationRole::WorkProvider, OrganisationRole::GuidanceProvider, OrganisationRole::Employer];

    pub fn as_str(self) -> &'static str {
        self.into()
    }

    pub fn parse(value: &str) -> Option<Self> {
        value.parse().ok()
    }
}

/// A contact person of an organisation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, rename_all = "camelCase")]
pub struct ContactPerson {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 120, pattern = r"\S"))]
    pub name: String,
    /// Their role, e.g. "wijkcoördinator".
    pub role: String,
    pub email: String,
    pub phone: String,
}

/// An organisation as the lookup names it (`GET /organisations/lookup`): its id and name, nothing else, so
/// that a partner can name the other organisations that took part in a neighbourhood session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct OrganisationName {
    pub id: Uuid,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Organisation {
    pub id: Uuid,
    pub name: String,
    /// Chamber of Commerce number: 8 digits, unique.
    pub kvk_number: String,
    pub roles: Vec<OrganisationRole>,
    pub description: String,
    /// The neighbourhoods (wijken) it works in.
    pub neighbourhood_ids: Vec<Uuid>,
    pub contacts: Vec<ContactPerson>,
    /// Contribution agreement: euros per filled position per year (work providers), e.g. `"5000.00"`.
    pub contribution_per_position: Option<Decimal>,
    pub created_at: DateTime<Utc>,
    pub version: i32,
}

/// `POST /organisations` and `PUT /organisations/{id}` (with `version`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, rename_all = "camelCase")]
pub struct CreateOrganisation {
    #[cfg_attr(
        feature = "openapi",
        schema(required = true, nullable = false, min_length = 1, max_length = 200, pattern = r"\S")
    )]
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false, pattern = r"^[0-9]{8}$"))]
    pub kvk_number: String,
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false, min_items = 1))]
    pub roles: Vec<OrganisationRole>,
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub description: String,
    pub neighbourhood_ids: Vec<Uuid>,
    pub contacts: Vec<ContactPerson>,
    pub contribution_per_position: Option<Decimal>,
    /// Required when changing: the version that was read.
    pub version: Option<i32>,
}

/// The same body serves creating and changing.
pub type SaveOrganisation = CreateOrganisation;

impl CreateOrganisation {
    pub fn validate(&self) -> Result<(), Vec<crate::problem::InvalidParam>> {
        let mut errors = Errors::default();
        errors.text("name", &self.name, 200);
        if !validation::is_valid_kvk(self.kvk_number.trim()) {
            errors.add("kvkNumber", "pattern", "een KvK-nummer heeft precies 8 cijfers");
        }
        if self.roles.is_empty() {
            errors.add("roles", "required", "kies minstens één rol");
        }
        if self.description.chars().count() > 2000 {
            errors.add("description", "too_long", "maximaal 2000 tekens");
        }
        if self.contacts.len() > 20 {
            errors.add("contacts", "too_many", "hoogstens 20 contactpersonen");
        }
        for (index, contact) in self.contacts.iter().enumerate() {
            errors.text(&format!("contacts[{index}].name"), &contact.name, 120);
            let email = contact.email.trim();
            if email.chars().count() > validation::EMAIL_MAX {
                errors.add(
                    format!("contacts[{index}].email"),
                    "too_long",
                    format!("maximaal {} tekens", validation::EMAIL_MAX),
                );
            } else if !email.is_empty() && (!email.contains('@') || email.contains(' ')) {
                errors.add(format!("contacts[{index}].email"), "pattern", "dit is geen e-mailadres");
            }
            if contact.phone.chars().count() > 30 || contact.role.chars().count() > 120 {
                errors.add(format!("contacts[{index}]"), "too_long", "rol of telefoon is te lang");
            }
        }
        if let Some(amount) = self.contribution_per_position {
            if amount.is_sign_negative() || amount > Decimal::from(1_000_000) {
                errors.add("contributionPerPosition", "out_of_range", "een bedrag tussen 0 en 1.000.000 euro");
            } else if amount.scale() > 2 {
                errors.add("contributionPerPosition", "precision", "hoogstens twee decimalen");
            }
        }
        errors.finish(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organisation_needs_name_kvk_and_a_role() {
        let errors = CreateOrganisation { name: "".into(), kvk_number: "123".into(), ..Default::default() }
            .validate()
            .unwrap_err();
        let names: Vec<_> = errors.into_iter().map(|e| e.name).collect();
        assert_eq!(names, vec!["name", "kvkNumber", "roles"]);
    }
}
