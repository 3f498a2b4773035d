//! Guidance of employees and employers (issue 12, item 5): who guides a person (the job coach and the
//! workplace mentor, each assignment with its period and history), check-ins on the integral view,
//! development goals with their progress, provisions with their cost and period, and notes and contact
//! moments with employers. Wire types and rules, the same for server and SPA.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::validation::Errors;

/// The most a provision may cost (exclusive): a million euros.
pub const MAX_PROVISION_COST: i64 = 1_000_000;
/// The longest free text of a note, check-in or goal.
pub const NOTE_MAX: usize = 4000;
pub const TITLE_MAX: usize = 200;
pub const NAME_MAX: usize = 120;

macro_rules! names {
    ($name:ident { $($variant:ident),+ $(,)? }) => {
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn as_str(self) -> &'static str {
                self.into()
            }
            pub fn parse(value: &str) -> Option<Self> {
                value.parse().ok()
            }
        }
    };
}

/// Who an assignment names: the job coach (a user with the role `job_coach`) or the workplace mentor (a
/// person at the work provider).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::EnumString)]
#[strum(serialize_all = "snake_case")]
pub enum AssignmentKind {
    Coach,
    Mentor,
}
names!(AssignmentKind { Coach, Mentor });

/// The domains of the integral view a check-in is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::EnumString)]
#[strum(serialize_all = "snake_case")]
pub enum Domain {
    Work,
    Wellbeing,
    Income,
    SocialProblems,
}
names!(Domain { Work, Wellbeing, Income, SocialProblems });

impl Domain {
    pub fn label(self, dutch: bool) -> &'static str {
        match (self, dutch) {
            (Domain::Work, true) => "Werk",
            (Domain::Work, false) => "Work",
            (Domain::Wellbeing, true) => "Welzijn",
            (Domain::Wellbeing, false) => "Wellbeing",
            (Domain::Income, true) => "Inkomen",
            (Domain::Income, false) => "Income",
            (Domain::SocialProblems, true) => "Sociale problemen",
            (Domain::SocialProblems, false) => "Social problems",
        }
    }
}

/// Where a development goal stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::EnumString)]
#[strum(serialize_all = "snake_case")]
pub enum GoalStatus {
    #[default]
    Open,
    InProgress,
    Achieved,
    Stopped,
}
names!(GoalStatus { Open, InProgress, Achieved, Stopped });

impl GoalStatus {
    pub fn label(self, dutch: bool) -> &'static str {
        match (self, dutch) {
            (GoalStatus::Open, true) => "Open",
            (GoalStatus::Open, false) => "Open",
            (GoalStatus::InProgress, true) => "Bezig",
            (GoalStatus::InProgress, false) => "In progress",
            (GoalStatus::Achieved, true) => "Behaald",
            (GoalStatus::Achieved, false) => "Achieved",
            (GoalStatus::Stopped, true) => "Gestopt",
            (GoalStatus::Stopped, false) => "Stopped",
        }
    }
}

/// The kinds of provision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::EnumString)]
#[strum(serialize_all = "snake_case")]
pub enum ProvisionKind {
    JobCoaching,
    WorkplaceAdaptation,
    Transport,
    Aids,
}
names!(ProvisionKind { JobCoaching, WorkplaceAdaptation, Transport, Aids });

impl ProvisionKind {
    pub fn label(self, dutch: bool) -> &'static str {
        match (self, dutch) {
            (ProvisionKind::JobCoaching, true) => "Jobcoaching",
            (ProvisionKind::JobCoaching, false) => "Job coaching",
            (ProvisionKind::WorkplaceAdaptation, true) => "Werkplekaanpassing",
            (ProvisionKind::WorkplaceAdaptation, false) => "Workplace adaptation",
            (ProvisionKind::Transport, true) => "Vervoer",
            (ProvisionKind::Transport, false) => "Transport",
            (ProvisionKind::Aids, true) => "Hulpmiddelen",
            (ProvisionKind::Aids, false) => "Aids",
        }
    }
}

/// What an employer note records: a note, or a contact moment (a conversation, visit or call).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::EnumString)]
#[strum(serialize_all = "snake_case")]
pub enum EmployerNoteKind {
    Note,
    Contact,
}
names!(EmployerNoteKind { Note, Contact });

