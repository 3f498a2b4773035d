//! Concurrent edits in the browser (issue 14 item 7): a consultant edits a person's record while a colleague
//! saves a newer change over the API; the save is refused, the page shows what changed meanwhile field by
//! field, and "mijn wijzigingen opnieuw toepassen" saves the consultant's own edit on the newer version,
//! keeping the colleague's. axe-core on the conflict.

use e2e::{Api, Browser, Server, serial};
use serde_json::json;

const DEMO_PASSWORD: &str = "Basisbaan-demo-2026";

#[tokio::test]
async fn a_save_over_a_colleagues_change_shows_it_and_reapplies_the_own_edit() {
    let _turn = serial().await;
    let server = Server::start_with(&[("BASISBAAN_DEMO", "1")]).await;
    let api = Api::login(&server, "consultant", DEMO_PASSWORD).await;
    let page = api.get("/candidates?pageSize=1").await;
    let id = page["items"][0]["id"].as_str().expect("the demo has candidates").to_owned();

    // The consultant opens the edit form (version N) and changes the dream job.
    let browser = Browser::start(&server).await;
    browser.login("consultant", DEMO_PASSWORD).await;
    browser.goto(&format!("/candidates/{id}/edit")).await;
    browser.wait_for("input#bsn").await;
    // The form is filled once the record and its BSN have come.
    for _ in 0..100 {
        let ready = browser
            .client
            .execute("return document.querySelector('input#bsn').value.length === 9", vec![])
            .await
            .unwrap();
        if ready == json!(true) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    browser.fill("textarea#dreamJob", "Werken in de bibliotheek").await;

    // Meanwhile a colleague changes the phone number over the API (the BSN revealed to send it back).
    let current = api.get(&format!("/candidates/{id}")).await;
    let bsn = api.post(&format!("/candidates/{id}/reveal-bsn"), json!({})).await;
    let mut theirs = current.clone();
    theirs["bsn"] = bsn["bsn"].clone();
    theirs["phone"] = json!("06-99887766");
    theirs["benefitKind"] = current["benefit"]["kind"].clone();
    theirs["benefitMonthlyAmount"] = current["benefit"]["monthlyAmount"].clone();
    api.put(&format!("/candidates/{id}"), theirs).await;

    // The consultant's save is refused; the page lists the phone as changed meanwhile, and the own edit.
    browser.click("button#candidate-submit").await;
    browser.wait_for("section#conflict").await;
    browser.wait_for_text("table#conflict-fields tr[data-field=phone]", "06-99887766").await;
    browser.wait_for_text("ul#conflict-own li[data-field=dreamJob]", "").await;
    browser.assert_accessible("a refused save with the changes meanwhile").await;

    // Re-applied: saved on the newer version, with both changes.
    browser.click("button#conflict-reapply").await;
    browser.wait_for_path(&format!("/candidates/{id}")).await;
    let after = api.get(&format!("/candidates/{id}")).await;
    assert_eq!(after["phone"], "06-99887766", "the colleague's change is kept");
    assert_eq!(after["dreamJob"], "Werken in de bibliotheek", "the own edit is re-applied");
}
