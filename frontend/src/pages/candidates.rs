//! Candidates: the list with filters and search (in a POST body, never the URL), the registration and
//! edit form with the server's field errors beside each field, and the record with its tabs.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use shared::auth::Role;
use shared::candidates::{
    BenefitKind, Candidate, CandidateAbility, CandidateInput, CandidateSearch, CandidateStatus, CandidateSummary,
    ChangeStatus, CreateIntake, CriterionOutcome, EligibilityDecision, EligibilityOutcome, ExitReason, Intake,
    IntakeKind, Source, StatusChange, Weekday,
};
use shared::paging::Page;
use shared::reference::{Neighbourhood, PhysicalDemand, ReferenceItem};
use uuid::Uuid;

use crate::api::{self, ApiError};
use crate::app::{RequireRole, page_title, set_title, use_session};
use crate::components::{
    ConfirmDialog, FormCheck, FormError, Pager, SelectField, SortHeader, SubmitButton, TextField, UrlQuery, error_text,
    field_error, format_date, format_instant, format_money, notify,
};
use crate::i18n::{self, Lang, source_name, status_name, tr, use_i18n};
use crate::i18n_registration::{benefit_name, day_name, demand_name, intake_kind_name, reg_texts, rtr};

/// The list's filters in the URL by their API names, for saved searches.
const SAVED_SEARCH_KEYS: &[(&str, &str)] = &[
    ("status", "status"),
    ("neighbourhood", "neighbourhoodId"),
    ("source", "source"),
    ("register", "targetGroupRegister"),
    ("availability", "availabilityOlderThanDays"),
];
const READERS: &[Role] = &[Role::Admin, Role::Consultant, Role::JobCoach, Role::Finance];
const EDITORS: &[Role] = &[Role::Admin, Role::Consultant];

fn neighbourhoods() -> api::Resource<Result<Page<Neighbourhood>, ApiError>> {
    api::resource(|| async { api::get::<Page<Neighbourhood>>("/neighbourhoods?pageSize=100").await })
}

fn reference_list(path: &'static str) -> api::Resource<Result<Page<ReferenceItem>, ApiError>> {
    api::resource(move || async move { api::get::<Page<ReferenceItem>>(path).await })
}

fn options_of(resource: api::Resource<Result<Page<Neighbourhood>, ApiError>>) -> Signal<Vec<(String, String)>> {
    Signal::derive(move || {
        resource
            .get()
            .and_then(|r| r.ok())
            .map(|p| p.items.into_iter().map(|n| (n.id.to_string(), n.name)).collect())
            .unwrap_or_default()
    })
}

fn status_options(lang: Lang) -> Vec<(String, String)> {
    CandidateStatus::ALL.iter().map(|s| (s.as_str().to_owned(), status_name(lang, *s).to_owned())).collect()
}

fn source_options(lang: Lang) -> Vec<(String, String)> {
    Source::ALL.iter().map(|s| (s.as_str().to_owned(), source_name(lang, *s).to_owned())).collect()
}

/// JSON text indented for people, by the browser's `JSON`.
fn pretty_json(text: &str) -> String {
    js_sys::JSON::parse(text)
        .ok()
        .and_then(|value| {
            js_sys::JSON::stringify_with_replacer_and_space(&value, &wasm_bindgen::JsValue::NULL, &2.into()).ok()
        })
        .and_then(|pretty| pretty.as_string())
        .unwrap_or_else(|| text.to_owned())
}

