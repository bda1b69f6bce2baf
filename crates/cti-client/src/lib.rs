//! An async client of the xuc CTI WebSocket API, on tokio: it logs in over REST, opens the
//! WebSocket with the token, keeps cti.js's heartbeat, reconnects and logs in again on its
//! own, and matches the answers of `id`-carrying requests with their request. What it does
//! and when is [`cti_proto::link::Session`]'s; this crate only does the IO.
//!
//! ```no_run
//! use cti_client::{Client, Config, Notice};
//! use cti_proto::contacts::SearchContacts;
//! use cti_proto::Event;
//!
//! # async fn run() -> Result<(), cti_client::Error> {
//! let config = Config::new("xuc.example.com:8090", "alice", "secret");
//! let (client, mut notices) = Client::connect(config).await?;
//! client.send(SearchContacts::new("bond").into()).await?;
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

use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context as TaskContext, Poll};
use std::time::{Duration, Instant};

use cti_proto::link::{
    DisconnectReason, Heartbeat, Input, LoginCall, Output, ReconnectPolicy, RequestFailure,
    RequestId, SendError, Session, SessionConfig,
};
use cti_proto::session::login::{LoginRequest, UrlError};
use cti_proto::{Command, DecodeError, Decoded, Event, SmolStr};
use futures_util::{SinkExt, Stream, StreamExt};
use tokio::sync::{mpsc, oneshot};
use tokio_tungstenite::tungstenite::Message;

/// Boxed: a WebSocket stream is over a kilobyte, moved through futures and results.
type Socket = Box<
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>,
>;

/// How to reach and log in to a xuc server.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Config {
    /// The session's settings: server, login, heartbeat, reconnect policy, decoder.
    pub session: SessionConfig,
    /// The user's phone number, for the commands that take one (`agentLogin`); the login
    /// itself does not need it.
    pub phone_number: Option<SmolStr>,
    /// How long the REST login and the WebSocket handshake may take: 10 s.
    pub io_timeout: Duration,
    /// Tell each text frame sent and received, as it went on the socket
    /// ([`Notice::Frame`]): for captures. Off by default.
    pub raw_frames: bool,
}

impl Config {
    /// A server (`host` or `host:port`), a login and a password, with the defaults:
    /// `http://` and `ws://`, cti.js's heartbeat, a backoff of 1 s to 60 s.
    pub fn new(server: impl Into<String>, login: &str, password: &str) -> Config {
        let mut session = SessionConfig::new(server, LoginRequest::new(login, password));
        // Each client its own jitter, so that clients dropped together do not come back
        // together.
        session.jitter_seed = seed();
        Config {
            session,
            phone_number: None,
            io_timeout: Duration::from_secs(10),
            raw_frames: false,
        }
    }

    /// TLS: `https://` for the login and `wss://` for the socket.
    pub fn secure(mut self, secure: bool) -> Config {
        self.session.secure = secure;
        self
    }

    /// The user's phone number.
    pub fn phone_number(mut self, number: impl Into<SmolStr>) -> Config {
        self.phone_number = Some(number.into());
        self
    }

    /// The heartbeat (cti.js's by default: a ping every 5 s, closed after 3 silent ticks).
    pub fn heartbeat(mut self, heartbeat: Heartbeat) -> Config {
        self.session.heartbeat = heartbeat;
        self
    }

    /// The waits between attempts.
    pub fn reconnect(mut self, policy: ReconnectPolicy) -> Config {
        self.session.reconnect = policy;
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

/// Which way a [`RawFrame`] went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FrameDirection {
    /// Written to the server: a command, or the heartbeat.
    Sent,
    /// Read from the server.
    Received,
}

/// A text frame, unchanged. `Debug` shows its direction and length only: a frame can
/// hold a secret (the token of `inviteToMeetingRoom`).
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RawFrame {
    /// Which way it went.
    pub direction: FrameDirection,
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

/// Why a call failed.
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
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Url(error) => write!(f, "{error}"),
            Error::Stopped(reason) => write!(f, "the session stopped: {reason:?}"),
            Error::NotSent(error) => write!(f, "{error}"),
            Error::NotARequest(command) => {
                write!(f, "`{}` has no id that its answer echoes", command.name())
            }
            Error::Request(failure) => write!(f, "no answer: {failure:?}"),
            Error::Closed => f.write_str("the client is shut down"),
        }
    }
}

