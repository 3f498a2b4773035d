//! Finding 4 of the security issue: what each role sees of a person, field by field, over HTTP.
//!
//! [`FIELDS`] is this test's own statement of PRODUCT.md's roles table, written out apart from the server's
//! table (`registration::visibility::TABLE`) so that a change to either shows up here: for every field of a
//! candidate's record, whether admin, consultant, job coach and finance see it.

use std::collections::BTreeSet;

use reqwest::StatusCode;
use serde_json::{Value, json};
use shared::auth::Role;

use crate::candidates::candidate;
use crate::helpers::{TestApp, assert_problem, on_each_database};

/// Field of `GET /candidates/{id}` -> seen by [admin, consultant, job coach, finance].
#[rustfmt::skip]
const FIELDS: &[(&str, [bool; 4])] = &[
    //                              adm    con    jc     fin
    ("id",                      [true,  true,  true,  true ]),
    ("municipalityId",          [true,  true,  true,  true ]),
    ("firstName",               [true,  true,  true,  true ]),
    ("lastName",                [true,  true,  true,  true ]),
    ("dateOfBirth",             [true,  true,  true,  false]),
    ("age",                     [true,  true,  true,  false]),
    ("bsn",                     [true,  true,  true,  false]),
    ("bsnMasked",               [true,  true,  true,  false]),
    ("email",                   [true,  true,  true,  false]),
    ("phone",                   [true,  true,  true,  false]),
    ("postcode",                [true,  true,  true,  false]),
    ("houseNumber",             [true,  true,  true,  false]),
    ("neighbourhoodId",         [true,  true,  true,  false]),
    ("neighbourhoodName",       [true,  true,  true,  false]),
    ("source",                  [true,  true,  true,  false]),
    ("targetGroupRegister",     [true,  true,  true,  false]),
    ("benefit",                 [true,  true,  true,  true ]),
    ("regularWorkEvidence",     [true,  true,  true,  false]),
    ("availableHours",          [true,  true,  true,  false]),
    ("wishedHoursPerWeek",      [true,  true,  true,  false]),
    ("availableDays",           [true,  true,  true,  false]),
    ("availabilityConfirmedAt", [true,  true,  true,  false]),
    ("availabilityConfirmedBy", [true,  true,  true,  false]),
    ("missing",                 [true,  true,  true,  false]),
    ("abilities",               [true,  true,  true,  false]),
    // Health: no job coach sees it until guidance exists (their own caseload only, later).
    ("physicalLimitations",     [true,  true,  false, false]),
    ("limitationNotes",         [true,  true,  false, false]),
    ("wishCategoryIds",         [true,  true,  true,  false]),
    ("wishNeighbourhoodId",     [true,  true,  true,  false]),
    ("dreamJob",                [true,  true,  true,  false]),
    ("wageValuePct",            [true,  true,  true,  false]),
    ("expectedWageValuePct",    [true,  true,  true,  false]),
    ("status",                  [true,  true,  true,  true ]),
    ("exitReason",              [true,  true,  true,  false]),
    ("wageEarningCriteria",     [true,  true,  true,  false]),
    ("createdAt",               [true,  true,  true,  false]),
    ("updatedAt",               [true,  true,  true,  false]),
    ("version",                 [true,  true,  true,  false]),
];

const READERS: [Role; 4] = [Role::Admin, Role::Consultant, Role::JobCoach, Role::Finance];

/// A candidate with every field filled, an intake with notes and an eligibility decision; its id.
async fn complete_candidate(app: &TestApp) -> String {
    let consultant = app.token_for(Role::Consultant).await;
    let mut body = candidate("123456782", "Sanne", "de Boer");
    body["wishedHoursPerWeek"] = json!(24);
    let created = app.post("/candidates", Some(&consultant), &body).await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let created: Value = created.json().await.unwrap();
    let id = created["id"].as_str().unwrap().to_owned();
    let intake = json!({"to": "intake", "reason": "Eerste gesprek gepland", "version": created["version"]});
    assert_eq!(
        app.post(&format!("/candidates/{id}/status"), Some(&consultant), &intake).await.status(),
        StatusCode::OK
    );
    let held =
        json!({"kind": "conversation", "heldOn": "2026-11-20", "result": "Gemotiveerd", "notes": "Slaapt slecht"});
    assert_eq!(
        app.post(&format!("/candidates/{id}/intakes"), Some(&consultant), &held).await.status(),
        StatusCode::CREATED
    );
    let decision = json!({"outcome": "pre_trajectory", "motivation": "Eerst werkfit maken", "version": 2});
    let decided = app.post(&format!("/candidates/{id}/eligibility"), Some(&consultant), &decision).await;
    assert_eq!(decided.status(), StatusCode::OK);
    id
}

