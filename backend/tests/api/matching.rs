//! Matching: ranked lists with their explanations, and the fit weights.

use reqwest::StatusCode;
use serde_json::{Value, json};
use shared::auth::Role;

use crate::candidates::candidate;
use crate::helpers::{PASSWORD, TestApp, assert_problem, on_each_database};
use crate::tasks::{reference, task};

/// The `n`th BSN that passes the 11-check.
fn bsn(n: u32) -> String {
    (0..)
        .map(|i| format!("{:08}", 10_000_000 + n * 97 + i))
        .find_map(|first| {
            let sum: u32 = first.bytes().zip((2..=9).rev()).map(|(d, w)| u32::from(d - b'0') * w).sum();
            let check = sum % 11;
            (check < 10).then(|| format!("{first}{check}"))
        })
        .unwrap()
}

/// Registers a candidate and makes them eligible (through intake, as staff would).
async fn eligible(app: &TestApp, token: &str, body: Value) -> String {
    let created = app.post("/candidates?confirmDuplicate=true", Some(token), &body).await;
    assert_eq!(created.status(), StatusCode::CREATED, "{}", created.text().await.unwrap());
    let id = created.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned();
    let intake = json!({"to": "intake", "reason": "Gesprek", "version": 1});
    assert_eq!(app.post(&format!("/candidates/{id}/status"), Some(token), &intake).await.status(), StatusCode::OK);
    let decision = json!({"outcome": "eligible", "motivation": "Past bij een basisbaan", "version": 2});
    assert_eq!(
        app.post(&format!("/candidates/{id}/eligibility"), Some(token), &decision).await.status(),
        StatusCode::OK
    );
    id
}

fn person(n: u32, first: &str, hours: u8, level: Option<(&str, u8)>, limitations: &[&str]) -> Value {
    let mut body = candidate(&bsn(n), first, "Jansen");
    body["availableHours"] = json!(hours);
    body["physicalLimitations"] = json!(limitations);
    body["abilities"] =
        json!(level.map(|(id, level)| vec![json!({"abilityId": id, "level": level})]).unwrap_or_default());
    body
}

#[tokio::test]
async fn a_package_ranks_its_candidates_with_explanations_and_the_sql_filter_agrees_with_the_fit() {
    on_each_database(async |app: TestApp| {
        let (hood, category) = reference(&app).await;
        let admin = app.admin_token().await;
        let consultant = app.token_for(Role::Consultant).await;
        let ability: Value =
            app.post("/abilities", Some(&admin), &json!({"name": "Tuinieren"})).await.json().await.unwrap();
        let ability = ability["id"].as_str().unwrap().to_owned();

        let organisation = app.create_organisation("Groen Beijum", "30000009").await;
        app.create_user("p.groen", Role::Partner, Some(organisation)).await;
        let partner = app.login("p.groen", PASSWORD).await;
        let mut work =
            task(&hood, &category, "Groenonderhoud in het park", 8, &[("mon", "morning"), ("tue", "morning")]);
        work["requiredAbilities"] = json!([{"abilityId": ability, "minLevel": 2}]);
        let work: Value = app.post("/tasks", Some(&partner), &work).await.json().await.unwrap();
        let package: Value = app
            .post(
                "/task-packages",
                Some(&partner),
                &json!({"title": "Groen", "taskIds": [work["id"]], "positions": 1, "mentorName": "Henk"}),
            )
            .await
            .json()
            .await
            .unwrap();
        let path = format!("/task-packages/{}/candidates", package["id"].as_str().unwrap());

        let best = eligible(&app, &consultant, person(1, "Anna", 8, Some((&ability, 4)), &[])).await;
        let second = eligible(&app, &consultant, person(2, "Bram", 16, Some((&ability, 2)), &[])).await;
        let outdoors = eligible(&app, &consultant, person(3, "Cor", 8, Some((&ability, 4)), &["outdoor_work"])).await;
        let unskilled = eligible(&app, &consultant, person(4, "Dirk", 8, None, &[])).await;
        let few_hours = eligible(&app, &consultant, person(5, "Els", 2, Some((&ability, 4)), &[])).await;
        // Free on Monday but not on Tuesday, the package's second day.
        let mut monday = person(7, "Gijs", 8, Some((&ability, 4)), &["customer_contact"]);
        monday["availableDays"] = json!(["mon", "wed", "sun"]);
        let monday_only = eligible(&app, &consultant, monday).await;
        // Limitations the work does not ask for, and every day of the week: no exclusion.
        let mut free = person(8, "Hanna", 8, Some((&ability, 3)), &["night_work", "driving", "customer_contact"]);
        free["availableDays"] = json!(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]);
        let third = eligible(&app, &consultant, free).await;
        // Registered only: not yet in matching.
        let registered = app
            .post(
                "/candidates?confirmDuplicate=true",
                Some(&consultant),
                &person(6, "Fem", 8, Some((&ability, 4)), &[]),
            )
            .await;
        assert_eq!(registered.status(), StatusCode::CREATED);

        let ranked: Value = app.get(&path, Some(&consultant)).await.json().await.unwrap();
        let ids: Vec<&str> =
            ranked["items"].as_array().unwrap().iter().map(|c| c["candidateId"].as_str().unwrap()).collect();
        assert_eq!(ids.len(), 3, "{ranked}");
        assert_eq!(ids[0], best, "{ranked}");
        assert!(ids.contains(&second.as_str()) && ids.contains(&third.as_str()), "{ranked}");
        assert_eq!(ranked["totalItems"], 3);
        for entry in ranked["items"].as_array().unwrap() {
            let points: u64 =
                entry["explanation"]["factors"].as_array().unwrap().iter().map(|f| f["points"].as_u64().unwrap()).sum();
            assert_eq!(points, entry["score"].as_u64().unwrap(), "the points add up to the score");
            assert_eq!(entry["excluded"], false);
        }
        assert!(ranked["items"][0]["score"].as_u64() > ranked["items"][2]["score"].as_u64());

        let all: Value =
            app.get(&format!("{path}?includeExcluded=true"), Some(&consultant)).await.json().await.unwrap();
        let items = all["items"].as_array().unwrap();
        assert_eq!(items.len(), 7);
        let included: Vec<&str> =
            items.iter().filter(|c| c["excluded"] == false).map(|c| c["candidateId"].as_str().unwrap()).collect();
        assert_eq!(included, ids, "the SQL filter keeps exactly the pairs the fit does not exclude");
        let codes = |id: &str| -> Vec<String> {
            let entry = items.iter().find(|c| c["candidateId"] == id).unwrap();
            entry["explanation"]["hardExclusions"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["code"].as_str().unwrap().to_owned())
                .collect()
        };
        assert_eq!(codes(&outdoors), ["limitation"]);
        assert_eq!(codes(&unskilled), ["ability"]);
        assert_eq!(codes(&few_hours), ["hours"]);
        assert_eq!(codes(&monday_only), ["day"]);
        let reason = items.iter().find(|c| c["candidateId"] == unskilled).unwrap()["explanation"]["hardExclusions"][0]
            ["reason"]
            .clone();
        assert!(reason.as_str().unwrap().contains("Tuinieren"), "the reason names the ability: {reason}");

        // Every candidate returned is audited as read.
        let audit: Value =
            app.get(&format!("/audit-events?recordId={best}&action=read"), Some(&admin)).await.json().await.unwrap();
        assert!(
            audit["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["details"].as_str().unwrap_or("").starts_with("ranked for package"))
        );

        // The candidate's side: the open packages of the municipality, best first.
        let package_id = package["id"].as_str().unwrap();
        let none: Value =
            app.get(&format!("/candidates/{best}/packages"), Some(&consultant)).await.json().await.unwrap();
        assert_eq!(none["totalItems"], 0, "a draft package is not yet offered");
        let step = |to: &str, version: i32| json!({"to": to, "version": version, "reason": ""});
        let steps = [(&partner, "submitted", 1), (&consultant, "approved", 2), (&consultant, "open", 3)];
        for (token, to, version) in steps {
            let moved =
                app.post(&format!("/task-packages/{package_id}/transitions"), Some(token), &step(to, version)).await;
            assert_eq!(moved.status(), StatusCode::OK, "to {to}");
        }
        let offered: Value =
            app.get(&format!("/candidates/{best}/packages"), Some(&consultant)).await.json().await.unwrap();
        assert_eq!(offered["items"][0]["packageId"], package["id"]);
        assert_eq!(offered["items"][0]["organisationName"], "Groen Beijum");
        assert_eq!(offered["items"][0]["score"], ranked["items"][0]["score"], "the same fit from either side");
        let excluded: Value =
            app.get(&format!("/candidates/{outdoors}/packages"), Some(&consultant)).await.json().await.unwrap();
        assert_eq!(excluded["totalItems"], 0);
        let excluded: Value = app
            .get(&format!("/candidates/{outdoors}/packages?includeExcluded=true"), Some(&consultant))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(excluded["items"][0]["excluded"], true);

        // The candidate's own choice, recorded by staff.
        let prefs = format!("/candidates/{best}/preferences");
        let empty: Value = app.get(&prefs, Some(&consultant)).await.json().await.unwrap();
        assert_eq!((empty["version"].clone(), empty["packageIds"].clone()), (json!(0), json!([])));
        let twice =
            app.put(&prefs, Some(&consultant), &json!({"packageIds": [package_id, package_id], "version": 0})).await;
        let problem = assert_problem(twice, StatusCode::BAD_REQUEST, "validation_failed").await;
        assert_eq!(crate::helpers::field_names(&problem), ["packageIds[1]"]);
        let unknown = json!({"packageIds": ["0193f6a0-0000-7000-8000-000000000000"], "version": 0});
        let problem = assert_problem(
            app.put(&prefs, Some(&consultant), &unknown).await,
            StatusCode::BAD_REQUEST,
            "validation_failed",
        )
        .await;
        assert_eq!(crate::helpers::field_names(&problem), ["packageIds[0]"]);
        let saved = app.put(&prefs, Some(&consultant), &json!({"packageIds": [package_id], "version": 0})).await;
        assert_eq!(saved.status(), StatusCode::OK);
        let saved: Value = saved.json().await.unwrap();
        assert_eq!((saved["version"].clone(), saved["packageIds"].clone()), (json!(1), json!([package_id])));
        assert!(saved["recordedBy"].is_string() && saved["recordedAt"].is_string());
        let stale = app.put(&prefs, Some(&consultant), &json!({"packageIds": [], "version": 0})).await;
        assert_problem(stale, StatusCode::CONFLICT, "stale_version").await;
        let registered: Value = registered.json().await.unwrap();
        let not_yet = app
            .put(
                &format!("/candidates/{}/preferences", registered["id"].as_str().unwrap()),
                Some(&consultant),
                &json!({"packageIds": [package_id], "version": 0}),
            )
            .await;
        assert_problem(not_yet, StatusCode::CONFLICT, "not_in_matching").await;
        let copy: Value =
            app.get(&format!("/candidates/{best}/personal-data"), Some(&consultant)).await.json().await.unwrap();
        assert_eq!(copy["preferences"], json!([package_id]), "the GDPR copy holds the preferences");

        for role in [Role::JobCoach, Role::Finance, Role::Partner] {
            let token = app.token_for(role).await;
            assert_eq!(app.get(&path, Some(&token)).await.status(), StatusCode::FORBIDDEN, "{role:?}");
        }
        let unknown =
            app.get("/task-packages/0193f6a0-0000-7000-8000-000000000000/candidates", Some(&consultant)).await;
        assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    })
    .await;
}

