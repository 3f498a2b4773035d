//! The browser suite's harness: the real server binary on a fresh SQLite database, chromedriver with a
//! headless Chromium on a fresh profile (kept off the network), helpers that act as a person would, and
//! axe-core for WCAG 2.1 A/AA on every page visited.
//!
//! `cargo xtask test` builds what these tests need and passes it in:
//! - `BASISBAAN_E2E_SERVER`: the server binary (default `<workspace>/target/debug/basisbaan`)
//! - `BASISBAAN_E2E_DIST`: the built SPA (default `<workspace>/dist`)
//! - `AXE_CORE_JS`: axe-core (default `<workspace>/node_modules/axe-core/axe.min.js`)
//! - `BASISBAAN_E2E_TIMEOUT`: seconds to wait for an element (default 20)
//! - `CHROME_BIN`: the browser binary (default: the first of chromium, chromium-browser, google-chrome on PATH)
//!
//! Every process started here is killed and every temporary directory removed when its owner is dropped,
//! also when a test panics; the server's log is printed when a test fails.

use std::fs::File;
use std::io::Read;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub use fantoccini::{Client, Locator};
use serde_json::{Value, json};

/// Username of the first admin, created by the server on an empty database.
pub const ADMIN_USERNAME: &str = "admin";
/// Password given to the server for its first admin (`BASISBAAN_ADMIN_PASSWORD`).
pub const ADMIN_PASSWORD: &str = "E2e-admin-wachtwoord-1";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root").to_path_buf()
}

/// A path from the environment (relative ones are taken from the workspace root), else `default`.
fn path_from_env(name: &str, default: &str) -> PathBuf {
    match std::env::var_os(name) {
        Some(value) if !value.is_empty() => root().join(value),
        _ => root().join(default),
    }
}

