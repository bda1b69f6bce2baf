//! `cti serve`: the xuc test double of `cti-testserver`, until Ctrl-C or SIGTERM.

use std::io::{self, Write};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use cti_testserver::{Config, Limits, Scenario, TestServer};

#[derive(Args)]
pub struct Options {
    /// The address to listen on; port 0 takes a free port.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8090")]
    listen: SocketAddr,
    /// A scenario file: JSON, described by the cti-testserver crate's docs and its
    /// scenario.schema.json [default: the demo: user alice, password alice, phone
    /// 1001; James Bond 1000 in the directory].
    #[arg(long, value_name = "FILE")]
    scenario: Option<PathBuf>,
    /// Record the WebSocket sessions in FILE, a HAR capture that `cti decode` and `cti
    /// lint` read (created 0600 at start; each session added as it ends).
    #[arg(long, value_name = "FILE")]
    record: Option<PathBuf>,
    /// Let web pages of ORIGIN (`http://localhost:3000`) call the REST login and token
    /// check: CORS headers, preflight answered. Repeatable; `*` for any origin. Off by
    /// default.
    #[arg(long, value_name = "ORIGIN")]
    allow_origin: Vec<String>,
    /// Serve the control API for tests, off by default (404): POST /_cti/ring
    /// {"login","caller"} rings the user's phone; /_cti/agent {"login","state","cause"?}
    /// changes their agent's state; /_cti/queue {"login"?,"queueId","counters"} sends
    /// QueueStatistics; /_cti/push {"login","event"} sends any event frame. Answers
    /// {"sessions": N}; 404 for a login not in the scenario, 400 for a bad body or event
    /// (naming the field). For a test double on a loopback address only: anyone who
    /// reaches it can make any user's client see any event.
    #[arg(long)]
    control: bool,
    /// Connections open at once, HTTP and WebSocket together; one more is closed as
    /// soon as accepted. Other bounds (cti-testserver's `Limits`): a request's header
    /// of 16 KiB within 10 s (an idle keep-alive connection is closed after 10 s too), a REST
    /// request within 10 s, its body 64 KiB at most; WebSocket messages of 4 MiB, 4 MiB
    /// held for a client, whose frames not taken within 10 s close it (1008); per user 64
    /// preferences, per connection 16 calls and 256 answers due later, 1,024 bytes per
    /// string kept, 100,000 frames per recorded session; at exit, 5 s for the
    /// connections to close.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_connections)]
    max_connections: usize,
}

/// Serves until Ctrl-C or SIGTERM: 0 when no client frame was refused by strict
/// decoding, 1 when some were, 2 when the server cannot start.
pub fn run(options: &Options) -> ExitCode {
    // Logs (client frames refused, connections closed for silence) go to standard error;
    // standard output has the address only.
    tracing_subscriber::fmt()
        .with_writer(io::stderr)
        .with_max_level(tracing_subscriber::filter::LevelFilter::INFO)
        .with_target(false)
        .init();
    let scenario = match &options.scenario {
        Some(path) => match Scenario::load(path) {
            Ok(scenario) => scenario,
            Err(e) => {
                eprintln!("cti: {e}");
                return ExitCode::from(2);
            }
        },
        None => Scenario::demo(),
    };
    let mut limits = Limits::default();
    limits.max_connections = options.max_connections;
    let mut config = Config::new(scenario).listen(options.listen).limits(limits);
    if let Some(path) = &options.record {
        config = config.record(path);
    }
    for origin in &options.allow_origin {
        config = config.allow_origin(origin);
    }
    config = config.control(options.control);
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("cti: cannot start the runtime: {e}");
            return ExitCode::from(2);
        }
    };
    runtime.block_on(async {
        let server = match TestServer::start(config).await {
            Ok(server) => server,
            Err(e) => {
                eprintln!("cti: {}", crate::chain(&e));
                return ExitCode::from(2);
            }
        };
        // The first line of standard output, once connections are accepted: scripts
        // that start `cti serve --listen 127.0.0.1:0` read the port here.
        let mut stdout = io::stdout();
        if writeln!(stdout, "listening on {}", server.url())
            .and_then(|()| stdout.flush())
            .is_err()
        {
            return ExitCode::from(2);
        }
        if options.control {
            eprintln!("cti: control API on {}/_cti/", server.url());
        }
        eprintln!("cti: serving until Ctrl-C or SIGTERM");
        stopped().await;
        finish(server).await
    })
}

/// Shuts the server down and prints what it saw.
async fn finish(server: TestServer) -> ExitCode {
    let stats = server.stats();
    if let Err(e) = server.shutdown().await {
        eprintln!("cti: {}", crate::chain(&e));
        return ExitCode::from(2);
    }
    if stats.refused_connections + stats.unread_closed + stats.over_limit > 0 {
        eprintln!(
            "cti: bounds: {} connections refused (over --max-connections), {} WebSocket clients closed for not reading, {} commands answered Error for passing a limit",
            stats.refused_connections, stats.unread_closed, stats.over_limit
        );
    }
    eprintln!(
        "cti: {} WebSocket sessions, {} frames received, {} sent; {} client frames refused by strict decoding ({} malformed)",
        stats.sessions, stats.frames_in, stats.frames_out, stats.violations, stats.malformed
    );
    if stats.violations == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// Waits for Ctrl-C, or SIGTERM on Unix.
async fn stopped() {
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
    // Without a handler, the default action of the signal ends the process anyway.
    let _ = tokio::signal::ctrl_c().await;
}
