//! The dashboard's figures, counted in the database however many people and contracts there are:
//! - people and jobs (month-end stocks by status and source, jobs with their hours, the register's, and
//!   the monthly flows) from the Werkkamer feed's maintained aggregates (`monitoring::aggregates`), per
//!   municipality, in two statements ([`from_aggregates`]); with a neighbourhood filter, which the
//!   aggregates do not hold, from the rows ([`from_rows`]);
//! - the nature of the work and the surveys from grouped statements over the rows.
//!
//! Grouped statements bucket their rows by the month they fall in (a `CASE` over the period's month
//! boundaries, bound as parameters so that SQLite and PostgreSQL compare alike); stocks on a month's last
//! day are running sums over those groups:
//! - people: every status change adds one to its new status and takes one from its old one (registration
//!   is the change without an old status), so the people of a status on a day are the sum of the changes
//!   up to that day (bucket 0 holds everything before the period);
//! - jobs: a contract is active on the last day of month `k` when it started on or before that day and its
//!   last day (the day it ended, or its planned end) is not before it: grouped by the month it starts to
//!   count (`start bucket`) and the month from which it no longer counts (`end bucket`), it counts in the
//!   months between.
//!
//! Money comes from `contracts::budget_service::overview`, the budget page's own figures, once per year.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{NaiveDate, Utc};
use rust_decimal::Decimal;
use rust_decimal::prelude::FromPrimitive;
use sea_orm::{ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QueryOrder, Statement, Value};
use shared::auth::Role;
use shared::candidates::{CandidateStatus, Source};
use shared::contracts::budget::DEFAULT_JOB_TARGET;
use shared::contracts::lifecycle::{ContractStatus, EndReason};
use shared::dashboard::{
    CategoryHours, Dashboard, DashboardMonth, Experience, FinanceYear, MAX_DASHBOARD_MONTHS, Tally, average,
    months_between,
};
use shared::monitoring::{Period, STANDARD_JOB_HOURS, month_end, ratio};
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

/// A statement being written: `?` placeholders for SQLite, `$n` for PostgreSQL.
struct Sql {
    backend: DbBackend,
    text: String,
    values: Vec<Value>,
}

impl Sql {
    fn new(backend: DbBackend) -> Sql {
        Sql { backend, text: String::new(), values: Vec::new() }
    }

    /// Binds `value` and returns its placeholder.
    fn bind(&mut self, value: impl Into<Value>) -> String {
        self.values.push(value.into());
        match self.backend {
            DbBackend::Postgres => format!("${}", self.values.len()),
            _ => "?".to_owned(),
        }
    }

    fn push(&mut self, text: &str) {
        self.text.push_str(text);
    }

    /// `AND <column> IN (...)` for the places (nothing for the whole region).
    fn places(&mut self, column: &str, places: &Option<Vec<municipalities::Model>>) {
        if let Some(places) = places {
            let marks: Vec<String> = places.iter().map(|m| self.bind(m.id)).collect();
            let list = if marks.is_empty() { "NULL".to_owned() } else { marks.join(", ") };
            self.push(&format!(" AND {column} IN ({list})"));
        }
    }

    fn neighbourhood(&mut self, column: &str, neighbourhood: Option<Uuid>) {
        if let Some(id) = neighbourhood {
            let mark = self.bind(id);
            self.push(&format!(" AND {column} = {mark}"));
        }
    }

    fn statement(self) -> Statement {
        Statement::from_sql_and_values(self.backend, self.text, self.values)
    }
}

/// The period's month boundaries: first and last day of each month.
struct Calendar {
    first: Vec<NaiveDate>,
    last: Vec<NaiveDate>,
}

/// Closes a `CASE` with its `ELSE`; a `CASE` without a `WHEN` (a period of one month) is just the value.
fn otherwise(text: String, value: usize) -> String {
    if text == "CASE" { value.to_string() } else { format!("{text} ELSE {value} END") }
}

impl Calendar {
    fn new(months: &[(i32, u32)]) -> Calendar {
        Calendar {
            first: months.iter().map(|&(y, m)| NaiveDate::from_ymd_opt(y, m, 1).unwrap_or_default()).collect(),
            last: months.iter().map(|&(y, m)| month_end(y, m)).collect(),
        }
    }

