//! The router, the session (who is logged in) and the layout with the navigation of each role.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::path;
use leptos_router::{Lazy, LazyRoute};
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
            // `/*any` (last: the first route that matches wins) shows the not-found page in the layout, so
            // that it loads lazily too; the fallback is never reached.
            <Routes fallback=|| ()>
                <Route path=path!("/login") view=pages::login::Login/>
                <Route path=path!("/") view={Lazy::<HomePage>::new()}/>
                <Route path=path!("/account") view={Lazy::<AccountPage>::new()}/>
                <Route path=path!("/admin/users") view={Lazy::<UserListPage>::new()}/>
                <Route path=path!("/admin/users/new") view={Lazy::<NewUserPage>::new()}/>
                <Route path=path!("/admin/users/:id") view={Lazy::<UserDetailPage>::new()}/>
                <Route path=path!("/admin/api-clients") view={Lazy::<ApiClientsPage>::new()}/>
                <Route path=path!("/admin/audit-events") view={Lazy::<AuditLogPage>::new()}/>
                <Route path=path!("/admin/reference") view={Lazy::<ReferenceDataPage>::new()}/>
                <Route path=path!("/organisations/import") view={Lazy::<ImportOrganisationsPage>::new()}/>
                <Route path=path!("/organisations/:id") view={Lazy::<OrganisationProfilePage>::new()}/>
                <Route path=path!("/my-organisation") view={Lazy::<OrganisationProfilePage>::new()}/>
                <Route path=path!("/organisations") view={Lazy::<OrganisationsPage>::new()}/>
                <Route path=path!("/candidates") view={Lazy::<CandidateListPage>::new()}/>
                <Route path=path!("/candidates/import") view={Lazy::<ImportCandidatesPage>::new()}/>
                <Route path=path!("/candidates/new") view={Lazy::<NewCandidatePage>::new()}/>
                <Route path=path!("/candidates/:id") view={Lazy::<CandidateDetailPage>::new()}/>
                <Route path=path!("/candidates/:id/inzage") view={Lazy::<CandidateInzagePage>::new()}/>
                <Route path=path!("/candidates/:id/edit") view={Lazy::<EditCandidatePage>::new()}/>
                <Route path=path!("/tasks") view={Lazy::<TasksPage>::new()}/>
                <Route path=path!("/tasks/:id") view={Lazy::<TaskDetailPage>::new()}/>
                <Route path=path!("/packages") view={Lazy::<PackagesPage>::new()}/>
                <Route path=path!("/packages/new") view={Lazy::<PackageBuilderPage>::new()}/>
                <Route path=path!("/packages/:id") view={Lazy::<PackageDetailPage>::new()}/>
                <Route path=path!("/sessions") view={Lazy::<SessionsPage>::new()}/>
                <Route path=path!("/sessions/:id") view={Lazy::<SessionDetailPage>::new()}/>
                <Route path=path!("/packages/:id/candidates") view={Lazy::<PackageCandidatesPage>::new()}/>
                <Route path=path!("/candidates/:id/packages") view={Lazy::<CandidatePackagesPage>::new()}/>
                <Route path=path!("/matches") view={Lazy::<MatchBoardPage>::new()}/>
                <Route path=path!("/matches/:id") view={Lazy::<MatchDetailPage>::new()}/>
                <Route path=path!("/matching-rounds") view={Lazy::<RoundsPage>::new()}/>
                <Route path=path!("/matching-rounds/new") view={Lazy::<NewRoundPage>::new()}/>
                <Route path=path!("/matching-rounds/:id") view={Lazy::<RoundDetailPage>::new()}/>
                <Route path=path!("/admin/fit-weights") view={Lazy::<FitWeightsRoute>::new()}/>
                <Route path=path!("/search") view={Lazy::<QuickSearchPage>::new()}/>
                <Route path=path!("/contracts") view={Lazy::<ContractListPage>::new()}/>
                <Route path=path!("/contracts/new") view={Lazy::<NewContractPage>::new()}/>
                <Route path=path!("/contracts/:id") view={Lazy::<ContractDetailPage>::new()}/>
                <Route path=path!("/contracts/:id/print") view={Lazy::<ContractPrintPage>::new()}/>
                <Route path=path!("/budget") view={Lazy::<BudgetRoute>::new()}/>
                <Route path=path!("/income-assumptions") view={Lazy::<IncomeAssumptionsRoute>::new()}/>
                <Route path=path!("/dashboard") view={Lazy::<DashboardRoute>::new()}/>
                <Route path=path!("/organisation-matches") view={Lazy::<OrganisationMatchesPage>::new()}/>
                <Route path=path!("/caseload-matches") view={Lazy::<CaseloadMatchesPage>::new()}/>
                <Route path=path!("/caseload") view={Lazy::<CaseloadPage>::new()}/>
                <Route path=path!("/duplicates") view={Lazy::<DuplicatesPage>::new()}/>
                <Route path=path!("/candidates/:id/guidance") view={Lazy::<GuidancePageRoute>::new()}/>
                <Route path=path!("/organisations/:id/notes") view={Lazy::<EmployerNotesPage>::new()}/>
                <Route path=path!("/*any") view={Lazy::<NotFoundPage>::new()}/>
            </Routes>
        </Router>
    }
}

