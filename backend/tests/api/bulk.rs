//! Bulk actions (issue 14, item 4): status changes, a job coach for a selection, a whole caseload moved.
//! The preview is what the action does; one refused candidate refuses the whole action, which then writes
//! nothing.

use reqwest::StatusCode;
use serde_json::{Value, json};
use shared::auth::Role;

use crate::helpers::{PASSWORD, TestApp, assert_problem, field_names, on_each_database};

async fn register(app: &TestApp, token: &str, bsn: &str, first: &str) -> String {
    let created: Value = app
        .post("/candidates?confirmDuplicate=true", Some(token), &crate::candidates::candidate(bsn, first, "Jansen"))
        .await
        .json()
        .await
        .unwrap();
    created["id"].as_str().expect("a candidate").to_owned()
}

async fn status(app: &TestApp, token: &str, id: &str) -> String {
    let record: Value = app.get(&format!("/candidates/{id}"), Some(token)).await.json().await.unwrap();
    record["status"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_bulk_change_does_what_its_preview_said_with_history_per_record() {
    on_each_database(async |app: TestApp| {
        let consultant = app.token_for(Role::Consultant).await;
        let mut ids = Vec::new();
        for (bsn, first) in [("123456782", "Anna"), ("111222333", "Bert"), ("100000009", "Cees")] {
            ids.push(register(&app, &consultant, bsn, first).await);
        }
        let body = json!({"candidateIds": ids, "to": "intake", "reason": "Intakegesprekken gepland"});
        let preview: Value =
            app.post("/candidates/bulk-status/preview", Some(&consultant), &body).await.json().await.unwrap();
        assert_eq!(preview["refusals"], json!([]));
        let planned: Vec<(&str, &str, &str)> = preview["changes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (c["name"].as_str().unwrap(), c["from"].as_str().unwrap(), c["to"].as_str().unwrap()))
            .collect();
        assert_eq!(
            planned,
            [
                ("Anna Jansen", "registered", "intake"),
                ("Bert Jansen", "registered", "intake"),
                ("Cees Jansen", "registered", "intake")
            ]
        );
        // The preview changed nothing.
        assert_eq!(status(&app, &consultant, &ids[0]).await, "registered");

        let done = app.post("/candidates/bulk-status", Some(&consultant), &body).await;
        assert_eq!(done.status(), StatusCode::OK);
        let done: Value = done.json().await.unwrap();
        assert_eq!(done["changes"], preview["changes"], "the action does what the preview said");
        for id in &ids {
            assert_eq!(status(&app, &consultant, id).await, "intake");
            let history: Value =
                app.get(&format!("/candidates/{id}/status-changes"), Some(&consultant)).await.json().await.unwrap();
            let latest = &history["items"][0];
            assert_eq!(
                (latest["to"].as_str(), latest["reason"].as_str()),
                (Some("intake"), Some("Intakegesprekken gepland"))
            );
        }
        let admin = app.admin_token().await;
        let events: Value =
            app.get("/audit-events?recordType=candidate&pageSize=100", Some(&admin)).await.json().await.unwrap();
        let status_events = events["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["details"].as_str().is_some_and(|d| d.contains("status registered -> intake")))
            .count();
        assert_eq!(status_events, 3, "one audit event per record");
    })
    .await;
}

#[tokio::test]
async fn one_refused_candidate_stops_the_whole_action_and_writes_nothing() {
    on_each_database(async |app: TestApp| {
        let consultant = app.token_for(Role::Consultant).await;
        let in_intake = register(&app, &consultant, "123456782", "Anna").await;
        let registered = register(&app, &consultant, "111222333", "Bert").await;
        let step = json!({"candidateIds": [in_intake], "to": "intake", "reason": "Intake"});
        assert_eq!(app.post("/candidates/bulk-status", Some(&consultant), &step).await.status(), StatusCode::OK);

        // Bert cannot go from registered to eligible; a stranger's id is unknown.
        let stranger = uuid::Uuid::now_v7().to_string();
        let body = json!({"candidateIds": [in_intake, registered, stranger], "to": "eligible", "reason": "Geschikt"});
        let preview: Value =
            app.post("/candidates/bulk-status/preview", Some(&consultant), &body).await.json().await.unwrap();
        assert_eq!(preview["changes"].as_array().unwrap().len(), 1);
        let refused: Vec<(&str, &str)> = preview["refusals"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r["name"].as_str().unwrap(), r["code"].as_str().unwrap()))
            .collect();
        assert_eq!(refused, [("Bert Jansen", "illegal_transition"), ("", "unknown")]);

        let refused = app.post("/candidates/bulk-status", Some(&consultant), &body).await;
        let problem = assert_problem(refused, StatusCode::BAD_REQUEST, "validation_failed").await;
        assert_eq!(field_names(&problem), ["candidateIds[1]", "candidateIds[2]"]);
        assert_eq!(status(&app, &consultant, &in_intake).await, "intake", "nothing was written");
        assert_eq!(status(&app, &consultant, &registered).await, "registered");

        let twice = json!({"candidateIds": [in_intake, in_intake], "to": "exited", "reason": " "});
        let problem = assert_problem(
            app.post("/candidates/bulk-status/preview", Some(&consultant), &twice).await,
            StatusCode::BAD_REQUEST,
            "validation_failed",
        )
        .await;
        assert_eq!(field_names(&problem), ["candidateIds[1]", "reason"]);
        let job_coach = app.token_for(Role::JobCoach).await;
        let denied = app.post("/candidates/bulk-status", Some(&job_coach), &step).await;
        assert_eq!(denied.status(), StatusCode::FORBIDDEN);
    })
    .await;
}

/// A job coach account: (user id, token).
async fn job_coach(app: &TestApp, name: &str) -> (String, String) {
    let id = app.create_user(name, Role::JobCoach, None).await;
    (id.to_string(), app.login(name, PASSWORD).await)
}

async fn caseload(app: &TestApp, coach_token: &str) -> Vec<String> {
    let page: Value = app.get("/caseload?pageSize=100", Some(coach_token)).await.json().await.unwrap();
    let mut ids: Vec<String> =
        page["items"].as_array().unwrap().iter().map(|e| e["candidateId"].as_str().unwrap().to_owned()).collect();
    ids.sort();
    ids
}

fn sorted(ids: &[&String]) -> Vec<String> {
    let mut ids: Vec<String> = ids.iter().map(|s| (*s).clone()).collect();
    ids.sort();
    ids
}

#[tokio::test]
async fn a_coach_for_a_selection_does_what_its_preview_said_and_refuses_all_or_nothing() {
    on_each_database(async |app: TestApp| {
        let consultant = app.token_for(Role::Consultant).await;
        let (coach_a, token_a) = job_coach(&app, "coach.a").await;
        let (coach_b, token_b) = job_coach(&app, "coach.b").await;
        let anna = register(&app, &consultant, "123456782", "Anna").await;
        let bert = register(&app, &consultant, "111222333", "Bert").await;
        let cees = register(&app, &consultant, "100000009", "Cees").await;
        let since = (chrono::Utc::now().date_naive() - chrono::Duration::days(10)).to_string();
        let first = json!({"kind": "coach", "coachUserId": coach_a, "from": since});
        let assigned = app.post(&format!("/candidates/{anna}/guidance/assignments"), Some(&consultant), &first).await;
        assert_eq!(assigned.status(), StatusCode::CREATED);

        // Coach A again: Anna has it already.
        let again = json!({"candidateIds": [anna, bert], "coachUserId": coach_a});
        let preview: Value =
            app.post("/candidates/bulk-coach/preview", Some(&consultant), &again).await.json().await.unwrap();
        assert_eq!(preview["refusals"][0]["code"], "same_coach");
        assert_eq!(preview["changes"].as_array().unwrap().len(), 1);

        let body = json!({"candidateIds": [anna, bert], "coachUserId": coach_b});
        let preview: Value =
            app.post("/candidates/bulk-coach/preview", Some(&consultant), &body).await.json().await.unwrap();
        assert_eq!(preview["refusals"], json!([]));
        let planned: Vec<(&str, Option<&str>, &str)> = preview["changes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (c["name"].as_str().unwrap(), c["fromCoach"].as_str(), c["toCoach"].as_str().unwrap()))
            .collect();
        assert_eq!(planned, [("Anna Jansen", Some("coach.a"), "coach.b"), ("Bert Jansen", None, "coach.b")]);
        assert_eq!(caseload(&app, &token_b).await, Vec::<String>::new(), "the preview changed nothing");

        let done = app.post("/candidates/bulk-coach", Some(&consultant), &body).await;
        assert_eq!(done.status(), StatusCode::OK);
        let done: Value = done.json().await.unwrap();
        assert_eq!(done, preview, "the action does what the preview said");
        assert_eq!(caseload(&app, &token_b).await, sorted(&[&anna, &bert]));
        assert_eq!(caseload(&app, &token_a).await, Vec::<String>::new(), "Anna's old coach ended");
        let admin = app.admin_token().await;
        let events: Value =
            app.get("/audit-events?recordType=candidate&pageSize=100", Some(&admin)).await.json().await.unwrap();
        let audited = events["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["details"].as_str() == Some("guidance coach (bulk)"))
            .count();
        assert_eq!(audited, 2, "one audit event per record");

        // One unknown candidate refuses the whole action; Cees keeps no coach.
        let stranger = uuid::Uuid::now_v7().to_string();
        let refused = json!({"candidateIds": [cees, stranger], "coachUserId": coach_a});
        let problem = assert_problem(
            app.post("/candidates/bulk-coach", Some(&consultant), &refused).await,
            StatusCode::BAD_REQUEST,
            "validation_failed",
        )
        .await;
        assert_eq!(field_names(&problem), ["candidateIds[1]"]);
        assert_eq!(caseload(&app, &token_a).await, Vec::<String>::new(), "nothing was written");

        // An erased candidate is refused as such; a coach who is not a job coach refuses the request.
        let erasure = json!({"reason": "Verzoek van betrokkene", "confirm": true});
        let erased = app.post(&format!("/candidates/{cees}/erasure"), Some(&admin), &erasure).await;
        assert!(erased.status().is_success(), "{}", erased.status());
        let preview: Value = app
            .post(
                "/candidates/bulk-coach/preview",
                Some(&consultant),
                &json!({"candidateIds": [cees], "coachUserId": coach_a}),
            )
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(preview["refusals"][0]["code"], "erased");
        let consultant_id = app.create_user("niet.coach", Role::Consultant, None).await;
        let not_a_coach = json!({"candidateIds": [bert], "coachUserId": consultant_id});
        let problem = assert_problem(
            app.post("/candidates/bulk-coach/preview", Some(&consultant), &not_a_coach).await,
            StatusCode::BAD_REQUEST,
            "validation_failed",
        )
        .await;
        assert_eq!(field_names(&problem), ["coachUserId"]);
        let denied = app.post("/candidates/bulk-coach", Some(&token_a), &body).await;
        assert_eq!(denied.status(), StatusCode::FORBIDDEN);
    })
    .await;
}

#[tokio::test]
async fn a_caseload_of_500_moves_in_one_transaction() {
    on_each_database(async |app: TestApp| {
        let consultant = app.token_for(Role::Consultant).await;
        let (coach_a, token_a) = job_coach(&app, "coach.a").await;
        let (coach_b, token_b) = job_coach(&app, "coach.b").await;
        let mut csv = String::from(
            "Voornaam;Achternaam;Geboortedatum;BSN;Postcode;Huisnummer;Bron;Doelgroepregister;Uren per week;Uitkeringsbedrag\n",
        );
        for n in 1..=500u32 {
            csv.push_str(&format!(
                "Persoon{n};Achternaam{n};17-05-1990;{};9713 HA;{};participatiewet;ja;32;1.250,00\n",
                crate::imports::bsn(n),
                n
            ));
        }
        let imported = app
            .client
            .post(app.url("/candidates/import?dryRun=false"))
            .bearer_auth(&consultant)
            .header("content-type", "text/csv")
            .body(csv)
            .send()
            .await
            .unwrap();
        assert_eq!(imported.status(), StatusCode::OK);
        let listed: Value = app.get("/candidates?pageSize=100", Some(&consultant)).await.json().await.unwrap();
        assert_eq!(listed["totalItems"], 500);
        let mut ids: Vec<String> = Vec::new();
        for page in 1..=5 {
            let listed: Value =
                app.get(&format!("/candidates?pageSize=100&page={page}"), Some(&consultant)).await.json().await.unwrap();
            ids.extend(listed["items"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap().to_owned()));
        }
        let since = (chrono::Utc::now().date_naive() - chrono::Duration::days(10)).to_string();
        let assign = json!({"candidateIds": ids, "coachUserId": coach_a, "from": since});
        assert_eq!(app.post("/candidates/bulk-coach", Some(&consultant), &assign).await.status(), StatusCode::OK);
        assert_eq!(caseload_total(&app, &token_a).await, 500);

        let body = json!({"fromCoachUserId": coach_a, "toCoachUserId": coach_b});
        let preview: Value =
            app.post("/caseload-moves/preview", Some(&consultant), &body).await.json().await.unwrap();
        assert_eq!(preview["changes"].as_array().unwrap().len(), 500);
        assert_eq!(preview["refusals"], json!([]));
        let moved = app.post("/caseload-moves", Some(&consultant), &body).await;
        assert_eq!(moved.status(), StatusCode::OK);
        assert_eq!(moved.json::<Value>().await.unwrap(), preview, "the move does what the preview said");
        assert_eq!(caseload_total(&app, &token_b).await, 500);
        assert_eq!(caseload_total(&app, &token_a).await, 0);

        // A move back planned for the day after tomorrow: one person with another coach planned from the day
        // after refuses the whole move, and nothing moves.
        let day = |n: i64| (chrono::Utc::now().date_naive() + chrono::Duration::days(n)).to_string();
        let (coach_c, _) = job_coach(&app, "coach.c").await;
        let planned = json!({"kind": "coach", "coachUserId": coach_c, "from": day(3)});
        let planned = app.post(&format!("/candidates/{}/guidance/assignments", ids[7]), Some(&consultant), &planned).await;
        assert_eq!(planned.status(), StatusCode::CREATED);
        let back = json!({"fromCoachUserId": coach_b, "toCoachUserId": coach_a, "from": day(2)});
        let preview: Value = app.post("/caseload-moves/preview", Some(&consultant), &back).await.json().await.unwrap();
        assert_eq!(preview["changes"].as_array().unwrap().len(), 499);
        assert_eq!(preview["refusals"][0]["code"], "conflict");
        let refused = app.post("/caseload-moves", Some(&consultant), &back).await;
        let problem = assert_problem(refused, StatusCode::BAD_REQUEST, "validation_failed").await;
        assert_eq!(field_names(&problem).len(), 1);
        assert_eq!(caseload_total(&app, &token_b).await, 500, "nothing was written");
        assert_eq!(caseload_total(&app, &token_a).await, 0);

        let same = json!({"fromCoachUserId": coach_a, "toCoachUserId": coach_a});
        let problem = assert_problem(
            app.post("/caseload-moves/preview", Some(&consultant), &same).await,
            StatusCode::BAD_REQUEST,
            "validation_failed",
        )
        .await;
        assert_eq!(field_names(&problem), ["toCoachUserId"]);
        let denied = app.post("/caseload-moves", Some(&token_a), &back).await;
        assert_eq!(denied.status(), StatusCode::FORBIDDEN);
    })
    .await;
}

async fn caseload_total(app: &TestApp, coach_token: &str) -> u64 {
    let page: Value = app.get("/caseload?pageSize=1", Some(coach_token)).await.json().await.unwrap();
    page["totalItems"].as_u64().unwrap()
}
