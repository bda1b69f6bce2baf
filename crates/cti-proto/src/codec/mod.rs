//! The codec: tag peek, dispatch to the payload type, modes, diagnostics and errors.
//!
//! Decoding takes two steps. The envelope step reads the frame's object once, takes the
//! tag (borrowed from the frame) and, for events, the `ctiMessage` as its borrowed text
//! when the tag comes after it; it checks the frame is one JSON object with one tag. The
//! payload step decodes the payload straight into the kind's type. Field paths are worked
//! out only for frames that need them (see `wire::ctx`).
//!
//! `envelope` reads the frame's object and its tags; `read` is the first pass's reader of
//! the common frame (serde_json reads the rest); `error` is what a failure says; `encode`
//! writes messages as serde_json would, faster.

mod encode;
mod envelope;
mod error;
mod read;
mod redact;

use std::borrow::Cow;
use std::marker::PhantomData;

use serde::de::{DeserializeSeed, Deserializer};
use smol_str::SmolStr;

use crate::command::{Command, CommandKind, UnknownCommand};
use crate::event::{Event, EventKind, UnknownEvent};
use crate::wire::ctx::{push_pointer_token, Context};
use crate::wire::{Diagnostic, DiagnosticCode, Extra, Mode, RawJson};
use envelope::{
    peek_tag, CommandEnvelope, CommandPayload, EnvelopeSeed, EnvelopeState, EventEnvelope, Payload,
    UnknownArgs,
};
use error::{line_column, ParseError, PayloadFailure};
pub use error::{DecodeError, ErrorKind};
pub(crate) use read::RAW_JSON;
use redact::Direction;

/// The longest frame decoded by default: 1 MiB. Longer frames are refused before any
/// parsing ([`ErrorKind::TooLarge`]); see [`Decoder::with_max_frame_len`].
pub const DEFAULT_MAX_FRAME_LEN: usize = 1 << 20;

/// The deepest nesting of arrays and objects a frame may have, counting the frame's own
/// object: deeper frames are refused with [`ErrorKind::TooDeep`].
pub const MAX_NESTING: usize = 128;

/// How many bytes of a failed frame a [`DecodeError`] keeps.
pub const ERROR_FRAME_PREFIX: usize = 512;

/// A decoded message and what lenient decoding tolerated in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded<T> {
    /// The message.
    pub message: T,
    /// Deprecation and lenient-coercion reports, in frame order (the deprecation first).
    pub diagnostics: Vec<Diagnostic>,
}

/// Decodes frames with chosen options. `Decoder::default()` is lenient with a 1 MiB frame
/// limit, as are [`decode_event`] and [`decode_command`].
///
/// ```
/// use cti_proto::{Decoder, ErrorKind};
/// let strict = Decoder::strict();
/// let error = strict.decode_command(r#"{"claz":"web","command":"getFavorites"}"#).unwrap_err();
/// assert_eq!(error.kind(), ErrorKind::Deprecated);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoder {
    mode: Mode,
    max_frame_len: usize,
    /// Whether the first pass uses the codec's own reader (see `read`); off only to check
    /// it against serde_json's.
    own_reader: bool,
}

impl Default for Decoder {
    fn default() -> Self {
        Decoder {
            mode: Mode::Lenient,
            max_frame_len: DEFAULT_MAX_FRAME_LEN,
            own_reader: true,
        }
    }
}

/// Decodes a server event, leniently.
///
/// ```
/// use cti_proto::{decode_event, Event};
/// let frame = r#"{"msgType":"LoggedOnError","ctiMessage":{"Error":"loggedOnTimeout"}}"#;
/// let Event::LoggedOnError(error) = decode_event(frame).unwrap().message else { panic!() };
/// assert_eq!(error.error.as_str(), "loggedOnTimeout");
/// ```
pub fn decode_event(frame: &str) -> Result<Decoded<Event>, DecodeError> {
    Decoder::default().decode_event(frame)
}

