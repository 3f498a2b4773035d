//! The bulk status change under the candidate list (issue 14, item 4): the selected candidates, the new
//! status and the reason; a preview of what will change and what is refused and why; then the action,
//! which the server carries out for all or none. Beside it, one job coach for the selected candidates
//! ([`BulkCoachBar`]) and, on the caseload page, a whole caseload moved from one coach to another
//! ([`CaseloadMoveForm`]): each with its preview and a confirmation.

use leptos::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use shared::bulk::{
    BulkCoachPreview, BulkCoachRequest, BulkRefusal, BulkStatusPreview, BulkStatusRequest, CaseloadMoveRequest,
};
use shared::candidates::{CandidateStatus, ExitReason};
use shared::guidance::JobCoach;
use shared::paging::Page;
use uuid::Uuid;

use crate::api::{self, ApiError};
use crate::components::{FormError, SelectField, SubmitButton, TextField, field_error, notify};
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

/// A change that is previewed before it is made: the problem of the last answer, the plan shown, and
/// whether a request is under way.
struct Previewed<P: Send + Sync + 'static> {
    errors: RwSignal<Option<ApiError>>,
    plan: RwSignal<Option<P>>,
    busy: RwSignal<bool>,
}

impl<P: Send + Sync + 'static> Clone for Previewed<P> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<P: Send + Sync + 'static> Copy for Previewed<P> {}

impl<P: DeserializeOwned + Send + Sync + 'static> Previewed<P> {
    fn new() -> Self {
        Previewed { errors: RwSignal::new(None), plan: RwSignal::new(None), busy: RwSignal::new(false) }
    }

    /// `POST path` with `body`; `then` gets the answer, a problem shows in the form.
    fn post<B: Serialize + 'static>(self, path: &'static str, body: B, then: impl FnOnce(P) + 'static) {
        self.busy.set(true);
        leptos::task::spawn_local(async move {
            let answer = api::post::<_, P>(path, &body).await;
            self.busy.set(false);
            match answer {
                Ok(answer) => {
                    self.errors.set(None);
                    then(answer);
                }
                Err(error) => self.errors.set(Some(error)),
            }
        });
    }

    /// The plan of `body` from `path` (a `/preview` operation), shown until something changes.
    fn preview<B: Serialize + 'static>(self, path: &'static str, body: B) {
        self.post(path, body, move |plan| self.plan.set(Some(plan)));
    }

    /// The change itself at `path`; then the plan goes and `done` runs.
    fn confirm<B: Serialize + 'static>(self, path: &'static str, body: B, done: impl FnOnce() + 'static) {
        self.post(path, body, move |_| {
            self.plan.set(None);
            done();
        });
    }
}

