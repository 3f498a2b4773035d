//! `/auth`: login, refresh, logout, the current user, changing one's password, and the OAuth 2.0
//! client-credentials token endpoint for API clients.

use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, TransactionTrait,
    sea_query::Expr,
};
use shared::audit::{AuditAction, AuditResult};
use shared::auth::{
    ChangePasswordRequest, CurrentUser, LoginRequest, LoginResponse, Role, TokenRequest, TokenResponse,
};
use shared::problem::ProblemCode;
use shared::validation::{self, Errors};
use uuid::Uuid;

use super::{AuthUser, client_subject, password};
use crate::AppState;
use crate::audit::{self, Actor, Entry};
use crate::db::{api_clients, refresh_tokens, users};
use crate::infra::error::{ApiError, ApiResult};
use crate::infra::extract::{ApiForm, ApiJson};

pub const REFRESH_COOKIE: &str = "bb_refresh";
const COOKIE_PATH: &str = "/api/v1/auth";

pub fn configure(config: &mut utoipa_actix_web::service_config::ServiceConfig) {
    config
        .service(login)
        .service(refresh_session)
        .service(logout)
        .service(me)
        .service(change_password)
        .service(client_token);
}

pub fn current_user(user: &users::Model) -> ApiResult<CurrentUser> {
    Ok(CurrentUser {
        id: user.id,
        username: user.username.clone(),
        display_name: user.display_name.clone(),
        role: crate::db::stored(&user.role, "role")?,
        organisation_id: user.organisation_id,
        municipality_id: user.municipality_id,
    })
}

fn refresh_cookie(token: String, days: i64) -> Cookie<'static> {
    Cookie::build(REFRESH_COOKIE, token)
        .path(COOKIE_PATH)
        .http_only(true)
        .secure(true)
        .same_site(SameSite::Strict)
        .max_age(CookieDuration::days(days))
        .finish()
}

fn expired_cookie() -> Cookie<'static> {
    let mut cookie = refresh_cookie(String::new(), 0);
    cookie.make_removal();
    cookie
}

/// Stores a new refresh token for `user` and answers with an access token and the refresh cookie.
async fn open_session(state: &AppState, db: &impl ConnectionTrait, user: &users::Model) -> ApiResult<HttpResponse> {
    let refresh = password::random_token();
    let now = Utc::now();
    refresh_tokens::Entity::insert(refresh_tokens::ActiveModel {
        id: Set(Uuid::now_v7()),
        user_id: Set(user.id),
        token_hash: Set(password::sha256_hex(&refresh)),
        created_at: Set(now),
        expires_at: Set(now + chrono::Duration::days(state.config.refresh_token_days)),
        revoked_at: Set(None),
    })
    .exec_without_returning(db)
    .await?;
    let current = current_user(user)?;
    let access_token = state.tokens.issue(user.id.to_string(), current.role, user.organisation_id)?;
    Ok(HttpResponse::Ok().cookie(refresh_cookie(refresh, state.config.refresh_token_days)).json(LoginResponse {
        access_token,
        token_type: "Bearer".into(),
        expires_in: state.tokens.lifetime_secs,
        user: current,
    }))
}

async fn verify_blocking(password: String, hash: Option<String>) -> ApiResult<bool> {
    web::block(move || match hash {
        Some(hash) => password::verify_password(&password, &hash),
        None => {
            password::dummy_verify(&password);
            false
        }
    })
    .await
    .map_err(|error| ApiError::Internal(anyhow::anyhow!("password check: {error}")))
}

fn peer_key(req: &HttpRequest) -> String {
    format!("ip:{}", req.peer_addr().map(|a| a.ip().to_string()).unwrap_or_default())
}

/// Log in with username and password.
///
/// Answers with a 15-minute access token and sets the refresh token as an HttpOnly cookie scoped to
/// `/api/v1/auth`. Failed attempts are limited per account and per address (429 with `Retry-After`).
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    security(()),
    responses(
        (status = 200, description = "Logged in", body = LoginResponse),
        (status = 401, description = "Wrong username or password, or a disabled account", body = shared::problem::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed attempts", body = shared::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/login")]
