//! The change history of a candidate's record (`record_changes`) and the personal-data registry that the
//! GDPR copy and erasure use.

use std::cell::RefCell;
use std::collections::BTreeSet;

use backend::config::Config;
use backend::registration::personal_data::TABLES;
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement};
use serde_json::{Value, json};
use shared::auth::Role;

use crate::candidates::candidate;
use crate::helpers::{TestApp, assert_problem, on_each_database_with};

thread_local! {
    /// The database of the app that `remember_database` configured last on this thread (tokio's test
    /// runtime runs each test on one thread).
    static DATABASE_URL: RefCell<Option<String>> = const { RefCell::new(None) };
}

fn remember_database(config: &mut Config) {
    DATABASE_URL.with(|url| *url.borrow_mut() = Some(config.database_url.clone()));
}

/// The time of the application's clock in [`remember_database_at_a_fixed_time`].
const FIXED_NOW: &str = "2026-11-20T10:00:00Z";

fn remember_database_at_a_fixed_time(config: &mut Config) {
    remember_database(config);
    config.fixed_now = Some(FIXED_NOW.parse().unwrap());
}

/// A connection of the test's own to the app's database, to look at what the API cannot show.
async fn database() -> DatabaseConnection {
    let url = DATABASE_URL.with(|url| url.borrow().clone()).expect("an app configured by remember_database");
    Database::connect(url).await.expect("connecting to the app's database")
}

async fn register(app: &TestApp, token: &str, body: &Value) -> Value {
    let response = app.post("/candidates?confirmDuplicate=true", Some(token), body).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    response.json().await.unwrap()
}

async fn put(app: &TestApp, token: &str, id: &str, body: &Value) -> reqwest::Response {
    app.client.put(app.url(&format!("/candidates/{id}"))).bearer_auth(token).json(body).send().await.unwrap()
}

async fn changes(app: &TestApp, token: &str, id: &str) -> Value {
    let response = app.get(&format!("/candidates/{id}/changes"), Some(token)).await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

fn items(page: &Value) -> &Vec<Value> {
    page["items"].as_array().expect("a page")
}

fn field<'a>(page: &'a Value, name: &str) -> &'a Value {
    items(page).iter().find(|c| c["field"] == name).unwrap_or_else(|| panic!("no change of {name} in {page}"))
}

fn fields(page: &Value) -> BTreeSet<String> {
    items(page).iter().map(|c| c["field"].as_str().unwrap().to_owned()).collect()
}

/// Every old and new value stored in `record_changes`, read from the database itself.
async fn stored_values(db: &DatabaseConnection) -> Vec<String> {
    let sql = "SELECT old_value, new_value FROM record_changes";
    let rows = db.query_all_raw(Statement::from_string(db.get_database_backend(), sql)).await.unwrap();
    rows.iter()
        .flat_map(|row| ["old_value", "new_value"].map(|c| row.try_get::<Option<String>>("", c).unwrap()))
        .flatten()
        .collect()
}

async fn stored_rows(db: &DatabaseConnection) -> i64 {
    let row = db
        .query_one_raw(Statement::from_string(db.get_database_backend(), "SELECT COUNT(*) AS n FROM record_changes"))
        .await
        .unwrap()
        .unwrap();
    row.try_get::<i64>("", "n").unwrap()
}

