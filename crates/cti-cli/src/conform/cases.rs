//! The cases of `cti conform server`, in the order they run, each with the evidence that
//! defines it. Commands are written as cti.js writes them (WIRE.md §1).

use std::time::{Duration, Instant};

use cti_testserver::scenario::check_event;
use serde_json::Value;

use super::peer::{self, msg_type, printable, LoginOutcome, Server, Socket, Transcript};
use super::{Case, Level, Outcome, Plan, Verdict};

/// What the cases need to know.
pub struct Settings {
    pub server: Server,
    pub login: String,
    pub password: String,
    pub phone: Option<String>,
    pub dial: Option<String>,
    pub peer: Option<Peer>,
    pub search: String,
}

/// The second user (`--peer`), for the call between two users.
pub struct Peer {
    pub login: String,
    pub password: String,
    /// Its phone number, which the user dials (`--peer-phone`).
    pub phone: Option<String>,
}

/// A case that does not change the server's state (`cti conform client`'s too).
pub(super) const fn case(
    id: &'static str,
    level: Level,
    title: &'static str,
    evidence: &'static str,
) -> Case {
    Case {
        id,
        level,
        title,
        evidence,
        changes: false,
    }
}

const fn changing(case: Case) -> Case {
    Case {
        changes: true,
        ..case
    }
}

static LOGIN: Case = case(
    "login.rest.1",
    Level::Must,
    "POST /xuc/api/2.0/auth/login with the user's credentials gives a token",
    "WIRE.md §4.1 (REST doc, verbatim): {login, token, TTL}",
);
static LOGIN_REFUSED: Case = case(
    "login.rest.2",
    Level::Must,
    "a wrong password gets {error, message} and no token",
    "WIRE.md §4.1 (REST doc, verbatim): or an error {error, message}",
);
static TOKEN_URL: Case = case(
    "login.url.1",
    Level::Must,
    "the WebSocket opens at /xuc/api/2.0/cti?token=TOKEN",
    "seed §Login and Authentication; WIRE.md §4.2",
);
static LOGGED_ON: Case = case(
    "session.loggedon.1",
    Level::Must,
    "LoggedOn comes within 10 s of the socket opening",
    "WIRE.md §4.3 (documented); CLIENTS.md §2 LoggedOn",
);
static PUSHES: Case = case(
    "session.pushes.1",
    Level::Info,
    "what the server pushes unasked in the 3 s after LoggedOn",
    "WIRE.md §4.3 (inferred: clients expect pushes after LoggedOn)",
);
static PREFERENCES_ON_LOGIN: Case = case(
    "user.preferences.1",
    Level::Should,
    "UserPreference comes after LoggedOn, unasked",
    "seed §User Preference Update: triggered on login",
);
static HEARTBEAT: Case = case(
    "session.heartbeat.1",
    Level::Must,
    "a frame comes within 15 s of {\"claz\":\"ping\"} (cti.js closes after 3 silent 5 s ticks)",
    "WIRE.md §0 heartbeat; CLIENTS.md §1",
);
static SEARCH: Case = case(
    "user.search.1",
    Level::Must,
    "searchContacts gets a ContactSheet",
    "seed §Cti.searchContacts",
);
static SEARCH_COMPANION: Case = case(
    "user.search.2",
    Level::Should,
    "searchContacts also gets the deprecated DirectoryResult",
    "seed §Cti.searchContacts notes: you will both receive",
);
static FAVORITES: Case = case(
    "user.favorites.1",
    Level::Must,
    "getFavoriteContacts gets a FavoriteContactSheet",
    "seed §Cti.getFavoriteContacts; WIRE.md §1.3",
);
static FAVORITES_COMPANION: Case = case(
    "user.favorites.2",
    Level::Should,
    "getFavoriteContacts also gets the deprecated Favorites",
    "seed §Cti.getFavoriteContacts notes",
);
static DISPLAY_NAME: Case = case(
    "user.displayname.1",
    Level::Should,
    "displayNameLookup of the user gets a UserDisplayName",
    "seed §Cti.displayNameLookup; WIRE.md §1.2",
);
static SET_PREFERENCE: Case = changing(case(
    "user.preference.1",
    Level::Must,
    "setUserPreference PREFERRED_DEVICE gets a UserPreference with that key",
    "seed §User Preference Update: then triggered when a user preference is updated",
));
static UNKNOWN_COMMAND: Case = case(
    "session.unknown.1",
    Level::Should,
    "an unknown command does not end the session: a ping after it is still answered",
    "DESIGN.md: unknown is data; WIRE.md §1.12 (companion libraries send commands a server may not know)",
);
static DIAL: Case = changing(case(
    "phone.dial.1",
    Level::Must,
    "dial (--dial NUMBER) gets a PhoneEvent EventDialing",
    "WIRE.md §1.4 dial; CLIENTS.md §3 PhoneEvent.eventType",
));
static RELEASE: Case = changing(case(
    "phone.release.1",
    Level::Must,
    "hangup after the dial gets a PhoneEvent EventReleased",
    "WIRE.md §1.4 hangup; CLIENTS.md §3 (XucPhoneEventListener:4-8)",
));
static PEER_RING: Case = changing(case(
    "phone.peer.ring.1",
    Level::Must,
    "dial to the peer's number (--peer-phone N) rings the peer: a PhoneEvent EventRinging on the peer's session",
    "WIRE.md §2.3 PhoneEvent (verbatim EventRinging sample, phone.html); CLIENTS.md §3 PhoneEvent.eventType (XucPhoneEventListener:4-8)",
));
static PEER_CALLER: Case = changing(case(
    "phone.peer.ring.2",
    Level::Should,
    "the peer's EventRinging names the caller: otherDN is the user's number (--phone N)",
    "CLIENTS.md §3 PhoneEvent.otherDN (XucPhoneState:90-92; XucCallNotification:22)",
));
static PEER_ANSWER: Case = changing(case(
    "phone.peer.answer.1",
    Level::Must,
    "answer on the peer's session gets a PhoneEvent EventEstablished there",
    "WIRE.md §1.4 answer (cti.js:584-606); CLIENTS.md §3 PhoneEvent.eventType, state Established (XucPhoneState:5-10, 19-23)",
));
static PEER_ANSWERED: Case = changing(case(
    "phone.peer.answer.2",
    Level::Must,
    "once the peer answers, the user's session gets a PhoneEvent EventEstablished",
    "CLIENTS.md §3 PhoneEvent.eventType, state Established (XucPhoneState:5-10, 19-23); WIRE.md §1.4",
));
static PEER_RELEASE: Case = changing(case(
    "phone.peer.release.1",
    Level::Must,
    "hangup on the user's session gets a PhoneEvent EventReleased there",
    "WIRE.md §1.4 hangup (cti.js:584-606); CLIENTS.md §3 (XucPhoneEventListener:4-8)",
));
static PEER_RELEASED: Case = changing(case(
    "phone.peer.release.2",
    Level::Must,
    "when the user hangs up, the peer's session gets a PhoneEvent EventReleased",
    "CLIENTS.md §3 PhoneEvent.uniqueId, the key on EventReleased (XucPhoneState:75-77, 84, 107)",
));
static AGENT_LOGIN: Case = changing(case(
    "agent.login.1",
    Level::Must,
    "agentLogin on --phone N gets an AgentStateEvent AgentLogin or AgentReady",
    "WIRE.md §1.7 agentLogin; CLIENTS.md §2 AgentStateEvent (XucAgentUser:69-102)",
));
static AGENT_PAUSE: Case = changing(case(
    "agent.pause.1",
    Level::Must,
    "pauseAgent of the user's own agent gets an AgentStateEvent AgentOnPause",
    "WIRE.md §1.7 pauseAgent; CLIENTS.md §2 AgentStateEvent (XucAgent:297-298)",
));
static AGENT_READY: Case = changing(case(
    "agent.ready.1",
    Level::Must,
    "unpauseAgent gets an AgentStateEvent AgentReady",
    "WIRE.md §1.7 unpauseAgent; CLIENTS.md §2 AgentStateEvent",
));
static AGENT_LOGOUT: Case = changing(case(
    "agent.logout.1",
    Level::Must,
    "agentLogout gets an AgentStateEvent AgentLoggedOut",
    "WIRE.md §1.7 agentLogout; CLIENTS.md §2 AgentStateEvent",
));
static STRICT: Case = case(
    "session.strict.1",
    Level::Should,
    "every frame received in the run decodes in strict mode",
    "DESIGN.md: strict never refuses what the evidence shows; CLIENTS.md §5",
);

