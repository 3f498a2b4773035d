//! The budget page (admins and finance): a year's budget and job target against the contracts' realised
//! and committed cost, the contributions per organisation, and each municipality's record to change.

use leptos::prelude::*;
use shared::auth::Role;
use shared::contracts::budget::{BudgetOverview, BudgetRecord, SaveBudget};

use crate::api::{self, ApiError};
use crate::app::{RequireRole, page_title};
use crate::components::{
    FormCheck, FormError, SubmitButton, TextField, UrlQuery, error_text, field_error, format_money, notify,
};
use crate::i18n::use_i18n;
use crate::i18n_contracts::{contract_texts, ctr};

const KEEPERS: &[Role] = &[Role::Admin, Role::Finance];

/// One municipality's record as a small form.
#[component]
fn RecordForm(record: BudgetRecord, saved: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let amount = RwSignal::new(shared::dutch::format_decimal(record.amount, 2));
    let target = RwSignal::new(record.job_target.to_string());
    let errors: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let (municipality_id, year, version, name) =
        (record.municipality_id, record.year, record.version, record.municipality_name.clone());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut check = FormCheck::new(i18n.0.get_untracked());
        let body = SaveBudget {
            municipality_id: Some(municipality_id),
            year: Some(year),
            amount: check.money("amount", &amount.get_untracked()),
            job_target: check.whole("jobTarget", &target.get_untracked(), 100_000),
            version: Some(version),
        };
        if let Err(error) = check.finish() {
            errors.set(Some(error));
            return;
        }
        errors.set(None);
        busy.set(true);
        leptos::task::spawn_local(async move {
            match api::put::<_, BudgetRecord>("/budget", &body).await {
                Ok(_) => {
                    notify(contract_texts(i18n.0.get_untracked()).budget_saved);
                    saved.update(|n| *n += 1);
                }
                Err(error) => errors.set(Some(error)),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="form" id="budget-form" on:submit=submit novalidate=true>
            <h3>{name}</h3>
            <FormError errors=errors prefix="budget-" id="budget-error"/>
            <TextField id="budget-amount" label=|t| crate::i18n_contracts::label(t, "amount") inputmode="decimal" required=true value=amount error=field_error(errors, "amount")/>
            <TextField id="budget-jobTarget" label=|t| crate::i18n_contracts::label(t, "jobTarget") inputmode="numeric" required=true value=target error=field_error(errors, "jobTarget")/>
            <div class="form-actions">
                <SubmitButton id="budget-submit" label=Signal::derive(move || contract_texts(i18n.0.get()).edit_budget) busy=busy/>
            </div>
        </form>
    }
}

#[component]
pub fn BudgetPage() -> impl IntoView {
    page_title(|t| contract_texts(t.lang).budget_title);
    let i18n = use_i18n();
    let url = UrlQuery::new();
    let saved = RwSignal::new(0u32);
    let overview = api::resource(move || {
        saved.track();
        let path =
            format!("/budget{}", api::query(&[("year", url.get("year")), ("municipality", url.get("municipality"))]));
        async move { api::get::<BudgetOverview>(&path).await }
    });
    view! {
        <h1>{ctr(|t| t.budget_title)}</h1>
        <RequireRole roles=KEEPERS>
            <form class="form form--inline" role="search" on:submit=|ev| ev.prevent_default()>
                <div class="form-field utrecht-form-field">
                    <label class="form-label utrecht-form-label" for="budget-year">{ctr(|t| t.year)}</label>
                    <input class="form-input utrecht-textbox utrecht-textbox--html-input" id="budget-year" type="number" min="2000" max="2100" inputmode="numeric"
                        prop:value=move || overview.get().and_then(|r| r.ok()).map(|o| o.year.to_string()).unwrap_or_default()
                        on:change=move |ev| url.set(&[("year", event_target_value(&ev))])/>
                </div>
            </form>
            {move || overview.get().map(|result| {
                let lang = i18n.0.get();
                let c = contract_texts(lang);
                match result {
                    Err(error) => view! { <div class="notice notice--error utrecht-alert utrecht-alert--error" role="alert">{error_text(lang, &error)}</div> }.into_any(),
                    Ok(o) => view! {
                        <dl class="facts" id="budget-figures">
                            <dt>{c.budget}</dt><dd id="budget-amount-total">{format_money(&o.budget)}</dd>
                            <dt>{c.job_target}</dt><dd>{o.job_target}</dd>
                            <dt>{c.jobs}</dt><dd id="budget-jobs">{o.jobs}</dd>
                            <dt>{c.realised}</dt><dd id="budget-realised">{format_money(&o.realised)}</dd>
                            <dt>{c.committed}</dt><dd id="budget-committed">{format_money(&o.committed)}</dd>
                            <dt>{c.remaining}</dt><dd id="budget-remaining">{format_money(&o.remaining)}</dd>
                        </dl>
                        <p class="form-hint utrecht-form-field-description">{c.budget_note}</p>
                        <h2>{c.contributions}</h2>
                        <table class="table utrecht-table utrecht-table--html-table" id="budget-contributions">
                            <caption>{c.contributions}</caption>
                            <thead><tr><th scope="col">{c.organisation}</th><th scope="col">{c.contribution}</th></tr></thead>
                            <tbody>
                                {o.contributions.into_iter().map(|k| view! {
                                    <tr><td>{k.organisation_name}</td><td class="amount">{format_money(&k.amount)}</td></tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                        <h2>{c.records}</h2>
                        {if o.records.len() == 1 {
                            o.records.into_iter().map(|r| view! { <RecordForm record=r saved=saved/> }).collect_view().into_any()
                        } else {
                            // A region: one municipality's form at a time (ids on a page are unique).
                            view! {
                                <ul id="budget-municipalities">
                                    {o.records.into_iter().map(|r| view! {
                                        <li><a href=format!("/budget?year={}&municipality={}", r.year, r.municipality_id)>
                                            {r.municipality_name.clone()} ": " {format_money(&r.amount)}
                                        </a></li>
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                    }.into_any(),
                }
            })}
        </RequireRole>
    }
}
