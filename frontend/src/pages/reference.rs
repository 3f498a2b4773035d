//! Reference data for admins: neighbourhoods with their postcodes, task categories and abilities.

use leptos::prelude::*;
use shared::auth::Role;
use shared::paging::Page;
use shared::reference::{
    Municipality, Neighbourhood, PostcodeRange, ReferenceItem, SaveMunicipality, SaveNeighbourhood, SaveReferenceItem,
};

use crate::api::{self, ApiError};
use crate::app::{RequireRole, page_title};
use crate::components::{FormError, TextField, field_error};
use crate::i18n::{self, use_i18n};
use crate::i18n_registration::{reg_texts, rtr};

const ADMINS: &[Role] = &[Role::Admin];

/// `9711-9718, 9720` into ranges; what does not parse is left for the server to report.
fn parse_ranges(text: &str) -> Vec<PostcodeRange> {
    text.split([',', ';', ' '])
        .filter(|part| !part.trim().is_empty())
        .map(|part| {
            let (from, to) = part.split_once('-').unwrap_or((part, part));
            PostcodeRange { from: from.trim().parse().unwrap_or(0), to: to.trim().parse().unwrap_or(0) }
        })
        .collect()
}

fn show_ranges(ranges: &[PostcodeRange]) -> String {
    ranges
        .iter()
        .map(|r| if r.from == r.to { r.from.to_string() } else { format!("{}-{}", r.from, r.to) })
        .collect::<Vec<_>>()
        .join(", ")
}

#[component]
pub fn ReferenceData() -> impl IntoView {
    page_title(|t| crate::i18n_registration::reg_texts(t.lang).reference_title);
    view! {
        <h1>{rtr(|t| t.reference_title)}</h1>
        <RequireRole roles=ADMINS>
            <Municipalities/>
            <Neighbourhoods/>
            <ReferenceList path="/task-categories" key="categories" title=|t| t.task_categories/>
            <ReferenceList path="/abilities" key="abilities" title=|t| t.abilities/>
        </RequireRole>
    }
}

/// The region's municipalities; a regional admin adds one (an admin of one municipality sees the list).
#[component]
fn Municipalities() -> impl IntoView {
    let i18n = use_i18n();
    let reload = RwSignal::new(0u32);
    let list = api::resource(move || {
        reload.track();
        async { api::get::<Page<Municipality>>("/municipalities?pageSize=100").await }
    });
    let regional =
        Signal::derive(move || crate::app::use_session().user().is_some_and(|u| u.municipality_id.is_none()));
    let name = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let errors: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = SaveMunicipality { name: name.get_untracked(), code: code.get_untracked() };
        leptos::task::spawn_local(async move {
            match api::post::<_, Municipality>("/municipalities", &body).await {
                Ok(_) => {
                    errors.set(None);
                    name.set(String::new());
                    code.set(String::new());
                }
                Err(error) => errors.set(Some(error)),
            }
            reload.update(|n| *n += 1);
        });
    };
    view! {
        <h2>{rtr(|t| t.municipalities)}</h2>
        {move || list.get().and_then(|r| r.ok()).map(|page| {
            let r = reg_texts(i18n.0.get());
            view! {
                <table class="table utrecht-table utrecht-table--html-table" id="municipalities-table">
                    <caption>{r.municipalities}</caption>
                    <thead><tr><th scope="col">{i18n::texts(i18n.0.get()).name}</th><th scope="col">{r.cbs_code}</th></tr></thead>
                    <tbody>
                        {page.items.into_iter().map(|m| view! { <tr><td>{m.name.clone()}</td><td>{m.code.clone()}</td></tr> }).collect_view()}
                    </tbody>
                </table>
            }
        })}
        <Show when=move || regional.get()>
            <FormError errors=errors id="municipality-error"/>
            <form class="form form--inline" on:submit=submit novalidate=true>
                <TextField id="municipality-name" label=|t| t.name value=name error=field_error(errors, "name")/>
                <TextField id="municipality-code" label=|t| crate::i18n_registration::reg_texts(t.lang).municipality_code value=code error=field_error(errors, "code")/>
                <button type="submit" class="button utrecht-button utrecht-button--primary-action">{rtr(|t| t.add)}</button>
            </form>
        </Show>
    }
}

