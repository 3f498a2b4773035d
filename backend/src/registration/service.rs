//! The rules of registration that handlers call: loading within the caller's scope, the role's view of a
//! record, checking references, and writing a candidate with its abilities and wishes.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, Func, SelectStatement};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, FromQueryResult, IntoActiveModel, JoinType,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait, RelationDef,
};
use shared::audit::AuditAction;
use shared::auth::Role;
use shared::candidates::{
    Benefit, BenefitKind, Candidate, CandidateAbility, CandidateInput, CandidateSearch, CandidateStatus,
    CandidateSummary, ChangeSource, ChangeStatus, CreateIntake, EligibilityDecision, EligibilityOutcome, ExitReason,
    Intake, IntakeKind, SORT_KEYS, Source, StatusChange, TransitionError, Weekday, age, check_transition, is_valid_bsn,
    mask_bsn, normalise_postcode, wage_earning_criteria,
};
use shared::candidates::{MatchingFacts, MatchingField, REQUIRED_FOR_MATCHING, completes_intake};
use shared::imports::ImportReport;
use shared::paging::{Page, PageRequest};
use shared::problem::ProblemCode;
use shared::reference::{PhysicalDemand, resolve_neighbourhood};
use shared::validation::Errors;
use uuid::Uuid;

use crate::audit::{self, Actor, Entry};
use crate::auth::AuthUser;
use crate::db::{
    abilities, candidate_abilities, candidate_available_days, candidate_physical_limitations, candidate_status_changes,
    candidate_wish_categories, candidates, eligibility_decisions, intakes, neighbourhoods, task_categories,
};
use crate::infra::error::{ApiError, ApiResult};

/// A candidate row with what belongs to it: its rows of abilities, wished categories, available days and
/// physical limitations, and its neighbourhood's name.
#[derive(Debug, Clone)]
pub struct CandidateRecord {
    pub model: candidates::Model,
    pub abilities: Vec<CandidateAbility>,
    pub wish_category_ids: Vec<Uuid>,
    pub available_days: Vec<Weekday>,
    pub physical_limitations: Vec<PhysicalDemand>,
    pub neighbourhood_name: Option<String>,
}

/// Loads a candidate the caller may see, or 404.
pub async fn load(db: &impl ConnectionTrait, caller: &AuthUser, id: Uuid) -> ApiResult<CandidateRecord> {
    let model = candidates::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|c| c.erased_at.is_none() && c.merged_into_id.is_none())
        .filter(|c| caller.covers(c.municipality_id))
        .ok_or(ApiError::NotFound)?;
    load_many(db, vec![model]).await?.pop().ok_or(ApiError::NotFound)
}

/// The rows with what belongs to them, in a few queries for any number of rows (in their order).
pub async fn load_many(db: &impl ConnectionTrait, models: Vec<candidates::Model>) -> ApiResult<Vec<CandidateRecord>> {
    let ids: Vec<Uuid> = models.iter().map(|m| m.id).collect();
    let mut abilities: HashMap<Uuid, Vec<CandidateAbility>> = HashMap::new();
    let mut wishes: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    let mut days: HashMap<Uuid, Vec<Weekday>> = HashMap::new();
    let mut limitations: HashMap<Uuid, Vec<PhysicalDemand>> = HashMap::new();
    let mut hood_ids: Vec<Uuid> = models.iter().filter_map(|m| m.neighbourhood_id).collect();
    hood_ids.sort();
    hood_ids.dedup();
    let mut hood_names: HashMap<Uuid, String> = HashMap::new();
    // 500 ids a query stay under every database's parameter limit.
    for chunk in ids.chunks(500) {
        for a in candidate_abilities::Entity::find()
            .filter(candidate_abilities::Column::CandidateId.is_in(chunk.to_vec()))
            .all(db)
            .await?
        {
            abilities
                .entry(a.candidate_id)
                .or_default()
                .push(CandidateAbility { ability_id: a.ability_id, level: a.level.clamp(1, 4) as u8 });
        }
        for w in candidate_wish_categories::Entity::find()
            .filter(candidate_wish_categories::Column::CandidateId.is_in(chunk.to_vec()))
            .all(db)
            .await?
        {
            wishes.entry(w.candidate_id).or_default().push(w.task_category_id);
        }
        for d in candidate_available_days::Entity::find()
            .filter(candidate_available_days::Column::CandidateId.is_in(chunk.to_vec()))
            .all(db)
            .await?
        {
            days.entry(d.candidate_id).or_default().push(crate::db::stored(&d.day, "weekday")?);
        }
        for l in candidate_physical_limitations::Entity::find()
            .filter(candidate_physical_limitations::Column::CandidateId.is_in(chunk.to_vec()))
            .all(db)
            .await?
        {
            limitations
                .entry(l.candidate_id)
                .or_default()
                .push(crate::db::stored(&l.limitation, "physical limitation")?);
        }
    }
    for chunk in hood_ids.chunks(500) {
        for n in neighbourhoods::Entity::find().filter(neighbourhoods::Column::Id.is_in(chunk.to_vec())).all(db).await?
        {
            hood_names.insert(n.id, n.name);
        }
    }
    Ok(models
        .into_iter()
        .map(|model| {
            let mut available_days = days.remove(&model.id).unwrap_or_default();
            available_days.sort();
            let mut physical_limitations = limitations.remove(&model.id).unwrap_or_default();
            physical_limitations.sort();
            CandidateRecord {
                abilities: abilities.remove(&model.id).unwrap_or_default(),
                wish_category_ids: wishes.remove(&model.id).unwrap_or_default(),
                available_days,
                physical_limitations,
                neighbourhood_name: model.neighbourhood_id.and_then(|n| hood_names.get(&n).cloned()),
                model,
            }
        })
        .collect())
}

/// A stored exit reason; one that does not parse is a fault, never a default.
fn stored_exit_reason(value: Option<&str>) -> ApiResult<Option<ExitReason>> {
    value
        .map(|v| {
            parse_exit_reason(v)
                .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("stored exit reason {v:?} is unknown")))
        })
        .transpose()
}

/// The fields of a person that `role` does not see: the field-visibility table ([`super::visibility`]).
pub fn hidden_fields(role: Role) -> Vec<&'static str> {
    super::visibility::hidden(role)
}

/// The candidate as `role` may see it. The BSN is always masked here (see `reveal-bsn`).
pub fn view(record: &CandidateRecord, role: Role, today: NaiveDate) -> ApiResult<Candidate> {
    view_with(record, super::visibility::fields(role), today)
}

