//! The reads and writes of experience surveys, with when the next is due (see the module's comment).

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use shared::audit::AuditAction;
use shared::auth::Role;
use shared::contracts::lifecycle::ContractStatus;
use shared::problem::ProblemCode;
use shared::surveys::{
    EMPLOYEE_INTERVAL_MONTHS, EmployeeSurvey, EmployeeSurveys, ORGANISATION_INTERVAL_MONTHS, OrganisationSurvey,
    OrganisationSurveys, SaveEmployeeSurvey, SaveOrganisationSurvey, SurveyDue, next_due,
};
use uuid::Uuid;

use crate::audit::{self, Actor, Entry};
use crate::auth::AuthUser;
use crate::db::{contracts, employee_surveys, organisation_surveys, organisations};
use crate::infra::error::{ApiError, ApiResult};

/// Whether `caller` may enter (and, for staff, read) the employee surveys of `contract`: admins and
/// consultants within their region, the person's current job coach (Guidance's caseload), a partner for its
/// own placements (404 for any other contract).
pub async fn may_enter_employee_survey(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    contract: &contracts::Model,
    today: NaiveDate,
) -> ApiResult<()> {
    match caller.role {
        Role::Admin | Role::Consultant if caller.covers(contract.municipality_id) => Ok(()),
        Role::Partner if caller.organisation_id == Some(contract.organisation_id) => Ok(()),
        Role::JobCoach if crate::guidance::service::in_caseload(db, caller, contract.candidate_id, today).await? => {
            Ok(())
        }
        Role::Admin | Role::Consultant | Role::Partner | Role::JobCoach => Err(ApiError::NotFound),
        Role::Finance | Role::Monitor | Role::Research => crate::auth::require(false),
    }
}

/// Who reads a contract's employee surveys: as [`may_enter_employee_survey`], but never a partner (it
/// reads its own organisation's surveys only).
async fn may_read_employee_surveys(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    contract: &contracts::Model,
    today: NaiveDate,
) -> ApiResult<()> {
    crate::auth::require(caller.role != Role::Partner)?;
    may_enter_employee_survey(db, caller, contract, today).await
}

fn entered_by(actor: &Actor) -> Option<String> {
    actor.name.clone().or_else(|| actor.client_id.clone())
}

fn small(value: i16) -> u8 {
    u8::try_from(value.clamp(0, 10)).unwrap_or(0)
}

fn to_employee(m: employee_surveys::Model) -> EmployeeSurvey {
    EmployeeSurvey {
        id: m.id,
        contract_id: m.contract_id,
        candidate_id: m.candidate_id,
        surveyed_on: m.surveyed_on,
        wellbeing: small(m.wellbeing),
        income: small(m.income),
        work: small(m.work),
        social_contacts: small(m.social_contacts),
        comment: m.comment,
        entered_by: m.entered_by_name,
        actor_kind: m.actor_kind,
        created_at: m.created_at,
    }
}

fn to_organisation(m: organisation_surveys::Model) -> OrganisationSurvey {
    OrganisationSurvey {
        id: m.id,
        organisation_id: m.organisation_id,
        surveyed_on: m.surveyed_on,
        satisfaction: small(m.satisfaction),
        neighbourhood_effect: small(m.neighbourhood_effect),
        comment: m.comment,
        entered_by: m.entered_by_name,
        actor_kind: m.actor_kind,
        created_at: m.created_at,
    }
}

