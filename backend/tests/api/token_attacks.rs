//! Gate 4 of issue 10: the attacks on access and refresh tokens, each tried over HTTP against a protected
//! operation. A control token, made the same way but honestly, proves that each refusal is the attack's.

use base64::Engine;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use reqwest::StatusCode;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use shared::auth::Role;

use crate::helpers::{ADMIN_PASSWORD, PASSWORD, TestApp, assert_problem, on_each_database, refresh_cookie};

fn now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs()
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// HMAC-SHA256 (RFC 2104), to sign a token with any header the attacker likes.
fn hmac_sha256(key: &[u8], message: &[u8]) -> Vec<u8> {
    let mut block = [0u8; 64];
    if key.len() > 64 {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let inner: Vec<u8> = block.iter().map(|b| b ^ 0x36).chain(message.iter().copied()).collect();
    let inner = Sha256::digest(&inner);
    let outer: Vec<u8> = block.iter().map(|b| b ^ 0x5c).chain(inner.iter().copied()).collect();
    Sha256::digest(&outer).to_vec()
}

/// A token with `header` and `claims`, its signature HMAC-SHA256 over both with `key`.
fn forge(header: &Value, claims: &Value, key: &[u8]) -> String {
    let signing_input = format!("{}.{}", b64(header.to_string().as_bytes()), b64(claims.to_string().as_bytes()));
    let signature = b64(&hmac_sha256(key, signing_input.as_bytes()));
    format!("{signing_input}.{signature}")
}

fn sign(claims: &Value, key: &[u8], algorithm: Algorithm) -> String {
    jsonwebtoken::encode(&Header::new(algorithm), claims, &EncodingKey::from_secret(key)).unwrap()
}

async fn admin_claims(app: &TestApp) -> Value {
    let token = app.admin_token().await;
    let me: Value = app.get("/auth/me", Some(&token)).await.json().await.unwrap();
    json!({"iss": "basisbaan", "aud": "basisbaan-api", "sub": me["id"], "exp": now() + 600, "iat": now(),
           "role": "admin", "gen": 0})
}

fn with(claims: &Value, key: &str, value: Value) -> Value {
    let mut claims = claims.clone();
    claims[key] = value;
    claims
}

async fn assert_refused(app: &TestApp, name: &str, token: &str) {
    let response = app.get("/users", Some(token)).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{name}");
    assert_problem(response, StatusCode::UNAUTHORIZED, "invalid_token").await;
}

#[tokio::test]
async fn forged_and_invalid_access_tokens_are_refused() {
    on_each_database(async |app: TestApp| {
        let secret = app.jwt_secret.clone();
        let claims = admin_claims(&app).await;
        let control = forge(&json!({"alg": "HS256", "typ": "JWT"}), &claims, &secret);
        assert_eq!(app.get("/users", Some(&control)).await.status(), StatusCode::OK, "the control token works");

        let payload = b64(claims.to_string().as_bytes());
        let attacks: Vec<(&str, String)> = vec![
            ("alg none", format!("{}.{payload}.", b64(br#"{"alg":"none","typ":"JWT"}"#))),
            ("alg None", format!("{}.{payload}.", b64(br#"{"alg":"None","typ":"JWT"}"#))),
            // HS/RS confusion: an RS256 header with an HMAC signature made with the server's key.
            ("RS256 header, HMAC signature", forge(&json!({"alg": "RS256", "typ": "JWT"}), &claims, &secret)),
            ("ES256 header, HMAC signature", forge(&json!({"alg": "ES256", "typ": "JWT"}), &claims, &secret)),
            ("HS512 with the right key", sign(&claims, &secret, Algorithm::HS512)),
            ("another key", forge(&json!({"alg": "HS256"}), &claims, b"another-secret-another-secret-0123")),
            ("expired", forge(&json!({"alg": "HS256"}), &with(&claims, "exp", json!(now() - 120)), &secret)),
            (
                "not yet valid (nbf)",
                forge(&json!({"alg": "HS256"}), &with(&claims, "nbf", json!(now() + 600)), &secret),
            ),
            (
                "issued in the future",
                forge(&json!({"alg": "HS256"}), &with(&claims, "iat", json!(now() + 600)), &secret),
            ),
            (
                "wrong audience",
                forge(&json!({"alg": "HS256"}), &with(&claims, "aud", json!("een-andere-api")), &secret),
            ),
            ("wrong issuer", forge(&json!({"alg": "HS256"}), &with(&claims, "iss", json!("iemand-anders")), &secret)),
            ("no session generation", {
                let mut without = claims.clone();
                without.as_object_mut().unwrap().remove("gen");
                forge(&json!({"alg": "HS256"}), &without, &secret)
            }),
            ("an older session generation", forge(&json!({"alg": "HS256"}), &with(&claims, "gen", json!(-1)), &secret)),
            (
                "an unknown subject",
                forge(&json!({"alg": "HS256"}), &with(&claims, "sub", json!(uuid::Uuid::new_v4())), &secret),
            ),
            ("garbage", "dit.is.geen-token".to_owned()),
        ];
        for (name, token) in &attacks {
            assert_refused(&app, name, token).await;
        }
    })
    .await;
}

#[tokio::test]
async fn a_tampered_payload_is_refused() {
    on_each_database(async |app: TestApp| {
        let token = app.token_for(Role::Finance).await;
        assert_problem(app.get("/users", Some(&token)).await, StatusCode::FORBIDDEN, "forbidden").await;
        let parts: Vec<&str> = token.split('.').collect();
        let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(parts[1]).unwrap();
        let mut claims: Value = serde_json::from_slice(&payload).unwrap();
        claims["role"] = json!("admin");
        let tampered = format!("{}.{}.{}", parts[0], b64(claims.to_string().as_bytes()), parts[2]);
        assert_refused(&app, "finance made admin", &tampered).await;
    })
    .await;
}

#[tokio::test]
async fn a_revoked_refresh_token_reused_is_refused_and_ends_its_session() {
    on_each_database(async |app: TestApp| {
        let (_, first) = app.login_with_cookie("admin", ADMIN_PASSWORD).await;
        let send = |cookie: String| {
            app.client.post(app.url("/auth/refresh")).header("cookie", format!("bb_refresh={cookie}")).send()
        };
        let second = refresh_cookie(&send(first.clone()).await.unwrap()).unwrap();
        assert_problem(send(first).await.unwrap(), StatusCode::UNAUTHORIZED, "invalid_refresh_token").await;
        assert_problem(send(second).await.unwrap(), StatusCode::UNAUTHORIZED, "invalid_refresh_token").await;
    })
    .await;
}

#[tokio::test]
async fn a_disabled_users_unexpired_token_is_refused() {
    on_each_database(async |app: TestApp| {
        let id = app.create_user("gerrit", Role::Consultant, None).await;
        let token = app.login("gerrit", PASSWORD).await;
        assert_eq!(app.get("/organisations", Some(&token)).await.status(), StatusCode::OK);
        let admin = app.admin_token().await;
        app.patch(&format!("/users/{id}"), Some(&admin), &json!({"version": 1, "disabled": true})).await;
        let response = app.get("/organisations", Some(&token)).await;
        assert_problem(response, StatusCode::UNAUTHORIZED, "invalid_token").await;
    })
    .await;
}

#[tokio::test]
async fn an_access_token_is_refused_after_logout_and_after_a_password_change() {
    on_each_database(async |app: TestApp| {
        app.create_user("hanna", Role::Consultant, None).await;
        let (token, cookie) = app.login_with_cookie("hanna", PASSWORD).await;
        app.client.post(app.url("/auth/logout")).header("cookie", format!("bb_refresh={cookie}")).send().await.unwrap();
        assert_problem(app.get("/organisations", Some(&token)).await, StatusCode::UNAUTHORIZED, "invalid_token").await;

        let token = app.login("hanna", PASSWORD).await;
        let copy = token.clone();
        let changed = app
            .post(
                "/auth/password",
                Some(&token),
                &json!({"currentPassword": PASSWORD, "newPassword": "Nieuw-wachtwoord-2"}),
            )
            .await;
        assert_eq!(changed.status(), StatusCode::NO_CONTENT);
        assert_problem(app.get("/organisations", Some(&copy)).await, StatusCode::UNAUTHORIZED, "invalid_token").await;
    })
    .await;
}
