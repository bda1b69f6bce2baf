//! Agent: call-centre agents, their login, pause, listening and statistics (xuc "Agent"
//! API: `Cti.loginAgent`, `Cti.pauseAgent`, ...; `AgentStateEvent`, `AgentError`, ...).
//! The agent commands name the agent `agentid` (lower case), unlike the queue and group
//! commands (`agentId`).
//!
//! # Messages
//!
//! Every message of this area. Each has one wire example, on its type's page, or here
//! when its type has none (a test decodes each and encodes it back unchanged); where no
//! sample of a payload is known, the example is made up.
//!
//! - [`AgentLogin`]: command `agentLogin`
//! - [`AgentLogout`]: command `agentLogout`
//! - [`PauseAgent`]: command `pauseAgent`
//! - [`UnpauseAgent`]: command `unpauseAgent`
//! - [`ListenAgent`]: command `listenAgent`
//! - [`MonitorPause`]: command `monitorPause`
//! - [`MonitorUnpause`]: command `monitorUnpause`
//! - [`SubscribeToAgentStats`]: command `subscribeToAgentStats`
//! - [`SubscribeToAgentEvents`]: command `subscribeToAgentEvents`
//! - [`GetAgentStates`]: command `getAgentStates`
//! - [`GetAgentDirectory`]: command `getAgentDirectory`
//! - [`SetAgentGroup`]: command `setAgentGroup`
//! - [`AgentConfig`]: event `AgentConfig`
//! - [`AgentDirectory`]: event `AgentDirectory`
//!
//!   ```json
//!   {"msgType":"AgentDirectory","ctiMessage":[{"agent":{"id":7,"firstName":"James"},"state":"AgentReady"}]}
//!   ```
//! - [`AgentError`]: event `AgentError`
//! - [`AgentList`]: event `AgentList`
//! - [`AgentListen`]: event `AgentListen`
//! - [`AgentStatistics`]: event `AgentStatistics`
//! - [`AgentGroupList`]: event `AgentGroupList`
//! - [`AgentStateEvent`]: event `AgentStateEvent`

use cti_proto_derive::Wire;
use smol_str::SmolStr;

use crate::wire::{Extra, RawJson};
use crate::wire::{Maybe, NumberOrText};

