//! The envelope around every request: a request id, the 406 check for the API, panics turned into a
//! logged 500 problem, and the headers of DESIGN.md on every response. Also the API's fallback answer for
//! unknown routes (404) and known routes with the wrong method (405 with `Allow`).

use std::panic::AssertUnwindSafe;

use actix_web::body::{BoxBody, MessageBody};

use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{HttpRequest, HttpResponse, ResponseError, web};
use futures_util::FutureExt;

use crate::AppState;
use crate::infra::context::{self, RequestInfo};
use crate::infra::error::ApiError;

const CSP_APP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
    img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; \
    form-action 'self'; frame-ancestors 'none'";
/// Swagger UI sets inline styles; it gets them, and nothing else more.
const CSP_DOCS: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
    img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

fn is_docs(path: &str) -> bool {
    path.starts_with("/api/v1/docs")
}

/// Whether the `Accept` header allows a JSON answer (absent means anything).
fn accepts_json(req: &ServiceRequest) -> bool {
    let Some(accept) = req.headers().get(header::ACCEPT).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    // Exports also answer in CSV.
    let csv_too = req.path().ends_with("/export") || req.path().ends_with("/evaluation-export");
    accept.split(',').any(|range| {
        let mime = range.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        matches!(mime.as_str(), "*/*" | "application/*" | "application/json" | "application/problem+json" | "")
            || (csv_too && matches!(mime.as_str(), "text/csv" | "text/*"))
    })
}

/// The client's address: the peer, or what a trusted proxy says in `X-Forwarded-For`
/// (`infra::client_address`). Audit events and the login limits use it.
fn client_address(req: &ServiceRequest) -> Option<std::net::IpAddr> {
    let peer = req.peer_addr()?.ip();
    let Some(state) = req.app_data::<web::Data<AppState>>() else { return Some(peer) };
    let proxies = &state.config.trusted_proxies;
    if proxies.is_empty() {
        return Some(peer);
    }
    let forwarded: Vec<&str> =
        req.headers().get_all("x-forwarded-for").filter_map(|value| value.to_str().ok()).collect();
    Some(proxies.client(peer, &forwarded))
}

pub async fn envelope(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let started = std::time::Instant::now();
    let method = req.method().to_string();
    let path = req.path().to_owned();
    let info = RequestInfo {
        request_id: uuid::Uuid::new_v4().simple().to_string(),
        path: path.clone(),
        peer: client_address(&req).map(|a| a.to_string()),
        language: shared::problem::Language::from_accept_language(
            req.headers().get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()),
        ),
        at: req
            .app_data::<actix_web::web::Data<crate::AppState>>()
            .map_or_else(|| crate::infra::clock::Clock::system().now(), |state| state.clock.now()),
    };
    let request_id = info.request_id.clone();
    let is_api = path.starts_with("/api/");
    let secure = req.connection_info().scheme() == "https";
    let facts = HeaderFacts { path: &path, is_api, secure, request_id: &request_id };

    if is_api && !is_docs(&path) && !accepts_json(&req) {
        let mut answer = context::scope(info, async { ApiError::NotAcceptable.error_response() }).await;
        log_request(&method, None, is_api, answer.status().as_u16(), started, &request_id);
        apply_headers(answer.headers_mut(), &facts);
        return Ok(req.into_response(answer));
    }
    // The request cannot be kept (actix needs it unshared while routing), so faults are answered as an
    // error that carries its complete response.
    let outcome = context::scope(info.clone(), AssertUnwindSafe(next.call(req)).catch_unwind()).await;
    let mut answer = match outcome {
        Ok(Ok(mut response)) => {
            if response.status() == actix_web::http::StatusCode::FORBIDDEN {
                context::scope(info, crate::auth::audit_denial(response.request())).await;
            }
            let route = response.request().match_pattern();
            log_request(&method, route.as_deref(), is_api, response.status().as_u16(), started, &request_id);
            apply_headers(response.headers_mut(), &facts);
            return Ok(response.map_into_boxed_body());
        }
        Ok(Err(error)) => context::scope(info, async { error.error_response() }).await,
        Err(panic) => {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            context::scope(info, async {
                ApiError::Internal(anyhow::anyhow!("handler panicked: {message}")).error_response()
            })
            .await
        }
    };
    log_request(&method, None, is_api, answer.status().as_u16(), started, &request_id);
    apply_headers(answer.headers_mut(), &facts);
    Err(actix_web::error::InternalError::from_response("request failed", answer).into())
}

/// One line per request: method, the route's pattern (`/api/v1/candidates/{id}`, never the concrete path,
/// which may hold an id), status, duration and request id. Never a query string, body or header, so no
/// personal data, token or secret reaches the log.
fn log_request(
    method: &str,
    route: Option<&str>,
    is_api: bool,
    status: u16,
    started: std::time::Instant,
    request_id: &str,
) {
    let route = route.unwrap_or(if is_api { "(no API route)" } else { "(web app)" });
    let duration_ms = started.elapsed().as_secs_f64() * 1000.0;
    tracing::info!(target: "basisbaan::request", method = %method, route = %route, status, duration_ms = %format!("{duration_ms:.1}"), request_id = %request_id, "request");
}

struct HeaderFacts<'a> {
    path: &'a str,
    is_api: bool,
    secure: bool,
    request_id: &'a str,
}

fn apply_headers(headers: &mut HeaderMap, facts: &HeaderFacts<'_>) {
    let mut set = |name: HeaderName, value: &str| {
        if let Ok(value) = HeaderValue::from_str(value) {
            headers.insert(name, value);
        }
    };
    set(HeaderName::from_static("api-version"), shared::API_VERSION);
    set(HeaderName::from_static("x-request-id"), facts.request_id);
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(header::X_FRAME_OPTIONS, "DENY");
    set(header::REFERRER_POLICY, "no-referrer");
    set(header::CONTENT_SECURITY_POLICY, if is_docs(facts.path) { CSP_DOCS } else { CSP_APP });
    if facts.secure {
        set(header::STRICT_TRANSPORT_SECURITY, "max-age=31536000; includeSubDomains");
    }
    if facts.path == "/api/v1/openapi.json" {
        set(header::ACCESS_CONTROL_ALLOW_ORIGIN, "*");
    }
    if facts.is_api && !is_docs(facts.path) && !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
}

/// The answer for any `/api` request that matched no handler: 405 with `Allow` when the path is a
/// documented route, else 404 (a trailing slash is never a route).
pub async fn api_fallback(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    match allowed_methods(&state.routes, req.path()) {
        None => ApiError::RouteNotFound.error_response(),
        Some(allow) => ApiError::MethodNotAllowed { allow }.error_response(),
    }
}

/// The methods of the documented route that `path` is, or `None`. A literal route wins over a template
/// (`/candidates/export` is not `/candidates/{id}`), as in actix's own matching of the handlers.
pub fn allowed_methods(routes: &[(String, Vec<String>)], path: &str) -> Option<Vec<String>> {
    let literal: Vec<&(String, Vec<String>)> = routes.iter().filter(|(template, _)| template == path).collect();
    let matching: Vec<&(String, Vec<String>)> = if literal.is_empty() {
        routes.iter().filter(|(template, _)| crate::infra::openapi::template_matches(template, path)).collect()
    } else {
        literal
    };
    let mut allowed: Vec<String> = matching.into_iter().flat_map(|(_, methods)| methods.iter().cloned()).collect();
    allowed.sort_by_key(|method| ["GET", "PUT", "POST", "DELETE", "PATCH"].iter().position(|m| m == method));
    allowed.dedup();
    (!allowed.is_empty()).then_some(allowed)
}
