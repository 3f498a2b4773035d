//! Possible duplicate candidates (issue 14, item 5): how two names are compared, and the wire types of the
//! list, the merge and the dismissal.
//!
//! Two candidates are compared only within a block: the same date of birth, or the same postcode and house
//! number (the server forms the blocks in SQL). Their names match when the Jaro-Winkler similarity of the
//! full names, each in NFC, lower case and without accents, is at least [`SIMILARITY_THRESHOLD`]; the name
//! with first and last name swapped is tried too ("Jansen Piet" for "Piet Jansen").

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::candidates::CandidateStatus;
use crate::validation::Errors;

/// The least similarity of two names that makes their records possible duplicates.
pub const SIMILARITY_THRESHOLD: f64 = 0.9;

/// A name as it is compared: NFC, lower case, accents folded, white space single.
pub fn comparable(first: &str, last: &str) -> String {
    let full = format!("{} {}", crate::text::clean(first), crate::text::clean(last));
    crate::text::fold(&full).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The similarity of two people's names (0 to 1): the better of the names as given and with the second
/// person's first and last name swapped.
pub fn name_similarity(a: (&str, &str), b: (&str, &str)) -> f64 {
    let left = comparable(a.0, a.1);
    let straight = strsim::jaro_winkler(&left, &comparable(b.0, b.1));
    let swapped = strsim::jaro_winkler(&left, &comparable(b.1, b.0));
    straight.max(swapped)
}

/// Whether two people's names are alike enough to propose their records as duplicates.
pub fn names_match(a: (&str, &str), b: (&str, &str)) -> bool {
    name_similarity(a, b) >= SIMILARITY_THRESHOLD
}

/// One record of a possible duplicate pair, with the fields staff compare.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DuplicateSide {
    pub candidate_id: Uuid,
    pub first_name: String,
    pub last_name: String,
    pub date_of_birth: Option<NaiveDate>,
    pub postcode: String,
    pub house_number: String,
    pub email: String,
    pub phone: String,
    pub status: CandidateStatus,
    pub registered_at: DateTime<Utc>,
}

/// Two records that may be the same person: the older one first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DuplicatePair {
    pub first: DuplicateSide,
    pub second: DuplicateSide,
    /// The Jaro-Winkler similarity of the names (at least 0.9).
    pub similarity: f64,
    pub same_date_of_birth: bool,
    pub same_address: bool,
}

/// `POST /duplicates/merge`: the record that stays and the one merged into it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct MergeRequest {
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
    pub survivor_id: Option<Uuid>,
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
    pub merged_id: Option<Uuid>,
}

impl MergeRequest {
    /// Both ids, and not the same one.
    pub fn check(&self, errors: &mut Errors) {
        if self.survivor_id.is_none() {
            errors.add("survivorId", "required", "kies het record dat blijft");
        }
        match self.merged_id {
            None => errors.add("mergedId", "required", "kies het record dat wordt samengevoegd"),
            Some(merged) if Some(merged) == self.survivor_id => {
                errors.add("mergedId", "same", "een record kan niet met zichzelf worden samengevoegd")
            }
            Some(_) => {}
        }
    }
}

/// How many rows of one table moved to the surviving record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct MovedRows {
    pub table: String,
    pub rows: u64,
}

/// What a merge did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct MergeResult {
    pub survivor_id: Uuid,
    pub merged_id: Uuid,
    /// The tables whose rows moved to the survivor, with their number.
    pub moved: Vec<MovedRows>,
}

/// `POST /duplicates/dismiss`: two records that are not the same person.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DismissRequest {
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
    pub first_id: Option<Uuid>,
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
    pub second_id: Option<Uuid>,
}

impl DismissRequest {
    pub fn check(&self, errors: &mut Errors) {
        if self.first_id.is_none() {
            errors.add("firstId", "required", "kies het eerste record");
        }
        match self.second_id {
            None => errors.add("secondId", "required", "kies het tweede record"),
            Some(second) if Some(second) == self.first_id => {
                errors.add("secondId", "same", "kies twee verschillende records")
            }
            Some(_) => {}
        }
    }
}

/// A row of an import's dry run that looks like a candidate already registered, or like an earlier row of
/// the same file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ImportDuplicate {
    /// The row of the file (the header is row 1).
    pub row: u64,
    /// The registered candidate it resembles, if any.
    pub candidate_id: Option<Uuid>,
    /// The earlier row of the file it resembles, if any.
    pub other_row: Option<u64>,
    pub similarity: f64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_case_swapped_names_and_typos_match_and_strangers_do_not() {
        // Diacritics and case.
        assert!(names_match(("Jose", "Garcia"), ("José", "García")));
        assert!((name_similarity(("Jose", "Garcia"), ("JOSÉ", "GARCÍA")) - 1.0).abs() < 1e-9);
        // NFC: a decomposed é is the same name.
        assert!(names_match(("Zoe\u{0301}", "Bakker"), ("Zoé", "Bakker")));
        // First and last name swapped.
        assert!(names_match(("Piet", "Jansen"), ("Jansen", "Piet")));
        // A typo.
        assert!(names_match(("Mohammed", "El Amrani"), ("Mohamed", "El Amrani")));
        assert!(names_match(("Sanne", "de Boer"), ("Sanne", "de Boor")));
        // Different people.
        assert!(!names_match(("Anna", "Jansen"), ("Bert", "Jansen")));
        assert!(!names_match(("Sanne", "de Boer"), ("Henk", "de Vries")));
        assert!(!names_match(("Piet", "Jansen"), ("Karin", "Smit")));
    }

    #[test]
    fn a_merge_or_dismissal_names_two_different_records() {
        let id = Uuid::nil();
        let mut errors = Errors::default();
        MergeRequest { survivor_id: Some(id), merged_id: Some(id) }.check(&mut errors);
        let names: Vec<String> = errors.finish(()).unwrap_err().into_iter().map(|p| p.name).collect();
        assert_eq!(names, ["mergedId"]);
        let mut errors = Errors::default();
        DismissRequest::default().check(&mut errors);
        assert_eq!(errors.finish(()).unwrap_err().len(), 2);
    }
}
