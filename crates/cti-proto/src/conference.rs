//! Conference: conference rooms and their participants (xuc "Conference" API:
//! `Cti.conference`, `Cti.conferenceMute`, ...; `ConferenceList` and the conference events).
//! `numConf` is the conference number; the docs use strings (`"4000"`), and a number is
//! kept as sent.
//!
//! # Messages
//!
//! Every message of this area. Each has one wire example, on its type's page, or here
//! when its type has none (a test decodes each and encodes it back unchanged); where no
//! sample of a payload is known, the example is made up.
//!
//! - [`Conference`]: command `conference`
//! - [`ConferenceInvite`]: command `conferenceInvite`
//! - [`IncludeToConference`]: command `includeToConference`
//! - [`ConferenceMute`]: command `conferenceMute`
//! - [`ConferenceUnmute`]: command `conferenceUnmute`
//! - [`ConferenceKick`]: command `conferenceKick`
//! - [`ConferenceDeafen`]: command `conferenceDeafen`
//! - [`ConferenceUndeafen`]: command `conferenceUndeafen`
//! - [`ConferenceMuteAll`]: command `conferenceMuteAll`
//! - [`ConferenceUnmuteAll`]: command `conferenceUnmuteAll`
//! - [`ConferenceMuteMe`]: command `conferenceMuteMe`
//! - [`ConferenceUnmuteMe`]: command `conferenceUnmuteMe`
//! - [`ConferenceReset`]: command `conferenceReset`
//! - [`ConferenceClose`]: command `conferenceClose`
//! - [`ConferenceList`]: event `ConferenceList`
//! - [`ConferenceEvent`]: event `ConferenceEvent`
//! - [`ConferenceParticipantEvent`]: event `ConferenceParticipantEvent`
//! - [`ConferenceCommandError`]: event `ConferenceCommandError`
//!
//!   ```json
//!   {"msgType":"ConferenceCommandError","ctiMessage":{"error":"NotAMember"}}
//!   ```

use cti_proto_derive::Wire;
use smol_str::SmolStr;

use crate::phone::Variables;
use crate::wire::Extra;
use crate::wire::{Maybe, NumberOrText};

