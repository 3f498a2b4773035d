//! The Werkkamer feed's aggregates, maintained as the data changes (issue 13 item 5).
//!
//! Each person, with their contracts, *contributes* to the aggregates ([`contribution`]): per municipality
//! and month, the change of each stock at the month's end (jobs, register jobs, people by source and status,
//! with the weekly hours behind the jobs) and the size of each flow (registrations, contract starts, exits
//! and ends by reason); and per day, the change in the number of contracts of some weekly hours that cost
//! (realised: started ones; committed: live ones). [`refresh`] replaces a person's stored contribution with
//! the current one, inside the writing transaction, so the sums stay exact; every write that changes what
//! the feed counts calls it (a status change, a candidate's registration, edit, import or erasure, a
//! contract's creation or new version). [`rebuild`] recomputes everything from the rows (the server does
//! so on a first start with data, and `basisbaan rebuild-aggregates` on demand); a test checks that the
//! maintained aggregates equal a rebuild.
//!
//! The same contribution functions turn the in-memory facts of [`super::service::Facts`] into counts, so the
//! feed computed from the rows and from the aggregates is one definition.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use sea_orm::sea_query::{Alias, Expr, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, FromQueryResult,
    QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use shared::candidates::{CandidateStatus, Source};
use shared::contracts::lifecycle::{ContractStatus, EndReason};
use shared::monitoring::month_end;
use uuid::Uuid;

use super::service::{ENDS, EXITS, JOBS, Job, LIVE_STATUSES, PEOPLE, Person, REGISTER, REGISTRATIONS, STARTS, SURVEYS};
use crate::db::{
    candidate_status_changes, candidates, contracts, employee_surveys, monitoring_area_counts, monitoring_area_work,
    monitoring_cost_days, monitoring_cost_months, monitoring_counts, monitoring_state, monitoring_subjects,
    monitoring_work, task_package_tasks, tasks,
};
use crate::infra::error::ApiResult;

/// A month as one number: `year * 12 + month - 1`.
pub fn month_number(day: NaiveDate) -> i32 {
    day.year() * 12 + day.month0() as i32
}

/// The last day of month number `month`.
pub fn last_day_of(month: i32) -> NaiveDate {
    month_end(month.div_euclid(12), month.rem_euclid(12) as u32 + 1)
}

/// A day as one number (days from the common era).
pub fn day_number(day: NaiveDate) -> i32 {
    day.num_days_from_ce()
}

/// Realised cost: contracts that started (active or ended), from their start to their last day.
pub const REALISED: i16 = 0;
/// Committed cost: live contracts (signed or active), from their start to their last day.
pub const COMMITTED: i16 = 1;

/// One count change: (month, family, category, count, weekly hours).
pub type CountDelta = (i32, u8, usize, i64, i64);

/// A person's share of the stocks and flows (without the municipality, which the caller knows).
pub fn person_counts(person: &Person) -> Vec<CountDelta> {
    let mut out = Vec::new();
    let first = month_number(person.registered_on);
    out.push((first, REGISTRATIONS, 0, 1, 0));
    for (on, status, reason) in &person.statuses {
        if *status == CandidateStatus::Exited {
            let category = 1 + super::service::reason_index(reason.as_deref().unwrap_or("other"));
            out.push((month_number(*on), EXITS, 0, 1, 0));
            out.push((month_number(*on), EXITS, category, 1, 0));
        }
    }
    // The people stock: the person's (source, live status) at each month's end, as changes.
    let source = Source::ALL.iter().position(|x| *x == person.source).unwrap_or(3);
    let state = |day: NaiveDate| -> Option<usize> {
        if person.registered_on > day {
            return None;
        }
        let status =
            person.statuses.iter().rev().find(|(on, _, _)| *on <= day).map_or(CandidateStatus::Registered, |s| s.1);
        LIVE_STATUSES.iter().position(|l| *l == status)
    };
    let last = person.statuses.iter().map(|(on, _, _)| month_number(*on)).max().unwrap_or(first).max(first);
    let mut previous: Option<usize> = None;
    for month in first..=last {
        let now = state(last_day_of(month));
        if now != previous {
            let mut change: BTreeMap<usize, i64> = BTreeMap::new();
            for (status, sign) in [(previous, -1), (now, 1)] {
                if let Some(status) = status {
                    for category in [0, 1 + source, 1 + Source::ALL.len() + status] {
                        *change.entry(category).or_default() += sign;
                    }
                }
            }
            out.extend(
                change.into_iter().filter(|(_, n)| *n != 0).map(|(category, n)| (month, PEOPLE, category, n, 0)),
            );
            previous = now;
        }
    }
    out
}

/// A started contract's share of the stocks and flows.
pub fn job_counts(job: &Job) -> Vec<CountDelta> {
    let mut out = Vec::new();
    let first = month_number(job.start);
    // Counted at each month's end from its start's month up to the last month whose end it reaches.
    let last = job
        .last_day
        .map(|day| if day == last_day_of(month_number(day)) { month_number(day) } else { month_number(day) - 1 });
    let hours = i64::from(job.hours_per_week);
    if last.is_none_or(|last| last >= first) {
        let families: &[u8] = if job.register { &[JOBS, REGISTER] } else { &[JOBS] };
        for family in families {
            out.push((first, *family, 0, 1, hours));
            if let Some(last) = last {
                out.push((last + 1, *family, 0, -1, -hours));
            }
        }
    }
    out.push((first, STARTS, 0, 1, 0));
    if let Some((on, reason)) = job.ended {
        let category = 1 + super::service::reason_index(reason.as_str());
        out.push((month_number(on), ENDS, 0, 1, 0));
        out.push((month_number(on), ENDS, category, 1, 0));
    }
    out
}

/// A contract's share of the cost: (kind, day, change) of the number of contracts of its hours that cost.
pub fn contract_costs(status: ContractStatus, start: NaiveDate, last: Option<NaiveDate>) -> Vec<(i16, i32, i64)> {
    let started = matches!(status, ContractStatus::Active | ContractStatus::Ended);
    let live = matches!(status, ContractStatus::Signed | ContractStatus::Active);
    let mut out = Vec::new();
    for (kind, counts) in [(REALISED, started), (COMMITTED, live)] {
        if counts && last.is_none_or(|last| last >= start) {
            out.push((kind, day_number(start), 1));
            if let Some(last) = last {
                out.push((kind, day_number(last) + 1, -1));
            }
        }
    }
    out
}

