//! The router, the session (who is logged in) and the layout with the navigation of each role.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::path;
use shared::auth::{CurrentUser, Role};

use crate::i18n::{I18n, Lang, role_name, tr, use_i18n};
use crate::pages;

/// Who is logged in. `Checking` while the silent refresh at start is under way.
#[derive(Debug, Clone, PartialEq)]
pub enum SessionState {
    Checking,
    LoggedOut,
    LoggedIn(CurrentUser),
}

#[derive(Debug, Clone, Copy)]
pub struct Session(pub RwSignal<SessionState>);

pub fn use_session() -> Session {
    expect_context::<Session>()
}

impl Session {
    pub fn user(&self) -> Option<CurrentUser> {
        match self.0.get() {
            SessionState::LoggedIn(user) => Some(user),
            _ => None,
        }
    }

    pub fn role(&self) -> Option<Role> {
        self.user().map(|u| u.role)
    }
}

/// Called by the API client when a token cannot be refreshed: back to the login page, which returns to
/// this page after logging in again.
pub fn session_expired() {
    crate::api::set_token(None);
    if let Some(window) = web_sys::window() {
        let path = window.location().pathname().unwrap_or_default();
        let target = if path.is_empty() || path == "/" || path == "/login" {
            "/login".to_owned()
        } else {
            format!("/login?next={}", js_sys::encode_uri_component(&path))
        };
        let _ = window.location().set_href(&target);
    }
}

fn stored_lang() -> Lang {
    let stored = web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item("basisbaan-lang").ok().flatten());
    if stored.as_deref() == Some("en") { Lang::En } else { Lang::Nl }
}

/// Keeps the document's title (`Page - Basisbaan`) in the chosen language while the page is shown.
pub fn page_title(pick: fn(&'static crate::i18n::Texts) -> &'static str) {
    let i18n = use_i18n();
    Effect::new(move |_| set_title(pick(crate::i18n::texts(i18n.0.get()))));
}

/// Sets the document's title (`Page - Basisbaan`).
pub fn set_title(title: &str) {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        document.set_title(&format!("{title} - Basisbaan"));
    }
}

