//! Task intake: neighbourhood sessions, tasks with their required abilities, and task packages with their
//! tasks and workflow history.

use sea_orm_migration::{prelude::*, schema::*};

use crate::schema_helpers::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Municipalities {
    Table,
    Id,
}
#[derive(DeriveIden, Clone, Copy)]
enum Neighbourhoods {
    Table,
    Id,
}
#[derive(DeriveIden, Clone, Copy)]
enum Organisations {
    Table,
    Id,
}
#[derive(DeriveIden, Clone, Copy)]
enum TaskCategories {
    Table,
    Id,
}
#[derive(DeriveIden, Clone, Copy)]
enum Abilities {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum NeighbourhoodSessions {
    Table,
    Id,
    MunicipalityId,
    NeighbourhoodId,
    /// The organisation that holds (and may change) the session; NULL when staff hold it.
    OrganisationId,
    HeldOn,
    Title,
    Notes,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden, Clone, Copy)]
enum NeighbourhoodSessionOrganisations {
    Table,
    SessionId,
    OrganisationId,
}

#[derive(DeriveIden, Clone, Copy)]
enum Tasks {
    Table,
    Id,
    MunicipalityId,
    OrganisationId,
    NeighbourhoodId,
    SessionId,
    CategoryId,
    Title,
    Description,
    Location,
    /// Comma-separated physical demands.
    PhysicalDemands,
    HoursPerWeek,
    /// Comma-separated schedule slots (`mon:morning`).
    Schedule,
    Supervision,
    SocialValue,
    Active,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden, Clone, Copy)]
enum TaskRequiredAbilities {
    Table,
    TaskId,
    AbilityId,
    MinLevel,
}

#[derive(DeriveIden, Clone, Copy)]
enum TaskPackages {
    Table,
    Id,
    MunicipalityId,
    OrganisationId,
    Title,
    Description,
    Positions,
    StartDate,
    HoursPerWeek,
    MentorName,
    MentorEmail,
    MentorPhone,
    Status,
    RejectionReason,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden, Clone, Copy)]
enum TaskPackageTasks {
    Table,
    PackageId,
    TaskId,
    Position,
}