/// The candidate with the fields of `fields` (see [`super::visibility::fields_of`]).
pub fn view_with(
    record: &CandidateRecord,
    fields: super::visibility::Fields,
    today: NaiveDate,
) -> ApiResult<Candidate> {
    let m = &record.model;
    let hidden = super::visibility::hidden_by(fields);
    let shows = |field: &str| !hidden.contains(&field);
    let wage_value = m.wage_value_pct.map(|v| v.clamp(0, 100) as u8);
    let expected = m.expected_wage_value_pct.map(|v| v.clamp(0, 100) as u8);
    let hours = m.available_hours.map(|h| h.clamp(0, 40) as u8);
    let benefit_kind = crate::db::stored_opt::<BenefitKind>(m.benefit_kind.as_deref(), "benefit kind")?;
    Ok(Candidate {
        id: m.id,
        municipality_id: m.municipality_id,
        first_name: m.first_name.clone(),
        last_name: m.last_name.clone(),
        date_of_birth: m.date_of_birth,
        age: m.date_of_birth.map(|birth| age(birth, today)),
        bsn: m.bsn.as_deref().map(mask_bsn).unwrap_or_default(),
        bsn_masked: true,
        email: m.email.clone(),
        phone: m.phone.clone(),
        postcode: m.postcode.clone(),
        house_number: m.house_number.clone(),
        neighbourhood_id: m.neighbourhood_id,
        neighbourhood_name: record.neighbourhood_name.clone(),
        source: crate::db::stored(&m.source, "source")?,
        target_group_register: m.target_group_register,
        benefit: shows("benefit").then(|| Benefit {
            kind: benefit_kind,
            monthly_amount: m.benefit_monthly_amount.map(shared::money::euros),
        }),
        regular_work_evidence: shows("regularWorkEvidence").then(|| m.regular_work_evidence.clone()),
        available_hours: hours,
        wished_hours_per_week: m.wished_hours_per_week.map(|h| h.clamp(0, 40) as u8),
        available_days: record.available_days.clone(),
        availability_confirmed_at: m.availability_confirmed_at,
        availability_confirmed_by: m.availability_confirmed_by_name.clone(),
        missing: matching_facts(record).missing(),
        abilities: record.abilities.clone(),
        physical_limitations: shows("physicalLimitations").then(|| record.physical_limitations.clone()),
        limitation_notes: shows("limitationNotes").then(|| m.limitation_notes.clone()),
        wish_category_ids: record.wish_category_ids.clone(),
        wish_neighbourhood_id: m.wish_neighbourhood_id,
        dream_job: m.dream_job.clone(),
        wage_value_pct: wage_value,
        expected_wage_value_pct: expected,
        status: crate::db::stored(&m.status, "candidate status")?,
        exit_reason: stored_exit_reason(m.exit_reason.as_deref())?,
        wage_earning_criteria: wage_earning_criteria(hours, wage_value, expected),
        hidden_fields: hidden.iter().map(|f| (*f).to_owned()).collect(),
        created_at: m.created_at,
        updated_at: m.updated_at,
        version: m.version,
    })
}

pub fn exit_reason_str(reason: ExitReason) -> &'static str {
    match reason {
        ExitReason::RegularJob => "regular_job",
        ExitReason::OtherWork => "other_work",
        ExitReason::Moved => "moved",
        ExitReason::Stopped => "stopped",
        ExitReason::Other => "other",
    }
}

pub fn parse_exit_reason(value: &str) -> Option<ExitReason> {
    [ExitReason::RegularJob, ExitReason::OtherWork, ExitReason::Moved, ExitReason::Stopped, ExitReason::Other]
        .into_iter()
        .find(|r| exit_reason_str(*r) == value)
}

/// One row of a candidate list: the summary's columns, the neighbourhood's name and the list's total.
#[derive(Debug, FromQueryResult)]
struct SummaryRow {
    id: Uuid,
    first_name: String,
    last_name: String,
    postcode: String,
    neighbourhood_id: Option<Uuid>,
    neighbourhood_name: Option<String>,
    source: String,
    target_group_register: bool,
    status: String,
    available_hours: Option<i32>,
    updated_at: chrono::DateTime<Utc>,
    total_items: i64,
}

/// How many candidates a list's condition is expected to match, which decides how its page is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Matches {
    /// A list by filters: up to every candidate of the region.
    Many,
    /// A search by name, postcode or BSN: a small share, found through the search's own index.
    Few,
}

/// One page of a candidate list and the exact number of candidates that match, in one query.
///
/// [`Matches::Many`]: the page's ids come first, in a subquery that the sort's index answers on its own
/// (see the migration `m20261128_000001_list_indexes`), so a deep page skips index entries, not rows; only
/// the page's rows are then read, with only the summary's columns and their neighbourhood's name; the total
/// is a scalar subquery over the same index, evaluated once.
/// [`Matches::Few`]: the matches are read once through the search's index (a trigram index on PostgreSQL)
/// and counted as they are sorted (`COUNT(*) OVER ()`); walking the name order instead would pass every
/// non-matching name before the first match.
/// `counted`: the total from the counters ([`super::counts::total`]) when the condition is one they cover;
/// it then takes the count's place (a few counter rows instead of every matching index entry).
/// A page past the end has no row to carry the total, so it is then counted apart.
pub async fn summary_page(
    db: &impl ConnectionTrait,
    condition: Condition,
    order: (candidates::Column, bool),
    paging: PageRequest,
    matches: Matches,
    counted: Option<SelectStatement>,
) -> ApiResult<(Vec<CandidateSummary>, u64)> {
    use candidates::Column as C;
    let total = counted.unwrap_or_else(|| {
        candidates::Entity::find().select_only().expr(Expr::cust("COUNT(*)")).filter(condition.clone()).into_query()
    });
    let neighbourhood: RelationDef = candidates::Entity::belongs_to(neighbourhoods::Entity)
        .from(C::NeighbourhoodId)
        .to(neighbourhoods::Column::Id)
        .into();
    let select = candidates::Entity::find()
        .select_only()
        .columns([C::Id, C::FirstName, C::LastName, C::Postcode, C::NeighbourhoodId, C::Source])
        .columns([C::TargetGroupRegister, C::Status, C::AvailableHours, C::UpdatedAt])
        .column_as(neighbourhoods::Column::Name, "neighbourhood_name")
        .join(JoinType::LeftJoin, neighbourhood);
    let select = match matches {
        Matches::Many => {
            let page_ids =
                ordered(candidates::Entity::find().select_only().column(C::Id).filter(condition.clone()), order)
                    .offset(paging.offset())
                    .limit(paging.page_size)
                    .into_query();
            ordered(
                select
                    .expr_as(Expr::SubQuery(None, Box::new(total.clone().into())), "total_items")
                    .filter(C::Id.in_subquery(page_ids)),
                order,
            )
        }
        Matches::Few => {
            // The same order, spelled so that no index serves it: else a planner that cannot know how few
            // rows match (PostgreSQL's generic plan for `LIKE $1`) walks a name index through every row.
            let (column, descending) = order;
            // Qualified: the joined neighbourhoods have a `created_at` and `updated_at` too.
            let key = Expr::col((candidates::Entity, if matches!(column, C::LastName) { C::SortName } else { column }));
            let direction = if descending { sea_orm::Order::Desc } else { sea_orm::Order::Asc };
            let name = Expr::col((candidates::Entity, C::SortName));
            select
                .expr_as(Expr::cust("COUNT(*) OVER ()"), "total_items")
                .filter(condition)
                .order_by(Func::coalesce([key.clone(), key]), direction)
                .order_by(Func::coalesce([name.clone(), name]), sea_orm::Order::Asc)
                .order_by_asc(C::Id)
                .offset(paging.offset())
                .limit(paging.page_size)
        }
    };
    let rows = select.into_model::<SummaryRow>().all(db).await?;
    let total = match rows.first() {
        Some(row) => u64::try_from(row.total_items).unwrap_or_default(),
        None if paging.offset() == 0 => 0,
        None => match db.query_one(&total).await? {
            Some(row) => u64::try_from(row.try_get_by_index::<i64>(0)?).unwrap_or_default(),
            None => 0,
        },
    };
    let items = rows
        .into_iter()
        .map(|m| {
            Ok(CandidateSummary {
                id: m.id,
                first_name: m.first_name,
                last_name: m.last_name,
                postcode: m.postcode,
                neighbourhood_id: m.neighbourhood_id,
                neighbourhood_name: m.neighbourhood_name,
                source: crate::db::stored(&m.source, "source")?,
                target_group_register: m.target_group_register,
                status: crate::db::stored(&m.status, "candidate status")?,
                available_hours: m.available_hours.map(|h| h.clamp(0, 40) as u8),
                updated_at: m.updated_at,
            })
        })
        .collect::<ApiResult<_>>()?;
    Ok((items, total))
}

