//! The link to a xuc server ([`Link`]): login, heartbeat, requests and reconnection as a
//! state machine with no IO, in the manner of quinn-proto's `Connection`: inputs and
//! `Instant`s go in; REST calls to make, frames to write, decoded events and timer
//! deadlines come out. The caller owns the HTTP client, the WebSocket and the clock. It
//! sits on top of the crate (it uses the codec and both direction enums), above the
//! `login` area whose messages it exchanges.
//!
//! What the link does, as the web clients do it (WIRE.md §4):
//!
//! 1. [`Output::Login`]: `POST /xuc/api/2.0/auth/login` with `{"login":..,"password":..}`.
//!    Its answer goes back as [`Input::LoginAnswer`] (or [`Input::login_body`]), or
//!    [`Input::LoginUnavailable`] when there is none.
//! 2. [`Output::Connect`]: open `ws://SERVER/xuc/api/2.0/cti?token=TOKEN`. Then
//!    [`Input::Connected`], each text frame as [`Input::Frame`], and [`Input::Closed`] when
//!    the socket closes or cannot open.
//! 3. The server sends `LoggedOn` (logged in; commands may be sent) or `LoggedOnError`
//!    (refused; the server closes the socket).
//! 4. The heartbeat of cti.js, from the moment the socket opens: `{"claz":"ping"}` every
//!    5 s, whatever else is going on. Any frame received resets a count of missed ticks; a
//!    tick that finds 3 missed closes the socket instead of pinging. With no frame at all,
//!    pings go out at 5, 10 and 15 s and the socket is closed at 20 s.
//! 5. On any failure the session waits ([`ReconnectPolicy`]) and starts again at 1, with a
//!    new REST login. The waits grow until a session stays logged on for
//!    [`ReconnectPolicy::reset_after`] (30 s): a server that sends `LoggedOn` and hangs up
//!    at once gets 6 logins in the first minute, then 1 a minute, not 1 a second.
//!
//! Decisions where the docs say nothing:
//!
//! - **A new login on every reconnect.** The token's lifetime is not documented, and what a
//!   client sees for an expired token on the WebSocket is unknown (an HTTP error on the
//!   upgrade looks like any network failure; WIRE.md §4.3). Checking it first
//!   (`/auth/check`) costs a REST call too, so the session logs in again, and keeps the
//!   password (a [`Secret`](crate::Secret)) for that.
//! - **What stops the session.** A REST refusal that another attempt cannot mend stops it
//!   for good: `InvalidCredentials`, `UserNotFound`, `SsoAuthenticationFailed`,
//!   `CasServerInvalidTicket`, `InvalidJson` ([`DisconnectReason::is_final`]). Retrying a
//!   wrong password forever would only hammer the server (and perhaps lock the account).
//!   So does a login answered with a redirect the caller did not follow
//!   ([`Input::LoginRedirected`]): the password goes to the configured server only.
//!   Everything else is retried with backoff: `UnhandledError` and unknown codes (a server
//!   fault), a missing or unreadable answer, `LoggedOnError` (the token was just accepted,
//!   so the failure is on the server's side; `loggedOnTimeout` says so), a closed socket,
//!   a silent server.
//! - **Commands wait for `LoggedOn`.** [`Link::send`] refuses them before (and while
//!   reconnecting) rather than queueing them: a `dial` replayed a minute late is worse
//!   than one refused.
//! - **Requests with an id.** `findCustomerCallHistory` and `findCallbackRequest` carry an
//!   `id` that their answer (`CustomerCallHistoryResponseWithId`,
//!   `FindCallbackResponseWithId`) echoes. The session keeps each such request sent until
//!   its answer comes ([`Output::Response`]); the id is compared as text, as the web
//!   client's `pending[resp.id]` does, so `1` and `"1"` match; each kind has its own ids,
//!   as the web client keeps one table per service. An answer nobody waits for is an
//!   ordinary [`Output::Event`]. A request fails ([`Output::RequestFailed`]) when the
//!   socket goes, or after [`LinkConfig::request_timeout`] (30 s by default; the web
//!   client has none). Meeting-room invitations (`requestId`) are not tracked: they get
//!   several answers, from another user, whenever that user decides.
//! - **Frames that do not decode** are reported ([`Output::DecodeError`]) and the session
//!   goes on, as cti.js drops a message whose handler throws. They still count as "a frame
//!   received" for the heartbeat.
//!
//! The caller's loop: after each call to [`Link::handle`], [`Link::send`] or
//! [`Link::handle_timeout`], take every [`Link::poll_output`]; then wait for IO or
//! until [`Link::poll_timeout`], and call [`Link::handle_timeout`] when it passes.
//! Once the session says [`Output::Close`], that socket is gone for it: report nothing more
//! from it.
//!
//! ```
//! use std::time::{Duration, Instant};
//! use cti_proto::link::{Input, Output, Link, LinkConfig};
//! use cti_proto::login::LoginRequest;
//! use cti_proto::Event;
//!
//! let start = Instant::now(); // any Instant: the session never reads the clock
//! let config = LinkConfig::new("xuc.example.com:8090", LoginRequest::new("jbond", "s3cret"));
//! let mut session = Link::new(config)?;
//!
//! // The REST login...
//! let Some(Output::Login(call)) = session.poll_output() else { panic!() };
//! assert_eq!(call.url(), "http://xuc.example.com:8090/xuc/api/2.0/auth/login");
//! assert_eq!(call.body(), r#"{"login":"jbond","password":"s3cret"}"#);
//! session.handle(Input::login_body(r#"{"login":"jbond","token":"abc","TTL":3600}"#), start);
//!
//! // ...then the WebSocket, with the token.
//! let Some(Output::Connect(url)) = session.poll_output() else { panic!() };
//! assert_eq!(url.to_url(), "ws://xuc.example.com:8090/xuc/api/2.0/cti?token=abc");
//! session.handle(Input::Connected, start);
//! session.handle(Input::Frame(r#"{"msgType":"LoggedOn"}"#.into()), start);
//! let Some(Output::Event(decoded)) = session.poll_output() else { panic!() };
//! assert!(matches!(decoded.message, Event::LoggedOn(_)));
//! assert!(session.is_logged_on());
//!
//! // Five seconds later, the heartbeat.
//! let tick = session.poll_timeout().unwrap();
//! assert_eq!(tick, start + Duration::from_secs(5));
//! session.handle_timeout(tick);
//! let Some(Output::Send(frame)) = session.poll_output() else { panic!() };
//! assert_eq!(frame.as_str(), r#"{"claz":"ping"}"#);
//! assert!(!format!("{session:?}").contains("s3cret"));
//! # Ok::<(), cti_proto::login::UrlError>(())
//! ```

use std::borrow::Cow;
use std::collections::VecDeque;
use std::fmt;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::login::{
    AuthErrorCode, CtiUrl, LoginAnswer, LoginError, LoginRequest, LoginResponse, UrlError,
    LOGIN_PATH,
};
use crate::login::{LoggedOnErrorCode, Ping};
use crate::wire::NumberOrText;
use crate::{encode_command, Command, CommandKind, DecodeError, Decoded, Decoder, Event};

/// The heartbeat: how often to ping, and when a silent server is given up.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Heartbeat {
    /// Time between two ticks: 5 s, as cti.js (at least 1 ms).
    pub interval: Duration,
    /// Ticks in a row with no frame received, after which the next tick closes the socket:
    /// 3, as the latest cti.js. (Older cti.js gave up one tick earlier: 2 here.)
    pub max_missed: u32,
}

impl Default for Heartbeat {
    fn default() -> Self {
        Heartbeat {
            interval: Duration::from_secs(5),
            max_missed: 3,
        }
    }
}

impl Heartbeat {
    /// A count of missed ticks under this heartbeat's rule, starting at none.
    pub fn watch(&self) -> Missed {
        Missed {
            count: 0,
            max: self.max_missed,
        }
    }
}

