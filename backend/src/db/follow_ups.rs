use sea_orm::entity::prelude::*;

/// A follow-up that a staff member set on a person or an organisation: a title, a due date and a note.
/// Its done or snoozed state lives in `reminder_states` under the key `follow_up:<id>`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "follow_ups")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub municipality_id: Uuid,
    pub candidate_id: Option<Uuid>,
    pub organisation_id: Option<Uuid>,
    pub title: String,
    pub note: String,
    pub due_on: Date,
    pub owner_id: Uuid,
    pub owner_name: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
