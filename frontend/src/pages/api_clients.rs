//! API clients: the list, creating one (the secret is shown once) and revoking with a confirmation.

use leptos::prelude::*;
use shared::api_clients::{ApiClient, CreateApiClient, CreatedApiClient};
use shared::auth::Role;
use shared::organisations::Organisation;
use shared::paging::Page;
use uuid::Uuid;

use crate::api::{self, ApiError};
use crate::app::{RequireRole, page_title};
use crate::components::{ConfirmStep, FormError, Pager, SelectField, TextField, field_error, format_instant};
use crate::i18n::{self, role_name, tr, use_i18n};

const ADMINS: &[Role] = &[Role::Admin];

#[component]
pub fn ApiClients() -> impl IntoView {
    page_title(|t| t.api_clients_title);
    let i18n = use_i18n();
    let page = crate::components::UrlQuery::new().page_signal();
    let reload = RwSignal::new(0u32);
    let clients = api::resource(move || {
        reload.track();
        let path = format!("/api-clients?page={}", page.get());
        async move { api::get::<Page<ApiClient>>(&path).await }
    });
    let organisations = api::resource(|| async { api::get::<Page<Organisation>>("/organisations?pageSize=100").await });
    let name = RwSignal::new(String::new());
    let role = RwSignal::new(String::new());
    let organisation = RwSignal::new(String::new());
    let municipality = RwSignal::new(String::new());
    let municipalities = super::users::municipality_options();
    let errors: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let created = RwSignal::new(None::<CreatedApiClient>);
    let revoking = RwSignal::new(None::<Uuid>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let role = Role::parse(&role.get_untracked());
        let body = CreateApiClient {
            name: name.get_untracked(),
            role,
            organisation_id: if role == Some(Role::Partner) {
                Uuid::parse_str(&organisation.get_untracked()).ok()
            } else {
                None
            },
            municipality_id: Uuid::parse_str(&municipality.get_untracked()).ok(),
        };
        leptos::task::spawn_local(async move {
            match api::post::<_, CreatedApiClient>("/api-clients", &body).await {
                Ok(client) => {
                    errors.set(None);
                    name.set(String::new());
                    created.set(Some(client));
                    reload.update(|n| *n += 1);
                }
                Err(error) => errors.set(Some(error)),
            }
        });
    };
    let revoke = move |()| {
        if let Some(id) = revoking.get_untracked() {
            leptos::task::spawn_local(async move {
                if let Err(error) =
                    api::post::<_, ApiClient>(&format!("/api-clients/{id}/revoke"), &api::Empty {}).await
                {
                    errors.set(Some(error));
                }
                revoking.set(None);
                reload.update(|n| *n += 1);
            });
        }
    };
    let roles = Signal::derive(move || {
        let lang = i18n.0.get();
        shared::api_clients::MACHINE_ROLES
            .iter()
            .map(|r| (r.as_str().to_owned(), role_name(lang, *r).to_owned()))
            .collect::<Vec<_>>()
    });
    let organisation_options = Signal::derive(move || {
        organisations
            .get()
            .and_then(|r| r.ok())
            .map(|p| p.items.into_iter().map(|o| (o.id.to_string(), o.name)).collect())
            .unwrap_or_default()
    });
    let total_pages = Signal::derive(move || clients.get().and_then(|r| r.ok()).map(|p| p.total_pages).unwrap_or(1));
    let total_items = Signal::derive(move || clients.get().and_then(|r| r.ok()).map(|p| p.total_items).unwrap_or(0));
    view! {
        <h1>{tr(|t| t.api_clients_title)}</h1>
        <RequireRole roles=ADMINS>
            {move || created.get().map(|client| view! {
                <div class="notice notice--warning utrecht-alert utrecht-alert--warning" role="alert">
                    <p><strong>{tr(|t| t.client_id)} ": "</strong><code>{client.client.client_id}</code></p>
                    <p><strong>{tr(|t| t.client_secret)} ": "</strong><code id="client-secret">{client.client_secret}</code></p>
                    <p>{tr(|t| t.shown_once)}</p>
                </div>
            })}
            <h2>{tr(|t| t.new_api_client)}</h2>
            <FormError errors=errors/>
            <form class="form" on:submit=submit novalidate=true>
                <TextField id="name" label=|t| t.name value=name error=field_error(errors, "name")/>
                <SelectField id="role" label=|t| t.role value=role options=roles error=field_error(errors, "role")/>
                <Show when=move || role.get() == "partner">
                    <SelectField id="organisationId" label=|t| t.organisation value=organisation options=organisation_options error=field_error(errors, "organisationId")/>
                </Show>
                <SelectField id="municipalityId" label=|t| t.municipality value=municipality options=municipalities error=field_error(errors, "municipalityId") with_empty=false/>
                <button type="submit" id="api-client-submit" class="button utrecht-button utrecht-button--primary-action">{tr(|t| t.create)}</button>
            </form>
            {move || revoking.get().map(|_| view! {
                <ConfirmStep id="revoke-question" question=|t| t.confirm_revoke confirm_label=|t| t.revoke on_confirm=revoke on_cancel=move |()| revoking.set(None)/>
            })}
            {move || {
                    let lang = i18n.0.get();
                    let t = i18n::texts(lang);
                    crate::components::list_state(i18n.0.get(), clients.get(), |page| {view! {
                            <table class="table utrecht-table utrecht-table--html-table" id="api-clients-table">
                                <caption>{t.api_clients_title}</caption>
                                <thead><tr>
                                    <th scope="col">{t.name}</th>
                                    <th scope="col">{t.client_id}</th>
                                    <th scope="col">{t.role}</th>
                                    <th scope="col">{t.status}</th>
                                    <th scope="col"><span class="visually-hidden">{t.revoke}</span></th>
                                </tr></thead>
                                <tbody>
                                    {page.items.into_iter().map(|client| {
                                        let id = client.id;
                                        let revoked = client.revoked_at.is_some();
                                        view! {
                                            <tr>
                                                <td>{client.name.clone()}</td>
                                                <td><code>{client.client_id.clone()}</code></td>
                                                <td>{role_name(lang, client.role)}</td>
                                                <td>{client.revoked_at.as_ref().map(|at| format!("{} {}", t.revoked, format_instant(at))).unwrap_or_else(|| t.active.to_owned())}</td>
                                                <td>{(!revoked).then(|| view! {
                                                    <button type="button" class="button button--secondary utrecht-button utrecht-button--secondary-action" on:click=move |_| revoking.set(Some(id))>
                                                        {t.revoke} <span class="visually-hidden">" " {client.name.clone()}</span>
                                                    </button>
                                                })}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any()})
            }}
            <Pager page=page total_pages=total_pages total_items=total_items/>
        </RequireRole>
    }
}
