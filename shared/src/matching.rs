//! The fit of a candidate for a task package: a pure, deterministic function that the server ranks with and
//! the SPA shows without a round trip, with its explanation.
//!
//! A fit has **hard exclusions**, each a reason why the pair cannot work (a limitation against a physical
//! demand; fewer available hours than the package needs beyond the allowed deviation; a required ability
//! missing or below its level; a day on which the schedule needs the person but the person is not
//! available), and **soft factors**, each worth up to its weight in points:
//!
//! | factor | fraction of its weight |
//! |---|---|
//! | `abilities` | per required ability, how far the person's level is above the minimum (level 4 is all of it); no required ability: half |
//! | `categories` | the share of the package's hours in task categories the person wishes; no wishes: half |
//! | `dreamJob` | the share of the dream job's words (of 4 letters or more, accents ignored) found in the titles or categories of the tasks |
//! | `neighbourhood` | per task, weighted by its hours: in the wished (else home) neighbourhood 1, in an adjacent one 1/2 |
//! | `hours` | 1 minus the gap between the package's hours and the wished hours (else the available hours), over 16 hours |
//! | `schedule` | the share of the person's available days that the package uses |
//!
//! **Exact sums.** Each factor's exact points are its weight times its fraction, kept in thousandths of a
//! point. The score is their sum rounded half up to a whole number; each factor gets the whole part of its
//! exact points, and the points still missing to reach the score go one each to the factors with the largest
//! remainders (ties: in the order of the table). So the points always add up to the score exactly, and no
//! factor is more than one point from its exact value.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::candidates::{CandidateAbility, Weekday};
use crate::problem::Language;
use crate::reference::PhysicalDemand;
use crate::tasks::{RequiredAbility, ScheduleSlot};

/// The weights of the soft factors (whole numbers summing to 100) and the allowed deviation of hours:
/// reference data an admin can change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct FitWeights {
    #[cfg_attr(feature = "openapi", schema(maximum = 100))]
    pub abilities: u8,
    #[cfg_attr(feature = "openapi", schema(maximum = 100))]
    pub categories: u8,
    #[cfg_attr(feature = "openapi", schema(maximum = 100))]
    pub dream_job: u8,
    #[cfg_attr(feature = "openapi", schema(maximum = 100))]
    pub neighbourhood: u8,
    #[cfg_attr(feature = "openapi", schema(maximum = 100))]
    pub hours: u8,
    #[cfg_attr(feature = "openapi", schema(maximum = 100))]
    pub schedule: u8,
    /// How many hours a week the package may ask beyond the person's available hours before the pair is
    /// excluded.
    #[cfg_attr(feature = "openapi", schema(maximum = 40))]
    pub allowed_hours_deviation: u8,
}

impl Default for FitWeights {
    /// What a person can do weighs most (seed 001: recruit from what a person can do), then where and how
    /// long, then the person's own wishes and dream.
    fn default() -> Self {
        Self {
            abilities: 30,
            categories: 20,
            dream_job: 10,
            neighbourhood: 15,
            hours: 15,
            schedule: 10,
            allowed_hours_deviation: 4,
        }
    }
}

impl FitWeights {
    pub fn total(&self) -> u32 {
        [self.abilities, self.categories, self.dream_job, self.neighbourhood, self.hours, self.schedule]
            .iter()
            .map(|w| u32::from(*w))
            .sum()
    }

    /// The weights must add up to 100 and the deviation stay within a working week.
    pub fn validate(&self) -> Result<(), Vec<crate::problem::InvalidParam>> {
        let mut errors = crate::validation::Errors::default();
        if self.total() != 100 {
            errors.add("weights", "sum", format!("de gewichten tellen op tot {}, niet tot 100", self.total()));
        }
        if self.allowed_hours_deviation > 40 {
            errors.add("allowedHoursDeviation", "range", "0 tot en met 40 uur");
        }
        errors.finish(())
    }
}

/// What the fit needs of a candidate.
#[derive(Debug, Clone, Default)]
pub struct FitCandidate<'a> {
    pub abilities: &'a [CandidateAbility],
    pub physical_limitations: &'a [PhysicalDemand],
    pub available_hours: Option<u8>,
    /// The hours a week the person wishes; without it the available hours count as the wish.
    pub wished_hours: Option<u8>,
    pub available_days: &'a [Weekday],
    pub wish_category_ids: &'a [Uuid],
    pub neighbourhood_id: Option<Uuid>,
    pub wish_neighbourhood_id: Option<Uuid>,
    pub dream_job: &'a str,
}

/// What the fit needs of one task of a package.
#[derive(Debug, Clone)]
pub struct FitTask<'a> {
    pub title: &'a str,
    pub category_id: Uuid,
    pub category_name: &'a str,
    pub neighbourhood_id: Uuid,
    pub hours_per_week: u16,
    pub schedule: &'a [ScheduleSlot],
    pub physical_demands: &'a [PhysicalDemand],
    pub required_abilities: &'a [RequiredAbility],
}

/// Why a pair cannot work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Exclusion {
    /// The person cannot meet this physical demand of a task.
    Limitation(PhysicalDemand),
    /// The package needs `needed` hours; the person has `available` (unknown: `None`).
    Hours { needed: u16, available: Option<u8> },
    /// A required ability is missing (`level` 0) or below its minimum.
    Ability { ability_id: Uuid, min_level: u8, level: u8 },
    /// The schedule needs the person on a day the person is not available.
    Day(Weekday),
}

