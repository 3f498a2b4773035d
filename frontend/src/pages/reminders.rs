//! Reminders and completeness (issue 14, items 2 and 3): the due list on the home page of staff roles, the
//! count badge in the navigation, and the completeness panel of a person's page (what matching still needs,
//! and how old the confirmation of availability is, with the action that confirms it).

use leptos::prelude::*;
use shared::candidates::{Candidate, MatchingField, REQUIRED_FOR_MATCHING, availability_age_days};
use shared::paging::Page;
use shared::problem::Language;
use shared::reminders::{MarkReminderDone, Reminder, ReminderCounts, SnoozeReminder, SubjectKind};

use crate::api::{self, ApiError};
use crate::components::{
    ConfirmDialog, FormError, SubmitButton, TextField, error_text, field_error, format_date, notify,
};
use crate::i18n::{Lang, use_i18n};
use crate::i18n_reminders::{age_text, reminder_texts, remtr};

fn language(lang: Lang) -> Language {
    if lang == Lang::En { Language::En } else { Language::Nl }
}

/// A field's name as the SPA shows it, from the one list in `shared`.
pub fn matching_field_label(lang: Lang, field: MatchingField) -> &'static str {
    field.label(language(lang))
}

/// The hint on the candidate form that marks the fields matching needs (the one list in `shared`).
#[component]
pub fn MatchingNeeds() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="form-hint utrecht-form-field-description" id="matching-needs">
            {remtr(|t| t.matching_needs)} " "
            <strong>{move || {
                let lang = i18n.0.get();
                REQUIRED_FOR_MATCHING.iter().map(|f| matching_field_label(lang, *f)).collect::<Vec<_>>().join(", ")
            }}</strong>
        </p>
    }
}

/// The navigation's count of due reminders; re-read on every navigation. Nothing while the count is 0.
#[component]
pub fn ReminderBadge() -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    let counts = api::resource(move || {
        let _ = location.pathname.get();
        async move { api::get::<ReminderCounts>("/reminders/counts").await.ok() }
    });
    view! {
        {move || counts.get().flatten().filter(|c| c.due > 0).map(|c| {
            let class = if c.overdue > 0 { "badge badge--overdue utrecht-badge-counter" } else { "badge utrecht-badge-counter" };
            view! {
            " " <span id="reminder-count" class=class>{c.due}
                <span class="visually-hidden">" " {remtr(|t| t.badge_label)}</span>
            </span>
            }
        })}
    }
}

fn subject_href(reminder: &Reminder) -> String {
    match reminder.subject_kind {
        SubjectKind::Person => format!("/candidates/{}", reminder.subject_id),
        SubjectKind::Organisation => format!("/organisations/{}", reminder.subject_id),
    }
}

