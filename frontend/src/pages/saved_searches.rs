//! Saved searches on a list page (issue 14, item 6): choose one of one's own or a colleague's shared
//! searches and apply it, save the current filters under a name (shared or not), delete one's own.
//!
//! The list page tells which list it is and how its URL keys map to the API's filter names; the filters
//! and sort travel through the URL, so applying a search is the same as choosing the filters by hand.

use std::collections::BTreeMap;

use leptos::prelude::*;
use shared::paging::Page;
use shared::saved_searches::{SaveSavedSearch, SavedSearch, SavedSearchList};

use crate::api::{self, ApiError};
use crate::components::{ConfirmDialog, FormError, SelectField, SubmitButton, TextField, UrlQuery, notify};
use crate::i18n::{Lang, Texts, use_i18n};

pub struct SavedTexts {
    pub title: &'static str,
    pub choose: &'static str,
    pub apply: &'static str,
    pub delete: &'static str,
    pub delete_question: &'static str,
    pub name: &'static str,
    pub share: &'static str,
    pub save: &'static str,
    pub saved: &'static str,
    pub deleted: &'static str,
    pub shared_by: &'static str,
}

const NL: SavedTexts = SavedTexts {
    title: "Bewaarde zoekopdrachten",
    choose: "Bewaarde zoekopdracht",
    apply: "Toepassen",
    delete: "Verwijderen",
    delete_question: "Deze bewaarde zoekopdracht verwijderen?",
    name: "Naam van de zoekopdracht",
    share: "Delen met collega's van mijn gemeente (alleen lezen)",
    save: "Huidige filters bewaren",
    saved: "Zoekopdracht bewaard.",
    deleted: "Zoekopdracht verwijderd.",
    shared_by: "gedeeld door",
};

const EN: SavedTexts = SavedTexts {
    title: "Saved searches",
    choose: "Saved search",
    apply: "Apply",
    delete: "Delete",
    delete_question: "Delete this saved search?",
    name: "Name of the search",
    share: "Share with colleagues of my municipality (read-only)",
    save: "Save the current filters",
    saved: "Search saved.",
    deleted: "Search deleted.",
    shared_by: "shared by",
};

pub fn saved_texts(lang: Lang) -> &'static SavedTexts {
    match lang {
        Lang::Nl => &NL,
        Lang::En => &EN,
    }
}

fn choose_label(t: &'static Texts) -> &'static str {
    saved_texts(t.lang).choose
}

fn name_label(t: &'static Texts) -> &'static str {
    saved_texts(t.lang).name
}

/// The bar of saved searches for `list`, whose filters sit in the URL under `keys` (URL key, API name).
#[component]
pub fn SavedSearchBar(list: SavedSearchList, keys: &'static [(&'static str, &'static str)]) -> impl IntoView {
    let i18n = use_i18n();
    let url = UrlQuery::new();
    let st = move || saved_texts(i18n.0.get());
    let reload = RwSignal::new(0u32);
    let searches = api::resource(move || {
        reload.track();
        let path = format!("/saved-searches?list={}&pageSize=100", list.as_str());
        async move { api::get::<Page<SavedSearch>>(&path).await }
    });
    let all = move || searches.get().and_then(|r| r.ok()).map(|p| p.items).unwrap_or_default();
    let chosen = RwSignal::new(String::new());
    let selected = move || {
        let id = chosen.get();
        all().into_iter().find(|s| s.id.to_string() == id)
    };
    let options = Signal::derive(move || {
        let texts = st();
        all()
            .into_iter()
            .map(|s| {
                let label =
                    if s.mine { s.name.clone() } else { format!("{} ({} {})", s.name, texts.shared_by, s.owner_name) };
                (s.id.to_string(), label)
            })
            .collect::<Vec<_>>()
    });
    let apply = move |_| {
        let Some(search) = selected() else { return };
        let mut changes: Vec<(&str, String)> = keys
            .iter()
            .map(|(url_key, api_name)| (*url_key, search.filters.get(*api_name).cloned().unwrap_or_default()))
            .collect();
        changes.push(("sort", search.sort.clone().unwrap_or_default()));
        changes.push(("page", String::new()));
        url.set(&changes);
    };

    let name = RwSignal::new(String::new());
    let share = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let errors: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let filters: BTreeMap<String, String> = keys
            .iter()
            .map(|(url_key, api_name)| ((*api_name).to_owned(), url.get_untracked(url_key)))
            .filter(|(_, value)| !value.is_empty())
            .collect();
        let sort = Some(url.get_untracked("sort")).filter(|s| !s.is_empty());
        let body = SaveSavedSearch {
            list: Some(list),
            name: name.get_untracked(),
            filters,
            sort,
            shared: share.get_untracked(),
            version: None,
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let answer = api::post::<_, SavedSearch>("/saved-searches", &body).await;
            busy.set(false);
            match answer {
                Ok(saved) => {
                    errors.set(None);
                    name.set(String::new());
                    chosen.set(saved.id.to_string());
                    reload.update(|n| *n += 1);
                    notify(saved_texts(i18n.0.get_untracked()).saved);
                }
                Err(error) => errors.set(Some(error)),
            }
        });
    };

    let confirming = RwSignal::new(false);
    let delete = Callback::new(move |()| {
        confirming.set(false);
        let Some(search) = selected() else { return };
        leptos::task::spawn_local(async move {
            match api::delete(&format!("/saved-searches/{}", search.id)).await {
                Ok(()) => {
                    chosen.set(String::new());
                    reload.update(|n| *n += 1);
                    notify(saved_texts(i18n.0.get_untracked()).deleted);
                }
                Err(error) => errors.set(Some(error)),
            }
        });
    });
    let no_error = Signal::derive(|| None::<String>);
    view! {
        <details class="saved-searches" id="saved-searches">
            <summary>{move || st().title}</summary>
            <div class="form form--inline">
                <SelectField id="saved-search" label=choose_label value=chosen options=options error=no_error/>
                <button type="button" id="saved-apply" class="button button--secondary utrecht-button utrecht-button--secondary-action" disabled=move || selected().is_none() on:click=apply>
                    {move || st().apply}
                </button>
                <Show when=move || selected().is_some_and(|s| s.mine)>
                    <button type="button" id="saved-delete" class="button button--secondary utrecht-button utrecht-button--secondary-action" on:click=move |_| confirming.set(true)>
                        {move || st().delete}
                    </button>
                </Show>
            </div>
            <Show when=move || confirming.get()>
                <ConfirmDialog id="saved-delete-question" question=Signal::derive(move || st().delete_question.to_owned())
                    confirm_label=Signal::derive(move || st().delete.to_owned())
                    on_confirm=delete on_cancel=move |()| confirming.set(false)/>
            </Show>
            <FormError errors=errors id="saved-error" prefix="saved-"/>
            <form class="form form--inline" on:submit=save novalidate=true>
                <TextField id="saved-name" label=name_label value=name error=Signal::derive(move || errors.get().and_then(|e| e.field_error("name"))) required=true/>
                <div class="form-field utrecht-form-field">
                    <label class="form-checkbox">
                        <input type="checkbox" id="saved-shared" prop:checked=move || share.get() on:change=move |ev| share.set(event_target_checked(&ev))/>
                        " " {move || st().share}
                    </label>
                </div>
                <SubmitButton id="saved-save" label=Signal::derive(move || saved_texts(i18n.0.get()).save) busy=busy/>
            </form>
        </details>
    }
}