/// Checks what the input refers to, and resolves the neighbourhood from the postcode when none is given.
/// Returns the neighbourhood to store.
pub async fn check_references(
    db: &impl ConnectionTrait,
    input: &CandidateInput,
    municipality_id: Uuid,
    errors: &mut Errors,
) -> ApiResult<Option<Uuid>> {
    let hoods = crate::reference::neighbourhoods_of(db, municipality_id).await?;
    let known = |id: Uuid| hoods.iter().any(|n| n.id == id);
    let neighbourhood = match input.neighbourhood_id {
        Some(id) if known(id) => Some(id),
        Some(_) => {
            errors.add("neighbourhoodId", "unknown", "deze wijk bestaat niet in deze gemeente");
            None
        }
        None => normalise_postcode(&input.postcode)
            .and_then(|pc| pc[..4].parse::<u16>().ok())
            .and_then(|pc4| resolve_neighbourhood(&hoods, pc4))
            .map(|n| n.id),
    };
    if input.wish_neighbourhood_id.is_some_and(|id| !known(id)) {
        errors.add("wishNeighbourhoodId", "unknown", "deze wijk bestaat niet in deze gemeente");
    }
    if !input.abilities.is_empty() {
        let ids: Vec<Uuid> = input.abilities.iter().map(|a| a.ability_id).collect();
        let found = abilities::Entity::find().filter(abilities::Column::Id.is_in(ids.clone())).count(db).await?;
        if found as usize != ids.len() {
            errors.add("abilities", "unknown", "een of meer vaardigheden bestaan niet");
        }
    }
    if !input.wish_category_ids.is_empty() {
        let mut ids = input.wish_category_ids.clone();
        ids.sort();
        ids.dedup();
        let found =
            task_categories::Entity::find().filter(task_categories::Column::Id.is_in(ids.clone())).count(db).await?;
        if found as usize != ids.len() {
            errors.add("wishCategoryIds", "unknown", "een of meer taakcategorieën bestaan niet");
        }
    }
    Ok(neighbourhood)
}

pub fn duplicate_bsn() -> ApiError {
    ApiError::Conflict { code: ProblemCode::Duplicate, detail: "Er is al een kandidaat met dit BSN.".into() }
}

/// Whether another (not erased) candidate has this BSN.
pub async fn bsn_taken(db: &impl ConnectionTrait, bsn: &str, except: Option<Uuid>) -> ApiResult<bool> {
    let mut select = candidates::Entity::find().filter(candidates::Column::Bsn.eq(bsn));
    if let Some(id) = except {
        select = select.filter(candidates::Column::Id.ne(id));
    }
    Ok(select.count(db).await? > 0)
}

/// The row's columns from validated input (everything but id, municipality, status and timestamps). A
/// save does not confirm the availability: that is its own action ([`confirm_availability`]).
pub fn apply_input(active: &mut candidates::ActiveModel, input: &CandidateInput, neighbourhood_id: Option<Uuid>) {
    let first = shared::text::clean(&input.first_name);
    let last = shared::text::clean(&input.last_name);
    active.search_name = Set(shared::text::fold(&format!("{first} {last}")));
    active.sort_name = Set(shared::text::sort_name(&last, &first));
    active.first_name = Set(first);
    active.last_name = Set(last);
    active.date_of_birth = Set(input.date_of_birth);
    active.bsn = Set(Some(input.bsn.trim().to_owned()));
    active.email = Set(input.email.trim().to_owned());
    active.phone = Set(input.phone.trim().to_owned());
    active.postcode = Set(normalise_postcode(&input.postcode).unwrap_or_default());
    active.house_number = Set(input.house_number.trim().to_owned());
    active.neighbourhood_id = Set(neighbourhood_id);
    active.source = Set(input.source.unwrap_or(Source::Other).as_str().to_owned());
    active.target_group_register = Set(input.target_group_register);
    active.benefit_kind = Set(input.benefit_kind.map(|k| k.as_str().to_owned()));
    active.benefit_monthly_amount = Set(input.benefit_monthly_amount);
    active.regular_work_evidence = Set(input.regular_work_evidence.trim().to_owned());
    active.available_hours = Set(input.available_hours.map(i32::from));
    active.wished_hours_per_week = Set(input.wished_hours_per_week.map(i16::from));
    active.available_days_mask = Set(shared::matching::day_mask(input.available_days.iter().copied()));
    active.limitations_mask = Set(shared::matching::demand_mask(input.physical_limitations.iter().copied()));
    active.limitation_notes = Set(input.limitation_notes.trim().to_owned());
    active.wish_neighbourhood_id = Set(input.wish_neighbourhood_id);
    active.dream_job = Set(input.dream_job.trim().to_owned());
    active.wage_value_pct = Set(input.wage_value_pct.map(i32::from));
    active.expected_wage_value_pct = Set(input.expected_wage_value_pct.map(i32::from));
}

