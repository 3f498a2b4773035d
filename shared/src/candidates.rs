//! Candidates: the rules of PRODUCT.md §1 that both sides need: the BSN 11-check and its mask, the Dutch
//! postcode, the status machine with its exit reasons, and the wage-earning criteria of the sheltered-work
//! company (seed 003: at least 12 hours a week; a wage value of at least 30 % now or within 6 months).

use serde::{Deserialize, Serialize};

/// Whether `value` is a valid BSN: nine digits, not all zero, passing the 11-check
/// (9·d1 + 8·d2 + … + 2·d8 − 1·d9 divisible by 11).
pub fn is_valid_bsn(value: &str) -> bool {
    let digits: Vec<i64> = value.bytes().filter(u8::is_ascii_digit).map(|b| i64::from(b - b'0')).collect();
    if value.len() != 9 || digits.len() != 9 || digits.iter().all(|d| *d == 0) {
        return false;
    }
    let sum: i64 = digits.iter().zip([9, 8, 7, 6, 5, 4, 3, 2, -1]).map(|(d, w)| d * w).sum();
    sum % 11 == 0
}

/// The BSN as roles without the right to see it get it: `*****1234`.
pub fn mask_bsn(value: &str) -> String {
    let tail: String = value.chars().rev().take(4).collect::<Vec<_>>().into_iter().rev().collect();
    format!("*****{tail}")
}

/// A Dutch postcode normalised to `1234 AB`, or `None` when it is not one. The letter pairs SA, SD and SS
/// are never issued.
pub fn normalise_postcode(value: &str) -> Option<String> {
    let compact: String = value.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
    let bytes = compact.as_bytes();
    if bytes.len() != 6 || !(b'1'..=b'9').contains(&bytes[0]) || !bytes[1..4].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let letters = &compact[4..];
    if !letters.bytes().all(|b| b.is_ascii_uppercase()) || ["SA", "SD", "SS"].contains(&letters) {
        return None;
    }
    Some(format!("{} {}", &compact[..4], letters))
}

/// Where a candidate is in the programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::EnumString)]
#[strum(serialize_all = "snake_case")]
pub enum CandidateStatus {
    Registered,
    Intake,
    Eligible,
    PreTrajectory,
    Matched,
    Employed,
    Exited,
}

impl CandidateStatus {
    /// The status's name in `language` (`Geschikt`, `Eligible`), as the SPA shows it.
    pub fn label(self, language: crate::problem::Language) -> &'static str {
        use crate::problem::Language::{En, Nl};
        match (language, self) {
            (Nl, CandidateStatus::Registered) => "Aangemeld",
            (Nl, CandidateStatus::Intake) => "Intake",
            (Nl, CandidateStatus::Eligible) => "Geschikt",
            (Nl, CandidateStatus::PreTrajectory) => "Voortraject",
            (Nl, CandidateStatus::Matched) => "Gekoppeld",
            (Nl, CandidateStatus::Employed) => "In dienst",
            (Nl, CandidateStatus::Exited) => "Uitgestroomd",
            (En, CandidateStatus::Registered) => "Registered",
            (En, CandidateStatus::Intake) => "Intake",
            (En, CandidateStatus::Eligible) => "Eligible",
            (En, CandidateStatus::PreTrajectory) => "Pre-trajectory",
            (En, CandidateStatus::Matched) => "Matched",
            (En, CandidateStatus::Employed) => "Employed",
            (En, CandidateStatus::Exited) => "Exited",
        }
    }

    pub const ALL: [CandidateStatus; 7] = [
        CandidateStatus::Registered,
        CandidateStatus::Intake,
        CandidateStatus::Eligible,
        CandidateStatus::PreTrajectory,
        CandidateStatus::Matched,
        CandidateStatus::Employed,
        CandidateStatus::Exited,
    ];

    pub fn as_str(self) -> &'static str {
        self.into()
    }

    pub fn parse(value: &str) -> Option<Self> {
        value.parse().ok()
    }
}

/// Why a candidate left the programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ExitReason {
    RegularJob,
    OtherWork,
    Moved,
    Stopped,
    Other,
}

/// Why a status change is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransitionError {
    /// This step does not exist in the status machine.
    NotAllowed {
        from: CandidateStatus,
        to: CandidateStatus,
    },
    /// Leaving the programme needs a reason; no other step takes one.
    ExitReasonRequired,
    ExitReasonNotExpected,
}

/// The one status machine of a candidate:
/// `registered -> intake -> eligible | pre_trajectory -> matched -> employed -> exited`, where a
/// pre-trajectory leads to eligible, a match that falls through returns to eligible, and anyone not yet
/// exited may exit (with a reason).
pub fn check_transition(
    from: CandidateStatus,
    to: CandidateStatus,
    exit_reason: Option<ExitReason>,
) -> Result<(), TransitionError> {
    use CandidateStatus::*;
    let allowed = match (from, to) {
        (Exited, _) => false,
        (_, Exited) => true,
        (Registered, Intake)
        | (Intake, Eligible)
        | (Intake, PreTrajectory)
        | (PreTrajectory, Eligible)
        | (Eligible, Matched)
        | (Matched, Eligible)
        | (Matched, Employed) => true,
        _ => false,
    };
    if !allowed {
        return Err(TransitionError::NotAllowed { from, to });
    }
    match (to, exit_reason) {
        (Exited, None) => Err(TransitionError::ExitReasonRequired),
        (Exited, Some(_)) => Ok(()),
        (_, Some(_)) => Err(TransitionError::ExitReasonNotExpected),
        (_, None) => Ok(()),
    }
}

/// The statuses a candidate in `from` may move to, in the machine's order: what the SPA offers, decided
/// by the same rule as the server's check.
pub fn status_steps(from: CandidateStatus) -> Vec<CandidateStatus> {
    CandidateStatus::ALL
        .into_iter()
        .filter(|to| {
            let reason = (*to == CandidateStatus::Exited).then_some(ExitReason::Other);
            check_transition(from, *to, reason).is_ok()
        })
        .collect()
}

/// A field of a candidate's record that matching needs (see [`REQUIRED_FOR_MATCHING`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub enum MatchingField {
    /// `availableHours`: the hours exclusion and the hours factor of the fit.
    AvailableHours,
    /// `availableDays`: the days exclusion (a package's schedule).
    AvailableDays,
}