async fn login(req: HttpRequest, state: web::Data<AppState>, body: ApiJson<LoginRequest>) -> ApiResult<HttpResponse> {
    let LoginRequest { username, password } = body.0;
    let username = username.trim().to_lowercase();
    let mut errors = Errors::default();
    if username.is_empty() {
        errors.add("username", "required", "vul uw gebruikersnaam in");
    }
    if password.is_empty() {
        errors.add("password", "required", "vul uw wachtwoord in");
    }
    errors.finish(()).map_err(ApiError::Validation)?;

    let keys = [(format!("user:{username}"), 1), (peer_key(&req), 4)];
    state.login_limiter.check(&keys).map_err(|retry_after_secs| ApiError::TooManyRequests { retry_after_secs })?;

    let user = users::Entity::find().filter(users::Column::Username.eq(&username)).one(&state.db).await?;
    let verified = verify_blocking(password, user.as_ref().map(|u| u.password_hash.clone())).await?;
    let user = match user {
        Some(user) if verified && !user.disabled => user,
        other => {
            state.login_limiter.record_failure(&keys);
            let reason = match other {
                Some(user) if user.disabled => "disabled account",
                Some(_) => "wrong password",
                None => "unknown user",
            };
            audit::record(
                &state.db,
                Actor::anonymous(Some(&username)),
                Entry::new(AuditAction::Login, "user").result(AuditResult::Failure).details(reason),
            )
            .await?;
            return Err(ApiError::Unauthenticated {
                code: ProblemCode::InvalidCredentials,
                detail: "Gebruikersnaam of wachtwoord klopt niet.",
            });
        }
    };
    state.login_limiter.reset(&keys[0].0);

    let txn = state.db.begin().await?;
    users::Entity::update_many()
        .col_expr(users::Column::LastLoginAt, Expr::value(Utc::now()))
        .filter(users::Column::Id.eq(user.id))
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        Actor {
            user_id: Some(user.id),
            name: Some(user.username.clone()),
            role: Role::parse(&user.role),
            client_id: None,
        },
        Entry::new(AuditAction::Login, "user").record(user.id),
    )
    .await?;
    let response = open_session(&state, &txn, &user).await?;
    txn.commit().await?;
    Ok(response)
}

