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

use super::limiter::Key;
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
        must_change_password: user.must_change_password,
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

/// Stores a new refresh token for `user` (in `family`, or a new family for a login) and answers with an
/// access token of the account's current session generation and the refresh cookie.
async fn open_session(
    state: &AppState,
    db: &impl ConnectionTrait,
    user: &users::Model,
    family: Option<Uuid>,
) -> ApiResult<HttpResponse> {
    let refresh = password::random_token();
    let now = Utc::now();
    let id = Uuid::now_v7();
    refresh_tokens::Entity::insert(refresh_tokens::ActiveModel {
        id: Set(id),
        user_id: Set(user.id),
        token_hash: Set(password::sha256_hex(&refresh)),
        created_at: Set(now),
        expires_at: Set(now + chrono::Duration::days(state.config.refresh_token_days)),
        revoked_at: Set(None),
        family_id: Set(Some(family.unwrap_or(id))),
    })
    .exec_without_returning(db)
    .await?;
    let current = current_user(user)?;
    let access_token =
        state.tokens.issue(user.id.to_string(), current.role, user.organisation_id, user.session_generation)?;
    Ok(HttpResponse::Ok().cookie(refresh_cookie(refresh, state.config.refresh_token_days)).json(LoginResponse {
        access_token,
        token_type: "Bearer".into(),
        expires_in: state.tokens.lifetime_secs,
        user: current,
    }))
}

/// How long a request waits for a free password-hashing slot before it is answered 429.
const HASH_WAIT: std::time::Duration = std::time::Duration::from_secs(1);

/// Runs a password hash off the async workers, within the cap on hashes computed at once
/// (`BASISBAAN_MAX_PASSWORD_HASHES`): each argon2id hash takes about 19 MiB, so a burst of logins must not
/// run them all at once. A request that finds no slot within [`HASH_WAIT`] gets 429 with `Retry-After`.
pub async fn hashing<T: Send + 'static>(state: &AppState, work: impl FnOnce() -> T + Send + 'static) -> ApiResult<T> {
    let permit = tokio::time::timeout(HASH_WAIT, state.password_hashes.clone().acquire_owned())
        .await
        .map_err(|_| ApiError::TooManyRequests { retry_after_secs: 1 })?
        .map_err(|error| ApiError::Internal(anyhow::anyhow!("password hashing slots: {error}")))?;
    web::block(move || {
        let result = work();
        drop(permit);
        result
    })
    .await
    .map_err(|error| ApiError::Internal(anyhow::anyhow!("password hashing: {error}")))
}

async fn verify_blocking(state: &AppState, password: String, hash: Option<String>) -> ApiResult<bool> {
    hashing(state, move || match hash {
        Some(hash) => password::verify_password(&password, &hash),
        None => {
            password::dummy_verify(&password);
            false
        }
    })
    .await
}

/// The client's address as the request envelope determined it (behind a trusted proxy, from
/// `X-Forwarded-For`).
fn client_address() -> String {
    crate::infra::context::peer_address().unwrap_or_else(|| "unknown".into())
}

/// The limiter's keys of one attempt at `account` (`user:<name>`, `client:<id>`) from this client.
fn attempt_keys(account: &str) -> [Key; 2] {
    let address = client_address();
    [Key::account(account, &address), Key::address(&address)]
}

/// Counts the attempt before anything is checked; 429 with `Retry-After` while one of the keys backs off.
fn count_attempt(state: &AppState, keys: &[Key]) -> ApiResult<()> {
    state.login_limiter.attempt(keys).map_err(|retry_after_secs| ApiError::TooManyRequests { retry_after_secs })
}

/// Log in with username and password.
///
/// Answers with a 15-minute access token and sets the refresh token as an HttpOnly cookie scoped to
/// `/api/v1/auth`. Attempts are counted before the password is checked, per account at this address (which
/// backs off, doubling, after 5) and per address (20); both answer 429 with `Retry-After`. An account whose
/// password an admin reset has `mustChangePassword` and must change it before anything else.
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    security(()),
    responses(
        (status = 200, description = "Logged in", body = LoginResponse),
        (status = 401, description = "Wrong username or password, or a disabled account", body = shared::problem::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts from this address or for this account here, or the server is hashing as many passwords as it may; wait `Retry-After` seconds", body = shared::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/login")]
