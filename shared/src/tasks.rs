//! Task intake (PRODUCT.md §2): tasks with social value, neighbourhood sessions, and task packages that
//! bundle tasks into one job, with the package's state machine and its hours and schedule rules.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::candidates::Weekday;

/// A part of a day in a task's schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DayPart {
    Morning,
    Afternoon,
    Evening,
    Night,
}

impl DayPart {
    pub const ALL: [DayPart; 4] = [DayPart::Morning, DayPart::Afternoon, DayPart::Evening, DayPart::Night];

    pub fn as_str(self) -> &'static str {
        match self {
            DayPart::Morning => "morning",
            DayPart::Afternoon => "afternoon",
            DayPart::Evening => "evening",
            DayPart::Night => "night",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == value)
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

/// Where a task package is in its workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
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
        match self {
            PackageStatus::Draft => "draft",
            PackageStatus::Submitted => "submitted",
            PackageStatus::Approved => "approved",
            PackageStatus::Open => "open",
            PackageStatus::Filled => "filled",
            PackageStatus::Closed => "closed",
            PackageStatus::Rejected => "rejected",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == value)
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
        errors.add("taskIds", "too_many_hours", format!("de taken tellen op tot {} uur; hoogstens {MAX_HOURS_PER_WEEK}", hours.total_hours));
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
            TaskLoad { hours_per_week: 16, schedule: vec![slot(Weekday::Mon, DayPart::Morning), slot(Weekday::Tue, DayPart::Morning)] },
            TaskLoad { hours_per_week: 16, schedule: vec![slot(Weekday::Wed, DayPart::Morning), slot(Weekday::Thu, DayPart::Afternoon)] },
        ];
        let hours = package_hours(&tasks);
        assert_eq!(hours.total_hours, 32);
        assert!(hours.meets_norm);
        assert!(hours.overlapping_slots.is_empty());
        let clash = [tasks[0].clone(), TaskLoad { hours_per_week: 8, schedule: vec![slot(Weekday::Tue, DayPart::Morning)] }];
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
        assert_eq!(check_package_transition(Submitted, Rejected, Staff, " "), Err(PackageTransitionError::ReasonRequired));
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
