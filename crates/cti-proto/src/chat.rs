//! Chat: FlashText messages between users (xuc "Chat" API, formerly "FlashText":
//! `Cti.sendFlashTextMessage`, ...; `FlashTextEvent`). Every chat command carries a
//! `sequence` number chosen by the caller, which the answers carry back.
//!
//! # Messages
//!
//! Every message of this area. Each has one wire example, on its type's page, or here
//! when its type has none (a test decodes each and encodes it back unchanged); where no
//! sample of a payload is known, the example is made up.
//!
//! - [`FlashTextBrowserRequest`]: command `flashTextBrowserRequest`
//! - [`FlashTextEvent`]: event `FlashTextEvent`
//!
//!   ```json
//!   {"msgType":"FlashTextEvent","ctiMessage":{"event":"FlashTextSendMessageAck","sequence":1,"offline":false,"date":"2020-06-10T12:08:19.565Z"}}
//!   ```

use cti_proto_derive::Wire;
use smol_str::SmolStr;

use std::fmt;

use serde::de::{self, Deserializer, IgnoredAny, Visitor};
use serde::ser::SerializeMap;

use crate::wire::Maybe;
use serde::{Serialize, Serializer};

use crate::wire::{
    error_sentence, tolerate, DiagnosticCode, Extra, FromWire, RawJson, WireFields, WireStr,
};

open_enum! {
    /// `flashTextBrowserRequest.request`: what the chat command asks for.
    pub enum FlashTextRequest: str {
        /// `"FlashTextDirectMessage"` (`Cti.sendFlashTextMessage`): send `message`.
        FlashTextDirectMessage = "FlashTextDirectMessage",
        /// `"FlashTextDirectMessageHistory"` (`Cti.getFlashTextPartyHistory`): the
        /// conversation with `to`.
        FlashTextDirectMessageHistory = "FlashTextDirectMessageHistory",
        /// `"FlashTextMarkAsRead"` (`Cti.markFlashTextAsRead`): mark the conversation with
        /// `to` as read.
        FlashTextMarkAsRead = "FlashTextMarkAsRead",
    }
}

/// The other party of a chat command.
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(new)]
pub struct FlashTextRecipient {
    /// Login of the other party.
    #[wire(new)]
    pub username: SmolStr,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `flashTextBrowserRequest`: every chat command (`request` says which). `message` is
/// sent only with `FlashTextDirectMessage`, and only when not empty.
///
/// ```json
/// {"claz":"web","command":"flashTextBrowserRequest","request":"FlashTextDirectMessage","sequence":145,"to":{"username":"jbond"},"message":"How are you James ?"}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "flashTextBrowserRequest", new)]
pub struct FlashTextBrowserRequest {
    /// What is asked.
    #[wire(new)]
    pub request: FlashTextRequest,
    /// Correlation number chosen by the caller.
    #[wire(new)]
    pub sequence: i64,
    /// The other party.
    #[wire(new)]
    pub to: FlashTextRecipient,
    /// The text, for `FlashTextDirectMessage`.
    pub message: Maybe<SmolStr>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// A user in a `FlashTextUserMessage` (`phoneNumber` and `guid` are newer than 2019).
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
pub struct FlashTextParty {
    /// Login.
    pub username: SmolStr,
    /// Phone number.
    pub phone_number: Maybe<SmolStr>,
    /// Display name.
    pub display_name: Maybe<SmolStr>,
    /// Chat backend id.
    pub guid: Maybe<SmolStr>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `FlashTextUserMessage`: a message from another user. `to` is newer than 2019.
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(skip("event"))]
pub struct FlashTextUserMessage {
    /// The sender.
    pub from: FlashTextParty,
    /// The recipient.
    pub to: Maybe<FlashTextParty>,
    /// The sender's correlation number.
    pub sequence: i64,
    /// The text.
    pub message: SmolStr,
    /// When, ISO 8601 (`+02:00` or `Z`).
    pub date: Maybe<SmolStr>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `FlashTextSendMessageAck` / `FlashTextSendMessageAckOffline`: a message was
/// accepted (`offline` and `date` are newer than 2019).
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(skip("event"))]
pub struct FlashTextSendMessageAck {
    /// The `sequence` of the command.
    pub sequence: i64,
    /// Whether the recipient is offline (the message is kept for later).
    pub offline: Maybe<bool>,
    /// When, ISO 8601.
    pub date: Maybe<SmolStr>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `FlashTextSendMessageNack` (2019 and older): a message was not delivered.
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(skip("event"))]
pub struct FlashTextSendMessageNack {
    /// The `sequence` of the command.
    pub sequence: i64,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// A `FlashTextEvent` whose `event` this crate does not know: its `event` and the whole
/// payload, as received.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct FlashTextOther {
    /// The `event`.
    pub event: SmolStr,
    /// The `ctiMessage`, as received (with its `event`).
    pub payload: RawJson,
}

impl FlashTextOther {
    /// An event of kind `event` with no other field, for the test generators.
    #[cfg(any(feature = "proptest", feature = "arbitrary"))]
    fn bare(event: String) -> FlashTextEvent {
        let payload = RawJson::from_value(&serde_json::json!({ "event": event }));
        FlashTextEvent::Other(FlashTextOther {
            event: event.into(),
            payload,
        })
    }
}

wire_message!(FlashTextEvent, event = "FlashTextEvent");

/// `FlashTextEvent`: a chat event, told apart by the `event` field of the payload. Both the
/// current form (`event` first, with `to`, `offline`, `date`) and the 2019 form (`event`
/// last) are read; encoding writes `event` first.
///
/// ```
/// use cti_proto::{decode_event, Event, chat::FlashTextEvent};
/// let frame = r#"{"msgType":"FlashTextEvent","ctiMessage":{"sequence":241,"event":"FlashTextSendMessageAck"}}"#;
/// let Event::FlashTextEvent(chat) = decode_event(frame)?.message else { panic!("not chat") };
/// let FlashTextEvent::SendMessageAck(ack) = *chat else { panic!("not an ack") };
/// assert_eq!(ack.sequence, 241);
/// # Ok::<(), cti_proto::DecodeError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FlashTextEvent {
    /// `"FlashTextUserMessage"`.
    UserMessage(Box<FlashTextUserMessage>),
    /// `"FlashTextSendMessageAck"`.
    SendMessageAck(FlashTextSendMessageAck),
    /// `"FlashTextSendMessageAckOffline"`: accepted and kept, the recipient is offline.
    SendMessageAckOffline(FlashTextSendMessageAck),
    /// `"FlashTextSendMessageNack"`.
    SendMessageNack(FlashTextSendMessageNack),
    /// Any other `event`, kept as received.
    Other(FlashTextOther),
}

impl FlashTextEvent {
    /// The known `event` values.
    pub const KNOWN_EVENTS: &'static [&'static str] = &[
        "FlashTextUserMessage",
        "FlashTextSendMessageAck",
        "FlashTextSendMessageAckOffline",
        "FlashTextSendMessageNack",
    ];

