//! Queue: queue statistics and calls, and queue membership of agents and agent groups
//! (xuc "Queue" API, and the group commands of the agent supervision API). Queue, agent
//! and group ids are numbers.
//!
//! # Messages
//!
//! Every message of this area. Each has one wire example, on its type's page, or here
//! when its type has none (a test decodes each and encodes it back unchanged); where no
//! sample of a payload is known, the example is made up.
//!
//! - [`SubscribeToQueueStats`]: command `subscribeToQueueStats`
//! - [`SubscribeToQueueCalls`]: command `subscribeToQueueCalls`
//! - [`UnSubscribeToQueueCalls`]: command `unSubscribeToQueueCalls`
//! - [`GetQueueStatisticsRequest`]: command `getQueueStatistics`
//! - [`SetAgentQueue`]: command `setAgentQueue`
//! - [`RemoveAgentFromQueue`]: command `removeAgentFromQueue`
//! - [`MoveAgentsInGroup`]: command `moveAgentsInGroup`
//! - [`AddAgentsInGroup`]: command `addAgentsInGroup`
//! - [`RemoveAgentGroupFromQueueGroup`]: command `removeAgentGroupFromQueueGroup`
//! - [`AddAgentsNotInQueueFromGroupTo`]: command `addAgentsNotInQueueFromGroupTo`
//! - [`QueueStatistics`]: event `QueueStatistics`
//! - [`QueueConfig`]: event `QueueConfig`
//! - [`QueueList`]: event `QueueList`
//! - [`QueueMember`]: event `QueueMember`
//! - [`QueueMemberList`]: event `QueueMemberList`
//! - [`QueueCalls`]: event `QueueCalls`
//!
//!   ```json
//!   {"msgType":"QueueCalls","ctiMessage":{"queueId":3,"calls":[]}}
//!   ```
//! - [`GetQueueStatistics`]: event `GetQueueStatistics`
//!
//!   ```json
//!   {"msgType":"GetQueueStatistics","ctiMessage":{"queueId":3,"window":3600}}
//!   ```

use cti_proto_derive::Wire;
use smol_str::SmolStr;

use crate::wire::Extra;
use crate::wire::{Maybe, Number};