#[derive(DeriveIden, Clone, Copy)]
enum TaskPackageStatusChanges {
    Table,
    Id,
    PackageId,
    FromStatus,
    ToStatus,
    Reason,
    ChangedById,
    ChangedByName,
    ChangedByRole,
    ChangedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use NeighbourhoodSessions as S;
        manager
            .create_table(
                Table::create()
                    .table(S::Table)
                    .col(pk_uuid(S::Id))
                    .col(uuid(S::MunicipalityId))
                    .col(uuid(S::NeighbourhoodId))
                    .col(uuid_null(S::OrganisationId))
                    .col(date(S::HeldOn))
                    .col(string_len(S::Title, 200))
                    .col(text(S::Notes))
                    .col(timestamp_with_time_zone(S::CreatedAt))
                    .col(timestamp_with_time_zone(S::UpdatedAt))
                    .col(integer(S::Version).default(1))
                    .foreign_key(&mut fk(
                        "fk_sessions_municipality",
                        S::Table,
                        S::MunicipalityId,
                        Municipalities::Table,
                        Municipalities::Id,
                    ))
                    .foreign_key(&mut fk(
                        "fk_sessions_neighbourhood",
                        S::Table,
                        S::NeighbourhoodId,
                        Neighbourhoods::Table,
                        Neighbourhoods::Id,
                    ))
                    .foreign_key(&mut fk(
                        "fk_sessions_organisation",
                        S::Table,
                        S::OrganisationId,
                        Organisations::Table,
                        Organisations::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "idx_sessions_neighbourhood", S::Table, &[S::NeighbourhoodId, S::HeldOn]).await?;
        index(manager, "idx_sessions_organisation", S::Table, &[S::OrganisationId]).await?;
        index(manager, "idx_sessions_held_on", S::Table, &[S::HeldOn]).await?;

        use NeighbourhoodSessionOrganisations as SO;
        manager
            .create_table(
                Table::create()
                    .table(SO::Table)
                    .col(uuid(SO::SessionId))
                    .col(uuid(SO::OrganisationId))
                    .primary_key(Index::create().col(SO::SessionId).col(SO::OrganisationId))
                    .foreign_key(&mut fk("fk_session_orgs_session", SO::Table, SO::SessionId, S::Table, S::Id))
                    .foreign_key(&mut fk(
                        "fk_session_orgs_organisation",
                        SO::Table,
                        SO::OrganisationId,
                        Organisations::Table,
                        Organisations::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "idx_session_orgs_organisation", SO::Table, &[SO::OrganisationId]).await?;

        use Tasks as T;
        manager
            .create_table(
                Table::create()
                    .table(T::Table)
                    .col(pk_uuid(T::Id))
                    .col(uuid(T::MunicipalityId))
                    .col(uuid(T::OrganisationId))
                    .col(uuid(T::NeighbourhoodId))
                    .col(uuid_null(T::SessionId))
                    .col(uuid(T::CategoryId))
                    .col(string_len(T::Title, 200))
                    .col(text(T::Description))
                    .col(string_len(T::Location, 200))
                    .col(string_len(T::PhysicalDemands, 400))
                    .col(integer(T::HoursPerWeek))
                    .col(string_len(T::Schedule, 600))
                    .col(text(T::Supervision))
                    .col(text(T::SocialValue))
                    .col(boolean(T::Active).default(true))
                    .col(timestamp_with_time_zone(T::CreatedAt))
                    .col(timestamp_with_time_zone(T::UpdatedAt))
                    .col(integer(T::Version).default(1))
                    .foreign_key(&mut fk(
                        "fk_tasks_municipality",
                        T::Table,
                        T::MunicipalityId,
                        Municipalities::Table,
                        Municipalities::Id,
                    ))
                    .foreign_key(&mut fk(
                        "fk_tasks_organisation",
                        T::Table,
                        T::OrganisationId,
                        Organisations::Table,
                        Organisations::Id,
                    ))
                    .foreign_key(&mut fk(
                        "fk_tasks_neighbourhood",
                        T::Table,
                        T::NeighbourhoodId,
                        Neighbourhoods::Table,
                        Neighbourhoods::Id,
                    ))
                    .foreign_key(&mut fk("fk_tasks_session", T::Table, T::SessionId, S::Table, S::Id))
                    .foreign_key(&mut fk(
                        "fk_tasks_category",
                        T::Table,
                        T::CategoryId,
                        TaskCategories::Table,
                        TaskCategories::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "idx_tasks_organisation", T::Table, &[T::OrganisationId]).await?;
        index(manager, "idx_tasks_neighbourhood", T::Table, &[T::NeighbourhoodId]).await?;
        index(manager, "idx_tasks_category", T::Table, &[T::CategoryId]).await?;
        index(manager, "idx_tasks_session", T::Table, &[T::SessionId]).await?;
        index(manager, "idx_tasks_active_title", T::Table, &[T::Active, T::Title]).await?;

        use TaskRequiredAbilities as TA;
        manager
            .create_table(
                Table::create()
                    .table(TA::Table)
                    .col(uuid(TA::TaskId))
                    .col(uuid(TA::AbilityId))
                    .col(small_integer(TA::MinLevel))
                    .primary_key(Index::create().col(TA::TaskId).col(TA::AbilityId))
                    .foreign_key(&mut fk("fk_task_abilities_task", TA::Table, TA::TaskId, T::Table, T::Id))
                    .foreign_key(&mut fk(
                        "fk_task_abilities_ability",
                        TA::Table,
                        TA::AbilityId,
                        Abilities::Table,
                        Abilities::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "idx_task_abilities_ability", TA::Table, &[TA::AbilityId]).await?;

        use TaskPackages as P;
        manager
            .create_table(
                Table::create()
                    .table(P::Table)
                    .col(pk_uuid(P::Id))
                    .col(uuid(P::MunicipalityId))
                    .col(uuid(P::OrganisationId))
                    .col(string_len(P::Title, 200))
                    .col(text(P::Description))
                    .col(integer(P::Positions))
                    .col(date_null(P::StartDate))
                    .col(integer(P::HoursPerWeek))
                    .col(string_len(P::MentorName, 120))
                    .col(string_len(P::MentorEmail, 200))
                    .col(string_len(P::MentorPhone, 30))
                    .col(string_len(P::Status, 20))
                    .col(text(P::RejectionReason))
                    .col(timestamp_with_time_zone(P::CreatedAt))
                    .col(timestamp_with_time_zone(P::UpdatedAt))
                    .col(integer(P::Version).default(1))
                    .foreign_key(&mut fk(
                        "fk_packages_municipality",
                        P::Table,
                        P::MunicipalityId,
                        Municipalities::Table,
                        Municipalities::Id,
                    ))
                    .foreign_key(&mut fk(
                        "fk_packages_organisation",
                        P::Table,
                        P::OrganisationId,
                        Organisations::Table,
                        Organisations::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "idx_packages_organisation", P::Table, &[P::OrganisationId]).await?;
        index(manager, "idx_packages_status", P::Table, &[P::Status, P::UpdatedAt]).await?;

        use TaskPackageTasks as PT;
        manager
            .create_table(
                Table::create()
                    .table(PT::Table)
                    .col(uuid(PT::PackageId))
                    .col(uuid(PT::TaskId))
                    .col(integer(PT::Position))
                    .primary_key(Index::create().col(PT::PackageId).col(PT::TaskId))
                    .foreign_key(&mut fk("fk_package_tasks_package", PT::Table, PT::PackageId, P::Table, P::Id))
                    .foreign_key(&mut fk("fk_package_tasks_task", PT::Table, PT::TaskId, T::Table, T::Id))
                    .to_owned(),
            )
            .await?;
        index(manager, "idx_package_tasks_task", PT::Table, &[PT::TaskId]).await?;

        use TaskPackageStatusChanges as PS;
        manager
            .create_table(
                Table::create()
                    .table(PS::Table)
                    .col(pk_uuid(PS::Id))
                    .col(uuid(PS::PackageId))
                    .col(string_len_null(PS::FromStatus, 20))
                    .col(string_len(PS::ToStatus, 20))
                    .col(text(PS::Reason))
                    .col(uuid_null(PS::ChangedById))
                    .col(string_len_null(PS::ChangedByName, 120))
                    .col(string_len_null(PS::ChangedByRole, 20))
                    .col(timestamp_with_time_zone(PS::ChangedAt))
                    .foreign_key(&mut fk("fk_package_changes_package", PS::Table, PS::PackageId, P::Table, P::Id))
                    .to_owned(),
            )
            .await?;
        index(manager, "idx_package_changes_package", PS::Table, &[PS::PackageId, PS::ChangedAt]).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            TaskPackageStatusChanges::Table.into_iden(),
            TaskPackageTasks::Table.into_iden(),
            TaskPackages::Table.into_iden(),
            TaskRequiredAbilities::Table.into_iden(),
            Tasks::Table.into_iden(),
            NeighbourhoodSessionOrganisations::Table.into_iden(),
            NeighbourhoodSessions::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
