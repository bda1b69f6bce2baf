//! A test double of the xuc server: the REST login and the CTI WebSocket, answering as
//! the docs and the clients' code say xuc does, or as a scenario scripts it. Start one in
//! any test (it binds `127.0.0.1:0`), or run it with `cti serve`.
//!
//! ```
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
//! use cti_testserver::{Scenario, TestServer};
//!
//! let server = TestServer::start(Scenario::demo()).await?;
//! assert!(server.url().starts_with("http://127.0.0.1:"));
//! // POST {url}/xuc/api/2.0/auth/login {"login":"alice","password":"alice"}, then
//! // open server.cti_url(token) ...
//! server.shutdown().await?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! # }).unwrap();
//! ```
//!
//! # What it serves
//!
//! - `POST /xuc/api/2.0/auth/login` with `{"login": ..., "password": ...}`: `200`
//!   `{"login": ..., "token": ..., "TTL": ...}`; a wrong login or password: `401`
//!   `{"error": "InvalidCredentials", "message": ...}`; a body that is not such an
//!   object: `400` `InvalidJson`. (The codes are WIRE.md §4.1's; the HTTP statuses are
//!   not documented and are this server's.)
//! - `GET /xuc/api/2.0/auth/check` with `Authorization: Bearer TOKEN`: the same
//!   credentials with the seconds left in `TTL`, or `401` `InvalidCredentials`.
//! - `GET /xuc/api/2.0/cti?token=TOKEN` (or the legacy
//!   `/xuc/ctichannel/tokenAuthentication?token=TOKEN`), a WebSocket. A valid token gets
//!   `LoggedOn`, then `UserConfigUpdate`, `CtiStatuses` (and `UsersStatuses`),
//!   `RightProfile`, `UserPreference` and `PhoneStatusUpdate`. Any other token gets
//!   `LoggedOnError` `loggedOnFailed`, then a close.
//!
//! Every frame the server sends is a cti-proto [`Event`] encoded by
//! [`encode_event`](cti_proto::encode_event). Every frame a client sends is decoded with
//! [`Decoder::strict`](cti_proto::Decoder::strict): what it refuses is logged (`tracing`
//! warning) and counted ([`Stats::violations`]), and the server still acts on what
//! lenient decoding makes of the frame, so that a deprecated command gets its answer. A
//! frame that does not decode at all is logged, counted ([`Stats::malformed`]) and
//! dropped; the connection goes on.
//!
//! Built-in answers (each may be replaced by a script):
//!
//! | command | answer |
//! |---|---|
//! | `ping` | `PhoneStatusUpdate` with the phone's state: any frame keeps cti.js's heartbeat alive, and what xuc answers is not documented |
//! | `searchContacts` | `ContactSheet` of the contacts whose name, number, mobile, e-mail or username contains the term (any case), then `DirectoryResult` |
//! | `directoryLookUp` | `DirectoryResult` |
//! | `getFavoriteContacts` | `FavoriteContactSheet`, then `Favorites` |
//! | `getFavorites` | `Favorites` |
//! | `addFavorite`, `removeFavorite` | `FavoriteUpdated` `Added` / `Removed`; `Error` `ContactNotFound` for a contact not in the directory |
//! | `userStatusUpdate` (`changeUserStatus`) | `UserStatusUpdate`; `Error` `UnknownStatus` for a status not configured |
//! | `displayNameLookup` | `UserDisplayName` `{"username", "displayName"}` (a made-up shape: none is documented); `Error` `UserNotFound` |
//! | `setUserPreference` | `UserPreference` with that preference, kept for the user's next connections ([bounded](Limits::max_preferences)) |
//! | `dnd`, `naFwd`, `uncFwd`, `busyFwd` | a partial `UserConfigUpdate` (`null` for what did not change) |
//! | `getConfig` `line` | `LineConfig` |
//! | `getList` `queue` / `agent` / `queuemember` | `QueueList` / `AgentList` / `QueueMemberList` |
//! | `dial` | `PhoneEvent` `EventDialing`, then `EventEstablished` after [`Phone::remote_answer_ms`](scenario::Phone::remote_answer_ms) ([bounded](Limits::max_calls)); to the number of another user with a connection open, `EventDialing` and that user's phone rings instead (below) |
//! | `answer` | `EventEstablished` for a ringing call (see [`TestServer::ring`]); for a call from another user, that user gets `EventEstablished` too |
//! | `hold` | `EventOnHold` for an established call, `EventEstablished` for a held one |
//! | `hangup` | `EventReleased`; for a call with another user, that user gets `EventReleased` too |
//! | `getCurrentCallsPhoneEvents` | `CurrentCallsPhoneEvents` |
//! | `agentLogin` | `AgentStateEvent` `AgentLogin` then `AgentReady`; `AgentError` `PhoneNumberUnknown` for a number no user has |
//! | `agentLogout`, `pauseAgent`, `unpauseAgent` | `AgentStateEvent` `AgentLoggedOut`, `AgentOnPause` (`cause`: the reason), `AgentReady` |
//! | `getAgentStates` | the agent's `AgentStateEvent` |
//!
//! Anything else gets no answer. Each connection has its own calls, agent state and
//! forwards; favorites and preferences belong to the user and outlive connections.
//! `searchContacts` and `getFavoriteContacts` send their deprecated companion, as the
//! User API says xuc does ("For backward compatibility ..."), and the statuses go out in
//! both forms (WIRE.md §5.1: "both may be sent"); [`Scenario::deprecated_companions`]
//! turns that off for a client that decodes strictly.
//!
//! The server also watches the client's heartbeat with cti.js's rule (CLIENTS.md §1,
//! [`Heartbeat`]): a tick every 5 s, any frame received resets the count of missed
//! ticks, and the tick that finds 3 missed closes the connection. Tests shorten it with
//! [`Config::heartbeat`].
//!
//! # Control API
//!
//! With [`Config::control`] (`cti serve --control`), tests in any language make things
//! happen on the server's side over HTTP, under `/_cti/` (no xuc route starts so). Each
//! is a `POST` with a JSON body, bounded like the REST routes ([`Limits::max_body`],
//! [`Limits::request_timeout`]), and answers `200` `{"sessions": N}`: the WebSocket
//! connections the event was sent to (0 for a user of the scenario not connected, which a
//! test may wait for). A login not in the scenario is `404` `UnknownUser` (it never
//! connects: a typo, not a race); a body that is not what the route takes is `400`
//! `InvalidJson`, an event cti-proto refuses `400` `InvalidEvent` naming the field (the
//! decoder's words). Errors are `{"error": CODE, "message": TEXT}`. Without
//! [`Config::control`] the routes are absent: `404`, as any unknown path.
//!
//! | route | body | sends |
//! |---|---|---|
//! | `/_cti/ring` | `{"login", "caller", "callerName"?}` | `PhoneEvent` `EventRinging` to the user's phone number, as [`TestServer::ring`]; `answer` picks it up. The answer has its `uniqueId` too |
//! | `/_cti/agent` | `{"login", "state", "cause"?}` | `AgentStateEvent` `state` (an `AgentState` name) of the user's agent: `agentId`, `phoneNb`, `queues` from the scenario, `since` 0; `400` `NoAgent` for a user without `agentId`. The connection's own agent (what `getAgentStates` answers) is left as it was |
//! | `/_cti/queue` | `{"login"?, "queueId", "counters": [{"statName", "value"}]}` | `QueueStatistics` of the body's other fields, to the user's connections, or to every connection without `login` |
//! | `/_cti/push` | `{"login", "event": {"msgType", "ctiMessage"}}` | `event`, decoded as scripted frames are ([`check_event`]: strictly, deprecated kinds allowed) |
//!
//! ```text
//! curl -s -X POST http://127.0.0.1:8090/_cti/ring -d '{"login":"alice","caller":"0427466347"}'
//! {"sessions":1,"uniqueId":"1764870000.7"}
//! ```
//!
//! # Bounds
//!
//! No client, however it behaves, makes the server hold more than [`Limits`] says (each
//! bound and its default are there): connections at once, the time a request's header,
//! a REST request and an idle keep-alive connection may take, the size of a REST body
//! (`413`), of a WebSocket message and of what waits to be sent to a client that does not
//! read (then closed with 1008), and what a client makes the server keep (preferences,
//! calls, strings, answers due later: `Error` `TooManyPreferences`, `TooManyCalls`,
//! `ValueTooLong`, `TooManyPending` past them, counted in [`Stats::over_limit`]). A
//! shutdown waits [`Limits::shutdown_grace`] for the connections, then drops them.
//! CORS for the REST routes is off unless [`Config::allow_origin`] is given.
//!
//! # Scenarios
//!
//! A scenario is a JSON object ([`Scenario`]; JSON Schema: `scenario.schema.json` beside
//! this crate's `Cargo.toml`, also given by [`scenario_schema`]). Keys are camelCase;
//! unknown keys are refused. Only `users` is required. This crate's
//! `scenario.example.json`:
//!
//! ```json
#![doc = include_str!("../scenario.example.json")]
//! ```
//!
//! - `users`: `login`, `password` and `phoneNumber` (the `DN` of its calls); optional
//!   `userId` (default: position from 1), `firstName` (default: the login), `lastName`,
//!   `mobileNumber`, `agentId` (needed by the agent commands), `agentQueues` (queue
//!   ids), `lineId`, `voiceMailId`, `rightProfile` (default `"User"`), `favorites`
//!   (`{source, id}` of directory contacts), `preferences` (`{key, value, valueType}`;
//!   default: the User API's `PREFERRED_DEVICE` and `MOBILE_APP_INFO`).
//! - `directory`: contacts with `id` and `number`; optional `source` (default
//!   `"internal"`), `firstName`, `lastName`, `mobile`, `email`, `username` (gives the
//!   `Chat` and `Video` actions), `phoneStatus` (a `Cti.PhoneStatus` code, default 0).
//! - `queues`: `id` and `name`; optional `displayName`, `number`.
//! - `statuses`: `{name, longName, color, actions: [{name, parameters}]}` as in
//!   `UsersStatuses`; `CtiStatuses` is derived from them. Default: the User API's seven.
//! - `deprecatedCompanions` (default `true`), `tokenTtl` in seconds (default 3600),
//!   `phone.remoteAnswerMs` (default 100; `null`: the far end never answers).
//! - `scripts`, tried in order before the built-in answers; the first that matches a
//!   client frame is used. `command`: the command's name as on the wire (`"ping"` for the
//!   heartbeat; commands cti-proto does not know too). `args` (optional): values the
//!   frame must have, as a subset (objects by key, recursively; other values equal).
//!   `frames`: whole events, each decoded when the scenario is checked, strictly except
//!   that deprecated kinds are allowed, and sent as cti-proto encodes them. `delayMs`
//!   (default 0): the wait before they are sent. `keepBuiltIn` (default `false`): send
//!   the built-in answer first.
//!
//! Phone events, whoever makes them (built-in, scripted, pushed), move the connection's
//! calls: a scripted `EventRinging` for the user's number makes a call that `answer`
//! picks up.
//!
//! Two users call each other: a `dial` to the `phoneNumber` of another user who has a
//! connection open gets `EventDialing`, and each of that user's connections gets
//! `EventRinging` (`DN` their number, `otherDN` and `otherDName` the caller's, the same
//! `linkedId`); no far end answers. `answer` by the callee sends `EventEstablished` to
//! both sides; `hangup` by either (ringing, dialing or established) sends
//! `EventReleased` to both. A user whose last connection closes releases such calls. A
//! callee with [`Limits::max_calls`] such calls already gets no more: the caller gets
//! `Error` `TooManyCalls`.

