use sea_orm::entity::prelude::*;

/// A day of the week on which a candidate can work (`mon` ... `sun`).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "candidate_available_days")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub candidate_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub day: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
