//! The ranked lists: a package's best candidates (from the package's page) and a candidate's best
//! packages (from the candidate's page), each entry with its score and explanation; excluded entries on
//! request, with their reasons.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use shared::candidates::{Candidate, CandidateStatus};
use shared::matching::wire::{
    CreateMatch, Explanation, Match, Preferences, RankedCandidate, RankedPackage, SavePreferences,
};
use shared::paging::Page;
use shared::tasks::TaskPackage;
use uuid::Uuid;

use super::{MATCHERS, explanation};
use crate::api::{self, ApiError};
use crate::app::{RequireRole, set_title};
use crate::components::{FormError, Pager, UrlQuery, error_text, format_instant, list_state, notify};
use crate::i18n::use_i18n;
use crate::i18n_matching::{MatchTexts, match_texts, mtr};

/// The checkbox that also shows the excluded entries; its state lives in the URL (`excluded=true`).
#[component]
fn ExcludedToggle(
    url: UrlQuery,
    label: fn(&'static crate::i18n_matching::MatchTexts) -> &'static str,
) -> impl IntoView {
    let checked = move || url.get("excluded") == "true";
    let toggle = move |ev: leptos::ev::Event| {
        let on = event_target_checked(&ev);
        url.set(&[("excluded", if on { "true".to_owned() } else { String::new() }), ("page", String::new())]);
    };
    view! {
        <p class="form-check">
            <input type="checkbox" id="include-excluded" prop:checked=checked on:change=toggle/>
            " "
            <label for="include-excluded">{mtr(label)}</label>
        </p>
    }
}

/// `?page=..&includeExcluded=..` for a ranked list, from the page's URL.
fn ranked_query(url: UrlQuery) -> String {
    api::query(&[
        ("page", url.page().to_string()),
        ("includeExcluded", if url.get("excluded") == "true" { "true".to_owned() } else { String::new() }),
    ])
}

fn score_text(lang: crate::i18n::Lang, score: u8) -> String {
    format!("{score} {}", match_texts(lang).points)
}

/// What a ranked list shows of each entry, the same for a package's candidates and a candidate's packages.
trait Ranked: Clone + serde::de::DeserializeOwned + Send + Sync + 'static {
    /// The candidate's or the package's id.
    fn id(&self) -> Uuid;
    /// The entry's own page and its name.
    fn link(&self) -> (String, String);
    fn score(&self) -> u8;
    fn excluded(&self) -> bool;
    fn explanation(&self) -> &Explanation;
    /// Marks beside the score, besides "excluded".
    fn tags(&self, _m: &'static MatchTexts) -> Vec<&'static str> {
        Vec::new()
    }
    /// A line of facts under the name.
    fn facts(&self, _m: &'static MatchTexts) -> Option<String> {
        None
    }
}

impl Ranked for RankedCandidate {
    fn id(&self) -> Uuid {
        self.candidate_id
    }
    fn link(&self) -> (String, String) {
        (format!("/candidates/{}", self.candidate_id), format!("{} {}", self.first_name, self.last_name))
    }
    fn score(&self) -> u8 {
        self.score
    }
    fn excluded(&self) -> bool {
        self.excluded
    }
    fn explanation(&self) -> &Explanation {
        &self.explanation
    }
    fn tags(&self, m: &'static MatchTexts) -> Vec<&'static str> {
        if self.status == CandidateStatus::PreTrajectory { vec![m.pre_trajectory_mark] } else { Vec::new() }
    }
}

impl Ranked for RankedPackage {
    fn id(&self) -> Uuid {
        self.package_id
    }
    fn link(&self) -> (String, String) {
        (format!("/packages/{}", self.package_id), self.title.clone())
    }
    fn score(&self) -> u8 {
        self.score
    }
    fn excluded(&self) -> bool {
        self.excluded
    }
    fn explanation(&self) -> &Explanation {
        &self.explanation
    }
    fn facts(&self, m: &'static MatchTexts) -> Option<String> {
        Some(format!(
            "{} · {} {} · {} {}",
            self.organisation_name, self.hours_per_week, m.hours_short, self.positions, m.positions_short
        ))
    }
}

/// One ranked list, best first, paged through the URL: each entry with its score, marks, explanation and
/// what `action` offers below it (propose a candidate, add a package to the preferences).
#[component]
fn RankedList<T: Ranked>(
    /// The list's path without its query: `/task-packages/{id}/candidates` or `/candidates/{id}/packages`.
    #[prop(into)]
    path: Signal<String>,
    url: UrlQuery,
    action: Callback<T, AnyView>,
) -> impl IntoView {
    let i18n = use_i18n();
    let page = url.page_signal();
    // The reasons come in the language of the request: a language switch asks again.
    let list = api::resource(move || {
        let _ = i18n.0.get();
        let path = format!("{}{}", path.get(), ranked_query(url));
        async move { api::get::<Page<T>>(&path).await }
    });
    let total_pages = Signal::derive(move || list.get().and_then(|r| r.ok()).map(|p| p.total_pages).unwrap_or(1));
    let total_items = Signal::derive(move || list.get().and_then(|r| r.ok()).map(|p| p.total_items).unwrap_or(0));
    view! {
        {move || list_state(i18n.0.get(), list.get(), |page| {
            let lang = i18n.0.get_untracked();
            let m = match_texts(lang);
            let start = (page.page - 1) * page.page_size + 1;
            view! {
                <ol class="ranking" id="ranking" start=start.to_string()>
                    {page.items.into_iter().map(|entry| {
                        let key = entry.id().to_string();
                        let (href, name) = entry.link();
                        view! {
                            <li class="ranking__entry" id=format!("rank-{key}") class:ranking__entry--excluded=entry.excluded()>
                                <p class="ranking__head">
                                    <a href=href>{name}</a>
                                    " "<strong class="ranking__score">{score_text(lang, entry.score())}</strong>
                                    {entry.tags(m).into_iter().map(|tag| view! { " "<span class="tag">{tag}</span> }).collect_view()}
                                    {entry.excluded().then(|| view! { " "<span class="tag tag--warning">{m.excluded}</span> })}
                                </p>
                                {entry.facts(m).map(|facts| view! { <p class="ranking__facts">{facts}</p> })}
                                {explanation(lang, key.clone(), entry.score(), entry.explanation())}
                                {action.run(entry.clone())}
                            </li>
                        }
                    }).collect_view()}
                </ol>
            }.into_any()
        })}
        <Pager page=page total_pages=total_pages total_items=total_items/>
    }
}

/// The best candidates for a package, best first.
#[component]
pub fn PackageCandidates() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id")).unwrap_or_default();
    let url = UrlQuery::new();
    let package = api::resource(move || {
        let path = format!("/task-packages/{}", id());
        async move { api::get::<TaskPackage>(&path).await }
    });
    let heading = move || {
        let m = match_texts(i18n.0.get());
        match package.get().and_then(|r| r.ok()) {
            Some(p) => format!("{}: {}", m.best_candidates, p.title),
            None => m.best_candidates.to_owned(),
        }
    };
    Effect::new(move |_| set_title(&heading()));
    let errors: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let navigate = use_navigate();
    let propose = Callback::new(move |candidate: uuid::Uuid| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        errors.set(None);
        let body = CreateMatch { candidate_id: Some(candidate), package_id: id().parse().ok() };
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match api::post::<_, Match>("/matches", &body).await {
                Ok(created) => {
                    notify(match_texts(i18n.0.get_untracked()).proposed_done);
                    navigate(&format!("/matches/{}", created.id), Default::default());
                }
                Err(error) => errors.set(Some(error)),
            }
            busy.set(false);
        });
    });
    // An eligible candidate that no hard exclusion rules out can be proposed at once.
    let action = Callback::new(move |c: RankedCandidate| {
        let m = match_texts(i18n.0.get_untracked());
        let candidate = c.candidate_id;
        (!c.excluded && c.status == CandidateStatus::Eligible)
            .then(|| {
                view! {
                    <button type="button" class="button button--secondary utrecht-button utrecht-button--secondary-action" id=format!("propose-{candidate}")
                        disabled=move || busy.get() on:click=move |_| propose.run(candidate)>{m.propose}</button>
                }
            })
            .into_any()
    });
    view! {
        <h1>{heading}</h1>
        <RequireRole roles=MATCHERS>
            <p><a href=move || format!("/packages/{}", id())>{mtr(|t| t.package)}</a></p>
            <ExcludedToggle url=url label=|t| t.show_excluded/>
            <FormError errors=errors/>
            <RankedList path=Signal::derive(move || format!("/task-packages/{}/candidates", id())) url=url action=action/>
        </RequireRole>
    }
}

