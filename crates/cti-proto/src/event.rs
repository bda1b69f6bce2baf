//! Server to client: `{"msgType": "<Kind>", "ctiMessage": <payload>}`.

use crate::wire::RawJson;
use crate::{contacts, favorites, session, user};

/// Writes a known event: its tag, then its payload unless the payload is absent.
macro_rules! write_event {
    ($map:ident, $variant:ident, $tag:literal, $payload:ident) => {{
        $map.serialize_entry("msgType", $tag)?;
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
    /// let other = decode_event(r#"{"msgType":"QueueList","ctiMessage":[]}"#).unwrap();
    /// assert!(matches!(other.message, Event::Unknown(u) if u.msg_type == "QueueList"));
    /// ```
    pub enum Event, kinds EventKind, unknown UnknownEvent, write with write_event {
        /// `LoggedOn`: authenticated and logged in.
        LoggedOn(session::LoggedOn) = "LoggedOn";
        /// `LoggedOnError`: the CTI session failed; the socket closes.
        LoggedOnError(session::LoggedOnError) = "LoggedOnError";
        /// `Error`: a request was answered abnormally.
        Error(session::ErrorMessage) = "Error";
        /// `ContactSheet`: contacts found by `searchContacts`.
        ContactSheet(contacts::ContactSheet) = "ContactSheet";
        /// `DirectoryResult` (deprecated): directory rows.
        DirectoryResult(contacts::DirectoryResult) = "DirectoryResult", deprecated for "ContactSheet";
        /// `FavoriteContactSheet`: the user's favorites.
        FavoriteContactSheet(favorites::FavoriteContactSheet) = "FavoriteContactSheet";
        /// `Favorites` (deprecated): favorite rows.
        Favorites(favorites::Favorites) = "Favorites", deprecated for "FavoriteContactSheet";
        /// `FavoriteUpdated`: outcome of `addFavorite` / `removeFavorite`.
        FavoriteUpdated(favorites::FavoriteUpdated) = "FavoriteUpdated";
        /// `CtiStatuses`: the configured statuses.
        CtiStatuses(user::CtiStatuses) = "CtiStatuses";
        /// `UsersStatuses` (deprecated): the configured statuses, older form.
        UsersStatuses(user::UsersStatuses) = "UsersStatuses", deprecated for "CtiStatuses";
        /// `UserStatusUpdate` (deprecated): the user's status changed.
        UserStatusUpdate(user::UserStatusUpdate) = "UserStatusUpdate", deprecated for "AgentStateEvent";
        /// `UserConfigUpdate`: the user's configuration changed.
        UserConfigUpdate(user::UserConfigUpdate) = "UserConfigUpdate";
        /// `UserPreference`: the user's preferences.
        UserPreference(user::UserPreference) = "UserPreference";
        /// `UserDisplayName`: answer to `displayNameLookup`.
        UserDisplayName(user::UserDisplayName) = "UserDisplayName";
    }
}

impl EventKind {
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
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct UnknownEvent {
    /// The `msgType`.
    pub msg_type: String,
    /// The `ctiMessage`, exactly as received; `None` when the frame has none.
    pub payload: Option<RawJson>,
}

impl UnknownEvent {
    /// An unknown event.
    pub fn new(msg_type: impl Into<String>, payload: Option<RawJson>) -> UnknownEvent {
        UnknownEvent {
            msg_type: msg_type.into(),
            payload,
        }
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
            .prop_map(|(msg_type, payload)| UnknownEvent { msg_type, payload })
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
            msg_type,
            payload: u.arbitrary()?,
        })
    }
}
