//! Possible duplicate candidates (issue 14, item 5): detection on hand-made pairs, merging (every history
//! row kept, the merged record out of the lists, the audit trail followed), dismissal, the warning at
//! registration and in an import's dry run, roles and bad input.

use reqwest::StatusCode;
use serde_json::{Value, json};
use shared::auth::Role;

use crate::candidates::candidate;
use crate::helpers::{PASSWORD, TestApp, assert_problem, field_names, on_each_database};
use crate::imports::bsn;

/// A candidate with its own BSN, date of birth and address.
fn person(n: u32, first: &str, last: &str, born: &str, postcode: &str, house: &str) -> Value {
    let mut body = candidate(&bsn(n), first, last);
    body["dateOfBirth"] = json!(born);
    body["postcode"] = json!(postcode);
    body["houseNumber"] = json!(house);
    body
}

/// Registers, confirming a possible duplicate; the id.
async fn register(app: &TestApp, token: &str, body: &Value) -> String {
    let response = app.post("/candidates?confirmDuplicate=true", Some(token), body).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let created: Value = response.json().await.unwrap();
    created["id"].as_str().unwrap().to_owned()
}

/// The pairs listed, each as its two full names (in the order listed within the pair), sorted.
async fn pairs(app: &TestApp, token: &str) -> Vec<(String, String)> {
    let page: Value = app.get("/duplicates?pageSize=100", Some(token)).await.json().await.unwrap();
    let name = |side: &Value| format!("{} {}", side["firstName"].as_str().unwrap(), side["lastName"].as_str().unwrap());
    let mut found: Vec<(String, String)> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let (a, b) = (name(&p["first"]), name(&p["second"]));
            if a <= b { (a, b) } else { (b, a) }
        })
        .collect();
    found.sort();
    found
}

fn pair(a: &str, b: &str) -> (String, String) {
    (a.to_owned(), b.to_owned())
}

