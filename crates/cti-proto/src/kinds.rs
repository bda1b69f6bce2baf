//! The pattern of the two direction enums: a message enum with one variant per known kind
//! (its payload boxed, so that the enum is small and cheap to move) plus `Unknown`, a `Copy`
//! kind enum, and the dispatch from a kind to its payload type. Each payload type carries
//! its wire tag ([`WireMessage`], from `#[wire(event = "...")]`, `#[wire(command = "...")]`
//! or `#[wire(claz = "...")]`); the tables take it from there, and a tag written on two
//! types of one table does not compile. The tables' rows (in `event.rs` and `command.rs`)
//! are written by `cargo xtask generate` from those tags: the variant is the tag in
//! `UpperCamelCase`, the doc the first paragraph of the type's doc comment.

use crate::Direction;

/// A message type: its wire tag, the key that holds it, and its deprecation. `#[derive(Wire)]`
/// writes it from `#[wire(event = "PhoneEvent")]`, `#[wire(command = "dial")]` or
/// `#[wire(claz = "ping")]` (and `deprecated_for = "..."`); [`Event`](crate::Event) and
/// [`Command`](crate::Command) take their kinds' tags from it.
///
/// ```
/// use cti_proto::{phone::Dial, session::Ping, WireMessage, Direction};
/// assert_eq!((Dial::TAG_KEY, Dial::TAG), ("command", "dial"));
/// assert_eq!((Ping::TAG_KEY, Ping::TAG), ("claz", "ping"));
/// assert_eq!(Dial::DIRECTION, Direction::ClientToServer);
/// ```
pub trait WireMessage {
    /// Which way the message goes: events from the server, commands from the client.
    const DIRECTION: Direction;
    /// The key that holds the tag: `msgType` (events), `command` (commands), or `claz` (a
    /// command tagged by its `claz`, the heartbeat `ping`).
    const TAG_KEY: &'static str;
    /// The wire tag.
    const TAG: &'static str;
    /// For a deprecated message, the tag of what replaces it.
    const REPLACEMENT: Option<&'static str> = None;
    /// For a deprecated message, the sentence its diagnostic says: "`tag` is deprecated:
    /// use `replacement`".
    const DEPRECATION: Option<&'static str> = None;
    /// What the build says when two message types of one direction have this tag.
    #[doc(hidden)]
    const DUPLICATE: &'static str;
}

/// A table entry's tag, for [`check_tags`].
#[doc(hidden)]
#[derive(Clone, Copy)]
pub struct TagEntry {
    direction: Direction,
    key: &'static str,
    tag: &'static str,
    duplicate: &'static str,
}

/// The tag of `T`, for [`check_tags`].
#[doc(hidden)]
pub const fn tag_of<T: WireMessage>() -> TagEntry {
    TagEntry {
        direction: T::DIRECTION,
        key: T::TAG_KEY,
        tag: T::TAG,
        duplicate: T::DUPLICATE,
    }
}

/// Whether two strings are equal, in a `const`.
pub(crate) const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// Whether a tag sits in `claz` (the heartbeat) rather than in `msgType` or `command`.
pub(crate) const fn in_claz(key: &str) -> bool {
    same(key, "claz")
}

/// Stops the build when a table holds a type of the other direction, or two types with one
/// tag in one key: each table runs it in a `const`.
///
/// ```compile_fail
/// use cti_proto::__private::{check_tags, tag_of};
/// use cti_proto::{phone::Dial, Direction};
/// const _: () = check_tags(Direction::ClientToServer, &[tag_of::<Dial>(), tag_of::<Dial>()]);
/// ```
#[doc(hidden)]
pub const fn check_tags(direction: Direction, tags: &[TagEntry]) {
    let mut i = 0;
    while i < tags.len() {
        if tags[i].direction as u8 != direction as u8 {
            panic!("a message of the other direction is in this table: an event's type among the commands, or a command's among the events");
        }
        let mut j = i + 1;
        while j < tags.len() {
            if same(tags[i].key, tags[j].key) && same(tags[i].tag, tags[j].tag) {
                panic!("{}", tags[i].duplicate);
            }
            j += 1;
        }
        i += 1;
    }
}

