//! Build and development tasks: `cargo xtask build-spa [--dev] | run | test [cargo test arguments] | fuzz`.
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
  fuzz                schemathesis against the served OpenAPI document, as admin and as a partner
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
        Some("fuzz") => fuzz(),
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

/// wasm-opt as [`wasm_opt`] finds it; when it is missing and npm is on PATH, `npm ci` first installs the
/// `binaryen` (and `axe-core`) of package-lock.json, so that every release build is optimised.
fn wasm_opt_or_install() -> Option<PathBuf> {
    if let Some(tool) = wasm_opt() {
        return Some(tool);
    }
    if !found("npm") {
        return None;
    }
    println!("xtask: wasm-opt is missing: running `npm ci` for npm's binaryen");
    let mut command = Command::new("npm");
    command.current_dir(root()).args(["ci", "--no-audit", "--no-fund"]);
    if let Err(error) = status(command, "npm ci") {
        println!("xtask: note: {error:#}");
        return None;
    }
    wasm_opt()
}

fn gzip(bytes: &[u8]) -> anyhow::Result<Vec<u8>> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?)
}

fn brotli(bytes: &[u8]) -> anyhow::Result<Vec<u8>> {
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 24, ..Default::default() };
    let mut output = Vec::new();
    brotli::BrotliCompress(&mut &bytes[..], &mut output, &params)?;
    Ok(output)
}

/// The first 16 hex digits of the SHA-256 of `bytes`: the content's part of a file name.
fn content_hash(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// Renames `dist/<name>` to `<stem>-<hash><suffix>` (suffix: `.js`, `_bg.wasm`, ...) and rewrites the one
/// reference to it in `dist/<referrer>`, written there as `<quote><prefix><name><quote>`. Returns the new name.
fn fingerprint(dist: &Path, name: &str, suffix: &str, referrer: &str, prefixes: &[&str]) -> anyhow::Result<String> {
    let stem = name.strip_suffix(suffix).with_context(|| format!("{name} does not end in {suffix}"))?;
    let bytes = std::fs::read(dist.join(name)).with_context(|| format!("reading dist/{name}"))?;
    let hashed = format!("{stem}-{}{suffix}", content_hash(&bytes));
    std::fs::rename(dist.join(name), dist.join(&hashed))?;
    let text = std::fs::read_to_string(dist.join(referrer)).with_context(|| format!("reading dist/{referrer}"))?;
    let mut rewritten = text.clone();
    for quote in ['"', '\''] {
        for prefix in prefixes {
            let from = format!("{quote}{prefix}{name}{quote}");
            rewritten = rewritten.replace(&from, &format!("{quote}{prefix}{hashed}{quote}"));
        }
    }
    if rewritten == text {
        bail!("dist/{referrer} does not load {name} as xtask expects ({prefixes:?}): cannot give it a hashed name");
    }
    std::fs::write(dist.join(referrer), rewritten)?;
    Ok(hashed)
}

/// Writes a brotli (`.br`) and a gzip (`.gz`) copy beside every text and wasm file of `dir` that they make
/// smaller, for the server to send as they are. Returns (file, raw, gzip, brotli) sizes.
fn precompress(dir: &Path) -> anyhow::Result<Vec<(String, usize, usize, usize)>> {
    const TEXT: &[&str] = &["html", "js", "css", "wasm", "json", "svg", "txt", "map", "xml", "ico"];
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            for (name, raw, gz, br) in precompress(&path)? {
                files.push((format!("{}/{name}", path.file_name().unwrap_or_default().to_string_lossy()), raw, gz, br));
            }
        } else if path.extension().and_then(|e| e.to_str()).is_some_and(|e| TEXT.contains(&e)) {
            files.push((path.file_name().unwrap_or_default().to_string_lossy().into_owned(), 0, 0, 0));
        }
    }
    // One thread per file: the wasm's brotli takes most of the time; two cores do the rest beside it.
    std::thread::scope(|scope| {
        let jobs: Vec<_> = files
            .iter()
            .filter(|(_, raw, ..)| *raw == 0)
            .map(|(name, ..)| {
                let path = dir.join(name);
                scope.spawn(move || -> anyhow::Result<(String, usize, usize, usize)> {
                    let bytes = std::fs::read(&path)?;
                    let (gz, br) = (gzip(&bytes)?, brotli(&bytes)?);
                    for (suffix, encoded) in [("gz", &gz), ("br", &br)] {
                        if encoded.len() < bytes.len() {
                            let mut target = path.clone().into_os_string();
                            target.push(".");
                            target.push(suffix);
                            std::fs::write(&target, encoded)?;
                        }
                    }
                    let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
                    Ok((name, bytes.len(), gz.len(), br.len()))
                })
            })
            .collect();
        let mut done: Vec<_> = files.iter().filter(|(_, raw, ..)| *raw != 0).cloned().collect();
        for job in jobs {
            done.push(job.join().map_err(|_| anyhow::anyhow!("compressing panicked"))??);
        }
        Ok(done)
    })
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

