//! Client to server: `{"claz":"web","command":"<name>", ...arguments}`, and the heartbeat
//! `{"claz":"ping"}`.

use crate::wire::Extra;
use crate::{
    agent, callback, chat, conference, contacts, favorites, history, login, meeting, membership,
    phone, queue, user, video,
};
use smol_str::SmolStr;

/// Writes a known command: `claz`, `command` (none for `ping`), then its arguments.
macro_rules! write_command {
    ($map:ident, Ping, $tag:literal, $payload:ident) => {{
        $map.serialize_entry("claz", "ping")?;
        $crate::wire::WireFields::write_fields($payload, &mut $map)?;
    }};
    ($map:ident, $variant:ident, $tag:literal, $payload:ident) => {{
        $map.serialize_entry("claz", "web")?;
        $map.serialize_entry("command", $tag)?;
        $crate::wire::WireFields::write_fields($payload, &mut $map)?;
    }};
}

messages! {
    /// A client command. Unknown `claz` or `command` values decode to
    /// [`Command::Unknown`]. Encoding writes exactly what cti.js sends: `claz`, `command`,
    /// then the arguments in cti.js order, absent optional arguments left out.
    ///
    /// ```
    /// use cti_proto::{encode_command, Command, contacts::SearchContacts};
    /// let command = Command::from(SearchContacts::new("bond"));
    /// assert_eq!(encode_command(&command), r#"{"claz":"web","command":"searchContacts","term":"bond"}"#);
    /// ```
    pub enum Command, kinds CommandKind, unknown UnknownCommand, write with write_command, payload beside_tags {
        /// `{"claz":"ping"}`: the heartbeat, whose tag is its `claz`.
        Ping(login::Ping) = "ping" in "claz";
        /// `searchContacts`: search the directories.
        SearchContacts(contacts::SearchContacts) = "searchContacts";
        /// `directoryLookUp` (deprecated): search the directories, older form.
        DirectoryLookUp(contacts::DirectoryLookUp) = "directoryLookUp", deprecated for "searchContacts";
        /// `getFavoriteContacts`: the user's favorites.
        GetFavoriteContacts(favorites::GetFavoriteContacts) = "getFavoriteContacts";
        /// `getFavorites` (deprecated): the user's favorites, older form.
        GetFavorites(favorites::GetFavorites) = "getFavorites", deprecated for "getFavoriteContacts";
        /// `addFavorite`: add a favorite.
        AddFavorite(favorites::AddFavorite) = "addFavorite";
        /// `removeFavorite`: remove a favorite.
        RemoveFavorite(favorites::RemoveFavorite) = "removeFavorite";
        /// `userStatusUpdate` (deprecated; `Cti.changeUserStatus`): set the user's status.
        UserStatusUpdate(user::ChangeUserStatus) = "userStatusUpdate", deprecated for "pauseAgent";
        /// `displayNameLookup`: a user's display name.
        DisplayNameLookup(user::DisplayNameLookup) = "displayNameLookup";
        /// `setUserPreference`: set a user preference.
        SetUserPreference(user::SetUserPreference) = "setUserPreference";
        /// `getConfig`: a configuration object (`"line"`: `LineConfig`).
        GetConfig(login::GetConfig) = "getConfig";
        /// `getIceConfig`: the STUN/TURN servers (`IceConfig`).
        GetIceConfig(login::GetIceConfig) = "getIceConfig";
        /// `getList`: a list of objects (`Cti.getList`, `Cti.getConferenceRooms`).
        GetList(login::GetList) = "getList";
        /// `pushLogToServer`: a client log line for the server.
        PushLogToServer(login::PushLogToServer) = "pushLogToServer";
        /// `toggleUniqueAccountDevice`: switch the device of a unique account.
        ToggleUniqueAccountDevice(login::ToggleUniqueAccountDevice) = "toggleUniqueAccountDevice";
        /// `unregisterMobileApp`: forget the mobile application.
        UnregisterMobileApp(login::UnregisterMobileApp) = "unregisterMobileApp";
        /// `dnd`: do not disturb on or off.
        Dnd(user::Dnd) = "dnd";
        /// `naFwd`: forward on no answer.
        NaFwd(user::NaFwd) = "naFwd";
        /// `uncFwd`: forward every call.
        UncFwd(user::UncFwd) = "uncFwd";
        /// `busyFwd`: forward when busy.
        BusyFwd(user::BusyFwd) = "busyFwd";
        /// `inviteConferenceRoom`: invite a user to the conference room.
        InviteConferenceRoom(user::InviteConferenceRoom) = "inviteConferenceRoom";
        /// `dial`: call `destination` from the user's phone, with optional call variables.
        Dial(phone::Dial) = "dial";
        /// `dialFromMobile`: call `destination` from the user's mobile.
        DialFromMobile(phone::DialFromMobile) = "dialFromMobile";
        /// `dialFromQueue`: call `destination` on behalf of a queue.
        DialFromQueue(phone::DialFromQueue) = "dialFromQueue";
        /// `dialByUsername`: call a user by login.
        DialByUsername(phone::DialByUsernameRequest) = "dialByUsername";
        /// `originate`: start a call to `destination`.
        Originate(phone::Originate) = "originate";
        /// `hangup`: hang up the current call, or the call `uniqueId` (sent only when the caller
        /// gave one; older cti.js never sends it).
        Hangup(phone::Hangup) = "hangup";
        /// `answer`: answer the ringing call, or the call `uniqueId`.
        Answer(phone::Answer) = "answer";
        /// `hold`: hold (or resume) the current call, or the call `uniqueId`.
        Hold(phone::Hold) = "hold";
        /// `directTransfer`: blind transfer of the current call.
        DirectTransfer(phone::DirectTransfer) = "directTransfer";
        /// `attendedTransfer`: consult `destination` before transferring; `device` is left out when
        /// not given (older cti.js has no `device`).
        AttendedTransfer(phone::AttendedTransfer) = "attendedTransfer";
        /// `completeTransfer`: complete the attended transfer.
        CompleteTransfer(phone::CompleteTransfer) = "completeTransfer";
        /// `cancelTransfer`: cancel the attended transfer.
        CancelTransfer(phone::CancelTransfer) = "cancelTransfer";
        /// `toggleMicrophone`: mute or unmute the WebRTC microphone, of the call `uniqueId` when
        /// given.
        ToggleMicrophone(phone::ToggleMicrophone) = "toggleMicrophone";
        /// `setData`: attach variables to the current call.
        SetData(phone::SetData) = "setData";
        /// `sendDtmf`: send a DTMF digit on the current call.
        SendDtmf(phone::SendDtmf) = "sendDtmf";
        /// `getCurrentCallsPhoneEvents`: the phone events of the calls in progress, answered by
        /// `CurrentCallsPhoneEvents`.
        GetCurrentCallsPhoneEvents(phone::GetCurrentCallsPhoneEvents) = "getCurrentCallsPhoneEvents";
        /// `retrieveQueueCall`: take a call waiting in a queue.
        RetrieveQueueCall(phone::RetrieveQueueCall) = "retrieveQueueCall";
        /// `subscribeToPhoneHints`: follow the state of these numbers (`PhoneHintStatusEvent`s).
        SubscribeToPhoneHints(phone::SubscribeToPhoneHints) = "subscribeToPhoneHints";
        /// `unsubscribeFromAllPhoneHints`: stop every phone-hint subscription.
        UnsubscribeFromAllPhoneHints(phone::UnsubscribeFromAllPhoneHints) = "unsubscribeFromAllPhoneHints";
        /// `conference`: turn the current call into a conference.
        Conference(conference::Conference) = "conference";
        /// `conferenceInvite`: call `exten` into conference `numConf`.
        ConferenceInvite(conference::ConferenceInvite) = "conferenceInvite";
        /// `includeToConference`: bring the current call into a conference.
        IncludeToConference(conference::IncludeToConference) = "includeToConference";
        /// `conferenceMute`: mute participant `index` of conference `numConf`.
        ConferenceMute(conference::ConferenceMute) = "conferenceMute";
        /// `conferenceUnmute`: unmute participant `index` of conference `numConf`.
        ConferenceUnmute(conference::ConferenceUnmute) = "conferenceUnmute";
        /// `conferenceKick`: remove participant `index` of conference `numConf`.
        ConferenceKick(conference::ConferenceKick) = "conferenceKick";
        /// `conferenceDeafen`: deafen participant `index` of conference `numConf`.
        ConferenceDeafen(conference::ConferenceDeafen) = "conferenceDeafen";
        /// `conferenceUndeafen`: undeafen participant `index` of conference `numConf`.
        ConferenceUndeafen(conference::ConferenceUndeafen) = "conferenceUndeafen";
        /// `conferenceMuteAll`: mute every participant in conference `numConf`.
        ConferenceMuteAll(conference::ConferenceMuteAll) = "conferenceMuteAll";
        /// `conferenceUnmuteAll`: unmute every participant in conference `numConf`.
        ConferenceUnmuteAll(conference::ConferenceUnmuteAll) = "conferenceUnmuteAll";
        /// `conferenceMuteMe`: mute the user in conference `numConf`.
        ConferenceMuteMe(conference::ConferenceMuteMe) = "conferenceMuteMe";
        /// `conferenceUnmuteMe`: unmute the user in conference `numConf`.
        ConferenceUnmuteMe(conference::ConferenceUnmuteMe) = "conferenceUnmuteMe";
        /// `conferenceReset`: reset conference `numConf`.
        ConferenceReset(conference::ConferenceReset) = "conferenceReset";
        /// `conferenceClose`: close conference `numConf`.
        ConferenceClose(conference::ConferenceClose) = "conferenceClose";
        /// `subscribeToQueueStats`: receive `QueueStatistics` as they change.
        SubscribeToQueueStats(queue::SubscribeToQueueStats) = "subscribeToQueueStats";
        /// `subscribeToQueueCalls`: receive the calls waiting in a queue (`QueueCalls`).
        SubscribeToQueueCalls(queue::SubscribeToQueueCalls) = "subscribeToQueueCalls";
        /// `unSubscribeToQueueCalls`: stop `QueueCalls` of a queue.
        UnSubscribeToQueueCalls(queue::UnSubscribeToQueueCalls) = "unSubscribeToQueueCalls";
        /// `getQueueStatistics`: statistics of a queue over a window, answered by
        /// `GetQueueStatistics`.
        GetQueueStatistics(queue::GetQueueStatisticsRequest) = "getQueueStatistics";
        /// `setAgentQueue`: add an agent to a queue, or change its penalty.
        SetAgentQueue(queue::SetAgentQueue) = "setAgentQueue";
        /// `removeAgentFromQueue`: remove an agent from a queue.
        RemoveAgentFromQueue(queue::RemoveAgentFromQueue) = "removeAgentFromQueue";
        /// `moveAgentsInGroup`: move the agents of a group from one queue and penalty to another.
        MoveAgentsInGroup(queue::MoveAgentsInGroup) = "moveAgentsInGroup";
        /// `addAgentsInGroup`: add the agents of a group that are in one queue and penalty to
        /// another.
        AddAgentsInGroup(queue::AddAgentsInGroup) = "addAgentsInGroup";
        /// `removeAgentGroupFromQueueGroup`: remove the agents of a group from a queue, at a
        /// penalty.
        RemoveAgentGroupFromQueueGroup(queue::RemoveAgentGroupFromQueueGroup) = "removeAgentGroupFromQueueGroup";
        /// `addAgentsNotInQueueFromGroupTo`: add the agents of a group not yet in a queue to it.
        AddAgentsNotInQueueFromGroupTo(queue::AddAgentsNotInQueueFromGroupTo) = "addAgentsNotInQueueFromGroupTo";
        /// `agentLogin`: log an agent in on a phone number.
        AgentLogin(agent::AgentLogin) = "agentLogin";
        /// `agentLogout`: log an agent out.
        AgentLogout(agent::AgentLogout) = "agentLogout";
        /// `pauseAgent`: pause an agent, with an optional reason (a status name).
        PauseAgent(agent::PauseAgent) = "pauseAgent";
        /// `unpauseAgent`: end an agent's pause.
        UnpauseAgent(agent::UnpauseAgent) = "unpauseAgent";
        /// `listenAgent`: listen to an agent's call.
        ListenAgent(agent::ListenAgent) = "listenAgent";
        /// `monitorPause`: pause the recording of an agent's call.
        MonitorPause(agent::MonitorPause) = "monitorPause";
        /// `monitorUnpause`: resume the recording of an agent's call.
        MonitorUnpause(agent::MonitorUnpause) = "monitorUnpause";
        /// `subscribeToAgentStats`: receive `AgentStatistics`.
        SubscribeToAgentStats(agent::SubscribeToAgentStats) = "subscribeToAgentStats";
        /// `subscribeToAgentEvents`: receive the `AgentStateEvent`s of every agent.
        SubscribeToAgentEvents(agent::SubscribeToAgentEvents) = "subscribeToAgentEvents";
        /// `getAgentStates`: the state of every agent, as `AgentStateEvent`s.
        GetAgentStates(agent::GetAgentStates) = "getAgentStates";
        /// `getAgentDirectory`: the agents, answered by `AgentDirectory`.
        GetAgentDirectory(agent::GetAgentDirectory) = "getAgentDirectory";
        /// `setAgentGroup`: move an agent to a group.
        SetAgentGroup(agent::SetAgentGroup) = "setAgentGroup";
        /// `getUserCallHistory`: the user's last `size` calls, answered by `CallHistory`; with a
        /// `null` size, the last 10 days.
        GetUserCallHistory(history::GetUserCallHistory) = "getUserCallHistory";
        /// `getUserCallHistoryByDays`: the user's calls of the last `days` days.
        GetUserCallHistoryByDays(history::GetUserCallHistoryByDays) = "getUserCallHistoryByDays";
        /// `getAgentCallHistory`: the agent's last `size` calls, answered by `CallHistory`.
        GetAgentCallHistory(history::GetAgentCallHistory) = "getAgentCallHistory";
        /// `getQueueCallHistory`: the last `size` calls of the queues whose name contains `queue`.
        GetQueueCallHistory(history::GetQueueCallHistory) = "getQueueCallHistory";
        /// `findCustomerCallHistory`: the calls of a customer, answered by
        /// `CustomerCallHistoryResponseWithId` carrying the same `id`.
        FindCustomerCallHistory(history::FindCustomerCallHistory) = "findCustomerCallHistory";
        /// `flashTextBrowserRequest`: every chat command (`request` says which).
        FlashTextBrowserRequest(chat::FlashTextBrowserRequest) = "flashTextBrowserRequest";
        /// `videoEvent`: tell the server the user's video state changed (values not documented).
        VideoEvent(video::VideoEvent) = "videoEvent";
        /// `subscribeToVideoStatus`: follow the video state of these users (`VideoStatusEvent`s).
        SubscribeToVideoStatus(video::SubscribeToVideoStatus) = "subscribeToVideoStatus";
        /// `unsubscribeFromAllVideoStatus`: stop every video-status subscription.
        UnsubscribeFromAllVideoStatus(video::UnsubscribeFromAllVideoStatus) = "unsubscribeFromAllVideoStatus";
        /// `inviteToMeetingRoom`: invite a user to a meeting room (the token is never shown by
        /// `Debug`).
        InviteToMeetingRoom(meeting::InviteToMeetingRoom) = "inviteToMeetingRoom";
        /// `meetingRoomInviteAck`: the invitation `requestId` was received.
        MeetingRoomInviteAck(meeting::MeetingRoomInviteAckRequest) = "meetingRoomInviteAck";
        /// `meetingRoomInviteAccept`: accept the invitation `requestId`.
        MeetingRoomInviteAccept(meeting::MeetingRoomInviteAccept) = "meetingRoomInviteAccept";
        /// `meetingRoomInviteReject`: reject the invitation `requestId`.
        MeetingRoomInviteReject(meeting::MeetingRoomInviteReject) = "meetingRoomInviteReject";
        /// `getUserDefaultMembership`: a user's default memberships, answered by
        /// `UserQueueDefaultMembership`.
        GetUserDefaultMembership(membership::GetUserDefaultMembership) = "getUserDefaultMembership";
        /// `setUserDefaultMembership`: set a user's default memberships.
        SetUserDefaultMembership(membership::SetUserDefaultMembership) = "setUserDefaultMembership";
        /// `setUsersDefaultMembership`: set the default memberships of several users.
        SetUsersDefaultMembership(membership::SetUsersDefaultMembership) = "setUsersDefaultMembership";
        /// `applyUsersDefaultMembership`: make these users' memberships their defaults.
        ApplyUsersDefaultMembership(membership::ApplyUsersDefaultMembership) = "applyUsersDefaultMembership";
        /// `getCallbackLists`: the callback lists, answered by `CallbackLists`.
        GetCallbackLists(callback::GetCallbackLists) = "getCallbackLists";
        /// `findCallbackRequest`: search callback requests, answered by
        /// `FindCallbackResponseWithId` with the same `id`.
        FindCallbackRequest(callback::FindCallbackRequest) = "findCallbackRequest";
        /// `getCallbackPreferredPeriods`: the preferred periods, answered by
        /// `PreferredCallbackPeriodList`.
        GetCallbackPreferredPeriods(callback::GetCallbackPreferredPeriods) = "getCallbackPreferredPeriods";
        /// `takeCallback`: take a callback request (`CallbackTaken`).
        TakeCallback(callback::TakeCallback) = "takeCallback";
        /// `releaseCallback`: give a taken callback request back (`CallbackReleased`).
        ReleaseCallback(callback::ReleaseCallback) = "releaseCallback";
        /// `startCallback`: call the number of a callback request (`CallbackStarted`).
        StartCallback(callback::StartCallback) = "startCallback";
        /// `listenCallbackMessage`: play the voice message of a callback request.
        ListenCallbackMessage(callback::ListenCallbackMessage) = "listenCallbackMessage";
        /// `updateCallbackTicket`: close or reschedule a callback request.
        UpdateCallbackTicket(callback::UpdateCallbackTicket) = "updateCallbackTicket";
    }
}

