//! Answers of the user area: `userStatusUpdate`, `displayNameLookup`,
//! `setUserPreference`, `dnd` and the forwards.

use cti_proto::user::{SetUserPreference, UserDisplayName, UserStatusUpdate};
use cti_proto::{Command, Event, RawJson};

use super::state::{now, over_limit, ConnectionState, Reply};
use crate::messages::{self, Forward};
use crate::scenario::Contact;
use crate::world::World;

impl ConnectionState {
    /// `userStatusUpdate`, `displayNameLookup`, `setUserPreference`, `dnd`, `naFwd`,
    /// `uncFwd`, `busyFwd`; `None` for another command.
    pub(super) fn answer_user(&mut self, world: &World, command: &Command) -> Option<Vec<Reply>> {
        let scenario = &world.scenario;
        Some(match command {
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
            Command::SetUserPreference(set) => self.set_preference(world, set),
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
            _ => return None,
        })
    }

    /// `setUserPreference`: the preference kept and sent back, or `Error` past a bound.
    fn set_preference(&self, world: &World, set: &SetUserPreference) -> Vec<Reply> {
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