#[component]
fn Neighbourhoods() -> impl IntoView {
    let i18n = use_i18n();
    let reload = RwSignal::new(0u32);
    let list = api::resource(move || {
        reload.track();
        async { api::get::<Page<Neighbourhood>>("/neighbourhoods?pageSize=100").await }
    });
    let name = RwSignal::new(String::new());
    let ranges = RwSignal::new(String::new());
    let errors: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = SaveNeighbourhood {
            name: name.get_untracked(),
            postcode_ranges: parse_ranges(&ranges.get_untracked()),
            ..Default::default()
        };
        leptos::task::spawn_local(async move {
            match api::post::<_, Neighbourhood>("/neighbourhoods", &body).await {
                Ok(_) => {
                    errors.set(None);
                    name.set(String::new());
                    ranges.set(String::new());
                }
                Err(error) => errors.set(Some(error)),
            }
            reload.update(|n| *n += 1);
        });
    };
    let ranges_error = Signal::derive(move || {
        errors
            .get()
            .and_then(|e| e.problem)
            .and_then(|p| p.invalid_params.into_iter().find(|i| i.name.starts_with("postcodeRanges")).map(|i| i.reason))
    });
    view! {
        <h2>{rtr(|t| t.neighbourhoods)}</h2>
        {move || list.get().and_then(|r| r.ok()).map(|page| {
            let r = reg_texts(i18n.0.get());
            view! {
                <table class="table utrecht-table utrecht-table--html-table" id="neighbourhoods-table">
                    <caption>{r.neighbourhoods}</caption>
                    <thead><tr><th scope="col">{i18n::texts(i18n.0.get()).name}</th><th scope="col">{r.postcode_ranges}</th></tr></thead>
                    <tbody>
                        {page.items.into_iter().map(|n| view! { <tr><td>{n.name.clone()}</td><td>{show_ranges(&n.postcode_ranges)}</td></tr> }).collect_view()}
                    </tbody>
                </table>
            }
        })}
        <FormError errors=errors id="neighbourhood-error"/>
        <form class="form form--inline" on:submit=submit novalidate=true>
            <TextField id="neighbourhood-name" label=|t| t.name value=name error=field_error(errors, "name")/>
            <TextField id="postcodeRanges" label=|t| crate::i18n_registration::label(t, "postcodeRanges") value=ranges error=ranges_error/>
            <button type="submit" class="button utrecht-button utrecht-button--primary-action">{rtr(|t| t.add)}</button>
        </form>
    }
}

#[component]
fn ReferenceList(
    path: &'static str,
    key: &'static str,
    title: fn(&'static crate::i18n_registration::RegTexts) -> &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let reload = RwSignal::new(0u32);
    let list = api::resource(move || {
        reload.track();
        async move { api::get::<Page<ReferenceItem>>(&format!("{path}?pageSize=100")).await }
    });
    let name = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let errors: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = SaveReferenceItem {
            name: name.get_untracked(),
            description: description.get_untracked(),
            ..Default::default()
        };
        leptos::task::spawn_local(async move {
            match api::post::<_, ReferenceItem>(path, &body).await {
                Ok(_) => {
                    errors.set(None);
                    name.set(String::new());
                    description.set(String::new());
                }
                Err(error) => errors.set(Some(error)),
            }
            reload.update(|n| *n += 1);
        });
    };
    let toggle = move |item: ReferenceItem| {
        let body = SaveReferenceItem {
            name: item.name.clone(),
            description: item.description.clone(),
            active: Some(!item.active),
            version: Some(item.version),
        };
        leptos::task::spawn_local(async move {
            if let Err(error) = api::put::<_, ReferenceItem>(&format!("{path}/{}", item.id), &body).await {
                errors.set(Some(error));
            }
            reload.update(|n| *n += 1);
        });
    };
    let name_id: &'static str = if key == "categories" { "category-name" } else { "ability-name" };
    let description_id: &'static str = if key == "categories" { "category-description" } else { "ability-description" };
    view! {
        <h2>{rtr(title)}</h2>
        {move || list.get().and_then(|r| r.ok()).map(|page| {
            let lang = i18n.0.get();
            let t = i18n::texts(lang);
            let r = reg_texts(lang);
            view! {
                <table class="table utrecht-table utrecht-table--html-table">
                    <caption>{title(r)}</caption>
                    <thead><tr><th scope="col">{t.name}</th><th scope="col">{r.description}</th><th scope="col">{t.status}</th></tr></thead>
                    <tbody>
                        {page.items.into_iter().map(|item| {
                            let label = format!("{} {}", if item.active { t.disable_user } else { t.enable_user }, item.name);
                            let clicked = item.clone();
                            view! {
                                <tr>
                                    <td>{item.name.clone()}</td>
                                    <td>{item.description.clone()}</td>
                                    <td>
                                        {if item.active { t.active } else { t.disabled }} " "
                                        <button type="button" class="button button--secondary utrecht-button utrecht-button--secondary-action" aria-label=label on:click=move |_| toggle(clicked.clone())>
                                            {if item.active { t.disable_user } else { t.enable_user }}
                                        </button>
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }
        })}
        <FormError errors=errors id=if key == "categories" { "categories-error" } else { "abilities-error" }/>
        <form class="form form--inline" on:submit=submit novalidate=true>
            <TextField id=name_id label=|t| t.name value=name error=field_error(errors, "name")/>
            <TextField id=description_id label=|t| crate::i18n_registration::label(t, "description") value=description error=field_error(errors, "description")/>
            <button type="submit" class="button utrecht-button utrecht-button--primary-action">{rtr(|t| t.add)}</button>
        </form>
    }
}
