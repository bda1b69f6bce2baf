//! serde_json against sonic-rs and simd-json as the reader under the same serde visitors
//! (issue 20): the plain derive (`OwnedEvent`, `OwnedCommand`) and `IgnoredAny` (the frame
//! read, nothing kept), plus sonic-rs's own untyped parse: what a faster reader would buy a
//! visitor of the same shape. And cti-proto with its own reader of the common frame
//! (`cti_proto`) against the same decoder with serde_json's reader alone
//! (`cti_proto_serde_json_only`).
//!
//! `readers SET ROUNDS WAY` runs one way, for an instruction count (`valgrind
//! --tool=callgrind`, minus a run of 0 rounds); `readers SET ROUNDS time` times every way
//! in one run, rounds interleaved, and prints each one's time per round and its ratio to
//! serde_json's.

use std::hint::black_box;
use std::time::{Duration, Instant};

use cti_bench::{load, OwnedCommand, OwnedEvent};
use serde::de::{DeserializeOwned, IgnoredAny};

const WAYS: [&str; 9] = [
    "serde_json_derive",
    "sonic_rs_derive",
    "simd_json_derive",
    "serde_json_ignored_any",
    "sonic_rs_ignored_any",
    "simd_json_ignored_any",
    "sonic_rs_value",
    "cti_proto",
    "cti_proto_serde_json_only",
];

fn json<T: DeserializeOwned>(frame: &str) -> bool {
    black_box(serde_json::from_str::<T>(frame)).is_ok()
}

fn sonic<T: DeserializeOwned>(frame: &str) -> bool {
    black_box(sonic_rs::from_str::<T>(frame)).is_ok()
}

/// simd-json parses in place: each frame is copied into `buffer` first (the copy is
/// counted, as any caller holding a `&str` pays it).
fn simd<T: DeserializeOwned>(frame: &str, buffer: &mut Vec<u8>) -> bool {
    buffer.clear();
    buffer.extend_from_slice(frame.as_bytes());
    black_box(simd_json::serde::from_slice::<T>(buffer)).is_ok()
}

fn round(way: &str, frames: &[String], commands: bool, buffer: &mut Vec<u8>) -> usize {
    let decoder = match way {
        "cti_proto_serde_json_only" => cti_proto::Decoder::new().with_serde_json_only(),
        _ => cti_proto::Decoder::new(),
    };
    let mut done = 0;
    for frame in frames {
        let frame = black_box(frame.as_str());
        done += usize::from(match way {
            "serde_json_derive" if commands => json::<OwnedCommand>(frame),
            "serde_json_derive" => json::<OwnedEvent>(frame),
            "sonic_rs_derive" if commands => sonic::<OwnedCommand>(frame),
            "sonic_rs_derive" => sonic::<OwnedEvent>(frame),
            "simd_json_derive" if commands => simd::<OwnedCommand>(frame, buffer),
            "simd_json_derive" => simd::<OwnedEvent>(frame, buffer),
            "serde_json_ignored_any" => json::<IgnoredAny>(frame),
            "sonic_rs_ignored_any" => sonic::<IgnoredAny>(frame),
            "simd_json_ignored_any" => simd::<IgnoredAny>(frame, buffer),
            "sonic_rs_value" => black_box(sonic_rs::from_str::<sonic_rs::Value>(frame)).is_ok(),
            "cti_proto" | "cti_proto_serde_json_only" if commands => {
                decoder.decode_command(frame).is_ok()
            }
            "cti_proto" | "cti_proto_serde_json_only" => decoder.decode_event(frame).is_ok(),
            other => panic!("unknown way {other:?}"),
        });
    }
    done
}

fn main() {
    let mut args = std::env::args().skip(1);
    let set = args.next().unwrap_or_else(|| "small".to_owned());
    let rounds: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(20);
    let way = args.next().unwrap_or_else(|| "time".to_owned());
    let frames = load(&set);
    let commands = set == "commands";
    let mut buffer = Vec::new();
    if way != "time" {
        let done: usize = (0..rounds)
            .map(|_| round(&way, &frames, commands, &mut buffer))
            .sum();
        println!("{done} frames done ({way})");
        return;
    }
    let mut spent = [Duration::ZERO; WAYS.len()];
    let mut done = [0; WAYS.len()];
    for _ in 0..rounds {
        for (i, way) in WAYS.iter().enumerate() {
            let start = Instant::now();
            done[i] += round(way, &frames, commands, &mut buffer);
            spent[i] += start.elapsed();
        }
    }
    let base = spent[0].as_secs_f64();
    println!("{set}, {rounds} rounds, interleaved (time per round; serde_json_derive / way):");
    for (i, way) in WAYS.iter().enumerate() {
        let per_round = spent[i].as_secs_f64() / rounds as f64;
        println!(
            "  {way:<24} {:>10.2} µs  {:>5.2}×  ({} frames decoded)",
            per_round * 1e6,
            base / spent[i].as_secs_f64(),
            done[i] / rounds.max(1)
        );
    }
}
