//! Configuration from environment variables (DESIGN.md, "Configuration").

use std::path::PathBuf;

use anyhow::{Context, bail};
use rand::Rng;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    Development,
    Production,
}

#[derive(Clone)]
pub struct Config {
    pub database_url: String,
    pub address: String,
    pub jwt_secret: Vec<u8>,
    pub admin_password: Option<String>,
    pub demo: bool,
    pub environment: Environment,
    pub static_dir: PathBuf,
    pub suppress_below: u32,
    /// Hours a week that make one FTE in the Werkkamer feed (`BASISBAAN_FTE_HOURS`, 32 by the plan's norm).
    pub fte_hours: rust_decimal::Decimal,
    /// The key of the evaluation export's pseudonyms (`BASISBAAN_PSEUDONYM_SECRET`); never leaves the server.
    pub pseudonym_secret: Vec<u8>,
    /// Failed logins allowed per account (and, times four, per address) within `login_window_secs`.
    pub login_max_failures: u32,
    pub login_window_secs: u64,
    /// Entries the login limiter keeps at most (account-and-address pairs and addresses).
    pub login_limiter_capacity: usize,
    /// Proxies whose `X-Forwarded-For` gives the client's address (`BASISBAAN_TRUSTED_PROXIES`).
    pub trusted_proxies: crate::infra::client_address::TrustedProxies,
    /// Password hashes (argon2id, about 19 MiB each) computed at once; more wait briefly, then get 429
    /// (`BASISBAAN_MAX_PASSWORD_HASHES`).
    pub max_password_hashes: usize,
    /// Searches by BSN one person may make per `bsn_search_window_secs` before backing off (not from the
    /// environment: a BSN search is an exception, not a way of working).
    pub bsn_search_max: u32,
    pub bsn_search_window_secs: u64,
    /// Days an API client's secret is valid after it was issued (`BASISBAAN_CLIENT_SECRET_DAYS`).
    pub client_secret_days: i64,
    /// Seconds an access token lives (15 minutes).
    pub access_token_secs: u64,
    pub refresh_token_days: i64,
    /// The municipality created on an empty database.
    pub municipality_name: String,
    /// Its CBS code, e.g. `GM0014`.
    pub municipality_code: String,
    /// Tests only: the time the application's clock says (`None`: the system clock).
    pub fixed_now: Option<chrono::DateTime<chrono::Utc>>,
    /// Tests only: argon2id with minimal cost, so that a test run does not spend minutes hashing. Never
    /// set from the environment.
    pub cheap_password_hashing: bool,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The secret and the admin password never reach a log line.
        f.debug_struct("Config")
            .field("database_url", &redact_url(&self.database_url))
            .field("address", &self.address)
            .field("demo", &self.demo)
            .field("environment", &self.environment)
            .field("static_dir", &self.static_dir)
            .finish_non_exhaustive()
    }
}

fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => format!("{}://***{}", &url[..scheme], &url[at..]),
        _ => url.to_owned(),
    }
}

