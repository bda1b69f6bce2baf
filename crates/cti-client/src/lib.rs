//! An async client of the xuc CTI WebSocket API, on tokio: it logs in over REST, opens the
//! WebSocket with the token, keeps cti.js's heartbeat, reconnects and logs in again on its
//! own, and matches the answers of `id`-carrying requests with their request. What it does
//! and when is [`cti_proto::link::Link`]'s; this crate only does the IO.
//!
//! ```no_run
//! use cti_client::{Client, Config, Notice};
//! use cti_proto::contacts::SearchContacts;
//! use cti_proto::Event;
//!
//! # async fn run() -> Result<(), cti_client::Error> {
//! let config = Config::new("xuc.example.com:8090", "alice", "secret");
//! let (client, mut notices) = Client::connect(config).await?;
//! client.send(SearchContacts::new("bond")).await?;
//! while let Some(notice) = notices.next().await {
//!     if let Notice::Event(decoded) = notice {
//!         if let Event::ContactSheet(sheet) = decoded.message {
//!             for contact in &sheet.sheets {
//!                 println!("{}", contact.name);
//!             }
//!             break;
//!         }
//!     }
//! }
//! client.shutdown().await;
//! # Ok(()) }
//! ```
//!
//! Logs go through `tracing`; a password or a token never appears in them (the login body
//! and the WebSocket URL, which hold them, are never logged).
//!
//! For captures, [`Config::raw_frames`] also tells each text frame as it went on the
//! socket, both ways ([`Notice::Frame`]).
//!
//! The server is not trusted: every buffer has a bound, listed in [`Config`]. The login
//! follows no redirect to another server, its answer is read up to 64 KiB, a frame over
//! 1 MiB is refused, and a reader that falls behind slows the socket down (TCP
//! back-pressure) rather than making the client grow.

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context as TaskContext, Poll};
use std::time::{Duration, Instant};

use cti_proto::link::{
    DisconnectReason, Heartbeat, Input, Link, LinkConfig, LoginCall, Output, ReconnectPolicy,
    RequestFailure, RequestId, RequestIds, SendError,
};
use cti_proto::login::{LoginRequest, UrlError};
/// Which way a [`RawFrame`] went: [`Direction::ClientToServer`] for a command or the
/// heartbeat written to the server, [`Direction::ServerToClient`] for a frame read from it.
pub use cti_proto::Direction;
use cti_proto::{Command, DecodeError, Decoded, Event, SmolStr};
use futures_util::{SinkExt, Stream, StreamExt};
use tokio::sync::{mpsc, oneshot};
use tokio_tungstenite::tungstenite::error::CapacityError;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::{Error as WsError, Message};

/// Boxed: a WebSocket stream is over a kilobyte, moved through futures and results.
type Socket = Box<
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>,
>;

