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

/// Called by the API client when a token cannot be refreshed: back to the login page.
pub fn session_expired() {
    crate::api::set_token(None);
    if let Some(window) = web_sys::window() {
        let _ = window.location().set_href("/login");
    }
}

fn stored_lang() -> Lang {
    let stored = web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item("basisbaan-lang").ok().flatten());
    if stored.as_deref() == Some("en") { Lang::En } else { Lang::Nl }
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
        if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
            let _ = root.set_attribute("lang", code);
        }
        if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
            let _ = storage.set_item("basisbaan-lang", code);
        }
    });
    let session = Session(RwSignal::new(SessionState::Checking));
    provide_context(session);
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
                <Route path=path!("/organisations") view=|| view! { <Shell><pages::organisations::Organisations/></Shell> }/>
                <Route path=path!("/candidates") view=|| view! { <Shell><pages::candidates::CandidateList/></Shell> }/>
                <Route path=path!("/candidates/import") view=|| view! { <Shell><pages::import::ImportCandidates/></Shell> }/>
                <Route path=path!("/candidates/new") view=|| view! { <Shell><pages::candidates::NewCandidate/></Shell> }/>
                <Route path=path!("/candidates/:id") view=|| view! { <Shell><pages::candidates::CandidateDetail/></Shell> }/>
                <Route path=path!("/candidates/:id/edit") view=|| view! { <Shell><pages::candidates::EditCandidate/></Shell> }/>
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

const NAV: &[NavItem] = &[
    NavItem { href: "/", key: "home", label: |t| t.nav_home, roles: EVERYONE },
    NavItem { href: "/candidates", key: "candidates", label: |t| t.nav_candidates, roles: &[Role::Admin, Role::Consultant, Role::JobCoach, Role::Finance] },
    NavItem { href: "/organisations", key: "organisations", label: |t| t.nav_organisations, roles: &[Role::Admin, Role::Consultant] },
    NavItem { href: "/admin/reference", key: "reference", label: |t| t.nav_reference, roles: &[Role::Admin] },
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
    Effect::new(move |_| {
        if session.0.get() == SessionState::LoggedOut {
            let next = location.pathname.get_untracked();
            let target = if next == "/" { "/login".to_owned() } else { format!("/login?next={}", js_sys::encode_uri_component(&next)) };
            navigate(&target, Default::default());
        }
    });
    let logout = move |_| {
        leptos::task::spawn_local(async move {
            crate::api::logout().await;
            session.0.set(SessionState::LoggedOut);
        });
    };
    let switch = move |_| i18n.0.update(|lang| *lang = if *lang == Lang::Nl { Lang::En } else { Lang::Nl });
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
                    <button type="button" id="lang-switch" class="button button--secondary" on:click=switch>
                        {tr(|t| t.switch_language)}
                    </button>
                    <button type="button" id="logout" class="button button--secondary" on:click=logout>{tr(|t| t.logout)}</button>
                </header>
                <nav id="main-nav" class="main-nav" aria-label=tr(|t| t.main_menu)>
                    <ul>{items}</ul>
                </nav>
                <main id="main" class="page" tabindex="-1">{children.with_value(|c| c())}</main>
            }
            .into_any()
        }
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
