//! The fit weights and the ranked lists.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Query, SelectStatement};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait,
};
use shared::audit::AuditAction;
use shared::candidates::{CandidateAbility, CandidateStatus, Weekday};
use shared::matching::lifecycle::MatchStage;
use shared::matching::wire::{Explanation, Preferences, RankedCandidate, RankedPackage, SavePreferences};
use shared::matching::{Fit, FitCandidate, FitTask, FitWeights, fit};
use shared::paging::{Page, PageRequest};
use shared::problem::ProblemCode;
use shared::reference::PhysicalDemand;
use shared::tasks::{PackageStatus, Task};
use uuid::Uuid;

use crate::audit::{self, Actor, Entry};
use crate::auth::AuthUser;
use crate::db::{
    abilities, candidate_abilities, candidate_available_days, candidate_physical_limitations,
    candidate_preference_lists, candidate_preferences, candidate_wish_categories, candidates, fit_weights, matches,
    matching_round_preferences, neighbourhood_adjacencies, organisations, task_categories, task_package_tasks,
    task_packages, tasks,
};
use crate::infra::error::{ApiError, ApiResult};
use crate::registration::service::{self as registration, CandidateRecord};

/// The fit weights in force (the documented defaults when none are stored).
pub async fn weights(db: &impl ConnectionTrait) -> ApiResult<(FitWeights, i32)> {
    let Some(row) = fit_weights::Entity::find_by_id(1).one(db).await? else {
        return Ok((FitWeights::default(), 0));
    };
    let byte = |v: i16| u8::try_from(v).map_err(|_| ApiError::Internal(anyhow::anyhow!("stored fit weight {v}")));
    Ok((
        FitWeights {
            abilities: byte(row.abilities)?,
            categories: byte(row.categories)?,
            dream_job: byte(row.dream_job)?,
            neighbourhood: byte(row.neighbourhood)?,
            hours: byte(row.hours)?,
            schedule: byte(row.schedule)?,
            allowed_hours_deviation: byte(row.allowed_hours_deviation)?,
        },
        row.version,
    ))
}

/// Replaces the fit weights (they must add up to 100), if `version` is still the stored one.
pub async fn save_weights(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    weights: FitWeights,
    version: Option<i32>,
    now: DateTime<Utc>,
) -> ApiResult<(FitWeights, i32)> {
    let mut errors = shared::validation::Errors::default();
    let version = errors.version(version);
    if let Err(params) = weights.validate() {
        params.into_iter().for_each(|p| errors.add(p.name, p.code, p.reason));
    }
    errors.finish(()).map_err(ApiError::Validation)?;
    let row = fit_weights::ActiveModel {
        id: Set(1),
        abilities: Set(i16::from(weights.abilities)),
        categories: Set(i16::from(weights.categories)),
        dream_job: Set(i16::from(weights.dream_job)),
        neighbourhood: Set(i16::from(weights.neighbourhood)),
        hours: Set(i16::from(weights.hours)),
        schedule: Set(i16::from(weights.schedule)),
        allowed_hours_deviation: Set(i16::from(weights.allowed_hours_deviation)),
        updated_at: Set(Some(now)),
        version: Set(version + 1),
    };
    let result = fit_weights::Entity::update_many()
        .set(row)
        .filter(fit_weights::Column::Id.eq(1))
        .filter(fit_weights::Column::Version.eq(version))
        .exec(db)
        .await?;
    if result.rows_affected != 1 {
        return Err(ApiError::stale_version());
    }
    audit::record(db, Actor::from(caller), Entry::new(AuditAction::Update, "fit_weights")).await?;
    Ok((weights, version + 1))
}

/// The reference data a fit names or weighs: task categories, abilities, and the adjacency of the tasks'
/// neighbourhoods (as `(home, there)` pairs).
pub(super) struct Context {
    categories: HashMap<Uuid, String>,
    abilities: HashMap<Uuid, String>,
    adjacent: HashSet<(Uuid, Uuid)>,
}

impl Context {
    /// Whether `there` borders `home` (reference data).
    pub(super) fn is_adjacent(&self, home: Uuid, there: Uuid) -> bool {
        self.adjacent.contains(&(home, there))
    }
}

