//! RFC 9457 problem details, the one error body of the API, and the stable error codes clients rely on.

use serde::{Deserialize, Serialize};

/// An error answer of the API (`application/problem+json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    /// A URI reference that identifies the problem type.
    #[serde(rename = "type")]
    pub type_: String,
    /// A short, human-readable summary of the problem type.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// A human-readable explanation of this occurrence (the API always sends one).
    pub detail: String,
    /// The request path this problem occurred on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    /// A stable machine-readable code, see [`codes`].
    pub code: String,
    /// Every field error of the request at once (input errors only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub invalid_params: Vec<InvalidParam>,
    /// With `possible_duplicate`: the registered candidates that the new one resembles.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub possible_duplicates: Vec<uuid::Uuid>,
    /// Identifies the request in the server log (quoted when reporting a fault).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// Extension member of a 409 `stale_version` where the changes are recorded (a candidate's record, a
    /// contract): every field changed since the version the caller sent, with its value then (`from`) and
    /// now (`to`), in the order they were first changed. For a field the caller's role may not see the
    /// values are left out (`valuesHidden`). Absent where the changes are not recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changed_fields: Option<Vec<ChangedField>>,
}

/// One field changed by someone else since the version a refused save was based on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ChangedField {
    /// The field, in the API's (camelCase) naming, e.g. `lastName`.
    pub field: String,
    /// Its value in the caller's version, as text (absent: empty, or hidden for the caller's role).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Its value now, as text (absent: empty, or hidden for the caller's role).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// The caller's role may not see this field's values: it changed, that is all.
    #[serde(default)]
    pub values_hidden: bool,
}

impl ChangedField {
    /// Folds a run of single changes, oldest first, into one entry per field: the value before the first
    /// change and after the last; a field that changed back to where it was is left out.
    pub fn fold<'a>(changes: impl IntoIterator<Item = (&'a str, Option<&'a str>, Option<&'a str>, bool)>) -> Vec<Self> {
        let mut folded: Vec<ChangedField> = Vec::new();
        for (field, from, to, hidden) in changes {
            match folded.iter_mut().find(|c| c.field == field) {
                Some(entry) => {
                    entry.to = to.map(str::to_owned);
                    entry.values_hidden |= hidden;
                }
                None => folded.push(ChangedField {
                    field: field.to_owned(),
                    from: from.map(str::to_owned),
                    to: to.map(str::to_owned),
                    values_hidden: hidden,
                }),
            }
        }
        folded.retain(|c| c.from != c.to || c.values_hidden);
        for entry in folded.iter_mut().filter(|c| c.values_hidden) {
            entry.from = None;
            entry.to = None;
        }
        folded
    }
}

/// One field error: which field, which rule, and a sentence for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvalidParam {
    /// The field, in the request's own (camelCase) naming; nested fields joined with dots.
    pub name: String,
    /// A stable machine-readable rule code, e.g. `required`, `too_long`, `out_of_range`.
    pub code: String,
    /// Why the value is wrong, for people.
    pub reason: String,
}

impl InvalidParam {
    pub fn new(name: impl Into<String>, code: impl Into<String>, reason: impl Into<String>) -> Self {
        Self { name: name.into(), code: code.into(), reason: reason.into() }
    }
}

/// The stable `code` of a [`Problem`]: one enum, so that every code the server can answer is listed here,
/// has its English explanation ([`ProblemCode::english_detail`]), and never changes meaning. Clients may
/// switch on these.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum ProblemCode {
    ValidationFailed,
    MalformedJson,
    MalformedQuery,
    MalformedPath,
    UnsupportedMediaType,
    PayloadTooLarge,
    NotAcceptable,
    RouteNotFound,
    NotFound,
    MethodNotAllowed,
    Unauthenticated,
    InvalidToken,
    InvalidCredentials,
    InvalidClient,
    UnsupportedGrantType,
    InvalidRefreshToken,
    Forbidden,
    PasswordChangeRequired,
    Conflict,
    StaleVersion,
    PreferencesInRound,
    Duplicate,
    ReferenceConflict,
    TaskFrozen,
    IllegalTransition,
    TooManyRequests,
    InternalError,
    MalformedCsv,
    TooManyRows,
    NotEditable,
    NotInMatching,
    RoundTooLarge,
    PossibleDuplicate,
    Incomplete,
}

