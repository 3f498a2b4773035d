//! Logging. Log lines carry request ids, never personal data, secrets or tokens.

pub fn init() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("BASISBAAN_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,sea_orm=warn"));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_target(false).try_init();
}

/// Formats an error with its whole cause chain, for the log.
pub fn error_chain(error: &anyhow::Error) -> String {
    format!("{error:#}")
}
