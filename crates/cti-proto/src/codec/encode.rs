//! Encoding: serde_json's compact output, byte for byte, with a fast path for strings.
//!
//! serde_json looks every byte of a string up in its escape table. Here a string is
//! scanned eight bytes at a time first: one with nothing to escape (no `"`, `\` or byte
//! below 0x20, the only bytes serde_json escapes) is copied whole; any other is handed
//! to serde_json. Numbers, bytes, non-string map keys and serde_json's own structs
//! (`RawValue`) are serde_json's code too; only plain strings, `true`, `false`, `null`
//! and punctuation are written here. The output is a `String` from the start, so it
//! needs no UTF-8 check at the end (only serde_json's pieces are checked).

use serde::ser::{self, Impossible, Serialize};
use serde_json::Error;

type Result<T = ()> = std::result::Result<T, Error>;

/// The output's first capacity: most frames fit, a long one grows a few times.
const INITIAL_CAPACITY: usize = 512;

/// The names of serde_json's own structs (`RawValue`, and `Number` with
/// `arbitrary_precision`): single-field structs that serde_json writes its own way.
const SERDE_JSON_PRIVATE: &str = "$serde_json::private::";

/// `value` as compact JSON: what `serde_json::to_string` returns.
pub(crate) fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String> {
    let mut out = Output {
        text: String::with_capacity(INITIAL_CAPACITY),
        scratch: Vec::new(),
    };
    value.serialize(Encoder { out: &mut out })?;
    Ok(out.text)
}

/// The text written so far, and serde_json's scratch space.
struct Output {
    text: String,
    /// Where serde_json writes, before its bytes are checked UTF-8 and appended.
    scratch: Vec<u8>,
}

impl Output {
    /// Appends `text` as a JSON string, as serde_json does.
    #[inline]
    fn str(&mut self, text: &str) -> Result {
        if needs_escape(text.as_bytes()) {
            return self.escaped_str(text);
        }
        self.text.push('"');
        self.text.push_str(text);
        self.text.push('"');
        Ok(())
    }

    #[cold]
    #[inline(never)]
    fn escaped_str(&mut self, text: &str) -> Result {
        self.by_serde_json(|json| ser::Serializer::serialize_str(json, text))
    }

    /// Appends what `write` makes serde_json write.
    fn by_serde_json(&mut self, write: impl FnOnce(&mut Json<'_>) -> Result) -> Result {
        self.by_serde_json_after(0, write)
    }

    /// Appends what `write` makes serde_json write, but its first `skip` bytes.
    fn by_serde_json_after(
        &mut self,
        skip: usize,
        write: impl FnOnce(&mut Json<'_>) -> Result,
    ) -> Result {
        self.scratch.clear();
        write(&mut serde_json::Serializer::new(&mut self.scratch))?;
        let written = self.scratch.get(skip..).unwrap_or_default();
        self.text
            .push_str(std::str::from_utf8(written).map_err(ser::Error::custom)?);
        Ok(())
    }
}

/// serde_json's serializer, writing into the scratch space.
type Json<'a> = serde_json::Serializer<&'a mut Vec<u8>>;

/// Whether `bytes` holds a byte that serde_json escapes: `"`, `\` or one below 0x20.
#[inline]
fn needs_escape(bytes: &[u8]) -> bool {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    const SPACES: u64 = ONES * 0x20;
    // The high bit of some byte is set iff a byte of `word` is below 0x20, `"` or `\`
    // (the "has a zero byte" and "has a byte less than n" tricks: a borrow may set bits
    // above a byte that matches, never when none does).
    let flags = |word: u64| {
        let below_space = word.wrapping_sub(SPACES);
        let quote = (word ^ (ONES * u64::from(b'"'))).wrapping_sub(ONES);
        let backslash = (word ^ (ONES * u64::from(b'\\'))).wrapping_sub(ONES);
        (below_space | quote | backslash) & !word & (ONES * 0x80) != 0
    };
    if let Some(last) = bytes.last_chunk::<8>() {
        // Eight bytes at a time, then the last eight (which may overlap the chunk before).
        let mut rest = bytes;
        while let Some((chunk, tail)) = rest.split_first_chunk::<8>() {
            if flags(u64::from_le_bytes(*chunk)) {
                return true;
            }
            rest = tail;
        }
        flags(u64::from_le_bytes(*last))
    } else if let (Some(first), Some(last)) = (bytes.first_chunk::<4>(), bytes.last_chunk::<4>()) {
        // Four to seven bytes: the first four and the last four, which may overlap.
        let half = |chunk: &[u8; 4]| u64::from(u32::from_le_bytes(*chunk));
        flags(half(first) | half(last) << 32)
    } else if let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) {
        // One to three bytes: the first, the middle and the last; then spaces.
        let middle = bytes.get(bytes.len() / 2).copied().unwrap_or(first);
        let bytes = [first, middle, last, b' ', b' ', b' ', b' ', b' '];
        flags(u64::from_le_bytes(bytes))
    } else {
        false
    }
}

/// The serializer: appends a value to `out`.
struct Encoder<'a> {
    out: &'a mut Output,
}

