//! Small builders the migration files share: named indexes and foreign keys. They only assemble
//! sea-query statements, so a migration's history depends on its own table and column names alone.

use sea_orm_migration::prelude::*;

/// A named foreign key from `from_table.from_column` to `to_table.to_column`.
pub fn fk<T, C, U, D>(name: &str, from_table: T, from_column: C, to_table: U, to_column: D) -> ForeignKeyCreateStatement
where
    T: IntoIden + Copy + 'static,
    C: IntoIden + Copy + 'static,
    U: IntoIden + Copy + 'static,
    D: IntoIden + Copy + 'static,
{
    ForeignKey::create().name(name).from(from_table, from_column).to(to_table, to_column).to_owned()
}

async fn create_index<T, C>(
    manager: &SchemaManager<'_>,
    name: &str,
    table: T,
    columns: &[C],
    unique: bool,
) -> Result<(), DbErr>
where
    T: IntoIden + Copy + 'static,
    C: IntoIden + Copy + 'static,
{
    let mut statement = Index::create();
    statement.name(name).table(table);
    if unique {
        statement.unique();
    }
    for column in columns {
        statement.col(*column);
    }
    manager.create_index(statement.to_owned()).await
}

/// A named index on `columns` of `table`.
pub async fn index<T, C>(manager: &SchemaManager<'_>, name: &str, table: T, columns: &[C]) -> Result<(), DbErr>
where
    T: IntoIden + Copy + 'static,
    C: IntoIden + Copy + 'static,
{
    create_index(manager, name, table, columns, false).await
}

/// A named unique index on `columns` of `table`.
pub async fn unique_index<T, C>(manager: &SchemaManager<'_>, name: &str, table: T, columns: &[C]) -> Result<(), DbErr>
where
    T: IntoIden + Copy + 'static,
    C: IntoIden + Copy + 'static,
{
    create_index(manager, name, table, columns, true).await
}