/// Replaces a candidate's abilities, wished categories, available days and physical limitations.
pub async fn replace_children(db: &impl ConnectionTrait, candidate_id: Uuid, input: &CandidateInput) -> ApiResult<()> {
    candidate_abilities::Entity::delete_many()
        .filter(candidate_abilities::Column::CandidateId.eq(candidate_id))
        .exec(db)
        .await?;
    candidate_wish_categories::Entity::delete_many()
        .filter(candidate_wish_categories::Column::CandidateId.eq(candidate_id))
        .exec(db)
        .await?;
    candidate_available_days::Entity::delete_many()
        .filter(candidate_available_days::Column::CandidateId.eq(candidate_id))
        .exec(db)
        .await?;
    candidate_physical_limitations::Entity::delete_many()
        .filter(candidate_physical_limitations::Column::CandidateId.eq(candidate_id))
        .exec(db)
        .await?;
    let (days, limitations) = day_and_limitation_rows(candidate_id, input);
    if !days.is_empty() {
        candidate_available_days::Entity::insert_many(days).exec_without_returning(db).await?;
    }
    if !limitations.is_empty() {
        candidate_physical_limitations::Entity::insert_many(limitations).exec_without_returning(db).await?;
    }
    if !input.abilities.is_empty() {
        candidate_abilities::Entity::insert_many(input.abilities.iter().map(|a| candidate_abilities::ActiveModel {
            candidate_id: Set(candidate_id),
            ability_id: Set(a.ability_id),
            level: Set(i16::from(a.level)),
        }))
        .exec_without_returning(db)
        .await?;
    }
    let mut categories = input.wish_category_ids.clone();
    categories.sort();
    categories.dedup();
    if !categories.is_empty() {
        candidate_wish_categories::Entity::insert_many(categories.into_iter().map(|c| {
            candidate_wish_categories::ActiveModel { candidate_id: Set(candidate_id), task_category_id: Set(c) }
        }))
        .exec_without_returning(db)
        .await?;
    }
    Ok(())
}

/// The rows of a candidate's available days and physical limitations, each once.
pub fn day_and_limitation_rows(
    candidate_id: Uuid,
    input: &CandidateInput,
) -> (Vec<candidate_available_days::ActiveModel>, Vec<candidate_physical_limitations::ActiveModel>) {
    let mut days = input.available_days.clone();
    days.sort();
    days.dedup();
    let mut limitations = input.physical_limitations.clone();
    limitations.sort();
    limitations.dedup();
    (
        days.into_iter()
            .map(|d| candidate_available_days::ActiveModel {
                candidate_id: Set(candidate_id),
                day: Set(d.as_str().to_owned()),
            })
            .collect(),
        limitations
            .into_iter()
            .map(|l| candidate_physical_limitations::ActiveModel {
                candidate_id: Set(candidate_id),
                limitation: Set(l.as_str().to_owned()),
            })
            .collect(),
    )
}

/// Sort key of the candidate lists.
pub fn sort_column(sort: Option<&str>, errors: &mut Errors) -> (candidates::Column, bool) {
    let Some((key, descending)) = shared::paging::parse_sort(sort.unwrap_or("lastName"), &SORT_KEYS) else {
        errors.add("sort", "unknown", "sorteer op lastName, status, updatedAt of createdAt");
        return (candidates::Column::LastName, false);
    };
    let column = match key {
        "status" => candidates::Column::Status,
        "updatedAt" => candidates::Column::UpdatedAt,
        "createdAt" => candidates::Column::CreatedAt,
        _ => candidates::Column::LastName,
    };
    (column, descending)
}

pub fn ordered(
    select: sea_orm::Select<candidates::Entity>,
    (column, descending): (candidates::Column, bool),
) -> sea_orm::Select<candidates::Entity> {
    let order = if descending { sea_orm::Order::Desc } else { sea_orm::Order::Asc };
    // Names sort by their sort key on both databases: without case or accents, "de Boer" among the Bs.
    let select = if matches!(column, candidates::Column::LastName) {
        select.order_by(candidates::Column::SortName, order)
    } else {
        select.order_by(column, order).order_by_asc(candidates::Column::SortName)
    };
    select.order_by_asc(candidates::Column::Id)
}

/// A stored status change as the API shows it.
pub fn to_status_change(row: candidate_status_changes::Model) -> ApiResult<StatusChange> {
    Ok(StatusChange {
        id: row.id,
        from: crate::db::stored_opt(row.from_status.as_deref(), "candidate status")?,
        to: crate::db::stored(&row.to_status, "candidate status")?,
        reason: row.reason,
        exit_reason: stored_exit_reason(row.exit_reason.as_deref())?,
        changed_by: row.changed_by_name,
        changed_at: row.changed_at,
    })
}

/// A stored intake as the API shows it; `notes` only when the role may read them.
pub fn to_intake(model: intakes::Model, show_notes: bool) -> ApiResult<Intake> {
    Ok(Intake {
        id: model.id,
        candidate_id: model.candidate_id,
        kind: crate::db::stored(&model.kind, "intake kind")?,
        held_on: model.held_on,
        assessor: model.assessor,
        result: model.result,
        notes: show_notes.then_some(model.notes),
        created_at: model.created_at,
    })
}

/// The start of every read of a candidate's history (status changes, intakes, field changes): the candidate
/// within the caller's scope (404 otherwise), and the read in the audit log with what was read.
pub async fn history_read(db: &impl ConnectionTrait, caller: &AuthUser, id: Uuid, what: &'static str) -> ApiResult<()> {
    load(db, caller, id).await?;
    audit::record(db, Actor::from(caller), Entry::new(AuditAction::Read, "candidate").record(id).details(what)).await?;
    Ok(())
}

/// The filters of the candidate lists (and of the export), always within the caller's scope.
#[derive(Debug, Clone, Copy, Default)]
pub struct CandidateFilter {
    pub status: Option<CandidateStatus>,
    pub neighbourhood_id: Option<Uuid>,
    pub source: Option<Source>,
    pub target_group_register: Option<bool>,
    /// Availability confirmed before this instant, or never (`availabilityOlderThanDays`, see
    /// [`availability_cutoff`]).
    pub availability_confirmed_before: Option<DateTime<Utc>>,
}

/// The instant before which a confirmation is older than `days` whole days on `now`'s day: confirmed on
/// `today - days` or earlier (so `0` finds every confirmation before tomorrow).
pub fn availability_cutoff(days: u32, now: DateTime<Utc>) -> DateTime<Utc> {
    let day = now.date_naive() - chrono::Duration::days(i64::from(days)) + chrono::Duration::days(1);
    day.and_time(chrono::NaiveTime::MIN).and_utc()
}

/// The condition of a filtered list within the caller's region; erased and merged candidates are never
/// listed.
fn condition(caller: &AuthUser, filter: CandidateFilter) -> Condition {
    let mut condition =
        Condition::all().add(candidates::Column::ErasedAt.is_null()).add(candidates::Column::MergedIntoId.is_null());
    condition = condition.add(caller.within_region(candidates::Column::MunicipalityId));
    if let Some(status) = filter.status {
        condition = condition.add(candidates::Column::Status.eq(status.as_str()));
    }
    if let Some(neighbourhood) = filter.neighbourhood_id {
        condition = condition.add(candidates::Column::NeighbourhoodId.eq(neighbourhood));
    }
    if let Some(source) = filter.source {
        condition = condition.add(candidates::Column::Source.eq(source.as_str()));
    }
    if let Some(register) = filter.target_group_register {
        condition = condition.add(candidates::Column::TargetGroupRegister.eq(register));
    }
    if let Some(before) = filter.availability_confirmed_before {
        condition = condition.add(
            Condition::any()
                .add(candidates::Column::AvailabilityConfirmedAt.is_null())
                .add(candidates::Column::AvailabilityConfirmedAt.lt(before)),
        );
    }
    condition
}

