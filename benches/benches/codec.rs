//! Decoding and encoding throughput of cti-proto against the usual ways, on the frame sets
//! of `benches/data/`, each group in one run so that the ratios compare like with like.
//! Also counts the allocations of decoding each `small` frame (printed first).
//!
//! `cargo bench -p cti-bench` (add `-- --quick` for a short run).

// `criterion_group!` writes undocumented functions.
#![allow(missing_docs)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use cti_bench::{bytes, load, OwnedCommand, OwnedEvent};
use cti_proto::{encode_event, Decoder};

/// Counts allocations, to report how many a decode makes.
struct Counting;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: forwarded as is to the system allocator.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `alloc` above, with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: `ptr` came from this allocator, with this layout.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations(_: &mut Criterion) {
    let decoder = Decoder::new();
    let mut total = 0;
    let frames = load("small");
    eprintln!("allocations per decoded `small` frame (lenient, diagnostics on):");
    for frame in &frames {
        let before = ALLOCATIONS.load(Ordering::Relaxed);
        let decoded = decoder.decode_event(frame).expect("small frames decode");
        let count = ALLOCATIONS.load(Ordering::Relaxed) - before;
        total += count;
        eprintln!(
            "  {:<22} {count:>5} ({} bytes)",
            decoded.message.msg_type(),
            frame.len()
        );
        drop(decoded);
    }
    eprintln!(
        "  {:<22} {:>5.1} per frame",
        "mean",
        total as f64 / frames.len() as f64
    );
}

fn decode(c: &mut Criterion) {
    let decoder = Decoder::new();
    for set in ["small", "contactsheet200", "commands", "mixed"] {
        let frames = load(set);
        let commands = set == "commands";
        let mut group = c.benchmark_group(format!("decode/{set}"));
        group.throughput(Throughput::Bytes(bytes(&frames)));
        group.bench_function("cti_proto", |b| {
            b.iter(|| {
                for frame in &frames {
                    if commands {
                        let _ = black_box(decoder.decode_command(black_box(frame)));
                    } else {
                        let _ = black_box(decoder.decode_event(black_box(frame)));
                    }
                }
            })
        });
        group.bench_function("serde_json_value", |b| {
            b.iter(|| {
                for frame in &frames {
                    let _ = black_box(serde_json::from_str::<serde_json::Value>(black_box(frame)));
                }
            })
        });
        group.bench_function("serde_derive_owned", |b| {
            b.iter(|| {
                for frame in &frames {
                    if commands {
                        let _ = black_box(serde_json::from_str::<OwnedCommand>(black_box(frame)));
                    } else {
                        let _ = black_box(serde_json::from_str::<OwnedEvent>(black_box(frame)));
                    }
                }
            })
        });
        group.bench_function("sonic_rs_value", |b| {
            b.iter(|| {
                for frame in &frames {
                    let _ = black_box(sonic_rs::from_str::<sonic_rs::Value>(black_box(frame)));
                }
            })
        });
        group.finish();
    }
}

fn encode(c: &mut Criterion) {
    let decoder = Decoder::new();
    for set in ["small", "contactsheet200"] {
        let frames = load(set);
        let events: Vec<_> = frames
            .iter()
            .map(|f| decoder.decode_event(f).expect("decodes").message)
            .collect();
        let values: Vec<serde_json::Value> = frames
            .iter()
            .map(|f| serde_json::from_str(f).expect("JSON"))
            .collect();
        let mut group = c.benchmark_group(format!("encode/{set}"));
        group.throughput(Throughput::Bytes(bytes(&frames)));
        group.bench_function("cti_proto_encode", |b| {
            b.iter(|| {
                for event in &events {
                    black_box(encode_event(black_box(event)));
                }
            })
        });
        group.bench_function("serde_json_value_encode", |b| {
            b.iter(|| {
                for value in &values {
                    let _ = black_box(serde_json::to_string(black_box(value)));
                }
            })
        });
        group.finish();
    }
}

fn filter(c: &mut Criterion) {
    let decoder = Decoder::new();
    let frames = load("mixed");
    let mut group = c.benchmark_group("filter/mixed");
    group.throughput(Throughput::Bytes(bytes(&frames)));
    group.bench_function("cti_proto_decode_all", |b| {
        b.iter(|| {
            for frame in &frames {
                let _ = black_box(decoder.decode_event(black_box(frame)));
            }
        })
    });
    group.bench_function("cti_proto_skip_unwanted", |b| {
        b.iter(|| {
            for frame in &frames {
                let _ = black_box(decoder.decode_event_if(black_box(frame), |_| false));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, allocations, decode, encode, filter);
criterion_main!(benches);
