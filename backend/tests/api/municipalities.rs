//! Regions: municipalities, and staff, admins and API clients scoped to one (issue 8, defect 5).

use reqwest::StatusCode;
use serde_json::{Value, json};
use shared::auth::Role;
use uuid::Uuid;

use crate::helpers::{PASSWORD, TestApp, assert_problem, field_names, on_each_database};

pub async fn user_in(
    app: &TestApp,
    token: &str,
    username: &str,
    role: Role,
    municipality: Option<&str>,
) -> reqwest::Response {
    app.post(
        "/users",
        Some(token),
        &json!({"username": username, "displayName": username, "role": role, "municipalityId": municipality, "password": PASSWORD}),
    )
    .await
}

async fn csv(app: &TestApp, token: &str) -> String {
    let response = app
        .client
        .get(app.url("/candidates/export"))
        .bearer_auth(token)
        .header("accept", "text/csv")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.text().await.unwrap()
}

#[tokio::test]
async fn a_consultant_of_one_municipality_sees_searches_exports_and_imports_only_its_own() {
    on_each_database(async |app: TestApp| {
        let admin = app.admin_token().await;
        let list: Value = app.get("/municipalities", Some(&admin)).await.json().await.unwrap();
        let groningen = list["items"][0]["id"].as_str().unwrap().to_owned();

        let bad = app.post("/municipalities", Some(&admin), &json!({"name": "", "code": "17"})).await;
        assert_eq!(
            field_names(&assert_problem(bad, StatusCode::BAD_REQUEST, "validation_failed").await),
            vec!["name", "code"]
        );
        let haren: Value = app
            .post("/municipalities", Some(&admin), &json!({"name": "Haren", "code": "gm0017"}))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(haren["code"], "GM0017");
        let haren = haren["id"].as_str().unwrap().to_owned();
        let again = app.post("/municipalities", Some(&admin), &json!({"name": "Haren", "code": "GM0017"})).await;
        assert_problem(again, StatusCode::CONFLICT, "duplicate").await;

        for (name, municipality) in [("c.groningen", &groningen), ("c.haren", &haren)] {
            let created: Value =
                user_in(&app, &admin, name, Role::Consultant, Some(municipality)).await.json().await.unwrap();
            assert_eq!(created["municipalityId"], municipality.as_str());
        }
        let in_groningen = app.login("c.groningen", PASSWORD).await;
        let in_haren = app.login("c.haren", PASSWORD).await;
        let own: Value = app
            .post("/candidates", Some(&in_groningen), &crate::candidates::candidate("123456782", "Sanne", "de Boer"))
            .await
            .json()
            .await
            .unwrap();
        let other: Value = app
            .post("/candidates", Some(&in_haren), &crate::candidates::candidate("111222333", "Henk", "de Vries"))
            .await
            .json()
            .await
            .unwrap();
        assert_ne!(own["id"], Value::Null);
        assert_ne!(other["id"], Value::Null);

        let listed: Value = app.get("/candidates", Some(&in_groningen)).await.json().await.unwrap();
        assert_eq!(listed["totalItems"], 1);
        assert_eq!(listed["items"][0]["id"], own["id"]);
        let everyone: Value = app.get("/candidates", Some(&admin)).await.json().await.unwrap();
        assert_eq!(everyone["totalItems"], 2, "a regional admin sees the whole region");
        let searched: Value =
            app.post("/candidates/search", Some(&in_groningen), &json!({"query": "de"})).await.json().await.unwrap();
        assert_eq!(searched["totalItems"], 1);
        assert_eq!(searched["items"][0]["id"], own["id"]);
        let other_id = other["id"].as_str().unwrap();
        assert_problem(
            app.get(&format!("/candidates/{other_id}"), Some(&in_groningen)).await,
            StatusCode::NOT_FOUND,
            "not_found",
        )
        .await;

        let exported = csv(&app, &in_groningen).await;
        assert!(exported.contains("Sanne") && !exported.contains("Henk"), "{exported}");
        // Haren's file imported in Groningen changes nothing of Haren's people.
        let theirs = csv(&app, &in_haren).await;
        let import = app
            .client
            .post(app.url("/candidates/import?dryRun=false"))
            .bearer_auth(&in_groningen)
            .header("content-type", "text/csv")
            .body(theirs)
            .send()
            .await
            .unwrap();
        let problem = assert_problem(import, StatusCode::BAD_REQUEST, "validation_failed").await;
        assert!(problem.to_string().contains("other_municipality"), "{problem}");
        let unchanged: Value = app.get(&format!("/candidates/{other_id}"), Some(&in_haren)).await.json().await.unwrap();
        assert_eq!(unchanged["version"], other["version"]);
    })
    .await;
}

