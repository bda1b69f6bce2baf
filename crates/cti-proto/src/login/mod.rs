//! Login: the heartbeat, login outcome, generic errors and client configuration of the
//! xuc CTI WebSocket ("Login and Authentication" of the User API, the generic API page and
//! its misc commands: `getConfig`, `getList`, `LineConfig`, `IceConfig`, `RightProfile`, the
//! client-local `LinkStatusUpdate`), plus the zero-IO login helpers ([`CtiUrl`], the REST
//! login's [`LoginRequest`] and [`LoginAnswer`]).
//!
//! # Messages
//!
//! Every message of this area. Each has one wire example, on its type's page, or here
//! when its type has none (a test decodes each and encodes it back unchanged); where no
//! sample of a payload is known, the example is made up.
//!
//! - [`Ping`]: command `ping`
//!
//!   ```json
//!   {"claz":"ping"}
//!   ```
//! - [`GetConfig`]: command `getConfig`
//! - [`GetIceConfig`]: command `getIceConfig`
//! - [`GetList`]: command `getList`
//! - [`PushLogToServer`]: command `pushLogToServer`
//! - [`ToggleUniqueAccountDevice`]: command `toggleUniqueAccountDevice`
//! - [`UnregisterMobileApp`]: command `unregisterMobileApp`
//! - [`LoggedOn`]: event `LoggedOn`
//! - [`LoggedOnError`]: event `LoggedOnError`
//! - [`ErrorMessage`]: event `Error`
//!
//!   ```json
//!   {"msgType":"Error","ctiMessage":{"Error":"UnknownCommand"}}
//!   ```
//! - [`PopupSheet`]: event `Sheet`
//! - [`LinkStatusUpdate`]: event `LinkStatusUpdate`
//! - [`IceConfig`]: event `IceConfig`
//! - [`LineConfig`]: event `LineConfig`
//! - [`AuthenticationToken`]: event `AuthenticationToken`
//!
//!   ```json
//!   {"msgType":"AuthenticationToken","ctiMessage":{"token":"made-up"}}
//!   ```
//! - [`RightProfile`]: event `RightProfile`

use cti_proto_derive::Wire;
use smol_str::SmolStr;

mod http;

pub use http::{
    AuthErrorCode, CtiUrl, LoginAnswer, LoginAnswerError, LoginError, LoginRequest, LoginResponse,
    UrlError, LOGIN_PATH,
};

use serde::{Deserializer, Serialize, Serializer};

use crate::wire::Maybe;
use crate::wire::{Extra, FromWire, RawJson};

/// The heartbeat, `{"claz":"ping"}`, sent by cti.js every 5 seconds.
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(claz = "ping", new)]
pub struct Ping {
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

wire_message!(LoggedOn, event = "LoggedOn");

/// `LoggedOn`: the user is authenticated and logged in. No payload has been documented and
/// every client ignores it, so any `ctiMessage` (or none) is accepted and kept.
///
/// ```json
/// {"msgType": "LoggedOn"}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct LoggedOn {
    /// The `ctiMessage` as received; `None` when the frame has none.
    pub payload: Option<RawJson>,
}

impl LoggedOn {
    /// A `LoggedOn` without payload.
    pub fn new() -> LoggedOn {
        LoggedOn::default()
    }
}

impl Serialize for LoggedOn {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.payload.serialize(serializer)
    }
}

impl FromWire for LoggedOn {
    const RAW: bool = true;

    fn from_wire<'de, D: Deserializer<'de>>(
        deserializer: D,
        cx: &crate::wire::ctx::Context,
    ) -> Result<Self, D::Error> {
        RawJson::from_wire(deserializer, cx).map(|raw| LoggedOn { payload: Some(raw) })
    }

    fn missing() -> Option<Self> {
        Some(LoggedOn { payload: None })
    }

    fn is_absent(&self) -> bool {
        self.payload.is_none()
    }
}

