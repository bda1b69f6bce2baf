//! What each subcommand prints for a frame, and the lint summary.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::ops::Range;

use cti_proto::{DecodeError, Decoder, Diagnostic, Message};
use serde::Serialize;

use crate::input::{Direction, ReadError};

/// Which subcommand is printing.
#[derive(Clone, Copy)]
pub enum Mode {
    Decode,
    Roundtrip,
    Lint { colour: bool },
}

/// A frame decoded, in the terms the output uses.
pub(crate) struct Decoded {
    pub(crate) kind: String,
    known: bool,
    /// A known kind whose payload has no documented shape, kept as raw JSON.
    raw: bool,
    pub(crate) replacement: Option<&'static str>,
    pub(crate) diagnostics: Vec<Diagnostic>,
    encoding: String,
}

/// Decodes a frame with `decoder`, in the direction `stated`, or found from the frame in
/// the same reading; with its direction.
pub(crate) fn decode(
    decoder: &Decoder,
    stated: Option<Direction>,
    frame: &[u8],
) -> (Direction, Result<Decoded, DecodeError>) {
    let (direction, decoded) = match stated {
        Some(direction) => (direction, decoder.decode_bytes(direction, frame)),
        None => decoder.decode_sniffed(frame),
    };
    (direction, decoded.map(describe))
}

/// What the reporter keeps of a decoded frame.
fn describe(decoded: cti_proto::Decoded<Message>) -> Decoded {
    let message = &decoded.message;
    let (raw, replacement) = match message {
        Message::Event(event) => {
            let kind = event.kind();
            (
                kind.is_some_and(|k| k.is_raw()),
                kind.and_then(|k| k.replacement()),
            )
        }
        Message::Command(command) => {
            let kind = command.kind();
            (
                kind.is_some_and(|k| k.is_raw()),
                kind.and_then(|k| k.replacement()),
            )
        }
    };
    Decoded {
        kind: message.tag().to_owned(),
        known: message.is_known(),
        raw,
        replacement,
        encoding: message.encode(),
        diagnostics: decoded.diagnostics,
    }
}

/// A frame decoded, made ready for the reporter on any thread.
pub(crate) enum Ready {
    /// `cti decode`'s line, already written where `at` says in the lines given to
    /// [`prepare`], and whether the frame decoded.
    Line { ok: bool, at: Range<usize> },
    /// For the reporter to print, in order ([`Reporter::decoded`]).
    Decoded(Result<Decoded, DecodeError>),
    /// The line could not be written.
    Failed(io::Error),
}

/// Makes a decoded frame ready: `cti decode` writes its line here, at the end of `lines`,
/// apart from the others (the costly part of reporting); the other modes print with what
/// the reporter keeps.
pub(crate) fn prepare(
    mode: Mode,
    number: u64,
    direction: Direction,
    outcome: Result<Decoded, DecodeError>,
    lines: &mut Vec<u8>,
) -> Ready {
    let Mode::Decode = mode else {
        return Ready::Decoded(outcome);
    };
    let ok = outcome.is_ok();
    let start = lines.len();
    let outcome = outcome.map_err(Failure::Decode);
    match Reporter::<Vec<u8>>::decode_line(lines, number, direction, &outcome) {
        Ok(()) => Ready::Line {
            ok,
            at: start..lines.len(),
        },
        Err(e) => Ready::Failed(e),
    }
}

/// Why a frame gives no message: it does not decode, or the capture holds no usable frame
/// at its place (a line over the limit, a malformed HAR message).
enum Failure<'a> {
    Decode(DecodeError),
    Unreadable(&'a str),
}

impl Failure<'_> {
    fn message_kind(&self) -> Option<&str> {
        match self {
            Failure::Decode(e) => e.message_kind(),
            Failure::Unreadable(_) => None,
        }
    }
    fn message(&self) -> &str {
        match self {
            Failure::Decode(e) => e.message(),
            Failure::Unreadable(message) => message,
        }
    }
    fn pointer(&self) -> Option<&str> {
        match self {
            Failure::Decode(e) => e.pointer(),
            Failure::Unreadable(_) => None,
        }
    }
    fn line(&self) -> Option<usize> {
        match self {
            Failure::Decode(e) => e.line(),
            Failure::Unreadable(_) => None,
        }
    }
    fn column(&self) -> Option<usize> {
        match self {
            Failure::Decode(e) => e.column(),
            Failure::Unreadable(_) => None,
        }
    }
}

impl std::fmt::Display for Failure<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Decode(e) => e.fmt(f),
            Failure::Unreadable(message) => f.write_str(message),
        }
    }
}

#[derive(Serialize)]
struct DecodedLine<'a> {
    frame: u64,
    ok: bool,
    direction: &'static str,
    kind: &'a str,
    known: bool,
    deprecated: bool,
    diagnostics: Vec<DiagnosticOut<'a>>,
    // Then `"value"`: the message's encoding, written as it is.
}

