use sea_orm::entity::prelude::*;

/// A reminder marked done, or snoozed until a date, with the reason: keyed by the reminder's stable key,
/// so that a derived reminder (computed at read time) keeps its state.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "reminder_states")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: String,
    pub candidate_id: Option<Uuid>,
    /// `done` or `snoozed`.
    pub state: String,
    pub snoozed_until: Option<Date>,
    pub reason: String,
    pub by_id: Option<Uuid>,
    pub by_name: String,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
