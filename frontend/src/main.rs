//! The Basisbaan SPA: Leptos, client-side rendered, served by the backend at `/`.
//!
//! Architecture invariant: `api.rs` is the only module that talks HTTP, and every request and response is
//! a `shared` type; every text a person reads comes from `i18n.rs`.

mod api;
mod app;
mod components;
mod i18n;
mod i18n_contracts;
mod i18n_guidance;
mod i18n_matching;
mod i18n_registration;
mod i18n_reminders;
mod i18n_surveys;
mod i18n_tasks;
mod pages;

fn main() {
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
