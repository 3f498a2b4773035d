//! Monitoring (issue 13): the Werkkamer feed's wire types, its periods, and the suppression rule that keeps
//! it anonymous (docs/werkkamer.md).
//!
//! The feed is versioned: [`FEED_VERSION`] changes only when a field changes meaning or disappears; fields
//! may be added within a version.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The version of the feed's shape (`"version": 1`).
pub const FEED_VERSION: u32 = 1;

/// Hours a week of one standard job (`standaardbaan`) of the banenafspraak: 25.5.
pub const STANDARD_JOB_HOURS: Decimal = Decimal::from_parts(255, 0, 0, false, 1);

/// Hours a week of one FTE by the plan's norm, unless configured otherwise (`BASISBAAN_FTE_HOURS`).
pub const DEFAULT_FTE_HOURS: Decimal = Decimal::from_parts(32, 0, 0, false, 0);

/// Years a period may lie in.
pub const MIN_YEAR: i32 = 2000;
pub const MAX_YEAR: i32 = 2100;

/// A period of the feed: a month (`2026-03`), a quarter (`2026-Q1`) or a year (`2026`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Period {
    Month { year: i32, month: u32 },
    Quarter { year: i32, quarter: u32 },
    Year { year: i32 },
}

impl Period {
    /// Reads `YYYY-MM`, `YYYY-Qn` or `YYYY` (years 2000-2100); anything else is `None`.
    pub fn parse(text: &str) -> Option<Period> {
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        let year_of = |s: &str| -> Option<i32> {
            let year: i32 = (s.len() == 4 && digits(s)).then(|| s.parse().ok())??;
            (MIN_YEAR..=MAX_YEAR).contains(&year).then_some(year)
        };
        match text.split_once('-') {
            None => Some(Period::Year { year: year_of(text)? }),
            Some((y, rest)) => {
                let year = year_of(y)?;
                if let Some(q) = rest.strip_prefix('Q') {
                    let quarter: u32 = (q.len() == 1 && digits(q)).then(|| q.parse().ok())??;
                    (1..=4).contains(&quarter).then_some(Period::Quarter { year, quarter })
                } else {
                    let month: u32 = (rest.len() == 2 && digits(rest)).then(|| rest.parse().ok())??;
                    (1..=12).contains(&month).then_some(Period::Month { year, month })
                }
            }
        }
    }

    pub fn year(self) -> i32 {
        match self {
            Period::Month { year, .. } | Period::Quarter { year, .. } | Period::Year { year } => year,
        }
    }

    /// The period's code as [`Period::parse`] reads it.
    pub fn code(self) -> String {
        match self {
            Period::Month { year, month } => format!("{year}-{month:02}"),
            Period::Quarter { year, quarter } => format!("{year}-Q{quarter}"),
            Period::Year { year } => format!("{year}"),
        }
    }

    pub fn kind(self) -> PeriodKind {
        match self {
            Period::Month { .. } => PeriodKind::Month,
            Period::Quarter { .. } => PeriodKind::Quarter,
            Period::Year { .. } => PeriodKind::Year,
        }
    }

    /// The months of the year (1-12) the period covers.
    pub fn months(self) -> std::ops::RangeInclusive<u32> {
        match self {
            Period::Month { month, .. } => month..=month,
            Period::Quarter { quarter, .. } => (quarter * 3 - 2)..=(quarter * 3),
            Period::Year { .. } => 1..=12,
        }
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year(), *self.months().start(), 1).unwrap_or_default()
    }

    pub fn last_day(self) -> NaiveDate {
        month_end(self.year(), *self.months().end())
    }

    /// The 17 periods of a year: its months, its quarters, the year.
    pub fn all_of_year(year: i32) -> Vec<Period> {
        (1..=12)
            .map(|month| Period::Month { year, month })
            .chain((1..=4).map(|quarter| Period::Quarter { year, quarter }))
            .chain(std::iter::once(Period::Year { year }))
            .collect()
    }
}

/// The last day of a month.
pub fn month_end(year: i32, month: u32) -> NaiveDate {
    let next =
        if month == 12 { NaiveDate::from_ymd_opt(year + 1, 1, 1) } else { NaiveDate::from_ymd_opt(year, month + 1, 1) };
    next.and_then(|d| d.pred_opt()).unwrap_or_default()
}

/// The month (1-12) of a date.
pub fn month_of(date: NaiveDate) -> u32 {
    date.month()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    Month,
    Quarter,
    Year,
}

