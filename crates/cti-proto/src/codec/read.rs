//! A reader of the common frame, for the codec's first pass: objects, arrays, strings,
//! integers and `true`, `false` and `null`, handed to the same visitors as serde_json's
//! reader, in the same calls (`visit_borrowed_str` for a string without escapes,
//! `visit_u64` for a non-negative integer, ...).
//!
//! It reads the frame's structure and its plain tokens itself, and asks serde_json for the
//! rest, one token at a time: a string with escapes, a number with a fraction or an
//! exponent, an integer too large for 64 bits. What serde_json's reader would not do the
//! same way (a `&RawValue`, an enum, bytes, nesting near serde_json's limit, anything that
//! is not JSON) it refuses, and the codec reads the frame with serde_json. Its result is
//! used only when the pass saw no error at all: a visitor's error, even one a visitor
//! catches and goes on from, sends the frame to serde_json too, so that every error, every
//! diagnostic and every frame out of the common is serde_json's.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// The name of the newtype under which [`crate::RawJson`] asks for a value's JSON text: this
/// reader gives it as a borrowed string (`visit_borrowed_str`); any other deserializer
/// passes itself to `visit_newtype_struct`.
pub(crate) const RAW_JSON: &str = "$cti_proto::RawJson";

/// Deeper than this, the reader refuses (serde_json stops at 128 levels).
const MAX_DEPTH: usize = 120;

/// How a first pass with this reader ended without a value to use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Failure {
    /// The reader could not read the frame as serde_json would: read it with serde_json.
    Refused,
    /// A visitor failed (an irregularity, a bad value): the frame needs the pass with paths.
    Visitor,
}

/// The error of this reader's pass. What it says is never shown: the frame is read again
/// with serde_json, whose error is the one reported.
#[derive(Debug)]
pub(crate) struct Refused;

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the frame is read again with serde_json")
    }
}

impl std::error::Error for Refused {}

impl de::Error for Refused {
    #[cold]
    fn custom<T: fmt::Display>(_: T) -> Self {
        Refused
    }
}

/// Parses one whole JSON text with `read`: nothing but white space may follow the value.
pub(super) fn parse<'a, T>(
    text: &'a str,
    read: impl FnOnce(&mut Reader<'a>) -> Result<T, Refused>,
) -> Result<T, Failure> {
    let mut reader = Reader {
        text,
        at: 0,
        depth: 0,
        failure: None,
    };
    let value = read(&mut reader);
    if let Some(failure) = reader.failure {
        return Err(failure);
    }
    match (value, reader.skip_space()) {
        (Ok(value), None) => Ok(value),
        (Ok(_), Some(_)) => Err(Failure::Refused),
        // An error that went around the reader (unusual: a visitor's own, made before
        // reading anything).
        (Err(Refused), _) => Err(Failure::Visitor),
    }
}

/// The reader: a position in a text, the nesting depth, and the first failure.
pub(super) struct Reader<'a> {
    text: &'a str,
    at: usize,
    depth: usize,
    failure: Option<Failure>,
}

/// A number read, as serde_json classes it.
#[derive(Clone, Copy)]
enum Number {
    PosInt(u64),
    NegInt(i64),
    Float(f64),
}

/// The bytes that end the plain run of a string: `"`, `\` and the control characters.
static STRING_END: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 0x20 {
        table[byte] = true;
        byte += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table
};

