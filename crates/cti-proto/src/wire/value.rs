//! The generic values of the wire: an optional field ([`Maybe`]), a required one that may
//! be `null` ([`Nullable`]), numbers kept as sent ([`Number`], [`NumberOrText`]), and the
//! text values in their own type ([`ContactId`], [`Secret`]). The public path of each is
//! `cti_proto::common`.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use smol_str::SmolStr;

use super::{tolerate, DiagnosticCode, FromWire};

wire_string! {
    /// The id of a contact in its directory source: `"2"` in `sources[].id`, `contactId` in
    /// favorite commands, `contact_id` in favorite events. A string on the wire; a number is
    /// tolerated (`number_as_string`) and kept as its decimal text.
    #[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub struct ContactId;
    /// An id from its text.
    fn new;
    /// The id text.
    fn as_str;
    schema {
        "type": "string",
        "description": "The id of a contact in its directory source (a string; lenient decoding also takes a number).",
        "x-cti-lenient": { "type": "integer" },
    }
}

impl From<&str> for ContactId {
    fn from(id: &str) -> Self {
        ContactId::new(id)
    }
}

impl From<String> for ContactId {
    fn from(id: String) -> Self {
        ContactId(id)
    }
}

impl fmt::Display for ContactId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromWire for ContactId {
    fn from_wire<'de, D: Deserializer<'de>>(
        deserializer: D,
        cx: &crate::wire::ctx::Context,
    ) -> Result<Self, D::Error> {
        struct V<'c>(&'c crate::wire::ctx::Context);
        impl V<'_> {
            fn number<E: de::Error>(self, n: impl fmt::Display) -> Result<ContactId, E> {
                let text = n.to_string();
                tolerate(self.0, DiagnosticCode::NumberAsString, || {
                    format!("id sent as the number {text}")
                })?;
                Ok(ContactId(text))
            }
        }
        impl Visitor<'_> for V<'_> {
            type Value = ContactId;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string id")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<ContactId, E> {
                Ok(ContactId(v.to_owned()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<ContactId, E> {
                self.number(v)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<ContactId, E> {
                self.number(v)
            }
        }
        deserializer.deserialize_any(V(cx))
    }
}

wire_string! {
    /// A password or token. Its `Debug` never shows the text, and decoding errors never echo
    /// it; [`Secret::expose`] is the one way to read it.
    ///
    /// ```
    /// use cti_proto::Secret;
    /// let token = Secret::new("s3cr3t");
    /// assert_eq!(format!("{token:?}"), "Secret(<redacted>)");
    /// assert_eq!(token.expose(), "s3cr3t");
    /// ```
    #[derive(Clone, Default, PartialEq, Eq)]
    pub struct Secret;
    /// Wraps a secret.
    fn new;
    /// The secret text.
    fn expose;
    schema { "type": "string", "description": "A password or token." }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl FromWire for Secret {
    const SECRETS: crate::wire::Secrets = crate::wire::Secrets::Value;

    fn from_wire<'de, D: Deserializer<'de>>(
        deserializer: D,
        _: &crate::wire::ctx::Context,
    ) -> Result<Self, D::Error> {
        // serde's own errors quote the value they got; a secret's must not.
        struct V;
        impl Visitor<'_> for V {
            type Value = Secret;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Secret, E> {
                Ok(Secret(v.to_owned()))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Secret, E> {
                Err(E::invalid_type(de::Unexpected::Other("a boolean"), &self))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Secret, E> {
                Err(E::invalid_type(de::Unexpected::Other("a number"), &self))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Secret, E> {
                Err(E::invalid_type(de::Unexpected::Other("a number"), &self))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Secret, E> {
                Err(E::invalid_type(de::Unexpected::Other("a number"), &self))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// A required value that may be JSON `null`: `dialFromQueue` sends a `queueId` that does
/// not parse as a number (`NaN`) as `null`. An optional one is a [`Maybe`].
///
/// ```
/// use cti_proto::common::Nullable;
/// let id: Nullable<i64> = 3.into();
/// assert_eq!(id.value(), Some(&3));
/// assert!(Nullable::<i64>::Null.is_null());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum Nullable<T> {
    /// `null`.
    #[default]
    Null,
    /// A value.
    Value(T),
}

impl<T> Nullable<T> {
    /// The value, `None` for `null`.
    pub fn value(&self) -> Option<&T> {
        match self {
            Nullable::Null => None,
            Nullable::Value(value) => Some(value),
        }
    }

    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Null => serializer.serialize_none(),
            Nullable::Value(value) => value.serialize(serializer),
        }
    }
}

impl<'de, T: FromWire> Deserialize<'de> for Nullable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        FromWire::from_wire(deserializer, &crate::wire::ctx::Context::detached())
    }
}

impl<T: FromWire> FromWire for Nullable<T> {
    const SECRETS: crate::wire::Secrets = T::SECRETS;

    fn from_wire<'de, D: Deserializer<'de>>(
        deserializer: D,
        cx: &crate::wire::ctx::Context,
    ) -> Result<Self, D::Error> {
        // What `Maybe` reads; a value that is there is never absent.
        Ok(match Maybe::<T>::from_wire(deserializer, cx)? {
            Maybe::Value(value) => Nullable::Value(value),
            Maybe::Absent | Maybe::Null => Nullable::Null,
        })
    }

    fn is_null(&self) -> bool {
        Nullable::is_null(self)
    }
}

#[cfg(feature = "proptest")]
impl<T: crate::wire::arb::Gen + 'static> crate::wire::arb::Gen for Nullable<T> {
    fn gen() -> proptest::strategy::BoxedStrategy<Self> {
        use proptest::strategy::Strategy;
        proptest::option::weighted(0.75, T::gen())
            .prop_map(|value| value.map_or(Nullable::Null, Nullable::Value))
            .boxed()
    }
}

#[cfg(feature = "arbitrary")]
impl<'a, T: arbitrary::Arbitrary<'a>> arbitrary::Arbitrary<'a> for Nullable<T> {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(match u.arbitrary::<Option<T>>()? {
            None => Nullable::Null,
            Some(value) => Nullable::Value(value),
        })
    }
}

