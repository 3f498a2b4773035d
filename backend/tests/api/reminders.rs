//! Reminders (issue 14, item 3): each derived reminder appears exactly when its condition holds (the
//! boundary days, with the server's clock fixed on 1 December 2026) and disappears when it is resolved;
//! follow-ups; done and snooze; bad input; what each role's due list holds.

use reqwest::StatusCode;
use sea_orm::{ColumnTrait, Database, EntityTrait, QueryFilter, sea_query::Expr};
use serde_json::{Value, json};
use shared::auth::Role;

use crate::contracts::eligible;
use crate::helpers::{TestApp, assert_problem, field_names, on_each_database_with};

const TODAY: &str = "2026-12-01";

fn fixed(config: &mut backend::config::Config) {
    config.fixed_now = Some(format!("{TODAY}T10:00:00Z").parse().unwrap());
}

/// `TODAY` moved by `offset` days.
fn day(offset: i64) -> String {
    (TODAY.parse::<chrono::NaiveDate>().unwrap() + chrono::Duration::days(offset)).to_string()
}

/// The instant at 09:00 on `day(offset)`.
fn at(offset: i64) -> chrono::DateTime<chrono::Utc> {
    format!("{}T09:00:00Z", day(offset)).parse().unwrap()
}

/// Arranges the past: when a person was registered and last confirmed its availability (the app's clock
/// stands still, so the past is written directly).
async fn backdate(app: &TestApp, id: &str, registered: i64, confirmed: Option<i64>) {
    use backend::db::candidates;
    let db = Database::connect(&app.database_url).await.unwrap();
    candidates::Entity::update_many()
        .col_expr(candidates::Column::CreatedAt, Expr::value(at(registered)))
        .col_expr(candidates::Column::AvailabilityConfirmedAt, Expr::value(confirmed.map(at)))
        .filter(candidates::Column::Id.eq(id.parse::<uuid::Uuid>().unwrap()))
        .exec(&db)
        .await
        .unwrap();
    db.close().await.unwrap();
}

async fn register(app: &TestApp, token: &str, n: u32, first: &str) -> String {
    let mut body = crate::candidates::candidate(&crate::contracts::bsn(800 + n), first, "Kok");
    body["physicalLimitations"] = json!([]);
    let created = app.post("/candidates", Some(token), &body).await;
    assert_eq!(created.status(), StatusCode::CREATED);
    created.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned()
}

async fn due(app: &TestApp, token: &str, query: &str) -> Vec<Value> {
    let answer = app.get(&format!("/reminders/due?pageSize=100{query}"), Some(token)).await;
    assert_eq!(answer.status(), StatusCode::OK);
    let page: Value = answer.json().await.unwrap();
    page["items"].as_array().unwrap().clone()
}

/// The reminders of `kind` about `subject` on the list.
fn about<'a>(items: &'a [Value], kind: &str, subject: &str) -> Vec<&'a Value> {
    items.iter().filter(|r| r["kind"] == kind && r["subjectId"] == subject).collect()
}

async fn counts(app: &TestApp, token: &str) -> Value {
    let answer = app.get("/reminders/counts", Some(token)).await;
    assert_eq!(answer.status(), StatusCode::OK);
    answer.json().await.unwrap()
}