/// The module name under which the split wasm imports its loaders (`link_name` of wasm-split): a file
/// name with 16 placeholder characters where the content hash goes, the same length so that the name can
/// be replaced inside the wasm's import section byte for byte.
const SPLIT_LOADER_PLACEHOLDER: &str = "wasm-split-________________.js";

/// Builds the SPA into `dist/`: wasm, split into the main module and the lazily loaded page groups, JS
/// glue, wasm-opt (release; `npm ci` installs it when npm is there), index.html and assets, content-hashed
/// names, and (release) precompressed `.br` and `.gz` copies.
fn build_spa(profile: Profile) -> anyhow::Result<PathBuf> {
    let started = Instant::now();
    ensure_wasm_target()?;
    let (profile_args, profile_dir): (&[&str], &str) = match profile {
        Profile::Release => (&["--profile", "wasm-release"], "wasm-release"),
        Profile::Dev => (&[], "debug"),
    };
    let mut build = cargo();
    build.args(["rustc", "-p", "frontend", "--bin", "frontend", "--target", WASM_TARGET]).args(profile_args);
    // wasm-split reads the linker's relocations to tell which code and data each lazily loaded page group
    // needs. Passed to the final crate only (`cargo rustc`), so the dependencies' build stays as it was.
    build.args(["--", "-C", "link-arg=--emit-relocs"]);
    // Leptos' `erase_components`: each component returns a type-erased view, and each `{move || ...}` of a
    // view shares one render path per output type instead of one copy per closure: 14% less wasm (measured
    // in BENCHMARKS.md). Added to RUSTFLAGS when that is set (cargo then ignores the target's own), else to
    // the target's rustflags.
    let flags_var = match std::env::var("RUSTFLAGS") {
        Ok(flags) if !flags.trim().is_empty() => "RUSTFLAGS",
        _ => "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS",
    };
    let flags = std::env::var(flags_var).unwrap_or_default();
    build.env(flags_var, format!("{flags} --cfg erase_components").trim_start());
    status(build, "building the SPA")?;

    let root = root();
    let wasm = target_dir().join(WASM_TARGET).join(profile_dir).join("frontend.wasm");
    let dist = root.join("dist");
    if dist.exists() {
        std::fs::remove_dir_all(&dist).context("clearing dist/")?;
    }
    std::fs::create_dir_all(&dist)?;

    // The split: the main module (for wasm-bindgen), a module per page group (`split_<group>.wasm`), chunks
    // of code that several groups share (`chunk_<n>.wasm`), and the loader module that fetches them.
    let split_dir = target_dir().join(WASM_TARGET).join(profile_dir).join("wasm-split");
    if split_dir.exists() {
        std::fs::remove_dir_all(&split_dir).context("clearing the wasm-split directory")?;
    }
    std::fs::create_dir_all(&split_dir)?;
    let main_split = split_dir.join("frontend_split.wasm");
    let input = std::fs::read(&wasm).with_context(|| format!("reading {}", wasm.display()))?;
    let link_name = format!("./{SPLIT_LOADER_PLACEHOLDER}");
    let split = wasm_split_cli_support::transform({
        let mut options = wasm_split_cli_support::Options::new(&input);
        options.output_dir = &split_dir;
        options.main_out_path = &main_split;
        options.link_name = &link_name;
        // Where the loader takes `initSync` (the instantiated main module's exports) from: the glue.
        options.main_module = "./frontend.js";
        options
    })
    .map_err(|error| anyhow::anyhow!("splitting the wasm: {error:?}"))?;

    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&main_split)
        .out_name("frontend")
        .web(true)?
        .typescript(false)
        // The library's default (unlike the CLI's) leaves out `new URL('frontend_bg.wasm', import.meta.url)`,
        // so that a bare `init()` would have no wasm to load.
        .omit_default_module_path(false)
        // The split modules import the main module's functions by their linker names: keep those exports,
        // unmangled (what cargo-leptos passes for a split build).
        .keep_lld_exports(true)
        .demangle(false)
        .debug(profile == Profile::Dev)
        // Half of an unoptimised release wasm is its function names; nobody reads them in production.
        .remove_name_section(profile == Profile::Release)
        .remove_producers_section(profile == Profile::Release)
        .generate(&dist)
        .with_context(|| format!("generating the JavaScript glue for {}", main_split.display()))?;
    let loader = dist.join(SPLIT_LOADER_PLACEHOLDER);
    std::fs::copy(split_dir.join(SPLIT_LOADER_PLACEHOLDER), &loader).context("copying the wasm-split loader")?;
    let mut chunks = Vec::new();
    for module in &split.split_modules {
        let name = module.file_name().and_then(|n| n.to_str()).context("a split module's name")?.to_owned();
        std::fs::copy(module, dist.join(&name)).with_context(|| format!("copying {}", module.display()))?;
        chunks.push(name);
    }
    chunks.sort();

    let output = dist.join("frontend_bg.wasm");
    let raw_size = std::fs::metadata(&output)?.len();
    match profile {
        Profile::Dev => {}
        Profile::Release => match wasm_opt_or_install() {
            Some(tool) => {
                for file in std::iter::once(output.clone()).chain(chunks.iter().map(|c| dist.join(c))) {
                    // The features rustc 1.95 enables for wasm32-unknown-unknown by default (its target_features).
                    let mut command = Command::new(&tool);
                    command
                        .arg(&file)
                        .arg("-Oz")
                        .args(["--enable-bulk-memory", "--enable-bulk-memory-opt", "--enable-nontrapping-float-to-int"])
                        .args(["--enable-sign-ext", "--enable-mutable-globals", "--enable-reference-types"])
                        .args(["--enable-multivalue", "--enable-call-indirect-overlong"])
                        // Custom sections no browser reads, once per module: about 150 B each.
                        .args(["--strip-producers", "--strip-target-features"])
                        .arg("-o")
                        .arg(&file);
                    status(command, "wasm-opt")?;
                }
                println!("xtask: wasm-opt -Oz: main module {} KB before", raw_size / 1024);
            }
            None => println!(
                "xtask: note: wasm-opt not found and `npm ci` could not install it (npm's binaryen); \
                 the wasm stays unoptimised"
            ),
        },
    }
    let wasm_bytes = std::fs::read(&output)?;

    let frontend = root.join("frontend");
    std::fs::copy(frontend.join("index.html"), dist.join("index.html")).context("copying frontend/index.html")?;
    if frontend.join("assets").is_dir() {
        copy_dir(&frontend.join("assets"), &dist)?;
    }

    bundle_nlds_css(&root, &dist)?;

    // Content-hashed names, so that the server can let browsers keep them for a year: each file is renamed
    // after the files it loads, and the one reference to it rewritten (index.html -> boot.js -> the glue ->
    // the wasm and the split loader -> the split modules). Only index.html keeps its name (and is
    // revalidated on every load).
    for chunk in &chunks {
        fingerprint(&dist, chunk, ".wasm", SPLIT_LOADER_PLACEHOLDER, &["./"])?;
    }
    // The loader and the glue import each other, so neither name can hold a hash of the other's final
    // content. The loader's name takes the hash of everything that decides both before they are named
    // (the loader with its chunks' names, the glue, the main module); the glue's name then follows from
    // its content, which holds the loader's name, and is written into the loader last.
    let loader_hash = {
        let mut parts = Vec::new();
        for name in [SPLIT_LOADER_PLACEHOLDER, "frontend.js", "frontend_bg.wasm"] {
            parts.extend(std::fs::read(dist.join(name)).with_context(|| format!("reading dist/{name}"))?);
        }
        content_hash(&parts)
    };
    let loader_name = SPLIT_LOADER_PLACEHOLDER.replace("________________", &loader_hash);
    for name in ["frontend.js", "frontend_bg.wasm"] {
        let path = dist.join(name);
        let bytes = std::fs::read(&path)?;
        let (replaced, count) = replace_bytes(&bytes, SPLIT_LOADER_PLACEHOLDER.as_bytes(), loader_name.as_bytes());
        if count == 0 {
            bail!("dist/{name} does not name the wasm-split loader {SPLIT_LOADER_PLACEHOLDER}");
        }
        std::fs::write(&path, replaced)?;
    }
    std::fs::rename(&loader, dist.join(&loader_name))?;
    let wasm_name = fingerprint(&dist, "frontend_bg.wasm", "_bg.wasm", "frontend.js", &[""])?;
    let glue_name = fingerprint(&dist, "frontend.js", ".js", "boot.js", &["/", "./"])?;
    {
        let path = dist.join(&loader_name);
        let text = std::fs::read_to_string(&path)?;
        let (rewritten, count) =
            replace_bytes(text.as_bytes(), b"\"./frontend.js\"", format!("\"./{glue_name}\"").as_bytes());
        if count == 0 {
            bail!("dist/{loader_name} does not import the glue as \"./frontend.js\"");
        }
        std::fs::write(&path, rewritten)?;
    }
    fingerprint(&dist, "boot.js", ".js", "index.html", &["/", "./"])?;
    let index = std::fs::read_to_string(dist.join("index.html"))?;
    let mut styles: Vec<String> = std::fs::read_dir(&dist)?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".css") && index.contains(&format!("/{name}\"")))
        .collect();
    styles.sort();
    for style in styles {
        fingerprint(&dist, &style, ".css", "index.html", &["/", "./"])?;
    }
    // Fetch the glue, the loader and the wasm while boot.js is still on its way (one round trip instead of
    // three). The page groups' modules are fetched when one of their pages is opened.
    let hints = format!(
        "  <link rel=\"modulepreload\" href=\"/{glue_name}\">\n  \
         <link rel=\"modulepreload\" href=\"/{loader_name}\">\n  \
         <link rel=\"preload\" href=\"/{wasm_name}\" as=\"fetch\" type=\"application/wasm\" crossorigin>\n</head>"
    );
    let index = std::fs::read_to_string(dist.join("index.html"))?;
    std::fs::write(dist.join("index.html"), index.replacen("</head>", &hints, 1))?;

    let sizes = if profile == Profile::Release {
        let sizes = precompress(&dist)?;
        let mut split_total = (0, 0);
        for (name, raw, gz, br) in &sizes {
            println!("xtask:   {name:<40} {raw:>9} bytes, gzip {gz:>8}, brotli {br:>8}");
            if name.ends_with(".wasm") && *name != wasm_name {
                split_total = (split_total.0 + raw, split_total.1 + br);
            }
        }
        println!(
            "xtask: {} lazily loaded modules: {} bytes, brotli {} bytes",
            chunks.len(),
            split_total.0,
            split_total.1
        );
        sizes.into_iter().find(|(name, ..)| *name == wasm_name).map(|(_, _, gz, br)| (gz, br))
    } else {
        None
    };
    let compressed = match sizes {
        Some((gz, br)) => format!(", gzip {gz} bytes ({} KiB), brotli {br} bytes ({} KiB)", gz / 1024, br / 1024),
        None => String::new(),
    };
    println!(
        "xtask: SPA built into dist/ in {:.0} s: main module {wasm_name} {} bytes ({} KiB){compressed}",
        started.elapsed().as_secs_f64(),
        wasm_bytes.len(),
        wasm_bytes.len() / 1024
    );
    Ok(dist)
}