/// Decodes a client command, leniently.
///
/// ```
/// use cti_proto::{decode_command, Command};
/// let decoded = decode_command(r#"{"claz":"web","command":"addFavorite","contactId":2,"source":"internal"}"#).unwrap();
/// let Command::AddFavorite(add) = decoded.message else { panic!() };
/// assert_eq!(add.contact_id.as_str(), "2");
/// assert_eq!(decoded.diagnostics[0].path, "/contactId"); // a number where the wire uses a string
/// ```
pub fn decode_command(frame: &str) -> Result<Decoded<Command>, DecodeError> {
    Decoder::default().decode_command(frame)
}

/// The canonical encoding of an event: `{"msgType":...,"ctiMessage":...}`.
pub fn encode_event(event: &Event) -> String {
    encode(event)
}

/// The canonical encoding of a command: byte for byte what cti.js sends.
pub fn encode_command(command: &Command) -> String {
    encode(command)
}

fn encode<T: serde::Serialize>(value: &T) -> String {
    // Every type here serializes to a JSON object with string keys, which cannot fail.
    encode::to_string(value).unwrap_or_default()
}

impl Decoder {
    /// A lenient decoder (the default).
    pub fn new() -> Decoder {
        Decoder::default()
    }

    /// A strict decoder: deprecated messages, unknown kinds and every irregularity that
    /// lenient mode reports are errors.
    pub fn strict() -> Decoder {
        Decoder::default().with_mode(Mode::Strict)
    }

    /// The decoder with this mode.
    pub fn with_mode(mut self, mode: Mode) -> Decoder {
        self.mode = mode;
        self
    }

    /// The decoder with this longest frame accepted, in bytes.
    pub fn with_max_frame_len(mut self, bytes: usize) -> Decoder {
        self.max_frame_len = bytes;
        self
    }

    /// The decoder reading every frame with serde_json only, without the codec's faster
    /// reader of the common frame: what the tests and fuzz targets compare it with. Its
    /// results are the same; only the speed differs.
    #[doc(hidden)]
    pub fn with_serde_json_only(mut self) -> Decoder {
        self.own_reader = false;
        self
    }

    /// The mode.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// The longest frame accepted, in bytes.
    pub fn max_frame_len(&self) -> usize {
        self.max_frame_len
    }

    /// Decodes a server event.
    pub fn decode_event(&self, frame: &str) -> Result<Decoded<Event>, DecodeError> {
        self.event(frame)
            .map(|(decoded, _)| decoded)
            .map_err(|error| error.redacted(frame, Direction::Event))
    }

    /// The frame decoded as an event, when it is one and has no top-level `claz` (which
    /// would make it a command to [`crate::Direction::sniff`]).
    pub(crate) fn event_without_claz(&self, frame: &str) -> Option<Decoded<Event>> {
        match self.event(frame) {
            Ok((decoded, false)) => Some(decoded),
            _ => None,
        }
    }