/// What a person with their contracts adds to the aggregates.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "Stored", into = "Stored")]
pub struct Contribution {
    /// (municipality, month, family, category) -> (count, hours).
    pub counts: BTreeMap<(Uuid, i32, i16, i16), (i64, i64)>,
    /// (municipality, hours, kind, day) -> change.
    pub costs: BTreeMap<(Uuid, i16, i16, i32), i64>,
    /// (municipality, month, task category) -> change of the weekly hours of jobs at the month's end in
    /// that category, in thousandths of an hour (a job's hours split over its package's categories in
    /// proportion to the tasks' hours).
    pub work: BTreeMap<(Uuid, i32, Uuid), i64>,
    /// `counts` and `work` again per neighbourhood (the person's) instead of municipality, for the
    /// dashboard's neighbourhood filter.
    pub area_counts: BTreeMap<(Uuid, i32, i16, i16), (i64, i64)>,
    pub area_work: BTreeMap<(Uuid, i32, Uuid), i64>,
}

/// A contribution as stored (JSON has no tuple keys): the same entries as lists.
#[derive(Serialize, Deserialize)]
struct Stored {
    counts: Vec<(Uuid, i32, i16, i16, i64, i64)>,
    costs: Vec<(Uuid, i16, i16, i32, i64)>,
    #[serde(default)]
    work: Vec<(Uuid, i32, Uuid, i64)>,
    #[serde(default)]
    area_counts: Vec<(Uuid, i32, i16, i16, i64, i64)>,
    #[serde(default)]
    area_work: Vec<(Uuid, i32, Uuid, i64)>,
}

impl From<Stored> for Contribution {
    fn from(stored: Stored) -> Self {
        Contribution {
            counts: stored.counts.into_iter().map(|(p, m, f, c, n, h)| ((p, m, f, c), (n, h))).collect(),
            costs: stored.costs.into_iter().map(|(p, h, k, d, n)| ((p, h, k, d), n)).collect(),
            work: stored.work.into_iter().map(|(p, m, c, n)| ((p, m, c), n)).collect(),
            area_counts: stored.area_counts.into_iter().map(|(p, m, f, c, n, h)| ((p, m, f, c), (n, h))).collect(),
            area_work: stored.area_work.into_iter().map(|(p, m, c, n)| ((p, m, c), n)).collect(),
        }
    }
}

impl From<Contribution> for Stored {
    fn from(c: Contribution) -> Self {
        Stored {
            counts: c.counts.into_iter().map(|((p, m, f, c), (n, h))| (p, m, f, c, n, h)).collect(),
            costs: c.costs.into_iter().map(|((p, h, k, d), n)| (p, h, k, d, n)).collect(),
            work: c.work.into_iter().map(|((p, m, c), n)| (p, m, c, n)).collect(),
            area_counts: c.area_counts.into_iter().map(|((p, m, f, c), (n, h))| (p, m, f, c, n, h)).collect(),
            area_work: c.area_work.into_iter().map(|((p, m, c), n)| (p, m, c, n)).collect(),
        }
    }
}

impl Contribution {
    fn add_counts(&mut self, place: Uuid, deltas: Vec<CountDelta>) {
        for (month, family, category, count, hours) in deltas {
            let key = (place, month, i16::from(family), i16::try_from(category).unwrap_or(i16::MAX));
            let entry = self.counts.entry(key).or_default();
            entry.0 += count;
            entry.1 += hours;
        }
        self.counts.retain(|_, v| *v != (0, 0));
    }

    fn add_costs(&mut self, place: Uuid, hours: i16, deltas: Vec<(i16, i32, i64)>) {
        for (kind, day, change) in deltas {
            *self.costs.entry((place, hours, kind, day)).or_default() += change;
        }
        self.costs.retain(|_, v| *v != 0);
    }

    /// A job's weekly hours over its package's task categories (`shares`: category and task hours), at
    /// the month-ends its stock `deltas` (of [`job_counts`]) count it.
    fn add_work(&mut self, place: Uuid, hours: i64, shares: &[(Uuid, i64)], deltas: &[CountDelta]) {
        let total: i64 = shares.iter().map(|s| s.1).sum();
        if total <= 0 {
            return;
        }
        for &(month, family, _, count, _) in deltas {
            if family != JOBS {
                continue;
            }
            for &(category, task_hours) in shares {
                // Thousandths of an hour, rounded half away from zero.
                let milli = (2 * hours * task_hours * 1000 + total) / (2 * total);
                *self.work.entry((place, month, category)).or_default() += count * milli;
            }
        }
        self.work.retain(|_, v| *v != 0);
    }

    /// Adds `sign` times `other`, entry by entry.
    fn add(&mut self, other: &Contribution, sign: i64) {
        fn pairs<K: Ord + Copy>(into: &mut BTreeMap<K, (i64, i64)>, from: &BTreeMap<K, (i64, i64)>, sign: i64) {
            for (key, (count, hours)) in from {
                let entry = into.entry(*key).or_default();
                entry.0 += sign * count;
                entry.1 += sign * hours;
            }
        }
        fn single<K: Ord + Copy>(into: &mut BTreeMap<K, i64>, from: &BTreeMap<K, i64>, sign: i64) {
            for (key, change) in from {
                *into.entry(*key).or_default() += sign * change;
            }
        }
        pairs(&mut self.counts, &other.counts, sign);
        single(&mut self.costs, &other.costs, sign);
        single(&mut self.work, &other.work, sign);
        pairs(&mut self.area_counts, &other.area_counts, sign);
        single(&mut self.area_work, &other.area_work, sign);
    }

    fn prune(&mut self) {
        self.counts.retain(|_, v| *v != (0, 0));
        self.costs.retain(|_, v| *v != 0);
        self.work.retain(|_, v| *v != 0);
        self.area_counts.retain(|_, v| *v != (0, 0));
        self.area_work.retain(|_, v| *v != 0);
    }

