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

use crate::common::{DirectoryEntry, Sheet};
use crate::wire::Extra;

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
