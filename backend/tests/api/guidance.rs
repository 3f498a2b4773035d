//! Guidance (issue 12, item 5): coach and mentor assignments with their history and the handover flag,
//! check-ins, goals, provisions (in the contract and the budget, exactly), employer notes, the job coach's
//! caseload and what each role reads of it.

use reqwest::StatusCode;
use serde_json::{Value, json};
use shared::auth::Role;

use crate::helpers::{PASSWORD, TestApp, assert_problem, field_names, on_each_database};

fn bsn(n: u32) -> String {
    (0..)
        .map(|i| format!("{:08}", 30_000_000 + n * 97 + i))
        .find_map(|first| {
            let sum: u32 = first.bytes().zip((2..=9).rev()).map(|(d, w)| u32::from(d - b'0') * w).sum();
            let check = sum % 11;
            (check < 10).then(|| format!("{first}{check}"))
        })
        .unwrap()
}

fn day(offset: i64) -> String {
    (chrono::Utc::now().date_naive() + chrono::Duration::days(offset)).to_string()
}

fn id_of(value: &Value) -> String {
    value["id"].as_str().unwrap().to_owned()
}

async fn created(response: reqwest::Response) -> Value {
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body
}

/// A person with a draft contract on a fresh work provider's package; with health notes.
struct Placement {
    consultant: String,
    partner: String,
    candidate: String,
    contract: String,
}

async fn placement(app: &TestApp, n: u32, kvk: &str) -> Placement {
    let consultant = app.token_for(Role::Consultant).await;
    let mut body = crate::candidates::candidate(&bsn(n), "Mila", "Jansen");
    body["physicalLimitations"] = json!([]);
    body["limitationNotes"] = json!("Rugklachten: niet zwaar tillen");
    let candidate =
        id_of(&created(app.post("/candidates?confirmDuplicate=true", Some(&consultant), &body).await).await);
    let intake = json!({"to": "intake", "reason": "Gesprek", "version": 1});
    assert_eq!(app.post(&format!("/candidates/{candidate}/status"), Some(&consultant), &intake).await.status(), 200);
    let decision = json!({"outcome": "eligible", "motivation": "Past bij een basisbaan", "version": 2});
    let decided = app.post(&format!("/candidates/{candidate}/eligibility"), Some(&consultant), &decision).await;
    assert_eq!(decided.status(), StatusCode::OK);

    let (hood, category) = crate::tasks::reference(app).await;
    let organisation = app.create_organisation(&format!("Werkbieder {kvk}"), kvk).await;
    app.create_user(&format!("p.{kvk}"), Role::Partner, Some(organisation)).await;
    let partner = app.login(&format!("p.{kvk}"), PASSWORD).await;
    let work = crate::tasks::task(&hood, &category, "Buurtconciërge", 16, &[("mon", "morning"), ("tue", "morning")]);
    let work: Value = app.post("/tasks", Some(&partner), &work).await.json().await.unwrap();
    let body = json!({"title": "Conciërge", "taskIds": [work["id"]], "positions": 1, "mentorName": "Ria"});
    let package = id_of(&app.post("/task-packages", Some(&partner), &body).await.json().await.unwrap());
    for (token, to, version) in [(&partner, "submitted", 1), (&consultant, "approved", 2), (&consultant, "open", 3)] {
        let step = json!({"to": to, "version": version, "reason": ""});
        let moved = app.post(&format!("/task-packages/{package}/transitions"), Some(token), &step).await;
        assert_eq!(moved.status(), StatusCode::OK, "to {to}");
    }
    let proposed =
        app.post("/matches", Some(&consultant), &json!({"candidateId": candidate, "packageId": package})).await;
    let matched = id_of(&created(proposed).await);
    for step in [
        json!({"to": "introduced", "version": 1}),
        json!({"to": "trial_placement", "version": 2, "trialStartDate": day(-60), "trialEndDate": day(-20)}),
        json!({"to": "agreed", "version": 3}),
    ] {
        let moved = app.post(&format!("/matches/{matched}/transitions"), Some(&consultant), &step).await;
        assert_eq!(moved.status(), StatusCode::OK, "{step}");
    }
    let contract = json!({
        "matchId": matched, "startDate": day(-10), "endDate": day(300), "hoursPerWeek": 28,
        "hoursReason": "wish", "payScale": "Schaal 2", "hourlyWage": "14.50"
    });
    let contract = id_of(&created(app.post("/contracts", Some(&consultant), &contract).await).await);
    Placement { consultant, partner, candidate, contract }
}