#[tokio::test]
async fn intake_and_availability_reminders_appear_on_their_day_and_go_when_resolved() {
    on_each_database_with(fixed, async |app: TestApp| {
        let consultant = app.token_for(Role::Consultant).await;
        let thirty = register(&app, &consultant, 1, "Anna").await;
        let twenty_nine = register(&app, &consultant, 2, "Bram").await;
        backdate(&app, &thirty, -30, Some(-1)).await;
        backdate(&app, &twenty_nine, -29, Some(-1)).await;
        let ninety = register(&app, &consultant, 3, "Cas").await;
        let eighty_nine = register(&app, &consultant, 4, "Dirk").await;
        let never = register(&app, &consultant, 5, "Eva").await;
        backdate(&app, &ninety, -200, Some(-90)).await;
        backdate(&app, &eighty_nine, -200, Some(-89)).await;
        backdate(&app, &never, -90, None).await;

        let list = due(&app, &consultant, "").await;
        let intake = about(&list, "intake_open", &thirty);
        assert_eq!(intake.len(), 1, "registered 30 days ago: {list:?}");
        assert_eq!(intake[0]["dueOn"], TODAY);
        assert_eq!(intake[0]["overdue"], false);
        assert_eq!(intake[0]["subjectName"], "Anna Kok");
        assert!(about(&list, "intake_open", &twenty_nine).is_empty(), "29 days: not yet");
        assert_eq!(about(&list, "intake_open", &ninety)[0]["overdue"], true, "long overdue");
        assert_eq!(about(&list, "availability_unconfirmed", &ninety).len(), 1, "90 days");
        assert!(about(&list, "availability_unconfirmed", &eighty_nine).is_empty(), "89 days: not yet");
        assert_eq!(about(&list, "availability_unconfirmed", &never).len(), 1, "never, registered 90 days ago");
        assert!(about(&list, "availability_unconfirmed", &thirty).is_empty());
        let counted = counts(&app, &consultant).await;
        assert_eq!(counted["due"].as_u64().unwrap(), list.len() as u64);
        assert_eq!(counted["overdue"].as_u64().unwrap(), list.iter().filter(|r| r["overdue"] == true).count() as u64);

        // Resolved: intake completed; availability confirmed.
        let step = json!({"to": "intake", "reason": "Gesprek", "version": 1});
        assert_eq!(app.post(&format!("/candidates/{thirty}/status"), Some(&consultant), &step).await.status(), 200);
        assert_eq!(about(&due(&app, &consultant, "").await, "intake_open", &thirty).len(), 1, "still in intake");
        let decision = json!({"outcome": "eligible", "motivation": "Past", "version": 2});
        let decided = app.post(&format!("/candidates/{thirty}/eligibility"), Some(&consultant), &decision).await;
        assert_eq!(decided.status(), StatusCode::OK);
        let confirmed =
            app.post(&format!("/candidates/{ninety}/availability-confirmation"), Some(&consultant), &json!({})).await;
        assert_eq!(confirmed.status(), StatusCode::OK);
        let list = due(&app, &consultant, "").await;
        assert!(about(&list, "intake_open", &thirty).is_empty(), "the intake is completed");
        assert!(about(&list, "availability_unconfirmed", &ninety).is_empty(), "confirmed today");

        // Each person on the list is audited as a read.
        let admin = app.admin_token().await;
        let audit: Value =
            app.get(&format!("/audit-events?recordId={never}&pageSize=100"), Some(&admin)).await.json().await.unwrap();
        assert!(audit["items"].as_array().unwrap().iter().any(|e| e["details"] == "reminders"), "{audit}");
    })
    .await;
}