/// cti.js's missed-heartbeat rule (CLIENTS.md §1), for whoever keeps the ticks: any frame
/// received resets the count; a tick that finds [`Heartbeat::max_missed`] ticks in a row
/// without a frame gives up, any other tick counts one more (and, for a client, pings).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Missed {
    count: u32,
    max: u32,
}

/// What a heartbeat tick calls for (see [`Missed::tick`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tick {
    /// Still alive: one more tick counted missed (a client pings).
    Ping,
    /// `max_missed` ticks in a row without a frame: close the socket.
    GiveUp,
}

impl Missed {
    /// A frame came: the count starts again.
    pub fn received(&mut self) {
        self.count = 0;
    }

    /// A tick: [`Tick::GiveUp`] when `max_missed` ticks went by without a frame, else
    /// [`Tick::Ping`], counting this tick.
    pub fn tick(&mut self) -> Tick {
        if self.count >= self.max {
            return Tick::GiveUp;
        }
        self.count += 1;
        Tick::Ping
    }
}

/// Request ids as the web client counts them: 1, 2, 3... (wrapping), from any thread.
#[derive(Debug, Default)]
pub struct RequestIds(AtomicI64);

impl RequestIds {
    /// The next id.
    pub fn next(&self) -> i64 {
        self.0.fetch_add(1, Ordering::Relaxed).wrapping_add(1)
    }
}

/// How long to wait before trying again: exponential backoff with jitter, capped, back to
/// `initial_delay` once a session has stayed logged on for `reset_after`.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ReconnectPolicy {
    /// The wait after the first failure: 1 s.
    pub initial_delay: Duration,
    /// Each failure in a row multiplies the wait by this: 2 (0 counts as 1).
    pub multiplier: u32,
    /// The longest wait: 60 s.
    pub max_delay: Duration,
    /// The share of each wait taken off at random, from 0 to 1: 0.5, so a wait of 8 s
    /// becomes one of 4 to 8 s.
    pub jitter: f64,
    /// How long a session must stay logged on for the next wait to be `initial_delay`
    /// again: 30 s. A server that sends `LoggedOn` and hangs up at once is waited for
    /// longer each time, as for any failure, instead of being called every second.
    pub reset_after: Duration,
}

impl Default for ReconnectPolicy {
    fn default() -> Self {
        ReconnectPolicy {
            initial_delay: Duration::from_secs(1),
            multiplier: 2,
            max_delay: Duration::from_secs(60),
            jitter: 0.5,
            reset_after: Duration::from_secs(30),
        }
    }
}

/// What a [`Link`] needs. `Debug` does not show the password.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct LinkConfig {
    /// The xuc server: a host and an optional port, `xuc.example.com:8090`.
    pub server: String,
    /// TLS: `https://` for the login and `wss://` for the socket. Off by default.
    pub secure: bool,
    /// The body of each REST login.
    pub login: LoginRequest,
    /// The heartbeat.
    pub heartbeat: Heartbeat,
    /// The waits between attempts.
    pub reconnect: ReconnectPolicy,
    /// How long a request with an id waits for its answer: 30 s. `None`: until the socket
    /// goes.
    pub request_timeout: Option<Duration>,
    /// How frames are decoded: leniently by default.
    pub decoder: Decoder,
    /// Where the jitter's random sequence starts. Give each client its own (from
    /// `std::collections::hash_map::RandomState`, say), or clients that fail together
    /// retry together.
    pub jitter_seed: u64,
}

impl LinkConfig {
    /// The defaults, for this server and login.
    pub fn new(server: impl Into<String>, login: LoginRequest) -> LinkConfig {
        LinkConfig {
            server: server.into(),
            secure: false,
            login,
            heartbeat: Heartbeat::default(),
            reconnect: ReconnectPolicy::default(),
            request_timeout: Some(Duration::from_secs(30)),
            decoder: Decoder::default(),
            jitter_seed: 0,
        }
    }
}

/// What happened outside, for [`Link::handle`]. `Debug` shows a frame's length only: a
/// frame can hold a secret (`LineConfig`'s SIP password).
#[derive(Clone)]
#[non_exhaustive]
pub enum Input {
    /// The answer to the last [`Output::Login`].
    LoginAnswer(LoginAnswer),
    /// The last [`Output::Login`] got no answer that is a login answer (network error,
    /// timeout, a body that is neither a token nor an error); why, for people.
    LoginUnavailable(String),
    /// The socket of the last [`Output::Connect`] is open.
    Connected,
    /// A text frame received.
    Frame(String),
    /// The socket closed, or could not open.
    Closed,
    /// The last [`Output::Login`] was answered with a redirect, to this URL, that was not
    /// followed: another attempt cannot mend it.
    LoginRedirected(String),
    /// The server sent a frame of `size` bytes, over the caller's limit of `max`; the
    /// socket is given up.
    TooLarge {
        /// The frame's size, in bytes.
        size: usize,
        /// The limit.
        max: usize,
    },
    /// The caller holds frames back: it did not read the socket because its own reader is
    /// behind. The server is not counted silent for the heartbeat ticks missed meanwhile.
    Busy,
}

impl fmt::Debug for Input {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Input::LoginAnswer(answer) => f.debug_tuple("LoginAnswer").field(answer).finish(),
            Input::LoginUnavailable(why) => f.debug_tuple("LoginUnavailable").field(why).finish(),
            Input::Connected => f.write_str("Connected"),
            Input::Frame(text) => f
                .debug_struct("Frame")
                .field("len", &text.len())
                .finish_non_exhaustive(),
            Input::Closed => f.write_str("Closed"),
            Input::LoginRedirected(url) => f.debug_tuple("LoginRedirected").field(url).finish(),
            Input::TooLarge { size, max } => f
                .debug_struct("TooLarge")
                .field("size", size)
                .field("max", max)
                .finish(),
            Input::Busy => f.write_str("Busy"),
        }
    }
}

impl Input {
    /// The body of the REST login's answer, whatever its HTTP status (refusals come with an
    /// error body): [`Input::LoginAnswer`], or [`Input::LoginUnavailable`] when the body is
    /// not a login answer.
    pub fn login_body(body: &str) -> Input {
        match LoginAnswer::from_json(body) {
            Ok(answer) => Input::LoginAnswer(answer),
            Err(error) => Input::LoginUnavailable(format!("the login answer is not one: {error}")),
        }
    }
}

/// What the caller has to do, or is told, from [`Link::poll_output`].
#[derive(Debug)]
#[non_exhaustive]
pub enum Output {
    /// Make this REST login, then give its outcome to [`Link::handle`].
    Login(LoginCall),
    /// Open a WebSocket to this URL (it holds the token: do not log
    /// [`CtiUrl::to_url`]).
    Connect(CtiUrl),
    /// Write this text frame on the socket.
    Send(OutFrame),
    /// Close the socket.
    Close,
    /// An event received, and what lenient decoding tolerated in it.
    Event(Decoded<Event>),
    /// The answer to a request sent with [`Link::send`].
    Response {
        /// The request, as it was sent.
        request: RequestId,
        /// Its answer.
        answer: Decoded<Event>,
    },
    /// A request that will get no answer.
    RequestFailed {
        /// The request, as it was sent.
        request: RequestId,
        /// Why.
        reason: RequestFailure,
    },
    /// A frame received that does not decode; the session goes on.
    DecodeError(DecodeError),
    /// Not logged on any more, or the login failed.
    Disconnected {
        /// Why.
        reason: DisconnectReason,
        /// When the session tries again; `None` when it has stopped for good.
        retry_at: Option<Instant>,
    },
}

/// A REST login to make: `POST` [`LoginCall::url`] with the JSON [`LoginCall::body`].
#[derive(Clone, Debug)]
pub struct LoginCall {
    server: String,
    secure: bool,
    request: LoginRequest,
}

impl LoginCall {
    /// `http(s)://SERVER/xuc/api/2.0/auth/login`.
    pub fn url(&self) -> String {
        let scheme = if self.secure { "https" } else { "http" };
        format!("{scheme}://{}{LOGIN_PATH}", self.server)
    }

