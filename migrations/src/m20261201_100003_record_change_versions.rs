//! Issue 14 item 7: each recorded change of a candidate's record carries the version the record reached
//! with it (`record_changes.version`), so a save refused as stale (409 `stale_version`) can list the fields
//! changed since the caller's version. Rows recorded before this migration have none.

use sea_orm_migration::{prelude::*, schema::*};

use crate::schema_helpers::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum RecordChanges {
    Table,
    CandidateId,
    Version,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use RecordChanges as R;
        manager.alter_table(Table::alter().table(R::Table).add_column(integer_null(R::Version)).to_owned()).await?;
        index(manager, "idx_record_changes_candidate_version", R::Table, &[R::CandidateId, R::Version]).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use RecordChanges as R;
        manager
            .drop_index(Index::drop().name("idx_record_changes_candidate_version").table(R::Table).to_owned())
            .await?;
        manager.alter_table(Table::alter().table(R::Table).drop_column(R::Version).to_owned()).await
    }
}
