//! The conformance suite's side of the wire: the REST login and the CTI WebSocket, every
//! frame kept for the report, every wait and buffer bounded against the server under test.

use std::time::{Duration, Instant};

use cti_proto::login::{CtiUrl, LoginRequest, LoginResponse, LOGIN_PATH};
use futures_util::{SinkExt, StreamExt};
use serde_json::Value;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::Message;

/// The longest answer to the login read (a real one is well under a kilobyte).
const MAX_LOGIN_BODY: usize = 64 * 1024;
/// The longest WebSocket message read.
const MAX_MESSAGE: usize = cti_proto::DEFAULT_MAX_FRAME_LEN;
/// Frames kept per case in the report; more are counted, not kept.
pub const MAX_FRAMES_PER_CASE: usize = 500;
/// Bytes of frame text kept per case (a server under test can send 1 MiB frames): with
/// the number of cases, what a run keeps stays under 64 MiB. More is counted, not kept.
pub const MAX_BYTES_PER_CASE: usize = 2 * 1024 * 1024;
/// How long the login and the WebSocket handshake may take.
const IO_TIMEOUT: Duration = Duration::from_secs(10);

/// Where the server under test is.
#[derive(Clone, Debug)]
pub struct Server {
    /// `host:port`.
    pub host: String,
    /// `https://` and `wss://`.
    pub secure: bool,
}

/// One frame of a case's transcript.
#[derive(Clone, Debug)]
pub struct Line {
    /// Milliseconds since the case began.
    pub at_ms: u128,
    /// Sent by the suite, or received from the server.
    pub sent: bool,
    /// A WebSocket frame (not a REST line or a note).
    pub ws: bool,
    /// On the peer's WebSocket (`--peer`), not the user's.
    pub peer: bool,
    /// The frame (or, for REST, a line saying what was asked and answered, no secret).
    pub text: String,
}

/// What a REST login answered.
pub enum LoginOutcome {
    /// A token.
    Token(String),
    /// The status and the body: a refusal, or something else.
    Other(u16, String),
}

/// The REST login; `Err` when nothing usable came back (no answer, a redirect, a body over
/// the limit).
pub async fn login(
    server: &Server,
    user: &str,
    password: &str,
    transcript: &mut Transcript,
) -> Result<LoginOutcome, String> {
    let http = reqwest::Client::builder()
        // The password goes to the server named, never where a redirect points.
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(IO_TIMEOUT)
        .timeout(IO_TIMEOUT)
        .build()
        .map_err(|e| format!("cannot build the HTTP client: {e}"))?;
    let scheme = if server.secure { "https" } else { "http" };
    let url = format!("{scheme}://{}{LOGIN_PATH}", server.host);
    let body = serde_json::to_string(&LoginRequest::new(user, password)).unwrap_or_default();
    transcript.http_sent(format!(
        "POST {LOGIN_PATH} {{\"login\":{user:?},\"password\":\"<redacted>\"}}"
    ));
    let mut response = http
        .post(&url)
        .header("Content-Type", "application/json")
        .body(body)
        .send()
        .await
        .map_err(|e| {
            if e.is_timeout() {
                format!("no answer to the login in {} s", IO_TIMEOUT.as_secs())
            } else {
                format!("the login failed: {}", e.without_url())
            }
        })?;
    let status = response.status().as_u16();
    if response.status().is_redirection() {
        transcript.note(format!("{status} (a redirect, not followed)"));
        return Err(format!(
            "the login was answered with a redirect ({status}); not followed"
        ));
    }
    let mut body = Vec::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                if body.len() + chunk.len() > MAX_LOGIN_BODY {
                    return Err(format!(
                        "the login's answer is over {} KiB",
                        MAX_LOGIN_BODY / 1024
                    ));
                }
                body.extend_from_slice(&chunk);
            }
            Ok(None) => break,
            Err(e) => return Err(format!("the login's answer broke off: {}", e.without_url())),
        }
    }
    let body = String::from_utf8_lossy(&body).into_owned();
    if let Ok(answer) = serde_json::from_str::<LoginResponse>(&body) {
        if (200..300).contains(&status) {
            transcript.note(format!(
                "{status} {{\"login\":{:?},\"token\":\"<redacted>\"}}",
                answer.login.as_str()
            ));
            return Ok(LoginOutcome::Token(answer.token.expose().to_owned()));
        }
    }
    transcript.note(format!("{status} {}", printable(&body)));
    Ok(LoginOutcome::Other(status, body))
}

/// A logged-in CTI WebSocket.
pub struct Socket {
    ws: tokio_tungstenite::WebSocketStream<
        tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>,
    >,
    /// The peer's (`--peer`): its frames are marked so in the transcripts.
    peer: bool,
}

/// What waiting for a frame gave.
pub enum Next {
    /// A text frame.
    Frame(String),
    /// Nothing within the time.
    Timeout,
    /// The socket closed, or broke (why).
    Closed(String),
}

impl Socket {
    /// Opens `ws[s]://SERVER/xuc/api/2.0/cti?token=TOKEN`.
    pub async fn open(server: &Server, token: &str) -> Result<Socket, String> {
        let url = CtiUrl::token(&server.host, token)
            .map_err(|e| e.to_string())?
            .secure(server.secure)
            .to_url();
        let mut config = WebSocketConfig::default();
        config.max_message_size = Some(MAX_MESSAGE);
        config.max_frame_size = Some(MAX_MESSAGE);
        let handshake = tokio_tungstenite::connect_async_with_config(url, Some(config), false);
        match tokio::time::timeout(IO_TIMEOUT, handshake).await {
            Ok(Ok((ws, _))) => Ok(Socket { ws, peer: false }),
            // The error may quote the URL, which holds the token: not shown.
            Ok(Err(_)) => Err("the WebSocket did not open".to_owned()),
            Err(_) => Err(format!(
                "the WebSocket handshake took over {} s",
                IO_TIMEOUT.as_secs()
            )),
        }
    }

