//! The programme dashboard in the browser (issue 13): the demo consultant opens it from the menu and sees
//! every chart with its table for the demo programme, and filters it; finance sees the money as well; the
//! Werkkamer's demo login lands on the anonymous feed's summary and has no dashboard. axe-core on every page.
//!
//! With `BASISBAAN_E2E_SCREENSHOTS` set to a directory, the pages are saved there as PNG files too.

use e2e::{Browser, Server, serial};

const DEMO_PASSWORD: &str = "Basisbaan-demo-2026";

const FIGURES: [&str; 8] = [
    "dashboard-status",
    "dashboard-source",
    "dashboard-jobs",
    "dashboard-hours",
    "dashboard-work",
    "dashboard-flows",
    "dashboard-exits",
    "dashboard-experience",
];

async fn screenshot(browser: &Browser, name: &str) {
    let Ok(dir) = std::env::var("BASISBAAN_E2E_SCREENSHOTS") else { return };
    let png = browser.client.screenshot().await.expect("a screenshot");
    std::fs::write(std::path::Path::new(&dir).join(format!("{name}.png")), png).expect("writing the screenshot");
}

#[tokio::test]
async fn the_dashboard_shows_charts_and_tables_of_the_demo_programme() {
    let _turn = serial().await;
    let server = Server::start_with(&[("BASISBAAN_DEMO", "1")]).await;
    let browser = Browser::start(&server).await;
    browser.login("consultant", DEMO_PASSWORD).await;

    browser.click("a[data-nav='dashboard']").await;
    browser.wait_for_path("/dashboard").await;
    for figure in FIGURES {
        browser.wait_for(&format!("svg#{figure}-chart[role='img'] title")).await;
        browser.wait_for(&format!("table#{figure}-table tbody tr")).await;
        browser.wait_for(&format!("button#{figure}-csv")).await;
    }
    // The demo programme has people and jobs this month; the money is not the consultant's.
    browser.wait_for("svg#dashboard-status-chart polyline").await;
    browser.wait_for("svg#dashboard-jobs-chart rect").await;
    assert!(!browser.exists("#dashboard-cost").await, "money only for finance and admin");
    browser.assert_accessible("the dashboard").await;
    screenshot(&browser, "dashboard").await;

    // A shorter period: three months, three rows.
    browser.goto("/dashboard?from=2026-01&to=2026-03").await;
    browser.wait_for_text("table#dashboard-jobs-table tbody tr:nth-child(3) th", "mrt 2026").await;
    assert!(!browser.exists("table#dashboard-jobs-table tbody tr:nth-child(4)").await);
    browser.assert_accessible("the dashboard of a quarter").await;
}

#[tokio::test]
async fn finance_sees_the_money_and_the_werkkamer_lands_on_the_anonymous_feed() {
    let _turn = serial().await;
    let server = Server::start_with(&[("BASISBAAN_DEMO", "1")]).await;
    let browser = Browser::start(&server).await;
    browser.login("financien", DEMO_PASSWORD).await;
    browser.goto("/dashboard").await;
    browser.wait_for("table#dashboard-cost-table tbody tr").await;
    browser.wait_for_text("table#dashboard-finances-table tbody tr td", "€").await;
    browser.assert_accessible("the dashboard with money").await;
    screenshot(&browser, "dashboard-finance").await;
    browser.click("button#logout").await;
    browser.wait_for("input#username").await;

    browser.login("werkkamer", DEMO_PASSWORD).await;
    browser.wait_for("table#werkkamer-feed-table tbody tr").await;
    browser.wait_for("svg#werkkamer-feed-chart[role='img']").await;
    assert!(!browser.exists("a[data-nav='dashboard']").await, "no dashboard for the Werkkamer");
    assert!(!browser.exists("a[data-nav='candidates']").await, "no person-level lists");
    browser.assert_accessible("the Werkkamer's start page").await;
    screenshot(&browser, "werkkamer").await;
}
