use sea_orm::entity::prelude::*;

/// One changed field of a candidate's record (see `registration::changes`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "record_changes")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub candidate_id: Uuid,
    pub changed_at: DateTimeUtc,
    pub actor_id: Option<Uuid>,
    pub actor_name: Option<String>,
    pub actor_role: Option<String>,
    pub client_id: Option<String>,
    /// `staff`, `partner`, `api_client` or `system`.
    pub actor_kind: String,
    /// `api`, `import` or `system`.
    pub source: String,
    pub field: String,
    /// Never the BSN in clear text: its changes hold a masked value.
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    /// The version the record reached with this change (none for changes recorded before it was kept).
    pub version: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
