//! `--record FILE`: the WebSocket sessions as a HAR file, the capture format of `cti
//! decode` and `cti lint` that states each frame's direction (`send` for the client's,
//! `receive` for the server's, as a browser saves them). One entry per session, with its
//! text frames in `_webSocketMessages`. The file is written when the server starts (with
//! no entry), again each time a session ends, and at shutdown; each write replaces it
//! whole (through a temporary file), so that it is a complete HAR file at any time.
//!
//! The entry's URL has no query: the token stays out of the file.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{json, Value};

/// The sessions recorded so far, and where they go.
pub(crate) struct Recorder {
    path: PathBuf,
    entries: Mutex<Vec<Value>>,
}

/// The frames of one session, until it ends.
pub(crate) struct SessionRecord {
    started: SystemTime,
    url: String,
    messages: Vec<Value>,
}

impl SessionRecord {
    /// A session on `url` (which must hold no secret), starting now.
    pub fn new(url: String) -> SessionRecord {
        SessionRecord {
            started: SystemTime::now(),
            url,
            messages: Vec::new(),
        }
    }

    /// A text frame the client sent.
    pub fn client(&mut self, frame: &str) {
        self.push("send", frame);
    }

    /// A text frame the server sent.
    pub fn server(&mut self, frame: &str) {
        self.push("receive", frame);
    }

    fn push(&mut self, kind: &str, frame: &str) {
        self.messages.push(message(kind, SystemTime::now(), frame));
    }

    fn into_entry(self) -> Value {
        entry(self.started, &self.url, self.messages)
    }
}

/// One WebSocket text frame of a HAR entry: `kind` is `send` (the client's) or `receive`.
pub fn message(kind: &str, at: SystemTime, frame: &str) -> Value {
    json!({
        "type": kind,
        "time": seconds(at),
        "opcode": 1,
        "data": frame,
    })
}

/// One HAR entry: a WebSocket on `url` (which must hold no secret) started at `started`,
/// with its frames ([`message`]), as `cti lint` and browsers read it.
pub fn entry(started: SystemTime, url: &str, messages: Vec<Value>) -> Value {
    json!({
        "startedDateTime": rfc3339(started),
        "time": 0,
        "request": {
            "method": "GET",
            "url": url,
            "httpVersion": "HTTP/1.1",
            "cookies": [],
            "headers": [],
            "queryString": [],
            "headersSize": -1,
            "bodySize": 0,
        },
        "response": {
            "status": 101,
            "statusText": "Switching Protocols",
            "httpVersion": "HTTP/1.1",
            "cookies": [],
            "headers": [],
            "content": { "size": 0, "mimeType": "x-unknown" },
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": 0,
        },
        "cache": {},
        "timings": { "send": 0, "wait": 0, "receive": 0 },
        "_resourceType": "websocket",
        "_webSocketMessages": messages,
    })
}

impl Recorder {
    /// A recorder writing to `path`; writes the empty capture at once, so that a path
    /// that cannot be written fails the start.
    pub fn create(path: &Path) -> io::Result<Recorder> {
        let recorder = Recorder {
            path: path.to_owned(),
            entries: Mutex::new(Vec::new()),
        };
        recorder.write()?;
        Ok(recorder)
    }

    /// Adds a finished session and writes the file.
    pub fn finish(&self, record: SessionRecord) -> io::Result<()> {
        self.entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(record.into_entry());
        self.write()
    }

    /// Writes every finished session to the file, replacing it.
    pub fn write(&self) -> io::Result<()> {
        let har = {
            let entries = self
                .entries
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            json!({
                "log": {
                    "version": "1.2",
                    "creator": { "name": "cti-testserver", "version": env!("CARGO_PKG_VERSION") },
                    "pages": [],
                    "entries": *entries,
                }
            })
        };
        let mut temporary = self.path.clone().into_os_string();
        temporary.push(".tmp");
        let temporary = PathBuf::from(temporary);
        std::fs::write(&temporary, serde_json::to_vec_pretty(&har)?)?;
        std::fs::rename(&temporary, &self.path)
    }
}

/// Seconds since the epoch, as HAR WebSocket messages give `time`.
fn seconds(time: SystemTime) -> f64 {
    time.duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64())
}

/// `2024-05-01T12:00:00.000Z`.
fn rfc3339(time: SystemTime) -> String {
    let since = time.duration_since(UNIX_EPOCH).unwrap_or_default();
    let secs = since.as_secs();
    let (year, month, day) = civil_from_days(secs / 86_400);
    let rest = secs % 86_400;
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        rest / 3600,
        rest / 60 % 60,
        rest % 60,
        since.subsec_millis()
    )
}

/// The date of a day counted from 1970-01-01 (H. Hinnant's `civil_from_days`).
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn dates_are_utc_rfc3339() {
        assert_eq!(rfc3339(UNIX_EPOCH), "1970-01-01T00:00:00.000Z");
        let leap = UNIX_EPOCH + Duration::from_millis(951_782_400_250); // 2000-02-29
        assert_eq!(rfc3339(leap), "2000-02-29T00:00:00.250Z");
        let later = UNIX_EPOCH + Duration::from_secs(1_717_243_199); // 2024-06-01 11:59:59
        assert_eq!(rfc3339(later), "2024-06-01T11:59:59.000Z");
    }
}
