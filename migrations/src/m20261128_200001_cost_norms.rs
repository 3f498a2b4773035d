//! Issue 12: the cost norms of a full 32-hour job for a year (one row, with the Groningen plan's defaults of
//! `shared::contracts::CostNorms`), which cost estimates prorate and admin and finance edit.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum CostNorms {
    Table,
    Id,
    Wage,
    EmployerCosts,
    Contribution,
    BenefitSaved,
    UpdatedAt,
    Version,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use CostNorms as N;
        manager
            .create_table(
                Table::create()
                    .table(N::Table)
                    .col(integer(N::Id).primary_key())
                    .col(decimal_len(N::Wage, 12, 2))
                    .col(decimal_len(N::EmployerCosts, 12, 2))
                    .col(decimal_len(N::Contribution, 12, 2))
                    .col(decimal_len(N::BenefitSaved, 12, 2))
                    .col(timestamp_with_time_zone_null(N::UpdatedAt))
                    .col(integer(N::Version).default(1))
                    .to_owned(),
            )
            .await?;
        let defaults = Query::insert()
            .into_table(N::Table)
            .columns([N::Id, N::Wage, N::EmployerCosts, N::Contribution, N::BenefitSaved, N::Version])
            .values_panic([
                1.into(),
                Expr::cust("28000.00"),
                Expr::cust("8000.00"),
                Expr::cust("-5000.00"),
                Expr::cust("-14000.00"),
                1.into(),
            ])
            .to_owned();
        manager.exec_stmt(defaults).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(CostNorms::Table).to_owned()).await
    }
}
