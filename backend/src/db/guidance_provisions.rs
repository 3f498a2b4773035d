use sea_orm::entity::prelude::*;

/// A provision (job coaching, workplace adaptation, transport, aids) with its cost over its period.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "guidance_provisions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub candidate_id: Uuid,
    pub municipality_id: Uuid,
    pub kind: String,
    pub description: String,
    pub cost: Decimal,
    pub from_date: Date,
    pub until_date: Date,
    pub created_by_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
    /// 1 when recorded, one more on every change.
    pub version: i32,
    pub updated_at: Option<DateTimeUtc>,
    pub updated_by_id: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
