//! Bad input of every kind gets problem+json with a stable code, and changes nothing.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{TestApp, assert_problem, field_names, on_each_database};

async fn users_and_events(app: &TestApp) -> (u64, u64) {
    (app.count("/users").await, app.count("/audit-events").await)
}

#[tokio::test]
async fn malformed_json_is_a_400_problem_and_writes_nothing() {
    on_each_database(async |app: TestApp| {
        let admin = app.admin_token().await;
        let before = app.count("/users").await;
        let response = app
            .client
            .post(app.url("/users"))
            .bearer_auth(&admin)
            .header("content-type", "application/json")
            .body(r#"{"username": "x", "#)
            .send()
            .await
            .unwrap();
        let problem = assert_problem(response, StatusCode::BAD_REQUEST, "malformed_json").await;
        assert_eq!(problem["instance"], "/api/v1/users");
        assert_eq!(app.count("/users").await, before);
    })
    .await;
}

#[tokio::test]
async fn a_wrong_content_type_is_415() {
    on_each_database(async |app: TestApp| {
        let admin = app.admin_token().await;
        let before = users_and_events(&app).await.0;
        let response = app
            .client
            .post(app.url("/users"))
            .bearer_auth(&admin)
            .header("content-type", "text/plain")
            .body(r#"{"username":"tekst"}"#)
            .send()
            .await
            .unwrap();
        assert_problem(response, StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type").await;
        assert_eq!(app.count("/users").await, before);
    })
    .await;
}

#[tokio::test]
async fn an_oversized_body_is_413() {
    on_each_database(async |app: TestApp| {
        let admin = app.admin_token().await;
        let before = app.count("/users").await;
        let huge = json!({"username": "groot", "displayName": "x".repeat(300 * 1024), "role": "consultant", "password": "Lang-genoeg-1"});
        let response = app.post("/users", Some(&admin), &huge).await;
        assert_problem(response, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").await;
        assert_eq!(app.count("/users").await, before);
    })
    .await;
}

#[tokio::test]
async fn an_unknown_route_is_404_and_a_trailing_slash_too() {
    on_each_database(async |app: TestApp| {
        let admin = app.admin_token().await;
        assert_problem(app.get("/bestaat-niet", Some(&admin)).await, StatusCode::NOT_FOUND, "route_not_found").await;
        assert_problem(app.get("/users/", Some(&admin)).await, StatusCode::NOT_FOUND, "route_not_found").await;
        let response = app.client.get(format!("{}/api/iets", app.address)).send().await.unwrap();
        assert_problem(response, StatusCode::NOT_FOUND, "route_not_found").await;
    })
    .await;
}

#[tokio::test]
async fn a_wrong_method_is_405_with_allow() {
    on_each_database(async |app: TestApp| {
        let admin = app.admin_token().await;
        let response = app.client.delete(app.url("/users")).bearer_auth(&admin).send().await.unwrap();
        let allow = response.headers().get("allow").unwrap().to_str().unwrap().to_owned();
        assert_problem(response, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed").await;
        assert_eq!(allow, "GET, POST");
        let response = app.client.put(app.url("/users/0193f6a0-0000-7000-8000-000000000000")).send().await.unwrap();
        let allow = response.headers().get("allow").unwrap().to_str().unwrap().to_owned();
        assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(allow, "GET, PATCH");
        // A literal route is not the `{id}` template beside it: its own methods only, also where actix
        // gave the request to the template's handler (PUT /candidates/{id}).
        for (method, path, expected) in [
            (reqwest::Method::OPTIONS, "/candidates/export", "GET"),
            (reqwest::Method::PUT, "/candidates/export", "GET"),
            (reqwest::Method::OPTIONS, "/organisations/import", "POST"),
            (reqwest::Method::PUT, "/neighbourhoods/resolve", "POST"),
        ] {
            let response = app.client.request(method.clone(), app.url(path)).bearer_auth(&admin).send().await.unwrap();
            assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
            assert_eq!(response.headers()["allow"], expected, "{method} {path}");
        }
    })
    .await;
}

#[tokio::test]
async fn an_unacceptable_accept_header_is_406() {
    on_each_database(async |app: TestApp| {
        let response = app.client.get(app.url("/health")).header("accept", "text/html").send().await.unwrap();
        assert_problem(response, StatusCode::NOT_ACCEPTABLE, "not_acceptable").await;
        let response = app.client.get(app.url("/health")).header("accept", "application/json").send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
    })
    .await;
}

#[tokio::test]
async fn every_field_error_is_reported_at_once_and_nothing_is_written() {
    on_each_database(async |app: TestApp| {
        let admin = app.admin_token().await;
        let before = users_and_events(&app).await;
        let response = app
            .post(
                "/users",
                Some(&admin),
                &json!({"username": "X", "displayName": "", "role": "partner", "password": "kort"}),
            )
            .await;
        let problem = assert_problem(response, StatusCode::BAD_REQUEST, "validation_failed").await;
        assert_eq!(field_names(&problem), vec!["username", "displayName", "password", "organisationId"]);
        for param in problem["invalidParams"].as_array().unwrap() {
            assert!(param["code"].is_string() && param["reason"].is_string());
        }
        // The count requests themselves write nothing to the audit log.
        assert_eq!(users_and_events(&app).await, before);
    })
    .await;
}

#[tokio::test]
async fn a_value_of_the_wrong_type_names_its_field() {
    on_each_database(async |app: TestApp| {
        let admin = app.admin_token().await;
        let response = app.post("/users", Some(&admin), &json!({"username": "jan", "role": "koning"})).await;
        let problem = assert_problem(response, StatusCode::BAD_REQUEST, "validation_failed").await;
        assert_eq!(field_names(&problem), vec!["role"]);
        let response = app.get("/users?page=abc", Some(&admin)).await;
        let problem = assert_problem(response, StatusCode::BAD_REQUEST, "validation_failed").await;
        assert_eq!(field_names(&problem), vec!["page"]);
        let response = app.get("/users?pageSize=1000", Some(&admin)).await;
        let problem = assert_problem(response, StatusCode::BAD_REQUEST, "validation_failed").await;
        assert_eq!(field_names(&problem), vec!["pageSize"]);
        let response = app.get("/users/niet-een-uuid", Some(&admin)).await;
        let problem = assert_problem(response, StatusCode::BAD_REQUEST, "validation_failed").await;
        assert_eq!(field_names(&problem), vec!["id"]);
    })
    .await;
}

#[tokio::test]
async fn every_api_response_carries_the_version_and_security_headers() {
    on_each_database(async |app: TestApp| {
        for response in [app.get("/health", None).await, app.get("/users", None).await, app.get("/nergens", None).await]
        {
            let headers = response.headers();
            assert_eq!(headers["api-version"], shared::API_VERSION);
            assert_eq!(headers["cache-control"], "no-store");
            assert_eq!(headers["x-content-type-options"], "nosniff");
            assert_eq!(headers["x-frame-options"], "DENY");
            assert_eq!(headers["referrer-policy"], "no-referrer");
            assert!(headers["content-security-policy"].to_str().unwrap().contains("frame-ancestors 'none'"));
            assert!(headers.contains_key("x-request-id"));
        }
    })
    .await;
}

#[tokio::test]
async fn the_spa_routes_fall_back_to_the_app_but_the_api_never_does() {
    on_each_database(async |app: TestApp| {
        let response = app.client.get(format!("{}/admin/users", app.address)).send().await.unwrap();
        // The test build has no SPA files: the fallback answers, and never with API JSON.
        assert_ne!(
            response.headers().get("content-type").map(|v| v.to_str().unwrap()),
            Some("application/problem+json")
        );
        assert_eq!(response.headers()["x-frame-options"], "DENY");
    })
    .await;
}

/// Issue 8, defect 6: the problem's title, detail and field reasons follow `Accept-Language` (Dutch by
/// default), and every type error of a body is reported at once.
#[tokio::test]
async fn problems_speak_the_callers_language_and_name_every_type_error() {
    on_each_database(async |app: TestApp| {
        let admin = app.admin_token().await;
        let body = serde_json::json!({"title": 7, "hoursPerWeek": "veel", "schedule": "ma", "active": "ja"});
        let send = |language: Option<&'static str>| {
            let mut request = app.client.post(app.url("/tasks")).bearer_auth(&admin).json(&body);
            if let Some(language) = language {
                request = request.header("accept-language", language);
            }
            request.send()
        };
        let dutch = assert_problem(send(None).await.unwrap(), StatusCode::BAD_REQUEST, "validation_failed").await;
        assert_eq!(dutch["title"], "De invoer is niet geldig");
        let mut names = field_names(&dutch);
        names.sort();
        assert_eq!(names, vec!["active", "hoursPerWeek", "schedule", "title"], "{dutch}");
        assert!(dutch["invalidParams"][0]["reason"].as_str().unwrap().contains("verkeerde type"), "{dutch}");

        let english =
            assert_problem(send(Some("en-GB,en;q=0.9")).await.unwrap(), StatusCode::BAD_REQUEST, "validation_failed")
                .await;
        assert_eq!(english["title"], "The input is not valid");
        assert!(english["detail"].as_str().unwrap().contains("see invalidParams"), "{english}");
        assert_eq!(english["invalidParams"][0]["reason"], "This value has the wrong type or form.");

        // Rule errors too: a missing title in English.
        let rules = app
            .client
            .post(app.url("/tasks"))
            .bearer_auth(&admin)
            .header("accept-language", "en")
            .json(&serde_json::json!({}))
            .send()
            .await
            .unwrap();
        let problem = assert_problem(rules, StatusCode::BAD_REQUEST, "validation_failed").await;
        let title = problem["invalidParams"].as_array().unwrap().iter().find(|p| p["name"] == "title").unwrap().clone();
        assert_eq!(title["reason"], "This field is required.");
        let missing = app
            .client
            .get(app.url("/tasks/01a22302-4920-702b-b27d-6b468a85c133"))
            .bearer_auth(&admin)
            .header("accept-language", "en")
            .send()
            .await
            .unwrap();
        assert_eq!(assert_problem(missing, StatusCode::NOT_FOUND, "not_found").await["title"], "Not found");
    })
    .await;
}

/// A PostgreSQL transaction that the server aborts as a deadlock's victim is the client's conflict (409,
/// try again), never a 500: two transactions lock two rows in opposite orders.
#[tokio::test]
async fn a_deadlock_victim_is_a_409_conflict_not_a_fault() {
    use actix_web::ResponseError;
    use sea_orm::{ConnectionTrait, Database, DbBackend, TransactionTrait};
    on_each_database(async |app: TestApp| {
        let db = Database::connect(&app.database_url).await.unwrap();
        if db.get_database_backend() != DbBackend::Postgres {
            return; // SQLite has one writer at a time: its lock error is mapped and tested elsewhere.
        }
        db.execute_unprepared("CREATE TABLE deadlock_probe (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)")
            .await
            .unwrap();
        db.execute_unprepared("INSERT INTO deadlock_probe VALUES (1, 0), (2, 0)").await.unwrap();
        let (first, second) = (db.begin().await.unwrap(), db.begin().await.unwrap());
        first.execute_unprepared("UPDATE deadlock_probe SET n = n + 1 WHERE id = 1").await.unwrap();
        second.execute_unprepared("UPDATE deadlock_probe SET n = n + 1 WHERE id = 2").await.unwrap();
        let (a, b) = tokio::join!(
            first.execute_unprepared("UPDATE deadlock_probe SET n = n + 1 WHERE id = 2"),
            second.execute_unprepared("UPDATE deadlock_probe SET n = n + 1 WHERE id = 1"),
        );
        let victim = match (a, b) {
            (Err(error), Ok(_)) | (Ok(_), Err(error)) => error,
            other => panic!("exactly one transaction is the victim: {other:?}"),
        };
        let error = backend::infra::error::ApiError::from(victim);
        assert_eq!(error.status_code().as_u16(), StatusCode::CONFLICT.as_u16(), "{error:?}");
    })
    .await;
}
