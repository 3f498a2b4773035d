//! `POST /quick-search`.

use actix_web::{post, web};
use shared::quick_search::{QuickSearchRequest, QuickSearchResult};

use super::{QuickSearchers, service};
use crate::AppState;
use crate::auth::Authorized;
use crate::infra::error::ApiResult;
use crate::infra::extract::ApiJson;

pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    config.service(quick_search);
}

/// Search people, organisations and task packages at once, a few of each (5) with how many there are:
/// people by a part of their name, or by a whole BSN for admins and consultants (a BSN finds nobody for
/// the other roles); organisations (admins and consultants) and packages (staff of task intake, and a
/// partner its own) by a part of their name, in any case. A kind the caller may not read stays empty. The
/// text goes in the body, never in a URL.
#[utoipa::path(
    tag = "search",
    request_body = QuickSearchRequest,
    responses(
        (status = 200, description = "The hits of each kind", body = QuickSearchResult),
        (status = 400, description = "The text is shorter than 2 characters once trimmed, or longer than 100", body = shared::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/quick-search")]
async fn quick_search(
    caller: Authorized<QuickSearchers>,
    state: web::Data<AppState>,
    body: ApiJson<QuickSearchRequest>,
) -> ApiResult<web::Json<QuickSearchResult>> {
    Ok(web::Json(service::search(&state.db, &caller, body.0, state.clock.now()).await?))
}
