//! Writing HAR: the capture format that states each frame's direction, as a browser's
//! "Save all as HAR" writes a WebSocket (`send` for the client's frames, `receive` for the
//! server's, in the entry's `_webSocketMessages`). [`read_frames`](crate::read_frames)
//! reads what these write.
//!
//! ```
//! use std::time::SystemTime;
//! use cti_capture::{har, Direction};
//!
//! let now = SystemTime::now();
//! let frame = r#"{"claz":"ping"}"#;
//! let entry = har::entry(now, "ws://127.0.0.1:8090/xuc/api/2.0/cti", vec![
//!     har::message(Direction::ClientToServer, now, frame),
//! ]);
//! let file = serde_json::json!({ "log": { "version": "1.2", "entries": [entry] } });
//! assert_eq!(file["log"]["entries"][0]["_webSocketMessages"][0]["type"], "send");
//! ```

use std::time::{SystemTime, UNIX_EPOCH};

use cti_proto::Direction;
use serde_json::{json, Value};

/// One WebSocket text frame of a HAR entry; its `type` is [`Direction::har`].
pub fn message(direction: Direction, at: SystemTime, frame: &str) -> Value {
    json!({
        "type": direction.har(),
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
