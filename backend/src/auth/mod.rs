//! Authentication and authorisation: passwords, tokens, the login rate limit, and the one extractor that
//! every protected handler takes.
//!
//! Architecture invariant: a handler reaches a protected operation only through [`Authorized<P>`], whose
//! policy type `P` names the roles allowed, so the role check cannot be forgotten or done twice. The
//! extractor re-reads the account on every request, so a disabled user or revoked client loses access at
//! once, not when the token expires; it also compares the token's session generation with the account's,
//! so logout, a password change and a reset end every earlier access token at once.

pub mod handlers;
pub mod limiter;
pub mod password;
pub mod service;
pub mod tokens;

use std::marker::PhantomData;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpMessage, HttpRequest, http::header, web};
use futures_util::future::LocalBoxFuture;
use sea_orm::EntityTrait;
use shared::auth::Role;
use shared::problem::ProblemCode;
use uuid::Uuid;

use crate::AppState;
use crate::db::{api_clients, users};
use crate::infra::error::ApiError;

/// The authenticated caller: a person or an API client, with the role and organisation it acts for.
#[derive(Debug, Clone)]
pub struct AuthUser {
    pub user_id: Option<Uuid>,
    pub client_id: Option<String>,
    /// Username or client id, for the audit log.
    pub name: String,
    pub role: Role,
    /// The partner's organisation; `None` for every other role.
    pub organisation_id: Option<Uuid>,
    /// The municipality whose people this caller sees; `None` for regional staff and machine clients,
    /// who see the whole region.
    pub municipality_id: Option<Uuid>,
    /// A person whose password an admin reset: until they choose their own, [`Authorized`] refuses them
    /// (403 `password_change_required`); `/auth/me` and `/auth/password` still answer.
    pub must_change_password: bool,
}

/// The caller's scope: its role, its organisation (partners) and its municipality (`None`: the whole
/// region). Every query of a scoped record goes through these two, so the region rule lives here once.
impl AuthUser {
    pub fn is(&self, role: Role) -> bool {
        self.role == role
    }

    /// Whether the caller's region covers a record of `municipality`.
    pub fn covers(&self, municipality: Uuid) -> bool {
        self.municipality_id.is_none_or(|own| own == municipality)
    }

    /// The condition that keeps a query within the caller's region, on the record's municipality column.
    pub fn within_region<C: sea_orm::ColumnTrait>(&self, column: C) -> sea_orm::Condition {
        match self.municipality_id {
            Some(own) => sea_orm::Condition::all().add(column.eq(own)),
            None => sea_orm::Condition::all(),
        }
    }
}

const CLIENT_PREFIX: &str = "client:";

pub fn client_subject(client_id: &str) -> String {
    format!("{CLIENT_PREFIX}{client_id}")
}

fn invalid_token() -> ApiError {
    ApiError::Unauthenticated { code: ProblemCode::InvalidToken, detail: "Het toegangstoken is ongeldig of verlopen." }
}

async fn authenticate(state: web::Data<AppState>, bearer: Option<String>) -> Result<AuthUser, ApiError> {
    let token = bearer.ok_or(ApiError::Unauthenticated {
        code: ProblemCode::Unauthenticated,
        detail: "Stuur een toegangstoken als Authorization: Bearer <token>.",
    })?;
    let claims = state.tokens.verify(&token).ok_or_else(invalid_token)?;
    if let Some(client_id) = claims.sub.strip_prefix(CLIENT_PREFIX) {
        let client = api_clients::Entity::find()
            .filter_by_client_id(client_id)
            .one(&state.db)
            .await?
            .filter(|client| client.revoked_at.is_none() && client.role == claims.role.as_str())
            .ok_or_else(invalid_token)?;
        return Ok(AuthUser {
            user_id: None,
            client_id: Some(client.client_id.clone()),
            name: client.client_id,
            role: claims.role,
            organisation_id: client.organisation_id,
            municipality_id: client.municipality_id,
            must_change_password: false,
        });
    }
    let user_id = Uuid::parse_str(&claims.sub).map_err(|_| invalid_token())?;
    let user = users::Entity::find_by_id(user_id)
        .one(&state.db)
        .await?
        .filter(|user| {
            !user.disabled
                && user.session_generation == claims.generation
                && user.role == claims.role.as_str()
                && user.organisation_id == claims.org
        })
        .ok_or_else(invalid_token)?;
    Ok(AuthUser {
        user_id: Some(user.id),
        client_id: None,
        name: user.username,
        role: claims.role,
        organisation_id: user.organisation_id,
        municipality_id: user.municipality_id,
        must_change_password: user.must_change_password,
    })
}

trait FindByClientId {
    fn filter_by_client_id(self, client_id: &str) -> Self;
}

impl FindByClientId for sea_orm::Select<api_clients::Entity> {
    fn filter_by_client_id(self, client_id: &str) -> Self {
        use sea_orm::{ColumnTrait, QueryFilter};
        self.filter(api_clients::Column::ClientId.eq(client_id))
    }
}

fn bearer_token(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim().to_owned()).filter(|t| !t.is_empty())
}

fn app_state(req: &HttpRequest) -> web::Data<AppState> {
    req.app_data::<web::Data<AppState>>().cloned().expect("AppState is registered at startup")
}

