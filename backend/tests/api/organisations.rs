//! Organisations (minimal) and partner isolation.

use reqwest::StatusCode;
use serde_json::{Value, json};
use shared::auth::Role;

use crate::helpers::{PASSWORD, TestApp, assert_problem, field_names, on_each_database};

#[tokio::test]
async fn a_partner_reads_only_its_own_organisation() {
    on_each_database(async |app: TestApp| {
        let own = app.create_organisation("Woonstichting De Wijk", "44444444").await;
        let other = app.create_organisation("Zorggroep Oost", "55555555").await;
        app.create_user("partner.a", Role::Partner, Some(own)).await;
        let token = app.login("partner.a", PASSWORD).await;
        let response = app.get(&format!("/organisations/{own}"), Some(&token)).await;
        assert_eq!(response.status(), StatusCode::OK);
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["kvkNumber"], "44444444");
        assert_problem(app.get(&format!("/organisations/{other}"), Some(&token)).await, StatusCode::NOT_FOUND, "not_found").await;
        assert_eq!(app.get("/organisations", Some(&token)).await.status(), StatusCode::FORBIDDEN);
    })
    .await;
}

#[tokio::test]
async fn organisations_need_a_name_an_eight_digit_kvk_and_a_role_and_kvk_is_unique() {
    on_each_database(async |app: TestApp| {
        let consultant = app.token_for(Role::Consultant).await;
        let bad = app.post("/organisations", Some(&consultant), &json!({"name": " ", "kvkNumber": "123", "roles": []})).await;
        let problem = assert_problem(bad, StatusCode::BAD_REQUEST, "validation_failed").await;
        assert_eq!(field_names(&problem), vec!["name", "kvkNumber", "roles"]);
        let body = json!({"name": "Groen Werkt", "kvkNumber": "66666666", "roles": ["work_provider", "employer"]});
        assert_eq!(app.post("/organisations", Some(&consultant), &body).await.status(), StatusCode::CREATED);
        assert_problem(app.post("/organisations", Some(&consultant), &body).await, StatusCode::CONFLICT, "duplicate").await;
        let list: Value = app.get("/organisations?q=Groen", Some(&consultant)).await.json().await.unwrap();
        assert_eq!(list["totalItems"], 1);
        assert_eq!(list["items"][0]["roles"], json!(["work_provider", "employer"]));
    })
    .await;
}

#[tokio::test]
async fn a_partner_edits_its_own_profile_but_not_its_kvk_roles_or_contribution() {
    on_each_database(async |app: TestApp| {
        let admin = app.admin_token().await;
        let hood: Value = app
            .post("/neighbourhoods", Some(&admin), &json!({"name": "Selwerd", "postcodeRanges": [{"from": 9741, "to": 9741}]}))
            .await
            .json()
            .await
            .unwrap();
        let own = app.create_organisation("Buurtkracht", "77777777").await;
        let other = app.create_organisation("Andere Partij", "88888888").await;
        app.create_user("partner.b", Role::Partner, Some(own)).await;
        let partner = app.login("partner.b", PASSWORD).await;
        let profile = json!({
            "name": "Buurtkracht Selwerd", "kvkNumber": "77777777", "roles": ["work_provider"],
            "description": "Werk in de wijk", "neighbourhoodIds": [hood["id"]],
            "contacts": [{"name": "Mila", "role": "coördinator", "email": "mila@buurtkracht.nl", "phone": "050-1"}],
            "version": 1
        });
        let saved = app.client.put(app.url(&format!("/organisations/{own}"))).bearer_auth(&partner).json(&profile).send().await.unwrap();
        assert_eq!(saved.status(), StatusCode::OK);
        let saved: Value = saved.json().await.unwrap();
        assert_eq!(saved["contacts"][0]["name"], "Mila");
        assert_eq!(saved["neighbourhoodIds"][0], hood["id"]);

        let mut grab = profile.clone();
        grab["kvkNumber"] = json!("77777778");
        grab["contributionPerPosition"] = json!("1.00");
        grab["version"] = json!(2);
        let refused = app.client.put(app.url(&format!("/organisations/{own}"))).bearer_auth(&partner).json(&grab).send().await.unwrap();
        let problem = assert_problem(refused, StatusCode::BAD_REQUEST, "validation_failed").await;
        assert_eq!(field_names(&problem), vec!["kvkNumber", "contributionPerPosition"]);
        let elsewhere = app.client.put(app.url(&format!("/organisations/{other}"))).bearer_auth(&partner).json(&profile).send().await.unwrap();
        assert_problem(elsewhere, StatusCode::NOT_FOUND, "not_found").await;

        let consultant = app.token_for(Role::Consultant).await;
        let served: Value = app.get(&format!("/organisations?neighbourhoodId={}", hood["id"].as_str().unwrap()), Some(&consultant)).await.json().await.unwrap();
        assert_eq!(served["totalItems"], 1);
        let providers: Value = app.get("/organisations?role=employer", Some(&consultant)).await.json().await.unwrap();
        assert_eq!(providers["totalItems"], 0);
    })
    .await;
}

#[tokio::test]
async fn organisations_import_by_kvk_without_duplicates_and_export_again() {
    on_each_database(async |app: TestApp| {
        let consultant = app.token_for(Role::Consultant).await;
        let csv = "naam;kvk;rollen;omschrijving;bijdrage\nGroen Werkt;12345670;werkbieder;Groen;5.000,00\nZorg Dichtbij;12345671;begeleider|werkgever;;\n";
        let send = |csv: String, dry: bool| {
            app.client
                .post(app.url(&format!("/organisations/import?dryRun={dry}")))
                .bearer_auth(&consultant)
                .header("content-type", "text/csv")
                .body(csv)
                .send()
        };
        let report: Value = send(csv.to_owned(), false).await.unwrap().json().await.unwrap();
        assert_eq!(report["created"], 2);
        let again: Value = send(csv.to_owned(), false).await.unwrap().json().await.unwrap();
        assert_eq!((again["created"].as_u64(), again["updated"].as_u64()), (Some(0), Some(2)));
        let bad = format!("{csv}Kapot;123;onbekend;;\n");
        let refused = send(bad, false).await.unwrap();
        let problem = assert_problem(refused, StatusCode::BAD_REQUEST, "validation_failed").await;
        assert!(field_names(&problem).contains(&"rows[4].kvkNumber".to_owned()));
        let exported = app.client.get(app.url("/organisations/export")).bearer_auth(&consultant).header("accept", "text/csv").send().await.unwrap().text().await.unwrap();
        assert!(exported.contains("Groen Werkt;12345670;work_provider;Groen;5000.00"), "{exported}");
        let list: Value = app.get("/organisations?q=Groen", Some(&consultant)).await.json().await.unwrap();
        assert_eq!(list["items"][0]["contributionPerPosition"], "5000.00");
    })
    .await;
}
