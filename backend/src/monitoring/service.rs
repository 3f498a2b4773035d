//! The Werkkamer feed: the facts of a year loaded in a few queries ([`load`]), every count of the year
//! computed at once ([`YearFeed::compute`]: each month, quarter and the year, for every municipality and the
//! region), suppressed together (`shared::monitoring::suppress`), and one period of it rendered
//! ([`YearFeed::render`]). Computing the whole year for every request is what makes the suppression of a
//! period agree with that of its months, quarters and year (docs/werkkamer.md); the suppression, which is
//! what costs, is kept while the year's counts stay the same ([`SUPPRESSED`]).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::{NaiveDate, Utc};
use rust_decimal::Decimal;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use shared::candidates::CandidateStatus;
use shared::candidates::Source;
use shared::contracts::lifecycle::{ContractStatus, EndReason};
use shared::monitoring::{
    AreaIndicators, Cell, Count, FEED_VERSION, Finances, Indicators, Inflow, Jobs, Line, Measure, Outflow, Period,
    PeriodInfo, Register, STANDARD_JOB_HOURS, month_end, ratio, suppress,
};

use super::aggregates;
use crate::auth::AuthUser;
use crate::db::{candidate_status_changes, candidates, contracts, municipalities};
use crate::infra::error::{ApiError, ApiResult};

/// A municipality of the region.
#[derive(Debug, Clone)]
pub struct Place {
    pub code: String,
    pub name: String,
}

/// A person (not erased), with the status changes of their history in order.
#[derive(Debug, Clone)]
pub struct Person {
    /// Index into [`Facts::places`].
    pub place: usize,
    pub source: Source,
    pub registered_on: NaiveDate,
    /// (day, new status, exit reason) in the order they happened.
    pub statuses: Vec<(NaiveDate, CandidateStatus, Option<String>)>,
}

/// A contract that was activated (`active` or `ended`).
#[derive(Debug, Clone)]
pub struct Job {
    pub place: usize,
    /// The person is in the target-group register.
    pub register: bool,
    pub start: NaiveDate,
    /// The last day worked (inclusive): the day it ended, or its planned end date; `None`: open-ended.
    pub last_day: Option<NaiveDate>,
    /// When it ended, and why.
    pub ended: Option<(NaiveDate, EndReason)>,
    pub hours_per_week: u32,
}

/// A municipality's money of the year.
#[derive(Debug, Clone, Default)]
pub struct Money {
    pub target: u32,
    pub budget: Decimal,
    pub realised: Decimal,
    pub committed: Decimal,
}

/// Everything the feed of a year is computed from.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub places: Vec<Place>,
    pub people: Vec<Person>,
    pub jobs: Vec<Job>,
    /// One per place.
    pub money: Vec<Money>,
}

/// The feed's settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    pub suppress_below: u32,
    pub fte_hours: Decimal,
}

/// A year's counts per municipality: (place, family, category, month 0-11) -> (count, weekly hours).
/// Stocks are those at the month's end, flows those of the month.
pub type Grid = HashMap<(usize, u8, usize, usize), (i64, i64)>;

/// Adds the changes of one person or contract (`aggregates::CountDelta`s) to the grid of `year`: a stock's
/// change counts from its month on (all twelve when it is older), a flow's in its month only.
fn fold(grid: &mut Grid, place: usize, year: i32, deltas: Vec<aggregates::CountDelta>) {
    for (month, family, category, count, hours) in deltas {
        for time in months_counted(family, month - year * 12, 12) {
            let entry = grid.entry((place, family, category, time)).or_default();
            entry.0 += count;
            entry.1 += hours;
        }
    }
}

/// The months (0 to `months - 1`) of a run of months that a change in its month `relative` to the first
/// (below 0: before the run) counts in: a stock's from its month on (every month when it is older), a
/// flow's in its month only; none when it is later (or a flow outside the run).
pub(crate) fn months_counted(family: u8, relative: i32, months: usize) -> std::ops::Range<usize> {
    let month = |m: i32| usize::try_from(m).unwrap_or(0);
    if usize::try_from(relative).is_ok_and(|r| r >= months) {
        return 0..0;
    }
    match (is_flow(family), relative) {
        (true, 0..) => month(relative)..month(relative) + 1,
        (true, _) => 0..0,
        (false, _) => month(relative.max(0))..months,
    }
}

