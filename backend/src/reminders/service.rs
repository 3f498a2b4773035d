//! Reminders: the due list of one caller, computed at read time from the data and the day (see the
//! module's comment), follow-ups, and the done and snoozed states.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, QueryTrait,
};
use shared::audit::AuditAction;
use shared::auth::Role;
use shared::candidates::CandidateStatus;
use shared::contracts::ContractKind;
use shared::contracts::lifecycle::ContractStatus;
use shared::dutch::format_date;
use shared::matching::lifecycle::MatchStage;
use shared::paging::{Page, PageRequest};
use shared::reminders::{
    self as rules, CreateFollowUp, MarkReminderDone, Reminder, ReminderCounts, ReminderKind, Resolution,
    SnoozeReminder, SubjectKind, Window,
};
use shared::surveys::{EMPLOYEE_INTERVAL_MONTHS, ORGANISATION_INTERVAL_MONTHS, next_due};
use uuid::Uuid;

use crate::audit::{self, Actor, Entry};
use crate::auth::AuthUser;
use crate::db::{
    candidates, contracts, employee_surveys, follow_ups, guidance_assignments, matches, organisation_surveys,
    organisations, reminder_states,
};
use crate::infra::error::{ApiError, ApiResult};

const DONE: &str = "done";
const SNOOZED: &str = "snoozed";

/// The people and organisations whose derived reminders a caller sees.
enum Scope {
    /// Admins and consultants: the people of their region (all of it for regional staff), and the
    /// organisations with a running placement there.
    Region,
    /// A job coach: the people of its caseload.
    Caseload(Vec<Uuid>),
    /// A partner: its own organisation's survey.
    Organisation(Uuid),
    /// Finance: no derived reminders (only the follow-ups it set, which it cannot set).
    Nothing,
}

async fn scope(db: &impl ConnectionTrait, caller: &AuthUser, today: NaiveDate) -> ApiResult<Scope> {
    Ok(match caller.role {
        Role::Admin | Role::Consultant => Scope::Region,
        Role::JobCoach => Scope::Caseload(crate::guidance::service::caseload(db, caller, today).await?),
        Role::Partner => Scope::Organisation(crate::auth::own_organisation(caller)?),
        Role::Finance => Scope::Nothing,
        Role::Monitor | Role::Research => return Err(crate::auth::forbidden()),
    })
}

/// A reminder before its state is applied.
struct Item {
    reminder: Reminder,
    window: Window,
    candidate_id: Option<Uuid>,
}

/// The person's name and what the derived reminders read of a candidate.
struct Person {
    name: String,
}

/// The people of `ids` within the scope (erased ones are gone), by id.
async fn people(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    scope: &Scope,
    ids: Vec<Uuid>,
) -> ApiResult<HashMap<Uuid, Person>> {
    let mut found = HashMap::new();
    let mut ids = ids;
    ids.sort();
    ids.dedup();
    for chunk in ids.chunks(500) {
        let mut select = candidates::Entity::find()
            .select_only()
            .columns([candidates::Column::Id, candidates::Column::FirstName, candidates::Column::LastName])
            .filter(candidates::Column::Id.is_in(chunk.to_vec()))
            .filter(person_scope(caller, scope));
        select = select.filter(candidates::Column::ErasedAt.is_null());
        let rows: Vec<(Uuid, String, String)> = select.into_tuple().all(db).await?;
        for (id, first, last) in rows {
            found.insert(id, Person { name: format!("{first} {last}").trim().to_owned() });
        }
    }
    Ok(found)
}

/// The condition on `candidates` of the people in scope.
fn person_scope(caller: &AuthUser, scope: &Scope) -> Condition {
    match scope {
        Scope::Region => caller.within_region(candidates::Column::MunicipalityId),
        Scope::Caseload(ids) => Condition::all().add(candidates::Column::Id.is_in(ids.clone())),
        Scope::Organisation(_) | Scope::Nothing => Condition::all().add(candidates::Column::Id.is_null()),
    }
}

