//! Decodes a frame set many times, for a profiler:
//! `valgrind --tool=callgrind target/release/examples/profile mixed 2`.

fn main() {
    let mut args = std::env::args().skip(1);
    let set = args.next().unwrap_or_else(|| "contactsheet200".to_owned());
    let rounds: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(20);
    let frames = cti_bench::load(&set);
    let decoder = cti_proto::Decoder::new();
    let mut decoded = 0;
    for _ in 0..rounds {
        for frame in &frames {
            decoded += usize::from(if set == "commands" {
                decoder.decode_command(frame).is_ok()
            } else {
                decoder.decode_event(frame).is_ok()
            });
        }
    }
    println!("{decoded} frames decoded");
}
