//! The SPA's files: the precompressed copy that `Accept-Encoding` allows (brotli, then gzip, then the file
//! itself), a year's caching for content-hashed names and revalidation for the rest, `index.html` for
//! client routes but never for `/api`, and compressed API answers.
//!
//! The app serves a small fake `dist/` whose `.br` and `.gz` copies hold marker bytes, so that a test can
//! see which file was sent and that nothing compressed it a second time.

use std::path::PathBuf;
use std::sync::OnceLock;

use backend::config::Config;
use reqwest::{Response, StatusCode};

use crate::helpers::{TestApp, on_each_database_with};

const GLUE: &str = "frontend-0123456789abcdef.js";
const WASM: &str = "frontend-0123456789abcdef_bg.wasm";
const INDEX: &[u8] = b"<!DOCTYPE html><title>Basisbaan</title>";

fn fake_dist() -> PathBuf {
    static DIST: OnceLock<PathBuf> = OnceLock::new();
    DIST.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("basisbaan-spa-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let files: [(String, &[u8]); 9] = [
            ("index.html".into(), INDEX),
            ("index.html.br".into(), b"brotli index"),
            ("index.html.gz".into(), b"gzip index"),
            (GLUE.into(), b"export default function init() {}"),
            (format!("{GLUE}.br"), b"brotli glue"),
            (format!("{GLUE}.gz"), b"gzip glue"),
            (WASM.into(), b"\0asm plain"),
            (format!("{WASM}.br"), b"brotli wasm"),
            ("boot.js".into(), b"import init from '/frontend-0123456789abcdef.js'; init();"),
        ];
        for (name, bytes) in files {
            std::fs::write(dir.join(name), bytes).unwrap();
        }
        dir
    })
    .clone()
}

fn with_fake_dist(config: &mut Config) {
    config.static_dir = fake_dist();
}

async fn fetch(app: &TestApp, path: &str, accept_encoding: Option<&str>) -> Response {
    let mut request = app.client.get(format!("{}{path}", app.address));
    if let Some(value) = accept_encoding {
        request = request.header("accept-encoding", value);
    }
    request.send().await.expect("GET")
}

fn header<'r>(response: &'r Response, name: &str) -> Option<&'r str> {
    response.headers().get(name).map(|v| v.to_str().unwrap())
}

#[tokio::test]
async fn a_hashed_file_comes_precompressed_as_the_client_allows_and_is_cached_for_a_year() {
    on_each_database_with(with_fake_dist, async |app: TestApp| {
        for (accept, encoding, body) in [
            (Some("gzip, deflate, br, zstd"), Some("br"), &b"brotli glue"[..]),
            (Some("br"), Some("br"), b"brotli glue"),
            (Some("gzip"), Some("gzip"), b"gzip glue"),
            (Some("br;q=0, gzip"), Some("gzip"), b"gzip glue"),
            (None, None, b"export default function init() {}"),
            (Some("identity"), None, b"export default function init() {}"),
        ] {
            let response = fetch(&app, &format!("/{GLUE}"), accept).await;
            assert_eq!(response.status(), StatusCode::OK, "{accept:?}");
            assert_eq!(header(&response, "content-encoding"), encoding, "{accept:?}");
            assert!(header(&response, "content-type").unwrap().contains("javascript"), "{accept:?}");
            assert_eq!(header(&response, "cache-control"), Some("public, max-age=31536000, immutable"));
            assert_eq!(header(&response, "vary").map(str::to_ascii_lowercase).as_deref(), Some("accept-encoding"));
            // The stored copy, byte for byte: not compressed a second time on the way out.
            assert_eq!(&response.bytes().await.unwrap()[..], body, "{accept:?}");
        }
    })
    .await;
}

