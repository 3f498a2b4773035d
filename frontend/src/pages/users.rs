//! User administration: the list with filters, the new-user form, and one user's page (change, block,
//! reset password).

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use shared::auth::Role;
use shared::organisations::Organisation;
use shared::paging::Page;
use shared::reference::Municipality;
use shared::users::{CreateUser, PasswordReset, UpdateUser, User};
use uuid::Uuid;

use crate::api::{self, ApiError};
use crate::app::{RequireRole, page_title};
use crate::components::{ConfirmStep, FormError, Pager, SelectField, TextField, field_error, format_instant};
use crate::i18n::{self, Lang, role_name, tr, use_i18n};

const ADMINS: &[Role] = &[Role::Admin];

fn role_options(lang: Lang) -> Vec<(String, String)> {
    // A machine-only role (research) is never a person's.
    Role::ALL
        .iter()
        .filter(|r| !r.machine_only())
        .map(|r| (r.as_str().to_owned(), role_name(lang, *r).to_owned()))
        .collect()
}

#[component]
pub fn UserList() -> impl IntoView {
    page_title(|t| t.users_title);
    let i18n = use_i18n();
    let page = crate::components::UrlQuery::new().page_signal();
    let role = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let search = RwSignal::new(String::new());
    let applied = RwSignal::new(String::new());
    let users = api::resource(move || {
        let path = format!(
            "/users{}",
            api::query(&[
                ("page", page.get().to_string()),
                ("role", role.get()),
                ("disabled", status.get()),
                ("q", applied.get()),
            ])
        );
        async move { api::get::<Page<User>>(&path).await }
    });
    let total_pages = Signal::derive(move || users.get().and_then(|r| r.ok()).map(|p| p.total_pages).unwrap_or(1));
    let total_items = Signal::derive(move || users.get().and_then(|r| r.ok()).map(|p| p.total_items).unwrap_or(0));
    let no_error: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let filter = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        page.set(1);
        applied.set(search.get_untracked());
    };
    let statuses = Signal::derive(move || {
        let t = i18n::texts(i18n.0.get());
        vec![("false".to_owned(), t.active.to_owned()), ("true".to_owned(), t.disabled.to_owned())]
    });
    view! {
        <h1>{tr(|t| t.users_title)}</h1>
        <RequireRole roles=ADMINS>
            <p><a id="new-user" class="button utrecht-button utrecht-button--primary-action" href="/admin/users/new">{tr(|t| t.new_user)}</a></p>
            <form class="form form--inline" role="search" on:submit=filter>
                <TextField id="q" label=|t| t.search value=search error=field_error(no_error, "q")/>
                <SelectField id="filter-role" label=|t| t.role value=role options=Signal::derive(move || role_options(i18n.0.get())) error=field_error(no_error, "role")/>
                <SelectField id="filter-status" label=|t| t.status value=status options=statuses error=field_error(no_error, "disabled")/>
                <button type="submit" class="button button--secondary utrecht-button utrecht-button--secondary-action">{tr(|t| t.filter)}</button>
            </form>
            {move || crate::components::list_state(i18n.0.get(), users.get(), |page| {
                            let lang = i18n.0.get();
                            let t = i18n::texts(lang);
                            let rows = page
                                .items
                                .into_iter()
                                .map(|user| {
                                    let href = format!("/admin/users/{}", user.id);
                                    view! {
                                        <tr>
                                            <td><a href=href>{user.username.clone()}</a></td>
                                            <td>{user.display_name.clone()}</td>
                                            <td>{role_name(lang, user.role)}</td>
                                            <td>{if user.disabled { t.disabled } else { t.active }}</td>
                                            <td>{user.last_login_at.as_ref().map(format_instant).unwrap_or_else(|| t.never.to_owned())}</td>
                                        </tr>
                                    }
                                })
                                .collect_view();
                            view! {
                                <table id="users-table" class="table utrecht-table utrecht-table--html-table">
                                    <caption>{t.users_title}</caption>
                                    <thead><tr>
                                        <th scope="col">{t.username}</th>
                                        <th scope="col">{t.display_name}</th>
                                        <th scope="col">{t.role}</th>
                                        <th scope="col">{t.status}</th>
                                        <th scope="col">{t.last_login}</th>
                                    </tr></thead>
                                    <tbody>{rows}</tbody>
                                </table>
                            }
                            .into_any()
                        })}
            <Pager page=page total_pages=total_pages total_items=total_items/>
        </RequireRole>
    }
}

