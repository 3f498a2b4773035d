//! CSV import and export of candidates, and the limits of every import (size, rows, reported errors).

use reqwest::StatusCode;
use serde_json::{Value, json};
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

const HEADER: &str =
    "Voornaam;Achternaam;Geboortedatum;BSN;Postcode;Huisnummer;Bron;Doelgroepregister;Uren per week;Uitkeringsbedrag";

fn row(n: u32) -> String {
    format!("Kandidaat{n};Achternaam{n};17-05-1990;{};9713 HA;{};participatiewet;ja;32;1.250,00", bsn(n), n % 200 + 1)
}

#[tokio::test]
async fn a_file_with_one_bad_row_imports_nothing_and_reports_that_row() {
    on_each_database(async |app: TestApp| {
        let consultant = app.token_for(Role::Consultant).await;
        let csv = format!(
            "{HEADER}\n{}\n{}\nFout;Rij;17-05-1990;123456789;9713 HA;3;participatiewet;ja;45;x\n",
            row(1),
            row(2)
        );
        let dry: Value = import(&app, &consultant, &csv, true).await.json().await.unwrap();
        assert_eq!(dry["rows"], 3);
        assert_eq!(dry["created"], 2);
        let fields: Vec<_> = dry["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e["row"].as_u64().unwrap(), e["field"].as_str().unwrap().to_owned()))
            .collect();
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
        let report: Value =
            import(&app, &consultant, "voornaam,schoenmaat\nJan,44\n", true).await.json().await.unwrap();
        let errors = report["errors"].as_array().unwrap();
        assert!(errors.iter().all(|e| e["row"] == 1));
        assert!(errors.iter().any(|e| e["field"] == "schoenmaat" && e["code"] == "unknown_column"));
        assert!(errors.iter().any(|e| e["field"] == "bsn" && e["code"] == "missing_column"));
        let wrong_type = app
            .client
            .post(app.url("/candidates/import"))
            .bearer_auth(&consultant)
            .header("content-type", "application/json")
            .body("{}")
            .send()
            .await
            .unwrap();
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
        assert_eq!(
            (again["created"].as_u64(), again["updated"].as_u64(), again["unchanged"].as_u64()),
            (Some(0), Some(0), Some(10_000))
        );
        assert_eq!(app.count("/candidates").await, 10_000);
        let page: Value = app
            .post("/candidates/search", Some(&consultant), &serde_json::json!({"query": bsn(77)}))
            .await
            .json()
            .await
            .unwrap();
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
        let response = app
            .client
            .get(app.url("/candidates/export"))
            .bearer_auth(&consultant)
            .header("accept", "text/csv")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
        let exported = response.text().await.unwrap();
        assert!(exported.starts_with("\u{feff}voornaam;achternaam;geboortedatum;bsn"));
        assert_eq!(exported.lines().count(), 3);
        let report: Value = import(&app, &consultant, &exported, true).await.json().await.unwrap();
        assert_eq!(report["errors"].as_array().unwrap().len(), 0, "{report}");
        assert_eq!((report["updated"].as_u64(), report["unchanged"].as_u64()), (Some(0), Some(2)), "{report}");
        let admin = app.admin_token().await;
        let exports: Value = app.get("/audit-events?action=export", Some(&admin)).await.json().await.unwrap();
        assert_eq!(exports["totalItems"], 1);
        let finance = app.token_for(Role::Finance).await;
        assert_eq!(app.get("/candidates/export", Some(&finance)).await.status(), StatusCode::FORBIDDEN);
    })
    .await;
}

// ---- Round trip: export -> import -> export keeps every field ------------------------------------------

/// Reference data for candidates with every field filled: two neighbourhoods, two abilities, two task
/// categories. Returns their ids by name.
async fn reference_data(app: &TestApp) -> std::collections::HashMap<String, String> {
    let admin = app.admin_token().await;
    let mut ids = std::collections::HashMap::new();
    for (path, body) in [
        ("/neighbourhoods", json!({"name": "Oosterpoort", "postcodeRanges": [{"from": 9713, "to": 9713}]})),
        ("/neighbourhoods", json!({"name": "Selwerd", "postcodeRanges": [{"from": 9741, "to": 9741}]})),
        ("/abilities", json!({"name": "Tuinieren"})),
        ("/abilities", json!({"name": "Koken, bakken | braden"})),
        ("/task-categories", json!({"name": "Groen"})),
        ("/task-categories", json!({"name": "Schoonmaak"})),
    ] {
        let response = app.post(path, Some(&admin), &body).await;
        assert_eq!(response.status(), StatusCode::CREATED, "{path}");
        let created: Value = response.json().await.unwrap();
        ids.insert(body["name"].as_str().unwrap().to_owned(), created["id"].as_str().unwrap().to_owned());
    }
    ids
}

/// A candidate with every field the API takes filled in.
fn full_candidate(n: u32, ids: &std::collections::HashMap<String, String>) -> Value {
    json!({
        "firstName": format!("Sanne{n}"), "lastName": "de Boer", "dateOfBirth": "1990-05-17", "bsn": bsn(n),
        "email": format!("sanne{n}@example.nl"), "phone": "+31 6 1234 5678", "postcode": "9713 HA", "houseNumber": "12a",
        "source": "wajong", "targetGroupRegister": true,
        "benefitKind": "bijstand", "benefitMonthlyAmount": "1250.50",
        "regularWorkEvidence": "Drie jaar zonder werk; \"begeleiding\" hielp niet\nTweede regel", "availableHours": 32,
        "wishedHoursPerWeek": 24, "availableDays": ["mon", "wed", "fri"], "physicalLimitations": ["heavy_lifting", "night_work"],
        "limitationNotes": "Rugklachten", "dreamJob": "=Werken in het groen",
        "wageValuePct": 40, "expectedWageValuePct": 55,
        "abilities": [{"abilityId": ids["Tuinieren"], "level": 3}, {"abilityId": ids["Koken, bakken | braden"], "level": 2}],
        "wishCategoryIds": [ids["Groen"], ids["Schoonmaak"]],
        "wishNeighbourhoodId": ids["Selwerd"],
    })
}

async fn register(app: &TestApp, token: &str, body: &Value) -> String {
    let response = app.post("/candidates?confirmDuplicate=true", Some(token), body).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let created: Value = response.json().await.unwrap();
    created["id"].as_str().unwrap().to_owned()
}

async fn export(app: &TestApp, token: &str, path: &str) -> String {
    let response = app.client.get(app.url(path)).bearer_auth(token).header("accept", "text/csv").send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.text().await.unwrap()
}

async fn candidate_json(app: &TestApp, token: &str, id: &str) -> Value {
    app.get(&format!("/candidates/{id}"), Some(token)).await.json().await.unwrap()
}

async fn events(app: &TestApp, record_type: &str, action: &str, record: Option<&str>) -> u64 {
    let admin = app.admin_token().await;
    let record = record.map(|id| format!("&recordId={id}")).unwrap_or_default();
    let page: Value = app
        .get(&format!("/audit-events?recordType={record_type}&action={action}{record}"), Some(&admin))
        .await
        .json()
        .await
        .unwrap();
    page["totalItems"].as_u64().unwrap()
}

/// The header and the data rows of an exported file.
fn parse(csv: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader =
        csv::ReaderBuilder::new().delimiter(b';').from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let headers = reader.headers().unwrap().iter().map(str::to_owned).collect();
    (headers, reader.records().map(|r| r.unwrap().iter().map(str::to_owned).collect()).collect())
}

fn unparse(headers: &[String], rows: &[Vec<String>]) -> String {
    let mut writer = csv::WriterBuilder::new().delimiter(b';').from_writer(Vec::new());
    writer.write_record(headers).unwrap();
    for row in rows {
        writer.write_record(row).unwrap();
    }
    String::from_utf8(writer.into_inner().unwrap()).unwrap()
}

/// `csv` with the cells of the row whose `key` column is `key_value` changed (header -> new value).
fn edit(csv: &str, key: &str, key_value: &str, change: &[(&str, &str)]) -> String {
    let (headers, mut rows) = parse(csv);
    let column = |name: &str| {
        headers.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name} in {headers:?}"))
    };
    for row in rows.iter_mut().filter(|row| row[column(key)] == key_value) {
        for (header, value) in change {
            row[column(header)] = (*value).to_owned();
        }
    }
    unparse(&headers, &rows)
}

