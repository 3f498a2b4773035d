//! Pieces every page uses: form fields that show their field error next to them (the server's, or the
//! SPA's own when a Dutch number, amount or date cannot be read), the error summary that takes the focus
//! and links to each field, the submit button with its busy state, the one confirm dialog, the one status
//! region (toasts), the pager, and Dutch formatting of dates, times and amounts.

use leptos::prelude::*;

use crate::api::ApiError;
use crate::i18n::{Texts, tr, use_i18n};

/// The server's error for one field of a form, if the last attempt had one.
pub fn field_error(errors: RwSignal<Option<ApiError>>, field: &'static str) -> Signal<Option<String>> {
    Signal::derive(move || errors.get().and_then(|e| e.field_error(field)))
}

/// The label of a field: its text (kept in `data-label` for the error summary) and, for a required
/// field, the visible marker "(verplicht)".
#[component]
fn FieldLabel(id: &'static str, label: fn(&'static Texts) -> &'static str, required: bool) -> impl IntoView {
    let text = tr(label);
    let data = text.clone();
    view! {
        <label class="form-label utrecht-form-label" for=id data-label=data>
            {text}
            {required.then(|| view! { " " <span class="form-label__required">{tr(|t| t.required_marker)}</span> })}
        </label>
    }
}

/// A labelled input; its error (from the server, or from the SPA's own reading of the value) appears
/// below it and is tied to it for screen readers. `multiline` makes it a text area (for notes).
#[component]
pub fn TextField(
    id: &'static str,
    label: fn(&'static Texts) -> &'static str,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(default = false)] required: bool,
    #[prop(optional)] autocomplete: Option<&'static str>,
    /// The keyboard a phone shows: `decimal` for amounts, `numeric` for whole numbers.
    #[prop(optional)]
    inputmode: Option<&'static str>,
    #[prop(default = false)] multiline: bool,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let described = error_id.clone();
    let invalid = move || error.get().map(|_| "true");
    let control = if multiline {
        view! {
            <textarea
                // Not `utrecht-textarea--html-textarea`: it styles `:invalid`, which marks an empty
                // required field red before anything was submitted.
                class="form-textarea utrecht-textarea"
                class:utrecht-textarea--invalid=move || error.get().is_some()
                id=id
                name=id
                rows="4"
                required=required
                aria-invalid=invalid
                aria-describedby=move || error.get().map(|_| described.clone())
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            ></textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                class="form-input utrecht-textbox utrecht-textbox--html-input"
                id=id
                name=id
                type=input_type
                required=required
                autocomplete=autocomplete
                inputmode=inputmode
                aria-invalid=invalid
                aria-describedby=move || error.get().map(|_| described.clone())
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
        }
        .into_any()
    };
    view! {
        <div class="form-field utrecht-form-field" class:form-field--invalid=move || error.get().is_some()>
            <FieldLabel id=id label=label required=required/>
            {control}
            {move || error.get().map(|message| view! { <p class="field-error utrecht-form-field-error-message" id=error_id.clone()>{message}</p> })}
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
    #[prop(default = false)] required: bool,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let described = error_id.clone();
    view! {
        <div class="form-field utrecht-form-field" class:form-field--invalid=move || error.get().is_some()>
            <FieldLabel id=id label=label required=required/>
            <select
                class="form-select utrecht-select utrecht-select--html-select"
                id=id
                name=id
                required=required
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
            {move || error.get().map(|message| view! { <p class="field-error utrecht-form-field-error-message" id=error_id.clone()>{message}</p> })}
        </div>
    }
}

/// What a failed request means for the person, in their language: the server's sentence, or that the
/// server cannot be reached, or that someone else changed the record first.
pub fn error_text(lang: crate::i18n::Lang, error: &ApiError) -> String {
    let t = crate::i18n::texts(lang);
    match error.status {
        0 => t.network_error.to_owned(),
        409 if error.code() == "stale_version" => t.stale_version.to_owned(),
        _ if error.problem.as_ref().is_some_and(|p| !p.invalid_params.is_empty()) => t.error_summary_title.to_owned(),
        _ => {
            let message = error.message();
            if message.is_empty() { t.request_failed.to_owned() } else { message }
        }
    }
}

/// A list's state in the URL (filters, sorting, page), so that Back and a shared link keep it. Changing it
/// is a navigation to the same page with another query; the list reads its state from the query.
#[derive(Clone, Copy)]
pub struct UrlQuery {
    query: Memo<leptos_router::params::ParamsMap>,
    go: Callback<String>,
}

impl UrlQuery {
    pub fn new() -> Self {
        let navigate = leptos_router::hooks::use_navigate();
        let go = Callback::new(move |target: String| navigate(&target, Default::default()));
        Self { query: leptos_router::hooks::use_query_map(), go }
    }

    /// The value of `key` (empty when absent), tracked.
    pub fn get(&self, key: &str) -> String {
        self.query.with(|q| q.get(key)).unwrap_or_default()
    }

    pub fn get_untracked(&self, key: &str) -> String {
        self.query.with_untracked(|q| q.get(key)).unwrap_or_default()
    }

    /// The page number (1 when absent), tracked.
    pub fn page(&self) -> u64 {
        self.get("page").parse().ok().filter(|p| *p >= 1).unwrap_or(1)
    }

    /// Goes to this page with `changes` made to its query (an empty value removes the key).
    pub fn set(&self, changes: &[(&str, String)]) {
        let Some(location) = web_sys::window().map(|w| w.location()) else { return };
        let path = location.pathname().unwrap_or_default();
        let search = location.search().unwrap_or_default();
        let mut pairs: Vec<(String, String)> = search
            .trim_start_matches('?')
            .split('&')
            .filter(|part| !part.is_empty())
            .filter_map(|part| {
                let (key, value) = part.split_once('=').unwrap_or((part, ""));
                let decode =
                    |s: &str| js_sys::decode_uri_component(&s.replace('+', " ")).ok().and_then(|v| v.as_string());
                Some((decode(key)?, decode(value)?))
            })
            .collect();
        for (key, value) in changes {
            pairs.retain(|(k, _)| k != key);
            if !value.is_empty() {
                pairs.push(((*key).to_owned(), value.clone()));
            }
        }
        let borrowed: Vec<(&str, String)> = pairs.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
        let target = format!("{path}{}", crate::api::query(&borrowed));
        if target != format!("{path}{search}") {
            self.go.run(target);
        }
    }

    /// A filter's signal that follows the URL's `key` and writes to it; absent means `default`, `all`
    /// means empty when the default is not.
    pub fn param_signal(self, key: &'static str, default: &'static str) -> RwSignal<String> {
        let from_url = move |value: String| {
            if value.is_empty() {
                default.to_owned()
            } else if value == "all" {
                String::new()
            } else {
                value
            }
        };
        let signal = RwSignal::new(from_url(self.get_untracked(key)));
        Effect::new(move |_| {
            let value = from_url(self.get(key));
            if signal.get_untracked() != value {
                signal.set(value);
            }
        });
        Effect::new(move |_| {
            let wanted = signal.get();
            if wanted != from_url(self.get_untracked(key)) {
                let value = if wanted == default {
                    String::new()
                } else if wanted.is_empty() {
                    "all".to_owned()
                } else {
                    wanted
                };
                self.set(&[(key, value), ("page", String::new())]);
            }
        });
        signal
    }

    /// A page signal for [`Pager`] that follows the URL and writes to it.
    pub fn page_signal(self) -> RwSignal<u64> {
        let page =
            RwSignal::new(self.query.with_untracked(|q| q.get("page")).and_then(|p| p.parse().ok()).unwrap_or(1));
        Effect::new(move |_| {
            let from_url = self.page();
            if page.get_untracked() != from_url {
                page.set(from_url);
            }
        });
        Effect::new(move |_| {
            let wanted = page.get();
            let in_url = self.query.with_untracked(|q| q.get("page")).and_then(|p| p.parse().ok()).unwrap_or(1);
            if wanted != in_url {
                self.set(&[("page", if wanted == 1 { String::new() } else { wanted.to_string() })]);
            }
        });
        page
    }
}

impl Default for UrlQuery {
    fn default() -> Self {
        Self::new()
    }
}

/// A column header that sorts the list by `key` (the API's sort name): a button in the header cell, with
/// `aria-sort` telling the current order. The order lives in the URL's `sort` (`-key` descending).
#[component]
pub fn SortHeader(url: UrlQuery, sort_key: &'static str, label: &'static str) -> impl IntoView {
    let key = sort_key;
    let current = move || url.get("sort");
    let aria_sort = move || {
        let sort = current();
        if sort == key {
            "ascending"
        } else if sort == format!("-{key}") {
            "descending"
        } else {
            "none"
        }
    };
    let toggle = move |_| {
        let next = if current() == key { format!("-{key}") } else { key.to_owned() };
        url.set(&[("sort", next), ("page", String::new())]);
    };
    view! {
        <th scope="col" aria-sort=aria_sort>
            <button type="button" class="sort-button" id=format!("sort-{key}") on:click=toggle>
                {label}
                <span aria-hidden="true">{move || match aria_sort() { "ascending" => " ▲", "descending" => " ▼", _ => " ↕" }}</span>
            </button>
        </th>
    }
}

/// Why a list is not shown: that it could not be loaded, and why.
pub fn list_error(lang: crate::i18n::Lang, error: &ApiError) -> String {
    format!("{} {}", crate::i18n::texts(lang).list_failed, error_text(lang, error))
}

/// The state of a list while it loads, when it failed (never an empty table with "0 results"), when it
/// is empty, and else the table that `table` draws: the one place every paged list shows these.
pub fn list_state<T>(
    lang: crate::i18n::Lang,
    result: Option<Result<shared::paging::Page<T>, ApiError>>,
    table: impl FnOnce(shared::paging::Page<T>) -> AnyView,
) -> AnyView {
    let t = crate::i18n::texts(lang);
    match result {
        None => view! { <p role="status">{t.loading}</p> }.into_any(),
        Some(Err(error)) => {
            view! { <div class="notice notice--error utrecht-alert utrecht-alert--error" role="alert" id="list-error">{list_error(lang, &error)}</div> }
                .into_any()
        }
        Some(Ok(page)) if page.items.is_empty() => view! { <p id="list-empty">{t.nothing_found}</p> }.into_any(),
        Some(Ok(page)) => table(page),
    }
}

/// The element of field `name` in the form: `{prefix}{name}`, else `name`, else the element named so.
fn field_element(prefix: &str, name: &str) -> Option<web_sys::Element> {
    let document = web_sys::window()?.document()?;
    let base = name.split(['[', '.']).next().unwrap_or(name);
    [format!("{prefix}{name}"), name.to_owned(), format!("{prefix}{base}"), base.to_owned()]
        .iter()
        .find_map(|id| document.get_element_by_id(id))
        .or_else(|| document.query_selector(&format!("[name=\"{base}\"]")).ok().flatten())
}

/// The words a person sees for a field: its label, or the legend of its group.
fn field_label(element: &web_sys::Element) -> Option<String> {
    let document = web_sys::window()?.document()?;
    if element.tag_name().eq_ignore_ascii_case("fieldset") {
        let legend = element.query_selector("legend").ok().flatten()?;
        return legend.text_content().map(|t| t.trim().to_owned());
    }
    let label = document.query_selector(&format!("label[for=\"{}\"]", element.id())).ok().flatten()?;
    label.get_attribute("data-label").or_else(|| label.text_content()).map(|t| t.trim().to_owned())
}

/// Moves the focus to an element and brings it into view.
pub fn focus_element(element: &web_sys::Element) {
    use wasm_bindgen::JsCast;
    if let Some(element) = element.dyn_ref::<web_sys::HtmlElement>() {
        let _ = element.focus();
    }
    element.scroll_into_view();
}

/// The form's error summary: when a submit fails it takes the focus (so it is read out and scrolled
/// into view) and lists every field error as a link to its field, named by the field's label; an error
/// no field explains is one sentence. `prefix` finds fields whose ids carry one (`status-` + `reason`).
#[component]
pub fn FormError(
    errors: RwSignal<Option<ApiError>>,
    #[prop(default = "form-error")] id: &'static str,
    #[prop(default = "")] prefix: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let summary = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(element) = summary.get() {
            // A new error replaces an old success message.
            if let Some(toasts) = TOASTS.with(|t| t.get()) {
                toasts.0.set(None);
            }
            focus_element(&element);
        }
    });
    move || {
        errors.get().map(|error| {
            let lang = i18n.0.get_untracked();
            let message = error_text(lang, &error);
            let params = error.problem.map(|p| p.invalid_params).unwrap_or_default();
            let items = params
                .into_iter()
                .map(|param| {
                    let element = field_element(prefix, &param.name);
                    let label = element.as_ref().and_then(field_label).filter(|l| !l.is_empty());
                    let text = match label {
                        Some(label) => format!("{label}: {}", param.reason),
                        None => param.reason.clone(),
                    };
                    match element {
                        Some(element) => {
                            let href = format!("#{}", element.id());
                            view! {
                                <li><a href=href on:click=move |ev| {
                                    ev.prevent_default();
                                    focus_element(&element);
                                }>{text}</a></li>
                            }
                            .into_any()
                        }
                        None => view! { <li>{text}</li> }.into_any(),
                    }
                })
                .collect_view();
            view! {
                <div class="notice notice--error utrecht-alert utrecht-alert--error error-summary" id=id role="alert" tabindex="-1" node_ref=summary>
                    <p class="error-summary__title">{message}</p>
                    <ul class="error-summary__list">{items}</ul>
                </div>
            }
        })
    }
}