/// How to reach and log in to a xuc server.
///
/// The bounds, and what happens at each (the server is not trusted):
///
/// | bound | default | at the bound |
/// |---|---|---|
/// | [`io_timeout`](Config::io_timeout): connecting, the whole REST login, the WebSocket handshake, writing a frame, closing | 10 s | the attempt fails ("no answer to the login in 10 s"), and is tried again with the backoff |
/// | [`max_login_answer`](Config::max_login_answer): the body of the login's answer | 64 KiB | not read further; the attempt fails ("the login answer is over 65536 bytes; not read further") |
/// | [`same_origin_redirects`](Config::same_origin_redirects): redirects of the login | none followed | the session stops: "the login was redirected to URL; not followed" (with the option, redirects on the same scheme, host and port are followed, 5 at most) |
/// | [`max_frame`](Config::max_frame): a frame (and a message) received | 1 MiB | the socket is given up ([`DisconnectReason::FrameTooLarge`]), then the session tries again |
/// | [`notice_queue`](Config::notice_queue): notices not yet read from [`Notices`] | 16 | the socket is not read until there is room: the server is slowed down by TCP, nothing is dropped (so the notices hold at most about 16 × 1 MiB). Before `LoggedOn` nobody can read them: what does not fit then is dropped, and counted in the log |
/// | [`command_queue`](Config::command_queue): calls of [`Client::send`] and others not yet taken | 16 | the call waits for room |
/// | the write buffer of the socket | 1 MiB | a command over it is not sent; the socket is given up |
/// | [`ReconnectPolicy::reset_after`]: how long a session must last for the backoff to start over | 30 s | a server that hangs up after `LoggedOn` gets 6 logins in the first minute, then 1 a minute |
///
/// A reader of [`Notices`] that stops reading for longer than the heartbeat's give-up time
/// (20 s) is not taken for a silent server: ticks that find the queue full are not counted
/// as missed.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Config {
    /// The link's settings: server, login, heartbeat, reconnect policy, decoder.
    pub link: LinkConfig,
    /// The user's phone number, for the commands that take one (`agentLogin`); the login
    /// itself does not need it.
    pub phone_number: Option<SmolStr>,
    /// How long connecting, the whole REST login (its answer read), the WebSocket
    /// handshake, writing a frame and closing may each take: 10 s.
    pub io_timeout: Duration,
    /// Tell each text frame sent and received, as it went on the socket
    /// ([`Notice::Frame`]): for captures. Off by default.
    pub raw_frames: bool,
    /// Follow the login's redirects to the same scheme, host and port (5 at most). Off by
    /// default: no redirect is followed, and one to another server never is, since it
    /// would take the password there.
    pub same_origin_redirects: bool,
    /// The longest answer to the login that is read, in bytes: 64 KiB (a real one is
    /// under 1 KiB).
    pub max_login_answer: usize,
    /// The largest frame, and message, received, in bytes: 1 MiB.
    pub max_frame: usize,
    /// How many notices wait for [`Notices`] to take them before the socket is no
    /// longer read: 16.
    pub notice_queue: usize,
    /// How many calls ([`Client::send`], [`Client::request`]) wait for the client's task
    /// before the next caller waits: 16.
    pub command_queue: usize,
}

impl Config {
    /// A server (`host` or `host:port`), a login and a password, with the defaults:
    /// `http://` and `ws://`, cti.js's heartbeat, a backoff of 1 s to 60 s.
    pub fn new(server: impl Into<String>, login: &str, password: &str) -> Config {
        let mut link = LinkConfig::new(server, LoginRequest::new(login, password));
        // Each client its own jitter, so that clients dropped together do not come back
        // together.
        link.jitter_seed = seed();
        Config {
            link,
            phone_number: None,
            io_timeout: Duration::from_secs(10),
            raw_frames: false,
            same_origin_redirects: false,
            max_login_answer: 64 * 1024,
            max_frame: 1024 * 1024,
            notice_queue: 16,
            command_queue: 16,
        }
    }

    /// TLS: `https://` for the login and `wss://` for the socket.
    pub fn secure(mut self, secure: bool) -> Config {
        self.link.secure = secure;
        self
    }

    /// The user's phone number.
    pub fn phone_number(mut self, number: impl Into<SmolStr>) -> Config {
        self.phone_number = Some(number.into());
        self
    }

    /// The heartbeat (cti.js's by default: a ping every 5 s, closed after 3 silent ticks).
    pub fn heartbeat(mut self, heartbeat: Heartbeat) -> Config {
        self.link.heartbeat = heartbeat;
        self
    }

    /// The waits between attempts.
    pub fn reconnect(mut self, policy: ReconnectPolicy) -> Config {
        self.link.reconnect = policy;
        self
    }

    /// Follow the login's redirects to the same scheme, host and port
    /// ([`Config::same_origin_redirects`]).
    pub fn same_origin_redirects(mut self, on: bool) -> Config {
        self.same_origin_redirects = on;
        self
    }

    /// Tell each text frame sent and received ([`Notice::Frame`]).
    pub fn raw_frames(mut self, on: bool) -> Config {
        self.raw_frames = on;
        self
    }
}

fn seed() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(u64::from(std::process::id()));
    hasher.finish()
}