/// The NL Design System community's framework-free CSS components whose class names the SPA's views use,
/// from npm (`package.json`, exact versions; never copied into the repository). Only these are bundled, in
/// this order, after the theme's tokens: the login page's cold-load budget (e2e `transfer.rs`) counts them.
const NLDS_PACKAGES: &[&str] = &[
    "@utrecht/button-css",
    "@utrecht/textbox-css",
    "@utrecht/select-css",
    "@utrecht/textarea-css",
    "@utrecht/form-field-css",
    "@utrecht/form-label-css",
    "@utrecht/form-field-description-css",
    "@utrecht/form-field-error-message-css",
    "@utrecht/table-css",
    "@utrecht/alert-css",
    "@utrecht/link-css",
    "@utrecht/page-header-css",
];

/// The default theme (design tokens on `.basisbaan-theme`), always bundled first, under any other theme.
const DEFAULT_THEME: &str = "frontend/theme/basisbaan.css";
const DEFAULT_THEME_CLASS: &str = "basisbaan-theme";
/// The bundle's name in `dist/` (content-hashed later, like app.css) and as `frontend/index.html` loads it.
const NLDS_BUNDLE: &str = "nlds.css";

/// A theme chosen by configuration: `BASISBAAN_THEME` names a CSS file of design tokens, as a path from the
/// workspace root or a file inside an npm package (`@utrecht/design-tokens/dist/index.css`, resolved in
/// `node_modules/`); `BASISBAAN_THEME_CLASS` the class its tokens are set on (default: the first
/// `.<name>-theme` selector in the file; none for a theme on `:root`).
struct Theme {
    path: PathBuf,
    class: Option<String>,
}

