//! Building the application: database, seed, OpenAPI document, and the HTTP server with every route.

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::Server;
use actix_web::middleware::{Compress, from_fn};
use actix_web::{App, HttpServer, web};
use sea_orm::DatabaseConnection;
use utoipa::OpenApi;
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

use crate::auth::limiter::{AttemptLimiter, MemoryLimiter};
use crate::auth::tokens::TokenKeys;
use crate::config::Config;
use crate::infra::middleware;
use crate::infra::openapi::{self, ApiDoc};
use crate::{
    admin, auth, bulk, contracts, dashboard, duplicates, guidance, health, matching, monitoring, organisations,
    quick_search, reference, registration, reminders, saved_searches, surveys, tasks, timeline,
};

/// What every handler can reach through `web::Data<AppState>`.
pub struct AppState {
    pub db: DatabaseConnection,
    pub config: Arc<Config>,
    pub tokens: TokenKeys,
    /// Failed password and secret checks (`auth::limiter`).
    pub login_limiter: Arc<dyn AttemptLimiter>,
    /// Searches by BSN per person (`registration`): an exception, audited and limited.
    pub bsn_search_limiter: Arc<dyn AttemptLimiter>,
    /// Caps the password hashes computed at once (each argon2id verify takes about 19 MiB).
    pub password_hashes: Arc<tokio::sync::Semaphore>,
    /// Path templates and methods of the API, for the 405 answer.
    pub routes: Vec<(String, Vec<String>)>,
    /// The time: services read it here, never from the system (tests fix it).
    pub clock: crate::infra::clock::Clock,
    /// The Werkkamer feeds computed lately (`monitoring::service::FeedCache`).
    pub feeds: monitoring::service::FeedCache,
    /// The dashboard's money computed lately (`dashboard::service::MoneyCache`).
    pub money: dashboard::service::MoneyCache,
}

/// Every API handler, each mounted with `.service(...)` so that it is also in the OpenAPI document.
fn api_scope() -> utoipa_actix_web::scope::Scope<
    impl actix_web::dev::ServiceFactory<
        actix_web::dev::ServiceRequest,
        Config = (),
        Response = actix_web::dev::ServiceResponse,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    utoipa_actix_web::scope(openapi::BASE_PATH)
        .configure(auth::handlers::configure)
        .configure(admin::configure)
        .configure(organisations::configure)
        .configure(reference::configure)
        // Before registration: its `/candidates/{id}` would take `/candidates/bulk-status` (and answer 405).
        .configure(bulk::configure)
        .configure(duplicates::configure)
        .configure(registration::configure)
        .configure(tasks::configure)
        .configure(matching::configure)
        .configure(contracts::configure)
        .configure(surveys::configure)
        .configure(guidance::configure)
        .configure(timeline::configure)
        .configure(saved_searches::configure)
        .configure(reminders::configure)
        .configure(quick_search::configure)
        .configure(monitoring::configure)
        .configure(dashboard::configure)
        .configure(health::configure)
        .default_service(web::to(middleware::api_fallback))
}

/// The finished OpenAPI document, as served at `/api/v1/openapi.json`.
pub fn openapi_document() -> utoipa::openapi::OpenApi {
    let (_, doc) = App::new().into_utoipa_app().openapi(ApiDoc::openapi()).service(api_scope()).split_for_parts();
    openapi::finalize(doc)
}

pub struct Application {
    port: u16,
    host: String,
    server: Server,
    db: DatabaseConnection,
}

impl Application {
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        if config.cheap_password_hashing {
            crate::auth::password::use_cheap_hashing();
        }
        let db = crate::db::connect(&config.database_url).await?;
        crate::seed::run(&db, &config).await?;
        let listener = TcpListener::bind(&config.address)?;
        Self::build_with(config, db, listener)
    }

    pub fn build_with(config: Config, db: DatabaseConnection, listener: TcpListener) -> anyhow::Result<Self> {
        let address = listener.local_addr()?;
        let doc = openapi_document();
        let login_limiter: Arc<dyn AttemptLimiter> = Arc::new(MemoryLimiter::new(
            config.login_max_failures,
            Duration::from_secs(config.login_window_secs),
            config.login_limiter_capacity,
        ));
        // Expired entries are dropped in the background, one shard at a time, besides when a shard is full.
        let pruned = Arc::downgrade(&login_limiter);
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(60));
            loop {
                tick.tick().await;
                let Some(limiter) = pruned.upgrade() else { break };
                limiter.prune();
            }
        });
        let state = web::Data::new(AppState {
            db: db.clone(),
            tokens: TokenKeys::new(&config.jwt_secret, config.access_token_secs),
            login_limiter,
            bsn_search_limiter: Arc::new(MemoryLimiter::new(
                config.bsn_search_max,
                Duration::from_secs(config.bsn_search_window_secs),
                config.login_limiter_capacity,
            )),
            password_hashes: Arc::new(tokio::sync::Semaphore::new(config.max_password_hashes)),
            routes: openapi::route_table(&doc),
            clock: config.fixed_now.map_or_else(crate::infra::clock::Clock::system, crate::infra::clock::Clock::fixed),
            config: Arc::new(config),
            feeds: monitoring::service::FeedCache::default(),
            money: dashboard::service::MoneyCache::default(),
        });
        let static_dir = state.config.static_dir.clone();
        let workers =
            if cfg!(debug_assertions) { 2 } else { std::thread::available_parallelism().map_or(2, |n| n.get()) };
        let server = HttpServer::new(move || {
            App::new()
                .app_data(state.clone())
                // Before the API scope, which would otherwise take /api/v1/docs and /api/v1/openapi.json.
                // `/api/v1/docs` (the address README.md gives) leads to the UI at `/api/v1/docs/`.
                .service(web::redirect("/api/v1/docs", "/api/v1/docs/").permanent())
                .service(SwaggerUi::new("/api/v1/docs/{_:.*}").url("/api/v1/openapi.json", doc.clone()))
                .into_utoipa_app()
                .service(api_scope())
                .into_app()
                .service(crate::infra::spa::service(static_dir.clone()))
                .wrap(from_fn(middleware::envelope))
                // Outermost: compresses API answers (and Swagger UI's files) for clients that ask; it leaves
                // alone the SPA's files, which spa.rs sends precompressed with their `Content-Encoding`.
                .wrap(Compress::default())
        })
        .workers(workers)
        .listen(listener)?
        .run();
        Ok(Self { port: address.port(), host: address.ip().to_string(), server, db })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn address(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }

    pub fn db(&self) -> DatabaseConnection {
        self.db.clone()
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}
