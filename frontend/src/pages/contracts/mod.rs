//! Contracts (issue 12): the list, the form that draws up a contract from an agreed match with the income
//! indication and the cost shown live (computed by the same `shared::contracts` functions as the server),
//! a contract's page with its steps (each confirmed), version history and changes, and the printable
//! contract (A4, with signature blocks); the budget page.

pub mod assumptions;
pub mod budget;
pub mod detail;
pub mod form;
pub mod list;
pub mod print;

use leptos::prelude::*;
use rust_decimal::Decimal;
use shared::auth::Role;
use shared::candidates::BenefitKind;
use shared::contracts::{
    ContractKind, CostEstimate, CostNorms, HoursReason, IncomeAssumptions, IncomeIndication, TermsInput,
    contract_months, estimate, income_indication,
};

use crate::api::ApiError;
use crate::components::{FormCheck, SelectField, TextField, field_error, format_money};
use crate::i18n::{Lang, use_i18n};
use crate::i18n_contracts::{contract_texts, ctr, hours_reason_name, kind_name, outcome_name};

/// Who draws up and changes contracts: admins and consultants (the API's `ContractWriters`).
pub const WRITERS: &[Role] = &[Role::Admin, Role::Consultant];
/// Who reads contracts: writers, finance, partners, job coaches (their caseload's; the API's
/// `ContractViewers`).
pub const READERS: &[Role] = &[Role::Admin, Role::Consultant, Role::Finance, Role::Partner, Role::JobCoach];

fn language(lang: Lang) -> shared::problem::Language {
    match lang {
        Lang::Nl => shared::problem::Language::Nl,
        Lang::En => shared::problem::Language::En,
    }
}

/// The fields of a contract's terms as the form holds them (text, as typed).
#[derive(Clone, Copy)]
pub struct TermsForm {
    pub start: RwSignal<String>,
    pub end: RwSignal<String>,
    pub kind: RwSignal<String>,
    pub hours: RwSignal<String>,
    pub hours_reason: RwSignal<String>,
    pub agreement: RwSignal<String>,
    pub pay_scale: RwSignal<String>,
    pub wage: RwSignal<String>,
    pub trial: RwSignal<String>,
}

impl Default for TermsForm {
    fn default() -> Self {
        Self::new()
    }
}

impl TermsForm {
    pub fn new() -> Self {
        TermsForm {
            start: RwSignal::new(String::new()),
            end: RwSignal::new(String::new()),
            kind: RwSignal::new(ContractKind::Temporary.as_str().to_owned()),
            hours: RwSignal::new("32".to_owned()),
            hours_reason: RwSignal::new(String::new()),
            agreement: RwSignal::new(shared::contracts::DEFAULT_COLLECTIVE_AGREEMENT.to_owned()),
            pay_scale: RwSignal::new(String::new()),
            wage: RwSignal::new(String::new()),
            trial: RwSignal::new("1".to_owned()),
        }
    }

    /// The form filled with a contract's terms.
    pub fn fill(&self, c: &shared::contracts::wire::Contract) {
        self.start.set(c.start_date.to_string());
        self.end.set(c.end_date.map(|d| d.to_string()).unwrap_or_default());
        self.kind.set(c.kind.as_str().to_owned());
        self.hours.set(c.hours_per_week.to_string());
        self.hours_reason.set(c.hours_reason.map(|r| r.as_str().to_owned()).unwrap_or_default());
        self.agreement.set(c.collective_agreement.clone());
        self.pay_scale.set(c.pay_scale.clone().unwrap_or_default());
        self.wage.set(c.hourly_wage.map(|w| shared::dutch::format_decimal(w, 2)).unwrap_or_default());
        self.trial.set(c.trial_period_months.to_string());
    }

