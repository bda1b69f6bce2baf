//! The repository's one generator: `cargo xtask generate` rewrites everything derived from
//! the message types and the fixtures, `cargo xtask check` exits 1 naming each file that is
//! stale (CI runs it). What it writes:
//!
//! - the rows of the kind tables, `crates/cti-proto/src/event.rs` and `command.rs`, from
//!   the tags of the area modules' types (see [`rows`]); when they change, the rest is
//!   written by a fresh `cargo run -p xtask -- generate-derived`, built with the new table;
//! - `schemas/`: the JSON Schemas, as `cti-schema write` does;
//! - `captures/vocabulary.jsonl`: every fixture of a known kind that is its own canonical
//!   encoding;
//! - `fuzz/corpus/<target>/`: the fuzz seeds, one per fixture.
//!
//! (`cargo xtask` is an alias of `.cargo/config.toml`: `cargo run -p xtask --`.)

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::ExitCode;

use cti_conformance::{derived_from_fixtures, load_all, repository_root, SEEDS};

mod rows;

const USAGE: &str = "usage: cargo xtask generate|check
  generate: rewrite the kind table rows (event.rs, command.rs) from the area modules' tags, then
            schemas/, captures/vocabulary.jsonl and fuzz/corpus/ from the types and the fixtures
  check:    exit 1, naming each stale file, when one of them is not what generate writes
  generate-derived: what generate writes after the rows (run by generate with the new table)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = repository_root();
    let result = match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["generate"] => generate(&root),
        ["generate-derived"] => generate_derived(&root).map(|()| true),
        ["check"] => check(&root),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(error) => {
            eprintln!("xtask: {error}");
            ExitCode::from(2)
        }
    }
}

/// The files of the seed folders today, from the repository root.
fn existing_seeds(
    root: &Path,
    derived: &BTreeMap<String, String>,
) -> std::io::Result<BTreeSet<String>> {
    let targets: BTreeSet<&str> = derived
        .keys()
        .filter_map(|path| path.strip_prefix(SEEDS)?.split('/').nth(1))
        .collect();
    let mut files = BTreeSet::new();
    for target in targets {
        let dir = root.join(SEEDS).join(target);
        if !dir.is_dir() {
            continue;
        }
        for entry in std::fs::read_dir(&dir)? {
            let name = entry?.file_name().to_string_lossy().into_owned();
            files.insert(format!("{SEEDS}/{target}/{name}"));
        }
    }
    Ok(files)
}

/// Rewrites the rows, then the rest: in this process when the rows did not change, else in
/// a fresh one, built with the new table.
fn generate(root: &Path) -> std::io::Result<bool> {
    let changed = rows::write(root).map_err(std::io::Error::other)?;
    if changed.is_empty() {
        generate_derived(root)?;
        return Ok(true);
    }
    println!(
        "rewrote the rows of {}; building the new table to write the rest",
        changed.join(", ")
    );
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = std::process::Command::new(cargo)
        .args([
            "run",
            "-q",
            "--locked",
            "-p",
            "xtask",
            "--",
            "generate-derived",
        ])
        .current_dir(root)
        .status()?;
    if !status.success() {
        eprintln!("the rows are written, but `cargo run -p xtask -- generate-derived` failed ({status}): fix what it says and run `cargo xtask generate` again");
    }
    Ok(status.success())
}

/// Writes what derives from the compiled types and the fixtures.
fn generate_derived(root: &Path) -> std::io::Result<()> {
    let schemas = root.join("schemas");
    cti_schema::write(&schemas)?;
    println!(
        "wrote {} schema files to schemas/",
        cti_schema::generate().len()
    );
    let derived = derived_from_fixtures(&load_all());
    for stale in existing_seeds(root, &derived)? {
        if !derived.contains_key(&stale) {
            std::fs::remove_file(root.join(&stale))?;
        }
    }
    for (path, text) in &derived {
        let target = root.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(target, text)?;
    }
    println!(
        "wrote captures/vocabulary.jsonl and {} fuzz seeds",
        derived.len() - 1
    );
    Ok(())
}

fn check(root: &Path) -> std::io::Result<bool> {
    let mut stale = Vec::new();
    for file in rows::stale(root).map_err(std::io::Error::other)? {
        stale.push(format!(
            "stale file: {file} (its kind table rows are not what the area modules' tags say)"
        ));
    }
    if let Some(report) = cti_schema::check(&root.join("schemas"))? {
        stale.push(format!("schemas/:\n{report}"));
    }
    let derived = derived_from_fixtures(&load_all());
    for extra in existing_seeds(root, &derived)? {
        if !derived.contains_key(&extra) {
            stale.push(format!("extra file: {extra} (no fixture of that name)"));
        }
    }
    for (path, text) in &derived {
        match std::fs::read_to_string(root.join(path)) {
            Err(_) => stale.push(format!("missing file: {path}")),
            Ok(old) if old != *text => stale.push(format!("stale file: {path}")),
            Ok(_) => {}
        }
    }
    if stale.is_empty() {
        println!(
            "the kind table rows, schemas/, captures/vocabulary.jsonl and fuzz/corpus/ are current"
        );
        Ok(true)
    } else {
        for line in &stale {
            eprintln!("{line}");
        }
        eprintln!("run `cargo xtask generate` and commit what it writes");
        Ok(false)
    }
}
