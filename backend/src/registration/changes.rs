//! The change history of a candidate's record: one row per changed field, with the old and the new value,
//! who changed it (actor id, name, role and kind, as in the audit log), when and through what (`api`,
//! `import`, `system`). The working-day timeline reads it; `GET /candidates/{id}/changes` shows it.
//!
//! Invariants:
//! - Every write that changes a candidate's record (the update, the status machine, a CSV import) records
//!   its changes through [`record`] (or [`record_many`] for a batch), in the transaction of the change,
//!   by comparing the stored record before and after. A save that changes nothing records nothing.
//! - The BSN's values are never stored in clear text here: a change of the BSN holds the masked values
//!   (`*****6782`), as every answer of the API shows them. The full BSN stays in the candidate's row only.
//! - A role that may not see a field (`service::hidden_fields`) sees that it changed, without the values.
//! - The rows hold personal data: they are in the personal-data registry (copied, and deleted on erasure).
//!   Erasure itself records no changes (that would keep the values it removes).

use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use shared::auth::Role;
use shared::candidates::{CandidateAbility, ChangeSource, FieldChange, Weekday, mask_bsn};
use shared::paging::Page;
use shared::reference::PhysicalDemand;
use uuid::Uuid;

use super::service::{self, CandidateRecord};
use crate::audit::Actor;
use crate::auth::AuthUser;
use crate::db::{candidates, record_changes};
use crate::infra::error::{ApiError, ApiResult};

/// A candidate's record as stored: the row with its abilities and wished task categories.
#[derive(Debug, Clone, Copy)]
pub struct Snapshot<'a> {
    pub model: &'a candidates::Model,
    pub abilities: &'a [CandidateAbility],
    pub wish_category_ids: &'a [Uuid],
    pub available_days: &'a [Weekday],
    pub physical_limitations: &'a [PhysicalDemand],
}

impl<'a> From<&'a CandidateRecord> for Snapshot<'a> {
    fn from(record: &'a CandidateRecord) -> Self {
        Snapshot {
            model: &record.model,
            abilities: &record.abilities,
            wish_category_ids: &record.wish_category_ids,
            available_days: &record.available_days,
            physical_limitations: &record.physical_limitations,
        }
    }
}

/// A field of the record that the history follows: its API name, the name under which
/// `service::hidden_fields` hides it, and its value as text (`None`: empty).
struct Field {
    name: &'static str,
    hidden_as: &'static str,
    value: fn(&Snapshot) -> Option<String>,
}

fn text(value: &str) -> Option<String> {
    (!value.is_empty()).then(|| value.to_owned())
}

/// Codes in the order of their kind (Monday first), each once, comma-separated.
fn codes<T: Copy + Ord>(items: &[T], code: fn(T) -> &'static str) -> Option<String> {
    let mut items = items.to_vec();
    items.sort();
    items.dedup();
    text(&items.into_iter().map(code).collect::<Vec<_>>().join(","))
}

fn shown<T: ToString>(value: Option<T>) -> Option<String> {
    value.map(|v| v.to_string())
}

