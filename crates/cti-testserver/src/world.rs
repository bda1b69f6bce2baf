//! What the server's connections share: the scenario, the tokens given by the REST login,
//! each user's favorites and preferences, the sessions open (for pushes), the counters
//! and the recorder.

use std::collections::hash_map::RandomState;
use std::collections::{BTreeSet, HashMap};
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use cti_proto::link::Heartbeat;
use cti_proto::phone::PhoneEventType;
use cti_proto::{Event, SmolStr};
use tokio::sync::{mpsc, watch, Notify};

use crate::messages::{self, CallInfo};
use crate::observe::Observers;
use crate::record::Recorder;
use crate::scenario::{CompiledScript, ContactRef, Preference, Scenario, User};
use crate::{lock, Limits, Stats};

/// Resolves once the shutdown is asked for (a dropped sender is a stop too).
pub(crate) async fn stopping(shutdown: &mut watch::Receiver<bool>) {
    let _ = shutdown.wait_for(|stop| *stop).await;
}

/// What a user keeps from one connection to the next.
pub(crate) struct UserData {
    pub favorites: BTreeSet<ContactRef>,
    pub preferences: Vec<Preference>,
}

struct Token {
    login: String,
    expires: Instant,
}

/// A session open, for [`World::push`].
struct Open {
    login: String,
    events: mpsc::UnboundedSender<Event>,
}

/// A call between two of the scenario's users ([`World::connect`]): the caller's side
/// and the callee's, each a login and what its phone events say.
struct Bridge {
    caller: (String, CallInfo),
    callee: (String, CallInfo),
}

impl Bridge {
    /// The side that is not `login`'s, when `login` is one of the two.
    fn other(&self, login: &str) -> Option<&(String, CallInfo)> {
        match () {
            _ if self.caller.0 == login => Some(&self.callee),
            _ if self.callee.0 == login => Some(&self.caller),
            _ => None,
        }
    }
}

/// What [`World::connect`] did.
pub(crate) enum Connected {
    /// The callee's phone rings.
    Rang,
    /// The callee has [`Limits::max_calls`] calls with other users already.
    Busy,
    /// The callee has no connection open: the call is not between two users.
    NotLoggedOn,
}

pub(crate) struct World {
    /// The address the server listens on.
    pub addr: std::net::SocketAddr,
    pub scenario: Scenario,
    pub scripts: Vec<CompiledScript>,
    pub heartbeat: Heartbeat,
    pub limits: Limits,
    pub recorder: Option<Recorder>,
    pub shutdown: watch::Receiver<bool>,
    /// Set once the shutdown's grace is over: what still runs ends at once.
    dropped: watch::Sender<bool>,
    tokens: Mutex<HashMap<String, Token>>,
    users: Mutex<HashMap<String, UserData>>,
    open: Mutex<HashMap<u64, Open>>,
    /// Calls between two users, by `linkedId` (the caller's `uniqueId`).
    bridges: Mutex<HashMap<SmolStr, Bridge>>,
    next_id: AtomicU64,
    random: RandomState,
    counters: Counters,
    active: AtomicUsize,
    /// HTTP connections open (an upgraded one is counted by `active` from then on).
    http_open: AtomicUsize,
    idle: Notify,
    /// Who watches the clients ([`crate::TestServer::observe`]).
    pub observers: Observers,
    /// Bumped to close every WebSocket connection ([`World::close_all`]).
    kick: watch::Sender<u64>,
}

#[derive(Default)]
struct Counters {
    sessions: AtomicU64,
    frames_in: AtomicU64,
    frames_out: AtomicU64,
    violations: AtomicU64,
    malformed: AtomicU64,
    refused_logins: AtomicU64,
    refused_connections: AtomicU64,
    unread_closed: AtomicU64,
    over_limit: AtomicU64,
}

/// Which counter to add one to.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Count {
    Session,
    FrameIn,
    FrameOut,
    Violation,
    Malformed,
    RefusedLogin,
    RefusedConnection,
    UnreadClosed,
    OverLimit,
}

impl World {
    pub fn new(
        addr: std::net::SocketAddr,
        scenario: Scenario,
        scripts: Vec<CompiledScript>,
        heartbeat: Heartbeat,
        limits: Limits,
        recorder: Option<Recorder>,
        shutdown: watch::Receiver<bool>,
    ) -> World {
        let users = scenario
            .users
            .iter()
            .map(|user| {
                let data = UserData {
                    favorites: user.favorites.iter().cloned().collect(),
                    preferences: user.preferences.clone(),
                };
                (user.login.clone(), data)
            })
            .collect();
        World {
            addr,
            scenario,
            scripts,
            heartbeat,
            limits,
            recorder,
            shutdown,
            dropped: watch::channel(false).0,
            tokens: Mutex::new(HashMap::new()),
            users: Mutex::new(users),
            open: Mutex::new(HashMap::new()),
            bridges: Mutex::new(HashMap::new()),
            next_id: AtomicU64::new(1),
            random: RandomState::new(),
            counters: Counters::default(),
            active: AtomicUsize::new(0),
            http_open: AtomicUsize::new(0),
            idle: Notify::new(),
            observers: Observers::default(),
            kick: watch::channel(0).0,
        }
    }

