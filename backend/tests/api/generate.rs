//! `cargo xtask generate`: the generator fills a new database that the application then serves, the same
//! for the same seed, on SQLite and PostgreSQL.

use backend::Application;
use backend::config::Config;
use backend::db::{candidates, contract_versions, contracts, employee_surveys, municipalities, task_packages};
use backend::generate::{self, Scale};
use sea_orm::{
    ColumnTrait, ConnectionTrait, Database, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};
use serde_json::{Value, json};
use uuid::Uuid;

/// A new, empty database of each kind that the run has: its URL, and how to remove it afterwards.
pub(crate) struct FreshDatabase {
    pub(crate) url: String,
    sqlite_file: Option<std::path::PathBuf>,
    postgres: Option<(String, String)>,
}

impl FreshDatabase {
    async fn sqlite() -> Self {
        let file = std::env::temp_dir().join(format!("basisbaan-generate-{}.db", Uuid::new_v4().simple()));
        Self { url: format!("sqlite://{}?mode=rwc", file.display()), sqlite_file: Some(file), postgres: None }
    }

    async fn postgres(maintenance: &str) -> Self {
        let name = format!("basisbaan_test_{}", Uuid::new_v4().simple());
        let db = Database::connect(maintenance).await.expect("connecting to TEST_DATABASE_URL");
        db.execute_unprepared(&format!("CREATE DATABASE \"{name}\"")).await.expect("creating the test database");
        db.close().await.ok();
        let (base, query) = maintenance.split_once('?').map_or((maintenance, None), |(b, q)| (b, Some(q)));
        let prefix = base.rsplit_once('/').map_or(base, |(prefix, _)| prefix);
        let url = match query {
            Some(query) => format!("{prefix}/{name}?{query}"),
            None => format!("{prefix}/{name}"),
        };
        Self { url, sqlite_file: None, postgres: Some((maintenance.to_owned(), name)) }
    }

    pub(crate) async fn each() -> Vec<Self> {
        let mut databases = vec![Self::sqlite().await];
        if let Some(url) = std::env::var("TEST_DATABASE_URL").ok().filter(|u| u.starts_with("postgres")) {
            databases.push(Self::postgres(&url).await);
        }
        databases
    }
}

impl Drop for FreshDatabase {
    fn drop(&mut self) {
        if let Some(file) = &self.sqlite_file {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
            }
        }
        if let Some((maintenance, name)) = self.postgres.take() {
            let _ = std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
                runtime.block_on(async {
                    if let Ok(db) = Database::connect(&maintenance).await {
                        let _ =
                            db.execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)")).await;
                    }
                });
            })
            .join();
        }
    }
}

async fn generated(database: &FreshDatabase, seed: u64) -> DatabaseConnection {
    let db = backend::db::connect(&database.url).await.expect("connecting");
    generate::generate(&db, Scale::Small.sizes(), seed, &mut |_| {}).await.expect("generating");
    db
}

async fn serve(url: &str) -> (String, reqwest::Client) {
    let application = Application::build(Config::for_tests(url.to_owned())).await.expect("building the application");
    let address = format!("http://127.0.0.1:{}/api/v1", application.port());
    tokio::spawn(application.run_until_stopped());
    (address, reqwest::Client::new())
}

