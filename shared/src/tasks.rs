//! Task intake (PRODUCT.md §2): tasks with social value, neighbourhood sessions, and task packages that
//! bundle tasks into one job, with the package's state machine and its hours and schedule rules.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::candidates::Weekday;

/// A part of a day in a task's schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::EnumString)]
#[strum(serialize_all = "snake_case")]
pub enum DayPart {
    Morning,
    Afternoon,
    Evening,
    Night,
}

impl DayPart {
    pub const ALL: [DayPart; 4] = [DayPart::Morning, DayPart::Afternoon, DayPart::Evening, DayPart::Night];

    pub fn as_str(self) -> &'static str {
        self.into()
    }

    pub fn parse(value: &str) -> Option<Self> {
        value.parse().ok()
    }
}

/// One block of a schedule: a day and a part of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScheduleSlot {
    pub day: Weekday,
    pub part: DayPart,
}

impl ScheduleSlot {
    /// `mon:morning`, as stored.
    pub fn code(&self) -> String {
        format!("{}:{}", self.day.as_str(), self.part.as_str())
    }

    pub fn parse(code: &str) -> Option<Self> {
        let (day, part) = code.split_once(':')?;
        Some(Self { day: Weekday::parse(day)?, part: DayPart::parse(part)? })
    }
}

impl std::str::FromStr for ScheduleSlot {
    type Err = ();

    /// `mon:morning`, as stored (see [`ScheduleSlot::code`]).
    fn from_str(code: &str) -> Result<Self, ()> {
        Self::parse(code).ok_or(())
    }
}

/// Where a task package is in its workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::EnumString)]
#[strum(serialize_all = "snake_case")]
pub enum PackageStatus {
    Draft,
    Submitted,
    Approved,
    Open,
    Filled,
    Closed,
    Rejected,
}

impl PackageStatus {
    pub const ALL: [PackageStatus; 7] = [
        PackageStatus::Draft,
        PackageStatus::Submitted,
        PackageStatus::Approved,
        PackageStatus::Open,
        PackageStatus::Filled,
        PackageStatus::Closed,
        PackageStatus::Rejected,
    ];

    pub fn as_str(self) -> &'static str {
        self.into()
    }

    pub fn parse(value: &str) -> Option<Self> {
        value.parse().ok()
    }

    /// Whether the package's content (tasks, hours, positions) may still change.
    pub fn is_editable(self) -> bool {
        matches!(self, PackageStatus::Draft | PackageStatus::Rejected)
    }
}

/// Who takes a workflow step: the work provider's side, or the municipality's staff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PackageActor {
    Partner,
    Staff,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PackageTransitionError {
    /// The step does not exist.
    NotAllowed { from: PackageStatus, to: PackageStatus },
    /// The step exists but this side may not take it.
    NotYours { from: PackageStatus, to: PackageStatus },
    /// Rejecting needs a reason.
    ReasonRequired,
}

/// The package workflow: `draft -> submitted -> approved -> open -> filled -> closed`, or `rejected`
/// with a reason (after which the partner reworks it into a draft). Partners create and submit their own;
/// staff approve, reject, open, mark filled and close. Staff may also submit on a partner's behalf.
pub fn check_package_transition(
    from: PackageStatus,
    to: PackageStatus,
    actor: PackageActor,
    reason: &str,
) -> Result<(), PackageTransitionError> {
    use PackageActor::*;
    use PackageStatus::*;
    let who: &[PackageActor] = match (from, to) {
        (Draft, Submitted) => &[Partner, Staff],
        (Rejected, Draft) => &[Partner, Staff],
        (Submitted, Approved) | (Submitted, Rejected) => &[Staff],
        (Approved, Open) | (Open, Filled) | (Filled, Open) => &[Staff],
        (Approved, Closed) | (Open, Closed) | (Filled, Closed) => &[Staff],
        _ => return Err(PackageTransitionError::NotAllowed { from, to }),
    };
    if !who.contains(&actor) {
        return Err(PackageTransitionError::NotYours { from, to });
    }
    if to == Rejected && reason.trim().is_empty() {
        return Err(PackageTransitionError::ReasonRequired);
    }
    Ok(())
}

/// The steps `actor` may take from `from`, in workflow order: what the SPA offers, decided by the same
/// rules as the server's check.
pub fn package_steps(from: PackageStatus, actor: PackageActor) -> Vec<PackageStatus> {
    PackageStatus::ALL.into_iter().filter(|to| check_package_transition(from, *to, actor, "reden").is_ok()).collect()
}

