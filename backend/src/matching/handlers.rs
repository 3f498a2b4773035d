//! The matching endpoints: ranked lists, preferences, matches and their steps, matching rounds, fit weights.

use actix_web::{HttpRequest, HttpResponse, get, post, put, web};
use sea_orm::TransactionTrait;
use serde::Deserialize;
use shared::matching::lifecycle::MatchStage;
use shared::matching::rounds::{CreateRound, Round, RoundPair, RoundSummary};
use shared::matching::wire::{
    CreateMatch, FitWeightsRecord, Match, MatchTransition, Preferences, RankedCandidate, RankedPackage, SaveFitWeights,
    SavePreferences,
};
use shared::paging::Page;
use uuid::Uuid;

use super::match_service::{self, MatchFilter};
use super::{MatchReaders, MatchSteppers, Matchers, round_service, service};
use crate::AppState;
use crate::auth::Authorized;
use crate::auth::policy::Admins;
use crate::infra::error::ApiResult;
use crate::infra::extract::{ApiJson, ListParams, ListQuery, NoFilter, PathId};
use crate::infra::paging::respond;

pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    config
        .service(ranked_candidates)
        .service(ranked_packages)
        .service(get_preferences)
        .service(save_preferences)
        .service(list_matches)
        .service(create_match)
        .service(get_match)
        .service(transition_match)
        .service(list_rounds)
        .service(create_round)
        .service(get_round)
        .service(list_round_pairs)
        .service(get_weights)
        .service(save_weights);
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct RankedQuery {
    /// Also the candidates that a hard exclusion rules out, after every other, with their reasons.
    include_excluded: Option<bool>,
}

/// The best candidates for a package, best first, each with its score and the explanation of it: the hard
/// exclusions and the soft factors' points, which add up to the score. Eligible candidates of the
/// package's municipality, and those in a pre-trajectory (marked by their status). Ties rank by candidate id.
#[utoipa::path(
    tag = "matching",
    params(("id" = Uuid, Path, description = "The package's id"), ListParams, RankedQuery),
    responses((status = 200, description = "One page of ranked candidates", body = Page<RankedCandidate>))
)]
#[get("/task-packages/{id}/candidates")]
async fn ranked_candidates(
    caller: Authorized<Matchers>,
    req: HttpRequest,
    state: web::Data<AppState>,
    id: PathId,
    query: ListQuery<RankedQuery>,
) -> ApiResult<HttpResponse> {
    let include = query.filter.include_excluded.unwrap_or(false);
    Ok(respond(&req, service::candidates_for_package(&state.db, &caller, id.0, include, query.paging).await?))
}

/// The best open packages for a candidate, best first, each with its score and explanation (packages of
/// the candidate's municipality). Ties rank by package id.
#[utoipa::path(
    tag = "matching",
    params(("id" = Uuid, Path, description = "The candidate's id"), ListParams, RankedQuery),
    responses((status = 200, description = "One page of ranked packages", body = Page<RankedPackage>))
)]
#[get("/candidates/{id}/packages")]
async fn ranked_packages(
    caller: Authorized<Matchers>,
    req: HttpRequest,
    state: web::Data<AppState>,
    id: PathId,
    query: ListQuery<RankedQuery>,
) -> ApiResult<HttpResponse> {
    let include = query.filter.include_excluded.unwrap_or(false);
    Ok(respond(&req, service::packages_for_candidate(&state.db, &caller, id.0, include, query.paging).await?))
}

/// The packages a candidate prefers, best first, with who recorded them and when.
#[utoipa::path(
    tag = "matching",
    params(("id" = Uuid, Path, description = "The candidate's id")),
    responses((status = 200, description = "The preferences (version 0: none recorded)", body = Preferences))
)]
#[get("/candidates/{id}/preferences")]
async fn get_preferences(
    caller: Authorized<Matchers>,
    state: web::Data<AppState>,
    id: PathId,
) -> ApiResult<web::Json<Preferences>> {
    Ok(web::Json(service::preferences(&state.db, &caller, id.0).await?))
}

