//! The table macros of the wire types: `open_enum!` for coded values, `wire_string!` for
//! text values in their own type, `wire_list!` for array payloads and `raw_payload!` for
//! payloads kept raw. Objects are plain structs with `#[derive(Wire)]` (the
//! `cti-proto-derive` crate).

/// A coded value: named variants for the values the wire is known to use, and a hidden
/// `_Custom` variant for any other value, kept and written back unchanged (read it with
/// `as_str` or `code`, build one with `From`). Its payload is a type of this crate that no
/// one else can name, so a known value has one representation: `_Custom` never holds a
/// known value. Decoding an unknown value reports an `unknown_value` diagnostic. The
/// default is what `From` gives for `""` or `0`, whatever the order of the variants.
macro_rules! open_enum {
    (
        $(#[doc = $doc:literal])*
        pub enum $name:ident: str {
            $( $(#[doc = $vdoc:literal])* $variant:ident = $wire:literal, )+
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[doc = $vdoc])* $variant, )+
            /// A value outside the known set, kept as sent (`as_str` reads it).
            #[doc(hidden)]
            _Custom($crate::wire::PrivOwnedStr),
        }

        impl $name {
            /// Every known value.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),+];

            /// The wire text.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $wire, )+
                    $name::_Custom(other) => other.as_str(),
                }
            }

            /// Whether the value is one of the known ones.
            pub fn is_known(&self) -> bool {
                !matches!(self, $name::_Custom(_))
            }
        }

        impl Default for $name {
            fn default() -> Self {
                $name::from("")
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $( $wire => $name::$variant, )+
                    other => $name::_Custom($crate::wire::PrivOwnedStr::new(other)),
                }
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                match $name::from(value.as_str()) {
                    $name::_Custom(_) => $name::_Custom($crate::wire::PrivOwnedStr::new(value)),
                    known => known,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::wire::FromWire::from_wire(deserializer, &$crate::wire::ctx::Context::detached())
            }
        }

        impl $crate::wire::FromWire for $name {
            fn from_wire<'de, D: serde::Deserializer<'de>>(deserializer: D, cx: &$crate::wire::ctx::Context) -> Result<Self, D::Error> {
                let text = <$crate::wire::WireStr<'de> as serde::Deserialize>::deserialize(deserializer)?;
                let value = $name::from(text.0.as_ref());
                if let $name::_Custom(other) = &value {
                    $crate::wire::tolerate::<D::Error>(cx, $crate::wire::DiagnosticCode::UnknownValue, || {
                        format!(concat!("unknown ", stringify!($name), " \"{}\""), other.as_str())
                    })?;
                }
                Ok(value)
            }
        }

        open_enum!(@generated $name, String, "string", [$($doc),*], $( $wire, [$($vdoc),*] ),+);
    };
    (
        $(#[doc = $doc:literal])*
        pub enum $name:ident: i32 {
            $( $(#[doc = $vdoc:literal])* $variant:ident = $wire:literal, )+
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[doc = $vdoc])* $variant, )+
            /// A code outside the known set, kept as sent (`code` reads it).
            #[doc(hidden)]
            _Custom($crate::wire::PrivCode),
        }

        impl $name {
            /// Every known value.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),+];

            /// The wire code.
            pub fn code(self) -> i32 {
                match self {
                    $( $name::$variant => $wire, )+
                    $name::_Custom(other) => other.0,
                }
            }

            /// Whether the value is one of the known ones.
            pub fn is_known(self) -> bool {
                !matches!(self, $name::_Custom(_))
            }
        }

        impl Default for $name {
            fn default() -> Self {
                $name::from(0)
            }
        }

        impl From<i32> for $name {
            fn from(value: i32) -> Self {
                match value {
                    $( $wire => $name::$variant, )+
                    other => $name::_Custom($crate::wire::PrivCode(other)),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}", self.code())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i32(self.code())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::wire::FromWire::from_wire(deserializer, &$crate::wire::ctx::Context::detached())
            }
        }

        impl $crate::wire::FromWire for $name {
            fn from_wire<'de, D: serde::Deserializer<'de>>(deserializer: D, cx: &$crate::wire::ctx::Context) -> Result<Self, D::Error> {
                let value = $name::from(<i32 as $crate::wire::FromWire>::from_wire(deserializer, cx)?);
                if let $name::_Custom($crate::wire::PrivCode(other)) = value {
                    $crate::wire::tolerate::<D::Error>(cx, $crate::wire::DiagnosticCode::UnknownValue, || {
                        format!(concat!("unknown ", stringify!($name), " {}"), other)
                    })?;
                }
                Ok(value)
            }
        }

        open_enum!(@generated $name, i32, "integer", [$($doc),*], $( $wire, [$($vdoc),*] ),+);
    };
    // What both kinds of open enum get for tests and schemas: generation for proptest and
    // arbitrary (mostly known values, some any value of the raw type), and the schema.
    (@generated $name:ident, $raw:ty, $json_type:literal, [$($doc:literal),*], $( $wire:literal, [$($vdoc:literal),*] ),+) => {
        #[cfg(feature = "proptest")]
        impl proptest::arbitrary::Arbitrary for $name {
            type Parameters = ();
            type Strategy = proptest::strategy::BoxedStrategy<Self>;
            fn arbitrary_with(_: ()) -> Self::Strategy {
                use proptest::strategy::Strategy;
                proptest::prop_oneof![
                    3 => proptest::sample::select($name::KNOWN),
                    1 => proptest::arbitrary::any::<$raw>().prop_map($name::from),
                ]
                .boxed()
            }
        }

        #[cfg(feature = "proptest")]
        $crate::wire::arb::gen_via_arbitrary!($name);

        #[cfg(feature = "schema")]
        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                $crate::wire::schema::open_enum(&[$($doc),*], $json_type, vec![
                    $( ($wire.into(), $crate::wire::schema::describe(&[$($vdoc),*])), )+
                ])
            }
        }

        #[cfg(feature = "arbitrary")]
        impl<'a> arbitrary::Arbitrary<'a> for $name {
            fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
                Ok(if u.ratio(3, 4)? {
                    u.choose($name::KNOWN)?.clone()
                } else {
                    $name::from(<$raw as arbitrary::Arbitrary>::arbitrary(u)?)
                })
            }
        }
    };
}

