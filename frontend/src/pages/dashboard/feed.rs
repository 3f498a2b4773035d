//! The Werkkamer's start page: a summary of the anonymous feed (`GET /werkkamer/indicators`) for this year,
//! the region and each municipality, as a chart with its table and CSV. Suppressed counts show as
//! "onderdrukt", never as a number: the monitor role sees what the feed publishes and nothing else.

use leptos::prelude::*;
use rust_decimal::prelude::ToPrimitive;
use shared::monitoring::{AreaIndicators, Count, Indicators, Measure};

use super::chart::{Figure, FigureView, Kind, Series};
use super::{DashTexts, dash_texts};
use crate::api;
use crate::components::error_text;
use crate::i18n::use_i18n;

fn count_series(
    t: &DashTexts,
    name: &str,
    areas: &[&AreaIndicators],
    pick: impl Fn(&AreaIndicators) -> Count,
) -> Series {
    let values: Vec<Count> = areas.iter().map(|a| pick(a)).collect();
    Series::new(
        name,
        values.iter().map(|c| c.value.map(|v| v as f64)).collect(),
        values
            .iter()
            .map(|c| match c.value {
                Some(v) => shared::dutch::format_decimal(v.into(), 0),
                None => t.suppressed.to_owned(),
            })
            .collect(),
    )
}

fn measure_series(
    t: &DashTexts,
    name: &str,
    areas: &[&AreaIndicators],
    pick: impl Fn(&AreaIndicators) -> Measure,
) -> Series {
    let values: Vec<Measure> = areas.iter().map(|a| pick(a)).collect();
    Series::new(
        name,
        values.iter().map(|m| m.value.and_then(|v| v.to_f64())).collect(),
        values
            .iter()
            .map(|m| match m.value {
                Some(v) => shared::dutch::format_decimal(v, 2),
                None => t.suppressed.to_owned(),
            })
            .collect(),
    )
}

/// The feed's figure: realised jobs against the target per area, with people and standard jobs.
pub fn feed_figure(t: &DashTexts, feed: &Indicators) -> Figure {
    let areas: Vec<&AreaIndicators> = feed.region.iter().chain(feed.municipalities.iter()).collect();
    let target = Series::new(
        t.target,
        areas.iter().map(|a| Some(f64::from(a.jobs.target))).collect(),
        areas.iter().map(|a| a.jobs.target.to_string()).collect(),
    );
    let realisation = Series::new(
        t.realisation,
        areas.iter().map(|a| a.jobs.realisation_pct.and_then(|v| v.to_f64())).collect(),
        areas
            .iter()
            .map(|a| match a.jobs.realisation_pct {
                Some(v) => shared::dutch::format_decimal(v, 1),
                None => "-".to_owned(),
            })
            .collect(),
    )
    .table_only();
    Figure {
        id: "werkkamer-feed",
        title: format!("{} ({})", t.feed_chart, feed.period.code),
        summary: format!("{} {}.", t.feed_chart, feed.period.code),
        kind: Kind::Bars,
        axis: t.area.to_owned(),
        labels: areas.iter().map(|a| a.name.clone()).collect(),
        series: vec![
            count_series(t, t.jobs_series, &areas, |a| a.jobs.realised),
            target,
            realisation,
            count_series(t, t.people_total, &areas, |a| a.people).table_only(),
            measure_series(t, t.fte, &areas, |a| a.jobs.fte).table_only(),
            measure_series(t, t.standard_jobs, &areas, |a| a.register.standard_jobs).table_only(),
        ],
    }
}

/// The summary of this year's feed, for the Werkkamer's start page.
#[component]
pub fn FeedSummary() -> impl IntoView {
    let i18n = use_i18n();
    let year = js_sys::Date::new_0().get_full_year();
    let feed =
        api::resource(
            move || async move { api::get::<Indicators>(&format!("/werkkamer/indicators?period={year}")).await },
        );
    move || {
        let lang = i18n.0.get();
        let t = dash_texts(lang);
        view! {
            <h2 id="werkkamer-title">{t.feed_title}</h2>
            <p class="utrecht-paragraph">{t.feed_intro}</p>
            {feed.get().map(|result| match result {
                Err(error) => view! {
                    <div class="notice notice--error utrecht-alert utrecht-alert--error" role="alert">{error_text(lang, &error)}</div>
                }.into_any(),
                Ok(feed) => view! { <FigureView figure=feed_figure(t, &feed)/> }.into_any(),
            })}
        }
    }
}