    /// The event, and whether a top-level key of the frame is `claz`.
    fn event(&self, frame: &str) -> Result<(Decoded<Event>, bool), DecodeError> {
        // One pass: when `msgType` comes before `ctiMessage` (as servers write it), the
        // payload is decoded straight into its type; otherwise it is kept as a borrowed
        // text and decoded in a second pass once the tag is known.
        let (envelope, payload_diagnostics, mut kept_raw) =
            self.envelope::<EventEnvelope<'_>>(frame)?;
        let Some(msg_type) = envelope.msg_type else {
            return Err(DecodeError::new(
                frame,
                ErrorKind::MissingTag,
                "the frame has no `msgType`",
            )
            .with_pointer(String::new()));
        };
        let kind = envelope.kind;
        let mut diagnostics = Vec::new();
        if let Some(kind) = kind {
            self.deprecation(
                frame,
                kind.as_str(),
                kind.deprecation(),
                "/msgType",
                &mut diagnostics,
            )?;
            if kind.is_client_local() {
                let tag = kind.as_str();
                let message = format!("`{tag}` is made by cti.js itself; a server never sends it");
                let code = (DiagnosticCode::ClientLocal, ErrorKind::Irregular);
                self.report_kind(
                    frame,
                    tag,
                    "/msgType",
                    code,
                    message.into(),
                    &mut diagnostics,
                )?;
            }
        }
        self.top_level_extras(frame, &msg_type, &envelope.extras, &mut diagnostics)?;
        kept_raw |= !envelope.extras.is_empty();
        let claz = envelope.extras.iter().any(|key| key == "claz");
        diagnostics.extend(payload_diagnostics);
        let Some(kind) = kind else {
            self.check_unknown_kind(frame, &msg_type, "/msgType")?;
            check_nesting(frame)?;
            let payload = match envelope.payload {
                Payload::Raw(raw) => Some(RawJson::from_text(raw.0).map_err(|error| {
                    // Not seen: the text was read as one JSON value already.
                    DecodeError::new(frame, ErrorKind::Payload, error.to_string())
                })?),
                _ => None,
            };
            let message = Event::Unknown(UnknownEvent::unchecked(msg_type, payload));
            let decoded = Decoded {
                message,
                diagnostics,
            };
            return Ok((decoded, claz));
        };
        let message = match envelope.payload {
            Payload::Typed(message) => message,
            Payload::Absent => kind.missing().ok_or_else(|| {
                DecodeError::new(frame, ErrorKind::Payload, "the frame has no `ctiMessage`")
                    .with_kind(kind.as_str())
            })?,
            Payload::Raw(raw) => {
                let base = offset_in(frame, raw.0);
                let (message, found, raw_inside) =
                    self.payload(raw.0, kind).map_err(|failure| {
                        failure.into_error(frame, base, "/ctiMessage", kind.as_str())
                    })?;
                kept_raw |= raw_inside;
                diagnostics.extend(found.into_iter().map(|d| Diagnostic {
                    path: format!("/ctiMessage{}", d.path).into(),
                    ..d
                }));
                message
            }
        };
        if kept_raw {
            check_nesting(frame)?;
        }
        let decoded = Decoded {
            message,
            diagnostics,
        };
        Ok((decoded, claz))
    }

    /// Decodes a server event only if `wanted` says yes to its `msgType`: a filter of
    /// wanted kinds. The tag is read first and reading stops there (when `msgType` is the
    /// first key, as servers write it, nothing else of the frame is read), so frames nobody
    /// asked for cost a fraction of a decode. `Ok(None)` is a frame whose kind is not
    /// wanted; it is not checked any further. A frame whose tag cannot be read is decoded
    /// in full, for its error.
    ///
    /// ```
    /// use cti_proto::{Decoder, EventKind};
    /// let decoder = Decoder::new();
    /// let wanted = |tag: &str| EventKind::from_tag(tag) == Some(EventKind::UserConfigUpdate);
    /// let skipped = decoder.decode_event_if(r#"{"msgType":"ContactSheet","ctiMessage":{"sheets":[]}}"#, wanted);
    /// assert!(skipped.unwrap().is_none());
    /// let kept = decoder.decode_event_if(r#"{"msgType":"UserConfigUpdate","ctiMessage":{}}"#, wanted);
    /// assert!(kept.unwrap().is_some());
    /// ```
    pub fn decode_event_if(
        &self,
        frame: &str,
        wanted: impl FnOnce(&str) -> bool,
    ) -> Result<Option<Decoded<Event>>, DecodeError> {
        if frame.len() <= self.max_frame_len {
            if let Some(tag) = peek_tag(frame, "msgType") {
                if !wanted(&tag) {
                    return Ok(None);
                }
            }
        }
        self.decode_event(frame).map(Some)
    }

    /// Decodes a server event given as bytes (a WebSocket text frame is UTF-8; bytes that
    /// are not are an [`ErrorKind::NotUtf8`] error).
    pub fn decode_event_bytes(&self, frame: &[u8]) -> Result<Decoded<Event>, DecodeError> {
        self.decode_event(utf8(frame, Direction::Event)?)
    }

    /// Decodes a client command given as bytes (see [`Decoder::decode_event_bytes`]).
    pub fn decode_command_bytes(&self, frame: &[u8]) -> Result<Decoded<Command>, DecodeError> {
        self.decode_command(utf8(frame, Direction::Command)?)
    }

    /// Decodes a client command.
    pub fn decode_command(&self, frame: &str) -> Result<Decoded<Command>, DecodeError> {
        self.command(frame)
            .map_err(|error| error.redacted(frame, Direction::Command))
    }

