//! Client to server: `{"claz":"web","command":"<name>", ...arguments}`, and the heartbeat
//! `{"claz":"ping"}`.

use crate::wire::Extra;
use crate::{contacts, favorites, session, user};

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
    /// let command = Command::SearchContacts(SearchContacts::new("bond"));
    /// assert_eq!(encode_command(&command), r#"{"claz":"web","command":"searchContacts","term":"bond"}"#);
    /// ```
    pub enum Command, kinds CommandKind, unknown UnknownCommand, write with write_command {
        /// `{"claz":"ping"}`: the heartbeat.
        Ping(session::Ping) = "ping";
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
    }
}

impl CommandKind {
    /// The kind a frame's `claz` and `command` name: `ping` is `claz` `"ping"` (whatever
    /// `command` is); the others are `claz` `"web"` with their `command`.
    pub fn from_frame_tags(claz: &str, command: Option<&str>) -> Option<CommandKind> {
        match (claz, command) {
            ("ping", _) => Some(CommandKind::Ping),
            ("web", Some(command)) => {
                CommandKind::from_tag(command).filter(|kind| *kind != CommandKind::Ping)
            }
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
    pub claz: String,
    /// The `command`, when the frame has one (a `claz` `"web"` frame always has one).
    pub command: Option<String>,
    /// The other fields of the frame, as received (values as `RawJson`).
    pub args: Extra,
}

impl UnknownCommand {
    /// An unknown `claz:"web"` command.
    pub fn new(command: impl Into<String>, args: Extra) -> UnknownCommand {
        UnknownCommand {
            claz: "web".to_owned(),
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
                claz,
                command,
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
            claz,
            command,
            args: u.arbitrary()?,
        })
    }
}
