//! Task intake in a real Chromium: a partner builds a package from three tasks and submits it; a
//! consultant approves it and opens it; axe-core on every page.

use e2e::{ADMIN_PASSWORD, Api, Browser, Server, serial};
use serde_json::json;

const PASSWORD: &str = "Partner-wachtwoord-1";

/// Through the API: reference data, an organisation with a partner user and three tasks, and a consultant.
async fn arrange(server: &Server) {
    let admin = Api::login(server, "admin", ADMIN_PASSWORD).await;
    let hood = admin
        .post("/neighbourhoods", json!({"name": "Lewenborg", "postcodeRanges": [{"from": 9731, "to": 9733}]}))
        .await;
    let category = admin.post("/task-categories", json!({"name": "Groenonderhoud"})).await;
    let organisation = admin
        .post("/organisations", json!({"name": "Groen Lewenborg", "kvkNumber": "50000001", "roles": ["work_provider"]}))
        .await;
    admin.post("/users", json!({"username": "p.groen", "displayName": "Pim Groen", "role": "partner", "organisationId": organisation["id"], "password": PASSWORD})).await;
    admin.post("/users", json!({"username": "c.beoordelaar", "displayName": "Cor Beoordelaar", "role": "consultant", "password": PASSWORD})).await;
    let partner = Api::login(server, "p.groen", PASSWORD).await;
    for (title, hours, day) in [("Perken wieden", 12, "mon"), ("Bladruimen", 12, "tue"), ("Speelplek vegen", 8, "wed")]
    {
        partner
            .post(
                "/tasks",
                json!({
                    "neighbourhoodId": hood["id"], "categoryId": category["id"], "title": title, "hoursPerWeek": hours,
                    "schedule": [{"day": day, "part": "morning"}], "socialValue": "Een groene wijk"
                }),
            )
            .await;
    }
}

#[tokio::test]
async fn a_partner_builds_and_submits_a_package_and_a_consultant_approves_and_opens_it() {
    let _turn = serial().await;
    let server = Server::start().await;
    arrange(&server).await;
    let browser = Browser::start(&server).await;

    browser.login("p.groen", PASSWORD).await;
    browser.click("nav#main-nav a[data-nav='my-organisation']").await;
    browser.wait_for_text("#organisation-kvk", "50000001").await;
    browser.fill("input#contact-name", "Pim Groen").await;
    browser.click("button#organisation-submit").await;
    browser.wait_for("main .notice--success").await;
    browser.assert_accessible("own organisation (partner)").await;
    browser.click("nav#main-nav a[data-nav='sessions']").await;
    browser.fill("input#session-title", "Wijkavond Lewenborg").await;
    browser.wait_for_text("select#session-neighbourhood", "Lewenborg").await;
    browser.select("select#session-neighbourhood", &neighbourhood_id(&browser).await).await;
    browser.set_date("input#session-held-on", "2026-11-12").await;
    browser.click("button#session-submit").await;
    browser.wait_for_text("table#sessions-table", "Wijkavond Lewenborg").await;
    browser.assert_accessible("sessions").await;
    browser.click("table#sessions-table a").await;
    // Dates in Dutch notation (issue 9, item 9).
    browser.wait_for_text("#session-date", "12-11-2026").await;
    browser.assert_accessible("session").await;
    browser.click("nav#main-nav a[data-nav='tasks']").await;
    browser.wait_for_text("table#tasks-table", "Speelplek vegen").await;
    browser.assert_accessible("tasks (partner)").await;
    browser.click("nav#main-nav a[data-nav='packages']").await;
    browser.click("a#new-package").await;
    browser.wait_for_text("#package-tasks", "Bladruimen").await;
    browser.assert_accessible("package builder").await;
    browser.fill("input#package-title", "Groenmedewerker Lewenborg").await;
    for label in ["Perken wieden", "Bladruimen", "Speelplek vegen"] {
        let script = "const label = [...document.querySelectorAll('#package-tasks label')].find(l => l.textContent.includes(arguments[0])); \
                      document.getElementById(label.htmlFor).click();";
        browser.client.execute(script, vec![json!(label)]).await.expect("ticking a task");
    }
    browser.wait_for_text("#package-hours", "32").await;
    browser.fill("input#package-positions", "2").await;
    browser.fill("input#package-mentor", "Wim Wijkbeheer").await;
    browser.click("button#package-submit").await;
    browser.wait_for_text("#package-status", "Concept").await;
    browser.assert_accessible("package (draft)").await;
    browser.click("button#step-submit").await;
    browser.wait_for_text("#package-status", "Ingediend").await;
    assert!(!browser.exists("button#step-approve").await, "a partner cannot approve");
    browser.click("button#logout").await;
    browser.wait_for("input#username").await;

    browser.login("c.beoordelaar", PASSWORD).await;
    browser.click("nav#main-nav a[data-nav='packages']").await;
    browser.wait_for_text("table#packages-table", "Groenmedewerker Lewenborg").await;
    browser.assert_accessible("approval queue").await;
    browser.click("table#packages-table a").await;
    // Approving asks first (issue 9, item 6); cancelling changes nothing.
    browser.click("button#step-approve").await;
    browser.wait_for_text("#step-question", "goedkeuren").await;
    browser.assert_accessible("package approval, confirm").await;
    browser.click("button#confirm-no").await;
    assert!(!browser.exists("#step-question").await, "cancel closes the question");
    browser.wait_for_text("#package-status", "Ingediend").await;
    browser.click("button#step-approve").await;
    browser.click("button#confirm-yes").await;
    browser.wait_for_text("#package-status", "Goedgekeurd").await;
    browser.wait_for_text("#status-region", "gewijzigd").await;
    browser.click("button#step-open").await;
    browser.wait_for_text("#package-status", "Open").await;
    browser.wait_for_text("table#package-history", "Ingediend").await;
    browser.assert_accessible("package (open)").await;
}

/// The value of the first real option of the session form's neighbourhood select.
async fn neighbourhood_id(browser: &Browser) -> String {
    let value = browser
        .client
        .execute("return document.querySelector('select#session-neighbourhood option:nth-child(2)').value;", vec![])
        .await
        .expect("reading the options");
    value.as_str().unwrap_or_default().to_owned()
}
