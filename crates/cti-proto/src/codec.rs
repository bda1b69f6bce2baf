//! The codec: tag peek, dispatch to the payload type, modes, diagnostics and errors.
//!
//! Decoding takes two steps. The envelope step reads the frame's object once, takes the
//! tag (borrowed from the frame) and, for events, the `ctiMessage` as a borrowed
//! `RawValue`; it checks the frame is one JSON object with one tag. The payload step
//! decodes the payload straight into the kind's type. Field paths are worked out only for
//! frames that need them (see `wire::ctx`).

use std::borrow::Cow;
use std::cell::Cell;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;

use crate::command::{Command, CommandKind, UnknownCommand};
use crate::event::{Event, EventKind, UnknownEvent};
use crate::wire::ctx::{push_pointer_token, Context};
use crate::wire::{Diagnostic, DiagnosticCode, Extra, Mode, RawJson, WireStr};

/// The longest frame decoded by default: 1 MiB. Longer frames are refused before any
/// parsing ([`ErrorKind::TooLarge`]); see [`Decoder::max_frame_len`].
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
}

impl Default for Decoder {
    fn default() -> Self {
        Decoder {
            mode: Mode::Lenient,
            max_frame_len: DEFAULT_MAX_FRAME_LEN,
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
    serde_json::to_string(value).unwrap_or_default()
}

impl Decoder {
    /// A lenient decoder (the default).
    pub fn new() -> Decoder {
        Decoder::default()
    }

    /// A strict decoder: deprecated messages, unknown kinds and every irregularity that
    /// lenient mode reports are errors.
    pub fn strict() -> Decoder {
        Decoder::default().mode(Mode::Strict)
    }

    /// Sets the mode.
    pub fn mode(mut self, mode: Mode) -> Decoder {
        self.mode = mode;
        self
    }

    /// Sets the longest frame accepted, in bytes.
    pub fn max_frame_len(mut self, bytes: usize) -> Decoder {
        self.max_frame_len = bytes;
        self
    }

    /// The mode.
    pub fn current_mode(&self) -> Mode {
        self.mode
    }

    /// Decodes a server event.
    pub fn decode_event(&self, frame: &str) -> Result<Decoded<Event>, DecodeError> {
        self.check_len(frame)?;
        // One pass: when `msgType` comes before `ctiMessage` (as servers write it), the
        // payload is decoded straight into its type; otherwise it is kept as a borrowed
        // `RawValue` and decoded in a second pass once the tag is known.
        let state = EnvelopeState::default();
        let strict = self.mode == Mode::Strict;
        let (envelope, payload_diagnostics, mut kept_raw) = self
            .payload(frame, |de, cx| {
                EventEnvelopeSeed {
                    state: &state,
                    strict,
                    cx,
                }
                .deserialize(de)
            })
            .map_err(|failure| state.failure(frame, failure))?;
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
                kind.replacement(),
                "/msgType",
                &mut diagnostics,
            )?;
            if kind.is_client_local() {
                let tag = kind.as_str();
                let message = format!("`{tag}` is made by cti.js itself; a server never sends it");
                let code = (DiagnosticCode::ClientLocal, ErrorKind::Irregular);
                self.report_kind(frame, tag, "/msgType", code, message, &mut diagnostics)?;
            }
        }
        self.top_level_extras(frame, &msg_type, &envelope.extras, &mut diagnostics)?;
        kept_raw |= !envelope.extras.is_empty();
        diagnostics.extend(payload_diagnostics);
        let Some(kind) = kind else {
            self.check_unknown_kind(frame, &msg_type, "/msgType")?;
            check_nesting(frame)?;
            let payload = match envelope.payload {
                Payload::Raw(raw) => Some(RawJson::from(raw.to_owned())),
                _ => None,
            };
            let message = Event::Unknown(UnknownEvent::new(msg_type.into_owned(), payload));
            return Ok(Decoded {
                message,
                diagnostics,
            });
        };
        let message = match envelope.payload {
            Payload::Typed(message) => message,
            Payload::Absent => kind.missing().ok_or_else(|| {
                DecodeError::new(frame, ErrorKind::Payload, "the frame has no `ctiMessage`")
                    .with_kind(kind.as_str())
            })?,
            Payload::Raw(raw) => {
                let base = offset_in(frame, raw.get());
                let (message, found, raw_inside) = self
                    .payload(raw.get(), |de, cx| kind.decode(de, cx))
                    .map_err(|failure| {
                        failure.into_error(frame, base, "/ctiMessage", kind.as_str())
                    })?;
                kept_raw |= raw_inside;
                diagnostics.extend(found.into_iter().map(|d| Diagnostic {
                    path: format!("/ctiMessage{}", d.path),
                    ..d
                }));
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
        self.decode_event(utf8(frame)?)
    }

    /// Decodes a client command given as bytes (see [`Decoder::decode_event_bytes`]).
    pub fn decode_command_bytes(&self, frame: &[u8]) -> Result<Decoded<Command>, DecodeError> {
        self.decode_command(utf8(frame)?)
    }

    /// Decodes a client command.
    pub fn decode_command(&self, frame: &str) -> Result<Decoded<Command>, DecodeError> {
        self.check_len(frame)?;
        // One pass when `claz` and `command` come first (as cti.js writes them): the rest
        // of the object is read straight into the command's arguments. Otherwise the tags
        // are found first and the frame read again.
        let state = EnvelopeState::default();
        let strict = self.mode == Mode::Strict;
        let (envelope, found, mut kept_raw) = self
            .payload(frame, |de, cx| {
                CommandEnvelopeSeed {
                    state: &state,
                    strict,
                    cx,
                }
                .deserialize(de)
            })
            .map_err(|failure| state.failure(frame, failure))?;
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
                    self.payload(frame, |de, _| de.deserialize_map(UnknownArgs))
                        .map_err(|failure| failure.into_error(frame, 0, "", name))?
                        .0
                }
            };
            let command = envelope.command.map(Cow::into_owned);
            let message = Command::Unknown(UnknownCommand {
                claz: claz.into_owned(),
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
            kind.replacement(),
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
                    .payload(frame, |de, cx| kind.decode(de, cx))
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
        replacement: Option<&str>,
        path: &str,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Result<(), DecodeError> {
        let Some(replacement) = replacement else {
            return Ok(());
        };
        let message = format!("`{tag}` is deprecated: use `{replacement}`");
        let code = (DiagnosticCode::Deprecated, ErrorKind::Deprecated);
        self.report_kind(frame, tag, path, code, message, diagnostics)
    }

    /// Something about a message's kind as a whole (deprecated, client-local): a
    /// diagnostic at `path`, or in strict mode an error of `kind`.
    fn report_kind(
        &self,
        frame: &str,
        tag: &str,
        path: &str,
        (code, kind): (DiagnosticCode, ErrorKind),
        message: String,
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
                    path: path.to_owned(),
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
                path,
                message: format!("{message}; dropped"),
            });
        }
        Ok(())
    }