impl std::error::Error for Error {}

enum Op {
    Send(Command, oneshot::Sender<Result<(), Error>>),
    Request(Command, oneshot::Sender<Result<Decoded<Event>, Error>>),
    Shutdown(oneshot::Sender<()>),
}

/// A connected client. Cheap to share by reference; dropping it (or
/// [`Client::shutdown`]) closes the connection.
#[derive(Debug)]
pub struct Client {
    ops: mpsc::UnboundedSender<Op>,
    phone_number: Option<SmolStr>,
    next_id: std::sync::atomic::AtomicI64,
}

/// The [`Notice`]s of a client, in order: a `Stream`, or [`Notices::next`].
#[derive(Debug)]
pub struct Notices {
    rx: mpsc::UnboundedReceiver<Notice>,
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
        let session = Session::new(config.session).map_err(Error::Url)?;
        let (ops, ops_rx) = mpsc::unbounded_channel();
        let (notices, rx) = mpsc::unbounded_channel();
        let (ready, ready_rx) = oneshot::channel();
        let driver = Driver {
            session,
            ops: ops_rx,
            notices,
            ready: Some(ready),
            io_timeout: config.io_timeout,
            raw_frames: config.raw_frames,
            http: reqwest::Client::new(),
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
            next_id: std::sync::atomic::AtomicI64::new(0),
        };
        Ok((client, Notices { rx }))
    }

    /// Sends a command; fails when the client is not logged on (reconnecting, say).
    pub async fn send(&self, command: Command) -> Result<(), Error> {
        let (tx, rx) = oneshot::channel();
        self.ops
            .send(Op::Send(command, tx))
            .map_err(|_| Error::Closed)?;
        rx.await.map_err(|_| Error::Closed)?
    }

    /// Sends a request whose answer echoes its `id` (`findCustomerCallHistory`,
    /// `findCallbackRequest`; see [`Client::next_request_id`]) and waits for that answer.
    pub async fn request(&self, command: Command) -> Result<Decoded<Event>, Error> {
        let (tx, rx) = oneshot::channel();
        self.ops
            .send(Op::Request(command, tx))
            .map_err(|_| Error::Closed)?;
        rx.await.map_err(|_| Error::Closed)?
    }

    /// A new id for a request: 1, 2, 3... (as the web client counts).
    pub fn next_request_id(&self) -> i64 {
        use std::sync::atomic::Ordering;
        self.next_id.fetch_add(1, Ordering::Relaxed).wrapping_add(1)
    }

    /// The phone number of the [`Config`].
    pub fn phone_number(&self) -> Option<&str> {
        self.phone_number.as_deref()
    }

    /// Closes the connection and stops; requests waiting fail with [`Error::Request`].
    pub async fn shutdown(self) {
        let (tx, rx) = oneshot::channel();
        if self.ops.send(Op::Shutdown(tx)).is_ok() {
            let _ = rx.await;
        }
    }
}

type Pending<T> = Option<Pin<Box<dyn Future<Output = T> + Send>>>;

/// The task that does the session's IO.
struct Driver {
    session: Session,
    ops: mpsc::UnboundedReceiver<Op>,
    notices: mpsc::UnboundedSender<Notice>,
    ready: Option<oneshot::Sender<Result<(), DisconnectReason>>>,
    io_timeout: Duration,
    raw_frames: bool,
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
}