    /// The person's counts and work again under their neighbourhood (none without one).
    fn add_area(&mut self, neighbourhood: Option<Uuid>) {
        let Some(area) = neighbourhood else { return };
        for (&(_, month, family, category), &(count, hours)) in &self.counts {
            let entry = self.area_counts.entry((area, month, family, category)).or_default();
            entry.0 += count;
            entry.1 += hours;
        }
        for (&(_, month, category), &change) in &self.work {
            *self.area_work.entry((area, month, category)).or_default() += change;
        }
        self.prune();
    }
}

/// The rows a person's contribution is computed from.
struct Rows<'a> {
    candidate: &'a candidates::Model,
    statuses: &'a [candidate_status_changes::Model],
    contracts: &'a [contracts::Model],
    surveys: &'a [employee_surveys::Model],
    /// Each package's tasks: (task category, weekly hours).
    packages: &'a HashMap<Uuid, Vec<(Uuid, i64)>>,
}

fn contribution_of(rows: &Rows<'_>) -> ApiResult<Contribution> {
    let mut out = Contribution::default();
    let candidate = rows.candidate;
    // An erased person, or a duplicate merged into another record (counted as that one), counts no more.
    let erased = candidate.erased_at.is_some() || candidate.merged_into_id.is_some();
    if !erased {
        let mut statuses = Vec::with_capacity(rows.statuses.len());
        for change in rows.statuses {
            let status: CandidateStatus = crate::db::stored(&change.to_status, "candidate status")?;
            statuses.push((change.changed_at.date_naive(), status, change.exit_reason.clone()));
        }
        let person = Person {
            place: 0,
            source: crate::db::stored(&candidate.source, "source")?,
            registered_on: candidate.created_at.date_naive(),
            statuses,
        };
        out.add_counts(candidate.municipality_id, person_counts(&person));
        let mut surveys = Vec::with_capacity(rows.surveys.len() * 5);
        for survey in rows.surveys {
            let month = month_number(survey.surveyed_on);
            surveys.push((month, SURVEYS, 0, 1, 0));
            for (category, score) in (1..).zip([survey.wellbeing, survey.income, survey.work, survey.social_contacts]) {
                surveys.push((month, SURVEYS, category, i64::from(score), 0));
            }
        }
        out.add_counts(candidate.municipality_id, surveys);
    }
    for c in rows.contracts {
        let status: ContractStatus = crate::db::stored(&c.status, "contract status")?;
        let last = c.ended_on.or(c.end_date);
        let hours = c.hours_per_week;
        out.add_costs(c.municipality_id, hours, contract_costs(status, c.start_date, last));
        if matches!(status, ContractStatus::Active | ContractStatus::Ended) {
            let ended = if status == ContractStatus::Ended {
                let reason: EndReason =
                    crate::db::stored_opt(c.end_reason.as_deref(), "end reason")?.unwrap_or(EndReason::Other);
                Some((c.ended_on.or(c.end_date).unwrap_or(c.start_date), reason))
            } else {
                None
            };
            let job = Job {
                place: 0,
                register: !erased && candidate.target_group_register,
                start: c.start_date,
                last_day: ended.map(|e| e.0).or(c.end_date),
                ended,
                hours_per_week: u32::try_from(c.hours_per_week).unwrap_or(0),
            };
            let deltas = job_counts(&job);
            let shares = rows.packages.get(&c.package_id).map_or(&[][..], Vec::as_slice);
            out.add_work(c.municipality_id, i64::from(c.hours_per_week), shares, &deltas);
            out.add_counts(c.municipality_id, deltas);
        }
    }
    out.add_area(candidate.neighbourhood_id);
    Ok(out)
}

/// The rows that contributions are computed from: people, their status changes in order, their contracts.
struct Loaded {
    people: Vec<candidates::Model>,
    statuses: HashMap<Uuid, Vec<candidate_status_changes::Model>>,
    contracts: HashMap<Uuid, Vec<contracts::Model>>,
    surveys: HashMap<Uuid, Vec<employee_surveys::Model>>,
    /// The tasks of the contracts' packages: (task category, weekly hours).
    packages: HashMap<Uuid, Vec<(Uuid, i64)>>,
}

impl Loaded {
    /// The rows of the people of `ids`, or of everyone.
    async fn of(db: &impl ConnectionTrait, ids: Option<&[Uuid]>) -> ApiResult<Loaded> {
        let mut people = candidates::Entity::find();
        let mut changes = candidate_status_changes::Entity::find()
            .order_by_asc(candidate_status_changes::Column::ChangedAt)
            .order_by_asc(candidate_status_changes::Column::Id);
        let mut held = contracts::Entity::find();
        let mut surveyed = employee_surveys::Entity::find();
        let mut members = task_package_tasks::Entity::find();
        if let Some(ids) = ids {
            people = people.filter(candidates::Column::Id.is_in(ids.to_vec()));
            changes = changes.filter(candidate_status_changes::Column::CandidateId.is_in(ids.to_vec()));
            held = held.filter(contracts::Column::CandidateId.is_in(ids.to_vec()));
            surveyed = surveyed.filter(employee_surveys::Column::CandidateId.is_in(ids.to_vec()));
        }
        let mut statuses: HashMap<Uuid, Vec<candidate_status_changes::Model>> = HashMap::new();
        for change in changes.all(db).await? {
            statuses.entry(change.candidate_id).or_default().push(change);
        }
        let mut contracts: HashMap<Uuid, Vec<contracts::Model>> = HashMap::new();
        let mut package_ids = std::collections::BTreeSet::new();
        for contract in held.all(db).await? {
            package_ids.insert(contract.package_id);
            contracts.entry(contract.candidate_id).or_default().push(contract);
        }
        let mut surveys: HashMap<Uuid, Vec<employee_surveys::Model>> = HashMap::new();
        for survey in surveyed.all(db).await? {
            surveys.entry(survey.candidate_id).or_default().push(survey);
        }
        // The packages' tasks: every one for a rebuild, else those of these people's contracts.
        if ids.is_some() {
            members = members.filter(task_package_tasks::Column::PackageId.is_in(package_ids));
        }
        let members = members.all(db).await?;
        let mut work = tasks::Entity::find().select_only().columns([
            tasks::Column::Id,
            tasks::Column::CategoryId,
            tasks::Column::HoursPerWeek,
        ]);
        if ids.is_some() {
            work = work.filter(tasks::Column::Id.is_in(members.iter().map(|m| m.task_id).collect::<Vec<_>>()));
        }
        let work: HashMap<Uuid, (Uuid, i64)> = work
            .into_tuple::<(Uuid, Uuid, i32)>()
            .all(db)
            .await?
            .into_iter()
            .map(|(id, category, hours)| (id, (category, i64::from(hours))))
            .collect();
        let mut packages: HashMap<Uuid, Vec<(Uuid, i64)>> = HashMap::new();
        for member in members {
            if let Some(&task) = work.get(&member.task_id) {
                packages.entry(member.package_id).or_default().push(task);
            }
        }
        Ok(Loaded { people: people.all(db).await?, statuses, contracts, surveys, packages })
    }

