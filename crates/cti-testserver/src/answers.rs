//! The built-in behaviour: what the server answers to each command, and the state of a
//! connection (its calls, its agent, its forwards). No IO: answers are events to send
//! now or later; the connection loop sends them.

use std::time::{Duration, Instant};

use cti_proto::agent::{AgentError, AgentErrorCode, AgentState};
use cti_proto::common::PhoneStatus;
use cti_proto::favorites::{FavoriteAction, FavoriteUpdated};
use cti_proto::phone::{CurrentCallsPhoneEvents, PhoneEventType};
use cti_proto::session::{ConfigObjectType, ListObjectType};
use cti_proto::user::{UserDisplayName, UserStatusUpdate};
use cti_proto::{Command, Event, RawJson, SmolStr};

use crate::messages::{self, CallInfo, Forward, Forwards};
use crate::scenario::{Contact, ContactRef, ScriptFrame, User};
use crate::world::{Connected, Count, World};

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
enum CallState {
    Dialing,
    Ringing,
    Established,
    OnHold,
}

#[derive(Clone, Debug)]
struct Call {
    info: CallInfo,
    state: CallState,
}

#[derive(Clone, Debug)]
struct Agent {
    id: i64,
    state: AgentState,
    since: Instant,
    cause: Option<SmolStr>,
}

/// The state of one logged-on connection.
pub(crate) struct SessionState {
    user: usize,
    user_id: i64,
    number: SmolStr,
    calls: Vec<Call>,
    agent: Option<Agent>,
    forwards: Forwards,
}

impl SessionState {
    /// A connection of the scenario's user `user`.
    pub fn new(world: &World, user: usize) -> SessionState {
        let scenario = &world.scenario;
        SessionState {
            user,
            user_id: messages::user_id(scenario, user),
            number: scenario.users[user].phone_number.as_str().into(),
            calls: Vec::new(),
            agent: None,
            forwards: Forwards::default(),
        }
    }