#[tokio::test]
async fn the_hours_factor_uses_the_wished_hours_and_falls_back_to_the_available_hours() {
    on_each_database(async |app: TestApp| {
        let (hood, category) = reference(&app).await;
        let consultant = app.token_for(Role::Consultant).await;
        let organisation = app.create_organisation("Uren Beijum", "30000012").await;
        app.create_user("p.uren", Role::Partner, Some(organisation)).await;
        let partner = app.login("p.uren", PASSWORD).await;
        let work = task(&hood, &category, "Buurthuis", 16, &[("mon", "morning"), ("tue", "morning")]);
        let work: Value = app.post("/tasks", Some(&partner), &work).await.json().await.unwrap();
        let body = json!({"title": "Buurthuis", "taskIds": [work["id"]], "positions": 1, "mentorName": "Ria"});
        let package: Value = app.post("/task-packages", Some(&partner), &body).await.json().await.unwrap();
        let package = package["id"].as_str().unwrap().to_owned();
        for (token, to, version) in [(&partner, "submitted", 1), (&consultant, "approved", 2), (&consultant, "open", 3)]
        {
            let step = json!({"to": to, "version": version, "reason": ""});
            let moved = app.post(&format!("/task-packages/{package}/transitions"), Some(token), &step).await;
            assert_eq!(moved.status(), StatusCode::OK, "to {to}");
        }
        // Equal in everything but the wish: 32 available hours each.
        let wishing = |n: u32, first: &str, wish: Option<u8>| {
            let mut body = person(n, first, 32, None, &[]);
            body["wishedHoursPerWeek"] = json!(wish);
            body
        };
        let sixteen = eligible(&app, &consultant, wishing(11, "Anna", Some(16))).await;
        let thirty_two = eligible(&app, &consultant, wishing(12, "Bram", Some(32))).await;
        let no_wish = eligible(&app, &consultant, wishing(13, "Cor", None)).await;

        let ranked: Value =
            app.get(&format!("/task-packages/{package}/candidates"), Some(&consultant)).await.json().await.unwrap();
        let items = ranked["items"].as_array().unwrap();
        let entry =
            |id: &str| items.iter().find(|c| c["candidateId"] == id).unwrap_or_else(|| panic!("{id} in {ranked}"));
        let hours_points = |id: &str| {
            entry(id)["explanation"]["factors"].as_array().unwrap().iter().find(|f| f["code"] == "hours").unwrap()
                ["points"]
                .as_u64()
                .unwrap()
        };
        assert_eq!(
            items[0]["candidateId"],
            sixteen.as_str(),
            "the wish of 16 hours fits a 16-hour package best: {ranked}"
        );
        assert!(entry(&sixteen)["score"].as_u64() > entry(&thirty_two)["score"].as_u64(), "{ranked}");
        assert_eq!(
            (hours_points(&sixteen), hours_points(&thirty_two)),
            (15, 0),
            "weight 15: the whole weight, or none"
        );
        assert_eq!(
            entry(&no_wish)["score"],
            entry(&thirty_two)["score"],
            "without a wish the 32 available hours count"
        );

        // The candidate's side agrees.
        let packages: Value =
            app.get(&format!("/candidates/{sixteen}/packages"), Some(&consultant)).await.json().await.unwrap();
        assert_eq!(packages["items"][0]["score"], entry(&sixteen)["score"], "{packages}");
    })
    .await;
}