// The families of counts. Stocks are counted on each month's last day (a quarter's and the year's are those
// of their last month); flows are counted per month, quarter and year.
pub(crate) const JOBS: u8 = 0;
pub(crate) const REGISTER: u8 = 1;
/// Category 0 the total, 1-4 the sources, 5-10 the statuses but `exited`.
pub(crate) const PEOPLE: u8 = 2;
pub(crate) const REGISTRATIONS: u8 = 3;
pub(crate) const STARTS: u8 = 4;
/// Category 0 the total, 1-5 the reasons.
pub(crate) const EXITS: u8 = 5;
pub(crate) const ENDS: u8 = 6;
/// Employee surveys, for the dashboard (not published in the feed): category 0 their number, 1-4 the sums
/// of their scores (wellbeing, income, work, social contacts), in the month they were held.
pub(crate) const SURVEYS: u8 = 7;

const STOCK_TIMES: usize = 12;
const FLOW_TIMES: usize = 17;

fn is_flow(family: u8) -> bool {
    family >= REGISTRATIONS
}

fn categories(family: u8) -> usize {
    match family {
        PEOPLE => 1 + Source::ALL.len() + LIVE_STATUSES.len(),
        EXITS | ENDS => 1 + EndReason::ALL.len(),
        _ => 1,
    }
}

pub(crate) const LIVE_STATUSES: [CandidateStatus; 6] = [
    CandidateStatus::Registered,
    CandidateStatus::Intake,
    CandidateStatus::Eligible,
    CandidateStatus::PreTrajectory,
    CandidateStatus::Matched,
    CandidateStatus::Employed,
];

/// The reasons of exits and contract ends, in the order of their cells (their wire names are the same).
pub(crate) fn reason_index(reason: &str) -> usize {
    EndReason::ALL.iter().position(|r| r.as_str() == reason).unwrap_or(EndReason::ALL.len() - 1)
}

/// Every count of a year and which of them are suppressed.
#[derive(Debug, Clone)]
pub struct YearFeed {
    pub year: i32,
    places: Vec<Place>,
    index: HashMap<(u8, usize, usize, usize), usize>,
    /// The counts; see [`YearFeed::cells`].
    pub values: Vec<u64>,
    pub hidden: Arc<Vec<bool>>,
    /// Every additive relation among `values`.
    pub lines: Arc<Vec<Line>>,
    /// Weekly hours of the realised jobs and of the register's, per area and month-end.
    hours: HashMap<(usize, usize), (Decimal, Decimal)>,
    money: Vec<Money>,
    settings: Settings,
}

impl YearFeed {
    /// Counts, relates and suppresses every figure of `year`, from the facts loaded row by row (the
    /// reference that the maintained aggregates are tested against).
    pub fn compute(facts: &Facts, year: i32, settings: Settings) -> YearFeed {
        let mut grid = Grid::new();
        for person in &facts.people {
            fold(&mut grid, person.place, year, aggregates::person_counts(person));
        }
        for job in &facts.jobs {
            fold(&mut grid, job.place, year, aggregates::job_counts(job));
        }
        YearFeed::from_grid(&facts.places, &grid, facts.money.clone(), year, settings)
    }

    /// Counts, relates and suppresses every figure of `year` from the year's counts per municipality
    /// (`grid`: see [`Grid`]).
    pub fn from_grid(places: &[Place], grid: &Grid, money: Vec<Money>, year: i32, settings: Settings) -> YearFeed {
        let areas = places.len() + 1;
        let mut index = HashMap::new();
        let mut values = Vec::new();
        for family in JOBS..=ENDS {
            let times = if is_flow(family) { FLOW_TIMES } else { STOCK_TIMES };
            for area in 0..areas {
                for category in 0..categories(family) {
                    for time in 0..times {
                        index.insert((family, area, category, time), values.len());
                        values.push(0u64);
                    }
                }
            }
        }
        let mut hours: HashMap<(usize, usize), (Decimal, Decimal)> = HashMap::new();
        for (&(place, family, category, month), &(count, weekly)) in grid {
            if place >= places.len() || family > ENDS || category >= categories(family) || month >= 12 {
                continue;
            }
            let count = u64::try_from(count).unwrap_or(0);
            let times: &[usize] = if is_flow(family) { &[month, 12 + month / 3, 16] } else { &[month] };
            for area in [0, place + 1] {
                for &time in times {
                    values[index[&(family, area, category, time)]] += count;
                }
                if family == JOBS || family == REGISTER {
                    let entry = hours.entry((area, month)).or_default();
                    let weekly = Decimal::from(weekly);
                    if family == JOBS {
                        entry.0 += weekly;
                    } else {
                        entry.1 += weekly;
                    }
                }
            }
        }
        let (lines, hidden) = suppressed(&index, areas, &values, u64::from(settings.suppress_below));
        YearFeed { year, places: places.to_vec(), index, values, hidden, lines, hours, money, settings }
    }