#[derive(Serialize)]
struct DiagnosticOut<'a> {
    code: &'static str,
    path: &'a str,
    message: &'a str,
}

#[derive(Serialize)]
struct FailedLine<'a> {
    frame: u64,
    ok: bool,
    direction: &'static str,
    kind: Option<&'a str>,
    error: ErrorOut<'a>,
}

#[derive(Serialize)]
struct ErrorOut<'a> {
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<usize>,
}

/// Counts for the lint summary.
#[derive(Default)]
struct Summary {
    frames: u64,
    errors: u64,
    diagnostics: u64,
    per_kind: BTreeMap<String, u64>,
    deprecated: BTreeMap<String, (u64, &'static str)>,
    unknown: BTreeMap<String, u64>,
    /// Decoded frames of known kinds with a typed payload.
    typed: u64,
    /// Decoded frames of known kinds whose payload is kept raw, per kind.
    raw: BTreeMap<String, u64>,
    /// Binary WebSocket messages skipped (they are not frames).
    binary: u64,
}

pub struct Reporter<W: Write> {
    mode: Mode,
    out: W,
    all_ok: bool,
    summary: Summary,
}

impl<W: Write> Reporter<W> {
    pub fn new(mode: Mode, out: W) -> Self {
        Reporter {
            mode,
            out,
            all_ok: true,
            summary: Summary::default(),
        }
    }

    /// Reports a frame and its decoding ([`decode`]).
    pub fn decoded(
        &mut self,
        number: u64,
        direction: Direction,
        outcome: Result<Decoded, DecodeError>,
    ) -> io::Result<()> {
        self.report(number, direction, outcome.map_err(Failure::Decode))
    }

    /// Reports a frame made ready by [`prepare`], given the lines it wrote to.
    pub fn ready(
        &mut self,
        number: u64,
        direction: Direction,
        ready: Ready,
        lines: &[u8],
    ) -> io::Result<()> {
        match ready {
            Ready::Line { ok, at } => {
                self.all_ok &= ok;
                self.out.write_all(&lines[at])
            }
            Ready::Decoded(outcome) => self.decoded(number, direction, outcome),
            Ready::Failed(e) => Err(e),
        }
    }

    /// Reports a bad frame the capture holds no usable bytes for, saying why.
    pub fn unreadable(&mut self, number: u64, direction: Direction, why: &str) -> io::Result<()> {
        self.report(number, direction, Err(Failure::Unreadable(why)))
    }

    /// Counts a binary WebSocket message skipped, for the lint summary.
    pub fn binary_skipped(&mut self) {
        self.summary.binary += 1;
    }

    fn report(
        &mut self,
        number: u64,
        direction: Direction,
        outcome: Result<Decoded, Failure>,
    ) -> io::Result<()> {
        self.all_ok &= outcome.is_ok();
        match self.mode {
            Mode::Decode => Self::decode_line(&mut self.out, number, direction, &outcome),
            Mode::Roundtrip => match &outcome {
                Ok(decoded) => writeln!(self.out, "{}", decoded.encoding),
                Err(failed) => {
                    self.out.flush()?;
                    eprintln!("cti: frame {number}: {failed}");
                    Ok(())
                }
            },
            Mode::Lint { colour } => self.lint_frame(number, direction, &outcome, colour),
        }
    }

    fn decode_line(
        out: &mut impl Write,
        number: u64,
        direction: Direction,
        outcome: &Result<Decoded, Failure>,
    ) -> io::Result<()> {
        match outcome {
            Ok(decoded) => {
                let head = DecodedLine {
                    frame: number,
                    ok: true,
                    direction: direction.jsonl(),
                    kind: &decoded.kind,
                    known: decoded.known,
                    deprecated: decoded.replacement.is_some(),
                    diagnostics: decoded
                        .diagnostics
                        .iter()
                        .map(|d| DiagnosticOut {
                            code: d.code.as_str(),
                            path: &d.path,
                            message: &d.message,
                        })
                        .collect(),
                };
                // The value goes last, as it is: the encoding is JSON serde_json wrote,
                // so it is not read again.
                let mut head = serde_json::to_vec(&head)?;
                head.pop(); // its closing brace
                out.write_all(&head)?;
                out.write_all(b",\"value\":")?;
                out.write_all(decoded.encoding.as_bytes())?;
                out.write_all(b"}")?;
            }
            Err(failed) => {
                let line = FailedLine {
                    frame: number,
                    ok: false,
                    direction: direction.jsonl(),
                    kind: failed.message_kind(),
                    error: ErrorOut {
                        message: failed.message(),
                        path: failed.pointer(),
                        line: failed.line(),
                        column: failed.column(),
                    },
                };
                serde_json::to_writer(&mut *out, &line)?;
            }
        }
        out.write_all(b"\n")
    }