#![forbid(unsafe_code)]

mod answers;
mod connection;
pub mod control;
mod http;
mod messages;
pub mod observe;
mod record;
pub mod scenario;
mod world;

use std::fmt;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use cti_proto::login::CtiUrl;
use cti_proto::Event;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

pub use cti_proto::link::Heartbeat;
pub use scenario::{check_event, scenario_schema, Scenario, ScenarioError};

use record::Recorder;
use world::World;

/// Locks a mutex, taking over a poisoned one: the data is plain state, still whole.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The bounds of a server: what one client, or many, can make it hold. Every field has a
/// default ([`Limits::default`]); `cti serve` takes `--max-connections` as a flag.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Limits {
    /// Connections open at once, HTTP and WebSocket together (default 2,048: the `load`
    /// benchmark's 1,000 fit, and a client that opens as many as it can makes the server
    /// hold about 40 MiB for them: hyper takes some 20 KiB for each request under way).
    /// One past it is accepted and closed at once, and counted
    /// ([`Stats::refused_connections`]).
    pub max_connections: usize,
    /// The longest wait for a request's header, from the connection's start or the end
    /// of its previous request: a keep-alive connection idle this long is closed too
    /// (default 10 s).
    pub header_read_timeout: Duration,
    /// The largest request header (request line included), in bytes: `431` past it
    /// (default 16 KiB; 8 KiB at least, hyper's floor).
    pub max_header: usize,
    /// The longest a REST request may take once its header is in, reading its body
    /// included: `408` past it (default 10 s).
    pub request_timeout: Duration,
    /// The largest REST request body: `413` past it, at once for a `Content-Length` over
    /// it (default 64 KiB).
    pub max_body: usize,
    /// How long a shutdown waits for the connections to close before it drops them
    /// (default 5 s).
    pub shutdown_grace: Duration,
    /// The largest WebSocket message (and frame) read; past it the connection ends
    /// (default 4 MiB, four times cti-proto's frame limit, so that a frame over that
    /// limit is still read, refused by the decoder and counted).
    pub max_message: usize,
    /// The most bytes a WebSocket connection holds for its client, not yet taken
    /// (default 4 MiB; at least the largest frame the scenario makes). A `Pong` that does
    /// not fit waits, one at most: a newer one replaces it.
    pub max_write_buffer: usize,
    /// The longest a WebSocket client may leave what is sent to it (a frame, the `Pong`
    /// of its `Ping`) untaken: the connection is closed then, with 1008 (default 10 s).
    /// No frame of the client is read meanwhile.
    pub send_timeout: Duration,
    /// Preferences kept per user (`setUserPreference` of a new key past it gets `Error`
    /// `TooManyPreferences`) (default 64).
    pub max_preferences: usize,
    /// The longest string a client makes the server keep, in bytes: a preference's key,
    /// value or type, a number dialed or forwarded to, a pause reason (longer gets
    /// `Error` `ValueTooLong`) (default 1,024).
    pub max_string: usize,
    /// Calls per connection (`dial` past it gets `Error` `TooManyCalls`) (default 16).
    pub max_calls: usize,
    /// Answers waiting for their time per connection (a far end's answer, a scripted
    /// `delayMs`); a command that would schedule one more gets `Error` `TooManyPending`
    /// (default 256).
    pub max_pending: usize,
    /// Frames kept per session for `--record` ([`Config::record`]); the next are counted
    /// in the entry's `_webSocketMessagesDropped` (default 100,000).
    pub max_recorded_frames: usize,
    /// Tokens kept per user: a REST login past it ends the user's oldest token (default
    /// 64).
    pub max_tokens: usize,
    /// Bytes of frame text `--record` holds until it has written them, all sessions
    /// together; a frame past it is counted in its entry's `_webSocketMessagesDropped`,
    /// not kept (default 32 MiB).
    pub max_recorded_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_connections: 2048,
            header_read_timeout: Duration::from_secs(10),
            max_header: 16 * 1024,
            request_timeout: Duration::from_secs(10),
            max_body: 64 * 1024,
            shutdown_grace: Duration::from_secs(5),
            max_message: 4 * cti_proto::DEFAULT_MAX_FRAME_LEN,
            max_write_buffer: 4 * cti_proto::DEFAULT_MAX_FRAME_LEN,
            send_timeout: Duration::from_secs(10),
            max_preferences: 64,
            max_string: 1024,
            max_calls: 16,
            max_pending: 256,
            max_recorded_frames: 100_000,
            max_recorded_bytes: 32 * 1024 * 1024,
            max_tokens: 64,
        }
    }
}

