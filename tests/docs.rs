//! The wire examples of the API reference are real frames: every ```json block in the doc
//! comments of `cti-proto` that is a whole frame (it has `msgType` or `claz`) decodes to a
//! known kind with no diagnostic but the one its kind calls for (`deprecated` for a
//! deprecated kind, `client_local` for `LinkStatusUpdate`) and is its own canonical
//! encoding, and every known kind has one.

use std::path::{Path, PathBuf};

use cti_conformance::{decode, kinds_not_in, Direction, Message};
use cti_proto::{Decoder, DiagnosticCode};

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable source folder") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The ```json blocks of the doc comments of a file: (line, text).
fn json_blocks(text: &str) -> Vec<(usize, String)> {
    let mut blocks = Vec::new();
    let mut open: Option<(usize, String)> = None;
    for (number, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let Some(doc) = trimmed
            .strip_prefix("///")
            .or_else(|| trimmed.strip_prefix("//!"))
        else {
            continue;
        };
        let doc = doc.strip_prefix(' ').unwrap_or(doc);
        match (&mut open, doc.trim()) {
            (None, "```json") => open = Some((number + 1, String::new())),
            (Some(_), "```") => blocks.extend(open.take()),
            (Some((_, body)), _) => {
                if !body.is_empty() {
                    body.push('\n');
                }
                body.push_str(doc);
            }
            (None, _) => {}
        }
    }
    blocks
}

/// The text without the white space between tokens.
fn compact(json: &str) -> String {
    let (mut out, mut in_string, mut escaped) = (String::new(), false, false);
    for c in json.chars() {
        if in_string {
            in_string = escaped || c != '"';
            escaped = !escaped && c == '\\';
        } else if c.is_whitespace() {
            continue;
        } else {
            in_string = c == '"';
        }
        out.push(c);
    }
    out
}

#[test]
fn wire_examples_in_the_docs_are_canonical_frames() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../crates/cti-proto/src");
    let mut files = Vec::new();
    sources(&root, &mut files);
    files.sort();
    let (mut covered, mut failures) = (std::collections::BTreeSet::new(), Vec::new());
    for file in &files {
        let text = std::fs::read_to_string(file).expect("readable source");
        for (line, block) in json_blocks(&text) {
            let Ok(serde_json::Value::Object(object)) = serde_json::from_str(&block) else {
                failures.push(format!("{}:{line}: not a JSON object", file.display()));
                continue;
            };
            let direction = if object.contains_key("msgType") {
                Direction::ServerToClient
            } else if object.contains_key("claz") {
                Direction::ClientToServer
            } else {
                continue; // the shape of a part of a message, not a frame
            };
            let place = format!("{}:{line}", file.display());
            let decoded = match decode(&Decoder::new(), direction, &block) {
                Ok(decoded) => decoded,
                Err(error) => {
                    failures.push(format!("{place}: {error}"));
                    continue;
                }
            };
            if !decoded.message.is_known() {
                failures.push(format!("{place}: unknown kind"));
                continue;
            }
            // What the kind itself calls for, and nothing else: its deprecation, or that
            // cti.js makes it itself (`LinkStatusUpdate`).
            let client_local = matches!(
                &decoded.message,
                Message::Event(event) if event.kind().is_some_and(|k| k.is_client_local())
            );
            let expected: Vec<DiagnosticCode> = [
                (decoded.message.is_deprecated(), DiagnosticCode::Deprecated),
                (client_local, DiagnosticCode::ClientLocal),
            ]
            .into_iter()
            .filter_map(|(applies, code)| applies.then_some(code))
            .collect();
            let codes: Vec<DiagnosticCode> = decoded.diagnostics.iter().map(|d| d.code).collect();
            if codes != expected {
                failures.push(format!(
                    "{place}: {:?} where {expected:?} was expected",
                    decoded.diagnostics
                ));
            } else if decoded.message.encode() != compact(&block) {
                failures.push(format!("{place}: encodes as {}", decoded.message.encode()));
            } else {
                covered.insert((direction, decoded.message.tag().to_owned()));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
    let missing = kinds_not_in(&covered);
    assert!(
        missing.is_empty(),
        "kinds without a wire example in the docs: {missing:?}"
    );
}

/// The bot the README opens its usage with is `crates/cti-client/examples/bot.rs`, which
/// cti-client builds: the two must stay the same text. (Here, not in cti-client, whose
/// package does not hold the workspace's README.)
#[test]
fn the_readme_bot_is_the_example() {
    let readme = include_str!("../README.md");
    let bot = include_str!("../crates/cti-client/examples/bot.rs");
    let start = readme
        .find("```rust,ignore\n")
        .expect("the README has the bot")
        + 15;
    let end = start + readme[start..].find("```").expect("the block ends");
    assert_eq!(
        &readme[start..end],
        bot,
        "copy examples/bot.rs into the README"
    );
}
