//! JSON kept as it came: payloads of unknown messages, and fields a message does not define.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::{Serialize, Serializer};
use serde_json::value::RawValue;

/// A JSON value kept as its exact text, and written back unchanged.
///
/// ```
/// use cti_proto::RawJson;
/// let raw = RawJson::from_text(r#"{ "a": [1, 2] }"#).unwrap();
/// assert_eq!(raw.get(), r#"{ "a": [1, 2] }"#);
/// assert_eq!(raw.to_value().unwrap()["a"][1], 2);
/// ```
#[derive(Clone)]
pub struct RawJson(Box<RawValue>);

impl RawJson {
    /// Checks that `text` is one JSON value and keeps it as it is.
    pub fn from_text(text: impl Into<String>) -> Result<RawJson, serde_json::Error> {
        RawValue::from_string(text.into()).map(RawJson)
    }

    /// The compact text of `value`.
    pub fn from_value(value: &serde_json::Value) -> RawJson {
        // A `Value` always serializes, and its text is always one JSON value.
        RawJson(serde_json::value::to_raw_value(value).unwrap_or_else(|_| null()))
    }

    /// The JSON text, exactly as received.
    pub fn get(&self) -> &str {
        self.0.get()
    }

    /// The value, parsed. Fails where the text is JSON that a `Value` cannot hold (a
    /// lone surrogate escape such as `"\ud800"`, which raw JSON keeps as written) or
    /// nests deeper than serde_json's limit of 128.
    pub fn to_value(&self) -> Result<serde_json::Value, serde_json::Error> {
        serde_json::from_str(self.get())
    }
}

impl Default for RawJson {
    /// `null`.
    fn default() -> Self {
        RawJson::from_value(&serde_json::Value::Null)
    }
}

impl From<Box<RawValue>> for RawJson {
    fn from(raw: Box<RawValue>) -> Self {
        RawJson(raw)
    }
}

fn null() -> Box<RawValue> {
    RawValue::NULL.to_owned()
}

impl PartialEq for RawJson {
    fn eq(&self, other: &Self) -> bool {
        self.get() == other.get()
    }
}

impl Eq for RawJson {}

impl fmt::Debug for RawJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RawJson({})", self.get())
    }
}

impl Serialize for RawJson {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for RawJson {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // The codec's own reader gives the value's text as a string; any other
        // deserializer (serde_json's) passes itself on, to read a `RawValue` from.
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawJson;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<RawJson, E> {
                RawJson::from_text(text).map_err(E::custom)
            }
            fn visit_newtype_struct<D: Deserializer<'de>>(
                self,
                deserializer: D,
            ) -> Result<RawJson, D::Error> {
                Box::<RawValue>::deserialize(deserializer).map(RawJson)
            }
        }
        deserializer.deserialize_newtype_struct(crate::codec::RAW_JSON, V)
    }
}

/// The fields of an object that its message does not define, in the order received, with
/// their values kept as [`RawJson`]. Encoding writes them back after the known fields.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Extra(Vec<(String, RawJson)>);

impl Extra {
    /// No extra fields.
    pub const fn new() -> Extra {
        Extra(Vec::new())
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The value of the first extra field named `key`.
    pub fn get(&self, key: &str) -> Option<&RawJson> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The fields in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &RawJson)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// Adds a field at the end.
    pub fn push(&mut self, key: impl Into<String>, value: RawJson) {
        self.0.push((key.into(), value));
    }
}

/// An object key or tag, borrowed from the frame unless it had escapes.
pub struct WireStr<'de>(pub Cow<'de, str>);

impl<'de> Deserialize<'de> for WireStr<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = WireStr<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(WireStr(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(WireStr(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(WireStr(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(V)
    }
}

#[cfg(feature = "arbitrary")]
impl<'a> arbitrary::Arbitrary<'a> for RawJson {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        fn value(
            u: &mut arbitrary::Unstructured<'_>,
            depth: u32,
        ) -> arbitrary::Result<serde_json::Value> {
            use serde_json::Value;
            Ok(match u.int_in_range(0..=if depth < 3 { 5 } else { 3 })? {
                0 => Value::Null,
                1 => Value::Bool(u.arbitrary()?),
                2 => Value::from(i64::arbitrary(u)?),
                3 => Value::String(u.arbitrary()?),
                4 => Value::Array(
                    (0..u.int_in_range(0..=3)?)
                        .map(|_| value(u, depth + 1))
                        .collect::<Result<_, _>>()?,
                ),
                _ => {
                    let mut map = serde_json::Map::new();
                    for _ in 0..u.int_in_range(0..=3)? {
                        map.insert(u.arbitrary()?, value(u, depth + 1)?);
                    }
                    Value::Object(map)
                }
            })
        }
        Ok(RawJson::from_value(&value(u, 0)?))
    }
}

#[cfg(feature = "arbitrary")]
impl<'a> arbitrary::Arbitrary<'a> for Extra {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        // The wire never uses keys starting with "x-", so these never shadow a field.
        let mut extra = Extra::new();
        for _ in 0..u.int_in_range(0..=2)? {
            let key = format!("x-{}", String::arbitrary(u)?);
            if extra.get(&key).is_none() {
                extra.push(key, u.arbitrary()?);
            }
        }
        Ok(extra)
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for RawJson {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "RawJson".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "description": "Any JSON value, kept as received." })
    }
}
