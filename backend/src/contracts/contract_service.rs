//! Contracts: drawn up from a match in `agreed`, changed only by new versions (the whole terms of each
//! version kept in `contract_versions`), and the steps of `shared::contracts::lifecycle` with what each moves
//! along in the other capabilities, in the caller's one transaction: signing moves the match to `contracted`
//! (a system step of the match lifecycle), activating moves the candidate to `employed`, ending frees the
//! match's position (the package reopens, actor system) and, with an outflow reason, moves the candidate to
//! `exited`.
//!
//! Who reads what: admins and consultants everything within their region; finance the same contracts with
//! their money (the version reasons left out: no notes); a partner the contracts of its own packages, with
//! the employee's first name and the hours only (no wage, pay scale or cost; 404 for any other); a job
//! coach the contracts of its caseload (Guidance: the people whose current coach assignment names it),
//! read-only and without wage, pay scale or cost (404 for any other).

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder,
};
use shared::audit::AuditAction;
use shared::auth::Role;
use shared::candidates::{BenefitKind, CandidateStatus, ExitReason};
use shared::contracts::lifecycle::{ContractStatus, EndReason, allowed};
use shared::contracts::wire::{Contract, ContractTransition, ContractVersion, CreateContract, UpdateContract};
use shared::contracts::{CHANGEABLE_WHEN_SIGNED, ContractKind, ContractTerms, HoursReason, IncomeIndication};
use shared::matching::lifecycle::MatchStage;
use shared::paging::{Page, PageRequest};
use shared::problem::{Language, ProblemCode};
use shared::validation::Errors;
use uuid::Uuid;

use crate::audit::{self, Actor, Entry};
use crate::auth::AuthUser;
use crate::db::{candidates, contract_versions, contracts, matches, organisations, task_packages};
use crate::infra::error::{ApiError, ApiResult};

/// The filters of the contract list.
#[derive(Debug, Default, Clone, Copy)]
pub struct ContractFilter {
    pub status: Option<ContractStatus>,
    pub organisation_id: Option<Uuid>,
    pub candidate_id: Option<Uuid>,
}

const LIVE: [&str; 3] = ["draft", "signed", "active"];

/// The contracts the caller may read (see the module's comment).
fn in_scope(caller: &AuthUser) -> ApiResult<Condition> {
    match caller.role {
        Role::Admin | Role::Consultant | Role::Finance => Ok(caller.within_region(contracts::Column::MunicipalityId)),
        Role::Partner => {
            let organisation = caller.organisation_id.ok_or(ApiError::NotFound)?;
            Ok(Condition::all().add(contracts::Column::OrganisationId.eq(organisation)))
        }
        Role::JobCoach | Role::Monitor | Role::Research => Err(crate::auth::forbidden()),
    }
}

/// The contracts the caller may read on `today`: a job coach those of its caseload, the others [`in_scope`].
async fn readable(db: &impl ConnectionTrait, caller: &AuthUser, today: NaiveDate) -> ApiResult<Condition> {
    if caller.role == Role::JobCoach {
        let people = crate::guidance::service::caseload(db, caller, today).await?;
        return Ok(Condition::all().add(contracts::Column::CandidateId.is_in(people)));
    }
    in_scope(caller)
}

async fn visible(db: &impl ConnectionTrait, caller: &AuthUser, id: Uuid) -> ApiResult<contracts::Model> {
    contracts::Entity::find_by_id(id).filter(in_scope(caller)?).one(db).await?.ok_or(ApiError::NotFound)
}

fn terms_of(model: &contracts::Model) -> ApiResult<ContractTerms> {
    Ok(ContractTerms {
        start_date: model.start_date,
        end_date: model.end_date,
        kind: crate::db::stored(&model.kind, "contract kind")?,
        hours_per_week: model.hours_per_week.clamp(0, 40) as u8,
        hours_reason: crate::db::stored_opt::<HoursReason>(model.hours_reason.as_deref(), "hours reason")?,
        collective_agreement: model.collective_agreement.clone(),
        pay_scale: model.pay_scale.clone(),
        hourly_wage: shared::money::euros(model.hourly_wage),
        trial_period_months: model.trial_period_months.clamp(0, 2) as u8,
    })
}