/// The part of a provision's cost that falls in `from..=to` of its own period `start..=end`, exact: the
/// cost spread evenly over the period's calendar days.
pub fn provision_share(cost: Decimal, start: NaiveDate, end: NaiveDate, from: NaiveDate, to: NaiveDate) -> Decimal {
    if end < start {
        return Decimal::ZERO;
    }
    let period = (end - start).num_days() + 1;
    let (a, b) = (start.max(from), end.min(to));
    if b < a {
        return Decimal::ZERO;
    }
    let days = (b - a).num_days() + 1;
    cost * Decimal::from(days) / Decimal::from(period)
}

/// An amount of money as sent: at most two decimals, `0 <= cost < max`.
fn check_cost(errors: &mut Errors, name: &str, cost: Option<Decimal>) -> Decimal {
    match cost {
        None => errors.add(name, "required", "het bedrag"),
        Some(c) if c.normalize().scale() > 2 => errors.add(name, "precision", "hoogstens twee decimalen"),
        Some(c) if c < Decimal::ZERO || c >= Decimal::from(MAX_PROVISION_COST) => {
            errors.add(name, "out_of_range", "van 0 tot 1.000.000")
        }
        Some(c) => return crate::money::euros(c),
    }
    Decimal::ZERO
}

fn required_date(errors: &mut Errors, name: &str, date: Option<NaiveDate>) -> NaiveDate {
    if date.is_none() {
        errors.add(name, "required", "een datum");
    }
    date.unwrap_or_default()
}

fn optional_text(errors: &mut Errors, name: &str, value: &str, max: usize) -> String {
    let cleaned = crate::text::clean(value);
    if cleaned.chars().count() > max {
        errors.add(name, "too_long", format!("maximaal {max} tekens"));
    }
    cleaned
}

/// `POST /candidates/{id}/guidance/assignments`: a new job coach or workplace mentor from `from` on. The
/// current one of the same kind ends the day before (its history is kept).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CreateAssignment {
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
    pub kind: Option<AssignmentKind>,
    /// The first day.
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
    pub from: Option<NaiveDate>,
    /// The last day, if known.
    pub until: Option<NaiveDate>,
    /// A coach: the user (role `job_coach`).
    pub coach_user_id: Option<Uuid>,
    /// A coach: the guidance organisation it works for, if any.
    pub guidance_organisation_id: Option<Uuid>,
    /// A mentor: the name (the work provider is the organisation of the person's contract).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 120))]
    pub mentor_name: String,
    /// A mentor: a phone number or e-mail address.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub mentor_contact: String,
}

/// A checked [`CreateAssignment`].
#[derive(Debug, Clone, PartialEq)]
pub struct AssignmentInput {
    pub kind: AssignmentKind,
    pub from: NaiveDate,
    pub until: Option<NaiveDate>,
    pub coach_user_id: Option<Uuid>,
    pub guidance_organisation_id: Option<Uuid>,
    pub mentor_name: String,
    pub mentor_contact: String,
}

impl CreateAssignment {
    pub fn check(&self) -> Result<AssignmentInput, Vec<crate::problem::InvalidParam>> {
        let mut errors = Errors::default();
        if self.kind.is_none() {
            errors.add("kind", "required", "coach of mentor");
        }
        let from = required_date(&mut errors, "from", self.from);
        if let (Some(from), Some(until)) = (self.from, self.until)
            && until < from
        {
            errors.add("until", "before_start", "de laatste dag ligt op of na de eerste");
        }
        let mut mentor_name = String::new();
        let mut mentor_contact = String::new();
        match self.kind {
            Some(AssignmentKind::Coach) if self.coach_user_id.is_none() => {
                errors.add("coachUserId", "required", "de jobcoach");
            }
            Some(AssignmentKind::Coach) => {}
            Some(AssignmentKind::Mentor) => {
                mentor_name = errors.text("mentorName", &self.mentor_name, NAME_MAX);
                mentor_contact = optional_text(&mut errors, "mentorContact", &self.mentor_contact, 200);
            }
            None => {}
        }
        errors.finish(())?;
        Ok(AssignmentInput {
            kind: self.kind.unwrap_or(AssignmentKind::Coach),
            from,
            until: self.until,
            coach_user_id: self.coach_user_id,
            guidance_organisation_id: self.guidance_organisation_id,
            mentor_name,
            mentor_contact,
        })
    }
}

/// `POST /guidance-assignments/{id}/end`: the assignment's last day (a mentor who leaves).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct EndAssignment {
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
    pub until: Option<NaiveDate>,
    /// Why (e.g. "mentor uit dienst").
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub reason: String,
}

