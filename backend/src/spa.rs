//! Serving the SPA: its built files from the static directory, and `index.html` for every other non-API
//! path so that the client-side router can take it (history mode). `/api/...` never falls back.

use std::path::PathBuf;

use actix_files::{Files, NamedFile};
use actix_web::dev::{ServiceRequest, ServiceResponse, fn_service};
use actix_web::{HttpResponse, web};

use crate::AppState;

pub fn service(static_dir: PathBuf) -> Files {
    let index = static_dir.join("index.html");
    Files::new("/", static_dir).index_file("index.html").default_handler(fn_service(move |req: ServiceRequest| {
        let index = index.clone();
        async move {
            let (req, _) = req.into_parts();
            if req.path().starts_with("/api/") || req.path() == "/api" {
                let state = req.app_data::<web::Data<AppState>>().cloned();
                let response = match state {
                    Some(state) => crate::middleware::api_fallback(req.clone(), state).await,
                    None => HttpResponse::NotFound().finish(),
                };
                return Ok(ServiceResponse::new(req, response));
            }
            let response = match NamedFile::open(&index) {
                Ok(file) => file.use_etag(false).use_last_modified(false).into_response(&req),
                Err(_) => HttpResponse::NotFound().content_type("text/plain; charset=utf-8").body(
                    "De webapp is niet gebouwd. Start met `cargo xtask run` (dat bouwt hem eerst).",
                ),
            };
            Ok(ServiceResponse::new(req, response))
        }
    }))
}
