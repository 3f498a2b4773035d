use backend::{Application, config::Config, infra::telemetry};

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    telemetry::init();
    let config = Config::from_env()?;
    let application = Application::build(config).await?;
    println!("Basisbaan draait op http://{}", application.address());
    application.run_until_stopped().await?;
    Ok(())
}
