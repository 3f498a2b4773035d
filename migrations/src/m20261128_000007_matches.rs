//! Issue 11: matches and the positions they take. A package's positions are rows, created when it opens; a
//! match walks `proposed -> introduced -> trial_placement -> agreed -> contracted` or ends `declined`, each
//! step recorded. The database itself keeps a position to one placement and a candidate to one placement
//! (partial unique indexes over the stages that hold a position), whatever races the code loses.

use sea_orm_migration::{prelude::*, schema::*};

use crate::schema_helpers::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum PackagePositions {
    Table,
    Id,
    PackageId,
    Number,
}

#[derive(DeriveIden, Clone, Copy)]
enum Matches {
    Table,
    Id,
    CandidateId,
    PackageId,
    PositionId,
    RoundId,
    Stage,
    Score,
    DeclinedBy,
    DeclineReason,
    TrialStartDate,
    TrialEndDate,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden, Clone, Copy)]
enum MatchSteps {
    Table,
    Id,
    MatchId,
    FromStage,
    ToStage,
    Reason,
    DeclinedBy,
    ActorId,
    ActorName,
    ActorKind,
    At,
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

/// The stages in which a match holds a position.
const HOLDING: [&str; 3] = ["trial_placement", "agreed", "contracted"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use PackagePositions as P;
        manager
            .create_table(
                Table::create()
                    .table(P::Table)
                    .col(pk_uuid(P::Id))
                    .col(uuid(P::PackageId))
                    .col(integer(P::Number))
                    .foreign_key(&mut fk(
                        "fk_positions_package",
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
                    .name("uq_positions_package_number")
                    .table(P::Table)
                    .col(P::PackageId)
                    .col(P::Number)
                    .unique()
                    .to_owned(),
            )
            .await?;

        use Matches as M;
        manager
            .create_table(
                Table::create()
                    .table(M::Table)
                    .col(pk_uuid(M::Id))
                    .col(uuid(M::CandidateId))
                    .col(uuid(M::PackageId))
                    .col(uuid_null(M::PositionId))
                    .col(uuid_null(M::RoundId))
                    .col(string_len(M::Stage, 20))
                    .col(small_integer_null(M::Score))
                    .col(string_len_null(M::DeclinedBy, 20))
                    .col(text(M::DeclineReason))
                    .col(date_null(M::TrialStartDate))
                    .col(date_null(M::TrialEndDate))
                    .col(timestamp_with_time_zone(M::CreatedAt))
                    .col(timestamp_with_time_zone(M::UpdatedAt))
                    .col(integer(M::Version).default(1))
                    .foreign_key(&mut fk(
                        "fk_matches_candidate",
                        M::Table,
                        M::CandidateId,
                        Candidates::Table,
                        Candidates::Id,
                    ))
                    .foreign_key(&mut fk(
                        "fk_matches_package",
                        M::Table,
                        M::PackageId,
                        TaskPackages::Table,
                        TaskPackages::Id,
                    ))
                    .foreign_key(&mut fk("fk_matches_position", M::Table, M::PositionId, P::Table, P::Id))
                    .to_owned(),
            )
            .await?;
        index(manager, "idx_matches_package_stage", M::Table, &[M::PackageId, M::Stage]).await?;
        index(manager, "idx_matches_candidate_stage", M::Table, &[M::CandidateId, M::Stage]).await?;
        index(manager, "idx_matches_stage_updated", M::Table, &[M::Stage, M::UpdatedAt]).await?;
        for (name, column) in
            [("uq_matches_position_placement", M::PositionId), ("uq_matches_candidate_placement", M::CandidateId)]
        {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(M::Table)
                        .col(column)
                        .unique()
                        .and_where(Expr::col(M::Stage).is_in(HOLDING))
                        .to_owned(),
                )
                .await?;
        }

        use MatchSteps as S;
        manager
            .create_table(
                Table::create()
                    .table(S::Table)
                    .col(pk_uuid(S::Id))
                    .col(uuid(S::MatchId))
                    .col(string_len_null(S::FromStage, 20))
                    .col(string_len(S::ToStage, 20))
                    .col(text(S::Reason))
                    .col(string_len_null(S::DeclinedBy, 20))
                    .col(uuid_null(S::ActorId))
                    .col(string_len_null(S::ActorName, 120))
                    .col(string_len(S::ActorKind, 16))
                    .col(timestamp_with_time_zone(S::At))
                    .foreign_key(&mut fk("fk_match_steps_match", S::Table, S::MatchId, M::Table, M::Id))
                    .to_owned(),
            )
            .await?;
        index(manager, "idx_match_steps_match", S::Table, &[S::MatchId, S::At]).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(MatchSteps::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Matches::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(PackagePositions::Table).to_owned()).await?;
        Ok(())
    }
}
