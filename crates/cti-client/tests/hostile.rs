//! The client against hostile stand-ins for xuc, written here on real sockets (127.0.0.1,
//! port 0): a login redirected elsewhere, a login answer that does not end, a login that
//! gets no answer, a server that floods a client that reads slowly, a frame over the size
//! limit, a server that says `LoggedOn` and hangs up at once, text with control characters.
//! Memory is checked by counting (bytes and frames the server got written, errors at the
//! limits), never by reading RSS. Every wait is bounded.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use cti_client::{Client, Config, Error, Notice, Notices};
use cti_proto::link::{DisconnectReason, Heartbeat, ReconnectPolicy};
use cti_proto::Event;
use futures_util::{SinkExt, StreamExt};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tokio_tungstenite::tungstenite::Message;

/// Long enough for a loaded machine, short enough that a hang fails the test.
const WAIT: Duration = Duration::from_secs(15);

const PASSWORD: &str = "pw-Hostile-4711";
const TOKEN: &str = "tok-hostile-0042";
const LOGGED_ON: &str = r#"{"msgType":"LoggedOn","ctiMessage":{}}"#;

/// What the stand-in does with a login: the first argument is its number (0 for the first).
#[derive(Clone)]
enum Login {
    /// 200 with a token.
    Token,
    /// This status, header and body.
    Answer(&'static str, String, String),
    /// Reads the request and never answers (the connection stays open).
    Silent,
    /// 200, chunked: `n` bytes of spaces, then a token.
    Padded(usize),
}

/// What the stand-in does on a WebSocket, after `LoggedOn`.
#[derive(Clone)]
enum Ws {
    /// Sends `LoggedOn`, then reads until the client goes.
    Hold,
    /// Sends `LoggedOn` and closes at once.
    HangUp,
    /// Sends `LoggedOn`, then one text frame of this many bytes.
    Huge(usize),
    /// Sends `LoggedOn`, then `count` frames of `size` bytes, each write given 2 s; tells
    /// on `stalled` how many went before one waited longer, then sends the rest and a
    /// last `QueueList`.
    Flood {
        count: usize,
        size: usize,
        stalled: Arc<std::sync::Mutex<Option<oneshot::Sender<usize>>>>,
    },
}

/// A stand-in for xuc: what it did, counted.
#[derive(Default)]
struct Seen {
    logins: AtomicUsize,
    sockets: AtomicUsize,
    /// Whether a request carried the password.
    password: AtomicBool,
}

async fn listener() -> (TcpListener, SocketAddr) {
    let listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .unwrap();
    let addr = listener.local_addr().unwrap();
    (listener, addr)
}

/// Serves `listener` until the test ends: logins as `login` says for their number, sockets
/// as `ws` says.
fn stand_in(
    listener: TcpListener,
    login: impl Fn(usize) -> Login + Send + Sync + 'static,
    ws: Ws,
) -> Arc<Seen> {
    let seen = Arc::new(Seen::default());
    let login = Arc::new(login);
    let counted = seen.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let (seen, login, ws) = (counted.clone(), login.clone(), ws.clone());
            tokio::spawn(async move {
                // REST or WebSocket: the first bytes tell, left in the stream.
                let mut head = [0u8; 4];
                loop {
                    match stream.peek(&mut head).await {
                        Ok(4) => break,
                        Ok(0) | Err(_) => return,
                        Ok(_) => tokio::time::sleep(Duration::from_millis(5)).await,
                    }
                }
                if &head == b"POST" {
                    let n = seen.logins.fetch_add(1, Ordering::SeqCst);
                    answer(stream, login(n), &seen).await;
                } else if let Ok(socket) = tokio_tungstenite::accept_async(stream).await {
                    seen.sockets.fetch_add(1, Ordering::SeqCst);
                    websocket(socket, ws).await;
                }
            });
        }
    });
    seen
}

/// Reads a request to its body's end; `None` when the peer went first.
async fn request(stream: &mut TcpStream) -> Option<String> {
    let mut request = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => request.extend_from_slice(&buf[..n]),
        }
        let Some(end) = request.windows(4).position(|w| w == b"\r\n\r\n") else {
            continue;
        };
        let head = String::from_utf8_lossy(&request[..end]).to_ascii_lowercase();
        let length = head
            .lines()
            .find_map(|line| line.strip_prefix("content-length:"))
            .and_then(|value| value.trim().parse::<usize>().ok())
            .unwrap_or(0);
        if request.len() >= end + 4 + length {
            return Some(String::from_utf8_lossy(&request).into_owned());
        }
    }
}

