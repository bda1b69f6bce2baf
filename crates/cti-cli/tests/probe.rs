//! `cti probe` as a process against servers in this test: the xuc test double, and a small
//! stand-in for xuc that sends what the double never does (frames that lenient decoding
//! accepts and strict decoding refuses). Only 127.0.0.1, port 0; every process is killed
//! after [`common::WAIT`].

mod common;

use std::net::SocketAddr;
use std::path::Path;
use std::process::Output;
use std::time::Duration;

use common::{scratch, transcript};

use cti_testserver::scenario::Script;
use cti_testserver::{Scenario, TestServer};
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};
use tokio_tungstenite::tungstenite::Message;

/// Alice's password in these tests: unlike the demo's (her login), it cannot show up in a
/// report or a frame by chance.
const PASSWORD: &str = "pw-Zq8-vault-1337";

/// Runs `cti` with `args`, `CTI_PASSWORD` set to `password` (or unset), standard input
/// empty (not a terminal), in `dir`; killed after [`common::WAIT`].
async fn cti(args: &[&str], password: Option<&str>, dir: &Path) -> Output {
    let env: Vec<(&str, &str)> = password.map(|p| ("CTI_PASSWORD", p)).into_iter().collect();
    common::cti(args, &env, dir).await
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The frames of a HAR capture: (`send` or `receive`, text).
fn capture(path: &Path) -> Vec<(String, String)> {
    let har: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    har["log"]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|entry| entry["_webSocketMessages"].as_array().unwrap())
        .map(|m| {
            let kind = m["type"].as_str().unwrap().to_owned();
            (kind, m["data"].as_str().unwrap().to_owned())
        })
        .collect()
}

/// The longest run of hex digits: the test double's tokens are 32 of them.
fn longest_hex_run(text: &str) -> usize {
    text.split(|c: char| !c.is_ascii_hexdigit())
        .map(str::len)
        .max()
        .unwrap_or(0)
}

/// The frame numbers of the lines `frame N ...` that `pick` takes.
fn frame_numbers(report: &str, pick: impl Fn(&str) -> bool) -> Vec<u64> {
    report
        .lines()
        .map(str::trim_start)
        .filter(|line| line.starts_with("frame ") && pick(line))
        .filter_map(|line| line.split_whitespace().nth(1)?.parse().ok())
        .collect()
}

/// The demo, with [`PASSWORD`] for alice.
fn demo() -> Scenario {
    let mut scenario = Scenario::demo();
    let alice = scenario.users.iter_mut().find(|u| u.login == "alice");
    alice.expect("the demo has alice").password = PASSWORD.to_owned();
    scenario
}

