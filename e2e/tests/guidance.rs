//! Guidance in the browser (issue 12): the demo job coach logs in, opens its caseload from the menu, opens
//! a person's guidance and records a check-in, which then leads the timeline. axe-core on every page.

use e2e::{Browser, Server, serial};

const DEMO_PASSWORD: &str = "Basisbaan-demo-2026";

#[tokio::test]
async fn a_job_coach_opens_its_caseload_and_records_a_check_in() {
    let _turn = serial().await;
    let server = Server::start_with(&[("BASISBAAN_DEMO", "1")]).await;
    let browser = Browser::start(&server).await;
    browser.login("jobcoach", DEMO_PASSWORD).await;

    // The caseload is in the menu and lists the coach's own people.
    browser.click("a[data-nav='caseload']").await;
    browser.wait_for("table#caseload a[href$='/guidance']").await;
    browser.assert_accessible("the caseload").await;

    // A person's guidance: the coach, the mentor and the check-ins of the past months.
    browser.click("table#caseload a[href$='/guidance']").await;
    browser.wait_for("#guidance-coach").await;
    browser.wait_for_text("#guidance-coach", "Jobcoach").await;
    browser.wait_for("ol#check-ins").await;
    browser.assert_accessible("a person's guidance").await;

    // A check-in without a domain is refused and the summary names the field; with one it is recorded.
    browser.fill("textarea#check-in-note", "Werkplekbezoek: gaat goed, wil meer uren.").await;
    browser.click("button#check-in-save").await;
    browser.wait_for("#check-in-error").await;
    browser.assert_accessible("a check-in without a domain").await;
    browser.click("input#check-in-domains-work").await;
    browser.click("input#check-in-domains-wellbeing").await;
    browser.click("button#check-in-save").await;
    browser.wait_for_text("ol#check-ins li:first-child .check-in-note", "Werkplekbezoek: gaat goed").await;
    browser.wait_for_text("ol#check-ins li:first-child", "Werk, Welzijn").await;
    browser.assert_accessible("a recorded check-in").await;
}