    /// The cell's position in `values`.
    fn at(&self, family: u8, area: usize, category: usize, time: usize) -> usize {
        self.index[&(family, area, category, time)]
    }

    fn count(&self, cell: usize) -> Count {
        Count::new(self.values[cell], self.hidden[cell])
    }

    /// The published indicators of `period` (of this feed's year): the region and every municipality, or
    /// only municipality `only` (an index into the places).
    pub fn render(&self, period: Period, only: Option<usize>) -> Indicators {
        let stock = *period.months().end() as usize - 1;
        let flow = match period {
            Period::Month { month, .. } => month as usize - 1,
            Period::Quarter { quarter, .. } => 11 + quarter as usize,
            Period::Year { .. } => 16,
        };
        let area = |area: usize| self.area(area, stock, flow);
        Indicators {
            version: FEED_VERSION,
            period: PeriodInfo {
                code: period.code(),
                kind: period.kind(),
                from: period.first_day(),
                to: period.last_day(),
            },
            suppress_below: self.settings.suppress_below,
            fte_hours: self.settings.fte_hours,
            standard_job_hours: STANDARD_JOB_HOURS,
            region: only.is_none().then(|| area(0)),
            municipalities: match only {
                Some(place) => vec![area(place + 1)],
                None => (1..=self.places.len()).map(area).collect(),
            },
        }
    }

    fn area(&self, area: usize, stock: usize, flow: usize) -> AreaIndicators {
        let place = area.checked_sub(1).map(|p| &self.places[p]);
        let money = match area {
            0 => self.money.iter().fold(Money::default(), |sum, m| Money {
                target: sum.target + m.target,
                budget: sum.budget + m.budget,
                realised: sum.realised + m.realised,
                committed: sum.committed + m.committed,
            }),
            _ => self.money.get(area - 1).cloned().unwrap_or_default(),
        };
        let jobs = self.at(JOBS, area, 0, stock);
        let register = self.at(REGISTER, area, 0, stock);
        let (hours, register_hours) = self.hours.get(&(area, stock)).copied().unwrap_or_default();
        let hours = hours.round_dp(2);
        let register_hours = register_hours.round_dp(2);
        let jobs_hidden = self.hidden[jobs];
        let register_hidden = self.hidden[register];
        let year_end_hidden = self.hidden[self.at(JOBS, area, 0, 11)];
        let cells = |family: u8, time: usize, keys: &[&'static str], offset: usize| -> Vec<Cell> {
            keys.iter()
                .enumerate()
                .map(|(i, key)| Cell {
                    key: (*key).to_owned(),
                    count: self.count(self.at(family, area, offset + i, time)),
                })
                .collect()
        };
        let sources: Vec<&'static str> = Source::ALL.iter().map(|s| s.as_str()).collect();
        let statuses: Vec<&'static str> = LIVE_STATUSES.iter().map(|s| s.as_str()).collect();
        let reasons: Vec<&'static str> = EndReason::ALL.iter().map(|r| r.as_str()).collect();
        AreaIndicators {
            municipality_code: place.map(|p| p.code.clone()),
            name: place.map_or_else(|| "Regio".to_owned(), |p| p.name.clone()),
            jobs: Jobs {
                target: money.target,
                realised: self.count(jobs),
                realisation_pct: (!jobs_hidden && money.target > 0)
                    .then(|| ratio(Decimal::from(self.values[jobs] * 100), Decimal::from(money.target), 1)),
                hours: Measure::new(hours, jobs_hidden),
                fte: Measure::new(ratio(hours, self.settings.fte_hours, 2), jobs_hidden),
            },
            register: Register {
                people: self.count(register),
                hours: Measure::new(register_hours, register_hidden),
                standard_jobs: Measure::new(ratio(register_hours, STANDARD_JOB_HOURS, 2), register_hidden),
            },
            people: self.count(self.at(PEOPLE, area, 0, stock)),
            by_source: cells(PEOPLE, stock, &sources, 1),
            by_status: cells(PEOPLE, stock, &statuses, 1 + sources.len()),
            inflow: Inflow {
                registrations: self.count(self.at(REGISTRATIONS, area, 0, flow)),
                contract_starts: self.count(self.at(STARTS, area, 0, flow)),
            },
            outflow: Outflow {
                exits: self.count(self.at(EXITS, area, 0, flow)),
                exits_by_reason: cells(EXITS, flow, &reasons, 1),
                contract_ends: self.count(self.at(ENDS, area, 0, flow)),
                contract_ends_by_reason: cells(ENDS, flow, &reasons, 1),
            },
            finances: Finances {
                year: self.year,
                budget: money.budget,
                realised_cost: Measure::new(money.realised, year_end_hidden),
                committed_cost: Measure::new(money.committed, year_end_hidden),
            },
        }
    }
}

