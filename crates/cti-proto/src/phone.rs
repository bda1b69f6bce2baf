//! Phone: calls, transfers, call data, phone hints and the WebRTC commands of the xuc
//! "Phone" API (`Cti.dial`, `Cti.hangup`, ...; `PhoneEvent`, `PhoneHintStatusEvent`).
//!
//! # Messages
//!
//! Every message of this area. Each has one wire example, on its type's page, or here
//! when its type has none (a test decodes each and encodes it back unchanged); where no
//! sample of a payload is known, the example is made up.
//!
//! - [`Dial`]: command `dial`
//! - [`DialFromMobile`]: command `dialFromMobile`
//! - [`DialFromQueue`]: command `dialFromQueue`
//! - [`DialByUsernameRequest`]: command `dialByUsername`
//! - [`Originate`]: command `originate`
//! - [`Hangup`]: command `hangup`
//! - [`Answer`]: command `answer`
//! - [`Hold`]: command `hold`
//! - [`DirectTransfer`]: command `directTransfer`
//! - [`AttendedTransfer`]: command `attendedTransfer`
//! - [`CompleteTransfer`]: command `completeTransfer`
//! - [`CancelTransfer`]: command `cancelTransfer`
//! - [`ToggleMicrophone`]: command `toggleMicrophone`
//! - [`SetData`]: command `setData`
//! - [`SendDtmf`]: command `sendDtmf`
//! - [`GetCurrentCallsPhoneEvents`]: command `getCurrentCallsPhoneEvents`
//! - [`RetrieveQueueCall`]: command `retrieveQueueCall`
//! - [`SubscribeToPhoneHints`]: command `subscribeToPhoneHints`
//! - [`UnsubscribeFromAllPhoneHints`]: command `unsubscribeFromAllPhoneHints`
//! - [`PhoneEvent`]: event `PhoneEvent`
//! - [`CurrentCallsPhoneEvents`]: event `CurrentCallsPhoneEvents`
//! - [`PhoneHintStatusEvent`]: event `PhoneHintStatusEvent`
//! - [`WebRtcCmd`]: event `WebRTCCmd`
//! - [`DialByUsername`]: event `DialByUsername`
//!
//!   ```json
//!   {"msgType":"DialByUsername","ctiMessage":{"username":"jbond","result":"ok"}}
//!   ```

use cti_proto_derive::Wire;
use smol_str::SmolStr;

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::queue::QueueCall;
use crate::wire::{Extra, FromWire};
use crate::wire::{Maybe, Nullable};

// ---- calling ----

