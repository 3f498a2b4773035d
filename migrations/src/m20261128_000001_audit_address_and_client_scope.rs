//! Issue 8: the audit log records the client address and the kind of actor; an API client can be scoped to
//! one municipality, like a staff member.

use sea_orm_migration::prelude::*;

use crate::schema_helpers::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum AuditEvents {
    Table,
    ClientAddress,
    ActorKind,
}

#[derive(DeriveIden, Clone, Copy)]
enum ApiClients {
    Table,
    MunicipalityId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per ALTER TABLE.
        manager
            .alter_table(
                Table::alter()
                    .table(AuditEvents::Table)
                    .add_column(ColumnDef::new(AuditEvents::ClientAddress).string_len(45).null())
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(AuditEvents::Table)
                    .add_column(ColumnDef::new(AuditEvents::ActorKind).string_len(16).null())
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(ApiClients::Table)
                    .add_column(ColumnDef::new(ApiClients::MunicipalityId).uuid().null())
                    .to_owned(),
            )
            .await?;
        index(manager, "idx_api_clients_municipality_id", ApiClients::Table, &[ApiClients::MunicipalityId]).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(Index::drop().name("idx_api_clients_municipality_id").table(ApiClients::Table).to_owned())
            .await?;
        manager
            .alter_table(Table::alter().table(ApiClients::Table).drop_column(ApiClients::MunicipalityId).to_owned())
            .await?;
        manager
            .alter_table(Table::alter().table(AuditEvents::Table).drop_column(AuditEvents::ActorKind).to_owned())
            .await?;
        manager
            .alter_table(Table::alter().table(AuditEvents::Table).drop_column(AuditEvents::ClientAddress).to_owned())
            .await?;
        Ok(())
    }
}