/// The NL Design System classes (`utrecht-button` and its appearance) for one of the project's own button
/// classes (`button`, `button button--secondary`, `button button--danger`), kept beside them: the project's
/// stylesheet styles the own classes when the NL Design System bundle is not there.
pub fn button_class(class: &str) -> String {
    if class.contains("utrecht-button") {
        return class.to_owned();
    }
    let appearance = if class.contains("button--secondary") {
        "utrecht-button--secondary-action"
    } else {
        "utrecht-button--primary-action"
    };
    let danger = if class.contains("button--danger") { " utrecht-button--danger" } else { "" };
    format!("{class} utrecht-button {appearance}{danger}")
}

/// The submit button of a form: while `busy` it is disabled and says so, so a form is never sent twice.
#[component]
pub fn SubmitButton(
    id: &'static str,
    #[prop(into)] label: Signal<&'static str>,
    busy: RwSignal<bool>,
    #[prop(default = "button")] class: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button type="submit" id=id class=button_class(class) disabled=move || busy.get() aria-busy=move || busy.get().then_some("true")>
            {move || if busy.get() { crate::i18n::texts(i18n.0.get()).busy } else { label.get() }}
        </button>
    }
}

/// The one status region of the app: a short message after an action succeeded, read out politely.
#[derive(Debug, Clone, Copy)]
pub struct Toasts(pub RwSignal<Option<(u32, String)>>);

