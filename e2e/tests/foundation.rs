//! The foundation's journeys in a real Chromium: logging in, creating a user with a field error on the
//! way, the admin pages, logging out, and the navigation of another role; axe-core on every page.

use e2e::{ADMIN_PASSWORD, Browser, Server, serial};

#[tokio::test]
async fn an_admin_creates_a_consultant_who_then_sees_the_consultants_navigation() {
    let _turn = serial().await;
    let server = Server::start().await;
    let browser = Browser::start(&server).await;

    browser.goto("/login").await;
    browser.wait_for("input#username").await;
    browser.assert_accessible("login").await;
    browser.login("admin", ADMIN_PASSWORD).await;
    browser.wait_for("nav#main-nav a[data-nav='users']").await;
    browser.assert_accessible("home (admin)").await;

    browser.click("nav#main-nav a[data-nav='users']").await;
    browser.wait_for("table#users-table").await;
    browser.assert_accessible("users").await;
    browser.click("a#new-user").await;
    browser.wait_for("input#displayName").await;
    browser.assert_accessible("new user").await;

    browser.fill("input#username", "c.jansen").await;
    browser.fill("input#displayName", "Carla Jansen").await;
    browser.fill("input#password", "kort").await;
    browser.select("select#role", "consultant").await;
    browser.click("button#user-submit").await;
    browser.wait_for("p.field-error#password-error").await;
    let described = browser.wait_for("input#password").await.attr("aria-describedby").await.unwrap();
    assert_eq!(described.as_deref(), Some("password-error"));
    browser.assert_accessible("new user with a field error").await;

    browser.fill("input#password", "Consultant-wachtwoord-1").await;
    browser.click("button#user-submit").await;
    browser.wait_for_text("table#users-table", "c.jansen").await;
    assert_eq!(browser.path().await, "/admin/users");

    browser.click("nav#main-nav a[data-nav='api-clients']").await;
    browser.wait_for("form button#api-client-submit").await;
    browser.assert_accessible("api clients").await;
    browser.click("nav#main-nav a[data-nav='audit-events']").await;
    browser.wait_for("table#audit-table").await;
    browser.assert_accessible("audit log").await;

    browser.click("button#logout").await;
    browser.wait_for("input#username").await;
    assert_eq!(browser.path().await, "/login");

    browser.login("c.jansen", "Consultant-wachtwoord-1").await;
    browser.wait_for_text("#current-user", "Carla Jansen").await;
    browser.wait_for("nav#main-nav a[data-nav='organisations']").await;
    assert!(!browser.exists("nav#main-nav a[data-nav='users']").await, "a consultant has no user administration");
    assert!(!browser.exists("nav#main-nav a[data-nav='audit-events']").await);
    browser.assert_accessible("home (consultant)").await;
    browser.click("nav#main-nav a[data-nav='organisations']").await;
    browser.wait_for("input#kvkNumber").await;
    browser.assert_accessible("organisations").await;
}

#[tokio::test]
async fn a_wrong_password_shows_an_error_and_an_unknown_page_a_404_page() {
    let _turn = serial().await;
    let server = Server::start().await;
    let browser = Browser::start(&server).await;
    browser.goto("/login").await;
    browser.fill("input#username", "admin").await;
    browser.fill("input#password", "Helemaal-verkeerd-1").await;
    browser.click("button#login-submit").await;
    browser.wait_for("#login-error").await;
    browser.assert_accessible("login with an error").await;

    browser.login("admin", ADMIN_PASSWORD).await;
    browser.goto("/bestaat-niet").await;
    browser.wait_for_text("h1", "niet gevonden").await;
    browser.assert_accessible("404").await;
    // A reload keeps the session: the access token is refreshed from the HttpOnly cookie.
    browser.goto("/account").await;
    browser.wait_for("#current-user").await;
    browser.wait_for("input#currentPassword").await;
    browser.assert_accessible("account").await;
}
