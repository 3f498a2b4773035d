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
    /// A human-readable explanation of this occurrence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The request path this problem occurred on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    /// A stable machine-readable code, see [`codes`].
    pub code: String,
    /// Every field error of the request at once (input errors only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub invalid_params: Vec<InvalidParam>,
    /// Identifies the request in the server log (quoted when reporting a fault).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
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

/// The stable `code` values of [`Problem`]. Clients may switch on these; they never change meaning.
pub mod codes {
    pub const VALIDATION_FAILED: &str = "validation_failed";
    pub const MALFORMED_JSON: &str = "malformed_json";
    pub const MALFORMED_QUERY: &str = "malformed_query";
    pub const MALFORMED_PATH: &str = "malformed_path";
    pub const UNSUPPORTED_MEDIA_TYPE: &str = "unsupported_media_type";
    pub const PAYLOAD_TOO_LARGE: &str = "payload_too_large";
    pub const NOT_ACCEPTABLE: &str = "not_acceptable";
    pub const ROUTE_NOT_FOUND: &str = "route_not_found";
    pub const NOT_FOUND: &str = "not_found";
    pub const METHOD_NOT_ALLOWED: &str = "method_not_allowed";
    pub const UNAUTHENTICATED: &str = "unauthenticated";
    pub const INVALID_TOKEN: &str = "invalid_token";
    pub const INVALID_CREDENTIALS: &str = "invalid_credentials";
    pub const INVALID_CLIENT: &str = "invalid_client";
    pub const UNSUPPORTED_GRANT_TYPE: &str = "unsupported_grant_type";
    pub const INVALID_REFRESH_TOKEN: &str = "invalid_refresh_token";
    pub const FORBIDDEN: &str = "forbidden";
    pub const CONFLICT: &str = "conflict";
    pub const STALE_VERSION: &str = "stale_version";
    pub const DUPLICATE: &str = "duplicate";
    /// A foreign key that the database refused (a referenced record vanished, or is still referenced).
    pub const REFERENCE_CONFLICT: &str = "reference_conflict";
    /// A task's content is frozen while a package it belongs to is submitted, approved, open or filled.
    pub const TASK_FROZEN: &str = "task_frozen";
    pub const ILLEGAL_TRANSITION: &str = "illegal_transition";
    pub const TOO_MANY_REQUESTS: &str = "too_many_requests";
    pub const INTERNAL_ERROR: &str = "internal_error";
}
