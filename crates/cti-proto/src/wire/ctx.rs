//! The decode context: the mode, the JSON path being decoded, and what lenient decoding
//! tolerated. It is the one channel between the codec and the wire types below it, passed
//! explicitly to every type that decodes (no thread-local, no global).
//!
//! A frame is first decoded with path tracking off: leaf types only count the
//! irregularities they tolerate. When a frame has any irregularity, or fails, the codec
//! decodes it again with tracking on, which records each irregularity (and the failing
//! field) with its JSON pointer. Clean frames never pay for paths.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::fmt;

/// How strictly a frame is decoded.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Mode {
    /// Accept deprecated messages, unknown kinds and tolerated irregularities, and report
    /// each irregularity as a [`Diagnostic`]. What a client should use.
    #[default]
    Lenient,
    /// Reject deprecated messages, unknown kinds and everything lenient mode reports.
    /// What a server implementation is checked with.
    Strict,
}

/// What lenient decoding tolerated (or noticed) in a frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DiagnosticCode {
    /// The message is deprecated; the diagnostic names its replacement.
    Deprecated,
    /// A field the message does not define; its value is kept.
    UnknownField,
    /// A coded value (an open enum) outside the known set; it is kept.
    UnknownValue,
    /// A number where the wire uses a string (an id): kept as its decimal text.
    NumberAsString,
    /// A numeric string where the wire uses a number.
    StringAsNumber,
    /// `"true"` or `"false"` where the wire uses a boolean.
    StringAsBool,
    /// A boolean where the wire uses the string `"true"` or `"false"`.
    BoolAsString,
    /// A user preference whose `value_type` is not the one its key uses.
    ValueTypeMismatch,
    /// A message cti.js makes itself and the server never sends (`LinkStatusUpdate`).
    ClientLocal,
    /// `null` in a field that clients read as a value or as no key (`PhoneEvent.userData`):
    /// kept, but such a frame breaks the web client.
    NullValue,
}

impl DiagnosticCode {
    /// The stable snake_case name of the code, as tools print it.
    pub fn as_str(self) -> &'static str {
        match self {
            DiagnosticCode::Deprecated => "deprecated",
            DiagnosticCode::UnknownField => "unknown_field",
            DiagnosticCode::UnknownValue => "unknown_value",
            DiagnosticCode::NumberAsString => "number_as_string",
            DiagnosticCode::StringAsNumber => "string_as_number",
            DiagnosticCode::StringAsBool => "string_as_bool",
            DiagnosticCode::BoolAsString => "bool_as_string",
            DiagnosticCode::ValueTypeMismatch => "value_type_mismatch",
            DiagnosticCode::ClientLocal => "client_local",
            DiagnosticCode::NullValue => "null_value",
        }
    }
}

impl fmt::Display for DiagnosticCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One thing lenient decoding tolerated, with the JSON pointer (RFC 6901) of where it was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// What was tolerated.
    pub code: DiagnosticCode,
    /// JSON pointer into the frame, e.g. `/ctiMessage/sheets/0/sources/0/id`; `""` is the
    /// whole frame. (A `Cow`, so that the diagnostics of a message's kind, such as
    /// `deprecated` at `/msgType`, cost no allocation.)
    pub path: Cow<'static, str>,
    /// A sentence for people.
    pub message: Cow<'static, str>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() {
            "/"
        } else {
            &self.path
        };
        write!(f, "{} at {}: {}", self.code, path, self.message)
    }
}

/// One step of a JSON path.
#[derive(Clone, Debug)]
enum Segment {
    Key(String),
    Index(usize),
}

/// Appends `segments` to `out` as a JSON pointer.
fn write_pointer(out: &mut String, segments: &[Segment]) {
    for segment in segments {
        out.push('/');
        match segment {
            Segment::Key(key) => push_pointer_token(out, key),
            Segment::Index(index) => out.push_str(&index.to_string()),
        }
    }
}

/// Appends one reference token, escaped as RFC 6901 says (`~` as `~0`, `/` as `~1`).
pub(crate) fn push_pointer_token(out: &mut String, token: &str) {
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}

/// The context of one decode: its mode, whether paths are tracked, the path being
/// decoded, and what lenient decoding tolerated. The codec makes one per pass and hands it
/// to every type it decodes (`FromWire`); nothing is kept anywhere else.
pub struct Context {
    mode: Mode,
    tracking: bool,
    /// The codec's first pass: stop at the first irregularity, since the frame is decoded
    /// again with paths anyway.
    stop_at_irregular: bool,
    irregular: Cell<u32>,
    rejected: Cell<bool>,
    raw: Cell<bool>,
    path: RefCell<Vec<Segment>>,
    diagnostics: RefCell<Vec<Diagnostic>>,
}

impl Context {
    /// A decode in `mode`, with paths tracked or not.
    pub(crate) fn new(mode: Mode, tracking: bool) -> Context {
        Context {
            mode,
            tracking,
            stop_at_irregular: false,
            irregular: Cell::new(0),
            rejected: Cell::new(false),
            raw: Cell::new(false),
            path: RefCell::new(Vec::new()),
            diagnostics: RefCell::new(Vec::new()),
        }
    }