/// How to run a server. `Config::default()` is the demo scenario on `127.0.0.1:0`.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Config {
    /// The address to listen on: `127.0.0.1:0` (a free port) by default.
    pub listen: SocketAddr,
    /// The users, directory and scripts.
    pub scenario: Scenario,
    /// The client heartbeat watched: cti.js's, 3 ticks of 5 s.
    pub heartbeat: Heartbeat,
    /// Where to record the WebSocket sessions as a HAR file, if anywhere.
    pub record: Option<PathBuf>,
    /// The bounds ([`Limits::default`]).
    pub limits: Limits,
    /// The origins whose pages may call the REST routes (CORS), `*` for any; none by
    /// default (no CORS header is sent).
    pub allow_origins: Vec<String>,
    /// Whether the [`control`] routes (`/_cti/...`) are served; off by default (`404`,
    /// as any unknown path).
    pub control: bool,
}

impl Config {
    /// This scenario on `127.0.0.1:0`.
    pub fn new(scenario: Scenario) -> Config {
        Config {
            listen: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            scenario,
            heartbeat: Heartbeat::default(),
            record: None,
            limits: Limits::default(),
            allow_origins: Vec::new(),
            control: false,
        }
    }

    /// Listens on `addr`.
    pub fn listen(mut self, addr: SocketAddr) -> Config {
        self.listen = addr;
        self
    }

