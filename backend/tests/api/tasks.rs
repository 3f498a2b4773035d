//! Task intake: tasks, sessions, packages, their workflow and partner isolation.

use reqwest::StatusCode;
use serde_json::{Value, json};
use shared::auth::Role;
use uuid::Uuid;

use crate::helpers::{PASSWORD, TestApp, assert_problem, field_names, on_each_database};

/// Reference data every task needs: a neighbourhood and a category.
pub async fn reference(app: &TestApp) -> (String, String) {
    let admin = app.admin_token().await;
    let hood: Value = app
        .post(
            "/neighbourhoods",
            Some(&admin),
            &json!({"name": "Beijum", "postcodeRanges": [{"from": 9734, "to": 9736}]}),
        )
        .await
        .json()
        .await
        .unwrap();
    let category: Value =
        app.post("/task-categories", Some(&admin), &json!({"name": "Groenonderhoud"})).await.json().await.unwrap();
    (hood["id"].as_str().unwrap().to_owned(), category["id"].as_str().unwrap().to_owned())
}

/// A partner user of a fresh organisation: its token and organisation id.
async fn partner(app: &TestApp, name: &str, kvk: &str) -> (String, Uuid) {
    let organisation = app.create_organisation(name, kvk).await;
    app.create_user(&format!("p.{kvk}"), Role::Partner, Some(organisation)).await;
    (app.login(&format!("p.{kvk}"), PASSWORD).await, organisation)
}

pub fn task(hood: &str, category: &str, title: &str, hours: u16, slots: &[(&str, &str)]) -> Value {
    json!({
        "neighbourhoodId": hood, "categoryId": category, "title": title, "description": "",
        "location": "Buurtpark", "physicalDemands": ["outdoor_work"], "hoursPerWeek": hours,
        "schedule": slots.iter().map(|(day, part)| json!({"day": day, "part": part})).collect::<Vec<_>>(),
        "supervision": "Wijkbeheerder", "socialValue": "Een schone en groene buurt"
    })
}

async fn created(response: reqwest::Response) -> Value {
    assert_eq!(response.status(), StatusCode::CREATED);
    response.json().await.unwrap()
}

#[tokio::test]
async fn package_hours_add_up_and_more_than_forty_or_an_overlap_is_refused() {
    on_each_database(async |app: TestApp| {
        let (hood, category) = reference(&app).await;
        let (token, _) = partner(&app, "Groen Beijum", "30000001").await;
        let a = created(app.post("/tasks", Some(&token), &task(&hood, &category, "Perken", 16, &[("mon", "morning"), ("tue", "morning")])).await).await;
        let b = created(app.post("/tasks", Some(&token), &task(&hood, &category, "Zwerfafval", 16, &[("wed", "morning"), ("thu", "morning")])).await).await;
        let c = created(app.post("/tasks", Some(&token), &task(&hood, &category, "Speeltuin", 12, &[("tue", "morning")])).await).await;
        let package = created(
            app.post("/task-packages", Some(&token), &json!({"title": "Groen en schoon", "taskIds": [a["id"], b["id"]], "positions": 2, "mentorName": "Henk"}))
                .await,
        )
        .await;
        assert_eq!(package["hours"]["totalHours"], 32);
        assert_eq!(package["hours"]["meetsNorm"], true);
        assert_eq!(package["status"], "draft");
        let clash = app
            .post("/task-packages", Some(&token), &json!({"title": "Te vol", "taskIds": [a["id"], b["id"], c["id"]], "positions": 1}))
            .await;
        let problem = assert_problem(clash, StatusCode::BAD_REQUEST, "validation_failed").await;
        let codes: Vec<_> = problem["invalidParams"].as_array().unwrap().iter().map(|p| p["code"].as_str().unwrap().to_owned()).collect();
        assert_eq!(codes, vec!["in_other_package", "too_many_hours", "overlapping_schedule"]);
        let bad_task = app.post("/tasks", Some(&token), &json!({"title": "", "hoursPerWeek": 41})).await;
        let problem = assert_problem(bad_task, StatusCode::BAD_REQUEST, "validation_failed").await;
        assert_eq!(field_names(&problem), vec!["title", "neighbourhoodId", "categoryId", "hoursPerWeek", "schedule", "socialValue"]);
    })
    .await;
}

