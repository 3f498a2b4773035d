//! The OpenAPI document is valid, complete and true to the mounted routes.

use std::collections::BTreeSet;

use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::helpers::{TestApp, on_each_database};

async fn document(app: &TestApp) -> Value {
    let response = app.get("/openapi.json", None).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["access-control-allow-origin"], "*");
    response.json().await.unwrap()
}

const METHODS: [&str; 5] = ["get", "put", "post", "delete", "patch"];

#[tokio::test]
async fn the_document_is_openapi_3_1_with_contact_servers_and_version() {
    on_each_database(async |app: TestApp| {
        let doc = document(&app).await;
        assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
        assert_eq!(doc["info"]["version"], shared::API_VERSION);
        for field in ["name", "url", "email"] {
            assert!(doc["info"]["contact"][field].is_string(), "contact.{field}");
        }
        assert_eq!(doc["servers"][0]["url"], "/api/v1");
        assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
    })
    .await;
}

fn collect_refs(value: &Value, refs: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get("$ref") {
                refs.insert(target.clone());
            }
            map.values().for_each(|v| collect_refs(v, refs));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, refs)),
        _ => {}
    }
}

#[tokio::test]
async fn every_reference_resolves_and_every_operation_documents_security_problems_and_the_version_header() {
    on_each_database(async |app: TestApp| {
        let doc = document(&app).await;
        let mut refs = BTreeSet::new();
        collect_refs(&doc, &mut refs);
        for target in refs {
            let name = target.strip_prefix("#/components/schemas/").expect("schema reference");
            assert!(doc["components"]["schemas"][name].is_object(), "unresolved {target}");
        }
        let mut operations = 0;
        for (path, item) in doc["paths"].as_object().unwrap() {
            for method in METHODS {
                let Some(operation) = item.get(method) else { continue };
                operations += 1;
                let security =
                    operation["security"].as_array().unwrap_or_else(|| panic!("{method} {path} has no security"));
                let public = security.iter().all(|s| s.as_object().is_some_and(|o| o.is_empty()));
                let mut expected = vec!["400", "404"];
                if !public {
                    expected.extend(["401", "403"]);
                }
                for status in expected {
                    let response = &operation["responses"][status];
                    assert!(
                        response["content"]["application/problem+json"].is_object(),
                        "{method} {path} documents no {status} problem"
                    );
                }
                for (status, response) in operation["responses"].as_object().unwrap() {
                    assert!(
                        response["headers"]["API-Version"].is_object(),
                        "{method} {path} {status} lacks API-Version"
                    );
                }
            }
        }
        assert!(operations >= 15);
    })
    .await;
}

#[tokio::test]
async fn every_documented_operation_is_mounted() {
    on_each_database(async |app: TestApp| {
        let doc = document(&app).await;
        for (path, item) in doc["paths"].as_object().unwrap() {
            let concrete = path.replace("{id}", "0193f6a0-0000-7000-8000-000000000000");
            for method in METHODS {
                if item.get(method).is_none() {
                    continue;
                }
                let response = app
                    .client
                    .request(Method::from_bytes(method.to_uppercase().as_bytes()).unwrap(), app.url(&concrete))
                    .send()
                    .await
                    .unwrap();
                let status = response.status();
                let body: Value = response.json().await.unwrap_or(Value::Null);
                assert!(
                    status != StatusCode::METHOD_NOT_ALLOWED && body["code"] != "route_not_found",
                    "{method} {path} is documented but not mounted ({status})"
                );
            }
        }
    })
    .await;
}