/// Every case, in the order they run.
pub static ALL: &[&Case] = &[
    &LOGIN,
    &LOGIN_REFUSED,
    &TOKEN_URL,
    &LOGGED_ON,
    &PUSHES,
    &PREFERENCES_ON_LOGIN,
    &HEARTBEAT,
    &SEARCH,
    &SEARCH_COMPANION,
    &FAVORITES,
    &FAVORITES_COMPANION,
    &DISPLAY_NAME,
    &SET_PREFERENCE,
    &UNKNOWN_COMMAND,
    &DIAL,
    &RELEASE,
    &PEER_RING,
    &PEER_CALLER,
    &PEER_ANSWER,
    &PEER_ANSWERED,
    &PEER_RELEASE,
    &PEER_RELEASED,
    &AGENT_LOGIN,
    &AGENT_PAUSE,
    &AGENT_READY,
    &AGENT_LOGOUT,
    &STRICT,
];

/// How long an answer may take.
const ANSWER: Duration = Duration::from_secs(5);
/// cti.js's heartbeat gives up after three silent ticks of 5 s.
const HEARTBEAT_WAIT: Duration = Duration::from_secs(15);

struct Run<'a> {
    plan: &'a Plan,
    outcomes: Vec<Outcome>,
    /// Tokens given in the run besides the user's (the peer's): redacted.
    secrets: Vec<String>,
}

/// A case under way.
struct Open {
    case: &'static Case,
    started: Instant,
    transcript: Transcript,
}

