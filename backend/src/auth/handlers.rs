//! `/auth`: login, refresh, logout, the current user, changing one's password, and the OAuth 2.0
//! client-credentials token endpoint for API clients.

use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use sea_orm::TransactionTrait;
use shared::auth::{ChangePasswordRequest, CurrentUser, LoginRequest, LoginResponse, TokenRequest, TokenResponse};
use shared::problem::ProblemCode;
use shared::validation::{self, Errors};

use super::limiter::Key;
use super::service::{self, Issuer, Session};
use super::{AuthUser, password};
use crate::AppState;
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

fn issuer(state: &AppState) -> Issuer<'_> {
    Issuer { tokens: &state.tokens, refresh_token_days: state.config.refresh_token_days }
}

/// A new session's answer: the access token in the body, the refresh token as the cookie.
fn session_response(state: &AppState, session: Session) -> HttpResponse {
    HttpResponse::Ok().cookie(refresh_cookie(session.refresh_token, state.config.refresh_token_days)).json(session.body)
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

    let account = service::login_account(&state.db, &username).await?;
    let verified = verify_blocking(&state, password, account.as_ref().map(|u| u.password_hash.clone())).await?;
    let user = match account {
        Some(user) if verified && !user.disabled => user,
        other => {
            service::refuse_login(&state.db, &username, other.as_ref()).await?;
            return Err(ApiError::Unauthenticated {
                code: ProblemCode::InvalidCredentials,
                detail: "Gebruikersnaam of wachtwoord klopt niet.",
            });
        }
    };
    state.login_limiter.succeeded(&keys);

    let txn = state.db.begin().await?;
    let session = service::log_in(&txn, issuer(&state), &user, state.clock.now()).await?;
    txn.commit().await?;
    Ok(session_response(&state, session))
}

/// Exchange the refresh cookie for a new access token (and a new refresh cookie).
///
/// The refresh token is rotated: each one works once. Presenting a used one ends the session it belongs to
/// (every token of its family), since it means the token was copied; the user's other sessions go on.
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
    let session = service::refresh(&state.db, issuer(&state), &presented, state.clock.now()).await?;
    Ok(session_response(&state, session.ok_or_else(invalid)?))
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
        service::log_out(&state.db, cookie.value(), state.clock.now()).await?;
    }
    Ok(HttpResponse::NoContent().cookie(expired_cookie()).finish())
}

/// The logged-in person (people only; an API client gets 403).
#[utoipa::path(
    tag = "auth",
    responses((status = 200, description = "The current user", body = CurrentUser))
)]
#[get("/auth/me")]
async fn me(user: AuthUser, state: web::Data<AppState>) -> ApiResult<web::Json<CurrentUser>> {
    Ok(web::Json(service::current_user(&service::own_account(&state.db, &user).await?)?))
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
    let account = service::own_account(&state.db, &user).await?;
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
    let session = service::change_password(&txn, issuer(&state), &user, account, hash, state.clock.now()).await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent()
        .cookie(refresh_cookie(session.refresh_token, state.config.refresh_token_days))
        .finish())
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
    let token =
        service::client_token(&state.db, &state.tokens, &request.client_id, &request.client_secret, state.clock.now())
            .await?;
    let Some(token) = token else {
        return Err(ApiError::Unauthenticated {
            code: ProblemCode::InvalidClient,
            detail: "Onbekende, ingetrokken of verlopen client, of een verkeerd geheim.",
        });
    };
    state.login_limiter.succeeded(&keys);
    Ok(HttpResponse::Ok().json(token))
}