#[cfg(feature = "schema")]
impl<T: schemars::JsonSchema> schemars::JsonSchema for Nullable<T> {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("Nullable_{}", T::schema_name()).into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let value = generator.subschema_for::<T>();
        schemars::json_schema!({ "anyOf": [value, { "type": "null" }] })
    }
}

/// An optional field: left out, `null`, or a value. The three are different on this wire:
/// the web client tells a partial `UserConfigUpdate` from a full one by `fullName !== null`,
/// and loses a `PhoneEvent` whose `userData` is `null` but not one without it. A decoded
/// message keeps which of the three it got and encodes it back the same; a message being
/// built chooses. Read the value as an `Option` with [`Maybe::value`], [`Maybe::as_deref`]
/// or [`Maybe::into_value`] (and `Option`'s helpers from there), or with the few helpers
/// named as `Option`'s ([`map`](Maybe::map), [`unwrap_or_default`](Maybe::unwrap_or_default)…),
/// which keep `null` and absent apart where they return a `Maybe`.
///
/// ```
/// use cti_proto::common::Maybe;
/// use cti_proto::user::UserConfigUpdate;
/// use cti_proto::SmolStr;
///
/// let update: UserConfigUpdate = serde_json::from_str(r#"{"userId":9,"dndEnabled":true,"fullName":null}"#)?;
/// assert!(update.full_name.is_null());
/// assert!(update.first_name.is_absent());
/// assert_eq!(update.dnd_enabled.value(), Some(&true));
/// assert_eq!(serde_json::to_string(&update)?, r#"{"userId":9,"dndEnabled":true,"fullName":null}"#);
///
/// let name: Maybe<SmolStr> = "James Bond".into();
/// assert_eq!(name.as_deref(), Some("James Bond"));
/// assert_eq!(update.full_name.map(|name| name.len()), Maybe::Null);
/// assert_eq!(update.first_name.unwrap_or_default(), "");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum Maybe<T> {
    /// The key is not in the object (a JavaScript `undefined`); encoding leaves it out.
    #[default]
    Absent,
    /// The key is there with the value `null`.
    Null,
    /// The key is there with a value.
    Value(T),
}

impl<T> Maybe<T> {
    /// The value; `None` when absent or `null`.
    pub fn value(&self) -> Option<&T> {
        match self {
            Maybe::Value(value) => Some(value),
            Maybe::Absent | Maybe::Null => None,
        }
    }

