//! The programme dashboard (issue 13, item 1): the figures of the programme month by month for staff, per
//! municipality and neighbourhood: people by status and source, jobs against the target, hours, FTE and the
//! banenafspraak's standard jobs, the nature of the work, inflow and outflow, experiences and (for finance and
//! admin) money. Staff-internal and therefore not suppressed (the Werkkamer feed is the anonymous door), but
//! scoped: a municipality's staff see their own municipality.
//!
//! Also the CSV of a table as the SPA offers it for download ([`table_csv`]): the cells as the table shows
//! them (Dutch numbers), separated by semicolons, as Dutch spreadsheet programs read them.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The longest period one answer covers, in months.
pub const MAX_DASHBOARD_MONTHS: u32 = 36;

/// The dashboard of a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Dashboard {
    /// The first month, `YYYY-MM`.
    pub from: String,
    /// The last month, `YYYY-MM`.
    pub to: String,
    /// The municipality asked for (its CBS code); `null`: every municipality of the caller's scope.
    pub municipality_code: Option<String>,
    /// The neighbourhood asked for; `null`: all.
    pub neighbourhood_id: Option<Uuid>,
    /// Hours a week that make one FTE (`BASISBAAN_FTE_HOURS`, 32 by the plan's norm).
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "32"))]
    pub fte_hours: Decimal,
    /// Hours a week of one standard job of the banenafspraak (25.5).
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "25.5"))]
    pub standard_job_hours: Decimal,
    /// One entry per month of the period, in order.
    pub months: Vec<DashboardMonth>,
    /// The money of each calendar year the period touches: for finance and admin only, `null` for every
    /// other role.
    pub finances: Option<Vec<FinanceYear>>,
}

/// A count under a key (a status, source or reason: their wire names).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Tally {
    pub key: String,
    pub value: u64,
}

/// Weekly hours of one task category.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CategoryHours {
    /// The task category's name.
    pub category: String,
    /// Weekly hours, two decimals.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "51.00"))]
    pub hours: Decimal,
}

/// The figures of one month. Stocks (people, jobs, hours) are counted on the month's last day, flows
/// (registrations, starts, exits, ends, surveys) within the month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DashboardMonth {
    /// `YYYY-MM`.
    pub month: String,
    /// People in the programme (registered and not exited).
    pub people: u64,
    /// `people` by status: `registered`, `intake`, `eligible`, `pre_trajectory`, `matched`, `employed`.
    pub by_status: Vec<Tally>,
    /// `people` by source: `participatiewet`, `wajong`, `wsw`, `other`.
    pub by_source: Vec<Tally>,
    /// Jobs filled: contracts active on the month's last day.
    pub jobs: u64,
    /// The year's job target of the municipalities asked for (reference data; 40 where none was
    /// recorded); `null` with a neighbourhood filter (targets are set per municipality).
    pub job_target: Option<u32>,
    /// `jobs` against `job_target` in percent, one decimal; `null` without a target.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "42.5"))]
    pub realisation_pct: Option<Decimal>,
    /// Weekly hours of those contracts.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "544.00"))]
    pub hours: Decimal,
    /// `hours` divided by `fteHours`, two decimals.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "17.00"))]
    pub fte: Decimal,
    /// People in the target-group register among `jobs`.
    pub register_people: u64,
    /// Their weekly hours.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "51.00"))]
    pub register_hours: Decimal,
    /// `registerHours` divided by 25.5: the banenafspraak's standard jobs, two decimals.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2.00"))]
    pub standard_jobs: Decimal,
    /// The nature of the work: the weekly hours of the contracts split over the task categories of their
    /// package, in proportion to the tasks' hours; every category of the period, by name.
    pub hours_by_category: Vec<CategoryHours>,
    /// People registered in the month.
    pub registrations: u64,
    /// Contracts that started in the month.
    pub contract_starts: u64,
    /// People who left the programme in the month.
    pub exits: u64,
    /// `exits` by reason: `regular_job`, `other_work`, `moved`, `stopped`, `other`.
    pub exits_by_reason: Vec<Tally>,
    /// Dropout: the exits of the month without work to go to (reason `stopped`).
    pub dropout: u64,
    /// Contracts that ended in the month.
    pub contract_ends: u64,
    /// `contractEnds` by reason (the same keys as `exitsByReason`).
    pub contract_ends_by_reason: Vec<Tally>,
    /// Employee surveys taken in the month.
    pub surveys: u64,
    /// Their average scores (1-10, one decimal); `null` without surveys.
    pub experience: Option<Experience>,
    /// The contracts' realised cost of the month (finance and admin; `null` for others).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "12500.00"))]
    pub realised_cost: Option<Decimal>,
    /// The contracts' committed cost of the month (finance and admin; `null` for others).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "0.00"))]
    pub committed_cost: Option<Decimal>,
}