    /// Decodes `text` with `read`: fast first; again with paths when the first pass found
    /// irregularities (to report them) or failed (to locate the failure). Also says
    /// whether the value kept raw JSON.
    fn payload<'a, T>(
        &self,
        text: &'a str,
        read: impl Fn(
            &mut serde_json::Deserializer<serde_json::de::StrRead<'a>>,
            &Context,
        ) -> Result<T, serde_json::Error>,
    ) -> Result<(T, Vec<Diagnostic>, bool), PayloadFailure> {
        {
            let cx = Context::new(self.mode, false);
            if let Ok(value) = parse(text, |de| read(de, &cx)) {
                if cx.irregularities() == 0 {
                    return Ok((value, Vec::new(), cx.kept_raw()));
                }
            }
        }
        let cx = Context::new(self.mode, true);
        match parse(text, |de| read(de, &cx)) {
            Ok(value) => Ok((value, cx.take_diagnostics(), cx.kept_raw())),
            Err(error) => Err(PayloadFailure {
                error,
                pointer: cx.pointer(),
                strict: cx.rejected(),
            }),
        }
    }
}

fn utf8(frame: &[u8]) -> Result<&str, DecodeError> {
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
        error
    })
}

/// Parses one whole JSON text: nothing but white space may follow the value.
fn parse<'a, T>(
    text: &'a str,
    read: impl FnOnce(
        &mut serde_json::Deserializer<serde_json::de::StrRead<'a>>,
    ) -> Result<T, serde_json::Error>,
) -> Result<T, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = read(&mut de)?;
    de.end()?;
    Ok(value)
}