#[tokio::test]
async fn an_update_records_exactly_the_changed_fields_with_old_and_new_values_and_who_changed_them() {
    on_each_database_with(remember_database, async |app: TestApp| {
        let consultant = app.token_for(Role::Consultant).await;
        let created = register(&app, &consultant, &candidate("123456782", "Sanne", "de Boer")).await;
        let id = created["id"].as_str().unwrap();
        assert_eq!(changes(&app, &consultant, id).await["totalItems"], 0, "registering is no change of a field");

        // Saving the record as it is changes the version, and records nothing.
        let mut body = candidate("123456782", "Sanne", "de Boer");
        body["version"] = json!(1);
        assert_eq!(put(&app, &consultant, id, &body).await.status(), StatusCode::OK);
        assert_eq!(changes(&app, &consultant, id).await["totalItems"], 0, "an unchanged save records nothing");

        body["lastName"] = json!("de Vries");
        body["dreamJob"] = json!("Koken");
        body["bsn"] = json!("111222333");
        body["availableHours"] = json!(24);
        body["version"] = json!(2);
        assert_eq!(put(&app, &consultant, id, &body).await.status(), StatusCode::OK);
        let page = changes(&app, &consultant, id).await;
        assert_eq!(fields(&page), BTreeSet::from(["lastName", "dreamJob", "bsn", "availableHours"].map(String::from)));
        let last_name = field(&page, "lastName");
        assert_eq!((&last_name["oldValue"], &last_name["newValue"]), (&json!("de Boer"), &json!("de Vries")));
        assert_eq!(
            (&field(&page, "dreamJob")["oldValue"], &field(&page, "dreamJob")["newValue"]),
            (&json!("Werken in het groen"), &json!("Koken"))
        );
        assert_eq!(
            (&field(&page, "availableHours")["oldValue"], &field(&page, "availableHours")["newValue"]),
            (&json!("32"), &json!("24"))
        );
        // The BSN's change shows, its values only masked.
        assert_eq!(
            (&field(&page, "bsn")["oldValue"], &field(&page, "bsn")["newValue"]),
            (&json!("*****6782"), &json!("*****2333"))
        );
        for change in items(&page) {
            assert_eq!(change["actorKind"], "staff");
            assert_eq!(change["actorRole"], "consultant");
            assert_eq!(change["source"], "api");
            assert_eq!(change["valuesHidden"], false);
            assert!(change["actorName"].as_str().unwrap().starts_with("consultant-"));
        }

        // A status change is a change of the record too, and the newest comes first.
        let moved = app
            .post(
                &format!("/candidates/{id}/status"),
                Some(&consultant),
                &json!({"to": "intake", "reason": "Gesprek gepland", "version": 3}),
            )
            .await;
        assert_eq!(moved.status(), StatusCode::OK);
        let page = changes(&app, &consultant, id).await;
        assert_eq!(page["totalItems"], 5);
        assert_eq!(items(&page)[0]["field"], "status");
        assert_eq!(
            (&items(&page)[0]["oldValue"], &items(&page)[0]["newValue"]),
            (&json!("registered"), &json!("intake"))
        );

        // Paged, with the list's rules, and every read audited as a read of the candidate.
        let paged: Value = app
            .get(&format!("/candidates/{id}/changes?pageSize=2&page=2"), Some(&consultant))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(items(&paged).len(), 2);
        assert_eq!(paged["totalItems"], 5);
        let bad = app.get(&format!("/candidates/{id}/changes?page=0"), Some(&consultant)).await;
        assert_problem(bad, StatusCode::BAD_REQUEST, "validation_failed").await;
        let admin = app.admin_token().await;
        let log: Value =
            app.get(&format!("/audit-events?recordId={id}&action=read"), Some(&admin)).await.json().await.unwrap();
        assert!(items(&log).iter().any(|e| e["details"] == "changes" && e["recordType"] == "candidate"), "{log}");

        // No value of a BSN is in the table, masked or not only as the mask.
        let values = stored_values(&database().await).await;
        assert!(values.contains(&"de Vries".to_owned()));
        for bsn in ["123456782", "111222333"] {
            assert!(values.iter().all(|v| !v.contains(bsn)), "{bsn} stored in {values:?}");
        }
    })
    .await;
}

