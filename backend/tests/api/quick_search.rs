//! The quick search (issue 14, item 8): people, organisations and packages by name, each kind only for
//! the roles that may read it, a BSN only for those that may search by it.

use reqwest::StatusCode;
use serde_json::{Value, json};
use shared::auth::Role;

use crate::helpers::{TestApp, assert_problem, field_names, on_each_database};

fn labels(result: &Value, kind: &str) -> Vec<String> {
    result[kind].as_array().unwrap().iter().map(|h| h["label"].as_str().unwrap().to_owned()).collect()
}

async fn quick(app: &TestApp, token: &str, query: &str) -> Value {
    let response = app.post("/quick-search", Some(token), &json!({"query": query})).await;
    assert_eq!(response.status(), StatusCode::OK, "{query}");
    response.json().await.unwrap()
}

#[tokio::test]
async fn each_role_finds_only_what_it_may_read_and_a_bsn_only_where_allowed() {
    on_each_database(async |app: TestApp| {
        let consultant = app.token_for(Role::Consultant).await;
        let job_coach = app.token_for(Role::JobCoach).await;
        let finance = app.token_for(Role::Finance).await;
        for (bsn, first, last) in [("123456782", "Sanne", "de Boer"), ("111222333", "Bram", "Boerema")] {
            let created = app
                .post(
                    "/candidates?confirmDuplicate=true",
                    Some(&consultant),
                    &crate::candidates::candidate(bsn, first, last),
                )
                .await;
            assert_eq!(created.status(), StatusCode::CREATED);
        }
        let org = app.create_organisation("Boerderij De Hoeve", "40000011").await;
        app.create_user("qs.partner", Role::Partner, Some(org)).await;
        let partner = app.login("qs.partner", crate::helpers::PASSWORD).await;
        let (hood, category) = crate::tasks::reference(&app).await;
        let task: Value = app
            .post("/tasks", Some(&partner), &crate::tasks::task(&hood, &category, "Stal", 16, &[("mon", "morning")]))
            .await
            .json()
            .await
            .unwrap();
        let package = app
            .post(
                "/task-packages",
                Some(&partner),
                &json!({"title": "Boerenwerk in de wijk", "taskIds": [task["id"]], "positions": 1}),
            )
            .await;
        assert_eq!(package.status(), StatusCode::CREATED);

        // "boer" in any case: both people (one in "de Boer"), the organisation and the package.
        let found = quick(&app, &consultant, "  BOER ").await;
        assert_eq!(labels(&found, "candidates"), ["Sanne de Boer", "Bram Boerema"]);
        assert_eq!(found["candidatesTotal"], 2);
        assert_eq!(labels(&found, "organisations"), ["Boerderij De Hoeve"]);
        assert_eq!(labels(&found, "packages"), ["Boerenwerk in de wijk"]);
        assert_eq!(found["packages"][0]["status"], "draft");

        // Finance reads people, not packages or organisations; a partner only its own packages.
        let finance_found = quick(&app, &finance, "boer").await;
        assert_eq!(finance_found["candidatesTotal"], 2);
        assert!(labels(&finance_found, "packages").is_empty() && labels(&finance_found, "organisations").is_empty());
        let partner_found = quick(&app, &partner, "boer").await;
        assert!(labels(&partner_found, "candidates").is_empty());
        assert_eq!(labels(&partner_found, "packages"), ["Boerenwerk in de wijk"]);
        let other = app.token_for(Role::Partner).await;
        assert!(labels(&quick(&app, &other, "boer").await, "packages").is_empty());

        // A whole BSN: the consultant finds the person; a job coach finds nobody (and is not refused).
        assert_eq!(labels(&quick(&app, &consultant, "111222333").await, "candidates"), ["Bram Boerema"]);
        assert!(labels(&quick(&app, &job_coach, "111222333").await, "candidates").is_empty());

        let short = app.post("/quick-search", Some(&consultant), &json!({"query": "  b  "})).await;
        assert_eq!(field_names(&assert_problem(short, StatusCode::BAD_REQUEST, "validation_failed").await), ["query"]);
        let monitor = app.token_for(Role::Monitor).await;
        let refused = app.post("/quick-search", Some(&monitor), &json!({"query": "boer"})).await;
        assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    })
    .await;
}