impl MatchingField {
    /// The field's name in the API and the form (`availableHours`), as in `CandidateInput`.
    pub fn name(self) -> &'static str {
        match self {
            MatchingField::AvailableHours => "availableHours",
            MatchingField::AvailableDays => "availableDays",
        }
    }

    /// The field's label in `language`, as the form and the candidate's page show it.
    pub fn label(self, language: crate::problem::Language) -> &'static str {
        use crate::problem::Language::{En, Nl};
        match (language, self) {
            (Nl, MatchingField::AvailableHours) => "beschikbare uren per week",
            (Nl, MatchingField::AvailableDays) => "beschikbare dagen",
            (En, MatchingField::AvailableHours) => "available hours per week",
            (En, MatchingField::AvailableDays) => "available days",
        }
    }
}

/// The one list of the fields that matching needs: its hard exclusions test them, so a record without
/// them can never be matched. The SPA's form marks them, the candidate's record answers which are
/// `missing`, the step from `intake` to `eligible` or `pre_trajectory` is refused (400 `incomplete`) while
/// one is, and the matching filter leaves out a candidate that lacks one. (Abilities, wishes and the
/// neighbourhood only weigh in the score: a package may require no ability.)
pub const REQUIRED_FOR_MATCHING: [MatchingField; 2] = [MatchingField::AvailableHours, MatchingField::AvailableDays];

/// What a record holds of the fields of [`REQUIRED_FOR_MATCHING`] (the form's input, or a stored record).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MatchingFacts {
    pub available_hours: Option<u8>,
    pub available_days: usize,
}

impl MatchingFacts {
    /// Whether `field` is filled in: hours given (0 counts), at least one day.
    pub fn has(&self, field: MatchingField) -> bool {
        match field {
            MatchingField::AvailableHours => self.available_hours.is_some(),
            MatchingField::AvailableDays => self.available_days > 0,
        }
    }

    /// The fields of [`REQUIRED_FOR_MATCHING`] that are missing, in the list's order.
    pub fn missing(&self) -> Vec<MatchingField> {
        REQUIRED_FOR_MATCHING.into_iter().filter(|f| !self.has(*f)).collect()
    }
}

/// Whether the step from `from` to `to` completes the intake: the steps that need every field of
/// [`REQUIRED_FOR_MATCHING`] (from `intake` to `eligible` or `pre_trajectory`).
pub fn completes_intake(from: CandidateStatus, to: CandidateStatus) -> bool {
    from == CandidateStatus::Intake && matches!(to, CandidateStatus::Eligible | CandidateStatus::PreTrajectory)
}

/// The number of whole days since availability was confirmed, on `today` (0 for today; `None` if never).
pub fn availability_age_days(confirmed_on: Option<chrono::NaiveDate>, today: chrono::NaiveDate) -> Option<i64> {
    confirmed_on.map(|day| (today - day).num_days().max(0))
}

/// Met, not met, or not known yet (a field is missing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CriterionOutcome {
    Met,
    NotMet,
    Unknown,
}

/// One wage-earning criterion with its outcome and the reason, for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Criterion {
    /// `hours` or `wage_value`.
    pub name: String,
    pub outcome: CriterionOutcome,
    pub reason: String,
}

pub const MIN_HOURS_PER_WEEK: u8 = 12;
pub const MIN_WAGE_VALUE_PCT: u8 = 30;

/// The criteria for wage-earning work (seed 003): at least 12 hours a week, and a wage value of at least
/// 30 % now or expected within 6 months.
pub fn wage_earning_criteria(
    available_hours: Option<u8>,
    wage_value_pct: Option<u8>,
    expected_wage_value_pct_in_6_months: Option<u8>,
) -> Vec<Criterion> {
    let hours = match available_hours {
        None => (CriterionOutcome::Unknown, "beschikbare uren zijn nog niet vastgelegd".to_owned()),
        Some(h) if h >= MIN_HOURS_PER_WEEK => {
            (CriterionOutcome::Met, format!("{h} uur per week beschikbaar (minimaal {MIN_HOURS_PER_WEEK})"))
        }
        Some(h) => (CriterionOutcome::NotMet, format!("{h} uur per week beschikbaar, minder dan {MIN_HOURS_PER_WEEK}")),
    };
    let wage = match (wage_value_pct, expected_wage_value_pct_in_6_months) {
        (Some(now), _) if now >= MIN_WAGE_VALUE_PCT => {
            (CriterionOutcome::Met, format!("loonwaarde nu {now}% (minimaal {MIN_WAGE_VALUE_PCT}%)"))
        }
        (_, Some(later)) if later >= MIN_WAGE_VALUE_PCT => {
            (CriterionOutcome::Met, format!("loonwaarde binnen 6 maanden naar verwachting {later}%"))
        }
        (None, None) => (CriterionOutcome::Unknown, "loonwaarde is nog niet vastgesteld".to_owned()),
        (Some(now), None) => (
            CriterionOutcome::Unknown,
            format!("loonwaarde nu {now}%; de verwachting over 6 maanden is nog niet vastgelegd"),
        ),
        (_, Some(later)) => (
            CriterionOutcome::NotMet,
            format!("loonwaarde ook over 6 maanden naar verwachting {later}%, minder dan {MIN_WAGE_VALUE_PCT}%"),
        ),
    };
    vec![
        Criterion { name: "hours".into(), outcome: hours.0, reason: hours.1 },
        Criterion { name: "wage_value".into(), outcome: wage.0, reason: wage.1 },
    ]
}

#[cfg(test)]
mod tests {
    use super::CandidateStatus::*;
    use super::*;

    #[test]
    fn the_offered_steps_are_the_allowed_ones() {
        assert_eq!(status_steps(Registered), vec![Intake, Exited]);
        assert_eq!(status_steps(Intake), vec![Eligible, PreTrajectory, Exited]);
        assert_eq!(status_steps(Matched), vec![Eligible, Employed, Exited]);
        assert!(status_steps(Exited).is_empty());
    }