/// The best open packages for a candidate, best first, under the candidate's preferences.
#[component]
pub fn CandidatePackages() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id")).unwrap_or_default();
    let url = UrlQuery::new();
    let candidate = api::resource(move || {
        let path = format!("/candidates/{}", id());
        async move { api::get::<Candidate>(&path).await }
    });
    let heading = move || {
        let m = match_texts(i18n.0.get());
        match candidate.get().and_then(|r| r.ok()) {
            Some(c) => format!("{}: {} {}", m.best_packages, c.first_name, c.last_name),
            None => m.best_packages.to_owned(),
        }
    };
    Effect::new(move |_| set_title(&heading()));
    let chosen: RwSignal<Vec<(Uuid, String)>> = RwSignal::new(Vec::new());
    let dirty = RwSignal::new(false);
    // The round whose undecided proposal holds the preferences (they cannot change until it is decided).
    let locked = RwSignal::new(None::<Uuid>);
    let action = Callback::new(move |p: RankedPackage| {
        add_button(i18n.0.get_untracked(), p.package_id, p.title, chosen, dirty, locked)
    });
    view! {
        <h1>{heading}</h1>
        <RequireRole roles=MATCHERS>
            <p><a href=move || format!("/candidates/{}", id())>{mtr(|t| t.candidate)}</a></p>
            <PreferenceEditor candidate=Signal::derive(id) chosen=chosen dirty=dirty locked=locked/>
            <h2>{mtr(|t| t.best_packages)}</h2>
            <ExcludedToggle url=url label=|t| t.show_excluded_packages/>
            <RankedList path=Signal::derive(move || format!("/candidates/{}/packages", id())) url=url action=action/>
        </RequireRole>
    }
}

