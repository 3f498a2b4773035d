//! Reminders and due dates (issue 14, item 3): follow-ups that staff set on a person or an organisation,
//! and the reminders the system derives from the data at read time (no background job): a trial placement
//! or a temporary contract ending, a mentor handover open, a survey due, availability not confirmed for 90
//! days, an intake not completed after 30 days. Each reminder has a stable `key`, by which it is marked done
//! or snoozed. The date rules live here, as pure functions of the day, so that they are tested at their
//! boundaries and are the same for server and SPA.

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::problem::Language;
use crate::validation::Errors;

/// How many days ahead an ending trial placement or contract shows, unless a query says otherwise.
pub const DEFAULT_WITHIN_DAYS: u32 = 14;
/// The largest `withinDays` a query takes.
pub const MAX_WITHIN_DAYS: u32 = 365;
/// Availability not confirmed for this many days is a reminder.
pub const AVAILABILITY_DAYS: i64 = 90;
/// An intake not completed this many days after registration is a reminder.
pub const INTAKE_DAYS: i64 = 30;
pub const TITLE_MAX: usize = 200;
pub const NOTE_MAX: usize = 2000;
pub const REASON_MAX: usize = 500;
/// The longest key of a reminder.
pub const KEY_MAX: usize = 120;

/// What a reminder is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::EnumString)]
#[strum(serialize_all = "snake_case")]
pub enum ReminderKind {
    /// Set by a staff member.
    FollowUp,
    /// A trial placement ends within the days asked (or has ended while the match is still in trial).
    TrialEnding,
    /// A temporary contract ends within the days asked.
    ContractEnding,
    /// A mentor was assigned once and none is current or to come.
    MentorHandover,
    /// An employee's experience survey is due (from 14 days before its due date).
    EmployeeSurvey,
    /// An organisation's survey is due (from 14 days before its due date).
    OrganisationSurvey,
    /// Availability not confirmed for 90 days (or since registration, if never).
    AvailabilityUnconfirmed,
    /// Registered 30 days ago and the intake is not completed (still registered or in intake).
    IntakeOpen,
}

impl ReminderKind {
    pub const ALL: [ReminderKind; 8] = [
        ReminderKind::FollowUp,
        ReminderKind::TrialEnding,
        ReminderKind::ContractEnding,
        ReminderKind::MentorHandover,
        ReminderKind::EmployeeSurvey,
        ReminderKind::OrganisationSurvey,
        ReminderKind::AvailabilityUnconfirmed,
        ReminderKind::IntakeOpen,
    ];

    pub fn as_str(self) -> &'static str {
        self.into()
    }

    pub fn parse(value: &str) -> Option<Self> {
        value.parse().ok()
    }

    /// The kind's name in `language`, as the due list shows it.
    pub fn label(self, language: Language) -> &'static str {
        use ReminderKind::*;
        match (language, self) {
            (Language::Nl, FollowUp) => "Opvolging",
            (Language::Nl, TrialEnding) => "Proefplaatsing loopt af",
            (Language::Nl, ContractEnding) => "Tijdelijk contract loopt af",
            (Language::Nl, MentorHandover) => "Overdracht werkbegeleider",
            (Language::Nl, EmployeeSurvey) => "Ervaringsonderzoek werknemer",
            (Language::Nl, OrganisationSurvey) => "Ervaringsonderzoek werkgever",
            (Language::Nl, AvailabilityUnconfirmed) => "Beschikbaarheid niet bevestigd",
            (Language::Nl, IntakeOpen) => "Intake niet afgerond",
            (Language::En, FollowUp) => "Follow-up",
            (Language::En, TrialEnding) => "Trial placement ending",
            (Language::En, ContractEnding) => "Temporary contract ending",
            (Language::En, MentorHandover) => "Mentor handover",
            (Language::En, EmployeeSurvey) => "Employee survey",
            (Language::En, OrganisationSurvey) => "Employer survey",
            (Language::En, AvailabilityUnconfirmed) => "Availability not confirmed",
            (Language::En, IntakeOpen) => "Intake not completed",
        }
    }
}

/// Whom a reminder is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SubjectKind {
    Person,
    Organisation,
}