/// The condition on `contracts` of the people in scope: those of the region's municipalities, or of the
/// caseload (the people are checked again by [`people`]; this keeps the rows read to the scope's).
fn contract_scope(caller: &AuthUser, scope: &Scope) -> Condition {
    match scope {
        Scope::Region => caller.within_region(contracts::Column::MunicipalityId),
        Scope::Caseload(ids) => Condition::all().add(contracts::Column::CandidateId.is_in(ids.clone())),
        Scope::Organisation(_) | Scope::Nothing => Condition::all().add(contracts::Column::Id.is_null()),
    }
}

fn person_item(kind: ReminderKind, key: String, title: String, window: Window, id: Uuid, person: &Person) -> Item {
    Item {
        reminder: Reminder {
            key,
            kind,
            title,
            due_on: window.due_on,
            overdue: false,
            subject_kind: SubjectKind::Person,
            subject_id: id,
            subject_name: person.name.clone(),
            note: None,
            owner_name: None,
        },
        window,
        candidate_id: Some(id),
    }
}

/// Every reminder of the caller that shows on `today` (or has shown), before done and snoozed states: the
/// caller's own follow-ups and the derived reminders of its scope. `within_days`: how far ahead endings show.
async fn items(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    scope: &Scope,
    within_days: u32,
    today: NaiveDate,
) -> ApiResult<Vec<Item>> {
    let mut items = follow_up_items(db, caller, scope, today).await?;
    if matches!(scope, Scope::Region | Scope::Caseload(_)) {
        items.extend(trial_items(db, caller, scope, within_days, today).await?);
        items.extend(contract_items(db, caller, scope, within_days, today).await?);
        items.extend(handover_items(db, caller, scope, today).await?);
        items.extend(employee_survey_items(db, caller, scope, today).await?);
        items.extend(availability_items(db, caller, scope, today).await?);
        items.extend(intake_items(db, caller, scope, today).await?);
    }
    if matches!(scope, Scope::Region | Scope::Organisation(_)) {
        items.extend(organisation_survey_items(db, caller, scope, today).await?);
    }
    items.retain(|item| item.window.shows_on(today));
    for item in &mut items {
        item.reminder.overdue = item.window.overdue_on(today);
    }
    Ok(items)
}

/// The caller's own follow-ups due by `today`, on subjects it still sees.
async fn follow_up_items(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    scope: &Scope,
    today: NaiveDate,
) -> ApiResult<Vec<Item>> {
    let Some(me) = caller.user_id else { return Ok(Vec::new()) };
    let rows = follow_ups::Entity::find()
        .filter(follow_ups::Column::OwnerId.eq(me))
        .filter(follow_ups::Column::DueOn.lte(today))
        .all(db)
        .await?;
    let persons = people(db, caller, scope, rows.iter().filter_map(|r| r.candidate_id).collect()).await?;
    let org_ids: Vec<Uuid> = rows.iter().filter_map(|r| r.organisation_id).collect();
    let orgs = organisation_names(db, org_ids).await?;
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            let (subject_kind, subject_id, subject_name) = match (row.candidate_id, row.organisation_id) {
                (Some(id), _) => (SubjectKind::Person, id, persons.get(&id)?.name.clone()),
                (None, Some(id)) => (SubjectKind::Organisation, id, orgs.get(&id)?.clone()),
                (None, None) => return None,
            };
            let window = rules::follow_up(row.due_on);
            Some(Item {
                reminder: Reminder {
                    key: rules::key(ReminderKind::FollowUp, &[&row.id.to_string()]),
                    kind: ReminderKind::FollowUp,
                    title: row.title,
                    due_on: row.due_on,
                    overdue: false,
                    subject_kind,
                    subject_id,
                    subject_name,
                    note: Some(row.note),
                    owner_name: Some(row.owner_name),
                },
                window,
                candidate_id: row.candidate_id,
            })
        })
        .collect())
}

async fn organisation_names(db: &impl ConnectionTrait, mut ids: Vec<Uuid>) -> ApiResult<HashMap<Uuid, String>> {
    ids.sort();
    ids.dedup();
    let mut names = HashMap::new();
    for chunk in ids.chunks(500) {
        let rows: Vec<(Uuid, String)> = organisations::Entity::find()
            .select_only()
            .columns([organisations::Column::Id, organisations::Column::Name])
            .filter(organisations::Column::Id.is_in(chunk.to_vec()))
            .into_tuple()
            .all(db)
            .await?;
        names.extend(rows);
    }
    Ok(names)
}

