//! Contracts and their money: the cost of a job against the Groningen plan's norms, the income indication
//! of a contract against the benefit it replaces, and the contract's life (`draft -> signed -> active ->
//! ended`). Pure functions on exact decimals, used by the server and by the SPA (which shows the cost and
//! the income indication live, without a round trip).
//!
//! **Exact decimals.** Amounts are `rust_decimal::Decimal`, never floats. A computation keeps every digit;
//! an amount is rounded to cents (half away from zero) only where it is shown or sent.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::money::euros;
use crate::problem::Language;
use crate::validation::Errors;

/// A full-time basic job: 32 hours a week (seed 000).
pub const FULL_TIME_HOURS: u32 = 32;
/// The most hours a week of a contract.
pub const MAX_HOURS: u32 = 40;
/// The longest period a cost estimate covers, in months.
pub const MAX_MONTHS: u32 = 120;

/// The cost norms of a full 32-hour job for a year (reference data that admin and finance edit). The
/// defaults are the Groningen plan's (seed 000): wage 28,000.00; employer and guidance costs 8,000.00;
/// contribution of the work provider -5,000.00 (a saving, so negative); benefit no longer paid -14,000.00.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CostNorms {
    /// Gross wage of a year, euros, e.g. `"28000.00"`.
    pub wage: Decimal,
    /// Employer's and guidance costs of a year.
    pub employer_costs: Decimal,
    /// The work provider's contribution of a year: negative, it lowers the cost.
    pub contribution: Decimal,
    /// The benefit no longer paid in a year: negative, it lowers the cost.
    pub benefit_saved: Decimal,
}

impl Default for CostNorms {
    fn default() -> Self {
        CostNorms {
            wage: Decimal::new(2_800_000, 2),
            employer_costs: Decimal::new(800_000, 2),
            contribution: Decimal::new(-500_000, 2),
            benefit_saved: Decimal::new(-1_400_000, 2),
        }
    }
}

impl CostNorms {
    /// The norms with two decimals each, as sent (a database may hand back `28000` for `28000.00`).
    pub fn in_cents(self) -> Self {
        CostNorms {
            wage: euros(self.wage),
            employer_costs: euros(self.employer_costs),
            contribution: euros(self.contribution),
            benefit_saved: euros(self.benefit_saved),
        }
    }

    /// Every field error of a change of the norms: wage and employer costs at least zero, contribution and
    /// benefit saved at most zero (they are savings), each with at most two decimals and below 10 million.
    pub fn validate(&self) -> Result<(), Vec<crate::problem::InvalidParam>> {
        let mut errors = Errors::default();
        let limit = Decimal::from(10_000_000);
        for (name, amount, positive) in [
            ("wage", self.wage, true),
            ("employerCosts", self.employer_costs, true),
            ("contribution", self.contribution, false),
            ("benefitSaved", self.benefit_saved, false),
        ] {
            if amount.normalize().scale() > 2 {
                errors.add(name, "precision", "hoogstens twee decimalen");
            } else if positive && amount.is_sign_negative() && !amount.is_zero() {
                errors.add(name, "negative", "een bedrag van nul of meer");
            } else if !positive && amount.is_sign_positive() && !amount.is_zero() {
                errors.add(name, "positive", "een besparing is nul of negatief");
            } else if amount.abs() >= limit {
                errors.add(name, "too_large", "minder dan 10.000.000");
            }
        }
        errors.finish(())
    }
}

/// What a cost estimate is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CostEstimateRequest {
    /// Hours a week, 1-40 (a number; counted to two decimals).
    #[cfg_attr(feature = "openapi", schema(value_type = f64, minimum = 1, maximum = 40))]
    #[serde(deserialize_with = "crate::money::from_number")]
    pub hours_per_week: Decimal,
    /// Months, 1-120.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 120))]
    pub months: u32,
}

impl CostEstimateRequest {
    /// The hours counted: rounded to two decimals (half away from zero).
    pub fn hours(&self) -> Decimal {
        self.hours_per_week.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
    }