#[tokio::test]
async fn export_import_export_keeps_every_candidate_field_and_writes_nothing_unchanged() {
    on_each_database(async |app: TestApp| {
        let ids = reference_data(&app).await;
        let consultant = app.token_for(Role::Consultant).await;
        let mut people = Vec::new();
        for n in 1..=2 {
            people.push(register(&app, &consultant, &full_candidate(n, &ids)).await);
        }
        // One with only what is required: every optional field empty.
        let minimal = json!({"firstName": "Piet", "lastName": "Leeg", "dateOfBirth": "1980-01-31", "bsn": bsn(3),
            "postcode": "1011 AB", "houseNumber": "1", "source": "other"});
        people.push(register(&app, &consultant, &minimal).await);
        let mut before = Vec::new();
        for id in &people {
            before.push(candidate_json(&app, &consultant, id).await);
        }

        let exported = export(&app, &consultant, "/candidates/export").await;
        for cell in [
            "Tuinieren:3",
            "Koken, bakken \\| braden:2",
            "Groen|Schoonmaak",
            "Oosterpoort",
            "Selwerd",
            "bijstand",
            "1250,50",
            "heavy_lifting|night_work",
            "ma|wo|vr",
            "Rugklachten",
            "'=Werken in het groen",
            "Tweede regel",
        ] {
            assert!(exported.contains(cell), "{cell} in {exported}");
        }
        let (headers, rows) = parse(&exported);
        let wished = headers.iter().position(|h| h == "gewenste uren per week").expect("the wished hours column");
        let mut cells: Vec<&str> = rows.iter().map(|row| row[wished].as_str()).collect();
        cells.sort();
        assert_eq!(cells, ["", "24", "24"], "the wished hours, empty for the minimal candidate");
        let updates_before = events(&app, "candidate", "update", None).await;
        let response = import(&app, &consultant, &exported, false).await;
        assert_eq!(response.status(), StatusCode::OK);
        let report: Value = response.json().await.unwrap();
        assert_eq!(
            (
                report["dryRun"].as_bool(),
                report["created"].as_u64(),
                report["updated"].as_u64(),
                report["unchanged"].as_u64()
            ),
            (Some(false), Some(0), Some(0), Some(3)),
            "{report}"
        );
        assert_eq!(
            export(&app, &consultant, "/candidates/export").await,
            exported,
            "export -> import -> export is identical"
        );
        for (id, was) in people.iter().zip(&before) {
            assert_eq!(&candidate_json(&app, &consultant, id).await, was, "nothing about {id} changed");
        }
        assert_eq!(events(&app, "candidate", "update", None).await, updates_before, "unchanged rows are not audited");

        // As a Dutch spreadsheet saves the file again: `,`-separated, no BOM, dates as 17-5-1990.
        let (headers, mut rows) = parse(&exported);
        let birth = headers.iter().position(|h| h == "geboortedatum").unwrap();
        for row in &mut rows {
            let date = chrono::NaiveDate::parse_from_str(&row[birth], "%Y-%m-%d").unwrap();
            row[birth] = date.format("%-d-%-m-%Y").to_string();
        }
        let mut writer = csv::WriterBuilder::new().delimiter(b',').from_writer(Vec::new());
        writer.write_record(&headers).unwrap();
        rows.iter().for_each(|row| writer.write_record(row).unwrap());
        let resaved = String::from_utf8(writer.into_inner().unwrap()).unwrap();
        let report: Value = import(&app, &consultant, &resaved, true).await.json().await.unwrap();
        assert_eq!(
            (report["unchanged"].as_u64(), report["errors"].as_array().map(Vec::len)),
            (Some(3), Some(0)),
            "{report}"
        );
    })
    .await;
}

