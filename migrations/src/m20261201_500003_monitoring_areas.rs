//! Issue 13 item 5: the dashboard's neighbourhood filter from maintained aggregates.
//! `monitoring_area_counts` and `monitoring_area_work` hold what `monitoring_counts` and `monitoring_work`
//! hold, per neighbourhood (the person's) instead of per municipality. Every stored contribution is
//! dropped, so the server rebuilds all aggregates (with these) on its next start.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum MonitoringAreaCounts {
    Table,
    NeighbourhoodId,
    Month,
    Family,
    Category,
    Count,
    Hours,
}

#[derive(DeriveIden, Clone, Copy)]
enum MonitoringAreaWork {
    Table,
    NeighbourhoodId,
    Month,
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
        use MonitoringAreaCounts as C;
        manager
            .create_table(
                Table::create()
                    .table(C::Table)
                    .col(uuid(C::NeighbourhoodId))
                    .col(integer(C::Month))
                    .col(small_integer(C::Family))
                    .col(small_integer(C::Category))
                    .col(big_integer(C::Count))
                    .col(big_integer(C::Hours))
                    .primary_key(Index::create().col(C::NeighbourhoodId).col(C::Month).col(C::Family).col(C::Category))
                    .to_owned(),
            )
            .await?;
        use MonitoringAreaWork as W;
        manager
            .create_table(
                Table::create()
                    .table(W::Table)
                    .col(uuid(W::NeighbourhoodId))
                    .col(integer(W::Month))
                    .col(uuid(W::CategoryId))
                    .col(big_integer(W::Hours))
                    .primary_key(Index::create().col(W::NeighbourhoodId).col(W::Month).col(W::CategoryId))
                    .to_owned(),
            )
            .await?;
        manager.exec_stmt(Query::delete().from_table(MonitoringSubjects::Table).to_owned()).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(MonitoringAreaWork::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(MonitoringAreaCounts::Table).to_owned()).await
    }
}