    pub fn validate(&self) -> Result<(), Vec<crate::problem::InvalidParam>> {
        let mut errors = Errors::default();
        let hours = self.hours_per_week;
        if hours < Decimal::ONE || hours > Decimal::from(MAX_HOURS) {
            errors.add("hoursPerWeek", "out_of_range", format!("van 1 tot en met {MAX_HOURS} uur per week"));
        }
        if !(1..=MAX_MONTHS).contains(&self.months) {
            errors.add("months", "out_of_range", format!("van 1 tot en met {MAX_MONTHS} maanden"));
        }
        errors.finish(())
    }
}

/// The cost of a job of some hours for some months, each amount in euros with two decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CostEstimate {
    pub wage: Decimal,
    pub employer_costs: Decimal,
    /// Negative: the work provider's contribution lowers the cost.
    pub contribution: Decimal,
    /// `wage + employerCosts + contribution`.
    pub total: Decimal,
    /// Negative: the benefit no longer paid.
    pub benefit_saved: Decimal,
    /// `total + benefitSaved`: what the job costs the municipality.
    pub net: Decimal,
}

/// The norms prorated to `hours` a week (of [`FULL_TIME_HOURS`]) and `months` (of 12): each norm times
/// `hours / 32 * months / 12`, exactly, then rounded to cents. `total` and `net` are the sums of the rounded
/// amounts shown, so the estimate always adds up as printed.
pub fn estimate(norms: &CostNorms, hours: Decimal, months: u32) -> CostEstimate {
    let share = |norm: Decimal| euros(norm * hours * Decimal::from(months) / Decimal::from(FULL_TIME_HOURS * 12));
    let wage = share(norms.wage);
    let employer_costs = share(norms.employer_costs);
    let contribution = share(norms.contribution);
    let benefit_saved = share(norms.benefit_saved);
    let total = wage + employer_costs + contribution;
    CostEstimate { wage, employer_costs, contribution, total, benefit_saved, net: total + benefit_saved }
}

/// One step of the table that turns a gross monthly wage into an indication of the net: of the part of
/// the gross above `fromGross` (up to the next step), `rate` is withheld (tax, premiums and credits
/// together).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct NetBracket {
    /// Euros of gross a month where this step begins.
    pub from_gross: Decimal,
    /// The share withheld, 0-1, e.g. `"0.30"`.
    pub rate: Decimal,
}

/// The assumptions of the income indication (reference data). The defaults are approximations of a
/// single employee's monthly payroll deductions with the general and labour credits applied (2026), not a
/// tax calculation: 5 % of the first 1,800.00 gross a month, 30 % up to 3,200.00, 37 % up to 6,300.00 and
/// 49.5 % above; holiday allowance 8 %; a gain under 50.00 a month is flagged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct IncomeAssumptions {
    /// Ascending by `fromGross`, the first at 0.
    pub brackets: Vec<NetBracket>,
    /// Holiday allowance as a share of the gross wage, e.g. `"0.08"`.
    pub holiday_allowance_rate: Decimal,
    /// A gain in net income a month below this is flagged as small.
    pub small_gain_threshold: Decimal,
}

impl Default for IncomeAssumptions {
    fn default() -> Self {
        IncomeAssumptions {
            brackets: vec![
                NetBracket { from_gross: Decimal::ZERO, rate: Decimal::new(5, 2) },
                NetBracket { from_gross: Decimal::from(1_800), rate: Decimal::new(30, 2) },
                NetBracket { from_gross: Decimal::from(3_200), rate: Decimal::new(37, 2) },
                NetBracket { from_gross: Decimal::from(6_300), rate: Decimal::new(495, 3) },
            ],
            holiday_allowance_rate: Decimal::new(8, 2),
            small_gain_threshold: Decimal::new(5_000, 2),
        }
    }
}

