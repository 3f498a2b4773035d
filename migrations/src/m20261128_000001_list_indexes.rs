//! Indexes that serve each list's filters together with its order, so that a page and its exact count read
//! index entries rather than whole tables at national scale (200,000 candidates, 30,000 packages).
//!
//! Candidate lists filter on `erased_at IS NULL`, the caller's municipality (regional staff have none) and
//! usually a status, and sort by `sort_name, id` (or by status, `updated_at`, `created_at` with
//! `sort_name, id` after them). `sort_name` is a column this migration adds: the server fills it from
//! `shared::text::sort_name` (no case or accents, name particles last: "de Boer" among the Bs); rows that
//! exist already get a first approximation (lower case, surname; first name) until their next save. Each index is partial on `erased_at IS NULL` and ends with the columns
//! the page's id subquery and the count need (`erased_at` for the condition: SQLite counts a column of the
//! partial index's condition as needed), so both are answered from the index
//! alone. Name search (`LIKE
//! '%term%'` on `search_name`) gets a trigram index on PostgreSQL (`pg_trgm`, a trusted extension that a
//! database owner may create); SQLite scans the municipality's entries of a narrow index instead.
//! Task packages are listed newest change first within a municipality, an organisation and a status.
//!
//! Written as SQL because expression and partial indexes read the same on both databases.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

const CANDIDATE_INDEXES: &[(&str, &str)] = &[
    ("idx_candidates_list_m_status_name", "municipality_id, status, sort_name, id, erased_at"),
    ("idx_candidates_list_m_name", "municipality_id, sort_name, id, erased_at"),
    ("idx_candidates_list_status_name", "status, sort_name, id, erased_at"),
    ("idx_candidates_list_name", "sort_name, id, erased_at"),
    ("idx_candidates_list_m_status", "municipality_id, status, sort_name, id, erased_at"),
    ("idx_candidates_list_status", "status, sort_name, id, erased_at"),
    ("idx_candidates_list_m_status_updated", "municipality_id, status, updated_at, sort_name, id, erased_at"),
    ("idx_candidates_list_m_updated", "municipality_id, updated_at, sort_name, id, erased_at"),
    ("idx_candidates_list_status_updated", "status, updated_at, sort_name, id, erased_at"),
    ("idx_candidates_list_m_status_created", "municipality_id, status, created_at, sort_name, id, erased_at"),
    ("idx_candidates_list_m_created", "municipality_id, created_at, sort_name, id, erased_at"),
    ("idx_candidates_list_status_created", "status, created_at, sort_name, id, erased_at"),
    ("idx_candidates_list_created", "created_at, sort_name, id, erased_at"),
];

const PACKAGE_INDEXES: &[(&str, &str)] = &[
    ("idx_packages_list_m_status", "municipality_id, status, updated_at DESC, id"),
    ("idx_packages_list_m", "municipality_id, updated_at DESC, id"),
    ("idx_packages_list_status", "status, updated_at DESC, id"),
    ("idx_packages_list_org_status", "organisation_id, status, updated_at DESC, id"),
    ("idx_packages_list_org", "organisation_id, updated_at DESC, id"),
    ("idx_packages_list", "updated_at DESC, id"),
];

/// Indexes of the first migrations that the ones above make redundant (same leading columns).
const REPLACED: &[(&str, &str, &str)] = &[
    ("idx_candidates_municipality_name", "candidates", "municipality_id, last_name"),
    ("idx_candidates_status", "candidates", "status"),
    ("idx_packages_status", "task_packages", "status, updated_at"),
    ("idx_packages_organisation", "task_packages", "organisation_id"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        // Byte order on both databases (SQLite's BINARY; PostgreSQL's "C", not the server's locale, which would
        // skip the separators), so that both list in the same order.
        let collate = if manager.get_database_backend() == DatabaseBackend::Postgres { " COLLATE \"C\"" } else { "" };
        db.execute_unprepared(&format!(
            "ALTER TABLE candidates ADD COLUMN sort_name VARCHAR(230){collate} NOT NULL DEFAULT ''"
        ))
        .await?;
        db.execute_unprepared("UPDATE candidates SET sort_name = lower(last_name) || '; ' || lower(first_name)")
            .await?;
        for (name, columns) in CANDIDATE_INDEXES {
            db.execute_unprepared(&format!("CREATE INDEX {name} ON candidates ({columns}) WHERE erased_at IS NULL"))
                .await?;
        }
        for (name, columns) in PACKAGE_INDEXES {
            db.execute_unprepared(&format!("CREATE INDEX {name} ON task_packages ({columns})")).await?;
        }
        for (name, _, _) in REPLACED {
            db.execute_unprepared(&format!("DROP INDEX {name}")).await?;
        }
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            db.execute_unprepared("CREATE EXTENSION IF NOT EXISTS pg_trgm").await?;
            db.execute_unprepared(
                "CREATE INDEX idx_candidates_search_trgm ON candidates USING gin (search_name gin_trgm_ops) WHERE erased_at IS NULL",
            )
            .await?;
        } else {
            db.execute_unprepared(
                "CREATE INDEX idx_candidates_search_m_name ON candidates (municipality_id, search_name) WHERE erased_at IS NULL",
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            db.execute_unprepared("DROP INDEX idx_candidates_search_trgm").await?;
        } else {
            db.execute_unprepared("DROP INDEX idx_candidates_search_m_name").await?;
        }
        for (name, _) in CANDIDATE_INDEXES.iter().chain(PACKAGE_INDEXES) {
            db.execute_unprepared(&format!("DROP INDEX {name}")).await?;
        }
        for (name, table, columns) in REPLACED {
            db.execute_unprepared(&format!("CREATE INDEX {name} ON {table} ({columns})")).await?;
        }
        db.execute_unprepared("ALTER TABLE candidates DROP COLUMN sort_name").await?;
        Ok(())
    }
}
