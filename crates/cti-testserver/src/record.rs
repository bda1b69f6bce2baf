//! `--record FILE`: the WebSocket sessions as a HAR file, the capture format of `cti
//! decode` and `cti lint` that states each frame's direction (`send` for the client's,
//! `receive` for the server's, as a browser saves them). One entry per session, with its
//! text frames in `_webSocketMessages`.
//!
//! The file is created when the server starts, mode `0600`, with no entry: written whole
//! at `FILE.tmp` (made anew: a file or link already there is removed, never followed),
//! then renamed to `FILE`. Each session that ends is added by a thread of its own, so
//! that no session waits for the disk: its entry is written over the file's closing
//! `]}}`, which is written again after it. What is written is never rewritten, and the
//! file is a complete HAR file between two additions: a server killed (SIGKILL) loses
//! the sessions still open; killed in the middle of an addition (the time to write one
//! entry), the file ends cut there, and `cti decode` and `cti lint` still read every
//! frame before the cut.
//!
//! What is recorded waits in memory until written: the frames' text of the open sessions
//! and of the entries not yet written, all together, is bounded (`max_recorded_bytes`);
//! a frame past it is counted in its entry's `_webSocketMessagesDropped`, not kept.
//!
//! The entry's URL has no query: the token stays out of the file.

use std::fs::File;
use std::io::{self, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::SystemTime;

use cti_capture::har;
use cti_proto::Direction;
use serde_json::Value;
use tracing::warn;

/// The end of the file, after the last entry.
const CLOSING: &[u8] = b"\n]}}\n";

/// Where finished sessions go: the writer thread.
pub(crate) struct Recorder {
    entries: Mutex<Option<mpsc::Sender<(Value, usize)>>>,
    writer: Mutex<Option<JoinHandle<io::Result<()>>>>,
    held: Budget,
}

/// Bytes of frame text held until written, all sessions together, and their bound.
#[derive(Clone)]
struct Budget {
    held: Arc<AtomicUsize>,
    max: usize,
}

impl Budget {
    /// Takes `bytes` if they fit.
    fn take(&self, bytes: usize) -> bool {
        self.held
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |held| {
                held.checked_add(bytes).filter(|&total| total <= self.max)
            })
            .is_ok()
    }

    fn give_back(&self, bytes: usize) {
        self.held.fetch_sub(bytes, Ordering::AcqRel);
    }
}

/// The frames of one session, until it ends: `max` at most and what the budget allows,
/// the others counted.
pub(crate) struct SessionRecord {
    started: SystemTime,
    url: String,
    messages: Vec<Value>,
    max: usize,
    dropped: u64,
    budget: Budget,
    /// Bytes of the budget this record holds.
    bytes: usize,
}

impl Drop for SessionRecord {
    fn drop(&mut self) {
        self.budget.give_back(std::mem::take(&mut self.bytes));
    }
}

impl SessionRecord {
    /// A text frame the client sent.
    pub fn client(&mut self, frame: &str) {
        self.push(Direction::ClientToServer, frame);
    }

    /// A text frame the server sent.
    pub fn server(&mut self, frame: &str) {
        self.push(Direction::ServerToClient, frame);
    }

    fn push(&mut self, direction: Direction, frame: &str) {
        if self.messages.len() < self.max && self.budget.take(frame.len()) {
            self.bytes += frame.len();
            self.messages
                .push(har::message(direction, SystemTime::now(), frame));
        } else {
            if self.dropped == 0 {
                warn!(
                    frames = self.max,
                    bytes = self.budget.max,
                    "a session's record is full: its next frames are counted, not recorded"
                );
            }
            self.dropped += 1;
        }
    }

    /// The HAR entry and the bytes of the budget it holds; past a bound,
    /// `_webSocketMessagesDropped` says how many frames are not in it.
    fn into_entry(mut self) -> (Value, usize) {
        let messages = std::mem::take(&mut self.messages);
        let mut entry = har::entry(self.started, &self.url, messages);
        if self.dropped > 0 {
            entry["_webSocketMessagesDropped"] = self.dropped.into();
        }
        (entry, std::mem::take(&mut self.bytes))
    }
}

