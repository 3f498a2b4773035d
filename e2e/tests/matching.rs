//! Matching in the browser (issue 11): a consultant records a candidate's preferences (reordered by
//! keyboard, a stale save refused in words), reads why a candidate ranks where it ranks (the points add up
//! to the score), runs a stable round (whose undecided proposal holds the preferences it used), accepts its
//! proposal and moves the match to a trial placement; a partner declines a match of its own work with a
//! reason; a job coach reads its caseload's matches. axe-core on every page, and no page scrolls sideways at
//! 320 px.

use e2e::{Api, Browser, Server, serial};
use serde_json::{Value, json};

const DEMO_PASSWORD: &str = "Basisbaan-demo-2026";

/// No element sticks out of a 320 px wide page.
async fn assert_reflows(browser: &Browser, page: &str) {
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    let overflow = browser.run("const w = document.documentElement.clientWidth; \
         const wide = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w + 1).slice(0, 5).map(e => e.tagName + '#' + e.id + '.' + e.className); \
         return [document.documentElement.scrollWidth, w, wide];",
    )
    .await;
    let (scroll, client) = (overflow[0].as_u64().unwrap_or(0), overflow[1].as_u64().unwrap_or(0));
    assert!(scroll <= client, "{page} scrolls sideways at 320 px ({scroll} > {client}): {}", overflow[2]);
}