    fn len(&self) -> usize {
        self.first.len()
    }

    /// The first instant after the period.
    fn end_instant(&self) -> chrono::DateTime<Utc> {
        let day = self.last.last().and_then(|d| d.succ_opt()).unwrap_or_default();
        day.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc()
    }

    /// `CASE` giving the month (1..n) a timestamp falls in, 0 before the period (rows after it are filtered).
    fn instant_bucket(&self, sql: &mut Sql, column: &str) -> String {
        let mut text = String::from("CASE");
        for (k, first) in self.first.iter().enumerate() {
            let mark = sql.bind(first.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc());
            text.push_str(&format!(" WHEN {column} < {mark} THEN {k}"));
        }
        otherwise(text, self.len())
    }

    /// `CASE` giving the month (1..n) a day falls in, 0 before the period.
    fn day_bucket(&self, sql: &mut Sql, column: &str) -> String {
        let mut text = String::from("CASE");
        for (k, first) in self.first.iter().enumerate() {
            let mark = sql.bind(*first);
            text.push_str(&format!(" WHEN {column} < {mark} THEN {k}"));
        }
        otherwise(text, self.len())
    }

    /// `CASE` giving the first month (1..n) whose last day a contract starting on `column` is active on.
    fn start_bucket(&self, sql: &mut Sql, column: &str) -> String {
        let mut text = String::from("CASE");
        for (k, last) in self.last.iter().enumerate().take(self.len().saturating_sub(1)) {
            let mark = sql.bind(*last);
            text.push_str(&format!(" WHEN {column} <= {mark} THEN {}", k + 1));
        }
        otherwise(text, self.len())
    }

    /// `CASE` giving the first month (1..n+1) whose last day lies after a contract's last day `column`.
    fn end_bucket(&self, sql: &mut Sql, column: &str) -> String {
        let n = self.len();
        let mut text = format!("CASE WHEN {column} IS NULL THEN {}", n + 1);
        for (k, last) in self.last.iter().enumerate() {
            let mark = sql.bind(*last);
            text.push_str(&format!(" WHEN {column} < {mark} THEN {}", k + 1));
        }
        text.push_str(&format!(" ELSE {} END", n + 1));
        text
    }
}

/// A month bucket (a `CASE` of integer literals: `integer` on PostgreSQL).
fn bucket(row: &sea_orm::QueryResult, index: usize) -> ApiResult<usize> {
    let value: i32 = row.try_get_by_index(index)?;
    Ok(usize::try_from(value).unwrap_or(0))
}

fn count(row: &sea_orm::QueryResult, index: usize) -> ApiResult<u64> {
    let value: i64 = row.try_get_by_index(index)?;
    Ok(u64::try_from(value).unwrap_or(0))
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

/// A reason's place in `EndReason::ALL` (an unknown one is `other`).
fn reason_at(reason: Option<&str>) -> usize {
    crate::monitoring::service::reason_index(reason.unwrap_or(EndReason::Other.as_str()))
}

/// The money of each year asked: the year's figures and its months.
type Money = Vec<(FinanceYear, Vec<shared::contracts::budget::BudgetMonth>)>;

/// Who asked for which money: (version of the inputs, the caller's municipality, the one municipality
/// asked, the years, today).
type MoneyKey = (i64, Option<Uuid>, Option<Uuid>, Vec<i32>, NaiveDate);

/// The money of the last few dashboards, kept by the server (one per application, in `AppState`) under
/// the version of what it is computed from (`monitoring::aggregates::version`: the contracts through the
/// aggregates' refresh, budgets, cost norms, provisions, employers' contributions), read before anything
/// else, as the Werkkamer feed keeps its years (docs/werkkamer.md): the budget overview reads every
/// contract of a year, and the finance staff open the dashboard again and again between writes.
#[derive(Default)]
pub struct MoneyCache {
    kept: std::sync::Mutex<Vec<(MoneyKey, std::sync::Arc<Money>)>>,
}

const MONEY_KEPT: usize = 16;

impl MoneyCache {
    fn find(&self, key: &MoneyKey) -> Option<std::sync::Arc<Money>> {
        let kept = self.kept.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        kept.iter().find(|(k, _)| k == key).map(|(_, money)| money.clone())
    }

    fn keep(&self, key: MoneyKey, money: Money) -> std::sync::Arc<Money> {
        let money = std::sync::Arc::new(money);
        let mut kept = self.kept.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        // Money of an older version of the inputs is never asked for again.
        kept.retain(|(k, _)| k.0 >= key.0);
        kept.insert(0, (key, money.clone()));
        kept.truncate(MONEY_KEPT);
        money
    }
}

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
    let calendar = Calendar::new(&scope.months);
    let (monthly, categories, surveys) = match scope.neighbourhood {
        None => from_aggregates(db, &scope).await?,
        Some(_) => (
            from_rows(db, &scope, &calendar, today).await?,
            category_hours(db, &scope, &calendar, today).await?,
            surveys(db, &scope, &calendar, today).await?,
        ),
    };
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
/// flows, per municipality, in five statements however many people there are. They hold no neighbourhood:
/// a neighbourhood's figures are counted from the rows ([`from_rows`]).
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
    let counts = aggregates::counts(db, places.as_deref(), first, n).await?;
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
    for ((category, k), milli) in aggregates::work(db, places.as_deref(), first, n).await? {
        if milli != 0 && k < n {
            let name = names.get(&category).cloned().unwrap_or_default();
            categories.entry(name).or_insert_with(|| vec![Decimal::ZERO; n])[k] += Decimal::new(milli, 3);
        }
    }
    Ok((out, categories, surveys))
}

