//! Issue 14: saved searches. A user names a set of list filters and a sort; a shared one is read by the
//! colleagues of the owner's municipality (kept here as it was when saved) and changed only by its owner.

use sea_orm_migration::{prelude::*, schema::*};

use crate::schema_helpers::{fk, index, unique_index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum SavedSearches {
    Table,
    Id,
    OwnerId,
    OwnerName,
    MunicipalityId,
    List,
    Name,
    /// The filters as a JSON object of texts, by their API names.
    Filters,
    Sort,
    Shared,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden, Clone, Copy)]
enum Users {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use SavedSearches as S;
        manager
            .create_table(
                Table::create()
                    .table(S::Table)
                    .col(pk_uuid(S::Id))
                    .col(uuid(S::OwnerId))
                    .col(string_len(S::OwnerName, 120))
                    .col(uuid_null(S::MunicipalityId))
                    .col(string_len(S::List, 20))
                    .col(string_len(S::Name, 80))
                    .col(text(S::Filters))
                    .col(string_len_null(S::Sort, 40))
                    .col(boolean(S::Shared))
                    .col(timestamp_with_time_zone(S::CreatedAt))
                    .col(timestamp_with_time_zone(S::UpdatedAt))
                    .col(integer(S::Version))
                    .foreign_key(&mut fk("fk_saved_searches_owner", S::Table, S::OwnerId, Users::Table, Users::Id))
                    .to_owned(),
            )
            .await?;
        // A name once per owner and list; the list of a user's own and of the shared ones of a municipality.
        unique_index(manager, "uq_saved_searches_owner_name", S::Table, &[S::OwnerId, S::List, S::Name]).await?;
        index(manager, "idx_saved_searches_shared", S::Table, &[S::MunicipalityId, S::List, S::Shared]).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(SavedSearches::Table).to_owned()).await
    }
}
