//! Registration of candidates: their record, intake and eligibility, status history, search and lists.
//!
//! Invariants:
//! - A caller sees only the candidates of its own municipality (regional staff: all); another's record
//!   answers 404. Partners and monitors never reach a candidate (403).
//! - What a role may see of a person is declared in one table, [`visibility::TABLE`], which [`service::view`],
//!   the lists, the intakes and the change history apply; the BSN is always masked
//!   in answers and revealed only by the audited `reveal-bsn` action (consultants and admins).
//! - Every read of one candidate's record writes an audit event; list rows do not, and never hold the BSN
//!   or health data.
//! - Status changes go through `shared::candidates::check_transition` and are stored with who, when and why
//!   in the same transaction as the change.
//! - Every write that changes a record also records each changed field with its old and new value
//!   ([`changes`]), in the same transaction.
//! - Every table that holds data about a candidate is in [`personal_data::TABLES`], which the GDPR copy and
//!   erasure use.
//! - [`counts`] holds the number of candidates per municipality and status, kept exact in the transaction
//!   of every write that changes it; the lists read their total from it when their filter allows.

pub mod changes;
pub mod counts;
pub mod gdpr;
pub mod handlers;
pub mod import;
pub mod personal_data;
pub mod service;
pub mod visibility;

pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    handlers::configure(config);
}
