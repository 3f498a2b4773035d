//! The printable contract (`/contracts/{id}/print`): every term, the version and the signature blocks of
//! employer and employee, laid out for A4 by the print style sheet (`@page` and `.contract-print` in
//! `app.css`); the button prints it.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use shared::contracts::wire::Contract;

use super::READERS;
use crate::api;
use crate::app::{RequireRole, set_title};
use crate::components::{error_text, format_date, format_instant};
use crate::i18n::use_i18n;
use crate::i18n_contracts::{contract_texts, ctr};

#[component]
pub fn ContractPrint() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id")).unwrap_or_default();
    let found = api::resource(move || {
        let path = format!("/contracts/{}", id());
        async move { api::get::<Contract>(&path).await }
    });
    let current = move || found.get().and_then(|r| r.ok());
    let heading = move || {
        let title = contract_texts(i18n.0.get()).print_title;
        match current() {
            Some(x) => format!("{title}: {}", x.candidate_name),
            None => title.to_owned(),
        }
    };
    Effect::new(move |_| set_title(&heading()));
    let print = move |_| {
        if let Some(window) = web_sys::window() {
            let _ = window.print();
        }
    };
    view! {
        <h1>{heading}</h1>
        <RequireRole roles=READERS>
            <p class="form-actions">
                <button type="button" id="contract-print-now" class="button utrecht-button utrecht-button--primary-action" on:click=print>{ctr(|t| t.print)}</button>
                <a class="button button--secondary utrecht-button utrecht-button--secondary-action" href=move || format!("/contracts/{}", id())>{ctr(|t| t.back)}</a>
            </p>
            {move || found.get().and_then(|r| r.err()).map(|error| view! { <div class="notice notice--error utrecht-alert utrecht-alert--error" role="alert">{error_text(i18n.0.get(), &error)}</div> })}
            {move || current().map(|x| {
                let lang = i18n.0.get();
                let c = contract_texts(lang);
                let signature = |title: &'static str, name: String, id: &'static str| view! {
                    <section class="signature" aria-labelledby=id>
                        <h3 id=id>{title}</h3>
                        <p>{c.signature_name} ": " {name}</p>
                        <p>{c.signature_date} ": " <span class="signature__line"></span></p>
                        <p>{c.signature_line} ":"</p>
                        <div class="signature__box"></div>
                    </section>
                };
                view! {
                    <article class="contract-print" id="contract-document">
                        <p>{c.print_intro}</p>
                        <p class="contract-print__meta">
                            {c.version} " " {x.version} " · " {format_instant(&x.updated_at)}
                        </p>
                        {super::detail::terms_view(lang, &x)}
                        {x.cost.map(|cost| super::cost_view(lang, &cost, x.cost_months))}
                        <h2>{c.signature_line}</h2>
                        <div class="signatures">
                            {signature(c.signature_employer, x.organisation_name.clone(), "sign-employer")}
                            {signature(c.signature_employee, x.candidate_name.clone(), "sign-employee")}
                        </div>
                        <p class="contract-print__meta">{format_date(&x.start_date)}</p>
                    </article>
                }
            })}
        </RequireRole>
    }
}