fn chosen_theme(root: &Path) -> anyhow::Result<Option<Theme>> {
    let Some(name) = std::env::var("BASISBAAN_THEME").ok().filter(|v| !v.trim().is_empty()) else {
        return Ok(None);
    };
    let name = name.trim();
    let path = [root.join(name), root.join("node_modules").join(name), PathBuf::from(name)]
        .into_iter()
        .find(|p| p.is_file())
        .with_context(|| {
            format!("BASISBAAN_THEME={name}: no such file in the workspace or in node_modules/ (run `npm ci`?)")
        })?;
    let css = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let class = match std::env::var("BASISBAAN_THEME_CLASS").ok().filter(|v| !v.trim().is_empty()) {
        Some(class) => Some(class.trim().trim_start_matches('.').to_owned()),
        None => theme_class(&css),
    };
    Ok(Some(Theme { path, class }))
}

/// The first `.<name>-theme` class selector of a tokens file.
fn theme_class(css: &str) -> Option<String> {
    let css = strip_comments(css);
    css.match_indices('.').find_map(|(at, _)| {
        let name: String =
            css[at + 1..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect();
        name.ends_with("-theme").then_some(name)
    })
}

fn strip_comments(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        rest = match rest[start + 2..].find("*/") {
            Some(end) => &rest[start + 2 + end + 2..],
            None => "",
        };
    }
    out.push_str(rest);
    out
}