#[component]
pub fn App() -> impl IntoView {
    let lang = RwSignal::new(stored_lang());
    provide_context(I18n(lang));
    Effect::new(move |_| {
        let code = lang.get().code();
        crate::api::set_language(code);
        if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
            let _ = root.set_attribute("lang", code);
        }
        if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
            let _ = storage.set_item("basisbaan-lang", code);
        }
    });
    let session = Session(RwSignal::new(SessionState::Checking));
    provide_context(session);
    crate::components::Toasts::provide();
    leptos::task::spawn_local(async move {
        let state = match crate::api::refresh().await {
            Ok(login) => SessionState::LoggedIn(login.user),
            Err(_) => SessionState::LoggedOut,
        };
        session.0.set(state);
    });

    view! {
        <Router>
            <Routes fallback=|| view! { <Shell><pages::not_found::NotFound/></Shell> }>
                <Route path=path!("/login") view=pages::login::Login/>
                <Route path=path!("/") view=|| view! { <Shell><pages::home::Home/></Shell> }/>
                <Route path=path!("/account") view=|| view! { <Shell><pages::account::Account/></Shell> }/>
                <Route path=path!("/admin/users") view=|| view! { <Shell><pages::users::UserList/></Shell> }/>
                <Route path=path!("/admin/users/new") view=|| view! { <Shell><pages::users::NewUser/></Shell> }/>
                <Route path=path!("/admin/users/:id") view=|| view! { <Shell><pages::users::UserDetail/></Shell> }/>
                <Route path=path!("/admin/api-clients") view=|| view! { <Shell><pages::api_clients::ApiClients/></Shell> }/>
                <Route path=path!("/admin/audit-events") view=|| view! { <Shell><pages::audit::AuditLog/></Shell> }/>
                <Route path=path!("/admin/reference") view=|| view! { <Shell><pages::reference::ReferenceData/></Shell> }/>
                <Route path=path!("/organisations/import") view=|| view! { <Shell><pages::import::ImportOrganisations/></Shell> }/>
                <Route path=path!("/organisations/:id") view=|| view! { <Shell><pages::organisation::OrganisationProfile/></Shell> }/>
                <Route path=path!("/my-organisation") view=|| view! { <Shell><pages::organisation::OrganisationProfile/></Shell> }/>
                <Route path=path!("/organisations") view=|| view! { <Shell><pages::organisations::Organisations/></Shell> }/>
                <Route path=path!("/candidates") view=|| view! { <Shell><pages::candidates::CandidateList/></Shell> }/>
                <Route path=path!("/candidates/import") view=|| view! { <Shell><pages::import::ImportCandidates/></Shell> }/>
                <Route path=path!("/candidates/new") view=|| view! { <Shell><pages::candidates::NewCandidate/></Shell> }/>
                <Route path=path!("/candidates/:id") view=|| view! { <Shell><pages::candidates::CandidateDetail/></Shell> }/>
                <Route path=path!("/candidates/:id/inzage") view=|| view! { <Shell><pages::inzage::CandidateInzage/></Shell> }/>
                <Route path=path!("/candidates/:id/edit") view=|| view! { <Shell><pages::candidates::EditCandidate/></Shell> }/>
                <Route path=path!("/tasks") view=|| view! { <Shell><pages::tasks::Tasks/></Shell> }/>
                <Route path=path!("/tasks/:id") view=|| view! { <Shell><pages::task_forms::TaskDetail/></Shell> }/>
                <Route path=path!("/packages") view=|| view! { <Shell><pages::tasks::Packages/></Shell> }/>
                <Route path=path!("/packages/new") view=|| view! { <Shell><pages::tasks::PackageBuilder/></Shell> }/>
                <Route path=path!("/packages/:id") view=|| view! { <Shell><pages::tasks::PackageDetail/></Shell> }/>
                <Route path=path!("/sessions") view=|| view! { <Shell><pages::tasks::Sessions/></Shell> }/>
                <Route path=path!("/sessions/:id") view=|| view! { <Shell><pages::tasks::SessionDetail/></Shell> }/>
                <Route path=path!("/packages/:id/candidates") view=|| view! { <Shell><pages::matching::ranked::PackageCandidates/></Shell> }/>
                <Route path=path!("/candidates/:id/packages") view=|| view! { <Shell><pages::matching::ranked::CandidatePackages/></Shell> }/>
                <Route path=path!("/matches") view=|| view! { <Shell><pages::matching::matches::MatchBoard/></Shell> }/>
                <Route path=path!("/matches/:id") view=|| view! { <Shell><pages::matching::matches::MatchDetail/></Shell> }/>
                <Route path=path!("/matching-rounds") view=|| view! { <Shell><pages::matching::rounds::Rounds/></Shell> }/>
                <Route path=path!("/matching-rounds/new") view=|| view! { <Shell><pages::matching::rounds::NewRound/></Shell> }/>
                <Route path=path!("/matching-rounds/:id") view=|| view! { <Shell><pages::matching::rounds::RoundDetail/></Shell> }/>
                <Route path=path!("/admin/fit-weights") view=|| view! { <Shell><pages::matching::weights::FitWeightsPage/></Shell> }/>
                <Route path=path!("/organisation-matches") view=|| view! { <Shell><pages::matching::organisation::OrganisationMatches/></Shell> }/>
                <Route path=path!("/caseload-matches") view=|| view! { <Shell><pages::matching::caseload::CaseloadMatches/></Shell> }/>
            </Routes>
        </Router>
    }
}