    /// The terms as typed, read with `check` (a Dutch number, amount or date that cannot be read is a field
    /// error there).
    pub fn read(&self, check: &mut FormCheck) -> TermsInput {
        TermsInput {
            start_date: check.date("startDate", &self.start.get_untracked()),
            end_date: check.date("endDate", &self.end.get_untracked()),
            kind: self.kind.get_untracked().parse().ok(),
            hours_per_week: check.whole("hoursPerWeek", &self.hours.get_untracked(), 40),
            hours_reason: self.hours_reason.get_untracked().parse().ok(),
            collective_agreement: self.agreement.get_untracked(),
            pay_scale: self.pay_scale.get_untracked(),
            hourly_wage: check.money("hourlyWage", &self.wage.get_untracked()),
            trial_period_months: check.whole("trialPeriodMonths", &self.trial.get_untracked(), 2),
        }
    }

    /// What the live indication and cost read: hours, wage and the months, when they can be read.
    fn live(&self) -> Option<(Decimal, Decimal, u32)> {
        let hours = shared::dutch::parse_whole(&self.hours.get()).filter(|h| (1..=40).contains(h))?;
        let wage = shared::dutch::parse_decimal(&self.wage.get()).filter(|w| *w > Decimal::ZERO)?;
        let start = shared::dutch::parse_date(&self.start.get());
        let end = shared::dutch::parse_date(&self.end.get());
        let months = start.map(|s| contract_months(s, end)).unwrap_or(12);
        Some((Decimal::from(hours), wage, months))
    }
}

/// The inputs of a contract's terms, each with its field error (ids `{prefix}{field}`).
#[component]
pub fn TermsFields(form: TermsForm, errors: RwSignal<Option<ApiError>>) -> impl IntoView {
    let i18n = use_i18n();
    let kinds = Signal::derive(move || {
        let lang = i18n.0.get();
        ContractKind::ALL.iter().map(|k| (k.as_str().to_owned(), kind_name(lang, *k).to_owned())).collect::<Vec<_>>()
    });
    let reasons = Signal::derive(move || {
        let lang = i18n.0.get();
        HoursReason::ALL
            .iter()
            .map(|r| (r.as_str().to_owned(), hours_reason_name(lang, *r).to_owned()))
            .collect::<Vec<_>>()
    });
    view! {
        <TextField id="contract-startDate" label=|t| crate::i18n_contracts::label(t, "startDate") input_type="date" required=true value=form.start error=field_error(errors, "startDate")/>
        <SelectField id="contract-kind" label=|t| crate::i18n_contracts::label(t, "kind") value=form.kind options=kinds with_empty=false error=field_error(errors, "kind")/>
        <TextField id="contract-endDate" label=|t| crate::i18n_contracts::label(t, "endDate") input_type="date" value=form.end error=field_error(errors, "endDate")/>
        <TextField id="contract-hoursPerWeek" label=|t| crate::i18n_contracts::label(t, "hoursPerWeek") inputmode="numeric" required=true value=form.hours error=field_error(errors, "hoursPerWeek")/>
        <p class="form-hint utrecht-form-field-description" id="contract-hours-hint">{ctr(|t| t.hours_hint)}</p>
        <SelectField id="contract-hoursReason" label=|t| crate::i18n_contracts::label(t, "hoursReason") value=form.hours_reason options=reasons error=field_error(errors, "hoursReason")/>
        <TextField id="contract-collectiveAgreement" label=|t| crate::i18n_contracts::label(t, "collectiveAgreement") value=form.agreement error=field_error(errors, "collectiveAgreement")/>
        <TextField id="contract-payScale" label=|t| crate::i18n_contracts::label(t, "payScale") value=form.pay_scale error=field_error(errors, "payScale")/>
        <TextField id="contract-hourlyWage" label=|t| crate::i18n_contracts::label(t, "hourlyWage") inputmode="decimal" required=true value=form.wage error=field_error(errors, "hourlyWage")/>
        <TextField id="contract-trialPeriodMonths" label=|t| crate::i18n_contracts::label(t, "trialPeriodMonths") inputmode="numeric" value=form.trial error=field_error(errors, "trialPeriodMonths")/>
    }
}

