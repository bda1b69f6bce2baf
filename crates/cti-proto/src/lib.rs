//! Typed messages of the XiVO **xuc** CTI WebSocket API, in both directions, with no IO.
//!
//! Clients send [`Command`]s (`{"claz":"web","command":...}`) and receive [`Event`]s
//! (`{"msgType":...,"ctiMessage":...}`); servers, proxies and test doubles do the
//! opposite. Both directions decode and encode.
//!
//! - Decoding is lenient by default: deprecated messages decode to their own variants,
//!   tolerated irregularities (a number for a string id, `"true"` for `true`, unknown
//!   fields or coded values) are kept and reported as [`Diagnostic`]s with their JSON
//!   pointer. [`Decoder::strict`] rejects all of that.
//! - An unknown `msgType` or `command` is data, not an error: [`Event::Unknown`] and
//!   [`Command::Unknown`] keep it and encode it back unchanged. A known tag with a
//!   malformed payload is a [`DecodeError`] that names the kind, the JSON pointer, the line
//!   and the column.
//! - Encoding is canonical: a command encodes byte for byte as cti.js sends it.
//!
//! ```
//! use cti_proto::{decode_event, encode_command, Command, Event};
//! use cti_proto::common::{PhoneStatus, ContactAction};
//! use cti_proto::contacts::SearchContacts;
//!
//! // Ask the server for contacts...
//! let search = Command::from(SearchContacts::new("bond"));
//! assert_eq!(
//!     encode_command(&search),
//!     r#"{"claz":"web","command":"searchContacts","term":"bond"}"#
//! );
//!
//! // ...and read its answer.
//! let frame = r#"{"msgType":"ContactSheet","ctiMessage":{"sheets":[{
//!     "name":"James Bond","subtitle1":"","subtitle2":"","picture":"",
//!     "isPersonal":false,"isFavorite":false,"isMeetingroom":false,"canBeFavorite":true,
//!     "status":{"phone":0,"video":"Available"},
//!     "actions":[{"action":"Call","args":["1000"],"default":true}],
//!     "sources":[{"name":"internal","id":"2"}],
//!     "details":[]}]}}"#;
//! let decoded = decode_event(frame)?;
//! assert!(decoded.diagnostics.is_empty());
//! let Event::ContactSheet(sheet) = decoded.message else { panic!("not a ContactSheet") };
//! let bond = &sheet.sheets[0];
//! assert_eq!(bond.name, "James Bond");
//! assert_eq!(bond.status.phone, PhoneStatus::Available);
//! assert_eq!(bond.actions[0].action, ContactAction::Call);
//! assert_eq!(bond.sources[0].id.as_str(), "2");
//! # Ok::<(), cti_proto::DecodeError>(())
//! ```
//!
//! The modules follow the areas of the xuc API, and each lists its messages with a wire
//! example: [`login`] (heartbeat, login outcome, login helpers, configuration),
//! [`contacts`], [`favorites`], [`user`], [`phone`], [`conference`], [`queue`], [`agent`],
//! [`history`], [`chat`], [`video`], [`meeting`], and the companion libraries'
//! [`membership`] and [`callback`]; [`common`] holds the values they share.
//!
//! Every command cti.js (and `membership.js`, `callback.js`) sends and every `msgType` it
//! knows is a known kind. Payloads with published samples are fully typed; payloads known
//! only from client code are typed with every field optional; kinds with no known shape
//! keep their payload as [`RawJson`] in a named variant ([`EventKind::is_raw`]).

