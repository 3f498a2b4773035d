//! `basisbaan-generate --scale small|municipality|national [--seed N] [--database-url URL]`: migrates the
//! database and fills it with fictional data (see `backend::generate`). `cargo xtask generate` builds and
//! runs it in release.

use std::io::Write;

use backend::generate::{self, Progress, Scale};

const USAGE: &str = "usage: basisbaan-generate --scale small|municipality|national [--seed N] [--database-url URL]
  --database-url defaults to DATABASE_URL, else sqlite://data/basisbaan.db?mode=rwc; the database must be new and empty";

fn main() -> std::process::ExitCode {
    match parse(std::env::args().skip(1).collect()) {
        Ok(arguments) => {
            match tokio::runtime::Runtime::new().map_err(anyhow::Error::from).and_then(|rt| rt.block_on(run(arguments)))
            {
                Ok(()) => std::process::ExitCode::SUCCESS,
                Err(error) => {
                    eprintln!("basisbaan-generate: {error:#}");
                    std::process::ExitCode::FAILURE
                }
            }
        }
        Err(message) => {
            eprintln!("basisbaan-generate: {message}\n{USAGE}");
            std::process::ExitCode::from(2)
        }
    }
}

struct Arguments {
    scale: Scale,
    seed: u64,
    database_url: String,
}

fn parse(args: Vec<String>) -> Result<Arguments, String> {
    let mut scale = None;
    let mut seed = 1;
    let mut database_url = std::env::var("DATABASE_URL").ok().filter(|u| !u.is_empty());
    let mut args = args.into_iter();
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--scale" => {
                let name = value()?;
                scale = Some(Scale::parse(&name).ok_or_else(|| format!("unknown scale `{name}`"))?);
            }
            "--seed" => seed = value()?.parse().map_err(|_| "--seed takes a whole number".to_owned())?,
            "--database-url" => database_url = Some(value()?),
            "-h" | "--help" => return Err("help".into()),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(Arguments {
        scale: scale.ok_or("--scale is required")?,
        seed,
        database_url: database_url.unwrap_or_else(|| "sqlite://data/basisbaan.db?mode=rwc".into()),
    })
}

async fn run(arguments: Arguments) -> anyhow::Result<()> {
    let sizes = arguments.scale.sizes();
    // The URL may hold a password: only its scheme goes to the console.
    let scheme = arguments.database_url.split(':').next().unwrap_or_default();
    println!("generating {sizes:?} with seed {} into a {scheme} database", arguments.seed);
    let db = backend::db::connect(&arguments.database_url).await?;
    let mut last_line = std::time::Instant::now();
    let mut show = |p: &Progress| {
        // One line per step when it ends, and at most one a second while it runs.
        if p.done == p.total || last_line.elapsed().as_secs_f64() >= 1.0 {
            let rate = p.done as f64 / p.seconds.max(0.001);
            println!("  {:<58} {:>8} / {:<8} {:>7.1} s  {:>8.0} /s", p.step, p.done, p.total, p.seconds, rate);
            let _ = std::io::stdout().flush();
            last_line = std::time::Instant::now();
        }
    };
    let report = generate::generate(&db, sizes, arguments.seed, &mut show).await?;
    println!("done in {:.1} s:", report.seconds);
    for (table, rows) in &report.rows {
        println!("  {table:<30} {rows:>9}");
    }
    println!("accounts (password `{}`): {}", generate::PASSWORD, report.accounts.join(", "));
    Ok(())
}