/// A count of people or events. Below the threshold (`suppressBelow`), and wherever a published figure would
/// let it be recomputed, it is published as `{"value": null, "suppressed": true}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Count {
    /// The count; `null` when suppressed.
    #[cfg_attr(feature = "openapi", schema(minimum = 0))]
    pub value: Option<u64>,
    pub suppressed: bool,
}

impl Count {
    pub fn new(value: u64, suppressed: bool) -> Count {
        if suppressed { Count { value: None, suppressed } } else { Count { value: Some(value), suppressed } }
    }
}

/// A figure derived from people (hours, FTE, standard jobs, money): suppressed wherever the count of people
/// behind it is. Decimal, as a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Measure {
    /// The figure; `null` when suppressed.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "51.00"))]
    pub value: Option<Decimal>,
    pub suppressed: bool,
}

impl Measure {
    pub fn new(value: Decimal, suppressed: bool) -> Measure {
        if suppressed { Measure { value: None, suppressed } } else { Measure { value: Some(value), suppressed } }
    }
}

/// One cell of a breakdown: its key (a source, a status, a reason) and its count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Cell {
    /// The category's wire name (e.g. `wajong`, `employed`, `regular_job`).
    pub key: String,
    pub count: Count,
}

/// `GET /werkkamer/indicators`: the indicators of one period for the region and per municipality (or for
/// the one municipality asked).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = indicators_example))]
#[serde(rename_all = "camelCase")]
pub struct Indicators {
    /// The shape's version: 1.
    #[cfg_attr(feature = "openapi", schema(example = 1))]
    pub version: u32,
    pub period: PeriodInfo,
    /// Counts below this are suppressed (`BASISBAAN_SUPPRESS_BELOW`).
    pub suppress_below: u32,
    /// Hours a week that make one FTE (32 by the plan's norm).
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "32"))]
    pub fte_hours: Decimal,
    /// Hours a week of one standard job of the banenafspraak (25.5).
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "25.5"))]
    pub standard_job_hours: Decimal,
    /// The whole region (the sum of its municipalities); `null` when one municipality was asked.
    pub region: Option<AreaIndicators>,
    /// Each municipality of the region, by name (only the one asked, when `municipality` is given).
    pub municipalities: Vec<AreaIndicators>,
}

/// The documented example of [`Indicators`]: a quarter of a one-municipality region with 17 of 40 jobs
/// realised, 51 hours of register-group work (2 standard jobs) and small cells suppressed.
#[cfg(feature = "openapi")]
fn indicators_example() -> serde_json::Value {
    let shown = |v: u64| serde_json::json!({"value": v, "suppressed": false});
    let hidden = serde_json::json!({"value": null, "suppressed": true});
    let cells = |keys: &[&str]| -> serde_json::Value {
        keys.iter().map(|k| serde_json::json!({"key": k, "count": hidden})).collect()
    };
    let reasons = ["regular_job", "other_work", "moved", "stopped", "other"];
    let area = |code: Option<&str>, name: &str| {
        serde_json::json!({
            "municipalityCode": code, "name": name,
            "jobs": {"target": 40, "realised": shown(17), "realisationPct": "42.5",
                     "hours": {"value": "275", "suppressed": false}, "fte": {"value": "8.59", "suppressed": false}},
            "register": {"people": shown(10), "hours": {"value": "51", "suppressed": false},
                         "standardJobs": {"value": "2.00", "suppressed": false}},
            "people": shown(120),
            "bySource": cells(&["participatiewet", "wajong", "wsw", "other"]),
            "byStatus": [
                {"key": "registered", "count": shown(31)}, {"key": "intake", "count": shown(12)},
                {"key": "eligible", "count": shown(40)}, {"key": "pre_trajectory", "count": shown(10)},
                {"key": "matched", "count": shown(10)}, {"key": "employed", "count": shown(17)}
            ],
            "inflow": {"registrations": shown(14), "contractStarts": hidden},
            "outflow": {"exits": hidden, "exitsByReason": cells(&reasons), "contractEnds": hidden,
                        "contractEndsByReason": cells(&reasons)},
            "finances": {"year": 2026, "budget": "700000.00",
                         "realisedCost": {"value": "120345.67", "suppressed": false},
                         "committedCost": {"value": "98000.00", "suppressed": false}}
        })
    };
    serde_json::json!({
        "version": 1,
        "period": {"code": "2026-Q2", "kind": "quarter", "from": "2026-04-01", "to": "2026-06-30"},
        "suppressBelow": 10, "fteHours": "32", "standardJobHours": "25.5",
        "region": area(None, "Regio"),
        "municipalities": [area(Some("GM0014"), "Groningen")]
    })
}

