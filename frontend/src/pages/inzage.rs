//! The GDPR copy (art. 15) as a readable page to print or save as PDF, beside the JSON download: the
//! record, its status history, intakes, decisions, changes and who read or changed it, in the user's words.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use shared::auth::Role;
use shared::candidates::gdpr::CandidateDataExport;

use crate::api;
use crate::app::{RequireRole, set_title};
use crate::components::{error_text, format_date, format_instant, format_money};
use crate::i18n::{self, action_name, source_name, status_name, use_i18n};
use crate::i18n_registration::{benefit_name, intake_kind_name, reg_texts, rtr};

const EDITORS: &[Role] = &[Role::Admin, Role::Consultant];

#[component]
pub fn CandidateInzage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.get().get("id").unwrap_or_default();
    let data = api::resource(move || {
        let path = format!("/candidates/{}/personal-data", id());
        async move { api::get::<CandidateDataExport>(&path).await }
    });
    Effect::new(move |_| {
        let generic = reg_texts(i18n.0.get()).inzage_title;
        match data.get().and_then(|r| r.ok()) {
            Some(d) => set_title(&format!("{} {} - {generic}", d.candidate.first_name, d.candidate.last_name)),
            None => set_title(generic),
        }
    });
    let print = move |_| {
        if let Some(window) = web_sys::window() {
            let _ = window.print();
        }
    };
    view! {
        <h1>{move || data.get().and_then(|r| r.ok()).map(|d| format!("{}: {} {}", reg_texts(i18n.0.get()).inzage_title, d.candidate.first_name, d.candidate.last_name)).unwrap_or_else(|| reg_texts(i18n.0.get()).inzage_title.to_owned())}</h1>
        <RequireRole roles=EDITORS>
            <p class="form-actions">
                <button type="button" id="inzage-print" class="button utrecht-button utrecht-button--primary-action" on:click=print>{rtr(|t| t.print)}</button>
                <a class="button button--secondary utrecht-button utrecht-button--secondary-action" href=move || format!("/candidates/{}", id())>{rtr(|t| t.back_to_record)}</a>
            </p>
            {move || data.get().map(|result| {
                let lang = i18n.0.get();
                let t = i18n::texts(lang);
                let r = reg_texts(lang);
                match result {
                    Err(error) => view! { <div class="notice notice--error utrecht-alert utrecht-alert--error" role="alert">{error_text(lang, &error)}</div> }.into_any(),
                    Ok(d) => {
                        let c = d.candidate;
                        view! {
                            <p>{r.exported_at} " " {format_instant(&d.exported_at)}</p>
                            <h2>{r.tab_personal}</h2>
                            <dl class="facts" id="inzage-personal">
                                <dt>{t.status}</dt><dd>{status_name(lang, c.status)}</dd>
                                <dt>{r.bsn}</dt><dd>{d.bsn.clone()}</dd>
                                <dt>{r.date_of_birth}</dt><dd>{c.date_of_birth.as_ref().map(format_date).unwrap_or_default()}</dd>
                                <dt>{r.email}</dt><dd>{c.email.clone()}</dd>
                                <dt>{r.phone}</dt><dd>{c.phone.clone()}</dd>
                                <dt>{r.postcode}</dt><dd>{format!("{} {}", c.postcode, c.house_number)}</dd>
                                <dt>{r.neighbourhood}</dt><dd>{c.neighbourhood_name.clone().unwrap_or_default()}</dd>
                                <dt>{r.source}</dt><dd>{source_name(lang, c.source)}</dd>
                                <dt>{r.benefit_kind}</dt><dd>{c.benefit.as_ref().map(|b| format!("{} {}", b.kind.map(|k| benefit_name(lang, k)).unwrap_or_default(), b.monthly_amount.as_ref().map(format_money).unwrap_or_default())).unwrap_or_default()}</dd>
                                <dt>{r.regular_work_evidence}</dt><dd>{c.regular_work_evidence.clone().unwrap_or_default()}</dd>
                                <dt>{r.limitation_notes}</dt><dd>{c.limitation_notes.clone().unwrap_or_default()}</dd>
                                <dt>{r.dream_job}</dt><dd>{c.dream_job.clone()}</dd>
                            </dl>
                            <h2>{r.history_title}</h2>
                            <table class="table utrecht-table utrecht-table--html-table" id="inzage-status">
                                <caption>{r.history_title}</caption>
                                <thead><tr><th scope="col">{t.when}</th><th scope="col">{t.status}</th><th scope="col">{r.reason}</th><th scope="col">{r.changed_by}</th></tr></thead>
                                <tbody>
                                    {d.status_changes.into_iter().map(|s| view! {
                                        <tr><td>{format_instant(&s.changed_at)}</td><td>{status_name(lang, s.to)}</td><td>{s.reason}</td><td>{s.changed_by.unwrap_or_default()}</td></tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                            <h2>{r.intakes_title}</h2>
                            <table class="table utrecht-table utrecht-table--html-table" id="inzage-intakes">
                                <caption>{r.intakes_title}</caption>
                                <thead><tr><th scope="col">{r.held_on}</th><th scope="col">{r.intake_kind}</th><th scope="col">{r.intake_result}</th><th scope="col">{r.intake_notes}</th></tr></thead>
                                <tbody>
                                    {d.intakes.into_iter().map(|i| view! {
                                        <tr><td>{format_date(&i.held_on)}</td><td>{intake_kind_name(lang, i.kind)}</td><td>{i.result}</td><td>{i.notes.unwrap_or_default()}</td></tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                            <h2>{r.eligibility_title}</h2>
                            <table class="table utrecht-table utrecht-table--html-table" id="inzage-decisions">
                                <caption>{r.eligibility_title}</caption>
                                <thead><tr><th scope="col">{t.when}</th><th scope="col">{r.outcome}</th><th scope="col">{r.motivation}</th><th scope="col">{r.changed_by}</th></tr></thead>
                                <tbody>
                                    {d.eligibility_decisions.into_iter().map(|e| view! {
                                        <tr><td>{format_instant(&e.decided_at)}</td><td>{if e.outcome == "eligible" { r.eligible.to_owned() } else if e.outcome == "pre_trajectory" { r.pre_trajectory.to_owned() } else { e.outcome }}</td><td>{e.motivation}</td><td>{e.decided_by.unwrap_or_default()}</td></tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                            <h2>{r.changes_title}</h2>
                            <table class="table utrecht-table utrecht-table--html-table" id="inzage-changes">
                                <caption>{r.changes_title}</caption>
                                <thead><tr><th scope="col">{t.when}</th><th scope="col">{r.field}</th><th scope="col">{r.old_value}</th><th scope="col">{r.new_value}</th></tr></thead>
                                <tbody>
                                    {d.changes.into_iter().map(|f| {
                                        let label = crate::i18n_registration::label(t, &f.field);
                                        let name = if label.is_empty() { f.field.clone() } else { label.to_owned() };
                                        view! { <tr><td>{format_instant(&f.changed_at)}</td><td>{name}</td><td>{f.old_value.unwrap_or_default()}</td><td>{f.new_value.unwrap_or_default()}</td></tr> }
                                    }).collect_view()}
                                </tbody>
                            </table>
                            <h2>{r.reads_title}</h2>
                            <table class="table utrecht-table utrecht-table--html-table" id="inzage-reads">
                                <caption>{r.reads_title}</caption>
                                <thead><tr><th scope="col">{t.when}</th><th scope="col">{t.who}</th><th scope="col">{t.what}</th></tr></thead>
                                <tbody>
                                    {d.audit_events.into_iter().map(|e| view! {
                                        <tr><td>{format_instant(&e.occurred_at)}</td><td>{e.actor_name.or(e.client_id).unwrap_or_default()}</td><td>{format!("{} {}", i18n::record_type_name(lang, &e.record_type), action_name(lang, e.action))}</td></tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any()
                    }
                }
            })}
        </RequireRole>
    }
}
