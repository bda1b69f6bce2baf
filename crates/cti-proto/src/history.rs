//! History: call history of the user, an agent, a queue or a customer (xuc "History" API:
//! `Cti.getUserCallHistory`, ...; `CallHistory`, `CustomerCallHistoryResponseWithId`).
//!
//! # Messages
//!
//! Every message of this area. Each has one wire example, on its type's page, or here
//! when its type has none (a test decodes each and encodes it back unchanged); where no
//! sample of a payload is known, the example is made up.
//!
//! - [`GetUserCallHistory`]: command `getUserCallHistory`
//! - [`GetUserCallHistoryByDays`]: command `getUserCallHistoryByDays`
//! - [`GetAgentCallHistory`]: command `getAgentCallHistory`
//! - [`GetQueueCallHistory`]: command `getQueueCallHistory`
//! - [`FindCustomerCallHistory`]: command `findCustomerCallHistory`
//! - [`CallHistory`]: event `CallHistory`
//! - [`RichCallHistory`]: event `RichCallHistory`
//!
//!   ```json
//!   {"msgType":"RichCallHistory","ctiMessage":{"list":[]}}
//!   ```
//! - [`CallHistoryByDays`]: event `CallHistoryByDays`
//!
//!   ```json
//!   {"msgType":"CallHistoryByDays","ctiMessage":[]}
//!   ```
//! - [`CustomerCallHistoryResponseWithId`]: event `CustomerCallHistoryResponseWithId`

use cti_proto_derive::Wire;
use smol_str::SmolStr;

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Serialize, Serializer};

use crate::phone::PhoneStatus;
use crate::video::VideoStatus;
use crate::wire::{Extra, FromWire, RawJson};
use crate::wire::{Maybe, NumberOrText};

