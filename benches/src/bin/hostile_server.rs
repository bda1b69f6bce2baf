//! `hostile_server`: hostile stand-ins for xuc against the client, as a benchmark of its
//! memory (issue #16). Each case runs a server on 127.0.0.1 in this process and a victim as
//! a child process, for the given time, and reports the victim's peak resident memory
//! (`VmHWM` in `/proc/PID/status`); a victim past 2 GiB (`VmRSS`) is killed and reported as
//! "> 2 GiB". The cases:
//!
//! - `redirect` (item 1): the login is answered `307` to another port (another origin),
//!   where a second server counts the logins and whether they held the password;
//! - `endless-login` (item 2): the login's answer is a chunked body that never ends, sent
//!   as fast as the socket takes it;
//! - `flood` (item 2): after `LoggedOn`, frames as fast as the socket takes them, to a
//!   cti-client that reads its notices slowly (1 ms each);
//! - `flood-probe` (item 2): the same server, against `cti probe` (`--wait` the duration);
//! - `flood-large` (item 2): the same with frames of 1,000,000 bytes (the client takes up
//!   to 1 MiB), against the slow cti-client;
//! - `hang-up` (item 3): `LoggedOn`, then the socket is closed at once; the logins per
//!   minute are counted.
//!
//! The cti-client victim is this program itself, run as `hostile_server victim ADDR`.
//!
//! ```text
//! cargo build --release -p cti-cli -p cti-bench --bin cti --bin hostile_server
//! target/release/hostile_server [--seconds 15] [--cti target/release/cti] [CASE...]
//! ```
//!
//! Not a test: `cargo test` does not run it (`test = false`), and neither does CI. Linux
//! only (`/proc`).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::{Parser, Subcommand, ValueEnum};
use cti_client::{Client, Config};
use futures_util::SinkExt;
use futures_util::StreamExt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio_tungstenite::tungstenite::Message;

/// A victim past this resident memory is killed.
const KILL_KIB: u64 = 2 * 1024 * 1024;
const PASSWORD: &str = "pw-bench-hostile";
const TOKEN: &str = "tok-bench-hostile";
const LOGGED_ON: &str = r#"{"msgType":"LoggedOn","ctiMessage":{}}"#;

/// Hostile servers against the client; the client's peak memory.
#[derive(Parser)]
#[command(name = "hostile_server")]
struct Options {
    #[command(subcommand)]
    victim: Option<Victim>,
    /// How long each case runs, in seconds.
    #[arg(long, default_value_t = 15)]
    seconds: u64,
    /// The `cti` program, for `flood-probe` [default: `cti` beside this program].
    #[arg(long, value_name = "PATH")]
    cti: Option<PathBuf>,
    /// The cases to run [default: all].
    #[arg(value_enum)]
    cases: Vec<Case>,
}

