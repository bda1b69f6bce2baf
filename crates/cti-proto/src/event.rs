//! Server to client: `{"msgType": "<Kind>", "ctiMessage": <payload>}`.

use crate::wire::RawJson;
use crate::{
    agent, callback, chat, conference, contacts, favorites, history, login, meeting, membership,
    phone, queue, user, video,
};
use smol_str::SmolStr;

/// Writes a known event: its tag, then its payload unless the payload is absent.
macro_rules! write_event {
    ($map:ident, $ty:ty, $payload:ident) => {{
        $map.serialize_entry("msgType", <$ty as $crate::WireMessage>::TAG)?;
        if !$crate::wire::FromWire::is_absent($payload) {
            $map.serialize_entry("ctiMessage", $payload)?;
        }
    }};
}

messages! {
    /// A server event. Unknown `msgType`s decode to [`Event::Unknown`].
    ///
    /// ```
    /// use cti_proto::{decode_event, Event, EventKind};
    /// let decoded = decode_event(r#"{"msgType":"LoggedOn"}"#).unwrap();
    /// assert_eq!(decoded.message.kind(), Some(EventKind::LoggedOn));
    /// let other = decode_event(r#"{"msgType":"QueueEntered","ctiMessage":[]}"#).unwrap();
    /// assert!(matches!(other.message, Event::Unknown(u) if u.msg_type() == "QueueEntered"));
    /// ```
    pub enum Event, kinds EventKind, direction crate::Direction::ServerToClient, unknown UnknownEvent, write with write_event, payload in_cti_message {
        /// `LoggedOn`: authenticated and logged in.
        LoggedOn(login::LoggedOn);
        /// `LoggedOnError`: the CTI session failed; the socket closes.
        LoggedOnError(login::LoggedOnError);
        /// `Error`: a request was answered abnormally.
        Error(login::ErrorMessage);
        /// `ContactSheet`: contacts found by `searchContacts`.
        ContactSheet(contacts::ContactSheet);
        /// `DirectoryResult` (deprecated): directory rows.
        DirectoryResult(contacts::DirectoryResult);
        /// `FavoriteContactSheet`: the user's favorites.
        FavoriteContactSheet(favorites::FavoriteContactSheet);
        /// `Favorites` (deprecated): favorite rows.
        Favorites(favorites::Favorites);
        /// `FavoriteUpdated`: outcome of `addFavorite` / `removeFavorite`.
        FavoriteUpdated(favorites::FavoriteUpdated);
        /// `CtiStatuses`: the configured statuses.
        CtiStatuses(user::CtiStatuses);
        /// `UsersStatuses` (deprecated): the configured statuses, older form.
        UsersStatuses(user::UsersStatuses);
        /// `UserStatusUpdate` (deprecated): the user's status changed.
        UserStatusUpdate(user::UserStatusUpdate);
        /// `UserConfigUpdate`: the user's configuration changed.
        UserConfigUpdate(user::UserConfigUpdate);
        /// `UserPreference`: the user's preferences.
        UserPreference(user::UserPreference);
        /// `UserDisplayName`: answer to `displayNameLookup`.
        UserDisplayName(user::UserDisplayName);
        /// `Sheet`: a screen-popup sheet.
        Sheet(login::PopupSheet);
        /// `PhoneStatusUpdate`: the state of the user's phone changed.
        PhoneStatusUpdate(user::PhoneStatusUpdate);
        /// `VoiceMailStatusUpdate`: the user's voicemail counters.
        VoiceMailStatusUpdate(user::VoiceMailStatusUpdate);
        /// `LinkStatusUpdate`: made by cti.js when its socket opens or closes; never sent by the
        /// server.
        LinkStatusUpdate(login::LinkStatusUpdate);
        /// `QueueStatistics`: queue statistics.
        QueueStatistics(queue::QueueStatistics);
        /// `QueueConfig`: a queue's configuration.
        QueueConfig(queue::QueueConfig);
        /// `QueueList`: the queues.
        QueueList(queue::QueueList);
        /// `QueueMember`: an agent's membership of a queue changed.
        QueueMember(queue::QueueMember);
        /// `QueueMemberList`: the queue memberships.
        QueueMemberList(queue::QueueMemberList);
        /// `QueueCalls`: the calls waiting in a queue (payload kept raw).
        QueueCalls(queue::QueueCalls);
        /// `GetQueueStatistics`: answer to `getQueueStatistics` (payload kept raw).
        GetQueueStatistics(queue::GetQueueStatistics);
        /// `AgentConfig`: an agent's configuration.
        AgentConfig(agent::AgentConfig);
        /// `AgentDirectory`: the agents (payload kept raw).
        AgentDirectory(agent::AgentDirectory);
        /// `AgentError`: an agent command failed.
        AgentError(agent::AgentError);
        /// `AgentList`: the agents' configurations.
        AgentList(agent::AgentList);
        /// `AgentListen`: outcome of `listenAgent`.
        AgentListen(agent::AgentListen);
        /// `AgentStatistics`: an agent's statistics.
        AgentStatistics(agent::AgentStatistics);
        /// `AgentGroupList`: the agent groups.
        AgentGroupList(agent::AgentGroupList);
        /// `AgentStateEvent`: an agent's state changed.
        AgentStateEvent(agent::AgentStateEvent);
        /// `ConferenceList`: the conference rooms.
        ConferenceList(conference::ConferenceList);
        /// `ConferenceEvent`: a conference changed.
        ConferenceEvent(conference::ConferenceEvent);
        /// `ConferenceParticipantEvent`: a participant changed.
        ConferenceParticipantEvent(conference::ConferenceParticipantEvent);
        /// `ConferenceCommandError`: a conference command failed (payload kept raw).
        ConferenceCommandError(conference::ConferenceCommandError);
        /// `CallHistory`: calls of the user or agent.
        CallHistory(history::CallHistory);
        /// `RichCallHistory`: a detailed call history (payload kept raw).
        RichCallHistory(history::RichCallHistory);
        /// `CallHistoryByDays`: a call history by days (payload kept raw).
        CallHistoryByDays(history::CallHistoryByDays);
        /// `CustomerCallHistoryResponseWithId`: answer to `findCustomerCallHistory`.
        CustomerCallHistoryResponseWithId(history::CustomerCallHistoryResponseWithId);
        /// `PhoneEvent`: a call on the user's phone changed.
        PhoneEvent(phone::PhoneEvent);
        /// `CurrentCallsPhoneEvents`: the calls in progress.
        CurrentCallsPhoneEvents(phone::CurrentCallsPhoneEvents);
        /// `PhoneHintStatusEvent`: the state of a followed number.
        PhoneHintStatusEvent(phone::PhoneHintStatusEvent);
        /// `IceConfig`: the STUN and TURN servers.
        IceConfig(login::IceConfig);
        /// `LineConfig`: the user's SIP line.
        LineConfig(login::LineConfig);
        /// `AuthenticationToken`: no use known (payload kept raw).
        AuthenticationToken(login::AuthenticationToken);
        /// `RightProfile`: the user's rights profile.
        RightProfile(login::RightProfile);
        /// `FlashTextEvent`: a chat event, by `event`.
        FlashTextEvent(chat::FlashTextEvent);
        /// `WebRTCCmd`: a command for the WebRTC phone.
        WebRtcCmd(phone::WebRtcCmd);
        /// `DialByUsername`: answer to `dialByUsername` (payload kept raw).
        DialByUsername(phone::DialByUsername);
        /// `VideoStatusEvent`: a user's video state (payload kept raw).
        VideoStatusEvent(video::VideoStatusEvent);
        /// `MeetingRoomInvite`: an invitation to a meeting room.
        MeetingRoomInvite(meeting::MeetingRoomInvite);
        /// `MeetingRoomInviteAck`: an invitation was received.
        MeetingRoomInviteAck(meeting::MeetingRoomInviteAck);
        /// `MeetingRoomInviteResponse`: an invitation was accepted or rejected.
        MeetingRoomInviteResponse(meeting::MeetingRoomInviteResponse);
        /// `UserQueueDefaultMembership`: a user's default queue memberships.
        UserQueueDefaultMembership(membership::UserQueueDefaultMembership);
        /// `UsersQueueDefaultMembership`: default memberships of several users.
        UsersQueueDefaultMembership(membership::UsersQueueDefaultMembership);
        /// `CallbackLists`: the callback lists.
        CallbackLists(callback::CallbackLists);
        /// `FindCallbackResponseWithId`: answer to `findCallbackRequest`.
        FindCallbackResponseWithId(callback::FindCallbackResponseWithId);
        /// `CallbackTaken`: a callback request was taken.
        CallbackTaken(callback::CallbackTaken);
        /// `CallbackReleased`: a callback request was released.
        CallbackReleased(callback::CallbackReleased);
        /// `CallbackStarted`: a callback call started (payload kept raw).
        CallbackStarted(callback::CallbackStarted);
        /// `CallbackClotured`: a callback request was closed.
        CallbackClotured(callback::CallbackClotured);
        /// `PreferredCallbackPeriodList`: the preferred periods (payload kept raw).
        PreferredCallbackPeriodList(callback::PreferredCallbackPeriodList);
        /// `CallbackRequestUpdated`: a callback request changed.
        CallbackRequestUpdated(callback::CallbackRequestUpdated);
    }
}

