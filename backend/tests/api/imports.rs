//! CSV import and export of candidates.

use reqwest::StatusCode;
use serde_json::Value;
use shared::auth::Role;

use crate::helpers::{TestApp, assert_problem, on_each_database};

/// A valid BSN for `n` (8 digits of `n`, then the check digit that passes the 11-check).
pub fn bsn(n: u32) -> String {
    for start in [n % 100_000_000, (n + 50_000_000) % 100_000_000] {
        let digits: Vec<u32> = format!("{start:08}").bytes().map(|b| u32::from(b - b'0')).collect();
        if digits.iter().all(|d| *d == 0) {
            continue;
        }
        let sum: u32 = digits.iter().zip([9, 8, 7, 6, 5, 4, 3, 2]).map(|(d, w)| d * w).sum();
        let check = sum % 11;
        if check < 10 {
            return format!("{start:08}{check}");
        }
    }
    unreachable!("one of two starts gives a check digit below 10")
}

async fn import(app: &TestApp, token: &str, csv: &str, dry_run: bool) -> reqwest::Response {
    app.client
        .post(app.url(&format!("/candidates/import?dryRun={dry_run}")))
        .bearer_auth(token)
        .header("content-type", "text/csv")
        .body(csv.to_owned())
        .send()
        .await
        .unwrap()
}

const HEADER: &str = "Voornaam;Achternaam;Geboortedatum;BSN;Postcode;Huisnummer;Bron;Doelgroepregister;Uren per week;Uitkeringsbedrag";

fn row(n: u32) -> String {
    format!("Kandidaat{n};Achternaam{n};17-05-1990;{};9713 HA;{};participatiewet;ja;32;1.250,00", bsn(n), n % 200 + 1)
}

#[tokio::test]
async fn a_file_with_one_bad_row_imports_nothing_and_reports_that_row() {
    on_each_database(async |app: TestApp| {
        let consultant = app.token_for(Role::Consultant).await;
        let csv = format!("{HEADER}\n{}\n{}\nFout;Rij;17-05-1990;123456789;9713 HA;3;participatiewet;ja;45;x\n", row(1), row(2));
        let dry: Value = import(&app, &consultant, &csv, true).await.json().await.unwrap();
        assert_eq!(dry["rows"], 3);
        assert_eq!(dry["created"], 2);
        let fields: Vec<_> = dry["errors"].as_array().unwrap().iter().map(|e| (e["row"].as_u64().unwrap(), e["field"].as_str().unwrap().to_owned())).collect();
        assert_eq!(fields, vec![(4, "benefitMonthlyAmount".into()), (4, "bsn".into()), (4, "availableHours".into())]);
        let real = import(&app, &consultant, &csv, false).await;
        let problem = assert_problem(real, StatusCode::BAD_REQUEST, "validation_failed").await;
        assert_eq!(problem["invalidParams"][1]["name"], "rows[4].bsn");
        assert_eq!(app.count("/candidates").await, 0, "nothing was written");
    })
    .await;
}

#[tokio::test]
async fn unknown_and_missing_columns_are_reported_on_the_header_row() {
    on_each_database(async |app: TestApp| {
        let consultant = app.token_for(Role::Consultant).await;
        let report: Value = import(&app, &consultant, "voornaam,schoenmaat\nJan,44\n", true).await.json().await.unwrap();
        let errors = report["errors"].as_array().unwrap();
        assert!(errors.iter().all(|e| e["row"] == 1));
        assert!(errors.iter().any(|e| e["field"] == "schoenmaat" && e["code"] == "unknown_column"));
        assert!(errors.iter().any(|e| e["field"] == "bsn" && e["code"] == "missing_column"));
        let wrong_type = app.client.post(app.url("/candidates/import")).bearer_auth(&consultant).header("content-type", "application/json").body("{}").send().await.unwrap();
        assert_problem(wrong_type, StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type").await;
    })
    .await;
}

#[tokio::test]
async fn ten_thousand_rows_import_in_one_go_and_a_second_import_creates_no_duplicates() {
    on_each_database(async |app: TestApp| {
        let consultant = app.token_for(Role::Consultant).await;
        let mut csv = String::from(HEADER);
        for n in 1..=10_000 {
            csv.push('\n');
            csv.push_str(&row(n));
        }
        let first = import(&app, &consultant, &csv, false).await;
        assert_eq!(first.status(), StatusCode::OK);
        let first: Value = first.json().await.unwrap();
        assert_eq!((first["created"].as_u64(), first["updated"].as_u64()), (Some(10_000), Some(0)));
        assert_eq!(app.count("/candidates").await, 10_000);
        let again: Value = import(&app, &consultant, &csv, false).await.json().await.unwrap();
        assert_eq!((again["created"].as_u64(), again["updated"].as_u64()), (Some(0), Some(10_000)));
        assert_eq!(app.count("/candidates").await, 10_000);
        let page: Value = app.post("/candidates/search", Some(&consultant), &serde_json::json!({"query": bsn(77)})).await.json().await.unwrap();
        assert_eq!(page["items"][0]["firstName"], "Kandidaat77");
    })
    .await;
}

#[tokio::test]
async fn the_export_is_importable_csv_and_is_audited() {
    on_each_database(async |app: TestApp| {
        let consultant = app.token_for(Role::Consultant).await;
        let csv = format!("{HEADER}\n{}\n{}\n", row(1), row(2));
        assert_eq!(import(&app, &consultant, &csv, false).await.status(), StatusCode::OK);
        let response = app.client.get(app.url("/candidates/export")).bearer_auth(&consultant).header("accept", "text/csv").send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
        let exported = response.text().await.unwrap();
        assert!(exported.starts_with("\u{feff}voornaam;achternaam;geboortedatum;bsn"));
        assert_eq!(exported.lines().count(), 3);
        let report: Value = import(&app, &consultant, &exported, true).await.json().await.unwrap();
        assert_eq!(report["errors"].as_array().unwrap().len(), 0, "{report}");
        assert_eq!(report["updated"], 2);
        let admin = app.admin_token().await;
        let exports: Value = app.get("/audit-events?action=export", Some(&admin)).await.json().await.unwrap();
        assert_eq!(exports["totalItems"], 1);
        let finance = app.token_for(Role::Finance).await;
        assert_eq!(app.get("/candidates/export", Some(&finance)).await.status(), StatusCode::FORBIDDEN);
    })
    .await;
}