/// A small, safe minification for the theme files (the packages ship their own `.min.css`): no comments,
/// one space for each run of white space, none around `{`, `}` and `;`.
fn minify_css(css: &str) -> String {
    let collapsed = strip_comments(css).split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = collapsed;
    for token in ["{", "}", ";"] {
        out = out.replace(&format!(" {token}"), token).replace(&format!("{token} "), token);
    }
    out.replace(";}", "}")
}

/// The version of an installed npm package, for the bundle's credits.
fn package_version(dir: &Path) -> String {
    // package.json's first `"version": "..."` (npm writes it at the top level, before any nested one).
    let text = std::fs::read_to_string(dir.join("package.json")).unwrap_or_default();
    let version = text.split_once("\"version\"").and_then(|(_, rest)| rest.split('"').nth(1));
    version.unwrap_or("?").to_owned()
}

/// Writes `dist/nlds.css`: the default theme's tokens, the chosen theme's (BASISBAAN_THEME) after them, then
/// the components' CSS from `node_modules/` (`npm ci` first when they are missing and npm is there), and puts
/// the theme classes on `<body>`. Without the packages (no npm) the bundle is left out of index.html with a
/// note: the project's own stylesheet (tokens.css, app.css) then styles the same elements by its own classes.
fn bundle_nlds_css(root: &Path, dist: &Path) -> anyhow::Result<()> {
    let modules = root.join("node_modules");
    let missing = |modules: &Path| NLDS_PACKAGES.iter().any(|p| !modules.join(p).join("dist/index.css").is_file());
    if missing(&modules) && found("npm") {
        println!("xtask: NL Design System CSS packages missing: running `npm ci`");
        let mut command = Command::new("npm");
        command.current_dir(root).args(["ci", "--no-audit", "--no-fund"]);
        if let Err(error) = status(command, "npm ci") {
            println!("xtask: note: {error:#}");
        }
    }
    let index_path = dist.join("index.html");
    let index = std::fs::read_to_string(&index_path).context("reading dist/index.html")?;
    let link = format!("<link rel=\"stylesheet\" href=\"/{NLDS_BUNDLE}\">");
    if !index.contains(&link) {
        bail!("frontend/index.html does not load the NL Design System bundle as {link}");
    }
    if missing(&modules) {
        println!(
            "xtask: note: the NL Design System CSS packages are not installed (no npm, or `npm ci` failed): the \
             SPA uses only the project's own base stylesheet (app.css), and no theme"
        );
        let index = index.lines().filter(|line| line.trim() != link).collect::<Vec<_>>().join("\n") + "\n";
        std::fs::write(&index_path, index)?;
        return Ok(());
    }
    let default_theme = root.join(DEFAULT_THEME);
    let mut bundle = String::from("/* Basisbaan's NL Design System bundle, made by `cargo xtask build-spa`. */\n");
    bundle.push_str(&format!("/* Theme: {DEFAULT_THEME} */\n"));
    bundle.push_str(&minify_css(
        &std::fs::read_to_string(&default_theme).with_context(|| format!("reading {}", default_theme.display()))?,
    ));
    bundle.push('\n');
    let mut classes = vec![DEFAULT_THEME_CLASS.to_owned()];
    if let Some(theme) = chosen_theme(root)? {
        let css = std::fs::read_to_string(&theme.path)?;
        let shown = theme.path.strip_prefix(root).unwrap_or(&theme.path).display().to_string();
        println!("xtask: theme {shown} (class {})", theme.class.as_deref().unwrap_or(":root"));
        bundle.push_str(&format!("/* Theme: {shown} */\n{}\n", minify_css(&css)));
        classes.extend(theme.class);
    }
    for package in NLDS_PACKAGES {
        let dir = modules.join(package);
        let file = ["dist/index.min.css", "dist/index.css"].into_iter().map(|f| dir.join(f)).find(|f| f.is_file());
        let file = file.with_context(|| format!("no CSS in {}", dir.display()))?;
        let license =
            if package.starts_with("@utrecht/") { ", EUPL-1.2, Frameless B.V. and Gemeente Utrecht" } else { "" };
        bundle.push_str(&format!("/* {package} {}{license} */\n", package_version(&dir)));
        bundle.push_str(std::fs::read_to_string(&file)?.trim());
        bundle.push('\n');
    }
    std::fs::write(dist.join(NLDS_BUNDLE), &bundle)?;
    let body = format!("<body class=\"{DEFAULT_THEME_CLASS}\">");
    if !index.contains(&body) {
        bail!("frontend/index.html has no {body} for the theme class");
    }
    std::fs::write(&index_path, index.replacen(&body, &format!("<body class=\"{}\">", classes.join(" ")), 1))?;
    println!("xtask: NL Design System CSS bundled: {} packages, {} bytes", NLDS_PACKAGES.len(), bundle.len());
    Ok(())
}

