//! Issue 12 item 2: the assumptions of the income indication as reference data (one row, like the cost
//! norms), with the documented approximate defaults of `shared::contracts::IncomeAssumptions`: the net
//! bracket table (JSON text: `[{"fromGross": "0.00", "rate": "0.05"}, ...]`), the holiday allowance rate
//! and the threshold under which a gain is flagged. Admins and finance edit it.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum IncomeAssumptions {
    Table,
    Id,
    Brackets,
    HolidayAllowanceRate,
    SmallGainThreshold,
    UpdatedAt,
    Version,
}

/// The defaults of `shared::contracts::IncomeAssumptions::default()`, spelled out (a migration does not
/// follow later changes of the code).
const DEFAULT_BRACKETS: &str = r#"[{"fromGross":"0.00","rate":"0.05"},{"fromGross":"1800.00","rate":"0.30"},{"fromGross":"3200.00","rate":"0.37"},{"fromGross":"6300.00","rate":"0.495"}]"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use IncomeAssumptions as A;
        manager
            .create_table(
                Table::create()
                    .table(A::Table)
                    .col(integer(A::Id).primary_key())
                    .col(text(A::Brackets))
                    .col(decimal_len(A::HolidayAllowanceRate, 7, 4))
                    .col(decimal_len(A::SmallGainThreshold, 12, 2))
                    .col(timestamp_with_time_zone_null(A::UpdatedAt))
                    .col(integer(A::Version).default(1))
                    .to_owned(),
            )
            .await?;
        let defaults = Query::insert()
            .into_table(A::Table)
            .columns([A::Id, A::Brackets, A::HolidayAllowanceRate, A::SmallGainThreshold, A::Version])
            .values_panic([1.into(), DEFAULT_BRACKETS.into(), Expr::cust("0.08"), Expr::cust("50.00"), 1.into()])
            .to_owned();
        manager.exec_stmt(defaults).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(IncomeAssumptions::Table).to_owned()).await
    }
}
