//! Video: the video status of users (xuc "Video" API: `Cti.videoEvent`,
//! `Cti.subscribeToVideoStatus`; `VideoStatusEvent`).
//!
//! # Messages
//!
//! Every message of this area, with a wire example (a test decodes each and encodes it
//! back unchanged). Where no sample of a payload is known, the example is made up.
//!
//! - [`VideoEvent`]: command `videoEvent`
//!
//!   ```json
//!   {"claz":"web","command":"videoEvent","status":"videoStart"}
//!   ```
//! - [`SubscribeToVideoStatus`]: command `subscribeToVideoStatus`
//!
//!   ```json
//!   {"claz":"web","command":"subscribeToVideoStatus","usernames":["jbond","bwillis"]}
//!   ```
//! - [`UnsubscribeFromAllVideoStatus`]: command `unsubscribeFromAllVideoStatus`
//!
//!   ```json
//!   {"claz":"web","command":"unsubscribeFromAllVideoStatus"}
//!   ```
//! - [`VideoStatusEvent`]: event `VideoStatusEvent`
//!
//!   ```json
//!   {"msgType":"VideoStatusEvent","ctiMessage":{"username":"jbond","status":"Available"}}
//!   ```

wire_struct! {
    /// `videoEvent`: tell the server the user's video state changed (values not documented).
    ///
    /// ```json
    /// {"claz":"web","command":"videoEvent","status":"videoStart"}
    /// ```
    pub struct VideoEvent skips ["claz", "command"] new(status: String) {
        /// The new state.
        pub status: String = "status",
    }
}

wire_struct! {
    /// `subscribeToVideoStatus`: follow the video state of these users
    /// (`VideoStatusEvent`s).
    ///
    /// ```json
    /// {"claz":"web","command":"subscribeToVideoStatus","usernames":["jbond","bwillis"]}
    /// ```
    pub struct SubscribeToVideoStatus skips ["claz", "command"] new(usernames: Vec<String>) {
        /// Their logins.
        pub usernames: Vec<String> = "usernames",
    }
}

wire_struct! {
    /// `unsubscribeFromAllVideoStatus`: stop every video-status subscription.
    ///
    /// ```json
    /// {"claz":"web","command":"unsubscribeFromAllVideoStatus"}
    /// ```
    pub struct UnsubscribeFromAllVideoStatus skips ["claz", "command"] new() {
    }
}

raw_payload! {
    /// `VideoStatusEvent`: the video state of a user followed with `subscribeToVideoStatus`.
    /// No sample is known (presumably a login and a status such as `"Available"`), so the
    /// payload is kept as it came.
    pub struct VideoStatusEvent;
}
