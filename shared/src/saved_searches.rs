//! Saved searches (issue 14, item 6): a user names a set of list filters and a sort, reuses it, and may
//! share it with colleagues of the same municipality (read-only for them).
//!
//! The filters are stored by their API names, as the list endpoints read them, and checked here against
//! the list they belong to, so that the server and the SPA refuse the same unknown filter or value.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::candidates::{CandidateStatus, Source};
use crate::tasks::PackageStatus;
use crate::validation::Errors;

/// The longest name of a saved search.
pub const NAME_MAX: usize = 80;
/// The most filters one saved search holds.
pub const FILTERS_MAX: usize = 10;
/// The largest `availabilityOlderThanDays` a candidate list takes (a hundred years).
pub const MAX_AVAILABILITY_DAYS: u32 = 36_500;

/// The list a saved search belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
#[derive(strum::IntoStaticStr, strum::EnumString)]
#[strum(serialize_all = "camelCase")]
pub enum SavedSearchList {
    /// The candidate list (`POST /candidates/search`).
    Candidates,
    /// The task package list (`GET /task-packages`).
    TaskPackages,
}

impl SavedSearchList {
    pub const ALL: [SavedSearchList; 2] = [SavedSearchList::Candidates, SavedSearchList::TaskPackages];

    pub fn as_str(self) -> &'static str {
        self.into()
    }
    pub fn parse(value: &str) -> Option<Self> {
        value.parse().ok()
    }

    /// The filters this list takes, by their API names.
    pub fn filter_names(self) -> &'static [&'static str] {
        match self {
            SavedSearchList::Candidates => {
                &["status", "neighbourhoodId", "source", "targetGroupRegister", "availabilityOlderThanDays"]
            }
            SavedSearchList::TaskPackages => &["status", "organisationId"],
        }
    }

    /// The sort keys this list takes (a `-` before one sorts descending).
    pub fn sort_keys(self) -> &'static [&'static str] {
        match self {
            SavedSearchList::Candidates => &crate::candidates::SORT_KEYS,
            SavedSearchList::TaskPackages => &[],
        }
    }

    /// Whether `value` is a valid value of the filter `name` of this list.
    fn accepts(self, name: &str, value: &str) -> bool {
        match (self, name) {
            (SavedSearchList::Candidates, "status") => CandidateStatus::parse(value).is_some(),
            (SavedSearchList::Candidates, "source") => Source::parse(value).is_some(),
            (SavedSearchList::Candidates, "targetGroupRegister") => matches!(value, "true" | "false"),
            (SavedSearchList::Candidates, "availabilityOlderThanDays") => {
                value.parse::<u32>().is_ok_and(|days| days <= MAX_AVAILABILITY_DAYS)
            }
            (SavedSearchList::TaskPackages, "status") => PackageStatus::parse(value).is_some(),
            (_, "neighbourhoodId" | "organisationId") => Uuid::parse_str(value).is_ok(),
            _ => false,
        }
    }
}

/// A saved search as the API shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SavedSearch {
    pub id: Uuid,
    pub list: SavedSearchList,
    pub name: String,
    /// The list's filters by their API names (`status`, `neighbourhoodId`, ...), each a text value.
    pub filters: BTreeMap<String, String>,
    /// The list's sort (`lastName`, `-updatedAt`), if one was saved.
    pub sort: Option<String>,
    /// Shared with the colleagues of the owner's municipality (read-only for them).
    pub shared: bool,
    /// The username of whoever saved it.
    pub owner_name: String,
    /// Whether the caller saved it (and so may change or delete it).
    pub mine: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

/// A new saved search, or a change of one (which carries the `version` it was based on).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SaveSavedSearch {
    /// Required when saving a new one; a change keeps the list it was saved for.
    pub list: Option<SavedSearchList>,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 80))]
    pub name: String,
    /// At most 10 filters, each one the list takes (candidates: `status`, `neighbourhoodId`, `source`,
    /// `targetGroupRegister`, `availabilityOlderThanDays`; task packages: `status`, `organisationId`) with a value it accepts.
    #[serde(default)]
    pub filters: BTreeMap<String, String>,
    /// One of the list's sort keys, optionally with `-` (candidates: lastName, status, updatedAt,
    /// createdAt; task packages take none).
    pub sort: Option<String>,
    #[serde(default)]
    pub shared: bool,
    /// The version a change was based on (not sent for a new one).
    pub version: Option<i32>,
}

impl SaveSavedSearch {
    /// Checks the name, filters and sort against `list`, recording every error; returns the cleaned
    /// name and the sort (empty means none).
    pub fn check(&self, list: SavedSearchList, errors: &mut Errors) -> (String, Option<String>) {
        let name = errors.text("name", &self.name, NAME_MAX);
        if self.filters.len() > FILTERS_MAX {
            errors.add("filters", "too_many", format!("hoogstens {FILTERS_MAX} filters"));
        }
        for (key, value) in &self.filters {
            let field = format!("filters.{key}");
            if !list.filter_names().contains(&key.as_str()) {
                errors.add(field, "not_allowed", "deze lijst kent dit filter niet");
            } else if !list.accepts(key, value) {
                errors.add(field, "invalid", "deze waarde kent het filter niet");
            }
        }
        let sort = self.sort.as_deref().map(str::trim).filter(|s| !s.is_empty());
        if let Some(sort) = sort
            && crate::paging::parse_sort(sort, list.sort_keys()).is_none()
        {
            errors.add("sort", "not_allowed", "deze lijst kan niet zo gesorteerd worden");
        }
        (name, sort.map(str::to_owned))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn search(filters: &[(&str, &str)], sort: Option<&str>) -> SaveSavedSearch {
        SaveSavedSearch {
            list: Some(SavedSearchList::Candidates),
            name: " Geschikt in Beijum ".to_owned(),
            filters: filters.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect(),
            sort: sort.map(str::to_owned),
            ..Default::default()
        }
    }

    #[test]
    fn known_filters_and_sorts_pass_and_the_name_is_cleaned() {
        let mut errors = Errors::default();
        let (name, sort) = search(&[("status", "eligible"), ("targetGroupRegister", "true")], Some("-updatedAt"))
            .check(SavedSearchList::Candidates, &mut errors);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(name, "Geschikt in Beijum");
        assert_eq!(sort.as_deref(), Some("-updatedAt"));
    }

    #[test]
    fn unknown_filters_values_and_sorts_are_each_reported() {
        let mut errors = Errors::default();
        search(&[("colour", "blue"), ("status", "open"), ("neighbourhoodId", "x")], Some("age"))
            .check(SavedSearchList::Candidates, &mut errors);
        let found: Vec<(String, String)> = errors.into_vec().into_iter().map(|p| (p.name, p.code)).collect();
        assert_eq!(
            found,
            [
                ("filters.colour".to_owned(), "not_allowed".to_owned()),
                ("filters.neighbourhoodId".to_owned(), "invalid".to_owned()),
                ("filters.status".to_owned(), "invalid".to_owned()),
                ("sort".to_owned(), "not_allowed".to_owned()),
            ]
        );
    }

    #[test]
    fn a_filter_means_what_its_list_means_by_it() {
        // `open` is a package status, not a candidate status.
        let mut errors = Errors::default();
        search(&[("status", "open")], None).check(SavedSearchList::TaskPackages, &mut errors);
        assert!(errors.is_empty(), "{errors:?}");
        let mut errors = Errors::default();
        search(&[], Some("lastName")).check(SavedSearchList::TaskPackages, &mut errors);
        assert_eq!(errors.into_vec()[0].name, "sort");
    }
}
