use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "tasks")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub municipality_id: Uuid,
    pub organisation_id: Uuid,
    pub neighbourhood_id: Uuid,
    pub session_id: Option<Uuid>,
    pub category_id: Uuid,
    pub title: String,
    pub description: String,
    pub location: String,
    pub hours_per_week: i32,
    pub supervision: String,
    pub social_value: String,
    pub active: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