    fn command(&self, frame: &str) -> Result<Decoded<Command>, DecodeError> {
        // One pass when `claz` and `command` come first (as cti.js writes them): the rest
        // of the object is read straight into the command's arguments. Otherwise the tags
        // are found first and the frame read again.
        let (envelope, found, mut kept_raw) = self.envelope::<CommandEnvelope<'_>>(frame)?;
        let Some(claz) = envelope.claz else {
            return Err(
                DecodeError::new(frame, ErrorKind::MissingTag, "the frame has no `claz`")
                    .with_pointer(String::new()),
            );
        };
        if claz == "web" && envelope.command.is_none() {
            return Err(DecodeError::new(
                frame,
                ErrorKind::MissingTag,
                "the frame has `claz` \"web\" but no `command`",
            )
            .with_pointer(String::new()));
        }
        let mut diagnostics = Vec::new();
        let Some(kind) = CommandKind::from_frame_tags(&claz, envelope.command.as_deref()) else {
            let name = envelope.command.as_deref().unwrap_or(&claz);
            let key = if envelope.command.is_some() {
                "/command"
            } else {
                "/claz"
            };
            self.check_unknown_kind(frame, name, key)?;
            check_nesting(frame)?;
            let args = match envelope.payload {
                CommandPayload::Args(args) => args,
                _ => {
                    self.payload(frame, UnknownArgs)
                        .map_err(|failure| failure.into_error(frame, 0, "", name))?
                        .0
                }
            };
            let command = envelope.command.map(SmolStr::from);
            let message = Command::Unknown(UnknownCommand {
                claz: claz.into(),
                command,
                args,
            });
            return Ok(Decoded {
                message,
                diagnostics,
            });
        };
        self.deprecation(
            frame,
            kind.as_str(),
            kind.deprecation(),
            "/command",
            &mut diagnostics,
        )?;
        let message = match envelope.payload {
            CommandPayload::Typed(message) => {
                diagnostics.extend(found);
                message
            }
            _ => {
                let (message, found, raw_inside) = self
                    .payload(frame, kind)
                    .map_err(|failure| failure.into_error(frame, 0, "", kind.as_str()))?;
                kept_raw |= raw_inside;
                diagnostics.extend(found);
                message
            }
        };
        if kept_raw {
            check_nesting(frame)?;
        }
        Ok(Decoded {
            message,
            diagnostics,
        })
    }