/// Refuses a frame whose arrays and objects nest deeper than [`MAX_NESTING`]. Typed
/// fields cannot nest deeper than their type (serde_json also stops at 128 levels); this
/// scan is for frames that keep JSON raw (unknown kinds, extra fields), which serde_json
/// skips over without a limit.
fn check_nesting(frame: &str) -> Result<(), DecodeError> {
    let bytes = frame.as_bytes();
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

/// Where `part` (a slice of `frame`) starts in `frame`.
fn offset_in(frame: &str, part: &str) -> usize {
    (part.as_ptr() as usize).saturating_sub(frame.as_ptr() as usize)
}

/// A payload that failed, with where.
struct PayloadFailure {
    error: serde_json::Error,
    pointer: String,
    strict: bool,
}

impl PayloadFailure {
    fn into_error(self, frame: &str, base: usize, prefix: &str, kind: &str) -> DecodeError {
        let error_kind = if self.strict {
            ErrorKind::Irregular
        } else {
            ErrorKind::Payload
        };
        let mut error = DecodeError::from_json(frame, self.error, Some(error_kind), Some(base))
            .with_kind(kind)
            .with_pointer(format!("{prefix}{}", self.pointer));
        if error.0.kind == ErrorKind::Syntax {
            // What the envelope step skipped over without checking (a number out of range,
            // say) fails here: it is reported as the payload's failure.
            error.0.kind = error_kind;
        }
        error
    }
}

// ---- errors ----

/// What kind of failure a [`DecodeError`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The frame is longer than the decoder's limit.
    TooLarge,
    /// The frame (given as bytes) is not UTF-8.
    NotUtf8,
    /// The frame is not valid JSON.
    Syntax,
    /// Something other than white space follows the JSON object.
    TrailingCharacters,
    /// Arrays and objects nest deeper than [`MAX_NESTING`].
    TooDeep,
    /// The frame is valid JSON but not an object.
    NotAnObject,
    /// The frame has no `msgType` (events), or no `claz`, or `claz` `"web"` without
    /// `command` (commands).
    MissingTag,
    /// The `msgType`, `claz` or `command` is not a string.
    TagNotString,
    /// The `msgType`, `claz` or `command` appears twice.
    DuplicateTag,
    /// The tag is known but the payload does not have its shape.
    Payload,
    /// Strict mode: the kind is not known.
    UnknownKind,
    /// Strict mode: the kind is deprecated.
    Deprecated,
    /// Strict mode: an irregularity that lenient mode would tolerate and report.
    Irregular,
}

impl ErrorKind {
    /// The stable snake_case name of the kind.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::TooLarge => "too_large",
            ErrorKind::NotUtf8 => "not_utf8",
            ErrorKind::Syntax => "syntax",
            ErrorKind::TrailingCharacters => "trailing_characters",
            ErrorKind::TooDeep => "too_deep",
            ErrorKind::NotAnObject => "not_an_object",
            ErrorKind::MissingTag => "missing_tag",
            ErrorKind::TagNotString => "tag_not_string",
            ErrorKind::DuplicateTag => "duplicate_tag",
            ErrorKind::Payload => "payload",
            ErrorKind::UnknownKind => "unknown_kind",
            ErrorKind::Deprecated => "deprecated",
            ErrorKind::Irregular => "irregular",
        }
    }
}

/// Why a frame could not be decoded: the kind of failure, the message kind (when the tag
/// was read), the JSON pointer of the failing field, the line and column in the frame, a
/// sentence, and the start of the frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError(Box<ErrorDetail>);

// Boxed: a `Result` of a decode stays small on the success path.
#[derive(Clone, Debug, PartialEq, Eq)]
struct ErrorDetail {
    kind: ErrorKind,
    message_kind: Option<String>,
    pointer: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    message: String,
    frame: String,
}

impl DecodeError {
    fn new(frame: &str, kind: ErrorKind, message: impl Into<String>) -> DecodeError {
        let mut end = frame.len().min(ERROR_FRAME_PREFIX);
        while !frame.is_char_boundary(end) {
            end -= 1;
        }
        DecodeError(Box::new(ErrorDetail {
            kind,
            message_kind: None,
            pointer: None,
            line: None,
            column: None,
            message: message.into(),
            frame: frame[..end].to_owned(),
        }))
    }

