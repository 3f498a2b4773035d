//! `/organisations`: work providers, guidance providers and employers, with the neighbourhoods they serve,
//! their contact persons and their contribution agreement; CSV import and export.
//!
//! `handlers.rs` the endpoints, `service.rs` the rules and the writes, `import.rs` the CSV format with its
//! import and export.
//!
//! Invariant: a partner reads and edits only its own organisation; any other id answers 404, never 403, so
//! that a partner cannot learn which organisations exist. A partner cannot change its KvK number, roles or
//! contribution agreement: those are the municipality's.

pub mod handlers;
pub mod import;
pub mod service;

pub use handlers::configure;
