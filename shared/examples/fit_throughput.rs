//! Fit scores per second: `shared::matching::fit` on a realistic pair (a two-task package of 32 hours with
//! demands, required abilities and a four-day schedule; a candidate with abilities, a limitation, wishes and
//! a dream job), varied per call so that nothing is computed once. Figures go in BENCHMARKS.md.
//!
//! `cargo run --release -p shared --example fit_throughput`

use std::hint::black_box;
use std::time::Instant;

use shared::candidates::{CandidateAbility, Weekday};
use shared::matching::{FitCandidate, FitTask, FitWeights, fit};
use shared::reference::PhysicalDemand;
use shared::tasks::{DayPart, RequiredAbility, ScheduleSlot};
use uuid::Uuid;

fn main() {
    let id = |n: u128| Uuid::from_u128(n);
    let slots = |days: &[Weekday]| -> Vec<ScheduleSlot> {
        days.iter()
            .flat_map(|d| [DayPart::Morning, DayPart::Afternoon].map(|part| ScheduleSlot { day: *d, part }))
            .collect()
    };
    let first = slots(&[Weekday::Mon, Weekday::Tue]);
    let second = slots(&[Weekday::Wed, Weekday::Thu]);
    let demands = [PhysicalDemand::OutdoorWork, PhysicalDemand::Kneeling];
    let required_a = [RequiredAbility { ability_id: id(1), min_level: 2 }];
    let required_b =
        [RequiredAbility { ability_id: id(1), min_level: 1 }, RequiredAbility { ability_id: id(2), min_level: 1 }];
    let tasks = [
        FitTask {
            title: "Perken en plantsoenen onderhouden",
            category_id: id(10),
            category_name: "Groen",
            neighbourhood_id: id(101),
            hours_per_week: 16,
            schedule: &first,
            physical_demands: &demands,
            required_abilities: &required_a,
        },
        FitTask {
            title: "Moestuin bij de flat verzorgen",
            category_id: id(10),
            category_name: "Groen",
            neighbourhood_id: id(101),
            hours_per_week: 16,
            schedule: &second,
            physical_demands: &demands[..1],
            required_abilities: &required_b,
        },
    ];
    let days = [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri];
    let limitations = [PhysicalDemand::HeavyLifting];
    let wishes = [id(10), id(11)];
    let people: Vec<Vec<CandidateAbility>> = (0..64u8)
        .map(|n| {
            vec![
                CandidateAbility { ability_id: id(1), level: n % 4 + 1 },
                CandidateAbility { ability_id: id(2), level: (n / 4) % 4 + 1 },
                CandidateAbility { ability_id: id(3), level: 2 },
            ]
        })
        .collect();
    let weights = FitWeights::default();
    let adjacent = |a: Uuid, b: Uuid| (a, b) == (id(100), id(101));
    let calls = 2_000_000u32;
    let mut runs = Vec::new();
    for _ in 0..3 {
        let start = Instant::now();
        let mut total = 0u64;
        for i in 0..calls {
            let candidate = FitCandidate {
                abilities: &people[(i % 64) as usize],
                physical_limitations: &limitations,
                available_hours: Some(24 + (i % 3) as u8 * 4),
                wished_hours: None,
                available_days: &days[..4 + (i % 2) as usize],
                wish_category_ids: &wishes[..(i % 3) as usize % 2 + 1],
                neighbourhood_id: Some(id(100 + u128::from(i % 3))),
                wish_neighbourhood_id: None,
                dream_job: "werken in het groen, in een park of moestuin",
            };
            total += u64::from(black_box(fit(black_box(&candidate), black_box(&tasks), &weights, &adjacent)).score);
        }
        let elapsed = start.elapsed();
        black_box(total);
        runs.push(elapsed);
    }
    let best = runs.iter().min().copied().unwrap_or_default();
    let per_second = f64::from(calls) / best.as_secs_f64();
    println!(
        "fit: {calls} calls, best of 3 runs {:.1} ms ({:.0} ns a call, {:.2} million fits a second); runs: {:?}",
        best.as_secs_f64() * 1000.0,
        best.as_secs_f64() * 1e9 / f64::from(calls),
        per_second / 1e6,
        runs
    );
}