#[tokio::test]
async fn organisation_a_cannot_list_read_change_or_submit_bs_work_and_cannot_approve_its_own() {
    on_each_database(async |app: TestApp| {
        let (hood, category) = reference(&app).await;
        let (a_token, _) = partner(&app, "Partij A", "30000002").await;
        let (b_token, _) = partner(&app, "Partij B", "30000003").await;
        let b_task = created(
            app.post("/tasks", Some(&b_token), &task(&hood, &category, "B's taak", 20, &[("mon", "morning")])).await,
        )
        .await;
        let b_package = created(
            app.post(
                "/task-packages",
                Some(&b_token),
                &json!({"title": "B's pakket", "taskIds": [b_task["id"]], "positions": 1, "mentorName": "Bea"}),
            )
            .await,
        )
        .await;
        let task_id = b_task["id"].as_str().unwrap();
        let package_id = b_package["id"].as_str().unwrap();

        let listed: Value = app.get("/tasks", Some(&a_token)).await.json().await.unwrap();
        assert_eq!(listed["totalItems"], 0);
        let packages: Value = app.get("/task-packages", Some(&a_token)).await.json().await.unwrap();
        assert_eq!(packages["totalItems"], 0);
        assert_problem(app.get(&format!("/tasks/{task_id}"), Some(&a_token)).await, StatusCode::NOT_FOUND, "not_found")
            .await;
        assert_problem(
            app.get(&format!("/task-packages/{package_id}"), Some(&a_token)).await,
            StatusCode::NOT_FOUND,
            "not_found",
        )
        .await;
        let mut change = task(&hood, &category, "Overgenomen", 20, &[("mon", "morning")]);
        change["version"] = json!(1);
        let put = app
            .client
            .put(app.url(&format!("/tasks/{task_id}")))
            .bearer_auth(&a_token)
            .json(&change)
            .send()
            .await
            .unwrap();
        assert_problem(put, StatusCode::NOT_FOUND, "not_found").await;
        let submit = app
            .post(
                &format!("/task-packages/{package_id}/transitions"),
                Some(&a_token),
                &json!({"to": "submitted", "version": 1}),
            )
            .await;
        assert_problem(submit, StatusCode::NOT_FOUND, "not_found").await;
        // A's package cannot bundle B's task either.
        let steal = app
            .post("/task-packages", Some(&a_token), &json!({"title": "Gestolen", "taskIds": [task_id], "positions": 1}))
            .await;
        assert_eq!(
            field_names(&assert_problem(steal, StatusCode::BAD_REQUEST, "validation_failed").await),
            vec!["taskIds"]
        );

        let submitted = app
            .post(
                &format!("/task-packages/{package_id}/transitions"),
                Some(&b_token),
                &json!({"to": "submitted", "version": 1}),
            )
            .await;
        assert_eq!(submitted.status(), StatusCode::OK);
        let approve = app
            .post(
                &format!("/task-packages/{package_id}/transitions"),
                Some(&b_token),
                &json!({"to": "approved", "version": 2}),
            )
            .await;
        assert_problem(approve, StatusCode::FORBIDDEN, "forbidden").await;
    })
    .await;
}

