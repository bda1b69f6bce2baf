//! Reading a capture as a stream of frames: JSON Lines, or the WebSocket messages of a HAR
//! file. Neither reads a whole file into memory, nor more than a few times the frame limit
//! at once, whatever the file holds (a line or a string of any length, arrays nested at
//! any depth), and one bad frame (a line or a HAR string over the frame limit, a malformed
//! HAR message) is reported as such and never stops the reading.

use std::fmt;
use std::io::{self, BufRead, BufReader, Read};

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use cti_proto::Direction;

/// How a capture is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
pub enum Format {
    /// One frame per line; blank lines are skipped.
    Jsonl,
    /// A browser's HAR export; frames are the text WebSocket messages.
    Har,
}

/// One frame of a capture.
#[derive(Debug)]
#[non_exhaustive]
pub struct Frame {
    /// 1-based position among all frames of all inputs.
    pub number: u64,
    /// The direction the capture states (HAR), if any.
    pub direction: Option<Direction>,
    /// The frame's bytes (text, unless the capture is broken), or why the capture holds no
    /// usable frame at this place: a bad frame.
    pub bytes: Result<Vec<u8>, String>,
}

/// What reading hands over, in capture order.
#[derive(Debug)]
#[non_exhaustive]
pub enum Item {
    /// A text frame, or a bad one.
    Frame(Frame),
    /// A binary WebSocket message (HAR opcode 2): not this protocol, not numbered.
    Binary,
}

/// Why reading a capture stopped.
#[derive(Debug)]
#[non_exhaustive]
pub enum ReadError {
    /// The input could not be read (or is not a HAR file).
    Input(String),
    /// The callback given to [`read_frames`] failed (writing the output to a closed pipe,
    /// say); its error, unchanged.
    Output(io::Error),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Input(why) => f.write_str(why),
            ReadError::Output(_) => f.write_str("the frames could not be handed on"),
        }
    }
}

impl std::error::Error for ReadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ReadError::Input(_) => None,
            ReadError::Output(error) => Some(error),
        }
    }
}

impl From<io::Error> for ReadError {
    fn from(error: io::Error) -> Self {
        ReadError::Output(error)
    }
}

/// Calls `each` for every frame of `reader`, numbering from `*next`. A JSON line longer
/// than `max_frame` bytes is a bad frame, read past without being kept; so is a HAR
/// message with a string over the limit (its strings are cut past the limit as they are read).
pub fn read_frames(
    reader: impl Read,
    format: Format,
    max_frame: usize,
    next: &mut u64,
    each: &mut dyn FnMut(Item) -> io::Result<()>,
) -> Result<(), ReadError> {
    let reader = skip_bom(reader).map_err(|e| ReadError::Input(e.to_string()))?;
    let reader = BufReader::with_capacity(1 << 16, reader);
    match format {
        Format::Jsonl => read_jsonl(reader, max_frame, next, each),
        Format::Har => read_har(reader, max_frame, next, each),
    }
}

/// Skips a UTF-8 byte order mark at the start of `reader` (some editors write one).
fn skip_bom<R: Read>(mut reader: R) -> io::Result<io::Chain<io::Cursor<Vec<u8>>, R>> {
    let mut head = Vec::with_capacity(3);
    (&mut reader).take(3).read_to_end(&mut head)?;
    if head == b"\xEF\xBB\xBF" {
        head.clear();
    }
    Ok(io::Cursor::new(head).chain(reader))
}

fn read_jsonl(
    mut reader: impl BufRead,
    max_frame: usize,
    next: &mut u64,
    each: &mut dyn FnMut(Item) -> io::Result<()>,
) -> Result<(), ReadError> {
    let mut line = Vec::new();
    loop {
        let bytes = match read_line(&mut reader, max_frame, &mut line)
            .map_err(|e| ReadError::Input(e.to_string()))?
        {
            Line::End => return Ok(()),
            Line::Blank => continue,
            Line::Frame => Ok(line.clone()),
            Line::TooLong(len) => Err(format!(
                "the line is {len} bytes long, over the frame limit of {max_frame} bytes \
                 (skipped to the next line)"
            )),
        };
        let number = *next;
        *next += 1;
        each(Item::Frame(Frame {
            number,
            direction: None,
            bytes,
        }))?;
    }
}

