//! Issue 11: a ranked list at national scale filters a municipality's eligible candidates by every hard
//! constraint of a package before it scores them. The available days and physical limitations are rows of
//! their own tables; testing them for 13,000 candidates meant a semi join per day and hashing every
//! candidate of the country with one of the package's limitations. This migration keeps both sets beside
//! the row as bits as well (`available_days_mask`: Monday 1 ... Sunday 64; `limitations_mask`: the order
//! of `PhysicalDemand::ALL`, as `shared::matching::day_mask` and `demand_mask` compute them; the server
//! writes them with the rows), and one partial index holds everything the hours, days and limitations
//! tests read, so that the filter reads index entries only. Rows that exist get their bits from their
//! rows here.
//!
//! Written as SQL because the partial index and the bit sums read the same on both databases.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

#[derive(DeriveMigrationName)]
pub struct Migration;

const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const DEMANDS: [&str; 10] = [
    "heavy_lifting",
    "prolonged_standing",
    "prolonged_walking",
    "kneeling",
    "outdoor_work",
    "night_work",
    "working_at_height",
    "driving",
    "noisy_environment",
    "customer_contact",
];

/// `CASE column WHEN 'a' THEN 1 WHEN 'b' THEN 2 ... END`: the bit of each value.
fn bits(column: &str, values: &[&str]) -> String {
    let arms: String = values.iter().enumerate().map(|(i, v)| format!(" WHEN '{v}' THEN {}", 1 << i)).collect();
    format!("CASE {column}{arms} ELSE 0 END")
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("ALTER TABLE candidates ADD COLUMN available_days_mask INTEGER NOT NULL DEFAULT 0")
            .await?;
        db.execute_unprepared("ALTER TABLE candidates ADD COLUMN limitations_mask INTEGER NOT NULL DEFAULT 0").await?;
        // Each value once per candidate (primary keys), so the sum of the bits is their union.
        db.execute_unprepared(&format!(
            "UPDATE candidates SET available_days_mask = COALESCE((SELECT SUM({}) FROM candidate_available_days d \
             WHERE d.candidate_id = candidates.id), 0)",
            bits("d.day", &DAYS)
        ))
        .await?;
        db.execute_unprepared(&format!(
            "UPDATE candidates SET limitations_mask = COALESCE((SELECT SUM({}) FROM candidate_physical_limitations l \
             WHERE l.candidate_id = candidates.id), 0)",
            bits("l.limitation", &DEMANDS)
        ))
        .await?;
        db.execute_unprepared(
            "CREATE INDEX idx_candidates_ranking ON candidates \
             (municipality_id, status, available_hours, available_days_mask, limitations_mask, id, erased_at) \
             WHERE erased_at IS NULL",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("DROP INDEX idx_candidates_ranking").await?;
        db.execute_unprepared("ALTER TABLE candidates DROP COLUMN limitations_mask").await?;
        db.execute_unprepared("ALTER TABLE candidates DROP COLUMN available_days_mask").await?;
        Ok(())
    }
}
