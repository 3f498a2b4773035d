//! The start page after login.

use leptos::prelude::*;

use crate::app::{page_title, use_session};
use crate::i18n::{role_name, tr, use_i18n};

#[component]
pub fn Home() -> impl IntoView {
    page_title(|t| t.home_title);
    let session = use_session();
    let i18n = use_i18n();
    let name = move || session.user().map(|u| u.display_name).unwrap_or_default();
    let role = move || session.role().map(|r| role_name(i18n.0.get(), r)).unwrap_or_default();
    view! {
        <h1>{tr(|t| t.home_title)}</h1>
        <p>{tr(|t| t.home_welcome)} " " <strong>{name}</strong> "."</p>
        <p>{tr(|t| t.home_role)} " " {role}</p>
    }
}