/// `getUserCallHistory`: the user's last `size` calls, answered by `CallHistory`; with a
/// `null` size, the last 10 days.
///
/// ```json
/// {"claz":"web","command":"getUserCallHistory","size":20}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "getUserCallHistory", new)]
pub struct GetUserCallHistory {
    /// How many calls; `null` for the last 10 days.
    pub size: Maybe<i64>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `getUserCallHistoryByDays`: the user's calls of the last `days` days.
///
/// ```json
/// {"claz":"web","command":"getUserCallHistoryByDays","days":7}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "getUserCallHistoryByDays", new)]
pub struct GetUserCallHistoryByDays {
    /// How many days.
    #[wire(new)]
    pub days: i64,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `getAgentCallHistory`: the agent's last `size` calls, answered by `CallHistory`.
///
/// ```json
/// {"claz":"web","command":"getAgentCallHistory","size":20}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "getAgentCallHistory", new)]
pub struct GetAgentCallHistory {
    /// How many calls.
    #[wire(new)]
    pub size: i64,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `getQueueCallHistory`: the last `size` calls of the queues whose name contains `queue`.
///
/// ```json
/// {"claz":"web","command":"getQueueCallHistory","queue":"blue","size":20}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "getQueueCallHistory", new)]
pub struct GetQueueCallHistory {
    /// Part of a queue name.
    #[wire(new)]
    pub queue: SmolStr,
    /// How many calls.
    #[wire(new)]
    pub size: i64,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// The `request` of `findCustomerCallHistory`. The web client's query builder has an
/// `offset`, but cti.js does not send it (CLIENTS.md §4, XucCallHistory:103-106).
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(new)]
pub struct CustomerCallHistoryRequest {
    /// Search filters (shape not documented; kept as given).
    pub filters: Maybe<RawJson>,
    /// How many calls.
    pub size: Maybe<i64>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `findCustomerCallHistory`: the calls of a customer, answered by
/// `CustomerCallHistoryResponseWithId` carrying the same `id`.
///
/// ```json
/// {"claz":"web","command":"findCustomerCallHistory","id":1,"request":{"filters":[{"field":"src_num","operator":"=","value":"0612345678"}],"size":10}}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "findCustomerCallHistory", new)]
pub struct FindCustomerCallHistory {
    /// Correlation id chosen by the caller.
    #[wire(new)]
    pub id: NumberOrText,
    /// The search.
    #[wire(new)]
    pub request: CustomerCallHistoryRequest,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

open_enum! {
    /// `CallHistory` item `status`. The documented list is cut after `ongoing`; others are
    /// kept as sent.
    pub enum CallStatus: str {
        /// `"answered"`.
        Answered = "answered",
        /// `"abandoned"` (queue).
        Abandoned = "abandoned",
        /// `"timeout"` (queue).
        Timeout = "timeout",
        /// `"full"` (queue).
        Full = "full",
        /// `"closed"` (queue).
        Closed = "closed",
        /// `"joinempty"` (queue).
        JoinEmpty = "joinempty",
        /// `"leaveempty"` (queue).
        LeaveEmpty = "leaveempty",
        /// `"divert_ca_ratio"` (queue).
        DivertCaRatio = "divert_ca_ratio",
        /// `"divert_waittime"` (queue).
        DivertWaittime = "divert_waittime",
        /// `"emitted"`.
        Emitted = "emitted",
        /// `"missed"`.
        Missed = "missed",
        /// `"ongoing"`.
        Ongoing = "ongoing",
    }
}

/// One call of a `CallHistory`. User histories carry the `src*`/`dst*` user fields;
/// agent histories only the first five fields.
///
/// ```json
/// {"start":"2014-01-01 08:00:00","duration":"00:21:35","srcNum":"0115878","dstNum":"2547892","status":"answered"}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
pub struct CallHistoryItem {
    /// Start, `YYYY-MM-DD HH:MM:SS`.
    pub start: SmolStr,
    /// Duration, `HH:MM:SS`.
    pub duration: SmolStr,
    /// Calling user's login.
    pub src_username: Maybe<SmolStr>,
    /// Called user's login.
    pub dst_username: Maybe<SmolStr>,
    /// Outcome.
    pub status: CallStatus,
    /// Calling user's phone state.
    pub src_phone_status: Maybe<PhoneStatus>,
    /// Calling user's video state.
    pub src_video_status: Maybe<VideoStatus>,
    /// Called user's phone state.
    pub dst_phone_status: Maybe<PhoneStatus>,
    /// Called user's video state.
    pub dst_video_status: Maybe<VideoStatus>,
    /// Calling number.
    pub src_num: SmolStr,
    /// Called number.
    pub dst_num: SmolStr,
    /// Calling user's first name.
    pub src_first_name: Maybe<SmolStr>,
    /// Calling user's last name.
    pub src_last_name: Maybe<SmolStr>,
    /// Called user's first name.
    pub dst_first_name: Maybe<SmolStr>,
    /// Called user's last name.
    pub dst_last_name: Maybe<SmolStr>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

wire_message!(CallHistory, event = "CallHistory");

/// `CallHistory`: answer to `getUserCallHistory`, `getUserCallHistoryByDays` and
/// `getAgentCallHistory`. The docs show single items and do not say whether the payload
/// is one item or an array of them, so both are read, and written back as they came.
///
/// ```json
/// {"msgType":"CallHistory","ctiMessage":[{"start":"2014-01-01 08:00:00","duration":"00:21:35","status":"answered","srcNum":"0115878","dstNum":"2547892"}]}
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CallHistory {
    /// The payload is one item.
    Item(Box<CallHistoryItem>),
    /// The payload is an array of items.
    List(Vec<CallHistoryItem>),
}

impl CallHistory {
    /// The calls.
    pub fn items(&self) -> &[CallHistoryItem] {
        match self {
            CallHistory::Item(item) => std::slice::from_ref(item),
            CallHistory::List(items) => items,
        }
    }
}

impl Default for CallHistory {
    fn default() -> Self {
        CallHistory::List(Vec::new())
    }
}

impl Serialize for CallHistory {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            CallHistory::Item(item) => item.serialize(serializer),
            CallHistory::List(items) => items.serialize(serializer),
        }
    }
}

impl FromWire for CallHistory {
    // An item or an array of them: `Each` covers both.
    const SECRETS: crate::wire::Secrets = <Vec<CallHistoryItem> as FromWire>::SECRETS;