impl EventKind {
    /// Whether cti.js makes this kind itself rather than receiving it (`LinkStatusUpdate`,
    /// published from the socket's `onopen` / `onclose`). Decoding one from the wire reports
    /// a `client_local` diagnostic; strict mode rejects it.
    pub fn is_client_local(self) -> bool {
        self == EventKind::LinkStatusUpdate
    }

    /// Whether a frame of this kind must have a `ctiMessage` (all but `LoggedOn`).
    pub fn payload_required(self) -> bool {
        self.missing().is_none()
    }
}

impl Event {
    /// The `msgType`.
    pub fn msg_type(&self) -> &str {
        match self {
            Event::Unknown(unknown) => &unknown.msg_type,
            known => known.kind().map_or("", EventKind::as_str),
        }
    }
}

/// An event of a `msgType` this crate does not know: the tag and the payload as received.
/// It never holds a known tag: [`UnknownEvent::new`] refuses one, and decoding gives a
/// known tag its own variant.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct UnknownEvent {
    pub(crate) msg_type: SmolStr,
    pub(crate) payload: Option<RawJson>,
}

impl UnknownEvent {
    /// An unknown event; `Err` with the kind when `msg_type` is a known one (build that
    /// kind's message instead).
    ///
    /// ```
    /// use cti_proto::{EventKind, UnknownEvent};
    /// let unknown = UnknownEvent::new("QueueEntered", None).unwrap();
    /// assert_eq!(unknown.msg_type(), "QueueEntered");
    /// assert_eq!(UnknownEvent::new("PhoneEvent", None), Err(EventKind::PhoneEvent));
    /// ```
    pub fn new(
        msg_type: impl Into<SmolStr>,
        payload: Option<RawJson>,
    ) -> Result<UnknownEvent, EventKind> {
        let msg_type = msg_type.into();
        match EventKind::from_tag(&msg_type) {
            Some(kind) => Err(kind),
            None => Ok(UnknownEvent::unchecked(msg_type, payload)),
        }
    }

