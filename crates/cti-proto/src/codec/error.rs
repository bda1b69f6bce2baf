//! What a failed decode says: its kind, the message kind, the JSON pointer, the line and
//! the column, and a bounded copy of the frame.

use std::fmt;

use super::{ERROR_FRAME_PREFIX, MAX_NESTING};

/// A failed parse: serde_json's error, and whether it is about what follows the value.
pub(super) struct ParseError {
    pub(super) error: serde_json::Error,
    pub(super) trailing: bool,
}

/// A payload that failed, with where.
pub(super) struct PayloadFailure {
    pub(super) error: serde_json::Error,
    pub(super) trailing: bool,
    pub(super) pointer: String,
    pub(super) strict: bool,
}

impl PayloadFailure {
    pub(super) fn into_error(
        self,
        frame: &str,
        base: usize,
        prefix: &str,
        kind: &str,
    ) -> DecodeError {
        let error_kind = if self.strict {
            ErrorKind::Irregular
        } else {
            ErrorKind::Payload
        };
        let known = (Some(error_kind), self.trailing);
        let mut error = DecodeError::from_json(frame, self.error, known, Some(base))
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
///
/// Neither its `Debug` nor its `Display` shows a secret. In the start of the frame, the
/// values of the keys that the kind's types mark [`Secret`](crate::Secret) (`password`
/// of `LineConfig`, `credential` of `IceConfig`, `token` of `inviteToMeetingRoom`, ...)
/// are replaced by `"<redacted>"`, at any depth, even when the frame is cut short or
/// garbled; a frame whose tag cannot be read is redacted for the secret keys of every
/// kind. A frame of a kind this crate does not know is kept as it is: nothing says where
/// its secrets are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError(pub(super) Box<ErrorDetail>);

// Boxed: a `Result` of a decode stays small on the success path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct ErrorDetail {
    pub(super) kind: ErrorKind,
    pub(super) message_kind: Option<String>,
    pub(super) pointer: Option<String>,
    pub(super) line: Option<usize>,
    pub(super) column: Option<usize>,
    pub(super) message: String,
    pub(super) frame: String,
}

impl DecodeError {
    pub(super) fn new(frame: &str, kind: ErrorKind, message: impl Into<String>) -> DecodeError {
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

    /// An error of serde_json. `known` is what the caller knows the failure to be: its kind
    /// when it is a data error, and whether it came from what follows the value; `base` is
    /// where the parsed text starts in `frame`, when it is a part of it.
    pub(super) fn from_json(
        frame: &str,
        error: serde_json::Error,
        (data, trailing): (Option<ErrorKind>, bool),
        base: Option<usize>,
    ) -> DecodeError {
        let sentence = crate::wire::error_sentence(&error);
        let kind = match error.classify() {
            serde_json::error::Category::Data => data.unwrap_or(ErrorKind::Payload),
            _ if trailing => ErrorKind::TrailingCharacters,
            // serde_json stops at its recursion limit, which is this limit.
            _ if super::check_nesting(frame).is_err() => ErrorKind::TooDeep,
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

    pub(super) fn with_kind(mut self, kind: &str) -> DecodeError {
        self.0.message_kind = Some(kind.to_owned());
        self
    }

    pub(super) fn with_pointer(mut self, pointer: String) -> DecodeError {
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

    /// The start of the failed frame (at most [`ERROR_FRAME_PREFIX`] bytes), its secrets
    /// replaced by `"<redacted>"` (see [`DecodeError`]); line and column count in the
    /// frame as it was received.
    pub fn frame(&self) -> &str {
        &self.0.frame
    }
}

/// Byte offset of the start of 1-based `line` in `text`.
pub(super) fn line_start(text: &str, line: usize) -> usize {
    if line <= 1 {
        return 0;
    }
    text.match_indices('\n')
        .nth(line - 2)
        .map_or(text.len(), |(i, _)| i + 1)
}

/// Line and column of byte `offset` in `text`, as serde_json counts them.
pub(super) fn line_column(text: &str, offset: usize) -> (usize, usize) {
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
