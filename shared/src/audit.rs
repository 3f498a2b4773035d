//! The audit log: an append-only record of who read or changed what.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::auth::Role;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::EnumString)]
#[strum(serialize_all = "snake_case")]
pub enum AuditAction {
    Read,
    Create,
    Update,
    Delete,
    Login,
    Logout,
    Export,
}

impl AuditAction {
    pub const ALL: [AuditAction; 7] = [
        AuditAction::Read,
        AuditAction::Create,
        AuditAction::Update,
        AuditAction::Delete,
        AuditAction::Login,
        AuditAction::Logout,
        AuditAction::Export,
    ];

    pub fn as_str(self) -> &'static str {
        self.into()
    }

    pub fn parse(value: &str) -> Option<Self> {
        value.parse().ok()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::EnumString)]
#[strum(serialize_all = "snake_case")]
pub enum AuditResult {
    Success,
    Failure,
    Denied,
}

impl AuditResult {
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    pub fn parse(value: &str) -> Option<Self> {
        value.parse().ok()
    }
}

/// One audit event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AuditEvent {
    pub id: Uuid,
    pub occurred_at: DateTime<Utc>,
    /// The user who acted, if a person did.
    pub actor_id: Option<Uuid>,
    /// The username or client id, kept even if the account is later renamed.
    pub actor_name: Option<String>,
    pub actor_role: Option<Role>,
    /// The API client that acted, if a machine did.
    pub client_id: Option<String>,
    pub action: AuditAction,
    /// The kind of record, e.g. `user`, `candidate`.
    pub record_type: String,
    pub record_id: Option<Uuid>,
    pub result: AuditResult,
    pub request_id: Option<String>,
    /// Extra facts (never secrets, tokens or BSNs).
    pub details: Option<String>,
    /// The client's IP address as the server saw it.
    pub client_address: Option<String>,
    /// `staff`, `partner`, `api_client`, `system` or `anonymous`.
    pub actor_kind: Option<String>,
}