    fn lint_frame(
        &mut self,
        number: u64,
        direction: Direction,
        outcome: &Result<Decoded, Failure>,
        colour: bool,
    ) -> io::Result<()> {
        let paint = Paint(colour);
        let s = &mut self.summary;
        s.frames += 1;
        let head = format!("frame {number:<5} {:<6}", direction.jsonl());
        match outcome {
            Ok(decoded) => {
                *s.per_kind.entry(decoded.kind.clone()).or_default() += 1;
                let mut notes = String::new();
                if let Some(replacement) = decoded.replacement {
                    let entry = s
                        .deprecated
                        .entry(decoded.kind.clone())
                        .or_insert((0, replacement));
                    entry.0 += 1;
                    notes.push_str(&paint.yellow(&format!("  deprecated: use {replacement}")));
                }
                if !decoded.known {
                    *s.unknown.entry(decoded.kind.clone()).or_default() += 1;
                    notes.push_str(&paint.cyan("  unknown kind (kept as is)"));
                } else if decoded.raw {
                    *s.raw.entry(decoded.kind.clone()).or_default() += 1;
                    notes.push_str(&paint.cyan("  payload kept raw (no documented shape)"));
                } else {
                    s.typed += 1;
                }
                writeln!(self.out, "{head} {}{notes}", paint.bold(&decoded.kind))?;
                for d in &decoded.diagnostics {
                    if d.code == cti_proto::DiagnosticCode::Deprecated {
                        continue;
                    }
                    s.diagnostics += 1;
                    let path = if d.path.is_empty() { "/" } else { &d.path };
                    writeln!(
                        self.out,
                        "      {} {path}: {}",
                        paint.yellow(d.code.as_str()),
                        d.message
                    )?;
                }
            }
            Err(failed) => {
                s.errors += 1;
                let kind = failed.message_kind().unwrap_or("(no kind)");
                *s.per_kind.entry(kind.to_owned()).or_default() += 1;
                writeln!(
                    self.out,
                    "{head} {}  {}",
                    paint.bold(kind),
                    paint.red("error")
                )?;
                writeln!(self.out, "      {failed}")?;
            }
        }
        Ok(())
    }

    /// Flushes the output (and prints the lint summary); `Ok(true)` when every frame
    /// decoded.
    pub fn finish(mut self) -> Result<bool, ReadError> {
        if let Mode::Lint { colour } = self.mode {
            self.lint_summary(Paint(colour))?;
        }
        self.out.flush()?;
        Ok(self.all_ok)
    }

    fn lint_summary(&mut self, paint: Paint) -> io::Result<()> {
        let s = &self.summary;
        let out = &mut self.out;
        writeln!(out)?;
        writeln!(
            out,
            "{}: {} frames, {} decoded, {} with errors, {} diagnostics",
            paint.bold("summary"),
            s.frames,
            s.frames - s.errors,
            s.errors,
            s.diagnostics
        )?;
        if s.binary > 0 {
            writeln!(out, "  binary messages skipped (not decoded): {}", s.binary)?;
        }
        writeln!(out, "  frames per kind:")?;
        for (kind, count) in &s.per_kind {
            writeln!(out, "    {kind:<32} {count:>8}")?;
        }
        let raw: u64 = s.raw.values().sum();
        let unknown: u64 = s.unknown.values().sum();
        writeln!(out, "  coverage of decoded frames:")?;
        writeln!(out, "    {:<32} {:>8}", "typed", s.typed)?;
        writeln!(
            out,
            "    {:<32} {:>8}",
            "raw (known kind, payload as JSON)", raw
        )?;
        writeln!(out, "    {:<32} {:>8}", "unknown kind", unknown)?;
        writeln!(
            out,
            "  raw kinds seen:{}",
            if s.raw.is_empty() { " none" } else { "" }
        )?;
        for (kind, count) in &s.raw {
            writeln!(out, "    {kind:<32} {count:>8}")?;
        }
        writeln!(
            out,
            "  deprecated kinds used:{}",
            if s.deprecated.is_empty() { " none" } else { "" }
        )?;
        for (kind, (count, replacement)) in &s.deprecated {
            writeln!(out, "    {kind:<32} {count:>8}  use {replacement}")?;
        }
        writeln!(
            out,
            "  unknown kinds seen:{}",
            if s.unknown.is_empty() { " none" } else { "" }
        )?;
        for (kind, count) in &s.unknown {
            writeln!(out, "    {kind:<32} {count:>8}")?;
        }
        let errors = format!("{}", s.errors);
        writeln!(
            out,
            "  errors: {}",
            if s.errors > 0 {
                paint.red(&errors)
            } else {
                errors
            }
        )?;
        Ok(())
    }
}

/// ANSI colours, or plain text.
#[derive(Clone, Copy)]
struct Paint(bool);

impl Paint {
    fn wrap(self, code: &str, text: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }
    fn bold(self, text: &str) -> String {
        self.wrap("1", text)
    }
    fn red(self, text: &str) -> String {
        self.wrap("31", text)
    }
    fn yellow(self, text: &str) -> String {
        self.wrap("33", text)
    }
    fn cyan(self, text: &str) -> String {
        self.wrap("36", text)
    }
}
