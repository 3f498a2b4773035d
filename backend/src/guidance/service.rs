//! Guidance: the rules, reads and writes (see the module's comment for who reads what).

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rust_decimal::Decimal;
use sea_orm::sea_query::Query;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use shared::audit::AuditAction;
use shared::auth::Role;
use shared::guidance::{
    Assignment, AssignmentKind, CaseloadEntry, CheckIn, CreateAssignment, CreateCheckIn, CreateEmployerNote,
    CreateGoal, CreateProvision, Domain, EmployerNote, EndAssignment, Goal, GoalProgress, GoalUpdate, GuidanceOverview,
    Provision, UpdateProvision,
};
use shared::paging::{Page, PageRequest};
use shared::problem::ProblemCode;
use uuid::Uuid;

use crate::audit::{self, Actor, Entry};
use crate::auth::AuthUser;
use crate::db::{
    candidates, contracts, employer_notes, guidance_assignments as assignments, guidance_check_in_domains as domains,
    guidance_check_ins as check_ins, guidance_goal_updates as goal_updates, guidance_goals as goals,
    guidance_provisions as provisions, organisations, users,
};
use crate::infra::error::{ApiError, ApiResult};

const LIVE: [&str; 3] = ["draft", "signed", "active"];
const COACH: &str = "coach";
const MENTOR: &str = "mentor";

/// What the caller may read of one person's guidance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Admins and consultants within their region, and the person's current job coach.
    Full,
    /// Finance: the provisions and their cost only.
    Provisions,
    /// A partner whose package the person works on: the first name, hours and the mentor.
    Placement(Uuid),
}

/// The condition "this assignment is current on `today`".
fn current_on(today: NaiveDate) -> Condition {
    Condition::all().add(assignments::Column::FromDate.lte(today)).add(
        Condition::any().add(assignments::Column::UntilDate.is_null()).add(assignments::Column::UntilDate.gte(today)),
    )
}

/// The people whose current coach assignment names `coach` (a job coach's caseload).
pub async fn caseload_of(db: &impl ConnectionTrait, coach: Uuid, today: NaiveDate) -> ApiResult<Vec<Uuid>> {
    let mut ids: Vec<Uuid> = assignments::Entity::find()
        .select_only()
        .column(assignments::Column::CandidateId)
        .filter(assignments::Column::Kind.eq(COACH))
        .filter(assignments::Column::CoachUserId.eq(coach))
        .filter(current_on(today))
        .into_tuple()
        .all(db)
        .await?;
    ids.sort();
    ids.dedup();
    Ok(ids)
}

/// The caller's caseload: a job coach's people (none for an API client or another role).
pub async fn caseload(db: &impl ConnectionTrait, caller: &AuthUser, today: NaiveDate) -> ApiResult<Vec<Uuid>> {
    match (caller.role, caller.user_id) {
        (Role::JobCoach, Some(me)) => caseload_of(db, me, today).await,
        _ => Ok(Vec::new()),
    }
}

/// Whether `candidate` is in the caller's caseload (a job coach whose current coach assignment names it).
pub async fn in_caseload(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    candidate: Uuid,
    today: NaiveDate,
) -> ApiResult<bool> {
    let (Role::JobCoach, Some(me)) = (caller.role, caller.user_id) else { return Ok(false) };
    let found = assignments::Entity::find()
        .filter(assignments::Column::CandidateId.eq(candidate))
        .filter(assignments::Column::Kind.eq(COACH))
        .filter(assignments::Column::CoachUserId.eq(me))
        .filter(current_on(today))
        .one(db)
        .await?;
    Ok(found.is_some())
}

/// The person, if not erased and within the caller's region.
async fn person(db: &impl ConnectionTrait, caller: &AuthUser, id: Uuid) -> ApiResult<candidates::Model> {
    candidates::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|c| c.erased_at.is_none())
        .filter(|c| caller.covers(c.municipality_id))
        .ok_or(ApiError::NotFound)
}

/// The person's live contract (draft, signed or active), if any.
async fn live_contract(db: &impl ConnectionTrait, candidate: Uuid) -> ApiResult<Option<contracts::Model>> {
    Ok(contracts::Entity::find()
        .filter(contracts::Column::CandidateId.eq(candidate))
        .filter(contracts::Column::Status.is_in(LIVE))
        .one(db)
        .await?)
}

/// What the caller may read of `candidate`'s guidance; 404 when nothing (another region, not in a job
/// coach's caseload, not a placement of the partner's packages), 403 for a monitor.
pub async fn access(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    candidate: Uuid,
    today: NaiveDate,
) -> ApiResult<(candidates::Model, Access)> {
    match caller.role {
        Role::Admin | Role::Consultant => Ok((person(db, caller, candidate).await?, Access::Full)),
        Role::Finance => Ok((person(db, caller, candidate).await?, Access::Provisions)),
        Role::JobCoach => {
            let person = person(db, caller, candidate).await?;
            if in_caseload(db, caller, candidate, today).await? {
                Ok((person, Access::Full))
            } else {
                Err(ApiError::NotFound)
            }
        }
        Role::Partner => {
            let organisation = caller.organisation_id.ok_or(ApiError::NotFound)?;
            let contract = live_contract(db, candidate).await?.filter(|c| c.organisation_id == organisation);
            let person = candidates::Entity::find_by_id(candidate).one(db).await?.filter(|c| c.erased_at.is_none());
            match (contract, person) {
                (Some(_), Some(person)) => Ok((person, Access::Placement(organisation))),
                _ => Err(ApiError::NotFound),
            }
        }
        Role::Monitor | Role::Research => Err(crate::auth::forbidden()),
    }
}