/// `WHERE` for the activated contracts that count in some month of the period, in the scope.
fn contract_filter(sql: &mut Sql, calendar: &Calendar, scope: &Scope, today: NaiveDate) {
    let (active, ended) = (sql.bind(ContractStatus::Active.as_str()), sql.bind(ContractStatus::Ended.as_str()));
    let last = sql.bind(*calendar.last.last().unwrap_or(&today));
    let first = sql.bind(*calendar.first.first().unwrap_or(&today));
    sql.push(&format!(
        " WHERE k.status IN ({active}, {ended}) AND k.start_date <= {last} \
         AND (COALESCE(k.ended_on, k.end_date) IS NULL OR COALESCE(k.ended_on, k.end_date) >= {first})"
    ));
    sql.places("k.municipality_id", &scope.places);
    sql.neighbourhood("c.neighbourhood_id", scope.neighbourhood);
}

/// People and jobs counted from the rows (a neighbourhood's): three grouped statements.
async fn from_rows(
    db: &impl ConnectionTrait,
    scope: &Scope,
    calendar: &Calendar,
    today: NaiveDate,
) -> ApiResult<Monthly> {
    let n = calendar.len();
    let backend = db.get_database_backend();
    let mut out = Monthly::new(n);

    // People: the status changes up to the period's end, by month, old and new status, reason and source;
    // bucket 0 holds everything before the period, and each month's stock is the running sum.
    let mut changes: HashMap<(usize, usize), Vec<i64>> = HashMap::new();
    let mut sql = Sql::new(backend);
    let month = calendar.instant_bucket(&mut sql, "s.changed_at");
    let end = sql.bind(calendar.end_instant());
    sql.push(&format!(
        "SELECT {month} AS b, s.from_status, s.to_status, s.exit_reason, c.source, COUNT(*) \
         FROM candidate_status_changes s JOIN candidates c ON c.id = s.candidate_id \
         WHERE c.erased_at IS NULL AND c.merged_into_id IS NULL AND s.changed_at < {end}"
    ));
    sql.places("c.municipality_id", &scope.places);
    sql.neighbourhood("c.neighbourhood_id", scope.neighbourhood);
    sql.push(" GROUP BY 1, 2, 3, 4, 5");
    let live = |status: &str| LIVE_STATUSES.iter().position(|l| l.as_str() == status);
    for row in db.query_all_raw(sql.statement()).await? {
        let b = bucket(&row, 0)?;
        let from: Option<String> = row.try_get_by_index(1)?;
        let to: String = row.try_get_by_index(2)?;
        let reason: Option<String> = row.try_get_by_index(3)?;
        let source: String = row.try_get_by_index(4)?;
        let number = count(&row, 5)?;
        let signed = i64::try_from(number).unwrap_or(i64::MAX);
        let source = Source::ALL.iter().position(|s| s.as_str() == source).unwrap_or(SOURCES - 1);
        if let Some(status) = live(&to) {
            changes.entry((status, source)).or_insert_with(|| vec![0; n + 1])[b] += signed;
        }
        match from.as_deref().and_then(live) {
            Some(status) => changes.entry((status, source)).or_insert_with(|| vec![0; n + 1])[b] -= signed,
            None if from.is_none() && b >= 1 => out.registrations[b - 1] += number,
            None => {}
        }
        if to == CandidateStatus::Exited.as_str() && b >= 1 {
            out.exits[b - 1][reason_at(reason.as_deref())] += number;
        }
    }
    for ((status, source), line) in &changes {
        let mut running = line[0];
        for k in 0..n {
            running += line[k + 1];
            out.by_status[k][*status] += unsigned(running);
            out.by_source[k][*source] += unsigned(running);
        }
    }

    // Jobs: the activated contracts that count in some month of the period, by start and end bucket: a
    // contract counts from its start bucket up to but not including its end bucket.
    let (mut jobs, mut hours, mut register_people, mut register_hours) =
        (vec![0i64; n + 2], vec![0i64; n + 2], vec![0i64; n + 2], vec![0i64; n + 2]);
    let mut sql = Sql::new(backend);
    let (start, stop) = (
        calendar.start_bucket(&mut sql, "k.start_date"),
        calendar.end_bucket(&mut sql, "COALESCE(k.ended_on, k.end_date)"),
    );
    let first_month = calendar.day_bucket(&mut sql, "k.start_date");
    sql.push(&format!(
        "SELECT {start} AS s, {stop} AS e, {first_month} AS f, c.target_group_register, COUNT(*), \
         SUM(k.hours_per_week) FROM contracts k JOIN candidates c ON c.id = k.candidate_id"
    ));
    contract_filter(&mut sql, calendar, scope, today);
    sql.push(" GROUP BY 1, 2, 3, 4");
    for row in db.query_all_raw(sql.statement()).await? {
        let (s, e, f) = (bucket(&row, 0)?, bucket(&row, 1)?, bucket(&row, 2)?);
        let register: bool = row.try_get_by_index(3)?;
        let number = count(&row, 4)?;
        let weekly: i64 = row.try_get_by_index(5)?;
        let signed = i64::try_from(number).unwrap_or(i64::MAX);
        if s < e {
            jobs[s] += signed;
            jobs[e] -= signed;
            hours[s] += weekly;
            hours[e] -= weekly;
            if register {
                register_people[s] += signed;
                register_people[e] -= signed;
                register_hours[s] += weekly;
                register_hours[e] -= weekly;
            }
        }
        if f >= 1 {
            out.starts[f - 1] += number;
        }
    }
    let mut running = [0i64; 4];
    for k in 0..=n {
        for (sum, line) in running.iter_mut().zip([&jobs, &hours, &register_people, &register_hours]) {
            *sum += line[k];
        }
        // Bucket 0 (contracts counting before the period) opens the first month.
        if k >= 1 {
            out.jobs[k - 1] = unsigned(running[0]);
            out.hours[k - 1] = running[1];
            out.register_people[k - 1] = unsigned(running[2]);
            out.register_hours[k - 1] = running[3];
        }
    }

    // Contract ends within the period, by month and reason.
    let mut sql = Sql::new(backend);
    let month = calendar.day_bucket(&mut sql, "k.ended_on");
    let ended = sql.bind(ContractStatus::Ended.as_str());
    let first = sql.bind(*calendar.first.first().unwrap_or(&today));
    let last = sql.bind(*calendar.last.last().unwrap_or(&today));
    sql.push(&format!(
        "SELECT {month} AS b, k.end_reason, COUNT(*) FROM contracts k JOIN candidates c ON c.id = k.candidate_id \
         WHERE k.status = {ended} AND k.ended_on >= {first} AND k.ended_on <= {last}"
    ));
    sql.places("k.municipality_id", &scope.places);
    sql.neighbourhood("c.neighbourhood_id", scope.neighbourhood);
    sql.push(" GROUP BY 1, 2");
    for row in db.query_all_raw(sql.statement()).await? {
        let b = bucket(&row, 0)?;
        let reason: Option<String> = row.try_get_by_index(1)?;
        if b >= 1 {
            out.ends[b - 1][reason_at(reason.as_deref())] += count(&row, 2)?;
        }
    }
    Ok(out)
}

