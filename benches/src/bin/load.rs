//! `load`: the xuc test double under many idle clients, as a benchmark (issue #13): "the
//! test double holds 1,000 concurrent clients on loopback with heartbeats for 60 s without
//! closing any; server memory per idle connection (target ≤ 64 KiB) and CPU".
//!
//! It starts `cti serve --listen 127.0.0.1:0` as a separate process (so that the memory
//! measured is the server's alone), reads the port from its first line, then opens the
//! clients on 127.0.0.1: each logs in over REST (`alice`/`alice`, one token per client, as
//! separate browsers would), opens the CTI WebSocket, waits for `LoggedOn`, then only keeps
//! cti.js's heartbeat (CLIENTS.md §1): `{"claz":"ping"}` every 5 s, and gives up after 3
//! ticks without a frame. Once all are connected it holds them for the given time, then
//! closes them, stops the server with SIGTERM and prints:
//!
//! - clients connected, closed by the server (must be 0), failed or given up;
//! - frames sent and received by the clients;
//! - the server's resident memory (`VmRSS` in `/proc/PID/status`) before the clients,
//!   once they are connected, and at the end, and the growth divided by the clients;
//! - the server's CPU time (`utime + stime` in `/proc/PID/stat`) while they connected and
//!   while they were held, and this program's own.
//!
//! It exits 0 when every client connected and none was closed, 1 otherwise, 2 when it
//! cannot run. Linux only (`/proc`). It raises its soft limit of open files to what the
//! clients need (the server inherits it) when the hard limit allows.
//!
//! ```text
//! cargo build --release -p cti-cli -p cti-bench --bin cti --bin load
//! target/release/load [--clients 1000] [--seconds 60] [--cti target/release/cti]
//! ```
//!
//! Not a test: `cargo test` does not run it (`test = false`), and neither does CI.

use std::fmt;
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

use clap::Parser;
use cti_proto::session::login::{CtiUrl, LoginAnswer, LOGIN_PATH};
use futures_util::{SinkExt, StreamExt};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::{watch, Semaphore};
use tokio::task::JoinSet;
use tokio::time::{interval_at, timeout, MissedTickBehavior};
use tokio_tungstenite::tungstenite::Message;

/// cti.js's heartbeat: a ping every 5 s; the tick that finds 3 missed gives up.
const HEARTBEAT: Duration = Duration::from_secs(5);
const MAX_MISSED: u32 = 3;
/// cti.js's ping, as it encodes it.
const PING: &str = r#"{"claz":"ping"}"#;
/// The longest wait for one step (the server's first line, a login, a handshake, the
/// server's exit).
const WAIT: Duration = Duration::from_secs(10);
/// The wait after the last client connected, before the memory is read: the welcome
/// frames are sent and read by then.
const SETTLE: Duration = Duration::from_secs(2);

/// The test double under many idle clients with cti.js's heartbeat.
#[derive(Parser)]
#[command(name = "load")]
struct Options {
    /// How many clients to open.
    #[arg(long, default_value_t = 1000)]
    clients: u32,
    /// How long to hold them once all are connected, in seconds.
    #[arg(long, default_value_t = 60)]
    seconds: u64,
    /// The `cti` program to run as `cti serve` [default: `cti` beside this program].
    #[arg(long, value_name = "PATH")]
    cti: Option<PathBuf>,
    /// How many clients log in and connect at the same time while they are opened.
    #[arg(long, default_value_t = 50)]
    parallel: usize,
}

/// What the clients count, all together.
#[derive(Default)]
struct Counters {
    connected: AtomicU64,
    connect_failed: AtomicU64,
    closed_by_server: AtomicU64,
    failed: AtomicU64,
    gave_up: AtomicU64,
    frames_out: AtomicU64,
    frames_in: AtomicU64,
}

impl Counters {
    fn add(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }

    fn get(counter: &AtomicU64) -> u64 {
        counter.load(Ordering::Relaxed)
    }
}

