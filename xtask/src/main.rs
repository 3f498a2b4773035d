//! Build and development tasks: `cargo xtask build-spa [--dev] | run | test [cargo test arguments]`.
//!
//! Plain Rust with no task runner, so that a machine with only a Rust toolchain can build and run
//! Basisbaan. The SPA's JavaScript glue is generated with `wasm-bindgen-cli-support` as a library, at the
//! exact version of the `wasm-bindgen` crate the SPA links, so no separate CLI install can drift.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

use anyhow::{Context, bail};

const WASM_TARGET: &str = "wasm32-unknown-unknown";
const USAGE: &str = "usage: cargo xtask <command>
  build-spa [--dev]   build the SPA into dist/ (--dev: unoptimised debug build, quicker)
  run                 build the SPA and the server, then serve the demo on http://127.0.0.1:8080
  test [args]         every test, including the browser suite; args go to `cargo test`
  generate --scale small|municipality|national [--seed N] [--database-url URL]
                      fill a new, empty database with fictional data (release build)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("build-spa") => match &args[1..] {
            [] => build_spa(Profile::Release).map(|_| ()),
            [flag] if flag == "--dev" => build_spa(Profile::Dev).map(|_| ()),
            _ => {
                eprintln!("{USAGE}");
                return ExitCode::from(2);
            }
        },
        Some("run") => run(),
        Some("test") => test(&args[1..]),
        Some("generate") => generate(&args[1..]),
        Some("help" | "--help" | "-h") => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => {
            eprintln!("{USAGE}");
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

/// Cargo's target directory: `CARGO_TARGET_DIR` when set, else `./target`.
fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => root().join(dir),
        _ => root().join("target"),
    }
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
    // "wasm-opt version 132 (version_132)"
    let version: u32 = text.split_whitespace().find_map(|w| w.parse().ok())?;
    if version >= 116 {
        Some(PathBuf::from("wasm-opt"))
    } else {
        println!("xtask: ignoring wasm-opt {version} on PATH (too old for current Rust's wasm; npm ci installs 132)");
        None
    }
}

fn gzip_size(bytes: &[u8]) -> Option<usize> {
    use std::io::Write;
    let mut child = Command::new("gzip")
        .args(["-9", "-c"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let mut stdin = child.stdin.take()?;
    let input = bytes.to_vec();
    // Written from another thread so that a full stdout pipe cannot deadlock us.
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let output = child.wait_with_output().ok()?;
    writer.join().ok()?.ok()?;
    output.status.success().then_some(output.stdout.len())
}

fn copy_dir(from: &Path, to: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from).with_context(|| format!("reading {}", from.display()))? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target).with_context(|| format!("copying {}", entry.path().display()))?;
        }
    }
    Ok(())
}

#[derive(Clone, Copy, PartialEq)]
enum Profile {
    Release,
    Dev,
}

/// Builds the SPA into `dist/`: wasm, JS glue, wasm-opt when available (release), index.html and assets.
fn build_spa(profile: Profile) -> anyhow::Result<PathBuf> {
    let started = Instant::now();
    ensure_wasm_target()?;
    let (profile_args, profile_dir): (&[&str], &str) = match profile {
        Profile::Release => (&["--profile", "wasm-release"], "wasm-release"),
        Profile::Dev => (&[], "debug"),
    };
    let mut build = cargo();
    build.args(["build", "-p", "frontend", "--target", WASM_TARGET]).args(profile_args);
    status(build, "building the SPA")?;

    let root = root();
    let wasm = target_dir().join(WASM_TARGET).join(profile_dir).join("frontend.wasm");
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
        // The library's default (unlike the CLI's) leaves out `new URL('frontend_bg.wasm', import.meta.url)`,
        // so that a bare `init()` would have no wasm to load.
        .omit_default_module_path(false)
        .debug(profile == Profile::Dev)
        .generate(&dist)
        .with_context(|| format!("generating the JavaScript glue for {}", wasm.display()))?;

    let output = dist.join("frontend_bg.wasm");
    let raw_size = std::fs::metadata(&output)?.len();
    match (profile, wasm_opt()) {
        (Profile::Dev, _) => {}
        (Profile::Release, Some(tool)) => {
            // The features rustc 1.95 enables for wasm32-unknown-unknown by default (its target_features).
            let mut command = Command::new(&tool);
            command
                .arg(&output)
                .arg("-Oz")
                .args(["--enable-bulk-memory", "--enable-bulk-memory-opt", "--enable-nontrapping-float-to-int"])
                .args(["--enable-sign-ext", "--enable-mutable-globals", "--enable-reference-types"])
                .args(["--enable-multivalue", "--enable-call-indirect-overlong"])
                .arg("-o")
                .arg(&output);
            status(command, "wasm-opt")?;
            println!("xtask: wasm-opt -Oz: {} KB before", raw_size / 1024);
        }
        (Profile::Release, None) => {
            println!("xtask: note: wasm-opt not found (`npm ci` installs binaryen); the wasm stays unoptimised")
        }
    }

    let frontend = root.join("frontend");
    std::fs::copy(frontend.join("index.html"), dist.join("index.html")).context("copying frontend/index.html")?;
    if frontend.join("assets").is_dir() {
        copy_dir(&frontend.join("assets"), &dist)?;
    }
    let bytes = std::fs::read(&output)?;
    let gzip = gzip_size(&bytes).map(|n| format!(", {n} bytes gzip ({} KB)", n / 1024)).unwrap_or_default();
    println!(
        "xtask: SPA built into dist/ in {:.0} s: frontend_bg.wasm {} bytes ({} KB){gzip}",
        started.elapsed().as_secs_f64(),
        bytes.len(),
        bytes.len() / 1024
    );
    Ok(dist)
}

