//! Monitoring (issue 13): the Werkkamer feed. Known answers, its HTTP behaviour (ETag, 304, caching, bad
//! input, roles), and the attacker's linear programs against its suppression.

use std::collections::{BTreeMap, BTreeSet};

use backend::monitoring::service::{Facts, Job, Money, Person, Place, Settings, YearFeed};
use chrono::NaiveDate;
use reqwest::StatusCode;
use rust_decimal::Decimal;
use serde_json::{Value, json};
use shared::auth::Role;
use shared::candidates::CandidateStatus;
use shared::candidates::Source;
use shared::contracts::lifecycle::EndReason;
use shared::monitoring::{DEFAULT_FTE_HOURS, Period};

use crate::helpers::{TestApp, assert_problem, field_names, on_each_database, on_each_database_with};

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn settings(suppress_below: u32) -> Settings {
    Settings { suppress_below, fte_hours: DEFAULT_FTE_HOURS }
}

fn job(place: usize, register: bool, start: &str, hours: u32) -> Job {
    Job { place, register, start: date(start), last_day: None, ended: None, hours_per_week: hours }
}

fn money(target: u32) -> Money {
    Money { target, budget: Decimal::from(700_000), ..Money::default() }
}

#[test]
fn seventeen_of_forty_jobs_is_42_5_percent_and_51_register_hours_are_2_standard_jobs() {
    let mut jobs = Vec::new();
    // Ten people in the target-group register working 51 hours a week together: 9 x 5 + 6.
    for i in 0..10 {
        jobs.push(job(0, true, "2026-02-01", if i == 0 { 6 } else { 5 }));
    }
    // Seven others of 32 hours.
    for _ in 0..7 {
        jobs.push(job(0, false, "2026-03-15", 32));
    }
    // Not counted on 30 June: ended before it, or starting after it.
    let mut ended = job(0, true, "2026-01-01", 32);
    ended.last_day = Some(date("2026-06-29"));
    ended.ended = Some((date("2026-06-29"), EndReason::RegularJob));
    jobs.push(ended);
    jobs.push(job(0, false, "2026-07-01", 32));
    let facts = Facts {
        places: vec![Place { code: "GM0014".into(), name: "Groningen".into() }],
        people: Vec::new(),
        jobs,
        money: vec![money(40)],
    };
    let feed = YearFeed::compute(&facts, 2026, settings(10));
    for code in ["2026-06", "2026-Q2"] {
        let answer = serde_json::to_value(feed.render(Period::parse(code).unwrap(), None)).unwrap();
        let region = &answer["region"];
        assert_eq!(region["jobs"]["target"], 40);
        assert_eq!(region["jobs"]["realised"], json!({"value": 17, "suppressed": false}), "{code}");
        assert_eq!(region["jobs"]["realisationPct"], "42.5");
        assert_eq!(region["register"]["people"]["value"], 10);
        assert_eq!(region["register"]["hours"]["value"], "51");
        assert_eq!(region["register"]["standardJobs"]["value"], "2.00");
        assert_eq!(region["jobs"]["hours"]["value"], "275", "51 + 7 x 32");
        assert_eq!(region["jobs"]["fte"]["value"], "8.59", "275 / 32");
        assert_eq!(answer["municipalities"][0]["jobs"]["realised"]["value"], 17, "the one municipality is the region");
        assert_eq!(answer["version"], 1);
    }
    // On 31 January only the job that ended in June counts: one, below the threshold.
    let january = serde_json::to_value(feed.render(Period::parse("2026-01").unwrap(), None)).unwrap();
    assert_eq!(january["region"]["jobs"]["realised"], json!({"value": null, "suppressed": true}));
    assert_eq!(january["region"]["jobs"]["realisationPct"], Value::Null);
    assert_eq!(january["region"]["jobs"]["hours"], json!({"value": null, "suppressed": true}));
    assert_eq!(january["region"]["register"]["standardJobs"]["suppressed"], true);
    // With a threshold of 1, the one job of January shows.
    let open = YearFeed::compute(&facts, 2026, settings(1));
    let january = serde_json::to_value(open.render(Period::parse("2026-01").unwrap(), None)).unwrap();
    assert_eq!(january["region"]["jobs"]["realised"]["value"], 1);
    assert_eq!(january["region"]["jobs"]["realisationPct"], "2.5");
}

