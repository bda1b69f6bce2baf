//! The test double over real sockets on 127.0.0.1, port 0: each test starts its own
//! server, talks to it as a client would, and shuts it down. Every wait is bounded
//! (`support::STEP`).

mod support;

use std::time::Duration;

use cti_proto::agent::{AgentLogin, AgentLogout, AgentState, PauseAgent, UnpauseAgent};
use cti_proto::common::{ContactAction, PhoneStatus};
use cti_proto::contacts::SearchContacts;
use cti_proto::favorites::{AddFavorite, FavoriteAction, GetFavoriteContacts, RemoveFavorite};
use cti_proto::login::{AuthErrorCode, LoginAnswer};
use cti_proto::login::{LoggedOnErrorCode, Ping};
use cti_proto::phone::{Answer, Dial, Hangup, Hold, PhoneEvent, PhoneEventType};
use cti_proto::user::{PreferenceKey, SetUserPreference, ValueType};
use cti_proto::{Decoder, ErrorKind, Event, EventKind};
use cti_testserver::scenario::Script;
use cti_testserver::{Config, Scenario, TestServer};
use support::*;

async fn demo() -> cti_testserver::TestServer {
    TestServer::start(Scenario::demo()).await.expect("starts")
}

#[tokio::test]
async fn rest_login_answers_a_token_and_refuses_bad_credentials() {
    let server = demo().await;
    let (status, answer) = login_answer(&server, "alice", "alice").await;
    assert_eq!(status, 200);
    let LoginAnswer::Token(ok) = answer else {
        panic!("{answer:?}")
    };
    assert_eq!(ok.login, "alice");
    assert_eq!(ok.ttl.value(), Some(&3600));
    assert!(ok.token.expose().len() >= 32);

    // The token checks, with the time it has left.
    let bearer = format!("Bearer {}", ok.token.expose());
    let check = http(
        server.addr(),
        "GET",
        "/xuc/api/2.0/auth/check",
        &[("Authorization", &bearer)],
        "",
    )
    .await;
    assert_eq!(check.status, 200, "{}", check.body);
    let LoginAnswer::Token(checked) = LoginAnswer::from_json(&check.body).unwrap() else {
        panic!("{}", check.body)
    };
    assert_eq!(checked.token, ok.token);

    for (login, password) in [("alice", "wrong"), ("nobody", "alice")] {
        let (status, answer) = login_answer(&server, login, password).await;
        assert_eq!(status, 401);
        let LoginAnswer::Error(error) = answer else {
            panic!("{answer:?}")
        };
        assert_eq!(error.error, AuthErrorCode::InvalidCredentials);
        assert_eq!(
            error.message.as_deref(),
            Some("Invalid username or password")
        );
    }
    let bad = http(
        server.addr(),
        "POST",
        "/xuc/api/2.0/auth/login",
        &[],
        "{\"login\":",
    )
    .await;
    assert_eq!(bad.status, 400);
    let LoginAnswer::Error(error) = LoginAnswer::from_json(&bad.body).unwrap() else {
        panic!("{}", bad.body)
    };
    assert_eq!(error.error, AuthErrorCode::InvalidJson);
    let unknown = http(
        server.addr(),
        "GET",
        "/xuc/api/2.0/auth/check",
        &[("Authorization", "Bearer nope")],
        "",
    )
    .await;
    assert_eq!(unknown.status, 401);
    assert_eq!(server.stats().refused_logins, 2);
    server.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_bad_token_gets_logged_on_error_then_a_close() {
    let server = demo().await;
    let mut socket = connect(&server, "not-a-token").await;
    let Event::LoggedOnError(error) = expect(&mut socket, EventKind::LoggedOnError).await else {
        unreachable!()
    };
    assert_eq!(error.error, LoggedOnErrorCode::LoggedOnFailed);
    assert_eq!(
        expect_close(&mut socket).await.as_deref(),
        Some("loggedOnFailed")
    );
    assert_eq!(server.stats().refused_logins, 1);
    server.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_valid_token_gets_logged_on_then_the_pushes() {
    let server = demo().await;
    let token = token(&server, "alice", "alice").await;
    let mut socket = connect(&server, &token).await;
    let mut kinds = Vec::new();
    for _ in 0..7 {
        let event = next_event(&mut socket).await;
        match &event {
            Event::UserConfigUpdate(config) => {
                // Whole: the web client takes it as the user record (fullName not null).
                assert_eq!(config.full_name.as_deref(), Some("Alice Johnson"));
                assert_eq!(config.user_id.value(), Some(&9));
                assert_eq!(config.agent_id.value(), Some(&22));
                assert_eq!(config.dnd_enabled.value(), Some(&false));
            }
            Event::CtiStatuses(statuses) => assert_eq!(statuses.0.len(), 7),
            Event::RightProfile(profile) => assert_eq!(profile.profile, "User"),
            Event::UserPreference(preferences) => assert_eq!(preferences.preferences.len(), 2),
            Event::PhoneStatusUpdate(status) => {
                assert_eq!(status.phone_status(), Some(PhoneStatus::Available))
            }
            _ => {}
        }
        kinds.push(event.kind().unwrap());
    }
    assert_eq!(
        kinds,
        [
            EventKind::LoggedOn,
            EventKind::UserConfigUpdate,
            EventKind::CtiStatuses,
            EventKind::UsersStatuses,
            EventKind::RightProfile,
            EventKind::UserPreference,
            EventKind::PhoneStatusUpdate,
        ]
    );
    server.shutdown().await.unwrap();
}

/// The seed's James Bond sheet, from the conformance suite's fixture.
fn seed_bond() -> cti_proto::common::Sheet {
    let fixture = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/server/ContactSheet/seed.fixture"
    ))
    .unwrap();
    let (_, frame) = fixture.split_once("\n---\n").unwrap();
    let Event::ContactSheet(sheet) = Decoder::strict().decode_event(frame).unwrap().message else {
        panic!("not a ContactSheet")
    };
    sheet.sheets[0].clone()
}