    /// What `candidate` (one of [`Loaded::people`]) contributes.
    fn contribution(&self, candidate: &candidates::Model) -> ApiResult<Contribution> {
        contribution_of(&Rows {
            candidate,
            statuses: self.statuses.get(&candidate.id).map_or(&[], Vec::as_slice),
            contracts: self.contracts.get(&candidate.id).map_or(&[], Vec::as_slice),
            surveys: self.surveys.get(&candidate.id).map_or(&[], Vec::as_slice),
            packages: &self.packages,
        })
    }
}

/// Recomputes the contribution of `candidate_id` (with their contracts) and applies the difference with the
/// stored one. Call it in the transaction that changed what the feed counts, after the change.
pub async fn refresh(db: &impl ConnectionTrait, candidate_id: Uuid) -> ApiResult<()> {
    refresh_many(db, &[candidate_id]).await
}

/// [`refresh`] for many people at once (an import), a few queries per 500.
pub async fn refresh_many(db: &impl ConnectionTrait, ids: &[Uuid]) -> ApiResult<()> {
    if ids.is_empty() {
        return Ok(());
    }
    // The version first: on PostgreSQL its row stays locked until the transaction ends, so writers of the
    // aggregates take their turns (and cannot lock the aggregates' rows in each other's way).
    touch(db).await?;
    for chunk in ids.chunks(CHUNK) {
        // The stored contributions first, locked (PostgreSQL): a concurrent refresh of the same person waits
        // for this transaction and then reads what it wrote, so no change is applied twice.
        let mut stored: HashMap<Uuid, Contribution> = HashMap::new();
        let mut query = monitoring_subjects::Entity::find()
            .filter(monitoring_subjects::Column::CandidateId.is_in(chunk.to_vec()))
            .order_by_asc(monitoring_subjects::Column::CandidateId);
        if db.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
            // SQLite has one writer at a time and no row locks.
            query = query.lock_exclusive();
        }
        for row in query.all(db).await? {
            stored.insert(row.candidate_id, serde_json::from_str(&row.contribution).map_err(anyhow::Error::from)?);
        }
        let loaded = Loaded::of(db, Some(chunk)).await?;
        let mut delta = Contribution::default();
        let mut changed = Vec::new();
        for candidate in &loaded.people {
            let new = loaded.contribution(candidate)?;
            let old = stored.remove(&candidate.id).unwrap_or_default();
            if new != old {
                delta.add(&new, 1);
                delta.add(&old, -1);
                changed.push(monitoring_subjects::ActiveModel {
                    candidate_id: Set(candidate.id),
                    contribution: Set(serde_json::to_string(&new).map_err(anyhow::Error::from)?),
                });
            }
        }
        // People whose row is gone take back what they added.
        for (id, old) in stored {
            delta.add(&old, -1);
            monitoring_subjects::Entity::delete_by_id(id).exec(db).await?;
        }
        delta.prune();
        apply(db, &delta).await?;
        if !changed.is_empty() {
            monitoring_subjects::Entity::insert_many(changed)
                .on_conflict(
                    OnConflict::column(monitoring_subjects::Column::CandidateId)
                        .update_column(monitoring_subjects::Column::Contribution)
                        .to_owned(),
                )
                .exec_without_returning(db)
                .await?;
        }
    }
    // Once more after the writes: outside a transaction, a reader that saw this version reads them.
    touch(db).await
}

/// [`refresh_many`] for the people with a contract on one of `packages` (whose tasks changed).
pub async fn refresh_packages(db: &impl ConnectionTrait, packages: &[Uuid]) -> ApiResult<()> {
    if packages.is_empty() {
        return Ok(());
    }
    let people: std::collections::BTreeSet<Uuid> = contracts::Entity::find()
        .select_only()
        .column(contracts::Column::CandidateId)
        .filter(contracts::Column::PackageId.is_in(packages.to_vec()))
        .into_tuple::<Uuid>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    refresh_many(db, &people.into_iter().collect::<Vec<_>>()).await
}

/// `table.column + excluded.column`, for an upsert that adds.
fn plus<E: EntityTrait, C: sea_orm::sea_query::IntoIden + Copy + 'static>(table: E, column: C) -> Expr {
    use sea_orm::sea_query::ExprTrait;
    Expr::col((table, column)).add(Expr::col((Alias::new("excluded"), column)))
}

const CHUNK: usize = 500;

/// Inserts `rows` into `E`, adding the `added` columns to those of a row with the same `key`, in chunks.
async fn add_rows<E>(
    db: &impl ConnectionTrait,
    rows: Vec<E::ActiveModel>,
    key: &[E::Column],
    added: &[E::Column],
) -> ApiResult<()>
where
    E: EntityTrait + Default,
    E::ActiveModel: sea_orm::ActiveModelTrait<Entity = E> + Clone + Send,
{
    for chunk in rows.chunks(CHUNK) {
        let mut conflict = OnConflict::columns(key.iter().copied());
        for column in added {
            conflict.value(*column, plus(E::default(), *column));
        }
        E::insert_many(chunk.to_vec()).on_conflict(conflict.to_owned()).exec_without_returning(db).await?;
    }
    Ok(())
}

