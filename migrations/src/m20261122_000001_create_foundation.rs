//! Foundation: organisations (minimal), users, API clients, refresh tokens and the audit log.

use sea_orm_migration::{prelude::*, schema::*};

use crate::schema_helpers::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Organisations {
    Table,
    Id,
    Name,
    KvkNumber,
    Roles,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden, Clone, Copy)]
enum Users {
    Table,
    Id,
    Username,
    DisplayName,
    PasswordHash,
    Role,
    OrganisationId,
    Disabled,
    CreatedAt,
    UpdatedAt,
    LastLoginAt,
    Version,
}

#[derive(DeriveIden, Clone, Copy)]
enum ApiClients {
    Table,
    Id,
    ClientId,
    Name,
    SecretHash,
    Role,
    OrganisationId,
    CreatedBy,
    CreatedAt,
    RevokedAt,
    LastUsedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum RefreshTokens {
    Table,
    Id,
    UserId,
    TokenHash,
    CreatedAt,
    ExpiresAt,
    RevokedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum AuditEvents {
    Table,
    Id,
    OccurredAt,
    ActorId,
    ActorName,
    ActorRole,
    ClientId,
    Action,
    RecordType,
    RecordId,
    Result,
    RequestId,
    Details,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Organisations::Table)
                    .col(pk_uuid(Organisations::Id))
                    .col(string_len(Organisations::Name, 200))
                    .col(string_len_uniq(Organisations::KvkNumber, 8))
                    // Comma-separated organisation roles (work_provider, guidance_provider, employer).
                    .col(string_len(Organisations::Roles, 100))
                    .col(timestamp_with_time_zone(Organisations::CreatedAt))
                    .col(timestamp_with_time_zone(Organisations::UpdatedAt))
                    .col(integer(Organisations::Version).default(1))
                    .to_owned(),
            )
            .await?;
        index(manager, "idx_organisations_name", Organisations::Table, &[Organisations::Name]).await?;

        manager
            .create_table(
                Table::create()
                    .table(Users::Table)
                    .col(pk_uuid(Users::Id))
                    .col(string_len_uniq(Users::Username, 64))
                    .col(string_len(Users::DisplayName, 120))
                    .col(string_len(Users::PasswordHash, 200))
                    .col(string_len(Users::Role, 20))
                    .col(uuid_null(Users::OrganisationId))
                    .col(boolean(Users::Disabled).default(false))
                    .col(timestamp_with_time_zone(Users::CreatedAt))
                    .col(timestamp_with_time_zone(Users::UpdatedAt))
                    .col(timestamp_with_time_zone_null(Users::LastLoginAt))
                    .col(integer(Users::Version).default(1))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_users_organisation")
                            .from(Users::Table, Users::OrganisationId)
                            .to(Organisations::Table, Organisations::Id),
                    )
                    .to_owned(),
            )
            .await?;
        index(manager, "idx_users_role", Users::Table, &[Users::Role]).await?;
        index(manager, "idx_users_organisation_id", Users::Table, &[Users::OrganisationId]).await?;
        index(manager, "idx_users_display_name", Users::Table, &[Users::DisplayName]).await?;

        manager
            .create_table(
                Table::create()
                    .table(ApiClients::Table)
                    .col(pk_uuid(ApiClients::Id))
                    .col(string_len_uniq(ApiClients::ClientId, 64))
                    .col(string_len(ApiClients::Name, 120))
                    .col(string_len(ApiClients::SecretHash, 128))
                    .col(string_len(ApiClients::Role, 20))
                    .col(uuid_null(ApiClients::OrganisationId))
                    .col(uuid_null(ApiClients::CreatedBy))
                    .col(timestamp_with_time_zone(ApiClients::CreatedAt))
                    .col(timestamp_with_time_zone_null(ApiClients::RevokedAt))
                    .col(timestamp_with_time_zone_null(ApiClients::LastUsedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_api_clients_organisation")
                            .from(ApiClients::Table, ApiClients::OrganisationId)
                            .to(Organisations::Table, Organisations::Id),
                    )
                    .to_owned(),
            )
            .await?;
        index(manager, "idx_api_clients_created_at", ApiClients::Table, &[ApiClients::CreatedAt]).await?;

        manager
            .create_table(
                Table::create()
                    .table(RefreshTokens::Table)
                    .col(pk_uuid(RefreshTokens::Id))
                    .col(uuid(RefreshTokens::UserId))
                    .col(string_len_uniq(RefreshTokens::TokenHash, 128))
                    .col(timestamp_with_time_zone(RefreshTokens::CreatedAt))
                    .col(timestamp_with_time_zone(RefreshTokens::ExpiresAt))
                    .col(timestamp_with_time_zone_null(RefreshTokens::RevokedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_refresh_tokens_user")
                            .from(RefreshTokens::Table, RefreshTokens::UserId)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        index(manager, "idx_refresh_tokens_user_id", RefreshTokens::Table, &[RefreshTokens::UserId]).await?;

        manager
            .create_table(
                Table::create()
                    .table(AuditEvents::Table)
                    .col(pk_uuid(AuditEvents::Id))
                    .col(timestamp_with_time_zone(AuditEvents::OccurredAt))
                    // No foreign keys: the log outlives the accounts and records it names.
                    .col(uuid_null(AuditEvents::ActorId))
                    .col(string_len_null(AuditEvents::ActorName, 120))
                    .col(string_len_null(AuditEvents::ActorRole, 20))
                    .col(string_len_null(AuditEvents::ClientId, 64))
                    .col(string_len(AuditEvents::Action, 20))
                    .col(string_len(AuditEvents::RecordType, 60))
                    .col(uuid_null(AuditEvents::RecordId))
                    .col(string_len(AuditEvents::Result, 20))
                    .col(string_len_null(AuditEvents::RequestId, 64))
                    .col(text_null(AuditEvents::Details))
                    .to_owned(),
            )
            .await?;
        index(manager, "idx_audit_events_occurred_at", AuditEvents::Table, &[AuditEvents::OccurredAt]).await?;
        index(
            manager,
            "idx_audit_events_actor_id",
            AuditEvents::Table,
            &[AuditEvents::ActorId, AuditEvents::OccurredAt],
        )
        .await?;
        index(
            manager,
            "idx_audit_events_record",
            AuditEvents::Table,
            &[AuditEvents::RecordType, AuditEvents::RecordId, AuditEvents::OccurredAt],
        )
        .await?;
        index(manager, "idx_audit_events_action", AuditEvents::Table, &[AuditEvents::Action, AuditEvents::OccurredAt])
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            AuditEvents::Table.into_iden(),
            RefreshTokens::Table.into_iden(),
            ApiClients::Table.into_iden(),
            Users::Table.into_iden(),
            Organisations::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
