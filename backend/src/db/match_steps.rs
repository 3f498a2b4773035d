use sea_orm::entity::prelude::*;

/// One step of a match: from, to, why, who and when.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "match_steps")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub match_id: Uuid,
    pub from_stage: Option<String>,
    pub to_stage: String,
    pub reason: String,
    pub declined_by: Option<String>,
    pub actor_id: Option<Uuid>,
    pub actor_name: Option<String>,
    /// `staff`, `partner`, `api_client` or `system`, as in the audit log.
    pub actor_kind: String,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
