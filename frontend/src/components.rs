//! Pieces every page uses: form fields that show the server's field error next to them, the general
//! form error, the confirmation step of destructive actions, the pager, and the date formatting.

use leptos::prelude::*;

use crate::api::ApiError;
use crate::i18n::{Texts, tr, use_i18n};

/// The server's error for one field of a form, if the last attempt had one.
pub fn field_error(errors: RwSignal<Option<ApiError>>, field: &'static str) -> Signal<Option<String>> {
    Signal::derive(move || errors.get().and_then(|e| e.field_error(field)))
}

/// A labelled input; its error (from the server) appears below it and is tied to it for screen readers.
#[component]
pub fn TextField(
    id: &'static str,
    label: fn(&'static Texts) -> &'static str,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(default = false)] required: bool,
    #[prop(optional)] autocomplete: Option<&'static str>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let described = error_id.clone();
    view! {
        <div class="form-field" class:form-field--invalid=move || error.get().is_some()>
            <label class="form-label" for=id>{tr(label)}</label>
            <input
                class="form-input"
                id=id
                name=id
                type=input_type
                required=required
                autocomplete=autocomplete
                aria-invalid=move || error.get().map(|_| "true")
                aria-describedby=move || error.get().map(|_| described.clone())
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
            {move || error.get().map(|message| view! { <p class="field-error" id=error_id.clone()>{message}</p> })}
        </div>
    }
}

/// A labelled select of `(value, label)` options.
#[component]
pub fn SelectField(
    id: &'static str,
    label: fn(&'static Texts) -> &'static str,
    value: RwSignal<String>,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(default = true)] with_empty: bool,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let described = error_id.clone();
    view! {
        <div class="form-field" class:form-field--invalid=move || error.get().is_some()>
            <label class="form-label" for=id>{tr(label)}</label>
            <select
                class="form-select"
                id=id
                name=id
                aria-invalid=move || error.get().map(|_| "true")
                aria-describedby=move || error.get().map(|_| described.clone())
                on:change=move |ev| value.set(event_target_value(&ev))
                prop:value=move || value.get()
            >
                {with_empty.then(|| view! { <option value="">{tr(|t| t.choose)}</option> })}
                {move || {
                    options
                        .get()
                        .into_iter()
                        .map(|(v, l)| {
                            let selected = value.get_untracked() == v;
                            view! { <option value=v selected=selected>{l}</option> }
                        })
                        .collect_view()
                }}
            </select>
            {move || error.get().map(|message| view! { <p class="field-error" id=error_id.clone()>{message}</p> })}
        </div>
    }
}

/// The form's general error (what no single field explains), announced to screen readers.
#[component]
pub fn FormError(
    errors: RwSignal<Option<ApiError>>,
    #[prop(default = "form-error")] id: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        errors.get().map(|error| {
            let t = crate::i18n::texts(i18n.0.get());
            let message = match error.status {
                0 => t.network_error.to_owned(),
                409 if error.code() == "stale_version" => t.stale_version.to_owned(),
                _ => error.message(),
            };
            view! { <div class="notice notice--error" id=id role="alert">{message}</div> }
        })
    }
}

/// The inline confirmation step of a destructive action (block a user, revoke a client): the question and
/// two buttons. Focus moves to the confirm button when it appears, so keyboard users land on the choice.
#[component]
pub fn ConfirmStep(
    /// The id of the question, which names the group for screen readers.
    id: &'static str,
    question: fn(&'static Texts) -> &'static str,
    confirm_label: fn(&'static Texts) -> &'static str,
    #[prop(into)] on_confirm: Callback<()>,
    #[prop(into)] on_cancel: Callback<()>,
) -> impl IntoView {
    let confirm_button = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if let Some(button) = confirm_button.get() {
            let _ = button.focus();
        }
    });
    view! {
        <div class="confirm" role="group" aria-labelledby=id>
            <p id=id>{tr(question)}</p>
            <button type="button" id="confirm-yes" class="button button--danger" node_ref=confirm_button on:click=move |_| on_confirm.run(())>
                {tr(confirm_label)}
            </button>
            <button type="button" id="confirm-no" class="button button--secondary" on:click=move |_| on_cancel.run(())>{tr(|t| t.cancel)}</button>
        </div>
    }
}

/// Previous/next for a list of `total_pages`.
#[component]
pub fn Pager(
    page: RwSignal<u64>,
    #[prop(into)] total_pages: Signal<u64>,
    #[prop(into)] total_items: Signal<u64>,
) -> impl IntoView {
    // Computed outside `view!`: a `>` inside an attribute closes the tag early (the label once printed this
    // code as a button text, and the button never enabled).
    let at_first = move || page.get() <= 1;
    let at_last = move || page.get() >= total_pages.get();
    view! {
        <nav class="pager" aria-label=tr(|t| t.page)>
            <button type="button" id="pager-previous" class="button button--secondary" disabled=at_first on:click=move |_| page.update(|p| *p -= 1)>
                {tr(|t| t.previous)}
            </button>
            <span class="pager__status" aria-live="polite">
                {tr(|t| t.page)} " " {move || page.get()} " " {tr(|t| t.of)} " " {move || total_pages.get().max(1)}
                " (" {move || total_items.get()} " " {tr(|t| t.results)} ")"
            </span>
            <button type="button" id="pager-next" class="button button--secondary" disabled=at_last on:click=move |_| page.update(|p| *p += 1)>
                {tr(|t| t.next)}
            </button>
        </nav>
    }
}

/// `2026-11-22 14:05` in the browser's time zone offset of UTC (kept simple: UTC).
pub fn format_instant(instant: &chrono::DateTime<chrono::Utc>) -> String {
    use chrono::{Datelike, Timelike};
    // `YYYY-MM-DD HH:MM`, written out: chrono's format strings pull a strftime parser into the wasm.
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        instant.year(),
        instant.month(),
        instant.day(),
        instant.hour(),
        instant.minute()
    )
}
