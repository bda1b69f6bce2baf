//! Any bytes as a server frame: decoding gives a value or an error, in both modes, the
//! same whether the codec's own reader or serde_json's alone reads it. And as a frame whose
//! direction nothing states: `decode_sniffed` gives what `Direction::sniff` then decoding
//! that way give.
#![no_main]

use cti_proto::{Decoder, Direction};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for decoder in [Decoder::new(), Decoder::strict()] {
        assert_eq!(
            decoder.decode_event_bytes(data),
            decoder.clone().with_serde_json_only().decode_event_bytes(data)
        );
        let direction = Direction::sniff(data);
        assert_eq!(
            decoder.decode_sniffed(data),
            (direction, decoder.decode_bytes(direction, data))
        );
    }
});