impl ProblemCode {
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

impl std::fmt::Display for ProblemCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The languages the API answers in: Dutch (the default) and English, chosen by `Accept-Language`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Language {
    #[default]
    Nl,
    En,
}

impl Language {
    /// The first language of an `Accept-Language` header that the API speaks (`en-GB,en;q=0.9` is
    /// English; `de, en;q=0.5` too; anything else, or none, Dutch).
    pub fn from_accept_language(header: Option<&str>) -> Self {
        let Some(header) = header else { return Language::Nl };
        let mut ranges: Vec<(f32, &str)> = header
            .split(',')
            .filter_map(|range| {
                let mut parts = range.split(';');
                let tag = parts.next()?.trim();
                let q = parts.find_map(|p| p.trim().strip_prefix("q=")).and_then(|q| q.parse().ok()).unwrap_or(1.0);
                Some((q, tag))
            })
            .collect();
        ranges.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap_or(std::cmp::Ordering::Equal));
        for (_, tag) in ranges {
            let primary = tag.split('-').next().unwrap_or("").to_ascii_lowercase();
            match primary.as_str() {
                "nl" => return Language::Nl,
                "en" => return Language::En,
                _ => {}
            }
        }
        Language::Nl
    }
}

/// The English sentence for a field rule `code` (field errors are written in Dutch where they are found;
/// an English caller gets this sentence instead).
pub fn english_reason(code: &str) -> &'static str {
    match code {
        "required" => "This field is required.",
        "too_long" => "This value is too long.",
        "too_short" => "This value is too short.",
        "length" => "This value has the wrong length.",
        "pattern" => "This value does not have the expected form.",
        "unknown" => "This record does not exist (or is not visible to you).",
        "out_of_range" => "This value is out of range.",
        "invalid" | "invalid_type" => "This value has the wrong type or form.",
        "invalid_uuid" => "This is not a valid UUID.",
        "not_allowed" => "This value is not allowed here.",
        "self" => "You cannot do this to your own account.",
        "precision" => "Too many decimals.",
        "in_future" => "This date lies in the future.",
        "duplicate" => "This value exists already.",
        "wrong" => "This value is wrong.",
        "unchanged" => "The new value equals the current one.",
        "too_weak" => "Use digits or punctuation besides letters.",
        "too_common" => "This password is one of the most used ones; choose another.",
        "too_many_hours" => "The tasks add up to more than 40 hours a week.",
        "too_many" => "Too many values.",
        "reversed" => "The end lies before the start.",
        "before_from" => "The end lies before the start.",
        "overlapping_schedule" => "Tasks overlap in time.",
        "in_other_package" => "A task already belongs to another package; a task belongs to one package at a time.",
        "eleven_check" => "This is not a valid BSN (it fails the 11-check).",
        "age_out_of_range" => "The date of birth gives an implausible age.",
        "other_municipality" => "This person belongs to another municipality.",
        "missing" => "Matching needs this field; fill it in first.",
        "in_past" => "This date lies in the past.",
        "stale_version" => "Someone else changed this record first; reload it and try again.",
        _ => "This value is not valid.",
    }
}

