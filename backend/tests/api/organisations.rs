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
        assert_problem(
            app.get(&format!("/organisations/{other}"), Some(&token)).await,
            StatusCode::NOT_FOUND,
            "not_found",
        )
        .await;
        assert_eq!(app.get("/organisations", Some(&token)).await.status(), StatusCode::FORBIDDEN);
    })
    .await;
}

#[tokio::test]
async fn organisations_need_a_name_an_eight_digit_kvk_and_a_role_and_kvk_is_unique() {
    on_each_database(async |app: TestApp| {
        let consultant = app.token_for(Role::Consultant).await;
        let bad =
            app.post("/organisations", Some(&consultant), &json!({"name": " ", "kvkNumber": "123", "roles": []})).await;
        let problem = assert_problem(bad, StatusCode::BAD_REQUEST, "validation_failed").await;
        assert_eq!(field_names(&problem), vec!["name", "kvkNumber", "roles"]);
        let body = json!({"name": "Groen Werkt", "kvkNumber": "66666666", "roles": ["work_provider", "employer"]});
        assert_eq!(app.post("/organisations", Some(&consultant), &body).await.status(), StatusCode::CREATED);
        assert_problem(app.post("/organisations", Some(&consultant), &body).await, StatusCode::CONFLICT, "duplicate")
            .await;
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
            .post(
                "/neighbourhoods",
                Some(&admin),
                &json!({"name": "Selwerd", "postcodeRanges": [{"from": 9741, "to": 9741}]}),
            )
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
        let saved = app
            .client
            .put(app.url(&format!("/organisations/{own}")))
            .bearer_auth(&partner)
            .json(&profile)
            .send()
            .await
            .unwrap();
        assert_eq!(saved.status(), StatusCode::OK);
        let saved: Value = saved.json().await.unwrap();
        assert_eq!(saved["contacts"][0]["name"], "Mila");
        assert_eq!(saved["neighbourhoodIds"][0], hood["id"]);

        let mut grab = profile.clone();
        grab["kvkNumber"] = json!("77777778");
        grab["contributionPerPosition"] = json!("1.00");
        grab["version"] = json!(2);
        let refused = app
            .client
            .put(app.url(&format!("/organisations/{own}")))
            .bearer_auth(&partner)
            .json(&grab)
            .send()
            .await
            .unwrap();
        let problem = assert_problem(refused, StatusCode::BAD_REQUEST, "validation_failed").await;
        assert_eq!(field_names(&problem), vec!["kvkNumber", "contributionPerPosition"]);
        let elsewhere = app
            .client
            .put(app.url(&format!("/organisations/{other}")))
            .bearer_auth(&partner)
            .json(&profile)
            .send()
            .await
            .unwrap();
        assert_problem(elsewhere, StatusCode::NOT_FOUND, "not_found").await;

        let consultant = app.token_for(Role::Consultant).await;
        let served: Value = app
            .get(&format!("/organisations?neighbourhoodId={}", hood["id"].as_str().unwrap()), Some(&consultant))
            .await
            .json()
            .await
            .unwrap();
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
        assert_eq!((again["created"].as_u64(), again["updated"].as_u64(), again["unchanged"].as_u64()), (Some(0), Some(0), Some(2)));
        let bad = format!("{csv}Kapot;123;onbekend;;\n");
        let refused = send(bad, false).await.unwrap();
        let problem = assert_problem(refused, StatusCode::BAD_REQUEST, "validation_failed").await;
        assert!(field_names(&problem).contains(&"rows[4].kvkNumber".to_owned()));
        let exported = app.client.get(app.url("/organisations/export")).bearer_auth(&consultant).header("accept", "text/csv").send().await.unwrap().text().await.unwrap();
        assert!(exported.contains("Groen Werkt;12345670;werkbieder;Groen;5000,00;;;1"), "{exported}");
        let list: Value = app.get("/organisations?q=Groen", Some(&consultant)).await.json().await.unwrap();
        assert_eq!(list["items"][0]["contributionPerPosition"], "5000.00");
    })
    .await;
}

// ---- Round trip: export -> import -> export keeps every field, neighbourhoods and contacts included ----

async fn send_csv(app: &TestApp, token: &str, csv: &str, dry_run: bool) -> reqwest::Response {
    app.client
        .post(app.url(&format!("/organisations/import?dryRun={dry_run}")))
        .bearer_auth(token)
        .header("content-type", "text/csv")
        .body(csv.to_owned())
        .send()
        .await
        .unwrap()
}

async fn export_csv(app: &TestApp, token: &str) -> String {
    let response = app
        .client
        .get(app.url("/organisations/export"))
        .bearer_auth(token)
        .header("accept", "text/csv")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.text().await.unwrap()
}

