//! Task intake: tasks (list with filters and the task form), task packages (the list that is also the
//! consultants' approval queue, the package builder with hours adding up, and a package's page with the
//! workflow steps the caller's role may take), and neighbourhood sessions.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use shared::auth::Role;
use shared::candidates::Weekday;
use shared::organisations::Organisation;
use shared::paging::Page;
use shared::reference::{Neighbourhood, ReferenceItem};
use shared::tasks::{
    DayPart, NeighbourhoodSession, PackageStatus, PackageStatusChange, PackageTransition, ScheduleSlot, Task,
    TaskPackage,
};

use crate::api::{self, ApiError};
use crate::app::{RequireRole, page_title, set_title, use_session};
use crate::components::{
    ConfirmDialog, FormError, Pager, SelectField, TextField, UrlQuery, field_error, format_date, format_instant,
    list_state, notify,
};
use crate::i18n::{self, use_i18n};
use crate::i18n_registration::day_name;
use crate::i18n_tasks::{day_part_name, package_status_name, task_texts, ttr};
use crate::pages::task_forms::{PackageForm, SessionForm, TaskForm, WRITERS};

pub const ACTORS: &[Role] = &[Role::Admin, Role::Consultant, Role::JobCoach, Role::Partner];

pub fn is_staff(role: Option<Role>) -> bool {
    matches!(role, Some(Role::Admin | Role::Consultant))
}

pub fn options<T: Clone + 'static + Send + Sync>(
    resource: api::Resource<Result<Page<T>, ApiError>>,
    pick: fn(&T) -> (String, String),
) -> Signal<Vec<(String, String)>> {
    Signal::derive(move || {
        resource.get().and_then(|r| r.ok()).map(|p| p.items.iter().map(pick).collect()).unwrap_or_default()
    })
}

pub fn neighbourhoods() -> api::Resource<Result<Page<Neighbourhood>, ApiError>> {
    api::resource(|| async { api::get::<Page<Neighbourhood>>("/neighbourhoods?pageSize=100").await })
}

pub fn categories() -> api::Resource<Result<Page<ReferenceItem>, ApiError>> {
    api::resource(|| async { api::get::<Page<ReferenceItem>>("/task-categories?active=true&pageSize=100").await })
}

/// The organisations, for staff only: a partner may not read the list, and asking anyway would only
/// write a false "denied" event into the audit log.
pub fn organisations() -> api::Resource<Result<Page<Organisation>, ApiError>> {
    let session = use_session();
    api::resource(move || {
        let staff = is_staff(session.role());
        async move {
            if staff {
                api::get::<Page<Organisation>>("/organisations?pageSize=100").await
            } else {
                Ok(Page { items: Vec::new(), page: 1, page_size: 100, total_items: 0, total_pages: 0 })
            }
        }
    })
}