impl FromRequest for AuthUser {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        let gate = crate::infra::extract::AuthGate::open(&req);
        Box::pin(async move {
            let _gate = gate;
            let user = authenticate(app_state(&req), bearer_token(&req)).await?;
            remember(&req, &user);
            Ok(user)
        })
    }
}

/// Keeps the authenticated caller with the request, so that a denial raised anywhere in the handler is
/// audited once, by [`audit_denial`], with who was refused.
fn remember(req: &HttpRequest, user: &AuthUser) {
    req.extensions_mut().insert(user.clone());
}

/// Records a 403 answer in the audit log: the one place where denials are audited, whether the role
/// check of [`Authorized`] or a rule inside a handler refused. Called by the request envelope.
pub async fn audit_denial(req: &HttpRequest) {
    let Some(state) = req.app_data::<web::Data<AppState>>() else { return };
    let user = req.extensions().get::<AuthUser>().cloned();
    let actor = user.as_ref().map(crate::audit::Actor::from).unwrap_or_default();
    let route = req.match_pattern().unwrap_or_else(|| req.path().to_owned());
    tracing::info!(role = user.as_ref().map(|u| u.role.as_str()), route, "access denied");
    let entry = crate::audit::Entry::new(shared::audit::AuditAction::Read, "endpoint")
        .result(shared::audit::AuditResult::Denied)
        .details(format!("{} {route}", req.method()));
    if let Err(error) = crate::audit::record(&state.db, actor, entry).await {
        tracing::error!("auditing a denial failed: {error}");
    }
}

/// 403 unless `allowed`: a rule inside a capability that refuses the caller (the role check itself is
/// [`Authorized`]). The one place besides it that answers 403; the envelope audits every 403 once.
pub fn require(allowed: bool) -> Result<(), ApiError> {
    if allowed { Ok(()) } else { Err(forbidden()) }
}

/// The refusal itself, for a rule that has already decided (see [`require`]).
pub fn forbidden() -> ApiError {
    ApiError::Forbidden
}

/// A partner's own organisation (from its account, never from the request); 403 for an account without one.
pub fn own_organisation(caller: &AuthUser) -> Result<Uuid, ApiError> {
    caller.organisation_id.ok_or(ApiError::Forbidden)
}

/// Refuses (403) a caller who works for one municipality where the whole region's scope is needed: adding
/// municipalities, giving an account the whole region.
pub fn require_regional(caller: &AuthUser) -> Result<(), ApiError> {
    if caller.municipality_id.is_some() { Err(ApiError::Forbidden) } else { Ok(()) }
}

/// Which roles may use an operation. Implemented by the unit types in [`policy`].
pub trait Policy {
    const ROLES: &'static [Role];
}

/// An authenticated caller whose role is one of `P::ROLES`; anyone else gets 401 or 403.
#[derive(Debug)]
pub struct Authorized<P: Policy>(pub AuthUser, PhantomData<P>);

impl<P: Policy> std::ops::Deref for Authorized<P> {
    type Target = AuthUser;
    fn deref(&self) -> &AuthUser {
        &self.0
    }
}

impl<P: Policy + 'static> FromRequest for Authorized<P> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        // The input extractors answer only after this (see `infra::extract::AuthGate`).
        let gate = crate::infra::extract::AuthGate::open(&req);
        Box::pin(async move {
            let _gate = gate;
            let user = authenticate(app_state(&req), bearer_token(&req)).await?;
            remember(&req, &user);
            if user.must_change_password {
                return Err(ApiError::PasswordChangeRequired);
            }
            if P::ROLES.contains(&user.role) {
                return Ok(Authorized(user, PhantomData));
            }
            // Audited by `audit_denial`, like every other 403 of this request.
            Err(ApiError::Forbidden)
        })
    }
}

/// The role sets of the API's operations.
pub mod policy {
    use super::Policy;
    use shared::auth::Role;

    /// Functional admins only: users, API clients, reference data, the audit log.
    #[derive(Debug)]
    pub struct Admins;
    impl Policy for Admins {
        const ROLES: &'static [Role] = &[Role::Admin];
    }

    /// Staff who manage organisations.
    #[derive(Debug)]
    pub struct OrganisationStaff;
    impl Policy for OrganisationStaff {
        const ROLES: &'static [Role] = &[Role::Admin, Role::Consultant];
    }

    /// Staff who read reference data and candidates' records (each with the fields of its role).
    #[derive(Debug)]
    pub struct CandidateReaders;
    impl Policy for CandidateReaders {
        const ROLES: &'static [Role] = &[Role::Admin, Role::Consultant, Role::JobCoach, Role::Finance];
    }

    /// Staff who register candidates and record their intake and status.
    #[derive(Debug)]
    pub struct CandidateEditors;
    impl Policy for CandidateEditors {
        const ROLES: &'static [Role] = &[Role::Admin, Role::Consultant];
    }

    /// Everyone with an account: reference data (neighbourhoods, categories, abilities) is not personal.
    /// Not the machine-only `research` client, which reads the evaluation export only.
    #[derive(Debug)]
    pub struct AnyRole;
    impl Policy for AnyRole {
        const ROLES: &'static [Role] = &Role::ACCOUNTS;
    }

    /// Anyone who may read an organisation's profile (partners: only their own).
    #[derive(Debug)]
    pub struct OrganisationReaders;
    impl Policy for OrganisationReaders {
        const ROLES: &'static [Role] = &[Role::Admin, Role::Consultant, Role::JobCoach, Role::Finance, Role::Partner];
    }
}