/// `conference`: turn the current call into a conference.
///
/// ```json
/// {"claz":"web","command":"conference"}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "conference", new)]
pub struct Conference {
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `conferenceInvite`: call `exten` into conference `numConf`. Each argument the caller
/// did not give is left out.
///
/// ```json
/// {"claz":"web","command":"conferenceInvite","numConf":"4000","exten":"1002","role":"User","earlyJoin":false,"marked":false,"leaveWhenLastMarkedLeave":false,"callerId":"Conference"}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "conferenceInvite", new)]
pub struct ConferenceInvite {
    /// The conference number.
    pub num_conf: Maybe<NumberOrText>,
    /// Number to invite.
    pub exten: Maybe<SmolStr>,
    /// Role of the invited participant (values not documented).
    pub role: Maybe<SmolStr>,
    /// Whether the participant may join before the conference starts.
    pub early_join: Maybe<bool>,
    /// Call variables.
    pub variables: Maybe<Variables>,
    /// Whether the participant is marked.
    pub marked: Maybe<bool>,
    /// Whether the participant leaves when the last marked one does.
    pub leave_when_last_marked_leave: Maybe<bool>,
    /// Caller id shown to the invited number.
    pub caller_id: Maybe<SmolStr>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `includeToConference`: bring the current call into a conference. Each argument the
/// caller did not give is left out.
///
/// ```json
/// {"claz":"web","command":"includeToConference","role":"User","marked":false,"leaveWhenLastMarkedLeave":false,"callerId":"Conference"}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "includeToConference", new)]
pub struct IncludeToConference {
    /// Role of the included participant.
    pub role: Maybe<SmolStr>,
    /// Whether the participant is marked.
    pub marked: Maybe<bool>,
    /// Whether the participant leaves when the last marked one does.
    pub leave_when_last_marked_leave: Maybe<bool>,
    /// Caller id.
    pub caller_id: Maybe<SmolStr>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `conferenceMute`: mute participant `index` of conference `numConf`.
///
/// ```json
/// {"claz":"web","command":"conferenceMute","numConf":"4000","index":2}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "conferenceMute", new)]
pub struct ConferenceMute {
    /// The conference number.
    #[wire(new)]
    pub num_conf: NumberOrText,
    /// The participant (its `joinOrder`).
    #[wire(new)]
    pub index: i64,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `conferenceUnmute`: unmute participant `index` of conference `numConf`.
///
/// ```json
/// {"claz":"web","command":"conferenceUnmute","numConf":"4000","index":2}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "conferenceUnmute", new)]
pub struct ConferenceUnmute {
    /// The conference number.
    #[wire(new)]
    pub num_conf: NumberOrText,
    /// The participant (its `joinOrder`).
    #[wire(new)]
    pub index: i64,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `conferenceKick`: remove participant `index` of conference `numConf`.
///
/// ```json
/// {"claz":"web","command":"conferenceKick","numConf":"4000","index":2}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "conferenceKick", new)]
pub struct ConferenceKick {
    /// The conference number.
    #[wire(new)]
    pub num_conf: NumberOrText,
    /// The participant (its `joinOrder`).
    #[wire(new)]
    pub index: i64,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `conferenceDeafen`: deafen participant `index` of conference `numConf`.
///
/// ```json
/// {"claz":"web","command":"conferenceDeafen","numConf":"4000","index":2}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "conferenceDeafen", new)]
pub struct ConferenceDeafen {
    /// The conference number.
    #[wire(new)]
    pub num_conf: NumberOrText,
    /// The participant (its `joinOrder`).
    #[wire(new)]
    pub index: i64,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `conferenceUndeafen`: undeafen participant `index` of conference `numConf`.
///
/// ```json
/// {"claz":"web","command":"conferenceUndeafen","numConf":"4000","index":2}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "conferenceUndeafen", new)]
pub struct ConferenceUndeafen {
    /// The conference number.
    #[wire(new)]
    pub num_conf: NumberOrText,
    /// The participant (its `joinOrder`).
    #[wire(new)]
    pub index: i64,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `conferenceMuteAll`: mute every participant in conference `numConf`.
///
/// ```json
/// {"claz":"web","command":"conferenceMuteAll","numConf":"4000"}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "conferenceMuteAll", new)]
pub struct ConferenceMuteAll {
    /// The conference number.
    #[wire(new)]
    pub num_conf: NumberOrText,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `conferenceUnmuteAll`: unmute every participant in conference `numConf`.
///
/// ```json
/// {"claz":"web","command":"conferenceUnmuteAll","numConf":"4000"}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "conferenceUnmuteAll", new)]
pub struct ConferenceUnmuteAll {
    /// The conference number.
    #[wire(new)]
    pub num_conf: NumberOrText,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `conferenceMuteMe`: mute the user in conference `numConf`.
///
/// ```json
/// {"claz":"web","command":"conferenceMuteMe","numConf":"4000"}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "conferenceMuteMe", new)]
pub struct ConferenceMuteMe {
    /// The conference number.
    #[wire(new)]
    pub num_conf: NumberOrText,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `conferenceUnmuteMe`: unmute the user in conference `numConf`.
///
/// ```json
/// {"claz":"web","command":"conferenceUnmuteMe","numConf":"4000"}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "conferenceUnmuteMe", new)]
pub struct ConferenceUnmuteMe {
    /// The conference number.
    #[wire(new)]
    pub num_conf: NumberOrText,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `conferenceReset`: reset conference `numConf`.
///
/// ```json
/// {"claz":"web","command":"conferenceReset","numConf":"4000"}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "conferenceReset", new)]
pub struct ConferenceReset {
    /// The conference number.
    #[wire(new)]
    pub num_conf: NumberOrText,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `conferenceClose`: close conference `numConf`.
///
/// ```json
/// {"claz":"web","command":"conferenceClose","numConf":"4000"}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "conferenceClose", new)]
pub struct ConferenceClose {
    /// The conference number.
    #[wire(new)]
    pub num_conf: NumberOrText,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// A participant of a conference room in `ConferenceList`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
pub struct ConferenceMember {
    /// Position in the order of joining (the `index` of the participant commands).
    pub join_order: i64,
    /// When the participant joined, epoch milliseconds.
    pub join_time: i64,
    /// Whether the participant is muted.
    pub muted: bool,
    /// Display name.
    pub name: SmolStr,
    /// Phone number.
    pub number: SmolStr,
    /// Login.
    pub username: SmolStr,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// A conference room in `ConferenceList`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
pub struct ConferenceRoom {
    /// The conference number.
    pub number: SmolStr,
    /// The room name.
    pub name: SmolStr,
    /// Whether joining needs a PIN.
    pub pin_required: bool,
    /// When the conference started, epoch milliseconds; `0` when none is running.
    pub start_time: i64,
    /// The participants.
    pub members: Vec<ConferenceMember>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

wire_list! {
    /// `ConferenceList`: the conference rooms, answer to `getList` `"meetme"`
    /// (`Cti.getConferenceRooms`, deprecated by the docs of 2026.05 with no replacement
    /// named yet). The payload is an array.
    ///
    /// ```json
    /// {"msgType":"ConferenceList","ctiMessage":[{"number":"4001","name":"conference_support","pinRequired":true,"startTime":0,"members":[]}]}
    /// ```
    #[wire(event = "ConferenceList")]
    pub struct ConferenceList(pub Vec<ConferenceRoom>);
}

open_enum! {
    /// `ConferenceEvent.eventType` and `ConferenceParticipantEvent.eventType`. The web
    /// client removes on `"Leave"` and (re)builds on anything else; it names `"Join"` and
    /// `"Update"` (CLIENTS.md §3, XucPhoneState:12-14, 148, 191-198).
    pub enum ConferenceEventType: str {
        /// `"Join"`: the user (or a participant) joined.
        Join = "Join",
        /// `"Update"`: it changed.
        Update = "Update",
        /// `"Leave"`: it left.
        Leave = "Leave",
    }
}

open_enum! {
    /// The role of a conference participant (CLIENTS.md §3, XucPhoneState:155, 162, 176).
    pub enum ConferenceRole: str {
        /// `"Organizer"`.
        Organizer = "Organizer",
        /// `"User"`: what the web client assumes when it is not `"Organizer"`.
        User = "User",
    }
}

/// A participant of the conference in `ConferenceEvent.participants` (CLIENTS.md §2,
/// XucPhoneState:151-155). Fields it does not name are kept in `extra`; the web client
/// merges them into the participant.
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
pub struct ConferenceParticipant {
    /// Its place in the conference (`ConferenceParticipantEvent.index`; the `index` of
    /// the participant commands).
    pub index: i64,
    /// Seconds in the conference.
    pub since: i64,
    /// Whether it is the user.
    pub is_me: Maybe<bool>,
    /// Its role.
    pub role: Maybe<ConferenceRole>,
    /// Its phone number.
    pub phone_number: Maybe<SmolStr>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `ConferenceEvent`: the conference of one of the user's calls changed (the call is the
/// `PhoneEvent` with the same `uniqueId`). `"Leave"` needs only `eventType` and
/// `uniqueId`; the web client reads `since` and `participants` on the others
/// (CLIENTS.md §2, XucPhoneState:145-165).
///
/// ```json
/// {"msgType":"ConferenceEvent","ctiMessage":{"eventType":"Join","uniqueId":"1469709960.78","conferenceName":"conference_support","conferenceNumber":"4000","since":0,"participants":[{"index":1,"since":0,"isMe":true,"role":"Organizer","phoneNumber":"1000"}]}}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(event = "ConferenceEvent")]
pub struct ConferenceEvent {
    /// What happened.
    pub event_type: ConferenceEventType,
    /// The call (`PhoneEvent.uniqueId`).
    pub unique_id: SmolStr,
    /// The conference's name.
    pub conference_name: Maybe<SmolStr>,
    /// The conference's number (sent back as `numConf`), a string or a number.
    pub conference_number: Maybe<NumberOrText>,
    /// Seconds since the conference started.
    pub since: Maybe<i64>,
    /// Who is in it.
    pub participants: Maybe<Vec<ConferenceParticipant>>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `ConferenceParticipantEvent`: a participant of the conference of one of the user's
/// calls joined (`"Join"`), changed (`"Update"`) or left (anything else) (CLIENTS.md §2,
/// XucPhoneState:168-198). Fields it does not name are kept in `extra`.
///
/// ```json
/// {"msgType":"ConferenceParticipantEvent","ctiMessage":{"eventType":"Join","uniqueId":"1469709960.78","index":2,"since":0,"isMe":false,"role":"User","phoneNumber":"1002"}}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(event = "ConferenceParticipantEvent")]
pub struct ConferenceParticipantEvent {
    /// What happened.
    pub event_type: ConferenceEventType,
    /// The call (`PhoneEvent.uniqueId`).
    pub unique_id: SmolStr,
    /// The participant's place (`ConferenceParticipant.index`).
    pub index: i64,
    /// Seconds in the conference (read on `"Join"` and `"Update"`).
    pub since: Maybe<i64>,
    /// Whether it is the user.
    pub is_me: Maybe<bool>,
    /// Its role.
    pub role: Maybe<ConferenceRole>,
    /// Its phone number.
    pub phone_number: Maybe<SmolStr>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

raw_payload! {
    /// `ConferenceCommandError`: a conference command failed. The docs have an anchor for
    /// it but no body, so the payload is kept as it came.
    #[wire(event = "ConferenceCommandError")]
    pub struct ConferenceCommandError;
}
