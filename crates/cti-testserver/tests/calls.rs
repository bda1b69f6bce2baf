//! Calls between two users of the test double, over real sockets on 127.0.0.1 (port 0):
//! a `dial` to another logged-on user's number rings that user, `answer` establishes
//! both sides, `hangup` by either releases both. Every wait is bounded (`support::STEP`).

mod support;

use std::time::Duration;

use cti_proto::common::PhoneStatus;
use cti_proto::login::Ping;
use cti_proto::phone::{Answer, Dial, Hangup, PhoneEvent, PhoneEventType};
use cti_proto::{Event, EventKind};
use cti_testserver::scenario::User;
use cti_testserver::{Config, Limits, Scenario, TestServer};
use support::*;

/// Bob's phone number (no contact of the demo has it).
const BOB: &str = "1010";

/// The demo with bob beside alice; the far end of other numbers answers after
/// `remote_answer_ms`.
fn alice_and_bob(remote_answer_ms: u64) -> Scenario {
    let mut scenario = Scenario::demo();
    scenario.users.push(User::new("bob", "bob", BOB));
    scenario.phone.remote_answer_ms = Some(remote_answer_ms);
    scenario
}

/// Logs `login` in (password: the login) and reads the pushes after `LoggedOn`.
async fn user(server: &TestServer, login: &str) -> Socket {
    let token = token(server, login, login).await;
    let mut socket = connect(server, &token).await;
    welcome(&mut socket).await;
    socket
}

fn phone(event: Event) -> PhoneEvent {
    match event {
        Event::PhoneEvent(phone) => *phone,
        other => panic!("expected a PhoneEvent, got {other:?}"),
    }
}

/// The next event is a `PhoneEvent` of `event_type`.
async fn expect_phone(socket: &mut Socket, event_type: PhoneEventType) -> PhoneEvent {
    let event = phone(next_event(socket).await);
    assert_eq!(event.event_type, event_type, "{event:?}");
    event
}

/// The phone's state, as the answer to a ping tells it; the ping's answer must be the
/// next frame.
async fn phone_status(socket: &mut Socket) -> Option<PhoneStatus> {
    send(socket, Ping::new()).await;
    let Event::PhoneStatusUpdate(status) = expect(socket, EventKind::PhoneStatusUpdate).await
    else {
        unreachable!()
    };
    status.phone_status()
}

#[tokio::test]
async fn a_call_between_two_users_rings_is_answered_and_released_on_both_sides() {
    // The far end of other numbers answers at once: no such answer may come here.
    let server = TestServer::start(alice_and_bob(1)).await.unwrap();
    let mut alice = alice(&server).await;
    let mut bob = user(&server, "bob").await;

    send(&mut alice, Dial::new(BOB)).await;
    let dialing = expect_phone(&mut alice, PhoneEventType::EventDialing).await;
    assert_eq!(dialing.dn, "1001");
    assert_eq!(dialing.other_dn.as_deref(), Some(BOB));
    let ringing = expect_phone(&mut bob, PhoneEventType::EventRinging).await;
    assert_eq!(ringing.dn, BOB);
    assert_eq!(ringing.other_dn.as_deref(), Some("1001"));
    assert_eq!(ringing.other_d_name.as_deref(), Some("Alice Johnson"));
    assert_eq!(ringing.linked_id, dialing.linked_id);
    assert_ne!(ringing.unique_id, dialing.unique_id);
    // Nobody but bob answers: alice is still calling.
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(phone_status(&mut alice).await, Some(PhoneStatus::Calling));
    assert_eq!(phone_status(&mut bob).await, Some(PhoneStatus::Ringing));

    send(&mut bob, Answer::new()).await;
    let answered = expect_phone(&mut bob, PhoneEventType::EventEstablished).await;
    assert_eq!(answered.unique_id, ringing.unique_id);
    let established = expect_phone(&mut alice, PhoneEventType::EventEstablished).await;
    assert_eq!(established.unique_id, dialing.unique_id);
    assert_eq!(phone_status(&mut alice).await, Some(PhoneStatus::Busy));
    assert_eq!(phone_status(&mut bob).await, Some(PhoneStatus::Busy));

    send(&mut bob, Hangup::new()).await;
    let released = expect_phone(&mut bob, PhoneEventType::EventReleased).await;
    assert_eq!(released.unique_id, ringing.unique_id);
    let released = expect_phone(&mut alice, PhoneEventType::EventReleased).await;
    assert_eq!(released.unique_id, dialing.unique_id);
    assert_eq!(phone_status(&mut alice).await, Some(PhoneStatus::Available));
    assert_eq!(phone_status(&mut bob).await, Some(PhoneStatus::Available));
    server.shutdown().await.unwrap();
}

#[tokio::test]
async fn the_caller_hangs_up_a_ringing_call_and_a_closed_callee_releases_the_caller() {
    let server = TestServer::start(alice_and_bob(1)).await.unwrap();
    let mut alice = alice(&server).await;
    let mut bob = user(&server, "bob").await;

    // The caller gives up while it rings: the callee's ringing ends.
    send(&mut alice, Dial::new(BOB)).await;
    expect_phone(&mut alice, PhoneEventType::EventDialing).await;
    let ringing = expect_phone(&mut bob, PhoneEventType::EventRinging).await;
    send(&mut alice, Hangup::new()).await;
    expect_phone(&mut alice, PhoneEventType::EventReleased).await;
    let released = expect_phone(&mut bob, PhoneEventType::EventReleased).await;
    assert_eq!(released.unique_id, ringing.unique_id);
    assert_eq!(phone_status(&mut bob).await, Some(PhoneStatus::Available));

    // The callee's last connection closes: the caller's call is released.
    send(&mut alice, Dial::new(BOB)).await;
    let dialing = expect_phone(&mut alice, PhoneEventType::EventDialing).await;
    expect_phone(&mut bob, PhoneEventType::EventRinging).await;
    bounded("closing", bob.close(None)).await.unwrap();
    let released = expect_phone(&mut alice, PhoneEventType::EventReleased).await;
    assert_eq!(released.unique_id, dialing.unique_id);

    // Bob logged off, his number is any other number: the far end answers.
    send(&mut alice, Dial::new(BOB)).await;
    expect_phone(&mut alice, PhoneEventType::EventDialing).await;
    expect_phone(&mut alice, PhoneEventType::EventEstablished).await;
    server.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_callee_has_at_most_max_calls_from_other_users() {
    let mut limits = Limits::default();
    limits.max_calls = 1;
    let config = Config::new(alice_and_bob(3_600_000)).limits(limits);
    let server = TestServer::start(config).await.unwrap();
    // Two connections of alice, each under its own bound; bob takes one call.
    let mut first = alice(&server).await;
    let mut second = alice(&server).await;
    let mut bob = user(&server, "bob").await;
    send(&mut first, Dial::new(BOB)).await;
    expect_phone(&mut first, PhoneEventType::EventDialing).await;
    expect_phone(&mut bob, PhoneEventType::EventRinging).await;
    send(&mut second, Dial::new(BOB)).await;
    let Event::Error(error) = next_event(&mut second).await else {
        panic!("expected an Error")
    };
    assert_eq!(error.error.as_deref(), Some("TooManyCalls"));
    assert_eq!(server.stats().over_limit, 1);
    // Bob's phone rang once: his next frame is his ping's answer.
    assert_eq!(phone_status(&mut bob).await, Some(PhoneStatus::Ringing));
    server.shutdown().await.unwrap();
}
