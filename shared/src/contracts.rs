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

impl IncomeAssumptions {
    /// The most brackets a table holds.
    pub const MAX_BRACKETS: usize = 20;

    /// The assumptions as sent: amounts with two decimals, rates with at least two (a database may hand
    /// back `0.0800` for `0.08`).
    pub fn normalized(mut self) -> Self {
        let rate = |r: Decimal| {
            let mut r = r.normalize();
            if r.scale() < 2 {
                r.rescale(2);
            }
            r
        };
        for bracket in &mut self.brackets {
            bracket.from_gross = euros(bracket.from_gross);
            bracket.rate = rate(bracket.rate);
        }
        self.holiday_allowance_rate = rate(self.holiday_allowance_rate);
        self.small_gain_threshold = euros(self.small_gain_threshold);
        self
    }

    /// Every field error of a change of the assumptions: 1-20 brackets, the first from 0 and each next one
    /// from a higher gross (amounts 0 or more, at most two decimals, below 1,000,000); every rate, and the
    /// holiday allowance rate, a share from 0 to 1 (0-100 %) with at most four decimals; the threshold 0 or
    /// more with at most two decimals, below 100,000.
    pub fn validate(&self) -> Result<(), Vec<crate::problem::InvalidParam>> {
        let mut errors = Errors::default();
        let share = |errors: &mut Errors, name: String, rate: Decimal| {
            if rate.is_sign_negative() && !rate.is_zero() || rate > Decimal::ONE {
                errors.add(name, "out_of_range", "een percentage van 0 tot en met 100 %");
            } else if rate.normalize().scale() > 4 {
                errors.add(name, "precision", "hoogstens twee decimalen in procenten");
            }
        };
        if self.brackets.is_empty() || self.brackets.len() > Self::MAX_BRACKETS {
            errors.add("brackets", "count", format!("van 1 tot en met {} schijven", Self::MAX_BRACKETS));
        }
        let limit = Decimal::from(1_000_000);
        let mut previous: Option<Decimal> = None;
        for (index, bracket) in self.brackets.iter().take(Self::MAX_BRACKETS).enumerate() {
            let name = format!("brackets[{index}].fromGross");
            let from = bracket.from_gross;
            if from.normalize().scale() > 2 {
                errors.add(name, "precision", "hoogstens twee decimalen");
            } else if from.is_sign_negative() && !from.is_zero() {
                errors.add(name, "negative", "een bedrag van nul of meer");
            } else if from >= limit {
                errors.add(name, "too_large", "minder dan 1.000.000");
            } else if index == 0 && !from.is_zero() {
                errors.add(name, "first_not_zero", "de eerste schijf begint bij 0,00");
            } else if previous.is_some_and(|p| from <= p) {
                errors.add(name, "not_ascending", "hoger dan het begin van de vorige schijf");
            }
            previous = Some(from);
            share(&mut errors, format!("brackets[{index}].rate"), bracket.rate);
        }
        share(&mut errors, "holidayAllowanceRate".to_owned(), self.holiday_allowance_rate);
        let threshold = self.small_gain_threshold;
        if threshold.normalize().scale() > 2 {
            errors.add("smallGainThreshold", "precision", "hoogstens twee decimalen");
        } else if threshold.is_sign_negative() && !threshold.is_zero() {
            errors.add("smallGainThreshold", "negative", "een bedrag van nul of meer");
        } else if threshold >= Decimal::from(100_000) {
            errors.add("smallGainThreshold", "too_large", "minder dan 100.000");
        }
        errors.finish(())
    }
}

/// The income assumptions with their version (reference data: `GET /income-assumptions`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct IncomeAssumptionsRecord {
    #[serde(flatten)]
    pub assumptions: IncomeAssumptions,
    /// 0 while the documented defaults were never stored.
    pub version: i32,
}

/// A change of the income assumptions: the whole table, the holiday allowance rate and the threshold, and
/// the version it is based on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SaveIncomeAssumptions {
    /// 1-20 brackets, ascending by `fromGross`, the first at `"0.00"`; each `rate` a share 0-1.
    pub brackets: Vec<NetBracket>,
    /// A share 0-1, e.g. `"0.08"`.
    pub holiday_allowance_rate: Decimal,
    /// Euros a month, 0 or more, e.g. `"50.00"`.
    pub small_gain_threshold: Decimal,
    /// The version the change is based on.
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false, minimum = 1))]
    pub version: Option<i32>,
}

