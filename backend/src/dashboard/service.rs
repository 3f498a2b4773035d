//! The dashboard's figures, read from the maintained aggregates (`monitoring::aggregates`, which the
//! Werkkamer feed reads too) however many people and contracts there are ([`from_aggregates`]): per
//! municipality and month, or per neighbourhood and month, the change of each month-end stock (people by
//! status and source, jobs with their weekly hours, the register's, the weekly hours per task category)
//! and each month's flows (registrations, contract starts, exits and contract ends by reason, employee
//! surveys with the sums of their scores). A month's stock is the sum of the changes up to it. Each write
//! that changes them keeps the aggregates exact in its own transaction; tests check them against a
//! rebuild from the rows and the feed recomputed from the rows, and a municipality against the sum of its
//! neighbourhoods.
//!
//! Money comes from `contracts::budget_service::overview`, the budget page's own figures, once per year,
//! kept while its inputs are unchanged ([`MoneyCache`]).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use shared::auth::Role;
use shared::candidates::Source;
use shared::contracts::budget::DEFAULT_JOB_TARGET;
use shared::contracts::lifecycle::EndReason;
use shared::dashboard::{
    CategoryHours, Dashboard, DashboardMonth, Experience, FinanceYear, MAX_DASHBOARD_MONTHS, Tally, average,
    months_between,
};
use shared::monitoring::{Period, STANDARD_JOB_HOURS, ratio};
use shared::problem::InvalidParam;
use uuid::Uuid;

use crate::auth::AuthUser;
use crate::db::{budgets, municipalities, neighbourhoods, task_categories};
use crate::infra::error::{ApiError, ApiResult};

/// What was asked, as the query string gave it.
#[derive(Debug, Default, Clone)]
pub struct Ask {
    pub from: Option<String>,
    pub to: Option<String>,
    pub municipality: Option<String>,
    pub neighbourhood: Option<String>,
}

/// The statuses of people in the programme (every one but `exited`), in the order of the answer.
use crate::monitoring::service::LIVE_STATUSES;

/// The checked question: the months, and the filter on municipalities and neighbourhood.
struct Scope {
    months: Vec<(i32, u32)>,
    /// `None`: every municipality (a regional caller without a municipality filter).
    places: Option<Vec<municipalities::Model>>,
    municipality_code: Option<String>,
    neighbourhood: Option<Uuid>,
}

fn parse_month(value: &str) -> Option<(i32, u32)> {
    match Period::parse(value) {
        Some(Period::Month { year, month }) => Some((year, month)),
        _ => None,
    }
}

