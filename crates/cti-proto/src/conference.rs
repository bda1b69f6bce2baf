//! Conference: conference rooms and their participants (xuc "Conference" API:
//! `Cti.conference`, `Cti.conferenceMute`, ...; `ConferenceList` and the conference events).
//! `numConf` is the conference number; the docs use strings (`"4000"`), and a number is
//! kept as sent.
//!
//! # Messages
//!
//! Every message of this area, with a wire example (a test decodes each and encodes it
//! back unchanged). Where no sample of a payload is known, the example is made up.
//!
//! - [`Conference`]: command `conference`
//!
//!   ```json
//!   {"claz":"web","command":"conference"}
//!   ```
//! - [`ConferenceInvite`]: command `conferenceInvite`
//!
//!   ```json
//!   {"claz":"web","command":"conferenceInvite","numConf":"4000","exten":"1002","role":"User","earlyJoin":false,"marked":false,"leaveWhenLastMarkedLeave":false,"callerId":"Conference"}
//!   ```
//! - [`IncludeToConference`]: command `includeToConference`
//!
//!   ```json
//!   {"claz":"web","command":"includeToConference","role":"User","marked":false,"leaveWhenLastMarkedLeave":false,"callerId":"Conference"}
//!   ```
//! - [`ConferenceMute`]: command `conferenceMute`
//!
//!   ```json
//!   {"claz":"web","command":"conferenceMute","numConf":"4000","index":2}
//!   ```
//! - [`ConferenceUnmute`]: command `conferenceUnmute`
//!
//!   ```json
//!   {"claz":"web","command":"conferenceUnmute","numConf":"4000","index":2}
//!   ```
//! - [`ConferenceKick`]: command `conferenceKick`
//!
//!   ```json
//!   {"claz":"web","command":"conferenceKick","numConf":"4000","index":2}
//!   ```
//! - [`ConferenceDeafen`]: command `conferenceDeafen`
//!
//!   ```json
//!   {"claz":"web","command":"conferenceDeafen","numConf":"4000","index":2}
//!   ```
//! - [`ConferenceUndeafen`]: command `conferenceUndeafen`
//!
//!   ```json
//!   {"claz":"web","command":"conferenceUndeafen","numConf":"4000","index":2}
//!   ```
//! - [`ConferenceMuteAll`]: command `conferenceMuteAll`
//!
//!   ```json
//!   {"claz":"web","command":"conferenceMuteAll","numConf":"4000"}
//!   ```
//! - [`ConferenceUnmuteAll`]: command `conferenceUnmuteAll`
//!
//!   ```json
//!   {"claz":"web","command":"conferenceUnmuteAll","numConf":"4000"}
//!   ```
//! - [`ConferenceMuteMe`]: command `conferenceMuteMe`
//!
//!   ```json
//!   {"claz":"web","command":"conferenceMuteMe","numConf":"4000"}
//!   ```
//! - [`ConferenceUnmuteMe`]: command `conferenceUnmuteMe`
//!
//!   ```json
//!   {"claz":"web","command":"conferenceUnmuteMe","numConf":"4000"}
//!   ```
//! - [`ConferenceReset`]: command `conferenceReset`
//!
//!   ```json
//!   {"claz":"web","command":"conferenceReset","numConf":"4000"}
//!   ```
//! - [`ConferenceClose`]: command `conferenceClose`
//!
//!   ```json
//!   {"claz":"web","command":"conferenceClose","numConf":"4000"}
//!   ```
//! - [`ConferenceList`]: event `ConferenceList`
//!
//!   ```json
//!   {"msgType":"ConferenceList","ctiMessage":[{"number":"4001","name":"conference_support","pinRequired":true,"startTime":0,"members":[]}]}
//!   ```
//! - [`ConferenceEvent`]: event `ConferenceEvent`
//!
//!   ```json
//!   {"msgType":"ConferenceEvent","ctiMessage":{"eventType":"ConferenceCreated","number":"4000"}}
//!   ```
//! - [`ConferenceParticipantEvent`]: event `ConferenceParticipantEvent`
//!
//!   ```json
//!   {"msgType":"ConferenceParticipantEvent","ctiMessage":{"eventType":"Joined","number":"4000","index":2}}
//!   ```
//! - [`ConferenceCommandError`]: event `ConferenceCommandError`
//!
//!   ```json
//!   {"msgType":"ConferenceCommandError","ctiMessage":{"error":"NotAMember"}}
//!   ```

use crate::common::{Nullable, NumberOrText, Variables};

wire_struct! {
    /// `conference`: turn the current call into a conference.
    ///
    /// ```json
    /// {"claz":"web","command":"conference"}
    /// ```
    pub struct Conference skips ["claz", "command"] new() {
    }
}

