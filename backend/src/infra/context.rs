//! The facts of the request being served (its id and path), available to the error mapping and the audit
//! log without passing them through every function. Set by [`crate::infra::middleware::envelope`].

#[derive(Debug, Clone)]
pub struct RequestInfo {
    pub request_id: String,
    pub path: String,
    pub peer: Option<String>,
    /// The language of the answer, from `Accept-Language`.
    pub language: shared::problem::Language,
    /// When the request arrived, by the application's clock (`AppState::clock`; fixed in tests).
    pub at: chrono::DateTime<chrono::Utc>,
}

tokio::task_local! {
    static REQUEST: RequestInfo;
}

pub async fn scope<F: std::future::Future>(info: RequestInfo, future: F) -> F::Output {
    REQUEST.scope(info, future).await
}

/// The current request's id, if called while serving a request.
pub fn request_id() -> Option<String> {
    REQUEST.try_with(|info| info.request_id.clone()).ok()
}

pub fn request_path() -> Option<String> {
    REQUEST.try_with(|info| info.path.clone()).ok()
}

pub fn peer_address() -> Option<String> {
    REQUEST.try_with(|info| info.peer.clone()).ok().flatten()
}

/// The language the current request asked for (Dutch outside a request).
pub fn language() -> shared::problem::Language {
    REQUEST.try_with(|info| info.language).unwrap_or_default()
}

/// The time of the current request by the application's clock; outside a request (seeding, the generator),
/// the system's clock.
pub fn now() -> chrono::DateTime<chrono::Utc> {
    REQUEST.try_with(|info| info.at).unwrap_or_else(|_| crate::infra::clock::Clock::system().now())
}
