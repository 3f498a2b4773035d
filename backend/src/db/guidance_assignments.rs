use sea_orm::entity::prelude::*;

/// One assignment of a job coach or workplace mentor to a person, with its period.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "guidance_assignments")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub candidate_id: Uuid,
    pub kind: String,
    pub from_date: Date,
    pub until_date: Option<Date>,
    pub coach_user_id: Option<Uuid>,
    pub guidance_organisation_id: Option<Uuid>,
    pub organisation_id: Option<Uuid>,
    pub mentor_name: String,
    pub mentor_contact: String,
    pub assigned_by_id: Option<Uuid>,
    pub assigned_by_name: Option<String>,
    pub created_at: DateTimeUtc,
    pub end_reason: String,
    pub ended_by_id: Option<Uuid>,
    pub ended_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