#[tokio::test]
async fn fit_weights_add_up_to_100_and_a_change_moves_the_scores() {
    on_each_database(async |app: TestApp| {
        let admin = app.admin_token().await;
        let consultant = app.token_for(Role::Consultant).await;
        let weights: Value = app.get("/fit-weights", Some(&consultant)).await.json().await.unwrap();
        assert_eq!(
            weights,
            json!({"abilities": 30, "categories": 20, "dreamJob": 10, "neighbourhood": 15, "hours": 15, "schedule": 10, "allowedHoursDeviation": 4, "version": 1})
        );
        let mut change = weights.clone();
        change["hours"] = json!(20);
        let refused = app.put("/fit-weights", Some(&admin), &change).await;
        let problem = assert_problem(refused, StatusCode::BAD_REQUEST, "validation_failed").await;
        assert!(problem.to_string().contains("105"), "{problem}");
        change["schedule"] = json!(5);
        let saved = app.put("/fit-weights", Some(&admin), &change).await;
        assert_eq!(saved.status(), StatusCode::OK);
        assert_eq!(saved.json::<Value>().await.unwrap()["version"], 2);
        let stale = app.put("/fit-weights", Some(&admin), &change).await;
        assert_problem(stale, StatusCode::CONFLICT, "stale_version").await;
        assert_eq!(app.put("/fit-weights", Some(&consultant), &change).await.status(), StatusCode::FORBIDDEN);
    })
    .await;
}

/// An open package of one position (one task, 8 hours on Monday and Tuesday mornings): its id.
async fn open_package(app: &TestApp, consultant: &str, positions: u16) -> String {
    let (hood, category) = reference(app).await;
    let organisation = app.create_organisation("Buurtbedrijf", "30000011").await;
    app.create_user("p.buurt", Role::Partner, Some(organisation)).await;
    let partner = app.login("p.buurt", PASSWORD).await;
    let work = task(&hood, &category, "Buurtconciërge", 8, &[("mon", "morning"), ("tue", "morning")]);
    let work: Value = app.post("/tasks", Some(&partner), &work).await.json().await.unwrap();
    let body = json!({"title": "Conciërge", "taskIds": [work["id"]], "positions": positions, "mentorName": "Ria"});
    let package: Value = app.post("/task-packages", Some(&partner), &body).await.json().await.unwrap();
    let id = package["id"].as_str().unwrap().to_owned();
    for (token, to, version) in
        [(&partner, "submitted", 1), (&consultant.to_owned(), "approved", 2), (&consultant.to_owned(), "open", 3)]
    {
        let step = json!({"to": to, "version": version, "reason": ""});
        let moved = app.post(&format!("/task-packages/{id}/transitions"), Some(token), &step).await;
        assert_eq!(moved.status(), StatusCode::OK, "to {to}");
    }
    id
}

async fn status_of(app: &TestApp, token: &str, path: &str) -> String {
    let body: Value = app.get(path, Some(token)).await.json().await.unwrap();
    body["status"].as_str().unwrap().to_owned()
}

/// Proposes and introduces a candidate: the match's id (at version 2).
async fn introduced(app: &TestApp, token: &str, candidate: &str, package: &str) -> String {
    let proposed = app.post("/matches", Some(token), &json!({"candidateId": candidate, "packageId": package})).await;
    assert_eq!(proposed.status(), StatusCode::CREATED);
    let id = proposed.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned();
    let step =
        app.post(&format!("/matches/{id}/transitions"), Some(token), &json!({"to": "introduced", "version": 1})).await;
    assert_eq!(step.status(), StatusCode::OK);
    id
}

fn trial(version: i32) -> Value {
    json!({"to": "trial_placement", "version": version, "trialStartDate": "2026-12-01", "trialEndDate": "2027-01-31"})
}

