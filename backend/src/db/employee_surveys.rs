use sea_orm::entity::prelude::*;

/// An employee's experience survey of a contract: scores 1-10 and a free comment.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "employee_surveys")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub contract_id: Uuid,
    pub candidate_id: Uuid,
    pub organisation_id: Uuid,
    pub surveyed_on: Date,
    pub wellbeing: i16,
    pub income: i16,
    pub work: i16,
    pub social_contacts: i16,
    pub comment: String,
    pub entered_by_id: Option<Uuid>,
    pub entered_by_name: Option<String>,
    pub actor_kind: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