/// A crafted region of three municipalities, one large, one middling and one small, with a year of
/// registrations, status changes, exits and contracts spread over the months: many small cells.
fn crafted() -> Facts {
    let mut seed: u64 = 0x5eed;
    let mut next = |n: u64| {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 33) % n
    };
    let places = vec![
        Place { code: "GM0001".into(), name: "Aa".into() },
        Place { code: "GM0002".into(), name: "Bee".into() },
        Place { code: "GM0003".into(), name: "Cee".into() },
    ];
    let mut people = Vec::new();
    let mut jobs = Vec::new();
    let day = |month: u64, day: u64| NaiveDate::from_ymd_opt(2026, month as u32, day as u32).unwrap();
    for (place, size) in [(0usize, 160u64), (1, 45), (2, 9)] {
        for _ in 0..size {
            let registered = if next(3) == 0 { day(1 + next(12), 1 + next(28)) } else { date("2025-06-01") };
            let sources = if next(5) == 0 { 4 } else { 2 };
            let source = Source::ALL[next(sources) as usize];
            let mut statuses = vec![(registered, CandidateStatus::Intake, None)];
            let later = |d: NaiveDate, add: u64| d + chrono::Duration::days(add as i64);
            let eligible_on = later(registered, 10 + next(40));
            statuses.push((eligible_on, CandidateStatus::Eligible, None));
            if next(2) == 0 {
                let start = later(eligible_on, 5 + next(60));
                statuses.push((start, CandidateStatus::Employed, None));
                let mut contract = job(place, next(3) > 0, &start.to_string(), 8 + next(25) as u32);
                if next(3) == 0 {
                    let end = later(start, 20 + next(200));
                    let reason = EndReason::ALL[next(5) as usize];
                    contract.last_day = Some(end);
                    contract.ended = Some((end, reason));
                    statuses.push((end, CandidateStatus::Exited, Some(reason.as_str().to_owned())));
                }
                jobs.push(contract);
            } else if next(4) == 0 {
                let reason = EndReason::ALL[next(5) as usize];
                statuses.push((
                    later(eligible_on, 30 + next(100)),
                    CandidateStatus::Exited,
                    Some(reason.as_str().to_owned()),
                ));
            }
            people.push(Person { place, source, registered_on: registered, statuses });
        }
    }
    Facts { places, people, jobs, money: vec![money(40); 3] }
}

/// The attacker: takes every count the feed publishes for a year (its months, quarters and the year, the
/// region and each municipality), writes every additive relation as one linear system over non-negative
/// unknowns (a stock of a quarter or a year is the same unknown as that of its last month), and bounds each
/// suppressed count by minimising and maximising it.
struct Attack {
    /// Unknown -> its published value (when some publication shows it).
    published: BTreeMap<String, f64>,
    suppressed: BTreeSet<String>,
    /// Each relation: parent = sum of members.
    relations: Vec<(String, Vec<String>)>,
}

const STOCKS: [&str; 3] = ["jobs.realised", "register.people", "people"];
const FLOWS: [&str; 4] = ["inflow.registrations", "inflow.contractStarts", "outflow.exits", "outflow.contractEnds"];
/// Breakdowns: (list field, the total it adds up to, is a stock).
const BREAKDOWNS: [(&str, &str, bool); 4] = [
    ("bySource", "people", true),
    ("byStatus", "people", true),
    ("outflow.exitsByReason", "outflow.exits", false),
    ("outflow.contractEndsByReason", "outflow.contractEnds", false),
];

fn field<'a>(area: &'a Value, path: &str) -> &'a Value {
    path.split('.').fold(area, |v, key| &v[key])
}

impl Attack {
    fn read(answers: &[(Period, Value)]) -> Attack {
        let mut attack = Attack { published: BTreeMap::new(), suppressed: BTreeSet::new(), relations: Vec::new() };
        let key = |period: Period, is_stock: bool, area: &str, name: &str| {
            if is_stock {
                format!("{} {area} {name}", period.last_day())
            } else {
                format!("{} {area} {name}", period.code())
            }
        };
        for (period, answer) in answers {
            let mut areas: Vec<(String, &Value)> = vec![("region".into(), &answer["region"])];
            for m in answer["municipalities"].as_array().unwrap() {
                areas.push((m["municipalityCode"].as_str().unwrap().to_owned(), m));
            }
            let mut cells_of_area: BTreeMap<String, Vec<(String, bool)>> = BTreeMap::new();
            for (name, area) in &areas {
                let see = |unknown: String, count: &Value, attack: &mut Attack| {
                    if count["suppressed"] == true {
                        assert_eq!(count["value"], Value::Null);
                        attack.suppressed.insert(unknown);
                    } else {
                        let value = count["value"].as_f64().unwrap();
                        let before = attack.published.insert(unknown.clone(), value);
                        assert!(before.is_none_or(|b| b == value), "{unknown} published twice differently");
                    }
                };
                for (paths, is_stock) in [(&STOCKS[..], true), (&FLOWS[..], false)] {
                    for path in paths {
                        let unknown = key(*period, is_stock, name, path);
                        see(unknown, field(area, path), &mut attack);
                        cells_of_area.entry(name.clone()).or_default().push((path.to_string(), is_stock));
                    }
                }
                for (list, total, is_stock) in BREAKDOWNS {
                    let mut members = Vec::new();
                    for cell in field(area, list).as_array().unwrap() {
                        let path = format!("{list}.{}", cell["key"].as_str().unwrap());
                        let unknown = key(*period, is_stock, name, &path);
                        see(unknown.clone(), &cell["count"], &mut attack);
                        members.push(unknown);
                        cells_of_area.entry(name.clone()).or_default().push((path, is_stock));
                    }
                    attack.relations.push((key(*period, is_stock, name, total), members));
                }
            }
            // Municipalities to the region, for every figure.
            for (path, is_stock) in &cells_of_area["region"] {
                let members = areas[1..].iter().map(|(name, _)| key(*period, *is_stock, name, path)).collect();
                attack.relations.push((key(*period, *is_stock, "region", path), members));
            }
        }
        // Flows: months to their quarter, quarters to the year.
        let year = answers[0].0.year();
        let (_, any) = &answers[0];
        let mut names = vec!["region".to_owned()];
        names.extend(
            any["municipalities"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m["municipalityCode"].as_str().unwrap().to_owned()),
        );
        let mut flow_paths: Vec<String> = FLOWS.iter().map(|p| p.to_string()).collect();
        for (list, _, is_stock) in BREAKDOWNS {
            if !is_stock {
                for cell in field(&any["region"], list).as_array().unwrap() {
                    flow_paths.push(format!("{list}.{}", cell["key"].as_str().unwrap()));
                }
            }
        }
        for name in &names {
            for path in &flow_paths {
                for quarter in 1..=4 {
                    let months = (quarter * 3 - 2..=quarter * 3)
                        .map(|month| key(Period::Month { year, month }, false, name, path))
                        .collect();
                    attack.relations.push((key(Period::Quarter { year, quarter }, false, name, path), months));
                }
                let quarters =
                    (1..=4).map(|quarter| key(Period::Quarter { year, quarter }, false, name, path)).collect();
                attack.relations.push((key(Period::Year { year }, false, name, path), quarters));
            }
        }
        attack.suppressed.retain(|unknown| !attack.published.contains_key(unknown));
        attack
    }