/// One page of the filtered list, sorted by `sort` (see [`sort_column`]).
pub async fn list(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    filter: CandidateFilter,
    sort: Option<&str>,
    paging: PageRequest,
) -> ApiResult<Page<serde_json::Value>> {
    let mut errors = Errors::default();
    let order = sort_column(sort, &mut errors);
    errors.finish(()).map_err(ApiError::Validation)?;
    check_filter(caller.role, &filter)?;
    let counted = super::counts::total(caller, &filter);
    let (items, total) = summary_page(db, condition(caller, filter), order, paging, Matches::Many, counted).await?;
    restricted_page(Page::new(items, paging, total), caller.role)
}

/// Whether a search term is a whole BSN (it passes the 11-check, spaces aside).
pub fn searches_by_bsn(query: &str) -> bool {
    let compact: String = query.chars().filter(|c| !c.is_whitespace()).collect();
    is_valid_bsn(&compact)
}

/// The roles that may search by BSN: those that may reveal one.
pub fn may_search_by_bsn(role: shared::auth::Role) -> bool {
    matches!(role, shared::auth::Role::Admin | shared::auth::Role::Consultant)
}

/// One page of the candidates that match a part of a name, a postcode (or its four digits) or a whole BSN,
/// with the list's filters. A search by BSN is only for [`may_search_by_bsn`] (403 for any other role,
/// whether or not the number exists) and is audited with its number of results, never the BSN.
pub async fn search(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    search: CandidateSearch,
    now: DateTime<Utc>,
) -> ApiResult<Page<serde_json::Value>> {
    let mut errors = Errors::default();
    let paging = PageRequest::parse(search.page, search.page_size, &mut errors);
    let order = sort_column(search.sort.as_deref(), &mut errors);
    if search.query.chars().count() > 100 {
        errors.add("query", "too_long", "maximaal 100 tekens");
    }
    let max_days = shared::saved_searches::MAX_AVAILABILITY_DAYS;
    if search.availability_older_than_days.is_some_and(|d| d > max_days) {
        errors.add(
            "availabilityOlderThanDays",
            "out_of_range",
            format!("een aantal dagen van 0 tot en met {max_days}"),
        );
    }
    errors.finish(()).map_err(ApiError::Validation)?;
    let filter = CandidateFilter {
        status: search.status,
        neighbourhood_id: search.neighbourhood_id,
        source: search.source,
        target_group_register: search.target_group_register,
        availability_confirmed_before: search.availability_older_than_days.map(|d| availability_cutoff(d, now)),
    };
    check_filter(caller.role, &filter)?;
    // A role that does not see postcodes searches by name only (a match would reveal the postcode).
    let by_postcode = super::visibility::fields(caller.role).shows("postcode");
    let mut condition = condition(caller, filter);
    let term = search.query.trim();
    let matches = if term.is_empty() { Matches::Many } else { Matches::Few };
    // Without a term the search is the list, whose total the counters may give.
    let counted = if term.is_empty() { super::counts::total(caller, &filter) } else { None };
    let mut by_bsn = false;
    if !term.is_empty() {
        let compact: String = term.chars().filter(|c| !c.is_whitespace()).collect();
        condition = condition.add(if is_valid_bsn(&compact) {
            crate::auth::require(may_search_by_bsn(caller.role))?;
            by_bsn = true;
            Condition::all().add(candidates::Column::Bsn.eq(compact))
        } else if let Some(postcode) = normalise_postcode(term).filter(|_| by_postcode) {
            Condition::all().add(candidates::Column::Postcode.eq(postcode))
        } else if by_postcode && compact.len() == 4 && compact.bytes().all(|b| b.is_ascii_digit()) {
            Condition::all()
                .add(crate::infra::search::starts_with(candidates::Column::Postcode, &format!("{compact} ")))
        } else {
            Condition::all()
                .add(crate::infra::search::contains(candidates::Column::SearchName, &shared::text::fold(term)))
        });
    }
    let (items, total) = summary_page(db, condition, order, paging, matches, counted).await?;
    if by_bsn {
        let results = if total == 1 { "1 result".to_owned() } else { format!("{total} results") };
        audit::record(
            db,
            Actor::from(caller),
            Entry::new(AuditAction::Read, "candidate").details(format!("search by BSN: {results}")),
        )
        .await?;
    }
    restricted_page(Page::new(items, paging, total), caller.role)
}

/// The filtered list as CSV in the import's format, audited as an export.
pub async fn export(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    filter: CandidateFilter,
    sort: Option<&str>,
) -> ApiResult<String> {
    let mut errors = Errors::default();
    let order = sort_column(sort, &mut errors);
    errors.finish(()).map_err(ApiError::Validation)?;
    let rows = ordered(candidates::Entity::find().filter(condition(caller, filter)), order).all(db).await?;
    audit::record(
        db,
        Actor::from(caller),
        Entry::new(AuditAction::Export, "candidate").details(format!("{} rows", rows.len())),
    )
    .await?;
    super::import::export_csv(db, caller.municipality_id, rows).await
}

/// Imports a CSV file (see `POST /candidates/import`) in the caller's transaction. A file with any error
/// writes nothing and answers 400 with every row's error; a dry run only reports.
pub async fn import(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    (headers, records): &crate::infra::csv_io::Parsed,
    dry_run: bool,
    now: DateTime<Utc>,
) -> ApiResult<ImportReport> {
    let municipality = crate::reference::default_municipality(db, caller.municipality_id).await?;
    let report = super::import::import_candidates(db, caller, municipality, headers, records, dry_run, now).await?;
    if !report.errors.is_empty() && !dry_run {
        return Err(crate::infra::csv_io::rejected(report.errors));
    }
    if !dry_run {
        audit::record(
            db,
            Actor::from(caller),
            Entry::new(AuditAction::Create, "candidate_import")
                .details(format!("{} created, {} updated", report.created, report.updated)),
        )
        .await?;
    }
    Ok(crate::infra::csv_io::bounded(report))
}

/// One candidate's record as the caller's role may see it. Every read is audited.
/// The fields the role may not see are left out of the answer ([`super::visibility::restrict`]).
pub async fn read(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    id: Uuid,
    today: NaiveDate,
) -> ApiResult<serde_json::Value> {
    let record = load(db, caller, id).await?;
    audit::record(db, Actor::from(caller), Entry::new(AuditAction::Read, "candidate").record(id)).await?;
    let fields = fields_for(db, caller, id, today).await?;
    let value = serde_json::to_value(view_with(&record, fields, today)?).map_err(|e| ApiError::Internal(e.into()))?;
    Ok(super::visibility::restrict_to(value, fields))
}

