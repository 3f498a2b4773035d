//! Registration: municipalities, neighbourhoods, task categories, abilities, candidates with their
//! abilities, wishes, status history, intakes and eligibility decisions, and the organisation's profile.

use sea_orm_migration::{prelude::*, schema::*};

use crate::schema_helpers::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Municipalities {
    Table,
    Id,
    Name,
    Code,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Neighbourhoods {
    Table,
    Id,
    MunicipalityId,
    Name,
    /// Comma-separated 4-digit ranges, e.g. `9711-9718,9720-9720`.
    PostcodeRanges,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden, Clone, Copy)]
enum TaskCategories {
    Table,
    Id,
    Name,
    Description,
    Active,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden, Clone, Copy)]
enum Abilities {
    Table,
    Id,
    Name,
    Description,
    Active,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden, Clone, Copy)]
enum Users {
    Table,
    MunicipalityId,
}

#[derive(DeriveIden, Clone, Copy)]
enum Organisations {
    Table,
    Id,
    Description,
    ContributionPerPosition,
}

#[derive(DeriveIden, Clone, Copy)]
enum OrganisationNeighbourhoods {
    Table,
    OrganisationId,
    NeighbourhoodId,
}

#[derive(DeriveIden, Clone, Copy)]
enum OrganisationContacts {
    Table,
    Id,
    OrganisationId,
    Name,
    Role,
    Email,
    Phone,
    Position,
}

#[derive(DeriveIden, Clone, Copy)]
enum Candidates {
    Table,
    Id,
    MunicipalityId,
    FirstName,
    LastName,
    SearchName,
    DateOfBirth,
    Bsn,
    Email,
    Phone,
    Postcode,
    HouseNumber,
    NeighbourhoodId,
    Source,
    TargetGroupRegister,
    BenefitKind,
    BenefitMonthlyAmount,
    RegularWorkEvidence,
    AvailableHours,
    AvailableDays,
    AvailabilityConfirmedAt,
    PhysicalLimitations,
    LimitationNotes,
    WishNeighbourhoodId,
    DreamJob,
    WageValuePct,
    ExpectedWageValuePct,
    Status,
    ExitReason,
    CreatedAt,
    UpdatedAt,
    ErasedAt,
    Version,
}

#[derive(DeriveIden, Clone, Copy)]
enum CandidateAbilities {
    Table,
    CandidateId,
    AbilityId,
    Level,
}

#[derive(DeriveIden, Clone, Copy)]
enum CandidateWishCategories {
    Table,
    CandidateId,
    TaskCategoryId,
}