impl IncomeAssumptions {
    /// The net of a gross monthly amount by the brackets (exact; not rounded).
    pub fn net_of(&self, gross: Decimal) -> Decimal {
        let mut withheld = Decimal::ZERO;
        for (index, bracket) in self.brackets.iter().enumerate() {
            if gross <= bracket.from_gross {
                break;
            }
            let upper = self.brackets.get(index + 1).map_or(gross, |next| gross.min(next.from_gross));
            withheld += (upper - bracket.from_gross) * bracket.rate;
        }
        gross - withheld
    }
}

/// How the expected net income compares with the benefit before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum IncomeOutcome {
    /// The net income is lower than the benefit.
    Drop,
    /// Higher, but by less than the threshold.
    SmallGain,
    Gain,
    /// No benefit amount is known to compare with.
    NoComparison,
}

/// An indication (never advice) of the income under a contract against the benefit before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct IncomeIndication {
    pub benefit_kind: Option<crate::candidates::BenefitKind>,
    /// The benefit a month before the contract, from the candidate's record.
    pub benefit_monthly: Option<Decimal>,
    /// Hourly wage x hours x 52 / 12.
    pub gross_monthly: Decimal,
    /// The holiday allowance a month, shown apart (paid once a year).
    pub holiday_allowance_monthly: Decimal,
    /// The net a month by the assumptions' brackets, holiday allowance not included.
    pub net_monthly: Decimal,
    /// `netMonthly - benefitMonthly`.
    pub difference: Option<Decimal>,
    pub outcome: IncomeOutcome,
    /// Whether staff should talk the income through with the person (a drop or a small gain).
    pub flagged: bool,
    /// The assumptions in words, in the caller's language.
    pub assumptions: Vec<String>,
}

/// The income indication of `hours` a week at `hourly_wage` against a benefit of `benefit_monthly`.
pub fn income_indication(
    assumptions: &IncomeAssumptions,
    hourly_wage: Decimal,
    hours: Decimal,
    benefit_kind: Option<crate::candidates::BenefitKind>,
    benefit_monthly: Option<Decimal>,
    language: Language,
) -> IncomeIndication {
    let gross = hourly_wage * hours * Decimal::from(52) / Decimal::from(12);
    let net = assumptions.net_of(gross);
    let compared = benefit_monthly.filter(|_| benefit_kind != Some(crate::candidates::BenefitKind::None));
    let difference = compared.map(|benefit| euros(net) - euros(benefit));
    let outcome = match difference {
        None => IncomeOutcome::NoComparison,
        Some(d) if d < Decimal::ZERO => IncomeOutcome::Drop,
        Some(d) if d < assumptions.small_gain_threshold => IncomeOutcome::SmallGain,
        Some(_) => IncomeOutcome::Gain,
    };
    let threshold = crate::dutch::format_money(assumptions.small_gain_threshold);
    let percent = (assumptions.holiday_allowance_rate * Decimal::from(100)).normalize();
    let percent = crate::dutch::format_decimal(percent, percent.scale());
    let assumptions_text = match language {
        Language::Nl => vec![
            "Een indicatie, geen advies: de werkelijke netto hangt af van heffingskortingen, toeslagen en de situatie van het huishouden.".to_owned(),
            "Bruto per maand = uurloon x uren per week x 52 / 12.".to_owned(),
            format!("Vakantiegeld {percent} % van het bruto, apart getoond."),
            format!("Een stijging van minder dan {threshold} per maand wordt gemarkeerd."),
        ],
        Language::En => vec![
            "An indication, not advice: the real net income depends on tax credits, allowances and the household.".to_owned(),
            "Gross a month = hourly wage x hours a week x 52 / 12.".to_owned(),
            format!("Holiday allowance {percent} % of the gross, shown apart."),
            format!("A gain of less than {threshold} a month is flagged."),
        ],
    };
    IncomeIndication {
        benefit_kind,
        benefit_monthly: compared.map(euros),
        gross_monthly: euros(gross),
        holiday_allowance_monthly: euros(gross * assumptions.holiday_allowance_rate),
        net_monthly: euros(net),
        difference,
        outcome,
        flagged: matches!(outcome, IncomeOutcome::Drop | IncomeOutcome::SmallGain),
        assumptions: assumptions_text,
    }
}

