//! `/users`: create, list, read and change user accounts; disable them and reset their passwords.

use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};
use serde::Deserialize;
use shared::audit::AuditAction;
use shared::auth::Role;
use shared::paging::{Page, PageRequest};
use shared::problem::codes;
use shared::users::{CreateUser, PasswordReset, UpdateUser, User};
use shared::validation::{self, Errors};
use uuid::Uuid;

use crate::AppState;
use crate::audit::{self, Actor, Entry};
use crate::auth::policy::Admins;
use crate::auth::{Authorized, handlers::revoke_all_sessions, password};
use crate::db::{organisations, users};
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, ApiQuery, PathId};

pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    config.service(list_users).service(create_user).service(get_user).service(update_user).service(reset_password);
}

pub fn to_user(model: users::Model) -> User {
    User {
        id: model.id,
        role: Role::parse(&model.role).unwrap_or(Role::Monitor),
        username: model.username,
        display_name: model.display_name,
        organisation_id: model.organisation_id,
        municipality_id: model.municipality_id,
        disabled: model.disabled,
        created_at: model.created_at,
        last_login_at: model.last_login_at,
        version: model.version,
    }
}

/// Filters of the user list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct UserQuery {
    /// 1-based page number (default 1, at most 100,000).
    #[param(minimum = 1, maximum = 100_000)]
    page: Option<u64>,
    /// Items per page, 1-100 (default 25).
    #[param(minimum = 1, maximum = 100)]
    page_size: Option<u64>,
    role: Option<Role>,
    disabled: Option<bool>,
    /// Part of the username or display name.
    q: Option<String>,
    /// `username`, `displayName` or `createdAt`; prefix `-` for descending.
    sort: Option<String>,
}

/// List user accounts.
#[utoipa::path(
    tag = "users",
    params(UserQuery),
    responses((status = 200, description = "One page of users", body = Page<User>))
)]
#[get("/users")]
async fn list_users(
    _admin: Authorized<Admins>,
    req: HttpRequest,
    state: web::Data<AppState>,
    query: ApiQuery<UserQuery>,
) -> ApiResult<HttpResponse> {
    let query = query.0;
    let mut errors = Errors::default();
    let paging = PageRequest::parse(query.page, query.page_size, &mut errors);
    let sort = query.sort.as_deref().unwrap_or("username");
    let (column, descending) = match sort.strip_prefix('-').unwrap_or(sort) {
        "username" => (users::Column::Username, sort.starts_with('-')),
        "displayName" => (users::Column::DisplayName, sort.starts_with('-')),
        "createdAt" => (users::Column::CreatedAt, sort.starts_with('-')),
        _ => {
            errors.add("sort", "unknown", "sorteer op username, displayName of createdAt");
            (users::Column::Username, false)
        }
    };
    errors.finish(()).map_err(ApiError::Validation)?;

    let mut condition = Condition::all();
    if let Some(role) = query.role {
        condition = condition.add(users::Column::Role.eq(role.as_str()));
    }
    if let Some(disabled) = query.disabled {
        condition = condition.add(users::Column::Disabled.eq(disabled));
    }
    if let Some(q) = query.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        condition = condition.add(
            Condition::any().add(users::Column::Username.contains(q.to_lowercase())).add(users::Column::DisplayName.contains(q)),
        );
    }
    let select = users::Entity::find().filter(condition);
    let total = select.clone().count(&state.db).await?;
    let select = if descending { select.order_by_desc(column) } else { select.order_by_asc(column) };
    let rows = select
        .order_by_asc(users::Column::Id)
        .offset(paging.offset())
        .limit(paging.page_size)
        .all(&state.db)
        .await?;
    Ok(crate::paging::respond(&req, Page::new(rows.into_iter().map(to_user).collect(), paging, total)))
}