/// Adds `delta` to the aggregate tables (rows in key order, so two writers lock them in the same order).
async fn apply(db: &impl ConnectionTrait, delta: &Contribution) -> ApiResult<()> {
    use monitoring_area_counts as ac;
    use monitoring_area_work as aw;
    use monitoring_cost_days as d;
    use monitoring_cost_months as m;
    use monitoring_counts as c;
    use monitoring_work as w;
    let counts = delta.counts.iter().map(|(&(place, month, family, category), &(count, hours))| c::ActiveModel {
        month: Set(month),
        municipality_id: Set(place),
        family: Set(family),
        category: Set(category),
        count: Set(count),
        hours: Set(hours),
    });
    let key = [c::Column::Month, c::Column::MunicipalityId, c::Column::Family, c::Column::Category];
    add_rows::<c::Entity>(db, counts.collect(), &key, &[c::Column::Count, c::Column::Hours]).await?;
    let days = delta.costs.iter().map(|(&(place, hours, kind, day), &change)| d::ActiveModel {
        day: Set(day),
        municipality_id: Set(place),
        hours: Set(hours),
        kind: Set(kind),
        count: Set(change),
    });
    let key = [d::Column::Day, d::Column::MunicipalityId, d::Column::Hours, d::Column::Kind];
    add_rows::<d::Entity>(db, days.collect(), &key, &[d::Column::Count]).await?;
    let mut folded: BTreeMap<(i32, Uuid, i16, i16), (i64, i64)> = BTreeMap::new();
    for ((place, hours, kind, day), change) in &delta.costs {
        let month = NaiveDate::from_num_days_from_ce_opt(*day).map_or(0, month_number);
        let entry = folded.entry((month, *place, *hours, *kind)).or_default();
        entry.0 += change;
        entry.1 += change * i64::from(*day);
    }
    let months = folded.into_iter().map(|((month, place, hours, kind), (count, day_sum))| m::ActiveModel {
        month: Set(month),
        municipality_id: Set(place),
        hours: Set(hours),
        kind: Set(kind),
        count: Set(count),
        day_sum: Set(day_sum),
    });
    let key = [m::Column::Month, m::Column::MunicipalityId, m::Column::Hours, m::Column::Kind];
    add_rows::<m::Entity>(db, months.collect(), &key, &[m::Column::Count, m::Column::DaySum]).await?;
    let work = delta.work.iter().map(|(&(place, month, category), &change)| w::ActiveModel {
        month: Set(month),
        municipality_id: Set(place),
        category_id: Set(category),
        hours: Set(change),
    });
    let key = [w::Column::Month, w::Column::MunicipalityId, w::Column::CategoryId];
    add_rows::<w::Entity>(db, work.collect(), &key, &[w::Column::Hours]).await?;
    let area_counts =
        delta.area_counts.iter().map(|(&(area, month, family, category), &(count, hours))| ac::ActiveModel {
            neighbourhood_id: Set(area),
            month: Set(month),
            family: Set(family),
            category: Set(category),
            count: Set(count),
            hours: Set(hours),
        });
    let key = [ac::Column::NeighbourhoodId, ac::Column::Month, ac::Column::Family, ac::Column::Category];
    add_rows::<ac::Entity>(db, area_counts.collect(), &key, &[ac::Column::Count, ac::Column::Hours]).await?;
    let area_work = delta.area_work.iter().map(|(&(area, month, category), &change)| aw::ActiveModel {
        neighbourhood_id: Set(area),
        month: Set(month),
        category_id: Set(category),
        hours: Set(change),
    });
    let key = [aw::Column::NeighbourhoodId, aw::Column::Month, aw::Column::CategoryId];
    add_rows::<aw::Entity>(db, area_work.collect(), &key, &[aw::Column::Hours]).await?;
    Ok(())
}

/// Steps the version of the feed's inputs (`monitoring_state`): call it in every transaction that changes
/// what the Werkkamer feed is computed from (the aggregates, a budget, the cost norms, a provision, a
/// municipality), so that a feed kept at an older version is computed afresh.
pub async fn touch(db: &impl ConnectionTrait) -> ApiResult<()> {
    use sea_orm::sea_query::ExprTrait;
    monitoring_state::Entity::update_many()
        .col_expr(monitoring_state::Column::Version, Expr::col(monitoring_state::Column::Version).add(1))
        .filter(monitoring_state::Column::Id.eq(1))
        .exec(db)
        .await?;
    Ok(())
}

/// The version of the feed's inputs as committed now (0 before the first write).
pub async fn version(db: &impl ConnectionTrait) -> ApiResult<i64> {
    Ok(monitoring_state::Entity::find_by_id(1i16).one(db).await?.map_or(0, |row| row.version))
}

/// What a rebuild did.
#[derive(Debug, Clone, Copy)]
pub struct Rebuilt {
    pub people: usize,
    pub contracts: usize,
}

/// Recomputes every aggregate from the rows, in one transaction.
pub async fn rebuild(db: &DatabaseConnection) -> ApiResult<Rebuilt> {
    let txn = db.begin().await?;
    touch(&txn).await?;
    monitoring_counts::Entity::delete_many().exec(&txn).await?;
    monitoring_cost_days::Entity::delete_many().exec(&txn).await?;
    monitoring_cost_months::Entity::delete_many().exec(&txn).await?;
    monitoring_subjects::Entity::delete_many().exec(&txn).await?;
    monitoring_work::Entity::delete_many().exec(&txn).await?;
    monitoring_area_counts::Entity::delete_many().exec(&txn).await?;
    monitoring_area_work::Entity::delete_many().exec(&txn).await?;
    let loaded = Loaded::of(&txn, None).await?;
    let mut total = Contribution::default();
    let mut subjects = Vec::with_capacity(loaded.people.len());
    for candidate in &loaded.people {
        let contribution = loaded.contribution(candidate)?;
        subjects.push(monitoring_subjects::ActiveModel {
            candidate_id: Set(candidate.id),
            contribution: Set(serde_json::to_string(&contribution).map_err(anyhow::Error::from)?),
        });
        total.add(&contribution, 1);
    }
    total.prune();
    for chunk in subjects.chunks(CHUNK) {
        monitoring_subjects::Entity::insert_many(chunk.to_vec()).exec_without_returning(&txn).await?;
    }
    apply(&txn, &total).await?;
    txn.commit().await?;
    Ok(Rebuilt { people: loaded.people.len(), contracts: loaded.contracts.values().map(Vec::len).sum() })
}