    /// The value, mutably; `None` when absent or `null`.
    pub fn value_mut(&mut self) -> Option<&mut T> {
        match self {
            Maybe::Value(value) => Some(value),
            Maybe::Absent | Maybe::Null => None,
        }
    }

    /// The value, taken; `None` when absent or `null`.
    pub fn into_value(self) -> Option<T> {
        match self {
            Maybe::Value(value) => Some(value),
            Maybe::Absent | Maybe::Null => None,
        }
    }

    /// The value seen through `Deref` (`&str` for a `String`); `None` when absent or `null`.
    pub fn as_deref(&self) -> Option<&T::Target>
    where
        T: std::ops::Deref,
    {
        self.value().map(|value| &**value)
    }

    /// Whether the key is left out.
    pub fn is_absent(&self) -> bool {
        matches!(self, Maybe::Absent)
    }

    /// Whether the key holds `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Maybe::Null)
    }

    /// Whether the key holds a value.
    pub fn is_value(&self) -> bool {
        matches!(self, Maybe::Value(_))
    }

    /// A `Maybe` of a reference to the value, absent and `null` kept.
    pub fn as_ref(&self) -> Maybe<&T> {
        match self {
            Maybe::Value(value) => Maybe::Value(value),
            Maybe::Absent => Maybe::Absent,
            Maybe::Null => Maybe::Null,
        }
    }

    /// The value changed by `f`, absent and `null` kept.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Maybe<U> {
        match self {
            Maybe::Value(value) => Maybe::Value(f(value)),
            Maybe::Absent => Maybe::Absent,
            Maybe::Null => Maybe::Null,
        }
    }

    /// The value, or `default` when absent or `null`.
    pub fn unwrap_or(self, default: T) -> T {
        self.into_value().unwrap_or(default)
    }

    /// The value, or `T::default()` (an empty string, `0`, `false`) when absent or `null`.
    pub fn unwrap_or_default(self) -> T
    where
        T: Default,
    {
        self.into_value().unwrap_or_default()
    }
}

/// `value`, or `Null` when the value is itself JSON `null` (raw JSON): the one form that
/// decoding gives back, for the generators.
#[cfg(any(feature = "proptest", feature = "arbitrary"))]
fn value_or_null<T: FromWire>(value: T) -> Maybe<T> {
    if value.is_null() {
        Maybe::Null
    } else {
        Maybe::Value(value)
    }
}

impl<T> From<T> for Maybe<T> {
    fn from(value: T) -> Self {
        Maybe::Value(value)
    }
}

/// `None` is a key left out.
impl<T> From<Option<T>> for Maybe<T> {
    fn from(value: Option<T>) -> Self {
        value.map_or(Maybe::Absent, Maybe::Value)
    }
}

/// Absent and `null` are both `None`: use [`Maybe::is_null`] first where they differ.
impl<T> From<Maybe<T>> for Option<T> {
    fn from(value: Maybe<T>) -> Self {
        value.into_value()
    }
}

impl From<&str> for Maybe<String> {
    fn from(value: &str) -> Self {
        Maybe::Value(value.to_owned())
    }
}

/// Most text fields are `Maybe<SmolStr>`: `"1.1".into()` fills one.
impl From<&str> for Maybe<SmolStr> {
    fn from(value: &str) -> Self {
        Maybe::Value(SmolStr::new(value))
    }
}

impl From<String> for Maybe<SmolStr> {
    fn from(value: String) -> Self {
        Maybe::Value(SmolStr::from(value))
    }
}

/// A field that is left out is not written at all; a `Maybe` on its own (outside an object)
/// writes `Absent` as `null`. In a struct of your own that derives serde's traits, keep
/// absent and `null` apart with `#[serde(default, skip_serializing_if = "Maybe::is_absent")]`
/// on the field (without `default`, serde reads a missing key as `null`).
impl<T: Serialize> Serialize for Maybe<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Maybe::Absent | Maybe::Null => serializer.serialize_none(),
            Maybe::Value(value) => value.serialize(serializer),
        }
    }
}

impl<'de, T: FromWire> Deserialize<'de> for Maybe<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        FromWire::from_wire(deserializer, &crate::wire::ctx::Context::detached())
    }
}

impl<T: FromWire> FromWire for Maybe<T> {
    const SECRETS: crate::wire::Secrets = T::SECRETS;