impl Run<'_> {
    /// Starts a case, or records why it does not run.
    fn open(&mut self, case: &'static Case) -> Option<Open> {
        if let Some(why) = self.plan.excluded(case) {
            self.record(case, Verdict::Skip(why), Duration::ZERO, Transcript::new());
            return None;
        }
        Some(Open {
            case,
            started: Instant::now(),
            transcript: Transcript::new(),
        })
    }

    /// Starts a case that others need, whether or not it runs: its frames are kept and
    /// its verdict recorded ([`Run::close_if_run`]) only when it runs.
    fn needed(&mut self, case: &'static Case) -> Open {
        self.open(case).unwrap_or(Open {
            case,
            started: Instant::now(),
            transcript: Transcript::new(),
        })
    }

    fn close(&mut self, open: Open, verdict: Verdict) {
        self.record(open.case, verdict, open.started.elapsed(), open.transcript);
    }

    /// Closes a case started with [`Run::needed`]: recorded when it runs.
    fn close_if_run(&mut self, open: Open, verdict: Verdict) {
        if self.plan.excluded(open.case).is_none() {
            self.close(open, verdict);
        }
    }

    fn skip(&mut self, case: &'static Case, why: &str) {
        if let Some(open) = self.open(case) {
            self.close(open, Verdict::Skip(why.to_owned()));
        }
    }

    fn record(
        &mut self,
        case: &'static Case,
        verdict: Verdict,
        duration: Duration,
        transcript: Transcript,
    ) {
        let known = self.plan.known(case);
        self.outcomes.push(Outcome {
            case,
            verdict,
            known,
            duration,
            transcript,
        });
    }
}

/// The `msgType` of a frame's text, if it has one.
fn kind_of(text: &str) -> Option<String> {
    serde_json::from_str::<Value>(text)
        .ok()
        .and_then(|v| msg_type(&v).map(str::to_owned))
}

/// A frame that decodes in strict mode, or the reason it does not, naming it. A
/// deprecated kind is judged on its shape: the docs promise the deprecated companions
/// (`DirectoryResult` beside `ContactSheet`), so only an irregularity beyond the
/// deprecation itself counts against it (the test double's own rule for what it sends).
fn strictly(text: &str) -> Result<(), String> {
    check_event(text).map(drop).map_err(|why| {
        let kind = printable(&kind_of(text).unwrap_or_else(|| "?".to_owned()));
        format!(
            "the `{kind}` frame does not decode strictly: {}",
            printable(&why)
        )
    })
}

/// Waits for a frame of `kind` (others skipped) and judges it strictly.
async fn answer(socket: &mut Socket, open: &mut Open, kind: &str) -> Verdict {
    match socket
        .expect(ANSWER, &mut open.transcript, |_, v| {
            msg_type(v) == Some(kind)
        })
        .await
    {
        Ok(text) => match strictly(&text) {
            Ok(()) => Verdict::Pass(format!("a `{kind}` came")),
            Err(why) => Verdict::Fail(why),
        },
        Err(why) => Verdict::Fail(format!("no `{kind}`: {why}")),
    }
}

/// Sends a command; `Err` is the verdict when it cannot be sent.
async fn send(socket: &mut Socket, open: &mut Open, frame: &str) -> Result<(), Verdict> {
    socket
        .send(frame, &mut open.transcript)
        .await
        .map_err(Verdict::Fail)
}

/// Runs every case of the plan against the server.
pub async fn run(settings: &Settings, plan: &Plan) -> Vec<Outcome> {
    let mut run = Run {
        plan,
        outcomes: Vec::new(),
        secrets: Vec::new(),
    };
    let token = login(&mut run, settings).await;
    let socket = match &token {
        Some(token) => logged_on(&mut run, settings, token).await,
        None => None,
    };
    match socket {
        Some(mut socket) => {
            session(&mut run, settings, &mut socket).await;
            socket.close().await;
        }
        None => {
            let needed: Vec<&'static Case> = ALL
                .iter()
                .copied()
                .filter(|case| !run.outcomes.iter().any(|o| o.case.id == case.id))
                .filter(|case| case.id != STRICT.id)
                .collect();
            for case in needed {
                run.skip(
                    case,
                    "needs a logged-on session (login.rest.1, login.url.1, session.loggedon.1)",
                );
            }
        }
    }
    strict_check(&mut run);
    // A server may echo the password or the token (in a refusal, a frame): neither goes
    // to the terminal or the report.
    let mut secrets = vec![settings.password.as_str()];
    if let Some(token) = &token {
        secrets.push(token);
    }
    if let Some(peer) = &settings.peer {
        secrets.push(&peer.password);
    }
    secrets.extend(run.secrets.iter().map(String::as_str));
    for outcome in &mut run.outcomes {
        outcome.redact(&secrets);
    }
    run.outcomes
}

/// A password that is not the user's, random, sharing no text with it.
fn wrong_password(real: &str) -> String {
    use std::hash::{BuildHasher, Hasher};
    loop {
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u32(std::process::id());
        let wrong = format!("cti-conform-{:016x}", hasher.finish());
        if !wrong.contains(real) && !real.contains(&wrong) {
            return wrong;
        }
    }
}