/// Average survey scores, 1-10, one decimal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Experience {
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "7.5"))]
    pub wellbeing: Decimal,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "6.0"))]
    pub income: Decimal,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "8.0"))]
    pub work: Decimal,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "7.0"))]
    pub social_contacts: Decimal,
}

/// The money of one calendar year for the municipalities asked for (the budget page's figures:
/// `GET /budget`); a neighbourhood filter does not apply to money, which is kept per municipality.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct FinanceYear {
    pub year: i32,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "700000.00"))]
    pub budget: Decimal,
    pub job_target: u32,
    /// Signed and active contracts now.
    pub jobs: u32,
    /// The cost of the days worked in the year so far (contracts and provisions).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub realised: Decimal,
    /// The cost of the remaining days of the year.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub committed: Decimal,
    /// `budget - realised - committed`.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub remaining: Decimal,
    /// The provisions' part of `realised` and `committed`.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub provision_costs: Decimal,
    /// What the work providers contribute in the year.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub contributions: Decimal,
    /// `(realised + committed) / jobs`; `null` without jobs.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub cost_per_job: Option<Decimal>,
    /// The norm: the cost of a full-time job for a year by the cost norms.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub cost_norm: Decimal,
}

/// The months from `from` to `to` (`(year, month)`, inclusive), or `None` when `to` lies before `from`.
pub fn months_between(from: (i32, u32), to: (i32, u32)) -> Option<Vec<(i32, u32)>> {
    if to < from {
        return None;
    }
    let mut months = Vec::new();
    let mut month = from;
    while month <= to {
        months.push(month);
        month = if month.1 == 12 { (month.0 + 1, 1) } else { (month.0, month.1 + 1) };
    }
    Some(months)
}

/// The average of `sum` over `count` to one decimal, `None` for no count.
pub fn average(sum: i64, count: u64) -> Option<Decimal> {
    (count > 0).then(|| {
        let mut mean = (Decimal::from(sum) / Decimal::from(count)).round_dp(1);
        mean.rescale(1);
        mean
    })
}

/// A table as CSV: the header and the rows exactly as given (the SPA passes the cells as its table shows
/// them), separated by semicolons, each line ended by CRLF (RFC 4180). A cell with a semicolon, a quote or
/// a line break is quoted, its quotes doubled; a cell that a spreadsheet would take for a formula (`=`,
/// `+`, `-`, `@` followed by something other than a digit) gets a leading apostrophe.
pub fn table_csv(header: &[String], rows: &[Vec<String>]) -> String {
    fn cell(text: &str) -> String {
        let mut chars = text.chars();
        let formula = matches!(chars.next(), Some('=' | '+' | '-' | '@'))
            && !chars.next().is_some_and(|c| c.is_ascii_digit() || c == ' ');
        let text = if formula { format!("'{text}") } else { text.to_owned() };
        if text.contains([';', '"', '\n', '\r']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text }
    }
    let mut out = String::new();
    for line in std::iter::once(header).chain(rows.iter().map(Vec::as_slice)) {
        out.push_str(&line.iter().map(|c| cell(c)).collect::<Vec<_>>().join(";"));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_becomes_semicolon_separated_csv_with_quoting_and_dutch_numbers_kept() {
        let header = vec!["Maand".to_owned(), "Uren".to_owned()];
        let rows = vec![
            vec!["2026-03".to_owned(), "1.234,50".to_owned()],
            vec!["wijk \"Oost\"; noord".to_owned(), "-2,5".to_owned()],
            vec!["=SUM(A1)".to_owned(), "regel\nnieuw".to_owned()],
        ];
        assert_eq!(
            table_csv(&header, &rows),
            "Maand;Uren\r\n2026-03;1.234,50\r\n\"wijk \"\"Oost\"\"; noord\";-2,5\r\n'=SUM(A1);\"regel\nnieuw\"\r\n"
        );
        assert_eq!(table_csv(&header, &[]), "Maand;Uren\r\n");
    }

    #[test]
    fn the_months_of_a_period_cross_years_and_refuse_a_reversed_period() {
        assert_eq!(months_between((2025, 11), (2026, 2)), Some(vec![(2025, 11), (2025, 12), (2026, 1), (2026, 2)]));
        assert_eq!(months_between((2026, 3), (2026, 3)), Some(vec![(2026, 3)]));
        assert_eq!(months_between((2026, 3), (2026, 2)), None);
    }

    #[test]
    fn averages_round_to_one_decimal_and_need_a_count() {
        assert_eq!(average(23, 3), Some(Decimal::new(77, 1)));
        assert_eq!(average(14, 2).map(|a| a.to_string()), Some("7.0".to_owned()));
        assert_eq!(average(0, 0), None);
    }
}