/// One reminder of a due list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Reminder {
    /// The stable key by which the reminder is marked done or snoozed (`follow_up:<id>`,
    /// `trial_ending:<match id>:<end date>`, ...): holds ids and dates, never personal data.
    pub key: String,
    pub kind: ReminderKind,
    /// What to do, in words (a follow-up's own title).
    pub title: String,
    /// The day it is due: the end of the trial or contract, the survey's due date, the day 90 days after
    /// the last confirmation, 30 days after registration, the day after the last mentor left.
    pub due_on: NaiveDate,
    /// Due before today.
    pub overdue: bool,
    pub subject_kind: SubjectKind,
    /// The person's (candidate) or the organisation's id.
    pub subject_id: Uuid,
    pub subject_name: String,
    /// A follow-up's note.
    #[serde(default)]
    pub note: Option<String>,
    /// Who set a follow-up.
    #[serde(default)]
    pub owner_name: Option<String>,
}

/// How many reminders of the caller's due list are due, and how many of those are overdue.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ReminderCounts {
    pub due: u64,
    pub overdue: u64,
}

/// A follow-up as the GDPR copy shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct FollowUpRecord {
    pub id: Uuid,
    pub title: String,
    pub note: String,
    pub due_on: NaiveDate,
    pub owner_name: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// A reminder's done or snoozed state as the GDPR copy shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ReminderStateRecord {
    pub key: String,
    /// `done` or `snoozed`.
    pub state: String,
    pub snoozed_until: Option<NaiveDate>,
    pub reason: String,
    pub by_name: String,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

/// `POST /follow-ups`: a follow-up on a person or an organisation (exactly one of the two).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, rename_all = "camelCase")]
pub struct CreateFollowUp {
    /// The person (candidate) it is about; or `organisationId`.
    pub candidate_id: Option<Uuid>,
    /// The organisation it is about; or `candidateId`.
    pub organisation_id: Option<Uuid>,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200, pattern = r"\S"))]
    pub title: String,
    /// Today or later.
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
    pub due_on: Option<NaiveDate>,
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub note: String,
}

impl CreateFollowUp {
    /// Every field rule at once; returns the cleaned title and note.
    pub fn check(&self, today: NaiveDate) -> Result<(String, String), Vec<crate::problem::InvalidParam>> {
        let mut errors = Errors::default();
        match (self.candidate_id, self.organisation_id) {
            (None, None) => errors.add("candidateId", "required", "kies een persoon of een organisatie"),
            (Some(_), Some(_)) => {
                errors.add("organisationId", "not_allowed", "een opvolging gaat over een persoon óf een organisatie")
            }
            _ => {}
        }
        let title = errors.text("title", &self.title, TITLE_MAX);
        match self.due_on {
            None => errors.add("dueOn", "required", "kies de datum waarop dit moet gebeuren"),
            Some(day) if day < today => errors.add("dueOn", "in_past", "de datum ligt in het verleden"),
            Some(_) => {}
        }
        let note = crate::text::clean(&self.note);
        if note.chars().count() > NOTE_MAX {
            errors.add("note", "too_long", format!("maximaal {NOTE_MAX} tekens"));
        }
        errors.finish((title, note))
    }
}

/// `POST /reminders/done`: a reminder of the caller's list marked done (for good).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, rename_all = "camelCase")]
pub struct MarkReminderDone {
    #[cfg_attr(feature = "openapi", schema(required = true, min_length = 1, max_length = 120, pattern = r"\S"))]
    pub key: String,
    /// Optional: what was done.
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub reason: String,
}

impl MarkReminderDone {
    /// Returns the key and the cleaned reason.
    pub fn check(&self) -> Result<(String, String), Vec<crate::problem::InvalidParam>> {
        let mut errors = Errors::default();
        let key = check_key(&mut errors, &self.key);
        let reason = crate::text::clean(&self.reason);
        if reason.chars().count() > REASON_MAX {
            errors.add("reason", "too_long", format!("maximaal {REASON_MAX} tekens"));
        }
        errors.finish((key, reason))
    }
}

