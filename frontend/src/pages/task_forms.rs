//! The forms of task intake, each for a new record and for a change of one: a task (with its description,
//! the session it came from and the abilities it asks with their levels), a neighbourhood session (with the
//! organisations that took part, named through `/organisations/lookup`) and a task package (whose
//! content a partner changes while it is a draft or rejected, and then submits again). And the task's page.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use shared::auth::Role;
use shared::organisations::OrganisationName;
use shared::paging::Page;
use shared::reference::{PhysicalDemand, ReferenceItem};
use shared::tasks::{
    NeighbourhoodSession, RequiredAbility, SaveNeighbourhoodSession, SaveTask, SaveTaskPackage, ScheduleSlot, Task,
    TaskLoad, TaskPackage, package_hours,
};
use uuid::Uuid;

use crate::api::{self, ApiError};
use crate::app::{RequireRole, set_title, use_session};
use crate::components::{FormCheck, FormError, SelectField, SubmitButton, TextField, field_error, format_date, notify};
use crate::i18n::{self, use_i18n};
use crate::i18n_registration::{day_name, demand_name};
use crate::i18n_tasks::{day_part_name, task_texts, ttr};
use crate::pages::candidates::CheckboxGroup;
use crate::pages::tasks::{ScheduleGrid, categories, is_staff, neighbourhoods, options, organisations};

/// Who writes tasks, sessions and packages.
pub const WRITERS: &[Role] = &[Role::Admin, Role::Consultant, Role::Partner];

fn ids(list: &[String]) -> Vec<Uuid> {
    list.iter().filter_map(|id| Uuid::parse_str(id).ok()).collect()
}

fn text(id: Option<Uuid>) -> String {
    id.map(|id| id.to_string()).unwrap_or_default()
}

/// Sends a form's body: `PUT {path}/{id}` for a change, else `POST {path}`; `busy` while under way, the
/// failure in `errors` (and focused by its summary), `saved` with the record on success.
fn send<B: serde::Serialize + 'static, T: serde::de::DeserializeOwned + 'static>(
    path: &'static str,
    id: Option<Uuid>,
    body: B,
    busy: RwSignal<bool>,
    errors: RwSignal<Option<ApiError>>,
    saved: impl FnOnce(T) + 'static,
) {
    if busy.get_untracked() {
        return;
    }
    busy.set(true);
    errors.set(None);
    leptos::task::spawn_local(async move {
        let answer = match id {
            Some(id) => api::put::<B, T>(&format!("{path}/{id}"), &body).await,
            None => api::post::<B, T>(path, &body).await,
        };
        busy.set(false);
        match answer {
            Ok(record) => saved(record),
            Err(error) => errors.set(Some(error)),
        }
    });
}

