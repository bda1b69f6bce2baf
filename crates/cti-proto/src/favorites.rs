//! Favorites: the user's favorite contacts ("Contacts And Favorites" of the User API).
//! `getFavoriteContacts` is answered by `FavoriteContactSheet`; the deprecated
//! `getFavorites` by `Favorites`; `addFavorite` and `removeFavorite` by `FavoriteUpdated`.
//!
//! # Messages
//!
//! Every message of this area. Each has one wire example, on its type's page, or here
//! when its type has none (a test decodes each and encodes it back unchanged); where no
//! sample of a payload is known, the example is made up.
//!
//! - [`GetFavoriteContacts`]: command `getFavoriteContacts`
//! - [`GetFavorites`]: command `getFavorites`
//! - [`AddFavorite`]: command `addFavorite`
//! - [`RemoveFavorite`]: command `removeFavorite`
//! - [`FavoriteContactSheet`]: event `FavoriteContactSheet`
//!
//!   ```json
//!   {"msgType":"FavoriteContactSheet","ctiMessage":{"sheets":[{"name":"James Bond","subtitle1":"","subtitle2":"","picture":"","isPersonal":false,"isFavorite":true,"isMeetingroom":false,"canBeFavorite":true,"status":{"phone":0,"video":"Available"},"actions":[{"action":"Call","args":["1000"],"default":true}],"sources":[{"name":"internal","id":"2"}],"details":[]}]}}
//!   ```
//! - [`Favorites`]: event `Favorites`
//!
//!   ```json
//!   {"msgType":"Favorites","ctiMessage":{"entries":[{"status":0,"entry":["hawkeye","pierce","1002","0761187406","true"]}],"headers":["Firstname","Lastname","Number","Mobile","Favorite"]}}
//!   ```
//! - [`FavoriteUpdated`]: event `FavoriteUpdated`

use cti_proto_derive::Wire;
use smol_str::SmolStr;

use crate::contacts::{DirectoryEntry, Sheet};
use crate::wire::Extra;
use crate::wire::{ContactId, Maybe};

/// `getFavoriteContacts`: the user's favorites, answered by `FavoriteContactSheet`.
/// cti.js never sends `term` (its factory takes one, the public method passes none).
///
/// ```json
/// {"claz":"web","command":"getFavoriteContacts"}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "getFavoriteContacts", new)]
pub struct GetFavoriteContacts {
    /// Optional filter; absent in what cti.js sends.
    pub term: Maybe<SmolStr>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `getFavorites`, **deprecated**: use [`GetFavoriteContacts`]. Answered by `Favorites`.
///
/// ```json
/// {"claz":"web","command":"getFavorites"}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "getFavorites", deprecated_for = "getFavoriteContacts", new)]
pub struct GetFavorites {
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

impl From<GetFavorites> for GetFavoriteContacts {
    /// The modern command for the same request.
    fn from(old: GetFavorites) -> GetFavoriteContacts {
        GetFavoriteContacts {
            term: Maybe::Absent,
            extra: old.extra,
        }
    }
}

/// `addFavorite`: make a contact (from search results) a favorite, owned by `source`.
///
/// ```json
/// {"claz":"web","command":"addFavorite","contactId":"2","source":"internal"}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "addFavorite", new)]
pub struct AddFavorite {
    /// Contact id in its source (`sources[].id` of a sheet).
    #[wire(new)]
    pub contact_id: ContactId,
    /// Directory source (`sources[].name` of a sheet).
    #[wire(new)]
    pub source: SmolStr,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `removeFavorite`: remove a contact from the favorites.
///
/// ```json
/// {"claz":"web","command":"removeFavorite","contactId":"2","source":"internal"}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "removeFavorite", new)]
pub struct RemoveFavorite {
    /// Contact id in its source.
    #[wire(new)]
    pub contact_id: ContactId,
    /// Directory source.
    #[wire(new)]
    pub source: SmolStr,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `FavoriteContactSheet`: the favorites, answer to `getFavoriteContacts`. No sample is
/// known; the shape is inferred to be that of `ContactSheet`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(event = "FavoriteContactSheet")]
pub struct FavoriteContactSheet {
    /// One sheet per favorite.
    pub sheets: Vec<Sheet>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `Favorites`, **deprecated**: use [`FavoriteContactSheet`]. No sample is known; the
/// shape is inferred to be that of `DirectoryResult` (`entries` + `headers`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(event = "Favorites", deprecated_for = "FavoriteContactSheet")]
pub struct Favorites {
    /// The rows.
    pub entries: Vec<DirectoryEntry>,
    /// Column names of `entry` cells.
    pub headers: Vec<SmolStr>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

open_enum! {
    /// Outcome of `addFavorite` / `removeFavorite`; any other value means the update failed.
    pub enum FavoriteAction: str {
        /// `"Added"`.
        Added = "Added",
        /// `"Removed"`.
        Removed = "Removed",
    }
}

/// `FavoriteUpdated`: answer to `addFavorite` / `removeFavorite`. No sample is known;
/// the fields are inferred from clients, so all are optional.
///
/// ```json
/// {"msgType":"FavoriteUpdated","ctiMessage":{"action":"Added","contact_id":"2","source":"internal"}}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(event = "FavoriteUpdated")]
pub struct FavoriteUpdated {
    /// What happened (a value other than `Added` and `Removed`: the update failed).
    pub action: Maybe<FavoriteAction>,
    /// Contact id in its source (snake_case here, unlike the commands).
    #[wire(key = "contact_id")]
    pub contact_id: Maybe<ContactId>,
    /// Directory source.
    pub source: Maybe<SmolStr>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}
