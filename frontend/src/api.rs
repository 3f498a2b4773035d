//! The one HTTP client of the SPA: typed requests over `fetch`, the access token in memory only, one
//! silent refresh on a 401, and problem+json turned into [`ApiError`] with its field errors.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use futures_util::future::{FutureExt, LocalBoxFuture, Shared};
use gloo_net::http::{Request, RequestBuilder, Response};
use leptos::prelude::{Effect, Get, GetUntracked, RwSignal, Set};
use serde::Serialize;
use serde::de::DeserializeOwned;
use shared::auth::{LoginRequest, LoginResponse};
use shared::problem::Problem;

const BASE: &str = "/api/v1";

/// One refresh of the session, shared by every request that waits for it.
type SharedRefresh = Shared<LocalBoxFuture<'static, Result<LoginResponse, ApiError>>>;

thread_local! {
    /// The access token: in memory only, never in localStorage, so a reload refreshes it from the cookie.
    static TOKEN: RefCell<Option<String>> = const { RefCell::new(None) };
    /// The refresh under way, if any. Refresh tokens are rotated and a reused one revokes every session, so
    /// requests that get a 401 at the same time must share one refresh instead of each sending the cookie.
    static REFRESHING: RefCell<Option<SharedRefresh>> = const { RefCell::new(None) };
}

pub fn set_token(token: Option<String>) {
    TOKEN.with(|t| *t.borrow_mut() = token);
}

fn token() -> Option<String> {
    TOKEN.with(|t| t.borrow().clone())
}

/// A failed request: the server's problem, or a network failure (`status` 0).
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub status: u16,
    /// Boxed: a problem is large, and every `Result` of the SPA carries this error.
    pub problem: Option<Box<Problem>>,
    pub retry_after: Option<u64>,
}

impl ApiError {
    fn network() -> Self {
        Self { status: 0, problem: None, retry_after: None }
    }

    /// The SPA's own field errors (a value it cannot read), shown like the server's.
    pub fn invalid(params: Vec<shared::problem::InvalidParam>) -> Self {
        let problem = Problem {
            type_: "about:blank".to_owned(),
            title: String::new(),
            status: 422,
            detail: String::new(),
            instance: None,
            code: "validation_failed".to_owned(),
            invalid_params: params,
            possible_duplicates: Vec::new(),
            request_id: None,
            changed_fields: None,
        };
        Self { status: 422, problem: Some(Box::new(problem)), retry_after: None }
    }

    /// The server's reason for `field` (its camelCase wire name), to show next to that field.
    pub fn field_error(&self, field: &str) -> Option<String> {
        self.problem.as_ref()?.invalid_params.iter().find(|p| p.name == field).map(|p| p.reason.clone())
    }

    pub fn code(&self) -> &str {
        self.problem.as_ref().map(|p| p.code.as_str()).unwrap_or("network")
    }

    /// A sentence for the form's general error.
    pub fn message(&self) -> String {
        match &self.problem {
            Some(problem) if problem.detail.is_empty() => problem.title.clone(),
            Some(problem) => problem.detail.clone(),
            None => String::new(),
        }
    }
}

async fn into_error(response: Response) -> ApiError {
    let retry_after = response.headers().get("retry-after").and_then(|v| v.parse().ok());
    let status = response.status();
    let problem = response.json::<Problem>().await.ok();
    ApiError { status, problem: problem.map(Box::new), retry_after }
}

enum Body {
    None,
    Json(String),
}

thread_local! {
    /// The user's language, sent as `Accept-Language` so that the server's messages follow it.
    static LANGUAGE: std::cell::Cell<&'static str> = const { std::cell::Cell::new("nl") };
}

/// Called when the user switches language.
pub fn set_language(code: &'static str) {
    LANGUAGE.with(|l| l.set(code));
}

async fn send_once(method: &str, path: &str, body: &Body) -> Result<Response, ApiError> {
    let url = format!("{BASE}{path}");
    let mut builder: RequestBuilder = match method {
        "POST" => Request::post(&url),
        "PUT" => Request::put(&url),
        "PATCH" => Request::patch(&url),
        "DELETE" => Request::delete(&url),
        _ => Request::get(&url),
    };
    builder = builder.header("Accept", "application/json").header("Accept-Language", LANGUAGE.with(|l| l.get()));
    if let Some(token) = token() {
        builder = builder.header("Authorization", &format!("Bearer {token}"));
    }
    let request = match body {
        Body::None => builder.build(),
        Body::Json(json) => builder.header("Content-Type", "application/json").body(json.clone()),
    };
    request.map_err(|_| ApiError::network())?.send().await.map_err(|_| ApiError::network())
}

/// The endpoints whose 401 means "these credentials are wrong", not "the access token expired".
const SESSION_ENDPOINTS: [&str; 3] = ["/auth/login", "/auth/refresh", "/auth/logout"];