    /// An unknown event whose tag the caller knows is not a known kind's.
    pub(crate) fn unchecked(
        msg_type: impl Into<SmolStr>,
        payload: Option<RawJson>,
    ) -> UnknownEvent {
        UnknownEvent {
            msg_type: msg_type.into(),
            payload,
        }
    }

    /// The `msgType`.
    pub fn msg_type(&self) -> &str {
        &self.msg_type
    }

    /// The `ctiMessage`, exactly as received; `None` when the frame has none.
    pub fn payload(&self) -> Option<&RawJson> {
        self.payload.as_ref()
    }

    fn write<M: serde::ser::SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
        map.serialize_entry("msgType", &self.msg_type)?;
        if let Some(payload) = &self.payload {
            map.serialize_entry("ctiMessage", payload)?;
        }
        Ok(())
    }
}

#[cfg(feature = "proptest")]
impl proptest::arbitrary::Arbitrary for UnknownEvent {
    type Parameters = ();
    type Strategy = proptest::strategy::BoxedStrategy<Self>;
    fn arbitrary_with(_: ()) -> Self::Strategy {
        use proptest::prelude::*;
        (
            any::<String>().prop_filter("a known msgType", |t| EventKind::from_tag(t).is_none()),
            any::<Option<RawJson>>(),
        )
            .prop_map(|(msg_type, payload)| UnknownEvent {
                msg_type: msg_type.into(),
                payload,
            })
            .boxed()
    }
}

#[cfg(feature = "arbitrary")]
impl<'a> arbitrary::Arbitrary<'a> for UnknownEvent {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        let mut msg_type: String = u.arbitrary()?;
        if EventKind::from_tag(&msg_type).is_some() {
            msg_type.insert(0, 'x');
        }
        Ok(UnknownEvent {
            msg_type: msg_type.into(),
            payload: u.arbitrary()?,
        })
    }
}
