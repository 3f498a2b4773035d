use sea_orm::entity::prelude::*;

/// A pair of candidates that staff judged not to be the same person: never proposed as duplicates again.
/// The smaller id is `first_candidate_id`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "duplicate_dismissals")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub municipality_id: Uuid,
    pub first_candidate_id: Uuid,
    pub second_candidate_id: Uuid,
    pub dismissed_by_id: Option<Uuid>,
    pub dismissed_by_name: Option<String>,
    pub dismissed_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
