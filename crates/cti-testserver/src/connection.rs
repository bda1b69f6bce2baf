//! One WebSocket connection: `LoggedOn` (or `LoggedOnError` and a close), the pushes that
//! follow, then each client frame decoded and answered, the heartbeat watched, until the
//! client or the server closes.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::ws::{CloseFrame, Message, Utf8Bytes, WebSocket};
use cti_proto::link::Tick;
use cti_proto::login::{LoggedOn, LoggedOnError, LoggedOnErrorCode};
use cti_proto::{encode_event, Command, Decoder, Event};
use tokio::time::error::Elapsed;
use tokio::time::{interval_at, sleep_until, timeout, Duration, Instant, MissedTickBehavior};
use tracing::{debug, warn};

use crate::answers::{ConnectionState, Later, Reply};
use crate::messages;
use crate::observe::Seen;
use crate::record::SessionRecord;
use crate::world::{stopping, Count, World};

/// Close code 1000, normal closure (RFC 6455 §7.4.1).
const NORMAL: u16 = 1000;
/// Close code 1008, policy violation (RFC 6455 §7.4.1): the client leaves what is sent to
/// it untaken.
const POLICY: u16 = 1008;
/// The longest wait for a close frame to go out: a client that reads nothing does not
/// get it.
const CLOSE_WAIT: Duration = Duration::from_secs(1);

/// The socket, and what goes with each frame sent or received.
struct Link {
    socket: WebSocket,
    id: u64,
    world: Arc<World>,
    record: Option<SessionRecord>,
}

impl Link {
    /// Encodes and sends an event; false when the socket is gone, or closed because the
    /// client did not take the frame in time.
    async fn send(&mut self, event: &Event) -> bool {
        self.send_text(encode_event(event)).await
    }

    /// Sends a text frame as it is; false as [`Link::send`].
    async fn send_text(&mut self, frame: String) -> bool {
        if let Some(record) = &mut self.record {
            record.server(&frame);
        }
        let session = self.id;
        self.world.observers.tell(|| Seen::ToClient {
            session,
            text: frame.clone(),
        });
        self.world.count(Count::FrameOut);
        let limit = self.world.limits.send_timeout;
        let sent = timeout(
            limit,
            self.socket.send(Message::Text(Utf8Bytes::from(frame))),
        )
        .await;
        self.taken(sent).await
    }

    /// Sends what waits (the `Pong` of a client's `Ping`); false as [`Link::send`].
    async fn flush(&mut self) -> bool {
        let limit = self.world.limits.send_timeout;
        let flushed = timeout(limit, futures_util::SinkExt::flush(&mut self.socket)).await;
        self.taken(flushed).await
    }

    /// Whether a send, given [`Limits::send_timeout`](crate::Limits::send_timeout), was
    /// taken: past it, the connection is closed with 1008.
    async fn taken<E>(&mut self, sent: Result<Result<(), E>, Elapsed>) -> bool {
        match sent {
            Ok(sent) => sent.is_ok(),
            Err(_) => {
                self.world.count(Count::UnreadClosed);
                warn!(
                    session = self.id,
                    "the client takes nothing sent to it: closing (1008)"
                );
                self.close_with(POLICY, "frames not taken").await;
                false
            }
        }
    }

    async fn close(&mut self, reason: &'static str) {
        self.close_with(NORMAL, reason).await;
    }

    async fn close_with(&mut self, code: u16, reason: &'static str) {
        let frame = CloseFrame {
            code,
            reason: Utf8Bytes::from_static(reason),
        };
        // The client may be gone already, or read nothing; nothing more to do then.
        let _ = timeout(CLOSE_WAIT, self.socket.send(Message::Close(Some(frame)))).await;
    }
}

