//! Matching rounds: a set of eligible candidates and open packages run through `stable` or `optimal`.
//!
//! A round loads its candidates and packages, scores every pair of the same municipality with
//! `shared::matching::fit`, and keeps the acceptable ones (no hard exclusion, no live match of the two
//! yet); a package offers its free positions. The chosen algorithm assigns candidates to packages on those
//! exact scores, and the round stores what it ran on (candidates with the preferences it used, packages
//! with their positions, every acceptable pair with its score) and creates one `proposed` match per
//! assignment, all in the caller's transaction. Staff accept (`introduced`) or reject (`declined` by staff)
//! each proposal through the match lifecycle.
//!
//! Every read of a round is audited as a read of each candidate it returns.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use shared::audit::AuditAction;
use shared::candidates::CandidateStatus;
use shared::matching::fit;
use shared::matching::rounds::{
    CandidateInRound, CreateRound, INLINE_PAIRS, MAX_CANDIDATES, MAX_POSITIONS, Round, RoundAlgorithm, RoundCandidate,
    RoundInputs, RoundPackage, RoundPair, RoundProposal, RoundSummary,
};
use shared::paging::{Page, PageRequest};
use shared::problem::ProblemCode;
use shared::tasks::PackageStatus;
use shared::validation::Errors;
use uuid::Uuid;

use super::match_service::{self, Proposal};
use super::service::{Context, fit_candidate, tasks_of_packages, weights};
use super::{AcceptablePairs, Pair, optimal, stable};
use crate::audit::{self, Actor, Entry};
use crate::auth::AuthUser;
use crate::db::{
    candidate_preferences, candidates, matches, matching_round_candidates, matching_round_packages,
    matching_round_pairs, matching_round_preferences, matching_rounds, task_packages,
};
use crate::infra::error::{ApiError, ApiResult};
use crate::registration::service as registration;

/// The most a preference adds below the score in an `optimal` round: a first choice of 20.
const FIRST_CHOICE_BONUS: u16 = 20;

fn too_large(detail: String) -> ApiError {
    ApiError::BadRequest { code: ProblemCode::RoundTooLarge, detail }
}

/// The ids of a request list: each once, else `field[i]` `duplicate`.
fn distinct(ids: &[Uuid], field: &str, errors: &mut Errors) -> Vec<Uuid> {
    let mut seen = HashSet::new();
    for (index, id) in ids.iter().enumerate() {
        if !seen.insert(*id) {
            errors.add(format!("{field}[{index}]"), "duplicate", "staat al eerder in de lijst");
        }
    }
    ids.to_vec()
}

/// The round's packages: those asked for (each a visible open package) or every open package in scope.
async fn packages(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    asked: Option<&[Uuid]>,
    errors: &mut Errors,
) -> ApiResult<Vec<task_packages::Model>> {
    let scoped = task_packages::Entity::find().filter(caller.within_region(task_packages::Column::MunicipalityId));
    let Some(asked) = asked else {
        return Ok(scoped
            .filter(task_packages::Column::Status.eq(PackageStatus::Open.as_str()))
            .order_by_asc(task_packages::Column::Id)
            .all(db)
            .await?);
    };
    if asked.is_empty() {
        errors.add("packageIds", "empty", "kies ten minste één open pakket");
        return Ok(Vec::new());
    }
    let ids = distinct(asked, "packageIds", errors);
    let mut found: HashMap<Uuid, task_packages::Model> = HashMap::new();
    for chunk in ids.chunks(500) {
        for p in scoped.clone().filter(task_packages::Column::Id.is_in(chunk.to_vec())).all(db).await? {
            found.insert(p.id, p);
        }
    }
    let mut chosen = Vec::new();
    for (index, id) in asked.iter().enumerate() {
        match found.get(id) {
            None => errors.add(format!("packageIds[{index}]"), "unknown", "dit pakket bestaat niet"),
            Some(p) if p.status != PackageStatus::Open.as_str() => {
                errors.add(format!("packageIds[{index}]"), "not_open", "dit pakket staat niet open")
            }
            Some(p) => chosen.push(p.clone()),
        }
    }
    chosen.sort_by_key(|p| p.id);
    chosen.dedup_by_key(|p| p.id);
    Ok(chosen)
}

