//! Organisations (minimal) and partner isolation.

use reqwest::StatusCode;
use serde_json::{Value, json};
use shared::auth::Role;

use crate::helpers::{PASSWORD, TestApp, assert_problem, field_names, on_each_database};

#[tokio::test]
async fn a_partner_reads_only_its_own_organisation() {
    on_each_database(async |app: TestApp| {
        let own = app.create_organisation("Woonstichting De Wijk", "44444444").await;
        let other = app.create_organisation("Zorggroep Oost", "55555555").await;
        app.create_user("partner.a", Role::Partner, Some(own)).await;
        let token = app.login("partner.a", PASSWORD).await;
        let response = app.get(&format!("/organisations/{own}"), Some(&token)).await;
        assert_eq!(response.status(), StatusCode::OK);
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["kvkNumber"], "44444444");
        assert_problem(app.get(&format!("/organisations/{other}"), Some(&token)).await, StatusCode::NOT_FOUND, "not_found").await;
        assert_eq!(app.get("/organisations", Some(&token)).await.status(), StatusCode::FORBIDDEN);
    })
    .await;
}

#[tokio::test]
async fn organisations_need_a_name_an_eight_digit_kvk_and_a_role_and_kvk_is_unique() {
    on_each_database(async |app: TestApp| {
        let consultant = app.token_for(Role::Consultant).await;
        let bad = app.post("/organisations", Some(&consultant), &json!({"name": " ", "kvkNumber": "123", "roles": []})).await;
        let problem = assert_problem(bad, StatusCode::BAD_REQUEST, "validation_failed").await;
        assert_eq!(field_names(&problem), vec!["name", "kvkNumber", "roles"]);
        let body = json!({"name": "Groen Werkt", "kvkNumber": "66666666", "roles": ["work_provider", "employer"]});
        assert_eq!(app.post("/organisations", Some(&consultant), &body).await.status(), StatusCode::CREATED);
        assert_problem(app.post("/organisations", Some(&consultant), &body).await, StatusCode::CONFLICT, "duplicate").await;
        let list: Value = app.get("/organisations?q=Groen", Some(&consultant)).await.json().await.unwrap();
        assert_eq!(list["totalItems"], 1);
        assert_eq!(list["items"][0]["roles"], json!(["work_provider", "employer"]));
    })
    .await;
}