fn keys(value: &Value) -> BTreeSet<String> {
    value.as_object().expect("an object").keys().cloned().collect()
}

#[tokio::test]
async fn each_role_reads_exactly_the_fields_of_the_roles_table() {
    on_each_database(async |app: TestApp| {
        let id = complete_candidate(&app).await;
        for (column, role) in READERS.into_iter().enumerate() {
            let token = app.token_for(role).await;
            let response = app.get(&format!("/candidates/{id}"), Some(&token)).await;
            assert_eq!(response.status(), StatusCode::OK, "{role}");
            let body: Value = response.json().await.unwrap();
            let expected: BTreeSet<String> = FIELDS
                .iter()
                .filter(|(_, seen)| seen[column])
                .map(|(field, _)| (*field).to_owned())
                .chain(["hiddenFields".to_owned()])
                .collect();
            for (field, seen) in FIELDS {
                assert_eq!(body.get(*field).is_some(), seen[column], "{role} and {field}");
            }
            assert_eq!(keys(&body), expected, "{role}: no field outside the table");
            let hidden: BTreeSet<&str> =
                body["hiddenFields"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
            for (field, seen) in FIELDS {
                assert_eq!(hidden.contains(field), !seen[column], "{role}: hiddenFields and {field}");
            }
        }
        // What finance sees, it sees in full: the benefit's kind and monthly amount.
        let finance = app.token_for(Role::Finance).await;
        let body: Value = app.get(&format!("/candidates/{id}"), Some(&finance)).await.json().await.unwrap();
        assert_eq!(body["benefit"], json!({"kind": "bijstand", "monthlyAmount": "1250.00"}));
        assert_eq!((body["firstName"].as_str(), body["status"].as_str()), (Some("Sanne"), Some("pre_trajectory")));
        // A job coach's answer holds no health data anywhere, not even as a value of another field.
        let coach = app.token_for(Role::JobCoach).await;
        let text = app.get(&format!("/candidates/{id}"), Some(&coach)).await.text().await.unwrap();
        assert!(!text.contains("Rugklachten") && !text.contains("heavy_lifting"), "{text}");
    })
    .await;
}

#[tokio::test]
async fn a_list_row_and_a_search_hit_hold_only_what_the_role_sees() {
    on_each_database(async |app: TestApp| {
        complete_candidate(&app).await;
        let all = [
            "id",
            "firstName",
            "lastName",
            "postcode",
            "neighbourhoodId",
            "neighbourhoodName",
            "source",
            "targetGroupRegister",
            "status",
            "availableHours",
            "updatedAt",
        ];
        for role in READERS {
            let token = app.token_for(role).await;
            let expected: BTreeSet<String> = if role == Role::Finance {
                ["id", "firstName", "lastName", "status"].map(str::to_owned).into()
            } else {
                all.map(str::to_owned).into()
            };
            let list: Value = app.get("/candidates", Some(&token)).await.json().await.unwrap();
            assert_eq!(keys(&list["items"][0]), expected, "{role}: list");
            let found: Value =
                app.post("/candidates/search", Some(&token), &json!({"query": "Sanne"})).await.json().await.unwrap();
            assert_eq!(keys(&found["items"][0]), expected, "{role}: search");
        }
        let finance = app.token_for(Role::Finance).await;
        // Filtering on a field finance does not see would reveal it.
        for filter in [
            "source=participatiewet",
            "targetGroupRegister=true",
            "neighbourhoodId=00000000-0000-0000-0000-000000000000",
        ] {
            let response = app.get(&format!("/candidates?{filter}"), Some(&finance)).await;
            assert_problem(response, StatusCode::FORBIDDEN, "forbidden").await;
        }
        let by_register = app.post("/candidates/search", Some(&finance), &json!({"targetGroupRegister": true})).await;
        assert_problem(by_register, StatusCode::FORBIDDEN, "forbidden").await;
        // A postcode is searched as a name for finance: it finds nobody.
        for query in ["9713 HA", "9713"] {
            let found: Value =
                app.post("/candidates/search", Some(&finance), &json!({"query": query})).await.json().await.unwrap();
            assert_eq!(found["totalItems"], 0, "{query}");
        }
        let consultant = app.token_for(Role::Consultant).await;
        let found: Value =
            app.post("/candidates/search", Some(&consultant), &json!({"query": "9713 HA"})).await.json().await.unwrap();
        assert_eq!(found["totalItems"], 1);
    })
    .await;
}

#[tokio::test]
async fn intakes_and_status_reasons_are_not_for_finance_and_intake_notes_not_for_job_coaches() {
    on_each_database(async |app: TestApp| {
        let id = complete_candidate(&app).await;
        let finance = app.token_for(Role::Finance).await;
        for what in ["intakes", "status-changes"] {
            let response = app.get(&format!("/candidates/{id}/{what}"), Some(&finance)).await;
            assert_problem(response, StatusCode::FORBIDDEN, "forbidden").await;
        }
        for (role, sees_notes) in [(Role::Admin, true), (Role::Consultant, true), (Role::JobCoach, false)] {
            let token = app.token_for(role).await;
            let intakes: Value =
                app.get(&format!("/candidates/{id}/intakes"), Some(&token)).await.json().await.unwrap();
            let intake = &intakes["items"][0];
            assert_eq!(intake["result"], "Gemotiveerd", "{role}");
            assert_eq!(intake["notes"] == "Slaapt slecht", sees_notes, "{role}");
            assert_eq!(intake["notes"].is_null(), !sees_notes, "{role}");
            let history: Value =
                app.get(&format!("/candidates/{id}/status-changes"), Some(&token)).await.json().await.unwrap();
            assert_eq!(history["items"][0]["reason"], "Eerst werkfit maken", "{role}");
        }
    })
    .await;
}

#[tokio::test]
async fn the_change_history_shows_values_only_of_the_fields_the_role_sees() {
    on_each_database(async |app: TestApp| {
        let id = complete_candidate(&app).await;
        let consultant = app.token_for(Role::Consultant).await;
        let current: Value = app.get(&format!("/candidates/{id}"), Some(&consultant)).await.json().await.unwrap();
        let mut changed = candidate("123456782", "Sanna", "de Boer");
        changed["email"] = json!("nieuw@example.nl");
        changed["limitationNotes"] = json!("Knieklachten");
        changed["benefitMonthlyAmount"] = json!("1300.00");
        changed["version"] = current["version"].clone();
        let saved = app.put(&format!("/candidates/{id}"), Some(&consultant), &changed).await;
        assert_eq!(saved.status(), StatusCode::OK);
        // Field -> whether [admin, consultant, job coach, finance] see its values.
        let expected = [
            ("firstName", [true, true, true, true]),
            ("email", [true, true, true, false]),
            ("limitationNotes", [true, true, false, false]),
            ("benefitMonthlyAmount", [true, true, true, true]),
        ];
        for (column, role) in READERS.into_iter().enumerate() {
            let token = app.token_for(role).await;
            let page: Value =
                app.get(&format!("/candidates/{id}/changes?pageSize=100"), Some(&token)).await.json().await.unwrap();
            for (field, seen) in expected {
                let row = page["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|c| c["field"] == field)
                    .unwrap_or_else(|| panic!("{field} changed"));
                assert_eq!(!row["newValue"].is_null(), seen[column], "{role} and {field}: {row}");
                assert_eq!(row["valuesHidden"], !seen[column], "{role} and {field}");
            }
        }
    })
    .await;
}
