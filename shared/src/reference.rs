//! Reference data that admins keep: municipalities, neighbourhoods (wijken) with their postcodes, task
//! categories, abilities, and the one list of physical demands that tasks have and candidates may be
//! limited in.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::problem::InvalidParam;
use crate::validation::Errors;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Municipality {
    pub id: Uuid,
    pub name: String,
    /// CBS municipality code, e.g. `GM0014`.
    pub code: String,
}

/// `POST /municipalities` (regional admins only).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, rename_all = "camelCase")]
pub struct SaveMunicipality {
    #[cfg_attr(
        feature = "openapi",
        schema(required = true, nullable = false, min_length = 1, max_length = 120, pattern = r"\S")
    )]
    pub name: String,
    /// The CBS code: `GM` and four digits, e.g. `GM0014`.
    #[cfg_attr(
        feature = "openapi",
        schema(required = true, nullable = false, pattern = r"^[ \t\n\r\f\v]*[Gg][Mm][0-9]{4}[ \t\n\r\f\v]*$")
    )]
    pub code: String,
}

impl SaveMunicipality {
    pub fn validate(&self) -> Result<(), Vec<InvalidParam>> {
        let mut errors = Errors::default();
        errors.text("name", &self.name, 120);
        let code = self.code.trim().to_ascii_uppercase();
        if code.is_empty() {
            errors.add("code", "required", "vul de CBS-gemeentecode in");
        } else if !(code.len() == 6 && code.starts_with("GM") && code[2..].chars().all(|c| c.is_ascii_digit())) {
            errors.add("code", "pattern", "een CBS-gemeentecode is GM met vier cijfers, bijvoorbeeld GM0014");
        }
        errors.finish(())
    }
}

/// A range of 4-digit postcodes, both ends included (`9711`-`9718`); a single postcode has from = to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PostcodeRange {
    #[cfg_attr(feature = "openapi", schema(minimum = 1000, maximum = 9999))]
    pub from: u16,
    #[cfg_attr(feature = "openapi", schema(minimum = 1000, maximum = 9999))]
    pub to: u16,
}

impl PostcodeRange {
    pub fn contains(&self, pc4: u16) -> bool {
        (self.from..=self.to).contains(&pc4)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Neighbourhood {
    pub id: Uuid,
    pub municipality_id: Uuid,
    pub name: String,
    pub postcode_ranges: Vec<PostcodeRange>,
    pub version: i32,
}

/// `POST /neighbourhoods` and `PUT /neighbourhoods/{id}` (with `version`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, rename_all = "camelCase")]
pub struct SaveNeighbourhood {
    #[cfg_attr(
        feature = "openapi",
        schema(required = true, nullable = false, min_length = 1, max_length = 120, pattern = r"\S")
    )]
    pub name: String,
    /// The municipality; defaults to the only one in a single-municipality deployment.
    pub municipality_id: Option<Uuid>,
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false, min_items = 1))]
    pub postcode_ranges: Vec<PostcodeRange>,
    /// Required when changing: the version that was read.
    pub version: Option<i32>,
}

impl SaveNeighbourhood {
    pub fn validate(&self) -> Result<(), Vec<InvalidParam>> {
        let mut errors = Errors::default();
        errors.text("name", &self.name, 120);
        if self.postcode_ranges.is_empty() {
            errors.add("postcodeRanges", "required", "geef minstens één postcode of postcodereeks");
        }
        for (index, range) in self.postcode_ranges.iter().enumerate() {
            if !(1000..=9999).contains(&range.from) || !(1000..=9999).contains(&range.to) {
                errors.add(
                    format!("postcodeRanges[{index}]"),
                    "out_of_range",
                    "een postcode heeft 4 cijfers (1000-9999)",
                );
            } else if range.to < range.from {
                errors.add(format!("postcodeRanges[{index}]"), "reversed", "het einde ligt voor het begin");
            }
        }
        errors.finish(())
    }
}

/// A task category or an ability: a named item of a list admins keep.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ReferenceItem {
    pub id: Uuid,
    pub name: String,
    pub description: String,
    /// An ended item stays on existing records but is not offered for new ones.
    pub active: bool,
    pub version: i32,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, rename_all = "camelCase")]
pub struct SaveReferenceItem {
    #[cfg_attr(
        feature = "openapi",
        schema(required = true, nullable = false, min_length = 1, max_length = 120, pattern = r"\S")
    )]
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(max_length = 1000))]
    pub description: String,
    pub active: Option<bool>,
    /// Required when changing: the version that was read.
    pub version: Option<i32>,
}

impl SaveReferenceItem {
    pub fn validate(&self) -> Result<(), Vec<InvalidParam>> {
        let mut errors = Errors::default();
        errors.text("name", &self.name, 120);
        if self.description.chars().count() > 1000 {
            errors.add("description", "too_long", "maximaal 1000 tekens");
        }
        errors.finish(())
    }
}

