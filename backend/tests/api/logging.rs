//! The request log: one line per request with its route pattern, and never a BSN, password or token
//! (issue 8, observability).

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use reqwest::StatusCode;
use serde_json::{Value, json};
use shared::auth::Role;

use crate::helpers::{ADMIN_PASSWORD, TestApp, on_each_database};

#[derive(Clone)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Every log line of this test process (the subscriber is global, so other tests' lines are in it too:
/// they must hold no personal data either).
fn captured() -> Arc<Mutex<Vec<u8>>> {
    static LOG: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    LOG.get_or_init(|| {
        let buffer = Arc::new(Mutex::new(Vec::new()));
        let writer = Buffer(buffer.clone());
        let _ = tracing_subscriber::fmt()
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .with_max_level(tracing::Level::INFO)
            .try_init();
        buffer
    })
    .clone()
}

#[tokio::test]
async fn each_request_logs_its_route_status_and_duration_and_no_personal_data_or_token() {
    let log = captured();
    on_each_database(async |app: TestApp| {
        let admin = app.admin_token().await;
        let consultant = app.token_for(Role::Consultant).await;
        let created: Value = app
            .post("/candidates", Some(&consultant), &crate::candidates::candidate("123456782", "Sanne", "de Boer"))
            .await
            .json()
            .await
            .unwrap();
        let id = created["id"].as_str().unwrap();
        assert_eq!(app.get(&format!("/candidates/{id}"), Some(&consultant)).await.status(), StatusCode::OK);
        assert_eq!(
            app.post("/candidates/search", Some(&consultant), &json!({"query": "123456782"})).await.status(),
            StatusCode::OK
        );
        assert_eq!(
            app.post(&format!("/candidates/{id}/reveal-bsn"), Some(&consultant), &json!({})).await.status(),
            StatusCode::OK
        );
        assert_eq!(app.login_response("admin", "Verkeerd-wachtwoord-9").await.status(), StatusCode::UNAUTHORIZED);

        let text = String::from_utf8(log.lock().unwrap().clone()).unwrap();
        let lines: Vec<&str> = text.lines().filter(|l| l.contains("basisbaan::request")).collect();
        assert!(
            lines.iter().any(|l| l.contains("route=/api/v1/candidates/{id}")
                && l.contains("method=GET")
                && l.contains("status=200")
                && l.contains("duration_ms=")),
            "{lines:#?}"
        );
        assert!(lines.iter().any(|l| l.contains("route=/api/v1/auth/login") && l.contains("status=401")), "{lines:#?}");
        assert!(!text.contains(id), "a concrete path (with an id) reached the log");
        for secret in
            ["123456782", "Sanne", "Verkeerd-wachtwoord-9", ADMIN_PASSWORD, admin.as_str(), consultant.as_str()]
        {
            assert!(!text.contains(secret), "the log holds {secret:?}");
        }
    })
    .await;
}
