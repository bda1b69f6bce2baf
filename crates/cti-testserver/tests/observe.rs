//! `TestServer::observe` and `TestServer::close_sessions`, over real sockets on
//! 127.0.0.1 (port 0): a watcher sees the REST login, the connection, the frames both ways
//! and the close; closing the sessions sends each client a close frame and the server goes
//! on serving. Every wait is bounded (`support::STEP`).

mod support;

use cti_testserver::observe::{Observation, Seen};
use cti_testserver::{Scenario, TestServer};
use futures_util::SinkExt;
use support::*;
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::Message;

/// The next observation that is not a frame the server sent; those skipped go in `sent`.
async fn next_kept(seen: &mut mpsc::Receiver<Observation>, sent: &mut Vec<String>) -> Seen {
    bounded("an observation", async {
        loop {
            match seen.recv().await.expect("the server is running").seen {
                Seen::ToClient { text, .. } => sent.push(text),
                other => return other,
            }
        }
    })
    .await
}

async fn next(seen: &mut mpsc::Receiver<Observation>) -> Seen {
    next_kept(seen, &mut Vec::new()).await
}

#[tokio::test]
async fn a_watcher_sees_logins_frames_and_closes_and_sessions_can_be_closed() {
    let server = TestServer::start(Scenario::demo()).await.unwrap();
    let mut seen = server.observe();
    let _ = login_answer(&server, "alice", "not her password").await;
    assert_eq!(
        next(&mut seen).await,
        Seen::Login {
            login: Some("alice".into()),
            accepted: false
        }
    );
    let token = token(&server, "alice", "alice").await;
    assert_eq!(
        next(&mut seen).await,
        Seen::Login {
            login: Some("alice".into()),
            accepted: true
        }
    );
    let mut socket = connect(&server, &token).await;
    let Seen::Opened { session, login } = next(&mut seen).await else {
        panic!("not an opening");
    };
    assert_eq!(login.as_deref(), Some("alice"));
    welcome(&mut socket).await;
    let ping = r#"{"claz":"ping"}"#;
    socket.send(Message::text(ping)).await.unwrap();
    // The server's frames are seen too: LoggedOn first.
    let mut sent = Vec::new();
    assert_eq!(
        next_kept(&mut seen, &mut sent).await,
        Seen::FromClient {
            session,
            text: ping.to_owned()
        }
    );
    assert!(sent[0].contains(r#""msgType":"LoggedOn""#), "{sent:?}");

    assert_eq!(server.close_sessions(), 1);
    loop {
        match next_message(&mut socket).await {
            Some(Message::Text(_)) => continue,
            Some(Message::Close(Some(frame))) => break assert_eq!(u16::from(frame.code), 1000),
            other => panic!("expected a close frame, got {other:?}"),
        }
    }
    assert_eq!(next(&mut seen).await, Seen::Closed { session });
    // Still serving: alice logs on again.
    let again = alice(&server).await;
    drop(again);
    server.shutdown().await.unwrap();
}
