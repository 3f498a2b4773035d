//! `GET /candidates/{id}/timeline`.

use actix_web::{HttpRequest, HttpResponse, get, web};
use serde::Deserialize;
use shared::timeline::{TimelineEntry, TimelineKind};

use super::service;
use crate::AppState;
use crate::auth::{Authorized, policy::CandidateReaders};
use crate::infra::error::ApiResult;
use crate::infra::extract::{ListParams, ListQuery, PathId};
use crate::infra::paging::respond;

pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    config.service(candidate_timeline);
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct TimelineQuery {
    /// Only entries of this kind.
    kind: Option<TimelineKind>,
}

/// Everything that happened to a person, newest first: the registration, changes of the record (field by
/// field; values the caller's role may not see show as changed, without them), status changes, intakes,
/// eligibility decisions, preference lists and match steps, each with who (`actorKind`: staff, partner,
/// API client or the system), when and what. A role sees only the kinds it may read of the person:
/// finance no intakes, decisions, reasons or matches; job coaches no matches. Audited as a read of the
/// candidate.
#[utoipa::path(
    tag = "candidates",
    params(("id" = Uuid, Path, description = "The candidate's id"), ListParams, TimelineQuery),
    responses((status = 200, description = "One page of the timeline", body = shared::paging::Page<TimelineEntry>))
)]
#[get("/candidates/{id}/timeline")]
async fn candidate_timeline(
    caller: Authorized<CandidateReaders>,
    req: HttpRequest,
    state: web::Data<AppState>,
    id: PathId,
    query: ListQuery<TimelineQuery>,
) -> ApiResult<HttpResponse> {
    let page =
        service::timeline(&state.db, &caller, id.0, query.filter.kind, query.paging, state.clock.today()).await?;
    Ok(respond(&req, page))
}