/// One assignment of a coach or mentor, as the overview shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Assignment {
    pub id: Uuid,
    pub candidate_id: Uuid,
    pub kind: AssignmentKind,
    pub from: NaiveDate,
    pub until: Option<NaiveDate>,
    /// The coach's user and name.
    pub coach_user_id: Option<Uuid>,
    pub coach_name: Option<String>,
    pub guidance_organisation_id: Option<Uuid>,
    pub guidance_organisation_name: Option<String>,
    /// The mentor's work provider (the contract's organisation), name and contact.
    pub organisation_id: Option<Uuid>,
    pub mentor_name: String,
    pub mentor_contact: String,
    /// Current on the server's today (from on or before today, until none or on or after today).
    pub current: bool,
    pub assigned_by: Option<String>,
    pub assigned_at: DateTime<Utc>,
    pub end_reason: String,
}

/// `POST /candidates/{id}/check-ins`: a check-in or progress note on the integral view.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CreateCheckIn {
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
    pub held_on: Option<NaiveDate>,
    /// At least one domain.
    #[serde(default)]
    pub domains: Vec<Domain>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 4000))]
    pub note: String,
}

impl CreateCheckIn {
    /// The date, the domains (each once, in order) and the cleaned note.
    pub fn check(
        &self,
        today: NaiveDate,
    ) -> Result<(NaiveDate, Vec<Domain>, String), Vec<crate::problem::InvalidParam>> {
        let mut errors = Errors::default();
        let held_on = required_date(&mut errors, "heldOn", self.held_on);
        if self.held_on.is_some_and(|d| d > today) {
            errors.add("heldOn", "in_future", "niet na vandaag");
        }
        let mut domains = self.domains.clone();
        domains.sort();
        domains.dedup();
        if domains.is_empty() {
            errors.add("domains", "required", "ten minste één leefgebied");
        }
        let note = errors.text("note", &self.note, NOTE_MAX);
        errors.finish((held_on, domains, note))
    }
}

/// A check-in as it was recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CheckIn {
    pub id: Uuid,
    pub candidate_id: Uuid,
    pub held_on: NaiveDate,
    pub domains: Vec<Domain>,
    pub note: String,
    pub author: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// `POST /candidates/{id}/goals`: a development goal.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CreateGoal {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, max_length = 200))]
    pub title: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 4000))]
    pub description: String,
    pub target_date: Option<NaiveDate>,
}

impl CreateGoal {
    pub fn check(&self) -> Result<(String, String, Option<NaiveDate>), Vec<crate::problem::InvalidParam>> {
        let mut errors = Errors::default();
        let title = errors.text("title", &self.title, TITLE_MAX);
        let description = optional_text(&mut errors, "description", &self.description, NOTE_MAX);
        errors.finish((title, description, self.target_date))
    }
}

/// `POST /goals/{id}/updates`: the progress of a goal now (status and percentage), with a note; the
/// earlier updates stay.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct GoalProgress {
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
    pub status: Option<GoalStatus>,
    /// 0-100.
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false, minimum = 0, maximum = 100))]
    pub percentage: Option<u8>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 4000))]
    pub note: String,
    /// The goal's version this update is based on.
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
    pub version: Option<i32>,
}

impl GoalProgress {
    pub fn check(&self) -> Result<(GoalStatus, u8, String, i32), Vec<crate::problem::InvalidParam>> {
        let mut errors = Errors::default();
        if self.status.is_none() {
            errors.add("status", "required", "de stand van het doel");
        }
        match self.percentage {
            None => errors.add("percentage", "required", "van 0 tot en met 100"),
            Some(p) if p > 100 => errors.add("percentage", "out_of_range", "van 0 tot en met 100"),
            Some(_) => {}
        }
        let note = optional_text(&mut errors, "note", &self.note, NOTE_MAX);
        let version = errors.version(self.version);
        errors.finish((self.status.unwrap_or_default(), self.percentage.unwrap_or(0), note, version))
    }
}

/// One update of a goal's progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct GoalUpdate {
    pub status: GoalStatus,
    pub percentage: u8,
    pub note: String,
    pub author: Option<String>,
    pub at: DateTime<Utc>,
}

/// A development goal with its progress and every update, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Goal {
    pub id: Uuid,
    pub candidate_id: Uuid,
    pub title: String,
    pub description: String,
    pub target_date: Option<NaiveDate>,
    pub status: GoalStatus,
    pub percentage: u8,
    pub updates: Vec<GoalUpdate>,
    pub created_at: DateTime<Utc>,
    pub version: i32,
}

