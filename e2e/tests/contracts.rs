//! Contracts in the browser (issue 12): a consultant turns an agreed match into a contract of 28 hours
//! with a reason, sees the income indication and the cost (computed live in the browser and then by the
//! server), and opens the printable contract. axe-core on every page.

use e2e::{Api, Browser, Server, serial};
use serde_json::json;

const DEMO_PASSWORD: &str = "Basisbaan-demo-2026";

/// A demo match in a trial placement, moved to `agreed` over the API as a consultant would: its id.
async fn agreed_match(server: &Server) -> String {
    let api = Api::login(server, "consultant", DEMO_PASSWORD).await;
    let placed = api.get("/matches?stage=trial_placement&pageSize=1").await;
    let placement = &placed["items"][0];
    let id = placement["id"].as_str().expect("the demo has a trial placement").to_owned();
    api.post(&format!("/matches/{id}/transitions"), json!({"to": "agreed", "version": placement["version"]})).await;
    id
}

#[tokio::test]
async fn a_consultant_turns_an_agreed_match_into_a_contract_of_28_hours_and_prints_it() {
    let _turn = serial().await;
    let server = Server::start_with(&[("BASISBAAN_DEMO", "1")]).await;
    let placement = agreed_match(&server).await;
    let browser = Browser::start(&server).await;
    browser.login("consultant", DEMO_PASSWORD).await;

    // The match's page offers to draw up the contract.
    browser.goto(&format!("/matches/{placement}")).await;
    browser.wait_for_text("#match-stage", "Akkoord").await;
    browser.click("a#match-new-contract").await;
    browser.wait_for("form#contract-form").await;
    browser.wait_for_text("#contract-match", "Akkoord").await;
    browser.assert_accessible("a new contract").await;

    // 28 hours without a reason: refused, the error summary names the field.
    browser.set_date("input#contract-startDate", "2027-01-04").await;
    browser.set_date("input#contract-endDate", "2027-12-31").await;
    browser.fill("input#contract-hoursPerWeek", "28").await;
    browser.fill("input#contract-payScale", "Schaal 2").await;
    browser.fill("input#contract-hourlyWage", "14,50").await;
    // The income indication and the cost follow the form as it is typed.
    browser.wait_for_text("#income-gross", "1.759,33").await;
    browser.wait_for_text("#cost-wage", "24.500,00").await;
    browser.wait_for_text("#cost-net", "14.875,00").await;
    browser.click("button#contract-submit").await;
    browser.wait_for("#form-error a[href='#contract-hoursReason']").await;
    browser.assert_accessible("a new contract without the reason for 28 hours").await;

    // With the person's wish as the reason it is drawn up.
    browser.select("select#contract-hoursReason", "wish").await;
    browser.click("button#contract-submit").await;
    browser.wait_for_text("#contract-status", "Concept").await;
    browser.wait_for_text("#contract-hours", "28").await;
    browser.wait_for_text("#contract-hours-reason", "Wens").await;
    browser.wait_for_text("#income-gross", "1.759,33").await;
    browser.wait_for_text("#cost-total", "27.125,00").await;
    browser.wait_for_text("#contract-versions", "opgesteld").await;
    browser.assert_accessible("a draft contract").await;

    // Signing is confirmed first; the match moves along.
    browser.click("button#step-signed").await;
    browser.wait_for("#step-question").await;
    browser.assert_accessible("confirming the signature").await;
    browser.click("button#confirm-yes").await;
    browser.wait_for_text("#contract-status", "Ondertekend").await;

    // The printable contract: every term, the version and the signature blocks.
    browser.click("a#contract-print").await;
    browser.wait_for("article#contract-document").await;
    browser.wait_for_text("#contract-document", "Schaal 2").await;
    browser.wait_for_text("#contract-version", "2").await;
    browser.wait_for_text("#sign-employer", "Namens de werkgever").await;
    browser.wait_for_text("#sign-employee", "De werknemer").await;
    browser.wait_for("button#contract-print-now").await;
    browser.assert_accessible("the printable contract").await;

    browser.goto(&format!("/matches/{placement}")).await;
    browser.wait_for_text("#match-stage", "Contract getekend").await;
    browser.goto("/contracts").await;
    browser.wait_for("table#contracts-table a[href^='/contracts/']").await;
    browser.assert_accessible("the contracts list").await;
}
