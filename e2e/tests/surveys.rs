//! Experience surveys and the budget chart in the browser (issue 12): a consultant enters an employee's
//! survey on an active demo contract's page (a score out of range is refused first, the error summary
//! naming the field), and finance sees the budget page's chart with the table of the same numbers.
//! axe-core on every page.

use e2e::{Api, Browser, Server, serial};

const DEMO_PASSWORD: &str = "Basisbaan-demo-2026";

/// An active demo contract, read over the API as the consultant: its id.
async fn active_contract(server: &Server) -> String {
    let api = Api::login(server, "consultant", DEMO_PASSWORD).await;
    let active = api.get("/contracts?status=active&pageSize=1").await;
    active["items"][0]["id"].as_str().expect("the demo has an active contract").to_owned()
}

#[tokio::test]
async fn a_consultant_enters_an_employee_survey_and_finance_sees_the_budget_chart() {
    let _turn = serial().await;
    let server = Server::start_with(&[("BASISBAAN_DEMO", "1")]).await;
    let contract = active_contract(&server).await;
    {
        let browser = Browser::start(&server).await;
        browser.login("consultant", DEMO_PASSWORD).await;
        browser.goto(&format!("/contracts/{contract}")).await;
        browser.wait_for_text("#contract-status", "Actief").await;
        // The demo's first survey on the first working day; the next is due in three months.
        browser.wait_for("table#employee-surveys").await;
        browser.wait_for_text("#employee-survey-due", "Volgende meting").await;
        browser.assert_accessible("a contract with its surveys").await;

        browser.fill("input#survey-wellbeing", "11").await;
        browser.fill("input#survey-income", "6").await;
        browser.fill("input#survey-work", "8").await;
        browser.fill("input#survey-socialContacts", "7").await;
        browser.fill("textarea#survey-comment", "Voelt zich op zijn plek").await;
        browser.click("button#employee-survey-submit").await;
        browser.wait_for("#employee-survey-error a[href='#survey-wellbeing']").await;
        browser.assert_accessible("a survey with a score out of range").await;

        browser.fill("input#survey-wellbeing", "9").await;
        browser.click("button#employee-survey-submit").await;
        browser.wait_for_text("table#employee-surveys", "Voelt zich op zijn plek").await;
        browser.assert_accessible("a contract with the new survey").await;
    }

    let browser = Browser::start(&server).await;
    browser.login("financien", DEMO_PASSWORD).await;
    browser.goto("/budget").await;
    browser.wait_for("svg#budget-chart polyline#budget-chart-total").await;
    browser.wait_for("svg#budget-chart line#budget-chart-budget").await;
    browser.wait_for_text("table#budget-months", "dec").await;
    browser.wait_for_text("table#budget-months caption", "Kosten per maand").await;
    browser.assert_accessible("the budget page with its chart").await;
}