/// A job coach account: (user id, token).
async fn job_coach(app: &TestApp, name: &str) -> (String, String) {
    let id = app.create_user(name, Role::JobCoach, None).await;
    (id.to_string(), app.login(name, PASSWORD).await)
}

async fn assign_coach(app: &TestApp, token: &str, candidate: &str, coach: &str, from: i64) -> reqwest::Response {
    let body = json!({"kind": "coach", "coachUserId": coach, "from": day(from)});
    app.post(&format!("/candidates/{candidate}/guidance/assignments"), Some(token), &body).await
}

async fn overview(app: &TestApp, token: &str, candidate: &str) -> Value {
    let answer = app.get(&format!("/candidates/{candidate}/guidance"), Some(token)).await;
    assert_eq!(answer.status(), StatusCode::OK);
    answer.json().await.unwrap()
}

#[tokio::test]
async fn a_mentor_who_leaves_flags_a_handover_until_a_new_one_is_assigned() {
    on_each_database(async |app: TestApp| {
        let p = placement(&app, 1, "60000001").await;
        let (coach, _) = job_coach(&app, "coach.a").await;
        let path = format!("/candidates/{}/guidance/assignments", p.candidate);

        // Bad input: every field at once, nothing written.
        let bad = json!({"kind": "mentor", "until": day(-30), "from": day(-20)});
        let problem = assert_problem(
            app.post(&path, Some(&p.consultant), &bad).await,
            StatusCode::BAD_REQUEST,
            "validation_failed",
        )
        .await;
        assert_eq!(field_names(&problem), ["until", "mentorName"]);
        let not_a_coach = json!({"kind": "coach", "coachUserId": uuid::Uuid::now_v7(), "from": day(-20)});
        let problem = assert_problem(
            app.post(&path, Some(&p.consultant), &not_a_coach).await,
            StatusCode::BAD_REQUEST,
            "validation_failed",
        )
        .await;
        assert_eq!(field_names(&problem), ["coachUserId"]);
        assert!(overview(&app, &p.consultant, &p.candidate).await["assignments"].as_array().unwrap().is_empty());

        assert_eq!(assign_coach(&app, &p.consultant, &p.candidate, &coach, -20).await.status(), StatusCode::CREATED);
        // The partner of the placement records the workplace mentor.
        let mentor =
            json!({"kind": "mentor", "mentorName": "Ria de Vries", "mentorContact": "06-12345678", "from": day(-20)});
        let ria = created(app.post(&path, Some(&p.partner), &mentor).await).await;
        assert_eq!(ria["current"], true);
        // ... but never the coach.
        let refused = assign_coach(&app, &p.partner, &p.candidate, &coach, -5).await;
        assert_eq!(refused.status(), StatusCode::FORBIDDEN);

        let before = overview(&app, &p.consultant, &p.candidate).await;
        assert_eq!(before["mentor"]["mentorName"], "Ria de Vries");
        assert_eq!(before["coach"]["coachName"], "coach.a");
        assert_eq!(before["handoverNeeded"], false);

        // Ria leaves (her last day was yesterday): the placement needs a handover.
        let end = json!({"until": day(-1), "reason": "Uit dienst"});
        let ended = app.post(&format!("/guidance-assignments/{}/end", id_of(&ria)), Some(&p.partner), &end).await;
        assert_eq!(ended.status(), StatusCode::OK);
        let again = app.post(&format!("/guidance-assignments/{}/end", id_of(&ria)), Some(&p.partner), &end).await;
        assert_problem(again, StatusCode::CONFLICT, "not_editable").await;
        let flagged = overview(&app, &p.consultant, &p.candidate).await;
        assert_eq!(flagged["handoverNeeded"], true);
        assert!(flagged["mentor"].is_null());
        let list: Value = app.get("/caseload?handoverNeeded=true", Some(&p.consultant)).await.json().await.unwrap();
        assert_eq!(list["totalItems"], 1);
        assert_eq!(list["items"][0]["candidateId"], p.candidate.as_str());
        assert_eq!(list["items"][0]["handoverNeeded"], true);

        // A new mentor clears it; the history keeps both.
        let kees = json!({"kind": "mentor", "mentorName": "Kees Bakker", "from": day(0)});
        created(app.post(&path, Some(&p.consultant), &kees).await).await;
        let after = overview(&app, &p.consultant, &p.candidate).await;
        assert_eq!(after["handoverNeeded"], false);
        assert_eq!(after["mentor"]["mentorName"], "Kees Bakker");
        let mentors: Vec<&str> = after["assignments"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["kind"] == "mentor")
            .map(|a| a["mentorName"].as_str().unwrap())
            .collect();
        assert_eq!(mentors, ["Kees Bakker", "Ria de Vries"]);
        let list: Value = app.get("/caseload?handoverNeeded=true", Some(&p.consultant)).await.json().await.unwrap();
        assert_eq!(list["totalItems"], 0);

        // A new coach ends the old one the day before; one starting earlier than the current is refused.
        let (second, _) = job_coach(&app, "coach.b").await;
        assert_eq!(assign_coach(&app, &p.consultant, &p.candidate, &second, -2).await.status(), StatusCode::CREATED);
        let coaches: Vec<Value> = overview(&app, &p.consultant, &p.candidate).await["assignments"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["kind"] == "coach")
            .cloned()
            .collect();
        assert_eq!(coaches.len(), 2);
        assert_eq!(coaches[1]["until"], day(-3).as_str());
        assert_eq!(coaches[0]["current"], true);
        let earlier = assign_coach(&app, &p.consultant, &p.candidate, &coach, -4).await;
        assert_problem(earlier, StatusCode::CONFLICT, "conflict").await;
    })
    .await;
}

