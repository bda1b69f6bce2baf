//! `cti conform client`: the test double (`cti serve`'s server, demo scenario) listens,
//! a client under test is pointed at it, and what the client sends is judged case by
//! case, from the server's record of each login, connection and frame
//! ([`TestServer::observe`]).
//!
//! The run: wait for the client's REST login and its WebSocket (`client.login.1`);
//! watch its pings for two and a half heartbeat intervals (`client.heartbeat.1`); close
//! the WebSocket from the server's side and wait for the client to log in and connect
//! again (`client.relogin.1`). Every text frame the client sends, in every phase, is
//! decoded in strict mode (`client.strict.1`). Frames no case waits for (a search, a
//! `getList`) are never failures: only how they decode counts.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::Args;
use cti_proto::Decoder;
use cti_testserver::observe::{Observation, Seen};
use cti_testserver::{Config, Scenario, TestServer};
use serde_json::Value;
use tokio::sync::mpsc;

use super::cases::case;
use super::peer::{printable, Transcript};
use super::{usage, Case, Level, Outcome, Plan, Selection, Verdict};

/// `cti conform client`'s options.
#[derive(Args)]
pub struct ClientOptions {
    /// Where the test double listens; port 0 takes a free port (the first line on
    /// standard output says which).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:0")]
    listen: SocketAddr,
    /// The test double's scenario, as `cti serve --scenario` takes it [default: the
    /// demo: user alice, password alice].
    #[arg(long, value_name = "FILE")]
    scenario: Option<PathBuf>,
    /// The longest wait, in seconds, for the client's login, and for its login again
    /// after the close.
    #[arg(long, value_name = "S", default_value = "30", value_parser = seconds)]
    timeout: Duration,
    /// The interval, in seconds, the client's pings are held to: cti.js's 5. A ping
    /// may come half an interval late.
    #[arg(long, value_name = "S", default_value = "5", value_parser = seconds)]
    heartbeat: Duration,
    /// Which cases, and what counts.
    #[command(flatten)]
    select: Selection,
}

/// Seconds, 0.1 to 3,600, as a duration.
fn seconds(text: &str) -> Result<Duration, String> {
    match text.parse::<f64>() {
        Ok(s) if (0.1..=3600.0).contains(&s) => Ok(Duration::from_secs_f64(s)),
        _ => Err(format!("`{text}`: seconds from 0.1 to 3600 are expected")),
    }
}

static LOGIN: Case = case(
    "client.login.1",
    Level::Must,
    "the client logs in over REST, then opens the WebSocket with the token and gets LoggedOn",
    "seed §Login and Authentication (wsurl ...?token=); WIRE.md §4.1-4.3; CLIENTS.md §7.4 (REST login answer)",
);
static HEARTBEAT: Case = case(
    "client.heartbeat.1",
    Level::Must,
    "the client sends {\"claz\":\"ping\"} every heartbeat interval from the socket's opening",
    "CLIENTS.md §1 (cti.js:701-705, 762-779: a ping every 5000 ms); cti_proto::link (heartbeat)",
);
static RELOGIN: Case = case(
    "client.relogin.1",
    Level::Should,
    "after the server closes the WebSocket, the client logs in and connects again",
    "WIRE.md §4.3 (clients fall back to re-login); cti_proto::link (a new login on every reconnect)",
);
static ANSWER: Case = case(
    "client.answer.1",
    Level::Should,
    "the client answers a push that calls for an answer",
    "CLIENTS.md §1-§4: no push calls for an answer",
);
static STRICT: Case = case(
    "client.strict.1",
    Level::Must,
    "every frame the client sends decodes in strict mode",
    "CLIENTS.md §4 (commands as cti.js sends them); WIRE.md §1 (the envelope)",
);

/// The cases, in the order they run.
pub static ALL: &[&Case] = &[&LOGIN, &HEARTBEAT, &RELOGIN, &ANSWER, &STRICT];