/// Two organisations with neighbourhoods, contacts and a contribution; returns their ids.
async fn full_organisations(app: &TestApp, token: &str) -> Vec<String> {
    let admin = app.admin_token().await;
    let mut hoods = Vec::new();
    for (name, pc) in [("Selwerd", 9741), ("Oosterpoort", 9713)] {
        let hood: Value = app
            .post("/neighbourhoods", Some(&admin), &json!({"name": name, "postcodeRanges": [{"from": pc, "to": pc}]}))
            .await
            .json()
            .await
            .unwrap();
        hoods.push(hood["id"].clone());
    }
    let mut ids = Vec::new();
    for (name, kvk, contacts) in [
        (
            "Groen Werkt",
            "12345670",
            json!([
                {"name": "Anna de Vries", "role": "coördinator: groen", "email": "anna@groenwerkt.nl", "phone": "+31 50 123 4567"},
                {"name": "Piet | Jansen", "role": "", "email": "", "phone": "050-7654321"},
            ]),
        ),
        ("Zorg Dichtbij", "02345671", json!([])),
    ] {
        let body = json!({
            "name": name, "kvkNumber": kvk, "roles": ["work_provider", "employer"],
            "description": "Werk in de wijk; \"groen\"\nen meer", "neighbourhoodIds": hoods, "contacts": contacts,
            "contributionPerPosition": "5000.50",
        });
        let response = app.post("/organisations", Some(token), &body).await;
        assert_eq!(response.status(), StatusCode::CREATED);
        let created: Value = response.json().await.unwrap();
        ids.push(created["id"].as_str().unwrap().to_owned());
    }
    ids
}

async fn organisation_events(app: &TestApp, action: &str, record: Option<&str>) -> u64 {
    let admin = app.admin_token().await;
    let record = record.map(|id| format!("&recordId={id}")).unwrap_or_default();
    let page: Value = app
        .get(&format!("/audit-events?recordType=organisation&action={action}{record}"), Some(&admin))
        .await
        .json()
        .await
        .unwrap();
    page["totalItems"].as_u64().unwrap()
}

#[tokio::test]
async fn export_import_export_keeps_every_organisation_field_with_neighbourhoods_and_contacts() {
    on_each_database(async |app: TestApp| {
        let consultant = app.token_for(Role::Consultant).await;
        let ids = full_organisations(&app, &consultant).await;
        let mut before = Vec::new();
        for id in &ids {
            before
                .push(app.get(&format!("/organisations/{id}"), Some(&consultant)).await.json::<Value>().await.unwrap());
        }
        let exported = export_csv(&app, &consultant).await;
        for cell in [
            "Oosterpoort|Selwerd",
            "Anna de Vries:coördinator\\: groen:anna@groenwerkt.nl:+31 50 123 4567",
            "Piet \\| Jansen:::050-7654321",
            "5000,50",
            "02345671",
        ] {
            assert!(exported.contains(cell), "{cell} in {exported}");
        }
        let updates = organisation_events(&app, "update", None).await;
        let response = send_csv(&app, &consultant, &exported, false).await;
        assert_eq!(response.status(), StatusCode::OK);
        let report: Value = response.json().await.unwrap();
        assert_eq!(
            (
                report["dryRun"].as_bool(),
                report["created"].as_u64(),
                report["updated"].as_u64(),
                report["unchanged"].as_u64()
            ),
            (Some(false), Some(0), Some(0), Some(2)),
            "{report}"
        );
        assert_eq!(export_csv(&app, &consultant).await, exported, "export -> import -> export is identical");
        for (id, was) in ids.iter().zip(&before) {
            let now: Value = app.get(&format!("/organisations/{id}"), Some(&consultant)).await.json().await.unwrap();
            assert_eq!(&now, was);
        }
        assert_eq!(organisation_events(&app, "update", None).await, updates, "unchanged rows are not audited");
    })
    .await;
}

