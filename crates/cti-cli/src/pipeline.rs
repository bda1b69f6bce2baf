//! `cti decode`, `lint` and `roundtrip` on every core, the output in capture order and the
//! same as on one.
//!
//! Frames are independent: one thread reads the capture into batches (at most
//! [`BATCH_FRAMES`] frames, or [`BATCH_BYTES`] bytes shared among the threads), `jobs`
//! threads decode a whole batch each (and for `cti decode` make its lines), and this one
//! reports the batches in reading order. At most [`QUEUED`] batches wait for a decoder and
//! `QUEUED + jobs` for this thread, so memory stays a few times [`BATCH_BYTES`] whatever
//! the size of the capture and the number of threads (or `jobs + 2 * QUEUED + 2` frames,
//! when each is over a batch's share). With `jobs` = 1 nothing runs beside this thread.

use std::io::{self, Read, Write};
use std::ops::Range;
use std::sync::{mpsc, Arc, Mutex, PoisonError};

use cti_proto::Decoder;

use crate::input::{self, Direction, Format, Item, ReadError};
use crate::report::{self, Mode, Ready, Reporter};

/// The most frames in a batch.
pub const BATCH_FRAMES: usize = 4096;
/// The most frame bytes in a batch on one thread; on `jobs` threads, a `jobs`th of it (a
/// batch holds at least one frame).
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
    /// The most frames in a batch ([`BATCH_FRAMES`] but in tests).
    pub batch_frames: usize,
    /// Called after each frame read (the progress indicator).
    pub progress: &'a (dyn Fn() + Sync),
}