/// `agentLogin` (`Cti.loginAgent`): log an agent in on a phone number. `agentid` is left
/// out when not given (the user's own agent): the web client's own agent view does so
/// (CLIENTS.md §4, XucAgentUser:155), so strict mode accepts it missing. That view
/// leaves `agentphonenumber` out too when it has no phone number, so it is optional
/// as well.
///
/// ```json
/// {"claz":"web","command":"agentLogin","agentphonenumber":"1001","agentid":7}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "agentLogin", new)]
pub struct AgentLogin {
    /// The phone to log in on (`""` or left out when the caller has none).
    #[wire(key = "agentphonenumber", new)]
    pub agent_phone_number: Maybe<SmolStr>,
    /// The agent; the user's own agent when left out.
    #[wire(key = "agentid")]
    pub agent_id: Maybe<i64>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `agentLogout` (`Cti.logoutAgent`): log an agent out; `agentid` left out (the user's
/// own agent) is what the web client sends (CLIENTS.md §4, XucAgentUser:123, 162), so
/// strict mode accepts it missing.
///
/// ```json
/// {"claz":"web","command":"agentLogout","agentid":7}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "agentLogout", new)]
pub struct AgentLogout {
    /// The agent; the user's own agent when left out.
    #[wire(key = "agentid")]
    pub agent_id: Maybe<i64>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `pauseAgent`: pause an agent, with an optional reason (a status name). `agentid` left
/// out (the user's own agent) is what the web client sends (CLIENTS.md §4,
/// XucAgentUser:117, XucThirdParty:69), so strict mode accepts it missing.
///
/// ```json
/// {"claz":"web","command":"pauseAgent","agentid":7,"reason":"outtolunch"}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "pauseAgent", new)]
pub struct PauseAgent {
    /// The agent; the user's own agent when left out.
    #[wire(key = "agentid")]
    pub agent_id: Maybe<i64>,
    /// Why (a `UsersStatuses` / `CtiStatuses` name).
    pub reason: Maybe<SmolStr>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `unpauseAgent`: end an agent's pause. `agentid` left out (the user's own agent) is
/// what the web client sends (CLIENTS.md §4, XucAgentUser:120, XucThirdParty:35), so
/// strict mode accepts it missing.
///
/// ```json
/// {"claz":"web","command":"unpauseAgent","agentid":7}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "unpauseAgent", new)]
pub struct UnpauseAgent {
    /// The agent; the user's own agent when left out.
    #[wire(key = "agentid")]
    pub agent_id: Maybe<i64>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `listenAgent`: listen to an agent's call.
///
/// ```json
/// {"claz":"web","command":"listenAgent","agentid":7}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "listenAgent", new)]
pub struct ListenAgent {
    /// The agent.
    #[wire(key = "agentid", new)]
    pub agent_id: i64,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `monitorPause`: pause the recording of an agent's call.
///
/// ```json
/// {"claz":"web","command":"monitorPause","agentid":7}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "monitorPause", new)]
pub struct MonitorPause {
    /// The agent.
    #[wire(key = "agentid", new)]
    pub agent_id: i64,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `monitorUnpause`: resume the recording of an agent's call.
///
/// ```json
/// {"claz":"web","command":"monitorUnpause","agentid":7}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "monitorUnpause", new)]
pub struct MonitorUnpause {
    /// The agent.
    #[wire(key = "agentid", new)]
    pub agent_id: i64,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `subscribeToAgentStats`: receive `AgentStatistics`.
///
/// ```json
/// {"claz":"web","command":"subscribeToAgentStats"}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "subscribeToAgentStats", new)]
pub struct SubscribeToAgentStats {
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `subscribeToAgentEvents`: receive the `AgentStateEvent`s of every agent.
///
/// ```json
/// {"claz":"web","command":"subscribeToAgentEvents"}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "subscribeToAgentEvents", new)]
pub struct SubscribeToAgentEvents {
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `getAgentStates`: the state of every agent, as `AgentStateEvent`s.
///
/// ```json
/// {"claz":"web","command":"getAgentStates"}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "getAgentStates", new)]
pub struct GetAgentStates {
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `getAgentDirectory`: the agents, answered by `AgentDirectory`.
///
/// ```json
/// {"claz":"web","command":"getAgentDirectory"}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "getAgentDirectory", new)]
pub struct GetAgentDirectory {
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `setAgentGroup`: move an agent to a group.
///
/// ```json
/// {"claz":"web","command":"setAgentGroup","agentId":7,"groupId":2}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "setAgentGroup", new)]
pub struct SetAgentGroup {
    /// The agent.
    #[wire(new)]
    pub agent_id: i64,
    /// The group.
    #[wire(new)]
    pub group_id: i64,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

open_enum! {
    /// `AgentStateEvent.name`: the agent's state. (`AgentOnAcdCall`, `AgentOnIncomingCall`
    /// and `AgentOnOutgoingCall` are computed by clients, not sent.)
    pub enum AgentState: str {
        /// `"AgentLoggedOut"`.
        AgentLoggedOut = "AgentLoggedOut",
        /// `"AgentReady"`.
        AgentReady = "AgentReady",
        /// `"AgentOnPause"`.
        AgentOnPause = "AgentOnPause",
        /// `"AgentOnWrapup"`.
        AgentOnWrapup = "AgentOnWrapup",
        /// `"AgentOnCall"`.
        AgentOnCall = "AgentOnCall",
        /// `"AgentDialing"`.
        AgentDialing = "AgentDialing",
        /// `"AgentRinging"`.
        AgentRinging = "AgentRinging",
        /// `"AgentLogin"`: the agent is logging in (CLIENTS.md §3, XucAgentUser:69-102).
        AgentLogin = "AgentLogin",
    }
}

open_enum! {
    /// `AgentStateEvent.direction`: the direction of the agent's call.
    pub enum CallDirection: str {
        /// `"Incoming"`.
        Incoming = "Incoming",
        /// `"Outgoing"`.
        Outgoing = "Outgoing",
    }
}

open_enum! {
    /// `AgentStateEvent.monitorState`: whether the agent's call is recorded. Clients take
    /// `"ACTIVE"` as monitored, `"ACTIVE"` or `"PAUSED"` as monitorable, anything else (or
    /// no key) as neither (CLIENTS.md §2, XucAgentUser:253-267).
    pub enum MonitorState: str {
        /// `"ACTIVE"`: the call is recorded.
        Active = "ACTIVE",
        /// `"PAUSED"`: the recording is paused.
        Paused = "PAUSED",
    }
}

/// `AgentStateEvent`: an agent's state changed. Inferred from clients, so every field is
/// optional. `phoneNb` can be the string `"null"` (clients read it as empty). `acd` and
/// `direction` come with call states only; the web client derives `AgentOnAcdCall`,
/// `AgentOnIncomingCall` and `AgentOnOutgoingCall` from them.
///
/// ```json
/// {"msgType":"AgentStateEvent","ctiMessage":{"name":"AgentOnPause","agentId":7,"phoneNb":"1001","since":12,"queues":[3,4],"cause":"outtolunch"}}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(event = "AgentStateEvent")]
pub struct AgentStateEvent {
    /// The state.
    pub name: Maybe<AgentState>,
    /// The agent.
    pub agent_id: Maybe<i64>,
    /// The phone the agent is logged on (`"null"` when none).
    pub phone_nb: Maybe<SmolStr>,
    /// Seconds in this state.
    pub since: Maybe<i64>,
    /// The agent's queues (item type not documented).
    pub queues: Maybe<RawJson>,
    /// Pause reason: a status name.
    pub cause: Maybe<SmolStr>,
    /// Whether the call came through a queue.
    pub acd: Maybe<bool>,
    /// Direction of the call.
    pub direction: Maybe<CallDirection>,
    /// Whether the agent's call is recorded.
    pub monitor_state: Maybe<MonitorState>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

impl AgentStateEvent {
    /// The phone number, with the wire's `"null"` read as none.
    pub fn phone_number(&self) -> Option<&str> {
        self.phone_nb
            .as_deref()
            .filter(|nb| *nb != "null" && !nb.is_empty())
    }
}

/// `AgentConfig`: an agent's configuration. Inferred from clients, so every field is
/// optional. A call-centre dashboard also reads the agent's `number` (CLIENTS.md §7.4).
///
/// ```json
/// {"msgType":"AgentConfig","ctiMessage":{"id":7,"userId":12,"firstName":"James","lastName":"Bond","groupId":2}}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(event = "AgentConfig")]
pub struct AgentConfig {
    /// The agent.
    pub id: Maybe<i64>,
    /// The agent's user.
    pub user_id: Maybe<i64>,
    /// First name.
    pub first_name: Maybe<SmolStr>,
    /// Last name.
    pub last_name: Maybe<SmolStr>,
    /// The agent's group.
    pub group_id: Maybe<i64>,
    /// The agent's number (type not documented: kept as sent, number or string).
    pub number: Maybe<NumberOrText>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

wire_list! {
    /// `AgentList`: the agents, answer to `getList` `"agent"`. The payload is an array of
    /// `AgentConfig` objects.
    ///
    /// ```json
    /// {"msgType":"AgentList","ctiMessage":[{"id":7,"userId":12,"firstName":"James","lastName":"Bond"}]}
    /// ```
    #[wire(event = "AgentList")]
    pub struct AgentList(pub Vec<AgentConfig>);
}

/// One statistic of an `AgentStatistics`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
pub struct AgentStatistic {
    /// Its name.
    pub name: Maybe<SmolStr>,
    /// Its value (type not documented).
    pub value: Maybe<RawJson>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `AgentStatistics`: an agent's statistics (after `subscribeToAgentStats`). Inferred
/// from clients, so every field is optional.
///
/// ```json
/// {"msgType":"AgentStatistics","ctiMessage":{"id":7,"statistics":[{"name":"LoginDateTime","value":"2024-01-01T08:00:00"}]}}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(event = "AgentStatistics")]
pub struct AgentStatistics {
    /// The agent.
    pub id: Maybe<i64>,
    /// The statistics.
    pub statistics: Maybe<Vec<AgentStatistic>>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

open_enum! {
    /// `AgentError.Error`.
    pub enum AgentErrorCode: str {
        /// `"PhoneNumberUnknown"`: no such phone number.
        PhoneNumberUnknown = "PhoneNumberUnknown",
        /// `"LoggedInOnAnotherPhone"`: the agent is logged in on `phoneNb`, not on
        /// `RequestedNb`.
        LoggedInOnAnotherPhone = "LoggedInOnAnotherPhone",
    }
}

/// `AgentError`: an agent command failed. Note the casing of the wire: `Error`,
/// `phoneNb`, `RequestedNb`.
///
/// ```json
/// {"msgType":"AgentError","ctiMessage":{"Error":"LoggedInOnAnotherPhone","phoneNb":"1002","RequestedNb":"1001"}}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(event = "AgentError")]
pub struct AgentError {
    /// The error.
    #[wire(key = "Error")]
    pub error: AgentErrorCode,
    /// The phone the agent is logged in on.
    pub phone_nb: Maybe<SmolStr>,
    /// The phone that was asked for.
    #[wire(key = "RequestedNb")]
    pub requested_nb: Maybe<SmolStr>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

raw_payload! {
    /// `AgentDirectory`: the agents, answer to `getAgentDirectory`. No sample is known, so the payload is kept as it came.
    #[wire(event = "AgentDirectory")]
    pub struct AgentDirectory;
}

/// `AgentListen`: outcome of `listenAgent`. The web client reads `started`
/// (XucAgentUser:234-236) and builds events of the same shape with `phoneNumber` and
/// `agentId` (XucAgentUser:138).
///
/// ```json
/// {"msgType":"AgentListen","ctiMessage":{"started":true,"phoneNumber":"1001","agentId":7}}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(event = "AgentListen")]
pub struct AgentListen {
    /// Whether listening started (`false`: it stopped).
    pub started: bool,
    /// The phone listening.
    pub phone_number: Maybe<SmolStr>,
    /// The agent listened to.
    pub agent_id: Maybe<i64>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// One agent group of `AgentGroupList` (CLIENTS.md §2, XucGroup:10, 27).
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
pub struct AgentGroup {
    /// The group; `AgentConfig.groupId` refers to it.
    pub id: i64,
    /// Its name.
    pub name: SmolStr,
    /// Name for people; clients fall back to `name` when it is absent, `null` or empty.
    pub display_name: Maybe<SmolStr>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

wire_list! {
    /// `AgentGroupList`: the agent groups, answer to `getList` `"agentgroup"`. The payload
    /// is an array of groups.
    ///
    /// ```json
    /// {"msgType":"AgentGroupList","ctiMessage":[{"id":2,"name":"support","displayName":"Support"}]}
    /// ```
    #[wire(event = "AgentGroupList")]
    pub struct AgentGroupList(pub Vec<AgentGroup>);
}