impl Context {
    pub(super) async fn load(db: &impl ConnectionTrait, tasks: &[Task]) -> ApiResult<Self> {
        let category_ids: Vec<Uuid> = tasks.iter().map(|t| t.category_id).collect();
        let categories = task_categories::Entity::find()
            .filter(task_categories::Column::Id.is_in(category_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect();
        let hood_ids: Vec<Uuid> = tasks.iter().map(|t| t.neighbourhood_id).collect();
        let adjacent = neighbourhood_adjacencies::Entity::find()
            .filter(neighbourhood_adjacencies::Column::NeighbourhoodId.is_in(hood_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|a| (a.adjacent_id, a.neighbourhood_id))
            .collect();
        let abilities = abilities::Entity::find().all(db).await?.into_iter().map(|a| (a.id, a.name)).collect();
        Ok(Context { categories, abilities, adjacent })
    }

    pub(super) fn fit_tasks<'a>(&'a self, tasks: &'a [Task]) -> Vec<FitTask<'a>> {
        tasks
            .iter()
            .map(|t| FitTask {
                title: &t.title,
                category_id: t.category_id,
                category_name: self.categories.get(&t.category_id).map_or("", String::as_str),
                neighbourhood_id: t.neighbourhood_id,
                hours_per_week: t.hours_per_week,
                schedule: &t.schedule,
                physical_demands: &t.physical_demands,
                required_abilities: &t.required_abilities,
            })
            .collect()
    }
}

impl Context {
    /// The explanation of `fit` in the request's language; a limitation is named only to roles that may
    /// read the candidate's limitations.
    fn explain(&self, fit: &Fit, caller: &AuthUser) -> Explanation {
        let name = |id: Uuid| self.abilities.get(&id).cloned().unwrap_or_else(|| id.to_string());
        let show_limitations = !registration::hidden_fields(caller.role).contains(&"physicalLimitations");
        Explanation::of(fit, crate::infra::context::language(), show_limitations, &name)
    }
}

/// One page of a ranked list and the list's length: excluded pairs after every other, then by score (best
/// first), ties by id as text (the order of the ids' bytes: their text is lower-case hex with the hyphens in
/// the same places).
fn ranked_page<T>(mut ranked: Vec<(T, Fit)>, id: impl Fn(&T) -> Uuid, paging: PageRequest) -> (Vec<(T, Fit)>, u64) {
    ranked.sort_by_key(|(item, f)| (f.excluded(), std::cmp::Reverse(f.score), id(item)));
    let total = ranked.len() as u64;
    let page = ranked
        .into_iter()
        .skip(usize::try_from(paging.offset()).unwrap_or(usize::MAX))
        .take(paging.page_size as usize)
        .collect();
    (page, total)
}

/// What the fit needs of a candidate's record.
pub(super) fn fit_candidate(record: &CandidateRecord) -> FitCandidate<'_> {
    let m = &record.model;
    FitCandidate {
        abilities: &record.abilities,
        physical_limitations: &record.physical_limitations,
        available_hours: m.available_hours.map(|h| h.clamp(0, 40) as u8),
        wished_hours: m.wished_hours_per_week.map(|h| h.clamp(0, 40) as u8),
        available_days: &record.available_days,
        wish_category_ids: &record.wish_category_ids,
        neighbourhood_id: m.neighbourhood_id,
        wish_neighbourhood_id: m.wish_neighbourhood_id,
        dream_job: &m.dream_job,
    }
}

/// The SQL filter of the candidates that no hard exclusion rules out for `tasks` (the same rules as
/// `shared::matching::fit`). Hours, days and limitations are tested on the candidate's own columns (the
/// days and limitations as bits), which `idx_candidates_ranking` holds beside the municipality and status,
/// so that only the candidates left over are probed for their abilities.
fn without_exclusions(tasks: &[Task], weights: &FitWeights) -> Condition {
    let needed: i32 = tasks.iter().map(|t| i32::from(t.hours_per_week)).sum();
    let mut condition = Condition::all()
        .add(candidates::Column::AvailableHours.gte(needed - i32::from(weights.allowed_hours_deviation)));
    let demands = shared::matching::demand_mask(tasks.iter().flat_map(|t| t.physical_demands.iter().copied()));
    if demands != 0 {
        condition =
            condition.add(Expr::col((candidates::Entity, candidates::Column::LimitationsMask)).bit_and(demands).eq(0));
    }
    let days = shared::matching::day_mask(tasks.iter().flat_map(|t| t.schedule.iter().map(|s| s.day)));
    if days != 0 {
        condition = condition
            .add(Expr::col((candidates::Entity, candidates::Column::AvailableDaysMask)).bit_and(days).eq(days));
    }
    for (ability, level) in shared::matching::required_levels(tasks.iter().flat_map(|t| t.required_abilities.iter())) {
        condition = condition.add(
            candidates::Column::Id.in_subquery(
                Query::select()
                    .column(candidate_abilities::Column::CandidateId)
                    .from(candidate_abilities::Entity)
                    .and_where(candidate_abilities::Column::AbilityId.eq(ability))
                    .and_where(candidate_abilities::Column::Level.gte(i16::from(level)))
                    .to_owned(),
            ),
        );
    }
    condition
}

/// What a ranked list reads of a candidate: the columns that the fit and the list's entry use.
#[derive(Debug, FromQueryResult)]
struct RankedRow {
    id: Uuid,
    first_name: String,
    last_name: String,
    status: String,
    available_hours: Option<i32>,
    wished_hours_per_week: Option<i16>,
    neighbourhood_id: Option<Uuid>,
    wish_neighbourhood_id: Option<Uuid>,
    dream_job: String,
}

/// A candidate of a ranked list with the rows the fit reads: abilities, wished categories, available days
/// and physical limitations.
struct Ranked {
    row: RankedRow,
    abilities: Vec<CandidateAbility>,
    wish_category_ids: Vec<Uuid>,
    available_days: Vec<Weekday>,
    physical_limitations: Vec<PhysicalDemand>,
}

impl Ranked {
    fn fit_candidate(&self) -> FitCandidate<'_> {
        let m = &self.row;
        FitCandidate {
            abilities: &self.abilities,
            physical_limitations: &self.physical_limitations,
            available_hours: m.available_hours.map(|h| h.clamp(0, 40) as u8),
            wished_hours: m.wished_hours_per_week.map(|h| h.clamp(0, 40) as u8),
            available_days: &self.available_days,
            wish_category_ids: &self.wish_category_ids,
            neighbourhood_id: m.neighbourhood_id,
            wish_neighbourhood_id: m.wish_neighbourhood_id,
            dream_job: &m.dream_job,
        }
    }
}

/// The candidates that `condition` selects, with the rows the fit reads, in one query per table: the rows of
/// a few hundred candidates by their ids, of more through `condition` as a subquery (one query each
/// instead of one per 500 ids).
async fn ranked_candidates(db: &impl ConnectionTrait, condition: Condition) -> ApiResult<Vec<Ranked>> {
    use candidates::Column as C;
    // The ids first: the filter reads only `idx_candidates_ranking` (an index-only scan on PostgreSQL),
    // then the rows of the few that pass.
    let ids: Vec<Uuid> =
        candidates::Entity::find().select_only().column(C::Id).filter(condition.clone()).into_tuple().all(db).await?;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let selected = candidates::Entity::find().select_only().column(C::Id).filter(condition).into_query();
    let mut rows: Vec<RankedRow> = Vec::with_capacity(ids.len());
    for part in covering(C::Id, &ids, &selected) {
        rows.extend(
            candidates::Entity::find()
                .select_only()
                .columns([C::Id, C::FirstName, C::LastName, C::Status, C::AvailableHours, C::WishedHoursPerWeek])
                .columns([C::NeighbourhoodId, C::WishNeighbourhoodId, C::DreamJob])
                .filter(part)
                .into_model::<RankedRow>()
                .all(db)
                .await?,
        );
    }
    let mut abilities: HashMap<Uuid, Vec<CandidateAbility>> = HashMap::new();
    for part in covering(candidate_abilities::Column::CandidateId, &ids, &selected) {
        for a in candidate_abilities::Entity::find().filter(part).all(db).await? {
            abilities
                .entry(a.candidate_id)
                .or_default()
                .push(CandidateAbility { ability_id: a.ability_id, level: a.level.clamp(1, 4) as u8 });
        }
    }
    let mut wishes: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for part in covering(candidate_wish_categories::Column::CandidateId, &ids, &selected) {
        for w in candidate_wish_categories::Entity::find().filter(part).all(db).await? {
            wishes.entry(w.candidate_id).or_default().push(w.task_category_id);
        }
    }
    let mut days: HashMap<Uuid, Vec<Weekday>> = HashMap::new();
    for part in covering(candidate_available_days::Column::CandidateId, &ids, &selected) {
        for d in candidate_available_days::Entity::find().filter(part).all(db).await? {
            days.entry(d.candidate_id).or_default().push(crate::db::stored(&d.day, "weekday")?);
        }
    }
    let mut limitations: HashMap<Uuid, Vec<PhysicalDemand>> = HashMap::new();
    for part in covering(candidate_physical_limitations::Column::CandidateId, &ids, &selected) {
        for l in candidate_physical_limitations::Entity::find().filter(part).all(db).await? {
            limitations
                .entry(l.candidate_id)
                .or_default()
                .push(crate::db::stored(&l.limitation, "physical limitation")?);
        }
    }
    Ok(rows
        .into_iter()
        .map(|row| {
            let mut available_days = days.remove(&row.id).unwrap_or_default();
            available_days.sort();
            let mut physical_limitations = limitations.remove(&row.id).unwrap_or_default();
            physical_limitations.sort();
            Ranked {
                abilities: abilities.remove(&row.id).unwrap_or_default(),
                wish_category_ids: wishes.remove(&row.id).unwrap_or_default(),
                available_days,
                physical_limitations,
                row,
            }
        })
        .collect())
}

/// The conditions on a child table's `candidate_id` that together cover the candidates `ids` that
/// `selected` selects: a few hundred by their ids (one query per 500), more through `selected` as a subquery
/// (one query).
fn covering<Col: ColumnTrait>(column: Col, ids: &[Uuid], selected: &SelectStatement) -> Vec<Condition> {
    if ids.len() <= 1_000 {
        ids.chunks(500).map(|chunk| Condition::all().add(column.is_in(chunk.to_vec()))).collect()
    } else {
        vec![Condition::all().add(column.in_subquery(selected.clone()))]
    }
}

/// The best candidates for a package, best first: eligible candidates (and, marked, those in a
/// pre-trajectory) of the package's municipality within the caller's scope, each with its score and
/// explanation. Excluded candidates only with `include_excluded`, after every other. Audited: one read per
/// candidate returned.
pub async fn candidates_for_package(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    package_id: Uuid,
    include_excluded: bool,
    paging: PageRequest,
) -> ApiResult<Page<RankedCandidate>> {
    let package = crate::tasks::package_service::visible_package(db, caller, package_id).await?;
    let tasks = tasks_of_packages(db, &[package_id]).await?.remove(&package_id).unwrap_or_default();
    let (weights, _) = weights(db).await?;
    let mut condition = Condition::all()
        .add(candidates::Column::ErasedAt.is_null())
        .add(candidates::Column::MunicipalityId.eq(package.municipality_id))
        .add(caller.within_region(candidates::Column::MunicipalityId))
        .add(
            candidates::Column::Status
                .is_in([CandidateStatus::Eligible.as_str(), CandidateStatus::PreTrajectory.as_str()]),
        )
        // A record that lacks a field of `REQUIRED_FOR_MATCHING` is not matched, excluded or not.
        .add(crate::registration::service::complete_for_matching());
    if !include_excluded {
        condition = condition.add(without_exclusions(&tasks, &weights));
    }
    let candidates = ranked_candidates(db, condition).await?;

    let context = Context::load(db, &tasks).await?;
    let fit_tasks = context.fit_tasks(&tasks);
    let is_adjacent = |home: Uuid, there: Uuid| context.adjacent.contains(&(home, there));
    let ranked: Vec<(&Ranked, Fit)> =
        candidates.iter().map(|c| (c, fit(&c.fit_candidate(), &fit_tasks, &weights, &is_adjacent))).collect();
    let (page, total) = ranked_page(ranked, |c| c.row.id, paging);
    let items = page
        .into_iter()
        .map(|(c, f)| {
            let r = &c.row;
            Ok(RankedCandidate {
                candidate_id: r.id,
                first_name: r.first_name.clone(),
                last_name: r.last_name.clone(),
                status: crate::db::stored(&r.status, "candidate status")?,
                score: f.score,
                excluded: f.excluded(),
                explanation: context.explain(&f, caller),
            })
        })
        .collect::<ApiResult<Vec<_>>>()?;
    let actor = Actor::from(caller);
    let entries = items
        .iter()
        .map(|c| {
            Entry::new(AuditAction::Read, "candidate")
                .record(c.candidate_id)
                .details(format!("ranked for package {package_id}"))
        })
        .collect();
    audit::record_many(db, &actor, entries).await?;
    Ok(Page::new(items, paging, total))
}

/// The tasks of each package, in the package's order, in a few queries for any number of packages.
pub(super) async fn tasks_of_packages(
    db: &impl ConnectionTrait,
    package_ids: &[Uuid],
) -> ApiResult<HashMap<Uuid, Vec<Task>>> {
    let mut members: Vec<task_package_tasks::Model> = Vec::new();
    for chunk in package_ids.chunks(500) {
        members.extend(
            task_package_tasks::Entity::find()
                .filter(task_package_tasks::Column::PackageId.is_in(chunk.to_vec()))
                .all(db)
                .await?,
        );
    }
    members.sort_by_key(|m| (m.package_id, m.position));
    let task_ids: Vec<Uuid> = members.iter().map(|m| m.task_id).collect();
    let mut task_models = Vec::new();
    for chunk in task_ids.chunks(500) {
        task_models.extend(tasks::Entity::find().filter(tasks::Column::Id.is_in(chunk.to_vec())).all(db).await?);
    }
    let by_id: HashMap<Uuid, Task> =
        crate::tasks::service::to_tasks(db, task_models).await?.into_iter().map(|t| (t.id, t)).collect();
    let mut tasks: HashMap<Uuid, Vec<Task>> = package_ids.iter().map(|id| (*id, Vec::new())).collect();
    for member in members {
        if let (Some(list), Some(task)) = (tasks.get_mut(&member.package_id), by_id.get(&member.task_id)) {
            list.push(task.clone());
        }
    }
    Ok(tasks)
}

/// The best open packages of the candidate's municipality for a candidate, best first, each with its score
/// and explanation; excluded packages only with `include_excluded`, after every other. Audited as a read of
/// the candidate.
pub async fn packages_for_candidate(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    candidate_id: Uuid,
    include_excluded: bool,
    paging: PageRequest,
) -> ApiResult<Page<RankedPackage>> {
    let record = registration::load(db, caller, candidate_id).await?;
    let (weights, _) = weights(db).await?;
    let open = task_packages::Entity::find()
        .filter(task_packages::Column::MunicipalityId.eq(record.model.municipality_id))
        .filter(task_packages::Column::Status.eq(PackageStatus::Open.as_str()))
        .all(db)
        .await?;
    let package_ids: Vec<Uuid> = open.iter().map(|p| p.id).collect();
    let package_tasks = tasks_of_packages(db, &package_ids).await?;
    let all_tasks: Vec<Task> = package_tasks.values().flatten().cloned().collect();
    let context = Context::load(db, &all_tasks).await?;
    let organisation_ids: Vec<Uuid> = open.iter().map(|p| p.organisation_id).collect();
    let organisations: HashMap<Uuid, String> = organisations::Entity::find()
        .filter(organisations::Column::Id.is_in(organisation_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let candidate = fit_candidate(&record);
    let is_adjacent = |home: Uuid, there: Uuid| context.adjacent.contains(&(home, there));
    let ranked: Vec<((&task_packages::Model, u16), Fit)> = open
        .iter()
        .map(|package| {
            let tasks = package_tasks.get(&package.id).map_or(&[][..], Vec::as_slice);
            let hours = tasks.iter().map(|t| t.hours_per_week).sum();
            let fit_tasks = context.fit_tasks(tasks);
            ((package, hours), fit(&candidate, &fit_tasks, &weights, &is_adjacent))
        })
        .filter(|(_, f)| include_excluded || !f.excluded())
        .collect();
    let (page, total) = ranked_page(ranked, |(p, _)| p.id, paging);
    let items = page
        .into_iter()
        .map(|((p, hours), f)| RankedPackage {
            package_id: p.id,
            title: p.title.clone(),
            organisation_name: organisations.get(&p.organisation_id).cloned().unwrap_or_default(),
            hours_per_week: hours,
            positions: u16::try_from(p.positions).unwrap_or_default(),
            score: f.score,
            excluded: f.excluded(),
            explanation: context.explain(&f, caller),
        })
        .collect();
    audit::record(
        db,
        Actor::from(caller),
        Entry::new(AuditAction::Read, "candidate").record(candidate_id).details("ranked packages"),
    )
    .await?;
    Ok(Page::new(items, paging, total))
}

/// A candidate's preferences (version 0 and no packages when none are recorded). Audited as a read of the
/// candidate.
pub async fn preferences(db: &impl ConnectionTrait, caller: &AuthUser, candidate_id: Uuid) -> ApiResult<Preferences> {
    registration::load(db, caller, candidate_id).await?;
    audit::record(
        db,
        Actor::from(caller),
        Entry::new(AuditAction::Read, "candidate").record(candidate_id).details("preferences"),
    )
    .await?;
    stored_preferences(db, candidate_id).await
}

async fn stored_preferences(db: &impl ConnectionTrait, candidate_id: Uuid) -> ApiResult<Preferences> {
    let list = candidate_preference_lists::Entity::find_by_id(candidate_id).one(db).await?;
    let package_ids = candidate_preferences::Entity::find()
        .filter(candidate_preferences::Column::CandidateId.eq(candidate_id))
        .order_by_asc(candidate_preferences::Column::Rank)
        .all(db)
        .await?
        .into_iter()
        .map(|p| p.package_id)
        .collect();
    Ok(Preferences {
        candidate_id,
        package_ids,
        recorded_by: list.as_ref().and_then(|l| l.recorded_by_name.clone()),
        recorded_at: list.as_ref().map(|l| l.recorded_at),
        version: list.map_or(0, |l| l.version),
        locked_by_round: locking_round(db, candidate_id).await?,
    })
}

/// The matching round that holds the candidate's preferences: one whose inputs used the candidate's list
/// (it stored some of it) and whose proposal for the candidate is still `proposed`. The list is the
/// candidate's word that the round acted on, so it stays as it was until staff accept or reject that
/// proposal; afterwards a new version may be recorded (the round keeps its own copy).
async fn locking_round(db: &impl ConnectionTrait, candidate_id: Uuid) -> ApiResult<Option<Uuid>> {
    let used = Query::select()
        .column(matching_round_preferences::Column::RoundId)
        .from(matching_round_preferences::Entity)
        .and_where(matching_round_preferences::Column::CandidateId.eq(candidate_id))
        .to_owned();
    Ok(matches::Entity::find()
        .filter(matches::Column::CandidateId.eq(candidate_id))
        .filter(matches::Column::Stage.eq(MatchStage::Proposed.as_str()))
        .filter(matches::Column::RoundId.in_subquery(used))
        .order_by_asc(matches::Column::CreatedAt)
        .one(db)
        .await?
        .and_then(|m| m.round_id))
}

/// Records the packages a candidate prefers, best first: open packages of the candidate's municipality,
/// each once, at most 20; only for a candidate in matching (eligible, or in a pre-trajectory), and not while
/// a round's undecided proposal holds the list (see [`locking_round`]).
pub async fn save_preferences(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    candidate_id: Uuid,
    request: SavePreferences,
    now: DateTime<Utc>,
) -> ApiResult<Preferences> {
    let record = registration::load(db, caller, candidate_id).await?;
    let mut errors = shared::validation::Errors::default();
    let version = match request.version {
        Some(v) if v >= 0 => v,
        Some(_) => {
            errors.add("version", "range", "de versie is 0 of meer");
            0
        }
        None => {
            errors.add("version", "required", "geef de versie die u wijzigt (0 voor de eerste keer)");
            0
        }
    };
    if request.package_ids.len() > 20 {
        errors.add("packageIds", "too_many", "hoogstens 20 pakketten");
    }
    let open: HashSet<Uuid> = task_packages::Entity::find()
        .filter(task_packages::Column::Id.is_in(request.package_ids.clone()))
        .filter(task_packages::Column::MunicipalityId.eq(record.model.municipality_id))
        .filter(task_packages::Column::Status.eq(PackageStatus::Open.as_str()))
        .all(db)
        .await?
        .into_iter()
        .map(|p| p.id)
        .collect();
    let mut seen = HashSet::new();
    for (index, id) in request.package_ids.iter().enumerate() {
        if !seen.insert(*id) {
            errors.add(format!("packageIds[{index}]"), "duplicate", "dit pakket staat al eerder in de lijst");
        } else if !open.contains(id) {
            errors.add(
                format!("packageIds[{index}]"),
                "unknown",
                "geen open pakket van de gemeente van deze kandidaat",
            );
        }
    }
    errors.finish(()).map_err(ApiError::Validation)?;
    let status: CandidateStatus = crate::db::stored(&record.model.status, "candidate status")?;
    if !matches!(status, CandidateStatus::Eligible | CandidateStatus::PreTrajectory) {
        return Err(ApiError::Conflict {
            code: ProblemCode::NotInMatching,
            detail: "Voorkeuren gelden voor kandidaten die geschikt zijn bevonden (of in een voortraject zitten)."
                .into(),
        });
    }
    if let Some(round) = locking_round(db, candidate_id).await? {
        return Err(ApiError::Conflict {
            code: ProblemCode::PreferencesInRound,
            detail: format!(
                "Matchingronde {round} gebruikte deze voorkeuren en het voorstel voor deze kandidaat is nog niet \
                 aanvaard of afgewezen; daarna kunnen de voorkeuren weer veranderen."
            ),
        });
    }
    let current = candidate_preference_lists::Entity::find_by_id(candidate_id).one(db).await?;
    if current.as_ref().map_or(0, |l| l.version) != version {
        return Err(ApiError::stale_version());
    }
    let list = candidate_preference_lists::ActiveModel {
        candidate_id: Set(candidate_id),
        recorded_by_id: Set(caller.user_id),
        recorded_by_name: Set(Some(caller.name.clone())),
        recorded_at: Set(now),
        version: Set(version + 1),
    };
    if current.is_none() {
        candidate_preference_lists::Entity::insert(list).exec_without_returning(db).await?;
    } else {
        let result = candidate_preference_lists::Entity::update_many()
            .set(list)
            .filter(candidate_preference_lists::Column::CandidateId.eq(candidate_id))
            .filter(candidate_preference_lists::Column::Version.eq(version))
            .exec(db)
            .await?;
        if result.rows_affected != 1 {
            return Err(ApiError::stale_version());
        }
    }
    candidate_preferences::Entity::delete_many()
        .filter(candidate_preferences::Column::CandidateId.eq(candidate_id))
        .exec(db)
        .await?;
    if !request.package_ids.is_empty() {
        candidate_preferences::Entity::insert_many(request.package_ids.iter().enumerate().map(|(rank, package)| {
            candidate_preferences::ActiveModel {
                candidate_id: Set(candidate_id),
                rank: Set(rank as i32 + 1),
                package_id: Set(*package),
            }
        }))
        .exec_without_returning(db)
        .await?;
    }
    audit::record(
        db,
        Actor::from(caller),
        Entry::new(AuditAction::Update, "candidate").record(candidate_id).details("preferences"),
    )
    .await?;
    stored_preferences(db, candidate_id).await
}
