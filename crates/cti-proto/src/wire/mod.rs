//! The ground floor: the decode context, JSON kept raw, lenient scalars, the generic wire
//! values (`Maybe`, `Nullable`, `Number`, ...), and the table macros of coded values, text
//! values, lists and raw payloads (objects use `#[derive(Wire)]`). Nothing here knows
//! about any message.

#[macro_use]
mod macros;
#[cfg(feature = "proptest")]
pub mod arb;
pub mod ctx;
mod raw;
mod scalar;
#[cfg(feature = "schema")]
pub mod schema;
mod value;

pub use ctx::{Diagnostic, DiagnosticCode, Mode};
pub use raw::WireStr;
pub use raw::{Extra, RawJson};
pub use scalar::{tolerate, FromWire, Secrets, Wire};
pub use value::{ContactId, Maybe, Nullable, Number, NumberOrText, Secret};

/// The text of a coded value outside the known set (an open enum's hidden `_Custom`). Only
/// this crate can build one, so no one can put a known value in it.
#[doc(hidden)]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PrivOwnedStr(Box<str>);

impl PrivOwnedStr {
    pub(crate) fn new(value: impl Into<Box<str>>) -> PrivOwnedStr {
        PrivOwnedStr(value.into())
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for PrivOwnedStr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// The code of a coded value outside the known set (an open enum's hidden `_Custom`).
#[doc(hidden)]
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct PrivCode(pub(crate) i32);

impl std::fmt::Debug for PrivCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// What a field attribute of `#[derive(Wire)]` (`#[wire(no_null)]`) checks once the field is
/// read.
pub mod attr {
    use super::{tolerate, DiagnosticCode, FromWire};

    /// `no_null`: a `null` is an irregularity (the clients break on it).
    pub fn no_null<T: FromWire, E: serde::de::Error>(
        cx: &super::ctx::Context,
        value: &T,
        key: &str,
        message: &str,
    ) -> Result<(), E> {
        if value.is_null() {
            tolerate(cx, DiagnosticCode::NullValue, || {
                format!("`{key}` of {message} is null: clients take a value or no key")
            })?;
        }
        Ok(())
    }
}

/// A serde_json error's sentence, without the " at line L column C" it ends with (callers
/// place the failure in the frame themselves).
pub(crate) fn error_sentence(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(i) if error.line() > 0 => text[..i].to_owned(),
        _ => text,
    }
}

/// Writes a message's fields into an open JSON object (so that a command's fields follow
/// its `claz` and `command`).
pub trait WireFields {
    /// Writes the fields, in wire order, into `map`.
    fn write_fields<M: serde::ser::SerializeMap>(&self, map: &mut M) -> Result<(), M::Error>;
}
