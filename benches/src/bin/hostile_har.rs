//! `hostile_har`: the peak memory of `cti lint` on hostile HAR captures (issue #16, item
//! 11): "a HAR whose one string is 1 GiB (in a message's `data`, or as a key) peaks at
//! 2 GB; a message whose `data` nests 100,000 deep loses the whole file".
//!
//! For each case it writes a HAR file in DIR (a good message, the hostile one, a good
//! message), runs `/usr/bin/time -v CTI lint FILE`, and prints its exit status, its lint
//! summary line and its "Maximum resident set size", then deletes the file. The `cti`
//! process is killed once its resident memory passes 2 GiB, and the peak is then reported
//! as "> 2 GiB". Linux only (`/proc`).
//!
//! ```text
//! cargo build --release -p cti-cli -p cti-bench --bin cti --bin hostile_har
//! target/release/hostile_har [--cti target/release/cti] [--dir /tmp] [--size 1073741824]
//! ```
//!
//! Not a test: `cargo test` does not run it (`test = false`), and neither does CI.

use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Duration;

use clap::Parser;

/// The peak memory of `cti lint` on hostile HAR captures.
#[derive(Parser)]
struct Options {
    /// The `cti` binary to measure.
    #[arg(long, default_value = "target/release/cti")]
    cti: PathBuf,
    /// Where the captures are written (and deleted after).
    #[arg(long, default_value = "/tmp")]
    dir: PathBuf,
    /// The length of the long string, in bytes.
    #[arg(long, default_value_t = 1 << 30)]
    size: u64,
    /// The nesting of the deep `data`.
    #[arg(long, default_value_t = 100_000)]
    depth: u64,
}

/// Resident memory past which the victim is killed, in KiB.
const KILL_AT_KIB: u64 = 2 << 20;

const GOOD: &str = r#"{"type":"receive","opcode":1,"data":"{\"msgType\":\"LoggedOn\"}"}"#;

/// Writes `count` bytes of `byte`.
fn repeat(out: &mut impl Write, byte: u8, count: u64) -> std::io::Result<()> {
    let chunk = vec![byte; 1 << 20];
    let mut left = count;
    while left > 0 {
        let n = left.min(chunk.len() as u64) as usize;
        out.write_all(&chunk[..n])?;
        left -= n as u64;
    }
    Ok(())
}

/// Writes the HAR file of `case`.
fn write_case(path: &Path, case: &str, options: &Options) -> std::io::Result<()> {
    let mut out = BufWriter::new(File::create(path)?);
    out.write_all(
        br#"{"log":{"version":"1.2","entries":[{"_resourceType":"websocket","_webSocketMessages":["#,
    )?;
    write!(out, "{GOOD},")?;
    match case {
        "data" => {
            out.write_all(br#"{"type":"receive","opcode":1,"data":""#)?;
            repeat(&mut out, b'a', options.size)?;
            out.write_all(br#""}"#)?;
        }
        "key" => {
            out.write_all(br#"{"type":"receive","opcode":1,""#)?;
            repeat(&mut out, b'k', options.size)?;
            write!(out, r#"":1,"data":"{{\"claz\":\"ping\"}}"}}"#)?;
        }
        _ => {
            out.write_all(br#"{"type":"receive","opcode":1,"data":"#)?;
            repeat(&mut out, b'[', options.depth)?;
            repeat(&mut out, b']', options.depth)?;
            out.write_all(b"}")?;
        }
    }
    write!(out, ",{GOOD}]}}]}}}}")?;
    out.flush()
}

/// Resident memory of `pid`, in KiB.
fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|line| line.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// The first child of `pid` (the `cti` that `time` runs).
fn child_of(pid: u32) -> Option<u32> {
    let children = std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children")).ok()?;
    children.split_whitespace().next()?.parse().ok()
}

/// Runs `cti lint` on `path` under `time -v`: exit status, summary line, peak.
fn measure(cti: &Path, path: &Path) -> std::io::Result<(String, String, String)> {
    let mut time = Command::new("/usr/bin/time")
        .arg("-v")
        .arg(cti)
        .args(["lint", "--color", "never"])
        .arg(path)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let mut stdout = time.stdout.take().expect("piped");
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stdout.read_to_string(&mut text);
        text
    });
    let mut stderr = time.stderr.take().expect("piped");
    let errors = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    let mut killed = false;
    let status = loop {
        if let Some(status) = time.try_wait()? {
            break status;
        }
        if let Some(victim) = child_of(time.id()) {
            if !killed && rss_kib(victim).is_some_and(|kib| kib > KILL_AT_KIB) {
                if let Some(pid) = rustix::process::Pid::from_raw(victim as i32) {
                    rustix::process::kill_process(pid, rustix::process::Signal::KILL)?;
                    killed = true;
                }
            }
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let stdout = reader.join().unwrap_or_default();
    let stderr = errors.join().unwrap_or_default();
    // The lint summary, or what `cti` said on standard error.
    let summary = stdout
        .lines()
        .find(|line| line.starts_with("summary:"))
        .or_else(|| stderr.lines().find(|line| line.starts_with("cti:")))
        .unwrap_or("(nothing)")
        .to_owned();
    let peak = if killed {
        "> 2 GiB (killed)".to_owned()
    } else {
        stderr
            .lines()
            .find_map(|line| {
                line.trim()
                    .strip_prefix("Maximum resident set size (kbytes): ")
            })
            .and_then(|kib| kib.parse::<u64>().ok())
            .map_or("(not reported)".to_owned(), |kib| {
                format!("{:.1} MiB", kib as f64 / 1024.0)
            })
    };
    let code = if killed {
        "killed".to_owned()
    } else {
        stderr
            .lines()
            .find_map(|line| line.trim().strip_prefix("Exit status: "))
            .map_or_else(|| format!("{status}"), str::to_owned)
    };
    Ok((code, summary, peak))
}

fn main() -> ExitCode {
    let options = Options::parse();
    for case in ["data", "key", "deep"] {
        let path = options.dir.join(format!("cti-hostile_har-{case}.har"));
        let outcome = write_case(&path, case, &options).and_then(|()| {
            let bytes = std::fs::metadata(&path)?.len();
            let measured = measure(&options.cti, &path);
            std::fs::remove_file(&path)?;
            measured.map(|m| (bytes, m))
        });
        match outcome {
            Ok((bytes, (code, summary, peak))) => {
                println!("{case}: file {bytes} bytes; exit {code}; peak RSS {peak}; {summary}")
            }
            Err(error) => {
                let _ = std::fs::remove_file(&path);
                eprintln!("hostile_har: {case}: {error}");
                return ExitCode::from(2);
            }
        }
    }
    ExitCode::SUCCESS
}