fn run() -> anyhow::Result<()> {
    let dist = build_spa(Profile::Release)?;
    let mut build = cargo();
    build.args(["build", "--release", "-p", "backend", "--bin", "basisbaan"]);
    status(build, "building the server")?;
    let root = root();
    std::fs::create_dir_all(root.join("data")).context("creating data/")?;
    let mut server = Command::new(target_dir().join("release/basisbaan"));
    server.current_dir(&root).env("BASISBAAN_STATIC_DIR", &dist);
    if std::env::var_os("BASISBAAN_DEMO").is_none() {
        server.env("BASISBAAN_DEMO", "1");
    }
    if std::env::var_os("DATABASE_URL").is_none() {
        server.env("DATABASE_URL", "sqlite://data/basisbaan.db?mode=rwc");
    }
    println!("xtask: starting the server (Ctrl-C stops it)");
    // Replace this process: Ctrl-C and the exit status belong to the server itself.
    #[cfg(unix)]
    return Err(std::os::unix::process::CommandExt::exec(&mut server)).context("starting the server");
    #[cfg(not(unix))]
    status(server, "the server")
}

/// The arguments before `--` of `cargo xtask test <args>` that change what is built (`--release`,
/// `--features`, ...), so that the `--no-run` build is the one the tests then use.
fn extra_build_args(extra: &[String]) -> Vec<String> {
    extra.iter().take_while(|a| *a != "--").cloned().collect()
}

fn found(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn test(extra: &[String]) -> anyhow::Result<()> {
    let started = Instant::now();
    let root = root();
    let browser = ["chromium", "chromium-browser", "google-chrome"].into_iter().find(|p| found(p));
    if browser.is_none() || !found("chromedriver") {
        bail!(
            "chromium and chromedriver are needed for the browser tests: sudo apt-get install chromium chromium-driver"
        );
    }
    if !root.join("node_modules/axe-core/axe.min.js").exists() {
        bail!("axe-core is needed for the accessibility checks: run: npm ci (in {})", root.display());
    }
    let mut steps: Vec<(&str, f64)> = Vec::new();

    let step = Instant::now();
    let dist = build_spa(Profile::Release)?;
    steps.push(("build the SPA", step.elapsed().as_secs_f64()));

    // The server binary and the tests are built in one `cargo test --no-run`, with the features the whole
    // test build unifies to: a separate `cargo build -p backend` resolves other features (e.g. for syn)
    // and so would compile most of the dependency tree a second time. The backend's integration tests
    // make cargo build its `basisbaan` binary into target/debug/.
    let step = Instant::now();
    let server = target_dir().join("debug/basisbaan");
    let mut build = cargo();
    build.args(["test", "--workspace", "--exclude", "frontend", "--no-run"]).args(extra_build_args(extra));
    status(build, "building the server and the tests")?;
    if !server.exists() {
        // Without backend integration tests cargo would not build the binary: then it is built on its own.
        let mut build = cargo();
        build.args(["build", "-p", "backend", "--bin", "basisbaan"]);
        status(build, "building the server")?;
    }
    steps.push(("build server, tests", step.elapsed().as_secs_f64()));

    let postgres = std::env::var("TEST_DATABASE_URL").is_ok_and(|url| !url.is_empty());
    let databases = if postgres { "SQLite and PostgreSQL" } else { "SQLite only (TEST_DATABASE_URL is not set)" };
    println!("xtask: database tests run on {databases}");
    let step = Instant::now();
    let mut tests = cargo();
    tests
        // All test binaries run even when one fails, so that one run reports every failure.
        .args(["test", "--workspace", "--exclude", "frontend", "--no-fail-fast"])
        .args(extra)
        .env("BASISBAAN_E2E_SERVER", &server)
        .env("BASISBAAN_E2E_DIST", &dist);
    let result = status(tests, "the tests");
    steps.push(("cargo test", step.elapsed().as_secs_f64()));

    println!("xtask: ---- summary ----");
    for (name, seconds) in &steps {
        println!("xtask: {name:<18} {seconds:>6.0} s");
    }
    println!("xtask: databases          {databases}");
    let verdict = if result.is_ok() { "all tests passed" } else { "TESTS FAILED" };
    println!("xtask: {verdict} in {:.0} s", started.elapsed().as_secs_f64());
    result
}

/// `cargo xtask generate ...`: builds the generator in release (bulk inserts are CPU-bound in debug) and runs
/// it with the same arguments, from the workspace root so that the default SQLite path is `data/`.
fn generate(args: &[String]) -> anyhow::Result<()> {
    let mut build = cargo();
    build.args(["build", "--release", "-p", "backend", "--bin", "basisbaan-generate"]);
    status(build, "building the generator")?;
    std::fs::create_dir_all(root().join("data")).context("creating data/")?;
    let mut generator = Command::new(target_dir().join("release/basisbaan-generate"));
    generator.current_dir(root()).args(args);
    status(generator, "the generator")
}