    /// For each relation, the component it belongs to: relations that share an unpublished unknown are in
    /// one component (union-find), and only a target's component bounds it.
    fn components(&self) -> BTreeMap<String, Vec<usize>> {
        let mut parent: BTreeMap<&str, &str> = BTreeMap::new();
        fn root<'a>(parent: &mut BTreeMap<&'a str, &'a str>, x: &'a str) -> &'a str {
            let mut r = x;
            while let Some(&p) = parent.get(r) {
                if p == r {
                    break;
                }
                r = p;
            }
            parent.insert(x, r);
            r
        }
        for (p, members) in &self.relations {
            let unknowns: Vec<&str> = std::iter::once(p)
                .chain(members)
                .map(String::as_str)
                .filter(|u| !self.published.contains_key(*u))
                .collect();
            for u in &unknowns {
                parent.entry(u).or_insert(u);
            }
            for pair in unknowns.windows(2) {
                let (a, b) = (root(&mut parent, pair[0]), root(&mut parent, pair[1]));
                if a != b {
                    parent.insert(a, b);
                }
            }
        }
        let mut by_root: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, (p, members)) in self.relations.iter().enumerate() {
            if let Some(u) = std::iter::once(p).chain(members).find(|u| !self.published.contains_key(*u)) {
                let r = root(&mut parent, u).to_owned();
                by_root.entry(r).or_default().push(i);
            }
        }
        let mut of_unknown = BTreeMap::new();
        let keys: Vec<&str> = parent.keys().copied().collect();
        for u in keys {
            let r = root(&mut parent, u).to_owned();
            of_unknown.insert(u.to_owned(), by_root.get(&r).cloned().unwrap_or_default());
        }
        of_unknown
    }

    /// The least and greatest value of `target` the published figures allow (`f64::INFINITY`: unbounded),
    /// from the relations of its component.
    fn bounds_in(&self, target: &str, relations: &[usize]) -> (f64, f64) {
        let mut component: BTreeSet<&str> = BTreeSet::from([target]);
        for &i in relations {
            let (parent, members) = &self.relations[i];
            for unknown in std::iter::once(parent).chain(members) {
                if !self.published.contains_key(unknown) {
                    component.insert(unknown.as_str());
                }
            }
        }
        let used: BTreeSet<usize> = relations.iter().copied().collect();
        let solve = |direction: microlp::OptimizationDirection| -> f64 {
            let mut problem = microlp::Problem::new(direction);
            let mut vars = BTreeMap::new();
            for unknown in &component {
                let objective = if *unknown == target { 1.0 } else { 0.0 };
                vars.insert(*unknown, problem.add_var(objective, (0.0, f64::INFINITY)));
            }
            for (i, (parent, members)) in self.relations.iter().enumerate() {
                if !used.contains(&i) {
                    continue;
                }
                let mut terms = Vec::new();
                let mut rhs = 0.0;
                for (unknown, sign) in std::iter::once((parent, 1.0)).chain(members.iter().map(|m| (m, -1.0))) {
                    match self.published.get(unknown) {
                        Some(value) => rhs -= sign * value,
                        None => terms.push((vars[unknown.as_str()], sign)),
                    }
                }
                if terms.is_empty() {
                    assert!(rhs.abs() < 1e-9, "published figures contradict each other: {parent}");
                    continue;
                }
                problem.add_constraint(&terms[..], microlp::ComparisonOp::Eq, rhs);
            }
            match problem.solve() {
                Ok(outcome) => outcome.into_solution().expect("solved").objective(),
                Err(microlp::Error::Unbounded) => f64::INFINITY,
                Err(other) => panic!("the attacker's program for {target}: {other:?}"),
            }
        };
        (solve(microlp::OptimizationDirection::Minimize), solve(microlp::OptimizationDirection::Maximize))
    }

    fn bounds(&self, target: &str) -> (f64, f64) {
        let components = self.components();
        self.bounds_in(target, components.get(target).map(Vec::as_slice).unwrap_or_default())
    }
}

