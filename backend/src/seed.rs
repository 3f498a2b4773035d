//! What an empty database gets at start: the first admin, and with `BASISBAAN_DEMO=1` the demo programme.

use chrono::Utc;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, TransactionTrait,
};
use shared::auth::Role;
use shared::users::CreateUser;
use uuid::Uuid;

use crate::audit::Actor;
use crate::config::Config;
use crate::db::{api_clients, municipalities, organisations, users};
use crate::seed_demo::DemoStaff;

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
    give_secrets_an_expiry(db, config).await?;
    if config.demo && organisations::Entity::find().count(db).await? == 0 {
        let staff = seed_demo_accounts(db).await?;
        let municipality =
            crate::reference::default_municipality(db, None).await.map_err(|e| anyhow::anyhow!("{e}"))?;
        let txn = db.begin().await?;
        crate::seed_demo::seed(&txn, municipality, &staff).await?;
        txn.commit().await?;
        println!("Demoprogramma geladen: {}.", crate::seed_demo::summary());
        crate::monitoring::aggregates::rebuild(db).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    } else if crate::monitoring::aggregates::missing(db).await.map_err(|e| anyhow::anyhow!("{e}"))? {
        // A database from before the aggregates (or restored without them): built once, from the rows.
        let built = crate::monitoring::aggregates::rebuild(db).await.map_err(|e| anyhow::anyhow!("{e}"))?;
        tracing::info!(people = built.people, contracts = built.contracts, "monitoring aggregates rebuilt");
    }
    Ok(())
}

fn system() -> Actor {
    Actor { name: Some("system".into()), ..Actor::default() }
}

/// A validated account with its audit event, in one transaction.
async fn create_account(
    db: &DatabaseConnection,
    request: CreateUser,
    actor: Actor,
) -> crate::infra::error::ApiResult<users::Model> {
    let txn = db.begin().await?;
    let user = crate::admin::service::create_account(&txn, &actor, request, Utc::now()).await?;
    txn.commit().await?;
    Ok(user)
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
    let admin =
        create_account(db, request, system()).await.map_err(|e| anyhow::anyhow!("creating the first admin: {e}"))?;
    if generated {
        // The generated password goes to a file only its owner reads, never to the console or the log
        // (a service's output ends up in the journal). It opens only the password change.
        users::Entity::update_many()
            .col_expr(users::Column::MustChangePassword, sea_orm::sea_query::Expr::value(true))
            .filter(users::Column::Id.eq(admin.id))
            .exec(db)
            .await?;
        let file = write_private(&config.data_dir(), "initial-admin-password", &password)?;
        println!(
            "Eerste beheerder aangemaakt: gebruikersnaam `admin`; het tijdelijke wachtwoord staat in {} \
             (alleen voor de eigenaar leesbaar). Kies bij de eerste login een eigen wachtwoord en verwijder het bestand.",
            file.display()
        );
    }
    Ok(())
}

/// Writes `content` to `dir/name`, readable and writable by the owner only (Unix).
fn write_private(dir: &std::path::Path, name: &str, content: &str) -> anyhow::Result<std::path::PathBuf> {
    use std::io::Write;
    std::fs::create_dir_all(dir)?;
    let path = dir.join(name);
    // A file left from before keeps its permissions when opened; start afresh.
    let _ = std::fs::remove_file(&path);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&path).map_err(|e| anyhow::anyhow!("writing {}: {e}", path.display()))?;
    writeln!(file, "{content}")?;
    Ok(path)
}

/// API clients made before secrets expired get a full lifetime from now (a one-off at the first start).
async fn give_secrets_an_expiry(db: &DatabaseConnection, config: &Config) -> anyhow::Result<()> {
    api_clients::Entity::update_many()
        .col_expr(
            api_clients::Column::SecretExpiresAt,
            sea_orm::sea_query::Expr::value(Utc::now() + chrono::Duration::days(config.client_secret_days)),
        )
        .filter(api_clients::Column::SecretExpiresAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// The demo accounts, one per role; the partner is linked to its organisation when the programme is
/// seeded. Accounts left by an earlier attempt that did not finish are used again.
async fn seed_demo_accounts(db: &DatabaseConnection) -> anyhow::Result<DemoStaff> {
    let accounts = [
        ("consultant", "Carla Consulent", Role::Consultant),
        ("jobcoach", "Jan Jobcoach", Role::JobCoach),
        ("financien", "Fatima Financiën", Role::Finance),
        ("partner", "Piet Partner", Role::Partner),
        ("werkkamer", "Wendy Werkkamer", Role::Monitor),
    ];
    let mut ids = Vec::new();
    for (username, display_name, role) in accounts {
        let existing = users::Entity::find().filter(users::Column::Username.eq(username)).one(db).await?;
        let id = match existing {
            Some(user) => user.id,
            None => {
                let request = CreateUser {
                    username: username.into(),
                    display_name: display_name.into(),
                    role: Some(role),
                    organisation_id: None,
                    municipality_id: None,
                    password: DEMO_PASSWORD.into(),
                };
                create_account(db, request, system()).await.map_err(|e| anyhow::anyhow!("seeding {username}: {e}"))?.id
            }
        };
        ids.push((id, username.to_owned()));
    }
    println!("Demo-accounts (wachtwoord `{DEMO_PASSWORD}`): consultant, jobcoach, financien, partner, werkkamer.");
    Ok(DemoStaff { consultant: ids[0].clone(), partner: ids[3].clone() })
}