/// The two REST cases; the token when the first passed (or was not run but a token came).
async fn login(run: &mut Run<'_>, settings: &Settings) -> Option<String> {
    let mut token = None;
    let mut open = run.needed(&LOGIN);
    let outcome = peer::login(
        &settings.server,
        &settings.login,
        &settings.password,
        &mut open.transcript,
    )
    .await;
    let verdict = match outcome {
        Ok(LoginOutcome::Token(t)) => {
            token = Some(t);
            Verdict::Pass("a token came".to_owned())
        }
        Ok(LoginOutcome::Other(status, body)) => {
            Verdict::Fail(format!("no token: {status} {}", printable(&body)))
        }
        Err(why) => Verdict::Fail(why),
    };
    run.close_if_run(open, verdict);

    if let Some(mut open) = run.open(&LOGIN_REFUSED) {
        // Not built from the real password: a server may echo or log what it refuses.
        let wrong = wrong_password(&settings.password);
        let outcome = peer::login(
            &settings.server,
            &settings.login,
            &wrong,
            &mut open.transcript,
        )
        .await;
        let verdict = match outcome {
            Ok(LoginOutcome::Token(_)) => Verdict::Fail("a wrong password got a token".to_owned()),
            Ok(LoginOutcome::Other(status, body)) => {
                let value: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
                if value.get("error").is_some_and(Value::is_string) {
                    Verdict::Pass(format!("refused: {status}, error {}", value["error"]))
                } else {
                    Verdict::Fail(format!(
                        "refused without {{error, message}}: {status} {}",
                        printable(&body)
                    ))
                }
            }
            Err(why) => Verdict::Fail(why),
        };
        run.close(open, verdict);
    }
    token
}

/// The token URL and `LoggedOn`; the socket once logged on.
async fn logged_on(run: &mut Run<'_>, settings: &Settings, token: &str) -> Option<Socket> {
    let mut open = run.open(&TOKEN_URL);
    let socket = Socket::open(&settings.server, token).await;
    let mut socket = match socket {
        Ok(socket) => {
            if let Some(open) = open.take() {
                run.close(open, Verdict::Pass("the WebSocket opened".to_owned()));
            }
            socket
        }
        Err(why) => {
            if let Some(open) = open.take() {
                run.close(open, Verdict::Fail(why));
            }
            return None;
        }
    };
    let mut open = run.needed(&LOGGED_ON);
    let got = socket
        .expect(Duration::from_secs(10), &mut open.transcript, |_, v| {
            matches!(msg_type(v), Some("LoggedOn" | "LoggedOnError"))
        })
        .await;
    let (verdict, ok) = match got {
        Ok(text) if kind_of(&text) == Some("LoggedOnError".to_owned()) => (
            Verdict::Fail(format!("LoggedOnError: {}", printable(&text))),
            false,
        ),
        Ok(text) => match strictly(&text) {
            Ok(()) => (Verdict::Pass("LoggedOn came".to_owned()), true),
            Err(why) => (Verdict::Fail(why), true),
        },
        Err(why) => (Verdict::Fail(format!("no LoggedOn: {why}")), false),
    };
    run.close_if_run(open, verdict);
    ok.then_some(socket)
}

