//! Drawing up a contract from an agreed match (`/contracts/new?matchId=`): the match's person and package,
//! the terms, and beside them the income indication and the cost, live.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use shared::candidates::Candidate;
use shared::contracts::wire::{Contract, CreateContract};
use shared::contracts::{CostNormsRecord, IncomeAssumptionsRecord};
use shared::matching::wire::Match;

use super::{LivePreview, TermsFields, TermsForm, WRITERS};
use crate::api::{self, ApiError};
use crate::app::{RequireRole, page_title};
use crate::components::{FormCheck, FormError, SubmitButton, UrlQuery, error_text, notify};
use crate::i18n::use_i18n;
use crate::i18n_contracts::{contract_texts, ctr};

#[component]
pub fn NewContract() -> impl IntoView {
    page_title(|t| crate::i18n_contracts::contract_texts(t.lang).new_contract);
    let i18n = use_i18n();
    let url = UrlQuery::new();
    let match_id = move || url.get("matchId");
    let found = api::resource(move || {
        let path = format!("/matches/{}", match_id());
        async move { api::get::<Match>(&path).await }
    });
    let current = move || found.get().and_then(|r| r.ok());
    let person = api::resource(move || {
        let id = current().map(|m| m.candidate_id);
        async move {
            match id {
                Some(id) => api::get::<Candidate>(&format!("/candidates/{id}")).await.ok(),
                None => None,
            }
        }
    });
    let norms = api::resource(|| async { api::get::<CostNormsRecord>("/cost-norms").await.ok() });
    let benefit = Signal::derive(move || {
        person.get().flatten().and_then(|c| c.benefit).map(|b| (b.kind, b.monthly_amount)).unwrap_or((None, None))
    });
    let norms = Signal::derive(move || norms.get().flatten().map(|n| n.norms));
    // The stored assumptions (admins and finance change them), so the live indication is the server's.
    let assumptions = api::resource(|| async { api::get::<IncomeAssumptionsRecord>("/income-assumptions").await.ok() });
    let assumptions = Signal::derive(move || assumptions.get().flatten().map(|a| a.assumptions));
    let form = TermsForm::new();
    let errors: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let navigate = use_navigate();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let mut check = FormCheck::new(i18n.0.get_untracked());
        let input = form.read(&mut check);
        if let Err(error) = check.finish() {
            errors.set(Some(error));
            return;
        }
        let body = CreateContract {
            match_id: match_id().parse().ok(),
            start_date: input.start_date,
            end_date: input.end_date,
            kind: input.kind,
            hours_per_week: input.hours_per_week,
            hours_reason: input.hours_reason,
            collective_agreement: input.collective_agreement,
            pay_scale: input.pay_scale,
            hourly_wage: input.hourly_wage,
            trial_period_months: input.trial_period_months,
        };
        errors.set(None);
        busy.set(true);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match api::post::<_, Contract>("/contracts", &body).await {
                Ok(created) => {
                    notify(contract_texts(i18n.0.get_untracked()).created);
                    navigate(&format!("/contracts/{}", created.id), Default::default());
                }
                Err(error) => errors.set(Some(error)),
            }
            busy.set(false);
        });
    };
    view! {
        <h1>{ctr(|t| t.new_contract)}</h1>
        <RequireRole roles=WRITERS>
            {move || found.get().and_then(|r| r.err()).map(|error| view! { <div class="notice notice--error utrecht-alert utrecht-alert--error" role="alert">{error_text(i18n.0.get(), &error)}</div> })}
            {move || current().map(|m| {
                let c = contract_texts(i18n.0.get());
                view! {
                    <dl class="facts" id="contract-match">
                        <dt>{c.employee}</dt><dd><a href=format!("/candidates/{}", m.candidate_id)>{m.candidate_name.clone()}</a></dd>
                        <dt>{c.package}</dt><dd><a href=format!("/packages/{}", m.package_id)>{m.package_title.clone()}</a></dd>
                        <dt>{c.from_match}</dt><dd><a href=format!("/matches/{}", m.id)>{crate::i18n_matching::stage_name(i18n.0.get(), m.stage)}</a></dd>
                    </dl>
                }
            })}
            <div class="contract-layout">
                <form class="form" id="contract-form" on:submit=submit.clone() novalidate=true>
                    <FormError errors=errors prefix="contract-"/>
                    <TermsFields form=form errors=errors/>
                    <div class="form-actions">
                        <SubmitButton id="contract-submit" label=Signal::derive(move || contract_texts(i18n.0.get()).draw_up) busy=busy/>
                    </div>
                </form>
                <LivePreview form=form norms=norms assumptions=assumptions benefit=benefit/>
            </div>
        </RequireRole>
    }
}
