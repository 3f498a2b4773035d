//! Candidates: registration rules, privacy per role, status machine, intake, search and audit.

use reqwest::StatusCode;
use serde_json::{Value, json};
use shared::auth::Role;

use crate::helpers::{TestApp, assert_problem, field_names, on_each_database};

/// A complete, valid candidate (BSN 123456782 passes the 11-check).
pub fn candidate(bsn: &str, first: &str, last: &str) -> Value {
    json!({
        "firstName": first, "lastName": last, "dateOfBirth": "1990-05-17", "bsn": bsn,
        "email": "kandidaat@example.nl", "phone": "050-1234567", "postcode": "9713 HA", "houseNumber": "12",
        "source": "participatiewet", "targetGroupRegister": true,
        "benefitKind": "bijstand", "benefitMonthlyAmount": "1250.00",
        "regularWorkEvidence": "Drie jaar zonder werk ondanks begeleiding", "availableHours": 32,
        "availableDays": ["mon", "tue", "wed", "thu"], "physicalLimitations": ["heavy_lifting"],
        "limitationNotes": "Rugklachten", "dreamJob": "Werken in het groen", "wageValuePct": 40
    })
}

async fn register(app: &TestApp, token: &str, body: &Value) -> Value {
    let response = app.post("/candidates", Some(token), body).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    response.json().await.unwrap()
}

