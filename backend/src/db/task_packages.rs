use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "task_packages")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub municipality_id: Uuid,
    pub organisation_id: Uuid,
    pub title: String,
    pub description: String,
    pub positions: i32,
    pub start_date: Option<Date>,
    pub hours_per_week: i32,
    pub mentor_name: String,
    pub mentor_email: String,
    pub mentor_phone: String,
    pub status: String,
    pub rejection_reason: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