/// What the caller sees of this person: a job coach sees health and intake notes of its caseload only.
async fn fields_for(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    id: Uuid,
    today: NaiveDate,
) -> ApiResult<super::visibility::Fields> {
    let in_caseload =
        caller.role == Role::JobCoach && crate::guidance::service::in_caseload(db, caller, id, today).await?;
    Ok(super::visibility::fields_of(caller.role, in_caseload))
}

/// A record or a list row with only the fields `role` sees.
fn restricted(value: &impl serde::Serialize, role: Role) -> ApiResult<serde_json::Value> {
    let value = serde_json::to_value(value).map_err(|e| ApiError::Internal(e.into()))?;
    Ok(super::visibility::restrict(value, role))
}

/// A page of list rows with only the fields `role` sees.
fn restricted_page(page: Page<CandidateSummary>, role: Role) -> ApiResult<Page<serde_json::Value>> {
    let items = page.items.iter().map(|item| restricted(item, role)).collect::<ApiResult<Vec<_>>>()?;
    Ok(Page {
        items,
        page: page.page,
        page_size: page.page_size,
        total_items: page.total_items,
        total_pages: page.total_pages,
    })
}

/// A list may not filter on a field the caller's role does not see (the filter would reveal it): 403.
fn check_filter(role: Role, filter: &CandidateFilter) -> ApiResult<()> {
    let fields = super::visibility::fields(role);
    let used = [
        ("neighbourhoodId", filter.neighbourhood_id.is_some()),
        ("source", filter.source.is_some()),
        ("targetGroupRegister", filter.target_group_register.is_some()),
        ("availabilityConfirmedAt", filter.availability_confirmed_before.is_some()),
    ];
    crate::auth::require(used.iter().all(|(field, used)| !used || fields.shows(field)))
}

/// The full BSN (the policy of the endpoint decides who may ask). Each reveal is audited.
pub async fn reveal_bsn(db: &impl ConnectionTrait, caller: &AuthUser, id: Uuid) -> ApiResult<String> {
    let record = load(db, caller, id).await?;
    audit::record(
        db,
        Actor::from(caller),
        Entry::new(AuditAction::Read, "candidate").record(id).details("bsn revealed"),
    )
    .await?;
    Ok(record.model.bsn.unwrap_or_default())
}

/// Checks an input against its rules and the reference data of `municipality`; returns the neighbourhood to
/// store.
async fn checked_input(
    db: &impl ConnectionTrait,
    input: &CandidateInput,
    municipality: Uuid,
    today: NaiveDate,
    errors: &mut Errors,
) -> ApiResult<Option<Uuid>> {
    if let Err(params) = input.validate(today) {
        params.into_iter().for_each(|p| errors.add(p.name, p.code, p.reason));
    }
    check_references(db, input, municipality, errors).await
}

fn unique_bsn(error: sea_orm::DbErr) -> ApiError {
    match error.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => duplicate_bsn(),
        _ => error.into(),
    }
}

/// Registers a candidate in the caller's municipality, in status `registered`, with its history row and
/// audit event; 409 `possible_duplicate` while registered candidates resemble it, unless
/// `confirmed_duplicate`. The neighbourhood follows from the postcode when it is left out.
pub async fn create(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    input: CandidateInput,
    confirmed_duplicate: bool,
    now: DateTime<Utc>,
) -> ApiResult<Candidate> {
    let municipality = crate::reference::default_municipality(db, caller.municipality_id).await?;
    let mut errors = Errors::default();
    let neighbourhood = checked_input(db, &input, municipality, now.date_naive(), &mut errors).await?;
    errors.finish(()).map_err(ApiError::Validation)?;
    if bsn_taken(db, input.bsn.trim(), None).await? {
        return Err(duplicate_bsn());
    }
    if !confirmed_duplicate {
        let alike = crate::duplicates::service::resembling(db, municipality, &input).await?;
        if !alike.is_empty() {
            return Err(ApiError::PossibleDuplicate(alike));
        }
    }
    let id = Uuid::now_v7();
    let mut active = candidates::ActiveModel {
        id: Set(id),
        municipality_id: Set(municipality),
        status: Set(CandidateStatus::Registered.as_str().to_owned()),
        exit_reason: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        erased_at: Set(None),
        version: Set(1),
        ..Default::default()
    };
    apply_input(&mut active, &input, neighbourhood);
    candidates::Entity::insert(active).exec_without_returning(db).await.map_err(unique_bsn)?;
    super::counts::created(db, municipality, CandidateStatus::Registered, 1).await?;
    replace_children(db, id, &input).await?;
    record_status(db, caller, id, None, CandidateStatus::Registered, "aangemeld", None, now).await?;
    audit::record(db, Actor::from(caller), Entry::new(AuditAction::Create, "candidate").record(id)).await?;
    view(&load(db, caller, id).await?, caller.role, now.date_naive())
}

/// Writes `active` only when the stored version is still `version`; else 409.
async fn update_versioned(
    db: &impl ConnectionTrait,
    id: Uuid,
    version: i32,
    mut active: candidates::ActiveModel,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    active.version = Set(version + 1);
    active.updated_at = Set(now);
    let result = candidates::Entity::update_many()
        .set(active)
        .filter(candidates::Column::Id.eq(id))
        .filter(candidates::Column::Version.eq(version))
        .exec(db)
        .await
        .map_err(unique_bsn)?;
    if result.rows_affected == 1 { Ok(()) } else { Err(ApiError::stale_version()) }
}

/// Changes a candidate's record (every field; the status changes through [`change_status`]), with its
/// change history and audit event.
pub async fn update(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    id: Uuid,
    input: CandidateInput,
    now: DateTime<Utc>,
) -> ApiResult<Candidate> {
    let current = load(db, caller, id).await?;
    let mut errors = Errors::default();
    let version = errors.version(input.version);
    let neighbourhood = checked_input(db, &input, current.model.municipality_id, now.date_naive(), &mut errors).await?;
    errors.finish(()).map_err(ApiError::Validation)?;
    // Every write steps the version, so the record read above is the one this update replaces (its change
    // history compares against it); another version is stale, answered with what changed since it.
    if version != current.model.version {
        return Err(stale_since(db, caller, id, version).await);
    }
    if bsn_taken(db, input.bsn.trim(), Some(id)).await? {
        return Err(duplicate_bsn());
    }
    let actor = Actor::from(caller);
    let mut active = <candidates::ActiveModel as Default>::default();
    apply_input(&mut active, &input, neighbourhood);
    if let Err(error) = update_versioned(db, id, version, active, now).await {
        // Another save won the race after the record was read: say what it changed.
        return Err(match error {
            ApiError::Conflict { code: ProblemCode::StaleVersion, .. } => stale_since(db, caller, id, version).await,
            other => other,
        });
    }
    replace_children(db, id, &input).await?;
    // The municipality, source or register may have changed what the Werkkamer feed counts.
    crate::monitoring::aggregates::refresh(db, id).await?;
    let updated = load(db, caller, id).await?;
    super::changes::record(db, &actor, id, ChangeSource::Api, &(&current).into(), &(&updated).into(), now).await?;
    audit::record(db, actor, Entry::new(AuditAction::Update, "candidate").record(id)).await?;
    view(&updated, caller.role, now.date_naive())
}

