//! The budget and job target per municipality and year (reference data that admins and finance keep), and
//! the year's figures against them: the realised and committed cost of the contracts, prorated by calendar
//! days from each contract's own cost (`shared::contracts::estimate` of its hours for a year, `total`), and
//! what each work provider contributes (its agreement per filled position per year, prorated the same
//! way), and the provisions of Guidance, each cost spread over its own period's calendar days
//! (`shared::guidance::provision_share`). Exact decimals, rounded to cents only in the answer.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use shared::audit::AuditAction;
use shared::contracts::budget::{
    BudgetMonth, BudgetOverview, BudgetRecord, DEFAULT_AMOUNT, DEFAULT_JOB_TARGET, OrganisationContribution,
    SaveBudget, split_cost, split_cost_by_month,
};
use shared::contracts::lifecycle::ContractStatus;
use shared::money::euros;
use uuid::Uuid;

use crate::audit::{self, Actor, Entry};
use crate::auth::AuthUser;
use crate::db::{budgets, contracts, municipalities, organisations};
use crate::infra::error::{ApiError, ApiResult};

/// The municipalities in the caller's scope, narrowed to `asked` (none when it is outside the scope).
async fn municipalities_in_scope(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    asked: Option<Uuid>,
) -> ApiResult<Vec<municipalities::Model>> {
    let mut condition = caller.within_region(municipalities::Column::Id);
    if let Some(asked) = asked {
        condition = condition.add(municipalities::Column::Id.eq(asked));
    }
    let found =
        municipalities::Entity::find().filter(condition).order_by_asc(municipalities::Column::Name).all(db).await?;
    Ok(found)
}

