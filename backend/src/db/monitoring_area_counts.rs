use sea_orm::entity::prelude::*;

/// `monitoring_counts` per neighbourhood (the person's) instead of municipality: the dashboard's
/// neighbourhood filter (`monitoring::aggregates`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "monitoring_area_counts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub neighbourhood_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub month: i32,
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