/// What [`read_line`] read.
enum Line {
    /// The end of the input: no line.
    End,
    /// A line of blanks only.
    Blank,
    /// A frame, in the buffer.
    Frame,
    /// A line whose bytes, blanks around them left out, are more than the limit; the
    /// length is the whole line's, its newline left out.
    TooLong(u64),
}

/// Reads one line into `line`: its bytes without the newline and the blanks around them,
/// when there are at most `max` of them. A longer line is read to its newline and
/// dropped as it goes, never kept: memory stays within the limit whatever the input.
fn read_line(reader: &mut impl BufRead, max: usize, line: &mut Vec<u8>) -> io::Result<Line> {
    line.clear();
    let mut len = 0u64;
    let mut read_any = false;
    let mut too_long = false;
    loop {
        let buf = match reader.fill_buf() {
            Ok(buf) => buf,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            if !read_any {
                return Ok(Line::End);
            }
            break;
        }
        read_any = true;
        let (chunk, newline) = match memchr::memchr(b'\n', buf) {
            Some(at) => (&buf[..at], true),
            None => (buf, false),
        };
        len += chunk.len() as u64;
        if !too_long {
            let chunk = if line.is_empty() {
                chunk.trim_ascii_start()
            } else {
                chunk
            };
            let (kept, past) = chunk.split_at(chunk.len().min(max - line.len()));
            line.extend_from_slice(kept);
            // Blanks past the limit may still be trailing ones; anything else is too much.
            if !past.iter().all(u8::is_ascii_whitespace) {
                too_long = true;
                line.clear();
            }
        }
        let used = chunk.len() + usize::from(newline);
        reader.consume(used);
        if newline {
            break;
        }
    }
    if too_long {
        return Ok(Line::TooLong(len));
    }
    line.truncate(line.trim_ascii_end().len());
    Ok(if line.is_empty() {
        Line::Blank
    } else {
        Line::Frame
    })
}

/// One entry of `_webSocketMessages`, read as it is written so that a malformed one is a
/// bad frame rather than the end of the file.
enum HarMessage {
    Text {
        direction: Direction,
        data: String,
    },
    /// Opcode 2.
    Binary,
    /// Any other opcode but 1: control frames, not messages.
    Control,
    Bad {
        direction: Option<Direction>,
        problems: String,
    },
}

/// The fields of a message that say what it is, each read shallowly (see [`Shallow`]),
/// and what was cut from it to bound memory.
#[derive(Default)]
struct MessageFields {
    opcode: Option<Value>,
    kind: Option<Value>,
    data: Option<Value>,
    /// What was cut, by key (`None`: a key itself), in words.
    cut: Vec<(Option<&'static str>, String)>,
}

impl HarMessage {
    fn read(fields: MessageFields) -> HarMessage {
        let mut problems = Vec::new();
        // A field that was cut says so, not what was left of it.
        let cut = |key: &str| fields.cut.iter().any(|(cut, _)| *cut == Some(key));
        // Opcode 1 (or none) is a text frame; binary (2) and control frames are not this
        // protocol.
        match &fields.opcode {
            None | Some(Value::Null) => {}
            Some(_) if cut("opcode") => {}
            Some(opcode) => match opcode.as_u64() {
                Some(1) => {}
                Some(2) => return HarMessage::Binary,
                Some(_) => return HarMessage::Control,
                None => problems.push(format!("`opcode` is {}, not a number", describe(opcode))),
            },
        }
        let direction = match &fields.kind {
            Some(Value::String(kind)) if Direction::from_har(kind).is_some() => {
                Direction::from_har(kind)
            }
            Some(_) if cut("type") => None,
            Some(kind) => {
                problems.push(format!(
                    "`type` is {}, not \"send\" or \"receive\"",
                    describe(kind)
                ));
                None
            }
            None => {
                problems.push("no `type`".to_owned());
                None
            }
        };
        let data = match fields.data {
            _ if cut("data") => None,
            Some(Value::String(data)) => Some(data),
            Some(data) => {
                problems.push(format!("`data` is {}, not a string", describe(&data)));
                None
            }
            None => {
                problems.push("no `data`".to_owned());
                None
            }
        };
        problems.extend(fields.cut.into_iter().map(|(_, cut)| cut));
        match (direction, data) {
            (Some(direction), Some(data)) if problems.is_empty() => {
                HarMessage::Text { direction, data }
            }
            _ => HarMessage::Bad {
                direction,
                problems: problems.join("; "),
            },
        }
    }
}

/// A JSON value in a few words, for a message.
fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) if s.chars().count() > 40 => {
            let head: String = s.chars().take(40).collect();
            format!("{:?}...", head)
        }
        Value::String(s) => format!("{s:?}"),
        Value::Array(_) => "an array".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    }
}

