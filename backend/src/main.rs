use backend::{Application, config::Config, infra::telemetry};

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    telemetry::init();
    let config = Config::from_env()?;
    match std::env::args().nth(1).as_deref() {
        None => {}
        Some("rebuild-aggregates") => {
            // Recomputes the Werkkamer feed's maintained aggregates from the rows (docs/werkkamer.md).
            let db = backend::db::connect(&config.database_url).await?;
            let started = std::time::Instant::now();
            let built = backend::monitoring::aggregates::rebuild(&db).await.map_err(|e| anyhow::anyhow!("{e}"))?;
            println!(
                "Aggregaten opnieuw berekend: {} personen, {} contracten, in {:.1} s.",
                built.people,
                built.contracts,
                started.elapsed().as_secs_f64()
            );
            return Ok(());
        }
        Some(other) => anyhow::bail!("onbekende opdracht {other:?}; bekend: rebuild-aggregates"),
    }
    let application = Application::build(config).await?;
    println!("Basisbaan draait op http://{}", application.address());
    application.run_until_stopped().await?;
    Ok(())
}