/// The button of a ranked package that adds it to the preferences (or says it is there already). None
/// while a round holds the preferences.
fn add_button(
    lang: crate::i18n::Lang,
    package: Uuid,
    title: String,
    chosen: RwSignal<Vec<(Uuid, String)>>,
    dirty: RwSignal<bool>,
    locked: RwSignal<Option<Uuid>>,
) -> AnyView {
    let m = match_texts(lang);
    let present = move || chosen.with(|c| c.iter().any(|(id, _)| *id == package));
    let hidden = title.clone();
    let add = move |_| {
        if !present() {
            chosen.update(|c| c.push((package, title.clone())));
            dirty.set(true);
            focus_later(format!("pref-remove-{package}"));
        }
    };
    view! {
        <Show when=move || !present() && locked.get().is_none()
            fallback=move || present().then(|| view! { <p class="form-hint utrecht-form-field-description">{m.in_preferences}</p> })>
            <button type="button" class="button button--secondary utrecht-button utrecht-button--secondary-action" id=format!("add-{package}") on:click=add.clone()>
                {m.add_preference}<span class="visually-hidden">": " {hidden.clone()}</span>
            </button>
        </Show>
    }
    .into_any()
}

/// Moves the focus to the element `id` once the view has been redrawn (a moved entry's button keeps the
/// focus, so a keyboard user can press it again).
fn focus_later(id: String) {
    leptos::prelude::request_animation_frame(move || {
        if let Some(element) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(&id)) {
            crate::components::focus_element(&element);
        }
    });
}

