//! Answers of the favorites area: `getFavoriteContacts`, `getFavorites`, `addFavorite`,
//! `removeFavorite`.

use cti_proto::favorites::{FavoriteAction, FavoriteUpdated};
use cti_proto::{Command, Event, SmolStr};

use super::state::{now, ConnectionState, Reply};
use crate::messages;
use crate::scenario::{Contact, ContactRef};
use crate::world::World;

impl ConnectionState {
    /// `getFavoriteContacts`, `getFavorites`, `addFavorite`, `removeFavorite`; `None` for
    /// another command.
    pub(super) fn answer_favorites(
        &mut self,
        world: &World,
        command: &Command,
    ) -> Option<Vec<Reply>> {
        let companions = world.scenario.deprecated_companions;
        Some(match command {
            Command::GetFavoriteContacts(_) => {
                let favorites = self.favorites(world);
                let mut replies = now(messages::favorite_contact_sheet(favorites.iter().copied()));
                if companions {
                    // "... FAVORITECONTACTSHEET and the old FAVORITES" (User API).
                    replies.push(Reply::Now(messages::favorites(favorites.into_iter())));
                }
                replies
            }
            Command::GetFavorites(_) => now(messages::favorites(self.favorites(world).into_iter())),
            Command::AddFavorite(add) => {
                let wanted = ContactRef::new(add.source.as_str(), add.contact_id.as_str());
                now(self.set_favorite(world, wanted, true))
            }
            Command::RemoveFavorite(remove) => {
                let wanted = ContactRef::new(remove.source.as_str(), remove.contact_id.as_str());
                now(self.set_favorite(world, wanted, false))
            }
            _ => return None,
        })
    }

    /// The references of the user's favorites.
    pub(super) fn favorite_refs(&self, world: &World) -> Vec<ContactRef> {
        world
            .user_data()
            .get(&self.user(world).login)
            .map(|data| data.favorites.iter().cloned().collect())
            .unwrap_or_default()
    }

    /// The user's favorites, in directory order.
    fn favorites<'w>(&self, world: &'w World) -> Vec<&'w Contact> {
        let favorites = self.favorite_refs(world);
        world
            .scenario
            .directory
            .iter()
            .filter(|c| favorites.contains(&c.reference()))
            .collect()
    }

    /// `addFavorite` / `removeFavorite`: `FavoriteUpdated`, or `Error` for a contact that
    /// is not in the directory (no sample of a failure is known).
    fn set_favorite(&self, world: &World, wanted: ContactRef, add: bool) -> Event {
        if !world
            .scenario
            .directory
            .iter()
            .any(|c| c.reference() == wanted)
        {
            return messages::error("ContactNotFound");
        }
        if let Some(data) = world.user_data().get_mut(&self.user(world).login) {
            if add {
                data.favorites.insert(wanted.clone());
            } else {
                data.favorites.remove(&wanted);
            }
        }
        let mut updated = FavoriteUpdated::default();
        updated.action = if add {
            FavoriteAction::Added
        } else {
            FavoriteAction::Removed
        }
        .into();
        updated.contact_id = cti_proto::common::ContactId::new(wanted.id).into();
        updated.source = SmolStr::from(wanted.source).into();
        updated.into()
    }
}
