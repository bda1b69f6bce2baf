//! Wire values that more than one API area uses: phone and video statuses, contact ids,
//! secrets, and the contact-sheet and directory-row shapes shared by contacts and
//! favorites.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::wire::{tolerate, DiagnosticCode, FromWire};

open_enum! {
    /// Phone state of a user or number (`Cti.PhoneStatus`; Asterisk extension-state style
    /// codes). Sent as an integer: `"status": 0`.
    pub enum PhoneStatus: i32 {
        /// `0`: available.
        Available = 0,
        /// `16`: on hold.
        OnHold = 16,
        /// `8`: ringing.
        Ringing = 8,
        /// `4`: unavailable (`INDISPONIBLE`).
        Indisponible = 4,
        /// `9`: busy and ringing.
        BusyAndRinging = 9,
        /// `1`: calling.
        Calling = 1,
        /// `2`: busy.
        Busy = 2,
        /// `-1`: deactivated.
        Deactivated = -1,
        /// `-2`: no such extension.
        Unexisting = -2,
        /// `-99`: error.
        Error = -99,
    }
}

open_enum! {
    /// Video state of a user. Only `"Available"` has been seen on the wire.
    pub enum VideoStatus: str {
        /// `"Available"`.
        Available = "Available",
    }
}

/// The id of a contact in its directory source: `"2"` in `sources[].id`, `contactId` in
/// favorite commands, `contact_id` in favorite events. A string on the wire; a number is
/// tolerated (`number_as_string`) and kept as its decimal text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ContactId(String);

impl ContactId {
    /// An id from its text.
    pub fn new(id: impl Into<String>) -> ContactId {
        ContactId(id.into())
    }

    /// The id text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<&str> for ContactId {
    fn from(id: &str) -> Self {
        ContactId::new(id)
    }
}

impl From<String> for ContactId {
    fn from(id: String) -> Self {
        ContactId(id)
    }
}

impl fmt::Display for ContactId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for ContactId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for ContactId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        FromWire::from_wire(deserializer)
    }
}

impl FromWire for ContactId {
    fn from_wire<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl V {
            fn number<E: de::Error>(n: impl fmt::Display) -> Result<ContactId, E> {
                let text = n.to_string();
                tolerate(DiagnosticCode::NumberAsString, || {
                    format!("id sent as the number {text}")
                })?;
                Ok(ContactId(text))
            }
        }
        impl Visitor<'_> for V {
            type Value = ContactId;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string id")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<ContactId, E> {
                Ok(ContactId(v.to_owned()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<ContactId, E> {
                V::number(v)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<ContactId, E> {
                V::number(v)
            }
        }
        deserializer.deserialize_any(V)
    }
}

#[cfg(feature = "proptest")]
impl proptest::arbitrary::Arbitrary for ContactId {
    type Parameters = ();
    type Strategy = proptest::strategy::BoxedStrategy<Self>;
    fn arbitrary_with(_: ()) -> Self::Strategy {
        use proptest::strategy::Strategy;
        proptest::arbitrary::any::<String>()
            .prop_map(ContactId)
            .boxed()
    }
}

#[cfg(feature = "arbitrary")]
impl<'a> arbitrary::Arbitrary<'a> for ContactId {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        u.arbitrary().map(ContactId)
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for ContactId {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ContactId".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "The id of a contact in its directory source (a string; lenient decoding also takes a number).",
            "x-cti-lenient": { "type": "integer" },
        })
    }
}

/// A password or token. Its `Debug` never shows the text, and decoding errors never echo
/// it; [`Secret::expose`] is the one way to read it.
///
/// ```
/// use cti_proto::Secret;
/// let token = Secret::new("s3cr3t");
/// assert_eq!(format!("{token:?}"), "Secret(<redacted>)");
/// assert_eq!(token.expose(), "s3cr3t");
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(secret: impl Into<String>) -> Secret {
        Secret(secret.into())
    }

    /// The secret text.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl Serialize for Secret {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        FromWire::from_wire(deserializer)
    }
}