    /// The envelope step of either direction, shared: the length limit, then one pass
    /// over the frame's object (see [`Decoder::payload`]), a failure turned into the
    /// frame's error. Also gives the payload's diagnostics and whether raw JSON was kept.
    fn envelope<'a, E>(&self, frame: &'a str) -> Result<(E, Vec<Diagnostic>, bool), DecodeError>
    where
        for<'s> EnvelopeSeed<'s, E>: DeserializeSeed<'a, Value = E>,
    {
        self.check_len(frame)?;
        let state = EnvelopeState::default();
        let strict = self.mode == Mode::Strict;
        let pass = EnvelopePass {
            state: &state,
            strict,
            reads: PhantomData,
        };
        self.payload(frame, pass)
            .map_err(|failure| state.failure(frame, failure))
    }

    fn check_len(&self, frame: &str) -> Result<(), DecodeError> {
        if frame.len() > self.max_frame_len {
            let message = format!(
                "the frame is {} bytes long, over the limit of {} bytes",
                frame.len(),
                self.max_frame_len
            );
            return Err(DecodeError::new(frame, ErrorKind::TooLarge, message));
        }
        Ok(())
    }

    fn check_unknown_kind(&self, frame: &str, tag: &str, key: &str) -> Result<(), DecodeError> {
        match self.mode {
            Mode::Strict => Err(DecodeError::new(
                frame,
                ErrorKind::UnknownKind,
                format!("unknown message kind `{tag}` (rejected in strict mode)"),
            )
            .with_kind(tag)
            .with_pointer(key.to_owned())),
            _ => Ok(()),
        }
    }

    fn deprecation(
        &self,
        frame: &str,
        tag: &str,
        deprecation: Option<&'static str>,
        path: &'static str,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Result<(), DecodeError> {
        let Some(message) = deprecation else {
            return Ok(());
        };
        let code = (DiagnosticCode::Deprecated, ErrorKind::Deprecated);
        self.report_kind(frame, tag, path, code, message.into(), diagnostics)
    }

    /// Something about a message's kind as a whole (deprecated, client-local): a
    /// diagnostic at `path`, or in strict mode an error of `kind`.
    fn report_kind(
        &self,
        frame: &str,
        tag: &str,
        path: &'static str,
        (code, kind): (DiagnosticCode, ErrorKind),
        message: Cow<'static, str>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Result<(), DecodeError> {
        match self.mode {
            Mode::Strict => {
                Err(
                    DecodeError::new(frame, kind, format!("{message} (rejected in strict mode)"))
                        .with_kind(tag)
                        .with_pointer(path.to_owned()),
                )
            }
            _ => {
                diagnostics.push(Diagnostic {
                    code,
                    path: path.into(),
                    message,
                });
                Ok(())
            }
        }
    }

    fn top_level_extras(
        &self,
        frame: &str,
        tag: &str,
        extras: &[String],
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Result<(), DecodeError> {
        for key in extras {
            let mut path = String::from("/");
            push_pointer_token(&mut path, key);
            let message = format!(
                "unknown top-level field `{key}`: an event has only `msgType` and `ctiMessage`"
            );
            if self.mode == Mode::Strict {
                return Err(DecodeError::new(
                    frame,
                    ErrorKind::Irregular,
                    format!("{message} (rejected in strict mode)"),
                )
                .with_kind(tag)
                .with_pointer(path));
            }
            diagnostics.push(Diagnostic {
                code: DiagnosticCode::UnknownField,
                path: path.into(),
                message: format!("{message}; dropped").into(),
            });
        }
        Ok(())
    }

    /// Decodes `text` with `pass`: fast first, with the codec's own reader (or serde_json's
    /// where that one refuses the text); again with paths, by serde_json, when the first
    /// pass found irregularities (to report them) or failed (to locate the failure). Also
    /// says whether the value kept raw JSON.
    fn payload<'a, P: Pass<'a>>(
        &self,
        text: &'a str,
        pass: P,
    ) -> Result<(P::Value, Vec<Diagnostic>, bool), PayloadFailure> {
        // The first pass: our reader's, or serde_json's where ours refuses the frame.
        let mut cx = Context::first_pass(self.mode);
        let mut first = match self.own_reader {
            true => read::parse(text, |reader| pass.read(reader, &cx)),
            false => Err(read::Failure::Refused),
        };
        if let Err(read::Failure::Refused) = first {
            cx = Context::first_pass(self.mode);
            first = parse(text, |de| pass.read(de, &cx)).map_err(|_| read::Failure::Visitor);
        }
        if let (Ok(value), 0) = (first, cx.irregularities()) {
            return Ok((value, Vec::new(), cx.kept_raw()));
        }
        let cx = Context::new(self.mode, true);
        match parse(text, |de| pass.read(de, &cx)) {
            Ok(value) => Ok((value, cx.take_diagnostics(), cx.kept_raw())),
            Err(ParseError { error, trailing }) => Err(PayloadFailure {
                error,
                trailing,
                pointer: cx.pointer(),
                strict: cx.rejected(),
            }),
        }
    }
}

/// What one pass reads from a text, under either reader.
trait Pass<'a> {
    type Value;
    fn read<D: Deserializer<'a>>(&self, de: D, cx: &Context) -> Result<Self::Value, D::Error>;
}

/// The envelope step of either direction (see [`EnvelopeSeed`]).
struct EnvelopePass<'s, E> {
    state: &'s EnvelopeState,
    strict: bool,
    reads: PhantomData<fn() -> E>,
}

impl<'a, E> Pass<'a> for EnvelopePass<'_, E>
where
    for<'s> EnvelopeSeed<'s, E>: DeserializeSeed<'a, Value = E>,
{
    type Value = E;
    fn read<D: Deserializer<'a>>(&self, de: D, cx: &Context) -> Result<E, D::Error> {
        EnvelopeSeed::new(self.state, self.strict, cx).deserialize(de)
    }
}

