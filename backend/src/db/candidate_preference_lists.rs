use sea_orm::entity::prelude::*;

/// Who recorded a candidate's preferences, and when; its `version` guards concurrent edits.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "candidate_preference_lists")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub candidate_id: Uuid,
    pub recorded_by_id: Option<Uuid>,
    pub recorded_by_name: Option<String>,
    pub recorded_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
