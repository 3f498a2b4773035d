//! Saved searches (issue 14, item 6): named filters and a sort, one's own or shared read-only with the
//! colleagues of the same municipality.

use reqwest::StatusCode;
use serde_json::{Value, json};
use shared::auth::Role;

use crate::helpers::{PASSWORD, TestApp, assert_problem, field_names, on_each_database};

async fn user_in(app: &TestApp, admin: &str, username: &str, municipality: Option<&str>) -> String {
    let created = crate::municipalities::user_in(app, admin, username, Role::Consultant, municipality).await;
    assert_eq!(created.status(), StatusCode::CREATED);
    app.login(username, PASSWORD).await
}

fn eligible_by_name(name: &str, shared: bool) -> Value {
    json!({"list": "candidates", "name": name, "filters": {"status": "eligible", "targetGroupRegister": "true"}, "sort": "-updatedAt", "shared": shared})
}

async fn names(app: &TestApp, token: &str) -> Vec<String> {
    let page: Value = app.get("/saved-searches?list=candidates", Some(token)).await.json().await.unwrap();
    page["items"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn a_search_is_saved_reused_and_shared_read_only_within_the_municipality() {
    on_each_database(async |app: TestApp| {
        let admin = app.admin_token().await;
        let list: Value = app.get("/municipalities", Some(&admin)).await.json().await.unwrap();
        let groningen = list["items"][0]["id"].as_str().unwrap().to_owned();
        let haren: Value = app
            .post("/municipalities", Some(&admin), &json!({"name": "Haren", "code": "GM0017"}))
            .await
            .json()
            .await
            .unwrap();
        let haren = haren["id"].as_str().unwrap().to_owned();
        let anna = user_in(&app, &admin, "anna", Some(&groningen)).await;
        let bert = user_in(&app, &admin, "bert", Some(&groningen)).await;
        let cees = user_in(&app, &admin, "cees", Some(&haren)).await;

        let response = app.post("/saved-searches", Some(&anna), &eligible_by_name("Geschikt, register", true)).await;
        assert_eq!(response.status(), StatusCode::CREATED);
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        let shared: Value = response.json().await.unwrap();
        assert!(location.ends_with(shared["id"].as_str().unwrap()), "{location}");
        assert_eq!(shared["filters"], json!({"status": "eligible", "targetGroupRegister": "true"}));
        assert_eq!(shared["sort"], "-updatedAt");
        assert_eq!(shared["mine"], true);
        assert_eq!(shared["ownerName"], "anna");
        let private: Value = app
            .post("/saved-searches", Some(&anna), &eligible_by_name("Alleen voor mij", false))
            .await
            .json()
            .await
            .unwrap();

        // Anna sees both; Bert (same municipality) the shared one; Cees (Haren) neither.
        assert_eq!(names(&app, &anna).await, ["Alleen voor mij", "Geschikt, register"]);
        assert_eq!(names(&app, &bert).await, ["Geschikt, register"]);
        assert!(names(&app, &cees).await.is_empty());
        let seen: Value = app.get(location.trim_start_matches("/api/v1"), Some(&bert)).await.json().await.unwrap();
        assert_eq!(seen["mine"], false);
        let private_path = format!("/saved-searches/{}", private["id"].as_str().unwrap());
        assert_eq!(app.get(&private_path, Some(&bert)).await.status(), StatusCode::NOT_FOUND);

        // Read-only for a colleague: 403, nothing changed; the owner changes it with its version.
        let shared_path = format!("/saved-searches/{}", shared["id"].as_str().unwrap());
        let mut change = eligible_by_name("Van Bert", true);
        change["version"] = json!(1);
        assert_eq!(app.put(&shared_path, Some(&bert), &change).await.status(), StatusCode::FORBIDDEN);
        let refused = app.client.delete(app.url(&shared_path)).bearer_auth(&bert).send().await.unwrap();
        assert_eq!(refused.status(), StatusCode::FORBIDDEN);
        assert_eq!(names(&app, &bert).await, ["Geschikt, register"]);
        let changed: Value = app.put(&shared_path, Some(&anna), &change).await.json().await.unwrap();
        assert_eq!((changed["name"].as_str(), changed["version"].as_i64()), (Some("Van Bert"), Some(2)));
        assert_problem(app.put(&shared_path, Some(&anna), &change).await, StatusCode::CONFLICT, "stale_version").await;

        // Unsharing hides it from Bert; deleting removes it.
        let mut unshare = eligible_by_name("Van Bert", false);
        unshare["version"] = json!(2);
        assert_eq!(app.put(&shared_path, Some(&anna), &unshare).await.status(), StatusCode::OK);
        assert!(names(&app, &bert).await.is_empty());
        let deleted = app.client.delete(app.url(&shared_path)).bearer_auth(&anna).send().await.unwrap();
        assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
        assert_eq!(names(&app, &anna).await, ["Alleen voor mij"]);
    })
    .await;
}

#[tokio::test]
async fn unknown_filters_values_sorts_and_names_in_use_are_refused_and_nothing_is_saved() {
    on_each_database(async |app: TestApp| {
        let consultant = app.token_for(Role::Consultant).await;
        let bad = app
            .post(
                "/saved-searches",
                Some(&consultant),
                &json!({"name": " ", "filters": {"colour": "blue", "status": "open"}, "sort": "age"}),
            )
            .await;
        let problem = assert_problem(bad, StatusCode::BAD_REQUEST, "validation_failed").await;
        assert_eq!(field_names(&problem), ["list", "name", "filters.colour", "filters.status", "sort"]);
        // A package status is a valid filter of the package list.
        let packages = app
            .post(
                "/saved-searches",
                Some(&consultant),
                &json!({"list": "taskPackages", "name": "Open", "filters": {"status": "open"}}),
            )
            .await;
        assert_eq!(packages.status(), StatusCode::CREATED);
        let again =
            app.post("/saved-searches", Some(&consultant), &json!({"list": "taskPackages", "name": "Open"})).await;
        assert_problem(again, StatusCode::CONFLICT, "duplicate").await;
        let all: Value = app.get("/saved-searches", Some(&consultant)).await.json().await.unwrap();
        assert_eq!(all["totalItems"], 1);
        // A change keeps its list.
        let id = all["items"][0]["id"].as_str().unwrap();
        let moved = app
            .put(
                &format!("/saved-searches/{id}"),
                Some(&consultant),
                &json!({"list": "candidates", "name": "Open", "version": 1}),
            )
            .await;
        assert_eq!(field_names(&assert_problem(moved, StatusCode::BAD_REQUEST, "validation_failed").await), ["list"]);
    })
    .await;
}
