//! The programme dashboard (issue 13, item 1): known answers on a hand-made data set written straight into
//! the database (months of history that no endpoint can backdate), its scope per municipality and
//! neighbourhood, who reads it and its money, and bad input.

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, Utc};
use reqwest::StatusCode;
use rust_decimal::Decimal;
use sea_orm::{ActiveValue::Set, Database, DatabaseConnection, EntityTrait};
use serde_json::{Value, json};
use shared::auth::Role;
use uuid::Uuid;

use backend::db::{
    candidate_status_changes, candidates, contracts, employee_surveys, guidance_provisions, matches, neighbourhoods,
    task_categories, task_package_tasks, task_packages, tasks,
};

use crate::helpers::{PASSWORD, TestApp, assert_problem, field_names, on_each_database};

pub fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

pub fn noon(text: &str) -> DateTime<Utc> {
    day(text).and_hms_opt(12, 0, 0).unwrap().and_utc()
}

/// Writes the rows of a hand-made data set (also used by `evaluation.rs`).
pub struct Writer {
    pub db: DatabaseConnection,
    pub organisation: Uuid,
    pub n: u32,
}

impl Writer {
    pub async fn hood(&self, municipality: Uuid, name: &str) -> Uuid {
        let id = Uuid::now_v7();
        neighbourhoods::Entity::insert(neighbourhoods::ActiveModel {
            id: Set(id),
            municipality_id: Set(municipality),
            name: Set(name.into()),
            postcode_ranges: Set(String::new()),
            created_at: Set(noon("2025-01-01")),
            updated_at: Set(noon("2025-01-01")),
            version: Set(1),
        })
        .exec_without_returning(&self.db)
        .await
        .unwrap();
        id
    }

    /// A package of tasks `(category, hours a week)`.
    pub async fn package(&self, municipality: Uuid, hood: Uuid, work: &[(Uuid, i32)]) -> Uuid {
        let package = Uuid::now_v7();
        task_packages::Entity::insert(task_packages::ActiveModel {
            id: Set(package),
            municipality_id: Set(municipality),
            organisation_id: Set(self.organisation),
            title: Set("Pakket".into()),
            description: Set(String::new()),
            positions: Set(20),
            start_date: Set(None),
            hours_per_week: Set(work.iter().map(|w| w.1).sum()),
            mentor_name: Set(String::new()),
            mentor_email: Set(String::new()),
            mentor_phone: Set(String::new()),
            status: Set("open".into()),
            rejection_reason: Set(String::new()),
            created_at: Set(noon("2025-01-01")),
            updated_at: Set(noon("2025-01-01")),
            version: Set(1),
        })
        .exec_without_returning(&self.db)
        .await
        .unwrap();
        for (position, (category, hours)) in work.iter().enumerate() {
            let task = Uuid::now_v7();
            tasks::Entity::insert(tasks::ActiveModel {
                id: Set(task),
                municipality_id: Set(municipality),
                organisation_id: Set(self.organisation),
                neighbourhood_id: Set(hood),
                session_id: Set(None),
                category_id: Set(*category),
                title: Set("Taak".into()),
                description: Set(String::new()),
                location: Set(String::new()),
                hours_per_week: Set(*hours),
                supervision: Set(String::new()),
                social_value: Set(String::new()),
                active: Set(true),
                created_at: Set(noon("2025-01-01")),
                updated_at: Set(noon("2025-01-01")),
                version: Set(1),
            })
            .exec_without_returning(&self.db)
            .await
            .unwrap();
            task_package_tasks::Entity::insert(task_package_tasks::ActiveModel {
                package_id: Set(package),
                task_id: Set(task),
                position: Set(position as i32),
            })
            .exec_without_returning(&self.db)
            .await
            .unwrap();
        }
        package
    }

    pub async fn category(&self, name: &str) -> Uuid {
        let id = Uuid::now_v7();
        task_categories::Entity::insert(task_categories::ActiveModel {
            id: Set(id),
            name: Set(name.into()),
            description: Set(String::new()),
            active: Set(true),
            created_at: Set(noon("2025-01-01")),
            updated_at: Set(noon("2025-01-01")),
            version: Set(1),
        })
        .exec_without_returning(&self.db)
        .await
        .unwrap();
        id
    }