    /// The `event`.
    pub fn event(&self) -> &str {
        match self {
            FlashTextEvent::UserMessage(_) => "FlashTextUserMessage",
            FlashTextEvent::SendMessageAck(_) => "FlashTextSendMessageAck",
            FlashTextEvent::SendMessageAckOffline(_) => "FlashTextSendMessageAckOffline",
            FlashTextEvent::SendMessageNack(_) => "FlashTextSendMessageNack",
            FlashTextEvent::Other(other) => &other.event,
        }
    }
}

impl Default for FlashTextEvent {
    fn default() -> Self {
        FlashTextEvent::SendMessageAck(FlashTextSendMessageAck::default())
    }
}

impl Serialize for FlashTextEvent {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        fn tagged<S: Serializer, T: WireFields>(
            s: S,
            event: &str,
            body: &T,
        ) -> Result<S::Ok, S::Error> {
            let mut map = s.serialize_map(None)?;
            map.serialize_entry("event", event)?;
            body.write_fields(&mut map)?;
            map.end()
        }
        let event = self.event();
        match self {
            FlashTextEvent::UserMessage(body) => tagged(serializer, event, body.as_ref()),
            FlashTextEvent::SendMessageAck(body) | FlashTextEvent::SendMessageAckOffline(body) => {
                tagged(serializer, event, body)
            }
            FlashTextEvent::SendMessageNack(body) => tagged(serializer, event, body),
            FlashTextEvent::Other(other) => other.payload.serialize(serializer),
        }
    }
}

/// The `event` of a payload, read without decoding the rest.
fn peek_event(cx: &crate::wire::ctx::Context, payload: &str) -> Result<String, serde_json::Error> {
    struct V<'c>(&'c crate::wire::ctx::Context);
    impl<'de> Visitor<'de> for V<'_> {
        type Value = String;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object (FlashTextEvent)")
        }
        fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<String, A::Error> {
            let mut event = None;
            while let Some(key) = map.next_key::<WireStr<'de>>()? {
                if key.0 == "event" {
                    if event.is_some() {
                        return Err(de::Error::duplicate_field("event"));
                    }
                    event = Some(
                        self.0
                            .tracker()
                            .key("event", || map.next_value::<WireStr<'de>>())?,
                    );
                } else {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            event
                .map(|event| event.0.into_owned())
                .ok_or_else(|| de::Error::missing_field("event"))
        }
    }
    let mut deserializer = serde_json::Deserializer::from_str(payload);
    de::Deserializer::deserialize_map(&mut deserializer, V(cx))
}