    /// Closes a connection when the tick every `interval` finds `max_missed` ticks in a
    /// row without a frame from the client.
    pub fn heartbeat(mut self, interval: Duration, max_missed: u32) -> Config {
        self.heartbeat.interval = interval;
        self.heartbeat.max_missed = max_missed;
        self
    }

    /// Records the WebSocket sessions in `path` (a HAR file).
    pub fn record(mut self, path: impl Into<PathBuf>) -> Config {
        self.record = Some(path.into());
        self
    }

    /// Uses these bounds.
    pub fn limits(mut self, limits: Limits) -> Config {
        self.limits = limits;
        self
    }

    /// Lets pages of `origin` (`http://localhost:3000`, or `*` for any) call the REST
    /// routes: CORS headers, and preflight `OPTIONS` answered.
    pub fn allow_origin(mut self, origin: impl Into<String>) -> Config {
        self.allow_origins.push(origin.into());
        self
    }

    /// Serves the [`control`] routes (`POST /_cti/ring`, `/_cti/agent`, `/_cti/queue`,
    /// `/_cti/push`) when `on`, for tests that drive the server over HTTP.
    pub fn control(mut self, on: bool) -> Config {
        self.control = on;
        self
    }
}

impl Default for Config {
    fn default() -> Self {
        Config::new(Scenario::demo())
    }
}