    /// The request.
    pub fn request(&self) -> &LoginRequest {
        &self.request
    }

    /// The JSON body. It holds the password: do not log it.
    pub fn body(&self) -> String {
        // A struct of strings serializes to JSON without fail.
        serde_json::to_string(&self.request).unwrap_or_default()
    }
}

/// A text frame to write. `Debug` shows the command and the length only: a frame can hold
/// a secret (the token of `inviteToMeetingRoom`).
#[derive(Clone, PartialEq, Eq)]
pub struct OutFrame {
    command: String,
    text: String,
}

impl OutFrame {
    fn new(command: &Command) -> OutFrame {
        OutFrame {
            command: command.name().to_owned(),
            text: encode_command(command),
        }
    }

    /// The frame.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The frame, taken.
    pub fn into_string(self) -> String {
        self.text
    }

    /// The command's name (`"ping"` for the heartbeat).
    pub fn command(&self) -> &str {
        &self.command
    }
}

impl fmt::Debug for OutFrame {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OutFrame")
            .field("command", &self.command)
            .field("len", &self.text.len())
            .finish_non_exhaustive()
    }
}

/// Why the session is not logged on.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DisconnectReason {
    /// The REST login answered `{"error":..,"message":..}`.
    LoginRefused(LoginError),
    /// The REST login got no answer that could be read ([`Input::LoginUnavailable`]).
    LoginUnavailable(String),
    /// The REST login was answered with a redirect, to this URL, not followed
    /// ([`Input::LoginRedirected`]): the password goes to the configured server only.
    LoginRedirected(String),
    /// The server sent `LoggedOnError` (it closes the socket after it).
    LoggedOnError(LoggedOnErrorCode),
    /// The socket closed, or could not open.
    Closed,
    /// No frame came for [`Heartbeat::max_missed`] ticks; the session closed the socket.
    HeartbeatTimeout,
    /// The server sent a frame over the caller's size limit ([`Input::TooLarge`]).
    FrameTooLarge {
        /// The frame's size, in bytes.
        size: usize,
        /// The limit.
        max: usize,
    },
}

/// For people, in one line; text from the server has its control characters escaped
/// ([`printable`]).
impl fmt::Display for DisconnectReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DisconnectReason::LoginRefused(error) => {
                let code = printable(error.error.as_str());
                match error.message.value() {
                    Some(message) => {
                        write!(f, "the login was refused: {code} ({})", printable(message))
                    }
                    None => write!(f, "the login was refused: {code}"),
                }
            }
            DisconnectReason::LoginUnavailable(why) => f.write_str(&printable(why)),
            DisconnectReason::LoginRedirected(url) => write!(
                f,
                "the login was redirected to {}; not followed",
                printable(url)
            ),
            DisconnectReason::LoggedOnError(code) => {
                write!(
                    f,
                    "the server sent LoggedOnError {}",
                    printable(code.as_str())
                )
            }
            DisconnectReason::Closed => f.write_str("the socket closed"),
            DisconnectReason::HeartbeatTimeout => f.write_str("the server went silent (heartbeat)"),
            DisconnectReason::FrameTooLarge { size, max } => write!(
                f,
                "the server sent a frame of {size} bytes, over the limit of {max}"
            ),
        }
    }
}

/// Text from a server, fit for a terminal: control characters (C0, DEL, C1) and the marks
/// that reorder text (bidirectional overrides and isolates) written as `\u{1b}`, so that
/// what a server sends cannot move the cursor, clear the screen or retitle the window.
pub fn printable(text: &str) -> Cow<'_, str> {
    fn unsafe_char(c: char) -> bool {
        c.is_control()
            || matches!(
                c,
                '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
            )
    }
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

impl std::error::Error for DisconnectReason {}

impl DisconnectReason {
    /// Whether another attempt cannot help, so the session stops: a REST refusal of the
    /// credentials or of the request (every known code but `UnhandledError`), a login
    /// redirected.
    pub fn is_final(&self) -> bool {
        match self {
            DisconnectReason::LoginRedirected(_) => true,
            DisconnectReason::LoginRefused(error) => {
                error.error.is_known() && error.error != AuthErrorCode::UnhandledError
            }
            _ => false,
        }
    }
}

/// A request whose answer carries its id: the command's kind and the `id` sent.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct RequestId {
    /// The request's kind: `findCustomerCallHistory` or `findCallbackRequest`.
    pub kind: CommandKind,
    /// Its `id`.
    pub id: NumberOrText,
}

impl RequestId {
    /// The id of a command whose answer echoes it; `None` for the others.
    pub fn of_command(command: &Command) -> Option<RequestId> {
        let (kind, id) = match command {
            Command::FindCustomerCallHistory(c) => (CommandKind::FindCustomerCallHistory, &c.id),
            Command::FindCallbackRequest(c) => (CommandKind::FindCallbackRequest, &c.id),
            _ => return None,
        };
        Some(RequestId {
            kind,
            id: id.clone(),
        })
    }

    /// The request an event answers, by the `id` it carries; `None` for other events.
    pub fn answered_by(event: &Event) -> Option<RequestId> {
        let (kind, id) = match event {
            Event::CustomerCallHistoryResponseWithId(e) => {
                (CommandKind::FindCustomerCallHistory, &e.id)
            }
            Event::FindCallbackResponseWithId(e) => (CommandKind::FindCallbackRequest, &e.id),
            _ => return None,
        };
        Some(RequestId {
            kind,
            id: id.value()?.clone(),
        })
    }

    /// Same kind, and the same id as text (`1` is `"1"`).
    fn matches(&self, other: &RequestId) -> bool {
        self.kind == other.kind
            && match (&self.id, &other.id) {
                (NumberOrText::Number(a), NumberOrText::Number(b)) => a == b,
                (NumberOrText::Text(a), NumberOrText::Text(b)) => a == b,
                (NumberOrText::Number(n), NumberOrText::Text(t))
                | (NumberOrText::Text(t), NumberOrText::Number(n)) => *t == n.to_string(),
            }
    }
}

/// Why a request will get no answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RequestFailure {
    /// The socket went before the answer came.
    ConnectionLost,
    /// No answer within [`LinkConfig::request_timeout`].
    TimedOut,
}

impl fmt::Display for RequestFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RequestFailure::ConnectionLost => "the connection was lost before the answer came",
            RequestFailure::TimedOut => "no answer within the request timeout",
        })
    }
}

impl std::error::Error for RequestFailure {}

/// A command [`Link::send`] did not send, given back.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SendError {
    /// The session is not logged on (not yet, not any more, or stopped).
    NotLoggedOn(Command),
    /// A request of this kind with this id is still waiting for its answer.
    DuplicateId(Command),
}

impl SendError {
    /// The command.
    pub fn into_command(self) -> Command {
        match self {
            SendError::NotLoggedOn(command) | SendError::DuplicateId(command) => command,
        }
    }
}

impl fmt::Display for SendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SendError::NotLoggedOn(command) => {
                write!(f, "`{}` not sent: not logged on", command.name())
            }
            SendError::DuplicateId(command) => write!(
                f,
                "`{}` not sent: a request with this id waits for its answer",
                command.name()
            ),
        }
    }
}

impl std::error::Error for SendError {}

/// The link to the CTI server: login, WebSocket, heartbeat, reconnection, request ids. See the
/// [module](self) for the flow. `Debug` shows neither the password nor the token.
#[derive(Debug)]
pub struct Link {
    config: LinkConfig,
    state: State,
    /// The wait before the next attempt, before jitter.
    backoff: Duration,
    /// State of the jitter's random sequence (splitmix64).
    random: u64,
    /// Requests sent and not answered, in the order sent.
    pending: Vec<Pending>,
    request_ids: Arc<RequestIds>,
    outputs: VecDeque<Output>,
}

