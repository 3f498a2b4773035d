//! The timeline of a person (issue 14): everything that happened to their record in one chronological
//! view, newest first: the registration, changes of the record (field by field), status changes, intakes,
//! eligibility decisions, the preferences recorded with them, the steps of their matches, their contracts'
//! versions, and their guidance (check-ins, goals, provisions) and experience surveys.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::candidates::FieldChange;

/// What an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::EnumString)]
#[strum(serialize_all = "snake_case")]
pub enum TimelineKind {
    /// The person was registered (their first status).
    Registration,
    /// Fields of the record changed (`changes` says which, from what to what).
    RecordChange,
    StatusChange,
    Intake,
    EligibilityDecision,
    /// Their preference list of task packages was recorded.
    Preferences,
    /// A step of one of their matches.
    MatchStep,
    /// A check-in of their guidance (the note only for who reads their guidance).
    CheckIn,
    /// A development goal was set or its progress recorded.
    Goal,
    /// A provision with its cost was recorded.
    Provision,
    /// A version of one of their contracts (drawn up, changed, signed, activated, ended): `changes` lists
    /// the terms changed against the version before (the wage's values only for who may read them).
    ContractVersion,
    /// An experience survey of their contract (scores and comment only for who reads their guidance).
    Survey,
}

impl TimelineKind {
    pub const ALL: [TimelineKind; 12] = [
        TimelineKind::Registration,
        TimelineKind::RecordChange,
        TimelineKind::StatusChange,
        TimelineKind::Intake,
        TimelineKind::EligibilityDecision,
        TimelineKind::Preferences,
        TimelineKind::MatchStep,
        TimelineKind::CheckIn,
        TimelineKind::Goal,
        TimelineKind::Provision,
        TimelineKind::ContractVersion,
        TimelineKind::Survey,
    ];
    pub fn as_str(self) -> &'static str {
        self.into()
    }
    pub fn parse(value: &str) -> Option<Self> {
        value.parse().ok()
    }
}

/// Who did something.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::EnumString)]
#[strum(serialize_all = "snake_case")]
pub enum ActorKind {
    /// A staff member of the municipality.
    Staff,
    /// A person of a partner organisation.
    Partner,
    /// A partner's or the Werkkamer's system through the API.
    ApiClient,
    /// The server itself (e.g. a status that follows a match).
    System,
}

impl ActorKind {
    pub fn as_str(self) -> &'static str {
        self.into()
    }
    pub fn parse(value: &str) -> Option<Self> {
        value.parse().ok()
    }
}

/// One entry of a person's timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TimelineEntry {
    pub kind: TimelineKind,
    pub at: DateTime<Utc>,
    pub actor_kind: ActorKind,
    /// The name of who did it (a username or client id); `null` for the system.
    pub actor_name: Option<String>,
    /// The record it is about: the status change, intake, decision or match (`null` for changes of the
    /// record itself, which `changes` lists, and for the preference list).
    pub record_id: Option<Uuid>,
    /// What happened, in a sentence in the caller's language.
    pub summary: String,
    /// For a status change: the status before; for a match step: the stage before.
    pub from: Option<String>,
    /// The status, stage, intake kind or decision outcome after.
    pub to: Option<String>,
    /// The reason or motivation given, where the caller's role may read it.
    pub reason: Option<String>,
    /// For a change of the record: every field changed, with the values the caller's role may see.
    pub changes: Vec<FieldChange>,
}