async fn with_neighbourhood(app: &TestApp) -> String {
    let admin = app.admin_token().await;
    let response = app
        .post(
            "/neighbourhoods",
            Some(&admin),
            &json!({"name": "Oosterpoort", "postcodeRanges": [{"from": 9713, "to": 9713}]}),
        )
        .await;
    let body: Value = response.json().await.unwrap();
    body["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_consultant_registers_a_candidate_whose_neighbourhood_follows_from_the_postcode() {
    on_each_database(async |app: TestApp| {
        let neighbourhood = with_neighbourhood(&app).await;
        let consultant = app.token_for(Role::Consultant).await;
        let created = register(&app, &consultant, &candidate("123456782", "Sanne", "de Boer")).await;
        assert_eq!(created["status"], "registered");
        assert_eq!(created["neighbourhoodId"], neighbourhood);
        assert_eq!(created["neighbourhoodName"], "Oosterpoort");
        assert_eq!(created["bsn"], "*****6782");
        assert_eq!(created["bsnMasked"], true);
        assert_eq!(created["benefit"]["monthlyAmount"], "1250.00");
        assert_eq!(created["wageEarningCriteria"][0]["outcome"], "met");
        let id = created["id"].as_str().unwrap();
        let revealed: Value = app
            .post(&format!("/candidates/{id}/reveal-bsn"), Some(&consultant), &json!({}))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(revealed["bsn"], "123456782");
        let history: Value =
            app.get(&format!("/candidates/{id}/status-changes"), Some(&consultant)).await.json().await.unwrap();
        assert_eq!(history["items"][0]["to"], "registered");
    })
    .await;
}

#[tokio::test]
async fn candidate_field_rules_are_reported_together_and_a_duplicate_bsn_is_409() {
    on_each_database(async |app: TestApp| {
        let consultant = app.token_for(Role::Consultant).await;
        let mut bad = candidate("123456789", "", "Jansen");
        bad["postcode"] = json!("97 AB");
        bad["availableHours"] = json!(41);
        bad["wageValuePct"] = json!(101);
        bad["dateOfBirth"] = json!("2020-01-01");
        let response = app.post("/candidates", Some(&consultant), &bad).await;
        let problem = assert_problem(response, StatusCode::BAD_REQUEST, "validation_failed").await;
        assert_eq!(
            field_names(&problem),
            vec!["firstName", "dateOfBirth", "bsn", "postcode", "availableHours", "wageValuePct"]
        );
        let zeros = app.post("/candidates", Some(&consultant), &candidate("000000000", "A", "B")).await;
        assert_eq!(
            field_names(&assert_problem(zeros, StatusCode::BAD_REQUEST, "validation_failed").await),
            vec!["bsn"]
        );
        register(&app, &consultant, &candidate("111222333", "Piet", "Jansen")).await;
        let twice = app.post("/candidates", Some(&consultant), &candidate("111222333", "Piet", "Jansen")).await;
        assert_problem(twice, StatusCode::CONFLICT, "duplicate").await;
        assert_eq!(app.count("/candidates").await, 1);
    })
    .await;
}

#[tokio::test]
async fn the_wished_hours_are_stored_changed_cleared_and_more_than_forty_is_refused() {
    on_each_database(async |app: TestApp| {
        let consultant = app.token_for(Role::Consultant).await;
        let mut body = candidate("123456782", "Sanne", "de Boer");
        body["wishedHoursPerWeek"] = json!(24);
        let created = register(&app, &consultant, &body).await;
        assert_eq!((created["wishedHoursPerWeek"].clone(), created["availableHours"].clone()), (json!(24), json!(32)));
        let id = created["id"].as_str().unwrap();
        let read: Value = app.get(&format!("/candidates/{id}"), Some(&consultant)).await.json().await.unwrap();
        assert_eq!(read["wishedHoursPerWeek"], 24);

        body["wishedHoursPerWeek"] = json!(41);
        body["version"] = read["version"].clone();
        let refused = app.put(&format!("/candidates/{id}"), Some(&consultant), &body).await;
        let problem = assert_problem(refused, StatusCode::BAD_REQUEST, "validation_failed").await;
        assert_eq!(field_names(&problem), vec!["wishedHoursPerWeek"]);
        let unchanged: Value = app.get(&format!("/candidates/{id}"), Some(&consultant)).await.json().await.unwrap();
        assert_eq!(
            (unchanged["wishedHoursPerWeek"].clone(), unchanged["version"].clone()),
            (json!(24), read["version"].clone())
        );

        body["wishedHoursPerWeek"] = json!(40);
        let saved = app.put(&format!("/candidates/{id}"), Some(&consultant), &body).await;
        assert_eq!(saved.status(), StatusCode::OK);
        let saved: Value = saved.json().await.unwrap();
        assert_eq!(saved["wishedHoursPerWeek"], 40);
        let changes: Value =
            app.get(&format!("/candidates/{id}/changes"), Some(&consultant)).await.json().await.unwrap();
        assert!(
            changes["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c["field"] == "wishedHoursPerWeek" && c["oldValue"] == "24" && c["newValue"] == "40"),
            "{changes}"
        );

        body["wishedHoursPerWeek"] = Value::Null;
        body["version"] = saved["version"].clone();
        let cleared: Value =
            app.put(&format!("/candidates/{id}"), Some(&consultant), &body).await.json().await.unwrap();
        assert_eq!(
            (cleared["wishedHoursPerWeek"].clone(), cleared["availableHours"].clone()),
            (Value::Null, json!(32))
        );

        let mut bad = candidate("111222333", "Piet", "Jansen");
        bad["wishedHoursPerWeek"] = json!(41);
        let response = app.post("/candidates", Some(&consultant), &bad).await;
        let problem = assert_problem(response, StatusCode::BAD_REQUEST, "validation_failed").await;
        assert_eq!(field_names(&problem), vec!["wishedHoursPerWeek"]);
        assert_eq!(app.count("/candidates").await, 1, "nothing written");
    })
    .await;
}

#[tokio::test]
async fn each_role_sees_exactly_its_fields_and_each_detail_read_is_audited() {
    on_each_database(async |app: TestApp| {
        let consultant = app.token_for(Role::Consultant).await;
        let created = register(&app, &consultant, &candidate("123456782", "Sanne", "de Boer")).await;
        let id = created["id"].as_str().unwrap();
        // Field by field per role: visibility.rs.
        for role in [Role::Admin, Role::Consultant, Role::JobCoach, Role::Finance] {
            let token = app.token_for(role).await;
            let body: Value = app.get(&format!("/candidates/{id}"), Some(&token)).await.json().await.unwrap();
            let masked = if role == Role::Finance { Value::Null } else { json!("*****6782") };
            assert_eq!(body["bsn"], masked, "{role}");
            let sees_all = matches!(role, Role::Admin | Role::Consultant);
            assert_eq!(body["hiddenFields"].as_array().unwrap().is_empty(), sees_all, "{role}");
        }
        for role in [Role::Partner, Role::Monitor] {
            let token = app.token_for(role).await;
            assert_eq!(
                app.get(&format!("/candidates/{id}"), Some(&token)).await.status(),
                StatusCode::FORBIDDEN,
                "{role}"
            );
            assert_eq!(app.get("/candidates", Some(&token)).await.status(), StatusCode::FORBIDDEN, "{role}");
            let search = app.post("/candidates/search", Some(&token), &json!({"query": "Sanne"})).await;
            assert_eq!(search.status(), StatusCode::FORBIDDEN, "{role}");
        }
        let finance = app.token_for(Role::Finance).await;
        let reveal = app.post(&format!("/candidates/{id}/reveal-bsn"), Some(&finance), &json!({})).await;
        assert_eq!(reveal.status(), StatusCode::FORBIDDEN);
        let admin = app.admin_token().await;
        let reads: Value = app
            .get(&format!("/audit-events?recordType=candidate&recordId={id}&action=read&result=success"), Some(&admin))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(reads["totalItems"], 4, "one audit event per detail read");
        let log = app.get("/audit-events?pageSize=100", Some(&admin)).await.text().await.unwrap();
        assert!(!log.contains("123456782"), "no BSN in the audit log");
    })
    .await;
}

#[tokio::test]
async fn the_status_machine_is_enforced_and_every_step_is_recorded() {
    on_each_database(async |app: TestApp| {
        let consultant = app.token_for(Role::Consultant).await;
        let created = register(&app, &consultant, &candidate("123456782", "Sanne", "de Boer")).await;
        let id = created["id"].as_str().unwrap();
        let skip = app.post(&format!("/candidates/{id}/status"), Some(&consultant), &json!({"to": "employed", "reason": "x", "version": 1})).await;
        assert_problem(skip, StatusCode::CONFLICT, "illegal_transition").await;
        let intake = app.post(&format!("/candidates/{id}/status"), Some(&consultant), &json!({"to": "intake", "reason": "Eerste gesprek gepland", "version": 1})).await;
        assert_eq!(intake.status(), StatusCode::OK);
        let stale = app.post(&format!("/candidates/{id}/status"), Some(&consultant), &json!({"to": "exited", "reason": "x", "exitReason": "moved", "version": 1})).await;
        assert_problem(stale, StatusCode::CONFLICT, "stale_version").await;
        let no_reason = app.post(&format!("/candidates/{id}/status"), Some(&consultant), &json!({"to": "exited", "reason": "Verhuisd", "version": 2})).await;
        assert_eq!(field_names(&assert_problem(no_reason, StatusCode::BAD_REQUEST, "validation_failed").await), vec!["exitReason"]);

        let recorded = app
            .post(&format!("/candidates/{id}/intakes"), Some(&consultant), &json!({"kind": "conversation", "heldOn": "2026-11-20", "result": "Gemotiveerd", "notes": "Wil graag buiten werken"}))
            .await;
        assert_eq!(recorded.status(), StatusCode::CREATED);
        let decided = app
            .post(&format!("/candidates/{id}/eligibility"), Some(&consultant), &json!({"outcome": "pre_trajectory", "motivation": "Eerst werkfit maken", "version": 2}))
            .await;
        let decided: Value = decided.json().await.unwrap();
        assert_eq!(decided["status"], "pre_trajectory");
        let job_coach = app.token_for(Role::JobCoach).await;
        let intakes: Value = app.get(&format!("/candidates/{id}/intakes"), Some(&job_coach)).await.json().await.unwrap();
        assert_eq!(intakes["items"][0]["result"], "Gemotiveerd");
        assert!(intakes["items"][0]["notes"].is_null(), "intake notes are hidden from job coaches");
        let history: Value = app.get(&format!("/candidates/{id}/status-changes"), Some(&consultant)).await.json().await.unwrap();
        let steps: Vec<_> = history["items"].as_array().unwrap().iter().map(|s| s["to"].as_str().unwrap()).collect();
        assert_eq!(steps, vec!["pre_trajectory", "intake", "registered"]);
        assert_eq!(history["items"][0]["reason"], "Eerst werkfit maken");
    })
    .await;
}

#[tokio::test]
async fn search_finds_by_name_postcode_and_bsn_and_lists_filter() {
    on_each_database(async |app: TestApp| {
        let neighbourhood = with_neighbourhood(&app).await;
        let consultant = app.token_for(Role::Consultant).await;
        register(&app, &consultant, &candidate("123456782", "Sanne", "de Boer")).await;
        let mut other = candidate("111222333", "Ahmed", "Yilmaz");
        other["postcode"] = json!("9741 AB");
        other["source"] = json!("wajong");
        register(&app, &consultant, &other).await;
        for (query, expected) in
            [("sanne", "Sanne"), ("yilm", "Ahmed"), ("9741AB", "Ahmed"), ("9713", "Sanne"), ("111222333", "Ahmed")]
        {
            let page: Value =
                app.post("/candidates/search", Some(&consultant), &json!({"query": query})).await.json().await.unwrap();
            assert_eq!(page["totalItems"], 1, "{query}");
            assert_eq!(page["items"][0]["firstName"], expected, "{query}");
            assert!(page["items"][0].get("bsn").is_none());
        }
        let wajong: Value = app.get("/candidates?source=wajong", Some(&consultant)).await.json().await.unwrap();
        assert_eq!(wajong["totalItems"], 1);
        let here: Value = app
            .get(&format!("/candidates?neighbourhoodId={neighbourhood}"), Some(&consultant))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(here["items"][0]["firstName"], "Sanne");
        let sorted: Value = app.get("/candidates?sort=-lastName", Some(&consultant)).await.json().await.unwrap();
        assert_eq!(sorted["items"][0]["lastName"], "Yilmaz");
    })
    .await;
}

#[tokio::test]
async fn an_edit_over_a_newer_change_is_refused() {
    on_each_database(async |app: TestApp| {
        let consultant = app.token_for(Role::Consultant).await;
        let created = register(&app, &consultant, &candidate("123456782", "Sanne", "de Boer")).await;
        let id = created["id"].as_str().unwrap();
        let mut change = candidate("123456782", "Sanne", "de Vries");
        change["version"] = json!(1);
        let first = app
            .client
            .put(app.url(&format!("/candidates/{id}")))
            .bearer_auth(&consultant)
            .json(&change)
            .send()
            .await
            .unwrap();
        assert_eq!(first.status(), StatusCode::OK);
        change["lastName"] = json!("Bakker");
        let second = app
            .client
            .put(app.url(&format!("/candidates/{id}")))
            .bearer_auth(&consultant)
            .json(&change)
            .send()
            .await
            .unwrap();
        assert_problem(second, StatusCode::CONFLICT, "stale_version").await;
        let now: Value = app.get(&format!("/candidates/{id}"), Some(&consultant)).await.json().await.unwrap();
        assert_eq!(now["lastName"], "de Vries");
        assert_eq!(now["version"], 2);
    })
    .await;
}

#[tokio::test]
async fn a_candidate_gets_a_copy_of_their_data_and_erasure_keeps_only_anonymous_counts() {
    on_each_database(async |app: TestApp| {
        let consultant = app.token_for(Role::Consultant).await;
        let created = register(&app, &consultant, &candidate("123456782", "Sanne", "de Boer")).await;
        let id = created["id"].as_str().unwrap();
        app.post(
            &format!("/candidates/{id}/intakes"),
            Some(&consultant),
            &json!({"kind": "test", "heldOn": "2026-11-01", "result": "Talentenscan gedaan", "notes": "Privé"}),
        )
        .await;
        let copy: Value =
            app.get(&format!("/candidates/{id}/personal-data"), Some(&consultant)).await.json().await.unwrap();
        assert_eq!(copy["bsn"], "123456782");
        assert_eq!(copy["candidate"]["limitationNotes"], "Rugklachten");
        assert_eq!(copy["intakes"][0]["notes"], "Privé");
        assert!(copy["auditEvents"].as_array().unwrap().iter().any(|e| e["action"] == "create"));

        let admin = app.admin_token().await;
        let unconfirmed = app
            .post(&format!("/candidates/{id}/erasure"), Some(&admin), &json!({"reason": "Verzoek betrokkene"}))
            .await;
        assert_eq!(
            field_names(&assert_problem(unconfirmed, StatusCode::BAD_REQUEST, "validation_failed").await),
            vec!["confirm"]
        );
        let by_consultant = app
            .post(&format!("/candidates/{id}/erasure"), Some(&consultant), &json!({"reason": "x", "confirm": true}))
            .await;
        assert_eq!(by_consultant.status(), StatusCode::FORBIDDEN);
        let erased = app
            .post(
                &format!("/candidates/{id}/erasure"),
                Some(&admin),
                &json!({"reason": "Verzoek betrokkene", "confirm": true}),
            )
            .await;
        assert_eq!(erased.status(), StatusCode::NO_CONTENT);

        assert_problem(
            app.get(&format!("/candidates/{id}"), Some(&consultant)).await,
            StatusCode::NOT_FOUND,
            "not_found",
        )
        .await;
        let search: Value = app
            .post("/candidates/search", Some(&consultant), &json!({"query": "123456782"}))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(search["totalItems"], 0);
        // The BSN is free again, and the erased row holds no personal data.
        register(&app, &consultant, &candidate("123456782", "Sanne", "de Boer")).await;
        let log = app.get("/audit-events?action=delete", Some(&admin)).await.text().await.unwrap();
        assert!(log.contains("gdpr art. 17"));
    })
    .await;
}

/// Issue 8, lists: names sort as people expect ("de Boer" among the Bs) and search ignores case and accents,
/// the same on both databases.
#[tokio::test]
async fn names_sort_by_surname_without_particles_and_search_ignores_accents() {
    on_each_database(async |app: TestApp| {
        let consultant = app.token_for(Role::Consultant).await;
        for (bsn, first, last) in [
            ("200000007", "Anna", "Dijkstra"),
            ("200000019", "Sanne", "de Boer"),
            ("200000020", "Piet", "Bakker"),
            ("200000032", "Els", "Éénhoorn"),
            ("200000044", "Jan", "van der Berg"),
        ] {
            register(&app, &consultant, &candidate(bsn, first, last)).await;
        }
        let listed: Value = app.get("/candidates?sort=lastName", Some(&consultant)).await.json().await.unwrap();
        let names: Vec<&str> =
            listed["items"].as_array().unwrap().iter().map(|c| c["lastName"].as_str().unwrap()).collect();
        assert_eq!(names, vec!["Bakker", "van der Berg", "de Boer", "Dijkstra", "Éénhoorn"]);
        let backwards: Value = app.get("/candidates?sort=-lastName", Some(&consultant)).await.json().await.unwrap();
        assert_eq!(backwards["items"][0]["lastName"], "Éénhoorn");
        for term in ["eenhoorn", "ÉÉNHOORN", "els een"] {
            let found: Value =
                app.post("/candidates/search", Some(&consultant), &json!({"query": term})).await.json().await.unwrap();
            assert_eq!(found["totalItems"], 1, "{term}: {found}");
            assert_eq!(found["items"][0]["lastName"], "Éénhoorn");
        }
        let searched: Value = app
            .post("/candidates/search", Some(&consultant), &json!({"query": "9713", "sort": "lastName"}))
            .await
            .json()
            .await
            .unwrap();
        let names: Vec<&str> =
            searched["items"].as_array().unwrap().iter().map(|c| c["lastName"].as_str().unwrap()).collect();
        assert_eq!(
            names,
            vec!["Bakker", "van der Berg", "de Boer", "Dijkstra", "Éénhoorn"],
            "a search sorts the same way"
        );
    })
    .await;
}

// Issue 10, finding 1: searching by BSN is for consultants and admins only, audited and limited.

#[tokio::test]
async fn only_consultants_and_admins_search_by_bsn_and_no_other_role_learns_whether_one_exists() {
    on_each_database(async |app: TestApp| {
        let consultant = app.token_for(Role::Consultant).await;
        let created = app.post("/candidates", Some(&consultant), &candidate("123456782", "Sanne", "de Boer")).await;
        assert_eq!(created.status(), StatusCode::CREATED);
        for token in [&consultant, &app.admin_token().await] {
            let found: Value =
                app.post("/candidates/search", Some(token), &json!({"query": "123456782"})).await.json().await.unwrap();
            assert_eq!(found["totalItems"], 1);
        }
        for role in [Role::Finance, Role::JobCoach] {
            let token = app.token_for(role).await;
            // The same answer for a BSN that exists and one that does not (111222333 passes the 11-check).
            let mut details = Vec::new();
            for bsn in ["123456782", "111222333", "1234 56 782"] {
                let response = app.post("/candidates/search", Some(&token), &json!({"query": bsn})).await;
                let problem = assert_problem(response, StatusCode::FORBIDDEN, "forbidden").await;
                details.push(problem["detail"].clone());
            }
            assert!(details.windows(2).all(|w| w[0] == w[1]), "{role}: {details:?}");
            // A name search still works for them.
            let by_name = app.post("/candidates/search", Some(&token), &json!({"query": "Sanne"})).await;
            assert_eq!(by_name.status(), StatusCode::OK, "{role}");
        }
    })
    .await;
}

#[tokio::test]
async fn a_search_by_bsn_is_audited_with_its_result_count_and_without_the_bsn() {
    on_each_database(async |app: TestApp| {
        let consultant = app.token_for(Role::Consultant).await;
        app.post("/candidates", Some(&consultant), &candidate("123456782", "Sanne", "de Boer")).await;
        app.post("/candidates/search", Some(&consultant), &json!({"query": "123456782"})).await;
        app.post("/candidates/search", Some(&consultant), &json!({"query": "111222333"})).await;
        let admin = app.admin_token().await;
        let events: Value = app
            .get("/audit-events?action=read&recordType=candidate&pageSize=100", Some(&admin))
            .await
            .json()
            .await
            .unwrap();
        let details: Vec<&str> = events["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|e| e["details"].as_str())
            .filter(|d| d.starts_with("search by BSN"))
            .collect();
        assert_eq!(details, vec!["search by BSN: 0 results", "search by BSN: 1 result"], "{events}");
        assert!(!events.to_string().contains("123456782") && !events.to_string().contains("111222333"));
    })
    .await;
}

#[tokio::test]
async fn searches_by_bsn_are_limited_per_user() {
    crate::helpers::on_each_database_with(
        |config| config.bsn_search_max = 3,
        async |app: TestApp| {
            let consultant = app.token_for(Role::Consultant).await;
            for _ in 0..3 {
                let response = app.post("/candidates/search", Some(&consultant), &json!({"query": "111222333"})).await;
                assert_eq!(response.status(), StatusCode::OK);
            }
            let response = app.post("/candidates/search", Some(&consultant), &json!({"query": "111222333"})).await;
            assert!(response.headers().contains_key("retry-after"));
            assert_problem(response, StatusCode::TOO_MANY_REQUESTS, "too_many_requests").await;
            // A name search is not a BSN search, and a colleague has their own allowance.
            let by_name = app.post("/candidates/search", Some(&consultant), &json!({"query": "Sanne"})).await;
            assert_eq!(by_name.status(), StatusCode::OK);
            let colleague = app.token_for(Role::Consultant).await;
            let response = app.post("/candidates/search", Some(&colleague), &json!({"query": "111222333"})).await;
            assert_eq!(response.status(), StatusCode::OK);
        },
    )
    .await;
}

// Issue 10, finding 7: names in NFC (stored, counted and searched), and search terms taken literally.

#[tokio::test]
async fn names_are_stored_in_nfc_and_counted_as_stored() {
    on_each_database(async |app: TestApp| {
        let consultant = app.token_for(Role::Consultant).await;
        // "Zoë" with a combining diaeresis; and a surname of 100 such letters (200 code points typed).
        let long = "e\u{308}".repeat(100);
        let mut body = candidate("123456782", "Zoe\u{308}", &long);
        body["email"] = json!("");
        let created = app.post("/candidates", Some(&consultant), &body).await;
        assert_eq!(created.status(), StatusCode::CREATED);
        let created: Value = created.json().await.unwrap();
        assert_eq!(created["firstName"], "Zo\u{eb}");
        assert_eq!(created["lastName"].as_str().unwrap().chars().count(), 100);
        for query in ["Zo\u{eb}", "Zoe\u{308}"] {
            let found: Value =
                app.post("/candidates/search", Some(&consultant), &json!({"query": query})).await.json().await.unwrap();
            assert_eq!(found["totalItems"], 1, "{query:?}");
        }
    })
    .await;
}

#[tokio::test]
async fn a_name_search_takes_percent_and_underscore_literally() {
    on_each_database(async |app: TestApp| {
        let consultant = app.token_for(Role::Consultant).await;
        app.post("/candidates", Some(&consultant), &candidate("123456782", "Sanne", "de Boer")).await;
        for query in ["_", "%", "s_nne", "%anne"] {
            let found: Value =
                app.post("/candidates/search", Some(&consultant), &json!({"query": query})).await.json().await.unwrap();
            assert_eq!(found["totalItems"], 0, "{query:?}");
        }
    })
    .await;
}

#[tokio::test]
async fn a_search_sorts_by_every_key_with_every_filter() {
    // Found by the API fuzzer: a search by name sorted by `updatedAt` or `createdAt` was a 500 (the
    // neighbourhood join made the sort column ambiguous).
    on_each_database(async |app: TestApp| {
        let neighbourhood = with_neighbourhood(&app).await;
        let consultant = app.token_for(Role::Consultant).await;
        register(&app, &consultant, &candidate("123456782", "Sanne", "de Boer")).await;
        for sort in ["lastName", "-lastName", "status", "-status", "updatedAt", "-updatedAt", "createdAt", "-createdAt"]
        {
            let body =
                json!({"query": "Sanne", "sort": sort, "neighbourhoodId": neighbourhood, "source": "participatiewet"});
            let found = app.post("/candidates/search", Some(&consultant), &body).await;
            assert_eq!(found.status(), StatusCode::OK, "{sort}");
            let found: Value = found.json().await.unwrap();
            assert_eq!(found["totalItems"], 1, "{sort}");
        }
        let wrong = app.post("/candidates/search", Some(&consultant), &json!({"sort": "--lastName"})).await;
        assert_eq!(
            field_names(&assert_problem(wrong, StatusCode::BAD_REQUEST, "validation_failed").await),
            vec!["sort"]
        );
    })
    .await;
}

#[tokio::test]
async fn a_save_over_a_newer_change_lists_the_fields_changed_since_the_callers_version() {
    on_each_database(async |app: TestApp| {
        let first = app.token_for(Role::Consultant).await;
        let second = app.token_for(Role::Consultant).await;
        let created = register(&app, &first, &candidate("123456782", "Sanne", "de Boer")).await;
        let id = created["id"].as_str().unwrap().to_owned();
        let path = format!("/candidates/{id}");
        assert_eq!(created["version"], 1);

        // Both read version 1. The second saves twice: a name and a phone, then the dream job and the name
        // again, and the BSN.
        let mut theirs = candidate("123456782", "Sanne", "Jansen");
        theirs["phone"] = json!("06-11112222");
        theirs["version"] = json!(1);
        assert_eq!(app.put(&path, Some(&second), &theirs).await.status(), StatusCode::OK);
        theirs["dreamJob"] = json!("Werken in de bibliotheek");
        theirs["lastName"] = json!("Jansen-de Boer");
        theirs["bsn"] = json!("111222333");
        theirs["version"] = json!(2);
        assert_eq!(app.put(&path, Some(&second), &theirs).await.status(), StatusCode::OK);

        // The first saves its own change on version 1: refused, with what changed since version 1.
        let mut mine = candidate("123456782", "Sanne", "de Boer");
        mine["email"] = json!("sanne@example.nl");
        mine["version"] = json!(1);
        let refused = app.put(&path, Some(&first), &mine).await;
        let problem = assert_problem(refused, StatusCode::CONFLICT, "stale_version").await;
        let changed = problem["changedFields"].as_array().expect("changedFields").clone();
        let fields: Vec<&str> = changed.iter().map(|c| c["field"].as_str().unwrap()).collect();
        assert_eq!(fields, ["lastName", "phone", "bsn", "dreamJob"], "{problem}");
        assert_eq!(
            changed[0],
            json!({"field": "lastName", "from": "de Boer", "to": "Jansen-de Boer", "valuesHidden": false})
        );
        assert_eq!(changed[1]["from"], "050-1234567");
        assert_eq!(changed[1]["to"], "06-11112222");
        assert_eq!(changed[3]["to"], "Werken in de bibliotheek");
        // The BSN is never shown in full, not even here.
        assert!(!problem.to_string().contains("111222333"), "{problem}");
        assert!(!problem.to_string().contains("123456782"), "{problem}");
        let unchanged: Value = app.get(&path, Some(&first)).await.json().await.unwrap();
        assert_eq!(
            (unchanged["version"].as_i64(), unchanged["email"].as_str()),
            (Some(3), Some("kandidaat@example.nl"))
        );

        // Based on version 2 only the second save's fields are listed.
        mine["version"] = json!(2);
        let problem =
            assert_problem(app.put(&path, Some(&first), &mine).await, StatusCode::CONFLICT, "stale_version").await;
        let fields: Vec<&str> =
            problem["changedFields"].as_array().unwrap().iter().map(|c| c["field"].as_str().unwrap()).collect();
        assert_eq!(fields, ["lastName", "bsn", "dreamJob"]);

        // Re-applied on the newest version (their fields kept, the own edit added), the save goes through.
        let mut reapplied = theirs.clone();
        reapplied["email"] = json!("sanne@example.nl");
        reapplied["version"] = json!(3);
        let saved = app.put(&path, Some(&first), &reapplied).await;
        assert_eq!(saved.status(), StatusCode::OK);
        let saved: Value = saved.json().await.unwrap();
        assert_eq!(
            (saved["email"].as_str(), saved["lastName"].as_str()),
            (Some("sanne@example.nl"), Some("Jansen-de Boer"))
        );

        // A status step on an old version lists the changes too.
        let step = json!({"to": "intake", "reason": "Gesprek", "version": 1});
        let problem = assert_problem(
            app.post(&format!("/candidates/{id}/status"), Some(&first), &step).await,
            StatusCode::CONFLICT,
            "stale_version",
        )
        .await;
        assert!(problem["changedFields"].as_array().unwrap().iter().any(|c| c["field"] == "email"), "{problem}");
    })
    .await;
}