async fn contract(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<contracts::Model> {
    contracts::Entity::find_by_id(id).one(db).await?.ok_or(ApiError::NotFound)
}

fn is_active(contract: &contracts::Model) -> bool {
    contract.status == ContractStatus::Active.as_str()
}

/// When the next employee survey of `contract` is due on `today` (none unless it is active).
fn employee_due(contract: &contracts::Model, last: Option<NaiveDate>, today: NaiveDate) -> Option<SurveyDue> {
    if !is_active(contract) {
        return None;
    }
    next_due(contract.start_date, EMPLOYEE_INTERVAL_MONTHS, last, today)
}

fn read_entry(contract: &contracts::Model) -> Entry {
    Entry::new(AuditAction::Read, "candidate")
        .record(contract.candidate_id)
        .details(format!("contract {} surveys", contract.id))
}

/// A contract's employee surveys, newest first, with when the next is due. Audited as a read of the person.
pub async fn employee_surveys(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    contract_id: Uuid,
    today: NaiveDate,
) -> ApiResult<EmployeeSurveys> {
    let contract = contract(db, contract_id).await?;
    may_read_employee_surveys(db, caller, &contract, today).await?;
    let rows = employee_surveys::Entity::find()
        .filter(employee_surveys::Column::ContractId.eq(contract.id))
        .order_by_desc(employee_surveys::Column::SurveyedOn)
        .order_by_desc(employee_surveys::Column::CreatedAt)
        .all(db)
        .await?;
    audit::record(db, Actor::from(caller), read_entry(&contract)).await?;
    let due = employee_due(&contract, rows.first().map(|r| r.surveyed_on), today);
    Ok(EmployeeSurveys { due, items: rows.into_iter().map(to_employee).collect() })
}

fn not_active() -> ApiError {
    ApiError::Conflict {
        code: ProblemCode::Conflict,
        detail: "Een ervaringsmeting hoort bij een actief contract.".into(),
    }
}

/// Records an employee's survey of an active contract (409 otherwise), audited.
pub async fn create_employee_survey(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    contract_id: Uuid,
    request: SaveEmployeeSurvey,
    now: DateTime<Utc>,
) -> ApiResult<EmployeeSurvey> {
    let contract = contract(db, contract_id).await?;
    may_enter_employee_survey(db, caller, &contract, now.date_naive()).await?;
    let scores = request.check(contract.start_date, now.date_naive()).map_err(ApiError::Validation)?;
    if !is_active(&contract) {
        return Err(not_active());
    }
    let actor = Actor::from(caller);
    let model = employee_surveys::Model {
        id: Uuid::now_v7(),
        contract_id: contract.id,
        candidate_id: contract.candidate_id,
        organisation_id: contract.organisation_id,
        surveyed_on: scores.surveyed_on,
        wellbeing: scores.wellbeing,
        income: scores.income,
        work: scores.work,
        social_contacts: scores.social_contacts,
        comment: scores.comment,
        entered_by_id: actor.user_id,
        entered_by_name: entered_by(&actor),
        actor_kind: actor.kind().to_owned(),
        created_at: now,
    };
    insert_employee_surveys(db, vec![model.clone()]).await?;
    // The dashboard's experience scores come from the aggregates.
    crate::monitoring::aggregates::refresh(db, contract.candidate_id).await?;
    audit::record(
        db,
        actor,
        Entry::new(AuditAction::Create, "employee_survey")
            .record(model.id)
            .details(format!("contract {}", contract.id)),
    )
    .await?;
    Ok(to_employee(model))
}

/// Inserts employee surveys as they are (the API, the demo data and the generator).
pub async fn insert_employee_surveys(db: &impl ConnectionTrait, rows: Vec<employee_surveys::Model>) -> ApiResult<()> {
    if rows.is_empty() {
        return Ok(());
    }
    employee_surveys::Entity::insert_many(rows.into_iter().map(|m| employee_surveys::ActiveModel {
        id: Set(m.id),
        contract_id: Set(m.contract_id),
        candidate_id: Set(m.candidate_id),
        organisation_id: Set(m.organisation_id),
        surveyed_on: Set(m.surveyed_on),
        wellbeing: Set(m.wellbeing),
        income: Set(m.income),
        work: Set(m.work),
        social_contacts: Set(m.social_contacts),
        comment: Set(m.comment),
        entered_by_id: Set(m.entered_by_id),
        entered_by_name: Set(m.entered_by_name),
        actor_kind: Set(m.actor_kind),
        created_at: Set(m.created_at),
    }))
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Inserts organisation surveys as they are (the API, the demo data and the generator).
pub async fn insert_organisation_surveys(
    db: &impl ConnectionTrait,
    rows: Vec<organisation_surveys::Model>,
) -> ApiResult<()> {
    if rows.is_empty() {
        return Ok(());
    }
    organisation_surveys::Entity::insert_many(rows.into_iter().map(|m| organisation_surveys::ActiveModel {
        id: Set(m.id),
        organisation_id: Set(m.organisation_id),
        surveyed_on: Set(m.surveyed_on),
        satisfaction: Set(m.satisfaction),
        neighbourhood_effect: Set(m.neighbourhood_effect),
        comment: Set(m.comment),
        entered_by_id: Set(m.entered_by_id),
        entered_by_name: Set(m.entered_by_name),
        actor_kind: Set(m.actor_kind),
        created_at: Set(m.created_at),
    }))
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// The organisation as the caller may reach it: a partner its own only (404 otherwise).
async fn organisation(db: &impl ConnectionTrait, caller: &AuthUser, id: Uuid) -> ApiResult<organisations::Model> {
    if caller.role == Role::Partner && caller.organisation_id != Some(id) {
        return Err(ApiError::NotFound);
    }
    organisations::Entity::find_by_id(id).one(db).await?.ok_or(ApiError::NotFound)
}

/// The first day of the organisation's running placements (its active contracts), if it has one. Staff
/// count only the contracts of their region.
async fn placement_start(db: &impl ConnectionTrait, caller: &AuthUser, id: Uuid) -> ApiResult<Option<NaiveDate>> {
    let mut query = contracts::Entity::find()
        .select_only()
        .column(contracts::Column::StartDate)
        .filter(contracts::Column::OrganisationId.eq(id))
        .filter(contracts::Column::Status.eq(ContractStatus::Active.as_str()));
    if caller.role != Role::Partner {
        query = query.filter(caller.within_region(contracts::Column::MunicipalityId));
    }
    let first: Option<NaiveDate> =
        query.order_by_asc(contracts::Column::StartDate).limit(1).into_tuple().one(db).await?;
    Ok(first)
}

/// An organisation's surveys, newest first, with when the next is due (none while it has no placement).
pub async fn organisation_surveys(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    id: Uuid,
    today: NaiveDate,
) -> ApiResult<OrganisationSurveys> {
    let organisation = organisation(db, caller, id).await?;
    let rows = organisation_surveys::Entity::find()
        .filter(organisation_surveys::Column::OrganisationId.eq(organisation.id))
        .order_by_desc(organisation_surveys::Column::SurveyedOn)
        .order_by_desc(organisation_surveys::Column::CreatedAt)
        .all(db)
        .await?;
    let last = rows.first().map(|r| r.surveyed_on);
    let due = match placement_start(db, caller, organisation.id).await? {
        Some(start) => next_due(start, ORGANISATION_INTERVAL_MONTHS, last, today),
        None => None,
    };
    Ok(OrganisationSurveys { due, items: rows.into_iter().map(to_organisation).collect() })
}

/// Records an organisation's survey while it has a placement (409 otherwise), audited.
pub async fn create_organisation_survey(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    id: Uuid,
    request: SaveOrganisationSurvey,
    now: DateTime<Utc>,
) -> ApiResult<OrganisationSurvey> {
    let organisation = organisation(db, caller, id).await?;
    let scores = request.check(now.date_naive()).map_err(ApiError::Validation)?;
    if placement_start(db, caller, organisation.id).await?.is_none() {
        return Err(ApiError::Conflict {
            code: ProblemCode::Conflict,
            detail: "Een ervaringsmeting van een organisatie hoort bij een lopende plaatsing.".into(),
        });
    }
    let actor = Actor::from(caller);
    let model = organisation_surveys::Model {
        id: Uuid::now_v7(),
        organisation_id: organisation.id,
        surveyed_on: scores.surveyed_on,
        satisfaction: scores.satisfaction,
        neighbourhood_effect: scores.neighbourhood_effect,
        comment: scores.comment,
        entered_by_id: actor.user_id,
        entered_by_name: entered_by(&actor),
        actor_kind: actor.kind().to_owned(),
        created_at: now,
    };
    insert_organisation_surveys(db, vec![model.clone()]).await?;
    audit::record(
        db,
        actor,
        Entry::new(AuditAction::Create, "organisation_survey")
            .record(model.id)
            .details(format!("organisation {}", organisation.id)),
    )
    .await?;
    Ok(to_organisation(model))
}

/// A person's employee surveys, oldest first (the GDPR copy).
pub async fn of_candidate(db: &impl ConnectionTrait, candidate: Uuid) -> ApiResult<Vec<EmployeeSurvey>> {
    Ok(employee_surveys::Entity::find()
        .filter(employee_surveys::Column::CandidateId.eq(candidate))
        .order_by_asc(employee_surveys::Column::SurveyedOn)
        .all(db)
        .await?
        .into_iter()
        .map(to_employee)
        .collect())
}
