//! The laws of `shared/DESIGN.md` over generated values: canonical round trip
//! (`decode(encode(x)) == x`) for every message of both directions.

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
}