#[tokio::test]
async fn the_package_workflow_runs_from_draft_to_closed_and_records_every_step() {
    on_each_database(async |app: TestApp| {
        let (hood, category) = reference(&app).await;
        let (token, _) = partner(&app, "Werk in de Wijk", "30000004").await;
        let consultant = app.token_for(Role::Consultant).await;
        let t = created(
            app.post("/tasks", Some(&token), &task(&hood, &category, "Buurtkamer", 32, &[("mon", "afternoon")])).await,
        )
        .await;
        let package = created(
            app.post(
                "/task-packages",
                Some(&token),
                &json!({"title": "Gastvrouw", "taskIds": [t["id"]], "positions": 1, "mentorName": "Ria"}),
            )
            .await,
        )
        .await;
        let id = package["id"].as_str().unwrap();
        let step = |to: &str, version: i32, reason: &str| json!({"to": to, "version": version, "reason": reason});
        let early =
            app.post(&format!("/task-packages/{id}/transitions"), Some(&consultant), &step("open", 1, "")).await;
        assert_problem(early, StatusCode::CONFLICT, "illegal_transition").await;
        assert_eq!(
            app.post(&format!("/task-packages/{id}/transitions"), Some(&token), &step("submitted", 1, ""))
                .await
                .status(),
            StatusCode::OK
        );
        let no_reason =
            app.post(&format!("/task-packages/{id}/transitions"), Some(&consultant), &step("rejected", 2, " ")).await;
        assert_eq!(
            field_names(&assert_problem(no_reason, StatusCode::BAD_REQUEST, "validation_failed").await),
            vec!["reason"]
        );
        let rejected: Value = app
            .post(
                &format!("/task-packages/{id}/transitions"),
                Some(&consultant),
                &step("rejected", 2, "Mentor ontbreekt op vrijdag"),
            )
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(rejected["rejectionReason"], "Mentor ontbreekt op vrijdag");
        for (to, version, who) in [
            ("draft", 3, &token),
            ("submitted", 4, &token),
            ("approved", 5, &consultant),
            ("open", 6, &consultant),
            ("filled", 7, &consultant),
            ("closed", 8, &consultant),
        ] {
            let response =
                app.post(&format!("/task-packages/{id}/transitions"), Some(who), &step(to, version, "")).await;
            assert_eq!(response.status(), StatusCode::OK, "to {to}");
        }
        let locked = app
            .client
            .put(app.url(&format!("/task-packages/{id}")))
            .bearer_auth(&token)
            .json(&json!({"title": "x", "positions": 1, "version": 9}))
            .send()
            .await
            .unwrap();
        assert_problem(locked, StatusCode::CONFLICT, "not_editable").await;
        let history: Value =
            app.get(&format!("/task-packages/{id}/status-changes"), Some(&token)).await.json().await.unwrap();
        let steps: Vec<_> = history.as_array().unwrap().iter().map(|s| s["to"].as_str().unwrap()).collect();
        assert_eq!(
            steps,
            vec!["draft", "submitted", "rejected", "draft", "submitted", "approved", "open", "filled", "closed"]
        );
        assert_eq!(history[5]["changedByRole"], "consultant");
    })
    .await;
}

#[tokio::test]
async fn a_partner_records_a_session_its_tasks_belong_to_and_others_cannot_see_it() {
    on_each_database(async |app: TestApp| {
        let (hood, category) = reference(&app).await;
        let (a_token, _) = partner(&app, "Wijkteam", "30000005").await;
        let (b_token, b_org) = partner(&app, "Buurtcentrum", "30000006").await;
        let (c_token, _) = partner(&app, "Derde", "30000007").await;
        let session = created(
            app.post("/neighbourhood-sessions", Some(&a_token), &json!({"neighbourhoodId": hood, "heldOn": "2026-11-10", "title": "Wijkavond Beijum", "participantIds": [b_org]})).await,
        )
        .await;
        let id = session["id"].as_str().unwrap();
        let mut proposed = task(&hood, &category, "Moestuin", 8, &[("fri", "morning")]);
        proposed["sessionId"] = json!(id);
        created(app.post("/tasks", Some(&a_token), &proposed).await).await;
        let seen: Value = app.get(&format!("/neighbourhood-sessions/{id}"), Some(&b_token)).await.json().await.unwrap();
        assert_eq!(seen["taskIds"].as_array().unwrap().len(), 1, "a participant sees the session");
        assert_problem(app.get(&format!("/neighbourhood-sessions/{id}"), Some(&c_token)).await, StatusCode::NOT_FOUND, "not_found").await;
        let consultant = app.token_for(Role::Consultant).await;
        let all: Value = app.get("/neighbourhood-sessions", Some(&consultant)).await.json().await.unwrap();
        assert_eq!(all["totalItems"], 1);
        let none: Value = app.get("/neighbourhood-sessions", Some(&c_token)).await.json().await.unwrap();
        assert_eq!(none["totalItems"], 0);
        let finance = app.token_for(Role::Finance).await;
        assert_eq!(app.get("/tasks", Some(&finance)).await.status(), StatusCode::FORBIDDEN);
    })
    .await;
}

