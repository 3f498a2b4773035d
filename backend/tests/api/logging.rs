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

/// Gate 5 of issue 10: the server's log, captured during a login, a password change, a token for an API
/// client, a refresh, a password reset, a BSN reveal, a search by BSN and an import, holds none of the
/// passwords, tokens, secrets or BSNs that passed through.
#[tokio::test]
async fn no_password_token_secret_or_bsn_reaches_the_log() {
    let log = captured();
    on_each_database(async |app: TestApp| {
        let (admin, cookie) = app.login_with_cookie("admin", ADMIN_PASSWORD).await;
        let wrong = app.login_response("admin", "Geheim-fout-wachtwoord-9").await;
        assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
        let refreshed = app
            .client
            .post(app.url("/auth/refresh"))
            .header("cookie", format!("bb_refresh={cookie}"))
            .send()
            .await
            .unwrap();
        let new_cookie = crate::helpers::refresh_cookie(&refreshed).unwrap();
        let refreshed: Value = refreshed.json().await.unwrap();
        let refreshed_token = refreshed["accessToken"].as_str().unwrap().to_owned();

        let user = app.create_user("logtest", Role::Consultant, None).await;
        let consultant = app.login("logtest", crate::helpers::PASSWORD).await;
        let changed = app
            .post(
                "/auth/password",
                Some(&consultant),
                &json!({"currentPassword": crate::helpers::PASSWORD, "newPassword": "Log-geheim-wachtwoord-7"}),
            )
            .await;
        assert_eq!(changed.status(), StatusCode::NO_CONTENT);
        let reset: Value = app
            .post(&format!("/users/{user}/password-reset"), Some(&refreshed_token), &json!({}))
            .await
            .json()
            .await
            .unwrap();
        let temporary = reset["temporaryPassword"].as_str().unwrap().to_owned();

        let client: Value = app
            .post("/api-clients", Some(&refreshed_token), &json!({"name": "Logklant", "role": "monitor"}))
            .await
            .json()
            .await
            .unwrap();
        let secret = client["clientSecret"].as_str().unwrap().to_owned();
        let token: Value = app
            .client
            .post(app.url("/auth/token"))
            .form(&[
                ("grant_type", "client_credentials"),
                ("client_id", client["client"]["clientId"].as_str().unwrap()),
                ("client_secret", &secret),
            ])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let client_token = token["access_token"].as_str().unwrap().to_owned();

        let staff = app.token_for(Role::Consultant).await;
        let created: Value = app
            .post("/candidates", Some(&staff), &crate::candidates::candidate("111222333", "Lotte", "Logboek"))
            .await
            .json()
            .await
            .unwrap();
        let id = created["id"].as_str().unwrap();
        let revealed = app.post(&format!("/candidates/{id}/reveal-bsn"), Some(&staff), &json!({})).await;
        assert_eq!(revealed.status(), StatusCode::OK);
        let searched = app.post("/candidates/search", Some(&staff), &json!({"query": "111222333"})).await;
        assert_eq!(searched.status(), StatusCode::OK);
        let imported_bsn = crate::imports::bsn(4242);
        let csv = format!(
            "Voornaam;Achternaam;Geboortedatum;BSN;Postcode;Huisnummer;Bron;Doelgroepregister;Uren per week;Uitkeringsbedrag\n\
             Imke;Import;17-05-1990;{imported_bsn};9713 HA;1;participatiewet;ja;32;1.250,00\n"
        );
        let imported = app
            .client
            .post(app.url("/candidates/import?dryRun=false"))
            .bearer_auth(&staff)
            .header("content-type", "text/csv")
            .body(csv)
            .send()
            .await
            .unwrap();
        assert!(imported.status().is_success(), "{}", imported.status());

        let text = String::from_utf8(log.lock().unwrap().clone()).unwrap();
        assert!(text.contains("route=/api/v1/candidates/import"), "the import was logged");
        for (what, secret) in [
            ("admin password", ADMIN_PASSWORD),
            ("wrong password", "Geheim-fout-wachtwoord-9"),
            ("new password", "Log-geheim-wachtwoord-7"),
            ("temporary password", temporary.as_str()),
            ("access token", admin.as_str()),
            ("refreshed access token", refreshed_token.as_str()),
            ("refresh token", cookie.as_str()),
            ("rotated refresh token", new_cookie.as_str()),
            ("client secret", secret.as_str()),
            ("client token", client_token.as_str()),
            ("BSN", "111222333"),
            ("imported BSN", imported_bsn.as_str()),
        ] {
            assert!(!text.contains(secret), "the log holds the {what}");
        }
    })
    .await;
}