/// Record the packages a candidate prefers, best first, in conversation with the candidate: open packages
/// of the candidate's municipality, each once, at most 20. Only for an eligible candidate (or one in a
/// pre-trajectory). The list can change until a round uses it: while a matching round that used it has a
/// proposal for the candidate that staff have not yet accepted or rejected (a match in `proposed`), a change
/// is 409 `preferences_in_round` (`lockedByRound` in the answer of `GET` names the round); once that
/// proposal is decided a new version may be recorded, and the round keeps its own copy.
#[utoipa::path(
    tag = "matching",
    params(("id" = Uuid, Path, description = "The candidate's id")),
    request_body = SavePreferences,
    responses(
        (status = 200, description = "Recorded", body = Preferences),
        (status = 409, description = "A stale version (`stale_version`), the candidate is not in matching (`not_in_matching`), or an undecided proposal of a round that used the list holds it (`preferences_in_round`)", body = shared::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[put("/candidates/{id}/preferences")]
async fn save_preferences(
    caller: Authorized<Matchers>,
    state: web::Data<AppState>,
    id: PathId,
    body: ApiJson<SavePreferences>,
) -> ApiResult<web::Json<Preferences>> {
    let txn = state.db.begin().await?;
    let saved = service::save_preferences(&txn, &caller, id.0, body.0, state.clock.now()).await?;
    txn.commit().await?;
    Ok(web::Json(saved))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct MatchQuery {
    stage: Option<MatchStage>,
    package_id: Option<Uuid>,
    candidate_id: Option<Uuid>,
    organisation_id: Option<Uuid>,
}

/// Matches, most recently changed first, filtered by stage, package, candidate or organisation. Staff read
/// the matches within their region; a job coach those of the candidates in its caseload (whose current
/// coach assignment names it); a partner those of its own packages from `introduced` on, with the
/// candidate's first name and hours only (no score). Audited: one read per candidate listed.
#[utoipa::path(
    tag = "matching",
    params(ListParams, MatchQuery),
    responses((status = 200, description = "One page of matches", body = Page<Match>))
)]
#[get("/matches")]
async fn list_matches(
    caller: Authorized<MatchReaders>,
    req: HttpRequest,
    state: web::Data<AppState>,
    query: ListQuery<MatchQuery>,
) -> ApiResult<HttpResponse> {
    let q = &query.filter;
    let filter = MatchFilter {
        stage: q.stage,
        package_id: q.package_id,
        candidate_id: q.candidate_id,
        organisation_id: q.organisation_id,
    };
    Ok(respond(&req, match_service::list(&state.db, &caller, filter, query.paging, state.clock.today()).await?))
}

/// Propose an eligible candidate for an open package of the same municipality.
#[utoipa::path(
    tag = "matching",
    request_body = CreateMatch,
    responses(
        (status = 201, description = "Proposed", body = Match),
        (status = 409, description = "Not eligible, the package is not open, or proposed already", body = shared::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/matches")]
async fn create_match(
    caller: Authorized<Matchers>,
    state: web::Data<AppState>,
    body: ApiJson<CreateMatch>,
) -> ApiResult<HttpResponse> {
    let txn = state.db.begin().await?;
    let created = match_service::create(&txn, &caller, body.0, state.clock.now()).await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(created))
}

/// One match, as in the list (a partner: its own packages' from `introduced` on, first name and hours
/// only; 404 otherwise). Audited as a read of the candidate.
#[utoipa::path(
    tag = "matching",
    params(("id" = Uuid, Path, description = "The match's id")),
    responses((status = 200, description = "The match", body = Match))
)]
#[get("/matches/{id}")]
async fn get_match(
    caller: Authorized<MatchReaders>,
    state: web::Data<AppState>,
    id: PathId,
) -> ApiResult<web::Json<Match>> {
    Ok(web::Json(match_service::get(&state.db, &caller, id.0, state.clock.today()).await?))
}

/// Take a step of a match: `introduced`, `trial_placement` (with `trialStartDate`, `trialEndDate` and
/// optionally `positionId`: it takes a free position, moves the candidate to `matched` and a package whose
/// positions are all held to `filled`), `agreed`, or `declined` (with `declinedBy` and a reason; a declined
/// placement frees its position and moves the candidate back to `eligible`). A partner takes only the step
/// to `declined` (by its organisation, with a reason) of a match it can read; 404 for any other match.
#[utoipa::path(
    tag = "matching",
    params(("id" = Uuid, Path, description = "The match's id")),
    request_body = MatchTransition,
    responses(
        (status = 200, description = "The match after the step", body = Match),
        (status = 409, description = "Not a step from this stage, a stale version, or no free position", body = shared::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/matches/{id}/transitions")]
async fn transition_match(
    caller: Authorized<MatchSteppers>,
    state: web::Data<AppState>,
    id: PathId,
    body: ApiJson<MatchTransition>,
) -> ApiResult<web::Json<Match>> {
    let txn = state.db.begin().await?;
    let moved = match_service::transition(&txn, &caller, id.0, body.0, state.clock.now()).await?;
    txn.commit().await?;
    Ok(web::Json(moved))
}

/// The matching rounds the caller may read, newest first (a municipal caller: its municipality's rounds).
#[utoipa::path(
    tag = "matching",
    params(ListParams),
    responses((status = 200, description = "One page of rounds", body = Page<RoundSummary>))
)]
#[get("/matching-rounds")]
async fn list_rounds(
    caller: Authorized<Matchers>,
    req: HttpRequest,
    state: web::Data<AppState>,
    query: ListQuery<NoFilter>,
) -> ApiResult<HttpResponse> {
    Ok(respond(&req, round_service::list(&state.db, &caller, query.paging).await?))
}

