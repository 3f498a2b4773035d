//! Matches: proposing a candidate for a package, the steps of `shared::matching::lifecycle`, and what each
//! step moves along in the other capabilities (the candidate's status, the package's `open`/`filled`), in
//! the caller's transaction.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Query;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};
use shared::audit::AuditAction;
use shared::auth::Role;
use shared::candidates::CandidateStatus;
use shared::matching::lifecycle::{DeclinedBy, MatchActor, MatchStage, MatchStepError, check_step};
use shared::matching::wire::{CreateMatch, Match, MatchTransition};
use shared::paging::{Page, PageRequest};
use shared::problem::ProblemCode;
use shared::tasks::PackageStatus;
use shared::validation::Errors;
use uuid::Uuid;

use crate::audit::{self, Actor, Entry};
use crate::auth::AuthUser;
use crate::db::{candidates, match_steps, matches, package_positions, task_packages};
use crate::infra::error::{ApiError, ApiResult};

/// The stages in which a match holds a position, as the database's partial unique indexes name them.
pub const HOLDING: [&str; 3] = ["trial_placement", "agreed", "contracted"];

/// The filters of the match list.
#[derive(Debug, Default, Clone, Copy)]
pub struct MatchFilter {
    pub stage: Option<MatchStage>,
    pub package_id: Option<Uuid>,
    pub candidate_id: Option<Uuid>,
    pub organisation_id: Option<Uuid>,
}

/// The stages in which a partner sees a match of its own packages: from `introduced` on (and `declined`
/// when the match had been introduced).
const PARTNER_STAGES: [&str; 4] = ["introduced", "trial_placement", "agreed", "contracted"];

/// The candidates in a job coach's caseload: those whose current coach assignment (Guidance) names it on
/// `today`. A job coach reads the matches of these people only (any other match is 404).
pub async fn caseload(db: &impl ConnectionTrait, caller: &AuthUser, today: NaiveDate) -> ApiResult<Vec<Uuid>> {
    crate::guidance::service::caseload(db, caller, today).await
}

/// The matches the caller may read: staff those of packages within their region; a job coach those of
/// the candidates in its caseload; a partner those of its own organisation's packages from `introduced` on.
async fn in_scope(db: &impl ConnectionTrait, caller: &AuthUser, today: NaiveDate) -> ApiResult<Condition> {
    let packages = |condition: Condition| {
        matches::Column::PackageId.in_subquery(
            Query::select()
                .column(task_packages::Column::Id)
                .from(task_packages::Entity)
                .cond_where(condition)
                .to_owned(),
        )
    };
    Ok(match caller.role {
        Role::Admin | Role::Consultant => {
            Condition::all().add(packages(caller.within_region(task_packages::Column::MunicipalityId)))
        }
        Role::JobCoach => Condition::all().add(matches::Column::CandidateId.is_in(caseload(db, caller, today).await?)),
        Role::Partner => {
            let Some(organisation) = caller.organisation_id else { return Err(ApiError::NotFound) };
            let introduced = Query::select()
                .column(match_steps::Column::MatchId)
                .from(match_steps::Entity)
                .and_where(match_steps::Column::ToStage.eq(MatchStage::Introduced.as_str()))
                .to_owned();
            Condition::all()
                .add(packages(Condition::all().add(task_packages::Column::OrganisationId.eq(organisation))))
                .add(
                    Condition::any().add(matches::Column::Stage.is_in(PARTNER_STAGES)).add(
                        Condition::all()
                            .add(matches::Column::Stage.eq(MatchStage::Declined.as_str()))
                            .add(matches::Column::Id.in_subquery(introduced)),
                    ),
                )
        }
        Role::Finance | Role::Monitor | Role::Research => return Err(ApiError::Forbidden),
    })
}

async fn visible(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    id: Uuid,
    today: NaiveDate,
) -> ApiResult<matches::Model> {
    matches::Entity::find_by_id(id).filter(in_scope(db, caller, today).await?).one(db).await?.ok_or(ApiError::NotFound)
}