/// An open package of two positions of a fresh work provider: its id.
async fn two_positions(app: &TestApp, consultant: &str, kvk: &str) -> String {
    let (hood, category) = crate::tasks::reference(app).await;
    let organisation = app.create_organisation(&format!("Werkbieder {kvk}"), kvk).await;
    app.create_user(&format!("p.{kvk}"), Role::Partner, Some(organisation)).await;
    let partner = app.login(&format!("p.{kvk}"), crate::helpers::PASSWORD).await;
    let work = crate::tasks::task(&hood, &category, "Buurtconciërge", 16, &[("mon", "morning"), ("tue", "morning")]);
    let work: Value = app.post("/tasks", Some(&partner), &work).await.json().await.unwrap();
    let body = json!({"title": "Conciërge", "taskIds": [work["id"]], "positions": 2, "mentorName": "Ria"});
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

/// A trial placement on `package` from `day(-30)` to `day(end)`: (match id, candidate id).
async fn trial(app: &TestApp, consultant: &str, n: u32, package: &str, end: i64) -> (String, String) {
    let candidate = eligible(app, consultant, 900 + n, "Fenna").await;
    let proposed =
        app.post("/matches", Some(consultant), &json!({"candidateId": candidate, "packageId": package})).await;
    assert_eq!(proposed.status(), StatusCode::CREATED);
    let id = proposed.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned();
    for step in [
        json!({"to": "introduced", "version": 1}),
        json!({"to": "trial_placement", "version": 2, "trialStartDate": day(-30), "trialEndDate": day(end)}),
    ] {
        let moved = app.post(&format!("/matches/{id}/transitions"), Some(consultant), &step).await;
        assert_eq!(moved.status(), StatusCode::OK, "{step}");
    }
    (id, candidate)
}

#[tokio::test]
async fn endings_show_within_the_days_asked_and_go_when_the_step_is_taken() {
    on_each_database_with(fixed, async |app: TestApp| {
        let consultant = app.token_for(Role::Consultant).await;
        let package = two_positions(&app, &consultant, "71000001").await;
        let (in_14, person_14) = trial(&app, &consultant, 1, &package, 14).await;
        let (_, person_15) = trial(&app, &consultant, 2, &package, 15).await;

        let list = due(&app, &consultant, "").await;
        let ending = about(&list, "trial_ending", &person_14);
        assert_eq!(ending.len(), 1, "ends in 14 days: {list:?}");
        assert_eq!(ending[0]["dueOn"], day(14));
        assert!(ending[0]["key"].as_str().unwrap().starts_with(&format!("trial_ending:{in_14}:")));
        assert!(about(&list, "trial_ending", &person_15).is_empty(), "15 days: not within the default 14");
        assert_eq!(about(&due(&app, &consultant, "&withinDays=15").await, "trial_ending", &person_15).len(), 1);
        assert!(about(&due(&app, &consultant, "&withinDays=13").await, "trial_ending", &person_14).is_empty());

        // Agreed: the trial is resolved. A temporary contract ending in 14 days then shows once signed.
        let agreed = app
            .post(&format!("/matches/{in_14}/transitions"), Some(&consultant), &json!({"to": "agreed", "version": 3}))
            .await;
        assert_eq!(agreed.status(), StatusCode::OK);
        assert!(about(&due(&app, &consultant, "").await, "trial_ending", &person_14).is_empty());
        let contract = json!({
            "matchId": in_14, "startDate": day(-77), "endDate": day(14), "hoursPerWeek": 28,
            "hoursReason": "wish", "payScale": "Schaal 2", "hourlyWage": "14.50"
        });
        let contract = app.post("/contracts", Some(&consultant), &contract).await;
        assert_eq!(contract.status(), StatusCode::CREATED, "{}", contract.text().await.unwrap());
        let contract: Value = contract.json().await.unwrap();
        let contract = contract["id"].as_str().unwrap().to_owned();
        assert!(about(&due(&app, &consultant, "").await, "contract_ending", &person_14).is_empty(), "a draft");
        for (to, version) in [("signed", 1), ("active", 2)] {
            let step = json!({"to": to, "version": version});
            let moved = app.post(&format!("/contracts/{contract}/transitions"), Some(&consultant), &step).await;
            assert_eq!(moved.status(), StatusCode::OK, "{to}: {}", moved.text().await.unwrap());
        }
        let list = due(&app, &consultant, "").await;
        assert_eq!(about(&list, "contract_ending", &person_14).len(), 1, "{list:?}");
        // Started on 15 September: its first employee survey falls due on 15 December (3 months on).
        let survey = about(&list, "employee_survey", &person_14);
        assert_eq!(survey.len(), 1, "{list:?}");
        let taken = json!({"wellbeing": 7, "income": 6, "work": 8, "socialContacts": 7, "comment": ""});
        let entered = app.post(&format!("/contracts/{contract}/surveys"), Some(&consultant), &taken).await;
        assert_eq!(entered.status(), StatusCode::CREATED, "{}", entered.text().await.unwrap());
        assert!(about(&due(&app, &consultant, "").await, "employee_survey", &person_14).is_empty(), "taken");

        // A mentor who left yesterday: a handover is due today (one who leaves today is still there: the
        // unit tests of `shared::reminders::handover`), until a new mentor is assigned.
        let path = format!("/candidates/{person_14}/guidance/assignments");
        let mentor = json!({"kind": "mentor", "mentorName": "Ria", "from": day(-20), "until": day(-1)});
        let assigned = app.post(&path, Some(&consultant), &mentor).await;
        assert_eq!(assigned.status(), StatusCode::CREATED, "{}", assigned.text().await.unwrap());
        let list = due(&app, &consultant, "").await;
        let handover = about(&list, "mentor_handover", &person_14);
        assert_eq!(handover.len(), 1, "{list:?}");
        assert_eq!(handover[0]["dueOn"], TODAY);
        let next = json!({"kind": "mentor", "mentorName": "Kees", "from": day(0)});
        assert_eq!(app.post(&path, Some(&consultant), &next).await.status(), StatusCode::CREATED);
        assert!(about(&due(&app, &consultant, "").await, "mentor_handover", &person_14).is_empty(), "a new mentor");
    })
    .await;
}

#[tokio::test]
async fn follow_ups_done_and_snooze_hide_a_reminder_until_its_day() {
    on_each_database_with(fixed, async |app: TestApp| {
        let consultant = app.token_for(Role::Consultant).await;
        let person = register(&app, &consultant, 10, "Gijs").await;
        backdate(&app, &person, -40, Some(-1)).await;
        let organisation = app.create_organisation("Buurthuis De Schakel", "71000010").await;

        let today = json!({"candidateId": person, "title": "Bellen over de proefplaatsing", "dueOn": TODAY, "note": "Na 14 uur"});
        let created = app.post("/follow-ups", Some(&consultant), &today).await;
        assert_eq!(created.status(), StatusCode::CREATED);
        let created: Value = created.json().await.unwrap();
        assert_eq!(created["subjectName"], "Gijs Kok");
        let later = json!({"organisationId": organisation, "title": "Evaluatie plannen", "dueOn": day(3)});
        assert_eq!(app.post("/follow-ups", Some(&consultant), &later).await.status(), StatusCode::CREATED);

        let list = due(&app, &consultant, "").await;
        assert_eq!(about(&list, "follow_up", &person).len(), 1, "due today");
        assert!(about(&list, "follow_up", &organisation.to_string()).is_empty(), "due in 3 days: not yet");
        let other = app.token_for(Role::Consultant).await;
        assert!(about(&due(&app, &other, "").await, "follow_up", &person).is_empty(), "only the owner's list");

        // Snoozed until tomorrow: gone today. Another consultant cannot touch it.
        let key = created["key"].as_str().unwrap().to_owned();
        let snooze = json!({"key": key, "until": day(1), "reason": "Morgen beter bereikbaar"});
        let foreign = app.post("/reminders/snooze", Some(&other), &snooze).await;
        assert_problem(foreign, StatusCode::NOT_FOUND, "not_found").await;
        assert_eq!(app.post("/reminders/snooze", Some(&consultant), &snooze).await.status(), StatusCode::NO_CONTENT);
        assert!(about(&due(&app, &consultant, "").await, "follow_up", &person).is_empty(), "snoozed");

        // A derived reminder marked done stays away.
        let list = due(&app, &consultant, "").await;
        let intake = about(&list, "intake_open", &person)[0]["key"].as_str().unwrap().to_owned();
        let done = json!({"key": intake, "reason": "Intake staat gepland"});
        assert_eq!(app.post("/reminders/done", Some(&consultant), &done).await.status(), StatusCode::NO_CONTENT);
        assert!(about(&due(&app, &consultant, "").await, "intake_open", &person).is_empty(), "done");
        let copy: Value =
            app.get(&format!("/candidates/{person}/personal-data"), Some(&consultant)).await.json().await.unwrap();
        assert_eq!(copy["followUps"].as_array().unwrap().len(), 1, "the GDPR copy holds the follow-up");
        assert_eq!(copy["reminderStates"].as_array().unwrap().len(), 2);
    })
    .await;
}

#[tokio::test]
async fn bad_input_is_refused_and_writes_nothing() {
    on_each_database_with(fixed, async |app: TestApp| {
        let consultant = app.token_for(Role::Consultant).await;
        let person = register(&app, &consultant, 20, "Hugo").await;

        let past = json!({"candidateId": person, "title": " ", "dueOn": day(-1)});
        let problem = assert_problem(
            app.post("/follow-ups", Some(&consultant), &past).await,
            StatusCode::BAD_REQUEST,
            "validation_failed",
        )
        .await;
        assert_eq!(field_names(&problem), ["title", "dueOn"]);
        assert_eq!(problem["invalidParams"][1]["code"], "in_past");
        let both = json!({"candidateId": person, "organisationId": person, "title": "Bellen", "dueOn": TODAY});
        let problem = assert_problem(
            app.post("/follow-ups", Some(&consultant), &both).await,
            StatusCode::BAD_REQUEST,
            "validation_failed",
        )
        .await;
        assert_eq!(field_names(&problem), ["organisationId"]);
        for unknown in [
            json!({"candidateId": uuid::Uuid::now_v7(), "title": "Bellen", "dueOn": TODAY}),
            json!({"organisationId": uuid::Uuid::now_v7(), "title": "Bellen", "dueOn": TODAY}),
        ] {
            assert_problem(
                app.post("/follow-ups", Some(&consultant), &unknown).await,
                StatusCode::NOT_FOUND,
                "not_found",
            )
            .await;
        }
        // A job coach sets follow-ups on its caseload only.
        let coach = app.token_for(Role::JobCoach).await;
        let outside = json!({"candidateId": person, "title": "Bellen", "dueOn": TODAY});
        assert_problem(app.post("/follow-ups", Some(&coach), &outside).await, StatusCode::NOT_FOUND, "not_found").await;
        assert!(due(&app, &consultant, "").await.is_empty(), "nothing written");

        let problem = assert_problem(
            app.post(
                "/reminders/snooze",
                Some(&consultant),
                &json!({"key": "nonsense", "until": day(0), "reason": ""}),
            )
            .await,
            StatusCode::BAD_REQUEST,
            "validation_failed",
        )
        .await;
        assert_eq!(field_names(&problem), ["key", "until", "reason"]);
        let unknown = json!({"key": format!("intake_open:{}", uuid::Uuid::now_v7())});
        assert_problem(
            app.post("/reminders/done", Some(&consultant), &unknown).await,
            StatusCode::NOT_FOUND,
            "not_found",
        )
        .await;
        let wide = app.get("/reminders/due?withinDays=366", Some(&consultant)).await;
        assert_eq!(
            field_names(&assert_problem(wide, StatusCode::BAD_REQUEST, "validation_failed").await),
            ["withinDays"]
        );
    })
    .await;
}

#[tokio::test]
async fn each_role_sees_only_its_own_scope() {
    on_each_database_with(fixed, async |app: TestApp| {
        let consultant = app.token_for(Role::Consultant).await;
        let person = register(&app, &consultant, 30, "Iris").await;
        backdate(&app, &person, -31, Some(-1)).await;
        assert_eq!(about(&due(&app, &consultant, "").await, "intake_open", &person).len(), 1);

        // A job coach: its caseload only.
        let coach_id = app.create_user("coach.r", Role::JobCoach, None).await;
        let coach = app.login("coach.r", crate::helpers::PASSWORD).await;
        assert!(due(&app, &coach, "").await.is_empty(), "not in its caseload");
        let assign = json!({"kind": "coach", "coachUserId": coach_id, "from": day(-1)});
        let assigned =
            app.post(&format!("/candidates/{person}/guidance/assignments"), Some(&consultant), &assign).await;
        assert_eq!(assigned.status(), StatusCode::CREATED);
        assert_eq!(about(&due(&app, &coach, "").await, "intake_open", &person).len(), 1, "its caseload");

        // Finance and partners: no one's reminders; the Werkkamer: refused.
        for role in [Role::Finance, Role::Partner] {
            let token = app.token_for(role).await;
            assert!(due(&app, &token, "").await.is_empty(), "{role}");
            assert_eq!(counts(&app, &token).await, json!({"due": 0, "overdue": 0}));
        }
        let monitor = app.token_for(Role::Monitor).await;
        assert_eq!(app.get("/reminders/due", Some(&monitor)).await.status(), StatusCode::FORBIDDEN);
        assert_eq!(app.get("/reminders/counts", Some(&monitor)).await.status(), StatusCode::FORBIDDEN);
    })
    .await;
}
