//! The envelope step: the frame's object, its tags (borrowed from the frame), and the
//! payload decoded in the same pass when the tag comes first.

use std::borrow::Cow;
use std::cell::Cell;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;

use super::error::{DecodeError, ErrorKind, PayloadFailure};
use crate::command::{Command, CommandKind};
use crate::event::{Event, EventKind};
use crate::wire::ctx::Context;
use crate::wire::{Extra, RawJson, WireStr};

/// The value of the top-level string field `key`, read without reading the rest of the
/// frame: the visitor stops the parse with an error as soon as it has the tag. `None` when
/// the frame is not an object or has no such string field before a syntax error.
pub(super) fn peek_tag<'a>(frame: &'a str, key: &'static str) -> Option<Cow<'a, str>> {
    struct Peek<'c, 'a> {
        key: &'static str,
        found: &'c Cell<Option<Cow<'a, str>>>,
    }
    impl<'de> Visitor<'de> for Peek<'_, 'de> {
        type Value = ();
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a JSON object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            while let Some(key) = map.next_key::<WireStr<'de>>()? {
                if key.0 == self.key {
                    let tag = map.next_value::<WireStr<'de>>()?;
                    self.found.set(Some(tag.0));
                    // Found: stop reading here.
                    return Err(de::Error::custom("tag found"));
                }
                map.next_value::<IgnoredAny>()?;
            }
            Ok(())
        }
    }
    let found = Cell::new(None);
    let mut de = serde_json::Deserializer::from_str(frame);
    let _ = de.deserialize_map(Peek { key, found: &found });
    found.into_inner()
}

/// What the envelope step learnt when it failed: what kind of failure it was and at which
/// key, recorded where the failure happened, and the tag if it had been read (copied only
/// when failing).
#[derive(Default)]
pub(super) struct EnvelopeState {
    pub(super) problem: Cell<Option<(ErrorKind, &'static str)>>,
    pub(super) tag: std::cell::RefCell<Option<String>>,
    /// Whether the frame's object was opened (the failure, if any, is inside it).
    entered: Cell<bool>,
}

impl EnvelopeState {
    pub(super) fn error(
        &self,
        frame: &str,
        error: serde_json::Error,
        trailing: bool,
    ) -> DecodeError {
        let problem = self.problem.get();
        let known = (problem.map(|(kind, _)| kind), trailing);
        let mut error = DecodeError::from_json(frame, error, known, None);
        if let Some((_, key)) = problem.filter(|(kind, _)| *kind == error.kind()) {
            error = error.with_pointer(if key.is_empty() {
                String::new()
            } else {
                format!("/{key}")
            });
        }
        match self.tag.take() {
            Some(tag) => error.with_kind(&tag),
            None => error,
        }
    }

    /// The error of a pass over the whole frame: an envelope failure where the envelope
    /// step said so; otherwise a failure of the payload, at the tracked path.
    pub(super) fn failure(&self, frame: &str, failure: PayloadFailure) -> DecodeError {
        let envelope_problem = self.problem.get().is_some();
        let mut error = self.error(frame, failure.error, failure.trailing);
        if !envelope_problem {
            if failure.strict && error.kind() == ErrorKind::Payload {
                error.0.kind = ErrorKind::Irregular;
            }
            // Inside the payload (a bad value, or bad JSON in it): where.
            let in_payload =
                error.kind() != ErrorKind::TrailingCharacters && !failure.pointer.is_empty();
            if in_payload || error.kind() == ErrorKind::Payload {
                error = error.with_pointer(failure.pointer);
            }
        }
        error
    }

    /// Records a failure of `kind` at `key`, where it happens; gives the error back.
    pub(super) fn fail<E>(&self, kind: ErrorKind, key: &'static str, error: E) -> E {
        self.problem.set(Some((kind, key)));
        error
    }

    /// The frame as a whole: its object, read by `visitor`. A failure before the object
    /// opens is the frame not being one (or bad JSON, which serde_json's error says).
    fn frame_object<'de, D: Deserializer<'de>, V: Visitor<'de>>(
        &self,
        deserializer: D,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        // Each pass over the frame starts afresh.
        self.entered.set(false);
        self.problem.set(None);
        self.tag.take();
        deserializer.deserialize_map(visitor).map_err(|error| {
            if self.entered.get() {
                error
            } else {
                self.fail(ErrorKind::NotAnObject, "", error)
            }
        })
    }

    /// Keeps a copy of the tag read so far when `result` is a failure.
    pub(super) fn on_error<T, E>(&self, result: Result<T, E>, tag: Option<&str>) -> Result<T, E> {
        if result.is_err() {
            *self.tag.borrow_mut() = tag.map(str::to_owned);
        }
        result
    }
}