/// A suppression computed before: `suppress` is a pure function of the counts, their relations (fixed by the
/// number of areas, as the cells' order is) and the threshold.
struct Suppressed {
    areas: usize,
    below: u64,
    values: Vec<u64>,
    lines: Arc<Vec<Line>>,
    hidden: Arc<Vec<bool>>,
}

/// The last few suppressions, the latest first. The feed of a year is asked for again and again while its
/// counts stay the same (every period of it, by every client, until the next write), and its suppression
/// over every month, quarter and municipality is what costs: an equal input gets the stored answer, any
/// changed count computes afresh, so nothing here can be stale.
static SUPPRESSED: Mutex<Vec<Arc<Suppressed>>> = Mutex::new(Vec::new());
const SUPPRESSIONS_KEPT: usize = 6;

/// The relations among the counts and which counts are hidden, from [`SUPPRESSED`] when these counts were
/// suppressed before.
fn suppressed(
    index: &HashMap<(u8, usize, usize, usize), usize>,
    areas: usize,
    values: &[u64],
    below: u64,
) -> (Arc<Vec<Line>>, Arc<Vec<bool>>) {
    let lines = {
        let mut store = SUPPRESSED.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(hit) = store.iter().position(|s| s.areas == areas && s.below == below && s.values == values) {
            let found = store.remove(hit);
            store.insert(0, found.clone());
            return (found.lines.clone(), found.hidden.clone());
        }
        store.iter().find(|s| s.areas == areas).map(|s| s.lines.clone())
    };
    let lines = lines.unwrap_or_else(|| Arc::new(relations(index, areas)));
    let hidden = Arc::new(suppress(values, &lines, below));
    let mut store = SUPPRESSED.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    store.insert(
        0,
        Arc::new(Suppressed { areas, below, values: values.to_vec(), lines: lines.clone(), hidden: hidden.clone() }),
    );
    store.truncate(SUPPRESSIONS_KEPT);
    (lines, hidden)
}

/// Every additive relation among the counts of a year: municipalities to the region (every cell), each
/// breakdown to its total, and for flows months to their quarter and quarters to the year.
fn relations(index: &HashMap<(u8, usize, usize, usize), usize>, areas: usize) -> Vec<Line> {
    let at = |f: u8, a: usize, c: usize, t: usize| index[&(f, a, c, t)];
    let mut lines = Vec::new();
    for family in JOBS..=ENDS {
        let times = if is_flow(family) { FLOW_TIMES } else { STOCK_TIMES };
        let cats = categories(family);
        for category in 0..cats {
            for time in 0..times {
                if areas > 1 {
                    lines.push(Line {
                        parent: at(family, 0, category, time),
                        members: (1..areas).map(|a| at(family, a, category, time)).collect(),
                    });
                }
            }
        }
        for area in 0..areas {
            for time in 0..times {
                match family {
                    PEOPLE => {
                        let sources = Source::ALL.len();
                        lines.push(Line {
                            parent: at(family, area, 0, time),
                            members: (1..=sources).map(|c| at(family, area, c, time)).collect(),
                        });
                        lines.push(Line {
                            parent: at(family, area, 0, time),
                            members: (sources + 1..cats).map(|c| at(family, area, c, time)).collect(),
                        });
                    }
                    EXITS | ENDS => lines.push(Line {
                        parent: at(family, area, 0, time),
                        members: (1..cats).map(|c| at(family, area, c, time)).collect(),
                    }),
                    _ => {}
                }
            }
            if is_flow(family) {
                for category in 0..cats {
                    for quarter in 0..4 {
                        lines.push(Line {
                            parent: at(family, area, category, 12 + quarter),
                            members: (0..3).map(|m| at(family, area, category, quarter * 3 + m)).collect(),
                        });
                    }
                    lines.push(Line {
                        parent: at(family, area, category, 16),
                        members: (12..16).map(|q| at(family, area, category, q)).collect(),
                    });
                }
            }
        }
    }
    lines
}