async fn probe(server: &TestServer, dir: &Path, extra: &[&str]) -> Output {
    let url = server.url();
    let mut args = vec!["probe", &url, "--login", "alice", "--wait", "0.5"];
    args.extend_from_slice(extra);
    cti(&args, Some(PASSWORD), dir).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn probe_reports_the_demo_and_writes_a_capture_that_lint_reads() {
    let dir = scratch("probe-demo");
    let server = TestServer::start(demo()).await.unwrap();
    let output = probe(&server, &dir, &["--out", "demo.har"]).await;
    let report = text(&output.stdout);
    // The double sends the deprecated companions, as xuc does: strict decoding refuses them.
    assert_eq!(output.status.code(), Some(1), "{}", transcript(&output));
    assert!(
        report.starts_with(&format!(
            "probe of {} as alice: 7 commands sent",
            server.url()
        )),
        "{report}"
    );
    for kind in [
        "LoggedOn",
        "UserConfigUpdate",
        "LineConfig",
        "QueueList",
        "FavoriteContactSheet",
        "ContactSheet",
        "UserDisplayName",
        "CurrentCallsPhoneEvents",
        "getConfig",
        "searchContacts",
    ] {
        assert!(
            report.lines().any(|l| l.trim_start().starts_with(kind)),
            "{kind} is not listed:\n{report}"
        );
    }
    assert!(
        report.contains("DirectoryResult: deprecated at /msgType"),
        "{report}"
    );
    assert!(report.contains("(lenient: accepted)"), "{report}");
    let deprecated = report.split("deprecated kinds:").nth(1).unwrap_or_default();
    assert!(deprecated.contains("DirectoryResult"), "{report}");
    assert!(deprecated.contains("use ContactSheet"), "{report}");
    assert!(report.contains("unknown kinds: none"), "{report}");
    assert!(
        report
            .lines()
            .last()
            .unwrap()
            .contains("3 refused by strict decoding (3 deprecated, 0 unknown kind, 0 other)"),
        "{report}"
    );
    assert_eq!(
        server.stats().violations,
        0,
        "every command the probe sends is strictly valid"
    );

    // The capture has both directions, and `cti lint` reads it: leniently without error,
    // strictly with the same frames refused, by the same numbers.
    let har = dir.join("demo.har");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&har).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "what the server sends is kept private");
    }
    let frames = capture(&har);
    assert!(frames.iter().any(|(kind, _)| kind == "send"));
    assert!(frames.iter().any(|(kind, _)| kind == "receive"));
    let har_arg = har.to_str().unwrap();
    let lint = cti(&["lint", "--color", "never", har_arg], None, &dir).await;
    assert_eq!(lint.status.code(), Some(0), "{}", transcript(&lint));
    assert!(text(&lint.stdout).contains(&format!("summary: {} frames", frames.len())));
    let strict = cti(
        &["lint", "--strict", "--color", "never", har_arg],
        None,
        &dir,
    )
    .await;
    assert_eq!(strict.status.code(), Some(1), "{}", transcript(&strict));
    let refused = frame_numbers(&report, |line| line.contains(" at /"));
    assert_eq!(refused.len(), 3, "{report}");
    let linted = frame_numbers(&text(&strict.stdout), |line| line.ends_with("error"));
    assert_eq!(refused, linted, "{}", text(&strict.stdout));

    // Neither the password nor a token anywhere.
    let everything = [
        report,
        text(&output.stderr),
        std::fs::read_to_string(&har).unwrap(),
    ];
    for shown in &everything {
        assert!(!shown.contains(PASSWORD), "{shown}");
        assert!(longest_hex_run(shown) < 32, "a token? {shown}");
    }
    server.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_conforming_server_gives_0_and_the_default_capture() {
    let dir = scratch("probe-strict");
    let mut scenario = demo();
    scenario.deprecated_companions = false;
    let server = TestServer::start(scenario).await.unwrap();
    let output = probe(&server, &dir, &["--phone", "1001"]).await;
    let report = text(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{}", transcript(&output));
    assert!(report.contains("strict-mode failures: none"), "{report}");
    assert!(report.contains("deprecated kinds: none"), "{report}");
    assert!(
        report
            .lines()
            .last()
            .unwrap()
            .ends_with("every one decoded strictly"),
        "{report}"
    );
    // probe.har by default; the phone number is the term searched for.
    let frames = capture(&dir.join("probe.har"));
    let search = r#"{"claz":"web","command":"searchContacts","term":"1001"}"#;
    assert!(
        frames
            .iter()
            .any(|(kind, data)| kind == "send" && data == search),
        "{frames:?}"
    );
    let lint = cti(&["lint", "--strict", "probe.har"], None, &dir).await;
    assert_eq!(lint.status.code(), Some(0), "{}", transcript(&lint));
    server.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scripted_deprecated_answer_is_flagged() {
    // The double checks scripted frames strictly but for deprecation, so a deprecated
    // kind is the strict-mode violation it can be made to send.
    let dir = scratch("probe-script");
    let mut scenario = demo();
    scenario.deprecated_companions = false;
    let mut script = Script::new(
        "getList",
        vec![json!({"msgType": "UsersStatuses", "ctiMessage": [
            {"name": "available", "color": "#9BC920", "longName": "Disponible"}
        ]})],
    );
    script.args.insert("objectType".into(), json!("queue"));
    scenario.scripts.push(script);
    let server = TestServer::start(scenario).await.unwrap();
    let output = probe(&server, &dir, &[]).await;
    let report = text(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{}", transcript(&output));
    assert!(
        report.contains("server UsersStatuses: deprecated at /msgType"),
        "{report}"
    );
    assert!(report.contains("use CtiStatuses"), "{report}");
    assert!(
        !report.contains("QueueList"),
        "the script answers instead: {report}"
    );
    assert!(
        report
            .lines()
            .last()
            .unwrap()
            .contains("1 refused by strict decoding (1 deprecated, 0 unknown kind, 0 other)"),
        "{report}"
    );
    server.shutdown().await.unwrap();
}

/// The token the stand-in gives.
const TOKEN: &str = "tok-7f3a9c-not-for-print";

/// A stand-in for xuc on `listener`: the REST login gives [`TOKEN`]; the WebSocket sends
/// `LoggedOn`, then `frames`, then reads until the client goes (or, with `hang_up`,
/// closes the socket).
async fn fake_xuc(listener: TcpListener, frames: &'static [&'static str], hang_up: bool) {
    while let Ok((stream, _)) = listener.accept().await {
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
                login(stream).await;
            } else if let Ok(mut socket) = tokio_tungstenite::accept_async(stream).await {
                let logged_on = r#"{"msgType":"LoggedOn","ctiMessage":{}}"#;
                let _ = socket.send(Message::text(logged_on)).await;
                for frame in frames {
                    let _ = socket.send(Message::text(*frame)).await;
                }
                if hang_up {
                    let _ = socket.close(None).await;
                }
                while let Some(Ok(_)) = socket.next().await {}
            }
        });
    }
}