/// Trial placements that end within `within_days` (or ended) while the match is still in trial.
async fn trial_items(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    scope: &Scope,
    within_days: u32,
    today: NaiveDate,
) -> ApiResult<Vec<Item>> {
    let horizon = today + chrono::Duration::days(i64::from(within_days));
    let rows: Vec<(Uuid, Uuid, Option<NaiveDate>)> = matches::Entity::find()
        .select_only()
        .columns([matches::Column::Id, matches::Column::CandidateId, matches::Column::TrialEndDate])
        .filter(matches::Column::Stage.eq(MatchStage::TrialPlacement.as_str()))
        .filter(matches::Column::TrialEndDate.lte(horizon))
        .into_tuple()
        .all(db)
        .await?;
    let title = |end| format!("Proefplaatsing eindigt op {}: besluit over een contract", format_date(end));
    ending_items(db, caller, scope, rows, ReminderKind::TrialEnding, title, within_days).await
}

/// The reminders of what ends on a day (a trial placement, a temporary contract): `rows` are (id, person,
/// last day), each shown `within_days` before that day.
async fn ending_items(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    scope: &Scope,
    rows: Vec<(Uuid, Uuid, Option<NaiveDate>)>,
    kind: ReminderKind,
    title: impl Fn(NaiveDate) -> String,
    within_days: u32,
) -> ApiResult<Vec<Item>> {
    let persons = people(db, caller, scope, rows.iter().map(|r| r.1).collect()).await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, candidate, end)| {
            let end = end?;
            let person = persons.get(&candidate)?;
            let key = rules::key(kind, &[&id.to_string(), &end.to_string()]);
            Some(person_item(kind, key, title(end), rules::ending(end, within_days), candidate, person))
        })
        .collect())
}

/// Temporary contracts, signed or active, that end within `within_days` (or ended and were not closed).
async fn contract_items(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    scope: &Scope,
    within_days: u32,
    today: NaiveDate,
) -> ApiResult<Vec<Item>> {
    let horizon = today + chrono::Duration::days(i64::from(within_days));
    let rows: Vec<(Uuid, Uuid, Option<NaiveDate>)> = contracts::Entity::find()
        .select_only()
        .columns([contracts::Column::Id, contracts::Column::CandidateId, contracts::Column::EndDate])
        .filter(contracts::Column::Status.is_in([ContractStatus::Signed.as_str(), ContractStatus::Active.as_str()]))
        .filter(contracts::Column::Kind.eq(ContractKind::Temporary.as_str()))
        .filter(contracts::Column::EndDate.lte(horizon))
        .filter(contract_scope(caller, scope))
        .into_tuple()
        .all(db)
        .await?;
    let title = |end| format!("Tijdelijk contract eindigt op {}: verlengen of afronden", format_date(end));
    ending_items(db, caller, scope, rows, ReminderKind::ContractEnding, title, within_days).await
}

/// People whose placement needs a new mentor (guidance's "handover needed"): due the day after the last
/// mentor left.
async fn handover_items(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    scope: &Scope,
    today: NaiveDate,
) -> ApiResult<Vec<Item>> {
    let needing: Vec<Uuid> = candidates::Entity::find()
        .select_only()
        .column(candidates::Column::Id)
        .filter(candidates::Column::ErasedAt.is_null())
        .filter(person_scope(caller, scope))
        .filter(crate::guidance::service::handover_condition(today))
        .into_tuple()
        .all(db)
        .await?;
    let mut last_until: HashMap<Uuid, NaiveDate> = HashMap::new();
    for chunk in needing.chunks(500) {
        let rows: Vec<(Uuid, Option<NaiveDate>)> = guidance_assignments::Entity::find()
            .select_only()
            .columns([guidance_assignments::Column::CandidateId, guidance_assignments::Column::UntilDate])
            .filter(guidance_assignments::Column::CandidateId.is_in(chunk.to_vec()))
            .filter(guidance_assignments::Column::Kind.eq(shared::guidance::AssignmentKind::Mentor.as_str()))
            .into_tuple()
            .all(db)
            .await?;
        for (candidate, until) in rows {
            if let Some(until) = until {
                let entry = last_until.entry(candidate).or_insert(until);
                *entry = (*entry).max(until);
            }
        }
    }
    let persons = people(db, caller, scope, needing.clone()).await?;
    Ok(needing
        .into_iter()
        .filter_map(|candidate| {
            let until = *last_until.get(&candidate)?;
            let person = persons.get(&candidate)?;
            let key = rules::key(ReminderKind::MentorHandover, &[&candidate.to_string(), &until.to_string()]);
            let title = "De werkbegeleider is vertrokken: wijs een nieuwe werkbegeleider toe".to_owned();
            Some(person_item(ReminderKind::MentorHandover, key, title, rules::handover(until), candidate, person))
        })
        .collect())
}

