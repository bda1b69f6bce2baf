//! `hostile_client`: `cti serve` against the hostile clients of issue 16, as a benchmark.
//! Each case starts its own `cti serve --listen 127.0.0.1:0` (a separate process, so that
//! the memory measured is the server's alone), reads its `VmRSS` before, watches it every
//! 20 ms while the client works (killing the server past 2 GiB: "> 2 GiB"), reads `VmRSS`
//! and `VmHWM` after, then sends SIGTERM with the hostile client still connected and
//! times the end (killed after 30 s: "> 30 s").
//!
//! - `pings` (item 6): one WebSocket client sends `--pings` pings (10 million, of 125
//!   bytes) and never reads.
//! - `preferences` (item 7): 1,000 `setUserPreference` of new keys with 500 KB values,
//!   then the client leaves; the next login's `UserPreference` is measured.
//! - `dials` (item 7): 2,000 `dial` with 500 KB numbers on one connection.
//! - `half-sent` (item 8): `--connections` (5,000) requests stopped mid-header and a login
//!   announcing `Content-Length: 1073741824`; then a login is tried on a connection of its
//!   own.
//! - `record` (item 9): `cti serve --record FILE`; `--sessions` (2,000) sessions each log
//!   in, open the WebSocket, wait for `LoggedOn` and search the contacts, then all close at
//!   once. A fresh REST login and a fresh WebSocket up to `LoggedOn` are timed right after,
//!   then every 100 ms until every session is in FILE (5 s at least, `--record-seconds`
//!   (300) at most): the first and the longest latencies (target under 1 s), the time
//!   until all are in, the size of FILE and whether `cti lint FILE` reads it.
//!
//! Targets (issue 16): the server's RSS grows by under 64 MiB under any one of them, and
//! SIGTERM ends it within 10 s whatever they do. Exit 0 when every case met both, 1
//! otherwise, 2 when it cannot run. Linux only (`/proc`).
//!
//! ```text
//! cargo build --release -p cti-cli -p cti-bench --bin cti --bin hostile_client
//! target/release/hostile_client [--case all] [--cti target/release/cti]
//! ```
//!
//! Not a test: `cargo test` does not run it (`test = false`), and neither does CI.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::{Parser, ValueEnum};
use cti_bench::serve::{
    cti_program, fail, login, memory_kib, mib, open, open_files, runtime, until, websocket,
    Failure, Server, Socket, WAIT,
};
use cti_proto::contacts::SearchContacts;
use cti_proto::phone::Dial;
use cti_proto::user::{PreferenceKey, SetUserPreference, ValueType};
use cti_proto::{encode_command, Command};
use futures_util::stream::{SplitSink, StreamExt};
use futures_util::SinkExt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::timeout;
use tokio_tungstenite::tungstenite::Message;

/// The server is killed past this resident size.
const KILL_KIB: u64 = 2 * 1024 * 1024;
/// The targets: growth under 64 MiB, SIGTERM within 10 s.
const GROWTH_KIB: u64 = 64 * 1024;
const SIGTERM_TARGET: Duration = Duration::from_secs(10);
/// The longest wait for SIGTERM before the server is killed.
const SIGTERM_WAIT: Duration = Duration::from_secs(30);

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Case {
    All,
    Pings,
    Preferences,
    Dials,
    HalfSent,
    Record,
}

/// `cti serve` against hostile clients (issue 16).
#[derive(Parser)]
#[command(name = "hostile_client")]
struct Options {
    /// Which case to run.
    #[arg(long, value_enum, default_value_t = Case::All)]
    case: Case,
    /// The `cti` program to run as `cti serve` [default: `cti` beside this program].
    #[arg(long, value_name = "PATH")]
    cti: Option<PathBuf>,
    /// Pings sent by the `pings` client.
    #[arg(long, default_value_t = 10_000_000)]
    pings: u64,
    /// The payload of each ping, in bytes (125 at most: a control frame's).
    #[arg(long, default_value_t = 125, value_parser = clap::value_parser!(u8).range(0..=125))]
    ping_bytes: u8,
    /// Requests left half-sent by the `half-sent` case.
    #[arg(long, default_value_t = 5_000)]
    connections: u32,
    /// The longest the hostile client works, in seconds.
    #[arg(long, default_value_t = 60)]
    seconds: u64,
    /// Sessions opened, then closed at once, by the `record` case.
    #[arg(long, default_value_t = 2_000)]
    sessions: u32,
    /// The longest the `record` case probes the server after the sessions close, waiting
    /// for them all in the record, in seconds.
    #[arg(long, default_value_t = 300)]
    record_seconds: u64,
}