fn read_har(
    reader: impl BufRead,
    max_frame: usize,
    next: &mut u64,
    each: &mut dyn FnMut(Item) -> io::Result<()>,
) -> Result<(), ReadError> {
    let mut output_error = None;
    // Buffered again after the bounding, for the parser's byte-at-a-time reads.
    let bounded = BufReader::with_capacity(1 << 16, Bounded::new(reader, max_frame));
    let mut de = serde_json::Deserializer::from_reader(bounded);
    let seed = HarPath {
        max_frame,
        path: &[
            Step::Key("log"),
            Step::Key("entries"),
            Step::Each,
            Step::OptionalKey("_webSocketMessages"),
            Step::Each,
        ],
        sink: &mut |message: HarMessage| {
            let (direction, bytes) = match message {
                HarMessage::Text { direction, data } => (Some(direction), Ok(data.into_bytes())),
                HarMessage::Bad {
                    direction,
                    problems,
                } => (
                    direction,
                    Err(format!("malformed HAR WebSocket message: {problems}")),
                ),
                HarMessage::Control => return Ok(()),
                HarMessage::Binary => {
                    return each(Item::Binary).map_err(|e| {
                        output_error = Some(e);
                        "output failed".to_owned()
                    })
                }
            };
            let number = *next;
            *next += 1;
            each(Item::Frame(Frame {
                number,
                direction,
                bytes,
            }))
            .map_err(|e| {
                output_error = Some(e);
                "output failed".to_owned()
            })
        },
    };
    let result = seed.deserialize(&mut de).and_then(|()| de.end());
    if let Some(error) = output_error {
        return Err(ReadError::Output(error));
    }
    result.map_err(|e| ReadError::Input(format!("not a readable HAR file: {e}")))
}

/// One step down a JSON document.
#[derive(Clone, Copy)]
enum Step {
    /// The value of this key, which must be there.
    Key(&'static str),
    /// The value of this key, if it is there.
    OptionalKey(&'static str),
    /// Each element of an array.
    Each,
}

/// Walks a JSON document down `path` and hands each message found there to `sink`,
/// skipping everything else.
struct HarPath<'p, 's> {
    path: &'p [Step],
    /// The frame limit, for what a cut string says.
    max_frame: usize,
    sink: &'s mut dyn FnMut(HarMessage) -> Result<(), String>,
}

impl<'de> DeserializeSeed<'de> for HarPath<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        match self.path.first() {
            None => {
                let shallow = Shallow {
                    max_frame: self.max_frame,
                    message: true,
                };
                let message = match deserializer.deserialize_any(shallow)? {
                    Found::Message(fields) => HarMessage::read(fields),
                    Found::Value(value) => HarMessage::Bad {
                        direction: None,
                        problems: format!("{}, not an object", describe(&value)),
                    },
                    Found::Cut(cut) => HarMessage::Bad {
                        direction: None,
                        problems: format!("{cut}, not an object"),
                    },
                };
                (self.sink)(message).map_err(de::Error::custom)
            }
            Some(Step::Each) => deserializer.deserialize_seq(self),
            Some(_) => deserializer.deserialize_map(self),
        }
    }
}

