//! Issue 8: what Matching filters on in SQL is stored as indexed rows instead of comma-separated text: a
//! candidate's available days and physical limitations, a task's physical demands and schedule slots.
//! Existing text is copied into the new tables, then the text columns are dropped.

use sea_orm_migration::sea_orm::prelude::Uuid;
use sea_orm_migration::sea_orm::{ConnectionTrait, Statement};
use sea_orm_migration::{prelude::*, schema::*};

use crate::schema_helpers::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Candidates {
    Table,
    Id,
    AvailableDays,
    PhysicalLimitations,
}

#[derive(DeriveIden, Clone, Copy)]
enum Tasks {
    Table,
    Id,
    PhysicalDemands,
    Schedule,
}

#[derive(DeriveIden, Clone, Copy)]
enum CandidateAvailableDays {
    Table,
    CandidateId,
    /// `mon` ... `sun`.
    Day,
}

#[derive(DeriveIden, Clone, Copy)]
enum CandidatePhysicalLimitations {
    Table,
    CandidateId,
    /// A physical demand the person cannot meet, e.g. `heavy_lifting`.
    Limitation,
}

#[derive(DeriveIden, Clone, Copy)]
enum TaskPhysicalDemands {
    Table,
    TaskId,
    Demand,
}

#[derive(DeriveIden, Clone, Copy)]
enum TaskScheduleSlots {
    Table,
    TaskId,
    /// `mon` ... `sun`.
    Day,
    /// `morning`, `afternoon` or `evening`.
    Part,
}

/// A two-column child table keyed on (owner, value), with an index on (value, owner) for filters.
async fn pair_table<T, O, V, P>(
    manager: &SchemaManager<'_>,
    (table, owner, value): (T, O, V),
    (parent, parent_id): (P, Candidates),
    names: (&str, &str),
) -> Result<(), DbErr>
where
    T: IntoIden + Copy + 'static,
    O: IntoIden + Copy + 'static,
    V: IntoIden + Copy + 'static,
    P: IntoIden + Copy + 'static,
{
    manager
        .create_table(
            Table::create()
                .table(table)
                .col(uuid(owner))
                .col(string_len(value, 32))
                .primary_key(Index::create().col(owner).col(value))
                .foreign_key(fk(names.0, table, owner, parent, parent_id).on_delete(ForeignKeyAction::Cascade))
                .to_owned(),
        )
        .await?;
    manager.create_index(Index::create().name(names.1).table(table).col(value).col(owner).to_owned()).await
}

/// Reads `(id, text)` of every row of `table` whose `column` is not empty.
async fn texts(manager: &SchemaManager<'_>, table: &str, column: &str) -> Result<Vec<(Uuid, String)>, DbErr> {
    let db = manager.get_connection();
    let rows = db
        .query_all_raw(Statement::from_string(
            manager.get_database_backend(),
            format!("SELECT id, {column} FROM {table} WHERE {column} <> ''"),
        ))
        .await?;
    rows.into_iter().map(|row| Ok((row.try_get_by_index::<Uuid>(0)?, row.try_get_by_index::<String>(1)?))).collect()
}

/// Inserts rows of `values` into `table`'s `columns`, 300 rows a statement.
async fn insert_rows(
    manager: &SchemaManager<'_>,
    table: impl IntoIden + Copy + 'static,
    columns: Vec<DynIden>,
    rows: Vec<Vec<SimpleExpr>>,
) -> Result<(), DbErr> {
    for chunk in rows.chunks(300) {
        let mut insert = Query::insert();
        insert.into_table(table).columns(columns.clone());
        for row in chunk {
            insert.values_panic(row.clone());
        }
        manager.exec_stmt(insert.to_owned()).await?;
    }
    Ok(())
}

