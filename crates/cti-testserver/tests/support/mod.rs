//! A client for the tests: HTTP/1.1 requests written by hand over a `TcpStream` (the
//! two REST calls need no more), and a tokio-tungstenite WebSocket. Every wait is bounded.

#![allow(dead_code)]

use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use cti_proto::login::{LoginAnswer, LOGIN_PATH};
use cti_proto::{encode_command, Command, Event, EventKind};
use cti_testserver::TestServer;
use futures_util::{SinkExt, StreamExt};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

/// The longest any single step of a test may take.
pub const STEP: Duration = Duration::from_secs(5);

/// `future`, or a panic after [`STEP`].
pub async fn bounded<T>(what: &str, future: impl Future<Output = T>) -> T {
    tokio::time::timeout(STEP, future)
        .await
        .unwrap_or_else(|_| panic!("{what}: no outcome within {STEP:?}"))
}

/// A response: its status, header lines and body.
pub struct Response {
    pub status: u16,
    pub head: String,
    pub body: String,
}

impl Response {
    /// The value of a header, by name in any case.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name).then(|| value.trim())
        })
    }
}

/// One HTTP/1.1 request (`Connection: close`), read to the end.
pub async fn http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Response {
    bounded("HTTP request", async {
        let mut stream = TcpStream::connect(addr).await.expect("connects");
        let mut request = format!(
            "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
            body.len()
        );
        for (name, value) in headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        request.push_str("\r\n");
        request.push_str(body);
        stream.write_all(request.as_bytes()).await.expect("sent");
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).await.expect("read");
        let raw = String::from_utf8(raw).expect("UTF-8 response");
        let (head, rest) = raw.split_once("\r\n\r\n").expect("a header and a body");
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|code| code.parse().ok())
            .expect("a status line");
        let length: usize = head
            .lines()
            .find_map(|line| {
                let (name, value) = line.split_once(':')?;
                name.eq_ignore_ascii_case("content-length")
                    .then(|| value.trim().parse().ok())?
            })
            .expect("a Content-Length (no chunked bodies here)");
        Response {
            status,
            head: head.to_owned(),
            body: rest[..length].to_owned(),
        }
    })
    .await
}

/// The REST login's answer.
pub async fn login_answer(server: &TestServer, login: &str, password: &str) -> (u16, LoginAnswer) {
    let body = serde_json::json!({ "login": login, "password": password }).to_string();
    let response = http(
        server.addr(),
        "POST",
        LOGIN_PATH,
        &[("Content-Type", "application/json")],
        &body,
    )
    .await;
    let answer = LoginAnswer::from_json(&response.body).expect("a login answer");
    (response.status, answer)
}

/// Logs in over REST; the token.
pub async fn token(server: &TestServer, login: &str, password: &str) -> String {
    match login_answer(server, login, password).await {
        (200, LoginAnswer::Token(response)) => response.token.expose().to_owned(),
        (status, other) => panic!("login refused: {status} {other:?}"),
    }
}

pub type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// Opens the CTI WebSocket with `token`.
pub async fn connect(server: &TestServer, token: &str) -> Socket {
    let (socket, _) = bounded("WebSocket connection", async {
        tokio_tungstenite::connect_async(server.cti_url(token))
            .await
            .expect("the WebSocket opens")
    })
    .await;
    socket
}

/// Logs `alice` in and reads the pushes that follow `LoggedOn`.
pub async fn alice(server: &TestServer) -> Socket {
    let token = token(server, "alice", "alice").await;
    let mut socket = connect(server, &token).await;
    welcome(&mut socket).await;
    socket
}

/// Reads `LoggedOn` and the pushes that follow it, up to `PhoneStatusUpdate`, the last.
pub async fn welcome(socket: &mut Socket) {
    expect(socket, EventKind::LoggedOn).await;
    while next_event(socket).await.kind() != Some(EventKind::PhoneStatusUpdate) {}
}

/// The next frame that is not a ping or pong; `None` when the socket ends.
pub async fn next_message(socket: &mut Socket) -> Option<Message> {
    bounded("a frame from the server", async {
        loop {
            match socket.next().await {
                Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
                Some(Ok(message)) => return Some(message),
                Some(Err(_)) | None => return None,
            }
        }
    })
    .await
}

/// The next event, checked as the server checks what it sends (strict, deprecated kinds
/// allowed).
pub async fn next_event(socket: &mut Socket) -> Event {
    match next_message(socket).await {
        Some(Message::Text(text)) => cti_testserver::check_event(text.as_str())
            .unwrap_or_else(|why| panic!("the server sent {text}: {why}")),
        other => panic!("expected a text frame, got {other:?}"),
    }
}

/// The next event, which must be of `kind`.
pub async fn expect(socket: &mut Socket, kind: EventKind) -> Event {
    let event = next_event(socket).await;
    assert_eq!(event.kind(), Some(kind), "{event:?}");
    event
}

/// Sends a command, encoded as cti.js would.
pub async fn send(socket: &mut Socket, command: impl Into<Command>) {
    send_text(socket, &encode_command(&command.into())).await;
}

/// Sends any text frame.
pub async fn send_text(socket: &mut Socket, text: &str) {
    bounded("sending a frame", socket.send(Message::text(text)))
        .await
        .expect("sent");
}

/// The socket ends: a close frame from the server, or the end of the stream.
pub async fn expect_close(socket: &mut Socket) -> Option<String> {
    match next_message(socket).await {
        Some(Message::Close(frame)) => frame.map(|f| f.reason.to_string()),
        None => None,
        Some(Message::Text(text)) => panic!("expected a close, got {text}"),
        Some(other) => panic!("expected a close, got {other:?}"),
    }
}