/// `dial`: call `destination` from the user's phone, with optional call variables. The
/// web client calls `Cti.dial(number)` without them (CLIENTS.md §4, XucPhoneState:46),
/// so `variables` is left out, which strict mode accepts.
///
/// ```json
/// {"claz":"web","command":"dial","destination":"1002","variables":{"USR_ticket":"42"}}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "dial", new)]
pub struct Dial {
    /// Number to call.
    #[wire(new)]
    pub destination: SmolStr,
    /// Call variables; left out when the caller passed none.
    pub variables: Maybe<Variables>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `dialFromMobile`: call `destination` from the user's mobile.
///
/// ```json
/// {"claz":"web","command":"dialFromMobile","destination":"1002"}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "dialFromMobile", new)]
pub struct DialFromMobile {
    /// Number to call.
    #[wire(new)]
    pub destination: SmolStr,
    /// Call variables; left out when the caller passed none.
    pub variables: Maybe<Variables>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `dialFromQueue`: call `destination` on behalf of a queue. cti.js turns `queueId`
/// into a number with `parseInt`, so a value that does not parse is sent as `null`.
///
/// ```json
/// {"claz":"web","command":"dialFromQueue","destination":"0612345678","queueId":3,"callerIdName":"Support","callerIdNumber":"3000","variables":{}}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "dialFromQueue", new)]
pub struct DialFromQueue {
    /// Number to call.
    #[wire(new)]
    pub destination: SmolStr,
    /// The queue (`null` when the caller's id did not parse).
    #[wire(new)]
    pub queue_id: Nullable<i64>,
    /// Caller id name shown to the called party.
    pub caller_id_name: Maybe<SmolStr>,
    /// Caller id number shown to the called party.
    pub caller_id_number: Maybe<SmolStr>,
    /// Call variables.
    pub variables: Maybe<Variables>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `dialByUsername`: call a user by login. cti.js defines the method twice and the
/// second (username only) wins, so it never sends `variables`; they are accepted.
///
/// ```json
/// {"claz":"web","command":"dialByUsername","username":"jbond"}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "dialByUsername", new)]
pub struct DialByUsernameRequest {
    /// The user to call.
    #[wire(new)]
    pub username: SmolStr,
    /// Call variables (never sent by cti.js).
    pub variables: Maybe<Variables>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `originate`: start a call to `destination`.
///
/// ```json
/// {"claz":"web","command":"originate","destination":"1002"}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "originate", new)]
pub struct Originate {
    /// Number to call.
    #[wire(new)]
    pub destination: SmolStr,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `hangup`: hang up the current call, or the call `uniqueId` (sent only when the
/// caller gave one; older cti.js never sends it).
///
/// ```json
/// {"claz":"web","command":"hangup","uniqueId":"1469709960.78"}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "hangup", new)]
pub struct Hangup {
    /// The call to hang up.
    pub unique_id: Maybe<SmolStr>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `answer`: answer the ringing call, or the call `uniqueId`.
///
/// ```json
/// {"claz":"web","command":"answer"}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "answer", new)]
pub struct Answer {
    /// The call to answer.
    pub unique_id: Maybe<SmolStr>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `hold`: hold (or resume) the current call, or the call `uniqueId`.
///
/// ```json
/// {"claz":"web","command":"hold"}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "hold", new)]
pub struct Hold {
    /// The call to hold.
    pub unique_id: Maybe<SmolStr>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

// ---- transfers ----

/// `directTransfer`: blind transfer of the current call.
///
/// ```json
/// {"claz":"web","command":"directTransfer","destination":"1003"}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "directTransfer", new)]
pub struct DirectTransfer {
    /// Where to transfer.
    #[wire(new)]
    pub destination: SmolStr,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `attendedTransfer`: consult `destination` before transferring; `device` is left out
/// when not given (older cti.js has no `device`).
///
/// ```json
/// {"claz":"web","command":"attendedTransfer","destination":"1003"}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "attendedTransfer", new)]
pub struct AttendedTransfer {
    /// Where to transfer.
    #[wire(new)]
    pub destination: SmolStr,
    /// The device to use (values not documented).
    pub device: Maybe<SmolStr>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `completeTransfer`: complete the attended transfer.
///
/// ```json
/// {"claz":"web","command":"completeTransfer"}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "completeTransfer", new)]
pub struct CompleteTransfer {
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `cancelTransfer`: cancel the attended transfer.
///
/// ```json
/// {"claz":"web","command":"cancelTransfer"}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "cancelTransfer", new)]
pub struct CancelTransfer {
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

// ---- during a call ----

/// `toggleMicrophone`: mute or unmute the WebRTC microphone, of the call `uniqueId`
/// when given.
///
/// ```json
/// {"claz":"web","command":"toggleMicrophone","uniqueId":"1469709960.78"}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "toggleMicrophone", new)]
pub struct ToggleMicrophone {
    /// The call.
    pub unique_id: Maybe<SmolStr>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `setData`: attach variables to the current call. The server prefixes keys with
/// `USR_` when missing; only `USR_*` keys come back in phone events.
///
/// ```json
/// {"claz":"web","command":"setData","variables":{"var1":"val1","USR_var2":"val2"}}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "setData", new)]
pub struct SetData {
    /// The variables.
    #[wire(new)]
    pub variables: Variables,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `sendDtmf`: send a DTMF digit on the current call.
///
/// ```json
/// {"claz":"web","command":"sendDtmf","key":"5"}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "sendDtmf", new)]
pub struct SendDtmf {
    /// The digit (`0`-`9`, `*`, `#`).
    #[wire(new)]
    pub key: SmolStr,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `getCurrentCallsPhoneEvents`: the phone events of the calls in progress, answered by
/// `CurrentCallsPhoneEvents`.
///
/// ```json
/// {"claz":"web","command":"getCurrentCallsPhoneEvents"}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "getCurrentCallsPhoneEvents", new)]
pub struct GetCurrentCallsPhoneEvents {
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `retrieveQueueCall`: take a call waiting in a queue; `queueCall` is an element of
/// `QueueCalls`, here the xuc Queue page's sample (CLIENTS.md §7.2). It may fail when
/// the user's device is already ringing or connected.
///
/// ```json
/// {"claz":"web","command":"retrieveQueueCall","queueCall":{"position":1,"name":"John Doe","number":"33356782212","queueTime":"2015-07-16T10:40:16.626+02:00"}}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "retrieveQueueCall", new)]
pub struct RetrieveQueueCall {
    /// The queued call, as `QueueCalls` gave it.
    #[wire(new)]
    pub queue_call: QueueCall,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

// ---- phone hints ----

/// `subscribeToPhoneHints`: follow the state of these numbers
/// (`PhoneHintStatusEvent`s).
///
/// ```json
/// {"claz":"web","command":"subscribeToPhoneHints","phoneNumbers":["1000","1002"]}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "subscribeToPhoneHints", new)]
pub struct SubscribeToPhoneHints {
    /// The numbers.
    #[wire(new)]
    pub phone_numbers: Vec<SmolStr>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `unsubscribeFromAllPhoneHints`: stop every phone-hint subscription.
///
/// ```json
/// {"claz":"web","command":"unsubscribeFromAllPhoneHints"}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "unsubscribeFromAllPhoneHints", new)]
pub struct UnsubscribeFromAllPhoneHints {
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `PhoneHintStatusEvent`: the state of a number followed with `subscribeToPhoneHints`.
/// Inferred from clients, so every field is optional.
///
/// ```json
/// {"msgType":"PhoneHintStatusEvent","ctiMessage":{"number":"1002","status":0}}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(event = "PhoneHintStatusEvent")]
pub struct PhoneHintStatusEvent {
    /// The number.
    pub number: Maybe<SmolStr>,
    /// Its state.
    pub status: Maybe<PhoneStatus>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

// ---- phone events ----

open_enum! {
    /// `PhoneEvent.eventType`. Only these have been seen; others are kept as sent.
    pub enum PhoneEventType: str {
        /// `"EventRinging"`: a call rings on the user's phone.
        EventRinging = "EventRinging",
        /// `"EventDialing"`: the user's phone is calling out.
        EventDialing = "EventDialing",
        /// `"EventEstablished"`: the call is answered.
        EventEstablished = "EventEstablished",
        /// `"EventReleased"`: the call is hung up (CLIENTS.md §3, XucPhoneEventListener:4-8).
        EventReleased = "EventReleased",
        /// `"EventOnHold"`: the call is on hold (CLIENTS.md §3, XucPhoneEventListener:4-8).
        EventOnHold = "EventOnHold",
    }
}

/// `PhoneEvent`: a call on the user's phone changed. `userData` holds the call's
/// variables (`XIVO_*`, `USR_*` set with `setData`, and `SIPCALLID`, which the web
/// client reads).
///
/// The web client (CLIENTS.md §2) requires `eventType`, `linkedId` and `uniqueId`, and
/// guards `otherDN`, `otherDName`, `queueName` and `userData` as possibly absent, never
/// as `null`: a `null` `userData` loses the event (the client reads
/// `userData.SIPCALLID` after testing only for `undefined`), and a `null` number, name
/// or queue is stored and shown as is (CLIENTS.md §5, XucPhoneState:90-98). Decoding
/// keeps such a `null` and reports it (`null_value`); strict decoding rejects it. The evidence says nothing
/// of `DN` being left out, so it stays required.
///
/// ```json
/// {"msgType":"PhoneEvent","ctiMessage":{"eventType":"EventDialing","DN":"1058","otherDN":"3000","linkedId":"1447670380.34","uniqueId":"1447670380.34","userData":{"XIVO_USERID":"9"}}}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(event = "PhoneEvent")]
pub struct PhoneEvent {
    /// What happened.
    pub event_type: PhoneEventType,
    /// The user's number.
    #[wire(key = "DN")]
    pub dn: SmolStr,
    /// The other party's number (absent or `""` when unknown).
    #[wire(key = "otherDN", no_null)]
    pub other_dn: Maybe<SmolStr>,
    /// The other party's name (read by clients; not in the samples).
    #[wire(no_null)]
    pub other_d_name: Maybe<SmolStr>,
    /// Id linking the channels of the call.
    pub linked_id: SmolStr,
    /// Id of this channel.
    pub unique_id: SmolStr,
    /// The queue the call came through, if any (the web client takes a call with a
    /// queue name as a queue call).
    #[wire(no_null)]
    pub queue_name: Maybe<SmolStr>,
    /// Direction of the call (the web client stores it; no value is known).
    pub call_direction: Maybe<SmolStr>,
    /// Call variables; absent when the call has none, never `null`.
    #[wire(no_null)]
    pub user_data: Maybe<Variables>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `CurrentCallsPhoneEvents`: answer to `getCurrentCallsPhoneEvents`, the phone events of
/// the calls in progress. An object holding the list (CLIENTS.md §2,
/// XucPhoneEventListener:30-32, XucPhoneState:130-134).
///
/// ```json
/// {"msgType":"CurrentCallsPhoneEvents","ctiMessage":{"events":[{"eventType":"EventEstablished","DN":"1000","otherDN":"1002","linkedId":"1.1","uniqueId":"1.2","userData":{}}]}}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(event = "CurrentCallsPhoneEvents")]
pub struct CurrentCallsPhoneEvents {
    /// One `PhoneEvent` payload per call.
    pub events: Vec<PhoneEvent>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

raw_payload! {
    /// `DialByUsername`: listed in `Cti.MessageType` (answer to `dialByUsername`); no
    /// sample is known, so the payload is kept as it came.
    #[wire(event = "DialByUsername")]
    pub struct DialByUsername;
}

open_enum! {
    /// `WebRTCCmd.command`: what the server asks the WebRTC phone to do.
    pub enum WebRtcCommand: str {
        /// `"Answer"`.
        Answer = "Answer",
        /// `"Hold"`.
        Hold = "Hold",
        /// `"SendDtmf"` (with `key`).
        SendDtmf = "SendDtmf",
        /// `"ToggleMicrophone"`.
        ToggleMicrophone = "ToggleMicrophone",
    }
}

/// `WebRTCCmd`: a command for the client's WebRTC phone. Inferred from `xc_webrtc.js`,
/// so every field is optional.
///
/// ```json
/// {"msgType":"WebRTCCmd","ctiMessage":{"command":"SendDtmf","sipCallId":"a84b4c76e66710","key":"5"}}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(event = "WebRTCCmd")]
pub struct WebRtcCmd {
    /// The command.
    pub command: Maybe<WebRtcCommand>,
    /// SIP Call-ID of the call it applies to.
    pub sip_call_id: Maybe<SmolStr>,
    /// The DTMF digit, for `SendDtmf`.
    pub key: Maybe<SmolStr>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

// ---- values of this area that other areas use too ----

open_enum! {
    /// Phone state of a user or number (`Cti.PhoneStatus`; Asterisk extension-state style
    /// codes). Sent as an integer: `"status": 0`.
    ///
    /// Asterisk combines its states as bit flags (`17` would be on hold and in use), but
    /// cti.js and the web client know only the codes below and show nothing for another
    /// one (CLIENTS.md §3, cti.js:445-469). So another code is kept (hidden `_Custom`), reported as
    /// `unknown_value`, and rejected by strict mode: a server checked in strict mode sends
    /// only these.
    pub enum PhoneStatus: i32 {
        /// `0`: available.
        Available = 0,
        /// `16`: on hold.
        OnHold = 16,
        /// `8`: ringing.
        Ringing = 8,
        /// `4`: unavailable (`INDISPONIBLE`).
        Indisponible = 4,
        /// `9`: busy and ringing.
        BusyAndRinging = 9,
        /// `1`: calling.
        Calling = 1,
        /// `2`: busy.
        Busy = 2,
        /// `-1`: deactivated.
        Deactivated = -1,
        /// `-2`: no such extension.
        Unexisting = -2,
        /// `-99`: error.
        Error = -99,
    }
}

/// Named string values in the order sent: call variables (`dial`, `setData`; the server
/// prefixes keys with `USR_`) and `PhoneEvent.userData` (`XIVO_*` and `USR_*` keys).
/// Decoding refuses a repeated key and a value that is not a string.
///
/// ```
/// use cti_proto::common::Variables;
/// let vars: Variables = [("var1", "val1"), ("USR_var2", "val2")].into_iter().collect();
/// assert_eq!(vars.get("USR_var2"), Some("val2"));
/// assert_eq!(serde_json::to_string(&vars).unwrap(), r#"{"var1":"val1","USR_var2":"val2"}"#);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Variables(Vec<(String, String)>);

impl Variables {
    /// No variables.
    pub fn new() -> Variables {
        Variables::default()
    }

    /// The value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Sets `name` (in place when present, else at the end).
    pub fn insert(&mut self, name: impl Into<String>, value: impl Into<String>) {
        let (name, value) = (name.into(), value.into());
        match self.0.iter_mut().find(|(k, _)| *k == name) {
            Some(entry) => entry.1 = value,
            None => self.0.push((name, value)),
        }
    }

    /// The variables, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// How many there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for Variables {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut vars = Variables::new();
        for (k, v) in iter {
            vars.insert(k, v);
        }
        vars
    }
}

impl Serialize for Variables {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

impl<'de> Deserialize<'de> for Variables {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        FromWire::from_wire(deserializer, &crate::wire::ctx::Context::detached())
    }
}

impl FromWire for Variables {
    fn from_wire<'de, D: Deserializer<'de>>(
        deserializer: D,
        cx: &crate::wire::ctx::Context,
    ) -> Result<Self, D::Error> {
        struct V<'c>(&'c crate::wire::ctx::Context);
        impl<'de> Visitor<'de> for V<'_> {
            type Value = Variables;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of strings")
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Variables, A::Error> {
                let mut out = Vec::new();
                let track = self.0.tracker();
                while let Some(key) = map.next_key::<crate::wire::WireStr<'de>>()? {
                    let key = key.0.into_owned();
                    let value = track.key(&key, || {
                        if out.iter().any(|(k, _)| *k == key) {
                            return Err(de::Error::custom(format_args!("duplicate key `{key}`")));
                        }
                        map.next_value_seed(crate::wire::Wire::<String>::new(self.0))
                    })?;
                    out.push((key, value));
                }
                Ok(Variables(out))
            }
        }
        deserializer.deserialize_map(V(cx))
    }
}

#[cfg(feature = "proptest")]
impl proptest::arbitrary::Arbitrary for Variables {
    type Parameters = ();
    type Strategy = proptest::strategy::BoxedStrategy<Self>;
    fn arbitrary_with(_: ()) -> Self::Strategy {
        use proptest::strategy::Strategy;
        proptest::collection::vec(
            ("[A-Za-z_]{1,8}", proptest::arbitrary::any::<String>()),
            0..3,
        )
        .prop_map(|pairs| pairs.into_iter().collect())
        .boxed()
    }
}

#[cfg(feature = "arbitrary")]
impl<'a> arbitrary::Arbitrary<'a> for Variables {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        let pairs: Vec<(String, String)> = u.arbitrary()?;
        Ok(pairs.into_iter().collect())
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Variables {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Variables".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "object",
            "description": "Named string values, in the order sent.",
            "additionalProperties": { "type": "string" },
        })
    }
}

#[cfg(feature = "proptest")]
crate::wire::arb::gen_via_arbitrary!(Variables);
