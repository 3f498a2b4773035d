//! The audit log.

use reqwest::StatusCode;
use serde_json::{Value, json};
use shared::auth::Role;

use crate::helpers::{ADMIN_PASSWORD, PASSWORD, TestApp, on_each_database, on_each_database_with};

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
        let this_day: Value =
            app.get(&format!("/audit-events?from={today}&to={today}"), Some(&admin)).await.json().await.unwrap();
        assert!(this_day["totalItems"].as_u64().unwrap() > 0);
        let future: Value =
            app.get(&format!("/audit-events?from={tomorrow}"), Some(&admin)).await.json().await.unwrap();
        assert_eq!(future["totalItems"], 0);
        let backwards = app.get(&format!("/audit-events?from={tomorrow}&to={today}"), Some(&admin)).await;
        assert_eq!(backwards.status(), StatusCode::BAD_REQUEST);
    })
    .await;
}

/// Issue 8, defect 4: the reads of intake notes and status history are audited; a denial raised inside a
/// handler is audited like a role denial, each exactly once; every event records the client's address and
/// the kind of actor.
#[tokio::test]
async fn intake_and_history_reads_and_every_denial_are_audited_once_with_the_client_address() {
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
        for (path, detail) in [("intakes", "intakes"), ("status-changes", "status history")] {
            assert_eq!(app.get(&format!("/candidates/{id}/{path}"), Some(&consultant)).await.status(), StatusCode::OK);
            let page: Value =
                app.get(&format!("/audit-events?recordId={id}&pageSize=100"), Some(&admin)).await.json().await.unwrap();
            assert!(
                page["items"].as_array().unwrap().iter().any(|e| e["action"] == "read" && e["details"] == detail),
                "{path}: {page}"
            );
        }

        let (hood, _) = crate::tasks::reference(&app).await;
        let session: Value = app
            .post(
                "/neighbourhood-sessions",
                Some(&consultant),
                &json!({"neighbourhoodId": hood, "heldOn": "2026-11-10", "title": "Wijkavond"}),
            )
            .await
            .json()
            .await
            .unwrap();
        let session_id = session["id"].as_str().unwrap();
        let job_coach = app.token_for(Role::JobCoach).await;
        let refused = app
            .client
            .put(app.url(&format!("/neighbourhood-sessions/{session_id}")))
            .bearer_auth(&job_coach)
            .json(&json!({"neighbourhoodId": hood, "heldOn": "2026-11-10", "title": "Overschreven", "version": 1}))
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), StatusCode::FORBIDDEN);
        let finance = app.token_for(Role::Finance).await;
        assert_eq!(app.get("/tasks", Some(&finance)).await.status(), StatusCode::FORBIDDEN);

        let denied: Value =
            app.get("/audit-events?result=denied&pageSize=100", Some(&admin)).await.json().await.unwrap();
        let details: Vec<&str> =
            denied["items"].as_array().unwrap().iter().map(|e| e["details"].as_str().unwrap_or_default()).collect();
        assert_eq!(
            details.iter().filter(|d| **d == "PUT /api/v1/neighbourhood-sessions/{id}").count(),
            1,
            "{details:?}"
        );
        assert_eq!(details.iter().filter(|d| **d == "GET /api/v1/tasks").count(), 1, "{details:?}");
        assert!(!details.iter().any(|d| d.contains(session_id)), "route patterns, not ids: {details:?}");

        let everything: Value = app.get("/audit-events?pageSize=100", Some(&admin)).await.json().await.unwrap();
        for event in everything["items"].as_array().unwrap() {
            if event["requestId"].is_string() {
                assert_eq!(event["clientAddress"], "127.0.0.1", "{event}");
            } else {
                assert_eq!(event["actorKind"], "system", "only the server's own work is outside a request: {event}");
            }
            assert!(
                ["staff", "partner", "api_client", "system", "anonymous"]
                    .contains(&event["actorKind"].as_str().unwrap()),
                "{event}"
            );
        }
        assert!(everything["items"].as_array().unwrap().iter().any(|e| e["actorKind"] == "staff"));
    })
    .await;
}

#[tokio::test]
async fn audit_events_are_dated_by_the_application_clock() {
    on_each_database_with(
        |config| config.fixed_now = Some("2026-03-02T10:00:00Z".parse().unwrap()),
        async |app: TestApp| {
            let id = app.create_user("m.smit", Role::Consultant, None).await;
            let admin = app.admin_token().await;
            assert_eq!(app.get(&format!("/users/{id}"), Some(&admin)).await.status(), StatusCode::OK);
            let page: Value =
                app.get(&format!("/audit-events?recordId={id}"), Some(&admin)).await.json().await.unwrap();
            let events = page["items"].as_array().unwrap();
            assert_eq!(events.len(), 2, "the creation and the read");
            for event in events {
                let at: chrono::DateTime<chrono::Utc> = event["occurredAt"].as_str().unwrap().parse().unwrap();
                assert_eq!(at.to_rfc3339(), "2026-03-02T10:00:00+00:00", "{event}");
            }
        },
    )
    .await;
}