    /// A number unique in this server.
    pub fn next_id(&self) -> u64 {
        self.next_id.fetch_add(1, Ordering::Relaxed)
    }

    /// A new call id in Asterisk's form, `SECONDS.N` (`"1469709960.78"`).
    pub fn unique_id(&self) -> String {
        let secs = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        format!("{secs}.{}", self.next_id())
    }

    /// Checks a login and password; a token for the user when they match.
    pub fn login(&self, login: &str, password: &str) -> Option<String> {
        let user = self.scenario.users.iter().find(|u| u.login == login)?;
        if user.password != password {
            return None;
        }
        // 128 bits from the process's random hasher keys, the clock and a counter:
        // unguessable enough for a test double.
        let mut token = String::with_capacity(32);
        for _ in 0..2 {
            let mut hasher = self.random.build_hasher();
            hasher.write_u64(self.next_id());
            hasher.write_u128(
                SystemTime::now()
                    .duration_since(UNIX_EPOCH)
                    .map_or(0, |d| d.as_nanos()),
            );
            token.push_str(&format!("{:016x}", hasher.finish()));
        }
        let expires = Instant::now() + Duration::from_secs(self.scenario.token_ttl);
        let mut tokens = lock(&self.tokens);
        tokens.retain(|_, t| t.expires > Instant::now());
        // A user's tokens are bounded: logging in past the bound ends the oldest, so that
        // a client logging in in a loop cannot grow the map (nor slow every login).
        let mut own: Vec<(Instant, String)> = tokens
            .iter()
            .filter(|(_, t)| t.login == login)
            .map(|(k, t)| (t.expires, k.clone()))
            .collect();
        if own.len() >= self.limits.max_tokens.max(1) {
            own.sort();
            for (_, oldest) in own
                .iter()
                .take(own.len() + 1 - self.limits.max_tokens.max(1))
            {
                tokens.remove(oldest);
            }
        }
        tokens.insert(
            token.clone(),
            Token {
                login: login.to_owned(),
                expires,
            },
        );
        Some(token)
    }

    /// The login of a token still valid, and the seconds it has left.
    pub fn check_token(&self, token: &str) -> Option<(String, u64)> {
        let tokens = lock(&self.tokens);
        let found = tokens.get(token)?;
        let left = found.expires.checked_duration_since(Instant::now())?;
        Some((found.login.clone(), left.as_secs()))
    }