/// `POST /reminders/snooze`: a reminder of the caller's list put away until a later day, with the reason.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, rename_all = "camelCase")]
pub struct SnoozeReminder {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 120, pattern = r"\S"))]
    pub key: String,
    /// After today: the reminder shows again on this day.
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
    pub until: Option<NaiveDate>,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 500, pattern = r"\S"))]
    pub reason: String,
}

impl SnoozeReminder {
    /// Returns the key, the day and the cleaned reason.
    pub fn check(&self, today: NaiveDate) -> Result<(String, NaiveDate, String), Vec<crate::problem::InvalidParam>> {
        let mut errors = Errors::default();
        let key = check_key(&mut errors, &self.key);
        let until = match self.until {
            None => {
                errors.add("until", "required", "kies tot wanneer");
                today
            }
            Some(day) if day <= today => {
                errors.add("until", "in_past", "kies een dag na vandaag");
                day
            }
            Some(day) => day,
        };
        let reason = errors.text("reason", &self.reason, REASON_MAX);
        errors.finish((key, until, reason))
    }
}

fn check_key(errors: &mut Errors, key: &str) -> String {
    let key = key.trim();
    if key.is_empty() {
        errors.add("key", "required", "welke herinnering?");
    } else if key.len() > KEY_MAX || parse_key(key).is_none() {
        errors.add("key", "pattern", "dit is geen sleutel van een herinnering");
    }
    key.to_owned()
}

/// A reminder's key: its kind, then ids and dates joined with `:`.
pub fn key(kind: ReminderKind, parts: &[&str]) -> String {
    std::iter::once(kind.as_str()).chain(parts.iter().copied()).collect::<Vec<_>>().join(":")
}

/// The kind and the first id of a key, when it has the form of one.
pub fn parse_key(key: &str) -> Option<(ReminderKind, Uuid)> {
    let mut parts = key.split(':');
    let kind = ReminderKind::parse(parts.next()?)?;
    let id = Uuid::parse_str(parts.next()?).ok()?;
    Some((kind, id))
}

/// When a reminder shows and when it is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// The first day it shows on a due list.
    pub from: NaiveDate,
    pub due_on: NaiveDate,
}

impl Window {
    /// Whether it shows on `today`.
    pub fn shows_on(self, today: NaiveDate) -> bool {
        self.from <= today
    }

    pub fn overdue_on(self, today: NaiveDate) -> bool {
        self.due_on < today
    }
}

/// A trial placement or a temporary contract that ends on `end`: shown from `within_days` before.
pub fn ending(end: NaiveDate, within_days: u32) -> Window {
    Window { from: end - Duration::days(i64::from(within_days)), due_on: end }
}

/// Availability last confirmed on `confirmed_on` (or never, counting from `registered_on`): due 90 days on.
pub fn availability(confirmed_on: Option<NaiveDate>, registered_on: NaiveDate) -> Window {
    let due_on = confirmed_on.unwrap_or(registered_on) + Duration::days(AVAILABILITY_DAYS);
    Window { from: due_on, due_on }
}

/// An intake of a person registered on `registered_on`: due 30 days on.
pub fn intake(registered_on: NaiveDate) -> Window {
    let due_on = registered_on + Duration::days(INTAKE_DAYS);
    Window { from: due_on, due_on }
}

/// A survey due on `due_on` ([`crate::surveys::next_due`]): shown from the day it may be taken (14 days
/// before).
pub fn survey(due_on: NaiveDate) -> Window {
    Window { from: due_on - Duration::days(crate::surveys::EARLY_DAYS), due_on }
}

/// A mentor handover: the last mentor left after `last_until`; due the day after.
pub fn handover(last_until: NaiveDate) -> Window {
    let due_on = last_until + Duration::days(1);
    Window { from: due_on, due_on }
}

/// A follow-up due on `due_on`: shown from that day.
pub fn follow_up(due_on: NaiveDate) -> Window {
    Window { from: due_on, due_on }
}

/// The state kept of a reminder: done for good, or snoozed until a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolution {
    Done,
    SnoozedUntil(NaiveDate),
}