/// The income indication as a table, with its outcome and assumptions.
pub fn income_view(lang: Lang, indication: &IncomeIndication) -> AnyView {
    let c = contract_texts(lang);
    let money = |amount: Option<Decimal>| amount.map(|a| format_money(&a)).unwrap_or_else(|| c.unknown.to_owned());
    let class = if indication.flagged { "notice notice--warning" } else { "notice" };
    view! {
        <section class="contract-income" id="income-indication" aria-labelledby="income-title">
            <h2 id="income-title">{c.income_title}</h2>
            <p class="form-hint utrecht-form-field-description">{c.income_note}</p>
            <p class=class id="income-outcome">{outcome_name(lang, indication.outcome)}</p>
            <dl class="facts">
                <dt>{c.benefit_before}</dt>
                <dd id="income-benefit">
                    {indication.benefit_kind.map(|k| format!("{} ", crate::i18n_registration::benefit_name(lang, k))).unwrap_or_default()}
                    {money(indication.benefit_monthly)}
                </dd>
                <dt>{c.gross_monthly}</dt><dd id="income-gross">{format_money(&indication.gross_monthly)}</dd>
                <dt>{c.holiday_allowance}</dt><dd>{format_money(&indication.holiday_allowance_monthly)}</dd>
                <dt>{c.net_monthly}</dt><dd id="income-net">{format_money(&indication.net_monthly)}</dd>
                <dt>{c.difference}</dt><dd id="income-difference">{money(indication.difference)}</dd>
            </dl>
            <ul class="form-hint utrecht-form-field-description">{indication.assumptions.iter().map(|a| view! { <li>{a.clone()}</li> }).collect_view()}</ul>
        </section>
    }
    .into_any()
}

/// A contract's cost estimate as a table.
pub fn cost_view(lang: Lang, cost: &CostEstimate, months: u32) -> AnyView {
    let c = contract_texts(lang);
    let rows = [
        ("wage", c.wage, cost.wage),
        ("employerCosts", c.employer_costs, cost.employer_costs),
        ("contribution", c.contribution, cost.contribution),
        ("total", c.total, cost.total),
        ("benefitSaved", c.benefit_saved, cost.benefit_saved),
        ("net", c.net, cost.net),
    ];
    view! {
        <section class="contract-cost" id="cost-estimate" aria-labelledby="cost-title">
            <h2 id="cost-title">{c.cost_title}</h2>
            <table class="table utrecht-table utrecht-table--html-table">
                <caption>{format!("{} {} {months} {}", c.cost_title, c.cost_over, c.months)}</caption>
                <tbody>
                    {rows.into_iter().map(|(key, name, amount)| view! {
                        <tr><th scope="row">{name}</th><td class="amount" id=format!("cost-{key}")>{format_money(&amount)}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
    .into_any()
}

/// The income indication and the cost of the terms as typed, computed in the browser by the same
/// functions as the server, with the stored income assumptions and cost norms (each shown once loaded).
#[component]
pub fn LivePreview(
    form: TermsForm,
    #[prop(into)] norms: Signal<Option<CostNorms>>,
    #[prop(into)] assumptions: Signal<Option<IncomeAssumptions>>,
    #[prop(into)] benefit: Signal<(Option<BenefitKind>, Option<Decimal>)>,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let lang = i18n.0.get();
        let (hours, wage, months) = form.live()?;
        let (kind, amount) = benefit.get();
        let income = assumptions
            .get()
            .map(|a| income_view(lang, &income_indication(&a, wage, hours, kind, amount, language(lang))));
        let cost = norms.get().map(|n| cost_view(lang, &estimate(&n, hours, months), months));
        Some(view! {
            <div class="contract-preview" aria-live="polite">
                {income}
                {cost}
            </div>
        })
    }
}