/// The round's candidates: those asked for (each a visible eligible candidate) or every eligible one in
/// scope (at most [`MAX_CANDIDATES`]).
async fn candidates_of(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    asked: Option<&[Uuid]>,
    errors: &mut Errors,
) -> ApiResult<Vec<candidates::Model>> {
    let scoped = candidates::Entity::find()
        .filter(candidates::Column::ErasedAt.is_null())
        .filter(caller.within_region(candidates::Column::MunicipalityId));
    let Some(asked) = asked else {
        let all = scoped
            .filter(candidates::Column::Status.eq(CandidateStatus::Eligible.as_str()))
            .filter(crate::registration::service::complete_for_matching())
            .order_by_asc(candidates::Column::Id)
            .all(db)
            .await?;
        if all.len() > MAX_CANDIDATES {
            return Err(too_large(format!(
                "Er zijn {} geschikte kandidaten; een ronde neemt er hoogstens {MAX_CANDIDATES}. Kies er een deel.",
                all.len()
            )));
        }
        return Ok(all);
    };
    if asked.is_empty() {
        errors.add("candidateIds", "empty", "kies ten minste één kandidaat");
        return Ok(Vec::new());
    }
    if asked.len() > MAX_CANDIDATES {
        return Err(too_large(format!("Een ronde neemt hoogstens {MAX_CANDIDATES} kandidaten, niet {}.", asked.len())));
    }
    let ids = distinct(asked, "candidateIds", errors);
    let mut found: HashMap<Uuid, candidates::Model> = HashMap::new();
    for chunk in ids.chunks(500) {
        for c in scoped.clone().filter(candidates::Column::Id.is_in(chunk.to_vec())).all(db).await? {
            found.insert(c.id, c);
        }
    }
    let mut chosen = Vec::new();
    for (index, id) in asked.iter().enumerate() {
        match found.get(id) {
            None => errors.add(format!("candidateIds[{index}]"), "unknown", "deze kandidaat bestaat niet"),
            Some(c) if c.status != CandidateStatus::Eligible.as_str() => errors.add(
                format!("candidateIds[{index}]"),
                "not_eligible",
                "alleen een kandidaat die geschikt is bevonden doet mee",
            ),
            Some(c) => chosen.push(c.clone()),
        }
    }
    chosen.sort_by_key(|c| c.id);
    chosen.dedup_by_key(|c| c.id);
    Ok(chosen)
}

