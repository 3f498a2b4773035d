//! The login page. After login it returns to the page that was asked for (`?next=`).

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::{self, ApiError};
use crate::app::{LangSwitch, SessionState, page_title, use_session};
use crate::components::{TextField, field_error};
use crate::i18n::{self, tr, use_i18n};

#[component]
pub fn Login() -> impl IntoView {
    page_title(|t| t.login_title);
    let session = use_session();
    let i18n = use_i18n();
    let navigate = use_navigate();
    let query = use_query_map();
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let errors: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let target = move || {
        query
            .get_untracked()
            .get("next")
            .filter(|n| n.starts_with('/') && !n.starts_with("//"))
            .unwrap_or_else(|| "/".into())
    };
    {
        let navigate = navigate.clone();
        Effect::new(move |_| {
            if matches!(session.0.get(), SessionState::LoggedIn(_)) {
                navigate(&target(), Default::default());
            }
        });
    }
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        leptos::task::spawn_local(async move {
            match api::login(username.get_untracked().trim().to_owned(), password.get_untracked()).await {
                Ok(login) => {
                    errors.set(None);
                    session.0.set(SessionState::LoggedIn(login.user));
                }
                Err(error) => errors.set(Some(error)),
            }
            busy.set(false);
        });
    };
    let general = move || {
        errors.get().filter(|e| e.problem.as_ref().is_none_or(|p| p.invalid_params.is_empty())).map(|error| {
            let t = i18n::texts(i18n.0.get());
            match error.status {
                0 => t.network_error.to_owned(),
                429 => format!("{} {} {}", t.too_many_attempts, error.retry_after.unwrap_or(60), t.seconds_again),
                _ => t.login_failed.to_owned(),
            }
        })
    };
    view! {
        <a class="skip-link" href="#main">{tr(|t| t.skip_to_content)}</a>
        <header class="site-header">
            <span class="site-header__brand">{tr(|t| t.app_name)}</span>
            <LangSwitch/>
        </header>
        <main id="main" class="page page--narrow" tabindex="-1">
            <h1>{tr(|t| t.login_title)}</h1>
            <p>{tr(|t| t.login_intro)}</p>
            {move || general().map(|message| view! { <div class="notice notice--error utrecht-alert utrecht-alert--error" id="login-error" role="alert">{message}</div> })}
            <form class="form" on:submit=submit novalidate=true>
                <TextField id="username" label=|t| t.username value=username error=field_error(errors, "username") required=true autocomplete="username"/>
                <TextField id="password" label=|t| t.password value=password error=field_error(errors, "password") input_type="password" required=true autocomplete="current-password"/>
                <button type="submit" id="login-submit" class="button utrecht-button utrecht-button--primary-action" disabled=move || busy.get()>{tr(|t| t.login_button)}</button>
            </form>
        </main>
    }
}
