//! The ground floor: the decode context, JSON kept raw, lenient scalars, and the macros
//! every message type is written with. Nothing here knows about any message.

#[macro_use]
mod macros;
#[cfg(feature = "proptest")]
pub(crate) mod arb;
pub(crate) mod ctx;
mod raw;
mod scalar;
#[cfg(feature = "schema")]
pub(crate) mod schema;

pub use ctx::{Diagnostic, DiagnosticCode, Mode};
pub(crate) use raw::WireStr;
pub use raw::{Extra, RawJson};
pub(crate) use scalar::{tolerate, FromWire, Wire};

/// What a field attribute of `wire_struct!` (`#[wire(name)]`) checks once the field is read.
pub(crate) mod attr {
    use super::{tolerate, DiagnosticCode, FromWire};

    /// `no_null`: a `null` is an irregularity (the clients break on it).
    pub(crate) fn no_null<T: FromWire, E: serde::de::Error>(
        value: &T,
        key: &str,
        message: &str,
    ) -> Result<(), E> {
        if value.is_null() {
            tolerate(DiagnosticCode::NullValue, || {
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
pub(crate) trait WireFields {
    fn write_fields<M: serde::ser::SerializeMap>(&self, map: &mut M) -> Result<(), M::Error>;
}