fn codes(text: &str) -> Vec<String> {
    let mut codes: Vec<String> = text.split(',').map(str::trim).filter(|c| !c.is_empty()).map(String::from).collect();
    codes.sort();
    codes.dedup();
    codes
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use CandidateAvailableDays as D;
        use CandidatePhysicalLimitations as L;
        pair_table(
            manager,
            (D::Table, D::CandidateId, D::Day),
            (Candidates::Table, Candidates::Id),
            ("fk_candidate_available_days_candidate", "idx_candidate_available_days_day"),
        )
        .await?;
        pair_table(
            manager,
            (L::Table, L::CandidateId, L::Limitation),
            (Candidates::Table, Candidates::Id),
            ("fk_candidate_limitations_candidate", "idx_candidate_limitations_limitation"),
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(TaskPhysicalDemands::Table)
                    .col(uuid(TaskPhysicalDemands::TaskId))
                    .col(string_len(TaskPhysicalDemands::Demand, 32))
                    .primary_key(Index::create().col(TaskPhysicalDemands::TaskId).col(TaskPhysicalDemands::Demand))
                    .foreign_key(
                        fk(
                            "fk_task_physical_demands_task",
                            TaskPhysicalDemands::Table,
                            TaskPhysicalDemands::TaskId,
                            Tasks::Table,
                            Tasks::Id,
                        )
                        .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_task_physical_demands_demand",
            TaskPhysicalDemands::Table,
            &[TaskPhysicalDemands::Demand, TaskPhysicalDemands::TaskId],
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(TaskScheduleSlots::Table)
                    .col(uuid(TaskScheduleSlots::TaskId))
                    .col(string_len(TaskScheduleSlots::Day, 8))
                    .col(string_len(TaskScheduleSlots::Part, 16))
                    .primary_key(
                        Index::create()
                            .col(TaskScheduleSlots::TaskId)
                            .col(TaskScheduleSlots::Day)
                            .col(TaskScheduleSlots::Part),
                    )
                    .foreign_key(
                        fk(
                            "fk_task_schedule_slots_task",
                            TaskScheduleSlots::Table,
                            TaskScheduleSlots::TaskId,
                            Tasks::Table,
                            Tasks::Id,
                        )
                        .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_task_schedule_slots_day",
            TaskScheduleSlots::Table,
            &[TaskScheduleSlots::Day, TaskScheduleSlots::Part, TaskScheduleSlots::TaskId],
        )
        .await?;

        // Copy what is stored as text.
        let pairs = |rows: Vec<(Uuid, String)>| -> Vec<Vec<SimpleExpr>> {
            rows.into_iter()
                .flat_map(|(id, text)| codes(&text).into_iter().map(move |code| vec![id.into(), code.into()]))
                .collect()
        };
        let days = pairs(texts(manager, "candidates", "available_days").await?);
        insert_rows(manager, D::Table, vec![D::CandidateId.into_iden(), D::Day.into_iden()], days).await?;
        let limits = pairs(texts(manager, "candidates", "physical_limitations").await?);
        insert_rows(manager, L::Table, vec![L::CandidateId.into_iden(), L::Limitation.into_iden()], limits).await?;
        let demands = pairs(texts(manager, "tasks", "physical_demands").await?);
        insert_rows(
            manager,
            TaskPhysicalDemands::Table,
            vec![TaskPhysicalDemands::TaskId.into_iden(), TaskPhysicalDemands::Demand.into_iden()],
            demands,
        )
        .await?;
        let slots: Vec<Vec<SimpleExpr>> = texts(manager, "tasks", "schedule")
            .await?
            .into_iter()
            .flat_map(|(id, text)| {
                codes(&text).into_iter().filter_map(move |code| {
                    let (day, part) = code.split_once(':')?;
                    Some(vec![id.into(), day.to_owned().into(), part.to_owned().into()])
                })
            })
            .collect();
        insert_rows(
            manager,
            TaskScheduleSlots::Table,
            vec![
                TaskScheduleSlots::TaskId.into_iden(),
                TaskScheduleSlots::Day.into_iden(),
                TaskScheduleSlots::Part.into_iden(),
            ],
            slots,
        )
        .await?;

        // One column an ALTER: SQLite takes no more.
        for column in [Candidates::AvailableDays, Candidates::PhysicalLimitations] {
            manager.alter_table(Table::alter().table(Candidates::Table).drop_column(column).to_owned()).await?;
        }
        for column in [Tasks::PhysicalDemands, Tasks::Schedule] {
            manager.alter_table(Table::alter().table(Tasks::Table).drop_column(column).to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [Candidates::AvailableDays, Candidates::PhysicalLimitations] {
            manager
                .alter_table(
                    Table::alter().table(Candidates::Table).add_column(string_len(column, 200).default("")).to_owned(),
                )
                .await?;
        }
        for column in [Tasks::PhysicalDemands, Tasks::Schedule] {
            manager
                .alter_table(
                    Table::alter().table(Tasks::Table).add_column(string_len(column, 400).default("")).to_owned(),
                )
                .await?;
        }
        for table in [
            CandidateAvailableDays::Table.into_iden(),
            CandidatePhysicalLimitations::Table.into_iden(),
            TaskPhysicalDemands::Table.into_iden(),
            TaskScheduleSlots::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
