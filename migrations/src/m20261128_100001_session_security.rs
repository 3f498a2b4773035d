//! Issue 10 (security): a session generation per account, so that logout, a password change and a reset end
//! every access token at once; a forced change of an admin-issued temporary password; refresh tokens grouped
//! in families (a replayed token ends its own family, not every device); an expiry for API-client secrets.

use sea_orm_migration::prelude::*;

use crate::schema_helpers::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Users {
    Table,
    SessionGeneration,
    MustChangePassword,
}

#[derive(DeriveIden, Clone, Copy)]
enum RefreshTokens {
    Table,
    Id,
    FamilyId,
}

#[derive(DeriveIden, Clone, Copy)]
enum ApiClients {
    Table,
    SecretExpiresAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per ALTER TABLE.
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(ColumnDef::new(Users::SessionGeneration).integer().not_null().default(0))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(ColumnDef::new(Users::MustChangePassword).boolean().not_null().default(false))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(RefreshTokens::Table)
                    .add_column(ColumnDef::new(RefreshTokens::FamilyId).uuid().null())
                    .to_owned(),
            )
            .await?;
        // A token issued before families existed is a family of its own.
        manager
            .exec_stmt(
                Query::update()
                    .table(RefreshTokens::Table)
                    .value(RefreshTokens::FamilyId, Expr::col(RefreshTokens::Id))
                    .to_owned(),
            )
            .await?;
        index(manager, "idx_refresh_tokens_family_id", RefreshTokens::Table, &[RefreshTokens::FamilyId]).await?;
        // Null for clients made before expiry existed; the server gives them a full lifetime at start.
        manager
            .alter_table(
                Table::alter()
                    .table(ApiClients::Table)
                    .add_column(ColumnDef::new(ApiClients::SecretExpiresAt).timestamp_with_time_zone().null())
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(Index::drop().name("idx_refresh_tokens_family_id").table(RefreshTokens::Table).to_owned())
            .await?;
        manager
            .alter_table(Table::alter().table(ApiClients::Table).drop_column(ApiClients::SecretExpiresAt).to_owned())
            .await?;
        manager
            .alter_table(Table::alter().table(RefreshTokens::Table).drop_column(RefreshTokens::FamilyId).to_owned())
            .await?;
        manager
            .alter_table(Table::alter().table(Users::Table).drop_column(Users::MustChangePassword).to_owned())
            .await?;
        manager
            .alter_table(Table::alter().table(Users::Table).drop_column(Users::SessionGeneration).to_owned())
            .await?;
        Ok(())
    }
}
