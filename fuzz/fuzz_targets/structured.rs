//! Messages built by `arbitrary`: `decode(encode(x)) == x`; strict decoding accepts the
//! encoding exactly when lenient decoding finds it clean and of a known kind, giving the
//! same message; and the encoding with its keys sorted (read in another order than the
//! encoder writes) decodes, with the same reports at the same places, to a message that
//! encodes to the same JSON value (extra fields may come back in another order).
#![no_main]

use cti_conformance::{decode, same_json, Direction, Message};
use cti_proto::{Command, Decoder, Diagnostic, Event, RawJson};
use libfuzzer_sys::fuzz_target;

#[derive(Debug, arbitrary::Arbitrary)]
enum Input {
    Event(Event),
    Command(Command),
}

fn reports(diagnostics: &[Diagnostic]) -> Vec<(&'static str, &str)> {
    let mut reports: Vec<_> = diagnostics
        .iter()
        .map(|d| (d.code.as_str(), &*d.path))
        .collect();
    reports.sort_unstable();
    reports
}

fn check(direction: Direction, message: Message) {
    let encoded = message.encode();
    let lenient =
        decode(&Decoder::new(), direction, &encoded).unwrap_or_else(|e| panic!("{e}\n{encoded}"));
    assert_eq!(lenient.message, message, "{encoded}");

    let clean = lenient.diagnostics.is_empty() && message.is_known();
    match decode(&Decoder::strict(), direction, &encoded) {
        Ok(strict) => {
            assert!(
                clean,
                "strict accepted {:?}\n{encoded}",
                lenient.diagnostics
            );
            assert_eq!(strict.message, message, "{encoded}");
            assert!(strict.diagnostics.is_empty(), "{:?}", strict.diagnostics);
        }
        Err(error) => assert!(!clean, "strict rejected a clean frame: {error}\n{encoded}"),
    }

    // A `Value` (without serde_json's `preserve_order`) keeps object keys sorted.
    let value = RawJson::from_text(encoded.as_str())
        .and_then(|raw| raw.to_value())
        .unwrap_or_else(|e| panic!("{e}\n{encoded}"));
    let frame = value.to_string();
    let reordered =
        decode(&Decoder::new(), direction, &frame).unwrap_or_else(|e| panic!("{e}\n{frame}"));
    assert_eq!(
        reports(&reordered.diagnostics),
        reports(&lenient.diagnostics),
        "{frame}"
    );
    let again = reordered.message.encode();
    assert_eq!(same_json(&again, &encoded), Some(true), "{frame}\n{again}");
}

fuzz_target!(|input: Input| {
    match input {
        Input::Event(event) => check(Direction::ServerToClient, Message::Event(event)),
        Input::Command(command) => check(Direction::ClientToServer, Message::Command(command)),
    }
});
