//! Client to server: `{"claz":"web","command":"<name>", ...arguments}`, and the heartbeat
//! `{"claz":"ping"}`.

use crate::wire::Extra;
use crate::{
    agent, callback, chat, conference, contacts, favorites, history, login, meeting, membership,
    phone, queue, user, video,
};
use smol_str::SmolStr;

/// Writes a known command: `claz`, `command` (none for a command tagged by its `claz`, the
/// heartbeat), then its arguments.
macro_rules! write_command {
    ($map:ident, $ty:ty, $payload:ident) => {{
        let tag = <$ty as $crate::WireMessage>::TAG;
        if const { $crate::kinds::in_claz(<$ty as $crate::WireMessage>::TAG_KEY) } {
            $map.serialize_entry("claz", tag)?;
        } else {
            $map.serialize_entry("claz", "web")?;
            $map.serialize_entry("command", tag)?;
        }
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
    pub enum Command, kinds CommandKind, direction crate::Direction::ClientToServer, unknown UnknownCommand, write with write_command, payload beside_tags {
        /// `{"claz":"ping"}`: the heartbeat, whose tag is its `claz`.
        Ping(login::Ping);
        /// `searchContacts`: search the directories.
        SearchContacts(contacts::SearchContacts);
        /// `directoryLookUp` (deprecated): search the directories, older form.
        DirectoryLookUp(contacts::DirectoryLookUp);
        /// `getFavoriteContacts`: the user's favorites.
        GetFavoriteContacts(favorites::GetFavoriteContacts);
        /// `getFavorites` (deprecated): the user's favorites, older form.
        GetFavorites(favorites::GetFavorites);
        /// `addFavorite`: add a favorite.
        AddFavorite(favorites::AddFavorite);
        /// `removeFavorite`: remove a favorite.
        RemoveFavorite(favorites::RemoveFavorite);
        /// `userStatusUpdate` (deprecated; `Cti.changeUserStatus`): set the user's status.
        UserStatusUpdate(user::ChangeUserStatus);
        /// `displayNameLookup`: a user's display name.
        DisplayNameLookup(user::DisplayNameLookup);
        /// `setUserPreference`: set a user preference.
        SetUserPreference(user::SetUserPreference);
        /// `getConfig`: a configuration object (`"line"`: `LineConfig`).
        GetConfig(login::GetConfig);
        /// `getIceConfig`: the STUN/TURN servers (`IceConfig`).
        GetIceConfig(login::GetIceConfig);
        /// `getList`: a list of objects (`Cti.getList`, `Cti.getConferenceRooms`).
        GetList(login::GetList);
        /// `pushLogToServer`: a client log line for the server.
        PushLogToServer(login::PushLogToServer);
        /// `toggleUniqueAccountDevice`: switch the device of a unique account.
        ToggleUniqueAccountDevice(login::ToggleUniqueAccountDevice);
        /// `unregisterMobileApp`: forget the mobile application.
        UnregisterMobileApp(login::UnregisterMobileApp);
        /// `dnd`: do not disturb on or off.
        Dnd(user::Dnd);
        /// `naFwd`: forward on no answer.
        NaFwd(user::NaFwd);
        /// `uncFwd`: forward every call.
        UncFwd(user::UncFwd);
        /// `busyFwd`: forward when busy.
        BusyFwd(user::BusyFwd);
        /// `inviteConferenceRoom`: invite a user to the conference room.
        InviteConferenceRoom(user::InviteConferenceRoom);
        /// `dial`: call `destination` from the user's phone, with optional call variables.
        Dial(phone::Dial);
        /// `dialFromMobile`: call `destination` from the user's mobile.
        DialFromMobile(phone::DialFromMobile);
        /// `dialFromQueue`: call `destination` on behalf of a queue.
        DialFromQueue(phone::DialFromQueue);
        /// `dialByUsername`: call a user by login.
        DialByUsername(phone::DialByUsernameRequest);
        /// `originate`: start a call to `destination`.
        Originate(phone::Originate);
        /// `hangup`: hang up the current call, or the call `uniqueId` (sent only when the caller
        /// gave one; older cti.js never sends it).
        Hangup(phone::Hangup);
        /// `answer`: answer the ringing call, or the call `uniqueId`.
        Answer(phone::Answer);
        /// `hold`: hold (or resume) the current call, or the call `uniqueId`.
        Hold(phone::Hold);
        /// `directTransfer`: blind transfer of the current call.
        DirectTransfer(phone::DirectTransfer);
        /// `attendedTransfer`: consult `destination` before transferring; `device` is left out when
        /// not given (older cti.js has no `device`).
        AttendedTransfer(phone::AttendedTransfer);
        /// `completeTransfer`: complete the attended transfer.
        CompleteTransfer(phone::CompleteTransfer);
        /// `cancelTransfer`: cancel the attended transfer.
        CancelTransfer(phone::CancelTransfer);
        /// `toggleMicrophone`: mute or unmute the WebRTC microphone, of the call `uniqueId` when
        /// given.
        ToggleMicrophone(phone::ToggleMicrophone);
        /// `setData`: attach variables to the current call.
        SetData(phone::SetData);
        /// `sendDtmf`: send a DTMF digit on the current call.
        SendDtmf(phone::SendDtmf);
        /// `getCurrentCallsPhoneEvents`: the phone events of the calls in progress, answered by
        /// `CurrentCallsPhoneEvents`.
        GetCurrentCallsPhoneEvents(phone::GetCurrentCallsPhoneEvents);
        /// `retrieveQueueCall`: take a call waiting in a queue.
        RetrieveQueueCall(phone::RetrieveQueueCall);
        /// `subscribeToPhoneHints`: follow the state of these numbers (`PhoneHintStatusEvent`s).
        SubscribeToPhoneHints(phone::SubscribeToPhoneHints);
        /// `unsubscribeFromAllPhoneHints`: stop every phone-hint subscription.
        UnsubscribeFromAllPhoneHints(phone::UnsubscribeFromAllPhoneHints);
        /// `conference`: turn the current call into a conference.
        Conference(conference::Conference);
        /// `conferenceInvite`: call `exten` into conference `numConf`.
        ConferenceInvite(conference::ConferenceInvite);
        /// `includeToConference`: bring the current call into a conference.
        IncludeToConference(conference::IncludeToConference);
        /// `conferenceMute`: mute participant `index` of conference `numConf`.
        ConferenceMute(conference::ConferenceMute);
        /// `conferenceUnmute`: unmute participant `index` of conference `numConf`.
        ConferenceUnmute(conference::ConferenceUnmute);
        /// `conferenceKick`: remove participant `index` of conference `numConf`.
        ConferenceKick(conference::ConferenceKick);
        /// `conferenceDeafen`: deafen participant `index` of conference `numConf`.
        ConferenceDeafen(conference::ConferenceDeafen);
        /// `conferenceUndeafen`: undeafen participant `index` of conference `numConf`.
        ConferenceUndeafen(conference::ConferenceUndeafen);
        /// `conferenceMuteAll`: mute every participant in conference `numConf`.
        ConferenceMuteAll(conference::ConferenceMuteAll);
        /// `conferenceUnmuteAll`: unmute every participant in conference `numConf`.
        ConferenceUnmuteAll(conference::ConferenceUnmuteAll);
        /// `conferenceMuteMe`: mute the user in conference `numConf`.
        ConferenceMuteMe(conference::ConferenceMuteMe);
        /// `conferenceUnmuteMe`: unmute the user in conference `numConf`.
        ConferenceUnmuteMe(conference::ConferenceUnmuteMe);
        /// `conferenceReset`: reset conference `numConf`.
        ConferenceReset(conference::ConferenceReset);
        /// `conferenceClose`: close conference `numConf`.
        ConferenceClose(conference::ConferenceClose);
        /// `subscribeToQueueStats`: receive `QueueStatistics` as they change.
        SubscribeToQueueStats(queue::SubscribeToQueueStats);
        /// `subscribeToQueueCalls`: receive the calls waiting in a queue (`QueueCalls`).
        SubscribeToQueueCalls(queue::SubscribeToQueueCalls);
        /// `unSubscribeToQueueCalls`: stop `QueueCalls` of a queue.
        UnSubscribeToQueueCalls(queue::UnSubscribeToQueueCalls);
        /// `getQueueStatistics`: statistics of a queue over a window, answered by
        /// `GetQueueStatistics`.
        GetQueueStatistics(queue::GetQueueStatisticsRequest);
        /// `setAgentQueue`: add an agent to a queue, or change its penalty.
        SetAgentQueue(queue::SetAgentQueue);
        /// `removeAgentFromQueue`: remove an agent from a queue.
        RemoveAgentFromQueue(queue::RemoveAgentFromQueue);
        /// `moveAgentsInGroup`: move the agents of a group from one queue and penalty to another.
        MoveAgentsInGroup(queue::MoveAgentsInGroup);
        /// `addAgentsInGroup`: add the agents of a group that are in one queue and penalty to
        /// another.
        AddAgentsInGroup(queue::AddAgentsInGroup);
        /// `removeAgentGroupFromQueueGroup`: remove the agents of a group from a queue, at a
        /// penalty.
        RemoveAgentGroupFromQueueGroup(queue::RemoveAgentGroupFromQueueGroup);
        /// `addAgentsNotInQueueFromGroupTo`: add the agents of a group not yet in a queue to it.
        AddAgentsNotInQueueFromGroupTo(queue::AddAgentsNotInQueueFromGroupTo);
        /// `agentLogin`: log an agent in on a phone number.
        AgentLogin(agent::AgentLogin);
        /// `agentLogout`: log an agent out.
        AgentLogout(agent::AgentLogout);
        /// `pauseAgent`: pause an agent, with an optional reason (a status name).
        PauseAgent(agent::PauseAgent);
        /// `unpauseAgent`: end an agent's pause.
        UnpauseAgent(agent::UnpauseAgent);
        /// `listenAgent`: listen to an agent's call.
        ListenAgent(agent::ListenAgent);
        /// `monitorPause`: pause the recording of an agent's call.
        MonitorPause(agent::MonitorPause);
        /// `monitorUnpause`: resume the recording of an agent's call.
        MonitorUnpause(agent::MonitorUnpause);
        /// `subscribeToAgentStats`: receive `AgentStatistics`.
        SubscribeToAgentStats(agent::SubscribeToAgentStats);
        /// `subscribeToAgentEvents`: receive the `AgentStateEvent`s of every agent.
        SubscribeToAgentEvents(agent::SubscribeToAgentEvents);
        /// `getAgentStates`: the state of every agent, as `AgentStateEvent`s.
        GetAgentStates(agent::GetAgentStates);
        /// `getAgentDirectory`: the agents, answered by `AgentDirectory`.
        GetAgentDirectory(agent::GetAgentDirectory);
        /// `setAgentGroup`: move an agent to a group.
        SetAgentGroup(agent::SetAgentGroup);
        /// `getUserCallHistory`: the user's last `size` calls, answered by `CallHistory`; with a
        /// `null` size, the last 10 days.
        GetUserCallHistory(history::GetUserCallHistory);
        /// `getUserCallHistoryByDays`: the user's calls of the last `days` days.
        GetUserCallHistoryByDays(history::GetUserCallHistoryByDays);
        /// `getAgentCallHistory`: the agent's last `size` calls, answered by `CallHistory`.
        GetAgentCallHistory(history::GetAgentCallHistory);
        /// `getQueueCallHistory`: the last `size` calls of the queues whose name contains `queue`.
        GetQueueCallHistory(history::GetQueueCallHistory);
        /// `findCustomerCallHistory`: the calls of a customer, answered by
        /// `CustomerCallHistoryResponseWithId` carrying the same `id`.
        FindCustomerCallHistory(history::FindCustomerCallHistory);
        /// `flashTextBrowserRequest`: every chat command (`request` says which).
        FlashTextBrowserRequest(chat::FlashTextBrowserRequest);
        /// `videoEvent`: tell the server the user's video state changed (values not documented).
        VideoEvent(video::VideoEvent);
        /// `subscribeToVideoStatus`: follow the video state of these users (`VideoStatusEvent`s).
        SubscribeToVideoStatus(video::SubscribeToVideoStatus);
        /// `unsubscribeFromAllVideoStatus`: stop every video-status subscription.
        UnsubscribeFromAllVideoStatus(video::UnsubscribeFromAllVideoStatus);
        /// `inviteToMeetingRoom`: invite a user to a meeting room (the token is never shown by
        /// `Debug`).
        InviteToMeetingRoom(meeting::InviteToMeetingRoom);
        /// `meetingRoomInviteAck`: the invitation `requestId` was received.
        MeetingRoomInviteAck(meeting::MeetingRoomInviteAckRequest);
        /// `meetingRoomInviteAccept`: accept the invitation `requestId`.
        MeetingRoomInviteAccept(meeting::MeetingRoomInviteAccept);
        /// `meetingRoomInviteReject`: reject the invitation `requestId`.
        MeetingRoomInviteReject(meeting::MeetingRoomInviteReject);
        /// `getUserDefaultMembership`: a user's default memberships, answered by
        /// `UserQueueDefaultMembership`.
        GetUserDefaultMembership(membership::GetUserDefaultMembership);
        /// `setUserDefaultMembership`: set a user's default memberships.
        SetUserDefaultMembership(membership::SetUserDefaultMembership);
        /// `setUsersDefaultMembership`: set the default memberships of several users.
        SetUsersDefaultMembership(membership::SetUsersDefaultMembership);
        /// `applyUsersDefaultMembership`: make these users' memberships their defaults.
        ApplyUsersDefaultMembership(membership::ApplyUsersDefaultMembership);
        /// `getCallbackLists`: the callback lists, answered by `CallbackLists`.
        GetCallbackLists(callback::GetCallbackLists);
        /// `findCallbackRequest`: search callback requests, answered by
        /// `FindCallbackResponseWithId` with the same `id`.
        FindCallbackRequest(callback::FindCallbackRequest);
        /// `getCallbackPreferredPeriods`: the preferred periods, answered by
        /// `PreferredCallbackPeriodList`.
        GetCallbackPreferredPeriods(callback::GetCallbackPreferredPeriods);
        /// `takeCallback`: take a callback request (`CallbackTaken`).
        TakeCallback(callback::TakeCallback);
        /// `releaseCallback`: give a taken callback request back (`CallbackReleased`).
        ReleaseCallback(callback::ReleaseCallback);
        /// `startCallback`: call the number of a callback request (`CallbackStarted`).
        StartCallback(callback::StartCallback);
        /// `listenCallbackMessage`: play the voice message of a callback request.
        ListenCallbackMessage(callback::ListenCallbackMessage);
        /// `updateCallbackTicket`: close or reschedule a callback request.
        UpdateCallbackTicket(callback::UpdateCallbackTicket);
    }
}

impl CommandKind {
    /// The kind a frame's `claz` and `command` name: `ping` is `claz` `"ping"` (whatever
    /// `command` is); the others are `claz` `"web"` with their `command`.
    pub fn from_frame_tags(claz: &str, command: Option<&str>) -> Option<CommandKind> {
        match (claz, command) {
            ("web", Some(command)) => CommandKind::from_tag(command),
            (claz, _) => CommandKind::from_claz(claz),
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
/// order received. It never holds a known tag: [`UnknownCommand::new`] refuses one, and
/// decoding gives a known tag its own variant.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct UnknownCommand {
    pub(crate) claz: SmolStr,
    pub(crate) command: Option<SmolStr>,
    pub(crate) args: Extra,
}

impl UnknownCommand {
    /// An unknown `claz:"web"` command; `Err` with the kind when `command` is a known one
    /// (build that kind's message instead).
    ///
    /// ```
    /// use cti_proto::{CommandKind, Extra, UnknownCommand};
    /// let unknown = UnknownCommand::new("bulkDial", Extra::new()).unwrap();
    /// assert_eq!((unknown.claz(), unknown.command()), ("web", Some("bulkDial")));
    /// assert_eq!(UnknownCommand::new("dial", Extra::new()), Err(CommandKind::Dial));
    /// ```
    pub fn new(command: impl Into<SmolStr>, args: Extra) -> Result<UnknownCommand, CommandKind> {
        let command = command.into();
        match CommandKind::from_frame_tags("web", Some(&command)) {
            Some(kind) => Err(kind),
            None => Ok(UnknownCommand {
                claz: SmolStr::new_static("web"),
                command: Some(command),
                args,
            }),
        }
    }

    /// The `claz` (`"web"` for every known command but `ping`).
    pub fn claz(&self) -> &str {
        &self.claz
    }

    /// The `command`, when the frame has one (a `claz` `"web"` frame always has one).
    pub fn command(&self) -> Option<&str> {
        self.command.as_deref()
    }

    /// The other fields of the frame, as received (values as `RawJson`).
    pub fn args(&self) -> &Extra {
        &self.args
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
        let claz = if CommandKind::from_claz(&claz).is_some() {
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
