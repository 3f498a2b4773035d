//! The timeline of a person, read from the tables of each capability that records what happened to them.
//!
//! A person's history is short (tens to a few hundred entries), so each source is read whole for that one
//! person (every query by its indexed `candidate_id`, one per source, no query per entry), merged newest
//! first and paged in memory; the page's totals stay exact.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use shared::auth::Role;
use shared::candidates::CandidateStatus;
use shared::matching::lifecycle::MatchStage;
use shared::paging::{Page, PageRequest};
use shared::problem::Language;
use shared::timeline::{ActorKind, TimelineEntry, TimelineKind};
use uuid::Uuid;

use crate::auth::AuthUser;
use crate::db::{
    candidate_preference_lists, candidate_status_changes, eligibility_decisions, intakes, match_steps, matches,
    record_changes, users,
};
use crate::infra::error::{ApiError, ApiResult};
use crate::registration::{changes, service as registration, visibility};

/// Fields whose changes the status changes already show.
const SHOWN_AS_STATUS: [&str; 2] = ["status", "exitReason"];

/// What the caller's role may read of the person's history.
struct Reads {
    role: Role,
    language: Language,
    intakes: bool,
    reasons: bool,
    matching: bool,
}

impl Reads {
    fn of(role: Role, language: Language) -> Self {
        let fields = visibility::fields(role);
        Reads {
            role,
            language,
            intakes: fields.shows("intakes"),
            reasons: fields.shows("statusHistory"),
            matching: matches!(role, Role::Admin | Role::Consultant),
        }
    }

    fn nl(&self) -> bool {
        self.language == Language::Nl
    }
}

fn stored<T>(value: Option<T>, what: &str, raw: &str) -> ApiResult<T> {
    value.ok_or_else(|| ApiError::Internal(anyhow::anyhow!("stored {what} {raw:?} is unknown")))
}

fn status_label(raw: &str, language: Language) -> ApiResult<&'static str> {
    Ok(stored(CandidateStatus::parse(raw), "status", raw)?.label(language))
}

/// Staff when a person is named, else the system.
fn staff_or_system(name: &Option<String>) -> ActorKind {
    if name.is_some() { ActorKind::Staff } else { ActorKind::System }
}

fn entry(kind: TimelineKind, at: DateTime<Utc>, actor_kind: ActorKind, actor_name: Option<String>) -> TimelineEntry {
    TimelineEntry {
        kind,
        at,
        actor_kind,
        actor_name,
        record_id: None,
        summary: String::new(),
        from: None,
        to: None,
        reason: None,
        changes: Vec::new(),
    }
}

/// The changes of the record, one entry per save (same time, same actor), status fields left to the
/// status changes.
async fn record_changes_of(db: &impl ConnectionTrait, id: Uuid, reads: &Reads) -> ApiResult<Vec<TimelineEntry>> {
    let rows = record_changes::Entity::find()
        .filter(record_changes::Column::CandidateId.eq(id))
        .filter(record_changes::Column::Field.is_not_in(SHOWN_AS_STATUS))
        .all(db)
        .await?;
    let mut saves: BTreeMap<(DateTime<Utc>, String, Option<String>), Vec<record_changes::Model>> = BTreeMap::new();
    for row in rows {
        saves.entry((row.changed_at, row.actor_kind.clone(), row.actor_name.clone())).or_default().push(row);
    }
    let mut entries = Vec::with_capacity(saves.len());
    for ((at, kind, name), mut rows) in saves {
        rows.sort_by(|a, b| a.field.cmp(&b.field));
        let actor_kind = stored(ActorKind::parse(&kind), "actor kind", &kind)?;
        let mut e = entry(TimelineKind::RecordChange, at, actor_kind, name);
        e.summary = match (reads.nl(), rows.len()) {
            (true, 1) => format!("Gegevens gewijzigd: {}", rows[0].field),
            (true, n) => format!("Gegevens gewijzigd: {n} velden"),
            (false, 1) => format!("Record changed: {}", rows[0].field),
            (false, n) => format!("Record changed: {n} fields"),
        };
        e.changes = rows.into_iter().map(|row| changes::to_field_change(row, reads.role)).collect::<ApiResult<_>>()?;
        entries.push(e);
    }
    Ok(entries)
}

