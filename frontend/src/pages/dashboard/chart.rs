//! A figure: an SVG chart (lines or grouped bars) drawn by a Leptos component, with a table of the same
//! numbers (what a screen reader reads, and where exact figures are read) and a CSV download of that table
//! (`shared::dashboard::table_csv`, the cells as the table shows them).

use leptos::prelude::*;

use super::{DashTexts, dash_texts};
use crate::i18n::use_i18n;

/// The drawing area, in SVG units.
const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 300.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 40.0;
/// Series colours (CSS classes `chart-series--0` to `--7`).
const COLOURS: usize = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Line,
    Bars,
}

/// One series: its name, its values (`None`: no value that month, a gap in a line) and the cells of its
/// column in the table (Dutch formats). `plotted: false` puts it in the table only.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub values: Vec<Option<f64>>,
    pub cells: Vec<String>,
    pub plotted: bool,
}

impl Series {
    pub fn new(name: impl Into<String>, values: Vec<Option<f64>>, cells: Vec<String>) -> Series {
        Series { name: name.into(), values, cells, plotted: true }
    }

    /// In the table only.
    pub fn table_only(mut self) -> Series {
        self.plotted = false;
        self
    }
}

/// A figure's contents.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// The element id's stem: `{id}`, `{id}-chart`, `{id}-table`, `{id}-csv`.
    pub id: &'static str,
    pub title: String,
    /// One sentence of what the chart shows, for the SVG's description.
    pub summary: String,
    pub kind: Kind,
    /// The heading of the first column (the x axis).
    pub axis: String,
    /// The x values (months, years).
    pub labels: Vec<String>,
    pub series: Vec<Series>,
}

impl Figure {
    /// The table: its header and rows, exactly as shown.
    pub fn table(&self) -> (Vec<String>, Vec<Vec<String>>) {
        let header = std::iter::once(self.axis.clone()).chain(self.series.iter().map(|s| s.name.clone())).collect();
        let rows = self
            .labels
            .iter()
            .enumerate()
            .map(|(i, label)| {
                std::iter::once(label.clone())
                    .chain(self.series.iter().map(|s| s.cells.get(i).cloned().unwrap_or_default()))
                    .collect()
            })
            .collect();
        (header, rows)
    }
}

/// A rounded top for the y axis: 1, 2 or 5 times a power of ten, at least `max`.
fn nice_top(max: f64) -> f64 {
    if max <= 0.0 {
        return 1.0;
    }
    let power = 10f64.powf(max.log10().floor());
    [1.0, 2.0, 5.0, 10.0].iter().map(|f| f * power).find(|top| *top >= max).unwrap_or(10.0 * power)
}

fn tick_text(value: f64) -> String {
    let decimal = rust_decimal::Decimal::from_f64_retain(value).unwrap_or_default();
    let places = if value.fract().abs() < 1e-9 { 0 } else { 1 };
    shared::dutch::format_decimal(decimal, places)
}

