//! Quick search from every page (issue 14, item 8): people by name (or, for the roles that may, by a
//! whole BSN), organisations and task packages, a few of each, in one request whose text travels in the
//! body, never in a URL.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::validation::Errors;

/// The most hits of each kind.
pub const HITS_PER_KIND: u64 = 5;
/// The shortest and longest search text.
pub const QUERY_MIN: usize = 2;
pub const QUERY_MAX: usize = 100;

/// `POST /quick-search`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct QuickSearchRequest {
    /// Part of a name (of a person, an organisation or a package), 2-100 characters; a whole BSN finds a
    /// person for the roles that may search by it.
    #[cfg_attr(feature = "openapi", schema(min_length = 2, max_length = 100))]
    pub query: String,
}

impl QuickSearchRequest {
    /// The trimmed text, or the field error.
    pub fn check(&self, errors: &mut Errors) -> String {
        let term = crate::text::clean(&self.query);
        let length = term.chars().count();
        if length < QUERY_MIN {
            errors.add("query", "too_short", format!("typ minstens {QUERY_MIN} tekens"));
        } else if length > QUERY_MAX {
            errors.add("query", "too_long", format!("maximaal {QUERY_MAX} tekens"));
        }
        term
    }
}

/// One hit: what it is called and, for people and packages, their status code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct QuickHit {
    pub id: Uuid,
    pub label: String,
    /// A person's status (`eligible`) or a package's (`open`); `null` for organisations.
    pub status: Option<String>,
}

/// The hits of each kind the caller may read (a kind it may not read stays empty), at most
/// [`HITS_PER_KIND`] each, with whether there were more.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct QuickSearchResult {
    pub candidates: Vec<QuickHit>,
    pub candidates_total: u64,
    pub organisations: Vec<QuickHit>,
    pub organisations_total: u64,
    pub packages: Vec<QuickHit>,
    pub packages_total: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_is_trimmed_and_needs_two_to_a_hundred_characters() {
        let check = |query: &str| {
            let mut errors = Errors::default();
            let term = QuickSearchRequest { query: query.to_owned() }.check(&mut errors);
            (term, errors.into_vec().into_iter().map(|p| p.code).collect::<Vec<_>>())
        };
        assert_eq!(check("  de  "), ("de".to_owned(), vec![]));
        assert_eq!(check(" a ").1, ["too_short"]);
        assert_eq!(check(&"x".repeat(101)).1, ["too_long"]);
    }
}
