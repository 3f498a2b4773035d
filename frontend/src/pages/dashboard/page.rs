//! `/dashboard`: the programme dashboard for staff. Filters (period, municipality, neighbourhood) live in the
//! URL; every figure is a chart with its table and CSV (`chart::FigureView`).

use leptos::prelude::*;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use shared::candidates::{CandidateStatus, Source};
use shared::contracts::lifecycle::EndReason;
use shared::dashboard::{Dashboard, DashboardMonth, Tally};
use shared::dutch::format_decimal;
use shared::paging::Page;
use shared::reference::{Municipality, Neighbourhood};

use super::chart::{Figure, FigureView, Kind, Series};
use super::{DashTexts, READERS, dash_texts, month_label};
use crate::api;
use crate::app::{RequireRole, page_title};
use crate::components::{UrlQuery, error_text, format_money};
use crate::i18n::{Lang, source_name, status_name, use_i18n};

fn number(value: u64) -> String {
    format_decimal(Decimal::from(value), 0)
}

fn decimal(value: Decimal, places: u32) -> String {
    format_decimal(value, places)
}

fn float(value: Decimal) -> Option<f64> {
    value.to_f64()
}

fn count_of(list: &[Tally], key: &str) -> u64 {
    list.iter().find(|t| t.key == key).map_or(0, |t| t.value)
}

/// A series of counts, one per month.
fn counts(name: &str, months: &[DashboardMonth], pick: impl Fn(&DashboardMonth) -> u64) -> Series {
    let values: Vec<u64> = months.iter().map(pick).collect();
    Series::new(name, values.iter().map(|v| Some(*v as f64)).collect(), values.iter().map(|v| number(*v)).collect())
}

/// A series of decimals, one per month, shown with `places` decimals.
fn decimals(
    name: &str,
    months: &[DashboardMonth],
    places: u32,
    pick: impl Fn(&DashboardMonth) -> Option<Decimal>,
) -> Series {
    let values: Vec<Option<Decimal>> = months.iter().map(pick).collect();
    Series::new(
        name,
        values.iter().map(|v| v.and_then(float)).collect(),
        values.iter().map(|v| v.map(|v| decimal(v, places)).unwrap_or_else(|| "-".to_owned())).collect(),
    )
}

