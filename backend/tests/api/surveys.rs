//! Experience surveys (issue 12 item 6): when they are due, who enters and reads them, bad input, the GDPR
//! copy and erasure. The server's clock is fixed on 15 September 2026.

use reqwest::StatusCode;
use serde_json::{Value, json};
use shared::auth::Role;

use crate::contracts::{eligible, match_at, open_package, step};
use crate::helpers::{TestApp, assert_problem, field_names, on_each_database_with};

const TODAY: &str = "2026-09-15";

fn fixed(config: &mut backend::config::Config) {
    config.fixed_now = Some(format!("{TODAY}T10:00:00Z").parse().unwrap());
}

/// A signed contract starting on 10 June 2026 for a fresh candidate on a fresh package: (contract id,
/// candidate id, partner token, organisation id).
async fn signed_contract(app: &TestApp, consultant: &str, n: u32, kvk: &str) -> (String, String, String, String) {
    let (package, partner, organisation) = open_package(app, consultant, kvk).await;
    let candidate = eligible(app, consultant, n, "Sanne").await;
    let placement = match_at(app, consultant, &candidate, &package, "agreed").await;
    let body = json!({
        "matchId": placement, "startDate": "2026-06-10", "endDate": "2027-06-09", "hoursPerWeek": 32,
        "payScale": "Schaal 2", "hourlyWage": "14.50"
    });
    let created = app.post("/contracts", Some(consultant), &body).await;
    assert_eq!(created.status(), StatusCode::CREATED, "{}", created.text().await.unwrap());
    let id = created.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned();
    assert_eq!(step(app, consultant, &id, json!({"to": "signed", "version": 1})).await.status(), StatusCode::OK);
    (id, candidate, partner, organisation)
}

/// A partner user of another, fresh organisation: its token.
async fn other_partner(app: &TestApp, kvk: &str) -> String {
    let organisation = app.create_organisation(&format!("Andere {kvk}"), kvk).await;
    app.create_user(&format!("p.{kvk}"), Role::Partner, Some(organisation)).await;
    app.login(&format!("p.{kvk}"), crate::helpers::PASSWORD).await
}

fn scores(wellbeing: Value, income: Value, work: Value, social: Value) -> Value {
    json!({"wellbeing": wellbeing, "income": income, "work": work, "socialContacts": social, "comment": "Gaat goed"})
}

async fn surveys_of(app: &TestApp, token: &str, path: &str) -> Value {
    let answer = app.get(path, Some(token)).await;
    assert_eq!(answer.status(), StatusCode::OK);
    answer.json().await.unwrap()
}