impl Driver {
    async fn run(mut self) {
        loop {
            if !self.flush().await {
                break;
            }
            let deadline = self.session.poll_timeout();
            let wake = tokio::select! {
                op = self.ops.recv() => Wake::Op(op),
                frame = next_frame(&mut self.socket) => Wake::Frame(frame),
                input = wait(&mut self.login) => Wake::Login(input),
                socket = wait(&mut self.connecting) => Wake::Connected(socket),
                () = sleep_until(deadline) => Wake::Timer,
            };
            let now = Instant::now();
            match wake {
                Wake::Op(Some(Op::Send(command, reply))) => {
                    let result = self.session.send(command, now).map_err(Error::NotSent);
                    let _ = reply.send(result);
                }
                Wake::Op(Some(Op::Request(command, reply))) => {
                    let Some(request) = RequestId::of_command(&command) else {
                        let _ = reply.send(Err(Error::NotARequest(command)));
                        continue;
                    };
                    match self.session.send(command, now) {
                        Ok(()) => {
                            self.pending.insert(request, reply);
                        }
                        Err(error) => {
                            let _ = reply.send(Err(Error::NotSent(error)));
                        }
                    }
                }
                Wake::Op(Some(Op::Shutdown(reply))) => {
                    self.session.close();
                    self.flush().await;
                    let _ = reply.send(());
                    break;
                }
                Wake::Op(None) => {
                    // Every `Client` is gone.
                    self.session.close();
                    self.flush().await;
                    break;
                }
                Wake::Frame(Some(Ok(Message::Text(text)))) => {
                    let text = text.as_str().to_owned();
                    self.raw(FrameDirection::Received, || text.clone());
                    self.session.handle(Input::Frame(text), now);
                }
                Wake::Frame(Some(Ok(Message::Binary(_)))) => {
                    tracing::warn!("binary frame ignored: the protocol is text");
                }
                Wake::Frame(Some(Ok(Message::Close(_))) | Some(Err(_)) | None) => {
                    self.socket = None;
                    tracing::info!("socket closed");
                    self.session.handle(Input::Closed, now);
                }
                // Pings are answered by tungstenite itself.
                Wake::Frame(Some(Ok(_))) => {}
                Wake::Login(input) => self.session.handle(input, now),
                Wake::Connected(Some(socket)) => {
                    tracing::info!("socket open");
                    self.socket = Some(socket);
                    self.session.handle(Input::Connected, now);
                }
                Wake::Connected(None) => self.session.handle(Input::Closed, now),
                Wake::Timer => self.session.handle_timeout(now),
            }
        }
        if let Some(mut socket) = self.socket.take() {
            let _ = socket.close(None).await;
        }
    }

    /// Does what the session asks; `false` once it has stopped for good.
    async fn flush(&mut self) -> bool {
        while let Some(output) = self.session.poll_output() {
            match output {
                Output::Login(call) => {
                    tracing::info!(url = %call.url(), "logging in");
                    self.login = Some(Box::pin(login(self.http.clone(), call, self.io_timeout)));
                }
                Output::Connect(url) => {
                    // The URL holds the token: not logged.
                    let url = url.to_url();
                    let timeout = self.io_timeout;
                    self.connecting = Some(Box::pin(async move {
                        let handshake = tokio_tungstenite::connect_async(url);
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
                        Some(socket) => socket.send(Message::text(text)).await,
                        None => continue,
                    };
                    match sent {
                        Ok(()) => {
                            if let Some(text) = copy {
                                self.raw(FrameDirection::Sent, || text);
                            }
                        }
                        Err(error) => {
                            tracing::warn!(%error, "send failed");
                            self.socket = None;
                            self.session.handle(Input::Closed, Instant::now());
                        }
                    }
                }
                Output::Close => {
                    if let Some(mut socket) = self.socket.take() {
                        let _ = socket.close(None).await;
                    }
                }
                Output::Event(decoded) => {
                    if matches!(decoded.message, Event::LoggedOn(_)) {
                        tracing::info!("logged on");
                        if let Some(ready) = self.ready.take() {
                            let _ = ready.send(Ok(()));
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
                    tracing::info!(?reason, retrying = retry_at.is_some(), "disconnected");
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
        !self.session.is_stopped()
    }

    fn notify(&self, notice: Notice) {
        // Nobody listening is not an error: the client may only send.
        let _ = self.notices.send(notice);
    }

    /// Tells a frame, when [`Config::raw_frames`] asks for it.
    fn raw(&self, direction: FrameDirection, text: impl FnOnce() -> String) {
        if self.raw_frames {
            self.notify(Notice::Frame(RawFrame {
                direction,
                text: text(),
            }));
        }
    }
}

/// The REST login: its answer's body whatever the status (refusals come with a body), or
/// why there is none.
async fn login(http: reqwest::Client, call: LoginCall, timeout: Duration) -> Input {
    let response = http
        .post(call.url())
        .header("Content-Type", "application/json")
        .body(call.body())
        .timeout(timeout)
        .send()
        .await;
    match response {
        Ok(response) => match response.text().await {
            Ok(body) => Input::login_body(&body),
            Err(error) => Input::LoginUnavailable(error.without_url().to_string()),
        },
        Err(error) => Input::LoginUnavailable(error.without_url().to_string()),
    }
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
