//! Issue 13 item 5: the dashboard's nature of the work and its surveys from the maintained aggregates.
//! `monitoring_work` holds per municipality and month the change, at the month's end, of the weekly hours
//! of jobs per task category (thousandths of an hour); the employee surveys join `monitoring_counts` as
//! a family of their own. Every stored contribution is dropped, so the server rebuilds all aggregates (with
//! these) on its next start (`monitoring::aggregates::missing`).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::schema_helpers::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum MonitoringWork {
    Table,
    Month,
    MunicipalityId,
    CategoryId,
    Hours,
}

#[derive(DeriveIden, Clone, Copy)]
enum MonitoringSubjects {
    Table,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use MonitoringWork as W;
        manager
            .create_table(
                Table::create()
                    .table(W::Table)
                    .col(integer(W::Month))
                    .col(uuid(W::MunicipalityId))
                    .col(uuid(W::CategoryId))
                    .col(big_integer(W::Hours))
                    .primary_key(Index::create().col(W::Month).col(W::MunicipalityId).col(W::CategoryId))
                    .to_owned(),
            )
            .await?;
        index(manager, "idx_monitoring_work_municipality", W::Table, &[W::MunicipalityId, W::Month]).await?;
        manager.exec_stmt(Query::delete().from_table(MonitoringSubjects::Table).to_owned()).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(MonitoringWork::Table).to_owned()).await
    }
}