#[component]
fn Drawing(figure: Figure, texts: &'static DashTexts) -> impl IntoView {
    let plotted: Vec<(usize, &Series)> = figure.series.iter().enumerate().filter(|(_, s)| s.plotted).collect();
    let max = plotted.iter().flat_map(|(_, s)| s.values.iter().flatten()).fold(0.0f64, |a, b| a.max(*b));
    let top = nice_top(max);
    let count = figure.labels.len().max(1);
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let slot = plot_w / count as f64;
    let x = move |i: usize| LEFT + slot * (i as f64 + 0.5);
    let y = move |v: f64| TOP + plot_h * (1.0 - v.max(0.0) / top);
    let base = TOP + plot_h;
    // Every label when they fit, else every second, third...
    let step = count.div_ceil(12);
    let shapes = match figure.kind {
        Kind::Line => plotted
            .iter()
            .map(|(colour, s)| {
                // A line in pieces: a month without a value breaks it; a lone point is a dot.
                let mut pieces: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
                for (i, v) in s.values.iter().enumerate() {
                    match v {
                        Some(v) => {
                            if let Some(piece) = pieces.last_mut() {
                                piece.push((x(i), y(*v)));
                            }
                        }
                        None => pieces.push(Vec::new()),
                    }
                }
                let class = format!("chart-series chart-series--{}", colour % COLOURS);
                pieces
                    .into_iter()
                    .filter(|p| !p.is_empty())
                    .map(|p| {
                        let points =
                            p.iter().map(|(px, py)| format!("{px:.1},{py:.1}")).collect::<Vec<_>>().join(" ");
                        let dots = p
                            .iter()
                            .map(|(px, py)| {
                                view! { <circle class=class.clone() cx=format!("{px:.1}") cy=format!("{py:.1}") r="3"/> }
                            })
                            .collect_view();
                        view! { <polyline class=class.clone() points=points/> {dots} }
                    })
                    .collect_view()
                    .into_any()
            })
            .collect_view()
            .into_any(),
        Kind::Bars => {
            let width = (slot * 0.8 / plotted.len().max(1) as f64).max(1.0);
            plotted
                .iter()
                .enumerate()
                .map(|(n, (colour, s))| {
                    let class = format!("chart-bar chart-series--{}", colour % COLOURS);
                    s.values
                        .iter()
                        .enumerate()
                        .filter_map(|(i, v)| v.map(|v| (i, v)))
                        .map(|(i, v)| {
                            let left = LEFT + slot * i as f64 + slot * 0.1 + width * n as f64;
                            let top_y = y(v);
                            view! {
                                <rect class=class.clone() x=format!("{left:.1}") y=format!("{top_y:.1}")
                                    width=format!("{width:.1}") height=format!("{:.1}", (base - top_y).max(0.0))/>
                            }
                        })
                        .collect_view()
                })
                .collect_view()
                .into_any()
        }
    };
    let id = figure.id;
    view! {
        <svg class="chart" id=format!("{id}-chart") viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img"
            aria-labelledby=format!("{id}-svg-title {id}-svg-desc") focusable="false">
            <title id=format!("{id}-svg-title")>{figure.title.clone()}</title>
            <desc id=format!("{id}-svg-desc")>{format!("{} {}", figure.summary, texts.see_table)}</desc>
            {[0.0, top / 2.0, top].into_iter().map(|t| {
                let ty = format!("{:.1}", y(t));
                view! {
                    <line class="chart__grid" x1=LEFT y1=ty.clone() x2={WIDTH - RIGHT} y2=ty.clone()/>
                    <text x={LEFT - 6.0} y=ty text-anchor="end" dominant-baseline="middle">{tick_text(t)}</text>
                }
            }).collect_view()}
            <line class="chart__axis" x1=LEFT y1=TOP x2=LEFT y2=base/>
            <line class="chart__axis" x1=LEFT y1=base x2={WIDTH - RIGHT} y2=base/>
            {figure.labels.iter().enumerate().filter(|(i, _)| i % step == 0).map(|(i, label)| view! {
                <text x=format!("{:.1}", x(i)) y={HEIGHT - 14.0} text-anchor="middle">{label.clone()}</text>
            }).collect_view()}
            {shapes}
        </svg>
    }
}

/// The figure: heading, chart, legend, table and the CSV button.
#[component]
pub fn FigureView(figure: Figure) -> impl IntoView {
    let i18n = use_i18n();
    let texts = dash_texts(i18n.0.get_untracked());
    let (header, rows) = figure.table();
    let csv = shared::dashboard::table_csv(&header, &rows);
    let name = format!("{}.csv", figure.id);
    let download = move |_| crate::pages::candidates::download(&name, "text/csv;charset=utf-8", &csv);
    let id = figure.id;
    let has_values = figure.series.iter().any(|s| s.plotted && s.values.iter().any(Option::is_some));
    let legend: Vec<(usize, String)> = figure
        .series
        .iter()
        .enumerate()
        .filter(|(_, s)| s.plotted)
        .map(|(i, s)| (i % COLOURS, s.name.clone()))
        .collect();
    view! {
        <section class="dashboard-figure" id=id aria-labelledby=format!("{id}-title")>
            <h2 id=format!("{id}-title")>{figure.title.clone()}</h2>
            {if has_values {
                view! {
                    <Drawing figure=figure.clone() texts=texts/>
                    <ul class="chart-legend" aria-hidden="true">
                        {legend.into_iter().map(|(colour, name)| view! {
                            <li><span class=format!("chart-legend__swatch chart-swatch--{colour}")></span>{name}</li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            } else {
                view! { <p class="notice utrecht-paragraph" id=format!("{id}-empty")>{texts.empty}</p> }.into_any()
            }}
            <div class="table-scroll">
                <table class="table utrecht-table utrecht-table--html-table" id=format!("{id}-table")>
                    <caption>{figure.title.clone()}</caption>
                    <thead><tr>
                        {header.iter().map(|h| view! { <th scope="col">{h.clone()}</th> }).collect_view()}
                    </tr></thead>
                    <tbody>
                        {rows.into_iter().map(|row| {
                            let mut cells = row.into_iter();
                            let first = cells.next().unwrap_or_default();
                            view! {
                                <tr>
                                    <th scope="row">{first}</th>
                                    {cells.map(|c| view! { <td class="amount">{c}</td> }).collect_view()}
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <button type="button" id=format!("{id}-csv") class="button button--secondary utrecht-button utrecht-button--secondary-action" on:click=download>
                {format!("{} ({})", texts.download_csv, figure.title)}
            </button>
        </section>
    }
}
