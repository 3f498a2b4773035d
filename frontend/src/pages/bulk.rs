//! The bulk status change under the candidate list (issue 14, item 4): the selected candidates, the new
//! status and the reason; a preview of what will change and what is refused and why; then the action,
//! which the server carries out for all or none.

use leptos::prelude::*;
use shared::bulk::{BulkStatusPreview, BulkStatusRequest};
use shared::candidates::{CandidateStatus, ExitReason};
use uuid::Uuid;

use crate::api::{self, ApiError};
use crate::components::{FormError, SelectField, SubmitButton, TextField, notify};
use crate::i18n::{Lang, Texts, status_name, use_i18n};
use crate::i18n_registration::exit_reason_name;

pub struct BulkTexts {
    pub title: &'static str,
    pub selected: &'static str,
    pub to: &'static str,
    pub preview: &'static str,
    pub changes: &'static str,
    pub refusals: &'static str,
    pub refused_note: &'static str,
    pub confirm: &'static str,
    pub done: &'static str,
    pub select: &'static str,
    pub unknown: &'static str,
}

const NL: BulkTexts = BulkTexts {
    title: "Status van de geselecteerde kandidaten wijzigen",
    selected: "geselecteerd",
    to: "Nieuwe status",
    preview: "Bekijk wat er verandert",
    changes: "Wordt gewijzigd",
    refusals: "Kan niet",
    refused_note: "Zolang één kandidaat niet kan, wijzigt er niets: haal die uit de selectie.",
    confirm: "Wijzigen bevestigen",
    done: "Statussen gewijzigd.",
    select: "Selecteer",
    unknown: "onbekende kandidaat",
};

const EN: BulkTexts = BulkTexts {
    title: "Change the status of the selected candidates",
    selected: "selected",
    to: "New status",
    preview: "Preview the changes",
    changes: "Will change",
    refusals: "Refused",
    refused_note: "While one candidate is refused nothing changes: take it out of the selection.",
    confirm: "Confirm the change",
    done: "Statuses changed.",
    select: "Select",
    unknown: "unknown candidate",
};

pub fn bulk_texts(lang: Lang) -> &'static BulkTexts {
    match lang {
        Lang::Nl => &NL,
        Lang::En => &EN,
    }
}

fn to_label(t: &'static Texts) -> &'static str {
    bulk_texts(t.lang).to
}

const EXIT_REASONS: [(&str, ExitReason); 5] = [
    ("regular_job", ExitReason::RegularJob),
    ("other_work", ExitReason::OtherWork),
    ("moved", ExitReason::Moved),
    ("stopped", ExitReason::Stopped),
    ("other", ExitReason::Other),
];

/// The bar for the candidates in `selected`; `on_done` runs after a change (to reload the list).
#[component]
pub fn BulkStatusBar(selected: RwSignal<Vec<Uuid>>, #[prop(into)] on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let bt = move || bulk_texts(i18n.0.get());
    let to = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let exit_reason = RwSignal::new(String::new());
    let errors: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let preview: RwSignal<Option<BulkStatusPreview>> = RwSignal::new(None);
    let busy = RwSignal::new(false);
    // A new selection or choice needs a new preview.
    Effect::new(move |_| {
        selected.track();
        to.track();
        reason.track();
        exit_reason.track();
        preview.set(None);
    });
    let request = move || BulkStatusRequest {
        candidate_ids: selected.get_untracked(),
        to: CandidateStatus::parse(&to.get_untracked()),
        reason: reason.get_untracked(),
        exit_reason: EXIT_REASONS.iter().find(|(code, _)| *code == exit_reason.get_untracked()).map(|(_, r)| *r),
    };
    let ask_preview = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = request();
        busy.set(true);
        leptos::task::spawn_local(async move {
            let answer = api::post::<_, BulkStatusPreview>("/candidates/bulk-status/preview", &body).await;
            busy.set(false);
            match answer {
                Ok(plan) => {
                    errors.set(None);
                    preview.set(Some(plan));
                }
                Err(error) => errors.set(Some(error)),
            }
        });
    };
    let confirm = move |_| {
        let body = request();
        busy.set(true);
        leptos::task::spawn_local(async move {
            let answer = api::post::<_, BulkStatusPreview>("/candidates/bulk-status", &body).await;
            busy.set(false);
            match answer {
                Ok(_) => {
                    errors.set(None);
                    preview.set(None);
                    selected.set(Vec::new());
                    reason.set(String::new());
                    notify(bulk_texts(i18n.0.get_untracked()).done);
                    on_done.run(());
                }
                Err(error) => errors.set(Some(error)),
            }
        });
    };
    let statuses = Signal::derive(move || {
        let lang = i18n.0.get();
        CandidateStatus::ALL.iter().map(|s| (s.as_str().to_owned(), status_name(lang, *s).to_owned())).collect()
    });
    let exits = Signal::derive(move || {
        let lang = i18n.0.get();
        EXIT_REASONS.iter().map(|(code, r)| ((*code).to_owned(), exit_reason_name(lang, *r).to_owned())).collect()
    });
    let field = move |name: &'static str| Signal::derive(move || errors.get().and_then(|e| e.field_error(name)));
    view! {
        <Show when=move || !selected.get().is_empty()>
            <section class="bulk" id="bulk-status" aria-labelledby="bulk-title">
                <h2 id="bulk-title">{move || bt().title} " (" {move || selected.get().len()} " " {move || bt().selected} ")"</h2>
                <FormError errors=errors id="bulk-error" prefix="bulk-"/>
                <form class="form form--inline" on:submit=ask_preview novalidate=true>
                    <SelectField id="bulk-to" label=to_label value=to options=statuses error=field("to") required=true/>
                    <TextField id="bulk-reason" label=|t| crate::i18n_registration::label(t, "reason") value=reason error=field("reason") required=true/>
                    <Show when=move || to.get() == "exited">
                        <SelectField id="bulk-exitReason" label=|t| crate::i18n_registration::label(t, "exitReason") value=exit_reason options=exits error=field("exitReason") required=true/>
                    </Show>
                    <SubmitButton id="bulk-preview" label=Signal::derive(move || bulk_texts(i18n.0.get()).preview) busy=busy class="button button--secondary utrecht-button utrecht-button--secondary-action"/>
                </form>
                {move || preview.get().map(|plan| {
                    let lang = i18n.0.get();
                    let t = bulk_texts(lang);
                    let refused = !plan.refusals.is_empty();
                    view! {
                        <div id="bulk-plan" role="status">
                            <h3>{t.changes} " (" {plan.changes.len()} ")"</h3>
                            <ul id="bulk-changes">
                                {plan.changes.into_iter().map(|c| view! {
                                    <li>{c.name} ": " {status_name(lang, c.from)} " → " {status_name(lang, c.to)}</li>
                                }).collect_view()}
                            </ul>
                            {refused.then(|| view! {
                                <h3>{t.refusals} " (" {plan.refusals.len()} ")"</h3>
                                <ul id="bulk-refusals">
                                    {plan.refusals.iter().map(|r| {
                                        let name = if r.name.is_empty() { t.unknown.to_owned() } else { r.name.clone() };
                                        view! { <li>{name} ": " {r.reason.clone()}</li> }
                                    }).collect_view()}
                                </ul>
                                <p class="notice notice--error utrecht-alert utrecht-alert--error">{t.refused_note}</p>
                            })}
                            <button type="button" id="bulk-confirm" class="button utrecht-button utrecht-button--primary-action" disabled=refused on:click=confirm>{t.confirm}</button>
                        </div>
                    }
                })}
            </section>
        </Show>
    }
}