#[tokio::test]
async fn a_consultant_records_preferences_reads_an_explanation_runs_a_round_and_places_on_trial() {
    let _turn = serial().await;
    let server = Server::start_with(&[("BASISBAAN_DEMO", "1")]).await;
    let api = Api::login(&server, "consultant", DEMO_PASSWORD).await;

    // An open demo package with an eligible candidate that no hard constraint excludes and that has no live
    // match yet (the demo's own round matched some).
    let open = api.get("/task-packages?status=open&pageSize=100").await;
    let mut pair = None;
    'search: for package in open["items"].as_array().expect("packages") {
        let id = package["id"].as_str().unwrap().to_owned();
        let ranked = api.get(&format!("/task-packages/{id}/candidates?pageSize=25")).await;
        for c in ranked["items"].as_array().into_iter().flatten() {
            if c["excluded"] != json!(false) || c["status"] != json!("eligible") {
                continue;
            }
            let candidate = c["candidateId"].as_str().unwrap().to_owned();
            let matches = api.get(&format!("/matches?candidateId={candidate}")).await;
            if matches["items"].as_array().into_iter().flatten().all(|m| m["stage"] == json!("declined")) {
                pair = Some((id, candidate, c["score"].as_u64().unwrap()));
                break 'search;
            }
        }
    }
    let (package, candidate, score) = pair.expect("the demo has an open package with a free eligible candidate");

    let browser = Browser::start(&server).await;
    browser.login("consultant", DEMO_PASSWORD).await;

    // The candidate's page leads to the ranked packages and the preference editor.
    browser.goto(&format!("/candidates/{candidate}")).await;
    browser.click("a#candidate-matching").await;
    browser.wait_for("ol#ranking li").await;
    // The excluded packages too (with their reasons), so that there are two to choose from.
    browser.click("input#include-excluded").await;
    browser.wait_for_text("ol#ranking", "Uitgesloten").await;
    browser.wait_for(".fit-exclusions li").await;
    browser.wait_for_text("#preferences-title", "Voorkeuren van de kandidaat").await;
    // Start from an empty list: remove what the demo recorded.
    while browser.exists("ol#preferences button[id^='pref-remove-']").await {
        browser.click("ol#preferences button[id^='pref-remove-']").await;
    }
    browser.wait_for("#preferences-empty").await;
    // Add the first two ranked packages; the second moves up by keyboard (Enter on the focused button).
    let ranked_ids = browser.run("return [...document.querySelectorAll('ol#ranking > li')].slice(0, 2).map(li => li.id.replace('rank-', ''));",
    )
    .await;
    let first = ranked_ids[0].as_str().expect("a ranked package").to_owned();
    let first_title =
        browser.run(&format!("return document.querySelector('li#rank-{first} .ranking__head a').innerText;")).await;
    let first_title = first_title.as_str().unwrap_or_default().to_owned();
    let second = ranked_ids[1].as_str().expect("two ranked packages").to_owned();
    browser.click(&format!("button#add-{first}")).await;
    browser.click(&format!("button#add-{second}")).await;
    browser.wait_for(&format!("button#pref-up-{second}")).await;
    let up = browser.wait_for(&format!("button#pref-up-{second}")).await;
    up.send_keys("\u{E007}").await.expect("pressing Enter");
    let order = || async {
        browser.run("return [...document.querySelectorAll('ol#preferences > li')].map(li => li.dataset.package);").await
    };
    let started = std::time::Instant::now();
    while order().await != json!([second, first]) {
        assert!(started.elapsed().as_secs() < 10, "moved up: {:?}", order().await);
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    // The focus stays on the moved entry (its up button is disabled at the top, so the down button). The page
    // moves it in the next animation frame after the redraw, so wait for it a moment.
    let focused = || async { browser.run("return document.activeElement ? document.activeElement.id : '';").await };
    let started = std::time::Instant::now();
    while focused().await != json!(format!("pref-down-{second}")) {
        assert!(started.elapsed().as_secs() < 5, "the focus follows the moved entry: {:?}", focused().await);
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    browser.wait_for("#preferences-unsaved").await;
    browser.assert_accessible("candidate's ranked packages with unsaved preferences").await;
    browser.click("button#preferences-save").await;
    browser.wait_for_text("#status-region", "voorkeuren zijn opgeslagen").await;
    browser.wait_for_text("#preferences-recorded", "Vastgelegd door").await;
    let stored = api.get(&format!("/candidates/{candidate}/preferences")).await;
    assert_eq!(stored["packageIds"], json!([second, first]), "saved in the chosen order");

    // Someone else saves meanwhile: the next save here is refused in words, and reloading shows theirs.
    api.put(
        &format!("/candidates/{candidate}/preferences"),
        json!({"packageIds": [first], "version": stored["version"]}),
    )
    .await;
    browser.click(&format!("button#pref-remove-{second}")).await;
    browser.click("button#preferences-save").await;
    browser.wait_for_text("#preferences-conflict", "Iemand anders heeft de voorkeuren").await;
    browser.assert_accessible("preferences conflict").await;
    browser.click("button#preferences-reload").await;
    browser.wait_for(&format!("ol#preferences li[data-package='{first}']")).await;
    assert!(!browser.exists("#preferences-conflict").await);

    // The package's page leads to its best candidates; the explanation adds up to the score.
    browser.goto(&format!("/packages/{package}")).await;
    browser.click("a#package-candidates").await;
    let entry = format!("li#rank-{candidate}");
    browser.wait_for(&entry).await;
    browser.click(&format!("#explain-{candidate} summary")).await;
    browser.wait_for_text(&format!("#explain-{candidate} caption"), "Opbouw van de score").await;
    let points = browser.run(&format!(
            "return [...document.querySelectorAll('#explain-{candidate} tbody .fit-table__points')].map(td => parseInt(td.innerText, 10));"
        ),
    )
    .await;
    let sum: u64 = points.as_array().expect("factor points").iter().filter_map(Value::as_u64).sum();
    assert_eq!(points.as_array().unwrap().len(), 6, "six soft factors");
    assert_eq!(sum, score, "the factors' points add up to the score");
    browser.wait_for_text(&format!("#explain-{candidate} .fit-total"), &format!("{score} punten")).await;
    browser.wait_for_text(&format!("#explain-{candidate} tbody"), "van 30 punten").await;
    browser.assert_accessible("package's ranked candidates with an explanation open").await;
    // Excluded candidates on request, each with its reason in words.
    browser.click("input#include-excluded").await;
    browser.wait_for_text("ol#ranking", "Uitgesloten").await;
    browser.wait_for(".fit-exclusions li").await;
    browser.assert_accessible("package's ranked candidates with the excluded ones").await;

    browser.click("input#include-excluded").await;
    browser.wait_for(&format!("button#propose-{candidate}")).await;

    // A stable round for this candidate over every open package proposes the package it prefers.
    browser.goto("/matching-rounds").await;
    browser.click("a#new-round").await;
    browser.click(&format!("input#candidateIds-{candidate}")).await;
    browser.wait_for_text("label[for='algorithm-stable']", "Stabiel").await;
    browser.wait_for_text("#algorithm-optimal-hint", "hoogste opgetelde passingsscore").await;
    browser.assert_accessible("round wizard").await;
    browser.click("button#round-submit").await;
    browser.wait_for("table#proposals").await;
    browser.wait_for_text("#round-algorithm", "Stabiel").await;
    let proposed =
        browser.run("return [...document.querySelectorAll('table#proposals tbody tr')].map(tr => tr.id);").await;
    assert_eq!(proposed.as_array().map(Vec::len), Some(1), "one proposal for one candidate: {proposed}");
    browser.wait_for_text("table#proposals", &first_title).await;
    browser.assert_accessible("a round's proposals").await;
    let round_path = browser.path().await;
    // While the round's proposal is undecided, the preferences it used stay as they are: the editor says
    // why, links to the round and offers no save.
    browser.goto(&format!("/candidates/{candidate}/packages")).await;
    browser.wait_for_text("#preferences-locked", "liggen de voorkeuren vast").await;
    browser.wait_for(&format!("a#preferences-round[href='{round_path}']")).await;
    assert!(!browser.exists("button#preferences-save").await, "no save while the round holds them");
    browser.wait_for("ol#ranking li").await;
    assert!(!browser.exists("ol#ranking button[id^='add-']").await, "nothing to add while the round holds them");
    browser.assert_accessible("preferences held by a round").await;
    browser.click("a#preferences-round").await;
    browser.wait_for("table#proposals button[id^='accept-']").await;
    browser.click("table#proposals button[id^='accept-']").await;
    browser.wait_for_text("table#proposals", "Kennisgemaakt").await;
    assert!(!browser.exists("table#proposals button[id^='accept-']").await, "accepted once");
    let unlocked = api.get(&format!("/candidates/{candidate}/preferences")).await;
    assert_eq!(unlocked["lockedByRound"], Value::Null, "decided: the preferences may change again");

    // The match's page: on to the trial placement, with its dates.
    browser.click("table#proposals tbody td a[href^='/matches/']").await;
    browser.wait_for_text("#match-stage", "Kennisgemaakt").await;
    browser.assert_accessible("an introduced match").await;
    browser.click("button#step-trial_placement").await;
    browser.click("button#step-submit").await;
    browser.wait_for("#form-error a[href='#step-trialStartDate']").await;
    browser.assert_accessible("trial placement without dates").await;
    browser.set_date("input#step-trialStartDate", "2027-01-04").await;
    browser.set_date("input#step-trialEndDate", "2027-03-26").await;
    browser.click("button#step-submit").await;
    browser.wait_for_text("#match-stage", "Proefplaatsing").await;
    browser.wait_for_text("#match-trial", "04-01-2027").await;
    browser.wait_for("#match-position").await;
    // Declining asks who and why, and asks once more before it happens.
    browser.click("button#step-declined").await;
    browser.select("select#step-declinedBy", "candidate").await;
    browser.fill("textarea#step-reason", "Past toch niet bij de reistijd").await;
    browser.click("button#step-submit").await;
    browser.wait_for_text("#decline-question", "afwijzen").await;
    browser.assert_accessible("a match in trial placement, confirming a decline").await;
    browser.click("button#confirm-no").await;
    assert!(!browser.exists("#decline-question").await, "cancelled");
    browser.wait_for_text("#match-stage", "Proefplaatsing").await;

    // The board shows the match under its stage.
    browser.goto("/matches").await;
    browser.wait_for_text("#stage-trial_placement table", "Proefplaatsing").await;
    browser.assert_accessible("match board").await;

    // At 320 px nothing scrolls sideways.
    browser.client.set_window_size(320, 800).await.expect("a phone-sized window");
    let match_path =
        browser.run("return document.querySelector('#stage-trial_placement tbody a').getAttribute('href');").await;
    for path in [
        "/matches".to_owned(),
        "/matching-rounds/new".to_owned(),
        match_path.as_str().unwrap_or_default().to_owned(),
        format!("/packages/{package}/candidates?excluded=true"),
        format!("/candidates/{candidate}/packages"),
    ] {
        browser.goto(&path).await;
        browser.wait_for("main h1").await;
        assert_reflows(&browser, &path).await;
    }
}

#[tokio::test]
async fn a_partner_declines_a_match_of_its_work_and_a_job_coach_reads_its_caseloads_matches() {
    let _turn = serial().await;
    let server = Server::start_with(&[("BASISBAAN_DEMO", "1")]).await;
    let api = Api::login(&server, "consultant", DEMO_PASSWORD).await;
    let browser = Browser::start(&server).await;

    // The partner's own packages' matches from `introduced` on: first name and hours, no score.
    browser.login("partner", DEMO_PASSWORD).await;
    browser.click("nav#main-nav a[data-nav='organisation-matches']").await;
    browser.wait_for("table#organisation-matches tbody tr").await;
    browser.wait_for_text("table#organisation-matches thead", "Voornaam").await;
    assert!(!browser.exists("table#organisation-matches tbody a").await, "no link into staff pages");
    browser.assert_accessible("a partner's matches").await;

    // Declining asks the reason, then once more.
    let button = browser.wait_for("table#organisation-matches button[id^='decline-']").await;
    let id = button.attr("id").await.unwrap().unwrap_or_default().trim_start_matches("decline-").to_owned();
    button.click().await.expect("open the decline form");
    browser.wait_for("form#decline-form textarea#decline-reason").await;
    browser.click("button#decline-submit").await;
    browser.wait_for("#form-error a[href='#decline-reason']").await;
    browser.assert_accessible("a partner's decline without a reason").await;
    browser.fill("textarea#decline-reason", "Het werk vraagt meer tillen dan we dachten").await;
    browser.click("button#decline-submit").await;
    browser.wait_for_text("#decline-question", "namens uw organisatie").await;
    browser.assert_accessible("a partner confirming a decline").await;
    browser.click("button#confirm-yes").await;
    browser.wait_for_text("#status-region", "afgewezen namens uw organisatie").await;
    browser.wait_for_text(&format!("tr#match-{id} .match-stage"), "Afgewezen").await;
    assert!(!browser.exists(&format!("button#decline-{id}")).await, "declined once");
    let declined = api.get(&format!("/matches/{id}")).await;
    assert_eq!((declined["stage"].as_str(), declined["declinedBy"].as_str()), (Some("declined"), Some("organisation")));
    assert_eq!(declined["declineReason"], "Het werk vraagt meer tillen dan we dachten");
    assert!(!browser.exists("nav#main-nav a[data-nav='caseload-matches']").await, "not a job coach's page");
    browser.client.set_window_size(320, 800).await.expect("a phone-sized window");
    browser.goto("/organisation-matches").await;
    browser.wait_for("table#organisation-matches").await;
    assert_reflows(&browser, "/organisation-matches").await;
    browser.client.set_window_size(1280, 900).await.expect("back to a laptop's window");

    // A job coach reads its caseload's matches, and takes no step.
    browser.click("button#logout").await;
    browser.wait_for("input#username").await;
    browser.login("jobcoach", DEMO_PASSWORD).await;
    assert!(!browser.exists("nav#main-nav a[data-nav='organisation-matches']").await, "not a partner's page");
    browser.click("nav#main-nav a[data-nav='caseload-matches']").await;
    browser.wait_for_text("main", "Alleen lezen").await;
    browser.wait_for("table#caseload-matches, #list-empty").await;
    assert!(!browser.exists("main button[id^='decline-']").await, "read only");
    browser.assert_accessible("a job coach's caseload matches").await;

    browser.client.set_window_size(320, 800).await.expect("a phone-sized window");
    browser.goto("/caseload-matches").await;
    browser.wait_for("main h1").await;
    assert_reflows(&browser, "/caseload-matches").await;
}
