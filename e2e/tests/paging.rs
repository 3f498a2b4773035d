//! Paging through a list of more than one page (issue 9, item 1: the next-page button was always disabled
//! and its label was Rust source).

use e2e::{ADMIN_PASSWORD, Api, Browser, Server, serial};
use serde_json::json;

#[tokio::test]
async fn an_admin_pages_through_a_list_of_more_than_one_page() {
    let _turn = serial().await;
    let server = Server::start().await;
    // 30 users besides the admin: two pages of 25.
    let api = Api::login(&server, "admin", ADMIN_PASSWORD).await;
    for n in 0..30 {
        api.post("/users", json!({"username": format!("m.{n:02}"), "displayName": format!("Medewerker {n:02}"), "role": "consultant", "password": "Medewerker-wachtwoord-1"})).await;
    }

    let browser = Browser::start(&server).await;
    browser.login("admin", ADMIN_PASSWORD).await;
    browser.click("nav#main-nav a[data-nav='users']").await;
    browser.wait_for("table#users-table").await;
    browser.wait_for_text("nav.pager", "1 van 2").await;
    let next = browser.wait_for("button#pager-next").await;
    assert_eq!(next.text().await.unwrap().trim(), "Volgende", "the label is the text, not source code");
    assert_eq!(next.attr("disabled").await.unwrap(), None, "page 1 of 2: next is enabled");
    browser.click("button#pager-next").await;
    browser.wait_for_text("nav.pager", "2 van 2").await;
    browser.wait_for_text("table#users-table", "Medewerker 29").await;
    assert!(
        browser.wait_for("button#pager-next").await.attr("disabled").await.unwrap().is_some(),
        "the last page has no next"
    );
    browser.assert_accessible("users, page 2").await;
    browser.click("button#pager-previous").await;
    browser.wait_for_text("nav.pager", "1 van 2").await;
}
