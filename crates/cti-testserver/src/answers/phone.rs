//! Answers of the phone area: `dial`, `answer`, `hold`, `hangup`,
//! `getCurrentCallsPhoneEvents`.

use std::time::Duration;

use cti_proto::phone::{CurrentCallsPhoneEvents, PhoneEventType};
use cti_proto::{Command, SmolStr};

use super::state::{now, over_limit, CallState, ConnectionState, Later, Reply};
use crate::messages::{self, CallInfo};
use crate::world::{Connected, World};

impl ConnectionState {
    /// `dial`, `answer`, `hold`, `hangup`, `getCurrentCallsPhoneEvents`; `None` for another
    /// command.
    pub(super) fn answer_phone(&mut self, world: &World, command: &Command) -> Option<Vec<Reply>> {
        Some(match command {
            Command::Dial(dial) if dial.destination.len() > world.limits.max_string => {
                over_limit(world, "ValueTooLong")
            }
            Command::Dial(_) if self.calls.len() >= world.limits.max_calls => {
                over_limit(world, "TooManyCalls")
            }
            Command::Dial(dial) => self.dial(world, &dial.destination),
            Command::Answer(answer) => {
                match self.call(answer.unique_id.value(), &[CallState::Ringing]) {
                    Some(call) => {
                        let established = PhoneEventType::EventEstablished;
                        let login = &self.user(world).login;
                        world.tell_other(login, &call.info.linked_id, established.clone());
                        now(messages::phone_event(established, &call.info))
                    }
                    None => Vec::new(),
                }
            }
            Command::Hold(hold) => {
                let states = [CallState::Established, CallState::OnHold];
                match self.call(hold.unique_id.value(), &states) {
                    // `hold` holds, or resumes a held call.
                    Some(call) if call.state == CallState::OnHold => now(messages::phone_event(
                        PhoneEventType::EventEstablished,
                        &call.info,
                    )),
                    Some(call) => now(messages::phone_event(
                        PhoneEventType::EventOnHold,
                        &call.info,
                    )),
                    None => Vec::new(),
                }
            }
            Command::Hangup(hangup) => {
                let any = [
                    CallState::Established,
                    CallState::Dialing,
                    CallState::OnHold,
                    CallState::Ringing,
                ];
                match self.call(hangup.unique_id.value(), &any) {
                    Some(call) => {
                        let released = PhoneEventType::EventReleased;
                        let login = &self.user(world).login;
                        world.tell_other(login, &call.info.linked_id, released.clone());
                        now(messages::phone_event(released, &call.info))
                    }
                    None => Vec::new(),
                }
            }
            Command::GetCurrentCallsPhoneEvents(_) => {
                let mut current = CurrentCallsPhoneEvents::default();
                current.events = self
                    .calls
                    .iter()
                    .map(|call| messages::phone_event_payload(event_type(call.state), &call.info))
                    .collect();
                now(current.into())
            }
            _ => return None,
        })
    }

    /// `dial`: `EventDialing` now, `EventEstablished` when the far end answers. The
    /// number of another user with a connection open rings that user instead
    /// ([`World::connect`]), who answers.
    fn dial(&mut self, world: &World, destination: &SmolStr) -> Vec<Reply> {
        let unique_id = SmolStr::from(world.unique_id());
        let other_name = world
            .scenario
            .directory
            .iter()
            .find(|c| c.number == *destination)
            .map(|c| SmolStr::from(c.name()))
            .or_else(|| {
                world
                    .scenario
                    .users
                    .iter()
                    .find(|u| u.phone_number == *destination)
                    .map(|u| SmolStr::from(messages::full_name(u)))
            });
        let info = CallInfo {
            dn: self.number.clone(),
            other_dn: destination.clone(),
            other_name,
            linked_id: unique_id.clone(),
            unique_id: unique_id.clone(),
        };
        let mut replies = vec![Reply::Now(messages::phone_event(
            PhoneEventType::EventDialing,
            &info,
        ))];
        let me = self.user(world);
        let callee = world
            .scenario
            .users
            .iter()
            .find(|u| u.phone_number == *destination && u.login != me.login);
        if let Some(callee) = callee {
            match world.connect(me, &info, callee) {
                Connected::Rang => return replies,
                Connected::Busy => return over_limit(world, "TooManyCalls"),
                Connected::NotLoggedOn => {}
            }
        }
        if let Some(ms) = world.scenario.phone.remote_answer_ms {
            replies.push(Reply::After(
                Duration::from_millis(ms),
                Later::RemoteAnswer(unique_id),
            ));
        }
        replies
    }
}

fn event_type(state: CallState) -> PhoneEventType {
    match state {
        CallState::Dialing => PhoneEventType::EventDialing,
        CallState::Ringing => PhoneEventType::EventRinging,
        CallState::Established => PhoneEventType::EventEstablished,
        CallState::OnHold => PhoneEventType::EventOnHold,
    }
}
