//! `spawn_app_with` and the `TestApp` with typed helpers that go through the public API.

use std::sync::atomic::{AtomicBool, Ordering};

use backend::Application;
use backend::config::Config;
use reqwest::{Response, StatusCode};
use sea_orm::{ConnectionTrait, Database};
use serde_json::{Value, json};
use shared::auth::{LoginResponse, Role};
use uuid::Uuid;

pub const ADMIN_PASSWORD: &str = "Admin-wachtwoord-1";
pub const PASSWORD: &str = "Test-wachtwoord-1";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Removes the test's database when the test ends, also when it fails.
struct DatabaseGuard {
    sqlite_file: Option<std::path::PathBuf>,
    postgres: Option<(String, String)>,
}

impl Drop for DatabaseGuard {
    fn drop(&mut self) {
        if let Some(file) = &self.sqlite_file {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
            }
        }
        if let Some((maintenance_url, name)) = self.postgres.take() {
            // Drop runs inside the test's runtime; a separate thread with its own runtime may block.
            let _ = std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
                runtime.block_on(async {
                    if let Ok(db) = Database::connect(&maintenance_url).await {
                        let _ =
                            db.execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)")).await;
                        let _ = db.close().await;
                    }
                });
            })
            .join();
        }
    }
}

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub jwt_secret: Vec<u8>,
    /// The app's own database, for the few tests that must change what no endpoint changes (time passing).
    pub database_url: String,
    admin_token: tokio::sync::OnceCell<String>,
    _guard: DatabaseGuard,
}

fn postgres_url() -> Option<String> {
    std::env::var("TEST_DATABASE_URL").ok().filter(|url| url.starts_with("postgres"))
}

/// Replaces the database name at the end of a PostgreSQL URL.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, None), |(b, q)| (b, Some(q)));
    let prefix = base.rsplit_once('/').map_or(base, |(prefix, _)| prefix);
    match query {
        Some(query) => format!("{prefix}/{name}?{query}"),
        None => format!("{prefix}/{name}"),
    }
}

/// A migrated PostgreSQL database that every test database of this process is copied from, so that each
/// test does not run the migrations again. Made once per test process (named after it); templates left by
/// test processes that no longer run are dropped first.
async fn postgres_template(maintenance: &str) -> String {
    static TEMPLATE: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    TEMPLATE
        .get_or_init(|| async {
            let name = format!("basisbaan_template_{}", std::process::id());
            let db = Database::connect(maintenance).await.expect("connecting to TEST_DATABASE_URL");
            let rows = db
                .query_all_raw(sea_orm::Statement::from_string(
                    sea_orm::DatabaseBackend::Postgres,
                    "SELECT datname FROM pg_database WHERE datname LIKE 'basisbaan_template_%'",
                ))
                .await
                .expect("listing templates");
            for row in rows {
                let existing: String = row.try_get("", "datname").unwrap();
                let pid = existing.trim_start_matches("basisbaan_template_");
                if existing == name || !std::path::Path::new(&format!("/proc/{pid}")).exists() {
                    let _ =
                        db.execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{existing}\" WITH (FORCE)")).await;
                }
            }
            db.execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                .await
                .expect("creating the template database");
            db.close().await.ok();
            let migrated = backend::db::connect(&with_database(maintenance, &name))
                .await
                .expect("migrating the template database");
            migrated.close().await.ok();
            name
        })
        .await
        .clone()
}

