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
        match self {
            CandidateStatus::Registered => "registered",
            CandidateStatus::Intake => "intake",
            CandidateStatus::Eligible => "eligible",
            CandidateStatus::PreTrajectory => "pre_trajectory",
            CandidateStatus::Matched => "matched",
            CandidateStatus::Employed => "employed",
            CandidateStatus::Exited => "exited",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == value)
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
    NotAllowed { from: CandidateStatus, to: CandidateStatus },
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
        Some(h) if h >= MIN_HOURS_PER_WEEK => (CriterionOutcome::Met, format!("{h} uur per week beschikbaar (minimaal {MIN_HOURS_PER_WEEK})")),
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