/// `docs/partners.md`, step by step, with a real HTTP client: an admin creates a partner API client; the
/// partner's system gets a token, creates tasks and a package and submits it; a consultant approves it.
#[tokio::test]
async fn the_partner_guide_works_as_written() {
    on_each_database(async |app: TestApp| {
        let (hood, category) = reference(&app).await;
        let organisation = app.create_organisation("Stichting Buurtwerk", "30000008").await;
        let admin = app.admin_token().await;
        // Step 1: the municipality creates an API client for the organisation.
        let client: Value = app
            .post("/api-clients", Some(&admin), &json!({"name": "Buurtwerk planning", "role": "partner", "organisationId": organisation}))
            .await
            .json()
            .await
            .unwrap();
        // Step 2: client credentials for a token.
        let token: Value = app
            .client
            .post(app.url("/auth/token"))
            .form(&[
                ("grant_type", "client_credentials"),
                ("client_id", client["client"]["clientId"].as_str().unwrap()),
                ("client_secret", client["clientSecret"].as_str().unwrap()),
            ])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let bearer = token["access_token"].as_str().unwrap();
        assert_eq!(token["expires_in"], 900);
        // Step 3: reference data to refer to.
        let hoods: Value = app.get("/neighbourhoods", Some(bearer)).await.json().await.unwrap();
        assert!(hoods["items"].as_array().unwrap().iter().any(|h| h["id"] == hood.as_str()));
        let categories: Value = app.get("/task-categories?active=true", Some(bearer)).await.json().await.unwrap();
        assert_eq!(categories["items"][0]["id"], category.as_str());
        // Step 4: tasks, then the package.
        let mut ids = Vec::new();
        for (title, day) in [("Perken schoffelen", "mon"), ("Bladblazen", "tue")] {
            let response = app.post("/tasks", Some(bearer), &task(&hood, &category, title, 16, &[(day, "morning"), (day, "afternoon")])).await;
            ids.push(created(response).await["id"].clone());
        }
        let package = created(
            app.post("/task-packages", Some(bearer), &json!({"title": "Groenmedewerker", "taskIds": ids, "positions": 2, "startDate": "2027-01-04", "mentorName": "Wim Wijkbeheer"})).await,
        )
        .await;
        assert_eq!(package["organisationId"], organisation.to_string());
        // Step 5: submit, then follow its status.
        let id = package["id"].as_str().unwrap();
        let submitted: Value = app.post(&format!("/task-packages/{id}/transitions"), Some(bearer), &json!({"to": "submitted", "version": package["version"]})).await.json().await.unwrap();
        assert_eq!(submitted["status"], "submitted");
        // The consultant's side: the approval queue, then approve.
        let consultant = app.token_for(Role::Consultant).await;
        let queue: Value = app.get("/task-packages?status=submitted", Some(&consultant)).await.json().await.unwrap();
        assert_eq!(queue["items"][0]["id"], id);
        let approved = app.post(&format!("/task-packages/{id}/transitions"), Some(&consultant), &json!({"to": "approved", "version": submitted["version"]})).await;
        assert_eq!(approved.status(), StatusCode::OK);
        let state: Value = app.get(&format!("/task-packages/{id}"), Some(bearer)).await.json().await.unwrap();
        assert_eq!(state["status"], "approved");
    })
    .await;
}

