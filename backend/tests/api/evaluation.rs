//! The evaluation export's experience and cost columns (issue 13, item 4): each person-month holds the
//! scores of the person's employee survey of that month or the latest before it, and the cost of their
//! provisions in the month, prorated by calendar days; in JSON and in CSV alike.

use reqwest::StatusCode;
use sea_orm::Database;
use serde_json::{Value, json};

use crate::dashboard::Writer;
use crate::helpers::{TestApp, on_each_database_with};

const SECRET: &[u8] = b"an evaluation secret of at least thirty-two characters";

#[tokio::test]
async fn each_person_month_holds_the_latest_survey_and_the_months_provision_cost() {
    on_each_database_with(
        |config| config.pseudonym_secret = SECRET.to_vec(),
        async |app: TestApp| {
            let admin = app.admin_token().await;
            let places: Value = app.get("/municipalities", Some(&admin)).await.json().await.unwrap();
            let groningen: uuid::Uuid = places["items"][0]["id"].as_str().unwrap().parse().unwrap();
            let organisation = app.create_organisation("Buurtbedrijf", "12345678").await;
            let mut w = Writer { db: Database::connect(&app.database_url).await.unwrap(), organisation, n: 0 };
            let hood = w.hood(groningen, "Oost").await;
            let green = w.category("Groen").await;
            let package = w.package(groningen, hood, &[(green, 8)]).await;
            let person = w
                .person(groningen, hood, "participatiewet", true, "2026-01-10", &[("2026-02-01", "employed", None)])
                .await;
            let contract = w.contract(groningen, person, package, "2026-02-01", 24, None).await;
            w.survey(contract, person, "2026-03-05", [8, 6, 9, 7]).await;
            w.survey(contract, person, "2026-05-02", [9, 7, 9, 8]).await;
            // 310 over the 31 days of March; 300 over the 30 days from 16 April to 15 May: 15 days in each.
            w.provision(groningen, person, 310, "2026-03-01", "2026-03-31").await;
            w.provision(groningen, person, 300, "2026-04-16", "2026-05-15").await;

            let path = "/evaluation-export?from=2026-02&to=2026-05";
            let export: Value = app.get(path, Some(&admin)).await.json().await.unwrap();
            let pseudonym = backend::monitoring::evaluation::pseudonym(SECRET, person);
            let rows: Vec<&Value> =
                export["rows"].as_array().unwrap().iter().filter(|r| r["pseudonym"] == pseudonym.as_str()).collect();
            assert_eq!(rows.len(), 4);
            let pick = |row: &Value| {
                json!([
                    row["month"],
                    row["surveyedOn"],
                    row["surveyWellbeing"],
                    row["surveyIncome"],
                    row["surveyWork"],
                    row["surveySocialContacts"],
                    row["provisionCost"]
                ])
            };
            assert_eq!(pick(rows[0]), json!(["2026-02", null, null, null, null, null, "0.00"]), "before any");
            assert_eq!(pick(rows[1]), json!(["2026-03", "2026-03-05", 8, 6, 9, 7, "310.00"]));
            assert_eq!(pick(rows[2]), json!(["2026-04", "2026-03-05", 8, 6, 9, 7, "150.00"]), "the latest before");
            assert_eq!(pick(rows[3]), json!(["2026-05", "2026-05-02", 9, 7, 9, 8, "150.00"]));

            let csv = app.get(&format!("{path}&format=csv"), Some(&admin)).await;
            assert_eq!(csv.status(), StatusCode::OK);
            let csv = csv.text().await.unwrap();
            let header = csv.trim_start_matches('\u{feff}').lines().next().unwrap().trim_end_matches('\r');
            assert!(
                header.ends_with(
                    ";surveyedOn;surveyWellbeing;surveyIncome;surveyWork;surveySocialContacts;provisionCost"
                ),
                "{header}"
            );
            let line = |month: &str| {
                let start = format!("{pseudonym};{month};");
                csv.lines().find(|l| l.starts_with(&start)).unwrap().trim_end_matches('\r').to_owned()
            };
            let april = line("2026-04");
            assert!(april.ends_with(";2026-03-05;8;6;9;7;150.00"), "{april}");
            let february = line("2026-02");
            assert!(february.ends_with(";;;;;;0.00"), "{february}");
        },
    )
    .await;
}