async fn login(client: &reqwest::Client, api: &str, username: &str) -> String {
    let response = client
        .post(format!("{api}/auth/login"))
        .json(&json!({"username": username, "password": generate::PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "login of {username}");
    let body: Value = response.json().await.unwrap();
    body["accessToken"].as_str().unwrap().to_owned()
}

async fn get(client: &reqwest::Client, api: &str, path: &str, token: &str) -> Value {
    let response = client.get(format!("{api}{path}")).bearer_auth(token).send().await.unwrap();
    assert_eq!(response.status(), 200, "GET {path}");
    response.json().await.unwrap()
}

#[tokio::test]
async fn generated_data_is_served_to_a_scoped_consultant_and_a_regional_admin() {
    for database in FreshDatabase::each().await {
        eprintln!("-- on {}", database.url.split(':').next().unwrap_or_default());
        let db = generated(&database, 1).await;
        let sizes = Scale::Small.sizes();
        assert_eq!(municipalities::Entity::find().count(&db).await.unwrap(), sizes.municipalities as u64);
        assert_eq!(candidates::Entity::find().count(&db).await.unwrap(), sizes.candidates as u64);
        assert_eq!(task_packages::Entity::find().count(&db).await.unwrap(), sizes.packages as u64);
        let first =
            municipalities::Entity::find().order_by_asc(municipalities::Column::Code).one(&db).await.unwrap().unwrap();
        let own = candidates::Entity::find()
            .filter(candidates::Column::MunicipalityId.eq(first.id))
            .count(&db)
            .await
            .unwrap();
        let own_eligible = candidates::Entity::find()
            .filter(candidates::Column::MunicipalityId.eq(first.id))
            .filter(candidates::Column::Status.eq("eligible"))
            .count(&db)
            .await
            .unwrap();
        let open =
            task_packages::Entity::find().filter(task_packages::Column::Status.eq("open")).count(&db).await.unwrap();
        assert!(own > 0 && own < sizes.candidates as u64, "the first municipality has some, not all: {own}");

        let (api, client) = serve(&database.url).await;
        let admin = login(&client, &api, "admin").await;
        let consultant = login(&client, &api, &format!("consulent-{}", first.code.to_lowercase())).await;

        let everyone = get(&client, &api, "/candidates?pageSize=10", &admin).await;
        assert_eq!(everyone["totalItems"], sizes.candidates);
        assert_eq!(everyone["totalPages"], sizes.candidates.div_ceil(10));
        assert_eq!(everyone["items"].as_array().unwrap().len(), 10);
        let mine = get(&client, &api, "/candidates?pageSize=100", &consultant).await;
        assert_eq!(mine["totalItems"], own, "a consultant sees only their municipality's candidates");
        let eligible = get(&client, &api, "/candidates?status=eligible&sort=lastName&page=1", &consultant).await;
        assert_eq!(eligible["totalItems"], own_eligible);
        let items = eligible["items"].as_array().unwrap();
        assert!(items.iter().all(|c| c["status"] == "eligible" && c["neighbourhoodName"].is_string()), "{eligible}");
        let names: Vec<String> = items
            .iter()
            .map(|c| shared::text::sort_name(c["lastName"].as_str().unwrap(), c["firstName"].as_str().unwrap()))
            .collect();
        assert!(names.windows(2).all(|w| w[0] <= w[1]), "sorted by surname, particles last: {names:?}");
        // A page past the end still tells the exact total.
        let beyond = get(&client, &api, "/candidates?status=eligible&page=400", &consultant).await;
        assert_eq!(beyond["totalItems"], own_eligible);
        assert_eq!(beyond["items"].as_array().unwrap().len(), 0);

        let last_name = mine["items"][0]["lastName"].as_str().unwrap().to_owned();
        let response = client
            .post(format!("{api}/candidates/search"))
            .bearer_auth(&consultant)
            .json(&json!({"query": last_name.to_lowercase()}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        let found: Value = response.json().await.unwrap();
        let hits = found["items"].as_array().unwrap();
        assert!(!hits.is_empty() && found["totalItems"].as_u64().unwrap() <= own);
        assert!(hits.iter().all(|c| {
            format!("{} {}", c["firstName"], c["lastName"]).to_lowercase().contains(&last_name.to_lowercase())
        }));

        let packages = get(&client, &api, "/task-packages?status=open", &admin).await;
        assert_eq!(packages["totalItems"], open);
        assert!(
            packages["items"]
                .as_array()
                .unwrap()
                .iter()
                .all(|p| p["status"] == "open" && p["hours"]["totalHours"] == 32),
            "{packages}"
        );
        let all = get(&client, &api, "/task-packages", &admin).await;
        let statuses: std::collections::BTreeSet<String> =
            task_packages::Entity::find().all(&db).await.unwrap().into_iter().map(|p| p.status).collect();
        assert_eq!(all["totalItems"], sizes.packages);
        assert!(statuses.len() >= 4, "packages in several workflow states: {statuses:?}");

        // Contracts: an active one only for an employed person, one version per step, surveys while it ran.
        let made = contracts::Entity::find().all(&db).await.unwrap();
        assert!(!made.is_empty() && made.len() <= sizes.contracts, "{} contracts", made.len());
        let people: std::collections::HashMap<Uuid, String> =
            candidates::Entity::find().all(&db).await.unwrap().into_iter().map(|c| (c.id, c.status)).collect();
        let active: Vec<_> = made.iter().filter(|c| c.status == "active").collect();
        assert!(!active.is_empty() && active.len() < made.len(), "active and ended contracts");
        assert!(active.iter().all(|c| people[&c.candidate_id] == "employed"));
        assert!(made.iter().all(|c| (c.status == "ended") == c.ended_on.is_some()));
        let versions = contract_versions::Entity::find().all(&db).await.unwrap();
        for c in &made {
            let own: Vec<i32> = versions.iter().filter(|v| v.contract_id == c.id).map(|v| v.version).collect();
            assert_eq!(own.len() as i32, c.version, "every version of {} kept", c.id);
        }
        let surveys = employee_surveys::Entity::find().all(&db).await.unwrap();
        assert!(!surveys.is_empty());
        for s in &surveys {
            let c = made.iter().find(|c| c.id == s.contract_id).unwrap();
            let first = shared::surveys::due_date(c.start_date, 3, 1).unwrap() - chrono::Duration::days(14);
            assert!(s.surveyed_on >= first && c.ended_on.is_none_or(|e| s.surveyed_on <= e), "{s:?} of {c:?}");
        }
        // Guidance: each contract's person has the municipality's job coach from the first day, and
        // check-ins while the contract ran, each on one or two domains.
        let coaches = backend::db::guidance_assignments::Entity::find().all(&db).await.unwrap();
        assert_eq!(coaches.len(), made.len());
        for c in &made {
            assert!(
                coaches.iter().any(|a| a.candidate_id == c.candidate_id
                    && a.kind == "coach"
                    && a.from_date == c.start_date
                    && a.until_date == c.ended_on),
                "a coach for {c:?}"
            );
        }
        let check_ins = backend::db::guidance_check_ins::Entity::find().all(&db).await.unwrap();
        assert!(check_ins.len() > made.len(), "{} check-ins", check_ins.len());
        let domains = backend::db::guidance_check_in_domains::Entity::find().all(&db).await.unwrap();
        for check_in in &check_ins {
            let n = domains.iter().filter(|d| d.check_in_id == check_in.id).count();
            assert!((1..=2).contains(&n), "{n} domains of {check_in:?}");
            assert!(
                made.iter().any(|c| c.candidate_id == check_in.candidate_id
                    && check_in.held_on > c.start_date
                    && c.ended_on.is_none_or(|e| check_in.held_on <= e)),
                "{check_in:?} while a contract ran"
            );
        }
        let listed = get(&client, &api, "/contracts?pageSize=1", &admin).await;
        assert_eq!(listed["totalItems"], made.len());
        let one = active[0].id;
        let read = get(&client, &api, &format!("/contracts/{one}/surveys"), &admin).await;
        assert_eq!(read["items"].as_array().unwrap().len(), surveys.iter().filter(|s| s.contract_id == one).count());
        db.close().await.ok();
    }
}

#[tokio::test]
async fn the_same_seed_gives_the_same_data_and_a_used_database_is_refused() {
    let (one, two, three) =
        (FreshDatabase::sqlite().await, FreshDatabase::sqlite().await, FreshDatabase::sqlite().await);
    let rows = async |database: &FreshDatabase, seed| {
        let db = generated(database, seed).await;
        let rows: Vec<(Uuid, String, Option<String>, String)> = candidates::Entity::find()
            .order_by_asc(candidates::Column::Id)
            .all(&db)
            .await
            .unwrap()
            .into_iter()
            .map(|c| (c.id, c.search_name, c.bsn, c.status))
            .collect();
        (db, rows)
    };
    let (db, first) = rows(&one, 7).await;
    let (_, second) = rows(&two, 7).await;
    let (_, other) = rows(&three, 8).await;
    assert_eq!(first, second);
    assert_ne!(first, other);
    assert!(first.iter().all(|(_, _, bsn, _)| bsn.as_deref().is_some_and(shared::candidates::is_valid_bsn)));
    let again = generate::generate(&db, Scale::Small.sizes(), 7, &mut |_| {}).await;
    assert!(again.is_err(), "a database that holds data is refused");
    assert_eq!(candidates::Entity::find().count(&db).await.unwrap(), first.len() as u64);
}
