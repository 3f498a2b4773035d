//! Issue 13 item 5: the Werkkamer feed's aggregates, maintained per month as each write happens
//! (`backend/src/monitoring/aggregates.rs`). `monitoring_counts` holds, per municipality and month, the
//! change of each stock (jobs, register jobs, people by source and status, with the weekly hours behind the
//! jobs) and each flow (registrations, contract starts, exits and contract ends by reason).
//! `monitoring_cost_days` and `monitoring_cost_months` hold the day on which contracts of a number of weekly
//! hours start or stop costing (realised or committed), by day and folded per month, so a year's cost is
//! a few sums. `monitoring_subjects` keeps what each person added, so a change replaces exactly that. The
//! tables start empty: the server rebuilds them on its first start (and `basisbaan rebuild-aggregates`
//! does so on demand).

use sea_orm_migration::{prelude::*, schema::*};

use crate::schema_helpers::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum MonitoringCounts {
    Table,
    MunicipalityId,
    Month,
    Family,
    Category,
    Count,
    Hours,
}

#[derive(DeriveIden, Clone, Copy)]
enum MonitoringCostDays {
    Table,
    MunicipalityId,
    Hours,
    Kind,
    Day,
    Count,
}

#[derive(DeriveIden, Clone, Copy)]
enum MonitoringCostMonths {
    Table,
    MunicipalityId,
    Hours,
    Kind,
    Month,
    Count,
    DaySum,
}

#[derive(DeriveIden, Clone, Copy)]
enum MonitoringSubjects {
    Table,
    CandidateId,
    Contribution,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use MonitoringCounts as C;
        manager
            .create_table(
                Table::create()
                    .table(C::Table)
                    .col(uuid(C::MunicipalityId))
                    .col(integer(C::Month))
                    .col(small_integer(C::Family))
                    .col(small_integer(C::Category))
                    .col(big_integer(C::Count))
                    .col(big_integer(C::Hours))
                    .primary_key(Index::create().col(C::Month).col(C::MunicipalityId).col(C::Family).col(C::Category))
                    .to_owned(),
            )
            .await?;
        use MonitoringCostDays as D;
        manager
            .create_table(
                Table::create()
                    .table(D::Table)
                    .col(uuid(D::MunicipalityId))
                    .col(small_integer(D::Hours))
                    .col(small_integer(D::Kind))
                    .col(integer(D::Day))
                    .col(big_integer(D::Count))
                    .primary_key(Index::create().col(D::Day).col(D::MunicipalityId).col(D::Hours).col(D::Kind))
                    .to_owned(),
            )
            .await?;
        use MonitoringCostMonths as M;
        manager
            .create_table(
                Table::create()
                    .table(M::Table)
                    .col(uuid(M::MunicipalityId))
                    .col(small_integer(M::Hours))
                    .col(small_integer(M::Kind))
                    .col(integer(M::Month))
                    .col(big_integer(M::Count))
                    .col(big_integer(M::DaySum))
                    .primary_key(Index::create().col(M::Month).col(M::MunicipalityId).col(M::Hours).col(M::Kind))
                    .to_owned(),
            )
            .await?;
        use MonitoringSubjects as S;
        manager
            .create_table(
                Table::create().table(S::Table).col(pk_uuid(S::CandidateId)).col(text(S::Contribution)).to_owned(),
            )
            .await?;
        index(manager, "idx_monitoring_counts_municipality", C::Table, &[C::MunicipalityId, C::Month]).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            MonitoringSubjects::Table.into_iden(),
            MonitoringCostMonths::Table.into_iden(),
            MonitoringCostDays::Table.into_iden(),
            MonitoringCounts::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