/// The task form: a new task (`task` none) or a change of `task`. `saved` gets the stored task.
#[component]
pub fn TaskForm(#[prop(optional)] task: Option<Task>, #[prop(into)] saved: Callback<Task>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let id = task.as_ref().map(|t| t.id);
    let version = task.as_ref().map(|t| t.version);
    let active = task.as_ref().map(|t| t.active);
    let task = start_from(task);
    let title = RwSignal::new(task.title);
    let organisation = RwSignal::new(text(task.organisation_id));
    let category = RwSignal::new(text(task.category_id));
    let hood = RwSignal::new(text(task.neighbourhood_id));
    let meeting = RwSignal::new(text(task.session_id));
    let description = RwSignal::new(task.description);
    let location = RwSignal::new(task.location);
    let hours = RwSignal::new(task.hours_per_week.map(|h| h.to_string()).unwrap_or_default());
    let schedule = RwSignal::new(task.schedule.iter().map(ScheduleSlot::code).collect::<Vec<_>>());
    let demands = RwSignal::new(task.physical_demands.iter().map(|d| d.as_str().to_owned()).collect::<Vec<_>>());
    let levels = RwSignal::new(task.required_abilities);
    let supervision = RwSignal::new(task.supervision);
    let social_value = RwSignal::new(task.social_value);
    let errors: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let busy = RwSignal::new(false);

    let hood_options = options(neighbourhoods(), |n| (n.id.to_string(), n.name.clone()));
    let cat_options = options(categories(), |c| (c.id.to_string(), c.name.clone()));
    let org_options = options(organisations(), |o| (o.id.to_string(), o.name.clone()));
    let sessions = api::resource(|| async {
        api::get::<Page<NeighbourhoodSession>>("/neighbourhood-sessions?pageSize=100").await
    });
    let session_options = options(sessions, |s| (s.id.to_string(), format!("{} {}", format_date(&s.held_on), s.title)));
    let abilities =
        api::resource(|| async { api::get::<Page<ReferenceItem>>("/abilities?active=true&pageSize=100").await });
    let demand_options = Signal::derive(move || {
        let lang = i18n.0.get();
        PhysicalDemand::ALL
            .iter()
            .map(|d| (d.as_str().to_owned(), demand_name(lang, *d).to_owned()))
            .collect::<Vec<_>>()
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut check = FormCheck::new(i18n.0.get_untracked());
        let hours_per_week = check.whole("hoursPerWeek", &hours.get_untracked(), 40);
        if let Err(error) = check.finish() {
            errors.set(Some(error));
            return;
        }
        let body = SaveTask {
            organisation_id: Uuid::parse_str(&organisation.get_untracked()).ok(),
            neighbourhood_id: Uuid::parse_str(&hood.get_untracked()).ok(),
            session_id: Uuid::parse_str(&meeting.get_untracked()).ok(),
            category_id: Uuid::parse_str(&category.get_untracked()).ok(),
            title: title.get_untracked(),
            description: description.get_untracked(),
            location: location.get_untracked(),
            required_abilities: levels.get_untracked(),
            physical_demands: demands.get_untracked().iter().filter_map(|d| PhysicalDemand::parse(d)).collect(),
            hours_per_week,
            schedule: schedule.get_untracked().iter().filter_map(|s| ScheduleSlot::parse(s)).collect(),
            supervision: supervision.get_untracked(),
            social_value: social_value.get_untracked(),
            active,
            version,
        };
        send("/tasks", id, body, busy, errors, move |task: Task| {
            notify(task_texts(i18n.0.get_untracked()).task_saved);
            if id.is_none() {
                title.set(String::new());
                description.set(String::new());
                schedule.set(Vec::new());
                levels.set(Vec::new());
            }
            saved.run(task);
        });
    };
    view! {
        <FormError errors=errors id="task-error"/>
        <form class="form" on:submit=submit novalidate=true>
            <TextField id="task-title" label=|t| crate::i18n_tasks::label(t, "title") value=title error=field_error(errors, "title") required=true/>
            <Show when=move || id.is_none() && is_staff(session.role())>
                <SelectField id="task-organisation" label=|t| t.organisation value=organisation options=org_options error=field_error(errors, "organisationId") required=true/>
            </Show>
            <SelectField id="task-category" label=|t| crate::i18n_tasks::label(t, "categoryId") value=category options=cat_options error=field_error(errors, "categoryId") required=true/>
            <SelectField id="task-neighbourhood" label=|t| crate::i18n_registration::label(t, "neighbourhoodId") value=hood options=hood_options error=field_error(errors, "neighbourhoodId") required=true/>
            <SelectField id="task-session" label=|t| crate::i18n_tasks::label(t, "sessionId") value=meeting options=session_options error=field_error(errors, "sessionId")/>
            <TextField id="task-description" label=|t| crate::i18n_tasks::label(t, "description") value=description error=field_error(errors, "description") multiline=true/>
            <TextField id="task-location" label=|t| crate::i18n_tasks::label(t, "location") value=location error=field_error(errors, "location")/>
            <TextField id="task-hours" label=|t| crate::i18n_tasks::label(t, "hoursPerWeek") value=hours error=field_error(errors, "hoursPerWeek") inputmode="numeric" required=true/>
            <ScheduleGrid id="task-schedule" selected=schedule error=field_error(errors, "schedule")/>
            <CheckboxGroup id="task-demands" legend=Signal::derive(move || task_texts(i18n.0.get()).physical_demands) options=demand_options selected=demands error=field_error(errors, "physicalDemands")/>
            <fieldset class="form-field utrecht-form-field" id="task-abilities">
                <legend class="form-label utrecht-form-label">{ttr(|t| t.required_abilities)}</legend>
                {move || abilities.get().and_then(|r| r.ok()).map(|page| page.items.into_iter().map(|ability| {
                    let ability_id = ability.id;
                    let control = format!("task-ability-{ability_id}");
                    let current = levels.with_untracked(|l| l.iter().find(|r| r.ability_id == ability_id).map(|r| r.min_level));
                    view! {
                        <div class="form-field utrecht-form-field">
                            <label class="form-label utrecht-form-label" for=control.clone()>{ability.name}</label>
                            <select class="form-select utrecht-select utrecht-select--html-select" id=control on:change=move |ev| {
                                let level = event_target_value(&ev).parse::<u8>().ok();
                                levels.update(|list| {
                                    list.retain(|r| r.ability_id != ability_id);
                                    if let Some(min_level) = level {
                                        list.push(RequiredAbility { ability_id, min_level });
                                    }
                                });
                            }>
                                <option value="" selected=current.is_none()>{ttr(|t| t.not_required)}</option>
                                {(1..=4u8).map(|n| view! { <option value=n.to_string() selected=current == Some(n)>{ttr(|t| t.level)} " " {n}</option> }).collect_view()}
                            </select>
                        </div>
                    }
                }).collect_view())}
                {move || field_error(errors, "requiredAbilities").get().map(|message| view! { <p class="field-error utrecht-form-field-error-message" id="task-abilities-error">{message}</p> })}
            </fieldset>
            <TextField id="task-supervision" label=|t| crate::i18n_tasks::label(t, "supervision") value=supervision error=field_error(errors, "supervision")/>
            <TextField id="task-social-value" label=|t| crate::i18n_tasks::label(t, "socialValue") value=social_value error=field_error(errors, "socialValue") multiline=true required=true/>
            <SubmitButton id="task-submit" label=Signal::derive(move || task_texts(i18n.0.get()).save_task) busy=busy/>
        </form>
    }
}

/// A task's fields as the form starts from them.
#[derive(Default)]
struct TaskStart {
    organisation_id: Option<Uuid>,
    category_id: Option<Uuid>,
    neighbourhood_id: Option<Uuid>,
    session_id: Option<Uuid>,
    title: String,
    description: String,
    location: String,
    hours_per_week: Option<u16>,
    schedule: Vec<ScheduleSlot>,
    physical_demands: Vec<PhysicalDemand>,
    required_abilities: Vec<RequiredAbility>,
    supervision: String,
    social_value: String,
}

fn start_from(task: Option<Task>) -> TaskStart {
    match task {
        Some(t) => TaskStart {
            organisation_id: Some(t.organisation_id),
            category_id: Some(t.category_id),
            neighbourhood_id: Some(t.neighbourhood_id),
            session_id: t.session_id,
            title: t.title,
            description: t.description,
            location: t.location,
            hours_per_week: Some(t.hours_per_week),
            schedule: t.schedule,
            physical_demands: t.physical_demands,
            required_abilities: t.required_abilities,
            supervision: t.supervision,
            social_value: t.social_value,
        },
        None => TaskStart::default(),
    }
}

/// One task: what it asks, and the form to change it.
#[component]
pub fn TaskDetail() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let params = use_params_map();
    let id = move || params.get().get("id").unwrap_or_default();
    let reload = RwSignal::new(0u32);
    let task = api::resource(move || {
        reload.track();
        let path = format!("/tasks/{}", id());
        async move { api::get::<Task>(&path).await }
    });
    let abilities = api::resource(|| async { api::get::<Page<ReferenceItem>>("/abilities?pageSize=100").await });
    Effect::new(move |_| {
        let generic = task_texts(i18n.0.get()).tasks_title;
        match task.get().and_then(|r| r.ok()) {
            Some(t) => set_title(&format!("{} - {generic}", t.title)),
            None => set_title(generic),
        }
    });
    view! {
        <h1>{move || task.get().and_then(|r| r.ok()).map(|t| t.title).unwrap_or_else(|| task_texts(i18n.0.get()).tasks_title.to_owned())}</h1>
        <RequireRole roles=crate::pages::tasks::ACTORS>
            {move || task.get().map(|answer| match answer {
                Err(error) => view! { <div class="notice notice--error utrecht-alert utrecht-alert--error" role="alert">{crate::components::error_text(i18n.0.get(), &error)}</div> }.into_any(),
                Ok(t) => {
                    let lang = i18n.0.get();
                    let x = task_texts(lang);
                    let names = abilities.get().and_then(|r| r.ok()).map(|p| p.items).unwrap_or_default();
                    let asked = t.required_abilities.iter().map(|r| {
                        let name = names.iter().find(|a| a.id == r.ability_id).map(|a| a.name.clone()).unwrap_or_default();
                        format!("{name} ({} {})", x.level, r.min_level)
                    }).collect::<Vec<_>>().join(", ");
                    let schedule = t.schedule.iter().map(|s| format!("{} {}", day_name(lang, s.day), day_part_name(lang, s.part))).collect::<Vec<_>>().join(", ");
                    let may_edit = session.role().is_some_and(|r| WRITERS.contains(&r));
                    view! {
                        <dl class="facts">
                            <dt>{x.description}</dt><dd id="task-facts-description">{t.description.clone()}</dd>
                            <dt>{x.hours_per_week}</dt><dd>{t.hours_per_week}</dd>
                            <dt>{x.schedule}</dt><dd>{schedule}</dd>
                            <dt>{x.location}</dt><dd>{t.location.clone()}</dd>
                            <dt>{x.required_abilities}</dt><dd id="task-facts-abilities">{asked}</dd>
                            <dt>{x.session}</dt><dd>{t.session_id.map(|s| view! { <a href=format!("/sessions/{s}")>{x.session}</a> })}</dd>
                            <dt>{i18n::texts(lang).status}</dt><dd>{if t.active { i18n::texts(lang).active } else { i18n::texts(lang).disabled }}</dd>
                        </dl>
                        {may_edit.then(|| view! {
                            <h2>{x.edit_task}</h2>
                            <TaskForm task=t saved=move |_| reload.update(|n| *n += 1)/>
                        })}
                    }.into_any()
                }
            })}
        </RequireRole>
    }
}

