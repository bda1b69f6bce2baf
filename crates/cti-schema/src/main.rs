//! `cti-schema write [DIR]` regenerates the JSON Schemas; `cti-schema check [DIR]` exits 1
//! with a diff when the committed ones are stale. DIR defaults to `schemas/` of the
//! repository.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let default_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../schemas");
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
            eprintln!("usage: cti-schema write|check [DIR]\n  write: regenerate the JSON Schemas into DIR (default: schemas/)\n  check: exit 1 with a diff when DIR is stale");
            ExitCode::from(2)
        }
    }
}
