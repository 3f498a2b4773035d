use sea_orm::entity::prelude::*;

/// The change, on `day` (days from the common era), of the number of contracts of `hours` a week of a
/// municipality that cost (kind 0: realised, started contracts; kind 1: committed, live contracts).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "monitoring_cost_days")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub day: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub municipality_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub hours: i16,
    #[sea_orm(primary_key, auto_increment = false)]
    pub kind: i16,
    pub count: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
