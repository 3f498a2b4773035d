//! The dashboard's figures, counted in the database: five grouped queries for the whole period, however
//! many people and contracts there are, each grouping its rows by the month they fall in (a `CASE` over
//! the period's month boundaries, bound as parameters so that SQLite and PostgreSQL compare alike). Stocks
//! on a month's last day come from running sums over those groups:
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
use crate::db::{budgets, municipalities, neighbourhoods};
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
const LIVE_STATUSES: [CandidateStatus; 6] = [
    CandidateStatus::Registered,
    CandidateStatus::Intake,
    CandidateStatus::Eligible,
    CandidateStatus::PreTrajectory,
    CandidateStatus::Matched,
    CandidateStatus::Employed,
];

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

/// The per-month sums the queries give, before they become the answer.
#[derive(Default)]
struct Sums {
    /// (status, source) -> change per bucket 0..=n.
    people: HashMap<(String, String), Vec<i64>>,
    registrations: Vec<u64>,
    exits: Vec<BTreeMap<String, u64>>,
    jobs: Vec<i64>,
    hours: Vec<i64>,
    register_people: Vec<i64>,
    register_hours: Vec<i64>,
    categories: BTreeMap<String, Vec<f64>>,
    starts: Vec<u64>,
    ends: Vec<BTreeMap<String, u64>>,
    surveys: Vec<(u64, [i64; 4])>,
}

