//! The wire examples of the API reference are real frames: every ```json block in the doc
//! comments of `cti-proto` that is a whole frame (it has `msgType` or `claz`) decodes to a
//! known kind with no diagnostic but the one its kind calls for (`deprecated` for a
//! deprecated kind, `client_local` for `LinkStatusUpdate`) and is its own canonical
//! encoding (that every known kind has one: `tests/kinds.rs`).

use cti_conformance::{compact, decode, doc_json_blocks, Direction, Message};
use cti_proto::{Decoder, DiagnosticCode};

#[test]
fn wire_examples_in_the_docs_are_canonical_frames() {
    let mut failures = Vec::new();
    for (place, block) in doc_json_blocks() {
        let Ok(serde_json::Value::Object(object)) = serde_json::from_str(&block) else {
            failures.push(format!("{place}: not a JSON object"));
            continue;
        };
        let direction = if object.contains_key("msgType") {
            Direction::ServerToClient
        } else if object.contains_key("claz") {
            Direction::ClientToServer
        } else {
            continue; // the shape of a part of a message, not a frame
        };
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
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
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
