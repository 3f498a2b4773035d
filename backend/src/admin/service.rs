//! The rules, queries and writes of administration: user accounts, API clients and the audit log.
//!
//! Every function takes a connection or an open transaction (`&impl ConnectionTrait`) and, when it
//! changes something, the time; a change writes its audit event on the same `db`, so that it commits or
//! rolls back with the caller's transaction. Functions that check what an admin may assign take the admin
//! (`&AuthUser`); the others the `Actor` for the audit log.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use shared::api_clients::CreateApiClient;
use shared::audit::{AuditAction, AuditResult};
use shared::auth::Role;
use shared::paging::PageRequest;
use shared::problem::ProblemCode;
use shared::users::{CreateUser, UpdateUser};
use shared::validation::{self, Errors};
use uuid::Uuid;

use crate::audit::{self, Actor, Entry};
use crate::auth::{AuthUser, password, service::revoke_all_sessions};
use crate::db::{api_clients, audit_events, municipalities, organisations, users};
use crate::infra::error::{ApiError, ApiResult};

/// The municipality an admin may give an account or API client: a regional admin (no municipality of
/// their own) any existing one, or none (the whole region); a municipality's admin only their own, which is
/// also the default when none is named.
pub async fn assignable_municipality(
    db: &impl ConnectionTrait,
    admin: &AuthUser,
    requested: Option<Uuid>,
    errors: &mut Errors,
) -> ApiResult<Option<Uuid>> {
    match (admin.municipality_id, requested) {
        (Some(own), None) => Ok(Some(own)),
        (Some(own), Some(asked)) if asked == own => Ok(Some(own)),
        (Some(_), Some(asked)) => {
            errors.add("municipalityId", "not_allowed", "u kunt alleen uw eigen gemeente toekennen");
            Ok(Some(asked))
        }
        (None, None) => Ok(None),
        (None, Some(asked)) => {
            if municipalities::Entity::find_by_id(asked).one(db).await?.is_none() {
                errors.add("municipalityId", "unknown", "deze gemeente bestaat niet");
            }
            Ok(Some(asked))
        }
    }
}

async fn check_organisation(db: &impl ConnectionTrait, errors: &mut Errors, id: Option<Uuid>) -> ApiResult<()> {
    if let Some(id) = id
        && organisations::Entity::find_by_id(id).one(db).await?.is_none()
    {
        errors.add("organisationId", "unknown", "deze organisatie bestaat niet");
    }
    Ok(())
}

/// Hashes a password off the async threads (argon2id is slow on purpose).
async fn hash(secret: String) -> ApiResult<String> {
    Ok(actix_web::web::block(move || password::hash_password(&secret))
        .await
        .map_err(|error| ApiError::Internal(anyhow::anyhow!("hashing: {error}")))??)
}

// ---------------------------------------------------------------------------------------------------
// Users

/// Which users a list holds.
#[derive(Debug, Default)]
pub struct UserFilter {
    pub role: Option<Role>,
    pub disabled: Option<bool>,
    /// Part of the username or display name.
    pub q: Option<String>,
}

/// The order of the user list, then by id.
#[derive(Debug, Clone, Copy)]
pub struct UserSort {
    column: users::Column,
    descending: bool,
}

impl UserSort {
    /// What the user list sorts by (`-` before one for descending).
    pub const KEYS: [&'static str; 3] = ["username", "displayName", "createdAt"];

    /// `username` (the default), `displayName` or `createdAt`, prefix `-` for descending; anything else is
    /// a field error on `sort`.
    pub fn parse(sort: Option<&str>, errors: &mut Errors) -> UserSort {
        let Some((key, descending)) = shared::paging::parse_sort(sort.unwrap_or("username"), &Self::KEYS) else {
            errors.add("sort", "unknown", "sorteer op username, displayName of createdAt");
            return UserSort { column: users::Column::Username, descending: false };
        };
        let column = match key {
            "displayName" => users::Column::DisplayName,
            "createdAt" => users::Column::CreatedAt,
            _ => users::Column::Username,
        };
        UserSort { column, descending }
    }

    /// The documented values of `sort` (the same [`Self::KEYS`]).
    pub fn schema() -> utoipa::openapi::schema::Object {
        shared::paging::sort_schema(&Self::KEYS)
    }
}

/// One page of user accounts and the number of all that match.
pub async fn list_users(
    db: &impl ConnectionTrait,
    filter: &UserFilter,
    sort: UserSort,
    paging: PageRequest,
) -> ApiResult<(Vec<users::Model>, u64)> {
    let mut condition = Condition::all();
    if let Some(role) = filter.role {
        condition = condition.add(users::Column::Role.eq(role.as_str()));
    }
    if let Some(disabled) = filter.disabled {
        condition = condition.add(users::Column::Disabled.eq(disabled));
    }
    if let Some(q) = filter.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        condition = condition.add(
            Condition::any()
                .add(crate::infra::search::contains(users::Column::Username, &q.to_lowercase()))
                .add(crate::infra::search::contains(users::Column::DisplayName, &shared::text::clean(q))),
        );
    }
    let select = users::Entity::find().filter(condition);
    let total = select.clone().count(db).await?;
    let select = if sort.descending { select.order_by_desc(sort.column) } else { select.order_by_asc(sort.column) };
    let rows = select.order_by_asc(users::Column::Id).offset(paging.offset()).limit(paging.page_size).all(db).await?;
    Ok((rows, total))
}