/// What the client tells, in order, on [`Notices`].
#[derive(Debug)]
#[non_exhaustive]
pub enum Notice {
    /// `LoggedOn` came: commands may be sent. Also after each reconnection.
    LoggedOn,
    /// An event received, with what lenient decoding tolerated in it. (`LoggedOn` and
    /// the answers of [`Client::request`] come here too.)
    Event(Decoded<Event>),
    /// A frame received that does not decode; the connection goes on.
    DecodeError(DecodeError),
    /// Not logged on any more, or a login failed.
    Disconnected {
        /// Why.
        reason: DisconnectReason,
        /// When the client tries again; `None`: it has stopped for good.
        retry_at: Option<Instant>,
    },
    /// A text frame as it went on the socket, only with [`Config::raw_frames`]: a frame
    /// received comes before what it decodes to, a frame sent once it is written.
    Frame(RawFrame),
}

/// A text frame, unchanged. `Debug` shows its direction and length only: a frame can
/// hold a secret (the token of `inviteToMeetingRoom`).
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RawFrame {
    /// Which way it went.
    pub direction: Direction,
    /// Its text.
    pub text: String,
}

impl fmt::Debug for RawFrame {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawFrame")
            .field("direction", &self.direction)
            .field("len", &self.text.len())
            .finish_non_exhaustive()
    }
}

/// Why a call failed. `Display` is one line of context; [`source`](std::error::Error::source)
/// gives the cause where there is one (print the chain, as `anyhow`'s `{:#}` does, to see
/// both). Neither holds the password nor the token.
///
/// ```
/// use cti_client::Error;
/// use cti_proto::link::RequestFailure;
/// use std::error::Error as _;
///
/// let error = Error::Request(RequestFailure::TimedOut);
/// assert_eq!(error.to_string(), "the request got no answer");
/// assert_eq!(error.source().unwrap().to_string(), "no answer within the request timeout");
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The server in the [`Config`] is not a host with an optional port.
    Url(UrlError),
    /// The session stopped for good before `LoggedOn` (refused credentials, say).
    Stopped(DisconnectReason),
    /// The command was not sent (not logged on, or a request with its id is waiting).
    NotSent(SendError),
    /// A request's command carries no `id` that its answer echoes.
    NotARequest(Command),
    /// The request will get no answer.
    Request(RequestFailure),
    /// The client was shut down.
    Closed,
    /// The HTTP client could not be set up (TLS); the cause is the [`source`](std::error::Error::source).
    Setup(Box<dyn std::error::Error + Send + Sync>),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Url(_) => f.write_str("the server address is not valid"),
            Error::Stopped(_) => f.write_str("the session stopped before logging on"),
            Error::NotSent(_) => f.write_str("the command was not sent"),
            Error::NotARequest(command) => {
                write!(f, "`{}` has no id that its answer echoes", command.name())
            }
            Error::Request(_) => f.write_str("the request got no answer"),
            Error::Closed => f.write_str("the client is shut down"),
            Error::Setup(_) => f.write_str("cannot set up the HTTP client"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Url(error) => Some(error),
            Error::Stopped(reason) => Some(reason),
            Error::NotSent(error) => Some(error),
            Error::Request(failure) => Some(failure),
            Error::Setup(error) => Some(&**error),
            Error::NotARequest(_) | Error::Closed => None,
        }
    }
}

enum Op {
    Send(Command, oneshot::Sender<Result<(), Error>>),
    Request(Command, oneshot::Sender<Result<Decoded<Event>, Error>>),
    Shutdown(oneshot::Sender<()>),
}

/// A connected client. `Clone` is cheap (a channel's end and an `Arc`): every clone sends
/// on the same connection. Dropping the last clone, or [`Client::shutdown`] on any, closes
/// it.
#[derive(Clone, Debug)]
pub struct Client {
    ops: mpsc::Sender<Op>,
    phone_number: Option<SmolStr>,
    request_ids: Arc<RequestIds>,
}

/// The [`Notice`]s of a client, in order: a `Stream`, or [`Notices::next`]. At most
/// [`Config::notice_queue`] wait here: while it is full, the client does not read the
/// socket, so a reader that falls behind slows the server down instead of making the
/// client grow. Read it, or drop it.
#[derive(Debug)]
pub struct Notices {
    rx: mpsc::Receiver<Notice>,
}

