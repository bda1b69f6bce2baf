//! `cti probe URL --login USER`: logs in to a xuc server with `cti-client`, sends a few
//! read-only commands, keeps every text frame both ways for a bounded time, decodes each
//! strictly and prints a conformance report; the frames go to a HAR capture that `cti lint`
//! reads. The password comes from `CTI_PASSWORD` or a prompt that does not echo, and is
//! never printed: neither is the token, which only the client's session holds.

use std::collections::BTreeMap;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, SystemTime};

use clap::Args;
use cti_capture::har;
use cti_client::{Client, Config, Notice, Notices};
use cti_proto::common::Maybe;
use cti_proto::contacts::SearchContacts;
use cti_proto::favorites::GetFavoriteContacts;
use cti_proto::history::GetUserCallHistory;
use cti_proto::link::printable;
use cti_proto::login::CtiUrl;
use cti_proto::login::{ConfigObjectType, GetConfig, GetList, ListObjectType};
use cti_proto::phone::GetCurrentCallsPhoneEvents;
use cti_proto::user::DisplayNameLookup;
use cti_proto::{Command, DecodeError, Decoder, ErrorKind};
use serde_json::json;

use crate::input::Direction;
use crate::report;

/// The environment variable that holds the password.
const PASSWORD_VAR: &str = "CTI_PASSWORD";

/// How long the frames already received may take to come out after the client is shut
/// down.
const DRAIN: Duration = Duration::from_secs(2);

/// The longest `--wait` or `--timeout`: an hour.
const MAX_SECONDS: f64 = 3600.0;

/// The most frame text kept, whatever `--max-frames` says: 32 MiB (a frame is 1 MiB at
/// most, the client's limit).
const MAX_KEPT_BYTES: usize = 32 << 20;

#[derive(Args)]
pub struct Options {
    /// The xuc server: http://HOST:PORT, or https://HOST:PORT for TLS (https for the
    /// login, wss for the WebSocket). xuc listens on 8090; with no port, the scheme's.
    #[arg(value_name = "URL")]
    url: String,
    /// The user to log in as.
    #[arg(long, value_name = "USER")]
    login: String,
    /// The user's phone number, searched for with searchContacts (instead of the login).
    #[arg(long, value_name = "N")]
    phone: Option<String>,
    /// The term of searchContacts [default: the phone number, or else the login].
    #[arg(long, value_name = "TERM")]
    search: Option<String>,
    /// Where to write the capture: a HAR file with the frames of both directions, which
    /// `cti lint` reads. Replaced if it exists. It holds the frames as they came, with
    /// what the server sends (contacts, the line's SIP password in LineConfig): it is
    /// made readable by its owner only; keep it private.
    #[arg(long, value_name = "FILE", default_value = "probe.har")]
    out: PathBuf,
    /// How long to collect frames after the last command, in seconds.
    #[arg(long, value_name = "SECONDS", default_value = "3", value_parser = seconds)]
    wait: Duration,
    /// How long the login may take, in seconds (the client retries within it).
    #[arg(long, value_name = "SECONDS", default_value = "15", value_parser = seconds)]
    timeout: Duration,
    /// Log what the client does (logins, retries, disconnections) on standard error.
    #[arg(long, short)]
    verbose: bool,
    /// The most frames kept, analysed and written to the capture; the frames after them
    /// (or after 32 MiB of frames) are counted, and the report says how many were
    /// dropped.
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    max_frames: usize,
}

/// A number of seconds from 0 to an hour, fractions allowed.
fn seconds(text: &str) -> Result<Duration, String> {
    let value: f64 = text
        .parse()
        .map_err(|_| format!("`{text}` is not a number of seconds"))?;
    if !(0.0..=MAX_SECONDS).contains(&value) {
        return Err(format!("give 0 to {MAX_SECONDS} seconds"));
    }
    Duration::try_from_secs_f64(value).map_err(|e| e.to_string())
}

/// The read-only commands sent, in this order: getters and a search, nothing that dials,
/// logs an agent in or changes a status, a forward or a preference. (Not `getIceConfig`:
/// its answer holds TURN credentials, one secret fewer in the capture.)
fn commands(login: &str, term: &str) -> Vec<Command> {
    let mut history = GetUserCallHistory::new();
    history.size = Maybe::Value(10);
    vec![
        GetConfig::new(ConfigObjectType::Line).into(),
        GetList::new(ListObjectType::Queue).into(),
        GetFavoriteContacts::new().into(),
        SearchContacts::new(term).into(),
        DisplayNameLookup::new(login).into(),
        GetCurrentCallsPhoneEvents::new().into(),
        history.into(),
    ]
}

