//! Request extractors that answer bad input with problem+json: JSON bodies, forms, query strings and
//! `{id}` path segments. Handlers use these instead of actix's `web::Json`/`web::Query`, so that every
//! malformed request gets the same kind of answer, with the field that was wrong.
//!
//! Actix extracts a handler's arguments concurrently, so a body or query error could be answered before
//! the caller's token and role are checked (a refused caller would learn what input is valid, and which
//! answer it gets would depend on a race). [`AuthGate`] orders them: the authentication extractor, always
//! a handler's first argument, opens the gate; these extractors wait until it is done before they answer.

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpMessage, HttpRequest, http::header};
use futures_util::StreamExt;
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;
use shared::problem::{InvalidParam, ProblemCode};
use uuid::Uuid;

use crate::infra::error::ApiError;

/// Held by the request while its caller is being authenticated; see the module documentation.
#[derive(Clone)]
pub struct AuthGate(tokio::sync::watch::Receiver<()>);

/// Closes the request's [`AuthGate`] when dropped: keep it inside the authentication future.
pub struct AuthGateGuard(#[allow(dead_code)] tokio::sync::watch::Sender<()>);

impl AuthGate {
    /// Called by an authentication extractor before its future starts.
    pub fn open(req: &HttpRequest) -> AuthGateGuard {
        let (sender, receiver) = tokio::sync::watch::channel(());
        req.extensions_mut().insert(AuthGate(receiver));
        AuthGateGuard(sender)
    }

    /// A future that ends when the request's authentication has ended (at once when there is none).
    pub fn after_authentication(req: &HttpRequest) -> impl Future<Output = ()> + 'static {
        let gate = req.extensions().get::<AuthGate>().cloned();
        async move {
            if let Some(AuthGate(mut receiver)) = gate {
                // Ends with an error when the guard is dropped: authentication is over.
                while receiver.changed().await.is_ok() {}
            }
        }
    }
}

/// The largest request body the API reads.
pub const BODY_LIMIT: usize = 256 * 1024;

/// A JSON request body (`Content-Type: application/json`).
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

/// An `application/x-www-form-urlencoded` request body (only the OAuth token endpoint uses it).
#[derive(Debug)]
pub struct ApiForm<T>(pub T);

/// The query string.
#[derive(Debug)]
pub struct ApiQuery<T>(pub T);

/// The paging of every list: `page` and `pageSize`, documented once (`params(ListParams, ...)`).
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// 1-based page number (default 1, at most 100,000).
    #[param(minimum = 1, maximum = 100_000)]
    pub page: Option<u64>,
    /// Items per page, 1-100 (default 25).
    #[param(minimum = 1, maximum = 100)]
    pub page_size: Option<u64>,
}

/// The query of a list: its page (checked: 400 with every wrong field) and the list's own filters and sort
/// key `F`, both read from the one query string.
#[derive(Debug)]
pub struct ListQuery<F> {
    pub paging: shared::paging::PageRequest,
    pub filter: F,
}

/// The filters of a list that has none (a history).
#[derive(Debug, Default, serde::Deserialize)]
pub struct NoFilter {}

/// The `{id}` segment of the path, a UUID.
#[derive(Debug, Clone, Copy)]
pub struct PathId(pub Uuid);

fn content_type_is(req: &HttpRequest, accepted: impl Fn(&str) -> bool) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .map(|value| value.split(';').next().unwrap_or("").trim().to_ascii_lowercase())
        .is_some_and(|mime| accepted(&mime))
}