/// Methods that serde_json's serializer does as they are.
macro_rules! by_serde_json {
    ($($method:ident($ty:ty)),* $(,)?) => {$(
        fn $method(self, value: $ty) -> Result {
            self.out.by_serde_json(|json| ser::Serializer::$method(json, value))
        }
    )*};
}

impl<'a> ser::Serializer for Encoder<'a> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    by_serde_json!(
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_i128(i128),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64),
        serialize_u128(u128),
        serialize_f32(f32),
        serialize_f64(f64),
        serialize_bytes(&[u8]),
    );

    fn serialize_bool(self, value: bool) -> Result {
        self.out.text.push_str(if value { "true" } else { "false" });
        Ok(())
    }

    fn serialize_char(self, value: char) -> Result {
        self.out.str(value.encode_utf8(&mut [0; 4]))
    }

    fn serialize_str(self, value: &str) -> Result {
        self.out.str(value)
    }

    fn serialize_none(self) -> Result {
        self.serialize_unit()
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result {
        self.out.text.push_str("null");
        Ok(())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result {
        self.serialize_unit()
    }

    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result {
        self.out.str(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result {
        variant_key(self.out, variant)?;
        value.serialize(Encoder {
            out: &mut *self.out,
        })?;
        self.out.text.push('}');
        Ok(())
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<Compound<'a>> {
        Ok(Compound::open(self.out, Bracket::Square, len, false))
    }

    fn serialize_tuple(self, len: usize) -> Result<Compound<'a>> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Compound<'a>> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Compound<'a>> {
        variant_key(self.out, variant)?;
        Ok(Compound::open(self.out, Bracket::Square, Some(len), true))
    }

    fn serialize_map(self, len: Option<usize>) -> Result<Compound<'a>> {
        Ok(Compound::open(self.out, Bracket::Curly, len, false))
    }

    fn serialize_struct(self, name: &'static str, len: usize) -> Result<Compound<'a>> {
        if name.starts_with(SERDE_JSON_PRIVATE) {
            return Ok(Compound {
                out: self.out,
                first: false,
                bracket: None,
                in_variant: false,
                private: Some(name),
            });
        }
        self.serialize_map(Some(len))
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Compound<'a>> {
        variant_key(self.out, variant)?;
        Ok(Compound::open(self.out, Bracket::Curly, Some(len), true))
    }
}

/// Opens the object around an enum variant's value: `{"variant":`.
fn variant_key(out: &mut Output, variant: &str) -> Result {
    out.text.push('{');
    out.str(variant)?;
    out.text.push(':');
    Ok(())
}

/// An array's brackets or an object's.
#[derive(Clone, Copy)]
enum Bracket {
    Square,
    Curly,
}

impl Bracket {
    fn close(self, text: &mut String) {
        match self {
            Bracket::Square => text.push(']'),
            Bracket::Curly => text.push('}'),
        }
    }
}

/// An array or object being written.
struct Compound<'a> {
    out: &'a mut Output,
    /// No element written yet (a comma goes before every other).
    first: bool,
    /// The brackets, `None` once closed (an empty compound is closed at once, as serde_json).
    bracket: Option<Bracket>,
    /// In the object of an enum variant, closed after the bracket.
    in_variant: bool,
    /// The name of a serde_json struct, whose field serde_json writes.
    private: Option<&'static str>,
}

impl<'a> Compound<'a> {
    /// Writes the opening bracket; an empty compound is closed at once, as serde_json
    /// does (and like it, commas would precede elements that came anyway).
    fn open(out: &'a mut Output, bracket: Bracket, len: Option<usize>, in_variant: bool) -> Self {
        match bracket {
            Bracket::Square => out.text.push('['),
            Bracket::Curly => out.text.push('{'),
        }
        let empty = len == Some(0);
        if empty {
            bracket.close(&mut out.text);
        }
        Compound {
            out,
            first: !empty,
            bracket: (!empty).then_some(bracket),
            in_variant,
            private: None,
        }
    }

    fn comma(&mut self) {
        if !self.first {
            self.out.text.push(',');
        }
        self.first = false;
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.comma();
        value.serialize(Encoder {
            out: &mut *self.out,
        })
    }

    fn key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result {
        self.comma();
        if !key.serialize(KeyProbe {
            out: &mut *self.out,
        })? {
            self.out.by_serde_json_after(1, |json| {
                // The key of a one-entry object, after its `{`.
                let mut map = ser::Serializer::serialize_map(json, None)?;
                ser::SerializeMap::serialize_key(&mut map, key)
            })?;
        }
        self.out.text.push(':');
        Ok(())
    }

    fn value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        value.serialize(Encoder {
            out: &mut *self.out,
        })
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result {
        if let Some(name) = self.private {
            return self.out.by_serde_json(|json| {
                let mut private = ser::Serializer::serialize_struct(json, name, 1)?;
                ser::SerializeStruct::serialize_field(&mut private, key, value)?;
                ser::SerializeStruct::end(private)
            });
        }
        self.comma();
        self.out.str(key)?;
        self.out.text.push(':');
        self.value(value)
    }

    fn close(self) -> Result {
        if let Some(bracket) = self.bracket {
            bracket.close(&mut self.out.text);
        }
        if self.in_variant {
            self.out.text.push('}');
        }
        Ok(())
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.element(value)
    }
    fn end(self) -> Result {
        self.close()
    }
}

impl ser::SerializeTuple for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.element(value)
    }
    fn end(self) -> Result {
        self.close()
    }
}