/// Whether the aggregates must be built: people exist but no contribution was recorded.
pub async fn missing(db: &impl ConnectionTrait) -> ApiResult<bool> {
    let subject = monitoring_subjects::Entity::find().limit(1).one(db).await?;
    if subject.is_some() {
        return Ok(false);
    }
    Ok(candidates::Entity::find().limit(1).one(db).await?.is_some())
}

/// Every aggregate row, sorted (for the test that the maintained aggregates equal a rebuild).
pub async fn snapshot(db: &impl ConnectionTrait) -> ApiResult<Snapshot> {
    let counts = monitoring_counts::Entity::find()
        .filter(
            Condition::any().add(monitoring_counts::Column::Count.ne(0)).add(monitoring_counts::Column::Hours.ne(0)),
        )
        .order_by_asc(monitoring_counts::Column::Month)
        .order_by_asc(monitoring_counts::Column::MunicipalityId)
        .order_by_asc(monitoring_counts::Column::Family)
        .order_by_asc(monitoring_counts::Column::Category)
        .all(db)
        .await?;
    let days = monitoring_cost_days::Entity::find()
        .filter(monitoring_cost_days::Column::Count.ne(0))
        .order_by_asc(monitoring_cost_days::Column::Day)
        .order_by_asc(monitoring_cost_days::Column::MunicipalityId)
        .order_by_asc(monitoring_cost_days::Column::Hours)
        .order_by_asc(monitoring_cost_days::Column::Kind)
        .all(db)
        .await?;
    let months = monitoring_cost_months::Entity::find()
        .filter(
            Condition::any()
                .add(monitoring_cost_months::Column::Count.ne(0))
                .add(monitoring_cost_months::Column::DaySum.ne(0)),
        )
        .order_by_asc(monitoring_cost_months::Column::Month)
        .order_by_asc(monitoring_cost_months::Column::MunicipalityId)
        .order_by_asc(monitoring_cost_months::Column::Hours)
        .order_by_asc(monitoring_cost_months::Column::Kind)
        .all(db)
        .await?;
    let work = monitoring_work::Entity::find()
        .filter(monitoring_work::Column::Hours.ne(0))
        .order_by_asc(monitoring_work::Column::Month)
        .order_by_asc(monitoring_work::Column::MunicipalityId)
        .order_by_asc(monitoring_work::Column::CategoryId)
        .all(db)
        .await?;
    use monitoring_area_counts as ac;
    let area_counts = ac::Entity::find()
        .filter(Condition::any().add(ac::Column::Count.ne(0)).add(ac::Column::Hours.ne(0)))
        .order_by_asc(ac::Column::NeighbourhoodId)
        .order_by_asc(ac::Column::Month)
        .order_by_asc(ac::Column::Family)
        .order_by_asc(ac::Column::Category)
        .all(db)
        .await?;
    use monitoring_area_work as aw;
    let area_work = aw::Entity::find()
        .filter(aw::Column::Hours.ne(0))
        .order_by_asc(aw::Column::NeighbourhoodId)
        .order_by_asc(aw::Column::Month)
        .order_by_asc(aw::Column::CategoryId)
        .all(db)
        .await?;
    Ok((counts, days, months, work, area_counts, area_work))
}

/// Every aggregate row of each table, sorted.
pub type Snapshot = (
    Vec<monitoring_counts::Model>,
    Vec<monitoring_cost_days::Model>,
    Vec<monitoring_cost_months::Model>,
    Vec<monitoring_work::Model>,
    Vec<monitoring_area_counts::Model>,
    Vec<monitoring_area_work::Model>,
);

/// Whose aggregates are read: municipalities (some, or all) or one neighbourhood.
#[derive(Debug, Clone, Copy)]
pub enum Area<'a> {
    Places(Option<&'a [Uuid]>),
    Neighbourhood(Uuid),
}

/// An aggregate table's rows before month `$first`, summed per `$place` and `$key` (stocks only: those
/// matching `$stocks`), and its rows of the months from `$first` to before `$end`, for `$filter` (a
/// condition on the table): `(before, within)` as tuples of the place, the keys and the `$sum` columns
/// (the months' rows with their month first).
macro_rules! before_and_within {
    ($db:expr, $table:ident, $place:ident, [$($key:ident),*], [$($sum:ident),*], $filter:expr, $first:expr, $end:expr, $stocks:expr) => {{
        use $table::Column as T;
        let before = $table::Entity::find()
            .select_only()
            .column(T::$place)
            $(.column(T::$key))*
            $(.column_as(Expr::col(T::$sum).sum().cast_as(Alias::new("bigint")), stringify!($sum)))*
            .filter($filter)
            .filter(T::Month.lt($first))
            .filter($stocks)
            .group_by(T::$place)
            $(.group_by(T::$key))*
            .into_tuple()
            .all($db)
            .await?;
        // The rows of the months as they are: their key is the table's primary key.
        let within = $table::Entity::find()
            .select_only()
            .column(T::Month)
            .column(T::$place)
            $(.column(T::$key))*
            $(.column(T::$sum))*
            .filter($filter)
            .filter(T::Month.gte($first))
            .filter(T::Month.lt($end))
            .into_tuple()
            .all($db)
            .await?;
        (before, within)
    }};
}