/// Saves `text` as a file download in the browser. A CSV file starts with a UTF-8 byte order mark (the
/// API sends one, but `Response::text()` drops it), so that Excel reads its accents.
pub fn download(name: &str, mime: &str, text: &str) {
    use wasm_bindgen::JsCast;
    let text = if mime.starts_with("text/csv") && !text.starts_with('\u{feff}') {
        format!("\u{feff}{text}")
    } else {
        text.to_owned()
    };
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(&text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    if let Some(document) = web_sys::window().and_then(|w| w.document())
        && let Ok(anchor) = document.create_element("a")
        && let Ok(anchor) = anchor.dyn_into::<web_sys::HtmlAnchorElement>()
    {
        anchor.set_href(&url);
        anchor.set_download(name);
        anchor.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

#[component]
pub fn CandidateList() -> impl IntoView {
    page_title(|t| crate::i18n_registration::reg_texts(t.lang).candidates_title);
    let i18n = use_i18n();
    let session = use_session();
    // Filters, sorting and page live in the URL (Back and a shared link keep them); the search text does
    // not, as it may be a BSN: it goes in the POST body only.
    let url = UrlQuery::new();
    let page = url.page_signal();
    let query = RwSignal::new(String::new());
    let searched = RwSignal::new(String::new());
    let status = RwSignal::new(url.get_untracked("status"));
    let neighbourhood = RwSignal::new(url.get_untracked("neighbourhood"));
    let source = RwSignal::new(url.get_untracked("source"));
    let register = RwSignal::new(url.get_untracked("register"));
    let availability = RwSignal::new(url.get_untracked("availability"));
    Effect::new(move |_| {
        status.set(url.get("status"));
        neighbourhood.set(url.get("neighbourhood"));
        source.set(url.get("source"));
        register.set(url.get("register"));
        availability.set(url.get("availability"));
    });
    let applied = Memo::new(move |_| CandidateSearch {
        query: searched.get(),
        status: CandidateStatus::parse(&url.get("status")),
        neighbourhood_id: Uuid::parse_str(&url.get("neighbourhood")).ok(),
        source: Source::parse(&url.get("source")),
        target_group_register: match url.get("register").as_str() {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        },
        availability_older_than_days: url.get("availability").parse().ok(),
        sort: Some(url.get("sort")).filter(|s| !s.is_empty()),
        ..Default::default()
    });
    let hoods = neighbourhoods();
    let no_error: RwSignal<Option<ApiError>> = RwSignal::new(None);
    // Searching again asks again, also when nothing changed (after a failure, say).
    let searches = RwSignal::new(0u32);
    let results = api::resource(move || {
        searches.track();
        let mut search = applied.get();
        search.page = Some(page.get());
        async move { api::post::<_, Page<CandidateSummary>>("/candidates/search", &search).await }
    });
    let filter = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        searched.set(query.get_untracked());
        searches.update(|n| *n += 1);
        url.set(&[
            ("status", status.get_untracked()),
            ("neighbourhood", neighbourhood.get_untracked()),
            ("source", source.get_untracked()),
            ("register", register.get_untracked()),
            ("availability", availability.get_untracked()),
            ("page", String::new()),
        ]);
    };
    let export = move |_| {
        let search = applied.get_untracked();
        let path = format!(
            "/candidates/export{}",
            api::query(&[
                ("status", search.status.map(|s| s.as_str().to_owned()).unwrap_or_default()),
                ("neighbourhoodId", search.neighbourhood_id.map(|n| n.to_string()).unwrap_or_default()),
                ("source", search.source.map(|s| s.as_str().to_owned()).unwrap_or_default()),
            ])
        );
        leptos::task::spawn_local(async move {
            match api::get_text(&path).await {
                Ok(csv) => download("kandidaten.csv", "text/csv;charset=utf-8", &csv),
                Err(error) => no_error.set(Some(error)),
            }
        });
    };
    let registers = Signal::derive(move || {
        let t = i18n::texts(i18n.0.get());
        vec![("true".to_owned(), t.yes.to_owned()), ("false".to_owned(), t.no.to_owned())]
    });
    let total_pages = Signal::derive(move || results.get().and_then(|r| r.ok()).map(|p| p.total_pages).unwrap_or(1));
    let total_items = Signal::derive(move || results.get().and_then(|r| r.ok()).map(|p| p.total_items).unwrap_or(0));
    let can_edit = move || session.role().is_some_and(|r| EDITORS.contains(&r));
    // The candidates chosen for a bulk status change (kept across pages and filters until it is done).
    let selected: RwSignal<Vec<Uuid>> = RwSignal::new(Vec::new());
    view! {
        <h1>{rtr(|t| t.candidates_title)}</h1>
        <RequireRole roles=READERS>
            <Show when=can_edit>
                <p class="form-actions">
                    <a id="new-candidate" class="button utrecht-button utrecht-button--primary-action" href="/candidates/new">{rtr(|t| t.new_candidate)}</a>
                    <a id="import-candidates" class="button button--secondary utrecht-button utrecht-button--secondary-action" href="/candidates/import">{rtr(|t| t.import_csv)}</a>
                    <button type="button" id="export-candidates" class="button button--secondary utrecht-button utrecht-button--secondary-action" on:click=export>{rtr(|t| t.export_csv)}</button>
                </p>
            </Show>
            <FormError errors=no_error/>
            <crate::pages::saved_searches::SavedSearchBar list=shared::saved_searches::SavedSearchList::Candidates keys=SAVED_SEARCH_KEYS/>
            <form class="form form--inline" role="search" on:submit=filter>
                <div class="form-field utrecht-form-field">
                    <label class="form-label utrecht-form-label" for="candidate-query">{tr(|t| t.search)}</label>
                    <input class="form-input utrecht-textbox utrecht-textbox--html-input" id="candidate-query" type="search" placeholder=rtr(|t| t.search_hint)
                        prop:value=move || query.get() on:input=move |ev| query.set(event_target_value(&ev))/>
                </div>
                <SelectField id="filter-status" label=|t| t.status value=status options=Signal::derive(move || status_options(i18n.0.get())) error=field_error(no_error, "status")/>
                <SelectField id="filter-neighbourhood" label=|t| crate::i18n_registration::label(t, "neighbourhoodId") value=neighbourhood options=options_of(hoods) error=field_error(no_error, "neighbourhoodId")/>
                <SelectField id="filter-source" label=|t| crate::i18n_registration::label(t, "source") value=source options=Signal::derive(move || source_options(i18n.0.get())) error=field_error(no_error, "source")/>
                <SelectField id="filter-register" label=|t| crate::i18n_registration::label(t, "targetGroupRegister") value=register options=registers error=field_error(no_error, "targetGroupRegister")/>
                // Finance does not see availability (the server refuses the filter for it).
                <Show when=move || session.role() != Some(Role::Finance)>
                    <SelectField id="filter-availability" label=|t| crate::i18n_reminders::label(t, "availabilityOlderThanDays") value=availability options=Signal::derive(move || crate::i18n_reminders::availability_options(i18n.0.get())) error=field_error(no_error, "availabilityOlderThanDays")/>
                </Show>
                <button type="submit" id="candidate-search" class="button button--secondary utrecht-button utrecht-button--secondary-action">{tr(|t| t.search)}</button>
            </form>
            {move || {
                    let lang = i18n.0.get();
                    let t = i18n::texts(lang);
                    let r = reg_texts(lang);
                    crate::components::list_state(i18n.0.get(), results.get(), |page| {view! {
                            <table class="table utrecht-table utrecht-table--html-table" id="candidates-table">
                                <caption>{r.candidates_title}</caption>
                                <thead><tr>
                                    {can_edit().then(|| view! { <th scope="col"><span class="visually-hidden">{crate::pages::bulk::bulk_texts(lang).select}</span></th> })}
                                    <SortHeader url=url sort_key="lastName" label=t.name/>
                                    <th scope="col">{r.postcode}</th>
                                    <th scope="col">{r.neighbourhood}</th>
                                    <th scope="col">{r.source}</th>
                                    <SortHeader url=url sort_key="status" label=t.status/>
                                    <th scope="col">{r.available_hours}</th>
                                </tr></thead>
                                <tbody>
                                    {page.items.into_iter().map(|c| {
                                        let id = c.id;
                                        let name = format!("{} {}", c.first_name, c.last_name);
                                        let pick = can_edit().then(|| view! {
                                            <td><input type="checkbox" class="bulk-pick" aria-label=format!("{} {name}", crate::pages::bulk::bulk_texts(lang).select)
                                                prop:checked=move || selected.get().contains(&id)
                                                on:change=move |ev| {
                                                    let on = event_target_checked(&ev);
                                                    selected.update(|list| {
                                                        list.retain(|v| *v != id);
                                                        if on { list.push(id); }
                                                    });
                                                }/></td>
                                        });
                                        view! {
                                        <tr>
                                            {pick}
                                            <td><a href=format!("/candidates/{}", c.id)>{name.clone()}</a></td>
                                            <td>{c.postcode.clone()}</td>
                                            <td>{c.neighbourhood_name.clone().unwrap_or_default()}</td>
                                            <td>{source_name(lang, c.source)}</td>
                                            <td>{status_name(lang, c.status)}</td>
                                            <td>{c.available_hours.map(|h| h.to_string()).unwrap_or_default()}</td>
                                        </tr>
                                    }}).collect_view()}
                                </tbody>
                            </table>
                        }.into_any()})
            }}
            <Pager page=page total_pages=total_pages total_items=total_items/>
            <Show when=can_edit>
                <crate::pages::bulk::BulkStatusBar selected=selected on_done=move |()| searches.update(|n| *n += 1)/>
                <crate::pages::bulk::BulkCoachBar selected=selected on_done=move |()| searches.update(|n| *n += 1)/>
            </Show>
        </RequireRole>
    }
}

/// A group of checkboxes bound to a list of selected values.
#[component]
pub fn CheckboxGroup(
    id: &'static str,
    legend: Signal<&'static str>,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    selected: RwSignal<Vec<String>>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <fieldset class="form-field utrecht-form-field" id=id>
            <legend class="form-label utrecht-form-label">{move || legend.get()}</legend>
            {move || options.get().into_iter().map(|(value, label)| {
                let input_id = format!("{id}-{value}");
                let checked_value = value.clone();
                let toggled = value.clone();
                view! {
                    <div>
                        <input type="checkbox" id=input_id.clone() value=value.clone()
                            prop:checked=move || selected.get().contains(&checked_value)
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                selected.update(|list| {
                                    list.retain(|v| *v != toggled);
                                    if on { list.push(toggled.clone()); }
                                });
                            }/>
                        " " <label for=input_id>{label}</label>
                    </div>
                }
            }).collect_view()}
            {move || error.get().map(|message| view! { <p class="field-error utrecht-form-field-error-message" id=format!("{id}-error")>{message}</p> })}
        </fieldset>
    }
}

/// The state of the candidate form, one signal per field.
#[derive(Clone, Copy)]
struct CandidateForm {
    first_name: RwSignal<String>,
    last_name: RwSignal<String>,
    date_of_birth: RwSignal<String>,
    bsn: RwSignal<String>,
    email: RwSignal<String>,
    phone: RwSignal<String>,
    postcode: RwSignal<String>,
    house_number: RwSignal<String>,
    neighbourhood: RwSignal<String>,
    source: RwSignal<String>,
    register: RwSignal<Vec<String>>,
    benefit_kind: RwSignal<String>,
    benefit_amount: RwSignal<String>,
    evidence: RwSignal<String>,
    hours: RwSignal<String>,
    wished_hours: RwSignal<String>,
    days: RwSignal<Vec<String>>,
    abilities: RwSignal<Vec<(Uuid, String)>>,
    limitations: RwSignal<Vec<String>>,
    limitation_notes: RwSignal<String>,
    wish_categories: RwSignal<Vec<String>>,
    wish_neighbourhood: RwSignal<String>,
    dream_job: RwSignal<String>,
    wage_value: RwSignal<String>,
    expected_wage_value: RwSignal<String>,
    version: RwSignal<Option<i32>>,
}

impl CandidateForm {
    fn new() -> Self {
        let s = || RwSignal::new(String::new());
        Self {
            first_name: s(),
            last_name: s(),
            date_of_birth: s(),
            bsn: s(),
            email: s(),
            phone: s(),
            postcode: s(),
            house_number: s(),
            neighbourhood: s(),
            source: s(),
            register: RwSignal::new(Vec::new()),
            benefit_kind: s(),
            benefit_amount: s(),
            evidence: s(),
            hours: s(),
            wished_hours: s(),
            days: RwSignal::new(Vec::new()),
            abilities: RwSignal::new(Vec::new()),
            limitations: RwSignal::new(Vec::new()),
            limitation_notes: s(),
            wish_categories: RwSignal::new(Vec::new()),
            wish_neighbourhood: s(),
            dream_job: s(),
            wage_value: s(),
            expected_wage_value: s(),
            version: RwSignal::new(None),
        }
    }