#[test]
fn the_attacker_recovers_no_suppressed_count_from_a_year_of_the_feed() {
    let below = 10u32;
    let facts = crafted();
    let feed = YearFeed::compute(&facts, 2026, settings(below));
    let answers: Vec<(Period, Value)> = Period::all_of_year(2026)
        .into_iter()
        .map(|period| (period, serde_json::to_value(feed.render(period, None)).unwrap()))
        .collect();
    // The data set has small cells that primary suppression must hide, and figures that are published.
    let small = feed.values.iter().filter(|v| **v > 0 && **v < u64::from(below)).count();
    assert!(small > 20, "only {small} small cells");
    let attack = Attack::read(&answers);
    assert!(attack.published.len() > 20, "the feed publishes something: {}", attack.published.len());
    assert!(attack.suppressed.len() > 20);
    assert!(attack.published.keys().any(|k| k.contains("region") && k.contains("people")));
    // The same answers per municipality agree with the region's answer.
    for (period, answer) in &answers {
        let one = serde_json::to_value(feed.render(*period, Some(1))).unwrap();
        assert_eq!(one["municipalities"][0], answer["municipalities"][1]);
        assert_eq!(one["region"], Value::Null);
    }
    let components = attack.components();
    let mut pinned = Vec::new();
    for unknown in &attack.suppressed {
        let (low, high) = attack.bounds_in(unknown, components.get(unknown).map(Vec::as_slice).unwrap_or_default());
        if high - low < f64::from(below) - 1e-6 {
            pinned.push(format!("{unknown}: [{low}, {high}]"));
        }
    }
    assert!(pinned.is_empty(), "{} suppressed counts are pinned: {:#?}", pinned.len(), &pinned[..pinned.len().min(20)]);
}

#[test]
fn the_attacker_catches_a_feed_without_secondary_suppression() {
    // The attacker's script itself can fail: where a breakdown hides only one cell and shows its total and
    // the other cells, it pins the hidden one.
    let facts = crafted();
    let year = Period::parse("2026").unwrap();
    let mut answer = serde_json::to_value(YearFeed::compute(&facts, 2026, settings(10)).render(year, None)).unwrap();
    let truth = serde_json::to_value(YearFeed::compute(&facts, 2026, settings(0)).render(year, None)).unwrap();
    let mut revealed = None;
    for (list, total, _) in BREAKDOWNS {
        let cells = field(&answer["region"], list).as_array().unwrap().clone();
        let hidden: Vec<usize> = (0..cells.len()).filter(|i| cells[*i]["count"]["suppressed"] == true).collect();
        if field(&answer["region"], total)["suppressed"] == false && hidden.len() >= 2 {
            // Show every hidden cell but the first with its true value: a feed with primary suppression only.
            let true_cells = field(&truth["region"], list).clone();
            let shown = list.split('.').fold(&mut answer["region"], |v, key| &mut v[key]);
            for i in &hidden[1..] {
                shown[*i] = true_cells[*i].clone();
            }
            revealed = Some(format!("{list}.{}", cells[hidden[0]]["key"].as_str().unwrap()));
            break;
        }
    }
    let revealed = revealed.expect("the crafted data set has a breakdown with secondary suppression");
    let attack = Attack::read(&[(year, answer)]);
    let unknown = attack.suppressed.iter().find(|u| u.ends_with(&format!(" region {revealed}"))).unwrap();
    let (low, high) = attack.bounds(unknown);
    assert!(high - low < 1e-6, "{unknown} is pinned: [{low}, {high}]");
}

#[tokio::test]
async fn the_feed_answers_with_an_etag_and_304_and_refuses_bad_periods_and_municipalities() {
    on_each_database(async |app: TestApp| {
        let admin = app.admin_token().await;
        let answer = app.get("/werkkamer/indicators?period=2026-Q1", Some(&admin)).await;
        assert_eq!(answer.status(), StatusCode::OK);
        assert_eq!(answer.headers()["cache-control"], "private, max-age=300");
        let etag = answer.headers()["etag"].to_str().unwrap().to_owned();
        let body: Value = answer.json().await.unwrap();
        assert_eq!(body["version"], 1);
        assert_eq!(
            body["period"],
            json!({"code": "2026-Q1", "kind": "quarter", "from": "2026-01-01", "to": "2026-03-31"})
        );
        assert_eq!(body["suppressBelow"], 10);
        assert_eq!(body["fteHours"], "32");
        assert_eq!(body["standardJobHours"], "25.5");
        assert_eq!(body["region"]["jobs"]["target"], 40);
        assert_eq!(body["region"]["jobs"]["realised"], json!({"value": null, "suppressed": true}), "0 is below 10");
        assert_eq!(body["region"]["finances"]["budget"], "700000.00");
        let code = body["municipalities"][0]["municipalityCode"].as_str().unwrap().to_owned();

        let again = app
            .client
            .get(app.url("/werkkamer/indicators?period=2026-Q1"))
            .bearer_auth(&admin)
            .header("If-None-Match", &etag)
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
        assert_eq!(again.headers()["etag"].to_str().unwrap(), etag);
        let other = app
            .client
            .get(app.url("/werkkamer/indicators?period=2026-Q2"))
            .bearer_auth(&admin)
            .header("If-None-Match", &etag)
            .send()
            .await
            .unwrap();
        assert_eq!(other.status(), StatusCode::OK, "another period has another ETag");

        let one: Value = app
            .get(&format!("/werkkamer/indicators?period=2026-03&municipality={code}"), Some(&admin))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(one["region"], Value::Null);
        assert_eq!(one["municipalities"].as_array().unwrap().len(), 1);

        for bad in ["2026-13", "2026-Q5", "26", ""] {
            let refused = app.get(&format!("/werkkamer/indicators?period={bad}"), Some(&admin)).await;
            let problem = assert_problem(refused, StatusCode::BAD_REQUEST, "validation_failed").await;
            assert_eq!(field_names(&problem), ["period"], "{bad}");
        }
        let refused = app.get("/werkkamer/indicators?period=2026&municipality=GM9999", Some(&admin)).await;
        let problem = assert_problem(refused, StatusCode::BAD_REQUEST, "validation_failed").await;
        assert_eq!(field_names(&problem), ["municipality"]);
        let refused = app.get("/werkkamer/indicators?period=2026-13&municipality=GM9999", Some(&admin)).await;
        let problem = assert_problem(refused, StatusCode::BAD_REQUEST, "validation_failed").await;
        assert_eq!(field_names(&problem), ["period", "municipality"]);

        for role in [Role::Partner, Role::JobCoach, Role::Consultant, Role::Finance] {
            let token = app.token_for(role).await;
            let refused = app.get("/werkkamer/indicators?period=2026", Some(&token)).await;
            assert_eq!(refused.status(), StatusCode::FORBIDDEN, "{role}");
        }
        let monitor = app.token_for(Role::Monitor).await;
        assert_eq!(app.get("/werkkamer/indicators?period=2026", Some(&monitor)).await.status(), StatusCode::OK);
    })
    .await;
}

