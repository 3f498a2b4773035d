//! Build and development tasks: `cargo xtask build-spa | run | test`.
//!
//! Plain Rust with no task runner, so that a machine with only a Rust toolchain can build and run
//! Basisbaan. The SPA's JavaScript glue is generated with `wasm-bindgen-cli-support` as a library, at the
//! exact version of the `wasm-bindgen` crate the SPA links, so no separate CLI install can drift.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use anyhow::{Context, bail};

const WASM_TARGET: &str = "wasm32-unknown-unknown";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("build-spa") => build_spa().map(|_| ()),
        Some("run") => run(),
        Some("test") => test(&args[1..]),
        _ => {
            eprintln!("usage: cargo xtask <build-spa | run | test [extra cargo test arguments]>");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("xtask: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the workspace root").to_path_buf()
}

fn cargo() -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command.current_dir(root());
    command
}

fn status(mut command: Command, what: &str) -> anyhow::Result<()> {
    let status = command.status().with_context(|| format!("starting {what}"))?;
    if !status.success() {
        bail!("{what} failed ({status})");
    }
    Ok(())
}

fn ensure_wasm_target() -> anyhow::Result<()> {
    let installed = Command::new("rustup").args(["target", "list", "--installed"]).output();
    match installed {
        Ok(output) if String::from_utf8_lossy(&output.stdout).lines().any(|l| l.trim() == WASM_TARGET) => Ok(()),
        Ok(_) => {
            println!("xtask: adding the {WASM_TARGET} target");
            let mut command = Command::new("rustup");
            command.args(["target", "add", WASM_TARGET]);
            status(command, "rustup target add")
        }
        // Without rustup the toolchain may still have the target (e.g. a distribution's Rust).
        Err(_) => Ok(()),
    }
}

/// wasm-opt from npm's `binaryen` (node_modules), else one on PATH whose version is recent enough;
/// older ones (Debian's 108) break the wasm that current Rust emits.
fn wasm_opt() -> Option<PathBuf> {
    let local = root().join("node_modules/.bin/wasm-opt");
    if local.exists() {
        return Some(local);
    }
    let output = Command::new("wasm-opt").arg("--version").output().ok()?;
    let text = String::from_utf8_lossy(&output.stdout);
    let version: u32 = text.split_whitespace().find_map(|w| w.parse().ok())?;
    (version >= 116).then(|| PathBuf::from("wasm-opt"))
}

fn gzip_size(bytes: &[u8]) -> Option<usize> {
    use std::io::Write;
    let mut child = Command::new("gzip")
        .args(["-9", "-c"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .ok()?;
    child.stdin.take()?.write_all(bytes).ok()?;
    Some(child.wait_with_output().ok()?.stdout.len())
}

/// Builds the SPA into `dist/`: release wasm, JS glue, wasm-opt when available, index.html and assets.
fn build_spa() -> anyhow::Result<PathBuf> {
    let started = Instant::now();
    ensure_wasm_target()?;
    let mut build = cargo();
    build.args(["build", "-p", "frontend", "--target", WASM_TARGET, "--profile", "wasm-release"]);
    status(build, "building the SPA")?;

    let root = root();
    let target_dir = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root.join("target"));
    let wasm = target_dir.join(WASM_TARGET).join("wasm-release").join("frontend.wasm");
    let dist = root.join("dist");
    if dist.exists() {
        std::fs::remove_dir_all(&dist).context("clearing dist/")?;
    }
    std::fs::create_dir_all(&dist)?;
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&wasm)
        .out_name("frontend")
        .web(true)?
        .typescript(false)
        .generate(&dist)
        .context("generating the JavaScript glue")?;

    let output = dist.join("frontend_bg.wasm");
    match wasm_opt() {
        Some(tool) => {
            let mut command = Command::new(&tool);
            command
                .arg(&output)
                .args(["-Oz", "--enable-bulk-memory", "--enable-nontrapping-float-to-int", "--enable-sign-ext"])
                .args(["--enable-mutable-globals", "--enable-reference-types", "--enable-multivalue"])
                .arg("-o")
                .arg(&output);
            status(command, "wasm-opt")?;
        }
        None => println!("xtask: wasm-opt not found (npm ci installs binaryen); the wasm stays unoptimised"),
    }

    let frontend = root.join("frontend");
    std::fs::copy(frontend.join("index.html"), dist.join("index.html")).context("copying index.html")?;
    for entry in std::fs::read_dir(frontend.join("assets")).context("reading frontend/assets")? {
        let entry = entry?;
        std::fs::copy(entry.path(), dist.join(entry.file_name()))?;
    }
    let bytes = std::fs::read(&output)?;
    let gzip = gzip_size(&bytes).map(|n| format!(", {} KB gzip", n / 1024)).unwrap_or_default();
    println!(
        "xtask: SPA built into dist/ in {:.0} s: frontend_bg.wasm {} KB{gzip}",
        started.elapsed().as_secs_f64(),
        bytes.len() / 1024
    );
    Ok(dist)
}

fn run() -> anyhow::Result<()> {
    let dist = build_spa()?;
    let mut build = cargo();
    build.args(["build", "--release", "-p", "backend", "--bin", "basisbaan"]);
    status(build, "building the server")?;
    let root = root();
    std::fs::create_dir_all(root.join("data"))?;
    let mut server = Command::new(root.join("target/release/basisbaan"));
    server.current_dir(&root).env("BASISBAAN_STATIC_DIR", &dist);
    if std::env::var_os("BASISBAAN_DEMO").is_none() {
        server.env("BASISBAAN_DEMO", "1");
    }
    println!("xtask: starting the server (Ctrl-C stops it)");
    status(server, "the server")
}

fn found(program: &str) -> bool {
    Command::new(program).arg("--version").output().is_ok_and(|o| o.status.success())
}

fn test(extra: &[String]) -> anyhow::Result<()> {
    let started = Instant::now();
    let root = root();
    let browser = ["chromium", "chromium-browser", "google-chrome"].into_iter().find(|p| found(p));
    if browser.is_none() || !found("chromedriver") {
        bail!(
            "the browser tests need Chromium and chromedriver. On Debian or Ubuntu: \
             sudo apt-get install chromium chromium-driver"
        );
    }
    if !root.join("node_modules/axe-core/axe.min.js").exists() {
        bail!("the browser tests need axe-core: run `npm ci` in {}", root.display());
    }
    let dist = build_spa()?;
    let mut server = cargo();
    server.args(["build", "-p", "backend", "--bin", "basisbaan"]);
    status(server, "building the server")?;

    let mut tests = cargo();
    tests
        .args(["test", "--workspace", "--exclude", "frontend"])
        .args(extra)
        .env("BASISBAAN_E2E_SERVER", root.join("target/debug/basisbaan"))
        .env("BASISBAAN_E2E_DIST", &dist);
    match std::env::var("TEST_DATABASE_URL") {
        Ok(url) if !url.is_empty() => println!("xtask: database tests run on SQLite and on PostgreSQL"),
        _ => println!("xtask: TEST_DATABASE_URL is not set: database tests run on SQLite only"),
    }
    let result = status(tests, "the tests");
    println!("xtask: tests finished in {:.0} s", started.elapsed().as_secs_f64());
    result
}