/// A message whose payload is a JSON array (`CtiStatuses`, `UsersStatuses`, ...): a newtype
/// over the `Vec` of its items. `#[wire(event = "...")]` after the doc comment gives its tag
/// (see `wire_message!`).
macro_rules! wire_list {
    (
        $(#[doc = $doc:literal])*
        $(#[wire($($message:tt)*)])?
        pub struct $name:ident(pub Vec<$item:ty>);
    ) => {
        $(wire_message!($name, $($message)*);)?

        $(#[doc = $doc])*
        #[derive(Clone, Debug, Default, PartialEq, Eq)]
        pub struct $name(pub Vec<$item>);

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                self.0.serialize(serializer)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::wire::FromWire::from_wire(deserializer, &$crate::wire::ctx::Context::detached())
            }
        }

        impl $crate::wire::FromWire for $name {
            fn from_wire<'de, D: serde::Deserializer<'de>>(deserializer: D, cx: &$crate::wire::ctx::Context) -> Result<Self, D::Error> {
                <Vec<$item> as $crate::wire::FromWire>::from_wire(deserializer, cx).map($name)
            }
        }

        newtype_generated!($name, $name, <Vec<$item> as $crate::wire::arb::Gen>::gen());

        #[cfg(feature = "schema")]
        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
                let items = generator.subschema_for::<$item>();
                schemars::json_schema!({
                    "type": "array",
                    "description": $crate::wire::schema::describe(&[$($doc),*]),
                    "items": items,
                })
            }
        }
    };
}

