use sea_orm::entity::prelude::*;

/// An organisation's experience survey: satisfaction and effect on the neighbourhood (1-10), a comment.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "organisation_surveys")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub organisation_id: Uuid,
    pub surveyed_on: Date,
    pub satisfaction: i16,
    pub neighbourhood_effect: i16,
    pub comment: String,
    pub entered_by_id: Option<Uuid>,
    pub entered_by_name: Option<String>,
    pub actor_kind: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
