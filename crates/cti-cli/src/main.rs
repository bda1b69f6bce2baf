//! `cti`: decode, check and re-encode captured xuc CTI traffic with `cti-proto`, serve a
//! xuc test double (`cti-testserver`), and probe a real server (`cti-client`).

mod conform;
mod input;
mod pipeline;
mod probe;
mod report;
mod serve;

use std::io::{self, IsTerminal};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};

use clap::{Args, Parser, Subcommand};
use cti_proto::{Decoder, Mode};

use input::{Direction, Format, ReadError, Source};

/// Decode, check and re-encode captured traffic of the XiVO xuc CTI WebSocket API, serve
/// a xuc test double, and probe a real server.
///
/// Frames come from JSON Lines files (one frame per line) or from HAR files saved by a
/// browser ("Save all as HAR": the text frames of `log.entries[*]._webSocketMessages`).
/// With no FILE, or with `-`, frames are read from standard input. Files are read as a
/// stream: memory stays flat whatever their size. A UTF-8 byte order mark is skipped.
/// A line over the frame limit (1 MiB), a HAR message with a string over it, or a
/// malformed HAR message is a bad frame, and reading goes on; binary HAR messages are
/// skipped (lint counts them).
///
/// Exit status: 0 when every frame decoded, 1 when any did not, 2 for bad usage or an
/// input that cannot be read (with a message on standard error).
#[derive(Parser)]
#[command(name = "cti", version, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print one JSON object per frame: what it decodes to, or why it does not.
    ///
    /// Each line has exactly these keys, in this order:
    ///
    ///   {"frame":1,"ok":true,"direction":"server","kind":"ContactSheet","known":true,"deprecated":false,"diagnostics":[],"value":{...}}
    ///   {"frame":2,"ok":false,"direction":"client","kind":"addFavorite","error":{"message":"...","path":"/source","line":1,"column":48}}
    ///
    /// frame: 1-based position of the frame in the input. direction: client or server.
    /// kind: the msgType, the command, or ping; null when the frame has none. known:
    /// false for kinds cti-proto does not know. deprecated: true for deprecated kinds.
    /// diagnostics: [{"code","path","message"}], what lenient decoding tolerated. value:
    /// the canonical encoding of the message. error: message always; path (a JSON
    /// pointer), line and column when known.
    #[command(verbatim_doc_comment)]
    Decode(Options),
    /// Print the canonical encoding of each frame, one per line: the exact bytes the
    /// encoder writes. A frame that does not decode is reported on standard error.
    Roundtrip(Options),
    /// Print a report for people: each frame's kind, deprecations with their
    /// replacement, diagnostics and errors with their path; then a summary of frames per
    /// kind, coverage (frames typed, kept raw, of unknown kinds), deprecated kinds used,
    /// unknown kinds seen and errors.
    Lint {
        #[command(flatten)]
        options: Options,
        /// When to colour the report.
        #[arg(long, value_enum, default_value_t = Color::Auto)]
        color: Color,
    },
    /// Serve a xuc test double: the REST login (POST /xuc/api/2.0/auth/login) and the
    /// CTI WebSocket (/xuc/api/2.0/cti?token=TOKEN), answering as the cti-testserver
    /// crate documents, or as a scenario scripts it. Prints `listening on
    /// http://HOST:PORT` as its first line, then runs until Ctrl-C or SIGTERM. Client
    /// frames are decoded strictly; what is refused is logged on standard error.
    ///
    /// Exit status: 0 when no client frame was refused, 1 when some were, 2 when the
    /// server cannot start.
    Serve(serve::Options),
    /// Check a live xuc server: log in, send read-only commands (getConfig line, getList
    /// queue, getFavoriteContacts, searchContacts, displayNameLookup,
    /// getCurrentCallsPhoneEvents, getUserCallHistory; nothing that dials or changes a
    /// state), keep every frame both ways until --wait seconds after the last command,
    /// and decode each strictly.
    ///
    /// The password is read from the environment variable CTI_PASSWORD or, when it is
    /// unset and standard input is a terminal, asked for without echo. It is never
    /// printed, and neither is the token.
    ///
    /// Prints a report: frames per kind, each strict-mode failure with its error kind
    /// and JSON pointer (and whether lenient decoding accepts the frame), unknown and
    /// deprecated kinds, and a summary line. Writes the frames to --out, a HAR file that
    /// `cti lint` reads (frame numbers are the same in both).
    ///
    /// Exit status: 0 when every frame decoded strictly, 1 when some did not, 2 for bad
    /// usage, no password, a login refused or timed out, a connection lost before the
    /// end, or a capture that cannot be written.
    Probe(probe::Options),
    /// Run the conformance suite against a live implementation: `cti conform server URL
    /// --login USER` drives a server under test through cases (login, LoggedOn, the
    /// heartbeat, the User API, a call) and judges its answers; `cti conform client`
    /// starts the test double and judges a client pointed at it (its login, heartbeat,
    /// login again, every frame strict); reports in text, JSON, JUnit XML and HTML.
    #[command(subcommand)]
    Conform(conform::Target),
}

