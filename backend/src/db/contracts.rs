use sea_orm::entity::prelude::*;

/// An employment contract made from a match, at a status of `shared::contracts::lifecycle`. Its terms as
/// they were at each version are in `contract_versions`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "contracts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub candidate_id: Uuid,
    /// The work provider of the package (the employer side of the placement).
    pub organisation_id: Uuid,
    pub package_id: Uuid,
    pub match_id: Uuid,
    pub municipality_id: Uuid,
    pub status: String,
    pub kind: String,
    pub start_date: Date,
    pub end_date: Option<Date>,
    pub hours_per_week: i16,
    pub hours_reason: Option<String>,
    pub collective_agreement: String,
    pub pay_scale: String,
    pub hourly_wage: Decimal,
    pub trial_period_months: i16,
    pub end_reason: Option<String>,
    pub ended_on: Option<Date>,
    /// Who made the last change: staff, partner, API client or system.
    pub actor_kind: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