async fn login(state: web::Data<AppState>, body: ApiJson<LoginRequest>) -> ApiResult<HttpResponse> {
    let LoginRequest { username, password } = body.0;
    let username = username.trim().to_lowercase();
    let mut errors = Errors::default();
    if username.is_empty() {
        errors.add("username", "required", "vul uw gebruikersnaam in");
    } else if username.chars().count() > validation::USERNAME_MAX {
        errors.add(
            "username",
            "too_long",
            format!("een gebruikersnaam heeft hoogstens {} tekens", validation::USERNAME_MAX),
        );
    }
    if password.is_empty() {
        errors.add("password", "required", "vul uw wachtwoord in");
    } else if password.chars().count() > validation::PASSWORD_MAX {
        errors.add(
            "password",
            "too_long",
            format!("een wachtwoord heeft hoogstens {} tekens", validation::PASSWORD_MAX),
        );
    }
    errors.finish(()).map_err(ApiError::Validation)?;

    let keys = attempt_keys(&format!("user:{username}"));
    count_attempt(&state, &keys)?;

    let user = users::Entity::find().filter(users::Column::Username.eq(&username)).one(&state.db).await?;
    let verified = verify_blocking(&state, password, user.as_ref().map(|u| u.password_hash.clone())).await?;
    let user = match user {
        Some(user) if verified && !user.disabled => user,
        other => {
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
    state.login_limiter.succeeded(&keys);

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
    let response = open_session(&state, &txn, &user, None).await?;
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
    let family = stored.family_id.unwrap_or(stored.id);
    if stored.revoked_at.is_some() {
        // A used token again: it was copied. Its family ends (the thief's and the owner's copy of this one
        // session), not the user's other sessions.
        end_family(&state.db, stored.user_id, family).await?;
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
    let response = open_session(&state, &txn, &user, Some(family)).await?;
    txn.commit().await?;
    Ok(response)
}

/// Ends every session of a user: their refresh tokens are revoked and their session generation is raised,
/// which ends every access token issued before (logout everywhere, a password change or reset, disabling).
pub async fn revoke_all_sessions(db: &impl ConnectionTrait, user_id: Uuid) -> Result<(), sea_orm::DbErr> {
    refresh_tokens::Entity::update_many()
        .col_expr(refresh_tokens::Column::RevokedAt, Expr::value(Utc::now()))
        .filter(refresh_tokens::Column::UserId.eq(user_id))
        .filter(refresh_tokens::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    next_generation(db, user_id).await
}

/// Raises the user's session generation: every access token issued before is refused from now on.
async fn next_generation(db: &impl ConnectionTrait, user_id: Uuid) -> Result<(), sea_orm::DbErr> {
    users::Entity::update_many()
        .col_expr(
            users::Column::SessionGeneration,
            sea_orm::sea_query::ExprTrait::add(Expr::col(users::Column::SessionGeneration), 1),
        )
        .filter(users::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Ends one session (a family of rotated refresh tokens). When it was still live, the account's access
/// tokens end too (they cannot be told apart by session); the user's other sessions refresh silently.
async fn end_family(db: &impl ConnectionTrait, user_id: Uuid, family: Uuid) -> Result<bool, sea_orm::DbErr> {
    let ended = refresh_tokens::Entity::update_many()
        .col_expr(refresh_tokens::Column::RevokedAt, Expr::value(Utc::now()))
        .filter(refresh_tokens::Column::UserId.eq(user_id))
        .filter(refresh_tokens::Column::FamilyId.eq(family))
        .filter(refresh_tokens::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    if ended.rows_affected > 0 {
        next_generation(db, user_id).await?;
    }
    Ok(ended.rows_affected > 0)
}

/// Log out: ends the session of the refresh cookie and every access token of the account, and clears the
/// cookie.
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
            // Only a live token ends its session (and the account's access tokens); an old, used one ends
            // nothing, so a copied old cookie cannot log anybody out.
            let live = stored.revoked_at.is_none() && stored.expires_at > Utc::now();
            if live {
                let txn = state.db.begin().await?;
                let family = stored.family_id.unwrap_or(stored.id);
                if end_family(&txn, stored.user_id, family).await? {
                    audit::record(
                        &txn,
                        Actor { user_id: Some(stored.user_id), ..Actor::default() },
                        Entry::new(AuditAction::Logout, "user").record(stored.user_id),
                    )
                    .await?;
                }
                txn.commit().await?;
            }
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
    responses(
        (status = 204, description = "Password changed; every other session and access token ended, a fresh refresh cookie is set"),
        (status = 429, description = "Too many wrong current passwords, or no free hashing slot; wait `Retry-After` seconds", body = shared::problem::Problem, content_type = "application/problem+json"),
    )
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
    if request.current_password.chars().count() > validation::PASSWORD_MAX {
        errors.add("currentPassword", "wrong", "het huidige wachtwoord klopt niet");
        return Err(ApiError::Validation(errors.into_vec()));
    }
    // The current password is guessed no faster here than at the login.
    let keys = attempt_keys(&format!("user:{}", account.username));
    count_attempt(&state, &keys)?;
    if verify_blocking(&state, request.current_password, Some(account.password_hash.clone())).await? {
        state.login_limiter.succeeded(&keys);
    } else {
        errors.add("currentPassword", "wrong", "het huidige wachtwoord klopt niet");
    }
    errors.finish(()).map_err(ApiError::Validation)?;
    let new_password = request.new_password;
    let hash = hashing(&state, move || password::hash_password(&new_password)).await??;

    let txn = state.db.begin().await?;
    let version = account.version;
    let mut active: users::ActiveModel = account.clone().into();
    active.password_hash = Set(hash);
    active.must_change_password = Set(false);
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
    // Read again: the new session belongs to the new generation.
    let account = users::Entity::find_by_id(account.id).one(&txn).await?.ok_or(ApiError::NotFound)?;
    let session = open_session(&state, &txn, &account, None).await?;
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
async fn client_token(state: web::Data<AppState>, body: ApiForm<TokenRequest>) -> ApiResult<HttpResponse> {
    let request = body.0;
    if request.grant_type != "client_credentials" {
        return Err(ApiError::BadRequest {
            code: ProblemCode::UnsupportedGrantType,
            detail: "Alleen grant_type=client_credentials wordt ondersteund.".into(),
        });
    }
    let keys = attempt_keys(&format!("client:{}", request.client_id));
    count_attempt(&state, &keys)?;
    let now = Utc::now();
    let presented = password::sha256_hex(&request.client_secret);
    let client = api_clients::Entity::find()
        .filter(api_clients::Column::ClientId.eq(&request.client_id))
        .one(&state.db)
        .await?
        .filter(|client| client.revoked_at.is_none())
        .filter(|client| client.secret_expires_at.is_none_or(|expires| expires > now))
        .filter(|client| password::same_secret_hash(&client.secret_hash, &presented));
    let Some(client) = client else {
        audit::record(
            &state.db,
            Actor { client_id: Some(request.client_id.chars().take(64).collect()), ..Actor::default() },
            Entry::new(AuditAction::Login, "api_client").result(AuditResult::Failure),
        )
        .await?;
        return Err(ApiError::Unauthenticated {
            code: ProblemCode::InvalidClient,
            detail: "Onbekende, ingetrokken of verlopen client, of een verkeerd geheim.",
        });
    };
    state.login_limiter.succeeded(&keys);
    let role = Role::parse(&client.role).ok_or_else(|| anyhow::anyhow!("api client with unknown role"))?;
    let access_token = state.tokens.issue(client_subject(&client.client_id), role, client.organisation_id, 0)?;
    api_clients::Entity::update_many()
        .col_expr(api_clients::Column::LastUsedAt, Expr::value(now))
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
