//! Experience surveys (issue 12 item 6): when an employee's or an organisation's survey is due, the scores'
//! rules, and the wire types.
//!
//! An employee's survey is due every [`EMPLOYEE_INTERVAL_MONTHS`] months from the contract's start while the
//! contract is active; an organisation's every [`ORGANISATION_INTERVAL_MONTHS`] months from the start of its
//! earliest running placement, while it has one. The due dates are `start + k x interval` months (k = 1,
//! 2, ...), each counted from the start (31 January + 3 months is 30 April, + 6 months 31 July). A survey
//! counts for a due date when it is taken at most [`EARLY_DAYS`] days before it (or any time after the
//! previous one), so the next due date is the first that lies more than `EARLY_DAYS` after the last survey.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::validation::Errors;

/// An employee's survey: every three months from the contract's start.
pub const EMPLOYEE_INTERVAL_MONTHS: u32 = 3;
/// An organisation's survey: every six months while it has a placement.
pub const ORGANISATION_INTERVAL_MONTHS: u32 = 6;
/// How many days before its due date a survey counts for it.
pub const EARLY_DAYS: i64 = 14;
/// The lowest and highest score.
pub const SCORE_MIN: u8 = 1;
pub const SCORE_MAX: u8 = 10;
/// The longest free comment, in characters.
pub const COMMENT_MAX: usize = 2000;

/// The `k`th due date (k >= 1) of a survey every `interval` months from `start`, counted from the start
/// each time (so the end of a month stays the end of a month where it can).
pub fn due_date(start: NaiveDate, interval: u32, k: u32) -> Option<NaiveDate> {
    start.checked_add_months(Months::new(interval.checked_mul(k)?))
}

/// The next due date of a survey every `interval` months from `start`, given the date of the last survey
/// taken (if any), with whether it is overdue on `today` (due before today and not yet taken).
pub fn next_due(start: NaiveDate, interval: u32, last: Option<NaiveDate>, today: NaiveDate) -> Option<SurveyDue> {
    let mut k = 1u32;
    loop {
        let due = due_date(start, interval, k)?;
        let counted = last.is_some_and(|l| due - chrono::Duration::days(EARLY_DAYS) <= l);
        if !counted {
            return Some(SurveyDue { next_due: due, overdue: due < today });
        }
        k = k.checked_add(1)?;
    }
}

/// When the next survey is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SurveyDue {
    /// The next due date.
    pub next_due: NaiveDate,
    /// Due before today and not yet taken.
    pub overdue: bool,
}

fn score(errors: &mut Errors, name: &str, value: Option<u8>) -> i16 {
    match value {
        Some(v) if (SCORE_MIN..=SCORE_MAX).contains(&v) => i16::from(v),
        Some(_) => {
            errors.add(name, "out_of_range", "een cijfer van 1 tot en met 10");
            0
        }
        None => {
            errors.add(name, "required", "dit veld is verplicht");
            0
        }
    }
}

fn comment(errors: &mut Errors, value: &str) -> String {
    let cleaned = crate::text::clean(value);
    if cleaned.chars().count() > COMMENT_MAX {
        errors.add("comment", "too_long", format!("maximaal {COMMENT_MAX} tekens"));
    }
    cleaned
}

fn surveyed_on(errors: &mut Errors, value: Option<NaiveDate>, today: NaiveDate) -> NaiveDate {
    let day = value.unwrap_or(today);
    if day > today {
        errors.add("surveyedOn", "in_future", "niet na vandaag");
    }
    day
}

/// An employee's survey: wellbeing, income, work and social contacts, each 1-10, and a free comment.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SaveEmployeeSurvey {
    /// The day the survey was taken, not after today (default today) and not before the contract's start.
    pub surveyed_on: Option<NaiveDate>,
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false, minimum = 1, maximum = 10))]
    pub wellbeing: Option<u8>,
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false, minimum = 1, maximum = 10))]
    pub income: Option<u8>,
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false, minimum = 1, maximum = 10))]
    pub work: Option<u8>,
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false, minimum = 1, maximum = 10))]
    pub social_contacts: Option<u8>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub comment: String,
}