async fn send(method: &str, path: &str, body: Body) -> Result<Response, ApiError> {
    let response = send_once(method, path, &body).await?;
    if response.status() != 401 || SESSION_ENDPOINTS.contains(&path) {
        return Ok(response);
    }
    if refresh().await.is_ok() {
        return send_once(method, path, &body).await;
    }
    crate::app::session_expired();
    Ok(response)
}

/// The body of a successful answer, else the answer's error. Typed requests read the body here and parse
/// it with [`parse`], so that only the parsing is compiled once per type, not the whole request future.
async fn body_text(response: Response) -> Result<String, ApiError> {
    if response.ok() { response.text().await.map_err(|_| ApiError::network()) } else { Err(into_error(response).await) }
}

async fn request_text(method: &str, path: &str, body: Body) -> Result<String, ApiError> {
    body_text(send(method, path, body).await?).await
}

/// [`request_text`] boxed: each typed request below holds only this box and parses the text, so that
/// the whole request is compiled once, not once per answer type and call site.
fn boxed_text(method: &'static str, path: &str, body: Body) -> LocalBoxFuture<'static, Result<String, ApiError>> {
    let path = path.to_owned();
    async move { request_text(method, &path, body).await }.boxed_local()
}

fn parse<T: DeserializeOwned>(text: Result<String, ApiError>) -> Result<T, ApiError> {
    serde_json::from_str(&text?).map_err(|_| ApiError::network())
}

async fn empty(response: Response) -> Result<(), ApiError> {
    if response.ok() { Ok(()) } else { Err(into_error(response).await) }
}

fn encode<B: Serialize>(body: &B) -> Body {
    Body::Json(serde_json::to_string(body).unwrap_or_default())
}

pub fn get<T: DeserializeOwned>(path: &str) -> impl Future<Output = Result<T, ApiError>> + 'static {
    let text = boxed_text("GET", path, Body::None);
    async move { parse(text.await) }
}

/// The body `{}`, for a POST that carries nothing.
#[derive(Serialize)]
pub struct Empty {}

/// The answer of `/candidates/{id}/reveal-bsn`.
#[derive(Clone, serde::Deserialize)]
pub struct RevealedBsn {
    pub bsn: String,
}

/// The body of a successful answer as it came (a download).
pub async fn get_body(path: &str) -> Result<String, ApiError> {
    boxed_text("GET", path, Body::None).await
}

pub fn post<B: Serialize, T: DeserializeOwned>(
    path: &str,
    body: &B,
) -> impl Future<Output = Result<T, ApiError>> + 'static {
    let text = boxed_text("POST", path, encode(body));
    async move { parse(text.await) }
}

pub async fn post_no_content<B: Serialize>(path: &str, body: &B) -> Result<(), ApiError> {
    empty(send("POST", path, encode(body)).await?).await
}

/// `DELETE path`, answered with no content.
pub async fn delete(path: &str) -> Result<(), ApiError> {
    empty(send("DELETE", path, Body::None).await?).await
}

pub fn put<B: Serialize, T: DeserializeOwned>(
    path: &str,
    body: &B,
) -> impl Future<Output = Result<T, ApiError>> + 'static {
    let text = boxed_text("PUT", path, encode(body));
    async move { parse(text.await) }
}

pub fn patch<B: Serialize, T: DeserializeOwned>(
    path: &str,
    body: &B,
) -> impl Future<Output = Result<T, ApiError>> + 'static {
    let text = boxed_text("PATCH", path, encode(body));
    async move { parse(text.await) }
}

pub async fn get_text(path: &str) -> Result<String, ApiError> {
    let url = format!("{BASE}{path}");
    let mut builder = Request::get(&url).header("Accept", "text/csv");
    if let Some(token) = token() {
        builder = builder.header("Authorization", &format!("Bearer {token}"));
    }
    let response = builder.send().await.map_err(|_| ApiError::network())?;
    if response.ok() { response.text().await.map_err(|_| ApiError::network()) } else { Err(into_error(response).await) }
}

pub async fn login(username: String, password: String) -> Result<LoginResponse, ApiError> {
    let response: LoginResponse = post("/auth/login", &LoginRequest { username, password }).await?;
    set_token(Some(response.access_token.clone()));
    Ok(response)
}

/// Exchanges the HttpOnly refresh cookie for a new access token; callers that ask while a refresh is under
/// way wait for that one.
pub async fn refresh() -> Result<LoginResponse, ApiError> {
    let refreshing = REFRESHING.with(|slot| {
        slot.borrow_mut()
            .get_or_insert_with(|| {
                async {
                    let result = refresh_once().await;
                    REFRESHING.with(|slot| *slot.borrow_mut() = None);
                    result
                }
                .boxed_local()
                .shared()
            })
            .clone()
    });
    refreshing.await
}