#[tokio::test]
async fn an_organisation_file_without_some_columns_changes_only_its_columns_with_one_event_per_change() {
    on_each_database(async |app: TestApp| {
        let consultant = app.token_for(Role::Consultant).await;
        let ids = full_organisations(&app, &consultant).await;
        let before: Value = app.get(&format!("/organisations/{}", ids[0]), Some(&consultant)).await.json().await.unwrap();
        let creates = organisation_events(&app, "create", None).await;
        // The second row repeats what is stored (it has no contacts): unchanged.
        let file = "kvk;omschrijving;contactpersonen\n12345670;Nieuwe omschrijving;Mila:wijkcoach::\n02345671;\"Werk in de wijk; \"\"groen\"\"\nen meer\";\n";
        let response = send_csv(&app, &consultant, file, false).await;
        assert_eq!(response.status(), StatusCode::OK, "{}", response.text().await.unwrap());
        let report: Value = send_csv(&app, &consultant, file, true).await.json().await.unwrap();
        assert_eq!(report["unchanged"], 2, "importing it again changes nothing: {report}");
        let after: Value = app.get(&format!("/organisations/{}", ids[0]), Some(&consultant)).await.json().await.unwrap();
        assert_eq!(after["description"], "Nieuwe omschrijving");
        assert_eq!(after["contacts"], json!([{"name": "Mila", "role": "wijkcoach", "email": "", "phone": ""}]));
        for field in ["name", "kvkNumber", "roles", "neighbourhoodIds", "contributionPerPosition"] {
            assert_eq!(after[field], before[field], "{field} is left alone");
        }
        assert_eq!(after["version"], 2);
        let second: Value = app.get(&format!("/organisations/{}", ids[1]), Some(&consultant)).await.json().await.unwrap();
        assert_eq!(second["version"], 1);
        assert_eq!(organisation_events(&app, "update", Some(&ids[0])).await, 1);
        assert_eq!(organisation_events(&app, "update", Some(&ids[1])).await, 0);
        // A new organisation takes the defaults for the columns the file lacks; it is audited as created.
        let report: Value = send_csv(&app, &consultant, "kvk;naam;rollen\n33333333;Nieuw;werkgever\n", false).await.json().await.unwrap();
        assert_eq!(report["created"], 1, "{report}");
        assert_eq!(organisation_events(&app, "create", None).await, creates + 1);
    })
    .await;
}

#[tokio::test]
async fn a_stale_version_column_fails_the_organisation_import_and_changes_nothing() {
    on_each_database(async |app: TestApp| {
        let consultant = app.token_for(Role::Consultant).await;
        let ids = full_organisations(&app, &consultant).await;
        let exported = export_csv(&app, &consultant).await;
        let profile =
            json!({"name": "Groen Werkt BV", "kvkNumber": "12345670", "roles": ["work_provider"], "version": 1});
        let saved = app
            .client
            .put(app.url(&format!("/organisations/{}", ids[0])))
            .bearer_auth(&consultant)
            .json(&profile)
            .send()
            .await
            .unwrap();
        assert_eq!(saved.status(), StatusCode::OK);
        let before: Value =
            app.get(&format!("/organisations/{}", ids[1]), Some(&consultant)).await.json().await.unwrap();
        let file = exported.replace("Werk in de wijk", "Anders");
        let refused = send_csv(&app, &consultant, &file, false).await;
        let problem = assert_problem(refused, StatusCode::BAD_REQUEST, "validation_failed").await;
        assert_eq!(field_names(&problem), vec!["rows[2].version"], "{problem}");
        assert_eq!(problem["invalidParams"][0]["code"], "stale_version");
        let after: Value =
            app.get(&format!("/organisations/{}", ids[1]), Some(&consultant)).await.json().await.unwrap();
        assert_eq!(after, before, "nothing was written");
    })
    .await;
}

#[tokio::test]
async fn text_longer_than_its_column_is_400_on_every_database_and_search_is_literal() {
    on_each_database(async |app: TestApp| {
        let admin = app.admin_token().await;
        let email = format!("{}@voorbeeld.nl", "a".repeat(250));
        let response = app
            .post(
                "/organisations",
                Some(&admin),
                &json!({"name": "Lang BV", "kvkNumber": "12345678", "roles": ["work_provider"],
                        "contacts": [{"name": "Mila", "role": "", "email": email, "phone": ""}]}),
            )
            .await;
        let problem = assert_problem(response, StatusCode::BAD_REQUEST, "validation_failed").await;
        assert_eq!(field_names(&problem), vec!["contacts[0].email"]);

        app.create_organisation("100% Groen", "23456789").await;
        app.create_organisation("Groen BV", "34567890").await;
        let page: Value = app.get("/organisations?q=%25", Some(&admin)).await.json().await.unwrap();
        assert_eq!(page["totalItems"], 1, "{page}");
    })
    .await;
}

#[tokio::test]
async fn names_are_stored_and_searched_in_nfc() {
    on_each_database(async |app: TestApp| {
        let admin = app.admin_token().await;
        // "Zoë" typed with a combining diaeresis: stored composed, and found either way.
        let id = app.create_organisation("Zoe\u{308} Zorg", "45678901").await;
        let saved: Value = app.get(&format!("/organisations/{id}"), Some(&admin)).await.json().await.unwrap();
        assert_eq!(saved["name"], "Zo\u{eb} Zorg");
        for q in ["Zo%C3%AB", "Zoe%CC%88"] {
            let page: Value = app.get(&format!("/organisations?q={q}"), Some(&admin)).await.json().await.unwrap();
            assert_eq!(page["totalItems"], 1, "q={q}: {page}");
        }
    })
    .await;
}