impl From<Scenario> for Config {
    fn from(scenario: Scenario) -> Self {
        Config::new(scenario)
    }
}

/// Why a server did not start. `Display` is one line; the IO error behind `Bind` and
/// `Record` is the [`source`](std::error::Error::source).
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The scenario is not usable.
    Scenario(ScenarioError),
    /// The address could not be bound.
    Bind(SocketAddr, io::Error),
    /// The record file could not be written.
    Record(PathBuf, io::Error),
    /// An origin given to [`Config::allow_origin`] is not a header value.
    Origin(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Scenario(e) => e.fmt(f),
            Error::Bind(addr, _) => write!(f, "cannot listen on {addr}"),
            Error::Record(path, _) => write!(f, "cannot write {}", path.display()),
            Error::Origin(origin) => write!(
                f,
                "not an origin (a header value): `{}`",
                origin.escape_debug()
            ),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            // Said by `Display` already.
            Error::Scenario(_) | Error::Origin(_) => None,
            Error::Bind(_, e) | Error::Record(_, e) => Some(e),
        }
    }
}

impl From<ScenarioError> for Error {
    fn from(error: ScenarioError) -> Self {
        Error::Scenario(error)
    }
}

/// What the server has seen so far.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Stats {
    /// WebSocket connections opened, refused ones included.
    pub sessions: u64,
    /// WebSocket frames received.
    pub frames_in: u64,
    /// WebSocket frames sent (close frames aside).
    pub frames_out: u64,
    /// Client frames that strict decoding refused (deprecated, unknown, irregular or
    /// malformed), and binary frames.
    pub violations: u64,
    /// Client frames that did not decode even leniently (also counted as violations).
    pub malformed: u64,
    /// REST logins refused, and WebSocket connections refused for their token.
    pub refused_logins: u64,
    /// Connections closed as soon as accepted, past [`Limits::max_connections`].
    pub refused_connections: u64,
    /// WebSocket connections closed (1008) for leaving what was sent to them untaken
    /// ([`Limits::send_timeout`]).
    pub unread_closed: u64,
    /// Client commands answered `Error` for passing a bound ([`Limits`]).
    pub over_limit: u64,
}

