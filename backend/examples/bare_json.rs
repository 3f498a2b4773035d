//! The ceiling for the list benchmarks: actix-web answering a fixed JSON body with no database, no
//! authentication and no middleware, built in release beside the server and measured in the same run
//! (`backend/benches/lists.sh`). Listens on 127.0.0.1 at the port given as the first argument (default 8099).

use actix_web::{App, HttpResponse, HttpServer, get};

#[get("/json")]
async fn json() -> HttpResponse {
    HttpResponse::Ok().json(
        serde_json::json!({"status": "ok", "items": [], "page": 1, "pageSize": 25, "totalItems": 0, "totalPages": 0}),
    )
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let port: u16 = std::env::args().nth(1).and_then(|p| p.parse().ok()).unwrap_or(8099);
    HttpServer::new(|| App::new().service(json)).bind(("127.0.0.1", port))?.run().await
}
