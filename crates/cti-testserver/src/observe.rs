//! What the server sees its clients do, as it happens, for whoever watches
//! ([`TestServer::observe`](crate::TestServer::observe)): `cti conform client`
//! judges a client under test by it. Nothing is kept when nobody watches; a watcher
//! that falls [`QUEUE`] observations behind loses the next ones (counted, and logged
//! once), so that a client never makes the server hold more for a slow watcher.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use tokio::sync::mpsc;
use tracing::warn;

use crate::lock;

/// Observations waiting for a watcher to take them; past it they are dropped.
pub const QUEUE: usize = 65_536;

/// One thing a client did, or the server did to it, and when.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Observation {
    /// When the server saw it.
    pub at: Instant,
    /// What it was.
    pub seen: Seen,
}

/// What the server saw. `session` numbers a WebSocket connection, unique in the server.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Seen {
    /// A REST login (`POST /xuc/api/2.0/auth/login`): the login in its body (`None`: the
    /// body was not `{"login","password"}`), and whether a token was given. The password
    /// is not told.
    Login {
        /// The login asked for.
        login: Option<String>,
        /// A token was given.
        accepted: bool,
    },
    /// A WebSocket connection opened: the user of its token, `None` for a token missing,
    /// unknown or expired (it gets `LoggedOnError`, then a close).
    Opened {
        /// The connection.
        session: u64,
        /// The user logged on.
        login: Option<String>,
    },
    /// A text frame from the client, as received.
    FromClient {
        /// The connection.
        session: u64,
        /// The frame.
        text: String,
    },
    /// A binary frame from the client (the protocol has none): its length.
    Binary {
        /// The connection.
        session: u64,
        /// Its length in bytes.
        len: usize,
    },
    /// A text frame the server sent.
    ToClient {
        /// The connection.
        session: u64,
        /// The frame.
        text: String,
    },
    /// The connection ended, whoever closed it.
    Closed {
        /// The connection.
        session: u64,
    },
}

/// The watchers of a server.
#[derive(Default)]
pub(crate) struct Observers {
    senders: Mutex<Vec<mpsc::Sender<Observation>>>,
    /// Whether anyone ever watched: until then, no frame takes the lock.
    watched: AtomicBool,
    dropped: AtomicU64,
}

impl Observers {
    /// A new watcher.
    pub fn subscribe(&self) -> mpsc::Receiver<Observation> {
        let (sender, receiver) = mpsc::channel(QUEUE);
        lock(&self.senders).push(sender);
        self.watched.store(true, Ordering::Release);
        receiver
    }

    /// Tells every watcher what `seen` makes; nothing is made when nobody watches.
    pub fn tell(&self, seen: impl FnOnce() -> Seen) {
        if !self.watched.load(Ordering::Acquire) {
            return;
        }
        let mut senders = lock(&self.senders);
        if senders.is_empty() {
            return;
        }
        let observation = Observation {
            at: Instant::now(),
            seen: seen(),
        };
        senders.retain(|sender| match sender.try_send(observation.clone()) {
            Ok(()) => true,
            Err(mpsc::error::TrySendError::Full(_)) => {
                if self.dropped.fetch_add(1, Ordering::Relaxed) == 0 {
                    warn!("a watcher falls behind: observations are dropped");
                }
                true
            }
            Err(mpsc::error::TrySendError::Closed(_)) => false,
        });
    }
}