/// A message whose payload has no documented shape: the payload is kept as it came, in a
/// struct named after the message, so that it is still a known kind. The doc comment says
/// what is known; `#[wire(event = "...")]` after it gives the tag (see `wire_message!`).
macro_rules! raw_payload {
    (
        $(#[doc = $doc:literal])*
        $(#[wire($($message:tt)*)])?
        pub struct $name:ident;
    ) => {
        $(wire_message!($name, $($message)*);)?

        $(#[doc = $doc])*
        #[derive(Clone, Debug, PartialEq, Eq)]
        #[non_exhaustive]
        pub struct $name {
            /// The `ctiMessage`, as received.
            pub payload: $crate::wire::RawJson,
        }

        impl $name {
            /// A message with `payload`.
            pub fn new(payload: $crate::wire::RawJson) -> $name {
                $name { payload }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                self.payload.serialize(serializer)
            }
        }

        impl $crate::wire::FromWire for $name {
            const RAW: bool = true;

            fn from_wire<'de, D: serde::Deserializer<'de>>(deserializer: D, cx: &$crate::wire::ctx::Context) -> Result<Self, D::Error> {
                <$crate::wire::RawJson as $crate::wire::FromWire>::from_wire(deserializer, cx).map($name::new)
            }
        }

        newtype_generated!($name, $name::new, proptest::arbitrary::any::<$crate::wire::RawJson>());

        #[cfg(feature = "schema")]
        impl schemars::JsonSchema for $name {
            // `Payload` keeps the name apart from a typed shape of the same name (the
            // `Sheet` event and the contact `Sheet`).
            fn schema_name() -> std::borrow::Cow<'static, str> {
                concat!(stringify!($name), "Payload").into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({
                    "description": $crate::wire::schema::describe(&[$($doc),*]),
                })
            }
        }
    };
}

/// A text value in its own type (`ContactId`, `Secret`): the struct over a `String`, built
/// with `new`, read with the method named after `fn`, written as a JSON string, generated
/// as any string, with the JSON Schema given. What decoding takes (its `FromWire`) is
/// written beside it: each such value tolerates something else.
macro_rules! wire_string {
    (
        $(#[$attr:meta])*
        pub struct $name:ident;
        $(#[doc = $new_doc:literal])*
        fn new;
        $(#[doc = $read_doc:literal])*
        fn $read:ident;
        schema $schema:tt
    ) => {
        $(#[$attr])*
        pub struct $name(String);

        impl $name {
            $(#[doc = $new_doc])*
            pub fn new(text: impl Into<String>) -> $name {
                $name(text.into())
            }

            $(#[doc = $read_doc])*
            pub fn $read(&self) -> &str {
                &self.0
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::wire::FromWire::from_wire(deserializer, &$crate::wire::ctx::Context::detached())
            }
        }

        newtype_generated!($name, $name, proptest::arbitrary::any::<String>());

        #[cfg(feature = "schema")]
        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!($schema)
            }
        }
    };
}

/// What a type wrapping one value gets for tests: a proptest strategy (`$strategy`, the
/// wrapped value's, mapped through `$ctor`) and `Gen`, and an `arbitrary` impl (the wrapped
/// value's, through `$ctor`).
macro_rules! newtype_generated {
    ($name:ident, $ctor:expr, $strategy:expr) => {
        #[cfg(feature = "proptest")]
        impl proptest::arbitrary::Arbitrary for $name {
            type Parameters = ();
            type Strategy = proptest::strategy::BoxedStrategy<Self>;
            fn arbitrary_with(_: ()) -> Self::Strategy {
                use proptest::strategy::Strategy;
                $strategy.prop_map($ctor).boxed()
            }
        }

        #[cfg(feature = "proptest")]
        $crate::wire::arb::gen_via_arbitrary!($name);

        #[cfg(feature = "arbitrary")]
        impl<'a> arbitrary::Arbitrary<'a> for $name {
            fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
                u.arbitrary().map($ctor)
            }
        }
    };
}