/// Every figure of the dashboard, in the page's order.
pub fn figures(lang: Lang, t: &DashTexts, d: &Dashboard) -> Vec<Figure> {
    let months = &d.months;
    let labels: Vec<String> = months.iter().map(|m| month_label(lang, &m.month)).collect();
    let period = format!(
        "{} {} – {}",
        t.per_month,
        labels.first().cloned().unwrap_or_default(),
        labels.last().cloned().unwrap_or_default()
    );
    let figure = |id: &'static str, title: &str, kind: Kind, series: Vec<Series>| Figure {
        id,
        title: title.to_owned(),
        summary: format!("{title}, {period}."),
        kind,
        axis: t.month.to_owned(),
        labels: labels.clone(),
        series,
    };
    let statuses = [
        CandidateStatus::Registered,
        CandidateStatus::Intake,
        CandidateStatus::Eligible,
        CandidateStatus::PreTrajectory,
        CandidateStatus::Matched,
        CandidateStatus::Employed,
    ];
    let mut by_status: Vec<Series> = statuses
        .iter()
        .map(|s| counts(status_name(lang, *s), months, |m| count_of(&m.by_status, s.as_str())))
        .collect();
    by_status.push(counts(t.people_total, months, |m| m.people).table_only());
    let mut by_source: Vec<Series> = Source::ALL
        .iter()
        .map(|s| counts(source_name(lang, *s), months, |m| count_of(&m.by_source, s.as_str())))
        .collect();
    by_source.push(counts(t.people_total, months, |m| m.people).table_only());
    let categories: Vec<String> =
        months.first().map(|m| m.hours_by_category.iter().map(|c| c.category.clone()).collect()).unwrap_or_default();
    let work: Vec<Series> = categories
        .iter()
        .map(|name| {
            decimals(name, months, 2, |m| m.hours_by_category.iter().find(|c| &c.category == name).map(|c| c.hours))
        })
        .collect();
    let reasons: Vec<Series> = EndReason::ALL
        .iter()
        .map(|r| {
            counts(crate::i18n_contracts::end_reason_name(lang, *r), months, |m| {
                count_of(&m.exits_by_reason, r.as_str())
            })
        })
        .collect();
    let mut out = vec![
        figure("dashboard-status", t.people_status, Kind::Line, by_status),
        figure("dashboard-source", t.people_source, Kind::Line, by_source),
        figure(
            "dashboard-jobs",
            t.jobs,
            Kind::Bars,
            vec![
                counts(t.jobs_series, months, |m| m.jobs),
                decimals(t.target, months, 0, |m| m.job_target.map(Decimal::from)),
                decimals(t.realisation, months, 1, |m| m.realisation_pct).table_only(),
            ],
        ),
        figure(
            "dashboard-hours",
            t.hours,
            Kind::Line,
            vec![
                decimals(t.fte, months, 2, |m| Some(m.fte)),
                decimals(t.standard_jobs, months, 2, |m| Some(m.standard_jobs)),
                decimals(t.hours_series, months, 2, |m| Some(m.hours)).table_only(),
                counts(t.register_people, months, |m| m.register_people).table_only(),
                decimals(t.register_hours, months, 2, |m| Some(m.register_hours)).table_only(),
            ],
        ),
        figure("dashboard-work", t.work, Kind::Bars, work),
        figure(
            "dashboard-flows",
            t.flows,
            Kind::Bars,
            vec![
                counts(t.registrations, months, |m| m.registrations),
                counts(t.starts, months, |m| m.contract_starts),
                counts(t.exits, months, |m| m.exits),
                counts(t.dropout, months, |m| m.dropout),
                counts(t.ends, months, |m| m.contract_ends),
            ],
        ),
        figure("dashboard-exits", t.exits_reason, Kind::Bars, reasons),
        figure(
            "dashboard-experience",
            t.experience,
            Kind::Line,
            vec![
                decimals(t.wellbeing, months, 1, |m| m.experience.as_ref().map(|e| e.wellbeing)),
                decimals(t.income, months, 1, |m| m.experience.as_ref().map(|e| e.income)),
                decimals(t.work_score, months, 1, |m| m.experience.as_ref().map(|e| e.work)),
                decimals(t.social, months, 1, |m| m.experience.as_ref().map(|e| e.social_contacts)),
                counts(t.surveys, months, |m| m.surveys).table_only(),
            ],
        ),
    ];
    if let Some(years) = &d.finances {
        let money = |name: &str, pick: &dyn Fn(&DashboardMonth) -> Option<Decimal>| {
            let values: Vec<Option<Decimal>> = months.iter().map(pick).collect();
            Series::new(
                name,
                values.iter().map(|v| v.and_then(float)).collect(),
                values.iter().map(|v| v.as_ref().map(format_money).unwrap_or_else(|| "-".to_owned())).collect(),
            )
        };
        out.push(figure(
            "dashboard-cost",
            t.cost,
            Kind::Bars,
            vec![money(t.realised, &|m| m.realised_cost), money(t.committed, &|m| m.committed_cost)],
        ));
        let column = |name: &str, pick: &dyn Fn(&shared::dashboard::FinanceYear) -> Option<Decimal>| {
            let values: Vec<Option<Decimal>> = years.iter().map(pick).collect();
            Series::new(
                name,
                values.iter().map(|v| v.and_then(float)).collect(),
                values.iter().map(|v| v.as_ref().map(format_money).unwrap_or_else(|| "-".to_owned())).collect(),
            )
        };
        out.push(Figure {
            id: "dashboard-finances",
            title: t.finances.to_owned(),
            summary: format!("{}: {}, {}, {}.", t.finances, t.budget, t.realised, t.committed),
            kind: Kind::Bars,
            axis: t.year.to_owned(),
            labels: years.iter().map(|y| y.year.to_string()).collect(),
            series: vec![
                column(t.budget, &|y| Some(y.budget)),
                column(t.realised, &|y| Some(y.realised)),
                column(t.committed, &|y| Some(y.committed)),
                column(t.remaining, &|y| Some(y.remaining)).table_only(),
                column(t.provisions, &|y| Some(y.provision_costs)).table_only(),
                column(t.contributions, &|y| Some(y.contributions)).table_only(),
                column(t.cost_per_job, &|y| y.cost_per_job).table_only(),
                column(t.norm, &|y| Some(y.cost_norm)).table_only(),
            ],
        });
    }
    out
}