    fn user<'w>(&self, world: &'w World) -> &'w User {
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
    fn call(&self, unique_id: Option<&SmolStr>, states: &[CallState]) -> Option<&Call> {
        self.calls
            .iter()
            .filter(|c| states.contains(&c.state))
            .find(|c| unique_id.is_none_or(|id| &c.info.unique_id == id))
    }

    /// The built-in answer to `command`.
    pub fn answer(&mut self, world: &World, command: &Command) -> Vec<Reply> {
        let scenario = &world.scenario;
        let companions = scenario.deprecated_companions;
        let now = |event: Event| vec![Reply::Now(event)];
        match command {
            // Any frame resets the client's heartbeat (CLIENTS.md §1), and what xuc
            // answers is not documented: the phone's state, a message every client
            // either ignores or applies again to no effect.
            Command::Ping(_) => now(messages::phone_status(self.phone_status())),
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
            Command::UserStatusUpdate(change) => {
                if scenario.statuses.iter().any(|s| s.name == change.status) {
                    let mut update = UserStatusUpdate::default();
                    update.status = change.status.clone().into();
                    now(update.into())
                } else {
                    now(messages::error("UnknownStatus"))
                }
            }
            Command::DisplayNameLookup(lookup) => now(display_name(world, &lookup.username)),
            Command::SetUserPreference(set) => {
                let value = set.value.to_string();
                if [set.key.as_str(), &value, set.value_type.as_str()]
                    .iter()
                    .any(|text| text.len() > world.limits.max_string)
                {
                    return over_limit(world, "ValueTooLong");
                }
                let preference = crate::scenario::Preference {
                    key: set.key.as_str().to_owned(),
                    value,
                    value_type: set.value_type.as_str().to_owned(),
                };
                if let Some(data) = world.user_data().get_mut(&self.user(world).login) {
                    let kept = data.preferences.len();
                    match data
                        .preferences
                        .iter_mut()
                        .find(|p| p.key == preference.key)
                    {
                        Some(kept) => *kept = preference.clone(),
                        None if kept >= world.limits.max_preferences => {
                            return over_limit(world, "TooManyPreferences");
                        }
                        None => data.preferences.push(preference.clone()),
                    }
                }
                // "Then triggered when a user preference is updated" (User API): the one
                // that changed.
                now(messages::user_preference(std::iter::once(&preference)))
            }
            Command::Dnd(dnd) => {
                self.forwards.dnd = dnd.state;
                now(messages::forward_changed(
                    self.user_id,
                    &self.forwards,
                    Forward::Dnd,
                ))
            }
            Command::NaFwd(fwd) if fwd.destination.len() > world.limits.max_string => {
                over_limit(world, "ValueTooLong")
            }
            Command::NaFwd(fwd) => {
                self.forwards.na = (fwd.state, fwd.destination.clone());
                now(messages::forward_changed(
                    self.user_id,
                    &self.forwards,
                    Forward::Na,
                ))
            }
            Command::UncFwd(fwd) if fwd.destination.len() > world.limits.max_string => {
                over_limit(world, "ValueTooLong")
            }
            Command::UncFwd(fwd) => {
                self.forwards.unc = (fwd.state, fwd.destination.clone());
                now(messages::forward_changed(
                    self.user_id,
                    &self.forwards,
                    Forward::Unc,
                ))
            }
            Command::BusyFwd(fwd) if fwd.destination.len() > world.limits.max_string => {
                over_limit(world, "ValueTooLong")
            }
            Command::BusyFwd(fwd) => {
                self.forwards.busy = (fwd.state, fwd.destination.clone());
                now(messages::forward_changed(
                    self.user_id,
                    &self.forwards,
                    Forward::Busy,
                ))
            }
            Command::GetConfig(get) if get.object_type == ConfigObjectType::Line => {
                now(messages::line_config(self.user(world)))
            }
            Command::GetList(get) => match get.object_type {
                ListObjectType::Queue => now(messages::queue_list(&scenario.queues)),
                ListObjectType::Agent => now(messages::agent_list(scenario)),
                ListObjectType::QueueMember => now(messages::queue_member_list(scenario)),
                _ => Vec::new(),
            },
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
            Command::AgentLogin(login) => {
                // XucAgent may send an empty number (CLIENTS.md §4): the user's own then.
                let phone = login
                    .agent_phone_number
                    .value()
                    .filter(|number| !number.is_empty())
                    .cloned()
                    .unwrap_or_else(|| self.number.clone());
                if !scenario.users.iter().any(|u| u.phone_number == phone) {
                    let mut error = AgentError::default();
                    error.error = AgentErrorCode::PhoneNumberUnknown;
                    return now(error.into());
                }
                let Some(id) = login
                    .agent_id
                    .value()
                    .copied()
                    .or(self.user(world).agent_id)
                else {
                    return now(messages::error("NoAgent"));
                };
                // The web client switches on `AgentLogin` then `AgentReady`
                // (CLIENTS.md §3, XucAgentUser:69-102).
                let mut replies = self.agent_to(world, id, AgentState::AgentLogin, None);
                replies.extend(self.agent_to(world, id, AgentState::AgentReady, None));
                replies
            }
            Command::AgentLogout(logout) => match self.agent_id(world, logout.agent_id.value()) {
                Some(id) => self.agent_to(world, id, AgentState::AgentLoggedOut, None),
                None => now(messages::error("NoAgent")),
            },
            Command::PauseAgent(pause)
                if pause
                    .reason
                    .value()
                    .is_some_and(|reason| reason.len() > world.limits.max_string) =>
            {
                over_limit(world, "ValueTooLong")
            }
            Command::PauseAgent(pause) => match self.agent_id(world, pause.agent_id.value()) {
                Some(id) => {
                    let cause = pause.reason.value().cloned();
                    self.agent_to(world, id, AgentState::AgentOnPause, cause)
                }
                None => now(messages::error("NoAgent")),
            },
            Command::UnpauseAgent(unpause) => {
                match self.agent_id(world, unpause.agent_id.value()) {
                    Some(id) => self.agent_to(world, id, AgentState::AgentReady, None),
                    None => now(messages::error("NoAgent")),
                }
            }
            Command::GetAgentStates(_) => match (&self.agent, self.user(world).agent_id) {
                (Some(agent), _) => now(self.agent_event(world, agent)),
                (None, Some(id)) => now(messages::agent_state(
                    AgentState::AgentLoggedOut,
                    id,
                    "",
                    0,
                    &[],
                    None,
                )),
                (None, None) => Vec::new(),
            },
            _ => Vec::new(),
        }
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

    fn favorite_refs(&self, world: &World) -> Vec<ContactRef> {
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

    fn agent_id(&self, world: &World, given: Option<&i64>) -> Option<i64> {
        given
            .copied()
            .or(self.agent.as_ref().map(|a| a.id))
            .or(self.user(world).agent_id)
    }

    fn agent_to(
        &mut self,
        world: &World,
        id: i64,
        state: AgentState,
        cause: Option<SmolStr>,
    ) -> Vec<Reply> {
        let agent = Agent {
            id,
            state,
            since: Instant::now(),
            cause,
        };
        let event = self.agent_event(world, &agent);
        self.agent = Some(agent);
        vec![Reply::Now(event)]
    }

    fn agent_event(&self, world: &World, agent: &Agent) -> Event {
        let user = self.user(world);
        let since = i64::try_from(agent.since.elapsed().as_secs()).unwrap_or(i64::MAX);
        messages::agent_state(
            agent.state.clone(),
            agent.id,
            &user.phone_number,
            since,
            &user.agent_queues,
            agent.cause.as_deref(),
        )
    }
}

/// `Error` with `code`, for a command past one of the server's bounds
/// ([`Limits`](crate::Limits)), counted: xuc's own limits are not documented.
fn over_limit(world: &World, code: &str) -> Vec<Reply> {
    world.count(Count::OverLimit);
    vec![Reply::Now(messages::error(code))]
}

fn event_type(state: CallState) -> PhoneEventType {
    match state {
        CallState::Dialing => PhoneEventType::EventDialing,
        CallState::Ringing => PhoneEventType::EventRinging,
        CallState::Established => PhoneEventType::EventEstablished,
        CallState::OnHold => PhoneEventType::EventOnHold,
    }
}

/// `UserDisplayName` for a user or a contact with that username: its payload
/// `{"username", "displayName"}` is made up (no sample is known, WIRE.md §2.3; the shape
/// of cti-proto's example); `Error` `UserNotFound` for anyone else.
fn display_name(world: &World, username: &str) -> Event {
    let name = world
        .scenario
        .users
        .iter()
        .find(|u| u.login == username)
        .map(messages::full_name)
        .or_else(|| {
            world
                .scenario
                .directory
                .iter()
                .find(|c| !c.username.is_empty() && c.username == username)
                .map(Contact::name)
        });
    match name {
        Some(name) => {
            let payload = serde_json::json!({ "username": username, "displayName": name });
            UserDisplayName::new(RawJson::from_value(&payload)).into()
        }
        None => messages::error("UserNotFound"),
    }
}
