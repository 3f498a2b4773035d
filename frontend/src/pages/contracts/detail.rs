//! A contract's page: its terms and cost, the income indication, the steps `shared`'s lifecycle allows
//! from its status (each confirmed), a change as a new version, the version history and the print view.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use shared::contracts::IncomeIndication;
use shared::contracts::lifecycle::{ContractStatus, EndReason, next_steps};
use shared::contracts::wire::{Contract, ContractTransition, ContractVersion, UpdateContract};
use shared::paging::Page;

use super::{READERS, TermsFields, TermsForm, WRITERS, cost_view, income_view};
use crate::api::{self, ApiError};
use crate::app::{RequireRole, set_title, use_session};
use crate::components::{
    ConfirmDialog, FormCheck, FormError, SelectField, SubmitButton, TextField, error_text, field_error, format_date,
    format_instant, format_money, notify,
};
use crate::i18n::{Lang, use_i18n};
use crate::i18n_contracts::{contract_texts, ctr, end_reason_name, hours_reason_name, kind_name, status_name};

fn step_label(lang: Lang, to: ContractStatus) -> &'static str {
    let c = contract_texts(lang);
    match to {
        ContractStatus::Signed => c.step_sign,
        ContractStatus::Active => c.step_activate,
        ContractStatus::Ended => c.step_end,
        ContractStatus::Draft => status_name(lang, to),
    }
}

fn question(lang: Lang, to: ContractStatus) -> &'static str {
    let c = contract_texts(lang);
    match to {
        ContractStatus::Signed => c.confirm_sign,
        ContractStatus::Active => c.confirm_activate,
        _ => c.confirm_end,
    }
}

/// The terms of a contract as facts (what the caller may read of them).
pub fn terms_view(lang: Lang, x: &Contract) -> AnyView {
    let c = contract_texts(lang);
    view! {
        <dl class="facts" id="contract-terms">
            <dt>{c.employee}</dt><dd id="contract-employee">{x.candidate_name.clone()}</dd>
            <dt>{c.employer}</dt><dd>{x.organisation_name.clone()}</dd>
            <dt>{c.package}</dt><dd>{x.package_title.clone()}</dd>
            <dt>{c.status}</dt><dd id="contract-status">{status_name(lang, x.status)}</dd>
            <dt>{c.kind}</dt><dd>{kind_name(lang, x.kind)}</dd>
            <dt>{c.start_date}</dt><dd>{format_date(&x.start_date)}</dd>
            <dt>{c.end_date}</dt><dd>{x.end_date.as_ref().map(format_date).unwrap_or_else(|| c.open_ended.to_owned())}</dd>
            <dt>{c.hours_per_week}</dt><dd id="contract-hours">{x.hours_per_week}</dd>
            {x.hours_reason.map(|r| view! { <dt>{c.hours_reason}</dt><dd id="contract-hours-reason">{hours_reason_name(lang, r)}</dd> })}
            <dt>{c.collective_agreement}</dt><dd>{x.collective_agreement.clone()}</dd>
            {x.pay_scale.clone().map(|p| view! { <dt>{c.pay_scale}</dt><dd>{p}</dd> })}
            {x.hourly_wage.map(|w| view! { <dt>{c.hourly_wage}</dt><dd id="contract-wage">{format_money(&w)}</dd> })}
            <dt>{c.trial_period}</dt><dd>{x.trial_period_months}</dd>
            {x.end_reason.map(|r| view! { <dt>{c.end_reason}</dt><dd>{end_reason_name(lang, r)}</dd> })}
            {x.ended_on.map(|d| view! { <dt>{c.ended_on}</dt><dd>{format_date(&d)}</dd> })}
            <dt>{c.version}</dt><dd id="contract-version">{x.version}</dd>
        </dl>
    }
    .into_any()
}