/// The dashboard of the period asked, for `caller`'s scope.
pub async fn dashboard(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    ask: &Ask,
    today: NaiveDate,
    fte_hours: Decimal,
) -> ApiResult<Dashboard> {
    let scope = scope(db, caller, ask, today).await?;
    let calendar = Calendar::new(&scope.months);
    let n = calendar.len();
    let backend = db.get_database_backend();
    let mut sums = Sums {
        registrations: vec![0; n + 1],
        exits: vec![BTreeMap::new(); n + 1],
        jobs: vec![0; n + 2],
        hours: vec![0; n + 2],
        register_people: vec![0; n + 2],
        register_hours: vec![0; n + 2],
        starts: vec![0; n + 1],
        ends: vec![BTreeMap::new(); n + 1],
        surveys: vec![(0, [0; 4]); n + 1],
        ..Default::default()
    };

    // People: the status changes up to the period's end, by month, old and new status, reason and source.
    let mut sql = Sql::new(backend);
    let month = calendar.instant_bucket(&mut sql, "s.changed_at");
    let end = sql.bind(calendar.end_instant());
    sql.push(&format!(
        "SELECT {month} AS b, s.from_status, s.to_status, s.exit_reason, c.source, COUNT(*) \
         FROM candidate_status_changes s JOIN candidates c ON c.id = s.candidate_id \
         WHERE c.erased_at IS NULL AND s.changed_at < {end}"
    ));
    sql.places("c.municipality_id", &scope.places);
    sql.neighbourhood("c.neighbourhood_id", scope.neighbourhood);
    sql.push(" GROUP BY 1, 2, 3, 4, 5");
    for row in db.query_all_raw(sql.statement()).await? {
        let b = bucket(&row, 0)?;
        let from: Option<String> = row.try_get_by_index(1)?;
        let to: String = row.try_get_by_index(2)?;
        let reason: Option<String> = row.try_get_by_index(3)?;
        let source: String = row.try_get_by_index(4)?;
        let number = count(&row, 5)?;
        let signed = i64::try_from(number).unwrap_or(i64::MAX);
        sums.people.entry((to.clone(), source.clone())).or_insert_with(|| vec![0; n + 1])[b] += signed;
        match from {
            Some(from) => sums.people.entry((from, source)).or_insert_with(|| vec![0; n + 1])[b] -= signed,
            None => sums.registrations[b] += number,
        }
        if to == CandidateStatus::Exited.as_str() {
            *sums.exits[b].entry(reason.unwrap_or_else(|| EndReason::Other.as_str().to_owned())).or_default() += number;
        }
    }

    // Jobs: the activated contracts that count in some month of the period, by start and end bucket.
    let started = [ContractStatus::Active.as_str(), ContractStatus::Ended.as_str()];
    let contract_filter = |sql: &mut Sql| {
        let (active, ended) = (sql.bind(started[0]), sql.bind(started[1]));
        let last = sql.bind(*calendar.last.last().unwrap_or(&today));
        let first = sql.bind(*calendar.first.first().unwrap_or(&today));
        sql.push(&format!(
            " WHERE k.status IN ({active}, {ended}) AND k.start_date <= {last} \
             AND (COALESCE(k.ended_on, k.end_date) IS NULL OR COALESCE(k.ended_on, k.end_date) >= {first})"
        ));
        sql.places("k.municipality_id", &scope.places);
        sql.neighbourhood("c.neighbourhood_id", scope.neighbourhood);
    };
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
    contract_filter(&mut sql);
    sql.push(" GROUP BY 1, 2, 3, 4");
    for row in db.query_all_raw(sql.statement()).await? {
        let (s, e, f) = (bucket(&row, 0)?, bucket(&row, 1)?, bucket(&row, 2)?);
        let register: bool = row.try_get_by_index(3)?;
        let number = count(&row, 4)?;
        let hours: i64 = row.try_get_by_index(5)?;
        let signed = i64::try_from(number).unwrap_or(i64::MAX);
        // Running sums: add at the start bucket, take away at the end bucket.
        if s < e {
            sums.jobs[s] += signed;
            sums.jobs[e] -= signed;
            sums.hours[s] += hours;
            sums.hours[e] -= hours;
            if register {
                sums.register_people[s] += signed;
                sums.register_people[e] -= signed;
                sums.register_hours[s] += hours;
                sums.register_hours[e] -= hours;
            }
        }
        if f >= 1 {
            sums.starts[f] += number;
        }
    }

    // The nature of the work: each contract's hours split over its package's task categories.
    let mut sql = Sql::new(backend);
    let (start, stop) = (
        calendar.start_bucket(&mut sql, "k.start_date"),
        calendar.end_bucket(&mut sql, "COALESCE(k.ended_on, k.end_date)"),
    );
    sql.push(&format!(
        "SELECT {start} AS s, {stop} AS e, tc.name, \
         SUM(CAST(k.hours_per_week * t.hours_per_week AS DOUBLE PRECISION) / pk.total) \
         FROM contracts k JOIN candidates c ON c.id = k.candidate_id \
         JOIN task_package_tasks pt ON pt.package_id = k.package_id \
         JOIN tasks t ON t.id = pt.task_id \
         JOIN task_categories tc ON tc.id = t.category_id \
         JOIN (SELECT pt2.package_id AS package_id, SUM(t2.hours_per_week) AS total \
               FROM task_package_tasks pt2 JOIN tasks t2 ON t2.id = pt2.task_id \
               GROUP BY pt2.package_id HAVING SUM(t2.hours_per_week) > 0) pk ON pk.package_id = k.package_id"
    ));
    contract_filter(&mut sql);
    sql.push(" GROUP BY 1, 2, 3");
    for row in db.query_all_raw(sql.statement()).await? {
        let (s, e) = (bucket(&row, 0)?, bucket(&row, 1)?);
        let name: String = row.try_get_by_index(2)?;
        let hours: f64 = row.try_get_by_index(3)?;
        let line = sums.categories.entry(name).or_insert_with(|| vec![0.0; n + 2]);
        if s < e {
            line[s] += hours;
            line[e] -= hours;
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
        *sums.ends[b].entry(reason.unwrap_or_else(|| EndReason::Other.as_str().to_owned())).or_default() +=
            count(&row, 2)?;
    }

    // Employee surveys within the period, by month.
    let mut sql = Sql::new(backend);
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
        sums.surveys[b] = (count(&row, 1)?, scores);
    }

    let targets = job_targets(db, &scope).await?;
    let finances = finances(db, caller, &scope, today).await?;
    Ok(assemble(&scope, &sums, &targets, finances, fte_hours))
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

/// The money of each year of the period (finance and admin only): the budget page's overview.
async fn finances(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    scope: &Scope,
    today: NaiveDate,
) -> ApiResult<Option<Vec<(FinanceYear, Vec<shared::contracts::budget::BudgetMonth>)>>> {
    if !matches!(caller.role, Role::Admin | Role::Finance) {
        return Ok(None);
    }
    let one = match &scope.places {
        Some(list) if list.len() == 1 => list.first().map(|m| m.id),
        _ => None,
    };
    let norms = crate::contracts::service::norms(db).await?.norms;
    let norm = shared::contracts::estimate(&norms, Decimal::from(shared::contracts::FULL_TIME_HOURS), 12).total;
    let years: BTreeSet<i32> = scope.months.iter().map(|m| m.0).collect();
    let mut out = Vec::new();
    for year in years {
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
    Ok(Some(out))
}

/// The answer from the sums: running sums for the stocks, the month's own group for the flows.
fn assemble(
    scope: &Scope,
    sums: &Sums,
    targets: &HashMap<i32, u32>,
    finances: Option<Vec<(FinanceYear, Vec<shared::contracts::budget::BudgetMonth>)>>,
    fte_hours: Decimal,
) -> Dashboard {
    let mut people: HashMap<(String, String), i64> = HashMap::new();
    let (mut jobs, mut hours, mut register_people, mut register_hours) = (0i64, 0i64, 0i64, 0i64);
    let mut categories: BTreeMap<&str, f64> = sums.categories.keys().map(|k| (k.as_str(), 0.0)).collect();
    // Bucket 0 (before the period) opens every running sum.
    for (key, line) in &sums.people {
        *people.entry(key.clone()).or_default() += line[0];
    }
    let decimal = |v: i64| Decimal::from(v).round_dp(2);
    let mut months = Vec::with_capacity(scope.months.len());
    for (i, &(year, month)) in scope.months.iter().enumerate() {
        let k = i + 1;
        for (key, line) in &sums.people {
            *people.entry(key.clone()).or_default() += line[k];
        }
        // Contracts count from their start bucket (0 or later) up to but not including their end bucket.
        if k == 1 {
            jobs += sums.jobs[0];
            hours += sums.hours[0];
            register_people += sums.register_people[0];
            register_hours += sums.register_hours[0];
        }
        jobs += sums.jobs[k];
        hours += sums.hours[k];
        register_people += sums.register_people[k];
        register_hours += sums.register_hours[k];
        for (name, line) in &sums.categories {
            if let Some(total) = categories.get_mut(name.as_str()) {
                *total += if k == 1 { line[0] + line[1] } else { line[k] };
            }
        }
        let by_status: Vec<Tally> = LIVE_STATUSES
            .iter()
            .map(|status| Tally {
                key: status.as_str().to_owned(),
                value: people
                    .iter()
                    .filter(|((s, _), _)| s == status.as_str())
                    .map(|(_, v)| u64::try_from(*v).unwrap_or(0))
                    .sum(),
            })
            .collect();
        let live = |s: &str| LIVE_STATUSES.iter().any(|l| l.as_str() == s);
        let by_source: Vec<Tally> = Source::ALL
            .iter()
            .map(|source| Tally {
                key: source.as_str().to_owned(),
                value: people
                    .iter()
                    .filter(|((s, src), _)| live(s) && src == source.as_str())
                    .map(|(_, v)| u64::try_from(*v).unwrap_or(0))
                    .sum(),
            })
            .collect();
        let reasons = |map: &BTreeMap<String, u64>| -> Vec<Tally> {
            EndReason::ALL
                .iter()
                .map(|r| Tally { key: r.as_str().to_owned(), value: map.get(r.as_str()).copied().unwrap_or(0) })
                .collect()
        };
        let job_target = scope.neighbourhood.is_none().then(|| targets.get(&year).copied().unwrap_or(0));
        let jobs_now = u64::try_from(jobs).unwrap_or(0);
        let hours_now = decimal(hours);
        let register_now = decimal(register_hours);
        let (count, scores) = sums.surveys[k];
        let cost = finances.as_ref().map(|years| {
            years
                .iter()
                .find(|(f, _)| f.year == year)
                .and_then(|(_, list)| list.iter().find(|m| m.month == month))
                .map(|m| (m.realised, m.committed))
                .unwrap_or_default()
        });
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
            register_people: u64::try_from(register_people).unwrap_or(0),
            register_hours: register_now,
            standard_jobs: ratio(register_now, STANDARD_JOB_HOURS, 2),
            hours_by_category: categories
                .iter()
                .map(|(name, h)| CategoryHours {
                    category: (*name).to_owned(),
                    hours: {
                        let mut hours = Decimal::from_f64(*h).unwrap_or_default().round_dp(2).max(Decimal::ZERO);
                        hours.rescale(2);
                        hours
                    },
                })
                .collect(),
            registrations: sums.registrations[k],
            contract_starts: sums.starts[k],
            exits: sums.exits[k].values().sum(),
            exits_by_reason: reasons(&sums.exits[k]),
            dropout: sums.exits[k].get(EndReason::Stopped.as_str()).copied().unwrap_or(0),
            contract_ends: sums.ends[k].values().sum(),
            contract_ends_by_reason: reasons(&sums.ends[k]),
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
        finances: finances.map(|years| years.into_iter().map(|(f, _)| f).collect()),
    }
}