/// The nature of the work per month: each counted contract's weekly hours split over its package's task
/// categories in proportion to the tasks' hours (the package's total from the same rows, by a window).
async fn category_hours(
    db: &impl ConnectionTrait,
    scope: &Scope,
    calendar: &Calendar,
    today: NaiveDate,
) -> ApiResult<Categories> {
    let n = calendar.len();
    let mut sql = Sql::new(backend_of(db));
    let (start, stop) = (
        calendar.start_bucket(&mut sql, "k.start_date"),
        calendar.end_bucket(&mut sql, "COALESCE(k.ended_on, k.end_date)"),
    );
    sql.push(&format!(
        "SELECT s, e, name, SUM(CAST(contract_hours * task_hours AS DOUBLE PRECISION) / total) FROM (\
         SELECT {start} AS s, {stop} AS e, tc.name AS name, k.hours_per_week AS contract_hours, \
         t.hours_per_week AS task_hours, SUM(t.hours_per_week) OVER (PARTITION BY k.id) AS total \
         FROM contracts k JOIN candidates c ON c.id = k.candidate_id \
         JOIN task_package_tasks pt ON pt.package_id = k.package_id \
         JOIN tasks t ON t.id = pt.task_id \
         LEFT JOIN task_categories tc ON tc.id = t.category_id"
    ));
    contract_filter(&mut sql, calendar, scope, today);
    sql.push(") x WHERE total > 0 AND name IS NOT NULL GROUP BY 1, 2, 3");
    let mut out: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for row in db.query_all_raw(sql.statement()).await? {
        let (s, e) = (bucket(&row, 0)?, bucket(&row, 1)?);
        let name: String = row.try_get_by_index(2)?;
        let hours: f64 = row.try_get_by_index(3)?;
        let line = out.entry(name).or_insert_with(|| vec![0.0; n + 2]);
        if s < e {
            line[s] += hours;
            line[e] -= hours;
        }
    }
    // Running sums: bucket 0 opens the first month.
    Ok(out
        .into_iter()
        .map(|(name, line)| {
            let running = line.iter().scan(0.0, |sum, value| {
                *sum += value;
                Some(Decimal::from_f64(*sum).unwrap_or_default())
            });
            (name, running.skip(1).take(n).collect())
        })
        .collect())
}