/// How long to wait for an element, a text or a page.
fn wait_time() -> Duration {
    let seconds = std::env::var("BASISBAAN_E2E_TIMEOUT").ok().and_then(|s| s.parse().ok()).unwrap_or(20);
    Duration::from_secs(seconds)
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

fn temp_dir(prefix: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("{prefix}-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("creating {}: {e}", dir.display()));
    dir
}

/// The last `max` bytes of a log file, for failure messages.
fn tail(path: &Path, max: usize) -> String {
    let mut bytes = Vec::new();
    if let Ok(mut file) = File::open(path) {
        let _ = file.read_to_end(&mut bytes);
    }
    String::from_utf8_lossy(&bytes[bytes.len().saturating_sub(max)..]).into_owned()
}

/// Polls `url` until it answers 2xx; fails early when `child` exits, and after `limit`.
async fn wait_until_up(url: &str, child: &mut Child, limit: Duration, log: &Path) {
    let client = reqwest::Client::builder().timeout(Duration::from_secs(5)).build().expect("an HTTP client");
    let started = Instant::now();
    loop {
        if let Ok(Some(status)) = child.try_wait() {
            panic!("the process behind {url} exited while starting ({status}); its log:\n{}", tail(log, 8000));
        }
        let last = match client.get(url).send().await {
            Ok(response) if response.status().is_success() => return,
            Ok(response) => format!("status {}", response.status()),
            Err(error) => error.to_string(),
        };
        if started.elapsed() > limit {
            panic!("{url} did not answer within {} s ({last}); the log:\n{}", limit.as_secs(), tail(log, 8000));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The server binary, started on a free port with a fresh database; stopped and cleaned up on drop.
pub struct Server {
    child: Child,
    dir: PathBuf,
    /// `http://127.0.0.1:<port>`
    pub base: String,
}

impl Server {
    pub async fn start() -> Self {
        Self::start_with(&[]).await
    }

    /// As [`Server::start`], with more environment variables (e.g. `BASISBAAN_DEMO=1` for the demo programme).
    pub async fn start_with(env: &[(&str, &str)]) -> Self {
        let binary = path_from_env("BASISBAAN_E2E_SERVER", "target/debug/basisbaan");
        let dist = path_from_env("BASISBAAN_E2E_DIST", "dist");
        assert!(
            binary.exists(),
            "no server binary at {}: run `cargo xtask test` (or `cargo build -p backend --bin basisbaan`)",
            binary.display()
        );
        assert!(
            dist.join("index.html").exists(),
            "no SPA in {}: run `cargo xtask test` (or `cargo xtask build-spa`)",
            dist.display()
        );
        let dir = temp_dir("basisbaan-e2e");
        let port = free_port();
        let log = dir.join("server.log");
        let log_file = File::create(&log).expect("creating the server log");
        let secret: String = uuid::Uuid::new_v4().simple().to_string().repeat(2);
        let mut child = Command::new(&binary)
            .current_dir(&dir)
            .env("DATABASE_URL", format!("sqlite://{}?mode=rwc", dir.join("e2e.db").display()))
            .env("BASISBAAN_ADDR", format!("127.0.0.1:{port}"))
            .env("BASISBAAN_STATIC_DIR", &dist)
            .env("BASISBAAN_ADMIN_PASSWORD", ADMIN_PASSWORD)
            .env("BASISBAAN_DEMO", "0")
            .env("BASISBAAN_ENV", "development")
            .env("BASISBAAN_JWT_SECRET", secret)
            .env("BASISBAAN_LOG", std::env::var("BASISBAAN_LOG").unwrap_or_else(|_| "warn".into()))
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(log_file.try_clone().expect("the server log"))
            .stderr(log_file)
            .spawn()
            .unwrap_or_else(|e| panic!("starting {}: {e}", binary.display()));
        let base = format!("http://127.0.0.1:{port}");
        wait_until_up(&format!("{base}/api/v1/health"), &mut child, Duration::from_secs(60), &log).await;
        Self { child, dir, base }
    }

    /// `base` followed by `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// The end of the server's output so far.
    pub fn log(&self) -> String {
        tail(&self.dir.join("server.log"), 8000)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if std::thread::panicking() {
            eprintln!("---- the end of the server's log ----\n{}", self.log());
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn which(program: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|dir| Path::new(dir).join(program))
        .find(|candidate| candidate.is_file())
}

fn chromium() -> Option<PathBuf> {
    if let Some(binary) = std::env::var_os("CHROME_BIN").filter(|b| !b.is_empty()) {
        return Some(PathBuf::from(binary));
    }
    ["chromium", "chromium-browser", "google-chrome"].into_iter().find_map(which)
}

/// Kills chromedriver and everything it started: Chromium and its helpers share its process group.
fn kill_group(child: &mut Child) {
    #[cfg(unix)]
    {
        let _ = Command::new("kill")
            .args(["-s", "KILL", "--", &format!("-{}", child.id())])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// chromedriver and a headless Chromium with a fresh profile; both end when this is dropped.
pub struct Browser {
    driver: Child,
    dir: PathBuf,
    pub client: Client,
    pub base: String,
}

impl Browser {
    pub async fn start(server: &Server) -> Self {
        let dir = temp_dir("basisbaan-chromium");
        let log = dir.join("chromedriver.log");
        let port = free_port();
        let mut command = Command::new("chromedriver");
        command
            .arg(format!("--port={port}"))
            .arg(format!("--log-path={}", log.display()))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        // Its own process group, so that dropping the browser ends chromedriver and Chromium together.
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let mut driver = command
            .spawn()
            .expect("starting chromedriver (on Debian or Ubuntu: sudo apt-get install chromium chromium-driver)");
        let url = format!("http://127.0.0.1:{port}");
        wait_until_up(&format!("{url}/status"), &mut driver, Duration::from_secs(30), &log).await;

        let mut options = json!({
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900", "--lang=nl",
                format!("--user-data-dir={}", dir.join("profile").display()),
            ]
        });
        if let Some(binary) = chromium() {
            options["binary"] = json!(binary);
        }
        let mut capabilities = serde_json::Map::new();
        capabilities.insert("browserName".into(), json!("chrome"));
        capabilities.insert("goog:chromeOptions".into(), options);
        // Plain HTTP to chromedriver on loopback: no TLS stack needed (and none of rustls' provider choice).
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let connected = fantoccini::ClientBuilder::new(connector).capabilities(capabilities).connect(&url).await;
        let client = match connected {
            Ok(client) => client,
            Err(error) => {
                kill_group(&mut driver);
                let log = tail(&log, 4000);
                let _ = std::fs::remove_dir_all(&dir);
                panic!("starting a Chromium session: {error}\nchromedriver's log:\n{log}");
            }
        };
        Self { driver, dir, client, base: server.base.clone() }
    }

    /// Opens `path` on the server (a full page load).
    pub async fn goto(&self, path: &str) {
        let url = format!("{}{path}", self.base);
        self.client.goto(&url).await.unwrap_or_else(|e| panic!("opening {url}: {e}"));
    }

    pub async fn wait_for(&self, css: &str) -> fantoccini::elements::Element {
        let waited = self
            .client
            .wait()
            .at_most(wait_time())
            .every(Duration::from_millis(100))
            .for_element(Locator::Css(css))
            .await;
        match waited {
            Ok(element) => element,
            Err(error) => panic!("waiting for {css}: {error}\n{}", self.describe().await),
        }
    }

    /// Waits until an element matching `css` holds `text`.
    pub async fn wait_for_text(&self, css: &str, text: &str) {
        let started = Instant::now();
        loop {
            if let Ok(elements) = self.client.find_all(Locator::Css(css)).await {
                for element in elements {
                    if element.text().await.is_ok_and(|t| t.contains(text)) {
                        return;
                    }
                }
            }
            if started.elapsed() > wait_time() {
                panic!("{css} never showed {text:?}\n{}", self.describe().await);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until the browser is at `path`.
    pub async fn wait_for_path(&self, path: &str) {
        let started = Instant::now();
        while self.path().await != path {
            if started.elapsed() > wait_time() {
                panic!("the browser never arrived at {path}\n{}", self.describe().await);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Whether an element matching `css` is there now (no waiting).
    pub async fn exists(&self, css: &str) -> bool {
        self.client.find_all(Locator::Css(css)).await.is_ok_and(|found| !found.is_empty())
    }

    pub async fn fill(&self, css: &str, text: &str) {
        let element = self.wait_for(css).await;
        element.clear().await.unwrap_or_else(|e| panic!("clearing {css}: {e}"));
        element.send_keys(text).await.unwrap_or_else(|e| panic!("typing into {css}: {e}"));
    }

    /// Sets a date input the way a date picker does (typing depends on the browser's locale).
    pub async fn set_date(&self, css: &str, iso: &str) {
        self.wait_for(css).await;
        let script = "const el = document.querySelector(arguments[0]); el.value = arguments[1]; \
                      el.dispatchEvent(new Event('input', { bubbles: true }));";
        self.client.execute(script, vec![json!(css), json!(iso)]).await.expect("setting a date");
    }

    /// Runs `script` in the page: what it returns.
    pub async fn run(&self, script: &str) -> Value {
        self.client.execute(script, vec![]).await.unwrap_or_else(|e| panic!("running {script}: {e}"))
    }

    pub async fn select(&self, css: &str, value: &str) {
        let element = self.wait_for(css).await;
        element.select_by_value(value).await.unwrap_or_else(|e| panic!("choosing {value:?} in {css}: {e}"));
    }

    pub async fn click(&self, css: &str) {
        let element = self.wait_for(css).await;
        if let Err(error) = element.click().await {
            panic!("clicking {css}: {error}\n{}", self.describe().await);
        }
    }

    pub async fn path(&self) -> String {
        self.client.current_url().await.map(|url| url.path().to_owned()).unwrap_or_default()
    }

    /// Logs in through the real login page and waits for the layout.
    pub async fn login(&self, username: &str, password: &str) {
        self.goto("/login").await;
        self.fill("input#username", username).await;
        self.fill("input#password", password).await;
        self.click("button#login-submit").await;
        self.wait_for("#current-user").await;
    }

    /// Runs axe-core (WCAG 2.1 A and AA) on the page and fails on any violation.
    pub async fn assert_accessible(&self, page: &str) {
        // Let asynchronous content (tables, loaded lists) settle first.
        tokio::time::sleep(Duration::from_millis(400)).await;
        assert_accessible(&self.client, page).await;
    }

    /// Where the browser is and what it shows, for failure messages.
    pub async fn describe(&self) -> String {
        let url = self.client.current_url().await.map(|u| u.to_string()).unwrap_or_else(|e| format!("({e})"));
        let text = self
            .client
            .execute("return document.body ? document.body.innerText : '(no body)';", vec![])
            .await
            .ok()
            .and_then(|v| v.as_str().map(|s| s.chars().take(2000).collect::<String>()))
            .unwrap_or_default();
        format!("at {url}, the page shows:\n{text}")
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Drop cannot wait for the WebDriver session to close; ending the process group ends Chromium too.
        kill_group(&mut self.driver);
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Injects axe-core and fails, listing every violation (rule, impact, help, elements), if the page
/// breaks any WCAG 2.0/2.1 A or AA rule.
pub async fn assert_accessible(client: &Client, page: &str) {
    let path = path_from_env("AXE_CORE_JS", "node_modules/axe-core/axe.min.js");
    let source = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("reading axe-core at {}: {e} (run: npm ci)", path.display()));
    client.execute(&source, vec![]).await.unwrap_or_else(|e| panic!("injecting axe-core on {page}: {e}"));
    let script = r#"
        const done = arguments[arguments.length - 1];
        axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
          .then(r => done(r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({ target: JSON.stringify(n.target), html: n.html, summary: n.failureSummary })) }))))
          .catch(e => done([{ id: 'axe-error', impact: 'error', help: String(e), nodes: [] }]));
    "#;
    let violations =
        client.execute_async(script, vec![]).await.unwrap_or_else(|e| panic!("running axe-core on {page}: {e}"));
    let list = violations.as_array().cloned().unwrap_or_default();
    if list.is_empty() {
        return;
    }
    let mut report = format!("{} accessibility violation(s) on {page}:\n", list.len());
    for violation in &list {
        let field = |value: &Value, key: &str| value.get(key).and_then(Value::as_str).unwrap_or("").to_owned();
        report.push_str(&format!(
            "- {} ({}): {} {}\n",
            field(violation, "id"),
            field(violation, "impact"),
            field(violation, "help"),
            field(violation, "helpUrl")
        ));
        for node in violation.get("nodes").and_then(Value::as_array).into_iter().flatten() {
            let html: String = field(node, "html").chars().take(300).collect();
            report.push_str(&format!("    at {}: {html}\n", field(node, "target")));
            for line in field(node, "summary").lines() {
                report.push_str(&format!("      {line}\n"));
            }
        }
    }
    panic!("{report}");
}

/// Browser tests run one at a time: two Chromiums on two cores make each other flaky.
pub async fn serial() -> tokio::sync::MutexGuard<'static, ()> {
    static LOCK: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
    LOCK.lock().await
}

/// The REST API as one logged-in user, to arrange data and read it back beside the browser, as that user
/// could through the documented API.
pub struct Api {
    http: reqwest::Client,
    base: String,
    pub token: String,
}

impl Api {
    /// Logs `username` in with `password`; panics when that fails.
    pub async fn login(server: &Server, username: &str, password: &str) -> Api {
        let http = reqwest::Client::new();
        let response = http
            .post(server.url("/api/v1/auth/login"))
            .json(&json!({"username": username, "password": password}))
            .send()
            .await
            .expect("the login request");
        assert!(response.status().is_success(), "logging in as {username}: {}", response.status());
        let body: Value = response.json().await.expect("the login answer");
        let token = body["accessToken"].as_str().expect("an access token").to_owned();
        Api { http, base: server.url("/api/v1"), token }
    }

    /// `method path` (below `/api/v1`) with an optional JSON body: the answer as it came.
    pub async fn send(&self, method: reqwest::Method, path: &str, body: Option<&Value>) -> reqwest::Response {
        let mut request = self.http.request(method.clone(), format!("{}{path}", self.base)).bearer_auth(&self.token);
        if let Some(body) = body {
            request = request.json(body);
        }
        request.send().await.unwrap_or_else(|e| panic!("{method} {path}: {e}"))
    }

    /// `method path` that must succeed: its JSON answer (`null` for no content).
    async fn json(&self, method: reqwest::Method, path: &str, body: Option<&Value>) -> Value {
        let response = self.send(method.clone(), path, body).await;
        let status = response.status();
        let text = response.text().await.unwrap_or_default();
        assert!(status.is_success(), "{method} {path}: {status} {text}");
        if text.is_empty() { Value::Null } else { serde_json::from_str(&text).expect("a JSON answer") }
    }

    pub async fn get(&self, path: &str) -> Value {
        self.json(reqwest::Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Value {
        self.json(reqwest::Method::POST, path, Some(&body)).await
    }

    pub async fn put(&self, path: &str, body: Value) -> Value {
        self.json(reqwest::Method::PUT, path, Some(&body)).await
    }
}