/// The period the figures are of.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PeriodInfo {
    /// As asked: `2026-03`, `2026-Q1` or `2026`.
    pub code: String,
    pub kind: PeriodKind,
    /// The first day.
    pub from: NaiveDate,
    /// The last day: the reference day of every stock figure (realised jobs, people by source and status).
    pub to: NaiveDate,
}

/// The indicators of the region or one municipality.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AreaIndicators {
    /// The municipality's CBS code (`GM0014`); `null` for the region.
    pub municipality_code: Option<String>,
    /// The municipality's name, or `Regio` for the region.
    pub name: String,
    pub jobs: Jobs,
    pub register: Register,
    /// People in the programme on the period's last day: registered by then and not exited.
    pub people: Count,
    /// `people` by the source they came from (`participatiewet`, `wajong`, `wsw`, `other`); the cells add up
    /// to `people`.
    pub by_source: Vec<Cell>,
    /// `people` by their status on the period's last day (every status but `exited`); the cells add up to
    /// `people`.
    pub by_status: Vec<Cell>,
    pub inflow: Inflow,
    pub outflow: Outflow,
    pub finances: Finances,
}

/// Jobs: realised against the target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Jobs {
    /// The year's job target (the budget record of each municipality and year, 40 where none was recorded;
    /// the region's is the sum). Reference data, never suppressed.
    pub target: u32,
    /// Realised jobs: the people with an active contract on the period's last day (started on or before it,
    /// not ended before it).
    pub realised: Count,
    /// `realised` / `target` x 100, one decimal (17 of 40: `42.5`); `null` when `realised` is suppressed or
    /// the target is 0.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "42.5"))]
    pub realisation_pct: Option<Decimal>,
    /// The weekly contract hours of the realised jobs, summed.
    pub hours: Measure,
    /// `hours` / `fteHours`, two decimals.
    pub fte: Measure,
}

/// The realised jobs of people in the target-group register (`doelgroepregister`) of the banenafspraak.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Register {
    /// People in the register with an active contract on the period's last day.
    pub people: Count,
    /// Their weekly contract hours, summed.
    pub hours: Measure,
    /// `hours` / 25.5: the count in standard jobs the national banenafspraak uses (51 hours: `2.00`), two
    /// decimals.
    pub standard_jobs: Measure,
}

/// Events within the period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Inflow {
    /// People registered within the period.
    pub registrations: Count,
    /// Contracts that started within the period (and were activated).
    pub contract_starts: Count,
}

/// Events within the period, by reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Outflow {
    /// People who left the programme (status `exited`) within the period.
    pub exits: Count,
    /// `exits` by exit reason (`regular_job`, `other_work`, `moved`, `stopped`, `other`); adds up to `exits`.
    pub exits_by_reason: Vec<Cell>,
    /// Contracts that ended within the period.
    pub contract_ends: Count,
    /// `contractEnds` by end reason (the same reasons); adds up to `contractEnds`.
    pub contract_ends_by_reason: Vec<Cell>,
}

/// The money of the period's year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Finances {
    pub year: i32,
    /// The year's budget (reference data, 700,000.00 where none was recorded; never suppressed).
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "700000.00"))]
    pub budget: Decimal,
    /// The contracts' cost of the year so far (days worked), as `GET /budget` computes it; suppressed where
    /// the realised jobs on the year's last day are.
    pub realised_cost: Measure,
    /// The remaining days of signed and active contracts in the year; suppressed as `realisedCost`.
    pub committed_cost: Measure,
}

/// The most months one evaluation export covers.
pub const MAX_EXPORT_MONTHS: u32 = 60;

/// `GET /evaluation-export`: the pseudonymised data set for the research partner's evaluation, one row per
/// person and month. No direct identifiers: no name, BSN, address, contact details or date of birth.
/// Survey scores and provision costs are joined by the capabilities that record them (not yet in this
/// export).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct EvaluationExport {
    /// The first month, `YYYY-MM`.
    pub from: String,
    /// The last month, `YYYY-MM`.
    pub to: String,
    pub rows: Vec<EvaluationRow>,
}