/// The index of the first byte from `at` that ends a string's plain run (see
/// [`STRING_END`]), or the length: eight bytes at a time while eight are left (a byte is
/// flagged when it is `"` or `\` or below 0x20; the lowest flag is exact), then one by one.
#[inline(always)]
fn plain_run_end(bytes: &[u8], mut at: usize) -> usize {
    const ONES: u64 = u64::MAX / 255;
    const HIGH: u64 = ONES << 7;
    while let Some(chunk) = bytes.get(at..).and_then(<[u8]>::first_chunk::<8>) {
        let chunk = u64::from_le_bytes(*chunk);
        let quote = chunk ^ (ONES * u64::from(b'"'));
        let backslash = chunk ^ (ONES * u64::from(b'\\'));
        let flags = (quote.wrapping_sub(ONES) & !quote)
            | (backslash.wrapping_sub(ONES) & !backslash)
            | (chunk.wrapping_sub(ONES * 0x20) & !chunk);
        let flags = flags & HIGH;
        if flags != 0 {
            return at + (flags.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    while at < bytes.len() && !STRING_END[usize::from(bytes[at])] {
        at += 1;
    }
    at
}

impl<'a> Reader<'a> {
    fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    /// Refuses the frame: serde_json reads it.
    #[cold]
    fn refuse<T>(&mut self) -> Result<T, Refused> {
        self.failure.get_or_insert(Failure::Refused);
        Err(Refused)
    }

    /// Notes a visitor's error (the first failure stays the one that counts).
    #[inline]
    fn watch<T>(&mut self, result: Result<T, Refused>) -> Result<T, Refused> {
        if result.is_err() {
            self.failure.get_or_insert(Failure::Visitor);
        }
        result
    }

    /// Skips white space; the next byte, not taken.
    #[inline]
    fn skip_space(&mut self) -> Option<u8> {
        match self.bytes().get(self.at) {
            // Every byte above the space is something other than white space.
            Some(&byte) if byte > b' ' => Some(byte),
            _ => self.skip_space_run(),
        }
    }

    fn skip_space_run(&mut self) -> Option<u8> {
        let bytes = self.bytes();
        while let Some(&byte) = bytes.get(self.at) {
            match byte {
                b' ' | b'\n' | b'\t' | b'\r' => self.at += 1,
                _ => return Some(byte),
            }
        }
        None
    }

    /// The next byte after white space, which must be there and not after a failure.
    #[inline]
    fn next_token(&mut self) -> Result<u8, Refused> {
        if self.failure.is_some() {
            return Err(Refused);
        }
        match self.skip_space() {
            Some(byte) => Ok(byte),
            None => self.refuse(),
        }
    }

    /// Takes `word` (`true`, `false`, `null`) at the position.
    fn word(&mut self, word: &[u8]) -> Result<(), Refused> {
        if self.bytes()[self.at..].starts_with(word) {
            self.at += word.len();
            Ok(())
        } else {
            self.refuse()
        }
    }

    /// Where the string that opens at the position ends (the index of its closing quote),
    /// and whether it has escapes. Control characters are refused, as serde_json does.
    #[inline]
    fn string_end(&mut self) -> Result<(usize, bool), Refused> {
        let bytes = self.bytes();
        let mut at = self.at + 1;
        let mut escaped = false;
        loop {
            at = plain_run_end(bytes, at);
            match bytes.get(at) {
                Some(b'"') => return Ok((at, escaped)),
                Some(b'\\') => {
                    escaped = true;
                    at += 2;
                }
                _ => return self.refuse(),
            }
        }
    }

    /// Skips the string that opens at the position, checked as serde_json checks a string
    /// it skips.
    fn skip_string(&mut self) -> Result<(), Refused> {
        let (end, escaped) = self.string_end()?;
        let start = self.at;
        self.at = end + 1;
        if escaped && serde_json::from_str::<IgnoredAny>(&self.text[start..=end]).is_err() {
            return self.refuse();
        }
        Ok(())
    }

    /// Where the number that starts at the position ends, and its plain value when it is
    /// an integer that fits (`None`: serde_json reads it).
    #[inline]
    fn number_end(&self) -> (usize, Option<Number>) {
        let bytes = self.bytes();
        let negative = bytes[self.at] == b'-';
        let mut at = self.at + usize::from(negative);
        let mut value: u64 = 0;
        let mut plain = true;
        let digits = at;
        while let Some(&byte) = bytes.get(at) {
            if !byte.is_ascii_digit() {
                break;
            }
            value = match value
                .checked_mul(10)
                .and_then(|v| v.checked_add(u64::from(byte - b'0')))
            {
                Some(value) => value,
                None => {
                    plain = false;
                    0
                }
            };
            at += 1;
        }
        let count = at - digits;
        // No digit, or a leading zero: serde_json's to judge (it refuses both).
        if count == 0 || (bytes[digits] == b'0' && count > 1) {
            plain = false;
        }
        while let Some(&byte) = bytes.get(at) {
            if !matches!(byte, b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-') {
                break;
            }
            plain = false;
            at += 1;
        }
        let number = match (plain, negative) {
            (false, _) => None,
            (true, false) => Some(Number::PosInt(value)),
            // serde_json makes `-0` and integers below i64::MIN floats.
            (true, true) => {
                let negated = (value as i64).wrapping_neg();
                (negated < 0).then_some(Number::NegInt(negated))
            }
        };
        (at, number)
    }

    /// Reads the number that starts at the position.
    fn number(&mut self) -> Result<Number, Refused> {
        let (end, plain) = self.number_end();
        let start = self.at;
        self.at = end;
        if let Some(number) = plain {
            return Ok(number);
        }
        match serde_json::from_str::<serde_json::Number>(&self.text[start..end]) {
            Ok(number) => match (number.as_u64(), number.as_i64(), number.as_f64()) {
                (Some(value), _, _) => Ok(Number::PosInt(value)),
                (None, Some(value), _) => Ok(Number::NegInt(value)),
                (None, None, Some(value)) => Ok(Number::Float(value)),
                _ => self.refuse(),
            },
            Err(_) => self.refuse(),
        }
    }

    /// Skips the number that starts at the position, checked as serde_json checks a
    /// number it skips.
    fn skip_number(&mut self) -> Result<(), Refused> {
        let (end, plain) = self.number_end();
        let start = self.at;
        self.at = end;
        if plain.is_none() && serde_json::from_str::<IgnoredAny>(&self.text[start..end]).is_err() {
            return self.refuse();
        }
        Ok(())
    }

    /// Skips the value at the position (after white space), checked as serde_json checks
    /// a value it skips.
    fn skip_value(&mut self) -> Result<(), Refused> {
        match self.next_token()? {
            b'"' => self.skip_string(),
            b'-' | b'0'..=b'9' => self.skip_number(),
            b'n' => self.word(b"null"),
            b't' => self.word(b"true"),
            b'f' => self.word(b"false"),
            b'[' => {
                self.enter()?;
                let mut first = true;
                while self.next_element(&mut first)? {
                    self.skip_value()?;
                }
                self.leave(b']')
            }
            b'{' => {
                self.enter()?;
                let mut first = true;
                while self.next_key(&mut first)? {
                    self.skip_string()?;
                    self.colon()?;
                    self.skip_value()?;
                }
                self.leave(b'}')
            }
            _ => self.refuse(),
        }
    }

    /// Opens an array or an object at the position.
    #[inline]
    fn enter(&mut self) -> Result<(), Refused> {
        if self.depth >= MAX_DEPTH {
            return self.refuse();
        }
        self.depth += 1;
        self.at += 1;
        Ok(())
    }

    /// Closes the array or object: `close` must come next.
    #[inline]
    fn leave(&mut self, close: u8) -> Result<(), Refused> {
        if self.next_token()? != close {
            return self.refuse();
        }
        self.at += 1;
        self.depth -= 1;
        Ok(())
    }

    /// Whether another element follows in an array: `]` ends it (not taken), `,` comes
    /// between elements, and neither a trailing comma nor a missing one passes.
    #[inline]
    fn next_element(&mut self, first: &mut bool) -> Result<bool, Refused> {
        match self.next_token()? {
            b']' => Ok(false),
            b',' if !*first => {
                self.at += 1;
                match self.next_token()? {
                    b']' => self.refuse(),
                    _ => Ok(true),
                }
            }
            _ if *first => {
                *first = false;
                Ok(true)
            }
            _ => self.refuse(),
        }
    }

    /// Whether another key follows in an object (positioned on its opening quote): `}`
    /// ends it (not taken).
    #[inline]
    fn next_key(&mut self, first: &mut bool) -> Result<bool, Refused> {
        let next = match self.next_token()? {
            b'}' => return Ok(false),
            b',' if !*first => {
                self.at += 1;
                self.next_token()?
            }
            byte if *first => {
                *first = false;
                byte
            }
            _ => return self.refuse(),
        };
        match next {
            b'"' => Ok(true),
            _ => self.refuse(),
        }
    }

    /// Takes the `:` after a key.
    #[inline]
    fn colon(&mut self) -> Result<(), Refused> {
        if self.next_token()? != b':' {
            return self.refuse();
        }
        self.at += 1;
        Ok(())
    }

    /// The string that opens at the position, when it has no escapes: borrowed, and the
    /// position moved past it. `None` (the position unchanged) when it has escapes or is
    /// bad. One copy for every visitor, out of line: inlined into each, the code grew and
    /// ran slower for fewer instructions.
    #[inline(never)]
    fn plain_string(&mut self) -> Option<&'a str> {
        let start = self.at + 1;
        let end = plain_run_end(self.bytes(), start);
        if self.bytes().get(end) != Some(&b'"') {
            return None;
        }
        let text = self.text.get(start..end)?;
        self.at = end + 1;
        Some(text)
    }

    /// Reads the string that opens at the position, for `visitor`: borrowed when it has
    /// no escapes (`visit_borrowed_str`), else unescaped (`visit_str`).
    #[inline]
    fn visit_string<V: Visitor<'a>>(&mut self, visitor: V) -> Result<V::Value, Refused> {
        match self.plain_string() {
            Some(text) => {
                let result = visitor.visit_borrowed_str(text);
                self.watch(result)
            }
            None => self.visit_escaped(visitor),
        }
    }

    /// A string with escapes (or a bad one): serde_json's to read, with its rules (`\u`
    /// pairs and all).
    #[inline(never)]
    fn visit_escaped<V: Visitor<'a>>(&mut self, visitor: V) -> Result<V::Value, Refused> {
        let (end, _) = self.string_end()?;
        let quoted = &self.text[self.at..=end];
        self.at = end + 1;
        let result = match serde_json::from_str::<String>(quoted) {
            Ok(text) => visitor.visit_str(&text),
            Err(_) => return self.refuse(),
        };
        self.watch(result)
    }

    fn visit_number<V: Visitor<'a>>(&mut self, visitor: V) -> Result<V::Value, Refused> {
        let result = match self.number()? {
            Number::PosInt(value) => visitor.visit_u64(value),
            Number::NegInt(value) => visitor.visit_i64(value),
            Number::Float(value) => visitor.visit_f64(value),
        };
        self.watch(result)
    }

    fn visit_array<V: Visitor<'a>>(&mut self, visitor: V) -> Result<V::Value, Refused> {
        self.enter()?;
        let result = visitor.visit_seq(Elements {
            reader: self,
            first: true,
        });
        let value = self.watch(result)?;
        self.leave(b']')?;
        Ok(value)
    }

    fn visit_object<V: Visitor<'a>>(&mut self, visitor: V) -> Result<V::Value, Refused> {
        self.enter()?;
        let result = visitor.visit_map(Entries {
            reader: self,
            first: true,
        });
        let value = self.watch(result)?;
        self.leave(b'}')?;
        Ok(value)
    }
}

