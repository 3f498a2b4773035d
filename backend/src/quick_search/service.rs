//! The quick search: composes the searches of registration, organisations and task intake, each within
//! the caller's scope and only for the roles that may read that kind.

use sea_orm::ConnectionTrait;
use shared::auth::Role;
use shared::candidates::{CandidateSearch, is_valid_bsn};
use shared::quick_search::{HITS_PER_KIND, QuickHit, QuickSearchRequest, QuickSearchResult};
use shared::validation::Errors;

use crate::auth::AuthUser;
use crate::infra::error::{ApiError, ApiResult};
use crate::organisations::service as organisations;
use crate::registration::service as registration;
use crate::tasks::package_service as packages;

fn reads_candidates(role: Role) -> bool {
    matches!(role, Role::Admin | Role::Consultant | Role::JobCoach | Role::Finance)
}

fn reads_organisations(role: Role) -> bool {
    matches!(role, Role::Admin | Role::Consultant)
}

fn reads_packages(role: Role) -> bool {
    matches!(role, Role::Admin | Role::Consultant | Role::JobCoach | Role::Partner)
}

/// People by a part of their name (or a whole BSN, for the roles that may search by it; for the others
/// a BSN finds nobody), organisations and packages by a part of their name.
pub async fn search(
    db: &impl ConnectionTrait,
    caller: &AuthUser,
    request: QuickSearchRequest,
    now: chrono::DateTime<chrono::Utc>,
) -> ApiResult<QuickSearchResult> {
    let mut errors = Errors::default();
    let term = request.check(&mut errors);
    errors.finish(()).map_err(ApiError::Validation)?;
    let mut result = QuickSearchResult::default();
    let compact: String = term.chars().filter(|c| !c.is_whitespace()).collect();
    let bsn = is_valid_bsn(&compact);
    if reads_candidates(caller.role) && (!bsn || registration::may_search_by_bsn(caller.role)) {
        let search = CandidateSearch { query: term.clone(), page_size: Some(HITS_PER_KIND), ..Default::default() };
        let page = registration::search(db, caller, search, now).await?;
        result.candidates_total = page.total_items;
        result.candidates = page
            .items
            .iter()
            .filter_map(|row| {
                let id = row["id"].as_str()?.parse().ok()?;
                let name = format!(
                    "{} {}",
                    row["firstName"].as_str().unwrap_or_default(),
                    row["lastName"].as_str().unwrap_or_default()
                );
                Some(QuickHit { id, label: name.trim().to_owned(), status: row["status"].as_str().map(str::to_owned) })
            })
            .collect();
    }
    if reads_organisations(caller.role) {
        let (rows, total) = organisations::find_by_name(db, &term, HITS_PER_KIND).await?;
        result.organisations_total = total;
        result.organisations = rows.into_iter().map(|(id, label)| QuickHit { id, label, status: None }).collect();
    }
    if reads_packages(caller.role) {
        let (rows, total) = packages::find_by_title(db, caller, &term, HITS_PER_KIND).await?;
        result.packages_total = total;
        result.packages =
            rows.into_iter().map(|(id, label, status)| QuickHit { id, label, status: Some(status) }).collect();
    }
    Ok(result)
}