/// Probes the server: 0 when every frame decoded strictly, 1 when some did not, 2 for a
/// bad URL, no password, a login that failed, a connection lost or a capture not written.
pub fn run(options: &Options) -> ExitCode {
    let (server, secure) = match server_of(&options.url) {
        Ok(found) => found,
        Err(why) => return usage(&why),
    };
    let password = match password(&options.login) {
        Ok(password) => password,
        Err(why) => return usage(&why),
    };
    let level = if options.verbose {
        tracing_subscriber::filter::LevelFilter::INFO
    } else {
        tracing_subscriber::filter::LevelFilter::WARN
    };
    tracing_subscriber::fmt()
        .with_writer(io::stderr)
        .with_max_level(level)
        .with_target(false)
        .init();
    let mut config = Config::new(server.clone(), &options.login, &password)
        .secure(secure)
        .raw_frames(true);
    // The config keeps its own copy, which it never shows.
    drop(password);
    if let Some(phone) = &options.phone {
        config = config.phone_number(phone.as_str());
    }
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => return usage(&format!("cannot start the runtime: {e}")),
    };
    let term = options
        .search
        .as_deref()
        .or(options.phone.as_deref())
        .unwrap_or(&options.login);
    let commands = commands(&options.login, term);
    let session = match runtime.block_on(probe(config, commands, options)) {
        Ok(session) => session,
        Err(why) => return usage(&why),
    };
    let ws_url = CtiUrl::token(&server, "")
        .map(|url| url.secure(secure).to_url())
        .unwrap_or_default();
    let ws_url = ws_url.split('?').next().unwrap_or_default();
    let written = write_har(&options.out, ws_url, &session);
    let analysis = Analysis::of(&session.frames);
    let mut stdout = io::stdout().lock();
    let printed = analysis
        .print(&mut stdout, options, &session, written.is_ok())
        .and_then(|()| stdout.flush());
    if let Err(e) = &written {
        eprintln!("cti: cannot write {}: {e}", options.out.display());
    }
    if printed.is_err() || written.is_err() || session.lost.is_some() {
        ExitCode::from(2)
    } else if analysis.refused() == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn usage(why: &str) -> ExitCode {
    eprintln!("cti: {why}");
    ExitCode::from(2)
}

/// The client's `server` (`host` or `host:port`) and whether it uses TLS, from an
/// `http://` or `https://` URL with no path. No error repeats the URL, which may hold a
/// password by mistake.
pub(crate) fn server_of(text: &str) -> Result<(String, bool), String> {
    let url = url::Url::parse(text).map_err(|e| format!("the URL is not valid: {e}"))?;
    let secure = match url.scheme() {
        "http" => false,
        "https" => true,
        _ => return Err("give a URL that starts with http:// or https://".to_owned()),
    };
    if !url.username().is_empty() || url.password().is_some() {
        return Err(format!(
            "the URL holds a user or a password: give the user with --login and the \
             password in {PASSWORD_VAR}"
        ));
    }
    if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
        return Err("give the server only (http://HOST:PORT), with no path or query".to_owned());
    }
    let host = url.host_str().ok_or("the URL has no host")?;
    let server = match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    };
    Ok((server, secure))
}

/// The password: `CTI_PASSWORD`, or else asked for on the terminal without echo.
pub(crate) fn password(login: &str) -> Result<String, String> {
    password_in(PASSWORD_VAR, login)
}

/// The password of `login`: the variable `var`, or else asked for on the terminal
/// without echo.
pub(crate) fn password_in(var: &str, login: &str) -> Result<String, String> {
    match std::env::var(var) {
        Ok(password) => Ok(password),
        Err(std::env::VarError::NotUnicode(_)) => Err(format!("{var} is not UTF-8")),
        Err(std::env::VarError::NotPresent) if io::stdin().is_terminal() => {
            rpassword::prompt_password(format!("password for {login}: "))
                .map_err(|e| format!("cannot read the password: {e}"))
        }
        Err(std::env::VarError::NotPresent) => Err(format!(
            "no password: set {var} (standard input is not a terminal to ask on)"
        )),
    }
}

/// A frame as it went on the socket.
struct Frame {
    direction: Direction,
    /// When the probe saw it.
    at: SystemTime,
    text: String,
}