wire_struct! {
    /// `conferenceInvite`: call `exten` into conference `numConf`. Each argument the caller
    /// did not give is left out.
    ///
    /// ```json
    /// {"claz":"web","command":"conferenceInvite","numConf":"4000","exten":"1002","role":"User","earlyJoin":false,"marked":false,"leaveWhenLastMarkedLeave":false,"callerId":"Conference"}
    /// ```
    pub struct ConferenceInvite skips ["claz", "command"] new() {
        /// The conference number.
        pub num_conf: Option<Nullable<NumberOrText>> = "numConf",
        /// Number to invite.
        pub exten: Option<Nullable<String>> = "exten",
        /// Role of the invited participant (values not documented).
        pub role: Option<Nullable<String>> = "role",
        /// Whether the participant may join before the conference starts.
        pub early_join: Option<Nullable<bool>> = "earlyJoin",
        /// Call variables.
        pub variables: Option<Nullable<Variables>> = "variables",
        /// Whether the participant is marked.
        pub marked: Option<Nullable<bool>> = "marked",
        /// Whether the participant leaves when the last marked one does.
        pub leave_when_last_marked_leave: Option<Nullable<bool>> = "leaveWhenLastMarkedLeave",
        /// Caller id shown to the invited number.
        pub caller_id: Option<Nullable<String>> = "callerId",
    }
}

wire_struct! {
    /// `includeToConference`: bring the current call into a conference. Each argument the
    /// caller did not give is left out.
    ///
    /// ```json
    /// {"claz":"web","command":"includeToConference","role":"User","marked":false,"leaveWhenLastMarkedLeave":false,"callerId":"Conference"}
    /// ```
    pub struct IncludeToConference skips ["claz", "command"] new() {
        /// Role of the included participant.
        pub role: Option<Nullable<String>> = "role",
        /// Whether the participant is marked.
        pub marked: Option<Nullable<bool>> = "marked",
        /// Whether the participant leaves when the last marked one does.
        pub leave_when_last_marked_leave: Option<Nullable<bool>> = "leaveWhenLastMarkedLeave",
        /// Caller id.
        pub caller_id: Option<Nullable<String>> = "callerId",
    }
}

wire_struct! {
    /// `conferenceMute`: mute participant `index` of conference `numConf`.
    ///
    /// ```json
    /// {"claz":"web","command":"conferenceMute","numConf":"4000","index":2}
    /// ```
    pub struct ConferenceMute skips ["claz", "command"] new(num_conf: NumberOrText, index: i64) {
        /// The conference number.
        pub num_conf: NumberOrText = "numConf",
        /// The participant (its `joinOrder`).
        pub index: i64 = "index",
    }
}

wire_struct! {
    /// `conferenceUnmute`: unmute participant `index` of conference `numConf`.
    ///
    /// ```json
    /// {"claz":"web","command":"conferenceUnmute","numConf":"4000","index":2}
    /// ```
    pub struct ConferenceUnmute skips ["claz", "command"] new(num_conf: NumberOrText, index: i64) {
        /// The conference number.
        pub num_conf: NumberOrText = "numConf",
        /// The participant (its `joinOrder`).
        pub index: i64 = "index",
    }
}

wire_struct! {
    /// `conferenceKick`: remove participant `index` of conference `numConf`.
    ///
    /// ```json
    /// {"claz":"web","command":"conferenceKick","numConf":"4000","index":2}
    /// ```
    pub struct ConferenceKick skips ["claz", "command"] new(num_conf: NumberOrText, index: i64) {
        /// The conference number.
        pub num_conf: NumberOrText = "numConf",
        /// The participant (its `joinOrder`).
        pub index: i64 = "index",
    }
}

wire_struct! {
    /// `conferenceDeafen`: deafen participant `index` of conference `numConf`.
    ///
    /// ```json
    /// {"claz":"web","command":"conferenceDeafen","numConf":"4000","index":2}
    /// ```
    pub struct ConferenceDeafen skips ["claz", "command"] new(num_conf: NumberOrText, index: i64) {
        /// The conference number.
        pub num_conf: NumberOrText = "numConf",
        /// The participant (its `joinOrder`).
        pub index: i64 = "index",
    }
}

wire_struct! {
    /// `conferenceUndeafen`: undeafen participant `index` of conference `numConf`.
    ///
    /// ```json
    /// {"claz":"web","command":"conferenceUndeafen","numConf":"4000","index":2}
    /// ```
    pub struct ConferenceUndeafen skips ["claz", "command"] new(num_conf: NumberOrText, index: i64) {
        /// The conference number.
        pub num_conf: NumberOrText = "numConf",
        /// The participant (its `joinOrder`).
        pub index: i64 = "index",
    }
}

