//! The pattern of the two direction enums: a message enum with one variant per known kind
//! (its payload boxed, so that the enum is small and cheap to move) plus `Unknown`, a `Copy` kind enum with the wire tags and deprecations, and the dispatch
//! from a kind to its payload type.

macro_rules! messages {
    (
        $(#[$meta:meta])*
        pub enum $msg:ident, kinds $kind:ident, unknown $unknown:ty, write with $writer:ident, payload $payload:ident {
            $(
                $(#[doc = $doc:literal])*
                $variant:ident($ty:ty) = $tag:literal $(in $tag_key:literal)? $(, deprecated for $replacement:literal)?;
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
                    $( $kind::$variant => $tag, )*
                }
            }

            /// The kind whose wire tag (the `msgType` or `command`) is `tag`. A kind whose tag
            /// sits in another key (`ping`, in `claz`) is not found here: see
            /// `CommandKind::from_frame_tags`.
            pub fn from_tag(tag: &str) -> Option<$kind> {
                match tag {
                    $( $tag if messages!(@main_tag $($tag_key)?) => Some($kind::$variant), )*
                    _ => None,
                }
            }

            /// For a deprecated kind, the tag of what replaces it.
            pub fn replacement(self) -> Option<&'static str> {
                match self {
                    $( $kind::$variant => messages!(@replacement $($replacement)?), )*
                }
            }

            /// For a deprecated kind, the sentence its diagnostic says: "`tag` is deprecated:
            /// use `replacement`".
            pub fn deprecation(self) -> Option<&'static str> {
                match self {
                    $( $kind::$variant => messages!(@deprecation $tag $(, $replacement)?), )*
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
                        $writer!(map, $variant, $tag, payload)
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
    (@main_tag) => { true };
    (@main_tag $tag_key:literal) => { false };
    (@replacement) => { None };
    (@replacement $replacement:literal) => { Some($replacement) };
    (@deprecation $tag:literal) => { None };
    (@deprecation $tag:literal, $replacement:literal) => {
        Some(concat!("`", $tag, "` is deprecated: use `", $replacement, "`"))
    };
}
