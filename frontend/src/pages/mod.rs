//! One module per page (or per group of pages of one record type).

pub mod account;
pub mod api_clients;
pub mod audit;
pub mod bulk;
pub mod candidates;
pub mod contracts;
pub mod dashboard;
pub mod duplicates;
pub mod guidance;
pub mod home;
pub mod import;
pub mod inzage;
pub mod login;
pub mod matching;
pub mod not_found;
pub mod organisation;
pub mod organisations;
pub mod quick_search;
pub mod reference;
pub mod reminders;
pub mod saved_searches;
pub mod surveys;
pub mod task_forms;
pub mod tasks;
pub mod timeline;
pub mod users;
