//! `cti-schema write [DIR]` regenerates the JSON Schemas; `cti-schema check [DIR]` exits 1
//! with a diff when the committed ones are stale; `cti-schema diff OLD NEW` says whether a
//! change of the schemas breaks clients or servers. DIR defaults to `schemas/` of the
//! repository.

use std::path::PathBuf;
use std::process::ExitCode;

use cti_schema::diff::{self, Allow, Fixtures, Mode, SchemaSet};

const USAGE: &str = "usage: cti-schema write|check [DIR]
       cti-schema diff OLD NEW [--mode backward|forward|full] [--format text|json] [--allow FILE]
                       [--fixtures DIR]
  write: regenerate the JSON Schemas into DIR (default: schemas/)
  check: exit 1 with a diff when DIR is stale
  diff:  compare two sets of schemas, each a folder like schemas/ or a git revision
         (main, HEAD~3, a tag); exit 0 when nothing breaks, 1 when something does,
         2 on a usage or read error. --mode: which readers count (default full: both
         sides upgrade independently). --allow: a JSON list of {rule, message, pointer,
         reason} allowing findings (default: schema-diff.allow.json of the repository,
         when there is one). --fixtures: where fixtures that show a client reading a
         field are cited from (default: tests/fixtures of the repository, when there
         is one). The rules: cargo doc -p cti-schema, module diff.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let default_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../schemas");
    if args.first().map(String::as_str) == Some("diff") {
        return run_diff(&args[1..]);
    }
    let (mode, dir) = match args.as_slice() {
        [mode] => (mode.as_str(), default_dir),
        [mode, dir] => (mode.as_str(), PathBuf::from(dir)),
        _ => ("", default_dir),
    };
    match mode {
        "write" => match cti_schema::write(&dir) {
            Ok(()) => {
                println!(
                    "wrote {} schema files to {}",
                    cti_schema::generate().len(),
                    dir.display()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("cti-schema: {}: {e}", dir.display());
                ExitCode::from(2)
            }
        },
        "check" => match cti_schema::check(&dir) {
            Ok(None) => {
                println!("{} is current", dir.display());
                ExitCode::SUCCESS
            }
            Ok(Some(report)) => {
                eprint!("{report}");
                ExitCode::from(1)
            }
            Err(e) => {
                eprintln!("cti-schema: {}: {e}", dir.display());
                ExitCode::from(2)
            }
        },
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// The allow file of the repository, when `--allow` is not given.
const ALLOW_FILE: &str = "schema-diff.allow.json";

fn run_diff(args: &[String]) -> ExitCode {
    let usage = |problem: &str| {
        eprintln!("cti-schema: {problem}\n{USAGE}");
        ExitCode::from(2)
    };
    let mut sides = Vec::new();
    let mut mode = Mode::Full;
    let mut json = false;
    let mut allow_file: Option<PathBuf> = None;
    let mut fixtures_dir: Option<PathBuf> = None;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .cloned()
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match arg.as_str() {
            "--mode" => match value("--mode").map(|m| Mode::parse(&m)) {
                Ok(Some(m)) => mode = m,
                _ => return usage("--mode is backward, forward or full"),
            },
            "--format" => match value("--format").as_deref() {
                Ok("json") => json = true,
                Ok("text") => json = false,
                _ => return usage("--format is text or json"),
            },
            "--allow" => match value("--allow") {
                Ok(path) => allow_file = Some(PathBuf::from(path)),
                Err(e) => return usage(&e),
            },
            "--fixtures" => match value("--fixtures") {
                Ok(path) => fixtures_dir = Some(PathBuf::from(path)),
                Err(e) => return usage(&e),
            },
            flag if flag.starts_with("--") => return usage(&format!("unknown option {flag}")),
            side => sides.push(side.to_owned()),
        }
    }
    let [old, new] = sides.as_slice() else {
        return usage("diff takes two sides, OLD and NEW");
    };
    let allow_file = allow_file.or_else(|| {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../..")
            .join(ALLOW_FILE);
        path.is_file().then_some(path)
    });
    let allow = match &allow_file {
        Some(path) => match std::fs::read_to_string(path)
            .map_err(|e| e.to_string())
            .and_then(|text| Allow::parse_file(&text))
        {
            Ok(allow) => allow,
            Err(e) => {
                eprintln!("cti-schema: {}: {e}", path.display());
                return ExitCode::from(2);
            }
        },
        None => Vec::new(),
    };
    let fixtures_dir = match fixtures_dir {
        Some(dir) if !dir.is_dir() => {
            eprintln!("cti-schema: {}: not a folder", dir.display());
            return ExitCode::from(2);
        }
        Some(dir) => Some(dir),
        None => {
            let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
            dir.is_dir().then_some(dir)
        }
    };
    let fixtures = match fixtures_dir.as_deref().map(Fixtures::from_dir) {
        Some(Ok(fixtures)) => fixtures,
        Some(Err(e)) => {
            eprintln!("cti-schema: {e}");
            return ExitCode::from(2);
        }
        None => Fixtures::default(),
    };
    let (old, new) = match (SchemaSet::load(old), SchemaSet::load(new)) {
        (Ok(old), Ok(new)) => (old, new),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("cti-schema: {e}");
            return ExitCode::from(2);
        }
    };
    let findings = diff::diff_with(&old, &new, mode, &allow, &fixtures);
    let text = if json {
        let array: Vec<_> = findings.iter().map(diff::Finding::to_json).collect();
        serde_json::to_string_pretty(&array).unwrap_or_default() + "\n"
    } else {
        diff::report_text(&findings, mode)
    };
    // A closed pipe (`| head`) is not an error worth a panic.
    let _ = std::io::Write::write_all(&mut std::io::stdout().lock(), text.as_bytes());
    if findings.iter().any(diff::Finding::fails) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
