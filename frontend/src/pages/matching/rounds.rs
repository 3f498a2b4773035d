//! Matching rounds: the list of rounds, the wizard (choose packages and candidates, choose the method, run)
//! and a round's page with its proposals side by side, each accepted (the step to `introduced`) or
//! rejected (`declined` by staff, with a reason) one by one.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use shared::candidates::CandidateSummary;
use shared::matching::lifecycle::{DeclinedBy, MatchStage};
use shared::matching::rounds::{CreateRound, Round, RoundAlgorithm, RoundSummary};
use shared::matching::wire::{Match, MatchTransition};
use shared::paging::Page;
use shared::tasks::TaskPackage;
use uuid::Uuid;

use super::MATCHERS;
use crate::api::{self, ApiError};
use crate::app::{RequireRole, page_title, set_title};
use crate::components::{
    FormError, Pager, SubmitButton, TextField, UrlQuery, error_text, field_error, format_instant, list_state, notify,
};
use crate::i18n::use_i18n;
use crate::i18n_matching::{algorithm_name, match_texts, mtr, stage_name};
use crate::pages::candidates::CheckboxGroup;

/// The first server error of a list field (`packageIds[3]` for `packageIds`).
fn list_error(errors: RwSignal<Option<ApiError>>, field: &'static str) -> Signal<Option<String>> {
    Signal::derive(move || {
        errors.get().and_then(|e| {
            e.problem?
                .invalid_params
                .into_iter()
                .find(|p| p.name == field || p.name.starts_with(&format!("{field}[")))
                .map(|p| p.reason)
        })
    })
}