/// A plan: the changes (one line each) and the refusals, with the button that confirms them (disabled
/// while one is refused or nothing would change). Its elements are named `{prefix}-plan`,
/// `{prefix}-changes`, `{prefix}-refusals` and `{prefix}-confirm`.
fn plan_view(
    lang: Lang,
    prefix: &'static str,
    changes: Vec<String>,
    refusals: Vec<BulkRefusal>,
    empty: Option<&'static str>,
    confirm_label: &'static str,
    confirm: impl Fn(leptos::ev::MouseEvent) + 'static,
) -> impl IntoView {
    let t = bulk_texts(lang);
    let refused = !refusals.is_empty();
    let nothing = changes.is_empty() && !refused;
    view! {
        <div id=format!("{prefix}-plan") role="status">
            <h3>{t.changes} " (" {changes.len()} ")"</h3>
            {empty.filter(|_| nothing).map(|text| view! { <p class="empty">{text}</p> })}
            <ul id=format!("{prefix}-changes")>
                {changes.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
            </ul>
            {refused.then(|| view! {
                <h3>{t.refusals} " (" {refusals.len()} ")"</h3>
                <ul id=format!("{prefix}-refusals")>
                    {refusals.into_iter().map(|r| {
                        let name = if r.name.is_empty() { t.unknown.to_owned() } else { r.name };
                        view! { <li>{name} ": " {r.reason}</li> }
                    }).collect_view()}
                </ul>
                <p class="notice notice--error utrecht-alert utrecht-alert--error">{t.refused_note}</p>
            })}
            <button type="button" id=format!("{prefix}-confirm") class="button utrecht-button utrecht-button--primary-action" disabled=refused || nothing on:click=confirm>{confirm_label}</button>
        </div>
    }
}

/// The bar for the candidates in `selected`; `on_done` runs after a change (to reload the list).
#[component]
pub fn BulkStatusBar(selected: RwSignal<Vec<Uuid>>, #[prop(into)] on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let bt = move || bulk_texts(i18n.0.get());
    let to = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let exit_reason = RwSignal::new(String::new());
    let steps = Previewed::<BulkStatusPreview>::new();
    let (errors, busy) = (steps.errors, steps.busy);
    // A new selection or choice needs a new preview.
    Effect::new(move |_| {
        selected.track();
        to.track();
        reason.track();
        exit_reason.track();
        steps.plan.set(None);
    });
    let request = move || BulkStatusRequest {
        candidate_ids: selected.get_untracked(),
        to: CandidateStatus::parse(&to.get_untracked()),
        reason: reason.get_untracked(),
        exit_reason: EXIT_REASONS.iter().find(|(code, _)| *code == exit_reason.get_untracked()).map(|(_, r)| *r),
    };
    let ask_preview = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        steps.preview("/candidates/bulk-status/preview", request());
    };
    let confirm = move |_| {
        steps.confirm("/candidates/bulk-status", request(), move || {
            selected.set(Vec::new());
            reason.set(String::new());
            notify(bulk_texts(i18n.0.get_untracked()).done);
            on_done.run(());
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
    let field = move |name: &'static str| field_error(errors, name);
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
                {move || steps.plan.get().map(|plan| {
                    let lang = i18n.0.get();
                    let changes = plan
                        .changes
                        .into_iter()
                        .map(|c| format!("{}: {} → {}", c.name, status_name(lang, c.from), status_name(lang, c.to)))
                        .collect();
                    plan_view(lang, "bulk", changes, plan.refusals, None, bulk_texts(lang).confirm, confirm)
                })}
            </section>
        </Show>
    }
}

pub struct CoachTexts {
    pub title: &'static str,
    pub coach: &'static str,
    pub move_title: &'static str,
    pub from: &'static str,
    pub to: &'static str,
    pub none: &'static str,
    pub confirm: &'static str,
    pub confirm_move: &'static str,
    pub done: &'static str,
    pub moved: &'static str,
    pub empty: &'static str,
}

const COACH_NL: CoachTexts = CoachTexts {
    title: "Jobcoach toewijzen aan de geselecteerde kandidaten",
    coach: "Jobcoach",
    move_title: "Caseload overdragen aan een andere jobcoach",
    from: "Van jobcoach",
    to: "Naar jobcoach",
    none: "geen",
    confirm: "Toewijzen bevestigen",
    confirm_move: "Overdracht bevestigen",
    done: "Jobcoach toegewezen.",
    moved: "Caseload overgedragen.",
    empty: "Deze jobcoach heeft niemand in de caseload.",
};

const COACH_EN: CoachTexts = CoachTexts {
    title: "Assign a job coach to the selected candidates",
    coach: "Job coach",
    move_title: "Move a caseload to another job coach",
    from: "From job coach",
    to: "To job coach",
    none: "none",
    confirm: "Confirm the assignment",
    confirm_move: "Confirm the move",
    done: "Job coach assigned.",
    moved: "Caseload moved.",
    empty: "This job coach has nobody in the caseload.",
};

pub fn coach_texts(lang: Lang) -> &'static CoachTexts {
    match lang {
        Lang::Nl => &COACH_NL,
        Lang::En => &COACH_EN,
    }
}

/// The active job coaches as options of a select.
pub fn coach_options() -> Signal<Vec<(String, String)>> {
    let coaches = crate::api::resource(|| async { api::get::<Page<JobCoach>>("/job-coaches?pageSize=100").await });
    Signal::derive(move || {
        coaches
            .get()
            .and_then(|r| r.ok())
            .map(|p| p.items.into_iter().map(|c| (c.id.to_string(), c.name)).collect::<Vec<_>>())
            .unwrap_or_default()
    })
}

/// The lines of a coach preview's changes: who moves from which coach to which.
fn coach_changes(lang: Lang, plan: &BulkCoachPreview) -> Vec<String> {
    let none = coach_texts(lang).none;
    plan.changes
        .iter()
        .map(|ch| format!("{}: {} → {}", ch.name, ch.from_coach.as_deref().unwrap_or(none), ch.to_coach))
        .collect()
}

/// One job coach for the candidates in `selected`; `on_done` runs after the assignment.
#[component]
pub fn BulkCoachBar(selected: RwSignal<Vec<Uuid>>, #[prop(into)] on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let coach = RwSignal::new(String::new());
    let steps = Previewed::<BulkCoachPreview>::new();
    let (errors, busy) = (steps.errors, steps.busy);
    Effect::new(move |_| {
        selected.track();
        coach.track();
        steps.plan.set(None);
    });
    let request = move || BulkCoachRequest {
        candidate_ids: selected.get_untracked(),
        coach_user_id: Uuid::parse_str(&coach.get_untracked()).ok(),
        from: None,
    };
    let ask_preview = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        steps.preview("/candidates/bulk-coach/preview", request());
    };
    let confirm = move |_| {
        steps.confirm("/candidates/bulk-coach", request(), move || {
            selected.set(Vec::new());
            notify(coach_texts(i18n.0.get_untracked()).done);
            on_done.run(());
        });
    };
    view! {
        <Show when=move || !selected.get().is_empty()>
            <section class="bulk" id="bulk-coach" aria-labelledby="bulk-coach-title">
                <h2 id="bulk-coach-title">{move || coach_texts(i18n.0.get()).title} " (" {move || selected.get().len()} " " {move || bulk_texts(i18n.0.get()).selected} ")"</h2>
                <FormError errors=errors id="bulk-coach-error" prefix="bulk-coach-"/>
                <form class="form form--inline" on:submit=ask_preview novalidate=true>
                    <SelectField id="bulk-coach-coachUserId" label=|t: &'static Texts| coach_texts(t.lang).coach value=coach options=coach_options() error=field_error(errors, "coachUserId") required=true/>
                    <SubmitButton id="bulk-coach-preview" label=Signal::derive(move || bulk_texts(i18n.0.get()).preview) busy=busy class="button button--secondary utrecht-button utrecht-button--secondary-action"/>
                </form>
                {move || steps.plan.get().map(|plan| {
                    let lang = i18n.0.get();
                    let c = coach_texts(lang);
                    plan_view(lang, "bulk-coach", coach_changes(lang, &plan), plan.refusals, Some(c.empty), c.confirm, confirm)
                })}
            </section>
        </Show>
    }
}