/// The envelope step of either direction as a seed: `E` is what it reads
/// ([`EventEnvelope`] or [`CommandEnvelope`]), each with its own visitor below.
pub(super) struct EnvelopeSeed<'s, E> {
    state: &'s EnvelopeState,
    strict: bool,
    cx: &'s Context,
    reads: PhantomData<fn() -> E>,
}

impl<'s, E> EnvelopeSeed<'s, E> {
    pub(super) fn new(state: &'s EnvelopeState, strict: bool, cx: &'s Context) -> Self {
        EnvelopeSeed {
            state,
            strict,
            cx,
            reads: PhantomData,
        }
    }
}

impl<'de, E> DeserializeSeed<'de> for EnvelopeSeed<'_, E>
where
    Self: Visitor<'de, Value = E>,
{
    type Value = E;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<E, D::Error> {
        self.state.frame_object(deserializer, self)
    }
}

pub(super) struct EventEnvelope<'a> {
    pub(super) msg_type: Option<Cow<'a, str>>,
    /// The kind of `msg_type`, when it is a known one.
    pub(super) kind: Option<EventKind>,
    pub(super) payload: Payload<'a>,
    pub(super) extras: Vec<String>,
}

/// The `ctiMessage` of a frame, as the envelope step left it.
pub(super) enum Payload<'a> {
    Absent,
    /// Decoded in the same pass (the tag came first).
    Typed(Event),
    /// Kept for later: the tag came after it, or it is of an unknown or (in strict mode)
    /// deprecated kind.
    Raw(RawText<'a>),
}

/// A value's JSON text, borrowed from the frame: the codec's own reader gives it as a
/// string (see [`super::RAW_JSON`]), serde_json as a `&RawValue`.
pub(super) struct RawText<'a>(pub(super) &'a str);

impl<'de> Deserialize<'de> for RawText<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawText<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<RawText<'de>, E> {
                Ok(RawText(text))
            }
            fn visit_newtype_struct<D: Deserializer<'de>>(
                self,
                deserializer: D,
            ) -> Result<RawText<'de>, D::Error> {
                <&RawValue>::deserialize(deserializer).map(|raw| RawText(raw.get()))
            }
        }
        deserializer.deserialize_newtype_struct(super::RAW_JSON, V)
    }
}

/// Decodes a payload of a known kind, as a seed.
pub(super) struct PayloadSeed<'c>(EventKind, &'c Context);

impl<'de> DeserializeSeed<'de> for PayloadSeed<'_> {
    type Value = Event;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Event, D::Error> {
        self.0.decode(deserializer, self.1)
    }
}

impl<'de> Visitor<'de> for EnvelopeSeed<'_, EventEnvelope<'de>> {
    type Value = EventEnvelope<'de>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let state = self.state;
        state.entered.set(true);
        let mut envelope = EventEnvelope {
            msg_type: None,
            kind: None,
            payload: Payload::Absent,
            extras: Vec::new(),
        };
        let result = (|| {
            while let Some(key) = map.next_key::<WireStr<'de>>()? {
                match key.0.as_ref() {
                    "msgType" => {
                        let seen = envelope.msg_type.is_some();
                        let tag = read_tag(&mut map, state, "msgType", seen)?;
                        envelope.kind = EventKind::from_tag(&tag);
                        envelope.msg_type = Some(tag);
                    }
                    "ctiMessage" => {
                        if !matches!(envelope.payload, Payload::Absent) {
                            let error = de::Error::duplicate_field("ctiMessage");
                            return Err(state.fail(ErrorKind::Payload, "ctiMessage", error));
                        }
                        // Strict mode refuses a deprecated kind whatever its payload.
                        let typed = envelope
                            .kind
                            .filter(|kind| !(self.strict && kind.is_deprecated()));
                        envelope.payload = match typed {
                            Some(kind) => {
                                Payload::Typed(self.cx.tracker().key("ctiMessage", || {
                                    map.next_value_seed(PayloadSeed(kind, self.cx))
                                })?)
                            }
                            None => Payload::Raw(map.next_value()?),
                        };
                    }
                    other => {
                        map.next_value::<IgnoredAny>()?;
                        envelope.extras.push(other.to_owned());
                    }
                }
            }
            Ok(())
        })();
        state.on_error(result, envelope.msg_type.as_deref())?;
        Ok(envelope)
    }
}

/// Reads a tag value: a string, once.
pub(super) fn read_tag<'de, A: MapAccess<'de>>(
    map: &mut A,
    state: &EnvelopeState,
    name: &'static str,
    seen: bool,
) -> Result<Cow<'de, str>, A::Error> {
    if seen {
        let error = de::Error::custom(format_args!("duplicate `{name}`"));
        return Err(state.fail(ErrorKind::DuplicateTag, name, error));
    }
    // A data error here is a tag that is not a string; a syntax error stays one.
    let tag = map
        .next_value::<WireStr<'de>>()
        .map_err(|error| state.fail(ErrorKind::TagNotString, name, error))?;
    Ok(tag.0)
}