/// `subscribeToQueueStats`: receive `QueueStatistics` as they change.
///
/// ```json
/// {"claz":"web","command":"subscribeToQueueStats"}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "subscribeToQueueStats", new)]
pub struct SubscribeToQueueStats {
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `subscribeToQueueCalls`: receive the calls waiting in a queue (`QueueCalls`).
///
/// ```json
/// {"claz":"web","command":"subscribeToQueueCalls","queueId":3}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "subscribeToQueueCalls", new)]
pub struct SubscribeToQueueCalls {
    /// The queue.
    #[wire(new)]
    pub queue_id: i64,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `unSubscribeToQueueCalls` (capital `S`, as on the wire): stop `QueueCalls` of a queue.
///
/// ```json
/// {"claz":"web","command":"unSubscribeToQueueCalls","queueId":3}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "unSubscribeToQueueCalls", new)]
pub struct UnSubscribeToQueueCalls {
    /// The queue.
    #[wire(new)]
    pub queue_id: i64,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `getQueueStatistics`: statistics of a queue over a window, answered by
/// `GetQueueStatistics`. cti.js sends `xqos` only when its caller gives it
/// (CLIENTS.md §4, cti.js:249-252), so a frame without it is normal, in strict mode too.
///
/// ```json
/// {"claz":"web","command":"getQueueStatistics","queueId":3,"window":3600,"xqos":60}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "getQueueStatistics", new)]
pub struct GetQueueStatisticsRequest {
    /// The queue.
    #[wire(new)]
    pub queue_id: i64,
    /// Length of the window (seconds).
    #[wire(new)]
    pub window: i64,
    /// Quality-of-service threshold (seconds); left out when the caller gave none.
    pub xqos: Maybe<i64>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `setAgentQueue`: add an agent to a queue, or change its penalty.
///
/// ```json
/// {"claz":"web","command":"setAgentQueue","agentId":7,"queueId":3,"penalty":1}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "setAgentQueue", new)]
pub struct SetAgentQueue {
    /// The agent.
    #[wire(new)]
    pub agent_id: i64,
    /// The queue.
    #[wire(new)]
    pub queue_id: i64,
    /// Penalty of the agent in the queue.
    #[wire(new)]
    pub penalty: i64,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `removeAgentFromQueue`: remove an agent from a queue.
///
/// ```json
/// {"claz":"web","command":"removeAgentFromQueue","agentId":7,"queueId":3}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "removeAgentFromQueue", new)]
pub struct RemoveAgentFromQueue {
    /// The agent.
    #[wire(new)]
    pub agent_id: i64,
    /// The queue.
    #[wire(new)]
    pub queue_id: i64,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `moveAgentsInGroup`: move the agents of a group from one queue and penalty to another.
///
/// ```json
/// {"claz":"web","command":"moveAgentsInGroup","groupId":2,"fromQueueId":3,"fromPenalty":0,"toQueueId":4,"toPenalty":1}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "moveAgentsInGroup", new)]
pub struct MoveAgentsInGroup {
    /// The agent group.
    #[wire(new)]
    pub group_id: i64,
    /// The queue the agents are in.
    #[wire(new)]
    pub from_queue_id: i64,
    /// Their penalty there.
    #[wire(new)]
    pub from_penalty: i64,
    /// The target queue.
    #[wire(new)]
    pub to_queue_id: i64,
    /// Their penalty in the target queue.
    #[wire(new)]
    pub to_penalty: i64,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `addAgentsInGroup`: add the agents of a group that are in one queue and penalty to
/// another.
///
/// ```json
/// {"claz":"web","command":"addAgentsInGroup","groupId":2,"fromQueueId":3,"fromPenalty":0,"toQueueId":4,"toPenalty":1}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "addAgentsInGroup", new)]
pub struct AddAgentsInGroup {
    /// The agent group.
    #[wire(new)]
    pub group_id: i64,
    /// The queue the agents are in.
    #[wire(new)]
    pub from_queue_id: i64,
    /// Their penalty there.
    #[wire(new)]
    pub from_penalty: i64,
    /// The target queue.
    #[wire(new)]
    pub to_queue_id: i64,
    /// Their penalty in the target queue.
    #[wire(new)]
    pub to_penalty: i64,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `removeAgentGroupFromQueueGroup`: remove the agents of a group from a queue, at a
/// penalty.
///
/// ```json
/// {"claz":"web","command":"removeAgentGroupFromQueueGroup","groupId":2,"queueId":3,"penalty":0}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "removeAgentGroupFromQueueGroup", new)]
pub struct RemoveAgentGroupFromQueueGroup {
    /// The agent group.
    #[wire(new)]
    pub group_id: i64,
    /// The queue.
    #[wire(new)]
    pub queue_id: i64,
    /// Penalty of the agents in the queue.
    #[wire(new)]
    pub penalty: i64,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `addAgentsNotInQueueFromGroupTo`: add the agents of a group not yet in a queue to it.
///
/// ```json
/// {"claz":"web","command":"addAgentsNotInQueueFromGroupTo","groupId":2,"queueId":3,"penalty":0}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "addAgentsNotInQueueFromGroupTo", new)]
pub struct AddAgentsNotInQueueFromGroupTo {
    /// The agent group.
    #[wire(new)]
    pub group_id: i64,
    /// The queue.
    #[wire(new)]
    pub queue_id: i64,
    /// Penalty of the agents in the queue.
    #[wire(new)]
    pub penalty: i64,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `QueueMember`: an agent's membership of a queue changed. Inferred from clients, so
/// every field is optional. A negative `penalty` means the agent left the queue.
///
/// ```json
/// {"msgType":"QueueMember","ctiMessage":{"agentId":7,"queueId":3,"penalty":1}}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(event = "QueueMember")]
pub struct QueueMember {
    /// The agent.
    pub agent_id: Maybe<i64>,
    /// The queue.
    pub queue_id: Maybe<i64>,
    /// Penalty; negative when the agent was removed.
    pub penalty: Maybe<i64>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

wire_list! {
    /// `QueueMemberList`: the queue memberships, answer to `getList` `"queuemember"`. The
    /// payload is an array.
    ///
    /// ```json
    /// {"msgType":"QueueMemberList","ctiMessage":[{"agentId":7,"queueId":3,"penalty":1}]}
    /// ```
    #[wire(event = "QueueMemberList")]
    pub struct QueueMemberList(pub Vec<QueueMember>);
}

open_enum! {
    /// `QueueStatistics.counters[].statName`. The set is open (CLIENTS.md §7.1); the known
    /// names are every name a published sample or a client shows: the statistics the web
    /// client adds up or compares (CLIENTS.md §3, XucQueueTotal:10-21, XucQueue:49-51),
    /// the xuc Queue page's list and sample, and what the dashboard reads (CLIENTS.md
    /// §7.1). "Abandonned" is spelt with a double n, as on the wire.
    pub enum QueueStatName: str {
        /// `"TotalNumberCallsEntered"`.
        TotalNumberCallsEntered = "TotalNumberCallsEntered",
        /// `"TotalNumberCallsAnswered"`.
        TotalNumberCallsAnswered = "TotalNumberCallsAnswered",
        /// `"TotalNumberCallsAbandonned"`.
        TotalNumberCallsAbandonned = "TotalNumberCallsAbandonned",
        /// `"TotalNumberCallsClosed"`.
        TotalNumberCallsClosed = "TotalNumberCallsClosed",
        /// `"TotalNumberCallsTimeout"`.
        TotalNumberCallsTimeout = "TotalNumberCallsTimeout",
        /// `"WaitingCalls"`: calls waiting now (`0` resets `LongestWaitTime` in the client).
        WaitingCalls = "WaitingCalls",
        /// `"TotalNumberCallsAnsweredBefore15"`.
        TotalNumberCallsAnsweredBefore15 = "TotalNumberCallsAnsweredBefore15",
        /// `"TotalNumberCallsAbandonnedAfter15"`.
        TotalNumberCallsAbandonnedAfter15 = "TotalNumberCallsAbandonnedAfter15",
        /// `"LongestWaitTime"` (seconds): the name the web client and the dashboard read.
        LongestWaitTime = "LongestWaitTime",
        /// `"LongestWaitingTime"`: the name the xuc Queue page lists.
        LongestWaitingTime = "LongestWaitingTime",
        /// `"EWT"`: estimated wait time (seconds).
        Ewt = "EWT",
        /// `"PercentageAnsweredBefore15"` (listed by the xuc Queue page; the web client
        /// also computes it itself).
        PercentageAnsweredBefore15 = "PercentageAnsweredBefore15",
        /// `"PercentageAbandonnedAfter15"` (listed by the xuc Queue page; the web client
        /// also computes it itself).
        PercentageAbandonnedAfter15 = "PercentageAbandonnedAfter15",
        /// `"PercentageAnsweredTotal"` (read by the dashboard).
        PercentageAnsweredTotal = "PercentageAnsweredTotal",
        /// `"AvailableAgents"`.
        AvailableAgents = "AvailableAgents",
        /// `"LoggedAgents"` (in the xuc Queue page's sample, not in its list).
        LoggedAgents = "LoggedAgents",
        /// `"TalkingAgents"`.
        TalkingAgents = "TalkingAgents",
    }
}

/// One counter of a `QueueStatistics`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
pub struct QueueCounter {
    /// Which statistic.
    pub stat_name: QueueStatName,
    /// Its value: any JSON number, `0`, `2.0` or `87.5` (xuc keeps statistics as doubles,
    /// CLIENTS.md §7.1), written back as it came; the web client compares it with `=== 0`,
    /// so `"0"` would not do.
    pub value: Number,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `QueueStatistics`: statistics of a queue (after `subscribeToQueueStats`): all of them
/// first, then each update with one or more counters, so a frame may carry any subset
/// (CLIENTS.md §7.1). The queue is `queueId`, or, when that key is absent, `queueRef`
/// (its name; "some events contain a queueRef with a queue's name instead of the
/// queueId", says the xuc Queue page). The web client falls back to `queueRef` only when
/// `queueId` is absent: a `null` `queueId` drops the update, so decoding reports it
/// (`null_value`) and strict decoding rejects it (CLIENTS.md §2, §5, XucQueue:55-58).
/// The example is the xuc Queue page's sample.
///
/// ```json
/// {"msgType":"QueueStatistics","ctiMessage":{"queueId":11,"counters":[{"statName":"AvailableAgents","value":0},{"statName":"LoggedAgents","value":0},{"statName":"TalkingAgents","value":0},{"statName":"EWT","value":0}]}}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(event = "QueueStatistics")]
pub struct QueueStatistics {
    /// The queue (`QueueConfig.id`).
    #[wire(no_null)]
    pub queue_id: Maybe<i64>,
    /// The queue's name (`QueueConfig.name`), when `queueId` is absent.
    pub queue_ref: Maybe<SmolStr>,
    /// The statistics.
    pub counters: Vec<QueueCounter>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `QueueConfig`: the configuration of a queue (CLIENTS.md §2, XucQueue:18, 55, 99,
/// XucThirdParty:110-113). `id` and `name` are what statistics and phone events refer
/// to.
///
/// ```json
/// {"msgType":"QueueConfig","ctiMessage":{"id":3,"name":"bluesky","displayName":"Blue sky","number":"3000"}}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(event = "QueueConfig")]
pub struct QueueConfig {
    /// The queue.
    pub id: i64,
    /// Its name (`QueueStatistics.queueRef`, `PhoneEvent.queueName`).
    pub name: SmolStr,
    /// Name for people.
    pub display_name: Maybe<SmolStr>,
    /// Its number.
    pub number: Maybe<SmolStr>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

wire_list! {
    /// `QueueList`: the queues, answer to `getList` `"queue"`: an array of `QueueConfig`
    /// payloads.
    ///
    /// ```json
    /// {"msgType":"QueueList","ctiMessage":[{"id":1,"name":"bluesky"}]}
    /// ```
    #[wire(event = "QueueList")]
    pub struct QueueList(pub Vec<QueueConfig>);
}

raw_payload! {
    /// `QueueCalls`: the calls waiting in a queue (after `subscribeToQueueCalls`). Only an
    /// element of it is known (`QueueCall` in `common`, CLIENTS.md §7.2), not the payload
    /// around it, so the payload is kept as it came.
    #[wire(event = "QueueCalls")]
    pub struct QueueCalls;
}

raw_payload! {
    /// `GetQueueStatistics`: answer to `getQueueStatistics`. No sample
    /// is known, so the payload is kept as it came.
    #[wire(event = "GetQueueStatistics")]
    pub struct GetQueueStatistics;
}

// ---- queue calls (QueueCalls, retrieveQueueCall) ----

/// A call waiting in a queue: an element of `QueueCalls`, and the `queueCall` that
/// `retrieveQueueCall` sends back. Typed from the xuc Queue page's one sample
/// (CLIENTS.md §7.2), so every field is optional.
///
/// ```
/// use cti_proto::common::QueueCall;
/// let call: QueueCall = serde_json::from_str(
///     r#"{"position":1,"name":"John Doe","number":"33356782212","queueTime":"2015-07-16T10:40:16.626+02:00"}"#,
/// ).unwrap();
/// assert_eq!(call.position.value(), Some(&1));
/// assert_eq!(call.queue_time.as_deref(), Some("2015-07-16T10:40:16.626+02:00"));
///
/// let mut built = QueueCall::new();
/// built.position = 1.into();
/// assert_eq!(serde_json::to_string(&built).unwrap(), r#"{"position":1}"#);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(new)]
pub struct QueueCall {
    /// Its place in the queue, from 1.
    pub position: Maybe<i64>,
    /// The caller's name.
    pub name: Maybe<SmolStr>,
    /// The caller's number.
    pub number: Maybe<SmolStr>,
    /// When it entered the queue: ISO 8601 with milliseconds and offset.
    pub queue_time: Maybe<SmolStr>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}
