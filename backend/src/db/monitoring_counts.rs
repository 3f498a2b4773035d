use sea_orm::entity::prelude::*;

/// Per municipality and month (`year * 12 + month - 1`): the change of a stock or the size of a flow
/// (`backend/src/monitoring/aggregates.rs` names the families and categories).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "monitoring_counts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub month: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub municipality_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub family: i16,
    #[sea_orm(primary_key, auto_increment = false)]
    pub category: i16,
    pub count: i64,
    pub hours: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