/// The records of `year` for these municipalities, the defaults (version 0) where none was recorded.
pub(crate) async fn records(
    db: &impl ConnectionTrait,
    places: &[municipalities::Model],
    year: i32,
) -> ApiResult<Vec<BudgetRecord>> {
    let stored: HashMap<Uuid, budgets::Model> = budgets::Entity::find()
        .filter(budgets::Column::Year.eq(year))
        .filter(budgets::Column::MunicipalityId.is_in(places.iter().map(|m| m.id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|b| (b.municipality_id, b))
        .collect();
    Ok(places
        .iter()
        .map(|m| match stored.get(&m.id) {
            Some(b) => BudgetRecord {
                municipality_id: m.id,
                municipality_name: m.name.clone(),
                year,
                amount: euros(b.amount),
                job_target: u32::try_from(b.job_target).unwrap_or(0),
                version: b.version,
            },
            None => BudgetRecord {
                municipality_id: m.id,
                municipality_name: m.name.clone(),
                year,
                amount: DEFAULT_AMOUNT,
                job_target: DEFAULT_JOB_TARGET,
                version: 0,
            },
        })
        .collect())
}

/// What the cost of a contract is computed from.
#[derive(Debug, sea_orm::FromQueryResult)]
struct Costed {
    organisation_id: Uuid,
    status: String,
    start_date: NaiveDate,
    end_date: Option<NaiveDate>,
    ended_on: Option<NaiveDate>,
    hours_per_week: i16,
}

/// The yearly cost of a job of each number of weekly hours under the norms, computed once per number.
struct Annual<'a> {
    norms: &'a shared::contracts::CostNorms,
    by_hours: std::cell::RefCell<HashMap<i16, Decimal>>,
}

impl<'a> Annual<'a> {
    fn new(norms: &'a shared::contracts::CostNorms) -> Annual<'a> {
        Annual { norms, by_hours: Default::default() }
    }

    fn of(&self, hours: i16) -> Decimal {
        *self
            .by_hours
            .borrow_mut()
            .entry(hours)
            .or_insert_with(|| shared::contracts::estimate(self.norms, Decimal::from(hours), 12).total)
    }
}

/// The budget of `year` against the contracts' cost, for the caller's municipalities (or the one asked).
pub async fn overview(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    year: i32,
    municipality: Option<Uuid>,
    today: NaiveDate,
) -> ApiResult<BudgetOverview> {
    let out_of_range = || ApiError::validation("year", "out_of_range", "een jaar van 2000 tot en met 2100");
    if !(shared::contracts::budget::MIN_YEAR..=shared::contracts::budget::MAX_YEAR).contains(&year) {
        return Err(out_of_range());
    }
    let (Some(first), Some(last)) = (NaiveDate::from_ymd_opt(year, 1, 1), NaiveDate::from_ymd_opt(year, 12, 31)) else {
        return Err(out_of_range());
    };
    let places = municipalities_in_scope(db, caller, municipality).await?;
    let records = records(db, &places, year).await?;
    let counted = [ContractStatus::Signed, ContractStatus::Active, ContractStatus::Ended].map(|s| s.as_str());
    // The columns the cost needs only: a region has a hundred thousand contracts in a year.
    let rows = contracts::Entity::find()
        .select_only()
        .columns([
            contracts::Column::OrganisationId,
            contracts::Column::Status,
            contracts::Column::StartDate,
            contracts::Column::EndDate,
            contracts::Column::EndedOn,
            contracts::Column::HoursPerWeek,
        ])
        .filter(contracts::Column::MunicipalityId.is_in(places.iter().map(|m| m.id).collect::<Vec<_>>()))
        .filter(contracts::Column::Status.is_in(counted))
        .filter(contracts::Column::StartDate.lte(last))
        .filter(Condition::any().add(contracts::Column::EndDate.is_null()).add(contracts::Column::EndDate.gte(first)))
        .into_model::<Costed>()
        .all(db)
        .await?;
    let norms = super::service::norms(db).await?.norms;
    let annual = Annual::new(&norms);
    // The employers that agreed to contribute, in one statement (the contributions name them; the others
    // count in no contribution): far fewer than the contracts, or the employers of a region.
    let employers: BTreeSet<Uuid> = rows.iter().map(|c| c.organisation_id).collect();
    let agreements: HashMap<Uuid, (String, Option<Decimal>)> = organisations::Entity::find()
        .select_only()
        .columns([
            organisations::Column::Id,
            organisations::Column::Name,
            organisations::Column::ContributionPerPosition,
        ])
        .filter(organisations::Column::ContributionPerPosition.is_not_null())
        .into_tuple::<(Uuid, String, Option<Decimal>)>()
        .all(db)
        .await?
        .into_iter()
        .filter(|(id, _, _)| employers.contains(id))
        .map(|(id, name, amount)| (id, (name, amount)))
        .collect();
    let (mut realised, mut committed) = (Decimal::ZERO, Decimal::ZERO);
    let mut contributions: BTreeMap<Uuid, Decimal> = BTreeMap::new();
    let mut jobs = 0u32;
    for c in &rows {
        let status: ContractStatus = crate::db::stored(&c.status, "contract status")?;
        let live = status != ContractStatus::Ended;
        jobs += u32::from(live);
        let started = status != ContractStatus::Signed;
        let end = c.ended_on.or(c.end_date);
        let (r, k) = split_cost(annual.of(c.hours_per_week), year, c.start_date, end, today, started, live);
        realised += r;
        committed += k;
        if let Some((_, Some(agreement))) = agreements.get(&c.organisation_id) {
            let (r, k) = split_cost(*agreement, year, c.start_date, end, today, started, live);
            *contributions.entry(c.organisation_id).or_default() += r + k;
        }
    }
    // Provisions: their cost spread evenly over their own period's days; realised up to today, committed after.
    let mut provision_costs = Decimal::ZERO;
    let place_ids: Vec<Uuid> = places.iter().map(|m| m.id).collect();
    let tomorrow = today.succ_opt().unwrap_or(today);
    for p in crate::guidance::service::provisions_in(db, place_ids, first, last).await? {
        let share = |from: NaiveDate, to: NaiveDate| {
            shared::guidance::provision_share(p.cost, p.from_date, p.until_date, from, to)
        };
        let (r, k) = (share(first, today.min(last)), share(tomorrow.max(first), last));
        realised += r;
        committed += k;
        provision_costs += r + k;
    }
    let budget: Decimal = records.iter().map(|r| r.amount).sum();
    let months = monthly(&rows, &annual, year, today)?;
    let (realised, committed) = (euros(realised), euros(committed));
    Ok(BudgetOverview {
        year,
        municipality_id: municipality,
        budget,
        job_target: records.iter().map(|r| r.job_target).sum(),
        jobs,
        realised,
        committed,
        remaining: budget - realised - committed,
        provision_costs: euros(provision_costs),
        contributions: contributions
            .into_iter()
            .map(|(id, amount)| OrganisationContribution {
                organisation_id: id,
                organisation_name: agreements.get(&id).map(|a| a.0.clone()).unwrap_or_default(),
                amount: euros(amount),
            })
            .collect(),
        records,
        months,
    })
}

/// The contracts' realised and committed cost of `year` month by month (the chart of the budget page):
/// each contract's cost for a year split by calendar days as in [`overview`], summed exactly per month and
/// rounded to cents only then.
fn monthly(rows: &[Costed], annual: &Annual, year: i32, today: NaiveDate) -> ApiResult<Vec<BudgetMonth>> {
    let mut sums = [(Decimal::ZERO, Decimal::ZERO); 12];
    for c in rows {
        let status: ContractStatus = crate::db::stored(&c.status, "contract status")?;
        let live = status != ContractStatus::Ended;
        let started = status != ContractStatus::Signed;
        let end = c.ended_on.or(c.end_date);
        let months = split_cost_by_month(annual.of(c.hours_per_week), year, c.start_date, end, today, started, live);
        for (sum, (r, k)) in sums.iter_mut().zip(months) {
            sum.0 += r;
            sum.1 += k;
        }
    }
    Ok((1u32..)
        .zip(sums)
        .map(|(month, (realised, committed))| BudgetMonth {
            month,
            realised: euros(realised),
            committed: euros(committed),
        })
        .collect())
}

/// Records a municipality's budget and job target of a year, if `version` is still the stored one (0: none
/// recorded yet); audited.
pub async fn save(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    request: SaveBudget,
    now: DateTime<Utc>,
) -> ApiResult<BudgetRecord> {
    let (municipality, year, amount, job_target, version) = request.check().map_err(ApiError::Validation)?;
    let place = municipalities_in_scope(db, caller, Some(municipality)).await?;
    if place.is_empty() {
        return Err(ApiError::validation("municipalityId", "unknown", "een gemeente binnen uw regio"));
    }
    let existing = budgets::Entity::find()
        .filter(budgets::Column::MunicipalityId.eq(municipality))
        .filter(budgets::Column::Year.eq(year))
        .one(db)
        .await?;
    let target = i32::try_from(job_target).unwrap_or(i32::MAX);
    match existing {
        None if version == 0 => {
            budgets::Entity::insert(budgets::ActiveModel {
                id: Set(Uuid::now_v7()),
                municipality_id: Set(municipality),
                year: Set(year),
                amount: Set(amount),
                job_target: Set(target),
                updated_at: Set(now),
                version: Set(1),
            })
            .exec_without_returning(db)
            .await?;
        }
        Some(row) if row.version == version => {
            let result = budgets::Entity::update_many()
                .set(budgets::ActiveModel {
                    amount: Set(amount),
                    job_target: Set(target),
                    updated_at: Set(now),
                    version: Set(version + 1),
                    ..Default::default()
                })
                .filter(budgets::Column::Id.eq(row.id))
                .filter(budgets::Column::Version.eq(version))
                .exec(db)
                .await?;
            if result.rows_affected != 1 {
                return Err(ApiError::stale_version());
            }
        }
        _ => return Err(ApiError::stale_version()),
    }
    // The Werkkamer feed publishes the budget and the job target.
    crate::monitoring::aggregates::touch(db).await?;
    audit::record(
        db,
        Actor::from(caller),
        Entry::new(AuditAction::Update, "budget").record(municipality).details(format!("{year}")),
    )
    .await?;
    Ok(BudgetRecord {
        municipality_id: municipality,
        municipality_name: place.first().map(|m| m.name.clone()).unwrap_or_default(),
        year,
        amount,
        job_target,
        version: version + 1,
    })
}
