//! Bulk job-coach assignments (issue 14, item 4): one coach for selected candidates, or a whole caseload
//! moved from one coach to another. One plan serves the preview and the action, so that the preview is
//! what the action does; the action writes all or nothing, in the caller's transaction, and audits each
//! record. A new assignment starts on the request's `from` (default today); the person's coach assignment
//! of that day ends the day before, as a single assignment (`guidance::service::assign`) would do, and one
//! that starts on that day or later refuses the person (`conflict`).

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use shared::audit::AuditAction;
use shared::auth::Role;
use shared::bulk::{BulkCoachChange, BulkCoachPreview, BulkCoachRequest, BulkRefusal, CaseloadMoveRequest};
use shared::validation::Errors;
use uuid::Uuid;

use crate::audit::{self, Actor, Entry};
use crate::auth::AuthUser;
use crate::db::{candidates, guidance_assignments as assignments, users};
use crate::infra::error::{ApiError, ApiResult};

const COACH: &str = "coach";

/// The name of the job coach `id` (an active user with the role `job_coach`), or 400 on `field`.
async fn job_coach(db: &impl ConnectionTrait, id: Uuid, field: &str) -> ApiResult<String> {
    users::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|u| u.role == Role::JobCoach.as_str() && !u.disabled)
        .map(|u| u.display_name)
        .ok_or_else(|| ApiError::validation(field, "not_a_job_coach", "kies een actieve gebruiker met de rol jobcoach"))
}

fn refusal(candidate_id: Uuid, name: &str, code: &str, reason: impl Into<String>) -> BulkRefusal {
    BulkRefusal { candidate_id, name: name.to_owned(), code: code.into(), reason: reason.into() }
}