impl Notices {
    /// The next notice; `None` once the client is shut down or stopped for good.
    pub async fn next(&mut self) -> Option<Notice> {
        self.rx.recv().await
    }
}

impl Stream for Notices {
    type Item = Notice;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut TaskContext<'_>) -> Poll<Option<Notice>> {
        self.rx.poll_recv(cx)
    }
}

impl Client {
    /// Logs in and connects; returns once `LoggedOn` has come. A failure that another
    /// attempt can mend (a server down, a socket closed) is tried again with the backoff
    /// of the [`Config`], so this waits until the server answers: wrap it in
    /// `tokio::time::timeout` to give up sooner. Refused credentials end it with
    /// [`Error::Stopped`].
    pub async fn connect(config: Config) -> Result<(Client, Notices), Error> {
        let link = Link::new(config.link).map_err(Error::Url)?;
        let request_ids = link.request_ids();
        let http = http_client(config.io_timeout, config.same_origin_redirects)
            .map_err(|e| Error::Setup(Box::new(e)))?;
        let (ops, ops_rx) = mpsc::channel(config.command_queue.max(1));
        let (notices, rx) = mpsc::channel(config.notice_queue.max(1));
        let (ready, ready_rx) = oneshot::channel();
        let driver = Driver {
            link,
            ops: ops_rx,
            notices,
            backlog: VecDeque::new(),
            dropped: 0,
            ready: Some(ready),
            io_timeout: config.io_timeout,
            raw_frames: config.raw_frames,
            max_login_answer: config.max_login_answer,
            websocket: websocket_config(config.max_frame),
            http,
            socket: None,
            login: None,
            connecting: None,
            pending: HashMap::new(),
        };
        tokio::spawn(driver.run());
        match ready_rx.await {
            Ok(Ok(())) => {}
            Ok(Err(reason)) => return Err(Error::Stopped(reason)),
            Err(_) => return Err(Error::Closed),
        }
        let client = Client {
            ops,
            phone_number: config.phone_number,
            request_ids,
        };
        Ok((client, Notices { rx }))
    }

    /// Sends a command (any command type, or a [`Command`]); fails when the client is not
    /// logged on (reconnecting, say).
    pub async fn send(&self, command: impl Into<Command>) -> Result<(), Error> {
        let (tx, rx) = oneshot::channel();
        self.ops
            .send(Op::Send(command.into(), tx))
            .await
            .map_err(|_| Error::Closed)?;
        rx.await.map_err(|_| Error::Closed)?
    }

    /// Sends a request whose answer echoes its `id` (`findCustomerCallHistory`,
    /// `findCallbackRequest`; see [`Client::next_request_id`]) and waits for that answer.
    pub async fn request(&self, command: impl Into<Command>) -> Result<Decoded<Event>, Error> {
        let (tx, rx) = oneshot::channel();
        self.ops
            .send(Op::Request(command.into(), tx))
            .await
            .map_err(|_| Error::Closed)?;
        rx.await.map_err(|_| Error::Closed)?
    }

    /// A new id for a request: 1, 2, 3... (as the web client counts; the session's
    /// [`Link::next_request_id`] counter).
    pub fn next_request_id(&self) -> i64 {
        self.request_ids.next()
    }

    /// The phone number of the [`Config`].
    pub fn phone_number(&self) -> Option<&str> {
        self.phone_number.as_deref()
    }

    /// Closes the connection and stops, for every clone; requests waiting fail with
    /// [`Error::Request`].
    pub async fn shutdown(self) {
        let (tx, rx) = oneshot::channel();
        if self.ops.send(Op::Shutdown(tx)).await.is_ok() {
            let _ = rx.await;
        }
    }
}

type Pending<T> = Option<Pin<Box<dyn Future<Output = T> + Send>>>;