#[derive(DeriveIden, Clone, Copy)]
enum CandidateStatusChanges {
    Table,
    Id,
    CandidateId,
    FromStatus,
    ToStatus,
    Reason,
    ExitReason,
    ChangedById,
    ChangedByName,
    ChangedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Intakes {
    Table,
    Id,
    CandidateId,
    Kind,
    HeldOn,
    Assessor,
    Result,
    Notes,
    CreatedById,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum EligibilityDecisions {
    Table,
    Id,
    CandidateId,
    Outcome,
    Motivation,
    DecidedById,
    DecidedByName,
    DecidedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Municipalities::Table)
                    .col(pk_uuid(Municipalities::Id))
                    .col(string_len(Municipalities::Name, 120))
                    .col(string_len_uniq(Municipalities::Code, 10))
                    .col(timestamp_with_time_zone(Municipalities::CreatedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Neighbourhoods::Table)
                    .col(pk_uuid(Neighbourhoods::Id))
                    .col(uuid(Neighbourhoods::MunicipalityId))
                    .col(string_len(Neighbourhoods::Name, 120))
                    .col(text(Neighbourhoods::PostcodeRanges))
                    .col(timestamp_with_time_zone(Neighbourhoods::CreatedAt))
                    .col(timestamp_with_time_zone(Neighbourhoods::UpdatedAt))
                    .col(integer(Neighbourhoods::Version).default(1))
                    .foreign_key(&mut fk(
                        "fk_neighbourhoods_municipality",
                        Neighbourhoods::Table,
                        Neighbourhoods::MunicipalityId,
                        Municipalities::Table,
                        Municipalities::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        unique_index(
            manager,
            "idx_neighbourhoods_name",
            Neighbourhoods::Table,
            &[Neighbourhoods::MunicipalityId, Neighbourhoods::Name],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(TaskCategories::Table)
                    .col(pk_uuid(TaskCategories::Id))
                    .col(string_len_uniq(TaskCategories::Name, 120))
                    .col(text(TaskCategories::Description))
                    .col(boolean(TaskCategories::Active).default(true))
                    .col(timestamp_with_time_zone(TaskCategories::CreatedAt))
                    .col(timestamp_with_time_zone(TaskCategories::UpdatedAt))
                    .col(integer(TaskCategories::Version).default(1))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Abilities::Table)
                    .col(pk_uuid(Abilities::Id))
                    .col(string_len_uniq(Abilities::Name, 120))
                    .col(text(Abilities::Description))
                    .col(boolean(Abilities::Active).default(true))
                    .col(timestamp_with_time_zone(Abilities::CreatedAt))
                    .col(timestamp_with_time_zone(Abilities::UpdatedAt))
                    .col(integer(Abilities::Version).default(1))
                    .to_owned(),
            )
            .await?;

        // Staff of one municipality; NULL for regional staff, who see the whole region.
        manager
            .alter_table(Table::alter().table(Users::Table).add_column(uuid_null(Users::MunicipalityId)).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Organisations::Table)
                    .add_column(text(Organisations::Description).default(""))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Organisations::Table)
                    .add_column(decimal_len_null(Organisations::ContributionPerPosition, 12, 2))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(OrganisationNeighbourhoods::Table)
                    .col(uuid(OrganisationNeighbourhoods::OrganisationId))
                    .col(uuid(OrganisationNeighbourhoods::NeighbourhoodId))
                    .primary_key(
                        Index::create()
                            .col(OrganisationNeighbourhoods::OrganisationId)
                            .col(OrganisationNeighbourhoods::NeighbourhoodId),
                    )
                    .foreign_key(&mut fk(
                        "fk_organisation_neighbourhoods_organisation",
                        OrganisationNeighbourhoods::Table,
                        OrganisationNeighbourhoods::OrganisationId,
                        Organisations::Table,
                        Organisations::Id,
                    ))
                    .foreign_key(&mut fk(
                        "fk_organisation_neighbourhoods_neighbourhood",
                        OrganisationNeighbourhoods::Table,
                        OrganisationNeighbourhoods::NeighbourhoodId,
                        Neighbourhoods::Table,
                        Neighbourhoods::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_organisation_neighbourhoods_neighbourhood",
            OrganisationNeighbourhoods::Table,
            &[OrganisationNeighbourhoods::NeighbourhoodId],
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(OrganisationContacts::Table)
                    .col(pk_uuid(OrganisationContacts::Id))
                    .col(uuid(OrganisationContacts::OrganisationId))
                    .col(string_len(OrganisationContacts::Name, 120))
                    .col(string_len(OrganisationContacts::Role, 120))
                    .col(string_len(OrganisationContacts::Email, 200))
                    .col(string_len(OrganisationContacts::Phone, 30))
                    .col(integer(OrganisationContacts::Position))
                    .foreign_key(&mut fk(
                        "fk_organisation_contacts_organisation",
                        OrganisationContacts::Table,
                        OrganisationContacts::OrganisationId,
                        Organisations::Table,
                        Organisations::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_organisation_contacts_organisation",
            OrganisationContacts::Table,
            &[OrganisationContacts::OrganisationId],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Candidates::Table)
                    .col(pk_uuid(Candidates::Id))
                    .col(uuid(Candidates::MunicipalityId))
                    .col(string_len(Candidates::FirstName, 100))
                    .col(string_len(Candidates::LastName, 100))
                    // Lower-case "first last" for search.
                    .col(string_len(Candidates::SearchName, 201))
                    .col(date_null(Candidates::DateOfBirth))
                    // NULL after erasure (GDPR art. 17); unique while present.
                    .col(string_len_null(Candidates::Bsn, 9))
                    .col(string_len(Candidates::Email, 200))
                    .col(string_len(Candidates::Phone, 30))
                    .col(string_len(Candidates::Postcode, 7))
                    .col(string_len(Candidates::HouseNumber, 10))
                    .col(uuid_null(Candidates::NeighbourhoodId))
                    .col(string_len(Candidates::Source, 20))
                    .col(boolean(Candidates::TargetGroupRegister))
                    .col(string_len_null(Candidates::BenefitKind, 20))
                    .col(decimal_len_null(Candidates::BenefitMonthlyAmount, 12, 2))
                    .col(text(Candidates::RegularWorkEvidence))
                    .col(integer_null(Candidates::AvailableHours))
                    .col(string_len(Candidates::AvailableDays, 40))
                    .col(timestamp_with_time_zone_null(Candidates::AvailabilityConfirmedAt))
                    .col(string_len(Candidates::PhysicalLimitations, 400))
                    .col(text(Candidates::LimitationNotes))
                    .col(uuid_null(Candidates::WishNeighbourhoodId))
                    .col(text(Candidates::DreamJob))
                    .col(integer_null(Candidates::WageValuePct))
                    .col(integer_null(Candidates::ExpectedWageValuePct))
                    .col(string_len(Candidates::Status, 20))
                    .col(string_len_null(Candidates::ExitReason, 20))
                    .col(timestamp_with_time_zone(Candidates::CreatedAt))
                    .col(timestamp_with_time_zone(Candidates::UpdatedAt))
                    .col(timestamp_with_time_zone_null(Candidates::ErasedAt))
                    .col(integer(Candidates::Version).default(1))
                    .foreign_key(&mut fk(
                        "fk_candidates_municipality",
                        Candidates::Table,
                        Candidates::MunicipalityId,
                        Municipalities::Table,
                        Municipalities::Id,
                    ))
                    .foreign_key(&mut fk(
                        "fk_candidates_neighbourhood",
                        Candidates::Table,
                        Candidates::NeighbourhoodId,
                        Neighbourhoods::Table,
                        Neighbourhoods::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        unique_index(manager, "idx_candidates_bsn", Candidates::Table, &[Candidates::Bsn]).await?;
        index(
            manager,
            "idx_candidates_municipality_name",
            Candidates::Table,
            &[Candidates::MunicipalityId, Candidates::LastName],
        )
        .await?;
        index(manager, "idx_candidates_status", Candidates::Table, &[Candidates::Status]).await?;
        index(manager, "idx_candidates_neighbourhood", Candidates::Table, &[Candidates::NeighbourhoodId]).await?;
        index(manager, "idx_candidates_source", Candidates::Table, &[Candidates::Source]).await?;
        index(manager, "idx_candidates_register", Candidates::Table, &[Candidates::TargetGroupRegister]).await?;
        index(manager, "idx_candidates_postcode", Candidates::Table, &[Candidates::Postcode]).await?;
        index(manager, "idx_candidates_search_name", Candidates::Table, &[Candidates::SearchName]).await?;
        index(manager, "idx_candidates_updated_at", Candidates::Table, &[Candidates::UpdatedAt]).await?;

        manager
            .create_table(
                Table::create()
                    .table(CandidateAbilities::Table)
                    .col(uuid(CandidateAbilities::CandidateId))
                    .col(uuid(CandidateAbilities::AbilityId))
                    .col(small_integer(CandidateAbilities::Level))
                    .primary_key(
                        Index::create().col(CandidateAbilities::CandidateId).col(CandidateAbilities::AbilityId),
                    )
                    .foreign_key(&mut fk(
                        "fk_candidate_abilities_candidate",
                        CandidateAbilities::Table,
                        CandidateAbilities::CandidateId,
                        Candidates::Table,
                        Candidates::Id,
                    ))
                    .foreign_key(&mut fk(
                        "fk_candidate_abilities_ability",
                        CandidateAbilities::Table,
                        CandidateAbilities::AbilityId,
                        Abilities::Table,
                        Abilities::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "idx_candidate_abilities_ability", CandidateAbilities::Table, &[CandidateAbilities::AbilityId])
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CandidateWishCategories::Table)
                    .col(uuid(CandidateWishCategories::CandidateId))
                    .col(uuid(CandidateWishCategories::TaskCategoryId))
                    .primary_key(
                        Index::create()
                            .col(CandidateWishCategories::CandidateId)
                            .col(CandidateWishCategories::TaskCategoryId),
                    )
                    .foreign_key(&mut fk(
                        "fk_candidate_wishes_candidate",
                        CandidateWishCategories::Table,
                        CandidateWishCategories::CandidateId,
                        Candidates::Table,
                        Candidates::Id,
                    ))
                    .foreign_key(&mut fk(
                        "fk_candidate_wishes_category",
                        CandidateWishCategories::Table,
                        CandidateWishCategories::TaskCategoryId,
                        TaskCategories::Table,
                        TaskCategories::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CandidateStatusChanges::Table)
                    .col(pk_uuid(CandidateStatusChanges::Id))
                    .col(uuid(CandidateStatusChanges::CandidateId))
                    .col(string_len_null(CandidateStatusChanges::FromStatus, 20))
                    .col(string_len(CandidateStatusChanges::ToStatus, 20))
                    .col(text(CandidateStatusChanges::Reason))
                    .col(string_len_null(CandidateStatusChanges::ExitReason, 20))
                    .col(uuid_null(CandidateStatusChanges::ChangedById))
                    .col(string_len_null(CandidateStatusChanges::ChangedByName, 120))
                    .col(timestamp_with_time_zone(CandidateStatusChanges::ChangedAt))
                    .foreign_key(&mut fk(
                        "fk_status_changes_candidate",
                        CandidateStatusChanges::Table,
                        CandidateStatusChanges::CandidateId,
                        Candidates::Table,
                        Candidates::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_status_changes_candidate",
            CandidateStatusChanges::Table,
            &[CandidateStatusChanges::CandidateId, CandidateStatusChanges::ChangedAt],
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(Intakes::Table)
                    .col(pk_uuid(Intakes::Id))
                    .col(uuid(Intakes::CandidateId))
                    .col(string_len(Intakes::Kind, 20))
                    .col(date(Intakes::HeldOn))
                    .col(string_len(Intakes::Assessor, 120))
                    .col(text(Intakes::Result))
                    .col(text(Intakes::Notes))
                    .col(uuid_null(Intakes::CreatedById))
                    .col(timestamp_with_time_zone(Intakes::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_intakes_candidate",
                        Intakes::Table,
                        Intakes::CandidateId,
                        Candidates::Table,
                        Candidates::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "idx_intakes_candidate", Intakes::Table, &[Intakes::CandidateId, Intakes::HeldOn]).await?;
        manager
            .create_table(
                Table::create()
                    .table(EligibilityDecisions::Table)
                    .col(pk_uuid(EligibilityDecisions::Id))
                    .col(uuid(EligibilityDecisions::CandidateId))
                    .col(string_len(EligibilityDecisions::Outcome, 20))
                    .col(text(EligibilityDecisions::Motivation))
                    .col(uuid_null(EligibilityDecisions::DecidedById))
                    .col(string_len_null(EligibilityDecisions::DecidedByName, 120))
                    .col(timestamp_with_time_zone(EligibilityDecisions::DecidedAt))
                    .foreign_key(&mut fk(
                        "fk_eligibility_candidate",
                        EligibilityDecisions::Table,
                        EligibilityDecisions::CandidateId,
                        Candidates::Table,
                        Candidates::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "idx_eligibility_candidate", EligibilityDecisions::Table, &[EligibilityDecisions::CandidateId])
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            EligibilityDecisions::Table.into_iden(),
            Intakes::Table.into_iden(),
            CandidateStatusChanges::Table.into_iden(),
            CandidateWishCategories::Table.into_iden(),
            CandidateAbilities::Table.into_iden(),
            Candidates::Table.into_iden(),
            OrganisationContacts::Table.into_iden(),
            OrganisationNeighbourhoods::Table.into_iden(),
            Abilities::Table.into_iden(),
            TaskCategories::Table.into_iden(),
            Neighbourhoods::Table.into_iden(),
            Municipalities::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