impl ProblemCode {
    /// The English explanation, for the answers whose Dutch detail is written where the problem arises.
    pub fn english_detail(self) -> &'static str {
        match self {
            ProblemCode::ValidationFailed => "One or more fields are not valid; see invalidParams.",
            ProblemCode::MalformedJson => "The body is not valid JSON.",
            ProblemCode::MalformedQuery => "The query string is not valid.",
            ProblemCode::MalformedPath => "The path holds an invalid value.",
            ProblemCode::UnsupportedMediaType => "The content type of the request is not supported.",
            ProblemCode::PayloadTooLarge => "The request is too large.",
            ProblemCode::NotAcceptable => "This API answers in application/json.",
            ProblemCode::RouteNotFound => "This address does not exist in the API.",
            ProblemCode::NotFound => "The record does not exist or is not visible to you.",
            ProblemCode::MethodNotAllowed => "This method is not allowed on this address.",
            ProblemCode::Unauthenticated => "Send an access token as Authorization: Bearer <token>.",
            ProblemCode::InvalidToken => "The access token is invalid or has expired.",
            ProblemCode::InvalidCredentials => "The username or password is wrong.",
            ProblemCode::InvalidClient => "The client id or secret is wrong.",
            ProblemCode::UnsupportedGrantType => "Only grant_type=client_credentials is supported.",
            ProblemCode::InvalidRefreshToken => "The session has ended; log in again.",
            ProblemCode::Forbidden => "Your role gives no access to this operation.",
            ProblemCode::PasswordChangeRequired => {
                "Your password is temporary: choose your own first (POST /auth/password)."
            }
            ProblemCode::Conflict => "The request conflicts with the current state.",
            ProblemCode::StaleVersion => "Someone else changed this record first. Reload it and try again.",
            ProblemCode::PreferencesInRound => {
                "A matching round used these preferences and its proposal for this candidate is not yet accepted \
                 or rejected; they can change once it is."
            }
            ProblemCode::Duplicate => "This record exists already (a unique value is in use).",
            ProblemCode::ReferenceConflict => "A reference in this request does not (or no longer) hold.",
            ProblemCode::TaskFrozen => {
                "This task belongs to a submitted, approved, open or filled package and cannot change now."
            }
            ProblemCode::IllegalTransition => "This step is not possible from the current status.",
            ProblemCode::TooManyRequests => "Too many requests; try again later.",
            ProblemCode::InternalError => {
                "Something went wrong on our side. Quote the request id when you report this."
            }
            ProblemCode::MalformedCsv => "The CSV file cannot be read.",
            ProblemCode::TooManyRows => "The file has more rows than one import takes; split it.",
            ProblemCode::NotEditable => "A package changes only as a draft or after rejection.",
            ProblemCode::NotInMatching => {
                "Only an eligible candidate (or one in a pre-trajectory) takes part in matching."
            }
            ProblemCode::Incomplete => "The record lacks fields that this step needs; see invalidParams.",
            ProblemCode::RoundTooLarge => {
                "A matching round covers at most 5,000 candidates and 1,000 positions; choose fewer."
            }
            ProblemCode::PossibleDuplicate => {
                "Registered candidates resemble this one (see possibleDuplicates); send confirmDuplicate=true to \
                 register it anyway."
            }
        }
    }
}

#[cfg(test)]
mod language_tests {
    use super::*;

    #[test]
    fn every_problem_code_has_one_stable_name_and_an_english_explanation() {
        use strum::VariantArray;
        for code in ProblemCode::VARIANTS {
            assert_eq!(serde_json::to_value(code).unwrap(), code.as_str(), "{code:?}");
            assert_eq!(code.as_str().parse::<ProblemCode>().unwrap(), *code);
            assert!(code.english_detail().ends_with('.'), "{code:?}");
        }
        assert_eq!(ProblemCode::StaleVersion.as_str(), "stale_version");
    }

    #[test]
    fn accept_language_picks_the_first_language_the_api_speaks() {
        assert_eq!(Language::from_accept_language(None), Language::Nl);
        assert_eq!(Language::from_accept_language(Some("en-GB,en;q=0.9")), Language::En);
        assert_eq!(Language::from_accept_language(Some("de, en;q=0.5, nl;q=0.4")), Language::En);
        assert_eq!(Language::from_accept_language(Some("en;q=0.3, nl-NL")), Language::Nl);
        assert_eq!(Language::from_accept_language(Some("fr")), Language::Nl);
    }

    #[test]
    fn changes_fold_into_one_entry_per_field_and_hidden_values_stay_out() {
        let folded = ChangedField::fold([
            ("lastName", Some("Visser"), Some("Vissers"), false),
            ("phone", None, Some("0612345678"), false),
            ("lastName", Some("Vissers"), Some("de Visser"), false),
            ("limitationNotes", Some("oud"), Some("nieuw"), true),
            ("phone", Some("0612345678"), None, false),
        ]);
        assert_eq!(
            folded,
            [
                ChangedField {
                    field: "lastName".into(),
                    from: Some("Visser".into()),
                    to: Some("de Visser".into()),
                    values_hidden: false
                },
                ChangedField { field: "limitationNotes".into(), from: None, to: None, values_hidden: true },
            ]
        );
        let sent = serde_json::to_value(&folded[1]).unwrap();
        assert_eq!(sent, serde_json::json!({"field": "limitationNotes", "valuesHidden": true}));
    }
}
