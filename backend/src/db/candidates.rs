use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "candidates")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub municipality_id: Uuid,
    pub first_name: String,
    pub last_name: String,
    pub search_name: String,
    /// The list order of the name (`shared::text::sort_name`): "de Boer" among the Bs.
    pub sort_name: String,
    pub date_of_birth: Option<Date>,
    pub bsn: Option<String>,
    pub email: String,
    pub phone: String,
    pub postcode: String,
    pub house_number: String,
    pub neighbourhood_id: Option<Uuid>,
    pub source: String,
    pub target_group_register: bool,
    pub benefit_kind: Option<String>,
    pub benefit_monthly_amount: Option<Decimal>,
    pub regular_work_evidence: String,
    pub available_hours: Option<i32>,
    pub wished_hours_per_week: Option<i16>,
    /// The available days as bits (`shared::matching::day_mask`), written with the day rows: what a ranked
    /// list tests in one index entry.
    pub available_days_mask: i32,
    /// The physical limitations as bits (`shared::matching::demand_mask`), written with the limitation rows.
    pub limitations_mask: i32,
    /// When availability was last confirmed by its own action, and by whom.
    pub availability_confirmed_at: Option<DateTimeUtc>,
    pub availability_confirmed_by_id: Option<Uuid>,
    pub availability_confirmed_by_name: Option<String>,
    pub limitation_notes: String,
    pub wish_neighbourhood_id: Option<Uuid>,
    pub dream_job: String,
    pub wage_value_pct: Option<i32>,
    pub expected_wage_value_pct: Option<i32>,
    pub status: String,
    pub exit_reason: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub erased_at: Option<DateTimeUtc>,
    pub version: i32,
    /// The record this one was merged into (a duplicate); it then leaves every list.
    pub merged_into_id: Option<Uuid>,
    pub merged_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