thread_local! {
    /// The app's status region, reachable from async code (which runs outside the component tree).
    static TOASTS: std::cell::Cell<Option<Toasts>> = const { std::cell::Cell::new(None) };
}

impl Toasts {
    /// Creates the region's state once, at the top of the app.
    pub fn provide() {
        let toasts = Toasts(RwSignal::new(None));
        TOASTS.with(|t| t.set(Some(toasts)));
        provide_context(toasts);
    }
}

/// Shows `message` in the status region for a while (a later message replaces it).
pub fn notify(message: impl Into<String>) {
    let Some(toasts) = TOASTS.with(|t| t.get()) else { return };
    let serial = toasts.0.get_untracked().map(|(n, _)| n + 1).unwrap_or(1);
    toasts.0.set(Some((serial, message.into())));
    leptos::prelude::set_timeout(
        move || {
            if toasts.0.get_untracked().is_some_and(|(n, _)| n == serial) {
                toasts.0.set(None);
            }
        },
        std::time::Duration::from_secs(10),
    );
}

/// The region itself, in the layout: present from the start so that screen readers hear each message.
#[component]
pub fn StatusRegion() -> impl IntoView {
    let toasts = expect_context::<Toasts>();
    view! {
        <div id="status-region" class="toast" role="status" aria-live="polite">
            {move || toasts.0.get().map(|(_, message)| view! { <p class="notice notice--success utrecht-alert utrecht-alert--ok toast__message">{message}</p> })}
        </div>
    }
}