impl Exclusion {
    pub fn code(&self) -> &'static str {
        match self {
            Exclusion::Limitation(_) => "limitation",
            Exclusion::Hours { .. } => "hours",
            Exclusion::Ability { .. } => "ability",
            Exclusion::Day(_) => "day",
        }
    }

    /// The reason in words; `ability` names an ability by its id.
    pub fn reason(&self, language: Language, ability: &dyn Fn(Uuid) -> String) -> String {
        let nl = language == Language::Nl;
        match self {
            Exclusion::Limitation(demand) => match nl {
                true => format!("een taak vraagt {}, wat deze persoon niet kan", demand.label(language)),
                false => format!("a task requires {}, which this person cannot do", demand.label(language)),
            },
            Exclusion::Hours { needed, available: Some(hours) } => match nl {
                true => format!("het pakket vraagt {needed} uur per week, de persoon kan {hours} uur"),
                false => format!("the package needs {needed} hours a week, the person has {hours}"),
            },
            Exclusion::Hours { needed, available: None } => match nl {
                true => format!("het pakket vraagt {needed} uur per week; de beschikbare uren zijn onbekend"),
                false => format!("the package needs {needed} hours a week; the available hours are unknown"),
            },
            Exclusion::Ability { ability_id, min_level, level: 0 } => match nl {
                true => format!("{} (niveau {min_level}) ontbreekt", ability(*ability_id)),
                false => format!("{} (level {min_level}) is missing", ability(*ability_id)),
            },
            Exclusion::Ability { ability_id, min_level, level } => match nl {
                true => format!("{} op niveau {level}, gevraagd {min_level}", ability(*ability_id)),
                false => format!("{} at level {level}, {min_level} required", ability(*ability_id)),
            },
            Exclusion::Day(day) => match nl {
                true => format!("het rooster vraagt {}, dan is de persoon niet beschikbaar", day.label(language)),
                false => format!("the schedule needs {}, when the person is not available", day.label(language)),
            },
        }
    }
}

/// The soft factors, in the order of the module's table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub enum FactorCode {
    Abilities,
    Categories,
    DreamJob,
    Neighbourhood,
    Hours,
    Schedule,
}

impl FactorCode {
    pub const ALL: [FactorCode; 6] = [
        FactorCode::Abilities,
        FactorCode::Categories,
        FactorCode::DreamJob,
        FactorCode::Neighbourhood,
        FactorCode::Hours,
        FactorCode::Schedule,
    ];

    pub fn weight(self, weights: &FitWeights) -> u8 {
        match self {
            FactorCode::Abilities => weights.abilities,
            FactorCode::Categories => weights.categories,
            FactorCode::DreamJob => weights.dream_job,
            FactorCode::Neighbourhood => weights.neighbourhood,
            FactorCode::Hours => weights.hours,
            FactorCode::Schedule => weights.schedule,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            FactorCode::Abilities => "abilities",
            FactorCode::Categories => "categories",
            FactorCode::DreamJob => "dreamJob",
            FactorCode::Neighbourhood => "neighbourhood",
            FactorCode::Hours => "hours",
            FactorCode::Schedule => "schedule",
        }
    }
}

/// A fraction `num / den` (0 to 1) of a factor's weight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fraction {
    pub num: u32,
    pub den: u32,
}

impl Fraction {
    const HALF: Fraction = Fraction { num: 1, den: 2 };

    fn new(num: u32, den: u32) -> Self {
        if den == 0 { Fraction { num: 0, den: 1 } } else { Fraction { num: num.min(den), den } }
    }

    /// `weight` times this fraction in thousandths of a point, rounded half up.
    fn millipoints(self, weight: u8) -> u64 {
        let scaled = u64::from(weight) * u64::from(self.num) * 1000;
        let den = u64::from(self.den);
        (scaled + den / 2) / den
    }
}

/// One soft factor of a fit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Factor {
    pub code: FactorCode,
    pub weight: u8,
    pub fraction: Fraction,
    /// Whole points; the factors' points add up to the score.
    pub points: u8,
}

impl Factor {
    /// What the points stand for, in words.
    pub fn reason(&self, language: Language) -> String {
        let pct =
            (u64::from(self.fraction.num) * 100 + u64::from(self.fraction.den) / 2) / u64::from(self.fraction.den);
        let nl = language == Language::Nl;
        let what = match (self.code, nl) {
            (FactorCode::Abilities, true) => "vaardigheden boven het gevraagde niveau",
            (FactorCode::Abilities, false) => "abilities above the required level",
            (FactorCode::Categories, true) => "werk in de gewenste taakcategorieën",
            (FactorCode::Categories, false) => "work in the wished task categories",
            (FactorCode::DreamJob, true) => "overeenkomst met de droombaan",
            (FactorCode::DreamJob, false) => "likeness to the dream job",
            (FactorCode::Neighbourhood, true) => "werk in de eigen of een aangrenzende wijk",
            (FactorCode::Neighbourhood, false) => "work in the own or an adjacent neighbourhood",
            (FactorCode::Hours, true) => "uren dicht bij de wens",
            (FactorCode::Hours, false) => "hours close to the wish",
            (FactorCode::Schedule, true) => "rooster op de beschikbare dagen",
            (FactorCode::Schedule, false) => "schedule on the available days",
        };
        match nl {
            true => format!("{what}: {pct}% van {} punten", self.weight),
            false => format!("{what}: {pct}% of {} points", self.weight),
        }
    }
}

/// The fit of one candidate for one package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fit {
    /// 0-100: the sum of the factors' points (also for an excluded pair, which ranks below every other).
    pub score: u8,
    pub exclusions: Vec<Exclusion>,
    pub factors: Vec<Factor>,
}

impl Fit {
    pub fn excluded(&self) -> bool {
        !self.exclusions.is_empty()
    }
}

/// The significant words of a text: 4 letters or more, lower case, accents ignored.
fn words(text: &str) -> Vec<String> {
    // ASCII text has no accents to fold: the same result without the Unicode decomposition.
    let folded = if text.is_ascii() { text.to_ascii_lowercase() } else { crate::text::fold(text) };
    folded.split(|c: char| !c.is_alphanumeric()).filter(|w| w.chars().count() >= 4).map(str::to_owned).collect()
}

/// The bits of a set of weekdays, Monday 1, Tuesday 2 ... Sunday 64: a candidate's `available_days_mask`
/// column, kept beside its day rows so that a ranked list tests every day of a package in one index entry.
pub fn day_mask(days: impl IntoIterator<Item = Weekday>) -> i32 {
    days.into_iter().fold(0, |mask, day| mask | 1 << day as i32)
}

