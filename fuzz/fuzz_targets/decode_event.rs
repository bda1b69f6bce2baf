//! Any bytes as a server frame: decoding gives a value or an error, in both modes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(frame) = std::str::from_utf8(data) {
        let _ = cti_proto::decode_event(frame);
        let _ = cti_proto::Decoder::strict().decode_event(frame);
    }
});