/// The one confirm dialog: the question and two buttons, inline where the action is. Focus moves to the
/// confirm button when it appears, so keyboard users land on the choice.
#[component]
pub fn ConfirmDialog(
    /// The id of the question, which names the group for screen readers.
    id: &'static str,
    #[prop(into)] question: Signal<String>,
    #[prop(into)] confirm_label: Signal<String>,
    #[prop(into)] on_confirm: Callback<()>,
    #[prop(into)] on_cancel: Callback<()>,
    #[prop(default = "button button--danger")] confirm_class: &'static str,
) -> impl IntoView {
    let confirm_button = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if let Some(button) = confirm_button.get() {
            let _ = button.focus();
        }
    });
    view! {
        <div class="confirm" role="alertdialog" aria-labelledby=id>
            <p id=id>{move || question.get()}</p>
            <button type="button" id="confirm-yes" class=button_class(confirm_class) node_ref=confirm_button on:click=move |_| on_confirm.run(())>
                {move || confirm_label.get()}
            </button>
            <button type="button" id="confirm-no" class="button button--secondary utrecht-button utrecht-button--secondary-action" on:click=move |_| on_cancel.run(())>{tr(|t| t.cancel)}</button>
        </div>
    }
}

/// [`ConfirmDialog`] with texts from the catalogue (block a user, revoke a client).
#[component]
pub fn ConfirmStep(
    id: &'static str,
    question: fn(&'static Texts) -> &'static str,
    confirm_label: fn(&'static Texts) -> &'static str,
    #[prop(into)] on_confirm: Callback<()>,
    #[prop(into)] on_cancel: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let text = move |pick: fn(&'static Texts) -> &'static str| {
        Signal::derive(move || pick(crate::i18n::texts(i18n.0.get())).to_owned())
    };
    view! { <ConfirmDialog id=id question=text(question) confirm_label=text(confirm_label) on_confirm=on_confirm on_cancel=on_cancel/> }
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
    let i18n = use_i18n();
    let results = move || {
        let t = crate::i18n::texts(i18n.0.get());
        let n = total_items.get();
        shared::dutch::plural(n, t.result_one, t.results)
    };
    view! {
        <nav class="pager" aria-label=tr(|t| t.page) hidden=move || total_items.get() == 0>
            <button type="button" id="pager-previous" class="button button--secondary utrecht-button utrecht-button--secondary-action" disabled=at_first on:click=move |_| page.update(|p| *p -= 1)>
                {tr(|t| t.previous)}
            </button>
            <span class="pager__status" aria-live="polite">
                {tr(|t| t.page)} " " {move || page.get()} " " {tr(|t| t.of)} " " {move || total_pages.get().max(1)}
                " (" {move || total_items.get()} " " {results} ")"
            </span>
            <button type="button" id="pager-next" class="button button--secondary utrecht-button utrecht-button--secondary-action" disabled=at_last on:click=move |_| page.update(|p| *p += 1)>
                {tr(|t| t.next)}
            </button>
        </nav>
    }
}

/// `28-11-2026 15:26`, in the browser's local time.
pub fn format_instant(instant: &chrono::DateTime<chrono::Utc>) -> String {
    use chrono::Timelike;
    let offset_minutes =
        js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(instant.timestamp_millis() as f64)).get_timezone_offset();
    let local = instant.naive_utc() - chrono::Duration::minutes(offset_minutes as i64);
    format!("{} {:02}:{:02}", shared::dutch::format_date(local.date()), local.hour(), local.minute())
}

