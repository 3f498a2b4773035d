//! A panic in a handler is a logged 500 problem with the request id, not a dropped connection.

use actix_web::middleware::from_fn;
use actix_web::{App, HttpServer, get};
use reqwest::StatusCode;
use serde_json::Value;

#[get("/api/v1/boom")]
async fn boom() -> &'static str {
    panic!("a bug in a handler")
}

#[tokio::test]
async fn a_panicking_handler_answers_a_500_problem_and_the_server_keeps_serving() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = HttpServer::new(|| App::new().service(boom).wrap(from_fn(backend::infra::middleware::envelope)))
        .workers(1)
        .listen(listener)
        .unwrap()
        .run();
    tokio::spawn(server);
    let client = reqwest::Client::new();
    for _ in 0..2 {
        let response = client.get(format!("http://127.0.0.1:{port}/api/v1/boom")).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(response.headers()["content-type"], "application/problem+json");
        assert_eq!(response.headers()["api-version"], shared::API_VERSION);
        let request_id = response.headers()["x-request-id"].to_str().unwrap().to_owned();
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["code"], "internal_error");
        assert_eq!(body["requestId"], request_id);
        assert!(!body.to_string().contains("a bug in a handler"), "the cause stays in the log");
    }
}
