//! The conformance suite's fixtures: one frame per file under `tests/fixtures/`, with a
//! header that says where it came from and what decoding it must give.
//!
//! ```text
//! source: SEED seed-user-api.rst, "CTI Status" sample, with its trailing comma removed
//! direction: server            (server: an event; client: a command)
//! expect: ok                   (ok | error: what lenient decoding gives)
//! strict: ok                   (optional, ok | error: what strict decoding gives)
//! canonical: yes               (optional: the frame is its own canonical encoding)
//! ---
//! {"msgType":"CtiStatuses", ...}
//! ```
//!
//! The frame is everything after the `---` line, less one final newline.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use cti_proto::{DecodeError, Decoded, Decoder};
pub use cti_proto::{Direction, Message};

/// One fixture file.
#[derive(Clone, Debug)]
pub struct Fixture {
    /// Path below `tests/fixtures/` without the extension, e.g. `server/ContactSheet/seed`.
    pub name: String,
    /// Where the frame came from.
    pub source: String,
    /// Which way it goes.
    pub direction: Direction,
    /// Whether lenient decoding succeeds.
    pub expect_ok: bool,
    /// Whether strict decoding succeeds, when the fixture says.
    pub strict_ok: Option<bool>,
    /// Whether the frame is its own canonical encoding.
    pub canonical: bool,
    /// The frame.
    pub frame: String,
}

/// The folder of the fixtures.
pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// Every fixture, sorted by name. Panics with the file name on a malformed fixture file.
pub fn load_all() -> Vec<Fixture> {
    let root = fixtures_dir();
    let mut files = Vec::new();
    collect(&root, &mut files);
    let mut fixtures: Vec<Fixture> = files.iter().map(|path| load(&root, path)).collect();
    fixtures.sort_by(|a, b| a.name.cmp(&b.name));
    fixtures
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("readable directory entry").path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "fixture") {
            out.push(path);
        }
    }
}

fn load(root: &Path, path: &Path) -> Fixture {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let (head, frame) = text
        .split_once("\n---\n")
        .unwrap_or_else(|| panic!("{}: no `---` line", path.display()));
    let frame = frame.strip_suffix('\n').unwrap_or(frame);
    let field = |key: &str| {
        head.lines()
            .find_map(|line| {
                line.strip_prefix(key)
                    .and_then(|rest| rest.strip_prefix(": "))
            })
            .map(str::to_owned)
    };
    let yes_no = |key: &str, yes: &str, no: &str| {
        field(key).map(|v| match v.as_str() {
            v if v == yes => true,
            v if v == no => false,
            other => panic!(
                "{}: {key}: {other:?} is neither {yes} nor {no}",
                path.display()
            ),
        })
    };
    let name = path
        .strip_prefix(root)
        .expect("fixture below the root")
        .with_extension("")
        .to_string_lossy()
        .replace('\\', "/");
    Fixture {
        source: field("source").unwrap_or_else(|| panic!("{name}: no source")),
        direction: match field("direction").as_deref() {
            Some(word) => {
                Direction::from_jsonl(word).unwrap_or_else(|| panic!("{name}: direction {word:?}"))
            }
            None => panic!("{name}: no direction"),
        },
        expect_ok: yes_no("expect", "ok", "error").unwrap_or_else(|| panic!("{name}: no expect")),
        strict_ok: yes_no("strict", "ok", "error"),
        canonical: yes_no("canonical", "yes", "no").unwrap_or(false),
        frame: frame.to_owned(),
        name,
    }
}

/// The root of the repository.
pub fn repository_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn rust_sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable source folder") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The ```json blocks of the doc comments of `cti-proto`'s sources, in file order: (where,
/// as `file:line`, and the text).
pub fn doc_json_blocks() -> Vec<(String, String)> {
    let root = repository_root().join("crates/cti-proto/src");
    let mut files = Vec::new();
    rust_sources(&root, &mut files);
    files.sort();
    let mut blocks = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("readable source");
        let place = |line: usize| format!("{}:{line}", file.display());
        let mut open: Option<(usize, String)> = None;
        for (number, line) in text.lines().enumerate() {
            let trimmed = line.trim_start();
            let Some(doc) = trimmed
                .strip_prefix("///")
                .or_else(|| trimmed.strip_prefix("//!"))
            else {
                continue;
            };
            let doc = doc.strip_prefix(' ').unwrap_or(doc);
            match (&mut open, doc.trim()) {
                (None, "```json") => open = Some((number + 1, String::new())),
                (Some(_), "```") => {
                    blocks.extend(open.take().map(|(line, body)| (place(line), body)));
                }
                (Some((_, body)), _) => {
                    if !body.is_empty() {
                        body.push('\n');
                    }
                    body.push_str(doc);
                }
                (None, _) => {}
            }
        }
    }
    blocks
}