#[derive(Debug)]
enum State {
    /// The REST login was asked for.
    LoggingIn,
    /// The socket was asked for.
    Connecting,
    /// The socket is open.
    Connected {
        /// When `LoggedOn` came on it.
        logged_on: Option<Instant>,
        missed: Missed,
        next_tick: Instant,
    },
    /// Waiting before the next attempt.
    Waiting { until: Instant },
    /// Closed by the caller, or a final failure.
    Stopped,
}

#[derive(Debug)]
struct Pending {
    request: RequestId,
    deadline: Option<Instant>,
}

impl Link {
    /// A session, which asks for its first login at once ([`Output::Login`]). Fails when
    /// `config.server` is not a host with an optional port.
    pub fn new(config: LinkConfig) -> Result<Link, UrlError> {
        CtiUrl::token(&config.server, "")?;
        let mut session = Link {
            backoff: config.reconnect.initial_delay,
            random: config.jitter_seed,
            config,
            state: State::Stopped,
            pending: Vec::new(),
            request_ids: Arc::default(),
            outputs: VecDeque::new(),
        };
        session.login();
        Ok(session)
    }

    /// Takes in what happened outside. What does not fit the session's state (a frame
    /// after [`Output::Close`], a login answer nobody asked for) is ignored.
    pub fn handle(&mut self, input: Input, now: Instant) {
        match (input, &mut self.state) {
            (Input::LoginAnswer(LoginAnswer::Token(response)), State::LoggingIn) => {
                self.connect(&response, now)
            }
            (Input::LoginAnswer(LoginAnswer::Error(error)), State::LoggingIn) => {
                self.fail(DisconnectReason::LoginRefused(error), now)
            }
            (Input::LoginUnavailable(why), State::LoggingIn) => {
                self.fail(DisconnectReason::LoginUnavailable(why), now)
            }
            (Input::Connected, State::Connecting) => {
                self.state = State::Connected {
                    logged_on: None,
                    missed: self.config.heartbeat.watch(),
                    next_tick: later(now, self.interval()),
                }
            }
            (Input::Frame(text), State::Connected { missed, .. }) => {
                missed.received();
                self.receive(&text, now);
            }
            (Input::Closed, State::Connecting | State::Connected { .. }) => {
                self.fail(DisconnectReason::Closed, now)
            }
            (Input::LoginRedirected(url), State::LoggingIn) => {
                self.fail(DisconnectReason::LoginRedirected(url), now)
            }
            (Input::TooLarge { size, max }, State::Connected { .. }) => {
                self.fail(DisconnectReason::FrameTooLarge { size, max }, now)
            }
            (Input::Busy, State::Connected { missed, .. }) => missed.received(),
            _ => {}
        }
    }

    /// Sends a command, once logged on. A request with an id
    /// ([`RequestId::of_command`]) is kept until its answer comes.
    pub fn send(&mut self, command: Command, now: Instant) -> Result<(), SendError> {
        if !self.is_logged_on() {
            return Err(SendError::NotLoggedOn(command));
        }
        if let Some(request) = RequestId::of_command(&command) {
            if self.pending.iter().any(|p| p.request.matches(&request)) {
                return Err(SendError::DuplicateId(command));
            }
            let deadline = self.config.request_timeout.map(|t| later(now, t));
            self.pending.push(Pending { request, deadline });
        }
        self.outputs
            .push_back(Output::Send(OutFrame::new(&command)));
        Ok(())
    }

    /// A new request id: 1, 2, 3... (as the web client counts).
    pub fn next_request_id(&mut self) -> i64 {
        self.request_ids.next()
    }

    /// The counter behind [`Link::next_request_id`], to take ids from where the
    /// session is out of reach (another task, another thread): both count together.
    pub fn request_ids(&self) -> Arc<RequestIds> {
        Arc::clone(&self.request_ids)
    }

    /// Stops the session: closes the socket if there is one, fails the requests waiting,
    /// and never tries again.
    pub fn close(&mut self) {
        if self.socket_open() {
            self.outputs.push_back(Output::Close);
        }
        self.drop_pending();
        self.state = State::Stopped;
    }

    /// The next thing to do or to know, in order.
    pub fn poll_output(&mut self) -> Option<Output> {
        self.outputs.pop_front()
    }

    /// When to call [`Link::handle_timeout`]; `None`: not before some input.
    pub fn poll_timeout(&self) -> Option<Instant> {
        let state = match self.state {
            State::Connected { next_tick, .. } => Some(next_tick),
            State::Waiting { until } => Some(until),
            _ => None,
        };
        let request = self.pending.iter().filter_map(|p| p.deadline).min();
        state.into_iter().chain(request).min()
    }

    /// Does what is due at `now`: a heartbeat tick, the next attempt, expired requests.
    pub fn handle_timeout(&mut self, now: Instant) {
        let mut index = 0;
        while index < self.pending.len() {
            if self.pending[index].deadline.is_some_and(|d| d <= now) {
                let request = self.pending.remove(index).request;
                self.outputs.push_back(Output::RequestFailed {
                    request,
                    reason: RequestFailure::TimedOut,
                });
            } else {
                index += 1;
            }
        }
        match self.state {
            State::Connected { next_tick, .. } if next_tick <= now => self.tick(next_tick, now),
            State::Waiting { until } if until <= now => self.login(),
            _ => {}
        }
    }

    /// Whether `LoggedOn` came on the open socket.
    pub fn is_logged_on(&self) -> bool {
        matches!(
            self.state,
            State::Connected {
                logged_on: Some(_),
                ..
            }
        )
    }

    /// Whether the session has stopped for good ([`Link::close`] or a final failure).
    pub fn is_stopped(&self) -> bool {
        matches!(self.state, State::Stopped)
    }

    fn login(&mut self) {
        self.state = State::LoggingIn;
        self.outputs.push_back(Output::Login(LoginCall {
            server: self.config.server.clone(),
            secure: self.config.secure,
            request: self.config.login.clone(),
        }));
    }

    fn connect(&mut self, response: &LoginResponse, now: Instant) {
        match CtiUrl::token(&self.config.server, response.token.expose()) {
            Ok(url) => {
                self.state = State::Connecting;
                let url = url.secure(self.config.secure);
                self.outputs.push_back(Output::Connect(url));
            }
            // Not reached: `Link::new` checked the server.
            Err(error) => self.fail(DisconnectReason::LoginUnavailable(error.to_string()), now),
        }
    }

    fn receive(&mut self, text: &str, now: Instant) {
        let decoded = match self.config.decoder.decode_event(text) {
            Ok(decoded) => decoded,
            Err(error) => {
                self.outputs.push_back(Output::DecodeError(error));
                return;
            }
        };
        match &decoded.message {
            Event::LoggedOn(_) => {
                if let State::Connected { logged_on, .. } = &mut self.state {
                    logged_on.get_or_insert(now);
                }
                self.outputs.push_back(Output::Event(decoded));
            }
            Event::LoggedOnError(error) => {
                let code = error.error.clone();
                self.outputs.push_back(Output::Event(decoded));
                self.fail(DisconnectReason::LoggedOnError(code), now);
            }
            event => {
                let waiting = RequestId::answered_by(event).and_then(|answer| {
                    self.pending.iter().position(|p| p.request.matches(&answer))
                });
                let output = match waiting {
                    Some(index) => Output::Response {
                        request: self.pending.remove(index).request,
                        answer: decoded,
                    },
                    None => Output::Event(decoded),
                };
                self.outputs.push_back(output);
            }
        }
    }

    /// A heartbeat tick that was due at `due`.
    fn tick(&mut self, due: Instant, now: Instant) {
        let interval = self.interval();
        let State::Connected {
            missed, next_tick, ..
        } = &mut self.state
        else {
            return;
        };
        if missed.tick() == Tick::GiveUp {
            self.fail(DisconnectReason::HeartbeatTimeout, now);
            return;
        }
        // Ticks missed while the caller was away are not made up for.
        let next = later(due, interval);
        *next_tick = if next > now {
            next
        } else {
            later(now, interval)
        };
        let ping = Command::from(Ping::new());
        self.outputs.push_back(Output::Send(OutFrame::new(&ping)));
    }