async fn check_organisation(db: &impl ConnectionTrait, errors: &mut Errors, id: Option<Uuid>) -> ApiResult<()> {
    if let Some(id) = id {
        if organisations::Entity::find_by_id(id).one(db).await?.is_none() {
            errors.add("organisationId", "unknown", "deze organisatie bestaat niet");
        }
    }
    Ok(())
}

async fn username_taken(db: &impl ConnectionTrait, username: &str) -> ApiResult<bool> {
    Ok(users::Entity::find().filter(users::Column::Username.eq(username)).count(db).await? > 0)
}

fn duplicate_username() -> ApiError {
    ApiError::Conflict { code: codes::DUPLICATE, detail: "Deze gebruikersnaam is al in gebruik.".into() }
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
    let mut request = body.0;
    request.username = request.username.trim().to_owned();
    let mut errors = Errors::default();
    if let Err(params) = request.validate() {
        params.into_iter().for_each(|p| errors.add(p.name, p.code, p.reason));
    }
    check_organisation(&state.db, &mut errors, request.organisation_id).await?;
    request.municipality_id = super::assignable_municipality(&state.db, &admin, request.municipality_id, &mut errors).await?;
    errors.finish(()).map_err(ApiError::Validation)?;
    if username_taken(&state.db, &request.username).await? {
        return Err(duplicate_username());
    }
    let user = create_account(&state.db, request, Actor::from(&admin.0)).await?;
    Ok(HttpResponse::Created().json(to_user(user)))
}

/// Creates a validated account with its audit event in one transaction (also used to seed accounts).
pub async fn create_account(
    db: &sea_orm::DatabaseConnection,
    request: CreateUser,
    actor: Actor,
) -> ApiResult<users::Model> {
    let password = request.password.clone();
    let hash = web::block(move || password::hash_password(&password))
        .await
        .map_err(|error| ApiError::Internal(anyhow::anyhow!("hashing: {error}")))??;
    let now = Utc::now();
    let role = request.role.ok_or_else(|| ApiError::validation("role", "required", "kies een rol"))?;
    let txn = db.begin().await?;
    let user = users::ActiveModel {
        id: Set(Uuid::now_v7()),
        username: Set(request.username),
        display_name: Set(request.display_name.trim().to_owned()),
        password_hash: Set(hash),
        role: Set(role.as_str().to_owned()),
        organisation_id: Set(request.organisation_id),
        disabled: Set(false),
        created_at: Set(now),
        updated_at: Set(now),
        last_login_at: Set(None),
        version: Set(1),
        municipality_id: Set(request.municipality_id),
    }
    .insert(&txn)
    .await
    .map_err(|error| match error.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => duplicate_username(),
        _ => error.into(),
    })?;
    audit::record(&txn, actor, Entry::new(AuditAction::Create, "user").record(user.id)).await?;
    txn.commit().await?;
    Ok(user)
}

async fn find_user(state: &AppState, id: Uuid) -> ApiResult<users::Model> {
    users::Entity::find_by_id(id).one(&state.db).await?.ok_or(ApiError::NotFound)
}

