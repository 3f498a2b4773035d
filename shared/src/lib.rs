//! Domain types and rules used by both the server and the SPA.
//!
//! Architecture invariant: this crate has no server or browser dependencies (no actix, sea-orm, tokio or
//! web-sys). The OpenAPI schema derive sits behind the `openapi` feature, which only the backend enables,
//! so the same types compile to wasm32 for the SPA.

pub mod api_clients;
pub mod audit;
pub mod auth;
pub mod candidates;
pub mod imports;
pub mod money;
pub mod organisations;
pub mod paging;
pub mod problem;
pub mod reference;
pub mod tasks;
pub mod users;
pub mod validation;

/// Semantic version of the HTTP API, sent as the `API-Version` header on every response.
pub const API_VERSION: &str = "1.0.0";