/// Why `client.answer.1` is not run.
const NO_ANSWER_RULE: &str = "CLIENTS.md names no push a client must answer: cti.js answers \
no server frame (the heartbeat is the client's own), and what follows a push (QueueList \
then subscribeToQueueStats, XucQueue:12) is one service's choice after its own getList";

/// Strict-mode refusals described in the verdict; more are counted.
const REFUSALS_KEPT: usize = 5;

/// The server's record, read as it comes, and what every phase shares: the strict
/// decoding of each client frame.
struct Watch {
    seen: mpsc::Receiver<Observation>,
    started: Instant,
    /// Client frames decoded (text) or refused (binary).
    frames: usize,
    refused: Vec<String>,
    refused_count: usize,
    /// The client's frames, for `client.strict.1`.
    strict: Transcript,
}

impl Watch {
    /// The next observation before `until`, written in `transcript`; `None` past it, or
    /// once the server is gone.
    async fn next(&mut self, until: Instant, transcript: &mut Transcript) -> Option<Observation> {
        let left = until.saturating_duration_since(Instant::now());
        let observation = tokio::time::timeout(left, self.seen.recv()).await.ok()??;
        match &observation.seen {
            Seen::Login { login, accepted } => transcript.note(format!(
                "REST login {}: {}",
                login
                    .as_deref()
                    .map_or("(no login in the body)".into(), |l| {
                        format!("as {}", printable(l))
                    }),
                if *accepted { "token given" } else { "refused" }
            )),
            Seen::Opened { session, login } => transcript.note(match login {
                Some(login) => format!("WebSocket {session} opened, logged on as {login}"),
                None => format!("WebSocket {session} opened with no valid token"),
            }),
            Seen::Closed { session } => transcript.note(format!("WebSocket {session} closed")),
            Seen::ToClient { text, .. } => transcript.frame(true, false, text.clone()),
            Seen::FromClient { session, text } => {
                transcript.frame(false, false, text.clone());
                self.strict.frame(false, false, text.clone());
                self.judge(*session, observation.at, Some(text));
            }
            Seen::Binary { session, len } => {
                let note = format!("a binary frame of {len} bytes");
                transcript.note(note.clone());
                self.strict.note(note);
                self.judge(*session, observation.at, None);
            }
            _ => {}
        }
        Some(observation)
    }

    /// Decodes a client frame in strict mode (`None`: a binary frame, never right),
    /// keeping the refusal's words: the frame's number, the command and the path.
    fn judge(&mut self, session: u64, at: Instant, text: Option<&str>) {
        self.frames += 1;
        let why = match text {
            None => Some("a binary frame: the protocol's frames are text".to_owned()),
            Some(text) => Decoder::strict().decode_command(text).err().map(|e| {
                let name = command_name(text).map_or_else(
                    || "a frame with no command".to_owned(),
                    |name| format!("`{}`", printable(&name)),
                );
                format!("{name}: {}", printable(&e.to_string()))
            }),
        };
        if let Some(why) = why {
            self.refused_count += 1;
            if self.refused.len() < REFUSALS_KEPT {
                self.refused.push(format!(
                    "frame {} (WebSocket {session}, at {} ms) {why}",
                    self.frames,
                    at.duration_since(self.started).as_millis()
                ));
            }
        }
    }

    /// Waits until `until`, keeping the transcript: what the server sees meanwhile.
    async fn drain(&mut self, until: Instant, transcript: &mut Transcript) {
        while self.next(until, transcript).await.is_some() {}
    }
}

/// The command named in a client frame: `command`, or `claz` for the heartbeat.
fn command_name(text: &str) -> Option<String> {
    let frame: Value = serde_json::from_str(text).ok()?;
    frame
        .get("command")
        .or_else(|| frame.get("claz"))
        .and_then(Value::as_str)
        .map(str::to_owned)
}

/// Whether a client frame is the heartbeat, `{"claz":"ping"}`.
fn is_ping(text: &str) -> bool {
    let Ok(frame) = serde_json::from_str::<Value>(text) else {
        return false;
    };
    frame.get("claz").and_then(Value::as_str) == Some("ping") && frame.get("command").is_none()
}

