//! The server's bounds (issue 16) against hostile clients written here: raw TCP requests
//! left half-sent, a WebSocket client that pings without reading, commands that would
//! make the server keep more and more. Real sockets on 127.0.0.1, port 0; each bound is
//! shortened in the config so that every wait stays within `support::STEP`.

mod support;

use std::time::Duration;

use cti_proto::agent::PauseAgent;
use cti_proto::login::LOGIN_PATH;
use cti_proto::phone::{Dial, PhoneEventType};
use cti_proto::user::{NaFwd, PreferenceKey, SetUserPreference, ValueType};
use cti_proto::{Event, EventKind};
use cti_testserver::{Config, Limits, Scenario, TestServer};
use futures_util::{SinkExt, StreamExt};
use support::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::MaybeTlsStream;

const SHORT: Duration = Duration::from_millis(300);

async fn start(limits: Limits) -> TestServer {
    TestServer::start(Config::default().limits(limits))
        .await
        .expect("starts")
}

/// A connection that has sent `bytes` and nothing more.
async fn half_sent(server: &TestServer, bytes: &str) -> TcpStream {
    let mut stream = bounded("connecting", TcpStream::connect(server.addr()))
        .await
        .expect("connects");
    stream.write_all(bytes.as_bytes()).await.expect("sent");
    stream
}

/// What the server sends until it closes the connection (a reset counts as a close).
async fn until_closed(stream: &mut TcpStream) -> String {
    bounded("the server closes the connection", async {
        let mut raw = Vec::new();
        let _ = stream.read_to_end(&mut raw).await;
        String::from_utf8_lossy(&raw).into_owned()
    })
    .await
}

/// The status of the first response in `raw`.
fn status(raw: &str) -> Option<u16> {
    raw.split(' ').nth(1)?.parse().ok()
}

const LOGIN_HEAD: &str = "POST /xuc/api/2.0/auth/login HTTP/1.1\r\nHost: test\r\n";

#[tokio::test]
async fn a_request_that_stops_mid_header_is_closed() {
    let mut limits = Limits::default();
    limits.header_read_timeout = SHORT;
    let server = start(limits).await;
    let mut stream = half_sent(&server, LOGIN_HEAD).await;
    until_closed(&mut stream).await;
    // Nothing sent at all: the same.
    let mut silent = half_sent(&server, "").await;
    until_closed(&mut silent).await;
    bounded("shutdown", server.shutdown()).await.unwrap();
}

#[tokio::test]
async fn a_request_that_stops_mid_body_gets_408() {
    let mut limits = Limits::default();
    limits.request_timeout = SHORT;
    let server = start(limits).await;
    let request = format!("{LOGIN_HEAD}Content-Length: 100\r\n\r\n{{\"login\":");
    let mut stream = half_sent(&server, &request).await;
    let raw = until_closed(&mut stream).await;
    assert_eq!(status(&raw), Some(408), "{raw}");
    bounded("shutdown", server.shutdown()).await.unwrap();
}

#[tokio::test]
async fn an_over_size_content_length_gets_413_at_once() {
    // The default timeouts (10 s) are longer than a step: the answer must not wait.
    let server = start(Limits::default()).await;
    let request = format!("{LOGIN_HEAD}Content-Length: 1073741824\r\n\r\n");
    let mut stream = half_sent(&server, &request).await;
    let raw = until_closed(&mut stream).await;
    assert_eq!(status(&raw), Some(413), "{raw}");
    // A body over the limit without a Content-Length (chunked): 413 too.
    let mut limits = Limits::default();
    limits.max_body = 16;
    let small = start(limits).await;
    let body = r#"{"login":"alice","password":"alice"}"#;
    let chunked = format!(
        "{LOGIN_HEAD}Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n{:x}\r\n{body}\r\n0\r\n\r\n",
        body.len()
    );
    let mut stream = half_sent(&small, &chunked).await;
    let raw = until_closed(&mut stream).await;
    assert_eq!(status(&raw), Some(413), "{raw}");
    bounded("shutdown", server.shutdown()).await.unwrap();
    bounded("shutdown", small.shutdown()).await.unwrap();
}

