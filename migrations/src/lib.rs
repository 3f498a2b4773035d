//! The Basisbaan schema, the only place where it changes.
//!
//! Architecture invariant: migrations never import the backend's entities, so the history of the schema
//! does not change when the entities do. The same migrations run on SQLite and PostgreSQL; table and column
//! names are spelled out here.

pub use sea_orm_migration::prelude::*;

mod m20261122_000001_create_foundation;
mod m20261123_000001_create_registration;
mod m20261123_000002_create_task_intake;
mod m20261128_000001_audit_address_and_client_scope;
mod m20261128_000001_list_indexes;
mod m20261128_000003_record_changes;
mod m20261128_000004_rows_for_matching;
mod m20261128_000005_matching_reference;
mod m20261128_000006_candidate_preferences;
mod m20261128_000007_matches;
mod m20261128_100001_session_security;
mod m20261128_200001_cost_norms;
mod m20261129_000001_matching_rounds;
mod m20261129_100001_wished_hours;
mod m20261129_200001_candidate_counts;
mod m20261129_300001_contracts;
mod m20261129_300001_saved_searches;
mod m20261130_000001_ranking_masks;
mod m20261130_100001_guidance;
mod m20261130_200001_surveys;
mod m20261201_000001_monitoring_aggregates;
mod m20261201_100001_income_assumptions;
mod m20261201_100002_provision_versions;
mod m20261201_100003_record_change_versions;
mod m20261201_200001_dashboard_indexes;
mod m20261201_300001_availability_confirmation;
mod m20261201_300002_reminders;
mod m20261201_400001_duplicates;
mod m20261201_500001_monitoring_state;
mod m20261201_500002_monitoring_work;
mod m20261201_500003_monitoring_areas;
mod schema_helpers;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261122_000001_create_foundation::Migration),
            Box::new(m20261123_000001_create_registration::Migration),
            Box::new(m20261123_000002_create_task_intake::Migration),
            Box::new(m20261128_000001_audit_address_and_client_scope::Migration),
            Box::new(m20261128_000001_list_indexes::Migration),
            Box::new(m20261128_000003_record_changes::Migration),
            Box::new(m20261128_000004_rows_for_matching::Migration),
            Box::new(m20261128_000005_matching_reference::Migration),
            Box::new(m20261128_000006_candidate_preferences::Migration),
            Box::new(m20261128_000007_matches::Migration),
            Box::new(m20261128_100001_session_security::Migration),
            Box::new(m20261128_200001_cost_norms::Migration),
            Box::new(m20261129_000001_matching_rounds::Migration),
            Box::new(m20261129_100001_wished_hours::Migration),
            Box::new(m20261129_200001_candidate_counts::Migration),
            Box::new(m20261129_300001_contracts::Migration),
            Box::new(m20261129_300001_saved_searches::Migration),
            Box::new(m20261130_000001_ranking_masks::Migration),
            Box::new(m20261130_100001_guidance::Migration),
            Box::new(m20261130_200001_surveys::Migration),
            Box::new(m20261201_000001_monitoring_aggregates::Migration),
            Box::new(m20261201_100001_income_assumptions::Migration),
            Box::new(m20261201_100002_provision_versions::Migration),
            Box::new(m20261201_100003_record_change_versions::Migration),
            Box::new(m20261201_200001_dashboard_indexes::Migration),
            Box::new(m20261201_300001_availability_confirmation::Migration),
            Box::new(m20261201_300002_reminders::Migration),
            Box::new(m20261201_400001_duplicates::Migration),
            Box::new(m20261201_500001_monitoring_state::Migration),
            Box::new(m20261201_500002_monitoring_work::Migration),
            Box::new(m20261201_500003_monitoring_areas::Migration),
        ]
    }
}