#[tokio::test]
async fn a_match_takes_a_position_and_moves_the_candidate_and_the_package_along() {
    on_each_database(async |app: TestApp| {
        let consultant = app.token_for(Role::Consultant).await;
        let package = open_package(&app, &consultant, 1).await;
        let anna = eligible(&app, &consultant, person(11, "Anna", 8, None, &[])).await;
        let bram = eligible(&app, &consultant, person(12, "Bram", 8, None, &[])).await;
        let created =
            app.post("/candidates?confirmDuplicate=true", Some(&consultant), &person(13, "Cor", 8, None, &[])).await;
        let cor = created.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned();

        let not_yet = app.post("/matches", Some(&consultant), &json!({"candidateId": cor, "packageId": package})).await;
        assert_problem(not_yet, StatusCode::CONFLICT, "not_in_matching").await;
        let proposed: Value = app
            .post("/matches", Some(&consultant), &json!({"candidateId": anna, "packageId": package}))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(proposed["stage"], "proposed");
        let again = app.post("/matches", Some(&consultant), &json!({"candidateId": anna, "packageId": package})).await;
        assert_problem(again, StatusCode::CONFLICT, "duplicate").await;
        let path = format!("/matches/{}/transitions", proposed["id"].as_str().unwrap());
        assert_problem(app.post(&path, Some(&consultant), &trial(1)).await, StatusCode::CONFLICT, "illegal_transition")
            .await;
        assert_eq!(
            app.post(&path, Some(&consultant), &json!({"to": "introduced", "version": 1})).await.status(),
            StatusCode::OK
        );
        let no_dates = app.post(&path, Some(&consultant), &json!({"to": "trial_placement", "version": 2})).await;
        let problem = assert_problem(no_dates, StatusCode::BAD_REQUEST, "validation_failed").await;
        assert_eq!(crate::helpers::field_names(&problem), ["trialStartDate", "trialEndDate"]);
        let second = introduced(&app, &consultant, &bram, &package).await;
        let placed: Value = app.post(&path, Some(&consultant), &trial(2)).await.json().await.unwrap();
        assert_eq!((placed["stage"].clone(), placed["positionNumber"].clone()), (json!("trial_placement"), json!(1)));
        assert_eq!(status_of(&app, &consultant, &format!("/candidates/{anna}")).await, "matched");
        assert_eq!(status_of(&app, &consultant, &format!("/task-packages/{package}")).await, "filled");

        // The one position is taken: Bram's step fails and changes nothing; a filled package takes no proposals.
        let filled = app.post("/matches", Some(&consultant), &json!({"candidateId": bram, "packageId": package})).await;
        assert_problem(filled, StatusCode::CONFLICT, "illegal_transition").await;
        let full = app.post(&format!("/matches/{second}/transitions"), Some(&consultant), &trial(2)).await;
        assert_eq!(full.status(), StatusCode::CONFLICT);
        assert_eq!(status_of(&app, &consultant, &format!("/candidates/{bram}")).await, "eligible");
        let bram_match: Value = app.get(&format!("/matches/{second}"), Some(&consultant)).await.json().await.unwrap();
        assert_eq!(bram_match["stage"], "introduced");

        // Anna declines: the position is free again, Anna is back in matching, the package open.
        let no_who =
            app.post(&path, Some(&consultant), &json!({"to": "declined", "version": 3, "reason": "Past niet"})).await;
        assert_problem(no_who, StatusCode::BAD_REQUEST, "validation_failed").await;
        let decline =
            json!({"to": "declined", "version": 3, "declinedBy": "candidate", "reason": "Wil toch ander werk"});
        let declined: Value = app.post(&path, Some(&consultant), &decline).await.json().await.unwrap();
        assert_eq!(
            (declined["stage"].clone(), declined["declinedBy"].clone()),
            (json!("declined"), json!("candidate"))
        );
        assert_eq!(status_of(&app, &consultant, &format!("/candidates/{anna}")).await, "eligible");
        assert_eq!(status_of(&app, &consultant, &format!("/task-packages/{package}")).await, "open");
        let placed = app.post(&format!("/matches/{second}/transitions"), Some(&consultant), &trial(2)).await;
        assert_eq!(placed.status(), StatusCode::OK);

        let listed: Value =
            app.get(&format!("/matches?packageId={package}"), Some(&consultant)).await.json().await.unwrap();
        assert_eq!(listed["totalItems"], 2);
        let placed: Value = app.get("/matches?stage=trial_placement", Some(&consultant)).await.json().await.unwrap();
        assert_eq!(placed["items"][0]["candidateId"], json!(bram));
        for role in [Role::Finance, Role::Monitor] {
            let token = app.token_for(role).await;
            assert_eq!(app.get("/matches", Some(&token)).await.status(), StatusCode::FORBIDDEN, "{role:?}");
        }
    })
    .await;
}

#[tokio::test]
async fn a_partner_reads_its_own_introduced_matches_with_first_name_and_hours_only_and_declines_them() {
    on_each_database(async |app: TestApp| {
        let consultant = app.token_for(Role::Consultant).await;
        let admin = app.admin_token().await;
        // `open_package` makes the partner p.buurt of the package's organisation.
        let package = open_package(&app, &consultant, 2).await;
        let partner = app.login("p.buurt", PASSWORD).await;
        let other_organisation = app.create_organisation("Ander bedrijf", "30000031").await;
        app.create_user("p.ander", Role::Partner, Some(other_organisation)).await;
        let other = app.login("p.ander", PASSWORD).await;
        let job_coach = app.token_for(Role::JobCoach).await;
        let anna = eligible(&app, &consultant, person(51, "Anna", 12, None, &[])).await;
        let bram = eligible(&app, &consultant, person(52, "Bram", 8, None, &[])).await;

        let proposed: Value = app
            .post("/matches", Some(&consultant), &json!({"candidateId": bram, "packageId": package}))
            .await
            .json()
            .await
            .unwrap();
        let proposed_path = format!("/matches/{}", proposed["id"].as_str().unwrap());
        let introduced = introduced(&app, &consultant, &anna, &package).await;
        let path = format!("/matches/{introduced}");

        let listed: Value = app.get("/matches", Some(&partner)).await.json().await.unwrap();
        assert_eq!(listed["totalItems"], 1, "a proposal is not yet the partner's to see: {listed}");
        let seen = &listed["items"][0];
        assert_eq!(seen["id"], json!(introduced));
        assert_eq!(seen["candidateName"], "Anna", "the first name only");
        assert_eq!(seen["candidateHours"], 12);
        assert_eq!(seen["score"], Value::Null);
        let staff: Value = app.get(&path, Some(&consultant)).await.json().await.unwrap();
        assert_eq!(staff["candidateName"], "Anna Jansen");
        assert_eq!(app.get(&path, Some(&partner)).await.status(), StatusCode::OK);
        assert_eq!(app.get(&proposed_path, Some(&partner)).await.status(), StatusCode::NOT_FOUND);
        for token in [&other, &job_coach] {
            let none: Value = app.get("/matches", Some(token)).await.json().await.unwrap();
            assert_eq!(none["totalItems"], 0, "another organisation, or a job coach without a caseload");
            assert_eq!(app.get(&path, Some(token)).await.status(), StatusCode::NOT_FOUND);
        }
        let audit: Value =
            app.get(&format!("/audit-events?recordId={anna}&action=read"), Some(&admin)).await.json().await.unwrap();
        assert!(
            audit["items"].as_array().unwrap().iter().any(|e| e["actorName"] == "p.buurt"),
            "the partner's read is audited with the candidate: {audit}"
        );

        // The partner declines for its organisation, with a reason; nothing else.
        let steps = format!("{path}/transitions");
        let forward = app.post(&steps, Some(&partner), &trial(2)).await;
        assert_problem(forward, StatusCode::CONFLICT, "illegal_transition").await;
        let no_reason = app.post(&steps, Some(&partner), &json!({"to": "declined", "version": 2})).await;
        let problem = assert_problem(no_reason, StatusCode::BAD_REQUEST, "validation_failed").await;
        assert_eq!(crate::helpers::field_names(&problem), ["reason"]);
        let for_candidate = json!({"to": "declined", "declinedBy": "candidate", "reason": "Geen klik", "version": 2});
        assert_eq!(app.post(&steps, Some(&partner), &for_candidate).await.status(), StatusCode::BAD_REQUEST);
        let refused = app.post(&steps, Some(&other), &json!({"to": "declined", "reason": "x", "version": 2})).await;
        assert_eq!(refused.status(), StatusCode::NOT_FOUND);
        let reject = json!({"to": "declined", "reason": "Geen plek in het rooster", "version": 2});
        let declined: Value = app.post(&steps, Some(&partner), &reject).await.json().await.unwrap();
        assert_eq!(
            (declined["stage"].clone(), declined["declinedBy"].clone(), declined["candidateName"].clone()),
            (json!("declined"), json!("organisation"), json!("Anna"))
        );
        let still: Value = app.get(&path, Some(&partner)).await.json().await.unwrap();
        assert_eq!(still["declineReason"], "Geen plek in het rooster", "a match it declined stays readable");
        let bram_step = app
            .post(
                &format!("{proposed_path}/transitions"),
                Some(&partner),
                &json!({"to": "declined", "reason": "x", "version": 1}),
            )
            .await;
        assert_eq!(bram_step.status(), StatusCode::NOT_FOUND, "a proposal is not the partner's");
        assert_eq!(app.post("/matches", Some(&partner), &json!({})).await.status(), StatusCode::FORBIDDEN);
    })
    .await;
}

