//! The laws of `shared/DESIGN.md` over generated values: canonical round trip
//! (`decode(encode(x)) == x`) for every message of both directions, and nothing lost (a
//! frame that decodes without diagnostics encodes to the same JSON value, nulls included).

use cti_conformance::same_json;
use cti_proto::{decode_command, decode_event, encode_command, encode_event, Command, Event};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 2000,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn events_round_trip(event in any::<Event>()) {
        let encoded = encode_event(&event);
        let decoded = decode_event(&encoded).map_err(|e| TestCaseError::fail(format!("{e}\n{encoded}")))?;
        prop_assert_eq!(&decoded.message, &event);
        prop_assert_eq!(encode_event(&decoded.message), encoded);
    }

    #[test]
    fn commands_round_trip(command in any::<Command>()) {
        let encoded = encode_command(&command);
        let decoded = decode_command(&encoded).map_err(|e| TestCaseError::fail(format!("{e}\n{encoded}")))?;
        prop_assert_eq!(&decoded.message, &command);
        prop_assert_eq!(encode_command(&decoded.message), encoded);
    }

    /// The frames here are generated messages written with their keys sorted (serde_json's
    /// `Value` keeps objects sorted), so decoding reads them in another order than the
    /// encoder writes; `null`s come from `Maybe::Null` fields.
    #[test]
    fn nothing_lost(event in any::<Event>(), command in any::<Command>()) {
        let sorted = |text: String| serde_json::from_str::<serde_json::Value>(&text).expect("JSON").to_string();
        let frame = sorted(encode_event(&event));
        if let Ok(decoded) = decode_event(&frame) {
            if decoded.diagnostics.is_empty() {
                let encoded = encode_event(&decoded.message);
                prop_assert_eq!(same_json(&frame, &encoded), Some(true), "{}\n{}", frame, encoded);
            }
        }
        let frame = sorted(encode_command(&command));
        if let Ok(decoded) = decode_command(&frame) {
            if decoded.diagnostics.is_empty() {
                let encoded = encode_command(&decoded.message);
                prop_assert_eq!(same_json(&frame, &encoded), Some(true), "{}\n{}", frame, encoded);
            }
        }
    }
}