/// One entry of the main navigation.
struct NavItem {
    href: &'static str,
    key: &'static str,
    label: fn(&'static crate::i18n::Texts) -> &'static str,
    roles: &'static [Role],
}

const EVERYONE: &[Role] = &Role::ALL;
const TASK_ACTORS: &[Role] = &[Role::Admin, Role::Consultant, Role::JobCoach, Role::Partner];

const NAV: &[NavItem] = &[
    NavItem { href: "/", key: "home", label: |t| t.nav_home, roles: EVERYONE },
    NavItem {
        href: "/candidates",
        key: "candidates",
        label: |t| t.nav_candidates,
        roles: &[Role::Admin, Role::Consultant, Role::JobCoach, Role::Finance],
    },
    NavItem {
        href: "/sessions",
        key: "sessions",
        label: |t| crate::i18n_tasks::task_texts(t.lang).sessions_title,
        roles: TASK_ACTORS,
    },
    NavItem {
        href: "/tasks",
        key: "tasks",
        label: |t| crate::i18n_tasks::task_texts(t.lang).tasks_title,
        roles: TASK_ACTORS,
    },
    NavItem {
        href: "/packages",
        key: "packages",
        label: |t| crate::i18n_tasks::task_texts(t.lang).packages_title,
        roles: TASK_ACTORS,
    },
    NavItem {
        href: "/matches",
        key: "matches",
        label: |t| crate::i18n_matching::match_texts(t.lang).matches_title,
        roles: crate::pages::matching::MATCHERS,
    },
    NavItem {
        href: "/matching-rounds",
        key: "matching-rounds",
        label: |t| crate::i18n_matching::match_texts(t.lang).rounds_title,
        roles: crate::pages::matching::MATCHERS,
    },
    NavItem { href: "/my-organisation", key: "my-organisation", label: |t| t.my_organisation, roles: &[Role::Partner] },
    NavItem {
        href: "/organisation-matches",
        key: "organisation-matches",
        label: |t| crate::i18n_matching::match_texts(t.lang).organisation_matches_title,
        roles: &[Role::Partner],
    },
    NavItem {
        href: "/caseload-matches",
        key: "caseload-matches",
        label: |t| crate::i18n_matching::match_texts(t.lang).caseload_matches_title,
        roles: &[Role::JobCoach],
    },
    NavItem {
        href: "/organisations",
        key: "organisations",
        label: |t| t.nav_organisations,
        roles: &[Role::Admin, Role::Consultant],
    },
    NavItem { href: "/admin/reference", key: "reference", label: |t| t.nav_reference, roles: &[Role::Admin] },
    NavItem {
        href: "/admin/fit-weights",
        key: "fit-weights",
        label: |t| crate::i18n_matching::match_texts(t.lang).weights_title,
        roles: &[Role::Admin],
    },
    NavItem { href: "/admin/users", key: "users", label: |t| t.nav_users, roles: &[Role::Admin] },
    NavItem { href: "/admin/api-clients", key: "api-clients", label: |t| t.nav_api_clients, roles: &[Role::Admin] },
    NavItem { href: "/admin/audit-events", key: "audit-events", label: |t| t.nav_audit, roles: &[Role::Admin] },
    NavItem { href: "/account", key: "account", label: |t| t.nav_account, roles: EVERYONE },
];

/// The layout of every page behind the login: skip link, header, navigation for the role, main.
#[component]
pub fn Shell(children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let navigate = use_navigate();
    let location = use_location();
    // Set when the user logs out: then the login page starts fresh instead of returning here.
    let logging_out = StoredValue::new(false);
    Effect::new(move |_| {
        if session.0.get() == SessionState::LoggedOut {
            let next = location.pathname.get_untracked();
            let target = if next == "/" || logging_out.get_value() {
                "/login".to_owned()
            } else {
                format!("/login?next={}", js_sys::encode_uri_component(&next))
            };
            navigate(&target, Default::default());
        }
    });
    let logout = move |_| {
        logging_out.set_value(true);
        leptos::task::spawn_local(async move {
            crate::api::logout().await;
            session.0.set(SessionState::LoggedOut);
        });
    };
    // After login and after each navigation the focus goes to the page's heading, so a screen reader
    // starts at the new page instead of at the top of the document.
    Effect::new(move |_| {
        let _ = location.pathname.get();
        if matches!(session.0.get(), SessionState::LoggedIn(_)) {
            focus_heading();
        }
    });
    let menu_open = RwSignal::new(false);
    Effect::new(move |_| {
        let _ = location.pathname.get();
        menu_open.set(false);
    });
    let children = StoredValue::new(children);
    move || match session.0.get() {
        SessionState::Checking | SessionState::LoggedOut => view! {
            <main id="main" class="page page--loading"><p role="status">{tr(|t| t.loading)}</p></main>
        }
        .into_any(),
        SessionState::LoggedIn(user) => {
            let role = user.role;
            let items = NAV
                .iter()
                .filter(|item| item.roles.contains(&role))
                .map(|item| {
                    let label = item.label;
                    let href = item.href;
                    let current = move || {
                        let path = location.pathname.get();
                        let here = if href == "/" { path == "/" } else { path.starts_with(href) };
                        here.then_some("page")
                    };
                    view! { <li><a href=href data-nav=item.key aria-current=current>{tr(label)}</a></li> }
                })
                .collect_view();
            view! {
                <a class="skip-link" href="#main">{tr(|t| t.skip_to_content)}</a>
                <header class="site-header">
                    <span class="site-header__brand">{tr(|t| t.app_name)}</span>
                    <span class="site-header__user">
                        <span id="current-user">{user.display_name.clone()}</span>
                        " · "
                        <span>{move || role_name(i18n.0.get(), role)}</span>
                    </span>
                    <LangSwitch/>
                    <button type="button" id="logout" class="button button--secondary" on:click=logout>{tr(|t| t.logout)}</button>
                </header>
                <nav id="main-nav" class="main-nav" class:main-nav--open=move || menu_open.get() aria-label=tr(|t| t.main_menu)>
                    <button type="button" id="menu-toggle" class="button button--secondary main-nav__toggle"
                        aria-expanded=move || if menu_open.get() { "true" } else { "false" }
                        aria-controls="main-nav-list"
                        on:click=move |_| menu_open.update(|open| *open = !*open)>{tr(|t| t.menu)}</button>
                    <ul id="main-nav-list">{items}</ul>
                </nav>
                <main id="main" class="page" tabindex="-1">
                    <crate::components::StatusRegion/>
                    {children.with_value(|c| c())}
                </main>
            }
            .into_any()
        }
    }
}

/// Moves the focus to the page's first heading (it gets `tabindex="-1"` for that), once the new page has
/// replaced the old one (the login page has a heading of its own); if it is not drawn yet, a moment later.
pub fn focus_heading() {
    use wasm_bindgen::JsCast;
    fn focus_now() -> bool {
        let Some(heading) =
            web_sys::window().and_then(|w| w.document()).and_then(|d| d.query_selector("main h1").ok().flatten())
        else {
            return false;
        };
        let _ = heading.set_attribute("tabindex", "-1");
        if let Some(heading) = heading.dyn_ref::<web_sys::HtmlElement>() {
            let _ = heading.focus();
        }
        true
    }
    fn later(milliseconds: i32, retry: bool) {
        let Some(window) = web_sys::window() else { return };
        let callback = wasm_bindgen::closure::Closure::once_into_js(move || {
            if !focus_now() && retry {
                later(150, false);
            }
        });
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), milliseconds);
    }
    later(0, true);
}

/// The button that switches between Dutch and English. Its text is in the other language, so it carries
/// that language's `lang` for screen readers.
#[component]
pub fn LangSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let other = move || i18n.0.get().other();
    view! {
        <button
            type="button"
            id="lang-switch"
            class="button button--secondary"
            lang=move || other().code()
            on:click=move |_| i18n.0.set(other())
        >
            {tr(|t| t.switch_language)}
        </button>
    }
}

/// A page part shown only to `roles`; others read that they have no access.
#[component]
pub fn RequireRole(roles: &'static [Role], children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    let children = StoredValue::new(children);
    move || {
        if session.role().is_some_and(|r| roles.contains(&r)) {
            children.with_value(|c| c()).into_any()
        } else {
            view! { <p class="notice notice--warning" role="alert">{tr(|t| t.no_access)}</p> }.into_any()
        }
    }
}