/// The form of a neighbourhood session: new (`record` none) or a change, with the organisations that took
/// part, named through the lookup (only the id and name of the organisations of the caller's municipality).
#[component]
pub fn SessionForm(
    #[prop(optional)] record: Option<NeighbourhoodSession>,
    #[prop(into)] saved: Callback<NeighbourhoodSession>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = record.as_ref().map(|s| s.id);
    let version = record.as_ref().map(|s| s.version);
    let organisation_id = record.as_ref().and_then(|s| s.organisation_id);
    let title = RwSignal::new(record.as_ref().map(|s| s.title.clone()).unwrap_or_default());
    let hood = RwSignal::new(text(record.as_ref().map(|s| s.neighbourhood_id)));
    let held_on = RwSignal::new(record.as_ref().map(|s| s.held_on.to_string()).unwrap_or_default());
    let notes = RwSignal::new(record.as_ref().map(|s| s.notes.clone()).unwrap_or_default());
    let participants = RwSignal::new(
        record.as_ref().map(|s| s.participant_ids.iter().map(Uuid::to_string).collect::<Vec<_>>()).unwrap_or_default(),
    );
    let errors: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let hood_options = options(neighbourhoods(), |n| (n.id.to_string(), n.name.clone()));
    let names =
        api::resource(|| async { api::get::<Page<OrganisationName>>("/organisations/lookup?pageSize=100").await });
    let participant_options = options(names, |o| (o.id.to_string(), o.name.clone()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut check = FormCheck::new(i18n.0.get_untracked());
        let date = check.date("heldOn", &held_on.get_untracked());
        if let Err(error) = check.finish() {
            errors.set(Some(error));
            return;
        }
        let body = SaveNeighbourhoodSession {
            neighbourhood_id: Uuid::parse_str(&hood.get_untracked()).ok(),
            organisation_id,
            held_on: date,
            title: title.get_untracked(),
            notes: notes.get_untracked(),
            participant_ids: ids(&participants.get_untracked()),
            version,
        };
        send("/neighbourhood-sessions", id, body, busy, errors, move |record: NeighbourhoodSession| {
            notify(task_texts(i18n.0.get_untracked()).session_saved);
            if id.is_none() {
                title.set(String::new());
                notes.set(String::new());
                participants.set(Vec::new());
            }
            saved.run(record);
        });
    };
    view! {
        <FormError errors=errors id="session-error"/>
        <form class="form" on:submit=submit novalidate=true>
            <TextField id="session-title" label=|t| crate::i18n_tasks::label(t, "title") value=title error=field_error(errors, "title") required=true/>
            <SelectField id="session-neighbourhood" label=|t| crate::i18n_registration::label(t, "neighbourhoodId") value=hood options=hood_options error=field_error(errors, "neighbourhoodId") required=true/>
            <TextField id="session-held-on" label=|t| crate::i18n_tasks::label(t, "heldOn") value=held_on error=field_error(errors, "heldOn") input_type="date" required=true/>
            <TextField id="session-notes" label=|t| crate::i18n_tasks::label(t, "notes") value=notes error=field_error(errors, "notes") multiline=true/>
            <CheckboxGroup id="session-participants" legend=Signal::derive(move || task_texts(i18n.0.get()).participants) options=participant_options selected=participants error=field_error(errors, "participantIds")/>
            <SubmitButton id="session-submit" label=Signal::derive(move || task_texts(i18n.0.get()).save_session) busy=busy/>
        </form>
    }
}

/// The form of a task package: new (`package` none) or a change of a draft or rejected one. The tasks'
/// hours add up as they are picked, and overlapping parts of the week are named.
#[component]
pub fn PackageForm(
    #[prop(optional)] package: Option<TaskPackage>,
    #[prop(into)] saved: Callback<TaskPackage>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let id = package.as_ref().map(|p| p.id);
    let version = package.as_ref().map(|p| p.version);
    let owner = package.as_ref().map(|p| p.organisation_id);
    let title = RwSignal::new(package.as_ref().map(|p| p.title.clone()).unwrap_or_default());
    let description = RwSignal::new(package.as_ref().map(|p| p.description.clone()).unwrap_or_default());
    let organisation = RwSignal::new(text(owner));
    let picked = RwSignal::new(
        package.as_ref().map(|p| p.task_ids.iter().map(Uuid::to_string).collect::<Vec<_>>()).unwrap_or_default(),
    );
    let positions = RwSignal::new(package.as_ref().map(|p| p.positions.to_string()).unwrap_or_else(|| "1".to_owned()));
    let start = RwSignal::new(package.as_ref().and_then(|p| p.start_date).map(|d| d.to_string()).unwrap_or_default());
    let mentor = RwSignal::new(package.as_ref().map(|p| p.mentor_name.clone()).unwrap_or_default());
    // Not in the form; a change keeps them.
    let mentor_email = package.as_ref().map(|p| p.mentor_email.clone()).unwrap_or_default();
    let mentor_phone = package.as_ref().map(|p| p.mentor_phone.clone()).unwrap_or_default();
    let errors: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let tasks = api::resource(|| async { api::get::<Page<Task>>("/tasks?active=true&pageSize=100").await });
    let org_options = options(organisations(), |o| (o.id.to_string(), o.name.clone()));
    let task_options = Signal::derive(move || {
        let staff = is_staff(session.role());
        let owner = organisation.get();
        tasks
            .get()
            .and_then(|r| r.ok())
            .map(|p| {
                p.items
                    .into_iter()
                    .filter(|t| !staff || t.organisation_id.to_string() == owner)
                    .map(|t| (t.id.to_string(), format!("{} ({} u)", t.title, t.hours_per_week)))
                    .collect()
            })
            .unwrap_or_default()
    });
    let hours = Signal::derive(move || {
        let chosen = picked.get();
        let loads: Vec<TaskLoad> = tasks
            .get()
            .and_then(|r| r.ok())
            .map(|p| {
                p.items
                    .into_iter()
                    .filter(|t| chosen.contains(&t.id.to_string()))
                    .map(|t| TaskLoad { hours_per_week: t.hours_per_week, schedule: t.schedule })
                    .collect()
            })
            .unwrap_or_default();
        package_hours(&loads)
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut check = FormCheck::new(i18n.0.get_untracked());
        let count = check.whole("positions", &positions.get_untracked(), 100);
        let start_date = check.date("startDate", &start.get_untracked());
        if let Err(error) = check.finish() {
            errors.set(Some(error));
            return;
        }
        let body = SaveTaskPackage {
            organisation_id: Uuid::parse_str(&organisation.get_untracked()).ok(),
            title: title.get_untracked(),
            description: description.get_untracked(),
            task_ids: ids(&picked.get_untracked()),
            positions: count,
            start_date,
            mentor_name: mentor.get_untracked(),
            mentor_email: mentor_email.clone(),
            mentor_phone: mentor_phone.clone(),
            version,
        };
        send("/task-packages", id, body, busy, errors, move |package: TaskPackage| {
            notify(task_texts(i18n.0.get_untracked()).package_saved);
            saved.run(package);
        });
    };
    view! {
        <FormError errors=errors id="package-error"/>
        <form class="form" on:submit=submit novalidate=true>
            <TextField id="package-title" label=|t| crate::i18n_tasks::label(t, "title") value=title error=field_error(errors, "title") required=true/>
            <Show when=move || id.is_none() && is_staff(session.role())>
                <SelectField id="package-organisation" label=|t| t.organisation value=organisation options=org_options error=field_error(errors, "organisationId") required=true/>
            </Show>
            <TextField id="package-description" label=|t| crate::i18n_tasks::label(t, "description") value=description error=field_error(errors, "description") multiline=true/>
            <CheckboxGroup id="package-tasks" legend=Signal::derive(move || task_texts(i18n.0.get()).pick_tasks) options=task_options selected=picked error=field_error(errors, "taskIds")/>
            <p id="package-hours" aria-live="polite">
                {ttr(|t| t.total_hours)} ": " <strong>{move || hours.get().total_hours}</strong> " (" {ttr(|t| t.norm)} ")"
                {move || {
                    let lang = i18n.0.get();
                    let overlaps = hours.get().overlapping_slots;
                    (!overlaps.is_empty()).then(|| format!(
                        " · {}: {}",
                        task_texts(lang).overlap,
                        overlaps.iter().map(|s| format!("{} {}", day_name(lang, s.day), day_part_name(lang, s.part))).collect::<Vec<_>>().join(", ")
                    ))
                }}
            </p>
            <TextField id="package-positions" label=|t| crate::i18n_tasks::label(t, "positions") value=positions error=field_error(errors, "positions") inputmode="numeric" required=true/>
            <TextField id="package-start" label=|t| crate::i18n_tasks::label(t, "startDate") value=start error=field_error(errors, "startDate") input_type="date"/>
            <TextField id="package-mentor" label=|t| crate::i18n_tasks::label(t, "mentorName") value=mentor error=field_error(errors, "mentorName")/>
            <SubmitButton id="package-submit" label=Signal::derive(move || task_texts(i18n.0.get()).save_package) busy=busy/>
        </form>
    }
}