pub mod lifecycle {
    //! The life of a contract: `draft -> signed -> active -> ended`; a signed contract that never started
    //! can end too (cancelled before its start). Ending needs a reason.

    use serde::{Deserialize, Serialize};

    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "snake_case")]
    #[derive(strum::IntoStaticStr, strum::EnumString)]
    #[strum(serialize_all = "snake_case")]
    pub enum ContractStatus {
        Draft,
        Signed,
        Active,
        Ended,
    }

    impl ContractStatus {
        pub const ALL: [ContractStatus; 4] =
            [ContractStatus::Draft, ContractStatus::Signed, ContractStatus::Active, ContractStatus::Ended];
        pub fn as_str(self) -> &'static str {
            self.into()
        }
        pub fn parse(value: &str) -> Option<Self> {
            value.parse().ok()
        }
        /// Whether the contract binds the person (one such contract per person at a time).
        pub fn is_live(self) -> bool {
            !matches!(self, ContractStatus::Ended)
        }
    }

    /// Why a contract ended.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "snake_case")]
    #[derive(strum::IntoStaticStr, strum::EnumString)]
    #[strum(serialize_all = "snake_case")]
    pub enum EndReason {
        /// A regular job (the programme's aim).
        RegularJob,
        OtherWork,
        Moved,
        Stopped,
        Other,
    }

    impl EndReason {
        pub const ALL: [EndReason; 5] =
            [EndReason::RegularJob, EndReason::OtherWork, EndReason::Moved, EndReason::Stopped, EndReason::Other];
        pub fn as_str(self) -> &'static str {
            self.into()
        }
        pub fn parse(value: &str) -> Option<Self> {
            value.parse().ok()
        }
        /// Whether the person leaves the programme (the candidate moves to `exited`): every reason but
        /// `other`, after which staff decide.
        pub fn is_outflow(self) -> bool {
            !matches!(self, EndReason::Other)
        }
    }

    /// The steps from `from`.
    pub fn next_steps(from: ContractStatus) -> &'static [ContractStatus] {
        use ContractStatus::*;
        match from {
            Draft => &[Signed],
            Signed => &[Active, Ended],
            Active => &[Ended],
            Ended => &[],
        }
    }

    pub fn allowed(from: ContractStatus, to: ContractStatus) -> bool {
        next_steps(from).contains(&to)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(value: &str) -> Decimal {
        Decimal::from_str(value).unwrap()
    }

    fn shown(estimate: CostEstimate) -> [String; 6] {
        [
            estimate.wage,
            estimate.employer_costs,
            estimate.contribution,
            estimate.total,
            estimate.benefit_saved,
            estimate.net,
        ]
        .map(|amount| amount.to_string())
    }

    #[test]
    fn a_full_job_for_a_year_costs_exactly_the_norms() {
        let estimate = estimate(&CostNorms::default(), d("32"), 12);
        assert_eq!(shown(estimate), ["28000.00", "8000.00", "-5000.00", "31000.00", "-14000.00", "17000.00"]);
    }

    #[test]
    fn twenty_four_hours_for_six_months_is_prorated_exactly() {
        let estimate = estimate(&CostNorms::default(), d("24"), 6);
        assert_eq!(shown(estimate), ["10500.00", "3000.00", "-1875.00", "11625.00", "-5250.00", "6375.00"]);
    }

    #[test]
    fn an_estimate_adds_up_as_printed_when_amounts_round() {
        // 28000 * 7/32 * 1/12 = 510.416..., 8000 * 7/384 = 145.833...: rounded before they are summed.
        let estimate = estimate(&CostNorms::default(), d("7"), 1);
        assert_eq!(estimate.wage.to_string(), "510.42");
        assert_eq!(estimate.employer_costs.to_string(), "145.83");
        assert_eq!(estimate.total, estimate.wage + estimate.employer_costs + estimate.contribution);
        assert_eq!(estimate.net, estimate.total + estimate.benefit_saved);
    }

    #[test]
    fn changed_norms_change_the_estimate() {
        let norms = CostNorms { wage: d("30000.00"), ..CostNorms::default() };
        assert_eq!(estimate(&norms, d("32"), 12).total.to_string(), "33000.00");
    }

    #[test]
    fn estimate_requests_are_checked() {
        assert!(CostEstimateRequest { hours_per_week: d("24"), months: 6 }.validate().is_ok());
        let errors = CostEstimateRequest { hours_per_week: d("41"), months: 0 }.validate().unwrap_err();
        let names: Vec<_> = errors.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["hoursPerWeek", "months"]);
        let errors = CostEstimateRequest { hours_per_week: d("0.5"), months: 1 }.validate().unwrap_err();
        assert_eq!(errors[0].code, "out_of_range");
        assert_eq!(CostEstimateRequest { hours_per_week: d("12.345"), months: 1 }.hours(), d("12.35"));
    }

    #[test]
    fn norms_are_checked_for_sign_and_precision() {
        assert!(CostNorms::default().validate().is_ok());
        let wrong =
            CostNorms { wage: d("-1"), contribution: d("5"), benefit_saved: d("-1.005"), ..CostNorms::default() };
        let errors = wrong.validate().unwrap_err();
        let codes: Vec<_> = errors.iter().map(|e| (e.name.as_str(), e.code.as_str())).collect();
        assert_eq!(codes, [("wage", "negative"), ("contribution", "positive"), ("benefitSaved", "precision")]);
    }

    #[test]
    fn the_net_follows_the_brackets() {
        let assumptions = IncomeAssumptions::default();
        assert_eq!(assumptions.net_of(d("1000")), d("950"));
        // 1800 at 5 % (90) and 400 at 30 % (120).
        assert_eq!(assumptions.net_of(d("2200")), d("1990"));
        // 90 + 1400 * 0.30 (420) + 3100 * 0.37 (1147) + 700 * 0.495 (346.5).
        assert_eq!(assumptions.net_of(d("7000")), d("7000") - d("2003.5"));
        assert_eq!(assumptions.net_of(Decimal::ZERO), Decimal::ZERO);
    }

    #[test]
    fn a_drop_is_flagged() {
        // 14.00 x 24 x 52 / 12 = 1456.00 gross, 1383.20 net, against 1500.00 of bijstand.
        let indication = income_indication(
            &IncomeAssumptions::default(),
            d("14.00"),
            d("24"),
            Some(crate::candidates::BenefitKind::Bijstand),
            Some(d("1500.00")),
            Language::Nl,
        );
        assert_eq!(indication.gross_monthly.to_string(), "1456.00");
        assert_eq!(indication.net_monthly.to_string(), "1383.20");
        assert_eq!(indication.holiday_allowance_monthly.to_string(), "116.48");
        assert_eq!(indication.difference, Some(d("-116.80")));
        assert_eq!(indication.outcome, IncomeOutcome::Drop);
        assert!(indication.flagged);
    }

    #[test]
    fn a_small_gain_is_flagged_and_a_clear_gain_not() {
        let assumptions = IncomeAssumptions::default();
        let bijstand = Some(crate::candidates::BenefitKind::Bijstand);
        // 1383.20 net against 1350.00: a gain of 33.20, under 50.00.
        let small = income_indication(&assumptions, d("14.00"), d("24"), bijstand, Some(d("1350.00")), Language::Nl);
        assert_eq!(small.outcome, IncomeOutcome::SmallGain);
        assert!(small.flagged);
        // 16.00 x 32 x 52 / 12 = 2218.67 gross; net 1800 - 90 + 418.67 x 0.70 = 2003.07 against 1350.00.
        let clear = income_indication(&assumptions, d("16.00"), d("32"), bijstand, Some(d("1350.00")), Language::En);
        assert_eq!(clear.gross_monthly.to_string(), "2218.67");
        assert_eq!(clear.net_monthly.to_string(), "2003.07");
        assert_eq!(clear.outcome, IncomeOutcome::Gain);
        assert!(!clear.flagged);
        assert!(clear.assumptions[0].starts_with("An indication"));
    }

    #[test]
    fn without_a_benefit_there_is_nothing_to_compare() {
        let assumptions = IncomeAssumptions::default();
        let none = income_indication(
            &assumptions,
            d("14.00"),
            d("24"),
            Some(crate::candidates::BenefitKind::None),
            Some(d("100.00")),
            Language::Nl,
        );
        assert_eq!(none.outcome, IncomeOutcome::NoComparison);
        assert_eq!(none.benefit_monthly, None);
        assert!(!none.flagged);
        let unknown = income_indication(&assumptions, d("14.00"), d("24"), None, None, Language::Nl);
        assert_eq!(unknown.outcome, IncomeOutcome::NoComparison);
    }

    #[test]
    fn the_contract_steps() {
        use lifecycle::{ContractStatus::*, allowed, next_steps};
        assert!(allowed(Draft, Signed));
        assert!(allowed(Signed, Active));
        assert!(allowed(Signed, Ended));
        assert!(allowed(Active, Ended));
        for (from, to) in [(Draft, Active), (Draft, Ended), (Active, Signed), (Ended, Active), (Signed, Draft)] {
            assert!(!allowed(from, to), "{from:?} -> {to:?}");
        }
        assert!(next_steps(Ended).is_empty());
        assert!(!Ended.is_live());
        assert!(Active.is_live());
    }
}