#[tokio::test]
async fn a_csv_import_that_changes_one_field_records_that_field_with_source_import_at_the_clocks_time() {
    on_each_database_with(remember_database_at_a_fixed_time, async |app: TestApp| {
        let consultant = app.token_for(Role::Consultant).await;
        let created = register(&app, &consultant, &candidate("123456782", "Sanne", "de Boer")).await;
        let id = created["id"].as_str().unwrap();
        let file = "bsn;droombaan;uren per week\n123456782;Koken in het buurthuis;32\n";
        for _ in 0..2 {
            let response = app
                .client
                .post(app.url("/candidates/import"))
                .bearer_auth(&consultant)
                .header("content-type", "text/csv")
                .body(file)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), StatusCode::OK);
        }
        // The second import changed nothing and recorded nothing.
        let page = changes(&app, &consultant, id).await;
        assert_eq!(page["totalItems"], 1, "{page}");
        let change = &items(&page)[0];
        assert_eq!(change["field"], "dreamJob");
        assert_eq!(change["oldValue"], "Werken in het groen");
        assert_eq!(change["newValue"], "Koken in het buurthuis");
        assert_eq!(change["source"], "import");
        assert_eq!(change["actorKind"], "staff");
        let at: chrono::DateTime<chrono::Utc> = change["changedAt"].as_str().unwrap().parse().unwrap();
        assert_eq!(
            at,
            FIXED_NOW.parse::<chrono::DateTime<chrono::Utc>>().unwrap(),
            "the application's clock, not the system's"
        );
        assert!(stored_values(&database().await).await.iter().all(|v| !v.contains("123456782")));
    })
    .await;
}

#[tokio::test]
async fn finance_sees_which_fields_changed_but_not_the_values_it_may_not_see() {
    on_each_database_with(remember_database, async |app: TestApp| {
        let consultant = app.token_for(Role::Consultant).await;
        let created = register(&app, &consultant, &candidate("123456782", "Sanne", "de Boer")).await;
        let id = created["id"].as_str().unwrap();
        let mut body = candidate("123456782", "Sanne", "de Vries");
        body["limitationNotes"] = json!("Knieklachten");
        body["benefitMonthlyAmount"] = json!("1300.00");
        body["version"] = json!(1);
        assert_eq!(put(&app, &consultant, id, &body).await.status(), StatusCode::OK);

        let finance = app.token_for(Role::Finance).await;
        let page = changes(&app, &finance, id).await;
        assert_eq!(
            fields(&page),
            BTreeSet::from(["lastName", "limitationNotes", "benefitMonthlyAmount"].map(String::from))
        );
        let change = field(&page, "limitationNotes");
        assert_eq!(change["valuesHidden"], true, "{change}");
        assert_eq!((&change["oldValue"], &change["newValue"]), (&Value::Null, &Value::Null), "{change}");
        // Finance sees names and the benefit (the field-visibility table), so their values too.
        assert_eq!(field(&page, "lastName")["newValue"], "de Vries");
        assert_eq!(field(&page, "benefitMonthlyAmount")["newValue"], "1300.00");
        let text = page.to_string();
        assert!(!text.contains("Knieklachten") && !text.contains("Rugklachten"), "{text}");

        // The consultant sees the values; a partner never reaches the history.
        let full = changes(&app, &consultant, id).await;
        assert_eq!(
            (&field(&full, "benefitMonthlyAmount")["oldValue"], &field(&full, "benefitMonthlyAmount")["newValue"]),
            (&json!("1250.00"), &json!("1300.00"))
        );
        assert_eq!(field(&full, "limitationNotes")["newValue"], "Knieklachten");
        let partner = app.token_for(Role::Partner).await;
        assert_eq!(app.get(&format!("/candidates/{id}/changes"), Some(&partner)).await.status(), StatusCode::FORBIDDEN);
    })
    .await;
}