/// One person in one month (every month from registration on, up to and including the month they exited).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct EvaluationRow {
    /// A stable pseudonym: a keyed hash (HMAC-SHA256) of the person's id with a secret that never leaves the
    /// server; the same person has the same pseudonym in every export.
    pub pseudonym: String,
    /// `YYYY-MM`.
    pub month: String,
    /// The municipality's CBS code.
    pub municipality_code: String,
    /// The neighbourhood of the person's address; `null` when unknown.
    pub neighbourhood: Option<String>,
    /// The age on the month's last day, as a band: `under_25`, `25_34`, `35_44`, `45_54`, `55_64`,
    /// `65_plus` or `unknown`.
    pub age_band: String,
    /// `participatiewet`, `wajong`, `wsw` or `other`.
    pub source: String,
    /// In the target-group register of the banenafspraak.
    pub target_group_register: bool,
    /// The status on the month's last day.
    pub status: String,
    /// Weekly hours of the contract active on the month's last day; 0 without one.
    pub hours_per_week: u32,
    /// The wage value (`loonwaarde`) in percent, as last assessed; `null` when not assessed.
    pub wage_value_pct: Option<i32>,
    /// The income indication of that contract: gross a month (hourly wage x hours x 52 / 12); `null`
    /// without a contract.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub gross_monthly: Option<Decimal>,
    /// Its net a month by the plan's brackets.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub net_monthly: Option<Decimal>,
    /// The benefit a month on the person's record, if any.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub benefit_monthly: Option<Decimal>,
    /// `net_monthly` against the benefit: `drop`, `small_gain`, `gain` or `no_comparison`; `null` without a
    /// contract.
    pub income_outcome: Option<String>,
    /// The day of the person's employee survey of the month, or of the latest before it; `null` when none
    /// was taken yet. The four scores below (1-10) are that survey's.
    #[serde(default)]
    pub surveyed_on: Option<NaiveDate>,
    #[serde(default)]
    pub survey_wellbeing: Option<u8>,
    #[serde(default)]
    pub survey_income: Option<u8>,
    #[serde(default)]
    pub survey_work: Option<u8>,
    #[serde(default)]
    pub survey_social_contacts: Option<u8>,
    /// The cost of the person's provisions (job coaching, workplace adaptation, transport, aids) in the month:
    /// each provision's cost spread evenly over the calendar days of its own period, the month's days summed,
    /// in euros with cents.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "125.00"))]
    pub provision_cost: Decimal,
}

/// The age band of someone born on `birth`, on `on`.
pub fn age_band(birth: Option<NaiveDate>, on: NaiveDate) -> &'static str {
    let Some(age) = birth.and_then(|b| on.years_since(b)) else { return "unknown" };
    match age {
        0..=24 => "under_25",
        25..=34 => "25_34",
        35..=44 => "35_44",
        45..=54 => "45_54",
        55..=64 => "55_64",
        _ => "65_plus",
    }
}

/// A linear relation between published counts: `parent` is the sum of `members`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub parent: usize,
    pub members: Vec<usize>,
}

/// Which counts to suppress (docs/werkkamer.md, "The rule"). `values` are all the counts published for a
/// year (every period, area and category); `lines` every additive relation among them.
///
/// 1. Primary: every count below `below` (zeros too).
/// 2. Secondary, repeated until nothing changes, for every line: when any member is suppressed, all its
///    members are; when the parent is suppressed, all its members are; when its only member is suppressed, so
///    is the parent (they are equal); when all members are suppressed and the parent is not but they add up
///    to less than `below`, the parent is suppressed.
///
/// So in every relation either no member is hidden or all are, and then the parent (published only when at
/// least `below`) is the only thing known about them.
pub fn suppress(values: &[u64], lines: &[Line], below: u64) -> Vec<bool> {
    let mut hidden: Vec<bool> = values.iter().map(|&v| v < below).collect();
    loop {
        let mut changed = false;
        let mut hide = |cell: usize, hidden: &mut Vec<bool>| {
            if !hidden[cell] {
                hidden[cell] = true;
                changed = true;
            }
        };
        for line in lines {
            let any = line.members.iter().any(|&m| hidden[m]);
            if any || hidden[line.parent] {
                for &m in &line.members {
                    hide(m, &mut hidden);
                }
            }
            if line.members.len() == 1 && hidden[line.members[0]] {
                hide(line.parent, &mut hidden);
            }
            let sum: u64 = line.members.iter().map(|&m| values[m]).sum();
            if !line.members.is_empty() && line.members.iter().all(|&m| hidden[m]) && sum < below {
                hide(line.parent, &mut hidden);
            }
        }
        if !changed {
            return hidden;
        }
    }
}

