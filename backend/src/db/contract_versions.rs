use sea_orm::entity::prelude::*;

/// One version of a contract: the whole terms and status after a change, with who, when and why.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "contract_versions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub contract_id: Uuid,
    pub candidate_id: Uuid,
    pub version: i32,
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
    pub reason: String,
    pub changed_by_id: Option<Uuid>,
    pub changed_by_name: Option<String>,
    pub actor_kind: String,
    pub changed_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
