//! GDPR rights of a candidate: a copy of everything held (art. 15) and erasure on request (art. 17).
//!
//! Both go through the personal-data registry, [`personal_data::TABLES`]: the copy fills each table's
//! section, erasure applies each table's rule, so no table is copied but forgotten on erasure or the
//! other way round.
//!
//! Erasure removes every personal field and free text, and keeps the row with the facts that anonymous
//! monitoring counts need (municipality, neighbourhood, source, register flag, status, available and wished
//! hours, wage value), so that published figures do not change afterwards. The change history of the record is deleted (it
//! holds old values of personal fields), and erasure records no changes of its own. The audit log keeps its
//! events (they hold no personal data, only the record id); statutory retention periods for files of the
//! Participatiewet are the municipality's to apply before asking for erasure.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use shared::audit::AuditAction;
use shared::candidates::gdpr::{CandidateDataExport, EligibilityRecord, ErasureRequest};
use shared::validation::Errors;
use uuid::Uuid;

use super::personal_data::{self, Erasure, PersonalTable, Section};
use super::service::{self, CandidateRecord};
use crate::audit::{self, Actor, Entry};
use crate::auth::AuthUser;
use crate::db::{
    audit_events, candidate_preferences, candidate_status_changes, candidates, eligibility_decisions, intakes,
};
use crate::infra::error::{ApiError, ApiResult};

/// Fills one section of the copy. Every [`Section`] of the registry has its arm here.
async fn copy_section(
    db: &impl ConnectionTrait,
    id: Uuid,
    section: Section,
    export: &mut CandidateDataExport,
) -> ApiResult<()> {
    match section {
        // The row with its abilities and wishes: `service::load` read them before the copy began.
        Section::Record => {}
        Section::StatusChanges => {
            export.status_changes = candidate_status_changes::Entity::find()
                .filter(candidate_status_changes::Column::CandidateId.eq(id))
                .order_by_asc(candidate_status_changes::Column::ChangedAt)
                .all(db)
                .await?
                .into_iter()
                .map(service::to_status_change)
                .collect::<ApiResult<_>>()?;
        }
        Section::Intakes => {
            export.intakes = intakes::Entity::find()
                .filter(intakes::Column::CandidateId.eq(id))
                .order_by_asc(intakes::Column::HeldOn)
                .all(db)
                .await?
                .into_iter()
                .map(|m| service::to_intake(m, true))
                .collect::<ApiResult<_>>()?;
        }
        Section::EligibilityDecisions => {
            export.eligibility_decisions = eligibility_decisions::Entity::find()
                .filter(eligibility_decisions::Column::CandidateId.eq(id))
                .order_by_asc(eligibility_decisions::Column::DecidedAt)
                .all(db)
                .await?
                .into_iter()
                .map(|d| EligibilityRecord {
                    outcome: d.outcome,
                    motivation: d.motivation,
                    decided_by: d.decided_by_name,
                    decided_at: d.decided_at,
                })
                .collect();
        }
        Section::Changes => export.changes = super::changes::all_of(db, id).await?,
        Section::Matches => {
            let rows = crate::db::matches::Entity::find()
                .filter(crate::db::matches::Column::CandidateId.eq(id))
                .order_by_asc(crate::db::matches::Column::CreatedAt)
                .all(db)
                .await?;
            export.matches = crate::matching::match_service::to_matches(db, rows).await?;
        }
        Section::Contracts => {
            (export.contracts, export.contract_versions) =
                crate::contracts::contract_service::of_candidate(db, id).await?;
        }
        Section::Surveys => export.employee_surveys = crate::surveys::service::of_candidate(db, id).await?,
        Section::Guidance => {
            let today = export.exported_at.date_naive();
            (export.guidance_assignments, export.check_ins, export.goals, export.provisions) =
                crate::guidance::service::of_candidate(db, id, today).await?;
        }
        Section::Reminders => {
            let (follow_ups, states) = crate::reminders::service::of_candidate(db, id).await?;
            export.follow_ups = follow_ups
                .into_iter()
                .map(|f| shared::reminders::FollowUpRecord {
                    id: f.id,
                    title: f.title,
                    note: f.note,
                    due_on: f.due_on,
                    owner_name: f.owner_name,
                    created_at: f.created_at,
                })
                .collect();
            export.reminder_states = states
                .into_iter()
                .map(|r| shared::reminders::ReminderStateRecord {
                    key: r.key,
                    state: r.state,
                    snoozed_until: r.snoozed_until,
                    reason: r.reason,
                    by_name: r.by_name,
                    updated_at: r.updated_at,
                })
                .collect();
        }
        Section::Rounds => export.matching_rounds = crate::matching::round_service::of_candidate(db, id).await?,
        Section::Preferences => {
            export.preferences = candidate_preferences::Entity::find()
                .filter(candidate_preferences::Column::CandidateId.eq(id))
                .order_by_asc(candidate_preferences::Column::Rank)
                .all(db)
                .await?
                .into_iter()
                .map(|p| p.package_id)
                .collect();
        }
        Section::AuditEvents => {
            // With the events of the records merged into this one: the merge moved their data here, and
            // the audit log is never rewritten.
            let mut records = crate::duplicates::service::merged_ids(db, id).await?;
            records.push(id);
            export.audit_events = audit_events::Entity::find()
                .filter(audit_events::Column::RecordId.is_in(records))
                .order_by_asc(audit_events::Column::OccurredAt)
                .all(db)
                .await?
                .into_iter()
                .map(crate::admin::audit_events::to_event)
                .collect::<ApiResult<_>>()?;
        }
    }
    Ok(())
}

