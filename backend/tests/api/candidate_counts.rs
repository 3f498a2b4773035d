//! The list counters (`candidate_counts`, issue 8 "National-scale data"): after every kind of write that
//! changes where a candidate counts (create, CSV import, status change, a status change of another
//! capability through the status service, erasure, the generator, the demo seeding, the migration's
//! back-fill) each counter equals a real `COUNT(*)`, a rolled-back write leaves them as they were, and the
//! lists' exact totals are the same whether they come from the counters or from a count.

use backend::auth::AuthUser;
use backend::registration::service::move_status;
use chrono::Utc;
use migrations::{Migrator, MigratorTrait};
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement, TransactionTrait};
use serde_json::{Value, json};
use shared::auth::Role;
use shared::candidates::CandidateStatus;
use uuid::Uuid;

use crate::candidates::candidate;
use crate::generate::FreshDatabase;
use crate::helpers::{PASSWORD, TestApp, on_each_database, on_each_database_with};
use crate::imports::bsn;

type Counts = Vec<(Uuid, String, i64)>;

async fn rows(db: &DatabaseConnection, sql: &str) -> Counts {
    let rows = db.query_all_raw(Statement::from_string(db.get_database_backend(), sql.to_owned())).await.unwrap();
    rows.into_iter()
        .map(|row| {
            (row.try_get_by_index(0).unwrap(), row.try_get_by_index(1).unwrap(), row.try_get_by_index(2).unwrap())
        })
        .collect()
}

/// The counters that are not zero (a counter that went back to zero may stay as a row).
async fn counters(db: &DatabaseConnection) -> Counts {
    rows(db, "SELECT municipality_id, status, n FROM candidate_counts WHERE n <> 0 ORDER BY municipality_id, status")
        .await
}

/// What the counters must hold: a real count of the candidates that are not erased.
async fn counted(db: &DatabaseConnection) -> Counts {
    rows(
        db,
        "SELECT municipality_id, status, COUNT(*) FROM candidates WHERE erased_at IS NULL \
         GROUP BY municipality_id, status ORDER BY municipality_id, status",
    )
    .await
}

async fn assert_exact(db: &DatabaseConnection, after: &str) -> Counts {
    let real = counted(db).await;
    assert_eq!(counters(db).await, real, "the counters after {after}");
    real
}

/// A real count of `condition` over the candidates that are not erased.
async fn count_where(db: &DatabaseConnection, condition: &str) -> u64 {
    let sql = format!("SELECT COUNT(*) FROM candidates WHERE erased_at IS NULL AND {condition}");
    let row = db.query_one_raw(Statement::from_string(db.get_database_backend(), sql)).await.unwrap().unwrap();
    u64::try_from(row.try_get_by_index::<i64>(0).unwrap()).unwrap()
}

async fn create(app: &TestApp, token: &str, n: u32) -> String {
    let mut body = candidate(&bsn(900_000 + n), &format!("Kandidaat{n}"), "Jansen");
    body["physicalLimitations"] = json!([]);
    let response = app.post("/candidates?confirmDuplicate=true", Some(token), &body).await;
    assert_eq!(response.status(), StatusCode::CREATED, "{}", response.text().await.unwrap());
    response.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned()
}

async fn step(app: &TestApp, token: &str, id: &str, body: Value) -> Value {
    let path = if body.get("outcome").is_some() { "eligibility" } else { "status" };
    let response = app.post(&format!("/candidates/{id}/{path}"), Some(token), &body).await;
    assert_eq!(response.status(), StatusCode::OK, "{}", response.text().await.unwrap());
    response.json().await.unwrap()
}

async fn import(app: &TestApp, token: &str, first: u32, count: u32, broken: bool) -> reqwest::Response {
    let mut csv = String::from("Voornaam;Achternaam;Geboortedatum;BSN;Postcode;Huisnummer;Bron;Doelgroepregister");
    for n in first..first + count {
        csv.push_str(&format!("\nImport{n};Visser;17-05-1990;{};9713 HA;{n};participatiewet;ja", bsn(800_000 + n)));
    }
    if broken {
        csv.push_str("\nKapot;Visser;geen datum;123;9713 HA;1;participatiewet;ja");
    }
    app.client
        .post(app.url("/candidates/import"))
        .bearer_auth(token)
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .unwrap()
}