async fn refresh_once() -> Result<LoginResponse, ApiError> {
    let response = send_once("POST", "/auth/refresh", &Body::None).await?;
    let login: LoginResponse = parse(body_text(response).await)?;
    set_token(Some(login.access_token.clone()));
    Ok(login)
}

pub async fn logout() {
    let _ = send_once("POST", "/auth/logout", &Body::None).await;
    set_token(None);
}

/// A value the page fetched from the API: `None` until the first answer, then the latest answer. The
/// fetcher runs again whenever a signal it reads (outside its `async` block) changes; the older answer
/// stays in view meanwhile, and an answer that a newer request overtook is dropped. One signal per
/// result type instead of Leptos' `LocalResource`, whose async machinery was compiled once per result
/// type (about 100 KB of the wasm; BENCHMARKS.md).
pub struct Resource<T: 'static>(RwSignal<Option<T>>);

impl<T> Clone for Resource<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Resource<T> {}

impl<T: Clone + Send + Sync + 'static> Resource<T> {
    /// The value, tracked.
    pub fn get(&self) -> Option<T> {
        self.0.get()
    }

    pub fn get_untracked(&self) -> Option<T> {
        self.0.get_untracked()
    }
}

/// A fetch of a [`Resource`]: told the latest run's number and its own, it stores its answer only when they match.
type Job = Box<dyn Fn(Rc<Cell<u32>>, u32) -> LocalBoxFuture<'static, ()>>;

pub fn resource<T: Send + Sync + 'static, Fut: Future<Output = T> + 'static>(
    fetcher: impl Fn() -> Fut + 'static,
) -> Resource<T> {
    let value = RwSignal::new(None);
    // The only code compiled per result type: call the fetcher, and store its answer when it is still
    // the latest one asked for.
    let job: Job = Box::new(move |latest, asked| {
        let answer = fetcher();
        async move {
            let answer = answer.await;
            if latest.get() == asked {
                let _ = value.try_set(Some(answer));
            }
        }
        .boxed_local()
    });
    drive(job);
    Resource(value)
}

/// Runs `job` now and whenever what it read changes, numbering each run so that only the latest stores.
fn drive(job: Job) {
    let latest = Rc::new(Cell::new(0u32));
    Effect::new(move |_| {
        let asked = latest.get().wrapping_add(1);
        latest.set(asked);
        leptos::task::spawn_local(job(latest.clone(), asked));
    });
}

/// `?a=1&b=x` from pairs, leaving out empty values.
pub fn query(pairs: &[(&str, String)]) -> String {
    let parts: Vec<String> = pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", js_sys::encode_uri_component(v)))
        .collect();
    if parts.is_empty() { String::new() } else { format!("?{}", parts.join("&")) }
}

/// Uploads a CSV body with `XMLHttpRequest`, reporting the upload's progress (0.0-1.0) as it goes;
/// `fetch` cannot report upload progress.
pub async fn upload_csv<T: DeserializeOwned>(
    path: &str,
    csv: String,
    progress: impl Fn(f64) + 'static,
) -> Result<T, ApiError> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    let network = |_| ApiError::network();
    let xhr = web_sys::XmlHttpRequest::new().map_err(network)?;
    xhr.open("POST", &format!("{BASE}{path}")).map_err(network)?;
    xhr.set_request_header("Content-Type", "text/csv").map_err(network)?;
    xhr.set_request_header("Accept", "application/json").map_err(network)?;
    xhr.set_request_header("Accept-Language", LANGUAGE.with(|l| l.get())).map_err(network)?;
    if let Some(token) = token() {
        xhr.set_request_header("Authorization", &format!("Bearer {token}")).map_err(network)?;
    }
    let on_progress = Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |event: web_sys::ProgressEvent| {
        if event.length_computable() && event.total() > 0.0 {
            progress(event.loaded() / event.total());
        }
    });
    xhr.upload().map_err(network)?.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    let target = xhr.clone();
    let finished = js_sys::Promise::new(&mut |resolve, _reject| {
        let done = Closure::once_into_js(move || {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        });
        target.set_onloadend(Some(done.unchecked_ref()));
    });
    xhr.send_with_opt_str(Some(&csv)).map_err(network)?;
    let _ = wasm_bindgen_futures::JsFuture::from(finished).await;
    drop(on_progress);
    let status = xhr.status().unwrap_or(0);
    let text = xhr.response_text().ok().flatten().unwrap_or_default();
    if (200..300).contains(&status) {
        serde_json::from_str(&text).map_err(|_| ApiError::network())
    } else {
        let retry_after = xhr.get_response_header("retry-after").ok().flatten().and_then(|v| v.parse().ok());
        Err(ApiError { status, problem: serde_json::from_str(&text).ok().map(Box::new), retry_after })
    }
}

/// The text of a file the user chose.
pub async fn read_file(file: web_sys::File) -> Option<String> {
    let text = wasm_bindgen_futures::JsFuture::from(file.text()).await.ok()?;
    text.as_string()
}