/// The checked scores of an employee's survey: wellbeing, income, work, social contacts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmployeeScores {
    pub surveyed_on: NaiveDate,
    pub wellbeing: i16,
    pub income: i16,
    pub work: i16,
    pub social_contacts: i16,
    pub comment: String,
}

impl SaveEmployeeSurvey {
    /// Every field error at once, or the checked survey; `start` is the contract's first day.
    pub fn check(
        &self,
        start: NaiveDate,
        today: NaiveDate,
    ) -> Result<EmployeeScores, Vec<crate::problem::InvalidParam>> {
        let mut errors = Errors::default();
        let day = surveyed_on(&mut errors, self.surveyed_on, today);
        if day < start {
            errors.add("surveyedOn", "before_start", "niet voor het begin van het contract");
        }
        let checked = EmployeeScores {
            surveyed_on: day,
            wellbeing: score(&mut errors, "wellbeing", self.wellbeing),
            income: score(&mut errors, "income", self.income),
            work: score(&mut errors, "work", self.work),
            social_contacts: score(&mut errors, "socialContacts", self.social_contacts),
            comment: comment(&mut errors, &self.comment),
        };
        errors.finish(checked)
    }
}

/// An organisation's survey: satisfaction and the effect on the neighbourhood, each 1-10, and a comment.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SaveOrganisationSurvey {
    /// The day the survey was taken, not after today (default today).
    pub surveyed_on: Option<NaiveDate>,
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false, minimum = 1, maximum = 10))]
    pub satisfaction: Option<u8>,
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false, minimum = 1, maximum = 10))]
    pub neighbourhood_effect: Option<u8>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub comment: String,
}

/// The checked scores of an organisation's survey.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganisationScores {
    pub surveyed_on: NaiveDate,
    pub satisfaction: i16,
    pub neighbourhood_effect: i16,
    pub comment: String,
}

impl SaveOrganisationSurvey {
    /// Every field error at once, or the checked survey.
    pub fn check(&self, today: NaiveDate) -> Result<OrganisationScores, Vec<crate::problem::InvalidParam>> {
        let mut errors = Errors::default();
        let checked = OrganisationScores {
            surveyed_on: surveyed_on(&mut errors, self.surveyed_on, today),
            satisfaction: score(&mut errors, "satisfaction", self.satisfaction),
            neighbourhood_effect: score(&mut errors, "neighbourhoodEffect", self.neighbourhood_effect),
            comment: comment(&mut errors, &self.comment),
        };
        errors.finish(checked)
    }
}

/// An employee's survey as recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct EmployeeSurvey {
    pub id: Uuid,
    pub contract_id: Uuid,
    pub candidate_id: Uuid,
    pub surveyed_on: NaiveDate,
    pub wellbeing: u8,
    pub income: u8,
    pub work: u8,
    pub social_contacts: u8,
    pub comment: String,
    /// Who entered it (a user's name or an API client's id).
    pub entered_by: Option<String>,
    /// `staff`, `partner`, `api_client` or `system`.
    pub actor_kind: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// An organisation's survey as recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct OrganisationSurvey {
    pub id: Uuid,
    pub organisation_id: Uuid,
    pub surveyed_on: NaiveDate,
    pub satisfaction: u8,
    pub neighbourhood_effect: u8,
    pub comment: String,
    pub entered_by: Option<String>,
    pub actor_kind: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// A contract's employee surveys, newest first, with when the next is due (none unless the contract is
/// active).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct EmployeeSurveys {
    pub due: Option<SurveyDue>,
    pub items: Vec<EmployeeSurvey>,
}

