//! The database: the connection (pool), migrations at start, and the sea-orm entities, one file per table.
//!
//! Architecture invariant: entities never leave the backend; handlers convert them to `shared` types in one
//! place per capability.

pub mod abilities;
pub mod api_clients;
pub mod audit_events;
pub mod budgets;
pub mod candidate_abilities;
pub mod candidate_available_days;
pub mod candidate_physical_limitations;
pub mod candidate_preference_lists;
pub mod candidate_preferences;
pub mod candidate_status_changes;
pub mod candidate_wish_categories;
pub mod candidates;
pub mod contract_versions;
pub mod contracts;
pub mod cost_norms;
pub mod duplicate_dismissals;
pub mod eligibility_decisions;
pub mod employee_surveys;
pub mod employer_notes;
pub mod fit_weights;
pub mod follow_ups;
pub mod guidance_assignments;
pub mod guidance_check_in_domains;
pub mod guidance_check_ins;
pub mod guidance_goal_updates;
pub mod guidance_goals;
pub mod guidance_provisions;
pub mod income_assumptions;
pub mod intakes;
pub mod match_steps;
pub mod matches;
pub mod matching_round_candidates;
pub mod matching_round_packages;
pub mod matching_round_pairs;
pub mod matching_round_preferences;
pub mod matching_rounds;
pub mod monitoring_area_counts;
pub mod monitoring_area_work;
pub mod monitoring_cost_days;
pub mod monitoring_cost_months;
pub mod monitoring_counts;
pub mod monitoring_state;
pub mod monitoring_subjects;
pub mod monitoring_work;
pub mod municipalities;
pub mod neighbourhood_adjacencies;
pub mod neighbourhood_session_organisations;
pub mod neighbourhood_sessions;
pub mod neighbourhoods;
pub mod organisation_contacts;
pub mod organisation_neighbourhoods;
pub mod organisation_surveys;
pub mod organisations;
pub mod package_positions;
pub mod record_changes;
pub mod refresh_tokens;
pub mod reminder_states;
pub mod saved_searches;
pub mod task_categories;
pub mod task_package_status_changes;
pub mod task_package_tasks;
pub mod task_packages;
pub mod task_physical_demands;
pub mod task_required_abilities;
pub mod task_schedule_slots;
pub mod tasks;
pub mod users;

use migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, Database, DatabaseConnection};

/// Opens the pool and applies every pending migration.
pub async fn connect(database_url: &str) -> anyhow::Result<DatabaseConnection> {
    if let Some(path) = database_url.strip_prefix("sqlite://") {
        let file = path.split('?').next().unwrap_or(path);
        if let Some(dir) = std::path::Path::new(file).parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
    }
    let mut options = ConnectOptions::new(database_url.to_owned());
    options.sqlx_logging(false);
    if database_url.starts_with("sqlite:") {
        // One writer at a time is SQLite's nature; a small pool avoids "database is locked" under load.
        options.max_connections(4).min_connections(1);
    } else {
        options.max_connections(20).min_connections(1);
    }
    let db = Database::connect(options).await?;
    if database_url.starts_with("sqlite:") {
        use sea_orm::ConnectionTrait;
        db.execute_unprepared("PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000;")
            .await?;
    }
    Migrator::up(&db, None).await?;
    Ok(db)
}

/// A value read back from the database as its typed state. A stored value that does not parse means the data
/// and the code disagree: that is a fault (500, logged), never silently a default.
pub fn stored<T: std::str::FromStr>(value: &str, what: &'static str) -> crate::infra::error::ApiResult<T> {
    value
        .parse()
        .map_err(|_| crate::infra::error::ApiError::Internal(anyhow::anyhow!("stored {what} {value:?} is unknown")))
}

/// An optional stored value (see [`stored`]).
pub fn stored_opt<T: std::str::FromStr>(
    value: Option<&str>,
    what: &'static str,
) -> crate::infra::error::ApiResult<Option<T>> {
    value.map(|v| stored(v, what)).transpose()
}

/// A stored comma-separated list (see [`stored`]).
pub fn stored_list<T: std::str::FromStr>(value: &str, what: &'static str) -> crate::infra::error::ApiResult<Vec<T>> {
    value.split(',').filter(|s| !s.is_empty()).map(|v| stored(v, what)).collect()
}

#[cfg(test)]
mod stored_tests {
    use shared::auth::Role;

    #[test]
    fn an_unknown_stored_value_is_an_error_not_a_default() {
        assert_eq!(super::stored::<Role>("job_coach", "role").unwrap(), Role::JobCoach);
        assert!(super::stored::<Role>("superuser", "role").is_err());
        assert_eq!(super::stored_list::<Role>("admin,partner", "roles").unwrap(), vec![Role::Admin, Role::Partner]);
        assert!(super::stored_list::<Role>("admin,,x", "roles").is_err());
        assert_eq!(super::stored_opt::<Role>(None, "role").unwrap(), None);
    }
}
