//! Any bytes as a frame of either direction must obey the laws: strict never accepts what
//! lenient rejects, and a frame that decodes is a fixpoint of encode-decode
//! (`cti_conformance::check_laws`, the same oracle the fixture tests use).
#![no_main]

use cti_conformance::{check_laws, Direction};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(frame) = std::str::from_utf8(data) {
        let _ = check_laws(Direction::ServerToClient, frame);
        let _ = check_laws(Direction::ClientToServer, frame);
    }
});
