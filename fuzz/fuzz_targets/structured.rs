//! Messages built by `arbitrary`: `decode(encode(x)) == x`, and the encoding re-encodes to
//! the same bytes.
#![no_main]

use cti_proto::{decode_command, decode_event, encode_command, encode_event, Command, Event};
use libfuzzer_sys::fuzz_target;

#[derive(Debug, arbitrary::Arbitrary)]
enum Message {
    Event(Event),
    Command(Command),
}

fuzz_target!(|message: Message| {
    match message {
        Message::Event(event) => {
            let encoded = encode_event(&event);
            let decoded = decode_event(&encoded).unwrap_or_else(|e| panic!("{e}\n{encoded}"));
            assert_eq!(decoded.message, event, "{encoded}");
            assert_eq!(encode_event(&decoded.message), encoded);
        }
        Message::Command(command) => {
            let encoded = encode_command(&command);
            let decoded = decode_command(&encoded).unwrap_or_else(|e| panic!("{e}\n{encoded}"));
            assert_eq!(decoded.message, command, "{encoded}");
            assert_eq!(encode_command(&decoded.message), encoded);
        }
    }
});