#[tokio::test]
async fn an_active_contract_counts_as_a_realised_job_with_its_hours() {
    // A threshold of 0 publishes every count (with 1, the zeros of the breakdowns would hide them whole).
    on_each_database_with(
        |config| config.suppress_below = 0,
        async |app: TestApp| {
            use crate::contracts::{contract_body, day, eligible, match_at, open_package, step};
            let consultant = app.token_for(Role::Consultant).await;
            let (package, _, _) = open_package(&app, &consultant, "50000013").await;
            let person = eligible(&app, &consultant, 13, "Wim").await;
            let placement = match_at(&app, &consultant, &person, &package, "agreed").await;
            let mut body = contract_body(&placement, 32);
            body["startDate"] = json!(day(-9));
            let contract: Value = app.post("/contracts", Some(&consultant), &body).await.json().await.unwrap();
            let id = contract["id"].as_str().unwrap().to_owned();
            assert_eq!(
                step(&app, &consultant, &id, json!({"to": "signed", "version": 1})).await.status(),
                StatusCode::OK
            );
            assert_eq!(
                step(&app, &consultant, &id, json!({"to": "active", "version": 2})).await.status(),
                StatusCode::OK
            );

            let today = chrono::Utc::now().date_naive();
            let month = today.format("%Y-%m").to_string();
            let monitor = app.token_for(Role::Monitor).await;
            let answer: Value =
                app.get(&format!("/werkkamer/indicators?period={month}"), Some(&monitor)).await.json().await.unwrap();
            let region = &answer["region"];
            assert_eq!(region["jobs"]["realised"], json!({"value": 1, "suppressed": false}));
            assert_eq!(region["jobs"]["realisationPct"], "2.5", "1 of 40");
            assert_eq!(region["jobs"]["hours"]["value"], "32");
            assert_eq!(region["jobs"]["fte"]["value"], "1.00");
            assert_eq!(region["register"]["people"]["value"], 1, "the candidate is in the register");
            assert_eq!(region["register"]["standardJobs"]["value"], "1.25", "32 / 25.5");
            assert_eq!(region["people"]["value"], 1);
            let employed = region["byStatus"].as_array().unwrap().iter().find(|c| c["key"] == "employed").unwrap();
            assert_eq!(employed["count"]["value"], 1);
            let year = chrono::Datelike::year(&today);
            let whole: Value =
                app.get(&format!("/werkkamer/indicators?period={year}"), Some(&monitor)).await.json().await.unwrap();
            assert_eq!(whole["region"]["inflow"]["registrations"]["value"], 1);
            assert!(whole["region"]["finances"]["realisedCost"]["value"].as_str().unwrap() != "0.00");
        },
    )
    .await;
}