#[tokio::test]
async fn each_changed_candidate_gets_one_new_version_and_one_audit_event() {
    on_each_database(async |app: TestApp| {
        let ids = reference_data(&app).await;
        let consultant = app.token_for(Role::Consultant).await;
        let changed = register(&app, &consultant, &full_candidate(1, &ids)).await;
        let same = register(&app, &consultant, &full_candidate(2, &ids)).await;
        let exported = export(&app, &consultant, "/candidates/export").await;
        // The first candidate moves to Selwerd: the new postcode under the old neighbourhood name.
        let edited = edit(
            &exported,
            "bsn",
            &bsn(1),
            &[("uren per week", "20"), ("vaardigheden", "Tuinieren:4"), ("voorkeurswijk", ""), ("postcode", "9741 AB")],
        );
        // And a new candidate in the same file: a copy of the second with another BSN and no version.
        let (headers, mut rows) = parse(&edited);
        let copy = parse(&edit(&exported, "bsn", &bsn(2), &[("bsn", &bsn(4)), ("voornaam", "Nieuw"), ("versie", "")]));
        rows.push(copy.1.into_iter().find(|row| row.contains(&bsn(4))).unwrap());
        let file = unparse(&headers, &rows);
        let (creates, updates) =
            (events(&app, "candidate", "create", None).await, events(&app, "candidate", "update", None).await);

        let report: Value = import(&app, &consultant, &file, false).await.json().await.unwrap();
        assert_eq!(
            (report["created"].as_u64(), report["updated"].as_u64(), report["unchanged"].as_u64()),
            (Some(1), Some(1), Some(1)),
            "{report}"
        );
        let after = candidate_json(&app, &consultant, &changed).await;
        assert_eq!(after["version"], 2);
        assert_eq!(after["availableHours"], 20);
        assert_eq!(after["abilities"], json!([{"abilityId": ids["Tuinieren"], "level": 4}]));
        assert_eq!(after["wishNeighbourhoodId"], Value::Null, "an empty cell clears the field");
        assert_eq!(after["neighbourhoodName"], "Selwerd", "the neighbourhood follows the new postcode");
        assert_eq!(after["benefit"]["monthlyAmount"], "1250.50");
        assert_eq!(candidate_json(&app, &consultant, &same).await["version"], 1);
        assert_eq!(events(&app, "candidate", "update", None).await, updates + 1);
        assert_eq!(events(&app, "candidate", "update", Some(&changed)).await, 1);
        assert_eq!(events(&app, "candidate", "update", Some(&same)).await, 0);
        assert_eq!(events(&app, "candidate", "create", None).await, creates + 1);
        let found: Value =
            app.post("/candidates/search", Some(&consultant), &json!({"query": bsn(4)})).await.json().await.unwrap();
        let new_id = found["items"][0]["id"].as_str().unwrap().to_owned();
        let new = candidate_json(&app, &consultant, &new_id).await;
        assert_eq!((new["firstName"].as_str(), new["version"].as_i64()), (Some("Nieuw"), Some(1)));
        assert_eq!(new["abilities"].as_array().unwrap().len(), 2, "{new}");
        assert_eq!(new["wishCategoryIds"].as_array().unwrap().len(), 2, "{new}");
        assert_eq!(new["benefit"]["kind"], "bijstand");
    })
    .await;
}