/// The task that does the session's IO.
struct Driver {
    link: Link,
    ops: mpsc::Receiver<Op>,
    notices: mpsc::Sender<Notice>,
    /// Notices that did not fit in the queue, in order; the socket is not read while
    /// there are any. Only what one frame, a timer or a call gives: a few.
    backlog: VecDeque<Notice>,
    /// Notices dropped before `LoggedOn`, when the queue was full and nobody could read it.
    dropped: u64,
    ready: Option<oneshot::Sender<Result<(), DisconnectReason>>>,
    io_timeout: Duration,
    raw_frames: bool,
    max_login_answer: usize,
    websocket: WebSocketConfig,
    http: reqwest::Client,
    socket: Option<Socket>,
    login: Pending<Input>,
    connecting: Pending<Option<Socket>>,
    pending: HashMap<RequestId, oneshot::Sender<Result<Decoded<Event>, Error>>>,
}

enum Wake {
    Op(Option<Op>),
    Frame(Option<Result<Message, tokio_tungstenite::tungstenite::Error>>),
    Login(Input),
    Connected(Option<Socket>),
    Timer,
    /// The notice queue has room again.
    Room,
}

impl Driver {
    async fn run(mut self) {
        loop {
            if !self.flush().await {
                break;
            }
            let deadline = self.link.poll_timeout();
            // The socket is read only when the reader keeps up (or before `LoggedOn`,
            // when nobody can read yet).
            let held = !self.backlog.is_empty();
            let read = !held || self.ready.is_some();
            let wake = tokio::select! {
                op = self.ops.recv() => Wake::Op(op),
                frame = next_frame(&mut self.socket), if read => Wake::Frame(frame),
                () = room(&self.notices), if held => Wake::Room,
                input = wait(&mut self.login) => Wake::Login(input),
                socket = wait(&mut self.connecting) => Wake::Connected(socket),
                () = sleep_until(deadline) => Wake::Timer,
            };
            let now = Instant::now();
            match wake {
                Wake::Op(Some(Op::Send(command, reply))) => {
                    let result = self.link.send(command, now).map_err(Error::NotSent);
                    let _ = reply.send(result);
                }
                Wake::Op(Some(Op::Request(command, reply))) => {
                    let Some(request) = RequestId::of_command(&command) else {
                        let _ = reply.send(Err(Error::NotARequest(command)));
                        continue;
                    };
                    match self.link.send(command, now) {
                        Ok(()) => {
                            self.pending.insert(request, reply);
                        }
                        Err(error) => {
                            let _ = reply.send(Err(Error::NotSent(error)));
                        }
                    }
                }
                Wake::Op(Some(Op::Shutdown(reply))) => {
                    self.link.close();
                    self.flush().await;
                    let _ = reply.send(());
                    break;
                }
                Wake::Op(None) => {
                    // Every `Client` is gone.
                    self.link.close();
                    self.flush().await;
                    break;
                }
                Wake::Frame(Some(Ok(Message::Text(text)))) => {
                    let text = text.as_str().to_owned();
                    self.raw(Direction::ServerToClient, || text.clone());
                    self.link.handle(Input::Frame(text), now);
                }
                Wake::Frame(Some(Ok(Message::Binary(_)))) => {
                    tracing::warn!("binary frame ignored: the protocol is text");
                }
                Wake::Frame(Some(Err(WsError::Capacity(CapacityError::MessageTooLong {
                    size,
                    max_size,
                })))) => {
                    tracing::warn!(size, max = max_size, "a frame over the size limit");
                    self.link.handle(
                        Input::TooLarge {
                            size,
                            max: max_size,
                        },
                        now,
                    );
                }
                Wake::Frame(Some(Ok(Message::Close(_))) | Some(Err(_)) | None) => {
                    self.socket = None;
                    tracing::info!("socket closed");
                    self.link.handle(Input::Closed, now);
                }
                // Pings are answered by tungstenite itself.
                Wake::Frame(Some(Ok(_))) => {}
                Wake::Login(input) => self.link.handle(input, now),
                Wake::Connected(Some(socket)) => {
                    tracing::info!("socket open");
                    self.socket = Some(socket);
                    self.link.handle(Input::Connected, now);
                }
                Wake::Connected(None) => self.link.handle(Input::Closed, now),
                Wake::Timer => {
                    if held && self.ready.is_none() {
                        // Frames may be waiting unread: the server is not silent.
                        self.link.handle(Input::Busy, now);
                    }
                    self.link.handle_timeout(now);
                }
                Wake::Room => self.unload(),
            }
        }
        self.close_socket().await;
    }