/// Active contracts whose employee survey is due (`shared::surveys::next_due`), from 14 days before.
async fn employee_survey_items(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    scope: &Scope,
    today: NaiveDate,
) -> ApiResult<Vec<Item>> {
    let rows: Vec<(Uuid, Uuid, NaiveDate)> = contracts::Entity::find()
        .select_only()
        .columns([contracts::Column::Id, contracts::Column::CandidateId, contracts::Column::StartDate])
        .filter(contracts::Column::Status.eq(ContractStatus::Active.as_str()))
        .filter(contract_scope(caller, scope))
        .into_tuple()
        .all(db)
        .await?;
    let persons = people(db, caller, scope, rows.iter().map(|r| r.1).collect()).await?;
    let rows: Vec<_> = rows.into_iter().filter(|r| persons.contains_key(&r.1)).collect();
    let mut last: HashMap<Uuid, NaiveDate> = HashMap::new();
    let ids: Vec<Uuid> = rows.iter().map(|r| r.0).collect();
    for chunk in ids.chunks(500) {
        let surveys: Vec<(Uuid, NaiveDate)> = employee_surveys::Entity::find()
            .select_only()
            .columns([employee_surveys::Column::ContractId, employee_surveys::Column::SurveyedOn])
            .filter(employee_surveys::Column::ContractId.is_in(chunk.to_vec()))
            .into_tuple()
            .all(db)
            .await?;
        for (contract, on) in surveys {
            let entry = last.entry(contract).or_insert(on);
            *entry = (*entry).max(on);
        }
    }
    Ok(rows
        .into_iter()
        .filter_map(|(id, candidate, start)| {
            let due = next_due(start, EMPLOYEE_INTERVAL_MONTHS, last.get(&id).copied(), today)?;
            let person = persons.get(&candidate)?;
            let key = rules::key(ReminderKind::EmployeeSurvey, &[&id.to_string(), &due.next_due.to_string()]);
            let title = format!("Ervaringsonderzoek met de werknemer, uiterlijk {}", format_date(due.next_due));
            let window = rules::survey(due.next_due);
            Some(person_item(ReminderKind::EmployeeSurvey, key, title, window, candidate, person))
        })
        .collect())
}