    /// A person registered on `registered`, then through `changes` (day, status, exit reason).
    pub async fn person(
        &mut self,
        municipality: Uuid,
        hood: Uuid,
        source: &str,
        register: bool,
        registered: &str,
        changes: &[(&str, &str, Option<&str>)],
    ) -> Uuid {
        self.n += 1;
        let id = Uuid::now_v7();
        let last = changes.last().map_or("registered", |c| c.1);
        candidates::Entity::insert(candidates::ActiveModel {
            id: Set(id),
            municipality_id: Set(municipality),
            first_name: Set(format!("Persoon{}", self.n)),
            last_name: Set("Test".into()),
            search_name: Set(format!("persoon{} test", self.n)),
            sort_name: Set(format!("test persoon{}", self.n)),
            date_of_birth: Set(Some(day("1990-05-17"))),
            bsn: Set(None),
            email: Set(String::new()),
            phone: Set(String::new()),
            postcode: Set("9711AA".into()),
            house_number: Set("1".into()),
            neighbourhood_id: Set(Some(hood)),
            source: Set(source.into()),
            target_group_register: Set(register),
            benefit_kind: Set(None),
            benefit_monthly_amount: Set(None),
            regular_work_evidence: Set(String::new()),
            available_hours: Set(Some(32)),
            wished_hours_per_week: Set(None),
            available_days_mask: Set(31),
            limitations_mask: Set(0),
            availability_confirmed_at: Set(None),
            availability_confirmed_by_id: Set(None),
            availability_confirmed_by_name: Set(None),
            merged_into_id: Set(None),
            merged_at: Set(None),
            limitation_notes: Set(String::new()),
            wish_neighbourhood_id: Set(None),
            dream_job: Set(String::new()),
            wage_value_pct: Set(None),
            expected_wage_value_pct: Set(None),
            status: Set(last.into()),
            exit_reason: Set(changes.last().and_then(|c| c.2).map(str::to_owned)),
            created_at: Set(noon(registered)),
            updated_at: Set(noon(registered)),
            erased_at: Set(None),
            version: Set(1),
        })
        .exec_without_returning(&self.db)
        .await
        .unwrap();
        let mut from: Option<&str> = None;
        for (on, to, reason) in std::iter::once(&(registered, "registered", None)).chain(changes) {
            candidate_status_changes::Entity::insert(candidate_status_changes::ActiveModel {
                id: Set(Uuid::now_v7()),
                candidate_id: Set(id),
                from_status: Set(from.map(str::to_owned)),
                to_status: Set((*to).into()),
                reason: Set(String::new()),
                exit_reason: Set(reason.map(str::to_owned)),
                changed_by_id: Set(None),
                changed_by_name: Set(None),
                changed_at: Set(noon(on)),
            })
            .exec_without_returning(&self.db)
            .await
            .unwrap();
            from = Some(to);
        }
        id
    }