/// The cases on a logged-on session.
async fn session(run: &mut Run<'_>, settings: &Settings, socket: &mut Socket) {
    // What comes unasked after LoggedOn; read whether or not the two cases run, so that
    // the pushes are not taken for answers to what comes next.
    let pushes = run.open(&PUSHES);
    let preferences = run.open(&PREFERENCES_ON_LOGIN);
    {
        let mut transcript = Transcript::new();
        let deadline = Instant::now() + Duration::from_secs(3);
        // Kinds in the order first seen, with how many of each; a server sending endless
        // new kinds gets only the first few listed.
        const MAX_KINDS: usize = 32;
        let mut kinds: Vec<(String, usize)> = Vec::new();
        let mut frames = 0;
        while let peer::Next::Frame(text) = socket.next(deadline, &mut transcript).await {
            frames += 1;
            let kind = kind_of(&text).unwrap_or_else(|| "?".to_owned());
            if let Some((_, count)) = kinds.iter_mut().find(|(k, _)| *k == kind) {
                *count += 1;
            } else if kinds.len() < MAX_KINDS {
                kinds.push((kind, 1));
            }
        }
        let listed = if kinds.is_empty() {
            "nothing".to_owned()
        } else {
            let named: Vec<String> = kinds
                .iter()
                .map(|(kind, n)| {
                    let kind = printable(kind);
                    if *n > 1 {
                        format!("{kind} ×{n}")
                    } else {
                        kind
                    }
                })
                .collect();
            let listed: usize = kinds.iter().map(|(_, n)| n).sum();
            let more = frames - listed;
            if more > 0 {
                format!("{} and {more} frames of other kinds", named.join(", "))
            } else {
                named.join(", ")
            }
        };
        let has_preferences = kinds.iter().any(|(k, _)| k == "UserPreference");
        // The frames go with the first of the two cases that runs.
        let mut transcript = Some(transcript);
        if let Some(mut open) = pushes {
            open.transcript = transcript.take().unwrap_or_else(Transcript::new);
            run.close(open, Verdict::Info(format!("pushed: {listed}")));
        }
        if let Some(mut open) = preferences {
            if let Some(t) = transcript.take() {
                open.transcript = t;
            }
            let verdict = if has_preferences {
                Verdict::Pass("a UserPreference came".to_owned())
            } else {
                Verdict::Fail(format!(
                    "no UserPreference in the 3 s after LoggedOn (pushed: {listed})"
                ))
            };
            run.close(open, verdict);
        }
    }

    if let Some(mut open) = run.open(&HEARTBEAT) {
        let verdict = match send(socket, &mut open, r#"{"claz":"ping"}"#).await {
            Err(verdict) => verdict,
            Ok(()) => match socket
                .expect(HEARTBEAT_WAIT, &mut open.transcript, |_, _| true)
                .await
            {
                Ok(_) => Verdict::Pass("a frame came after the ping".to_owned()),
                Err(why) => Verdict::Fail(format!(
                    "no frame after the ping ({why}): cti.js would close and reconnect"
                )),
            },
        };
        run.close(open, verdict);
    }

    let search = format!(
        r#"{{"claz":"web","command":"searchContacts","term":{}}}"#,
        Value::from(settings.search.as_str())
    );
    pair(
        run,
        socket,
        (&SEARCH, "ContactSheet"),
        (&SEARCH_COMPANION, "DirectoryResult"),
        &search,
    )
    .await;
    pair(
        run,
        socket,
        (&FAVORITES, "FavoriteContactSheet"),
        (&FAVORITES_COMPANION, "Favorites"),
        r#"{"claz":"web","command":"getFavoriteContacts"}"#,
    )
    .await;

    if let Some(mut open) = run.open(&DISPLAY_NAME) {
        let frame = format!(
            r#"{{"claz":"web","command":"displayNameLookup","username":{}}}"#,
            Value::from(settings.login.as_str())
        );
        let verdict = match send(socket, &mut open, &frame).await {
            Err(verdict) => verdict,
            Ok(()) => answer(socket, &mut open, "UserDisplayName").await,
        };
        run.close(open, verdict);
    }

    if let Some(mut open) = run.open(&SET_PREFERENCE) {
        let frame = r#"{"claz":"web","command":"setUserPreference","key":"PREFERRED_DEVICE","value":"TypeDefaultDevice","value_type":"String"}"#;
        let verdict = match send(socket, &mut open, frame).await {
            Err(verdict) => verdict,
            Ok(()) => match socket
                .expect(ANSWER, &mut open.transcript, |_, v| {
                    msg_type(v) == Some("UserPreference")
                        && v["ctiMessage"].get("PREFERRED_DEVICE").is_some()
                })
                .await
            {
                Ok(text) => match strictly(&text) {
                    Ok(()) => Verdict::Pass("a UserPreference with PREFERRED_DEVICE came".into()),
                    Err(why) => Verdict::Fail(why),
                },
                Err(why) => {
                    Verdict::Fail(format!("no UserPreference with PREFERRED_DEVICE: {why}"))
                }
            },
        };
        run.close(open, verdict);
    }

    if let Some(mut open) = run.open(&UNKNOWN_COMMAND) {
        let mut verdict = None;
        for frame in [
            r#"{"claz":"web","command":"ctiConformNoSuchCommand"}"#,
            r#"{"claz":"ping"}"#,
        ] {
            if let Err(v) = send(socket, &mut open, frame).await {
                verdict = Some(v);
                break;
            }
        }
        let verdict = match verdict {
            Some(verdict) => verdict,
            None => {
                let mut error = false;
                let got = socket
                    .expect(HEARTBEAT_WAIT, &mut open.transcript, |_, v| {
                        // An `Error` answers the unknown command; what comes after it
                        // shows the session goes on.
                        if msg_type(v) == Some("Error") {
                            error = true;
                            return false;
                        }
                        true
                    })
                    .await;
                match got {
                    Ok(_) if error => {
                        Verdict::Pass("an Error came, and the session goes on".into())
                    }
                    Ok(_) => Verdict::Pass("the session goes on".into()),
                    Err(why) => Verdict::Fail(format!("after an unknown command: {why}")),
                }
            }
        };
        run.close(open, verdict);
    }

    phone(run, settings, socket).await;
    peer_call(run, settings, socket).await;
    agent(run, settings, socket).await;
}