async fn status_changes_of(db: &impl ConnectionTrait, id: Uuid, reads: &Reads) -> ApiResult<Vec<TimelineEntry>> {
    let rows = candidate_status_changes::Entity::find()
        .filter(candidate_status_changes::Column::CandidateId.eq(id))
        .all(db)
        .await?;
    let mut entries = Vec::with_capacity(rows.len());
    for row in rows {
        let to = status_label(&row.to_status, reads.language)?;
        let kind = if row.from_status.is_none() { TimelineKind::Registration } else { TimelineKind::StatusChange };
        let mut e = entry(kind, row.changed_at, staff_or_system(&row.changed_by_name), row.changed_by_name);
        e.record_id = Some(row.id);
        e.summary = match (&row.from_status, reads.nl()) {
            (None, true) => format!("Aangemeld (status {})", to.to_lowercase()),
            (None, false) => format!("Registered (status {})", to.to_lowercase()),
            (Some(from), true) => {
                format!("Status van {} naar {}", status_label(from, reads.language)?.to_lowercase(), to.to_lowercase())
            }
            (Some(from), false) => {
                format!("Status from {} to {}", status_label(from, reads.language)?.to_lowercase(), to.to_lowercase())
            }
        };
        e.from = row.from_status;
        e.to = Some(row.to_status);
        e.reason = (reads.reasons && !row.reason.is_empty()).then_some(row.reason);
        entries.push(e);
    }
    Ok(entries)
}

