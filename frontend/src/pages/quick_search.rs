//! The quick search (issue 14, item 8): people, organisations and packages by name from one box, reached
//! from the menu or with the `/` key on any page. The text is posted, never put in the URL.

use leptos::prelude::*;
use shared::candidates::CandidateStatus;
use shared::quick_search::{QuickHit, QuickSearchRequest, QuickSearchResult};
use shared::tasks::PackageStatus;

use crate::api::{self, ApiError};
use crate::app::set_title;
use crate::components::{FormError, SubmitButton, TextField};
use crate::i18n::{Lang, Texts, status_name, use_i18n};
use crate::i18n_tasks::package_status_name;

pub struct SearchTexts {
    pub title: &'static str,
    pub query: &'static str,
    pub hint: &'static str,
    pub search: &'static str,
    pub people: &'static str,
    pub organisations: &'static str,
    pub packages: &'static str,
    pub nothing: &'static str,
    pub shown_of: &'static str,
}

const NL: SearchTexts = SearchTexts {
    title: "Zoeken",
    query: "Zoek op naam",
    hint: "Personen, organisaties en taakpakketten op (een deel van) hun naam; personen ook op BSN als uw rol dat mag. Tip: druk op / om vanaf elke pagina hier te komen.",
    search: "Zoeken",
    people: "Personen",
    organisations: "Organisaties",
    packages: "Taakpakketten",
    nothing: "Niets gevonden.",
    shown_of: "getoond van",
};

const EN: SearchTexts = SearchTexts {
    title: "Search",
    query: "Search by name",
    hint: "People, organisations and task packages by (part of) their name; people by BSN too where your role may. Tip: press / on any page to come here.",
    search: "Search",
    people: "People",
    organisations: "Organisations",
    packages: "Task packages",
    nothing: "Nothing found.",
    shown_of: "shown of",
};

pub fn search_texts(lang: Lang) -> &'static SearchTexts {
    match lang {
        Lang::Nl => &NL,
        Lang::En => &EN,
    }
}

fn query_label(t: &'static Texts) -> &'static str {
    search_texts(t.lang).query
}

/// The search page.
#[component]
pub fn QuickSearch() -> impl IntoView {
    let i18n = use_i18n();
    let st = move || search_texts(i18n.0.get());
    Effect::new(move |_| set_title(st().title));
    let query = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let errors: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let result: RwSignal<Option<QuickSearchResult>> = RwSignal::new(None);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = QuickSearchRequest { query: query.get_untracked() };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let answer = api::post::<_, QuickSearchResult>("/quick-search", &body).await;
            busy.set(false);
            match answer {
                Ok(found) => {
                    errors.set(None);
                    result.set(Some(found));
                }
                Err(error) => errors.set(Some(error)),
            }
        });
    };
    // The box takes the focus once the page is drawn (after the layout's focus on the heading).
    let input_focus = move || {
        if let Some(input) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("quick-query"))
            .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
        {
            let _ = input.focus();
        }
    };
    leptos::prelude::set_timeout(input_focus, std::time::Duration::from_millis(200));
    view! {
        <h1>{move || st().title}</h1>
        <p class="hint">{move || st().hint}</p>
        <FormError errors=errors id="quick-error" prefix="quick-"/>
        <form class="form form--inline" role="search" on:submit=submit novalidate=true>
            <TextField id="quick-query" label=query_label value=query input_type="search"
                error=Signal::derive(move || errors.get().and_then(|e| e.field_error("query"))) required=true/>
            <SubmitButton id="quick-submit" label=Signal::derive(move || search_texts(i18n.0.get()).search) busy=busy/>
        </form>
        {move || result.get().map(|found| {
            let lang = i18n.0.get();
            let t = search_texts(lang);
            if found.candidates.is_empty() && found.organisations.is_empty() && found.packages.is_empty() {
                return view! { <p id="quick-nothing" role="status">{t.nothing}</p> }.into_any();
            }
            let person = move |hit: &QuickHit| hit.status.as_deref().and_then(CandidateStatus::parse).map(|s| status_name(lang, s));
            let package = move |hit: &QuickHit| hit.status.as_deref().and_then(PackageStatus::parse).map(|s| package_status_name(lang, s));
            view! {
                <div id="quick-results" role="status">
                    {hits("quick-people", t.people, t.shown_of, "/candidates", found.candidates, found.candidates_total, person)}
                    {hits("quick-organisations", t.organisations, t.shown_of, "/organisations", found.organisations, found.organisations_total, |_| None)}
                    {hits("quick-packages", t.packages, t.shown_of, "/packages", found.packages, found.packages_total, package)}
                </div>
            }.into_any()
        })}
    }
}

/// One kind of hits as a titled list of links (nothing when there are none).
fn hits(
    id: &'static str,
    title: &'static str,
    shown_of: &'static str,
    base: &'static str,
    items: Vec<QuickHit>,
    total: u64,
    status: impl Fn(&QuickHit) -> Option<&'static str>,
) -> Option<impl IntoView> {
    if items.is_empty() {
        return None;
    }
    let count =
        if total > items.len() as u64 { format!(" ({} {shown_of} {total})", items.len()) } else { String::new() };
    Some(view! {
        <section class="quick-hits" id=id aria-labelledby=format!("{id}-title")>
            <h2 id=format!("{id}-title")>{title}{count}</h2>
            <ul>
                {items.into_iter().map(|hit| {
                    let state = status(&hit).map(|s| format!(" · {s}"));
                    view! { <li><a href=format!("{base}/{}", hit.id)>{hit.label.clone()}</a>{state}</li> }
                }).collect_view()}
            </ul>
        </section>
    })
}