impl CommandKind {
    /// The kind a frame's `claz` and `command` name: `ping` is `claz` `"ping"` (whatever
    /// `command` is); the others are `claz` `"web"` with their `command`.
    pub fn from_frame_tags(claz: &str, command: Option<&str>) -> Option<CommandKind> {
        match (claz, command) {
            ("ping", _) => Some(CommandKind::Ping),
            ("web", Some(command)) => CommandKind::from_tag(command),
            _ => None,
        }
    }
}

impl Command {
    /// The `command` (`"ping"` for the heartbeat).
    pub fn name(&self) -> &str {
        match self {
            Command::Unknown(unknown) => unknown.command.as_deref().unwrap_or(&unknown.claz),
            known => known.kind().map_or("", CommandKind::as_str),
        }
    }
}

/// A command this crate does not know: its `claz`, its `command` and its arguments, in the
/// order received.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct UnknownCommand {
    /// The `claz` (`"web"` for every known command but `ping`).
    pub claz: SmolStr,
    /// The `command`, when the frame has one (a `claz` `"web"` frame always has one).
    pub command: Option<SmolStr>,
    /// The other fields of the frame, as received (values as `RawJson`).
    pub args: Extra,
}

impl UnknownCommand {
    /// An unknown `claz:"web"` command.
    pub fn new(command: impl Into<SmolStr>, args: Extra) -> UnknownCommand {
        UnknownCommand {
            claz: SmolStr::new_static("web"),
            command: Some(command.into()),
            args,
        }
    }

