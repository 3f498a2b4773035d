//! Reminders in the browser (issue 14, item 3): the demo consultant's home page is its due list; it follows
//! an overdue reminder to the person, whose page shows what matching still needs and how old the
//! confirmation of availability is. axe-core on every page.

use e2e::{Browser, Server, serial};

const DEMO_PASSWORD: &str = "Basisbaan-demo-2026";

#[tokio::test]
async fn a_consultant_follows_an_overdue_reminder_to_the_person() {
    let _turn = serial().await;
    let server = Server::start_with(&[("BASISBAAN_DEMO", "1")]).await;
    let browser = Browser::start(&server).await;
    browser.login("consultant", DEMO_PASSWORD).await;

    // The home page is the due list, and the menu counts it.
    browser.wait_for("table#due-table").await;
    browser.wait_for("a[data-nav='home'] #reminder-count").await;
    browser.assert_accessible("the due list").await;
    if let Ok(dir) = std::env::var("BASISBAAN_E2E_SCREENSHOTS") {
        let png = browser.client.screenshot().await.expect("a screenshot");
        std::fs::write(std::path::Path::new(&dir).join("home-due-list.png"), png).expect("writing the screenshot");
    }

    // An overdue reminder about a person leads to the person's page.
    let overdue = "table#due-table tr:has(.badge--overdue) a.reminder-subject[href^='/candidates/']";
    browser.wait_for(overdue).await;
    browser.click(overdue).await;
    browser.wait_for("#completeness").await;
    browser.wait_for("#availability-age").await;
    assert!(browser.path().await.starts_with("/candidates/"), "on the person's page");
    browser.assert_accessible("the person's page with its completeness").await;
}