/// The `cti serve` child: killed if this program stops early.
struct Server {
    child: Child,
    pid: u32,
    /// The lines of its standard error, read on a thread.
    log: mpsc::Receiver<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Why the run could not be made.
struct Failure(String);

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<E: std::error::Error> From<E> for Failure {
    fn from(error: E) -> Self {
        Failure(error.to_string())
    }
}

fn fail<T>(message: impl Into<String>) -> Result<T, Failure> {
    Err(Failure(message.into()))
}

/// A process's resident memory (`VmRSS`) and its peak (`VmHWM`), in KiB.
fn memory_kib(pid: &str) -> Result<(u64, u64), Failure> {
    cti_bench::memory_kib(pid).map_err(Failure)
}

/// A process's CPU time so far, user and system, in seconds.
fn cpu_seconds(pid: &str) -> Result<f64, Failure> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))?;
    // The command name, in parentheses, may hold spaces: count the fields after it.
    // utime and stime are fields 14 and 15, the 12th and 13th after the name.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest.split_whitespace().collect())
        .unwrap_or_default();
    let ticks = |index: usize| -> Result<u64, Failure> {
        fields
            .get(index)
            .and_then(|value| value.parse().ok())
            .ok_or_else(|| Failure(format!("/proc/{pid}/stat: no field {}", index + 3)))
    };
    let total = ticks(11)? + ticks(12)?;
    Ok(total as f64 / rustix::param::clock_ticks_per_second() as f64)
}

/// Raises the soft limit of open files to `needed` (at most the hard limit); the limit in
/// force after.
fn raise_file_limit(needed: u64) -> Option<u64> {
    use rustix::process::{getrlimit, setrlimit, Resource};
    let mut limit = getrlimit(Resource::Nofile);
    let current = limit.current?;
    if current < needed {
        let target = limit.maximum.map_or(needed, |max| needed.min(max));
        limit.current = Some(target);
        if setrlimit(Resource::Nofile, limit).is_ok() {
            return Some(target);
        }
    }
    Some(current)
}

/// Starts `cti serve --listen 127.0.0.1:0` and reads its address from the first line.
fn start_server(cti: &PathBuf) -> Result<(Server, SocketAddr), Failure> {
    let mut child = Command::new(cti)
        .args(["serve", "--listen", "127.0.0.1:0"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| Failure(format!("cannot run {}: {e}", cti.display())))?;
    let pid = child.id();
    let (stdout, stderr) = (child.stdout.take(), child.stderr.take());
    let (log_in, log) = mpsc::channel();
    if let Some(stderr) = stderr {
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = log_in.send(line);
            }
        });
    }
    let server = Server { child, pid, log };
    let (first_in, first) = mpsc::channel();
    if let Some(stdout) = stdout {
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            let mut line = String::new();
            let _ = reader.read_line(&mut line);
            let _ = first_in.send(line);
            // The rest, if any, is drained so that the server never blocks on it.
            let _ = std::io::copy(&mut reader, &mut std::io::sink());
        });
    }
    let line = first
        .recv_timeout(WAIT)
        .map_err(|_| Failure("cti serve printed no first line within 10 s".into()))?;
    let addr: SocketAddr = line
        .trim_end()
        .strip_prefix("listening on http://")
        .and_then(|addr| addr.parse().ok())
        .ok_or_else(|| Failure(format!("cti serve's first line: {line:?}")))?;
    if !addr.ip().is_loopback() {
        return fail(format!("cti serve listens on {addr}, not on loopback"));
    }
    Ok((server, addr))
}