    fn write<M: serde::ser::SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
        map.serialize_entry("claz", &self.claz)?;
        if let Some(command) = &self.command {
            map.serialize_entry("command", command)?;
        }
        for (key, value) in self.args.iter() {
            map.serialize_entry(key, value)?;
        }
        Ok(())
    }
}

#[cfg(feature = "proptest")]
impl proptest::arbitrary::Arbitrary for UnknownCommand {
    type Parameters = ();
    type Strategy = proptest::strategy::BoxedStrategy<Self>;
    fn arbitrary_with(_: ()) -> Self::Strategy {
        use proptest::prelude::*;
        (
            prop_oneof![Just("web".to_owned()), any::<String>()],
            any::<Option<String>>(),
            any::<Extra>(),
        )
            .prop_filter(
                "a known command, or claz web without command",
                |(claz, command, _)| {
                    CommandKind::from_frame_tags(claz, command.as_deref()).is_none()
                        && (claz != "web" || command.is_some())
                },
            )
            .prop_map(|(claz, command, args)| UnknownCommand {
                claz: claz.into(),
                command: command.map(SmolStr::from),
                args,
            })
            .boxed()
    }
}

#[cfg(feature = "arbitrary")]
impl<'a> arbitrary::Arbitrary<'a> for UnknownCommand {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        let claz: String = if u.arbitrary()? {
            "web".to_owned()
        } else {
            u.arbitrary()?
        };
        let mut command: Option<String> = u.arbitrary()?;
        // `ping`, a known command, or `web` without command are not unknown commands.
        let claz = if claz == "ping" {
            "xping".to_owned()
        } else {
            claz
        };
        if claz == "web" {
            let mut name = command.take().unwrap_or_default();
            if CommandKind::from_frame_tags("web", Some(&name)).is_some() {
                name.insert(0, 'x');
            }
            command = Some(name);
        }
        Ok(UnknownCommand {
            claz: claz.into(),
            command: command.map(SmolStr::from),
            args: u.arbitrary()?,
        })
    }
}