#[tokio::test]
async fn twenty_concurrent_steps_to_trial_placement_for_one_position_give_exactly_one_placement() {
    on_each_database(async |app: TestApp| {
        let consultant = app.token_for(Role::Consultant).await;
        let package = open_package(&app, &consultant, 1).await;
        let mut matches = Vec::new();
        for n in 0..20 {
            let candidate = eligible(&app, &consultant, person(100 + n, "Kandidaat", 8, None, &[])).await;
            matches.push(introduced(&app, &consultant, &candidate, &package).await);
        }
        let steps = matches.iter().map(|id| {
            let (app, token) = (&app, consultant.clone());
            async move { app.post(&format!("/matches/{id}/transitions"), Some(&token), &trial(2)).await.status() }
        });
        let statuses: Vec<StatusCode> = futures_util::future::join_all(steps).await;
        let placed = statuses.iter().filter(|s| **s == StatusCode::OK).count();
        assert_eq!(placed, 1, "{statuses:?}");
        assert!(statuses.iter().all(|s| *s == StatusCode::OK || *s == StatusCode::CONFLICT), "{statuses:?}");
        let held: Value = app
            .get(&format!("/matches?packageId={package}&stage=trial_placement"), Some(&consultant))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(held["totalItems"], 1);
        let matched: Value = app.get("/candidates?status=matched", Some(&consultant)).await.json().await.unwrap();
        assert_eq!(matched["totalItems"], 1, "exactly one candidate moved to matched");
        assert_eq!(status_of(&app, &consultant, &format!("/task-packages/{package}")).await, "filled");
    })
    .await;
}

/// An open package of `positions` positions with one task of 8 hours on Monday morning that requires
/// `ability` at level 1 or more: its id.
async fn open_package_requiring(
    app: &TestApp,
    (partner, consultant): (&str, &str),
    (hood, category, ability): (&str, &str, &str),
    title: &str,
    positions: u16,
) -> String {
    let mut work = task(hood, category, title, 8, &[("mon", "morning")]);
    work["requiredAbilities"] = json!([{"abilityId": ability, "minLevel": 1}]);
    let work: Value = app.post("/tasks", Some(partner), &work).await.json().await.unwrap();
    let body = json!({"title": title, "taskIds": [work["id"]], "positions": positions, "mentorName": "Ria"});
    let package = app.post("/task-packages", Some(partner), &body).await;
    assert_eq!(package.status(), StatusCode::CREATED, "{}", package.text().await.unwrap());
    let id = package.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned();
    for (token, to, version) in [(partner, "submitted", 1), (consultant, "approved", 2), (consultant, "open", 3)] {
        let step = json!({"to": to, "version": version, "reason": ""});
        let moved = app.post(&format!("/task-packages/{id}/transitions"), Some(token), &step).await;
        assert_eq!(moved.status(), StatusCode::OK, "to {to}");
    }
    id
}