/// Organisations for a select, loaded once per form.
fn organisation_options() -> Signal<Vec<(String, String)>> {
    let organisations = api::resource(|| async { api::get::<Page<Organisation>>("/organisations?pageSize=100").await });
    Signal::derive(move || {
        organisations
            .get()
            .and_then(|r| r.ok())
            .map(|page| page.items.into_iter().map(|o| (o.id.to_string(), o.name)).collect())
            .unwrap_or_default()
    })
}

/// The municipalities for a select, the whole region first (its value is empty).
pub fn municipality_options() -> Signal<Vec<(String, String)>> {
    let i18n = use_i18n();
    let municipalities =
        api::resource(|| async { api::get::<Page<Municipality>>("/municipalities?pageSize=100").await });
    Signal::derive(move || {
        let mut options = vec![(String::new(), i18n::texts(i18n.0.get()).whole_region.to_owned())];
        if let Some(Ok(page)) = municipalities.get() {
            options.extend(page.items.into_iter().map(|m| (m.id.to_string(), m.name)));
        }
        options
    })
}

#[component]
pub fn NewUser() -> impl IntoView {
    page_title(|t| t.new_user);
    let i18n = use_i18n();
    let navigate = use_navigate();
    let username = RwSignal::new(String::new());
    let display_name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let role = RwSignal::new(String::new());
    let organisation = RwSignal::new(String::new());
    let municipality = RwSignal::new(String::new());
    let errors: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let organisations = organisation_options();
    let municipalities = municipality_options();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let role = Role::parse(&role.get_untracked());
        let body = CreateUser {
            username: username.get_untracked().trim().to_owned(),
            display_name: display_name.get_untracked(),
            role,
            organisation_id: if role == Some(Role::Partner) {
                Uuid::parse_str(&organisation.get_untracked()).ok()
            } else {
                None
            },
            municipality_id: Uuid::parse_str(&municipality.get_untracked()).ok(),
            password: password.get_untracked(),
        };
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match api::post::<_, User>("/users", &body).await {
                Ok(_) => navigate("/admin/users", Default::default()),
                Err(error) => errors.set(Some(error)),
            }
        });
    };
    view! {
        <h1>{tr(|t| t.new_user)}</h1>
        <RequireRole roles=ADMINS>
            <FormError errors=errors/>
            <form class="form" on:submit=submit.clone() novalidate=true>
                <TextField id="username" label=|t| t.username value=username error=field_error(errors, "username") required=true autocomplete="off"/>
                <TextField id="displayName" label=|t| t.display_name value=display_name error=field_error(errors, "displayName") required=true/>
                <TextField id="password" label=|t| t.password value=password error=field_error(errors, "password") input_type="password" required=true autocomplete="new-password"/>
                <SelectField id="role" label=|t| t.role value=role options=Signal::derive(move || role_options(i18n.0.get())) error=field_error(errors, "role")/>
                <Show when=move || role.get() == "partner">
                    <SelectField id="organisationId" label=|t| t.organisation value=organisation options=organisations error=field_error(errors, "organisationId")/>
                </Show>
                <SelectField id="municipalityId" label=|t| t.municipality value=municipality options=municipalities error=field_error(errors, "municipalityId") with_empty=false/>
                <div class="form-actions">
                    <button type="submit" id="user-submit" class="button utrecht-button utrecht-button--primary-action">{tr(|t| t.create_user)}</button>
                    <a class="button button--secondary utrecht-button utrecht-button--secondary-action" href="/admin/users">{tr(|t| t.cancel)}</a>
                </div>
            </form>
        </RequireRole>
    }
}