/// The norm for one basic job, in hours per week.
pub const NORM_HOURS_PER_WEEK: u16 = 32;
pub const MAX_HOURS_PER_WEEK: u16 = 40;

/// What the hours and schedules of a package's tasks add up to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PackageHours {
    pub total_hours: u16,
    /// True when the total is the 32-hour norm.
    pub meets_norm: bool,
    /// Schedule blocks taken by more than one task.
    pub overlapping_slots: Vec<ScheduleSlot>,
}

/// A task's hours and schedule as the package rules see them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskLoad {
    pub hours_per_week: u16,
    pub schedule: Vec<ScheduleSlot>,
}

pub fn package_hours(tasks: &[TaskLoad]) -> PackageHours {
    let total_hours = tasks.iter().map(|t| t.hours_per_week).sum();
    let mut seen = std::collections::BTreeMap::new();
    for task in tasks {
        let mut own = task.schedule.clone();
        own.sort();
        own.dedup();
        for slot in own {
            *seen.entry(slot).or_insert(0u32) += 1;
        }
    }
    PackageHours {
        total_hours,
        meets_norm: total_hours == NORM_HOURS_PER_WEEK,
        overlapping_slots: seen.into_iter().filter(|(_, n)| *n > 1).map(|(slot, _)| slot).collect(),
    }
}

/// A package's hour and schedule rules as field errors: above 40 hours, or tasks at the same time.
pub fn check_package_hours(tasks: &[TaskLoad], errors: &mut crate::validation::Errors) -> PackageHours {
    let hours = package_hours(tasks);
    if hours.total_hours > MAX_HOURS_PER_WEEK {
        errors.add(
            "taskIds",
            "too_many_hours",
            format!("de taken tellen op tot {} uur; hoogstens {MAX_HOURS_PER_WEEK}", hours.total_hours),
        );
    }
    if !hours.overlapping_slots.is_empty() {
        let slots: Vec<String> = hours.overlapping_slots.iter().map(ScheduleSlot::code).collect();
        errors.add("taskIds", "overlapping_schedule", format!("taken overlappen op {}", slots.join(", ")));
    }
    hours
}

/// The minimum level of an ability that a task requires.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RequiredAbility {
    pub ability_id: Uuid,
    /// 1-4.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 4))]
    pub min_level: u8,
}

#[cfg(test)]
mod tests {
    use super::PackageActor::*;
    use super::PackageStatus::*;
    use super::*;

    fn slot(day: Weekday, part: DayPart) -> ScheduleSlot {
        ScheduleSlot { day, part }
    }

    #[test]
    fn hours_add_up_and_overlaps_are_found() {
        let tasks = [
            TaskLoad {
                hours_per_week: 16,
                schedule: vec![slot(Weekday::Mon, DayPart::Morning), slot(Weekday::Tue, DayPart::Morning)],
            },
            TaskLoad {
                hours_per_week: 16,
                schedule: vec![slot(Weekday::Wed, DayPart::Morning), slot(Weekday::Thu, DayPart::Afternoon)],
            },
        ];
        let hours = package_hours(&tasks);
        assert_eq!(hours.total_hours, 32);
        assert!(hours.meets_norm);
        assert!(hours.overlapping_slots.is_empty());
        let clash =
            [tasks[0].clone(), TaskLoad { hours_per_week: 8, schedule: vec![slot(Weekday::Tue, DayPart::Morning)] }];
        assert_eq!(package_hours(&clash).overlapping_slots, vec![slot(Weekday::Tue, DayPart::Morning)]);
    }

    #[test]
    fn more_than_forty_hours_or_an_overlap_is_an_error() {
        let mut errors = crate::validation::Errors::default();
        let tasks = [
            TaskLoad { hours_per_week: 24, schedule: vec![slot(Weekday::Mon, DayPart::Morning)] },
            TaskLoad { hours_per_week: 20, schedule: vec![slot(Weekday::Mon, DayPart::Morning)] },
        ];
        check_package_hours(&tasks, &mut errors);
        let codes: Vec<_> = errors.into_vec().into_iter().map(|e| e.code).collect();
        assert_eq!(codes, vec!["too_many_hours", "overlapping_schedule"]);
    }