/// What the probe saw.
struct Session {
    started: SystemTime,
    frames: Vec<Frame>,
    /// The bytes of `frames`' text.
    kept_bytes: usize,
    /// The most frames kept ([`Options::max_frames`]).
    max_frames: usize,
    /// Frames received or sent after the bounds, not kept.
    dropped: u64,
    /// Commands sent, and the first that could not be, with why.
    sent: usize,
    not_sent: Option<String>,
    /// Why the connection went before the end, if it did.
    lost: Option<String>,
}

/// Logs in, sends `commands`, collects frames for `--wait` after the last, shuts down.
/// `Err` when the login fails.
async fn probe(
    config: Config,
    commands: Vec<Command>,
    options: &Options,
) -> Result<Session, String> {
    let started = SystemTime::now();
    let connected = tokio::time::timeout(options.timeout, Client::connect(config)).await;
    let (client, mut notices) = match connected {
        Ok(Ok(connected)) => connected,
        Ok(Err(cti_client::Error::Stopped(reason))) => return Err(reason.to_string()),
        Ok(Err(error)) => return Err(crate::chain(&error)),
        Err(_) => {
            return Err(format!(
                "not logged on after {} s: the server did not answer, or failed each \
                 time (--verbose says why)",
                options.timeout.as_secs_f64()
            ))
        }
    };
    let mut session = Session {
        started,
        frames: Vec::new(),
        kept_bytes: 0,
        max_frames: options.max_frames,
        dropped: 0,
        sent: 0,
        not_sent: None,
        lost: None,
    };
    for command in commands {
        let name = command.name().to_owned();
        match client.send(command).await {
            Ok(()) => session.sent += 1,
            // "`getConfig` not sent: not logged on"
            Err(cti_client::Error::NotSent(error)) => {
                session.not_sent = Some(error.to_string());
                break;
            }
            Err(error) => {
                session.not_sent = Some(format!("`{name}`: {}", crate::chain(&error)));
                break;
            }
        }
    }
    let deadline = tokio::time::Instant::now() + options.wait;
    loop {
        let notice = tokio::select! {
            notice = notices.next() => notice,
            () = tokio::time::sleep_until(deadline) => break,
        };
        match notice {
            Some(Notice::Frame(frame)) => session.keep(frame),
            Some(Notice::Disconnected { reason, .. }) => {
                session.lost = Some(reason.to_string());
                break;
            }
            Some(_) => {}
            None => {
                session.lost = Some("the client stopped".to_owned());
                break;
            }
        }
    }
    client.shutdown().await;
    drain(&mut notices, &mut session).await;
    Ok(session)
}

/// Keeps the frames that came before the shutdown.
async fn drain(notices: &mut Notices, session: &mut Session) {
    let drained = tokio::time::timeout(DRAIN, async {
        while let Some(notice) = notices.next().await {
            if let Notice::Frame(frame) = notice {
                session.keep(frame);
            }
        }
    });
    let _ = drained.await;
}

impl Session {
    fn keep(&mut self, frame: cti_client::RawFrame) {
        let direction = frame.direction;
        let bytes = self.kept_bytes.saturating_add(frame.text.len());
        if self.frames.len() >= self.max_frames || bytes > MAX_KEPT_BYTES {
            self.dropped += 1;
            return;
        }
        self.kept_bytes = bytes;
        self.frames.push(Frame {
            direction,
            at: SystemTime::now(),
            text: frame.text,
        });
    }
}

/// Writes the frames as a HAR file: one WebSocket entry whose URL has no query (so no
/// token), the frames in `_webSocketMessages` (`send` for the client's, `receive` for the
/// server's), as `cti lint` and browsers read them.
fn write_har(path: &Path, ws_url: &str, session: &Session) -> io::Result<()> {
    let messages: Vec<_> = session
        .frames
        .iter()
        .map(|frame| har::message(frame.direction, frame.at, &frame.text))
        .collect();
    let har = json!({
        "log": {
            "version": "1.2",
            "creator": { "name": "cti probe", "version": env!("CARGO_PKG_VERSION") },
            "pages": [],
            "entries": [har::entry(session.started, ws_url, messages)],
        }
    });
    let mut open = std::fs::OpenOptions::new();
    open.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        // Only for a new file: an existing one keeps its mode.
        use std::os::unix::fs::OpenOptionsExt;
        open.mode(0o600);
    }
    let file = open.open(path)?;
    let mut out = io::BufWriter::new(file);
    serde_json::to_writer_pretty(&mut out, &har)?;
    out.write_all(b"\n")?;
    out.flush()
}