    #[test]
    fn missing_fields_follow_the_one_list() {
        let empty = MatchingFacts::default();
        assert_eq!(empty.missing(), REQUIRED_FOR_MATCHING.to_vec());
        let full = MatchingFacts { available_hours: Some(0), available_days: 1 };
        assert!(full.missing().is_empty());
        let no_days = MatchingFacts { available_days: 0, ..full };
        assert_eq!(no_days.missing(), vec![MatchingField::AvailableDays]);
        assert_eq!(MatchingField::AvailableDays.name(), "availableDays");
        assert_eq!(serde_json::to_value(MatchingField::AvailableHours).unwrap(), "availableHours");
    }

    #[test]
    fn only_the_end_of_intake_needs_the_fields() {
        for from in CandidateStatus::ALL {
            for to in CandidateStatus::ALL {
                let expected = from == Intake && (to == Eligible || to == PreTrajectory);
                assert_eq!(completes_intake(from, to), expected, "{from:?} -> {to:?}");
            }
        }
    }

    #[test]
    fn availability_age_counts_whole_days() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        assert_eq!(availability_age_days(None, today), None);
        assert_eq!(availability_age_days(Some(today), today), Some(0));
        assert_eq!(availability_age_days(today.pred_opt(), today), Some(1));
    }

    #[test]
    fn bsn_eleven_check() {
        for (bsn, valid) in [
            ("111222333", true),
            ("123456782", true),
            ("999999990", true),
            ("111222334", false),
            ("123456789", false),
            ("000000000", false),
            ("12345678", false),
            ("1234567820", false),
            ("12345678a", false),
            (" 23456782", false),
        ] {
            assert_eq!(is_valid_bsn(bsn), valid, "{bsn}");
        }
    }

    #[test]
    fn bsn_mask_keeps_the_last_four_digits() {
        assert_eq!(mask_bsn("123456782"), "*****6782");
    }

    #[test]
    fn postcodes() {
        assert_eq!(normalise_postcode("9711 ab").as_deref(), Some("9711 AB"));
        assert_eq!(normalise_postcode("9711AB").as_deref(), Some("9711 AB"));
        for bad in ["0711 AB", "971 AB", "9711 A1", "9711 SS", "9711 SA", "97111 AB", ""] {
            assert_eq!(normalise_postcode(bad), None, "{bad}");
        }
    }

    #[test]
    fn every_allowed_transition_passes() {
        let allowed = [
            (Registered, Intake),
            (Intake, Eligible),
            (Intake, PreTrajectory),
            (PreTrajectory, Eligible),
            (Eligible, Matched),
            (Matched, Eligible),
            (Matched, Employed),
        ];
        for (from, to) in allowed {
            assert_eq!(check_transition(from, to, None), Ok(()), "{from:?} -> {to:?}");
        }
        for from in [Registered, Intake, Eligible, PreTrajectory, Matched, Employed] {
            assert_eq!(check_transition(from, Exited, Some(ExitReason::Moved)), Ok(()), "{from:?} -> exited");
        }
    }

    #[test]
    fn every_other_transition_is_refused() {
        let allowed = [
            (Registered, Intake),
            (Intake, Eligible),
            (Intake, PreTrajectory),
            (PreTrajectory, Eligible),
            (Eligible, Matched),
            (Matched, Eligible),
            (Matched, Employed),
        ];
        for from in CandidateStatus::ALL {
            for to in CandidateStatus::ALL {
                if allowed.contains(&(from, to)) || (to == Exited && from != Exited) {
                    continue;
                }
                let reason = (to == Exited).then_some(ExitReason::Other);
                assert_eq!(
                    check_transition(from, to, reason),
                    Err(TransitionError::NotAllowed { from, to }),
                    "{from:?} -> {to:?}"
                );
            }
        }
    }

    #[test]
    fn exit_needs_a_reason_and_nothing_else_takes_one() {
        assert_eq!(check_transition(Employed, Exited, None), Err(TransitionError::ExitReasonRequired));
        assert_eq!(
            check_transition(Registered, Intake, Some(ExitReason::Moved)),
            Err(TransitionError::ExitReasonNotExpected)
        );
    }

    #[test]
    fn wage_earning_criteria_outcomes() {
        let outcomes = |h, now, later| -> Vec<CriterionOutcome> {
            wage_earning_criteria(h, now, later).into_iter().map(|c| c.outcome).collect()
        };
        assert_eq!(outcomes(Some(12), Some(30), None), vec![CriterionOutcome::Met, CriterionOutcome::Met]);
        assert_eq!(outcomes(Some(11), Some(20), Some(35)), vec![CriterionOutcome::NotMet, CriterionOutcome::Met]);
        assert_eq!(outcomes(None, Some(20), Some(25)), vec![CriterionOutcome::Unknown, CriterionOutcome::NotMet]);
        assert_eq!(outcomes(Some(32), None, None), vec![CriterionOutcome::Met, CriterionOutcome::Unknown]);
        assert_eq!(outcomes(Some(32), Some(20), None), vec![CriterionOutcome::Met, CriterionOutcome::Unknown]);
    }
}

pub use wire::*;

/// The candidate's wire types: what staff send and read.
mod wire {
    use chrono::{DateTime, Datelike, NaiveDate, Utc};
    use rust_decimal::Decimal;
    use serde::{Deserialize, Serialize};
    use uuid::Uuid;

    use super::{CandidateStatus, Criterion, ExitReason, is_valid_bsn, normalise_postcode};
    use crate::problem::InvalidParam;
    use crate::reference::PhysicalDemand;
    use crate::validation::Errors;

    /// Where a candidate comes from (seed 004: the three "card trays", and other).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "snake_case")]
    #[derive(strum::IntoStaticStr, strum::EnumString)]
    #[strum(serialize_all = "snake_case")]
    pub enum Source {
        /// Participatiewet, via the municipality.
        Participatiewet,
        /// Wajong, via UWV.
        Wajong,
        /// Wsw, via a sheltered-work company.
        Wsw,
        Other,
    }

    impl Source {
        pub const ALL: [Source; 4] = [Source::Participatiewet, Source::Wajong, Source::Wsw, Source::Other];