/// Exchange the refresh cookie for a new access token (and a new refresh cookie).
///
/// The refresh token is rotated: each one works once. Presenting a used one revokes every session of that
/// user, since it means the token was copied.
#[utoipa::path(
    tag = "auth",
    security(()),
    responses(
        (status = 200, description = "A new access token", body = LoginResponse),
        (status = 401, description = "No valid refresh cookie", body = shared::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/refresh")]
async fn refresh_session(req: HttpRequest, state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    let invalid = || ApiError::Unauthenticated { code: ProblemCode::InvalidRefreshToken, detail: "Log opnieuw in." };
    let presented = req.cookie(REFRESH_COOKIE).map(|c| c.value().to_owned()).filter(|v| !v.is_empty());
    let presented = presented.ok_or_else(invalid)?;
    let stored = refresh_tokens::Entity::find()
        .filter(refresh_tokens::Column::TokenHash.eq(password::sha256_hex(&presented)))
        .one(&state.db)
        .await?
        .ok_or_else(invalid)?;
    let now = Utc::now();
    if stored.revoked_at.is_some() {
        revoke_all_sessions(&state.db, stored.user_id).await?;
        return Err(invalid());
    }
    if stored.expires_at <= now {
        return Err(invalid());
    }
    let user = users::Entity::find_by_id(stored.user_id)
        .one(&state.db)
        .await?
        .filter(|user| !user.disabled)
        .ok_or_else(invalid)?;
    let txn = state.db.begin().await?;
    // Only one of two simultaneous refreshes with the same token may win.
    let revoked = refresh_tokens::Entity::update_many()
        .col_expr(refresh_tokens::Column::RevokedAt, Expr::value(now))
        .filter(refresh_tokens::Column::Id.eq(stored.id))
        .filter(refresh_tokens::Column::RevokedAt.is_null())
        .exec(&txn)
        .await?;
    if revoked.rows_affected != 1 {
        return Err(invalid());
    }
    let response = open_session(&state, &txn, &user).await?;
    txn.commit().await?;
    Ok(response)
}

pub async fn revoke_all_sessions(db: &impl ConnectionTrait, user_id: Uuid) -> Result<(), sea_orm::DbErr> {
    refresh_tokens::Entity::update_many()
        .col_expr(refresh_tokens::Column::RevokedAt, Expr::value(Utc::now()))
        .filter(refresh_tokens::Column::UserId.eq(user_id))
        .filter(refresh_tokens::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Log out: revokes the refresh token in the cookie and clears the cookie.
#[utoipa::path(
    tag = "auth",
    security(()),
    responses((status = 204, description = "Logged out (also when there was no session)"))
)]
#[post("/auth/logout")]
async fn logout(req: HttpRequest, state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    if let Some(cookie) = req.cookie(REFRESH_COOKIE) {
        let hash = password::sha256_hex(cookie.value());
        if let Some(stored) =
            refresh_tokens::Entity::find().filter(refresh_tokens::Column::TokenHash.eq(hash)).one(&state.db).await?
        {
            let txn = state.db.begin().await?;
            refresh_tokens::Entity::update_many()
                .col_expr(refresh_tokens::Column::RevokedAt, Expr::value(Utc::now()))
                .filter(refresh_tokens::Column::Id.eq(stored.id))
                .filter(refresh_tokens::Column::RevokedAt.is_null())
                .exec(&txn)
                .await?;
            audit::record(
                &txn,
                Actor { user_id: Some(stored.user_id), ..Actor::default() },
                Entry::new(AuditAction::Logout, "user").record(stored.user_id),
            )
            .await?;
            txn.commit().await?;
        }
    }
    Ok(HttpResponse::NoContent().cookie(expired_cookie()).finish())
}

async fn own_account(state: &AppState, user: &AuthUser) -> ApiResult<users::Model> {
    let id = user.user_id.ok_or(ApiError::Forbidden)?;
    users::Entity::find_by_id(id).one(&state.db).await?.ok_or(ApiError::NotFound)
}

/// The logged-in person (people only; an API client gets 403).
#[utoipa::path(
    tag = "auth",
    responses((status = 200, description = "The current user", body = CurrentUser))
)]
#[get("/auth/me")]
async fn me(user: AuthUser, state: web::Data<AppState>) -> ApiResult<web::Json<CurrentUser>> {
    Ok(web::Json(current_user(&own_account(&state, &user).await?)?))
}

/// Change one's own password. Every other session of the account is logged out.
#[utoipa::path(
    tag = "auth",
    request_body = ChangePasswordRequest,
    responses((status = 204, description = "Password changed; a fresh refresh cookie is set"))
)]
#[post("/auth/password")]
async fn change_password(
    user: AuthUser,
    state: web::Data<AppState>,
    body: ApiJson<ChangePasswordRequest>,
) -> ApiResult<HttpResponse> {
    let account = own_account(&state, &user).await?;
    let request = body.0;
    let mut errors = Errors::default();
    validation::check_new_password(&mut errors, "newPassword", &request.new_password);
    if request.new_password == request.current_password {
        errors.add("newPassword", "unchanged", "kies een ander wachtwoord dan het huidige");
    }
    if !verify_blocking(request.current_password, Some(account.password_hash.clone())).await? {
        errors.add("currentPassword", "wrong", "het huidige wachtwoord klopt niet");
    }
    errors.finish(()).map_err(ApiError::Validation)?;
    let new_password = request.new_password;
    let hash = web::block(move || password::hash_password(&new_password))
        .await
        .map_err(|error| ApiError::Internal(anyhow::anyhow!("hashing: {error}")))??;

    let txn = state.db.begin().await?;
    let version = account.version;
    let mut active: users::ActiveModel = account.clone().into();
    active.password_hash = Set(hash);
    active.updated_at = Set(Utc::now());
    active.version = Set(version + 1);
    active.update(&txn).await?;
    revoke_all_sessions(&txn, account.id).await?;
    audit::record(
        &txn,
        Actor::from(&user),
        Entry::new(AuditAction::Update, "user").record(account.id).details("password"),
    )
    .await?;
    let session = open_session(&state, &txn, &account).await?;
    txn.commit().await?;
    let mut response = HttpResponse::NoContent();
    for cookie in session.cookies() {
        response.cookie(cookie.into_owned());
    }
    Ok(response.finish())
}