    fn fail(&mut self, reason: DisconnectReason, now: Instant) {
        if let State::Connected {
            logged_on: Some(since),
            ..
        } = self.state
        {
            // A session that lasted starts the backoff over; one that did not is a failure
            // like any other.
            if now.saturating_duration_since(since) >= self.config.reconnect.reset_after {
                self.backoff = self.config.reconnect.initial_delay;
            }
        }
        if self.socket_open() && reason != DisconnectReason::Closed {
            self.outputs.push_back(Output::Close);
        }
        self.drop_pending();
        let retry_at = if reason.is_final() {
            self.state = State::Stopped;
            None
        } else {
            let until = later(now, self.next_delay());
            self.state = State::Waiting { until };
            Some(until)
        };
        self.outputs
            .push_back(Output::Disconnected { reason, retry_at });
    }

    fn drop_pending(&mut self) {
        for pending in self.pending.drain(..) {
            self.outputs.push_back(Output::RequestFailed {
                request: pending.request,
                reason: RequestFailure::ConnectionLost,
            });
        }
    }

    fn socket_open(&self) -> bool {
        matches!(self.state, State::Connecting | State::Connected { .. })
    }

    fn interval(&self) -> Duration {
        self.config.heartbeat.interval.max(Duration::from_millis(1))
    }

    /// The wait before the next attempt, jittered; the one after it grows.
    fn next_delay(&mut self) -> Duration {
        let policy = &self.config.reconnect;
        let base = self.backoff.min(policy.max_delay);
        self.backoff = base
            .saturating_mul(policy.multiplier.max(1))
            .min(policy.max_delay);
        let jitter = if policy.jitter.is_nan() {
            0.0
        } else {
            policy.jitter.clamp(0.0, 1.0)
        };
        let nanos = base.as_nanos();
        // Float to integer casts saturate; the cut is at most `nanos`.
        let cut = (nanos as f64 * jitter * next_random(&mut self.random)) as u128;
        let nanos = nanos.saturating_sub(cut);
        Duration::from_nanos(u64::try_from(nanos).unwrap_or(u64::MAX))
    }
}

/// `now + wait`, or as late as can be told.
fn later(now: Instant, wait: Duration) -> Instant {
    const YEAR: Duration = Duration::from_secs(365 * 24 * 3600);
    now.checked_add(wait)
        .or_else(|| now.checked_add(YEAR))
        .unwrap_or(now)
}

/// A number in `[0, 1)`, the next of the splitmix64 sequence.
fn next_random(state: &mut u64) -> f64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64
}

/// The old name of [`Link`].
#[deprecated(note = "renamed `cti_proto::link::Link`")]
pub type Session = Link;