#[tokio::test]
async fn search_contacts_finds_james_bond_as_the_seed_shows_him() {
    let server = demo().await;
    let mut socket = alice(&server).await;
    send(&mut socket, SearchContacts::new("bond")).await;
    let Event::ContactSheet(sheet) = expect(&mut socket, EventKind::ContactSheet).await else {
        unreachable!()
    };
    assert_eq!(sheet.sheets.len(), 1);
    let bond = &sheet.sheets[0];
    assert_eq!(bond.name, "James Bond");
    assert_eq!(bond.actions[0].action, ContactAction::Call);
    assert_eq!(bond.actions[0].args, ["1000"]);
    assert_eq!(bond, &seed_bond());
    // "you will both receive ... CONTACTSHEET ... and the old DIRECTORYRESULT".
    let Event::DirectoryResult(rows) = expect(&mut socket, EventKind::DirectoryResult).await else {
        unreachable!()
    };
    assert_eq!(rows.entries.len(), 1);
    assert_eq!(rows.entries[0].entry[2], "1000");
    // Any case, any field: the number too.
    send(&mut socket, SearchContacts::new("100")).await;
    let Event::ContactSheet(sheet) = expect(&mut socket, EventKind::ContactSheet).await else {
        unreachable!()
    };
    assert_eq!(sheet.sheets.len(), 4);
    assert_eq!(server.stats().violations, 0);
    server.shutdown().await.unwrap();
}

#[tokio::test]
async fn favorites_are_added_listed_and_removed() {
    let mut scenario = Scenario::demo();
    scenario.deprecated_companions = false;
    let server = TestServer::start(scenario).await.unwrap();
    let mut socket = alice(&server).await;
    send(&mut socket, GetFavoriteContacts::new()).await;
    let Event::FavoriteContactSheet(none) =
        expect(&mut socket, EventKind::FavoriteContactSheet).await
    else {
        unreachable!()
    };
    assert!(none.sheets.is_empty());

    send(&mut socket, AddFavorite::new("2", "internal")).await;
    let Event::FavoriteUpdated(added) = expect(&mut socket, EventKind::FavoriteUpdated).await
    else {
        unreachable!()
    };
    assert_eq!(added.action.value(), Some(&FavoriteAction::Added));
    assert_eq!(added.contact_id.value().map(|id| id.as_str()), Some("2"));
    assert_eq!(added.source.as_deref(), Some("internal"));

    send(&mut socket, GetFavoriteContacts::new()).await;
    let Event::FavoriteContactSheet(one) =
        expect(&mut socket, EventKind::FavoriteContactSheet).await
    else {
        unreachable!()
    };
    assert_eq!(one.sheets.len(), 1);
    assert_eq!(one.sheets[0].name, "James Bond");
    assert!(one.sheets[0].is_favorite);

    // Favorites belong to the user: a new connection sees them.
    let mut again = alice(&server).await;
    send(&mut again, SearchContacts::new("bond")).await;
    let Event::ContactSheet(found) = expect(&mut again, EventKind::ContactSheet).await else {
        unreachable!()
    };
    assert!(found.sheets[0].is_favorite);

    send(&mut socket, RemoveFavorite::new("2", "internal")).await;
    let Event::FavoriteUpdated(removed) = expect(&mut socket, EventKind::FavoriteUpdated).await
    else {
        unreachable!()
    };
    assert_eq!(removed.action.value(), Some(&FavoriteAction::Removed));
    send(&mut socket, AddFavorite::new("99", "internal")).await;
    expect(&mut socket, EventKind::Error).await;
    server.shutdown().await.unwrap();
}