/// An event's payload, of this kind.
impl<'a> Pass<'a> for EventKind {
    type Value = Event;
    fn read<D: Deserializer<'a>>(&self, de: D, cx: &Context) -> Result<Event, D::Error> {
        self.decode(de, cx)
    }
}

/// A command, of this kind.
impl<'a> Pass<'a> for CommandKind {
    type Value = Command;
    fn read<D: Deserializer<'a>>(&self, de: D, cx: &Context) -> Result<Command, D::Error> {
        self.decode(de, cx)
    }
}

/// The arguments of an unknown command.
impl<'a> Pass<'a> for UnknownArgs {
    type Value = Extra;
    fn read<D: Deserializer<'a>>(&self, de: D, _: &Context) -> Result<Extra, D::Error> {
        de.deserialize_map(UnknownArgs)
    }
}

fn utf8(frame: &[u8], direction: Direction) -> Result<&str, DecodeError> {
    std::str::from_utf8(frame).map_err(|e| {
        let valid = &frame[..e.valid_up_to()];
        let text = String::from_utf8_lossy(frame);
        let mut error = DecodeError::new(
            &text,
            ErrorKind::NotUtf8,
            format!("the frame is not UTF-8: {e}"),
        );
        // Where the bad byte is: the text before it is valid UTF-8.
        let (line, column) = line_column(std::str::from_utf8(valid).unwrap_or(""), valid.len());
        error.0.line = Some(line);
        error.0.column = Some(column + 1);
        error.redacted(&text, direction)
    })
}

/// Parses one whole JSON text: nothing but white space may follow the value.
fn parse<'a, T>(
    text: &'a str,
    read: impl FnOnce(
        &mut serde_json::Deserializer<serde_json::de::StrRead<'a>>,
    ) -> Result<T, serde_json::Error>,
) -> Result<T, ParseError> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = read(&mut de).map_err(|error| ParseError {
        error,
        trailing: false,
    })?;
    // What fails here is what follows the value.
    de.end().map_err(|error| ParseError {
        error,
        trailing: true,
    })?;
    Ok(value)
}

