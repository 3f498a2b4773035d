//! Organisations: the list with search, and registering one.

use leptos::prelude::*;
use shared::auth::Role;
use shared::organisations::{CreateOrganisation, Organisation, OrganisationRole};
use shared::paging::Page;

use crate::api::{self, ApiError};
use crate::app::{RequireRole, page_title};
use crate::components::{FormError, Pager, SelectField, TextField, field_error};
use crate::i18n::{self, Texts, tr, use_i18n};

const STAFF: &[Role] = &[Role::Admin, Role::Consultant];

pub fn organisation_role_name(t: &Texts, role: OrganisationRole) -> &'static str {
    match role {
        OrganisationRole::WorkProvider => t.work_provider,
        OrganisationRole::GuidanceProvider => t.guidance_provider,
        OrganisationRole::Employer => t.employer,
    }
}

#[component]
pub fn Organisations() -> impl IntoView {
    page_title(|t| t.organisations_title);
    let i18n = use_i18n();
    let page = crate::components::UrlQuery::new().page_signal();
    let search = RwSignal::new(String::new());
    let applied = RwSignal::new(String::new());
    let reload = RwSignal::new(0u32);
    let organisations = api::resource(move || {
        reload.track();
        let path = format!("/organisations{}", api::query(&[("page", page.get().to_string()), ("q", applied.get())]));
        async move { api::get::<Page<Organisation>>(&path).await }
    });
    let name = RwSignal::new(String::new());
    let kvk = RwSignal::new(String::new());
    let role = RwSignal::new(String::new());
    let errors: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let no_error: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = CreateOrganisation {
            name: name.get_untracked(),
            kvk_number: kvk.get_untracked().trim().to_owned(),
            roles: OrganisationRole::parse(&role.get_untracked()).into_iter().collect(),
            ..Default::default()
        };
        leptos::task::spawn_local(async move {
            match api::post::<_, Organisation>("/organisations", &body).await {
                Ok(_) => {
                    errors.set(None);
                    name.set(String::new());
                    kvk.set(String::new());
                    reload.update(|n| *n += 1);
                }
                Err(error) => errors.set(Some(error)),
            }
        });
    };
    let export = move |_| {
        let path = format!("/organisations/export{}", api::query(&[("q", applied.get_untracked())]));
        leptos::task::spawn_local(async move {
            match api::get_text(&path).await {
                Ok(csv) => crate::pages::candidates::download("organisaties.csv", "text/csv;charset=utf-8", &csv),
                Err(error) => errors.set(Some(error)),
            }
        });
    };
    let filter = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        page.set(1);
        applied.set(search.get_untracked());
    };
    let roles = Signal::derive(move || {
        let t = i18n::texts(i18n.0.get());
        OrganisationRole::ALL
            .iter()
            .map(|r| (r.as_str().to_owned(), organisation_role_name(t, *r).to_owned()))
            .collect::<Vec<_>>()
    });
    let total_pages =
        Signal::derive(move || organisations.get().and_then(|r| r.ok()).map(|p| p.total_pages).unwrap_or(1));
    let total_items =
        Signal::derive(move || organisations.get().and_then(|r| r.ok()).map(|p| p.total_items).unwrap_or(0));
    view! {
        <h1>{tr(|t| t.organisations_title)}</h1>
        <RequireRole roles=STAFF>
            <p class="form-actions">
                <a id="import-organisations" class="button button--secondary utrecht-button utrecht-button--secondary-action" href="/organisations/import">{move || crate::i18n_registration::reg_texts(i18n.0.get()).import_csv}</a>
                <button type="button" id="export-organisations" class="button button--secondary utrecht-button utrecht-button--secondary-action" on:click=export>{move || crate::i18n_registration::reg_texts(i18n.0.get()).export_csv}</button>
            </p>
            <form class="form form--inline" role="search" on:submit=filter>
                <TextField id="q" label=|t| t.search value=search error=field_error(no_error, "q")/>
                <button type="submit" class="button button--secondary utrecht-button utrecht-button--secondary-action">{tr(|t| t.filter)}</button>
            </form>
            {move || {
                    let t = i18n::texts(i18n.0.get());
                    crate::components::list_state(i18n.0.get(), organisations.get(), |page| {view! {
                            <table class="table utrecht-table utrecht-table--html-table" id="organisations-table">
                                <caption>{t.organisations_title}</caption>
                                <thead><tr>
                                    <th scope="col">{t.name}</th>
                                    <th scope="col">{t.kvk_number}</th>
                                    <th scope="col">{t.roles}</th>
                                </tr></thead>
                                <tbody>
                                    {page.items.into_iter().map(|o| view! {
                                        <tr>
                                            <td><a href=format!("/organisations/{}", o.id)>{o.name.clone()}</a></td>
                                            <td>{o.kvk_number.clone()}</td>
                                            <td>{o.roles.iter().map(|r| organisation_role_name(t, *r)).collect::<Vec<_>>().join(", ")}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any()})
            }}
            <Pager page=page total_pages=total_pages total_items=total_items/>
            <h2>{tr(|t| t.new_organisation)}</h2>
            <FormError errors=errors/>
            <form class="form" on:submit=submit novalidate=true>
                <TextField id="org-name" label=|t| t.name value=name error=field_error(errors, "name")/>
                <TextField id="kvkNumber" label=|t| t.kvk_number value=kvk error=field_error(errors, "kvkNumber")/>
                <SelectField id="org-role" label=|t| t.role value=role options=roles error=field_error(errors, "roles")/>
                <button type="submit" class="button utrecht-button utrecht-button--primary-action">{tr(|t| t.create)}</button>
            </form>
        </RequireRole>
    }
}
