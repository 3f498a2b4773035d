//! The rules of registration that handlers call: loading within the caller's scope, the role's view of a
//! record, checking references, and writing a candidate with its abilities and wishes.

use chrono::{NaiveDate, Utc};
use sea_orm::sea_query::{Expr, Func};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, FromQueryResult, JoinType, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, QueryTrait, RelationDef,
};
use shared::auth::Role;
use shared::candidates::{
    Benefit, BenefitKind, Candidate, CandidateAbility, CandidateInput, CandidateSummary, ExitReason, Source, Weekday,
    age, mask_bsn, normalise_postcode, wage_earning_criteria,
};
use shared::paging::PageRequest;
use shared::problem::ProblemCode;
use shared::reference::{PhysicalDemand, resolve_neighbourhood};
use shared::validation::Errors;
use uuid::Uuid;

use crate::auth::AuthUser;
use crate::db::{
    abilities, candidate_abilities, candidate_wish_categories, candidates, neighbourhoods, task_categories,
};
use crate::infra::error::{ApiError, ApiResult};

/// A candidate row with what belongs to it.
#[derive(Debug, Clone)]
pub struct CandidateRecord {
    pub model: candidates::Model,
    pub abilities: Vec<CandidateAbility>,
    pub wish_category_ids: Vec<Uuid>,
    pub neighbourhood_name: Option<String>,
}

/// Loads a candidate the caller may see, or 404.
pub async fn load(db: &impl ConnectionTrait, caller: &AuthUser, id: Uuid) -> ApiResult<CandidateRecord> {
    let model = candidates::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|c| c.erased_at.is_none())
        .filter(|c| caller.covers(c.municipality_id))
        .ok_or(ApiError::NotFound)?;
    let abilities = candidate_abilities::Entity::find()
        .filter(candidate_abilities::Column::CandidateId.eq(id))
        .all(db)
        .await?
        .into_iter()
        .map(|a| CandidateAbility { ability_id: a.ability_id, level: a.level.clamp(1, 4) as u8 })
        .collect();
    let wish_category_ids = candidate_wish_categories::Entity::find()
        .filter(candidate_wish_categories::Column::CandidateId.eq(id))
        .all(db)
        .await?
        .into_iter()
        .map(|w| w.task_category_id)
        .collect();
    let neighbourhood_name = match model.neighbourhood_id {
        Some(n) => neighbourhoods::Entity::find_by_id(n).one(db).await?.map(|n| n.name),
        None => None,
    };
    Ok(CandidateRecord { model, abilities, wish_category_ids, neighbourhood_name })
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

fn join<T>(items: &[T], name: impl Fn(&T) -> &'static str) -> String {
    items.iter().map(name).collect::<Vec<_>>().join(",")
}

/// The fields hidden from a role: health data, benefit and intake notes are not for finance.
pub fn hidden_fields(role: Role) -> &'static [&'static str] {
    match role {
        Role::Admin | Role::Consultant | Role::JobCoach => &[],
        _ => &["benefit", "regularWorkEvidence", "physicalLimitations", "limitationNotes", "intakeNotes"],
    }
}