    /// Closes the socket, if any, waiting [`Config::io_timeout`] at most.
    async fn close_socket(&mut self) {
        if let Some(mut socket) = self.socket.take() {
            let _ = tokio::time::timeout(self.io_timeout, socket.close(None)).await;
        }
    }

    /// Does what the session asks; `false` once it has stopped for good.
    async fn flush(&mut self) -> bool {
        while let Some(output) = self.link.poll_output() {
            match output {
                Output::Login(call) => {
                    tracing::info!(url = %call.url(), "logging in");
                    let answer = login(
                        self.http.clone(),
                        call,
                        self.io_timeout,
                        self.max_login_answer,
                    );
                    self.login = Some(Box::pin(answer));
                }
                Output::Connect(url) => {
                    // The URL holds the token: not logged.
                    let url = url.to_url();
                    let timeout = self.io_timeout;
                    let config = self.websocket;
                    self.connecting = Some(Box::pin(async move {
                        let handshake =
                            tokio_tungstenite::connect_async_with_config(url, Some(config), false);
                        match tokio::time::timeout(timeout, handshake).await {
                            Ok(Ok((socket, _))) => Some(Box::new(socket)),
                            Ok(Err(error)) => {
                                tracing::warn!(%error, "the WebSocket did not open");
                                None
                            }
                            Err(_) => {
                                tracing::warn!("the WebSocket handshake timed out");
                                None
                            }
                        }
                    }));
                }
                Output::Send(frame) => {
                    tracing::debug!(command = frame.command(), "send");
                    let text = frame.into_string();
                    let copy = self.raw_frames.then(|| text.clone());
                    let sent = match &mut self.socket {
                        Some(socket) => {
                            let send = socket.send(Message::text(text));
                            tokio::time::timeout(self.io_timeout, send).await
                        }
                        None => continue,
                    };
                    match sent {
                        Ok(Ok(())) => {
                            if let Some(text) = copy {
                                self.raw(Direction::ClientToServer, || text);
                            }
                        }
                        Ok(Err(error)) => {
                            tracing::warn!(%error, "send failed");
                            self.socket = None;
                            self.link.handle(Input::Closed, Instant::now());
                        }
                        Err(_) => {
                            tracing::warn!("the server took no frame within the timeout");
                            self.socket = None;
                            self.link.handle(Input::Closed, Instant::now());
                        }
                    }
                }
                Output::Close => self.close_socket().await,
                Output::Event(decoded) => {
                    if matches!(decoded.message, Event::LoggedOn(_)) {
                        tracing::info!("logged on");
                        if let Some(ready) = self.ready.take() {
                            let _ = ready.send(Ok(()));
                            if self.dropped > 0 {
                                tracing::warn!(
                                    dropped = self.dropped,
                                    "notices before LoggedOn dropped: the queue was full"
                                );
                            }
                        }
                        self.notify(Notice::LoggedOn);
                    }
                    self.notify(Notice::Event(decoded));
                }
                Output::Response { request, answer } => match self.pending.remove(&request) {
                    Some(reply) => {
                        let _ = reply.send(Ok(answer));
                    }
                    None => self.notify(Notice::Event(answer)),
                },
                Output::RequestFailed { request, reason } => {
                    if let Some(reply) = self.pending.remove(&request) {
                        let _ = reply.send(Err(Error::Request(reason)));
                    }
                }
                Output::DecodeError(error) => {
                    tracing::warn!(kind = error.kind().as_str(), "a frame does not decode");
                    self.notify(Notice::DecodeError(error));
                }
                Output::Disconnected { reason, retry_at } => {
                    tracing::info!(%reason, retrying = retry_at.is_some(), "disconnected");
                    if retry_at.is_none() {
                        if let Some(ready) = self.ready.take() {
                            let _ = ready.send(Err(reason.clone()));
                        }
                    }
                    self.notify(Notice::Disconnected { reason, retry_at });
                }
                _ => {}
            }
        }
        !self.link.is_stopped()
    }

