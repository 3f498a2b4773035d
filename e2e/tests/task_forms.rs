//! The task-intake forms in a real Chromium (issue 9, item 2): a partner whose package was rejected reads
//! the reason, changes the package and submits it again; a task's page with its description and the
//! abilities it asks; a neighbourhood session whose participants are named through the organisation
//! lookup. axe-core on every page. Each step failed before the forms existed.

use e2e::{ADMIN_PASSWORD, Api, Browser, Server, serial};
use serde_json::json;

const PASSWORD: &str = "Partner-wachtwoord-1";

/// Through the API: a neighbourhood, a category and an ability; two organisations working there (the
/// partner's and a neighbour), one elsewhere; a task, a session, and a package that a consultant rejected.
/// Returns the ids of the task, the session and the package.
async fn arrange(server: &Server) -> (String, String, String) {
    let admin = Api::login(server, "admin", ADMIN_PASSWORD).await;
    let hood = admin
        .post("/neighbourhoods", json!({"name": "Lewenborg", "postcodeRanges": [{"from": 9731, "to": 9733}]}))
        .await;
    let category = admin.post("/task-categories", json!({"name": "Groenonderhoud"})).await;
    admin.post("/abilities", json!({"name": "Snoeien"})).await;
    let organisation = |name: &'static str, kvk: &'static str| json!({"name": name, "kvkNumber": kvk, "roles": ["work_provider"], "neighbourhoodIds": [hood["id"]]});
    let own = admin.post("/organisations", organisation("Groen Lewenborg", "50000001")).await;
    admin.post("/organisations", organisation("Buurtkracht Lewenborg", "50000002")).await;
    admin.post("/users", json!({"username": "p.groen", "displayName": "Pim Groen", "role": "partner", "organisationId": own["id"], "password": PASSWORD})).await;
    admin.post("/users", json!({"username": "c.beoordelaar", "displayName": "Cor Beoordelaar", "role": "consultant", "password": PASSWORD})).await;
    let partner = Api::login(server, "p.groen", PASSWORD).await;
    let task = partner.post("/tasks",
            json!({
                "neighbourhoodId": hood["id"], "categoryId": category["id"], "title": "Perken wieden", "hoursPerWeek": 16,
                "schedule": [{"day": "mon", "part": "morning"}], "socialValue": "Een groene wijk"
            }),
        )
        .await;
    let session = partner
        .post(
            "/neighbourhood-sessions",
            json!({"neighbourhoodId": hood["id"], "heldOn": "2026-11-12", "title": "Wijkavond Lewenborg"}),
        )
        .await;
    let package = partner
        .post(
            "/task-packages",
            json!({"title": "Groen Lewenborg", "taskIds": [task["id"]], "positions": 1, "mentorName": "Wim"}),
        )
        .await;
    let id = package["id"].as_str().unwrap().to_owned();
    let package = partner
        .post(&format!("/task-packages/{id}/transitions"), json!({"to": "submitted", "version": package["version"]}))
        .await;
    let consultant = Api::login(server, "c.beoordelaar", PASSWORD).await;
    consultant
        .post(
            &format!("/task-packages/{id}/transitions"),
            json!({"to": "rejected", "reason": "Te weinig uren", "version": package["version"]}),
        )
        .await;
    (task["id"].as_str().unwrap().to_owned(), session["id"].as_str().unwrap().to_owned(), id)
}

#[tokio::test]
async fn a_partner_changes_a_rejected_package_and_submits_it_again_and_edits_tasks_and_sessions() {
    let _turn = serial().await;
    let server = Server::start().await;
    let (task, session, package) = arrange(&server).await;
    let browser = Browser::start(&server).await;
    browser.login("p.groen", PASSWORD).await;

    // The task's page (its package is rejected, so the task can still change): its description and the abilities it asks, with their levels.
    browser.goto("/tasks").await;
    browser.click("table#tasks-table a").await;
    browser.wait_for_path(&format!("/tasks/{task}")).await;
    browser.wait_for_text("main h1", "Perken wieden").await;
    browser.wait_for("#task-abilities select").await;
    browser.fill("textarea#task-description", "Onkruid uit de perken aan de Kastanjelaan").await;
    let script = "const select = document.querySelector('#task-abilities select'); select.value = '3'; \
                  select.dispatchEvent(new Event('change', { bubbles: true }));";
    browser.client.execute(script, vec![]).await.expect("choosing a level");
    browser.wait_for_text("select#task-session", "Wijkavond Lewenborg").await;
    browser.select("select#task-session", &session).await;
    browser.click("button#task-submit").await;
    browser.wait_for_text("#task-facts-abilities", "Snoeien (niveau 3)").await;
    browser.wait_for_text("#task-facts-description", "Kastanjelaan").await;
    browser.assert_accessible("task page").await;

    // The rejected package: the reason in view, the form to change it, then back to draft and submitted.
    browser.goto(&format!("/packages/{package}")).await;
    browser.wait_for_text("#package-status", "Afgewezen").await;
    browser.wait_for_text("#rejection-reason", "Te weinig uren").await;
    browser.wait_for_text("#package-tasks", "Perken wieden").await;
    browser.assert_accessible("rejected package with its form").await;
    browser.fill("input#package-title", "Groen Lewenborg, 16 uur").await;
    browser.fill("input#package-mentor", "Wim Wijkbeheer").await;
    browser.click("button#package-submit").await;
    browser.wait_for_text("#status-region", "opgeslagen").await;
    browser.wait_for_text("main h1", "Groen Lewenborg, 16 uur").await;
    browser.wait_for_text("#rejection-reason", "Te weinig uren").await;
    browser.click("button#step-rework").await;
    browser.wait_for_text("#package-status", "Concept").await;
    browser.click("button#step-submit").await;
    browser.wait_for_text("#package-status", "Ingediend").await;
    // The reason stays in view for the next reader; the form is gone once the package is submitted.
    browser.wait_for_text("#rejection-reason", "Te weinig uren").await;
    assert!(!browser.exists("button#package-submit").await, "a submitted package cannot be changed");
    browser.assert_accessible("package submitted again").await;

    // The session: the partner names a participating organisation through the lookup.
    browser.goto(&format!("/sessions/{session}")).await;
    browser.wait_for_text("#session-participants", "Buurtkracht Lewenborg").await;
    let script = "const label = [...document.querySelectorAll('#session-participants label')].find(l => l.textContent.includes('Buurtkracht')); \
                  document.getElementById(label.htmlFor).click();";
    browser.client.execute(script, vec![]).await.expect("ticking a participant");
    browser.click("button#session-submit").await;
    browser.wait_for_text("#session-participants-names", "Buurtkracht Lewenborg").await;
    browser.wait_for_text("#session-tasks", "Perken wieden").await;
    browser.assert_accessible("session with participants").await;
}
