//! The laws of `shared/DESIGN.md` over generated values, for every message of both
//! directions:
//!
//! - canonical round trip: `decode(encode(x)) == x`, with exactly the diagnostics the value
//!   calls for (its kind's deprecation or client-local report, never a coercion: the
//!   encoder writes every field in its wire type);
//! - strict decoding accepts the canonical encoding exactly when lenient decoding finds it
//!   clean and of a known kind, and then gives the same message;
//! - key order does not matter, and nothing is lost: the encoding with its keys in another
//!   order decodes, with the same diagnostics at the same places, to a message that encodes
//!   to the same JSON value (key order aside), nulls included.
//! - the encoding is byte for byte what `serde_json::to_string` writes of the message
//!   (the encoder has its own fast path for strings);
//! - with nothing to say its direction, the encoding, its keys in order or not, is found to
//!   go its way and decodes the same (`Decoder::decode_sniffed`), in both modes, and the
//!   same again when serde_json alone reads it (`Decoder::with_serde_json_only`).

use cti_conformance::{decode, same_json, Direction, Message};
use cti_proto::{Command, Decoder, Diagnostic, DiagnosticCode, Event};
use proptest::prelude::*;

/// The frame with the keys of every object sorted (serde_json's `Value` keeps objects
/// sorted): `ctiMessage` before `msgType`, a command's fields around `claz` and `command`,
/// and the fields of a payload out of their declared order.
fn sorted(frame: &str) -> String {
    serde_json::from_str::<serde_json::Value>(frame)
        .expect("an encoding is JSON")
        .to_string()
}

/// What was reported where, whatever the order the keys were read in.
fn reports(diagnostics: &[Diagnostic]) -> Vec<(&'static str, &str)> {
    let mut reports: Vec<_> = diagnostics
        .iter()
        .map(|d| (d.code.as_str(), &*d.path))
        .collect();
    reports.sort_unstable();
    reports
}

fn is_client_local(message: &Message) -> bool {
    matches!(message, Message::Event(event) if event.kind().is_some_and(|k| k.is_client_local()))
}

/// Checks the laws on `message`.
fn laws(direction: Direction, message: &Message) -> Result<(), TestCaseError> {
    // The encoding is byte for byte what serde_json writes.
    let encoded = message.encode();
    let by_serde_json = match message {
        Message::Event(event) => serde_json::to_string(event),
        Message::Command(command) => serde_json::to_string(command),
    }
    .map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(&encoded, &by_serde_json);

    // Canonical round trip, with the diagnostics the value calls for.
    let lenient = decode(&Decoder::new(), direction, &encoded)
        .map_err(|e| TestCaseError::fail(format!("{e}\n{encoded}")))?;
    prop_assert_eq!(&lenient.message, message, "{}", encoded);
    let codes: Vec<DiagnosticCode> = lenient.diagnostics.iter().map(|d| d.code).collect();
    let count = |code| codes.iter().filter(|&&c| c == code).count();
    prop_assert!(
        !codes.iter().any(|code| matches!(
            code,
            DiagnosticCode::NumberAsString
                | DiagnosticCode::StringAsNumber
                | DiagnosticCode::StringAsBool
                | DiagnosticCode::BoolAsString
        )),
        "the canonical encoding needed a coercion: {:?}\n{}",
        lenient.diagnostics,
        encoded
    );
    let deprecated = message.is_deprecated();
    prop_assert_eq!(
        count(DiagnosticCode::Deprecated),
        usize::from(deprecated),
        "{}",
        encoded
    );
    prop_assert_eq!(
        codes.first() == Some(&DiagnosticCode::Deprecated),
        deprecated
    );
    let client_local = usize::from(is_client_local(message));
    prop_assert_eq!(
        count(DiagnosticCode::ClientLocal),
        client_local,
        "{}",
        encoded
    );

    // Strict decoding agrees.
    let clean = lenient.diagnostics.is_empty() && message.is_known();
    match decode(&Decoder::strict(), direction, &encoded) {
        Ok(strict) => {
            prop_assert!(
                clean,
                "strict accepted {:?}\n{}",
                lenient.diagnostics,
                encoded
            );
            prop_assert_eq!(&strict.message, message);
            prop_assert!(strict.diagnostics.is_empty(), "{:?}", strict.diagnostics);
        }
        Err(error) => prop_assert!(
            !clean,
            "strict rejected a clean frame: {}\n{}",
            error,
            encoded
        ),
    }

    // Key order does not matter, and nothing is lost.
    let frame = sorted(&encoded);
    let decoded = decode(&Decoder::new(), direction, &frame)
        .map_err(|e| TestCaseError::fail(format!("{e}\n{frame}")))?;
    prop_assert_eq!(
        reports(&decoded.diagnostics),
        reports(&lenient.diagnostics),
        "{}",
        frame
    );
    // Nothing said of its direction, the frame is found to go its way and decodes the
    // same, its keys in order or not.
    for frame in [&encoded, &frame] {
        for decoder in [Decoder::new(), Decoder::strict()] {
            let (found, sniffed) = decoder.decode_sniffed(frame.as_bytes());
            prop_assert_eq!(found, direction, "{}", frame);
            prop_assert_eq!(&sniffed, &decode(&decoder, direction, frame), "{}", frame);
            let serde_json_only = decoder.with_serde_json_only();
            prop_assert_eq!(
                sniffed,
                decode(&serde_json_only, direction, frame),
                "{}",
                frame
            );
        }
    }

    // Not `decoded.message == *message`: a map of the wire (`userData`'s variables) keeps
    // its entries in the order received.
    let again = decoded.message.encode();
    prop_assert_eq!(
        same_json(&again, &encoded),
        Some(true),
        "{}\n{}",
        frame,
        again
    );
    Ok(())
}

// One generated message of each direction per case checks every law: a separate test for
// the reordered frames would generate as many messages again for the same checks.
proptest! {
    #![proptest_config(ProptestConfig {
        cases: 2000,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn events_obey_the_laws(event in any::<Event>()) {
        laws(Direction::ServerToClient, &Message::Event(event))?;
    }

    #[test]
    fn commands_obey_the_laws(command in any::<Command>()) {
        laws(Direction::ClientToServer, &Message::Command(command))?;
    }
}