pub async fn spawn_app_with(backend: Backend, configure: fn(&mut Config)) -> TestApp {
    let unique = Uuid::new_v4().simple().to_string();
    let (database_url, guard) = match backend {
        Backend::Sqlite => {
            let file = std::env::temp_dir().join(format!("basisbaan-test-{unique}.db"));
            let url = format!("sqlite://{}?mode=rwc", file.display());
            (url, DatabaseGuard { sqlite_file: Some(file), postgres: None })
        }
        Backend::Postgres => {
            let maintenance = postgres_url().expect("TEST_DATABASE_URL");
            let name = format!("basisbaan_test_{unique}");
            let template = postgres_template(&maintenance).await;
            let db = Database::connect(&maintenance).await.expect("connecting to TEST_DATABASE_URL");
            // Copies of one template are made one at a time; another copy under way answers "being accessed".
            let mut attempt = 0;
            loop {
                match db.execute_unprepared(&format!("CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"")).await {
                    Ok(_) => break,
                    Err(error) if attempt < 50 && error.to_string().contains("being accessed") => {
                        attempt += 1;
                        tokio::time::sleep(std::time::Duration::from_millis(50 + 20 * attempt)).await;
                    }
                    Err(error) => panic!("creating the test database from {template}: {error}"),
                }
            }
            db.close().await.ok();
            let url = with_database(&maintenance, &name);
            (url, DatabaseGuard { sqlite_file: None, postgres: Some((maintenance, name)) })
        }
    };
    let mut config = Config::for_tests(database_url.clone());
    configure(&mut config);
    let jwt_secret = config.jwt_secret.clone();
    let application = Application::build(config).await.expect("building the application");
    let address = format!("http://127.0.0.1:{}", application.port());
    tokio::spawn(application.run_until_stopped());
    TestApp {
        address,
        client: reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap(),
        jwt_secret,
        database_url,
        admin_token: tokio::sync::OnceCell::new(),
        _guard: guard,
    }
}

static ANNOUNCED: AtomicBool = AtomicBool::new(false);

/// Runs `test` against a fresh app on SQLite, then on PostgreSQL when `TEST_DATABASE_URL` is set.
pub async fn on_each_database(test: impl AsyncFn(TestApp)) {
    on_each_database_with(|_| {}, test).await
}

/// As [`on_each_database`], with a changed configuration.
pub async fn on_each_database_with(configure: fn(&mut Config), test: impl AsyncFn(TestApp)) {
    let mut backends = vec![Backend::Sqlite];
    if postgres_url().is_some() {
        backends.push(Backend::Postgres);
    } else if !ANNOUNCED.swap(true, Ordering::Relaxed) {
        eprintln!("TEST_DATABASE_URL is not set: these tests run on SQLite only");
    }
    for backend in backends {
        eprintln!("-- on {backend:?}");
        test(spawn_app_with(backend, configure).await).await;
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}/api/v1{path}", self.address)
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Response {
        let mut request = self.client.get(self.url(path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send().await.expect("GET")
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: &Value) -> Response {
        let mut request = self.client.post(self.url(path)).json(body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send().await.expect("POST")
    }

    pub async fn put(&self, path: &str, token: Option<&str>, body: &Value) -> Response {
        let mut request = self.client.put(self.url(path)).json(body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send().await.expect("PUT")
    }

    pub async fn delete(&self, path: &str, token: Option<&str>) -> Response {
        let mut request = self.client.delete(self.url(path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send().await.expect("DELETE")
    }

    pub async fn patch(&self, path: &str, token: Option<&str>, body: &Value) -> Response {
        let mut request = self.client.patch(self.url(path)).json(body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send().await.expect("PATCH")
    }

    pub async fn login_response(&self, username: &str, password: &str) -> Response {
        self.post("/auth/login", None, &json!({"username": username, "password": password})).await
    }

    /// Logs in and returns the access token and the refresh cookie's value.
    pub async fn login_with_cookie(&self, username: &str, password: &str) -> (String, String) {
        let response = self.login_response(username, password).await;
        assert_eq!(response.status(), StatusCode::OK, "login of {username}");
        let cookie = refresh_cookie(&response).expect("a refresh cookie");
        let body: LoginResponse = response.json().await.unwrap();
        (body.access_token, cookie)
    }

    pub async fn login(&self, username: &str, password: &str) -> String {
        self.login_with_cookie(username, password).await.0
    }

    /// The first admin's token, logged in once per app (so that helpers add no login events).
    pub async fn admin_token(&self) -> String {
        self.admin_token.get_or_init(|| self.login("admin", ADMIN_PASSWORD)).await.clone()
    }

    pub async fn create_organisation(&self, name: &str, kvk: &str) -> Uuid {
        let admin = self.admin_token().await;
        let response = self
            .post("/organisations", Some(&admin), &json!({"name": name, "kvkNumber": kvk, "roles": ["work_provider"]}))
            .await;
        assert_eq!(response.status(), StatusCode::CREATED);
        let body: Value = response.json().await.unwrap();
        body["id"].as_str().unwrap().parse().unwrap()
    }

    /// Creates a user with `role` through the admin API and returns its id.
    pub async fn create_user(&self, username: &str, role: Role, organisation_id: Option<Uuid>) -> Uuid {
        let admin = self.admin_token().await;
        let response = self
            .post(
                "/users",
                Some(&admin),
                &json!({"username": username, "displayName": username, "role": role, "organisationId": organisation_id, "password": PASSWORD}),
            )
            .await;
        assert_eq!(response.status(), StatusCode::CREATED, "creating {username}");
        let body: Value = response.json().await.unwrap();
        body["id"].as_str().unwrap().parse().unwrap()
    }

    /// A token for a fresh user of `role` (partners get a fresh organisation).
    pub async fn token_for(&self, role: Role) -> String {
        if role == Role::Admin {
            return self.admin_token().await;
        }
        let username = format!("{}-{}", role.as_str().replace('_', "-"), &Uuid::new_v4().simple().to_string()[..8]);
        let organisation = if role == Role::Partner {
            let kvk = format!("{:08}", rand_number());
            Some(self.create_organisation(&format!("Organisatie {username}"), &kvk).await)
        } else {
            None
        };
        self.create_user(&username, role, organisation).await;
        self.login(&username, PASSWORD).await
    }

    pub async fn count(&self, path: &str) -> u64 {
        let admin = self.admin_token().await;
        let body: Value = self.get(path, Some(&admin)).await.json().await.unwrap();
        body["totalItems"].as_u64().expect("a page")
    }
}

fn rand_number() -> u32 {
    (Uuid::new_v4().as_u128() % 100_000_000) as u32
}

pub fn refresh_cookie(response: &Response) -> Option<String> {
    response
        .headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix("bb_refresh="))
        .map(|v| v.split(';').next().unwrap_or("").to_owned())
}

/// Asserts a problem+json answer with `status` and `code`, and returns its body.
pub async fn assert_problem(response: Response, status: StatusCode, code: &str) -> Value {
    assert_eq!(response.status(), status, "status");
    let content_type = response.headers().get("content-type").unwrap().to_str().unwrap().to_owned();
    assert_eq!(content_type, "application/problem+json");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], code, "{body}");
    assert_eq!(body["status"], status.as_u16());
    for field in ["type", "title", "detail", "instance"] {
        assert!(body[field].is_string(), "problem field {field} in {body}");
    }
    body
}

pub fn field_names(problem: &Value) -> Vec<String> {
    problem["invalidParams"]
        .as_array()
        .map(|params| params.iter().map(|p| p["name"].as_str().unwrap_or_default().to_owned()).collect())
        .unwrap_or_default()
}
