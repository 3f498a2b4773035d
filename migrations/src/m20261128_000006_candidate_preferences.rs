//! Issue 11: the candidate's own choice. The packages a candidate prefers, best first, recorded by staff in
//! conversation with the candidate (who and when), with a version for concurrent edits.

use sea_orm_migration::{prelude::*, schema::*};

use crate::schema_helpers::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum CandidatePreferenceLists {
    Table,
    CandidateId,
    RecordedById,
    RecordedByName,
    RecordedAt,
    Version,
}

#[derive(DeriveIden, Clone, Copy)]
enum CandidatePreferences {
    Table,
    CandidateId,
    /// 1 is the most preferred.
    Rank,
    PackageId,
}

#[derive(DeriveIden, Clone, Copy)]
enum Candidates {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum TaskPackages {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use CandidatePreferenceLists as L;
        use CandidatePreferences as P;
        manager
            .create_table(
                Table::create()
                    .table(L::Table)
                    .col(uuid(L::CandidateId).primary_key())
                    .col(uuid_null(L::RecordedById))
                    .col(string_len_null(L::RecordedByName, 120))
                    .col(timestamp_with_time_zone(L::RecordedAt))
                    .col(integer(L::Version).default(1))
                    .foreign_key(&mut fk(
                        "fk_preference_lists_candidate",
                        L::Table,
                        L::CandidateId,
                        Candidates::Table,
                        Candidates::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(P::Table)
                    .col(uuid(P::CandidateId))
                    .col(integer(P::Rank))
                    .col(uuid(P::PackageId))
                    .primary_key(Index::create().col(P::CandidateId).col(P::Rank))
                    .foreign_key(&mut fk(
                        "fk_preferences_candidate",
                        P::Table,
                        P::CandidateId,
                        Candidates::Table,
                        Candidates::Id,
                    ))
                    .foreign_key(&mut fk(
                        "fk_preferences_package",
                        P::Table,
                        P::PackageId,
                        TaskPackages::Table,
                        TaskPackages::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_preferences_candidate_package")
                    .table(P::Table)
                    .col(P::CandidateId)
                    .col(P::PackageId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        index(manager, "idx_preferences_package", P::Table, &[P::PackageId]).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(CandidatePreferences::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(CandidatePreferenceLists::Table).to_owned()).await?;
        Ok(())
    }
}
