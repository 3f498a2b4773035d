//! The writes of `/auth`: sessions (refresh-token families), the last login, password changes and API
//! clients' tokens. The handlers count attempts and check passwords (off the async workers); the rows
//! are written here, with the time given by the caller (`AppState::clock`).

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    TransactionTrait, sea_query::Expr,
};
use shared::audit::{AuditAction, AuditResult};
use shared::auth::{CurrentUser, LoginResponse, Role, TokenResponse};
use uuid::Uuid;

use super::tokens::TokenKeys;
use super::{AuthUser, client_subject, password};
use crate::audit::{self, Actor, Entry};
use crate::db::{api_clients, refresh_tokens, users};
use crate::infra::error::{ApiError, ApiResult};

/// What a new session needs besides the database: the token keys and how long a refresh token lives.
#[derive(Clone, Copy)]
pub struct Issuer<'a> {
    pub tokens: &'a TokenKeys,
    pub refresh_token_days: i64,
}

/// A session just opened: the answer's body and the refresh token for the cookie.
pub struct Session {
    pub body: LoginResponse,
    pub refresh_token: String,
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

/// Stores a new refresh token for `user` (in `family`, or a new family for a login) and issues an access
/// token of the account's current session generation.
async fn open_session(
    db: &impl ConnectionTrait,
    issuer: Issuer<'_>,
    user: &users::Model,
    family: Option<Uuid>,
    now: DateTime<Utc>,
) -> ApiResult<Session> {
    let refresh = password::random_token();
    let id = Uuid::now_v7();
    refresh_tokens::Entity::insert(refresh_tokens::ActiveModel {
        id: Set(id),
        user_id: Set(user.id),
        token_hash: Set(password::sha256_hex(&refresh)),
        created_at: Set(now),
        expires_at: Set(now + chrono::Duration::days(issuer.refresh_token_days)),
        revoked_at: Set(None),
        family_id: Set(Some(family.unwrap_or(id))),
    })
    .exec_without_returning(db)
    .await?;
    let current = current_user(user)?;
    let access_token =
        issuer.tokens.issue(user.id.to_string(), current.role, user.organisation_id, user.session_generation)?;
    Ok(Session {
        body: LoginResponse {
            access_token,
            token_type: "Bearer".into(),
            expires_in: issuer.tokens.lifetime_secs,
            user: current,
        },
        refresh_token: refresh,
    })
}

/// The account a login names (usernames are stored in lower case).
pub async fn login_account(db: &impl ConnectionTrait, username: &str) -> ApiResult<Option<users::Model>> {
    Ok(users::Entity::find().filter(users::Column::Username.eq(username)).one(db).await?)
}

/// Audits a refused login with its reason (never the password).
pub async fn refuse_login(db: &impl ConnectionTrait, username: &str, account: Option<&users::Model>) -> ApiResult<()> {
    let reason = match account {
        Some(user) if user.disabled => "disabled account",
        Some(_) => "wrong password",
        None => "unknown user",
    };
    audit::record(
        db,
        Actor::anonymous(Some(username)),
        Entry::new(AuditAction::Login, "user").result(AuditResult::Failure).details(reason),
    )
    .await?;
    Ok(())
}

/// A successful login: the last login time, the audit event and a new session (a new refresh family).
pub async fn log_in(
    txn: &impl ConnectionTrait,
    issuer: Issuer<'_>,
    user: &users::Model,
    now: DateTime<Utc>,
) -> ApiResult<Session> {
    users::Entity::update_many()
        .col_expr(users::Column::LastLoginAt, Expr::value(now))
        .filter(users::Column::Id.eq(user.id))
        .exec(txn)
        .await?;
    audit::record(
        txn,
        Actor {
            user_id: Some(user.id),
            name: Some(user.username.clone()),
            role: Role::parse(&user.role),
            client_id: None,
        },
        Entry::new(AuditAction::Login, "user").record(user.id),
    )
    .await?;
    open_session(txn, issuer, user, None, now).await
}

/// Exchanges a presented refresh token for a new session in the same family; `None` when the token is
/// unknown, expired, used or its account disabled. A used token presented again was copied: its family
/// ends (the thief's and the owner's copy of this one session), not the user's other sessions. Of two
/// simultaneous refreshes with the same token only one wins.
pub async fn refresh(
    db: &DatabaseConnection,
    issuer: Issuer<'_>,
    presented: &str,
    now: DateTime<Utc>,
) -> ApiResult<Option<Session>> {
    let Some(stored) = refresh_tokens::Entity::find()
        .filter(refresh_tokens::Column::TokenHash.eq(password::sha256_hex(presented)))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let family = stored.family_id.unwrap_or(stored.id);
    if stored.revoked_at.is_some() {
        end_family(db, stored.user_id, family, now).await?;
        return Ok(None);
    }
    if stored.expires_at <= now {
        return Ok(None);
    }
    let Some(user) = users::Entity::find_by_id(stored.user_id).one(db).await?.filter(|user| !user.disabled) else {
        return Ok(None);
    };
    let txn = db.begin().await?;
    let revoked = refresh_tokens::Entity::update_many()
        .col_expr(refresh_tokens::Column::RevokedAt, Expr::value(now))
        .filter(refresh_tokens::Column::Id.eq(stored.id))
        .filter(refresh_tokens::Column::RevokedAt.is_null())
        .exec(&txn)
        .await?;
    if revoked.rows_affected != 1 {
        return Ok(None);
    }
    let session = open_session(&txn, issuer, &user, Some(family), now).await?;
    txn.commit().await?;
    Ok(Some(session))
}

/// Ends every session of a user: their refresh tokens are revoked and their session generation is raised,
/// which ends every access token issued before (logout everywhere, a password change or reset, disabling).
pub async fn revoke_all_sessions(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    refresh_tokens::Entity::update_many()
        .col_expr(refresh_tokens::Column::RevokedAt, Expr::value(now))
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
async fn end_family(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    family: Uuid,
    now: DateTime<Utc>,
) -> Result<bool, sea_orm::DbErr> {
    let ended = refresh_tokens::Entity::update_many()
        .col_expr(refresh_tokens::Column::RevokedAt, Expr::value(now))
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

/// Logs out the session of a presented refresh token. Only a live token ends its session (and the
/// account's access tokens); an old, used one ends nothing, so a copied old cookie cannot log anybody out.
pub async fn log_out(db: &DatabaseConnection, presented: &str, now: DateTime<Utc>) -> ApiResult<()> {
    let hash = password::sha256_hex(presented);
    let Some(stored) =
        refresh_tokens::Entity::find().filter(refresh_tokens::Column::TokenHash.eq(hash)).one(db).await?
    else {
        return Ok(());
    };
    if stored.revoked_at.is_some() || stored.expires_at <= now {
        return Ok(());
    }
    let txn = db.begin().await?;
    let family = stored.family_id.unwrap_or(stored.id);
    if end_family(&txn, stored.user_id, family, now).await? {
        audit::record(
            &txn,
            Actor { user_id: Some(stored.user_id), ..Actor::default() },
            Entry::new(AuditAction::Logout, "user").record(stored.user_id),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// The caller's own account (people only: an API client gets 403).
pub async fn own_account(db: &impl ConnectionTrait, user: &AuthUser) -> ApiResult<users::Model> {
    let id = user.user_id.ok_or(ApiError::Forbidden)?;
    users::Entity::find_by_id(id).one(db).await?.ok_or(ApiError::NotFound)
}

/// Stores a new password hash (the handler checked the current password and hashed the new one), ends
/// every session of the account and opens a fresh one of the new generation.
pub async fn change_password(
    txn: &impl ConnectionTrait,
    issuer: Issuer<'_>,
    caller: &AuthUser,
    account: users::Model,
    new_hash: String,
    now: DateTime<Utc>,
) -> ApiResult<Session> {
    let id = account.id;
    let version = account.version;
    let mut active: users::ActiveModel = account.into();
    active.password_hash = Set(new_hash);
    active.must_change_password = Set(false);
    active.updated_at = Set(now);
    active.version = Set(version + 1);
    active.update(txn).await?;
    revoke_all_sessions(txn, id, now).await?;
    audit::record(txn, Actor::from(caller), Entry::new(AuditAction::Update, "user").record(id).details("password"))
        .await?;
    // Read again: the new session belongs to the new generation.
    let account = users::Entity::find_by_id(id).one(txn).await?.ok_or(ApiError::NotFound)?;
    open_session(txn, issuer, &account, None, now).await
}

/// An API client's access token for its id and secret (compared in constant time), or `None` (audited)
/// for an unknown, revoked or expired client or a wrong secret.
pub async fn client_token(
    db: &impl ConnectionTrait,
    tokens: &TokenKeys,
    client_id: &str,
    client_secret: &str,
    now: DateTime<Utc>,
) -> ApiResult<Option<TokenResponse>> {
    let presented = password::sha256_hex(client_secret);
    let client = api_clients::Entity::find()
        .filter(api_clients::Column::ClientId.eq(client_id))
        .one(db)
        .await?
        .filter(|client| client.revoked_at.is_none())
        .filter(|client| client.secret_expires_at.is_none_or(|expires| expires > now))
        .filter(|client| password::same_secret_hash(&client.secret_hash, &presented));
    let Some(client) = client else {
        audit::record(
            db,
            Actor { client_id: Some(client_id.chars().take(64).collect()), ..Actor::default() },
            Entry::new(AuditAction::Login, "api_client").result(AuditResult::Failure),
        )
        .await?;
        return Ok(None);
    };
    let role = Role::parse(&client.role).ok_or_else(|| anyhow::anyhow!("api client with unknown role"))?;
    let access_token = tokens.issue(client_subject(&client.client_id), role, client.organisation_id, 0)?;
    api_clients::Entity::update_many()
        .col_expr(api_clients::Column::LastUsedAt, Expr::value(now))
        .filter(api_clients::Column::Id.eq(client.id))
        .exec(db)
        .await?;
    audit::record(
        db,
        Actor {
            name: Some(client.client_id.clone()),
            role: Some(role),
            client_id: Some(client.client_id),
            user_id: None,
        },
        Entry::new(AuditAction::Login, "api_client").record(client.id),
    )
    .await?;
    Ok(Some(TokenResponse { access_token, token_type: "Bearer".into(), expires_in: tokens.lifetime_secs }))
}