/// The municipalities of the region, by name.
pub async fn places(db: &impl ConnectionTrait) -> ApiResult<Vec<municipalities::Model>> {
    Ok(municipalities::Entity::find().order_by_asc(municipalities::Column::Name).all(db).await?)
}

/// Loads the facts of `year` for the whole region, row by row: the reference recomputation that the
/// maintained aggregates are tested against (the feed itself reads [`year_feed`]).
pub async fn load(db: &impl ConnectionTrait, caller: &AuthUser, year: i32, today: NaiveDate) -> ApiResult<Facts> {
    let places = places(db).await?;
    let slot: HashMap<uuid::Uuid, usize> = places.iter().enumerate().map(|(i, m)| (m.id, i)).collect();
    let last = month_end(year, 12);
    let last_moment = last.and_hms_opt(23, 59, 59).map(|t| t.and_utc()).unwrap_or_else(Utc::now);
    let people_rows = candidates::Entity::find()
        .filter(candidates::Column::ErasedAt.is_null())
        // A merged duplicate is counted once, as the record it was merged into.
        .filter(candidates::Column::MergedIntoId.is_null())
        .filter(candidates::Column::CreatedAt.lte(last_moment))
        .all(db)
        .await?;
    let register: HashMap<uuid::Uuid, bool> = people_rows.iter().map(|c| (c.id, c.target_group_register)).collect();
    let mut history: HashMap<uuid::Uuid, Vec<(NaiveDate, CandidateStatus, Option<String>)>> = HashMap::new();
    let changes = candidate_status_changes::Entity::find()
        .filter(candidate_status_changes::Column::ChangedAt.lte(last_moment))
        .order_by_asc(candidate_status_changes::Column::ChangedAt)
        .order_by_asc(candidate_status_changes::Column::Id)
        .all(db)
        .await?;
    for change in changes {
        let status: CandidateStatus = crate::db::stored(&change.to_status, "candidate status")?;
        history.entry(change.candidate_id).or_default().push((
            change.changed_at.date_naive(),
            status,
            change.exit_reason,
        ));
    }
    let mut people = Vec::with_capacity(people_rows.len());
    for c in &people_rows {
        let Some(&place) = slot.get(&c.municipality_id) else { continue };
        people.push(Person {
            place,
            source: crate::db::stored(&c.source, "source")?,
            registered_on: c.created_at.date_naive(),
            statuses: history.remove(&c.id).unwrap_or_default(),
        });
    }
    let started = [ContractStatus::Active, ContractStatus::Ended].map(|s| s.as_str());
    let contract_rows = contracts::Entity::find()
        .filter(contracts::Column::Status.is_in(started))
        .filter(contracts::Column::StartDate.lte(last))
        .filter(
            Condition::any()
                .add(contracts::Column::EndedOn.is_null())
                .add(contracts::Column::EndedOn.gte(NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(last))),
        )
        .all(db)
        .await?;
    let mut jobs = Vec::with_capacity(contract_rows.len());
    for c in contract_rows {
        let Some(&place) = slot.get(&c.municipality_id) else { continue };
        let status: ContractStatus = crate::db::stored(&c.status, "contract status")?;
        let ended = if status == ContractStatus::Ended {
            let on = c.ended_on.or(c.end_date).unwrap_or(c.start_date);
            let reason: EndReason =
                crate::db::stored_opt(c.end_reason.as_deref(), "end reason")?.unwrap_or(EndReason::Other);
            Some((on, reason))
        } else {
            None
        };
        jobs.push(Job {
            place,
            register: register.get(&c.candidate_id).copied().unwrap_or(false),
            start: c.start_date,
            last_day: ended.map(|e| e.0).or(c.end_date),
            ended,
            hours_per_week: u32::try_from(c.hours_per_week).unwrap_or(0),
        });
    }
    let mut regional = caller.clone();
    regional.municipality_id = None;
    let mut money = Vec::with_capacity(places.len());
    for place in &places {
        let overview = crate::contracts::budget_service::overview(db, &regional, year, Some(place.id), today).await?;
        money.push(Money {
            target: overview.job_target,
            budget: overview.budget,
            realised: overview.realised,
            committed: overview.committed,
        });
    }
    Ok(Facts {
        places: places.into_iter().map(|m| Place { code: m.code, name: m.name }).collect(),
        people,
        jobs,
        money,
    })
}