/// Issue 8, defect 1: unknown ids in a body are field errors (never a 500 from a foreign key), and a huge
/// page number is refused instead of overflowing the offset.
#[tokio::test]
async fn unknown_organisations_and_huge_pages_are_400_not_500() {
    on_each_database(async |app: TestApp| {
        let (hood, _) = reference(&app).await;
        let admin = app.admin_token().await;
        let nobody = Uuid::now_v7();
        let session = app
            .post("/neighbourhood-sessions", Some(&admin), &json!({"neighbourhoodId": hood, "heldOn": "2026-11-10", "title": "Wijkavond", "organisationId": nobody}))
            .await;
        assert_eq!(field_names(&assert_problem(session, StatusCode::BAD_REQUEST, "validation_failed").await), vec!["organisationId"]);
        let package = app.post("/task-packages", Some(&admin), &json!({"title": "Leeg", "organisationId": nobody, "positions": 1})).await;
        assert_eq!(field_names(&assert_problem(package, StatusCode::BAD_REQUEST, "validation_failed").await), vec!["organisationId"]);
        for list in ["/tasks", "/task-packages", "/neighbourhood-sessions", "/users", "/audit-events", "/neighbourhoods"] {
            let huge = app.get(&format!("{list}?page=99999999999999"), Some(&admin)).await;
            assert_eq!(field_names(&assert_problem(huge, StatusCode::BAD_REQUEST, "validation_failed").await), vec!["page"], "{list}");
        }
        let last_allowed = app.get("/tasks?page=100000", Some(&admin)).await;
        assert_eq!(last_allowed.status(), StatusCode::OK);
    })
    .await;
}

/// Issue 8, defect 2: a job coach reads sessions but never changes one; a participating partner neither.
#[tokio::test]
async fn only_staff_and_the_holder_change_a_neighbourhood_session() {
    on_each_database(async |app: TestApp| {
        let (hood, _) = reference(&app).await;
        let consultant = app.token_for(Role::Consultant).await;
        let (holder, _) = partner(&app, "Houder", "30000011").await;
        let (guest, guest_org) = partner(&app, "Gast", "30000012").await;
        let staff_session = created(app.post("/neighbourhood-sessions", Some(&consultant), &json!({"neighbourhoodId": hood, "heldOn": "2026-11-10", "title": "Van de gemeente"})).await).await;
        let partner_session = created(
            app.post("/neighbourhood-sessions", Some(&holder), &json!({"neighbourhoodId": hood, "heldOn": "2026-11-11", "title": "Van de partner", "participantIds": [guest_org]})).await,
        )
        .await;
        let job_coach = app.token_for(Role::JobCoach).await;
        let put = |id: &str, token: &str, title: &str| {
            app.client
                .put(app.url(&format!("/neighbourhood-sessions/{id}")))
                .bearer_auth(token)
                .json(&json!({"neighbourhoodId": hood, "heldOn": "2026-11-10", "title": title, "version": 1}))
                .send()
        };
        let staff_id = staff_session["id"].as_str().unwrap();
        let partner_id = partner_session["id"].as_str().unwrap();
        assert_eq!(app.get(&format!("/neighbourhood-sessions/{staff_id}"), Some(&job_coach)).await.status(), StatusCode::OK);
        assert_problem(put(staff_id, &job_coach, "Overschreven").await.unwrap(), StatusCode::FORBIDDEN, "forbidden").await;
        assert_problem(put(partner_id, &guest, "Overschreven").await.unwrap(), StatusCode::FORBIDDEN, "forbidden").await;
        assert_problem(put(staff_id, &holder, "Overschreven").await.unwrap(), StatusCode::NOT_FOUND, "not_found").await;
        let unchanged: Value = app.get(&format!("/neighbourhood-sessions/{staff_id}"), Some(&consultant)).await.json().await.unwrap();
        assert_eq!(unchanged["title"], "Van de gemeente");
        assert_eq!(put(partner_id, &holder, "Aangepast").await.unwrap().status(), StatusCode::OK);
        assert_eq!(put(staff_id, &consultant, "Aangepast").await.unwrap().status(), StatusCode::OK);
    })
    .await;
}