#[tokio::test]
async fn set_user_preference_is_echoed_and_kept() {
    let server = demo().await;
    let mut socket = alice(&server).await;
    let set = SetUserPreference::new(
        PreferenceKey::PreferredDevice,
        "TypeDefaultDevice",
        ValueType::String,
    );
    send(&mut socket, set).await;
    let Event::UserPreference(echo) = expect(&mut socket, EventKind::UserPreference).await else {
        unreachable!()
    };
    assert_eq!(echo.preferences.len(), 1);
    assert_eq!(echo.preferences[0].key, PreferenceKey::PreferredDevice);
    assert_eq!(echo.preferences[0].value, "TypeDefaultDevice");
    assert_eq!(echo.preferences[0].value_type, ValueType::String);

    // The next login's push has it.
    let token = token(&server, "alice", "alice").await;
    let mut again = connect(&server, &token).await;
    let all = loop {
        if let Event::UserPreference(all) = next_event(&mut again).await {
            break all;
        }
    };
    assert_eq!(
        all.preferred_device(),
        Some(cti_proto::user::PreferredDevice::TypeDefaultDevice)
    );
    assert_eq!(all.mobile_app_info(), Some(true));
    server.shutdown().await.unwrap();
}

fn phone(event: Event) -> PhoneEvent {
    match event {
        Event::PhoneEvent(phone) => *phone,
        other => panic!("expected a PhoneEvent, got {other:?}"),
    }
}

