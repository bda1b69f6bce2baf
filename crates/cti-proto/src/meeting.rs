//! Meeting rooms: invitations to video meeting rooms (xuc "Meeting rooms" API:
//! `Cti.inviteToMeetingRoom`, ...; `MeetingRoomInvite`, `MeetingRoomInviteAck`,
//! `MeetingRoomInviteResponse`). `requestId` correlates an invitation with its answers.
//!
//! # Messages
//!
//! Every message of this area. Each has one wire example, on its type's page, or here
//! when its type has none (a test decodes each and encodes it back unchanged); where no
//! sample of a payload is known, the example is made up.
//!
//! - [`InviteToMeetingRoom`]: command `inviteToMeetingRoom`
//! - [`MeetingRoomInviteAckRequest`]: command `meetingRoomInviteAck`
//! - [`MeetingRoomInviteAccept`]: command `meetingRoomInviteAccept`
//! - [`MeetingRoomInviteReject`]: command `meetingRoomInviteReject`
//! - [`MeetingRoomInvite`]: event `MeetingRoomInvite`
//! - [`MeetingRoomInviteAck`]: event `MeetingRoomInviteAck`
//! - [`MeetingRoomInviteResponse`]: event `MeetingRoomInviteResponse`

use cti_proto_derive::Wire;
use smol_str::SmolStr;

use crate::wire::Extra;
use crate::wire::{Maybe, NumberOrText, Secret};

/// `inviteToMeetingRoom`: invite a user to a meeting room (the token is never shown by
/// `Debug`).
///
/// ```json
/// {"claz":"web","command":"inviteToMeetingRoom","requestId":1,"token":"abc","username":"jbond"}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "inviteToMeetingRoom", new)]
pub struct InviteToMeetingRoom {
    /// Correlation id of the invitation.
    #[wire(new)]
    pub request_id: NumberOrText,
    /// The meeting room token.
    #[wire(new)]
    pub token: Secret,
    /// The invited user.
    #[wire(new)]
    pub username: SmolStr,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `meetingRoomInviteAck`: the invitation `requestId` was received.
///
/// ```json
/// {"claz":"web","command":"meetingRoomInviteAck","requestId":1,"username":"bwillis"}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "meetingRoomInviteAck", new)]
pub struct MeetingRoomInviteAckRequest {
    /// Correlation id of the invitation.
    #[wire(new)]
    pub request_id: NumberOrText,
    /// Who invited.
    #[wire(new)]
    pub username: SmolStr,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `meetingRoomInviteAccept`: accept the invitation `requestId`.
///
/// ```json
/// {"claz":"web","command":"meetingRoomInviteAccept","requestId":1,"username":"bwillis"}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "meetingRoomInviteAccept", new)]
pub struct MeetingRoomInviteAccept {
    /// Correlation id of the invitation.
    #[wire(new)]
    pub request_id: NumberOrText,
    /// Who invited.
    #[wire(new)]
    pub username: SmolStr,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `meetingRoomInviteReject`: reject the invitation `requestId`.
///
/// ```json
/// {"claz":"web","command":"meetingRoomInviteReject","requestId":1,"username":"bwillis"}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "meetingRoomInviteReject", new)]
pub struct MeetingRoomInviteReject {
    /// Correlation id of the invitation.
    #[wire(new)]
    pub request_id: NumberOrText,
    /// Who invited.
    #[wire(new)]
    pub username: SmolStr,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `MeetingRoomInvite`: an invitation to a meeting room. No sample is known; the
/// fields mirror the commands, so every field is optional and the others are kept.
///
/// ```json
/// {"msgType":"MeetingRoomInvite","ctiMessage":{"requestId":1,"username":"bwillis"}}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(event = "MeetingRoomInvite")]
pub struct MeetingRoomInvite {
    /// Correlation id of the invitation.
    pub request_id: Maybe<NumberOrText>,
    /// The other user.
    pub username: Maybe<SmolStr>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `MeetingRoomInviteAck`: the invited user received the invitation. No sample is known; the
/// fields mirror the commands, so every field is optional and the others are kept.
///
/// ```json
/// {"msgType":"MeetingRoomInviteAck","ctiMessage":{"requestId":1,"username":"jbond"}}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(event = "MeetingRoomInviteAck")]
pub struct MeetingRoomInviteAck {
    /// Correlation id of the invitation.
    pub request_id: Maybe<NumberOrText>,
    /// The other user.
    pub username: Maybe<SmolStr>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `MeetingRoomInviteResponse`: the invited user accepted or rejected. No sample is known; the
/// fields mirror the commands, so every field is optional and the others are kept.
///
/// ```json
/// {"msgType":"MeetingRoomInviteResponse","ctiMessage":{"requestId":1,"username":"jbond"}}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(event = "MeetingRoomInviteResponse")]
pub struct MeetingRoomInviteResponse {
    /// Correlation id of the invitation.
    pub request_id: Maybe<NumberOrText>,
    /// The other user.
    pub username: Maybe<SmolStr>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}
