//! Source checks of the layering (ARCHITECTURE.md, "Handlers and services"): a handler parses, authorises,
//! calls one service function and shapes the answer; the rules, the rows and the writes are the
//! capability's `service.rs`, which takes the time as a parameter instead of reading the system clock.

use std::path::{Path, PathBuf};

/// The capabilities, each with its writes in its services. A new capability joins this list.
const CAPABILITIES: &[&str] = &[
    "auth",
    "organisations",
    "admin",
    "reference",
    "tasks",
    "registration",
    "matching",
    "contracts",
    "timeline",
    "surveys",
    "guidance",
    "timeline",
    "bulk",
    "duplicates",
    "reminders",
    "dashboard",
];

/// What no handler file holds: database rows built there (`ActiveModel`, `Set(`), the system clock, or paging
/// of its own (lists take `infra::extract::ListQuery`, which checks `page` and `pageSize` once).
const NOT_IN_HANDLERS: &[&str] = &["ActiveModel", "Set(", "Utc::now()", "PageRequest::parse"];

/// What no file of a checked capability holds: services take `now` (from `AppState::clock`).
const NOT_IN_CAPABILITY: &[&str] = &["Utc::now()"];

fn source_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// A handler file is `handlers.rs`, or any file that declares an endpoint.
fn is_handler_file(path: &Path, source: &str) -> bool {
    path.file_name().is_some_and(|n| n == "handlers.rs") || source.contains("#[utoipa::path")
}

/// The lines (1-based) of code, comments left out, where `needle` occurs as a name of its own (so `Set(`
/// does not match `HashSet(`).
fn uses(source: &str, needle: &str) -> Vec<usize> {
    source
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim_start().starts_with("//"))
        .filter(|(_, line)| {
            line.match_indices(needle)
                .any(|(at, _)| !line[..at].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_'))
        })
        .map(|(index, _)| index + 1)
        .collect()
}

#[test]
fn the_check_finds_what_it_looks_for() {
    let source = "// Set( in a comment\nlet seen = HashSet::new();\nlet row = users::ActiveModel { id: Set(id) };\nlet t = chrono::Utc::now();\n";
    assert_eq!(uses(source, "Set("), vec![3]);
    assert_eq!(uses(source, "ActiveModel"), vec![3]);
    assert_eq!(uses(source, "Utc::now()"), vec![4]);
    assert_eq!(uses("use sea_orm::{ActiveModelTrait, TransactionTrait};", "ActiveModel"), vec![1]);
    assert_eq!(uses("let t = state.clock.now();", "Utc::now()"), Vec::<usize>::new());
}

#[test]
fn handlers_build_no_rows_and_services_read_no_clock() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut problems = Vec::new();
    for capability in CAPABILITIES {
        let dir = src.join(capability);
        assert!(dir.is_dir(), "{capability} is a folder like its peers (backend/src/{capability}/)");
        assert!(dir.join("service.rs").is_file(), "{capability} has a service.rs");
        let mut handler_files = 0;
        for path in source_files(&dir) {
            let source = std::fs::read_to_string(&path).unwrap();
            let mut check = |needle: &str, what: &str| {
                for line in uses(&source, needle) {
                    problems.push(format!("{}:{line}: {what} `{needle}`", path.strip_prefix(&src).unwrap().display()));
                }
            };
            if is_handler_file(&path, &source) {
                handler_files += 1;
                for needle in NOT_IN_HANDLERS {
                    check(needle, "a handler file uses");
                }
            } else {
                for needle in NOT_IN_CAPABILITY {
                    check(needle, "a service reads the system clock with");
                }
            }
        }
        assert!(handler_files > 0, "{capability} has no handler file");
    }
    assert!(
        problems.is_empty(),
        "the writes belong in the capability's service.rs, the time comes from AppState::clock:\n{}",
        problems.join("\n")
    );
}