/// `28-11-2026`.
pub fn format_date(date: &chrono::NaiveDate) -> String {
    shared::dutch::format_date(*date)
}

/// `€ 1.825,00`.
pub fn format_money(amount: &rust_decimal::Decimal) -> String {
    shared::dutch::format_money(*amount)
}

/// Reads the values of a form before it is sent: a Dutch number, amount or date that cannot be read
/// becomes a field error (as the server's would), never a silently empty value.
pub struct FormCheck {
    lang: crate::i18n::Lang,
    params: Vec<shared::problem::InvalidParam>,
}

impl FormCheck {
    pub fn new(lang: crate::i18n::Lang) -> Self {
        Self { lang, params: Vec::new() }
    }

    fn fail(&mut self, field: &str, reason: &str) {
        self.params.push(shared::problem::InvalidParam {
            name: field.to_owned(),
            code: "invalid".to_owned(),
            reason: reason.to_owned(),
        });
    }

    /// An amount in euros (`1.234,56`), empty is none; negative is an error.
    pub fn money(&mut self, field: &str, text: &str) -> Option<rust_decimal::Decimal> {
        let t = crate::i18n::texts(self.lang);
        if text.trim().is_empty() {
            return None;
        }
        match shared::dutch::parse_decimal(text) {
            Some(value) if value.is_sign_negative() && !value.is_zero() => {
                self.fail(field, t.not_negative);
                None
            }
            Some(value) => Some(value),
            None => {
                self.fail(field, t.invalid_amount);
                None
            }
        }
    }

    /// A whole number from 0 up to `max` (`32`), empty is none.
    pub fn whole<T: TryFrom<i64>>(&mut self, field: &str, text: &str, max: i64) -> Option<T> {
        let t = crate::i18n::texts(self.lang);
        if text.trim().is_empty() {
            return None;
        }
        match shared::dutch::parse_whole(text) {
            Some(value) if value < 0 => {
                self.fail(field, t.not_negative);
                None
            }
            Some(value) if value > max => {
                self.fail(field, &t.at_most.replace("{max}", &max.to_string()));
                None
            }
            Some(value) => T::try_from(value).ok(),
            None => {
                self.fail(field, t.invalid_whole);
                None
            }
        }
    }

    /// A date (`28-11-2026` or what a date input sends), empty is none.
    pub fn date(&mut self, field: &str, text: &str) -> Option<chrono::NaiveDate> {
        if text.trim().is_empty() {
            return None;
        }
        let parsed = shared::dutch::parse_date(text);
        if parsed.is_none() {
            self.fail(field, crate::i18n::texts(self.lang).invalid_date);
        }
        parsed
    }

    /// `Ok` when everything could be read, else the field errors as a failed request would carry them.
    pub fn finish(self) -> Result<(), ApiError> {
        if self.params.is_empty() { Ok(()) } else { Err(ApiError::invalid(self.params)) }
    }
}
