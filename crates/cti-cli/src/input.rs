//! Reading captures as a stream of frames: JSON Lines, or the WebSocket messages of a HAR
//! file. Neither reads a whole file into memory, and one bad frame (a line over the frame
//! limit, a malformed HAR message) is reported as such and never stops the reading.

use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;

/// Which way a frame goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Direction {
    /// Client to server: a command.
    Client,
    /// Server to client: an event.
    Server,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Client => "client",
            Direction::Server => "server",
        }
    }
}

/// How a capture is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One frame per line; blank lines are skipped.
    Jsonl,
    /// A browser's HAR export; frames are the text WebSocket messages.
    Har,
}

/// One frame of a capture.
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
pub enum Item {
    Frame(Frame),
    /// A binary WebSocket message (HAR opcode 2): not this protocol, not numbered.
    Binary,
}

/// Where frames come from: a file, or standard input.
pub enum Source {
    Stdin,
    File { path: PathBuf, file: File, len: u64 },
}

impl Source {
    /// Opens every input before any frame is read, so that a missing file fails the run
    /// before it prints anything.
    pub fn open_all(paths: &[PathBuf]) -> Result<Vec<Source>, String> {
        if paths.is_empty() {
            return Ok(vec![Source::Stdin]);
        }
        paths
            .iter()
            .map(|path| {
                if path.as_os_str() == "-" {
                    return Ok(Source::Stdin);
                }
                let file = File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
                let len = file.metadata().map(|m| m.len()).unwrap_or(0);
                Ok(Source::File {
                    path: path.clone(),
                    file,
                    len,
                })
            })
            .collect()
    }

    pub fn name(&self) -> String {
        match self {
            Source::Stdin => "<stdin>".to_owned(),
            Source::File { path, .. } => path.display().to_string(),
        }
    }

    /// The format to read this source in, when none was given: HAR for `.har` files.
    pub fn default_format(&self) -> Format {
        match self {
            Source::File { path, .. } if has_har_extension(path) => Format::Har,
            _ => Format::Jsonl,
        }
    }

    pub fn len(&self) -> Option<u64> {
        match self {
            Source::File { len, .. } => Some(*len),
            Source::Stdin => None,
        }
    }
}

fn has_har_extension(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("har"))
}

/// Why reading a capture stopped.
pub enum ReadError {
    /// The input could not be read (or is not a HAR file): exit status 2.
    Input(String),
    /// Writing the output failed (a closed pipe, say).
    Output(io::Error),
}

impl From<io::Error> for ReadError {
    fn from(error: io::Error) -> Self {
        ReadError::Output(error)
    }
}

/// Calls `each` for every frame of `reader`, numbering from `*next`. A JSON line longer
/// than `max_frame` bytes is a bad frame, read past without being kept.
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
        Format::Har => read_har(reader, next, each),
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
        let (chunk, newline) = match buf.iter().position(|&b| b == b'\n') {
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

impl HarMessage {
    fn read(value: Value) -> HarMessage {
        let Value::Object(mut fields) = value else {
            return HarMessage::Bad {
                direction: None,
                problems: format!("{}, not an object", describe(&value)),
            };
        };
        let mut problems = Vec::new();
        // Opcode 1 (or none) is a text frame; binary (2) and control frames are not this
        // protocol.
        match fields.get("opcode") {
            None | Some(Value::Null) => {}
            Some(opcode) => match opcode.as_u64() {
                Some(1) => {}
                Some(2) => return HarMessage::Binary,
                Some(_) => return HarMessage::Control,
                None => problems.push(format!("`opcode` is {}, not a number", describe(opcode))),
            },
        }
        let direction = match fields.get("type") {
            Some(Value::String(kind)) if kind == "send" => Some(Direction::Client),
            Some(Value::String(kind)) if kind == "receive" => Some(Direction::Server),
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
        let data = match fields.remove("data") {
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
    reader: impl Read,
    next: &mut u64,
    each: &mut dyn FnMut(Item) -> io::Result<()>,
) -> Result<(), ReadError> {
    let mut output_error = None;
    let mut de = serde_json::Deserializer::from_reader(reader);
    let seed = HarPath {
        path: &[
            Step::Key("log"),
            Step::Key("entries"),
            Step::Each,
            Step::OptionalKey("_webSocketMessages"),
            Step::Each,
        ],
        sink: &mut |message: Value| {
            let (direction, bytes) = match HarMessage::read(message) {
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

/// Walks a JSON document down `path` and hands each value found there to `sink`,
/// skipping everything else.
struct HarPath<'p, 's> {
    path: &'p [Step],
    sink: &'s mut dyn FnMut(Value) -> Result<(), String>,
}

impl<'de> DeserializeSeed<'de> for HarPath<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        match self.path.first() {
            None => {
                let message = Value::deserialize(deserializer)?;
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

/// Counts the bytes read, for the progress indicator.
pub struct Counting<R> {
    pub inner: R,
    pub count: std::rc::Rc<std::cell::Cell<u64>>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }
}

/// Which way a frame goes when the capture does not say: a top-level `claz` makes it a
/// client command, anything else a server event.
pub fn sniff_direction(frame: &[u8]) -> Direction {
    struct HasClaz;
    impl<'de> Visitor<'de> for HasClaz {
        type Value = bool;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
            let mut claz = false;
            while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                claz |= key == "claz";
                map.next_value::<IgnoredAny>()?;
            }
            Ok(claz)
        }
    }
    let mut de = serde_json::Deserializer::from_slice(frame);
    match de.deserialize_map(HasClaz) {
        Ok(true) => Direction::Client,
        _ => Direction::Server,
    }
}