    /// An error of serde_json. `known` is what the caller knows the failure to be, used
    /// for data errors; `base` is where the parsed text starts in `frame`, when it is a
    /// part of it.
    fn from_json(
        frame: &str,
        error: serde_json::Error,
        known: Option<ErrorKind>,
        base: Option<usize>,
    ) -> DecodeError {
        let sentence = crate::wire::error_sentence(&error);
        let kind = match error.classify() {
            serde_json::error::Category::Data => known.unwrap_or(ErrorKind::Payload),
            _ if sentence.starts_with("trailing characters") => ErrorKind::TrailingCharacters,
            _ if sentence.starts_with("recursion limit exceeded") => ErrorKind::TooDeep,
            _ => ErrorKind::Syntax,
        };
        let sentence = if kind == ErrorKind::TooDeep {
            format!("arrays and objects nest deeper than the limit of {MAX_NESTING}")
        } else {
            sentence
        };
        let mut out = DecodeError::new(frame, kind, sentence);
        if error.line() > 0 {
            let (line, column) = match base {
                Some(base) => {
                    let inner = &frame[base..];
                    let offset = base + line_start(inner, error.line()) + error.column();
                    line_column(frame, offset)
                }
                None => (error.line(), error.column()),
            };
            out.0.line = Some(line);
            // serde_json says column 0 for a failure before the first byte of a line.
            out.0.column = Some(column.max(1));
        }
        out
    }

    fn with_kind(mut self, kind: &str) -> DecodeError {
        self.0.message_kind = Some(kind.to_owned());
        self
    }

    fn with_pointer(mut self, pointer: String) -> DecodeError {
        self.0.pointer = Some(pointer);
        self
    }

    /// What kind of failure it is.
    pub fn kind(&self) -> ErrorKind {
        self.0.kind
    }

    /// The `msgType` or `command` of the frame, when it was read.
    pub fn message_kind(&self) -> Option<&str> {
        self.0.message_kind.as_deref()
    }

    /// JSON pointer (RFC 6901) of the failing field, e.g. `/ctiMessage/sheets/0/name`;
    /// `""` is the whole frame.
    pub fn pointer(&self) -> Option<&str> {
        self.0.pointer.as_deref()
    }

    /// 1-based line of the failure in the frame.
    pub fn line(&self) -> Option<usize> {
        self.0.line
    }

    /// 1-based column (in bytes) of the failure in the frame.
    pub fn column(&self) -> Option<usize> {
        self.0.column
    }

    /// The sentence, without position.
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// The start of the failed frame (at most [`ERROR_FRAME_PREFIX`] bytes).
    pub fn frame(&self) -> &str {
        &self.0.frame
    }
}

/// Byte offset of the start of 1-based `line` in `text`.
fn line_start(text: &str, line: usize) -> usize {
    if line <= 1 {
        return 0;
    }
    text.match_indices('\n')
        .nth(line - 2)
        .map_or(text.len(), |(i, _)| i + 1)
}

/// Line and column of byte `offset` in `text`, as serde_json counts them.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text.as_bytes()[..offset.min(text.len())];
    let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
    let start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    (line, offset - start)
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let e = &self.0;
        if let Some(kind) = &e.message_kind {
            write!(f, "{kind}: ")?;
        }
        f.write_str(&e.message)?;
        if let Some(pointer) = &e.pointer {
            write!(f, " at {}", if pointer.is_empty() { "/" } else { pointer })?;
        }
        if let (Some(line), Some(column)) = (e.line, e.column) {
            write!(f, " (line {line}, column {column})")?;
        }
        Ok(())
    }
}

impl std::error::Error for DecodeError {}

// ---- envelopes ----

