//! Bulk status changes (issue 14, item 4): the preview is what the action does; one refused candidate
//! refuses the whole action, which then writes nothing.

use reqwest::StatusCode;
use serde_json::{Value, json};
use shared::auth::Role;

use crate::helpers::{TestApp, assert_problem, field_names, on_each_database};

async fn register(app: &TestApp, token: &str, bsn: &str, first: &str) -> String {
    let created: Value = app
        .post("/candidates", Some(token), &crate::candidates::candidate(bsn, first, "Jansen"))
        .await
        .json()
        .await
        .unwrap();
    created["id"].as_str().expect("a candidate").to_owned()
}

async fn status(app: &TestApp, token: &str, id: &str) -> String {
    let record: Value = app.get(&format!("/candidates/{id}"), Some(token)).await.json().await.unwrap();
    record["status"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_bulk_change_does_what_its_preview_said_with_history_per_record() {
    on_each_database(async |app: TestApp| {
        let consultant = app.token_for(Role::Consultant).await;
        let mut ids = Vec::new();
        for (bsn, first) in [("123456782", "Anna"), ("111222333", "Bert"), ("100000009", "Cees")] {
            ids.push(register(&app, &consultant, bsn, first).await);
        }
        let body = json!({"candidateIds": ids, "to": "intake", "reason": "Intakegesprekken gepland"});
        let preview: Value =
            app.post("/candidates/bulk-status/preview", Some(&consultant), &body).await.json().await.unwrap();
        assert_eq!(preview["refusals"], json!([]));
        let planned: Vec<(&str, &str, &str)> = preview["changes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (c["name"].as_str().unwrap(), c["from"].as_str().unwrap(), c["to"].as_str().unwrap()))
            .collect();
        assert_eq!(
            planned,
            [
                ("Anna Jansen", "registered", "intake"),
                ("Bert Jansen", "registered", "intake"),
                ("Cees Jansen", "registered", "intake")
            ]
        );
        // The preview changed nothing.
        assert_eq!(status(&app, &consultant, &ids[0]).await, "registered");

        let done = app.post("/candidates/bulk-status", Some(&consultant), &body).await;
        assert_eq!(done.status(), StatusCode::OK);
        let done: Value = done.json().await.unwrap();
        assert_eq!(done["changes"], preview["changes"], "the action does what the preview said");
        for id in &ids {
            assert_eq!(status(&app, &consultant, id).await, "intake");
            let history: Value =
                app.get(&format!("/candidates/{id}/status-changes"), Some(&consultant)).await.json().await.unwrap();
            let latest = &history["items"][0];
            assert_eq!(
                (latest["to"].as_str(), latest["reason"].as_str()),
                (Some("intake"), Some("Intakegesprekken gepland"))
            );
        }
        let admin = app.admin_token().await;
        let events: Value =
            app.get("/audit-events?recordType=candidate&pageSize=100", Some(&admin)).await.json().await.unwrap();
        let status_events = events["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["details"].as_str().is_some_and(|d| d.contains("status registered -> intake")))
            .count();
        assert_eq!(status_events, 3, "one audit event per record");
    })
    .await;
}

#[tokio::test]
async fn one_refused_candidate_stops_the_whole_action_and_writes_nothing() {
    on_each_database(async |app: TestApp| {
        let consultant = app.token_for(Role::Consultant).await;
        let in_intake = register(&app, &consultant, "123456782", "Anna").await;
        let registered = register(&app, &consultant, "111222333", "Bert").await;
        let step = json!({"candidateIds": [in_intake], "to": "intake", "reason": "Intake"});
        assert_eq!(app.post("/candidates/bulk-status", Some(&consultant), &step).await.status(), StatusCode::OK);

        // Bert cannot go from registered to eligible; a stranger's id is unknown.
        let stranger = uuid::Uuid::now_v7().to_string();
        let body = json!({"candidateIds": [in_intake, registered, stranger], "to": "eligible", "reason": "Geschikt"});
        let preview: Value =
            app.post("/candidates/bulk-status/preview", Some(&consultant), &body).await.json().await.unwrap();
        assert_eq!(preview["changes"].as_array().unwrap().len(), 1);
        let refused: Vec<(&str, &str)> = preview["refusals"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r["name"].as_str().unwrap(), r["code"].as_str().unwrap()))
            .collect();
        assert_eq!(refused, [("Bert Jansen", "illegal_transition"), ("", "unknown")]);

        let refused = app.post("/candidates/bulk-status", Some(&consultant), &body).await;
        let problem = assert_problem(refused, StatusCode::BAD_REQUEST, "validation_failed").await;
        assert_eq!(field_names(&problem), ["candidateIds[1]", "candidateIds[2]"]);
        assert_eq!(status(&app, &consultant, &in_intake).await, "intake", "nothing was written");
        assert_eq!(status(&app, &consultant, &registered).await, "registered");

        let twice = json!({"candidateIds": [in_intake, in_intake], "to": "exited", "reason": " "});
        let problem = assert_problem(
            app.post("/candidates/bulk-status/preview", Some(&consultant), &twice).await,
            StatusCode::BAD_REQUEST,
            "validation_failed",
        )
        .await;
        assert_eq!(field_names(&problem), ["candidateIds[1]", "reason"]);
        let job_coach = app.token_for(Role::JobCoach).await;
        let denied = app.post("/candidates/bulk-status", Some(&job_coach), &step).await;
        assert_eq!(denied.status(), StatusCode::FORBIDDEN);
    })
    .await;
}