#[tokio::test]
async fn a_job_coach_reads_and_records_guidance_and_health_of_its_caseload_only() {
    on_each_database(async |app: TestApp| {
        let p = placement(&app, 2, "60000002").await;
        let (coach, mine) = job_coach(&app, "coach.mine").await;
        let (_, other) = job_coach(&app, "coach.other").await;

        // Before any assignment the person is in nobody's caseload.
        assert_eq!(app.get(&format!("/candidates/{}/guidance", p.candidate), Some(&mine)).await.status(), 404);
        let record: Value = app.get(&format!("/candidates/{}", p.candidate), Some(&mine)).await.json().await.unwrap();
        assert!(record.get("limitationNotes").is_none());

        assert_eq!(assign_coach(&app, &p.consultant, &p.candidate, &coach, -5).await.status(), StatusCode::CREATED);

        // The caseload: the own people.
        let list: Value = app.get("/caseload", Some(&mine)).await.json().await.unwrap();
        assert_eq!(list["totalItems"], 1);
        assert_eq!(list["items"][0]["own"], true);
        assert_eq!(list["items"][0]["coachSince"], day(-5).as_str());
        let none: Value = app.get("/caseload", Some(&other)).await.json().await.unwrap();
        assert_eq!(none["totalItems"], 0);

        // Health and intake notes for the own caseload, not for another coach.
        let record: Value = app.get(&format!("/candidates/{}", p.candidate), Some(&mine)).await.json().await.unwrap();
        assert_eq!(record["limitationNotes"], "Rugklachten: niet zwaar tillen");
        assert_eq!(record["physicalLimitations"], json!([]));
        assert_eq!(record["hiddenFields"], json!([]));
        let record: Value = app.get(&format!("/candidates/{}", p.candidate), Some(&other)).await.json().await.unwrap();
        assert!(record.get("limitationNotes").is_none());
        assert!(record["hiddenFields"].as_array().unwrap().contains(&json!("limitationNotes")));
        let intakes: Value =
            app.get(&format!("/candidates/{}/intakes", p.candidate), Some(&mine)).await.json().await.unwrap();
        assert!(intakes["items"].is_array());

        // Check-ins: bad input named, then recorded by the own coach; another coach: 404.
        let path = format!("/candidates/{}/check-ins", p.candidate);
        let bad = json!({"heldOn": day(1), "domains": [], "note": ""});
        let problem =
            assert_problem(app.post(&path, Some(&mine), &bad).await, StatusCode::BAD_REQUEST, "validation_failed")
                .await;
        assert_eq!(field_names(&problem), ["heldOn", "domains", "note"]);
        let check_in =
            json!({"heldOn": day(0), "domains": ["wellbeing", "work", "work"], "note": "Gaat goed, wil meer uren"});
        let recorded = created(app.post(&path, Some(&mine), &check_in).await).await;
        assert_eq!(recorded["domains"], json!(["work", "wellbeing"]));
        assert_eq!(app.post(&path, Some(&other), &check_in).await.status(), StatusCode::NOT_FOUND);

        let guidance = overview(&app, &mine, &p.candidate).await;
        assert_eq!(guidance["checkIns"][0]["note"], "Gaat goed, wil meer uren");
        assert_eq!(guidance["hiddenParts"], json!([]));
        assert_eq!(app.get(&format!("/candidates/{}/guidance", p.candidate), Some(&other)).await.status(), 404);
        // On the person's timeline: the check-in for its own coach, not for another one.
        let timeline = format!("/candidates/{}/timeline?kind=check_in", p.candidate);
        let entries: Value = app.get(&timeline, Some(&mine)).await.json().await.unwrap();
        assert_eq!(entries["totalItems"], 1);
        assert_eq!(entries["items"][0]["reason"], "Gaat goed, wil meer uren");
        let entries: Value = app.get(&timeline, Some(&other)).await.json().await.unwrap();
        assert_eq!(entries["totalItems"], 0);

        // Contracts: the own caseload's, read-only and without wage.
        let contracts: Value = app.get("/contracts", Some(&mine)).await.json().await.unwrap();
        assert_eq!(contracts["totalItems"], 1);
        assert!(contracts["items"][0]["hourlyWage"].is_null());
        assert!(contracts["items"][0]["payScale"].is_null());
        assert!(contracts["items"][0]["cost"].is_null());
        assert_eq!(contracts["items"][0]["hoursPerWeek"], 28);
        assert_eq!(app.get(&format!("/contracts/{}", p.contract), Some(&mine)).await.status(), StatusCode::OK);
        assert_eq!(app.get(&format!("/contracts/{}", p.contract), Some(&other)).await.status(), 404);
        let change = app.put(&format!("/contracts/{}", p.contract), Some(&mine), &json!({})).await;
        assert_eq!(change.status(), StatusCode::FORBIDDEN);
        // And the matches of its caseload.
        let matches: Value = app.get("/matches", Some(&mine)).await.json().await.unwrap();
        assert_eq!(matches["totalItems"], 1);

        // Goals with their progress as updates; a stale version is refused.
        let goal = created(
            app.post(
                &format!("/candidates/{}/goals", p.candidate),
                Some(&mine),
                &json!({"title": "Zelfstandig reizen"}),
            )
            .await,
        )
        .await;
        assert_eq!((goal["status"].as_str(), goal["percentage"].as_u64()), (Some("open"), Some(0)));
        let progress =
            json!({"status": "in_progress", "percentage": 40, "note": "Reist twee dagen zelf", "version": 1});
        let updated = app.post(&format!("/goals/{}/updates", id_of(&goal)), Some(&mine), &progress).await;
        assert_eq!(updated.status(), StatusCode::OK);
        let stale = app.post(&format!("/goals/{}/updates", id_of(&goal)), Some(&mine), &progress).await;
        assert_problem(stale, StatusCode::CONFLICT, "stale_version").await;
        let progress = json!({"status": "achieved", "percentage": 100, "version": 2});
        let done: Value =
            app.post(&format!("/goals/{}/updates", id_of(&goal)), Some(&mine), &progress).await.json().await.unwrap();
        assert_eq!(done["percentage"], 100);
        let percentages: Vec<u64> =
            done["updates"].as_array().unwrap().iter().map(|u| u["percentage"].as_u64().unwrap()).collect();
        assert_eq!(percentages, [100, 40]);
        assert_eq!(app.post(&format!("/goals/{}/updates", id_of(&goal)), Some(&other), &progress).await.status(), 404);
    })
    .await;
}

