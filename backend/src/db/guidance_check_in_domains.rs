use sea_orm::entity::prelude::*;

/// One domain of a check-in.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "guidance_check_in_domains")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub check_in_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub domain: String,
    pub candidate_id: Uuid,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
