//! `/api-clients`: machine accounts for partners' systems and the Werkkamer. The secret is shown once and
//! stored hashed; revoking ends the client (records are ended, not deleted).

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use sea_orm::TransactionTrait;
use shared::api_clients::{ApiClient, CreateApiClient, CreatedApiClient};
use shared::paging::Page;

use super::service;
use crate::AppState;
use crate::audit::Actor;
use crate::auth::Authorized;
use crate::auth::policy::Admins;
use crate::db::api_clients;
use crate::infra::error::ApiResult;
use crate::infra::extract::{ApiJson, ListParams, ListQuery, NoFilter, PathId};

pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    config
        .service(list_api_clients)
        .service(create_api_client)
        .service(rotate_api_client_secret)
        .service(revoke_api_client);
}

fn to_api_client(model: api_clients::Model) -> ApiResult<ApiClient> {
    Ok(ApiClient {
        id: model.id,
        role: crate::db::stored(&model.role, "role")?,
        client_id: model.client_id,
        name: model.name,
        organisation_id: model.organisation_id,
        municipality_id: model.municipality_id,
        created_at: model.created_at,
        revoked_at: model.revoked_at,
        last_used_at: model.last_used_at,
        secret_expires_at: model.secret_expires_at,
    })
}

/// List API clients, newest first.
#[utoipa::path(
    tag = "api-clients",
    params(ListParams),
    responses((status = 200, description = "One page of API clients", body = Page<ApiClient>))
)]
#[get("/api-clients")]
async fn list_api_clients(
    _admin: Authorized<Admins>,
    req: HttpRequest,
    state: web::Data<AppState>,
    query: ListQuery<NoFilter>,
) -> ApiResult<HttpResponse> {
    let paging = query.paging;
    let (rows, total) = service::list_api_clients(&state.db, paging).await?;
    Ok(crate::infra::paging::respond(
        &req,
        Page::new(rows.into_iter().map(to_api_client).collect::<ApiResult<_>>()?, paging, total),
    ))
}

/// Create an API client. The answer holds the secret: it is shown only this once.
#[utoipa::path(
    tag = "api-clients",
    request_body = CreateApiClient,
    responses((status = 201, description = "Created; store the secret now", body = CreatedApiClient))
)]
#[post("/api-clients")]
async fn create_api_client(
    admin: Authorized<Admins>,
    state: web::Data<AppState>,
    body: ApiJson<CreateApiClient>,
) -> ApiResult<HttpResponse> {
    let txn = state.db.begin().await?;
    let (client, secret) =
        service::create_api_client(&txn, &admin, body.0, state.clock.now(), state.config.client_secret_days).await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(CreatedApiClient { client: to_api_client(client)?, client_secret: secret }))
}

/// Give an API client a new secret (with a new expiry). The old secret stops working at once; the answer
/// holds the new one, shown only this once. For a routine rotation and for a secret that leaked.
#[utoipa::path(
    tag = "api-clients",
    params(("id" = Uuid, Path, description = "The API client's id")),
    responses(
        (status = 200, description = "The client and its new secret; store the secret now", body = CreatedApiClient),
        (status = 409, description = "The client is revoked", body = shared::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/api-clients/{id}/rotate-secret")]
async fn rotate_api_client_secret(
    admin: Authorized<Admins>,
    state: web::Data<AppState>,
    id: PathId,
) -> ApiResult<web::Json<CreatedApiClient>> {
    let txn = state.db.begin().await?;
    let (client, secret) = service::rotate_api_client_secret(
        &txn,
        &Actor::from(&admin.0),
        id.0,
        state.clock.now(),
        state.config.client_secret_days,
    )
    .await?;
    txn.commit().await?;
    Ok(web::Json(CreatedApiClient { client: to_api_client(client)?, client_secret: secret }))
}

/// Revoke an API client: it gets no new tokens, and its current tokens stop working at once.
#[utoipa::path(
    tag = "api-clients",
    params(("id" = Uuid, Path, description = "The API client's id")),
    responses((status = 200, description = "The revoked client", body = ApiClient))
)]
#[post("/api-clients/{id}/revoke")]
async fn revoke_api_client(
    admin: Authorized<Admins>,
    state: web::Data<AppState>,
    id: PathId,
) -> ApiResult<web::Json<ApiClient>> {
    let txn = state.db.begin().await?;
    let client = service::revoke_api_client(&txn, &Actor::from(&admin.0), id.0, state.clock.now()).await?;
    txn.commit().await?;
    Ok(web::Json(to_api_client(client)?))
}