#[derive(Subcommand)]
enum Victim {
    /// (Internal) the cti-client victim: logs in to ADDR, reads its notices 1 ms apart.
    Victim { addr: String, seconds: u64 },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Case {
    Redirect,
    EndlessLogin,
    Flood,
    FloodProbe,
    FloodLarge,
    HangUp,
}

/// What the servers did, counted.
#[derive(Default)]
struct Seen {
    logins: AtomicU64,
    /// Logins received by the other origin of `redirect`, and whether one held the password.
    stolen: AtomicU64,
    password: AtomicBool,
    frames: AtomicU64,
    bytes: AtomicU64,
}

fn main() -> ExitCode {
    let options = Options::parse();
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("hostile_server: {e}");
            return ExitCode::from(2);
        }
    };
    if let Some(Victim::Victim { addr, seconds }) = &options.victim {
        runtime.block_on(victim(addr.clone(), Duration::from_secs(*seconds)));
        return ExitCode::SUCCESS;
    }
    let cases = if options.cases.is_empty() {
        Case::value_variants().to_vec()
    } else {
        options.cases.clone()
    };
    let cti = options.cti.clone().unwrap_or_else(|| {
        let me = std::env::current_exe().unwrap_or_default();
        me.with_file_name("cti")
    });
    println!(
        "{:<14} {:<11} {:>8} {:>12}  what the server saw",
        "case", "victim", "seconds", "peak RSS"
    );
    for case in cases {
        if let Err(e) = runtime.block_on(run(case, options.seconds, &cti)) {
            eprintln!("hostile_server: {e}");
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
}

async fn run(case: Case, seconds: u64, cti: &PathBuf) -> Result<(), String> {
    let seen = Arc::new(Seen::default());
    let (listener, addr) = bind().await?;
    let mut elsewhere = None;
    if case == Case::Redirect {
        let (other, other_addr) = bind().await?;
        tokio::spawn(serve(other, Case::Redirect, seen.clone(), None, true));
        elsewhere = Some(other_addr);
    }
    tokio::spawn(serve(listener, case, seen.clone(), elsewhere, false));
    let (name, victim) = match case {
        Case::Redirect => ("redirect", "cti-client"),
        Case::EndlessLogin => ("endless-login", "cti-client"),
        Case::Flood => ("flood", "cti-client"),
        Case::FloodProbe => ("flood", "cti probe"),
        Case::FloodLarge => ("flood-large", "cti-client"),
        Case::HangUp => ("hang-up", "cti-client"),
    };
    let mut command = if case == Case::FloodProbe {
        let mut command = Command::new(cti);
        let dir = std::env::temp_dir().join(format!("hostile-probe-{}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let wait = seconds.to_string();
        let url = format!("http://{addr}");
        command
            .args(["probe", &url, "--login", "alice", "--wait", &wait])
            .current_dir(dir)
            .env("CTI_PASSWORD", PASSWORD);
        command
    } else {
        let me = std::env::current_exe().map_err(|e| e.to_string())?;
        let mut command = Command::new(me);
        command.args(["victim", &addr.to_string(), &seconds.to_string()]);
        command
    };
    command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let child = command
        .spawn()
        .map_err(|e| format!("cannot run the victim: {e}"))?;
    let started = Instant::now();
    let peak = tokio::task::spawn_blocking(move || watch(child, seconds + 5))
        .await
        .map_err(|e| e.to_string())?;
    let elapsed = started.elapsed().as_secs_f64();
    let logins = seen.logins.load(Ordering::SeqCst);
    let saw = match case {
        Case::Redirect => format!(
            "{logins} logins redirected; {} at the other origin, password there: {}",
            seen.stolen.load(Ordering::SeqCst),
            if seen.password.load(Ordering::SeqCst) {
                "yes"
            } else {
                "no"
            }
        ),
        Case::EndlessLogin => format!(
            "{logins} logins, {} MiB of answer written",
            seen.bytes.load(Ordering::SeqCst) >> 20
        ),
        Case::Flood | Case::FloodProbe | Case::FloodLarge => format!(
            "{} frames ({} MiB) written",
            seen.frames.load(Ordering::SeqCst),
            seen.bytes.load(Ordering::SeqCst) >> 20
        ),
        Case::HangUp => format!(
            "{logins} logins: {:.0} a minute",
            logins as f64 * 60.0 / elapsed
        ),
    };
    let peak = match peak {
        Peak::Kib(kib) => format!("{:.1} MiB", kib as f64 / 1024.0),
        Peak::Killed => "> 2 GiB".to_owned(),
    };
    println!("{name:<14} {victim:<11} {elapsed:>8.1} {peak:>12}  {saw}");
    Ok(())
}

enum Peak {
    Kib(u64),
    Killed,
}

/// Reads the child's memory every 20 ms until it exits or `seconds` pass; kills it then,
/// or as soon as it passes 2 GiB.
fn watch(mut child: Child, seconds: u64) -> Peak {
    let pid = child.id().to_string();
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut peak = 0;
    loop {
        if let Ok(Some(_)) = child.try_wait() {
            break;
        }
        if let Ok((rss, hwm)) = cti_bench::memory_kib(&pid) {
            peak = peak.max(hwm);
            if rss > KILL_KIB {
                let _ = child.kill();
                let _ = child.wait();
                return Peak::Killed;
            }
        }
        if Instant::now() > deadline {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    Peak::Kib(peak)
}

async fn bind() -> Result<(TcpListener, SocketAddr), String> {
    let listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .map_err(|e| e.to_string())?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    Ok((listener, addr))
}

/// Serves one case until the runtime ends; `elsewhere` is where `redirect` sends the
/// login; `other` marks the other origin.
async fn serve(
    listener: TcpListener,
    case: Case,
    seen: Arc<Seen>,
    elsewhere: Option<SocketAddr>,
    other: bool,
) {
    while let Ok((stream, _)) = listener.accept().await {
        let seen = seen.clone();
        tokio::spawn(async move {
            let mut head = [0u8; 4];
            loop {
                match stream.peek(&mut head).await {
                    Ok(4) => break,
                    Ok(0) | Err(_) => return,
                    Ok(_) => tokio::time::sleep(Duration::from_millis(5)).await,
                }
            }
            if &head == b"POST" {
                login(stream, case, &seen, elsewhere, other).await;
            } else if let Ok(socket) = tokio_tungstenite::accept_async(stream).await {
                websocket(socket, case, &seen).await;
            }
        });
    }
}

/// Reads a request to its body's end; `None` when the peer went first.
async fn request(stream: &mut TcpStream) -> Option<Vec<u8>> {
    let mut request = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => request.extend_from_slice(&buf[..n]),
        }
        let Some(end) = request.windows(4).position(|w| w == b"\r\n\r\n") else {
            continue;
        };
        let head = String::from_utf8_lossy(&request[..end]).to_ascii_lowercase();
        let length = head
            .lines()
            .find_map(|line| line.strip_prefix("content-length:"))
            .and_then(|value| value.trim().parse::<usize>().ok())
            .unwrap_or(0);
        if request.len() >= end + 4 + length {
            return Some(request);
        }
    }
}

async fn login(
    mut stream: TcpStream,
    case: Case,
    seen: &Seen,
    elsewhere: Option<SocketAddr>,
    other: bool,
) {
    let Some(request) = request(&mut stream).await else {
        return;
    };
    let password = request
        .windows(PASSWORD.len())
        .any(|w| w == PASSWORD.as_bytes());
    if other {
        seen.stolen.fetch_add(1, Ordering::SeqCst);
        if password {
            seen.password.store(true, Ordering::SeqCst);
        }
    } else {
        seen.logins.fetch_add(1, Ordering::SeqCst);
    }
    let body = format!(r#"{{"login":"alice","token":"{TOKEN}","TTL":3600}}"#);
    let head = match (case, elsewhere) {
        (Case::Redirect, Some(to)) => format!(
            "HTTP/1.1 307 Temporary Redirect\r\nLocation: http://{to}/xuc/api/2.0/auth/login\r\n\
             Content-Length: 0\r\nConnection: close\r\n\r\n"
        ),
        (Case::EndlessLogin, _) => {
            let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\
                        Transfer-Encoding: chunked\r\n\r\n";
            if stream.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            let mut chunk = format!("{:x}\r\n", 64 * 1024).into_bytes();
            chunk.extend(std::iter::repeat_n(b' ', 64 * 1024));
            chunk.extend_from_slice(b"\r\n");
            while stream.write_all(&chunk).await.is_ok() {
                seen.bytes.fetch_add(chunk.len() as u64, Ordering::Relaxed);
            }
            return;
        }
        _ => format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
             Connection: close\r\n\r\n{body}",
            body.len()
        ),
    };
    let _ = stream.write_all(head.as_bytes()).await;
    let _ = stream.shutdown().await;
}

async fn websocket(
    mut socket: tokio_tungstenite::WebSocketStream<TcpStream>,
    case: Case,
    seen: &Seen,
) {
    if socket.send(Message::text(LOGGED_ON)).await.is_err() {
        return;
    }
    match case {
        Case::HangUp => {
            let _ = socket.close(None).await;
        }
        Case::FloodLarge => {
            let pad = "x".repeat(1_000_000 - 40);
            let frame = format!(r#"{{"msgType":"Flood","ctiMessage":{{"pad":"{pad}"}}}}"#);
            while socket.send(Message::text(frame.as_str())).await.is_ok() {
                seen.frames.fetch_add(1, Ordering::Relaxed);
                seen.bytes.fetch_add(frame.len() as u64, Ordering::Relaxed);
            }
            return;
        }
        Case::Flood | Case::FloodProbe => {
            // A phone event of ordinary size, again and again, 64 frames per flush.
            let frame = r#"{"msgType":"PhoneEvent","ctiMessage":{"eventType":"EventRinging","DN":"1000","otherDN":"1001","otherDName":"James Bond","linkedId":"1733312345.42","uniqueId":"1733312345.42","queueName":"bluesky","callDirection":"Incoming","userData":{"XIVO_CONTEXT":"default","XIVO_USERID":"1","XIVO_SRCNUM":"1001"},"username":"alice"}}"#;
            loop {
                for _ in 0..64 {
                    if socket.feed(Message::text(frame)).await.is_err() {
                        return;
                    }
                }
                if socket.flush().await.is_err() {
                    return;
                }
                seen.frames.fetch_add(64, Ordering::Relaxed);
                seen.bytes
                    .fetch_add(64 * frame.len() as u64, Ordering::Relaxed);
            }
        }
        _ => {}
    }
    while let Some(Ok(_)) = socket.next().await {}
}

/// The cti-client victim: logs in (retrying as it does) and reads its notices 1 ms apart,
/// for `duration`.
async fn victim(addr: String, duration: Duration) {
    let config = Config::new(addr, "alice", PASSWORD);
    let run = async {
        if let Ok((client, mut notices)) = Client::connect(config).await {
            while notices.next().await.is_some() {
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
            drop(client);
        } else {
            std::future::pending::<()>().await;
        }
    };
    let _ = tokio::time::timeout(duration, run).await;
}