/// The caller may write check-ins and goals of the person (admins and consultants within their region, the
/// person's current job coach); the person.
async fn writable(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    candidate: Uuid,
    today: NaiveDate,
) -> ApiResult<candidates::Model> {
    match access(db, caller, candidate, today).await? {
        (person, Access::Full) => Ok(person),
        _ => Err(crate::auth::forbidden()),
    }
}

/// Who records an entry: the user's id and display name (an API client: its client id). The caller's
/// `name` is the username, for the audit log; people read the display name.
async fn author(db: &impl ConnectionTrait, caller: &AuthUser) -> ApiResult<(Option<Uuid>, Option<String>)> {
    let shown = match caller.user_id {
        Some(id) => users::Entity::find_by_id(id).one(db).await?.map(|u| u.display_name),
        None => None,
    };
    Ok((caller.user_id, Some(shown.unwrap_or_else(|| caller.name.clone()))))
}

/// The current display names of the users among `ids`, so that an author is shown by name even where an
/// older row stored the username.
async fn display_names(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = Option<Uuid>>,
) -> ApiResult<HashMap<Uuid, String>> {
    let mut ids: Vec<Uuid> = ids.into_iter().flatten().collect();
    ids.sort();
    ids.dedup();
    let mut names = HashMap::new();
    for chunk in ids.chunks(500) {
        for user in users::Entity::find().filter(users::Column::Id.is_in(chunk.to_vec())).all(db).await? {
            names.insert(user.id, user.display_name);
        }
    }
    Ok(names)
}

/// The name to show for an entry's author: the user's display name, else what was stored.
fn shown_author(names: &HashMap<Uuid, String>, id: Option<Uuid>, stored: Option<String>) -> Option<String> {
    id.and_then(|id| names.get(&id).cloned()).or(stored)
}

fn read_entry(candidate: Uuid, what: &str) -> Entry {
    Entry::new(AuditAction::Read, "candidate").record(candidate).details(format!("guidance {what}"))
}

// ---- Assignments ----------------------------------------------------------------------------------------