#[tokio::test]
async fn finance_reads_provision_costs_and_no_notes_and_a_partner_only_its_placements_mentor() {
    on_each_database(async |app: TestApp| {
        let p = placement(&app, 3, "60000003").await;
        let path = format!("/candidates/{}/provisions", p.candidate);
        let bad = json!({"cost": "12.345", "from": day(0), "until": day(-1)});
        let problem = assert_problem(app.post(&path, Some(&p.consultant), &bad).await, StatusCode::BAD_REQUEST, "validation_failed").await;
        assert_eq!(field_names(&problem), ["kind", "cost", "until"]);
        let provision = json!({"kind": "workplace_adaptation", "description": "Sta-tafel", "cost": "1250.50", "from": day(-10), "until": day(20)});
        created(app.post(&path, Some(&p.consultant), &provision).await).await;
        let check_in = json!({"heldOn": day(0), "domains": ["income"], "note": "Schulden besproken"});
        created(app.post(&format!("/candidates/{}/check-ins", p.candidate), Some(&p.consultant), &check_in).await).await;
        let mentor = json!({"kind": "mentor", "mentorName": "Ria de Vries", "from": day(-5)});
        created(app.post(&format!("/candidates/{}/guidance/assignments", p.candidate), Some(&p.consultant), &mentor).await)
            .await;

        // Finance: the provisions and their costs, nothing else.
        let finance = app.token_for(Role::Finance).await;
        let seen = overview(&app, &finance, &p.candidate).await;
        assert_eq!(seen["provisions"][0]["cost"], "1250.50");
        assert_eq!(seen["provisionCosts"], "1250.50");
        assert_eq!(seen["checkIns"], json!([]));
        assert_eq!(seen["goals"], json!([]));
        assert_eq!(seen["assignments"], json!([]));
        assert!(seen["mentor"].is_null());
        assert!(seen["hiddenParts"].as_array().unwrap().contains(&json!("checkIns")));
        assert!(!seen.to_string().contains("Schulden"));
        let refused = app.post(&format!("/candidates/{}/check-ins", p.candidate), Some(&finance), &check_in).await;
        assert_eq!(refused.status(), StatusCode::FORBIDDEN);
        // The contract counts the provision in its costs.
        let contract: Value = app.get(&format!("/contracts/{}", p.contract), Some(&finance)).await.json().await.unwrap();
        assert_eq!(contract["provisionCosts"], "1250.50");

        // The partner of the placement: first name, hours and the mentor; no notes, no provisions.
        let seen = overview(&app, &p.partner, &p.candidate).await;
        assert_eq!(seen["name"], "Mila");
        assert_eq!(seen["hoursPerWeek"], 28);
        assert_eq!(seen["mentor"]["mentorName"], "Ria de Vries");
        assert_eq!(seen["checkIns"], json!([]));
        assert_eq!(seen["provisions"], json!([]));
        assert!(!seen.to_string().contains("Schulden") && !seen.to_string().contains("1250"));
        let contract: Value = app.get(&format!("/contracts/{}", p.contract), Some(&p.partner)).await.json().await.unwrap();
        assert!(contract["provisionCosts"].is_null());
        // Another partner: not found.
        let stranger = app.token_for(Role::Partner).await;
        assert_eq!(app.get(&format!("/candidates/{}/guidance", p.candidate), Some(&stranger)).await.status(), 404);
        let monitor = app.token_for(Role::Monitor).await;
        assert_eq!(app.get(&format!("/candidates/{}/guidance", p.candidate), Some(&monitor)).await.status(), 403);
    })
    .await;
}