/// The run's outcomes, in [`ALL`]'s order.
struct Outcomes<'a> {
    plan: &'a Plan,
    outcomes: Vec<Outcome>,
}

impl Outcomes<'_> {
    /// Records a case run since `started` (or, excluded by the plan, why it did not run).
    fn record(
        &mut self,
        case: &'static Case,
        verdict: Verdict,
        started: Instant,
        transcript: Transcript,
    ) {
        let (verdict, transcript) = match self.plan.excluded(case) {
            Some(why) => (Verdict::Skip(why), Transcript::new()),
            None => (verdict, transcript),
        };
        self.outcomes.push(Outcome {
            case,
            known: self.plan.known(case),
            verdict,
            duration: started.elapsed(),
            transcript,
        });
    }

    fn runs(&self, case: &Case) -> bool {
        self.plan.excluded(case).is_none()
    }
}

/// The logged-on connection `client.login.1` saw open, and when.
struct Logged {
    session: u64,
    at: Instant,
}

/// `client.login.1`: a REST login, then a WebSocket logged on, within `timeout`.
async fn login(
    watch: &mut Watch,
    timeout: Duration,
    users: &str,
) -> (Verdict, Transcript, Option<Logged>) {
    let mut transcript = Transcript::new();
    let until = Instant::now() + timeout;
    let mut last_login: Option<(Option<String>, bool)> = None;
    let mut refused_socket = false;
    while let Some(observation) = watch.next(until, &mut transcript).await {
        match observation.seen {
            Seen::Login { login, accepted } => last_login = Some((login, accepted)),
            Seen::Opened {
                session,
                login: Some(login),
            } => {
                let verdict = Verdict::Pass(format!(
                    "REST login as {}, then WebSocket {session} with its token: LoggedOn",
                    printable(&login)
                ));
                let logged = Logged {
                    session,
                    at: observation.at,
                };
                return (verdict, transcript, Some(logged));
            }
            Seen::Opened { login: None, .. } => refused_socket = true,
            _ => {}
        }
    }
    let secs = timeout.as_secs_f64();
    let why = match (last_login, refused_socket) {
        (_, true) => format!(
            "the WebSocket was opened with no token the server gave (LoggedOnError), and no logged-on one within {secs} s"
        ),
        (None, false) => format!("no REST login within {secs} s"),
        (Some((None, _)), false) => format!(
            "the REST login's body is not {{\"login\",\"password\"}} (400 InvalidJson), and no login came right within {secs} s"
        ),
        (Some((Some(login), false)), false) => format!(
            "the REST login as {} was refused (401 InvalidCredentials; the scenario's users: {users})",
            printable(&login)
        ),
        (Some((Some(_), true)), false) => format!(
            "the REST login gave a token, but no WebSocket was opened with it within {secs} s"
        ),
    };
    (Verdict::Fail(why), transcript, None)
}

