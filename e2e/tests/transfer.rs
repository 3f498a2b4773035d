//! What a cold load moves over the wire, measured as a browser reports it: the `transferSize` (headers and
//! the body as sent, so compressed where it was compressed) of the navigation entry and of every entry of
//! `performance.getEntriesByType('resource')` (JavaScript, wasm, style sheets, API answers), in a fresh
//! Chromium profile with an empty cache. A byte budget, not a timing: it holds on any machine.
//!
//! Run alone: `cargo xtask build-spa`, then
//! `BASISBAAN_E2E_SERVER=target/debug/basisbaan cargo test -p e2e --test transfer -- --nocapture`.
//! BENCHMARKS.md records its figures.

use std::time::Duration;

use e2e::{Browser, Server, serial};
use serde_json::Value;

/// The limit for a cold load of the login page: every request together, compressed (issue 8's budget).
/// The staff pages load lazily, in modules split off the main wasm by `cargo xtask build-spa`, so the login
/// page moves only the main module.
const LOGIN_BUDGET: u64 = 350 * 1024;
const DEMO_PASSWORD: &str = "Basisbaan-demo-2026";
/// Where the refresh cookie is visible to WebDriver (its path), and a GET changes nothing (405).
const COOKIE_PAGE: &str = "/api/v1/auth/refresh";

const ENTRIES: &str = "
    return [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
        .map(e => [new URL(e.name).pathname, e.transferSize, e.encodedBodySize, e.decodedBodySize]);
";

struct Entry {
    path: String,
    transfer: u64,
    encoded: u64,
    decoded: u64,
}

/// The page's entries once the network has been quiet for a moment (late API answers count too).
async fn settled_entries(browser: &Browser) -> Vec<Entry> {
    let mut last: Option<Vec<Value>> = None;
    for _ in 0..50 {
        tokio::time::sleep(Duration::from_millis(300)).await;
        let now = browser.client.execute(ENTRIES, vec![]).await.expect("reading the performance entries");
        let now = now.as_array().cloned().unwrap_or_default();
        if last.as_ref() == Some(&now) {
            break;
        }
        last = Some(now);
    }
    let number = |v: &Value| v.as_f64().unwrap_or(0.0) as u64;
    last.unwrap_or_default()
        .iter()
        .map(|e| Entry {
            path: e[0].as_str().unwrap_or_default().to_owned(),
            transfer: number(&e[1]),
            encoded: number(&e[2]),
            decoded: number(&e[3]),
        })
        .collect()
}

/// A module split off the main wasm: a page group (`split_<group>-<hash>.wasm`) or code that several
/// groups share (`chunk_<n>-<hash>.wasm`).
fn is_lazy_module(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    name.ends_with(".wasm") && (name.starts_with("split_") || name.starts_with("chunk_"))
}

/// Prints the entries and returns their total transfer size.
fn report(what: &str, entries: &[Entry]) -> u64 {
    let total: u64 = entries.iter().map(|e| e.transfer).sum();
    let decoded: u64 = entries.iter().map(|e| e.decoded).sum();
    println!(
        "cold load of {what}: {total} bytes transferred ({:.1} KiB), {decoded} bytes decoded",
        total as f64 / 1024.0
    );
    for e in entries {
        println!("  {:>9} B transferred {:>9} B encoded {:>9} B decoded  {}", e.transfer, e.encoded, e.decoded, e.path);
    }
    total
}

#[tokio::test]
async fn a_cold_load_of_the_login_page_stays_within_its_byte_budget() {
    let _turn = serial().await;
    let server = Server::start().await;
    let browser = Browser::start(&server).await;
    browser.goto("/login").await;
    browser.wait_for("input#username").await;
    let entries = settled_entries(&browser).await;
    let total = report("the login page", &entries);

    assert!(entries.iter().any(|e| e.path.ends_with(".wasm")), "the wasm is among the entries");
    let mut paths: Vec<&str> = entries.iter().map(|e| e.path.as_str()).filter(|p| !p.starts_with("/api/")).collect();
    paths.sort_unstable();
    let count = paths.len();
    paths.dedup();
    assert_eq!(paths.len(), count, "no file is fetched twice (a preload that did not match its use)");
    let wasm = entries.iter().find(|e| e.path.ends_with(".wasm")).unwrap();
    assert!(wasm.encoded < wasm.decoded, "the wasm travels compressed ({} of {} bytes)", wasm.encoded, wasm.decoded);
    let lazy: Vec<&str> = entries.iter().map(|e| e.path.as_str()).filter(|p| is_lazy_module(p)).collect();
    assert!(lazy.is_empty(), "the login page loads none of the staff pages' modules: {lazy:?}");
    assert!(
        total <= LOGIN_BUDGET,
        "a cold load of the login page moved {total} bytes, over the budget of {LOGIN_BUDGET} ({} KiB)",
        LOGIN_BUDGET / 1024
    );
}

/// The candidate list opened as a first page (an empty cache, a session cookie): the figure of
/// BENCHMARKS.md. The consultant logs in in one browser; a second, fresh one gets the session cookie and
/// opens `/candidates` directly.
#[tokio::test]
async fn a_cold_load_of_the_candidate_list_is_measured() {
    let _turn = serial().await;
    let server = Server::start_with(&[("BASISBAAN_DEMO", "1")]).await;
    let cookies = {
        let browser = Browser::start(&server).await;
        browser.login("consultant", DEMO_PASSWORD).await;
        // WebDriver shows only the cookies of the current path: the refresh cookie's is /api/v1/auth. A GET
        // there is a 405 that changes nothing.
        browser.goto(COOKIE_PAGE).await;
        browser.client.get_all_cookies().await.expect("the session's cookies")
    };
    assert!(!cookies.is_empty(), "logging in set the refresh cookie");

    let browser = Browser::start(&server).await;
    // A page of the server that loads nothing of the SPA, to set the cookie on.
    browser.goto(COOKIE_PAGE).await;
    for cookie in cookies {
        browser.client.add_cookie(cookie).await.expect("setting the session cookie");
    }
    browser.goto("/candidates").await;
    browser.wait_for("table#candidates-table tbody tr").await;
    let entries = settled_entries(&browser).await;
    let total = report("the candidate list (consultant, demo data)", &entries);
    assert!(entries.iter().any(|e| e.path == "/api/v1/candidates/search"), "the list came from the API");
    assert!(
        entries.iter().any(|e| is_lazy_module(&e.path) && e.path.contains("split_candidates-")),
        "the candidate pages came as their own module"
    );
    for module in entries.iter().filter(|e| is_lazy_module(&e.path) && e.decoded > 1024) {
        assert!(module.encoded < module.decoded, "{} travels compressed", module.path);
    }
    // At most the login page's budget plus 50 KiB: the candidate list is a page group of its own (the list,
    // its saved searches and bulk actions; a record's pages, the imports and the duplicates load apart),
    // with the chunks it shares with other pages, the NL Design System bundle and the list's own answers
    // (362.7 KiB in BENCHMARKS.md).
    assert!(total <= LOGIN_BUDGET + 50 * 1024, "{total} bytes for a cold load of the candidate list");
}
