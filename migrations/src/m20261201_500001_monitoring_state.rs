//! Issue 13 item 5: the version of what the Werkkamer feed is computed from. `monitoring_state` holds one
//! row (`id` 1) whose `version` every write that changes the feed's inputs steps in its own transaction
//! (the aggregates, budgets, cost norms, provisions, municipalities: `monitoring::aggregates::touch`), so a
//! server can keep a rendered feed while the version it was computed at is still the stored one.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum MonitoringState {
    Table,
    Id,
    Version,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use MonitoringState as S;
        manager
            .create_table(
                Table::create()
                    .table(S::Table)
                    .col(small_integer(S::Id).primary_key())
                    .col(big_integer(S::Version).default(0))
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::insert()
                    .into_table(S::Table)
                    .columns([S::Id, S::Version])
                    .values_panic([1.into(), 0.into()])
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(MonitoringState::Table).to_owned()).await
    }
}