    fn from_wire<'de, D: Deserializer<'de>>(
        deserializer: D,
        cx: &crate::wire::ctx::Context,
    ) -> Result<Self, D::Error> {
        struct V<'c>(&'c crate::wire::ctx::Context);
        impl<'de> Visitor<'de> for V<'_> {
            type Value = CallHistory;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a call history item or an array of them")
            }
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<CallHistory, A::Error> {
                CallHistoryItem::from_map(map, self.0).map(|item| CallHistory::Item(Box::new(item)))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<CallHistory, A::Error> {
                let items = de::value::SeqAccessDeserializer::new(seq);
                Vec::<CallHistoryItem>::from_wire(items, self.0).map(CallHistory::List)
            }
        }
        deserializer.deserialize_any(V(cx))
    }
}

#[cfg(feature = "proptest")]
impl proptest::arbitrary::Arbitrary for CallHistory {
    type Parameters = ();
    type Strategy = proptest::strategy::BoxedStrategy<Self>;
    fn arbitrary_with(_: ()) -> Self::Strategy {
        use crate::wire::arb::Gen;
        use proptest::strategy::Strategy;
        proptest::prop_oneof![
            CallHistoryItem::gen().prop_map(|item| CallHistory::Item(Box::new(item))),
            Vec::<CallHistoryItem>::gen().prop_map(CallHistory::List),
        ]
        .boxed()
    }
}

#[cfg(feature = "proptest")]
crate::wire::arb::gen_via_arbitrary!(CallHistory);

#[cfg(feature = "arbitrary")]
impl<'a> arbitrary::Arbitrary<'a> for CallHistory {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(if u.arbitrary()? {
            CallHistory::Item(u.arbitrary()?)
        } else {
            CallHistory::List(u.arbitrary()?)
        })
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for CallHistory {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "CallHistory".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let item = generator.subschema_for::<CallHistoryItem>();
        schemars::json_schema!({
            "description": "The calls: one item, or an array of items.",
            "anyOf": [item, { "type": "array", "items": item }],
        })
    }
}

/// A call of a customer's history. The web client reads only `start`; the other fields
/// are kept.
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
pub struct CustomerCall {
    /// When the call started.
    pub start: SmolStr,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// The `response` of `CustomerCallHistoryResponseWithId`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
pub struct CustomerCallHistoryResponse {
    /// The calls.
    pub list: Vec<CustomerCall>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `CustomerCallHistoryResponseWithId`: answer to `findCustomerCallHistory`, with its
/// `id`; answers with an `id` nobody asked for are ignored by the web client
/// (CLIENTS.md §2, XucCallHistory:75-85).
///
/// ```json
/// {"msgType":"CustomerCallHistoryResponseWithId","ctiMessage":{"id":1,"response":{"list":[{"start":"2024-01-02 10:00:00"}]}}}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(event = "CustomerCallHistoryResponseWithId")]
pub struct CustomerCallHistoryResponseWithId {
    /// The `id` of the request.
    pub id: Maybe<NumberOrText>,
    /// The calls found.
    pub response: Maybe<CustomerCallHistoryResponse>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

raw_payload! {
    /// `RichCallHistory`: a call history with more detail (newer than the older cti.js). No
    /// sample is known, so the payload is kept as it came.
    #[wire(event = "RichCallHistory")]
    pub struct RichCallHistory;
}

raw_payload! {
    /// `CallHistoryByDays`: listed in `Cti.MessageType`; no sample is known, so the payload
    /// is kept as it came.
    #[wire(event = "CallHistoryByDays")]
    pub struct CallHistoryByDays;
}