/// Runs a matching round and stores it with its proposals (`proposed` matches), in the caller's
/// transaction. Bad input (an unknown algorithm, an unknown or closed package, an unknown or ineligible
/// candidate, an empty round) is a 400 that names each field; a round over 5,000 candidates or 1,000
/// positions is a 400 `round_too_large`. Nothing is written unless the whole round is.
pub async fn create(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    request: CreateRound,
    now: DateTime<Utc>,
) -> ApiResult<Round> {
    let mut errors = Errors::default();
    if request.algorithm.is_none() {
        errors.add("algorithm", "required", "kies stable of optimal");
    }
    let packages = packages(db, caller, request.package_ids.as_deref(), &mut errors).await?;
    let candidate_models = candidates_of(db, caller, request.candidate_ids.as_deref(), &mut errors).await?;
    if request.package_ids.is_none() && packages.is_empty() {
        errors.add("packageIds", "empty", "er staat geen pakket open");
    }
    if request.candidate_ids.is_none() && candidate_models.is_empty() {
        errors.add("candidateIds", "empty", "er is geen geschikte kandidaat");
    }
    errors.finish(()).map_err(ApiError::Validation)?;
    let Some(algorithm) = request.algorithm else { return Err(ApiError::NotFound) };

    let package_ids: Vec<Uuid> = packages.iter().map(|p| p.id).collect();
    let free = match_service::free_positions(db, &package_ids).await?;
    let capacities: Vec<u32> = package_ids.iter().map(|id| free.get(id).copied().unwrap_or(0)).collect();
    let position_count: u32 = capacities.iter().sum();
    if position_count as usize > MAX_POSITIONS {
        return Err(too_large(format!(
            "Deze pakketten hebben samen {position_count} vrije plekken; een ronde neemt er hoogstens {MAX_POSITIONS}."
        )));
    }

    // The acceptable pairs, scored on the fit weights in force.
    let records = registration::load_many(db, candidate_models).await?;
    let package_tasks = tasks_of_packages(db, &package_ids).await?;
    let all_tasks: Vec<shared::tasks::Task> = package_tasks.values().flatten().cloned().collect();
    let context = Context::load(db, &all_tasks).await?;
    let fit_tasks: Vec<Vec<shared::matching::FitTask>> =
        package_ids.iter().map(|id| context.fit_tasks(package_tasks.get(id).map_or(&[][..], Vec::as_slice))).collect();
    let (fit_weights, _) = weights(db).await?;
    let live = match_service::live_pairs(db, &package_ids).await?;
    let is_adjacent = |home: Uuid, there: Uuid| context.is_adjacent(home, there);
    let mut pairs = Vec::new();
    for (c, record) in records.iter().enumerate() {
        let candidate = fit_candidate(record);
        for (p, package) in packages.iter().enumerate() {
            if package.municipality_id != record.model.municipality_id || live.contains(&(record.model.id, package.id))
            {
                continue;
            }
            let fit = fit(&candidate, &fit_tasks[p], &fit_weights, &is_adjacent);
            if !fit.excluded() {
                pairs.push(Pair { candidate: c as u32, package: p as u32, score: u16::from(fit.score) });
            }
        }
    }
    let table = AcceptablePairs::new(records.len(), packages.len(), &pairs)
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("round pairs: {e}")))?;

    // The preferences in force, restricted to the round's packages.
    let candidate_ids: Vec<Uuid> = records.iter().map(|r| r.model.id).collect();
    let package_index: HashMap<Uuid, u32> = package_ids.iter().enumerate().map(|(i, id)| (*id, i as u32)).collect();
    let candidate_index: HashMap<Uuid, usize> = candidate_ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let mut preferences: Vec<Vec<u32>> = vec![Vec::new(); records.len()];
    for chunk in candidate_ids.chunks(500) {
        for row in candidate_preferences::Entity::find()
            .filter(candidate_preferences::Column::CandidateId.is_in(chunk.to_vec()))
            .order_by_asc(candidate_preferences::Column::CandidateId)
            .order_by_asc(candidate_preferences::Column::Rank)
            .all(db)
            .await?
        {
            if let (Some(c), Some(p)) = (candidate_index.get(&row.candidate_id), package_index.get(&row.package_id)) {
                preferences[*c].push(*p);
            }
        }
    }

    let assignment = match algorithm {
        RoundAlgorithm::Stable => {
            let keys: Vec<String> = candidate_ids.iter().map(Uuid::to_string).collect();
            stable::stable_matching(&keys, &preferences, &capacities, &table)
        }
        RoundAlgorithm::Optimal => {
            let bonus = |c: usize, p: u32| {
                preferences[c]
                    .iter()
                    .position(|q| *q == p)
                    .map_or(0, |rank| FIRST_CHOICE_BONUS.saturating_sub(rank as u16))
            };
            optimal::optimal_assignment_with_bonus(&capacities, &table, FIRST_CHOICE_BONUS, &bonus)
        }
    };
    let proposals: Vec<Proposal> = assignment
        .iter()
        .enumerate()
        .filter_map(|(c, p)| {
            let p = (*p)?;
            let score = table.score(c, p)?;
            Some(Proposal {
                candidate_id: candidate_ids[c],
                package_id: package_ids[p as usize],
                score: u8::try_from(score).unwrap_or(100),
            })
        })
        .collect();

    // Store the round, its inputs and its proposals.
    let municipalities: HashSet<Uuid> =
        records.iter().map(|r| r.model.municipality_id).chain(packages.iter().map(|p| p.municipality_id)).collect();
    let round_id = Uuid::now_v7();
    let count = |n: usize| i32::try_from(n).unwrap_or(i32::MAX);
    matching_rounds::Entity::insert(matching_rounds::ActiveModel {
        id: Set(round_id),
        algorithm: Set(algorithm.as_str().to_owned()),
        municipality_id: Set(if municipalities.len() == 1 { municipalities.into_iter().next() } else { None }),
        created_at: Set(now),
        created_by_id: Set(caller.user_id),
        created_by_name: Set(caller.name.clone()),
        candidate_count: Set(count(records.len())),
        package_count: Set(count(packages.len())),
        position_count: Set(count(position_count as usize)),
        pair_count: Set(count(pairs.len())),
        proposal_count: Set(count(proposals.len())),
        total_score: Set(count(proposals.iter().map(|p| usize::from(p.score)).sum())),
    })
    .exec_without_returning(db)
    .await?;
    for chunk in candidate_ids.chunks(1000) {
        matching_round_candidates::Entity::insert_many(
            chunk
                .iter()
                .map(|id| matching_round_candidates::ActiveModel { round_id: Set(round_id), candidate_id: Set(*id) }),
        )
        .exec_without_returning(db)
        .await?;
    }
    let preference_rows: Vec<matching_round_preferences::ActiveModel> = preferences
        .iter()
        .enumerate()
        .flat_map(|(c, list)| list.iter().enumerate().map(move |(rank, p)| (c, rank, *p)).collect::<Vec<_>>())
        .map(|(c, rank, p)| matching_round_preferences::ActiveModel {
            round_id: Set(round_id),
            candidate_id: Set(candidate_ids[c]),
            rank: Set(rank as i32 + 1),
            package_id: Set(package_ids[p as usize]),
        })
        .collect();
    for chunk in preference_rows.chunks(1000) {
        matching_round_preferences::Entity::insert_many(chunk.to_vec()).exec_without_returning(db).await?;
    }
    for (chunk, capacities) in package_ids.chunks(1000).zip(capacities.chunks(1000)) {
        matching_round_packages::Entity::insert_many(chunk.iter().zip(capacities).map(|(id, positions)| {
            matching_round_packages::ActiveModel {
                round_id: Set(round_id),
                package_id: Set(*id),
                positions: Set(i32::try_from(*positions).unwrap_or(i32::MAX)),
            }
        }))
        .exec_without_returning(db)
        .await?;
    }
    for chunk in pairs.chunks(1000) {
        matching_round_pairs::Entity::insert_many(chunk.iter().map(|pair| matching_round_pairs::ActiveModel {
            round_id: Set(round_id),
            candidate_id: Set(candidate_ids[pair.candidate as usize]),
            package_id: Set(package_ids[pair.package as usize]),
            score: Set(i16::try_from(pair.score).unwrap_or(100)),
        }))
        .exec_without_returning(db)
        .await?;
    }
    match_service::propose_for_round(db, caller, round_id, &proposals, now).await?;
    audit::record(
        db,
        Actor::from(caller),
        Entry::new(AuditAction::Create, "matching_round").record(round_id).details(format!(
            "{}: {} voorstellen",
            algorithm.as_str(),
            proposals.len()
        )),
    )
    .await?;
    get(db, caller, round_id).await
}

