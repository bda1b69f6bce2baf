//! Captures of the xuc CTI WebSocket, read and written in one place: JSON Lines (one frame
//! a line) and HAR (a browser's "Save all as HAR", which states each frame's direction).
//!
//! Reading ([`read_frames`]) is a stream: it never holds a whole file, nor more than a few
//! times the frame limit at once, whatever the file holds (a line or a string of any
//! length, arrays nested at any depth); one bad frame is handed on as such and never stops
//! the reading. Writing ([`har`]) gives the entries and messages `cti serve --record` and
//! `cti probe` save, which [`read_frames`] reads back.
//!
//! ```
//! use cti_capture::{read_frames, Direction, Format, Item};
//!
//! let capture = "{\"claz\":\"ping\"}\n\n{\"msgType\":\"LoggedOn\",\"ctiMessage\":{}}\n";
//! let mut frames = Vec::new();
//! let mut next = 1;
//! read_frames(capture.as_bytes(), Format::Jsonl, 1 << 20, &mut next, &mut |item| {
//!     if let Item::Frame(frame) = item {
//!         let bytes = frame.bytes.expect("a good frame");
//!         frames.push((frame.number, Direction::sniff(&bytes)));
//!     }
//!     Ok(())
//! })?;
//! assert_eq!(frames, [(1, Direction::ClientToServer), (2, Direction::ServerToClient)]);
//! # Ok::<(), cti_capture::ReadError>(())
//! ```

#![cfg_attr(docsrs, feature(doc_cfg))]
#![forbid(unsafe_code)]

pub mod har;
mod read;

pub use cti_proto::Direction;
#[allow(deprecated)]
pub use read::sniff_direction;
pub use read::{read_frames, Format, Frame, Item, ReadError};

/// The examples of the crate's README, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
