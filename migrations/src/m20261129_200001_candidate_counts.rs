//! Issue 8 (national-scale lists): the number of candidates per municipality and status, so that a list's
//! exact `totalItems` is read from a few counter rows instead of counting tens of thousands of index entries
//! on every request.
//!
//! `candidate_counts` holds one row per (municipality, status) with `n` the number of candidates that are
//! not erased. The server keeps it exact in the same transaction as every write that changes which row a
//! candidate counts in (`registration::counts`); this migration fills it from the candidates that exist.
//! No foreign key: a counter row is never written on its own, and a key-share lock on the municipality
//! for every counter update would only add contention.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum CandidateCounts {
    Table,
    MunicipalityId,
    Status,
    N,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(CandidateCounts::Table)
                    .col(uuid(CandidateCounts::MunicipalityId))
                    .col(string_len(CandidateCounts::Status, 20))
                    .col(big_integer(CandidateCounts::N).default(0))
                    .primary_key(Index::create().col(CandidateCounts::MunicipalityId).col(CandidateCounts::Status))
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "INSERT INTO candidate_counts (municipality_id, status, n) \
                 SELECT municipality_id, status, COUNT(*) FROM candidates WHERE erased_at IS NULL \
                 GROUP BY municipality_id, status",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(CandidateCounts::Table).to_owned()).await
    }
}