#[derive(Args)]
struct Options {
    /// Decode strictly: deprecated kinds, unknown kinds and every irregularity that
    /// lenient decoding reports are errors (how a server implementation is checked).
    #[arg(long)]
    strict: bool,
    /// The format of the inputs [default: har for files ending in .har, jsonl otherwise].
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Which way the frames go. auto: a HAR file says it (send is client, receive is
    /// server); otherwise a frame with a top-level claz is a client command and any other
    /// a server event.
    #[arg(long, value_enum, default_value_t = DirectionArg::Auto)]
    direction: DirectionArg,
    /// The longest frame read, in bytes: a longer JSON line, or a HAR message with a
    /// longer string, is a bad frame, read past without being kept. For tests.
    #[arg(long, hide = true, default_value_t = cti_proto::DEFAULT_MAX_FRAME_LEN)]
    max_frame_bytes: usize,
    /// The most frames in a batch handed to a decoding thread. For tests.
    #[arg(long, hide = true, default_value_t = pipeline::BATCH_FRAMES as u32,
          value_parser = clap::value_parser!(u32).range(1..))]
    batch_frames: u32,
    /// Threads that decode [default: one per core]. The output is the same with any
    /// number: frames are decoded in batches, a batch per thread, and printed in order.
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,
    /// Captures to read; `-` or none for standard input.
    #[arg(value_name = "FILE")]
    files: Vec<PathBuf>,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum DirectionArg {
    Client,
    Server,
    Auto,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let (options, mode) = match &cli.command {
        Command::Serve(options) => return serve::run(options),
        Command::Probe(options) => return probe::run(options),
        Command::Conform(target) => return conform::run(target),
        Command::Decode(options) => (options, report::Mode::Decode),
        Command::Roundtrip(options) => (options, report::Mode::Roundtrip),
        Command::Lint { options, color } => {
            let colour = match color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
            };
            (options, report::Mode::Lint { colour })
        }
    };
    match run(options, mode) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(ReadError::Input(message)) => {
            eprintln!("cti: {message}");
            ExitCode::from(2)
        }
        // A closed pipe (`cti decode big.har | head`) is a normal way to stop reading.
        Err(ReadError::Output(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(ReadError::Output(e)) => {
            eprintln!("cti: cannot write the output: {e}");
            ExitCode::from(2)
        }
        Err(e) => {
            eprintln!("cti: {}", chain(&e));
            ExitCode::from(2)
        }
    }
}

/// Progress is shown for files of at least this size, when standard error is a terminal.
const PROGRESS_MIN_BYTES: u64 = 16 << 20;

/// Runs one subcommand over every input; `Ok(true)` when every frame decoded.
fn run(options: &Options, mode: report::Mode) -> Result<bool, ReadError> {
    let sources = Source::open_all(&options.files).map_err(ReadError::Input)?;
    let decoder = Decoder::new()
        .with_mode(if options.strict {
            Mode::Strict
        } else {
            Mode::Lenient
        })
        .with_max_frame_len(options.max_frame_bytes);
    let forced = match options.direction {
        DirectionArg::Client => Some(Direction::ClientToServer),
        DirectionArg::Server => Some(Direction::ServerToClient),
        DirectionArg::Auto => None,
    };
    let stdout = io::stdout();
    let mut reporter = report::Reporter::new(mode, io::BufWriter::new(stdout.lock()));
    let mut next = 1;
    let show_progress = io::stderr().is_terminal();
    let jobs = options.jobs.map_or_else(
        || std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get),
        usize::from,
    );
    for source in sources {
        let name = source.name();
        let len = source
            .len()
            .filter(|len| show_progress && *len >= PROGRESS_MIN_BYTES);
        let count = AtomicU64::new(0);
        let last_percent = AtomicU64::new(u64::MAX);
        let progress = || {
            if let Some(len) = len {
                let percent = count.load(Ordering::Relaxed) * 100 / len.max(1);
                if last_percent.swap(percent, Ordering::Relaxed) != percent {
                    eprint!("\rcti: {name}: {percent}%");
                }
            }
        };
        let settings = pipeline::Settings {
            decoder: &decoder,
            mode,
            format: options.format.unwrap_or_else(|| source.default_format()),
            max_frame: options.max_frame_bytes,
            forced,
            jobs: jobs.max(1),
            batch_frames: options.batch_frames as usize,
            progress: &progress,
        };
        let result = match source {
            Source::Stdin => pipeline::run(io::stdin(), &settings, &mut next, &mut reporter),
            Source::File { file, .. } => {
                let reader = input::Counting {
                    inner: file,
                    count: &count,
                };
                pipeline::run(reader, &settings, &mut next, &mut reporter)
            }
        };
        if len.is_some() {
            eprintln!();
        }
        result.map_err(|e| match e {
            ReadError::Input(message) => ReadError::Input(format!("{name}: {message}")),
            other => other,
        })?;
    }
    reporter.finish()
}

/// An error and its causes, in one line: "the server address is not valid: ...".
pub(crate) fn chain(error: &dyn std::error::Error) -> String {
    let mut line = error.to_string();
    let mut cause = error.source();
    while let Some(error) = cause {
        line.push_str(": ");
        line.push_str(&error.to_string());
        cause = error.source();
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
