//! Guidance in the browser (issue 12): the demo job coach logs in, opens its caseload from the menu (its
//! "handover only" checkbox beside its label), opens a person's guidance, records a check-in, which then
//! leads the timeline, and changes and deletes a provision. axe-core on every page.

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
    // The filter's checkbox sits left of its label, on the same line (not centred above it).
    let layout = browser
        .client
        .execute(
            "const box = document.querySelector('#handover-only').getBoundingClientRect();
             const label = document.querySelector('label[for=handover-only]').getBoundingClientRect();
             const field = document.querySelector('#handover-only').parentElement.getBoundingClientRect();
             return [box.right <= label.left, Math.abs((box.top + box.bottom) - (label.top + label.bottom)) < 16,
                     box.left - field.left < 8];",
            vec![],
        )
        .await
        .expect("measuring the checkbox");
    assert_eq!(layout, serde_json::json!([true, true, true]), "checkbox beside its label, left-aligned");

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

    // The person's provisions: one is changed in place (a Dutch amount), then deleted after a confirmation.
    browser.click("button#provision-change-0").await;
    browser.fill("input#provision-edit-cost", "1.234,50").await;
    browser.assert_accessible("changing a provision").await;
    browser.click("button#provision-edit-save").await;
    browser.wait_for_text("table#provisions", "1.234,50").await;
    let before = browser.client.find_all(fantoccini::Locator::Css("table#provisions tbody tr")).await.unwrap().len();
    browser.click("button#provision-delete-0").await;
    browser.wait_for("#provision-delete-question").await;
    browser.assert_accessible("deleting a provision").await;
    browser.click("button#confirm-yes").await;
    browser.wait_for_text("#status-region, [role=status]", "verwijderd").await;
    // The page reloads the guidance: one provision fewer (the table goes when it was the only one).
    let mut after = before;
    for _ in 0..100 {
        let rows = browser.client.find_all(fantoccini::Locator::Css("table#provisions tbody tr")).await;
        after = rows.map(|r| r.len()).unwrap_or(0);
        if after + 1 == before {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(after + 1, before, "one provision fewer");
}