#[tokio::test]
async fn an_over_size_header_gets_431_at_once() {
    // The default header read timeout (10 s) is longer than a step: no waiting for more.
    let server = start(Limits::default()).await;
    let cookie = "c".repeat(20 * 1024);
    let request = format!("{LOGIN_HEAD}Cookie: {cookie}\r\n");
    let mut stream = half_sent(&server, &request).await;
    let raw = until_closed(&mut stream).await;
    assert_eq!(status(&raw), Some(431), "{raw}");
    bounded("shutdown", server.shutdown()).await.unwrap();
}

#[tokio::test]
async fn an_idle_keep_alive_connection_is_closed() {
    let mut limits = Limits::default();
    limits.header_read_timeout = SHORT;
    let server = start(limits).await;
    let body = r#"{"login":"alice","password":"alice"}"#;
    let request = format!("{LOGIN_HEAD}Content-Length: {}\r\n\r\n{body}", body.len());
    // One request answered, then nothing: the connection is kept alive, not for ever.
    let mut stream = half_sent(&server, &request).await;
    let raw = until_closed(&mut stream).await;
    assert_eq!(status(&raw), Some(200), "{raw}");
    bounded("shutdown", server.shutdown()).await.unwrap();
}

#[tokio::test]
async fn connections_past_the_limit_are_closed_at_once() {
    let mut limits = Limits::default();
    limits.max_connections = 2;
    let server = start(limits).await;
    let first = half_sent(&server, LOGIN_HEAD).await;
    let second = half_sent(&server, LOGIN_HEAD).await;
    let mut third = half_sent(&server, "").await;
    assert_eq!(until_closed(&mut third).await, "");
    assert_eq!(server.stats().refused_connections, 1);
    // A WebSocket session counts too.
    drop(first);
    let mut socket = alice(&server).await;
    let mut fourth = half_sent(&server, "").await;
    assert_eq!(until_closed(&mut fourth).await, "");
    assert_eq!(server.stats().refused_connections, 2);
    // Once they are gone, there is room again.
    drop(second);
    socket.close(None).await.unwrap();
    bounded("a login once there is room", async {
        loop {
            let mut stream = half_sent(&server, "").await;
            let body = r#"{"login":"alice","password":"alice"}"#;
            let request = format!(
                "{LOGIN_HEAD}Connection: close\r\nContent-Length: {}\r\n\r\n{body}",
                body.len()
            );
            if stream.write_all(request.as_bytes()).await.is_ok()
                && status(&until_closed(&mut stream).await) == Some(200)
            {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await;
    bounded("shutdown", server.shutdown()).await.unwrap();
}

#[tokio::test]
async fn shutdown_drops_what_is_left_after_the_grace() {
    let mut limits = Limits::default();
    limits.shutdown_grace = SHORT;
    limits.header_read_timeout = Duration::from_secs(3600);
    limits.request_timeout = Duration::from_secs(3600);
    let server = start(limits).await;
    let _mid_header = half_sent(&server, LOGIN_HEAD).await;
    let _mid_body = half_sent(
        &server,
        &format!("{LOGIN_HEAD}Content-Length: 100\r\n\r\n{{"),
    )
    .await;
    let mut _unread = alice(&server).await;
    // Each connection is being served by now (the WebSocket one is logged on).
    tokio::time::sleep(Duration::from_millis(50)).await;
    bounded("shutdown", server.shutdown()).await.unwrap();
}

/// The CTI WebSocket of alice over a socket with small kernel buffers, welcome read.
async fn small_buffered_alice(server: &TestServer) -> Socket {
    let token = token(server, "alice", "alice").await;
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    socket.set_send_buffer_size(4096).unwrap();
    let stream = bounded("connecting", socket.connect(server.addr()))
        .await
        .unwrap();
    let (mut socket, _) = bounded(
        "WebSocket handshake",
        tokio_tungstenite::client_async(server.cti_url(&token), MaybeTlsStream::Plain(stream)),
    )
    .await
    .expect("the WebSocket opens");
    welcome(&mut socket).await;
    socket
}

#[tokio::test]
async fn a_client_that_pings_without_reading_is_closed_not_buffered() {
    let mut limits = Limits::default();
    limits.send_timeout = Duration::from_millis(500);
    let server = start(limits).await;
    let mut socket = small_buffered_alice(&server).await;
    // 200,000 pings of 125 bytes ask for 25 MB of pongs: far more than the kernel's
    // buffers and the server's bound.
    const PINGS: u32 = 200_000;
    let payload = vec![b'p'; 125];
    let mut sent = 0;
    while sent < PINGS {
        let ping = Message::Ping(payload.clone().into());
        match tokio::time::timeout(Duration::from_secs(1), socket.send(ping)).await {
            Ok(Ok(())) => sent += 1,
            // Blocked (the server reads no more), or the connection is gone.
            Ok(Err(_)) | Err(_) => break,
        }
    }
    assert!(sent < PINGS, "the server took all {sent} pings");
    // The pongs that were sent, then the end: a close 1008, or the connection dropped.
    let (pongs, code) = bounded("the end of the connection", async {
        let mut pongs = 0u32;
        loop {
            match socket.next().await {
                Some(Ok(Message::Pong(_))) => pongs += 1,
                Some(Ok(Message::Close(frame))) => {
                    return (pongs, frame.map(|f| u16::from(f.code)))
                }
                Some(Ok(other)) => panic!("unexpected {other:?}"),
                Some(Err(_)) | None => return (pongs, None),
            }
        }
    })
    .await;
    assert!(pongs < sent, "{pongs} pongs for {sent} pings");
    assert!(code.is_none_or(|code| code == 1008), "close {code:?}");
    assert_eq!(server.stats().unread_closed, 1);
    bounded("shutdown", server.shutdown()).await.unwrap();
}

/// The next frame as JSON (unknown preference keys are not events strict decoding takes).
async fn next_json(socket: &mut Socket) -> serde_json::Value {
    match next_message(socket).await {
        Some(Message::Text(text)) => serde_json::from_str(text.as_str()).unwrap(),
        other => panic!("expected a text frame, got {other:?}"),
    }
}

fn error_code(event: Event) -> String {
    match event {
        Event::Error(error) => error.error.as_deref().unwrap_or_default().to_owned(),
        other => panic!("expected Error, got {other:?}"),
    }
}

#[tokio::test]
async fn preferences_are_bounded_in_number_and_size() {
    let mut limits = Limits::default();
    limits.max_preferences = 4;
    limits.max_string = 64;
    let server = start(limits).await;
    let mut socket = alice(&server).await;
    let set = |key: &str, value: &str| {
        SetUserPreference::new(PreferenceKey::from(key), value, ValueType::String)
    };
    // Too long a value: refused, not kept.
    send(&mut socket, set("K0", &"v".repeat(65))).await;
    assert_eq!(error_code(next_event(&mut socket).await), "ValueTooLong");
    send(&mut socket, set(&"K".repeat(65), "v")).await;
    assert_eq!(error_code(next_event(&mut socket).await), "ValueTooLong");
    // The demo's user has 2; 2 more fit, a fifth key does not.
    for key in ["K1", "K2"] {
        send(&mut socket, set(key, &"v".repeat(64))).await;
        assert_eq!(next_json(&mut socket).await["msgType"], "UserPreference");
    }
    send(&mut socket, set("K3", "v")).await;
    assert_eq!(
        error_code(next_event(&mut socket).await),
        "TooManyPreferences"
    );
    // A key kept already can still change.
    send(&mut socket, set("K1", "w")).await;
    assert_eq!(next_json(&mut socket).await["msgType"], "UserPreference");
    socket.close(None).await.unwrap();

    // The next login's welcome has the 4.
    let token = token(&server, "alice", "alice").await;
    let mut socket = connect(&server, &token).await;
    let preferences = loop {
        let frame = next_json(&mut socket).await;
        if frame["msgType"] == "UserPreference" {
            break frame["ctiMessage"].clone();
        }
    };
    let text = preferences.to_string();
    assert_eq!(preferences.as_object().unwrap().len(), 4, "{text}");
    assert!(!text.contains("K0") && !text.contains("K3"), "{text}");
    assert_eq!(server.stats().over_limit, 3);
    bounded("shutdown", server.shutdown()).await.unwrap();
}

#[tokio::test]
async fn calls_and_the_strings_a_connection_keeps_are_bounded() {
    let mut limits = Limits::default();
    limits.max_calls = 2;
    limits.max_string = 64;
    limits.max_pending = 3;
    let mut scenario = Scenario::demo();
    // The far end answers after an hour: each call waits for it.
    scenario.phone.remote_answer_ms = Some(3_600_000);
    let server = TestServer::start(Config::new(scenario).limits(limits))
        .await
        .unwrap();
    let mut socket = alice(&server).await;
    send(&mut socket, Dial::new("9".repeat(65).as_str())).await;
    assert_eq!(error_code(next_event(&mut socket).await), "ValueTooLong");
    for _ in 0..2 {
        send(&mut socket, Dial::new("9".repeat(64).as_str())).await;
        let Event::PhoneEvent(dialing) = next_event(&mut socket).await else {
            panic!("expected a phone event")
        };
        assert_eq!(dialing.event_type, PhoneEventType::EventDialing);
    }
    send(&mut socket, Dial::new("1000")).await;
    assert_eq!(error_code(next_event(&mut socket).await), "TooManyCalls");
    send(&mut socket, NaFwd::new(true, "9".repeat(65).as_str())).await;
    assert_eq!(error_code(next_event(&mut socket).await), "ValueTooLong");
    let mut pause = PauseAgent::new();
    pause.reason = cti_proto::SmolStr::from("r".repeat(65)).into();
    send(&mut socket, pause).await;
    assert_eq!(error_code(next_event(&mut socket).await), "ValueTooLong");
    assert_eq!(server.stats().over_limit, 4);
    socket.close(None).await.unwrap();

    // Answers due later: a connection of its own, with 3 at most.
    let mut limits = Limits::default();
    limits.max_pending = 3;
    let mut scenario = Scenario::demo();
    scenario.phone.remote_answer_ms = Some(3_600_000);
    let pending = TestServer::start(Config::new(scenario).limits(limits))
        .await
        .unwrap();
    let mut socket = alice(&pending).await;
    for _ in 0..3 {
        send(&mut socket, Dial::new("1000")).await;
        expect(&mut socket, EventKind::PhoneEvent).await;
    }
    send(&mut socket, Dial::new("1000")).await;
    expect(&mut socket, EventKind::PhoneEvent).await;
    assert_eq!(error_code(next_event(&mut socket).await), "TooManyPending");
    bounded("shutdown", server.shutdown()).await.unwrap();
    bounded("shutdown", pending.shutdown()).await.unwrap();
}

/// The record's entries once it has `count` of them (it is written by a thread of its own).
async fn entries(path: &std::path::Path, count: usize) -> (Vec<u8>, serde_json::Value) {
    bounded("the record's entries", async {
        loop {
            let bytes = std::fs::read(path).unwrap();
            // Between two additions the file is whole HAR; read during one, it is cut:
            // read again.
            if let Ok(har) = serde_json::from_slice::<serde_json::Value>(&bytes) {
                if har["log"]["entries"].as_array().unwrap().len() >= count {
                    return (bytes, har);
                }
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await
}

#[cfg(unix)]
#[tokio::test]
async fn the_record_is_appended_to_private_and_never_through_a_link() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("bounds-record");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("sessions.har");
    // A link planted where the temporary file goes must not be followed.
    let victim = dir.join("victim");
    std::fs::write(&victim, "untouched").unwrap();
    std::os::unix::fs::symlink(&victim, dir.join("sessions.har.tmp")).unwrap();
    let server = TestServer::start(Config::default().record(&path))
        .await
        .unwrap();
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "untouched");
    let metadata = std::fs::symlink_metadata(&path).unwrap();
    assert!(metadata.is_file());
    assert_eq!(metadata.permissions().mode() & 0o777, 0o600);

    let mut socket = alice(&server).await;
    socket.close(None).await.unwrap();
    let (first, _) = entries(&path, 1).await;
    let mut socket = alice(&server).await;
    socket.close(None).await.unwrap();
    let (second, har) = entries(&path, 2).await;
    assert_eq!(har["log"]["entries"].as_array().unwrap().len(), 2);
    // Added to, not rewritten: the same file, the first session's bytes as they were.
    assert_eq!(std::fs::metadata(&path).unwrap().ino(), metadata.ino());
    let closing = b"\n]}}\n";
    assert!(first.ends_with(closing));
    assert!(second.starts_with(&first[..first.len() - closing.len()]));
    bounded("shutdown", server.shutdown()).await.unwrap();
    let (_, har) = entries(&path, 2).await;
    assert_eq!(har["log"]["entries"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn a_session_record_keeps_its_bound_and_counts_the_rest() {
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("bounds-full.har");
    let mut limits = Limits::default();
    limits.max_recorded_frames = 10;
    let server = TestServer::start(Config::default().record(&path).limits(limits))
        .await
        .unwrap();
    // The welcome is 7 frames; 10 pings and their 10 answers make 27 in all.
    let mut socket = alice(&server).await;
    for _ in 0..10 {
        send(&mut socket, cti_proto::login::Ping::new()).await;
        expect(&mut socket, EventKind::PhoneStatusUpdate).await;
    }
    socket.close(None).await.unwrap();
    let (_, har) = entries(&path, 1).await;
    let entry = &har["log"]["entries"][0];
    assert_eq!(entry["_webSocketMessages"].as_array().unwrap().len(), 10);
    assert_eq!(entry["_webSocketMessagesDropped"], 17);
    bounded("shutdown", server.shutdown()).await.unwrap();
}

#[tokio::test]
async fn what_the_record_holds_is_bounded_in_bytes() {
    // A client sending large frames: the record keeps what fits in its budget, counts the
    // rest, and the next session is recorded again once the first is written.
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("bounds-bytes.har");
    let mut limits = Limits::default();
    limits.max_recorded_bytes = 64 * 1024;
    let server = TestServer::start(Config::default().record(&path).limits(limits))
        .await
        .unwrap();
    let mut socket = alice(&server).await;
    let big = format!(
        r#"{{"claz":"web","command":"noSuchCommand","pad":"{}"}}"#,
        "x".repeat(20_000)
    );
    for _ in 0..10 {
        socket.send(Message::text(big.clone())).await.unwrap();
    }
    send(&mut socket, cti_proto::login::Ping::new()).await;
    expect(&mut socket, EventKind::PhoneStatusUpdate).await;
    socket.close(None).await.unwrap();
    let (_, har) = entries(&path, 1).await;
    let entry = &har["log"]["entries"][0];
    let kept: usize = entry["_webSocketMessages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["data"].as_str().unwrap().len())
        .sum();
    assert!(kept <= 64 * 1024, "{kept} bytes kept");
    let dropped = entry["_webSocketMessagesDropped"].as_u64().unwrap_or(0);
    assert!(dropped >= 7, "{dropped} dropped");
    // Written, the budget is free again: a second session is recorded whole.
    let mut socket = alice(&server).await;
    send(&mut socket, cti_proto::login::Ping::new()).await;
    expect(&mut socket, EventKind::PhoneStatusUpdate).await;
    socket.close(None).await.unwrap();
    let (_, har) = entries(&path, 2).await;
    assert!(har["log"]["entries"][1]
        .get("_webSocketMessagesDropped")
        .is_none());
    bounded("shutdown", server.shutdown()).await.unwrap();
}

#[tokio::test]
async fn a_users_tokens_are_bounded_the_oldest_ending_first() {
    let mut limits = Limits::default();
    limits.max_tokens = 3;
    let server = TestServer::start(Config::default().limits(limits))
        .await
        .unwrap();
    let first = token(&server, "alice", "alice").await;
    let mut last = String::new();
    for _ in 0..20 {
        last = token(&server, "alice", "alice").await;
    }
    // The first token has ended: LoggedOnError; the last one logs on.
    let mut socket = connect(&server, &first).await;
    expect(&mut socket, EventKind::LoggedOnError).await;
    let mut socket = connect(&server, &last).await;
    expect(&mut socket, EventKind::LoggedOn).await;
    bounded("shutdown", server.shutdown()).await.unwrap();
}

#[tokio::test]
async fn cors_is_answered_for_the_origins_allowed_only() {
    let page = "http://localhost:3000";
    let preflight = |server: &TestServer, origin: &'static str| {
        let addr = server.addr();
        async move {
            http(
                addr,
                "OPTIONS",
                LOGIN_PATH,
                &[
                    ("Origin", origin),
                    ("Access-Control-Request-Method", "POST"),
                    ("Access-Control-Request-Headers", "content-type"),
                ],
                "",
            )
            .await
        }
    };
    let server = TestServer::start(Config::default().allow_origin(page))
        .await
        .unwrap();
    let answer = preflight(&server, "http://localhost:3000").await;
    assert_eq!(answer.status, 200, "{}", answer.head);
    assert_eq!(answer.header("access-control-allow-origin"), Some(page));
    let methods = answer.header("access-control-allow-methods").unwrap();
    assert!(methods.contains("POST"), "{methods}");
    let other = preflight(&server, "http://elsewhere.example").await;
    assert_eq!(other.header("access-control-allow-origin"), None);
    // The login itself carries the header.
    let body = r#"{"login":"alice","password":"alice"}"#;
    let login = http(
        server.addr(),
        "POST",
        LOGIN_PATH,
        &[("Origin", page), ("Content-Type", "application/json")],
        body,
    )
    .await;
    assert_eq!(login.status, 200);
    assert_eq!(login.header("access-control-allow-origin"), Some(page));
    bounded("shutdown", server.shutdown()).await.unwrap();

    // `*`: any page.
    let any = TestServer::start(Config::default().allow_origin("*"))
        .await
        .unwrap();
    let answer = preflight(&any, "http://elsewhere.example").await;
    assert_eq!(answer.header("access-control-allow-origin"), Some("*"));
    bounded("shutdown", any.shutdown()).await.unwrap();

    // Off by default: no CORS header.
    let closed = start(Limits::default()).await;
    let answer = preflight(&closed, "http://localhost:3000").await;
    assert_eq!(answer.header("access-control-allow-origin"), None);
    assert_eq!(answer.status, 405);
    bounded("shutdown", closed.shutdown()).await.unwrap();
}

#[tokio::test]
async fn a_scenario_file_may_start_with_a_byte_order_mark() {
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("bom-scenario.json");
    let json = serde_json::to_string(&Scenario::demo()).unwrap();
    std::fs::write(&path, format!("\u{feff}{json}")).unwrap();
    let scenario = Scenario::load(&path).expect("a scenario with a BOM loads");
    assert_eq!(scenario.users[0].login, "alice");
}