#[cfg(feature = "proptest")]
impl proptest::arbitrary::Arbitrary for LoggedOn {
    type Parameters = ();
    type Strategy = proptest::strategy::BoxedStrategy<Self>;
    fn arbitrary_with(_: ()) -> Self::Strategy {
        use proptest::strategy::Strategy;
        proptest::arbitrary::any::<Option<RawJson>>()
            .prop_map(|payload| LoggedOn { payload })
            .boxed()
    }
}

#[cfg(feature = "arbitrary")]
impl<'a> arbitrary::Arbitrary<'a> for LoggedOn {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        u.arbitrary().map(|payload| LoggedOn { payload })
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for LoggedOn {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "LoggedOn".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "The payload of LoggedOn: none has been documented, so any value (or none) is accepted and kept."
        })
    }
}

open_enum! {
    /// Why the CTI session could not be established (`LoggedOnError.Error`).
    pub enum LoggedOnErrorCode: str {
        /// `"loggedOnFailed"`.
        LoggedOnFailed = "loggedOnFailed",
        /// `"loggedOnTimeout"`: not established within the server's delay (10 s by
        /// default).
        LoggedOnTimeout = "loggedOnTimeout",
    }
}

/// `LoggedOnError`: the CTI session failed after the WebSocket connected; the server
/// closes the socket right after it.
///
/// ```json
/// {"msgType": "LoggedOnError", "ctiMessage": {"Error": "loggedOnFailed"}}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(event = "LoggedOnError")]
pub struct LoggedOnError {
    /// The reason.
    #[wire(key = "Error")]
    pub error: LoggedOnErrorCode,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `Error`: the server answered a request abnormally. No sample is known; the shape is
/// inferred from the other error objects (`{"Error": "<code>", ...}`), so every field
/// is optional and the others are kept in `extra`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(event = "Error")]
pub struct ErrorMessage {
    /// The error code, when sent.
    #[wire(key = "Error")]
    pub error: Maybe<SmolStr>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

#[cfg(feature = "proptest")]
crate::wire::arb::gen_via_arbitrary!(LoggedOn);

// ---- configuration and client requests (WIRE.md §1.1) ----

open_enum! {
    /// What `getConfig` asks for.
    pub enum ConfigObjectType: str {
        /// `"line"`: the user's SIP line, answered by `LineConfig`.
        Line = "line",
    }
}

/// `getConfig`: a configuration object; `"line"` is answered by `LineConfig`.
///
/// ```json
/// {"claz":"web","command":"getConfig","objectType":"line"}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "getConfig", new)]
pub struct GetConfig {
    /// What to get.
    #[wire(new)]
    pub object_type: ConfigObjectType,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `getIceConfig`: the STUN/TURN servers, answered by `IceConfig`.
///
/// ```json
/// {"claz":"web","command":"getIceConfig"}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "getIceConfig", new)]
pub struct GetIceConfig {
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

open_enum! {
    /// What `getList` asks for.
    pub enum ListObjectType: str {
        /// `"queue"`: answered by `QueueList`.
        Queue = "queue",
        /// `"agent"`: answered by `AgentList`.
        Agent = "agent",
        /// `"queuemember"`: answered by `QueueMemberList`.
        QueueMember = "queuemember",
        /// `"basequeuemember"`.
        BaseQueueMember = "basequeuemember",
        /// `"meetme"`: the conference rooms (`Cti.getConferenceRooms`), answered by
        /// `ConferenceList`.
        Meetme = "meetme",
        /// `"agentgroup"`: answered by `AgentGroupList` (CLIENTS.md §4, XucGroup:60).
        AgentGroup = "agentgroup",
    }
}

/// `getList`: a list of configuration objects (`Cti.getList`, and
/// `Cti.getConferenceRooms` with `"meetme"`).
///
/// ```json
/// {"claz":"web","command":"getList","objectType":"queue"}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "getList", new)]
pub struct GetList {
    /// What to list.
    #[wire(new)]
    pub object_type: ListObjectType,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `pushLogToServer`: a client log line for the server's log.
///
/// ```json
/// {"claz":"web","command":"pushLogToServer","level":"info","log":"started"}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "pushLogToServer", new)]
pub struct PushLogToServer {
    /// Log level, as the client names it.
    #[wire(new)]
    pub level: SmolStr,
    /// The log text.
    #[wire(new)]
    pub log: SmolStr,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `toggleUniqueAccountDevice` (`Cti.toggleUniqueAccountDevice(device)`; note the
/// argument is sent as `deviceType`).
///
/// ```json
/// {"claz":"web","command":"toggleUniqueAccountDevice","deviceType":"webapp"}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "toggleUniqueAccountDevice", new)]
pub struct ToggleUniqueAccountDevice {
    /// The device to switch to (values not documented).
    #[wire(new)]
    pub device_type: SmolStr,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `unregisterMobileApp`: forget the user's mobile application.
///
/// ```json
/// {"claz":"web","command":"unregisterMobileApp"}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "unregisterMobileApp", new)]
pub struct UnregisterMobileApp {
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

// ---- events of the generic API page (WIRE.md §2.3 "Generic") ----

open_enum! {
    /// The state in a `LinkStatusUpdate`.
    pub enum LinkStatus: str {
        /// `"opened"`: the socket opened.
        Opened = "opened",
        /// `"closed"`: the socket closed.
        Closed = "closed",
    }
}

/// `LinkStatusUpdate`: **not sent by the server**. cti.js publishes it on its own topic
/// from the socket's `onopen` / `onclose`. It is a known kind so that captures of what a
/// client's handlers saw decode, and so that test doubles can build it. Decoding one
/// reports a `client_local` diagnostic, and strict mode rejects it: a server that sends
/// it does something cti.js never expects.
///
/// ```json
/// {"msgType":"LinkStatusUpdate","ctiMessage":{"status":"opened"}}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(event = "LinkStatusUpdate")]
pub struct LinkStatusUpdate {
    /// Whether the socket opened or closed.
    pub status: Maybe<LinkStatus>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `RightProfile`: the user's rights profile, pushed after login without a request.
/// Inferred from clients: the web client reads `profile` with no guard (CLIENTS.md §2,
/// XucLink:52-54), so it is required.
///
/// ```json
/// {"msgType":"RightProfile","ctiMessage":{"profile":"Supervisor"}}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(event = "RightProfile")]
pub struct RightProfile {
    /// The profile name.
    pub profile: SmolStr,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

raw_payload! {
    /// `AuthenticationToken`: listed in `Cti.MessageType`, but no sample and no client use
    /// is known, so the payload is kept as it came.
    #[wire(event = "AuthenticationToken")]
    pub struct AuthenticationToken;
}

/// One field of a sheet: `folderNumber` (`"-"` for none), `popupUrl`, `multiTab`
/// (`"true"`, a string), ... (CLIENTS.md §3, XucSheet:22-39).
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
pub struct SheetInfo {
    /// The field's name.
    pub name: SmolStr,
    /// Its value, a string.
    pub value: SmolStr,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `payload.profile.user` of a sheet.
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
pub struct SheetUser {
    /// The sheet's fields.
    pub sheet_info: Maybe<Vec<SheetInfo>>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `payload.profile` of a sheet.
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
pub struct SheetProfile {
    /// The user part.
    pub user: Maybe<SheetUser>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `payload` of a sheet.
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
pub struct SheetPayload {
    /// The profile part.
    pub profile: Maybe<SheetProfile>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `Sheet`: a screen-popup sheet. Only the start of one sample is known, and clients
/// disagree on its shape: the web client reads `payload.profile.user.sheetInfo`, every
/// level of it optional (CLIENTS.md §2, XucSheet:8-19), another client a top-level
/// `popupUrl` (CLIENTS.md §7.4). What else a sheet holds is kept in `extra`. (Named `PopupSheet`
/// to keep it apart from the contact [`Sheet`](crate::common::Sheet).)
///
/// ```json
/// {"msgType":"Sheet","ctiMessage":{"payload":{"profile":{"user":{"sheetInfo":[{"name":"folderNumber","value":"-"},{"name":"popupUrl","value":"https://crm.example.com/?n=1002"},{"name":"multiTab","value":"true"}]}}}}}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(event = "Sheet")]
pub struct PopupSheet {
    /// What the web client reads.
    pub payload: Maybe<SheetPayload>,
    /// The URL to open, where a client reads it at the top level (`window.open(popupUrl)`).
    pub popup_url: Maybe<SmolStr>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

impl PopupSheet {
    /// The sheet's fields (`payload.profile.user.sheetInfo`), empty when any level is
    /// missing.
    pub fn info(&self) -> &[SheetInfo] {
        self.payload
            .value()
            .and_then(|payload| payload.profile.value())
            .and_then(|profile| profile.user.value())
            .and_then(|user| user.sheet_info.value())
            .map_or(&[], Vec::as_slice)
    }

    /// The value of the sheet field `name` (`"popupUrl"`, ...).
    pub fn field(&self, name: &str) -> Option<&str> {
        self.info()
            .iter()
            .find(|info| info.name == name)
            .map(|info| info.value.as_str())
    }
}

/// `LineConfig`: the user's SIP line, answer to `getConfig` `"line"` (and sent again
/// when it changes). Inferred from the web client, so every field is optional: it
/// reads `id` (`"-"` when the user has no line), `webRtc`, `hasDevice` and `vendor`
/// (`"Snom"` enables conferences), and for WebRTC lines `xivoIp`, `name` and
/// `password` (CLIENTS.md §2, ctiProxy:10-81, xc_webrtc:89-99).
///
/// ```json
/// {"msgType":"LineConfig","ctiMessage":{"name":"abcd","password":"s3cr3t","xivoIp":"192.0.2.10","sipProxyName":"default","sipPort":"5060"}}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(event = "LineConfig")]
pub struct LineConfig {
    /// The line; `"-"` when the user has no line.
    pub id: Maybe<SmolStr>,
    /// Whether the line is a WebRTC line.
    pub web_rtc: Maybe<bool>,
    /// Whether the line has a device.
    pub has_device: Maybe<bool>,
    /// The phone vendor (`"Snom"`, ...); absent, never `null`, which the web client
    /// would store as the vendor (ctiProxy:79).
    #[wire(no_null)]
    pub vendor: Maybe<SmolStr>,
    /// SIP authentication user.
    pub name: Maybe<SmolStr>,
    /// SIP password (never shown by `Debug`); for a WebRTC line the web client throws on
    /// anything but a string (xc_webrtc:89-91), `null` included.
    #[wire(no_null)]
    pub password: Maybe<crate::wire::Secret>,
    /// Address of the XiVO.
    pub xivo_ip: Maybe<SmolStr>,
    /// SIP proxy name; `"default"` is special.
    pub sip_proxy_name: Maybe<SmolStr>,
    /// SIP port, when not the default (type not documented).
    pub sip_port: Maybe<crate::wire::NumberOrText>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// One ICE server of an `IceConfig`: what the client passes on as an `RTCIceServer`,
/// less `ttl`. Inferred, so every field is optional.
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
pub struct IceServer {
    /// Server URL(s): a string or an array of strings.
    pub urls: Maybe<RawJson>,
    /// User name (TURN).
    pub username: Maybe<SmolStr>,
    /// Credential (TURN; never shown by `Debug`).
    pub credential: Maybe<crate::wire::Secret>,
    /// Lifetime in seconds; the client renews at half of it.
    pub ttl: Maybe<i64>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `IceConfig`: the STUN and TURN servers, answer to `getIceConfig`. Both may be
/// absent (ICE disabled). Inferred from `xc_webrtc.js`.
///
/// ```json
/// {"msgType":"IceConfig","ctiMessage":{"stunConfig":{"urls":["stun:stun.example.com:3478"]},"turnConfig":{"urls":["turn:turn.example.com:3478"],"username":"u","credential":"c","ttl":86400}}}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(event = "IceConfig")]
pub struct IceConfig {
    /// The STUN server.
    pub stun_config: Maybe<IceServer>,
    /// The TURN server.
    pub turn_config: Maybe<IceServer>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}