    /// The same socket, as the peer's: its frames are marked so in the transcripts.
    pub fn peer_side(mut self) -> Socket {
        self.peer = true;
        self
    }

    /// Sends a text frame.
    pub async fn send(&mut self, text: &str, transcript: &mut Transcript) -> Result<(), String> {
        transcript.frame(true, self.peer, text.to_owned());
        match tokio::time::timeout(IO_TIMEOUT, self.ws.send(Message::text(text))).await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => Err(format!("the frame was not sent: {e}")),
            Err(_) => Err("the frame was not sent within 10 s".to_owned()),
        }
    }

    /// The next text frame before `deadline`.
    pub async fn next(&mut self, deadline: Instant, transcript: &mut Transcript) -> Next {
        loop {
            let read = tokio::time::timeout_at(deadline.into(), self.ws.next()).await;
            match read {
                Err(_) => return Next::Timeout,
                Ok(None) => return Next::Closed("the server closed the socket".to_owned()),
                Ok(Some(Err(e))) => return Next::Closed(format!("the socket broke: {e}")),
                Ok(Some(Ok(Message::Text(text)))) => {
                    let text = text.as_str().to_owned();
                    transcript.frame(false, self.peer, text.clone());
                    return Next::Frame(text);
                }
                Ok(Some(Ok(Message::Close(_)))) => {
                    return Next::Closed("the server closed the socket".to_owned())
                }
                // Pings are answered by tungstenite; binary frames are not this protocol.
                Ok(Some(Ok(_))) => {}
            }
        }
    }

    /// Waits up to `within` for a frame that `pick` takes, skipping the others (pushes the
    /// server sends unasked); every frame goes to the transcript.
    pub async fn expect(
        &mut self,
        within: Duration,
        transcript: &mut Transcript,
        mut pick: impl FnMut(&str, &Value) -> bool,
    ) -> Result<String, String> {
        let deadline = Instant::now() + within;
        loop {
            match self.next(deadline, transcript).await {
                Next::Frame(text) => {
                    let value: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
                    if pick(&text, &value) {
                        return Ok(text);
                    }
                }
                Next::Timeout => return Err(format!("nothing within {} s", within.as_secs())),
                Next::Closed(why) => return Err(why),
            }
        }
    }

    /// Closes the socket (a bounded wait).
    pub async fn close(mut self) {
        let _ = tokio::time::timeout(Duration::from_secs(2), self.ws.close(None)).await;
    }
}

/// The frames of one case, as they went.
#[derive(Debug)]
pub struct Transcript {
    started: Instant,
    /// The frames kept.
    pub lines: Vec<Line>,
    /// Frames past [`MAX_FRAMES_PER_CASE`] or [`MAX_BYTES_PER_CASE`], counted only.
    pub dropped: usize,
    /// Bytes of text kept.
    kept: usize,
}

impl Transcript {
    /// Replaces every occurrence of each secret (a password, a token) with `<redacted>`:
    /// a server may echo what it was sent.
    pub fn redact(&mut self, secrets: &[&str]) {
        for line in &mut self.lines {
            line.text = redact(&line.text, secrets);
        }
    }

    /// An empty transcript, its clock started now.
    pub fn new() -> Transcript {
        Transcript {
            started: Instant::now(),
            lines: Vec::new(),
            dropped: 0,
            kept: 0,
        }
    }

    fn push(&mut self, sent: bool, ws: bool, peer: bool, text: String) {
        if self.lines.len() >= MAX_FRAMES_PER_CASE || self.kept + text.len() > MAX_BYTES_PER_CASE {
            self.dropped += 1;
            return;
        }
        self.kept += text.len();
        self.lines.push(Line {
            at_ms: self.started.elapsed().as_millis(),
            sent,
            ws,
            peer,
            text,
        });
    }

    /// A WebSocket frame sent, or received; on the peer's socket or the user's.
    pub fn frame(&mut self, sent: bool, peer: bool, text: String) {
        self.push(sent, true, peer, text);
    }

    /// A REST request, as a line (no secret in it).
    pub fn http_sent(&mut self, text: String) {
        self.push(true, false, false, text);
    }

    /// A REST answer, or a note, as a line.
    pub fn note(&mut self, text: String) {
        self.push(false, false, false, text);
    }
}

/// The `msgType` of a frame, if it has one.
pub fn msg_type(value: &Value) -> Option<&str> {
    value.get("msgType").and_then(Value::as_str)
}

/// Text from the server, fit to print: at most 300 characters, control characters
/// escaped ([`cti_proto::link::printable`]).
pub fn printable(text: &str) -> String {
    match text.char_indices().nth(300) {
        Some((end, _)) => format!("{}…", cti_proto::link::printable(&text[..end])),
        None => cti_proto::link::printable(text).into_owned(),
    }
}

/// `text` with every occurrence of each secret replaced by `<redacted>`.
pub fn redact(text: &str, secrets: &[&str]) -> String {
    let mut text = text.to_owned();
    for secret in secrets.iter().filter(|s| !s.is_empty()) {
        if text.contains(secret) {
            text = text.replace(secret, "<redacted>");
        }
    }
    text
}