        /// What a client reads when the source was left out of an answer (a role that may not see it).
        pub fn unknown() -> Source {
            Source::Other
        }
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
    pub enum BenefitKind {
        /// Bijstand under the Participatiewet.
        Bijstand,
        Wajong,
        Ww,
        Wia,
        None,
        Other,
    }

    impl BenefitKind {
        pub const ALL: [BenefitKind; 6] = [
            BenefitKind::Bijstand,
            BenefitKind::Wajong,
            BenefitKind::Ww,
            BenefitKind::Wia,
            BenefitKind::None,
            BenefitKind::Other,
        ];
        pub fn as_str(self) -> &'static str {
            self.into()
        }
        pub fn parse(value: &str) -> Option<Self> {
            value.parse().ok()
        }
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "snake_case")]
    #[derive(strum::IntoStaticStr, strum::EnumString)]
    #[strum(serialize_all = "snake_case")]
    pub enum Weekday {
        Mon,
        Tue,
        Wed,
        Thu,
        Fri,
        Sat,
        Sun,
    }

    impl Weekday {
        /// The day's name in `language` (`maandag`, `Monday`).
        pub fn label(self, language: crate::problem::Language) -> &'static str {
            let nl = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"];
            let en = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
            let index = self as usize;
            if language == crate::problem::Language::Nl { nl[index] } else { en[index] }
        }

        pub const ALL: [Weekday; 7] =
            [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun];
        pub fn as_str(self) -> &'static str {
            self.into()
        }
        pub fn parse(value: &str) -> Option<Self> {
            value.parse().ok()
        }
    }

    /// An ability with the candidate's level, 1 (beginner) to 4 (independent and able to teach).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "camelCase")]
    pub struct CandidateAbility {
        pub ability_id: Uuid,
        #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 4))]
        pub level: u8,
    }

    pub const MAX_HOURS_PER_WEEK: u8 = 40;
    pub const MIN_AGE: i32 = 15;
    pub const MAX_AGE: i32 = 67;

    /// `POST /candidates` and `PUT /candidates/{id}` (with `version`): everything staff record.
    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(default, rename_all = "camelCase")]
    pub struct CandidateInput {
        #[cfg_attr(
            feature = "openapi",
            schema(required = true, nullable = false, min_length = 1, max_length = 100, pattern = r"\S")
        )]
        pub first_name: String,
        #[cfg_attr(
            feature = "openapi",
            schema(required = true, nullable = false, min_length = 1, max_length = 100, pattern = r"\S")
        )]
        pub last_name: String,
        #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
        pub date_of_birth: Option<NaiveDate>,
        /// Burgerservicenummer: 9 digits passing the 11-check; unique.
        #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
        pub bsn: String,
        pub email: String,
        #[cfg_attr(feature = "openapi", schema(max_length = 30))]
        pub phone: String,
        /// Dutch postcode, `1234 AB`.
        pub postcode: String,
        pub house_number: String,
        /// Derived from the postcode when left out.
        pub neighbourhood_id: Option<Uuid>,
        #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
        pub source: Option<Source>,
        /// Registered in the national target-group register (doelgroepregister).
        pub target_group_register: bool,
        pub benefit_kind: Option<BenefitKind>,
        /// Euros per month, e.g. `"1250.00"`.
        pub benefit_monthly_amount: Option<Decimal>,
        /// Why regular work is out of reach: the history of activities.
        #[cfg_attr(feature = "openapi", schema(max_length = 4000))]
        pub regular_work_evidence: String,
        /// 0-40.
        #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 40))]
        pub available_hours: Option<u8>,
        /// The hours per week the candidate wishes to work, 0-40; when absent, the available hours count as
        /// the wish (the fit's hours factor).
        #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 40))]
        pub wished_hours_per_week: Option<u8>,
        pub available_days: Vec<Weekday>,
        pub abilities: Vec<CandidateAbility>,
        /// Physical demands the candidate cannot meet (health data).
        pub physical_limitations: Vec<PhysicalDemand>,
        /// Other limitations in words (health data).
        #[cfg_attr(feature = "openapi", schema(max_length = 4000))]
        pub limitation_notes: String,
        pub wish_category_ids: Vec<Uuid>,
        pub wish_neighbourhood_id: Option<Uuid>,
        /// The "dream job", in the candidate's own words.
        #[cfg_attr(feature = "openapi", schema(max_length = 1000))]
        pub dream_job: String,
        /// Wage value now, 0-100 %.
        #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100))]
        pub wage_value_pct: Option<u8>,
        /// Wage value expected within 6 months, 0-100 %.
        #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100))]
        pub expected_wage_value_pct: Option<u8>,
        /// Required when changing: the version that was read.
        pub version: Option<i32>,
    }

    fn age_on(birth: NaiveDate, day: NaiveDate) -> i32 {
        let mut age = day.year() - birth.year();
        if (day.month(), day.day()) < (birth.month(), birth.day()) {
            age -= 1;
        }
        age
    }

    pub fn age(birth: NaiveDate, today: NaiveDate) -> i32 {
        age_on(birth, today)
    }

    impl CandidateInput {
        /// The fields (by their JSON names, sorted) whose value in `self` differs from `original`: the
        /// edits a person made to the record they read.
        pub fn changed_against(&self, original: &CandidateInput) -> Vec<String> {
            let (mine, before) = (as_object(self), as_object(original));
            let mut changed: Vec<String> = mine
                .iter()
                .filter(|(field, value)| field.as_str() != "version" && before.get(field.as_str()) != Some(*value))
                .map(|(field, _)| field.clone())
                .collect();
            changed.sort();
            changed
        }

        /// Re-applies a person's edits on a newer version of the record: `newer` (the record as it is now)
        /// with every field that `mine` changed against `original` (the version the person read) taken from
        /// `mine`, and `newer`'s version. Fields the person did not touch keep the newer values.
        pub fn reapplied(original: &CandidateInput, mine: &CandidateInput, newer: &CandidateInput) -> CandidateInput {
            let own = as_object(mine);
            let mut merged = as_object(newer);
            for field in mine.changed_against(original) {
                if let Some(value) = own.get(&field) {
                    merged.insert(field, value.clone());
                }
            }
            merged.insert("version".to_owned(), serde_json::json!(newer.version));
            serde_json::from_value(serde_json::Value::Object(merged)).unwrap_or_else(|_| newer.clone())
        }
    }

    fn as_object(input: &CandidateInput) -> serde_json::Map<String, serde_json::Value> {
        match serde_json::to_value(input) {
            Ok(serde_json::Value::Object(map)) => map,
            _ => serde_json::Map::new(),
        }
    }

    impl CandidateInput {
        /// Every field rule at once. References (neighbourhood, abilities, categories) and BSN uniqueness are
        /// checked by the server.
        pub fn validate(&self, today: NaiveDate) -> Result<(), Vec<InvalidParam>> {
            let mut errors = Errors::default();
            errors.text("firstName", &self.first_name, 100);
            errors.text("lastName", &self.last_name, 100);
            match self.date_of_birth {
                None => errors.add("dateOfBirth", "required", "vul de geboortedatum in"),
                Some(birth) if birth >= today => {
                    errors.add("dateOfBirth", "in_future", "de geboortedatum ligt niet in het verleden")
                }
                Some(birth) if !(MIN_AGE..=MAX_AGE).contains(&age_on(birth, today)) => errors.add(
                    "dateOfBirth",
                    "age_out_of_range",
                    format!("de leeftijd ligt tussen {MIN_AGE} en {MAX_AGE} jaar"),
                ),
                Some(_) => {}
            }
            let bsn = self.bsn.trim();
            if bsn.is_empty() {
                errors.add("bsn", "required", "vul het BSN in");
            } else if !is_valid_bsn(bsn) {
                errors.add("bsn", "eleven_check", "dit is geen geldig BSN (9 cijfers, elfproef)");
            }
            if self.email.trim().chars().count() > crate::validation::EMAIL_MAX {
                errors.add("email", "too_long", format!("maximaal {} tekens", crate::validation::EMAIL_MAX));
            } else if !self.email.trim().is_empty() && !looks_like_email(self.email.trim()) {
                errors.add("email", "pattern", "dit is geen e-mailadres");
            }
            if self.phone.chars().count() > 30 {
                errors.add("phone", "too_long", "maximaal 30 tekens");
            }
            if normalise_postcode(&self.postcode).is_none() {
                errors.add("postcode", "pattern", "een postcode is 4 cijfers en 2 letters, zoals 9711 AB");
            }
            errors.text("houseNumber", &self.house_number, 10);
            if self.source.is_none() {
                errors.add("source", "required", "kies de bron");
            }
            if let Some(amount) = self.benefit_monthly_amount {
                if amount.is_sign_negative() || amount > Decimal::from(100_000) {
                    errors.add("benefitMonthlyAmount", "out_of_range", "een bedrag tussen 0 en 100.000 euro");
                } else if amount.scale() > 2 {
                    errors.add("benefitMonthlyAmount", "precision", "hoogstens twee decimalen");
                }
            }
            if let Some(hours) = self.available_hours
                && hours > MAX_HOURS_PER_WEEK
            {
                errors.add("availableHours", "out_of_range", format!("tussen 0 en {MAX_HOURS_PER_WEEK} uur per week"));
            }
            if let Some(hours) = self.wished_hours_per_week
                && hours > MAX_HOURS_PER_WEEK
            {
                errors.add(
                    "wishedHoursPerWeek",
                    "out_of_range",
                    format!("tussen 0 en {MAX_HOURS_PER_WEEK} uur per week"),
                );
            }
            for (index, ability) in self.abilities.iter().enumerate() {
                if !(1..=4).contains(&ability.level) {
                    errors.add(format!("abilities[{index}].level"), "out_of_range", "een niveau van 1 tot en met 4");
                }
            }
            let mut ids: Vec<_> = self.abilities.iter().map(|a| a.ability_id).collect();
            ids.sort();
            if ids.windows(2).any(|w| w[0] == w[1]) {
                errors.add("abilities", "duplicate", "elke vaardigheid één keer");
            }
            for (name, value) in
                [("wageValuePct", self.wage_value_pct), ("expectedWageValuePct", self.expected_wage_value_pct)]
            {
                if value.is_some_and(|v| v > 100) {
                    errors.add(name, "out_of_range", "een percentage van 0 tot en met 100");
                }
            }
            for (name, value, max) in [
                ("regularWorkEvidence", &self.regular_work_evidence, 4000),
                ("limitationNotes", &self.limitation_notes, 4000),
                ("dreamJob", &self.dream_job, 1000),
            ] {
                if value.chars().count() > max {
                    errors.add(name, "too_long", format!("maximaal {max} tekens"));
                }
            }
            errors.finish(())
        }
    }

    fn looks_like_email(value: &str) -> bool {
        let Some((local, domain)) = value.split_once('@') else { return false };
        !local.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !value.contains(' ')
    }

    /// The benefit the candidate had before (hidden from finance and partners).
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "camelCase")]
    pub struct Benefit {
        pub kind: Option<BenefitKind>,
        pub monthly_amount: Option<Decimal>,
    }

    /// A candidate as one role may see it. Fields the role may not see are left out and named in
    /// `hiddenFields` (the server's field-visibility table: finance sees only the id, names, municipality,
    /// status and benefit); the BSN is masked (`*****1234`) unless `bsnMasked` is false.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "camelCase")]
    pub struct Candidate {
        pub id: Uuid,
        pub municipality_id: Uuid,
        pub first_name: String,
        pub last_name: String,
        #[serde(default)]
        pub date_of_birth: Option<NaiveDate>,
        #[serde(default)]
        pub age: Option<i32>,
        #[serde(default)]
        pub bsn: String,
        #[serde(default)]
        pub bsn_masked: bool,
        #[serde(default)]
        pub email: String,
        #[serde(default)]
        pub phone: String,
        #[serde(default)]
        pub postcode: String,
        #[serde(default)]
        pub house_number: String,
        #[serde(default)]
        pub neighbourhood_id: Option<Uuid>,
        #[serde(default)]
        pub neighbourhood_name: Option<String>,
        #[serde(default = "Source::unknown")]
        pub source: Source,
        #[serde(default)]
        pub target_group_register: bool,
        pub benefit: Option<Benefit>,
        #[serde(default)]
        pub regular_work_evidence: Option<String>,
        #[serde(default)]
        pub available_hours: Option<u8>,
        #[serde(default)]
        pub wished_hours_per_week: Option<u8>,
        #[serde(default)]
        pub available_days: Vec<Weekday>,
        /// When availability (hours and days) was last confirmed with the person, by its own action
        /// (`POST /candidates/{id}/availability-confirmation`); a save of the record does not confirm it.
        #[serde(default)]
        pub availability_confirmed_at: Option<DateTime<Utc>>,
        /// Who confirmed it last.
        #[serde(default)]
        pub availability_confirmed_by: Option<String>,
        /// The fields of `REQUIRED_FOR_MATCHING` that this record lacks: intake cannot be completed (and
        /// matching passes the person by) until they are filled in.
        #[serde(default)]
        pub missing: Vec<super::MatchingField>,
        #[serde(default)]
        pub abilities: Vec<CandidateAbility>,
        #[serde(default)]
        pub physical_limitations: Option<Vec<PhysicalDemand>>,
        #[serde(default)]
        pub limitation_notes: Option<String>,
        #[serde(default)]
        pub wish_category_ids: Vec<Uuid>,
        #[serde(default)]
        pub wish_neighbourhood_id: Option<Uuid>,
        #[serde(default)]
        pub dream_job: String,
        #[serde(default)]
        pub wage_value_pct: Option<u8>,
        #[serde(default)]
        pub expected_wage_value_pct: Option<u8>,
        pub status: CandidateStatus,
        #[serde(default)]
        pub exit_reason: Option<ExitReason>,
        /// Whether the candidate meets the criteria for wage-earning work, criterion by criterion.
        #[serde(default)]
        pub wage_earning_criteria: Vec<Criterion>,
        /// The fields this caller's role may not see.
        pub hidden_fields: Vec<String>,
        #[serde(default)]
        pub created_at: DateTime<Utc>,
        #[serde(default)]
        pub updated_at: DateTime<Utc>,
        #[serde(default)]
        pub version: i32,
    }

    /// A row of the candidate list (never the BSN or health data); a field the caller's role may not see is
    /// left out.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "camelCase")]
    pub struct CandidateSummary {
        pub id: Uuid,
        pub first_name: String,
        pub last_name: String,
        #[serde(default)]
        pub postcode: String,
        #[serde(default)]
        pub neighbourhood_id: Option<Uuid>,
        #[serde(default)]
        pub neighbourhood_name: Option<String>,
        #[serde(default = "Source::unknown")]
        pub source: Source,
        #[serde(default)]
        pub target_group_register: bool,
        pub status: CandidateStatus,
        #[serde(default)]
        pub available_hours: Option<u8>,
        #[serde(default)]
        pub updated_at: DateTime<Utc>,
    }

    /// `POST /candidates/search`: filters and a search term that may hold personal data (name, postcode
    /// or BSN), so it travels in the body, never in the URL.
    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(default, rename_all = "camelCase")]
    pub struct CandidateSearch {
        /// Part of a name, a postcode, or a whole BSN.
        #[cfg_attr(feature = "openapi", schema(max_length = 100))]
        pub query: String,
        pub status: Option<CandidateStatus>,
        pub neighbourhood_id: Option<Uuid>,
        pub source: Option<Source>,
        pub target_group_register: Option<bool>,
        /// Only people whose availability was last confirmed this many whole days ago or longer, or never.
        #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 36500))]
        pub availability_older_than_days: Option<u32>,
        pub page: Option<u64>,
        pub page_size: Option<u64>,
        /// `lastName`, `status`, `updatedAt` or `createdAt`; prefix `-` for descending.
        #[cfg_attr(feature = "openapi", schema(schema_with = nullable_sort_schema))]
        pub sort: Option<String>,
    }

    /// What a candidate list sorts by (`sort`, with `-` for descending; see `crate::paging::parse_sort`).
    pub const SORT_KEYS: [&str; 4] = ["lastName", "status", "updatedAt", "createdAt"];

    /// The documented values of a candidate list's `sort`.
    #[cfg(feature = "openapi")]
    pub fn sort_schema() -> utoipa::openapi::schema::Object {
        crate::paging::sort_schema(&SORT_KEYS)
    }

    /// The documented values of `sort` in a search's body (`null`: the default order).
    #[cfg(feature = "openapi")]
    pub fn nullable_sort_schema() -> utoipa::openapi::schema::Object {
        crate::paging::nullable_sort_schema(&SORT_KEYS)
    }

    /// `POST /candidates/{id}/status`.
    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(default, rename_all = "camelCase")]
    pub struct ChangeStatus {
        #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
        pub to: Option<CandidateStatus>,
        /// Why, in words (required).
        #[cfg_attr(
            feature = "openapi",
            schema(required = true, nullable = false, min_length = 1, max_length = 2000, pattern = r"\S")
        )]
        pub reason: String,
        /// Required when `to` is `exited`.
        pub exit_reason: Option<ExitReason>,
        #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
        pub version: Option<i32>,
    }

    /// One step in a candidate's status history.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "camelCase")]
    pub struct StatusChange {
        pub id: Uuid,
        pub from: Option<CandidateStatus>,
        pub to: CandidateStatus,
        pub reason: String,
        pub exit_reason: Option<ExitReason>,
        pub changed_by: Option<String>,
        pub changed_at: DateTime<Utc>,
    }

    /// Where a change of a candidate's record came from.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "snake_case")]
    pub enum ChangeSource {
        /// A request to the API (the web app or a partner system).
        Api,
        /// A CSV import.
        Import,
        /// The server itself.
        System,
    }

    impl ChangeSource {
        pub fn as_str(self) -> &'static str {
            match self {
                ChangeSource::Api => "api",
                ChangeSource::Import => "import",
                ChangeSource::System => "system",
            }
        }

        pub fn parse(value: &str) -> Option<Self> {
            [ChangeSource::Api, ChangeSource::Import, ChangeSource::System].into_iter().find(|s| s.as_str() == value)
        }
    }

    /// One changed field of a candidate's record: who changed it, when, how, and from what to what.
    /// `GET /candidates/{id}/changes`, newest first.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "camelCase")]
    pub struct FieldChange {
        pub id: Uuid,
        pub changed_at: DateTime<Utc>,
        /// The field's name in the API, e.g. `lastName`, `benefitKind`, `status`.
        pub field: String,
        /// The value before, as text (`null`: empty, or hidden). The BSN is only ever shown masked.
        pub old_value: Option<String>,
        /// The value after, as text (`null`: empty, or hidden).
        pub new_value: Option<String>,
        /// The caller's role may not see this field: it shows as changed, without its values.
        pub values_hidden: bool,
        pub source: ChangeSource,
        /// `staff`, `partner`, `api_client` or `system`.
        pub actor_kind: String,
        /// The username or client id of who changed it.
        pub actor_name: Option<String>,
        pub actor_role: Option<crate::auth::Role>,
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "snake_case")]
    #[derive(strum::IntoStaticStr, strum::EnumString)]
    #[strum(serialize_all = "snake_case")]
    pub enum IntakeKind {
        Conversation,
        Questionnaire,
        Test,
        WorkAssessment,
        Other,
    }

    impl IntakeKind {
        pub const ALL: [IntakeKind; 5] = [
            IntakeKind::Conversation,
            IntakeKind::Questionnaire,
            IntakeKind::Test,
            IntakeKind::WorkAssessment,
            IntakeKind::Other,
        ];
        pub fn as_str(self) -> &'static str {
            self.into()
        }
        pub fn parse(value: &str) -> Option<Self> {
            value.parse().ok()
        }
        /// The kind's name, in Dutch or English.
        pub fn label(self, dutch: bool) -> &'static str {
            match (self, dutch) {
                (IntakeKind::Conversation, true) => "Gesprek",
                (IntakeKind::Questionnaire, true) => "Vragenlijst",
                (IntakeKind::Test, true) => "Test (zoals de Talentenscan)",
                (IntakeKind::WorkAssessment, true) => "Arbeidsonderzoek",
                (IntakeKind::Other, true) => "Anders",
                (IntakeKind::Conversation, false) => "Conversation",
                (IntakeKind::Questionnaire, false) => "Questionnaire",
                (IntakeKind::Test, false) => "Test",
                (IntakeKind::WorkAssessment, false) => "Work assessment",
                (IntakeKind::Other, false) => "Other",
            }
        }
    }

    /// An intake conversation or assessment.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "camelCase")]
    pub struct Intake {
        pub id: Uuid,
        pub candidate_id: Uuid,
        pub kind: IntakeKind,
        pub held_on: NaiveDate,
        pub assessor: String,
        pub result: String,
        /// Hidden from finance and partners.
        pub notes: Option<String>,
        pub created_at: DateTime<Utc>,
    }

    /// `POST /candidates/{id}/intakes`.
    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(default, rename_all = "camelCase")]
    pub struct CreateIntake {
        #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
        pub kind: Option<IntakeKind>,
        #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
        pub held_on: Option<NaiveDate>,
        /// Who held it; defaults to the logged-in user.
        #[cfg_attr(feature = "openapi", schema(max_length = 120))]
        pub assessor: String,
        #[cfg_attr(
            feature = "openapi",
            schema(required = true, nullable = false, min_length = 1, max_length = 4000, pattern = r"\S")
        )]
        pub result: String,
        #[cfg_attr(feature = "openapi", schema(max_length = 8000))]
        pub notes: String,
    }

    impl CreateIntake {
        pub fn validate(&self, today: NaiveDate) -> Result<(), Vec<InvalidParam>> {
            let mut errors = Errors::default();
            if self.kind.is_none() {
                errors.add("kind", "required", "kies het soort gesprek of onderzoek");
            }
            match self.held_on {
                None => errors.add("heldOn", "required", "vul de datum in"),
                Some(day) if day > today => errors.add("heldOn", "in_future", "de datum ligt in de toekomst"),
                Some(_) => {}
            }
            if self.assessor.chars().count() > 120 {
                errors.add("assessor", "too_long", "maximaal 120 tekens");
            }
            errors.text("result", &self.result, 4000);
            if self.notes.chars().count() > 8000 {
                errors.add("notes", "too_long", "maximaal 8000 tekens");
            }
            errors.finish(())
        }
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "snake_case")]
    pub enum EligibilityOutcome {
        /// Ready for a basic job: status `eligible`.
        Eligible,
        /// Not yet: a pre-trajectory first (work training, assessment, internship).
        PreTrajectory,
    }

    /// `POST /candidates/{id}/eligibility`: the decision after intake, with its motivation.
    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(default, rename_all = "camelCase")]
    pub struct EligibilityDecision {
        #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
        pub outcome: Option<EligibilityOutcome>,
        #[cfg_attr(
            feature = "openapi",
            schema(required = true, nullable = false, min_length = 1, max_length = 4000, pattern = r"\S")
        )]
        pub motivation: String,
        #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
        pub version: Option<i32>,
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        fn valid() -> CandidateInput {
            CandidateInput {
                first_name: "Sanne".into(),
                last_name: "de Boer".into(),
                date_of_birth: NaiveDate::from_ymd_opt(1990, 5, 17),
                bsn: "123456782".into(),
                postcode: "9711 AB".into(),
                house_number: "12a".into(),
                source: Some(Source::Participatiewet),
                available_hours: Some(32),
                ..CandidateInput::default()
            }
        }

        fn today() -> NaiveDate {
            NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
        }

        #[test]
        fn a_complete_candidate_is_valid() {
            assert_eq!(valid().validate(today()), Ok(()));
        }

        #[test]
        fn every_rule_is_reported_at_once() {
            let input = CandidateInput {
                first_name: "".into(),
                bsn: "123456789".into(),
                postcode: "97 AB".into(),
                available_hours: Some(41),
                wished_hours_per_week: Some(41),
                wage_value_pct: Some(101),
                abilities: vec![CandidateAbility { ability_id: Uuid::nil(), level: 5 }],
                email: "geen-mail".into(),
                ..valid()
            };
            let names: Vec<_> = input.validate(today()).unwrap_err().into_iter().map(|e| e.name).collect();
            assert_eq!(
                names,
                vec![
                    "firstName",
                    "bsn",
                    "email",
                    "postcode",
                    "availableHours",
                    "wishedHoursPerWeek",
                    "abilities[0].level",
                    "wageValuePct"
                ]
            );
            let edge = CandidateInput { wished_hours_per_week: Some(40), ..valid() };
            assert_eq!(edge.validate(today()), Ok(()));
        }

        #[test]
        fn age_bounds_and_future_birth_dates() {
            for (birth, code) in [
                (NaiveDate::from_ymd_opt(2027, 1, 1), Some("in_future")),
                (NaiveDate::from_ymd_opt(2011, 11, 23), Some("age_out_of_range")),
                (NaiveDate::from_ymd_opt(2011, 11, 22), None),
                (NaiveDate::from_ymd_opt(1958, 11, 22), Some("age_out_of_range")),
                (NaiveDate::from_ymd_opt(1958, 11, 23), None),
            ] {
                let input = CandidateInput { date_of_birth: birth, ..valid() };
                let found = input.validate(today()).err().map(|e| e[0].code.clone());
                assert_eq!(found.as_deref(), code, "{birth:?}");
            }
        }

        #[test]
        fn money_has_at_most_two_decimals_and_is_not_negative() {
            let input = CandidateInput { benefit_monthly_amount: Some(Decimal::new(-1, 0)), ..valid() };
            assert_eq!(input.validate(today()).unwrap_err()[0].code, "out_of_range");
            let input = CandidateInput { benefit_monthly_amount: Some(Decimal::new(12345, 3)), ..valid() };
            assert_eq!(input.validate(today()).unwrap_err()[0].code, "precision");
        }
    }
}