/// Runs a connection. `login` is the user of the token, `None` for a token that is
/// missing, unknown or expired. `url` is the request's URL without its query.
pub(crate) async fn run(socket: WebSocket, world: Arc<World>, login: Option<String>, url: String) {
    let _running = world.running();
    let id = world.next_id();
    world.count(Count::Session);
    let max = world.limits.max_recorded_frames;
    let record = world
        .recorder
        .as_ref()
        .map(|recorder| recorder.session(url, max));
    let mut link = Link {
        socket,
        id,
        world: world.clone(),
        record,
    };
    let user = login
        .as_deref()
        .and_then(|login| world.scenario.users.iter().position(|u| u.login == login));
    world.observers.tell(|| Seen::Opened {
        session: id,
        login: user.map(|user| world.scenario.users[user].login.clone()),
    });
    // Once the shutdown's grace is over, the session ends wherever it waits.
    tokio::select! {
        () = session(&mut link, &world, user) => {}
        () = world.dropped() => debug!(session = id, "dropped at shutdown"),
    }
    world.close(id);
    world.observers.tell(|| Seen::Closed { session: id });
    if let (Some(recorder), Some(record)) = (&world.recorder, link.record.take()) {
        recorder.finish(record);
    }
}

async fn session(link: &mut Link, world: &Arc<World>, user: Option<usize>) {
    let id = link.id;
    match user {
        Some(user) => {
            let login = world.scenario.users[user].login.clone();
            let pushed = world.open(id, &login);
            serve(link, ConnectionState::new(world, user), pushed).await;
        }
        None => {
            // "The WebSocket connection is closed immediately after this message is
            // sent" (generic API, LoggedOnError).
            debug!(session = id, "refused: no valid token");
            world.count(Count::RefusedLogin);
            let mut error = LoggedOnError::default();
            error.error = LoggedOnErrorCode::LoggedOnFailed;
            if link.send(&error.into()).await {
                link.close("loggedOnFailed").await;
            }
        }
    }
}

/// Why [`serve`] stopped.
enum Stop {
    Gone,
    Silent,
    Shutdown,
    /// [`crate::TestServer::close_sessions`].
    Closed,
}

async fn serve(
    link: &mut Link,
    mut state: ConnectionState,
    mut pushed: tokio::sync::mpsc::UnboundedReceiver<Event>,
) {
    let world = link.world.clone();
    let mut shutdown = world.shutdown.clone();
    let mut kicks = world.kicks();
    let mut welcome = vec![Event::from(LoggedOn::new())];
    welcome.extend(state.welcome(&world));
    for event in &welcome {
        state.observe(event);
        if !link.send(event).await {
            return;
        }
    }
    let heartbeat = &world.heartbeat;
    // An interval of a year or more is no heartbeat at all (and no overflow of
    // `Instant`); under a millisecond is a millisecond.
    let longest = std::time::Duration::from_secs(365 * 86_400);
    let watching = heartbeat.interval < longest;
    let period = heartbeat
        .interval
        .clamp(std::time::Duration::from_millis(1), longest);
    let mut ticks = interval_at(Instant::now() + period, period);
    ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let mut missed = heartbeat.watch();
    // What is due later, in order; the counter keeps equal instants in insertion order.
    let mut due: BTreeMap<(Instant, u64), Later> = BTreeMap::new();
    let mut order = 0u64;
    let stop = loop {
        let next_due = due.keys().next().map(|(at, _)| *at);
        let mut replies = Vec::new();
        tokio::select! {
            message = link.socket.recv() => {
                let Some(Ok(message)) = message else { break Stop::Gone };
                missed.received();
                match message {
                    Message::Text(text) => {
                        replies = receive(link, &mut state, text.as_str());
                    }
                    Message::Binary(bytes) => {
                        let (session, len) = (link.id, bytes.len());
                        world.observers.tell(|| Seen::Binary { session, len });
                        world.count(Count::FrameIn);
                        world.count(Count::Violation);
                        warn!(session = link.id, "binary frame: this protocol sends text frames only");
                    }
                    Message::Close(_) => break Stop::Gone,
                    // tungstenite queued the `Pong` (one at most waits: a newer one
                    // replaces it); nothing more is read until the client takes it.
                    Message::Ping(_) => {
                        if !link.flush().await {
                            return;
                        }
                    }
                    Message::Pong(_) => {}
                }
            }
            Some(event) = pushed.recv() => replies.push(Reply::Now(event)),
            _ = sleep_until(next_due.unwrap_or_else(Instant::now)), if next_due.is_some() => {
                if let Some((_, later)) = due.pop_first() {
                    replies.extend(state.later(later));
                }
            }
            _ = ticks.tick(), if watching => {
                if missed.tick() == Tick::GiveUp {
                    break Stop::Silent;
                }
            }
            () = stopping(&mut shutdown) => break Stop::Shutdown,
            Ok(()) = kicks.changed() => break Stop::Closed,
        }
        for reply in replies {
            match reply {
                Reply::Now(event) => {
                    state.observe(&event);
                    if !link.send(&event).await {
                        return;
                    }
                }
                Reply::Raw(text) => {
                    if !link.send_text(text).await {
                        return;
                    }
                }
                Reply::After(_, _) if due.len() >= world.limits.max_pending => {
                    world.count(Count::OverLimit);
                    if !link.send(&messages::error("TooManyPending")).await {
                        return;
                    }
                }
                Reply::After(delay, later) => {
                    order += 1;
                    due.insert((Instant::now() + delay, order), later);
                }
            }
        }
    };
    match stop {
        Stop::Gone => debug!(session = link.id, "the client closed"),
        Stop::Silent => {
            warn!(
                session = link.id,
                ticks = heartbeat.max_missed,
                "no frame from the client for {} heartbeat ticks: closing",
                heartbeat.max_missed
            );
            link.close("no frame received (heartbeat)").await;
        }
        Stop::Shutdown => link.close("server shutting down").await,
        Stop::Closed => link.close("closed by the server").await,
    }
}