/// Every field of the record that a write can change. Left out: what follows from other fields or is
/// bookkeeping (`searchName`, `sortName`, `availabilityConfirmedAt` and by whom, which its own audited action sets,
/// timestamps,
/// `version`), the municipality (never changed by a write) and `erasedAt` (erasure records nothing).
const FIELDS: &[Field] = &[
    Field { name: "firstName", hidden_as: "firstName", value: |s| text(&s.model.first_name) },
    Field { name: "lastName", hidden_as: "lastName", value: |s| text(&s.model.last_name) },
    Field { name: "dateOfBirth", hidden_as: "dateOfBirth", value: |s| shown(s.model.date_of_birth) },
    // Compared in full, stored masked (see `stored_value`).
    Field { name: "bsn", hidden_as: "bsn", value: |s| s.model.bsn.as_deref().and_then(text) },
    Field { name: "email", hidden_as: "email", value: |s| text(&s.model.email) },
    Field { name: "phone", hidden_as: "phone", value: |s| text(&s.model.phone) },
    Field { name: "postcode", hidden_as: "postcode", value: |s| text(&s.model.postcode) },
    Field { name: "houseNumber", hidden_as: "houseNumber", value: |s| text(&s.model.house_number) },
    Field { name: "neighbourhoodId", hidden_as: "neighbourhoodId", value: |s| shown(s.model.neighbourhood_id) },
    Field { name: "source", hidden_as: "source", value: |s| text(&s.model.source) },
    Field {
        name: "targetGroupRegister",
        hidden_as: "targetGroupRegister",
        value: |s| Some(s.model.target_group_register.to_string()),
    },
    Field { name: "benefitKind", hidden_as: "benefit", value: |s| s.model.benefit_kind.as_deref().and_then(text) },
    // Two decimals, as the API shows amounts, so that 1250 and 1250.00 are the same amount.
    Field {
        name: "benefitMonthlyAmount",
        hidden_as: "benefit",
        value: |s| s.model.benefit_monthly_amount.map(|a| format!("{:.2}", a)),
    },
    Field {
        name: "regularWorkEvidence",
        hidden_as: "regularWorkEvidence",
        value: |s| text(&s.model.regular_work_evidence),
    },
    Field { name: "availableHours", hidden_as: "availableHours", value: |s| shown(s.model.available_hours) },
    Field {
        name: "wishedHoursPerWeek",
        hidden_as: "wishedHoursPerWeek",
        value: |s| shown(s.model.wished_hours_per_week),
    },
    Field { name: "availableDays", hidden_as: "availableDays", value: |s| codes(s.available_days, |d| d.as_str()) },
    Field {
        name: "abilities",
        hidden_as: "abilities",
        value: |s| {
            let mut items: Vec<String> = s.abilities.iter().map(|a| format!("{}:{}", a.ability_id, a.level)).collect();
            items.sort();
            text(&items.join(","))
        },
    },
    Field {
        name: "physicalLimitations",
        hidden_as: "physicalLimitations",
        value: |s| codes(s.physical_limitations, |l| l.as_str()),
    },
    Field { name: "limitationNotes", hidden_as: "limitationNotes", value: |s| text(&s.model.limitation_notes) },
    Field {
        name: "wishCategoryIds",
        hidden_as: "wishCategoryIds",
        value: |s| {
            let mut ids: Vec<String> = s.wish_category_ids.iter().map(Uuid::to_string).collect();
            ids.sort();
            ids.dedup();
            text(&ids.join(","))
        },
    },
    Field {
        name: "wishNeighbourhoodId",
        hidden_as: "wishNeighbourhoodId",
        value: |s| shown(s.model.wish_neighbourhood_id),
    },
    Field { name: "dreamJob", hidden_as: "dreamJob", value: |s| text(&s.model.dream_job) },
    Field { name: "wageValuePct", hidden_as: "wageValuePct", value: |s| shown(s.model.wage_value_pct) },
    Field {
        name: "expectedWageValuePct",
        hidden_as: "expectedWageValuePct",
        value: |s| shown(s.model.expected_wage_value_pct),
    },
    Field { name: "status", hidden_as: "status", value: |s| text(&s.model.status) },
    Field { name: "exitReason", hidden_as: "exitReason", value: |s| s.model.exit_reason.as_deref().and_then(text) },
];

/// The value as this table stores it. The BSN is never stored in clear text: only masked.
fn stored_value(field: &str, value: Option<String>) -> Option<String> {
    match field {
        "bsn" => value.map(|bsn| mask_bsn(&bsn)),
        _ => value,
    }
}

/// The changed fields between two states of one record: (field, old value, new value), as stored.
pub fn diff(before: &Snapshot, after: &Snapshot) -> Vec<(&'static str, Option<String>, Option<String>)> {
    FIELDS
        .iter()
        .filter_map(|field| {
            let (old, new) = ((field.value)(before), (field.value)(after));
            (old != new).then(|| (field.name, stored_value(field.name, old), stored_value(field.name, new)))
        })
        .collect()
}

/// Whether `role` may see the values of `field` (a field this module does not know is shown as its name).
pub fn values_visible(field: &str, role: Role) -> bool {
    let hidden_as = FIELDS.iter().find(|f| f.name == field).map_or(field, |f| f.hidden_as);
    !service::hidden_fields(role).contains(&hidden_as)
}

