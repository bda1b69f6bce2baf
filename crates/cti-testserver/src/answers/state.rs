//! The state of one connection: its calls, its agent, its forwards, and what an answer is.

use std::time::{Duration, Instant};

use cti_proto::agent::AgentState;
use cti_proto::phone::{PhoneEventType, PhoneStatus};
use cti_proto::{Event, SmolStr};

use crate::messages::{self, CallInfo, Forwards};
use crate::scenario::{ScriptFrame, User};
use crate::world::{Count, World};

/// Something to send later.
#[derive(Clone, Debug)]
pub(crate) enum Later {
    /// Frames of a script.
    Frames(Vec<ScriptFrame>),
    /// The far end answers the call `uniqueId`, if it is still dialing.
    RemoteAnswer(SmolStr),
}

/// An answer: an event now, or something after a delay.
#[derive(Clone, Debug)]
pub(crate) enum Reply {
    Now(Event),
    /// A frame sent as written (an unchecked script's).
    Raw(String),
    After(Duration, Later),
}

/// Where a call is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum CallState {
    Dialing,
    Ringing,
    Established,
    OnHold,
}

#[derive(Clone, Debug)]
pub(super) struct Call {
    pub(super) info: CallInfo,
    pub(super) state: CallState,
}

#[derive(Clone, Debug)]
pub(super) struct Agent {
    pub(super) id: i64,
    pub(super) state: AgentState,
    pub(super) since: Instant,
    pub(super) cause: Option<SmolStr>,
}

/// The state of one logged-on connection.
pub(crate) struct ConnectionState {
    pub(super) user: usize,
    pub(super) user_id: i64,
    pub(super) number: SmolStr,
    pub(super) calls: Vec<Call>,
    pub(super) agent: Option<Agent>,
    pub(super) forwards: Forwards,
}

impl ConnectionState {
    /// A connection of the scenario's user `user`.
    pub fn new(world: &World, user: usize) -> ConnectionState {
        let scenario = &world.scenario;
        ConnectionState {
            user,
            user_id: messages::user_id(scenario, user),
            number: scenario.users[user].phone_number.as_str().into(),
            calls: Vec::new(),
            agent: None,
            forwards: Forwards::default(),
        }
    }

    pub(super) fn user<'w>(&self, world: &'w World) -> &'w User {
        &world.scenario.users[self.user]
    }

    /// What is pushed right after `LoggedOn`. The docs say nothing of it (WIRE.md §4.3);
    /// this follows what clients expect without asking:
    ///
    /// - `UserConfigUpdate`, whole (`fullName` set): the web client's user record
    ///   (CLIENTS.md §2, XucUser:27); the GLPI plugin registers its handler inside its
    ///   `LoggedOn` handler (WIRE.md §4.3).
    /// - `CtiStatuses`, and `UsersStatuses` with the deprecated companions: the statuses
    ///   GLPI and XucAgent read (`UsersStatuses` is deprecated for `CtiStatuses`, "both
    ///   may be sent", WIRE.md §5.1).
    /// - `RightProfile`: XucLink waits for it and never asks (WIRE.md §2.3, CLIENTS.md §2).
    /// - `UserPreference`, all of them: "Triggered on login to retrieve all user
    ///   preferences" (User API).
    /// - `PhoneStatusUpdate`: GLPI registers it in its `LoggedOn` handler (WIRE.md §4.3).
    pub fn welcome(&self, world: &World) -> Vec<Event> {
        let scenario = &world.scenario;
        let user = self.user(world);
        let mut frames = vec![
            messages::user_config(user, self.user_id, &self.forwards),
            messages::cti_statuses(&scenario.statuses),
        ];
        if scenario.deprecated_companions {
            frames.push(messages::users_statuses(&scenario.statuses).into());
        }
        frames.push(messages::right_profile(user));
        let preferences = world
            .user_data()
            .get(&user.login)
            .map(|data| data.preferences.clone())
            .unwrap_or_default();
        frames.push(messages::user_preference(preferences.iter()));
        frames.push(messages::phone_status(self.phone_status()));
        frames
    }

    /// The phone's state from its calls, as `Cti.PhoneStatus` codes.
    pub fn phone_status(&self) -> PhoneStatus {
        let has = |state| self.calls.iter().any(|c| c.state == state);
        let talking = has(CallState::Established) || has(CallState::Dialing);
        match () {
            _ if has(CallState::Ringing) && talking => PhoneStatus::BusyAndRinging,
            _ if has(CallState::Ringing) => PhoneStatus::Ringing,
            _ if has(CallState::Established) => PhoneStatus::Busy,
            _ if has(CallState::Dialing) => PhoneStatus::Calling,
            _ if has(CallState::OnHold) => PhoneStatus::OnHold,
            _ => PhoneStatus::Available,
        }
    }

    /// Follows the calls of this user's phone through the phone events sent to it,
    /// whoever made them (built in, scripted or pushed).
    pub fn observe(&mut self, event: &Event) {
        let Event::PhoneEvent(phone) = event else {
            return;
        };
        if phone.dn != self.number {
            return;
        }
        let state = match phone.event_type {
            PhoneEventType::EventDialing => CallState::Dialing,
            PhoneEventType::EventRinging => CallState::Ringing,
            PhoneEventType::EventEstablished => CallState::Established,
            PhoneEventType::EventOnHold => CallState::OnHold,
            PhoneEventType::EventReleased => {
                self.calls.retain(|c| c.info.unique_id != phone.unique_id);
                return;
            }
            _ => return,
        };
        let info = CallInfo {
            dn: phone.dn.clone(),
            other_dn: phone.other_dn.value().cloned().unwrap_or_default(),
            other_name: phone.other_d_name.value().cloned(),
            linked_id: phone.linked_id.clone(),
            unique_id: phone.unique_id.clone(),
        };
        match self
            .calls
            .iter_mut()
            .find(|c| c.info.unique_id == info.unique_id)
        {
            Some(call) => call.state = state,
            None => self.calls.push(Call { info, state }),
        }
    }

    /// The call a phone command acts on: the one named by `uniqueId`, else the first in
    /// one of `states`.
    pub(super) fn call(&self, unique_id: Option<&SmolStr>, states: &[CallState]) -> Option<&Call> {
        self.calls
            .iter()
            .filter(|c| states.contains(&c.state))
            .find(|c| unique_id.is_none_or(|id| &c.info.unique_id == id))
    }
}

/// One event, now.
pub(super) fn now(event: Event) -> Vec<Reply> {
    vec![Reply::Now(event)]
}

/// `Error` with `code`, for a command past one of the server's bounds
/// ([`Limits`](crate::Limits)), counted: xuc's own limits are not documented.
pub(super) fn over_limit(world: &World, code: &str) -> Vec<Reply> {
    world.count(Count::OverLimit);
    vec![Reply::Now(messages::error(code))]
}
