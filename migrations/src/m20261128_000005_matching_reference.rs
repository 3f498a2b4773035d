//! Issue 11: the reference data of matching. The weights of the fit's soft factors with the allowed
//! deviation of hours (one row, with the documented defaults of `shared::matching::FitWeights`), and which
//! neighbourhoods border each other (the fit's stand-in for travel), stored in both directions.

use sea_orm_migration::{prelude::*, schema::*};

use crate::schema_helpers::fk;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum FitWeights {
    Table,
    Id,
    Abilities,
    Categories,
    DreamJob,
    Neighbourhood,
    Hours,
    Schedule,
    AllowedHoursDeviation,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden, Clone, Copy)]
enum NeighbourhoodAdjacencies {
    Table,
    NeighbourhoodId,
    AdjacentId,
}

#[derive(DeriveIden, Clone, Copy)]
enum Neighbourhoods {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use FitWeights as W;
        manager
            .create_table(
                Table::create()
                    .table(W::Table)
                    .col(integer(W::Id).primary_key())
                    .col(small_integer(W::Abilities))
                    .col(small_integer(W::Categories))
                    .col(small_integer(W::DreamJob))
                    .col(small_integer(W::Neighbourhood))
                    .col(small_integer(W::Hours))
                    .col(small_integer(W::Schedule))
                    .col(small_integer(W::AllowedHoursDeviation))
                    .col(timestamp_with_time_zone_null(W::UpdatedAt))
                    .col(integer(W::Version).default(1))
                    .to_owned(),
            )
            .await?;
        let defaults = Query::insert()
            .into_table(W::Table)
            .columns([
                W::Id,
                W::Abilities,
                W::Categories,
                W::DreamJob,
                W::Neighbourhood,
                W::Hours,
                W::Schedule,
                W::AllowedHoursDeviation,
                W::Version,
            ])
            .values_panic([
                1.into(),
                30.into(),
                20.into(),
                10.into(),
                15.into(),
                15.into(),
                10.into(),
                4.into(),
                1.into(),
            ])
            .to_owned();
        manager.exec_stmt(defaults).await?;

        use NeighbourhoodAdjacencies as A;
        manager
            .create_table(
                Table::create()
                    .table(A::Table)
                    .col(uuid(A::NeighbourhoodId))
                    .col(uuid(A::AdjacentId))
                    .primary_key(Index::create().col(A::NeighbourhoodId).col(A::AdjacentId))
                    .foreign_key(
                        fk(
                            "fk_adjacency_neighbourhood",
                            A::Table,
                            A::NeighbourhoodId,
                            Neighbourhoods::Table,
                            Neighbourhoods::Id,
                        )
                        .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        fk("fk_adjacency_adjacent", A::Table, A::AdjacentId, Neighbourhoods::Table, Neighbourhoods::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(NeighbourhoodAdjacencies::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(FitWeights::Table).to_owned()).await?;
        Ok(())
    }
}