/// The server keeps a computed feed while the version of its inputs stays the same: every write that
/// changes what the feed shows must step that version, so the next request computes afresh.
#[tokio::test]
async fn the_kept_feed_follows_every_write_that_changes_it() {
    on_each_database_with(
        |config| config.suppress_below = 0,
        async |app: TestApp| {
            let admin = app.admin_token().await;
            let year = chrono::Datelike::year(&chrono::Utc::now().date_naive());
            let feed = async || -> (String, Value) {
                let answer = app.get(&format!("/werkkamer/indicators?period={year}"), Some(&admin)).await;
                assert_eq!(answer.status(), StatusCode::OK);
                let etag = answer.headers()["etag"].to_str().unwrap().to_owned();
                (etag, answer.json().await.unwrap())
            };
            let (etag, first) = feed().await;
            let (again_etag, again) = feed().await;
            assert_eq!((&again_etag, &again), (&etag, &first), "nothing changed: the same answer");
            let registrations = |body: &Value| body["region"]["inflow"]["registrations"]["value"].as_u64().unwrap();
            let cost = |body: &Value| {
                let finances = &body["region"]["finances"];
                (finances["realisedCost"]["value"].clone(), finances["committedCost"]["value"].clone())
            };

            // A registration (the aggregates).
            let consultant = app.token_for(Role::Consultant).await;
            let person = crate::candidates::candidate("123456782", "Noor", "Visser");
            let person = app.post("/candidates?confirmDuplicate=true", Some(&consultant), &person).await;
            assert_eq!(person.status(), StatusCode::CREATED);
            let person: Value = person.json().await.unwrap();
            let (_, registered) = feed().await;
            assert_eq!(registrations(&registered), registrations(&first) + 1);

            // The budget and the job target.
            let finance = app.token_for(Role::Finance).await;
            let municipality = registered["municipalities"][0]["municipalityCode"].as_str().unwrap().to_owned();
            let places: Value = app.get("/municipalities", Some(&admin)).await.json().await.unwrap();
            let place = places["items"].as_array().unwrap().iter().find(|m| m["code"] == municipality.as_str()).unwrap();
            let change = json!({"municipalityId": place["id"], "year": year, "amount": "650000.00", "jobTarget": 36, "version": 0});
            assert_eq!(app.put("/budget", Some(&finance), &change).await.status(), StatusCode::OK);
            let (_, budgeted) = feed().await;
            assert_eq!(budgeted["municipalities"][0]["finances"]["budget"], "650000.00");
            assert_eq!(budgeted["municipalities"][0]["jobs"]["target"], 36);

            // A provision's cost.
            let provision = json!({"kind": "transport", "cost": "365.00", "from": format!("{year}-01-01"), "until": format!("{year}-12-31")});
            let path = format!("/candidates/{}/provisions", person["id"].as_str().unwrap());
            assert_eq!(app.post(&path, Some(&consultant), &provision).await.status(), StatusCode::CREATED);
            let (_, provided) = feed().await;
            assert_ne!(cost(&provided), cost(&budgeted), "the provision costs");

            // A new municipality.
            let added = app.post("/municipalities", Some(&admin), &json!({"name": "Haren", "code": "GM0017"})).await;
            assert_eq!(added.status(), StatusCode::CREATED);
            let (_, widened) = feed().await;
            let count = |body: &Value| body["municipalities"].as_array().unwrap().len();
            assert_eq!(count(&widened), count(&provided) + 1);
        },
    )
    .await;
}

const RESEARCH_SECRET: &[u8] = b"a research secret of at least thirty-two characters";