impl SaveIncomeAssumptions {
    pub fn assumptions(&self) -> IncomeAssumptions {
        IncomeAssumptions {
            brackets: self.brackets.clone(),
            holiday_allowance_rate: self.holiday_allowance_rate,
            small_gain_threshold: self.small_gain_threshold,
        }
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
    fn the_default_assumptions_are_valid_and_bad_ones_name_every_field() {
        assert_eq!(IncomeAssumptions::default().validate(), Ok(()));
        let bad = IncomeAssumptions {
            brackets: vec![
                NetBracket { from_gross: d("0"), rate: d("0.05") },
                NetBracket { from_gross: d("0"), rate: d("1.01") },
                NetBracket { from_gross: d("1800.001"), rate: d("0.123456") },
            ],
            holiday_allowance_rate: d("-0.01"),
            small_gain_threshold: d("-0.01"),
        };
        let names: Vec<String> = bad.validate().unwrap_err().into_iter().map(|p| p.name).collect();
        assert_eq!(
            names,
            [
                "brackets[1].fromGross",
                "brackets[1].rate",
                "brackets[2].fromGross",
                "brackets[2].rate",
                "holidayAllowanceRate",
                "smallGainThreshold"
            ]
        );
        let empty = IncomeAssumptions { brackets: vec![], ..IncomeAssumptions::default() };
        let names: Vec<String> = empty.validate().unwrap_err().into_iter().map(|p| p.name).collect();
        assert_eq!(names, ["brackets"]);
        // The bounds themselves are allowed: a rate of 0 % and of 100 %, a threshold of 0.
        let edge = IncomeAssumptions {
            brackets: vec![
                NetBracket { from_gross: d("0"), rate: d("0") },
                NetBracket { from_gross: d("0.01"), rate: d("1") },
            ],
            holiday_allowance_rate: d("0"),
            small_gain_threshold: d("0"),
        };
        assert_eq!(edge.validate(), Ok(()));
    }

    #[test]
    fn a_higher_threshold_flags_a_gain_the_default_does_not() {
        let bijstand = Some(crate::candidates::BenefitKind::Bijstand);
        let clear = income_indication(
            &IncomeAssumptions::default(),
            d("16.00"),
            d("32"),
            bijstand,
            Some(d("1350.00")),
            Language::Nl,
        );
        assert!(!clear.flagged);
        let strict = IncomeAssumptions { small_gain_threshold: d("700.00"), ..IncomeAssumptions::default() };
        let flagged = income_indication(&strict, d("16.00"), d("32"), bijstand, Some(d("1350.00")), Language::Nl);
        assert_eq!(flagged.outcome, IncomeOutcome::SmallGain);
        assert!(flagged.assumptions[3].contains("700,00"), "{:?}", flagged.assumptions);
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

/// The default collective agreement of a basic job (seed 000: the cao Wsw or comparable).
pub const DEFAULT_COLLECTIVE_AGREEMENT: &str = "cao Wsw";
/// The longest trial period, in months.
pub const MAX_TRIAL_MONTHS: u8 = 2;
/// The highest hourly wage accepted (a guard against typing errors), euros.
pub const MAX_HOURLY_WAGE: u32 = 1_000;

/// How a contract runs: temporary first (with an end date), made structural (open-ended) when there is
/// no prospect of regular work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::EnumString)]
#[strum(serialize_all = "snake_case")]
pub enum ContractKind {
    #[default]
    Temporary,
    Structural,
}

impl ContractKind {
    pub const ALL: [ContractKind; 2] = [ContractKind::Temporary, ContractKind::Structural];
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// Why a contract's hours deviate from the 32 of a full basic job: the person's wish or ability.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::EnumString)]
#[strum(serialize_all = "snake_case")]
pub enum HoursReason {
    Wish,
    Ability,
}

impl HoursReason {
    pub const ALL: [HoursReason; 2] = [HoursReason::Wish, HoursReason::Ability];
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// The terms of a contract, checked (see [`TermsInput::check`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContractTerms {
    pub start_date: chrono::NaiveDate,
    pub end_date: Option<chrono::NaiveDate>,
    pub kind: ContractKind,
    pub hours_per_week: u8,
    pub hours_reason: Option<HoursReason>,
    pub collective_agreement: String,
    pub pay_scale: String,
    pub hourly_wage: Decimal,
    pub trial_period_months: u8,
}

impl ContractTerms {
    /// The months a cost estimate of this contract covers: see [`contract_months`].
    pub fn months(&self) -> u32 {
        contract_months(self.start_date, self.end_date)
    }

    /// The contract's own cost estimate, prorated from the norms.
    pub fn estimate(&self, norms: &CostNorms) -> CostEstimate {
        estimate(norms, Decimal::from(self.hours_per_week), self.months())
    }

    /// The term fields that differ from `other`, by their JSON names.
    pub fn changed_fields(&self, other: &ContractTerms) -> Vec<&'static str> {
        let mut changed = Vec::new();
        let pairs: [(&'static str, bool); 9] = [
            ("startDate", self.start_date != other.start_date),
            ("endDate", self.end_date != other.end_date),
            ("kind", self.kind != other.kind),
            ("hoursPerWeek", self.hours_per_week != other.hours_per_week),
            ("hoursReason", self.hours_reason != other.hours_reason),
            ("collectiveAgreement", self.collective_agreement != other.collective_agreement),
            ("payScale", self.pay_scale != other.pay_scale),
            ("hourlyWage", self.hourly_wage != other.hourly_wage),
            ("trialPeriodMonths", self.trial_period_months != other.trial_period_months),
        ];
        for (name, differs) in pairs {
            if differs {
                changed.push(name);
            }
        }
        changed
    }
}

/// What a signed or active contract may still change: the hours (with their reason), the end date (an
/// extension), the kind (temporary to structural, a conversion) and the wage. Everything else is fixed once
/// signed.
pub const CHANGEABLE_WHEN_SIGNED: [&str; 5] = ["hoursPerWeek", "hoursReason", "endDate", "kind", "hourlyWage"];

/// The months a contract's cost estimate covers: from the start to the end date in calendar months,
/// counting a begun month as whole (1 to 120); an open-ended contract is estimated for a year.
pub fn contract_months(start: chrono::NaiveDate, end: Option<chrono::NaiveDate>) -> u32 {
    let Some(end) = end else { return 12 };
    let mut months = 0;
    while months < MAX_MONTHS {
        match start.checked_add_months(chrono::Months::new(months)) {
            Some(day) if day <= end => months += 1,
            _ => break,
        }
    }
    months.max(1)
}

/// The terms as a request gives them, before they are checked: every field may be missing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TermsInput {
    pub start_date: Option<chrono::NaiveDate>,
    pub end_date: Option<chrono::NaiveDate>,
    pub kind: Option<ContractKind>,
    pub hours_per_week: Option<u8>,
    pub hours_reason: Option<HoursReason>,
    pub collective_agreement: String,
    pub pay_scale: String,
    pub hourly_wage: Option<Decimal>,
    pub trial_period_months: Option<u8>,
}

impl TermsInput {
    /// Checks the terms, every field error at once, with the defaults filled in: temporary, 32 hours, the
    /// cao Wsw, one month's trial. Hours are 1-40, and a deviation from 32 names its reason (wish or ability;
    /// at 32 a reason is dropped); a temporary contract ends, on or after its start; a structural one is
    /// open-ended; the wage is above zero, below 1,000.00, in cents; the trial period 0-2 months.
    pub fn check(&self) -> Result<ContractTerms, Vec<crate::problem::InvalidParam>> {
        let mut errors = Errors::default();
        if self.start_date.is_none() {
            errors.add("startDate", "required", "de eerste werkdag");
        }
        let kind = self.kind.unwrap_or_default();
        let hours = self.hours_per_week.unwrap_or(FULL_TIME_HOURS as u8);
        if !(1..=MAX_HOURS as u8).contains(&hours) {
            errors.add("hoursPerWeek", "out_of_range", format!("van 1 tot en met {MAX_HOURS} uur per week"));
        } else if u32::from(hours) != FULL_TIME_HOURS && self.hours_reason.is_none() {
            errors.add("hoursReason", "required", "een afwijking van 32 uur heeft een reden: wens of vermogen");
        }
        match (kind, self.start_date, self.end_date) {
            (ContractKind::Structural, _, Some(_)) => {
                errors.add("endDate", "not_allowed", "een structureel contract heeft geen einddatum")
            }
            (ContractKind::Temporary, _, None) => errors.add("endDate", "required", "een tijdelijk contract eindigt"),
            (_, Some(start), Some(end)) if end < start => {
                errors.add("endDate", "before_start", "het contract eindigt na de start")
            }
            _ => {}
        }
        let agreement = crate::text::clean(&self.collective_agreement);
        let agreement = if agreement.is_empty() { DEFAULT_COLLECTIVE_AGREEMENT.to_owned() } else { agreement };
        if agreement.chars().count() > 120 {
            errors.add("collectiveAgreement", "too_long", "maximaal 120 tekens");
        }
        let pay_scale = crate::text::clean(&self.pay_scale);
        if pay_scale.chars().count() > 60 {
            errors.add("payScale", "too_long", "maximaal 60 tekens");
        }
        match self.hourly_wage {
            None => errors.add("hourlyWage", "required", "het uurloon"),
            Some(wage) if wage.normalize().scale() > 2 => {
                errors.add("hourlyWage", "precision", "hoogstens twee decimalen")
            }
            Some(wage) if wage <= Decimal::ZERO || wage >= Decimal::from(MAX_HOURLY_WAGE) => {
                errors.add("hourlyWage", "out_of_range", "meer dan 0 en minder dan 1.000")
            }
            Some(_) => {}
        }
        let trial = self.trial_period_months.unwrap_or(1);
        if trial > MAX_TRIAL_MONTHS {
            errors.add("trialPeriodMonths", "out_of_range", "van 0 tot en met 2 maanden");
        }
        errors.finish(())?;
        Ok(ContractTerms {
            start_date: self.start_date.unwrap_or_default(),
            end_date: self.end_date,
            kind,
            hours_per_week: hours,
            hours_reason: if u32::from(hours) == FULL_TIME_HOURS { None } else { self.hours_reason },
            collective_agreement: agreement,
            pay_scale,
            hourly_wage: euros(self.hourly_wage.unwrap_or_default()),
            trial_period_months: trial,
        })
    }
}

pub mod wire {
    //! What the API takes and answers about contracts.

    use chrono::{DateTime, NaiveDate, Utc};
    use rust_decimal::Decimal;
    use serde::{Deserialize, Serialize};
    use uuid::Uuid;

    use super::lifecycle::{ContractStatus, EndReason};
    use super::{ContractKind, CostEstimate, HoursReason, TermsInput};

    /// Draw up a contract from a match in `agreed`. Defaults: temporary, 32 hours a week, the cao Wsw, a
    /// trial period of one month.
    #[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "camelCase")]
    pub struct CreateContract {
        /// The match it comes from (in `agreed`).
        #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
        pub match_id: Option<Uuid>,
        /// The first working day.
        #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
        pub start_date: Option<NaiveDate>,
        /// The last day of a temporary contract, on or after the start; none for a structural one.
        pub end_date: Option<NaiveDate>,
        /// `temporary` (the default) or `structural`.
        pub kind: Option<ContractKind>,
        /// 1-40, default 32.
        #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 40))]
        pub hours_per_week: Option<u8>,
        /// Required when the hours are not 32: the person's `wish` or `ability`.
        pub hours_reason: Option<HoursReason>,
        /// Default "cao Wsw".
        #[serde(default)]
        #[cfg_attr(feature = "openapi", schema(max_length = 120))]
        pub collective_agreement: String,
        #[serde(default)]
        #[cfg_attr(feature = "openapi", schema(max_length = 60))]
        pub pay_scale: String,
        /// Euros an hour with at most two decimals, above 0 and below 1000, e.g. `"14.50"`.
        #[cfg_attr(feature = "openapi", schema(required = true, nullable = false, value_type = String))]
        pub hourly_wage: Option<Decimal>,
        /// 0-2 months, default 1.
        #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 2))]
        pub trial_period_months: Option<u8>,
    }

    impl CreateContract {
        pub fn input(&self) -> TermsInput {
            TermsInput {
                start_date: self.start_date,
                end_date: self.end_date,
                kind: self.kind,
                hours_per_week: self.hours_per_week,
                hours_reason: self.hours_reason,
                collective_agreement: self.collective_agreement.clone(),
                pay_scale: self.pay_scale.clone(),
                hourly_wage: self.hourly_wage,
                trial_period_months: self.trial_period_months,
            }
        }
    }

    /// A change of a contract: all its terms as they are to be, why, and the version it is based on. A draft
    /// changes freely; a signed or active contract only its hours (with their reason), end date (an
    /// extension), kind (temporary to structural) and wage. Every change is a new version.
    #[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "camelCase")]
    pub struct UpdateContract {
        #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
        pub start_date: Option<NaiveDate>,
        pub end_date: Option<NaiveDate>,
        pub kind: Option<ContractKind>,
        #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 40))]
        pub hours_per_week: Option<u8>,
        pub hours_reason: Option<HoursReason>,
        #[serde(default)]
        #[cfg_attr(feature = "openapi", schema(max_length = 120))]
        pub collective_agreement: String,
        #[serde(default)]
        #[cfg_attr(feature = "openapi", schema(max_length = 60))]
        pub pay_scale: String,
        #[cfg_attr(feature = "openapi", schema(required = true, nullable = false, value_type = String))]
        pub hourly_wage: Option<Decimal>,
        #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 2))]
        pub trial_period_months: Option<u8>,
        /// Why the contract changes (kept with the version).
        #[serde(default)]
        #[cfg_attr(feature = "openapi", schema(required = true, min_length = 1, max_length = 2000, pattern = r"\S"))]
        pub reason: String,
        /// The version the change is based on.
        #[cfg_attr(feature = "openapi", schema(required = true, nullable = false, minimum = 1))]
        pub version: Option<i32>,
    }

    impl UpdateContract {
        pub fn input(&self) -> TermsInput {
            TermsInput {
                start_date: self.start_date,
                end_date: self.end_date,
                kind: self.kind,
                hours_per_week: self.hours_per_week,
                hours_reason: self.hours_reason,
                collective_agreement: self.collective_agreement.clone(),
                pay_scale: self.pay_scale.clone(),
                hourly_wage: self.hourly_wage,
                trial_period_months: self.trial_period_months,
            }
        }
    }

    /// A step of a contract: `signed` (the match moves to `contracted`), `active` (on or after the start
    /// date; the candidate moves to `employed`), `ended` (with `endReason`; the position is freed and, with
    /// an outflow reason, the candidate moves to `exited`). `date`: the day of activation or the last day
    /// (default today).
    #[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "camelCase")]
    pub struct ContractTransition {
        #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
        pub to: Option<ContractStatus>,
        #[cfg_attr(feature = "openapi", schema(required = true, nullable = false, minimum = 1))]
        pub version: Option<i32>,
        /// Required for `ended`, not allowed otherwise.
        pub end_reason: Option<EndReason>,
        pub date: Option<NaiveDate>,
        /// An optional note kept with the version.
        #[serde(default)]
        #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
        pub reason: String,
    }

    /// A contract as the caller may read it. A partner reads the employee's first name and the hours, never
    /// the wage, pay scale or cost (`null`); a job coach reads those of its caseload without wage, pay scale
    /// or cost.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "camelCase")]
    pub struct Contract {
        pub id: Uuid,
        pub candidate_id: Uuid,
        pub candidate_name: String,
        /// The work provider of the package.
        pub organisation_id: Uuid,
        pub organisation_name: String,
        pub package_id: Uuid,
        pub package_title: String,
        pub match_id: Uuid,
        pub status: ContractStatus,
        pub kind: ContractKind,
        pub start_date: NaiveDate,
        pub end_date: Option<NaiveDate>,
        pub hours_per_week: u8,
        pub hours_reason: Option<HoursReason>,
        pub collective_agreement: String,
        pub pay_scale: Option<String>,
        /// Euros an hour (not shown to partners).
        #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
        pub hourly_wage: Option<Decimal>,
        pub trial_period_months: u8,
        pub end_reason: Option<EndReason>,
        pub ended_on: Option<NaiveDate>,
        /// The contract's own cost estimate, over its months (a year when open-ended), from the cost norms.
        pub cost: Option<CostEstimate>,
        /// The months the cost covers.
        pub cost_months: u32,
        /// The cost of the person's provisions (Guidance) whose period overlaps the contract's, on top of
        /// `cost` (not shown to partners and job coaches).
        #[serde(default)]
        #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
        pub provision_costs: Option<Decimal>,
        pub created_at: DateTime<Utc>,
        pub updated_at: DateTime<Utc>,
        pub version: i32,
    }

    /// One version of a contract: its terms and status after a change, who made it, when and why.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "camelCase")]
    pub struct ContractVersion {
        pub version: i32,
        pub status: ContractStatus,
        pub kind: ContractKind,
        pub start_date: NaiveDate,
        pub end_date: Option<NaiveDate>,
        pub hours_per_week: u8,
        pub hours_reason: Option<HoursReason>,
        pub collective_agreement: String,
        pub pay_scale: String,
        #[cfg_attr(feature = "openapi", schema(value_type = String))]
        pub hourly_wage: Decimal,
        pub trial_period_months: u8,
        pub end_reason: Option<EndReason>,
        pub ended_on: Option<NaiveDate>,
        /// Why (empty for finance, which reads no notes).
        pub reason: String,
        pub changed_by: Option<String>,
        /// `staff`, `partner`, `api_client` or `system`.
        pub actor_kind: String,
        pub changed_at: DateTime<Utc>,
    }
}

#[cfg(test)]
mod terms_tests {
    use super::*;
    use chrono::NaiveDate;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn input() -> TermsInput {
        TermsInput {
            start_date: Some(day("2027-01-01")),
            end_date: Some(day("2027-12-31")),
            hourly_wage: Some(Decimal::new(1450, 2)),
            ..TermsInput::default()
        }
    }

    #[test]
    fn defaults_are_a_temporary_32_hour_contract_under_the_cao_wsw() {
        let terms = input().check().unwrap();
        assert_eq!(terms.hours_per_week, 32);
        assert_eq!(terms.kind, ContractKind::Temporary);
        assert_eq!(terms.collective_agreement, "cao Wsw");
        assert_eq!(terms.trial_period_months, 1);
        assert_eq!(terms.months(), 12);
        assert_eq!(terms.estimate(&CostNorms::default()).total.to_string(), "31000.00");
    }

    #[test]
    fn every_bad_term_is_named_at_once() {
        let bad = TermsInput {
            end_date: Some(day("2026-12-31")),
            hours_per_week: Some(41),
            hourly_wage: Some(Decimal::new(-1, 0)),
            trial_period_months: Some(3),
            ..input()
        };
        let names: Vec<_> = bad.check().unwrap_err().into_iter().map(|e| (e.name, e.code)).collect();
        let names: Vec<(&str, &str)> = names.iter().map(|(n, c)| (n.as_str(), c.as_str())).collect();
        assert_eq!(
            names,
            [
                ("hoursPerWeek", "out_of_range"),
                ("endDate", "before_start"),
                ("hourlyWage", "out_of_range"),
                ("trialPeriodMonths", "out_of_range")
            ]
        );
    }

    #[test]
    fn a_deviation_from_32_hours_needs_a_reason() {
        let fewer = TermsInput { hours_per_week: Some(28), ..input() };
        assert_eq!(fewer.check().unwrap_err()[0].name, "hoursReason");
        let reasoned = TermsInput { hours_reason: Some(HoursReason::Ability), ..fewer };
        assert_eq!(reasoned.check().unwrap().hours_reason, Some(HoursReason::Ability));
        let full = TermsInput { hours_reason: Some(HoursReason::Wish), ..input() };
        assert_eq!(full.check().unwrap().hours_reason, None, "at 32 hours there is no deviation");
    }

    #[test]
    fn temporary_ends_and_structural_is_open_ended() {
        let open = TermsInput { end_date: None, ..input() };
        assert_eq!(open.check().unwrap_err()[0].code, "required");
        let structural = TermsInput { kind: Some(ContractKind::Structural), ..input() };
        assert_eq!(structural.check().unwrap_err()[0].code, "not_allowed");
        let structural = TermsInput { kind: Some(ContractKind::Structural), end_date: None, ..input() };
        assert_eq!(structural.check().unwrap().months(), 12);
    }

    #[test]
    fn months_count_begun_calendar_months() {
        assert_eq!(contract_months(day("2027-01-01"), Some(day("2027-06-30"))), 6);
        assert_eq!(contract_months(day("2027-01-15"), Some(day("2027-07-14"))), 6);
        assert_eq!(contract_months(day("2027-01-15"), Some(day("2027-07-15"))), 7);
        assert_eq!(contract_months(day("2027-01-01"), Some(day("2027-01-01"))), 1);
        assert_eq!(contract_months(day("2027-01-01"), Some(day("2040-01-01"))), 120);
        assert_eq!(contract_months(day("2027-01-01"), None), 12);
    }

    #[test]
    fn the_changed_fields_are_named() {
        let a = input().check().unwrap();
        let b =
            TermsInput { hours_per_week: Some(28), hours_reason: Some(HoursReason::Wish), ..input() }.check().unwrap();
        assert_eq!(b.changed_fields(&a), ["hoursPerWeek", "hoursReason"]);
    }
}

pub mod budget {
    //! The programme's budget and job target: one reference record per municipality and year (700,000.00
    //! and 40 jobs by default, seed 000), against the cost of the contracts, prorated by calendar days:
    //! realised (the days worked so far) and committed (the remaining days of signed and active contracts).

    use chrono::{Datelike, NaiveDate};
    use rust_decimal::Decimal;
    use serde::{Deserialize, Serialize};
    use uuid::Uuid;

    use crate::validation::Errors;

    /// The budget of a year when none was recorded: 700,000.00 (seed 000).
    pub const DEFAULT_AMOUNT: Decimal = Decimal::from_parts(70_000_000, 0, 0, false, 2);
    /// The job target of a year when none was recorded: 40 jobs (seed 000).
    pub const DEFAULT_JOB_TARGET: u32 = 40;
    pub const MIN_YEAR: i32 = 2000;
    pub const MAX_YEAR: i32 = 2100;

    /// One municipality's budget and job target of a year (version 0: the defaults, not yet recorded).
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "camelCase")]
    pub struct BudgetRecord {
        pub municipality_id: Uuid,
        pub municipality_name: String,
        pub year: i32,
        /// Euros, e.g. `"700000.00"`.
        #[cfg_attr(feature = "openapi", schema(value_type = String))]
        pub amount: Decimal,
        pub job_target: u32,
        pub version: i32,
    }

    /// Record a municipality's budget and job target of a year (admins and finance): the version read
    /// (0 when none was recorded yet).
    #[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "camelCase")]
    pub struct SaveBudget {
        #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
        pub municipality_id: Option<Uuid>,
        #[cfg_attr(feature = "openapi", schema(required = true, nullable = false, minimum = 2000, maximum = 2100))]
        pub year: Option<i32>,
        /// Euros with at most two decimals, 0 to 1,000,000,000.
        #[cfg_attr(feature = "openapi", schema(required = true, nullable = false, value_type = String))]
        pub amount: Option<Decimal>,
        #[cfg_attr(feature = "openapi", schema(required = true, nullable = false, minimum = 0, maximum = 100000))]
        pub job_target: Option<u32>,
        /// The version read: 0 when the year had no record yet.
        #[cfg_attr(feature = "openapi", schema(required = true, nullable = false, minimum = 0))]
        pub version: Option<i32>,
    }

    impl SaveBudget {
        /// Every field error at once; the checked values.
        pub fn check(&self) -> Result<(Uuid, i32, Decimal, u32, i32), Vec<crate::problem::InvalidParam>> {
            let mut errors = Errors::default();
            if self.municipality_id.is_none() {
                errors.add("municipalityId", "required", "kies de gemeente");
            }
            match self.year {
                Some(year) if (MIN_YEAR..=MAX_YEAR).contains(&year) => {}
                _ => errors.add("year", "out_of_range", format!("een jaar van {MIN_YEAR} tot en met {MAX_YEAR}")),
            }
            match self.amount {
                None => errors.add("amount", "required", "het budget"),
                Some(a) if a.normalize().scale() > 2 => errors.add("amount", "precision", "hoogstens twee decimalen"),
                Some(a) if (a.is_sign_negative() && !a.is_zero()) || a > Decimal::from(1_000_000_000) => {
                    errors.add("amount", "out_of_range", "van 0 tot 1.000.000.000")
                }
                Some(_) => {}
            }
            match self.job_target {
                Some(target) if target <= 100_000 => {}
                _ => errors.add("jobTarget", "out_of_range", "van 0 tot en met 100.000 banen"),
            }
            let version = match self.version {
                Some(v) if (0..=crate::validation::MAX_VERSION).contains(&v) => v,
                _ => {
                    errors.add("version", "required", "stuur de versie mee die u heeft gelezen (0 als er nog geen is)");
                    0
                }
            };
            errors.finish(())?;
            Ok((
                self.municipality_id.unwrap_or_default(),
                self.year.unwrap_or_default(),
                crate::money::euros(self.amount.unwrap_or_default()),
                self.job_target.unwrap_or_default(),
                version,
            ))
        }
    }

    /// What an organisation contributes in a year: its agreement per filled position per year, prorated by
    /// the days its positions were (or will be) filled by a contract.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "camelCase")]
    pub struct OrganisationContribution {
        pub organisation_id: Uuid,
        pub organisation_name: String,
        #[cfg_attr(feature = "openapi", schema(value_type = String))]
        pub amount: Decimal,
    }

    /// The budget of a year against the cost of the contracts (the sums of the municipalities in scope).
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "camelCase")]
    pub struct BudgetOverview {
        pub year: i32,
        /// The municipality asked for; none for the caller's whole scope.
        pub municipality_id: Option<Uuid>,
        #[cfg_attr(feature = "openapi", schema(value_type = String))]
        pub budget: Decimal,
        pub job_target: u32,
        /// Signed and active contracts now.
        pub jobs: u32,
        /// The cost of the days worked in the year so far.
        #[cfg_attr(feature = "openapi", schema(value_type = String))]
        pub realised: Decimal,
        /// The cost of the remaining days in the year of signed and active contracts.
        #[cfg_attr(feature = "openapi", schema(value_type = String))]
        pub committed: Decimal,
        /// `budget - realised - committed`.
        #[cfg_attr(feature = "openapi", schema(value_type = String))]
        pub remaining: Decimal,
        /// The part of `realised` and `committed` that is the provisions' cost (Guidance) in the year, each
        /// provision's cost spread over its own period's calendar days.
        #[serde(default)]
        #[cfg_attr(feature = "openapi", schema(value_type = String))]
        pub provision_costs: Decimal,
        pub contributions: Vec<OrganisationContribution>,
        /// The records summed, one per municipality.
        pub records: Vec<BudgetRecord>,
        /// The same cost month by month, January to December (each month rounded to cents), for the chart.
        #[serde(default)]
        pub months: Vec<BudgetMonth>,
    }

    /// The realised and committed cost of one month of the year (the contracts' cost by calendar days).
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "camelCase")]
    pub struct BudgetMonth {
        /// 1 (January) to 12.
        #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 12))]
        pub month: u32,
        #[cfg_attr(feature = "openapi", schema(value_type = String))]
        pub realised: Decimal,
        #[cfg_attr(feature = "openapi", schema(value_type = String))]
        pub committed: Decimal,
    }

    /// The days of `from..=to` that fall in `month` of `year` (0 when none).
    pub fn days_in_month(year: i32, month: u32, from: NaiveDate, to: NaiveDate) -> u32 {
        let Some(first) = NaiveDate::from_ymd_opt(year, month, 1) else { return 0 };
        let Some(last) = first.checked_add_months(chrono::Months::new(1)).and_then(|d| d.pred_opt()) else {
            return 0;
        };
        let (from, to) = (from.max(first), to.min(last));
        if to < from { 0 } else { u32::try_from((to - from).num_days() + 1).unwrap_or(0) }
    }

    /// [`split_cost`] month by month: for each month of `year` (index 0 is January) the realised and the
    /// committed share, exact; the twelve add up to `split_cost`'s two.
    pub fn split_cost_by_month(
        annual: Decimal,
        year: i32,
        start: NaiveDate,
        last: Option<NaiveDate>,
        today: NaiveDate,
        started: bool,
        live: bool,
    ) -> [(Decimal, Decimal); 12] {
        let end = last.unwrap_or(NaiveDate::MAX);
        let length = Decimal::from(year_length(year));
        let tomorrow = today.succ_opt();
        std::array::from_fn(|i| {
            let month = i as u32 + 1;
            let realised = if started { days_in_month(year, month, start, end.min(today)) } else { 0 };
            let committed = match tomorrow {
                Some(tomorrow) if live => days_in_month(year, month, start.max(tomorrow), end),
                _ => 0,
            };
            (annual * Decimal::from(realised) / length, annual * Decimal::from(committed) / length)
        })
    }

    /// The days of `from..=to` that fall in `year` (0 when none).
    pub fn days_in(year: i32, from: NaiveDate, to: NaiveDate) -> u32 {
        let (Some(first), Some(last)) = (NaiveDate::from_ymd_opt(year, 1, 1), NaiveDate::from_ymd_opt(year, 12, 31))
        else {
            return 0;
        };
        let (from, to) = (from.max(first), to.min(last));
        if to < from { 0 } else { u32::try_from((to - from).num_days() + 1).unwrap_or(0) }
    }

    /// The days of `year`: 365 or 366.
    pub fn year_length(year: i32) -> u32 {
        NaiveDate::from_ymd_opt(year, 12, 31).map_or(365, |d| d.ordinal())
    }

    /// A contract's cost in `year` split at `today`: realised (the days it ran up to and including today, if
    /// it started) and committed (its remaining days, if it is live), each `annual x days / days of the
    /// year`, exact. `last` is its end date or the day it ended; none is open-ended.
    pub fn split_cost(
        annual: Decimal,
        year: i32,
        start: NaiveDate,
        last: Option<NaiveDate>,
        today: NaiveDate,
        started: bool,
        live: bool,
    ) -> (Decimal, Decimal) {
        let end = last.unwrap_or(NaiveDate::MAX);
        let length = Decimal::from(year_length(year));
        let realised = if started { days_in(year, start, end.min(today)) } else { 0 };
        let committed = match today.succ_opt() {
            Some(tomorrow) if live => days_in(year, start.max(tomorrow), end),
            _ => 0,
        };
        (annual * Decimal::from(realised) / length, annual * Decimal::from(committed) / length)
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        fn day(s: &str) -> NaiveDate {
            s.parse().unwrap()
        }

        #[test]
        fn the_defaults_are_the_plans() {
            assert_eq!(DEFAULT_AMOUNT.to_string(), "700000.00");
            assert_eq!(DEFAULT_JOB_TARGET, 40);
        }

        #[test]
        fn days_are_counted_within_the_year() {
            assert_eq!(days_in(2027, day("2026-12-01"), day("2027-01-31")), 31);
            assert_eq!(days_in(2027, day("2027-03-01"), day("2028-02-01")), 306);
            assert_eq!(days_in(2027, day("2028-01-01"), day("2028-02-01")), 0);
            assert_eq!(year_length(2028), 366);
        }

        #[test]
        fn a_contract_splits_into_realised_and_committed_by_calendar_days() {
            // 36,500.00 a year is 100.00 a day in 2027; started 1 March, today 10 March: 10 days realised,
            // the rest of the year (296 days) committed.
            let (realised, committed) =
                split_cost(Decimal::from(36_500), 2027, day("2027-03-01"), None, day("2027-03-10"), true, true);
            assert_eq!((realised, committed), (Decimal::from(1_000), Decimal::from(29_600)));
            // Signed, not started yet: all committed.
            let (realised, committed) = split_cost(
                Decimal::from(36_500),
                2027,
                day("2027-04-01"),
                Some(day("2027-04-30")),
                day("2027-03-10"),
                false,
                true,
            );
            assert_eq!((realised, committed), (Decimal::ZERO, Decimal::from(3_000)));
            // Ended: realised up to its last day, nothing committed.
            let (realised, committed) = split_cost(
                Decimal::from(36_500),
                2027,
                day("2027-01-01"),
                Some(day("2027-01-31")),
                day("2027-03-10"),
                true,
                false,
            );
            assert_eq!((realised, committed), (Decimal::from(3_100), Decimal::ZERO));
        }

        #[test]
        fn the_months_add_up_to_the_year_and_split_at_today() {
            // 36,500.00 a year is 100.00 a day in 2027; started 20 February, today 10 March.
            let months = split_cost_by_month(
                Decimal::from(36_500),
                2027,
                day("2027-02-20"),
                None,
                day("2027-03-10"),
                true,
                true,
            );
            assert_eq!(months[0], (Decimal::ZERO, Decimal::ZERO));
            assert_eq!(months[1], (Decimal::from(900), Decimal::ZERO), "20-28 February: 9 days");
            assert_eq!(months[2], (Decimal::from(1_000), Decimal::from(2_100)), "10 days worked, 21 to come");
            assert_eq!(months[3], (Decimal::ZERO, Decimal::from(3_000)));
            assert_eq!(months[11], (Decimal::ZERO, Decimal::from(3_100)));
            let (realised, committed) =
                split_cost(Decimal::from(36_500), 2027, day("2027-02-20"), None, day("2027-03-10"), true, true);
            assert_eq!(months.iter().map(|m| m.0).sum::<Decimal>(), realised);
            assert_eq!(months.iter().map(|m| m.1).sum::<Decimal>(), committed);
            // A leap year's February has 29 days; a contract ending mid-month stops there.
            assert_eq!(days_in_month(2028, 2, day("2028-01-01"), day("2028-12-31")), 29);
            assert_eq!(days_in_month(2027, 12, day("2027-12-31"), day("2028-01-05")), 1);
            assert_eq!(days_in_month(2027, 5, day("2027-06-01"), day("2027-07-01")), 0);
        }
    }
}
