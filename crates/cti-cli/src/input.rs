//! Reading captures as a stream of frames: JSON Lines, or the WebSocket messages of a HAR
//! file. Neither reads a whole file into memory.

use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

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
    /// The frame's bytes (text, unless the capture is broken).
    pub bytes: Vec<u8>,
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

/// Calls `each` for every frame of `reader`, numbering from `*next`.
pub fn read_frames(
    reader: impl Read,
    format: Format,
    next: &mut u64,
    each: &mut dyn FnMut(Frame) -> io::Result<()>,
) -> Result<(), ReadError> {
    match format {
        Format::Jsonl => read_jsonl(BufReader::with_capacity(1 << 16, reader), next, each),
        Format::Har => read_har(BufReader::with_capacity(1 << 16, reader), next, each),
    }
}

fn read_jsonl(
    mut reader: impl BufRead,
    next: &mut u64,
    each: &mut dyn FnMut(Frame) -> io::Result<()>,
) -> Result<(), ReadError> {
    let mut line = Vec::new();
    loop {
        line.clear();
        let read = reader
            .read_until(b'\n', &mut line)
            .map_err(|e| ReadError::Input(e.to_string()))?;
        if read == 0 {
            return Ok(());
        }
        let trimmed = line.trim_ascii();
        if trimmed.is_empty() {
            continue;
        }
        let number = *next;
        *next += 1;
        each(Frame {
            number,
            direction: None,
            bytes: trimmed.to_vec(),
        })?;
    }
}

/// One entry of `_webSocketMessages`.
#[derive(Deserialize)]
struct HarMessage {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    opcode: Option<u8>,
    data: String,
}

fn read_har(
    reader: impl Read,
    next: &mut u64,
    each: &mut dyn FnMut(Frame) -> io::Result<()>,
) -> Result<(), ReadError> {
    let mut output_error = None;
    let mut de = serde_json::Deserializer::from_reader(reader);
    let seed = HarPath {
        path: &["log", "entries", "*", "_webSocketMessages", "*"],
        sink: &mut |message: HarMessage| {
            // Opcode 1 is a text frame; binary (2) and control frames are not this protocol.
            if message.opcode.is_some_and(|op| op != 1) {
                return Ok(());
            }
            let direction = match message.kind.as_str() {
                "send" => Some(Direction::Client),
                "receive" => Some(Direction::Server),
                _ => None,
            };
            let number = *next;
            *next += 1;
            each(Frame {
                number,
                direction,
                bytes: message.data.into_bytes(),
            })
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

/// Walks a JSON document down `path` (object keys, or `*` for each array element) and
/// hands each value found there to `sink`, skipping everything else.
struct HarPath<'p, 's> {
    path: &'p [&'p str],
    sink: &'s mut dyn FnMut(HarMessage) -> Result<(), String>,
}

impl<'de> DeserializeSeed<'de> for HarPath<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        match self.path.first() {
            None => {
                let message = HarMessage::deserialize(deserializer)?;
                (self.sink)(message).map_err(de::Error::custom)
            }
            Some(&"*") => deserializer.deserialize_seq(self),
            Some(_) => deserializer.deserialize_map(self),
        }
    }
}

impl<'de> Visitor<'de> for HarPath<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a HAR document with `{}`", self.path.join("."))
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
        let (want, rest) = (self.path[0], &self.path[1..]);
        while let Some(key) = map.next_key::<String>()? {
            if key == want {
                map.next_value_seed(HarPath {
                    path: rest,
                    sink: &mut *self.sink,
                })?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
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
