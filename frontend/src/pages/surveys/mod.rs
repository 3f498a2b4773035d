//! Experience surveys (issue 12 item 6): the section on a contract's page (the employee's surveys with
//! when the next is due, and the form to enter one) and on an organisation's page (the organisation's
//! surveys). Staff read and enter both; a partner enters its own placements' employee surveys and reads
//! and enters its own organisation's.

use leptos::prelude::*;
use shared::auth::Role;
use shared::surveys::{
    EmployeeSurvey, EmployeeSurveys, OrganisationSurvey, OrganisationSurveys, SaveEmployeeSurvey,
    SaveOrganisationSurvey, SurveyDue,
};

use crate::api::{self, ApiError};
use crate::app::use_session;
use crate::components::{FormCheck, FormError, SubmitButton, TextField, field_error, format_date, notify};
use crate::i18n::{Lang, use_i18n};
use crate::i18n_surveys::{survey_texts, svt};

/// Who reads a contract's employee surveys (the API's `EmployeeSurveyReaders`, job coaches once Guidance
/// gives them a caseload).
pub const EMPLOYEE_READERS: &[Role] = &[Role::Admin, Role::Consultant];
/// Who enters an employee's survey.
pub const EMPLOYEE_WRITERS: &[Role] = &[Role::Admin, Role::Consultant, Role::Partner];
/// Who reads and enters an organisation's surveys (a partner its own).
pub const ORGANISATION_USERS: &[Role] = &[Role::Admin, Role::Consultant, Role::Partner];

/// When the next survey is due, with "overdue" as text, not only as colour.
fn due_view(lang: Lang, due: Option<SurveyDue>, id: &'static str) -> AnyView {
    let s = survey_texts(lang);
    match due {
        Some(d) => {
            let class = if d.overdue { "notice notice--warning" } else { "notice" };
            let late = if d.overdue { format!(" ({})", s.overdue) } else { String::new() };
            view! { <p class=class id=id>{format!("{}: {}{late}", s.next_due, format_date(&d.next_due))}</p> }
                .into_any()
        }
        None => view! { <p class="notice" id=id>{s.not_due}</p> }.into_any(),
    }
}