/// An agent logged in on `--phone`, paused, ready again and logged out, each step judged
/// by the `AgentStateEvent` it gets (an `AgentError` fails it).
async fn agent(run: &mut Run<'_>, settings: &Settings, socket: &mut Socket) {
    let steps = [&AGENT_LOGIN, &AGENT_PAUSE, &AGENT_READY, &AGENT_LOGOUT];
    let Some(phone) = &settings.phone else {
        for case in steps {
            run.skip(case, "needs --phone N");
        }
        return;
    };
    let login = format!(
        r#"{{"claz":"web","command":"agentLogin","agentphonenumber":{}}}"#,
        Value::from(phone.as_str())
    );
    let plan: [(&'static Case, &str, &[&str]); 4] = [
        (&AGENT_LOGIN, &login, &["AgentLogin", "AgentReady"]),
        (
            &AGENT_PAUSE,
            r#"{"claz":"web","command":"pauseAgent"}"#,
            &["AgentOnPause"],
        ),
        (
            &AGENT_READY,
            r#"{"claz":"web","command":"unpauseAgent"}"#,
            &["AgentReady"],
        ),
        (
            &AGENT_LOGOUT,
            r#"{"claz":"web","command":"agentLogout"}"#,
            &["AgentLoggedOut"],
        ),
    ];
    let mut logged_in = false;
    for (case, frame, states) in plan {
        if case.id != AGENT_LOGIN.id && !logged_in {
            run.skip(case, "needs agent.login.1");
            continue;
        }
        let Some(mut open) = run.open(case) else {
            continue;
        };
        let verdict = match send(socket, &mut open, frame).await {
            Err(verdict) => verdict,
            Ok(()) => match socket
                .expect(ANSWER, &mut open.transcript, |_, v| {
                    let name = v["ctiMessage"]["name"].as_str().unwrap_or_default();
                    msg_type(v) == Some("AgentError")
                        || (msg_type(v) == Some("AgentStateEvent") && states.contains(&name))
                })
                .await
            {
                Ok(text) if kind_of(&text) == Some("AgentError".to_owned()) => {
                    Verdict::Fail(format!("an AgentError came: {}", printable(&text)))
                }
                Ok(text) => match strictly(&text) {
                    Ok(()) => {
                        Verdict::Pass(format!("an AgentStateEvent {} came", states.join(" or ")))
                    }
                    Err(why) => Verdict::Fail(why),
                },
                Err(why) => {
                    Verdict::Fail(format!("no AgentStateEvent {}: {why}", states.join(" or ")))
                }
            },
        };
        logged_in |= case.id == AGENT_LOGIN.id && matches!(verdict, Verdict::Pass(_));
        run.close(open, verdict);
    }
}

/// A command answered by two kinds: the current one (`must`) and its deprecated companion
/// (`should`), in either order.
async fn pair(
    run: &mut Run<'_>,
    socket: &mut Socket,
    (main, main_kind): (&'static Case, &str),
    (companion, companion_kind): (&'static Case, &str),
    frame: &str,
) {
    let first = run.open(main);
    let second = run.open(companion);
    let (mut open, mut second) = match (first, second) {
        (Some(open), second) => (open, second),
        (None, Some(open)) => (open, None),
        (None, None) => return,
    };
    let judge_main = open.case.id == main.id;
    if let Err(verdict) = send(socket, &mut open, frame).await {
        if let Some(second) = second {
            run.close(second, verdict.clone());
        }
        run.close(open, verdict);
        return;
    }
    let (mut main_frame, mut companion_frame) = (None, None);
    let want_main = judge_main;
    let want_companion = !judge_main || second.is_some();
    let _ = socket
        .expect(ANSWER, &mut open.transcript, |text, v| {
            match msg_type(v) {
                Some(k) if k == main_kind => main_frame = Some(text.to_owned()),
                Some(k) if k == companion_kind => companion_frame = Some(text.to_owned()),
                _ => {}
            }
            (!want_main || main_frame.is_some()) && (!want_companion || companion_frame.is_some())
        })
        .await;
    let judge = |frame: &Option<String>, kind: &str| match frame {
        Some(text) => match strictly(text) {
            Ok(()) => Verdict::Pass(format!("a `{kind}` came")),
            Err(why) => Verdict::Fail(why),
        },
        None => Verdict::Fail(format!("no `{kind}` within {} s", ANSWER.as_secs())),
    };
    let main_verdict = judge(&main_frame, main_kind);
    let companion_verdict = judge(&companion_frame, companion_kind);
    if judge_main {
        run.close(open, main_verdict);
        if let Some(mut second) = second.take() {
            second
                .transcript
                .note(format!("(the frames are in the transcript of {})", main.id));
            run.close(second, companion_verdict);
        }
    } else {
        run.close(open, companion_verdict);
    }
}

/// A call from `dial` to `EventReleased`.
async fn phone(run: &mut Run<'_>, settings: &Settings, socket: &mut Socket) {
    let Some(number) = &settings.dial else {
        run.skip(&DIAL, "needs --dial NUMBER");
        run.skip(&RELEASE, "needs --dial NUMBER");
        return;
    };
    let Some(mut open) = run.open(&DIAL) else {
        run.skip(&RELEASE, "needs phone.dial.1");
        return;
    };
    let frame = dial_command(number);
    let verdict = match send(socket, &mut open, &frame).await {
        Err(verdict) => verdict,
        Ok(()) => phone_event(socket, &mut open, "EventDialing", None).await.0,
    };
    let dialed = matches!(verdict, Verdict::Pass(_));
    run.close(open, verdict);
    if !dialed {
        run.skip(&RELEASE, "needs phone.dial.1");
        return;
    }
    if let Some(mut open) = run.open(&RELEASE) {
        let verdict = match send(socket, &mut open, r#"{"claz":"web","command":"hangup"}"#).await {
            Err(verdict) => verdict,
            Ok(()) => {
                phone_event(socket, &mut open, "EventReleased", None)
                    .await
                    .0
            }
        };
        run.close(open, verdict);
    }
}

/// How long a phone event may take (a real phone rings, a real far end answers).
const PHONE_WAIT: Duration = Duration::from_secs(10);

/// Waits on `socket` for a `PhoneEvent` of `event_type` (of the call `unique_id`, when
/// given; others skipped) and judges it strictly; the verdict, and the frame's
/// `ctiMessage` when one came.
async fn phone_event(
    socket: &mut Socket,
    open: &mut Open,
    event_type: &str,
    unique_id: Option<&str>,
) -> (Verdict, Option<Value>) {
    let got = socket
        .expect(PHONE_WAIT, &mut open.transcript, |_, v| {
            let event = &v["ctiMessage"];
            msg_type(v) == Some("PhoneEvent")
                && event["eventType"] == event_type
                && unique_id.is_none_or(|id| event["uniqueId"] == id)
        })
        .await;
    match got {
        Ok(text) => {
            let event = serde_json::from_str::<Value>(&text)
                .ok()
                .map(|mut v| v["ctiMessage"].take());
            let verdict = match strictly(&text) {
                Ok(()) => Verdict::Pass(format!("{event_type} came")),
                Err(why) => Verdict::Fail(why),
            };
            (verdict, event)
        }
        Err(why) => (
            Verdict::Fail(format!("no PhoneEvent {event_type}: {why}")),
            None,
        ),
    }
}

/// The peer cases, in order.
const PEER_CASES: [&Case; 6] = [
    &PEER_RING,
    &PEER_CALLER,
    &PEER_ANSWER,
    &PEER_ANSWERED,
    &PEER_RELEASE,
    &PEER_RELEASED,
];

/// A command of cti.js's phone API (WIRE.md §1.4), with `uniqueId` when known (cti.js
/// sends it only when given).
fn call_command(command: &str, unique_id: Option<&str>) -> String {
    match unique_id {
        Some(id) => format!(
            r#"{{"claz":"web","command":"{command}","uniqueId":{}}}"#,
            Value::from(id)
        ),
        None => format!(r#"{{"claz":"web","command":"{command}"}}"#),
    }
}

/// `dial` to `number`, as cti.js sends it (`variables` absent, CLIENTS.md §3).
fn dial_command(number: &str) -> String {
    format!(
        r#"{{"claz":"web","command":"dial","destination":{}}}"#,
        Value::from(number)
    )
}

/// The `uniqueId` of a phone event's `ctiMessage`.
fn unique_id(event: Option<&Value>) -> Option<String> {
    event
        .and_then(|e| e["uniqueId"].as_str())
        .map(str::to_owned)
}

/// A call between the user and the peer (`--peer`): the user dials the peer's number, the
/// peer's phone rings, the peer answers, both are established, the user hangs up, both
/// are released. A step that fails skips those after it; a call left up is hung up on
/// both sides at the end.
async fn peer_call(run: &mut Run<'_>, settings: &Settings, socket: &mut Socket) {
    let skip_all = |run: &mut Run<'_>, why: &str| {
        for case in PEER_CASES {
            run.skip(case, why);
        }
    };
    let Some(peer) = &settings.peer else {
        return skip_all(run, "needs --peer LOGIN");
    };
    let Some(number) = &peer.phone else {
        return skip_all(run, "needs --peer-phone N (the peer's number, to dial)");
    };
    if PEER_CASES
        .iter()
        .all(|case| run.plan.excluded(case).is_some())
    {
        return skip_all(run, "");
    }
    let mut open = run.needed(&PEER_RING);
    let mut peer_socket = match peer_logged_on(run, settings, peer, &mut open).await {
        Ok(socket) => socket,
        Err(why) => {
            run.close_if_run(open, Verdict::Fail(why));
            let rest = PEER_CASES.iter().skip(1);
            for case in rest {
                run.skip(case, "needs phone.peer.ring.1 (the peer logged on)");
            }
            return;
        }
    };
    let frame = dial_command(number);
    let (verdict, ringing) = match send(socket, &mut open, &frame).await {
        Err(verdict) => (verdict, None),
        Ok(()) => phone_event(&mut peer_socket, &mut open, "EventRinging", None).await,
    };
    let peer_id = unique_id(ringing.as_ref());
    let mut ok = matches!(verdict, Verdict::Pass(_));
    run.close_if_run(open, verdict);

    // The caller named in the ringing, from the frame ring.1 got.
    match (ok, &settings.phone) {
        (false, _) => run.skip(&PEER_CALLER, "needs phone.peer.ring.1"),
        (true, None) => run.skip(&PEER_CALLER, "needs --phone N (the user's number)"),
        (true, Some(phone)) => {
            if let Some(mut open) = run.open(&PEER_CALLER) {
                open.transcript.note(format!(
                    "(the frames are in the transcript of {})",
                    PEER_RING.id
                ));
                let other = ringing.as_ref().map(|e| &e["otherDN"]);
                let verdict = match other {
                    Some(Value::String(other)) if other == phone => {
                        Verdict::Pass(format!("otherDN is {phone}"))
                    }
                    other => Verdict::Fail(format!(
                        "the `PhoneEvent` EventRinging has otherDN {}, not {phone:?}",
                        printable(&other.unwrap_or(&Value::Null).to_string())
                    )),
                };
                run.close(open, verdict);
            }
        }
    }

    // The peer answers, both sides are established; the user hangs up, both sides are
    // released.
    let steps = [
        CallStep::new(
            &PEER_ANSWER,
            Some((Side::Peer, "answer")),
            Side::Peer,
            "EventEstablished",
        ),
        CallStep::new(&PEER_ANSWERED, None, Side::User, "EventEstablished"),
        CallStep::new(
            &PEER_RELEASE,
            Some((Side::User, "hangup")),
            Side::User,
            "EventReleased",
        ),
        CallStep::new(&PEER_RELEASED, None, Side::Peer, "EventReleased"),
    ];
    // The call's `uniqueId` on each side: the peer's from its ringing, the user's from
    // its EventEstablished.
    let mut user_id: Option<String> = None;
    let mut released = false;
    for CallStep {
        case,
        command,
        on,
        event_type,
    } in steps
    {
        if !ok {
            run.skip(case, "needs the steps before it (phone.peer.*)");
            continue;
        }
        let id_of = |side: Side| match side {
            Side::User => user_id.clone(),
            Side::Peer => peer_id.clone(),
        };
        let mut open = run.needed(case);
        let mut sent = Ok(());
        if let Some((side, command)) = command {
            let frame = call_command(command, id_of(side).as_deref());
            sent = send(side.of(socket, &mut peer_socket), &mut open, &frame).await;
            released |= command == "hangup";
        }
        let (verdict, event) = match sent {
            Err(verdict) => (verdict, None),
            Ok(()) => {
                let id = id_of(on);
                let on_socket = on.of(socket, &mut peer_socket);
                phone_event(on_socket, &mut open, event_type, id.as_deref()).await
            }
        };
        if on == Side::User && user_id.is_none() {
            user_id = unique_id(event.as_ref());
        }
        ok = matches!(verdict, Verdict::Pass(_));
        run.close_if_run(open, verdict);
    }
    if !released {
        // A call left up by a failed step: hung up on both sides, answers not awaited.
        let mut ignored = Transcript::new();
        let _ = socket
            .send(&call_command("hangup", None), &mut ignored)
            .await;
        let frame = call_command("hangup", peer_id.as_deref());
        let _ = peer_socket.send(&frame, &mut ignored).await;
    }
    peer_socket.close().await;
}

/// Which of the two sessions of a call between two users.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    User,
    Peer,
}

/// A step of the call between two users: its case, the command sent (and on which
/// side), the `PhoneEvent` awaited (and on which side).
struct CallStep {
    case: &'static Case,
    command: Option<(Side, &'static str)>,
    on: Side,
    event_type: &'static str,
}

impl CallStep {
    const fn new(
        case: &'static Case,
        command: Option<(Side, &'static str)>,
        on: Side,
        event_type: &'static str,
    ) -> CallStep {
        CallStep {
            case,
            command,
            on,
            event_type,
        }
    }
}

impl Side {
    /// This side's socket.
    fn of<'a>(self, user: &'a mut Socket, peer: &'a mut Socket) -> &'a mut Socket {
        match self {
            Side::User => user,
            Side::Peer => peer,
        }
    }
}

/// The peer's REST login, WebSocket and `LoggedOn`, in `open`'s transcript; the socket.
async fn peer_logged_on(
    run: &mut Run<'_>,
    settings: &Settings,
    peer: &Peer,
    open: &mut Open,
) -> Result<Socket, String> {
    let login = peer::login(
        &settings.server,
        &peer.login,
        &peer.password,
        &mut open.transcript,
    )
    .await;
    let token = match login {
        Ok(LoginOutcome::Token(token)) => token,
        Ok(LoginOutcome::Other(status, body)) => {
            return Err(format!(
                "the peer's login got no token: {status} {}",
                printable(&body)
            ))
        }
        Err(why) => return Err(format!("the peer's login: {why}")),
    };
    run.secrets.push(token.clone());
    let mut socket = Socket::open(&settings.server, &token)
        .await
        .map_err(|why| format!("the peer's WebSocket: {why}"))?
        .peer_side();
    let got = socket
        .expect(Duration::from_secs(10), &mut open.transcript, |_, v| {
            matches!(msg_type(v), Some("LoggedOn" | "LoggedOnError"))
        })
        .await;
    match got {
        Ok(text) if kind_of(&text).as_deref() == Some("LoggedOn") => Ok(socket),
        Ok(text) => Err(format!("the peer got {}", printable(&text))),
        Err(why) => Err(format!("no LoggedOn for the peer: {why}")),
    }
}

/// `session.strict.1`: every frame received, in every case, decodes strictly.
fn strict_check(run: &mut Run<'_>) {
    let Some(open) = run.open(&STRICT) else {
        return;
    };
    let mut checked = 0;
    let mut refused = Vec::new();
    for outcome in &run.outcomes {
        for line in outcome.transcript.lines.iter().filter(|l| l.ws && !l.sent) {
            checked += 1;
            if let Err(why) = strictly(&line.text) {
                refused.push(format!("{} at {} ms: {why}", outcome.case.id, line.at_ms));
            }
        }
    }
    let dropped: usize = run.outcomes.iter().map(|o| o.transcript.dropped).sum();
    let unkept = if dropped > 0 {
        format!(" ({dropped} frames over the report's bounds were not kept, nor checked)")
    } else {
        String::new()
    };
    let verdict = if checked == 0 {
        Verdict::Skip("no frame was received".into())
    } else if refused.is_empty() {
        Verdict::Pass(format!("{checked} frames, all strict{unkept}"))
    } else {
        Verdict::Fail(format!(
            "{} of {checked} frames refused; first: {}",
            refused.len(),
            refused[0]
        ))
    };
    run.close(open, verdict);
}