/// Run a matching round over open packages and eligible candidates (omitted lists: every open package and
/// every eligible candidate in the caller's scope; at most 5,000 candidates and 1,000 free positions, else
/// 400 `round_too_large`). Every pair of the same municipality is scored with the fit weights in force; the
/// acceptable pairs (no hard exclusion, no live match yet) are assigned by
///
/// - `stable`: candidate-proposing deferred acceptance along the candidates' recorded preferences (a
///   candidate without preferences is not proposed); a package ranks its proposers by fit score, ties by
///   candidate id as text, ascending. The result is the candidate-optimal stable matching.
/// - `optimal`: the assignment with the highest total fit score. Preferences break its ties: among the
///   assignments with the highest total, the one whose proposals the candidates ranked highest (a first
///   choice counts 20, a 20th 1, an unlisted package 0, summed); then the one that matches most candidates;
///   then candidate id and package id order. A preference never costs a point of total score.
///
/// The round creates one `proposed` match per assignment, in one transaction with the round and its stored
/// inputs; staff accept a proposal with the step to `introduced` and reject it with `declined` by staff.
#[utoipa::path(
    tag = "matching",
    request_body = CreateRound,
    responses(
        (status = 201, description = "The round with its inputs and proposals", body = Round),
        (status = 400, description = "An unknown algorithm, an unknown or closed package, an unknown or ineligible candidate, a list item twice, an empty round (each field named), or `round_too_large`", body = shared::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/matching-rounds")]
async fn create_round(
    caller: Authorized<Matchers>,
    state: web::Data<AppState>,
    body: ApiJson<CreateRound>,
) -> ApiResult<HttpResponse> {
    let txn = state.db.begin().await?;
    let round = round_service::create(&txn, &caller, body.0, state.clock.now()).await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(round))
}

/// One matching round with everything needed to re-run and audit it: its candidates with the preferences it
/// used, its packages with the positions it could fill, its acceptable pairs with the exact scores the
/// algorithm used (inline up to 10,000; else `pairsInline` is false and they are paged at
/// `/matching-rounds/{id}/pairs`), and its proposals with their matches. Audited: one read per candidate.
#[utoipa::path(
    tag = "matching",
    params(("id" = Uuid, Path, description = "The round's id")),
    responses((status = 200, description = "The round", body = Round))
)]
#[get("/matching-rounds/{id}")]
async fn get_round(
    caller: Authorized<Matchers>,
    state: web::Data<AppState>,
    id: PathId,
) -> ApiResult<web::Json<Round>> {
    Ok(web::Json(round_service::get(&state.db, &caller, id.0).await?))
}

/// The acceptable pairs of a round with their scores, by candidate id and package id. Audited: one read
/// per candidate on the page.
#[utoipa::path(
    tag = "matching",
    params(("id" = Uuid, Path, description = "The round's id"), ListParams),
    responses((status = 200, description = "One page of pairs", body = Page<RoundPair>))
)]
#[get("/matching-rounds/{id}/pairs")]
async fn list_round_pairs(
    caller: Authorized<Matchers>,
    req: HttpRequest,
    state: web::Data<AppState>,
    id: PathId,
    query: ListQuery<NoFilter>,
) -> ApiResult<HttpResponse> {
    Ok(respond(&req, round_service::pairs(&state.db, &caller, id.0, query.paging).await?))
}

/// The weights of the fit's soft factors and the allowed deviation of hours (defaults: abilities 30,
/// categories 20, dream job 10, neighbourhood 15, hours 15, schedule 10; 4 hours).
#[utoipa::path(tag = "matching", responses((status = 200, description = "The weights", body = FitWeightsRecord)))]
#[get("/fit-weights")]
async fn get_weights(
    _caller: Authorized<Matchers>,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<FitWeightsRecord>> {
    let (weights, version) = service::weights(&state.db).await?;
    Ok(web::Json(FitWeightsRecord { weights, version }))
}

/// Change the fit weights (admins). They must add up to 100.
#[utoipa::path(
    tag = "matching",
    request_body = SaveFitWeights,
    responses(
        (status = 200, description = "Changed", body = FitWeightsRecord),
        (status = 400, description = "The weights do not add up to 100", body = shared::problem::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Stale version", body = shared::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[put("/fit-weights")]
async fn save_weights(
    admin: Authorized<Admins>,
    state: web::Data<AppState>,
    body: ApiJson<SaveFitWeights>,
) -> ApiResult<web::Json<FitWeightsRecord>> {
    let request = body.0;
    let txn = state.db.begin().await?;
    let (weights, version) =
        service::save_weights(&txn, &admin, request.weights(), request.version, state.clock.now()).await?;
    txn.commit().await?;
    Ok(web::Json(FitWeightsRecord { weights, version }))
}