/// Contracts as `caller` may read them, with names, in a few queries.
async fn to_contracts(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    models: Vec<contracts::Model>,
) -> ApiResult<Vec<Contract>> {
    let without_money = matches!(caller.role, Role::Partner | Role::JobCoach);
    let mut found = to_contracts_for(db, caller.role == Role::Partner, models).await?;
    if without_money {
        for c in &mut found {
            (c.pay_scale, c.hourly_wage, c.cost, c.provision_costs) = (None, None, None, None);
        }
    }
    Ok(found)
}

/// Contracts with names, in a few queries; for a partner without money and with first names only.
async fn to_contracts_for(
    db: &impl ConnectionTrait,
    partner: bool,
    models: Vec<contracts::Model>,
) -> ApiResult<Vec<Contract>> {
    let candidate_ids: Vec<Uuid> = models.iter().map(|m| m.candidate_id).collect();
    let organisation_ids: Vec<Uuid> = models.iter().map(|m| m.organisation_id).collect();
    let package_ids: Vec<Uuid> = models.iter().map(|m| m.package_id).collect();
    let names: HashMap<Uuid, String> = candidates::Entity::find()
        .filter(candidates::Column::Id.is_in(candidate_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|c| {
            let name = if partner { c.first_name } else { format!("{} {}", c.first_name, c.last_name) };
            (c.id, name.trim().to_owned())
        })
        .collect();
    let organisations: HashMap<Uuid, String> = organisations::Entity::find()
        .filter(organisations::Column::Id.is_in(organisation_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let mut provisions: HashMap<Uuid, Vec<crate::db::guidance_provisions::Model>> = HashMap::new();
    if !partner {
        for p in crate::db::guidance_provisions::Entity::find()
            .filter(crate::db::guidance_provisions::Column::CandidateId.is_in(models.iter().map(|m| m.candidate_id)))
            .all(db)
            .await?
        {
            provisions.entry(p.candidate_id).or_default().push(p);
        }
    }
    let titles: HashMap<Uuid, String> = task_packages::Entity::find()
        .filter(task_packages::Column::Id.is_in(package_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.title))
        .collect();
    let norms = super::service::norms(db).await?.norms;
    models
        .into_iter()
        .map(|m| {
            let terms = terms_of(&m)?;
            Ok(Contract {
                id: m.id,
                candidate_id: m.candidate_id,
                candidate_name: names.get(&m.candidate_id).cloned().unwrap_or_default(),
                organisation_id: m.organisation_id,
                organisation_name: organisations.get(&m.organisation_id).cloned().unwrap_or_default(),
                package_id: m.package_id,
                package_title: titles.get(&m.package_id).cloned().unwrap_or_default(),
                match_id: m.match_id,
                status: crate::db::stored(&m.status, "contract status")?,
                kind: terms.kind,
                start_date: terms.start_date,
                end_date: terms.end_date,
                hours_per_week: terms.hours_per_week,
                hours_reason: terms.hours_reason,
                collective_agreement: terms.collective_agreement.clone(),
                pay_scale: (!partner).then(|| terms.pay_scale.clone()),
                hourly_wage: (!partner).then_some(terms.hourly_wage),
                trial_period_months: terms.trial_period_months,
                end_reason: crate::db::stored_opt::<EndReason>(m.end_reason.as_deref(), "end reason")?,
                ended_on: m.ended_on,
                cost: (!partner).then(|| terms.estimate(&norms)),
                cost_months: terms.months(),
                provision_costs: (!partner).then(|| {
                    let last = m.ended_on.or(m.end_date).unwrap_or(NaiveDate::MAX);
                    shared::money::euros(
                        provisions
                            .get(&m.candidate_id)
                            .into_iter()
                            .flatten()
                            .filter(|p| p.from_date <= last && p.until_date >= m.start_date)
                            .map(|p| p.cost)
                            .sum(),
                    )
                }),
                created_at: m.created_at,
                updated_at: m.updated_at,
                version: m.version,
            })
        })
        .collect()
}

fn read_entry(model: &contracts::Model) -> Entry {
    Entry::new(AuditAction::Read, "candidate").record(model.candidate_id).details(format!("contract {}", model.id))
}

/// One page of contracts, most recently changed first. Audited: one read per person listed.
pub async fn list(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    filter: ContractFilter,
    paging: PageRequest,
    today: NaiveDate,
) -> ApiResult<Page<Contract>> {
    let mut condition = readable(db, caller, today).await?;
    if let Some(status) = filter.status {
        condition = condition.add(contracts::Column::Status.eq(status.as_str()));
    }
    if let Some(organisation) = filter.organisation_id {
        condition = condition.add(contracts::Column::OrganisationId.eq(organisation));
    }
    if let Some(candidate) = filter.candidate_id {
        condition = condition.add(contracts::Column::CandidateId.eq(candidate));
    }
    let (rows, total) = crate::infra::paging::fetch(
        db,
        contracts::Entity::find().filter(condition),
        |s| s.order_by_desc(contracts::Column::UpdatedAt).order_by_desc(contracts::Column::Id),
        paging,
    )
    .await?;
    audit::record_many(db, &Actor::from(caller), rows.iter().map(read_entry).collect()).await?;
    Ok(Page::new(to_contracts(db, caller, rows).await?, paging, total))
}

/// One contract (audited as a read of the person's contract).
pub async fn get(db: &impl ConnectionTrait, caller: &AuthUser, id: Uuid, today: NaiveDate) -> ApiResult<Contract> {
    let model = contracts::Entity::find_by_id(id)
        .filter(readable(db, caller, today).await?)
        .one(db)
        .await?
        .ok_or(ApiError::NotFound)?;
    audit::record(db, Actor::from(caller), read_entry(&model)).await?;
    Ok(to_contracts(db, caller, vec![model]).await?.remove(0))
}

/// Writes version `model.version` of a contract: its terms and status as they now are.
async fn record_version(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    model: &contracts::Model,
    reason: &str,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let actor = Actor::from(caller);
    contract_versions::Entity::insert(contract_versions::ActiveModel {
        id: Set(Uuid::now_v7()),
        contract_id: Set(model.id),
        candidate_id: Set(model.candidate_id),
        version: Set(model.version),
        status: Set(model.status.clone()),
        kind: Set(model.kind.clone()),
        start_date: Set(model.start_date),
        end_date: Set(model.end_date),
        hours_per_week: Set(model.hours_per_week),
        hours_reason: Set(model.hours_reason.clone()),
        collective_agreement: Set(model.collective_agreement.clone()),
        pay_scale: Set(model.pay_scale.clone()),
        hourly_wage: Set(model.hourly_wage),
        trial_period_months: Set(model.trial_period_months),
        end_reason: Set(model.end_reason.clone()),
        ended_on: Set(model.ended_on),
        reason: Set(reason.to_owned()),
        changed_by_id: Set(actor.user_id),
        changed_by_name: Set(actor.name.clone()),
        actor_kind: Set(actor.kind().to_owned()),
        changed_at: Set(now),
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

fn apply_terms(model: &mut contracts::Model, terms: &ContractTerms) {
    model.kind = terms.kind.as_str().to_owned();
    model.start_date = terms.start_date;
    model.end_date = terms.end_date;
    model.hours_per_week = i16::from(terms.hours_per_week);
    model.hours_reason = terms.hours_reason.map(|r| r.as_str().to_owned());
    model.collective_agreement = terms.collective_agreement.clone();
    model.pay_scale = terms.pay_scale.clone();
    model.hourly_wage = terms.hourly_wage;
    model.trial_period_months = i16::from(terms.trial_period_months);
}

fn merge(
    errors: &mut Errors,
    result: Result<ContractTerms, Vec<shared::problem::InvalidParam>>,
) -> Option<ContractTerms> {
    match result {
        Ok(terms) => Some(terms),
        Err(params) => {
            params.into_iter().for_each(|p| errors.add(p.name, p.code, p.reason));
            None
        }
    }
}

fn live_contract_exists() -> ApiError {
    ApiError::Conflict {
        code: ProblemCode::Duplicate,
        detail: "Deze persoon heeft al een lopend contract (concept, ondertekend of actief).".into(),
    }
}

/// Draws up a contract (`draft`) from a match in `agreed` of the caller's region (staff): the employee, the
/// package and its work provider come from the match. 409 when the match is not `agreed`, already has a
/// contract, or the person already has a live contract.
pub async fn create(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    request: CreateContract,
    now: DateTime<Utc>,
) -> ApiResult<Contract> {
    let mut errors = Errors::default();
    let found = match request.match_id {
        Some(id) => matches::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    let package = match &found {
        Some(m) => {
            task_packages::Entity::find_by_id(m.package_id).one(db).await?.filter(|p| caller.covers(p.municipality_id))
        }
        None => None,
    };
    if package.is_none() {
        errors.add("matchId", if request.match_id.is_none() { "required" } else { "unknown" }, "kies een match");
    }
    let terms = merge(&mut errors, request.input().check());
    errors.finish(()).map_err(ApiError::Validation)?;
    let (Some(found), Some(package), Some(terms)) = (found, package, terms) else { return Err(ApiError::NotFound) };
    if crate::db::stored::<MatchStage>(&found.stage, "match stage")? != MatchStage::Agreed {
        return Err(ApiError::Conflict {
            code: ProblemCode::IllegalTransition,
            detail: "Alleen van een match in 'akkoord' wordt een contract opgesteld.".into(),
        });
    }
    let taken = contracts::Entity::find()
        .filter(
            Condition::any().add(contracts::Column::MatchId.eq(found.id)).add(
                Condition::all()
                    .add(contracts::Column::CandidateId.eq(found.candidate_id))
                    .add(contracts::Column::Status.is_in(LIVE)),
            ),
        )
        .count(db)
        .await?;
    if taken > 0 {
        return Err(live_contract_exists());
    }
    let actor = Actor::from(caller);
    let mut model = contracts::Model {
        id: Uuid::now_v7(),
        candidate_id: found.candidate_id,
        organisation_id: package.organisation_id,
        package_id: package.id,
        match_id: found.id,
        municipality_id: package.municipality_id,
        status: ContractStatus::Draft.as_str().to_owned(),
        kind: String::new(),
        start_date: terms.start_date,
        end_date: None,
        hours_per_week: 0,
        hours_reason: None,
        collective_agreement: String::new(),
        pay_scale: String::new(),
        hourly_wage: terms.hourly_wage,
        trial_period_months: 0,
        end_reason: None,
        ended_on: None,
        actor_kind: actor.kind().to_owned(),
        created_at: now,
        updated_at: now,
        version: 1,
    };
    apply_terms(&mut model, &terms);
    contracts::Entity::insert(contracts::ActiveModel::from(model.clone()).reset_all())
        .exec_without_returning(db)
        .await?;
    record_version(db, caller, &model, "opgesteld", now).await?;
    crate::monitoring::aggregates::refresh(db, model.candidate_id).await?;
    audit::record(
        db,
        actor,
        Entry::new(AuditAction::Create, "contract")
            .record(model.id)
            .details(format!("candidate {}", model.candidate_id)),
    )
    .await?;
    Ok(to_contracts(db, caller, vec![model]).await?.remove(0))
}

/// Stores `model` (its version one higher than `read_version`) if the stored row is still at
/// `read_version`, and records the new version.
async fn save(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    model: &contracts::Model,
    read_version: i32,
    reason: &str,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let mut row = contracts::ActiveModel::from(model.clone()).reset_all();
    row.id = sea_orm::ActiveValue::NotSet;
    row.created_at = sea_orm::ActiveValue::NotSet;
    let result = contracts::Entity::update_many()
        .set(row)
        .filter(contracts::Column::Id.eq(model.id))
        .filter(contracts::Column::Version.eq(read_version))
        .exec(db)
        .await?;
    if result.rows_affected != 1 {
        return Err(stale_since(db, caller, model.id, read_version).await);
    }
    record_version(db, caller, model, reason, now).await?;
    crate::monitoring::aggregates::refresh(db, model.candidate_id).await
}

/// A version's fields as text, by their JSON names (wage and pay scale only for `money`).
pub(crate) fn version_fields(v: &contract_versions::Model, money: bool) -> Vec<(&'static str, Option<String>, bool)> {
    vec![
        ("status", Some(v.status.clone()), false),
        ("kind", Some(v.kind.clone()), false),
        ("startDate", Some(v.start_date.to_string()), false),
        ("endDate", v.end_date.map(|d| d.to_string()), false),
        ("hoursPerWeek", Some(v.hours_per_week.to_string()), false),
        ("hoursReason", v.hours_reason.clone(), false),
        ("collectiveAgreement", Some(v.collective_agreement.clone()), false),
        ("payScale", Some(v.pay_scale.clone()), !money),
        ("hourlyWage", Some(shared::money::euros(v.hourly_wage).to_string()), !money),
        ("trialPeriodMonths", Some(v.trial_period_months.to_string()), false),
        ("endReason", v.end_reason.clone(), false),
        ("endedOn", v.ended_on.map(|d| d.to_string()), false),
    ]
}

/// 409 `stale_version` with the contract's fields changed since `version` (from its versions, which hold
/// the whole terms of each), as the caller may see them; the plain 409 if they cannot be read.
async fn stale_since(db: &impl ConnectionTrait, caller: &AuthUser, id: Uuid, version: i32) -> ApiError {
    let found = contract_versions::Entity::find()
        .filter(contract_versions::Column::ContractId.eq(id))
        .filter(contract_versions::Column::Version.gte(version))
        .order_by_asc(contract_versions::Column::Version)
        .all(db)
        .await;
    let Ok(rows) = found else { return ApiError::stale_version() };
    if rows.first().is_none_or(|first| first.version != version) {
        return ApiError::stale_version();
    }
    let money = !matches!(caller.role, Role::Partner | Role::JobCoach);
    let steps: Vec<_> = rows
        .windows(2)
        .flat_map(|pair| {
            let (before, after) = (version_fields(&pair[0], money), version_fields(&pair[1], money));
            before
                .into_iter()
                .zip(after)
                .filter(|(b, a)| b.1 != a.1)
                .map(|(b, a)| (b.0, b.1, a.1, b.2))
                .collect::<Vec<_>>()
        })
        .collect();
    ApiError::stale_version_with(shared::problem::ChangedField::fold(
        steps.iter().map(|(field, from, to, hidden)| (*field, from.as_deref(), to.as_deref(), *hidden)),
    ))
}

/// Changes a contract's terms as a new version, with why. A draft changes freely; a signed or active contract
/// only its hours (with their reason), end date, kind (temporary to structural) and wage (400 `not_allowed`
/// on any other field); an ended one not at all (409 `not_editable`).
pub async fn update(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    id: Uuid,
    request: UpdateContract,
    now: DateTime<Utc>,
) -> ApiResult<Contract> {
    let current = visible(db, caller, id).await?;
    let mut errors = Errors::default();
    let version = errors.version(request.version);
    let reason = errors.text("reason", &request.reason, 2000);
    let terms = merge(&mut errors, request.input().check());
    let status: ContractStatus = crate::db::stored(&current.status, "contract status")?;
    let before = terms_of(&current)?;
    let signed = matches!(status, ContractStatus::Signed | ContractStatus::Active);
    if let Some(terms) = terms.as_ref().filter(|_| signed) {
        for field in terms.changed_fields(&before) {
            if !CHANGEABLE_WHEN_SIGNED.contains(&field) {
                errors.add(field, "not_allowed", "vast sinds de ondertekening");
            }
        }
        if before.kind == ContractKind::Structural && terms.kind == ContractKind::Temporary {
            errors.add("kind", "not_allowed", "een structureel contract wordt niet weer tijdelijk");
        }
    }
    errors.finish(()).map_err(ApiError::Validation)?;
    let Some(terms) = terms else { return Err(ApiError::NotFound) };
    if status == ContractStatus::Ended {
        return Err(ApiError::Conflict {
            code: ProblemCode::NotEditable,
            detail: "Een beëindigd contract verandert niet meer.".into(),
        });
    }
    if version != current.version {
        return Err(stale_since(db, caller, id, version).await);
    }
    let changed = terms.changed_fields(&before).join(", ");
    let mut model = current;
    apply_terms(&mut model, &terms);
    model.version = version + 1;
    model.updated_at = now;
    model.actor_kind = Actor::from(caller).kind().to_owned();
    save(db, caller, &model, version, &reason, now).await?;
    audit::record(
        db,
        Actor::from(caller),
        Entry::new(AuditAction::Update, "contract").record(id).details(format!("version {}: {changed}", model.version)),
    )
    .await?;
    Ok(to_contracts(db, caller, vec![model]).await?.remove(0))
}

fn exit_reason(reason: EndReason) -> ExitReason {
    match reason {
        EndReason::RegularJob => ExitReason::RegularJob,
        EndReason::OtherWork => ExitReason::OtherWork,
        EndReason::Moved => ExitReason::Moved,
        EndReason::Stopped => ExitReason::Stopped,
        EndReason::Other => ExitReason::Other,
    }
}

/// Takes one step of a contract (staff) with what it moves along, all in the caller's transaction:
/// `signed` moves the match to `contracted`; `active` (not before the start date, by the app's clock) moves
/// the candidate to `employed`; `ended` (with its reason; the last day `date`, default today) frees the
/// match's position (the package reopens) and moves the candidate to `exited` for an outflow reason, or back
/// to `eligible` when a signed contract ends before it began for another reason.
pub async fn transition(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    id: Uuid,
    request: ContractTransition,
    now: DateTime<Utc>,
) -> ApiResult<Contract> {
    let current = visible(db, caller, id).await?;
    let from: ContractStatus = crate::db::stored(&current.status, "contract status")?;
    let mut errors = Errors::default();
    if request.to.is_none() {
        errors.add("to", "required", "kies de stap");
    }
    let version = errors.version(request.version);
    let to = request.to.unwrap_or(ContractStatus::Draft);
    let note = shared::text::clean(&request.reason);
    if note.chars().count() > 2000 {
        errors.add("reason", "too_long", "maximaal 2000 tekens");
    }
    match (to, request.end_reason) {
        (ContractStatus::Ended, None) if request.to.is_some() => {
            errors.add("endReason", "required", "de reden van het einde")
        }
        (ContractStatus::Ended, _) => {}
        (_, Some(_)) => errors.add("endReason", "not_allowed", "alleen bij beëindigen"),
        (_, None) => {}
    }
    let today = now.date_naive();
    let day = request.date.unwrap_or(today);
    if to == ContractStatus::Ended && from == ContractStatus::Active && day < current.start_date {
        errors.add("date", "before_start", "de laatste dag ligt niet voor de start");
    }
    if request.date.is_some() && to != ContractStatus::Ended && to != ContractStatus::Active {
        errors.add("date", "not_allowed", "alleen bij activeren of beëindigen");
    }
    errors.finish(()).map_err(ApiError::Validation)?;
    if !allowed(from, to) {
        return Err(ApiError::Conflict {
            code: ProblemCode::IllegalTransition,
            detail: format!("Van {} kan een contract niet naar {}.", from.as_str(), to.as_str()),
        });
    }
    if to == ContractStatus::Active && (today < current.start_date || day < current.start_date || day > today) {
        return Err(ApiError::Conflict {
            code: ProblemCode::IllegalTransition,
            detail: "Een contract wordt actief op of na de startdatum, niet in de toekomst.".into(),
        });
    }
    if version != current.version {
        return Err(stale_since(db, caller, id, version).await);
    }
    let mut model = current.clone();
    model.status = to.as_str().to_owned();
    model.version = version + 1;
    model.updated_at = now;
    model.actor_kind = Actor::from(caller).kind().to_owned();
    if to == ContractStatus::Ended {
        model.end_reason = request.end_reason.map(|r| r.as_str().to_owned());
        model.ended_on = Some(day);
    }
    let reason = match (to, note.is_empty()) {
        (_, false) => note.clone(),
        (ContractStatus::Signed, true) => "ondertekend".to_owned(),
        (ContractStatus::Active, true) => format!("actief sinds {day}"),
        _ => format!("beëindigd op {day}"),
    };
    save(db, caller, &model, version, &reason, now).await?;
    let registration = crate::registration::service::move_status;
    match to {
        ContractStatus::Signed => crate::matching::match_service::contract_signed(db, current.match_id, now).await?,
        ContractStatus::Active => {
            registration(db, caller, current.candidate_id, CandidateStatus::Employed, "contract actief", None, now)
                .await?
        }
        ContractStatus::Ended => {
            let package = crate::matching::match_service::release_position(db, current.match_id, now).await?;
            crate::tasks::package_service::follow_positions(db, package, now).await?;
            let end_reason = request.end_reason.unwrap_or(EndReason::Other);
            if end_reason.is_outflow() {
                let exit = Some(exit_reason(end_reason));
                registration(
                    db,
                    caller,
                    current.candidate_id,
                    CandidateStatus::Exited,
                    "contract beëindigd",
                    exit,
                    now,
                )
                .await?;
            } else if from == ContractStatus::Signed {
                registration(
                    db,
                    caller,
                    current.candidate_id,
                    CandidateStatus::Eligible,
                    "contract beëindigd",
                    None,
                    now,
                )
                .await?;
            }
        }
        ContractStatus::Draft => {}
    }
    audit::record(
        db,
        Actor::from(caller),
        Entry::new(AuditAction::Update, "contract").record(id).details(format!("{} -> {}", from.as_str(), to.as_str())),
    )
    .await?;
    Ok(to_contracts(db, caller, vec![model]).await?.remove(0))
}

/// One page of a contract's versions, newest first (finance reads no reasons). Audited as a read.
pub async fn versions(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    id: Uuid,
    paging: PageRequest,
) -> ApiResult<Page<ContractVersion>> {
    let model = visible(db, caller, id).await?;
    audit::record(db, Actor::from(caller), read_entry(&model).details(format!("contract {id} versions"))).await?;
    let (rows, total) = crate::infra::paging::fetch(
        db,
        contract_versions::Entity::find().filter(contract_versions::Column::ContractId.eq(id)),
        |s| s.order_by_desc(contract_versions::Column::Version),
        paging,
    )
    .await?;
    let notes = caller.role != Role::Finance;
    let items = rows.into_iter().map(|v| to_version(v, notes)).collect::<ApiResult<_>>()?;
    Ok(Page::new(items, paging, total))
}

/// The income indication of a contract against the person's benefit before it (from the candidate's
/// record), with the stored income assumptions (`GET /income-assumptions`). Audited as a read.
pub async fn income_indication(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    id: Uuid,
    language: Language,
) -> ApiResult<IncomeIndication> {
    let model = visible(db, caller, id).await?;
    let person = candidates::Entity::find_by_id(model.candidate_id).one(db).await?.ok_or(ApiError::NotFound)?;
    audit::record(db, Actor::from(caller), read_entry(&model).details(format!("contract {id} income indication")))
        .await?;
    let kind = crate::db::stored_opt::<BenefitKind>(person.benefit_kind.as_deref(), "benefit kind")?;
    let assumptions = super::service::income_assumptions(db).await?.assumptions;
    Ok(shared::contracts::income_indication(
        &assumptions,
        model.hourly_wage,
        rust_decimal::Decimal::from(model.hours_per_week),
        kind,
        person.benefit_monthly_amount,
        language,
    ))
}

fn to_version(v: contract_versions::Model, notes: bool) -> ApiResult<ContractVersion> {
    Ok(ContractVersion {
        version: v.version,
        status: crate::db::stored(&v.status, "contract status")?,
        kind: crate::db::stored(&v.kind, "contract kind")?,
        start_date: v.start_date,
        end_date: v.end_date,
        hours_per_week: v.hours_per_week.clamp(0, 40) as u8,
        hours_reason: crate::db::stored_opt(v.hours_reason.as_deref(), "hours reason")?,
        collective_agreement: v.collective_agreement,
        pay_scale: v.pay_scale,
        hourly_wage: shared::money::euros(v.hourly_wage),
        trial_period_months: v.trial_period_months.clamp(0, 2) as u8,
        end_reason: crate::db::stored_opt(v.end_reason.as_deref(), "end reason")?,
        ended_on: v.ended_on,
        reason: if notes { v.reason } else { String::new() },
        changed_by: v.changed_by_name,
        actor_kind: v.actor_kind,
        changed_at: v.changed_at,
    })
}

/// A person's contracts and all their versions, oldest first, for the GDPR copy (art. 15).
pub async fn of_candidate(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<(Vec<Contract>, Vec<ContractVersion>)> {
    let models = contracts::Entity::find()
        .filter(contracts::Column::CandidateId.eq(id))
        .order_by_asc(contracts::Column::CreatedAt)
        .all(db)
        .await?;
    let versions = contract_versions::Entity::find()
        .filter(contract_versions::Column::CandidateId.eq(id))
        .order_by_asc(contract_versions::Column::ChangedAt)
        .order_by_asc(contract_versions::Column::Version)
        .all(db)
        .await?
        .into_iter()
        .map(|v| to_version(v, true))
        .collect::<ApiResult<_>>()?;
    Ok((to_contracts_for(db, false, models).await?, versions))
}
