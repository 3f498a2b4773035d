//! Gate 3 of the security issue: the OpenAPI document follows the API Design Rules of DESIGN.md (Logius
//! ADR 2.x where they apply). A lint of the document as the server builds it, so that every endpoint
//! added later is held to the same rules:
//!
//! - paths: kebab-case segments, `{camelCase}` parameters, no trailing slash;
//! - camelCase names: schema properties, query and path parameters (the OAuth 2.0 token endpoint's
//!   fields are named by RFC 6749 and are the one declared exception);
//! - every response of every operation documents the `API-Version` header;
//! - every 4xx and 5xx is `application/problem+json` with a schema that requires `status`, `title` and
//!   `detail`;
//! - every write (POST, PUT, PATCH, DELETE) documents 400, every request body 413 and 415;
//! - paging parameters carry their bounds (`page` >= 1, `pageSize` 1-100);
//! - every operation has an operation id; the document has `info.contact`, `servers` and a semver version.
//!
//! Each rule reports every violation at once.

use serde_json::Value;

/// Names that another standard fixes: the OAuth 2.0 client-credentials grant (RFC 6749 sections 4.4
/// and 5.1), at `POST /auth/token`.
const STANDARD_NAMES: [&str; 6] =
    ["grant_type", "client_id", "client_secret", "access_token", "token_type", "expires_in"];

const METHODS: [&str; 5] = ["get", "put", "post", "delete", "patch"];

fn document() -> Value {
    serde_json::to_value(backend::startup::openapi_document()).unwrap()
}

fn is_kebab(segment: &str) -> bool {
    !segment.is_empty()
        && segment
            .split('-')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}

fn is_camel(name: &str) -> bool {
    let mut bytes = name.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_lowercase()) && bytes.all(|b| b.is_ascii_alphanumeric())
}

fn operations(doc: &Value) -> Vec<(String, &'static str, &Value)> {
    let mut found = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in METHODS {
            if let Some(operation) = item.get(method) {
                found.push((path.clone(), method, operation));
            }
        }
    }
    found
}

fn assert_none(violations: Vec<String>, rule: &str) {
    assert!(violations.is_empty(), "{rule}: {} violations:\n{}", violations.len(), violations.join("\n"));
}

#[test]
fn the_document_names_its_contact_servers_and_a_semver_version() {
    let doc = document();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1."), "OpenAPI 3.1");
    for field in ["name", "url", "email"] {
        assert!(doc["info"]["contact"][field].as_str().is_some_and(|v| !v.is_empty()), "info.contact.{field}");
    }
    let servers = doc["servers"].as_array().expect("servers");
    assert!(!servers.is_empty() && servers.iter().all(|s| s["url"].as_str().is_some_and(|u| u.ends_with("/v1"))));
    let version = doc["info"]["version"].as_str().unwrap();
    let parts: Vec<&str> = version.split('.').collect();
    assert!(
        parts.len() == 3 && parts.iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())),
        "info.version {version} is not semver MAJOR.MINOR.PATCH"
    );
    assert_eq!(version, shared::API_VERSION);
}

#[test]
fn paths_are_kebab_case_without_trailing_slash_and_parameters_camel_case() {
    let doc = document();
    let mut violations = Vec::new();
    for path in doc["paths"].as_object().unwrap().keys() {
        if path.ends_with('/') || !path.starts_with('/') {
            violations.push(format!("{path}: starts with / and has no trailing slash"));
        }
        for segment in path.trim_start_matches('/').split('/') {
            let ok = match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Some(parameter) => is_camel(parameter),
                None => is_kebab(segment),
            };
            if !ok {
                violations
                    .push(format!("{path}: segment `{segment}` is not kebab-case (or a {{camelCase}} parameter)"));
            }
        }
    }
    for (path, method, operation) in operations(&doc) {
        for parameter in operation["parameters"].as_array().into_iter().flatten() {
            let name = parameter["name"].as_str().unwrap_or_default();
            if !is_camel(name) {
                violations.push(format!("{method} {path}: parameter `{name}` is not camelCase"));
            }
        }
        if operation["operationId"].as_str().is_none_or(str::is_empty) {
            violations.push(format!("{method} {path}: no operationId"));
        }
    }
    assert_none(violations, "paths and parameters");
}