/// Reads the question: every problem at once, each naming its parameter.
async fn scope(db: &impl ConnectionTrait, caller: &AuthUser, ask: &Ask, today: NaiveDate) -> ApiResult<Scope> {
    let mut errors = Vec::new();
    let this_month = (chrono::Datelike::year(&today), chrono::Datelike::month(&today));
    let mut month_of = |name: &str, value: Option<&str>| match value {
        None => Some(None),
        Some(text) => match parse_month(text) {
            Some(month) => Some(Some(month)),
            None => {
                errors.push(InvalidParam::new(name, "format", "een maand als 2026-03 (2000 tot en met 2100)"));
                None
            }
        },
    };
    let (from, to) = (month_of("from", ask.from.as_deref()), month_of("to", ask.to.as_deref()));
    let to = to.map(|m| m.unwrap_or(this_month));
    let from = match (from, to) {
        (Some(Some(month)), _) => Some(month),
        // Default: the twelve months up to and including `to`.
        (Some(None), Some((y, m))) => Some(if m == 12 { (y, 1) } else { (y - 1, m + 1) }),
        _ => None,
    };
    let mut months = Vec::new();
    if let (Some(from), Some(to)) = (from, to) {
        match months_between(from, to) {
            None => errors.push(InvalidParam::new("to", "before_from", "niet voor from")),
            Some(list) if list.len() > MAX_DASHBOARD_MONTHS as usize => errors.push(InvalidParam::new(
                "to",
                "too_long",
                format!("hoogstens {MAX_DASHBOARD_MONTHS} maanden na from"),
            )),
            Some(list) => months = list,
        }
    }
    let in_region: Vec<municipalities::Model> = municipalities::Entity::find()
        .filter(caller.within_region(municipalities::Column::Id))
        .order_by_asc(municipalities::Column::Name)
        .all(db)
        .await?;
    let mut places = caller.municipality_id.map(|_| in_region.clone());
    let mut municipality_code = None;
    if let Some(code) = ask.municipality.as_deref() {
        match in_region.iter().find(|m| m.code == code) {
            Some(found) => {
                places = Some(vec![found.clone()]);
                municipality_code = Some(found.code.clone());
            }
            None => errors.push(InvalidParam::new(
                "municipality",
                "unknown",
                "de CBS-code van een gemeente binnen uw regio",
            )),
        }
    } else if let [only] = places.as_deref().unwrap_or_default() {
        municipality_code = Some(only.code.clone());
    }
    let mut neighbourhood = None;
    if let Some(text) = ask.neighbourhood.as_deref() {
        let found = match Uuid::parse_str(text) {
            Ok(id) => neighbourhoods::Entity::find_by_id(id).one(db).await?,
            Err(_) => None,
        };
        let allowed = |n: &neighbourhoods::Model| {
            places.as_ref().map_or(in_region.iter().any(|m| m.id == n.municipality_id), |list| {
                list.iter().any(|m| m.id == n.municipality_id)
            })
        };
        match found.filter(allowed) {
            Some(n) => neighbourhood = Some(n.id),
            None => errors.push(InvalidParam::new(
                "neighbourhood",
                "unknown",
                "de id van een wijk van de gekozen gemeente(n)",
            )),
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    Ok(Scope { months, places, municipality_code, neighbourhood })
}

const SOURCES: usize = Source::ALL.len();
const REASONS: usize = EndReason::ALL.len();

/// The figures of people and jobs per month of the period (index 0 the first month), however counted.
struct Monthly {
    by_status: Vec<[u64; LIVE_STATUSES.len()]>,
    by_source: Vec<[u64; SOURCES]>,
    registrations: Vec<u64>,
    /// By reason, in the order of `EndReason::ALL`.
    exits: Vec<[u64; REASONS]>,
    jobs: Vec<u64>,
    hours: Vec<i64>,
    register_people: Vec<u64>,
    register_hours: Vec<i64>,
    starts: Vec<u64>,
    ends: Vec<[u64; REASONS]>,
}

impl Monthly {
    fn new(n: usize) -> Monthly {
        Monthly {
            by_status: vec![[0; LIVE_STATUSES.len()]; n],
            by_source: vec![[0; SOURCES]; n],
            registrations: vec![0; n],
            exits: vec![[0; REASONS]; n],
            jobs: vec![0; n],
            hours: vec![0; n],
            register_people: vec![0; n],
            register_hours: vec![0; n],
            starts: vec![0; n],
            ends: vec![[0; REASONS]; n],
        }
    }
}

fn unsigned(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

/// The money of each year asked: the year's figures and its months.
type Money = Vec<(FinanceYear, Vec<shared::contracts::budget::BudgetMonth>)>;

/// The money of the last few dashboards, kept by the server (one per application, in `AppState`) under
/// the version of what it is computed from (`monitoring::versioned`: the contracts through the aggregates'
/// refresh, budgets, cost norms, provisions, employers' contributions), as the Werkkamer feed keeps its
/// years: the budget overview reads every contract of a year, and the finance staff open the dashboard
/// again and again between writes. Asked: (the caller's municipality, the one municipality asked, the
/// years, today).
pub type MoneyCache =
    crate::monitoring::versioned::Versioned<(Option<Uuid>, Option<Uuid>, Vec<i32>, NaiveDate), Money, 16>;

/// The dashboard of the period asked, for `caller`'s scope.
pub async fn dashboard(
    db: &impl ConnectionTrait,
    money: &MoneyCache,
    caller: &AuthUser,
    ask: &Ask,
    today: NaiveDate,
    fte_hours: Decimal,
) -> ApiResult<Dashboard> {
    let scope = scope(db, caller, ask, today).await?;
    let (monthly, categories, surveys) = from_aggregates(db, &scope).await?;
    let targets = job_targets(db, &scope).await?;
    let finances = finances(db, money, caller, &scope, today).await?;
    Ok(assemble(&scope, &monthly, &categories, &surveys, &targets, finances, fte_hours))
}

/// The weekly hours per task category, per month of the period.
type Categories = BTreeMap<String, Vec<Decimal>>;
/// Per month of the period: the employee surveys held and the sums of their four scores.
type Surveys = Vec<(u64, [i64; 4])>;

/// People, jobs, the nature of the work and the surveys from the maintained aggregates
/// (`monitoring::aggregates`, which the Werkkamer feed reads too): the same month-end stocks and monthly
/// flows, per municipality or, with a neighbourhood filter, per neighbourhood, in five statements however
/// many people there are.
async fn from_aggregates(db: &impl ConnectionTrait, scope: &Scope) -> ApiResult<(Monthly, Categories, Surveys)> {
    use crate::monitoring::aggregates;
    use crate::monitoring::service::{ENDS, EXITS, JOBS, PEOPLE, REGISTER, REGISTRATIONS, STARTS, SURVEYS};
    let n = scope.months.len();
    let mut out = Monthly::new(n);
    let mut surveys: Surveys = vec![(0, [0; 4]); n];
    let mut categories = Categories::new();
    let Some(&(year, month)) = scope.months.first() else { return Ok((out, categories, surveys)) };
    let first = aggregates::month_number(NaiveDate::from_ymd_opt(year, month, 1).unwrap_or_default());
    let places: Option<Vec<Uuid>> = scope.places.as_ref().map(|list| list.iter().map(|m| m.id).collect());
    let area = match scope.neighbourhood {
        Some(id) => aggregates::Area::Neighbourhood(id),
        None => aggregates::Area::Places(places.as_deref()),
    };
    let counts = aggregates::counts(db, area, first, n).await?;
    for (&(_, family, category, k), &(count, hours)) in &counts {
        if k >= n {
            continue;
        }
        let people = category.checked_sub(1);
        match family {
            PEOPLE => match people {
                Some(source) if source < SOURCES => out.by_source[k][source] += unsigned(count),
                Some(other) => {
                    if let Some(status) = out.by_status[k].get_mut(other - SOURCES) {
                        *status += unsigned(count);
                    }
                }
                None => {}
            },
            REGISTRATIONS if category == 0 => out.registrations[k] += unsigned(count),
            STARTS if category == 0 => out.starts[k] += unsigned(count),
            JOBS if category == 0 => {
                out.jobs[k] += unsigned(count);
                out.hours[k] += hours;
            }
            REGISTER if category == 0 => {
                out.register_people[k] += unsigned(count);
                out.register_hours[k] += hours;
            }
            EXITS | ENDS => {
                let list = if family == EXITS { &mut out.exits } else { &mut out.ends };
                if let Some(cell) = people.and_then(|reason| list[k].get_mut(reason)) {
                    *cell += unsigned(count);
                }
            }
            SURVEYS => match people {
                None => surveys[k].0 += unsigned(count),
                Some(score) => {
                    if let Some(sum) = surveys[k].1.get_mut(score) {
                        *sum += count;
                    }
                }
            },
            _ => {}
        }
    }
    let names: HashMap<Uuid, String> =
        task_categories::Entity::find().all(db).await?.into_iter().map(|c| (c.id, c.name)).collect();
    for ((category, k), milli) in aggregates::work(db, area, first, n).await? {
        if milli != 0 && k < n {
            let name = names.get(&category).cloned().unwrap_or_default();
            categories.entry(name).or_insert_with(|| vec![Decimal::ZERO; n])[k] += Decimal::new(milli, 3);
        }
    }
    Ok((out, categories, surveys))
}

/// The job target of each year of the period for the municipalities asked (40 where none was recorded).
async fn job_targets(db: &impl ConnectionTrait, scope: &Scope) -> ApiResult<HashMap<i32, u32>> {
    let years: BTreeSet<i32> = scope.months.iter().map(|m| m.0).collect();
    let places: Vec<Uuid> = match &scope.places {
        Some(list) => list.iter().map(|m| m.id).collect(),
        None => municipalities::Entity::find().all(db).await?.into_iter().map(|m| m.id).collect(),
    };
    let stored = budgets::Entity::find()
        .filter(budgets::Column::Year.is_in(years.iter().copied().collect::<Vec<_>>()))
        .filter(budgets::Column::MunicipalityId.is_in(places.clone()))
        .all(db)
        .await?;
    Ok(years
        .into_iter()
        .map(|year| {
            let target = places
                .iter()
                .map(|place| {
                    stored
                        .iter()
                        .find(|b| b.year == year && b.municipality_id == *place)
                        .map_or(DEFAULT_JOB_TARGET, |b| u32::try_from(b.job_target).unwrap_or(0))
                })
                .sum();
            (year, target)
        })
        .collect())
}

/// The money of each year of the period (finance and admin only): the budget page's overview, kept in
/// `cache` while its inputs are unchanged.
async fn finances(
    db: &impl ConnectionTrait,
    cache: &MoneyCache,
    caller: &AuthUser,
    scope: &Scope,
    today: NaiveDate,
) -> ApiResult<Option<std::sync::Arc<Money>>> {
    if !matches!(caller.role, Role::Admin | Role::Finance) {
        return Ok(None);
    }
    let one = match &scope.places {
        Some(list) if list.len() == 1 => list.first().map(|m| m.id),
        _ => None,
    };
    // The version before the data: what is read after it is at least as new.
    let version = crate::monitoring::aggregates::version(db).await?;
    let years: Vec<i32> = scope.months.iter().map(|m| m.0).collect::<BTreeSet<_>>().into_iter().collect();
    let key = (caller.municipality_id, one, years, today);
    if let Some(kept) = cache.find(version, &key) {
        return Ok(Some(kept));
    }
    let money = overviews(db, caller, &key.2, one, today).await?;
    Ok(Some(cache.keep(version, key, money)))
}

/// The budget overview of each of `years`, with the dashboard's figures of it.
async fn overviews(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    years: &[i32],
    one: Option<Uuid>,
    today: NaiveDate,
) -> ApiResult<Money> {
    let norms = crate::contracts::service::norms(db).await?.norms;
    let norm = shared::contracts::estimate(&norms, Decimal::from(shared::contracts::FULL_TIME_HOURS), 12).total;
    let mut out = Vec::new();
    for &year in years {
        let o = crate::contracts::budget_service::overview(db, caller, year, one, today).await?;
        let cost = o.realised + o.committed;
        out.push((
            FinanceYear {
                year,
                budget: o.budget,
                job_target: o.job_target,
                jobs: o.jobs,
                realised: o.realised,
                committed: o.committed,
                remaining: o.remaining,
                provision_costs: o.provision_costs,
                contributions: o.contributions.iter().map(|c| c.amount).sum(),
                cost_per_job: (o.jobs > 0).then(|| ratio(cost, Decimal::from(o.jobs), 2)),
                cost_norm: norm,
            },
            o.months,
        ));
    }
    Ok(out)
}

/// The answer from the monthly figures, the nature of the work, the surveys, the targets and the money.
fn assemble(
    scope: &Scope,
    monthly: &Monthly,
    categories: &Categories,
    surveys: &[(u64, [i64; 4])],
    targets: &HashMap<i32, u32>,
    finances: Option<std::sync::Arc<Money>>,
    fte_hours: Decimal,
) -> Dashboard {
    let decimal = |v: i64| Decimal::from(v).round_dp(2);
    let mut months = Vec::with_capacity(scope.months.len());
    for (k, &(year, month)) in scope.months.iter().enumerate() {
        let by_status: Vec<Tally> = LIVE_STATUSES
            .iter()
            .zip(monthly.by_status[k])
            .map(|(status, value)| Tally { key: status.as_str().to_owned(), value })
            .collect();
        let by_source: Vec<Tally> = Source::ALL
            .iter()
            .zip(monthly.by_source[k])
            .map(|(source, value)| Tally { key: source.as_str().to_owned(), value })
            .collect();
        let reasons = |counts: &[u64; REASONS]| -> Vec<Tally> {
            EndReason::ALL
                .iter()
                .zip(counts)
                .map(|(r, value)| Tally { key: r.as_str().to_owned(), value: *value })
                .collect()
        };
        let job_target = scope.neighbourhood.is_none().then(|| targets.get(&year).copied().unwrap_or(0));
        let jobs_now = monthly.jobs[k];
        let hours_now = decimal(monthly.hours[k]);
        let register_now = decimal(monthly.register_hours[k]);
        let (count, scores) = surveys[k];
        let cost = finances.as_ref().map(|years| {
            years
                .iter()
                .find(|(f, _)| f.year == year)
                .and_then(|(_, list)| list.iter().find(|m| m.month == month))
                .map(|m| (m.realised, m.committed))
                .unwrap_or_default()
        });
        let stopped = EndReason::ALL.iter().position(|r| *r == EndReason::Stopped).unwrap_or(0);
        months.push(DashboardMonth {
            month: format!("{year}-{month:02}"),
            people: by_status.iter().map(|t| t.value).sum(),
            by_status,
            by_source,
            jobs: jobs_now,
            job_target,
            realisation_pct: job_target
                .filter(|t| *t > 0)
                .map(|t| ratio(Decimal::from(jobs_now * 100), Decimal::from(t), 1)),
            hours: hours_now,
            fte: ratio(hours_now, fte_hours, 2),
            register_people: monthly.register_people[k],
            register_hours: register_now,
            standard_jobs: ratio(register_now, STANDARD_JOB_HOURS, 2),
            hours_by_category: categories
                .iter()
                .map(|(name, line)| CategoryHours {
                    category: name.clone(),
                    hours: {
                        let mut hours = line[k].round_dp(2).max(Decimal::ZERO);
                        hours.rescale(2);
                        hours
                    },
                })
                .collect(),
            registrations: monthly.registrations[k],
            contract_starts: monthly.starts[k],
            exits: monthly.exits[k].iter().sum(),
            exits_by_reason: reasons(&monthly.exits[k]),
            dropout: monthly.exits[k][stopped],
            contract_ends: monthly.ends[k].iter().sum(),
            contract_ends_by_reason: reasons(&monthly.ends[k]),
            surveys: count,
            experience: average(scores[0], count).map(|wellbeing| Experience {
                wellbeing,
                income: average(scores[1], count).unwrap_or_default(),
                work: average(scores[2], count).unwrap_or_default(),
                social_contacts: average(scores[3], count).unwrap_or_default(),
            }),
            realised_cost: cost.map(|c| c.0),
            committed_cost: cost.map(|c| c.1),
        });
    }
    let first = scope.months.first().copied().unwrap_or_default();
    let last = scope.months.last().copied().unwrap_or_default();
    Dashboard {
        from: format!("{}-{:02}", first.0, first.1),
        to: format!("{}-{:02}", last.0, last.1),
        municipality_code: scope.municipality_code.clone(),
        neighbourhood_id: scope.neighbourhood,
        fte_hours,
        standard_job_hours: STANDARD_JOB_HOURS,
        months,
        finances: finances.map(|years| years.iter().map(|(f, _)| f.clone()).collect()),
    }
}