/// The rounds run so far, newest first.
#[component]
pub fn Rounds() -> impl IntoView {
    page_title(|t| match_texts(t.lang).rounds_title);
    let i18n = use_i18n();
    let page = UrlQuery::new().page_signal();
    let list = api::resource(move || {
        let path = format!("/matching-rounds?page={}", page.get());
        async move { api::get::<Page<RoundSummary>>(&path).await }
    });
    let total_pages = Signal::derive(move || list.get().and_then(|r| r.ok()).map(|p| p.total_pages).unwrap_or(1));
    let total_items = Signal::derive(move || list.get().and_then(|r| r.ok()).map(|p| p.total_items).unwrap_or(0));
    view! {
        <h1>{mtr(|t| t.rounds_title)}</h1>
        <RequireRole roles=MATCHERS>
            <p><a class="button utrecht-button utrecht-button--primary-action" id="new-round" href="/matching-rounds/new">{mtr(|t| t.new_round)}</a></p>
            {move || list_state(i18n.0.get(), list.get(), |page| {
                let lang = i18n.0.get_untracked();
                let m = match_texts(lang);
                view! {
                    <table class="table utrecht-table utrecht-table--html-table" id="rounds-table">
                        <caption>{m.rounds_title}</caption>
                        <thead><tr>
                            <th scope="col">{m.when}</th><th scope="col">{m.algorithm}</th>
                            <th scope="col">{m.proposals}</th><th scope="col">{m.total_score}</th><th scope="col">{m.created_by}</th>
                        </tr></thead>
                        <tbody>
                            {page.items.into_iter().map(|r| view! {
                                <tr>
                                    <td><a href=format!("/matching-rounds/{}", r.id)>{format_instant(&r.created_at)}</a></td>
                                    <td>{algorithm_name(lang, r.algorithm)}</td>
                                    <td>{r.proposal_count}</td>
                                    <td>{r.total_score}</td>
                                    <td>{r.created_by.clone()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            })}
            <Pager page=page total_pages=total_pages total_items=total_items/>
        </RequireRole>
    }
}

/// The wizard: which packages and candidates (none ticked: all), which method, then run.
#[component]
pub fn NewRound() -> impl IntoView {
    page_title(|t| match_texts(t.lang).new_round);
    let i18n = use_i18n();
    let packages = api::resource(|| async {
        api::get::<Page<TaskPackage>>("/task-packages?status=open&pageSize=100").await.map(|p| p.items)
    });
    let candidates = api::resource(|| async {
        api::get::<Page<CandidateSummary>>("/candidates?status=eligible&pageSize=100").await.map(|p| p.items)
    });
    let package_options = Signal::derive(move || {
        packages
            .get()
            .and_then(|r| r.ok())
            .unwrap_or_default()
            .into_iter()
            .map(|p| {
                (
                    p.id.to_string(),
                    format!("{} ({} {})", p.title, p.positions, match_texts(i18n.0.get()).positions_short),
                )
            })
            .collect::<Vec<_>>()
    });
    let candidate_options = Signal::derive(move || {
        candidates
            .get()
            .and_then(|r| r.ok())
            .unwrap_or_default()
            .into_iter()
            .map(|c| (c.id.to_string(), format!("{} {}", c.first_name, c.last_name)))
            .collect::<Vec<_>>()
    });
    let chosen_packages = RwSignal::new(Vec::<String>::new());
    let chosen_candidates = RwSignal::new(Vec::<String>::new());
    let algorithm = RwSignal::new(RoundAlgorithm::Stable);
    let errors: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let navigate = use_navigate();
    let go = Callback::new(move |path: String| navigate(&path, Default::default()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let ids = |list: RwSignal<Vec<String>>| {
            let ids: Vec<Uuid> = list.get_untracked().iter().filter_map(|v| v.parse().ok()).collect();
            (!ids.is_empty()).then_some(ids)
        };
        let body = CreateRound {
            algorithm: Some(algorithm.get_untracked()),
            package_ids: ids(chosen_packages),
            candidate_ids: ids(chosen_candidates),
        };
        errors.set(None);
        busy.set(true);
        leptos::task::spawn_local(async move {
            match api::post::<_, Round>("/matching-rounds", &body).await {
                Ok(round) => go.run(format!("/matching-rounds/{}", round.id)),
                Err(error) => errors.set(Some(error)),
            }
            busy.set(false);
        });
    };
    let legend = move |pick: fn(&'static crate::i18n_matching::MatchTexts) -> &'static str| {
        Signal::derive(move || pick(match_texts(i18n.0.get())))
    };
    view! {
        <h1>{mtr(|t| t.new_round)}</h1>
        <RequireRole roles=MATCHERS>
            <FormError errors=errors/>
            <form class="form" on:submit=submit novalidate=true>
                <p class="form-hint utrecht-form-field-description">{mtr(|t| t.none_means_all)}</p>
                <CheckboxGroup id="packageIds" legend=legend(|t| t.choose_packages) options=package_options selected=chosen_packages error=list_error(errors, "packageIds")/>
                <CheckboxGroup id="candidateIds" legend=legend(|t| t.choose_candidates) options=candidate_options selected=chosen_candidates error=list_error(errors, "candidateIds")/>
                <fieldset class="form-field utrecht-form-field" id="algorithm">
                    <legend class="form-label utrecht-form-label">{mtr(|t| t.algorithm)}</legend>
                    {[(RoundAlgorithm::Stable, "stable"), (RoundAlgorithm::Optimal, "optimal")].into_iter().map(|(value, key)| {
                        let explained: fn(&'static crate::i18n_matching::MatchTexts) -> &'static str = match value {
                            RoundAlgorithm::Stable => |t| t.stable_explained,
                            RoundAlgorithm::Optimal => |t| t.optimal_explained,
                        };
                        view! {
                            <div class="form-radio">
                                <input type="radio" name="algorithm" id=format!("algorithm-{key}") value=key
                                    aria-describedby=format!("algorithm-{key}-hint")
                                    prop:checked=move || algorithm.get() == value
                                    on:change=move |_| algorithm.set(value)/>
                                " " <label for=format!("algorithm-{key}")>{move || algorithm_name(i18n.0.get(), value)}</label>
                                <p class="form-hint utrecht-form-field-description" id=format!("algorithm-{key}-hint")>{mtr(explained)}</p>
                            </div>
                        }
                    }).collect_view()}
                    {move || field_error(errors, "algorithm").get().map(|e| view! { <p class="field-error utrecht-form-field-error-message">{e}</p> })}
                </fieldset>
                <SubmitButton id="round-submit" label=Signal::derive(move || match_texts(i18n.0.get()).run_round) busy=busy/>
            </form>
        </RequireRole>
    }
}

/// A round: what it ran on, and its proposals side by side with their scores, each to accept or reject.
#[component]
pub fn RoundDetail() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id")).unwrap_or_default();
    let reload = RwSignal::new(0u32);
    let round = api::resource(move || {
        reload.track();
        let path = format!("/matching-rounds/{}", id());
        async move { api::get::<Round>(&path).await }
    });
    let heading = move || {
        let m = match_texts(i18n.0.get());
        match round.get().and_then(|r| r.ok()) {
            Some(r) => format!("{} {}", m.round_title, format_instant(&r.created_at)),
            None => m.round_title.to_owned(),
        }
    };
    Effect::new(move |_| set_title(&heading()));
    let errors: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let busy = RwSignal::new(false);
    // The proposal being rejected (its match and version), waiting for a reason.
    let rejecting = RwSignal::new(None::<(Uuid, i32, String)>);
    let reason = RwSignal::new(String::new());
    let step = move |match_id: Uuid, version: i32, to: MatchStage| {
        if busy.get_untracked() {
            return;
        }
        let declined = to == MatchStage::Declined;
        let body = MatchTransition {
            to: Some(to),
            reason: if declined { reason.get_untracked() } else { String::new() },
            version: Some(version),
            declined_by: declined.then_some(DeclinedBy::Staff),
            position_id: None,
            trial_start_date: None,
            trial_end_date: None,
        };
        errors.set(None);
        busy.set(true);
        leptos::task::spawn_local(async move {
            match api::post::<_, Match>(&format!("/matches/{match_id}/transitions"), &body).await {
                Ok(_) => {
                    let m = match_texts(i18n.0.get_untracked());
                    notify(if declined { m.rejected_done } else { m.accepted_done });
                    rejecting.set(None);
                    reason.set(String::new());
                }
                Err(error) => errors.set(Some(error)),
            }
            busy.set(false);
            reload.update(|n| *n += 1);
        });
    };
    view! {
        <h1>{heading}</h1>
        <RequireRole roles=MATCHERS>
            <p><a href="/matching-rounds">{mtr(|t| t.rounds_title)}</a></p>
            <FormError errors=errors prefix="reject-"/>
            {move || round.get().and_then(|r| r.err()).map(|e| view! { <div class="notice notice--error utrecht-alert utrecht-alert--error" role="alert">{error_text(i18n.0.get(), &e)}</div> })}
            {move || round.get().and_then(|r| r.ok()).map(|r| {
                let lang = i18n.0.get();
                let m = match_texts(lang);
                let total: u32 = r.proposals.iter().map(|p| u32::from(p.score)).sum();
                view! {
                    <dl class="facts">
                        <dt>{m.algorithm}</dt><dd id="round-algorithm">{algorithm_name(lang, r.algorithm)}</dd>
                        <dt>{m.created_by}</dt><dd>{r.created_by.clone()}</dd>
                        <dt>{m.round_counts}</dt>
                        <dd>{r.inputs.candidates.len()} " · " {r.inputs.packages.len()} " · " {r.inputs.pair_count}</dd>
                        <dt>{m.total_score}</dt><dd>{total}</dd>
                    </dl>
                    <h2>{m.proposals}</h2>
                    {r.proposals.is_empty().then(|| view! { <p id="no-proposals">{m.no_proposals}</p> })}
                    {(!r.proposals.is_empty()).then(|| view! {
                        <table class="table utrecht-table utrecht-table--html-table" id="proposals">
                            <caption>{m.proposals}</caption>
                            <thead><tr>
                                <th scope="col">{m.candidate}</th><th scope="col">{m.package}</th><th scope="col">{m.score}</th>
                                <th scope="col">{m.stage}</th><th scope="col"><span class="visually-hidden">{m.next_steps}</span></th>
                            </tr></thead>
                            <tbody>
                                {r.proposals.into_iter().map(|p| {
                                    let key = p.match_id;
                                    let open = p.stage == MatchStage::Proposed;
                                    let label = format!("{} – {}", p.candidate_name, p.package_title);
                                    let hidden = label.clone();
                                    let asked = label.clone();
                                    let version = p.version;
                                    view! {
                                        <tr id=format!("proposal-{key}")>
                                            <td><a href=format!("/candidates/{}", p.candidate_id)>{p.candidate_name.clone()}</a></td>
                                            <td><a href=format!("/packages/{}", p.package_id)>{p.package_title.clone()}</a></td>
                                            <td>{format!("{} {}", p.score, m.points)}</td>
                                            <td><a href=format!("/matches/{key}")>{stage_name(lang, p.stage)}</a></td>
                                            <td>
                                                {open.then(|| view! {
                                                    <span class="form-actions">
                                                        <button type="button" class="button utrecht-button utrecht-button--primary-action" id=format!("accept-{key}") disabled=move || busy.get()
                                                            on:click=move |_| step(key, version, MatchStage::Introduced)>
                                                            {m.accept}<span class="visually-hidden">": " {hidden.clone()}</span>
                                                        </button>
                                                        <button type="button" class="button button--secondary utrecht-button utrecht-button--secondary-action" id=format!("reject-{key}") disabled=move || busy.get()
                                                            on:click=move |_| rejecting.set(Some((key, version, asked.clone())))>
                                                            {m.reject}<span class="visually-hidden">": " {label.clone()}</span>
                                                        </button>
                                                    </span>
                                                })}
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    })}
                }
            })}
            {move || rejecting.get().map(|(match_id, version, label)| view! {
                <div class="confirm" role="alertdialog" aria-labelledby="reject-question">
                <form class="form" id="reject-form"
                    on:submit=move |ev| { ev.prevent_default(); step(match_id, version, MatchStage::Declined); }>
                    <p id="reject-question">{label} ": " {mtr(|t| t.reject_question)}</p>
                    <TextField id="reject-reason" label=|t| crate::i18n_matching::label(t, "reason") value=reason multiline=true required=true error=field_error(errors, "reason")/>
                    <div class="form-actions">
                        <button type="submit" class="button button--danger utrecht-button utrecht-button--primary-action utrecht-button--danger" id="reject-confirm" disabled=move || busy.get()>{mtr(|t| t.reject)}</button>
                        <button type="button" class="button button--secondary utrecht-button utrecht-button--secondary-action" id="reject-cancel" on:click=move |_| rejecting.set(None)>{crate::i18n::tr(|t| t.cancel)}</button>
                    </div>
                </form>
                </div>
            })}
        </RequireRole>
    }
}