    fn from_wire<'de, D: Deserializer<'de>>(
        deserializer: D,
        cx: &crate::wire::ctx::Context,
    ) -> Result<Self, D::Error> {
        struct V<'c, T>(&'c crate::wire::ctx::Context, std::marker::PhantomData<T>);
        impl<'de, T: FromWire> Visitor<'de> for V<'_, T> {
            type Value = Maybe<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a value or null")
            }
            fn visit_none<E: de::Error>(self) -> Result<Maybe<T>, E> {
                Ok(Maybe::Null)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Maybe<T>, E> {
                Ok(Maybe::Null)
            }
            fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<Maybe<T>, D2::Error> {
                T::from_wire(d, self.0).map(Maybe::Value)
            }
        }
        deserializer.deserialize_option(V(cx, std::marker::PhantomData))
    }

    fn missing() -> Option<Self> {
        Some(Maybe::Absent)
    }

    fn is_absent(&self) -> bool {
        Maybe::is_absent(self)
    }

    fn is_null(&self) -> bool {
        Maybe::is_null(self)
    }
}

#[cfg(feature = "proptest")]
impl<T: crate::wire::arb::Gen + FromWire + 'static> crate::wire::arb::Gen for Maybe<T> {
    fn gen() -> proptest::strategy::BoxedStrategy<Self> {
        use proptest::strategy::Strategy;
        // Absent a third of the time, null a sixth, a value half.
        (0..6u8, T::gen())
            .prop_map(|(pick, value)| match pick {
                0 | 1 => Maybe::Absent,
                2 => Maybe::Null,
                _ => value_or_null(value),
            })
            .boxed()
    }
}

#[cfg(feature = "arbitrary")]
impl<'a, T: arbitrary::Arbitrary<'a> + FromWire> arbitrary::Arbitrary<'a> for Maybe<T> {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(match u.int_in_range(0..=3u8)? {
            0 => Maybe::Absent,
            1 => Maybe::Null,
            _ => value_or_null(u.arbitrary()?),
        })
    }
}

/// `null` or the value's schema.
#[cfg(feature = "schema")]
impl<T: schemars::JsonSchema> schemars::JsonSchema for Maybe<T> {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("Maybe_{}", T::schema_name()).into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <Nullable<T> as schemars::JsonSchema>::json_schema(generator)
    }
}

/// A JSON number, integer or not, kept as sent: the value of a queue statistic. Lenient
/// decoding also takes a numeric string (reported as `string_as_number`).
///
/// ```
/// use cti_proto::common::Number;
/// assert_eq!(Number::from(0).as_i64(), Some(0));
/// assert_eq!(Number::from_f64(2.5).and_then(|n| n.as_f64()), Some(2.5));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Number(serde_json::Number);

impl Number {
    /// A number from a finite `f64` (`None` for NaN and infinities, which JSON cannot hold).
    pub fn from_f64(value: f64) -> Option<Number> {
        serde_json::Number::from_f64(value).map(Number)
    }

    /// The value as an `i64`, if it is an integer that fits.
    pub fn as_i64(&self) -> Option<i64> {
        self.0.as_i64()
    }

    /// The value as an `f64`.
    pub fn as_f64(&self) -> Option<f64> {
        self.0.as_f64()
    }
}

impl Default for Number {
    fn default() -> Self {
        Number::from(0)
    }
}