fn rows(
    actor: &Actor,
    source: ChangeSource,
    now: DateTime<Utc>,
    candidate_id: Uuid,
    before: &Snapshot,
    after: &Snapshot,
) -> impl Iterator<Item = record_changes::ActiveModel> {
    let kind = actor.kind();
    // Every write steps the version by one from the stored record it replaced.
    let version = before.model.version + 1;
    diff(before, after).into_iter().map(move |(field, old, new)| record_changes::ActiveModel {
        id: Set(Uuid::now_v7()),
        candidate_id: Set(candidate_id),
        changed_at: Set(now),
        actor_id: Set(actor.user_id),
        actor_name: Set(actor.name.clone()),
        actor_role: Set(actor.role.map(|r| r.as_str().to_owned())),
        client_id: Set(actor.client_id.clone()),
        actor_kind: Set(kind.to_owned()),
        source: Set(source.as_str().to_owned()),
        field: Set(field.to_owned()),
        old_value: Set(old),
        new_value: Set(new),
        version: Set(Some(version)),
    })
}

/// The fields of a candidate's record changed since `version` (the one a refused save was based on), as
/// `role` may see them: the value in that version and now, one entry per field (the extension member
/// `changedFields` of a 409 `stale_version`).
pub async fn since(
    db: &impl ConnectionTrait,
    candidate_id: Uuid,
    version: i32,
    role: Role,
) -> ApiResult<Vec<shared::problem::ChangedField>> {
    let mut rows = record_changes::Entity::find()
        .filter(record_changes::Column::CandidateId.eq(candidate_id))
        .filter(record_changes::Column::Version.gt(version))
        .all(db)
        .await?;
    // Version by version; within one save in the record's order of fields.
    let position = |field: &str| FIELDS.iter().position(|f| f.name == field).unwrap_or(FIELDS.len());
    rows.sort_by_key(|row| (row.version, position(&row.field)));
    Ok(shared::problem::ChangedField::fold(rows.iter().map(|row| {
        (row.field.as_str(), row.old_value.as_deref(), row.new_value.as_deref(), !values_visible(&row.field, role))
    })))
}

/// Records what changed in one candidate's record, one row per changed field. Pass the transaction of the
/// change. Returns the number of fields recorded (0 when nothing changed).
pub async fn record(
    db: &impl ConnectionTrait,
    actor: &Actor,
    candidate_id: Uuid,
    source: ChangeSource,
    before: &Snapshot<'_>,
    after: &Snapshot<'_>,
    now: DateTime<Utc>,
) -> Result<usize, sea_orm::DbErr> {
    record_many(db, actor, source, now, [(candidate_id, *before, *after)]).await
}

/// [`record`] for many records changed together by one actor (an import), in multi-row inserts.
pub async fn record_many<'a>(
    db: &impl ConnectionTrait,
    actor: &Actor,
    source: ChangeSource,
    now: DateTime<Utc>,
    changed: impl IntoIterator<Item = (Uuid, Snapshot<'a>, Snapshot<'a>)>,
) -> Result<usize, sea_orm::DbErr> {
    let mut all = Vec::new();
    for (candidate_id, before, after) in changed {
        all.extend(rows(actor, source, now, candidate_id, &before, &after));
    }
    let count = all.len();
    let mut all = all.into_iter().peekable();
    // 13 columns: 1,000 rows stay under SQLite's and PostgreSQL's parameter limits.
    while all.peek().is_some() {
        let chunk: Vec<_> = all.by_ref().take(1000).collect();
        record_changes::Entity::insert_many(chunk).exec_without_returning(db).await?;
    }
    Ok(count)
}

/// A stored change as `role` may see it.
pub fn to_field_change(row: record_changes::Model, role: Role) -> ApiResult<FieldChange> {
    let visible = values_visible(&row.field, role);
    Ok(FieldChange {
        id: row.id,
        changed_at: row.changed_at,
        old_value: if visible { row.old_value } else { None },
        new_value: if visible { row.new_value } else { None },
        values_hidden: !visible,
        source: ChangeSource::parse(&row.source)
            .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("stored change source {:?} is unknown", row.source)))?,
        actor_kind: row.actor_kind,
        actor_name: row.actor_name,
        actor_role: crate::db::stored_opt(row.actor_role.as_deref(), "role")?,
        field: row.field,
    })
}

/// Every recorded change of a candidate, oldest first (the GDPR copy).
pub async fn all_of(db: &impl ConnectionTrait, candidate_id: Uuid) -> ApiResult<Vec<FieldChange>> {
    record_changes::Entity::find()
        .filter(record_changes::Column::CandidateId.eq(candidate_id))
        .order_by_asc(record_changes::Column::ChangedAt)
        .order_by_asc(record_changes::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|row| to_field_change(row, Role::Admin))
        .collect()
}