/// `POST /candidates/{id}/provisions`: a provision with its cost over its period.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CreateProvision {
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
    pub kind: Option<ProvisionKind>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub description: String,
    /// The whole cost of the period in euros with at most two decimals, e.g. `"1250.00"`.
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false, value_type = String))]
    pub cost: Option<Decimal>,
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
    pub from: Option<NaiveDate>,
    /// The last day, on or after `from`.
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
    pub until: Option<NaiveDate>,
}

/// A checked [`CreateProvision`].
#[derive(Debug, Clone, PartialEq)]
pub struct ProvisionInput {
    pub kind: ProvisionKind,
    pub description: String,
    pub cost: Decimal,
    pub from: NaiveDate,
    pub until: NaiveDate,
}

impl CreateProvision {
    pub fn check(&self) -> Result<ProvisionInput, Vec<crate::problem::InvalidParam>> {
        let mut errors = Errors::default();
        if self.kind.is_none() {
            errors.add("kind", "required", "de soort voorziening");
        }
        let description = optional_text(&mut errors, "description", &self.description, TITLE_MAX);
        let cost = check_cost(&mut errors, "cost", self.cost);
        let from = required_date(&mut errors, "from", self.from);
        let until = required_date(&mut errors, "until", self.until);
        if let (Some(f), Some(u)) = (self.from, self.until)
            && u < f
        {
            errors.add("until", "before_start", "de laatste dag ligt op of na de eerste");
        }
        errors.finish(ProvisionInput {
            kind: self.kind.unwrap_or(ProvisionKind::JobCoaching),
            description,
            cost,
            from,
            until,
        })
    }
}

/// `PUT /provisions/{id}`: a provision's new terms (as [`CreateProvision`]) and the version they are based
/// on.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UpdateProvision {
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
    pub kind: Option<ProvisionKind>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub description: String,
    /// The whole cost of the period in euros with at most two decimals, e.g. `"1250.00"`.
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false, value_type = String))]
    pub cost: Option<Decimal>,
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
    pub from: Option<NaiveDate>,
    /// The last day, on or after `from`.
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
    pub until: Option<NaiveDate>,
    /// The version the change is based on.
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false, minimum = 1))]
    pub version: Option<i32>,
}

impl UpdateProvision {
    /// Every field error of the change (the terms as for a new provision, and the version).
    pub fn check(&self) -> Result<(ProvisionInput, i32), Vec<crate::problem::InvalidParam>> {
        let terms = CreateProvision {
            kind: self.kind,
            description: self.description.clone(),
            cost: self.cost,
            from: self.from,
            until: self.until,
        };
        let mut errors = Errors::default();
        let checked = terms.check();
        if let Err(params) = &checked {
            params.iter().for_each(|p| errors.add(p.name.clone(), p.code.clone(), p.reason.clone()));
        }
        let version = errors.version(self.version);
        match checked {
            Ok(input) => errors.finish((input, version)),
            Err(_) => Err(errors.into_vec()),
        }
    }
}

/// A provision. Finance reads these (with their cost) and nothing else of a person's guidance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Provision {
    pub id: Uuid,
    pub candidate_id: Uuid,
    pub kind: ProvisionKind,
    pub description: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub cost: Decimal,
    pub from: NaiveDate,
    pub until: NaiveDate,
    pub created_at: DateTime<Utc>,
    /// Send it back with a change (`PUT /provisions/{id}`).
    pub version: i32,
}

/// A person's guidance: the current coach and mentor, every assignment (newest first), whether the
/// placement needs a new mentor, the check-ins (newest first), goals and provisions. Parts the caller's role
/// may not read are empty and named in `hiddenParts` (finance: `assignments`, `checkIns`, `goals`; a partner:
/// everything but the mentor's assignments and the first name and hours).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct GuidanceOverview {
    pub candidate_id: Uuid,
    /// The full name (a partner: the first name only).
    pub name: String,
    /// The hours a week of the person's live contract, if any.
    pub hours_per_week: Option<u8>,
    /// The live contract's id and work provider, if any.
    pub contract_id: Option<Uuid>,
    pub organisation_id: Option<Uuid>,
    pub organisation_name: Option<String>,
    pub coach: Option<Assignment>,
    pub mentor: Option<Assignment>,
    /// "Overdracht nodig": a mentor left and no new one was assigned.
    pub handover_needed: bool,
    pub assignments: Vec<Assignment>,
    pub check_ins: Vec<CheckIn>,
    pub goals: Vec<Goal>,
    pub provisions: Vec<Provision>,
    /// The sum of the provisions' costs.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub provision_costs: Decimal,
    pub hidden_parts: Vec<String>,
}