/// A frame that strict decoding refused.
struct Refusal {
    number: usize,
    direction: Direction,
    kind: String,
    error: DecodeError,
    /// What lenient decoding makes of it: `Some(diagnostics)` when it accepts the frame
    /// (its deprecation aside).
    lenient: Option<usize>,
}

/// Each frame decoded strictly, counted.
#[derive(Default)]
struct Analysis {
    received: BTreeMap<String, u64>,
    sent: BTreeMap<String, u64>,
    refusals: Vec<Refusal>,
    /// Per deprecated kind: frames, and what replaces it.
    deprecated: BTreeMap<String, (u64, &'static str)>,
    unknown: BTreeMap<String, u64>,
}

impl Analysis {
    fn of(frames: &[Frame]) -> Analysis {
        let strict = Decoder::strict();
        let lenient = Decoder::new();
        let mut analysis = Analysis::default();
        for (i, frame) in frames.iter().enumerate() {
            let bytes = frame.text.as_bytes();
            let stated = Some(frame.direction);
            let (kind, refusal) = match report::decode(&strict, stated, bytes).1 {
                Ok(decoded) => (decoded.kind, None),
                Err(error) => {
                    let again = report::decode(&lenient, stated, bytes).1.ok();
                    let kind = error
                        .message_kind()
                        .map(str::to_owned)
                        .or_else(|| again.as_ref().map(|d| d.kind.clone()))
                        .unwrap_or_else(|| "(no kind)".to_owned());
                    match error.kind() {
                        ErrorKind::Deprecated => {
                            let replacement = again.as_ref().and_then(|d| d.replacement);
                            let entry = analysis
                                .deprecated
                                .entry(kind.clone())
                                .or_insert((0, replacement.unwrap_or("?")));
                            entry.0 += 1;
                        }
                        ErrorKind::UnknownKind => {
                            *analysis.unknown.entry(kind.clone()).or_default() += 1;
                        }
                        _ => {}
                    }
                    let refusal = Refusal {
                        number: i + 1,
                        direction: frame.direction,
                        kind: kind.clone(),
                        error,
                        lenient: again.map(|d| {
                            let deprecation = cti_proto::DiagnosticCode::Deprecated;
                            d.diagnostics
                                .iter()
                                .filter(|d| d.code != deprecation)
                                .count()
                        }),
                    };
                    (kind, Some(refusal))
                }
            };
            let per_kind = match frame.direction {
                Direction::ClientToServer => &mut analysis.sent,
                Direction::ServerToClient => &mut analysis.received,
            };
            *per_kind.entry(kind).or_default() += 1;
            analysis.refusals.extend(refusal);
        }
        analysis
    }

    fn refused(&self) -> usize {
        self.refusals.len()
    }

