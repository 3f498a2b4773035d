//! Logging in, tokens, refresh and logout, the rate limit, and the role checks.

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use reqwest::StatusCode;
use serde_json::{Value, json};
use shared::auth::Role;

use crate::helpers::{
    ADMIN_PASSWORD, PASSWORD, TestApp, assert_problem, field_names, on_each_database, on_each_database_with,
    refresh_cookie,
};

fn now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs()
}

fn claims(sub: &str, exp: u64, aud: &str, iss: &str) -> Value {
    json!({"iss": iss, "aud": aud, "sub": sub, "exp": exp, "iat": now(), "role": "admin", "gen": 0})
}

async fn admin_id(app: &TestApp) -> String {
    let token = app.admin_token().await;
    let me: Value = app.get("/auth/me", Some(&token)).await.json().await.unwrap();
    me["id"].as_str().unwrap().to_owned()
}

fn sign(claims: &Value, secret: &[u8]) -> String {
    jsonwebtoken::encode(&Header::new(Algorithm::HS256), claims, &EncodingKey::from_secret(secret)).unwrap()
}

#[tokio::test]
async fn a_correct_login_gives_a_token_and_a_strict_http_only_cookie() {
    on_each_database(async |app: TestApp| {
        let response = app.login_response("admin", ADMIN_PASSWORD).await;
        assert_eq!(response.status(), StatusCode::OK);
        let cookie = response.headers()["set-cookie"].to_str().unwrap().to_owned();
        for part in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/api/v1/auth"] {
            assert!(cookie.contains(part), "{part} in {cookie}");
        }
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["tokenType"], "Bearer");
        assert_eq!(body["expiresIn"], 900);
        assert_eq!(body["user"]["role"], "admin");
        let me = app.get("/auth/me", Some(body["accessToken"].as_str().unwrap())).await;
        assert_eq!(me.status(), StatusCode::OK);
    })
    .await;
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_user_get_the_same_401() {
    on_each_database(async |app: TestApp| {
        let wrong = app.login_response("admin", "Verkeerd-wachtwoord-1").await;
        let wrong = assert_problem(wrong, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
        let unknown = app.login_response("niemand", "Verkeerd-wachtwoord-1").await;
        let unknown = assert_problem(unknown, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
        assert_eq!(wrong["detail"], unknown["detail"]);
    })
    .await;
}

#[tokio::test]
async fn a_disabled_user_cannot_log_in_and_loses_its_current_token() {
    on_each_database(async |app: TestApp| {
        let id = app.create_user("anna", Role::Consultant, None).await;
        let token = app.login("anna", PASSWORD).await;
        let admin = app.admin_token().await;
        let response = app.patch(&format!("/users/{id}"), Some(&admin), &json!({"version": 1, "disabled": true})).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_problem(app.login_response("anna", PASSWORD).await, StatusCode::UNAUTHORIZED, "invalid_credentials")
            .await;
        assert_problem(app.get("/auth/me", Some(&token)).await, StatusCode::UNAUTHORIZED, "invalid_token").await;
    })
    .await;
}

#[tokio::test]
async fn forged_expired_and_foreign_tokens_are_refused() {
    on_each_database(async |app: TestApp| {
        let sub = admin_id(&app).await;
        let secret = app.jwt_secret.clone();
        let valid = sign(&claims(&sub, now() + 600, "basisbaan-api", "basisbaan"), &secret);
        assert_eq!(app.get("/users", Some(&valid)).await.status(), StatusCode::OK, "the control token works");

        let expired = sign(&claims(&sub, now() - 120, "basisbaan-api", "basisbaan"), &secret);
        let other_key =
            sign(&claims(&sub, now() + 600, "basisbaan-api", "basisbaan"), b"another-secret-another-secret-0123");
        let wrong_audience = sign(&claims(&sub, now() + 600, "een-andere-api", "basisbaan"), &secret);
        let wrong_issuer = sign(&claims(&sub, now() + 600, "basisbaan-api", "iemand-anders"), &secret);
        let header = base64_url(r#"{"alg":"none","typ":"JWT"}"#);
        let payload = base64_url(&claims(&sub, now() + 600, "basisbaan-api", "basisbaan").to_string());
        let alg_none = format!("{header}.{payload}.");
        for (name, token) in [
            ("expired", expired),
            ("another key", other_key),
            ("wrong audience", wrong_audience),
            ("wrong issuer", wrong_issuer),
            ("alg none", alg_none),
            ("garbage", "dit.is.geen-token".to_owned()),
        ] {
            let response = app.get("/users", Some(&token)).await;
            assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{name}");
            assert_problem(response, StatusCode::UNAUTHORIZED, "invalid_token").await;
        }
    })
    .await;
}

fn base64_url(text: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(text)
}

#[tokio::test]
async fn refresh_rotates_the_cookie_and_refresh_after_logout_is_refused() {
    on_each_database(async |app: TestApp| {
        let (_, cookie) = app.login_with_cookie("admin", ADMIN_PASSWORD).await;
        let refreshed = app
            .client
            .post(app.url("/auth/refresh"))
            .header("cookie", format!("bb_refresh={cookie}"))
            .send()
            .await
            .unwrap();
        assert_eq!(refreshed.status(), StatusCode::OK);
        let rotated = crate::helpers::refresh_cookie(&refreshed).unwrap();
        assert_ne!(rotated, cookie);
        let body: Value = refreshed.json().await.unwrap();
        assert!(body["accessToken"].is_string());

        let logout = app
            .client
            .post(app.url("/auth/logout"))
            .header("cookie", format!("bb_refresh={rotated}"))
            .send()
            .await
            .unwrap();
        assert_eq!(logout.status(), StatusCode::NO_CONTENT);
        let after = app
            .client
            .post(app.url("/auth/refresh"))
            .header("cookie", format!("bb_refresh={rotated}"))
            .send()
            .await
            .unwrap();
        assert_problem(after, StatusCode::UNAUTHORIZED, "invalid_refresh_token").await;
        let none = app.client.post(app.url("/auth/refresh")).send().await.unwrap();
        assert_problem(none, StatusCode::UNAUTHORIZED, "invalid_refresh_token").await;
    })
    .await;
}

#[tokio::test]
async fn reusing_a_rotated_refresh_token_ends_its_own_session() {
    on_each_database(async |app: TestApp| {
        let (_, first) = app.login_with_cookie("admin", ADMIN_PASSWORD).await;
        let refreshed = app
            .client
            .post(app.url("/auth/refresh"))
            .header("cookie", format!("bb_refresh={first}"))
            .send()
            .await
            .unwrap();
        let second = crate::helpers::refresh_cookie(&refreshed).unwrap();
        let replay = app
            .client
            .post(app.url("/auth/refresh"))
            .header("cookie", format!("bb_refresh={first}"))
            .send()
            .await
            .unwrap();
        assert_eq!(replay.status(), StatusCode::UNAUTHORIZED);
        let legitimate = app
            .client
            .post(app.url("/auth/refresh"))
            .header("cookie", format!("bb_refresh={second}"))
            .send()
            .await
            .unwrap();
        assert_eq!(legitimate.status(), StatusCode::UNAUTHORIZED);
    })
    .await;
}

#[tokio::test]
async fn repeated_failures_are_rate_limited_with_retry_after() {
    on_each_database(async |app: TestApp| {
        for _ in 0..5 {
            let response = app.login_response("admin", "Verkeerd-wachtwoord-1").await;
            assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        }
        let response = app.login_response("admin", ADMIN_PASSWORD).await;
        let retry_after: u64 = response.headers()["retry-after"].to_str().unwrap().parse().unwrap();
        assert!(retry_after > 0 && retry_after <= 900);
        assert_problem(response, StatusCode::TOO_MANY_REQUESTS, "too_many_requests").await;
    })
    .await;
}

#[tokio::test]
async fn every_other_role_is_forbidden_on_admin_endpoints_and_no_token_is_401() {
    on_each_database(async |app: TestApp| {
        let admin_only = ["/users", "/api-clients", "/audit-events"];
        for path in admin_only {
            assert_problem(app.get(path, None).await, StatusCode::UNAUTHORIZED, "unauthenticated").await;
        }
        for role in [Role::Consultant, Role::JobCoach, Role::Finance, Role::Partner, Role::Monitor] {
            let token = app.token_for(role).await;
            for path in admin_only {
                let response = app.get(path, Some(&token)).await;
                assert_eq!(response.status(), StatusCode::FORBIDDEN, "{role} on {path}");
                assert_problem(response, StatusCode::FORBIDDEN, "forbidden").await;
            }
            let response = app.post("/users", Some(&token), &json!({})).await;
            assert_eq!(response.status(), StatusCode::FORBIDDEN, "{role} creating a user");
        }
    })
    .await;
}

#[tokio::test]
async fn changing_ones_password_needs_the_current_one() {
    on_each_database(async |app: TestApp| {
        app.create_user("bert", Role::JobCoach, None).await;
        let token = app.login("bert", PASSWORD).await;
        let wrong =
            app.post("/auth/password", Some(&token), &json!({"currentPassword": "fout", "newPassword": "kort"})).await;
        let problem = assert_problem(wrong, StatusCode::BAD_REQUEST, "validation_failed").await;
        assert_eq!(field_names(&problem), vec!["newPassword", "currentPassword"]);
        let ok = app
            .post(
                "/auth/password",
                Some(&token),
                &json!({"currentPassword": PASSWORD, "newPassword": "Nieuw-wachtwoord-2"}),
            )
            .await;
        assert_eq!(ok.status(), StatusCode::NO_CONTENT);
        assert_eq!(app.login_response("bert", PASSWORD).await.status(), StatusCode::UNAUTHORIZED);
        app.login("bert", "Nieuw-wachtwoord-2").await;
    })
    .await;
}

async fn refresh(app: &TestApp, cookie: &str) -> reqwest::Response {
    app.client.post(app.url("/auth/refresh")).header("cookie", format!("bb_refresh={cookie}")).send().await.unwrap()
}

async fn logout(app: &TestApp, cookie: &str) -> reqwest::Response {
    app.client.post(app.url("/auth/logout")).header("cookie", format!("bb_refresh={cookie}")).send().await.unwrap()
}

async fn login_from(app: &TestApp, address: &str, username: &str, password: &str) -> reqwest::Response {
    app.client
        .post(app.url("/auth/login"))
        .header("x-forwarded-for", address)
        .json(&json!({"username": username, "password": password}))
        .send()
        .await
        .unwrap()
}

// Finding 2: the attempt is counted before the password is hashed, and hashing is capped.

#[tokio::test]
async fn parallel_wrong_logins_are_counted_before_any_is_checked() {
    on_each_database(async |app: TestApp| {
        let attempts = (0..12).map(|_| app.login_response("admin", "Verkeerd-wachtwoord-1"));
        let statuses: Vec<StatusCode> =
            futures_util::future::join_all(attempts).await.into_iter().map(|r| r.status()).collect();
        let checked = statuses.iter().filter(|s| **s == StatusCode::UNAUTHORIZED).count();
        let refused = statuses.iter().filter(|s| **s == StatusCode::TOO_MANY_REQUESTS).count();
        assert_eq!((checked, refused), (5, 7), "{statuses:?}");
    })
    .await;
}

#[tokio::test]
async fn without_a_free_hashing_slot_a_login_answers_429_with_retry_after() {
    on_each_database_with(
        |config| config.max_password_hashes = 0,
        async |app: TestApp| {
            let response = app.login_response("admin", ADMIN_PASSWORD).await;
            assert_eq!(response.headers()["retry-after"], "1");
            assert_problem(response, StatusCode::TOO_MANY_REQUESTS, "too_many_requests").await;
        },
    )
    .await;
}

#[tokio::test]
async fn wrong_current_passwords_are_limited_like_logins() {
    on_each_database(async |app: TestApp| {
        app.create_user("bert", Role::JobCoach, None).await;
        let token = app.login("bert", PASSWORD).await;
        let change = json!({"currentPassword": "Fout-wachtwoord-1", "newPassword": "Nieuw-wachtwoord-2"});
        for _ in 0..4 {
            let response = app.post("/auth/password", Some(&token), &change).await;
            assert_problem(response, StatusCode::BAD_REQUEST, "validation_failed").await;
        }
        // The fifth wrong one is still checked; after it the account backs off at this address.
        assert_eq!(app.post("/auth/password", Some(&token), &change).await.status(), StatusCode::BAD_REQUEST);
        let right = json!({"currentPassword": PASSWORD, "newPassword": "Nieuw-wachtwoord-2"});
        let response = app.post("/auth/password", Some(&token), &right).await;
        assert!(response.headers().contains_key("retry-after"));
        assert_problem(response, StatusCode::TOO_MANY_REQUESTS, "too_many_requests").await;
    })
    .await;
}

#[tokio::test]
async fn wrong_client_secrets_are_limited() {
    on_each_database(async |app: TestApp| {
        for _ in 0..5 {
            let response = app
                .client
                .post(app.url("/auth/token"))
                .form(&[("grant_type", "client_credentials"), ("client_id", "bb_x"), ("client_secret", "fout")])
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        }
        let response = app
            .client
            .post(app.url("/auth/token"))
            .form(&[("grant_type", "client_credentials"), ("client_id", "bb_x"), ("client_secret", "fout")])
            .send()
            .await
            .unwrap();
        assert_problem(response, StatusCode::TOO_MANY_REQUESTS, "too_many_requests").await;
    })
    .await;
}

// Finding 3: the client's address behind a trusted proxy; no hard account lock.

#[tokio::test]
async fn behind_a_trusted_proxy_an_attacker_elsewhere_cannot_lock_the_user_out() {
    on_each_database_with(
        |config| config.trusted_proxies = backend::infra::client_address::TrustedProxies::parse("127.0.0.1").unwrap(),
        async |app: TestApp| {
            for _ in 0..5 {
                let response = login_from(&app, "198.51.100.66", "admin", "Verkeerd-wachtwoord-1").await;
                assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
            }
            let attacker = login_from(&app, "198.51.100.66", "admin", ADMIN_PASSWORD).await;
            assert_eq!(attacker.status(), StatusCode::TOO_MANY_REQUESTS, "the attacker's address backs off");
            let owner = login_from(&app, "203.0.113.10", "admin", ADMIN_PASSWORD).await;
            assert_eq!(owner.status(), StatusCode::OK, "the admin logs in from their own address");

            // The audit log records the client's address, not the proxy's.
            let admin = app.admin_token().await;
            let events: Value =
                app.get("/audit-events?action=login&result=failure", Some(&admin)).await.json().await.unwrap();
            assert_eq!(events["items"][0]["clientAddress"], "198.51.100.66", "{events}");
        },
    )
    .await;
}

#[tokio::test]
async fn without_trusted_proxies_x_forwarded_for_is_ignored() {
    on_each_database(async |app: TestApp| {
        for n in 0..5 {
            let response = login_from(&app, &format!("198.51.100.{n}"), "admin", "Verkeerd-wachtwoord-1").await;
            assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        }
        let response = login_from(&app, "203.0.113.10", "admin", ADMIN_PASSWORD).await;
        assert_problem(response, StatusCode::TOO_MANY_REQUESTS, "too_many_requests").await;
    })
    .await;
}

// Finding 5: a session generation per account; refresh-token families.

#[tokio::test]
async fn logout_ends_every_access_token_at_once_and_other_sessions_refresh() {
    on_each_database(async |app: TestApp| {
        let (first_token, first_cookie) = app.login_with_cookie("admin", ADMIN_PASSWORD).await;
        let (second_token, second_cookie) = app.login_with_cookie("admin", ADMIN_PASSWORD).await;
        assert_eq!(logout(&app, &first_cookie).await.status(), StatusCode::NO_CONTENT);
        for token in [&first_token, &second_token] {
            assert_problem(app.get("/users", Some(token)).await, StatusCode::UNAUTHORIZED, "invalid_token").await;
        }
        assert_eq!(refresh(&app, &first_cookie).await.status(), StatusCode::UNAUTHORIZED);
        let refreshed = refresh(&app, &second_cookie).await;
        assert_eq!(refreshed.status(), StatusCode::OK, "the other session goes on");
        let body: Value = refreshed.json().await.unwrap();
        assert_eq!(app.get("/users", Some(body["accessToken"].as_str().unwrap())).await.status(), StatusCode::OK);
    })
    .await;
}

#[tokio::test]
async fn a_password_change_ends_every_other_access_token_at_once() {
    on_each_database(async |app: TestApp| {
        app.create_user("carla", Role::Consultant, None).await;
        let (token, _) = app.login_with_cookie("carla", PASSWORD).await;
        let (other, other_cookie) = app.login_with_cookie("carla", PASSWORD).await;
        let changed = app
            .post(
                "/auth/password",
                Some(&token),
                &json!({"currentPassword": PASSWORD, "newPassword": "Nieuw-wachtwoord-2"}),
            )
            .await;
        assert_eq!(changed.status(), StatusCode::NO_CONTENT);
        let fresh_cookie = refresh_cookie(&changed).unwrap();
        for old in [&token, &other] {
            assert_problem(app.get("/auth/me", Some(old)).await, StatusCode::UNAUTHORIZED, "invalid_token").await;
        }
        assert_eq!(refresh(&app, &other_cookie).await.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(refresh(&app, &fresh_cookie).await.status(), StatusCode::OK, "the new session works");
    })
    .await;
}

#[tokio::test]
async fn an_old_refresh_token_cannot_log_the_user_out_of_other_devices() {
    on_each_database(async |app: TestApp| {
        let (_, laptop) = app.login_with_cookie("admin", ADMIN_PASSWORD).await;
        let rotated = refresh_cookie(&refresh(&app, &laptop).await).unwrap();
        let (_, phone) = app.login_with_cookie("admin", ADMIN_PASSWORD).await;
        // Somebody replays the laptop's used cookie: the laptop's session ends, the phone's does not.
        assert_eq!(refresh(&app, &laptop).await.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(refresh(&app, &rotated).await.status(), StatusCode::UNAUTHORIZED);
        let phone_again = refresh(&app, &phone).await;
        assert_eq!(phone_again.status(), StatusCode::OK);
        let phone_again = refresh_cookie(&phone_again).unwrap();
        let phone_token: Value = refresh(&app, &phone_again).await.json().await.unwrap();
        let phone_token = phone_token["accessToken"].as_str().unwrap().to_owned();
        // Logging out with the old, used cookie ends nothing.
        assert_eq!(logout(&app, &laptop).await.status(), StatusCode::NO_CONTENT);
        assert_eq!(app.get("/users", Some(&phone_token)).await.status(), StatusCode::OK);
    })
    .await;
}

// Finding 7: an admin-issued temporary password must be changed; common passwords; lengths.

#[tokio::test]
async fn a_reset_password_ends_the_sessions_and_opens_only_the_password_change() {
    on_each_database(async |app: TestApp| {
        let id = app.create_user("dirk", Role::Consultant, None).await;
        let before = app.login("dirk", PASSWORD).await;
        let admin = app.admin_token().await;
        let reset: Value =
            app.post(&format!("/users/{id}/password-reset"), Some(&admin), &json!({})).await.json().await.unwrap();
        let temporary = reset["temporaryPassword"].as_str().unwrap().to_owned();
        assert_problem(app.get("/auth/me", Some(&before)).await, StatusCode::UNAUTHORIZED, "invalid_token").await;

        let login = app.login_response("dirk", &temporary).await;
        let body: Value = login.json().await.unwrap();
        assert_eq!(body["user"]["mustChangePassword"], true);
        let token = body["accessToken"].as_str().unwrap().to_owned();
        let refused = app.get("/organisations", Some(&token)).await;
        assert_problem(refused, StatusCode::FORBIDDEN, "password_change_required").await;
        assert_eq!(app.get("/auth/me", Some(&token)).await.status(), StatusCode::OK);
        let changed = app
            .post(
                "/auth/password",
                Some(&token),
                &json!({"currentPassword": temporary, "newPassword": "Eigen-keuze-2026"}),
            )
            .await;
        assert_eq!(changed.status(), StatusCode::NO_CONTENT);
        let token = app.login("dirk", "Eigen-keuze-2026").await;
        assert_eq!(app.get("/organisations", Some(&token)).await.status(), StatusCode::OK);
        let me: Value = app.get("/auth/me", Some(&token)).await.json().await.unwrap();
        assert_eq!(me["mustChangePassword"], false);
    })
    .await;
}

#[tokio::test]
async fn common_passwords_are_refused() {
    on_each_database(async |app: TestApp| {
        let admin = app.admin_token().await;
        for password in ["Wachtwoord2026!", "P@ssw0rd-12345", "Welkom123456"] {
            let response = app
                .post(
                    "/users",
                    Some(&admin),
                    &json!({"username": "eva", "displayName": "Eva", "role": "consultant", "password": password}),
                )
                .await;
            let problem = assert_problem(response, StatusCode::BAD_REQUEST, "validation_failed").await;
            assert_eq!(problem["invalidParams"][0]["code"], "too_common", "{password}");
        }
        let token = app.token_for(Role::Finance).await;
        let response = app
            .post("/auth/password", Some(&token), &json!({"currentPassword": PASSWORD, "newPassword": "Qwerty-123456"}))
            .await;
        let problem = assert_problem(response, StatusCode::BAD_REQUEST, "validation_failed").await;
        assert_eq!(problem["invalidParams"][0]["code"], "too_common");
    })
    .await;
}

#[tokio::test]
async fn an_overlong_username_or_password_at_login_is_400_not_500() {
    on_each_database(async |app: TestApp| {
        let response = app.login_response(&"a".repeat(260), "Verkeerd-wachtwoord-1").await;
        let problem = assert_problem(response, StatusCode::BAD_REQUEST, "validation_failed").await;
        assert_eq!(field_names(&problem), vec!["username"]);
        let response = app.login_response("admin", &"x1".repeat(600)).await;
        assert_problem(response, StatusCode::BAD_REQUEST, "validation_failed").await;
    })
    .await;
}

#[tokio::test]
async fn a_generated_first_admin_password_is_written_for_the_owner_only_and_must_be_changed() {
    use std::os::unix::fs::PermissionsExt;
    let app =
        crate::helpers::spawn_app_with(crate::helpers::Backend::Sqlite, |config| config.admin_password = None).await;
    // Beside the SQLite file, as the server's other files.
    let file = std::env::temp_dir().join("initial-admin-password");
    let mode = std::fs::metadata(&file).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    let password = std::fs::read_to_string(&file).unwrap().trim().to_owned();
    let body: Value = app.login_response("admin", &password).await.json().await.unwrap();
    assert_eq!(body["user"]["mustChangePassword"], true);
    let token = body["accessToken"].as_str().unwrap();
    assert_problem(app.get("/users", Some(token)).await, StatusCode::FORBIDDEN, "password_change_required").await;
}