/// A server running in the background, started by [`TestServer::start`]. Dropping it
/// stops it too, without waiting.
pub struct TestServer {
    addr: SocketAddr,
    world: Arc<World>,
    stop: watch::Sender<bool>,
    task: Option<JoinHandle<io::Result<()>>>,
}

/// The running server's old name: [`TestServer::start`] gives the [`TestServer`] itself.
#[deprecated(note = "`TestServer::start` returns the running `TestServer` itself")]
pub type RunningServer = TestServer;

impl TestServer {
    /// Checks the scenario, binds the address and serves until
    /// [`TestServer::shutdown`] (or until the server is dropped). Must be called inside a
    /// tokio runtime.
    pub async fn start(config: impl Into<Config>) -> Result<TestServer, Error> {
        let config = config.into();
        let scripts = config.scenario.compile_scripts()?;
        messages::check_built(&config.scenario)?;
        let recorder = match &config.record {
            Some(path) => Some(
                Recorder::create(path, config.limits.max_recorded_bytes)
                    .map_err(|e| Error::Record(path.clone(), e))?,
            ),
            None => None,
        };
        let listener = TcpListener::bind(config.listen)
            .await
            .map_err(|e| Error::Bind(config.listen, e))?;
        let addr = listener
            .local_addr()
            .map_err(|e| Error::Bind(config.listen, e))?;
        let (stop, stopped) = watch::channel(false);
        let world = Arc::new(World::new(
            addr,
            config.scenario,
            scripts,
            config.heartbeat,
            config.limits,
            recorder,
            stopped,
        ));
        let control = config.control.then(control::routes);
        let router = http::router(world.clone(), &config.allow_origins, control)?;
        let served = world.clone();
        let task = tokio::spawn(async move {
            http::serve(listener, router, served.clone()).await;
            match &served.recorder {
                Some(recorder) => recorder.close().await,
                None => Ok(()),
            }
        });
        Ok(TestServer {
            addr,
            world,
            stop,
            task: Some(task),
        })
    }

    /// The address bound (with the port chosen when `0` was asked for).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://HOST:PORT`, the base of the REST paths.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// `ws://HOST:PORT/xuc/api/2.0/cti?token=TOKEN`, built by cti-proto's
    /// [`CtiUrl`]. It holds the token: do not log it.
    pub fn cti_url(&self, token: &str) -> String {
        CtiUrl::token(&self.addr.to_string(), token)
            .map(|url| url.to_url())
            .unwrap_or_default()
    }

    /// What the server has seen so far.
    pub fn stats(&self) -> Stats {
        self.world.stats()
    }

    /// Sends `event` to every connection of the user `login`, as if the server had
    /// something to tell; how many connections there were.
    pub fn push(&self, login: &str, event: Event) -> usize {
        self.world.push(login, &event)
    }

    /// An incoming call from `caller` to the user `login`: `PhoneEvent` `EventRinging` on
    /// each of the user's connections, which `answer` can then pick up. How many
    /// connections there were (0 for an unknown user).
    pub fn ring(&self, login: &str, caller: &str) -> usize {
        control::ring(&self.world, login, caller, None).map_or(0, |(count, _)| count)
    }

    /// Watches the clients from now on: each REST login, WebSocket connection, frame
    /// (both ways) and close ([`observe::Seen`]). Nothing is kept for a watcher that
    /// stops reading past [`observe::QUEUE`] observations: the next are dropped.
    pub fn observe(&self) -> tokio::sync::mpsc::Receiver<observe::Observation> {
        self.world.observers.subscribe()
    }

    /// Closes every WebSocket connection open, as a server going down would (a close
    /// frame, code 1000), and goes on serving: a client may log in and connect again.
    /// How many logged-on connections there were.
    pub fn close_sessions(&self) -> usize {
        self.world.close_all()
    }

    /// Stops accepting, closes every connection (a close frame to each WebSocket client)
    /// and waits for them ([`Limits::shutdown_grace`] at most), drops those left, then
    /// ends the record file.
    pub async fn shutdown(mut self) -> io::Result<()> {
        self.stop.send_replace(true);
        match self.task.take() {
            Some(task) => task.await.map_err(io::Error::other)?,
            None => Ok(()),
        }
    }
}

impl fmt::Debug for TestServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TestServer")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.stop.send_replace(true);
    }
}

/// The examples of the crate's README, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
