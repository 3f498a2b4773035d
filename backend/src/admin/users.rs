//! `/users`: create, list, read and change user accounts; disable them and reset their passwords. The rules
//! and the writes are in `service.rs`.

use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use sea_orm::TransactionTrait;
use serde::Deserialize;
use shared::auth::Role;
use shared::paging::Page;
use shared::users::{CreateUser, PasswordReset, UpdateUser, User};
use shared::validation::Errors;

use super::service::{self, UserFilter, UserSort};
use crate::AppState;
use crate::audit::Actor;
use crate::auth::Authorized;
use crate::auth::policy::Admins;
use crate::db::users;
use crate::infra::error::{ApiError, ApiResult};
use crate::infra::extract::{ApiJson, ListParams, ListQuery, PathId};

pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    config.service(list_users).service(create_user).service(get_user).service(update_user).service(reset_password);
}

pub fn to_user(model: users::Model) -> ApiResult<User> {
    Ok(User {
        id: model.id,
        role: crate::db::stored(&model.role, "role")?,
        username: model.username,
        display_name: model.display_name,
        organisation_id: model.organisation_id,
        municipality_id: model.municipality_id,
        disabled: model.disabled,
        created_at: model.created_at,
        last_login_at: model.last_login_at,
        version: model.version,
    })
}

/// Filters of the user list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct UserQuery {
    role: Option<Role>,
    disabled: Option<bool>,
    /// Part of the username or display name.
    q: Option<String>,
    /// `username`, `displayName` or `createdAt`; prefix `-` for descending.
    #[param(schema_with = UserSort::schema)]
    sort: Option<String>,
}

/// List user accounts.
#[utoipa::path(
    tag = "users",
    params(ListParams, UserQuery),
    responses((status = 200, description = "One page of users", body = Page<User>))
)]
#[get("/users")]
async fn list_users(
    _admin: Authorized<Admins>,
    req: HttpRequest,
    state: web::Data<AppState>,
    query: ListQuery<UserQuery>,
) -> ApiResult<HttpResponse> {
    let paging = query.paging;
    let query = query.filter;
    let mut errors = Errors::default();
    let sort = UserSort::parse(query.sort.as_deref(), &mut errors);
    errors.finish(()).map_err(ApiError::Validation)?;
    let filter = UserFilter { role: query.role, disabled: query.disabled, q: query.q };
    let (rows, total) = service::list_users(&state.db, &filter, sort, paging).await?;
    Ok(crate::infra::paging::respond(
        &req,
        Page::new(rows.into_iter().map(to_user).collect::<ApiResult<_>>()?, paging, total),
    ))
}

/// Create a user account.
#[utoipa::path(
    tag = "users",
    request_body = CreateUser,
    responses(
        (status = 201, description = "Created", body = User),
        (status = 409, description = "The username is taken", body = shared::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/users")]
async fn create_user(
    admin: Authorized<Admins>,
    state: web::Data<AppState>,
    body: ApiJson<CreateUser>,
) -> ApiResult<HttpResponse> {
    let txn = state.db.begin().await?;
    let user = service::create_user(&txn, &admin, body.0, state.clock.now()).await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(to_user(user)?))
}

/// Read one user account.
#[utoipa::path(
    tag = "users",
    params(("id" = Uuid, Path, description = "The user's id")),
    responses((status = 200, description = "The user", body = User))
)]
#[get("/users/{id}")]
async fn get_user(admin: Authorized<Admins>, state: web::Data<AppState>, id: PathId) -> ApiResult<web::Json<User>> {
    Ok(web::Json(to_user(service::read_user(&state.db, &Actor::from(&admin.0), id.0).await?)?))
}

/// Change a user's display name, role (with organisation) or disabled state.
///
/// Disabling an account logs out all its sessions at once. Admins cannot disable or demote themselves, so
/// that the programme never loses its last admin by accident. A stale `version` is refused with 409.
#[utoipa::path(
    tag = "users",
    params(("id" = Uuid, Path, description = "The user's id")),
    request_body = UpdateUser,
    responses(
        (status = 200, description = "The changed user", body = User),
        (status = 409, description = "Someone else changed the user first", body = shared::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/users/{id}")]
async fn update_user(
    admin: Authorized<Admins>,
    state: web::Data<AppState>,
    id: PathId,
    body: ApiJson<UpdateUser>,
) -> ApiResult<web::Json<User>> {
    let txn = state.db.begin().await?;
    let user = service::update_user(&txn, &admin, id.0, body.0, state.clock.now()).await?;
    txn.commit().await?;
    Ok(web::Json(to_user(user)?))
}

/// Reset a user's password to a generated temporary one, shown once. All sessions are logged out.
#[utoipa::path(
    tag = "users",
    params(("id" = Uuid, Path, description = "The user's id")),
    responses((status = 200, description = "The temporary password (shown only now)", body = PasswordReset))
)]
#[post("/users/{id}/password-reset")]
async fn reset_password(
    admin: Authorized<Admins>,
    state: web::Data<AppState>,
    id: PathId,
) -> ApiResult<web::Json<PasswordReset>> {
    let txn = state.db.begin().await?;
    let temporary = service::reset_password(&txn, &Actor::from(&admin.0), id.0, state.clock.now()).await?;
    txn.commit().await?;
    Ok(web::Json(PasswordReset { temporary_password: temporary }))
}