#[component]
pub fn UserDetail() -> impl IntoView {
    page_title(|t| t.user_title);
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.get().get("id").unwrap_or_default();
    let reload = RwSignal::new(0u32);
    let user = api::resource(move || {
        reload.track();
        let path = format!("/users/{}", id());
        async move { api::get::<User>(&path).await }
    });
    let display_name = RwSignal::new(String::new());
    let role = RwSignal::new(String::new());
    let organisation = RwSignal::new(String::new());
    let municipality = RwSignal::new(String::new());
    let municipalities = municipality_options();
    let errors: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let saved = RwSignal::new(false);
    let temporary = RwSignal::new(None::<String>);
    let confirming = RwSignal::new(None::<&'static str>);
    let organisations = organisation_options();
    Effect::new(move |_| {
        if let Some(Ok(user)) = user.get() {
            display_name.set(user.display_name.clone());
            role.set(user.role.as_str().to_owned());
            organisation.set(user.organisation_id.map(|o| o.to_string()).unwrap_or_default());
            municipality.set(user.municipality_id.map(|m| m.to_string()).unwrap_or_default());
        }
    });
    let current = move || user.get().and_then(|r| r.ok());
    let change = move |update: UpdateUser| {
        leptos::task::spawn_local(async move {
            saved.set(false);
            match api::patch::<_, User>(&format!("/users/{}", id()), &update).await {
                Ok(_) => {
                    errors.set(None);
                    saved.set(true);
                }
                Err(error) => errors.set(Some(error)),
            }
            reload.update(|n| *n += 1);
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(user) = current() else { return };
        let new_role = Role::parse(&role.get_untracked());
        change(UpdateUser {
            version: user.version,
            display_name: Some(display_name.get_untracked()),
            role: new_role,
            organisation_id: if new_role == Some(Role::Partner) {
                Uuid::parse_str(&organisation.get_untracked()).ok()
            } else {
                None
            },
            municipality_id: Some(Uuid::parse_str(&municipality.get_untracked()).ok()),
            disabled: None,
        });
    };
    let confirmed = move |()| {
        let Some(user) = current() else { return };
        match confirming.get_untracked() {
            Some("disable") => {
                change(UpdateUser { version: user.version, disabled: Some(!user.disabled), ..Default::default() })
            }
            Some("reset") => leptos::task::spawn_local(async move {
                match api::post::<_, PasswordReset>(&format!("/users/{}/password-reset", id()), &api::Empty {}).await {
                    Ok(reset) => temporary.set(Some(reset.temporary_password)),
                    Err(error) => errors.set(Some(error)),
                }
                reload.update(|n| *n += 1);
            }),
            _ => {}
        }
        confirming.set(None);
    };
    view! {
        <h1>{tr(|t| t.user_title)} " " {move || current().map(|u| u.username).unwrap_or_default()}</h1>
        <RequireRole roles=ADMINS>
            {move || saved.get().then(|| view! { <div class="notice notice--success utrecht-alert utrecht-alert--ok" role="status">{tr(|t| t.saved)}</div> })}
            <FormError errors=errors/>
            {move || temporary.get().map(|password| view! {
                <div class="notice notice--warning utrecht-alert utrecht-alert--warning" role="alert">
                    <p><strong>{tr(|t| t.temporary_password)} ": "</strong><code id="temporary-password">{password}</code></p>
                    <p>{tr(|t| t.shown_once)}</p>
                </div>
            })}
            <form class="form" on:submit=submit novalidate=true>
                <TextField id="displayName" label=|t| t.display_name value=display_name error=field_error(errors, "displayName")/>
                <SelectField id="role" label=|t| t.role value=role options=Signal::derive(move || role_options(i18n.0.get())) error=field_error(errors, "role") with_empty=false/>
                <Show when=move || role.get() == "partner">
                    <SelectField id="organisationId" label=|t| t.organisation value=organisation options=organisations error=field_error(errors, "organisationId")/>
                </Show>
                <SelectField id="municipalityId" label=|t| t.municipality value=municipality options=municipalities error=field_error(errors, "municipalityId") with_empty=false/>
                <button type="submit" class="button utrecht-button utrecht-button--primary-action">{tr(|t| t.save)}</button>
            </form>
            <h2>{tr(|t| t.status)}</h2>
            <p>{move || current().map(|u| { let t = i18n::texts(i18n.0.get()); if u.disabled { t.disabled } else { t.active } })}</p>
            <div class="form-actions">
                <button type="button" id="toggle-disabled" class="button button--secondary utrecht-button utrecht-button--secondary-action" on:click=move |_| confirming.set(Some("disable"))>
                    {move || { let t = i18n::texts(i18n.0.get()); if current().is_some_and(|u| u.disabled) { t.enable_user } else { t.disable_user } }}
                </button>
                <button type="button" id="reset-password" class="button button--secondary utrecht-button utrecht-button--secondary-action" on:click=move |_| confirming.set(Some("reset"))>
                    {tr(|t| t.reset_password)}
                </button>
            </div>
            {move || confirming.get().map(|what| {
                let question: fn(&'static crate::i18n::Texts) -> &'static str =
                    if what == "reset" { |t| t.confirm_reset } else { |t| t.confirm_disable };
                view! {
                    <ConfirmStep id="confirm-question" question=question confirm_label=|t| t.confirm on_confirm=confirmed on_cancel=move |()| confirming.set(None)/>
                }
            })}
        </RequireRole>
    }
}
