//! Shown for any path no page has.

use leptos::prelude::*;

use crate::app::set_title;
use crate::i18n::{self, tr};

#[component]
pub fn NotFound() -> impl IntoView {
    set_title(i18n::now().not_found_title);
    view! {
        <h1>{tr(|t| t.not_found_title)}</h1>
        <p>{tr(|t| t.not_found_text)}</p>
        <p><a href="/">{tr(|t| t.to_home)}</a></p>
    }
}