/// The counts of `months` months from month number `first` per municipality or neighbourhood (by id; of
/// `area`), folded into the months' ends and the months: (place, family, category, month 0 to
/// `months - 1`) -> (count, hours). Stocks are the sum of every change up to the month; flows the month's
/// own. Two statements, whatever the number of people.
pub async fn counts(
    db: &impl ConnectionTrait,
    area: Area<'_>,
    first: i32,
    months: usize,
) -> ApiResult<HashMap<(Uuid, u8, usize, usize), (i64, i64)>> {
    use sea_orm::sea_query::ExprTrait;
    type Before = Vec<(Uuid, i16, i16, i64, i64)>;
    type Within = Vec<(i32, Uuid, i16, i16, i64, i64)>;
    let end = first + i32::try_from(months).unwrap_or(0);
    let stock = i16::from(PEOPLE);
    let (before, within): (Before, Within) = match area {
        Area::Places(places) => {
            let only = match places {
                Some(places) => Condition::all().add(monitoring_counts::Column::MunicipalityId.is_in(places.to_vec())),
                None => Condition::all(),
            };
            let stocks = monitoring_counts::Column::Family.lte(stock);
            before_and_within!(
                db,
                monitoring_counts,
                MunicipalityId,
                [Family, Category],
                [Count, Hours],
                only.clone(),
                first,
                end,
                stocks
            )
        }
        Area::Neighbourhood(id) => {
            let only = monitoring_area_counts::Column::NeighbourhoodId.eq(id);
            let stocks = monitoring_area_counts::Column::Family.lte(stock);
            before_and_within!(
                db,
                monitoring_area_counts,
                NeighbourhoodId,
                [Family, Category],
                [Count, Hours],
                only.clone(),
                first,
                end,
                stocks
            )
        }
    };
    let mut out: HashMap<(Uuid, u8, usize, usize), (i64, i64)> = HashMap::new();
    let before = before
        .into_iter()
        .map(|(place, family, category, count, hours)| (first - 1, place, family, category, count, hours));
    for (month, place, family, category, count, hours) in before.chain(within) {
        let (Ok(family), Ok(category)) = (u8::try_from(family), usize::try_from(category)) else { continue };
        for time in super::service::months_counted(family, month - first, months) {
            let entry = out.entry((place, family, category, time)).or_default();
            entry.0 += count;
            entry.1 += hours;
        }
    }
    Ok(out)
}

/// The weekly hours of jobs per task category at the end of each of `months` months from month number
/// `first` (0 to `months - 1`), of `area` together, in thousandths of an hour: (category, month) -> hours.
/// Two statements.
pub async fn work(
    db: &impl ConnectionTrait,
    area: Area<'_>,
    first: i32,
    months: usize,
) -> ApiResult<HashMap<(Uuid, usize), i64>> {
    use sea_orm::sea_query::ExprTrait;
    type Before = Vec<(Uuid, Uuid, i64)>;
    type Within = Vec<(i32, Uuid, Uuid, i64)>;
    let end = first + i32::try_from(months).unwrap_or(0);
    let all = || -> sea_orm::Condition { Condition::all() };
    let (before, within): (Before, Within) = match area {
        Area::Places(places) => {
            let only = match places {
                Some(places) => Condition::all().add(monitoring_work::Column::MunicipalityId.is_in(places.to_vec())),
                None => all(),
            };
            before_and_within!(
                db,
                monitoring_work,
                MunicipalityId,
                [CategoryId],
                [Hours],
                only.clone(),
                first,
                end,
                all()
            )
        }
        Area::Neighbourhood(id) => {
            let only = monitoring_area_work::Column::NeighbourhoodId.eq(id);
            before_and_within!(
                db,
                monitoring_area_work,
                NeighbourhoodId,
                [CategoryId],
                [Hours],
                only.clone(),
                first,
                end,
                all()
            )
        }
    };
    let mut out: HashMap<(Uuid, usize), i64> = HashMap::new();
    let before = before.into_iter().map(|(place, category, hours)| (first - 1, place, category, hours));
    // Stocks at each month's end, as the jobs whose hours they split.
    for (month, _, category, hours) in before.chain(within) {
        for k in super::service::months_counted(JOBS, month - first, months) {
            *out.entry((category, k)).or_default() += hours;
        }
    }
    Ok(out)
}

/// For each (municipality, hours, kind): the contract-days from `from` to `to` (inclusive), from the cost
/// aggregates: with F(x) = sum over changes on days d <= x of change * (x - d + 1), the days are
/// F(to) - F(from - 1); F needs the sums of the changes and of change * day up to x, read from the months
/// before x's month and from the days of x's month.
pub async fn contract_days(
    db: &impl ConnectionTrait,
    from: NaiveDate,
    to: NaiveDate,
) -> ApiResult<HashMap<(Uuid, i16, i16), i64>> {
    let mut out: HashMap<(Uuid, i16, i16), i64> = HashMap::new();
    if to < from {
        return Ok(out);
    }
    for (x, sign) in [(day_number(to), 1i64), (day_number(from) - 1, -1)] {
        for (key, (count, day_sum)) in prefix(db, x).await? {
            *out.entry(key).or_default() += sign * ((i64::from(x) + 1) * count - day_sum);
        }
    }
    Ok(out)
}

/// The sums of the changes and of change * day over the days up to `x`.
async fn prefix(db: &impl ConnectionTrait, x: i32) -> ApiResult<HashMap<(Uuid, i16, i16), (i64, i64)>> {
    #[derive(FromQueryResult)]
    struct Sum {
        municipality_id: Uuid,
        hours: i16,
        kind: i16,
        count: i64,
        day_sum: i64,
    }
    let Some(day) = NaiveDate::from_num_days_from_ce_opt(x) else { return Ok(HashMap::new()) };
    let month = month_number(day);
    let month_start = day_number(day.with_day(1).unwrap_or(day));
    use monitoring_cost_days::Column as D;
    use monitoring_cost_months::Column as M;
    use sea_orm::sea_query::ExprTrait;
    let months = monitoring_cost_months::Entity::find()
        .select_only()
        .column(M::MunicipalityId)
        .column(M::Hours)
        .column(M::Kind)
        .column_as(Expr::col(M::Count).sum().cast_as(Alias::new("bigint")), "count")
        .column_as(Expr::col(M::DaySum).sum().cast_as(Alias::new("bigint")), "day_sum")
        .filter(M::Month.lt(month))
        .group_by(M::MunicipalityId)
        .group_by(M::Hours)
        .group_by(M::Kind)
        .into_model::<Sum>()
        .all(db)
        .await?;
    let days =
        monitoring_cost_days::Entity::find().filter(D::Day.gte(month_start)).filter(D::Day.lte(x)).all(db).await?;
    let mut out: HashMap<(Uuid, i16, i16), (i64, i64)> = HashMap::new();
    for s in months {
        let entry = out.entry((s.municipality_id, s.hours, s.kind)).or_default();
        entry.0 += s.count;
        entry.1 += s.day_sum;
    }
    for d in days {
        let entry = out.entry((d.municipality_id, d.hours, d.kind)).or_default();
        entry.0 += d.count;
        entry.1 += d.count * i64::from(d.day);
    }
    Ok(out)
}

