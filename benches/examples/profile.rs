//! Decodes (or encodes) a frame set many times, for a profiler or an instruction count:
//! `valgrind --tool=callgrind target/release/examples/profile SET ROUNDS [WAY]`.
//!
//! WAY is one of the benchmark's functions: `cti_proto` (the default),
//! `cti_proto_serde_json_only` (the same decoder without its own reader of the common
//! frame: serde_json reads every frame), `serde_derive_owned`,
//! `serde_json_value`, `serde_ignored_any` (serde_json reading the frame and keeping nothing:
//! the floor of any decoder on serde_json), `cti_proto_encode` or `serde_json_value_encode`. Frames are loaded and,
//! for the encoders, decoded once before the rounds; subtract a run with 0 rounds to count
//! the rounds alone.

use std::hint::black_box;

use cti_bench::{load, OwnedCommand, OwnedEvent};

fn main() {
    let mut args = std::env::args().skip(1);
    let set = args.next().unwrap_or_else(|| "contactsheet200".to_owned());
    let rounds: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(20);
    let way = args.next().unwrap_or_else(|| "cti_proto".to_owned());
    let frames = load(&set);
    let commands = set == "commands";
    let decoder = match way.as_str() {
        "cti_proto_serde_json_only" => cti_proto::Decoder::new().with_serde_json_only(),
        _ => cti_proto::Decoder::new(),
    };
    let events: Vec<_> = match way.as_str() {
        "cti_proto_encode" => frames
            .iter()
            .map(|f| decoder.decode_event(f).expect("decodes").message)
            .collect(),
        _ => Vec::new(),
    };
    let values: Vec<serde_json::Value> = match way.as_str() {
        "serde_json_value_encode" => frames
            .iter()
            .map(|f| serde_json::from_str(f).expect("JSON"))
            .collect(),
        _ => Vec::new(),
    };
    let mut done = 0;
    for _ in 0..rounds {
        for frame in &frames {
            let frame = black_box(frame.as_str());
            done += usize::from(match way.as_str() {
                "cti_proto" | "cti_proto_serde_json_only" if commands => {
                    decoder.decode_command(frame).is_ok()
                }
                "cti_proto" | "cti_proto_serde_json_only" => decoder.decode_event(frame).is_ok(),
                "serde_derive_owned" if commands => {
                    black_box(serde_json::from_str::<OwnedCommand>(frame)).is_ok()
                }
                "serde_derive_owned" => {
                    black_box(serde_json::from_str::<OwnedEvent>(frame)).is_ok()
                }
                // The floor of any serde_json decoder: the frame read, nothing kept.
                "serde_ignored_any" => {
                    black_box(serde_json::from_str::<serde::de::IgnoredAny>(frame)).is_ok()
                }
                "serde_json_value" => {
                    black_box(serde_json::from_str::<serde_json::Value>(frame)).is_ok()
                }
                "cti_proto_encode" | "serde_json_value_encode" => false,
                other => panic!("unknown way {other:?}"),
            });
        }
        for event in &events {
            done += black_box(cti_proto::encode_event(black_box(event)))
                .len()
                .min(1);
        }
        for value in &values {
            done +=
                black_box(serde_json::to_string(black_box(value))).map_or(0, |s| s.len().min(1));
        }
    }
    println!("{done} frames done ({way})");
}