/// The bits of a set of physical demands in the order of `PhysicalDemand::ALL` (heavy lifting 1, prolonged
/// standing 2 ...): a candidate's `limitations_mask` column, kept beside its limitation rows for the same
/// reason as [`day_mask`].
pub fn demand_mask(demands: impl IntoIterator<Item = PhysicalDemand>) -> i32 {
    demands.into_iter().fold(0, |mask, demand| mask | 1 << demand as i32)
}

/// Each ability a package requires once, at the highest level any of its tasks asks, sorted by ability: what
/// the fit checks, and what a server filters on before it scores.
pub fn required_levels<'a>(required: impl Iterator<Item = &'a RequiredAbility>) -> Vec<(Uuid, u8)> {
    let mut levels: Vec<(Uuid, u8)> = Vec::new();
    for r in required {
        match levels.iter_mut().find(|(id, _)| *id == r.ability_id) {
            Some(entry) => entry.1 = entry.1.max(r.min_level),
            None => levels.push((r.ability_id, r.min_level)),
        }
    }
    levels.sort();
    levels
}

/// The fit of `candidate` for a package of `tasks`. `adjacent(a, b)` says whether two neighbourhoods border
/// each other (reference data).
pub fn fit(
    candidate: &FitCandidate,
    tasks: &[FitTask],
    weights: &FitWeights,
    adjacent: &dyn Fn(Uuid, Uuid) -> bool,
) -> Fit {
    let needed: u16 = tasks.iter().map(|t| t.hours_per_week).sum();
    let mut exclusions = Vec::new();

    // Hard exclusions, in a stable order.
    let mut demands: Vec<PhysicalDemand> = tasks.iter().flat_map(|t| t.physical_demands.iter().copied()).collect();
    demands.sort();
    demands.dedup();
    exclusions
        .extend(demands.into_iter().filter(|d| candidate.physical_limitations.contains(d)).map(Exclusion::Limitation));
    let allowed = candidate.available_hours.map(|h| u16::from(h) + u16::from(weights.allowed_hours_deviation));
    if allowed.is_none_or(|allowed| needed > allowed) {
        exclusions.push(Exclusion::Hours { needed, available: candidate.available_hours });
    }
    let required = required_levels(tasks.iter().flat_map(|t| t.required_abilities.iter()));
    let level_of =
        |id: Uuid| candidate.abilities.iter().filter(|a| a.ability_id == id).map(|a| a.level).max().unwrap_or(0);
    for (ability_id, min_level) in &required {
        let level = level_of(*ability_id);
        if level < *min_level {
            exclusions.push(Exclusion::Ability { ability_id: *ability_id, min_level: *min_level, level });
        }
    }
    let mut days: Vec<Weekday> = tasks.iter().flat_map(|t| t.schedule.iter().map(|s| s.day)).collect();
    days.sort();
    days.dedup();
    exclusions.extend(days.iter().filter(|d| !candidate.available_days.contains(d)).map(|d| Exclusion::Day(*d)));

    // Soft factors.
    let abilities = if required.is_empty() {
        Fraction::HALF
    } else {
        // Per ability: (level - min) / (4 - min), a minimum of 4 met counts whole; averaged.
        let mut num = 0;
        let den = 12 * required.len() as u32;
        for (id, min_level) in &required {
            let level = level_of(*id).min(4);
            num += match 4u8.saturating_sub(*min_level) {
                0 => 12,
                room => u32::from(level.saturating_sub(*min_level).min(room)) * 12 / u32::from(room),
            };
        }
        Fraction::new(num, den)
    };
    let hours_in = |keep: &dyn Fn(&FitTask) -> bool| -> u32 {
        tasks.iter().filter(|t| keep(t)).map(|t| u32::from(t.hours_per_week)).sum()
    };
    let all_hours = u32::from(needed);
    let categories = if candidate.wish_category_ids.is_empty() {
        Fraction::HALF
    } else {
        Fraction::new(hours_in(&|t| candidate.wish_category_ids.contains(&t.category_id)), all_hours)
    };
    let dream = words(candidate.dream_job);
    let dream_job = if dream.is_empty() {
        Fraction::new(0, 1)
    } else {
        let found: Vec<String> =
            tasks.iter().flat_map(|t| words(t.title).into_iter().chain(words(t.category_name))).collect();
        let hits =
            dream.iter().filter(|w| found.iter().any(|f| f.contains(w.as_str()) || w.contains(f.as_str()))).count();
        Fraction::new(hits as u32, dream.len() as u32)
    };
    let neighbourhood = match candidate.wish_neighbourhood_id.or(candidate.neighbourhood_id) {
        None => Fraction::new(0, 1),
        Some(home) => {
            let same = hours_in(&|t| t.neighbourhood_id == home);
            let near = hours_in(&|t| t.neighbourhood_id != home && adjacent(home, t.neighbourhood_id));
            Fraction::new(2 * same + near, 2 * all_hours)
        }
    };
    let hours = match candidate.wished_hours.or(candidate.available_hours) {
        None => Fraction::new(0, 1),
        Some(wish) => Fraction::new(16u32.saturating_sub(u32::from(needed.abs_diff(u16::from(wish)))), 16),
    };
    let used = candidate.available_days.iter().filter(|d| days.contains(d)).count() as u32;
    let schedule = Fraction::new(used, candidate.available_days.len() as u32);

    let fractions = [abilities, categories, dream_job, neighbourhood, hours, schedule];
    let exact: Vec<u64> =
        FactorCode::ALL.iter().zip(fractions).map(|(code, f)| f.millipoints(code.weight(weights))).collect();
    let score = (exact.iter().sum::<u64>() + 500) / 1000;
    let mut points: Vec<u64> = exact.iter().map(|m| m / 1000).collect();
    let mut missing = score.saturating_sub(points.iter().sum());
    let mut order: Vec<usize> = (0..exact.len()).collect();
    order.sort_by_key(|i| (std::cmp::Reverse(exact[*i] % 1000), *i));
    for i in order {
        if missing == 0 {
            break;
        }
        if !exact[i].is_multiple_of(1000) {
            points[i] += 1;
            missing -= 1;
        }
    }
    let factors = FactorCode::ALL
        .iter()
        .zip(fractions)
        .zip(points)
        .map(|((code, fraction), points)| Factor {
            code: *code,
            weight: code.weight(weights),
            fraction,
            points: points as u8,
        })
        .collect::<Vec<_>>();
    Fit { score: factors.iter().map(|f| f.points).sum(), exclusions, factors }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tasks::DayPart;

    fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    const DAYS: [Weekday; 4] = [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu];

    fn slots(days: &[Weekday]) -> Vec<ScheduleSlot> {
        days.iter()
            .flat_map(|d| [DayPart::Morning, DayPart::Afternoon].map(|part| ScheduleSlot { day: *d, part }))
            .collect()
    }

    #[test]
    fn masks_give_each_day_and_demand_its_own_bit() {
        assert_eq!(day_mask([]), 0);
        assert_eq!(day_mask([Weekday::Mon]), 1);
        assert_eq!(day_mask([Weekday::Sun, Weekday::Mon, Weekday::Mon]), 65);
        assert_eq!(day_mask(Weekday::ALL), 127);
        assert_eq!(demand_mask([PhysicalDemand::HeavyLifting, PhysicalDemand::CustomerContact]), 1 | 512);
        assert_eq!(demand_mask(PhysicalDemand::ALL), 1023);
        // A candidate available on Monday and Tuesday has every day of a Monday package, not of a Wednesday one.
        let candidate = day_mask([Weekday::Mon, Weekday::Tue]);
        assert_eq!(candidate & day_mask([Weekday::Mon]), day_mask([Weekday::Mon]));
        assert_ne!(candidate & day_mask([Weekday::Wed]), day_mask([Weekday::Wed]));
    }

    struct Case {
        abilities: Vec<CandidateAbility>,
        limitations: Vec<PhysicalDemand>,
        wishes: Vec<Uuid>,
        schedule: Vec<ScheduleSlot>,
        demands: Vec<PhysicalDemand>,
        required: Vec<RequiredAbility>,
    }

    fn case() -> Case {
        Case {
            abilities: vec![CandidateAbility { ability_id: id(1), level: 3 }],
            limitations: vec![],
            wishes: vec![id(10)],
            schedule: slots(&DAYS),
            demands: vec![PhysicalDemand::OutdoorWork],
            required: vec![RequiredAbility { ability_id: id(1), min_level: 2 }],
        }
    }

    fn run(c: &Case, weights: &FitWeights, hours: u16, dream: &str) -> Fit {
        let candidate = FitCandidate {
            abilities: &c.abilities,
            physical_limitations: &c.limitations,
            available_hours: Some(32),
            wished_hours: None,
            available_days: &DAYS,
            wish_category_ids: &c.wishes,
            neighbourhood_id: Some(id(100)),
            wish_neighbourhood_id: None,
            dream_job: dream,
        };
        let task = FitTask {
            title: "Groenonderhoud in het park",
            category_id: id(10),
            category_name: "Groen",
            neighbourhood_id: id(101),
            hours_per_week: hours,
            schedule: &c.schedule,
            physical_demands: &c.demands,
            required_abilities: &c.required,
        };
        fit(&candidate, &[task], weights, &|a, b| (a, b) == (id(100), id(101)))
    }

    #[test]
    fn a_good_pair_scores_each_factor_as_documented_and_the_points_add_up() {
        let f = run(&case(), &FitWeights::default(), 32, "hovenier in een park");
        assert!(!f.excluded());
        let points: Vec<(FactorCode, u8)> = f.factors.iter().map(|f| (f.code, f.points)).collect();
        // abilities: level 3 over minimum 2, room 2: half of 30 = 15; categories all: 20; dream job: "hovenier"
        // no, "park" yes: 1/2 of 10 = 5; neighbourhood adjacent: 7.5; hours equal: 15; schedule all days: 10.
        // Exact 72.5 rounds to 73: the half point goes to the neighbourhood, the only remainder.
        assert_eq!(
            points,
            vec![
                (FactorCode::Abilities, 15),
                (FactorCode::Categories, 20),
                (FactorCode::DreamJob, 5),
                (FactorCode::Neighbourhood, 8),
                (FactorCode::Hours, 15),
                (FactorCode::Schedule, 10)
            ]
        );
        assert_eq!(f.score, 73);
    }

    #[test]
    fn a_limitation_is_named_only_to_a_reader_who_may_read_limitations() {
        let mut c = case();
        c.limitations = vec![PhysicalDemand::OutdoorWork];
        let f = run(&c, &FitWeights::default(), 32, "");
        let name = |_: Uuid| "Tuinieren".to_owned();
        let shown = wire::Explanation::of(&f, Language::Nl, true, &name);
        let hidden = wire::Explanation::of(&f, Language::Nl, false, &name);
        let label = PhysicalDemand::OutdoorWork.label(Language::Nl);
        assert_eq!(shown.hard_exclusions[0].code, "limitation");
        assert!(shown.hard_exclusions[0].reason.contains(label), "{}", shown.hard_exclusions[0].reason);
        assert_eq!(hidden.hard_exclusions[0].code, "limitation");
        assert!(!hidden.hard_exclusions[0].reason.contains(label), "{}", hidden.hard_exclusions[0].reason);
        assert_eq!(shown.factors, hidden.factors);
    }

    #[test]
    fn each_hard_exclusion_has_its_reason() {
        let mut c = case();
        c.limitations = vec![PhysicalDemand::OutdoorWork];
        c.abilities = vec![];
        c.schedule = slots(&[Weekday::Mon, Weekday::Fri]);
        let f = run(&c, &FitWeights::default(), 40, "");
        let codes: Vec<&str> = f.exclusions.iter().map(Exclusion::code).collect();
        assert_eq!(codes, ["limitation", "hours", "ability", "day"]);
        let name = |_: Uuid| "Tuinieren".to_owned();
        let reasons: Vec<String> = f.exclusions.iter().map(|e| e.reason(Language::Nl, &name)).collect();
        assert!(reasons[1].contains("40 uur") && reasons[1].contains("32 uur"), "{reasons:?}");
        assert!(reasons[2].contains("Tuinieren (niveau 2) ontbreekt"), "{reasons:?}");
        assert!(reasons[3].contains("vrijdag"), "{reasons:?}");
        // Within the allowed deviation (32 + 4) the hours are no exclusion.
        assert!(run(&case(), &FitWeights::default(), 36, "").exclusions.is_empty());
        assert_eq!(run(&case(), &FitWeights::default(), 37, "").exclusions[0].code(), "hours");
    }

    #[test]
    fn points_always_add_up_to_the_score_whatever_the_weights() {
        let weight_sets = [
            FitWeights::default(),
            FitWeights {
                abilities: 17,
                categories: 17,
                dream_job: 17,
                neighbourhood: 17,
                hours: 16,
                schedule: 16,
                allowed_hours_deviation: 0,
            },
            FitWeights {
                abilities: 100,
                categories: 0,
                dream_job: 0,
                neighbourhood: 0,
                hours: 0,
                schedule: 0,
                allowed_hours_deviation: 8,
            },
            FitWeights {
                abilities: 1,
                categories: 33,
                dream_job: 7,
                neighbourhood: 29,
                hours: 13,
                schedule: 17,
                allowed_hours_deviation: 2,
            },
        ];
        for weights in weight_sets {
            assert_eq!(weights.total(), 100);
            for hours in [4, 12, 19, 27, 32, 36] {
                for dream in ["", "park", "groen werk in de wijk"] {
                    let f = run(&case(), &weights, hours, dream);
                    let sum: u32 = f.factors.iter().map(|f| u32::from(f.points)).sum();
                    assert_eq!(sum, u32::from(f.score));
                    let exact: u64 = f.factors.iter().map(|f| f.fraction.millipoints(f.weight)).sum();
                    assert_eq!(u64::from(f.score), (exact + 500) / 1000, "rounded half up");
                    for factor in &f.factors {
                        let exact = factor.fraction.millipoints(factor.weight);
                        assert!(
                            u64::from(factor.points) * 1000 + 1000 > exact
                                && u64::from(factor.points) * 1000 < exact + 1000
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn changing_a_weight_moves_the_score_as_documented() {
        let base = run(&case(), &FitWeights::default(), 32, "");
        // Moving 10 points from the dream job (0 of it reached) to the categories (all of it) adds 10.
        let shifted = FitWeights { dream_job: 0, categories: 30, ..FitWeights::default() };
        assert_eq!(run(&case(), &shifted, 32, "").score, base.score + 10);
        assert!(shifted.validate().is_ok());
        assert!(FitWeights { hours: 16, ..FitWeights::default() }.validate().is_err());
    }

    #[test]
    fn hours_and_neighbourhood_fall_off_with_distance() {
        let near = run(&case(), &FitWeights::default(), 32, "");
        let fewer = run(&case(), &FitWeights::default(), 24, "");
        let hours = |f: &Fit| f.factors.iter().find(|f| f.code == FactorCode::Hours).unwrap().fraction;
        assert_eq!(hours(&near), Fraction { num: 16, den: 16 });
        assert_eq!(hours(&fewer), Fraction { num: 8, den: 16 });
        let schedule = |f: &Fit| f.factors.iter().find(|f| f.code == FactorCode::Schedule).unwrap().fraction;
        let mut two_days = case();
        two_days.schedule = slots(&[Weekday::Mon, Weekday::Tue]);
        assert_eq!(schedule(&run(&two_days, &FitWeights::default(), 16, "")), Fraction { num: 2, den: 4 });
    }
}

pub mod wire {
    //! What the API answers about fits and matches.

    use serde::{Deserialize, Serialize};
    use uuid::Uuid;

    use super::{Exclusion, Factor, FactorCode, Fit};
    use crate::candidates::CandidateStatus;
    use crate::problem::Language;

    /// A hard exclusion as the API shows it.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "camelCase")]
    pub struct ExclusionReason {
        /// `limitation`, `hours`, `ability` or `day`.
        pub code: String,
        pub reason: String,
    }

    /// A soft factor's points as the API shows them.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "camelCase")]
    pub struct FactorPoints {
        pub code: FactorCode,
        /// Whole points; the factors' points add up to the score.
        pub points: u8,
        /// The factor's weight: the most it can give.
        pub weight: u8,
        pub reason: String,
    }

    /// Why a pair ranks where it ranks.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "camelCase")]
    pub struct Explanation {
        pub hard_exclusions: Vec<ExclusionReason>,
        pub factors: Vec<FactorPoints>,
    }

    impl Explanation {
        /// The explanation of `fit` in `language`. `show_limitations`: whether the reader may see the
        /// candidate's physical limitations (else such an exclusion names no limitation).
        pub fn of(fit: &Fit, language: Language, show_limitations: bool, ability: &dyn Fn(Uuid) -> String) -> Self {
            let hard_exclusions = fit
                .exclusions
                .iter()
                .map(|e| ExclusionReason {
                    code: e.code().to_owned(),
                    reason: match e {
                        Exclusion::Limitation(_) if !show_limitations => match language {
                            Language::Nl => "een lichamelijke beperking past niet bij het werk".to_owned(),
                            Language::En => "a physical limitation does not suit the work".to_owned(),
                        },
                        _ => e.reason(language, ability),
                    },
                })
                .collect();
            let factors = fit
                .factors
                .iter()
                .map(|f: &Factor| FactorPoints {
                    code: f.code,
                    points: f.points,
                    weight: f.weight,
                    reason: f.reason(language),
                })
                .collect();
            Explanation { hard_exclusions, factors }
        }
    }

    /// One candidate of a package's ranked list.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "camelCase")]
    pub struct RankedCandidate {
        pub candidate_id: Uuid,
        pub first_name: String,
        pub last_name: String,
        /// `eligible`, or `pre_trajectory` (shown marked).
        pub status: CandidateStatus,
        pub score: u8,
        pub excluded: bool,
        pub explanation: Explanation,
    }

    /// The packages a candidate prefers, best first, as staff recorded them in conversation with the
    /// candidate. `version` 0: nothing recorded yet.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "camelCase")]
    pub struct Preferences {
        pub candidate_id: Uuid,
        pub package_ids: Vec<Uuid>,
        pub recorded_by: Option<String>,
        pub recorded_at: Option<chrono::DateTime<chrono::Utc>>,
        pub version: i32,
        /// The matching round that used this list and whose proposal for the candidate staff have not yet
        /// accepted or rejected (the match is still `proposed`). While it is set, the list cannot change
        /// (409 `preferences_in_round`); the round keeps its own copy of what it used.
        #[serde(default)]
        pub locked_by_round: Option<Uuid>,
    }

    /// A new preference list: open packages of the candidate's municipality, best first, each once (at
    /// most 20), and the version it replaces (0 for the first list).
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "camelCase")]
    pub struct SavePreferences {
        pub package_ids: Vec<Uuid>,
        #[cfg_attr(feature = "openapi", schema(minimum = 0, required = true, nullable = false))]
        pub version: Option<i32>,
    }

    /// A candidate matched to a package.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "camelCase")]
    pub struct Match {
        pub id: Uuid,
        pub candidate_id: Uuid,
        /// The candidate's full name; a partner reads the first name only.
        pub candidate_name: String,
        /// The hours a week the candidate is available.
        #[serde(default)]
        pub candidate_hours: Option<u8>,
        pub package_id: Uuid,
        pub package_title: String,
        /// The number of the position it holds (from `trial_placement` on).
        pub position_number: Option<u16>,
        pub stage: super::lifecycle::MatchStage,
        /// The fit score when it was proposed (not shown to partners).
        pub score: Option<u8>,
        pub declined_by: Option<super::lifecycle::DeclinedBy>,
        pub decline_reason: String,
        pub trial_start_date: Option<chrono::NaiveDate>,
        pub trial_end_date: Option<chrono::NaiveDate>,
        pub created_at: chrono::DateTime<chrono::Utc>,
        pub updated_at: chrono::DateTime<chrono::Utc>,
        pub version: i32,
    }

    /// Propose a candidate for a package (staff): an eligible candidate and an open package of the same
    /// municipality.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "camelCase")]
    pub struct CreateMatch {
        #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
        pub candidate_id: Option<Uuid>,
        #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
        pub package_id: Option<Uuid>,
    }

    /// A step of a match. `declinedBy` and a reason for `declined`; `trialStartDate` and `trialEndDate`
    /// (and optionally `positionId`) for `trial_placement`.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "camelCase")]
    pub struct MatchTransition {
        #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
        pub to: Option<super::lifecycle::MatchStage>,
        #[serde(default)]
        pub reason: String,
        #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
        pub version: Option<i32>,
        pub declined_by: Option<super::lifecycle::DeclinedBy>,
        pub position_id: Option<Uuid>,
        pub trial_start_date: Option<chrono::NaiveDate>,
        pub trial_end_date: Option<chrono::NaiveDate>,
    }

    /// The fit weights in force, with their version.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "camelCase")]
    pub struct FitWeightsRecord {
        #[serde(flatten)]
        pub weights: super::FitWeights,
        pub version: i32,
    }

    /// A change of the fit weights: all six weights (summing to 100), the allowed deviation, and the
    /// version it is based on.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "camelCase")]
    pub struct SaveFitWeights {
        pub abilities: u8,
        pub categories: u8,
        pub dream_job: u8,
        pub neighbourhood: u8,
        pub hours: u8,
        pub schedule: u8,
        /// Hours a week a package may ask beyond the person's available hours, 0-40.
        pub allowed_hours_deviation: u8,
        /// The version the change is based on.
        pub version: Option<i32>,
    }

    impl SaveFitWeights {
        pub fn weights(&self) -> super::FitWeights {
            super::FitWeights {
                abilities: self.abilities,
                categories: self.categories,
                dream_job: self.dream_job,
                neighbourhood: self.neighbourhood,
                hours: self.hours,
                schedule: self.schedule,
                allowed_hours_deviation: self.allowed_hours_deviation,
            }
        }
    }

    /// One package of a candidate's ranked list.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "camelCase")]
    pub struct RankedPackage {
        pub package_id: Uuid,
        pub title: String,
        pub organisation_name: String,
        pub hours_per_week: u16,
        pub positions: u16,
        pub score: u8,
        pub excluded: bool,
        pub explanation: Explanation,
    }
}

pub mod rounds {
    //! Matching rounds: a set of candidates and open packages run through one of the two algorithms; the
    //! round stores everything needed to re-run and audit it, and creates `proposed` matches that staff
    //! accept (`introduced`) or reject (`declined` by staff) one by one.

    use serde::{Deserialize, Serialize};
    use uuid::Uuid;

    use super::lifecycle::MatchStage;

    /// At most this many candidates take part in one round.
    pub const MAX_CANDIDATES: usize = 5_000;
    /// At most this many positions (the free positions of the round's packages together) in one round.
    pub const MAX_POSITIONS: usize = 1_000;
    /// Up to this many acceptable pairs are answered inline with the round; a larger round pages them at
    /// `GET /matching-rounds/{id}/pairs`.
    pub const INLINE_PAIRS: usize = 10_000;

    /// How a round assigns candidates to positions.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "snake_case")]
    #[derive(strum::IntoStaticStr, strum::EnumString)]
    #[strum(serialize_all = "snake_case")]
    pub enum RoundAlgorithm {
        /// Candidate-proposing deferred acceptance along the candidates' own preference lists, with the
        /// packages ranking their proposers by fit score (ties: candidate id as text, ascending): the
        /// candidate-optimal stable matching. A candidate without preferences is not proposed.
        Stable,
        /// The assignment with the highest total fit score over the acceptable pairs; among those, the one
        /// that gives most candidates a package they listed (a first choice weighs 20, a 20th 1); then the one
        /// that matches most candidates. Remaining ties follow candidate id and package id order.
        Optimal,
    }

    impl RoundAlgorithm {
        pub fn as_str(self) -> &'static str {
            self.into()
        }
    }

    /// A new round. Without `packageIds`: every open package in the caller's scope; without
    /// `candidateIds`: every eligible candidate in the caller's scope.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "camelCase")]
    pub struct CreateRound {
        #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
        pub algorithm: Option<RoundAlgorithm>,
        /// Open packages, each once (at most 1,000 positions together); omitted: all; never empty.
        #[serde(default)]
        #[cfg_attr(feature = "openapi", schema(min_items = 1))]
        pub package_ids: Option<Vec<Uuid>>,
        /// Eligible candidates, each once (at most 5,000); omitted: all; never empty.
        #[serde(default)]
        #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 5000))]
        pub candidate_ids: Option<Vec<Uuid>>,
    }

    /// One candidate of a round, with the preferences the round used (best first; only packages of the
    /// round).
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "camelCase")]
    pub struct RoundCandidate {
        pub id: Uuid,
        pub preferences: Vec<Uuid>,
    }

    /// One package of a round with the positions the round could fill (its free positions then).
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "camelCase")]
    pub struct RoundPackage {
        pub id: Uuid,
        pub positions: u16,
    }

    /// An acceptable pair of a round with the exact fit score the algorithm used.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "camelCase")]
    pub struct RoundPair {
        pub candidate_id: Uuid,
        pub package_id: Uuid,
        pub score: u8,
    }

    /// What a round ran on.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "camelCase")]
    pub struct RoundInputs {
        pub candidates: Vec<RoundCandidate>,
        pub packages: Vec<RoundPackage>,
        /// The acceptable pairs (no hard exclusion, same municipality, no live match yet); inline when
        /// there are at most 10,000 of them, else empty and paged at `/matching-rounds/{id}/pairs`.
        pub pairs: Vec<RoundPair>,
        /// The number of acceptable pairs.
        pub pair_count: u32,
        /// Whether `pairs` holds every pair (false: page them at `/matching-rounds/{id}/pairs`).
        pub pairs_inline: bool,
    }

    /// One proposal of a round: the `proposed` match it created, and where that match is now.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "camelCase")]
    pub struct RoundProposal {
        pub candidate_id: Uuid,
        pub package_id: Uuid,
        pub score: u8,
        pub match_id: Uuid,
        /// The match's stage now (`proposed` until staff accept or reject it).
        pub stage: MatchStage,
        /// The match's version, for the next step.
        pub version: i32,
        pub candidate_name: String,
        pub package_title: String,
    }

    /// A round with everything needed to re-run and audit it.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "camelCase")]
    pub struct Round {
        pub id: Uuid,
        pub algorithm: RoundAlgorithm,
        pub created_at: chrono::DateTime<chrono::Utc>,
        /// Who ran it.
        pub created_by: String,
        pub inputs: RoundInputs,
        /// By candidate id.
        pub proposals: Vec<RoundProposal>,
    }

    /// What a round held about one candidate (the GDPR copy): the preferences it used and the candidate's
    /// acceptable pairs with their scores.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "camelCase")]
    pub struct CandidateInRound {
        pub round_id: Uuid,
        pub preferences: Vec<Uuid>,
        pub pairs: Vec<RoundPair>,
    }

    /// A round in the list of rounds.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "camelCase")]
    pub struct RoundSummary {
        pub id: Uuid,
        pub algorithm: RoundAlgorithm,
        pub created_at: chrono::DateTime<chrono::Utc>,
        pub created_by: String,
        pub candidate_count: u32,
        pub package_count: u32,
        pub position_count: u32,
        pub pair_count: u32,
        pub proposal_count: u32,
        /// The sum of the proposals' scores.
        pub total_score: u32,
    }
}