/// The list's `totalItems` for `query` as `token` sees it.
async fn total(app: &TestApp, token: &str, query: &str) -> u64 {
    let body: Value = app.get(&format!("/candidates?{query}"), Some(token)).await.json().await.unwrap();
    body["totalItems"].as_u64().unwrap_or_else(|| panic!("a page for {query}: {body}"))
}

/// A caller of the status service as another capability would pass it (a regional consultant).
fn service_caller() -> AuthUser {
    AuthUser {
        user_id: None,
        client_id: None,
        name: "matching".into(),
        role: Role::Consultant,
        organisation_id: None,
        municipality_id: None,
        must_change_password: false,
    }
}

#[tokio::test]
async fn the_counters_equal_a_real_count_after_every_kind_of_write_and_the_list_totals_agree() {
    on_each_database(async |app: TestApp| {
        let db = Database::connect(&app.database_url).await.unwrap();
        assert_exact(&db, "migrating").await;
        let admin = app.admin_token().await;
        let haren: Value =
            app.post("/municipalities", Some(&admin), &json!({"name": "Haren", "code": "GM0017"})).await.json().await.unwrap();
        let haren = haren["id"].as_str().unwrap().to_owned();
        let scoped = json!({"username": "c.haren", "displayName": "c.haren", "role": "consultant", "municipalityId": haren, "password": PASSWORD});
        assert_eq!(app.post("/users", Some(&admin), &scoped).await.status(), StatusCode::CREATED);
        let local = app.login("c.haren", PASSWORD).await;
        let regional = app.token_for(Role::Consultant).await;

        // Create, in two municipalities.
        let mut ids = Vec::new();
        for n in 0..4 {
            ids.push(create(&app, &regional, n).await);
        }
        let mut in_haren = Vec::new();
        for n in 10..13 {
            in_haren.push(create(&app, &local, n).await);
        }
        let real = assert_exact(&db, "creating").await;
        assert_eq!(real.len(), 2, "registered candidates in two municipalities: {real:?}");

        // Status changes: the status endpoint and the eligibility decision.
        for id in ids.iter().chain(&in_haren) {
            step(&app, &regional, id, json!({"to": "intake", "reason": "Gesprek", "version": 1})).await;
            assert_exact(&db, "a step to intake").await;
        }
        for id in ids.iter().take(3).chain(in_haren.iter().take(2)) {
            step(&app, &regional, id, json!({"outcome": "eligible", "motivation": "Past", "version": 2})).await;
        }
        step(&app, &regional, &ids[3], json!({"outcome": "pre_trajectory", "motivation": "Eerst werkfit", "version": 2}))
            .await;
        step(&app, &local, &in_haren[2], json!({"to": "exited", "reason": "Verhuisd", "exitReason": "moved", "version": 2}))
            .await;
        assert_exact(&db, "eligibility decisions and an exit").await;
        // A refused step writes nothing.
        let refused = app
            .post(&format!("/candidates/{}/status", ids[0]), Some(&regional), &json!({"to": "employed", "reason": "x", "version": 3}))
            .await;
        assert_eq!(refused.status(), StatusCode::CONFLICT);
        assert_exact(&db, "a refused step").await;

        // CSV import: created rows count; a rejected file writes nothing.
        let imported = import(&app, &local, 1, 5, false).await;
        assert_eq!(imported.status(), StatusCode::OK, "{}", imported.text().await.unwrap());
        assert_exact(&db, "an import").await;
        let before = counters(&db).await;
        let rejected = import(&app, &local, 100, 5, true).await;
        assert_eq!(rejected.status(), StatusCode::BAD_REQUEST);
        assert_eq!(counters(&db).await, before, "a rejected import changes no counter");
        // Importing the same people again updates them: nobody new counts.
        assert_eq!(import(&app, &local, 1, 5, false).await.status(), StatusCode::OK);
        assert_eq!(assert_exact(&db, "a second import of the same rows").await, before);

        // A status change of another capability (a match at trial placement) through the status service, in
        // that capability's transaction: committed it counts, rolled back it leaves every counter as it was.
        let caller = service_caller();
        let now = Utc::now();
        let txn = db.begin().await.unwrap();
        move_status(&txn, &caller, ids[0].parse().unwrap(), CandidateStatus::Matched, "proefplaatsing", None, now)
            .await
            .unwrap();
        txn.commit().await.unwrap();
        assert_exact(&db, "a committed step of another capability").await;
        let before = counters(&db).await;
        let txn = db.begin().await.unwrap();
        move_status(&txn, &caller, ids[1].parse().unwrap(), CandidateStatus::Matched, "proefplaatsing", None, now)
            .await
            .unwrap();
        txn.rollback().await.unwrap();
        assert_eq!(counters(&db).await, before, "a rolled-back step changes no counter");
        assert_exact(&db, "a rolled-back step").await;

        // Erasure: the erased candidate no longer counts; a second erasure finds nothing.
        let erase = json!({"reason": "Verzoek betrokkene", "confirm": true});
        let erased = app.post(&format!("/candidates/{}/erasure", ids[2]), Some(&admin), &erase).await;
        assert_eq!(erased.status(), StatusCode::NO_CONTENT);
        assert_exact(&db, "an erasure").await;
        let again = app.post(&format!("/candidates/{}/erasure", ids[2]), Some(&admin), &erase).await;
        assert_eq!(again.status(), StatusCode::NOT_FOUND);
        assert_exact(&db, "a second erasure").await;

        // The lists' totals: from the counters (region and status) and from a count (any other filter), each
        // equal to a real count, for the municipality's consultant and for the region.
        let mine = "municipality_id = (SELECT id FROM municipalities WHERE code = 'GM0017')";
        for status in [None, Some("registered"), Some("intake"), Some("eligible"), Some("pre_trajectory"), Some("matched"), Some("exited"), Some("employed")] {
            let (query, condition) = match status {
                Some(s) => (format!("status={s}"), format!("status = '{s}'")),
                None => (String::new(), "1 = 1".to_owned()),
            };
            assert_eq!(total(&app, &admin, &query).await, count_where(&db, &condition).await, "region, {query}");
            assert_eq!(
                total(&app, &local, &query).await,
                count_where(&db, &format!("{condition} AND {mine}")).await,
                "Haren, {query}"
            );
            for paged in [format!("{query}&page=2&pageSize=2"), format!("{query}&page=50")] {
                assert_eq!(total(&app, &admin, &paged).await, count_where(&db, &condition).await, "region, {paged}");
            }
        }
        let filtered = total(&app, &admin, "status=eligible&targetGroupRegister=true").await;
        assert_eq!(filtered, count_where(&db, "status = 'eligible' AND target_group_register = true").await);
        let search: Value = app
            .post("/candidates/search", Some(&local), &json!({"query": "", "status": "intake"}))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(search["totalItems"].as_u64(), Some(count_where(&db, &format!("status = 'intake' AND {mine}")).await));
    })
    .await;
}