/// One answer of the feed as sent: the JSON body and its ETag (a digest of the body).
#[derive(Debug)]
pub struct Rendered {
    pub body: actix_web::web::Bytes,
    pub etag: String,
}

impl Rendered {
    fn of(indicators: &Indicators) -> ApiResult<Rendered> {
        use sha2::{Digest, Sha256};
        let body = serde_json::to_vec(indicators).map_err(|e| ApiError::Internal(e.into()))?;
        let digest = Sha256::digest(&body);
        let etag = format!("\"{}\"", digest.iter().take(16).map(|b| format!("{b:02x}")).collect::<String>());
        Ok(Rendered { body: body.into(), etag })
    }
}

/// What a request asks of a year: a period and one municipality or all.
type Asked = (Period, Option<usize>);

/// A year's feed computed at one version of its inputs, with its answers rendered so far.
pub struct KeptYear {
    places: Arc<Vec<municipalities::Model>>,
    feed: YearFeed,
    /// By period and municipality (an index into the places; `None`: the region and every municipality).
    rendered: Mutex<HashMap<Asked, Arc<Rendered>>>,
}

impl KeptYear {
    fn render(&self, period: Period, only: Option<usize>) -> ApiResult<Arc<Rendered>> {
        let mut rendered = self.rendered.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(found) = rendered.get(&(period, only)) {
            return Ok(found.clone());
        }
        let answer = Arc::new(Rendered::of(&self.feed.render(period, only))?);
        rendered.insert((period, only), answer.clone());
        Ok(answer)
    }
}

/// The feeds of the last few years, days and settings asked for, kept by the server (one per application,
/// in `AppState`) under the version of their inputs (`versioned`): the Werkkamer asks for the same year
/// again and again while nothing changes.
pub type FeedCache = super::versioned::Versioned<(i32, NaiveDate, Settings), KeptYear, 8>;

/// The indicators of `period`, for the region or the municipality with CBS code `municipality`, as sent:
/// from `cache` while the feed's inputs are unchanged.
pub async fn indicators(
    db: &impl ConnectionTrait,
    cache: &FeedCache,
    period: &str,
    municipality: Option<&str>,
    today: NaiveDate,
    settings: Settings,
) -> ApiResult<Arc<Rendered>> {
    let mut errors = Vec::new();
    let parsed = Period::parse(period);
    if parsed.is_none() {
        errors.push(shared::problem::InvalidParam::new(
            "period",
            "format",
            "een maand (2026-03), kwartaal (2026-Q1) of jaar (2026), 2000 tot en met 2100",
        ));
    }
    // The version before the data: what is read after it is at least as new.
    let version = aggregates::version(db).await?;
    let kept = parsed.and_then(|p| cache.find(version, &(p.year(), today, settings)));
    let all = match &kept {
        Some(kept) => kept.places.clone(),
        None => Arc::new(places(db).await?),
    };
    let only = match municipality {
        None => None,
        Some(code) => match all.iter().position(|m| m.code == code) {
            Some(found) => Some(found),
            None => {
                errors.push(shared::problem::InvalidParam::new(
                    "municipality",
                    "unknown",
                    "de CBS-code van een gemeente van de regio",
                ));
                None
            }
        },
    };
    let Some(period) = parsed.filter(|_| errors.is_empty()) else { return Err(ApiError::Validation(errors)) };
    let kept = match kept {
        Some(kept) => kept,
        None => {
            let feed = year_feed(db, &all, period.year(), today, settings).await?;
            let kept = KeptYear { places: all, feed, rendered: Mutex::default() };
            cache.keep(version, (period.year(), today, settings), kept)
        }
    };
    kept.render(period, only)
}

