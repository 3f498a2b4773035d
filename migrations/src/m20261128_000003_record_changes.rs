//! Issue 8: the change history of a person's record. Every write that changes a candidate's record adds one
//! row per changed field, with the old and the new value, in the transaction of the change; the working-day
//! timeline reads it. The BSN's values are never stored here (the writer stores a masked value).

use sea_orm_migration::{prelude::*, schema::*};

use crate::schema_helpers::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum RecordChanges {
    Table,
    Id,
    CandidateId,
    ChangedAt,
    ActorId,
    ActorName,
    ActorRole,
    ClientId,
    /// `staff`, `partner`, `api_client` or `system`, as in the audit log.
    ActorKind,
    /// `api`, `import` or `system`.
    Source,
    /// The API's name of the field, e.g. `lastName`.
    Field,
    OldValue,
    NewValue,
}

#[derive(DeriveIden, Clone, Copy)]
enum Candidates {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(RecordChanges::Table)
                    .col(pk_uuid(RecordChanges::Id))
                    .col(uuid(RecordChanges::CandidateId))
                    .col(timestamp_with_time_zone(RecordChanges::ChangedAt))
                    .col(uuid_null(RecordChanges::ActorId))
                    .col(string_len_null(RecordChanges::ActorName, 120))
                    .col(string_len_null(RecordChanges::ActorRole, 20))
                    .col(string_len_null(RecordChanges::ClientId, 64))
                    .col(string_len(RecordChanges::ActorKind, 16))
                    .col(string_len(RecordChanges::Source, 16))
                    .col(string_len(RecordChanges::Field, 60))
                    .col(text_null(RecordChanges::OldValue))
                    .col(text_null(RecordChanges::NewValue))
                    .foreign_key(&mut fk(
                        "fk_record_changes_candidate",
                        RecordChanges::Table,
                        RecordChanges::CandidateId,
                        Candidates::Table,
                        Candidates::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_record_changes_candidate",
            RecordChanges::Table,
            &[RecordChanges::CandidateId, RecordChanges::ChangedAt],
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(RecordChanges::Table).to_owned()).await?;
        Ok(())
    }
}