/// The value of the top-level string field `key`, read without reading the rest of the
/// frame: the visitor stops the parse with an error as soon as it has the tag. `None` when
/// the frame is not an object or has no such string field before a syntax error.
fn peek_tag<'a>(frame: &'a str, key: &'static str) -> Option<Cow<'a, str>> {
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

/// What the envelope step learnt before it failed: what kind of failure it was, at which
/// key, and the tag if it had been read (copied only when failing).
#[derive(Default)]
struct EnvelopeState {
    problem: Cell<Option<(ErrorKind, &'static str)>>,
    tag: std::cell::RefCell<Option<String>>,
}

impl EnvelopeState {
    fn error(&self, frame: &str, error: serde_json::Error) -> DecodeError {
        let problem = self.problem.get();
        let mut error = DecodeError::from_json(frame, error, problem.map(|(kind, _)| kind), None);
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
    fn failure(&self, frame: &str, failure: PayloadFailure) -> DecodeError {
        let envelope_problem = self.problem.get().is_some();
        let mut error = self.error(frame, failure.error);
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

    /// Keeps a copy of the tag read so far when `result` is a failure.
    fn on_error<T, E>(&self, result: Result<T, E>, tag: Option<&str>) -> Result<T, E> {
        if result.is_err() {
            *self.tag.borrow_mut() = tag.map(str::to_owned);
        }
        result
    }
}

struct EventEnvelope<'a> {
    msg_type: Option<Cow<'a, str>>,
    /// The kind of `msg_type`, when it is a known one.
    kind: Option<EventKind>,
    payload: Payload<'a>,
    extras: Vec<String>,
}

/// The `ctiMessage` of a frame, as the envelope step left it.
#[allow(clippy::large_enum_variant)] // made once per frame and moved once
enum Payload<'a> {
    Absent,
    /// Decoded in the same pass (the tag came first).
    Typed(Event),
    /// Kept for later: the tag came after it, or it is of an unknown or (in strict mode)
    /// deprecated kind.
    Raw(&'a RawValue),
}

struct EventEnvelopeSeed<'s> {
    state: &'s EnvelopeState,
    strict: bool,
    cx: &'s Context,
}

impl<'de> DeserializeSeed<'de> for EventEnvelopeSeed<'_> {
    type Value = EventEnvelope<'de>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        self.state.problem.set(Some((ErrorKind::NotAnObject, "")));
        deserializer.deserialize_map(self)
    }
}

/// Decodes a payload of a known kind, as a seed.
struct PayloadSeed<'c>(EventKind, &'c Context);

impl<'de> DeserializeSeed<'de> for PayloadSeed<'_> {
    type Value = Event;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Event, D::Error> {
        self.0.decode(deserializer, self.1)
    }
}

impl<'de> Visitor<'de> for EventEnvelopeSeed<'_> {
    type Value = EventEnvelope<'de>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let state = self.state;
        state.problem.set(None);
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
                            state.problem.set(Some((ErrorKind::Payload, "ctiMessage")));
                            return Err(de::Error::duplicate_field("ctiMessage"));
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
fn read_tag<'de, A: MapAccess<'de>>(
    map: &mut A,
    state: &EnvelopeState,
    name: &'static str,
    seen: bool,
) -> Result<Cow<'de, str>, A::Error> {
    if seen {
        state.problem.set(Some((ErrorKind::DuplicateTag, name)));
        return Err(de::Error::custom(format_args!("duplicate `{name}`")));
    }
    state.problem.set(Some((ErrorKind::TagNotString, name)));
    let tag = map.next_value::<WireStr<'de>>()?;
    state.problem.set(None);
    Ok(tag.0)
}

struct CommandEnvelope<'a> {
    claz: Option<Cow<'a, str>>,
    command: Option<Cow<'a, str>>,
    payload: CommandPayload,
}

/// The arguments of a command, as the envelope step left them.
#[allow(clippy::large_enum_variant)] // made once per frame and moved once
enum CommandPayload {
    /// Not read: a key came before the tags, or the kind is refused in strict mode.
    Later,
    /// Read in the same pass.
    Typed(Command),
    /// The arguments of an unknown command, read in the same pass.
    Args(Extra),
}

struct CommandEnvelopeSeed<'s> {
    state: &'s EnvelopeState,
    strict: bool,
    cx: &'s Context,
}

impl<'de> DeserializeSeed<'de> for CommandEnvelopeSeed<'_> {
    type Value = CommandEnvelope<'de>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        self.state.problem.set(Some((ErrorKind::NotAnObject, "")));
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for CommandEnvelopeSeed<'_> {
    type Value = CommandEnvelope<'de>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let state = self.state;
        state.problem.set(None);
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
fn drain<'de, A: MapAccess<'de>>(mut rest: AfterTags<'_, A>) -> Result<(), A::Error> {
    while rest.next_key::<IgnoredAny>()?.is_some() {
        rest.next_value::<IgnoredAny>()?;
    }
    Ok(())
}

/// The rest of a command object once its tags are read: the same map, refusing the tags
/// a second time.
struct AfterTags<'m, A> {
    map: &'m mut A,
    tags: &'static [&'static str],
    state: &'m EnvelopeState,
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
            self.state.problem.set(Some((ErrorKind::DuplicateTag, tag)));
            return Err(de::Error::custom(format_args!("duplicate `{tag}`")));
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
struct UnknownArgs;

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
        let mapped = DecodeError::from_json(frame, error, None, Some(inner_start));
        assert_eq!(
            (mapped.line(), mapped.column()),
            (Some(whole.line()), Some(whole.column()))
        );
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