#[tokio::test]
async fn the_evaluation_export_is_pseudonymised_stable_and_audited() {
    on_each_database_with(
        |config| config.pseudonym_secret = RESEARCH_SECRET.to_vec(),
        async |app: TestApp| {
            use crate::contracts::{contract_body, day, eligible, match_at, open_package, step};
            let consultant = app.token_for(Role::Consultant).await;
            let (package, _, _) = open_package(&app, &consultant, "50000014").await;
            let person = eligible(&app, &consultant, 14, "Wim").await;
            let placement = match_at(&app, &consultant, &person, &package, "agreed").await;
            let mut body = contract_body(&placement, 24);
            body["startDate"] = json!(day(-9));
            let contract: Value = app.post("/contracts", Some(&consultant), &body).await.json().await.unwrap();
            let id = contract["id"].as_str().unwrap().to_owned();
            assert_eq!(
                step(&app, &consultant, &id, json!({"to": "signed", "version": 1})).await.status(),
                StatusCode::OK
            );
            assert_eq!(
                step(&app, &consultant, &id, json!({"to": "active", "version": 2})).await.status(),
                StatusCode::OK
            );
            let other = eligible(&app, &consultant, 15, "Fenna").await;

            let admin = app.admin_token().await;
            let month = chrono::Utc::now().date_naive().format("%Y-%m").to_string();
            let path = format!("/evaluation-export?from={month}&to={month}");
            let first = app.get(&path, Some(&admin)).await;
            assert_eq!(first.status(), StatusCode::OK);
            let text = first.text().await.unwrap();
            let export: Value = serde_json::from_str(&text).unwrap();
            let rows = export["rows"].as_array().unwrap();
            assert_eq!(rows.len(), 2, "one row per person and month: {text}");
            let uuid = |s: &str| s.parse::<uuid::Uuid>().unwrap();
            let wim = backend::monitoring::evaluation::pseudonym(RESEARCH_SECRET, uuid(&person));
            assert_ne!(
                wim,
                backend::monitoring::evaluation::pseudonym(
                    b"another secret of at least thirty-two chars",
                    uuid(&person)
                )
            );
            let row = rows.iter().find(|r| r["pseudonym"] == wim.as_str()).expect("the keyed hash of the person's id");
            assert_eq!(row["status"], "employed");
            assert_eq!(row["hoursPerWeek"], 24);
            assert_eq!(row["ageBand"], "35_44", "born 17 May 1990");
            assert_eq!(row["source"], "participatiewet");
            assert_eq!(row["wageValuePct"], 40);
            assert_eq!(row["grossMonthly"], "1508.00", "14.50 x 24 x 52 / 12");
            assert_eq!(row["benefitMonthly"], "1250.00");
            assert!(row["incomeOutcome"].is_string());
            let fenna = rows.iter().find(|r| r["pseudonym"] != wim.as_str()).unwrap();
            assert_eq!(fenna["hoursPerWeek"], 0);
            assert_eq!(fenna["grossMonthly"], Value::Null);

            // The same pseudonyms in the next export, and in CSV.
            let again: Value = app.get(&path, Some(&admin)).await.json().await.unwrap();
            assert_eq!(again["rows"], export["rows"]);
            let csv =
                app.client.get(app.url(&path)).bearer_auth(&admin).header("Accept", "text/csv").send().await.unwrap();
            assert_eq!(csv.status(), StatusCode::OK);
            assert!(csv.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
            let csv = csv.text().await.unwrap();
            assert!(csv.trim_start_matches('\u{feff}').starts_with("pseudonym;month;municipalityCode;"), "{csv}");
            assert!(csv.contains(&wim));
            let by_param = app.get(&format!("{path}&format=csv"), Some(&admin)).await.text().await.unwrap();
            assert_eq!(by_param, csv);

            // No direct identifier in any column: name, BSN, contact details, address, date of birth, id.
            let record: Value = app.get(&format!("/candidates/{person}"), Some(&admin)).await.json().await.unwrap();
            let mut identifiers: Vec<String> =
                ["firstName", "lastName", "bsn", "email", "phone", "postcode", "dateOfBirth"]
                    .iter()
                    .filter_map(|f| record[*f].as_str().map(str::to_owned))
                    .collect();
            identifiers.extend([
                person.clone(),
                other.clone(),
                "Fenna".into(),
                crate::contracts::bsn(14),
                crate::contracts::bsn(15),
            ]);
            assert!(identifiers.len() >= 8, "{identifiers:?}");
            for identifier in &identifiers {
                assert!(!text.contains(identifier.as_str()), "{identifier} in the JSON export");
                assert!(!csv.contains(identifier.as_str()), "{identifier} in the CSV export");
            }

            // Audited as an export.
            let events: Value = app.get("/audit-events?pageSize=100", Some(&admin)).await.json().await.unwrap();
            let exports = events["items"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|e| e["recordType"] == "evaluation_export" && e["action"] == "export")
                .count();
            assert_eq!(exports, 4, "every export, JSON and CSV");

            // Bad months.
            let refused = app.get(&format!("/evaluation-export?from={month}&to=2000-01"), Some(&admin)).await;
            let problem = assert_problem(refused, StatusCode::BAD_REQUEST, "validation_failed").await;
            assert_eq!(field_names(&problem), ["to"]);
            let refused = app.get("/evaluation-export?from=2026-13", Some(&admin)).await;
            let problem = assert_problem(refused, StatusCode::BAD_REQUEST, "validation_failed").await;
            assert_eq!(field_names(&problem), ["from", "to"]);

            // The research partner's client reads it; a person cannot have the role.
            let created: Value = app
                .post("/api-clients", Some(&admin), &json!({"name": "Onderzoeksbureau", "role": "research"}))
                .await
                .json()
                .await
                .unwrap();
            let token: Value = app
                .client
                .post(app.url("/auth/token"))
                .form(&[
                    ("grant_type", "client_credentials"),
                    ("client_id", created["client"]["clientId"].as_str().unwrap()),
                    ("client_secret", created["clientSecret"].as_str().unwrap()),
                ])
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            let research = token["access_token"].as_str().unwrap();
            let read: Value = app.get(&path, Some(research)).await.json().await.unwrap();
            assert_eq!(read["rows"], export["rows"]);
            for elsewhere in ["/werkkamer/indicators?period=2026", "/candidates", "/municipalities"] {
                assert_eq!(app.get(elsewhere, Some(research)).await.status(), StatusCode::FORBIDDEN, "{elsewhere}");
            }
            let person_body = json!({"username": "onderzoeker", "displayName": "Onderzoeker", "role": "research",
                "password": crate::helpers::PASSWORD});
            let refused = app.post("/users", Some(&admin), &person_body).await;
            let problem = assert_problem(refused, StatusCode::BAD_REQUEST, "validation_failed").await;
            assert_eq!(field_names(&problem), ["role"]);
        },
    )
    .await;
}

/// The feed of `year` from the rows (the reference) and from the maintained aggregates, as JSON of every
/// period and municipality, and their counts.
async fn both_feeds(db: &sea_orm::DatabaseConnection, year: i32, today: NaiveDate) -> (Value, Value) {
    use backend::monitoring::service;
    let admin = backend::auth::AuthUser {
        user_id: None,
        client_id: None,
        name: "test".into(),
        role: Role::Admin,
        organisation_id: None,
        municipality_id: None,
        must_change_password: false,
    };
    let settings = settings(0);
    let places = service::places(db).await.unwrap();
    let reference = YearFeed::compute(&service::load(db, &admin, year, today).await.unwrap(), year, settings);
    let maintained = service::year_feed(db, &places, year, today, settings).await.unwrap();
    let periods: Vec<Period> = std::iter::once(Period::Year { year })
        .chain((1..=4).map(|quarter| Period::Quarter { year, quarter }))
        .chain((1..=12).map(|month| Period::Month { year, month }))
        .collect();
    let render = |feed: &YearFeed| {
        json!({
            "values": feed.values,
            "periods": periods.iter().map(|p| serde_json::to_value(feed.render(*p, None)).unwrap()).collect::<Vec<_>>(),
        })
    };
    (render(&reference), render(&maintained))
}

#[tokio::test]
async fn the_maintained_aggregates_equal_a_rebuild_and_give_the_feed_that_the_rows_give() {
    use backend::monitoring::aggregates;
    use sea_orm::Database;
    on_each_database(async |app: TestApp| {
        use crate::contracts::{contract_body, day, eligible, match_at, open_package, step};
        let db = Database::connect(&app.database_url).await.unwrap();
        let consultant = app.token_for(Role::Consultant).await;
        let admin = app.admin_token().await;
        let (package, _, _) = open_package(&app, &consultant, "50000021").await;
        // The people's postcode lies in a neighbourhood: they count per neighbourhood too.
        let hood = json!({"name": "Oosterpoort", "postcodeRanges": [{"from": 9713, "to": 9713}]});
        let hood = app.post("/neighbourhoods", Some(&admin), &hood).await;
        assert_eq!(hood.status(), StatusCode::CREATED, "{}", hood.text().await.unwrap());
        // A life through the API: an employee whose contract starts, changes hours and ends; one who
        // leaves; one who is erased; an edit of the register; a status step back.
        let anna = eligible(&app, &consultant, 21, "Anna").await;
        let placement = match_at(&app, &consultant, &anna, &package, "agreed").await;
        let mut body = contract_body(&placement, 28);
        body["startDate"] = json!(day(-40));
        let contract: Value = app.post("/contracts", Some(&consultant), &body).await.json().await.unwrap();
        let id = contract["id"].as_str().unwrap().to_owned();
        for (to, version) in [("signed", 1), ("active", 2)] {
            let stepped = step(&app, &consultant, &id, json!({"to": to, "version": version})).await;
            assert_eq!(stepped.status(), StatusCode::OK);
        }
        // An employee survey (the dashboard's experience scores are aggregated too).
        let survey = json!({"wellbeing": 7, "income": 6, "work": 8, "socialContacts": 5, "comment": "Gaat goed"});
        let surveyed = app.post(&format!("/contracts/{id}/surveys"), Some(&consultant), &survey).await;
        assert_eq!(surveyed.status(), StatusCode::CREATED, "{}", surveyed.text().await.unwrap());
        let bram = eligible(&app, &consultant, 22, "Bram").await;
        let left = app
            .post(
                &format!("/candidates/{bram}/status"),
                Some(&consultant),
                &json!({"to": "exited", "reason": "Verhuisd", "exitReason": "moved", "version": 3}),
            )
            .await;
        assert_eq!(left.status(), StatusCode::OK, "{}", left.text().await.unwrap());
        let cor = eligible(&app, &consultant, 23, "Cor").await;
        let erase = json!({"reason": "Verzoek betrokkene", "confirm": true});
        let erased = app.post(&format!("/candidates/{cor}/erasure"), Some(&admin), &erase).await;
        assert_eq!(erased.status(), StatusCode::NO_CONTENT);
        let ended = step(&app, &consultant, &id, json!({"to": "ended", "version": 3, "endReason": "other_work"})).await;
        assert_eq!(ended.status(), StatusCode::OK, "{}", ended.text().await.unwrap());

        let maintained = aggregates::snapshot(&db).await.unwrap();
        assert!(!maintained.0.is_empty() && !maintained.1.is_empty(), "the writes were counted");
        assert!(!maintained.3.is_empty(), "the job's hours per task category");
        assert!(!maintained.4.is_empty() && !maintained.5.is_empty(), "the same per neighbourhood");
        assert!(maintained.0.iter().any(|row| row.family == 7 && row.category == 1 && row.count == 7), "the survey");
        aggregates::rebuild(&db).await.unwrap();
        assert_eq!(aggregates::snapshot(&db).await.unwrap(), maintained, "maintained = rebuilt");

        // History over months and years: move every event back in time by hand, rebuild, and compare the
        // feed of each year from the aggregates with the one recomputed from the rows.
        {
            use backend::db::{candidate_status_changes as changes, candidates, contracts};
            use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait, IntoActiveModel};
            let back = chrono::Duration::days(400);
            for c in candidates::Entity::find().all(&db).await.unwrap() {
                let at = c.created_at - back;
                let mut row = c.into_active_model();
                row.created_at = Set(at);
                row.update(&db).await.unwrap();
            }
            for c in changes::Entity::find().all(&db).await.unwrap() {
                if c.to_status != "exited" {
                    let at = c.changed_at - back;
                    let mut row = c.into_active_model();
                    row.changed_at = Set(at);
                    row.update(&db).await.unwrap();
                }
            }
            for c in contracts::Entity::find().all(&db).await.unwrap() {
                let (start, ended) = (c.start_date - back, c.ended_on.map(|d| d - chrono::Duration::days(30)));
                let mut row = c.into_active_model();
                row.start_date = Set(start);
                row.ended_on = Set(ended);
                row.update(&db).await.unwrap();
            }
        }
        aggregates::rebuild(&db).await.unwrap();
        let today = chrono::Utc::now().date_naive();
        let this_year = chrono::Datelike::year(&today);
        for year in [this_year - 2, this_year - 1, this_year] {
            let (reference, from_aggregates) = both_feeds(&db, year, today).await;
            assert_eq!(from_aggregates, reference, "the feed of {year}");
        }
        let (reference, _) = both_feeds(&db, this_year - 1, today).await;
        assert!(reference["values"].as_array().unwrap().iter().any(|v| v.as_u64() > Some(0)), "last year has counts");
    })
    .await;
}