wire_struct! {
    /// `conferenceMuteAll`: mute every participant in conference `numConf`.
    ///
    /// ```json
    /// {"claz":"web","command":"conferenceMuteAll","numConf":"4000"}
    /// ```
    pub struct ConferenceMuteAll skips ["claz", "command"] new(num_conf: NumberOrText) {
        /// The conference number.
        pub num_conf: NumberOrText = "numConf",
    }
}

wire_struct! {
    /// `conferenceUnmuteAll`: unmute every participant in conference `numConf`.
    ///
    /// ```json
    /// {"claz":"web","command":"conferenceUnmuteAll","numConf":"4000"}
    /// ```
    pub struct ConferenceUnmuteAll skips ["claz", "command"] new(num_conf: NumberOrText) {
        /// The conference number.
        pub num_conf: NumberOrText = "numConf",
    }
}

wire_struct! {
    /// `conferenceMuteMe`: mute the user in conference `numConf`.
    ///
    /// ```json
    /// {"claz":"web","command":"conferenceMuteMe","numConf":"4000"}
    /// ```
    pub struct ConferenceMuteMe skips ["claz", "command"] new(num_conf: NumberOrText) {
        /// The conference number.
        pub num_conf: NumberOrText = "numConf",
    }
}

wire_struct! {
    /// `conferenceUnmuteMe`: unmute the user in conference `numConf`.
    ///
    /// ```json
    /// {"claz":"web","command":"conferenceUnmuteMe","numConf":"4000"}
    /// ```
    pub struct ConferenceUnmuteMe skips ["claz", "command"] new(num_conf: NumberOrText) {
        /// The conference number.
        pub num_conf: NumberOrText = "numConf",
    }
}

wire_struct! {
    /// `conferenceReset`: reset conference `numConf`.
    ///
    /// ```json
    /// {"claz":"web","command":"conferenceReset","numConf":"4000"}
    /// ```
    pub struct ConferenceReset skips ["claz", "command"] new(num_conf: NumberOrText) {
        /// The conference number.
        pub num_conf: NumberOrText = "numConf",
    }
}

wire_struct! {
    /// `conferenceClose`: close conference `numConf`.
    ///
    /// ```json
    /// {"claz":"web","command":"conferenceClose","numConf":"4000"}
    /// ```
    pub struct ConferenceClose skips ["claz", "command"] new(num_conf: NumberOrText) {
        /// The conference number.
        pub num_conf: NumberOrText = "numConf",
    }
}

wire_struct! {
    /// A participant of a conference room in `ConferenceList`.
    pub struct ConferenceMember {
        /// Position in the order of joining (the `index` of the participant commands).
        pub join_order: i64 = "joinOrder",
        /// When the participant joined, epoch milliseconds.
        pub join_time: i64 = "joinTime",
        /// Whether the participant is muted.
        pub muted: bool = "muted",
        /// Display name.
        pub name: String = "name",
        /// Phone number.
        pub number: String = "number",
        /// Login.
        pub username: String = "username",
    }
}

wire_struct! {
    /// A conference room in `ConferenceList`.
    pub struct ConferenceRoom {
        /// The conference number.
        pub number: String = "number",
        /// The room name.
        pub name: String = "name",
        /// Whether joining needs a PIN.
        pub pin_required: bool = "pinRequired",
        /// When the conference started, epoch milliseconds; `0` when none is running.
        pub start_time: i64 = "startTime",
        /// The participants.
        pub members: Vec<ConferenceMember> = "members",
    }
}

wire_list! {
    /// `ConferenceList`: the conference rooms, answer to `getList` `"meetme"`
    /// (`Cti.getConferenceRooms`, deprecated by the docs of 2026.05 with no replacement
    /// named yet). The payload is an array.
    ///
    /// ```json
    /// {"msgType":"ConferenceList","ctiMessage":[{"number":"4001","name":"conference_support","pinRequired":true,"startTime":0,"members":[]}]}
    /// ```
    pub struct ConferenceList(pub Vec<ConferenceRoom>);
}

raw_payload! {
    /// `ConferenceEvent`: a conference room changed. No sample is known, so the payload is
    /// kept as it came.
    pub struct ConferenceEvent;
}

raw_payload! {
    /// `ConferenceParticipantEvent`: a participant joined, left or changed. No sample is
    /// known, so the payload is kept as it came.
    pub struct ConferenceParticipantEvent;
}

raw_payload! {
    /// `ConferenceCommandError`: a conference command failed. The docs have an anchor for
    /// it but no body, so the payload is kept as it came.
    pub struct ConferenceCommandError;
}
