//! How each field type is read from the wire: strictly typed, with the lenient coercions
//! the wire needs reported through the decode context.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, SeqAccess, Visitor};

use super::ctx::{Context, DiagnosticCode};
use super::raw::RawJson;

/// A type that can be a field of a wire message. Every message struct, open enum and
/// scalar implements it; `#[derive(Wire)]` reads each field through it, in the decode
/// context it is given.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a field of a wire object",
    label = "not a wire field type",
    note = "fields are SmolStr, String, bool, i32, i64, Vec<T>, Maybe<T>, Nullable<T>, RawJson, Number, NumberOrText, ContactId, Secret, Variables, an `open_enum!` or a `#[derive(Wire)]` struct"
)]
pub trait FromWire: Sized {
    /// Whether the type keeps a whole payload as raw JSON (a message with no documented
    /// shape) rather than typing it.
    const RAW: bool = false;

    /// Where the value holds a [`Secret`](crate::Secret): what a failed decode must not
    /// keep in its copy of the frame. Written by `#[derive(Wire)]` from the field types.
    const SECRETS: Secrets = Secrets::None;

    /// Reads the value.
    fn from_wire<'de, D: Deserializer<'de>>(
        deserializer: D,
        cx: &crate::wire::ctx::Context,
    ) -> Result<Self, D::Error>;

    /// The value of a field that is absent, if absence is allowed ([`Maybe`](crate::common::Maybe)).
    fn missing() -> Option<Self> {
        None
    }

    /// Whether encoding leaves the field out (a [`Maybe::Absent`](crate::common::Maybe)).
    fn is_absent(&self) -> bool {
        false
    }

    /// Whether the value is a JSON `null` (a [`Maybe::Null`](crate::common::Maybe)).
    fn is_null(&self) -> bool {
        false
    }

    /// Reads the value from the entries of an object that is already open: a command's
    /// arguments, which follow its tags in the frame's object. Objects only.
    fn from_map<'de, A: serde::de::MapAccess<'de>>(
        map: A,
        _: &crate::wire::ctx::Context,
    ) -> Result<Self, A::Error> {
        let _ = map;
        Err(de::Error::custom("not an object type"))
    }
}

/// Where a wire value holds secrets, as its type says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Secrets {
    /// No secret.
    None,
    /// The whole value is a secret.
    Value,
    /// These keys of an object hold secrets (only the keys that do).
    Object(&'static [(&'static str, Secrets)]),
    /// Each element of an array (or a lone value) holds these secrets.
    Each(&'static Secrets),
}

impl Secrets {
    /// An object whose fields hold these secrets: [`Secrets::None`] when none does.
    pub const fn object(fields: &'static [(&'static str, Secrets)]) -> Secrets {
        let mut i = 0;
        while i < fields.len() {
            if !fields[i].1.is_none() {
                return Secrets::Object(fields);
            }
            i += 1;
        }
        Secrets::None
    }

    /// Elements holding `item`: [`Secrets::None`] when `item` is.
    pub const fn each(item: &'static Secrets) -> Secrets {
        if item.is_none() {
            Secrets::None
        } else {
            Secrets::Each(item)
        }
    }

    /// Whether there is no secret.
    pub const fn is_none(&self) -> bool {
        matches!(self, Secrets::None)
    }

    /// The keys whose values hold a secret, at any depth; a secret not under a key (an
    /// array's element) counts under the key of the array, `key`.
    pub(crate) fn keys(&self, key: Option<&'static str>, out: &mut Vec<&'static str>) {
        match self {
            Secrets::None => {}
            Secrets::Value => out.extend(key.filter(|key| !out.contains(key))),
            Secrets::Object(fields) => {
                for (field, secrets) in *fields {
                    secrets.keys(Some(field), out);
                }
            }
            Secrets::Each(item) => item.keys(key, out),
        }
    }
}

/// `DeserializeSeed` that reads a `T` through [`FromWire`].
pub struct Wire<'c, T>(&'c Context, PhantomData<T>);

impl<'c, T> Wire<'c, T> {
    /// The seed, decoding in `cx`.
    pub fn new(cx: &'c Context) -> Self {
        Wire(cx, PhantomData)
    }
}

impl<'de, T: FromWire> DeserializeSeed<'de> for Wire<'_, T> {
    type Value = T;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::from_wire(deserializer, self.0)
    }
}

/// Reports an irregularity in `cx`, turning a strict-mode refusal into a deserializer
/// error.
pub fn tolerate<E: de::Error>(
    cx: &Context,
    code: DiagnosticCode,
    message: impl FnOnce() -> String,
) -> Result<(), E> {
    cx.irregular(code, message).map_err(E::custom)
}

