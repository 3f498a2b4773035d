use sea_orm::entity::prelude::*;

/// A physical demand that a candidate cannot meet (`heavy_lifting`, ...).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "candidate_physical_limitations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub candidate_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub limitation: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