impl ser::SerializeTupleStruct for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.element(value)
    }
    fn end(self) -> Result {
        self.close()
    }
}

impl ser::SerializeTupleVariant for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.element(value)
    }
    fn end(self) -> Result {
        self.close()
    }
}

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result {
        self.key(key)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.value(value)
    }
    fn serialize_entry<K, V>(&mut self, key: &K, value: &V) -> Result
    where
        K: Serialize + ?Sized,
        V: Serialize + ?Sized,
    {
        self.key(key)?;
        self.value(value)
    }
    fn end(self) -> Result {
        self.close()
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result {
        self.field(key, value)
    }
    fn end(self) -> Result {
        self.close()
    }
}

impl ser::SerializeStructVariant for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result {
        self.field(key, value)
    }
    fn end(self) -> Result {
        self.close()
    }
}

/// Writes a map key that is a string and says `true`; says `false` without writing
/// anything for any other key, which serde_json then writes.
struct KeyProbe<'a> {
    out: &'a mut Output,
}

/// Keys that are not strings: left to serde_json.
macro_rules! not_a_string {
    ($($method:ident($($ty:ty)?)),* $(,)?) => {$(
        fn $method(self $(, _: $ty)?) -> Result<bool> {
            Ok(false)
        }
    )*};
}

/// What serde_json says of a key that is an array or an object.
fn key_must_be_a_string<T>() -> Result<T> {
    Err(ser::Error::custom("key must be a string"))
}