/// One person of a caseload or of the guidance list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CaseloadEntry {
    pub candidate_id: Uuid,
    pub name: String,
    pub status: String,
    pub coach_user_id: Option<Uuid>,
    pub coach_name: Option<String>,
    /// Since when the current coach guides the person.
    pub coach_since: Option<NaiveDate>,
    pub mentor_name: Option<String>,
    pub handover_needed: bool,
    /// The caller's own caseload (a job coach's list shows its own people first).
    pub own: bool,
}

/// A job coach one may assign (`GET /job-coaches`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct JobCoach {
    pub id: Uuid,
    pub name: String,
}

/// `POST /organisations/{id}/notes`: a note or contact moment with an employer.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CreateEmployerNote {
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
    pub kind: Option<EmployerNoteKind>,
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
    pub held_on: Option<NaiveDate>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub subject: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 4000))]
    pub note: String,
}

impl CreateEmployerNote {
    pub fn check(
        &self,
        today: NaiveDate,
    ) -> Result<(EmployerNoteKind, NaiveDate, String, String), Vec<crate::problem::InvalidParam>> {
        let mut errors = Errors::default();
        if self.kind.is_none() {
            errors.add("kind", "required", "notitie of contactmoment");
        }
        let held_on = required_date(&mut errors, "heldOn", self.held_on);
        if self.held_on.is_some_and(|d| d > today) {
            errors.add("heldOn", "in_future", "niet na vandaag");
        }
        let subject = optional_text(&mut errors, "subject", &self.subject, TITLE_MAX);
        let note = errors.text("note", &self.note, NOTE_MAX);
        errors.finish((self.kind.unwrap_or(EmployerNoteKind::Note), held_on, subject, note))
    }
}

/// A note or contact moment with an employer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct EmployerNote {
    pub id: Uuid,
    pub organisation_id: Uuid,
    pub kind: EmployerNoteKind,
    pub held_on: NaiveDate,
    pub subject: String,
    pub note: String,
    pub author: Option<String>,
    pub created_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_provision_spreads_its_cost_over_its_days_exactly() {
        // 3,650.00 over 2027 (365 days) is 10.00 a day; January is 310.00.
        let cost = Decimal::from(3650);
        let share = provision_share(cost, day("2027-01-01"), day("2027-12-31"), day("2027-01-01"), day("2027-01-31"));
        assert_eq!(share, Decimal::from(310));
        assert_eq!(
            provision_share(cost, day("2027-01-01"), day("2027-12-31"), day("2028-01-01"), day("2028-12-31")),
            Decimal::ZERO
        );
        // 100.00 over 3 days: a third a day, exact in the sum.
        let third = provision_share(
            Decimal::from(100),
            day("2027-01-01"),
            day("2027-01-03"),
            day("2027-01-01"),
            day("2027-01-01"),
        );
        let rest = provision_share(
            Decimal::from(100),
            day("2027-01-01"),
            day("2027-01-03"),
            day("2027-01-02"),
            day("2027-01-03"),
        );
        assert_eq!(crate::money::euros(third + rest).to_string(), "100.00");
    }

    #[test]
    fn bad_input_names_every_field() {
        let names = |e: Vec<crate::problem::InvalidParam>| e.into_iter().map(|p| p.name).collect::<Vec<_>>();
        let bad = CreateProvision {
            cost: Some(Decimal::new(1005, 3)),
            from: Some(day("2027-02-01")),
            until: Some(day("2027-01-01")),
            ..Default::default()
        };
        assert_eq!(names(bad.check().unwrap_err()), ["kind", "cost", "until"]);
        let check_in = CreateCheckIn { held_on: Some(day("2027-02-01")), ..Default::default() };
        assert_eq!(names(check_in.check(day("2027-01-01")).unwrap_err()), ["heldOn", "domains", "note"]);
        let mentor = CreateAssignment {
            kind: Some(AssignmentKind::Mentor),
            from: Some(day("2027-01-01")),
            ..Default::default()
        };
        assert_eq!(names(mentor.check().unwrap_err()), ["mentorName"]);
        let progress = GoalProgress { percentage: Some(101), ..Default::default() };
        assert_eq!(names(progress.check().unwrap_err()), ["status", "percentage", "version"]);
    }
}