impl FromWire for Secret {
    fn from_wire<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // serde's own errors quote the value they got; a secret's must not.
        struct V;
        impl Visitor<'_> for V {
            type Value = Secret;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Secret, E> {
                Ok(Secret(v.to_owned()))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Secret, E> {
                Err(E::invalid_type(de::Unexpected::Other("a boolean"), &self))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Secret, E> {
                Err(E::invalid_type(de::Unexpected::Other("a number"), &self))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Secret, E> {
                Err(E::invalid_type(de::Unexpected::Other("a number"), &self))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Secret, E> {
                Err(E::invalid_type(de::Unexpected::Other("a number"), &self))
            }
        }
        deserializer.deserialize_any(V)
    }
}

#[cfg(feature = "proptest")]
impl proptest::arbitrary::Arbitrary for Secret {
    type Parameters = ();
    type Strategy = proptest::strategy::BoxedStrategy<Self>;
    fn arbitrary_with(_: ()) -> Self::Strategy {
        use proptest::strategy::Strategy;
        proptest::arbitrary::any::<String>()
            .prop_map(Secret)
            .boxed()
    }
}

#[cfg(feature = "arbitrary")]
impl<'a> arbitrary::Arbitrary<'a> for Secret {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        u.arbitrary().map(Secret)
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Secret {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Secret".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "description": "A password or token." })
    }
}

// ---- contact sheets (ContactSheet, FavoriteContactSheet) ----

open_enum! {
    /// What a contact-sheet action does (`actions[].action`).
    pub enum ContactAction: str {
        /// `"Call"`: `args` holds the number.
        Call = "Call",
        /// `"Chat"`: `args` holds the username.
        Chat = "Chat",
        /// `"Mail"`: `args` holds the address (may be `""`).
        Mail = "Mail",
        /// `"Video"`: `args` holds the username.
        Video = "Video",
    }
}

open_enum! {
    /// The kind of a contact-sheet detail field (`dataType`).
    pub enum DataType: str {
        /// `"PhoneNumber"`.
        PhoneNumber = "PhoneNumber",
        /// `"Mail"`.
        Mail = "Mail",
        /// `"String"`.
        String = "String",
        /// `"Url"`.
        Url = "Url",
    }
}

wire_struct! {
    /// One contact of a contact sheet (`sheets[]`).
    pub struct Sheet {
        /// Display name, e.g. `"James Bond"`.
        pub name: String = "name",
        /// First subtitle line.
        pub subtitle1: String = "subtitle1",
        /// Second subtitle line.
        pub subtitle2: String = "subtitle2",
        /// Picture (URL or data; `""` when none).
        pub picture: String = "picture",
        /// A personal contact of the user.
        pub is_personal: bool = "isPersonal",
        /// A favorite of the user.
        pub is_favorite: bool = "isFavorite",
        /// A meeting room (wire spelling `isMeetingroom`).
        pub is_meetingroom: bool = "isMeetingroom",
        /// Whether `addFavorite` may be used on it.
        pub can_be_favorite: bool = "canBeFavorite",
        /// Phone and video state.
        pub status: SheetStatus = "status",
        /// What the user can do with the contact.
        pub actions: Vec<SheetAction> = "actions",
        /// Directory sources the contact comes from.
        pub sources: Vec<SheetSource> = "sources",
        /// Sections of localised detail fields.
        pub details: Vec<SheetDetail> = "details",
    }
}

wire_struct! {
    /// `status` of a contact: `{"phone": 0, "video": "Available"}`.
    pub struct SheetStatus {
        /// Phone state code.
        pub phone: PhoneStatus = "phone",
        /// Video state.
        pub video: VideoStatus = "video",
    }
}

wire_struct! {
    /// One action of a contact: `{"action": "Call", "args": ["1000"], "default": true}`.
    pub struct SheetAction {
        /// What the action does.
        pub action: ContactAction = "action",
        /// Its arguments, all strings.
        pub args: Vec<String> = "args",
        /// Whether it is the contact's default action.
        pub default: bool = "default",
    }
}

wire_struct! {
    /// A directory source of a contact: `{"name": "internal", "id": "2"}`. `name` and `id`
    /// are what `addFavorite` takes as `source` and `contactId`.
    pub struct SheetSource {
        /// Source (directory) name.
        pub name: String = "name",
        /// Id of the contact in that source.
        pub id: ContactId = "id",
    }
}

wire_struct! {
    /// A section of detail fields, e.g. `"Contacts"` (names are localised).
    pub struct SheetDetail {
        /// Section name.
        pub name: String = "name",
        /// Its fields.
        pub fields: Vec<SheetField> = "fields",
    }
}

wire_struct! {
    /// One detail field: `{"name": "E-mail", "data": "", "dataType": "Mail"}`.
    pub struct SheetField {
        /// Field name (localised).
        pub name: String = "name",
        /// Field value (`""` when empty).
        pub data: String = "data",
        /// Kind of value.
        pub data_type: DataType = "dataType",
    }
}

// ---- directory rows (DirectoryResult, Favorites) ----

wire_struct! {
    /// One row of a deprecated directory answer: a phone status and positional cells that
    /// follow the answer's `headers`.
    pub struct DirectoryEntry {
        /// Phone state of the contact.
        pub status: PhoneStatus = "status",
        /// Cells, in `headers` order; all strings (the favorite column is `"false"`).
        pub entry: Vec<String> = "entry",
        /// Id of the contact in its source (inferred from clients; not in the samples).
        pub contact_id: Option<ContactId> = "contact_id",
        /// Source of the contact (inferred from clients).
        pub source: Option<String> = "source",
        /// Whether the contact is a favorite (inferred from clients).
        pub favorite: Option<bool> = "favorite",
    }
}

#[cfg(feature = "proptest")]
crate::wire::arb::gen_via_arbitrary!(ContactId, Secret);