/// The old name of [`LinkConfig`].
#[deprecated(note = "renamed `cti_proto::link::LinkConfig`")]
pub type SessionConfig = LinkConfig;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::callback::{FindCallbackRequest, FindCallbackRequestQuery};
    use crate::history::{CustomerCallHistoryRequest, FindCustomerCallHistory};
    use crate::login::GetIceConfig;
    use crate::meeting::InviteToMeetingRoom;

    const PASSWORD: &str = "hunter2-password";
    const TOKEN: &str = "t0k3n-secret";
    const PING: &str = r#"send {"claz":"ping"}"#;
    const LOGGED_ON: &str = r#"{"msgType":"LoggedOn"}"#;
    const PROFILE: &str = r#"{"msgType":"RightProfile","ctiMessage":{"profile":"Agent"}}"#;

    fn secs(n: u64) -> Duration {
        Duration::from_secs(n)
    }

    /// The defaults, without jitter, so that waits can be asserted.
    fn config() -> LinkConfig {
        let mut config = LinkConfig::new("pbx:8090", LoginRequest::new("jbond", PASSWORD));
        config.reconnect.jitter = 0.0;
        config
    }

    fn token_answer(token: &str) -> Input {
        Input::login_body(&format!(
            r#"{{"login":"jbond","token":"{token}","TTL":3600}}"#
        ))
    }

    fn frame(text: &str) -> Input {
        Input::Frame(text.to_owned())
    }

    /// Every output waiting, each told in a line; instants as milliseconds after `t0`.
    fn drain(session: &mut Link, t0: Instant) -> Vec<String> {
        std::iter::from_fn(|| session.poll_output())
            .map(|output| describe(&output, t0))
            .collect()
    }

    fn describe(output: &Output, t0: Instant) -> String {
        match output {
            Output::Login(call) => format!("login {}", call.url()),
            Output::Connect(url) => format!("connect {}", url.to_url()),
            Output::Send(frame) => format!("send {}", frame.as_str()),
            Output::Close => "close".to_owned(),
            Output::Event(decoded) => format!("event {}", decoded.message.msg_type()),
            Output::Response { request, answer } => format!(
                "response {} {} {}",
                request.kind,
                request.id,
                answer.message.msg_type()
            ),
            Output::RequestFailed { request, reason } => {
                format!("failed {} {} {reason:?}", request.kind, request.id)
            }
            Output::DecodeError(error) => format!("decode error {}", error.kind().as_str()),
            Output::Disconnected { reason, retry_at } => {
                let reason = match reason {
                    DisconnectReason::LoginRefused(error) => {
                        format!("LoginRefused({})", error.error.as_str())
                    }
                    DisconnectReason::LoginUnavailable(_) => "LoginUnavailable".to_owned(),
                    DisconnectReason::LoggedOnError(code) => {
                        format!("LoggedOnError({})", code.as_str())
                    }
                    other => format!("{other:?}"),
                };
                match retry_at {
                    Some(at) => format!("disconnected {reason}, retry at {}", ms(*at, t0)),
                    None => format!("disconnected {reason}, stopped"),
                }
            }
        }
    }

    fn ms(at: Instant, t0: Instant) -> u128 {
        at.duration_since(t0).as_millis()
    }

    /// Logs in and connects with `token` at `at`, from a session that just asked for a
    /// login, and sees `LoggedOn`.
    fn log_on(session: &mut Link, token: &str, at: Instant) {
        session.handle(token_answer(token), at);
        let connect = format!("connect ws://pbx:8090/xuc/api/2.0/cti?token={token}");
        assert_eq!(drain(session, at), [connect]);
        session.handle(Input::Connected, at);
        session.handle(frame(LOGGED_ON), at);
        assert_eq!(drain(session, at), ["event LoggedOn"]);
        assert!(session.is_logged_on());
    }

    /// A session logged on at `t0` (its socket opened then).
    fn logged_on(config: LinkConfig, t0: Instant) -> Link {
        let mut session = Link::new(config).unwrap();
        assert_eq!(
            drain(&mut session, t0),
            ["login http://pbx:8090/xuc/api/2.0/auth/login"]
        );
        log_on(&mut session, TOKEN, t0);
        session
    }

    fn history(id: impl Into<NumberOrText>) -> Command {
        Command::from(FindCustomerCallHistory::new(
            id,
            CustomerCallHistoryRequest::new(),
        ))
    }

    fn callbacks(id: impl Into<NumberOrText>) -> Command {
        Command::from(FindCallbackRequest::new(
            id,
            FindCallbackRequestQuery::new(),
        ))
    }

    fn history_answer(id: &str) -> Input {
        frame(&format!(
            r#"{{"msgType":"CustomerCallHistoryResponseWithId","ctiMessage":{{"id":{id},"response":{{"list":[]}}}}}}"#
        ))
    }

    #[test]
    fn login_then_socket_with_the_token_then_logged_on() {
        let t0 = Instant::now();
        let mut session = Link::new(config()).unwrap();
        let Some(Output::Login(call)) = session.poll_output() else {
            panic!("no login first")
        };
        assert_eq!(call.url(), "http://pbx:8090/xuc/api/2.0/auth/login");
        assert_eq!(
            call.body(),
            format!(r#"{{"login":"jbond","password":"{PASSWORD}"}}"#)
        );
        assert_eq!(
            session.poll_timeout(),
            None,
            "nothing to do but wait for IO"
        );

        session.handle(token_answer(TOKEN), t0);
        assert_eq!(
            drain(&mut session, t0),
            [format!(
                "connect ws://pbx:8090/xuc/api/2.0/cti?token={TOKEN}"
            )]
        );
        session.handle(Input::Connected, t0);
        assert!(drain(&mut session, t0).is_empty());
        assert!(!session.is_logged_on());
        let early = Command::from(GetIceConfig::new());
        assert_eq!(
            session.send(early.clone(), t0),
            Err(SendError::NotLoggedOn(early.clone()))
        );

        session.handle(frame(LOGGED_ON), t0 + secs(1));
        assert_eq!(drain(&mut session, t0), ["event LoggedOn"]);
        assert!(session.is_logged_on());
        session.send(early, t0 + secs(1)).unwrap();
        assert_eq!(
            drain(&mut session, t0),
            [r#"send {"claz":"web","command":"getIceConfig"}"#]
        );

        // With TLS: https and wss.
        let mut config = config();
        config.secure = true;
        let mut session = Link::new(config).unwrap();
        assert_eq!(
            drain(&mut session, t0),
            ["login https://pbx:8090/xuc/api/2.0/auth/login"]
        );
        session.handle(token_answer("x"), t0);
        assert_eq!(
            drain(&mut session, t0),
            ["connect wss://pbx:8090/xuc/api/2.0/cti?token=x"]
        );
    }

    #[test]
    fn a_server_that_is_not_a_host_is_refused() {
        let config = LinkConfig::new("ws://pbx/xuc", LoginRequest::new("jbond", PASSWORD));
        assert!(Link::new(config).is_err());
    }

    #[test]
    fn heartbeat_pings_every_five_seconds() {
        let t0 = Instant::now();
        let mut session = logged_on(config(), t0);
        for n in 1..=6 {
            let due = t0 + secs(5 * n);
            assert_eq!(session.poll_timeout(), Some(due));
            session.handle_timeout(due - Duration::from_millis(1));
            assert!(drain(&mut session, t0).is_empty(), "tick {n} came early");
            session.handle_timeout(due);
            assert_eq!(drain(&mut session, t0), [PING], "tick {n}");
            // The server answers something, whatever it is.
            session.handle(frame(PROFILE), due + secs(1));
            assert_eq!(drain(&mut session, t0), ["event RightProfile"]);
        }
        assert!(session.is_logged_on());
    }

    #[test]
    fn a_late_timer_call_sends_one_ping_and_keeps_the_beat() {
        let t0 = Instant::now();
        let mut session = logged_on(config(), t0);
        session.handle_timeout(t0 + secs(60));
        assert_eq!(drain(&mut session, t0), [PING]);
        assert_eq!(session.poll_timeout(), Some(t0 + secs(65)));
    }

    #[test]
    fn the_tick_that_finds_max_missed_gives_up() {
        let mut missed = Heartbeat::default().watch();
        for _ in 0..3 {
            assert_eq!(missed.tick(), Tick::Ping);
        }
        missed.received();
        for _ in 0..3 {
            assert_eq!(missed.tick(), Tick::Ping);
        }
        assert_eq!(missed.tick(), Tick::GiveUp);
        assert_eq!(missed.tick(), Tick::GiveUp);
    }

    #[test]
    fn any_frame_received_resets_the_missed_ticks() {
        let t0 = Instant::now();
        let mut session = logged_on(config(), t0);
        for n in [5, 10, 15] {
            session.handle_timeout(t0 + secs(n));
            assert_eq!(drain(&mut session, t0), [PING]);
        }
        // Three ticks missed; a frame, even one that does not decode, resets the count.
        session.handle(frame("{garbage"), t0 + secs(16));
        assert_eq!(drain(&mut session, t0), ["decode error syntax"]);
        for n in [20, 25, 30] {
            session.handle_timeout(t0 + secs(n));
            assert_eq!(drain(&mut session, t0), [PING], "tick at {n} s");
        }
        session.handle_timeout(t0 + secs(35));
        assert_eq!(
            drain(&mut session, t0),
            ["close", "disconnected HeartbeatTimeout, retry at 36000"]
        );
    }

    #[test]
    fn ticks_missed_while_the_caller_holds_frames_back_are_not_counted() {
        let t0 = Instant::now();
        let mut session = logged_on(config(), t0);
        for n in [5, 10, 15] {
            session.handle_timeout(t0 + secs(n));
            assert_eq!(drain(&mut session, t0), [PING]);
        }
        // The caller's reader is behind: frames may be waiting unread.
        session.handle(Input::Busy, t0 + secs(20));
        session.handle_timeout(t0 + secs(20));
        assert_eq!(drain(&mut session, t0), [PING]);
        assert!(session.is_logged_on());
    }

    #[test]
    fn a_frame_too_large_gives_the_socket_up_and_a_redirect_stops() {
        let t0 = Instant::now();
        let mut session = logged_on(config(), t0);
        session.handle(Input::TooLarge { size: 9, max: 8 }, t0);
        assert_eq!(
            drain(&mut session, t0),
            [
                "close",
                "disconnected FrameTooLarge { size: 9, max: 8 }, retry at 1000"
            ]
        );
        session.handle_timeout(t0 + secs(1));
        drain(&mut session, t0);
        session.handle(
            Input::LoginRedirected("http://elsewhere/".into()),
            t0 + secs(1),
        );
        let Some(Output::Disconnected { reason, retry_at }) = session.poll_output() else {
            panic!("no disconnection")
        };
        assert_eq!(retry_at, None);
        assert!(session.is_stopped());
        assert_eq!(
            reason.to_string(),
            "the login was redirected to http://elsewhere/; not followed"
        );
    }

    #[test]
    fn printable_escapes_what_drives_a_terminal() {
        assert!(matches!(printable("Agent Smith: 1001 é"), Cow::Borrowed(_)));
        assert_eq!(
            printable("a\u{1b}[2J\u{7}b\u{9b}c\u{202e}d\r\n\t\u{7f}"),
            r"a\u{1b}[2J\u{7}b\u{9b}c\u{202e}d\u{d}\u{a}\u{9}\u{7f}"
        );
    }

    #[test]
    fn three_silent_ticks_close_the_socket_and_the_session_logs_in_again() {
        let t0 = Instant::now();
        let mut session = logged_on(config(), t0);
        for n in [5, 10, 15] {
            session.handle_timeout(t0 + secs(n));
            assert_eq!(drain(&mut session, t0), [PING]);
        }
        session.handle_timeout(t0 + secs(20));
        assert_eq!(
            drain(&mut session, t0),
            ["close", "disconnected HeartbeatTimeout, retry at 21000"]
        );
        assert!(!session.is_logged_on());
        // What the old socket still says is not heard.
        session.handle(frame(PROFILE), t0 + secs(20));
        session.handle(Input::Closed, t0 + secs(20));
        assert!(drain(&mut session, t0).is_empty());

        assert_eq!(session.poll_timeout(), Some(t0 + secs(21)));
        session.handle_timeout(t0 + secs(21));
        assert_eq!(
            drain(&mut session, t0),
            ["login http://pbx:8090/xuc/api/2.0/auth/login"]
        );
        log_on(&mut session, "second-token", t0 + secs(22));
        // The beat starts again from the new socket.
        assert_eq!(session.poll_timeout(), Some(t0 + secs(27)));
    }

    #[test]
    fn a_drop_after_logged_on_logs_in_again_for_a_new_token() {
        let t0 = Instant::now();
        let mut session = logged_on(config(), t0);
        session.handle(Input::Closed, t0 + secs(3));
        assert_eq!(
            drain(&mut session, t0),
            ["disconnected Closed, retry at 4000"]
        );
        assert_eq!(
            session
                .send(history(1), t0 + secs(3))
                .map_err(|e| e.to_string()),
            Err("`findCustomerCallHistory` not sent: not logged on".to_owned())
        );
        session.handle_timeout(t0 + secs(4));
        let Some(Output::Login(call)) = session.poll_output() else {
            panic!("no new login")
        };
        assert!(call.body().contains(PASSWORD), "the password is kept");
        // The new token goes in the new URL (log_on asserts it).
        log_on(&mut session, "fresh-token", t0 + secs(5));
    }

    #[test]
    fn backoff_doubles_up_to_its_cap_and_starts_over_after_logged_on() {
        let t0 = Instant::now();
        let mut config = config();
        config.reconnect.max_delay = secs(8);
        let mut session = Link::new(config).unwrap();
        drain(&mut session, t0);
        let mut now = t0;
        let mut waits = Vec::new();
        for attempt in 0..6 {
            if attempt == 2 {
                // A socket that opens and closes before LoggedOn is a failure too.
                session.handle(token_answer(TOKEN), now);
                session.handle(Input::Connected, now);
                session.handle(Input::Closed, now);
            } else {
                session.handle(Input::LoginUnavailable("refused".into()), now);
            }
            let Some(Output::Disconnected {
                retry_at: Some(at), ..
            }) = std::iter::from_fn(|| session.poll_output()).last()
            else {
                panic!("no retry")
            };
            waits.push(at.duration_since(now).as_secs());
            now = at;
            session.handle_timeout(now);
            assert!(matches!(session.poll_output(), Some(Output::Login(_))));
        }
        assert_eq!(waits, [1, 2, 4, 8, 8, 8]);

        log_on(&mut session, TOKEN, now);
        session.handle(Input::Closed, now + secs(30));
        assert_eq!(
            drain(&mut session, now),
            ["disconnected Closed, retry at 31000"]
        );
    }

    /// A server that sends `LoggedOn` and closes at once, for 10 minutes: the logins per
    /// minute, with the default policy (no jitter).
    fn logins_per_minute(config: LinkConfig) -> Vec<usize> {
        let t0 = Instant::now();
        let mut session = Link::new(config).unwrap();
        let mut now = t0;
        let mut minutes = vec![0; 10];
        while now < t0 + secs(600) {
            let outputs = drain(&mut session, t0);
            assert!(outputs[0].starts_with("login "), "{outputs:?}");
            minutes[(now.duration_since(t0).as_secs() / 60) as usize] += 1;
            session.handle(token_answer(TOKEN), now);
            session.handle(Input::Connected, now);
            session.handle(frame(LOGGED_ON), now);
            session.handle(Input::Closed, now);
            let Some(Output::Disconnected {
                retry_at: Some(at), ..
            }) = std::iter::from_fn(|| session.poll_output()).last()
            else {
                panic!("no retry")
            };
            now = at;
            session.handle_timeout(now);
        }
        minutes
    }

    #[test]
    fn a_server_that_hangs_up_after_logged_on_gets_one_login_a_minute() {
        // Waits of 1, 2, 4, 8, 16, 32, then 60 s: as if every login had failed.
        assert_eq!(logins_per_minute(config()), [6, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
        // A session that lasts `reset_after` starts the waits over.
        let mut config = config();
        config.reconnect.reset_after = Duration::ZERO;
        assert_eq!(logins_per_minute(config)[1..], [60; 9]);
    }

    /// The first `n` waits of a session whose logins all fail, with a jitter of one half
    /// of 8 s and this seed.
    fn waits(seed: u64, n: usize) -> Vec<Duration> {
        let t0 = Instant::now();
        let mut config = config();
        config.reconnect = ReconnectPolicy {
            initial_delay: secs(8),
            multiplier: 1,
            max_delay: secs(8),
            jitter: 0.5,
            reset_after: secs(30),
        };
        config.jitter_seed = seed;
        let mut session = Link::new(config).unwrap();
        let mut now = t0;
        (0..n)
            .map(|_| {
                session.handle(Input::LoginUnavailable("down".into()), now);
                let Some(Output::Disconnected {
                    retry_at: Some(at), ..
                }) = std::iter::from_fn(|| session.poll_output()).last()
                else {
                    panic!("no retry")
                };
                let wait = at.duration_since(now);
                now = at;
                session.handle_timeout(now);
                wait
            })
            .collect()
    }

    #[test]
    fn jitter_comes_from_the_seed_and_stays_within_its_share() {
        let first = waits(42, 50);
        assert!(
            first.iter().all(|w| *w >= secs(4) && *w <= secs(8)),
            "{first:?}"
        );
        let lowest = first.iter().min().unwrap();
        let highest = first.iter().max().unwrap();
        assert!(highest.saturating_sub(*lowest) > secs(2), "{first:?}");
        assert_eq!(waits(42, 50), first, "same seed, same waits");
        assert_ne!(waits(43, 50), first, "another seed, other waits");
    }

    #[test]
    fn logged_on_error_is_reported_and_the_session_tries_again() {
        let t0 = Instant::now();
        let mut session = Link::new(config()).unwrap();
        drain(&mut session, t0);
        session.handle(token_answer(TOKEN), t0);
        session.handle(Input::Connected, t0);
        drain(&mut session, t0);
        session.handle(
            frame(r#"{"msgType":"LoggedOnError","ctiMessage":{"Error":"loggedOnFailed"}}"#),
            t0 + secs(2),
        );
        assert_eq!(
            drain(&mut session, t0),
            [
                "event LoggedOnError",
                "close",
                "disconnected LoggedOnError(loggedOnFailed), retry at 3000"
            ]
        );
        // The server closes the socket after it: already done.
        session.handle(Input::Closed, t0 + secs(2));
        assert!(drain(&mut session, t0).is_empty());
        session.handle_timeout(t0 + secs(3));
        assert!(matches!(session.poll_output(), Some(Output::Login(_))));
    }

    #[test]
    fn refused_credentials_stop_the_session_and_server_faults_do_not() {
        let t0 = Instant::now();
        let mut session = Link::new(config()).unwrap();
        drain(&mut session, t0);
        session.handle(
            Input::login_body(
                r#"{"error":"InvalidCredentials","message":"Invalid username or password"}"#,
            ),
            t0,
        );
        assert_eq!(
            drain(&mut session, t0),
            ["disconnected LoginRefused(InvalidCredentials), stopped"]
        );
        assert!(session.is_stopped());
        assert_eq!(session.poll_timeout(), None);
        session.handle_timeout(t0 + secs(3600));
        session.handle(token_answer(TOKEN), t0 + secs(3600));
        assert!(
            drain(&mut session, t0).is_empty(),
            "a stopped session stays so"
        );

        for (body, told) in [
            (
                r#"{"error":"UnhandledError","message":"boom"}"#,
                "disconnected LoginRefused(UnhandledError), retry at 1000",
            ),
            (
                r#"{"error":"SomethingNew"}"#,
                "disconnected LoginRefused(SomethingNew), retry at 1000",
            ),
            (
                "<html>502 Bad Gateway</html>",
                "disconnected LoginUnavailable, retry at 1000",
            ),
        ] {
            let mut session = Link::new(config()).unwrap();
            drain(&mut session, t0);
            session.handle(Input::login_body(body), t0);
            assert_eq!(drain(&mut session, t0), [told]);
            assert!(!session.is_stopped());
        }
    }

    #[test]
    fn request_ids_taken_elsewhere_count_with_the_session() {
        let mut session = logged_on(config(), Instant::now());
        let ids = session.request_ids();
        assert_eq!(session.next_request_id(), 1);
        assert_eq!(ids.next(), 2);
        assert_eq!(session.next_request_id(), 3);
    }

    #[test]
    fn answers_are_matched_to_their_requests_by_kind_and_id() {
        let t0 = Instant::now();
        let mut session = logged_on(config(), t0);
        let id = session.next_request_id();
        assert_eq!(id, 1);
        session.send(history(id), t0).unwrap();
        // Each kind has its own ids.
        session.send(callbacks(id), t0).unwrap();
        assert_eq!(
            session.send(history(id), t0),
            Err(SendError::DuplicateId(history(id)))
        );
        assert_eq!(drain(&mut session, t0).len(), 2);

        session.handle(history_answer("1"), t0 + secs(1));
        assert_eq!(
            drain(&mut session, t0),
            ["response findCustomerCallHistory 1 CustomerCallHistoryResponseWithId"]
        );
        // Answered once: the same answer again, or one nobody asked for, is an event.
        session.handle(history_answer("1"), t0 + secs(1));
        session.handle(history_answer("7"), t0 + secs(1));
        assert_eq!(
            drain(&mut session, t0),
            [
                "event CustomerCallHistoryResponseWithId",
                "event CustomerCallHistoryResponseWithId"
            ]
        );
        // An id sent back as text matches the number sent, as in JavaScript.
        session.handle(
            frame(r#"{"msgType":"FindCallbackResponseWithId","ctiMessage":{"id":"1","response":{"list":[]}}}"#),
            t0 + secs(2),
        );
        let Some(Output::Response { request, answer }) = session.poll_output() else {
            panic!("not a response")
        };
        assert_eq!(request, RequestId::of_command(&callbacks(1)).unwrap());
        assert!(matches!(
            answer.message,
            Event::FindCallbackResponseWithId(_)
        ));
        // The id is free again.
        session.send(history(id), t0 + secs(2)).unwrap();
    }

    #[test]
    fn unanswered_requests_fail_when_the_socket_goes() {
        let t0 = Instant::now();
        let mut session = logged_on(config(), t0);
        session.send(history(1), t0).unwrap();
        session.send(callbacks("abc"), t0).unwrap();
        drain(&mut session, t0);
        session.handle(Input::Closed, t0 + secs(1));
        assert_eq!(
            drain(&mut session, t0),
            [
                "failed findCustomerCallHistory 1 ConnectionLost",
                "failed findCallbackRequest abc ConnectionLost",
                "disconnected Closed, retry at 2000"
            ]
        );
    }

    #[test]
    fn unanswered_requests_time_out() {
        let t0 = Instant::now();
        let mut config = config();
        config.request_timeout = Some(secs(12));
        let mut session = logged_on(config, t0);
        session.send(history(1), t0 + secs(1)).unwrap();
        drain(&mut session, t0);
        for n in [5, 10] {
            assert_eq!(session.poll_timeout(), Some(t0 + secs(n)));
            session.handle_timeout(t0 + secs(n));
            session.handle(frame(PROFILE), t0 + secs(n));
            assert_eq!(drain(&mut session, t0), [PING, "event RightProfile"]);
        }
        assert_eq!(session.poll_timeout(), Some(t0 + secs(13)));
        session.handle_timeout(t0 + secs(13));
        assert_eq!(
            drain(&mut session, t0),
            ["failed findCustomerCallHistory 1 TimedOut"]
        );
        session.handle(history_answer("1"), t0 + secs(14));
        assert_eq!(
            drain(&mut session, t0),
            ["event CustomerCallHistoryResponseWithId"]
        );
        assert!(session.is_logged_on());
    }

    #[test]
    fn frames_that_do_not_decode_are_reported_and_the_session_goes_on() {
        let t0 = Instant::now();
        let mut session = logged_on(config(), t0);
        for text in [
            "",
            "{not json",
            "[1,2]",
            r#"{"ctiMessage":{}}"#,
            r#"{"msgType":"LoggedOnError","ctiMessage":{"Error":5}}"#,
        ] {
            session.handle(frame(text), t0);
        }
        assert_eq!(
            drain(&mut session, t0),
            [
                "decode error syntax",
                "decode error syntax",
                "decode error not_an_object",
                "decode error missing_tag",
                "decode error payload"
            ]
        );
        // An unknown kind is an event.
        session.handle(frame(r#"{"msgType":"QueueEntered","ctiMessage":[]}"#), t0);
        assert_eq!(drain(&mut session, t0), ["event QueueEntered"]);
        assert!(session.is_logged_on());
    }

    #[test]
    fn diagnostics_come_with_their_event() {
        let t0 = Instant::now();
        let mut session = logged_on(config(), t0);
        session.handle(
            frame(r#"{"msgType":"RightProfile","ctiMessage":{"profile":"Agent","more":1}}"#),
            t0,
        );
        let Some(Output::Event(decoded)) = session.poll_output() else {
            panic!("no event")
        };
        assert_eq!(decoded.diagnostics.len(), 1);
        assert_eq!(decoded.diagnostics[0].path, "/ctiMessage/more");
    }

    #[test]
    fn debug_shows_neither_the_password_nor_the_token() {
        let t0 = Instant::now();
        let check = |text: String| {
            assert!(!text.contains(PASSWORD), "password in {text}");
            assert!(!text.contains(TOKEN), "token in {text}");
            assert!(!text.contains("meeting-secret"), "meeting token in {text}");
        };
        check(format!("{:?}{:#?}", config(), config()));
        check(format!("{:?}", token_answer(TOKEN)));
        let mut session = Link::new(config()).unwrap();
        check(format!("{session:?}{session:#?}")); // a login waiting in the outputs
        let login = session.poll_output().unwrap();
        check(format!("{login:?}{login:#?}"));
        session.handle(token_answer(TOKEN), t0);
        check(format!("{session:?}{session:#?}")); // a connect waiting
        let connect = session.poll_output().unwrap();
        check(format!("{connect:?}{connect:#?}"));
        session.handle(Input::Connected, t0);
        session.handle(frame(LOGGED_ON), t0);
        let meeting = InviteToMeetingRoom::new(1, crate::Secret::new("meeting-secret"), "bob");
        session.send(Command::from(meeting), t0).unwrap();
        check(format!("{session:?}{session:#?}"));
        for output in std::iter::from_fn(|| session.poll_output()) {
            check(format!("{output:?}{output:#?}"));
        }
    }

    #[test]
    fn close_stops_the_session() {
        let t0 = Instant::now();
        let mut session = logged_on(config(), t0);
        session.send(history(1), t0).unwrap();
        drain(&mut session, t0);
        session.close();
        assert_eq!(
            drain(&mut session, t0),
            ["close", "failed findCustomerCallHistory 1 ConnectionLost"]
        );
        assert!(session.is_stopped());
        assert_eq!(session.poll_timeout(), None);
        session.handle(frame(PROFILE), t0);
        session.handle_timeout(t0 + secs(60));
        assert!(drain(&mut session, t0).is_empty());
        assert!(matches!(
            session.send(history(2), t0),
            Err(SendError::NotLoggedOn(_))
        ));
    }

    #[test]
    fn extreme_settings_do_not_panic() {
        let t0 = Instant::now();
        let mut config = config();
        config.heartbeat = Heartbeat {
            interval: Duration::ZERO,
            max_missed: u32::MAX,
        };
        config.reconnect = ReconnectPolicy {
            initial_delay: Duration::MAX,
            multiplier: u32::MAX,
            max_delay: Duration::MAX,
            jitter: f64::NAN,
            reset_after: Duration::MAX,
        };
        config.request_timeout = Some(Duration::MAX);
        let mut session = logged_on(config.clone(), t0);
        session.send(history(1), t0).unwrap();
        session.handle_timeout(t0 + secs(1));
        assert!(session.poll_timeout().is_some());
        session.handle(Input::Closed, t0 + secs(1));
        assert!(session.poll_timeout().is_some());

        config.reconnect.multiplier = 0;
        config.reconnect.initial_delay = secs(1);
        config.reconnect.jitter = -3.0;
        let mut session = logged_on(config, t0);
        session.handle(Input::Closed, t0);
        assert_eq!(
            drain(&mut session, t0),
            ["disconnected Closed, retry at 1000"]
        );
    }

    #[test]
    fn an_input_frame_shows_its_length_only() {
        let frame = r#"{"msgType":"LineConfig","ctiMessage":{"password":"sip-Secret-42"}}"#;
        let shown = format!("{:?}", Input::Frame(frame.to_owned()));
        assert!(!shown.contains("sip-Secret-42"), "{shown}");
        assert!(shown.contains(&format!("len: {}", frame.len())), "{shown}");
    }
}
