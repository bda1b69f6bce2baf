//! The client against the test double, over real WebSockets on 127.0.0.1 (port 0): login,
//! search, favorites, preference, dial to release, an answer matched by id, refused
//! credentials, a silent server, a server restart. Every wait is bounded.

use std::time::Duration;

use cti_client::{Client, Config, Direction, Error, Notice, Notices};
use cti_proto::contacts::SearchContacts;
use cti_proto::favorites::{AddFavorite, GetFavoriteContacts};
use cti_proto::link::{DisconnectReason, Heartbeat, ReconnectPolicy};
use cti_proto::phone::{Dial, Hangup, PhoneEventType};
use cti_proto::user::{PreferenceKey, SetUserPreference, ValueType};
use cti_proto::{Command, Event};
use cti_testserver::scenario::Script;
use cti_testserver::{Scenario, TestServer};

/// Long enough for a loaded machine, short enough that a hang fails the test.
const WAIT: Duration = Duration::from_secs(15);

/// Waits for the first notice that `pick` takes.
async fn wait_for<T>(notices: &mut Notices, mut pick: impl FnMut(Notice) -> Option<T>) -> T {
    let found = tokio::time::timeout(WAIT, async {
        loop {
            let notice = notices.next().await.expect("the client goes on");
            if let Some(found) = pick(notice) {
                return found;
            }
        }
    });
    found.await.expect("the notice comes in time")
}

/// The first event that `pick` takes.
async fn event<T>(notices: &mut Notices, mut pick: impl FnMut(Event) -> Option<T>) -> T {
    wait_for(notices, |notice| match notice {
        Notice::Event(decoded) => pick(decoded.message),
        _ => None,
    })
    .await
}

async fn connect(config: Config) -> (Client, Notices) {
    tokio::time::timeout(WAIT, Client::connect(config))
        .await
        .expect("logged on in time")
        .expect("logged on")
}

/// Fast timers, so that reconnections take milliseconds.
fn quick(config: Config) -> Config {
    let mut heartbeat = Heartbeat::default();
    heartbeat.interval = Duration::from_millis(100);
    let mut reconnect = ReconnectPolicy::default();
    reconnect.initial_delay = Duration::from_millis(50);
    reconnect.max_delay = Duration::from_millis(200);
    config.heartbeat(heartbeat).reconnect(reconnect)
}

/// Searches the directory for "bond" and waits for the `ContactSheet`.
async fn search_bond(client: &Client, notices: &mut Notices) -> Vec<cti_proto::common::Sheet> {
    client.send(SearchContacts::new("bond")).await.unwrap();
    event(notices, |event| match event {
        Event::ContactSheet(found) => Some(found.sheets),
        _ => None,
    })
    .await
}

fn alice(server: &cti_testserver::TestServer) -> Config {
    Config::new(server.addr().to_string(), "alice", "alice")
}

#[tokio::test]
async fn logs_in_and_searches_the_directory() {
    let server = TestServer::start(Scenario::demo()).await.unwrap();
    let (client, mut notices) = connect(alice(&server)).await;
    let sheets = search_bond(&client, &mut notices).await;
    let bond = sheets
        .iter()
        .find(|s| s.name == "James Bond")
        .expect("Bond");
    let numbers: Vec<_> = bond.details.iter().flat_map(|d| &d.fields).collect();
    assert!(numbers.iter().any(|f| f.data == "1000"), "{bond:?}");
    client.shutdown().await;
    assert_eq!(
        server.stats().violations,
        0,
        "the client sends what xuc expects"
    );
    server.shutdown().await.unwrap();
}