#[tokio::test]
async fn a_file_without_some_columns_leaves_those_candidate_fields_unchanged() {
    on_each_database(async |app: TestApp| {
        let ids = reference_data(&app).await;
        let consultant = app.token_for(Role::Consultant).await;
        let id = register(&app, &consultant, &full_candidate(1, &ids)).await;
        let before = candidate_json(&app, &consultant, &id).await;
        let file = format!("bsn;uren per week;droombaan\n{};24;\n", bsn(1));
        let response = import(&app, &consultant, &file, false).await;
        assert_eq!(response.status(), StatusCode::OK, "{}", response.text().await.unwrap());
        let after = candidate_json(&app, &consultant, &id).await;
        assert_eq!(after["availableHours"], 24);
        assert_eq!(after["dreamJob"], "", "a present but empty cell clears the field");
        for field in ["firstName", "dateOfBirth", "email", "phone", "postcode", "neighbourhoodId", "source", "targetGroupRegister",
            "benefit", "regularWorkEvidence", "availableDays", "abilities", "physicalLimitations", "limitationNotes",
            "wishCategoryIds", "wishNeighbourhoodId", "wageValuePct", "expectedWageValuePct", "status", "wishedHoursPerWeek"] {
            assert_eq!(after[field], before[field], "{field} is left alone");
        }
        assert_eq!(after["version"], 2);
        assert_eq!(after["wishedHoursPerWeek"], 24, "the column is absent: the wish stays");
        let file = format!("bsn;gewenste uren per week\n{};16\n", bsn(1));
        assert_eq!(import(&app, &consultant, &file, false).await.status(), StatusCode::OK);
        assert_eq!(candidate_json(&app, &consultant, &id).await["wishedHoursPerWeek"], 16);
        let file = format!("bsn;gewenste uren per week\n{};\n", bsn(1));
        assert_eq!(import(&app, &consultant, &file, false).await.status(), StatusCode::OK);
        let cleared = candidate_json(&app, &consultant, &id).await;
        assert_eq!((cleared["wishedHoursPerWeek"].clone(), cleared["availableHours"].clone()), (Value::Null, json!(24)));
        // A new row takes the defaults for the columns the file lacks.
        let file = format!("bsn;voornaam;achternaam;geboortedatum;postcode;huisnummer;bron\n{};Nieuw;Persoon;1991-02-03;9713 HA;4;wsw\n", bsn(2));
        let report: Value = import(&app, &consultant, &file, false).await.json().await.unwrap();
        assert_eq!(report["created"], 1, "{report}");
        let found: Value = app.post("/candidates/search", Some(&consultant), &json!({"query": bsn(2)})).await.json().await.unwrap();
        let new = candidate_json(&app, &consultant, found["items"][0]["id"].as_str().unwrap()).await;
        assert_eq!((new["availableHours"].clone(), new["abilities"].clone(), new["neighbourhoodName"].clone()), (Value::Null, json!([]), json!("Oosterpoort")));
        // Without the key column nothing can be matched.
        let report: Value = import(&app, &consultant, "uren per week\n12\n", true).await.json().await.unwrap();
        assert!(report["errors"].as_array().unwrap().iter().any(|e| e["field"] == "bsn" && e["code"] == "missing_column"), "{report}");
    })
    .await;
}

