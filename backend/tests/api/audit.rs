//! The audit log.

use reqwest::StatusCode;
use serde_json::Value;
use shared::auth::Role;

use crate::helpers::{ADMIN_PASSWORD, PASSWORD, TestApp, on_each_database};

#[tokio::test]
async fn logins_and_failures_are_audited_without_secrets() {
    on_each_database(async |app: TestApp| {
        let _ = app.login_response("admin", "Geheim-fout-wachtwoord-9").await;
        let (token, cookie) = app.login_with_cookie("admin", ADMIN_PASSWORD).await;
        let page: Value = app.get("/audit-events?action=login&pageSize=100", Some(&token)).await.json().await.unwrap();
        let events = page["items"].as_array().unwrap();
        assert!(events.iter().any(|e| e["result"] == "failure" && e["actorName"] == "admin"));
        assert!(events.iter().any(|e| e["result"] == "success" && e["actorRole"] == "admin"));
        let everything = app.get("/audit-events?pageSize=100", Some(&token)).await.text().await.unwrap();
        for secret in ["Geheim-fout-wachtwoord-9", ADMIN_PASSWORD, &token, &cookie] {
            assert!(!everything.contains(secret), "the audit log holds a secret");
        }
    })
    .await;
}

#[tokio::test]
async fn reading_a_users_record_is_audited_and_filterable_by_record() {
    on_each_database(async |app: TestApp| {
        let id = app.create_user("j.peters", Role::Consultant, None).await;
        let admin = app.admin_token().await;
        assert_eq!(app.get(&format!("/users/{id}"), Some(&admin)).await.status(), StatusCode::OK);
        let page: Value =
            app.get(&format!("/audit-events?recordType=user&recordId={id}"), Some(&admin)).await.json().await.unwrap();
        let actions: Vec<_> = page["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
        assert_eq!(actions, vec!["read", "create"], "newest first");
        assert!(page["items"][0]["requestId"].is_string());
    })
    .await;
}

#[tokio::test]
async fn a_denied_request_is_audited_and_the_log_filters_by_period() {
    on_each_database(async |app: TestApp| {
        app.create_user("k.vos", Role::Finance, None).await;
        let finance = app.login("k.vos", PASSWORD).await;
        assert_eq!(app.get("/audit-events", Some(&finance)).await.status(), StatusCode::FORBIDDEN);
        let admin = app.admin_token().await;
        let denied: Value = app.get("/audit-events?result=denied", Some(&admin)).await.json().await.unwrap();
        assert_eq!(denied["items"][0]["actorName"], "k.vos");
        let today = chrono::Utc::now().date_naive();
        let tomorrow = today.succ_opt().unwrap();
        let this_day: Value = app.get(&format!("/audit-events?from={today}&to={today}"), Some(&admin)).await.json().await.unwrap();
        assert!(this_day["totalItems"].as_u64().unwrap() > 0);
        let future: Value = app.get(&format!("/audit-events?from={tomorrow}"), Some(&admin)).await.json().await.unwrap();
        assert_eq!(future["totalItems"], 0);
        let backwards = app.get(&format!("/audit-events?from={tomorrow}&to={today}"), Some(&admin)).await;
        assert_eq!(backwards.status(), StatusCode::BAD_REQUEST);
    })
    .await;
}