/// Read one user account.
#[utoipa::path(
    tag = "users",
    params(("id" = Uuid, Path, description = "The user's id")),
    responses((status = 200, description = "The user", body = User))
)]
#[get("/users/{id}")]
async fn get_user(admin: Authorized<Admins>, state: web::Data<AppState>, id: PathId) -> ApiResult<web::Json<User>> {
    let user = find_user(&state, id.0).await?;
    audit::record(&state.db, Actor::from(&admin.0), Entry::new(AuditAction::Read, "user").record(user.id)).await?;
    Ok(web::Json(to_user(user)))
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
    let request = body.0;
    let user = find_user(&state, id.0).await?;
    let mut errors = Errors::default();
    errors.version(Some(request.version));
    let display_name = request.display_name.as_deref().map(|name| errors.text("displayName", name, validation::DISPLAY_NAME_MAX));
    if let Some(role) = request.role {
        shared::users::check_role_organisation(&mut errors, role, request.organisation_id);
        check_organisation(&state.db, &mut errors, request.organisation_id).await?;
    }
    let municipality = match request.municipality_id {
        // Giving the whole region is for regional admins only.
        Some(None) if admin.municipality_id.is_some() => {
            errors.add("municipalityId", "not_allowed", "alleen een regionale beheerder geeft toegang tot de hele regio");
            None
        }
        Some(None) => Some(None),
        Some(Some(asked)) => Some(super::assignable_municipality(&state.db, &admin, Some(asked), &mut errors).await?),
        None => None,
    };
    let is_self = admin.user_id == Some(user.id);
    if is_self && municipality.is_some_and(|m| m != user.municipality_id) {
        errors.add("municipalityId", "self", "u kunt uw eigen gemeente niet wijzigen");
    }
    if is_self && request.disabled == Some(true) {
        errors.add("disabled", "self", "u kunt uw eigen account niet blokkeren");
    }
    if is_self && request.role.is_some_and(|role| role != Role::Admin) {
        errors.add("role", "self", "u kunt uw eigen beheerrol niet afnemen");
    }
    errors.finish(()).map_err(ApiError::Validation)?;
    if request.version != user.version {
        return Err(ApiError::stale_version());
    }

    let mut changed = Vec::new();
    let mut active: users::ActiveModel = user.clone().into();
    if let Some(name) = display_name.filter(|name| *name != user.display_name) {
        active.display_name = Set(name);
        changed.push("displayName");
    }
    if let Some(role) = request.role {
        if role.as_str() != user.role || request.organisation_id != user.organisation_id {
            active.role = Set(role.as_str().to_owned());
            active.organisation_id = Set(request.organisation_id);
            changed.push("role");
        }
    }
    if let Some(municipality) = municipality.filter(|m| *m != user.municipality_id) {
        active.municipality_id = Set(municipality);
        changed.push("municipalityId");
    }
    let disabling = request.disabled == Some(true) && !user.disabled;
    if let Some(disabled) = request.disabled.filter(|d| *d != user.disabled) {
        active.disabled = Set(disabled);
        changed.push("disabled");
    }
    if changed.is_empty() {
        return Ok(web::Json(to_user(user)));
    }
    active.version = Set(user.version + 1);
    active.updated_at = Set(Utc::now());

    let txn = state.db.begin().await?;
    // The version in the WHERE clause makes a concurrent change lose cleanly instead of overwriting.
    let result = users::Entity::update_many()
        .set(active)
        .filter(users::Column::Id.eq(user.id))
        .filter(users::Column::Version.eq(user.version))
        .exec(&txn)
        .await?;
    if result.rows_affected != 1 {
        return Err(ApiError::stale_version());
    }
    if disabling || changed.contains(&"role") || changed.contains(&"municipalityId") {
        revoke_all_sessions(&txn, user.id).await?;
    }
    audit::record(
        &txn,
        Actor::from(&admin.0),
        Entry::new(AuditAction::Update, "user").record(user.id).details(changed.join(",")),
    )
    .await?;
    txn.commit().await?;
    Ok(web::Json(to_user(find_user(&state, user.id).await?)))
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
    let user = find_user(&state, id.0).await?;
    let temporary = password::temporary_password();
    let to_hash = temporary.clone();
    let hash = web::block(move || password::hash_password(&to_hash))
        .await
        .map_err(|error| ApiError::Internal(anyhow::anyhow!("hashing: {error}")))??;
    let txn = state.db.begin().await?;
    let mut active: users::ActiveModel = user.clone().into();
    active.password_hash = Set(hash);
    active.version = Set(user.version + 1);
    active.updated_at = Set(Utc::now());
    active.update(&txn).await?;
    revoke_all_sessions(&txn, user.id).await?;
    audit::record(&txn, Actor::from(&admin.0), Entry::new(AuditAction::Update, "user").record(user.id).details("password reset"))
        .await?;
    txn.commit().await?;
    Ok(web::Json(PasswordReset { temporary_password: temporary }))
}
