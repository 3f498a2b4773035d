//! `/saved-searches`.

use actix_web::{HttpRequest, HttpResponse, delete, get, post, put, web};
use sea_orm::TransactionTrait;
use serde::Deserialize;
use shared::saved_searches::{SaveSavedSearch, SavedSearch, SavedSearchList};

use super::{Searchers, service};
use crate::AppState;
use crate::auth::Authorized;
use crate::infra::error::ApiResult;
use crate::infra::extract::{ApiJson, ListParams, ListQuery, PathId};
use crate::infra::paging::respond;

pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    config
        .service(list_saved_searches)
        .service(create_saved_search)
        .service(get_saved_search)
        .service(update_saved_search)
        .service(delete_saved_search);
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct SavedSearchQuery {
    /// Only the searches of this list.
    list: Option<SavedSearchList>,
}

/// The caller's own saved searches and those its colleagues of the same municipality shared, by name.
#[utoipa::path(
    tag = "saved-searches",
    params(ListParams, SavedSearchQuery),
    responses((status = 200, description = "One page of saved searches", body = shared::paging::Page<SavedSearch>))
)]
#[get("/saved-searches")]
async fn list_saved_searches(
    caller: Authorized<Searchers>,
    req: HttpRequest,
    state: web::Data<AppState>,
    query: ListQuery<SavedSearchQuery>,
) -> ApiResult<HttpResponse> {
    Ok(respond(&req, service::list(&state.db, &caller, query.filter.list, query.paging).await?))
}

/// Save a search: a name (unique among the caller's searches of the list), the list's filters by their API
/// names and a sort; `shared` lets the colleagues of the caller's municipality use it (read-only).
#[utoipa::path(
    tag = "saved-searches",
    request_body = SaveSavedSearch,
    responses(
        (status = 201, description = "Saved", body = SavedSearch),
        (status = 400, description = "No list, no name, or a filter, value or sort the list does not take", body = shared::problem::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The caller has a search of this name for the list already", body = shared::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/saved-searches")]
async fn create_saved_search(
    caller: Authorized<Searchers>,
    state: web::Data<AppState>,
    body: ApiJson<SaveSavedSearch>,
) -> ApiResult<HttpResponse> {
    let txn = state.db.begin().await?;
    let saved = service::create(&txn, &caller, body.0, state.clock.now()).await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().insert_header(("Location", format!("/api/v1/saved-searches/{}", saved.id))).json(saved))
}

/// One saved search: the caller's own, or one shared in its municipality; 404 otherwise.
#[utoipa::path(
    tag = "saved-searches",
    params(("id" = Uuid, Path, description = "The saved search's id")),
    responses((status = 200, description = "The saved search", body = SavedSearch))
)]
#[get("/saved-searches/{id}")]
async fn get_saved_search(
    caller: Authorized<Searchers>,
    state: web::Data<AppState>,
    id: PathId,
) -> ApiResult<web::Json<SavedSearch>> {
    Ok(web::Json(service::get(&state.db, &caller, id.0).await?))
}

/// Change one's own saved search (it keeps its list; the change carries the version it was based on).
/// A colleague's shared search is read-only: 403.
#[utoipa::path(
    tag = "saved-searches",
    params(("id" = Uuid, Path, description = "The saved search's id")),
    request_body = SaveSavedSearch,
    responses(
        (status = 200, description = "Changed", body = SavedSearch),
        (status = 400, description = "No version or name, another list, or a filter, value or sort the list does not take", body = shared::problem::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Stale version, or the name is in use", body = shared::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[put("/saved-searches/{id}")]
async fn update_saved_search(
    caller: Authorized<Searchers>,
    state: web::Data<AppState>,
    id: PathId,
    body: ApiJson<SaveSavedSearch>,
) -> ApiResult<web::Json<SavedSearch>> {
    let txn = state.db.begin().await?;
    let saved = service::update(&txn, &caller, id.0, body.0, state.clock.now()).await?;
    txn.commit().await?;
    Ok(web::Json(saved))
}

/// Delete one's own saved search. A colleague's shared search is read-only: 403.
#[utoipa::path(
    tag = "saved-searches",
    params(("id" = Uuid, Path, description = "The saved search's id")),
    responses((status = 204, description = "Deleted"))
)]
#[delete("/saved-searches/{id}")]
async fn delete_saved_search(
    caller: Authorized<Searchers>,
    state: web::Data<AppState>,
    id: PathId,
) -> ApiResult<HttpResponse> {
    let txn = state.db.begin().await?;
    service::delete(&txn, &caller, id.0).await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}