impl From<i64> for Number {
    fn from(value: i64) -> Self {
        Number(value.into())
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl Serialize for Number {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        FromWire::from_wire(deserializer, &crate::wire::ctx::Context::detached())
    }
}

impl FromWire for Number {
    fn from_wire<'de, D: Deserializer<'de>>(
        deserializer: D,
        cx: &crate::wire::ctx::Context,
    ) -> Result<Self, D::Error> {
        struct V<'c>(&'c crate::wire::ctx::Context);
        impl Visitor<'_> for V<'_> {
            type Value = Number;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Number, E> {
                Ok(Number(v.into()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Number, E> {
                Ok(Number(v.into()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Number, E> {
                Number::from_f64(v).ok_or_else(|| E::invalid_value(de::Unexpected::Float(v), &self))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Number, E> {
                // Only the text of a JSON number (`parse` would also take `inf` or `+1`).
                let number = match serde_json::from_str::<serde_json::Value>(v) {
                    Ok(serde_json::Value::Number(number)) if v.trim() == v => number,
                    _ => return Err(E::invalid_value(de::Unexpected::Str(v), &self)),
                };
                tolerate(self.0, DiagnosticCode::StringAsNumber, || {
                    format!("number sent as the string \"{v}\"")
                })?;
                Ok(Number(number))
            }
        }
        deserializer.deserialize_any(V(cx))
    }
}

#[cfg(feature = "proptest")]
impl crate::wire::arb::Gen for Number {
    fn gen() -> proptest::strategy::BoxedStrategy<Self> {
        use proptest::strategy::Strategy;
        proptest::prop_oneof![
            proptest::arbitrary::any::<i64>().prop_map(Number::from),
            (-1.0e9..1.0e9f64).prop_map(|v| Number::from_f64(v).unwrap_or_default()),
        ]
        .boxed()
    }
}

#[cfg(feature = "arbitrary")]
impl<'a> arbitrary::Arbitrary<'a> for Number {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(if u.arbitrary()? {
            Number::from(u.arbitrary::<i64>()?)
        } else {
            Number::from_f64(u.arbitrary()?).unwrap_or_default()
        })
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Number {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Number".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "number",
            (crate::wire::schema::LENIENT_KEYWORD): {
                "type": "string",
                "pattern": "^-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?$",
            },
        })
    }
}

/// A value the wire sends as a number or as a string, whichever the caller had: the
/// conference number `numConf` (`"4000"` in the docs), request ids. Kept as sent, so it
/// is written back unchanged.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum NumberOrText {
    /// A JSON integer.
    Number(i64),
    /// A JSON string.
    Text(String),
}

impl Default for NumberOrText {
    fn default() -> Self {
        NumberOrText::Text(String::new())
    }
}

impl From<i64> for NumberOrText {
    fn from(value: i64) -> Self {
        NumberOrText::Number(value)
    }
}

impl From<&str> for NumberOrText {
    fn from(value: &str) -> Self {
        NumberOrText::Text(value.to_owned())
    }
}

impl From<String> for NumberOrText {
    fn from(value: String) -> Self {
        NumberOrText::Text(value)
    }
}

impl fmt::Display for NumberOrText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NumberOrText::Number(n) => write!(f, "{n}"),
            NumberOrText::Text(text) => f.write_str(text),
        }
    }
}

impl Serialize for NumberOrText {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            NumberOrText::Number(n) => serializer.serialize_i64(*n),
            NumberOrText::Text(text) => serializer.serialize_str(text),
        }
    }
}

impl<'de> Deserialize<'de> for NumberOrText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        FromWire::from_wire(deserializer, &crate::wire::ctx::Context::detached())
    }
}

impl FromWire for NumberOrText {
    fn from_wire<'de, D: Deserializer<'de>>(
        deserializer: D,
        _: &crate::wire::ctx::Context,
    ) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = NumberOrText;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an integer or a string")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<NumberOrText, E> {
                Ok(NumberOrText::Number(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<NumberOrText, E> {
                i64::try_from(v)
                    .map(NumberOrText::Number)
                    .map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &self))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<NumberOrText, E> {
                Ok(NumberOrText::Text(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<NumberOrText, E> {
                Ok(NumberOrText::Text(v))
            }
        }
        deserializer.deserialize_any(V)
    }
}

#[cfg(feature = "proptest")]
impl proptest::arbitrary::Arbitrary for NumberOrText {
    type Parameters = ();
    type Strategy = proptest::strategy::BoxedStrategy<Self>;
    fn arbitrary_with(_: ()) -> Self::Strategy {
        use proptest::strategy::Strategy;
        proptest::prop_oneof![
            proptest::arbitrary::any::<i64>().prop_map(NumberOrText::Number),
            proptest::arbitrary::any::<String>().prop_map(NumberOrText::Text),
        ]
        .boxed()
    }
}

#[cfg(feature = "arbitrary")]
impl<'a> arbitrary::Arbitrary<'a> for NumberOrText {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(if u.arbitrary()? {
            NumberOrText::Number(u.arbitrary()?)
        } else {
            NumberOrText::Text(u.arbitrary()?)
        })
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for NumberOrText {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "NumberOrText".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A number or a string, kept as sent.",
            "anyOf": [{ "type": "integer" }, { "type": "string" }],
        })
    }
}

#[cfg(feature = "proptest")]
crate::wire::arb::gen_via_arbitrary!(NumberOrText);
