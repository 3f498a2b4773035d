//! The audit log: who read or changed what, filterable by actor, action, record type and period.

use leptos::prelude::*;
use shared::audit::{AuditAction, AuditEvent};
use shared::auth::Role;
use shared::paging::Page;
use shared::users::User;

use crate::api::{self, ApiError};
use crate::app::{RequireRole, page_title};
use crate::components::{Pager, SelectField, TextField, field_error, format_instant};
use crate::i18n::{self, action_name, result_name, role_name, tr, use_i18n};

const ADMINS: &[Role] = &[Role::Admin];

#[component]
pub fn AuditLog() -> impl IntoView {
    page_title(|t| t.audit_title);
    let i18n = use_i18n();
    let page = crate::components::UrlQuery::new().page_signal();
    let actor = RwSignal::new(String::new());
    let action = RwSignal::new(String::new());
    let record_type = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let applied = RwSignal::new(Vec::<(&'static str, String)>::new());
    let errors: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let events = api::resource(move || {
        let mut pairs = applied.get();
        pairs.push(("page", page.get().to_string()));
        let path = format!("/audit-events{}", api::query(&pairs));
        async move { api::get::<Page<AuditEvent>>(&path).await }
    });
    Effect::new(move |_| errors.set(events.get().and_then(|r| r.err())));
    let filter = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        page.set(1);
        applied.set(vec![
            ("actorId", actor.get_untracked()),
            ("action", action.get_untracked()),
            ("recordType", record_type.get_untracked().trim().to_owned()),
            ("from", from.get_untracked()),
            ("to", to.get_untracked()),
        ]);
    };
    let users = api::resource(|| async { api::get::<Page<User>>("/users?pageSize=100").await });
    let actors = Signal::derive(move || {
        users
            .get()
            .and_then(|r| r.ok())
            .map(|page| {
                page.items
                    .into_iter()
                    .map(|u| (u.id.to_string(), format!("{} ({})", u.display_name, u.username)))
                    .collect()
            })
            .unwrap_or_default()
    });
    let actions = Signal::derive(move || {
        let lang = i18n.0.get();
        AuditAction::ALL.iter().map(|a| (a.as_str().to_owned(), action_name(lang, *a).to_owned())).collect::<Vec<_>>()
    });
    let record_types = Signal::derive(move || {
        let lang = i18n.0.get();
        i18n::RECORD_TYPES.iter().map(|r| ((*r).to_owned(), i18n::record_type_name(lang, r))).collect::<Vec<_>>()
    });
    let total_pages = Signal::derive(move || events.get().and_then(|r| r.ok()).map(|p| p.total_pages).unwrap_or(1));
    let total_items = Signal::derive(move || events.get().and_then(|r| r.ok()).map(|p| p.total_items).unwrap_or(0));
    view! {
        <h1>{tr(|t| t.audit_title)}</h1>
        <RequireRole roles=ADMINS>
            <form class="form form--inline" on:submit=filter novalidate=true>
                <SelectField id="actorId" label=|t| t.actor value=actor options=actors error=field_error(errors, "actorId")/>
                <SelectField id="action" label=|t| t.action value=action options=actions error=field_error(errors, "action")/>
                <SelectField id="recordType" label=|t| t.record_type value=record_type options=record_types error=field_error(errors, "recordType")/>
                <TextField id="from" label=|t| t.from_date value=from error=field_error(errors, "from") input_type="date"/>
                <TextField id="to" label=|t| t.to_date value=to error=field_error(errors, "to") input_type="date"/>
                <button type="submit" class="button button--secondary utrecht-button utrecht-button--secondary-action">{tr(|t| t.filter)}</button>
            </form>
            {move || {
                    let lang = i18n.0.get();
                    let t = i18n::texts(lang);
                    let names = users.get().and_then(|r| r.ok()).map(|p| p.items).unwrap_or_default();
                    crate::components::list_state(i18n.0.get(), events.get(), |page| {view! {
                            <table class="table utrecht-table utrecht-table--html-table" id="audit-table">
                                <caption>{t.audit_title}</caption>
                                <thead><tr>
                                    <th scope="col">{t.when}</th>
                                    <th scope="col">{t.who}</th>
                                    <th scope="col">{t.what}</th>
                                    <th scope="col">{t.result}</th>
                                </tr></thead>
                                <tbody>
                                    {page.items.into_iter().map(|event| {
                                        // Who: the person's name where the user list knows it, with the role.
                                        let person = event.actor_id.and_then(|id| names.iter().find(|u| u.id == id)).map(|u| u.display_name.clone());
                                        let who = format!(
                                            "{}{}",
                                            person.or(event.actor_name.clone()).or(event.client_id.clone()).unwrap_or_else(|| "-".into()),
                                            event.actor_role.map(|r: Role| format!(" ({})", role_name(lang, r))).unwrap_or_default()
                                        );
                                        // What: a sentence ("Takenpakket gewijzigd: Ingediend → Goedgekeurd") with a link to the record.
                                        let what = format!(
                                            "{} {}{}",
                                            i18n::record_type_name(lang, &event.record_type),
                                            action_name(lang, event.action),
                                            event.details.as_ref().map(|d| format!(": {}", readable_details(lang, d))).unwrap_or_default()
                                        );
                                        let link = event.record_id.and_then(|id| record_link(&event.record_type, id));
                                        view! {
                                            <tr>
                                                <td>{format_instant(&event.occurred_at)}</td>
                                                <td>{who}</td>
                                                <td>{match link {
                                                    Some(href) => view! { <a href=href>{what}</a> }.into_any(),
                                                    None => view! { <span>{what}</span> }.into_any(),
                                                }}</td>
                                                <td>{result_name(lang, event.result)}</td>
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

/// The page of a record the audit log names, where the SPA has one.
fn record_link(record_type: &str, id: uuid::Uuid) -> Option<String> {
    let base = match record_type {
        "candidate" => "/candidates",
        "task_package" => "/packages",
        "neighbourhood_session" => "/sessions",
        "organisation" => "/organisations",
        "user" => "/admin/users",
        _ => return None,
    };
    Some(format!("{base}/{id}"))
}

/// The details of an event with status codes in words: `submitted -> approved` becomes
/// `Ingediend → Goedgekeurd`.
fn readable_details(lang: i18n::Lang, details: &str) -> String {
    details
        .split(" -> ")
        .map(|part| {
            let word = part.trim();
            if let Some(status) = shared::tasks::PackageStatus::parse(word) {
                crate::i18n_tasks::package_status_name(lang, status).to_owned()
            } else if let Some(status) = shared::candidates::CandidateStatus::parse(word) {
                i18n::status_name(lang, status).to_owned()
            } else {
                part.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(" → ")
}
