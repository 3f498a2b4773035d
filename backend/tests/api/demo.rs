//! The demo programme that `cargo xtask run` seeds.

use serde_json::Value;
use shared::auth::Role;

use crate::helpers::{TestApp, on_each_database_with};

#[tokio::test]
async fn the_demo_programme_has_wijken_organisations_candidates_and_working_logins() {
    on_each_database_with(|config| config.demo = true, async |app: TestApp| {
        assert_eq!(app.count("/neighbourhoods").await, 10);
        assert_eq!(app.count("/organisations").await, 12);
        assert_eq!(app.count("/candidates").await, 60);
        assert_eq!(app.count("/task-packages").await, 15);
        let open: Value = app.get("/task-packages?status=open", Some(&app.admin_token().await)).await.json().await.unwrap();
        assert!(open["totalItems"].as_u64().unwrap() > 0);
        assert!(open["items"].as_array().unwrap().iter().all(|p| p["hours"]["totalHours"] == 32));
        let consultant = app.login("consultant", backend::seed::DEMO_PASSWORD).await;
        let eligible: Value = app.get("/candidates?status=eligible", Some(&consultant)).await.json().await.unwrap();
        assert!(eligible["totalItems"].as_u64().unwrap() > 0);
        let partner = app.login("partner", backend::seed::DEMO_PASSWORD).await;
        let me: Value = app.get("/auth/me", Some(&partner)).await.json().await.unwrap();
        assert_eq!(me["role"], Role::Partner.as_str());
        let resolved: Value = app.post("/neighbourhoods/resolve", Some(&consultant), &serde_json::json!({"postcode": "9741 AB"})).await.json().await.unwrap();
        assert_eq!(resolved["name"], "Paddepoel en Selwerd");
    })
    .await;
}