    /// Queues a notice: in the channel when it has room and nothing waits before it, or
    /// else in the backlog (which holds the socket back). Before `LoggedOn`, a notice that
    /// does not fit is dropped and counted: nobody can read the queue yet.
    fn notify(&mut self, notice: Notice) {
        if !self.backlog.is_empty() {
            self.backlog.push_back(notice);
            return;
        }
        match self.notices.try_send(notice) {
            Ok(()) => {}
            Err(mpsc::error::TrySendError::Full(_)) if self.ready.is_some() => self.dropped += 1,
            Err(mpsc::error::TrySendError::Full(notice)) => self.backlog.push_back(notice),
            // Nobody listening is not an error: the client may only send.
            Err(mpsc::error::TrySendError::Closed(_)) => {}
        }
    }

    /// Moves the backlog into the queue, as far as there is room.
    fn unload(&mut self) {
        while let Some(notice) = self.backlog.pop_front() {
            match self.notices.try_send(notice) {
                Ok(()) => {}
                Err(mpsc::error::TrySendError::Full(notice)) => {
                    self.backlog.push_front(notice);
                    return;
                }
                Err(mpsc::error::TrySendError::Closed(_)) => {
                    self.backlog.clear();
                    return;
                }
            }
        }
    }

    /// Tells a frame, when [`Config::raw_frames`] asks for it.
    fn raw(&mut self, direction: Direction, text: impl FnOnce() -> String) {
        if self.raw_frames {
            self.notify(Notice::Frame(RawFrame {
                direction,
                text: text(),
            }));
        }
    }
}

/// The HTTP client of the login, for an untrusted server: no redirect followed, or only
/// to the same origin (5 at most); a connect timeout; no `Referer`; HTTP/1.1 only.
fn http_client(timeout: Duration, same_origin: bool) -> reqwest::Result<reqwest::Client> {
    let policy = if same_origin {
        reqwest::redirect::Policy::custom(|attempt| {
            let first = attempt.previous().first().map(reqwest::Url::origin);
            if attempt.previous().len() > 5 || first != Some(attempt.url().origin()) {
                attempt.stop()
            } else {
                attempt.follow()
            }
        })
    } else {
        reqwest::redirect::Policy::none()
    };
    reqwest::Client::builder()
        .redirect(policy)
        .connect_timeout(timeout)
        .timeout(timeout)
        .referer(false)
        .http1_only()
        .build()
}

/// The WebSocket's limits: frames and messages received up to `max_frame`; writes go out
/// at once, and at most `max_frame` waits to be written.
fn websocket_config(max_frame: usize) -> WebSocketConfig {
    WebSocketConfig::default()
        .max_message_size(Some(max_frame))
        .max_frame_size(Some(max_frame))
        .write_buffer_size(0)
        // Over the write buffer's size (0), as tungstenite requires: a `max_frame` of 0
        // refuses every frame instead of panicking.
        .max_write_buffer_size(max_frame.max(1))
}

/// The REST login: its answer's body whatever the status (refusals come with a body), up
/// to `max` bytes; or why there is none.
async fn login(http: reqwest::Client, call: LoginCall, timeout: Duration, max: usize) -> Input {
    let response = http
        .post(call.url())
        .header("Content-Type", "application/json")
        .body(call.body())
        .timeout(timeout)
        .send()
        .await;
    let mut response = match response {
        Ok(response) => response,
        Err(error) => return Input::LoginUnavailable(why(&error, timeout)),
    };
    if response.status().is_redirection() {
        // Not followed (see `http_client`): where it went, for people.
        let location = response
            .headers()
            .get(reqwest::header::LOCATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| response.url().join(value).ok());
        return match location {
            Some(url) => Input::LoginRedirected(url.to_string()),
            None => Input::LoginUnavailable(format!(
                "the login was answered {} with no valid Location",
                response.status().as_u16()
            )),
        };
    }
    let over = || {
        Input::LoginUnavailable(format!(
            "the login answer is over {max} bytes; not read further"
        ))
    };
    if response.content_length().is_some_and(|n| n > max as u64) {
        return over();
    }
    let mut body = Vec::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) if body.len() + chunk.len() > max => return over(),
            Ok(Some(chunk)) => body.extend_from_slice(&chunk),
            Ok(None) => break,
            Err(error) => return Input::LoginUnavailable(why(&error, timeout)),
        }
    }
    match String::from_utf8(body) {
        Ok(body) => Input::login_body(&body),
        Err(_) => Input::LoginUnavailable("the login answer is not UTF-8".to_owned()),
    }
}