fn read_body(req: &HttpRequest, payload: &mut Payload) -> impl Future<Output = Result<Vec<u8>, ApiError>> + 'static {
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<usize>().ok());
    let mut payload = payload.take();
    async move {
        if declared.is_some_and(|length| length > BODY_LIMIT) {
            return Err(ApiError::PayloadTooLarge { limit: BODY_LIMIT });
        }
        let mut body = Vec::with_capacity(declared.unwrap_or(0));
        while let Some(chunk) = payload.next().await {
            let chunk = chunk.map_err(|_| ApiError::BadRequest {
                code: ProblemCode::MalformedJson,
                detail: "De inhoud van het verzoek kon niet worden gelezen.".into(),
            })?;
            if body.len() + chunk.len() > BODY_LIMIT {
                return Err(ApiError::PayloadTooLarge { limit: BODY_LIMIT });
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    }
}

/// A field name from serde's path: `roles[0]` stays, the root `.` becomes `body`.
fn field_name(path: &serde_path_to_error::Path) -> String {
    let text = path.to_string();
    if text == "." { "body".into() } else { text }
}

/// A JSON body as `T`. Every type error is reported at once, in the caller's language: after each error the
/// offending value is set aside (made `null`, else left out) and the body read again, up to 50 errors.
pub fn parse_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    let malformed = |message: String| ApiError::BadRequest {
        code: ProblemCode::MalformedJson,
        detail: format!("Geen geldige JSON: {}", strip_position(&message)),
    };
    let mut value: serde_json::Value = serde_json::from_slice(body).map_err(|e| malformed(e.to_string()))?;
    integral_numbers(&mut value);
    let mut error = match serde_path_to_error::deserialize::<_, T>(value.clone()) {
        Ok(parsed) => return Ok(parsed),
        Err(error) => error,
    };
    let mut params: Vec<InvalidParam> = Vec::new();
    let mut removed: Vec<String> = Vec::new();
    for _ in 0..50 {
        let name = field_name(error.path());
        let segments: Vec<serde_path_to_error::Segment> = error.path().iter().cloned().collect();
        let seen = params.iter().any(|p| p.name == name);
        if !seen {
            params.push(type_error(&name, &error.inner().to_string()));
        } else if removed.contains(&name) {
            break;
        }
        // First try `null` (optional fields), then leave the field out (defaults).
        let changed = if seen {
            removed.push(name);
            set_at(&mut value, &segments, None)
        } else {
            set_at(&mut value, &segments, Some(serde_json::Value::Null))
        };
        if !changed {
            break;
        }
        match serde_path_to_error::deserialize::<_, T>(value.clone()) {
            Ok(_) => break,
            Err(next) => error = next,
        }
    }
    Err(ApiError::Validation(params))
}

/// JSON Schema's `integer` includes `7.0`: every number with no fraction becomes an integer, so that an
/// integer field reads it as the document promises (serde reads `7.0` only into a float, which stays as
/// valid as before).
fn integral_numbers(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Number(number) => {
            if let Some(float) = number.as_f64().filter(|_| number.is_f64())
                && float.fract() == 0.0
            {
                if float >= 0.0 && float <= u64::MAX as f64 {
                    *number = serde_json::Number::from(float as u64);
                } else if float < 0.0 && float >= i64::MIN as f64 {
                    *number = serde_json::Number::from(float as i64);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(integral_numbers),
        serde_json::Value::Object(map) => map.values_mut().for_each(integral_numbers),
        _ => {}
    }
}

fn type_error(name: &str, message: &str) -> InvalidParam {
    if let Some(field) = message.strip_prefix("missing field `").and_then(|m| m.strip_suffix('`')) {
        let name = if name == "body" { field.to_owned() } else { format!("{name}.{field}") };
        return InvalidParam::new(name, "required", "dit veld is verplicht");
    }
    if message.starts_with("unknown variant") {
        let allowed = message.split("expected ").nth(1).unwrap_or_default().replace('`', "");
        return InvalidParam::new(name, "invalid", format!("kies een van: {allowed}"));
    }
    InvalidParam::new(name, "invalid_type", "deze waarde heeft het verkeerde type of de verkeerde vorm")
}

/// Replaces (`Some`) or removes (`None`) the value at `path`; false when the path does not lead anywhere.
fn set_at(
    value: &mut serde_json::Value,
    path: &[serde_path_to_error::Segment],
    replacement: Option<serde_json::Value>,
) -> bool {
    use serde_path_to_error::Segment;
    let Some((last, parents)) = path.split_last() else { return false };
    let mut current = value;
    for segment in parents {
        current = match (segment, current) {
            (Segment::Map { key }, serde_json::Value::Object(map)) => match map.get_mut(key) {
                Some(next) => next,
                None => return false,
            },
            (Segment::Seq { index }, serde_json::Value::Array(items)) => match items.get_mut(*index) {
                Some(next) => next,
                None => return false,
            },
            _ => return false,
        };
    }
    match (last, current, replacement) {
        (Segment::Map { key }, serde_json::Value::Object(map), Some(new)) if map.contains_key(key) => {
            map.insert(key.clone(), new);
            true
        }
        (Segment::Map { key }, serde_json::Value::Object(map), None) => map.remove(key).is_some(),
        (Segment::Seq { index }, serde_json::Value::Array(items), Some(new)) if *index < items.len() => {
            items[*index] = new;
            true
        }
        (Segment::Seq { index }, serde_json::Value::Array(items), None) if *index < items.len() => {
            items.remove(*index);
            true
        }
        _ => false,
    }
}

/// serde_json appends "at line 1 column 9"; clients get the field name instead.
fn strip_position(message: &str) -> String {
    message.split(" at line ").next().unwrap_or(message).to_owned()
}

fn parse_urlencoded<T: DeserializeOwned>(text: &[u8], code: ProblemCode) -> Result<T, ApiError> {
    let deserializer = serde_urlencoded::Deserializer::new(form_urlencoded::parse(text));
    serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let name = field_name(error.path());
        if name == "body" {
            ApiError::BadRequest { code, detail: error.inner().to_string() }
        } else {
            ApiError::Validation(vec![InvalidParam::new(name, "invalid", error.inner().to_string())])
        }
    })
}