/// Watches the server's memory on a thread: the largest `VmRSS` seen, and a SIGKILL past
/// [`KILL_KIB`].
struct Watch {
    stop: Arc<AtomicBool>,
    killed: Arc<AtomicBool>,
    largest: Arc<AtomicU64>,
}

impl Watch {
    fn start(pid: u32) -> Watch {
        let watch = Watch {
            stop: Arc::new(AtomicBool::new(false)),
            killed: Arc::new(AtomicBool::new(false)),
            largest: Arc::new(AtomicU64::new(0)),
        };
        let (stop, killed, largest) = (
            watch.stop.clone(),
            watch.killed.clone(),
            watch.largest.clone(),
        );
        std::thread::spawn(move || {
            let proc_id = pid.to_string();
            while !stop.load(Ordering::Relaxed) {
                let Ok((rss, _)) = memory_kib(&proc_id) else {
                    return;
                };
                largest.fetch_max(rss, Ordering::Relaxed);
                if rss > KILL_KIB {
                    if let Some(pid) = i32::try_from(pid)
                        .ok()
                        .and_then(rustix::process::Pid::from_raw)
                    {
                        let _ = rustix::process::kill_process(pid, rustix::process::Signal::KILL);
                    }
                    killed.store(true, Ordering::Relaxed);
                    return;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        });
        watch
    }

    fn killed(&self) -> bool {
        self.killed.load(Ordering::Relaxed)
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// What a hostile client leaves connected while SIGTERM is timed (sockets, only to be
/// dropped at the end), and what it saw.
struct Outcome {
    held: Vec<Box<dyn std::any::Any>>,
    said: Vec<String>,
    /// Whether the case's own target, if any, was met.
    met: bool,
}

/// Item 6: pings, never a read.
async fn pings(addr: SocketAddr, options: &Options) -> Result<Outcome, Failure> {
    let mut socket = open(addr).await?;
    let payload =
        tokio_tungstenite::tungstenite::Bytes::from(vec![b'p'; usize::from(options.ping_bytes)]);
    let deadline = Instant::now() + Duration::from_secs(options.seconds);
    let started = Instant::now();
    let mut sent = 0u64;
    let mut end = "all sent".to_owned();
    while sent < options.pings {
        if Instant::now() > deadline {
            end = format!("stopped after {} s", options.seconds);
            break;
        }
        // Fed in batches, flushed every 1,000.
        let batch = async {
            for _ in 0..1000 {
                socket.feed(Message::Ping(payload.clone())).await?;
            }
            socket.flush().await
        };
        match timeout(Duration::from_secs(2), batch).await {
            Ok(Ok(())) => sent += 1000,
            Ok(Err(e)) => {
                end = format!("the connection ended ({e})");
                break;
            }
            Err(_) => {
                end = "blocked: the server reads no more".into();
                break;
            }
        }
    }
    let said = vec![format!(
        "{sent} pings of {} bytes sent in {:.1} s, none read; {end}",
        options.ping_bytes,
        started.elapsed().as_secs_f64()
    )];
    Ok(Outcome {
        held: vec![Box::new(socket)],
        said,
        met: true,
    })
}

/// Sends `frames` on a socket whose answers are read (and dropped) meanwhile; the sink,
/// how many were sent and how many frames came back.
async fn flood(
    socket: Socket,
    frames: impl Iterator<Item = String>,
    seconds: u64,
) -> (SplitSink<Socket, Message>, u64, Arc<AtomicU64>, String) {
    let (mut sink, mut stream) = socket.split();
    let answers = Arc::new(AtomicU64::new(0));
    let counted = answers.clone();
    tokio::spawn(async move {
        while let Some(Ok(_)) = stream.next().await {
            counted.fetch_add(1, Ordering::Relaxed);
        }
    });
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut sent = 0;
    let mut end = "all sent".to_owned();
    for frame in frames {
        if Instant::now() > deadline {
            end = format!("stopped after {seconds} s");
            break;
        }
        match timeout(WAIT, sink.send(Message::text(frame))).await {
            Ok(Ok(())) => sent += 1,
            Ok(Err(e)) => {
                end = format!("the connection ended ({e})");
                break;
            }
            Err(_) => {
                end = "blocked for 10 s".into();
                break;
            }
        }
    }
    // The last answers.
    tokio::time::sleep(Duration::from_secs(1)).await;
    (sink, sent, answers, end)
}

/// Item 7: 1,000 preferences of 500 KB; the client leaves; the next welcome.
async fn preferences(addr: SocketAddr, options: &Options) -> Result<Outcome, Failure> {
    let value = "v".repeat(500_000);
    let frames = (0..1000).map(|i| {
        let set = SetUserPreference::new(
            PreferenceKey::from(format!("K{i}")),
            value.as_str(),
            ValueType::String,
        );
        encode_command(&Command::from(set))
    });
    let (mut sink, sent, answers, end) = flood(open(addr).await?, frames, options.seconds).await;
    let _ = timeout(WAIT, sink.close()).await;
    drop(sink);
    let mut said = vec![format!(
        "{sent} setUserPreference of 500 KB sent, {} frames answered; {end}; the client left",
        answers.load(Ordering::Relaxed)
    )];
    // The next login: the size of its UserPreference.
    let mut socket = open(addr).await?;
    let welcome = timeout(Duration::from_secs(30), async {
        loop {
            match socket.next().await {
                Some(Ok(Message::Text(text))) if text.as_str().contains("\"UserPreference\"") => {
                    return format!("the next login's UserPreference: {} bytes", text.len());
                }
                Some(Ok(_)) => {}
                Some(Err(e)) => return format!("the next login's welcome failed: {e}"),
                None => return "the next login's welcome: the connection ended".into(),
            }
        }
    })
    .await
    .unwrap_or_else(|_| "the next login's welcome: no UserPreference within 30 s".into());
    said.push(welcome);
    Ok(Outcome {
        held: vec![Box::new(socket)],
        said,
        met: true,
    })
}

/// Item 7: 2,000 dials of 500 KB numbers.
async fn dials(addr: SocketAddr, options: &Options) -> Result<Outcome, Failure> {
    let number = "9".repeat(500_000);
    let frames = (0..2000).map(|_| encode_command(&Command::from(Dial::new(number.as_str()))));
    let (sink, sent, answers, end) = flood(open(addr).await?, frames, options.seconds).await;
    let said = vec![format!(
        "{sent} dial of 500 KB numbers sent, {} frames answered; {end}",
        answers.load(Ordering::Relaxed)
    )];
    Ok(Outcome {
        held: vec![Box::new(sink)],
        said,
        met: true,
    })
}

/// Item 8: requests stopped mid-header, a login announcing 1 GiB; then a login.
async fn half_sent(addr: SocketAddr, options: &Options) -> Result<Outcome, Failure> {
    let head = format!("POST /xuc/api/2.0/auth/login HTTP/1.1\r\nHost: {addr}\r\n");
    let mut held = Vec::new();
    let mut failed = 0;
    for _ in 0..options.connections {
        match TcpStream::connect(addr).await {
            Ok(mut stream) => {
                let _ = stream.write_all(head.as_bytes()).await;
                held.push(Box::new(stream) as Box<dyn std::any::Any>);
            }
            Err(_) => failed += 1,
        }
    }
    let mut big = TcpStream::connect(addr).await?;
    big.write_all(format!("{head}Content-Length: 1073741824\r\n\r\n").as_bytes())
        .await?;
    let mut said = vec![format!(
        "{} requests stopped mid-header ({failed} could not connect), 1 login announcing 1 GiB",
        options.connections
    )];
    let mut answer = [0u8; 12];
    let big_answer = match timeout(Duration::from_secs(5), big.read(&mut answer)).await {
        Ok(Ok(n)) if n > 0 => format!(
            "answered {:?}",
            String::from_utf8_lossy(&answer[..n]).trim()
        ),
        Ok(_) => "closed without an answer".into(),
        Err(_) => "no answer within 5 s".into(),
    };
    said.push(format!("the 1 GiB login: {big_answer}"));
    held.push(Box::new(big));
    let started = Instant::now();
    let fresh = match timeout(Duration::from_secs(5), login(addr)).await {
        Ok(Ok(_)) => format!(
            "answered in {:.1} ms",
            started.elapsed().as_secs_f64() * 1000.0
        ),
        Ok(Err(e)) => format!("failed: {e}"),
        Err(_) => "no answer within 5 s".into(),
    };
    said.push(format!("a new login meanwhile: {fresh}"));
    Ok(Outcome {
        held,
        said,
        met: true,
    })
}

/// Item 9: sessions recorded, closed at once; the latency of new ones meanwhile.
async fn record(
    addr: SocketAddr,
    cti: &Path,
    file: &Path,
    options: &Options,
) -> Result<Outcome, Failure> {
    let started = Instant::now();
    // 32 sessions opening at a time.
    let sockets: Vec<Socket> = futures_util::stream::iter(0..options.sessions)
        .map(|_| async {
            let mut socket = open(addr).await?;
            until(&mut socket, "LoggedOn", WAIT, || {}).await?;
            let search = encode_command(&Command::from(SearchContacts::new("bond")));
            timeout(WAIT, socket.send(Message::text(search)))
                .await
                .map_err(|_| Failure("searchContacts: timed out".into()))??;
            until(&mut socket, "DirectoryResult", WAIT, || {}).await?;
            Ok::<_, Failure>(socket)
        })
        .buffer_unordered(32)
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .collect::<Result<_, _>>()?;
    let mut said = vec![format!(
        "{} sessions opened in {:.1} s (login, WebSocket, LoggedOn, searchContacts answered)",
        sockets.len(),
        started.elapsed().as_secs_f64()
    )];
    // All close at once; the record is watched on a thread meanwhile.
    let closed = Instant::now();
    for mut socket in sockets {
        tokio::spawn(async move {
            let _ = timeout(WAIT, socket.close(None)).await;
        });
    }
    let wait = Duration::from_secs(options.record_seconds);
    let all_in = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let watcher = {
        let (file, all_in, stop) = (file.to_owned(), all_in.clone(), stop.clone());
        let sessions = u64::from(options.sessions);
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) && closed.elapsed() < wait {
                if recorded(&file) >= sessions {
                    all_in.store(closed.elapsed().as_millis() as u64 + 1, Ordering::Relaxed);
                    return;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
        })
    };
    // Probes every 100 ms until all are in (for 5 s at least), or `wait`.
    let mut probes = Vec::new();
    let mut unanswered = None;
    let mut failed = Vec::new();
    while all_in.load(Ordering::Relaxed) == 0 || closed.elapsed() < Duration::from_secs(5) {
        let Some(left) = wait.checked_sub(closed.elapsed()) else {
            break;
        };
        match probe(addr, left).await {
            Ok(Some(latencies)) => probes.push(latencies),
            Ok(None) => {
                unanswered = Some(closed.elapsed());
                break;
            }
            Err(e) => failed.push(e.to_string()),
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    stop.store(true, Ordering::Relaxed);
    let _ = watcher.join();
    let seconds = |d: Duration| {
        if d < Duration::from_secs(1) {
            format!("{:.1} ms", d.as_secs_f64() * 1000.0)
        } else {
            format!("{:.1} s", d.as_secs_f64())
        }
    };
    match probes.first() {
        Some((login, logged_on)) => said.push(format!(
            "right after: a new login answered in {}, a new WebSocket's LoggedOn in {}",
            seconds(*login),
            seconds(*logged_on)
        )),
        None => said.push("right after: no probe answered".into()),
    }
    let longest_login = probes.iter().map(|p| p.0).max().unwrap_or_default();
    let longest_logged_on = probes.iter().map(|p| p.1).max().unwrap_or_default();
    let unanswered_for = unanswered.map(|at| format!(", one unanswered for > {} s", at.as_secs()));
    said.push(format!(
        "{} probes: longest login {}, longest LoggedOn {}{}{}",
        probes.len(),
        seconds(longest_login),
        seconds(longest_logged_on),
        unanswered_for.as_deref().unwrap_or_default(),
        if failed.is_empty() {
            String::new()
        } else {
            format!(
                ", {} failed (the last: {})",
                failed.len(),
                failed[failed.len() - 1]
            )
        }
    ));
    let all_in = all_in.load(Ordering::Relaxed);
    let in_file = recorded(file);
    if all_in > 0 {
        said.push(format!(
            "all {} sessions in the record {:.1} s after they closed",
            options.sessions,
            (all_in - 1) as f64 / 1000.0
        ));
    } else {
        said.push(format!(
            "{in_file} of {} sessions in the record after > {} s",
            options.sessions,
            wait.as_secs()
        ));
    }
    let size = std::fs::metadata(file).map(|m| m.len()).unwrap_or_default();
    said.push(format!(
        "the record: {size} bytes; `cti lint` on it: {}",
        lint(cti, file)
    ));
    let met = all_in > 0
        && unanswered.is_none()
        && failed.is_empty()
        && longest_login.max(longest_logged_on) < Duration::from_secs(1);
    said.push(format!(
        "latency target (< 1 s while the record is written): {}",
        if met { "met" } else { "missed" }
    ));
    Ok(Outcome {
        held: Vec::new(),
        said,
        met,
    })
}

/// One probe: a new login, then its WebSocket up to `LoggedOn`, within `wait`; the two
/// latencies, or `None` when `wait` ran out.
async fn probe(addr: SocketAddr, wait: Duration) -> Result<Option<(Duration, Duration)>, Failure> {
    let timed = async {
        let started = Instant::now();
        let token = login(addr).await?;
        let login = started.elapsed();
        let started = Instant::now();
        let mut socket = websocket(addr, &token, wait).await?;
        until(&mut socket, "LoggedOn", wait, || {}).await?;
        let logged_on = started.elapsed();
        let _ = timeout(WAIT, socket.close(None)).await;
        Ok::<_, Failure>((login, logged_on))
    };
    match timeout(wait, timed).await {
        Ok(latencies) => latencies.map(Some),
        Err(_) => Ok(None),
    }
}

/// How many of the sessions of [`record`] are in the record file: each sent one
/// `searchContacts`, and nothing else does.
fn recorded(file: &Path) -> u64 {
    const MARK: &[u8] = b"searchContacts";
    std::fs::read(file).map_or(0, |bytes| {
        bytes.windows(MARK.len()).filter(|w| *w == MARK).count() as u64
    })
}

/// `cti lint FILE`: its exit status and last line.
fn lint(cti: &Path, file: &Path) -> String {
    match std::process::Command::new(cti)
        .arg("lint")
        .arg(file)
        .output()
    {
        Ok(output) => {
            let text = String::from_utf8_lossy(&output.stdout);
            let last = text.lines().last().unwrap_or_default().to_owned();
            let status = output
                .status
                .code()
                .map_or("ended by a signal".into(), |code| format!("exit {code}"));
            format!("{status}, {last:?}")
        }
        Err(e) => format!("cannot run: {e}"),
    }
}

/// A directory removed with all it holds when dropped.
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs one case against a server of its own; whether it met both targets.
async fn case(cti: &Path, which: Case, options: &Options) -> Result<bool, Failure> {
    let name = which
        .to_possible_value()
        .map(|v| v.get_name().to_owned())
        .unwrap_or_default();
    // The record file of the `record` case, in a directory of its own.
    let dir = Scratch(std::env::temp_dir().join(format!("hostile_client-{}", std::process::id())));
    let file = dir.0.join("record.har");
    let mut args = Vec::new();
    if which == Case::Record {
        std::fs::create_dir_all(&dir.0)?;
        let _ = std::fs::remove_file(&file);
        args = vec!["--record".to_owned(), file.display().to_string()];
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (mut server, addr) = Server::start(cti, &args)?;
    let pid = server.proc_id();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let (before, _) = memory_kib(&pid)?;
    let watch = Watch::start(server.pid);
    let started = Instant::now();
    let outcome = match which {
        Case::Pings => pings(addr, options).await,
        Case::Preferences => preferences(addr, options).await,
        Case::Dials => dials(addr, options).await,
        Case::HalfSent => half_sent(addr, options).await,
        Case::Record => record(addr, cti, &file, options).await,
        Case::All => return fail("not a case"),
    };
    let took = started.elapsed();
    let killed = watch.killed() || !server.running();
    println!("{name}: ({:.1} s)", took.as_secs_f64());
    let outcome = match outcome {
        Ok(outcome) => outcome,
        Err(e) if killed => Outcome {
            held: Vec::new(),
            said: vec![format!("the client stopped: {e}")],
            met: false,
        },
        Err(e) => return Err(e),
    };
    for line in &outcome.said {
        println!("  {line}");
    }
    let largest = watch.largest.load(Ordering::Relaxed);
    drop(watch);
    if killed {
        println!(
            "  server RSS: before {}, > 2 GiB (killed); growth > 2 GiB (target < 64 MiB: missed)",
            mib(before)
        );
        println!("  SIGTERM: not measured (the server was killed past 2 GiB)");
        server.kill();
        return Ok(false);
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    let (after, peak) = memory_kib(&pid)?;
    let growth = peak.max(largest).saturating_sub(before);
    println!(
        "  server RSS: before {}, after {}, peak (VmHWM) {}; growth {} (target < 64 MiB: {})",
        mib(before),
        mib(after),
        mib(peak.max(largest)),
        mib(growth),
        if growth < GROWTH_KIB { "met" } else { "missed" }
    );
    // SIGTERM with the hostile client still connected.
    let stopped = tokio::task::spawn_blocking(move || server.terminate(SIGTERM_WAIT))
        .await
        .map_err(|e| Failure(e.to_string()))??;
    drop(outcome.held);
    let outcome_met = outcome.met;
    let in_time = stopped.stopped && stopped.took <= SIGTERM_TARGET;
    if stopped.stopped {
        println!(
            "  SIGTERM: ended in {:.2} s, exit {} (target <= 10 s: {})",
            stopped.took.as_secs_f64(),
            stopped
                .code
                .map_or("by a signal".into(), |code| code.to_string()),
            if in_time { "met" } else { "missed" }
        );
    } else {
        println!("  SIGTERM: still running after > 30 s, killed (target <= 10 s: missed)");
    }
    Ok(growth < GROWTH_KIB && in_time && outcome_met)
}

async fn run(options: &Options) -> Result<bool, Failure> {
    let cti = cti_program(options.cti.as_deref())?;
    let needed = u64::from(options.connections.max(options.sessions)) + 256;
    let files = open_files(needed, &format!("{} connections", options.connections))?;
    println!(
        "hostile_client: against {} serve; open files limit {}",
        cti.display(),
        files.map_or("unlimited".into(), |limit| limit.to_string())
    );
    let cases = match options.case {
        Case::All => vec![
            Case::Pings,
            Case::Preferences,
            Case::Dials,
            Case::HalfSent,
            Case::Record,
        ],
        one => vec![one],
    };
    let mut met = true;
    for which in cases {
        met &= case(&cti, which, options).await?;
    }
    Ok(met)
}

fn main() -> ExitCode {
    let options = Options::parse();
    let runtime = match runtime("hostile_client") {
        Ok(runtime) => runtime,
        Err(code) => return code,
    };
    match runtime.block_on(run(&options)) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => {
            println!("hostile_client: a target was missed");
            ExitCode::from(1)
        }
        Err(e) => {
            eprintln!("hostile_client: {e}");
            ExitCode::from(2)
        }
    }
}