/// Stops the server with SIGTERM and waits (10 s at most) for it; its exit status and
/// its last line of standard error (the summary).
fn stop_server(mut server: Server) -> Result<(Option<i32>, String), Failure> {
    let pid = i32::try_from(server.pid)
        .ok()
        .and_then(rustix::process::Pid::from_raw)
        .ok_or_else(|| Failure("bad pid".into()))?;
    rustix::process::kill_process(pid, rustix::process::Signal::TERM)?;
    let started = Instant::now();
    let status = loop {
        if let Some(status) = server.child.try_wait()? {
            break status;
        }
        if started.elapsed() > WAIT {
            return fail("cti serve did not stop within 10 s of SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    // The reader thread ends with the process; what it read is all there.
    let summary = server.log.try_iter().last().unwrap_or_default();
    Ok((status.code(), summary))
}

/// `POST /xuc/api/2.0/auth/login` as alice, on a connection of its own; the token.
async fn login(addr: SocketAddr) -> Result<String, Failure> {
    let body = r#"{"login":"alice","password":"alice"}"#;
    let mut stream = TcpStream::connect(addr).await?;
    let request = format!(
        "POST {LOGIN_PATH} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await?;
    let raw = String::from_utf8_lossy(&raw);
    let Some((head, body)) = raw.split_once("\r\n\r\n") else {
        return fail("login: no HTTP response");
    };
    if head.split(' ').nth(1) != Some("200") {
        return fail(format!(
            "login: {}",
            head.lines().next().unwrap_or_default()
        ));
    }
    match LoginAnswer::from_json(body) {
        Ok(LoginAnswer::Token(credentials)) => Ok(credentials.token.expose().to_owned()),
        _ => fail("login: no token in the answer"),
    }
}

type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<TcpStream>>;

/// Logs in, opens the CTI WebSocket and waits for `LoggedOn`.
async fn connect(addr: SocketAddr, counters: &Counters) -> Result<Socket, Failure> {
    let token = timeout(WAIT, login(addr))
        .await
        .map_err(|_| Failure("login: timed out".into()))??;
    let url = CtiUrl::token(&addr.to_string(), &token)
        .map_err(|e| Failure(e.to_string()))?
        .to_url();
    let (mut socket, _) = timeout(WAIT, tokio_tungstenite::connect_async(url))
        .await
        .map_err(|_| Failure("handshake: timed out".into()))??;
    loop {
        let frame = timeout(WAIT, socket.next())
            .await
            .map_err(|_| Failure("no LoggedOn within 10 s".into()))?;
        match frame {
            Some(Ok(Message::Text(text))) => {
                Counters::add(&counters.frames_in);
                let frame: serde_json::Value = serde_json::from_str(text.as_str())?;
                match frame.get("msgType").and_then(|kind| kind.as_str()) {
                    Some("LoggedOn") => return Ok(socket),
                    Some("LoggedOnError") => return fail("LoggedOnError"),
                    _ => {}
                }
            }
            Some(Ok(_)) => {}
            Some(Err(e)) => return Err(e.into()),
            None => return fail("closed before LoggedOn"),
        }
    }
}

/// One client: connects (holding a permit of the ramp-up), says so on `ready`, then keeps
/// the heartbeat until `stop`, counting what happens.
async fn client(
    addr: SocketAddr,
    counters: Arc<Counters>,
    ramp: Arc<Semaphore>,
    ready: tokio::sync::mpsc::UnboundedSender<Result<(), Failure>>,
    mut stop: watch::Receiver<bool>,
) {
    let permit = ramp.acquire_owned().await;
    let connected = connect(addr, &counters).await;
    drop(permit);
    let mut socket = match connected {
        Ok(socket) => {
            Counters::add(&counters.connected);
            let _ = ready.send(Ok(()));
            socket
        }
        Err(e) => {
            Counters::add(&counters.connect_failed);
            let _ = ready.send(Err(e));
            return;
        }
    };
    drop(ready);
    let mut ticks = interval_at(tokio::time::Instant::now() + HEARTBEAT, HEARTBEAT);
    ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let mut missed = 0u32;
    loop {
        tokio::select! {
            frame = socket.next() => match frame {
                Some(Ok(Message::Close(_))) => {
                    Counters::add(&counters.closed_by_server);
                    return;
                }
                Some(Ok(_)) => {
                    missed = 0;
                    Counters::add(&counters.frames_in);
                }
                Some(Err(_)) | None => {
                    Counters::add(&counters.failed);
                    return;
                }
            },
            _ = ticks.tick() => {
                if missed >= MAX_MISSED {
                    Counters::add(&counters.gave_up);
                    let _ = socket.close(None).await;
                    return;
                }
                missed += 1;
                if socket.send(Message::text(PING)).await.is_err() {
                    Counters::add(&counters.failed);
                    return;
                }
                Counters::add(&counters.frames_out);
            }
            _ = stop.changed() => {
                let _ = timeout(WAIT, socket.close(None)).await;
                return;
            }
        }
    }
}

/// What was measured of a process at one moment.
#[derive(Clone, Copy)]
struct Sample {
    rss_kib: u64,
    peak_kib: u64,
    cpu: f64,
    at: Instant,
}

fn sample(pid: &str) -> Result<Sample, Failure> {
    let (rss_kib, peak_kib) = memory_kib(pid)?;
    Ok(Sample {
        rss_kib,
        peak_kib,
        cpu: cpu_seconds(pid)?,
        at: Instant::now(),
    })
}

fn mib(kib: u64) -> String {
    format!("{:.1} MiB", kib as f64 / 1024.0)
}

async fn run(options: &Options) -> Result<bool, Failure> {
    if options.clients == 0 {
        return fail("--clients must be at least 1");
    }
    let cti = match &options.cti {
        Some(path) => path.clone(),
        None => std::env::current_exe()?.with_file_name("cti"),
    };
    let needed = u64::from(options.clients) + 64;
    let files = raise_file_limit(needed);
    if files.is_some_and(|limit| limit < needed) {
        return fail(format!(
            "{} clients need about {needed} open files; the limit is {} (raise it: ulimit -n {needed})",
            options.clients,
            files.unwrap_or_default()
        ));
    }
    let (server, addr) = start_server(&cti)?;
    let pid = server.pid.to_string();
    println!(
        "load: {} clients, held {} s, against {} serve on {addr} (pid {pid}); open files limit {}",
        options.clients,
        options.seconds,
        cti.display(),
        files.map_or("unlimited".into(), |limit| limit.to_string()),
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    let before = sample(&pid)?;
    let me_before = cpu_seconds("self")?;

    let counters = Arc::new(Counters::default());
    let ramp = Arc::new(Semaphore::new(options.parallel.max(1)));
    let (stop_in, stop) = watch::channel(false);
    let (ready_in, mut ready) = tokio::sync::mpsc::unbounded_channel();
    let mut clients = JoinSet::new();
    for _ in 0..options.clients {
        clients.spawn(client(
            addr,
            counters.clone(),
            ramp.clone(),
            ready_in.clone(),
            stop.clone(),
        ));
    }
    drop(ready_in);
    // One word from each client: connected or not.
    let mut first_error = None;
    for _ in 0..options.clients {
        match ready.recv().await {
            Some(Ok(())) => {}
            Some(Err(e)) => {
                first_error.get_or_insert(e);
            }
            None => break,
        }
    }
    let ramp_time = before.at.elapsed();
    let connected = Counters::get(&counters.connected);
    println!(
        "connected: {connected} of {} in {:.2} s",
        options.clients,
        ramp_time.as_secs_f64()
    );
    if let Some(e) = &first_error {
        println!(
            "connect failures: {} (first: {e})",
            Counters::get(&counters.connect_failed)
        );
    }
    tokio::time::sleep(SETTLE).await;
    let loaded = sample(&pid)?;

    let hold = Duration::from_secs(options.seconds);
    let started = Instant::now();
    while started.elapsed() < hold {
        let left = hold.saturating_sub(started.elapsed());
        tokio::time::sleep(left.min(Duration::from_secs(10))).await;
        let lost = Counters::get(&counters.closed_by_server)
            + Counters::get(&counters.failed)
            + Counters::get(&counters.gave_up);
        eprintln!(
            "  {:>3} s: {} open, {} frames sent, {} received",
            started.elapsed().as_secs(),
            connected.saturating_sub(lost),
            Counters::get(&counters.frames_out),
            Counters::get(&counters.frames_in),
        );
    }
    let end = sample(&pid)?;
    let me_end = cpu_seconds("self")?;
    let (my_rss, _) = memory_kib("self")?;

    stop_in.send_replace(true);
    let _ = timeout(WAIT, async { while clients.join_next().await.is_some() {} }).await;
    let (status, summary) = stop_server(server)?;

    let closed = Counters::get(&counters.closed_by_server);
    let failed = Counters::get(&counters.failed);
    let gave_up = Counters::get(&counters.gave_up);
    let per_connection = |sample: &Sample| {
        sample.rss_kib.saturating_sub(before.rss_kib) as f64 / connected.max(1) as f64
    };
    let held = end.at - loaded.at;
    println!("clients closed by the server: {closed}");
    println!("clients failed (socket error or end without a close): {failed}");
    println!("clients that gave up (3 heartbeat ticks without a frame): {gave_up}");
    println!(
        "frames sent by the clients: {} (pings); received: {}",
        Counters::get(&counters.frames_out),
        Counters::get(&counters.frames_in)
    );
    println!(
        "server RSS: before {}, all connected {}, after {} s {}; peak {}",
        mib(before.rss_kib),
        mib(loaded.rss_kib),
        options.seconds,
        mib(end.rss_kib),
        mib(end.peak_kib.max(loaded.peak_kib)),
    );
    let target = 64.0;
    let worst = per_connection(&loaded).max(per_connection(&end));
    println!(
        "server RSS per connection: {:.1} KiB all connected, {:.1} KiB at the end (target <= 64 KiB: {})",
        per_connection(&loaded),
        per_connection(&end),
        if worst <= target { "met" } else { "missed" },
    );
    println!(
        "server CPU: {:.2} s while the clients connected ({:.2} s, {:.1} ms per client), {:.2} s while held ({:.1} s: {:.2} % of one core)",
        loaded.cpu - before.cpu,
        (loaded.at - before.at).as_secs_f64(),
        (loaded.cpu - before.cpu) * 1000.0 / connected.max(1) as f64,
        end.cpu - loaded.cpu,
        held.as_secs_f64(),
        (end.cpu - loaded.cpu) * 100.0 / held.as_secs_f64().max(f64::EPSILON),
    );
    println!(
        "load program: CPU {:.2} s, RSS {}",
        me_end - me_before,
        mib(my_rss)
    );
    println!(
        "cti serve: exit {}; {}",
        status.map_or("by a signal".into(), |code| code.to_string()),
        summary.trim_start_matches("cti: ")
    );
    Ok(connected == u64::from(options.clients) && closed + failed + gave_up == 0)
}

fn main() -> ExitCode {
    let options = Options::parse();
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("load: cannot start the runtime: {e}");
            return ExitCode::from(2);
        }
    };
    // Ctrl-C or SIGTERM drops the run, and with it the server (killed).
    let interrupted = async {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            if let Ok(mut terminate) = signal(SignalKind::terminate()) {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = terminate.recv() => {}
                }
                return;
            }
        }
        let _ = tokio::signal::ctrl_c().await;
    };
    let outcome = runtime.block_on(async {
        tokio::select! {
            outcome = run(&options) => outcome,
            () = interrupted => fail("interrupted; cti serve killed"),
        }
    });
    match outcome {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => {
            println!("load: FAILED (not every client connected, or some were closed)");
            ExitCode::from(1)
        }
        Err(e) => {
            eprintln!("load: {e}");
            ExitCode::from(2)
        }
    }
}