fn algorithm_of(model: &matching_rounds::Model) -> ApiResult<RoundAlgorithm> {
    crate::db::stored(&model.algorithm, "round algorithm")
}

/// A round the caller may read: a regional caller every round, a municipal one the rounds of its
/// municipality.
async fn visible(db: &impl ConnectionTrait, caller: &AuthUser, id: Uuid) -> ApiResult<matching_rounds::Model> {
    matching_rounds::Entity::find_by_id(id)
        .filter(caller.within_region(matching_rounds::Column::MunicipalityId))
        .one(db)
        .await?
        .ok_or(ApiError::NotFound)
}

fn clamp_u8(value: i16) -> u8 {
    value.clamp(0, 100) as u8
}

fn clamp_u32(value: i32) -> u32 {
    u32::try_from(value).unwrap_or(0)
}

/// One round with its inputs and proposals. Audited: one read per candidate of the round.
pub async fn get(db: &impl ConnectionTrait, caller: &AuthUser, id: Uuid) -> ApiResult<Round> {
    let model = visible(db, caller, id).await?;
    let candidate_ids: Vec<Uuid> = matching_round_candidates::Entity::find()
        .filter(matching_round_candidates::Column::RoundId.eq(id))
        .order_by_asc(matching_round_candidates::Column::CandidateId)
        .all(db)
        .await?
        .into_iter()
        .map(|c| c.candidate_id)
        .collect();
    let mut preferences: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for row in matching_round_preferences::Entity::find()
        .filter(matching_round_preferences::Column::RoundId.eq(id))
        .order_by_asc(matching_round_preferences::Column::CandidateId)
        .order_by_asc(matching_round_preferences::Column::Rank)
        .all(db)
        .await?
    {
        preferences.entry(row.candidate_id).or_default().push(row.package_id);
    }
    let packages = matching_round_packages::Entity::find()
        .filter(matching_round_packages::Column::RoundId.eq(id))
        .order_by_asc(matching_round_packages::Column::PackageId)
        .all(db)
        .await?
        .into_iter()
        .map(|p| RoundPackage { id: p.package_id, positions: u16::try_from(p.positions).unwrap_or(u16::MAX) })
        .collect();
    let pairs_inline = usize::try_from(model.pair_count).unwrap_or(usize::MAX) <= INLINE_PAIRS;
    let pairs = if pairs_inline {
        matching_round_pairs::Entity::find()
            .filter(matching_round_pairs::Column::RoundId.eq(id))
            .order_by_asc(matching_round_pairs::Column::CandidateId)
            .order_by_asc(matching_round_pairs::Column::PackageId)
            .all(db)
            .await?
            .into_iter()
            .map(to_pair)
            .collect()
    } else {
        Vec::new()
    };
    let proposal_models = matches::Entity::find()
        .filter(matches::Column::RoundId.eq(id))
        .order_by_asc(matches::Column::CandidateId)
        .all(db)
        .await?;
    let proposals = match_service::to_matches(db, proposal_models)
        .await?
        .into_iter()
        .map(|m| RoundProposal {
            candidate_id: m.candidate_id,
            package_id: m.package_id,
            score: m.score.unwrap_or(0),
            match_id: m.id,
            stage: m.stage,
            version: m.version,
            candidate_name: m.candidate_name,
            package_title: m.package_title,
        })
        .collect::<Vec<_>>();
    let entries = candidate_ids
        .iter()
        .map(|c| Entry::new(AuditAction::Read, "candidate").record(*c).details(format!("matching round {id}")))
        .collect();
    audit::record_many(db, &Actor::from(caller), entries).await?;
    Ok(Round {
        id,
        algorithm: algorithm_of(&model)?,
        created_at: model.created_at,
        created_by: model.created_by_name,
        inputs: RoundInputs {
            candidates: candidate_ids
                .into_iter()
                .map(|c| RoundCandidate { id: c, preferences: preferences.remove(&c).unwrap_or_default() })
                .collect(),
            packages,
            pairs,
            pair_count: clamp_u32(model.pair_count),
            pairs_inline,
        },
        proposals,
    })
}