/// Organisations with a running placement whose survey is due, from 14 days before: staff for the
/// placements of their region, a partner for its own organisation.
async fn organisation_survey_items(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    scope: &Scope,
    today: NaiveDate,
) -> ApiResult<Vec<Item>> {
    let mut select = contracts::Entity::find()
        .select_only()
        .columns([contracts::Column::OrganisationId, contracts::Column::StartDate])
        .filter(contracts::Column::Status.eq(ContractStatus::Active.as_str()));
    select = match scope {
        Scope::Organisation(own) => select.filter(contracts::Column::OrganisationId.eq(*own)),
        _ => select.filter(caller.within_region(contracts::Column::MunicipalityId)),
    };
    let rows: Vec<(Uuid, NaiveDate)> = select.into_tuple().all(db).await?;
    let mut first: HashMap<Uuid, NaiveDate> = HashMap::new();
    for (organisation, start) in rows {
        let entry = first.entry(organisation).or_insert(start);
        *entry = (*entry).min(start);
    }
    let ids: Vec<Uuid> = first.keys().copied().collect();
    let mut last: HashMap<Uuid, NaiveDate> = HashMap::new();
    for chunk in ids.chunks(500) {
        let surveys: Vec<(Uuid, NaiveDate)> = organisation_surveys::Entity::find()
            .select_only()
            .columns([organisation_surveys::Column::OrganisationId, organisation_surveys::Column::SurveyedOn])
            .filter(organisation_surveys::Column::OrganisationId.is_in(chunk.to_vec()))
            .into_tuple()
            .all(db)
            .await?;
        for (organisation, on) in surveys {
            let entry = last.entry(organisation).or_insert(on);
            *entry = (*entry).max(on);
        }
    }
    let names = organisation_names(db, ids).await?;
    Ok(first
        .into_iter()
        .filter_map(|(id, start)| {
            let due = next_due(start, ORGANISATION_INTERVAL_MONTHS, last.get(&id).copied(), today)?;
            let window = rules::survey(due.next_due);
            Some(Item {
                reminder: Reminder {
                    key: rules::key(ReminderKind::OrganisationSurvey, &[&id.to_string(), &due.next_due.to_string()]),
                    kind: ReminderKind::OrganisationSurvey,
                    title: format!("Ervaringsonderzoek met de werkgever, uiterlijk {}", format_date(due.next_due)),
                    due_on: due.next_due,
                    overdue: false,
                    subject_kind: SubjectKind::Organisation,
                    subject_id: id,
                    subject_name: names.get(&id).cloned().unwrap_or_default(),
                    note: None,
                    owner_name: None,
                },
                window,
                candidate_id: None,
            })
        })
        .collect())
}

/// The statuses in which a person's availability matters for matching.
const AVAILABLE_STATUSES: [CandidateStatus; 4] =
    [CandidateStatus::Registered, CandidateStatus::Intake, CandidateStatus::Eligible, CandidateStatus::PreTrajectory];

/// People (not yet placed) whose availability was last confirmed 90 days ago or longer, or never since a
/// registration 90 days ago or longer (`idx_candidates_availability`).
async fn availability_items(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    scope: &Scope,
    today: NaiveDate,
) -> ApiResult<Vec<Item>> {
    let cutoff = day_start(today - chrono::Duration::days(rules::AVAILABILITY_DAYS - 1));
    type Row = (Uuid, String, String, Option<DateTime<Utc>>, DateTime<Utc>);
    let rows: Vec<Row> = candidates::Entity::find()
        .select_only()
        .columns([candidates::Column::Id, candidates::Column::FirstName, candidates::Column::LastName])
        .columns([candidates::Column::AvailabilityConfirmedAt, candidates::Column::CreatedAt])
        .filter(candidates::Column::ErasedAt.is_null())
        .filter(person_scope(caller, scope))
        .filter(candidates::Column::Status.is_in(AVAILABLE_STATUSES.map(CandidateStatus::as_str)))
        .filter(
            Condition::any().add(candidates::Column::AvailabilityConfirmedAt.lt(cutoff)).add(
                Condition::all()
                    .add(candidates::Column::AvailabilityConfirmedAt.is_null())
                    .add(candidates::Column::CreatedAt.lt(cutoff)),
            ),
        )
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, first, last, confirmed, created)| {
            let confirmed_on = confirmed.map(|c| c.date_naive());
            let window = rules::availability(confirmed_on, created.date_naive());
            let since = confirmed_on.map_or_else(|| "nooit".to_owned(), format_date);
            let key = rules::key(
                ReminderKind::AvailabilityUnconfirmed,
                &[&id.to_string(), &confirmed_on.map_or_else(|| "never".to_owned(), |d| d.to_string())],
            );
            let title = format!("Beschikbaarheid bevestigen (laatst bevestigd: {since})");
            let person = Person { name: format!("{first} {last}").trim().to_owned() };
            person_item(ReminderKind::AvailabilityUnconfirmed, key, title, window, id, &person)
        })
        .collect())
}

