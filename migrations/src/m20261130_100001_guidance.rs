//! Issue 12, item 5: guidance. Who guides a person (`guidance_assignments`: a job coach or a workplace
//! mentor, each with its period; a new one ends the old, nothing is overwritten), check-ins on the integral
//! view (`guidance_check_ins`, the domains as one row each in `guidance_check_in_domains`), development
//! goals with every update of their progress (`guidance_goals`, `guidance_goal_updates`), provisions with
//! their cost and period (`guidance_provisions`, carrying the person's municipality for the budget), and
//! notes and contact moments with employers (`employer_notes`). Every table about a person is keyed by
//! `candidate_id`, so guidance also works for candidates who are not (yet) employed.

use sea_orm_migration::{prelude::*, schema::*};

use crate::schema_helpers::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum GuidanceAssignments {
    Table,
    Id,
    CandidateId,
    Kind,
    FromDate,
    UntilDate,
    CoachUserId,
    GuidanceOrganisationId,
    OrganisationId,
    MentorName,
    MentorContact,
    AssignedById,
    AssignedByName,
    CreatedAt,
    EndReason,
    EndedById,
    EndedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum GuidanceCheckIns {
    Table,
    Id,
    CandidateId,
    HeldOn,
    Note,
    AuthorId,
    AuthorName,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum GuidanceCheckInDomains {
    Table,
    CheckInId,
    CandidateId,
    Domain,
}

#[derive(DeriveIden, Clone, Copy)]
enum GuidanceGoals {
    Table,
    Id,
    CandidateId,
    Title,
    Description,
    TargetDate,
    Status,
    Percentage,
    CreatedById,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden, Clone, Copy)]
enum GuidanceGoalUpdates {
    Table,
    Id,
    GoalId,
    CandidateId,
    Status,
    Percentage,
    Note,
    AuthorId,
    AuthorName,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum GuidanceProvisions {
    Table,
    Id,
    CandidateId,
    MunicipalityId,
    Kind,
    Description,
    Cost,
    FromDate,
    UntilDate,
    CreatedById,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum EmployerNotes {
    Table,
    Id,
    OrganisationId,
    Kind,
    HeldOn,
    Subject,
    Note,
    AuthorId,
    AuthorName,
    CreatedAt,
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
enum Users {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use GuidanceAssignments as A;
        manager
            .create_table(
                Table::create()
                    .table(A::Table)
                    .col(pk_uuid(A::Id))
                    .col(uuid(A::CandidateId))
                    .col(string_len(A::Kind, 16))
                    .col(date(A::FromDate))
                    .col(date_null(A::UntilDate))
                    .col(uuid_null(A::CoachUserId))
                    .col(uuid_null(A::GuidanceOrganisationId))
                    .col(uuid_null(A::OrganisationId))
                    .col(string_len(A::MentorName, 120))
                    .col(string_len(A::MentorContact, 200))
                    .col(uuid_null(A::AssignedById))
                    .col(string_len_null(A::AssignedByName, 120))
                    .col(timestamp_with_time_zone(A::CreatedAt))
                    .col(text(A::EndReason))
                    .col(uuid_null(A::EndedById))
                    .col(timestamp_with_time_zone_null(A::EndedAt))
                    .foreign_key(&mut fk(
                        "fk_guidance_assignments_candidate",
                        A::Table,
                        A::CandidateId,
                        Candidates::Table,
                        Candidates::Id,
                    ))
                    .foreign_key(&mut fk(
                        "fk_guidance_assignments_coach",
                        A::Table,
                        A::CoachUserId,
                        Users::Table,
                        Users::Id,
                    ))
                    .foreign_key(&mut fk(
                        "fk_guidance_assignments_guidance_org",
                        A::Table,
                        A::GuidanceOrganisationId,
                        Organisations::Table,
                        Organisations::Id,
                    ))
                    .foreign_key(&mut fk(
                        "fk_guidance_assignments_org",
                        A::Table,
                        A::OrganisationId,
                        Organisations::Table,
                        Organisations::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "idx_guidance_assignments_candidate", A::Table, &[A::CandidateId, A::Kind]).await?;
        index(manager, "idx_guidance_assignments_coach", A::Table, &[A::CoachUserId, A::UntilDate]).await?;

        use GuidanceCheckIns as C;
        manager
            .create_table(
                Table::create()
                    .table(C::Table)
                    .col(pk_uuid(C::Id))
                    .col(uuid(C::CandidateId))
                    .col(date(C::HeldOn))
                    .col(text(C::Note))
                    .col(uuid_null(C::AuthorId))
                    .col(string_len_null(C::AuthorName, 120))
                    .col(timestamp_with_time_zone(C::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_guidance_check_ins_candidate",
                        C::Table,
                        C::CandidateId,
                        Candidates::Table,
                        Candidates::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "idx_guidance_check_ins_candidate", C::Table, &[C::CandidateId, C::HeldOn]).await?;

        use GuidanceCheckInDomains as D;
        manager
            .create_table(
                Table::create()
                    .table(D::Table)
                    .col(uuid(D::CheckInId))
                    .col(uuid(D::CandidateId))
                    .col(string_len(D::Domain, 20))
                    .primary_key(Index::create().col(D::CheckInId).col(D::Domain))
                    .foreign_key(&mut fk(
                        "fk_guidance_check_in_domains_check_in",
                        D::Table,
                        D::CheckInId,
                        C::Table,
                        C::Id,
                    ))
                    .foreign_key(&mut fk(
                        "fk_guidance_check_in_domains_candidate",
                        D::Table,
                        D::CandidateId,
                        Candidates::Table,
                        Candidates::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "idx_guidance_check_in_domains_candidate", D::Table, &[D::CandidateId]).await?;

        use GuidanceGoals as G;
        manager
            .create_table(
                Table::create()
                    .table(G::Table)
                    .col(pk_uuid(G::Id))
                    .col(uuid(G::CandidateId))
                    .col(string_len(G::Title, 200))
                    .col(text(G::Description))
                    .col(date_null(G::TargetDate))
                    .col(string_len(G::Status, 16))
                    .col(small_integer(G::Percentage))
                    .col(uuid_null(G::CreatedById))
                    .col(timestamp_with_time_zone(G::CreatedAt))
                    .col(timestamp_with_time_zone(G::UpdatedAt))
                    .col(integer(G::Version).default(1))
                    .foreign_key(&mut fk(
                        "fk_guidance_goals_candidate",
                        G::Table,
                        G::CandidateId,
                        Candidates::Table,
                        Candidates::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "idx_guidance_goals_candidate", G::Table, &[G::CandidateId]).await?;

        use GuidanceGoalUpdates as U;
        manager
            .create_table(
                Table::create()
                    .table(U::Table)
                    .col(pk_uuid(U::Id))
                    .col(uuid(U::GoalId))
                    .col(uuid(U::CandidateId))
                    .col(string_len(U::Status, 16))
                    .col(small_integer(U::Percentage))
                    .col(text(U::Note))
                    .col(uuid_null(U::AuthorId))
                    .col(string_len_null(U::AuthorName, 120))
                    .col(timestamp_with_time_zone(U::CreatedAt))
                    .foreign_key(&mut fk("fk_guidance_goal_updates_goal", U::Table, U::GoalId, G::Table, G::Id))
                    .foreign_key(&mut fk(
                        "fk_guidance_goal_updates_candidate",
                        U::Table,
                        U::CandidateId,
                        Candidates::Table,
                        Candidates::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "idx_guidance_goal_updates_goal", U::Table, &[U::GoalId, U::CreatedAt]).await?;
        index(manager, "idx_guidance_goal_updates_candidate", U::Table, &[U::CandidateId]).await?;

        use GuidanceProvisions as P;
        manager
            .create_table(
                Table::create()
                    .table(P::Table)
                    .col(pk_uuid(P::Id))
                    .col(uuid(P::CandidateId))
                    .col(uuid(P::MunicipalityId))
                    .col(string_len(P::Kind, 32))
                    .col(string_len(P::Description, 200))
                    .col(decimal_len(P::Cost, 12, 2))
                    .col(date(P::FromDate))
                    .col(date(P::UntilDate))
                    .col(uuid_null(P::CreatedById))
                    .col(timestamp_with_time_zone(P::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_guidance_provisions_candidate",
                        P::Table,
                        P::CandidateId,
                        Candidates::Table,
                        Candidates::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "idx_guidance_provisions_candidate", P::Table, &[P::CandidateId]).await?;
        index(manager, "idx_guidance_provisions_municipality", P::Table, &[P::MunicipalityId, P::FromDate]).await?;

        use EmployerNotes as N;
        manager
            .create_table(
                Table::create()
                    .table(N::Table)
                    .col(pk_uuid(N::Id))
                    .col(uuid(N::OrganisationId))
                    .col(string_len(N::Kind, 16))
                    .col(date(N::HeldOn))
                    .col(string_len(N::Subject, 200))
                    .col(text(N::Note))
                    .col(uuid_null(N::AuthorId))
                    .col(string_len_null(N::AuthorName, 120))
                    .col(timestamp_with_time_zone(N::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_employer_notes_organisation",
                        N::Table,
                        N::OrganisationId,
                        Organisations::Table,
                        Organisations::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "idx_employer_notes_organisation", N::Table, &[N::OrganisationId, N::HeldOn]).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            EmployerNotes::Table.into_iden(),
            GuidanceProvisions::Table.into_iden(),
            GuidanceGoalUpdates::Table.into_iden(),
            GuidanceGoals::Table.into_iden(),
            GuidanceCheckInDomains::Table.into_iden(),
            GuidanceCheckIns::Table.into_iden(),
            GuidanceAssignments::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
