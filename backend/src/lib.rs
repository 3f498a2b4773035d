//! The Basisbaan server: the REST API (with its OpenAPI document), the Werkkamer feed and the SPA's files.
//!
//! `main.rs` only reads the configuration and runs [`startup::Application`]; everything else is here so
//! that the integration tests start the very same application on a random port.

pub mod admin;
pub mod audit;
pub mod auth;
pub mod bulk;
pub mod config;
pub mod contracts;
pub mod dashboard;
pub mod db;
pub mod duplicates;
pub mod generate;
pub mod guidance;
pub mod health;
pub mod infra;
pub mod matching;
pub mod monitoring;
pub mod organisations;
pub mod quick_search;
pub mod reference;
pub mod registration;
pub mod reminders;
pub mod saved_searches;
pub mod seed;
pub mod seed_demo;
pub mod startup;
pub mod surveys;
pub mod tasks;
pub mod timeline;

pub use startup::{AppState, Application};