/// A whole caseload from one job coach to another (admins and consultants), previewed and confirmed.
#[component]
pub fn CaseloadMoveForm(#[prop(into)] on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let steps = Previewed::<BulkCoachPreview>::new();
    let (errors, busy) = (steps.errors, steps.busy);
    let options = coach_options();
    Effect::new(move |_| {
        from.track();
        to.track();
        steps.plan.set(None);
    });
    let request = move || CaseloadMoveRequest {
        from_coach_user_id: Uuid::parse_str(&from.get_untracked()).ok(),
        to_coach_user_id: Uuid::parse_str(&to.get_untracked()).ok(),
        from: None,
    };
    let ask_preview = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        steps.preview("/caseload-moves/preview", request());
    };
    let confirm = move |_| {
        steps.confirm("/caseload-moves", request(), move || {
            notify(coach_texts(i18n.0.get_untracked()).moved);
            on_done.run(());
        });
    };
    view! {
        <section class="bulk" id="caseload-move" aria-labelledby="caseload-move-title">
            <h2 id="caseload-move-title">{move || coach_texts(i18n.0.get()).move_title}</h2>
            <FormError errors=errors id="caseload-move-error" prefix="caseload-move-"/>
            <form class="form form--inline" on:submit=ask_preview novalidate=true>
                <SelectField id="caseload-move-fromCoachUserId" label=|t: &'static Texts| coach_texts(t.lang).from value=from options=options error=field_error(errors, "fromCoachUserId") required=true/>
                <SelectField id="caseload-move-toCoachUserId" label=|t: &'static Texts| coach_texts(t.lang).to value=to options=options error=field_error(errors, "toCoachUserId") required=true/>
                <SubmitButton id="caseload-move-preview" label=Signal::derive(move || bulk_texts(i18n.0.get()).preview) busy=busy class="button button--secondary utrecht-button utrecht-button--secondary-action"/>
            </form>
            {move || steps.plan.get().map(|plan| {
                let lang = i18n.0.get();
                let c = coach_texts(lang);
                plan_view(lang, "caseload-move", coach_changes(lang, &plan), plan.refusals, Some(c.empty), c.confirm_move, confirm)
            })}
        </section>
    }
}