/// The text without the white space between tokens.
pub fn compact(json: &str) -> String {
    let (mut out, mut in_string, mut escaped) = (String::new(), false, false);
    for c in json.chars() {
        if in_string {
            in_string = escaped || c != '"';
            escaped = !escaped && c == '\\';
        } else if c.is_whitespace() {
            continue;
        } else {
            in_string = c == '"';
        }
        out.push(c);
    }
    out
}

/// The direction of a frame, by its tag key (`msgType`: an event, `claz`: a command); `None`
/// for what is not a JSON object with one of them.
pub fn direction_of(frame: &str) -> Option<Direction> {
    let serde_json::Value::Object(object) = serde_json::from_str(frame).ok()? else {
        return None;
    };
    if object.contains_key("msgType") {
        Some(Direction::ServerToClient)
    } else if object.contains_key("claz") {
        Some(Direction::ClientToServer)
    } else {
        None
    }
}

/// The files derived from the fixtures, as `cargo xtask generate` writes them (paths from
/// the repository root): `captures/vocabulary.jsonl`, every fixture of a known kind that is
/// its own canonical encoding, commands first, by name; and the fuzz seeds,
/// `fuzz/corpus/<target>/<fixture name, / written __>` holding the fixture's frame (server
/// fixtures seed `decode_event`, client ones `decode_command`, all of them `roundtrip`).
pub fn derived_from_fixtures(fixtures: &[Fixture]) -> std::collections::BTreeMap<String, String> {
    let mut files = std::collections::BTreeMap::new();
    // By file name (`seed-busy.fixture` before `seed.fixture`), as the file has always been.
    let mut known: Vec<&Fixture> = fixtures
        .iter()
        .filter(|f| f.canonical && f.expect_ok && !f.name.contains("/envelope/"))
        .collect();
    known.sort_by_cached_key(|f| format!("{}.fixture", f.name));
    let vocabulary: String = known.iter().map(|f| f.frame.clone() + "\n").collect();
    files.insert(VOCABULARY.to_owned(), vocabulary);
    for f in fixtures {
        let name = f.name.replace('/', "__");
        let own = match f.direction {
            Direction::ServerToClient => "decode_event",
            Direction::ClientToServer => "decode_command",
        };
        for target in [own, "roundtrip"] {
            files.insert(format!("{SEEDS}/{target}/{name}"), f.frame.clone());
        }
    }
    files
}

/// The vocabulary capture, from the repository root.
pub const VOCABULARY: &str = "captures/vocabulary.jsonl";

/// The folder of the fuzz seeds, from the repository root.
pub const SEEDS: &str = "fuzz/corpus";

/// Runs `check` on every fixture and reports every failure at once (by name) rather than
/// stopping at the first.
pub fn for_each_fixture(check: impl Fn(&Fixture)) {
    let fixtures = load_all();
    assert!(
        fixtures.len() >= 100,
        "only {} fixtures found",
        fixtures.len()
    );
    let failed: Vec<String> = fixtures
        .iter()
        .filter(|f| std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(f))).is_err())
        .map(|f| f.name.clone())
        .collect();
    assert!(
        failed.is_empty(),
        "{} fixture(s) failed: {failed:#?}",
        failed.len()
    );
}

/// Decodes `frame` in `direction` with `decoder`.
pub fn decode(
    decoder: &Decoder,
    direction: Direction,
    frame: &str,
) -> Result<Decoded<Message>, DecodeError> {
    decoder.decode(direction, frame)
}