/// People registered 30 days ago or longer whose intake is not completed (still registered or in intake).
async fn intake_items(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    scope: &Scope,
    today: NaiveDate,
) -> ApiResult<Vec<Item>> {
    let cutoff = day_start(today - chrono::Duration::days(rules::INTAKE_DAYS - 1));
    let rows: Vec<(Uuid, String, String, DateTime<Utc>)> = candidates::Entity::find()
        .select_only()
        .columns([candidates::Column::Id, candidates::Column::FirstName, candidates::Column::LastName])
        .column(candidates::Column::CreatedAt)
        .filter(candidates::Column::ErasedAt.is_null())
        .filter(person_scope(caller, scope))
        .filter(
            candidates::Column::Status.is_in([CandidateStatus::Registered.as_str(), CandidateStatus::Intake.as_str()]),
        )
        .filter(candidates::Column::CreatedAt.lt(cutoff))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, first, last, created)| {
            let registered = created.date_naive();
            let key = rules::key(ReminderKind::IntakeOpen, &[&id.to_string()]);
            let title = format!("Intake afronden (aangemeld op {})", format_date(registered));
            let person = Person { name: format!("{first} {last}").trim().to_owned() };
            person_item(ReminderKind::IntakeOpen, key, title, rules::intake(registered), id, &person)
        })
        .collect())
}

fn day_start(day: NaiveDate) -> DateTime<Utc> {
    day.and_time(chrono::NaiveTime::MIN).and_utc()
}

/// The stored states of the reminders in `wanted`, in one query: the marks on the people in scope and on
/// organisations (only what was put away is stored), of which those in `wanted` count. (One query per 500 keys
/// cost 40 ms each for a municipality's thousands of reminders at national scale.)
async fn states(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    scope: &Scope,
    wanted: &HashSet<&str>,
) -> ApiResult<HashMap<String, Resolution>> {
    let people = candidates::Entity::find()
        .select_only()
        .column(candidates::Column::Id)
        .filter(person_scope(caller, scope))
        .into_query();
    let rows = reminder_states::Entity::find()
        .filter(
            Condition::any()
                .add(reminder_states::Column::CandidateId.is_null())
                .add(reminder_states::Column::CandidateId.in_subquery(people)),
        )
        .all(db)
        .await?;
    let mut found = HashMap::new();
    for row in rows.into_iter().filter(|row| wanted.contains(row.key.as_str())) {
        let resolution = match (row.state.as_str(), row.snoozed_until) {
            (DONE, _) => Resolution::Done,
            (SNOOZED, Some(until)) => Resolution::SnoozedUntil(until),
            (state, _) => {
                return Err(ApiError::Internal(anyhow::anyhow!("stored reminder state {state:?} is unknown")));
            }
        };
        found.insert(row.key, resolution);
    }
    Ok(found)
}

/// The caller's due list on `today`: every reminder that shows, is not done and not snoozed past today; the
/// overdue first by due date, then by kind and key.
async fn due(db: &impl ConnectionTrait, caller: &AuthUser, within_days: u32, today: NaiveDate) -> ApiResult<Vec<Item>> {
    let scope = scope(db, caller, today).await?;
    let items = items(db, caller, &scope, within_days, today).await?;
    let wanted: HashSet<&str> = items.iter().map(|i| i.reminder.key.as_str()).collect();
    let states = states(db, caller, &scope, &wanted).await?;
    let mut due: Vec<Item> = items
        .into_iter()
        .filter(|item| rules::on_list(item.window, states.get(&item.reminder.key).copied(), today))
        .collect();
    due.sort_by(|a, b| {
        (a.reminder.due_on, a.reminder.kind, &a.reminder.key).cmp(&(
            b.reminder.due_on,
            b.reminder.kind,
            &b.reminder.key,
        ))
    });
    Ok(due)
}

