use sea_orm::entity::prelude::*;

/// An acceptable pair of a matching round with the exact fit score the algorithm used.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "matching_round_pairs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub round_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub candidate_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub package_id: Uuid,
    pub score: i16,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
