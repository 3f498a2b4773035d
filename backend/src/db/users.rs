use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: String,
    pub organisation_id: Option<Uuid>,
    pub disabled: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub last_login_at: Option<DateTimeUtc>,
    pub version: i32,
    /// The municipality of a staff member; `None` for regional staff.
    pub municipality_id: Option<Uuid>,
    /// Every access token carries the generation it was issued in; logout, a password change and a reset
    /// raise it, which ends every earlier access token at once.
    pub session_generation: i32,
    /// Set by an admin's reset (and for a generated first admin password): until the user picks their own
    /// password, only `/auth/me`, `/auth/password` and `/auth/logout` answer.
    pub must_change_password: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