/// One page of the caller's due list. Each person on the page is audited as a read.
pub async fn due_page(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    within_days: u32,
    paging: PageRequest,
    today: NaiveDate,
) -> ApiResult<Page<Reminder>> {
    let due = due(db, caller, within_days, today).await?;
    let total = due.len() as u64;
    let page: Vec<Item> = due.into_iter().skip(paging.offset() as usize).take(paging.page_size as usize).collect();
    let mut read: Vec<Uuid> = page.iter().filter_map(|i| i.candidate_id).collect();
    read.sort();
    read.dedup();
    let entries =
        read.into_iter().map(|id| Entry::new(AuditAction::Read, "candidate").record(id).details("reminders")).collect();
    audit::record_many(db, &Actor::from(caller), entries).await?;
    Ok(Page::new(page.into_iter().map(|i| i.reminder).collect(), paging, total))
}

/// How many reminders the caller's due list holds, and how many of them are overdue.
pub async fn counts(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    within_days: u32,
    today: NaiveDate,
) -> ApiResult<ReminderCounts> {
    let due = due(db, caller, within_days, today).await?;
    Ok(ReminderCounts { due: due.len() as u64, overdue: due.iter().filter(|i| i.reminder.overdue).count() as u64 })
}

/// Sets a follow-up on a person (the caller must see the person: its region, a job coach its caseload) or
/// an organisation (one that exists), owned by the caller. 404 for a subject it does not see.
pub async fn create_follow_up(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    input: CreateFollowUp,
    now: DateTime<Utc>,
) -> ApiResult<Reminder> {
    let today = now.date_naive();
    let (title, note) = input.check(today).map_err(ApiError::Validation)?;
    let owner = caller.user_id.ok_or_else(crate::auth::forbidden)?;
    let (municipality, subject_kind, subject_id, subject_name) = match (input.candidate_id, input.organisation_id) {
        (Some(id), _) => {
            let record = crate::registration::service::load(db, caller, id).await?;
            if caller.role == Role::JobCoach && !crate::guidance::service::in_caseload(db, caller, id, today).await? {
                return Err(ApiError::NotFound);
            }
            let m = &record.model;
            (m.municipality_id, SubjectKind::Person, id, format!("{} {}", m.first_name, m.last_name).trim().to_owned())
        }
        (None, Some(id)) => {
            let organisation = organisations::Entity::find_by_id(id).one(db).await?.ok_or(ApiError::NotFound)?;
            let municipality = crate::reference::default_municipality(db, caller.municipality_id).await?;
            (municipality, SubjectKind::Organisation, id, organisation.name)
        }
        (None, None) => {
            return Err(ApiError::validation("candidateId", "required", "kies een persoon of een organisatie"));
        }
    };
    let due_on = input.due_on.unwrap_or(today);
    let row = follow_ups::Model {
        id: Uuid::now_v7(),
        municipality_id: municipality,
        candidate_id: input.candidate_id,
        organisation_id: if input.candidate_id.is_some() { None } else { input.organisation_id },
        title: title.clone(),
        note: note.clone(),
        due_on,
        owner_id: owner,
        owner_name: caller.name.clone(),
        created_at: now,
    };
    follow_ups::Entity::insert(follow_ups::ActiveModel {
        id: Set(row.id),
        municipality_id: Set(row.municipality_id),
        candidate_id: Set(row.candidate_id),
        organisation_id: Set(row.organisation_id),
        title: Set(row.title.clone()),
        note: Set(row.note.clone()),
        due_on: Set(row.due_on),
        owner_id: Set(row.owner_id),
        owner_name: Set(row.owner_name.clone()),
        created_at: Set(row.created_at),
    })
    .exec_without_returning(db)
    .await?;
    let entry = Entry::new(AuditAction::Create, "follow_up").record(row.id);
    let entry = match input.candidate_id {
        Some(candidate) => entry.details(format!("candidate {candidate}")),
        None => entry.details(format!("organisation {subject_id}")),
    };
    audit::record(db, Actor::from(caller), entry).await?;
    let window = rules::follow_up(due_on);
    Ok(Reminder {
        key: rules::key(ReminderKind::FollowUp, &[&row.id.to_string()]),
        kind: ReminderKind::FollowUp,
        title,
        due_on,
        overdue: window.overdue_on(today),
        subject_kind,
        subject_id,
        subject_name,
        note: Some(note),
        owner_name: Some(row.owner_name),
    })
}

