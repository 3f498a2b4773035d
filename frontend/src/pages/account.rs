//! The user's own account: changing the password.

use leptos::prelude::*;
use shared::auth::ChangePasswordRequest;

use crate::api::{self, ApiError};
use crate::app::page_title;
use crate::components::{FormError, TextField, field_error};
use crate::i18n::tr;

#[component]
pub fn Account() -> impl IntoView {
    page_title(|t| t.account_title);
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let errors: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let done = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        done.set(false);
        let body =
            ChangePasswordRequest { current_password: current.get_untracked(), new_password: new.get_untracked() };
        leptos::task::spawn_local(async move {
            match api::post_no_content("/auth/password", &body).await {
                Ok(()) => {
                    errors.set(None);
                    current.set(String::new());
                    new.set(String::new());
                    done.set(true);
                }
                Err(error) => errors.set(Some(error)),
            }
        });
    };
    view! {
        <h1>{tr(|t| t.account_title)}</h1>
        <h2>{tr(|t| t.change_password)}</h2>
        {move || done.get().then(|| view! { <div class="notice notice--success utrecht-alert utrecht-alert--ok" role="status">{tr(|t| t.password_changed)}</div> })}
        <FormError errors=errors/>
        <form class="form" on:submit=submit novalidate=true>
            <TextField id="currentPassword" label=|t| t.current_password value=current error=field_error(errors, "currentPassword") input_type="password" autocomplete="current-password"/>
            <TextField id="newPassword" label=|t| t.new_password value=new error=field_error(errors, "newPassword") input_type="password" autocomplete="new-password"/>
            <button type="submit" class="button utrecht-button utrecht-button--primary-action">{tr(|t| t.change_password)}</button>
        </form>
    }
}
