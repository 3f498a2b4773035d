//! Completeness (issue 14, item 2): the fields that matching needs (`shared::candidates::REQUIRED_FOR_MATCHING`)
//! are named as `missing` on the record, the intake cannot be completed without them (one step or in bulk),
//! and availability is confirmed by its own action, which a list filter finds by its age.

use reqwest::StatusCode;
use serde_json::{Value, json};
use shared::auth::Role;

use crate::helpers::{TestApp, assert_problem, field_names, on_each_database_with};

const TODAY: &str = "2026-12-01";

fn fixed(config: &mut backend::config::Config) {
    config.fixed_now = Some(format!("{TODAY}T10:00:00Z").parse().unwrap());
}

/// A registered person in intake without hours or days: its id (version 2).
async fn incomplete_in_intake(app: &TestApp, token: &str, n: u32) -> String {
    let mut body = crate::candidates::candidate(&crate::contracts::bsn(700 + n), "Noor", "Bakker");
    body["availableHours"] = Value::Null;
    body["availableDays"] = json!([]);
    let created = app.post("/candidates", Some(token), &body).await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let created: Value = created.json().await.unwrap();
    assert_eq!(created["missing"], json!(["availableHours", "availableDays"]), "the record names what is missing");
    let id = created["id"].as_str().unwrap().to_owned();
    let intake = json!({"to": "intake", "reason": "Gesprek", "version": 1});
    assert_eq!(app.post(&format!("/candidates/{id}/status"), Some(token), &intake).await.status(), StatusCode::OK);
    id
}

async fn candidate(app: &TestApp, token: &str, id: &str) -> Value {
    let answer = app.get(&format!("/candidates/{id}"), Some(token)).await;
    assert_eq!(answer.status(), StatusCode::OK);
    answer.json().await.unwrap()
}

#[tokio::test]
async fn intake_is_completed_only_with_the_fields_that_matching_needs() {
    on_each_database_with(fixed, async |app: TestApp| {
        let consultant = app.token_for(Role::Consultant).await;
        let id = incomplete_in_intake(&app, &consultant, 1).await;

        for (path, body) in [
            ("status", json!({"to": "eligible", "reason": "Klaar", "version": 2})),
            ("status", json!({"to": "pre_trajectory", "reason": "Eerst werkfit", "version": 2})),
            ("eligibility", json!({"outcome": "eligible", "motivation": "Past", "version": 2})),
        ] {
            let refused = app.post(&format!("/candidates/{id}/{path}"), Some(&consultant), &body).await;
            let problem = assert_problem(refused, StatusCode::BAD_REQUEST, "incomplete").await;
            assert_eq!(problem["type"], "https://basisbaan.nl/problems/incomplete");
            assert_eq!(field_names(&problem), ["availableHours", "availableDays"], "{path}");
        }
        let unchanged = candidate(&app, &consultant, &id).await;
        assert_eq!((unchanged["status"].as_str(), unchanged["version"].as_i64()), (Some("intake"), Some(2)));
        let history: Value =
            app.get(&format!("/candidates/{id}/status-changes"), Some(&consultant)).await.json().await.unwrap();
        assert_eq!(history["totalItems"], 2, "nothing written");

        // Other steps do not need the fields: leaving the programme is always possible.
        let mut body = crate::candidates::candidate(&crate::contracts::bsn(701), "Noor", "Bakker");
        body["availableDays"] = json!(["mon"]);
        body["availableHours"] = Value::Null;
        body["version"] = json!(2);
        let saved = app.put(&format!("/candidates/{id}"), Some(&consultant), &body).await;
        assert_eq!(saved.status(), StatusCode::OK);
        let saved: Value = saved.json().await.unwrap();
        assert_eq!(saved["missing"], json!(["availableHours"]));
        body["availableHours"] = json!(20);
        body["version"] = json!(3);
        let saved: Value = app.put(&format!("/candidates/{id}"), Some(&consultant), &body).await.json().await.unwrap();
        assert_eq!(saved["missing"], json!([]));
        let decision = json!({"outcome": "eligible", "motivation": "Past", "version": 4});
        let decided = app.post(&format!("/candidates/{id}/eligibility"), Some(&consultant), &decision).await;
        assert_eq!(decided.status(), StatusCode::OK);
    })
    .await;
}