    fn load(&self, c: &Candidate, bsn: String) {
        self.first_name.set(c.first_name.clone());
        self.last_name.set(c.last_name.clone());
        self.date_of_birth.set(c.date_of_birth.map(|d| d.to_string()).unwrap_or_default());
        self.bsn.set(bsn);
        self.email.set(c.email.clone());
        self.phone.set(c.phone.clone());
        self.postcode.set(c.postcode.clone());
        self.house_number.set(c.house_number.clone());
        self.neighbourhood.set(c.neighbourhood_id.map(|n| n.to_string()).unwrap_or_default());
        self.source.set(c.source.as_str().to_owned());
        self.register.set(if c.target_group_register { vec!["yes".into()] } else { vec![] });
        if let Some(benefit) = &c.benefit {
            self.benefit_kind.set(benefit.kind.map(|k| k.as_str().to_owned()).unwrap_or_default());
            self.benefit_amount
                .set(benefit.monthly_amount.map(|a| shared::dutch::format_decimal(a, 2)).unwrap_or_default());
        }
        self.evidence.set(c.regular_work_evidence.clone().unwrap_or_default());
        self.hours.set(c.available_hours.map(|h| h.to_string()).unwrap_or_default());
        self.wished_hours.set(c.wished_hours_per_week.map(|h| h.to_string()).unwrap_or_default());
        self.days.set(c.available_days.iter().map(|d| d.as_str().to_owned()).collect());
        self.abilities.set(c.abilities.iter().map(|a| (a.ability_id, a.level.to_string())).collect());
        self.limitations
            .set(c.physical_limitations.clone().unwrap_or_default().iter().map(|d| d.as_str().to_owned()).collect());
        self.limitation_notes.set(c.limitation_notes.clone().unwrap_or_default());
        self.wish_categories.set(c.wish_category_ids.iter().map(|i| i.to_string()).collect());
        self.wish_neighbourhood.set(c.wish_neighbourhood_id.map(|n| n.to_string()).unwrap_or_default());
        self.dream_job.set(c.dream_job.clone());
        self.wage_value.set(c.wage_value_pct.map(|v| v.to_string()).unwrap_or_default());
        self.expected_wage_value.set(c.expected_wage_value_pct.map(|v| v.to_string()).unwrap_or_default());
        self.version.set(Some(c.version));
    }

    /// Fills the form from a request body (the user's edits re-applied on a newer version).
    fn load_input(&self, input: &CandidateInput) {
        let text = |s: RwSignal<String>, v: &str| s.set(v.to_owned());
        text(self.first_name, &input.first_name);
        text(self.last_name, &input.last_name);
        self.date_of_birth.set(input.date_of_birth.map(|d| d.to_string()).unwrap_or_default());
        text(self.bsn, &input.bsn);
        text(self.email, &input.email);
        text(self.phone, &input.phone);
        text(self.postcode, &input.postcode);
        text(self.house_number, &input.house_number);
        self.neighbourhood.set(input.neighbourhood_id.map(|n| n.to_string()).unwrap_or_default());
        self.source.set(input.source.map(|s| s.as_str().to_owned()).unwrap_or_default());
        self.register.set(if input.target_group_register { vec!["yes".into()] } else { vec![] });
        self.benefit_kind.set(input.benefit_kind.map(|k| k.as_str().to_owned()).unwrap_or_default());
        self.benefit_amount
            .set(input.benefit_monthly_amount.map(|a| shared::dutch::format_decimal(a, 2)).unwrap_or_default());
        text(self.evidence, &input.regular_work_evidence);
        self.hours.set(input.available_hours.map(|h| h.to_string()).unwrap_or_default());
        self.wished_hours.set(input.wished_hours_per_week.map(|h| h.to_string()).unwrap_or_default());
        self.days.set(input.available_days.iter().map(|d| d.as_str().to_owned()).collect());
        self.abilities.set(input.abilities.iter().map(|a| (a.ability_id, a.level.to_string())).collect());
        self.limitations.set(input.physical_limitations.iter().map(|d| d.as_str().to_owned()).collect());
        text(self.limitation_notes, &input.limitation_notes);
        self.wish_categories.set(input.wish_category_ids.iter().map(|i| i.to_string()).collect());
        self.wish_neighbourhood.set(input.wish_neighbourhood_id.map(|n| n.to_string()).unwrap_or_default());
        text(self.dream_job, &input.dream_job);
        self.wage_value.set(input.wage_value_pct.map(|v| v.to_string()).unwrap_or_default());
        self.expected_wage_value.set(input.expected_wage_value_pct.map(|v| v.to_string()).unwrap_or_default());
        self.version.set(input.version);
    }

    /// The request body, or the field errors of values that cannot be read (a Dutch amount, hours, a date).
    fn input(&self, lang: Lang) -> Result<CandidateInput, ApiError> {
        let text = |s: RwSignal<String>| s.get_untracked().trim().to_owned();
        let mut check = FormCheck::new(lang);
        let date_of_birth = check.date("dateOfBirth", &text(self.date_of_birth));
        let benefit_monthly_amount = check.money("benefitMonthlyAmount", &text(self.benefit_amount));
        let available_hours =
            check.whole::<u8>("availableHours", &text(self.hours), i64::from(shared::candidates::MAX_HOURS_PER_WEEK));
        let wished_hours_per_week = check.whole::<u8>(
            "wishedHoursPerWeek",
            &text(self.wished_hours),
            i64::from(shared::candidates::MAX_HOURS_PER_WEEK),
        );
        let wage_value_pct = check.whole::<u8>("wageValuePct", &text(self.wage_value), 100);
        let expected_wage_value_pct = check.whole::<u8>("expectedWageValuePct", &text(self.expected_wage_value), 100);
        check.finish()?;
        Ok(CandidateInput {
            first_name: text(self.first_name),
            last_name: text(self.last_name),
            date_of_birth,
            bsn: text(self.bsn),
            email: text(self.email),
            phone: text(self.phone),
            postcode: text(self.postcode),
            house_number: text(self.house_number),
            neighbourhood_id: Uuid::parse_str(&text(self.neighbourhood)).ok(),
            source: Source::parse(&text(self.source)),
            target_group_register: !self.register.get_untracked().is_empty(),
            benefit_kind: BenefitKind::parse(&text(self.benefit_kind)),
            benefit_monthly_amount,
            regular_work_evidence: text(self.evidence),
            available_hours,
            wished_hours_per_week,
            available_days: self.days.get_untracked().iter().filter_map(|d| Weekday::parse(d)).collect(),
            abilities: self
                .abilities
                .get_untracked()
                .iter()
                .filter_map(|(id, level)| level.parse().ok().map(|level| CandidateAbility { ability_id: *id, level }))
                .collect(),
            physical_limitations: self
                .limitations
                .get_untracked()
                .iter()
                .filter_map(|d| PhysicalDemand::parse(d))
                .collect(),
            limitation_notes: text(self.limitation_notes),
            wish_category_ids: self
                .wish_categories
                .get_untracked()
                .iter()
                .filter_map(|c| Uuid::parse_str(c).ok())
                .collect(),
            wish_neighbourhood_id: Uuid::parse_str(&text(self.wish_neighbourhood)).ok(),
            dream_job: text(self.dream_job),
            wage_value_pct,
            expected_wage_value_pct,
            version: self.version.get_untracked(),
        })
    }
}

