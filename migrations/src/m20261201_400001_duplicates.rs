//! Issue 14, item 5: duplicates. A merged candidate record points at the record that survived
//! (`candidates.merged_into_id`, with `merged_at`), so that the audit log, which is never rewritten, can
//! be followed from the survivor. A pair that staff dismissed as "not the same person" is kept in
//! `duplicate_dismissals` (the two ids in a fixed order: the smaller first), so it is not proposed again.
//! Candidates are compared within blocks of the same date of birth or the same postcode and house number:
//! two partial indexes over the live records serve those blocks per municipality.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

use crate::schema_helpers::{fk, unique_index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Candidates {
    Table,
    Id,
    MergedIntoId,
    MergedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum DuplicateDismissals {
    Table,
    Id,
    MunicipalityId,
    FirstCandidateId,
    SecondCandidateId,
    DismissedById,
    DismissedByName,
    DismissedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds one at a time.
        manager
            .alter_table(
                Table::alter().table(Candidates::Table).add_column(uuid_null(Candidates::MergedIntoId)).to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Candidates::Table)
                    .add_column(timestamp_with_time_zone_null(Candidates::MergedAt))
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        db.execute_unprepared(
            "CREATE INDEX idx_candidates_duplicates_birth ON candidates (municipality_id, date_of_birth) \
             WHERE erased_at IS NULL AND merged_into_id IS NULL",
        )
        .await?;
        db.execute_unprepared(
            "CREATE INDEX idx_candidates_duplicates_address ON candidates (municipality_id, postcode, house_number) \
             WHERE erased_at IS NULL AND merged_into_id IS NULL",
        )
        .await?;
        db.execute_unprepared("CREATE INDEX idx_candidates_merged_into ON candidates (merged_into_id)").await?;

        use DuplicateDismissals as D;
        manager
            .create_table(
                Table::create()
                    .table(D::Table)
                    .col(pk_uuid(D::Id))
                    .col(uuid(D::MunicipalityId))
                    .col(uuid(D::FirstCandidateId))
                    .col(uuid(D::SecondCandidateId))
                    .col(uuid_null(D::DismissedById))
                    .col(string_len_null(D::DismissedByName, 120))
                    .col(timestamp_with_time_zone(D::DismissedAt))
                    .foreign_key(&mut fk(
                        "fk_duplicate_dismissals_first",
                        D::Table,
                        D::FirstCandidateId,
                        Candidates::Table,
                        Candidates::Id,
                    ))
                    .foreign_key(&mut fk(
                        "fk_duplicate_dismissals_second",
                        D::Table,
                        D::SecondCandidateId,
                        Candidates::Table,
                        Candidates::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        unique_index(manager, "uq_duplicate_dismissals_pair", D::Table, &[D::FirstCandidateId, D::SecondCandidateId])
            .await?;
        crate::schema_helpers::index(manager, "idx_duplicate_dismissals_second", D::Table, &[D::SecondCandidateId])
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(DuplicateDismissals::Table).to_owned()).await?;
        let db = manager.get_connection();
        for index in
            ["idx_candidates_duplicates_birth", "idx_candidates_duplicates_address", "idx_candidates_merged_into"]
        {
            db.execute_unprepared(&format!("DROP INDEX {index}")).await?;
        }
        manager
            .alter_table(Table::alter().table(Candidates::Table).drop_column(Candidates::MergedAt).to_owned())
            .await?;
        manager
            .alter_table(Table::alter().table(Candidates::Table).drop_column(Candidates::MergedIntoId).to_owned())
            .await?;
        Ok(())
    }
}
