//! What an empty database gets at start: the first admin, and with `BASISBAAN_DEMO=1` the demo programme.

use chrono::Utc;
use sea_orm::{ActiveValue::Set, DatabaseConnection, EntityTrait, PaginatorTrait, TransactionTrait};
use shared::auth::Role;
use shared::users::CreateUser;
use uuid::Uuid;

use crate::admin::users::create_account;
use crate::audit::Actor;
use crate::config::Config;
use crate::db::{municipalities, organisations, users};

/// The password of every demo account (demo mode only; refused in production).
pub const DEMO_PASSWORD: &str = "Basisbaan-demo-2026";

pub async fn run(db: &DatabaseConnection, config: &Config) -> anyhow::Result<()> {
    if municipalities::Entity::find().count(db).await? == 0 {
        // A single-municipality deployment has exactly one; a region adds the others.
        municipalities::Entity::insert(municipalities::ActiveModel {
            id: Set(Uuid::now_v7()),
            name: Set(config.municipality_name.clone()),
            code: Set(config.municipality_code.clone()),
            created_at: Set(Utc::now()),
        })
        .exec_without_returning(db)
        .await?;
    }
    if users::Entity::find().count(db).await? == 0 {
        create_first_admin(db, config).await?;
    }
    if config.demo && organisations::Entity::find().count(db).await? == 0 {
        seed_demo(db).await?;
        let municipality = crate::reference::default_municipality(db, None).await.map_err(|e| anyhow::anyhow!("{e}"))?;
        let txn = db.begin().await?;
        crate::seed_demo::seed(&txn, municipality).await?;
        txn.commit().await?;
        println!("Demoprogramma geladen: 10 wijken, 12 organisaties, 60 kandidaten, 15 takenpakketten.");
    }
    Ok(())
}

fn system() -> Actor {
    Actor { name: Some("system".into()), ..Actor::default() }
}

async fn create_first_admin(db: &DatabaseConnection, config: &Config) -> anyhow::Result<()> {
    let (password, generated) = match &config.admin_password {
        Some(password) => (password.clone(), false),
        None => (crate::auth::password::temporary_password(), true),
    };
    let request = CreateUser {
        username: "admin".into(),
        display_name: "Beheerder".into(),
        role: Some(Role::Admin),
        organisation_id: None,
        municipality_id: None,
        password: password.clone(),
    };
    if let Err(errors) = request.validate() {
        anyhow::bail!("BASISBAAN_ADMIN_PASSWORD is not accepted: {}", errors[0].reason);
    }
    create_account(db, request, system()).await.map_err(|e| anyhow::anyhow!("creating the first admin: {e}"))?;
    if generated {
        // Printed once, to the console of whoever started the server; never written to the log.
        println!("Eerste beheerder aangemaakt: gebruikersnaam `admin`, wachtwoord `{password}` (wordt maar één keer getoond).");
    }
    Ok(())
}

async fn seed_demo(db: &DatabaseConnection) -> anyhow::Result<()> {
    let now = Utc::now();
    let organisation_id = Uuid::now_v7();
    organisations::Entity::insert(organisations::ActiveModel {
        id: Set(organisation_id),
        name: Set("Woningcorporatie Stad en Wijk".into()),
        kvk_number: Set("01234567".into()),
        roles: Set("work_provider".into()),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        description: Set(String::new()),
        contribution_per_position: Set(None),
    })
    .exec_without_returning(db)
    .await?;
    let accounts = [
        ("consultant", "Carla Consulent", Role::Consultant, None),
        ("jobcoach", "Jan Jobcoach", Role::JobCoach, None),
        ("financien", "Fatima Financiën", Role::Finance, None),
        ("partner", "Piet Partner", Role::Partner, Some(organisation_id)),
        ("werkkamer", "Wendy Werkkamer", Role::Monitor, None),
    ];
    for (username, display_name, role, organisation_id) in accounts {
        let request = CreateUser {
            username: username.into(),
            display_name: display_name.into(),
            role: Some(role),
            organisation_id,
            municipality_id: None,
            password: DEMO_PASSWORD.into(),
        };
        create_account(db, request, system()).await.map_err(|e| anyhow::anyhow!("seeding {username}: {e}"))?;
    }
    println!("Demo-accounts (wachtwoord `{DEMO_PASSWORD}`): consultant, jobcoach, financien, partner, werkkamer.");
    Ok(())
}
