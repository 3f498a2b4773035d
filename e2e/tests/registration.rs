//! Registration journeys in a real Chromium: a consultant registers a candidate through the form (a field
//! error shown and fixed), finds them by search, moves them to intake and records an intake, then imports
//! a CSV with one bad row and reads the report; axe-core on every page.

use e2e::{ADMIN_PASSWORD, Api, Browser, Server, serial};
use serde_json::json;

const CONSULTANT_PASSWORD: &str = "Consulent-wachtwoord-1";

/// Through the API, as an admin would: a consultant account and one neighbourhood.
async fn arrange(server: &Server) {
    let admin = Api::login(server, "admin", ADMIN_PASSWORD).await;
    admin.post("/users", json!({"username": "s.consulent", "displayName": "Sam Consulent", "role": "consultant", "password": CONSULTANT_PASSWORD})).await;
    admin.post("/neighbourhoods", json!({"name": "Oosterpoort", "postcodeRanges": [{"from": 9724, "to": 9725}]})).await;
}

#[tokio::test]
async fn a_consultant_registers_finds_and_takes_a_candidate_into_intake() {
    let _turn = serial().await;
    let server = Server::start().await;
    arrange(&server).await;
    let browser = Browser::start(&server).await;
    browser.login("s.consulent", CONSULTANT_PASSWORD).await;

    browser.click("nav#main-nav a[data-nav='candidates']").await;
    browser.wait_for("a#new-candidate").await;
    browser.assert_accessible("candidates").await;
    browser.click("a#new-candidate").await;
    browser.wait_for("input#firstName").await;
    browser.assert_accessible("new candidate").await;

    browser.fill("input#firstName", "Sanne").await;
    browser.fill("input#lastName", "de Boer").await;
    browser.set_date("input#dateOfBirth", "1990-05-17").await;
    browser.fill("input#bsn", "123456789").await;
    browser.fill("input#postcode", "9724 AB").await;
    browser.fill("input#houseNumber", "12").await;
    browser.select("select#source", "participatiewet").await;
    browser.fill("input#availableHours", "32").await;
    browser.click("button#candidate-submit").await;
    browser.wait_for("p.field-error#bsn-error").await;
    browser.assert_accessible("new candidate with a field error").await;

    browser.fill("input#bsn", "123456782").await;
    browser.click("button#candidate-submit").await;
    // The person's page opens on the timeline: the registration, by whom.
    browser.wait_for_text("ol#timeline li[data-kind=registration]", "Registratie").await;
    browser.wait_for_text("ol#timeline li[data-kind=registration]", "s.consulent (medewerker)").await;
    browser.assert_accessible("candidate timeline").await;
    browser.click("button#tab-personal").await;
    browser.wait_for_text("#candidate-status", "Aangemeld").await;
    browser.wait_for_text("#candidate-bsn", "*****6782").await;
    browser.assert_accessible("candidate record").await;

    browser.click("nav#main-nav a[data-nav='candidates']").await;
    browser.fill("input#candidate-query", "123456782").await;
    browser.click("button#candidate-search").await;
    browser.wait_for_text("table#candidates-table", "Sanne de Boer").await;
    browser.click("table#candidates-table a").await;
    browser.click("button#tab-personal").await;
    browser.wait_for_text("#candidate-status", "Aangemeld").await;

    browser.select("select#status-to", "intake").await;
    browser.fill("textarea#status-reason", "Eerste gesprek gepland").await;
    browser.click("button#status-submit").await;
    browser.wait_for_text("#candidate-status", "Intake").await;

    browser.click("button#tab-intake").await;
    browser.select("select#intake-kind", "conversation").await;
    browser.set_date("input#heldOn", "2026-11-20").await;
    browser.fill("textarea#intake-result", "Gemotiveerd, wil buiten werken").await;
    browser.click("button#intake-submit").await;
    browser.wait_for_text("table#intakes-table", "Gemotiveerd").await;
    browser.assert_accessible("candidate intake tab").await;
    browser.click("button#tab-history").await;
    browser.wait_for_text("table#history-table", "Eerste gesprek gepland").await;
}

#[tokio::test]
async fn a_csv_with_one_bad_row_is_reported_and_nothing_is_imported() {
    let _turn = serial().await;
    let server = Server::start().await;
    arrange(&server).await;
    let dir = std::env::temp_dir().join(format!("basisbaan-csv-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("kandidaten.csv");
    std::fs::write(
        &file,
        "voornaam;achternaam;geboortedatum;bsn;postcode;huisnummer;bron\n\
         Joke;Bakker;01-02-1980;111222333;9724 AB;1;participatiewet\n\
         Kees;Smit;01-02-1981;123456789;9725 CD;2;wajong\n",
    )
    .unwrap();
    let browser = Browser::start(&server).await;
    browser.login("s.consulent", CONSULTANT_PASSWORD).await;
    browser.goto("/candidates/import").await;
    browser.wait_for("input#csv-file").await;
    browser.assert_accessible("import").await;
    browser.wait_for("input#csv-file").await.send_keys(&file.display().to_string()).await.unwrap();
    browser.click("button#import-check").await;
    browser.wait_for_text("#report-errors", "1").await;
    browser.wait_for_text("table#import-errors", "bsn").await;
    browser.wait_for_text("#report-created", "1").await;
    browser.wait_for_text("#report-unchanged", "0").await;
    browser.assert_accessible("import report").await;
    let import = browser.wait_for("button#import-run").await;
    assert!(import.attr("disabled").await.unwrap().is_some(), "a file with an error cannot be imported");

    browser.goto("/candidates").await;
    browser.wait_for_text("main", "Niets gevonden").await;
    let _ = std::fs::remove_dir_all(&dir);
}