fn to_pair(p: matching_round_pairs::Model) -> RoundPair {
    RoundPair { candidate_id: p.candidate_id, package_id: p.package_id, score: clamp_u8(p.score) }
}

/// One page of a round's acceptable pairs, by candidate and package id. Audited: one read per candidate
/// on the page.
pub async fn pairs(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    id: Uuid,
    paging: PageRequest,
) -> ApiResult<Page<RoundPair>> {
    visible(db, caller, id).await?;
    let select = matching_round_pairs::Entity::find().filter(matching_round_pairs::Column::RoundId.eq(id));
    let (rows, total) = crate::infra::paging::fetch(
        db,
        select,
        |s| {
            s.order_by_asc(matching_round_pairs::Column::CandidateId)
                .order_by_asc(matching_round_pairs::Column::PackageId)
        },
        paging,
    )
    .await?;
    let items: Vec<RoundPair> = rows.into_iter().map(to_pair).collect();
    let mut seen = HashSet::new();
    let entries = items
        .iter()
        .filter(|p| seen.insert(p.candidate_id))
        .map(|p| {
            Entry::new(AuditAction::Read, "candidate")
                .record(p.candidate_id)
                .details(format!("matching round {id} pairs"))
        })
        .collect();
    audit::record_many(db, &Actor::from(caller), entries).await?;
    Ok(Page::new(items, paging, total))
}