/// The candidate as `role` may see it. The BSN is always masked here (see `reveal-bsn`).
pub fn view(record: &CandidateRecord, role: Role, today: NaiveDate) -> ApiResult<Candidate> {
    let m = &record.model;
    let hidden = hidden_fields(role);
    let shows = |field: &str| !hidden.contains(&field);
    let wage_value = m.wage_value_pct.map(|v| v.clamp(0, 100) as u8);
    let expected = m.expected_wage_value_pct.map(|v| v.clamp(0, 100) as u8);
    let hours = m.available_hours.map(|h| h.clamp(0, 40) as u8);
    let benefit_kind = crate::db::stored_opt::<BenefitKind>(m.benefit_kind.as_deref(), "benefit kind")?;
    let limitations = crate::db::stored_list::<PhysicalDemand>(&m.physical_limitations, "physical limitation")?;
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
        available_days: crate::db::stored_list::<Weekday>(&m.available_days, "weekday")?,
        availability_confirmed_at: m.availability_confirmed_at,
        abilities: record.abilities.clone(),
        physical_limitations: shows("physicalLimitations").then_some(limitations),
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
/// A page past the end has no row to carry the total, so it is then counted apart.
pub async fn summary_page(
    db: &impl ConnectionTrait,
    condition: Condition,
    order: (candidates::Column, bool),
    paging: PageRequest,
    matches: Matches,
) -> ApiResult<(Vec<CandidateSummary>, u64)> {
    use candidates::Column as C;
    let total = candidates::Entity::find().select_only().expr(Expr::cust("COUNT(*)")).filter(condition.clone());
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
                    .expr_as(Expr::SubQuery(None, Box::new(total.clone().into_query().into())), "total_items")
                    .filter(C::Id.in_subquery(page_ids)),
                order,
            )
        }
        Matches::Few => {
            // The same order, spelled so that no index serves it: else a planner that cannot know how few
            // rows match (PostgreSQL's generic plan for `LIKE $1`) walks a name index through every row.
            let (column, descending) = order;
            let key = Expr::col(if matches!(column, C::LastName) { C::SortName } else { column });
            let direction = if descending { sea_orm::Order::Desc } else { sea_orm::Order::Asc };
            let name = Expr::col(C::SortName);
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
        None => total.into_tuple::<i64>().one(db).await?.map_or(0, |n| u64::try_from(n).unwrap_or_default()),
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

/// The row's columns from validated input (everything but id, municipality, status and timestamps).
pub fn apply_input(active: &mut candidates::ActiveModel, input: &CandidateInput, neighbourhood_id: Option<Uuid>) {
    let first = input.first_name.trim().to_owned();
    let last = input.last_name.trim().to_owned();
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
    let mut days = input.available_days.clone();
    days.sort();
    days.dedup();
    active.available_days = Set(join(&days, |d| d.as_str()));
    active.availability_confirmed_at = Set(Some(Utc::now()));
    let mut limits = input.physical_limitations.clone();
    limits.sort();
    limits.dedup();
    active.physical_limitations = Set(join(&limits, |d| d.as_str()));
    active.limitation_notes = Set(input.limitation_notes.trim().to_owned());
    active.wish_neighbourhood_id = Set(input.wish_neighbourhood_id);
    active.dream_job = Set(input.dream_job.trim().to_owned());
    active.wage_value_pct = Set(input.wage_value_pct.map(i32::from));
    active.expected_wage_value_pct = Set(input.expected_wage_value_pct.map(i32::from));
}

/// Replaces a candidate's abilities and wished categories.
pub async fn replace_children(db: &impl ConnectionTrait, candidate_id: Uuid, input: &CandidateInput) -> ApiResult<()> {
    candidate_abilities::Entity::delete_many()
        .filter(candidate_abilities::Column::CandidateId.eq(candidate_id))
        .exec(db)
        .await?;
    candidate_wish_categories::Entity::delete_many()
        .filter(candidate_wish_categories::Column::CandidateId.eq(candidate_id))
        .exec(db)
        .await?;
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

/// Sort key of the candidate lists.
pub fn sort_column(sort: Option<&str>, errors: &mut Errors) -> (candidates::Column, bool) {
    let sort = sort.unwrap_or("lastName");
    let descending = sort.starts_with('-');
    let column = match sort.trim_start_matches('-') {
        "lastName" => candidates::Column::LastName,
        "status" => candidates::Column::Status,
        "updatedAt" => candidates::Column::UpdatedAt,
        "createdAt" => candidates::Column::CreatedAt,
        _ => {
            errors.add("sort", "unknown", "sorteer op lastName, status, updatedAt of createdAt");
            candidates::Column::LastName
        }
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
pub fn to_status_change(
    row: crate::db::candidate_status_changes::Model,
) -> ApiResult<shared::candidates::StatusChange> {
    Ok(shared::candidates::StatusChange {
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
pub fn to_intake(model: crate::db::intakes::Model, show_notes: bool) -> ApiResult<shared::candidates::Intake> {
    Ok(shared::candidates::Intake {
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

/// The start of every read of a candidate's history (status changes, intakes, field changes): the page
/// asked for, the candidate within the caller's scope (404 otherwise), and the read in the audit log with
/// what was read.
pub async fn history_read(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    id: Uuid,
    (page, page_size): (Option<u64>, Option<u64>),
    what: &'static str,
) -> ApiResult<PageRequest> {
    let mut errors = Errors::default();
    let paging = PageRequest::parse(page, page_size, &mut errors);
    errors.finish(()).map_err(ApiError::Validation)?;
    load(db, caller, id).await?;
    crate::audit::record(
        db,
        crate::audit::Actor::from(caller),
        crate::audit::Entry::new(shared::audit::AuditAction::Read, "candidate").record(id).details(what),
    )
    .await?;
    Ok(paging)
}