/// Starts [`fake_xuc`] on 127.0.0.1, port 0: its URL, and its task to abort.
async fn start_fake_xuc(
    frames: &'static [&'static str],
    hang_up: bool,
) -> (String, tokio::task::JoinHandle<()>) {
    let listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    (url, tokio::spawn(fake_xuc(listener, frames, hang_up)))
}

/// Reads a request to its body's end and answers it with [`TOKEN`].
async fn login(mut stream: TcpStream) {
    if common::read_request(&mut stream).await.is_none() {
        return;
    }
    let body = format!(r#"{{"login":"alice","token":"{TOKEN}","TTL":3600}}"#);
    let response = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.write_all(response.as_bytes()).await;
    let _ = stream.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_irregular_frame_and_an_unknown_kind_are_flagged() {
    let dir = scratch("probe-irregular");
    let frames = &[
        r#"{"msgType":"UserConfigUpdate","ctiMessage":{"userId":1,"bogus":true}}"#,
        r#"{"msgType":"QueueEntered","ctiMessage":{}}"#,
    ];
    let (url, fake) = start_fake_xuc(frames, false).await;
    let args = ["probe", &url, "--login", "alice", "--wait", "0.5"];
    let output = cti(&args, Some(PASSWORD), &dir).await;
    let report = text(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{}", transcript(&output));
    assert!(
        report.contains(
            "server UserConfigUpdate: irregular at /ctiMessage/bogus: unknown field `bogus`"
        ),
        "{report}"
    );
    assert!(
        report.contains("(lenient: accepted with 1 diagnostic)"),
        "{report}"
    );
    assert!(
        report.contains("QueueEntered: unknown_kind at /msgType"),
        "{report}"
    );
    let unknown = report.split("unknown kinds:").nth(1).unwrap_or_default();
    assert!(unknown.trim_start().starts_with("QueueEntered"), "{report}");
    assert!(
        report
            .lines()
            .last()
            .unwrap()
            .contains("2 refused by strict decoding (0 deprecated, 1 unknown kind, 1 other)"),
        "{report}"
    );
    let har = std::fs::read_to_string(dir.join("probe.har")).unwrap();
    assert!(har.contains("bogus"), "the frame kept as received");
    for shown in [&report, &text(&output.stderr), &har] {
        assert!(!shown.contains(TOKEN), "{shown}");
        assert!(!shown.contains(PASSWORD), "{shown}");
    }
    fake.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_connection_lost_gives_2_with_the_report_and_the_capture() {
    let dir = scratch("probe-lost");
    let frames = &[r#"{"msgType":"QueueList","ctiMessage":[{"id":1,"name":"bluesky"}]}"#];
    let (url, fake) = start_fake_xuc(frames, true).await;
    let args = ["probe", &url, "--login", "alice", "--wait", "5"];
    let output = cti(&args, Some(PASSWORD), &dir).await;
    let report = text(&output.stdout);
    assert_eq!(output.status.code(), Some(2), "{}", transcript(&output));
    assert!(
        report.contains("connection lost: the socket closed"),
        "{report}"
    );
    assert!(report.contains("QueueList"), "{report}");
    let frames = capture(&dir.join("probe.har"));
    assert!(
        frames.iter().any(|(_, data)| data.contains("bluesky")),
        "{frames:?}"
    );
    fake.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_password_is_refused_with_2() {
    let dir = scratch("probe-refused");
    let server = TestServer::start(demo()).await.unwrap();
    let url = server.url();
    let wrong = "not-alices-pw-4242";
    let args = ["probe", &url, "--login", "alice"];
    let output = cti(&args, Some(wrong), &dir).await;
    assert_eq!(output.status.code(), Some(2), "{}", transcript(&output));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("the login was refused: InvalidCredentials"),
        "{stderr}"
    );
    assert!(output.stdout.is_empty(), "{}", transcript(&output));
    assert!(!stderr.contains(wrong), "{stderr}");
    assert!(
        !dir.join("probe.har").exists(),
        "no capture without a session"
    );
    server.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn usage_errors_and_an_unreachable_server_give_2() {
    let dir = scratch("probe-usage");
    let cases: &[(&[&str], Option<&str>, &str)] = &[
        (
            &["probe", "ftp://127.0.0.1:1", "--login", "alice"],
            Some(PASSWORD),
            "http:// or https://",
        ),
        (
            &[
                "probe",
                "http://alice:hunter22@127.0.0.1:1",
                "--login",
                "alice",
            ],
            Some(PASSWORD),
            "holds a user or a password",
        ),
        (
            &["probe", "http://127.0.0.1:1/xuc", "--login", "alice"],
            Some(PASSWORD),
            "no path or query",
        ),
        (
            &["probe", "http://127.0.0.1:1", "--login", "alice"],
            None,
            "set CTI_PASSWORD",
        ),
        (
            &[
                "probe",
                "http://127.0.0.1:1",
                "--login",
                "alice",
                "--wait=-1",
            ],
            Some(PASSWORD),
            "give 0 to 3600 seconds",
        ),
    ];
    for (args, password, says) in cases {
        let output = cti(args, *password, &dir).await;
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            transcript(&output)
        );
        let stderr = text(&output.stderr);
        assert!(stderr.contains(says), "{args:?}: {stderr}");
        assert!(!stderr.contains("hunter22"), "{stderr}");
        assert!(
            output.stdout.is_empty(),
            "{args:?}: {}",
            transcript(&output)
        );
    }

    // A port where nothing listens: retried until --timeout, then 2.
    let free = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", free.local_addr().unwrap());
    drop(free);
    let args = ["probe", &url, "--login", "alice", "--timeout", "1"];
    let output = cti(&args, Some(PASSWORD), &dir).await;
    assert_eq!(output.status.code(), Some(2), "{}", transcript(&output));
    assert!(
        text(&output.stderr).contains("not logged on after 1 s"),
        "{}",
        transcript(&output)
    );
    assert!(!dir.join("probe.har").exists());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn frames_past_max_frames_are_dropped_and_counted() {
    let dir = scratch("probe-max-frames");
    let queues = r#"{"msgType":"QueueList","ctiMessage":[]}"#;
    let frames: &'static [&'static str] = Box::leak(vec![queues; 300].into_boxed_slice());
    let (url, fake) = start_fake_xuc(frames, false).await;
    let args = [
        "probe",
        &url,
        "--login",
        "alice",
        "--wait",
        "2",
        "--max-frames",
        "100",
    ];
    let output = cti(&args, Some(PASSWORD), &dir).await;
    let report = text(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{}", transcript(&output));
    // LoggedOn, 300 QueueList and the 7 commands: 308 frames, of which 100 are kept.
    assert!(
        report.contains(
            "dropped: 208 frames after the first 100 (--max-frames 100, or 32 MiB of frames): \
             not analysed, not in the capture"
        ),
        "{report}"
    );
    assert_eq!(capture(&dir.join("probe.har")).len(), 100);
    fake.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn text_from_the_server_is_printed_with_control_characters_escaped() {
    let dir = scratch("probe-escape");
    // JSON escapes: the frames decode to text with ESC and BEL in a kind and a key.
    let frames = &[
        r#"{"msgType":"Evil\u001b]0;owned\u0007","ctiMessage":{}}"#,
        r#"{"msgType":"UserConfigUpdate","ctiMessage":{"userId":1,"bo\u001b[2Jgus":true}}"#,
    ];
    let (url, fake) = start_fake_xuc(frames, false).await;
    let args = ["probe", &url, "--login", "alice", "--wait", "0.5"];
    let output = cti(&args, Some(PASSWORD), &dir).await;
    let report = text(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{}", transcript(&output));
    for shown in [&report, &text(&output.stderr)] {
        assert!(
            !shown.contains(['\u{1b}', '\u{7}']),
            "{}",
            shown.escape_debug()
        );
    }
    assert!(report.contains(r"Evil\u{1b}]0;owned\u{7}"), "{report}");
    assert!(report.contains(r"bo\u{1b}[2Jgus"), "{report}");
    fake.abort();
}