/// Decodes `payload` as a `T`, keeping the decode context (paths, diagnostics, mode).
fn decode_body<T: FromWire, E: de::Error>(
    cx: &crate::wire::ctx::Context,
    payload: &str,
) -> Result<T, E> {
    let mut deserializer = serde_json::Deserializer::from_str(payload);
    T::from_wire(&mut deserializer, cx).map_err(|error| E::custom(error_sentence(&error)))
}

// The body is chosen by its `event`: a secret in one would need saying where.
const _: () = assert!(
    FlashTextUserMessage::SECRETS.is_none()
        && FlashTextSendMessageAck::SECRETS.is_none()
        && FlashTextSendMessageNack::SECRETS.is_none(),
    "a FlashTextEvent body holds a Secret: give FlashTextEvent its SECRETS"
);

impl FromWire for FlashTextEvent {
    fn from_wire<'de, D: Deserializer<'de>>(
        deserializer: D,
        cx: &crate::wire::ctx::Context,
    ) -> Result<Self, D::Error> {
        let payload = RawJson::from_wire(deserializer, cx)?;
        let text = payload.get();
        let event =
            peek_event(cx, text).map_err(|error| de::Error::custom(error_sentence(&error)))?;
        Ok(match event.as_str() {
            "FlashTextUserMessage" => FlashTextEvent::UserMessage(Box::new(decode_body(cx, text)?)),
            "FlashTextSendMessageAck" => FlashTextEvent::SendMessageAck(decode_body(cx, text)?),
            "FlashTextSendMessageAckOffline" => {
                FlashTextEvent::SendMessageAckOffline(decode_body(cx, text)?)
            }
            "FlashTextSendMessageNack" => FlashTextEvent::SendMessageNack(decode_body(cx, text)?),
            _ => {
                cx.tracker().key("event", || {
                    tolerate::<D::Error>(cx, DiagnosticCode::UnknownValue, || {
                        format!("unknown FlashTextEvent event \"{event}\"")
                    })
                })?;
                FlashTextEvent::Other(FlashTextOther {
                    event: event.into(),
                    payload,
                })
            }
        })
    }
}

#[cfg(feature = "proptest")]
impl proptest::arbitrary::Arbitrary for FlashTextEvent {
    type Parameters = ();
    type Strategy = proptest::strategy::BoxedStrategy<Self>;
    fn arbitrary_with(_: ()) -> Self::Strategy {
        use proptest::prelude::*;
        prop_oneof![
            any::<FlashTextUserMessage>().prop_map(|m| FlashTextEvent::UserMessage(Box::new(m))),
            any::<FlashTextSendMessageAck>().prop_map(FlashTextEvent::SendMessageAck),
            any::<FlashTextSendMessageAck>().prop_map(FlashTextEvent::SendMessageAckOffline),
            any::<FlashTextSendMessageNack>().prop_map(FlashTextEvent::SendMessageNack),
            "FlashText[A-Za-z]{1,8}"
                .prop_filter("a known event", |e| !FlashTextEvent::KNOWN_EVENTS
                    .contains(&e.as_str()))
                .prop_map(FlashTextOther::bare),
        ]
        .boxed()
    }
}

#[cfg(feature = "proptest")]
crate::wire::arb::gen_via_arbitrary!(FlashTextEvent);

#[cfg(feature = "arbitrary")]
impl<'a> arbitrary::Arbitrary<'a> for FlashTextEvent {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(match u.int_in_range(0..=4)? {
            0 => FlashTextEvent::UserMessage(u.arbitrary()?),
            1 => FlashTextEvent::SendMessageAck(u.arbitrary()?),
            2 => FlashTextEvent::SendMessageAckOffline(u.arbitrary()?),
            3 => FlashTextEvent::SendMessageNack(u.arbitrary()?),
            _ => FlashTextOther::bare(format!("x{}", String::arbitrary(u)?)),
        })
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for FlashTextEvent {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "FlashTextEvent".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let tagged = |event: &str, body: schemars::Schema| {
            serde_json::json!({
                "allOf": [body, { "properties": { "event": { "const": event } }, "required": ["event"] }]
            })
        };
        let any_of = vec![
            tagged(
                "FlashTextUserMessage",
                generator.subschema_for::<FlashTextUserMessage>(),
            ),
            tagged(
                "FlashTextSendMessageAck",
                generator.subschema_for::<FlashTextSendMessageAck>(),
            ),
            tagged(
                "FlashTextSendMessageAckOffline",
                generator.subschema_for::<FlashTextSendMessageAck>(),
            ),
            tagged(
                "FlashTextSendMessageNack",
                generator.subschema_for::<FlashTextSendMessageNack>(),
            ),
            serde_json::json!({
                "type": "object",
                "description": "Any other event, kept as received.",
                "properties": { "event": { "type": "string", "not": { "enum": FlashTextEvent::KNOWN_EVENTS } } },
                "required": ["event"],
            }),
        ];
        schemars::json_schema!({
            "description": "A chat event, told apart by `event`.",
            "anyOf": any_of,
        })
    }
}
