//! The harness itself: axe-core must really fail a page that breaks WCAG, or a clean run means nothing.

use e2e::{Browser, Server, assert_accessible, serial};

#[tokio::test]
async fn axe_core_fails_a_page_with_a_violation() {
    let _turn = serial().await;
    let server = Server::start().await;
    let browser = Browser::start(&server).await;
    browser.goto("/login").await;
    browser.wait_for("input#username").await;
    // An image without a text alternative and an unlabelled field: both WCAG 2.0 A.
    browser
        .client
        .execute(
            "const main = document.querySelector('main') || document.body;
             main.insertAdjacentHTML('beforeend', '<img src=\"/nothing.png\"><input id=\"unlabelled\" type=\"text\">');",
            vec![],
        )
        .await
        .expect("adding broken markup");
    let client = browser.client.clone();
    let outcome = tokio::spawn(async move { assert_accessible(&client, "a broken page").await }).await;
    let panic = outcome.expect_err("axe-core must report the violations").into_panic();
    let message = panic.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(message.contains("image-alt"), "the report names the rule: {message}");
    assert!(message.contains("label"), "the report names every rule: {message}");
}
