//! Any bytes as a client frame: decoding gives a value or an error, in both modes, the
//! same whether the codec's own reader or serde_json's alone reads it.
#![no_main]

use cti_proto::Decoder;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for decoder in [Decoder::new(), Decoder::strict()] {
        assert_eq!(
            decoder.decode_command_bytes(data),
            decoder.clone().with_serde_json_only().decode_command_bytes(data)
        );
    }
});