/// The pages behind the login, each shown in the [`Shell`]. They load lazily: `cargo xtask build-spa`
/// splits the wasm (wasm-split, as Leptos' `#[lazy_route]` does) into the main module, which holds the
/// router, the session, the API client and the login page, and one module per group named here
/// (`candidates`, `tasks`, ...), fetched the first time one of its pages is opened, plus chunks of the code
/// that several groups share. So the login page loads none of the staff pages. A page joins a group with
/// one line: `RouteType: group, loader_name => path::to::Component;` (`loader_name` unique, snake case).
macro_rules! lazy_pages {
    ($($route:ident: $group:ident, $load:ident => $($page:ident)::+;)*) => {$(
        struct $route;

        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            async fn view(_: Self) -> AnyView {
                $load::$load().await
            }

            async fn preload() {
                $load::preload().await
            }
        }

        mod $load {
            use super::*;

            #[leptos::wasm_split::wasm_split($group, wasm_split_path = ::leptos::wasm_split, preload(preload))]
            pub fn $load() -> AnyView {
                view! { <Shell><$($page)::+/></Shell> }.into_any()
            }
        }
    )*};
}

lazy_pages! {
    HomePage: start, home_page => pages::home::Home;
    AccountPage: start, account_page => pages::account::Account;
    NotFoundPage: start, not_found_page => pages::not_found::NotFound;
    UserListPage: admin, user_list_page => pages::users::UserList;
    NewUserPage: admin, new_user_page => pages::users::NewUser;
    UserDetailPage: admin, user_detail_page => pages::users::UserDetail;
    ApiClientsPage: admin, api_clients_page => pages::api_clients::ApiClients;
    AuditLogPage: admin, audit_log_page => pages::audit::AuditLog;
    ReferenceDataPage: admin, reference_data_page => pages::reference::ReferenceData;
    ImportOrganisationsPage: imports, import_organisations_page => pages::import::ImportOrganisations;
    OrganisationProfilePage: organisations, organisation_profile_page => pages::organisation::OrganisationProfile;
    OrganisationsPage: organisations, organisations_page => pages::organisations::Organisations;
    CandidateListPage: candidates, candidate_list_page => pages::candidates::CandidateList;
    ImportCandidatesPage: imports, import_candidates_page => pages::import::ImportCandidates;
    NewCandidatePage: candidate, new_candidate_page => pages::candidates::NewCandidate;
    CandidateDetailPage: candidate, candidate_detail_page => pages::candidates::CandidateDetail;
    CandidateInzagePage: candidate, candidate_inzage_page => pages::inzage::CandidateInzage;
    EditCandidatePage: candidate, edit_candidate_page => pages::candidates::EditCandidate;
    TasksPage: tasks, tasks_page => pages::tasks::Tasks;
    TaskDetailPage: tasks, task_detail_page => pages::task_forms::TaskDetail;
    PackagesPage: tasks, packages_page => pages::tasks::Packages;
    PackageBuilderPage: tasks, package_builder_page => pages::tasks::PackageBuilder;
    PackageDetailPage: tasks, package_detail_page => pages::tasks::PackageDetail;
    SessionsPage: tasks, sessions_page => pages::tasks::Sessions;
    SessionDetailPage: tasks, session_detail_page => pages::tasks::SessionDetail;
    PackageCandidatesPage: matching, package_candidates_page => pages::matching::ranked::PackageCandidates;
    CandidatePackagesPage: matching, candidate_packages_page => pages::matching::ranked::CandidatePackages;
    MatchBoardPage: matching, match_board_page => pages::matching::matches::MatchBoard;
    MatchDetailPage: matching, match_detail_page => pages::matching::matches::MatchDetail;
    RoundsPage: matching, rounds_page => pages::matching::rounds::Rounds;
    NewRoundPage: matching, new_round_page => pages::matching::rounds::NewRound;
    RoundDetailPage: matching, round_detail_page => pages::matching::rounds::RoundDetail;
    FitWeightsRoute: matching, fit_weights_page => pages::matching::weights::FitWeightsPage;
    OrganisationMatchesPage: matching, organisation_matches_page => pages::matching::organisation::OrganisationMatches;
    CaseloadMatchesPage: matching, caseload_matches_page => pages::matching::caseload::CaseloadMatches;
    QuickSearchPage: start, quick_search_page => pages::quick_search::QuickSearch;
    ContractListPage: contracts, contract_list_page => pages::contracts::list::ContractList;
    NewContractPage: contracts, new_contract_page => pages::contracts::form::NewContract;
    ContractDetailPage: contracts, contract_detail_page => pages::contracts::detail::ContractDetail;
    ContractPrintPage: contracts, contract_print_page => pages::contracts::print::ContractPrint;
    BudgetRoute: contracts, budget_page => pages::contracts::budget::BudgetPage;
    IncomeAssumptionsRoute: contracts, income_assumptions_page => pages::contracts::assumptions::IncomeAssumptionsPage;
    DashboardRoute: dashboard, dashboard_page => pages::dashboard::page::DashboardPage;
    CaseloadPage: guidance, caseload_page => pages::guidance::caseload::Caseload;
    DuplicatesPage: duplicates, duplicates_page => pages::duplicates::Duplicates;
    GuidancePageRoute: guidance, guidance_page => pages::guidance::overview::GuidancePage;
    EmployerNotesPage: guidance, employer_notes_page => pages::guidance::notes::EmployerNotes;
}