async fn intakes_of(db: &impl ConnectionTrait, id: Uuid, reads: &Reads) -> ApiResult<Vec<TimelineEntry>> {
    let rows = intakes::Entity::find().filter(intakes::Column::CandidateId.eq(id)).all(db).await?;
    let staff: Vec<Uuid> = rows.iter().filter_map(|row| row.created_by_id).collect();
    let names: HashMap<Uuid, String> = users::Entity::find()
        .select_only()
        .column(users::Column::Id)
        .column(users::Column::Username)
        .filter(users::Column::Id.is_in(staff))
        .into_tuple::<(Uuid, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    Ok(rows
        .into_iter()
        .map(|row| {
            let name = row.created_by_id.and_then(|user| names.get(&user).cloned());
            let mut e = entry(TimelineKind::Intake, row.created_at, staff_or_system(&name), name);
            e.record_id = Some(row.id);
            let held = shared::dutch::format_date(row.held_on);
            let kind =
                shared::candidates::IntakeKind::parse(&row.kind).map_or(row.kind.as_str(), |k| k.label(reads.nl()));
            e.summary = if reads.nl() {
                format!("Intake ({kind}) gehouden op {held}")
            } else {
                format!("Intake ({kind}) held on {}", row.held_on)
            };
            e.to = Some(row.kind);
            e.reason = (!row.result.is_empty()).then_some(row.result);
            e
        })
        .collect())
}

async fn decisions_of(db: &impl ConnectionTrait, id: Uuid, reads: &Reads) -> ApiResult<Vec<TimelineEntry>> {
    let rows =
        eligibility_decisions::Entity::find().filter(eligibility_decisions::Column::CandidateId.eq(id)).all(db).await?;
    rows.into_iter()
        .map(|row| {
            let mut e = entry(
                TimelineKind::EligibilityDecision,
                row.decided_at,
                staff_or_system(&row.decided_by_name),
                row.decided_by_name,
            );
            e.record_id = Some(row.id);
            // The outcomes are the statuses they lead to (`eligible`, `pre_trajectory`), named as such.
            let outcome = status_label(&row.outcome, reads.language)?;
            e.summary = if reads.nl() {
                format!("Besluit over de doelgroep: {outcome}")
            } else {
                format!("Eligibility decision: {outcome}")
            };
            e.to = Some(row.outcome);
            e.reason = (!row.motivation.is_empty()).then_some(row.motivation);
            Ok(e)
        })
        .collect()
}

async fn preferences_of(db: &impl ConnectionTrait, id: Uuid, reads: &Reads) -> ApiResult<Vec<TimelineEntry>> {
    let Some(list) = candidate_preference_lists::Entity::find_by_id(id).one(db).await? else {
        return Ok(Vec::new());
    };
    let mut e = entry(
        TimelineKind::Preferences,
        list.recorded_at,
        staff_or_system(&list.recorded_by_name),
        list.recorded_by_name,
    );
    e.summary = if reads.nl() {
        "Voorkeuren voor werkpakketten vastgelegd in gesprek met de kandidaat".into()
    } else {
        "Preferences for task packages recorded in conversation with the candidate".into()
    };
    Ok(vec![e])
}

async fn match_steps_of(db: &impl ConnectionTrait, id: Uuid, reads: &Reads) -> ApiResult<Vec<TimelineEntry>> {
    let ids: Vec<Uuid> = matches::Entity::find()
        .select_only()
        .column(matches::Column::Id)
        .filter(matches::Column::CandidateId.eq(id))
        .into_tuple::<Uuid>()
        .all(db)
        .await?;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows = match_steps::Entity::find().filter(match_steps::Column::MatchId.is_in(ids)).all(db).await?;
    let mut entries = Vec::with_capacity(rows.len());
    for row in rows {
        let to = stored(MatchStage::parse(&row.to_stage), "match stage", &row.to_stage)?;
        let actor_kind = stored(ActorKind::parse(&row.actor_kind), "actor kind", &row.actor_kind)?;
        let mut e = entry(TimelineKind::MatchStep, row.at, actor_kind, row.actor_name);
        e.record_id = Some(row.match_id);
        e.summary = format!("Match: {}", to.label(reads.language));
        e.from = row.from_stage;
        e.to = Some(row.to_stage);
        e.reason = (!row.reason.is_empty()).then_some(row.reason);
        entries.push(e);
    }
    Ok(entries)
}

/// The guidance of the person: check-ins, goals (set and each progress update) and provisions. Check-ins
/// and goals only when `full` (who reads the person's guidance: admins, consultants, its job coach); the
/// provisions also for finance.
async fn guidance_of(db: &impl ConnectionTrait, id: Uuid, reads: &Reads, full: bool) -> ApiResult<Vec<TimelineEntry>> {
    use crate::db::{guidance_check_ins, guidance_goal_updates, guidance_goals, guidance_provisions};
    let mut entries = Vec::new();
    if full {
        for row in
            guidance_check_ins::Entity::find().filter(guidance_check_ins::Column::CandidateId.eq(id)).all(db).await?
        {
            let mut e =
                entry(TimelineKind::CheckIn, row.created_at, staff_or_system(&row.author_name), row.author_name);
            e.record_id = Some(row.id);
            let held = shared::dutch::format_date(row.held_on);
            e.summary = if reads.nl() { format!("Gesprek op {held}") } else { format!("Check-in on {}", row.held_on) };
            e.reason = Some(row.note);
            entries.push(e);
        }
        let goals = guidance_goals::Entity::find().filter(guidance_goals::Column::CandidateId.eq(id)).all(db).await?;
        let titles: HashMap<Uuid, String> = goals.iter().map(|g| (g.id, g.title.clone())).collect();
        for goal in goals {
            let mut e = entry(TimelineKind::Goal, goal.created_at, ActorKind::Staff, None);
            e.record_id = Some(goal.id);
            e.summary =
                if reads.nl() { format!("Doel gesteld: {}", goal.title) } else { format!("Goal set: {}", goal.title) };
            entries.push(e);
        }
        for row in guidance_goal_updates::Entity::find()
            .filter(guidance_goal_updates::Column::CandidateId.eq(id))
            .all(db)
            .await?
        {
            let mut e = entry(TimelineKind::Goal, row.created_at, staff_or_system(&row.author_name), row.author_name);
            e.record_id = Some(row.goal_id);
            let title = titles.get(&row.goal_id).cloned().unwrap_or_default();
            e.summary = if reads.nl() {
                format!("Voortgang {title}: {} %", row.percentage)
            } else {
                format!("Progress {title}: {} %", row.percentage)
            };
            e.to = Some(row.status);
            e.reason = (!row.note.is_empty()).then_some(row.note);
            entries.push(e);
        }
    }
    for row in
        guidance_provisions::Entity::find().filter(guidance_provisions::Column::CandidateId.eq(id)).all(db).await?
    {
        let mut e = entry(TimelineKind::Provision, row.created_at, ActorKind::Staff, None);
        e.record_id = Some(row.id);
        let cost = shared::dutch::format_money(shared::money::euros(row.cost));
        let kind = shared::guidance::ProvisionKind::parse(&row.kind).map_or(row.kind.as_str(), |k| k.label(reads.nl()));
        e.summary =
            if reads.nl() { format!("Voorziening ({kind}): {cost}") } else { format!("Provision ({kind}): {cost}") };
        e.to = Some(row.kind);
        entries.push(e);
    }
    Ok(entries)
}

fn contract_status_label(raw: &str, nl: bool) -> String {
    let label = match (raw, nl) {
        ("draft", true) => "concept",
        ("signed", true) => "ondertekend",
        ("active", true) => "actief",
        ("ended", true) => "beëindigd",
        (other, _) => other,
    };
    label.to_owned()
}

/// The versions of the person's contracts, each with the terms changed against the version before.
/// `money`: the wage and pay scale with their values (not for a job coach); `reasons`: why a version was
/// made (not for finance).
async fn contract_versions_of(
    db: &impl ConnectionTrait,
    id: Uuid,
    reads: &Reads,
    money: bool,
    reasons: bool,
) -> ApiResult<Vec<TimelineEntry>> {
    use crate::db::contract_versions;
    let mut rows =
        contract_versions::Entity::find().filter(contract_versions::Column::CandidateId.eq(id)).all(db).await?;
    rows.sort_by_key(|v| (v.contract_id, v.version));
    let mut entries = Vec::with_capacity(rows.len());
    for (index, row) in rows.iter().enumerate() {
        let before = index.checked_sub(1).map(|i| &rows[i]).filter(|b| b.contract_id == row.contract_id);
        let actor_kind = stored(ActorKind::parse(&row.actor_kind), "actor kind", &row.actor_kind)?;
        let mut e = entry(TimelineKind::ContractVersion, row.changed_at, actor_kind, row.changed_by_name.clone());
        e.record_id = Some(row.contract_id);
        let status = contract_status_label(&row.status, reads.nl());
        e.summary = if reads.nl() {
            format!("Contract versie {}: {status}, {} uur per week", row.version, row.hours_per_week)
        } else {
            format!("Contract version {}: {status}, {} hours a week", row.version, row.hours_per_week)
        };
        e.from = before.map(|b| b.status.clone()).filter(|s| *s != row.status);
        e.to = Some(row.status.clone());
        e.reason = (reasons && !row.reason.is_empty()).then(|| row.reason.clone());
        if let Some(before) = before {
            let old = crate::contracts::contract_service::version_fields(before, money);
            let new = crate::contracts::contract_service::version_fields(row, money);
            e.changes = old
                .into_iter()
                .zip(new)
                .filter(|(o, n)| o.1 != n.1 && o.0 != "status")
                .map(|(o, n)| shared::candidates::FieldChange {
                    id: row.id,
                    changed_at: row.changed_at,
                    field: o.0.to_owned(),
                    old_value: if o.2 { None } else { o.1 },
                    new_value: if n.2 { None } else { n.1 },
                    values_hidden: o.2,
                    source: shared::candidates::ChangeSource::Api,
                    actor_kind: row.actor_kind.clone(),
                    actor_name: row.changed_by_name.clone(),
                    actor_role: None,
                })
                .collect();
        }
        entries.push(e);
    }
    Ok(entries)
}

/// The person's experience surveys: when, by whom, and (for who reads their guidance) the scores and the
/// comment.
async fn surveys_of(db: &impl ConnectionTrait, id: Uuid, reads: &Reads, full: bool) -> ApiResult<Vec<TimelineEntry>> {
    use crate::db::employee_surveys;
    let rows = employee_surveys::Entity::find().filter(employee_surveys::Column::CandidateId.eq(id)).all(db).await?;
    let mut entries = Vec::with_capacity(rows.len());
    for row in rows {
        let actor_kind = stored(ActorKind::parse(&row.actor_kind), "actor kind", &row.actor_kind)?;
        let mut e = entry(TimelineKind::Survey, row.created_at, actor_kind, row.entered_by_name);
        e.record_id = Some(row.id);
        let on = shared::dutch::format_date(row.surveyed_on);
        e.summary = match (reads.nl(), full) {
            (true, true) => format!(
                "Ervaringspeiling van {on}: welzijn {}, inkomen {}, werk {}, sociale contacten {}",
                row.wellbeing, row.income, row.work, row.social_contacts
            ),
            (true, false) => format!("Ervaringspeiling van {on}"),
            (false, true) => format!(
                "Experience survey of {}: wellbeing {}, income {}, work {}, social contacts {}",
                row.surveyed_on, row.wellbeing, row.income, row.work, row.social_contacts
            ),
            (false, false) => format!("Experience survey of {}", row.surveyed_on),
        };
        e.reason = (full && !row.comment.is_empty()).then_some(row.comment);
        entries.push(e);
    }
    Ok(entries)
}

/// One page of a person's timeline, newest first (ties: by kind, then record), optionally of one kind,
/// with what the caller's role may read. Audited as a read of the candidate.
pub async fn timeline(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    id: Uuid,
    kind: Option<TimelineKind>,
    paging: PageRequest,
    today: NaiveDate,
) -> ApiResult<Page<TimelineEntry>> {
    registration::history_read(db, caller, id, "timeline").await?;
    let reads = Reads::of(caller.role, crate::infra::context::language());
    let wanted = |k: TimelineKind| kind.is_none_or(|only| only == k);
    let mut entries = Vec::new();
    if wanted(TimelineKind::RecordChange) {
        entries.extend(record_changes_of(db, id, &reads).await?);
    }
    if wanted(TimelineKind::Registration) || wanted(TimelineKind::StatusChange) {
        entries.extend(status_changes_of(db, id, &reads).await?);
    }
    if reads.intakes && wanted(TimelineKind::Intake) {
        entries.extend(intakes_of(db, id, &reads).await?);
    }
    if reads.reasons && wanted(TimelineKind::EligibilityDecision) {
        entries.extend(decisions_of(db, id, &reads).await?);
    }
    if reads.matching && wanted(TimelineKind::Preferences) {
        entries.extend(preferences_of(db, id, &reads).await?);
    }
    if reads.matching && wanted(TimelineKind::MatchStep) {
        entries.extend(match_steps_of(db, id, &reads).await?);
    }
    let guidance = [
        TimelineKind::CheckIn,
        TimelineKind::Goal,
        TimelineKind::Provision,
        TimelineKind::ContractVersion,
        TimelineKind::Survey,
    ];
    if guidance.iter().any(|k| wanted(*k)) {
        // Who reads the person's guidance (and surveys): admins, consultants and their job coach.
        let full = match caller.role {
            Role::Admin | Role::Consultant => true,
            Role::JobCoach => crate::guidance::service::in_caseload(db, caller, id, today).await?,
            _ => false,
        };
        if full || caller.role == Role::Finance {
            entries.extend(guidance_of(db, id, &reads, full).await?);
            // Contracts: finance with money and without reasons, a job coach without the wage.
            let money = caller.role != Role::JobCoach;
            entries.extend(contract_versions_of(db, id, &reads, money, caller.role != Role::Finance).await?);
        }
        if full {
            entries.extend(surveys_of(db, id, &reads, full).await?);
        }
    }
    entries.retain(|e| wanted(e.kind));
    entries.sort_by(|a, b| b.at.cmp(&a.at).then(b.kind.cmp(&a.kind)).then(b.record_id.cmp(&a.record_id)));
    let total = entries.len() as u64;
    let items = entries.into_iter().skip(paging.offset() as usize).take(paging.page_size as usize).collect();
    Ok(Page::new(items, paging, total))
}
