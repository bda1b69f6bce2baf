//! Answers of the session area: `ping`, `getConfig`, `getList`.

use cti_proto::login::{ConfigObjectType, ListObjectType};
use cti_proto::Command;

use super::state::{now, ConnectionState, Reply};
use crate::messages;
use crate::world::World;

impl ConnectionState {
    /// `ping`, `getConfig` (the line), `getList`; `None` for another command.
    pub(super) fn answer_config(&mut self, world: &World, command: &Command) -> Option<Vec<Reply>> {
        let scenario = &world.scenario;
        Some(match command {
            // Any frame resets the client's heartbeat (CLIENTS.md §1), and what xuc
            // answers is not documented: the phone's state, a message every client
            // either ignores or applies again to no effect.
            Command::Ping(_) => now(messages::phone_status(self.phone_status())),
            Command::GetConfig(get) if get.object_type == ConfigObjectType::Line => {
                now(messages::line_config(self.user(world)))
            }
            Command::GetList(get) => match get.object_type {
                ListObjectType::Queue => now(messages::queue_list(&scenario.queues)),
                ListObjectType::Agent => now(messages::agent_list(scenario)),
                ListObjectType::QueueMember => now(messages::queue_member_list(scenario)),
                _ => Vec::new(),
            },
            _ => return None,
        })
    }
}