/// Every property name in `schema` and the schemas inside it.
fn property_names(schema: &Value, at: &str, out: &mut Vec<(String, String)>) {
    match schema {
        Value::Object(map) => {
            if let Some(Value::Object(properties)) = map.get("properties") {
                for (name, inner) in properties {
                    out.push((at.to_owned(), name.clone()));
                    property_names(inner, &format!("{at}.{name}"), out);
                }
            }
            for (key, inner) in map {
                if key != "properties" {
                    property_names(inner, at, out);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|inner| property_names(inner, at, out)),
        _ => {}
    }
}

#[test]
fn every_json_field_is_camel_case() {
    let doc = document();
    let mut names = Vec::new();
    for (name, schema) in doc["components"]["schemas"].as_object().unwrap() {
        property_names(schema, name, &mut names);
    }
    for (path, method, operation) in operations(&doc) {
        property_names(&operation["requestBody"], &format!("{method} {path} body"), &mut names);
        property_names(&operation["responses"], &format!("{method} {path} responses"), &mut names);
    }
    let violations = names
        .into_iter()
        .filter(|(_, name)| !is_camel(name) && !STANDARD_NAMES.contains(&name.as_str()))
        .map(|(at, name)| format!("{at}: `{name}` is not camelCase"))
        .collect();
    assert_none(violations, "camelCase fields");
}

/// The schema a `$ref` points at, or the schema itself.
fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str().and_then(|r| r.strip_prefix("#/components/schemas/")) {
        Some(name) => &doc["components"]["schemas"][name],
        None => schema,
    }
}

#[test]
fn every_response_has_the_version_header_and_every_error_is_a_problem() {
    let doc = document();
    let mut violations = Vec::new();
    for (path, method, operation) in operations(&doc) {
        let responses = operation["responses"].as_object().unwrap();
        for (status, response) in responses {
            if !response["headers"]["API-Version"].is_object() {
                violations.push(format!("{method} {path} {status}: no API-Version header"));
            }
            if !(status.starts_with('4') || status.starts_with('5')) {
                continue;
            }
            let content = response["content"].as_object();
            let types: Vec<&String> = content.map(|c| c.keys().collect()).unwrap_or_default();
            if types != ["application/problem+json"] {
                violations
                    .push(format!("{method} {path} {status}: answers {types:?}, not only application/problem+json"));
                continue;
            }
            let schema = resolve(&doc, &response["content"]["application/problem+json"]["schema"]);
            for field in ["status", "title", "detail"] {
                let required = schema["required"].as_array().is_some_and(|r| r.iter().any(|f| f == field));
                if !schema["properties"][field].is_object() || !required {
                    violations.push(format!("{method} {path} {status}: the problem does not require `{field}`"));
                }
            }
        }
        if method != "get" && !responses.contains_key("400") {
            violations.push(format!("{method} {path}: a write that documents no 400"));
        }
        if operation["requestBody"].is_object() && !(responses.contains_key("413") && responses.contains_key("415")) {
            violations.push(format!("{method} {path}: a request body without 413 and 415 documented"));
        }
        for parameter in operation["parameters"].as_array().into_iter().flatten() {
            let bounds = (&parameter["schema"]["minimum"], &parameter["schema"]["maximum"]);
            match parameter["name"].as_str() {
                Some("page") if bounds.0 != 1 => violations.push(format!("{method} {path}: page without minimum 1")),
                Some("pageSize") if (bounds.0 != 1 || bounds.1 != 100) => {
                    violations.push(format!("{method} {path}: pageSize without bounds 1-100"))
                }
                _ => {}
            }
        }
    }
    assert_none(violations, "responses");
}