    /// A user's lasting data.
    pub fn user_data(&self) -> MutexGuard<'_, HashMap<String, UserData>> {
        lock(&self.users)
    }

    /// Registers an open session of `login`; events sent on the returned receiver are
    /// for it ([`World::push`]).
    pub fn open(&self, id: u64, login: &str) -> mpsc::UnboundedReceiver<Event> {
        let (events, receiver) = mpsc::unbounded_channel();
        lock(&self.open).insert(
            id,
            Open {
                login: login.to_owned(),
                events,
            },
        );
        receiver
    }

    /// Forgets an open session. The user's last session gone, its calls with other
    /// users are released: the other side gets `EventReleased`.
    pub fn close(&self, id: u64) {
        let Some(closed) = lock(&self.open).remove(&id) else {
            return;
        };
        if lock(&self.open).values().any(|o| o.login == closed.login) {
            return;
        }
        let others: Vec<(String, CallInfo)> = {
            let mut bridges = lock(&self.bridges);
            let mut others = Vec::new();
            bridges.retain(|_, bridge| match bridge.other(&closed.login) {
                Some(other) => {
                    others.push(other.clone());
                    false
                }
                None => true,
            });
            others
        };
        for (login, call) in others {
            self.push(
                &login,
                &messages::phone_event(PhoneEventType::EventReleased, &call),
            );
        }
    }

    /// `caller` dials `callee`'s number (`call` is the caller's side): when `callee` has
    /// a connection open, its phone rings (`EventRinging`, `otherDN` the caller's number,
    /// the same `linkedId`), and [`World::tell_other`] carries the answer and the
    /// release from one side to the other.
    pub fn connect(&self, caller: &User, call: &CallInfo, callee: &User) -> Connected {
        if !lock(&self.open)
            .values()
            .any(|open| open.login == callee.login)
        {
            return Connected::NotLoggedOn;
        }
        let ringing = CallInfo {
            dn: callee.phone_number.as_str().into(),
            other_dn: caller.phone_number.as_str().into(),
            other_name: Some(messages::full_name(caller).into()),
            linked_id: call.linked_id.clone(),
            unique_id: self.unique_id().into(),
        };
        {
            let mut bridges = lock(&self.bridges);
            let calls = bridges
                .values()
                .filter(|bridge| bridge.other(&callee.login).is_some())
                .count();
            if calls >= self.limits.max_calls {
                return Connected::Busy;
            }
            bridges.insert(
                call.linked_id.clone(),
                Bridge {
                    caller: (caller.login.clone(), call.clone()),
                    callee: (callee.login.clone(), ringing.clone()),
                },
            );
        }
        self.push(
            &callee.login,
            &messages::phone_event(PhoneEventType::EventRinging, &ringing),
        );
        Connected::Rang
    }

    /// Tells the other side of a call between two users ([`World::connect`]) what
    /// `login` did to the call `linked_id`: `EventEstablished` (answered) or
    /// `EventReleased` (hung up; the call is forgotten). Nothing for any other call.
    pub fn tell_other(&self, login: &str, linked_id: &SmolStr, event_type: PhoneEventType) {
        let other = {
            let mut bridges = lock(&self.bridges);
            let Some(other) = bridges.get(linked_id).and_then(|b| b.other(login)).cloned() else {
                return;
            };
            if event_type == PhoneEventType::EventReleased {
                bridges.remove(linked_id);
            }
            other
        };
        self.push(&other.0, &messages::phone_event(event_type, &other.1));
    }

    /// Sends `event` to every open session of `login`; how many there were.
    pub fn push(&self, login: &str, event: &Event) -> usize {
        lock(&self.open)
            .values()
            .filter(|open| open.login == login)
            .filter(|open| open.events.send(event.clone()).is_ok())
            .count()
    }

    pub fn count(&self, what: Count) {
        let counter = match what {
            Count::Session => &self.counters.sessions,
            Count::FrameIn => &self.counters.frames_in,
            Count::FrameOut => &self.counters.frames_out,
            Count::Violation => &self.counters.violations,
            Count::Malformed => &self.counters.malformed,
            Count::RefusedLogin => &self.counters.refused_logins,
            Count::RefusedConnection => &self.counters.refused_connections,
            Count::UnreadClosed => &self.counters.unread_closed,
            Count::OverLimit => &self.counters.over_limit,
        };
        counter.fetch_add(1, Ordering::Relaxed);
    }

    pub fn stats(&self) -> Stats {
        let c = &self.counters;
        let get = |counter: &AtomicU64| counter.load(Ordering::Relaxed);
        Stats {
            sessions: get(&c.sessions),
            frames_in: get(&c.frames_in),
            frames_out: get(&c.frames_out),
            violations: get(&c.violations),
            malformed: get(&c.malformed),
            refused_logins: get(&c.refused_logins),
            refused_connections: get(&c.refused_connections),
            unread_closed: get(&c.unread_closed),
            over_limit: get(&c.over_limit),
        }
    }

    /// Closes every WebSocket connection open (a close frame to each); how many
    /// logged-on connections there were.
    pub fn close_all(&self) -> usize {
        self.kick.send_modify(|kicks| *kicks += 1);
        lock(&self.open).len()
    }

    /// Resolves at the next [`World::close_all`] after `kicks` was made.
    pub fn kicks(&self) -> watch::Receiver<u64> {
        self.kick.subscribe()
    }

    /// Marks a WebSocket session as running until the guard is dropped.
    pub fn running(&self) -> Running<'_> {
        self.active.fetch_add(1, Ordering::SeqCst);
        Running(self)
    }

    /// A new HTTP connection, counted until the guard is dropped; `None` when
    /// [`Limits::max_connections`] are open already (WebSocket sessions included).
    pub fn connection(self: &Arc<Self>) -> Option<HttpOpen> {
        let open = self.http_open.fetch_add(1, Ordering::SeqCst);
        let guard = HttpOpen(self.clone());
        (open + self.active.load(Ordering::SeqCst) < self.limits.max_connections).then_some(guard)
    }

    /// Ends what still runs: the shutdown's grace is over.
    pub fn drop_all(&self) {
        self.dropped.send_replace(true);
    }

    /// Resolves once [`World::drop_all`] was called.
    pub async fn dropped(&self) {
        stopping(&mut self.dropped.subscribe()).await;
    }

    /// Waits until no WebSocket session runs.
    pub async fn idle(&self) {
        // `notify_one` keeps a permit when nobody waits, so an end between the check
        // and the wait is not missed.
        while self.active.load(Ordering::SeqCst) != 0 {
            self.idle.notified().await;
        }
    }
}

/// A running session (see [`World::running`]).
pub(crate) struct Running<'a>(&'a World);

impl Drop for Running<'_> {
    fn drop(&mut self) {
        self.0.active.fetch_sub(1, Ordering::SeqCst);
        self.0.idle.notify_one();
    }
}

/// An HTTP connection open (see [`World::connection`]).
pub(crate) struct HttpOpen(Arc<World>);

impl Drop for HttpOpen {
    fn drop(&mut self) {
        self.0.http_open.fetch_sub(1, Ordering::SeqCst);
    }
}