#[tokio::test]
async fn a_stale_version_column_fails_the_candidate_import_and_changes_nothing() {
    on_each_database(async |app: TestApp| {
        let ids = reference_data(&app).await;
        let consultant = app.token_for(Role::Consultant).await;
        let first = register(&app, &consultant, &full_candidate(1, &ids)).await;
        let second = register(&app, &consultant, &full_candidate(2, &ids)).await;
        let exported = export(&app, &consultant, "/candidates/export").await;
        // Someone changes the first candidate after the export.
        let mut body = full_candidate(1, &ids);
        body["dreamJob"] = json!("Koken");
        body["version"] = json!(1);
        let saved = app
            .client
            .put(app.url(&format!("/candidates/{first}")))
            .bearer_auth(&consultant)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(saved.status(), StatusCode::OK);
        let before = candidate_json(&app, &consultant, &second).await;
        let file = edit(
            &edit(&exported, "bsn", &bsn(1), &[("uren per week", "10")]),
            "bsn",
            &bsn(2),
            &[("uren per week", "10")],
        );
        let row = 2 + parse(&file).1.iter().position(|row| row.contains(&bsn(1))).unwrap();
        let dry: Value = import(&app, &consultant, &file, true).await.json().await.unwrap();
        assert_eq!(dry["errors"][0]["code"], "stale_version", "{dry}");
        let refused = import(&app, &consultant, &file, false).await;
        let problem = assert_problem(refused, StatusCode::BAD_REQUEST, "validation_failed").await;
        assert_eq!(problem["invalidParams"][0]["name"], format!("rows[{row}].version"), "{problem}");
        assert_eq!(problem["invalidParams"][0]["code"], "stale_version");
        assert_eq!(candidate_json(&app, &consultant, &second).await, before, "nothing was written");
        let first_now = candidate_json(&app, &consultant, &first).await;
        assert_eq!((first_now["availableHours"].as_u64(), first_now["version"].as_u64()), (Some(32), Some(2)));
    })
    .await;
}

