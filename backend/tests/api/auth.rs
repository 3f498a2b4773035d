//! Logging in, tokens, refresh and logout, the rate limit, and the role checks.

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use reqwest::StatusCode;
use serde_json::{Value, json};
use shared::auth::Role;

use crate::helpers::{ADMIN_PASSWORD, PASSWORD, TestApp, assert_problem, on_each_database};

fn now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs()
}

fn claims(sub: &str, exp: u64, aud: &str, iss: &str) -> Value {
    json!({"iss": iss, "aud": aud, "sub": sub, "exp": exp, "iat": now(), "role": "admin"})
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
async fn reusing_a_rotated_refresh_token_ends_every_session_of_the_user() {
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
        assert_eq!(crate::helpers::field_names(&problem), vec!["newPassword", "currentPassword"]);
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
