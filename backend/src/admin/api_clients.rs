//! `/api-clients`: machine accounts for partners' systems and the Werkkamer. The secret is shown once and
//! stored hashed; revoking ends the client (records are ended, not deleted).

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait, PaginatorTrait, QueryOrder, QuerySelect, TransactionTrait};
use serde::Deserialize;
use shared::api_clients::{ApiClient, CreateApiClient, CreatedApiClient};
use shared::audit::AuditAction;
use shared::auth::Role;
use shared::paging::{Page, PageRequest};
use shared::validation::Errors;
use uuid::Uuid;

use crate::AppState;
use crate::audit::{self, Actor, Entry};
use crate::auth::policy::Admins;
use crate::auth::{Authorized, password};
use crate::db::{api_clients, organisations};
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, ApiQuery, PathId};

pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    config.service(list_api_clients).service(create_api_client).service(revoke_api_client);
}

fn to_api_client(model: api_clients::Model) -> ApiClient {
    ApiClient {
        id: model.id,
        role: Role::parse(&model.role).unwrap_or(Role::Monitor),
        client_id: model.client_id,
        name: model.name,
        organisation_id: model.organisation_id,
        municipality_id: model.municipality_id,
        created_at: model.created_at,
        revoked_at: model.revoked_at,
        last_used_at: model.last_used_at,
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct ApiClientQuery {
    /// 1-based page number (default 1, at most 100,000).
    #[param(minimum = 1, maximum = 100_000)]
    page: Option<u64>,
    /// Items per page, 1-100 (default 25).
    #[param(minimum = 1, maximum = 100)]
    page_size: Option<u64>,
}

/// List API clients, newest first.
#[utoipa::path(
    tag = "api-clients",
    params(ApiClientQuery),
    responses((status = 200, description = "One page of API clients", body = Page<ApiClient>))
)]
#[get("/api-clients")]
async fn list_api_clients(
    _admin: Authorized<Admins>,
    req: HttpRequest,
    state: web::Data<AppState>,
    query: ApiQuery<ApiClientQuery>,
) -> ApiResult<HttpResponse> {
    let mut errors = Errors::default();
    let paging = PageRequest::parse(query.0.page, query.0.page_size, &mut errors);
    errors.finish(()).map_err(ApiError::Validation)?;
    let total = api_clients::Entity::find().count(&state.db).await?;
    let rows = api_clients::Entity::find()
        .order_by_desc(api_clients::Column::CreatedAt)
        .order_by_asc(api_clients::Column::Id)
        .offset(paging.offset())
        .limit(paging.page_size)
        .all(&state.db)
        .await?;
    Ok(crate::paging::respond(&req, Page::new(rows.into_iter().map(to_api_client).collect(), paging, total)))
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
    let request = body.0;
    let mut errors = Errors::default();
    if let Err(params) = request.validate() {
        params.into_iter().for_each(|p| errors.add(p.name, p.code, p.reason));
    }
    if let Some(id) = request.organisation_id {
        if organisations::Entity::find_by_id(id).one(&state.db).await?.is_none() {
            errors.add("organisationId", "unknown", "deze organisatie bestaat niet");
        }
    }
    let municipality = super::assignable_municipality(&state.db, &admin, request.municipality_id, &mut errors).await?;
    errors.finish(()).map_err(ApiError::Validation)?;
    let role = request.role.ok_or_else(|| ApiError::validation("role", "required", "kies een rol"))?;

    let secret = password::random_token();
    let id = Uuid::now_v7();
    let txn = state.db.begin().await?;
    let client = api_clients::ActiveModel {
        id: Set(id),
        client_id: Set(format!("bb_{}", id.simple())),
        name: Set(request.name.trim().to_owned()),
        secret_hash: Set(password::sha256_hex(&secret)),
        role: Set(role.as_str().to_owned()),
        organisation_id: Set(request.organisation_id),
        municipality_id: Set(municipality),
        created_by: Set(admin.user_id),
        created_at: Set(Utc::now()),
        revoked_at: Set(None),
        last_used_at: Set(None),
    }
    .insert(&txn)
    .await?;
    audit::record(&txn, Actor::from(&admin.0), Entry::new(AuditAction::Create, "api_client").record(client.id)).await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(CreatedApiClient { client: to_api_client(client), client_secret: secret }))
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
    let client = api_clients::Entity::find_by_id(id.0).one(&state.db).await?.ok_or(ApiError::NotFound)?;
    if client.revoked_at.is_some() {
        return Ok(web::Json(to_api_client(client)));
    }
    let txn = state.db.begin().await?;
    let mut active: api_clients::ActiveModel = client.into();
    active.revoked_at = Set(Some(Utc::now()));
    let client = active.update(&txn).await?;
    audit::record(&txn, Actor::from(&admin.0), Entry::new(AuditAction::Delete, "api_client").record(client.id).details("revoked"))
        .await?;
    txn.commit().await?;
    Ok(web::Json(to_api_client(client)))
}
