//! Contracts and guidance (issue 12): the cost norms and cost estimates, with the seed's arithmetic exactly.

use reqwest::StatusCode;
use serde_json::{Value, json};
use shared::auth::Role;

use crate::helpers::{TestApp, assert_problem, on_each_database};

async fn estimate(app: &TestApp, token: &str, hours: Value, months: u32) -> Value {
    let answer = app.post("/cost-estimates", Some(token), &json!({"hoursPerWeek": hours, "months": months})).await;
    assert_eq!(answer.status(), StatusCode::OK);
    answer.json().await.unwrap()
}

#[tokio::test]
async fn estimates_follow_the_groningen_plan_exactly() {
    on_each_database(async |app: TestApp| {
        let finance = app.token_for(Role::Finance).await;
        assert_eq!(
            estimate(&app, &finance, json!(32), 12).await,
            json!({"wage": "28000.00", "employerCosts": "8000.00", "contribution": "-5000.00", "total": "31000.00", "benefitSaved": "-14000.00", "net": "17000.00"})
        );
        let consultant = app.token_for(Role::Consultant).await;
        assert_eq!(
            estimate(&app, &consultant, json!(24), 6).await,
            json!({"wage": "10500.00", "employerCosts": "3000.00", "contribution": "-1875.00", "total": "11625.00", "benefitSaved": "-5250.00", "net": "6375.00"})
        );
        // Hours as a decimal number (a string is refused: the schema says number).
        assert_eq!(estimate(&app, &consultant, json!(27.5), 12).await["wage"], "24062.50");
        let refused = app.post("/cost-estimates", Some(&consultant), &json!({"hoursPerWeek": "27.5", "months": 12})).await;
        assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    })
    .await;
}

#[tokio::test]
async fn a_bad_estimate_request_names_every_field() {
    on_each_database(async |app: TestApp| {
        let consultant = app.token_for(Role::Consultant).await;
        let refused = app.post("/cost-estimates", Some(&consultant), &json!({"hoursPerWeek": 41, "months": 0})).await;
        let problem = assert_problem(refused, StatusCode::BAD_REQUEST, "validation_failed").await;
        let names: Vec<&str> =
            problem["invalidParams"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
        assert_eq!(names, ["hoursPerWeek", "months"]);
        let refused = app.post("/cost-estimates", Some(&consultant), &json!({"hoursPerWeek": "veel"})).await;
        assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    })
    .await;
}

#[tokio::test]
async fn finance_changes_the_norms_and_the_estimates_follow() {
    on_each_database(async |app: TestApp| {
        let finance = app.token_for(Role::Finance).await;
        let norms: Value = app.get("/cost-norms", Some(&finance)).await.json().await.unwrap();
        assert_eq!(
            norms,
            json!({"wage": "28000.00", "employerCosts": "8000.00", "contribution": "-5000.00", "benefitSaved": "-14000.00", "version": 1})
        );
        let mut change = norms.clone();
        change["wage"] = json!("30000.00");
        change["contribution"] = json!("5000.00");
        change["benefitSaved"] = json!("-14000.005");
        let refused = app.put("/cost-norms", Some(&finance), &change).await;
        let problem = assert_problem(refused, StatusCode::BAD_REQUEST, "validation_failed").await;
        let names: Vec<&str> =
            problem["invalidParams"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
        assert_eq!(names, ["contribution", "benefitSaved"]);
        let unchanged: Value = app.get("/cost-norms", Some(&finance)).await.json().await.unwrap();
        assert_eq!(unchanged, norms, "a refused change writes nothing");

        change["contribution"] = json!("-5000.00");
        change["benefitSaved"] = json!("-14000.00");
        let saved = app.put("/cost-norms", Some(&finance), &change).await;
        assert_eq!(saved.status(), StatusCode::OK);
        assert_eq!(saved.json::<Value>().await.unwrap()["version"], 2);
        assert_eq!(estimate(&app, &finance, json!(32), 12).await["total"], "33000.00");
        let stale = app.put("/cost-norms", Some(&finance), &change).await;
        assert_problem(stale, StatusCode::CONFLICT, "stale_version").await;
    })
    .await;
}