/// An organisation's surveys, newest first, with when the next is due (none while it has no placement).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct OrganisationSurveys {
    pub due: Option<SurveyDue>,
    pub items: Vec<OrganisationSurvey>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn due_dates_count_from_the_start_and_keep_the_end_of_the_month() {
        assert_eq!(due_date(d("2026-01-31"), 3, 1), Some(d("2026-04-30")));
        assert_eq!(due_date(d("2026-01-31"), 3, 2), Some(d("2026-07-31")));
        assert_eq!(due_date(d("2026-11-30"), 3, 1), Some(d("2027-02-28")));
        assert_eq!(due_date(d("2026-11-30"), 3, 2), Some(d("2027-05-30")));
        assert_eq!(due_date(d("2027-08-29"), 6, 1), Some(d("2028-02-29")));
    }

    #[test]
    fn the_first_survey_is_due_one_interval_after_the_start() {
        let start = d("2026-01-15");
        let due = next_due(start, 3, None, d("2026-04-15")).unwrap();
        assert_eq!(due, SurveyDue { next_due: d("2026-04-15"), overdue: false }, "due today is not overdue");
        let due = next_due(start, 3, None, d("2026-04-16")).unwrap();
        assert_eq!(due, SurveyDue { next_due: d("2026-04-15"), overdue: true }, "a day later it is");
        assert_eq!(next_due(start, 6, None, d("2026-02-01")).unwrap().next_due, d("2026-07-15"));
    }

    #[test]
    fn a_survey_counts_from_fourteen_days_before_its_due_date() {
        let start = d("2026-01-15");
        // 14 days early counts; 15 days early does not.
        let counted = next_due(start, 3, Some(d("2026-04-01")), d("2026-04-02")).unwrap();
        assert_eq!(counted.next_due, d("2026-07-15"));
        let early = next_due(start, 3, Some(d("2026-03-31")), d("2026-04-02")).unwrap();
        assert_eq!(early.next_due, d("2026-04-15"));
        // A late survey covers every due date up to it; the next one stays on the start's rhythm.
        let late = next_due(start, 3, Some(d("2026-08-01")), d("2026-08-02")).unwrap();
        assert_eq!(late, SurveyDue { next_due: d("2026-10-15"), overdue: false });
        let missed = next_due(start, 3, Some(d("2026-04-15")), d("2026-07-16")).unwrap();
        assert_eq!(missed, SurveyDue { next_due: d("2026-07-15"), overdue: true });
    }

    #[test]
    fn scores_are_one_to_ten_and_every_error_is_named() {
        let today = d("2026-11-28");
        let start = d("2026-09-01");
        let good = SaveEmployeeSurvey {
            surveyed_on: None,
            wellbeing: Some(1),
            income: Some(10),
            work: Some(7),
            social_contacts: Some(5),
            comment: " Gaat goed ".into(),
        };
        let checked = good.check(start, today).unwrap();
        assert_eq!((checked.surveyed_on, checked.wellbeing, checked.income), (today, 1, 10));
        assert_eq!(checked.comment, "Gaat goed");
        let bad = SaveEmployeeSurvey {
            surveyed_on: Some(d("2026-11-29")),
            wellbeing: Some(0),
            income: Some(11),
            work: None,
            social_contacts: Some(10),
            comment: "x".repeat(COMMENT_MAX + 1),
        };
        let names: Vec<String> = bad.check(start, today).unwrap_err().into_iter().map(|p| p.name).collect();
        assert_eq!(names, ["surveyedOn", "wellbeing", "income", "work", "comment"]);
        let before = SaveEmployeeSurvey { surveyed_on: Some(d("2026-08-31")), ..good.clone() };
        let names: Vec<String> = before.check(start, today).unwrap_err().into_iter().map(|p| p.name).collect();
        assert_eq!(names, ["surveyedOn"]);
        let organisation = SaveOrganisationSurvey {
            surveyed_on: None,
            satisfaction: Some(11),
            neighbourhood_effect: None,
            comment: String::new(),
        };
        let names: Vec<String> = organisation.check(today).unwrap_err().into_iter().map(|p| p.name).collect();
        assert_eq!(names, ["satisfaction", "neighbourhoodEffect"]);
    }
}
