use sea_orm::entity::prelude::*;

/// A candidate matched to a task package, at a stage of `shared::matching::lifecycle`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "matches")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub candidate_id: Uuid,
    pub package_id: Uuid,
    /// The position it holds from `trial_placement` on.
    pub position_id: Option<Uuid>,
    pub round_id: Option<Uuid>,
    pub stage: String,
    /// The fit score when the match was proposed.
    pub score: Option<i16>,
    pub declined_by: Option<String>,
    pub decline_reason: String,
    pub trial_start_date: Option<Date>,
    pub trial_end_date: Option<Date>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
    /// Set when the contract made from it ended: the match no longer holds its position.
    pub released_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
