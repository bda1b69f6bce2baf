//! `cti conform client` as a process on 127.0.0.1 (port 0), judging clients pointed at it:
//! cti-client (Rust) passes every case; a raw WebSocket client broken on purpose (a
//! malformed `dial`, no ping, no login again) fails the right cases, naming the frame and
//! the field; a refused login fails `client.login.1`.

mod common;

use std::path::Path;
use std::time::Duration;

use common::{cti, listening, scratch, transcript, verdict, verdicts, Listening, WAIT};
use cti_client::{Client, Config};
use cti_proto::contacts::SearchContacts;
use cti_proto::link::{Heartbeat, ReconnectPolicy};
use futures_util::{SinkExt, StreamExt};
use serde_json::Value;
use tokio_tungstenite::tungstenite::Message;

/// Starts `cti conform client --listen 127.0.0.1:0 ARGS` in `dir`.
fn start(dir: &Path, args: &[&str]) -> Listening {
    let mut all = vec!["conform", "client", "--listen", "127.0.0.1:0"];
    all.extend_from_slice(args);
    listening(&all, dir)
}

/// A REST login of alice with `password`: the token, if one is given.
async fn rest_login(url: &str, password: &str) -> Option<String> {
    let body = serde_json::json!({"login": "alice", "password": password}).to_string();
    let answer = reqwest::Client::new()
        .post(format!("{url}/xuc/api/2.0/auth/login"))
        .header("Content-Type", "application/json")
        .body(body)
        .send()
        .await
        .ok()?
        .text()
        .await
        .ok()?;
    let answer: Value = serde_json::from_str(&answer).ok()?;
    answer["token"].as_str().map(str::to_owned)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cti_client_passes_every_case() {
    let dir = scratch("conform-client-good");
    let conform = start(
        &dir,
        // The client pings twice as often as the rule asks: a loaded machine's delays
        // stay well inside the half interval allowed.
        &[
            "--heartbeat",
            "1",
            "--timeout",
            "10",
            "--strict",
            "--report",
            "report",
        ],
    );
    let host = conform.url.trim_start_matches("http://").to_owned();
    let mut heartbeat = Heartbeat::default();
    heartbeat.interval = Duration::from_millis(500);
    let mut reconnect = ReconnectPolicy::default();
    reconnect.initial_delay = Duration::from_millis(100);
    let config = Config::new(host, "alice", "alice")
        .heartbeat(heartbeat)
        .reconnect(reconnect);
    let (client, mut notices) = tokio::time::timeout(WAIT, Client::connect(config))
        .await
        .expect("in time")
        .expect("cti-client logs on");
    // A command no case waits for: never a failure, as long as it decodes strictly.
    client
        .send(SearchContacts::new("bond"))
        .await
        .expect("sent");
    // The client runs (pings, logs in again) until the conform run ends.
    let notices = tokio::spawn(async move { while notices.next().await.is_some() {} });
    let output = conform.output.await.unwrap();
    client.shutdown().await;
    notices.abort();
    assert_eq!(output.status.code(), Some(0), "{}", transcript(&output));
    let cases = verdicts(&dir);
    for id in [
        "client.login.1",
        "client.heartbeat.1",
        "client.relogin.1",
        "client.strict.1",
    ] {
        assert_eq!(verdict(&cases, id).0, "pass", "{id}: {cases:?}");
    }
    assert!(
        verdict(&cases, "client.relogin.1")
            .1
            .contains("logged in again (REST)"),
        "{cases:?}"
    );
    let (answer, why) = verdict(&cases, "client.answer.1");
    assert_eq!(answer, "skip");
    assert!(why.contains("CLIENTS.md names no push"), "{why}");
    let junit = std::fs::read_to_string(dir.join("report/junit.xml")).unwrap();
    assert!(junit.contains("name=\"cti conform client\""), "{junit}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_broken_client_fails_the_right_cases_naming_the_frame() {
    let dir = scratch("conform-client-broken");
    let conform = start(
        &dir,
        &["--heartbeat", "0.5", "--timeout", "2", "--report", "report"],
    );
    let token = rest_login(&conform.url, "alice").await.expect("a token");
    let ws_url = format!(
        "{}/xuc/api/2.0/cti?token={token}",
        conform.url.replacen("http://", "ws://", 1)
    );
    let (mut socket, _) = tokio_tungstenite::connect_async(ws_url.as_str())
        .await
        .expect("the WebSocket opens");
    // A search as cti.js writes it, then a `dial` with a key cti.js never sends (its
    // `video` argument is ignored, CLIENTS.md §4): lenient decoding takes it, strict not.
    for frame in [
        r#"{"claz":"web","command":"searchContacts","term":"bond"}"#,
        r#"{"claz":"web","command":"dial","destination":"1000","video":true}"#,
    ] {
        socket.send(Message::text(frame)).await.expect("sent");
    }
    // Reads what comes, never pings, never comes back after the close.
    let reader = tokio::spawn(async move { while let Some(Ok(_)) = socket.next().await {} });
    let output = conform.output.await.unwrap();
    reader.abort();
    assert_eq!(output.status.code(), Some(1), "{}", transcript(&output));
    let cases = verdicts(&dir);
    assert_eq!(verdict(&cases, "client.login.1").0, "pass", "{cases:?}");
    let (strict, why) = verdict(&cases, "client.strict.1");
    assert_eq!(strict, "fail", "{cases:?}");
    assert!(
        why.contains("1 of 2 frames refused") && why.contains("frame 2") && why.contains("`dial`"),
        "{why}"
    );
    assert!(why.contains("/video"), "the bad field's path: {why}");
    let (heartbeat, why) = verdict(&cases, "client.heartbeat.1");
    assert_eq!(heartbeat, "fail", "{cases:?}");
    assert!(why.contains("no {\"claz\":\"ping\"} from 0 ms"), "{why}");
    assert_eq!(verdict(&cases, "client.relogin.1").0, "fail", "{cases:?}");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("3 fail (2 counted, must only)"), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_login_fails_the_login_case_and_known_failures_are_not_counted() {
    let dir = scratch("conform-client-refused");
    std::fs::write(
        dir.join("known"),
        "client.login.1  our client has no password yet\n",
    )
    .unwrap();
    // A scenario whose only user is carol: alice is refused.
    std::fs::write(
        dir.join("carol.json"),
        r#"{"users":[{"login":"carol","password":"carol","phoneNumber":"1003"}]}"#,
    )
    .unwrap();
    let conform = start(
        &dir,
        &[
            "--scenario",
            "carol.json",
            "--timeout",
            "1",
            "--known-failures",
            "known",
            "--report",
            "report",
        ],
    );
    assert_eq!(rest_login(&conform.url, "alice").await, None);
    let output = conform.output.await.unwrap();
    // The only counted failure is listed as known: exit 0.
    assert_eq!(output.status.code(), Some(0), "{}", transcript(&output));
    let cases = verdicts(&dir);
    let (login, why) = verdict(&cases, "client.login.1");
    assert_eq!(login, "known-failure", "{cases:?}");
    assert!(
        why.contains("the REST login as alice was refused")
            && why.contains("the scenario's users: carol)"),
        "{why}"
    );
    for id in ["client.heartbeat.1", "client.relogin.1"] {
        assert_eq!(verdict(&cases, id).0, "skip", "{id}: {cases:?}");
    }
}

#[tokio::test]
async fn a_glob_matching_no_client_case_is_bad_usage() {
    let dir = scratch("conform-client-usage");
    let output = cti(&["conform", "client", "--cases", "user.*"], &[], &dir).await;
    assert_eq!(output.status.code(), Some(2), "{}", transcript(&output));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("no case matches `user.*`") && stderr.contains("client.heartbeat.1"),
        "{stderr}"
    );
}