fn backend_of(db: &impl ConnectionTrait) -> DbBackend {
    db.get_database_backend()
}

/// Employee surveys within the period, per month: how many, and the sums of their four scores.
async fn surveys(
    db: &impl ConnectionTrait,
    scope: &Scope,
    calendar: &Calendar,
    today: NaiveDate,
) -> ApiResult<Surveys> {
    let n = calendar.len();
    let mut out = vec![(0, [0; 4]); n];
    let mut sql = Sql::new(backend_of(db));
    let month = calendar.day_bucket(&mut sql, "v.surveyed_on");
    let first = sql.bind(*calendar.first.first().unwrap_or(&today));
    let last = sql.bind(*calendar.last.last().unwrap_or(&today));
    sql.push(&format!(
        "SELECT {month} AS b, COUNT(*), SUM(v.wellbeing), SUM(v.income), SUM(v.work), SUM(v.social_contacts) \
         FROM employee_surveys v JOIN candidates c ON c.id = v.candidate_id \
         WHERE v.surveyed_on >= {first} AND v.surveyed_on <= {last}"
    ));
    sql.places("c.municipality_id", &scope.places);
    sql.neighbourhood("c.neighbourhood_id", scope.neighbourhood);
    sql.push(" GROUP BY 1");
    for row in db.query_all_raw(sql.statement()).await? {
        let b = bucket(&row, 0)?;
        let mut scores = [0i64; 4];
        for (i, score) in scores.iter_mut().enumerate() {
            *score = row.try_get_by_index(2 + i)?;
        }
        if b >= 1 {
            out[b - 1] = (count(&row, 1)?, scores);
        }
    }
    Ok(out)
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
    let key = (version, caller.municipality_id, one, years, today);
    if let Some(kept) = cache.find(&key) {
        return Ok(Some(kept));
    }
    let money = overviews(db, caller, &key.3, one, today).await?;
    Ok(Some(cache.keep(key, money)))
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