/// `bytes` with every occurrence of `from` replaced by `to`, and the number of occurrences.
fn replace_bytes(bytes: &[u8], from: &[u8], to: &[u8]) -> (Vec<u8>, usize) {
    let mut out = Vec::with_capacity(bytes.len());
    let mut count = 0;
    let mut rest = bytes;
    while !rest.is_empty() {
        if rest.starts_with(from) {
            out.extend_from_slice(to);
            rest = &rest[from.len()..];
            count += 1;
        } else {
            out.push(rest[0]);
            rest = &rest[1..];
        }
    }
    (out, count)
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
    let mut fmt = cargo();
    fmt.args(["fmt", "--all", "--check"]);
    status(fmt, "cargo fmt --check (run `cargo fmt --all`)")?;
    check_shared_for_wasm()?;
    steps.push(("fmt, shared for wasm32", step.elapsed().as_secs_f64()));

    let step = Instant::now();
    let mut clippy = cargo();
    clippy.args(["clippy", "--workspace", "--exclude", "frontend", "--all-targets", "--", "-D", "warnings"]);
    status(clippy, "cargo clippy (server, tests, tools)")?;
    let mut clippy = cargo();
    clippy.args(["clippy", "-p", "frontend", "--target", WASM_TARGET, "--", "-D", "warnings"]);
    status(clippy, "cargo clippy (the SPA)")?;
    steps.push(("clippy -D warnings", step.elapsed().as_secs_f64()));

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

/// Where `.ci/run` installs schemathesis (`fuzz/requirements.txt`) into a virtual environment.
fn schemathesis() -> anyhow::Result<PathBuf> {
    if let Some(path) = std::env::var_os("SCHEMATHESIS") {
        return Ok(PathBuf::from(path));
    }
    let venv = target_dir().join("schemathesis/bin/schemathesis");
    if venv.exists() {
        return Ok(venv);
    }
    if found("schemathesis") {
        return Ok(PathBuf::from("schemathesis"));
    }
    bail!(
        "schemathesis is needed for the API fuzzing: python3 -m venv {dir} && {dir}/bin/pip install -r fuzz/requirements.txt",
        dir = target_dir().join("schemathesis").display()
    )
}

/// A port that was free a moment ago.
fn free_port() -> anyhow::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// Waits until `GET /api/v1/health` answers 200 on `port`.
fn wait_for_health(port: u16, server: &mut std::process::Child) -> anyhow::Result<()> {
    use std::io::{Read, Write};
    let deadline = Instant::now() + std::time::Duration::from_secs(60);
    while Instant::now() < deadline {
        if let Some(status) = server.try_wait()? {
            bail!("the server stopped ({status}) before it answered");
        }
        if let Ok(mut stream) = std::net::TcpStream::connect(("127.0.0.1", port)) {
            let request = format!("GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
            let mut answer = String::new();
            if stream.write_all(request.as_bytes()).is_ok()
                && stream.read_to_string(&mut answer).is_ok()
                && answer.starts_with("HTTP/1.1 200")
            {
                return Ok(());
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(250));
    }
    bail!("the server did not answer GET /api/v1/health within 60 s")
}

/// The callers the fuzzer runs as: a demo login each (`seed_demo`), on a fresh demo database each.
const FUZZ_CALLERS: [(&str, &str); 2] = [("admin", "admin"), ("partner", "partner")];
const FUZZ_ADMIN_PASSWORD: &str = "Fuzz-admin-wachtwoord-1";
const FUZZ_DEMO_PASSWORD: &str = "Basisbaan-demo-2026";

/// `cargo xtask fuzz`: schemathesis (every check, seed 1, at most 25 examples per operation, the stateful
/// phase over the document's links; `fuzz/schemathesis.toml`) against the debug server on a fresh demo
/// database, once logged in as admin and once as a partner. Fails when schemathesis reports a failure.
fn fuzz() -> anyhow::Result<()> {
    let started = Instant::now();
    let root = root();
    let schemathesis = schemathesis()?;
    let server_binary = target_dir().join("debug/basisbaan");
    if !server_binary.exists() {
        let mut build = cargo();
        build.args(["build", "-p", "backend", "--bin", "basisbaan"]);
        status(build, "building the server")?;
    }
    let work = target_dir().join("fuzz");
    std::fs::create_dir_all(&work).context("creating the fuzz directory")?;
    let mut results = Vec::new();
    for (caller, username) in FUZZ_CALLERS {
        let step = Instant::now();
        let database = work.join(format!("{caller}.db"));
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", database.display()));
        }
        let port = free_port()?;
        let log = std::fs::File::create(work.join(format!("{caller}-server.log")))?;
        let mut server = Command::new(&server_binary)
            .current_dir(&work)
            .env("DATABASE_URL", format!("sqlite://{}?mode=rwc", database.display()))
            .env("BASISBAAN_ADDR", format!("127.0.0.1:{port}"))
            .env("BASISBAAN_DEMO", "1")
            .env("BASISBAAN_ADMIN_PASSWORD", FUZZ_ADMIN_PASSWORD)
            .env("BASISBAAN_JWT_SECRET", "fuzz-only-secret-0123456789abcdef0123456789")
            .stdout(log.try_clone()?)
            .stderr(log)
            .spawn()
            .context("starting the server")?;
        let outcome = wait_for_health(port, &mut server).and_then(|()| {
            let password = if username == "admin" { FUZZ_ADMIN_PASSWORD } else { FUZZ_DEMO_PASSWORD };
            println!(
                "xtask: fuzzing as {caller} (server log: {})",
                work.join(format!("{caller}-server.log")).display()
            );
            let mut run = Command::new(&schemathesis);
            run.current_dir(&root)
                .args(["--config-file", "fuzz/schemathesis.toml", "run"])
                .arg(format!("http://127.0.0.1:{port}/api/v1/openapi.json"))
                .env("SCHEMATHESIS_HOOKS", "hooks")
                .env("PYTHONPATH", root.join("fuzz"))
                .env("FUZZ_BASE_URL", format!("http://127.0.0.1:{port}/api/v1"))
                .env("FUZZ_USERNAME", username)
                .env("FUZZ_PASSWORD", password)
                .env("NO_COLOR", "1");
            run_and_tally(run, &format!("schemathesis as {caller}"))
        });
        let _ = server.kill();
        let _ = server.wait();
        results.push((caller, step.elapsed().as_secs_f64(), outcome));
    }
    println!("xtask: ---- fuzz summary ----");
    for (caller, seconds, outcome) in &results {
        let verdict = match outcome {
            Ok(tally) => format!("{tally}: passed"),
            Err(error) => format!("FAILED: {error:#}"),
        };
        println!("xtask: as {caller:<8} {seconds:>5.0} s  {verdict}");
    }
    println!("xtask: fuzzing took {:.0} s", started.elapsed().as_secs_f64());
    match results.into_iter().find_map(|(_, _, outcome)| outcome.err()) {
        Some(error) => Err(error),
        None => Ok(()),
    }
}

/// What one schemathesis run reports in its summary: operations tested (of those in the document) and test
/// cases generated.
#[derive(Debug, Default, PartialEq)]
struct FuzzTally {
    operations_tested: String,
    operations_selected: String,
    cases: String,
    failures: String,
}

impl std::fmt::Display for FuzzTally {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} of {} operations, {} cases, {} failures",
            self.operations_tested, self.operations_selected, self.cases, self.failures
        )
    }
}