/// Why the login got no answer, in one line with no URL.
fn why(error: &reqwest::Error, timeout: Duration) -> String {
    if error.is_timeout() {
        return format!("no answer to the login in {}", seconds(timeout));
    }
    // The innermost cause says most ("Connection refused (os error 111)").
    let mut cause: &dyn std::error::Error = error;
    while let Some(source) = cause.source() {
        cause = source;
    }
    if error.is_connect() {
        format!("cannot connect to the server for the login: {cause}")
    } else {
        format!("the login failed: {cause}")
    }
}

/// `10 s`, `1.5 s`.
fn seconds(duration: Duration) -> String {
    if duration.subsec_nanos() == 0 {
        format!("{} s", duration.as_secs())
    } else {
        format!("{} s", duration.as_secs_f64())
    }
}

/// Waits until the queue has room (or nobody reads it).
async fn room(notices: &mpsc::Sender<Notice>) {
    let _ = notices.reserve().await;
}

async fn next_frame(
    socket: &mut Option<Socket>,
) -> Option<Result<Message, tokio_tungstenite::tungstenite::Error>> {
    match socket {
        Some(socket) => socket.next().await,
        None => std::future::pending().await,
    }
}

/// Waits for a pending IO, then forgets it.
async fn wait<T>(slot: &mut Pending<T>) -> T {
    match slot {
        Some(future) => {
            let value = future.await;
            *slot = None;
            value
        }
        None => std::future::pending().await,
    }
}

async fn sleep_until(deadline: Option<Instant>) {
    match deadline {
        Some(deadline) => tokio::time::sleep_until(deadline.into()).await,
        None => std::future::pending().await,
    }
}

/// The examples of the crate's README, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

#[cfg(test)]
mod tests {
    use super::*;
    use cti_proto::phone::Dial;
    use std::error::Error as _;

    /// Each error: one line of context, its cause as the source, no Debug text.
    #[test]
    fn errors_say_one_line_and_chain_their_cause() {
        let url = Link::new(LinkConfig::new("a b", LoginRequest::new("u", "p")))
            .expect_err("a space is not in a host");
        let not_sent = SendError::NotLoggedOn(Dial::new("1000").into());
        let url_text = url.to_string();
        let io = std::io::Error::other("no TLS roots");
        let cases: Vec<(Error, &str, Option<&str>)> = vec![
            (
                Error::Url(url.clone()),
                "the server address is not valid",
                Some(url_text.as_str()),
            ),
            (
                Error::Stopped(DisconnectReason::HeartbeatTimeout),
                "the session stopped before logging on",
                Some("the server went silent (heartbeat)"),
            ),
            (
                Error::NotSent(not_sent),
                "the command was not sent",
                Some("`dial` not sent: not logged on"),
            ),
            (
                Error::Request(RequestFailure::ConnectionLost),
                "the request got no answer",
                Some("the connection was lost before the answer came"),
            ),
            (
                Error::NotARequest(Dial::new("1000").into()),
                "`dial` has no id that its answer echoes",
                None,
            ),
            (Error::Closed, "the client is shut down", None),
            (
                Error::Setup(Box::new(io)),
                "cannot set up the HTTP client",
                Some("no TLS roots"),
            ),
        ];
        for (error, display, source) in cases {
            assert_eq!(error.to_string(), display);
            assert_eq!(error.source().map(|s| s.to_string()).as_deref(), source);
            assert!(!display.contains('{') && !display.contains('\n'));
        }
    }

    #[test]
    fn a_client_is_cheap_to_clone_and_send() {
        fn clone_send_sync<T: Clone + Send + Sync + 'static>() {}
        clone_send_sync::<Client>();
    }
}