/// Refuses a frame whose arrays and objects nest deeper than [`MAX_NESTING`]. Typed
/// fields cannot nest deeper than their type (serde_json also stops at 128 levels); this
/// check is for frames that keep JSON raw (unknown kinds, extra fields), which serde_json
/// skips over without a limit.
///
/// A frame with at most [`MAX_NESTING`] `[` and `{` bytes in all cannot nest deeper, so
/// the common frame costs a count of those bytes (a loop the compiler vectorizes, about a
/// tenth of the scan's instructions per byte); only a frame with more of them is scanned
/// for its depth, strings and escapes tracked, to find where it goes too deep.
pub(super) fn check_nesting(frame: &str) -> Result<(), DecodeError> {
    let bytes = frame.as_bytes();
    if openings_at_most(bytes, MAX_NESTING) {
        return Ok(());
    }
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for (offset, &byte) in bytes.iter().enumerate() {
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    let mut error = DecodeError::new(
                        frame,
                        ErrorKind::TooDeep,
                        format!("arrays and objects nest deeper than the limit of {MAX_NESTING}"),
                    );
                    let (line, column) = line_column(frame, offset + 1);
                    error.0.line = Some(line);
                    error.0.column = Some(column);
                    return Err(error);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// Whether `bytes` holds at most `limit` opening brackets (`[` or `{`, in strings too).
fn openings_at_most(bytes: &[u8], limit: usize) -> bool {
    let mut count = 0;
    // Blocks of 255 bytes, counted in a `u8` that cannot overflow: the compiler
    // vectorizes the inner loop. `[` is 0x5b and `{` 0x7b: the only bytes that are `{`
    // with the 0x20 bit set.
    for block in bytes.chunks(255) {
        count += usize::from(
            block
                .iter()
                .fold(0u8, |n, &b| n + u8::from(b | 0x20 == b'{')),
        );
        if count > limit {
            return false;
        }
    }
    true
}

/// Where `part` (a slice of `frame`) starts in `frame`.
fn offset_in(frame: &str, part: &str) -> usize {
    (part.as_ptr() as usize).saturating_sub(frame.as_ptr() as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_map_back_into_the_frame() {
        let frame = "{\"a\":\n  {\"b\": 1,\n   \"c\": x}}";
        let inner_start = frame.find("{\"b\"").unwrap();
        let inner = &frame[inner_start..frame.len() - 1];
        let error = serde_json::from_str::<serde_json::Value>(inner).unwrap_err();
        let whole = serde_json::from_str::<serde_json::Value>(frame).unwrap_err();
        let mapped = DecodeError::from_json(frame, error, (None, false), Some(inner_start));
        assert_eq!(
            (mapped.line(), mapped.column()),
            (Some(whole.line()), Some(whole.column()))
        );
    }

    #[test]
    fn a_frame_the_own_reader_refuses_decodes_as_with_serde_json_alone() {
        // Made up, and found by the `decode_event` fuzz target: the own reader refuses
        // (a payload of the wrong type, a kept `ctiMessage`), serde_json fails later (after
        // the object): the error must not keep what the refused pass had read (the tag).
        let frames = [
            r#"{"msgType":"DirectoryResult","ctiMessage":[]}}"#,
            r#"{"msgType":"Zzz","ctiMessage":{}} x"#,
            r#"{"ctiMessage":{},"msgType":"LoggedOn"} x"#,
        ];
        for frame in frames {
            for decoder in [Decoder::new(), Decoder::strict()] {
                let alone = decoder.clone().with_serde_json_only();
                assert_eq!(
                    decoder.decode_event(frame),
                    alone.decode_event(frame),
                    "{frame}"
                );
            }
        }
    }

    #[test]
    fn nesting_is_counted_past_brackets_in_strings() {
        // Many brackets, none of them nesting: the count says "maybe too deep", the scan
        // says no.
        let strings = format!(r#"{{"a":"{}","b":[[1]]}}"#, "[{".repeat(200));
        assert!(!openings_at_most(strings.as_bytes(), MAX_NESTING));
        assert!(check_nesting(&strings).is_ok());
        // The limit itself passes; one more level is refused at its bracket, whether the
        // count of brackets alone shows it (129 in all) or the scan must (more in strings).
        for padding in ["", r#"[[[[\"{{"#] {
            let at_limit = format!(
                r#"{{"x":"{padding}","a":{}{}}}"#,
                "[".repeat(MAX_NESTING - 1),
                "]".repeat(MAX_NESTING - 1)
            );
            assert!(check_nesting(&at_limit).is_ok(), "{padding:?}");
            let over = format!(
                r#"{{"x":"{padding}","a":{}{}}}"#,
                "[".repeat(MAX_NESTING),
                "]".repeat(MAX_NESTING)
            );
            let error = check_nesting(&over).unwrap_err();
            assert_eq!(error.kind(), ErrorKind::TooDeep);
            let column = over.find(":[").unwrap() + 1 + MAX_NESTING;
            assert_eq!(error.column(), Some(column), "{padding:?}");
        }
    }

    #[test]
    fn error_frames_are_bounded_on_a_char_boundary() {
        // ASCII bytes, then 4-byte characters: the limit falls on a boundary (none before)
        // or 1, 2 or 3 bytes into a character, and the kept text ends on the boundary
        // before it.
        for ascii in 0..4 {
            let frame = format!("{}{}", "a".repeat(ascii), "😀".repeat(ERROR_FRAME_PREFIX));
            let kept = ascii + (ERROR_FRAME_PREFIX - ascii) / 4 * 4;
            let error = DecodeError::new(&frame, ErrorKind::Syntax, "x");
            assert_eq!(error.frame(), &frame[..kept], "{ascii} ASCII byte(s) first");
        }
        // An odd cut into 2-byte characters.
        let frame = format!("a{}", "é".repeat(ERROR_FRAME_PREFIX));
        let error = DecodeError::new(&frame, ErrorKind::Syntax, "x");
        assert_eq!(error.frame().len(), ERROR_FRAME_PREFIX - 1);
        assert!(frame.starts_with(error.frame()));
        // A frame within the limit is kept whole.
        let frame = "é".repeat(ERROR_FRAME_PREFIX / 2);
        assert_eq!(
            DecodeError::new(&frame, ErrorKind::Syntax, "x").frame(),
            frame
        );
    }
}