impl Config {
    pub fn from_env() -> anyhow::Result<Self> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let environment = match var("BASISBAAN_ENV").as_deref() {
            None | Some("development") => Environment::Development,
            Some("production") => Environment::Production,
            Some(other) => bail!("BASISBAAN_ENV must be development or production, not {other}"),
        };
        let database_url = var("DATABASE_URL").unwrap_or_else(|| "sqlite://data/basisbaan.db?mode=rwc".into());
        let demo = matches!(var("BASISBAAN_DEMO").as_deref(), Some("1") | Some("true"));
        let jwt_secret = match var("BASISBAAN_JWT_SECRET") {
            Some(secret) if secret.len() >= 32 => secret.into_bytes(),
            Some(_) => bail!("BASISBAAN_JWT_SECRET must be at least 32 characters"),
            None if environment == Environment::Production => {
                bail!("BASISBAAN_JWT_SECRET is required when BASISBAAN_ENV=production")
            }
            None => generated_secret(&data_dir(&database_url))?,
        };
        if environment == Environment::Production && demo {
            bail!("BASISBAAN_DEMO=1 is refused when BASISBAAN_ENV=production");
        }
        let suppress_below = var("BASISBAAN_SUPPRESS_BELOW")
            .map(|v| v.parse().context("BASISBAAN_SUPPRESS_BELOW must be a whole number"))
            .transpose()?
            .unwrap_or(10);
        let fte_hours: rust_decimal::Decimal = var("BASISBAAN_FTE_HOURS")
            .map(|v| v.parse().context("BASISBAAN_FTE_HOURS must be a number of hours, e.g. 32 or 36.5"))
            .transpose()?
            .unwrap_or(shared::monitoring::DEFAULT_FTE_HOURS);
        if fte_hours <= rust_decimal::Decimal::ZERO || fte_hours > rust_decimal::Decimal::from(60) {
            bail!("BASISBAAN_FTE_HOURS must lie above 0 and at most 60");
        }
        let pseudonym_secret = match var("BASISBAAN_PSEUDONYM_SECRET") {
            Some(secret) if secret.len() >= 32 => secret.into_bytes(),
            Some(_) => bail!("BASISBAAN_PSEUDONYM_SECRET must be at least 32 characters"),
            None if environment == Environment::Production => {
                bail!("BASISBAAN_PSEUDONYM_SECRET is required when BASISBAAN_ENV=production")
            }
            // Development: derived from the signing key, so stable as long as that is.
            None => {
                use sha2::Digest;
                sha2::Sha256::new()
                    .chain_update(b"basisbaan pseudonyms\0")
                    .chain_update(&jwt_secret)
                    .finalize()
                    .to_vec()
            }
        };
        let trusted_proxies =
            crate::infra::client_address::TrustedProxies::parse(&var("BASISBAAN_TRUSTED_PROXIES").unwrap_or_default())
                .context("BASISBAAN_TRUSTED_PROXIES")?;
        let max_password_hashes = var("BASISBAAN_MAX_PASSWORD_HASHES")
            .map(|v| v.parse().context("BASISBAAN_MAX_PASSWORD_HASHES must be a whole number"))
            .transpose()?
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()));
        if max_password_hashes < 1 {
            bail!("BASISBAAN_MAX_PASSWORD_HASHES must be at least 1");
        }
        let client_secret_days = var("BASISBAAN_CLIENT_SECRET_DAYS")
            .map(|v| v.parse().context("BASISBAAN_CLIENT_SECRET_DAYS must be a whole number"))
            .transpose()?
            .unwrap_or(365);
        if client_secret_days < 1 {
            bail!("BASISBAAN_CLIENT_SECRET_DAYS must be at least 1");
        }
        Ok(Self {
            database_url,
            address: var("BASISBAAN_ADDR").unwrap_or_else(|| "127.0.0.1:8080".into()),
            jwt_secret,
            admin_password: var("BASISBAAN_ADMIN_PASSWORD"),
            demo,
            environment,
            static_dir: var("BASISBAAN_STATIC_DIR").unwrap_or_else(|| "dist".into()).into(),
            suppress_below,
            fte_hours,
            pseudonym_secret,
            login_max_failures: 5,
            login_window_secs: 15 * 60,
            login_limiter_capacity: 100_000,
            trusted_proxies,
            max_password_hashes,
            client_secret_days,
            bsn_search_max: 30,
            bsn_search_window_secs: 60 * 60,
            access_token_secs: 15 * 60,
            refresh_token_days: 14,
            municipality_name: var("BASISBAAN_MUNICIPALITY").unwrap_or_else(|| "Groningen".into()),
            municipality_code: var("BASISBAAN_MUNICIPALITY_CODE").unwrap_or_else(|| "GM0014".into()),
            fixed_now: None,
            cheap_password_hashing: false,
        })
    }

    /// A configuration for tests: the given database, a random port, a random secret.
    pub fn for_tests(database_url: String) -> Self {
        Self {
            database_url,
            address: "127.0.0.1:0".into(),
            jwt_secret: random_secret().into_bytes(),
            admin_password: Some("Admin-wachtwoord-1".into()),
            demo: false,
            environment: Environment::Development,
            static_dir: "dist".into(),
            suppress_below: 10,
            fte_hours: shared::monitoring::DEFAULT_FTE_HOURS,
            pseudonym_secret: random_secret().into_bytes(),
            login_max_failures: 5,
            login_window_secs: 15 * 60,
            login_limiter_capacity: 100_000,
            trusted_proxies: Default::default(),
            max_password_hashes: 4,
            client_secret_days: 365,
            bsn_search_max: 30,
            bsn_search_window_secs: 60 * 60,
            access_token_secs: 15 * 60,
            refresh_token_days: 14,
            municipality_name: "Groningen".into(),
            municipality_code: "GM0014".into(),
            fixed_now: None,
            cheap_password_hashing: true,
        }
    }
}

impl Config {
    /// Where the server keeps its files: beside a SQLite database, or `data/`.
    pub fn data_dir(&self) -> PathBuf {
        data_dir(&self.database_url)
    }
}

/// The directory beside a SQLite database file (or `data/` for a server database).
fn data_dir(database_url: &str) -> PathBuf {
    database_url
        .strip_prefix("sqlite://")
        .map(|rest| rest.split('?').next().unwrap_or(rest))
        .and_then(|file| PathBuf::from(file).parent().map(PathBuf::from))
        .filter(|dir| !dir.as_os_str().is_empty())
        .unwrap_or_else(|| PathBuf::from("data"))
}

fn random_secret() -> String {
    rand::rng().sample_iter(rand::distr::Alphanumeric).take(64).map(char::from).collect()
}

/// Reads the signing key generated on first start, or generates and stores it (development only).
fn generated_secret(dir: &std::path::Path) -> anyhow::Result<Vec<u8>> {
    let path = dir.join("jwt-secret");
    if let Ok(existing) = std::fs::read_to_string(&path)
        && existing.trim().len() >= 32
    {
        return Ok(existing.trim().as_bytes().to_vec());
    }
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let secret = random_secret();
    std::fs::write(&path, &secret).with_context(|| format!("writing {}", path.display()))?;
    Ok(secret.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_in_database_urls_are_redacted() {
        assert_eq!(redact_url("postgres://u:secret@db:5432/x"), "postgres://***@db:5432/x");
        assert_eq!(redact_url("sqlite://data/x.db"), "sqlite://data/x.db");
    }

    #[test]
    fn the_data_directory_sits_beside_the_sqlite_file() {
        assert_eq!(data_dir("sqlite://data/basisbaan.db?mode=rwc"), PathBuf::from("data"));
        assert_eq!(data_dir("sqlite:///tmp/x/e2e.db?mode=rwc"), PathBuf::from("/tmp/x"));
        assert_eq!(data_dir("postgres://localhost/x"), PathBuf::from("data"));
    }
}