/// The registration form, for a new candidate or an existing one: in sections, with required fields
/// marked, Dutch amounts and numbers, a cancel that warns about unsaved changes (as does leaving the page).
#[component]
fn CandidateFormView(
    form: CandidateForm,
    errors: RwSignal<Option<ApiError>>,
    on_submit: Callback<()>,
    #[prop(into)] submit_label: Signal<&'static str>,
    busy: RwSignal<bool>,
    dirty: RwSignal<bool>,
    /// Where cancel leads.
    #[prop(into)]
    back: Signal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let hoods = neighbourhoods();
    let abilities = reference_list("/abilities?active=true&pageSize=100");
    let categories = reference_list("/task-categories?active=true&pageSize=100");
    let r = move || reg_texts(i18n.0.get());
    let hood_options = options_of(hoods);
    let benefit_options = Signal::derive(move || {
        let lang = i18n.0.get();
        BenefitKind::ALL.iter().map(|k| (k.as_str().to_owned(), benefit_name(lang, *k).to_owned())).collect::<Vec<_>>()
    });
    let day_options = Signal::derive(move || {
        let lang = i18n.0.get();
        Weekday::ALL.iter().map(|d| (d.as_str().to_owned(), day_name(lang, *d).to_owned())).collect::<Vec<_>>()
    });
    let demand_options = Signal::derive(move || {
        let lang = i18n.0.get();
        PhysicalDemand::ALL
            .iter()
            .map(|d| (d.as_str().to_owned(), demand_name(lang, *d).to_owned()))
            .collect::<Vec<_>>()
    });
    let category_options = Signal::derive(move || {
        categories
            .get()
            .and_then(|r| r.ok())
            .map(|p| p.items.into_iter().map(|c| (c.id.to_string(), c.name)).collect())
            .unwrap_or_default()
    });
    let register_option = Signal::derive(move || vec![("yes".to_owned(), r().target_group_register.to_owned())]);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !busy.get_untracked() {
            on_submit.run(());
        }
    };
    // Leaving the page (reload, closing the tab) with unsaved changes asks the browser's question.
    let unload = leptos::leptos_dom::helpers::window_event_listener(leptos::ev::beforeunload, move |ev| {
        if dirty.get_untracked() {
            ev.prevent_default();
            ev.set_return_value("");
        }
    });
    on_cleanup(move || unload.remove());
    let leaving = RwSignal::new(false);
    let leave = {
        let navigate = navigate.clone();
        move || {
            dirty.set(false);
            navigate(&back.get_untracked(), Default::default());
        }
    };
    let cancel = {
        let leave = leave.clone();
        move |_| if dirty.get_untracked() { leaving.set(true) } else { leave() }
    };
    let e = move |field: &'static str| field_error(errors, field);
    let level_of =
        move |id: Uuid| form.abilities.get().iter().find(|(a, _)| *a == id).map(|(_, l)| l.clone()).unwrap_or_default();
    view! {
        <FormError errors=errors/>
        <form class="form" id="candidate-form" on:submit=submit novalidate=true
            on:input=move |_| dirty.set(true) on:change=move |_| dirty.set(true)>
            <p class="form-hint utrecht-form-field-description">{rtr(|t| t.required_hint)}</p>
            <fieldset id="section-personal">
                <legend>{rtr(|t| t.section_personal)}</legend>
                <TextField id="firstName" label=|t| crate::i18n_registration::label(t, "firstName") value=form.first_name error=e("firstName") required=true/>
                <TextField id="lastName" label=|t| crate::i18n_registration::label(t, "lastName") value=form.last_name error=e("lastName") required=true/>
                <TextField id="dateOfBirth" label=|t| crate::i18n_registration::label(t, "dateOfBirth") value=form.date_of_birth error=e("dateOfBirth") input_type="date" required=true/>
                <TextField id="bsn" label=|t| crate::i18n_registration::label(t, "bsn") value=form.bsn error=e("bsn") required=true autocomplete="off" inputmode="numeric"/>
            </fieldset>
            <fieldset id="section-contact">
                <legend>{rtr(|t| t.section_contact)}</legend>
                <TextField id="email" label=|t| crate::i18n_registration::label(t, "email") value=form.email error=e("email") input_type="email"/>
                <TextField id="phone" label=|t| crate::i18n_registration::label(t, "phone") value=form.phone error=e("phone") input_type="tel"/>
                <TextField id="postcode" label=|t| crate::i18n_registration::label(t, "postcode") value=form.postcode error=e("postcode") required=true/>
                <TextField id="houseNumber" label=|t| crate::i18n_registration::label(t, "houseNumber") value=form.house_number error=e("houseNumber") required=true/>
                <SelectField id="neighbourhoodId" label=|t| crate::i18n_registration::label(t, "neighbourhoodId") value=form.neighbourhood options=hood_options error=e("neighbourhoodId")/>
            </fieldset>
            <fieldset id="section-scheme">
                <legend>{rtr(|t| t.section_scheme)}</legend>
                <SelectField id="source" label=|t| crate::i18n_registration::label(t, "source") value=form.source options=Signal::derive(move || source_options(i18n.0.get())) error=e("source") required=true/>
                <CheckboxGroup id="targetGroupRegister" legend=Signal::derive(move || r().target_group_register) options=register_option selected=form.register error=e("targetGroupRegister")/>
                <SelectField id="benefitKind" label=|t| crate::i18n_registration::label(t, "benefitKind") value=form.benefit_kind options=benefit_options error=e("benefitKind")/>
                <TextField id="benefitMonthlyAmount" label=|t| crate::i18n_registration::label(t, "benefitMonthlyAmount") value=form.benefit_amount error=e("benefitMonthlyAmount") inputmode="decimal"/>
                <TextField id="regularWorkEvidence" label=|t| crate::i18n_registration::label(t, "regularWorkEvidence") value=form.evidence error=e("regularWorkEvidence") multiline=true/>
            </fieldset>
            <fieldset id="section-availability">
                <legend>{rtr(|t| t.section_availability)}</legend>
                <TextField id="availableHours" label=|t| crate::i18n_registration::label(t, "availableHours") value=form.hours error=e("availableHours") inputmode="numeric"/>
                <TextField id="wishedHoursPerWeek" label=|t| crate::i18n_registration::label(t, "wishedHoursPerWeek") value=form.wished_hours error=e("wishedHoursPerWeek") inputmode="numeric"/>
                <CheckboxGroup id="availableDays" legend=Signal::derive(move || r().available_days) options=day_options selected=form.days error=e("availableDays")/>
                <crate::pages::reminders::MatchingNeeds/>
            </fieldset>
            <fieldset id="section-abilities">
                <legend>{rtr(|t| t.tab_abilities)}</legend>
                <div class="form-field utrecht-form-field" role="group" aria-labelledby="abilities-label" id="abilities">
                    <span class="form-label utrecht-form-label" id="abilities-label">{rtr(|t| t.abilities)}</span>
                    {move || abilities.get().and_then(|r| r.ok()).map(|page| page.items.into_iter().map(|ability| {
                        let id = ability.id;
                        let select_id = format!("ability-{id}");
                        view! {
                            <div>
                                <label for=select_id.clone()>{ability.name.clone()} " (" {rtr(|t| t.level)} ")"</label>
                                " "
                                <select id=select_id class="form-select utrecht-select utrecht-select--html-select" on:change=move |ev| {
                                    let level = event_target_value(&ev);
                                    form.abilities.update(|list| {
                                        list.retain(|(a, _)| *a != id);
                                        if !level.is_empty() { list.push((id, level)); }
                                    });
                                }>
                                    {["", "1", "2", "3", "4"].into_iter().map(|level| {
                                        let selected = level_of(id) == level;
                                        view! { <option value=level selected=selected>{if level.is_empty() { "—" } else { level }}</option> }
                                    }).collect_view()}
                                </select>
                            </div>
                        }
                    }).collect_view())}
                    {move || e("abilities").get().map(|m| view! { <p class="field-error utrecht-form-field-error-message" id="abilities-error">{m}</p> })}
                </div>
                <CheckboxGroup id="physicalLimitations" legend=Signal::derive(move || r().physical_limitations) options=demand_options selected=form.limitations error=e("physicalLimitations")/>
                <TextField id="limitationNotes" label=|t| crate::i18n_registration::label(t, "limitationNotes") value=form.limitation_notes error=e("limitationNotes") multiline=true/>
                <CheckboxGroup id="wishCategoryIds" legend=Signal::derive(move || r().wish_categories) options=category_options selected=form.wish_categories error=e("wishCategoryIds")/>
                <SelectField id="wishNeighbourhoodId" label=|t| crate::i18n_registration::label(t, "wishNeighbourhoodId") value=form.wish_neighbourhood options=hood_options error=e("wishNeighbourhoodId")/>
                <TextField id="dreamJob" label=|t| crate::i18n_registration::label(t, "dreamJob") value=form.dream_job error=e("dreamJob") multiline=true/>
                <TextField id="wageValuePct" label=|t| crate::i18n_registration::label(t, "wageValuePct") value=form.wage_value error=e("wageValuePct") inputmode="numeric"/>
                <TextField id="expectedWageValuePct" label=|t| crate::i18n_registration::label(t, "expectedWageValuePct") value=form.expected_wage_value error=e("expectedWageValuePct") inputmode="numeric"/>
            </fieldset>
            <div class="form-actions">
                <SubmitButton id="candidate-submit" label=submit_label busy=busy/>
                <button type="button" id="candidate-cancel" class="button button--secondary utrecht-button utrecht-button--secondary-action" on:click=cancel>{tr(|t| t.cancel)}</button>
            </div>
            <Show when=move || leaving.get()>
                <ConfirmDialog id="leave-question"
                    question=Signal::derive(move || i18n::texts(i18n.0.get()).unsaved_changes.to_owned())
                    confirm_label=Signal::derive(move || i18n::texts(i18n.0.get()).leave_without_saving.to_owned())
                    on_confirm={
                        let leave = leave.clone();
                        move |()| leave()
                    }
                    on_cancel=move |()| leaving.set(false)/>
            </Show>
        </form>
    }
}

/// Sends the candidate form: the SPA's own field errors first, then the request; busy meanwhile.
fn send_candidate(
    form: CandidateForm,
    lang: Lang,
    errors: RwSignal<Option<ApiError>>,
    busy: RwSignal<bool>,
    dirty: RwSignal<bool>,
    request: impl FnOnce(CandidateInput) -> std::pin::Pin<Box<dyn Future<Output = Result<Candidate, ApiError>>>> + 'static,
    done: impl FnOnce(Candidate) + 'static,
) {
    let input = match form.input(lang) {
        Ok(input) => input,
        Err(error) => {
            errors.set(None);
            errors.set(Some(error));
            return;
        }
    };
    busy.set(true);
    leptos::task::spawn_local(async move {
        let outcome = request(input).await;
        busy.set(false);
        match outcome {
            Ok(candidate) => {
                errors.set(None);
                dirty.set(false);
                done(candidate);
            }
            Err(error) => {
                errors.set(None);
                errors.set(Some(error));
            }
        }
    });
}

