//! Reference data: neighbourhoods with postcodes, task categories and abilities.

use reqwest::StatusCode;
use serde_json::{Value, json};
use shared::auth::Role;

use crate::helpers::{TestApp, assert_problem, field_names, on_each_database};

#[tokio::test]
async fn an_admin_keeps_neighbourhoods_and_a_postcode_resolves_to_one() {
    on_each_database(async |app: TestApp| {
        let admin = app.admin_token().await;
        let centrum = app
            .post(
                "/neighbourhoods",
                Some(&admin),
                &json!({"name": "Centrum", "postcodeRanges": [{"from": 9711, "to": 9718}]}),
            )
            .await;
        assert_eq!(centrum.status(), StatusCode::CREATED);
        let centrum: Value = centrum.json().await.unwrap();
        let oosterpoort = app
            .post(
                "/neighbourhoods",
                Some(&admin),
                &json!({"name": "Oosterpoort", "postcodeRanges": [{"from": 9713, "to": 9713}]}),
            )
            .await;
        assert_eq!(oosterpoort.status(), StatusCode::CREATED);

        let coach = app.token_for(Role::JobCoach).await;
        let resolved: Value = app
            .post("/neighbourhoods/resolve", Some(&coach), &json!({"postcode": "9713 HA"}))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(resolved["name"], "Oosterpoort");
        let resolved: Value = app
            .post("/neighbourhoods/resolve", Some(&coach), &json!({"postcode": "9712AB"}))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(resolved["name"], "Centrum");
        let outside = app.post("/neighbourhoods/resolve", Some(&coach), &json!({"postcode": "1011 AB"})).await;
        assert_problem(outside, StatusCode::NOT_FOUND, "not_found").await;
        let bad = app.post("/neighbourhoods/resolve", Some(&coach), &json!({"postcode": "97"})).await;
        assert_problem(bad, StatusCode::BAD_REQUEST, "validation_failed").await;

        let id = centrum["id"].as_str().unwrap();
        let changed = app
            .client
            .put(app.url(&format!("/neighbourhoods/{id}")))
            .bearer_auth(&admin)
            .json(&json!({"name": "Binnenstad", "postcodeRanges": [{"from": 9711, "to": 9712}], "version": 1}))
            .send()
            .await
            .unwrap();
        assert_eq!(changed.status(), StatusCode::OK);
        let stale = app
            .client
            .put(app.url(&format!("/neighbourhoods/{id}")))
            .bearer_auth(&admin)
            .json(&json!({"name": "Anders", "postcodeRanges": [{"from": 9711, "to": 9712}], "version": 1}))
            .send()
            .await
            .unwrap();
        assert_problem(stale, StatusCode::CONFLICT, "stale_version").await;
        let list: Value = app.get("/neighbourhoods", Some(&coach)).await.json().await.unwrap();
        let names: Vec<_> = list["items"].as_array().unwrap().iter().map(|n| n["name"].as_str().unwrap()).collect();
        assert_eq!(names, vec!["Binnenstad", "Oosterpoort"]);
    })
    .await;
}

#[tokio::test]
async fn neighbourhood_input_is_validated_and_names_are_unique() {
    on_each_database(async |app: TestApp| {
        let admin = app.admin_token().await;
        let bad = app
            .post("/neighbourhoods", Some(&admin), &json!({"name": "", "postcodeRanges": [{"from": 9720, "to": 9710}]}))
            .await;
        let problem = assert_problem(bad, StatusCode::BAD_REQUEST, "validation_failed").await;
        assert_eq!(field_names(&problem), vec!["name", "postcodeRanges[0]"]);
        let body = json!({"name": "Paddepoel", "postcodeRanges": [{"from": 9742, "to": 9742}]});
        assert_eq!(app.post("/neighbourhoods", Some(&admin), &body).await.status(), StatusCode::CREATED);
        assert_problem(app.post("/neighbourhoods", Some(&admin), &body).await, StatusCode::CONFLICT, "duplicate").await;
        assert_eq!(app.count("/neighbourhoods").await, 1);
    })
    .await;
}

#[tokio::test]
async fn task_categories_and_abilities_are_admin_lists_that_everyone_reads() {
    on_each_database(async |app: TestApp| {
        let admin = app.admin_token().await;
        for path in ["/task-categories", "/abilities"] {
            let created = app
                .post(path, Some(&admin), &json!({"name": "Groenonderhoud", "description": "Perken en plantsoenen"}))
                .await;
            assert_eq!(created.status(), StatusCode::CREATED, "{path}");
            let created: Value = created.json().await.unwrap();
            let duplicate = app.post(path, Some(&admin), &json!({"name": "Groenonderhoud"})).await;
            assert_problem(duplicate, StatusCode::CONFLICT, "duplicate").await;
            let ended = app
                .client
                .put(app.url(&format!("{path}/{}", created["id"].as_str().unwrap())))
                .bearer_auth(&admin)
                .json(&json!({"name": "Groenonderhoud", "active": false, "version": 1}))
                .send()
                .await
                .unwrap();
            assert_eq!(ended.status(), StatusCode::OK);
            let partner = app.token_for(Role::Partner).await;
            let active: Value = app.get(&format!("{path}?active=true"), Some(&partner)).await.json().await.unwrap();
            assert_eq!(active["totalItems"], 0);
            let all: Value = app.get(path, Some(&partner)).await.json().await.unwrap();
            assert_eq!(all["totalItems"], 1);
            let forbidden = app.post(path, Some(&partner), &json!({"name": "Schoonmaak"})).await;
            assert_eq!(forbidden.status(), StatusCode::FORBIDDEN);
        }
    })
    .await;
}
