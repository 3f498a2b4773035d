use sea_orm::entity::prelude::*;

/// A matching round: which algorithm ran, for whom, and what it came to (its inputs are in the
/// `matching_round_*` tables, its proposals are the matches with its `round_id`).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "matching_rounds")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub algorithm: String,
    /// The municipality of every candidate and package of the round, when they share one.
    pub municipality_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub created_by_id: Option<Uuid>,
    pub created_by_name: String,
    pub candidate_count: i32,
    pub package_count: i32,
    pub position_count: i32,
    pub pair_count: i32,
    pub proposal_count: i32,
    pub total_score: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
