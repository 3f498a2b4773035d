//! Shown for any path no page has.

use leptos::prelude::*;

use crate::app::page_title;
use crate::i18n::tr;

#[component]
pub fn NotFound() -> impl IntoView {
    page_title(|t| t.not_found_title);
    view! {
        <h1>{tr(|t| t.not_found_title)}</h1>
        <p>{tr(|t| t.not_found_text)}</p>
        <p><a href="/">{tr(|t| t.to_home)}</a></p>
    }
}