/// One entry of the main navigation.
struct NavItem {
    href: &'static str,
    key: &'static str,
    label: fn(&'static crate::i18n::Texts) -> &'static str,
    roles: &'static [Role],
}

const EVERYONE: &[Role] = &Role::ALL;
/// The roles whose home page shows the due list of reminders.
const REMINDER_ROLES: &[Role] = &[Role::Admin, Role::Consultant, Role::JobCoach, Role::Finance];
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
        href: "/duplicates",
        key: "duplicates",
        label: |t| crate::pages::duplicates::duplicate_texts(t.lang).nav,
        roles: crate::pages::duplicates::DUPLICATE_STAFF,
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
    NavItem {
        href: "/contracts",
        key: "contracts",
        label: |t| crate::i18n_contracts::contract_texts(t.lang).contracts_title,
        roles: crate::pages::contracts::READERS,
    },
    NavItem {
        href: "/dashboard",
        key: "dashboard",
        label: |t| crate::pages::dashboard::dash_texts(t.lang).title,
        roles: crate::pages::dashboard::READERS,
    },
    NavItem {
        href: "/budget",
        key: "budget",
        label: |t| crate::i18n_contracts::contract_texts(t.lang).budget_title,
        roles: &[Role::Admin, Role::Finance],
    },
    NavItem {
        href: "/income-assumptions",
        key: "income-assumptions",
        label: |t| crate::pages::contracts::assumptions::assumption_texts(t.lang).title,
        roles: &[Role::Admin, Role::Finance],
    },
    NavItem { href: "/my-organisation", key: "my-organisation", label: |t| t.my_organisation, roles: &[Role::Partner] },
    NavItem {
        href: "/organisation-matches",
        key: "organisation-matches",
        label: |t| crate::i18n_matching::match_texts(t.lang).organisation_matches_title,
        roles: &[Role::Partner],
    },
    NavItem {
        href: "/caseload",
        key: "caseload",
        label: |t| crate::i18n_guidance::guidance_texts(t.lang).caseload_title,
        roles: &[Role::JobCoach],
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
    NavItem {
        href: "/search",
        key: "search",
        label: |t| crate::pages::quick_search::search_texts(t.lang).title,
        roles: &[Role::Admin, Role::Consultant, Role::JobCoach, Role::Finance, Role::Partner],
    },
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
    // `/` on any page (outside a field) opens the quick search, for the roles that have it.
    let go = use_navigate();
    let shortcut = leptos::leptos_dom::helpers::window_event_listener(leptos::ev::keydown, move |ev| {
        use wasm_bindgen::JsCast;
        if ev.key() != "/" || ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        let typing = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).is_some_and(|e| {
            matches!(e.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT") || e.has_attribute("contenteditable")
        });
        let allowed = session.role().is_some_and(|role| role != Role::Monitor);
        if !typing && allowed {
            ev.prevent_default();
            go("/search", Default::default());
        }
    });
    on_cleanup(move || shortcut.remove());
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
                    // The home page is the due list of staff roles: its count beside it.
                    let badge = (item.key == "home" && REMINDER_ROLES.contains(&role))
                        .then(|| view! { <crate::pages::reminders::ReminderBadge/> });
                    view! { <li><a class="utrecht-link utrecht-link--html-a" href=href data-nav=item.key aria-current=current>{tr(label)}{badge}</a></li> }
                })
                .collect_view();
            view! {
                <a class="skip-link utrecht-link utrecht-link--html-a" href="#main">{tr(|t| t.skip_to_content)}</a>
                <header class="site-header utrecht-page-header">
                    <span class="site-header__brand">{tr(|t| t.app_name)}</span>
                    <span class="site-header__user">
                        <span id="current-user">{user.display_name.clone()}</span>
                        " · "
                        <span>{move || role_name(i18n.0.get(), role)}</span>
                    </span>
                    <LangSwitch/>
                    <button type="button" id="logout" class="button button--secondary utrecht-button utrecht-button--secondary-action" on:click=logout>{tr(|t| t.logout)}</button>
                </header>
                <nav id="main-nav" class="main-nav" class:main-nav--open=move || menu_open.get() aria-label=tr(|t| t.main_menu)>
                    <button type="button" id="menu-toggle" class="button button--secondary utrecht-button utrecht-button--secondary-action main-nav__toggle"
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
            class="button button--secondary utrecht-button utrecht-button--secondary-action"
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
            view! { <p class="notice notice--warning utrecht-alert utrecht-alert--warning" role="alert">{tr(|t| t.no_access)}</p> }.into_any()
        }
    }
}