#[tokio::test]
async fn the_wasm_keeps_its_content_type_and_a_missing_copy_falls_back_to_the_file() {
    on_each_database_with(with_fake_dist, async |app: TestApp| {
        let response = fetch(&app, &format!("/{WASM}"), Some("gzip, br")).await;
        assert_eq!(header(&response, "content-type"), Some("application/wasm"));
        assert_eq!(header(&response, "content-encoding"), Some("br"));
        assert_eq!(&response.bytes().await.unwrap()[..], b"brotli wasm");
        // There is no .gz copy of the wasm here: the file itself, unchanged.
        let response = fetch(&app, &format!("/{WASM}"), Some("gzip;q=0")).await;
        assert_eq!(header(&response, "content-encoding"), None);
        assert_eq!(&response.bytes().await.unwrap()[..], b"\0asm plain");
    })
    .await;
}

#[tokio::test]
async fn index_html_and_unhashed_files_are_revalidated_and_client_routes_get_index_html() {
    on_each_database_with(with_fake_dist, async |app: TestApp| {
        for path in ["/", "/index.html", "/candidates", "/candidates/0192b1c2-0000-7000-8000-000000000000"] {
            let response = fetch(&app, path, Some("br")).await;
            assert_eq!(response.status(), StatusCode::OK, "{path}");
            assert!(header(&response, "content-type").unwrap().starts_with("text/html"), "{path}");
            assert_eq!(header(&response, "cache-control"), Some("no-cache"), "{path}");
            assert_eq!(header(&response, "content-encoding"), Some("br"), "{path}");
            assert_eq!(&response.bytes().await.unwrap()[..], b"brotli index", "{path}");
        }
        let response = fetch(&app, "/admin/users", None).await;
        assert_eq!(header(&response, "content-encoding"), None);
        assert_eq!(&response.bytes().await.unwrap()[..], INDEX);

        let response = fetch(&app, "/boot.js", None).await;
        assert_eq!(header(&response, "cache-control"), Some("no-cache"));
        assert!(response.text().await.unwrap().starts_with("import init"));
        // Without a compressed copy, the Compress middleware compresses the file on the way out.
        let response = fetch(&app, "/boot.js", Some("gzip")).await;
        assert_eq!(header(&response, "content-encoding"), Some("gzip"));
        assert_eq!(header(&response, "cache-control"), Some("no-cache"));
    })
    .await;
}

#[tokio::test]
async fn a_missing_file_is_404_and_the_api_never_falls_back_to_index_html() {
    on_each_database_with(with_fake_dist, async |app: TestApp| {
        let response = fetch(&app, "/frontend-ffffffffffffffff.js", Some("br")).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "an old hashed name is not the app");
        assert!(!header(&response, "content-type").unwrap_or_default().starts_with("text/html"));

        for path in ["/api", "/api/v2/candidates", "/api/v1/bestaat-niet"] {
            let response = fetch(&app, path, Some("br")).await;
            assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
            assert_eq!(header(&response, "content-type"), Some("application/problem+json"), "{path}");
        }
        let response = app.client.post(format!("{}/api/v2/nergens", app.address)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        let response = app.client.post(format!("{}/candidates", app.address)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    })
    .await;
}

#[tokio::test]
async fn api_answers_are_compressed_for_clients_that_ask() {
    on_each_database_with(with_fake_dist, async |app: TestApp| {
        let token = app.admin_token().await;
        for path in ["/api/v1/openapi.json", "/api/v1/users"] {
            let response = app
                .client
                .get(format!("{}{path}", app.address))
                .bearer_auth(&token)
                .header("accept-encoding", "gzip")
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), StatusCode::OK, "{path}");
            assert_eq!(header(&response, "content-encoding"), Some("gzip"), "{path}");
            assert!(header(&response, "content-type").unwrap().contains("json"), "{path}");
            assert_eq!(header(&response, "cache-control"), Some("no-store"), "{path}");
            let body = response.bytes().await.unwrap();
            assert_eq!(&body[..2], [0x1f, 0x8b], "{path}: a gzip stream");
        }
        // Without Accept-Encoding: plain JSON, as before.
        let response = app.get("/users", Some(&token)).await;
        assert_eq!(header(&response, "content-encoding"), None);
        let _: serde_json::Value = response.json().await.unwrap();
    })
    .await;
}