//! Every message also implements `serde::Deserialize`, for use inside your own serde types.
//! That path has no [`Decoder`]: it decodes in lenient mode and drops what lenient decoding
//! tolerated (no diagnostics, no paths). Decode frames with [`Decoder`] (or
//! [`decode_event`], [`decode_command`]) to see diagnostics or to decode strictly:
//!
//! ```
//! use cti_proto::contacts::SearchContacts;
//! use cti_proto::{decode_command, Decoder};
//!
//! let frame = r#"{"claz":"web","command":"searchContacts","term":"bond","page":2}"#;
//! // serde: lenient, the unknown `page` kept, and nothing reported.
//! let search: SearchContacts = serde_json::from_str(frame)?;
//! assert_eq!(search.term, "bond");
//! assert_eq!(search.extra.len(), 1);
//! // The decoder reports it, and strict mode refuses it.
//! assert_eq!(decode_command(frame).unwrap().diagnostics.len(), 1);
//! assert!(Decoder::strict().decode_command(frame).is_err());
//! # Ok::<(), serde_json::Error>(())
//! ```

#![cfg_attr(docsrs, feature(doc_cfg))]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

// The derive's generated code names this crate `::cti_proto`, here as in other crates.
extern crate self as cti_proto;

#[macro_use]
mod wire;
#[macro_use]
mod kinds;

pub mod agent;
pub mod callback;
pub mod chat;
pub mod common;
pub mod conference;
pub mod contacts;
pub mod favorites;
pub mod history;
pub mod login;
pub mod meeting;
pub mod membership;
pub mod phone;
pub mod queue;
pub mod user;
pub mod video;

/// The old name of [`login`], kept for a smooth migration.
#[deprecated(note = "renamed `cti_proto::login` (and `session::login::X` is `login::X`)")]
#[doc(hidden)]
pub mod session {
    pub use crate::login::*;

    /// The old `session::login`: its items are in [`login`](crate::login).
    pub mod login {
        pub use crate::login::{
            AuthErrorCode, CtiUrl, LoginAnswer, LoginAnswerError, LoginError, LoginRequest,
            LoginResponse, UrlError, LOGIN_PATH,
        };
    }
}

mod codec;
mod command;
mod direction;
mod event;
pub mod link;

pub use codec::{
    decode_command, decode_event, encode_command, encode_event, DecodeError, Decoded, Decoder,
    ErrorKind, DEFAULT_MAX_FRAME_LEN, ERROR_FRAME_PREFIX, MAX_NESTING,
};
pub use command::{Command, CommandKind, UnknownCommand};
pub use direction::{Direction, Message};
pub use event::{Event, EventKind, UnknownEvent};
pub use kinds::WireMessage;
/// The string type of every text field of a message: immutable, kept inline up to 23 bytes
/// (no allocation for most strings of this wire), cheap to clone. Build one with
/// `"text".into()` or `SmolStr::new(..)`; it reads as a `&str` (`Deref`, `as_str()`).
pub use smol_str::SmolStr;
/// The JSON Schema keyword that holds the extra forms lenient decoding accepts for a value
/// (feature `schema`; see the `cti-schema` crate).
#[cfg(feature = "schema")]
pub use wire::schema::LENIENT_KEYWORD as SCHEMA_LENIENT_KEYWORD;
pub use wire::Secret;
pub use wire::{Diagnostic, DiagnosticCode, Extra, Mode, RawJson};

/// What the code `#[derive(Wire)]` writes refers to; not part of the API.
#[doc(hidden)]
pub mod __private {
    #[cfg(feature = "arbitrary")]
    pub use arbitrary;
    #[cfg(feature = "proptest")]
    pub use proptest;
    #[cfg(feature = "schema")]
    pub use schemars;
    pub use serde;
    pub use serde_json;

    pub use crate::kinds::{check_tags, tag_of, TagEntry};
    #[cfg(feature = "proptest")]
    pub use crate::wire::arb;
    pub use crate::wire::ctx::Context;
    #[cfg(feature = "schema")]
    pub use crate::wire::schema;
    pub use crate::wire::{
        attr, tolerate, DiagnosticCode, Extra, FromWire, RawJson, Secrets, Wire, WireFields,
        WireStr,
    };
}

/// The examples of the crate's README, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
