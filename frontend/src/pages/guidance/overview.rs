//! `/candidates/:id/guidance`: a person's guidance. The job coach and workplace mentor with their history
//! and the "handover needed" flag, the check-ins as a timeline, the development goals with their progress
//! and the provisions with their cost; each part with its form for the roles that record it. What the
//! caller's role may not read the server leaves empty (`hiddenParts`), and the page leaves it out.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use shared::guidance::{
    AssignmentKind, CreateAssignment, CreateCheckIn, CreateGoal, CreateProvision, Domain, EndAssignment, GoalProgress,
    GoalStatus, GuidanceOverview, Provision, ProvisionKind, UpdateProvision,
};
use uuid::Uuid;

use super::{GUIDES, MENTOR_KEEPERS, READERS, STAFF, send, today};
use crate::api::{self, ApiError};
use crate::app::{RequireRole, set_title, use_session};
use crate::components::{
    ConfirmDialog, FormCheck, FormError, SelectField, SubmitButton, TextField, button_class, error_text, field_error,
    format_date, format_instant, format_money, notify,
};
use crate::i18n::{Lang, use_i18n};
use crate::i18n_guidance::{domain_name, goal_status_name, gtr, guidance_texts, provision_kind_name};
use crate::pages::candidates::CheckboxGroup;

fn shown(x: &GuidanceOverview, part: &str) -> bool {
    !x.hidden_parts.iter().any(|p| p == part)
}

