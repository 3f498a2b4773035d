//! Issue 11: the hours a week a candidate wishes to work (`wishedHoursPerWeek`, 0-40, optional; without it
//! the available hours count as the wish in the fit).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Candidates {
    Table,
    WishedHoursPerWeek,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Candidates::Table)
                    .add_column(small_integer_null(Candidates::WishedHoursPerWeek))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table(Candidates::Table).drop_column(Candidates::WishedHoursPerWeek).to_owned())
            .await
    }
}