impl<T: DeserializeOwned + 'static> FromRequest for ApiJson<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let is_json = content_type_is(req, |mime| mime == "application/json" || mime.ends_with("+json"));
        let body = read_body(req, payload);
        let authenticated = AuthGate::after_authentication(req);
        Box::pin(async move {
            authenticated.await;
            if !is_json {
                return Err(ApiError::UnsupportedMediaType { expected: "application/json" });
            }
            parse_json(&body.await?).map(ApiJson)
        })
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for ApiForm<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let is_form = content_type_is(req, |mime| mime == "application/x-www-form-urlencoded");
        let body = read_body(req, payload);
        let authenticated = AuthGate::after_authentication(req);
        Box::pin(async move {
            authenticated.await;
            if !is_form {
                return Err(ApiError::UnsupportedMediaType { expected: "application/x-www-form-urlencoded" });
            }
            parse_urlencoded(&body.await?, ProblemCode::MalformedJson).map(ApiForm)
        })
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for ApiQuery<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let parsed = parse_urlencoded(req.query_string().as_bytes(), ProblemCode::MalformedQuery).map(ApiQuery);
        let authenticated = AuthGate::after_authentication(req);
        Box::pin(async move {
            authenticated.await;
            parsed
        })
    }
}

impl<F: DeserializeOwned + 'static> FromRequest for ListQuery<F> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let parsed = parse_list(req.query_string().as_bytes());
        let authenticated = AuthGate::after_authentication(req);
        Box::pin(async move {
            authenticated.await;
            parsed
        })
    }
}

/// The paging and the filter `F` of a list's query string, every field error at once.
fn parse_list<F: DeserializeOwned>(query: &[u8]) -> Result<ListQuery<F>, ApiError> {
    let mut params = Vec::new();
    let mut collect = |error: ApiError| match error {
        ApiError::Validation(found) => {
            params.extend(found);
            Ok(())
        }
        other => Err(other),
    };
    let page = parse_urlencoded::<ListParams>(query, ProblemCode::MalformedQuery);
    let filter = parse_urlencoded::<F>(query, ProblemCode::MalformedQuery);
    let mut errors = shared::validation::Errors::default();
    let paging = match page {
        Ok(page) => Some(shared::paging::PageRequest::parse(page.page, page.page_size, &mut errors)),
        Err(error) => {
            collect(error)?;
            None
        }
    };
    let filter = match filter {
        Ok(filter) => Some(filter),
        Err(error) => {
            collect(error)?;
            None
        }
    };
    if let Err(found) = errors.finish(()) {
        params.extend(found);
    }
    match (paging, filter) {
        (Some(paging), Some(filter)) if params.is_empty() => Ok(ListQuery { paging, filter }),
        _ => Err(ApiError::Validation(params)),
    }
}

/// The answer when the `{id}` segment is no UUID: when the path is a literal route (a `PUT` on
/// `/candidates/export`, which actix gave to `PUT /candidates/{id}`), 405 with that route's methods;
/// otherwise 400 `invalid_uuid`.
fn not_an_id(req: &HttpRequest) -> ApiError {
    let routes = req.app_data::<actix_web::web::Data<crate::AppState>>().map(|state| state.routes.as_slice());
    let literal = routes.and_then(|routes| {
        let literal: Vec<(String, Vec<String>)> =
            routes.iter().filter(|(template, _)| template == req.path()).cloned().collect();
        crate::infra::middleware::allowed_methods(&literal, req.path())
    });
    match literal {
        Some(allow) => ApiError::MethodNotAllowed { allow },
        None => ApiError::validation("id", "invalid_uuid", "id is geen geldige UUID"),
    }
}