impl<'de> Visitor<'de> for HarPath<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.path[0] {
            Step::Each => f.write_str("an array"),
            Step::Key(key) | Step::OptionalKey(key) => write!(f, "an object with `{key}`"),
        }
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let rest = &self.path[1..];
        while seq
            .next_element_seed(HarPath {
                path: rest,
                max_frame: self.max_frame,
                sink: &mut *self.sink,
            })?
            .is_some()
        {}
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let (want, required) = match self.path[0] {
            Step::Key(key) => (key, true),
            Step::OptionalKey(key) => (key, false),
            Step::Each => unreachable!("an array step visits a sequence"),
        };
        let rest = &self.path[1..];
        let mut found = false;
        while let Some(key) = map.next_key::<String>()? {
            if key == want {
                found = true;
                map.next_value_seed(HarPath {
                    path: rest,
                    max_frame: self.max_frame,
                    sink: &mut *self.sink,
                })?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        if required && !found {
            return Err(de::Error::missing_field(want));
        }
        Ok(())
    }
}

/// What a message's value is read as: a scalar whole, an array or object as such only
/// (what is in it is read past, at any depth, keeping nothing); with `message`, an object
/// is a message, whose fields are read.
struct Shallow {
    max_frame: usize,
    message: bool,
}

enum Found {
    /// A scalar; an array or object is an empty one.
    Value(Value),
    /// A string over the frame limit, cut by [`Bounded`], in words.
    Cut(String),
    Message(MessageFields),
}

impl Shallow {
    /// A string as read: what [`Bounded`] left of one it cut says how long it was.
    fn string(&self, text: &str) -> Result<u64, ()> {
        match text.strip_prefix(CUT_MARK) {
            Some(len) => len.parse().map_err(|_| ()),
            None => Err(()),
        }
    }

    /// What a cut string of `len` bytes says.
    fn cut(&self, len: u64) -> String {
        format!(
            "a string of {len} bytes, over the frame limit of {} bytes (skipped)",
            self.max_frame
        )
    }
}