/// Reads schemathesis's summary lines (`  Selected: 62/62`, `  Tested: 62`, `  14360 generated, ...`,
/// `... found 3 unique failures`).
fn fuzz_tally(output: &str) -> FuzzTally {
    let mut tally = FuzzTally { failures: "0".into(), ..FuzzTally::default() };
    for line in output.lines().map(str::trim) {
        if let Some(selected) = line.strip_prefix("Selected: ") {
            tally.operations_selected = selected.split('/').next_back().unwrap_or_default().to_owned();
        } else if let Some(tested) = line.strip_prefix("Tested: ") {
            tally.operations_tested = tested.to_owned();
        } else if let Some((cases, rest)) = line.split_once(" generated") {
            tally.cases = cases.to_owned();
            if let Some((_, found)) = rest.split_once(" found ") {
                tally.failures = found.split_whitespace().next().unwrap_or_default().to_owned();
            }
        }
    }
    tally
}

/// Runs schemathesis, passing its output through, and reads its summary; fails when it does.
fn run_and_tally(mut command: Command, what: &str) -> anyhow::Result<FuzzTally> {
    use std::io::BufRead;
    let mut child = command.stdout(Stdio::piped()).spawn().with_context(|| format!("starting {what}"))?;
    let mut output = String::new();
    let stdout = child.stdout.take().context("schemathesis's output")?;
    for line in std::io::BufReader::new(stdout).lines() {
        let line = line?;
        println!("{line}");
        output.push_str(&line);
        output.push('\n');
    }
    let status = child.wait()?;
    let tally = fuzz_tally(&output);
    if !status.success() {
        bail!("{what} failed ({status}): {tally}");
    }
    if tally.cases.is_empty() || tally.operations_tested.is_empty() {
        bail!("{what} printed no summary of operations and cases");
    }
    Ok(tally)
}