pub(super) struct CommandEnvelope<'a> {
    pub(super) claz: Option<Cow<'a, str>>,
    pub(super) command: Option<Cow<'a, str>>,
    pub(super) payload: CommandPayload,
}

/// The arguments of a command, as the envelope step left them.
pub(super) enum CommandPayload {
    /// Not read: a key came before the tags, or the kind is refused in strict mode.
    Later,
    /// Read in the same pass.
    Typed(Command),
    /// The arguments of an unknown command, read in the same pass.
    Args(Extra),
}

impl<'de> Visitor<'de> for EnvelopeSeed<'_, CommandEnvelope<'de>> {
    type Value = CommandEnvelope<'de>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let state = self.state;
        state.entered.set(true);
        let mut envelope = CommandEnvelope {
            claz: None,
            command: None,
            payload: CommandPayload::Later,
        };
        let mut other_keys = false;
        let result = (|| {
            while let Some(key) = map.next_key::<WireStr<'de>>()? {
                match key.0.as_ref() {
                    "claz" => {
                        let seen = envelope.claz.is_some();
                        envelope.claz = Some(read_tag(&mut map, state, "claz", seen)?);
                    }
                    "command" => {
                        let seen = envelope.command.is_some();
                        envelope.command = Some(read_tag(&mut map, state, "command", seen)?);
                    }
                    _ => {
                        other_keys = true;
                        map.next_value::<IgnoredAny>()?;
                    }
                }
                if other_keys {
                    continue;
                }
                // The tags first: read the rest as the arguments, in this pass.
                let (claz, command) = (envelope.claz.as_deref(), envelope.command.as_deref());
                let tags: &'static [&'static str] = match (claz, command) {
                    (Some("ping"), None) => &["claz"],
                    (Some(_), Some(_)) => &["claz", "command"],
                    _ => continue,
                };
                let rest = AfterTags {
                    map: &mut map,
                    tags,
                    state,
                };
                envelope.payload = match CommandKind::from_frame_tags(claz.unwrap_or(""), command) {
                    Some(kind) if self.strict && kind.is_deprecated() => return drain(rest),
                    Some(kind) => CommandPayload::Typed(kind.decode_map(rest, self.cx)?),
                    None if self.strict || claz == Some("web") && command.is_none() => {
                        return drain(rest)
                    }
                    None => CommandPayload::Args(UnknownArgs.visit_map(rest)?),
                };
                return Ok(());
            }
            Ok(())
        })();
        let claz = envelope.claz.as_deref().filter(|claz| *claz != "web");
        // `web` names no message: only an unknown `claz` or `ping` does.
        state.on_error(result, envelope.command.as_deref().or(claz))?;
        Ok(envelope)
    }
}

/// Skips what is left of an object, still refusing a repeated tag.
pub(super) fn drain<'de, A: MapAccess<'de>>(mut rest: AfterTags<'_, A>) -> Result<(), A::Error> {
    while rest.next_key::<IgnoredAny>()?.is_some() {
        rest.next_value::<IgnoredAny>()?;
    }
    Ok(())
}

/// The rest of a command object once its tags are read: the same map, refusing the tags
/// a second time.
pub(super) struct AfterTags<'m, A> {
    pub(super) map: &'m mut A,
    pub(super) tags: &'static [&'static str],
    pub(super) state: &'m EnvelopeState,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for AfterTags<'_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        use serde::de::value::{BorrowedStrDeserializer, StringDeserializer};
        let Some(key) = self.map.next_key::<WireStr<'de>>()? else {
            return Ok(None);
        };
        if let Some(tag) = self.tags.iter().find(|tag| **tag == key.0) {
            let error = de::Error::custom(format_args!("duplicate `{tag}`"));
            return Err(self.state.fail(ErrorKind::DuplicateTag, tag, error));
        }
        match key.0 {
            Cow::Borrowed(key) => seed
                .deserialize(BorrowedStrDeserializer::new(key))
                .map(Some),
            Cow::Owned(key) => seed.deserialize(StringDeserializer::new(key)).map(Some),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        self.map.next_value_seed(seed)
    }

    fn size_hint(&self) -> Option<usize> {
        self.map.size_hint()
    }
}

/// The arguments of an unknown command: every field but `claz` and `command`, in order.
pub(super) struct UnknownArgs;

impl<'de> Visitor<'de> for UnknownArgs {
    type Value = Extra;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Extra, A::Error> {
        let mut args = Extra::new();
        while let Some(key) = map.next_key::<WireStr<'de>>()? {
            match key.0.as_ref() {
                "claz" | "command" => {
                    map.next_value::<IgnoredAny>()?;
                }
                other => args.push(other, map.next_value::<RawJson>()?),
            }
        }
        Ok(args)
    }
}