/// The cost norms as stored, with their version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CostNormsRecord {
    #[serde(flatten)]
    pub norms: CostNorms,
    pub version: i32,
}

/// A change of the cost norms: all four amounts (strings with at most two decimals) and the version it is
/// based on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SaveCostNorms {
    /// Zero or more, e.g. `"28000.00"`.
    pub wage: Decimal,
    /// Zero or more.
    pub employer_costs: Decimal,
    /// Zero or less (a saving).
    pub contribution: Decimal,
    /// Zero or less (a saving).
    pub benefit_saved: Decimal,
    /// The version the change is based on.
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false, minimum = 1))]
    pub version: Option<i32>,
}

impl SaveCostNorms {
    pub fn norms(&self) -> CostNorms {
        CostNorms {
            wage: self.wage,
            employer_costs: self.employer_costs,
            contribution: self.contribution,
            benefit_saved: self.benefit_saved,
        }
    }
}

#[cfg(test)]
mod wire_tests {
    use super::*;

    #[test]
    fn an_estimate_request_takes_numbers_and_an_estimate_sends_strings() {
        let request: CostEstimateRequest = serde_json::from_str(r#"{"hoursPerWeek": 24, "months": 6}"#).unwrap();
        assert_eq!(request.hours_per_week, Decimal::from(24));
        let request: CostEstimateRequest = serde_json::from_str(r#"{"hoursPerWeek": 27.5, "months": 6}"#).unwrap();
        assert_eq!(request.hours_per_week, Decimal::new(275, 1));
        let sent = serde_json::to_value(estimate(&CostNorms::default(), Decimal::from(24), 6)).unwrap();
        assert_eq!(sent["total"], "11625.00");
        assert_eq!(sent["benefitSaved"], "-5250.00");
        assert!(serde_json::from_str::<CostEstimateRequest>(r#"{"hoursPerWeek": "24", "months": 6}"#).is_err());
        assert!(serde_json::from_str::<CostEstimateRequest>(r#"{"hoursPerWeek": true, "months": 6}"#).is_err());
    }
}
