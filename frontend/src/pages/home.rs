//! The start page after login: for staff roles first the due list of reminders (issue 14, item 3), then
//! for each role the counts and links that start its work. It asks only for lists the role may read.

use leptos::prelude::*;
use shared::auth::Role;
use shared::candidates::{CandidateSearch, CandidateStatus, CandidateSummary};
use shared::paging::Page;
use shared::tasks::{PackageStatus, TaskPackage};

use crate::api::{self, ApiError};
use crate::app::{page_title, use_session};
use crate::i18n::{Lang, role_name, status_name, texts, tr, use_i18n};
use crate::i18n_tasks::package_status_name;

/// One count on the start page: what it counts, how many, and where the list is.
#[derive(Debug, Clone, PartialEq)]
struct Tile {
    id: &'static str,
    label: String,
    count: u64,
    href: String,
}

async fn package_count(status: PackageStatus) -> Result<u64, ApiError> {
    let path = format!("/task-packages?status={}&pageSize=1", status.as_str());
    Ok(api::get::<Page<TaskPackage>>(&path).await?.total_items)
}

async fn candidate_count(status: CandidateStatus) -> Result<u64, ApiError> {
    let search = CandidateSearch { status: Some(status), page_size: Some(1), ..Default::default() };
    Ok(api::post::<_, Page<CandidateSummary>>("/candidates/search", &search).await?.total_items)
}

/// The tiles of a role, in the order its work goes.
async fn tiles(role: Role, lang: Lang) -> Result<Vec<Tile>, ApiError> {
    let t = texts(lang);
    let mut tiles = Vec::new();
    let package_tile = |id: &'static str, status: PackageStatus, count: u64| Tile {
        id,
        label: format!("{}: {}", t.home_packages, package_status_name(lang, status)),
        count,
        href: format!("/packages?status={}", status.as_str()),
    };
    let candidate_tile = |id: &'static str, status: CandidateStatus, count: u64| Tile {
        id,
        label: format!("{}: {}", t.home_candidates, status_name(lang, status)),
        count,
        href: format!("/candidates?status={}", status.as_str()),
    };
    match role {
        Role::Consultant | Role::Admin | Role::JobCoach => {
            if role != Role::JobCoach {
                tiles.push(package_tile(
                    "packages-submitted",
                    PackageStatus::Submitted,
                    package_count(PackageStatus::Submitted).await?,
                ));
            }
            for (id, status) in
                [("candidates-registered", CandidateStatus::Registered), ("candidates-intake", CandidateStatus::Intake)]
            {
                tiles.push(candidate_tile(id, status, candidate_count(status).await?));
            }
            if role == Role::Admin {
                let users = api::get::<Page<shared::users::User>>("/users?pageSize=1").await?.total_items;
                tiles.push(Tile {
                    id: "users",
                    label: t.nav_users.to_owned(),
                    count: users,
                    href: "/admin/users".into(),
                });
                let clients =
                    api::get::<Page<shared::api_clients::ApiClient>>("/api-clients?pageSize=1").await?.total_items;
                tiles.push(Tile {
                    id: "api-clients",
                    label: t.nav_api_clients.to_owned(),
                    count: clients,
                    href: "/admin/api-clients".into(),
                });
            }
        }
        Role::Partner => {
            for (id, status) in [
                ("packages-draft", PackageStatus::Draft),
                ("packages-rejected", PackageStatus::Rejected),
                ("packages-submitted", PackageStatus::Submitted),
                ("packages-approved", PackageStatus::Approved),
                ("packages-open", PackageStatus::Open),
            ] {
                tiles.push(package_tile(id, status, package_count(status).await?));
            }
        }
        Role::Finance => {
            let search = CandidateSearch { page_size: Some(1), ..Default::default() };
            let total = api::post::<_, Page<CandidateSummary>>("/candidates/search", &search).await?.total_items;
            tiles.push(Tile {
                id: "candidates",
                label: t.nav_candidates.to_owned(),
                count: total,
                href: "/candidates".into(),
            });
        }
        Role::Monitor | Role::Research => {}
    }
    Ok(tiles)
}

#[component]
pub fn Home() -> impl IntoView {
    page_title(|t| t.home_title);
    let session = use_session();
    let i18n = use_i18n();
    let name = move || session.user().map(|u| u.display_name).unwrap_or_default();
    let role = move || session.role().map(|r| role_name(i18n.0.get(), r)).unwrap_or_default();
    let counts = api::resource(move || {
        let role = session.role();
        let lang = i18n.0.get();
        async move {
            match role {
                Some(role) => tiles(role, lang).await,
                None => Ok(Vec::new()),
            }
        }
    });
    let has_due_list = move || {
        session.role().is_some_and(|r| matches!(r, Role::Admin | Role::Consultant | Role::JobCoach | Role::Finance))
    };
    view! {
        <h1>{tr(|t| t.home_title)}</h1>
        <p>{tr(|t| t.home_welcome)} " " <strong>{name}</strong> " · " {role}</p>
        <Show when=has_due_list>
            <crate::pages::reminders::DueList/>
        </Show>
        {move || counts.get().map(|result| {
            let lang = i18n.0.get_untracked();
            match result {
                // The Werkkamer has no work list: its start page is the anonymous feed's summary.
                Ok(_) if session.role() == Some(Role::Monitor) => {
                    view! { <crate::pages::dashboard::feed::FeedSummary/> }.into_any()
                }
                Ok(tiles) if tiles.is_empty() => ().into_any(),
                Ok(tiles) => view! {
                    <h2>{texts(lang).home_work}</h2>
                    <ul class="tiles" id="home-tiles">
                        {tiles.into_iter().map(|tile| view! {
                            <li class="tile" id=format!("tile-{}", tile.id)>
                                <a href=tile.href>
                                    <span class="tile__count">{tile.count}</span>
                                    <span class="tile__label">{tile.label}</span>
                                </a>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
                Err(error) => view! {
                    <div class="notice notice--error utrecht-alert utrecht-alert--error" role="alert">{crate::components::error_text(lang, &error)}</div>
                }.into_any(),
            }
        })}
    }
}