/// What a piece of work asks of the body or the schedule. A candidate's physical limitations are a list
/// of these, checked against a task's demands in matching.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::EnumString)]
#[strum(serialize_all = "snake_case")]
pub enum PhysicalDemand {
    HeavyLifting,
    ProlongedStanding,
    ProlongedWalking,
    Kneeling,
    OutdoorWork,
    NightWork,
    WorkingAtHeight,
    Driving,
    NoisyEnvironment,
    CustomerContact,
}

impl PhysicalDemand {
    /// The demand's name in `language` (`zwaar tillen`, `heavy lifting`).
    pub fn label(self, language: crate::problem::Language) -> &'static str {
        let nl = [
            "zwaar tillen",
            "lang staan",
            "veel lopen",
            "knielen",
            "buitenwerk",
            "nachtwerk",
            "werken op hoogte",
            "autorijden",
            "lawaaiige omgeving",
            "klantcontact",
        ];
        let en = [
            "heavy lifting",
            "prolonged standing",
            "much walking",
            "kneeling",
            "outdoor work",
            "night work",
            "working at height",
            "driving",
            "noisy environment",
            "customer contact",
        ];
        let index = self as usize;
        if language == crate::problem::Language::Nl { nl[index] } else { en[index] }
    }

    pub const ALL: [PhysicalDemand; 10] = [
        PhysicalDemand::HeavyLifting,
        PhysicalDemand::ProlongedStanding,
        PhysicalDemand::ProlongedWalking,
        PhysicalDemand::Kneeling,
        PhysicalDemand::OutdoorWork,
        PhysicalDemand::NightWork,
        PhysicalDemand::WorkingAtHeight,
        PhysicalDemand::Driving,
        PhysicalDemand::NoisyEnvironment,
        PhysicalDemand::CustomerContact,
    ];

    pub fn as_str(self) -> &'static str {
        self.into()
    }

    pub fn parse(value: &str) -> Option<Self> {
        value.parse().ok()
    }
}

/// The neighbourhood a 4-digit postcode belongs to: the narrowest range that holds it.
pub fn resolve_neighbourhood(neighbourhoods: &[Neighbourhood], pc4: u16) -> Option<&Neighbourhood> {
    neighbourhoods
        .iter()
        .filter_map(|n| {
            n.postcode_ranges.iter().filter(|r| r.contains(pc4)).map(|r| r.to - r.from).min().map(|width| (width, n))
        })
        .min_by_key(|(width, _)| *width)
        .map(|(_, n)| n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hood(name: &str, ranges: &[(u16, u16)]) -> Neighbourhood {
        Neighbourhood {
            id: Uuid::new_v4(),
            municipality_id: Uuid::nil(),
            name: name.into(),
            postcode_ranges: ranges.iter().map(|(from, to)| PostcodeRange { from: *from, to: *to }).collect(),
            version: 1,
        }
    }

    #[test]
    fn a_postcode_resolves_to_the_narrowest_neighbourhood() {
        let list = vec![
            hood("Centrum", &[(9711, 9718)]),
            hood("Oosterpoort", &[(9713, 9713)]),
            hood("Noord", &[(9741, 9747)]),
        ];
        assert_eq!(resolve_neighbourhood(&list, 9713).unwrap().name, "Oosterpoort");
        assert_eq!(resolve_neighbourhood(&list, 9712).unwrap().name, "Centrum");
        assert_eq!(resolve_neighbourhood(&list, 9745).unwrap().name, "Noord");
        assert!(resolve_neighbourhood(&list, 1011).is_none());
    }

    #[test]
    fn neighbourhood_input_is_checked_range_by_range() {
        let input = SaveNeighbourhood {
            name: "Paddepoel".into(),
            postcode_ranges: vec![PostcodeRange { from: 9742, to: 9741 }, PostcodeRange { from: 99, to: 9741 }],
            ..Default::default()
        };
        let names: Vec<_> = input.validate().unwrap_err().into_iter().map(|e| (e.name, e.code)).collect();
        assert_eq!(
            names,
            vec![("postcodeRanges[0]".into(), "reversed".into()), ("postcodeRanges[1]".into(), "out_of_range".into())]
        );
    }

    #[test]
    fn physical_demands_round_trip() {
        for demand in PhysicalDemand::ALL {
            assert_eq!(PhysicalDemand::parse(demand.as_str()), Some(demand));
        }
    }
}

#[cfg(test)]
mod municipality_tests {
    use super::*;

    #[test]
    fn a_municipality_code_is_gm_and_four_digits() {
        let ok = SaveMunicipality { name: "Haren".into(), code: "gm0017".into() };
        assert!(ok.validate().is_ok());
        let bad = SaveMunicipality { name: " ".into(), code: "0017".into() };
        let names: Vec<_> = bad.validate().unwrap_err().into_iter().map(|e| (e.name, e.code)).collect();
        assert_eq!(names, vec![("name".into(), "required".into()), ("code".into(), "pattern".into())]);
    }
}