/// `client.heartbeat.1`: pings on `session` from its opening for 2.5 intervals, none
/// more than half an interval late. A client that closes the socket first is judged on
/// what came until then.
async fn heartbeat(
    watch: &mut Watch,
    logged: &Logged,
    interval: Duration,
) -> (Verdict, Transcript) {
    let mut transcript = Transcript::new();
    let late = interval + interval / 2;
    let until = logged.at + interval * 2 + interval / 2;
    let ms = |at: Instant| at.duration_since(logged.at).as_millis();
    let mut last = logged.at;
    let mut pings = 0;
    let mut longest = Duration::ZERO;
    let mut closed = None;
    while let Some(observation) = watch.next(until, &mut transcript).await {
        match &observation.seen {
            Seen::FromClient { session, text } if *session == logged.session && is_ping(text) => {
                let gap = observation.at.duration_since(last);
                if gap > late {
                    let verdict = Verdict::Fail(format!(
                        "no {{\"claz\":\"ping\"}} from {} ms to {} ms after the socket opened (one every {} ms expected, {} ms allowed)",
                        ms(last),
                        ms(observation.at),
                        interval.as_millis(),
                        late.as_millis()
                    ));
                    return (verdict, transcript);
                }
                longest = longest.max(gap);
                last = observation.at;
                pings += 1;
            }
            Seen::Closed { session } if *session == logged.session => {
                closed = Some(observation.at);
                break;
            }
            _ => {}
        }
    }
    let end = closed.unwrap_or(until).max(last);
    let rule = format!(
        "one every {} ms expected, {} ms allowed",
        interval.as_millis(),
        late.as_millis()
    );
    if end.duration_since(last) > late {
        let verdict = Verdict::Fail(format!(
            "no {{\"claz\":\"ping\"}} from {} ms to {} ms after the socket opened ({rule}); {pings} pings in all",
            ms(last),
            ms(end)
        ));
        return (verdict, transcript);
    }
    let verdict = match (pings, closed) {
        (0, Some(at)) => Verdict::Skip(format!(
            "the client closed the socket {} ms after it opened, before a ping was late",
            ms(at)
        )),
        (_, Some(at)) => Verdict::Pass(format!(
            "{pings} pings until the client closed the socket at {} ms, {} ms apart at most ({rule})",
            ms(at),
            longest.as_millis()
        )),
        _ => Verdict::Pass(format!(
            "{pings} pings in {} ms, {} ms apart at most ({rule})",
            ms(end),
            longest.as_millis()
        )),
    };
    (verdict, transcript)
}

/// `client.relogin.1`: the server closes the client's WebSocket (unless the client did
/// already); a new logged-on one within `timeout`.
async fn relogin(
    watch: &mut Watch,
    server: &TestServer,
    logged: &Logged,
    timeout: Duration,
) -> (Verdict, Transcript) {
    let mut transcript = Transcript::new();
    let closed = server.close_sessions();
    transcript.note(format!(
        "the server closes the WebSocket ({closed} logged-on connections open)"
    ));
    let since = Instant::now();
    let until = since + timeout;
    let mut logged_in = false;
    while let Some(observation) = watch.next(until, &mut transcript).await {
        match observation.seen {
            Seen::Login { accepted: true, .. } => logged_in = true,
            Seen::Opened {
                session,
                login: Some(_),
            } if session != logged.session => {
                let after = observation.at.duration_since(since).as_millis();
                let how = if logged_in {
                    "logged in again (REST) and connected"
                } else {
                    "connected again with its first token (no new REST login)"
                };
                return (
                    Verdict::Pass(format!(
                        "{how}: WebSocket {session}, {after} ms after the close"
                    )),
                    transcript,
                );
            }
            _ => {}
        }
    }
    let why = if logged_in {
        format!(
            "logged in again (REST), but no WebSocket logged on within {} s of the close",
            timeout.as_secs_f64()
        )
    } else {
        format!(
            "no new login nor WebSocket within {} s of the close",
            timeout.as_secs_f64()
        )
    };
    (Verdict::Fail(why), transcript)
}

/// `client.strict.1`, from every client frame of the run.
fn strict_verdict(watch: &Watch) -> Verdict {
    let unkept = match watch.strict.dropped {
        0 => String::new(),
        n => format!(" ({n} frames over the report's bounds are not in its transcript)"),
    };
    match (watch.frames, watch.refused.first()) {
        (0, _) => Verdict::Skip("the client sent no frame".to_owned()),
        (n, None) => Verdict::Pass(format!("{n} frames, all strict{unkept}")),
        (n, Some(first)) => Verdict::Fail(format!(
            "{} of {n} frames refused; first: {first}",
            watch.refused_count
        )),
    }
}