async fn username_taken(db: &impl ConnectionTrait, username: &str) -> ApiResult<bool> {
    Ok(users::Entity::find().filter(users::Column::Username.eq(username)).count(db).await? > 0)
}

fn duplicate_username() -> ApiError {
    ApiError::Conflict { code: ProblemCode::Duplicate, detail: "Deze gebruikersnaam is al in gebruik.".into() }
}

/// Creates a user account for `admin`: the request's rules, the organisation, the municipality the admin
/// may assign and a free username are checked first.
pub async fn create_user(
    db: &impl ConnectionTrait,
    admin: &AuthUser,
    mut request: CreateUser,
    now: DateTime<Utc>,
) -> ApiResult<users::Model> {
    request.username = request.username.trim().to_owned();
    let mut errors = Errors::default();
    if let Err(params) = request.validate() {
        params.into_iter().for_each(|p| errors.add(p.name, p.code, p.reason));
    }
    check_organisation(db, &mut errors, request.organisation_id).await?;
    request.municipality_id = assignable_municipality(db, admin, request.municipality_id, &mut errors).await?;
    errors.finish(()).map_err(ApiError::Validation)?;
    if username_taken(db, &request.username).await? {
        return Err(duplicate_username());
    }
    create_account(db, &Actor::from(admin), request, now).await
}

/// Writes a validated account with its audit event (also used to seed accounts).
pub async fn create_account(
    db: &impl ConnectionTrait,
    actor: &Actor,
    request: CreateUser,
    now: DateTime<Utc>,
) -> ApiResult<users::Model> {
    let password_hash = hash(request.password.clone()).await?;
    let role = request.role.ok_or_else(|| ApiError::validation("role", "required", "kies een rol"))?;
    let user = users::ActiveModel {
        id: Set(Uuid::now_v7()),
        username: Set(request.username),
        display_name: Set(shared::text::clean(&request.display_name)),
        password_hash: Set(password_hash),
        role: Set(role.as_str().to_owned()),
        organisation_id: Set(request.organisation_id),
        disabled: Set(false),
        created_at: Set(now),
        updated_at: Set(now),
        last_login_at: Set(None),
        version: Set(1),
        municipality_id: Set(request.municipality_id),
        session_generation: Set(0),
        must_change_password: Set(false),
    }
    .insert(db)
    .await
    .map_err(|error| match error.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => duplicate_username(),
        _ => error.into(),
    })?;
    audit::record(db, actor.clone(), Entry::new(AuditAction::Create, "user").record(user.id)).await?;
    Ok(user)
}