/// Handlers are collected into the document from the same `.service(...)` calls that mount them, and
/// utoipa-actix-web only accepts handlers with `#[utoipa::path]` there. What could escape is a route
/// mounted another way; the source must have none.
#[test]
fn every_mounted_route_is_documented() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut stack = vec![root];
    let mut handlers = 0;
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let source = std::fs::read_to_string(&path).unwrap();
            for forbidden in [".route(", "web::resource(", "web::get()", "web::post()"] {
                assert!(!source.contains(forbidden), "{} mounts a route with {forbidden}", path.display());
            }
            let lines: Vec<&str> = source.lines().collect();
            for (index, line) in lines.iter().enumerate() {
                let trimmed = line.trim_start();
                if ["#[get(", "#[post(", "#[put(", "#[patch(", "#[delete("].iter().any(|m| trimmed.starts_with(m)) {
                    handlers += 1;
                    let before = lines[..index]
                        .iter()
                        .rev()
                        .take_while(|l| !l.trim().is_empty() && !l.starts_with("async fn") && !l.starts_with('}'));
                    assert!(
                        before.clone().any(|l| l.trim_start().starts_with("#[utoipa::path")),
                        "{}:{} has a handler without #[utoipa::path]",
                        path.display(),
                        index + 1
                    );
                }
            }
        }
    }
    assert!(handlers >= 15, "found only {handlers} handlers");
}

#[tokio::test]
async fn swagger_ui_is_served_from_the_server() {
    on_each_database(async |app: TestApp| {
        // Issue 8, defect 8: the address README.md gives leads to the UI.
        let bare = app.client.get(format!("{}/api/v1/docs", app.address)).send().await.unwrap();
        assert_eq!(bare.status(), StatusCode::PERMANENT_REDIRECT);
        assert_eq!(bare.headers()["location"], "/api/v1/docs/");
        let response = app.client.get(format!("{}/api/v1/docs/", app.address)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let html = response.text().await.unwrap();
        assert!(html.contains("swagger") && !html.contains("cdn"), "vendored Swagger UI");
    })
    .await;
}

#[tokio::test]
async fn the_partner_endpoints_carry_request_examples() {
    on_each_database(async |app: TestApp| {
        let doc = document(&app).await;
        for (path, method) in [
            ("/tasks", "post"),
            ("/task-packages", "post"),
            ("/task-packages/{id}/transitions", "post"),
            ("/neighbourhood-sessions", "post"),
        ] {
            let content = &doc["paths"][path][method]["requestBody"]["content"]["application/json"];
            assert!(
                content["example"].is_object() || content["examples"].is_object(),
                "{method} {path} has no example: {content}"
            );
        }
    })
    .await;
}

/// Issue 8, defect 8: a generated client must know which fields a write needs. Every JSON request body of a
/// write names its required fields, and these are never nullable.
#[tokio::test]
async fn every_json_request_body_names_its_required_fields() {
    on_each_database(async |app: TestApp| {
        let doc = document(&app).await;
        let schemas = &doc["components"]["schemas"];
        let mut checked = 0;
        let mut missing = Vec::new();
        for (path, item) in doc["paths"].as_object().unwrap() {
            for (method, operation) in item.as_object().unwrap() {
                let Some(schema) = operation["requestBody"]["content"]["application/json"]["schema"].as_object() else {
                    continue;
                };
                let Some(reference) = schema.get("$ref").and_then(Value::as_str) else { continue };
                let name = reference.rsplit('/').next().unwrap();
                // A search narrows by whatever it is given; a user update (PATCH) changes only what it names.
                if ["CandidateSearch", "UpdateUser"].contains(&name) {
                    continue;
                }
                let body = &schemas[name];
                let required = body["required"].as_array().map(Vec::len).unwrap_or(0);
                if required == 0 {
                    missing.push(format!("{method} {path}: {name}"));
                    continue;
                }
                for field in body["required"].as_array().unwrap() {
                    let property = &body["properties"][field.as_str().unwrap()];
                    assert!(
                        !property.to_string().contains("\"null\""),
                        "{name}.{field} is required yet nullable: {property}"
                    );
                }
                checked += 1;
            }
        }
        assert!(missing.is_empty(), "bodies without required fields: {missing:#?}");
        assert!(checked >= 10, "only {checked} bodies checked");
        let task = &schemas["SaveTask"]["required"];
        for field in ["title", "neighbourhoodId", "categoryId", "hoursPerWeek", "schedule", "socialValue"] {
            assert!(task.as_array().unwrap().iter().any(|f| f == field), "SaveTask requires {field}: {task}");
        }
    })
    .await;
}
