//! `cti decode`, `lint` and `roundtrip` on every core, the output in capture order and the
//! same as on one.
//!
//! Frames are independent: one thread reads the capture into batches (at most
//! [`BATCH_FRAMES`] frames or [`BATCH_BYTES`] bytes), and each batch is decoded by `jobs`
//! threads, a slice each (decoded, and for `cti decode` its lines written), then reported
//! in order by this one. At most [`QUEUED`] batches
//! wait between the reader and the decoders, so memory stays a few batches whatever the
//! size of the capture. With `jobs` = 1 nothing runs beside this thread.

use std::io::{self, Read, Write};
use std::sync::mpsc;

use cti_proto::Decoder;

use crate::input::{self, Direction, Format, Item, ReadError};
use crate::report::{self, Mode, Ready, Reporter};

/// The most frames in a batch.
pub const BATCH_FRAMES: usize = 512;
/// The most frame bytes in a batch (a batch holds at least one frame).
pub const BATCH_BYTES: usize = 4 << 20;
/// The most batches read and not yet decoded.
pub const QUEUED: usize = 2;

/// How the frames of a capture are read and decoded.
pub struct Settings<'a> {
    pub decoder: &'a Decoder,
    /// What is printed.
    pub mode: Mode,
    pub format: Format,
    pub max_frame: usize,
    /// The direction of every frame, when the command line forces one.
    pub forced: Option<Direction>,
    /// Threads that decode.
    pub jobs: usize,
    /// Called after each frame read (the progress indicator).
    pub progress: &'a (dyn Fn() + Sync),
}

/// One place of the capture, as the reporter takes it.
enum Entry {
    Frame {
        number: u64,
        direction: Direction,
        bytes: Vec<u8>,
    },
    /// A bad frame: the capture holds no usable bytes at its place.
    Unreadable {
        number: u64,
        direction: Direction,
        why: String,
    },
    /// A binary WebSocket message, skipped.
    Binary,
}

impl Entry {
    fn new(item: Item, forced: Option<Direction>) -> Option<Entry> {
        Some(match item {
            Item::Frame(frame) => {
                let stated = forced.or(frame.direction);
                match frame.bytes {
                    Ok(bytes) => Entry::Frame {
                        number: frame.number,
                        direction: stated.unwrap_or_else(|| input::sniff_direction(&bytes)),
                        bytes,
                    },
                    // With no bytes to sniff, a frame is a server event, as any frame
                    // without a top-level claz is.
                    Err(why) => Entry::Unreadable {
                        number: frame.number,
                        direction: stated.unwrap_or(Direction::ServerToClient),
                        why,
                    },
                }
            }
            Item::Binary => Entry::Binary,
            // Nothing else is read today.
            _ => return None,
        })
    }

    fn len(&self) -> usize {
        match self {
            Entry::Frame { bytes, .. } => bytes.len(),
            Entry::Unreadable { why, .. } => why.len(),
            Entry::Binary => 0,
        }
    }
}

/// Frames read, waiting to be decoded.
#[derive(Default)]
struct Batch {
    entries: Vec<Entry>,
    bytes: usize,
}

impl Batch {
    /// Adds what was read; true when the batch is full.
    fn add(&mut self, item: Item, forced: Option<Direction>) -> bool {
        let Some(entry) = Entry::new(item, forced) else {
            return false;
        };
        self.bytes += entry.len();
        self.entries.push(entry);
        self.entries.len() >= BATCH_FRAMES || self.bytes >= BATCH_BYTES
    }

    fn take(&mut self) -> Vec<Entry> {
        self.bytes = 0;
        std::mem::take(&mut self.entries)
    }
}

/// Reads every frame of `reader` into batches, numbering from `*next`, and hands each full
/// batch to `full`, then the last one (what was read before an input error is handed on
/// before it), unless `full` failed.
fn read_batches(
    reader: impl Read,
    settings: &Settings<'_>,
    next: &mut u64,
    full: &mut dyn FnMut(Vec<Entry>) -> io::Result<()>,
) -> Result<(), ReadError> {
    let mut batch = Batch::default();
    let result = input::read_frames(
        reader,
        settings.format,
        settings.max_frame,
        next,
        &mut |item| {
            (settings.progress)();
            if batch.add(item, settings.forced) {
                full(batch.take())
            } else {
                Ok(())
            }
        },
    );
    if !matches!(result, Err(ReadError::Output(_))) {
        full(batch.take())?;
    }
    result
}

/// Reads every frame of `reader`, numbering from `*next`, and reports each in order.
pub fn run<W: Write>(
    reader: impl Read + Send,
    settings: &Settings<'_>,
    next: &mut u64,
    reporter: &mut Reporter<W>,
) -> Result<(), ReadError> {
    if settings.jobs <= 1 {
        return read_batches(reader, settings, next, &mut |entries| {
            report(settings, entries, reporter)
        });
    }
    let (batches, received) = mpsc::sync_channel::<Vec<Entry>>(QUEUED);
    std::thread::scope(|scope| {
        let reading = scope.spawn(move || {
            read_batches(reader, settings, next, &mut |entries| {
                batches
                    .send(entries)
                    .map_err(|_| io::Error::other("the output stopped"))
            })
        });
        let mut written = Ok(());
        for entries in received.iter() {
            written = report(settings, entries, reporter);
            if written.is_err() {
                // Dropping the receiver stops the reader at its next batch.
                break;
            }
        }
        drop(received);
        let read = reading
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        // A failed write says more than the reader stopped by it.
        written.map_err(ReadError::Output)?;
        read
    })
}

/// Decodes a batch on `settings.jobs` threads and reports it in order.
fn report<W: Write>(
    settings: &Settings<'_>,
    entries: Vec<Entry>,
    reporter: &mut Reporter<W>,
) -> io::Result<()> {
    let decoded = decode_all(settings, &entries);
    for (entry, decoded) in entries.into_iter().zip(decoded) {
        match (entry, decoded) {
            (
                Entry::Frame {
                    number, direction, ..
                },
                Some(ready),
            ) => reporter.ready(number, direction, ready)?,
            (
                Entry::Unreadable {
                    number,
                    direction,
                    why,
                },
                _,
            ) => reporter.unreadable(number, direction, &why)?,
            (Entry::Binary, _) => reporter.binary_skipped(),
            (Entry::Frame { .. }, None) => unreachable!("every frame is decoded"),
        }
    }
    Ok(())
}

/// Each frame of `entries` decoded and made ready to print (`None` for the other
/// entries), in order, on `settings.jobs` threads: this one and `jobs - 1` more, a slice
/// each.
fn decode_all(settings: &Settings<'_>, entries: &[Entry]) -> Vec<Option<Ready>> {
    let jobs = settings.jobs;
    let decode = |entries: &[Entry]| -> Vec<Option<Ready>> {
        entries
            .iter()
            .map(|entry| match entry {
                Entry::Frame {
                    number,
                    direction,
                    bytes,
                } => {
                    let outcome = report::decode(settings.decoder, *direction, bytes);
                    Some(report::prepare(settings.mode, *number, *direction, outcome))
                }
                _ => None,
            })
            .collect()
    };
    if jobs <= 1 || entries.len() < 2 {
        return decode(entries);
    }
    let slice = entries.len().div_ceil(jobs);
    let mut slices = entries.chunks(slice);
    let first = slices.next().unwrap_or_default();
    std::thread::scope(|scope| {
        let others: Vec<_> = slices.map(|s| scope.spawn(move || decode(s))).collect();
        let mut all = decode(first);
        for other in others {
            all.extend(
                other
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            );
        }
        all
    })
}
