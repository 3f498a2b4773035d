//! Organisations: work providers, guidance providers and employers. The foundation holds only what users
//! and API clients need (name, KvK number, roles); Registration extends it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::validation::{self, Errors};

/// What an organisation does in the programme (several allowed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OrganisationRole {
    WorkProvider,
    GuidanceProvider,
    Employer,
}

impl OrganisationRole {
    pub const ALL: [OrganisationRole; 3] =
        [OrganisationRole::WorkProvider, OrganisationRole::GuidanceProvider, OrganisationRole::Employer];

    pub fn as_str(self) -> &'static str {
        match self {
            OrganisationRole::WorkProvider => "work_provider",
            OrganisationRole::GuidanceProvider => "guidance_provider",
            OrganisationRole::Employer => "employer",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == value)
    }
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
    pub created_at: DateTime<Utc>,
    pub version: i32,
}

/// `POST /organisations`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[serde(default)]
pub struct CreateOrganisation {
    pub name: String,
    pub kvk_number: String,
    pub roles: Vec<OrganisationRole>,
}

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
        errors.finish(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organisation_needs_name_kvk_and_a_role() {
        let errors = CreateOrganisation { name: "".into(), kvk_number: "123".into(), roles: vec![] }
            .validate()
            .unwrap_err();
        let names: Vec<_> = errors.into_iter().map(|e| e.name).collect();
        assert_eq!(names, vec!["name", "kvkNumber", "roles"]);
    }
}