/// The candidate's preferences, best first: chosen from the ranked list, reordered and removed with
/// buttons (so by keyboard too), saved with the version they replace; a stale version says so. While a
/// round that used them has an undecided proposal for the candidate they are read-only, and the page says
/// why and links to the round.
#[component]
fn PreferenceEditor(
    #[prop(into)] candidate: Signal<String>,
    chosen: RwSignal<Vec<(Uuid, String)>>,
    dirty: RwSignal<bool>,
    locked: RwSignal<Option<Uuid>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let reload = RwSignal::new(0u32);
    let saved = api::resource(move || {
        reload.track();
        let path = format!("/candidates/{}/preferences", candidate.get());
        async move { api::get::<Preferences>(&path).await }
    });
    // The last saved list: its version (the next save replaces it) and who recorded it when.
    let record = RwSignal::new(None::<Preferences>);
    let errors: RwSignal<Option<ApiError>> = RwSignal::new(None);
    // Someone else saved first (409 stale version): said in words, with a way to start again.
    let stale = RwSignal::new(false);
    let busy = RwSignal::new(false);
    // The saved list replaces the one being edited; the packages' titles follow.
    Effect::new(move |_| {
        let Some(Ok(p)) = saved.get() else { return };
        locked.set(p.locked_by_round);
        record.set(Some(p.clone()));
        dirty.set(false);
        chosen.set(p.package_ids.iter().map(|id| (*id, String::new())).collect());
        leptos::task::spawn_local(async move {
            for id in p.package_ids {
                if let Ok(package) = api::get::<TaskPackage>(&format!("/task-packages/{id}")).await {
                    chosen.update(|c| {
                        if let Some(entry) = c.iter_mut().find(|(i, _)| *i == id) {
                            entry.1 = package.title;
                        }
                    });
                }
            }
        });
    });
    let shift = move |index: usize, up: bool| {
        let len = chosen.with_untracked(Vec::len);
        let target = if up { index.checked_sub(1) } else { Some(index + 1).filter(|t| *t < len) };
        let Some(target) = target else { return };
        let id = chosen.with_untracked(|c| c[index].0);
        chosen.update(|c| c.swap(index, target));
        dirty.set(true);
        // At the top (or bottom) the pressed button is disabled: the focus goes to the other one.
        let at_end = if up { target == 0 } else { target + 1 == len };
        let button = match (up, at_end) {
            (true, false) | (false, true) => "up",
            _ => "down",
        };
        focus_later(format!("pref-{button}-{id}"));
    };
    let remove = move |index: usize| {
        chosen.update(|c| {
            c.remove(index);
        });
        dirty.set(true);
        let next = chosen.with_untracked(|c| c.get(index).or(c.last()).map(|(id, _)| *id));
        focus_later(match next {
            Some(id) => format!("pref-remove-{id}"),
            None => "preferences-title".to_owned(),
        });
    };
    let save = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        errors.set(None);
        stale.set(false);
        let body = SavePreferences {
            package_ids: chosen.with_untracked(|c| c.iter().map(|(id, _)| *id).collect()),
            version: Some(record.with_untracked(|r| r.as_ref().map_or(0, |r| r.version))),
        };
        let path = format!("/candidates/{}/preferences", candidate.get_untracked());
        leptos::task::spawn_local(async move {
            match api::put::<_, Preferences>(&path, &body).await {
                Ok(p) => {
                    record.set(Some(p));
                    dirty.set(false);
                    notify(match_texts(i18n.0.get_untracked()).preferences_saved);
                }
                Err(error) if error.status == 409 && error.code() == "stale_version" => stale.set(true),
                // A round took them meanwhile: reading them again shows the list it holds, and why.
                Err(error) if error.status == 409 && error.code() == "preferences_in_round" => {
                    reload.update(|n| *n += 1)
                }
                Err(error) => errors.set(Some(error)),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="preferences" aria-labelledby="preferences-title">
            <h2 id="preferences-title" tabindex="-1">{mtr(|t| t.preferences)}</h2>
            <p class="form-hint utrecht-form-field-description">{mtr(|t| t.preferences_hint)}</p>
            {move || record.get().filter(|p| p.version > 0).map(|p| view! {
                <p id="preferences-recorded">
                    {mtr(|t| t.recorded)} " " {p.recorded_by.clone().unwrap_or_default()}
                    {p.recorded_at.as_ref().map(|at| format!(", {}", format_instant(at)))}
                </p>
            })}
            {move || locked.get().map(|round| view! {
                <div class="notice notice--warning utrecht-alert utrecht-alert--warning" id="preferences-locked">
                    <p>{mtr(|t| t.preferences_locked)}</p>
                    <p><a href=format!("/matching-rounds/{round}") id="preferences-round">{mtr(|t| t.open_round)}</a></p>
                </div>
            })}
            <FormError errors=errors id="preferences-error" prefix="pref-"/>
            <Show when=move || stale.get()>
                <div class="notice notice--error utrecht-alert utrecht-alert--error" role="alert" id="preferences-conflict">
                    <p>{mtr(|t| t.preferences_conflict)}</p>
                    <button type="button" class="button button--secondary utrecht-button utrecht-button--secondary-action" id="preferences-reload"
                        on:click=move |_| { stale.set(false); reload.update(|n| *n += 1); }>{mtr(|t| t.reload)}</button>
                </div>
            </Show>
            {move || saved.get().and_then(|r| r.err()).map(|e| view! { <div class="notice notice--error utrecht-alert utrecht-alert--error" role="alert">{error_text(i18n.0.get(), &e)}</div> })}
            {move || {
                let m = match_texts(i18n.0.get());
                let items = chosen.get();
                let len = items.len();
                if len == 0 {
                    return view! { <p id="preferences-empty">{m.no_preferences}</p> }.into_any();
                }
                view! {
                    <ol class="preference-list" id="preferences">
                        {items.into_iter().enumerate().map(|(index, (id, title))| view! {
                            <li id=format!("pref-packageIds[{index}]") data-package=id.to_string()>
                                <span class="preference-list__title">{title.clone()}</span>
                                <span class="preference-list__actions">
                                    <button type="button" class="button button--secondary utrecht-button utrecht-button--secondary-action" id=format!("pref-up-{id}") disabled=move || index == 0 || locked.get().is_some() on:click=move |_| shift(index, true)>
                                        {m.move_up}<span class="visually-hidden">": " {title.clone()}</span>
                                    </button>
                                    <button type="button" class="button button--secondary utrecht-button utrecht-button--secondary-action" id=format!("pref-down-{id}") disabled=move || index + 1 == len || locked.get().is_some() on:click=move |_| shift(index, false)>
                                        {m.move_down}<span class="visually-hidden">": " {title.clone()}</span>
                                    </button>
                                    <button type="button" class="button button--secondary utrecht-button utrecht-button--secondary-action" id=format!("pref-remove-{id}") disabled=move || locked.get().is_some() on:click=move |_| remove(index)>
                                        {m.remove}<span class="visually-hidden">": " {title.clone()}</span>
                                    </button>
                                </span>
                            </li>
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
            <Show when=move || locked.get().is_none()>
            <div class="form-actions">
                <button type="button" class="button utrecht-button utrecht-button--primary-action" id="preferences-save" disabled=move || busy.get() on:click=save>
                    {move || if busy.get() { crate::i18n::texts(i18n.0.get()).busy } else { match_texts(i18n.0.get()).save_preferences }}
                </button>
                <Show when=move || dirty.get()><span class="form-hint utrecht-form-field-description" id="preferences-unsaved">{mtr(|t| t.unsaved)}</span></Show>
            </div>
            </Show>
        </section>
    }
}