#[tokio::test]
async fn the_import_documentation_names_every_column_the_export_writes() {
    on_each_database(async |app: TestApp| {
        let consultant = app.token_for(Role::Consultant).await;
        let document: Value = app.get("/openapi.json", None).await.json().await.unwrap();
        for (list, import_path) in
            [("/candidates/export", "/candidates/import"), ("/organisations/export", "/organisations/import")]
        {
            let exported = export(&app, &consultant, list).await;
            let description = document["paths"][import_path]["post"]["description"].as_str().unwrap_or_default();
            for header in exported.trim_start_matches('\u{feff}').lines().next().unwrap().split(';') {
                assert!(
                    description.contains(&format!("`{header}`")),
                    "{import_path} documents the column {header}: {description}"
                );
            }
        }
    })
    .await;
}

/// Finding 6 of the security issue: an import is bounded in bytes, rows and reported errors.
#[tokio::test]
async fn an_import_is_bounded_in_file_size_rows_and_reported_errors() {
    on_each_database(async |app: TestApp| {
        let consultant = app.token_for(Role::Consultant).await;
        // 8 MiB and one byte: refused before it is read whole.
        let huge = format!("{HEADER}\n{}", "x".repeat(8 * 1024 * 1024 + 1 - HEADER.len() - 1));
        assert_problem(
            import(&app, &consultant, &huge, true).await,
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
        )
        .await;
        // 20,001 rows (small ones): refused before any row is checked.
        let many = format!("Voornaam\n{}", "x\n".repeat(20_001));
        assert_problem(import(&app, &consultant, &many, true).await, StatusCode::BAD_REQUEST, "too_many_rows").await;
        let organisations = app
            .client
            .post(app.url("/organisations/import?dryRun=true"))
            .bearer_auth(&consultant)
            .header("content-type", "text/csv")
            .body(format!("naam;kvk\n{}", "y;1\n".repeat(20_001)))
            .send()
            .await
            .unwrap();
        assert_problem(organisations, StatusCode::BAD_REQUEST, "too_many_rows").await;

        // 600 rows with a bad KvK number each: the report lists 500 errors and counts the rest.
        let bad = format!("naam;kvk\n{}", (0..600).map(|n| format!("Organisatie {n};12\n")).collect::<String>());
        let send = |dry_run: bool| {
            app.client
                .post(app.url(&format!("/organisations/import?dryRun={dry_run}")))
                .bearer_auth(&consultant)
                .header("content-type", "text/csv")
                .body(bad.clone())
                .send()
        };
        let report: Value = send(true).await.unwrap().json().await.unwrap();
        assert_eq!(report["rows"], 600);
        assert_eq!(report["errors"].as_array().unwrap().len(), 500);
        assert!(report["errorsOmitted"].as_u64().unwrap() >= 100, "{}", report["errorsOmitted"]);
        let refused = assert_problem(send(false).await.unwrap(), StatusCode::BAD_REQUEST, "validation_failed").await;
        let params = refused["invalidParams"].as_array().unwrap();
        assert_eq!(params.len(), 501);
        assert_eq!(params[500]["name"], "rows");
        assert_eq!(params[500]["code"], "more_errors");

        // The candidate import's report too: 600 rows with a BSN that fails the 11-check.
        let bad =
            format!("{HEADER}\n{}", (0..600).map(|n| row(n).replace(&bsn(n), "123456789") + "\n").collect::<String>());
        let report: Value = import(&app, &consultant, &bad, true).await.json().await.unwrap();
        assert_eq!(report["errors"].as_array().unwrap().len(), 500);
        assert!(report["errorsOmitted"].as_u64().unwrap() >= 100, "{}", report["errorsOmitted"]);
    })
    .await;
}