#[component]
pub fn NewCandidate() -> impl IntoView {
    page_title(|t| crate::i18n_registration::reg_texts(t.lang).new_candidate);
    let i18n = use_i18n();
    let navigate = use_navigate();
    let form = CandidateForm::new();
    let errors: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let dirty = RwSignal::new(false);
    // After a 409 `possible_duplicate` the user may register all the same (issue 14): the next submit
    // confirms it.
    let confirmed = RwSignal::new(false);
    let on_submit = Callback::new(move |()| {
        let navigate = navigate.clone();
        let lang = i18n.0.get_untracked();
        let path = if confirmed.get_untracked() { "/candidates?confirmDuplicate=true" } else { "/candidates" };
        send_candidate(
            form,
            lang,
            errors,
            busy,
            dirty,
            move |input| Box::pin(async move { api::post::<_, Candidate>(path, &input).await }),
            move |candidate| {
                notify(reg_texts(lang).candidate_registered);
                navigate(&format!("/candidates/{}", candidate.id), Default::default());
            },
        );
    });
    let possible = move || {
        errors
            .get()
            .filter(|e| e.code() == "possible_duplicate")
            .and_then(|e| e.problem)
            .map(|p| p.possible_duplicates)
            .filter(|ids| !ids.is_empty())
    };
    view! {
        <h1>{rtr(|t| t.new_candidate)}</h1>
        <RequireRole roles=EDITORS>
            {move || possible().map(|ids| {
                let d = crate::pages::duplicates::duplicate_texts(i18n.0.get());
                view! {
                    <div class="notice notice--warning utrecht-alert utrecht-alert--warning" id="possible-duplicates" role="alert">
                        <p>{d.registration_warning}</p>
                        <ul>
                            {ids.into_iter().enumerate().map(|(n, id)| view! {
                                <li><a href=format!("/candidates/{id}") target="_blank">{d.open} " " {n + 1}</a></li>
                            }).collect_view()}
                        </ul>
                        <button type="button" id="confirm-duplicate" class="button utrecht-button utrecht-button--secondary-action"
                            on:click=move |_| { confirmed.set(true); on_submit.run(()); }>{d.register_anyway}</button>
                    </div>
                }
            })}
            <CandidateFormView form=form errors=errors on_submit=on_submit busy=busy dirty=dirty back="/candidates".to_owned()
                submit_label=Signal::derive(move || reg_texts(i18n.0.get()).register_candidate)/>
        </RequireRole>
    }
}

/// The texts of a refused save over someone else's newer change.
struct ConflictTexts {
    title: &'static str,
    intro: &'static str,
    field: &'static str,
    was: &'static str,
    now: &'static str,
    hidden: &'static str,
    empty: &'static str,
    yours: &'static str,
    reapply: &'static str,
    discard: &'static str,
    unknown: &'static str,
}

const CONFLICT_NL: ConflictTexts = ConflictTexts {
    title: "Intussen gewijzigd door iemand anders",
    intro: "Uw wijzigingen zijn niet opgeslagen: iemand anders sloeg dit record eerder op. Dit veranderde er sindsdien:",
    field: "Veld",
    was: "Was",
    now: "Nu",
    hidden: "gewijzigd (niet zichtbaar voor uw rol)",
    empty: "(leeg)",
    yours: "Uw eigen wijzigingen",
    reapply: "Mijn wijzigingen opnieuw toepassen",
    discard: "Nieuwe versie laden zonder mijn wijzigingen",
    unknown: "Welke velden veranderden is niet bekend.",
};

const CONFLICT_EN: ConflictTexts = ConflictTexts {
    title: "Changed by someone else in the meantime",
    intro: "Your changes were not saved: someone else saved this record first. This changed since:",
    field: "Field",
    was: "Was",
    now: "Now",
    hidden: "changed (not visible for your role)",
    empty: "(empty)",
    yours: "Your own changes",
    reapply: "Re-apply my changes",
    discard: "Load the new version without my changes",
    unknown: "Which fields changed is not known.",
};

fn conflict_texts(lang: Lang) -> &'static ConflictTexts {
    match lang {
        Lang::Nl => &CONFLICT_NL,
        Lang::En => &CONFLICT_EN,
    }
}

/// A save refused as stale: what changed meanwhile (the server's `changedFields`) and the user's own edits.
#[derive(Clone)]
struct Conflict {
    changed: Option<Vec<shared::problem::ChangedField>>,
    mine: CandidateInput,
}

/// The record as it is now and its BSN (revealed for the form, as when the page opened).
async fn fetch_for_edit(id: &str) -> Result<(Candidate, String), ApiError> {
    let candidate = api::get::<Candidate>(&format!("/candidates/{id}")).await?;
    let bsn = api::post::<_, api::RevealedBsn>(&format!("/candidates/{id}/reveal-bsn"), &api::Empty {}).await?;
    Ok((candidate, bsn.bsn))
}

/// What changed meanwhile, field by field, the user's own edits, and the two ways on.
#[component]
fn ConflictPanel(
    conflict: RwSignal<Option<Conflict>>,
    own: Signal<Vec<String>>,
    on_reapply: Callback<()>,
    on_discard: Callback<()>,
    busy: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let found = conflict.get()?;
        let lang = i18n.0.get();
        let c = conflict_texts(lang);
        let t = i18n::texts(lang);
        let value = move |v: &Option<String>| v.clone().unwrap_or_else(|| c.empty.to_owned());
        let rows = found.changed.clone().map(|fields| {
            fields
                .into_iter()
                .map(|f| {
                    let label = crate::i18n_registration::label(t, &f.field);
                    let label = if label.is_empty() { f.field.clone() } else { label.to_owned() };
                    let (was, now) =
                        if f.values_hidden { (c.hidden.to_owned(), c.hidden.to_owned()) } else { (value(&f.from), value(&f.to)) };
                    view! { <tr data-field=f.field.clone()><th scope="row">{label}</th><td>{was}</td><td>{now}</td></tr> }
                })
                .collect_view()
        });
        let own_labels = own
            .get()
            .into_iter()
            .map(|field| {
                let label = crate::i18n_registration::label(t, &field);
                let label = if label.is_empty() { field.clone() } else { label.to_owned() };
                view! { <li data-field=field>{label}</li> }
            })
            .collect_view();
        Some(view! {
            <section class="notice notice--warning utrecht-alert utrecht-alert--warning" id="conflict" role="alert" aria-labelledby="conflict-title">
                <h2 id="conflict-title">{c.title}</h2>
                <p>{c.intro}</p>
                {match rows {
                    Some(rows) => view! {
                        <table class="table utrecht-table utrecht-table--html-table" id="conflict-fields">
                            <caption class="visually-hidden">{c.title}</caption>
                            <thead><tr><th scope="col">{c.field}</th><th scope="col">{c.was}</th><th scope="col">{c.now}</th></tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    }.into_any(),
                    None => view! { <p>{c.unknown}</p> }.into_any(),
                }}
                <h3>{c.yours}</h3>
                <ul id="conflict-own">{own_labels}</ul>
                <div class="form-actions">
                    <button type="button" id="conflict-reapply" class="button utrecht-button utrecht-button--primary-action" disabled=move || busy.get() on:click=move |_| on_reapply.run(())>{c.reapply}</button>
                    <button type="button" id="conflict-discard" class="button button--secondary utrecht-button utrecht-button--secondary-action" disabled=move || busy.get() on:click=move |_| on_discard.run(())>{c.discard}</button>
                </div>
            </section>
        })
    }
}

