//! Favorites: the user's favorite contacts ("Contacts And Favorites" of the User API).
//! `getFavoriteContacts` is answered by `FavoriteContactSheet`; the deprecated
//! `getFavorites` by `Favorites`; `addFavorite` and `removeFavorite` by `FavoriteUpdated`.
//!
//! # Messages
//!
//! Every message of this area, with a wire example (a test decodes each and encodes it
//! back unchanged). Where no sample of a payload is known, the example is made up.
//!
//! - [`GetFavoriteContacts`]: command `getFavoriteContacts`
//!
//!   ```json
//!   {"claz":"web","command":"getFavoriteContacts"}
//!   ```
//! - [`GetFavorites`]: command `getFavorites`
//!
//!   ```json
//!   {"claz":"web","command":"getFavorites"}
//!   ```
//! - [`AddFavorite`]: command `addFavorite`
//!
//!   ```json
//!   {"claz":"web","command":"addFavorite","contactId":"2","source":"internal"}
//!   ```
//! - [`RemoveFavorite`]: command `removeFavorite`
//!
//!   ```json
//!   {"claz":"web","command":"removeFavorite","contactId":"2","source":"internal"}
//!   ```
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
//!
//!   ```json
//!   {"msgType":"FavoriteUpdated","ctiMessage":{"action":"Added","contact_id":"2","source":"internal"}}
//!   ```

use crate::common::{ContactId, DirectoryEntry, Maybe, Sheet};

wire_struct! {
    /// `getFavoriteContacts`: the user's favorites, answered by `FavoriteContactSheet`.
    /// cti.js never sends `term` (its factory takes one, the public method passes none).
    ///
    /// ```json
    /// {"claz":"web","command":"getFavoriteContacts"}
    /// ```
    pub struct GetFavoriteContacts skips ["claz", "command"] new() {
        /// Optional filter; absent in what cti.js sends.
        pub term: Maybe<String> = "term",
    }
}

wire_struct! {
    /// `getFavorites`, **deprecated**: use [`GetFavoriteContacts`]. Answered by `Favorites`.
    ///
    /// ```json
    /// {"claz":"web","command":"getFavorites"}
    /// ```
    pub struct GetFavorites skips ["claz", "command"] new() {
    }
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

wire_struct! {
    /// `addFavorite`: make a contact (from search results) a favorite, owned by `source`.
    ///
    /// ```json
    /// {"claz":"web","command":"addFavorite","contactId":"2","source":"internal"}
    /// ```
    pub struct AddFavorite skips ["claz", "command"] new(contact_id: ContactId, source: String) {
        /// Contact id in its source (`sources[].id` of a sheet).
        pub contact_id: ContactId = "contactId",
        /// Directory source (`sources[].name` of a sheet).
        pub source: String = "source",
    }
}

wire_struct! {
    /// `removeFavorite`: remove a contact from the favorites.
    ///
    /// ```json
    /// {"claz":"web","command":"removeFavorite","contactId":"2","source":"internal"}
    /// ```
    pub struct RemoveFavorite skips ["claz", "command"] new(contact_id: ContactId, source: String) {
        /// Contact id in its source.
        pub contact_id: ContactId = "contactId",
        /// Directory source.
        pub source: String = "source",
    }
}

wire_struct! {
    /// `FavoriteContactSheet`: the favorites, answer to `getFavoriteContacts`. No sample is
    /// known; the shape is inferred to be that of `ContactSheet`.
    pub struct FavoriteContactSheet {
        /// One sheet per favorite.
        pub sheets: Vec<Sheet> = "sheets",
    }
}

wire_struct! {
    /// `Favorites`, **deprecated**: use [`FavoriteContactSheet`]. No sample is known; the
    /// shape is inferred to be that of `DirectoryResult` (`entries` + `headers`).
    pub struct Favorites {
        /// The rows.
        pub entries: Vec<DirectoryEntry> = "entries",
        /// Column names of `entry` cells.
        pub headers: Vec<String> = "headers",
    }
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

wire_struct! {
    /// `FavoriteUpdated`: answer to `addFavorite` / `removeFavorite`. No sample is known;
    /// the fields are inferred from clients, so all are optional.
    ///
    /// ```json
    /// {"msgType":"FavoriteUpdated","ctiMessage":{"action":"Added","contact_id":"2","source":"internal"}}
    /// ```
    pub struct FavoriteUpdated {
        /// What happened (`Other` = the update failed).
        pub action: Maybe<FavoriteAction> = "action",
        /// Contact id in its source (snake_case here, unlike the commands).
        pub contact_id: Maybe<ContactId> = "contact_id",
        /// Directory source.
        pub source: Maybe<String> = "source",
    }
}
