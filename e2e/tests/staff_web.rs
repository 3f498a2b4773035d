//! The web app as staff use it (issue 9): forms that guide (an error summary that takes the focus and links
//! to each field, required fields marked, Dutch numbers that are read or refused, never silently dropped,
//! a cancel that warns about unsaved changes), guided status changes, feedback (busy buttons, success
//! messages, a list that says it could not load), Dutch formats, and a phone-width page that does not
//! scroll sideways with the focus on each page's heading. Each step failed before its fix.

use e2e::{Api, Browser, Server, serial};
use serde_json::{Value, json};

const DEMO_PASSWORD: &str = "Basisbaan-demo-2026";

/// The id of the focused element, and its text.
async fn focused(browser: &Browser) -> (String, String) {
    let value = browser
        .run("const el = document.activeElement; return [el ? el.id : '', el ? el.tagName + ' ' + el.innerText : ''];")
        .await;
    (value[0].as_str().unwrap_or_default().to_owned(), value[1].as_str().unwrap_or_default().to_owned())
}

/// Waits until the focus is on an element matching `css`.
async fn wait_for_focus(browser: &Browser, css: &str) {
    let started = std::time::Instant::now();
    loop {
        let script = format!("return document.activeElement && document.activeElement.matches({css:?});");
        if browser.run(&script).await.as_bool() == Some(true) {
            return;
        }
        if started.elapsed() > std::time::Duration::from_secs(10) {
            panic!(
                "the focus never reached {css}; it is on {:?}\n{}",
                focused(browser).await,
                browser.describe().await
            );
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

async fn fill_new_candidate(browser: &Browser, bsn: &str) {
    browser.fill("input#firstName", "Sanne").await;
    browser.fill("input#lastName", "de Boer").await;
    browser.set_date("input#dateOfBirth", "1990-05-17").await;
    browser.fill("input#bsn", bsn).await;
    browser.fill("input#postcode", "9724 AB").await;
    browser.fill("input#houseNumber", "12").await;
    browser.select("select#source", "participatiewet").await;
}

#[tokio::test]
async fn a_long_form_guides_to_its_errors_and_reads_dutch_numbers() {
    let _turn = serial().await;
    let server = Server::start_with(&[("BASISBAAN_DEMO", "1")]).await;
    let browser = Browser::start(&server).await;
    browser.login("consultant", DEMO_PASSWORD).await;
    browser.goto("/candidates/new").await;
    browser.wait_for("input#firstName").await;

    // Required fields are marked in words.
    browser.wait_for_text("label[for='firstName']", "(verplicht)").await;
    assert!(
        !browser.wait_for("label[for='email']").await.text().await.unwrap().contains("verplicht"),
        "an optional field is not marked"
    );
    // Notes are multi-line.
    browser.wait_for("textarea#limitationNotes").await;

    // `-4` hours and an amount that is not one: field errors, not silently empty values.
    fill_new_candidate(&browser, "123456782").await;
    browser.fill("input#benefitMonthlyAmount", "veel").await;
    browser.fill("input#availableHours", "-4").await;
    browser.click("button#candidate-submit").await;
    wait_for_focus(&browser, "#form-error").await;
    browser.wait_for_text("#form-error", "Controleer de volgende velden").await;
    browser.wait_for_text("#form-error a[href='#availableHours']", "Beschikbare uren").await;
    browser.wait_for_text("#form-error a[href='#benefitMonthlyAmount']", "1.234,56").await;
    browser.wait_for("p.field-error#availableHours-error").await;
    browser.assert_accessible("candidate form with the SPA's own field errors").await;
    // A link of the summary takes the focus to its field.
    browser.click("#form-error a[href='#availableHours']").await;
    wait_for_focus(&browser, "input#availableHours").await;

    // The server's field errors are listed the same way, in words, never "zie invalidParams".
    browser.fill("input#benefitMonthlyAmount", "1.234,56").await;
    browser.fill("input#availableHours", "32").await;
    browser.fill("input#bsn", "123456789").await;
    browser.click("button#candidate-submit").await;
    browser.wait_for("#form-error a[href='#bsn']").await;
    wait_for_focus(&browser, "#form-error").await;
    let summary = browser.wait_for("#form-error").await.text().await.unwrap();
    assert!(!summary.contains("invalidParams"), "the summary speaks the user's words: {summary}");
    assert!(summary.contains("BSN"), "the field is named by its label: {summary}");

    // Fixed: saved once, with a success message, the amount read as Dutch notation.
    browser.fill("input#bsn", "123456782").await;
    browser.click("button#candidate-submit").await;
    browser.click("button#tab-personal").await;
    browser.wait_for_text("#candidate-status", "Aangemeld").await;
    browser.wait_for_text("#status-region", "aangemeld").await;
    browser.wait_for_text("#panel-personal", "€ 1.234,56").await;
    browser.wait_for_text("#panel-personal", "17-05-1990").await;
    browser.assert_accessible("candidate record with a success message").await;

    // The GDPR copy also as a readable page to print (beside the JSON download).
    browser.click("a#gdpr-print").await;
    browser.wait_for_text("table#inzage-status", "Aangemeld").await;
    browser.wait_for_text("#inzage-personal", "123456782").await;
    browser.wait_for_text("#inzage-personal", "€ 1.234,56").await;
    browser.wait_for("button#inzage-print").await;
    browser.assert_accessible("GDPR copy, readable view").await;
}

#[tokio::test]
async fn cancel_warns_about_unsaved_changes_and_a_busy_button_cannot_be_pressed_twice() {
    let _turn = serial().await;
    let server = Server::start_with(&[("BASISBAAN_DEMO", "1")]).await;
    let browser = Browser::start(&server).await;
    browser.login("consultant", DEMO_PASSWORD).await;
    browser.goto("/candidates/new").await;
    browser.wait_for("fieldset#section-personal legend").await;
    browser.wait_for("fieldset#section-availability").await;

    // Nothing typed: cancel leaves at once.
    browser.click("button#candidate-cancel").await;
    browser.wait_for_path("/candidates").await;
    browser.goto("/candidates/new").await;
    browser.fill("input#firstName", "Piet").await;
    browser.click("button#candidate-cancel").await;
    browser.wait_for_text("#leave-question", "niet zijn opgeslagen").await;
    browser.assert_accessible("unsaved changes question").await;
    browser.click("button#confirm-no").await;
    assert_eq!(browser.path().await, "/candidates/new", "staying keeps the form");
    assert_eq!(browser.wait_for("input#firstName").await.prop("value").await.unwrap().as_deref(), Some("Piet"));

    // While the request is under way the button is busy and disabled.
    fill_new_candidate(&browser, "111222333").await;
    browser.run("const original = window.fetch; window.__posts = 0; \
         window.fetch = (...args) => { if (String(args[0].url || args[0]).includes('/candidates') && (args[1] || args[0]).method === 'POST') window.__posts++; \
           return new Promise(resolve => setTimeout(() => resolve(original(...args)), 1500)); };",
    )
    .await;
    browser.click("button#candidate-submit").await;
    let button = browser.wait_for("button#candidate-submit").await;
    assert!(button.attr("disabled").await.unwrap().is_some(), "busy: disabled");
    assert_eq!(button.attr("aria-busy").await.unwrap().as_deref(), Some("true"));
    assert!(button.text().await.unwrap().contains("Bezig"), "busy: says so");
    let _ = button.click().await;
    browser.click("button#tab-personal").await;
    browser.wait_for_text("#candidate-status", "Aangemeld").await;
    let posts = browser.run("return window.__posts;").await;
    assert!(posts.as_u64().unwrap_or(0) <= 1, "one request, not two: {posts}");
}

#[tokio::test]
async fn a_status_change_offers_only_the_allowed_steps_in_dutch() {
    let _turn = serial().await;
    let server = Server::start_with(&[("BASISBAAN_DEMO", "1")]).await;
    let browser = Browser::start(&server).await;
    browser.login("consultant", DEMO_PASSWORD).await;
    browser.goto("/candidates/new").await;
    fill_new_candidate(&browser, "111222333").await;
    browser.click("button#candidate-submit").await;
    browser.click("button#tab-personal").await;
    browser.wait_for_text("#candidate-status", "Aangemeld").await;

    let options = browser.run("return [...document.querySelectorAll('select#status-to option')].filter(o => o.value).map(o => o.value + '=' + o.text);",
    )
    .await;
    assert_eq!(options, json!(["intake=Intake", "exited=Uitgestroomd"]), "registered: only intake or leaving");

    browser.select("select#status-to", "intake").await;
    browser.fill("textarea#status-reason", "Eerste gesprek").await;
    browser.click("button#status-submit").await;
    browser.wait_for_text("#candidate-status", "Intake").await;
    browser.wait_for("#status-done").await;
    let options = browser
        .run("return [...document.querySelectorAll('select#status-to option')].filter(o => o.value).map(o => o.value);")
        .await;
    assert_eq!(options, json!(["eligible", "pre_trajectory", "exited"]), "intake: the next steps");

    // A failed attempt clears the old success message.
    browser.select("select#status-to", "exited").await;
    browser.click("button#status-submit").await;
    browser.wait_for("#status-error").await;
    assert!(!browser.exists("#status-done").await, "the old success message is gone");
    assert!(!browser.exists("#status-region .notice").await, "no success message in the status region either");
    browser.assert_accessible("status change with an error").await;
}

#[tokio::test]
async fn lists_say_when_they_cannot_load_and_use_dutch_formats() {
    let _turn = serial().await;
    let server = Server::start_with(&[("BASISBAAN_DEMO", "1")]).await;
    let browser = Browser::start(&server).await;
    // The app has an icon of its own (the browser no longer asks for a missing /favicon.ico).
    let icon = reqwest::get(server.url("/favicon.svg")).await.unwrap();
    assert_eq!(icon.status().as_u16(), 200);
    assert!(icon.headers()["content-type"].to_str().unwrap().starts_with("image/svg+xml"));
    browser.login("consultant", DEMO_PASSWORD).await;
    assert!(browser.exists("link[rel='icon'][href='/favicon.svg']").await, "the page names its icon");
    browser.click("nav#main-nav a[data-nav='candidates']").await;
    browser.wait_for("table#candidates-table").await;
    browser.wait_for_text("nav.pager", "resultaten").await;

    // The CSV the SPA saves starts with a byte order mark, so Excel reads the accents.
    browser
        .run(
            "window.__blobs = []; const create = URL.createObjectURL; \
         URL.createObjectURL = b => { window.__blobs.push(b); return create(b); };",
        )
        .await;
    browser.click("button#export-candidates").await;
    let bytes = browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1]; \
             const wait = () => window.__blobs.length ? window.__blobs[0].arrayBuffer().then(b => done([...new Uint8Array(b.slice(0, 3))])) : setTimeout(wait, 100); \
             wait();",
            vec![],
        )
        .await
        .expect("reading the saved file");
    assert_eq!(bytes, json!([0xEF, 0xBB, 0xBF]), "the file starts with a UTF-8 BOM");

    // Offline: a clear error, no "0 resultaten".
    browser.run("window.fetch = () => Promise.reject(new TypeError('offline'));").await;
    browser.click("button#candidate-search").await;
    browser.wait_for_text("#list-error", "niet bereikbaar").await;
    let pager_shown = browser.run("const p = document.querySelector('nav.pager'); return !!p && !p.hidden;").await;
    assert_eq!(pager_shown, json!(false), "no pager with 0 results under an error");
    browser.assert_accessible("candidates offline").await;
}

#[tokio::test]
async fn at_320_px_nothing_scrolls_sideways_and_the_focus_follows_the_page() {
    let _turn = serial().await;
    let server = Server::start_with(&[("BASISBAAN_DEMO", "1")]).await;
    let browser = Browser::start(&server).await;
    browser.client.set_window_size(320, 800).await.expect("a phone-sized window");
    let width = browser.run("return window.innerWidth;").await;
    assert!(width.as_u64().unwrap_or(999) <= 340, "the window is phone-sized: {width}");

    browser.login("consultant", DEMO_PASSWORD).await;
    // After login the focus is on the page's heading, not on <body>.
    wait_for_focus(&browser, "main h1").await;
    // The menu is behind a button.
    assert!(!browser.wait_for("a[data-nav='candidates']").await.is_displayed().await.unwrap(), "menu closed");
    browser.click("button#menu-toggle").await;
    browser.click("a[data-nav='candidates']").await;
    browser.wait_for("table#candidates-table").await;
    wait_for_focus(&browser, "main h1").await;
    browser.assert_accessible("candidates at 320 px").await;

    let first = browser.run("return document.querySelector('table#candidates-table a').getAttribute('href');").await;
    let first = first.as_str().unwrap_or_default().to_owned();
    for path in ["/", "/candidates", first.as_str(), "/candidates/new", "/packages", "/tasks", "/sessions"] {
        browser.goto(path).await;
        browser.wait_for("main h1").await;
        tokio::time::sleep(std::time::Duration::from_millis(800)).await;
        let overflow = browser.run("const w = document.documentElement.clientWidth; \
             const wide = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w + 1).slice(0, 5).map(e => e.tagName + '#' + e.id + '.' + e.className); \
             return [document.documentElement.scrollWidth, w, wide];",
        )
        .await;
        let (scroll, client) = (overflow[0].as_u64().unwrap_or(0), overflow[1].as_u64().unwrap_or(0));
        assert!(scroll <= client, "{path} scrolls sideways at 320 px ({scroll} > {client}): {}", overflow[2]);
    }
}

#[tokio::test]
async fn the_home_page_starts_the_work_and_lists_keep_their_state_in_the_url() {
    let _turn = serial().await;
    let server = Server::start_with(&[("BASISBAAN_DEMO", "1")]).await;
    let browser = Browser::start(&server).await;
    browser.login("consultant", DEMO_PASSWORD).await;

    // The consultant's start: packages waiting for approval and candidates in intake, as links.
    browser.wait_for("#tile-packages-submitted a[href='/packages?status=submitted']").await;
    browser.wait_for("#tile-candidates-intake .tile__count").await;
    browser.assert_accessible("home (consultant)").await;
    browser.click("#tile-candidates-intake a").await;
    browser.wait_for("table#candidates-table").await;
    assert_eq!(
        browser.wait_for("select#filter-status").await.prop("value").await.unwrap().as_deref(),
        Some("intake"),
        "the filter comes from the URL"
    );
    let statuses = browser.run(// The sixth cell: the first holds the checkbox of the bulk status change.
        "return [...document.querySelectorAll('#candidates-table tbody tr td:nth-child(6)')].map(td => td.innerText);",
    )
    .await;
    let statuses = statuses.as_array().cloned().unwrap_or_default();
    assert!(!statuses.is_empty() && statuses.iter().all(|s| s == "Intake"), "only candidates in intake: {statuses:?}");

    // Sorting by a column, in the URL, with aria-sort.
    browser.goto("/candidates").await;
    browser.wait_for("table#candidates-table").await;
    browser.click("button#sort-lastName").await;
    browser.wait_for("th[aria-sort='ascending'] button#sort-lastName").await;
    let first_up = browser.run("return document.querySelector('#candidates-table tbody a').innerText;").await;
    browser.click("button#sort-lastName").await;
    browser.wait_for("th[aria-sort='descending'] button#sort-lastName").await;
    let url = browser.client.current_url().await.unwrap().to_string();
    assert!(url.contains("sort=-lastName"), "the order is in the URL: {url}");
    let started = std::time::Instant::now();
    loop {
        let first_down = browser.run("return document.querySelector('#candidates-table tbody a').innerText;").await;
        if first_down != first_up {
            break;
        }
        assert!(started.elapsed().as_secs() < 10, "descending shows another first row than ascending ({first_up})");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    browser.assert_accessible("candidates sorted").await;

    // The page is in the URL: Back from a record returns to page 2, not page 1.
    browser.click("button#pager-next").await;
    browser.wait_for_text("nav.pager", "2 van").await;
    let url = browser.client.current_url().await.unwrap().to_string();
    assert!(url.contains("page=2"), "the page is in the URL: {url}");
    browser.click("#candidates-table tbody a").await;
    browser.wait_for("#candidate-status").await;
    // The title names the record.
    let name = browser.wait_for("main h1").await.text().await.unwrap();
    let started = std::time::Instant::now();
    while !browser.client.title().await.unwrap().starts_with(&name) {
        assert!(started.elapsed().as_secs() < 10, "the title names {name}: {}", browser.client.title().await.unwrap());
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    browser.client.back().await.unwrap();
    browser.wait_for_text("nav.pager", "2 van").await;
    browser.wait_for("th[aria-sort='descending'] button#sort-lastName").await;

    // A partner's start: its packages by status.
    browser.click("button#logout").await;
    browser.wait_for("input#username").await;
    browser.login("partner", DEMO_PASSWORD).await;
    browser.wait_for("#tile-packages-draft a[href='/packages?status=draft']").await;
    browser.wait_for("#tile-packages-open").await;
    browser.assert_accessible("home (partner)").await;

    // The task list's filters are in the URL too: a reload (or a shared link) keeps them.
    browser.goto("/tasks").await;
    browser.wait_for("table#tasks-table").await;
    browser.select("select#filter-active", "false").await;
    let started = std::time::Instant::now();
    while !browser.client.current_url().await.unwrap().to_string().contains("active=false") {
        assert!(started.elapsed().as_secs() < 10, "the filter goes into the URL");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let url = browser.client.current_url().await.unwrap().to_string();
    browser.client.goto(&url).await.unwrap();
    browser.wait_for("main h1").await;
    let started = std::time::Instant::now();
    while browser.wait_for("select#filter-active").await.prop("value").await.unwrap().as_deref() != Some("false") {
        assert!(started.elapsed().as_secs() < 10, "the filter is read back from the URL");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }

    // The task form's schedule is a week grid: a row per part of the day, a column per day.
    browser.wait_for("fieldset#task-schedule table.schedule__grid").await;
    let cells =
        browser.run("return document.querySelectorAll('#task-schedule tbody input[type=checkbox]').length;").await;
    assert_eq!(cells, json!(28), "7 days x 4 parts of the day");
    let rows =
        browser.run("return [...document.querySelectorAll('#task-schedule tbody th')].map(th => th.innerText);").await;
    assert_eq!(rows, json!(["ochtend", "middag", "avond", "nacht"]));
    browser.click("#task-schedule input[aria-label='maandag ochtend']").await;
    let checked = browser
        .run("return document.querySelector(\"#task-schedule input[aria-label='maandag ochtend']\").checked;")
        .await;
    assert_eq!(checked, json!(true));
    browser.assert_accessible("task form with the week grid").await;
}

/// GET `path` of the API as the first admin.
async fn admin_get(server: &Server, path: &str) -> Value {
    Api::login(server, "admin", e2e::ADMIN_PASSWORD).await.get(path).await
}

/// The audit log's denied events of the user `actor`.
async fn denials_of(server: &Server, actor: &str) -> Vec<Value> {
    let events = admin_get(server, "/audit-events?pageSize=100").await;
    events["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["result"] == "denied" && e["actorName"] == actor)
        .cloned()
        .collect()
}

#[tokio::test]
async fn finance_reads_a_person_without_asking_for_intakes_or_history() {
    let _turn = serial().await;
    let server = Server::start_with(&[("BASISBAAN_DEMO", "1")]).await;
    let browser = Browser::start(&server).await;
    let candidates = admin_get(&server, "/candidates?pageSize=1").await;
    let id = candidates["items"][0]["id"].as_str().expect("a demo candidate").to_owned();
    browser.login("financien", DEMO_PASSWORD).await;
    browser.goto(&format!("/candidates/{id}")).await;
    browser.wait_for("#candidate-status").await;
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    // Finance sees who it is, the status and the benefit; the tabs it may not read are not offered.
    assert!(browser.exists("#tab-personal").await);
    for tab in ["#tab-intake", "#tab-abilities", "#tab-history"] {
        assert!(!browser.exists(tab).await, "{tab} is offered to finance");
    }
    let denied = denials_of(&server, "financien").await;
    assert!(denied.is_empty(), "the SPA asked for what finance may not read: {denied:?}");
    browser.assert_accessible("a person's record as finance").await;
}

#[tokio::test]
async fn the_audit_log_reads_as_sentences_and_a_partner_causes_no_false_denials() {
    let _turn = serial().await;
    let server = Server::start_with(&[("BASISBAAN_DEMO", "1")]).await;
    let browser = Browser::start(&server).await;
    // A partner walks its pages; none of them may ask for a list the partner may not read.
    browser.login("partner", DEMO_PASSWORD).await;
    for nav in ["tasks", "sessions", "packages"] {
        browser.goto(&format!("/{nav}")).await;
        browser.wait_for("main h1").await;
        tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    }
    browser.goto("/packages/new").await;
    browser.wait_for("main h1").await;
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;

    let denied = denials_of(&server, "partner").await;
    assert!(denied.is_empty(), "the SPA asked for lists the partner may not read: {denied:?}");

    // The admin reads who did what: a sentence with a link to the record, types from a list.
    browser.click("button#logout").await;
    browser.wait_for("input#username").await;
    browser.login("admin", e2e::ADMIN_PASSWORD).await;
    browser.goto("/admin/audit-events").await;
    browser.wait_for("table#audit-table").await;
    browser.wait_for("select#recordType option[value='task_package']").await;
    browser.select("select#recordType", "user").await;
    browser.click("form button[type='submit']").await;
    browser.wait_for_text("table#audit-table", "Gebruiker ingelogd").await;
    browser.wait_for("table#audit-table a[href^='/admin/users/']").await;
    browser.assert_accessible("audit log with sentences").await;
}

#[tokio::test]
async fn a_rejected_package_keeps_its_reason_in_view_while_it_is_reworked() {
    let _turn = serial().await;
    let server = Server::start_with(&[("BASISBAAN_DEMO", "1")]).await;
    let browser = Browser::start(&server).await;
    browser.login("consultant", DEMO_PASSWORD).await;
    browser.goto("/packages?status=submitted").await;
    // The approval queue shows who submitted and when.
    browser.wait_for("table#packages-table").await;
    let headers = browser.wait_for("table#packages-table thead").await.text().await.unwrap();
    assert!(headers.contains("Organisatie") && headers.contains("Laatst gewijzigd"), "queue columns: {headers}");
    browser.click("table#packages-table tbody a").await;
    browser.wait_for_text("#package-status", "Ingediend").await;
    // The approval has its context: the organisation and the tasks with their hours and schedule.
    let organisation = browser.wait_for("#package-organisation").await;
    browser.wait_for("table#package-task-table tbody tr td").await;
    assert!(!organisation.text().await.unwrap().trim().is_empty(), "the submitting organisation is named");

    browser.fill("input#transition-reason", "Te weinig uren in de middag").await;
    browser.click("button#step-reject").await;
    browser.wait_for_text("#step-question", "afwijzen").await;
    browser.click("button#confirm-yes").await;
    browser.wait_for_text("#package-status", "Afgewezen").await;
    browser.wait_for_text("#rejection-reason", "Te weinig uren").await;
    browser.click("button#step-rework").await;
    browser.wait_for_text("#package-status", "Concept").await;
    browser.wait_for_text("#rejection-reason", "Te weinig uren").await;
    browser.assert_accessible("reworked package with its rejection reason").await;
}

#[tokio::test]
async fn a_consultant_saves_a_search_and_applies_it_again() {
    let _turn = serial().await;
    let server = Server::start_with(&[("BASISBAAN_DEMO", "1")]).await;
    let browser = Browser::start(&server).await;
    browser.login("consultant", DEMO_PASSWORD).await;
    browser.goto("/candidates?status=eligible&sort=-updatedAt").await;
    browser.wait_for("table#candidates-table").await;
    browser.click("details#saved-searches summary").await;
    browser.fill("input#saved-name", "Geschikt, laatst gewijzigd").await;
    browser.click("input#saved-shared").await;
    browser.click("button#saved-save").await;
    browser.wait_for_text("#status-region", "Zoekopdracht bewaard").await;
    browser.assert_accessible("candidates with saved searches").await;

    // Back to no filters, then the saved search brings them back, sort included.
    browser.goto("/candidates").await;
    browser.wait_for("table#candidates-table").await;
    browser.click("details#saved-searches summary").await;
    browser.wait_for_text("select#saved-search", "Geschikt, laatst gewijzigd").await;
    let id = browser.run("return [...document.querySelectorAll('select#saved-search option')].find(o => o.text.startsWith('Geschikt')).value;",
    )
    .await;
    browser.select("select#saved-search", id.as_str().unwrap()).await;
    browser.click("button#saved-apply").await;
    browser.wait_for_path("/candidates").await;
    let started = std::time::Instant::now();
    loop {
        let url = browser.client.current_url().await.unwrap().to_string();
        if url.contains("status=eligible") && url.contains("sort=-updatedAt") {
            break;
        }
        assert!(started.elapsed().as_secs() < 10, "the saved filters are applied: {url}");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(
        browser.wait_for("select#filter-status").await.prop("value").await.unwrap().as_deref(),
        Some("eligible")
    );

    // Its owner deletes it after confirming.
    browser.click("button#saved-delete").await;
    browser.click("button#confirm-yes").await;
    browser.wait_for_text("#status-region", "Zoekopdracht verwijderd").await;
    let left = admin_get(&server, "/saved-searches").await;
    assert_eq!(left["totalItems"], 0, "the shared search is gone for its colleagues too");
}

#[tokio::test]
async fn the_slash_key_opens_the_quick_search_which_leads_to_a_person() {
    let _turn = serial().await;
    let server = Server::start_with(&[("BASISBAAN_DEMO", "1")]).await;
    let browser = Browser::start(&server).await;
    browser.login("consultant", DEMO_PASSWORD).await;
    browser.wait_for("main h1").await;
    // `/` outside a field opens the search page with the focus in its box.
    browser
        .run("document.body.dispatchEvent(new KeyboardEvent('keydown', {key: '/', bubbles: true})); return null;")
        .await;
    browser.wait_for_path("/search").await;
    wait_for_focus(&browser, "input#quick-query").await;
    let candidates = admin_get(&server, "/candidates?pageSize=1&sort=lastName").await;
    let last_name = candidates["items"][0]["lastName"].as_str().expect("a demo candidate").to_owned();
    browser.fill("input#quick-query", &last_name).await;
    browser.click("button#quick-submit").await;
    browser.wait_for_text("section#quick-people", &last_name).await;
    let url = browser.client.current_url().await.unwrap().to_string();
    assert!(!url.contains(&last_name), "the search text stays out of the URL: {url}");
    browser.assert_accessible("quick search with hits").await;
    browser.click("section#quick-people a").await;
    browser.wait_for("#panel-timeline").await;
    assert!(browser.path().await.starts_with("/candidates/"));
}

#[tokio::test]
async fn a_consultant_previews_and_confirms_a_bulk_status_change() {
    let _turn = serial().await;
    let server = Server::start_with(&[("BASISBAAN_DEMO", "1")]).await;
    let browser = Browser::start(&server).await;
    browser.login("consultant", DEMO_PASSWORD).await;
    browser.goto("/candidates?status=registered").await;
    browser.wait_for("table#candidates-table input.bulk-pick").await;
    browser.run("document.querySelectorAll('input.bulk-pick')[0].click(); document.querySelectorAll('input.bulk-pick')[1].click(); return null;").await;
    browser.wait_for_text("#bulk-title", "(2 geselecteerd)").await;
    browser.select("select#bulk-to", "eligible").await;
    browser.fill("input#bulk-reason", "Na intake geschikt").await;
    browser.click("button#bulk-preview").await;
    // Registered people cannot become eligible at once: the preview says so and the change stays off.
    browser.wait_for("#bulk-refusals li").await;
    assert_eq!(browser.wait_for("button#bulk-confirm").await.prop("disabled").await.unwrap().as_deref(), Some("true"));
    browser.select("select#bulk-to", "intake").await;
    browser.click("button#bulk-preview").await;
    browser.wait_for_text("#bulk-changes", "Aangemeld → Intake").await;
    browser.assert_accessible("bulk status preview").await;
    browser.click("button#bulk-confirm").await;
    browser.wait_for_text("#status-region", "Statussen gewijzigd").await;
    let events = admin_get(&server, "/audit-events?recordType=candidate&pageSize=100").await;
    let steps = events["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| {
            e["details"].as_str().is_some_and(|d| d.contains("registered -> intake")) && e["actorName"] == "consultant"
        })
        .count();
    assert_eq!(steps, 2, "two candidates changed, each audited");
}