/// The cases against a client, once the server listens and `seen` watches it.
async fn cases(
    server: &TestServer,
    seen: mpsc::Receiver<Observation>,
    options: &ClientOptions,
    plan: &Plan,
    users: &str,
) -> Vec<Outcome> {
    let mut watch = Watch {
        seen,
        started: Instant::now(),
        frames: 0,
        refused: Vec::new(),
        refused_count: 0,
        strict: Transcript::new(),
    };
    let mut out = Outcomes {
        plan,
        outcomes: Vec::new(),
    };
    let started = Instant::now();
    let (verdict, transcript, logged) = login(&mut watch, options.timeout, users).await;
    out.record(&LOGIN, verdict, started, transcript);
    let not_logged = || Verdict::Skip("the client did not log on (client.login.1)".to_owned());
    let started = Instant::now();
    match &logged {
        Some(logged) if out.runs(&HEARTBEAT) => {
            let (verdict, transcript) = heartbeat(&mut watch, logged, options.heartbeat).await;
            out.record(&HEARTBEAT, verdict, started, transcript);
        }
        _ => out.record(&HEARTBEAT, not_logged(), started, Transcript::new()),
    }
    let started = Instant::now();
    match &logged {
        Some(logged) if out.runs(&RELOGIN) => {
            let (verdict, transcript) = relogin(&mut watch, server, logged, options.timeout).await;
            out.record(&RELOGIN, verdict, started, transcript);
        }
        _ => out.record(&RELOGIN, not_logged(), started, Transcript::new()),
    }
    out.record(
        &ANSWER,
        Verdict::Skip(NO_ANSWER_RULE.to_owned()),
        Instant::now(),
        Transcript::new(),
    );
    // What is still on its way (the frames of the last moment) is judged too.
    let mut rest = Transcript::new();
    watch
        .drain(Instant::now() + Duration::from_millis(100), &mut rest)
        .await;
    let verdict = strict_verdict(&watch);
    let transcript = std::mem::replace(&mut watch.strict, Transcript::new());
    out.record(&STRICT, verdict, watch.started, transcript);
    out.outcomes
}

/// Runs `cti conform client`.
pub fn run(options: &ClientOptions) -> ExitCode {
    let plan = match options.select.plan(ALL, false) {
        Ok(plan) => plan,
        Err(e) => return usage(e),
    };
    let runtime = match super::runtime() {
        Ok(runtime) => runtime,
        Err(e) => return usage(e),
    };
    let scenario = match &options.scenario {
        Some(path) => match Scenario::load(path) {
            Ok(scenario) => scenario,
            Err(e) => return usage(e.to_string()),
        },
        None => Scenario::demo(),
    };
    // Who may log in, as the hint and a refused login's verdict say it.
    let users = match &options.scenario {
        Some(_) => scenario
            .users
            .iter()
            .map(|u| u.login.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        None => "alice, password alice".to_owned(),
    };
    let started = Instant::now();
    let outcomes = runtime.block_on(async {
        let config = Config::new(scenario).listen(options.listen);
        let server = TestServer::start(config)
            .await
            .map_err(|e| format!("cannot start the test double: {}", crate::chain(&e)))?;
        let seen = server.observe();
        {
            use std::io::Write;
            let mut stdout = std::io::stdout().lock();
            writeln!(stdout, "listening on {}", server.url())
                .and_then(|()| stdout.flush())
                .map_err(|e| format!("cannot write: {e}"))?;
        }
        eprintln!(
            "cti: waiting {} s for the client under test to log in at {} (users: {users})",
            options.timeout.as_secs_f64(),
            server.url()
        );
        let outcomes = cases(&server, seen, options, &plan, &users).await;
        // The client's sockets get a close frame; a shutdown that fails changes no verdict.
        let _ = server.shutdown().await;
        Ok::<_, String>(outcomes)
    });
    match outcomes {
        Ok(outcomes) => options
            .select
            .finish(&outcomes, "cti conform client", started.elapsed()),
        Err(e) => usage(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_heartbeat_is_claz_ping_alone() {
        assert!(is_ping(r#"{"claz":"ping"}"#));
        assert!(!is_ping(r#"{"claz":"web","command":"ping"}"#));
        assert!(!is_ping(r#"{"claz":"ping","command":"dial"}"#));
        assert!(!is_ping("ping"));
    }

    #[test]
    fn seconds_are_bounded() {
        assert_eq!(seconds("1.5"), Ok(Duration::from_millis(1500)));
        assert!(seconds("0").is_err());
        assert!(seconds("NaN").is_err());
        assert!(seconds("-3").is_err());
    }
}