/// Whether a reminder with this window and state is on the due list of `today`.
pub fn on_list(window: Window, state: Option<Resolution>, today: NaiveDate) -> bool {
    window.shows_on(today)
        && match state {
            None => true,
            Some(Resolution::Done) => false,
            Some(Resolution::SnoozedUntil(day)) => day <= today,
        }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn an_ending_shows_exactly_within_the_days_asked() {
        let today = day("2026-12-01");
        assert!(ending(day("2026-12-15"), 14).shows_on(today), "14 days ahead: shown");
        assert!(!ending(day("2026-12-16"), 14).shows_on(today), "15 days ahead: not yet");
        assert!(ending(day("2026-12-16"), 15).shows_on(today), "a wider window shows it");
        assert!(!ending(day("2026-12-01"), 14).overdue_on(today), "ending today is not overdue");
        assert!(ending(day("2026-11-30"), 14).overdue_on(today), "ended yesterday: overdue");
    }

    #[test]
    fn availability_is_due_ninety_days_after_the_last_confirmation_or_registration() {
        let today = day("2026-12-01");
        assert!(availability(Some(today - Duration::days(90)), day("2020-01-01")).shows_on(today));
        assert!(!availability(Some(today - Duration::days(89)), day("2020-01-01")).shows_on(today));
        assert!(availability(None, today - Duration::days(90)).shows_on(today), "never: from registration");
        assert!(!availability(None, today - Duration::days(89)).shows_on(today));
    }

    #[test]
    fn an_intake_is_due_thirty_days_after_registration() {
        let today = day("2026-12-01");
        assert!(intake(today - Duration::days(30)).shows_on(today));
        assert!(!intake(today - Duration::days(29)).shows_on(today));
        assert!(intake(today - Duration::days(31)).overdue_on(today));
        assert!(!intake(today - Duration::days(30)).overdue_on(today));
    }

    #[test]
    fn a_survey_shows_from_fourteen_days_before_it_is_due() {
        let today = day("2026-12-01");
        assert!(survey(day("2026-12-15")).shows_on(today));
        assert!(!survey(day("2026-12-16")).shows_on(today));
    }

    #[test]
    fn a_handover_is_due_the_day_after_the_last_mentor_left() {
        let today = day("2026-12-01");
        assert!(handover(day("2026-11-30")).shows_on(today));
        assert!(!handover(day("2026-12-01")).shows_on(today), "the mentor is still there today");
    }

    #[test]
    fn done_hides_for_good_and_a_snooze_until_its_day() {
        let today = day("2026-12-01");
        let window = follow_up(day("2026-11-20"));
        assert!(on_list(window, None, today));
        assert!(!on_list(window, Some(Resolution::Done), today));
        assert!(!on_list(window, Some(Resolution::SnoozedUntil(day("2026-12-02"))), today));
        assert!(on_list(window, Some(Resolution::SnoozedUntil(today)), today), "back on its day");
        assert!(!on_list(follow_up(day("2026-12-02")), None, today), "a follow-up shows from its day");
    }

    #[test]
    fn follow_up_input_is_checked_at_once() {
        let today = day("2026-12-01");
        let bad = CreateFollowUp { due_on: Some(day("2026-11-30")), ..Default::default() };
        let names: Vec<String> = bad.check(today).unwrap_err().into_iter().map(|p| p.name).collect();
        assert_eq!(names, ["candidateId", "title", "dueOn"]);
        let good = CreateFollowUp {
            candidate_id: Some(Uuid::nil()),
            title: " Bellen ".into(),
            due_on: Some(today),
            ..Default::default()
        };
        assert_eq!(good.check(today).unwrap().0, "Bellen");
    }

    #[test]
    fn keys_carry_their_kind_and_first_id() {
        let id = Uuid::nil();
        let k = key(ReminderKind::TrialEnding, &[&id.to_string(), "2026-12-15"]);
        assert_eq!(k, "trial_ending:00000000-0000-0000-0000-000000000000:2026-12-15");
        assert_eq!(parse_key(&k), Some((ReminderKind::TrialEnding, id)));
        assert_eq!(parse_key("nonsense:1"), None);
        let snooze = SnoozeReminder { key: k, until: Some(day("2026-12-01")), reason: "x".into() };
        let names: Vec<String> = snooze.check(day("2026-12-01")).unwrap_err().into_iter().map(|p| p.name).collect();
        assert_eq!(names, ["until"]);
    }
}