    fn print(
        &self,
        out: &mut impl Write,
        options: &Options,
        session: &Session,
        written: bool,
    ) -> io::Result<()> {
        let received: u64 = self.received.values().sum();
        let sent: u64 = self.sent.values().sum();
        writeln!(
            out,
            "probe of {} as {}: {} commands sent, {received} frames received",
            options.url, options.login, session.sent
        )?;
        if written {
            writeln!(
                out,
                "capture: {} ({} frames, both directions; `cti lint` reads it)",
                options.out.display(),
                session.frames.len()
            )?;
        }
        if session.dropped > 0 {
            writeln!(
                out,
                "dropped: {} frames after the first {} (--max-frames {}, or 32 MiB of \
                 frames): not analysed, not in the capture",
                session.dropped,
                session.frames.len(),
                session.max_frames
            )?;
        }
        if let Some(why) = &session.not_sent {
            writeln!(out, "not sent: {why}")?;
        }
        list(out, "frames received, per kind", &self.received)?;
        list(out, "frames sent, per kind", &self.sent)?;
        writeln!(
            out,
            "strict-mode failures:{}",
            if self.refusals.is_empty() {
                " none"
            } else {
                ""
            }
        )?;
        for refusal in &self.refusals {
            let error = &refusal.error;
            let pointer = match error.pointer() {
                Some("") => "/",
                Some(pointer) => pointer,
                None => "-",
            };
            // What the server wrote is escaped: it cannot drive the terminal.
            let (pointer, message) = (printable(pointer), printable(error.message()));
            let lenient = match refusal.lenient {
                Some(0) => "lenient: accepted".to_owned(),
                Some(1) => "lenient: accepted with 1 diagnostic".to_owned(),
                Some(n) => format!("lenient: accepted with {n} diagnostics"),
                None => "lenient: refused too".to_owned(),
            };
            writeln!(
                out,
                "  frame {:<4} {:<6} {}: {} at {pointer}: {} ({lenient})",
                refusal.number,
                refusal.direction.jsonl(),
                printable(&refusal.kind),
                error.kind().as_str(),
                message,
            )?;
        }
        writeln!(
            out,
            "unknown kinds:{}",
            if self.unknown.is_empty() { " none" } else { "" }
        )?;
        for (kind, count) in &self.unknown {
            writeln!(out, "  {:<32} {count:>6}", printable(kind))?;
        }
        writeln!(
            out,
            "deprecated kinds:{}",
            if self.deprecated.is_empty() {
                " none"
            } else {
                ""
            }
        )?;
        for (kind, (count, replacement)) in &self.deprecated {
            writeln!(
                out,
                "  {:<32} {count:>6}  use {replacement}",
                printable(kind)
            )?;
        }
        if let Some(why) = &session.lost {
            writeln!(out, "connection lost: {why}")?;
        }
        let total = session.frames.len();
        if self.refusals.is_empty() {
            return writeln!(
                out,
                "summary: {total} frames ({sent} sent, {received} received), every one decoded strictly"
            );
        }
        let refused = self.refused();
        let deprecated: u64 = self.deprecated.values().map(|(n, _)| n).sum();
        let unknown: u64 = self.unknown.values().sum();
        let other = (refused as u64).saturating_sub(deprecated + unknown);
        writeln!(
            out,
            "summary: {total} frames ({sent} sent, {received} received), {} decoded strictly, \
             {refused} refused by strict decoding ({deprecated} deprecated, {unknown} unknown \
             kind, {other} other)",
            total - refused,
        )
    }
}

fn list(out: &mut impl Write, title: &str, counts: &BTreeMap<String, u64>) -> io::Result<()> {
    writeln!(
        out,
        "{title}:{}",
        if counts.is_empty() { " none" } else { "" }
    )?;
    for (kind, count) in counts {
        writeln!(out, "  {:<32} {count:>6}", printable(kind))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn servers_from_urls() {
        let ok = |url: &str| server_of(url).unwrap();
        assert_eq!(
            ok("http://xuc.example.com:8090"),
            ("xuc.example.com:8090".into(), false)
        );
        assert_eq!(
            ok("https://xuc.example.com/"),
            ("xuc.example.com".into(), true)
        );
        assert_eq!(
            ok("HTTP://127.0.0.1:8090/"),
            ("127.0.0.1:8090".into(), false)
        );
        assert_eq!(ok("http://[::1]:8090"), ("[::1]:8090".into(), false));
        // The scheme's own port is left out, as the client's URLs leave it out.
        assert_eq!(
            ok("https://xuc.example.com:443"),
            ("xuc.example.com".into(), true)
        );
        for bad in [
            "xuc.example.com:8090",
            "ws://xuc.example.com:8090",
            "http://xuc.example.com:8090/xuc",
            "http://xuc.example.com:8090/?token=1",
            "http://",
            "",
        ] {
            assert!(server_of(bad).is_err(), "{bad}");
        }
        let secret = server_of("http://alice:hunter22@xuc.example.com").unwrap_err();
        assert!(!secret.contains("hunter22"), "{secret}");
    }

    #[test]
    fn the_commands_are_read_only_and_strict() {
        let strict = Decoder::strict();
        let names: Vec<_> = commands("alice", "1001")
            .iter()
            .map(|command| {
                let frame = cti_proto::encode_command(command);
                strict.decode_command(&frame).expect("strictly valid");
                command.name().to_owned()
            })
            .collect();
        assert_eq!(
            names,
            [
                "getConfig",
                "getList",
                "getFavoriteContacts",
                "searchContacts",
                "displayNameLookup",
                "getCurrentCallsPhoneEvents",
                "getUserCallHistory",
            ]
        );
    }

    #[test]
    fn seconds_are_bounded() {
        assert_eq!(seconds("2.5"), Ok(Duration::from_millis(2500)));
        assert_eq!(seconds("0"), Ok(Duration::ZERO));
        for bad in ["-1", "NaN", "inf", "3601", "1e300", "soon"] {
            assert!(seconds(bad).is_err(), "{bad}");
        }
    }
}
