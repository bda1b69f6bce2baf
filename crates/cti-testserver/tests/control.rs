//! The control API (`/_cti/...`, `Config::control`) over real sockets on 127.0.0.1, port
//! 0: what a test in another language does with curl. Every wait is bounded
//! (`support::STEP`).

mod support;

use cti_proto::agent::AgentState;
use cti_proto::phone::{Answer, PhoneEventType};
use cti_proto::{Event, EventKind};
use cti_testserver::{Config, Limits, Scenario, TestServer};
use serde_json::{json, Value};
use support::*;

async fn start(control: bool, limits: Limits) -> TestServer {
    let config = Config::new(Scenario::demo())
        .control(control)
        .limits(limits);
    TestServer::start(config).await.expect("starts")
}

/// `POST path` with a JSON body: the status and the answer's JSON (its text when it is
/// not JSON, as the body limit's `413`).
async fn post(server: &TestServer, path: &str, body: &str) -> (u16, Value) {
    let response = http(
        server.addr(),
        "POST",
        path,
        &[("Content-Type", "application/json")],
        body,
    )
    .await;
    let answer = serde_json::from_str(&response.body).unwrap_or(Value::String(response.body));
    (response.status, answer)
}

#[tokio::test]
async fn ring_reaches_the_users_connections_and_answer_picks_it_up() {
    let server = start(true, Limits::default()).await;
    let ring = json!({ "login": "alice", "caller": "0427466347", "callerName": "Jane" });
    // Known but not connected yet: 0, which a test may wait for.
    let (status, answer) = post(&server, "/_cti/ring", &ring.to_string()).await;
    assert_eq!((status, &answer["sessions"]), (200, &json!(0)), "{answer}");
    let mut socket = alice(&server).await;
    let (status, answer) = post(&server, "/_cti/ring", &ring.to_string()).await;
    assert_eq!((status, &answer["sessions"]), (200, &json!(1)), "{answer}");
    let Event::PhoneEvent(ringing) = expect(&mut socket, EventKind::PhoneEvent).await else {
        unreachable!()
    };
    assert_eq!(ringing.event_type, PhoneEventType::EventRinging);
    assert_eq!(ringing.dn, "1001");
    assert_eq!(ringing.other_dn.as_deref(), Some("0427466347"));
    assert_eq!(ringing.other_d_name.as_deref(), Some("Jane"));
    assert_eq!(answer["uniqueId"], json!(ringing.unique_id.as_str()));
    // The call is the connection's: `answer` picks it up.
    send(&mut socket, Answer::new()).await;
    let Event::PhoneEvent(established) = expect(&mut socket, EventKind::PhoneEvent).await else {
        unreachable!()
    };
    assert_eq!(established.event_type, PhoneEventType::EventEstablished);
    assert_eq!(established.unique_id, ringing.unique_id);
    // A login not in the scenario is a 404 (never a connection), not a 0.
    let (status, answer) = post(
        &server,
        "/_cti/ring",
        r#"{"login":"nobody","caller":"1000"}"#,
    )
    .await;
    assert_eq!(status, 404, "{answer}");
    assert_eq!(answer["error"], "UnknownUser");
    // A misspelt field is refused, not ignored.
    let (status, answer) = post(&server, "/_cti/ring", r#"{"login":"alice","caler":"1000"}"#).await;
    assert_eq!(status, 400, "{answer}");
    assert_eq!(answer["error"], "InvalidJson");
    assert!(
        answer["message"].as_str().unwrap().contains("caler"),
        "{answer}"
    );
    bounded("shutdown", server.shutdown()).await.unwrap();
}

#[tokio::test]
async fn push_sends_any_event_and_refuses_a_bad_one_naming_the_field() {
    let server = start(true, Limits::default()).await;
    let mut socket = alice(&server).await;
    let good = json!({
        "login": "alice",
        "event": {"msgType": "QueueStatistics", "ctiMessage": {"queueId": 1, "counters": [{"statName": "WaitingCalls", "value": 2}]}}
    });
    let (status, answer) = post(&server, "/_cti/push", &good.to_string()).await;
    assert_eq!((status, answer), (200, json!({ "sessions": 1 })));
    let Event::QueueStatistics(statistics) = expect(&mut socket, EventKind::QueueStatistics).await
    else {
        unreachable!()
    };
    assert_eq!(statistics.counters[0].stat_name.as_str(), "WaitingCalls");
    // A string where the client compares a number with `=== 0`.
    let bad = json!({
        "login": "alice",
        "event": {"msgType": "QueueStatistics", "ctiMessage": {"queueId": 1, "counters": [{"statName": "WaitingCalls", "value": "2"}]}}
    });
    let (status, answer) = post(&server, "/_cti/push", &bad.to_string()).await;
    assert_eq!(status, 400, "{answer}");
    assert_eq!(answer["error"], "InvalidEvent");
    let message = answer["message"].as_str().unwrap();
    assert!(
        message.contains("at /ctiMessage/counters/0/value"),
        "{message}"
    );
    assert!(!message.contains('\n'), "one line: {message}");
    // Nothing was sent for it: the next frame is the ring that follows.
    post(
        &server,
        "/_cti/ring",
        r#"{"login":"alice","caller":"1000"}"#,
    )
    .await;
    expect(&mut socket, EventKind::PhoneEvent).await;
    let (status, _) = post(&server, "/_cti/push", r#"{"login":"alice","event":"#).await;
    assert_eq!(status, 400);
    bounded("shutdown", server.shutdown()).await.unwrap();
}

#[tokio::test]
async fn agent_and_queue_routes_send_what_the_web_client_reads() {
    let server = start(true, Limits::default()).await;
    let mut socket = alice(&server).await;
    let (status, answer) = post(
        &server,
        "/_cti/agent",
        r#"{"login":"alice","state":"AgentOnPause","cause":"lunch"}"#,
    )
    .await;
    assert_eq!((status, answer), (200, json!({ "sessions": 1 })));
    let Event::AgentStateEvent(agent) = expect(&mut socket, EventKind::AgentStateEvent).await
    else {
        unreachable!()
    };
    assert_eq!(agent.name.value(), Some(&AgentState::AgentOnPause));
    assert_eq!(agent.agent_id.value(), Some(&22));
    assert_eq!(agent.phone_nb.as_deref(), Some("1001"));
    assert_eq!(agent.cause.as_deref(), Some("lunch"));
    assert_eq!(agent.since.value(), Some(&0));
    let (status, answer) = post(
        &server,
        "/_cti/agent",
        r#"{"login":"alice","state":"AgentAsleep"}"#,
    )
    .await;
    assert_eq!(status, 400, "{answer}");
    assert!(
        answer["message"].as_str().unwrap().contains("AgentAsleep"),
        "{answer}"
    );
    // Without `login`: every connection.
    let mut second = alice(&server).await;
    let (status, answer) = post(
        &server,
        "/_cti/queue",
        r#"{"queueId":1,"counters":[{"statName":"AvailableAgents","value":3}]}"#,
    )
    .await;
    assert_eq!((status, answer), (200, json!({ "sessions": 2 })));
    for socket in [&mut socket, &mut second] {
        let Event::QueueStatistics(statistics) = expect(socket, EventKind::QueueStatistics).await
        else {
            unreachable!()
        };
        assert_eq!(statistics.queue_id.value(), Some(&1));
        assert_eq!(statistics.counters[0].stat_name.as_str(), "AvailableAgents");
    }
    let (status, answer) = post(
        &server,
        "/_cti/queue",
        r#"{"login":"alice","queueId":1,"counters":[{"statName":"EWT"}]}"#,
    )
    .await;
    assert_eq!(status, 400, "{answer}");
    assert!(
        answer["message"]
            .as_str()
            .unwrap()
            .contains("missing field `value` at /ctiMessage/counters/0"),
        "{answer}"
    );
    bounded("shutdown", server.shutdown()).await.unwrap();
}

#[tokio::test]
async fn without_control_the_routes_are_absent() {
    let server = start(false, Limits::default()).await;
    let mut socket = alice(&server).await;
    for path in ["/_cti/ring", "/_cti/agent", "/_cti/queue", "/_cti/push"] {
        let (status, _) = post(&server, path, r#"{"login":"alice","caller":"1000"}"#).await;
        assert_eq!(status, 404, "{path}");
    }
    // Nothing reached the client: the next frame is the answer to a ping.
    send(&mut socket, cti_proto::login::Ping::new()).await;
    expect(&mut socket, EventKind::PhoneStatusUpdate).await;
    bounded("shutdown", server.shutdown()).await.unwrap();
}

#[tokio::test]
async fn a_control_body_over_the_limit_is_refused() {
    let mut limits = Limits::default();
    limits.max_body = 256;
    let server = start(true, limits).await;
    let mut socket = alice(&server).await;
    let name = "x".repeat(300);
    let ring = json!({ "login": "alice", "caller": "1000", "callerName": name });
    let (status, answer) = post(&server, "/_cti/ring", &ring.to_string()).await;
    assert_eq!(status, 413, "{answer}");
    // Under the limit, the same route works.
    let (status, _) = post(
        &server,
        "/_cti/ring",
        r#"{"login":"alice","caller":"1000"}"#,
    )
    .await;
    assert_eq!(status, 200);
    let Event::PhoneEvent(ringing) = expect(&mut socket, EventKind::PhoneEvent).await else {
        unreachable!()
    };
    assert_eq!(ringing.other_d_name.as_deref(), None);
    bounded("shutdown", server.shutdown()).await.unwrap();
}
