//! Load run: importing 10,000 candidates from CSV through the real API, on SQLite and (when
//! `TEST_DATABASE_URL` is set) PostgreSQL. `cargo bench -p backend --bench import`; figures go to
//! BENCHMARKS.md. Runs each import three times on a fresh database and prints the median.

use std::time::Instant;

use backend::Application;
use backend::config::Config;
use sea_orm::{ConnectionTrait, Database};

fn bsn(n: u32) -> String {
    (0..10)
        .map(|shift| (n + shift * 13_000_000) % 100_000_000)
        .find_map(|start| {
            let digits: Vec<u32> = format!("{start:08}").bytes().map(|b| u32::from(b - b'0')).collect();
            let check = digits.iter().zip([9, 8, 7, 6, 5, 4, 3, 2]).map(|(d, w)| d * w).sum::<u32>() % 11;
            (check < 10 && start > 0).then(|| format!("{start:08}{check}"))
        })
        .expect("a check digit")
}

fn csv(rows: u32) -> String {
    let mut csv = String::from(
        "voornaam;achternaam;geboortedatum;bsn;postcode;huisnummer;bron;doelgroepregister;uren;uitkeringsbedrag\n",
    );
    for n in 1..=rows {
        csv.push_str(&format!(
            "Kandidaat{n};Achternaam{n};17-05-1990;{};9713 HA;{};participatiewet;ja;32;1.250,00\n",
            bsn(n),
            n % 200 + 1
        ));
    }
    csv
}

async fn run(database_url: String, body: &str) -> f64 {
    let mut config = Config::for_tests(database_url);
    config.admin_password = Some("Bench-wachtwoord-1".into());
    let app = Application::build(config).await.expect("app");
    let base = format!("http://127.0.0.1:{}/api/v1", app.port());
    tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::new();
    let login: serde_json::Value = client
        .post(format!("{base}/auth/login"))
        .json(&serde_json::json!({"username": "admin", "password": "Bench-wachtwoord-1"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = login["accessToken"].as_str().unwrap().to_owned();
    let started = Instant::now();
    let response = client
        .post(format!("{base}/candidates/import"))
        .bearer_auth(&token)
        .header("content-type", "text/csv")
        .body(body.to_owned())
        .send()
        .await
        .unwrap();
    let elapsed = started.elapsed().as_secs_f64();
    assert!(response.status().is_success(), "{}", response.text().await.unwrap());
    elapsed
}

#[tokio::main]
async fn main() {
    let body = csv(10_000);
    let mut databases = vec![("SQLite", None)];
    if let Ok(url) = std::env::var("TEST_DATABASE_URL") {
        databases.push(("PostgreSQL", Some(url)));
    }
    for (name, server) in databases {
        let mut times = Vec::new();
        for round in 0..3 {
            let unique = format!("basisbaan_bench_{}_{round}", std::process::id());
            let url = match &server {
                None => format!("sqlite://{}?mode=rwc", std::env::temp_dir().join(format!("{unique}.db")).display()),
                Some(server) => {
                    let db = Database::connect(server).await.unwrap();
                    db.execute_unprepared(&format!("CREATE DATABASE \"{unique}\"")).await.unwrap();
                    format!("{}/{unique}", server.rsplit_once('/').unwrap().0)
                }
            };
            times.push(run(url, &body).await);
            if let Some(server) = &server {
                let db = Database::connect(server).await.unwrap();
                let _ = db.execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{unique}\" WITH (FORCE)")).await;
            } else {
                let _ = std::fs::remove_file(std::env::temp_dir().join(format!("{unique}.db")));
            }
        }
        times.sort_by(|a, b| a.partial_cmp(b).unwrap());
        println!(
            "import of 10,000 candidates on {name}: median {:.2} s (runs: {:?})",
            times[1],
            times.iter().map(|t| format!("{t:.2}")).collect::<Vec<_>>()
        );
    }
}
