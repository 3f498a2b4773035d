use sea_orm::entity::prelude::*;

/// The weights of the fit's soft factors and the allowed deviation of hours: one row (`id` 1).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "fit_weights")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i32,
    pub abilities: i16,
    pub categories: i16,
    pub dream_job: i16,
    pub neighbourhood: i16,
    pub hours: i16,
    pub schedule: i16,
    pub allowed_hours_deviation: i16,
    pub updated_at: Option<DateTimeUtc>,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
