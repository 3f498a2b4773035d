//! One organisation's profile: what it is, the neighbourhoods it serves, its contact person and its
//! contribution agreement. Staff edit all of it; a partner edits its own profile (not its KvK number, roles
//! or contribution, which the municipality sets).

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use rust_decimal::Decimal;
use shared::auth::Role;
use shared::organisations::{ContactPerson, Organisation, SaveOrganisation};
use shared::paging::Page;
use shared::reference::Neighbourhood;

use crate::api::{self, ApiError};
use crate::app::{RequireRole, page_title, use_session};
use crate::components::{FormError, TextField, field_error};
use crate::i18n::{self, use_i18n};
use crate::pages::candidates::CheckboxGroup;
use crate::pages::organisations::organisation_role_name;

const READERS: &[Role] = &[Role::Admin, Role::Consultant, Role::JobCoach, Role::Finance, Role::Partner];

/// `/organisations/:id`, and `/my-organisation` for a partner.
#[component]
pub fn OrganisationProfile() -> impl IntoView {
    page_title(|t| t.organisations_title);
    let i18n = use_i18n();
    let session = use_session();
    let params = use_params_map();
    let id = move || {
        params
            .get()
            .get("id")
            .or_else(|| session.user().and_then(|u| u.organisation_id).map(|o| o.to_string()))
            .unwrap_or_default()
    };
    let reload = RwSignal::new(0u32);
    let organisation = api::resource(move || {
        reload.track();
        let path = format!("/organisations/{}", id());
        async move { api::get::<Organisation>(&path).await }
    });
    let hoods = api::resource(|| async { api::get::<Page<Neighbourhood>>("/neighbourhoods?pageSize=100").await });
    let name = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let contact_name = RwSignal::new(String::new());
    let contact_email = RwSignal::new(String::new());
    let contact_phone = RwSignal::new(String::new());
    let contribution = RwSignal::new(String::new());
    let served = RwSignal::new(Vec::<String>::new());
    let errors: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let saved = RwSignal::new(false);
    Effect::new(move |_| {
        if let Some(Ok(o)) = organisation.get() {
            name.set(o.name.clone());
            description.set(o.description.clone());
            let contact = o.contacts.first().cloned().unwrap_or_default();
            contact_name.set(contact.name);
            contact_email.set(contact.email);
            contact_phone.set(contact.phone);
            contribution.set(o.contribution_per_position.map(|c| c.to_string()).unwrap_or_default());
            served.set(o.neighbourhood_ids.iter().map(|n| n.to_string()).collect());
        }
    });
    let staff = move || matches!(session.role(), Some(Role::Admin | Role::Consultant));
    let can_edit = move || staff() || session.role() == Some(Role::Partner);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(Ok(current)) = organisation.get_untracked() else { return };
        let contact = ContactPerson {
            name: contact_name.get_untracked(),
            role: current.contacts.first().map(|c| c.role.clone()).unwrap_or_default(),
            email: contact_email.get_untracked(),
            phone: contact_phone.get_untracked(),
        };
        let body = SaveOrganisation {
            name: name.get_untracked(),
            kvk_number: current.kvk_number.clone(),
            roles: current.roles.clone(),
            description: description.get_untracked(),
            neighbourhood_ids: served.get_untracked().iter().filter_map(|n| uuid::Uuid::parse_str(n).ok()).collect(),
            contacts: if contact.name.trim().is_empty() { Vec::new() } else { vec![contact] },
            contribution_per_position: if staff() {
                contribution.get_untracked().replace(',', ".").trim().parse::<Decimal>().ok()
            } else {
                current.contribution_per_position
            },
            version: Some(current.version),
        };
        leptos::task::spawn_local(async move {
            saved.set(false);
            match api::put::<_, Organisation>(&format!("/organisations/{}", current.id), &body).await {
                Ok(_) => {
                    errors.set(None);
                    saved.set(true);
                }
                Err(error) => errors.set(Some(error)),
            }
            reload.update(|n| *n += 1);
        });
    };
    let hood_options = Signal::derive(move || {
        hoods
            .get()
            .and_then(|r| r.ok())
            .map(|p| p.items.into_iter().map(|n| (n.id.to_string(), n.name)).collect())
            .unwrap_or_default()
    });
    view! {
        <h1>{move || organisation.get().and_then(|r| r.ok()).map(|o| o.name).unwrap_or_else(|| i18n::texts(i18n.0.get()).organisations_title.to_owned())}</h1>
        <RequireRole roles=READERS>
            <RequireRole roles=crate::pages::guidance::STAFF>
                <p class="form-actions"><a class="button button--secondary utrecht-button utrecht-button--secondary-action" id="organisation-notes" href=move || format!("/organisations/{}/notes", id())>{crate::i18n_guidance::gtr(|t| t.notes_link)}</a></p>
            </RequireRole>
            {move || organisation.get().and_then(|r| r.err()).map(|error| view! { <div class="notice notice--error utrecht-alert utrecht-alert--error" role="alert">{crate::components::error_text(i18n.0.get(), &error)}</div> })}
            {move || organisation.get().and_then(|r| r.ok()).map(|o| {
                let t = i18n::texts(i18n.0.get());
                view! {
                    <dl class="facts">
                        <dt>{t.kvk_number}</dt><dd id="organisation-kvk">{o.kvk_number.clone()}</dd>
                        <dt>{t.roles}</dt><dd>{o.roles.iter().map(|r| organisation_role_name(t, *r)).collect::<Vec<_>>().join(", ")}</dd>
                        <dt>{t.contribution}</dt><dd>{o.contribution_per_position.map(|c| format!("€ {c}")).unwrap_or_else(|| "—".into())}</dd>
                    </dl>
                }
            })}
            <crate::pages::surveys::OrganisationSurveysSection organisation_id=Signal::derive(id)/>
            <Show when=can_edit>
                {move || saved.get().then(|| view! { <div class="notice notice--success utrecht-alert utrecht-alert--ok" role="status">{move || i18n::texts(i18n.0.get()).saved}</div> })}
                <FormError errors=errors/>
                <form class="form" on:submit=submit novalidate=true>
                    <TextField id="organisation-name" label=|t| t.name value=name error=field_error(errors, "name")/>
                    <TextField id="organisation-description" label=|t| t.description value=description error=field_error(errors, "description")/>
                    <CheckboxGroup id="neighbourhoodIds" legend=Signal::derive(move || i18n::texts(i18n.0.get()).neighbourhoods_served) options=hood_options selected=served error=field_error(errors, "neighbourhoodIds")/>
                    <TextField id="contact-name" label=|t| t.contact_person value=contact_name error=field_error(errors, "contacts[0].name")/>
                    <TextField id="contact-email" label=|t| t.contact_email value=contact_email error=field_error(errors, "contacts[0].email") input_type="email"/>
                    <TextField id="contact-phone" label=|t| t.contact_phone value=contact_phone error=field_error(errors, "contacts[0]") input_type="tel"/>
                    <Show when=staff>
                        <TextField id="contributionPerPosition" label=|t| t.contribution value=contribution error=field_error(errors, "contributionPerPosition")/>
                    </Show>
                    <button type="submit" id="organisation-submit" class="button utrecht-button utrecht-button--primary-action">{move || i18n::texts(i18n.0.get()).save}</button>
                </form>
            </Show>
        </RequireRole>
    }
}