#[tokio::test]
async fn raw_frames_are_told_both_ways_when_asked() {
    let server = TestServer::start(Scenario::demo()).await.unwrap();
    let (client, mut notices) = connect(alice(&server).raw_frames(true)).await;
    // The frame of LoggedOn comes before the notice of it.
    let first = wait_for(&mut notices, Some).await;
    let Notice::Frame(frame) = first else {
        panic!("{first:?}")
    };
    assert_eq!(frame.direction, Direction::ServerToClient);
    let logged_on = cti_proto::decode_event(&frame.text).unwrap().message;
    assert!(matches!(logged_on, Event::LoggedOn(_)), "{}", frame.text);
    assert!(matches!(
        wait_for(&mut notices, Some).await,
        Notice::LoggedOn
    ));

    let search: Command = SearchContacts::new("bond").into();
    client.send(search.clone()).await.unwrap();
    let sent = wait_for(&mut notices, |notice| match notice {
        Notice::Frame(frame) if frame.direction == Direction::ClientToServer => Some(frame.text),
        _ => None,
    })
    .await;
    assert_eq!(sent, cti_proto::encode_command(&search));
    // Each event is told right after its frame, which is the text that decodes to it.
    let mut last = None;
    let (frame, sheet) = wait_for(&mut notices, |notice| match notice {
        Notice::Frame(frame) => {
            last = Some(frame);
            None
        }
        Notice::Event(decoded) if matches!(decoded.message, Event::ContactSheet(_)) => {
            Some((last.take(), decoded.message))
        }
        _ => {
            last = None;
            None
        }
    })
    .await;
    let frame = frame.expect("the frame of ContactSheet, just before it");
    assert_eq!(frame.direction, Direction::ServerToClient);
    assert_eq!(cti_proto::decode_event(&frame.text).unwrap().message, sheet);
    // Debug does not show the text.
    assert!(!format!("{frame:?}").contains("ContactSheet"));
    client.shutdown().await;

    // Off by default.
    let (client, mut notices) = connect(alice(&server)).await;
    client.send(search).await.unwrap();
    let framed = wait_for(&mut notices, |notice| match notice {
        Notice::Frame(_) => Some(true),
        Notice::Event(decoded) if matches!(decoded.message, Event::ContactSheet(_)) => Some(false),
        _ => None,
    })
    .await;
    assert!(!framed, "no frame told without raw_frames");
    client.shutdown().await;
    server.shutdown().await.unwrap();
}

#[tokio::test]
async fn favorites_and_preferences() {
    let server = TestServer::start(Scenario::demo()).await.unwrap();
    let (client, mut notices) = connect(alice(&server)).await;
    let sheets = search_bond(&client, &mut notices).await;
    let source = sheets[0].sources[0].clone();
    let add = AddFavorite::new(source.id.as_str(), source.name.as_str());
    client.send(add).await.unwrap();
    event(&mut notices, |event| match event {
        Event::FavoriteUpdated(updated) => Some(updated),
        _ => None,
    })
    .await;
    client.send(GetFavoriteContacts::new()).await.unwrap();
    let favorites = event(&mut notices, |event| match event {
        Event::FavoriteContactSheet(found) => Some(found.sheets),
        _ => None,
    })
    .await;
    assert!(
        favorites.iter().any(|s| s.name == "James Bond"),
        "{favorites:?}"
    );

    let preference = SetUserPreference::new(
        PreferenceKey::PreferredDevice,
        "TypeDefaultDevice",
        ValueType::String,
    );
    client.send(preference).await.unwrap();
    let preferences = event(&mut notices, |event| match event {
        Event::UserPreference(preferences) => Some(preferences),
        _ => None,
    })
    .await;
    let text = format!("{preferences:?}");
    assert!(text.contains("TypeDefaultDevice"), "{text}");
    client.shutdown().await;
    server.shutdown().await.unwrap();
}

#[tokio::test]
async fn dial_to_release() {
    let server = TestServer::start(Scenario::demo()).await.unwrap();
    let (client, mut notices) = connect(alice(&server)).await;
    client.send(Dial::new("1000")).await.unwrap();
    let dialing = event(&mut notices, |event| match event {
        Event::PhoneEvent(call) => Some(call),
        _ => None,
    })
    .await;
    assert_eq!(dialing.event_type, PhoneEventType::EventDialing);
    client.send(Hangup::new()).await.unwrap();
    event(&mut notices, |event| match event {
        Event::PhoneEvent(call) if call.event_type == PhoneEventType::EventReleased => Some(()),
        _ => None,
    })
    .await;
    client.shutdown().await;
    server.shutdown().await.unwrap();
}