/// 409 `stale_version` with the fields of the record changed since `version`, as the caller's role may see
/// them (`changedFields`); the plain 409 if they cannot be read.
async fn stale_since(db: &impl ConnectionTrait, caller: &AuthUser, id: Uuid, version: i32) -> ApiError {
    match super::changes::since(db, id, version, caller.role).await {
        Ok(changed) => ApiError::stale_version_with(changed),
        Err(_) => ApiError::stale_version(),
    }
}

#[allow(clippy::too_many_arguments)]
async fn record_status(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    candidate_id: Uuid,
    from: Option<CandidateStatus>,
    to: CandidateStatus,
    reason: &str,
    exit_reason: Option<ExitReason>,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    candidate_status_changes::Entity::insert(candidate_status_changes::ActiveModel {
        id: Set(Uuid::now_v7()),
        candidate_id: Set(candidate_id),
        from_status: Set(from.map(|s| s.as_str().to_owned())),
        to_status: Set(to.as_str().to_owned()),
        reason: Set(reason.to_owned()),
        exit_reason: Set(exit_reason.map(|r| exit_reason_str(r).to_owned())),
        changed_by_id: Set(caller.user_id),
        changed_by_name: Set(Some(caller.name.clone())),
        changed_at: Set(now),
    })
    .exec_without_returning(db)
    .await?;
    crate::monitoring::aggregates::refresh(db, candidate_id).await
}

fn transition_error(error: TransitionError) -> ApiError {
    match error {
        TransitionError::NotAllowed { from, to } => ApiError::Conflict {
            code: ProblemCode::IllegalTransition,
            detail: format!(
                "Van status '{}' kan een kandidaat niet naar '{}'.",
                from.label(shared::problem::Language::Nl),
                to.label(shared::problem::Language::Nl)
            ),
        },
        TransitionError::ExitReasonRequired => {
            ApiError::validation("exitReason", "required", "kies de reden van uitstroom")
        }
        TransitionError::ExitReasonNotExpected => {
            ApiError::validation("exitReason", "not_allowed", "een uitstroomreden hoort alleen bij uitstroom")
        }
    }
}

/// A status change of the status machine with its history row, change history and audit event. `version`
/// is the version the caller saw (409 when the record has moved on).
#[allow(clippy::too_many_arguments)]
async fn apply_status(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    record: &CandidateRecord,
    version: i32,
    to: CandidateStatus,
    reason: &str,
    exit_reason: Option<ExitReason>,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    if version != record.model.version {
        return Err(stale_since(db, caller, record.model.id, version).await);
    }
    let from: CandidateStatus = crate::db::stored(&record.model.status, "candidate status")?;
    check_transition(from, to, exit_reason).map_err(transition_error)?;
    if completes_intake(from, to) {
        let missing = matching_facts(record).missing();
        if !missing.is_empty() {
            return Err(incomplete(&missing));
        }
    }
    let mut after = record.model.clone();
    after.status = to.as_str().to_owned();
    after.exit_reason = exit_reason.map(|r| exit_reason_str(r).to_owned());
    let active = candidates::ActiveModel {
        status: Set(after.status.clone()),
        exit_reason: Set(after.exit_reason.clone()),
        ..Default::default()
    };
    update_versioned(db, record.model.id, version, active, now).await?;
    // The version filter above makes `from` the status this update replaced.
    let municipality = record.model.municipality_id;
    super::counts::moved(db, (municipality, from.as_str()), (municipality, to.as_str())).await?;
    record_status(db, caller, record.model.id, Some(from), to, reason, exit_reason, now).await?;
    let actor = Actor::from(caller);
    let after = super::changes::Snapshot { model: &after, ..super::changes::Snapshot::from(record) };
    super::changes::record(db, &actor, record.model.id, ChangeSource::Api, &record.into(), &after, now).await?;
    audit::record(
        db,
        actor,
        Entry::new(AuditAction::Update, "candidate").record(record.model.id).details(format!(
            "status {} -> {}",
            from.as_str(),
            to.as_str()
        )),
    )
    .await?;
    Ok(())
}

/// What a stored record holds of the fields that matching needs.
pub fn matching_facts(record: &CandidateRecord) -> MatchingFacts {
    MatchingFacts {
        available_hours: record.model.available_hours.map(|h| h.clamp(0, 40) as u8),
        available_days: record.available_days.len(),
    }
}

/// The 400 `incomplete` of a step that needs the fields of `REQUIRED_FOR_MATCHING`, naming each missing one
/// (`prefix` before each name, e.g. `candidateIds[3].`, for a bulk action).
pub fn incomplete_params(missing: &[MatchingField], prefix: &str) -> Vec<shared::problem::InvalidParam> {
    missing
        .iter()
        .map(|f| {
            shared::problem::InvalidParam::new(
                format!("{prefix}{}", f.name()),
                "missing",
                format!("vul eerst {} in: matching heeft dit nodig", f.label(shared::problem::Language::Nl)),
            )
        })
        .collect()
}

/// The 400 `incomplete` answer: the intake cannot be completed while `missing` is not empty.
pub fn incomplete(missing: &[MatchingField]) -> ApiError {
    ApiError::Incomplete(incomplete_params(missing, ""))
}

/// The fields of `REQUIRED_FOR_MATCHING` that each of `ids` lacks (only those that lack one), in a few
/// queries for any number of candidates.
pub async fn missing_of_many(db: &impl ConnectionTrait, ids: &[Uuid]) -> ApiResult<HashMap<Uuid, Vec<MatchingField>>> {
    let mut missing = HashMap::new();
    for chunk in ids.chunks(500) {
        let models = candidates::Entity::find().filter(candidates::Column::Id.is_in(chunk.to_vec())).all(db).await?;
        for record in load_many(db, models).await? {
            let lacks = matching_facts(&record).missing();
            if !lacks.is_empty() {
                missing.insert(record.model.id, lacks);
            }
        }
    }
    Ok(missing)
}

