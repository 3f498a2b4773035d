//! Integration tests: the real application on a random port with a fresh database, driven over HTTP as a
//! partner system or the SPA would. Every test runs on SQLite, and on PostgreSQL as well when
//! `TEST_DATABASE_URL` points at a server (CI sets it).

mod access_matrix;
mod api_clients;
mod audit;
mod auth;
mod bulk;
mod candidate_counts;
mod candidates;
mod changes;
mod completeness;
mod contracts;
mod dashboard;
mod demo;
mod design_rules;
mod duplicates;
mod errors;
mod evaluation;
mod generate;
mod guidance;
mod helpers;
mod imports;
mod layering;
mod logging;
mod matching;
mod monitoring;
mod municipalities;
mod openapi;
mod organisations;
mod panics;
mod quick_search;
mod reference;
mod reminders;
mod saved_searches;
mod schema;
mod spa;
mod surveys;
mod tasks;
mod timeline;
mod token_attacks;
mod users;
mod visibility;