impl ser::Serializer for KeyProbe<'_> {
    type Ok = bool;
    type Error = Error;
    type SerializeSeq = Impossible<bool, Error>;
    type SerializeTuple = Impossible<bool, Error>;
    type SerializeTupleStruct = Impossible<bool, Error>;
    type SerializeTupleVariant = Impossible<bool, Error>;
    type SerializeMap = Impossible<bool, Error>;
    type SerializeStruct = Impossible<bool, Error>;
    type SerializeStructVariant = Impossible<bool, Error>;

    not_a_string!(
        serialize_bool(bool),
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_i128(i128),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64),
        serialize_u128(u128),
        serialize_f32(f32),
        serialize_f64(f64),
        serialize_char(char),
        serialize_bytes(&[u8]),
        serialize_none(),
        serialize_unit(),
        serialize_unit_struct(&'static str),
    );

    fn serialize_str(self, value: &str) -> Result<bool> {
        self.out.str(value).map(|()| true)
    }

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<bool> {
        self.out.str(variant).map(|()| true)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<bool> {
        value.serialize(self)
    }

    fn serialize_some<T: Serialize + ?Sized>(self, _value: &T) -> Result<bool> {
        Ok(false)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<bool> {
        Ok(false)
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq> {
        key_must_be_a_string()
    }

    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple> {
        key_must_be_a_string()
    }

    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct> {
        key_must_be_a_string()
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        key_must_be_a_string()
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap> {
        key_must_be_a_string()
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct> {
        key_must_be_a_string()
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant> {
        key_must_be_a_string()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Serialize;
    use serde_json::value::RawValue;

    use super::{needs_escape, to_string};

    /// Both encoders agree: the same text, or both fail.
    fn same<T: Serialize + ?Sized>(value: &T) {
        match (to_string(value), serde_json::to_string(value)) {
            (Ok(ours), Ok(theirs)) => assert_eq!(ours, theirs),
            (Err(_), Err(_)) => {}
            (ours, theirs) => panic!("here {ours:?}, serde_json {theirs:?}"),
        }
    }

    fn reference(bytes: &[u8]) -> bool {
        bytes.iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\')
    }

    #[test]
    fn strings_are_escaped_as_serde_json_does() {
        let specials = (0..0x20u8)
            .map(char::from)
            .chain(['"', '\\', '/', ' ', '!', '#', '[', ']', '\u{7f}'])
            .chain(['é', '😀', '\u{80}', '\u{2028}', '\u{ffff}']);
        for special in specials {
            for len in 0..=40 {
                for at in 0..len {
                    let mut text: String = (0..len)
                        .map(|i| if i == at { special } else { 'a' })
                        .collect();
                    same(&text);
                    same(&[(&text, &text)].into_iter().collect::<BTreeMap<_, _>>());
                    text.push_str("Ø€");
                    same(&text);
                }
            }
        }
        for len in 0..=40 {
            same(&"x".repeat(len));
            same(&"é".repeat(len));
        }
        for c in (0..=0x800).filter_map(char::from_u32) {
            same(&c);
            same(&c.to_string());
        }
    }

    #[test]
    fn the_scan_finds_every_byte_to_escape() {
        // Each byte at each place of a run of fillers, fillers with and without the high
        // bit (borrows cross bytes), in each kind of word the scan reads.
        for len in 1..=40 {
            for filler in [b'a', 0x20, b'#', 0x80, 0xff] {
                for at in 0..len {
                    for byte in 0..=u8::MAX {
                        let mut bytes = vec![filler; len];
                        bytes[at] = byte;
                        assert_eq!(needs_escape(&bytes), reference(&bytes), "{bytes:?}");
                    }
                }
            }
        }
        // Every pair of neighbouring bytes.
        for (len, at) in [(2, 0), (5, 3), (8, 0), (9, 7), (16, 14)] {
            for pair in 0..=u16::MAX {
                let mut bytes = vec![b'a'; len];
                bytes[at..at + 2].copy_from_slice(&pair.to_le_bytes());
                assert_eq!(needs_escape(&bytes), reference(&bytes), "{bytes:?}");
            }
        }
        assert!(!needs_escape(b""));
    }

    #[derive(Serialize)]
    enum Shapes {
        Unit,
        Newtype(&'static str),
        Tuple(u8, &'static str),
        EmptyTuple(),
        Struct { a: Option<f64>, b: Vec<i128> },
        EmptyStruct {},
    }

    #[derive(Serialize)]
    struct Record<'a> {
        #[serde(rename = "we\"ird")]
        name: &'a str,
        raw: &'a RawValue,
        nothing: (),
        shapes: Vec<Shapes>,
        chars: [char; 3],
        floats: [f64; 6],
        small: (f32, i8, u16, u64, u128, bool),
    }

    /// A map of any keys, in this order.
    struct Pairs<K, V>(Vec<(K, V)>);

    impl<K: Serialize, V: Serialize> Serialize for Pairs<K, V> {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.collect_map(self.0.iter().map(|(k, v)| (k, v)))
        }
    }

    struct Bytes(&'static [u8]);

    impl Serialize for Bytes {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.serialize_bytes(self.0)
        }
    }

    #[derive(Serialize)]
    struct Named(&'static str);

    #[test]
    fn values_of_every_shape_are_written_as_serde_json_does() {
        let raw = RawValue::from_string(r#"{ "a" : "\n\u0041" }"#.to_owned()).unwrap();
        same(&Record {
            name: "tab\there",
            raw: &raw,
            nothing: (),
            shapes: vec![
                Shapes::Unit,
                Shapes::Newtype("x\"y"),
                Shapes::Tuple(7, "z"),
                Shapes::EmptyTuple(),
                Shapes::Struct {
                    a: Some(1e21),
                    b: vec![i128::MIN, 0],
                },
                Shapes::Struct { a: None, b: vec![] },
                Shapes::EmptyStruct {},
            ],
            chars: ['"', '\u{1}', 'ß'],
            floats: [0.1, -0.0, f64::NAN, f64::INFINITY, 1e-7, 123456789.0],
            small: (1.5, -128, 65535, u64::MAX, u128::MAX, true),
        });
        same(&serde_json::json!({
            "": [], "{}": {}, "nested": [[{"a\\": [null, 1, -2, 3.5, "\u{1f}"]}]], "ok": false,
        }));
        // Keys that are not strings, as serde_json writes them, or refuses them.
        same(&BTreeMap::from([(1, "one"), (-2, "minus two")]));
        same(&BTreeMap::from([(true, 1), (false, 0)]));
        same(&BTreeMap::from([('"', 1), ('a', 2)]));
        same(&BTreeMap::from([(Some("k"), 1)]));
        same(&BTreeMap::from([((), 1)]));
        same(&BTreeMap::from([(vec![1], 1)]));
        same(&Pairs(vec![(Shapes::Unit, 1)]));
        same(&Pairs(vec![(Shapes::Newtype("a"), 1)]));
        same(&Pairs(vec![(Shapes::EmptyStruct {}, 1)]));
        same(&Pairs(vec![(1.5, 1), (-0.0, 2)]));
        same(&Pairs(vec![(f64::NAN, 1)]));
        same(&Pairs(vec![(Bytes(b"ab"), 1)]));
        same(&Pairs(vec![(Named("n"), 1), (Named("q\\"), 2)]));
        same(&Bytes(b"\0\xff"));
        same(&serde_json::json!([1.0f64, 2.5e300]));
        same(&RawValue::from_string("[1,\"\\u00e9\"]".to_owned()).unwrap());
    }

    #[test]
    fn messages_are_written_as_serde_json_does() {
        let frames = [
            r#"{"msgType":"LoggedOnError","ctiMessage":{"Error":"a \"quoted\"\\ tab\t and é😀"}}"#,
            r#"{"msgType":"SomethingNew","ctiMessage":{"x":[1,{"y":"\u0001"}],"z":null}}"#,
            r#"{"msgType":"UserConfigUpdate","ctiMessage":{"userId":3,"extra":{"k":"\b"}}}"#,
        ];
        for frame in frames {
            let event = crate::decode_event(frame).unwrap().message;
            same(&event);
            assert_eq!(
                crate::encode_event(&event),
                serde_json::to_string(&event).unwrap()
            );
        }
    }
}