/// One page of the changes of a candidate's record, field by field, newest first. Fields the caller's
/// role may not see show as changed, without their values. Audited as a read of the candidate.
pub async fn page(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    id: Uuid,
    paging: shared::paging::PageRequest,
) -> ApiResult<Page<FieldChange>> {
    service::history_read(db, caller, id, "changes").await?;
    let select = record_changes::Entity::find().filter(record_changes::Column::CandidateId.eq(id));
    let (rows, total) = crate::infra::paging::fetch(
        db,
        select,
        |s| s.order_by_desc(record_changes::Column::ChangedAt).order_by_desc(record_changes::Column::Id),
        paging,
    )
    .await?;
    let items = rows.into_iter().map(|row| to_field_change(row, caller.role)).collect::<ApiResult<_>>()?;
    Ok(Page::new(items, paging, total))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model() -> candidates::Model {
        let at = DateTime::parse_from_rfc3339("2026-11-28T09:00:00Z").unwrap().with_timezone(&Utc);
        candidates::Model {
            id: Uuid::nil(),
            municipality_id: Uuid::nil(),
            first_name: "Sanne".into(),
            last_name: "de Boer".into(),
            search_name: "sanne de boer".into(),
            sort_name: "boer, de; sanne".into(),
            date_of_birth: None,
            bsn: Some("123456782".into()),
            email: String::new(),
            phone: String::new(),
            postcode: "9713 HA".into(),
            house_number: "12".into(),
            neighbourhood_id: None,
            source: "participatiewet".into(),
            target_group_register: true,
            benefit_kind: Some("bijstand".into()),
            benefit_monthly_amount: Some(rust_decimal::Decimal::new(1250, 0)),
            regular_work_evidence: String::new(),
            available_hours: Some(32),
            wished_hours_per_week: None,
            available_days_mask: 0,
            limitations_mask: 0,
            availability_confirmed_at: Some(at),
            availability_confirmed_by_id: None,
            availability_confirmed_by_name: None,
            limitation_notes: String::new(),
            wish_neighbourhood_id: None,
            dream_job: String::new(),
            wage_value_pct: None,
            expected_wage_value_pct: None,
            status: "registered".into(),
            exit_reason: None,
            created_at: at,
            updated_at: at,
            erased_at: None,
            version: 1,
            merged_into_id: None,
            merged_at: None,
        }
    }

    fn snapshot(model: &candidates::Model) -> Snapshot<'_> {
        Snapshot { model, abilities: &[], wish_category_ids: &[], available_days: &[], physical_limitations: &[] }
    }

    #[test]
    fn only_changed_fields_count_and_bookkeeping_is_not_a_change() {
        let before = model();
        let mut after = before.clone();
        after.version = 2;
        let later = before.updated_at + chrono::Duration::days(3);
        after.updated_at = later;
        after.availability_confirmed_at = Some(later);
        after.benefit_monthly_amount = Some(rust_decimal::Decimal::new(125000, 2));
        assert!(diff(&snapshot(&before), &snapshot(&after)).is_empty());
        after.last_name = "de Vries".into();
        after.dream_job = "Koken".into();
        assert_eq!(
            diff(&snapshot(&before), &snapshot(&after)),
            vec![
                ("lastName", Some("de Boer".into()), Some("de Vries".into())),
                ("dreamJob", None, Some("Koken".into()))
            ]
        );
    }

    #[test]
    fn the_bsn_is_stored_masked() {
        let before = model();
        let mut after = before.clone();
        after.bsn = Some("111222333".into());
        let changes = diff(&snapshot(&before), &snapshot(&after));
        assert_eq!(changes, vec![("bsn", Some("*****6782".into()), Some("*****2333".into()))]);
    }

    #[test]
    fn finance_sees_that_health_changed_but_not_how_and_sees_the_benefit() {
        for field in ["physicalLimitations", "limitationNotes", "regularWorkEvidence", "email", "wageValuePct"] {
            assert!(!values_visible(field, Role::Finance), "{field}");
            assert!(values_visible(field, Role::Consultant), "{field}");
        }
        for field in ["lastName", "benefitKind", "benefitMonthlyAmount"] {
            assert!(values_visible(field, Role::Finance), "{field}");
        }
        for field in ["physicalLimitations", "limitationNotes"] {
            assert!(!values_visible(field, Role::JobCoach), "{field}");
        }
    }
}
