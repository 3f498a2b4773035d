//! User administration.

use reqwest::StatusCode;
use serde_json::{Value, json};
use shared::auth::Role;

use crate::helpers::{PASSWORD, TestApp, assert_problem, field_names, on_each_database};

#[tokio::test]
async fn an_admin_creates_lists_and_reads_users_with_paging() {
    on_each_database(async |app: TestApp| {
        for name in ["c.jansen", "d.bakker", "e.visser"] {
            app.create_user(name, Role::Consultant, None).await;
        }
        let admin = app.admin_token().await;
        let response = app.get("/users?role=consultant&pageSize=2&sort=username", Some(&admin)).await;
        assert_eq!(response.status(), StatusCode::OK);
        let link = response.headers()["link"].to_str().unwrap().to_owned();
        assert!(link.contains("rel=\"next\"") && link.contains("page=2"), "{link}");
        let page: Value = response.json().await.unwrap();
        assert_eq!(page["totalItems"], 3);
        assert_eq!(page["totalPages"], 2);
        let names: Vec<_> = page["items"].as_array().unwrap().iter().map(|u| u["username"].as_str().unwrap()).collect();
        assert_eq!(names, vec!["c.jansen", "d.bakker"]);
        let searched: Value = app.get("/users?q=viss", Some(&admin)).await.json().await.unwrap();
        assert_eq!(searched["totalItems"], 1);
        let id = searched["items"][0]["id"].as_str().unwrap();
        let user: Value = app.get(&format!("/users/{id}"), Some(&admin)).await.json().await.unwrap();
        assert_eq!(user["username"], "e.visser");
        assert!(user.get("passwordHash").is_none() && !user.to_string().contains("argon2"));
    })
    .await;
}

#[tokio::test]
async fn a_taken_username_is_409() {
    on_each_database(async |app: TestApp| {
        app.create_user("f.smit", Role::Finance, None).await;
        let admin = app.admin_token().await;
        let response = app
            .post(
                "/users",
                Some(&admin),
                &json!({"username": "f.smit", "displayName": "F", "role": "finance", "password": PASSWORD}),
            )
            .await;
        assert_problem(response, StatusCode::CONFLICT, "duplicate").await;
    })
    .await;
}

#[tokio::test]
async fn a_stale_version_is_409_and_changes_nothing() {
    on_each_database(async |app: TestApp| {
        let id = app.create_user("g.mulder", Role::JobCoach, None).await;
        let admin = app.admin_token().await;
        let first = app
            .patch(&format!("/users/{id}"), Some(&admin), &json!({"version": 1, "displayName": "Gerrit Mulder"}))
            .await;
        let first: Value = first.json().await.unwrap();
        assert_eq!(first["version"], 2);
        let stale = app
            .patch(&format!("/users/{id}"), Some(&admin), &json!({"version": 1, "displayName": "Iemand Anders"}))
            .await;
        assert_problem(stale, StatusCode::CONFLICT, "stale_version").await;
        let now: Value = app.get(&format!("/users/{id}"), Some(&admin)).await.json().await.unwrap();
        assert_eq!(now["displayName"], "Gerrit Mulder");
    })
    .await;
}

#[tokio::test]
async fn changing_a_role_to_partner_needs_an_organisation_and_ends_sessions() {
    on_each_database(async |app: TestApp| {
        let id = app.create_user("h.dekker", Role::Consultant, None).await;
        let token = app.login("h.dekker", PASSWORD).await;
        let admin = app.admin_token().await;
        let missing = app.patch(&format!("/users/{id}"), Some(&admin), &json!({"version": 1, "role": "partner"})).await;
        let problem = assert_problem(missing, StatusCode::BAD_REQUEST, "validation_failed").await;
        assert_eq!(field_names(&problem), vec!["organisationId"]);
        let organisation = app.create_organisation("Wijkbedrijf", "33333333").await;
        let changed = app
            .patch(
                &format!("/users/{id}"),
                Some(&admin),
                &json!({"version": 1, "role": "partner", "organisationId": organisation}),
            )
            .await;
        assert_eq!(changed.status(), StatusCode::OK);
        // The old token spoke for a consultant: it no longer works.
        assert_eq!(app.get("/auth/me", Some(&token)).await.status(), StatusCode::UNAUTHORIZED);
        let again = app.login("h.dekker", PASSWORD).await;
        let me: Value = app.get("/auth/me", Some(&again)).await.json().await.unwrap();
        assert_eq!(me["role"], "partner");
        assert_eq!(me["organisationId"], organisation.to_string());
    })
    .await;
}

#[tokio::test]
async fn an_admin_cannot_lock_themselves_out() {
    on_each_database(async |app: TestApp| {
        let admin = app.admin_token().await;
        let me: Value = app.get("/auth/me", Some(&admin)).await.json().await.unwrap();
        let id = me["id"].as_str().unwrap();
        let response = app
            .patch(&format!("/users/{id}"), Some(&admin), &json!({"version": 1, "disabled": true, "role": "monitor"}))
            .await;
        let problem = assert_problem(response, StatusCode::BAD_REQUEST, "validation_failed").await;
        assert_eq!(field_names(&problem), vec!["disabled", "role"]);
    })
    .await;
}

#[tokio::test]
async fn a_password_reset_gives_a_working_temporary_password_once() {
    on_each_database(async |app: TestApp| {
        let id = app.create_user("i.bos", Role::Monitor, None).await;
        let admin = app.admin_token().await;
        let reset: Value =
            app.post(&format!("/users/{id}/password-reset"), Some(&admin), &json!({})).await.json().await.unwrap();
        let temporary = reset["temporaryPassword"].as_str().unwrap();
        assert_eq!(app.login_response("i.bos", PASSWORD).await.status(), StatusCode::UNAUTHORIZED);
        app.login("i.bos", temporary).await;
        let missing =
            app.post(&format!("/users/{}/password-reset", uuid::Uuid::now_v7()), Some(&admin), &json!({})).await;
        assert_problem(missing, StatusCode::NOT_FOUND, "not_found").await;
    })
    .await;
}

#[tokio::test]
async fn a_search_takes_percent_and_underscore_literally() {
    on_each_database(async |app: TestApp| {
        app.create_user("an_na", Role::Consultant, None).await;
        app.create_user("bert", Role::Consultant, None).await;
        let admin = app.admin_token().await;
        for (q, expected) in [("_", 1), ("%25", 0), ("n_n", 1), ("a_b", 0)] {
            let page: Value = app.get(&format!("/users?q={q}"), Some(&admin)).await.json().await.unwrap();
            assert_eq!(page["totalItems"], expected, "q={q}: {page}");
        }
    })
    .await;
}
