//! Contracts and guidance (issue 12): the cost norms and cost estimates, with the seed's arithmetic exactly.

use reqwest::StatusCode;
use serde_json::{Value, json};
use shared::auth::Role;

use crate::helpers::{TestApp, assert_problem, on_each_database, on_each_database_with};

async fn estimate(app: &TestApp, token: &str, hours: Value, months: u32) -> Value {
    let answer = app.post("/cost-estimates", Some(token), &json!({"hoursPerWeek": hours, "months": months})).await;
    assert_eq!(answer.status(), StatusCode::OK);
    answer.json().await.unwrap()
}

#[tokio::test]
async fn estimates_follow_the_groningen_plan_exactly() {
    on_each_database(async |app: TestApp| {
        let finance = app.token_for(Role::Finance).await;
        assert_eq!(
            estimate(&app, &finance, json!(32), 12).await,
            json!({"wage": "28000.00", "employerCosts": "8000.00", "contribution": "-5000.00", "total": "31000.00", "benefitSaved": "-14000.00", "net": "17000.00"})
        );
        let consultant = app.token_for(Role::Consultant).await;
        assert_eq!(
            estimate(&app, &consultant, json!(24), 6).await,
            json!({"wage": "10500.00", "employerCosts": "3000.00", "contribution": "-1875.00", "total": "11625.00", "benefitSaved": "-5250.00", "net": "6375.00"})
        );
        // Hours as a decimal number (a string is refused: the schema says number).
        assert_eq!(estimate(&app, &consultant, json!(27.5), 12).await["wage"], "24062.50");
        let refused = app.post("/cost-estimates", Some(&consultant), &json!({"hoursPerWeek": "27.5", "months": 12})).await;
        assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    })
    .await;
}