/// Issue 8, defect 7: a task belongs to at most one live package, and its content is frozen while that
/// package is submitted, approved, open or filled.
#[tokio::test]
async fn a_task_sits_in_one_live_package_and_is_frozen_once_submitted() {
    on_each_database(async |app: TestApp| {
        let (hood, category) = reference(&app).await;
        let (token, _) = partner(&app, "Vastgelegd", "30000013").await;
        let consultant = app.token_for(Role::Consultant).await;
        let t = created(
            app.post("/tasks", Some(&token), &task(&hood, &category, "Perken", 32, &[("mon", "morning")])).await,
        )
        .await;
        let task_id = t["id"].as_str().unwrap();
        let package = created(
            app.post(
                "/task-packages",
                Some(&token),
                &json!({"title": "Eerste", "taskIds": [task_id], "positions": 1, "mentorName": "Ria"}),
            )
            .await,
        )
        .await;
        let package_id = package["id"].as_str().unwrap();
        let second = app
            .post("/task-packages", Some(&token), &json!({"title": "Tweede", "taskIds": [task_id], "positions": 1}))
            .await;
        let problem = assert_problem(second, StatusCode::BAD_REQUEST, "validation_failed").await;
        assert_eq!(problem["invalidParams"][0]["code"], "in_other_package");

        let edit = |version: i64, hours: u16| {
            let mut body = task(&hood, &category, "Perken", hours, &[("mon", "morning"), ("tue", "morning")]);
            body["version"] = json!(version);
            app.client.put(app.url(&format!("/tasks/{task_id}"))).bearer_auth(&token).json(&body).send()
        };
        // Still a draft: the task may change.
        assert_eq!(edit(1, 30).await.unwrap().status(), StatusCode::OK);
        let step = |to: &str, version: i32, who: &str| {
            app.client
                .post(app.url(&format!("/task-packages/{package_id}/transitions")))
                .bearer_auth(who)
                .json(&json!({"to": to, "version": version, "reason": "te weinig uren"}))
                .send()
        };
        assert_eq!(step("submitted", 1, &token).await.unwrap().status(), StatusCode::OK);
        assert_problem(edit(2, 40).await.unwrap(), StatusCode::CONFLICT, "task_frozen").await;
        assert_eq!(step("approved", 2, &consultant).await.unwrap().status(), StatusCode::OK);
        assert_problem(edit(2, 40).await.unwrap(), StatusCode::CONFLICT, "task_frozen").await;
        let unchanged: Value = app.get(&format!("/tasks/{task_id}"), Some(&token)).await.json().await.unwrap();
        assert_eq!(unchanged["hoursPerWeek"], 30);
        // Closed, the package no longer holds the task: it may change and join a new package.
        assert_eq!(step("closed", 3, &consultant).await.unwrap().status(), StatusCode::OK);
        assert_eq!(edit(2, 32).await.unwrap().status(), StatusCode::OK);
        created(
            app.post(
                "/task-packages",
                Some(&token),
                &json!({"title": "Opnieuw", "taskIds": [task_id], "positions": 1}),
            )
            .await,
        )
        .await;
    })
    .await;
}

