//! Answers of the contacts area: `searchContacts`, `directoryLookUp`.

use cti_proto::Command;

use super::state::{now, ConnectionState, Reply};
use crate::messages;
use crate::scenario::Contact;
use crate::world::World;

impl ConnectionState {
    /// `searchContacts`, `directoryLookUp`; `None` for another command.
    pub(super) fn answer_contacts(
        &mut self,
        world: &World,
        command: &Command,
    ) -> Option<Vec<Reply>> {
        let companions = world.scenario.deprecated_companions;
        Some(match command {
            Command::SearchContacts(search) => {
                let found = self.search(world, &search.term);
                let mut replies = now(messages::contact_sheet(found.iter().cloned()));
                if companions {
                    // "you will both receive ... CONTACTSHEET ... and the old
                    // DIRECTORYRESULT" (User API, searchContacts).
                    replies.push(Reply::Now(messages::directory_result(found.into_iter())));
                }
                replies
            }
            Command::DirectoryLookUp(lookup) => {
                let found = self.search(world, &lookup.term);
                now(messages::directory_result(found.into_iter()))
            }
            _ => return None,
        })
    }

    /// Contacts whose name, number, mobile, e-mail or username contains `term`, ignoring
    /// case; every contact for an empty term.
    fn search<'w>(&self, world: &'w World, term: &str) -> Vec<(&'w Contact, bool)> {
        let term = term.to_lowercase();
        let favorites = self.favorite_refs(world);
        world
            .scenario
            .directory
            .iter()
            .filter(|c| {
                [&c.name(), &c.number, &c.mobile, &c.email, &c.username]
                    .iter()
                    .any(|field| field.to_lowercase().contains(&term))
            })
            .map(|c| (c, favorites.contains(&c.reference())))
            .collect()
    }
}