/// Checks the laws every frame obeys, whatever it is (DESIGN.md "Laws the tests hold"),
/// and panics with the frame when one is broken:
///
/// - strict decoding never accepts what lenient decoding rejects, and accepts only frames
///   lenient decoding finds clean, giving the same message;
/// - fixpoint: a frame that decodes encodes to a frame that decodes to the same message,
///   with no report the frame did not have;
/// - nothing lost: a frame that decodes without diagnostics encodes to the same JSON value
///   (key order aside), nulls included;
/// - one reading when nothing states the direction: `decode_sniffed` gives what
///   `Direction::sniff` then decoding that way give, in both modes;
/// - one result whichever reader: the codec's own reader of the common frame gives what
///   serde_json's alone gives (message, diagnostics or error), in both modes.
///
/// Returns the lenient outcome.
pub fn check_laws(direction: Direction, frame: &str) -> Result<Decoded<Message>, DecodeError> {
    for decoder in [Decoder::new(), Decoder::strict()] {
        assert_eq!(
            decode(&decoder, direction, frame),
            decode(&decoder.clone().with_serde_json_only(), direction, frame),
            "the codec's reader and serde_json's disagree: {frame:?}"
        );
        let sniffed = Direction::sniff(frame.as_bytes());
        assert_eq!(
            decoder.decode_sniffed(frame.as_bytes()),
            (sniffed, decode(&decoder, sniffed, frame)),
            "decode_sniffed is not sniff then decode: {frame:?}"
        );
    }
    let lenient = decode(&Decoder::new(), direction, frame);
    let strict = decode(&Decoder::strict(), direction, frame);
    match (&lenient, &strict) {
        (Err(_), Ok(_)) => panic!("strict accepted what lenient rejected: {frame:?}"),
        (Ok(l), Ok(s)) => {
            assert_eq!(l.message, s.message, "{frame:?}");
            assert!(
                s.diagnostics.is_empty(),
                "strict reported {:?}",
                s.diagnostics
            );
            assert!(
                l.diagnostics.is_empty(),
                "strict accepted a frame with diagnostics: {frame:?}"
            );
        }
        _ => {}
    }
    if let Ok(first) = &lenient {
        let encoded = first.message.encode();
        let second = decode(&Decoder::new(), direction, &encoded).unwrap_or_else(|e| {
            panic!("the encoding of {frame:?} does not decode: {e}\n{encoded}")
        });
        assert_eq!(second.message, first.message, "{frame:?}");
        // The encoding adds no irregularity of its own: whatever decoding it reports was
        // reported for the frame too, at the same place (a coercion is not: the encoding
        // writes the wire type).
        for report in &second.diagnostics {
            assert!(
                first
                    .diagnostics
                    .iter()
                    .any(|d| d.code == report.code && d.path == report.path),
                "the encoding of {frame:?} reports {report}, the frame did not: {:?}\n{encoded}",
                first.diagnostics
            );
        }
        if first.diagnostics.is_empty() {
            assert_eq!(
                same_json(frame, &encoded),
                Some(true),
                "decoded without diagnostics, but not encoded to the same JSON value: {frame:?}\n{encoded}"
            );
        }
    }
    lenient
}

/// Whether two texts hold the same JSON value (objects compared without their key order,
/// the last of two equal keys counting, as `serde_json::Value` has it); `None` when either
/// is not JSON. A number is compared as `serde_json::Value` compares it, or by its text when
/// it is out of `f64`'s range (`1e400`), which `serde_json::Value` cannot hold but a frame
/// can, and a decoder that keeps JSON raw must give back.
pub fn same_json(a: &str, b: &str) -> Option<bool> {
    Some(JsonTree::parse(a)? == JsonTree::parse(b)?)
}

/// A JSON value whose numbers out of range keep their text, and whose strings (keys too)
/// are their decoded bytes: `"\ude00"`, a lone surrogate escape, is valid JSON that no
/// `String` holds.
#[derive(Debug, PartialEq)]
enum JsonTree {
    Scalar(serde_json::Value),
    OutOfRange(String),
    Text(Text),
    Array(Vec<JsonTree>),
    Object(std::collections::BTreeMap<Text, JsonTree>),
}

/// A JSON string's bytes, as serde_json decodes its escapes.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Text(Vec<u8>);

impl<'de> serde::Deserialize<'de> for Text {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Text, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Text;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<Text, E> {
                Ok(Text(v.to_vec()))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text(v.as_bytes().to_vec()))
            }
        }
        deserializer.deserialize_bytes(V)
    }
}