#[component]
pub fn ContractDetail() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id")).unwrap_or_default();
    let reload = RwSignal::new(0u32);
    let found = api::resource(move || {
        reload.track();
        let path = format!("/contracts/{}", id());
        async move { api::get::<Contract>(&path).await }
    });
    let money_reader = Signal::derive(move || {
        session.role().is_some_and(|r| super::WRITERS.contains(&r) || r == shared::auth::Role::Finance)
    });
    let income = api::resource(move || {
        reload.track();
        let path = format!("/contracts/{}/income-indication", id());
        let allowed = money_reader.get();
        async move { if allowed { api::get::<IncomeIndication>(&path).await.ok() } else { None } }
    });
    let versions = api::resource(move || {
        reload.track();
        let path = format!("/contracts/{}/versions?pageSize=100", id());
        let allowed = money_reader.get();
        async move { if allowed { api::get::<Page<ContractVersion>>(&path).await.ok() } else { None } }
    });
    let current = move || found.get().and_then(|r| r.ok());
    let heading = move || match current() {
        Some(x) => format!("{}: {}", contract_texts(i18n.0.get()).contract_title, x.candidate_name),
        None => contract_texts(i18n.0.get()).contract_title.to_owned(),
    };
    Effect::new(move |_| set_title(&heading()));

    let chosen = RwSignal::new(None::<ContractStatus>);
    let end_reason = RwSignal::new(String::new());
    let errors: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let take = move |to: ContractStatus| {
        let Some(x) = current() else { return };
        let body = ContractTransition {
            to: Some(to),
            version: Some(x.version),
            end_reason: (to == ContractStatus::Ended)
                .then(|| end_reason.get_untracked().parse::<EndReason>().ok())
                .flatten(),
            date: None,
            reason: String::new(),
        };
        errors.set(None);
        busy.set(true);
        leptos::task::spawn_local(async move {
            match api::post::<_, Contract>(&format!("/contracts/{}/transitions", id()), &body).await {
                Ok(_) => {
                    chosen.set(None);
                    notify(contract_texts(i18n.0.get_untracked()).step_done);
                }
                Err(error) => errors.set(Some(error)),
            }
            busy.set(false);
            reload.update(|n| *n += 1);
        });
    };
    let end_options = Signal::derive(move || {
        let lang = i18n.0.get();
        EndReason::ALL.iter().map(|r| (r.as_str().to_owned(), end_reason_name(lang, *r).to_owned())).collect::<Vec<_>>()
    });

    // A change: the terms as they are to be and why.
    let editing = RwSignal::new(false);
    let form = TermsForm::new();
    let change_reason = RwSignal::new(String::new());
    let change_errors: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let saving = RwSignal::new(false);
    let open_change = move |_| {
        if let Some(x) = current() {
            form.fill(&x);
            change_reason.set(String::new());
            change_errors.set(None);
            editing.set(true);
        }
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(x) = current() else { return };
        let mut check = FormCheck::new(i18n.0.get_untracked());
        let input = form.read(&mut check);
        if let Err(error) = check.finish() {
            change_errors.set(Some(error));
            return;
        }
        let body = UpdateContract {
            start_date: input.start_date,
            end_date: input.end_date,
            kind: input.kind,
            hours_per_week: input.hours_per_week,
            hours_reason: input.hours_reason,
            collective_agreement: input.collective_agreement,
            pay_scale: input.pay_scale,
            hourly_wage: input.hourly_wage,
            trial_period_months: input.trial_period_months,
            reason: change_reason.get_untracked(),
            version: Some(x.version),
        };
        change_errors.set(None);
        saving.set(true);
        leptos::task::spawn_local(async move {
            match api::put::<_, Contract>(&format!("/contracts/{}", id()), &body).await {
                Ok(_) => {
                    editing.set(false);
                    notify(contract_texts(i18n.0.get_untracked()).saved);
                }
                Err(error) => change_errors.set(Some(error)),
            }
            saving.set(false);
            reload.update(|n| *n += 1);
        });
    };

    view! {
        <h1>{heading}</h1>
        <RequireRole roles=READERS>
            {move || found.get().and_then(|r| r.err()).map(|error| view! { <div class="notice notice--error utrecht-alert utrecht-alert--error" role="alert">{error_text(i18n.0.get(), &error)}</div> })}
            {move || current().map(|x| {
                let lang = i18n.0.get();
                view! {
                    <p class="form-actions">
                        <a class="button button--secondary utrecht-button utrecht-button--secondary-action" id="contract-print" href=format!("/contracts/{}/print", x.id)>{contract_texts(lang).print}</a>
                        <a class="button button--secondary utrecht-button utrecht-button--secondary-action" id="contract-guidance" href=format!("/candidates/{}/guidance", x.candidate_id)>{crate::i18n_guidance::guidance_texts(lang).guidance_link}</a>
                    </p>
                    {terms_view(lang, &x)}
                    {x.cost.map(|cost| cost_view(lang, &cost, x.cost_months))}
                }
            })}
            {move || income.get().flatten().map(|i| income_view(i18n.0.get(), &i))}
            <crate::pages::surveys::EmployeeSurveysSection contract_id=Signal::derive(id)/>
            <RequireRole roles=WRITERS>
                <FormError errors=errors prefix="step-"/>
                {move || current().map(|x| {
                    let lang = i18n.0.get();
                    let steps = next_steps(x.status);
                    let changeable = x.status != ContractStatus::Ended;
                    view! {
                        <h2>{contract_texts(lang).steps_title}</h2>
                        {steps.is_empty().then(|| view! { <p id="no-steps">{contract_texts(lang).no_steps}</p> })}
                        <div class="form-actions">
                            {steps.iter().map(|to| {
                                let to = *to;
                                let class = if to == ContractStatus::Ended { "button button--secondary" } else { "button" };
                                view! {
                                    <button type="button" id=format!("step-{}", to.as_str()) class=class disabled=move || busy.get()
                                        aria-expanded=move || if chosen.get() == Some(to) { "true" } else { "false" }
                                        on:click=move |_| { errors.set(None); chosen.set(Some(to)); }>{step_label(lang, to)}</button>
                                }
                            }).collect_view()}
                            {changeable.then(|| view! {
                                <button type="button" id="contract-change" class="button button--secondary utrecht-button utrecht-button--secondary-action" aria-expanded=move || if editing.get() { "true" } else { "false" } on:click=open_change>{contract_texts(lang).change_title}</button>
                            })}
                        </div>
                    }
                })}
                {move || chosen.get().map(|to| {
                    let confirm_class = if to == ContractStatus::Ended { "button button--danger" } else { "button" };
                    view! {
                        <div class="step-confirm">
                            {(to == ContractStatus::Ended).then(|| view! {
                                <SelectField id="step-endReason" label=|t| crate::i18n_contracts::label(t, "endReason") value=end_reason options=end_options required=true error=field_error(errors, "endReason")/>
                            })}
                            <ConfirmDialog id="step-question" question=Signal::derive(move || question(i18n.0.get(), to).to_owned())
                                confirm_label=Signal::derive(move || step_label(i18n.0.get(), to).to_owned())
                                confirm_class=confirm_class
                                on_confirm=move |()| take(to) on_cancel=move |()| chosen.set(None)/>
                        </div>
                    }
                })}
                <Show when=move || editing.get()>
                    <form class="form" id="change-form" on:submit=save novalidate=true>
                        <h2>{ctr(|t| t.change_title)}</h2>
                        <FormError errors=change_errors prefix="contract-" id="change-error"/>
                        <TermsFields form=form errors=change_errors/>
                        <TextField id="contract-reason" label=|t| crate::i18n_contracts::label(t, "reason") multiline=true required=true value=change_reason error=field_error(change_errors, "reason")/>
                        <div class="form-actions">
                            <SubmitButton id="change-submit" label=Signal::derive(move || contract_texts(i18n.0.get()).save) busy=saving/>
                            <button type="button" class="button button--secondary utrecht-button utrecht-button--secondary-action" on:click=move |_| editing.set(false)>{crate::i18n::tr(|t| t.cancel)}</button>
                        </div>
                    </form>
                </Show>
            </RequireRole>
            {move || versions.get().flatten().map(|page| {
                let lang = i18n.0.get();
                let c = contract_texts(lang);
                view! {
                    <h2 id="versions-title">{c.versions_title}</h2>
                    <table class="table utrecht-table utrecht-table--html-table" id="contract-versions">
                        <caption>{c.versions_title}</caption>
                        <thead><tr>
                            <th scope="col">{c.version}</th>
                            <th scope="col">{c.status}</th>
                            <th scope="col">{c.hours_per_week}</th>
                            <th scope="col">{c.hourly_wage}</th>
                            <th scope="col">{c.end_date}</th>
                            <th scope="col">{c.reason}</th>
                            <th scope="col">{c.changed_by}</th>
                            <th scope="col">{c.changed_at}</th>
                        </tr></thead>
                        <tbody>
                            {page.items.into_iter().map(|v| view! {
                                <tr>
                                    <td>{v.version}</td>
                                    <td>{status_name(lang, v.status)}</td>
                                    <td>{v.hours_per_week}</td>
                                    <td>{format_money(&v.hourly_wage)}</td>
                                    <td>{v.end_date.as_ref().map(format_date).unwrap_or_else(|| c.open_ended.to_owned())}</td>
                                    <td>{v.reason}</td>
                                    <td>{v.changed_by.unwrap_or_default()}</td>
                                    <td>{format_instant(&v.changed_at)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }
            })}
        </RequireRole>
    }
}
