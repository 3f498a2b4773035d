//! NL Design System for real (issue 9): the SPA's buttons, fields, tables and alerts carry the community's
//! CSS components' class names (`utrecht-*`, bundled from npm into `dist/nlds.css` by `cargo xtask
//! build-spa`), and their look comes from a theme of design tokens. The default Basisbaan theme is bundled;
//! a municipality's theme swapped in restyles the same elements. Here the second theme is the Utrecht tokens
//! package from `node_modules` (`@utrecht/design-tokens`), loaded into the running page the way the bundle
//! loads a configured one (`BASISBAAN_THEME`): its tokens after the default ones, its class on `<body>`.

use e2e::{Browser, Server, serial};
use serde_json::{Value, json};

/// The default theme's primary button colour (`frontend/theme/basisbaan.css`: #005a9c).
const BASISBAAN_PRIMARY: &str = "rgb(0, 90, 156)";
/// The project's own base stylesheet gives buttons the same colour through `--basisbaan-color-primary`; a
/// throwaway value for it shows that the colour seen comes from the NL Design System component.
const FALLBACK_PROBE: &str = "rgb(1, 2, 3)";

async fn run(browser: &Browser, script: &str, args: Vec<Value>) -> Value {
    browser.client.execute(script, args).await.unwrap_or_else(|e| panic!("running {script}: {e}"))
}

/// The computed colours of the login button: (background, text).
async fn button_colours(browser: &Browser) -> (String, String) {
    let value = run(
        browser,
        "const s = getComputedStyle(document.querySelector('#login-submit')); \
         return [s.backgroundColor, s.color];",
        vec![],
    )
    .await;
    (value[0].as_str().unwrap_or_default().to_owned(), value[1].as_str().unwrap_or_default().to_owned())
}

/// What a colour token resolves to under the page's current theme, as the browser computes a colour.
async fn token_colour(browser: &Browser, token: &str) -> String {
    let script = "const probe = document.createElement('div'); \
                  probe.style.backgroundColor = 'var(' + arguments[0] + ')'; \
                  document.body.appendChild(probe); \
                  const colour = getComputedStyle(probe).backgroundColor; probe.remove(); return colour;";
    run(browser, script, vec![json!(token)]).await.as_str().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn a_second_theme_restyles_the_components_and_the_default_theme_is_accessible() {
    let _turn = serial().await;
    let server = Server::start().await;
    let browser = Browser::start(&server).await;
    browser.goto("/login").await;
    browser.wait_for("button#login-submit").await;

    // The components' CSS is bundled from the server itself (no CDN), as one content-hashed file, and the
    // default theme's class is on <body>.
    let sheets = run(
        &browser,
        "return [...document.styleSheets].map(s => s.href ? new URL(s.href).pathname + ' ' + \
         (new URL(s.href).origin === location.origin) : 'inline');",
        vec![],
    )
    .await;
    let sheets: Vec<String> =
        sheets.as_array().expect("a list").iter().map(|s| s.as_str().unwrap_or_default().to_owned()).collect();
    assert!(
        sheets.iter().any(|s| s.starts_with("/nlds-") && s.ends_with(".css true")),
        "the NL Design System bundle is loaded from the server: {sheets:?}"
    );
    assert!(sheets.iter().all(|s| s.ends_with(" true")), "every style sheet comes from the server: {sheets:?}");
    let body_class = run(&browser, "return document.body.className;", vec![]).await;
    assert_eq!(body_class, json!("basisbaan-theme"));
    let classes = run(&browser, "return document.querySelector('#login-submit').className;", vec![]).await;
    let classes = classes.as_str().unwrap_or_default();
    assert!(classes.contains("utrecht-button utrecht-button--primary-action"), "the button's classes: {classes}");
    let field = run(&browser, "return document.querySelector('input#username').className;", vec![]).await;
    assert!(field.as_str().unwrap_or_default().contains("utrecht-textbox"), "the field's classes: {field}");

    // The default theme: the button has its colour, and it is the component's (the base stylesheet's own
    // token changed to a throwaway value changes nothing).
    assert_eq!(button_colours(&browser).await.0, BASISBAAN_PRIMARY);
    run(&browser, "document.documentElement.style.setProperty('--basisbaan-color-primary', 'rgb(1, 2, 3)');", vec![])
        .await;
    let (background, text) = button_colours(&browser).await;
    assert_eq!(background, BASISBAAN_PRIMARY, "the NL Design System button, not the fallback ({FALLBACK_PROBE})");
    assert_eq!(text, "rgb(255, 255, 255)");
    run(&browser, "document.documentElement.style.removeProperty('--basisbaan-color-primary');", vec![]).await;
    // axe-core, colour contrast included, in the default theme.
    browser.assert_accessible("the login page in the default theme").await;

    // A second theme: the Utrecht design tokens package, after the bundle, its class on <body>.
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace root")
        .join("node_modules/@utrecht/design-tokens/dist/theme.css");
    let tokens = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("reading the second theme at {}: {e} (run: npm ci)", path.display()));
    run(
        &browser,
        // A constructed style sheet (the app's Content-Security-Policy refuses inline <style>): it comes
        // after the document's own sheets in the cascade, as the bundle puts a chosen theme after the default.
        "const sheet = new CSSStyleSheet(); sheet.replaceSync(arguments[0]); \
         document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet]; \
         document.body.classList.add('utrecht-theme');",
        vec![json!(tokens)],
    )
    .await;
    let utrecht_primary = token_colour(&browser, "--utrecht-button-primary-action-background-color").await;
    assert_ne!(utrecht_primary, BASISBAAN_PRIMARY, "the second theme has its own primary colour");
    assert_ne!(utrecht_primary, "rgba(0, 0, 0, 0)", "the second theme defines the token");
    let (background, _) = button_colours(&browser).await;
    assert_eq!(background, utrecht_primary, "the button follows the second theme");
    // Its form fields follow too.
    let border =
        run(&browser, "return getComputedStyle(document.querySelector('input#username')).borderTopColor;", vec![])
            .await;
    assert_eq!(border, json!(token_colour(&browser, "--utrecht-form-control-border-color").await));

    // And back: without the second theme's class the default tokens apply again.
    run(&browser, "document.body.classList.remove('utrecht-theme');", vec![]).await;
    assert_eq!(button_colours(&browser).await.0, BASISBAAN_PRIMARY);
}
