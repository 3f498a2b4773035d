//! Issue 12: employment contracts and their versions. A contract is made from a match in `agreed` (one per
//! match), carries its municipality, and walks `draft -> signed -> active -> ended`. Every change (terms or
//! status) is a new row of `contract_versions` with the whole terms as they then were; nothing is
//! overwritten. One live (not ended) contract per candidate, kept by a partial unique index.
//!
//! The budget and job target of the programme are one record per municipality and year (`budgets`).
//!
//! A match whose contract ended "releases" its position: `matches.released_at` is set, and the partial unique
//! indexes that keep a position and a candidate to one placement count only the matches not released, so
//! the freed position can be taken again.

use sea_orm_migration::sea_orm::ConnectionTrait;
use sea_orm_migration::{prelude::*, schema::*};

use crate::schema_helpers::{fk, index, unique_index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Contracts {
    Table,
    Id,
    CandidateId,
    OrganisationId,
    PackageId,
    MatchId,
    MunicipalityId,
    Status,
    Kind,
    StartDate,
    EndDate,
    HoursPerWeek,
    HoursReason,
    CollectiveAgreement,
    PayScale,
    HourlyWage,
    TrialPeriodMonths,
    EndReason,
    EndedOn,
    ActorKind,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden, Clone, Copy)]
enum ContractVersions {
    Table,
    Id,
    ContractId,
    CandidateId,
    Version,
    Status,
    Kind,
    StartDate,
    EndDate,
    HoursPerWeek,
    HoursReason,
    CollectiveAgreement,
    PayScale,
    HourlyWage,
    TrialPeriodMonths,
    EndReason,
    EndedOn,
    Reason,
    ChangedById,
    ChangedByName,
    ActorKind,
    ChangedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Budgets {
    Table,
    Id,
    MunicipalityId,
    Year,
    Amount,
    JobTarget,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden, Clone, Copy)]
