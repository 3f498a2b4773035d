use sea_orm::entity::prelude::*;

/// A saved search: a named set of list filters and a sort, the user's own or shared with the colleagues
/// of its municipality.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "saved_searches")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub owner_id: Uuid,
    pub owner_name: String,
    pub municipality_id: Option<Uuid>,
    pub list: String,
    pub name: String,
    /// A JSON object of texts, by the filters' API names.
    pub filters: String,
    pub sort: Option<String>,
    pub shared: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