impl<'de> Visitor<'de> for Shallow {
    type Value = Found;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Found, E> {
        Ok(Found::Value(v.into()))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Found, E> {
        Ok(Found::Value(v.into()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Found, E> {
        Ok(Found::Value(v.into()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Found, E> {
        Ok(Found::Value(v.into()))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Found, E> {
        Ok(match self.string(v) {
            Ok(len) => Found::Cut(self.cut(len)),
            Err(()) => Found::Value(v.into()),
        })
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Found, E> {
        Ok(match self.string(&v) {
            Ok(len) => Found::Cut(self.cut(len)),
            Err(()) => Found::Value(v.into()),
        })
    }
    fn visit_unit<E: de::Error>(self) -> Result<Found, E> {
        Ok(Found::Value(Value::Null))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Found, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Found::Value(Value::Array(Vec::new())))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Found, A::Error> {
        if !self.message {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            return Ok(Found::Value(Value::Object(serde_json::Map::new())));
        }
        let mut fields = MessageFields::default();
        while let Some(key) = map.next_key::<String>()? {
            if let Ok(len) = self.string(&key) {
                fields
                    .cut
                    .push((None, format!("a key is {}", self.cut(len))));
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            let (key, slot) = match key.as_str() {
                "opcode" => ("opcode", &mut fields.opcode),
                "type" => ("type", &mut fields.kind),
                "data" => ("data", &mut fields.data),
                // Other fields are not read: what they hold does not matter.
                _ => {
                    map.next_value::<IgnoredAny>()?;
                    continue;
                }
            };
            let shallow = Shallow {
                max_frame: self.max_frame,
                message: false,
            };
            match map.next_value_seed(shallow)? {
                Found::Cut(cut) => fields.cut.push((Some(key), format!("`{key}` is {cut}"))),
                Found::Value(value) => *slot = Some(value),
                Found::Message(_) => {}
            }
        }
        Ok(Found::Message(fields))
    }
}

impl<'de> DeserializeSeed<'de> for Shallow {
    type Value = Found;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Found, D::Error> {
        deserializer.deserialize_any(self)
    }
}

/// What [`Bounded`] leaves of a string it cut, before its length as written: a NUL, which
/// starts no frame.
const CUT_MARK: &str = "\0cut:";

/// The deepest nesting of arrays and objects a HAR file is read at; deeper values are cut
/// (a message's fields are scalars, and a frame is a string).
const HAR_MAX_NESTING: usize = cti_proto::MAX_NESTING;

/// A reader of a JSON document that bounds what the parser must hold: a string longer
/// than the frame limit (counting an escape as one byte) is read past, keeping nothing,
/// and handed on as [`CUT_MARK`] and its length; an array or object nested deeper than
/// [`HAR_MAX_NESTING`] is read past and handed on as `null`. The rest passes unchanged.
/// So the parser never holds a string over the limit (at most 6 times it as written) nor
/// a deeper nesting, and a HAR file with one 1 GiB string or a message nested 100,000
/// deep is read in a few MiB, that message one bad frame.
struct Bounded<R> {
    inner: R,
    max: usize,
    /// Bytes ready to hand on; `out[at..]` are left.
    out: Vec<u8>,
    at: usize,
    depth: usize,
}

impl<R: BufRead> Bounded<R> {
    fn new(inner: R, max: usize) -> Self {
        Bounded {
            inner,
            max,
            out: Vec::new(),
            at: 0,
            depth: 0,
        }
    }

    /// Reads the rest of a string whose opening quote was read, into `out` with its
    /// quotes while it is within the limit; past it, reads on keeping nothing and leaves
    /// [`CUT_MARK`] and its length as written.
    fn string(&mut self) -> io::Result<()> {
        self.out.push(b'"');
        // Bytes as written; bytes counting an escape as one (a `\u` escape is 1 to 3 bytes
        // of the frame: never more than the frame); whether in an escape, and how many
        // hex digits of a `\u` escape are left.
        let (mut written, mut counted) = (0u64, 0usize);
        let (mut escaped, mut hex) = (false, 0u8);
        let mut keep = true;
        loop {
            let buf = fill(&mut self.inner)?;
            if buf.is_empty() {
                // Cut short: the parser says so.
                return Ok(());
            }
            let mut taken = 0;
            let mut end = false;
            for &byte in buf {
                taken += 1;
                if hex > 0 {
                    hex -= 1;
                } else if escaped {
                    escaped = false;
                    hex = if byte == b'u' { 4 } else { 0 };
                } else if byte == b'"' {
                    end = true;
                    break;
                } else {
                    escaped = byte == b'\\';
                    counted += 1;
                }
            }
            written += (taken - usize::from(end)) as u64;
            if keep && counted > self.max {
                keep = false;
                // Let go of what was kept.
                self.out = Vec::new();
            }
            if keep {
                self.out.extend_from_slice(&buf[..taken]);
            }
            self.inner.consume(taken);
            if end {
                if !keep {
                    let mark = CUT_MARK.replace('\0', "\\u0000");
                    self.out = format!("\"{mark}{written}\"").into_bytes();
                }
                return Ok(());
            }
        }
    }

    /// Reads past the rest of an array or object whose opening bracket was read.
    fn skip_nested(&mut self) -> io::Result<()> {
        let (mut depth, mut in_string, mut escaped) = (1usize, false, false);
        loop {
            let buf = fill(&mut self.inner)?;
            if buf.is_empty() {
                return Ok(());
            }
            let mut taken = 0;
            let mut done = false;
            for &byte in buf {
                taken += 1;
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
                    b'[' | b'{' => depth += 1,
                    b']' | b'}' => {
                        depth -= 1;
                        if depth == 0 {
                            done = true;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            self.inner.consume(taken);
            if done {
                return Ok(());
            }
        }
    }
}

impl<R: BufRead> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let mut n = 0;
        while n < buf.len() {
            if self.at < self.out.len() {
                let k = (buf.len() - n).min(self.out.len() - self.at);
                buf[n..n + k].copy_from_slice(&self.out[self.at..self.at + k]);
                self.at += k;
                n += k;
                continue;
            }
            self.out.clear();
            self.at = 0;
            let input = fill(&mut self.inner)?;
            let Some(&byte) = input.first() else {
                break;
            };
            // Up to the next string or bracket: as it is.
            let room = (buf.len() - n).min(input.len());
            let run = input[..room]
                .iter()
                .position(|b| matches!(b, b'"' | b'[' | b'{' | b']' | b'}'))
                .unwrap_or(room);
            if run > 0 {
                buf[n..n + run].copy_from_slice(&input[..run]);
                self.inner.consume(run);
                n += run;
                continue;
            }
            self.inner.consume(1);
            match byte {
                b'"' => self.string()?,
                b'[' | b'{' if self.depth == HAR_MAX_NESTING => {
                    self.skip_nested()?;
                    self.out.extend_from_slice(b"null");
                }
                b'[' | b'{' => {
                    self.depth += 1;
                    self.out.push(byte);
                }
                _ => {
                    self.depth = self.depth.saturating_sub(1);
                    self.out.push(byte);
                }
            }
        }
        Ok(n)
    }
}

/// The buffer of `reader`, refilled when empty; empty at the end of the input.
fn fill<R: BufRead>(reader: &mut R) -> io::Result<&[u8]> {
    loop {
        match reader.fill_buf() {
            Ok(_) => break,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
    reader.fill_buf()
}

/// Which way a frame goes when the capture does not say: a top-level `claz` makes it a
/// client command, anything else a server event.
#[deprecated(note = "moved: `cti_proto::Direction::sniff` (or `Decoder::decode_sniffed`)")]
#[doc(hidden)]
pub fn sniff_direction(frame: &[u8]) -> Direction {
    Direction::sniff(frame)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What [`Bounded`] hands on for `input`, read through a small buffer.
    fn bounded(input: &str, max: usize) -> String {
        let mut out = String::new();
        BufReader::with_capacity(
            7,
            Bounded::new(BufReader::with_capacity(5, input.as_bytes()), max),
        )
        .read_to_string(&mut out)
        .expect("read");
        out
    }

    #[test]
    fn what_is_within_the_bounds_passes_unchanged() {
        let now = std::time::SystemTime::now();
        let frames = [
            (
                Direction::ClientToServer,
                r#"{"claz":"web","command":"dial","destination":"1000"}"#,
            ),
            (
                Direction::ServerToClient,
                r#"{"msgType":"LoggedOn","ctiMessage":{"é":"\u00e9"}}"#,
            ),
        ];
        let messages = frames
            .iter()
            .map(|(direction, frame)| crate::har::message(*direction, now, frame))
            .collect();
        let entry = crate::har::entry(now, "ws://127.0.0.1:1/xuc/api/2.0/cti", messages);
        let capture = serde_json::json!({"log": {"version": "1.2", "entries": [entry]}});
        let capture = serde_json::to_string_pretty(&capture).expect("JSON");
        assert_eq!(bounded(&capture, 1 << 20), capture);
        // And it reads back as the frames written, with their directions.
        let mut read = Vec::new();
        read_frames(
            capture.as_bytes(),
            Format::Har,
            1 << 20,
            &mut 1,
            &mut |item| {
                if let Item::Frame(frame) = item {
                    let text = String::from_utf8(frame.bytes.expect("good")).expect("text");
                    read.push((frame.direction.expect("stated"), text));
                }
                Ok(())
            },
        )
        .map_err(|e| e.to_string())
        .expect("read");
        let written: Vec<_> = frames.iter().map(|(d, f)| (*d, f.to_string())).collect();
        assert_eq!(read, written);
        // Escapes count as one byte: 4 of them and 6 bytes make 10.
        let text = r#"{"a":["\"\\\u00e9\n[{","x]}y"],"b":"0123456789"}"#;
        assert_eq!(bounded(text, 10), text);
    }

    #[test]
    fn a_string_over_the_limit_is_left_as_its_length_as_written() {
        let text = r#"{"a":"0123456789x","0123456789\"x":1,"b":"\u0041"}"#;
        assert_eq!(
            bounded(text, 10),
            r#"{"a":"\u0000cut:11","\u0000cut:13":1,"b":"\u0041"}"#
        );
    }

    #[test]
    fn nesting_past_the_limit_is_left_as_null() {
        let deep = |n: usize| format!("{}0{}", "[{\"k\":".repeat(n), "}]".repeat(n));
        // Two levels a step: the limit falls on an object.
        let cut = format!(
            "{}null{}",
            "[{\"k\":".repeat(HAR_MAX_NESTING / 2),
            "}]".repeat(HAR_MAX_NESTING / 2)
        );
        assert_eq!(bounded(&deep(1000), 1 << 20), cut);
        assert_eq!(
            bounded(&deep(HAR_MAX_NESTING / 2), 1 << 20),
            deep(HAR_MAX_NESTING / 2)
        );
    }
}