/// The SQL condition "no field of `REQUIRED_FOR_MATCHING` is missing", on `candidates`: what the matching
/// filter adds, from the same list.
pub fn complete_for_matching() -> Condition {
    REQUIRED_FOR_MATCHING.into_iter().fold(Condition::all(), |condition, field| {
        condition.add(match field {
            MatchingField::AvailableHours => Condition::all().add(candidates::Column::AvailableHours.is_not_null()),
            MatchingField::AvailableDays => Condition::all().add(candidates::Column::AvailableDaysMask.ne(0)),
        })
    })
}

/// Confirms the person's availability (hours and days) as of `now`, by the caller: its own action, audited,
/// with a new version of the record (a save of the form does not confirm it).
pub async fn confirm_availability(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    id: Uuid,
    now: DateTime<Utc>,
) -> ApiResult<Candidate> {
    let record = load(db, caller, id).await?;
    let active = candidates::ActiveModel {
        availability_confirmed_at: Set(Some(now)),
        availability_confirmed_by_id: Set(caller.user_id),
        availability_confirmed_by_name: Set(Some(caller.name.clone())),
        ..Default::default()
    };
    update_versioned(db, id, record.model.version, active, now).await?;
    audit::record(
        db,
        Actor::from(caller),
        Entry::new(AuditAction::Update, "candidate").record(id).details("availability confirmed"),
    )
    .await?;
    view(&load(db, caller, id).await?, caller.role, now.date_naive())
}

/// Moves a candidate to another status on the caller's request (`POST /candidates/{id}/status`).
pub async fn change_status(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    id: Uuid,
    request: ChangeStatus,
    now: DateTime<Utc>,
) -> ApiResult<Candidate> {
    let record = load(db, caller, id).await?;
    let mut errors = Errors::default();
    if request.to.is_none() {
        errors.add("to", "required", "kies de nieuwe status");
    }
    let reason = errors.text("reason", &request.reason, 2000);
    let version = errors.version(request.version);
    errors.finish(()).map_err(ApiError::Validation)?;
    let to = request.to.unwrap_or(CandidateStatus::Registered);
    apply_status(db, caller, &record, version, to, &reason, request.exit_reason, now).await?;
    view(&load(db, caller, id).await?, caller.role, now.date_naive())
}

/// Moves a candidate along the status machine as a step of another capability (a match agreed, a contract
/// activated or ended), in that capability's transaction, against the record as it is stored now.
pub async fn move_status(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    id: Uuid,
    to: CandidateStatus,
    reason: &str,
    exit_reason: Option<ExitReason>,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let record = load(db, caller, id).await?;
    apply_status(db, caller, &record, record.model.version, to, reason, exit_reason, now).await
}

/// One page of a candidate's status history, newest first (audited as a read).
pub async fn status_history(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    id: Uuid,
    paging: PageRequest,
) -> ApiResult<Page<StatusChange>> {
    crate::auth::require(super::visibility::fields(caller.role).shows("statusHistory"))?;
    history_read(db, caller, id, "status history").await?;
    let select = candidate_status_changes::Entity::find().filter(candidate_status_changes::Column::CandidateId.eq(id));
    let (rows, total) = crate::infra::paging::fetch(
        db,
        select,
        |s| {
            s.order_by_desc(candidate_status_changes::Column::ChangedAt)
                .order_by_desc(candidate_status_changes::Column::Id)
        },
        paging,
    )
    .await?;
    let items = rows.into_iter().map(to_status_change).collect::<ApiResult<_>>()?;
    Ok(Page::new(items, paging, total))
}

/// One page of a candidate's intakes, newest first (audited as a read; notes only for roles that may read
/// them).
pub async fn intakes(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    id: Uuid,
    paging: PageRequest,
    today: NaiveDate,
) -> ApiResult<Page<Intake>> {
    let fields = fields_for(db, caller, id, today).await?;
    crate::auth::require(fields.shows("intakes"))?;
    history_read(db, caller, id, "intakes").await?;
    let show_notes = fields.shows("intakeNotes");
    let select = intakes::Entity::find().filter(intakes::Column::CandidateId.eq(id));
    let (rows, total) = crate::infra::paging::fetch(
        db,
        select,
        |s| s.order_by_desc(intakes::Column::HeldOn).order_by_desc(intakes::Column::Id),
        paging,
    )
    .await?;
    let items = rows.into_iter().map(|m| to_intake(m, show_notes)).collect::<ApiResult<_>>()?;
    Ok(Page::new(items, paging, total))
}

/// Records an intake conversation or assessment of a candidate.
pub async fn create_intake(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    id: Uuid,
    request: CreateIntake,
    now: DateTime<Utc>,
) -> ApiResult<Intake> {
    load(db, caller, id).await?;
    let today = now.date_naive();
    request.validate(today).map_err(ApiError::Validation)?;
    let assessor = match request.assessor.trim() {
        "" => caller.name.clone(),
        given => given.to_owned(),
    };
    let row = intakes::Model {
        id: Uuid::now_v7(),
        candidate_id: id,
        kind: request.kind.unwrap_or(IntakeKind::Other).as_str().to_owned(),
        held_on: request.held_on.unwrap_or(today),
        assessor,
        result: request.result.trim().to_owned(),
        notes: request.notes.trim().to_owned(),
        created_by_id: caller.user_id,
        created_at: now,
    };
    intakes::Entity::insert(row.clone().into_active_model()).exec_without_returning(db).await?;
    audit::record(
        db,
        Actor::from(caller),
        Entry::new(AuditAction::Create, "intake").record(row.id).details(format!("candidate {id}")),
    )
    .await?;
    to_intake(row, true)
}

/// Decides on eligibility after intake, with the motivation: `eligible` or a `pre_trajectory` first.
pub async fn decide_eligibility(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    id: Uuid,
    request: EligibilityDecision,
    now: DateTime<Utc>,
) -> ApiResult<Candidate> {
    let record = load(db, caller, id).await?;
    let mut errors = Errors::default();
    if request.outcome.is_none() {
        errors.add("outcome", "required", "kies het besluit");
    }
    let motivation = errors.text("motivation", &request.motivation, 4000);
    let version = errors.version(request.version);
    errors.finish(()).map_err(ApiError::Validation)?;
    let (to, outcome_name) = match request.outcome.unwrap_or(EligibilityOutcome::Eligible) {
        EligibilityOutcome::Eligible => (CandidateStatus::Eligible, "eligible"),
        EligibilityOutcome::PreTrajectory => (CandidateStatus::PreTrajectory, "pre_trajectory"),
    };
    apply_status(db, caller, &record, version, to, &motivation, None, now).await?;
    eligibility_decisions::Entity::insert(eligibility_decisions::ActiveModel {
        id: Set(Uuid::now_v7()),
        candidate_id: Set(id),
        outcome: Set(outcome_name.to_owned()),
        motivation: Set(motivation.clone()),
        decided_by_id: Set(caller.user_id),
        decided_by_name: Set(Some(caller.name.clone())),
        decided_at: Set(now),
    })
    .exec_without_returning(db)
    .await?;
    view(&load(db, caller, id).await?, caller.role, now.date_naive())
}
