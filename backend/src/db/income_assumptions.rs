use sea_orm::entity::prelude::*;

/// The assumptions of the income indication: one row (`id` 1). `brackets` is the net bracket table as
/// JSON text (`shared::contracts::NetBracket`s).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "income_assumptions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i32,
    pub brackets: String,
    pub holiday_allowance_rate: Decimal,
    pub small_gain_threshold: Decimal,
    pub updated_at: Option<DateTimeUtc>,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