#[tokio::test]
async fn a_call_goes_from_dial_to_hangup() {
    let mut scenario = Scenario::demo();
    scenario.phone.remote_answer_ms = Some(20);
    let server = TestServer::start(scenario).await.unwrap();
    let mut socket = alice(&server).await;

    send(&mut socket, Dial::new("1000")).await;
    let dialing = phone(next_event(&mut socket).await);
    assert_eq!(dialing.event_type, PhoneEventType::EventDialing);
    assert_eq!(dialing.dn, "1001");
    assert_eq!(dialing.other_dn.as_deref(), Some("1000"));
    assert_eq!(dialing.other_d_name.as_deref(), Some("James Bond"));
    assert_eq!(dialing.linked_id, dialing.unique_id);
    let established = phone(next_event(&mut socket).await);
    assert_eq!(established.event_type, PhoneEventType::EventEstablished);
    assert_eq!(established.unique_id, dialing.unique_id);

    // The heartbeat answer tells the phone's state: busy.
    send(&mut socket, Ping::new()).await;
    let Event::PhoneStatusUpdate(status) = expect(&mut socket, EventKind::PhoneStatusUpdate).await
    else {
        unreachable!()
    };
    assert_eq!(status.phone_status(), Some(PhoneStatus::Busy));

    send(&mut socket, Hold::new()).await;
    let held = phone(next_event(&mut socket).await);
    assert_eq!(held.event_type, PhoneEventType::EventOnHold);
    send(&mut socket, Hold::new()).await;
    assert_eq!(
        phone(next_event(&mut socket).await).event_type,
        PhoneEventType::EventEstablished
    );
    send(&mut socket, Hangup::new()).await;
    let released = phone(next_event(&mut socket).await);
    assert_eq!(released.event_type, PhoneEventType::EventReleased);
    assert_eq!(released.unique_id, dialing.unique_id);
    // No call left: another hangup has no answer, and the phone is available.
    send(&mut socket, Hangup::new()).await;
    send(&mut socket, Ping::new()).await;
    let Event::PhoneStatusUpdate(status) = expect(&mut socket, EventKind::PhoneStatusUpdate).await
    else {
        unreachable!()
    };
    assert_eq!(status.phone_status(), Some(PhoneStatus::Available));
    server.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_hangup_before_the_far_end_answers_leaves_no_established() {
    let mut scenario = Scenario::demo();
    scenario.phone.remote_answer_ms = Some(200);
    let server = TestServer::start(scenario).await.unwrap();
    let mut socket = alice(&server).await;
    send(&mut socket, Dial::new("1002")).await;
    let dialing = phone(next_event(&mut socket).await);
    send(&mut socket, Hangup::new()).await;
    let released = phone(next_event(&mut socket).await);
    assert_eq!(released.event_type, PhoneEventType::EventReleased);
    assert_eq!(released.unique_id, dialing.unique_id);
    // Past the far end's answer: the next frame is the ping's answer.
    tokio::time::sleep(Duration::from_millis(250)).await;
    send(&mut socket, Ping::new()).await;
    expect(&mut socket, EventKind::PhoneStatusUpdate).await;
    server.shutdown().await.unwrap();
}

#[tokio::test]
async fn an_incoming_call_rings_and_is_answered() {
    let server = demo().await;
    let mut socket = alice(&server).await;
    assert_eq!(server.ring("alice", "0427466347"), 1);
    assert_eq!(server.ring("nobody", "0427466347"), 0);
    let ringing = phone(next_event(&mut socket).await);
    assert_eq!(ringing.event_type, PhoneEventType::EventRinging);
    assert_eq!(ringing.dn, "1001");
    send(&mut socket, Answer::new()).await;
    let established = phone(next_event(&mut socket).await);
    assert_eq!(established.event_type, PhoneEventType::EventEstablished);
    assert_eq!(established.unique_id, ringing.unique_id);
    server.shutdown().await.unwrap();
}

#[tokio::test]
async fn an_agent_logs_in_pauses_and_logs_out() {
    let server = demo().await;
    let mut socket = alice(&server).await;
    let agent = |event: Event| match event {
        Event::AgentStateEvent(state) => *state,
        other => panic!("expected an AgentStateEvent, got {other:?}"),
    };
    send(
        &mut socket,
        AgentLogin::new(cti_proto::SmolStr::from("1001")),
    )
    .await;
    let login = agent(next_event(&mut socket).await);
    assert_eq!(login.name.value(), Some(&AgentState::AgentLogin));
    assert_eq!(login.agent_id.value(), Some(&22));
    assert_eq!(login.phone_nb.as_deref(), Some("1001"));
    let ready = agent(next_event(&mut socket).await);
    assert_eq!(ready.name.value(), Some(&AgentState::AgentReady));

    let mut pause = PauseAgent::new();
    pause.reason = cti_proto::SmolStr::from("outtolunch").into();
    send(&mut socket, pause).await;
    let paused = agent(next_event(&mut socket).await);
    assert_eq!(paused.name.value(), Some(&AgentState::AgentOnPause));
    assert_eq!(paused.cause.as_deref(), Some("outtolunch"));
    send(&mut socket, UnpauseAgent::new()).await;
    let ready = agent(next_event(&mut socket).await);
    assert_eq!(ready.name.value(), Some(&AgentState::AgentReady));
    send(&mut socket, AgentLogout::new()).await;
    let out = agent(next_event(&mut socket).await);
    assert_eq!(out.name.value(), Some(&AgentState::AgentLoggedOut));
    assert!(out.since.is_absent());

    send(
        &mut socket,
        AgentLogin::new(cti_proto::SmolStr::from("9999")),
    )
    .await;
    let Event::AgentError(error) = expect(&mut socket, EventKind::AgentError).await else {
        unreachable!()
    };
    assert_eq!(
        error.error,
        cti_proto::agent::AgentErrorCode::PhoneNumberUnknown
    );
    server.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_pinging_client_stays_and_a_silent_one_is_closed() {
    let tick = Duration::from_millis(100);
    let config = Config::default().heartbeat(tick, 3);
    let server = TestServer::start(config).await.unwrap();
    let mut socket = alice(&server).await;

    // The client of cti.js: a ping every tick; each tick with no frame received since
    // the last one is a miss; 3 in a row and it would give up.
    let mut missed = 0;
    for _ in 0..8 {
        tokio::time::sleep(tick).await;
        let mut heard = false;
        while let Ok(Some(Ok(message))) =
            tokio::time::timeout(Duration::ZERO, futures_util::StreamExt::next(&mut socket)).await
        {
            assert!(message.is_text(), "{message:?}");
            heard = true;
        }
        missed = if heard { 0 } else { missed + 1 };
        assert!(missed < 3, "the client would have given up");
        send(&mut socket, Ping::new()).await;
    }

    // Silent from now on: the server's 4th tick finds 3 missed and closes.
    let started = tokio::time::Instant::now();
    let reason = loop {
        match next_message(&mut socket).await {
            Some(tokio_tungstenite::tungstenite::Message::Text(_)) => continue,
            Some(tokio_tungstenite::tungstenite::Message::Close(frame)) => {
                break frame.map(|f| f.reason.to_string())
            }
            other => panic!("{other:?}"),
        }
    };
    assert_eq!(reason.as_deref(), Some("no frame received (heartbeat)"));
    let waited = started.elapsed();
    assert!(waited >= tick * 2, "closed too early: {waited:?}");
    assert!(
        waited < Duration::from_secs(2),
        "closed too late: {waited:?}"
    );
    server.shutdown().await.unwrap();
}

#[tokio::test]
async fn malformed_and_unknown_frames_are_counted_and_survived() {
    let server = demo().await;
    let mut socket = alice(&server).await;
    send_text(&mut socket, "this is not JSON").await;
    send_text(&mut socket, r#"{"claz":"web","command":"dial"}"#).await; // no destination
    send_text(
        &mut socket,
        r#"{"claz":"web","command":"noSuchCommand","x":1}"#,
    )
    .await;
    futures_util::SinkExt::send(
        &mut socket,
        tokio_tungstenite::tungstenite::Message::binary(vec![1, 2, 3]),
    )
    .await
    .unwrap();
    // Deprecated: refused by strict decoding, and still answered.
    send_text(&mut socket, r#"{"claz":"web","command":"getFavorites"}"#).await;
    expect(&mut socket, EventKind::Favorites).await;
    send(&mut socket, Ping::new()).await;
    expect(&mut socket, EventKind::PhoneStatusUpdate).await;
    let stats = server.stats();
    assert_eq!(stats.violations, 5, "{stats:?}");
    assert_eq!(stats.malformed, 2, "{stats:?}");
    server.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_scenario_file_scripts_answers() {
    let scenario = r#"{
        "users": [{"login": "bob", "password": "pw", "phoneNumber": "1002"}],
        "directory": [{"id": "2", "firstName": "James", "lastName": "Bond", "number": "1000"}],
        "phone": {"remoteAnswerMs": null},
        "scripts": [
            {"command": "dial", "args": {"destination": "3000"}, "delayMs": 30,
             "frames": [{"msgType": "Error", "ctiMessage": {"Error": "NoRoute"}}]},
            {"command": "dial", "args": {"variables": {"USR_ticket": "42"}}, "keepBuiltIn": true,
             "frames": [{"msgType": "Sheet", "ctiMessage": {"payload": {"profile": {"user": {"sheetInfo": [{"name": "folderNumber", "value": "42"}]}}}}}]},
            {"command": "getWeather",
             "frames": [{"msgType": "RightProfile", "ctiMessage": {"profile": "Weatherman"}}]}
        ]
    }"#;
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("scripted.json");
    std::fs::write(&path, scenario).unwrap();
    let server = TestServer::start(Scenario::load(&path).unwrap())
        .await
        .unwrap();
    let token = token(&server, "bob", "pw").await;
    let mut socket = connect(&server, &token).await;
    welcome(&mut socket).await;
    // The script replaces the built-in answer, after its delay.
    let started = tokio::time::Instant::now();
    send(&mut socket, Dial::new("3000")).await;
    let Event::Error(error) = expect(&mut socket, EventKind::Error).await else {
        unreachable!()
    };
    assert_eq!(error.error.as_deref(), Some("NoRoute"));
    assert!(started.elapsed() >= Duration::from_millis(30));
    // Other arguments: the built-in answer (the far end never answers here).
    send(&mut socket, Dial::new("1000")).await;
    assert_eq!(
        phone(next_event(&mut socket).await).event_type,
        PhoneEventType::EventDialing
    );
    // A subset of the variables matches; the built-in answer comes first.
    let mut with_ticket = Dial::new("1000");
    with_ticket.variables = [("USR_ticket", "42"), ("USR_other", "x")]
        .into_iter()
        .collect::<cti_proto::common::Variables>()
        .into();
    send(&mut socket, with_ticket).await;
    assert_eq!(
        phone(next_event(&mut socket).await).event_type,
        PhoneEventType::EventDialing
    );
    let Event::Sheet(sheet) = expect(&mut socket, EventKind::Sheet).await else {
        unreachable!()
    };
    assert_eq!(sheet.field("folderNumber"), Some("42"));
    // A command cti-proto does not know: a violation, and still scripted.
    send_text(&mut socket, r#"{"claz":"web","command":"getWeather"}"#).await;
    expect(&mut socket, EventKind::RightProfile).await;
    assert_eq!(server.stats().violations, 1);
    server.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_script_can_answer_the_heartbeat() {
    let mut scenario = Scenario::demo();
    let pong =
        serde_json::json!({"msgType": "VoiceMailStatusUpdate", "ctiMessage": {"newMessages": 1}});
    scenario.scripts.push(Script::new("ping", vec![pong]));
    let server = TestServer::start(scenario).await.unwrap();
    let mut socket = alice(&server).await;
    send(&mut socket, Ping::new()).await;
    expect(&mut socket, EventKind::VoiceMailStatusUpdate).await;
    server.shutdown().await.unwrap();
}

#[tokio::test]
async fn scenarios_with_frames_the_crate_refuses_do_not_start() {
    let mut scenario = Scenario::demo();
    let bad = serde_json::json!({"msgType": "PhoneEvent", "ctiMessage": {"eventType": "EventDialing", "DN": "1", "linkedId": "1", "uniqueId": "1", "userData": null}});
    scenario.scripts.push(Script::new("dial", vec![bad]));
    let error = TestServer::start(scenario).await.unwrap_err();
    assert!(
        error.to_string().contains("scripts[0].frames[0]"),
        "{error}"
    );
    let mut scenario = Scenario::demo();
    scenario.directory[0].phone_status = 17;
    let error = TestServer::start(scenario).await.unwrap_err();
    assert!(error.to_string().contains("directory"), "{error}");
}

#[tokio::test]
async fn the_record_holds_both_directions_and_decodes_strictly() {
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("session.har");
    let _ = std::fs::remove_file(&path);
    let server = TestServer::start(Config::default().record(&path))
        .await
        .unwrap();
    let token = token(&server, "alice", "alice").await;
    let mut socket = connect(&server, &token).await;
    welcome(&mut socket).await;
    send(&mut socket, SearchContacts::new("bond")).await;
    expect(&mut socket, EventKind::ContactSheet).await;
    expect(&mut socket, EventKind::DirectoryResult).await;
    send(&mut socket, Dial::new("1000")).await;
    expect(&mut socket, EventKind::PhoneEvent).await;
    expect(&mut socket, EventKind::PhoneEvent).await;
    send(&mut socket, Hangup::new()).await;
    expect(&mut socket, EventKind::PhoneEvent).await;
    // Shutting down closes the connection, with a close frame.
    let stopping = tokio::spawn(server.shutdown());
    assert_eq!(
        expect_close(&mut socket).await.as_deref(),
        Some("server shutting down")
    );
    bounded("shutdown", stopping).await.unwrap().unwrap();

    let text = std::fs::read_to_string(&path).unwrap();
    assert!(!text.contains(&token), "the token is in the record");
    let har: serde_json::Value = serde_json::from_str(&text).unwrap();
    let entries = har["log"]["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["_resourceType"], "websocket");
    let (mut sent, mut received) = (0, 0);
    for message in entries[0]["_webSocketMessages"].as_array().unwrap() {
        let data = message["data"].as_str().unwrap();
        match message["type"].as_str().unwrap() {
            "send" => {
                Decoder::strict().decode_command(data).unwrap();
                sent += 1;
            }
            "receive" => {
                match Decoder::strict().decode_event(data) {
                    Ok(_) => {}
                    // Only the deprecated companions (UsersStatuses, DirectoryResult).
                    Err(e) if e.kind() == ErrorKind::Deprecated => {}
                    Err(e) => panic!("{data}: {e}"),
                }
                received += 1;
            }
            other => panic!("{other}"),
        }
    }
    assert_eq!((sent, received), (3, 7 + 2 + 3));
}

#[tokio::test]
async fn the_server_binds_the_address_given() {
    // Port 0 on the loopback address, given explicitly.
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
    let server = TestServer::start(Config::default().listen(addr))
        .await
        .unwrap();
    assert_eq!(server.addr().ip(), addr.ip());
    assert_ne!(server.addr().port(), 0);
    // Taken: a second server on the same port fails to start.
    let taken = Config::default().listen(server.addr());
    assert!(matches!(
        TestServer::start(taken).await,
        Err(cti_testserver::Error::Bind(..))
    ));
    server.shutdown().await.unwrap();
}

#[tokio::test]
async fn user_commands_get_their_answers() {
    use cti_proto::login::{ConfigObjectType, GetConfig, GetList, ListObjectType};
    use cti_proto::user::{ChangeUserStatus, DisplayNameLookup, Dnd, NaFwd};

    let server = demo().await;
    let mut socket = alice(&server).await;

    send(&mut socket, DisplayNameLookup::new("jbond")).await;
    let Event::UserDisplayName(name) = expect(&mut socket, EventKind::UserDisplayName).await else {
        unreachable!()
    };
    let name = name.payload.to_value().unwrap();
    assert_eq!(name["displayName"], "James Bond");
    send(&mut socket, DisplayNameLookup::new("nobody")).await;
    expect(&mut socket, EventKind::Error).await;

    // Deprecated, so a violation; answered all the same.
    send(&mut socket, ChangeUserStatus::new("away")).await;
    let Event::UserStatusUpdate(status) = expect(&mut socket, EventKind::UserStatusUpdate).await
    else {
        unreachable!()
    };
    assert_eq!(status.status.as_deref(), Some("away"));

    // Partial updates: `null` for what did not change (CLIENTS.md §5).
    send(&mut socket, Dnd::new(true)).await;
    let Event::UserConfigUpdate(dnd) = expect(&mut socket, EventKind::UserConfigUpdate).await
    else {
        unreachable!()
    };
    assert_eq!(dnd.dnd_enabled.value(), Some(&true));
    assert!(dnd.full_name.is_null());
    assert!(dnd.na_fwd_destination.is_null());
    send(&mut socket, NaFwd::new(true, "1002")).await;
    let Event::UserConfigUpdate(fwd) = expect(&mut socket, EventKind::UserConfigUpdate).await
    else {
        unreachable!()
    };
    assert_eq!(fwd.na_fwd_enabled.value(), Some(&true));
    assert_eq!(fwd.na_fwd_destination.as_deref(), Some("1002"));
    assert!(fwd.unc_fwd_destination.is_null());
    assert_eq!(fwd.dnd_enabled.value(), Some(&true));

    send(&mut socket, GetConfig::new(ConfigObjectType::Line)).await;
    let Event::LineConfig(line) = expect(&mut socket, EventKind::LineConfig).await else {
        unreachable!()
    };
    assert_eq!(line.id.as_deref(), Some("5"));
    send(&mut socket, GetList::new(ListObjectType::Queue)).await;
    let Event::QueueList(queues) = expect(&mut socket, EventKind::QueueList).await else {
        unreachable!()
    };
    assert_eq!(queues.0[0].name, "bluesky");

    send(&mut socket, Dial::new("1003")).await;
    expect(&mut socket, EventKind::PhoneEvent).await;
    send(
        &mut socket,
        cti_proto::phone::GetCurrentCallsPhoneEvents::new(),
    )
    .await;
    // The far end may answer first.
    let current = loop {
        if let Event::CurrentCallsPhoneEvents(current) = next_event(&mut socket).await {
            break current;
        }
    };
    assert_eq!(current.events.len(), 1);
    assert_eq!(current.events[0].other_dn.as_deref(), Some("1003"));
    assert_eq!(server.stats().violations, 1);
    server.shutdown().await.unwrap();
}

/// A server that cannot start says why in one line, the IO error as its source.
#[tokio::test]
async fn a_taken_address_is_one_line_with_its_cause() {
    let server = demo().await;
    let taken = server.addr();
    let error = TestServer::start(Config::new(Scenario::demo()).listen(taken))
        .await
        .expect_err("the address is taken");
    assert_eq!(error.to_string(), format!("cannot listen on {taken}"));
    let cause = std::error::Error::source(&error).expect("the IO error");
    assert!(cause.downcast_ref::<std::io::Error>().is_some(), "{cause}");
    let error = TestServer::start(Config::new(Scenario::demo()).allow_origin("a\nb"))
        .await
        .expect_err("not a header value");
    assert_eq!(error.to_string(), "not an origin (a header value): `a\\nb`");
    server.shutdown().await.unwrap();
}
