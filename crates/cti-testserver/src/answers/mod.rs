//! The built-in behaviour: what the server answers to each command, and the state of a
//! connection (its calls, its agent, its forwards). No IO: answers are events to send
//! now or later; the connection loop sends them. One file per API area, as in cti-proto,
//! each answering its area's commands.

mod agent;
mod config;
mod contacts;
mod favorites;
mod phone;
mod state;
mod user;

use cti_proto::phone::PhoneEventType;
use cti_proto::Command;

use crate::messages;
use crate::scenario::ScriptFrame;
use crate::world::World;
use state::CallState;
pub(crate) use state::{ConnectionState, Later, Reply};

/// The answer of one area to a command, `None` when the command is another area's.
type Area = fn(&mut ConnectionState, &World, &Command) -> Option<Vec<Reply>>;

/// The areas, each answering its own commands.
const AREAS: [Area; 6] = [
    ConnectionState::answer_config,
    ConnectionState::answer_contacts,
    ConnectionState::answer_favorites,
    ConnectionState::answer_user,
    ConnectionState::answer_phone,
    ConnectionState::answer_agent,
];

impl ConnectionState {
    /// The built-in answer to `command`: its area's, nothing for a command no area answers.
    pub fn answer(&mut self, world: &World, command: &Command) -> Vec<Reply> {
        AREAS
            .iter()
            .find_map(|area| area(self, world, command))
            .unwrap_or_default()
    }

    /// What to send for something due now; nothing when it no longer applies.
    pub fn later(&self, later: Later) -> Vec<Reply> {
        match later {
            Later::Frames(frames) => frames
                .into_iter()
                .map(|frame| match frame {
                    ScriptFrame::Event(event) => Reply::Now(event),
                    ScriptFrame::Raw(text) => Reply::Raw(text),
                })
                .collect(),
            Later::RemoteAnswer(unique_id) => self
                .call(Some(&unique_id), &[CallState::Dialing])
                .map(|call| {
                    Reply::Now(messages::phone_event(
                        PhoneEventType::EventEstablished,
                        &call.info,
                    ))
                })
                .into_iter()
                .collect(),
        }
    }
}