/// The round's proposals as (candidate, package) pairs, by candidate.
fn proposed(round: &Value) -> Vec<(String, String)> {
    round["proposals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["candidateId"].as_str().unwrap().to_owned(), p["packageId"].as_str().unwrap().to_owned()))
        .collect()
}

/// The score of a pair in the round's inputs (`None`: not acceptable).
fn pair_score(round: &Value, candidate: &str, package: &str) -> Option<u64> {
    round["inputs"]["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["candidateId"] == candidate && p["packageId"] == package)
        .map(|p| p["score"].as_u64().unwrap())
}

/// The highest total score of any assignment of the round's pairs (every package has one position): by
/// brute force over each candidate's choice of a package or none.
fn best_total(round: &Value) -> u64 {
    let candidates: Vec<String> = round["inputs"]["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect();
    let packages: Vec<String> =
        round["inputs"]["packages"].as_array().unwrap().iter().map(|p| p["id"].as_str().unwrap().to_owned()).collect();
    fn search(round: &Value, candidates: &[String], packages: &[String], taken: &mut Vec<bool>) -> u64 {
        let Some((first, rest)) = candidates.split_first() else { return 0 };
        let mut best = search(round, rest, packages, taken);
        for (p, package) in packages.iter().enumerate() {
            if let (false, Some(score)) = (taken[p], pair_score(round, first, package)) {
                taken[p] = true;
                best = best.max(score + search(round, rest, packages, taken));
                taken[p] = false;
            }
        }
        best
    }
    search(round, &candidates, &packages, &mut vec![false; packages.len()])
}

async fn rounds_and_matches(app: &TestApp, token: &str) -> (Value, Value) {
    let rounds: Value = app.get("/matching-rounds", Some(token)).await.json().await.unwrap();
    let matches: Value = app.get("/matches", Some(token)).await.json().await.unwrap();
    (rounds["totalItems"].clone(), matches["totalItems"].clone())
}

#[tokio::test]
async fn a_stable_round_gives_the_candidate_optimal_stable_matching_and_an_optimal_round_the_best_total() {
    on_each_database(async |app: TestApp| {
        let (hood, category) = reference(&app).await;
        let admin = app.admin_token().await;
        let consultant = app.token_for(Role::Consultant).await;
        let ability: Value =
            app.post("/abilities", Some(&admin), &json!({"name": "Schoonmaken"})).await.json().await.unwrap();
        let ability = ability["id"].as_str().unwrap().to_owned();
        let organisation = app.create_organisation("Buurtwerk", "30000021").await;
        app.create_user("p.buurtwerk", Role::Partner, Some(organisation)).await;
        let partner = app.login("p.buurtwerk", PASSWORD).await;
        let tokens = (partner.as_str(), consultant.as_str());
        let refs = (hood.as_str(), category.as_str(), ability.as_str());
        let p1 = open_package_requiring(&app, tokens, refs, "Schoonmaak buurthuis", 1).await;
        let p2 = open_package_requiring(&app, tokens, refs, "Schoonmaak sporthal", 1).await;
        // The same work, so each candidate scores the same for both; the ability levels order the candidates.
        let a = eligible(&app, &consultant, person(31, "Anna", 8, Some((&ability, 4)), &[])).await;
        let b = eligible(&app, &consultant, person(32, "Bram", 8, Some((&ability, 2)), &[])).await;
        let c = eligible(&app, &consultant, person(33, "Cor", 8, Some((&ability, 3)), &[])).await;
        // Hard-excluded for both: no ability.
        let d = eligible(&app, &consultant, person(34, "Dirk", 8, None, &[])).await;
        for (who, list) in [(&a, vec![&p1, &p2]), (&b, vec![&p1, &p2]), (&c, vec![&p2])] {
            let saved = app
                .put(
                    &format!("/candidates/{who}/preferences"),
                    Some(&consultant),
                    &json!({"packageIds": list, "version": 0}),
                )
                .await;
            assert_eq!(saved.status(), StatusCode::OK);
        }

        let created = app.post("/matching-rounds", Some(&consultant), &json!({"algorithm": "stable"})).await;
        assert_eq!(created.status(), StatusCode::CREATED, "{}", created.text().await.unwrap());
        let round: Value = created.json().await.unwrap();
        assert_eq!(round["algorithm"], "stable");
        let mut everyone = vec![a.clone(), b.clone(), c.clone(), d.clone()];
        everyone.sort();
        let ids: Vec<&str> =
            round["inputs"]["candidates"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap()).collect();
        assert_eq!(ids, everyone, "omitted candidateIds: every eligible candidate in scope");
        let prefs_of = |who: &str| {
            round["inputs"]["candidates"].as_array().unwrap().iter().find(|c| c["id"] == who).unwrap()["preferences"]
                .clone()
        };
        assert_eq!(prefs_of(&c), json!([p2]));
        assert_eq!(round["inputs"]["packages"].as_array().unwrap().len(), 2);
        assert!(round["inputs"]["packages"].as_array().unwrap().iter().all(|p| p["positions"] == 1));
        assert_eq!(round["inputs"]["pairCount"], 6, "three candidates x two packages; Dirk is excluded");
        assert_eq!(round["inputs"]["pairsInline"], true);
        assert_eq!(pair_score(&round, &d, &p1), None);
        let (sa, sb, sc) = (pair_score(&round, &a, &p1), pair_score(&round, &b, &p1), pair_score(&round, &c, &p2));
        assert!(sa > sc && sc > sb && sb.is_some(), "the hand-made instance: Anna > Cor > Bram ({sa:?} {sc:?} {sb:?})");
        // Deferred acceptance: Anna and Bram propose to P1, which keeps Anna; Bram goes on to P2, which
        // keeps him until Cor (better at P2) proposes. Bram has no choice left.
        let mut expected = vec![(a.clone(), p1.clone()), (c.clone(), p2.clone())];
        expected.sort();
        assert_eq!(proposed(&round), expected);
        for proposal in round["proposals"].as_array().unwrap() {
            assert_eq!(proposal["stage"], "proposed");
            let score =
                pair_score(&round, proposal["candidateId"].as_str().unwrap(), proposal["packageId"].as_str().unwrap());
            assert_eq!(proposal["score"].as_u64(), score, "a proposal carries the score the algorithm used");
            let m: Value = app
                .get(&format!("/matches/{}", proposal["matchId"].as_str().unwrap()), Some(&consultant))
                .await
                .json()
                .await
                .unwrap();
            assert_eq!(
                (m["stage"].clone(), m["candidateId"].clone()),
                (json!("proposed"), proposal["candidateId"].clone())
            );
        }
        let id = round["id"].as_str().unwrap();
        let read: Value = app.get(&format!("/matching-rounds/{id}"), Some(&consultant)).await.json().await.unwrap();
        assert_eq!(read, round, "the round reads back as it was answered");
        let pairs: Value =
            app.get(&format!("/matching-rounds/{id}/pairs?pageSize=4"), Some(&consultant)).await.json().await.unwrap();
        assert_eq!((pairs["totalItems"].clone(), pairs["items"].as_array().unwrap().len()), (json!(6), 4));
        let audit: Value =
            app.get(&format!("/audit-events?recordId={b}&action=read"), Some(&admin)).await.json().await.unwrap();
        let details: Vec<&str> =
            audit["items"].as_array().unwrap().iter().filter_map(|e| e["details"].as_str()).collect();
        assert!(
            details.contains(&format!("matching round {id}").as_str()),
            "a round read is audited per candidate: {details:?}"
        );
        let listed: Value = app.get("/matching-rounds", Some(&consultant)).await.json().await.unwrap();
        assert_eq!(listed["items"][0]["id"], round["id"]);
        assert_eq!(
            (listed["items"][0]["proposalCount"].clone(), listed["items"][0]["pairCount"].clone()),
            (json!(2), json!(6))
        );

        // Staff reject both proposals; the optimal round then maximises the total, and preferences break
        // its tie (Anna listed P1 first, Cor only P2).
        for proposal in round["proposals"].as_array().unwrap() {
            let reject = json!({"to": "declined", "declinedBy": "staff", "reason": "Andere ronde", "version": 1});
            let path = format!("/matches/{}/transitions", proposal["matchId"].as_str().unwrap());
            assert_eq!(app.post(&path, Some(&consultant), &reject).await.status(), StatusCode::OK);
        }
        let body = json!({"algorithm": "optimal", "packageIds": [p2, p1], "candidateIds": [c, b, a]});
        let created = app.post("/matching-rounds", Some(&consultant), &body).await;
        assert_eq!(created.status(), StatusCode::CREATED);
        let optimal: Value = created.json().await.unwrap();
        let total: u64 = optimal["proposals"].as_array().unwrap().iter().map(|p| p["score"].as_u64().unwrap()).sum();
        assert_eq!(total, best_total(&optimal), "the optimal round reaches the brute-force best total");
        assert_eq!(proposed(&optimal), expected, "equal totals: the candidates' preferences decide");

        // Accepting a proposal is the step to `introduced`; a placement moves the candidate along.
        let anna = optimal["proposals"].as_array().unwrap().iter().find(|p| p["candidateId"] == a).unwrap();
        let path = format!("/matches/{}/transitions", anna["matchId"].as_str().unwrap());
        let accepted =
            app.post(&path, Some(&consultant), &json!({"to": "introduced", "version": anna["version"]})).await;
        assert_eq!(accepted.status(), StatusCode::OK);
        assert_eq!(app.post(&path, Some(&consultant), &trial(2)).await.status(), StatusCode::OK);
        assert_eq!(status_of(&app, &consultant, &format!("/candidates/{a}")).await, "matched");
        assert_eq!(status_of(&app, &consultant, &format!("/task-packages/{p1}")).await, "filled");
        let again: Value = app
            .get(&format!("/matching-rounds/{}", optimal["id"].as_str().unwrap()), Some(&consultant))
            .await
            .json()
            .await
            .unwrap();
        let stage =
            again["proposals"].as_array().unwrap().iter().find(|p| p["candidateId"] == a).unwrap()["stage"].clone();
        assert_eq!(stage, "trial_placement", "a round shows where its proposals are now");

        // The copy of a candidate's data holds the rounds it took part in.
        let copy: Value =
            app.get(&format!("/candidates/{c}/personal-data"), Some(&consultant)).await.json().await.unwrap();
        assert_eq!(copy["matchingRounds"].as_array().unwrap().len(), 2);
        assert_eq!(copy["matchingRounds"][0]["preferences"], json!([p2]));

        for role in [Role::JobCoach, Role::Finance, Role::Monitor] {
            let token = app.token_for(role).await;
            assert_eq!(app.get("/matching-rounds", Some(&token)).await.status(), StatusCode::FORBIDDEN, "{role:?}");
            let refused = app.post("/matching-rounds", Some(&token), &json!({"algorithm": "stable"})).await;
            assert_eq!(refused.status(), StatusCode::FORBIDDEN, "{role:?}");
        }
    })
    .await;
}

#[tokio::test]
async fn a_round_with_bad_input_or_too_large_answers_400_naming_the_field_and_writes_nothing() {
    on_each_database(async |app: TestApp| {
        let (hood, category) = reference(&app).await;
        let admin = app.admin_token().await;
        let consultant = app.token_for(Role::Consultant).await;
        let ability: Value =
            app.post("/abilities", Some(&admin), &json!({"name": "Schilderen"})).await.json().await.unwrap();
        let ability = ability["id"].as_str().unwrap().to_owned();
        let organisation = app.create_organisation("Verfwerk", "30000022").await;
        app.create_user("p.verfwerk", Role::Partner, Some(organisation)).await;
        let partner = app.login("p.verfwerk", PASSWORD).await;
        let open =
            open_package_requiring(&app, (&partner, &consultant), (&hood, &category, &ability), "Schilderwerk", 1)
                .await;
        let mut draft = task(&hood, &category, "Hekwerk", 4, &[("tue", "morning")]);
        draft["requiredAbilities"] = json!([]);
        let draft: Value = app.post("/tasks", Some(&partner), &draft).await.json().await.unwrap();
        let draft: Value = app
            .post(
                "/task-packages",
                Some(&partner),
                &json!({"title": "Hekken", "taskIds": [draft["id"]], "positions": 1, "mentorName": "Ria"}),
            )
            .await
            .json()
            .await
            .unwrap();
        let draft = draft["id"].as_str().unwrap().to_owned();
        let ready = eligible(&app, &consultant, person(41, "Anna", 8, Some((&ability, 3)), &[])).await;
        let registered: Value = app
            .post(
                "/candidates?confirmDuplicate=true",
                Some(&consultant),
                &person(42, "Bram", 8, Some((&ability, 3)), &[]),
            )
            .await
            .json()
            .await
            .unwrap();
        let registered = registered["id"].as_str().unwrap().to_owned();
        let unknown = "0193f6a0-0000-7000-8000-000000000000";
        let before = rounds_and_matches(&app, &consultant).await;

        for (body, fields) in [
            (json!({"algorithm": "greedy"}), vec!["algorithm"]),
            (json!({}), vec!["algorithm"]),
            (json!({"algorithm": "stable", "packageIds": []}), vec!["packageIds"]),
            (json!({"algorithm": "stable", "candidateIds": []}), vec!["candidateIds"]),
            (
                json!({"algorithm": "stable", "packageIds": [open, unknown, draft, open]}),
                vec!["packageIds[1]", "packageIds[2]", "packageIds[3]"],
            ),
            (
                json!({"algorithm": "optimal", "candidateIds": [ready, registered, unknown]}),
                vec!["candidateIds[1]", "candidateIds[2]"],
            ),
        ] {
            let refused = app.post("/matching-rounds", Some(&consultant), &body).await;
            let problem = assert_problem(refused, StatusCode::BAD_REQUEST, "validation_failed").await;
            let mut named = crate::helpers::field_names(&problem);
            named.sort();
            let mut fields: Vec<String> = fields.into_iter().map(str::to_owned).collect();
            fields.sort();
            assert_eq!(named, fields, "{body}");
        }
        let many: Vec<String> = (0..5001).map(|_| uuid::Uuid::now_v7().to_string()).collect();
        let too_large = app
            .post("/matching-rounds", Some(&consultant), &json!({"algorithm": "stable", "candidateIds": many}))
            .await;
        assert_problem(too_large, StatusCode::BAD_REQUEST, "round_too_large").await;
        // 1,001 free positions: ten packages of 100 and the one open already.
        for n in 0..10 {
            let mut work = task(&hood, &category, &format!("Schilderploeg {n}"), 4, &[("fri", "morning")]);
            work["requiredAbilities"] = json!([]);
            let work: Value = app.post("/tasks", Some(&partner), &work).await.json().await.unwrap();
            let body =
                json!({"title": format!("Ploeg {n}"), "taskIds": [work["id"]], "positions": 100, "mentorName": "Ria"});
            let package: Value = app.post("/task-packages", Some(&partner), &body).await.json().await.unwrap();
            let id = package["id"].as_str().unwrap().to_owned();
            for (token, to, version) in
                [(&partner, "submitted", 1), (&consultant, "approved", 2), (&consultant, "open", 3)]
            {
                let step = json!({"to": to, "version": version, "reason": ""});
                let moved = app.post(&format!("/task-packages/{id}/transitions"), Some(token), &step).await;
                assert_eq!(moved.status(), StatusCode::OK, "to {to}");
            }
        }
        let too_many_positions =
            app.post("/matching-rounds", Some(&consultant), &json!({"algorithm": "optimal"})).await;
        assert_problem(too_many_positions, StatusCode::BAD_REQUEST, "round_too_large").await;
        assert_eq!(rounds_and_matches(&app, &consultant).await, before, "nothing written");

        // A round with nobody to propose is a round all the same, with no proposals.
        let quiet = app
            .post("/matching-rounds", Some(&consultant), &json!({"algorithm": "stable", "packageIds": [open]}))
            .await;
        assert_eq!(quiet.status(), StatusCode::CREATED);
        let quiet: Value = quiet.json().await.unwrap();
        assert_eq!(quiet["proposals"], json!([]), "Anna listed no preferences");
        assert_eq!(quiet["inputs"]["pairCount"], 1);
    })
    .await;
}

#[tokio::test]
async fn concurrent_rounds_never_propose_a_candidate_twice_for_one_package() {
    on_each_database(async |app: TestApp| {
        let (hood, category) = reference(&app).await;
        let admin = app.admin_token().await;
        let consultant = app.token_for(Role::Consultant).await;
        let ability: Value =
            app.post("/abilities", Some(&admin), &json!({"name": "Koken"})).await.json().await.unwrap();
        let ability = ability["id"].as_str().unwrap().to_owned();
        let organisation = app.create_organisation("Buurtkeuken", "30000041").await;
        app.create_user("p.keuken", Role::Partner, Some(organisation)).await;
        let partner = app.login("p.keuken", PASSWORD).await;
        let package =
            open_package_requiring(&app, (&partner, &consultant), (&hood, &category, &ability), "Buurtkeuken", 2).await;
        for n in 0..3 {
            let who = eligible(&app, &consultant, person(61 + n, "Kok", 8, Some((&ability, 2)), &[])).await;
            let body = json!({"packageIds": [package], "version": 0});
            let saved = app.put(&format!("/candidates/{who}/preferences"), Some(&consultant), &body).await;
            assert_eq!(saved.status(), StatusCode::OK);
        }
        let runs = (0..5).map(|_| {
            let (app, token) = (&app, consultant.clone());
            async move { app.post("/matching-rounds", Some(&token), &json!({"algorithm": "stable"})).await.status() }
        });
        let statuses: Vec<StatusCode> = futures_util::future::join_all(runs).await;
        assert!(statuses.iter().all(|s| *s == StatusCode::CREATED || *s == StatusCode::CONFLICT), "{statuses:?}");
        assert!(statuses.contains(&StatusCode::CREATED), "{statuses:?}");
        let live: Value = app
            .get(&format!("/matches?packageId={package}&stage=proposed"), Some(&consultant))
            .await
            .json()
            .await
            .unwrap();
        let mut candidates: Vec<&str> =
            live["items"].as_array().unwrap().iter().map(|m| m["candidateId"].as_str().unwrap()).collect();
        let proposed = candidates.len();
        candidates.sort();
        candidates.dedup();
        assert_eq!(candidates.len(), proposed, "each candidate proposed once for the package: {live}");
        assert!(proposed >= 2, "the first round proposed two of the three: {live}");
    })
    .await;
}

#[tokio::test]
async fn preferences_stay_as_a_round_used_them_until_its_proposal_is_decided() {
    on_each_database(async |app: TestApp| {
        let (hood, category) = reference(&app).await;
        let admin = app.admin_token().await;
        let consultant = app.token_for(Role::Consultant).await;
        let ability: Value =
            app.post("/abilities", Some(&admin), &json!({"name": "Koken"})).await.json().await.unwrap();
        let ability = ability["id"].as_str().unwrap().to_owned();
        let organisation = app.create_organisation("Buurtkeuken", "30000031").await;
        app.create_user("p.keuken", Role::Partner, Some(organisation)).await;
        let partner = app.login("p.keuken", PASSWORD).await;
        let tokens = (partner.as_str(), consultant.as_str());
        let refs = (hood.as_str(), category.as_str(), ability.as_str());
        let p1 = open_package_requiring(&app, tokens, refs, "Koken buurthuis", 1).await;
        let p2 = open_package_requiring(&app, tokens, refs, "Koken school", 1).await;
        let anna = eligible(&app, &consultant, person(41, "Anna", 8, Some((&ability, 3)), &[])).await;
        // Bram recorded no preferences: an optimal round proposes him without using a list of his.
        let bram = eligible(&app, &consultant, person(42, "Bram", 8, Some((&ability, 3)), &[])).await;
        let prefs = format!("/candidates/{anna}/preferences");
        let saved = app.put(&prefs, Some(&consultant), &json!({"packageIds": [p1, p2], "version": 0})).await;
        assert_eq!(saved.status(), StatusCode::OK);

        let body = json!({"algorithm": "optimal", "candidateIds": [anna, bram]});
        let created = app.post("/matching-rounds", Some(&consultant), &body).await;
        assert_eq!(created.status(), StatusCode::CREATED, "{}", created.text().await.unwrap());
        let round: Value = created.json().await.unwrap();
        assert_eq!(round["proposals"].as_array().unwrap().len(), 2, "both proposed: {}", round["proposals"]);
        let read: Value = app.get(&prefs, Some(&consultant)).await.json().await.unwrap();
        assert_eq!(read["lockedByRound"], round["id"], "the list says which round holds it");

        // While the round's proposal for Anna is undecided her list stays as the round used it.
        let change = json!({"packageIds": [p2], "version": 1});
        let refused = assert_problem(
            app.put(&prefs, Some(&consultant), &change).await,
            StatusCode::CONFLICT,
            "preferences_in_round",
        )
        .await;
        assert!(refused["detail"].as_str().unwrap().contains("Matchingronde"), "in Dutch by default: {refused}");
        let english = app
            .client
            .put(app.url(&prefs))
            .bearer_auth(&consultant)
            .header("Accept-Language", "en")
            .json(&change)
            .send()
            .await
            .unwrap();
        let english = assert_problem(english, StatusCode::CONFLICT, "preferences_in_round").await;
        assert!(english["detail"].as_str().unwrap().contains("matching round used"), "in English: {english}");
        let unchanged: Value = app.get(&prefs, Some(&consultant)).await.json().await.unwrap();
        assert_eq!((unchanged["packageIds"].clone(), unchanged["version"].clone()), (json!([p1, p2]), json!(1)));
        // Bram's proposal holds no list of his: his first list is recorded at once.
        let bram_prefs = format!("/candidates/{bram}/preferences");
        let first = app.put(&bram_prefs, Some(&consultant), &json!({"packageIds": [p1], "version": 0})).await;
        assert_eq!(first.status(), StatusCode::OK, "{}", first.text().await.unwrap());
        let bram_read: Value = app.get(&bram_prefs, Some(&consultant)).await.json().await.unwrap();
        assert_eq!(bram_read["lockedByRound"], Value::Null);

        // Once staff decide the proposal, a new version may be recorded; the round keeps its own copy.
        let proposal = round["proposals"].as_array().unwrap().iter().find(|p| p["candidateId"] == anna).unwrap();
        let path = format!("/matches/{}/transitions", proposal["matchId"].as_str().unwrap());
        let accepted = app.post(&path, Some(&consultant), &json!({"to": "introduced", "version": 1})).await;
        assert_eq!(accepted.status(), StatusCode::OK);
        let changed = app.put(&prefs, Some(&consultant), &change).await;
        assert_eq!(changed.status(), StatusCode::OK, "{}", changed.text().await.unwrap());
        let changed: Value = changed.json().await.unwrap();
        assert_eq!((changed["packageIds"].clone(), changed["version"].clone()), (json!([p2]), json!(2)));
        assert_eq!(changed["lockedByRound"], Value::Null);
        let again: Value = app
            .get(&format!("/matching-rounds/{}", round["id"].as_str().unwrap()), Some(&consultant))
            .await
            .json()
            .await
            .unwrap();
        let used = again["inputs"]["candidates"].as_array().unwrap().iter().find(|c| c["id"] == anna).unwrap();
        assert_eq!(used["preferences"], json!([p1, p2]), "the round keeps the list it used");
    })
    .await;
}