#[tokio::test]
async fn an_answer_is_matched_to_its_request_by_id() {
    let answer = serde_json::json!({
        "msgType": "CustomerCallHistoryResponseWithId",
        "ctiMessage": {"id": 7, "response": {"list": [{"start": "2024-01-02 10:00:00"}]}}
    });
    let mut scenario = Scenario::demo();
    scenario
        .scripts
        .push(Script::new("findCustomerCallHistory", vec![answer]));
    let server = TestServer::start(scenario).await.unwrap();
    let (client, _notices) = connect(alice(&server)).await;
    let request = r#"{"claz":"web","command":"findCustomerCallHistory","id":7,"request":{"filters":[],"size":1}}"#;
    let request: Command = cti_proto::decode_command(request).unwrap().message;
    let answer = tokio::time::timeout(WAIT, client.request(request))
        .await
        .expect("answered in time")
        .expect("answered");
    assert!(
        matches!(answer.message, Event::CustomerCallHistoryResponseWithId(_)),
        "{answer:?}"
    );
    // A command whose answer carries no id is not a request.
    let not_a_request = client.request(Dial::new("1000")).await;
    assert!(matches!(not_a_request, Err(Error::NotARequest(_))));
    client.shutdown().await;
    server.shutdown().await.unwrap();
}

#[tokio::test]
async fn refused_credentials_stop_the_client() {
    let server = TestServer::start(Scenario::demo()).await.unwrap();
    let config = Config::new(server.addr().to_string(), "alice", "not her password");
    let outcome = tokio::time::timeout(WAIT, Client::connect(config))
        .await
        .expect("an answer in time");
    let error = match outcome {
        Err(error @ Error::Stopped(DisconnectReason::LoginRefused(_))) => error,
        other => panic!("expected a refusal, got {other:?}"),
    };
    let Error::Stopped(DisconnectReason::LoginRefused(refusal)) = &error else {
        unreachable!()
    };
    assert_eq!(refusal.error.as_str(), "InvalidCredentials");
    // One line for people, the reason as its source, no Debug text, no password.
    assert_eq!(error.to_string(), "the session stopped before logging on");
    let reason = std::error::Error::source(&error).expect("the reason is the source");
    assert!(
        reason
            .to_string()
            .starts_with("the login was refused: InvalidCredentials"),
        "{reason}"
    );
    assert!(reason.source().is_none());
    let shown = format!("{error} {reason}");
    assert!(
        !shown.contains("LoginError") && !shown.contains("Value("),
        "{shown}"
    );
    assert!(!shown.contains("not her password"), "{shown}");
    server.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_silent_server_makes_the_client_reconnect() {
    // The server answers pings with nothing, and sends nothing else after the login.
    let mut scenario = Scenario::demo();
    scenario.scripts.push(Script::new("ping", Vec::new()));
    let server = TestServer::start(scenario).await.unwrap();
    let (client, mut notices) = connect(quick(alice(&server))).await;
    let retry = wait_for(&mut notices, |notice| match notice {
        Notice::Disconnected {
            reason: DisconnectReason::HeartbeatTimeout,
            retry_at,
        } => Some(retry_at),
        _ => None,
    })
    .await;
    assert!(retry.is_some(), "the client tries again");
    wait_for(&mut notices, |notice| {
        matches!(notice, Notice::LoggedOn).then_some(())
    })
    .await;
    assert!(server.stats().sessions >= 2, "{:?}", server.stats());
    client.shutdown().await;
    server.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_server_restart_makes_the_client_log_in_again() {
    let server = TestServer::start(Scenario::demo()).await.unwrap();
    let addr = server.addr();
    let (client, mut notices) = connect(quick(alice(&server))).await;
    server.shutdown().await.unwrap();
    wait_for(&mut notices, |notice| match notice {
        Notice::Disconnected { retry_at, .. } => retry_at,
        _ => None,
    })
    .await;
    let config = cti_testserver::Config::new(Scenario::demo()).listen(addr);
    let again = TestServer::start(config).await.unwrap();
    wait_for(&mut notices, |notice| {
        matches!(notice, Notice::LoggedOn).then_some(())
    })
    .await;
    // Logged in anew: a REST login and a socket on the new server.
    assert!(again.stats().sessions >= 1, "{:?}", again.stats());
    assert!(!search_bond(&client, &mut notices).await.is_empty());
    client.shutdown().await;
    again.shutdown().await.unwrap();
}