/// The caller's due and overdue reminders, with done (after a confirmation) and snooze (until a day, with a
/// reason) on each.
#[component]
pub fn DueList() -> impl IntoView {
    let i18n = use_i18n();
    let reload = RwSignal::new(0u32);
    let list = api::resource(move || {
        reload.track();
        async move { api::get::<Page<Reminder>>("/reminders/due?pageSize=100").await }
    });
    let confirming: RwSignal<Option<String>> = RwSignal::new(None);
    let snoozing: RwSignal<Option<String>> = RwSignal::new(None);
    let until = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let errors: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let done = move |key: String| {
        leptos::task::spawn_local(async move {
            let body = MarkReminderDone { key, reason: String::new() };
            match api::post_no_content("/reminders/done", &body).await {
                Ok(()) => {
                    confirming.set(None);
                    notify(reminder_texts(i18n.0.get_untracked()).done_saved);
                    reload.update(|n| *n += 1);
                }
                Err(error) => errors.set(Some(error)),
            }
        });
    };
    let snooze = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(key) = snoozing.get_untracked() else { return };
        let day = shared::dutch::parse_date(&until.get_untracked());
        let body = SnoozeReminder { key, until: day, reason: reason.get_untracked() };
        busy.set(true);
        leptos::task::spawn_local(async move {
            match api::post_no_content("/reminders/snooze", &body).await {
                Ok(()) => {
                    snoozing.set(None);
                    errors.set(None);
                    until.set(String::new());
                    reason.set(String::new());
                    notify(reminder_texts(i18n.0.get_untracked()).snoozed);
                    reload.update(|n| *n += 1);
                }
                Err(error) => errors.set(Some(error)),
            }
            busy.set(false);
        });
    };
    view! {
        <section aria-labelledby="due-title" id="due-list">
            <h2 id="due-title">{remtr(|t| t.due_title)}</h2>
            <FormError errors=errors id="reminder-error"/>
            {move || list.get().map(|result| {
                let lang = i18n.0.get();
                let t = reminder_texts(lang);
                match result {
                    Err(error) => view! {
                        <div class="notice notice--error utrecht-alert utrecht-alert--error" role="alert">{error_text(lang, &error)}</div>
                    }.into_any(),
                    Ok(page) if page.items.is_empty() => view! {
                        <p class="empty" id="due-empty">{t.due_empty}</p>
                    }.into_any(),
                    Ok(page) => view! {
                        <div class="table-scroll">
                            <table class="table utrecht-table utrecht-table--html-table" id="due-table">
                                <thead class="utrecht-table__header">
                                    <tr class="utrecht-table__row">
                                        <th scope="col" class="utrecht-table__header-cell">{t.due_on}</th>
                                        <th scope="col" class="utrecht-table__header-cell">{t.what}</th>
                                        <th scope="col" class="utrecht-table__header-cell">{t.about}</th>
                                        <th scope="col" class="utrecht-table__header-cell">{t.actions}</th>
                                    </tr>
                                </thead>
                                <tbody class="utrecht-table__body">
                                    {page.items.into_iter().map(|r| {
                                        let key = r.key.clone();
                                        let done_key = key.clone();
                                        let snooze_key = key.clone();
                                        let confirm_key = key.clone();
                                        let form_key = key.clone();
                                        let row_key = key.clone();
                                        let kind = r.kind.label(language(lang));
                                        view! {
                                            <tr class="utrecht-table__row" data-key=row_key data-kind=r.kind.as_str()>
                                                <td class="utrecht-table__cell">
                                                    {format_date(&r.due_on)}
                                                    {r.overdue.then(|| view! { " " <span class="badge badge--overdue utrecht-badge-status">{t.overdue}</span> })}
                                                </td>
                                                <td class="utrecht-table__cell"><strong>{kind}</strong><br/>{r.title.clone()}
                                                    {r.note.clone().filter(|n| !n.is_empty()).map(|n| view! { <br/><span class="hint">{n}</span> })}
                                                </td>
                                                <td class="utrecht-table__cell"><a class="utrecht-link utrecht-link--html-a reminder-subject" href=subject_href(&r)>{r.subject_name.clone()}</a></td>
                                                <td class="utrecht-table__cell">
                                                    <button type="button" class="button button--secondary utrecht-button utrecht-button--secondary-action reminder-done"
                                                        on:click=move |_| confirming.set(Some(done_key.clone()))>{t.done}</button>
                                                    " "
                                                    <button type="button" class="button button--secondary utrecht-button utrecht-button--secondary-action reminder-snooze"
                                                        on:click=move |_| { errors.set(None); snoozing.set(Some(snooze_key.clone())) }>{t.snooze}</button>
                                                    <Show when=move || confirming.get().as_deref() == Some(confirm_key.as_str())>
                                                        {
                                                            let key = key.clone();
                                                            view! {
                                                                <ConfirmDialog id="done-question"
                                                                    question=Signal::derive(move || reminder_texts(i18n.0.get()).done_question.to_owned())
                                                                    confirm_label=Signal::derive(move || reminder_texts(i18n.0.get()).done.to_owned())
                                                                    confirm_class="button"
                                                                    on_confirm=Callback::new(move |_| done(key.clone()))
                                                                    on_cancel=Callback::new(move |_| confirming.set(None))/>
                                                            }
                                                        }
                                                    </Show>
                                                    <Show when=move || snoozing.get().as_deref() == Some(form_key.as_str())>
                                                        <form class="form" on:submit=snooze novalidate=true>
                                                            <TextField id="snooze-until" label=|t| crate::i18n_reminders::label(t, "until") value=until error=field_error(errors, "until") required=true/>
                                                            <TextField id="snooze-reason" label=|t| crate::i18n_reminders::label(t, "reason") value=reason error=field_error(errors, "reason") required=true/>
                                                            <SubmitButton id="snooze-submit" label=Signal::derive(move || reminder_texts(i18n.0.get()).snooze_save) busy=busy/>
                                                        </form>
                                                    </Show>
                                                </td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any(),
                }
            })}
        </section>
    }
}

/// What matching still needs of this person, and how old its confirmation of availability is, with the
/// action that confirms it (for those who change candidates).
#[component]
pub fn CompletenessPanel(
    #[prop(into)] candidate: Signal<Option<Candidate>>,
    #[prop(into)] can_edit: Signal<bool>,
    reload: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let errors: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let confirm = move |_| {
        let Some(c) = candidate.get_untracked() else { return };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let path = format!("/candidates/{}/availability-confirmation", c.id);
            match api::post::<_, Candidate>(&path, &serde_json::json!({})).await {
                Ok(_) => {
                    errors.set(None);
                    notify(reminder_texts(i18n.0.get_untracked()).availability_saved);
                    reload.update(|n| *n += 1);
                }
                Err(error) => errors.set(Some(error)),
            }
            busy.set(false);
        });
    };
    view! {
        {move || candidate.get().filter(|c| !c.hidden_fields.iter().any(|f| f == "missing")).map(|c| {
            let lang = i18n.0.get();
            let t = reminder_texts(lang);
            let today = crate::pages::guidance::today().parse().unwrap_or_default();
            let age = availability_age_days(c.availability_confirmed_at.map(|at| at.date_naive()), today);
            let confirmed = match (age, c.availability_confirmed_at) {
                (Some(days), Some(at)) => format!(
                    "{} {} ({}{})",
                    t.availability_confirmed,
                    age_text(lang, days),
                    format_date(&at.date_naive()),
                    c.availability_confirmed_by.as_ref().map(|by| format!(", {} {by}", t.by)).unwrap_or_default()
                ),
                _ => t.availability_never.to_owned(),
            };
            view! {
                <section class="completeness" id="completeness" aria-labelledby="completeness-title">
                    <h2 id="completeness-title">{t.completeness_title}</h2>
                    {if c.missing.is_empty() {
                        view! { <p id="completeness-complete">{t.complete}</p> }.into_any()
                    } else {
                        view! {
                            <div class="notice utrecht-alert utrecht-alert--warning" id="completeness-missing">
                                <p>{t.missing}</p>
                                <ul>{c.missing.iter().map(|f| view! { <li data-field=f.name()>{matching_field_label(lang, *f)}</li> }).collect_view()}</ul>
                            </div>
                        }.into_any()
                    }}
                    <p id="availability-age">{confirmed}</p>
                    <FormError errors=errors id="availability-error"/>
                    <Show when=move || can_edit.get()>
                        <button type="button" id="confirm-availability" class="button button--secondary utrecht-button utrecht-button--secondary-action"
                            disabled=move || busy.get() on:click=confirm>{t.confirm_availability}</button>
                    </Show>
                </section>
            }
        })}
    }
}