/// Text fields: a JSON string, nothing else. `SmolStr` keeps up to 23 bytes inline, so
/// most strings of this wire decode without an allocation.
macro_rules! text_from_wire {
    ($($t:ty),*) => {$(
        impl FromWire for $t {
            fn from_wire<'de, D: Deserializer<'de>>(
                deserializer: D,
                _: &crate::wire::ctx::Context,
            ) -> Result<Self, D::Error> {
                struct V;
                impl Visitor<'_> for V {
                    type Value = $t;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str("a string")
                    }
                    fn visit_str<E: de::Error>(self, v: &str) -> Result<$t, E> {
                        Ok(<$t>::from(v))
                    }
                }
                deserializer.deserialize_str(V)
            }
        }
    )*};
}

text_from_wire!(String, smol_str::SmolStr);

impl FromWire for bool {
    fn from_wire<'de, D: Deserializer<'de>>(
        deserializer: D,
        cx: &crate::wire::ctx::Context,
    ) -> Result<Self, D::Error> {
        struct V<'c>(&'c crate::wire::ctx::Context);
        impl Visitor<'_> for V<'_> {
            type Value = bool;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a boolean")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<bool, E> {
                Ok(v)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
                let value = match v {
                    "true" => true,
                    "false" => false,
                    _ => return Err(E::invalid_value(de::Unexpected::Str(v), &self)),
                };
                tolerate(self.0, DiagnosticCode::StringAsBool, || {
                    format!("boolean sent as the string \"{v}\"")
                })?;
                Ok(value)
            }
        }
        deserializer.deserialize_any(V(cx))
    }
}

/// Integers: JSON numbers, or (tolerated) a string holding a decimal integer.
macro_rules! int_from_wire {
    ($($t:ty),*) => {$(
        impl FromWire for $t {
            fn from_wire<'de, D: Deserializer<'de>>(deserializer: D, cx: &crate::wire::ctx::Context) -> Result<Self, D::Error> {
                struct V<'c>(&'c crate::wire::ctx::Context);
                impl Visitor<'_> for V<'_> {
                    type Value = $t;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str(concat!("an integer (", stringify!($t), ")"))
                    }
                    fn visit_i64<E: de::Error>(self, v: i64) -> Result<$t, E> {
                        <$t>::try_from(v).map_err(|_| E::invalid_value(de::Unexpected::Signed(v), &self))
                    }
                    fn visit_u64<E: de::Error>(self, v: u64) -> Result<$t, E> {
                        <$t>::try_from(v).map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &self))
                    }
                    fn visit_str<E: de::Error>(self, v: &str) -> Result<$t, E> {
                        // Decimal digits with an optional minus sign, as the schema says
                        // (`parse` alone would also take a leading `+`).
                        let digits = v.strip_prefix('-').unwrap_or(v);
                        let value = (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
                            .then(|| v.parse::<$t>().ok())
                            .flatten()
                            .ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))?;
                        tolerate(self.0, DiagnosticCode::StringAsNumber, || {
                            format!("number sent as the string \"{v}\"")
                        })?;
                        Ok(value)
                    }
                }
                deserializer.deserialize_any(V(cx))
            }
        }
    )*};
}

int_from_wire!(i32, i64);

impl<T: FromWire> FromWire for Vec<T> {
    const SECRETS: Secrets = Secrets::each(&T::SECRETS);

    fn from_wire<'de, D: Deserializer<'de>>(
        deserializer: D,
        cx: &crate::wire::ctx::Context,
    ) -> Result<Self, D::Error> {
        struct V<'c, T>(&'c crate::wire::ctx::Context, std::marker::PhantomData<T>);
        impl<'de, T: FromWire> Visitor<'de> for V<'_, T> {
            type Value = Vec<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
                // The hint comes from the input: never trust it for more than a little.
                let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
                let track = self.0.tracker();
                while let Some(item) =
                    track.index(out.len(), || seq.next_element_seed(Wire::<T>::new(self.0)))?
                {
                    out.push(item);
                }
                Ok(out)
            }
        }
        deserializer.deserialize_seq(V(cx, std::marker::PhantomData))
    }
}

impl FromWire for RawJson {
    fn from_wire<'de, D: Deserializer<'de>>(
        deserializer: D,
        cx: &crate::wire::ctx::Context,
    ) -> Result<Self, D::Error> {
        cx.note_raw();
        serde::Deserialize::deserialize(deserializer)
    }

    fn is_null(&self) -> bool {
        self.get() == "null"
    }
}
