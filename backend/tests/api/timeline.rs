//! The timeline of a person (issue 14): every step of their record in one view, newest first, within what
//! the caller's role may read.

use reqwest::StatusCode;
use serde_json::{Value, json};
use shared::auth::Role;

use crate::candidates::candidate;
use crate::helpers::{TestApp, on_each_database};

fn kinds(page: &Value) -> Vec<&str> {
    page["items"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect()
}

/// A candidate registered, changed, taken into intake, interviewed and decided on: its id.
async fn history(app: &TestApp, consultant: &str) -> String {
    let created: Value = app
        .post("/candidates", Some(consultant), &candidate("123456782", "Sanne", "de Boer"))
        .await
        .json()
        .await
        .unwrap();
    let id = created["id"].as_str().unwrap().to_owned();
    let mut change = candidate("123456782", "Sanne", "de Vries");
    change["limitationNotes"] = json!("Knieklachten");
    change["version"] = json!(1);
    assert_eq!(app.put(&format!("/candidates/{id}"), Some(consultant), &change).await.status(), StatusCode::OK);
    let step = json!({"to": "intake", "reason": "Eerste gesprek gepland", "version": 2});
    assert_eq!(app.post(&format!("/candidates/{id}/status"), Some(consultant), &step).await.status(), StatusCode::OK);
    let intake =
        json!({"kind": "conversation", "heldOn": "2026-11-20", "result": "Gemotiveerd", "notes": "Wil buiten werken"});
    assert_eq!(
        app.post(&format!("/candidates/{id}/intakes"), Some(consultant), &intake).await.status(),
        StatusCode::CREATED
    );
    let decision = json!({"outcome": "pre_trajectory", "motivation": "Eerst werkfit maken", "version": 3});
    assert_eq!(
        app.post(&format!("/candidates/{id}/eligibility"), Some(consultant), &decision).await.status(),
        StatusCode::OK
    );
    id
}

#[tokio::test]
async fn the_timeline_shows_every_step_newest_first_with_who_and_what() {
    on_each_database(async |app: TestApp| {
        let consultant = app.token_for(Role::Consultant).await;
        let id = history(&app, &consultant).await;
        let page: Value = app.get(&format!("/candidates/{id}/timeline"), Some(&consultant)).await.json().await.unwrap();
        assert_eq!(
            kinds(&page),
            ["eligibility_decision", "status_change", "intake", "status_change", "record_change", "registration"]
        );
        assert_eq!(page["totalItems"], 6);
        let items = page["items"].as_array().unwrap();
        assert_eq!(items[0]["reason"], "Eerst werkfit maken");
        assert_eq!(items[1]["from"], "intake");
        assert_eq!(items[1]["to"], "pre_trajectory");
        assert_eq!(items[1]["actorKind"], "staff");
        assert!(items[1]["actorName"].as_str().is_some_and(|name| !name.is_empty()));
        assert_eq!(items[2]["reason"], "Gemotiveerd");
        let changed: Vec<&str> =
            items[4]["changes"].as_array().unwrap().iter().map(|c| c["field"].as_str().unwrap()).collect();
        assert_eq!(changed, ["lastName", "limitationNotes"]);
        assert_eq!(items[4]["changes"][0]["oldValue"], "de Boer");
        assert_eq!(items[4]["changes"][0]["newValue"], "de Vries");
        assert!(items[5]["summary"].as_str().unwrap().starts_with("Aangemeld"));

        let only: Value = app
            .get(&format!("/candidates/{id}/timeline?kind=status_change&pageSize=1&page=2"), Some(&consultant))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(kinds(&only), ["status_change"]);
        assert_eq!(only["items"][0]["to"], "intake");
        assert_eq!(only["totalItems"], 2);

        let english = app
            .client
            .get(app.url(&format!("/candidates/{id}/timeline?kind=registration")))
            .bearer_auth(&consultant)
            .header("Accept-Language", "en")
            .send()
            .await
            .unwrap();
        let english: Value = english.json().await.unwrap();
        assert!(english["items"][0]["summary"].as_str().unwrap().starts_with("Registered"));
    })
    .await;
}

#[tokio::test]
async fn finance_sees_the_steps_but_not_what_its_role_may_not_read() {
    on_each_database(async |app: TestApp| {
        let consultant = app.token_for(Role::Consultant).await;
        let id = history(&app, &consultant).await;
        let finance = app.token_for(Role::Finance).await;
        let page: Value = app.get(&format!("/candidates/{id}/timeline"), Some(&finance)).await.json().await.unwrap();
        assert_eq!(kinds(&page), ["status_change", "status_change", "record_change", "registration"]);
        let items = page["items"].as_array().unwrap();
        assert!(items.iter().all(|e| e["reason"].is_null()), "no reasons or motivations: {page}");
        let changes = items[2]["changes"].as_array().unwrap();
        assert_eq!(changes[0]["newValue"], "de Vries", "names are finance's to read");
        assert_eq!(changes[1]["field"], "limitationNotes");
        assert_eq!(changes[1]["valuesHidden"], true);
        assert!(changes[1]["newValue"].is_null(), "health notes stay hidden from finance");

        let unknown = app.get(&format!("/candidates/{}/timeline", uuid::Uuid::now_v7()), Some(&consultant)).await;
        assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
        let bad = app.get(&format!("/candidates/{id}/timeline?kind=everything"), Some(&consultant)).await;
        assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    })
    .await;
}
