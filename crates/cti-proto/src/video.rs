//! Video: the video status of users (xuc "Video" API: `Cti.videoEvent`,
//! `Cti.subscribeToVideoStatus`; `VideoStatusEvent`).
//!
//! # Messages
//!
//! Every message of this area. Each has one wire example, on its type's page, or here
//! when its type has none (a test decodes each and encodes it back unchanged); where no
//! sample of a payload is known, the example is made up.
//!
//! - [`VideoEvent`]: command `videoEvent`
//! - [`SubscribeToVideoStatus`]: command `subscribeToVideoStatus`
//! - [`UnsubscribeFromAllVideoStatus`]: command `unsubscribeFromAllVideoStatus`
//! - [`VideoStatusEvent`]: event `VideoStatusEvent`
//!
//!   ```json
//!   {"msgType":"VideoStatusEvent","ctiMessage":{"username":"jbond","status":"Available"}}
//!   ```

use cti_proto_derive::Wire;
use smol_str::SmolStr;

use crate::wire::Extra;
/// `videoEvent`: tell the server the user's video state changed (values not documented).
///
/// ```json
/// {"claz":"web","command":"videoEvent","status":"videoStart"}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "videoEvent", new)]
pub struct VideoEvent {
    /// The new state.
    #[wire(new)]
    pub status: SmolStr,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `subscribeToVideoStatus`: follow the video state of these users
/// (`VideoStatusEvent`s).
///
/// ```json
/// {"claz":"web","command":"subscribeToVideoStatus","usernames":["jbond","bwillis"]}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "subscribeToVideoStatus", new)]
pub struct SubscribeToVideoStatus {
    /// Their logins.
    #[wire(new)]
    pub usernames: Vec<SmolStr>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `unsubscribeFromAllVideoStatus`: stop every video-status subscription.
///
/// ```json
/// {"claz":"web","command":"unsubscribeFromAllVideoStatus"}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "unsubscribeFromAllVideoStatus", new)]
pub struct UnsubscribeFromAllVideoStatus {
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

raw_payload! {
    /// `VideoStatusEvent`: the video state of a user followed with `subscribeToVideoStatus`.
    /// No sample is known (presumably a login and a status such as `"Available"`), so the
    /// payload is kept as it came.
    #[wire(event = "VideoStatusEvent")]
    pub struct VideoStatusEvent;
}

open_enum! {
    /// Video state of a user. Only `"Available"` has been seen on the wire.
    pub enum VideoStatus: str {
        /// `"Available"`.
        Available = "Available",
    }
}