/// The realised and committed cost of the contracts of `year` as of `today`, per municipality: each
/// hours' yearly cost (`shared::contracts::estimate`, `total`) times its contract-days over the days of the
/// year, exact, as `budget_service::overview` computes it contract by contract.
pub async fn contract_costs_of_year(
    db: &impl ConnectionTrait,
    year: i32,
    today: NaiveDate,
) -> ApiResult<HashMap<Uuid, (Decimal, Decimal)>> {
    let (Some(first), Some(last)) = (NaiveDate::from_ymd_opt(year, 1, 1), NaiveDate::from_ymd_opt(year, 12, 31)) else {
        return Ok(HashMap::new());
    };
    let norms = crate::contracts::service::norms(db).await?.norms;
    let length = Decimal::from(shared::contracts::budget::year_length(year));
    let mut annual: HashMap<i16, Decimal> = HashMap::new();
    let mut out: HashMap<Uuid, (Decimal, Decimal)> = HashMap::new();
    let tomorrow = today.succ_opt().unwrap_or(today);
    for (kind, from, to) in [(REALISED, first, today.min(last)), (COMMITTED, tomorrow.max(first), last)] {
        for ((place, hours, k), days) in contract_days(db, from, to).await? {
            if k != kind || days == 0 {
                continue;
            }
            let yearly = *annual
                .entry(hours)
                .or_insert_with(|| shared::contracts::estimate(&norms, Decimal::from(hours), 12).total);
            let cost = yearly * Decimal::from(days) / length;
            let entry = out.entry(place).or_default();
            if kind == REALISED {
                entry.0 += cost;
            } else {
                entry.1 += cost;
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn job(start: &str, last: Option<&str>) -> Job {
        Job { place: 0, register: false, start: day(start), last_day: last.map(day), ended: None, hours_per_week: 32 }
    }

    fn stock(deltas: &[CountDelta], family: u8) -> Vec<(i32, i64)> {
        deltas.iter().filter(|d| d.1 == family && d.2 == 0).map(|d| (d.0, d.3)).collect()
    }

    #[test]
    fn a_job_counts_at_each_month_end_it_reaches() {
        let (jan, mar, apr) =
            (month_number(day("2026-01-15")), month_number(day("2026-03-01")), month_number(day("2026-04-01")));
        assert_eq!(stock(&job_counts(&job("2026-01-15", Some("2026-03-31"))), JOBS), [(jan, 1), (apr, -1)]);
        assert_eq!(stock(&job_counts(&job("2026-01-15", Some("2026-03-30"))), JOBS), [(jan, 1), (mar, -1)]);
        assert_eq!(stock(&job_counts(&job("2026-01-15", Some("2026-01-30"))), JOBS), [], "never at a month's end");
        assert_eq!(stock(&job_counts(&job("2026-01-15", None)), JOBS), [(jan, 1)]);
        assert_eq!(last_day_of(month_number(day("2028-02-10"))), day("2028-02-29"));
    }

    #[test]
    fn a_person_counts_by_their_status_at_each_month_end() {
        let person = Person {
            place: 0,
            source: Source::ALL[0],
            registered_on: day("2026-01-10"),
            statuses: vec![
                (day("2026-01-10"), CandidateStatus::Registered, None),
                (day("2026-02-03"), CandidateStatus::Eligible, None),
                (day("2026-03-05"), CandidateStatus::Exited, Some("moved".into())),
            ],
        };
        let deltas = person_counts(&person);
        let (jan, feb, mar) =
            (month_number(day("2026-01-01")), month_number(day("2026-02-01")), month_number(day("2026-03-01")));
        assert_eq!(stock(&deltas, PEOPLE), [(jan, 1), (mar, -1)], "in the stock from January to February");
        let statuses = 1 + Source::ALL.len();
        let registered = statuses + LIVE_STATUSES.iter().position(|s| *s == CandidateStatus::Registered).unwrap();
        let eligible = statuses + LIVE_STATUSES.iter().position(|s| *s == CandidateStatus::Eligible).unwrap();
        let of = |category: usize| -> Vec<(i32, i64)> {
            deltas.iter().filter(|d| d.1 == PEOPLE && d.2 == category).map(|d| (d.0, d.3)).collect()
        };
        assert_eq!(of(registered), [(jan, 1), (feb, -1)]);
        assert_eq!(of(eligible), [(feb, 1), (mar, -1)]);
        assert_eq!(stock(&deltas, EXITS), [(mar, 1)]);
        assert_eq!(stock(&deltas, REGISTRATIONS), [(jan, 1)]);
    }

    #[test]
    fn contract_costs_start_and_stop_by_status() {
        let (start, last) = (day("2026-01-01"), Some(day("2026-06-30")));
        let after = day_number(day("2026-07-01"));
        assert_eq!(contract_costs(ContractStatus::Draft, start, last), []);
        assert_eq!(
            contract_costs(ContractStatus::Signed, start, last),
            [(COMMITTED, day_number(start), 1), (COMMITTED, after, -1)]
        );
        assert_eq!(
            contract_costs(ContractStatus::Ended, start, last),
            [(REALISED, day_number(start), 1), (REALISED, after, -1)]
        );
        assert_eq!(
            contract_costs(ContractStatus::Active, start, None),
            [(REALISED, day_number(start), 1), (COMMITTED, day_number(start), 1)]
        );
    }
}