    #[test]
    fn the_workflow_allows_each_step_to_its_side_only() {
        let allowed = [
            (Draft, Submitted, Partner),
            (Draft, Submitted, Staff),
            (Submitted, Approved, Staff),
            (Submitted, Rejected, Staff),
            (Rejected, Draft, Partner),
            (Approved, Open, Staff),
            (Open, Filled, Staff),
            (Filled, Open, Staff),
            (Open, Closed, Staff),
            (Filled, Closed, Staff),
            (Approved, Closed, Staff),
        ];
        for (from, to, actor) in allowed {
            assert_eq!(check_package_transition(from, to, actor, "reden"), Ok(()), "{from:?} -> {to:?} by {actor:?}");
        }
        assert_eq!(
            check_package_transition(Submitted, Approved, Partner, ""),
            Err(PackageTransitionError::NotYours { from: Submitted, to: Approved })
        );
        assert_eq!(
            check_package_transition(Submitted, Rejected, Staff, " "),
            Err(PackageTransitionError::ReasonRequired)
        );
        for from in PackageStatus::ALL {
            for to in PackageStatus::ALL {
                let any = [Partner, Staff].iter().any(|a| allowed.contains(&(from, to, *a)));
                if !any {
                    assert_eq!(
                        check_package_transition(from, to, Staff, "x"),
                        Err(PackageTransitionError::NotAllowed { from, to }),
                        "{from:?} -> {to:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn schedule_codes_round_trip() {
        let s = slot(Weekday::Fri, DayPart::Evening);
        assert_eq!(ScheduleSlot::parse(&s.code()), Some(s));
        assert_eq!(ScheduleSlot::parse("fri"), None);
    }
}

pub use wire::*;

/// The wire types of task intake.
mod wire {
    use chrono::{DateTime, NaiveDate, Utc};
    use serde::{Deserialize, Serialize};
    use uuid::Uuid;

    use super::{PackageHours, PackageStatus, RequiredAbility, ScheduleSlot};
    use crate::problem::InvalidParam;
    use crate::reference::PhysicalDemand;
    use crate::validation::Errors;

    /// A neighbourhood session (wijkbijeenkomst) where parties agree which work is useful.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "camelCase")]
    pub struct NeighbourhoodSession {
        pub id: Uuid,
        pub neighbourhood_id: Uuid,
        /// The organisation that holds the session (`null`: the municipality's staff).
        pub organisation_id: Option<Uuid>,
        pub held_on: NaiveDate,
        pub title: String,
        pub notes: String,
        /// The organisations that took part.
        pub participant_ids: Vec<Uuid>,
        /// The tasks proposed in it.
        pub task_ids: Vec<Uuid>,
        pub version: i32,
    }

    /// `POST /neighbourhood-sessions` and `PUT /neighbourhood-sessions/{id}` (with `version`).
    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(default, rename_all = "camelCase")]
    pub struct SaveNeighbourhoodSession {
        #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
        pub neighbourhood_id: Option<Uuid>,
        /// Staff only: the holding organisation. A partner always holds its own sessions.
        pub organisation_id: Option<Uuid>,
        #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
        pub held_on: Option<NaiveDate>,
        #[cfg_attr(
            feature = "openapi",
            schema(required = true, nullable = false, min_length = 1, max_length = 200, pattern = r"\S")
        )]
        pub title: String,
        #[cfg_attr(feature = "openapi", schema(max_length = 8000))]
        pub notes: String,
        pub participant_ids: Vec<Uuid>,
        pub version: Option<i32>,
    }

    impl SaveNeighbourhoodSession {
        pub fn validate(&self) -> Result<(), Vec<InvalidParam>> {
            let mut errors = Errors::default();
            if self.neighbourhood_id.is_none() {
                errors.add("neighbourhoodId", "required", "kies de wijk");
            }
            if self.held_on.is_none() {
                errors.add("heldOn", "required", "vul de datum in");
            }
            errors.text("title", &self.title, 200);
            if self.notes.chars().count() > 8000 {
                errors.add("notes", "too_long", "maximaal 8000 tekens");
            }
            errors.finish(())
        }
    }

    /// A task with social value: one piece of work in a neighbourhood.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "camelCase")]
    pub struct Task {
        pub id: Uuid,
        /// The organisation that brings the task.
        pub organisation_id: Uuid,
        pub neighbourhood_id: Uuid,
        /// The session it was proposed in, if any.
        pub session_id: Option<Uuid>,
        pub category_id: Uuid,
        pub title: String,
        pub description: String,
        pub location: String,
        pub required_abilities: Vec<RequiredAbility>,
        /// What the work asks of the body or the schedule; checked against candidates' limitations.
        pub physical_demands: Vec<PhysicalDemand>,
        pub hours_per_week: u16,
        pub schedule: Vec<ScheduleSlot>,
        /// Who guides the work on the work floor.
        pub supervision: String,
        /// Why the work matters to the neighbourhood, in words.
        pub social_value: String,
        pub active: bool,
        pub created_at: DateTime<Utc>,
        pub version: i32,
    }

    /// `POST /tasks` and `PUT /tasks/{id}` (with `version`).
    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(default, rename_all = "camelCase")]
    pub struct SaveTask {
        /// Staff only: the organisation that brings it. A partner's tasks are always its own.
        pub organisation_id: Option<Uuid>,
        #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
        pub neighbourhood_id: Option<Uuid>,
        pub session_id: Option<Uuid>,
        #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
        pub category_id: Option<Uuid>,
        #[cfg_attr(
            feature = "openapi",
            schema(required = true, nullable = false, min_length = 1, max_length = 200, pattern = r"\S")
        )]
        pub title: String,
        #[cfg_attr(feature = "openapi", schema(max_length = 4000))]
        pub description: String,
        #[cfg_attr(feature = "openapi", schema(max_length = 200))]
        pub location: String,
        pub required_abilities: Vec<RequiredAbility>,
        pub physical_demands: Vec<PhysicalDemand>,
        /// 1-40.
        #[cfg_attr(feature = "openapi", schema(required = true, nullable = false, minimum = 1, maximum = 40))]
        pub hours_per_week: Option<u16>,
        #[cfg_attr(feature = "openapi", schema(required = true, nullable = false, min_items = 1))]
        pub schedule: Vec<ScheduleSlot>,
        #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
        pub supervision: String,
        #[cfg_attr(
            feature = "openapi",
            schema(required = true, nullable = false, min_length = 1, max_length = 2000, pattern = r"\S")
        )]
        pub social_value: String,
        /// `false` ends the task (it stays on packages that have it).
        pub active: Option<bool>,
        pub version: Option<i32>,
    }

    impl SaveTask {
        pub fn validate(&self) -> Result<(), Vec<InvalidParam>> {
            let mut errors = Errors::default();
            errors.text("title", &self.title, 200);
            if self.neighbourhood_id.is_none() {
                errors.add("neighbourhoodId", "required", "kies de wijk");
            }
            if self.category_id.is_none() {
                errors.add("categoryId", "required", "kies de categorie");
            }
            match self.hours_per_week {
                None => errors.add("hoursPerWeek", "required", "vul de uren per week in"),
                Some(h) if !(1..=40).contains(&h) => {
                    errors.add("hoursPerWeek", "out_of_range", "tussen 1 en 40 uur per week")
                }
                Some(_) => {}
            }
            if self.schedule.is_empty() {
                errors.add("schedule", "required", "kies minstens één dagdeel");
            }
            for (index, ability) in self.required_abilities.iter().enumerate() {
                if !(1..=4).contains(&ability.min_level) {
                    errors.add(
                        format!("requiredAbilities[{index}].minLevel"),
                        "out_of_range",
                        "een niveau van 1 tot en met 4",
                    );
                }
            }
            errors.text("socialValue", &self.social_value, 2000);
            for (name, value, max) in [
                ("description", &self.description, 4000),
                ("location", &self.location, 200),
                ("supervision", &self.supervision, 2000),
            ] {
                if value.chars().count() > max {
                    errors.add(name, "too_long", format!("maximaal {max} tekens"));
                }
            }
            errors.finish(())
        }
    }

    /// A task package: tasks bundled into one job with a number of positions.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "camelCase")]
    pub struct TaskPackage {
        pub id: Uuid,
        /// The work provider.
        pub organisation_id: Uuid,
        pub title: String,
        pub description: String,
        pub task_ids: Vec<Uuid>,
        /// What the tasks' hours and schedules add up to.
        pub hours: PackageHours,
        pub positions: u16,
        pub start_date: Option<NaiveDate>,
        /// The workplace mentor (werkbegeleider) on the work floor.
        pub mentor_name: String,
        pub mentor_email: String,
        pub mentor_phone: String,
        pub status: PackageStatus,
        /// Why it was rejected, when it was.
        pub rejection_reason: String,
        pub created_at: DateTime<Utc>,
        pub updated_at: DateTime<Utc>,
        pub version: i32,
    }

    /// `POST /task-packages` and `PUT /task-packages/{id}` (with `version`; only in draft or rejected).
    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(default, rename_all = "camelCase")]
    pub struct SaveTaskPackage {
        /// Staff only: the work provider. A partner's packages are always its own.
        pub organisation_id: Option<Uuid>,
        #[cfg_attr(
            feature = "openapi",
            schema(required = true, nullable = false, min_length = 1, max_length = 200, pattern = r"\S")
        )]
        pub title: String,
        #[cfg_attr(feature = "openapi", schema(max_length = 4000))]
        pub description: String,
        /// Tasks of the same organisation; their hours add up (at most 40, 32 is the norm) and their
        /// schedules may not overlap.
        pub task_ids: Vec<Uuid>,
        /// 1-100.
        #[cfg_attr(feature = "openapi", schema(required = true, nullable = false, minimum = 1, maximum = 100))]
        pub positions: Option<u16>,
        pub start_date: Option<NaiveDate>,
        #[cfg_attr(feature = "openapi", schema(max_length = 120))]
        pub mentor_name: String,
        #[cfg_attr(feature = "openapi", schema(max_length = 200))]
        pub mentor_email: String,
        #[cfg_attr(feature = "openapi", schema(max_length = 30))]
        pub mentor_phone: String,
        pub version: Option<i32>,
    }

    impl SaveTaskPackage {
        pub fn validate(&self) -> Result<(), Vec<InvalidParam>> {
            let mut errors = Errors::default();
            errors.text("title", &self.title, 200);
            match self.positions {
                None => errors.add("positions", "required", "vul het aantal plekken in"),
                Some(p) if !(1..=100).contains(&p) => {
                    errors.add("positions", "out_of_range", "tussen 1 en 100 plekken")
                }
                Some(_) => {}
            }
            let mut ids = self.task_ids.clone();
            ids.sort();
            ids.dedup();
            if ids.len() != self.task_ids.len() {
                errors.add("taskIds", "duplicate", "elke taak één keer");
            }
            if self.mentor_name.chars().count() > 120
                || self.mentor_phone.chars().count() > 30
                || self.mentor_email.chars().count() > 200
            {
                errors.add("mentorName", "too_long", "naam, e-mail of telefoon van de werkbegeleider is te lang");
            }
            if self.description.chars().count() > 4000 {
                errors.add("description", "too_long", "maximaal 4000 tekens");
            }
            errors.finish(())
        }
    }

    /// `POST /task-packages/{id}/transitions`: one step of the workflow.
    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(default, rename_all = "camelCase")]
    pub struct PackageTransition {
        #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
        pub to: Option<PackageStatus>,
        /// Required when rejecting.
        pub reason: String,
        #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
        pub version: Option<i32>,
    }

    /// One step in a package's workflow history.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "camelCase")]
    pub struct PackageStatusChange {
        pub from: Option<PackageStatus>,
        pub to: PackageStatus,
        pub reason: String,
        pub changed_by: Option<String>,
        pub changed_by_role: Option<crate::auth::Role>,
        pub changed_at: DateTime<Utc>,
    }

    #[test]
    fn the_steps_offered_are_exactly_those_the_check_allows() {
        use crate::tasks::{PackageActor, PackageStatus, check_package_transition, package_steps};
        use PackageStatus::*;
        assert_eq!(package_steps(Draft, PackageActor::Partner), vec![Submitted]);
        assert_eq!(package_steps(Submitted, PackageActor::Partner), vec![]);
        assert_eq!(package_steps(Submitted, PackageActor::Staff), vec![Approved, Rejected]);
        assert_eq!(package_steps(Filled, PackageActor::Staff), vec![Open, Closed]);
        assert_eq!(package_steps(Closed, PackageActor::Staff), vec![]);
        for from in PackageStatus::ALL {
            for actor in [PackageActor::Partner, PackageActor::Staff] {
                for to in package_steps(from, actor) {
                    assert!(check_package_transition(from, to, actor, "x").is_ok());
                }
            }
        }
    }
}