/// A match as `caller` may read it: a partner reads the candidate's first name and hours only (no score,
/// and a reason only when the organisation declined).
fn for_reader(caller: &AuthUser, mut m: Match, first_names: &HashMap<Uuid, String>) -> Match {
    if caller.role == Role::Partner {
        m.candidate_name = first_names.get(&m.candidate_id).cloned().unwrap_or_default();
        m.score = None;
        if m.declined_by != Some(DeclinedBy::Organisation) {
            m.decline_reason = String::new();
        }
    }
    m
}

/// Matches as `caller` may read them (see [`for_reader`]).
async fn to_matches_for(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    models: Vec<matches::Model>,
) -> ApiResult<Vec<Match>> {
    let first_names: HashMap<Uuid, String> = if caller.role == Role::Partner {
        let ids: Vec<Uuid> = models.iter().map(|m| m.candidate_id).collect();
        candidates::Entity::find()
            .filter(candidates::Column::Id.is_in(ids))
            .all(db)
            .await?
            .into_iter()
            .map(|c| (c.id, c.first_name))
            .collect()
    } else {
        HashMap::new()
    };
    Ok(to_matches(db, models).await?.into_iter().map(|m| for_reader(caller, m, &first_names)).collect())
}

/// Matches as the API shows them, with names and position numbers, in a few queries.
pub async fn to_matches(db: &impl ConnectionTrait, models: Vec<matches::Model>) -> ApiResult<Vec<Match>> {
    let candidate_ids: Vec<Uuid> = models.iter().map(|m| m.candidate_id).collect();
    let package_ids: Vec<Uuid> = models.iter().map(|m| m.package_id).collect();
    let position_ids: Vec<Uuid> = models.iter().filter_map(|m| m.position_id).collect();
    let people: HashMap<Uuid, (String, Option<u8>)> = candidates::Entity::find()
        .filter(candidates::Column::Id.is_in(candidate_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|c| {
            let name = format!("{} {}", c.first_name, c.last_name).trim().to_owned();
            (c.id, (name, c.available_hours.map(|h| h.clamp(0, 40) as u8)))
        })
        .collect();
    let titles: HashMap<Uuid, String> = task_packages::Entity::find()
        .filter(task_packages::Column::Id.is_in(package_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.title))
        .collect();
    let numbers: HashMap<Uuid, i32> = package_positions::Entity::find()
        .filter(package_positions::Column::Id.is_in(position_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.number))
        .collect();
    models
        .into_iter()
        .map(|m| {
            Ok(Match {
                id: m.id,
                candidate_id: m.candidate_id,
                candidate_name: people.get(&m.candidate_id).map(|p| p.0.clone()).unwrap_or_default(),
                candidate_hours: people.get(&m.candidate_id).and_then(|p| p.1),
                package_id: m.package_id,
                package_title: titles.get(&m.package_id).cloned().unwrap_or_default(),
                position_number: m.position_id.and_then(|p| numbers.get(&p)).map(|n| (*n).clamp(0, 1000) as u16),
                stage: crate::db::stored(&m.stage, "match stage")?,
                score: m.score.map(|s| s.clamp(0, 100) as u8),
                declined_by: crate::db::stored_opt::<DeclinedBy>(m.declined_by.as_deref(), "declined by")?,
                decline_reason: m.decline_reason,
                trial_start_date: m.trial_start_date,
                trial_end_date: m.trial_end_date,
                created_at: m.created_at,
                updated_at: m.updated_at,
                version: m.version,
            })
        })
        .collect()
}

/// One page of matches, most recently changed first. Audited: one read per candidate listed.
pub async fn list(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    filter: MatchFilter,
    paging: PageRequest,
    today: NaiveDate,
) -> ApiResult<Page<Match>> {
    let mut condition = in_scope(db, caller, today).await?;
    if let Some(stage) = filter.stage {
        condition = condition.add(matches::Column::Stage.eq(stage.as_str()));
    }
    if let Some(package) = filter.package_id {
        condition = condition.add(matches::Column::PackageId.eq(package));
    }
    if let Some(candidate) = filter.candidate_id {
        condition = condition.add(matches::Column::CandidateId.eq(candidate));
    }
    if let Some(organisation) = filter.organisation_id {
        condition = condition.add(
            matches::Column::PackageId.in_subquery(
                Query::select()
                    .column(task_packages::Column::Id)
                    .from(task_packages::Entity)
                    .and_where(task_packages::Column::OrganisationId.eq(organisation))
                    .to_owned(),
            ),
        );
    }
    let select = matches::Entity::find().filter(condition);
    let (rows, total) = crate::infra::paging::fetch(
        db,
        select,
        |s| s.order_by_desc(matches::Column::UpdatedAt).order_by_desc(matches::Column::Id),
        paging,
    )
    .await?;
    let items = to_matches_for(db, caller, rows).await?;
    let entries = items
        .iter()
        .map(|m| Entry::new(AuditAction::Read, "candidate").record(m.candidate_id).details(format!("match {}", m.id)))
        .collect();
    audit::record_many(db, &Actor::from(caller), entries).await?;
    Ok(Page::new(items, paging, total))
}

/// One match (audited as a read of its candidate).
pub async fn get(db: &impl ConnectionTrait, caller: &AuthUser, id: Uuid, today: NaiveDate) -> ApiResult<Match> {
    let model = visible(db, caller, id, today).await?;
    audit::record(
        db,
        Actor::from(caller),
        Entry::new(AuditAction::Read, "candidate").record(model.candidate_id).details(format!("match {id}")),
    )
    .await?;
    Ok(to_matches_for(db, caller, vec![model]).await?.remove(0))
}

async fn record_step(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    match_id: Uuid,
    (from, to): (Option<MatchStage>, MatchStage),
    reason: &str,
    declined_by: Option<DeclinedBy>,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let actor = Actor::from(caller);
    match_steps::Entity::insert(match_steps::ActiveModel {
        id: Set(Uuid::now_v7()),
        match_id: Set(match_id),
        from_stage: Set(from.map(|s| s.as_str().to_owned())),
        to_stage: Set(to.as_str().to_owned()),
        reason: Set(reason.to_owned()),
        declined_by: Set(declined_by.map(|d| <&str>::from(d).to_owned())),
        actor_id: Set(actor.user_id),
        actor_kind: Set(actor.kind().to_owned()),
        actor_name: Set(actor.name),
        at: Set(now),
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Proposes an eligible candidate for an open package of the same municipality (staff).
pub async fn create(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    request: CreateMatch,
    now: DateTime<Utc>,
) -> ApiResult<Match> {
    let mut errors = Errors::default();
    let candidate = match request.candidate_id {
        Some(id) => crate::registration::service::load(db, caller, id).await.ok(),
        None => None,
    };
    if candidate.is_none() {
        errors.add("candidateId", "unknown", "kies een kandidaat");
    }
    let package = match request.package_id {
        Some(id) => crate::tasks::package_service::visible_package(db, caller, id).await.ok(),
        None => None,
    };
    if package.is_none() {
        errors.add("packageId", "unknown", "kies een takenpakket");
    }
    errors.finish(()).map_err(ApiError::Validation)?;
    let (Some(candidate), Some(package)) = (candidate, package) else { return Err(ApiError::NotFound) };
    if candidate.model.municipality_id != package.municipality_id {
        return Err(ApiError::validation(
            "packageId",
            "other_municipality",
            "dit pakket hoort bij een andere gemeente",
        ));
    }
    let status: CandidateStatus = crate::db::stored(&candidate.model.status, "candidate status")?;
    if status != CandidateStatus::Eligible {
        return Err(ApiError::Conflict {
            code: ProblemCode::NotInMatching,
            detail: "Alleen een kandidaat die geschikt is bevonden wordt voorgesteld.".into(),
        });
    }
    if crate::db::stored::<PackageStatus>(&package.status, "package status")? != PackageStatus::Open {
        return Err(ApiError::Conflict {
            code: ProblemCode::IllegalTransition,
            detail: "Alleen een open takenpakket krijgt voorstellen.".into(),
        });
    }
    let live = matches::Entity::find()
        .filter(matches::Column::CandidateId.eq(candidate.model.id))
        .filter(matches::Column::PackageId.eq(package.id))
        .filter(matches::Column::Stage.is_not_in([MatchStage::Declined.as_str(), MatchStage::Contracted.as_str()]))
        .count(db)
        .await?;
    if live > 0 {
        return Err(ApiError::Conflict {
            code: ProblemCode::Duplicate,
            detail: "Deze kandidaat is al voorgesteld voor dit pakket.".into(),
        });
    }
    let id = Uuid::now_v7();
    matches::Entity::insert(matches::ActiveModel {
        id: Set(id),
        candidate_id: Set(candidate.model.id),
        package_id: Set(package.id),
        position_id: Set(None),
        round_id: Set(None),
        stage: Set(MatchStage::Proposed.as_str().to_owned()),
        score: Set(None),
        declined_by: Set(None),
        decline_reason: Set(String::new()),
        trial_start_date: Set(None),
        trial_end_date: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        released_at: Set(None),
    })
    .exec_without_returning(db)
    .await?;
    record_step(db, caller, id, (None, MatchStage::Proposed), "", None, now).await?;
    audit::record(db, Actor::from(caller), Entry::new(AuditAction::Create, "match").record(id)).await?;
    Ok(to_matches_for(db, caller, vec![visible(db, caller, id, now.date_naive()).await?]).await?.remove(0))
}

/// One proposal of a matching round: a candidate, a package and the pair's fit score.
#[derive(Debug, Clone, Copy)]
pub struct Proposal {
    pub candidate_id: Uuid,
    pub package_id: Uuid,
    pub score: u8,
}

/// Creates the `proposed` matches of a matching round, each with its first step, in the caller's
/// transaction: the ids of the matches, in the order of `proposals`. The round checked beforehand that
/// each candidate is eligible, each package open, and that no live match joins them yet.
pub async fn propose_for_round(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    round_id: Uuid,
    proposals: &[Proposal],
    now: DateTime<Utc>,
) -> ApiResult<Vec<Uuid>> {
    let ids: Vec<Uuid> = proposals.iter().map(|_| Uuid::now_v7()).collect();
    let actor = Actor::from(caller);
    // 14 columns (matches) and 10 (steps): 500 rows a statement stay under every parameter limit.
    for (chunk, chunk_ids) in proposals.chunks(500).zip(ids.chunks(500)) {
        matches::Entity::insert_many(chunk.iter().zip(chunk_ids).map(|(p, id)| matches::ActiveModel {
            id: Set(*id),
            candidate_id: Set(p.candidate_id),
            package_id: Set(p.package_id),
            position_id: Set(None),
            round_id: Set(Some(round_id)),
            stage: Set(MatchStage::Proposed.as_str().to_owned()),
            score: Set(Some(i16::from(p.score))),
            declined_by: Set(None),
            decline_reason: Set(String::new()),
            trial_start_date: Set(None),
            trial_end_date: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
            released_at: Set(None),
        }))
        .exec_without_returning(db)
        .await?;
        match_steps::Entity::insert_many(chunk_ids.iter().map(|id| match_steps::ActiveModel {
            id: Set(Uuid::now_v7()),
            match_id: Set(*id),
            from_stage: Set(None),
            to_stage: Set(MatchStage::Proposed.as_str().to_owned()),
            reason: Set(format!("matchingsronde {round_id}")),
            declined_by: Set(None),
            actor_id: Set(actor.user_id),
            actor_kind: Set(actor.kind().to_owned()),
            actor_name: Set(actor.name.clone()),
            at: Set(now),
        }))
        .exec_without_returning(db)
        .await?;
    }
    let entries = ids
        .iter()
        .map(|id| Entry::new(AuditAction::Create, "match").record(*id).details(format!("round {round_id}")))
        .collect();
    audit::record_many(db, &actor, entries).await?;
    Ok(ids)
}

/// The live matches (neither declined nor contracted) of these packages, as `(candidate, package)`.
pub async fn live_pairs(
    db: &impl ConnectionTrait,
    package_ids: &[Uuid],
) -> ApiResult<std::collections::HashSet<(Uuid, Uuid)>> {
    let mut live = std::collections::HashSet::new();
    for chunk in package_ids.chunks(500) {
        for m in matches::Entity::find()
            .filter(matches::Column::PackageId.is_in(chunk.to_vec()))
            .filter(matches::Column::Stage.is_not_in([MatchStage::Declined.as_str(), MatchStage::Contracted.as_str()]))
            .all(db)
            .await?
        {
            live.insert((m.candidate_id, m.package_id));
        }
    }
    Ok(live)
}

/// The free positions of each package: its positions that no placement holds.
pub async fn free_positions(db: &impl ConnectionTrait, package_ids: &[Uuid]) -> ApiResult<HashMap<Uuid, u32>> {
    let mut free: HashMap<Uuid, u32> = package_ids.iter().map(|id| (*id, 0)).collect();
    for chunk in package_ids.chunks(500) {
        let held: std::collections::HashSet<Uuid> = matches::Entity::find()
            .filter(matches::Column::PackageId.is_in(chunk.to_vec()))
            .filter(matches::Column::Stage.is_in(HOLDING))
            .filter(matches::Column::ReleasedAt.is_null())
            .all(db)
            .await?
            .into_iter()
            .filter_map(|m| m.position_id)
            .collect();
        for position in package_positions::Entity::find()
            .filter(package_positions::Column::PackageId.is_in(chunk.to_vec()))
            .all(db)
            .await?
        {
            if !held.contains(&position.id) {
                *free.entry(position.package_id).or_default() += 1;
            }
        }
    }
    Ok(free)
}

/// The position a step to `trial_placement` takes: the one asked for, if it is the package's and free, else
/// the free one with the lowest number.
async fn free_position(db: &impl ConnectionTrait, package_id: Uuid, asked: Option<Uuid>) -> ApiResult<Uuid> {
    let positions = package_positions::Entity::find()
        .filter(package_positions::Column::PackageId.eq(package_id))
        .order_by_asc(package_positions::Column::Number)
        .all(db)
        .await?;
    let held: Vec<Uuid> = matches::Entity::find()
        .filter(matches::Column::PackageId.eq(package_id))
        .filter(matches::Column::Stage.is_in(HOLDING))
        .filter(matches::Column::ReleasedAt.is_null())
        .all(db)
        .await?
        .into_iter()
        .filter_map(|m| m.position_id)
        .collect();
    if let Some(asked) = asked {
        if !positions.iter().any(|p| p.id == asked) {
            return Err(ApiError::validation("positionId", "unknown", "deze plek hoort niet bij dit pakket"));
        }
        if held.contains(&asked) {
            return Err(taken());
        }
        return Ok(asked);
    }
    positions.into_iter().find(|p| !held.contains(&p.id)).map(|p| p.id).ok_or_else(taken)
}

fn taken() -> ApiError {
    ApiError::Conflict { code: ProblemCode::Conflict, detail: "Elke plek van dit pakket is al bezet.".into() }
}

/// Takes one step of a match (staff), with what it moves along: at `trial_placement` the match takes a
/// position, the candidate moves to `matched` and a package whose positions are all held to `filled`; a
/// placement declined frees its position, moves the candidate back to `eligible` and the package back to
/// `open`.
pub async fn transition(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    id: Uuid,
    request: MatchTransition,
    now: DateTime<Utc>,
) -> ApiResult<Match> {
    let current = visible(db, caller, id, now.date_naive()).await?;
    let from: MatchStage = crate::db::stored(&current.stage, "match stage")?;
    // A partner declines for its organisation (it need not say so); staff take every other step.
    let (actor, declined_by) = match caller.role {
        Role::Partner => (
            MatchActor::Partner,
            request.declined_by.or((request.to == Some(MatchStage::Declined)).then_some(DeclinedBy::Organisation)),
        ),
        _ => (MatchActor::Staff, request.declined_by),
    };
    let mut errors = Errors::default();
    if request.to.is_none() {
        errors.add("to", "required", "kies de stap");
    }
    let version = errors.version(request.version);
    let to = request.to.unwrap_or(MatchStage::Proposed);
    let reason = request.reason.trim().to_owned();
    if reason.chars().count() > 2000 {
        errors.add("reason", "too_long", "maximaal 2000 tekens");
    }
    if request.to.is_some() {
        match check_step(from, to, actor, declined_by) {
            Ok(()) => {}
            Err(MatchStepError::DeclinedByRequired) => {
                errors.add("declinedBy", "required", "wie zegt nee: de kandidaat, de organisatie of de gemeente")
            }
            Err(MatchStepError::DeclinedByNotAllowed) => errors.add("declinedBy", "not_allowed", "alleen bij afwijzen"),
            Err(MatchStepError::NotAllowed { from, to }) => {
                errors.finish(()).map_err(ApiError::Validation)?;
                return Err(ApiError::Conflict {
                    code: ProblemCode::IllegalTransition,
                    detail: format!("Van {} kan een match niet naar {}.", from.as_str(), to.as_str()),
                });
            }
        }
    }
    if to == MatchStage::Declined && reason.is_empty() {
        errors.add("reason", "required", "geef de reden");
    }
    if to == MatchStage::TrialPlacement {
        match (request.trial_start_date, request.trial_end_date) {
            (Some(start), Some(end)) if end < start => {
                errors.add("trialEndDate", "before_start", "de proefplaatsing eindigt na de start")
            }
            (start, end) => {
                if start.is_none() {
                    errors.add("trialStartDate", "required", "de eerste dag van de proefplaatsing");
                }
                if end.is_none() {
                    errors.add("trialEndDate", "required", "de laatste dag van de proefplaatsing");
                }
            }
        }
    }
    errors.finish(()).map_err(ApiError::Validation)?;
    if version != current.version {
        return Err(ApiError::stale_version());
    }
    let position = match to {
        MatchStage::TrialPlacement => Some(free_position(db, current.package_id, request.position_id).await?),
        MatchStage::Declined => None,
        _ => current.position_id,
    };
    let mut row = matches::ActiveModel {
        stage: Set(to.as_str().to_owned()),
        position_id: Set(position),
        updated_at: Set(now),
        version: Set(version + 1),
        ..Default::default()
    };
    if to == MatchStage::TrialPlacement {
        row.trial_start_date = Set(request.trial_start_date);
        row.trial_end_date = Set(request.trial_end_date);
    }
    if to == MatchStage::Declined {
        row.declined_by = Set(declined_by.map(|d| <&str>::from(d).to_owned()));
        row.decline_reason = Set(reason.clone());
    }
    let result = matches::Entity::update_many()
        .set(row)
        .filter(matches::Column::Id.eq(id))
        .filter(matches::Column::Version.eq(version))
        .exec(db)
        .await?;
    if result.rows_affected != 1 {
        return Err(ApiError::stale_version());
    }
    record_step(db, caller, id, (Some(from), to), &reason, declined_by, now).await?;
    let registration = crate::registration::service::move_status;
    if to == MatchStage::TrialPlacement {
        registration(db, caller, current.candidate_id, CandidateStatus::Matched, "proefplaatsing", None, now).await?;
    }
    if to == MatchStage::Declined && from.holds_position() {
        registration(db, caller, current.candidate_id, CandidateStatus::Eligible, "plaatsing gestopt", None, now)
            .await?;
    }
    if to == MatchStage::TrialPlacement || (to == MatchStage::Declined && from.holds_position()) {
        crate::tasks::package_service::follow_positions(db, current.package_id, now).await?;
    }
    audit::record(
        db,
        Actor::from(caller),
        Entry::new(AuditAction::Update, "match").record(id).details(format!("{} -> {}", from.as_str(), to.as_str())),
    )
    .await?;
    Ok(to_matches_for(db, caller, vec![visible(db, caller, id, now.date_naive()).await?]).await?.remove(0))
}

/// The system's step `agreed -> contracted` when the match's contract is signed (Contracts), in the
/// caller's transaction: recorded with actor `system`. 409 when the match is no longer `agreed`.
pub async fn contract_signed(db: &impl ConnectionTrait, id: Uuid, now: DateTime<Utc>) -> ApiResult<()> {
    let current = matches::Entity::find_by_id(id).one(db).await?.ok_or(ApiError::NotFound)?;
    let from: MatchStage = crate::db::stored(&current.stage, "match stage")?;
    if check_step(from, MatchStage::Contracted, MatchActor::System, None).is_err() {
        return Err(ApiError::Conflict {
            code: ProblemCode::IllegalTransition,
            detail: format!("De match staat op {}, niet op agreed: het contract wordt niet getekend.", from.as_str()),
        });
    }
    let result = matches::Entity::update_many()
        .set(matches::ActiveModel {
            stage: Set(MatchStage::Contracted.as_str().to_owned()),
            updated_at: Set(now),
            version: Set(current.version + 1),
            ..Default::default()
        })
        .filter(matches::Column::Id.eq(id))
        .filter(matches::Column::Version.eq(current.version))
        .exec(db)
        .await?;
    if result.rows_affected != 1 {
        return Err(ApiError::stale_version());
    }
    let system = Actor { name: Some(crate::audit::SYSTEM.into()), ..Default::default() };
    match_steps::Entity::insert(match_steps::ActiveModel {
        id: Set(Uuid::now_v7()),
        match_id: Set(id),
        from_stage: Set(Some(from.as_str().to_owned())),
        to_stage: Set(MatchStage::Contracted.as_str().to_owned()),
        reason: Set("contract ondertekend".into()),
        declined_by: Set(None),
        actor_id: Set(None),
        actor_kind: Set(system.kind().to_owned()),
        actor_name: Set(system.name.clone()),
        at: Set(now),
    })
    .exec_without_returning(db)
    .await?;
    audit::record(
        db,
        system,
        Entry::new(AuditAction::Update, "match").record(id).details(format!("{} -> contracted", from.as_str())),
    )
    .await?;
    Ok(())
}

/// Frees the position of a `contracted` match whose contract ended (Contracts): the match keeps its stage
/// and history, and `released_at` takes it out of the placement indexes, so the position can be taken again.
/// Answers the match's package, for the caller to reopen.
pub async fn release_position(db: &impl ConnectionTrait, id: Uuid, now: DateTime<Utc>) -> ApiResult<Uuid> {
    let current = matches::Entity::find_by_id(id).one(db).await?.ok_or(ApiError::NotFound)?;
    if current.released_at.is_none() {
        matches::Entity::update_many()
            .set(matches::ActiveModel {
                released_at: Set(Some(now)),
                updated_at: Set(now),
                version: Set(current.version + 1),
                ..Default::default()
            })
            .filter(matches::Column::Id.eq(id))
            .exec(db)
            .await?;
    }
    Ok(current.package_id)
}
