//! The matches of a partner's own packages, from `introduced` on, as `GET /matches` gives them to a partner
//! (the candidate's first name and hours only, no score), each declinable for the organisation with a
//! reason and a confirmation.

use leptos::prelude::*;
use shared::auth::Role;
use shared::matching::lifecycle::{DeclinedBy, MatchActor, MatchStage, next_steps};
use shared::matching::wire::{Match, MatchTransition};
use shared::paging::Page;

use crate::api::{self, ApiError};
use crate::app::{RequireRole, page_title};
use crate::components::{
    ConfirmDialog, FormError, Pager, TextField, UrlQuery, field_error, format_date, format_instant, list_state, notify,
};
use crate::i18n::{Lang, use_i18n};
use crate::i18n_matching::{declined_by_name, match_texts, mtr, stage_name};

const PARTNERS: &[Role] = &[Role::Partner];

/// Where a match is: its stage, the trial's dates, and who declined it why.
pub fn stage_cell(lang: Lang, x: &Match) -> String {
    let mut text = stage_name(lang, x.stage).to_owned();
    if let Some(start) = x.trial_start_date {
        let end = x.trial_end_date.as_ref().map(format_date).unwrap_or_default();
        text.push_str(&format!(" ({} – {end})", format_date(&start)));
    }
    if let Some(by) = x.declined_by {
        text.push_str(&format!(" – {}", declined_by_name(lang, by)));
        if !x.decline_reason.is_empty() {
            text.push_str(&format!(": {}", x.decline_reason));
        }
    }
    text
}

/// The partner's matches: a table with a decline button where the lifecycle allows it; the decline asks
/// the reason and once more before it happens.
#[component]
pub fn OrganisationMatches() -> impl IntoView {
    page_title(|t| match_texts(t.lang).organisation_matches_title);
    let i18n = use_i18n();
    let page = UrlQuery::new().page_signal();
    let reload = RwSignal::new(0u32);
    let list = api::resource(move || {
        reload.track();
        let path = format!("/matches?page={}", page.get());
        async move { api::get::<Page<Match>>(&path).await }
    });
    let total_pages = Signal::derive(move || list.get().and_then(|r| r.ok()).map(|p| p.total_pages).unwrap_or(1));
    let total_items = Signal::derive(move || list.get().and_then(|r| r.ok()).map(|p| p.total_items).unwrap_or(0));
    // The match being declined, its reason, and whether the confirmation is open.
    let chosen = RwSignal::new(None::<Match>);
    let reason = RwSignal::new(String::new());
    let confirming = RwSignal::new(false);
    let errors: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let open = move |x: Match| {
        errors.set(None);
        confirming.set(false);
        reason.set(String::new());
        chosen.set(Some(x));
        leptos::prelude::request_animation_frame(|| {
            if let Some(field) =
                web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("decline-reason"))
            {
                crate::components::focus_element(&field);
            }
        });
    };
    let close = move || {
        chosen.set(None);
        confirming.set(false);
        errors.set(None);
    };
    let decline = move || {
        let Some(x) = chosen.get_untracked() else { return };
        if busy.get_untracked() {
            return;
        }
        confirming.set(false);
        errors.set(None);
        busy.set(true);
        let body = MatchTransition {
            to: Some(MatchStage::Declined),
            reason: reason.get_untracked(),
            version: Some(x.version),
            declined_by: Some(DeclinedBy::Organisation),
            position_id: None,
            trial_start_date: None,
            trial_end_date: None,
        };
        leptos::task::spawn_local(async move {
            match api::post::<_, Match>(&format!("/matches/{}/transitions", x.id), &body).await {
                Ok(_) => {
                    chosen.set(None);
                    reason.set(String::new());
                    notify(match_texts(i18n.0.get_untracked()).organisation_declined_done);
                    reload.update(|n| *n += 1);
                }
                Err(error) => errors.set(Some(error)),
            }
            busy.set(false);
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if reason.get_untracked().trim().is_empty() {
            // The server names the missing reason; asking to confirm first would only delay that.
            decline();
        } else {
            confirming.set(true);
        }
    };
    let question = Signal::derive(move || match_texts(i18n.0.get()).organisation_decline_question.to_owned());
    let confirm_label = Signal::derive(move || match_texts(i18n.0.get()).step_declined.to_owned());
    view! {
        <h1>{mtr(|t| t.organisation_matches_title)}</h1>
        <RequireRole roles=PARTNERS>
            <p class="form-hint utrecht-form-field-description">{mtr(|t| t.organisation_matches_hint)}</p>
            {move || list_state(i18n.0.get(), list.get(), |page| {
                let lang = i18n.0.get_untracked();
                let m = match_texts(lang);
                view! {
                    <table class="table utrecht-table utrecht-table--html-table" id="organisation-matches">
                        <caption>{m.organisation_matches_title}</caption>
                        <thead><tr>
                            <th scope="col">{m.first_name}</th>
                            <th scope="col">{m.hours_a_week}</th>
                            <th scope="col">{m.package}</th>
                            <th scope="col">{m.stage}</th>
                            <th scope="col">{m.changed}</th>
                            <th scope="col">{m.action}</th>
                        </tr></thead>
                        <tbody>
                            {page.items.into_iter().map(|x| {
                                let key = x.id.to_string();
                                let can_decline = next_steps(x.stage, MatchActor::Partner).contains(&MatchStage::Declined);
                                let name = x.candidate_name.clone();
                                let row = x.clone();
                                view! {
                                    <tr id=format!("match-{key}")>
                                        <td>{x.candidate_name.clone()}</td>
                                        <td>{x.candidate_hours.map(|h| h.to_string()).unwrap_or_default()}</td>
                                        <td>{x.package_title.clone()}</td>
                                        <td class="match-stage">{stage_cell(lang, &x)}</td>
                                        <td>{format_instant(&x.updated_at)}</td>
                                        <td>
                                            {can_decline.then(|| view! {
                                                <button type="button" class="button button--secondary utrecht-button utrecht-button--secondary-action" id=format!("decline-{key}")
                                                    disabled=move || busy.get() on:click=move |_| open(row.clone())>
                                                    {m.step_declined}<span class="visually-hidden">": " {name.clone()}</span>
                                                </button>
                                            })}
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            })}
            <Pager page=page total_pages=total_pages total_items=total_items/>
            {move || chosen.get().map(|x| view! {
                <form class="form" id="decline-form" on:submit=submit novalidate=true aria-labelledby="decline-title">
                    <h2 id="decline-title">
                        {mtr(|t| t.organisation_decline_title)} ": " {x.candidate_name.clone()} " – " {x.package_title.clone()}
                    </h2>
                    <FormError errors=errors prefix="decline-"/>
                    <TextField id="decline-reason" label=|t| crate::i18n_matching::label(t, "reason") multiline=true
                        required=true value=reason error=field_error(errors, "reason")/>
                    <div class="form-actions">
                        <button type="submit" id="decline-submit" class="button utrecht-button utrecht-button--primary-action" disabled=move || busy.get()>{mtr(|t| t.step_declined)}</button>
                        <button type="button" id="decline-cancel" class="button button--secondary utrecht-button utrecht-button--secondary-action" on:click=move |_| close()>{crate::i18n::tr(|t| t.cancel)}</button>
                    </div>
                    <Show when=move || confirming.get()>
                        <ConfirmDialog id="decline-question" question=question confirm_label=confirm_label
                            on_confirm=move |()| decline() on_cancel=move |()| confirming.set(false)/>
                    </Show>
                </form>
            })}
        </RequireRole>
    }
}
