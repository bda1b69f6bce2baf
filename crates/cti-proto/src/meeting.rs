//! Meeting rooms: invitations to video meeting rooms (xuc "Meeting rooms" API:
//! `Cti.inviteToMeetingRoom`, ...; `MeetingRoomInvite`, `MeetingRoomInviteAck`,
//! `MeetingRoomInviteResponse`). `requestId` correlates an invitation with its answers.
//!
//! # Messages
//!
//! Every message of this area, with a wire example (a test decodes each and encodes it
//! back unchanged). Where no sample of a payload is known, the example is made up.
//!
//! - [`InviteToMeetingRoom`]: command `inviteToMeetingRoom`
//!
//!   ```json
//!   {"claz":"web","command":"inviteToMeetingRoom","requestId":1,"token":"abc","username":"jbond"}
//!   ```
//! - [`MeetingRoomInviteAckRequest`]: command `meetingRoomInviteAck`
//!
//!   ```json
//!   {"claz":"web","command":"meetingRoomInviteAck","requestId":1,"username":"bwillis"}
//!   ```
//! - [`MeetingRoomInviteAccept`]: command `meetingRoomInviteAccept`
//!
//!   ```json
//!   {"claz":"web","command":"meetingRoomInviteAccept","requestId":1,"username":"bwillis"}
//!   ```
//! - [`MeetingRoomInviteReject`]: command `meetingRoomInviteReject`
//!
//!   ```json
//!   {"claz":"web","command":"meetingRoomInviteReject","requestId":1,"username":"bwillis"}
//!   ```
//! - [`MeetingRoomInvite`]: event `MeetingRoomInvite`
//!
//!   ```json
//!   {"msgType":"MeetingRoomInvite","ctiMessage":{"requestId":1,"username":"bwillis"}}
//!   ```
//! - [`MeetingRoomInviteAck`]: event `MeetingRoomInviteAck`
//!
//!   ```json
//!   {"msgType":"MeetingRoomInviteAck","ctiMessage":{"requestId":1,"username":"jbond"}}
//!   ```
//! - [`MeetingRoomInviteResponse`]: event `MeetingRoomInviteResponse`
//!
//!   ```json
//!   {"msgType":"MeetingRoomInviteResponse","ctiMessage":{"requestId":1,"username":"jbond"}}
//!   ```

use crate::common::{Maybe, NumberOrText, Secret};

wire_struct! {
    /// `inviteToMeetingRoom`: invite a user to a meeting room (the token is never shown by
    /// `Debug`).
    ///
    /// ```json
    /// {"claz":"web","command":"inviteToMeetingRoom","requestId":1,"token":"abc","username":"jbond"}
    /// ```
    pub struct InviteToMeetingRoom skips ["claz", "command"] new(request_id: NumberOrText, token: Secret, username: String) {
        /// Correlation id of the invitation.
        pub request_id: NumberOrText = "requestId",
        /// The meeting room token.
        pub token: Secret = "token",
        /// The invited user.
        pub username: String = "username",
    }
}

wire_struct! {
    /// `meetingRoomInviteAck`: the invitation `requestId` was received.
    ///
    /// ```json
    /// {"claz":"web","command":"meetingRoomInviteAck","requestId":1,"username":"bwillis"}
    /// ```
    pub struct MeetingRoomInviteAckRequest skips ["claz", "command"] new(request_id: NumberOrText, username: String) {
        /// Correlation id of the invitation.
        pub request_id: NumberOrText = "requestId",
        /// Who invited.
        pub username: String = "username",
    }
}

wire_struct! {
    /// `meetingRoomInviteAccept`: accept the invitation `requestId`.
    ///
    /// ```json
    /// {"claz":"web","command":"meetingRoomInviteAccept","requestId":1,"username":"bwillis"}
    /// ```
    pub struct MeetingRoomInviteAccept skips ["claz", "command"] new(request_id: NumberOrText, username: String) {
        /// Correlation id of the invitation.
        pub request_id: NumberOrText = "requestId",
        /// Who invited.
        pub username: String = "username",
    }
}

wire_struct! {
    /// `meetingRoomInviteReject`: reject the invitation `requestId`.
    ///
    /// ```json
    /// {"claz":"web","command":"meetingRoomInviteReject","requestId":1,"username":"bwillis"}
    /// ```
    pub struct MeetingRoomInviteReject skips ["claz", "command"] new(request_id: NumberOrText, username: String) {
        /// Correlation id of the invitation.
        pub request_id: NumberOrText = "requestId",
        /// Who invited.
        pub username: String = "username",
    }
}

wire_struct! {
    /// `MeetingRoomInvite`: an invitation to a meeting room. No sample is known; the
    /// fields mirror the commands, so every field is optional and the others are kept.
    ///
    /// ```json
    /// {"msgType":"MeetingRoomInvite","ctiMessage":{"requestId":1,"username":"bwillis"}}
    /// ```
    pub struct MeetingRoomInvite {
        /// Correlation id of the invitation.
        pub request_id: Maybe<NumberOrText> = "requestId",
        /// The other user.
        pub username: Maybe<String> = "username",
    }
}

wire_struct! {
    /// `MeetingRoomInviteAck`: the invited user received the invitation. No sample is known; the
    /// fields mirror the commands, so every field is optional and the others are kept.
    ///
    /// ```json
    /// {"msgType":"MeetingRoomInviteAck","ctiMessage":{"requestId":1,"username":"jbond"}}
    /// ```
    pub struct MeetingRoomInviteAck {
        /// Correlation id of the invitation.
        pub request_id: Maybe<NumberOrText> = "requestId",
        /// The other user.
        pub username: Maybe<String> = "username",
    }
}

wire_struct! {
    /// `MeetingRoomInviteResponse`: the invited user accepted or rejected. No sample is known; the
    /// fields mirror the commands, so every field is optional and the others are kept.
    ///
    /// ```json
    /// {"msgType":"MeetingRoomInviteResponse","ctiMessage":{"requestId":1,"username":"jbond"}}
    /// ```
    pub struct MeetingRoomInviteResponse {
        /// Correlation id of the invitation.
        pub request_id: Maybe<NumberOrText> = "requestId",
        /// The other user.
        pub username: Maybe<String> = "username",
    }
}
