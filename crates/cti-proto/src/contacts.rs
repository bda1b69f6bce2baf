//! Contacts: searching the directories ("Contacts And Favorites" of the User API).
//! `searchContacts` is answered by `ContactSheet` and, for older clients, by the deprecated
//! `DirectoryResult` too.
//!
//! # Messages
//!
//! Every message of this area. Each has one wire example, on its type's page, or here
//! when its type has none (a test decodes each and encodes it back unchanged); where no
//! sample of a payload is known, the example is made up.
//!
//! - [`SearchContacts`]: command `searchContacts`
//! - [`DirectoryLookUp`]: command `directoryLookUp`
//! - [`ContactSheet`]: event `ContactSheet`
//! - [`DirectoryResult`]: event `DirectoryResult`

use cti_proto_derive::Wire;
use smol_str::SmolStr;

use crate::phone::PhoneStatus;
use crate::video::VideoStatus;
use crate::wire::Extra;
use crate::wire::{ContactId, Maybe};

/// `searchContacts`: search the directories for `term`; answered by `ContactSheet` (and
/// `DirectoryResult`).
///
/// ```json
/// {"claz":"web","command":"searchContacts","term":"bond"}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "searchContacts", new)]
pub struct SearchContacts {
    /// What to search for.
    #[wire(new)]
    pub term: SmolStr,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `directoryLookUp`, **deprecated**: use [`SearchContacts`]. Answered by
/// `DirectoryResult` only.
///
/// ```json
/// {"claz":"web","command":"directoryLookUp","term":"bond"}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "directoryLookUp", deprecated_for = "searchContacts", new)]
pub struct DirectoryLookUp {
    /// What to search for.
    #[wire(new)]
    pub term: SmolStr,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

impl From<DirectoryLookUp> for SearchContacts {
    /// The modern command for the same search.
    fn from(lookup: DirectoryLookUp) -> SearchContacts {
        SearchContacts {
            term: lookup.term,
            extra: lookup.extra,
        }
    }
}

/// `ContactSheet`: the contacts found by `searchContacts`.
///
/// ```json
/// {"msgType":"ContactSheet","ctiMessage":{"sheets":[{"name":"James Bond","subtitle1":"","subtitle2":"","picture":"","isPersonal":false,"isFavorite":false,"isMeetingroom":false,"canBeFavorite":true,"status":{"phone":0,"video":"Available"},"actions":[{"action":"Call","args":["1000"],"default":true}],"sources":[{"name":"internal","id":"2"}],"details":[]}]}}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(event = "ContactSheet")]
pub struct ContactSheet {
    /// One sheet per contact found.
    pub sheets: Vec<Sheet>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `DirectoryResult`, **deprecated**: use [`ContactSheet`]. Rows of positional cells
/// that follow `headers`; headers are configurable and localised.
///
/// ```json
/// {"msgType":"DirectoryResult","ctiMessage":{
///   "entries":[{"status":0,"entry":["hawkeye","pierce","1002","0761187406","false"]}],
///   "headers":["Firstname","Lastname","Number","Mobile","Favorite"]}}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(event = "DirectoryResult", deprecated_for = "ContactSheet")]
pub struct DirectoryResult {
    /// The rows.
    pub entries: Vec<DirectoryEntry>,
    /// Column names of `entry` cells.
    pub headers: Vec<SmolStr>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
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

/// One contact of a contact sheet (`sheets[]`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
pub struct Sheet {
    /// Display name, e.g. `"James Bond"`.
    pub name: SmolStr,
    /// First subtitle line.
    pub subtitle1: SmolStr,
    /// Second subtitle line.
    pub subtitle2: SmolStr,
    /// Picture (URL or data; `""` when none).
    pub picture: SmolStr,
    /// A personal contact of the user.
    pub is_personal: bool,
    /// A favorite of the user.
    pub is_favorite: bool,
    /// A meeting room (wire spelling `isMeetingroom`).
    pub is_meetingroom: bool,
    /// Whether `addFavorite` may be used on it.
    pub can_be_favorite: bool,
    /// Phone and video state.
    pub status: SheetStatus,
    /// What the user can do with the contact.
    pub actions: Vec<SheetAction>,
    /// Directory sources the contact comes from.
    pub sources: Vec<SheetSource>,
    /// Sections of localised detail fields.
    pub details: Vec<SheetDetail>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `status` of a contact: `{"phone": 0, "video": "Available"}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
pub struct SheetStatus {
    /// Phone state code.
    pub phone: PhoneStatus,
    /// Video state.
    pub video: VideoStatus,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// One action of a contact: `{"action": "Call", "args": ["1000"], "default": true}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
pub struct SheetAction {
    /// What the action does.
    pub action: ContactAction,
    /// Its arguments, all strings.
    pub args: Vec<SmolStr>,
    /// Whether it is the contact's default action.
    pub default: bool,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// A directory source of a contact: `{"name": "internal", "id": "2"}`. `name` and `id`
/// are what `addFavorite` takes as `source` and `contactId`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
pub struct SheetSource {
    /// Source (directory) name.
    pub name: SmolStr,
    /// Id of the contact in that source.
    pub id: ContactId,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// A section of detail fields, e.g. `"Contacts"` (names are localised).
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
pub struct SheetDetail {
    /// Section name.
    pub name: SmolStr,
    /// Its fields.
    pub fields: Vec<SheetField>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// One detail field: `{"name": "E-mail", "data": "", "dataType": "Mail"}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
pub struct SheetField {
    /// Field name (localised).
    pub name: SmolStr,
    /// Field value (`""` when empty).
    pub data: SmolStr,
    /// Kind of value.
    pub data_type: DataType,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

// ---- directory rows (DirectoryResult, Favorites) ----

/// One row of a deprecated directory answer: a phone status and positional cells that
/// follow the answer's `headers`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
pub struct DirectoryEntry {
    /// Phone state of the contact.
    pub status: PhoneStatus,
    /// Cells, in `headers` order; all strings (the favorite column is `"false"`).
    pub entry: Vec<SmolStr>,
    /// Id of the contact in its source (inferred from clients; not in the samples).
    #[wire(key = "contact_id")]
    pub contact_id: Maybe<ContactId>,
    /// Source of the contact (inferred from clients).
    pub source: Maybe<SmolStr>,
    /// Whether the contact is a favorite (inferred from clients).
    pub favorite: Maybe<bool>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}
