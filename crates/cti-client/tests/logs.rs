//! The client's logs, at every level and from every crate beneath it, hold neither the
//! password nor the token: a whole session (login, search, a reconnection with a new login)
//! is logged at TRACE into a buffer, which is then searched.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use cti_client::{Client, Config, Notice};
use cti_proto::contacts::SearchContacts;
use cti_proto::link::ReconnectPolicy;
use cti_testserver::scenario::User;
use cti_testserver::{Scenario, TestServer};

const PASSWORD: &str = "pw-Zq8v-not-to-be-seen";

#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Buffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Buffer {
    type Writer = Buffer;
    fn make_writer(&'a self) -> Buffer {
        self.clone()
    }
}

async fn until(notices: &mut cti_client::Notices, wanted: fn(&Notice) -> bool) {
    let wait = async {
        while let Some(notice) = notices.next().await {
            if wanted(&notice) {
                return;
            }
        }
        panic!("the client stopped");
    };
    tokio::time::timeout(Duration::from_secs(15), wait)
        .await
        .expect("logged on in time");
}

#[tokio::test]
async fn logs_hold_neither_password_nor_token() {
    let buffer = Buffer::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(buffer.clone())
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .finish();
    // This test's runtime is one thread: the client's task logs here too.
    let _guard = tracing::subscriber::set_default(subscriber);

    let mut scenario = Scenario::demo();
    scenario.users.push(User::new("bob", PASSWORD, "1002"));
    let server = TestServer::start(scenario.clone()).await.unwrap();
    let addr = server.addr();
    let mut reconnect = ReconnectPolicy::default();
    reconnect.initial_delay = Duration::from_millis(50);
    let config = Config::new(addr.to_string(), "bob", PASSWORD).reconnect(reconnect);
    let (client, mut notices) = Client::connect(config).await.expect("logged on");
    client.send(SearchContacts::new("bond")).await.unwrap();
    until(&mut notices, |n| matches!(n, Notice::LoggedOn)).await;
    // A restart: a reconnection and a second login.
    server.shutdown().await.unwrap();
    until(&mut notices, |n| matches!(n, Notice::Disconnected { .. })).await;
    let again = cti_testserver::Config::new(scenario).listen(addr);
    let again = TestServer::start(again).await.unwrap();
    until(&mut notices, |n| matches!(n, Notice::LoggedOn)).await;
    client.shutdown().await;
    again.shutdown().await.unwrap();

    let logs = String::from_utf8_lossy(&buffer.0.lock().unwrap()).into_owned();
    assert!(
        logs.contains("logged on"),
        "the logs were captured:\n{logs}"
    );
    assert!(
        logs.matches("logging in").count() >= 2,
        "two logins:\n{logs}"
    );
    assert!(
        !logs.contains(PASSWORD),
        "the password is in the logs:\n{logs}"
    );
    for token in ["token=", "\"token\"", "Bearer"] {
        assert!(!logs.contains(token), "{token} is in the logs:\n{logs}");
    }
}