/// The feed of `year` from the maintained aggregates (`aggregates`): the counts in two queries, the cost
/// in a few sums, the budget records and the provisions of the year.
pub async fn year_feed(
    db: &impl ConnectionTrait,
    all: &[municipalities::Model],
    year: i32,
    today: NaiveDate,
    settings: Settings,
) -> ApiResult<YearFeed> {
    let slot: HashMap<uuid::Uuid, usize> = all.iter().enumerate().map(|(i, m)| (m.id, i)).collect();
    let mut grid = Grid::new();
    for ((place, family, category, month), value) in
        aggregates::counts(db, aggregates::Area::Places(None), year * 12, 12).await?
    {
        if let Some(&place) = slot.get(&place) {
            grid.insert((place, family, category, month), value);
        }
    }
    let money = money(db, all, year, today).await?;
    let places: Vec<Place> = all.iter().map(|m| Place { code: m.code.clone(), name: m.name.clone() }).collect();
    Ok(YearFeed::from_grid(&places, &grid, money, year, settings))
}

/// Each municipality's job target, budget and realised and committed cost of `year` as of `today`, as
/// `budget_service::overview` gives them, from the cost aggregates.
async fn money(
    db: &impl ConnectionTrait,
    all: &[municipalities::Model],
    year: i32,
    today: NaiveDate,
) -> ApiResult<Vec<Money>> {
    let records = crate::contracts::budget_service::records(db, all, year).await?;
    let costs = aggregates::contract_costs_of_year(db, year, today).await?;
    let mut provisions: HashMap<uuid::Uuid, (Decimal, Decimal)> = HashMap::new();
    if let (Some(first), Some(last)) = (NaiveDate::from_ymd_opt(year, 1, 1), NaiveDate::from_ymd_opt(year, 12, 31)) {
        let tomorrow = today.succ_opt().unwrap_or(today);
        let ids = all.iter().map(|m| m.id).collect();
        for p in crate::guidance::service::provisions_in(db, ids, first, last).await? {
            let share = |from: NaiveDate, to: NaiveDate| {
                shared::guidance::provision_share(p.cost, p.from_date, p.until_date, from, to)
            };
            let entry = provisions.entry(p.municipality_id).or_default();
            entry.0 += share(first, today.min(last));
            entry.1 += share(tomorrow.max(first), last);
        }
    }
    Ok(all
        .iter()
        .zip(records)
        .map(|(m, record)| {
            let (cr, cc) = costs.get(&m.id).copied().unwrap_or_default();
            let (pr, pc) = provisions.get(&m.id).copied().unwrap_or_default();
            Money {
                target: record.job_target,
                budget: record.amount,
                realised: shared::money::euros(cr + pr),
                committed: shared::money::euros(cc + pc),
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unchanged_year_reuses_its_suppression_and_a_changed_count_suppresses_afresh() {
        let places: Vec<Place> =
            (0..2).map(|i| Place { code: format!("GM{i:04}"), name: format!("Gemeente {i}") }).collect();
        let settings = Settings { suppress_below: 10, fte_hours: Decimal::from(32) };
        let money = vec![Money::default(); places.len()];
        let mut grid = Grid::new();
        grid.insert((0, PEOPLE, 0, 3), (25, 0));
        grid.insert((0, PEOPLE, 1, 3), (25, 0));
        grid.insert((1, PEOPLE, 0, 3), (4, 0));
        grid.insert((1, PEOPLE, 1, 3), (4, 0));
        let first = YearFeed::from_grid(&places, &grid, money.clone(), 2026, settings);
        assert_eq!(*first.hidden, suppress(&first.values, &first.lines, 10));
        let again = YearFeed::from_grid(&places, &grid, money.clone(), 2026, settings);
        assert!(Arc::ptr_eq(&first.hidden, &again.hidden), "the same counts reuse their suppression");
        assert!(Arc::ptr_eq(&first.lines, &again.lines));

        grid.insert((1, PEOPLE, 0, 3), (12, 0));
        let changed = YearFeed::from_grid(&places, &grid, money.clone(), 2026, settings);
        assert_ne!(first.values, changed.values);
        assert!(!Arc::ptr_eq(&first.hidden, &changed.hidden), "a changed count is suppressed afresh");
        assert_eq!(*changed.hidden, suppress(&changed.values, &changed.lines, 10));
        assert!(Arc::ptr_eq(&first.lines, &changed.lines), "the relations depend on the areas only");

        let lower = YearFeed::from_grid(&places, &grid, money, 2026, Settings { suppress_below: 3, ..settings });
        assert!(!Arc::ptr_eq(&changed.hidden, &lower.hidden), "another threshold is another suppression");
        assert_eq!(*lower.hidden, suppress(&lower.values, &lower.lines, 3));
    }
}