/// The coach, mentor and handover flag, and the history of every assignment.
fn people_view(lang: Lang, x: &GuidanceOverview) -> AnyView {
    let g = guidance_texts(lang);
    let coach = x.coach.as_ref().map(|a| {
        format!("{} ({} {})", a.coach_name.clone().unwrap_or_default(), g.from.to_lowercase(), format_date(&a.from))
    });
    let mentor = x.mentor.as_ref().map(|a| {
        let contact = if a.mentor_contact.is_empty() { String::new() } else { format!(", {}", a.mentor_contact) };
        format!("{}{contact}", a.mentor_name)
    });
    let history = x.assignments.clone();
    view! {
        {x.handover_needed.then(|| view! {
            <div class="notice notice--warning utrecht-alert utrecht-alert--warning" id="handover-needed" role="status">
                <strong>{g.handover}</strong>": "{g.handover_explained}
            </div>
        })}
        <dl class="facts" id="guidance-people">
            {x.organisation_name.clone().map(|o| view! { <dt>{g.employer}</dt><dd>{o}</dd> })}
            {x.hours_per_week.map(|h| view! { <dt>{g.hours}</dt><dd>{h}</dd> })}
            {shown(x, "coach").then(|| view! { <dt>{g.coach}</dt><dd id="guidance-coach">{coach.unwrap_or_else(|| g.none.to_owned())}</dd> })}
            <dt>{g.mentor}</dt><dd id="guidance-mentor">{mentor.unwrap_or_else(|| g.none.to_owned())}</dd>
        </dl>
        {(!history.is_empty()).then(|| view! {
            <table class="table utrecht-table utrecht-table--html-table" id="guidance-history">
                <caption>{g.history}</caption>
                <thead><tr>
                    <th scope="col">{g.kind}</th>
                    <th scope="col">{g.name}</th>
                    <th scope="col">{g.from}</th>
                    <th scope="col">{g.until}</th>
                    <th scope="col">{g.assigned_by}</th>
                </tr></thead>
                <tbody>
                    {history.into_iter().map(|a| {
                        let (kind, who) = match a.kind {
                            AssignmentKind::Coach => (g.coach, a.coach_name.clone().unwrap_or_default()),
                            AssignmentKind::Mentor => (g.mentor, a.mentor_name.clone()),
                        };
                        let until = a.until.as_ref().map(format_date).unwrap_or_default();
                        let current = if a.current { format!(" ({})", g.current) } else { String::new() };
                        view! {
                            <tr>
                                <td>{kind}</td>
                                <td>{who}{current}</td>
                                <td>{format_date(&a.from)}</td>
                                <td>{until}</td>
                                <td>{a.assigned_by.clone().unwrap_or_default()}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        })}
    }
    .into_any()
}

fn check_ins_view(lang: Lang, x: &GuidanceOverview) -> AnyView {
    let g = guidance_texts(lang);
    if x.check_ins.is_empty() {
        return view! { <p id="no-check-ins">{g.no_check_ins}</p> }.into_any();
    }
    view! {
        <ol class="timeline" id="check-ins">
            {x.check_ins.iter().map(|c| {
                let domains = c.domains.iter().map(|d| domain_name(lang, *d)).collect::<Vec<_>>().join(", ");
                view! {
                    <li class="timeline__entry">
                        <p class="timeline__when">{format_date(&c.held_on)}" · "{domains}</p>
                        <p class="check-in-note">{c.note.clone()}</p>
                        <p class="form-hint utrecht-form-field-description">{g.author}" "{c.author.clone().unwrap_or_default()}", "{format_instant(&c.created_at)}</p>
                    </li>
                }
            }).collect_view()}
        </ol>
    }
    .into_any()
}

fn goals_view(lang: Lang, x: &GuidanceOverview) -> AnyView {
    let g = guidance_texts(lang);
    if x.goals.is_empty() {
        return view! { <p>{g.no_goals}</p> }.into_any();
    }
    view! {
        <table class="table utrecht-table utrecht-table--html-table" id="goals">
            <caption>{g.goals_title}</caption>
            <thead><tr>
                <th scope="col">{g.goal_title}</th>
                <th scope="col">{g.target_date}</th>
                <th scope="col">{g.goal_status}</th>
                <th scope="col">{g.progress}</th>
            </tr></thead>
            <tbody>
                {x.goals.iter().map(|goal| {
                    let label = format!("{}: {} %", goal.title, goal.percentage);
                    view! {
                        <tr>
                            <td>{goal.title.clone()}</td>
                            <td>{goal.target_date.as_ref().map(format_date).unwrap_or_default()}</td>
                            <td>{goal_status_name(lang, goal.status)}</td>
                            <td><progress max="100" value=goal.percentage.to_string() aria-label=label></progress>" "{goal.percentage}" %"</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// The provisions with their cost. Who guides the person (admins, consultants, the person's job coach)
/// changes a provision in place or deletes it after a confirmation; the page then reloads, so the costs
/// shown are the server's.
#[component]
fn ProvisionsTable(overview: GuidanceOverview, reload: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let editable = use_session().role().is_some_and(|r| GUIDES.contains(&r));
    let editing: RwSignal<Option<Provision>> = RwSignal::new(None);
    let deleting: RwSignal<Option<Uuid>> = RwSignal::new(None);
    let delete_error: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let provisions = overview.provisions.clone();
    let total = overview.provision_costs;
    let confirm_delete = move |()| {
        let Some(id) = deleting.get_untracked() else { return };
        leptos::task::spawn_local(async move {
            match api::delete(&format!("/provisions/{id}")).await {
                Ok(()) => {
                    deleting.set(None);
                    notify(guidance_texts(i18n.0.get_untracked()).provision_deleted);
                    reload.update(|n| *n += 1);
                }
                Err(error) => delete_error.set(Some(error)),
            }
        });
    };
    move || {
        let lang = i18n.0.get();
        let g = guidance_texts(lang);
        if provisions.is_empty() {
            return view! { <p>{g.no_provisions}</p> }.into_any();
        }
        view! {
            <table class="table utrecht-table utrecht-table--html-table" id="provisions">
                <caption>{g.provisions_title}</caption>
                <thead><tr>
                    <th scope="col">{g.provision_kind}</th>
                    <th scope="col">{g.description}</th>
                    <th scope="col">{g.from}</th>
                    <th scope="col">{g.until}</th>
                    <th scope="col" class="number">{g.cost}</th>
                    {editable.then(|| view! { <th scope="col">{g.actions}</th> })}
                </tr></thead>
                <tbody>
                    {provisions.iter().enumerate().map(|(index, p)| {
                        let what = format!("{} {}", provision_kind_name(lang, p.kind), format_date(&p.from));
                        let (for_edit, id) = (p.clone(), p.id);
                        view! {
                            <tr>
                                <td>{provision_kind_name(lang, p.kind)}</td>
                                <td>{p.description.clone()}</td>
                                <td>{format_date(&p.from)}</td>
                                <td>{format_date(&p.until)}</td>
                                <td class="number">{format_money(&p.cost)}</td>
                                {editable.then(|| view! {
                                    <td class="actions">
                                        <button type="button" id=format!("provision-change-{index}") class=button_class("button button--secondary")
                                            aria-label=format!("{}: {what}", g.change)
                                            on:click=move |_| { deleting.set(None); editing.set(Some(for_edit.clone())); }>{g.change}</button>
                                        " "
                                        <button type="button" id=format!("provision-delete-{index}") class=button_class("button button--danger")
                                            aria-label=format!("{}: {what}", g.delete)
                                            on:click=move |_| { editing.set(None); delete_error.set(None); deleting.set(Some(id)); }>{g.delete}</button>
                                    </td>
                                })}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
                <tfoot><tr>
                    <th scope="row" colspan="4">{g.provision_costs}</th>
                    <td class="number" id="provision-costs">{format_money(&total)}</td>
                    {editable.then(|| view! { <td></td> })}
                </tr></tfoot>
            </table>
            {move || deleting.get().map(|_| view! {
                <FormError errors=delete_error id="provision-delete-error"/>
                <ConfirmDialog id="provision-delete-question"
                    question=Signal::derive(move || guidance_texts(i18n.0.get()).delete_provision_question.to_owned())
                    confirm_label=Signal::derive(move || guidance_texts(i18n.0.get()).delete.to_owned())
                    on_confirm=confirm_delete on_cancel=move |()| deleting.set(None)/>
            })}
            {move || editing.get().map(|p| view! { <ProvisionEditForm provision=p reload=reload editing=editing/> })}
        }
        .into_any()
    }
}

/// The change of one provision, prefilled, based on the version read (a change by someone else in the
/// meantime is refused and said so).
#[component]
fn ProvisionEditForm(
    provision: Provision,
    reload: RwSignal<u32>,
    editing: RwSignal<Option<Provision>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let kind = RwSignal::new(provision.kind.as_str().to_owned());
    let description = RwSignal::new(provision.description.clone());
    let cost = RwSignal::new(shared::dutch::format_decimal(provision.cost, 2));
    let from = RwSignal::new(provision.from.to_string());
    let until = RwSignal::new(provision.until.to_string());
    let errors: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let (id, version) = (provision.id, provision.version);
    let options = Signal::derive(move || {
        let lang = i18n.0.get();
        ProvisionKind::ALL
            .iter()
            .map(|k| (k.as_str().to_owned(), provision_kind_name(lang, *k).to_owned()))
            .collect::<Vec<_>>()
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let lang = i18n.0.get_untracked();
        let mut check = FormCheck::new(lang);
        let amount = check.money("cost", &cost.get_untracked());
        let first = check.date("from", &from.get_untracked());
        let last = check.date("until", &until.get_untracked());
        if let Err(error) = check.finish() {
            errors.set(Some(error));
            return;
        }
        let body = UpdateProvision {
            kind: ProvisionKind::parse(&kind.get_untracked()),
            description: description.get_untracked(),
            cost: amount,
            from: first,
            until: last,
            version: Some(version),
        };
        errors.set(None);
        busy.set(true);
        leptos::task::spawn_local(async move {
            match api::put::<_, Provision>(&format!("/provisions/{id}"), &body).await {
                Ok(_) => {
                    editing.set(None);
                    notify(guidance_texts(i18n.0.get_untracked()).provision_changed);
                    reload.update(|n| *n += 1);
                }
                Err(error) => errors.set(Some(error)),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="form" id="provision-edit-form" on:submit=submit novalidate>
            <h3>{gtr(|t| t.edit_provision)}</h3>
            <FormError errors=errors id="provision-edit-error" prefix="provision-edit-"/>
            <SelectField id="provision-edit-kind" label=|t| crate::i18n_guidance::guidance_texts(t.lang).provision_kind value=kind options=options error=field_error(errors, "kind") required=true with_empty=false/>
            <TextField id="provision-edit-description" label=|t| crate::i18n_guidance::label(t, "description") value=description error=field_error(errors, "description")/>
            <TextField id="provision-edit-cost" label=|t| crate::i18n_guidance::label(t, "cost") value=cost error=field_error(errors, "cost") inputmode="decimal" required=true/>
            <TextField id="provision-edit-from" label=|t| crate::i18n_guidance::label(t, "from") value=from error=field_error(errors, "from") input_type="date" required=true/>
            <TextField id="provision-edit-until" label=|t| crate::i18n_guidance::label(t, "until") value=until error=field_error(errors, "until") input_type="date" required=true/>
            <div class="form-actions">
                <SubmitButton id="provision-edit-save" label=Signal::derive(move || guidance_texts(i18n.0.get()).save_provision) busy=busy/>
                <button type="button" id="provision-edit-cancel" class=button_class("button button--secondary") on:click=move |_| editing.set(None)>{crate::i18n::tr(|t| t.cancel)}</button>
            </div>
        </form>
    }
}

#[component]
pub fn GuidancePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id")).unwrap_or_default();
    let reload = RwSignal::new(0u32);
    let found = api::resource(move || {
        reload.track();
        let path = format!("/candidates/{}/guidance", id());
        async move { api::get::<GuidanceOverview>(&path).await }
    });
    let current = move || found.get().and_then(|r| r.ok());
    let heading = move || {
        let g = guidance_texts(i18n.0.get());
        match current() {
            Some(x) => format!("{}: {}", g.guidance_title, x.name),
            None => g.guidance_title.to_owned(),
        }
    };
    Effect::new(move |_| set_title(&heading()));

    view! {
        <h1>{heading}</h1>
        <RequireRole roles=READERS>
            {move || found.get().and_then(|r| r.err()).map(|error| view! { <div class="notice notice--error utrecht-alert utrecht-alert--error" role="alert">{error_text(i18n.0.get(), &error)}</div> })}
            {move || current().map(|x| {
                let lang = i18n.0.get();
                let g = guidance_texts(lang);
                view! {
                    {(!x.hidden_parts.is_empty()).then(|| {
                        let note = match use_session().role() {
                            Some(shared::auth::Role::Partner) => g.hidden_for_partner,
                            Some(shared::auth::Role::Finance) => g.hidden_for_finance,
                            _ => g.hidden_note,
                        };
                        view! { <p class="notice utrecht-alert utrecht-alert--info" id="guidance-hidden-note">{note}</p> }
                    })}
                    {x.contract_id.map(|c| view! {
                        <p class="form-actions"><a class="button button--secondary utrecht-button utrecht-button--secondary-action" href=format!("/contracts/{c}")>{crate::i18n_contracts::contract_texts(lang).contract_title}</a></p>
                    })}
                    <section aria-labelledby="people-heading">
                        <h2 id="people-heading">{g.coach}" / "{g.mentor}</h2>
                        {people_view(lang, &x)}
                    </section>
                    {shown(&x, "checkIns").then(|| view! {
                        <section aria-labelledby="check-ins-heading">
                            <h2 id="check-ins-heading">{g.check_ins_title}</h2>
                            {check_ins_view(lang, &x)}
                        </section>
                    })}
                    {shown(&x, "goals").then(|| view! {
                        <section aria-labelledby="goals-heading">
                            <h2 id="goals-heading">{g.goals_title}</h2>
                            {goals_view(lang, &x)}
                        </section>
                    })}
                    {shown(&x, "provisions").then(|| view! {
                        <section aria-labelledby="provisions-heading">
                            <h2 id="provisions-heading">{g.provisions_title}</h2>
                            <ProvisionsTable overview=x.clone() reload=reload/>
                        </section>
                    })}
                }
            })}
            <RequireRole roles=GUIDES>
                <CheckInForm id=Signal::derive(id) reload=reload/>
                <GoalForms id=Signal::derive(id) reload=reload overview=Signal::derive(current)/>
            </RequireRole>
            <RequireRole roles=MENTOR_KEEPERS>
                <MentorForms id=Signal::derive(id) reload=reload overview=Signal::derive(current)/>
            </RequireRole>
            <RequireRole roles=STAFF>
                <CoachForm id=Signal::derive(id) reload=reload/>
                <ProvisionForm id=Signal::derive(id) reload=reload/>
            </RequireRole>
        </RequireRole>
    }
}

#[component]
fn CheckInForm(id: Signal<String>, reload: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let held_on = RwSignal::new(today());
    let domains = RwSignal::new(Vec::<String>::new());
    let note = RwSignal::new(String::new());
    let errors: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let options = Signal::derive(move || {
        let lang = i18n.0.get();
        Domain::ALL.iter().map(|d| (d.as_str().to_owned(), domain_name(lang, *d).to_owned())).collect::<Vec<_>>()
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let lang = i18n.0.get_untracked();
        let mut check = FormCheck::new(lang);
        let date = check.date("heldOn", &held_on.get_untracked());
        if let Err(error) = check.finish() {
            errors.set(Some(error));
            return;
        }
        let body = CreateCheckIn {
            held_on: date,
            domains: domains.get_untracked().iter().filter_map(|d| Domain::parse(d)).collect(),
            note: note.get_untracked(),
        };
        let path = format!("/candidates/{}/check-ins", id.get_untracked());
        send(path, body, errors, busy, reload, guidance_texts(lang).check_in_saved, move || {
            note.set(String::new());
            domains.set(Vec::new());
        });
    };
    let legend = Signal::derive(move || guidance_texts(i18n.0.get()).domains);
    view! {
        <form class="form" id="check-in-form" on:submit=submit novalidate>
            <h2>{gtr(|t| t.new_check_in)}</h2>
            <FormError errors=errors id="check-in-error" prefix="check-in-"/>
            <TextField id="check-in-heldOn" label=|t| crate::i18n_guidance::label(t, "heldOn") value=held_on error=field_error(errors, "heldOn") input_type="date" required=true/>
            <CheckboxGroup id="check-in-domains" legend=legend options=options selected=domains error=field_error(errors, "domains")/>
            <TextField id="check-in-note" label=|t| crate::i18n_guidance::label(t, "note") value=note error=field_error(errors, "note") multiline=true required=true/>
            <SubmitButton id="check-in-save" label=Signal::derive(move || guidance_texts(i18n.0.get()).new_check_in) busy=busy/>
        </form>
    }
}

#[component]
fn GoalForms(id: Signal<String>, reload: RwSignal<u32>, overview: Signal<Option<GuidanceOverview>>) -> impl IntoView {
    let i18n = use_i18n();
    let title = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let target = RwSignal::new(String::new());
    let errors: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let lang = i18n.0.get_untracked();
        let mut check = FormCheck::new(lang);
        let target_date = check.date("targetDate", &target.get_untracked());
        if let Err(error) = check.finish() {
            errors.set(Some(error));
            return;
        }
        let body = CreateGoal { title: title.get_untracked(), description: description.get_untracked(), target_date };
        let path = format!("/candidates/{}/goals", id.get_untracked());
        send(path, body, errors, busy, reload, guidance_texts(lang).goal_saved, move || {
            title.set(String::new());
            description.set(String::new());
            target.set(String::new());
        });
    };

    let goal = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let percentage = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let progress_errors: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let progress_busy = RwSignal::new(false);
    let goal_options = Signal::derive(move || {
        overview
            .get()
            .map(|x| x.goals.iter().map(|g| (g.id.to_string(), g.title.clone())).collect::<Vec<_>>())
            .unwrap_or_default()
    });
    let status_options = Signal::derive(move || {
        let lang = i18n.0.get();
        GoalStatus::ALL
            .iter()
            .map(|s| (s.as_str().to_owned(), goal_status_name(lang, *s).to_owned()))
            .collect::<Vec<_>>()
    });
    let update = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let lang = i18n.0.get_untracked();
        let mut check = FormCheck::new(lang);
        let pct = check.whole::<u8>("percentage", &percentage.get_untracked(), 100);
        if let Err(error) = check.finish() {
            progress_errors.set(Some(error));
            return;
        }
        let chosen = goal.get_untracked();
        let version = overview
            .get_untracked()
            .and_then(|x| x.goals.into_iter().find(|g| g.id.to_string() == chosen).map(|g| g.version));
        let body = GoalProgress {
            status: GoalStatus::parse(&status.get_untracked()),
            percentage: pct,
            note: note.get_untracked(),
            version,
        };
        let target = chosen.parse::<Uuid>().map(|g| g.to_string()).unwrap_or_else(|_| Uuid::nil().to_string());
        send(
            format!("/goals/{target}/updates"),
            body,
            progress_errors,
            progress_busy,
            reload,
            guidance_texts(lang).goal_saved,
            move || {
                note.set(String::new());
            },
        );
    };
    view! {
        <form class="form" id="goal-form" on:submit=add novalidate>
            <h2>{gtr(|t| t.new_goal)}</h2>
            <FormError errors=errors id="goal-error" prefix="goal-"/>
            <TextField id="goal-title" label=|t| crate::i18n_guidance::label(t, "title") value=title error=field_error(errors, "title") required=true/>
            <TextField id="goal-description" label=|t| crate::i18n_guidance::label(t, "description") value=description error=field_error(errors, "description") multiline=true/>
            <TextField id="goal-targetDate" label=|t| crate::i18n_guidance::label(t, "targetDate") value=target error=field_error(errors, "targetDate") input_type="date"/>
            <SubmitButton id="goal-save" label=Signal::derive(move || guidance_texts(i18n.0.get()).new_goal) busy=busy/>
        </form>
        <Show when=move || !goal_options.get().is_empty()>
            <form class="form" id="progress-form" on:submit=update novalidate>
                <h2>{gtr(|t| t.update_goal)}</h2>
                <FormError errors=progress_errors id="progress-error" prefix="progress-"/>
                <SelectField id="progress-goal" label=|t| crate::i18n_guidance::label(t, "title") value=goal options=goal_options error=field_error(progress_errors, "version") required=true/>
                <SelectField id="progress-status" label=|t| crate::i18n_guidance::label(t, "status") value=status options=status_options error=field_error(progress_errors, "status") required=true/>
                <TextField id="progress-percentage" label=|t| crate::i18n_guidance::label(t, "percentage") value=percentage error=field_error(progress_errors, "percentage") inputmode="numeric" required=true/>
                <TextField id="progress-note" label=|t| crate::i18n_guidance::label(t, "note") value=note error=field_error(progress_errors, "note") multiline=true/>
                <SubmitButton id="progress-save" label=Signal::derive(move || guidance_texts(i18n.0.get()).update_goal) busy=progress_busy/>
            </form>
        </Show>
    }
}

#[component]
fn MentorForms(id: Signal<String>, reload: RwSignal<u32>, overview: Signal<Option<GuidanceOverview>>) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(String::new());
    let contact = RwSignal::new(String::new());
    let from = RwSignal::new(today());
    let errors: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let assign = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let lang = i18n.0.get_untracked();
        let mut check = FormCheck::new(lang);
        let first = check.date("from", &from.get_untracked());
        if let Err(error) = check.finish() {
            errors.set(Some(error));
            return;
        }
        let body = CreateAssignment {
            kind: Some(AssignmentKind::Mentor),
            from: first,
            mentor_name: name.get_untracked(),
            mentor_contact: contact.get_untracked(),
            ..Default::default()
        };
        let path = format!("/candidates/{}/guidance/assignments", id.get_untracked());
        send(path, body, errors, busy, reload, guidance_texts(lang).assigned, move || {
            name.set(String::new());
            contact.set(String::new());
        });
    };

    let until = RwSignal::new(today());
    let reason = RwSignal::new(String::new());
    let end_errors: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let end_busy = RwSignal::new(false);
    let mentor_id = move || overview.get().and_then(|x| x.mentor.map(|m| m.id));
    let end = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let lang = i18n.0.get_untracked();
        let Some(mentor) = mentor_id() else { return };
        let mut check = FormCheck::new(lang);
        let last = check.date("until", &until.get_untracked());
        if let Err(error) = check.finish() {
            end_errors.set(Some(error));
            return;
        }
        let body = EndAssignment { until: last, reason: reason.get_untracked() };
        send(
            format!("/guidance-assignments/{mentor}/end"),
            body,
            end_errors,
            end_busy,
            reload,
            guidance_texts(lang).ended,
            move || {
                reason.set(String::new());
            },
        );
    };
    view! {
        <Show when=move || mentor_id().is_some()>
            <form class="form" id="end-mentor-form" on:submit=end novalidate>
                <h2>{gtr(|t| t.end_mentor)}</h2>
                <FormError errors=end_errors id="end-mentor-error" prefix="end-mentor-"/>
                <TextField id="end-mentor-until" label=|t| crate::i18n_guidance::label(t, "until") value=until error=field_error(end_errors, "until") input_type="date" required=true/>
                <TextField id="end-mentor-reason" label=|t| crate::i18n_guidance::label(t, "reason") value=reason error=field_error(end_errors, "reason")/>
                <SubmitButton id="end-mentor-save" label=Signal::derive(move || guidance_texts(i18n.0.get()).end_mentor) busy=end_busy/>
            </form>
        </Show>
        <form class="form" id="mentor-form" on:submit=assign novalidate>
            <h2>{gtr(|t| t.assign_mentor)}</h2>
            <FormError errors=errors id="mentor-error" prefix="mentor-"/>
            <TextField id="mentor-mentorName" label=|t| crate::i18n_guidance::label(t, "mentorName") value=name error=field_error(errors, "mentorName") required=true/>
            <TextField id="mentor-mentorContact" label=|t| crate::i18n_guidance::label(t, "mentorContact") value=contact error=field_error(errors, "mentorContact")/>
            <TextField id="mentor-from" label=|t| crate::i18n_guidance::label(t, "from") value=from error=field_error(errors, "from") input_type="date" required=true/>
            <SubmitButton id="mentor-save" label=Signal::derive(move || guidance_texts(i18n.0.get()).assign_mentor) busy=busy/>
        </form>
    }
}

#[component]
fn CoachForm(id: Signal<String>, reload: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let options = crate::pages::bulk::coach_options();
    let coach = RwSignal::new(String::new());
    let from = RwSignal::new(today());
    let errors: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let assign = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let lang = i18n.0.get_untracked();
        let mut check = FormCheck::new(lang);
        let first = check.date("from", &from.get_untracked());
        if let Err(error) = check.finish() {
            errors.set(Some(error));
            return;
        }
        let body = CreateAssignment {
            kind: Some(AssignmentKind::Coach),
            from: first,
            coach_user_id: coach.get_untracked().parse().ok(),
            ..Default::default()
        };
        let path = format!("/candidates/{}/guidance/assignments", id.get_untracked());
        send(path, body, errors, busy, reload, guidance_texts(lang).assigned, || {});
    };
    view! {
        <form class="form" id="coach-form" on:submit=assign novalidate>
            <h2>{gtr(|t| t.assign_coach)}</h2>
            <FormError errors=errors id="coach-error" prefix="coach-"/>
            <SelectField id="coach-coachUserId" label=|t| crate::i18n_guidance::label(t, "coachUserId") value=coach options=options error=field_error(errors, "coachUserId") required=true/>
            <TextField id="coach-from" label=|t| crate::i18n_guidance::label(t, "from") value=from error=field_error(errors, "from") input_type="date" required=true/>
            <SubmitButton id="coach-save" label=Signal::derive(move || guidance_texts(i18n.0.get()).assign_coach) busy=busy/>
        </form>
    }
}

#[component]
fn ProvisionForm(id: Signal<String>, reload: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let kind = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let cost = RwSignal::new(String::new());
    let from = RwSignal::new(today());
    let until = RwSignal::new(String::new());
    let errors: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let options = Signal::derive(move || {
        let lang = i18n.0.get();
        ProvisionKind::ALL
            .iter()
            .map(|k| (k.as_str().to_owned(), provision_kind_name(lang, *k).to_owned()))
            .collect::<Vec<_>>()
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let lang = i18n.0.get_untracked();
        let mut check = FormCheck::new(lang);
        let amount = check.money("cost", &cost.get_untracked());
        let first = check.date("from", &from.get_untracked());
        let last = check.date("until", &until.get_untracked());
        if let Err(error) = check.finish() {
            errors.set(Some(error));
            return;
        }
        let body = CreateProvision {
            kind: ProvisionKind::parse(&kind.get_untracked()),
            description: description.get_untracked(),
            cost: amount,
            from: first,
            until: last,
        };
        let path = format!("/candidates/{}/provisions", id.get_untracked());
        send(path, body, errors, busy, reload, guidance_texts(lang).provision_saved, move || {
            description.set(String::new());
            cost.set(String::new());
        });
    };
    view! {
        <form class="form" id="provision-form" on:submit=submit novalidate>
            <h2>{gtr(|t| t.new_provision)}</h2>
            <FormError errors=errors id="provision-error" prefix="provision-"/>
            <SelectField id="provision-kind" label=|t| crate::i18n_guidance::guidance_texts(t.lang).provision_kind value=kind options=options error=field_error(errors, "kind") required=true/>
            <TextField id="provision-description" label=|t| crate::i18n_guidance::label(t, "description") value=description error=field_error(errors, "description")/>
            <TextField id="provision-cost" label=|t| crate::i18n_guidance::label(t, "cost") value=cost error=field_error(errors, "cost") inputmode="decimal" required=true/>
            <TextField id="provision-from" label=|t| crate::i18n_guidance::label(t, "from") value=from error=field_error(errors, "from") input_type="date" required=true/>
            <TextField id="provision-until" label=|t| crate::i18n_guidance::label(t, "until") value=until error=field_error(errors, "until") input_type="date" required=true/>
            <SubmitButton id="provision-save" label=Signal::derive(move || guidance_texts(i18n.0.get()).new_provision) busy=busy/>
        </form>
    }
}