/// `WireMessage` for a type the derive does not write (a list, a raw payload, a hand-written
/// decoder): `wire_message!(LoggedOn, event = "LoggedOn")`, with `, deprecated_for = "..."`
/// for a deprecated one.
macro_rules! wire_message {
    ($name:ident, event = $tag:literal $(, deprecated_for = $rep:literal)?) => {
        wire_message!(@impl $name, ServerToClient, "msgType", $tag $(, $rep)?);
    };
    ($name:ident, command = $tag:literal $(, deprecated_for = $rep:literal)?) => {
        wire_message!(@impl $name, ClientToServer, "command", $tag $(, $rep)?);
    };
    ($name:ident, claz = $tag:literal $(, deprecated_for = $rep:literal)?) => {
        wire_message!(@impl $name, ClientToServer, "claz", $tag $(, $rep)?);
    };
    (@impl $name:ident, $direction:ident, $key:literal, $tag:literal $(, $rep:literal)?) => {
        impl $crate::WireMessage for $name {
            const DIRECTION: $crate::Direction = $crate::Direction::$direction;
            const TAG_KEY: &'static str = $key;
            const TAG: &'static str = $tag;
            $(
                const REPLACEMENT: Option<&'static str> = Some($rep);
                const DEPRECATION: Option<&'static str> =
                    Some(concat!("`", $tag, "` is deprecated: use `", $rep, "`"));
            )?
            const DUPLICATE: &'static str = concat!(
                "two message types have the wire tag `", $tag, "` (in `", $key,
                "`): each message has its own tag"
            );
        }
    };
}