async fn to_assignments(
    db: &impl ConnectionTrait,
    rows: Vec<assignments::Model>,
    today: NaiveDate,
) -> ApiResult<Vec<Assignment>> {
    let user_ids: Vec<Uuid> = rows.iter().filter_map(|a| a.coach_user_id).collect();
    let names: HashMap<Uuid, String> = if user_ids.is_empty() {
        HashMap::new()
    } else {
        users::Entity::find()
            .filter(users::Column::Id.is_in(user_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|u| (u.id, u.display_name))
            .collect()
    };
    let org_ids: Vec<Uuid> = rows.iter().filter_map(|a| a.guidance_organisation_id).collect();
    let orgs: HashMap<Uuid, String> = if org_ids.is_empty() {
        HashMap::new()
    } else {
        organisations::Entity::find()
            .filter(organisations::Column::Id.is_in(org_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|o| (o.id, o.name))
            .collect()
    };
    let authors = display_names(db, rows.iter().map(|a| a.assigned_by_id)).await?;
    rows.into_iter()
        .map(|a| {
            Ok(Assignment {
                id: a.id,
                candidate_id: a.candidate_id,
                kind: crate::db::stored(&a.kind, "assignment kind")?,
                from: a.from_date,
                until: a.until_date,
                coach_user_id: a.coach_user_id,
                coach_name: a.coach_user_id.and_then(|u| names.get(&u).cloned()),
                guidance_organisation_id: a.guidance_organisation_id,
                guidance_organisation_name: a.guidance_organisation_id.and_then(|o| orgs.get(&o).cloned()),
                organisation_id: a.organisation_id,
                mentor_name: a.mentor_name,
                mentor_contact: a.mentor_contact,
                current: a.from_date <= today && a.until_date.is_none_or(|u| u >= today),
                assigned_by: shown_author(&authors, a.assigned_by_id, a.assigned_by_name),
                assigned_at: a.created_at,
                end_reason: a.end_reason,
            })
        })
        .collect()
}

/// Whether the placement needs a new mentor: a mentor was assigned once, and none is current or to come.
pub fn handover_needed(rows: &[Assignment], today: NaiveDate) -> bool {
    let mentors: Vec<&Assignment> = rows.iter().filter(|a| a.kind == AssignmentKind::Mentor).collect();
    !mentors.is_empty() && mentors.iter().all(|a| a.until.is_some_and(|u| u < today))
}

/// The condition "the person needs a new mentor on `today`", on `candidates.id`.
pub(crate) fn handover_condition(today: NaiveDate) -> Condition {
    let any_mentor = Query::select()
        .column(assignments::Column::CandidateId)
        .from(assignments::Entity)
        .and_where(assignments::Column::Kind.eq(MENTOR))
        .to_owned();
    let live_mentor = Query::select()
        .column(assignments::Column::CandidateId)
        .from(assignments::Entity)
        .and_where(assignments::Column::Kind.eq(MENTOR))
        .cond_where(
            Condition::any()
                .add(assignments::Column::UntilDate.is_null())
                .add(assignments::Column::UntilDate.gte(today)),
        )
        .to_owned();
    Condition::all()
        .add(candidates::Column::Id.in_subquery(any_mentor))
        .add(candidates::Column::Id.not_in_subquery(live_mentor))
}

/// Assigns a new job coach or workplace mentor from `from` on; the current one of that kind ends the day
/// before (409 `conflict` when it started on or after `from`). Admins and consultants assign both; a
/// partner only the mentor of its own placements. A coach must be an active user with the role
/// `job_coach`; a mentor's work provider is the organisation of the person's live contract.
pub async fn assign(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    candidate: Uuid,
    input: CreateAssignment,
    now: DateTime<Utc>,
) -> ApiResult<Assignment> {
    let today = now.date_naive();
    let (person, access) = access(db, caller, candidate, today).await?;
    let checked = input.check().map_err(ApiError::Validation)?;
    match (access, checked.kind) {
        (Access::Full, _) if matches!(caller.role, Role::Admin | Role::Consultant) => {}
        (Access::Placement(_), AssignmentKind::Mentor) => {}
        _ => return Err(crate::auth::forbidden()),
    }
    let contract = live_contract(db, person.id).await?;
    let (coach, organisation) = match checked.kind {
        AssignmentKind::Coach => {
            let coach_id = checked.coach_user_id.unwrap_or_default();
            let coach = users::Entity::find_by_id(coach_id)
                .one(db)
                .await?
                .filter(|u| u.role == Role::JobCoach.as_str() && !u.disabled);
            if coach.is_none() {
                return Err(ApiError::validation(
                    "coachUserId",
                    "unknown",
                    "een actieve gebruiker met de rol jobcoach",
                ));
            }
            if let Some(org) = checked.guidance_organisation_id
                && organisations::Entity::find_by_id(org).one(db).await?.is_none()
            {
                return Err(ApiError::validation("guidanceOrganisationId", "unknown", "een bekende organisatie"));
            }
            (Some(coach_id), None)
        }
        AssignmentKind::Mentor => (None, contract.as_ref().map(|c| c.organisation_id)),
    };
    // The current (or planned) assignment of this kind ends the day before the new one starts.
    let open = assignments::Entity::find()
        .filter(assignments::Column::CandidateId.eq(person.id))
        .filter(assignments::Column::Kind.eq(checked.kind.as_str()))
        .filter(
            Condition::any()
                .add(assignments::Column::UntilDate.is_null())
                .add(assignments::Column::UntilDate.gte(checked.from)),
        )
        .all(db)
        .await?;
    let day_before = checked.from - Duration::days(1);
    for previous in &open {
        if previous.from_date >= checked.from {
            return Err(ApiError::Conflict {
                code: ProblemCode::Conflict,
                detail: format!("er is al een toewijzing vanaf {}", previous.from_date),
            });
        }
        assignments::Entity::update_many()
            .set(assignments::ActiveModel {
                until_date: Set(Some(day_before)),
                end_reason: Set("opgevolgd".into()),
                ended_by_id: Set(caller.user_id),
                ended_at: Set(Some(now)),
                ..Default::default()
            })
            .filter(assignments::Column::Id.eq(previous.id))
            .exec(db)
            .await?;
    }
    let (by_id, by_name) = author(db, caller).await?;
    let row = assignments::ActiveModel {
        id: Set(Uuid::now_v7()),
        candidate_id: Set(person.id),
        kind: Set(checked.kind.as_str().into()),
        from_date: Set(checked.from),
        until_date: Set(checked.until),
        coach_user_id: Set(coach),
        guidance_organisation_id: Set(checked.guidance_organisation_id.filter(|_| coach.is_some())),
        organisation_id: Set(organisation),
        mentor_name: Set(checked.mentor_name),
        mentor_contact: Set(checked.mentor_contact),
        assigned_by_id: Set(by_id),
        assigned_by_name: Set(by_name),
        created_at: Set(now),
        end_reason: Set(String::new()),
        ended_by_id: Set(None),
        ended_at: Set(None),
    };
    let model = row.insert(db).await?;
    audit::record(
        db,
        Actor::from(caller),
        Entry::new(AuditAction::Create, "candidate")
            .record(person.id)
            .details(format!("guidance {}", checked.kind.as_str())),
    )
    .await?;
    Ok(to_assignments(db, vec![model], today).await?.remove(0))
}

/// Ends an assignment on its last day `until` (a mentor who leaves: the placement then needs a new one).
/// Admins and consultants; a partner the mentor assignments of its own placements. 409 `not_editable` when
/// it already ended before `until`'s day or `until` lies before its first day.
pub async fn end_assignment(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    id: Uuid,
    input: EndAssignment,
    now: DateTime<Utc>,
) -> ApiResult<Assignment> {
    let today = now.date_naive();
    let row = assignments::Entity::find_by_id(id).one(db).await?.ok_or(ApiError::NotFound)?;
    let (_, access) = access(db, caller, row.candidate_id, today).await?;
    match access {
        Access::Full if matches!(caller.role, Role::Admin | Role::Consultant) => {}
        Access::Placement(org) if row.kind == MENTOR && row.organisation_id == Some(org) => {}
        Access::Placement(_) => return Err(ApiError::NotFound),
        _ => return Err(crate::auth::forbidden()),
    }
    let mut errors = shared::validation::Errors::default();
    if input.until.is_none() {
        errors.add("until", "required", "de laatste dag");
    }
    let reason = shared::text::clean(&input.reason);
    if reason.chars().count() > 500 {
        errors.add("reason", "too_long", "maximaal 500 tekens");
    }
    errors.finish(()).map_err(ApiError::Validation)?;
    let until = input.until.unwrap_or(today);
    if until < row.from_date || row.until_date.is_some_and(|u| u < until) || row.ended_at.is_some() {
        return Err(ApiError::Conflict {
            code: ProblemCode::NotEditable,
            detail: "deze toewijzing is al beëindigd of begint later".into(),
        });
    }
    assignments::Entity::update_many()
        .set(assignments::ActiveModel {
            until_date: Set(Some(until)),
            end_reason: Set(reason),
            ended_by_id: Set(caller.user_id),
            ended_at: Set(Some(now)),
            ..Default::default()
        })
        .filter(assignments::Column::Id.eq(id))
        .exec(db)
        .await?;
    audit::record(
        db,
        Actor::from(caller),
        Entry::new(AuditAction::Update, "candidate")
            .record(row.candidate_id)
            .details(format!("guidance {} ended", row.kind)),
    )
    .await?;
    let model = assignments::Entity::find_by_id(id).one(db).await?.ok_or(ApiError::NotFound)?;
    Ok(to_assignments(db, vec![model], today).await?.remove(0))
}

// ---- The overview -----------------------------------------------------------------------------------------

async fn to_check_ins(db: &impl ConnectionTrait, rows: Vec<check_ins::Model>) -> ApiResult<Vec<CheckIn>> {
    let ids: Vec<Uuid> = rows.iter().map(|c| c.id).collect();
    let mut by_check_in: HashMap<Uuid, Vec<Domain>> = HashMap::new();
    for chunk in ids.chunks(500) {
        for d in domains::Entity::find().filter(domains::Column::CheckInId.is_in(chunk.to_vec())).all(db).await? {
            by_check_in.entry(d.check_in_id).or_default().push(crate::db::stored(&d.domain, "domain")?);
        }
    }
    let authors = display_names(db, rows.iter().map(|c| c.author_id)).await?;
    Ok(rows
        .into_iter()
        .map(|c| {
            let mut domains = by_check_in.remove(&c.id).unwrap_or_default();
            domains.sort();
            CheckIn {
                id: c.id,
                candidate_id: c.candidate_id,
                held_on: c.held_on,
                domains,
                note: c.note,
                author: shown_author(&authors, c.author_id, c.author_name),
                created_at: c.created_at,
            }
        })
        .collect())
}

async fn to_goals(db: &impl ConnectionTrait, rows: Vec<goals::Model>) -> ApiResult<Vec<Goal>> {
    let ids: Vec<Uuid> = rows.iter().map(|g| g.id).collect();
    let mut updates: HashMap<Uuid, Vec<GoalUpdate>> = HashMap::new();
    for chunk in ids.chunks(500) {
        let rows = goal_updates::Entity::find()
            .filter(goal_updates::Column::GoalId.is_in(chunk.to_vec()))
            .order_by_desc(goal_updates::Column::CreatedAt)
            .order_by_desc(goal_updates::Column::Id)
            .all(db)
            .await?;
        let authors = display_names(db, rows.iter().map(|u| u.author_id)).await?;
        for u in rows {
            updates.entry(u.goal_id).or_default().push(GoalUpdate {
                status: crate::db::stored(&u.status, "goal status")?,
                percentage: u.percentage.clamp(0, 100) as u8,
                note: u.note,
                author: shown_author(&authors, u.author_id, u.author_name),
                at: u.created_at,
            });
        }
    }
    rows.into_iter()
        .map(|g| {
            Ok(Goal {
                id: g.id,
                candidate_id: g.candidate_id,
                updates: updates.remove(&g.id).unwrap_or_default(),
                title: g.title,
                description: g.description,
                target_date: g.target_date,
                status: crate::db::stored(&g.status, "goal status")?,
                percentage: g.percentage.clamp(0, 100) as u8,
                created_at: g.created_at,
                version: g.version,
            })
        })
        .collect()
}

fn to_provision(p: provisions::Model) -> ApiResult<Provision> {
    Ok(Provision {
        id: p.id,
        candidate_id: p.candidate_id,
        kind: crate::db::stored(&p.kind, "provision kind")?,
        description: p.description,
        cost: shared::money::euros(p.cost),
        from: p.from_date,
        until: p.until_date,
        created_at: p.created_at,
        version: p.version,
    })
}

/// The provisions of a person, by their first day.
pub async fn provisions_of(db: &impl ConnectionTrait, candidate: Uuid) -> ApiResult<Vec<Provision>> {
    provisions::Entity::find()
        .filter(provisions::Column::CandidateId.eq(candidate))
        .order_by_asc(provisions::Column::FromDate)
        .order_by_asc(provisions::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(to_provision)
        .collect()
}

/// The sum of a person's provisions' costs (a contract's costs show it).
pub async fn provision_costs(db: &impl ConnectionTrait, candidate: Uuid) -> ApiResult<Decimal> {
    Ok(provisions_of(db, candidate).await?.iter().map(|p| p.cost).sum())
}

/// A person's guidance as the caller may read it (audited as a read of the person).
pub async fn overview(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    candidate: Uuid,
    today: NaiveDate,
) -> ApiResult<GuidanceOverview> {
    let (person, access) = access(db, caller, candidate, today).await?;
    audit::record(db, Actor::from(caller), read_entry(person.id, "overview")).await?;
    let contract = live_contract(db, person.id).await?;
    let organisation_name = match &contract {
        Some(c) => organisations::Entity::find_by_id(c.organisation_id).one(db).await?.map(|o| o.name),
        None => None,
    };
    let all = assignments::Entity::find()
        .filter(assignments::Column::CandidateId.eq(person.id))
        .order_by_desc(assignments::Column::FromDate)
        .order_by_desc(assignments::Column::CreatedAt)
        .all(db)
        .await?;
    let all = to_assignments(db, all, today).await?;
    let handover = handover_needed(&all, today);
    let mut overview = GuidanceOverview {
        candidate_id: person.id,
        name: format!("{} {}", person.first_name, person.last_name).trim().to_owned(),
        hours_per_week: contract.as_ref().map(|c| c.hours_per_week.clamp(0, 40) as u8),
        contract_id: contract.as_ref().map(|c| c.id),
        organisation_id: contract.as_ref().map(|c| c.organisation_id),
        organisation_name,
        coach: all.iter().find(|a| a.kind == AssignmentKind::Coach && a.current).cloned(),
        mentor: all.iter().find(|a| a.kind == AssignmentKind::Mentor && a.current).cloned(),
        handover_needed: handover,
        assignments: Vec::new(),
        check_ins: Vec::new(),
        goals: Vec::new(),
        provisions: Vec::new(),
        provision_costs: Decimal::ZERO,
        hidden_parts: Vec::new(),
    };
    let hide = |overview: &mut GuidanceOverview, parts: &[&str]| {
        overview.hidden_parts = parts.iter().map(|p| (*p).to_owned()).collect();
    };
    match access {
        Access::Full => {
            overview.assignments = all;
            overview.check_ins = to_check_ins(
                db,
                check_ins::Entity::find()
                    .filter(check_ins::Column::CandidateId.eq(person.id))
                    .order_by_desc(check_ins::Column::HeldOn)
                    .order_by_desc(check_ins::Column::CreatedAt)
                    .all(db)
                    .await?,
            )
            .await?;
            overview.goals = to_goals(
                db,
                goals::Entity::find()
                    .filter(goals::Column::CandidateId.eq(person.id))
                    .order_by_asc(goals::Column::CreatedAt)
                    .all(db)
                    .await?,
            )
            .await?;
            overview.provisions = provisions_of(db, person.id).await?;
        }
        Access::Provisions => {
            overview.coach = None;
            overview.mentor = None;
            overview.handover_needed = false;
            overview.hours_per_week = None;
            overview.provisions = provisions_of(db, person.id).await?;
            hide(&mut overview, &["coach", "mentor", "handoverNeeded", "assignments", "checkIns", "goals"]);
        }
        Access::Placement(_) => {
            overview.name = person.first_name.trim().to_owned();
            overview.coach = None;
            overview.assignments = all.into_iter().filter(|a| a.kind == AssignmentKind::Mentor).collect();
            hide(&mut overview, &["coach", "checkIns", "goals", "provisions"]);
        }
    }
    overview.provision_costs = overview.provisions.iter().map(|p| p.cost).sum();
    Ok(overview)
}

// ---- Check-ins, goals, provisions --------------------------------------------------------------------------

/// Records a check-in (admins and consultants, the person's job coach).
pub async fn create_check_in(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    candidate: Uuid,
    input: CreateCheckIn,
    now: DateTime<Utc>,
) -> ApiResult<CheckIn> {
    let today = now.date_naive();
    let person = writable(db, caller, candidate, today).await?;
    let (held_on, chosen, note) = input.check(today).map_err(ApiError::Validation)?;
    let (by_id, by_name) = author(db, caller).await?;
    let model = ActiveModelTrait::insert(
        check_ins::ActiveModel {
            id: Set(Uuid::now_v7()),
            candidate_id: Set(person.id),
            held_on: Set(held_on),
            note: Set(note),
            author_id: Set(by_id),
            author_name: Set(by_name),
            created_at: Set(now),
        },
        db,
    )
    .await?;
    domains::Entity::insert_many(chosen.iter().map(|d| domains::ActiveModel {
        check_in_id: Set(model.id),
        domain: Set(d.as_str().into()),
        candidate_id: Set(person.id),
    }))
    .exec_without_returning(db)
    .await?;
    audit::record(
        db,
        Actor::from(caller),
        Entry::new(AuditAction::Create, "candidate").record(person.id).details("guidance check-in"),
    )
    .await?;
    Ok(to_check_ins(db, vec![model]).await?.remove(0))
}

/// Records a development goal (admins and consultants, the person's job coach).
pub async fn create_goal(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    candidate: Uuid,
    input: CreateGoal,
    now: DateTime<Utc>,
) -> ApiResult<Goal> {
    let person = writable(db, caller, candidate, now.date_naive()).await?;
    let (title, description, target_date) = input.check().map_err(ApiError::Validation)?;
    let model = ActiveModelTrait::insert(
        goals::ActiveModel {
            id: Set(Uuid::now_v7()),
            candidate_id: Set(person.id),
            title: Set(title),
            description: Set(description),
            target_date: Set(target_date),
            status: Set(shared::guidance::GoalStatus::Open.as_str().into()),
            percentage: Set(0),
            created_by_id: Set(caller.user_id),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
        },
        db,
    )
    .await?;
    audit::record(
        db,
        Actor::from(caller),
        Entry::new(AuditAction::Create, "candidate").record(person.id).details("guidance goal"),
    )
    .await?;
    Ok(to_goals(db, vec![model]).await?.remove(0))
}

/// Records a goal's progress as a new update (the earlier ones stay); 409 `stale_version` when another
/// update came first.
pub async fn update_goal(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    id: Uuid,
    input: GoalProgress,
    now: DateTime<Utc>,
) -> ApiResult<Goal> {
    let goal = goals::Entity::find_by_id(id).one(db).await?.ok_or(ApiError::NotFound)?;
    writable(db, caller, goal.candidate_id, now.date_naive()).await?;
    let (status, percentage, note, version) = input.check().map_err(ApiError::Validation)?;
    let changed = goals::Entity::update_many()
        .set(goals::ActiveModel {
            status: Set(status.as_str().into()),
            percentage: Set(i16::from(percentage)),
            updated_at: Set(now),
            version: Set(version + 1),
            ..Default::default()
        })
        .filter(goals::Column::Id.eq(id))
        .filter(goals::Column::Version.eq(version))
        .exec(db)
        .await?;
    if changed.rows_affected != 1 {
        return Err(ApiError::stale_version());
    }
    let (by_id, by_name) = author(db, caller).await?;
    goal_updates::Entity::insert(goal_updates::ActiveModel {
        id: Set(Uuid::now_v7()),
        goal_id: Set(id),
        candidate_id: Set(goal.candidate_id),
        status: Set(status.as_str().into()),
        percentage: Set(i16::from(percentage)),
        note: Set(note),
        author_id: Set(by_id),
        author_name: Set(by_name),
        created_at: Set(now),
    })
    .exec_without_returning(db)
    .await?;
    audit::record(
        db,
        Actor::from(caller),
        Entry::new(AuditAction::Update, "candidate").record(goal.candidate_id).details("guidance goal progress"),
    )
    .await?;
    let model = goals::Entity::find_by_id(id).one(db).await?.ok_or(ApiError::NotFound)?;
    Ok(to_goals(db, vec![model]).await?.remove(0))
}

/// Records a provision with its cost over its period (admins and consultants within their region).
pub async fn create_provision(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    candidate: Uuid,
    input: CreateProvision,
    now: DateTime<Utc>,
) -> ApiResult<Provision> {
    let person = person(db, caller, candidate).await?;
    let checked = input.check().map_err(ApiError::Validation)?;
    let model = ActiveModelTrait::insert(
        provisions::ActiveModel {
            id: Set(Uuid::now_v7()),
            candidate_id: Set(person.id),
            municipality_id: Set(person.municipality_id),
            kind: Set(checked.kind.as_str().into()),
            description: Set(checked.description),
            cost: Set(checked.cost),
            from_date: Set(checked.from),
            until_date: Set(checked.until),
            created_by_id: Set(caller.user_id),
            created_at: Set(now),
            version: Set(1),
            updated_at: Set(None),
            updated_by_id: Set(None),
        },
        db,
    )
    .await?;
    // The Werkkamer feed's cost counts provisions (after the write: outside a transaction too).
    crate::monitoring::aggregates::touch(db).await?;
    audit::record(
        db,
        Actor::from(caller),
        Entry::new(AuditAction::Create, "candidate").record(person.id).details("guidance provision"),
    )
    .await?;
    to_provision(model)
}

/// The provision and its person, if the caller may change it: admins and consultants within their region,
/// the person's current job coach (404 for a provision the caller may not read, 403 for finance and
/// partners, who may read some but change none).
async fn changeable_provision(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    id: Uuid,
    today: NaiveDate,
) -> ApiResult<provisions::Model> {
    let provision = provisions::Entity::find_by_id(id).one(db).await?.ok_or(ApiError::NotFound)?;
    writable(db, caller, provision.candidate_id, today).await?;
    Ok(provision)
}

/// Changes a provision's kind, description, cost and period, based on the version read (409
/// `stale_version` when someone changed it first); the budget and the contract's costs follow the new
/// cost. Audited.
pub async fn update_provision(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    id: Uuid,
    input: UpdateProvision,
    now: DateTime<Utc>,
) -> ApiResult<Provision> {
    let provision = changeable_provision(db, caller, id, now.date_naive()).await?;
    let (checked, version) = input.check().map_err(ApiError::Validation)?;
    let changed = provisions::Entity::update_many()
        .set(provisions::ActiveModel {
            kind: Set(checked.kind.as_str().into()),
            description: Set(checked.description),
            cost: Set(checked.cost),
            from_date: Set(checked.from),
            until_date: Set(checked.until),
            version: Set(version + 1),
            updated_at: Set(Some(now)),
            updated_by_id: Set(caller.user_id),
            ..Default::default()
        })
        .filter(provisions::Column::Id.eq(id))
        .filter(provisions::Column::Version.eq(version))
        .exec(db)
        .await?;
    if changed.rows_affected != 1 {
        return Err(ApiError::stale_version());
    }
    crate::monitoring::aggregates::touch(db).await?;
    audit::record(
        db,
        Actor::from(caller),
        Entry::new(AuditAction::Update, "candidate").record(provision.candidate_id).details("guidance provision"),
    )
    .await?;
    let model = provisions::Entity::find_by_id(id).one(db).await?.ok_or(ApiError::NotFound)?;
    to_provision(model)
}

/// Deletes a provision (recorded by mistake); it no longer counts in the costs. Audited.
pub async fn delete_provision(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    id: Uuid,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let provision = changeable_provision(db, caller, id, now.date_naive()).await?;
    provisions::Entity::delete_by_id(id).exec(db).await?;
    crate::monitoring::aggregates::touch(db).await?;
    audit::record(
        db,
        Actor::from(caller),
        Entry::new(AuditAction::Delete, "candidate").record(provision.candidate_id).details("guidance provision"),
    )
    .await?;
    Ok(())
}

/// The provisions of the municipalities given, whose period touches `first..=last` (for the budget).
pub async fn provisions_in(
    db: &impl ConnectionTrait,
    municipalities: Vec<Uuid>,
    first: NaiveDate,
    last: NaiveDate,
) -> ApiResult<Vec<provisions::Model>> {
    Ok(provisions::Entity::find()
        .filter(provisions::Column::MunicipalityId.is_in(municipalities))
        .filter(provisions::Column::FromDate.lte(last))
        .filter(provisions::Column::UntilDate.gte(first))
        .all(db)
        .await?)
}

// ---- Lists --------------------------------------------------------------------------------------------------

/// The filters of the caseload list.
#[derive(Debug, Default, Clone, Copy)]
pub struct CaseloadFilter {
    /// Admins and consultants: one job coach's caseload.
    pub coach_user_id: Option<Uuid>,
    /// Only the people whose placement needs a new mentor.
    pub handover_needed: Option<bool>,
}

/// A job coach's caseload (the people whose current coach assignment names it); for admins and consultants
/// everyone in their region with a guidance assignment, or one coach's caseload. By name. Audited: one read
/// per person listed.
pub async fn list_caseload(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    filter: CaseloadFilter,
    paging: PageRequest,
    today: NaiveDate,
) -> ApiResult<Page<CaseloadEntry>> {
    let mut condition = Condition::all().add(candidates::Column::ErasedAt.is_null());
    let own = caseload(db, caller, today).await?;
    match caller.role {
        Role::JobCoach => {
            condition = condition.add(candidates::Column::Id.is_in(own.clone()));
        }
        Role::Admin | Role::Consultant => {
            condition = condition.add(caller.within_region(candidates::Column::MunicipalityId));
            let coach = filter.coach_user_id;
            let mut guided =
                Query::select().column(assignments::Column::CandidateId).from(assignments::Entity).to_owned();
            if let Some(coach) = coach {
                guided
                    .and_where(assignments::Column::Kind.eq(COACH))
                    .and_where(assignments::Column::CoachUserId.eq(coach))
                    .cond_where(current_on(today));
            }
            condition = condition.add(candidates::Column::Id.in_subquery(guided));
        }
        _ => return Err(crate::auth::forbidden()),
    }
    match filter.handover_needed {
        Some(true) => condition = condition.add(handover_condition(today)),
        Some(false) => condition = condition.add(handover_condition(today).not()),
        None => {}
    }
    let (rows, total) = crate::infra::paging::fetch(
        db,
        candidates::Entity::find().filter(condition),
        |s| s.order_by_asc(candidates::Column::SortName).order_by_asc(candidates::Column::Id),
        paging,
    )
    .await?;
    audit::record_many(db, &Actor::from(caller), rows.iter().map(|c| read_entry(c.id, "caseload")).collect()).await?;
    let ids: Vec<Uuid> = rows.iter().map(|c| c.id).collect();
    let all = assignments::Entity::find()
        .filter(assignments::Column::CandidateId.is_in(ids))
        .order_by_desc(assignments::Column::FromDate)
        .all(db)
        .await?;
    let all = to_assignments(db, all, today).await?;
    let mut by_person: HashMap<Uuid, Vec<Assignment>> = HashMap::new();
    for a in all {
        by_person.entry(a.candidate_id).or_default().push(a);
    }
    let items = rows
        .into_iter()
        .map(|c| {
            let theirs = by_person.remove(&c.id).unwrap_or_default();
            let coach = theirs.iter().find(|a| a.kind == AssignmentKind::Coach && a.current);
            let mentor = theirs.iter().find(|a| a.kind == AssignmentKind::Mentor && a.current);
            CaseloadEntry {
                candidate_id: c.id,
                name: format!("{} {}", c.first_name, c.last_name).trim().to_owned(),
                status: c.status.clone(),
                coach_user_id: coach.and_then(|a| a.coach_user_id),
                coach_name: coach.and_then(|a| a.coach_name.clone()),
                coach_since: coach.map(|a| a.from),
                mentor_name: mentor.map(|a| a.mentor_name.clone()),
                handover_needed: handover_needed(&theirs, today),
                own: own.contains(&c.id),
            }
        })
        .collect();
    Ok(Page::new(items, paging, total))
}

/// The active users with the role `job_coach`, by name (whom a coach assignment may name).
pub async fn job_coaches(
    db: &impl ConnectionTrait,
    paging: PageRequest,
) -> ApiResult<Page<shared::guidance::JobCoach>> {
    let select = users::Entity::find()
        .filter(users::Column::Role.eq(Role::JobCoach.as_str()))
        .filter(users::Column::Disabled.eq(false));
    let (rows, total) = crate::infra::paging::fetch(
        db,
        select,
        |s| s.order_by_asc(users::Column::DisplayName).order_by_asc(users::Column::Id),
        paging,
    )
    .await?;
    let items = rows.into_iter().map(|u| shared::guidance::JobCoach { id: u.id, name: u.display_name }).collect();
    Ok(Page::new(items, paging, total))
}

// ---- Employer notes -------------------------------------------------------------------------------------------

fn to_note(n: employer_notes::Model, authors: &HashMap<Uuid, String>) -> ApiResult<EmployerNote> {
    Ok(EmployerNote {
        id: n.id,
        organisation_id: n.organisation_id,
        kind: crate::db::stored(&n.kind, "employer note kind")?,
        held_on: n.held_on,
        subject: n.subject,
        note: n.note,
        author: shown_author(authors, n.author_id, n.author_name),
        created_at: n.created_at,
    })
}

/// The notes and contact moments with an employer, newest first.
pub async fn employer_notes(
    db: &impl ConnectionTrait,
    organisation: Uuid,
    paging: PageRequest,
) -> ApiResult<Page<EmployerNote>> {
    organisations::Entity::find_by_id(organisation).one(db).await?.ok_or(ApiError::NotFound)?;
    let (rows, total) = crate::infra::paging::fetch(
        db,
        employer_notes::Entity::find().filter(employer_notes::Column::OrganisationId.eq(organisation)),
        |s| s.order_by_desc(employer_notes::Column::HeldOn).order_by_desc(employer_notes::Column::Id),
        paging,
    )
    .await?;
    let authors = display_names(db, rows.iter().map(|n| n.author_id)).await?;
    let items = rows.into_iter().map(|n| to_note(n, &authors)).collect::<ApiResult<_>>()?;
    Ok(Page::new(items, paging, total))
}

/// Records a note or contact moment with an employer.
pub async fn create_employer_note(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    organisation: Uuid,
    input: CreateEmployerNote,
    now: DateTime<Utc>,
) -> ApiResult<EmployerNote> {
    organisations::Entity::find_by_id(organisation).one(db).await?.ok_or(ApiError::NotFound)?;
    let (kind, held_on, subject, note) = input.check(now.date_naive()).map_err(ApiError::Validation)?;
    let (by_id, by_name) = author(db, caller).await?;
    let model = ActiveModelTrait::insert(
        employer_notes::ActiveModel {
            id: Set(Uuid::now_v7()),
            organisation_id: Set(organisation),
            kind: Set(kind.as_str().into()),
            held_on: Set(held_on),
            subject: Set(subject),
            note: Set(note),
            author_id: Set(by_id),
            author_name: Set(by_name),
            created_at: Set(now),
        },
        db,
    )
    .await?;
    audit::record(
        db,
        Actor::from(caller),
        Entry::new(AuditAction::Create, "organisation").record(organisation).details("employer note"),
    )
    .await?;
    to_note(model, &HashMap::new())
}

/// Everything of a person's guidance, for the GDPR copy: assignments, check-ins, goals, provisions.
pub async fn of_candidate(
    db: &impl ConnectionTrait,
    candidate: Uuid,
    today: NaiveDate,
) -> ApiResult<(Vec<Assignment>, Vec<CheckIn>, Vec<Goal>, Vec<Provision>)> {
    let all = assignments::Entity::find()
        .filter(assignments::Column::CandidateId.eq(candidate))
        .order_by_asc(assignments::Column::FromDate)
        .all(db)
        .await?;
    let checks = check_ins::Entity::find()
        .filter(check_ins::Column::CandidateId.eq(candidate))
        .order_by_asc(check_ins::Column::HeldOn)
        .all(db)
        .await?;
    let gs = goals::Entity::find()
        .filter(goals::Column::CandidateId.eq(candidate))
        .order_by_asc(goals::Column::CreatedAt)
        .all(db)
        .await?;
    Ok((
        to_assignments(db, all, today).await?,
        to_check_ins(db, checks).await?,
        to_goals(db, gs).await?,
        provisions_of(db, candidate).await?,
    ))
}