#[tokio::test]
async fn concurrent_status_changes_in_opposite_directions_neither_deadlock_nor_miscount() {
    on_each_database(async |app: TestApp| {
        let db = Database::connect(&app.database_url).await.unwrap();
        let consultant = app.token_for(Role::Consultant).await;
        let mut ids = Vec::new();
        for n in 0..12 {
            let id = create(&app, &consultant, n).await;
            step(&app, &consultant, &id, json!({"to": "intake", "reason": "Gesprek", "version": 1})).await;
            step(&app, &consultant, &id, json!({"outcome": "eligible", "motivation": "Past", "version": 2})).await;
            ids.push(id.parse::<Uuid>().unwrap());
        }
        let caller = service_caller();
        let now = Utc::now();
        for id in &ids[..6] {
            move_status(&db, &caller, *id, CandidateStatus::Matched, "proefplaatsing", None, now).await.unwrap();
        }
        assert_exact(&db, "six placements").await;
        // Six go back from matched to eligible while six go from eligible to matched: the same two counter
        // rows, touched in opposite directions at once.
        let moves = ids.iter().enumerate().map(|(i, id)| {
            let (db, caller, id) = (db.clone(), caller.clone(), *id);
            let to = if i < 6 { CandidateStatus::Eligible } else { CandidateStatus::Matched };
            tokio::spawn(async move {
                let txn = db.begin().await?;
                move_status(&txn, &caller, id, to, "gelijktijdig", None, now)
                    .await
                    .map_err(|e| sea_orm::DbErr::Custom(format!("{e:?}")))?;
                // Keep the rows locked a moment, so that the transactions overlap.
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                txn.commit().await
            })
        });
        let results: Vec<_> = futures_util::future::join_all(moves).await.into_iter().map(|r| r.unwrap()).collect();
        if db.get_database_backend() == DbBackend::Postgres {
            // Row locks taken in one order: every transaction commits (a deadlock would abort one).
            assert!(results.iter().all(Result::is_ok), "{results:?}");
        }
        // SQLite lets one writer at a time; a transaction that could not write left nothing behind.
        assert_exact(&db, "concurrent status changes").await;
    })
    .await;
}

