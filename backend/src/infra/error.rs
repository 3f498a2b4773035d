//! The one error type of the API and its mapping to RFC 9457 problem+json.
//!
//! Policy: every handler returns `Result<_, ApiError>`; actix's own extractor errors and the default
//! 404/405 are routed through it too (see `extract.rs` and `middleware.rs`). Client mistakes are 4xx with a
//! stable `code`; only a real fault is a 5xx, whose body says no more than "internal error" and the request
//! id, while the cause chain goes to the log.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, ResponseError};
use shared::problem::{InvalidParam, Language, Problem, ProblemCode};

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("validation failed")]
    Validation(Vec<InvalidParam>),
    #[error("bad request: {code}")]
    BadRequest { code: ProblemCode, detail: String },
    /// A step that needs fields the record lacks (400 `incomplete`, each missing field named).
    #[error("incomplete")]
    Incomplete(Vec<InvalidParam>),
    #[error("unauthenticated: {code}")]
    Unauthenticated { code: ProblemCode, detail: &'static str },
    #[error("forbidden")]
    Forbidden,
    /// An admin reset the caller's password: they must choose their own first (`POST /auth/password`).
    #[error("password change required")]
    PasswordChangeRequired,
    #[error("not found")]
    NotFound,
    #[error("route not found")]
    RouteNotFound,
    #[error("method not allowed")]
    MethodNotAllowed { allow: Vec<String> },
    #[error("not acceptable")]
    NotAcceptable,
    #[error("conflict: {code}")]
    Conflict { code: ProblemCode, detail: String },
    /// A new candidate resembles registered ones (409 `possible_duplicate`, their ids in the problem).
    #[error("possible duplicate")]
    PossibleDuplicate(Vec<uuid::Uuid>),
    /// 409 `stale_version` with the fields changed since the caller's version (the problem's
    /// `changedFields`), where the changes are recorded.
    #[error("stale version")]
    StaleVersion { changed_fields: Vec<shared::problem::ChangedField> },
    #[error("payload too large")]
    PayloadTooLarge { limit: usize },
    #[error("unsupported media type")]
    UnsupportedMediaType { expected: &'static str },
    #[error("too many requests")]
    TooManyRequests { retry_after_secs: u64 },
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<sea_orm::DbErr> for ApiError {
    /// A constraint that still fires in the database (two requests racing past the checks) is the client's
    /// conflict, never a 500: a unique violation is 409 `duplicate`, a foreign-key violation 409
    /// `reference_conflict`. Everything else is a fault.
    fn from(error: sea_orm::DbErr) -> Self {
        match error.sql_err() {
            Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => ApiError::Conflict {
                code: ProblemCode::Duplicate,
                detail: "Dit record bestaat al (een unieke waarde is al in gebruik).".into(),
            },
            Some(sea_orm::SqlErr::ForeignKeyConstraintViolation(_)) => ApiError::Conflict {
                code: ProblemCode::ReferenceConflict,
                detail: "Een verwijzing in dit verzoek klopt niet (meer): het record waarnaar verwezen wordt bestaat niet, of wordt nog gebruikt.".into(),
            },
            // SQLite lets one writer at a time: a write transaction that loses the race for the lock is the
            // client's conflict too (try again), not a fault; so is a PostgreSQL transaction that the server
            // chose as a deadlock's victim (40P01) or could not serialise (40001).
            _ if error.to_string().contains("database is locked")
                || matches!(sqlstate(&error).as_deref(), Some("40P01" | "40001")) =>
            {
                ApiError::Conflict {
                code: ProblemCode::Conflict,
                    detail: "Een ander verzoek wijzigde dit tegelijk; probeer het opnieuw.".into(),
                }
            }
            _ => ApiError::Internal(anyhow::Error::new(error).context("database")),
        }
    }
}

/// The SQLSTATE code of a database's own error (`40P01` for a deadlock on PostgreSQL).
fn sqlstate(error: &sea_orm::DbErr) -> Option<String> {
    match error {
        sea_orm::DbErr::Exec(sea_orm::RuntimeErr::SqlxError(e))
        | sea_orm::DbErr::Query(sea_orm::RuntimeErr::SqlxError(e)) => {
            e.as_database_error().and_then(|d| d.code()).map(|code| code.into_owned())
        }
        _ => None,
    }
}

impl<E: std::fmt::Debug + std::fmt::Display + Send + Sync + 'static> From<sea_orm::TransactionError<E>> for ApiError
where
    ApiError: From<E>,
{
    fn from(error: sea_orm::TransactionError<E>) -> Self {
        match error {
            sea_orm::TransactionError::Connection(db) => db.into(),
            sea_orm::TransactionError::Transaction(inner) => inner.into(),
        }
    }
}

impl ApiError {
    pub fn validation(name: &str, code: &str, reason: impl Into<String>) -> Self {
        ApiError::Validation(vec![InvalidParam::new(name, code, reason)])
    }

    pub fn stale_version() -> Self {
        ApiError::Conflict {
            code: ProblemCode::StaleVersion,
            detail: "Iemand anders heeft dit record intussen gewijzigd. Laad het opnieuw en probeer het nog eens."
                .into(),
        }
    }

    /// [`ApiError::stale_version`] with the fields changed since the caller's version.
    pub fn stale_version_with(changed_fields: Vec<shared::problem::ChangedField>) -> Self {
        ApiError::StaleVersion { changed_fields }
    }

    fn code(&self) -> ProblemCode {
        match self {
            ApiError::StaleVersion { .. } => ProblemCode::StaleVersion,
            ApiError::Validation(_) => ProblemCode::ValidationFailed,
            ApiError::Incomplete(_) => ProblemCode::Incomplete,
            ApiError::BadRequest { code, .. } => *code,
            ApiError::Unauthenticated { code, .. } => *code,
            ApiError::Forbidden => ProblemCode::Forbidden,
            ApiError::PasswordChangeRequired => ProblemCode::PasswordChangeRequired,
            ApiError::NotFound => ProblemCode::NotFound,
            ApiError::RouteNotFound => ProblemCode::RouteNotFound,
            ApiError::MethodNotAllowed { .. } => ProblemCode::MethodNotAllowed,
            ApiError::NotAcceptable => ProblemCode::NotAcceptable,
            ApiError::Conflict { code, .. } => *code,
            ApiError::PossibleDuplicate(_) => ProblemCode::PossibleDuplicate,
            ApiError::PayloadTooLarge { .. } => ProblemCode::PayloadTooLarge,
            ApiError::UnsupportedMediaType { .. } => ProblemCode::UnsupportedMediaType,
            ApiError::TooManyRequests { .. } => ProblemCode::TooManyRequests,
            ApiError::Internal(_) => ProblemCode::InternalError,
        }
    }

    fn title(&self) -> &'static str {
        if crate::infra::context::language() == Language::En {
            return self.english_title();
        }
        match self {
            ApiError::Validation(_) => "De invoer is niet geldig",
            ApiError::Incomplete(_) => "Gegevens ontbreken",
            ApiError::BadRequest { .. } => "Onjuist verzoek",
            ApiError::Unauthenticated { .. } => "Niet ingelogd",
            ApiError::Forbidden => "Geen toegang",
            ApiError::PasswordChangeRequired => "Kies eerst een nieuw wachtwoord",
            ApiError::NotFound | ApiError::RouteNotFound => "Niet gevonden",
            ApiError::MethodNotAllowed { .. } => "Methode niet toegestaan",
            ApiError::NotAcceptable => "Antwoordformaat niet beschikbaar",
            ApiError::Conflict { .. } | ApiError::PossibleDuplicate(_) | ApiError::StaleVersion { .. } => "Conflict",
            ApiError::PayloadTooLarge { .. } => "Verzoek te groot",
            ApiError::UnsupportedMediaType { .. } => "Verkeerd inhoudstype",
            ApiError::TooManyRequests { .. } => "Te veel verzoeken",
            ApiError::Internal(_) => "Interne fout",
        }
    }

    fn english_title(&self) -> &'static str {
        match self {
            ApiError::Validation(_) => "The input is not valid",
            ApiError::Incomplete(_) => "Fields are missing",
            ApiError::BadRequest { .. } => "Bad request",
            ApiError::Unauthenticated { .. } => "Not logged in",
            ApiError::Forbidden => "No access",
            ApiError::PasswordChangeRequired => "Choose a new password first",
            ApiError::NotFound | ApiError::RouteNotFound => "Not found",
            ApiError::MethodNotAllowed { .. } => "Method not allowed",
            ApiError::NotAcceptable => "Answer format not available",
            ApiError::Conflict { .. } | ApiError::PossibleDuplicate(_) | ApiError::StaleVersion { .. } => "Conflict",
            ApiError::PayloadTooLarge { .. } => "Request too large",
            ApiError::UnsupportedMediaType { .. } => "Wrong content type",
            ApiError::TooManyRequests { .. } => "Too many requests",
            ApiError::Internal(_) => "Internal error",
        }
    }

    fn english_detail(&self) -> String {
        match self {
            ApiError::Validation(params) => format!("{} field(s) are not valid; see invalidParams.", params.len()),
            ApiError::Incomplete(params) => {
                format!("Matching needs {} field(s) that the record lacks; see invalidParams.", params.len())
            }
            ApiError::BadRequest { code, .. }
            | ApiError::Conflict { code, .. }
            | ApiError::Unauthenticated { code, .. } => code.english_detail().into(),
            ApiError::StaleVersion { .. } => ProblemCode::StaleVersion.english_detail().into(),
            ApiError::Forbidden => "Your role gives no access to this operation.".into(),
            ApiError::PasswordChangeRequired => ProblemCode::PasswordChangeRequired.english_detail().into(),
            ApiError::PossibleDuplicate(_) => ProblemCode::PossibleDuplicate.english_detail().into(),
            ApiError::NotFound => "The record does not exist or is not visible to you.".into(),
            ApiError::RouteNotFound => "This address does not exist in the API.".into(),
            ApiError::MethodNotAllowed { allow } => format!("Allowed: {}.", allow.join(", ")),
            ApiError::NotAcceptable => "This API answers in application/json.".into(),
            ApiError::PayloadTooLarge { limit } => format!("The request is larger than {limit} bytes."),
            ApiError::UnsupportedMediaType { expected } => format!("Send the content as {expected}."),
            ApiError::TooManyRequests { retry_after_secs } => format!("Try again in {retry_after_secs} seconds."),
            ApiError::Internal(_) => {
                "Something went wrong on our side. Quote the request id when you report this.".into()
            }
        }
    }

    fn detail(&self) -> String {
        if crate::infra::context::language() == Language::En {
            return self.english_detail();
        }
        match self {
            ApiError::Validation(params) => format!("{} veld(en) kloppen niet; zie invalidParams.", params.len()),
            ApiError::Incomplete(params) => format!(
                "De intake is pas af als de gegevens voor matching er zijn: {} ontbreekt of ontbreken; zie invalidParams.",
                params.len()
            ),
            ApiError::BadRequest { detail, .. } | ApiError::Conflict { detail, .. } => detail.clone(),
            ApiError::Unauthenticated { detail, .. } => (*detail).to_owned(),
            ApiError::PossibleDuplicate(ids) => format!(
                "Er staan al {} kandida(a)t(en) ingeschreven die op deze persoon lijken (zie possibleDuplicates). \
                 Controleer ze; is het toch een ander, stuur dan confirmDuplicate=true mee.",
                ids.len()
            ),
            ApiError::StaleVersion { changed_fields } => format!(
                "Iemand anders heeft dit record intussen gewijzigd ({} veld(en), zie changedFields). Laad het opnieuw en probeer het nog eens.",
                changed_fields.len()
            ),
            ApiError::Forbidden => "Uw rol geeft geen toegang tot deze handeling.".into(),
            ApiError::PasswordChangeRequired => {
                "Uw wachtwoord is tijdelijk: kies eerst een eigen wachtwoord (POST /auth/password).".into()
            }
            ApiError::NotFound => "Het gevraagde record bestaat niet of is niet voor u zichtbaar.".into(),
            ApiError::RouteNotFound => "Dit adres bestaat niet in de API.".into(),
            ApiError::MethodNotAllowed { allow } => format!("Toegestaan: {}.", allow.join(", ")),
            ApiError::NotAcceptable => "Deze API antwoordt met application/json.".into(),
            ApiError::PayloadTooLarge { limit } => format!("Het verzoek is groter dan {limit} bytes."),
            ApiError::UnsupportedMediaType { expected } => format!("Stuur de inhoud als {expected}."),
            ApiError::TooManyRequests { retry_after_secs } => {
                format!("Probeer het over {retry_after_secs} seconden opnieuw.")
            }
            ApiError::Internal(_) => "Er ging iets mis aan onze kant. Noem het request-id als u dit meldt.".into(),
        }
    }

    pub fn to_problem(&self) -> Problem {
        let status = self.status_code();
        Problem {
            type_: format!("https://basisbaan.nl/problems/{}", self.code().as_str().replace('_', "-")),
            title: self.title().into(),
            status: status.as_u16(),
            detail: self.detail(),
            instance: crate::infra::context::request_path(),
            code: self.code().as_str().into(),
            invalid_params: match self {
                ApiError::Validation(params) | ApiError::Incomplete(params)
                    if crate::infra::context::language() == Language::En =>
                {
                    params
                        .iter()
                        .map(|p| {
                            InvalidParam::new(p.name.clone(), p.code.clone(), shared::problem::english_reason(&p.code))
                        })
                        .collect()
                }
                ApiError::Validation(params) | ApiError::Incomplete(params) => params.clone(),
                _ => Vec::new(),
            },
            possible_duplicates: match self {
                ApiError::PossibleDuplicate(ids) => ids.clone(),
                _ => Vec::new(),
            },
            request_id: crate::infra::context::request_id(),
            changed_fields: match self {
                ApiError::StaleVersion { changed_fields } => Some(changed_fields.clone()),
                _ => None,
            },
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::Validation(_) | ApiError::Incomplete(_) | ApiError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            ApiError::Unauthenticated { .. } => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden | ApiError::PasswordChangeRequired => StatusCode::FORBIDDEN,
            ApiError::NotFound | ApiError::RouteNotFound => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::NotAcceptable => StatusCode::NOT_ACCEPTABLE,
            ApiError::Conflict { .. } | ApiError::PossibleDuplicate(_) | ApiError::StaleVersion { .. } => {
                StatusCode::CONFLICT
            }
            ApiError::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType { .. } => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let ApiError::Internal(cause) = self {
            tracing::error!(
                request_id = crate::infra::context::request_id().unwrap_or_default(),
                "internal error: {}",
                crate::infra::telemetry::error_chain(cause)
            );
        }
        problem_response(self.status_code(), &self.to_problem(), |builder| match self {
            ApiError::MethodNotAllowed { allow } => {
                builder.insert_header((header::ALLOW, allow.join(", ")));
            }
            ApiError::TooManyRequests { retry_after_secs } => {
                builder.insert_header((header::RETRY_AFTER, retry_after_secs.to_string()));
            }
            ApiError::Unauthenticated { .. } => {
                builder.insert_header((header::WWW_AUTHENTICATE, "Bearer realm=\"basisbaan\""));
            }
            _ => {}
        })
    }
}

pub fn problem_response(
    status: StatusCode,
    problem: &Problem,
    extra: impl FnOnce(&mut actix_web::HttpResponseBuilder),
) -> HttpResponse {
    let mut builder = HttpResponse::build(status);
    builder.content_type("application/problem+json");
    extra(&mut builder);
    builder.body(serde_json::to_string(problem).unwrap_or_else(|_| "{}".into()))
}

pub type ApiResult<T> = Result<T, ApiError>;