fn token_body() -> String {
    format!(r#"{{"login":"alice","token":"{TOKEN}","TTL":3600}}"#)
}

async fn answer(mut stream: TcpStream, login: Login, seen: &Seen) {
    let Some(request) = request(&mut stream).await else {
        return;
    };
    if request.contains(PASSWORD) {
        seen.password.store(true, Ordering::SeqCst);
    }
    let (status, header, body) = match login {
        Login::Token => ("200 OK", String::new(), token_body()),
        Login::Answer(status, header, body) => (status, header, body),
        Login::Silent => {
            // Holds the connection open, answering nothing, until the client goes.
            let mut rest = [0u8; 64];
            while let Ok(n) = stream.read(&mut rest).await {
                if n == 0 {
                    break;
                }
            }
            return;
        }
        Login::Padded(n) => {
            let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\
                        Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
            if stream.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            let chunk = vec![b' '; 16 * 1024];
            let mut sent = 0;
            while sent < n {
                let part = format!("{:x}\r\n", chunk.len());
                let mut bytes = part.into_bytes();
                bytes.extend_from_slice(&chunk);
                bytes.extend_from_slice(b"\r\n");
                if stream.write_all(&bytes).await.is_err() {
                    return;
                }
                sent += chunk.len();
            }
            let body = token_body();
            let last = format!("{:x}\r\n{body}\r\n0\r\n\r\n", body.len());
            let _ = stream.write_all(last.as_bytes()).await;
            let _ = stream.shutdown().await;
            return;
        }
    };
    let response = format!(
        "HTTP/1.1 {status}\r\nContent-Type: application/json\r\n{header}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.write_all(response.as_bytes()).await;
    let _ = stream.shutdown().await;
}

async fn websocket(mut socket: tokio_tungstenite::WebSocketStream<TcpStream>, ws: Ws) {
    if socket.send(Message::text(LOGGED_ON)).await.is_err() {
        return;
    }
    match ws {
        Ws::Hold => {}
        Ws::HangUp => {
            let _ = socket.close(None).await;
        }
        Ws::Huge(size) => {
            let _ = socket.send(Message::text(padded(size))).await;
        }
        Ws::Flood {
            count,
            size,
            stalled,
        } => {
            let frame = padded(size);
            let mut told = false;
            for n in 0..count {
                let write = socket.send(Message::text(frame.clone()));
                if told {
                    if write.await.is_err() {
                        return;
                    }
                    continue;
                }
                match tokio::time::timeout(Duration::from_secs(2), write).await {
                    Ok(Ok(())) => {}
                    Ok(Err(_)) => return,
                    Err(_) => {
                        // The frame is in the socket's buffer: the next write sends it.
                        if let Some(tell) = stalled.lock().unwrap().take() {
                            let _ = tell.send(n);
                        }
                        told = true;
                    }
                }
            }
            if !told {
                if let Some(tell) = stalled.lock().unwrap().take() {
                    let _ = tell.send(count);
                }
            }
            let last = r#"{"msgType":"QueueList","ctiMessage":[]}"#;
            let _ = socket.send(Message::text(last)).await;
        }
    }
    while let Some(Ok(_)) = socket.next().await {}
}

/// A frame of `size` bytes: an event of a kind the client does not know, padded.
fn padded(size: usize) -> String {
    let head = r#"{"msgType":"Flood","ctiMessage":{"pad":""#;
    let tail = r#""}}"#;
    let pad = size.saturating_sub(head.len() + tail.len());
    format!("{head}{}{tail}", "x".repeat(pad))
}

fn alice(addr: SocketAddr) -> Config {
    Config::new(addr.to_string(), "alice", PASSWORD)
}

/// Fast timers, no jitter, so that reconnections take milliseconds and waits are known.
fn quick(config: Config) -> Config {
    let mut heartbeat = Heartbeat::default();
    heartbeat.interval = Duration::from_millis(500);
    let mut reconnect = ReconnectPolicy::default();
    reconnect.initial_delay = Duration::from_millis(50);
    reconnect.max_delay = Duration::from_millis(400);
    reconnect.jitter = 0.0;
    config.heartbeat(heartbeat).reconnect(reconnect)
}

async fn connect(config: Config) -> (Client, Notices) {
    tokio::time::timeout(WAIT, Client::connect(config))
        .await
        .expect("logged on in time")
        .expect("logged on")
}

/// The reason of the first `Disconnected` notice.
async fn disconnected(notices: &mut Notices) -> DisconnectReason {
    let wait = async {
        loop {
            match notices.next().await.expect("the client goes on") {
                Notice::Disconnected { reason, .. } => return reason,
                _ => continue,
            }
        }
    };
    tokio::time::timeout(WAIT, wait)
        .await
        .expect("disconnected in time")
}

/// Item 1: the password goes to the configured server only.
#[tokio::test]
async fn a_login_redirected_to_another_origin_is_not_followed() {
    let (elsewhere, other) = listener().await;
    let thief = stand_in(elsewhere, |_| Login::Token, Ws::Hold);
    let (listener, addr) = listener().await;
    let location = format!("http://{other}/xuc/api/2.0/auth/login");
    let redirect = location.clone();
    let server = stand_in(
        listener,
        move |_| {
            let header = format!("Location: {redirect}\r\n");
            Login::Answer("307 Temporary Redirect", header, String::new())
        },
        Ws::Hold,
    );
    // Refused whether same-origin redirects are followed or not.
    for follow in [false, true] {
        let config = quick(alice(addr)).same_origin_redirects(follow);
        let outcome = tokio::time::timeout(WAIT, Client::connect(config)).await;
        assert_eq!(thief.logins.load(Ordering::SeqCst), 0, "a login went there");
        assert!(!thief.password.load(Ordering::SeqCst));
        let Ok(Err(error)) = outcome else {
            panic!("the client should stop at the redirect")
        };
        assert!(matches!(error, Error::Stopped(_)), "{error}");
        assert_eq!(
            reason(&error),
            format!("the login was redirected to {location}; not followed")
        );
    }
    assert!(server.logins.load(Ordering::SeqCst) >= 2);
}

/// Item 1: a redirect on the same server is followed only when the user asks.
#[tokio::test]
async fn a_same_origin_redirect_is_followed_only_when_asked() {
    let (listener, addr) = listener().await;
    let server = stand_in(
        listener,
        |n| match n {
            // Each first login of a client is redirected; the next one is answered.
            0 | 1 => Login::Answer(
                "307 Temporary Redirect",
                "Location: /xuc/api/2.0/auth/login?again\r\n".to_owned(),
                String::new(),
            ),
            _ => Login::Token,
        },
        Ws::Hold,
    );
    let outcome = tokio::time::timeout(WAIT, Client::connect(quick(alice(addr)))).await;
    let Ok(Err(error)) = outcome else {
        panic!("not followed by default")
    };
    assert_eq!(
        reason(&error),
        format!(
            "the login was redirected to http://{addr}/xuc/api/2.0/auth/login?again; not followed"
        )
    );
    assert_eq!(server.logins.load(Ordering::SeqCst), 1);
    // Asked: the 307 is followed with the body, on the same server, and logs on.
    let config = quick(alice(addr)).same_origin_redirects(true);
    let (client, _notices) = connect(config).await;
    assert_eq!(server.logins.load(Ordering::SeqCst), 3);
    assert_eq!(server.sockets.load(Ordering::SeqCst), 1);
    client.shutdown().await;
}

/// Item 2: the login answer is read up to 64 KiB, not further.
#[tokio::test]
async fn a_login_answer_over_64_kib_is_not_read_further() {
    let (listener, addr) = listener().await;
    // 1 MiB of spaces before a token: valid JSON, but far over the limit. The next login
    // is answered, so that the client logs on and tells why the first failed.
    let server = stand_in(
        listener,
        |n| match n {
            0 => Login::Padded(1 << 20),
            _ => Login::Token,
        },
        Ws::Hold,
    );
    let (client, mut notices) = connect(quick(alice(addr))).await;
    let reason = disconnected(&mut notices).await;
    assert_eq!(
        reason.to_string(),
        "the login answer is over 65536 bytes; not read further"
    );
    assert_eq!(server.logins.load(Ordering::SeqCst), 2);
    client.shutdown().await;
}

/// Item 4: a login that gets no answer says so, in the time given.
#[tokio::test]
async fn a_login_with_no_answer_says_so() {
    let (listener, addr) = listener().await;
    stand_in(
        listener,
        |n| match n {
            0 => Login::Silent,
            _ => Login::Token,
        },
        Ws::Hold,
    );
    let mut config = quick(alice(addr));
    config.io_timeout = Duration::from_secs(1);
    let (client, mut notices) = connect(config).await;
    let reason = disconnected(&mut notices).await;
    assert_eq!(reason.to_string(), "no answer to the login in 1 s");
    client.shutdown().await;
}

/// Item 2: a client that does not read its notices slows the socket down (TCP
/// back-pressure) instead of growing; nothing is lost once it reads.
#[tokio::test]
async fn a_flood_is_held_back_by_a_slow_reader() {
    // 128 MiB in frames of 16 KiB: far more than the socket buffers (36 MiB at most here,
    // `tcp_rmem` and `tcp_wmem`) and the queue hold.
    const COUNT: usize = 8192;
    let (listener, addr) = listener().await;
    let (tell, stalled) = oneshot::channel();
    let flood = Ws::Flood {
        count: COUNT,
        size: 16 * 1024,
        stalled: Arc::new(std::sync::Mutex::new(Some(tell))),
    };
    stand_in(listener, |_| Login::Token, flood);
    let (client, mut notices) = connect(quick(alice(addr))).await;
    // The notices are not read until the server has to wait.
    let written = tokio::time::timeout(Duration::from_secs(60), stalled)
        .await
        .expect("the server stalls or finishes in time")
        .unwrap();
    assert!(
        written < COUNT / 2,
        "the server wrote {written} of {COUNT} frames to a client that read none"
    );
    // Then every frame comes, in order, and the last after them.
    let mut floods = 0;
    let read = async {
        while let Some(notice) = notices.next().await {
            if let Notice::Event(decoded) = notice {
                match decoded.message {
                    Event::QueueList(_) => return,
                    Event::LoggedOn(_) => {}
                    _ => floods += 1,
                }
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(60), read)
        .await
        .expect("everything read in time");
    assert_eq!(floods, COUNT, "every frame told, none dropped");
    client.shutdown().await;
}

/// Item 2 and 4: a frame over the size limit is refused with a clear reason.
#[tokio::test]
async fn a_frame_over_the_size_limit_is_refused_and_says_so() {
    let (listener, addr) = listener().await;
    stand_in(listener, |_| Login::Token, Ws::Huge(2 << 20));
    let (client, mut notices) = connect(quick(alice(addr))).await;
    let reason = disconnected(&mut notices).await;
    assert_eq!(
        reason.to_string(),
        "the server sent a frame of 2097152 bytes, over the limit of 1048576"
    );
    client.shutdown().await;
}

/// Item 3: a server that says `LoggedOn` and hangs up at once does not get a login per
/// initial delay: the backoff is not reset by a session that did not last.
#[tokio::test]
async fn a_server_that_hangs_up_after_logged_on_is_not_stormed() {
    let (listener, addr) = listener().await;
    let server = stand_in(listener, |_| Login::Token, Ws::HangUp);
    let (client, _notices) = connect(quick(alice(addr))).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let logins = server.logins.load(Ordering::SeqCst);
    client.shutdown().await;
    // Waits of 50, 100, 200, then 400 ms: about 11 logins in 3 s (60 with a reset on
    // every LoggedOn). Fewer on a slow machine, never more.
    assert!(logins <= 16, "{logins} logins in 3 s");
    assert!(logins >= 2, "the client did try again");
}

/// Item 4: text from the server is told with its control characters escaped.
#[tokio::test]
async fn text_from_the_server_is_told_with_control_characters_escaped() {
    let (listener, addr) = listener().await;
    let body = r#"{"error":"InvalidCredentials","message":"\u001b]0;owned\u0007\u001b[2Jbad"}"#;
    stand_in(
        listener,
        move |_| Login::Answer("401 Unauthorized", String::new(), body.to_owned()),
        Ws::Hold,
    );
    let outcome = tokio::time::timeout(WAIT, Client::connect(alice(addr))).await;
    let Ok(Err(error @ Error::Stopped(_))) = outcome else {
        panic!("refused credentials stop the client")
    };
    assert_eq!(error.to_string(), "the session stopped before logging on");
    assert_eq!(
        reason(&error),
        r"the login was refused: InvalidCredentials (\u{1b}]0;owned\u{7}\u{1b}[2Jbad)"
    );
}

/// Why the client stopped: the source of its error.
fn reason(error: &Error) -> String {
    std::error::Error::source(error)
        .expect("the reason is the source")
        .to_string()
}