/// `Deserializer` methods that refuse whatever is asked.
macro_rules! refuse {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Refused> {
            self.refuse()
        }
    )*};
}

/// `Deserializer` methods that read a number, whatever type is asked.
macro_rules! read_as_number {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Refused> {
            self.deserialize_u64(visitor)
        }
    )*};
}

impl<'de> Deserializer<'de> for &mut Reader<'de> {
    type Error = Refused;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Refused> {
        let result = match self.next_token()? {
            b'"' => return self.visit_string(visitor),
            b'-' | b'0'..=b'9' => return self.visit_number(visitor),
            b'{' => return self.visit_object(visitor),
            b'[' => return self.visit_array(visitor),
            b'n' => {
                self.word(b"null")?;
                visitor.visit_unit()
            }
            b't' => {
                self.word(b"true")?;
                visitor.visit_bool(true)
            }
            b'f' => {
                self.word(b"false")?;
                visitor.visit_bool(false)
            }
            _ => return self.refuse(),
        };
        self.watch(result)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Refused> {
        match self.next_token()? {
            b't' | b'f' => self.deserialize_any(visitor),
            _ => self.refuse(),
        }
    }

    // Every number type: serde_json visits a number by what it is, not by what was asked.
    read_as_number! {
        deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_f64
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Refused> {
        match self.next_token()? {
            b'-' | b'0'..=b'9' => self.visit_number(visitor),
            _ => self.refuse(),
        }
    }

    /// serde_json reads an `f32` in single precision: left to it, but for an integer.
    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Refused> {
        self.next_token()?;
        match self.number_end().1 {
            Some(_) => self.deserialize_u64(visitor),
            None => self.refuse(),
        }
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Refused> {
        self.deserialize_str(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Refused> {
        match self.next_token()? {
            b'"' => self.visit_string(visitor),
            _ => self.refuse(),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Refused> {
        self.deserialize_str(visitor)
    }

    refuse! { deserialize_i128 deserialize_u128 deserialize_bytes deserialize_byte_buf }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Refused> {
        let result = match self.next_token()? {
            b'n' => {
                self.word(b"null")?;
                visitor.visit_none()
            }
            _ => visitor.visit_some(&mut *self),
        };
        self.watch(result)
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Refused> {
        match self.next_token()? {
            b'n' => self.deserialize_any(visitor),
            _ => self.refuse(),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, Refused> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Refused> {
        if name == RAW_JSON {
            self.next_token()?;
            let start = self.at;
            self.skip_value()?;
            let result = visitor.visit_borrowed_str(&self.text[start..self.at]);
            return self.watch(result);
        }
        if name.starts_with("$serde_json") {
            // serde_json's own (its `RawValue`): only its reader has it.
            return self.refuse();
        }
        let result = visitor.visit_newtype_struct(&mut *self);
        self.watch(result)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Refused> {
        match self.next_token()? {
            b'[' => self.visit_array(visitor),
            _ => self.refuse(),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value, Refused> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        visitor: V,
    ) -> Result<V::Value, Refused> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Refused> {
        match self.next_token()? {
            b'{' => self.visit_object(visitor),
            _ => self.refuse(),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Refused> {
        // serde_json also reads a struct from an array; that is left to it.
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Refused> {
        self.refuse()
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Refused> {
        self.deserialize_str(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Refused> {
        self.skip_value()?;
        let result = visitor.visit_unit();
        self.watch(result)
    }
}

/// An array's elements, for a visitor.
struct Elements<'r, 'a> {
    reader: &'r mut Reader<'a>,
    first: bool,
}

impl<'de> SeqAccess<'de> for Elements<'_, 'de> {
    type Error = Refused;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Refused> {
        if !self.reader.next_element(&mut self.first)? {
            return Ok(None);
        }
        let result = seed.deserialize(&mut *self.reader);
        self.reader.watch(result).map(Some)
    }
}

/// An object's entries, for a visitor.
struct Entries<'r, 'a> {
    reader: &'r mut Reader<'a>,
    first: bool,
}

impl<'de> MapAccess<'de> for Entries<'_, 'de> {
    type Error = Refused;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Refused> {
        if !self.reader.next_key(&mut self.first)? {
            return Ok(None);
        }
        let result = seed.deserialize(Key(&mut *self.reader));
        self.reader.watch(result).map(Some)
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, Refused> {
        self.reader.colon()?;
        let result = seed.deserialize(&mut *self.reader);
        self.reader.watch(result)
    }
}

/// A key (the reader is on its opening quote): a string, whatever is asked, as serde_json
/// gives it; a key read as a number, a bool and the like is left to serde_json.
struct Key<'r, 'a>(&'r mut Reader<'a>);

impl Key<'_, '_> {
    fn refuse<T>(self) -> Result<T, Refused> {
        self.0.refuse()
    }
}

impl<'de> Deserializer<'de> for Key<'_, 'de> {
    type Error = Refused;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Refused> {
        self.0.visit_string(visitor)
    }

    refuse! {
        deserialize_bool deserialize_option deserialize_bytes deserialize_byte_buf
        deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_i128
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_u128
        deserialize_f32 deserialize_f64
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: V,
    ) -> Result<V::Value, Refused> {
        self.refuse()
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Refused> {
        self.refuse()
    }

    // As serde_json's key deserializer: these read the key as a string.
    serde::forward_to_deserialize_any! {
        char str string unit unit_struct seq tuple tuple_struct map struct identifier
        ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::RawJson;
    use serde::Deserialize;

    /// Every call a reader makes to a visitor, in order (strings say whether borrowed).
    #[derive(Debug, PartialEq)]
    struct Trace(Vec<String>);

    impl<'de> Deserialize<'de> for Trace {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Trace;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("anything")
                }
                fn visit_bool<E: de::Error>(self, v: bool) -> Result<Trace, E> {
                    Ok(Trace(vec![format!("bool {v}")]))
                }
                fn visit_u64<E: de::Error>(self, v: u64) -> Result<Trace, E> {
                    Ok(Trace(vec![format!("u64 {v}")]))
                }
                fn visit_i64<E: de::Error>(self, v: i64) -> Result<Trace, E> {
                    Ok(Trace(vec![format!("i64 {v}")]))
                }
                fn visit_f64<E: de::Error>(self, v: f64) -> Result<Trace, E> {
                    Ok(Trace(vec![format!("f64 {:x}", v.to_bits())]))
                }
                fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Trace, E> {
                    Ok(Trace(vec![format!("borrowed {v:?}")]))
                }
                fn visit_str<E: de::Error>(self, v: &str) -> Result<Trace, E> {
                    Ok(Trace(vec![format!("str {v:?}")]))
                }
                fn visit_unit<E: de::Error>(self) -> Result<Trace, E> {
                    Ok(Trace(vec!["unit".into()]))
                }
                fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Trace, A::Error> {
                    let mut out = vec!["[".to_owned()];
                    while let Some(Trace(item)) = seq.next_element()? {
                        out.extend(item);
                    }
                    out.push("]".into());
                    Ok(Trace(out))
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Trace, A::Error> {
                    let mut out = vec!["{".to_owned()];
                    while let Some(Trace(key)) = map.next_key()? {
                        out.extend(key);
                        // A value whose key says so is kept raw; the others are traced.
                        if out.last().is_some_and(|key| key.contains("raw")) {
                            out.push(format!("raw {}", map.next_value::<RawJson>()?.get()));
                        } else {
                            out.extend(map.next_value::<Trace>()?.0);
                        }
                    }
                    out.push("}".into());
                    Ok(Trace(out))
                }
            }
            deserializer.deserialize_any(V)
        }
    }

    fn ours(text: &str) -> Result<Trace, Failure> {
        parse(text, |reader| Trace::deserialize(reader))
    }

    fn serde_json(text: &str) -> Option<Trace> {
        serde_json::from_str(text).ok()
    }

    #[test]
    fn visits_as_serde_json_does_or_refuses() {
        // Made up: plain frames (read by this reader) and every corner it leaves to
        // serde_json or must refuse.
        let plain = [
            r#"{"msgType":"PhoneEvent","ctiMessage":{"n":1,"neg":-7,"t":true,"f":false,"z":null}}"#,
            " [ 1 , \"a\" ,\t[] ,{}\n, 0 , -1 , 18446744073709551615 , -9223372036854775808 ] ",
            r#"{"a":"é😀 long enough to take several chunks of eight","":""}"#,
            r#"{"raw":{"a":[1,2.5,"\u00e9",{"b":null}]},"raw2": "x" ,"raw3":-0.0}"#,
            r#"{"raw":"\ud800"}"#,
        ];
        let others = [
            r#"{"a":"esc\"aped\n\u00e9\ud83d\ude00"}"#,
            r#"{"k\u0065y":1}"#,
            "[1.5, -0, 1e3, 1E-2, 18446744073709551616, -9223372036854775809, 0.1e1]",
            "[01]",
            "[-]",
            "[1.]",
            "[.5]",
            "[+1]",
            "[1e]",
            "[1-2]",
            "[1,]",
            "[,1]",
            "{\"a\":1,}",
            "{,\"a\":1}",
            "{\"a\" 1}",
            "{1:2}",
            "[\"a\u{1}b\"]",
            "[\"\\ud800\"]",
            "[\"\\x\"]",
            "[\"abc",
            "[\"abc\\",
            "[tru]",
            "[nul]",
            "[] []",
            "[]x",
            "",
            "   ",
            "{\"a\":[[[[[[]]]]]]}",
            &format!("{}{}", "[".repeat(127), "]".repeat(127)),
            &format!("{}{}", "[".repeat(129), "]".repeat(129)),
            r#"{"raw":[1,}"#,
            r#"{"raw": 01}"#,
            r#"{"raw":"a\u00"}"#,
        ];
        for text in plain {
            let trace = ours(text).unwrap_or_else(|f| panic!("{f:?}: {text}"));
            assert_eq!(Some(trace), serde_json(text), "{text}");
        }
        for text in others {
            if let Ok(trace) = ours(text) {
                assert_eq!(Some(trace), serde_json(text), "{text}");
            }
            if serde_json(text).is_none() {
                assert!(ours(text).is_err(), "{text}");
            }
        }
    }

    #[test]
    fn an_error_a_visitor_catches_still_ends_the_pass() {
        // A visitor that tries a number, ignores the error and goes on: the pass must not
        // be used, whatever the visitor returns.
        struct Lax;
        impl<'de> Visitor<'de> for Lax {
            type Value = ();
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
                let _ = seq.next_element::<u64>();
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(())
            }
        }
        assert_eq!(parse("[1]", |r| r.deserialize_seq(Lax)), Ok(()));
        assert!(parse(r#"["a"]"#, |r| r.deserialize_seq(Lax)).is_err());
    }
}