/// OAuth 2.0 client credentials (RFC 6749 §4.4): an API client's id and secret for an access token.
///
/// Send `application/x-www-form-urlencoded` with `grant_type=client_credentials`, `client_id` and
/// `client_secret`. The token carries the client's role and, for partners, its organisation.
#[utoipa::path(
    tag = "auth",
    request_body(content = TokenRequest, content_type = "application/x-www-form-urlencoded"),
    security(()),
    responses(
        (status = 200, description = "An access token", body = TokenResponse),
        (status = 401, description = "Unknown or revoked client, or a wrong secret", body = shared::problem::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed attempts", body = shared::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/token")]
async fn client_token(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: ApiForm<TokenRequest>,
) -> ApiResult<HttpResponse> {
    let request = body.0;
    if request.grant_type != "client_credentials" {
        return Err(ApiError::BadRequest {
            code: ProblemCode::UnsupportedGrantType,
            detail: "Alleen grant_type=client_credentials wordt ondersteund.".into(),
        });
    }
    let keys = [(format!("client:{}", request.client_id), 1), (peer_key(&req), 4)];
    state.login_limiter.check(&keys).map_err(|retry_after_secs| ApiError::TooManyRequests { retry_after_secs })?;
    let client = api_clients::Entity::find()
        .filter(api_clients::Column::ClientId.eq(&request.client_id))
        .one(&state.db)
        .await?
        .filter(|client| client.revoked_at.is_none())
        .filter(|client| client.secret_hash == password::sha256_hex(&request.client_secret));
    let Some(client) = client else {
        state.login_limiter.record_failure(&keys);
        audit::record(
            &state.db,
            Actor { client_id: Some(request.client_id.chars().take(64).collect()), ..Actor::default() },
            Entry::new(AuditAction::Login, "api_client").result(AuditResult::Failure),
        )
        .await?;
        return Err(ApiError::Unauthenticated {
            code: ProblemCode::InvalidClient,
            detail: "Onbekende of ingetrokken client, of een verkeerd geheim.",
        });
    };
    let role = Role::parse(&client.role).ok_or_else(|| anyhow::anyhow!("api client with unknown role"))?;
    let access_token = state.tokens.issue(client_subject(&client.client_id), role, client.organisation_id)?;
    api_clients::Entity::update_many()
        .col_expr(api_clients::Column::LastUsedAt, Expr::value(Utc::now()))
        .filter(api_clients::Column::Id.eq(client.id))
        .exec(&state.db)
        .await?;
    audit::record(
        &state.db,
        Actor {
            name: Some(client.client_id.clone()),
            role: Some(role),
            client_id: Some(client.client_id),
            user_id: None,
        },
        Entry::new(AuditAction::Login, "api_client").record(client.id),
    )
    .await?;
    Ok(HttpResponse::Ok().json(TokenResponse {
        access_token,
        token_type: "Bearer".into(),
        expires_in: state.tokens.lifetime_secs,
    }))
}