impl FromRequest for PathId {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let parsed = req
            .match_info()
            .get("id")
            .and_then(|id| Uuid::parse_str(id).ok())
            .map(PathId)
            .ok_or_else(|| not_an_id(req));
        let authenticated = AuthGate::after_authentication(req);
        Box::pin(async move {
            authenticated.await;
            parsed
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Body {
        name: String,
        hours: u8,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Filter {
        #[allow(dead_code)]
        active: Option<bool>,
    }

    #[actix_web::test]
    async fn a_list_query_reports_every_wrong_field_of_paging_and_filter_at_once() {
        let req = actix_web::test::TestRequest::get().uri("/x?page=0&pageSize=500&active=soms").to_http_request();
        let Err(ApiError::Validation(params)) = ListQuery::<Filter>::extract(&req).await else {
            panic!("expected a validation error")
        };
        let mut names: Vec<_> = params.iter().map(|p| p.name.as_str()).collect();
        names.sort();
        assert_eq!(names, ["active", "page", "pageSize"]);
        let req = actix_web::test::TestRequest::get().uri("/x?page=2&active=true").to_http_request();
        let list = ListQuery::<Filter>::extract(&req).await.unwrap();
        assert_eq!((list.paging.page, list.filter.active), (2, Some(true)));
    }

    #[test]
    fn a_wrong_type_names_the_field() {
        let ApiError::Validation(params) = parse_json::<Body>(br#"{"name":"x","hours":"many"}"#).unwrap_err() else {
            panic!("expected a validation error")
        };
        assert_eq!(params[0].name, "hours");
    }

    #[test]
    fn every_type_error_of_a_body_is_reported_at_once_in_dutch() {
        #[derive(Debug, serde::Deserialize)]
        #[serde(default)]
        #[allow(dead_code)]
        struct Save {
            title: String,
            hours: Option<u16>,
            days: Vec<u8>,
            active: bool,
        }
        impl Default for Save {
            fn default() -> Self {
                Self { title: String::new(), hours: None, days: Vec::new(), active: true }
            }
        }
        let body = br#"{"title": 5, "hours": "veel", "days": [1, "ma"], "active": "ja"}"#;
        let ApiError::Validation(params) = parse_json::<Save>(body).unwrap_err() else {
            panic!("expected a validation error")
        };
        let mut names: Vec<&str> = params.iter().map(|p| p.name.as_str()).collect();
        names.sort();
        assert_eq!(names, vec!["active", "days[1]", "hours", "title"]);
        assert!(params.iter().all(|p| p.code == "invalid_type" && p.reason.contains("verkeerde type")), "{params:?}");
    }

    #[test]
    fn a_number_without_a_fraction_is_an_integer() {
        #[derive(Debug, serde::Deserialize)]
        struct Counts {
            version: i32,
            hours: u8,
            share: f64,
        }
        let counts = parse_json::<Counts>(br#"{"version": 7.0, "hours": 12.0, "share": 2.0}"#).unwrap();
        assert_eq!((counts.version, counts.hours, counts.share), (7, 12, 2.0));
        let ApiError::Validation(params) =
            parse_json::<Counts>(br#"{"version": 7.5, "hours": 1, "share": 1}"#).unwrap_err()
        else {
            panic!("expected a validation error")
        };
        assert_eq!(params[0].name, "version");
    }

    #[test]
    fn broken_json_is_malformed() {
        let error = parse_json::<Body>(br#"{"name":"#).unwrap_err();
        assert!(matches!(error, ApiError::BadRequest { code: ProblemCode::MalformedJson, .. }));
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Query {
        page: Option<u64>,
    }

    #[test]
    fn a_bad_query_value_names_the_parameter() {
        let ApiError::Validation(params) =
            parse_urlencoded::<Query>(b"page=abc", ProblemCode::MalformedQuery).unwrap_err()
        else {
            panic!("expected a validation error")
        };
        assert_eq!(params[0].name, "page");
    }
}