/// `2026-03` from a month field's value, or empty.
fn month_value(value: String) -> String {
    if value.len() == 7 { value } else { String::new() }
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    page_title(|t| dash_texts(t.lang).title);
    let i18n = use_i18n();
    let url = UrlQuery::new();
    let places = api::resource(|| async { api::get::<Page<Municipality>>("/municipalities?pageSize=100").await });
    let hoods = api::resource(move || {
        let municipality = url.get("municipality");
        async move {
            let all = api::get::<Page<Neighbourhood>>("/neighbourhoods?pageSize=100").await?;
            let places = api::get::<Page<Municipality>>("/municipalities?pageSize=100").await?;
            let chosen = places.items.iter().find(|m| m.code == municipality).map(|m| m.id);
            Ok::<_, api::ApiError>(
                all.items.into_iter().filter(|n| chosen.is_none_or(|id| n.municipality_id == id)).collect::<Vec<_>>(),
            )
        }
    });
    let answer = api::resource(move || {
        let path = format!(
            "/dashboard{}",
            api::query(&[
                ("from", url.get("from")),
                ("to", url.get("to")),
                ("municipality", url.get("municipality")),
                ("neighbourhood", url.get("neighbourhood")),
            ])
        );
        async move { api::get::<Dashboard>(&path).await }
    });
    let text = move || dash_texts(i18n.0.get());
    view! {
        <h1>{move || text().title}</h1>
        <RequireRole roles=READERS>
            <p class="utrecht-paragraph">{move || text().intro}</p>
            <form class="form form--inline" role="search" aria-label=move || text().filters on:submit=|ev| ev.prevent_default()>
                <div class="form-field utrecht-form-field">
                    <label class="form-label utrecht-form-label" for="dashboard-from">{move || text().from}</label>
                    <input class="form-input utrecht-textbox utrecht-textbox--html-input" id="dashboard-from" type="month"
                        prop:value=move || answer.get().and_then(|r| r.ok()).map(|d| d.from).unwrap_or_default()
                        on:change=move |ev| url.set(&[("from", month_value(event_target_value(&ev)))])/>
                </div>
                <div class="form-field utrecht-form-field">
                    <label class="form-label utrecht-form-label" for="dashboard-to">{move || text().to}</label>
                    <input class="form-input utrecht-textbox utrecht-textbox--html-input" id="dashboard-to" type="month"
                        prop:value=move || answer.get().and_then(|r| r.ok()).map(|d| d.to).unwrap_or_default()
                        on:change=move |ev| url.set(&[("to", month_value(event_target_value(&ev)))])/>
                </div>
                <div class="form-field utrecht-form-field">
                    <label class="form-label utrecht-form-label" for="dashboard-municipality">{move || text().municipality}</label>
                    <select class="form-select utrecht-select utrecht-select--html-select" id="dashboard-municipality"
                        on:change=move |ev| url.set(&[("municipality", event_target_value(&ev)), ("neighbourhood", String::new())])>
                        <option value="">{move || text().all_municipalities}</option>
                        {move || places.get().and_then(|r| r.ok()).map(|page| page.items.into_iter().map(|m| {
                            let selected = url.get("municipality") == m.code;
                            view! { <option value=m.code.clone() selected=selected>{m.name}</option> }
                        }).collect_view())}
                    </select>
                </div>
                <div class="form-field utrecht-form-field">
                    <label class="form-label utrecht-form-label" for="dashboard-neighbourhood">{move || text().neighbourhood}</label>
                    <select class="form-select utrecht-select utrecht-select--html-select" id="dashboard-neighbourhood"
                        on:change=move |ev| url.set(&[("neighbourhood", event_target_value(&ev))])>
                        <option value="">{move || text().all_neighbourhoods}</option>
                        {move || hoods.get().and_then(|r| r.ok()).map(|list| list.into_iter().map(|n| {
                            let id = n.id.to_string();
                            let selected = url.get("neighbourhood") == id;
                            view! { <option value=id selected=selected>{n.name}</option> }
                        }).collect_view())}
                    </select>
                </div>
            </form>
            {move || answer.get().map(|result| {
                let lang = i18n.0.get();
                match result {
                    Err(error) => view! {
                        <div class="notice notice--error utrecht-alert utrecht-alert--error" role="alert" id="dashboard-error">{error_text(lang, &error)}</div>
                    }.into_any(),
                    Ok(d) => {
                        let list = figures(lang, dash_texts(lang), &d);
                        view! {
                            <div class="dashboard" id="dashboard">
                                {list.into_iter().map(|f| view! { <FigureView figure=f/> }).collect_view()}
                            </div>
                        }.into_any()
                    }
                }
            })}
        </RequireRole>
    }
}