#[tokio::test]
async fn the_copy_holds_the_change_history_and_erasure_removes_it() {
    on_each_database_with(remember_database, async |app: TestApp| {
        let consultant = app.token_for(Role::Consultant).await;
        let kept = register(&app, &consultant, &candidate("111222333", "Piet", "Jansen")).await;
        let created = register(&app, &consultant, &candidate("123456782", "Sanne", "de Boer")).await;
        let id = created["id"].as_str().unwrap();
        let mut body = candidate("123456782", "Sanne", "van Dijk");
        body["version"] = json!(1);
        assert_eq!(put(&app, &consultant, id, &body).await.status(), StatusCode::OK);
        let mut other = candidate("111222333", "Piet", "Jansen");
        other["dreamJob"] = json!("Fietsenmaker");
        other["version"] = json!(1);
        assert_eq!(put(&app, &consultant, kept["id"].as_str().unwrap(), &other).await.status(), StatusCode::OK);
        let copy: Value =
            app.get(&format!("/candidates/{id}/personal-data"), Some(&consultant)).await.json().await.unwrap();
        let history = copy["changes"].as_array().unwrap();
        assert!(
            history
                .iter()
                .any(|c| c["field"] == "lastName" && c["oldValue"] == "de Boer" && c["newValue"] == "van Dijk"),
            "{copy}"
        );

        let db = database().await;
        assert_eq!(stored_rows(&db).await, 2, "one field of each of two candidates");
        let admin = app.admin_token().await;
        let erased = app
            .post(
                &format!("/candidates/{id}/erasure"),
                Some(&admin),
                &json!({"reason": "Verzoek betrokkene", "confirm": true}),
            )
            .await;
        assert_eq!(erased.status(), StatusCode::NO_CONTENT);
        // Only the other candidate's history is left, and nothing of the erased person's values.
        assert_eq!(stored_rows(&db).await, 1);
        let values = stored_values(&db).await;
        assert!(!values.contains(&"de Boer".to_owned()) && !values.contains(&"van Dijk".to_owned()), "{values:?}");
        assert!(values.contains(&"Fietsenmaker".to_owned()));
    })
    .await;
}

/// The tables with a `candidate_id` column, read from the migrated schema.
async fn tables_with_a_candidate_id(db: &DatabaseConnection) -> BTreeSet<String> {
    let sql = match db.get_database_backend() {
        DbBackend::Sqlite => {
            "SELECT m.name AS table_name FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND p.name = 'candidate_id'"
        }
        _ => {
            "SELECT table_name::text AS table_name FROM information_schema.columns \
             WHERE table_schema = current_schema() AND column_name = 'candidate_id'"
        }
    };
    let rows = db.query_all_raw(Statement::from_string(db.get_database_backend(), sql)).await.unwrap();
    rows.iter().map(|row| row.try_get::<String>("", "table_name").unwrap()).collect()
}

async fn has_column(db: &DatabaseConnection, table: &str, column: &str) -> bool {
    let sql = match db.get_database_backend() {
        DbBackend::Sqlite => format!("SELECT COUNT(*) AS n FROM pragma_table_info('{table}') WHERE name = '{column}'"),
        _ => format!(
            "SELECT COUNT(*) AS n FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name = '{table}' AND column_name = '{column}'"
        ),
    };
    let row = db.query_one_raw(Statement::from_string(db.get_database_backend(), sql)).await.unwrap().unwrap();
    row.try_get::<i64>("", "n").unwrap() == 1
}

#[tokio::test]
async fn every_table_with_a_candidate_id_is_in_the_personal_data_registry() {
    on_each_database_with(remember_database, async |_app: TestApp| {
        let db = database().await;
        let found = tables_with_a_candidate_id(&db).await;
        assert!(found.contains("record_changes") && found.contains("intakes"), "the schema query found {found:?}");
        let registered: BTreeSet<String> = TABLES.iter().map(|t| t.table.to_owned()).collect();
        let missing: Vec<&String> = found.difference(&registered).collect();
        assert!(
            missing.is_empty(),
            "tables with a candidate_id that are not in registration::personal_data::TABLES (say how the GDPR copy and erasure treat them): {missing:?}"
        );
        // And every entry names a real table and the column that holds the candidate's id.
        for table in TABLES {
            assert!(has_column(&db, table.table, table.key).await, "{}.{} is not in the schema", table.table, table.key);
        }
    })
    .await;
}