/// What giving `ids` the coach `coach` (named `coach_name`) from `from` on changes and refuses, in the
/// order of `ids`.
async fn plan(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    ids: &[Uuid],
    coach: Uuid,
    coach_name: &str,
    from: NaiveDate,
    skip_erased: bool,
) -> ApiResult<BulkCoachPreview> {
    let mut people: HashMap<Uuid, (String, bool)> = HashMap::new();
    let mut open: Vec<assignments::Model> = Vec::new();
    for chunk in ids.chunks(1000) {
        let rows: Vec<(Uuid, String, String, Option<DateTime<Utc>>)> = candidates::Entity::find()
            .select_only()
            .column(candidates::Column::Id)
            .column(candidates::Column::FirstName)
            .column(candidates::Column::LastName)
            .column(candidates::Column::ErasedAt)
            .filter(candidates::Column::Id.is_in(chunk.to_vec()))
            .filter(caller.within_region(candidates::Column::MunicipalityId))
            .into_tuple()
            .all(db)
            .await?;
        people.extend(
            rows.into_iter().map(|(id, first, last, erased)| (id, (format!("{first} {last}"), erased.is_some()))),
        );
        open.extend(
            assignments::Entity::find()
                .filter(assignments::Column::CandidateId.is_in(chunk.to_vec()))
                .filter(assignments::Column::Kind.eq(COACH))
                .filter(
                    Condition::any()
                        .add(assignments::Column::UntilDate.is_null())
                        .add(assignments::Column::UntilDate.gte(from)),
                )
                .all(db)
                .await?,
        );
    }
    let coach_ids: Vec<Uuid> = open.iter().filter_map(|a| a.coach_user_id).collect();
    let names: HashMap<Uuid, String> = if coach_ids.is_empty() {
        HashMap::new()
    } else {
        users::Entity::find()
            .filter(users::Column::Id.is_in(coach_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|u| (u.id, u.display_name))
            .collect()
    };
    let mut by_person: HashMap<Uuid, Vec<&assignments::Model>> = HashMap::new();
    for assignment in &open {
        by_person.entry(assignment.candidate_id).or_default().push(assignment);
    }
    let mut preview = BulkCoachPreview::default();
    for id in ids {
        let Some((name, erased)) = people.get(id) else {
            preview.refusals.push(refusal(*id, "", "unknown", "deze kandidaat bestaat niet (of valt buiten uw regio)"));
            continue;
        };
        if *erased && skip_erased {
            continue;
        }
        if *erased {
            preview.refusals.push(refusal(*id, name, "erased", "de gegevens van deze kandidaat zijn gewist"));
            continue;
        }
        let mine = by_person.get(id).map(Vec::as_slice).unwrap_or_default();
        let current = mine.iter().find(|a| a.from_date < from);
        if let Some(later) = mine.iter().find(|a| a.from_date >= from) {
            preview.refusals.push(refusal(
                *id,
                name,
                "conflict",
                format!("er is al een jobcoachtoewijzing vanaf {}", later.from_date.format("%d-%m-%Y")),
            ));
        } else if current.is_some_and(|a| a.coach_user_id == Some(coach)) {
            preview.refusals.push(refusal(*id, name, "same_coach", format!("{coach_name} is al de jobcoach")));
        } else {
            preview.changes.push(BulkCoachChange {
                candidate_id: *id,
                name: name.clone(),
                from_coach: current.and_then(|a| a.coach_user_id).map(|c| names.get(&c).cloned().unwrap_or_default()),
                to_coach: coach_name.to_owned(),
            });
        }
    }
    Ok(preview)
}

/// Writes the plan: ends the coach assignments of `from` the day before, assigns `coach` from `from` on,
/// one audit event per person. Refuses everything (400, each refused candidate named as `{field}[i]` by its place in
/// `ids`) while the plan has a refusal.
async fn carry_out(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    field: &str,
    ids: &[Uuid],
    (coach, from): (Uuid, NaiveDate),
    preview: BulkCoachPreview,
    now: DateTime<Utc>,
) -> ApiResult<BulkCoachPreview> {
    if !preview.refusals.is_empty() {
        let mut errors = Errors::default();
        for refused in &preview.refusals {
            let index = ids.iter().position(|id| *id == refused.candidate_id).unwrap_or_default();
            errors.add(format!("{field}[{index}]"), refused.code.clone(), refused.reason.clone());
        }
        return errors.finish(preview).map_err(ApiError::Validation);
    }
    let changed: Vec<Uuid> = preview.changes.iter().map(|c| c.candidate_id).collect();
    for chunk in changed.chunks(500) {
        assignments::Entity::update_many()
            .set(assignments::ActiveModel {
                until_date: Set(Some(from - Duration::days(1))),
                end_reason: Set("opgevolgd".into()),
                ended_by_id: Set(caller.user_id),
                ended_at: Set(Some(now)),
                ..Default::default()
            })
            .filter(assignments::Column::CandidateId.is_in(chunk.to_vec()))
            .filter(assignments::Column::Kind.eq(COACH))
            .filter(
                Condition::any()
                    .add(assignments::Column::UntilDate.is_null())
                    .add(assignments::Column::UntilDate.gte(from)),
            )
            .exec(db)
            .await?;
        let rows = chunk.iter().map(|candidate| assignments::ActiveModel {
            id: Set(Uuid::now_v7()),
            candidate_id: Set(*candidate),
            kind: Set(COACH.into()),
            from_date: Set(from),
            until_date: Set(None),
            coach_user_id: Set(Some(coach)),
            guidance_organisation_id: Set(None),
            organisation_id: Set(None),
            mentor_name: Set(String::new()),
            mentor_contact: Set(String::new()),
            assigned_by_id: Set(caller.user_id),
            assigned_by_name: Set(Some(caller.name.clone())),
            created_at: Set(now),
            end_reason: Set(String::new()),
            ended_by_id: Set(None),
            ended_at: Set(None),
        });
        assignments::Entity::insert_many(rows).exec_without_returning(db).await?;
    }
    let entries = changed
        .iter()
        .map(|id| Entry::new(AuditAction::Create, "candidate").record(*id).details("guidance coach (bulk)"))
        .collect();
    audit::record_many(db, &Actor::from(caller), entries).await?;
    Ok(preview)
}

/// The candidates of a coach request and its coach's name, after the request's own checks.
async fn coach_request(db: &impl ConnectionTrait, request: &BulkCoachRequest) -> ApiResult<(Uuid, String)> {
    let mut errors = Errors::default();
    request.check(&mut errors);
    errors.finish(()).map_err(ApiError::Validation)?;
    let coach = request.coach_user_id.unwrap_or_default();
    Ok((coach, job_coach(db, coach, "coachUserId").await?))
}

/// What [`assign_coach`] would do, changing nothing.
pub async fn preview_coach(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    request: BulkCoachRequest,
    today: NaiveDate,
) -> ApiResult<BulkCoachPreview> {
    let (coach, name) = coach_request(db, &request).await?;
    let from = request.from.unwrap_or(today);
    plan(db, caller, &request.candidate_ids, coach, &name, from, false).await
}

/// Gives every candidate of the request the coach, or none of them.
pub async fn assign_coach(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    request: BulkCoachRequest,
    now: DateTime<Utc>,
) -> ApiResult<BulkCoachPreview> {
    let (coach, name) = coach_request(db, &request).await?;
    let from = request.from.unwrap_or(now.date_naive());
    let preview = plan(db, caller, &request.candidate_ids, coach, &name, from, false).await?;
    carry_out(db, caller, "candidateIds", &request.candidate_ids, (coach, from), preview, now).await
}

/// The people of a caseload move and the new coach with its name, after the request's own checks.
async fn move_request(
    db: &impl ConnectionTrait,
    request: &CaseloadMoveRequest,
    from: NaiveDate,
) -> ApiResult<(Vec<Uuid>, Uuid, String)> {
    let mut errors = Errors::default();
    request.check(&mut errors);
    errors.finish(()).map_err(ApiError::Validation)?;
    let coach_from = request.from_coach_user_id.unwrap_or_default();
    if users::Entity::find_by_id(coach_from).one(db).await?.is_none() {
        return Err(ApiError::validation("fromCoachUserId", "unknown", "kies een bestaande jobcoach"));
    }
    let to = request.to_coach_user_id.unwrap_or_default();
    let name = job_coach(db, to, "toCoachUserId").await?;
    Ok((crate::guidance::service::caseload_of(db, coach_from, from).await?, to, name))
}

/// What [`move_caseload`] would do, changing nothing.
pub async fn preview_move(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    request: CaseloadMoveRequest,
    today: NaiveDate,
) -> ApiResult<BulkCoachPreview> {
    let from = request.from.unwrap_or(today);
    let (ids, to, name) = move_request(db, &request, from).await?;
    plan(db, caller, &ids, to, &name, from, true).await
}

/// Moves the whole caseload of one coach to another, or nothing of it (erased people stay where they are;
/// a person outside the caller's region refuses the move, named as `caseload[i]`).
pub async fn move_caseload(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    request: CaseloadMoveRequest,
    now: DateTime<Utc>,
) -> ApiResult<BulkCoachPreview> {
    let from = request.from.unwrap_or(now.date_naive());
    let (ids, to, name) = move_request(db, &request, from).await?;
    let preview = plan(db, caller, &ids, to, &name, from, true).await?;
    carry_out(db, caller, "caseload", &ids, (to, from), preview, now).await
}