/// Everything held about one candidate (GDPR art. 15): every table of the personal-data registry. Audited
/// as an export.
pub async fn copy(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    id: Uuid,
    now: DateTime<Utc>,
) -> ApiResult<CandidateDataExport> {
    let record = service::load(db, caller, id).await?;
    audit::record(
        db,
        Actor::from(caller),
        Entry::new(AuditAction::Export, "candidate").record(id).details("gdpr art. 15"),
    )
    .await?;
    let mut candidate = service::view(&record, shared::auth::Role::Consultant, now.date_naive())?;
    candidate.hidden_fields.clear();
    let mut export = CandidateDataExport {
        exported_at: now,
        bsn: record.model.bsn.clone().unwrap_or_default(),
        candidate,
        status_changes: Vec::new(),
        intakes: Vec::new(),
        eligibility_decisions: Vec::new(),
        changes: Vec::new(),
        preferences: Vec::new(),
        matches: Vec::new(),
        matching_rounds: Vec::new(),
        contracts: Vec::new(),
        contract_versions: Vec::new(),
        employee_surveys: Vec::new(),
        guidance_assignments: Vec::new(),
        check_ins: Vec::new(),
        goals: Vec::new(),
        provisions: Vec::new(),
        follow_ups: Vec::new(),
        reminder_states: Vec::new(),
        audit_events: Vec::new(),
    };
    for section in personal_data::sections() {
        copy_section(db, id, section, &mut export).await?;
    }
    Ok(export)
}

/// The candidate's row without its personal fields; what monitoring counts stays.
async fn anonymise_candidate(
    txn: &impl ConnectionTrait,
    record: &CandidateRecord,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let erased = candidates::Entity::update_many()
        .set(candidates::ActiveModel {
            first_name: Set("(gewist)".into()),
            last_name: Set(String::new()),
            search_name: Set(String::new()),
            sort_name: Set(String::new()),
            date_of_birth: Set(None),
            bsn: Set(None),
            email: Set(String::new()),
            phone: Set(String::new()),
            postcode: Set(String::new()),
            house_number: Set(String::new()),
            benefit_kind: Set(None),
            benefit_monthly_amount: Set(None),
            regular_work_evidence: Set(String::new()),
            limitation_notes: Set(String::new()),
            dream_job: Set(String::new()),
            erased_at: Set(Some(now)),
            updated_at: Set(now),
            version: Set(record.model.version + 1),
            ..Default::default()
        })
        .filter(candidates::Column::Id.eq(record.model.id))
        .filter(candidates::Column::ErasedAt.is_null())
        .exec(txn)
        .await?;
    // Another erasure came first: nothing to erase (and nothing to count twice).
    if erased.rows_affected != 1 {
        return Err(ApiError::NotFound);
    }
    // The row is this transaction's now, so its stored municipality and status are the ones it counted in,
    // whatever changed since `record` was read.
    let stored = candidates::Entity::find_by_id(record.model.id).one(txn).await?.ok_or(ApiError::NotFound)?;
    super::counts::erased(txn, stored.municipality_id, &stored.status).await?;
    Ok(())
}

/// Applies one table's erasure rule to the candidate's rows.
async fn erase_table(
    txn: &impl ConnectionTrait,
    table: &PersonalTable,
    record: &CandidateRecord,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let id = record.model.id;
    match table.erasure {
        Erasure::Anonymise => {
            anonymise_candidate(txn, record, now).await?;
            // An erased person leaves the feed's counts of people (their contracts' jobs stay).
            crate::monitoring::aggregates::refresh(txn, id).await?;
        }
        Erasure::Delete => {
            txn.execute(&Query::delete().from_table(table.table).and_where(Expr::col(table.key).eq(id)).to_owned())
                .await?;
        }
        Erasure::Clear(columns) => {
            let update = Query::update()
                .table(table.table)
                .values(columns.iter().map(|column| (*column, Expr::val(""))))
                .and_where(Expr::col(table.key).eq(id))
                .to_owned();
            txn.execute(&update).await?;
        }
        Erasure::Keep => {}
    }
    Ok(())
}

/// Erases a candidate's personal data on request (GDPR art. 17), in the caller's transaction: every table
/// of the registry by its rule, and the erasure in the audit log.
pub async fn erase(
    txn: &impl ConnectionTrait,
    caller: &AuthUser,
    id: Uuid,
    request: ErasureRequest,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let record = service::load(txn, caller, id).await?;
    let mut errors = Errors::default();
    let reason = errors.text("reason", &request.reason, 500);
    if !request.confirm {
        errors.add("confirm", "required", "bevestig dat het wissen niet ongedaan kan worden");
    }
    errors.finish(()).map_err(ApiError::Validation)?;
    for table in personal_data::TABLES {
        erase_table(txn, table, &record, now).await?;
    }
    audit::record(
        txn,
        Actor::from(caller),
        Entry::new(AuditAction::Delete, "candidate").record(id).details(format!("gdpr art. 17: {reason}")),
    )
    .await?;
    Ok(())
}