    /// A contract of `hours` a week from `start`; `ended`: (day, reason).
    pub async fn contract(
        &self,
        municipality: Uuid,
        person: Uuid,
        package: Uuid,
        start: &str,
        hours: i16,
        ended: Option<(&str, &str)>,
    ) -> Uuid {
        let placement = Uuid::now_v7();
        matches::Entity::insert(matches::ActiveModel {
            id: Set(placement),
            candidate_id: Set(person),
            package_id: Set(package),
            position_id: Set(None),
            round_id: Set(None),
            stage: Set("agreed".into()),
            score: Set(None),
            declined_by: Set(None),
            decline_reason: Set(String::new()),
            trial_start_date: Set(None),
            trial_end_date: Set(None),
            created_at: Set(noon("2025-01-01")),
            updated_at: Set(noon("2025-01-01")),
            version: Set(1),
            released_at: Set(None),
        })
        .exec_without_returning(&self.db)
        .await
        .unwrap();
        let id = Uuid::now_v7();
        contracts::Entity::insert(contracts::ActiveModel {
            id: Set(id),
            candidate_id: Set(person),
            organisation_id: Set(self.organisation),
            package_id: Set(package),
            match_id: Set(placement),
            municipality_id: Set(municipality),
            status: Set(if ended.is_some() { "ended" } else { "active" }.into()),
            kind: Set("temporary".into()),
            start_date: Set(day(start)),
            end_date: Set(None),
            hours_per_week: Set(hours),
            hours_reason: Set(None),
            collective_agreement: Set(String::new()),
            pay_scale: Set("Schaal 2".into()),
            hourly_wage: Set(Decimal::new(1450, 2)),
            trial_period_months: Set(1),
            end_reason: Set(ended.map(|e| e.1.to_owned())),
            ended_on: Set(ended.map(|e| day(e.0))),
            actor_kind: Set("staff".into()),
            created_at: Set(noon("2025-01-01")),
            updated_at: Set(noon("2025-01-01")),
            version: Set(1),
        })
        .exec_without_returning(&self.db)
        .await
        .unwrap();
        id
    }

    /// A provision of `cost` euros for the days `from` to `until`.
    pub async fn provision(&self, municipality: Uuid, person: Uuid, cost: i64, from: &str, until: &str) {
        guidance_provisions::Entity::insert(guidance_provisions::ActiveModel {
            id: Set(Uuid::now_v7()),
            candidate_id: Set(person),
            municipality_id: Set(municipality),
            kind: Set("job_coaching".into()),
            description: Set(String::new()),
            cost: Set(Decimal::from(cost)),
            from_date: Set(day(from)),
            until_date: Set(day(until)),
            created_by_id: Set(None),
            created_at: Set(noon(from)),
            version: Set(1),
            updated_at: Set(None),
            updated_by_id: Set(None),
        })
        .exec_without_returning(&self.db)
        .await
        .unwrap();
    }

    pub async fn survey(&self, contract: Uuid, person: Uuid, on: &str, scores: [i16; 4]) {
        employee_surveys::Entity::insert(employee_surveys::ActiveModel {
            id: Set(Uuid::now_v7()),
            contract_id: Set(contract),
            candidate_id: Set(person),
            organisation_id: Set(self.organisation),
            surveyed_on: Set(day(on)),
            wellbeing: Set(scores[0]),
            income: Set(scores[1]),
            work: Set(scores[2]),
            social_contacts: Set(scores[3]),
            comment: Set(String::new()),
            entered_by_id: Set(None),
            entered_by_name: Set(None),
            actor_kind: Set("staff".into()),
            created_at: Set(noon(on)),
        })
        .exec_without_returning(&self.db)
        .await
        .unwrap();
    }
}

/// The ids the tests need.
struct Set_ {
    groningen: Uuid,
    haren: Uuid,
    east: Uuid,
    west: Uuid,
}

