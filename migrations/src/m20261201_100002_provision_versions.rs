//! Issue 12 item 5: a provision can be changed and deleted (admins, consultants, the person's job coach).
//! A change is based on the version read (`version`, 1 for the rows there are), so a change over someone
//! else's newer one is refused; `updated_at` and `updated_by_id` say who changed it last (the audit log has
//! every change).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum GuidanceProvisions {
    Table,
    Version,
    UpdatedAt,
    UpdatedById,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use GuidanceProvisions as P;
        // One column a statement: SQLite adds one at a time.
        let columns = [
            integer(P::Version).default(1).to_owned(),
            timestamp_with_time_zone_null(P::UpdatedAt),
            uuid_null(P::UpdatedById),
        ];
        for mut column in columns {
            manager.alter_table(Table::alter().table(P::Table).add_column(&mut column).to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use GuidanceProvisions as P;
        for column in [P::Version, P::UpdatedAt, P::UpdatedById] {
            manager.alter_table(Table::alter().table(P::Table).drop_column(column).to_owned()).await?;
        }
        Ok(())
    }
}
