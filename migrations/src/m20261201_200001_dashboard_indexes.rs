//! Issue 13, item 1: indexes for the programme dashboard's grouped queries (`backend/src/dashboard`):
//! contracts by municipality and start (the jobs of a period), status changes by time (people's statuses
//! up to a month's end), and employee surveys by day (the experiences of a period).

use sea_orm_migration::prelude::*;

use crate::schema_helpers::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Contracts {
    Table,
    MunicipalityId,
    StartDate,
    Status,
}

#[derive(DeriveIden, Clone, Copy)]
enum CandidateStatusChanges {
    Table,
    ChangedAt,
    CandidateId,
}

#[derive(DeriveIden, Clone, Copy)]
enum EmployeeSurveys {
    Table,
    SurveyedOn,
}

const NAMES: [(&str, &str); 4] = [
    ("idx_contracts_municipality_start", "contracts"),
    ("idx_contracts_status_start", "contracts"),
    ("idx_status_changes_changed_at", "candidate_status_changes"),
    ("idx_employee_surveys_surveyed_on", "employee_surveys"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        index(manager, NAMES[0].0, Contracts::Table, &[Contracts::MunicipalityId, Contracts::StartDate]).await?;
        index(manager, NAMES[1].0, Contracts::Table, &[Contracts::Status, Contracts::StartDate]).await?;
        index(
            manager,
            NAMES[2].0,
            CandidateStatusChanges::Table,
            &[CandidateStatusChanges::ChangedAt, CandidateStatusChanges::CandidateId],
        )
        .await?;
        index(manager, NAMES[3].0, EmployeeSurveys::Table, &[EmployeeSurveys::SurveyedOn]).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, table) in NAMES {
            manager.drop_index(Index::drop().name(name).table(Alias::new(table)).to_owned()).await?;
        }
        Ok(())
    }
}
