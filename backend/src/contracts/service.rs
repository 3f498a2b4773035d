//! The rules and writes of contracts and costs.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use shared::audit::AuditAction;
use shared::contracts::{CostEstimate, CostEstimateRequest, CostNorms, CostNormsRecord, SaveCostNorms};

use crate::audit::{self, Actor, Entry};
use crate::auth::AuthUser;
use crate::db::cost_norms;
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
    audit::record(db, Actor::from(caller), Entry::new(AuditAction::Update, "cost_norms")).await?;
    Ok(CostNormsRecord { norms: norms.in_cents(), version: version + 1 })
}

/// The cost of a job of some hours a week for some months, prorated from the stored norms.
pub async fn estimate(db: &impl ConnectionTrait, request: CostEstimateRequest) -> ApiResult<CostEstimate> {
    request.validate().map_err(ApiError::Validation)?;
    let stored = norms(db).await?;
    Ok(shared::contracts::estimate(&stored.norms, request.hours(), request.months))
}