pub mod lifecycle {
    //! The life of a match: `proposed -> introduced -> trial_placement -> agreed -> contracted`, or
    //! `declined` (by the candidate, the organisation or staff, with a reason). One state machine, used by
    //! the server to check each step and by the SPA to offer only the allowed ones.

    use serde::{Deserialize, Serialize};

    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "snake_case")]
    #[derive(strum::IntoStaticStr, strum::EnumString)]
    #[strum(serialize_all = "snake_case")]
    pub enum MatchStage {
        /// Proposed by a matching round (or by staff); nobody has been told yet.
        Proposed,
        /// Staff introduced the candidate to the organisation (a round's proposal accepted).
        Introduced,
        /// On trial at the organisation: the match holds one of the package's positions.
        TrialPlacement,
        /// Candidate and organisation agree; a contract can be drawn up.
        Agreed,
        /// A signed contract came from it.
        Contracted,
        Declined,
    }

    impl MatchStage {
        pub fn as_str(self) -> &'static str {
            self.into()
        }

        pub fn parse(value: &str) -> Option<Self> {
            value.parse().ok()
        }

        /// Whether a match in this stage holds a position (a placement).
        pub fn holds_position(self) -> bool {
            matches!(self, MatchStage::TrialPlacement | MatchStage::Agreed | MatchStage::Contracted)
        }

        pub fn is_final(self) -> bool {
            matches!(self, MatchStage::Contracted | MatchStage::Declined)
        }

        /// The stage's name for people, in `language`: the one table of these words, used by the SPA and by
        /// the server (the timeline's entries).
        pub fn label(self, language: crate::problem::Language) -> &'static str {
            use crate::problem::Language::{En, Nl};
            match (language, self) {
                (Nl, MatchStage::Proposed) => "Voorgesteld",
                (Nl, MatchStage::Introduced) => "Kennisgemaakt",
                (Nl, MatchStage::TrialPlacement) => "Proefplaatsing",
                (Nl, MatchStage::Agreed) => "Akkoord",
                (Nl, MatchStage::Contracted) => "Contract getekend",
                (Nl, MatchStage::Declined) => "Afgewezen",
                (En, MatchStage::Proposed) => "Proposed",
                (En, MatchStage::Introduced) => "Introduced",
                (En, MatchStage::TrialPlacement) => "Trial placement",
                (En, MatchStage::Agreed) => "Agreed",
                (En, MatchStage::Contracted) => "Contracted",
                (En, MatchStage::Declined) => "Declined",
            }
        }
    }

    /// Who declined a match.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "snake_case")]
    #[derive(strum::IntoStaticStr, strum::EnumString)]
    #[strum(serialize_all = "snake_case")]
    pub enum DeclinedBy {
        Candidate,
        Organisation,
        Staff,
    }

    /// Who takes a step.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum MatchActor {
        /// Admins and consultants.
        Staff,
        /// The organisation of the package.
        Partner,
        /// The server itself, e.g. when a contract is signed.
        System,
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum MatchStepError {
        /// Not a step of the machine, or not this actor's.
        NotAllowed { from: MatchStage, to: MatchStage },
        /// A step to `declined` says who declined.
        DeclinedByRequired,
        /// `declinedBy` belongs only to a step to `declined`, and a partner declines only for its organisation.
        DeclinedByNotAllowed,
    }

    /// The steps `actor` may take from `from`.
    pub fn next_steps(from: MatchStage, actor: MatchActor) -> &'static [MatchStage] {
        use MatchStage::*;
        match (actor, from) {
            (MatchActor::Staff, Proposed) => &[Introduced, Declined],
            (MatchActor::Staff, Introduced) => &[TrialPlacement, Declined],
            (MatchActor::Staff, TrialPlacement) => &[Agreed, Declined],
            (MatchActor::Staff, Agreed) => &[Declined],
            (MatchActor::Partner, Introduced | TrialPlacement | Agreed) => &[Declined],
            (MatchActor::System, Agreed) => &[Contracted],
            _ => &[],
        }
    }

    /// Checks one step: allowed for `actor` from `from`, and `declined_by` given exactly for a step to
    /// `declined` (a partner declines for its organisation; staff record who declined).
    pub fn check_step(
        from: MatchStage,
        to: MatchStage,
        actor: MatchActor,
        declined_by: Option<DeclinedBy>,
    ) -> Result<(), MatchStepError> {
        if !next_steps(from, actor).contains(&to) {
            return Err(MatchStepError::NotAllowed { from, to });
        }
        match (to, declined_by, actor) {
            (MatchStage::Declined, None, _) => Err(MatchStepError::DeclinedByRequired),
            (MatchStage::Declined, Some(by), MatchActor::Partner) if by != DeclinedBy::Organisation => {
                Err(MatchStepError::DeclinedByNotAllowed)
            }
            (MatchStage::Declined, Some(_), _) => Ok(()),
            (_, Some(_), _) => Err(MatchStepError::DeclinedByNotAllowed),
            (_, None, _) => Ok(()),
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use MatchStage::*;

        const ALL: [MatchStage; 6] = [Proposed, Introduced, TrialPlacement, Agreed, Contracted, Declined];

        #[test]
        fn every_allowed_and_every_forbidden_step() {
            let allowed = [
                (MatchActor::Staff, Proposed, Introduced),
                (MatchActor::Staff, Proposed, Declined),
                (MatchActor::Staff, Introduced, TrialPlacement),
                (MatchActor::Staff, Introduced, Declined),
                (MatchActor::Staff, TrialPlacement, Agreed),
                (MatchActor::Staff, TrialPlacement, Declined),
                (MatchActor::Staff, Agreed, Declined),
                (MatchActor::Partner, Introduced, Declined),
                (MatchActor::Partner, TrialPlacement, Declined),
                (MatchActor::Partner, Agreed, Declined),
                (MatchActor::System, Agreed, Contracted),
            ];
            for actor in [MatchActor::Staff, MatchActor::Partner, MatchActor::System] {
                for from in ALL {
                    for to in ALL {
                        let by = (to == Declined).then_some(match actor {
                            MatchActor::Partner => DeclinedBy::Organisation,
                            _ => DeclinedBy::Staff,
                        });
                        let expected = allowed.contains(&(actor, from, to));
                        assert_eq!(check_step(from, to, actor, by).is_ok(), expected, "{actor:?} {from:?} -> {to:?}");
                    }
                }
            }
        }

        #[test]
        fn declining_says_who_and_a_partner_declines_only_for_its_organisation() {
            assert_eq!(
                check_step(Introduced, Declined, MatchActor::Staff, None),
                Err(MatchStepError::DeclinedByRequired)
            );
            assert!(check_step(Introduced, Declined, MatchActor::Staff, Some(DeclinedBy::Candidate)).is_ok());
            assert_eq!(
                check_step(Introduced, Declined, MatchActor::Partner, Some(DeclinedBy::Candidate)),
                Err(MatchStepError::DeclinedByNotAllowed)
            );
            assert_eq!(
                check_step(Proposed, Introduced, MatchActor::Staff, Some(DeclinedBy::Staff)),
                Err(MatchStepError::DeclinedByNotAllowed)
            );
            assert!(TrialPlacement.holds_position() && Contracted.holds_position() && !Introduced.holds_position());
            assert!(ALL.iter().filter(|s| s.is_final()).all(|s| next_steps(*s, MatchActor::Staff).is_empty()));
        }

        #[test]
        fn every_stage_has_its_own_name_in_each_language() {
            use crate::problem::Language;
            for language in [Language::Nl, Language::En] {
                let names: std::collections::BTreeSet<&str> = ALL.iter().map(|s| s.label(language)).collect();
                assert_eq!(names.len(), ALL.len(), "{language:?}: {names:?}");
            }
            assert_eq!(TrialPlacement.label(Language::Nl), "Proefplaatsing");
            assert_eq!(TrialPlacement.label(Language::En), "Trial placement");
        }
    }
}
