//! The schema's history: a migration that reshapes stored data keeps it, on SQLite and PostgreSQL.

use chrono::{DateTime, Utc};
use migrations::{Migrator, MigratorTrait};
use sea_orm::sea_query::{Alias, Query, SimpleExpr};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use uuid::Uuid;

use crate::generate::FreshDatabase;

/// How many migrations came before `m20261128_000004_rows_for_matching`.
const BEFORE_ROWS: u32 = 6;

async fn insert(db: &DatabaseConnection, table: &str, values: Vec<(&str, SimpleExpr)>) {
    let (columns, values): (Vec<_>, Vec<_>) = values.into_iter().map(|(c, v)| (Alias::new(c), v)).unzip();
    let statement = Query::insert().into_table(Alias::new(table)).columns(columns).values_panic(values).to_owned();
    db.execute(&statement).await.unwrap_or_else(|e| panic!("inserting into {table}: {e}"));
}

async fn texts(db: &DatabaseConnection, sql: &str) -> Vec<String> {
    let rows =
        db.query_all_raw(sea_orm::Statement::from_string(db.get_database_backend(), sql.to_owned())).await.unwrap();
    rows.into_iter().map(|row| row.try_get_by_index::<String>(0).unwrap()).collect()
}

#[tokio::test]
async fn days_limitations_demands_and_schedules_stored_as_text_become_rows() {
    for database in FreshDatabase::each().await {
        eprintln!("-- on {}", database.url.split(':').next().unwrap_or_default());
        let db = Database::connect(&database.url).await.expect("connecting");
        Migrator::up(&db, Some(BEFORE_ROWS)).await.expect("the migrations before");
        let now: DateTime<Utc> = "2026-11-28T09:00:00Z".parse().unwrap();
        let (municipality, hood, category, organisation, candidate, task) =
            (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        insert(
            &db,
            "municipalities",
            vec![
                ("id", municipality.into()),
                ("name", "Groningen".into()),
                ("code", "GM0014".into()),
                ("created_at", now.into()),
            ],
        )
        .await;
        insert(
            &db,
            "neighbourhoods",
            vec![
                ("id", hood.into()),
                ("municipality_id", municipality.into()),
                ("name", "Beijum".into()),
                ("postcode_ranges", "9735".into()),
                ("created_at", now.into()),
                ("updated_at", now.into()),
            ],
        )
        .await;
        insert(
            &db,
            "task_categories",
            vec![
                ("id", category.into()),
                ("name", "Groen".into()),
                ("description", "".into()),
                ("created_at", now.into()),
                ("updated_at", now.into()),
            ],
        )
        .await;
        insert(
            &db,
            "organisations",
            vec![
                ("id", organisation.into()),
                ("name", "Wijkbedrijf".into()),
                ("kvk_number", "12345678".into()),
                ("roles", "task_provider".into()),
                ("created_at", now.into()),
                ("updated_at", now.into()),
            ],
        )
        .await;
        let mut person: Vec<(&str, SimpleExpr)> = vec![
            ("id", candidate.into()),
            ("municipality_id", municipality.into()),
            ("first_name", "Sanne".into()),
            ("last_name", "de Boer".into()),
            ("search_name", "sanne de boer".into()),
            ("source", "participatiewet".into()),
            ("target_group_register", false.into()),
            ("available_days", "mon,wed,fri".into()),
            ("physical_limitations", "heavy_lifting,night_work".into()),
            ("status", "registered".into()),
            ("created_at", now.into()),
            ("updated_at", now.into()),
        ];
        for empty in
            ["email", "phone", "postcode", "house_number", "regular_work_evidence", "limitation_notes", "dream_job"]
        {
            person.push((empty, "".into()));
        }
        insert(&db, "candidates", person).await;
        insert(
            &db,
            "tasks",
            vec![
                ("id", task.into()),
                ("municipality_id", municipality.into()),
                ("organisation_id", organisation.into()),
                ("neighbourhood_id", hood.into()),
                ("category_id", category.into()),
                ("title", "Groenonderhoud".into()),
                ("description", "".into()),
                ("location", "".into()),
                ("physical_demands", "kneeling,outdoor_work".into()),
                ("hours_per_week", 8.into()),
                ("schedule", "mon:morning,tue:afternoon".into()),
                ("supervision", "".into()),
                ("social_value", "".into()),
                ("created_at", now.into()),
                ("updated_at", now.into()),
            ],
        )
        .await;

        Migrator::up(&db, None).await.expect("the rows migration and what follows");

        let days = texts(&db, "SELECT day FROM candidate_available_days ORDER BY day").await;
        assert_eq!(days, ["fri", "mon", "wed"]);
        let limitations = texts(&db, "SELECT limitation FROM candidate_physical_limitations ORDER BY limitation").await;
        assert_eq!(limitations, ["heavy_lifting", "night_work"]);
        let demands = texts(&db, "SELECT demand FROM task_physical_demands ORDER BY demand").await;
        assert_eq!(demands, ["kneeling", "outdoor_work"]);
        let slots = texts(&db, "SELECT day || ':' || part FROM task_schedule_slots ORDER BY day, part").await;
        assert_eq!(slots, ["mon:morning", "tue:afternoon"]);
        // The text columns are gone: what reads them now reads the rows.
        let gone = db
            .query_all_raw(sea_orm::Statement::from_string(
                db.get_database_backend(),
                "SELECT available_days FROM candidates".to_owned(),
            ))
            .await;
        assert!(gone.is_err(), "candidates.available_days still exists");
        db.close().await.ok();
    }
}
