//! The rules and writes of contracts and costs.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use shared::audit::AuditAction;
use shared::contracts::{
    CostEstimate, CostEstimateRequest, CostNorms, CostNormsRecord, IncomeAssumptions, IncomeAssumptionsRecord,
    NetBracket, SaveCostNorms, SaveIncomeAssumptions,
};

use crate::audit::{self, Actor, Entry};
use crate::auth::AuthUser;
use crate::db::{cost_norms, income_assumptions};
use crate::infra::error::{ApiError, ApiResult};

/// The cost norms with their version (the documented defaults, version 0, if the row is missing).
pub async fn norms(db: &impl ConnectionTrait) -> ApiResult<CostNormsRecord> {
    let Some(row) = cost_norms::Entity::find_by_id(1).one(db).await? else {
        return Ok(CostNormsRecord { norms: CostNorms::default(), version: 0 });
    };
    Ok(CostNormsRecord {
        norms: CostNorms {
            wage: row.wage,
            employer_costs: row.employer_costs,
            contribution: row.contribution,
            benefit_saved: row.benefit_saved,
        }
        .in_cents(),
        version: row.version,
    })
}

/// Replaces the cost norms, if `version` is still the stored one; audited.
pub async fn save_norms(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    change: SaveCostNorms,
    now: DateTime<Utc>,
) -> ApiResult<CostNormsRecord> {
    let mut errors = shared::validation::Errors::default();
    let version = errors.version(change.version);
    let norms = change.norms();
    if let Err(params) = norms.validate() {
        params.into_iter().for_each(|p| errors.add(p.name, p.code, p.reason));
    }
    errors.finish(()).map_err(ApiError::Validation)?;
    let row = cost_norms::ActiveModel {
        id: Set(1),
        wage: Set(norms.wage),
        employer_costs: Set(norms.employer_costs),
        contribution: Set(norms.contribution),
        benefit_saved: Set(norms.benefit_saved),
        updated_at: Set(Some(now)),
        version: Set(version + 1),
    };
    let result = cost_norms::Entity::update_many()
        .set(row)
        .filter(cost_norms::Column::Id.eq(1))
        .filter(cost_norms::Column::Version.eq(version))
        .exec(db)
        .await?;
    if result.rows_affected != 1 {
        return Err(ApiError::stale_version());
    }
    // The Werkkamer feed's cost follows the norms.
    crate::monitoring::aggregates::touch(db).await?;
    audit::record(db, Actor::from(caller), Entry::new(AuditAction::Update, "cost_norms")).await?;
    Ok(CostNormsRecord { norms: norms.in_cents(), version: version + 1 })
}

/// The cost of a job of some hours a week for some months, prorated from the stored norms.
pub async fn estimate(db: &impl ConnectionTrait, request: CostEstimateRequest) -> ApiResult<CostEstimate> {
    request.validate().map_err(ApiError::Validation)?;
    let stored = norms(db).await?;
    Ok(shared::contracts::estimate(&stored.norms, request.hours(), request.months))
}

/// The stored income assumptions with their version (the documented defaults, version 0, if the row is
/// missing). Every income indication (contracts, the evaluation export, the SPA's contract form) uses these.
pub async fn income_assumptions(db: &impl ConnectionTrait) -> ApiResult<IncomeAssumptionsRecord> {
    let Some(row) = income_assumptions::Entity::find_by_id(1).one(db).await? else {
        return Ok(IncomeAssumptionsRecord { assumptions: IncomeAssumptions::default(), version: 0 });
    };
    let brackets: Vec<NetBracket> = serde_json::from_str(&row.brackets)
        .map_err(|e| ApiError::Internal(anyhow::Error::new(e).context("stored income brackets")))?;
    let assumptions = IncomeAssumptions {
        brackets,
        holiday_allowance_rate: row.holiday_allowance_rate,
        small_gain_threshold: row.small_gain_threshold,
    };
    Ok(IncomeAssumptionsRecord { assumptions: assumptions.normalized(), version: row.version })
}

/// Replaces the income assumptions, if `version` is still the stored one; audited. Every field error in one
/// answer.
pub async fn save_income_assumptions(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    change: SaveIncomeAssumptions,
    now: DateTime<Utc>,
) -> ApiResult<IncomeAssumptionsRecord> {
    let mut errors = shared::validation::Errors::default();
    let version = errors.version(change.version);
    let assumptions = change.assumptions();
    if let Err(params) = assumptions.validate() {
        params.into_iter().for_each(|p| errors.add(p.name, p.code, p.reason));
    }
    errors.finish(()).map_err(ApiError::Validation)?;
    let assumptions = assumptions.normalized();
    let brackets = serde_json::to_string(&assumptions.brackets)
        .map_err(|e| ApiError::Internal(anyhow::Error::new(e).context("income brackets")))?;
    let row = income_assumptions::ActiveModel {
        id: Set(1),
        brackets: Set(brackets),
        holiday_allowance_rate: Set(assumptions.holiday_allowance_rate),
        small_gain_threshold: Set(assumptions.small_gain_threshold),
        updated_at: Set(Some(now)),
        version: Set(version + 1),
    };
    let result = income_assumptions::Entity::update_many()
        .set(row)
        .filter(income_assumptions::Column::Id.eq(1))
        .filter(income_assumptions::Column::Version.eq(version))
        .exec(db)
        .await?;
    if result.rows_affected != 1 {
        return Err(ApiError::stale_version());
    }
    audit::record(db, Actor::from(caller), Entry::new(AuditAction::Update, "income_assumptions")).await?;
    Ok(IncomeAssumptionsRecord { assumptions, version: version + 1 })
}
