//! The match board (matches by stage, filtered by candidate or package through the URL) and a match's
//! page with the steps shared's lifecycle allows from its stage.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use shared::matching::lifecycle::{DeclinedBy, MatchActor, MatchStage, next_steps};
use shared::matching::wire::{Match, MatchTransition};
use shared::paging::Page;

use super::MATCHERS;
use crate::api::{self, ApiError};
use crate::app::{RequireRole, page_title, set_title};
use crate::components::{
    ConfirmDialog, FormCheck, FormError, Pager, SelectField, TextField, UrlQuery, error_text, field_error, format_date,
    format_instant, list_state, notify,
};
use crate::i18n::{Lang, use_i18n};
use crate::i18n_matching::{declined_by_name, match_texts, mtr, stage_name};

const STAGES: [MatchStage; 6] = [
    MatchStage::Proposed,
    MatchStage::Introduced,
    MatchStage::TrialPlacement,
    MatchStage::Agreed,
    MatchStage::Contracted,
    MatchStage::Declined,
];

/// How many matches a stage's section shows before "show all".
const SECTION_SIZE: u64 = 10;

fn match_table(lang: Lang, id: String, caption: String, matches: Vec<Match>) -> AnyView {
    let m = match_texts(lang);
    view! {
        <table class="table utrecht-table utrecht-table--html-table" id=id>
            <caption>{caption}</caption>
            <thead><tr>
                <th scope="col">{m.candidate}</th>
                <th scope="col">{m.package}</th>
                <th scope="col">{m.score}</th>
                <th scope="col">{m.changed}</th>
            </tr></thead>
            <tbody>
                {matches.into_iter().map(|x| view! {
                    <tr>
                        <td><a href=format!("/matches/{}", x.id)>{x.candidate_name.clone()}</a></td>
                        <td>{x.package_title.clone()}</td>
                        <td>{x.score.map(|s| s.to_string()).unwrap_or_default()}</td>
                        <td>{format_instant(&x.updated_at)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// The filters of the board that the URL carries besides the stage: `candidateId`, `packageId`.
fn filter_pairs(url: UrlQuery) -> Vec<(&'static str, String)> {
    vec![("candidateId", url.get("candidateId")), ("packageId", url.get("packageId"))]
}

/// One stage's first matches, with their number and a way to see them all.
#[component]
fn StageSection(url: UrlQuery, stage: MatchStage) -> impl IntoView {
    let i18n = use_i18n();
    let list = api::resource(move || {
        let mut pairs = filter_pairs(url);
        pairs.push(("stage", stage.as_str().to_owned()));
        pairs.push(("pageSize", SECTION_SIZE.to_string()));
        let path = format!("/matches{}", api::query(&pairs));
        async move { api::get::<Page<Match>>(&path).await }
    });
    let key = stage.as_str();
    view! {
        <section class="board__stage" id=format!("stage-{key}") aria-labelledby=format!("stage-{key}-title")>
            <h2 id=format!("stage-{key}-title")>
                {move || stage_name(i18n.0.get(), stage)}
                {move || list.get().and_then(|r| r.ok()).map(|p| format!(" ({})", p.total_items))}
            </h2>
            {move || list_state(i18n.0.get(), list.get(), |page| {
                let lang = i18n.0.get_untracked();
                let more = page.total_items > SECTION_SIZE;
                view! {
                    {match_table(lang, format!("matches-{key}"), stage_name(lang, stage).to_owned(), page.items)}
                    {more.then(|| view! {
                        <button type="button" class="button button--secondary utrecht-button utrecht-button--secondary-action" on:click=move |_| url.set(&[("stage", key.to_owned()), ("page", String::new())])>
                            {match_texts(lang).show_all}
                        </button>
                    })}
                }.into_any()
            })}
        </section>
    }
}

/// The matches by stage: a section per stage, or one stage's paged list.
#[component]
pub fn MatchBoard() -> impl IntoView {
    page_title(|t| match_texts(t.lang).matches_title);
    let i18n = use_i18n();
    let url = UrlQuery::new();
    let page = url.page_signal();
    let stage = move || url.get("stage").parse::<MatchStage>().ok();
    let list = api::resource(move || {
        let chosen = stage();
        let mut pairs = filter_pairs(url);
        pairs.push(("stage", chosen.map(|s| s.as_str().to_owned()).unwrap_or_default()));
        pairs.push(("page", page.get().to_string()));
        let path = format!("/matches{}", api::query(&pairs));
        async move {
            match chosen {
                Some(_) => api::get::<Page<Match>>(&path).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let total_pages =
        Signal::derive(move || list.get().and_then(|r| r.ok()).flatten().map(|p| p.total_pages).unwrap_or(1));
    let total_items =
        Signal::derive(move || list.get().and_then(|r| r.ok()).flatten().map(|p| p.total_items).unwrap_or(0));
    let filtered = move || !url.get("candidateId").is_empty() || !url.get("packageId").is_empty();
    view! {
        <h1>{mtr(|t| t.matches_title)}</h1>
        <RequireRole roles=MATCHERS>
            <form class="form form--inline" role="search" on:submit=|ev| ev.prevent_default()>
                <div class="form-field utrecht-form-field">
                    <label class="form-label utrecht-form-label" for="stage-filter">{mtr(|t| t.stage)}</label>
                    <select class="form-select utrecht-select utrecht-select--html-select" id="stage-filter"
                        on:change=move |ev| url.set(&[("stage", event_target_value(&ev)), ("page", String::new())])>
                        <option value="" selected=move || stage().is_none()>{mtr(|t| t.all_stages)}</option>
                        {STAGES.iter().map(|s| {
                            let s = *s;
                            view! { <option value=s.as_str() selected=move || stage() == Some(s)>{move || stage_name(i18n.0.get(), s)}</option> }
                        }).collect_view()}
                    </select>
                </div>
            </form>
            <Show when=filtered>
                <p class="notice notice--warning utrecht-alert utrecht-alert--warning" id="board-filter">
                    {mtr(|t| t.filtered)} " "
                    {move || [url.get("candidateId"), url.get("packageId")].into_iter().filter(|v| !v.is_empty()).collect::<Vec<_>>().join(", ")}
                    " "
                    <button type="button" class="button button--secondary utrecht-button utrecht-button--secondary-action" on:click=move |_| url.set(&[("candidateId", String::new()), ("packageId", String::new())])>
                        {mtr(|t| t.clear_filter)}
                    </button>
                </p>
            </Show>
            {move || match stage() {
                None => STAGES.iter().map(|s| view! { <StageSection url=url stage=*s/> }).collect_view().into_any(),
                Some(chosen) => view! {
                    {move || {
                        let lang = i18n.0.get();
                        let result = list.get().map(|r| r.map(|p| p.unwrap_or_else(|| Page::new(Vec::new(), Default::default(), 0))));
                        list_state(lang, result, |page| match_table(lang, "matches-table".to_owned(), stage_name(lang, chosen).to_owned(), page.items))
                    }}
                    <Pager page=page total_pages=total_pages total_items=total_items/>
                }.into_any(),
            }}
        </RequireRole>
    }
}

/// The words of a step's button.
fn step_label(lang: Lang, to: MatchStage) -> String {
    let m = match_texts(lang);
    match to {
        MatchStage::Introduced => m.step_introduced,
        MatchStage::TrialPlacement => m.step_trial,
        MatchStage::Agreed => m.step_agreed,
        MatchStage::Declined => m.step_declined,
        other => stage_name(lang, other),
    }
    .to_owned()
}

/// One match: its facts and the steps staff may take from its stage.
#[component]
pub fn MatchDetail() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id")).unwrap_or_default();
    let reload = RwSignal::new(0u32);
    let found = api::resource(move || {
        reload.track();
        let path = format!("/matches/{}", id());
        async move { api::get::<Match>(&path).await }
    });
    let current = move || found.get().and_then(|r| r.ok());
    let heading = move || match current() {
        Some(x) => format!("{} – {}", x.candidate_name, x.package_title),
        None => match_texts(i18n.0.get()).match_title.to_owned(),
    };
    Effect::new(move |_| set_title(&heading()));
    // The step whose form is open (trial placement asks dates, declining asks who and why).
    let chosen = RwSignal::new(None::<MatchStage>);
    let confirming = RwSignal::new(false);
    let start = RwSignal::new(String::new());
    let end = RwSignal::new(String::new());
    let declined_by = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let errors: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let take = move |to: MatchStage| {
        let Some(x) = current() else { return };
        if busy.get_untracked() {
            return;
        }
        confirming.set(false);
        let mut check = FormCheck::new(i18n.0.get_untracked());
        let (trial_start_date, trial_end_date) = match to {
            MatchStage::TrialPlacement => {
                (check.date("trialStartDate", &start.get_untracked()), check.date("trialEndDate", &end.get_untracked()))
            }
            _ => (None, None),
        };
        if let Err(error) = check.finish() {
            errors.set(Some(error));
            return;
        }
        let body = MatchTransition {
            to: Some(to),
            reason: if to == MatchStage::Declined { reason.get_untracked() } else { String::new() },
            version: Some(x.version),
            declined_by: (to == MatchStage::Declined)
                .then(|| declined_by.get_untracked().parse::<DeclinedBy>().ok())
                .flatten(),
            position_id: None,
            trial_start_date,
            trial_end_date,
        };
        errors.set(None);
        busy.set(true);
        leptos::task::spawn_local(async move {
            match api::post::<_, Match>(&format!("/matches/{}/transitions", id()), &body).await {
                Ok(_) => {
                    chosen.set(None);
                    reason.set(String::new());
                    notify(match_texts(i18n.0.get_untracked()).step_done);
                }
                Err(error) => errors.set(Some(error)),
            }
            busy.set(false);
            reload.update(|n| *n += 1);
        });
    };
    let open = move |to: MatchStage| {
        errors.set(None);
        match to {
            MatchStage::TrialPlacement | MatchStage::Declined => chosen.set(Some(to)),
            _ => take(to),
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match chosen.get_untracked() {
            Some(MatchStage::Declined) => confirming.set(true),
            Some(to) => take(to),
            None => {}
        }
    };
    let who_options = Signal::derive(move || {
        let lang = i18n.0.get();
        [DeclinedBy::Candidate, DeclinedBy::Organisation, DeclinedBy::Staff]
            .into_iter()
            .map(|by| (<&str>::from(by).to_owned(), declined_by_name(lang, by).to_owned()))
            .collect::<Vec<_>>()
    });
    let question = Signal::derive(move || match_texts(i18n.0.get()).confirm_decline.to_owned());
    let decline_label = Signal::derive(move || step_label(i18n.0.get(), MatchStage::Declined));
    view! {
        <h1>{heading}</h1>
        <RequireRole roles=MATCHERS>
            <FormError errors=errors prefix="step-"/>
            {move || found.get().and_then(|r| r.err()).map(|error| view! { <div class="notice notice--error utrecht-alert utrecht-alert--error" role="alert">{error_text(i18n.0.get(), &error)}</div> })}
            {move || current().map(|x| {
                let lang = i18n.0.get();
                let m = match_texts(lang);
                let steps = next_steps(x.stage, MatchActor::Staff);
                view! {
                    <dl class="facts">
                        <dt>{m.candidate}</dt><dd><a href=format!("/candidates/{}", x.candidate_id)>{x.candidate_name.clone()}</a></dd>
                        <dt>{m.package}</dt><dd><a href=format!("/packages/{}", x.package_id)>{x.package_title.clone()}</a></dd>
                        <dt>{m.stage}</dt><dd id="match-stage">{stage_name(lang, x.stage)}</dd>
                        {x.score.map(|s| view! { <dt>{m.score}</dt><dd>{format!("{s} {}", m.points)}</dd> })}
                        {x.position_number.map(|n| view! { <dt>{m.position}</dt><dd id="match-position">{n}</dd> })}
                        {x.trial_start_date.map(|start| view! {
                            <dt>{m.trial}</dt>
                            <dd id="match-trial">{format_date(&start)} " – " {x.trial_end_date.as_ref().map(format_date).unwrap_or_default()}</dd>
                        })}
                        {x.declined_by.map(|by| view! {
                            <dt>{m.declined_by}</dt><dd id="match-declined">{declined_by_name(lang, by)} ": " {x.decline_reason.clone()}</dd>
                        })}
                        <dt>{m.changed}</dt><dd>{format_instant(&x.updated_at)}</dd>
                    </dl>
                    {(x.stage == MatchStage::Agreed).then(|| view! {
                        <p><a class="button utrecht-button utrecht-button--primary-action" id="match-new-contract" href=format!("/contracts/new?matchId={}", x.id)>{crate::i18n_contracts::contract_texts(lang).new_contract}</a></p>
                    })}
                    <h2>{m.next_steps}</h2>
                    {steps.is_empty().then(|| view! { <p id="no-steps">{m.no_steps}</p> })}
                    <div class="form-actions">
                        {steps.iter().map(|to| {
                            let to = *to;
                            let class = if to == MatchStage::Declined { "button button--secondary" } else { "button" };
                            view! {
                                <button type="button" id=format!("step-{}", to.as_str()) class=class
                                    aria-expanded=move || matches!(to, MatchStage::TrialPlacement | MatchStage::Declined).then(|| if chosen.get() == Some(to) { "true" } else { "false" })
                                    disabled=move || busy.get() on:click=move |_| open(to)>{step_label(lang, to)}</button>
                            }
                        }).collect_view()}
                    </div>
                }
            })}
            <Show when=move || chosen.get().is_some()>
                <form class="form" id="step-form" on:submit=submit novalidate=true>
                    {move || match chosen.get() {
                        Some(MatchStage::TrialPlacement) => view! {
                            <TextField id="step-trialStartDate" label=|t| crate::i18n_matching::label(t, "trialStartDate") input_type="date" required=true value=start error=field_error(errors, "trialStartDate")/>
                            <TextField id="step-trialEndDate" label=|t| crate::i18n_matching::label(t, "trialEndDate") input_type="date" required=true value=end error=field_error(errors, "trialEndDate")/>
                        }.into_any(),
                        _ => view! {
                            <SelectField id="step-declinedBy" label=|t| crate::i18n_matching::label(t, "declinedBy") value=declined_by options=who_options required=true error=field_error(errors, "declinedBy")/>
                            <TextField id="step-reason" label=|t| crate::i18n_matching::label(t, "reason") multiline=true required=true value=reason error=field_error(errors, "reason")/>
                        }.into_any(),
                    }}
                    <div class="form-actions">
                        <button type="submit" id="step-submit" class="button utrecht-button utrecht-button--primary-action" disabled=move || busy.get()>
                            {move || chosen.get().map(|to| step_label(i18n.0.get(), to)).unwrap_or_default()}
                        </button>
                        <button type="button" class="button button--secondary utrecht-button utrecht-button--secondary-action" on:click=move |_| { chosen.set(None); confirming.set(false); }>{crate::i18n::tr(|t| t.cancel)}</button>
                    </div>
                    <Show when=move || confirming.get()>
                        <ConfirmDialog id="decline-question" question=question confirm_label=decline_label
                            on_confirm=move |()| take(MatchStage::Declined) on_cancel=move |()| confirming.set(false)/>
                    </Show>
                </form>
            </Show>
        </RequireRole>
    }
}
