use sea_orm::entity::prelude::*;

/// One preference a matching round used: `rank` 1 is the candidate's first choice among the round's
/// packages.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "matching_round_preferences")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub round_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub candidate_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub rank: i32,
    pub package_id: Uuid,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