impl JsonTree {
    fn parse(text: &str) -> Option<JsonTree> {
        use serde_json::value::RawValue;
        let raw: &RawValue = serde_json::from_str(text).ok()?;
        let raw = raw.get();
        Some(match raw.as_bytes().first()? {
            b'[' => JsonTree::Array(
                serde_json::from_str::<Vec<&RawValue>>(raw)
                    .ok()?
                    .into_iter()
                    .map(|item| JsonTree::parse(item.get()))
                    .collect::<Option<_>>()?,
            ),
            b'{' => JsonTree::Object(
                serde_json::from_str::<std::collections::BTreeMap<Text, &RawValue>>(raw)
                    .ok()?
                    .into_iter()
                    .map(|(key, item)| Some((key, JsonTree::parse(item.get())?)))
                    .collect::<Option<_>>()?,
            ),
            b'"' => JsonTree::Text(serde_json::from_str(raw).ok()?),
            b'-' | b'0'..=b'9' => match serde_json::from_str(raw) {
                Ok(number) => JsonTree::Scalar(number),
                Err(_) => JsonTree::OutOfRange(raw.to_owned()),
            },
            _ => JsonTree::Scalar(serde_json::from_str(raw).ok()?),
        })
    }
}

#[test]
fn same_json_holds_what_serde_json_values_cannot() {
    // A number beyond f64, a lone surrogate in a key and in a value, duplicate keys.
    let frame = r#"{"a\ude00":-0,"b":1e400,"c":"\ud83d","d":1,"d":2}"#;
    assert_eq!(same_json(frame, frame), Some(true));
    assert_eq!(
        same_json(frame, &frame.replace("\\ud83d", "\\ud83e")),
        Some(false)
    );
    assert_eq!(same_json(r#"{"d":1,"d":2}"#, r#"{"d":2}"#), Some(true));
    // The fuzz finding (the `roundtrip` target): an unknown kind keeps such a payload raw
    // and gives it back as written.
    let found = r#"{"msgType":"PDirectoryRgeusEvent","ctiMessage":{"nus)EventmberAgentDirectoryd83d\ude00tatus":-0}}"#;
    assert!(check_laws(Direction::ServerToClient, found).is_ok());
    let _ = check_laws(Direction::ClientToServer, found);
}

/// What the snapshots pin for a fixture: the lenient outcome (kind, diagnostics, canonical
/// encoding and the typed value) and the strict outcome.
pub fn render(fixture: &Fixture) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "lenient:");
    render_outcome(
        &mut out,
        &decode(&Decoder::new(), fixture.direction, &fixture.frame),
        true,
    );
    let _ = writeln!(out, "strict:");
    render_outcome(
        &mut out,
        &decode(&Decoder::strict(), fixture.direction, &fixture.frame),
        false,
    );
    out
}

fn render_outcome(out: &mut String, outcome: &Result<Decoded<Message>, DecodeError>, full: bool) {
    match outcome {
        Ok(decoded) => {
            let m = &decoded.message;
            let _ = writeln!(out, "  kind: {}", m.tag());
            let _ = writeln!(
                out,
                "  known: {}, deprecated: {}",
                m.is_known(),
                m.is_deprecated()
            );
            let _ = writeln!(out, "  diagnostics: {}", decoded.diagnostics.len());
            for d in &decoded.diagnostics {
                let _ = writeln!(out, "    - {d}");
            }
            if full {
                let _ = writeln!(out, "  encoding: {}", m.encode());
                let value = match m {
                    Message::Event(event) => format!("{event:#?}"),
                    Message::Command(command) => format!("{command:#?}"),
                };
                let _ = writeln!(out, "  value:");
                for line in value.lines() {
                    let _ = writeln!(out, "    {line}");
                }
            }
        }
        Err(error) => {
            let _ = writeln!(out, "  error: {}", error.kind().as_str());
            let _ = writeln!(out, "  message kind: {:?}", error.message_kind());
            let _ = writeln!(out, "  pointer: {:?}", error.pointer());
            let _ = writeln!(
                out,
                "  line: {:?}, column: {:?}",
                error.line(),
                error.column()
            );
            let _ = writeln!(out, "  message: {}", error.message());
            let _ = writeln!(out, "  display: {error}");
        }
    }
}

/// The known kinds missing from `covered` (the direction and tag of each message seen), as
/// `event <msgType>` and `command <command>`.
pub fn kinds_not_in(covered: &std::collections::BTreeSet<(Direction, String)>) -> Vec<String> {
    let missing = |direction, tag: &str| !covered.contains(&(direction, tag.to_owned()));
    let events = cti_proto::EventKind::ALL
        .iter()
        .filter(|k| missing(Direction::ServerToClient, k.as_str()))
        .map(|k| format!("event {k}"));
    let commands = cti_proto::CommandKind::ALL
        .iter()
        .filter(|k| missing(Direction::ClientToServer, k.as_str()))
        .map(|k| format!("command {k}"));
    events.chain(commands).collect()
}

/// The Rust examples of the workspace's README, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
