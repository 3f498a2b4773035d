//! Importing candidates from CSV: choose a file, check it (a dry run with the report row by row), then
//! import it; uploads show their progress.

use leptos::prelude::*;
use shared::auth::Role;
use shared::imports::ImportReport;
use wasm_bindgen::JsCast;

use crate::api::{self, ApiError};
use crate::app::{RequireRole, page_title};
use crate::components::FormError;
use crate::i18n::{self, use_i18n};
use crate::i18n_registration::{reg_texts, rtr};

const EDITORS: &[Role] = &[Role::Admin, Role::Consultant];

#[component]
pub fn ImportCandidates() -> impl IntoView {
    page_title(|t| crate::i18n_registration::reg_texts(t.lang).import_title);
    view! { <ImportPage endpoint="/candidates/import" title=|t| t.import_title intro=|t| t.import_intro/> }
}

#[component]
pub fn ImportOrganisations() -> impl IntoView {
    page_title(|t| crate::i18n_registration::reg_texts(t.lang).import_organisations_title);
    view! { <ImportPage endpoint="/organisations/import" title=|t| t.import_organisations_title intro=|t| t.import_organisations_intro/> }
}

/// Choose a CSV file, check it (dry run), then import it, for the list at `endpoint`.
#[component]
fn ImportPage(
    endpoint: &'static str,
    title: fn(&'static crate::i18n_registration::RegTexts) -> &'static str,
    intro: fn(&'static crate::i18n_registration::RegTexts) -> &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let content = RwSignal::new(None::<String>);
    let report = RwSignal::new(None::<ImportReport>);
    let progress = RwSignal::new(None::<f64>);
    let errors: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let choose = move |ev: leptos::ev::Event| {
        report.set(None);
        errors.set(None);
        let file = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|input| input.files())
            .and_then(|files| files.get(0));
        if let Some(file) = file {
            leptos::task::spawn_local(async move { content.set(api::read_file(file).await) });
        }
    };
    let upload = move |dry_run: bool| {
        let Some(csv) = content.get_untracked() else { return };
        progress.set(Some(0.0));
        leptos::task::spawn_local(async move {
            let path = format!("{endpoint}?dryRun={dry_run}");
            let result = api::upload_csv::<ImportReport>(&path, csv, move |p| progress.set(Some(p))).await;
            progress.set(None);
            match result {
                Ok(done) => {
                    errors.set(None);
                    report.set(Some(done));
                }
                Err(error) => errors.set(Some(error)),
            }
        });
    };
    view! {
        <h1>{rtr(title)}</h1>
        <RequireRole roles=EDITORS>
            <p>{rtr(intro)}</p>
            <div class="form">
                <div class="form-field utrecht-form-field">
                    <label class="form-label utrecht-form-label" for="csv-file">{rtr(|t| t.csv_file)}</label>
                    <input id="csv-file" class="form-input utrecht-textbox utrecht-textbox--html-input" type="file" accept=".csv,text/csv" on:change=choose/>
                </div>
                <div class="form-actions">
                    <button type="button" id="import-check" class="button button--secondary utrecht-button utrecht-button--secondary-action" disabled=move || content.get().is_none() on:click=move |_| upload(true)>
                        {rtr(|t| t.check_file)}
                    </button>
                    <button type="button" id="import-run" class="button utrecht-button utrecht-button--primary-action"
                        disabled=move || !report.get().is_some_and(|r| r.dry_run && r.errors.is_empty())
                        on:click=move |_| upload(false)>
                        {rtr(|t| t.do_import)}
                    </button>
                </div>
            </div>
            {move || progress.get().map(|p| (p * 100.0).round() as u32).map(|percent| view! {
                <label for="upload-progress">{rtr(|t| t.uploading)}</label>
                <progress id="upload-progress" max="100" value=percent.to_string()>{format!("{percent}%")}</progress>
            })}
            <FormError errors=errors/>
            {move || report.get().map(|report| {
                let r = reg_texts(i18n.0.get());
                view! {
                    <section id="import-report" aria-live="polite">
                        {(!report.dry_run).then(|| view! { <div class="notice notice--success utrecht-alert utrecht-alert--ok" role="status">{r.import_done}</div> })}
                        <dl class="facts">
                            <dt>{r.rows}</dt><dd id="report-rows">{report.rows}</dd>
                            <dt>{r.to_create}</dt><dd id="report-created">{report.created}</dd>
                            <dt>{r.to_update}</dt><dd id="report-updated">{report.updated}</dd>
                            <dt>{r.unchanged}</dt><dd id="report-unchanged">{report.unchanged}</dd>
                            <dt>{r.errors}</dt><dd id="report-errors">{report.errors.len()}</dd>
                        </dl>
                        {if report.errors.is_empty() {
                            view! { <p>{r.no_errors}</p> }.into_any()
                        } else {
                            view! {
                                <table class="table utrecht-table utrecht-table--html-table" id="import-errors">
                                    <caption>{r.errors}</caption>
                                    <thead><tr><th scope="col">{r.row}</th><th scope="col">{r.field}</th><th scope="col">{i18n::texts(i18n.0.get()).result}</th></tr></thead>
                                    <tbody>
                                        {report.errors.iter().map(|e| view! {
                                            <tr><td>{e.row}</td><td>{e.field.clone()}</td><td>{e.reason.clone()}</td></tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            }.into_any()
                        }}
                        {(!report.possible_duplicates.is_empty()).then(|| {
                            let d = crate::pages::duplicates::duplicate_texts(i18n.0.get());
                            view! {
                                <h2>{d.import_title}</h2>
                                <ul id="import-duplicates">
                                    {report.possible_duplicates.iter().map(|p| {
                                        let what = match (p.candidate_id, p.other_row) {
                                            (Some(id), _) => view! { {d.row} " " {p.row} ": " <a href=format!("/candidates/{id}")>{d.like_registered}</a> }.into_any(),
                                            (None, Some(other)) => view! { {d.row} " " {p.row} ": " {d.like_row} " " {other} }.into_any(),
                                            (None, None) => view! { {d.row} " " {p.row} }.into_any(),
                                        };
                                        view! { <li>{what}</li> }
                                    }).collect_view()}
                                </ul>
                            }
                        })}
                    </section>
                }
            })}
        </RequireRole>
    }
}