/// GDPR: what is held about one person, and erasure on request.
pub mod gdpr {
    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Serialize};

    use super::{Candidate, FieldChange, Intake, StatusChange};
    use crate::audit::AuditEvent;

    /// Everything held about one candidate (GDPR art. 15), for the person who asked.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "camelCase")]
    pub struct CandidateDataExport {
        pub exported_at: DateTime<Utc>,
        pub candidate: Candidate,
        /// The full BSN (the record above shows it masked).
        pub bsn: String,
        pub status_changes: Vec<StatusChange>,
        pub intakes: Vec<Intake>,
        pub eligibility_decisions: Vec<EligibilityRecord>,
        /// Every recorded change of a field of the record, oldest first.
        #[serde(default)]
        pub changes: Vec<FieldChange>,
        /// The packages the candidate prefers, best first.
        #[serde(default)]
        pub preferences: Vec<uuid::Uuid>,
        /// The candidate's matches to task packages.
        #[serde(default)]
        pub matches: Vec<crate::matching::wire::Match>,
        /// The matching rounds the candidate took part in, with what each held about the candidate.
        #[serde(default)]
        pub matching_rounds: Vec<crate::matching::rounds::CandidateInRound>,
        /// The person's employment contracts.
        #[serde(default)]
        pub contracts: Vec<crate::contracts::wire::Contract>,
        /// Every version of those contracts, oldest first.
        #[serde(default)]
        pub contract_versions: Vec<crate::contracts::wire::ContractVersion>,
        /// The person's experience surveys, oldest first.
        #[serde(default)]
        pub employee_surveys: Vec<crate::surveys::EmployeeSurvey>,
        /// The person's job coach and mentor assignments, oldest first.
        #[serde(default)]
        pub guidance_assignments: Vec<crate::guidance::Assignment>,
        /// The check-ins of the person's guidance, oldest first.
        #[serde(default)]
        pub check_ins: Vec<crate::guidance::CheckIn>,
        /// The person's development goals with every update.
        #[serde(default)]
        pub goals: Vec<crate::guidance::Goal>,
        /// The person's provisions with their cost.
        #[serde(default)]
        pub provisions: Vec<crate::guidance::Provision>,
        /// The follow-ups that staff set on the person.
        #[serde(default)]
        pub follow_ups: Vec<crate::reminders::FollowUpRecord>,
        /// The reminders about the person that were marked done or snoozed.
        #[serde(default)]
        pub reminder_states: Vec<crate::reminders::ReminderStateRecord>,
        /// Who read or changed the record, and when.
        pub audit_events: Vec<AuditEvent>,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "camelCase")]
    pub struct EligibilityRecord {
        pub outcome: String,
        pub motivation: String,
        pub decided_by: Option<String>,
        pub decided_at: DateTime<Utc>,
    }

    /// `POST /candidates/{id}/erasure` (GDPR art. 17).
    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(default, rename_all = "camelCase")]
    pub struct ErasureRequest {
        /// Why, e.g. "verzoek van betrokkene d.d. 2026-11-20" (no personal data).
        #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
        pub reason: String,
        /// Must be `true`: erasure cannot be undone.
        #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
        pub confirm: bool,
    }
}

