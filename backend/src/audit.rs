//! The audit log: one append-only table and the one function every capability calls to write to it.
//!
//! Architecture invariant: nothing updates or deletes audit events. Details never contain secrets, tokens
//! or BSNs; callers pass facts such as a path or a changed field's name, never a value of a person.

use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait};
use shared::audit::{AuditAction, AuditResult};
use shared::auth::Role;
use uuid::Uuid;

use crate::auth::AuthUser;
use crate::db::audit_events;

/// The name of the actor of what the server does by itself (seeding, scheduled work).
pub const SYSTEM: &str = "system";

/// Who acted.
#[derive(Debug, Clone, Default)]
pub struct Actor {
    pub user_id: Option<Uuid>,
    pub name: Option<String>,
    pub role: Option<Role>,
    pub client_id: Option<String>,
}

impl Actor {
    /// `staff`, `partner`, `api_client`, `system` (no person and no client, e.g. the seed) or `anonymous`
    /// (a failed login: a name but no account).
    pub fn kind(&self) -> &'static str {
        match (&self.client_id, self.role, self.user_id, &self.name) {
            (Some(_), _, _, _) => "api_client",
            (None, Some(Role::Partner), _, _) => "partner",
            (None, Some(_), _, _) => "staff",
            (None, None, None, None) => "system",
            (None, None, None, Some(name)) if name == SYSTEM => "system",
            (None, None, _, _) => "anonymous",
        }
    }

    /// Someone not (yet) authenticated, e.g. a failed login for `name`.
    pub fn anonymous(name: Option<&str>) -> Self {
        Self { name: name.map(|n| n.chars().take(64).collect()), ..Self::default() }
    }
}

impl From<&AuthUser> for Actor {
    fn from(user: &AuthUser) -> Self {
        Self {
            user_id: user.user_id,
            name: Some(user.name.clone()),
            role: Some(user.role),
            client_id: user.client_id.clone(),
        }
    }
}

/// What happened.
#[derive(Debug, Clone)]
pub struct Entry {
    action: AuditAction,
    record_type: &'static str,
    record_id: Option<Uuid>,
    result: AuditResult,
    details: Option<String>,
}

impl Entry {
    pub fn new(action: AuditAction, record_type: &'static str) -> Self {
        Self { action, record_type, record_id: None, result: AuditResult::Success, details: None }
    }

    pub fn record(mut self, id: Uuid) -> Self {
        self.record_id = Some(id);
        self
    }

    pub fn result(mut self, result: AuditResult) -> Self {
        self.result = result;
        self
    }

    pub fn details(mut self, details: impl Into<String>) -> Self {
        self.details = Some(details.into());
        self
    }
}

fn event(actor: Actor, entry: Entry) -> audit_events::ActiveModel {
    let kind = actor.kind();
    audit_events::ActiveModel {
        id: Set(Uuid::now_v7()),
        occurred_at: Set(crate::infra::context::now()),
        actor_id: Set(actor.user_id),
        actor_name: Set(actor.name),
        actor_role: Set(actor.role.map(|r| r.as_str().to_owned())),
        client_id: Set(actor.client_id),
        action: Set(entry.action.as_str().to_owned()),
        record_type: Set(entry.record_type.to_owned()),
        record_id: Set(entry.record_id),
        result: Set(entry.result.as_str().to_owned()),
        request_id: Set(crate::infra::context::request_id()),
        details: Set(entry.details),
        client_address: Set(crate::infra::context::peer_address()),
        actor_kind: Set(Some(kind.to_owned())),
    }
}

/// Appends one event. Pass the transaction when the audited change is part of one, so both commit or
/// neither does.
pub async fn record(db: &impl ConnectionTrait, actor: Actor, entry: Entry) -> Result<(), sea_orm::DbErr> {
    audit_events::Entity::insert(event(actor, entry)).exec_without_returning(db).await?;
    Ok(())
}

/// Appends one event per entry, all by `actor`, in multi-row inserts (a bulk import audits each record).
pub async fn record_many(db: &impl ConnectionTrait, actor: &Actor, entries: Vec<Entry>) -> Result<(), sea_orm::DbErr> {
    let mut events = entries.into_iter().map(|entry| event(actor.clone(), entry)).peekable();
    // 14 columns: 1,000 rows stay under SQLite's and PostgreSQL's parameter limits.
    while events.peek().is_some() {
        let chunk: Vec<_> = events.by_ref().take(1000).collect();
        audit_events::Entity::insert_many(chunk).exec_without_returning(db).await?;
    }
    Ok(())
}