/// Decodes a client frame strictly (counting and logging what strict decoding refuses),
/// acts on what lenient decoding makes of it, and says what to send.
fn receive(link: &mut Link, state: &mut ConnectionState, text: &str) -> Vec<Reply> {
    let world = link.world.clone();
    world.count(Count::FrameIn);
    if let Some(record) = &mut link.record {
        record.client(text);
    }
    let session = link.id;
    world.observers.tell(|| Seen::FromClient {
        session,
        text: text.to_owned(),
    });
    let command = match Decoder::strict().decode_command(text) {
        Ok(decoded) => Some(decoded.message),
        Err(strict) => {
            world.count(Count::Violation);
            // The error's text never quotes a secret's value (cti-proto's `Secret`), and
            // the frame itself is not logged.
            warn!(session = link.id, kind = ?strict.kind(), error = %strict, "client frame refused by strict decoding");
            match Decoder::new().decode_command(text) {
                Ok(decoded) => Some(decoded.message),
                Err(error) => {
                    world.count(Count::Malformed);
                    warn!(session = link.id, error = %error, "client frame does not decode: ignored");
                    None
                }
            }
        }
    };
    let mut replies = Vec::new();
    let script = scripted(&world, text);
    if let Some(command) = &command {
        if script.is_none_or(|s| world.scripts[s].keep_built_in) {
            replies = state.answer(&world, command);
            if replies.is_empty() && script.is_none() && !matches!(command, Command::Ping(_)) {
                debug!(
                    session = link.id,
                    command = command.name(),
                    "no built-in answer"
                );
            }
        }
    }
    if let Some(index) = script {
        let script = &world.scripts[index];
        let later = Later::Frames(script.frames.clone());
        if script.delay.is_zero() {
            replies.extend(state.later(later));
        } else {
            replies.push(Reply::After(script.delay, later));
        }
    }
    replies
}

/// The first script for this frame, by the command named in it (`command`, or `claz`
/// for `ping`) and its arguments as sent.
fn scripted(world: &World, text: &str) -> Option<usize> {
    if world.scripts.is_empty() {
        return None;
    }
    let frame: serde_json::Value = serde_json::from_str(text).ok()?;
    let name = frame
        .get("command")
        .or_else(|| frame.get("claz"))
        .and_then(|name| name.as_str())?;
    world
        .scripts
        .iter()
        .position(|script| script.matches(name, &frame))
}