/// The reminder of `key` among the caller's (whatever its state; endings up to a year ahead), or 404.
async fn own_reminder(db: &impl ConnectionTrait, caller: &AuthUser, key: &str, today: NaiveDate) -> ApiResult<Item> {
    // A follow-up shows from its day; one set for later may be resolved before it is due.
    if let Some((ReminderKind::FollowUp, id)) = rules::parse_key(key) {
        let row = follow_ups::Entity::find_by_id(id).one(db).await?.ok_or(ApiError::NotFound)?;
        if Some(row.owner_id) != caller.user_id {
            return Err(ApiError::NotFound);
        }
        return Ok(Item {
            reminder: Reminder {
                key: key.to_owned(),
                kind: ReminderKind::FollowUp,
                title: row.title,
                due_on: row.due_on,
                overdue: false,
                subject_kind: if row.candidate_id.is_some() { SubjectKind::Person } else { SubjectKind::Organisation },
                subject_id: row.candidate_id.or(row.organisation_id).unwrap_or_default(),
                subject_name: String::new(),
                note: None,
                owner_name: None,
            },
            window: rules::follow_up(row.due_on),
            candidate_id: row.candidate_id,
        });
    }
    let scope = scope(db, caller, today).await?;
    items(db, caller, &scope, shared::reminders::MAX_WITHIN_DAYS, today)
        .await?
        .into_iter()
        .find(|i| i.reminder.key == key)
        .ok_or(ApiError::NotFound)
}

/// Writes the state of a reminder (replacing an earlier one), audited on its subject.
async fn store_state(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    item: &Item,
    resolution: Resolution,
    reason: String,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let key = item.reminder.key.clone();
    reminder_states::Entity::delete_by_id(key.clone()).exec(db).await?;
    let (state, until) = match resolution {
        Resolution::Done => (DONE, None),
        Resolution::SnoozedUntil(day) => (SNOOZED, Some(day)),
    };
    reminder_states::Entity::insert(reminder_states::ActiveModel {
        key: Set(key),
        candidate_id: Set(item.candidate_id),
        state: Set(state.to_owned()),
        snoozed_until: Set(until),
        reason: Set(reason),
        by_id: Set(caller.user_id),
        by_name: Set(caller.name.clone()),
        updated_at: Set(now),
    })
    .exec_without_returning(db)
    .await?;
    let details = match until {
        Some(day) => format!("reminder {} snoozed until {day}", item.reminder.kind.as_str()),
        None => format!("reminder {} done", item.reminder.kind.as_str()),
    };
    let record_type = if item.candidate_id.is_some() { "candidate" } else { "organisation" };
    audit::record(
        db,
        Actor::from(caller),
        Entry::new(AuditAction::Update, record_type).record(item.reminder.subject_id).details(details),
    )
    .await?;
    Ok(())
}

/// Marks a reminder of the caller's list done: it does not show again (a derived one with a new date, such
/// as a later end date, has a new key and shows). 404 for a key the caller has no reminder of.
pub async fn mark_done(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    input: MarkReminderDone,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let (key, reason) = input.check().map_err(ApiError::Validation)?;
    let item = own_reminder(db, caller, &key, now.date_naive()).await?;
    store_state(db, caller, &item, Resolution::Done, reason, now).await
}

/// Snoozes a reminder of the caller's list until a later day, with the reason. 404 as [`mark_done`].
pub async fn snooze(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    input: SnoozeReminder,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let (key, until, reason) = input.check(now.date_naive()).map_err(ApiError::Validation)?;
    let item = own_reminder(db, caller, &key, now.date_naive()).await?;
    store_state(db, caller, &item, Resolution::SnoozedUntil(until), reason, now).await
}

/// The follow-ups and reminder states about a person, for the GDPR copy.
pub async fn of_candidate(
    db: &impl ConnectionTrait,
    candidate: Uuid,
) -> ApiResult<(Vec<follow_ups::Model>, Vec<reminder_states::Model>)> {
    let follow = follow_ups::Entity::find().filter(follow_ups::Column::CandidateId.eq(candidate)).all(db).await?;
    let states =
        reminder_states::Entity::find().filter(reminder_states::Column::CandidateId.eq(candidate)).all(db).await?;
    Ok((follow, states))
}