#[tokio::test]
async fn a_bulk_step_out_of_intake_refuses_an_incomplete_record_in_its_preview() {
    on_each_database_with(fixed, async |app: TestApp| {
        let consultant = app.token_for(Role::Consultant).await;
        let incomplete = incomplete_in_intake(&app, &consultant, 2).await;
        let complete = crate::contracts::eligible(&app, &consultant, 720, "Sem").await;
        // `complete` is eligible already; a second complete one in intake:
        let body = crate::candidates::candidate(&crate::contracts::bsn(703), "Lot", "de Vries");
        let created: Value = app.post("/candidates", Some(&consultant), &body).await.json().await.unwrap();
        let ready = created["id"].as_str().unwrap().to_owned();
        let intake = json!({"to": "intake", "reason": "Gesprek", "version": 1});
        assert_eq!(app.post(&format!("/candidates/{ready}/status"), Some(&consultant), &intake).await.status(), 200);

        let request = json!({"candidateIds": [ready, incomplete], "to": "eligible", "reason": "Intake klaar"});
        let preview = app.post("/candidates/bulk-status/preview", Some(&consultant), &request).await;
        assert_eq!(preview.status(), StatusCode::OK);
        let preview: Value = preview.json().await.unwrap();
        assert_eq!(preview["changes"].as_array().unwrap().len(), 1);
        assert_eq!(preview["refusals"][0]["candidateId"], json!(incomplete));
        assert_eq!(preview["refusals"][0]["code"], "incomplete");
        let refused = app.post("/candidates/bulk-status", Some(&consultant), &request).await;
        let problem = assert_problem(refused, StatusCode::BAD_REQUEST, "validation_failed").await;
        assert_eq!(field_names(&problem), ["candidateIds[1]"]);
        assert_eq!(candidate(&app, &consultant, &ready).await["status"], "intake", "all or nothing");
        assert_eq!(candidate(&app, &consultant, &complete).await["status"], "eligible");
    })
    .await;
}

#[tokio::test]
async fn availability_is_confirmed_by_its_own_action_and_found_by_its_age() {
    on_each_database_with(fixed, async |app: TestApp| {
        let consultant = app.token_for(Role::Consultant).await;
        let body = crate::candidates::candidate(&crate::contracts::bsn(710), "Bo", "Smit");
        let created: Value = app.post("/candidates", Some(&consultant), &body).await.json().await.unwrap();
        let id = created["id"].as_str().unwrap().to_owned();
        assert_eq!(created["availabilityConfirmedAt"], Value::Null, "registering does not confirm it");

        // A save does not confirm it either.
        let mut change = body.clone();
        change["availableHours"] = json!(24);
        change["version"] = json!(1);
        let saved: Value =
            app.put(&format!("/candidates/{id}"), Some(&consultant), &change).await.json().await.unwrap();
        assert_eq!(saved["availabilityConfirmedAt"], Value::Null);

        let listed = |days: u32| {
            let app = &app;
            let consultant = consultant.clone();
            async move {
                let page: Value = app
                    .get(&format!("/candidates?availabilityOlderThanDays={days}"), Some(&consultant))
                    .await
                    .json()
                    .await
                    .unwrap();
                page["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|c| c["id"].as_str().unwrap().to_owned())
                    .collect::<Vec<_>>()
            }
        };
        assert_eq!(listed(90).await, std::slice::from_ref(&id), "never confirmed counts as old");

        for role in [Role::JobCoach, Role::Finance] {
            let token = app.token_for(role).await;
            let refused =
                app.post(&format!("/candidates/{id}/availability-confirmation"), Some(&token), &json!({})).await;
            assert_eq!(refused.status(), StatusCode::FORBIDDEN, "{role}");
        }
        let confirmed =
            app.post(&format!("/candidates/{id}/availability-confirmation"), Some(&consultant), &json!({})).await;
        assert_eq!(confirmed.status(), StatusCode::OK);
        let confirmed: Value = confirmed.json().await.unwrap();
        assert_eq!(confirmed["availabilityConfirmedAt"], format!("{TODAY}T10:00:00Z"));
        assert!(confirmed["availabilityConfirmedBy"].as_str().unwrap().starts_with("consultant-"), "{confirmed}");
        assert_eq!(confirmed["version"], 3, "a change of the record");
        assert!(listed(1).await.is_empty(), "confirmed today is not a day old");
        assert_eq!(listed(0).await, std::slice::from_ref(&id), "0 days: every confirmation up to today");

        let audit: Value = app
            .get(&format!("/audit-events?recordId={id}&pageSize=100"), Some(&app.admin_token().await))
            .await
            .json()
            .await
            .unwrap();
        assert!(
            audit["items"].as_array().unwrap().iter().any(|e| e["details"] == "availability confirmed"),
            "audited: {audit}"
        );

        let bad = app.get("/candidates?availabilityOlderThanDays=36501", Some(&consultant)).await;
        let problem = assert_problem(bad, StatusCode::BAD_REQUEST, "validation_failed").await;
        assert_eq!(field_names(&problem), ["availabilityOlderThanDays"]);
        let finance = app.token_for(Role::Finance).await;
        let refused = app.get("/candidates?availabilityOlderThanDays=5", Some(&finance)).await;
        assert_eq!(refused.status(), StatusCode::FORBIDDEN, "finance does not see availability");
    })
    .await;
}
