//! Duplicates in a real Chromium (issue 14, item 5): a consultant opens the possible duplicates from the
//! menu, reads both records side by side, chooses the record that stays, confirms the merge, and the pair
//! is gone; axe-core on every step.

use e2e::{ADMIN_PASSWORD, Api, Browser, Server, serial};
use serde_json::{Value, json};

const CONSULTANT_PASSWORD: &str = "Consulent-wachtwoord-1";

fn candidate(first: &str, last: &str, bsn: &str, postcode: &str) -> Value {
    json!({
        "firstName": first, "lastName": last, "dateOfBirth": "1984-02-01", "bsn": bsn,
        "email": "jose@example.nl", "phone": "050-1234567", "postcode": postcode, "houseNumber": "4",
        "source": "participatiewet", "targetGroupRegister": false, "availableHours": 32
    })
}

/// Through the API, as an admin would: a consultant account and two records of one person.
async fn arrange(server: &Server) {
    let admin = Api::login(server, "admin", ADMIN_PASSWORD).await;
    admin.post("/users", json!({"username": "s.consulent", "displayName": "Sam Consulent", "role": "consultant", "password": CONSULTANT_PASSWORD})).await;
    admin.post("/candidates", candidate("José", "García", "123456782", "9724 AB")).await;
    // The second record of the same person: the server warns, the admin registers it all the same.
    let warned = admin
        .send(reqwest::Method::POST, "/candidates", Some(&candidate("Jose", "Garcia", "111222333", "9725 CD")))
        .await;
    assert_eq!(warned.status().as_u16(), 409);
    admin.post("/candidates?confirmDuplicate=true", candidate("Jose", "Garcia", "111222333", "9725 CD")).await;
}

#[tokio::test]
async fn a_consultant_merges_a_duplicate_after_reading_both_records() {
    let _turn = serial().await;
    let server = Server::start().await;
    arrange(&server).await;
    let browser = Browser::start(&server).await;
    browser.login("s.consulent", CONSULTANT_PASSWORD).await;

    browser.click("nav#main-nav a[data-nav='duplicates']").await;
    browser.wait_for("section#duplicate-1").await;
    // Both records side by side: names, date of birth and addresses.
    browser.wait_for_text("section#duplicate-1 table", "José García").await;
    browser.wait_for_text("section#duplicate-1 table", "Jose Garcia").await;
    browser.wait_for_text("section#duplicate-1 table", "01-02-1984").await;
    browser.wait_for_text("section#duplicate-1 table", "9725 CD 4").await;
    browser.assert_accessible("the possible duplicates").await;

    // The first record stays; the merge asks for confirmation first.
    browser.click("button#merge-1").await;
    browser.wait_for("button#confirm-yes").await;
    browser.assert_accessible("the merge confirmation").await;
    browser.click("button#confirm-yes").await;
    browser.wait_for("p#list-empty").await;
    browser.assert_accessible("no duplicates left").await;

    // One record is left in the list.
    browser.click("nav#main-nav a[data-nav='candidates']").await;
    browser.wait_for_text("table#candidates-table", "José García").await;
}