/// One place of the capture, as read.
enum Entry {
    Frame {
        number: u64,
        /// What the capture or the command line says; found from the frame as it is
        /// decoded otherwise.
        stated: Option<Direction>,
        /// Where its bytes are in the batch's text.
        at: Range<usize>,
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

/// Frames read, waiting to be decoded: their bytes end to end in one buffer, so a batch
/// is a few allocations, made by the reader and freed by a decoder, whatever its frames.
#[derive(Default)]
struct Batch {
    entries: Vec<Entry>,
    text: Vec<u8>,
    /// Bytes held: the text and the reasons of the bad frames.
    bytes: usize,
}

impl Batch {
    /// Adds what was read; true when the batch is full.
    fn add(&mut self, item: Item, settings: &Settings<'_>) -> bool {
        let entry = match item {
            Item::Frame(frame) => {
                let stated = settings.forced.or(frame.direction);
                match frame.bytes {
                    Ok(bytes) => {
                        let start = self.text.len();
                        self.text.extend_from_slice(&bytes);
                        self.bytes += bytes.len();
                        Entry::Frame {
                            number: frame.number,
                            stated,
                            at: start..self.text.len(),
                        }
                    }
                    // With no bytes to sniff, a frame is a server event, as any frame
                    // without a top-level claz is.
                    Err(why) => {
                        self.bytes += why.len();
                        Entry::Unreadable {
                            number: frame.number,
                            direction: stated.unwrap_or(Direction::ServerToClient),
                            why,
                        }
                    }
                }
            }
            Item::Binary => Entry::Binary,
            // Nothing else is read today.
            _ => return false,
        };
        self.entries.push(entry);
        self.entries.len() >= settings.batch_frames
            || self.bytes >= BATCH_BYTES / settings.jobs.max(1)
    }
}

/// A batch decoded, for the reporter: what to report of each entry, in order, and the
/// lines `cti decode` wrote for them, end to end.
struct Done {
    reports: Vec<Report>,
    lines: Vec<u8>,
}

/// What the reporter is given for one entry.
enum Report {
    Frame {
        number: u64,
        direction: Direction,
        ready: Ready,
    },
    Unreadable {
        number: u64,
        direction: Direction,
        why: String,
    },
    Binary,
}

/// Reads every frame of `reader` into batches, numbering from `*next`, and hands each full
/// batch to `full`, then the last one (what was read before an input error is handed on
/// before it), unless `full` failed.
fn read_batches(
    reader: impl Read,
    settings: &Settings<'_>,
    next: &mut u64,
    full: &mut dyn FnMut(Batch) -> io::Result<()>,
) -> Result<(), ReadError> {
    let mut batch = Batch::default();
    let result = input::read_frames(
        reader,
        settings.format,
        settings.max_frame,
        next,
        &mut |item| {
            (settings.progress)();
            if batch.add(item, settings) {
                full(std::mem::take(&mut batch))
            } else {
                Ok(())
            }
        },
    );
    if !matches!(result, Err(ReadError::Output(_))) {
        full(batch)?;
    }
    result
}

/// Reads every frame of `reader`, numbering from `*next`, and reports each in order.
///
/// With `jobs` > 1 the threads live as long as the run: the reader hands each batch's
/// result slot to this thread as it hands the batch to the decoders, and this thread
/// waits on the slots in that order.
pub fn run<W: Write>(
    reader: impl Read + Send,
    settings: &Settings<'_>,
    next: &mut u64,
    reporter: &mut Reporter<W>,
) -> Result<(), ReadError> {
    if settings.jobs <= 1 {
        return read_batches(reader, settings, next, &mut |batch| {
            report(decode_batch(settings, batch), reporter)
        });
    }
    let (work, tasks) = mpsc::sync_channel::<(Batch, mpsc::SyncSender<Done>)>(QUEUED);
    // Only the decoders hold the task queue: when the last one ends, the reader's next
    // send fails instead of waiting for ever.
    let tasks = Arc::new(Mutex::new(tasks));
    let (slots, in_order) = mpsc::sync_channel::<mpsc::Receiver<Done>>(QUEUED + settings.jobs);
    std::thread::scope(|scope| {
        for _ in 0..settings.jobs {
            let tasks = Arc::clone(&tasks);
            scope.spawn(move || loop {
                let task = tasks.lock().unwrap_or_else(PoisonError::into_inner).recv();
                let Ok((batch, slot)) = task else { break };
                // Nobody waits for it once the output stopped.
                let _ = slot.send(decode_batch(settings, batch));
            });
        }
        drop(tasks);
        let reading = scope.spawn(move || {
            read_batches(reader, settings, next, &mut |batch| {
                let (slot, result) = mpsc::sync_channel(1);
                let stopped = || io::Error::other("the output stopped");
                slots.send(result).map_err(|_| stopped())?;
                work.send((batch, slot)).map_err(|_| stopped())
            })
        });
        let mut written = Ok(());
        for result in in_order.iter() {
            // A decoder that panicked drops its slot; the scope raises its panic below.
            let Ok(done) = result.recv() else {
                break;
            };
            written = report(done, reporter);
            if written.is_err() {
                break;
            }
        }
        // Dropping the slots stops the reader at its next batch, and with it the decoders.
        drop(in_order);
        let read = reading
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        // A failed write says more than the reader stopped by it.
        written.map_err(ReadError::Output)?;
        read
    })
}

/// Reports a decoded batch in order.
fn report<W: Write>(done: Done, reporter: &mut Reporter<W>) -> io::Result<()> {
    for report in done.reports {
        match report {
            Report::Frame {
                number,
                direction,
                ready,
            } => reporter.ready(number, direction, ready, &done.lines)?,
            Report::Unreadable {
                number,
                direction,
                why,
            } => reporter.unreadable(number, direction, &why)?,
            Report::Binary => reporter.binary_skipped(),
        }
    }
    Ok(())
}

/// Each frame of the batch found its direction, decoded and made ready to print, in
/// order. The batch is freed here, on the thread that decoded it.
fn decode_batch(settings: &Settings<'_>, batch: Batch) -> Done {
    let mut lines = Vec::new();
    let reports = batch
        .entries
        .into_iter()
        .map(|entry| match entry {
            Entry::Frame { number, stated, at } => {
                let bytes = &batch.text[at];
                let (direction, outcome) = report::decode(settings.decoder, stated, bytes);
                let ready = report::prepare(settings.mode, number, direction, outcome, &mut lines);
                Report::Frame {
                    number,
                    direction,
                    ready,
                }
            }
            Entry::Unreadable {
                number,
                direction,
                why,
            } => Report::Unreadable {
                number,
                direction,
                why,
            },
            Entry::Binary => Report::Binary,
        })
        .collect();
    Done { reports, lines }
}
