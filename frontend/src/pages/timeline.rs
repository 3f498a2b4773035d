//! A person's timeline (issue 14): everything that happened to their record, newest first, as the first
//! tab of the person's page. The server says what the caller's role may read of it: entries and values a
//! role may not see are left out or shown as changed without their values.

use leptos::prelude::*;
use shared::paging::Page;
use shared::timeline::{TimelineEntry, TimelineKind};

use crate::api;
use crate::components::{Pager, SelectField, format_instant, list_error};
use crate::i18n::{self, use_i18n};
use crate::i18n_registration::{actor_kind_name, reg_texts, rtr, timeline_kind_name};

/// The timeline of the candidate `id`, paged, with a filter by kind.
#[component]
pub fn CandidateTimeline(#[prop(into)] id: Signal<String>, reload: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let kind = RwSignal::new(String::new());
    let page = RwSignal::new(1u64);
    // A new filter starts at the first page.
    Effect::new(move |_| {
        kind.track();
        page.set(1);
    });
    let entries = api::resource(move || {
        reload.track();
        // The summaries are written by the server in the caller's language.
        i18n.0.track();
        let path = format!(
            "/candidates/{}/timeline{}",
            id.get(),
            api::query(&[("kind", kind.get()), ("page", page.get().to_string()), ("pageSize", "25".to_owned())])
        );
        async move { api::get::<Page<TimelineEntry>>(&path).await }
    });
    let kinds = Signal::derive(move || {
        let lang = i18n.0.get();
        TimelineKind::ALL.iter().map(|k| (k.as_str().to_owned(), timeline_kind_name(lang, *k).to_owned())).collect()
    });
    let total_pages = Signal::derive(move || entries.get().and_then(|r| r.ok()).map_or(0, |p| p.total_pages));
    let total_items = Signal::derive(move || entries.get().and_then(|r| r.ok()).map_or(0, |p| p.total_items));
    view! {
        <h2>{rtr(|t| t.tab_timeline)}</h2>
        <div class="form form--inline">
            <SelectField id="timeline-kind" label=|t| crate::i18n_registration::label(t, "timelineKind") value=kind options=kinds error=Signal::derive(|| None::<String>)/>
        </div>
        {move || entries.get().map(|answer| {
            let lang = i18n.0.get();
            match answer {
                Err(error) => view! { <div class="notice notice--error utrecht-alert utrecht-alert--error" role="alert">{list_error(lang, &error)}</div> }.into_any(),
                Ok(page) if page.items.is_empty() => view! { <p id="timeline-empty">{reg_texts(lang).timeline_empty}</p> }.into_any(),
                Ok(page) => view! {
                    <ol class="timeline" id="timeline">
                        {page.items.into_iter().map(|entry| timeline_entry(lang, entry)).collect_view()}
                    </ol>
                }.into_any(),
            }
        })}
        <Pager page=page total_pages=total_pages total_items=total_items/>
    }
}

fn timeline_entry(lang: i18n::Lang, entry: TimelineEntry) -> impl IntoView {
    let r = reg_texts(lang);
    let t = i18n::texts(lang);
    let who = match &entry.actor_name {
        Some(name) => format!("{} ({})", name, actor_kind_name(lang, entry.actor_kind)),
        None => actor_kind_name(lang, entry.actor_kind).to_owned(),
    };
    let changes = (!entry.changes.is_empty()).then(|| {
        view! {
            <table class="table utrecht-table utrecht-table--html-table timeline__changes">
                <caption class="visually-hidden">{entry.summary.clone()}</caption>
                <thead><tr><th scope="col">{r.changed_field}</th><th scope="col">{r.old_value}</th><th scope="col">{r.new_value}</th></tr></thead>
                <tbody>
                    {entry.changes.iter().map(|change| {
                        let label = crate::i18n_registration::label(t, &change.field);
                        let name = if label.is_empty() { change.field.clone() } else { label.to_owned() };
                        let (old, new) = if change.values_hidden {
                            (r.hidden_for_role.to_owned(), r.hidden_for_role.to_owned())
                        } else {
                            (change.old_value.clone().unwrap_or_default(), change.new_value.clone().unwrap_or_default())
                        };
                        view! { <tr><th scope="row">{name}</th><td>{old}</td><td>{new}</td></tr> }
                    }).collect_view()}
                </tbody>
            </table>
        }
    });
    view! {
        <li class="timeline__entry" data-kind=entry.kind.as_str()>
            <p class="timeline__head">
                <time datetime=entry.at.to_rfc3339()>{format_instant(&entry.at)}</time>
                " · " <span class="timeline__kind">{timeline_kind_name(lang, entry.kind)}</span>
                " · " <span class="timeline__actor">{who}</span>
            </p>
            // The summary names the step in words (`from` and `to` are the codes, for programs).
            <p class="timeline__summary">{entry.summary.clone()}</p>
            {entry.reason.clone().map(|reason| view! { <p class="timeline__reason">{r.reason} ": " {reason}</p> })}
            {changes}
        </li>
    }
}
