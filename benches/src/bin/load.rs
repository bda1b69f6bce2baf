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

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::Parser;
use cti_bench::serve::{
    cpu_seconds, cti_program, fail, memory_kib, mib, open, open_files, runtime, until, Failure,
    Server, Socket, WAIT,
};
use cti_proto::link::{Heartbeat, Tick};
use futures_util::{SinkExt, StreamExt};
use tokio::sync::{watch, Semaphore};
use tokio::task::JoinSet;
use tokio::time::{interval_at, timeout, MissedTickBehavior};
use tokio_tungstenite::tungstenite::Message;

/// cti.js's ping, as it encodes it.
const PING: &str = r#"{"claz":"ping"}"#;
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

/// Logs in, opens the CTI WebSocket and waits for `LoggedOn`.
async fn connect(addr: SocketAddr, counters: &Counters) -> Result<Socket, Failure> {
    let mut socket = open(addr).await?;
    until(&mut socket, "LoggedOn", WAIT, || {
        Counters::add(&counters.frames_in)
    })
    .await?;
    Ok(socket)
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
    // cti.js's heartbeat: a ping every 5 s; the tick that finds 3 missed gives up.
    let heartbeat = Heartbeat::default();
    let mut ticks = interval_at(
        tokio::time::Instant::now() + heartbeat.interval,
        heartbeat.interval,
    );
    ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let mut missed = heartbeat.watch();
    loop {
        tokio::select! {
            frame = socket.next() => match frame {
                Some(Ok(Message::Close(_))) => {
                    Counters::add(&counters.closed_by_server);
                    return;
                }
                Some(Ok(_)) => {
                    missed.received();
                    Counters::add(&counters.frames_in);
                }
                Some(Err(_)) | None => {
                    Counters::add(&counters.failed);
                    return;
                }
            },
            _ = ticks.tick() => {
                if missed.tick() == Tick::GiveUp {
                    Counters::add(&counters.gave_up);
                    let _ = socket.close(None).await;
                    return;
                }
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

async fn run(options: &Options) -> Result<bool, Failure> {
    if options.clients == 0 {
        return fail("--clients must be at least 1");
    }
    let cti = cti_program(options.cti.as_deref())?;
    let needed = u64::from(options.clients) + 64;
    let files = open_files(needed, &format!("{} clients", options.clients))?;
    let (server, addr) = Server::start(&cti, &[])?;
    let pid = server.proc_id();
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
    let stopped = server.terminate(WAIT)?;
    if !stopped.stopped {
        return fail("cti serve did not stop within 10 s of SIGTERM");
    }

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
        stopped
            .code
            .map_or("by a signal".into(), |code| code.to_string()),
        stopped.summary.trim_start_matches("cti: ")
    );
    Ok(connected == u64::from(options.clients) && closed + failed + gave_up == 0)
}

fn main() -> ExitCode {
    let options = Options::parse();
    let runtime = match runtime("load") {
        Ok(runtime) => runtime,
        Err(code) => return code,
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
