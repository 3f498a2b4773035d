use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_events")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub occurred_at: DateTimeUtc,
    pub actor_id: Option<Uuid>,
    pub actor_name: Option<String>,
    pub actor_role: Option<String>,
    pub client_id: Option<String>,
    pub action: String,
    pub record_type: String,
    pub record_id: Option<Uuid>,
    pub result: String,
    pub request_id: Option<String>,
    pub details: Option<String>,
    /// The client's IP address as the server saw it.
    pub client_address: Option<String>,
    /// `staff`, `partner`, `api_client`, `system` or `anonymous`.
    pub actor_kind: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