/// Groningen (GM0014) and Haren (GM0017). In Groningen's east: ten people in the target-group register
/// working 51 hours a week together from February (9 x 5 + 6), seven others of 32 hours from 15 March, one
/// of 32 hours from 1 January to 29 June (then out to a regular job) and one starting in July. In its west:
/// a Wajong registration of February that stays, and a registration of March that dropped out in April. In
/// Haren: one person working 20 hours from January.
async fn data_set(app: &TestApp) -> Set_ {
    let admin = app.admin_token().await;
    let places: Value = app.get("/municipalities", Some(&admin)).await.json().await.unwrap();
    let groningen: Uuid = places["items"][0]["id"].as_str().unwrap().parse().unwrap();
    let created = app.post("/municipalities", Some(&admin), &json!({"name": "Haren", "code": "GM0017"})).await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let haren: Uuid = created.json::<Value>().await.unwrap()["id"].as_str().unwrap().parse().unwrap();
    let organisation = app.create_organisation("Buurtbedrijf", "12345678").await;
    let mut w = Writer { db: Database::connect(&app.database_url).await.unwrap(), organisation, n: 0 };
    let east = w.hood(groningen, "Oost").await;
    let west = w.hood(groningen, "West").await;
    let haren_hood = w.hood(haren, "Centrum").await;
    let (green, cleaning, community) =
        (w.category("Groen").await, w.category("Schoonmaak").await, w.category("Buurthuis").await);
    let mixed = w.package(groningen, east, &[(green, 6), (cleaning, 2)]).await;
    let centre = w.package(groningen, east, &[(community, 10)]).await;
    let employed = |on: &'static str| vec![(on, "employed", None)];
    let mut surveyed = Vec::new();
    for i in 0..10 {
        let person = w.person(groningen, east, "participatiewet", true, "2025-12-01", &employed("2026-02-01")).await;
        let contract = w.contract(groningen, person, mixed, "2026-02-01", if i == 0 { 6 } else { 5 }, None).await;
        surveyed.push((contract, person));
    }
    for _ in 0..7 {
        let person = w.person(groningen, east, "wsw", false, "2025-12-01", &employed("2026-03-15")).await;
        w.contract(groningen, person, centre, "2026-03-15", 32, None).await;
    }
    let leaver = w
        .person(
            groningen,
            east,
            "participatiewet",
            true,
            "2025-12-01",
            &[("2026-01-01", "employed", None), ("2026-06-29", "exited", Some("regular_job"))],
        )
        .await;
    w.contract(groningen, leaver, mixed, "2026-01-01", 32, Some(("2026-06-29", "regular_job"))).await;
    let later = w.person(groningen, east, "participatiewet", false, "2026-05-10", &employed("2026-07-01")).await;
    w.contract(groningen, later, centre, "2026-07-01", 32, None).await;
    w.person(groningen, west, "wajong", false, "2026-02-02", &[]).await;
    w.person(groningen, west, "participatiewet", false, "2026-03-03", &[("2026-04-20", "exited", Some("stopped"))])
        .await;
    let elsewhere = w.person(haren, haren_hood, "other", false, "2025-11-01", &employed("2026-01-05")).await;
    let haren_package = w.package(haren, haren_hood, &[(green, 4)]).await;
    w.contract(haren, elsewhere, haren_package, "2026-01-05", 20, None).await;
    w.survey(surveyed[0].0, surveyed[0].1, "2026-05-04", [8, 6, 9, 7]).await;
    w.survey(surveyed[1].0, surveyed[1].1, "2026-05-20", [7, 7, 8, 7]).await;
    // Rows written by hand, past the services: their aggregates are rebuilt, as after the generator.
    backend::monitoring::aggregates::rebuild(&w.db).await.unwrap();
    Set_ { groningen, haren, east, west }
}

fn tally(list: &Value, key: &str) -> u64 {
    list.as_array().unwrap().iter().find(|t| t["key"] == key).unwrap_or_else(|| panic!("{key}"))["value"]
        .as_u64()
        .unwrap()
}