enum Municipalities {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Matches {
    Table,
    Id,
    ReleasedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Candidates {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Organisations {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum TaskPackages {
    Table,
    Id,
}

/// The stages in which a match holds a position (as in `m20261128_000007_matches`).
const HOLDING: [&str; 3] = ["trial_placement", "agreed", "contracted"];
/// The statuses of a live contract: it binds the person.
const LIVE: [&str; 3] = ["draft", "signed", "active"];
const PLACEMENT_INDEXES: [&str; 2] = ["uq_matches_position_placement", "uq_matches_candidate_placement"];

/// Drops and re-creates the two placement indexes, counting the released matches out (`released`) or not,
/// in one batch on one connection (on SQLite a later statement on another pooled connection could still see
/// the dropped index). The statements are the same on SQLite and PostgreSQL.
async fn placement_indexes(manager: &SchemaManager<'_>, released: bool) -> Result<(), DbErr> {
    let holding = HOLDING.map(|s| format!("'{s}'")).join(", ");
    let extra = if released { " AND released_at IS NULL" } else { "" };
    let mut batch = String::new();
    for (name, column) in PLACEMENT_INDEXES.into_iter().zip(["position_id", "candidate_id"]) {
        batch.push_str(&format!(
            "DROP INDEX IF EXISTS {name}; CREATE UNIQUE INDEX {name} ON matches ({column}) WHERE stage IN ({holding}){extra}; "
        ));
    }
    manager.get_connection().execute_unprepared(&batch).await?;
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Matches::Table)
                    .add_column(timestamp_with_time_zone_null(Matches::ReleasedAt))
                    .to_owned(),
            )
            .await?;
        placement_indexes(manager, true).await?;

        use Contracts as C;
        manager
            .create_table(
                Table::create()
                    .table(C::Table)
                    .col(pk_uuid(C::Id))
                    .col(uuid(C::CandidateId))
                    .col(uuid(C::OrganisationId))
                    .col(uuid(C::PackageId))
                    .col(uuid(C::MatchId))
                    .col(uuid(C::MunicipalityId))
                    .col(string_len(C::Status, 16))
                    .col(string_len(C::Kind, 16))
                    .col(date(C::StartDate))
                    .col(date_null(C::EndDate))
                    .col(small_integer(C::HoursPerWeek))
                    .col(string_len_null(C::HoursReason, 16))
                    .col(string_len(C::CollectiveAgreement, 120))
                    .col(string_len(C::PayScale, 60))
                    .col(decimal_len(C::HourlyWage, 8, 2))
                    .col(small_integer(C::TrialPeriodMonths))
                    .col(string_len_null(C::EndReason, 20))
                    .col(date_null(C::EndedOn))
                    .col(string_len(C::ActorKind, 16))
                    .col(timestamp_with_time_zone(C::CreatedAt))
                    .col(timestamp_with_time_zone(C::UpdatedAt))
                    .col(integer(C::Version).default(1))
                    .foreign_key(&mut fk(
                        "fk_contracts_candidate",
                        C::Table,
                        C::CandidateId,
                        Candidates::Table,
                        Candidates::Id,
                    ))
                    .foreign_key(&mut fk(
                        "fk_contracts_organisation",
                        C::Table,
                        C::OrganisationId,
                        Organisations::Table,
                        Organisations::Id,
                    ))
                    .foreign_key(&mut fk(
                        "fk_contracts_package",
                        C::Table,
                        C::PackageId,
                        TaskPackages::Table,
                        TaskPackages::Id,
                    ))
                    .foreign_key(&mut fk("fk_contracts_match", C::Table, C::MatchId, Matches::Table, Matches::Id))
                    .to_owned(),
            )
            .await?;
        unique_index(manager, "uq_contracts_match", C::Table, &[C::MatchId]).await?;
        index(manager, "idx_contracts_municipality_updated", C::Table, &[C::MunicipalityId, C::UpdatedAt]).await?;
        index(manager, "idx_contracts_organisation_updated", C::Table, &[C::OrganisationId, C::UpdatedAt]).await?;
        index(manager, "idx_contracts_status_updated", C::Table, &[C::Status, C::UpdatedAt]).await?;
        index(manager, "idx_contracts_candidate", C::Table, &[C::CandidateId]).await?;
        // One live contract per person, whatever requests race: a second one is a unique violation (409).
        manager
            .create_index(
                Index::create()
                    .name("uq_contracts_live_candidate")
                    .table(C::Table)
                    .col(C::CandidateId)
                    .unique()
                    .and_where(Expr::col(C::Status).is_in(LIVE))
                    .to_owned(),
            )
            .await?;

        use ContractVersions as V;
        manager
            .create_table(
                Table::create()
                    .table(V::Table)
                    .col(pk_uuid(V::Id))
                    .col(uuid(V::ContractId))
                    .col(uuid(V::CandidateId))
                    .col(integer(V::Version))
                    .col(string_len(V::Status, 16))
                    .col(string_len(V::Kind, 16))
                    .col(date(V::StartDate))
                    .col(date_null(V::EndDate))
                    .col(small_integer(V::HoursPerWeek))
                    .col(string_len_null(V::HoursReason, 16))
                    .col(string_len(V::CollectiveAgreement, 120))
                    .col(string_len(V::PayScale, 60))
                    .col(decimal_len(V::HourlyWage, 8, 2))
                    .col(small_integer(V::TrialPeriodMonths))
                    .col(string_len_null(V::EndReason, 20))
                    .col(date_null(V::EndedOn))
                    .col(text(V::Reason))
                    .col(uuid_null(V::ChangedById))
                    .col(string_len_null(V::ChangedByName, 120))
                    .col(string_len(V::ActorKind, 16))
                    .col(timestamp_with_time_zone(V::ChangedAt))
                    .foreign_key(&mut fk("fk_contract_versions_contract", V::Table, V::ContractId, C::Table, C::Id))
                    .foreign_key(&mut fk(
                        "fk_contract_versions_candidate",
                        V::Table,
                        V::CandidateId,
                        Candidates::Table,
                        Candidates::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        unique_index(manager, "uq_contract_versions_version", V::Table, &[V::ContractId, V::Version]).await?;
        index(manager, "idx_contract_versions_candidate", V::Table, &[V::CandidateId]).await?;

        use Budgets as B;
        manager
            .create_table(
                Table::create()
                    .table(B::Table)
                    .col(pk_uuid(B::Id))
                    .col(uuid(B::MunicipalityId))
                    .col(integer(B::Year))
                    .col(decimal_len(B::Amount, 14, 2))
                    .col(integer(B::JobTarget))
                    .col(timestamp_with_time_zone(B::UpdatedAt))
                    .col(integer(B::Version).default(1))
                    .foreign_key(&mut fk(
                        "fk_budgets_municipality",
                        B::Table,
                        B::MunicipalityId,
                        Municipalities::Table,
                        Municipalities::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        unique_index(manager, "uq_budgets_municipality_year", B::Table, &[B::MunicipalityId, B::Year]).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Budgets::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(ContractVersions::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Contracts::Table).to_owned()).await?;
        placement_indexes(manager, false).await?;
        manager.alter_table(Table::alter().table(Matches::Table).drop_column(Matches::ReleasedAt).to_owned()).await
    }
}