    /// The codec's first pass: paths off, and the first irregularity ends it (an error
    /// that the codec never shows: it counts the irregularity and decodes again with
    /// paths).
    pub(crate) fn first_pass(mode: Mode) -> Context {
        Context {
            stop_at_irregular: true,
            ..Context::new(mode, false)
        }
    }

    /// What `serde::Deserialize` decodes with: lenient, paths off, diagnostics dropped.
    pub fn detached() -> Context {
        Context::new(Mode::Lenient, false)
    }

    /// The tracker of this decode, read once for a whole object or array so that each
    /// field costs one predictable branch on the fast pass.
    #[inline]
    pub fn tracker(&self) -> Tracker<'_> {
        Tracker(self.tracking.then_some(self))
    }

    /// Reports a tolerated irregularity at the current path. In strict mode it is an
    /// error: the returned message is for `serde::de::Error::custom`.
    pub fn irregular(
        &self,
        code: DiagnosticCode,
        message: impl FnOnce() -> String,
    ) -> Result<(), String> {
        match self.mode {
            Mode::Strict => {
                self.rejected.set(true);
                Err(format!("{} (rejected in strict mode)", message()))
            }
            Mode::Lenient => {
                if self.tracking {
                    let mut path = String::new();
                    write_pointer(&mut path, &self.path.borrow());
                    self.diagnostics.borrow_mut().push(Diagnostic {
                        code,
                        path: path.into(),
                        message: message().into(),
                    });
                } else {
                    self.irregular.set(self.irregular.get().saturating_add(1));
                    if self.stop_at_irregular {
                        return Err("an irregularity, to be reported with its path".to_owned());
                    }
                }
                Ok(())
            }
        }
    }

    /// Notes that raw JSON text was kept.
    pub fn note_raw(&self) {
        self.raw.set(true);
    }

    /// How many irregularities were counted with tracking off.
    pub(crate) fn irregularities(&self) -> u32 {
        self.irregular.get()
    }

    /// Whether the payload kept any JSON as raw text (whose nesting serde_json does not
    /// limit).
    pub(crate) fn kept_raw(&self) -> bool {
        self.raw.get()
    }

    /// Whether strict mode refused an irregularity.
    pub(crate) fn rejected(&self) -> bool {
        self.rejected.get()
    }

    /// The diagnostics recorded with tracking on.
    pub(crate) fn take_diagnostics(&self) -> Vec<Diagnostic> {
        std::mem::take(&mut *self.diagnostics.borrow_mut())
    }

    /// The current path as a JSON pointer (after a failure: the failing field).
    pub(crate) fn pointer(&self) -> String {
        let mut out = String::new();
        write_pointer(&mut out, &self.path.borrow());
        out
    }

    #[inline(never)]
    fn in_segment<T, E>(&self, segment: Segment, f: impl FnOnce() -> Result<T, E>) -> Result<T, E> {
        self.path.borrow_mut().push(segment);
        let result = f();
        if result.is_ok() {
            self.path.borrow_mut().pop();
        }
        result
    }
}

/// Whether paths are being tracked (and where), for one object or array.
#[derive(Clone, Copy)]
pub struct Tracker<'c>(Option<&'c Context>);

impl Tracker<'_> {
    /// Runs `f` with `key` as the innermost path step. On error the step stays, so that
    /// the path left behind is the path of the failing field.
    #[inline(always)]
    pub fn key<T, E>(self, key: &str, f: impl FnOnce() -> Result<T, E>) -> Result<T, E> {
        match self.0 {
            Some(cx) => cx.in_segment(Segment::Key(key.to_owned()), f),
            None => f(),
        }
    }

    /// Like [`Tracker::key`], for an array element.
    #[inline(always)]
    pub fn index<T, E>(self, index: usize, f: impl FnOnce() -> Result<T, E>) -> Result<T, E> {
        match self.0 {
            Some(cx) => cx.in_segment(Segment::Index(index), f),
            None => f(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_tokens_are_escaped() {
        let mut out = String::new();
        write_pointer(
            &mut out,
            &[
                Segment::Key("a/b~c".into()),
                Segment::Index(3),
                Segment::Key(String::new()),
            ],
        );
        assert_eq!(out, "/a~1b~0c/3/");
    }

    #[test]
    fn contexts_are_apart() {
        let outer = Context::new(Mode::Lenient, true);
        outer
            .tracker()
            .key("outer", || {
                outer.irregular(DiagnosticCode::UnknownField, || "o".into())
            })
            .unwrap();
        let inner = Context::new(Mode::Strict, false);
        assert!(inner
            .irregular(DiagnosticCode::UnknownField, || "i".into())
            .is_err());
        assert!(inner.take_diagnostics().is_empty());
        let diagnostics = outer.take_diagnostics();
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].path, "/outer");
    }

    #[test]
    fn failing_step_stays_on_the_path() {
        let cx = Context::new(Mode::Lenient, true);
        let result: Result<(), ()> = cx.tracker().key("a", || cx.tracker().index(2, || Err(())));
        assert!(result.is_err());
        assert_eq!(cx.pointer(), "/a/2");
    }
}