fn category(month: &Value, name: &str) -> String {
    month["hoursByCategory"].as_array().unwrap().iter().find(|c| c["category"] == name).unwrap()["hours"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn the_dashboard_counts_a_hand_made_programme_month_by_month() {
    on_each_database(async |app: TestApp| {
        let set = data_set(&app).await;
        let consultant = app.token_for(Role::Consultant).await;
        let answer = app.get("/dashboard?from=2026-01&to=2026-06&municipality=GM0014", Some(&consultant)).await;
        assert_eq!(answer.status(), StatusCode::OK);
        let body: Value = answer.json().await.unwrap();
        assert_eq!(body["from"], "2026-01");
        assert_eq!(body["to"], "2026-06");
        assert_eq!(body["municipalityCode"], "GM0014");
        assert_eq!(body["fteHours"], "32");
        assert_eq!(body["standardJobHours"], "25.5");
        assert_eq!(body["finances"], Value::Null, "money is for finance and admin");
        let months = body["months"].as_array().unwrap();
        assert_eq!(
            months.iter().map(|m| m["month"].as_str().unwrap()).collect::<Vec<_>>(),
            ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"]
        );
        let (january, february, march, april, may, june) =
            (&months[0], &months[1], &months[2], &months[3], &months[4], &months[5]);

        // 30 June: 17 of 40 jobs, 51 register hours = 2.0 standard jobs.
        assert_eq!(june["jobs"], 17);
        assert_eq!(june["jobTarget"], 40);
        assert_eq!(june["realisationPct"], "42.5");
        assert_eq!(june["registerPeople"], 10);
        assert_eq!(june["registerHours"], "51");
        assert_eq!(june["standardJobs"], "2.00");
        assert_eq!(june["hours"], "275", "51 + 7 x 32");
        assert_eq!(june["fte"], "8.59", "275 / 32");
        // The months before: the leaver from January, the register group from February, the others from
        // 15 March.
        assert_eq!([january["jobs"].clone(), february["jobs"].clone(), march["jobs"].clone()], [1, 11, 18]);
        assert_eq!(may["jobs"], 18);
        assert_eq!(february["registerHours"], "83", "51 + the leaver's 32");
        assert_eq!(january["realisationPct"], "2.5");

        // The nature of the work: each contract's hours over its package's categories (6:2 and 10).
        assert_eq!(category(june, "Groen"), "38.25", "51 x 6/8");
        assert_eq!(category(june, "Schoonmaak"), "12.75", "51 x 2/8");
        assert_eq!(category(june, "Buurthuis"), "224.00", "7 x 32");
        assert_eq!(category(january, "Groen"), "24.00", "the leaver's 32 x 6/8");
        assert_eq!(category(january, "Buurthuis"), "0.00");

        // People on the month's last day: 18 registered in December, the Wajong person from February, the
        // dropout in March and April only, the later starter from May; the leaver gone in June.
        assert_eq!(january["people"], 18);
        assert_eq!(february["people"], 19);
        assert_eq!(march["people"], 20);
        assert_eq!(april["people"], 19);
        assert_eq!(may["people"], 20);
        assert_eq!(june["people"], 19);
        assert_eq!(tally(&june["byStatus"], "employed"), 17);
        assert_eq!(tally(&june["byStatus"], "registered"), 2, "the Wajong person and the later starter");
        assert_eq!(tally(&june["bySource"], "wsw"), 7);
        assert_eq!(tally(&june["bySource"], "wajong"), 1);
        assert_eq!(tally(&june["bySource"], "participatiewet"), 11, "ten in the register and the later starter");
        assert_eq!(tally(&january["byStatus"], "employed"), 1);

        // Flows within the month.
        assert_eq!(february["registrations"], 1);
        assert_eq!(march["registrations"], 1);
        assert_eq!(may["registrations"], 1);
        assert_eq!(january["registrations"], 0, "December's registrations are before the period");
        assert_eq!([january["contractStarts"].clone(), february["contractStarts"].clone()], [1, 10]);
        assert_eq!(march["contractStarts"], 7);
        assert_eq!(june["contractStarts"], 0);
        assert_eq!(april["exits"], 1);
        assert_eq!(april["dropout"], 1, "stopped without work");
        assert_eq!(tally(&april["exitsByReason"], "stopped"), 1);
        assert_eq!(june["exits"], 1);
        assert_eq!(june["dropout"], 0);
        assert_eq!(tally(&june["exitsByReason"], "regular_job"), 1);
        assert_eq!(june["contractEnds"], 1);
        assert_eq!(tally(&june["contractEndsByReason"], "regular_job"), 1);
        assert_eq!(may["contractEnds"], 0);

        // Experiences: May's two surveys averaged.
        assert_eq!(may["surveys"], 2);
        assert_eq!(
            may["experience"],
            json!({"wellbeing": "7.5", "income": "6.5", "work": "8.5", "socialContacts": "7.0"})
        );
        assert_eq!(june["experience"], Value::Null);
        assert_eq!(june["realisedCost"], Value::Null);

        // The region adds Haren's one job of 20 hours, and Haren's target.
        let region: Value =
            app.get("/dashboard?from=2026-06&to=2026-06", Some(&consultant)).await.json().await.unwrap();
        assert_eq!(region["municipalityCode"], Value::Null);
        assert_eq!(region["months"][0]["jobs"], 18);
        assert_eq!(region["months"][0]["jobTarget"], 80);
        assert_eq!(region["months"][0]["hours"], "295");
        assert_eq!(region["months"][0]["people"], 20);

        // One neighbourhood: the west's Wajong registration; no target (targets are per municipality).
        let west: Value = app
            .get(&format!("/dashboard?from=2026-04&to=2026-06&neighbourhood={}", set.west), Some(&consultant))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(west["neighbourhoodId"], set.west.to_string());
        assert_eq!(west["months"][0]["people"], 1, "the dropout left in April");
        assert_eq!(west["months"][0]["dropout"], 1);
        assert_eq!(west["months"][2]["jobs"], 0);
        assert_eq!(west["months"][2]["jobTarget"], Value::Null);
        assert_eq!(west["months"][2]["realisationPct"], Value::Null);
        let east: Value = app
            .get(&format!("/dashboard?from=2026-06&to=2026-06&neighbourhood={}", set.east), Some(&consultant))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(east["months"][0]["jobs"], 17);
        let _ = set.groningen;
    })
    .await;
}

/// A municipality's figures and a neighbourhood's come from aggregates maintained apart (per municipality,
/// per neighbourhood): Groningen is the sum of its two neighbourhoods, month by month, over a period that
/// starts before the first registration and ends after the last change.
#[tokio::test]
async fn a_municipality_is_the_sum_of_its_neighbourhoods_month_by_month() {
    on_each_database(async |app: TestApp| {
        let set = data_set(&app).await;
        let admin = app.admin_token().await;
        let get = async |filter: String| -> Value {
            let answer = app.get(&format!("/dashboard?from=2025-10&to=2026-08&{filter}"), Some(&admin)).await;
            assert_eq!(answer.status(), StatusCode::OK);
            answer.json().await.unwrap()
        };
        let whole = get("municipality=GM0014".to_owned()).await;
        let parts =
            [get(format!("neighbourhood={}", set.east)).await, get(format!("neighbourhood={}", set.west)).await];
        let number = |value: &Value| -> f64 {
            value.as_f64().unwrap_or_else(|| value.as_str().map_or(0.0, |text| text.parse().unwrap()))
        };
        let fields = [
            "people",
            "jobs",
            "hours",
            "registerPeople",
            "registerHours",
            "registrations",
            "contractStarts",
            "exits",
            "dropout",
            "contractEnds",
            "surveys",
        ];
        let lists = ["byStatus", "bySource", "exitsByReason", "contractEndsByReason"];
        let months = whole["months"].as_array().unwrap();
        assert_eq!(months.len(), 11);
        for (i, month) in months.iter().enumerate() {
            for field in fields {
                let sum: f64 = parts.iter().map(|p| number(&p["months"][i][field])).sum();
                assert_eq!(number(&month[field]), sum, "{field} in {}", month["month"]);
            }
            for list in lists {
                for tally in month[list].as_array().unwrap() {
                    let key = tally["key"].as_str().unwrap();
                    let sum: u64 = parts.iter().map(|p| tally_of(&p["months"][i][list], key)).sum();
                    assert_eq!(tally["value"].as_u64().unwrap(), sum, "{list} {key} in {}", month["month"]);
                }
            }
            // The nature of the work, by category (a category without hours in a part is 0 there).
            let hours = |m: &Value, name: &str| -> f64 {
                let list = m["hoursByCategory"].as_array().unwrap();
                list.iter().find(|c| c["category"] == name).map_or(0.0, |c| number(&c["hours"]))
            };
            let names: BTreeSet<String> = std::iter::once(month)
                .chain(parts.iter().map(|p| &p["months"][i]))
                .flat_map(|m| m["hoursByCategory"].as_array().unwrap().iter())
                .map(|c| c["category"].as_str().unwrap().to_owned())
                .collect();
            for name in &names {
                let sum: f64 = parts.iter().map(|p| hours(&p["months"][i], name)).sum();
                assert!((hours(month, name) - sum).abs() < 0.005, "{name} in {}", month["month"]);
            }
            // Every survey is in the east: the same scores.
            assert_eq!(month["experience"], parts[0]["months"][i]["experience"], "{}", month["month"]);
        }
        let june = &months[8];
        assert_eq!((june["jobs"].as_u64(), june["people"].as_u64()), (Some(17), Some(19)), "not all zeros");
        assert_eq!(months[7]["surveys"], 2, "May's two surveys");
        assert!(!june["hoursByCategory"].as_array().unwrap().is_empty(), "June has work");
        assert_eq!(months[0]["people"], 0, "before the first registration");
    })
    .await;
}

fn tally_of(list: &Value, key: &str) -> u64 {
    list.as_array().unwrap().iter().find(|t| t["key"] == key).map_or(0, |t| t["value"].as_u64().unwrap())
}

#[tokio::test]
async fn staff_of_one_municipality_see_only_theirs_and_finance_sees_the_money() {
    on_each_database(async |app: TestApp| {
        let set = data_set(&app).await;
        let admin = app.admin_token().await;
        let body = json!({"username": "harenaar", "displayName": "Haren", "role": "consultant",
            "municipalityId": set.haren, "password": PASSWORD});
        assert_eq!(app.post("/users", Some(&admin), &body).await.status(), StatusCode::CREATED);
        let local = app.login("harenaar", PASSWORD).await;
        let own: Value = app.get("/dashboard?from=2026-06&to=2026-06", Some(&local)).await.json().await.unwrap();
        assert_eq!(own["municipalityCode"], "GM0017", "their one municipality");
        assert_eq!(own["months"][0]["jobs"], 1);
        assert_eq!(own["months"][0]["hours"], "20");
        assert_eq!(own["months"][0]["jobTarget"], 40);
        assert_eq!(own["months"][0]["people"], 1);
        let refused = app.get("/dashboard?from=2026-06&to=2026-06&municipality=GM0014", Some(&local)).await;
        let problem = assert_problem(refused, StatusCode::BAD_REQUEST, "validation_failed").await;
        assert_eq!(field_names(&problem), ["municipality"]);
        let refused = app.get(&format!("/dashboard?neighbourhood={}", set.east), Some(&local)).await;
        let problem = assert_problem(refused, StatusCode::BAD_REQUEST, "validation_failed").await;
        assert_eq!(field_names(&problem), ["neighbourhood"], "another municipality's neighbourhood");

        for role in [Role::Finance, Role::Admin] {
            let token = if role == Role::Admin { admin.clone() } else { app.token_for(role).await };
            let money: Value = app
                .get("/dashboard?from=2026-05&to=2026-06&municipality=GM0014", Some(&token))
                .await
                .json()
                .await
                .unwrap();
            let years = money["finances"].as_array().unwrap();
            assert_eq!(years.len(), 1, "{role}");
            assert_eq!(years[0]["year"], 2026);
            assert_eq!(years[0]["budget"], "700000.00");
            assert_eq!(years[0]["jobTarget"], 40);
            assert!(years[0]["costNorm"].as_str().unwrap().parse::<Decimal>().unwrap() > Decimal::ZERO);
            let june = &money["months"][1];
            assert!(june["realisedCost"].as_str().unwrap().parse::<Decimal>().unwrap() > Decimal::ZERO, "{role}");
            assert!(june["committedCost"].is_string());
        }
        // The money is kept between requests, and a write to what it is computed from shows at once.
        let finance = app.token_for(Role::Finance).await;
        let change = json!({"municipalityId": set.groningen, "year": 2026, "amount": "650000.00", "jobTarget": 36, "version": 0});
        assert_eq!(app.put("/budget", Some(&finance), &change).await.status(), StatusCode::OK);
        let money: Value = app
            .get("/dashboard?from=2026-05&to=2026-06&municipality=GM0014", Some(&finance))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(money["finances"][0]["budget"], "650000.00");
        assert_eq!(money["finances"][0]["jobTarget"], 36);
        for role in [Role::JobCoach, Role::Consultant] {
            let token = app.token_for(role).await;
            let answer = app.get("/dashboard", Some(&token)).await;
            assert_eq!(answer.status(), StatusCode::OK, "{role}");
            let body: Value = answer.json().await.unwrap();
            assert_eq!(body["months"].as_array().unwrap().len(), 12, "the last twelve months by default");
            assert_eq!(body["finances"], Value::Null, "{role}");
        }
        for role in [Role::Monitor, Role::Partner] {
            let token = app.token_for(role).await;
            assert_eq!(app.get("/dashboard", Some(&token)).await.status(), StatusCode::FORBIDDEN, "{role}");
        }
        assert_eq!(app.get("/dashboard", None).await.status(), StatusCode::UNAUTHORIZED);
    })
    .await;
}

#[tokio::test]
async fn the_dashboard_refuses_bad_months_periods_and_places_naming_the_parameter() {
    on_each_database(async |app: TestApp| {
        let admin = app.admin_token().await;
        let cases: [(&str, &[&str]); 8] = [
            ("from=2026-13&to=2026-12", &["from"]),
            ("from=2026-01&to=2026-1", &["to"]),
            ("from=2026-Q1", &["from"]),
            ("from=2026-06&to=2026-01", &["to"]),
            ("from=2020-01&to=2026-01", &["to"]),
            ("municipality=GM9999", &["municipality"]),
            ("neighbourhood=wijk", &["neighbourhood"]),
            (
                "from=1999-12&municipality=GM9999&neighbourhood=00000000-0000-0000-0000-000000000000",
                &["from", "municipality", "neighbourhood"],
            ),
        ];
        for (query, fields) in cases {
            let refused = app.get(&format!("/dashboard?{query}"), Some(&admin)).await;
            let problem = assert_problem(refused, StatusCode::BAD_REQUEST, "validation_failed").await;
            assert_eq!(field_names(&problem), fields, "{query}");
        }
        let fine = app.get("/dashboard?from=2026-01&to=2028-12", Some(&admin)).await;
        assert_eq!(fine.status(), StatusCode::OK, "36 months");
    })
    .await;
}

#[tokio::test]
async fn the_demo_has_a_research_client_and_months_of_history_on_the_dashboard() {
    crate::helpers::on_each_database_with(
        |config| config.demo = true,
        async |app: TestApp| {
            let admin = app.admin_token().await;
            let clients: Value = app.get("/api-clients?pageSize=100", Some(&admin)).await.json().await.unwrap();
            let research: Vec<&Value> =
                clients["items"].as_array().unwrap().iter().filter(|c| c["role"] == "research").collect();
            assert_eq!(research.len(), 1, "the research partner's client");
            assert!(research[0].get("clientSecret").is_none(), "its secret is never shown");

            let consultant = app.token_for(Role::Consultant).await;
            let body: Value = app.get("/dashboard", Some(&consultant)).await.json().await.unwrap();
            let months = body["months"].as_array().unwrap();
            assert_eq!(months.len(), 12);
            let now = &months[11];
            assert!(now["jobs"].as_u64().unwrap() > 0, "the demo's active contracts");
            assert!(now["people"].as_u64().unwrap() >= 50);
            // History: people registered in earlier months (the demo's stories began up to four months ago).
            let earlier_people = months[..11].iter().filter(|m| m["people"].as_u64().unwrap() > 0).count();
            assert!(earlier_people >= 3, "people in at least three earlier months");
            let registrations: u64 = months.iter().map(|m| m["registrations"].as_u64().unwrap()).sum();
            assert!(registrations >= 50);
            assert!(months.iter().any(|m| m["exits"].as_u64().unwrap() > 0));
        },
    )
    .await;
}