#[tokio::test]
async fn a_title_search_takes_percent_and_underscore_literally_and_titles_are_nfc() {
    on_each_database(async |app: TestApp| {
        let (hood, category) = reference(&app).await;
        let (token, _) = partner(&app, "Groen Paddepoel", "30000077").await;
        created(
            app.post("/tasks", Some(&token), &task(&hood, &category, "100% groen", 8, &[("mon", "morning")])).await,
        )
        .await;
        let cafe = created(
            app.post("/tasks", Some(&token), &task(&hood, &category, "Cafe\u{301} helpen", 8, &[("tue", "morning")]))
                .await,
        )
        .await;
        assert_eq!(cafe["title"], "Caf\u{e9} helpen");
        for (q, expected) in [("%25", 1), ("_", 0), ("Caf%C3%A9", 1)] {
            let page: Value = app.get(&format!("/tasks?q={q}"), Some(&token)).await.json().await.unwrap();
            assert_eq!(page["totalItems"], expected, "q={q}: {page}");
        }
    })
    .await;
}

#[tokio::test]
async fn the_organisation_lookup_names_only_the_organisations_of_the_partners_municipality() {
    on_each_database(async |app: TestApp| {
        let admin = app.admin_token().await;
        let municipalities: Value = app.get("/municipalities", Some(&admin)).await.json().await.unwrap();
        let home = municipalities["items"][0]["id"].as_str().unwrap().to_owned();
        let haren =
            created(app.post("/municipalities", Some(&admin), &json!({"name": "Haren", "code": "GM0017"})).await).await
                ["id"]
                .as_str()
                .unwrap()
                .to_owned();
        let hood = |name: &'static str, municipality: &str, from: u16| {
            let body =
                json!({"name": name, "municipalityId": municipality, "postcodeRanges": [{"from": from, "to": from}]});
            let admin = admin.clone();
            let app = &app;
            async move { created(app.post("/neighbourhoods", Some(&admin), &body).await).await["id"].clone() }
        };
        let beijum = hood("Beijum", &home, 9734).await;
        let centrum = hood("Haren-Centrum", &haren, 9750).await;
        let organisation = |name: &'static str, kvk: &'static str, hood: &Value| {
            let body = json!({"name": name, "kvkNumber": kvk, "roles": ["work_provider"], "neighbourhoodIds": [hood],
                "description": "Geheime omschrijving"});
            let admin = admin.clone();
            let app = &app;
            async move {
                created(app.post("/organisations", Some(&admin), &body).await).await["id"].as_str().unwrap().to_owned()
            }
        };
        let own = organisation("Wijkwerk Beijum", "60000001", &beijum).await;
        let neighbour = organisation("Buurtkracht Beijum", "60000002", &beijum).await;
        let elsewhere = organisation("Groen Haren", "60000003", &centrum).await;
        app.create_user("p.beijum", Role::Partner, Some(own.parse().unwrap())).await;
        let partner = app.login("p.beijum", PASSWORD).await;

        let response = app.get("/organisations/lookup?pageSize=100", Some(&partner)).await;
        assert_eq!(response.status(), StatusCode::OK);
        let page: Value = response.json().await.unwrap();
        let items = page["items"].as_array().unwrap();
        let ids: Vec<&str> = items.iter().map(|o| o["id"].as_str().unwrap()).collect();
        assert!(ids.contains(&own.as_str()) && ids.contains(&neighbour.as_str()), "{page}");
        assert!(!ids.contains(&elsewhere.as_str()), "another municipality's organisation: {page}");
        // Only the id and the name, sorted by name.
        assert_eq!(items[0], json!({"id": neighbour, "name": "Buurtkracht Beijum"}));
        assert_eq!(page["totalItems"], 2);
        let found: Value = app.get("/organisations/lookup?q=kracht", Some(&partner)).await.json().await.unwrap();
        assert_eq!(found["totalItems"], 1);
        // A regional admin names the region's organisations.
        let all: Value = app.get("/organisations/lookup?pageSize=100", Some(&admin)).await.json().await.unwrap();
        assert_eq!(all["totalItems"], 3, "{all}");
    })
    .await;
}