#[cfg(test)]
mod reapply_tests {
    use super::*;

    fn read() -> CandidateInput {
        CandidateInput {
            first_name: "Anna".into(),
            last_name: "Visser".into(),
            phone: "0612345678".into(),
            dream_job: "Groen".into(),
            version: Some(3),
            ..Default::default()
        }
    }

    #[test]
    fn own_edits_are_reapplied_on_the_newer_version_and_the_others_kept() {
        let original = read();
        let mut mine = read();
        mine.phone = "0687654321".into();
        mine.available_hours = Some(24);
        let mut newer = read();
        newer.last_name = "de Visser".into();
        newer.dream_job = "Buurthuis".into();
        newer.version = Some(5);
        assert_eq!(mine.changed_against(&original), ["availableHours", "phone"]);

        let merged = CandidateInput::reapplied(&original, &mine, &newer);
        assert_eq!(merged.phone, "0687654321", "mine");
        assert_eq!(merged.available_hours, Some(24), "mine");
        assert_eq!(merged.last_name, "de Visser", "theirs, untouched by me");
        assert_eq!(merged.dream_job, "Buurthuis", "theirs, untouched by me");
        assert_eq!(merged.version, Some(5), "based on the newer version");
    }

    #[test]
    fn a_field_both_changed_takes_mine() {
        let original = read();
        let mut mine = read();
        mine.last_name = "Vissers".into();
        let mut newer = read();
        newer.last_name = "de Visser".into();
        newer.version = Some(4);
        assert_eq!(CandidateInput::reapplied(&original, &mine, &newer).last_name, "Vissers");
    }
}