#[tokio::test]
async fn only_a_regional_admin_adds_municipalities_or_gives_the_whole_region() {
    on_each_database(async |app: TestApp| {
        let admin = app.admin_token().await;
        let haren: Value = app
            .post("/municipalities", Some(&admin), &json!({"name": "Haren", "code": "GM0017"}))
            .await
            .json()
            .await
            .unwrap();
        let haren = haren["id"].as_str().unwrap().to_owned();
        let list: Value = app.get("/municipalities", Some(&admin)).await.json().await.unwrap();
        let groningen = list["items"].as_array().unwrap().iter().find(|m| m["id"] != haren.as_str()).unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();
        assert_eq!(user_in(&app, &admin, "a.haren", Role::Admin, Some(&haren)).await.status(), StatusCode::CREATED);
        let local_admin = app.login("a.haren", PASSWORD).await;

        let refused =
            app.post("/municipalities", Some(&local_admin), &json!({"name": "Ten Boer", "code": "GM0009"})).await;
        assert_problem(refused, StatusCode::FORBIDDEN, "forbidden").await;
        let elsewhere = user_in(&app, &local_admin, "c.elders", Role::Consultant, Some(&groningen)).await;
        assert_eq!(
            field_names(&assert_problem(elsewhere, StatusCode::BAD_REQUEST, "validation_failed").await),
            vec!["municipalityId"]
        );
        let own: Value = user_in(&app, &local_admin, "c.eigen", Role::Consultant, None).await.json().await.unwrap();
        assert_eq!(own["municipalityId"], haren.as_str(), "a municipality's admin gives its own municipality");
        let id = own["id"].as_str().unwrap();
        let widen = app
            .patch(
                &format!("/users/{id}"),
                Some(&local_admin),
                &json!({"version": own["version"], "municipalityId": null}),
            )
            .await;
        assert_eq!(
            field_names(&assert_problem(widen, StatusCode::BAD_REQUEST, "validation_failed").await),
            vec!["municipalityId"]
        );
        let regional: Value = app
            .patch(&format!("/users/{id}"), Some(&admin), &json!({"version": own["version"], "municipalityId": null}))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(regional["municipalityId"], Value::Null);
        let unnamed: Value = app
            .patch(
                &format!("/users/{id}"),
                Some(&admin),
                &json!({"version": regional["version"], "displayName": "C. Eigen"}),
            )
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(unnamed["municipalityId"], Value::Null, "an absent municipalityId leaves it unchanged");

        // API clients are machines: a partner's system or a monitor, never a staff role; scoped like staff.
        for role in ["admin", "consultant", "job_coach", "finance"] {
            let staff = app.post("/api-clients", Some(&admin), &json!({"name": "Koppeling", "role": role})).await;
            assert_eq!(
                field_names(&assert_problem(staff, StatusCode::BAD_REQUEST, "validation_failed").await),
                vec!["role"],
                "{role}"
            );
        }
        let monitor: Value = app
            .post("/api-clients", Some(&local_admin), &json!({"name": "Werkkamer Haren", "role": "monitor"}))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(monitor["client"]["municipalityId"], haren.as_str());
        let unknown = app
            .post(
                "/api-clients",
                Some(&admin),
                &json!({"name": "X", "role": "monitor", "municipalityId": Uuid::now_v7()}),
            )
            .await;
        assert_eq!(
            field_names(&assert_problem(unknown, StatusCode::BAD_REQUEST, "validation_failed").await),
            vec!["municipalityId"]
        );
    })
    .await;
}
