//! Issue 14 item 2: availability is confirmed by its own action, with who confirmed it, and a list filter
//! finds the people whose confirmation is older than N days (`availabilityOlderThanDays`).

use sea_orm_migration::{prelude::*, schema::*};

use crate::schema_helpers::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Candidates {
    Table,
    MunicipalityId,
    AvailabilityConfirmedAt,
    AvailabilityConfirmedById,
    AvailabilityConfirmedByName,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use Candidates as C;
        // One column per statement: SQLite adds one at a time.
        manager
            .alter_table(Table::alter().table(C::Table).add_column(uuid_null(C::AvailabilityConfirmedById)).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(C::Table)
                    .add_column(string_len_null(C::AvailabilityConfirmedByName, 120))
                    .to_owned(),
            )
            .await?;
        // The list filter `availabilityOlderThanDays` within a municipality, and the reminder of availability
        // not confirmed for 90 days.
        index(manager, "idx_candidates_availability", C::Table, &[C::MunicipalityId, C::AvailabilityConfirmedAt]).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use Candidates as C;
        manager.drop_index(Index::drop().name("idx_candidates_availability").table(C::Table).to_owned()).await?;
        manager
            .alter_table(Table::alter().table(C::Table).drop_column(C::AvailabilityConfirmedByName).to_owned())
            .await?;
        manager.alter_table(Table::alter().table(C::Table).drop_column(C::AvailabilityConfirmedById).to_owned()).await
    }
}