#[component]
pub fn EditCandidate() -> impl IntoView {
    page_title(|t| crate::i18n_registration::reg_texts(t.lang).edit_candidate);
    let i18n = use_i18n();
    let navigate = use_navigate();
    let params = use_params_map();
    let id = move || params.get_untracked().get("id").unwrap_or_default();
    let form = CandidateForm::new();
    let errors: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let dirty = RwSignal::new(false);
    // The record as read (the base of the user's edits) and, after a refused save, the conflict.
    let original: RwSignal<Option<CandidateInput>> = RwSignal::new(None);
    let conflict: RwSignal<Option<Conflict>> = RwSignal::new(None);
    let load = move |candidate: &Candidate, bsn: String| {
        form.load(candidate, bsn);
        original.set(form.input(i18n.0.get_untracked()).ok());
        dirty.set(false);
    };
    leptos::task::spawn_local(async move {
        match fetch_for_edit(&id()).await {
            Ok((candidate, bsn)) => load(&candidate, bsn),
            Err(error) => errors.set(Some(error)),
        }
    });
    // A 409 `stale_version` keeps what the user tried to save, to show and to re-apply.
    let stale = move |error: &ApiError, mine: CandidateInput| {
        if let Some(problem) = error.problem.as_ref().filter(|p| p.code == "stale_version") {
            conflict.set(Some(Conflict { changed: problem.changed_fields.clone(), mine }));
        }
    };
    let save = {
        let navigate = navigate.clone();
        move |input: CandidateInput| {
            let navigate = navigate.clone();
            let lang = i18n.0.get_untracked();
            let path = format!("/candidates/{}", id());
            busy.set(true);
            leptos::task::spawn_local(async move {
                let outcome = api::put::<_, Candidate>(&path, &input).await;
                busy.set(false);
                match outcome {
                    Ok(candidate) => {
                        errors.set(None);
                        conflict.set(None);
                        dirty.set(false);
                        notify(i18n::texts(lang).saved);
                        navigate(&format!("/candidates/{}", candidate.id), Default::default());
                    }
                    Err(error) => {
                        stale(&error, input);
                        errors.set(None);
                        errors.set(Some(error));
                    }
                }
            });
        }
    };
    let on_submit = {
        let save = save.clone();
        Callback::new(move |()| {
            conflict.set(None);
            match form.input(i18n.0.get_untracked()) {
                Ok(input) => save(input),
                Err(error) => {
                    errors.set(None);
                    errors.set(Some(error));
                }
            }
        })
    };
    // Re-apply: read the newer version, take the user's edits over it (the fields they changed against the
    // version they read) and save again on the newer version.
    let on_reapply = {
        let save = save.clone();
        Callback::new(move |()| {
            let Some(found) = conflict.get_untracked() else { return };
            let Some(base) = original.get_untracked() else { return };
            let save = save.clone();
            busy.set(true);
            leptos::task::spawn_local(async move {
                match fetch_for_edit(&id()).await {
                    Ok((candidate, bsn)) => {
                        load(&candidate, bsn);
                        busy.set(false);
                        let Some(newer) = original.get_untracked() else { return };
                        let merged = CandidateInput::reapplied(&base, &found.mine, &newer);
                        form.load_input(&merged);
                        dirty.set(true);
                        conflict.set(None);
                        save(merged);
                    }
                    Err(error) => {
                        busy.set(false);
                        errors.set(Some(error));
                    }
                }
            });
        })
    };
    let on_discard = Callback::new(move |()| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            match fetch_for_edit(&id()).await {
                Ok((candidate, bsn)) => {
                    load(&candidate, bsn);
                    conflict.set(None);
                    errors.set(None);
                }
                Err(error) => errors.set(Some(error)),
            }
            busy.set(false);
        });
    });
    let own = Signal::derive(move || match (conflict.get(), original.get()) {
        (Some(found), Some(base)) => found.mine.changed_against(&base),
        _ => Vec::new(),
    });
    view! {
        <h1>{rtr(|t| t.edit_candidate)}</h1>
        <RequireRole roles=EDITORS>
            <ConflictPanel conflict=conflict own=own on_reapply=on_reapply on_discard=on_discard busy=busy/>
            <CandidateFormView form=form errors=errors on_submit=on_submit busy=busy dirty=dirty
                back=Signal::derive(move || format!("/candidates/{}", id()))
                submit_label=Signal::derive(move || i18n::texts(i18n.0.get()).save)/>
        </RequireRole>
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Timeline,
    Personal,
    Intake,
    Abilities,
    History,
}