fn employee_table(lang: Lang, items: Vec<EmployeeSurvey>) -> AnyView {
    let s = survey_texts(lang);
    if items.is_empty() {
        return view! { <p id="employee-surveys-empty">{s.none_yet}</p> }.into_any();
    }
    view! {
        <table class="table utrecht-table utrecht-table--html-table" id="employee-surveys">
            <caption>{s.employee_title}</caption>
            <thead><tr>
                <th scope="col">{s.surveyed_on}</th>
                <th scope="col">{s.wellbeing}</th>
                <th scope="col">{s.income}</th>
                <th scope="col">{s.work}</th>
                <th scope="col">{s.social_contacts}</th>
                <th scope="col">{s.comment}</th>
                <th scope="col">{s.entered_by}</th>
            </tr></thead>
            <tbody>
                {items.into_iter().map(|x| view! {
                    <tr>
                        <td>{format_date(&x.surveyed_on)}</td>
                        <td class="amount">{x.wellbeing}</td>
                        <td class="amount">{x.income}</td>
                        <td class="amount">{x.work}</td>
                        <td class="amount">{x.social_contacts}</td>
                        <td>{x.comment}</td>
                        <td>{x.entered_by.unwrap_or_default()}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

fn organisation_table(lang: Lang, items: Vec<OrganisationSurvey>) -> AnyView {
    let s = survey_texts(lang);
    if items.is_empty() {
        return view! { <p id="organisation-surveys-empty">{s.none_yet}</p> }.into_any();
    }
    view! {
        <table class="table utrecht-table utrecht-table--html-table" id="organisation-surveys">
            <caption>{s.organisation_title}</caption>
            <thead><tr>
                <th scope="col">{s.surveyed_on}</th>
                <th scope="col">{s.satisfaction}</th>
                <th scope="col">{s.neighbourhood_effect}</th>
                <th scope="col">{s.comment}</th>
                <th scope="col">{s.entered_by}</th>
            </tr></thead>
            <tbody>
                {items.into_iter().map(|x| view! {
                    <tr>
                        <td>{format_date(&x.surveyed_on)}</td>
                        <td class="amount">{x.satisfaction}</td>
                        <td class="amount">{x.neighbourhood_effect}</td>
                        <td>{x.comment}</td>
                        <td>{x.entered_by.unwrap_or_default()}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// A contract's employee surveys: when the next is due, the list (staff) and the form (staff and the
/// partner of the placement).
#[component]
pub fn EmployeeSurveysSection(#[prop(into)] contract_id: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let reader = Signal::derive(move || session.role().is_some_and(|r| EMPLOYEE_READERS.contains(&r)));
    let writer = Signal::derive(move || session.role().is_some_and(|r| EMPLOYEE_WRITERS.contains(&r)));
    let reload = RwSignal::new(0u32);
    let surveys = api::resource(move || {
        reload.track();
        let path = format!("/contracts/{}/surveys", contract_id.get());
        let allowed = reader.get();
        async move { if allowed { Some(api::get::<EmployeeSurveys>(&path).await) } else { None } }
    });
    let surveyed_on = RwSignal::new(String::new());
    let wellbeing = RwSignal::new(String::new());
    let income = RwSignal::new(String::new());
    let work = RwSignal::new(String::new());
    let social = RwSignal::new(String::new());
    let comment = RwSignal::new(String::new());
    let errors: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut check = FormCheck::new(i18n.0.get_untracked());
        let body = SaveEmployeeSurvey {
            surveyed_on: check.date("surveyedOn", &surveyed_on.get_untracked()),
            wellbeing: check.whole("wellbeing", &wellbeing.get_untracked(), 10),
            income: check.whole("income", &income.get_untracked(), 10),
            work: check.whole("work", &work.get_untracked(), 10),
            social_contacts: check.whole("socialContacts", &social.get_untracked(), 10),
            comment: comment.get_untracked(),
        };
        if let Err(error) = check.finish() {
            errors.set(Some(error));
            return;
        }
        errors.set(None);
        busy.set(true);
        let path = format!("/contracts/{}/surveys", contract_id.get_untracked());
        leptos::task::spawn_local(async move {
            match api::post::<_, EmployeeSurvey>(&path, &body).await {
                Ok(_) => {
                    for field in [surveyed_on, wellbeing, income, work, social, comment] {
                        field.set(String::new());
                    }
                    notify(survey_texts(i18n.0.get_untracked()).saved);
                    reload.update(|n| *n += 1);
                }
                Err(error) => errors.set(Some(error)),
            }
            busy.set(false);
        });
    };
    view! {
        <Show when=move || writer.get()>
            <section class="surveys" id="employee-surveys-section" aria-labelledby="employee-surveys-title">
                <h2 id="employee-surveys-title">{svt(|t| t.employee_title)}</h2>
                <p class="form-hint utrecht-form-field-description">{svt(|t| t.intro_employee)}</p>
                {move || surveys.get().flatten().map(|result| {
                    let lang = i18n.0.get();
                    match result {
                        Err(error) => view! { <div class="notice notice--error utrecht-alert utrecht-alert--error" role="alert">{crate::components::error_text(lang, &error)}</div> }.into_any(),
                        Ok(s) => view! {
                            {due_view(lang, s.due, "employee-survey-due")}
                            {employee_table(lang, s.items)}
                        }.into_any(),
                    }
                })}
                <form class="form" id="employee-survey-form" on:submit=submit novalidate=true>
                    <h3>{svt(|t| t.new_survey)}</h3>
                    <FormError errors=errors prefix="survey-" id="employee-survey-error"/>
                    <p class="form-hint utrecht-form-field-description">{svt(|t| t.score_hint)}</p>
                    <TextField id="survey-surveyedOn" label=|t| crate::i18n_surveys::label(t, "surveyedOn") input_type="date" value=surveyed_on error=field_error(errors, "surveyedOn")/>
                    <TextField id="survey-wellbeing" label=|t| crate::i18n_surveys::label(t, "wellbeing") inputmode="numeric" required=true value=wellbeing error=field_error(errors, "wellbeing")/>
                    <TextField id="survey-income" label=|t| crate::i18n_surveys::label(t, "income") inputmode="numeric" required=true value=income error=field_error(errors, "income")/>
                    <TextField id="survey-work" label=|t| crate::i18n_surveys::label(t, "work") inputmode="numeric" required=true value=work error=field_error(errors, "work")/>
                    <TextField id="survey-socialContacts" label=|t| crate::i18n_surveys::label(t, "socialContacts") inputmode="numeric" required=true value=social error=field_error(errors, "socialContacts")/>
                    <TextField id="survey-comment" label=|t| crate::i18n_surveys::label(t, "comment") multiline=true value=comment error=field_error(errors, "comment")/>
                    <div class="form-actions">
                        <SubmitButton id="employee-survey-submit" label=Signal::derive(move || survey_texts(i18n.0.get()).save) busy=busy/>
                    </div>
                </form>
            </section>
        </Show>
    }
}

/// An organisation's surveys: when the next is due, the list and the form (staff, and the organisation's
/// own partner users).
#[component]
pub fn OrganisationSurveysSection(#[prop(into)] organisation_id: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let allowed = Signal::derive(move || session.role().is_some_and(|r| ORGANISATION_USERS.contains(&r)));
    let reload = RwSignal::new(0u32);
    let surveys = api::resource(move || {
        reload.track();
        let id = organisation_id.get();
        let path = format!("/organisations/{id}/surveys");
        let allowed = allowed.get() && !id.is_empty();
        async move { if allowed { Some(api::get::<OrganisationSurveys>(&path).await) } else { None } }
    });
    let surveyed_on = RwSignal::new(String::new());
    let satisfaction = RwSignal::new(String::new());
    let effect = RwSignal::new(String::new());
    let comment = RwSignal::new(String::new());
    let errors: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut check = FormCheck::new(i18n.0.get_untracked());
        let body = SaveOrganisationSurvey {
            surveyed_on: check.date("surveyedOn", &surveyed_on.get_untracked()),
            satisfaction: check.whole("satisfaction", &satisfaction.get_untracked(), 10),
            neighbourhood_effect: check.whole("neighbourhoodEffect", &effect.get_untracked(), 10),
            comment: comment.get_untracked(),
        };
        if let Err(error) = check.finish() {
            errors.set(Some(error));
            return;
        }
        errors.set(None);
        busy.set(true);
        let path = format!("/organisations/{}/surveys", organisation_id.get_untracked());
        leptos::task::spawn_local(async move {
            match api::post::<_, OrganisationSurvey>(&path, &body).await {
                Ok(_) => {
                    for field in [surveyed_on, satisfaction, effect, comment] {
                        field.set(String::new());
                    }
                    notify(survey_texts(i18n.0.get_untracked()).saved);
                    reload.update(|n| *n += 1);
                }
                Err(error) => errors.set(Some(error)),
            }
            busy.set(false);
        });
    };
    view! {
        <Show when=move || allowed.get()>
            <section class="surveys" id="organisation-surveys-section" aria-labelledby="organisation-surveys-title">
                <h2 id="organisation-surveys-title">{svt(|t| t.organisation_title)}</h2>
                <p class="form-hint utrecht-form-field-description">{svt(|t| t.intro_organisation)}</p>
                {move || surveys.get().flatten().map(|result| {
                    let lang = i18n.0.get();
                    match result {
                        Err(error) => view! { <div class="notice notice--error utrecht-alert utrecht-alert--error" role="alert">{crate::components::error_text(lang, &error)}</div> }.into_any(),
                        Ok(s) => view! {
                            {due_view(lang, s.due, "organisation-survey-due")}
                            {organisation_table(lang, s.items)}
                        }.into_any(),
                    }
                })}
                <form class="form" id="organisation-survey-form" on:submit=submit novalidate=true>
                    <h3>{svt(|t| t.new_survey)}</h3>
                    <FormError errors=errors prefix="org-survey-" id="organisation-survey-error"/>
                    <p class="form-hint utrecht-form-field-description">{svt(|t| t.score_hint)}</p>
                    <TextField id="org-survey-surveyedOn" label=|t| crate::i18n_surveys::label(t, "surveyedOn") input_type="date" value=surveyed_on error=field_error(errors, "surveyedOn")/>
                    <TextField id="org-survey-satisfaction" label=|t| crate::i18n_surveys::label(t, "satisfaction") inputmode="numeric" required=true value=satisfaction error=field_error(errors, "satisfaction")/>
                    <TextField id="org-survey-neighbourhoodEffect" label=|t| crate::i18n_surveys::label(t, "neighbourhoodEffect") inputmode="numeric" required=true value=effect error=field_error(errors, "neighbourhoodEffect")/>
                    <TextField id="org-survey-comment" label=|t| crate::i18n_surveys::label(t, "comment") multiline=true value=comment error=field_error(errors, "comment")/>
                    <div class="form-actions">
                        <SubmitButton id="organisation-survey-submit" label=Signal::derive(move || survey_texts(i18n.0.get()).save) busy=busy/>
                    </div>
                </form>
            </section>
        </Show>
    }
}
