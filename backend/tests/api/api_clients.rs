//! API clients and the OAuth 2.0 client-credentials grant.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem, field_names, on_each_database};

async fn token_response(app: &TestApp, client_id: &str, secret: &str) -> reqwest::Response {
    app.client
        .post(app.url("/auth/token"))
        .form(&[("grant_type", "client_credentials"), ("client_id", client_id), ("client_secret", secret)])
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_partner_client_gets_a_token_bound_to_its_organisation_until_revoked() {
    on_each_database(async |app: TestApp| {
        let own = app.create_organisation("Buurtwerk Noord", "11111111").await;
        let other = app.create_organisation("Groen Zuid", "22222222").await;
        let admin = app.admin_token().await;
        let created = app
            .post(
                "/api-clients",
                Some(&admin),
                &json!({"name": "Buurtwerk koppeling", "role": "partner", "organisationId": own}),
            )
            .await;
        assert_eq!(created.status(), StatusCode::CREATED);
        let created: Value = created.json().await.unwrap();
        let client_id = created["client"]["clientId"].as_str().unwrap().to_owned();
        let secret = created["clientSecret"].as_str().unwrap().to_owned();
        let id = created["client"]["id"].as_str().unwrap().to_owned();

        // The secret is shown once: the list never holds it.
        let list = app.get("/api-clients", Some(&admin)).await.text().await.unwrap();
        assert!(list.contains(&client_id) && !list.contains(&secret));

        let response = token_response(&app, &client_id, &secret).await;
        assert_eq!(response.status(), StatusCode::OK);
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["token_type"], "Bearer");
        let token = body["access_token"].as_str().unwrap().to_owned();

        assert_eq!(app.get(&format!("/organisations/{own}"), Some(&token)).await.status(), StatusCode::OK);
        assert_problem(
            app.get(&format!("/organisations/{other}"), Some(&token)).await,
            StatusCode::NOT_FOUND,
            "not_found",
        )
        .await;
        assert_eq!(app.get("/users", Some(&token)).await.status(), StatusCode::FORBIDDEN);

        let wrong = token_response(&app, &client_id, "niet-het-geheim").await;
        assert_problem(wrong, StatusCode::UNAUTHORIZED, "invalid_client").await;

        let revoked = app.post(&format!("/api-clients/{id}/revoke"), Some(&admin), &json!({})).await;
        assert_eq!(revoked.status(), StatusCode::OK);
        assert_problem(token_response(&app, &client_id, &secret).await, StatusCode::UNAUTHORIZED, "invalid_client")
            .await;
        assert_problem(
            app.get(&format!("/organisations/{own}"), Some(&token)).await,
            StatusCode::UNAUTHORIZED,
            "invalid_token",
        )
        .await;
    })
    .await;
}

#[tokio::test]
async fn the_token_endpoint_wants_a_form_and_the_client_credentials_grant() {
    on_each_database(async |app: TestApp| {
        let json_body = app.post("/auth/token", None, &json!({"grant_type": "client_credentials"})).await;
        assert_problem(json_body, StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type").await;
        let password_grant = app
            .client
            .post(app.url("/auth/token"))
            .form(&[("grant_type", "password"), ("client_id", "x"), ("client_secret", "y")])
            .send()
            .await
            .unwrap();
        assert_problem(password_grant, StatusCode::BAD_REQUEST, "unsupported_grant_type").await;
    })
    .await;
}

#[tokio::test]
async fn api_client_input_is_validated() {
    on_each_database(async |app: TestApp| {
        let admin = app.admin_token().await;
        let response = app.post("/api-clients", Some(&admin), &json!({"name": "", "role": "admin"})).await;
        let problem = assert_problem(response, StatusCode::BAD_REQUEST, "validation_failed").await;
        assert_eq!(field_names(&problem), vec!["name", "role"]);
        let response = app
            .post(
                "/api-clients",
                Some(&admin),
                &json!({"name": "x", "role": "partner", "organisationId": uuid::Uuid::now_v7()}),
            )
            .await;
        let problem = assert_problem(response, StatusCode::BAD_REQUEST, "validation_failed").await;
        assert_eq!(field_names(&problem), vec!["organisationId"]);
        assert_eq!(app.count("/api-clients").await, 0);
    })
    .await;
}

async fn create_client(app: &TestApp) -> (String, String, String) {
    let admin = app.admin_token().await;
    let created: Value = app
        .post("/api-clients", Some(&admin), &json!({"name": "Werkkamer", "role": "monitor"}))
        .await
        .json()
        .await
        .unwrap();
    (
        created["client"]["id"].as_str().unwrap().to_owned(),
        created["client"]["clientId"].as_str().unwrap().to_owned(),
        created["clientSecret"].as_str().unwrap().to_owned(),
    )
}

#[tokio::test]
async fn rotating_a_secret_ends_the_old_one_at_once_and_shows_the_new_one_once() {
    on_each_database(async |app: TestApp| {
        let (id, client_id, old) = create_client(&app).await;
        assert_eq!(token_response(&app, &client_id, &old).await.status(), StatusCode::OK);
        let admin = app.admin_token().await;
        let rotated = app.post(&format!("/api-clients/{id}/rotate-secret"), Some(&admin), &json!({})).await;
        assert_eq!(rotated.status(), StatusCode::OK);
        let rotated: Value = rotated.json().await.unwrap();
        let new = rotated["clientSecret"].as_str().unwrap();
        assert_ne!(new, old);
        assert!(rotated["client"]["secretExpiresAt"].is_string());
        assert_problem(token_response(&app, &client_id, &old).await, StatusCode::UNAUTHORIZED, "invalid_client").await;
        assert_eq!(token_response(&app, &client_id, new).await.status(), StatusCode::OK);

        app.post(&format!("/api-clients/{id}/revoke"), Some(&admin), &json!({})).await;
        let again = app.post(&format!("/api-clients/{id}/rotate-secret"), Some(&admin), &json!({})).await;
        assert_problem(again, StatusCode::CONFLICT, "illegal_transition").await;
    })
    .await;
}

#[tokio::test]
async fn an_expired_secret_gets_no_token() {
    on_each_database(async |app: TestApp| {
        let (_, client_id, secret) = create_client(&app).await;
        assert_eq!(token_response(&app, &client_id, &secret).await.status(), StatusCode::OK);
        // A year passes: the secret's expiry (BASISBAAN_CLIENT_SECRET_DAYS) now lies behind the app's clock.
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
        let db = sea_orm::Database::connect(&app.database_url).await.unwrap();
        let expired = chrono::Utc::now() - chrono::Duration::days(1);
        backend::db::api_clients::Entity::update_many()
            .col_expr(backend::db::api_clients::Column::SecretExpiresAt, Expr::value(expired))
            .filter(backend::db::api_clients::Column::ClientId.eq(client_id.clone()))
            .exec(&db)
            .await
            .unwrap();
        db.close().await.unwrap();
        let response = token_response(&app, &client_id, &secret).await;
        assert_problem(response, StatusCode::UNAUTHORIZED, "invalid_client").await;
    })
    .await;
}