#[component]
pub fn CandidateDetail() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let params = use_params_map();
    let id = move || params.get().get("id").unwrap_or_default();
    let reload = RwSignal::new(0u32);
    let candidate = api::resource(move || {
        reload.track();
        let path = format!("/candidates/{}", id());
        async move { api::get::<Candidate>(&path).await }
    });
    // What the caller's role sees of the person, as the server named it in `hiddenFields`: the SPA asks
    // only for what it may read, so no false denial lands in the audit log (finance sees no intakes).
    let shows = move |field: &str| {
        candidate.get().and_then(|r| r.ok()).is_some_and(|c| !c.hidden_fields.iter().any(|hidden| hidden == field))
    };
    let intakes = api::resource(move || {
        reload.track();
        let allowed = shows("intakes");
        let path = format!("/candidates/{}/intakes?pageSize=100", id());
        async move { if allowed { Some(api::get::<Page<Intake>>(&path).await) } else { None } }
    });
    let history = api::resource(move || {
        reload.track();
        let allowed = shows("statusHistory");
        let path = format!("/candidates/{}/status-changes?pageSize=100", id());
        async move { if allowed { Some(api::get::<Page<StatusChange>>(&path).await) } else { None } }
    });
    let abilities = reference_list("/abilities?pageSize=100");
    let tab = RwSignal::new(Tab::Timeline);
    let revealed = RwSignal::new(None::<String>);
    let errors: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let can_edit = move || session.role().is_some_and(|r| EDITORS.contains(&r));
    let is_admin = move || session.role() == Some(Role::Admin);
    let current = move || candidate.get().and_then(|r| r.ok());
    // The title names the record: `Sanne de Boer - Kandidaten - Basisbaan`.
    Effect::new(move |_| {
        let generic = reg_texts(i18n.0.get()).candidates_title;
        match current() {
            Some(c) => set_title(&format!("{} {} - {generic}", c.first_name, c.last_name)),
            None => set_title(generic),
        }
    });
    let copy = move |_| {
        leptos::task::spawn_local(async move {
            // The server's JSON as it came, indented by the browser (no JSON tree in the wasm).
            match api::get_body(&format!("/candidates/{}/personal-data", id())).await {
                Ok(data) => download("persoonsgegevens.json", "application/json", &pretty_json(&data)),
                Err(error) => errors.set(Some(error)),
            }
        });
    };
    let erasing = RwSignal::new(false);
    let erasure_reason = RwSignal::new(String::new());
    let erase = move |_| {
        let body = shared::candidates::gdpr::ErasureRequest { reason: erasure_reason.get_untracked(), confirm: true };
        leptos::task::spawn_local(async move {
            match api::post_no_content(&format!("/candidates/{}/erasure", id()), &body).await {
                Ok(()) => {
                    if let Some(window) = web_sys::window() {
                        let _ = window.location().set_href("/candidates");
                    }
                }
                Err(error) => errors.set(Some(error)),
            }
        });
    };
    let reveal = move |_| {
        leptos::task::spawn_local(async move {
            match api::post::<_, api::RevealedBsn>(&format!("/candidates/{}/reveal-bsn", id()), &api::Empty {}).await {
                Ok(body) => revealed.set(Some(body.bsn)),
                Err(error) => errors.set(Some(error)),
            }
        });
    };

    // Status change.
    let to = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let exit_reason = RwSignal::new(String::new());
    let status_errors: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let status_done = RwSignal::new(false);
    let status_busy = RwSignal::new(false);
    let change_status = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(c) = current() else { return };
        if status_busy.get_untracked() {
            return;
        }
        // A new attempt clears the outcome of the last one.
        status_done.set(false);
        status_errors.set(None);
        status_busy.set(true);
        let body = ChangeStatus {
            to: CandidateStatus::parse(&to.get_untracked()),
            reason: reason.get_untracked(),
            exit_reason: exit_reason_of(&exit_reason.get_untracked()),
            version: Some(c.version),
        };
        leptos::task::spawn_local(async move {
            match api::post::<_, Candidate>(&format!("/candidates/{}/status", id()), &body).await {
                Ok(_) => {
                    status_done.set(true);
                    reason.set(String::new());
                    to.set(String::new());
                    exit_reason.set(String::new());
                }
                Err(error) => status_errors.set(Some(error)),
            }
            status_busy.set(false);
            reload.update(|n| *n += 1);
        });
    };

    // Intake and eligibility.
    let kind = RwSignal::new(String::new());
    let held_on = RwSignal::new(String::new());
    let result = RwSignal::new(String::new());
    let notes = RwSignal::new(String::new());
    let intake_errors: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let intake_busy = RwSignal::new(false);
    let record_intake = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if intake_busy.get_untracked() {
            return;
        }
        intake_errors.set(None);
        let mut check = FormCheck::new(i18n.0.get_untracked());
        let held = check.date("heldOn", &held_on.get_untracked());
        if let Err(error) = check.finish() {
            intake_errors.set(Some(error));
            return;
        }
        intake_busy.set(true);
        let body = CreateIntake {
            kind: IntakeKind::parse(&kind.get_untracked()),
            held_on: held,
            assessor: String::new(),
            result: result.get_untracked(),
            notes: notes.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            match api::post::<_, Intake>(&format!("/candidates/{}/intakes", id()), &body).await {
                Ok(_) => {
                    result.set(String::new());
                    notes.set(String::new());
                    notify(reg_texts(i18n.0.get_untracked()).intake_recorded);
                }
                Err(error) => intake_errors.set(Some(error)),
            }
            intake_busy.set(false);
            reload.update(|n| *n += 1);
        });
    };
    let outcome = RwSignal::new(String::new());
    let motivation = RwSignal::new(String::new());
    let decision_errors: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let decision_busy = RwSignal::new(false);
    let decide = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(c) = current() else { return };
        if decision_busy.get_untracked() {
            return;
        }
        decision_errors.set(None);
        decision_busy.set(true);
        let body = EligibilityDecision {
            outcome: match outcome.get_untracked().as_str() {
                "eligible" => Some(EligibilityOutcome::Eligible),
                "pre_trajectory" => Some(EligibilityOutcome::PreTrajectory),
                _ => None,
            },
            motivation: motivation.get_untracked(),
            version: Some(c.version),
        };
        leptos::task::spawn_local(async move {
            match api::post::<_, Candidate>(&format!("/candidates/{}/eligibility", id()), &body).await {
                Ok(_) => {
                    motivation.set(String::new());
                    notify(reg_texts(i18n.0.get_untracked()).decision_recorded);
                }
                Err(error) => decision_errors.set(Some(error)),
            }
            decision_busy.set(false);
            reload.update(|n| *n += 1);
        });
    };

    let tab_button =
        move |which: Tab, key: &'static str, label: fn(&'static crate::i18n_registration::RegTexts) -> &'static str| {
            view! {
                <button type="button" role="tab" id=format!("tab-{key}") class="button button--secondary utrecht-button utrecht-button--secondary-action"
                    aria-selected=move || if tab.get() == which { "true" } else { "false" }
                    aria-controls=format!("panel-{key}")
                    on:click=move |_| tab.set(which)>{rtr(label)}</button>
            }
        };
    // Only the steps the status machine allows from here, asked from `shared` (the server's own rule).
    let status_choices = Signal::derive(move || {
        let lang = i18n.0.get();
        current()
            .map(|c| shared::candidates::status_steps(c.status))
            .unwrap_or_default()
            .into_iter()
            .map(|s| (s.as_str().to_owned(), status_name(lang, s).to_owned()))
            .collect::<Vec<_>>()
    });
    let exit_choices = Signal::derive(move || {
        let lang = i18n.0.get();
        [
            ("regular_job", ExitReason::RegularJob),
            ("other_work", ExitReason::OtherWork),
            ("moved", ExitReason::Moved),
            ("stopped", ExitReason::Stopped),
            ("other", ExitReason::Other),
        ]
        .into_iter()
        .map(|(v, r)| (v.to_owned(), crate::i18n_registration::exit_reason_name(lang, r).to_owned()))
        .collect::<Vec<_>>()
    });
    let kind_choices = Signal::derive(move || {
        let lang = i18n.0.get();
        IntakeKind::ALL
            .iter()
            .map(|k| (k.as_str().to_owned(), intake_kind_name(lang, *k).to_owned()))
            .collect::<Vec<_>>()
    });
    let outcome_choices = Signal::derive(move || {
        let r = reg_texts(i18n.0.get());
        vec![("eligible".to_owned(), r.eligible.to_owned()), ("pre_trajectory".to_owned(), r.pre_trajectory.to_owned())]
    });

    view! {
        <h1>{move || current().map(|c| format!("{} {}", c.first_name, c.last_name)).unwrap_or_else(|| reg_texts(i18n.0.get()).candidates_title.to_owned())}</h1>
        <RequireRole roles=READERS>
            <FormError errors=errors/>
            {move || candidate.get().and_then(|r| r.err()).map(|error| view! { <div class="notice notice--error utrecht-alert utrecht-alert--error" role="alert">{error_text(i18n.0.get(), &error)}</div> })}
            <crate::pages::reminders::CompletenessPanel candidate=Signal::derive(current) can_edit=Signal::derive(can_edit) reload=reload/>
            <Show when=can_edit>
                <p class="form-actions">
                    <a class="button button--secondary utrecht-button utrecht-button--secondary-action" id="edit-candidate" href=move || format!("/candidates/{}/edit", id())>{rtr(|t| t.edit_candidate)}</a>
                    <button type="button" id="gdpr-copy" class="button button--secondary utrecht-button utrecht-button--secondary-action" on:click=copy>{rtr(|t| t.gdpr_copy)}</button>
                    <a id="gdpr-print" class="button button--secondary utrecht-button utrecht-button--secondary-action" href=move || format!("/candidates/{}/inzage", id())>{rtr(|t| t.gdpr_print)}</a>
                    <a id="candidate-matching" class="button button--secondary utrecht-button utrecht-button--secondary-action" href=move || format!("/candidates/{}/packages", id())>{crate::i18n_matching::mtr(|t| t.best_packages)}</a>
                    <a id="candidate-guidance" class="button button--secondary utrecht-button utrecht-button--secondary-action" href=move || format!("/candidates/{}/guidance", id())>{crate::i18n_guidance::gtr(|t| t.guidance_link)}</a>
                    <Show when=is_admin>
                        <button type="button" id="gdpr-erase" class="button button--danger utrecht-button utrecht-button--primary-action utrecht-button--danger" on:click=move |_| erasing.set(true)>{rtr(|t| t.gdpr_erase)}</button>
                    </Show>
                </p>
                <Show when=move || erasing.get()>
                    <div class="confirm" role="alertdialog" aria-labelledby="erase-question">
                        <p id="erase-question">{rtr(|t| t.gdpr_erase_confirm)}</p>
                        <TextField id="erasure-reason" label=|t| crate::i18n_registration::label(t, "erasureReason") value=erasure_reason error=field_error(errors, "reason")/>
                        <button type="button" id="erase-yes" class="button button--danger utrecht-button utrecht-button--primary-action utrecht-button--danger" on:click=erase>{rtr(|t| t.gdpr_erase)}</button>
                        <button type="button" class="button button--secondary utrecht-button utrecht-button--secondary-action" on:click=move |_| erasing.set(false)>{tr(|t| t.cancel)}</button>
                    </div>
                </Show>
            </Show>
            <div class="tabs" role="tablist" aria-label=rtr(|t| t.candidates_title)>
                {tab_button(Tab::Timeline, "timeline", |t| t.tab_timeline)}
                {tab_button(Tab::Personal, "personal", |t| t.tab_personal)}
                <Show when=move || shows("intakes")>{tab_button(Tab::Intake, "intake", |t| t.tab_intake)}</Show>
                <Show when=move || shows("abilities")>{tab_button(Tab::Abilities, "abilities", |t| t.tab_abilities)}</Show>
                <Show when=move || shows("statusHistory")>{tab_button(Tab::History, "history", |t| t.tab_history)}</Show>
            </div>
            <section role="tabpanel" id="panel-timeline" aria-labelledby="tab-timeline" hidden=move || tab.get() != Tab::Timeline>
                <crate::pages::timeline::CandidateTimeline id=Signal::derive(id) reload=reload/>
            </section>
            <section role="tabpanel" id="panel-personal" aria-labelledby="tab-personal" hidden=move || tab.get() != Tab::Personal>
                {move || current().map(|c| {
                    let lang = i18n.0.get();
                    let r = reg_texts(lang);
                    let hidden = r.hidden_for_role;
                    view! {
                        <dl class="facts">
                            <dt>{i18n::texts(lang).status}</dt><dd id="candidate-status">{status_name(lang, c.status)}</dd>
                            <dt>{r.bsn}</dt>
                            <dd>
                                <span id="candidate-bsn">{move || revealed.get().unwrap_or_else(|| c.bsn.clone())}</span>
                                {can_edit().then(|| view! { " " <button type="button" id="reveal-bsn" class="button button--secondary utrecht-button utrecht-button--secondary-action" on:click=reveal>{r.reveal_bsn}</button> })}
                            </dd>
                            <dt>{r.date_of_birth}</dt><dd>{c.date_of_birth.as_ref().map(format_date).unwrap_or_default()} {c.age.map(|a| format!(" ({a})")).unwrap_or_default()}</dd>
                            <dt>{r.email}</dt><dd>{c.email.clone()}</dd>
                            <dt>{r.phone}</dt><dd>{c.phone.clone()}</dd>
                            <dt>{r.postcode}</dt><dd>{format!("{} {}", c.postcode, c.house_number)}</dd>
                            <dt>{r.neighbourhood}</dt><dd>{c.neighbourhood_name.clone().unwrap_or_default()}</dd>
                            <dt>{r.source}</dt><dd>{source_name(lang, c.source)}</dd>
                            <dt>{r.target_group_register}</dt><dd>{if c.target_group_register { i18n::texts(lang).yes } else { i18n::texts(lang).no }}</dd>
                            <dt>{r.benefit_kind}</dt>
                            <dd>{c.benefit.as_ref().map(|b| format!("{} {}", b.kind.map(|k| benefit_name(lang, k)).unwrap_or_default(), b.monthly_amount.as_ref().map(format_money).unwrap_or_default())).unwrap_or_else(|| hidden.to_owned())}</dd>
                            <dt>{r.regular_work_evidence}</dt><dd>{c.regular_work_evidence.clone().unwrap_or_else(|| hidden.to_owned())}</dd>
                        </dl>
                        <h2>{r.criteria_title}</h2>
                        <ul id="wage-criteria">
                            {c.wage_earning_criteria.iter().map(|criterion| {
                                let outcome = match criterion.outcome {
                                    CriterionOutcome::Met => r.met,
                                    CriterionOutcome::NotMet => r.not_met,
                                    CriterionOutcome::Unknown => r.unknown,
                                };
                                view! { <li><strong>{outcome}</strong> ": " {criterion.reason.clone()}</li> }
                            }).collect_view()}
                        </ul>
                    }
                })}
                <Show when=can_edit>
                    <h2>{rtr(|t| t.change_status)}</h2>
                    {move || status_done.get().then(|| view! { <div class="notice notice--success utrecht-alert utrecht-alert--ok" id="status-done" role="status">{rtr(|t| t.status_changed)}</div> })}
                    <FormError errors=status_errors id="status-error" prefix="status-"/>
                    <Show when=move || !status_choices.get().is_empty() fallback=|| view! { <p id="no-status-steps">{tr(|t| t.no_next_steps)}</p> }>
                        <form class="form" on:submit=change_status novalidate=true>
                            <SelectField id="status-to" label=|t| crate::i18n_registration::label(t, "nextStatus") value=to options=status_choices error=field_error(status_errors, "to") required=true/>
                            <TextField id="status-reason" label=|t| crate::i18n_registration::label(t, "reason") value=reason error=field_error(status_errors, "reason") multiline=true/>
                            <Show when=move || to.get() == "exited">
                                <SelectField id="exitReason" label=|t| crate::i18n_registration::label(t, "exitReason") value=exit_reason options=exit_choices error=field_error(status_errors, "exitReason") required=true/>
                            </Show>
                            <SubmitButton id="status-submit" label=Signal::derive(move || reg_texts(i18n.0.get()).change_status) busy=status_busy/>
                        </form>
                    </Show>
                </Show>
            </section>
            <section role="tabpanel" id="panel-intake" aria-labelledby="tab-intake" hidden=move || tab.get() != Tab::Intake>
                <h2>{rtr(|t| t.intakes_title)}</h2>
                {move || intakes.get().flatten().and_then(|r| r.ok()).map(|page| {
                    let lang = i18n.0.get();
                    let r = reg_texts(lang);
                    if page.items.is_empty() {
                        return view! { <p>{i18n::texts(lang).nothing_found}</p> }.into_any();
                    }
                    view! {
                        <table class="table utrecht-table utrecht-table--html-table" id="intakes-table">
                            <caption>{r.intakes_title}</caption>
                            <thead><tr><th scope="col">{r.held_on}</th><th scope="col">{r.intake_kind}</th><th scope="col">{r.assessor}</th><th scope="col">{r.intake_result}</th><th scope="col">{r.intake_notes}</th></tr></thead>
                            <tbody>
                                {page.items.into_iter().map(|intake| view! {
                                    <tr>
                                        <td>{format_date(&intake.held_on)}</td>
                                        <td>{intake_kind_name(lang, intake.kind)}</td>
                                        <td>{intake.assessor.clone()}</td>
                                        <td>{intake.result.clone()}</td>
                                        <td>{intake.notes.clone().unwrap_or_else(|| r.hidden_for_role.to_owned())}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any()
                })}
                <Show when=can_edit>
                    <h2>{rtr(|t| t.new_intake)}</h2>
                    <FormError errors=intake_errors id="intake-error" prefix="intake-"/>
                    <form class="form" on:submit=record_intake novalidate=true>
                        <SelectField id="intake-kind" label=|t| crate::i18n_registration::label(t, "intakeKind") value=kind options=kind_choices error=field_error(intake_errors, "kind") required=true/>
                        <TextField id="heldOn" label=|t| crate::i18n_registration::label(t, "heldOn") value=held_on error=field_error(intake_errors, "heldOn") input_type="date" required=true/>
                        <TextField id="intake-result" label=|t| crate::i18n_registration::label(t, "result") value=result error=field_error(intake_errors, "result") multiline=true required=true/>
                        <TextField id="intake-notes" label=|t| crate::i18n_registration::label(t, "notes") value=notes error=field_error(intake_errors, "notes") multiline=true/>
                        <SubmitButton id="intake-submit" label=Signal::derive(move || reg_texts(i18n.0.get()).record_intake) busy=intake_busy/>
                    </form>
                    <h2>{rtr(|t| t.eligibility_title)}</h2>
                    <FormError errors=decision_errors id="decision-error"/>
                    <form class="form" on:submit=decide novalidate=true>
                        <SelectField id="outcome" label=|t| crate::i18n_registration::label(t, "outcome") value=outcome options=outcome_choices error=field_error(decision_errors, "outcome") required=true/>
                        <TextField id="motivation" label=|t| crate::i18n_registration::label(t, "motivation") value=motivation error=field_error(decision_errors, "motivation") multiline=true required=true/>
                        <SubmitButton id="decision-submit" label=Signal::derive(move || reg_texts(i18n.0.get()).decide) busy=decision_busy/>
                    </form>
                </Show>
            </section>
            <section role="tabpanel" id="panel-abilities" aria-labelledby="tab-abilities" hidden=move || tab.get() != Tab::Abilities>
                {move || current().map(|c| {
                    let lang = i18n.0.get();
                    let r = reg_texts(lang);
                    let names = abilities.get().and_then(|r| r.ok()).map(|p| p.items).unwrap_or_default();
                    view! {
                        <dl class="facts">
                            <dt>{r.available_hours}</dt><dd>{c.available_hours.map(|h| h.to_string()).unwrap_or_default()}</dd>
                            <dt>{r.wished_hours}</dt><dd>{c.wished_hours_per_week.map(|h| h.to_string()).unwrap_or_default()}</dd>
                            <dt>{r.available_days}</dt><dd>{c.available_days.iter().map(|d| day_name(lang, *d)).collect::<Vec<_>>().join(", ")}</dd>
                            <dt>{r.abilities}</dt>
                            <dd>{c.abilities.iter().map(|a| format!("{} ({} {})", names.iter().find(|n| n.id == a.ability_id).map(|n| n.name.clone()).unwrap_or_default(), r.level.to_lowercase(), a.level)).collect::<Vec<_>>().join(", ")}</dd>
                            <dt>{r.physical_limitations}</dt>
                            <dd>{c.physical_limitations.as_ref().map(|l| if l.is_empty() { r.none.to_owned() } else { l.iter().map(|d| demand_name(lang, *d)).collect::<Vec<_>>().join(", ") }).unwrap_or_else(|| r.hidden_for_role.to_owned())}</dd>
                            <dt>{r.limitation_notes}</dt><dd>{c.limitation_notes.clone().unwrap_or_else(|| r.hidden_for_role.to_owned())}</dd>
                            <dt>{r.dream_job}</dt><dd>{c.dream_job.clone()}</dd>
                            <dt>{r.wage_value}</dt><dd>{c.wage_value_pct.map(|v| format!("{v}%")).unwrap_or_default()}</dd>
                            <dt>{r.expected_wage_value}</dt><dd>{c.expected_wage_value_pct.map(|v| format!("{v}%")).unwrap_or_default()}</dd>
                        </dl>
                    }
                })}
            </section>
            <section role="tabpanel" id="panel-history" aria-labelledby="tab-history" hidden=move || tab.get() != Tab::History>
                {move || history.get().flatten().and_then(|r| r.ok()).map(|page| {
                    let lang = i18n.0.get();
                    let r = reg_texts(lang);
                    let t = i18n::texts(lang);
                    view! {
                        <table class="table utrecht-table utrecht-table--html-table" id="history-table">
                            <caption>{r.history_title}</caption>
                            <thead><tr><th scope="col">{t.when}</th><th scope="col">{t.status}</th><th scope="col">{r.reason}</th><th scope="col">{r.changed_by}</th></tr></thead>
                            <tbody>
                                {page.items.into_iter().map(|step| view! {
                                    <tr>
                                        <td>{format_instant(&step.changed_at)}</td>
                                        <td>{step.from.map(|f| format!("{} → ", status_name(lang, f))).unwrap_or_default()}{status_name(lang, step.to)}</td>
                                        <td>{step.reason.clone()}</td>
                                        <td>{step.changed_by.clone().unwrap_or_default()}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }
                })}
            </section>
        </RequireRole>
    }
}

fn exit_reason_of(value: &str) -> Option<ExitReason> {
    match value {
        "regular_job" => Some(ExitReason::RegularJob),
        "other_work" => Some(ExitReason::OtherWork),
        "moved" => Some(ExitReason::Moved),
        "stopped" => Some(ExitReason::Stopped),
        "other" => Some(ExitReason::Other),
        _ => None,
    }
}
