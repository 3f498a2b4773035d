//! Issue 12 item 6: experience surveys. An employee's survey belongs to a contract (and names the person, so
//! it joins the GDPR copy and erasure); an organisation's survey belongs to the work provider. Both hold
//! scores 1-10 and a free comment, with who entered them.

use sea_orm_migration::{prelude::*, schema::*};

use crate::schema_helpers::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum EmployeeSurveys {
    Table,
    Id,
    ContractId,
    CandidateId,
    OrganisationId,
    SurveyedOn,
    Wellbeing,
    Income,
    Work,
    SocialContacts,
    Comment,
    EnteredById,
    EnteredByName,
    ActorKind,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum OrganisationSurveys {
    Table,
    Id,
    OrganisationId,
    SurveyedOn,
    Satisfaction,
    NeighbourhoodEffect,
    Comment,
    EnteredById,
    EnteredByName,
    ActorKind,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Contracts {
    Table,
    Id,
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

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use EmployeeSurveys as E;
        manager
            .create_table(
                Table::create()
                    .table(E::Table)
                    .col(pk_uuid(E::Id))
                    .col(uuid(E::ContractId))
                    .col(uuid(E::CandidateId))
                    .col(uuid(E::OrganisationId))
                    .col(date(E::SurveyedOn))
                    .col(small_integer(E::Wellbeing))
                    .col(small_integer(E::Income))
                    .col(small_integer(E::Work))
                    .col(small_integer(E::SocialContacts))
                    .col(text(E::Comment))
                    .col(uuid_null(E::EnteredById))
                    .col(string_len_null(E::EnteredByName, 120))
                    .col(string_len(E::ActorKind, 16))
                    .col(timestamp_with_time_zone(E::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_employee_surveys_contract",
                        E::Table,
                        E::ContractId,
                        Contracts::Table,
                        Contracts::Id,
                    ))
                    .foreign_key(&mut fk(
                        "fk_employee_surveys_candidate",
                        E::Table,
                        E::CandidateId,
                        Candidates::Table,
                        Candidates::Id,
                    ))
                    .foreign_key(&mut fk(
                        "fk_employee_surveys_organisation",
                        E::Table,
                        E::OrganisationId,
                        Organisations::Table,
                        Organisations::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "idx_employee_surveys_contract_on", E::Table, &[E::ContractId, E::SurveyedOn]).await?;
        index(manager, "idx_employee_surveys_candidate", E::Table, &[E::CandidateId]).await?;

        use OrganisationSurveys as O;
        manager
            .create_table(
                Table::create()
                    .table(O::Table)
                    .col(pk_uuid(O::Id))
                    .col(uuid(O::OrganisationId))
                    .col(date(O::SurveyedOn))
                    .col(small_integer(O::Satisfaction))
                    .col(small_integer(O::NeighbourhoodEffect))
                    .col(text(O::Comment))
                    .col(uuid_null(O::EnteredById))
                    .col(string_len_null(O::EnteredByName, 120))
                    .col(string_len(O::ActorKind, 16))
                    .col(timestamp_with_time_zone(O::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_organisation_surveys_organisation",
                        O::Table,
                        O::OrganisationId,
                        Organisations::Table,
                        Organisations::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "idx_organisation_surveys_organisation_on", O::Table, &[O::OrganisationId, O::SurveyedOn])
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(OrganisationSurveys::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(EmployeeSurveys::Table).to_owned()).await
    }
}