/// The week schedule as a grid: a row per part of the day, a column per day, a checkbox in each cell
/// named by its day and part for screen readers.
#[component]
pub fn ScheduleGrid(
    id: &'static str,
    selected: RwSignal<Vec<String>>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <fieldset class="form-field schedule" id=id>
            <legend class="form-label utrecht-form-label">{ttr(|t| t.schedule)}</legend>
            <div class="schedule__scroll">
                <table class="schedule__grid">
                    <thead><tr>
                        <td></td>
                        {move || Weekday::ALL.iter().map(|day| view! { <th scope="col">{day_name(i18n.0.get(), *day)}</th> }).collect_view()}
                    </tr></thead>
                    <tbody>
                        {move || DayPart::ALL.iter().map(|part| {
                            let lang = i18n.0.get();
                            view! {
                                <tr>
                                    <th scope="row">{day_part_name(lang, *part)}</th>
                                    {Weekday::ALL.iter().map(|day| {
                                        let code = ScheduleSlot { day: *day, part: *part }.code();
                                        let label = format!("{} {}", day_name(lang, *day), day_part_name(lang, *part));
                                        let checked = code.clone();
                                        let toggled = code.clone();
                                        view! {
                                            <td>
                                                <input type="checkbox" id=format!("{id}-{code}") value=code aria-label=label
                                                    prop:checked=move || selected.get().contains(&checked)
                                                    on:change=move |ev| {
                                                        let on = event_target_checked(&ev);
                                                        selected.update(|list| {
                                                            list.retain(|v| *v != toggled);
                                                            if on { list.push(toggled.clone()); }
                                                        });
                                                    }/>
                                            </td>
                                        }
                                    }).collect_view()}
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            {move || error.get().map(|message| view! { <p class="field-error utrecht-form-field-error-message" id=format!("{id}-error")>{message}</p> })}
        </fieldset>
    }
}

#[component]
pub fn Tasks() -> impl IntoView {
    page_title(|t| crate::i18n_tasks::task_texts(t.lang).tasks_title);
    let i18n = use_i18n();
    let session = use_session();
    // Filters and page in the URL, so that Back and a shared link keep them.
    let url = UrlQuery::new();
    let page = url.page_signal();
    let category = url.param_signal("category", "");
    let neighbourhood = url.param_signal("neighbourhood", "");
    let org_filter = url.param_signal("organisation", "");
    let active_filter = url.param_signal("active", "true");
    let reload = RwSignal::new(0u32);
    let hoods = neighbourhoods();
    let cats = categories();
    let orgs = organisations();
    let list = api::resource(move || {
        reload.track();
        let path = format!(
            "/tasks{}",
            api::query(&[
                ("page", page.get().to_string()),
                ("categoryId", category.get()),
                ("neighbourhoodId", neighbourhood.get()),
                ("organisationId", org_filter.get()),
                ("active", active_filter.get()),
            ])
        );
        async move { api::get::<Page<Task>>(&path).await }
    });
    let no_error: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let hood_options = options(hoods, |n| (n.id.to_string(), n.name.clone()));
    let cat_options = options(cats, |c| (c.id.to_string(), c.name.clone()));
    let org_options = options(orgs, |o| (o.id.to_string(), o.name.clone()));

    let total_pages = Signal::derive(move || list.get().and_then(|r| r.ok()).map(|p| p.total_pages).unwrap_or(1));
    let total_items = Signal::derive(move || list.get().and_then(|r| r.ok()).map(|p| p.total_items).unwrap_or(0));
    view! {
        <h1>{ttr(|t| t.tasks_title)}</h1>
        <RequireRole roles=ACTORS>
            <form class="form form--inline" role="search" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); page.set(1); }>
                <SelectField id="filter-category" label=|t| crate::i18n_tasks::label(t, "categoryId") value=category options=cat_options error=field_error(no_error, "categoryId")/>
                <SelectField id="filter-neighbourhood" label=|t| crate::i18n_registration::label(t, "neighbourhoodId") value=neighbourhood options=hood_options error=field_error(no_error, "neighbourhoodId")/>
                <Show when=move || is_staff(session.role())>
                    <SelectField id="filter-organisation" label=|t| t.organisation value=org_filter options=org_options error=field_error(no_error, "organisationId")/>
                </Show>
                <SelectField id="filter-active" label=|t| t.status value=active_filter options=Signal::derive(move || {
                    let t = i18n::texts(i18n.0.get());
                    vec![("true".to_owned(), t.active.to_owned()), ("false".to_owned(), t.disabled.to_owned())]
                }) error=field_error(no_error, "active")/>
            </form>
            {move || list_state(i18n.0.get(), list.get(), |page| {
                let t = task_texts(i18n.0.get());
                view! {
                    <table class="table utrecht-table utrecht-table--html-table" id="tasks-table">
                        <caption>{t.tasks_title}</caption>
                        <thead><tr><th scope="col">{t.title}</th><th scope="col">{t.hours_per_week}</th><th scope="col">{t.location}</th><th scope="col">{t.social_value}</th></tr></thead>
                        <tbody>
                            {page.items.into_iter().map(|task| view! {
                                <tr><td><a href=format!("/tasks/{}", task.id)>{task.title.clone()}</a></td><td>{task.hours_per_week}</td><td>{task.location.clone()}</td><td>{task.social_value.clone()}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            })}
            <Pager page=page total_pages=total_pages total_items=total_items/>
            <Show when=move || matches!(session.role(), Some(Role::Admin | Role::Consultant | Role::Partner))>
                <h2>{ttr(|t| t.new_task)}</h2>
                <TaskForm saved=move |_| reload.update(|n| *n += 1)/>
            </Show>
        </RequireRole>
    }
}

#[component]
pub fn Packages() -> impl IntoView {
    page_title(|t| crate::i18n_tasks::task_texts(t.lang).packages_title);
    let i18n = use_i18n();
    let session = use_session();
    // The status filter and the page live in the URL (`?status=submitted&page=2`), so Back keeps them.
    // Consultants start at the approval queue; `all` is every status.
    let url = UrlQuery::new();
    let page = url.page_signal();
    let default_status = move || if is_staff(session.role()) { "submitted".to_owned() } else { String::new() };
    let read = move |value: String| {
        if value.is_empty() {
            default_status()
        } else if value == "all" {
            String::new()
        } else {
            value
        }
    };
    let from_url = move || read(url.get("status"));
    let status = RwSignal::new(read(url.get_untracked("status")));
    Effect::new(move |_| {
        let value = from_url();
        if status.get_untracked() != value {
            status.set(value);
        }
    });
    // Choosing a status in the filter goes to that URL.
    Effect::new(move |previous: Option<String>| {
        let chosen = status.get();
        if previous.is_some() && chosen != read(url.get_untracked("status")) {
            let value = if chosen.is_empty() { "all".to_owned() } else { chosen.clone() };
            url.set(&[("status", value), ("page", String::new())]);
        }
        chosen
    });
    let list = api::resource(move || {
        let path = format!("/task-packages{}", api::query(&[("page", page.get().to_string()), ("status", from_url())]));
        async move { api::get::<Page<TaskPackage>>(&path).await }
    });
    let no_error: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let orgs = organisations();
    let statuses = Signal::derive(move || {
        let lang = i18n.0.get();
        PackageStatus::ALL
            .iter()
            .map(|s| (s.as_str().to_owned(), package_status_name(lang, *s).to_owned()))
            .collect::<Vec<_>>()
    });
    let total_pages = Signal::derive(move || list.get().and_then(|r| r.ok()).map(|p| p.total_pages).unwrap_or(1));
    let total_items = Signal::derive(move || list.get().and_then(|r| r.ok()).map(|p| p.total_items).unwrap_or(0));
    view! {
        <h1>{ttr(|t| t.packages_title)}</h1>
        <RequireRole roles=ACTORS>
            <Show when=move || matches!(session.role(), Some(Role::Admin | Role::Consultant | Role::Partner))>
                <p><a id="new-package" class="button utrecht-button utrecht-button--primary-action" href="/packages/new">{ttr(|t| t.new_package)}</a></p>
            </Show>
            <form class="form form--inline" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); page.set(1); }>
                <SelectField id="filter-package-status" label=|t| t.status value=status options=statuses error=field_error(no_error, "status")/>
            </form>
            {move || list_state(i18n.0.get(), list.get(), |page| {
                let staff = is_staff(session.role());
                let org_names = orgs.get().and_then(|r| r.ok()).map(|p| p.items).unwrap_or_default();
                let lang = i18n.0.get();
                let t = task_texts(lang);
                view! {
                    <table class="table utrecht-table utrecht-table--html-table" id="packages-table">
                        <caption>{t.packages_title}</caption>
                        <thead><tr>
                            <th scope="col">{t.title}</th>
                            {staff.then(|| view! { <th scope="col">{i18n::texts(lang).organisation}</th> })}
                            <th scope="col">{i18n::texts(lang).status}</th>
                            <th scope="col">{t.last_change}</th>
                            <th scope="col">{t.total_hours}</th>
                            <th scope="col">{t.positions}</th>
                        </tr></thead>
                        <tbody>
                            {page.items.into_iter().map(|p| view! {
                                <tr>
                                    <td><a href=format!("/packages/{}", p.id)>{p.title.clone()}</a></td>
                                    {staff.then(|| view! { <td>{org_names.iter().find(|o| o.id == p.organisation_id).map(|o| o.name.clone()).unwrap_or_default()}</td> })}
                                    <td>{package_status_name(lang, p.status)}</td>
                                    <td>{format_date(&p.updated_at.date_naive())}</td>
                                    <td>{p.hours.total_hours}</td>
                                    <td>{p.positions}</td>
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

#[component]
pub fn PackageBuilder() -> impl IntoView {
    page_title(|t| crate::i18n_tasks::task_texts(t.lang).new_package);
    let navigate = use_navigate();
    let saved =
        Callback::new(move |package: TaskPackage| navigate(&format!("/packages/{}", package.id), Default::default()));
    view! {
        <h1>{ttr(|t| t.new_package)}</h1>
        <RequireRole roles=WRITERS>
            <PackageForm saved=saved/>
        </RequireRole>
    }
}

/// A step the SPA offers: where it leads, the button's id suffix and its label.
type Step = (PackageStatus, &'static str, fn(&'static crate::i18n_tasks::TaskTexts) -> &'static str);

/// The workflow steps a role may offer from a status: asked from `shared`, whose rules the server applies.
fn steps(status: PackageStatus, role: Option<Role>) -> Vec<Step> {
    use PackageStatus::*;
    let actor = match role {
        Some(Role::Partner) => shared::tasks::PackageActor::Partner,
        _ if is_staff(role) => shared::tasks::PackageActor::Staff,
        _ => return Vec::new(),
    };
    shared::tasks::package_steps(status, actor)
        .into_iter()
        .map(|to| -> Step {
            match (status, to) {
                (Rejected, Draft) => (to, "rework", |t| t.rework),
                (Filled, Open) => (to, "reopen", |t| t.reopen),
                (_, Submitted) => (to, "submit", |t| t.submit),
                (_, Approved) => (to, "approve", |t| t.approve),
                (_, Rejected) => (to, "reject", |t| t.reject),
                (_, Open) => (to, "open", |t| t.open),
                (_, Filled) => (to, "filled", |t| t.filled),
                (_, Closed) => (to, "close", |t| t.close),
                (_, Draft) => (to, "rework", |t| t.rework),
            }
        })
        .collect()
}

#[component]
pub fn PackageDetail() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let params = use_params_map();
    let id = move || params.get().get("id").unwrap_or_default();
    let reload = RwSignal::new(0u32);
    let package = api::resource(move || {
        reload.track();
        let path = format!("/task-packages/{}", id());
        async move { api::get::<TaskPackage>(&path).await }
    });
    let history = api::resource(move || {
        reload.track();
        let path = format!("/task-packages/{}/status-changes", id());
        async move { api::get::<Vec<PackageStatusChange>>(&path).await }
    });
    Effect::new(move |_| {
        let generic = task_texts(i18n.0.get()).package;
        match package.get().and_then(|r| r.ok()) {
            Some(p) => set_title(&format!("{} - {generic}", p.title)),
            None => set_title(generic),
        }
    });
    // The context of an approval: the submitting organisation and the package's own tasks.
    let organisation_id = move || package.get().and_then(|r| r.ok()).map(|p| p.organisation_id);
    let tasks = api::resource(move || {
        let path = organisation_id().map(|org| format!("/tasks?organisationId={org}&pageSize=100"));
        async move {
            match path {
                Some(path) => api::get::<Page<Task>>(&path).await.map(|p| p.items),
                None => Ok(Vec::new()),
            }
        }
    });
    let organisation = api::resource(move || {
        let path = organisation_id().map(|org| format!("/organisations/{org}"));
        async move {
            match path {
                Some(path) => api::get::<Organisation>(&path).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let reason = RwSignal::new(String::new());
    let errors: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let busy = RwSignal::new(false);
    // Approve, reject and close ask first; the step waiting for that answer.
    let confirming = RwSignal::new(None::<PackageStatus>);
    let take = move |to: PackageStatus| {
        let Some(Ok(current)) = package.get_untracked() else { return };
        if busy.get_untracked() {
            return;
        }
        confirming.set(None);
        errors.set(None);
        busy.set(true);
        let body = PackageTransition { to: Some(to), reason: reason.get_untracked(), version: Some(current.version) };
        leptos::task::spawn_local(async move {
            match api::post::<_, TaskPackage>(&format!("/task-packages/{}/transitions", id()), &body).await {
                Ok(_) => {
                    reason.set(String::new());
                    notify(task_texts(i18n.0.get_untracked()).step_done);
                }
                Err(error) => errors.set(Some(error)),
            }
            busy.set(false);
            reload.update(|n| *n += 1);
        });
    };
    let ask = move |to: PackageStatus| {
        if matches!(to, PackageStatus::Approved | PackageStatus::Rejected | PackageStatus::Closed) {
            confirming.set(Some(to));
        } else {
            take(to);
        }
    };
    let question = Signal::derive(move || {
        let t = task_texts(i18n.0.get());
        match confirming.get() {
            Some(PackageStatus::Approved) => t.confirm_approve,
            Some(PackageStatus::Rejected) => t.confirm_reject,
            _ => t.confirm_close,
        }
        .to_owned()
    });
    let confirm_label = Signal::derive(move || {
        let t = task_texts(i18n.0.get());
        match confirming.get() {
            Some(PackageStatus::Approved) => t.approve,
            Some(PackageStatus::Rejected) => t.reject,
            _ => t.close,
        }
        .to_owned()
    });
    view! {
        <h1>{move || package.get().and_then(|r| r.ok()).map(|p| p.title).unwrap_or_else(|| task_texts(i18n.0.get()).package.to_owned())}</h1>
        <RequireRole roles=ACTORS>
            <Show when=move || is_staff(session.role())>
                <p><a id="package-candidates" href=move || format!("/packages/{}/candidates", id())>{crate::i18n_matching::mtr(|t| t.best_candidates)}</a></p>
            </Show>
            <FormError errors=errors id="transition-error"/>
            {move || package.get().and_then(|r| r.ok()).map(|p| {
                let lang = i18n.0.get();
                let t = task_texts(lang);
                let names = tasks.get().and_then(|r| r.ok()).unwrap_or_default();
                let organisation_name = organisation.get().and_then(|r| r.ok()).flatten().map(|o| o.name).unwrap_or_default();
                // The reason of the last rejection stays in view while the partner reworks the package (the
                // record clears it when the package leaves `rejected`; the history keeps it).
                let rejection = if !p.rejection_reason.is_empty() {
                    p.rejection_reason.clone()
                } else if matches!(p.status, PackageStatus::Draft | PackageStatus::Submitted) {
                    history
                        .get()
                        .and_then(|r| r.ok())
                        .and_then(|steps| steps.into_iter().rev().find(|s| s.to == PackageStatus::Rejected))
                        .map(|s| s.reason)
                        .unwrap_or_default()
                } else {
                    String::new()
                };
                let offered = steps(p.status, session.role());
                view! {
                    <dl class="facts">
                        <dt>{i18n::texts(lang).organisation}</dt><dd id="package-organisation">{organisation_name}</dd>
                        <dt>{i18n::texts(lang).status}</dt><dd id="package-status">{package_status_name(lang, p.status)}</dd>
                        <dt>{t.last_change}</dt><dd>{format_instant(&p.updated_at)}</dd>
                        <dt>{t.total_hours}</dt><dd>{p.hours.total_hours} " (" {t.norm} ")"</dd>
                        <dt>{t.positions}</dt><dd>{p.positions}</dd>
                        <dt>{t.start_date}</dt><dd>{p.start_date.as_ref().map(format_date).unwrap_or_default()}</dd>
                        <dt>{t.mentor}</dt><dd>{p.mentor_name.clone()}</dd>
                        {(!rejection.is_empty()).then(|| view! { <dt>{t.rejection_reason}</dt><dd id="rejection-reason">{rejection.clone()}</dd> })}
                    </dl>
                    <h2>{t.tasks_title}</h2>
                    <table class="table utrecht-table utrecht-table--html-table" id="package-task-table">
                        <caption>{t.tasks_title}</caption>
                        <thead><tr><th scope="col">{t.title}</th><th scope="col">{t.hours_per_week}</th><th scope="col">{t.schedule}</th><th scope="col">{t.location}</th></tr></thead>
                        <tbody>
                            {p.task_ids.iter().map(|task| {
                                let found = names.iter().find(|n| n.id == *task).cloned();
                                match found {
                                    Some(n) => view! {
                                        <tr>
                                            <td>{n.title.clone()}</td>
                                            <td>{n.hours_per_week}</td>
                                            <td>{n.schedule.iter().map(|s| format!("{} {}", day_name(lang, s.day), day_part_name(lang, s.part))).collect::<Vec<_>>().join(", ")}</td>
                                            <td>{n.location.clone()}</td>
                                        </tr>
                                    }.into_any(),
                                    None => view! { <tr><td colspan="4">{task.to_string()}</td></tr> }.into_any(),
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                    // A draft or a rejected package can still be changed (by its partner or by staff), and then
                    // submitted again.
                    {(p.status.is_editable() && session.role().is_some_and(|r| WRITERS.contains(&r))).then(|| {
                        let package = p.clone();
                        view! {
                            <h2>{t.edit_package}</h2>
                            <PackageForm package=package saved=move |_| reload.update(|n| *n += 1)/>
                        }
                    })}
                    {(!offered.is_empty()).then(|| view! {
                        <div class="form">
                            {offered.iter().any(|(to, _, _)| *to == PackageStatus::Rejected).then(|| view! {
                                <TextField id="transition-reason" label=|t| crate::i18n_tasks::label(t, "reason") value=reason error=field_error(errors, "reason")/>
                            })}
                            <div class="form-actions">
                                {offered.into_iter().map(|(to, key, label)| view! {
                                    <button type="button" id=format!("step-{key}") class="button utrecht-button utrecht-button--primary-action" disabled=move || busy.get() on:click=move |_| ask(to)>{ttr(label)}</button>
                                }).collect_view()}
                            </div>
                            <Show when=move || confirming.get().is_some()>
                                <ConfirmDialog id="step-question" question=question confirm_label=confirm_label
                                    confirm_class=if confirming.get_untracked() == Some(PackageStatus::Approved) { "button" } else { "button button--danger" }
                                    on_confirm=move |()| if let Some(to) = confirming.get_untracked() { take(to) }
                                    on_cancel=move |()| confirming.set(None)/>
                            </Show>
                        </div>
                    })}
                }
            })}
            <h2>{ttr(|t| t.steps)}</h2>
            {move || history.get().and_then(|r| r.ok()).map(|steps| {
                let lang = i18n.0.get();
                let x = i18n::texts(lang);
                view! {
                    <table class="table utrecht-table utrecht-table--html-table" id="package-history">
                        <caption>{task_texts(lang).steps}</caption>
                        <thead><tr><th scope="col">{x.when}</th><th scope="col">{x.status}</th><th scope="col">{x.who}</th></tr></thead>
                        <tbody>
                            {steps.into_iter().map(|s| view! {
                                <tr>
                                    <td>{format_instant(&s.changed_at)}</td>
                                    <td>{package_status_name(lang, s.to)}{(!s.reason.is_empty()).then(|| format!(" · {}", s.reason))}</td>
                                    <td>{s.changed_by.clone().unwrap_or_default()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }
            })}
        </RequireRole>
    }
}

#[component]
pub fn Sessions() -> impl IntoView {
    page_title(|t| crate::i18n_tasks::task_texts(t.lang).sessions_title);
    let i18n = use_i18n();
    let session = use_session();
    let page = crate::components::UrlQuery::new().page_signal();
    let reload = RwSignal::new(0u32);
    let hoods = neighbourhoods();
    let list = api::resource(move || {
        reload.track();
        let path = format!("/neighbourhood-sessions?page={}", page.get());
        async move { api::get::<Page<NeighbourhoodSession>>(&path).await }
    });
    let total_pages = Signal::derive(move || list.get().and_then(|r| r.ok()).map(|p| p.total_pages).unwrap_or(1));
    let total_items = Signal::derive(move || list.get().and_then(|r| r.ok()).map(|p| p.total_items).unwrap_or(0));
    view! {
        <h1>{ttr(|t| t.sessions_title)}</h1>
        <RequireRole roles=ACTORS>
            {move || list_state(i18n.0.get(), list.get(), |page| {
                let lang = i18n.0.get();
                let t = task_texts(lang);
                let names = hoods.get().and_then(|r| r.ok()).map(|p| p.items).unwrap_or_default();
                view! {
                    <table class="table utrecht-table utrecht-table--html-table" id="sessions-table">
                        <caption>{t.sessions_title}</caption>
                        <thead><tr><th scope="col">{t.held_on}</th><th scope="col">{t.title}</th><th scope="col">{crate::i18n_registration::reg_texts(lang).neighbourhood}</th><th scope="col">{t.tasks_title}</th></tr></thead>
                        <tbody>
                            {page.items.into_iter().map(|s| view! {
                                <tr>
                                    <td>{format_date(&s.held_on)}</td>
                                    <td><a href=format!("/sessions/{}", s.id)>{s.title.clone()}</a></td>
                                    <td>{names.iter().find(|n| n.id == s.neighbourhood_id).map(|n| n.name.clone()).unwrap_or_default()}</td>
                                    <td>{s.task_ids.len()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            })}
            <Pager page=page total_pages=total_pages total_items=total_items/>
            <Show when=move || matches!(session.role(), Some(Role::Admin | Role::Consultant | Role::Partner))>
                <h2>{ttr(|t| t.new_session)}</h2>
                <SessionForm saved=move |_| reload.update(|n| *n += 1)/>
            </Show>
        </RequireRole>
    }
}

/// One neighbourhood session: when and where, its notes, who took part and the tasks proposed in it.
#[component]
pub fn SessionDetail() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.get().get("id").unwrap_or_default();
    let session = use_session();
    let reload = RwSignal::new(0u32);
    let names = api::resource(|| async {
        api::get::<Page<shared::organisations::OrganisationName>>("/organisations/lookup?pageSize=100").await
    });
    let session_record = api::resource(move || {
        reload.track();
        let path = format!("/neighbourhood-sessions/{}", id());
        async move { api::get::<NeighbourhoodSession>(&path).await }
    });
    Effect::new(move |_| {
        let generic = task_texts(i18n.0.get()).sessions_title;
        match session_record.get().and_then(|r| r.ok()) {
            Some(s) => set_title(&format!("{} - {generic}", s.title)),
            None => set_title(generic),
        }
    });
    let proposed = api::resource(move || {
        let path = format!("/tasks?sessionId={}&pageSize=100", id());
        async move { api::get::<Page<Task>>(&path).await }
    });
    let hoods = neighbourhoods();
    view! {
        <h1>{move || session_record.get().and_then(|r| r.ok()).map(|s| s.title).unwrap_or_else(|| task_texts(i18n.0.get()).sessions_title.to_owned())}</h1>
        <RequireRole roles=ACTORS>
            {move || session_record.get().and_then(|r| r.err()).map(|error| view! { <div class="notice notice--error utrecht-alert utrecht-alert--error" role="alert">{crate::components::error_text(i18n.0.get(), &error)}</div> })}
            {move || session_record.get().and_then(|r| r.ok()).map(|s| {
                let lang = i18n.0.get();
                let t = task_texts(lang);
                let hood = hoods.get().and_then(|r| r.ok()).and_then(|p| p.items.into_iter().find(|n| n.id == s.neighbourhood_id)).map(|n| n.name).unwrap_or_default();
                let known = names.get().and_then(|r| r.ok()).map(|p| p.items).unwrap_or_default();
                let participants = s.participant_ids.iter().filter_map(|id| known.iter().find(|o| o.id == *id).map(|o| o.name.clone())).collect::<Vec<_>>().join(", ");
                view! {
                    <dl class="facts">
                        <dt>{t.held_on}</dt><dd id="session-date">{format_date(&s.held_on)}</dd>
                        <dt>{crate::i18n_registration::reg_texts(lang).neighbourhood}</dt><dd>{hood}</dd>
                        <dt>{t.notes}</dt><dd>{s.notes.clone()}</dd>
                        <dt>{t.participants}</dt><dd id="session-participants-names">{participants}</dd>
                    </dl>
                    {session.role().is_some_and(|r| WRITERS.contains(&r)).then(|| view! {
                        <h2>{t.edit_session}</h2>
                        <SessionForm record=s.clone() saved=move |_| reload.update(|n| *n += 1)/>
                    })}
                }
            })}
            <h2>{ttr(|t| t.tasks_title)}</h2>
            {move || proposed.get().and_then(|r| r.ok()).map(|page| {
                let lang = i18n.0.get();
                if page.items.is_empty() {
                    return view! { <p>{i18n::texts(lang).nothing_found}</p> }.into_any();
                }
                view! {
                    <ul id="session-tasks">
                        {page.items.into_iter().map(|task| view! { <li>{format!("{} ({} u)", task.title, task.hours_per_week)}</li> }).collect_view()}
                    </ul>
                }.into_any()
            })}
        </RequireRole>
    }
}