async fn find_user(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<users::Model> {
    users::Entity::find_by_id(id).one(db).await?.ok_or(ApiError::NotFound)
}

/// One user account; the read is audited.
pub async fn read_user(db: &impl ConnectionTrait, actor: &Actor, id: Uuid) -> ApiResult<users::Model> {
    let user = find_user(db, id).await?;
    audit::record(db, actor.clone(), Entry::new(AuditAction::Read, "user").record(user.id)).await?;
    Ok(user)
}

/// Changes a user's display name, role (with organisation), municipality or disabled state, audited with
/// the names of the changed fields. Disabling, a new role or a new municipality ends all the user's
/// sessions. Admins cannot disable or demote themselves, nor change their own municipality. A stale
/// `version` answers 409; a request that changes nothing writes nothing.
pub async fn update_user(
    db: &impl ConnectionTrait,
    admin: &AuthUser,
    id: Uuid,
    request: UpdateUser,
    now: DateTime<Utc>,
) -> ApiResult<users::Model> {
    let user = find_user(db, id).await?;
    let mut errors = Errors::default();
    errors.version(Some(request.version));
    let display_name =
        request.display_name.as_deref().map(|name| errors.text("displayName", name, validation::DISPLAY_NAME_MAX));
    if let Some(role) = request.role {
        shared::users::check_person_role(&mut errors, role);
        shared::users::check_role_organisation(&mut errors, role, request.organisation_id);
        check_organisation(db, &mut errors, request.organisation_id).await?;
    }
    let municipality = match request.municipality_id {
        // Giving the whole region is for regional admins only.
        Some(None) if admin.municipality_id.is_some() => {
            errors.add(
                "municipalityId",
                "not_allowed",
                "alleen een regionale beheerder geeft toegang tot de hele regio",
            );
            None
        }
        Some(None) => Some(None),
        Some(Some(asked)) => Some(assignable_municipality(db, admin, Some(asked), &mut errors).await?),
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
    if let Some(role) = request.role
        && (role.as_str() != user.role || request.organisation_id != user.organisation_id)
    {
        active.role = Set(role.as_str().to_owned());
        active.organisation_id = Set(request.organisation_id);
        changed.push("role");
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
        return Ok(user);
    }
    active.version = Set(user.version + 1);
    active.updated_at = Set(now);

    // The version in the WHERE clause makes a concurrent change lose cleanly instead of overwriting.
    let result = users::Entity::update_many()
        .set(active)
        .filter(users::Column::Id.eq(user.id))
        .filter(users::Column::Version.eq(user.version))
        .exec(db)
        .await?;
    if result.rows_affected != 1 {
        return Err(ApiError::stale_version());
    }
    if disabling || changed.contains(&"role") || changed.contains(&"municipalityId") {
        revoke_all_sessions(db, user.id, now).await?;
    }
    audit::record(
        db,
        Actor::from(admin),
        Entry::new(AuditAction::Update, "user").record(user.id).details(changed.join(",")),
    )
    .await?;
    find_user(db, user.id).await
}

/// Gives the user a generated temporary password, which they must change at their next login, and ends all
/// their sessions and access tokens, audited; answers the password (to be shown once).
pub async fn reset_password(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
    now: DateTime<Utc>,
) -> ApiResult<String> {
    let user = find_user(db, id).await?;
    let temporary = password::temporary_password();
    let password_hash = hash(temporary.clone()).await?;
    let mut active: users::ActiveModel = user.clone().into();
    active.password_hash = Set(password_hash);
    // The temporary password opens only the password change (`auth::Authorized`).
    active.must_change_password = Set(true);
    active.version = Set(user.version + 1);
    active.updated_at = Set(now);
    active.update(db).await?;
    revoke_all_sessions(db, user.id, now).await?;
    audit::record(db, actor.clone(), Entry::new(AuditAction::Update, "user").record(user.id).details("password reset"))
        .await?;
    Ok(temporary)
}

// ---------------------------------------------------------------------------------------------------
// API clients

/// One page of API clients, newest first, and the number of all.
pub async fn list_api_clients(
    db: &impl ConnectionTrait,
    paging: PageRequest,
) -> ApiResult<(Vec<api_clients::Model>, u64)> {
    let total = api_clients::Entity::find().count(db).await?;
    let rows = api_clients::Entity::find()
        .order_by_desc(api_clients::Column::CreatedAt)
        .order_by_asc(api_clients::Column::Id)
        .offset(paging.offset())
        .limit(paging.page_size)
        .all(db)
        .await?;
    Ok((rows, total))
}

/// Creates an API client for `admin`, audited; answers the client and its secret (stored only as a hash).
pub async fn create_api_client(
    db: &impl ConnectionTrait,
    admin: &AuthUser,
    request: CreateApiClient,
    now: DateTime<Utc>,
    secret_days: i64,
) -> ApiResult<(api_clients::Model, String)> {
    let mut errors = Errors::default();
    if let Err(params) = request.validate() {
        params.into_iter().for_each(|p| errors.add(p.name, p.code, p.reason));
    }
    check_organisation(db, &mut errors, request.organisation_id).await?;
    let municipality = assignable_municipality(db, admin, request.municipality_id, &mut errors).await?;
    errors.finish(()).map_err(ApiError::Validation)?;
    let role = request.role.ok_or_else(|| ApiError::validation("role", "required", "kies een rol"))?;

    let secret = password::random_token();
    let id = Uuid::now_v7();
    let client = api_clients::ActiveModel {
        id: Set(id),
        client_id: Set(format!("bb_{}", id.simple())),
        name: Set(shared::text::clean(&request.name)),
        secret_hash: Set(password::sha256_hex(&secret)),
        role: Set(role.as_str().to_owned()),
        organisation_id: Set(request.organisation_id),
        municipality_id: Set(municipality),
        created_by: Set(admin.user_id),
        created_at: Set(now),
        revoked_at: Set(None),
        last_used_at: Set(None),
        secret_expires_at: Set(Some(now + chrono::Duration::days(secret_days))),
    }
    .insert(db)
    .await?;
    audit::record(db, Actor::from(admin), Entry::new(AuditAction::Create, "api_client").record(client.id)).await?;
    Ok((client, secret))
}

/// Gives an API client a new secret with a new expiry, audited; the old secret stops working at once.
/// Answers the client and the new secret (stored only as a hash, shown once). A revoked client is 409.
pub async fn rotate_api_client_secret(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
    now: DateTime<Utc>,
    secret_days: i64,
) -> ApiResult<(api_clients::Model, String)> {
    let client = api_clients::Entity::find_by_id(id).one(db).await?.ok_or(ApiError::NotFound)?;
    if client.revoked_at.is_some() {
        return Err(ApiError::Conflict {
            code: ProblemCode::IllegalTransition,
            detail: "Deze client is ingetrokken; een ingetrokken client krijgt geen nieuw geheim.".into(),
        });
    }
    let secret = password::random_token();
    let mut active: api_clients::ActiveModel = client.into();
    active.secret_hash = Set(password::sha256_hex(&secret));
    active.secret_expires_at = Set(Some(now + chrono::Duration::days(secret_days)));
    let client = active.update(db).await?;
    audit::record(
        db,
        actor.clone(),
        Entry::new(AuditAction::Update, "api_client").record(client.id).details("secret rotated"),
    )
    .await?;
    Ok((client, secret))
}

/// Revokes an API client, audited (a revoked one is answered as it is, without a new event).
pub async fn revoke_api_client(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
    now: DateTime<Utc>,
) -> ApiResult<api_clients::Model> {
    let client = api_clients::Entity::find_by_id(id).one(db).await?.ok_or(ApiError::NotFound)?;
    if client.revoked_at.is_some() {
        return Ok(client);
    }
    let mut active: api_clients::ActiveModel = client.into();
    active.revoked_at = Set(Some(now));
    let client = active.update(db).await?;
    audit::record(
        db,
        actor.clone(),
        Entry::new(AuditAction::Delete, "api_client").record(client.id).details("revoked"),
    )
    .await?;
    Ok(client)
}

// ---------------------------------------------------------------------------------------------------
// The audit log

/// Which audit events a list holds; the days are inclusive.
#[derive(Debug, Default)]
pub struct AuditFilter {
    pub actor_id: Option<Uuid>,
    pub record_type: Option<String>,
    pub record_id: Option<Uuid>,
    pub action: Option<AuditAction>,
    pub result: Option<AuditResult>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// One page of audit events, newest first, and the number of all that match.
pub async fn list_audit_events(
    db: &impl ConnectionTrait,
    filter: &AuditFilter,
    paging: PageRequest,
) -> ApiResult<(Vec<audit_events::Model>, u64)> {
    let mut condition = Condition::all();
    if let Some(actor) = filter.actor_id {
        condition = condition.add(audit_events::Column::ActorId.eq(actor));
    }
    if let Some(record_type) = filter.record_type.as_deref().filter(|t| !t.is_empty()) {
        condition = condition.add(audit_events::Column::RecordType.eq(record_type));
    }
    if let Some(record) = filter.record_id {
        // A candidate's events include those of the records merged into it (audit events are never
        // rewritten; the merge's link is followed instead).
        let mut records = crate::duplicates::service::merged_ids(db, record).await?;
        records.push(record);
        condition = condition.add(audit_events::Column::RecordId.is_in(records));
    }
    if let Some(action) = filter.action {
        condition = condition.add(audit_events::Column::Action.eq(action.as_str()));
    }
    if let Some(result) = filter.result {
        condition = condition.add(audit_events::Column::Result.eq(result.as_str()));
    }
    let start_of = |day: NaiveDate| day.and_hms_opt(0, 0, 0).map(|t| Utc.from_utc_datetime(&t));
    if let Some(from) = filter.from.and_then(start_of) {
        condition = condition.add(audit_events::Column::OccurredAt.gte(from));
    }
    if let Some(to) = filter.to.and_then(|d| d.succ_opt()).and_then(start_of) {
        condition = condition.add(audit_events::Column::OccurredAt.lt(to));
    }
    let select = audit_events::Entity::find().filter(condition);
    let total = select.clone().count(db).await?;
    let rows = select
        .order_by_desc(audit_events::Column::OccurredAt)
        .order_by_desc(audit_events::Column::Id)
        .offset(paging.offset())
        .limit(paging.page_size)
        .all(db)
        .await?;
    Ok((rows, total))
}