#[tokio::test]
async fn an_employee_survey_is_due_every_three_months_of_an_active_contract() {
    on_each_database_with(fixed, async |app: TestApp| {
        let consultant = app.token_for(Role::Consultant).await;
        let (contract, candidate, partner, _) = signed_contract(&app, &consultant, 101, "51000001").await;
        let path = format!("/contracts/{contract}/surveys");

        // Signed, not active: nothing is due and nothing may be entered.
        assert_eq!(surveys_of(&app, &consultant, &path).await, json!({"due": null, "items": []}));
        let good = scores(json!(7), json!(6), json!(8), json!(5));
        let early = app.post(&path, Some(&consultant), &good).await;
        assert_problem(early, StatusCode::CONFLICT, "conflict").await;

        let active = step(&app, &consultant, &contract, json!({"to": "active", "version": 2})).await;
        assert_eq!(active.status(), StatusCode::OK);
        // Started 10 June: the first survey was due 10 September, five days ago.
        let read = surveys_of(&app, &consultant, &path).await;
        assert_eq!(read["due"], json!({"nextDue": "2026-09-10", "overdue": true}));

        // Scores outside 1-10 or missing: every field named, nothing written.
        let bad = scores(json!(0), json!(11), json!(5), Value::Null);
        let refused = app.post(&path, Some(&consultant), &bad).await;
        let problem = assert_problem(refused, StatusCode::BAD_REQUEST, "validation_failed").await;
        assert_eq!(field_names(&problem), ["wellbeing", "income", "socialContacts"]);
        let mut future = good.clone();
        future["surveyedOn"] = json!("2026-09-16");
        let refused = app.post(&path, Some(&consultant), &future).await;
        let problem = assert_problem(refused, StatusCode::BAD_REQUEST, "validation_failed").await;
        assert_eq!(field_names(&problem), ["surveyedOn"]);
        assert_eq!(surveys_of(&app, &consultant, &path).await["items"], json!([]));

        let created = app.post(&path, Some(&consultant), &good).await;
        assert_eq!(created.status(), StatusCode::CREATED);
        let created: Value = created.json().await.unwrap();
        assert_eq!(created["surveyedOn"], TODAY);
        assert_eq!(created["candidateId"], candidate.as_str());
        assert_eq!((created["wellbeing"].as_u64(), created["socialContacts"].as_u64()), (Some(7), Some(5)));
        let read = surveys_of(&app, &consultant, &path).await;
        assert_eq!(read["due"], json!({"nextDue": "2026-12-10", "overdue": false}), "the next on the start's rhythm");
        assert_eq!(read["items"].as_array().unwrap().len(), 1);

        // The partner enters its own placement's survey, but reads no employee's scores.
        let mut by_partner = good.clone();
        by_partner["surveyedOn"] = json!("2026-09-14");
        let entered = app.post(&path, Some(&partner), &by_partner).await;
        assert_eq!(entered.status(), StatusCode::CREATED);
        assert_eq!(entered.json::<Value>().await.unwrap()["actorKind"], "partner");
        assert_eq!(app.get(&path, Some(&partner)).await.status(), StatusCode::FORBIDDEN);
        let items = surveys_of(&app, &consultant, &path).await["items"].clone();
        let days: Vec<&str> = items.as_array().unwrap().iter().map(|s| s["surveyedOn"].as_str().unwrap()).collect();
        assert_eq!(days, [TODAY, "2026-09-14"], "newest first");

        // Another partner does not find the contract; finance and monitors are refused.
        let other = other_partner(&app, "51000002").await;
        assert_eq!(app.post(&path, Some(&other), &good).await.status(), StatusCode::NOT_FOUND);
        for role in [Role::Finance, Role::Monitor] {
            let token = app.token_for(role).await;
            assert_eq!(app.get(&path, Some(&token)).await.status(), StatusCode::FORBIDDEN, "{role:?}");
            assert_eq!(app.post(&path, Some(&token), &good).await.status(), StatusCode::FORBIDDEN, "{role:?}");
        }
        // A job coach reads and enters the surveys of its caseload only: not before it coaches the person.
        let coach_id = app.create_user("coach.surveys", Role::JobCoach, None).await;
        let coach = app.login("coach.surveys", crate::helpers::PASSWORD).await;
        assert_eq!(app.get(&path, Some(&coach)).await.status(), StatusCode::NOT_FOUND);
        assert_eq!(app.post(&path, Some(&coach), &good).await.status(), StatusCode::NOT_FOUND);
        let assign = json!({"kind": "coach", "coachUserId": coach_id.to_string(), "from": "2026-09-01"});
        let assigned =
            app.post(&format!("/candidates/{candidate}/guidance/assignments"), Some(&consultant), &assign).await;
        assert_eq!(assigned.status(), StatusCode::CREATED, "{}", assigned.text().await.unwrap());
        assert_eq!(surveys_of(&app, &coach, &path).await["items"].as_array().unwrap().len(), 2);
        let mut by_coach = good.clone();
        by_coach["surveyedOn"] = json!("2026-09-13");
        assert_eq!(app.post(&path, Some(&coach), &by_coach).await.status(), StatusCode::CREATED);

        // Every read is audited as a read of the person.
        let admin = app.token_for(Role::Admin).await;
        let events: Value = app
            .get(&format!("/audit-events?recordId={candidate}&action=read&pageSize=100"), Some(&admin))
            .await
            .json()
            .await
            .unwrap();
        let survey_reads = events["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["details"].as_str().is_some_and(|d| d.ends_with("surveys")))
            .count();
        assert_eq!(survey_reads, 6, "{events}");

        // The GDPR copy holds the surveys; erasure deletes them.
        let copy: Value =
            app.get(&format!("/candidates/{candidate}/personal-data"), Some(&consultant)).await.json().await.unwrap();
        assert_eq!(copy["employeeSurveys"].as_array().unwrap().len(), 3);
        let erase = json!({"reason": "Verzoek van betrokkene", "confirm": true});
        let erased = app.post(&format!("/candidates/{candidate}/erasure"), Some(&admin), &erase).await;
        assert_eq!(erased.status(), StatusCode::NO_CONTENT);
        assert_eq!(surveys_of(&app, &consultant, &path).await["items"], json!([]));
    })
    .await;
}

#[tokio::test]
async fn an_organisation_survey_is_due_every_six_months_while_it_has_a_placement() {
    on_each_database_with(fixed, async |app: TestApp| {
        let consultant = app.token_for(Role::Consultant).await;
        let (contract, _, partner, organisation) = signed_contract(&app, &consultant, 102, "51000003").await;
        let path = format!("/organisations/{organisation}/surveys");
        let good = json!({"satisfaction": 8, "neighbourhoodEffect": 9, "comment": "De buurt merkt het"});

        // No placement yet (the contract is only signed): nothing due, nothing entered.
        assert_eq!(surveys_of(&app, &partner, &path).await, json!({"due": null, "items": []}));
        let refused = app.post(&path, Some(&partner), &good).await;
        assert_problem(refused, StatusCode::CONFLICT, "conflict").await;

        assert_eq!(
            step(&app, &consultant, &contract, json!({"to": "active", "version": 2})).await.status(),
            StatusCode::OK
        );
        let read = surveys_of(&app, &consultant, &path).await;
        assert_eq!(read["due"], json!({"nextDue": "2026-12-10", "overdue": false}));

        let bad = json!({"satisfaction": 11, "neighbourhoodEffect": 0});
        let refused = app.post(&path, Some(&partner), &bad).await;
        let problem = assert_problem(refused, StatusCode::BAD_REQUEST, "validation_failed").await;
        assert_eq!(field_names(&problem), ["satisfaction", "neighbourhoodEffect"]);
        assert_eq!(surveys_of(&app, &partner, &path).await["items"], json!([]));

        let mut early = good.clone();
        early["surveyedOn"] = json!("2026-09-01");
        let entered = app.post(&path, Some(&partner), &early).await;
        assert_eq!(entered.status(), StatusCode::CREATED);
        // Taken more than 14 days before 10 December: it does not count for that due date.
        let read = surveys_of(&app, &partner, &path).await;
        assert_eq!(read["due"], json!({"nextDue": "2026-12-10", "overdue": false}));
        assert_eq!(read["items"][0]["satisfaction"], 8);
        assert_eq!(read["items"][0]["neighbourhoodEffect"], 9);

        // Another partner does not find it; finance, monitors and job coaches are refused.
        let other = other_partner(&app, "51000004").await;
        assert_eq!(app.get(&path, Some(&other)).await.status(), StatusCode::NOT_FOUND);
        assert_eq!(app.post(&path, Some(&other), &good).await.status(), StatusCode::NOT_FOUND);
        for role in [Role::Finance, Role::Monitor, Role::JobCoach] {
            let token = app.token_for(role).await;
            assert_eq!(app.get(&path, Some(&token)).await.status(), StatusCode::FORBIDDEN, "{role:?}");
        }
    })
    .await;
}