#[tokio::test]
async fn possible_duplicates_are_found_by_blocks_and_alike_names_and_a_dismissal_sticks() {
    on_each_database(async |app: TestApp| {
        let consultant = app.token_for(Role::Consultant).await;
        // Diacritics, same date of birth.
        register(&app, &consultant, &person(1, "Jose", "Garcia", "1984-02-01", "9711 AA", "1")).await;
        register(&app, &consultant, &person(2, "José", "García", "1984-02-01", "9712 BB", "2")).await;
        // First and last name swapped, same address.
        register(&app, &consultant, &person(3, "Piet", "Jansen", "1970-03-03", "9713 CC", "3")).await;
        register(&app, &consultant, &person(4, "Jansen", "Piet", "1971-04-04", "9713 CC", "3")).await;
        // A typo, same date of birth.
        register(&app, &consultant, &person(5, "Mohammed", "El Amrani", "1990-06-06", "9714 DD", "4")).await;
        let typo = register(&app, &consultant, &person(6, "Mohamed", "El Amrani", "1990-06-06", "9715 EE", "5")).await;
        // Same date of birth and address, different people: no pair.
        register(&app, &consultant, &person(7, "Anna", "Smit", "1988-07-07", "9716 FF", "6")).await;
        register(&app, &consultant, &person(8, "Bert", "Smit", "1988-07-07", "9716 FF", "6")).await;
        // The same name, but neither date of birth nor address in common: never compared.
        register(&app, &consultant, &person(9, "Karin", "de Vries", "1980-08-08", "9717 GG", "7")).await;
        register(&app, &consultant, &person(10, "Karin", "de Vries", "1981-09-09", "9718 HH", "8")).await;

        assert_eq!(
            pairs(&app, &consultant).await,
            [
                pair("Jansen Piet", "Piet Jansen"),
                pair("Jose Garcia", "José García"),
                pair("Mohamed El Amrani", "Mohammed El Amrani")
            ]
        );
        let page: Value = app.get("/duplicates", Some(&consultant)).await.json().await.unwrap();
        let swapped = page["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["first"]["lastName"] == "Jansen" || p["first"]["lastName"] == "Piet")
            .unwrap();
        assert_eq!((swapped["sameAddress"].as_bool(), swapped["sameDateOfBirth"].as_bool()), (Some(true), Some(false)));
        assert_eq!(page["items"][0]["similarity"], 1.0, "the most alike first");

        // A dismissed pair is not proposed again, also after a second dismissal.
        let typo_pair = page["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["second"]["candidateId"] == typo.as_str() || p["first"]["candidateId"] == typo.as_str())
            .unwrap();
        let dismiss =
            json!({"firstId": typo_pair["first"]["candidateId"], "secondId": typo_pair["second"]["candidateId"]});
        for _ in 0..2 {
            let answer = app.post("/duplicates/dismiss", Some(&consultant), &dismiss).await;
            assert_eq!(answer.status(), StatusCode::NO_CONTENT);
        }
        assert_eq!(
            pairs(&app, &consultant).await,
            [pair("Jansen Piet", "Piet Jansen"), pair("Jose Garcia", "José García")]
        );

        // Roles: a job coach and finance are refused; every record shown was audited as read.
        for role in [Role::JobCoach, Role::Finance] {
            let token = app.token_for(role).await;
            assert_eq!(app.get("/duplicates", Some(&token)).await.status(), StatusCode::FORBIDDEN);
        }
        let admin = app.admin_token().await;
        let events: Value = app
            .get("/audit-events?recordType=candidate&action=read&pageSize=100", Some(&admin))
            .await
            .json()
            .await
            .unwrap();
        let reads = events["items"].as_array().unwrap().iter().filter(|e| e["details"] == "duplicates").count();
        assert!(reads >= 6, "each record shown is audited ({reads})");
    })
    .await;
}

#[tokio::test]
async fn a_merge_keeps_every_history_row_and_the_merged_record_leaves_the_lists() {
    on_each_database(async |app: TestApp| {
        let consultant = app.token_for(Role::Consultant).await;
        let admin = app.admin_token().await;
        let survivor = register(&app, &consultant, &person(1, "Sanne", "de Boer", "1985-05-05", "9711 AA", "1")).await;
        let merged = register(&app, &consultant, &person(2, "Sanne", "de Boor", "1985-05-05", "9712 BB", "2")).await;
        // History on both: a status step each, an intake on the merged record.
        for id in [&survivor, &merged] {
            let step = json!({"to": "intake", "reason": "Eerste gesprek gepland", "version": 1});
            assert_eq!(app.post(&format!("/candidates/{id}/status"), Some(&consultant), &step).await.status(), StatusCode::OK);
        }
        let intake = json!({"kind": "conversation", "heldOn": "2026-11-20", "result": "Gemotiveerd", "notes": "Wil buiten werken"});
        assert_eq!(
            app.post(&format!("/candidates/{merged}/intakes"), Some(&consultant), &intake).await.status(),
            StatusCode::CREATED
        );
        let total = async |path: String| -> u64 {
            let page: Value = app.get(&path, Some(&consultant)).await.json().await.unwrap();
            page["totalItems"].as_u64().unwrap()
        };
        let history = ["status-changes", "intakes", "changes"];
        let mut before = Vec::new();
        for what in history {
            before.push(
                total(format!("/candidates/{survivor}/{what}")).await + total(format!("/candidates/{merged}/{what}")).await,
            );
        }
        assert_eq!(before[0], 4, "two status rows each");
        let listed_before = total("/candidates".into()).await;
        assert_eq!(pairs(&app, &consultant).await.len(), 1);

        let body = json!({"survivorId": survivor, "mergedId": merged});
        let answer = app.post("/duplicates/merge", Some(&consultant), &body).await;
        assert_eq!(answer.status(), StatusCode::OK);
        let result: Value = answer.json().await.unwrap();
        let moved: Vec<(&str, u64)> = result["moved"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| (m["table"].as_str().unwrap(), m["rows"].as_u64().unwrap()))
            .collect();
        assert!(moved.contains(&("candidate_status_changes", 2)), "{moved:?}");
        assert!(moved.contains(&("intakes", 1)), "{moved:?}");

        // Every history row is the survivor's now.
        for (what, count) in history.iter().zip(&before) {
            assert_eq!(total(format!("/candidates/{survivor}/{what}")).await, *count, "{what}");
        }
        // The merged record answers 404 and leaves the lists and the duplicates.
        assert_eq!(app.get(&format!("/candidates/{merged}"), Some(&consultant)).await.status(), StatusCode::NOT_FOUND);
        assert_eq!(
            app.get(&format!("/candidates/{merged}/personal-data"), Some(&consultant)).await.status(),
            StatusCode::NOT_FOUND
        );
        assert_eq!(total("/candidates".into()).await, listed_before - 1);
        assert_eq!(pairs(&app, &consultant).await, Vec::<(String, String)>::new());

        // The audit trail is not rewritten, but followed: the survivor's GDPR copy and the audit filter
        // hold the merged record's events.
        let copy: Value =
            app.get(&format!("/candidates/{survivor}/personal-data"), Some(&consultant)).await.json().await.unwrap();
        let of_merged = copy["auditEvents"].as_array().unwrap().iter().filter(|e| e["recordId"] == merged.as_str()).count();
        assert!(of_merged >= 3, "the merged record's creation, status step and merge ({of_merged})");
        let events: Value =
            app.get(&format!("/audit-events?recordId={survivor}&pageSize=100"), Some(&admin)).await.json().await.unwrap();
        assert!(events["items"].as_array().unwrap().iter().any(|e| e["recordId"] == merged.as_str()));
        // The timeline of the survivor shows the merged record's intake.
        let timeline: Value =
            app.get(&format!("/candidates/{survivor}/timeline?pageSize=100"), Some(&consultant)).await.json().await.unwrap();
        assert!(timeline["items"].as_array().unwrap().iter().any(|e| e["kind"] == "intake"));
    })
    .await;
}

#[tokio::test]
async fn bad_merges_and_dismissals_answer_400_and_write_nothing() {
    on_each_database(async |app: TestApp| {
        let consultant = app.token_for(Role::Consultant).await;
        let admin = app.admin_token().await;
        let a = register(&app, &consultant, &person(1, "Sanne", "de Boer", "1985-05-05", "9711 AA", "1")).await;
        let b = register(&app, &consultant, &person(2, "Sanne", "de Boor", "1985-05-05", "9712 BB", "2")).await;
        let c = register(&app, &consultant, &person(3, "Sanne", "de Boerr", "1985-05-05", "9713 CC", "3")).await;

        let merge = async |body: Value| app.post("/duplicates/merge", Some(&consultant), &body).await;
        let itself = assert_problem(
            merge(json!({"survivorId": a, "mergedId": a})).await,
            StatusCode::BAD_REQUEST,
            "validation_failed",
        )
        .await;
        assert_eq!(field_names(&itself), ["mergedId"]);
        let missing = assert_problem(merge(json!({})).await, StatusCode::BAD_REQUEST, "validation_failed").await;
        assert_eq!(field_names(&missing), ["survivorId", "mergedId"]);
        let stranger = uuid::Uuid::now_v7().to_string();
        let unknown = assert_problem(
            merge(json!({"survivorId": a, "mergedId": stranger})).await,
            StatusCode::BAD_REQUEST,
            "validation_failed",
        )
        .await;
        assert_eq!(unknown["invalidParams"][0]["code"], "unknown");

        // An erased record cannot be merged.
        let erasure = json!({"reason": "Verzoek van betrokkene", "confirm": true});
        assert!(app.post(&format!("/candidates/{c}/erasure"), Some(&admin), &erasure).await.status().is_success());
        let erased = assert_problem(
            merge(json!({"survivorId": a, "mergedId": c})).await,
            StatusCode::BAD_REQUEST,
            "validation_failed",
        )
        .await;
        assert_eq!(erased["invalidParams"][0]["code"], "erased");
        let history: Value =
            app.get(&format!("/candidates/{a}/status-changes"), Some(&consultant)).await.json().await.unwrap();
        assert_eq!(history["totalItems"], 1, "nothing was written");

        // Not across municipalities.
        let haren: Value = app
            .post("/municipalities", Some(&admin), &json!({"name": "Haren", "code": "GM0017"}))
            .await
            .json()
            .await
            .unwrap();
        let created =
            crate::municipalities::user_in(&app, &admin, "c.haren", Role::Consultant, haren["id"].as_str()).await;
        assert_eq!(created.status(), StatusCode::CREATED);
        let in_haren = app.login("c.haren", PASSWORD).await;
        let elsewhere = register(&app, &in_haren, &person(4, "Sanne", "de Boer", "1985-05-05", "9711 AA", "1")).await;
        let across =
            app.post("/duplicates/merge", Some(&admin), &json!({"survivorId": a, "mergedId": elsewhere})).await;
        let across = assert_problem(across, StatusCode::BAD_REQUEST, "validation_failed").await;
        assert_eq!(across["invalidParams"][0]["code"], "other_municipality");
        // The consultant of Haren sees neither Groningen's pair nor may it touch its records.
        assert_eq!(pairs(&app, &in_haren).await, Vec::<(String, String)>::new());
        let outside =
            app.post("/duplicates/dismiss", Some(&in_haren), &json!({"firstId": a, "secondId": elsewhere})).await;
        let outside = assert_problem(outside, StatusCode::BAD_REQUEST, "validation_failed").await;
        assert_eq!(outside["invalidParams"][0]["code"], "unknown");

        // A merged record cannot be merged or dismissed again.
        assert_eq!(merge(json!({"survivorId": a, "mergedId": b})).await.status(), StatusCode::OK);
        let again = assert_problem(
            merge(json!({"survivorId": a, "mergedId": b})).await,
            StatusCode::BAD_REQUEST,
            "validation_failed",
        )
        .await;
        assert_eq!(again["invalidParams"][0]["code"], "merged");
        let job_coach = app.token_for(Role::JobCoach).await;
        let denied = app.post("/duplicates/merge", Some(&job_coach), &json!({"survivorId": a, "mergedId": b})).await;
        assert_eq!(denied.status(), StatusCode::FORBIDDEN);
    })
    .await;
}

#[tokio::test]
async fn registration_warns_about_a_possible_duplicate_until_confirmed_and_an_import_dry_run_lists_them() {
    on_each_database(async |app: TestApp| {
        let consultant = app.token_for(Role::Consultant).await;
        let first = register(&app, &consultant, &person(1, "José", "García", "1984-02-01", "9711 AA", "1")).await;
        let alike = person(2, "Jose", "Garcia", "1984-02-01", "9712 BB", "2");
        let warned = app.post("/candidates", Some(&consultant), &alike).await;
        let problem = assert_problem(warned, StatusCode::CONFLICT, "possible_duplicate").await;
        assert_eq!(problem["possibleDuplicates"], json!([first]));
        assert_eq!(app.count("/candidates").await, 1, "nothing was written");
        let confirmed = app.post("/candidates?confirmDuplicate=true", Some(&consultant), &alike).await;
        assert_eq!(confirmed.status(), StatusCode::CREATED);
        // Someone else at another address and birthday registers without a question.
        let other = app.post("/candidates", Some(&consultant), &person(3, "Karin", "Smit", "1979-01-01", "9713 CC", "3")).await;
        assert_eq!(other.status(), StatusCode::CREATED);

        let csv = format!(
            "Voornaam;Achternaam;Geboortedatum;BSN;Postcode;Huisnummer;Bron;Doelgroepregister;Uren per week;Uitkeringsbedrag\n\
             Jozé;Garcia;01-02-1984;{};9714 DD;4;participatiewet;ja;32;1.250,00\n\
             Lotte;Visser;02-03-1975;{};9715 EE;5;participatiewet;ja;32;1.250,00\n\
             Lotte;Vissr;02-03-1975;{};9716 FF;6;participatiewet;ja;32;1.250,00\n",
            bsn(4),
            bsn(5),
            bsn(6)
        );
        let dry: Value = app
            .client
            .post(app.url("/candidates/import?dryRun=true"))
            .bearer_auth(&consultant)
            .header("content-type", "text/csv")
            .body(csv)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(dry["created"], 3, "{dry}");
        let listed: Vec<(u64, Option<&str>, Option<u64>)> = dry["possibleDuplicates"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| (d["row"].as_u64().unwrap(), d["candidateId"].as_str(), d["otherRow"].as_u64()))
            .collect();
        assert_eq!(listed.len(), 2, "{listed:?}");
        assert_eq!((listed[0].0, listed[0].2), (2, None));
        assert!(listed[0].1.is_some());
        assert_eq!(listed[1], (4, None, Some(3)));
    })
    .await;
}