impl Recorder {
    /// A recorder writing to `path`; creates the empty capture at once, so that a path
    /// that cannot be written fails the start.
    pub fn create(path: &Path, max_bytes: usize) -> io::Result<Recorder> {
        let mut temporary = path.to_owned().into_os_string();
        temporary.push(".tmp");
        let temporary = PathBuf::from(temporary);
        // Removing a link removes the link, not what it points to.
        match std::fs::remove_file(&temporary) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
        let mut open = std::fs::OpenOptions::new();
        // `create_new` (O_EXCL) fails on a link planted since, rather than follow it.
        open.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            open.mode(0o600);
        }
        let mut file = open.open(&temporary)?;
        let head = format!(
            r#"{{"log":{{"version":"1.2","creator":{{"name":"cti-testserver","version":"{}"}},"pages":[],"entries":["#,
            env!("CARGO_PKG_VERSION")
        );
        file.write_all(head.as_bytes())?;
        file.write_all(CLOSING)?;
        std::fs::rename(&temporary, path)?;
        let end = head.len() as u64;
        let (entries, written) = mpsc::channel();
        let held = Budget {
            held: Arc::new(AtomicUsize::new(0)),
            max: max_bytes,
        };
        let budget = held.clone();
        let writer = std::thread::Builder::new()
            .name("cti-record".into())
            .spawn(move || write_entries(file, end, written, &budget))?;
        Ok(Recorder {
            entries: Mutex::new(Some(entries)),
            writer: Mutex::new(Some(writer)),
            held,
        })
    }

    /// The record of a session on `url` (which must hold no secret), starting now, of
    /// `max` frames at most.
    pub fn session(&self, url: String, max: usize) -> SessionRecord {
        SessionRecord {
            started: SystemTime::now(),
            url,
            messages: Vec::new(),
            max,
            dropped: 0,
            budget: self.held.clone(),
            bytes: 0,
        }
    }

    /// Hands a finished session to the writer; never waits for the disk.
    pub fn finish(&self, record: SessionRecord) {
        let entries = self
            .entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let (entry, bytes) = record.into_entry();
        let given = entries.as_ref().map(|e| e.send((entry, bytes)));
        // The writer only stops on an error, already logged: what it will not write goes
        // back to the budget.
        if !matches!(given, Some(Ok(()))) {
            self.held.give_back(bytes);
        }
    }

    /// Waits for the writer to write what it was given, and ends it.
    pub async fn close(&self) -> io::Result<()> {
        self.entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .take();
        let writer = self
            .writer
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .take();
        let Some(writer) = writer else {
            return Ok(());
        };
        match tokio::task::spawn_blocking(move || writer.join()).await {
            Ok(Ok(written)) => written,
            _ => Err(io::Error::other("the record writer failed")),
        }
    }
}

/// The writer thread: each entry over the closing `]}}` (at `end`), then the closing
/// again. Stops at the first error (logged), with what was written still a HAR file.
fn write_entries(
    mut file: File,
    mut end: u64,
    entries: mpsc::Receiver<(Value, usize)>,
    budget: &Budget,
) -> io::Result<()> {
    let mut first = true;
    for (entry, held) in entries {
        let mut bytes = if first {
            b"\n".to_vec()
        } else {
            b",\n".to_vec()
        };
        let encoded = serde_json::to_writer(&mut bytes, &entry);
        drop(entry);
        budget.give_back(held);
        encoded?;
        let added = bytes.len() as u64;
        bytes.extend_from_slice(CLOSING);
        let written = file
            .seek(SeekFrom::Start(end))
            .and_then(|_| file.write_all(&bytes));
        if let Err(e) = written {
            warn!(error = %e, "cannot write the record file: recording stops");
            // What was written before stays a HAR file, if the disk lets it.
            let _ = file
                .seek(SeekFrom::Start(end))
                .and_then(|_| file.write_all(CLOSING))
                .and_then(|()| file.set_len(end + CLOSING.len() as u64));
            return Err(e);
        }
        end += added;
        first = false;
    }
    Ok(())
}