/// `a` / `b` rounded to `places` decimals (half away from zero), always written with them; 0 when `b` is 0.
pub fn ratio(a: Decimal, b: Decimal, places: u32) -> Decimal {
    if b.is_zero() {
        return Decimal::ZERO;
    }
    let mut quotient = (a / b).round_dp_with_strategy(places, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    quotient.rescale(places);
    quotient
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_parse_as_documented() {
        assert_eq!(Period::parse("2026-03"), Some(Period::Month { year: 2026, month: 3 }));
        assert_eq!(Period::parse("2026-Q4"), Some(Period::Quarter { year: 2026, quarter: 4 }));
        assert_eq!(Period::parse("2026"), Some(Period::Year { year: 2026 }));
        for bad in ["2026-13", "2026-Q5", "2026-Q0", "2026-00", "26", "2026-3", "1999", "2026-q1", "", "2026-", "x"] {
            assert_eq!(Period::parse(bad), None, "{bad}");
        }
        let q1 = Period::parse("2024-Q1").unwrap();
        assert_eq!(q1.first_day().to_string(), "2024-01-01");
        assert_eq!(q1.last_day().to_string(), "2024-03-31");
        assert_eq!(Period::parse("2024-02").unwrap().last_day().to_string(), "2024-02-29");
        assert_eq!(Period::parse("2024").unwrap().last_day().to_string(), "2024-12-31");
        assert_eq!(Period::all_of_year(2026).len(), 17);
        assert_eq!(q1.code(), "2024-Q1");
    }

    #[cfg(feature = "openapi")]
    #[test]
    fn the_documented_example_is_an_answer() {
        let example: Indicators = serde_json::from_value(indicators_example()).unwrap();
        assert_eq!(example.version, FEED_VERSION);
        assert_eq!(example.municipalities[0].jobs.realisation_pct, Some(Decimal::new(425, 1)));
    }

    #[test]
    fn age_bands() {
        let on = NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
        let born = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(age_band(born(2001, 7, 1), on), "under_25");
        assert_eq!(age_band(born(2001, 6, 30), on), "25_34");
        assert_eq!(age_band(born(1961, 6, 30), on), "65_plus");
        assert_eq!(age_band(None, on), "unknown");
    }

    #[test]
    fn known_answers_of_the_ratios() {
        assert_eq!(ratio(Decimal::from(17 * 100), Decimal::from(40), 1).to_string(), "42.5");
        assert_eq!(ratio(Decimal::from(51), STANDARD_JOB_HOURS, 2).to_string(), "2.00");
        assert_eq!(ratio(Decimal::from(48), DEFAULT_FTE_HOURS, 2).to_string(), "1.50");
    }

    fn line(parent: usize, members: &[usize]) -> Line {
        Line { parent, members: members.to_vec() }
    }

    #[test]
    fn primary_suppression_hides_every_small_count() {
        let hidden = suppress(&[30, 12, 18, 0], &[], 10);
        assert_eq!(hidden, [false, false, false, true]);
    }

    #[test]
    fn one_small_cell_hides_its_whole_breakdown() {
        // total 40 = 3 + 17 + 20: the 3 alone could be recomputed from the total.
        let hidden = suppress(&[40, 3, 17, 20], &[line(0, &[1, 2, 3])], 10);
        assert_eq!(hidden, [false, true, true, true]);
    }

    #[test]
    fn a_small_total_hides_its_members_and_an_equal_parent() {
        // region (0) = municipality (1) alone; the municipality's breakdown (2, 3) is small.
        let hidden = suppress(&[8, 8, 5, 3], &[line(0, &[1]), line(1, &[2, 3])], 10);
        assert_eq!(hidden, [true, true, true, true]);
        // Secondary suppression of an only member hides the parent equal to it.
        let hidden = suppress(&[50, 50, 45, 5, 50], &[line(0, &[1]), line(1, &[2, 3]), line(4, &[2])], 10);
        assert_eq!(hidden, [false, false, true, true, true]);
    }

    #[test]
    fn suppression_spreads_across_relations_until_it_is_closed() {
        // A 2 x 2 table with margins: rows r0 = a + b, r1 = c + d; columns k0 = a + c, k1 = b + d.
        // a = 4 is small: its row and column hide b and c, whose other relations hide d.
        let (a, b, c, d, r0, r1, k0, k1) = (0, 1, 2, 3, 4, 5, 6, 7);
        let values = [4, 20, 30, 40, 24, 70, 34, 60];
        let lines = [line(r0, &[a, b]), line(r1, &[c, d]), line(k0, &[a, c]), line(k1, &[b, d])];
        let hidden = suppress(&values, &lines, 10);
        assert_eq!(&hidden[..4], &[true, true, true, true]);
        assert_eq!(&hidden[4..], &[false, false, false, false]);
    }
}