/// One page of the rounds the caller may read, newest first. The list names no candidate.
pub async fn list(db: &impl ConnectionTrait, caller: &AuthUser, paging: PageRequest) -> ApiResult<Page<RoundSummary>> {
    let select = matching_rounds::Entity::find().filter(caller.within_region(matching_rounds::Column::MunicipalityId));
    let (rows, total) = crate::infra::paging::fetch(
        db,
        select,
        |s| s.order_by_desc(matching_rounds::Column::CreatedAt).order_by_desc(matching_rounds::Column::Id),
        paging,
    )
    .await?;
    let items = rows
        .into_iter()
        .map(|r| {
            Ok(RoundSummary {
                id: r.id,
                algorithm: algorithm_of(&r)?,
                created_at: r.created_at,
                created_by: r.created_by_name,
                candidate_count: clamp_u32(r.candidate_count),
                package_count: clamp_u32(r.package_count),
                position_count: clamp_u32(r.position_count),
                pair_count: clamp_u32(r.pair_count),
                proposal_count: clamp_u32(r.proposal_count),
                total_score: clamp_u32(r.total_score),
            })
        })
        .collect::<ApiResult<Vec<_>>>()?;
    Ok(Page::new(items, paging, total))
}

/// What the rounds held about one candidate (the GDPR copy), oldest round first.
pub async fn of_candidate(db: &impl ConnectionTrait, candidate_id: Uuid) -> ApiResult<Vec<CandidateInRound>> {
    let rounds = matching_round_candidates::Entity::find()
        .filter(matching_round_candidates::Column::CandidateId.eq(candidate_id))
        .order_by_asc(matching_round_candidates::Column::RoundId)
        .all(db)
        .await?;
    let mut held = Vec::new();
    for round in rounds {
        let preferences = matching_round_preferences::Entity::find()
            .filter(matching_round_preferences::Column::RoundId.eq(round.round_id))
            .filter(matching_round_preferences::Column::CandidateId.eq(candidate_id))
            .order_by_asc(matching_round_preferences::Column::Rank)
            .all(db)
            .await?
            .into_iter()
            .map(|p| p.package_id)
            .collect();
        let pairs = matching_round_pairs::Entity::find()
            .filter(matching_round_pairs::Column::RoundId.eq(round.round_id))
            .filter(matching_round_pairs::Column::CandidateId.eq(candidate_id))
            .order_by_asc(matching_round_pairs::Column::PackageId)
            .all(db)
            .await?
            .into_iter()
            .map(to_pair)
            .collect();
        held.push(CandidateInRound { round_id: round.round_id, preferences, pairs });
    }
    Ok(held)
}