macro_rules! messages {
    (
        $(#[$meta:meta])*
        pub enum $msg:ident, kinds $kind:ident, direction $direction:expr, unknown $unknown:ty, write with $writer:ident, payload $payload:ident {
            $(
                $(#[doc = $doc:literal])*
                $variant:ident($ty:ty);
            )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum $msg {
            $( $(#[doc = $doc])* $variant(Box<$ty>), )*
            /// A kind this crate does not know, kept whole and written back unchanged.
            Unknown($unknown),
        }

        // The tags: no type of the other direction, no tag twice.
        const _: () = $crate::kinds::check_tags($direction, &[$($crate::kinds::tag_of::<$ty>()),*]);

        #[doc = concat!("The known kinds of [`", stringify!($msg), "`], with their wire tags.")]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum $kind {
            $( $(#[doc = $doc])* $variant, )*
        }

        impl $kind {
            /// Every known kind.
            pub const ALL: &'static [$kind] = &[$($kind::$variant),*];

            /// The wire tag.
            pub fn as_str(self) -> &'static str {
                match self {
                    $( $kind::$variant => <$ty as $crate::WireMessage>::TAG, )*
                }
            }

            /// The kind whose wire tag (the `msgType` or `command`) is `tag`. A kind whose tag
            /// sits in another key (`ping`, in `claz`) is not found here: see
            /// `CommandKind::from_frame_tags`.
            pub fn from_tag(tag: &str) -> Option<$kind> {
                match tag {
                    $(
                        <$ty as $crate::WireMessage>::TAG
                            if const { !$crate::kinds::in_claz(<$ty as $crate::WireMessage>::TAG_KEY) } =>
                        {
                            Some($kind::$variant)
                        }
                    )*
                    _ => None,
                }
            }

            /// The kind whose tag sits in `claz` and is `claz`.
            #[allow(dead_code)]
            pub(crate) fn from_claz(claz: &str) -> Option<$kind> {
                match claz {
                    $(
                        <$ty as $crate::WireMessage>::TAG
                            if const { $crate::kinds::in_claz(<$ty as $crate::WireMessage>::TAG_KEY) } =>
                        {
                            Some($kind::$variant)
                        }
                    )*
                    _ => None,
                }
            }

            /// The key that holds the wire tag: `msgType`, `command`, or `claz` (`ping`).
            pub fn tag_key(self) -> &'static str {
                match self {
                    $( $kind::$variant => <$ty as $crate::WireMessage>::TAG_KEY, )*
                }
            }

            /// For a deprecated kind, the tag of what replaces it.
            pub fn replacement(self) -> Option<&'static str> {
                match self {
                    $( $kind::$variant => <$ty as $crate::WireMessage>::REPLACEMENT, )*
                }
            }

            /// For a deprecated kind, the sentence its diagnostic says: "`tag` is deprecated:
            /// use `replacement`".
            pub fn deprecation(self) -> Option<&'static str> {
                match self {
                    $( $kind::$variant => <$ty as $crate::WireMessage>::DEPRECATION, )*
                }
            }

            /// Whether the kind is deprecated.
            pub fn is_deprecated(self) -> bool {
                self.replacement().is_some()
            }

            /// Whether the payload of this kind has no documented shape and is kept as raw
            /// JSON (a named variant around [`RawJson`](crate::RawJson)) rather than typed.
            pub fn is_raw(self) -> bool {
                match self {
                    $( $kind::$variant => <$ty as $crate::wire::FromWire>::RAW, )*
                }
            }

            /// Where this kind's payload holds secrets, as its type says.
            pub(crate) fn secrets(self) -> &'static $crate::wire::Secrets {
                match self {
                    $( $kind::$variant => &<$ty as $crate::wire::FromWire>::SECRETS, )*
                }
            }

            /// The description of the kind (its doc comment).
            pub fn description(self) -> &'static str {
                match self {
                    $( $kind::$variant => concat!($($doc),*).trim_ascii(), )*
                }
            }

            /// The JSON Schema of this kind's payload (feature `schema`).
            #[cfg(feature = "schema")]
            pub fn payload_schema(self, generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
                match self {
                    $( $kind::$variant => generator.subschema_for::<$ty>(), )*
                }
            }

            /// Reads the payload of this kind.
            pub(crate) fn decode<'de, D: serde::Deserializer<'de>>(
                self,
                deserializer: D,
                cx: &$crate::wire::ctx::Context,
            ) -> Result<$msg, D::Error> {
                match self {
                    $( $kind::$variant => <$ty as $crate::wire::FromWire>::from_wire(deserializer, cx).map(|p| $msg::$variant(Box::new(p))), )*
                }
            }

        }

        messages!(@$payload $msg, $kind, $( $variant($ty) ),*);

        impl std::fmt::Display for $kind {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        $(
            impl From<$ty> for $msg {
                fn from(payload: $ty) -> $msg {
                    $msg::$variant(Box::new(payload))
                }
            }
        )*

        impl $msg {
            /// The kind, `None` for `Unknown`.
            pub fn kind(&self) -> Option<$kind> {
                match self {
                    $( $msg::$variant(_) => Some($kind::$variant), )*
                    $msg::Unknown(_) => None,
                }
            }
        }

        impl serde::Serialize for $msg {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                let mut map = serializer.serialize_map(None)?;
                match self {
                    $( $msg::$variant(payload) => {
                        let payload: &$ty = payload;
                        $writer!(map, $ty, payload)
                    } )*
                    $msg::Unknown(unknown) => unknown.write(&mut map)?,
                }
                map.end()
            }
        }

        #[cfg(feature = "proptest")]
        impl proptest::arbitrary::Arbitrary for $msg {
            type Parameters = ();
            type Strategy = proptest::strategy::BoxedStrategy<Self>;
            fn arbitrary_with(_: ()) -> Self::Strategy {
                use proptest::strategy::Strategy;
                proptest::strategy::Union::new(vec![
                    $( proptest::arbitrary::any::<$ty>().prop_map(|p| $msg::$variant(Box::new(p))).boxed(), )*
                    proptest::arbitrary::any::<$unknown>().prop_map($msg::Unknown).boxed(),
                ])
                .boxed()
            }
        }

        #[cfg(feature = "arbitrary")]
        impl<'a> arbitrary::Arbitrary<'a> for $msg {
            fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
                type Make = for<'b> fn(&mut arbitrary::Unstructured<'b>) -> arbitrary::Result<$msg>;
                let choices: &[Make] = &[
                    $( |u| Ok($msg::$variant(Box::new(u.arbitrary()?))), )*
                    |u| Ok($msg::Unknown(u.arbitrary()?)),
                ];
                (u.choose(choices)?)(u)
            }
        }
    };
    // Events carry their payload in `ctiMessage`, which may be missing.
    (@in_cti_message $msg:ident, $kind:ident, $( $variant:ident($ty:ty) ),*) => {
        impl $kind {
            /// The message for a frame without `ctiMessage`, if this kind allows that.
            pub(crate) fn missing(self) -> Option<$msg> {
                match self {
                    $( $kind::$variant => <$ty as $crate::wire::FromWire>::missing().map(|p| $msg::$variant(Box::new(p))), )*
                }
            }
        }
    };
    // Commands carry their arguments beside their tags.
    (@beside_tags $msg:ident, $kind:ident, $( $variant:ident($ty:ty) ),*) => {
        impl $kind {
            /// Reads the arguments of this kind from the entries left in an open object
            /// (after the tags).
            pub(crate) fn decode_map<'de, A: serde::de::MapAccess<'de>>(
                self,
                map: A,
                cx: &$crate::wire::ctx::Context,
            ) -> Result<$msg, A::Error> {
                match self {
                    $( $kind::$variant => <$ty as $crate::wire::FromWire>::from_map(map, cx).map(|p| $msg::$variant(Box::new(p))), )*
                }
            }
        }
    };
}
