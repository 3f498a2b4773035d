//! The Basisbaan server: the REST API (with its OpenAPI document), the Werkkamer feed and the SPA's files.
//!
//! `main.rs` only reads the configuration and runs [`startup::Application`]; everything else is here so
//! that the integration tests start the very same application on a random port.

pub mod admin;
pub mod audit;
pub mod auth;
pub mod clock;
pub mod config;
pub mod context;
pub mod csv_io;
pub mod db;
pub mod error;
pub mod extract;
pub mod generate;
pub mod health;
pub mod middleware;
pub mod openapi;
pub mod organisations;
pub mod paging;
pub mod reference;
pub mod registration;
pub mod seed;
pub mod seed_demo;
pub mod spa;
pub mod startup;
pub mod tasks;
pub mod telemetry;

pub use startup::{AppState, Application};
