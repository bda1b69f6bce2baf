//! Any bytes as a server frame: decoding gives a value or an error, in both modes. And as
//! a frame whose direction nothing states: `decode_sniffed` gives what `Direction::sniff`
//! then decoding that way give.
#![no_main]

use cti_proto::{Decoder, Direction};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(frame) = std::str::from_utf8(data) {
        let _ = cti_proto::decode_event(frame);
        let _ = Decoder::strict().decode_event(frame);
    }
    for decoder in [Decoder::new(), Decoder::strict()] {
        let direction = Direction::sniff(data);
        assert_eq!(
            decoder.decode_sniffed(data),
            (direction, decoder.decode_bytes(direction, data))
        );
    }
});