#[tokio::test]
async fn a_bad_estimate_request_names_every_field() {
    on_each_database(async |app: TestApp| {
        let consultant = app.token_for(Role::Consultant).await;
        let refused = app.post("/cost-estimates", Some(&consultant), &json!({"hoursPerWeek": 41, "months": 0})).await;
        let problem = assert_problem(refused, StatusCode::BAD_REQUEST, "validation_failed").await;
        let names: Vec<&str> =
            problem["invalidParams"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
        assert_eq!(names, ["hoursPerWeek", "months"]);
        let refused = app.post("/cost-estimates", Some(&consultant), &json!({"hoursPerWeek": "veel"})).await;
        assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    })
    .await;
}

#[tokio::test]
async fn finance_changes_the_norms_and_the_estimates_follow() {
    on_each_database(async |app: TestApp| {
        let finance = app.token_for(Role::Finance).await;
        let norms: Value = app.get("/cost-norms", Some(&finance)).await.json().await.unwrap();
        assert_eq!(
            norms,
            json!({"wage": "28000.00", "employerCosts": "8000.00", "contribution": "-5000.00", "benefitSaved": "-14000.00", "version": 1})
        );
        let mut change = norms.clone();
        change["wage"] = json!("30000.00");
        change["contribution"] = json!("5000.00");
        change["benefitSaved"] = json!("-14000.005");
        let refused = app.put("/cost-norms", Some(&finance), &change).await;
        let problem = assert_problem(refused, StatusCode::BAD_REQUEST, "validation_failed").await;
        let names: Vec<&str> =
            problem["invalidParams"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
        assert_eq!(names, ["contribution", "benefitSaved"]);
        let unchanged: Value = app.get("/cost-norms", Some(&finance)).await.json().await.unwrap();
        assert_eq!(unchanged, norms, "a refused change writes nothing");

        change["contribution"] = json!("-5000.00");
        change["benefitSaved"] = json!("-14000.00");
        let saved = app.put("/cost-norms", Some(&finance), &change).await;
        assert_eq!(saved.status(), StatusCode::OK);
        assert_eq!(saved.json::<Value>().await.unwrap()["version"], 2);
        assert_eq!(estimate(&app, &finance, json!(32), 12).await["total"], "33000.00");
        let stale = app.put("/cost-norms", Some(&finance), &change).await;
        assert_problem(stale, StatusCode::CONFLICT, "stale_version").await;
    })
    .await;
}

#[tokio::test]
async fn finance_changes_the_income_assumptions_and_the_indication_follows() {
    on_each_database(async |app: TestApp| {
        let consultant = app.token_for(Role::Consultant).await;
        let finance = app.token_for(Role::Finance).await;
        let stored: Value = app.get("/income-assumptions", Some(&consultant)).await.json().await.unwrap();
        assert_eq!(
            stored,
            json!({
                "brackets": [
                    {"fromGross": "0.00", "rate": "0.05"}, {"fromGross": "1800.00", "rate": "0.30"},
                    {"fromGross": "3200.00", "rate": "0.37"}, {"fromGross": "6300.00", "rate": "0.495"}
                ],
                "holidayAllowanceRate": "0.08", "smallGainThreshold": "50.00", "version": 1
            })
        );
        let (package, _, _) = open_package(&app, &consultant, "50000091").await;
        let anna = eligible(&app, &consultant, 91, "Anna").await;
        let placement = match_at(&app, &consultant, &anna, &package, "agreed").await;
        let created: Value =
            app.post("/contracts", Some(&consultant), &contract_body(&placement, 28)).await.json().await.unwrap();
        let indication = format!("/contracts/{}/income-indication", created["id"].as_str().unwrap());
        let income: Value = app.get(&indication, Some(&consultant)).await.json().await.unwrap();
        // 1671.37 net against 1250.00 of bijstand: a gain of 421.37, above 50.00.
        assert_eq!((income["outcome"].as_str(), income["flagged"].as_bool()), (Some("gain"), Some(false)));

        // Consultants read, but do not change, the assumptions.
        let mut change = stored.clone();
        change["smallGainThreshold"] = json!("500.00");
        assert_eq!(app.put("/income-assumptions", Some(&consultant), &change).await.status(), StatusCode::FORBIDDEN);

        // Bad input: every field error at once, nothing written.
        let mut bad = stored.clone();
        bad["brackets"] = json!([
            {"fromGross": "100.00", "rate": "0.05"}, {"fromGross": "50.00", "rate": "1.5"}, {"fromGross": "60.00", "rate": "-0.1"}
        ]);
        bad["smallGainThreshold"] = json!("-1.00");
        bad["holidayAllowanceRate"] = json!("2");
        let refused = app.put("/income-assumptions", Some(&finance), &bad).await;
        let problem = assert_problem(refused, StatusCode::BAD_REQUEST, "validation_failed").await;
        assert_eq!(
            crate::helpers::field_names(&problem),
            [
                "brackets[0].fromGross", "brackets[1].fromGross", "brackets[1].rate", "brackets[2].rate",
                "holidayAllowanceRate", "smallGainThreshold"
            ]
        );
        let unchanged: Value = app.get("/income-assumptions", Some(&finance)).await.json().await.unwrap();
        assert_eq!(unchanged, stored, "a refused change writes nothing");

        // A threshold of 500.00 makes the same gain small: the contract's indication is flagged.
        let saved = app.put("/income-assumptions", Some(&finance), &change).await;
        assert_eq!(saved.status(), StatusCode::OK);
        let saved: Value = saved.json().await.unwrap();
        assert_eq!((saved["version"].as_i64(), saved["smallGainThreshold"].as_str()), (Some(2), Some("500.00")));
        let income: Value = app.get(&indication, Some(&consultant)).await.json().await.unwrap();
        assert_eq!((income["outcome"].as_str(), income["flagged"].as_bool()), (Some("small_gain"), Some(true)));
        assert!(income["assumptions"].to_string().contains("500,00"), "{income}");
        let stale = app.put("/income-assumptions", Some(&finance), &change).await;
        assert_problem(stale, StatusCode::CONFLICT, "stale_version").await;
        let audited = app.count("/audit-events?recordType=income_assumptions").await;
        assert_eq!(audited, 1, "the change is audited");
    })
    .await;
}

// ---- Contracts ------------------------------------------------------------------------------------------

/// The `n`th BSN that passes the 11-check (others than the matching tests').
pub(crate) fn bsn(n: u32) -> String {
    (0..)
        .map(|i| format!("{:08}", 20_000_000 + n * 89 + i))
        .find_map(|first| {
            let sum: u32 = first.bytes().zip((2..=9).rev()).map(|(d, w)| u32::from(d - b'0') * w).sum();
            let check = sum % 11;
            (check < 10).then(|| format!("{first}{check}"))
        })
        .unwrap()
}

pub(crate) fn day(offset: i64) -> String {
    (chrono::Utc::now().date_naive() + chrono::Duration::days(offset)).to_string()
}

/// A registered and eligible candidate (through intake, as staff would): its id.
pub(crate) async fn eligible(app: &TestApp, token: &str, n: u32, first: &str) -> String {
    let mut body = crate::candidates::candidate(&bsn(n), first, "Visser");
    body["physicalLimitations"] = json!([]);
    let created = app.post("/candidates?confirmDuplicate=true", Some(token), &body).await;
    assert_eq!(created.status(), StatusCode::CREATED, "{}", created.text().await.unwrap());
    let id = created.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned();
    let intake = json!({"to": "intake", "reason": "Gesprek", "version": 1});
    assert_eq!(app.post(&format!("/candidates/{id}/status"), Some(token), &intake).await.status(), StatusCode::OK);
    let decision = json!({"outcome": "eligible", "motivation": "Past bij een basisbaan", "version": 2});
    let decided = app.post(&format!("/candidates/{id}/eligibility"), Some(token), &decision).await;
    assert_eq!(decided.status(), StatusCode::OK);
    id
}

/// An open package of one position of a fresh work provider with a partner user: (package, partner token,
/// organisation).
pub(crate) async fn open_package(app: &TestApp, consultant: &str, kvk: &str) -> (String, String, String) {
    let (hood, category) = crate::tasks::reference(app).await;
    let organisation = app.create_organisation(&format!("Werkbieder {kvk}"), kvk).await;
    app.create_user(&format!("p.{kvk}"), Role::Partner, Some(organisation)).await;
    let partner = app.login(&format!("p.{kvk}"), crate::helpers::PASSWORD).await;
    let work = crate::tasks::task(&hood, &category, "Buurtconciërge", 16, &[("mon", "morning"), ("tue", "morning")]);
    let work: Value = app.post("/tasks", Some(&partner), &work).await.json().await.unwrap();
    let body = json!({"title": "Conciërge", "taskIds": [work["id"]], "positions": 1, "mentorName": "Ria"});
    let package: Value = app.post("/task-packages", Some(&partner), &body).await.json().await.unwrap();
    let id = package["id"].as_str().unwrap().to_owned();
    for (token, to, version) in
        [(&partner, "submitted", 1), (&consultant.to_owned(), "approved", 2), (&consultant.to_owned(), "open", 3)]
    {
        let step = json!({"to": to, "version": version, "reason": ""});
        let moved = app.post(&format!("/task-packages/{id}/transitions"), Some(token), &step).await;
        assert_eq!(moved.status(), StatusCode::OK, "to {to}");
    }
    (id, partner, organisation.to_string())
}

/// Takes a match through its steps up to `stage` (`introduced`, `trial_placement` or `agreed`): its id.
pub(crate) async fn match_at(app: &TestApp, token: &str, candidate: &str, package: &str, stage: &str) -> String {
    let proposed = app.post("/matches", Some(token), &json!({"candidateId": candidate, "packageId": package})).await;
    assert_eq!(proposed.status(), StatusCode::CREATED);
    let id = proposed.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned();
    let steps = [
        json!({"to": "introduced", "version": 1}),
        json!({"to": "trial_placement", "version": 2, "trialStartDate": day(-60), "trialEndDate": day(-20)}),
        json!({"to": "agreed", "version": 3}),
    ];
    for step in steps {
        let moved = app.post(&format!("/matches/{id}/transitions"), Some(token), &step).await;
        assert_eq!(moved.status(), StatusCode::OK, "{step}");
        if step["to"] == stage {
            break;
        }
    }
    id
}

/// The day before a year after `day(offset)`: a temporary contract of exactly twelve months.
pub(crate) fn year_from(offset: i64) -> String {
    let start = chrono::Utc::now().date_naive() + chrono::Duration::days(offset);
    (start.checked_add_months(chrono::Months::new(12)).unwrap() - chrono::Duration::days(1)).to_string()
}

pub(crate) fn contract_body(match_id: &str, hours: u8) -> Value {
    json!({
        "matchId": match_id, "startDate": day(-10), "endDate": year_from(-10), "hoursPerWeek": hours,
        "hoursReason": "wish", "payScale": "Schaal 2", "hourlyWage": "14.50"
    })
}

async fn stage_of(app: &TestApp, token: &str, path: &str, field: &str) -> String {
    let body: Value = app.get(path, Some(token)).await.json().await.unwrap();
    body[field].as_str().unwrap_or_default().to_owned()
}

pub(crate) async fn step(app: &TestApp, token: &str, id: &str, body: Value) -> reqwest::Response {
    app.post(&format!("/contracts/{id}/transitions"), Some(token), &body).await
}

#[tokio::test]
async fn a_contract_of_an_agreed_match_moves_the_match_the_candidate_and_the_package_along() {
    on_each_database(async |app: TestApp| {
        let consultant = app.token_for(Role::Consultant).await;
        let (package, _, _) = open_package(&app, &consultant, "50000001").await;
        let anna = eligible(&app, &consultant, 1, "Anna").await;
        let placement = match_at(&app, &consultant, &anna, &package, "trial_placement").await;

        // Not yet agreed: refused, nothing written.
        let early = app.post("/contracts", Some(&consultant), &contract_body(&placement, 28)).await;
        assert_problem(early, StatusCode::CONFLICT, "illegal_transition").await;
        let step_agreed = json!({"to": "agreed", "version": 3});
        let agreed = app.post(&format!("/matches/{placement}/transitions"), Some(&consultant), &step_agreed).await;
        assert_eq!(agreed.status(), StatusCode::OK);

        // Bad input: every field named at once, nothing written.
        let mut bad = contract_body(&placement, 41);
        bad["endDate"] = json!(day(-20));
        bad["hourlyWage"] = json!("0");
        let refused = app.post("/contracts", Some(&consultant), &bad).await;
        let problem = assert_problem(refused, StatusCode::BAD_REQUEST, "validation_failed").await;
        assert_eq!(crate::helpers::field_names(&problem), ["hoursPerWeek", "endDate", "hourlyWage"]);
        let mut no_reason = contract_body(&placement, 28);
        no_reason["hoursReason"] = Value::Null;
        let refused = app.post("/contracts", Some(&consultant), &no_reason).await;
        let problem = assert_problem(refused, StatusCode::BAD_REQUEST, "validation_failed").await;
        assert_eq!(crate::helpers::field_names(&problem), ["hoursReason"]);
        assert_eq!(app.count("/contracts").await, 0);

        // 28 hours for the person's wish: a draft with its own cost and income indication.
        let created = app.post("/contracts", Some(&consultant), &contract_body(&placement, 28)).await;
        assert_eq!(created.status(), StatusCode::CREATED);
        let contract: Value = created.json().await.unwrap();
        let id = contract["id"].as_str().unwrap().to_owned();
        assert_eq!(contract["status"], "draft");
        assert_eq!(contract["hoursPerWeek"], 28);
        assert_eq!(contract["hoursReason"], "wish");
        assert_eq!(contract["collectiveAgreement"], "cao Wsw");
        assert_eq!(contract["hourlyWage"], "14.50");
        assert_eq!(contract["costMonths"], 12);
        // 28/32 of the norms for a year.
        assert_eq!(contract["cost"]["wage"], "24500.00");
        assert_eq!(contract["cost"]["net"], "14875.00");
        let again = app.post("/contracts", Some(&consultant), &contract_body(&placement, 28)).await;
        assert_problem(again, StatusCode::CONFLICT, "duplicate").await;
        let income: Value =
            app.get(&format!("/contracts/{id}/income-indication"), Some(&consultant)).await.json().await.unwrap();
        // 14.50 x 28 x 52 / 12 = 1759.33 gross, 95 % net, against 1250.00 of bijstand.
        assert_eq!(income["grossMonthly"], "1759.33");
        assert_eq!(income["netMonthly"], "1671.37");
        assert_eq!(income["benefitMonthly"], "1250.00");
        assert_eq!(income["outcome"], "gain");
        assert_eq!(income["flagged"], false);

        // A change of the draft is a new version; the old one stays readable.
        let mut change = contract_body(&placement, 24);
        change["hoursReason"] = json!("ability");
        change["reason"] = json!("Belastbaarheid na de proefplaatsing");
        change["version"] = json!(1);
        let changed = app.put(&format!("/contracts/{id}"), Some(&consultant), &change).await;
        assert_eq!(changed.status(), StatusCode::OK);
        assert_eq!(changed.json::<Value>().await.unwrap()["version"], 2);
        let stale = app.put(&format!("/contracts/{id}"), Some(&consultant), &change).await;
        let problem = assert_problem(stale, StatusCode::CONFLICT, "stale_version").await;
        // The 409 lists what changed since version 1, from the contract's versions.
        assert_eq!(
            problem["changedFields"],
            json!([
                {"field": "hoursPerWeek", "from": "28", "to": "24", "valuesHidden": false},
                {"field": "hoursReason", "from": "wish", "to": "ability", "valuesHidden": false}
            ])
        );

        // Signing moves the match to contracted.
        let signed = step(&app, &consultant, &id, json!({"to": "signed", "version": 2})).await;
        assert_eq!(signed.status(), StatusCode::OK);
        assert_eq!(stage_of(&app, &consultant, &format!("/matches/{placement}"), "stage").await, "contracted");
        let skip = step(&app, &consultant, &id, json!({"to": "signed", "version": 3})).await;
        assert_problem(skip, StatusCode::CONFLICT, "illegal_transition").await;

        // Once signed only hours, end date, kind and wage change.
        change["version"] = json!(3);
        change["payScale"] = json!("Schaal 3");
        change["startDate"] = json!(day(-9));
        let fixed = app.put(&format!("/contracts/{id}"), Some(&consultant), &change).await;
        let problem = assert_problem(fixed, StatusCode::BAD_REQUEST, "validation_failed").await;
        assert_eq!(crate::helpers::field_names(&problem), ["startDate", "payScale"]);
        change["payScale"] = json!("Schaal 2");
        change["startDate"] = json!(day(-10));
        change["hourlyWage"] = json!("15.00");
        change["reason"] = json!("Nieuwe loontabel");
        let raised = app.put(&format!("/contracts/{id}"), Some(&consultant), &change).await;
        assert_eq!(raised.status(), StatusCode::OK);

        // Activating (the start date has passed) makes the candidate an employee.
        let active = step(&app, &consultant, &id, json!({"to": "active", "version": 4})).await;
        assert_eq!(active.status(), StatusCode::OK);
        assert_eq!(stage_of(&app, &consultant, &format!("/candidates/{anna}"), "status").await, "employed");
        assert_eq!(stage_of(&app, &consultant, &format!("/task-packages/{package}"), "status").await, "filled");

        // Ending needs a reason; with a regular job the person leaves, and the position is free again.
        let no_reason = step(&app, &consultant, &id, json!({"to": "ended", "version": 5})).await;
        let problem = assert_problem(no_reason, StatusCode::BAD_REQUEST, "validation_failed").await;
        assert_eq!(crate::helpers::field_names(&problem), ["endReason"]);
        let ended =
            step(&app, &consultant, &id, json!({"to": "ended", "version": 5, "endReason": "regular_job"})).await;
        assert_eq!(ended.status(), StatusCode::OK);
        let ended: Value = ended.json().await.unwrap();
        assert_eq!((ended["status"].clone(), ended["endReason"].clone()), (json!("ended"), json!("regular_job")));
        assert_eq!(ended["endedOn"], json!(day(0)));
        assert_eq!(stage_of(&app, &consultant, &format!("/candidates/{anna}"), "status").await, "exited");
        assert_eq!(stage_of(&app, &consultant, &format!("/task-packages/{package}"), "status").await, "open");
        let bram = eligible(&app, &consultant, 2, "Bram").await;
        let next = match_at(&app, &consultant, &bram, &package, "trial_placement").await;
        assert_eq!(stage_of(&app, &consultant, &format!("/matches/{next}"), "stage").await, "trial_placement");

        let closed = app.put(&format!("/contracts/{id}"), Some(&consultant), &change).await;
        assert_eq!(closed.status(), StatusCode::CONFLICT);

        // Every change kept, newest first.
        let versions: Value =
            app.get(&format!("/contracts/{id}/versions"), Some(&consultant)).await.json().await.unwrap();
        let rows = versions["items"].as_array().unwrap();
        let seen: Vec<(i64, &str, i64)> = rows
            .iter()
            .map(|v| {
                (v["version"].as_i64().unwrap(), v["status"].as_str().unwrap(), v["hoursPerWeek"].as_i64().unwrap())
            })
            .collect();
        assert_eq!(
            seen,
            [
                (6, "ended", 24),
                (5, "active", 24),
                (4, "signed", 24),
                (3, "signed", 24),
                (2, "draft", 24),
                (1, "draft", 28)
            ]
        );
        assert_eq!(rows[2]["hourlyWage"], "15.00");
        assert_eq!(rows[3]["hourlyWage"], "14.50");
        assert_eq!(rows[4]["reason"], "Belastbaarheid na de proefplaatsing");
        assert_eq!(rows[4]["actorKind"], "staff");

        // The person's contract is in the GDPR copy, and every read of it is audited.
        let copy: Value =
            app.get(&format!("/candidates/{anna}/personal-data"), Some(&consultant)).await.json().await.unwrap();
        assert_eq!(copy["contracts"][0]["id"], json!(id));
        assert_eq!(copy["contractVersions"].as_array().unwrap().len(), 6);
        let admin = app.admin_token().await;
        let audit: Value =
            app.get(&format!("/audit-events?recordId={anna}&action=read"), Some(&admin)).await.json().await.unwrap();
        assert!(
            audit["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["details"].as_str().unwrap_or("").starts_with("contract")),
            "{audit}"
        );
    })
    .await;
}

#[tokio::test]
async fn a_step_that_cannot_be_taken_changes_nothing() {
    on_each_database(async |app: TestApp| {
        let consultant = app.token_for(Role::Consultant).await;
        let (package, _, _) = open_package(&app, &consultant, "50000002").await;
        let cor = eligible(&app, &consultant, 3, "Cor").await;
        let placement = match_at(&app, &consultant, &cor, &package, "agreed").await;
        let mut body = contract_body(&placement, 32);
        body["startDate"] = json!(day(20));
        let contract: Value = app.post("/contracts", Some(&consultant), &body).await.json().await.unwrap();
        let id = contract["id"].as_str().unwrap().to_owned();
        assert_eq!(contract["hoursReason"], Value::Null, "32 hours is no deviation");

        // Active before signing, or before the start date: refused.
        let skipped = step(&app, &consultant, &id, json!({"to": "active", "version": 1})).await;
        assert_problem(skipped, StatusCode::CONFLICT, "illegal_transition").await;
        assert_eq!(step(&app, &consultant, &id, json!({"to": "signed", "version": 1})).await.status(), StatusCode::OK);
        let early = step(&app, &consultant, &id, json!({"to": "active", "version": 2})).await;
        assert_problem(early, StatusCode::CONFLICT, "illegal_transition").await;
        assert_eq!(stage_of(&app, &consultant, &format!("/candidates/{cor}"), "status").await, "matched");
        assert_eq!(stage_of(&app, &consultant, &format!("/contracts/{id}"), "status").await, "signed");

        // A signed contract ended before it began for another reason: the person is back in matching.
        let cancelled = step(&app, &consultant, &id, json!({"to": "ended", "version": 2, "endReason": "other"})).await;
        assert_eq!(cancelled.status(), StatusCode::OK);
        assert_eq!(stage_of(&app, &consultant, &format!("/candidates/{cor}"), "status").await, "eligible");
        assert_eq!(stage_of(&app, &consultant, &format!("/task-packages/{package}"), "status").await, "open");

        // A draft whose match was declined meanwhile cannot be signed: the contract stays a draft.
        let dirk = eligible(&app, &consultant, 4, "Dirk").await;
        let other = match_at(&app, &consultant, &dirk, &package, "agreed").await;
        let draft: Value =
            app.post("/contracts", Some(&consultant), &contract_body(&other, 28)).await.json().await.unwrap();
        let draft_id = draft["id"].as_str().unwrap().to_owned();
        let decline = json!({"to": "declined", "version": 4, "declinedBy": "candidate", "reason": "Verhuist"});
        assert_eq!(
            app.post(&format!("/matches/{other}/transitions"), Some(&consultant), &decline).await.status(),
            StatusCode::OK
        );
        let refused = step(&app, &consultant, &draft_id, json!({"to": "signed", "version": 1})).await;
        assert_problem(refused, StatusCode::CONFLICT, "illegal_transition").await;
        let unchanged: Value =
            app.get(&format!("/contracts/{draft_id}"), Some(&consultant)).await.json().await.unwrap();
        assert_eq!((unchanged["status"].clone(), unchanged["version"].clone()), (json!("draft"), json!(1)));
        let versions: Value =
            app.get(&format!("/contracts/{draft_id}/versions"), Some(&consultant)).await.json().await.unwrap();
        assert_eq!(versions["totalItems"], 1);
    })
    .await;
}

#[tokio::test]
async fn concurrent_contracts_for_one_match_give_exactly_one() {
    on_each_database(async |app: TestApp| {
        let consultant = app.token_for(Role::Consultant).await;
        let (package, _, _) = open_package(&app, &consultant, "50000003").await;
        let els = eligible(&app, &consultant, 5, "Els").await;
        let placement = match_at(&app, &consultant, &els, &package, "agreed").await;
        let body = contract_body(&placement, 28);
        let answers =
            futures_util::future::join_all((0..8).map(|_| app.post("/contracts", Some(&consultant), &body))).await;
        let statuses: Vec<u16> = answers.iter().map(|a| a.status().as_u16()).collect();
        assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 1, "{statuses:?}");
        assert!(statuses.iter().all(|s| [201, 409].contains(s)), "{statuses:?}");
        assert_eq!(app.count("/contracts").await, 1);
    })
    .await;
}

#[tokio::test]
async fn each_role_reads_what_it_may_of_a_contract() {
    on_each_database(async |app: TestApp| {
        let consultant = app.token_for(Role::Consultant).await;
        let (package, partner, organisation) = open_package(&app, &consultant, "50000004").await;
        let other = app.create_organisation("Andere werkbieder", "50000005").await;
        app.create_user("p.50000005", Role::Partner, Some(other)).await;
        let other_partner = app.login("p.50000005", crate::helpers::PASSWORD).await;
        let fem = eligible(&app, &consultant, 6, "Fem").await;
        let placement = match_at(&app, &consultant, &fem, &package, "agreed").await;
        let contract: Value =
            app.post("/contracts", Some(&consultant), &contract_body(&placement, 28)).await.json().await.unwrap();
        let id = contract["id"].as_str().unwrap().to_owned();
        let path = format!("/contracts/{id}");

        // Finance: the money and the person's name and benefit, no reasons.
        let finance = app.token_for(Role::Finance).await;
        let read: Value = app.get(&path, Some(&finance)).await.json().await.unwrap();
        assert_eq!(read["candidateName"], "Fem Visser");
        assert_eq!(read["hourlyWage"], "14.50");
        assert_eq!(read["cost"]["total"], "27125.00");
        let income: Value = app.get(&format!("{path}/income-indication"), Some(&finance)).await.json().await.unwrap();
        assert_eq!(income["benefitKind"], "bijstand");
        let versions: Value = app.get(&format!("{path}/versions"), Some(&finance)).await.json().await.unwrap();
        assert_eq!(versions["items"][0]["reason"], "");
        assert_eq!(app.put(&path, Some(&finance), &json!({})).await.status(), StatusCode::FORBIDDEN);

        // The partner of the package: first name and hours, never wage, cost or benefit.
        let read: Value = app.get(&path, Some(&partner)).await.json().await.unwrap();
        assert_eq!(read["candidateName"], "Fem");
        assert_eq!(read["hoursPerWeek"], 28);
        for hidden in ["hourlyWage", "payScale", "cost"] {
            assert_eq!(read[hidden], Value::Null, "{hidden}");
        }
        let listed: Value = app.get("/contracts", Some(&partner)).await.json().await.unwrap();
        assert_eq!(listed["totalItems"], 1);
        assert_eq!(listed["items"][0]["organisationId"], json!(organisation));
        assert_eq!(app.get(&format!("{path}/income-indication"), Some(&partner)).await.status(), StatusCode::FORBIDDEN);
        assert_eq!(app.get(&format!("{path}/versions"), Some(&partner)).await.status(), StatusCode::FORBIDDEN);
        // Another organisation's partner does not find it.
        assert_eq!(app.get(&path, Some(&other_partner)).await.status(), StatusCode::NOT_FOUND);
        let none: Value = app.get("/contracts", Some(&other_partner)).await.json().await.unwrap();
        assert_eq!(none["totalItems"], 0);
        // A job coach whose caseload does not hold the person does not find it (tests/api/guidance.rs: one
        // whose caseload does reads it without wage); monitors are refused.
        let coach = app.token_for(Role::JobCoach).await;
        assert_eq!(app.get(&path, Some(&coach)).await.status(), StatusCode::NOT_FOUND);
        let none: Value = app.get("/contracts", Some(&coach)).await.json().await.unwrap();
        assert_eq!(none["totalItems"], 0);
        let monitor = app.token_for(Role::Monitor).await;
        assert_eq!(app.get(&path, Some(&monitor)).await.status(), StatusCode::FORBIDDEN);
        assert_eq!(app.get("/contracts", Some(&monitor)).await.status(), StatusCode::FORBIDDEN);
        let filtered: Value = app
            .get(&format!("/contracts?status=draft&candidateId={fem}"), Some(&consultant))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(filtered["totalItems"], 1);
        let filtered: Value = app.get("/contracts?status=active", Some(&consultant)).await.json().await.unwrap();
        assert_eq!(filtered["totalItems"], 0);
    })
    .await;
}

#[tokio::test]
async fn finance_keeps_the_budget_and_reads_the_cost_against_it() {
    on_each_database(async |app: TestApp| {
        let finance = app.token_for(Role::Finance).await;
        let year = chrono::Datelike::year(&chrono::Utc::now().date_naive());
        let overview: Value = app.get(&format!("/budget?year={year}"), Some(&finance)).await.json().await.unwrap();
        assert_eq!(overview["budget"], "700000.00", "the plan's default");
        assert_eq!(overview["jobTarget"], 40);
        assert_eq!(overview["realised"], "0.00");
        let record = overview["records"][0].clone();
        assert_eq!(record["version"], 0);
        let municipality = record["municipalityId"].as_str().unwrap().to_owned();

        let change =
            json!({"municipalityId": municipality, "year": year, "amount": "650000.00", "jobTarget": 36, "version": 0});
        let saved = app.put("/budget", Some(&finance), &change).await;
        assert_eq!(saved.status(), StatusCode::OK);
        assert_eq!(saved.json::<Value>().await.unwrap()["version"], 1);
        let stale = app.put("/budget", Some(&finance), &change).await;
        assert_problem(stale, StatusCode::CONFLICT, "stale_version").await;
        let mut bad = change.clone();
        bad["amount"] = json!("1.005");
        bad["municipalityId"] = json!(uuid::Uuid::now_v7());
        let refused = app.put("/budget", Some(&finance), &bad).await;
        let problem = assert_problem(refused, StatusCode::BAD_REQUEST, "validation_failed").await;
        assert_eq!(crate::helpers::field_names(&problem), ["amount"]);
        bad["amount"] = json!("1.00");
        let refused = app.put("/budget", Some(&finance), &bad).await;
        let problem = assert_problem(refused, StatusCode::BAD_REQUEST, "validation_failed").await;
        assert_eq!(crate::helpers::field_names(&problem), ["municipalityId"]);

        // An active contract of 32 hours that started ten days ago: ten days realised (today included), the
        // rest of its year committed, each a share of 31,000.00 a year by calendar days.
        let consultant = app.token_for(Role::Consultant).await;
        let (package, _, _) = open_package(&app, &consultant, "50000006").await;
        let gijs = eligible(&app, &consultant, 7, "Gijs").await;
        let placement = match_at(&app, &consultant, &gijs, &package, "agreed").await;
        let mut body = contract_body(&placement, 32);
        body["startDate"] = json!(day(-9));
        let contract: Value = app.post("/contracts", Some(&consultant), &body).await.json().await.unwrap();
        let id = contract["id"].as_str().unwrap().to_owned();
        assert_eq!(step(&app, &consultant, &id, json!({"to": "signed", "version": 1})).await.status(), StatusCode::OK);
        assert_eq!(step(&app, &consultant, &id, json!({"to": "active", "version": 2})).await.status(), StatusCode::OK);
        let overview: Value = app.get(&format!("/budget?year={year}"), Some(&finance)).await.json().await.unwrap();
        assert_eq!(overview["budget"], "650000.00");
        assert_eq!(overview["jobs"], 1);
        let today = chrono::Utc::now().date_naive();
        let start = today - chrono::Duration::days(9);
        let end: chrono::NaiveDate = year_from(-10).parse().unwrap();
        let length = shared::contracts::budget::year_length(year);
        let annual = rust_decimal::Decimal::from(31_000);
        let (realised, committed) =
            shared::contracts::budget::split_cost(annual, year, start, Some(end), today, true, true);
        let cents = |d: rust_decimal::Decimal| shared::money::euros(d).to_string();
        assert_eq!(overview["realised"], cents(realised), "{length} days in the year");
        assert_eq!(overview["committed"], cents(committed));
        assert!(realised > rust_decimal::Decimal::ZERO);
        let consultant_reads = app.get(&format!("/budget?year={year}"), Some(&consultant)).await;
        assert_eq!(consultant_reads.status(), StatusCode::FORBIDDEN);
        let out_of_range = app.get("/budget?year=1999", Some(&finance)).await;
        assert_eq!(out_of_range.status(), StatusCode::BAD_REQUEST);
    })
    .await;
}

fn fixed_mid_september(config: &mut backend::config::Config) {
    config.fixed_now = Some("2026-09-15T10:00:00Z".parse().unwrap());
}

#[tokio::test]
async fn the_budget_gives_the_cost_month_by_month() {
    on_each_database_with(fixed_mid_september, async |app: TestApp| {
        // An active contract of 32 hours (31,000.00 a year, 2026 has 365 days) from 10 June 2026, today
        // 15 September: June 21 days, July and August whole, September 15 days worked and 15 to come, then
        // October to December committed.
        let consultant = app.token_for(Role::Consultant).await;
        let (package, _, _) = open_package(&app, &consultant, "50000009").await;
        let person = eligible(&app, &consultant, 9, "Ilse").await;
        let placement = match_at(&app, &consultant, &person, &package, "agreed").await;
        let mut body = contract_body(&placement, 32);
        body["startDate"] = json!("2026-06-10");
        body["endDate"] = json!("2027-06-09");
        let contract: Value = app.post("/contracts", Some(&consultant), &body).await.json().await.unwrap();
        let id = contract["id"].as_str().unwrap().to_owned();
        assert_eq!(step(&app, &consultant, &id, json!({"to": "signed", "version": 1})).await.status(), StatusCode::OK);
        assert_eq!(step(&app, &consultant, &id, json!({"to": "active", "version": 2})).await.status(), StatusCode::OK);

        let finance = app.token_for(Role::Finance).await;
        let overview: Value = app.get("/budget?year=2026", Some(&finance)).await.json().await.unwrap();
        let zero = ("0.00", "0.00");
        let expected = [
            zero,
            zero,
            zero,
            zero,
            zero,
            ("1783.56", "0.00"),
            ("2632.88", "0.00"),
            ("2632.88", "0.00"),
            ("1273.97", "1273.97"),
            ("0.00", "2632.88"),
            ("0.00", "2547.95"),
            ("0.00", "2632.88"),
        ];
        let months = overview["months"].as_array().unwrap();
        assert_eq!(months.len(), 12);
        for (i, (month, (realised, committed))) in months.iter().zip(expected).enumerate() {
            assert_eq!(month["month"], i + 1);
            assert_eq!(
                (month["realised"].as_str().unwrap(), month["committed"].as_str().unwrap()),
                (realised, committed)
            );
        }
        // The year's totals are the exact sums, rounded once: 98 and 107 days.
        assert_eq!(overview["realised"], "8323.29");
        assert_eq!(overview["committed"], "9087.67");
        // Another year holds none of it.
        let next: Value = app.get("/budget?year=2025", Some(&finance)).await.json().await.unwrap();
        assert!(next["months"].as_array().unwrap().iter().all(|m| m["realised"] == "0.00" && m["committed"] == "0.00"));
    })
    .await;
}
