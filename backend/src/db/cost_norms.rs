use sea_orm::entity::prelude::*;

/// The cost norms of a full 32-hour job for a year: one row (`id` 1).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "cost_norms")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i32,
    pub wage: Decimal,
    pub employer_costs: Decimal,
    pub contribution: Decimal,
    pub benefit_saved: Decimal,
    pub updated_at: Option<DateTimeUtc>,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