#[tokio::test]
async fn a_provision_is_changed_and_deleted_by_who_guides_the_person_and_the_budget_follows() {
    on_each_database(async |app: TestApp| {
        let p = placement(&app, 5, "60000005").await;
        let path = format!("/candidates/{}/provisions", p.candidate);
        let body = json!({"kind": "transport", "description": "Taxi", "cost": "3650.00", "from": "2021-01-01", "until": "2021-12-31"});
        let provision = created(app.post(&path, Some(&p.consultant), &body).await).await;
        assert_eq!(provision["version"], 1);
        let at = format!("/provisions/{}", id_of(&provision));
        let finance = app.token_for(Role::Finance).await;
        let (coach, coach_token) = job_coach(&app, "coach.prov").await;
        let (_, stranger) = job_coach(&app, "coach.other").await;

        // Finance and partners read provisions but change none; a job coach outside the caseload finds none.
        let change = json!({"kind": "transport", "description": "Taxi en bus", "cost": "730.00", "from": "2021-01-01", "until": "2021-12-31", "version": 1});
        assert_eq!(app.put(&at, Some(&finance), &change).await.status(), StatusCode::FORBIDDEN);
        assert_eq!(app.put(&at, Some(&p.partner), &change).await.status(), StatusCode::FORBIDDEN);
        assert_eq!(app.put(&at, Some(&coach_token), &change).await.status(), StatusCode::NOT_FOUND);
        assert_eq!(app.delete(&at, Some(&stranger)).await.status(), StatusCode::NOT_FOUND);

        // Bad input: every field at once, nothing written.
        let bad = json!({"cost": "-1", "from": "2021-02-01", "until": "2021-01-01"});
        let problem =
            assert_problem(app.put(&at, Some(&p.consultant), &bad).await, StatusCode::BAD_REQUEST, "validation_failed")
                .await;
        assert_eq!(field_names(&problem), ["kind", "cost", "until", "version"]);

        // The person's job coach changes it; the budget counts the new cost.
        assert_eq!(assign_coach(&app, &p.consultant, &p.candidate, &coach, -5).await.status(), StatusCode::CREATED);
        let changed = app.put(&at, Some(&coach_token), &change).await;
        assert_eq!(changed.status(), StatusCode::OK);
        let changed: Value = changed.json().await.unwrap();
        assert_eq!((changed["cost"].as_str(), changed["version"].as_i64()), (Some("730.00"), Some(2)));
        let budget: Value = app.get("/budget?year=2021", Some(&finance)).await.json().await.unwrap();
        assert_eq!(budget["provisionCosts"], "730.00");
        // A change based on the old version is refused.
        let stale = app.put(&at, Some(&p.consultant), &change).await;
        assert_problem(stale, StatusCode::CONFLICT, "stale_version").await;

        // Deleted: it no longer counts; a second delete finds nothing.
        assert_eq!(app.delete(&at, Some(&p.consultant)).await.status(), StatusCode::NO_CONTENT);
        let budget: Value = app.get("/budget?year=2021", Some(&finance)).await.json().await.unwrap();
        assert_eq!(budget["provisionCosts"], "0.00");
        assert_eq!(overview(&app, &p.consultant, &p.candidate).await["provisions"], json!([]));
        assert_eq!(app.delete(&at, Some(&p.consultant)).await.status(), StatusCode::NOT_FOUND);

        // Each change is in the audit log.
        let admin = app.admin_token().await;
        let events: Value = app
            .get(&format!("/audit-events?recordType=candidate&recordId={}&pageSize=100", p.candidate), Some(&admin))
            .await
            .json()
            .await
            .unwrap();
        let provision_events: Vec<&str> = events["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["details"] == "guidance provision")
            .map(|e| e["action"].as_str().unwrap())
            .collect();
        assert_eq!(provision_events, ["delete", "update", "create"]);
    })
    .await;
}

#[tokio::test]
async fn guidance_shows_its_authors_by_display_name_not_username() {
    on_each_database(async |app: TestApp| {
        let p = placement(&app, 6, "60000006").await;
        let admin = app.admin_token().await;
        let body =
            json!({"username": "jet.coach", "displayName": "Jet Jansen", "role": "job_coach", "password": PASSWORD});
        let coach = id_of(&created(app.post("/users", Some(&admin), &body).await).await);
        let jet = app.login("jet.coach", PASSWORD).await;
        assert_eq!(assign_coach(&app, &p.consultant, &p.candidate, &coach, -5).await.status(), StatusCode::CREATED);
        let check_in = json!({"heldOn": day(0), "domains": ["work"], "note": "Eerste week"});
        created(app.post(&format!("/candidates/{}/check-ins", p.candidate), Some(&jet), &check_in).await).await;
        let goal = json!({"title": "Op tijd beginnen"});
        let goal = created(app.post(&format!("/candidates/{}/goals", p.candidate), Some(&jet), &goal).await).await;
        let progress = json!({"status": "in_progress", "percentage": 20, "version": 1});
        let updated = app.post(&format!("/goals/{}/updates", id_of(&goal)), Some(&jet), &progress).await;
        assert_eq!(updated.status(), StatusCode::OK);

        let guidance = overview(&app, &jet, &p.candidate).await;
        assert_eq!(guidance["checkIns"][0]["author"], "Jet Jansen");
        assert_eq!(guidance["goals"][0]["updates"][0]["author"], "Jet Jansen");
        assert!(!guidance.to_string().contains("jet.coach"), "no username shown: {guidance}");
    })
    .await;
}

#[tokio::test]
async fn the_timeline_shows_contract_versions_and_surveys_with_what_each_role_may_read() {
    on_each_database(async |app: TestApp| {
        let p = placement(&app, 7, "60000007").await;
        let (coach, coach_token) = job_coach(&app, "coach.timeline").await;
        assert_eq!(assign_coach(&app, &p.consultant, &p.candidate, &coach, -5).await.status(), StatusCode::CREATED);
        // A new version (wage and hours), signed and activated; then a survey.
        let change = json!({
            "startDate": day(-10), "endDate": day(300), "hoursPerWeek": 24, "hoursReason": "ability",
            "payScale": "Schaal 2", "hourlyWage": "15.00", "reason": "Minder uren na overleg", "version": 1
        });
        let changed = app.put(&format!("/contracts/{}", p.contract), Some(&p.consultant), &change).await;
        assert_eq!(changed.status(), StatusCode::OK);
        for (to, version) in [("signed", 2), ("active", 3)] {
            let body = json!({"to": to, "version": version});
            let stepped = app.post(&format!("/contracts/{}/transitions", p.contract), Some(&p.consultant), &body).await;
            assert_eq!(stepped.status(), StatusCode::OK, "to {to}");
        }
        let survey = json!({"wellbeing": 7, "income": 6, "work": 8, "socialContacts": 5, "comment": "Fijne collega's"});
        created(app.post(&format!("/contracts/{}/surveys", p.contract), Some(&p.consultant), &survey).await).await;

        let timeline = |kind: &str| format!("/candidates/{}/timeline?kind={kind}", p.candidate);
        // A consultant: every version, newest first, with who, what changed and why.
        let versions: Value = app.get(&timeline("contract_version"), Some(&p.consultant)).await.json().await.unwrap();
        assert_eq!(versions["totalItems"], 4);
        let items = versions["items"].as_array().unwrap();
        let to: Vec<&str> = items.iter().map(|e| e["to"].as_str().unwrap()).collect();
        assert_eq!(to, ["active", "signed", "draft", "draft"]);
        assert!(items.iter().all(|e| e["actorKind"] == "staff" && e["actorName"].is_string()));
        let second = &items[2];
        assert_eq!(second["reason"], "Minder uren na overleg");
        let wage = second["changes"].as_array().unwrap().iter().find(|c| c["field"] == "hourlyWage").unwrap();
        assert_eq!((wage["oldValue"].as_str(), wage["newValue"].as_str()), (Some("14.50"), Some("15.00")));
        let surveys: Value = app.get(&timeline("survey"), Some(&p.consultant)).await.json().await.unwrap();
        assert_eq!(surveys["totalItems"], 1);
        assert_eq!(surveys["items"][0]["reason"], "Fijne collega's");
        assert!(surveys["items"][0]["summary"].as_str().unwrap().contains("welzijn 7"));

        // The job coach of the caseload: the versions without the wage's values, and the survey.
        let seen: Value = app.get(&timeline("contract_version"), Some(&coach_token)).await.json().await.unwrap();
        let wage = seen["items"][2]["changes"].as_array().unwrap().iter().find(|c| c["field"] == "hourlyWage").unwrap();
        assert_eq!(wage["valuesHidden"], true);
        assert!(wage["oldValue"].is_null() && wage["newValue"].is_null());
        assert!(!seen.to_string().contains("15.00"), "{seen}");
        let surveys: Value = app.get(&timeline("survey"), Some(&coach_token)).await.json().await.unwrap();
        assert_eq!(surveys["totalItems"], 1);

        // Finance: the versions with money but without reasons, and no surveys.
        let finance = app.token_for(Role::Finance).await;
        let seen: Value = app.get(&timeline("contract_version"), Some(&finance)).await.json().await.unwrap();
        assert_eq!(seen["totalItems"], 4);
        assert!(seen["items"].as_array().unwrap().iter().all(|e| e["reason"].is_null()));
        let surveys: Value = app.get(&timeline("survey"), Some(&finance)).await.json().await.unwrap();
        assert_eq!(surveys["totalItems"], 0);
    })
    .await;
}

#[tokio::test]
async fn provisions_count_in_the_budget_by_their_days_exactly() {
    on_each_database(async |app: TestApp| {
        let p = placement(&app, 4, "60000004").await;
        let path = format!("/candidates/{}/provisions", p.candidate);
        // 3,650.00 over all of 2021; 730.00 over 2021-07-01..2022-06-30 (365 days, 2.00 a day): 184 days in 2021.
        for (cost, from, until) in [("3650.00", "2021-01-01", "2021-12-31"), ("730.00", "2021-07-01", "2022-06-30")] {
            let body = json!({"kind": "transport", "cost": cost, "from": from, "until": until});
            created(app.post(&path, Some(&p.consultant), &body).await).await;
        }
        // 100.00 over ten days of 2099: committed, not realised.
        let body = json!({"kind": "aids", "cost": "100.00", "from": "2099-01-01", "until": "2099-01-10"});
        created(app.post(&path, Some(&p.consultant), &body).await).await;
        let finance = app.token_for(Role::Finance).await;
        let budget: Value = app.get("/budget?year=2021", Some(&finance)).await.json().await.unwrap();
        assert_eq!(budget["provisionCosts"], "4018.00");
        assert_eq!(budget["realised"], "4018.00");
        assert_eq!(budget["committed"], "0.00");
        let budget: Value = app.get("/budget?year=2022", Some(&finance)).await.json().await.unwrap();
        assert_eq!(budget["provisionCosts"], "362.00");
        let budget: Value = app.get("/budget?year=2099", Some(&finance)).await.json().await.unwrap();
        assert_eq!(budget["provisionCosts"], "100.00");
        assert_eq!(budget["committed"], "100.00");
        assert_eq!(budget["realised"], "0.00");
    })
    .await;
}

#[tokio::test]
async fn staff_record_notes_and_contact_moments_with_employers() {
    on_each_database(async |app: TestApp| {
        let consultant = app.token_for(Role::Consultant).await;
        let organisation = app.create_organisation("Groenbedrijf", "60000009").await;
        let path = format!("/organisations/{organisation}/notes");
        let bad = json!({"heldOn": day(3), "note": " "});
        let problem = assert_problem(
            app.post(&path, Some(&consultant), &bad).await,
            StatusCode::BAD_REQUEST,
            "validation_failed",
        )
        .await;
        assert_eq!(field_names(&problem), ["kind", "heldOn", "note"]);
        for (kind, offset, note) in [("contact", -7, "Bezoek op de werkvloer"), ("note", -1, "Wil een tweede plek")] {
            let body = json!({"kind": kind, "heldOn": day(offset), "subject": "Begeleiding", "note": note});
            created(app.post(&path, Some(&consultant), &body).await).await;
        }
        let notes: Value = app.get(&path, Some(&consultant)).await.json().await.unwrap();
        assert_eq!(notes["totalItems"], 2);
        assert_eq!(notes["items"][0]["note"], "Wil een tweede plek");
        assert_eq!(notes["items"][1]["kind"], "contact");
        let finance = app.token_for(Role::Finance).await;
        assert_eq!(app.get(&path, Some(&finance)).await.status(), StatusCode::FORBIDDEN);
        let missing = format!("/organisations/{}/notes", uuid::Uuid::now_v7());
        assert_eq!(app.get(&missing, Some(&consultant)).await.status(), StatusCode::NOT_FOUND);
    })
    .await;
}