#[tokio::test]
async fn the_demo_seeding_leaves_exact_counters() {
    on_each_database_with(
        |config| config.demo = true,
        async |app: TestApp| {
            let db = Database::connect(&app.database_url).await.unwrap();
            let real = assert_exact(&db, "the demo seeding and its matching round").await;
            assert!(real.iter().any(|(_, status, _)| status == "matched"), "the demo has placements: {real:?}");
        },
    )
    .await;
}

#[tokio::test]
async fn the_generator_and_the_migration_fill_exact_counters() {
    for database in FreshDatabase::each().await {
        eprintln!("-- on {}", database.url.split(':').next().unwrap_or_default());
        let db = backend::db::connect(&database.url).await.expect("connecting");
        // Without contracts: the contracts' migration, undone below, cannot put back the one-match-per-position
        // index once positions have been released and filled again.
        let sizes = backend::generate::Sizes { contracts: 0, ..backend::generate::Scale::Small.sizes() };
        backend::generate::generate(&db, sizes, 7, &mut |_| {}).await.expect("generating");
        let real = assert_exact(&db, "generating").await;
        assert!(real.len() > 4, "several municipalities and statuses: {real:?}");
        assert_masks(&db, "generating").await;

        // The migration's back-fill: undo it (and what came after it), erase some candidates and lose the
        // counters, then migrate again.
        let all = Migrator::migrations();
        let position = all.iter().position(|m| m.name() == "m20261129_200001_candidate_counts").expect("the migration");
        Migrator::down(&db, Some(u32::try_from(all.len() - position).unwrap())).await.expect("down");
        let erased = "UPDATE candidates SET erased_at = created_at WHERE id IN \
                      (SELECT id FROM candidates ORDER BY id LIMIT 5)";
        db.execute_unprepared(erased).await.unwrap();
        Migrator::up(&db, None).await.expect("up again");
        let refilled = assert_exact(&db, "the migration").await;
        assert_masks(&db, "the ranking masks' back-fill").await;
        assert_eq!(refilled.iter().map(|(_, _, n)| n).sum::<i64>(), real.iter().map(|(_, _, n)| n).sum::<i64>() - 5);
        db.close().await.ok();
    }
}

/// Every candidate's `available_days_mask` and `limitations_mask` hold exactly its day and limitation rows
/// (`shared::matching::day_mask`, `demand_mask`): what the ranked lists filter on.
async fn assert_masks(db: &DatabaseConnection, after: &str) {
    use backend::db::{candidate_available_days, candidate_physical_limitations, candidates};
    use sea_orm::EntityTrait;
    use std::collections::HashMap;
    let mut days: HashMap<Uuid, Vec<shared::candidates::Weekday>> = HashMap::new();
    for row in candidate_available_days::Entity::find().all(db).await.unwrap() {
        days.entry(row.candidate_id).or_default().push(shared::candidates::Weekday::parse(&row.day).unwrap());
    }
    let mut limitations: HashMap<Uuid, Vec<shared::reference::PhysicalDemand>> = HashMap::new();
    for row in candidate_physical_limitations::Entity::find().all(db).await.unwrap() {
        limitations
            .entry(row.candidate_id)
            .or_default()
            .push(shared::reference::PhysicalDemand::parse(&row.limitation).unwrap());
    }
    let all = candidates::Entity::find().all(db).await.unwrap();
    assert!(all.iter().any(|c| c.limitations_mask != 0) && all.iter().any(|c| c.available_days_mask != 0));
    for c in all {
        let expected_days = shared::matching::day_mask(days.remove(&c.id).unwrap_or_default());
        let expected_limitations = shared::matching::demand_mask(limitations.remove(&c.id).unwrap_or_default());
        assert_eq!(
            (c.available_days_mask, c.limitations_mask),
            (expected_days, expected_limitations),
            "after {after}: candidate {}",
            c.id
        );
    }
}