/// Crates that must never reach the SPA through `shared`: the server's runtime, web framework and database.
const SERVER_ONLY: &[&str] = &["actix-web", "actix-http", "sea-orm", "sqlx", "tokio", "utoipa", "hyper", "mio"];

/// The crates of a `cargo tree --prefix none` listing that are server-only.
fn server_only_in(tree: &str) -> Vec<String> {
    let mut found: Vec<String> = tree
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| SERVER_ONLY.iter().any(|banned| name == banned || name.starts_with(&format!("{banned}-"))))
        .map(str::to_owned)
        .collect();
    found.sort();
    found.dedup();
    found
}

/// `shared` as the SPA builds it (wasm32, default features) pulls in no server crate.
fn check_shared_for_wasm() -> anyhow::Result<()> {
    let output = cargo()
        .args(["tree", "-p", "shared", "--target", WASM_TARGET, "-e", "normal", "--prefix", "none"])
        .output()
        .context("running cargo tree")?;
    if !output.status.success() {
        bail!("cargo tree failed: {}", String::from_utf8_lossy(&output.stderr));
    }
    let found = server_only_in(&String::from_utf8_lossy(&output.stdout));
    if !found.is_empty() {
        bail!("shared, built for {WASM_TARGET}, pulls in server crates: {}", found.join(", "));
    }
    println!("xtask: shared for {WASM_TARGET} pulls in no server crate");
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fuzz_summary_is_read_from_schemathesis_output() {
        let output = "API Operations:\n  Selected: 62/62\n  Tested: 61\n\nTest cases:\n  14360 generated, 14309 found 3 unique failures\n";
        let tally = fuzz_tally(output);
        assert_eq!(tally.to_string(), "61 of 62 operations, 14360 cases, 3 failures");
        let clean = fuzz_tally("  Selected: 5/5\n  Tested: 5\n  120 generated, 120 passed\n");
        assert_eq!(clean.to_string(), "5 of 5 operations, 120 cases, 0 failures");
    }

    #[test]
    fn a_theme_file_names_its_class_and_is_minified_safely() {
        let css = "/* .not-this-theme */\n@media (width >= 35em) {\n  .utrecht-theme--media-query { --a: 1px; }\n}\n\
                   .utrecht-theme {\n  --utrecht-button-color: #fff;\n}\n";
        assert_eq!(theme_class(css).as_deref(), Some("utrecht-theme"));
        assert_eq!(theme_class(":root { --a: 1; }"), None);
        assert_eq!(
            minify_css(".a-theme {\n  --x: 1px 2px; /* why */\n  --y: var(--z, #000);\n}\n.b :hover { color: red; }"),
            ".a-theme{--x: 1px 2px;--y: var(--z, #000)}.b :hover{color: red}"
        );
    }

    #[test]
    fn a_server_crate_in_the_tree_is_found_and_a_lookalike_is_not() {
        let tree = "shared v0.1.0\nserde v1.0.0\ntokio v1.48.0\nsea-orm-macros v2.0.4\ntokio-util v0.7.0\nutoipa-gen v6.0.0\nactix-webby v0.1.0\n";
        assert_eq!(server_only_in(tree), vec!["sea-orm-macros", "tokio", "tokio-util", "utoipa-gen"]);
        assert!(server_only_in("shared v0.1.0\nuuid v1.0.0\n").is_empty());
    }
}
