use sea_orm::entity::prelude::*;

/// `monitoring_cost_days` folded per month: the sum of the changes (`count`) and of each change times its
/// day (`day_sum`), which is all a sum over whole months needs.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "monitoring_cost_months")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub month: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub municipality_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub hours: i16,
    #[sea_orm(primary_key, auto_increment = false)]
    pub kind: i16,
    pub count: i64,
    pub day_sum: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
