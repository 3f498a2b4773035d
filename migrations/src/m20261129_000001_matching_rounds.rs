//! Issue 11: matching rounds. A round stores what it ran on (its candidates with the preferences it used,
//! its packages with the positions it could fill, and every acceptable pair with the exact score the
//! algorithm used) so that it can be re-run and audited; its proposals are the `matches` whose `round_id`
//! names it.

use sea_orm_migration::{prelude::*, schema::*};

use crate::schema_helpers::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum MatchingRounds {
    Table,
    Id,
    Algorithm,
    /// The municipality of every candidate and package of the round, when they share one.
    MunicipalityId,
    CreatedAt,
    CreatedById,
    CreatedByName,
    CandidateCount,
    PackageCount,
    PositionCount,
    PairCount,
    ProposalCount,
    TotalScore,
}

#[derive(DeriveIden, Clone, Copy)]
enum MatchingRoundCandidates {
    Table,
    RoundId,
    CandidateId,
}

#[derive(DeriveIden, Clone, Copy)]
enum MatchingRoundPreferences {
    Table,
    RoundId,
    CandidateId,
    Rank,
    PackageId,
}

#[derive(DeriveIden, Clone, Copy)]
enum MatchingRoundPackages {
    Table,
    RoundId,
    PackageId,
    Positions,
}

#[derive(DeriveIden, Clone, Copy)]
enum MatchingRoundPairs {
    Table,
    RoundId,
    CandidateId,
    PackageId,
    Score,
}

#[derive(DeriveIden, Clone, Copy)]
enum Matches {
    Table,
    RoundId,
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
        use MatchingRounds as R;
        manager
            .create_table(
                Table::create()
                    .table(R::Table)
                    .col(pk_uuid(R::Id))
                    .col(string_len(R::Algorithm, 20))
                    .col(uuid_null(R::MunicipalityId))
                    .col(timestamp_with_time_zone(R::CreatedAt))
                    .col(uuid_null(R::CreatedById))
                    .col(string_len(R::CreatedByName, 120))
                    .col(integer(R::CandidateCount))
                    .col(integer(R::PackageCount))
                    .col(integer(R::PositionCount))
                    .col(integer(R::PairCount))
                    .col(integer(R::ProposalCount))
                    .col(integer(R::TotalScore))
                    .to_owned(),
            )
            .await?;
        index(manager, "idx_matching_rounds_created", R::Table, &[R::CreatedAt]).await?;

        use MatchingRoundCandidates as C;
        manager
            .create_table(
                Table::create()
                    .table(C::Table)
                    .col(uuid(C::RoundId))
                    .col(uuid(C::CandidateId))
                    .primary_key(Index::create().col(C::RoundId).col(C::CandidateId))
                    .foreign_key(&mut fk("fk_round_candidates_round", C::Table, C::RoundId, R::Table, R::Id))
                    .foreign_key(&mut fk(
                        "fk_round_candidates_candidate",
                        C::Table,
                        C::CandidateId,
                        Candidates::Table,
                        Candidates::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "idx_round_candidates_candidate", C::Table, &[C::CandidateId]).await?;

        use MatchingRoundPreferences as F;
        manager
            .create_table(
                Table::create()
                    .table(F::Table)
                    .col(uuid(F::RoundId))
                    .col(uuid(F::CandidateId))
                    .col(integer(F::Rank))
                    .col(uuid(F::PackageId))
                    .primary_key(Index::create().col(F::RoundId).col(F::CandidateId).col(F::Rank))
                    .foreign_key(&mut fk("fk_round_preferences_round", F::Table, F::RoundId, R::Table, R::Id))
                    .foreign_key(&mut fk(
                        "fk_round_preferences_candidate",
                        F::Table,
                        F::CandidateId,
                        Candidates::Table,
                        Candidates::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "idx_round_preferences_candidate", F::Table, &[F::CandidateId]).await?;

        use MatchingRoundPackages as P;
        manager
            .create_table(
                Table::create()
                    .table(P::Table)
                    .col(uuid(P::RoundId))
                    .col(uuid(P::PackageId))
                    .col(integer(P::Positions))
                    .primary_key(Index::create().col(P::RoundId).col(P::PackageId))
                    .foreign_key(&mut fk("fk_round_packages_round", P::Table, P::RoundId, R::Table, R::Id))
                    .foreign_key(&mut fk(
                        "fk_round_packages_package",
                        P::Table,
                        P::PackageId,
                        TaskPackages::Table,
                        TaskPackages::Id,
                    ))
                    .to_owned(),
            )
            .await?;

        use MatchingRoundPairs as A;
        manager
            .create_table(
                Table::create()
                    .table(A::Table)
                    .col(uuid(A::RoundId))
                    .col(uuid(A::CandidateId))
                    .col(uuid(A::PackageId))
                    .col(small_integer(A::Score))
                    .primary_key(Index::create().col(A::RoundId).col(A::CandidateId).col(A::PackageId))
                    .foreign_key(&mut fk("fk_round_pairs_round", A::Table, A::RoundId, R::Table, R::Id))
                    .foreign_key(&mut fk(
                        "fk_round_pairs_candidate",
                        A::Table,
                        A::CandidateId,
                        Candidates::Table,
                        Candidates::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "idx_round_pairs_candidate", A::Table, &[A::CandidateId]).await?;
        index(manager, "idx_matches_round", Matches::Table, &[Matches::RoundId]).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name("idx_matches_round").table(Matches::Table).to_owned()).await?;
        for table in [
            MatchingRoundPairs::Table.into_iden(),
            MatchingRoundPackages::Table.into_iden(),
            MatchingRoundPreferences::Table.into_iden(),
            MatchingRoundCandidates::Table.into_iden(),
            MatchingRounds::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
