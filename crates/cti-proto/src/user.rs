//! User: statuses, configuration, forwards and do-not-disturb, preferences, display names,
//! and the phone and voicemail state of the user ("User Methods" and "User Events" of the
//! User API).
//!
//! # Messages
//!
//! Every message of this area. Each has one wire example, on its type's page, or here
//! when its type has none (a test decodes each and encodes it back unchanged); where no
//! sample of a payload is known, the example is made up.
//!
//! - [`ChangeUserStatus`]: command `userStatusUpdate`
//! - [`DisplayNameLookup`]: command `displayNameLookup`
//! - [`SetUserPreference`]: command `setUserPreference`
//! - [`Dnd`]: command `dnd`
//! - [`NaFwd`]: command `naFwd`
//! - [`UncFwd`]: command `uncFwd`
//! - [`BusyFwd`]: command `busyFwd`
//! - [`InviteConferenceRoom`]: command `inviteConferenceRoom`
//! - [`CtiStatuses`]: event `CtiStatuses`
//! - [`UsersStatuses`]: event `UsersStatuses`
//!
//!   ```json
//!   {"msgType":"UsersStatuses","ctiMessage":[]}
//!   ```
//! - [`UserStatusUpdate`]: event `UserStatusUpdate`
//!
//!   ```json
//!   {"msgType":"UserStatusUpdate","ctiMessage":{"status":"away"}}
//!   ```
//! - [`UserConfigUpdate`]: event `UserConfigUpdate`
//! - [`UserPreference`]: event `UserPreference`
//! - [`UserDisplayName`]: event `UserDisplayName`
//!
//!   ```json
//!   {"msgType":"UserDisplayName","ctiMessage":{"username":"jbond","displayName":"James Bond"}}
//!   ```
//! - [`PhoneStatusUpdate`]: event `PhoneStatusUpdate`
//! - [`VoiceMailStatusUpdate`]: event `VoiceMailStatusUpdate`

use cti_proto_derive::Wire;
use smol_str::SmolStr;

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::ser::SerializeMap;

use crate::wire::Maybe;
use serde::{Serialize, Serializer};

use crate::wire::{tolerate, DiagnosticCode, Extra, FromWire, RawJson, Wire, WireStr};

// ---- commands ----

/// `userStatusUpdate`, sent by `Cti.changeUserStatus(status)`, **deprecated** (agents
/// use `pauseAgent`): set the user's status to a status `name` of `UsersStatuses`.
///
/// ```json
/// {"claz":"web","command":"userStatusUpdate","status":"away"}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "userStatusUpdate", deprecated_for = "pauseAgent", new)]
pub struct ChangeUserStatus {
    /// A status name configured on the server, e.g. `"away"`.
    #[wire(new)]
    pub status: SmolStr,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `displayNameLookup`: the display name of a user, answered by `UserDisplayName`.
///
/// ```json
/// {"claz":"web","command":"displayNameLookup","username":"jbond"}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "displayNameLookup", new)]
pub struct DisplayNameLookup {
    /// The user's login.
    #[wire(new)]
    pub username: SmolStr,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `setUserPreference`: set one user preference; the server answers with
/// `UserPreference`. Values are strings, even for booleans.
///
/// ```json
/// {"claz":"web","command":"setUserPreference","key":"MOBILE_APP_INFO","value":"true","value_type":"Boolean"}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "setUserPreference", new)]
pub struct SetUserPreference {
    /// Preference key.
    #[wire(new)]
    pub key: PreferenceKey,
    /// New value, as a string.
    #[wire(new)]
    pub value: SmolStr,
    /// Type of the value.
    #[wire(key = "value_type", new)]
    pub value_type: ValueType,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `dnd`: turn do-not-disturb on or off.
///
/// ```json
/// {"claz":"web","command":"dnd","state":true}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "dnd", new)]
pub struct Dnd {
    /// On (`true`) or off.
    #[wire(new)]
    pub state: bool,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `naFwd`: forward on no answer. cti.js sends `state` before `destination`.
///
/// ```json
/// {"claz":"web","command":"naFwd","state":true,"destination":"1002"}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "naFwd", new)]
pub struct NaFwd {
    /// On (`true`) or off.
    #[wire(new)]
    pub state: bool,
    /// Where to forward.
    #[wire(new)]
    pub destination: SmolStr,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `uncFwd`: forward every call. cti.js sends `state` before `destination`.
///
/// ```json
/// {"claz":"web","command":"uncFwd","state":false,"destination":""}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "uncFwd", new)]
pub struct UncFwd {
    /// On (`true`) or off.
    #[wire(new)]
    pub state: bool,
    /// Where to forward.
    #[wire(new)]
    pub destination: SmolStr,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `busyFwd`: forward when busy. cti.js sends `state` before `destination`.
///
/// ```json
/// {"claz":"web","command":"busyFwd","state":true,"destination":"0612345678"}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "busyFwd", new)]
pub struct BusyFwd {
    /// On (`true`) or off.
    #[wire(new)]
    pub state: bool,
    /// Where to forward.
    #[wire(new)]
    pub destination: SmolStr,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `inviteConferenceRoom`: invite a user to the caller's conference room.
///
/// ```json
/// {"claz":"web","command":"inviteConferenceRoom","userId":12}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "inviteConferenceRoom", new)]
pub struct InviteConferenceRoom {
    /// The user to invite.
    #[wire(new)]
    pub user_id: i64,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

// ---- phone and voicemail status of the user ----

/// `PhoneStatusUpdate`: the state of the user's phone changed. Inferred from clients:
/// `status` may be `null`, and whether it is a [`PhoneStatus`](crate::common::PhoneStatus)
/// code or a name is not confirmed, so both are accepted and kept as sent.
///
/// ```json
/// {"msgType":"PhoneStatusUpdate","ctiMessage":{"status":0}}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(event = "PhoneStatusUpdate")]
pub struct PhoneStatusUpdate {
    /// The new state.
    pub status: Maybe<crate::wire::NumberOrText>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

impl PhoneStatusUpdate {
    /// The status as a phone-status code, when it was sent as a number.
    pub fn phone_status(&self) -> Option<crate::phone::PhoneStatus> {
        match self.status {
            Maybe::Value(crate::wire::NumberOrText::Number(code)) => i32::try_from(code)
                .ok()
                .map(crate::phone::PhoneStatus::from),
            _ => None,
        }
    }
}

/// `VoiceMailStatusUpdate`: the user's voicemail counters. Inferred from `sample.js`, so
/// every field is optional; the type of `waitingMessages` is not known and it is kept
/// as sent.
///
/// ```json
/// {"msgType":"VoiceMailStatusUpdate","ctiMessage":{"newMessages":2,"waitingMessages":1,"oldMessages":5}}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(event = "VoiceMailStatusUpdate")]
pub struct VoiceMailStatusUpdate {
    /// Unread messages.
    pub new_messages: Maybe<i64>,
    /// Waiting messages (type not documented).
    pub waiting_messages: Maybe<RawJson>,
    /// Read messages.
    pub old_messages: Maybe<i64>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

// ---- statuses ----

open_enum! {
    /// The code of a CTI status (`CtiStatuses[].status`). The meanings are not documented;
    /// these names follow the SEED sample (`available` 0, pause statuses 1,
    /// `disconnected` 2).
    pub enum CtiStatusCode: i32 {
        /// `0`, as `available` in the sample.
        Available = 0,
        /// `1`, as the pause statuses `ook` and `outtolunch` in the sample.
        Pause = 1,
        /// `2`, as `disconnected` in the sample.
        Disconnected = 2,
    }
}

/// One CTI status: `{"name":"available","displayName":"Disponible","status":0}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
pub struct CtiStatus {
    /// Status name, as `changeUserStatus` and `pauseAgent` take it.
    pub name: SmolStr,
    /// Localised name for people.
    pub display_name: SmolStr,
    /// Status code.
    pub status: CtiStatusCode,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

wire_list! {
    /// `CtiStatuses`: the statuses configured on the server, i.e. the possible pause
    /// reasons. Replaces `UsersStatuses`. The payload is an array.
    ///
    /// ```json
    /// {"msgType":"CtiStatuses","ctiMessage":[{"name":"available","displayName":"Disponible","status":0}]}
    /// ```
    #[wire(event = "CtiStatuses")]
    pub struct CtiStatuses(pub Vec<CtiStatus>);
}

/// One action of a deprecated user status: `{"name":"enablednd","parameters":"false"}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
pub struct StatusAction {
    /// Action name, e.g. `agentlogoff`, `enablednd`, `queuepause_all`.
    pub name: SmolStr,
    /// Its parameter, a string (`""`, `"true"`, `"false"`).
    pub parameters: SmolStr,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// One status of the deprecated `UsersStatuses`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
pub struct UserStatus {
    /// Status name, e.g. `"away"`.
    pub name: SmolStr,
    /// Display colour, e.g. `"#FFDD00"`.
    pub color: SmolStr,
    /// Localised name for people.
    pub long_name: SmolStr,
    /// What the server does on entering the status (the web client tolerates it
    /// absent or `null`: CLIENTS.md §2, XucAgent:111-137).
    pub actions: Maybe<Vec<StatusAction>>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

impl UserStatus {
    /// The CTI status this status corresponds to. The code is derived from the actions,
    /// a rule read off the SEED samples (which agree on every status both list):
    /// `agentlogoff` gives `Disconnected`, `queuepause_all` with `"true"` gives `Pause`,
    /// anything else `Available`.
    pub fn to_cti_status(&self) -> CtiStatus {
        let has = |name: &str, parameters: Option<&str>| {
            self.actions
                .value()
                .into_iter()
                .flatten()
                .any(|a| a.name == name && parameters.is_none_or(|p| a.parameters == p))
        };
        let status = if has("agentlogoff", None) {
            CtiStatusCode::Disconnected
        } else if has("queuepause_all", Some("true")) {
            CtiStatusCode::Pause
        } else {
            CtiStatusCode::Available
        };
        CtiStatus {
            name: self.name.clone(),
            display_name: self.long_name.clone(),
            status,
            extra: Extra::new(),
        }
    }
}

wire_list! {
    /// `UsersStatuses`, **deprecated**: use `CtiStatuses`. The statuses configured on the
    /// server with their colours and actions. The payload is an array.
    #[wire(event = "UsersStatuses", deprecated_for = "CtiStatuses")]
    pub struct UsersStatuses(pub Vec<UserStatus>);
}

impl From<&UsersStatuses> for CtiStatuses {
    /// Each status through [`UserStatus::to_cti_status`].
    fn from(old: &UsersStatuses) -> CtiStatuses {
        CtiStatuses(old.0.iter().map(UserStatus::to_cti_status).collect())
    }
}

/// `UserStatusUpdate`, **deprecated**: the user's status changed (after
/// `changeUserStatus`). No sample is known; inferred from clients: `{"status": name}`,
/// where `status` may be `null`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(event = "UserStatusUpdate", deprecated_for = "AgentStateEvent")]
pub struct UserStatusUpdate {
    /// The new status name; `null` when it did not change (clients test `status !== null`).
    pub status: Maybe<SmolStr>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

// ---- configuration ----

/// `UserConfigUpdate`: the user's configuration changed (forwards, voicemail, ...).
/// Updates can be partial, and a partial one writes `null` for what did not change:
/// the web client takes the payload as the whole user record only when `fullName` is
/// not `null`, and a forward's destination and flag only when its destination is not
/// `null` (CLIENTS.md §2, §5). Absent, `null` and a value are kept apart ([`Maybe`]);
/// a server building a partial update sets the unchanged fields to [`Maybe::Null`].
///
/// ```json
/// {"msgType":"UserConfigUpdate","ctiMessage":{"userId":9,"dndEnabled":false}}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(event = "UserConfigUpdate")]
pub struct UserConfigUpdate {
    /// User id.
    pub user_id: Maybe<i64>,
    /// Do not disturb.
    pub dnd_enabled: Maybe<bool>,
    /// Forward on no answer enabled.
    pub na_fwd_enabled: Maybe<bool>,
    /// Forward on no answer destination.
    pub na_fwd_destination: Maybe<SmolStr>,
    /// Unconditional forward enabled.
    pub unc_fwd_enabled: Maybe<bool>,
    /// Unconditional forward destination.
    pub unc_fwd_destination: Maybe<SmolStr>,
    /// Forward on busy enabled.
    pub busy_fwd_enabled: Maybe<bool>,
    /// Forward on busy destination.
    pub busy_fwd_destination: Maybe<SmolStr>,
    /// First name.
    pub first_name: Maybe<SmolStr>,
    /// Last name.
    pub last_name: Maybe<SmolStr>,
    /// Full name.
    pub full_name: Maybe<SmolStr>,
    /// Mobile number.
    pub mobile_number: Maybe<SmolStr>,
    /// Agent id, if the user is an agent.
    pub agent_id: Maybe<i64>,
    /// Line ids.
    pub line_ids: Maybe<Vec<i64>>,
    /// Voicemail id.
    pub voice_mail_id: Maybe<i64>,
    /// Voicemail enabled.
    pub voice_mail_enabled: Maybe<bool>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

// ---- preferences ----

open_enum! {
    /// A user preference key.
    pub enum PreferenceKey: str {
        /// `"PREFERRED_DEVICE"`: a [`PreferredDevice`], `value_type` `String`.
        PreferredDevice = "PREFERRED_DEVICE",
        /// `"MOBILE_APP_INFO"`: `"true"` or `"false"`, `value_type` `Boolean`.
        MobileAppInfo = "MOBILE_APP_INFO",
    }
}

open_enum! {
    /// The type of a preference value (the value itself is always a string).
    pub enum ValueType: str {
        /// `"String"`.
        String = "String",
        /// `"Boolean"`: the value is `"true"` or `"false"`.
        Boolean = "Boolean",
    }
}

open_enum! {
    /// Value of the `PREFERRED_DEVICE` preference.
    pub enum PreferredDevice: str {
        /// `"TypePhoneDevice"`.
        TypePhoneDevice = "TypePhoneDevice",
        /// `"TypeDefaultDevice"`.
        TypeDefaultDevice = "TypeDefaultDevice",
    }
}

/// One entry of `UserPreference`: `"KEY": {"value": "...", "value_type": "..."}`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Preference {
    /// The key.
    pub key: PreferenceKey,
    /// The value, a string.
    pub value: SmolStr,
    /// The type of the value.
    pub value_type: ValueType,
    /// Other fields of the entry, kept as received.
    pub extra: Extra,
}

impl Preference {
    /// An entry.
    pub fn new(key: PreferenceKey, value: impl Into<SmolStr>, value_type: ValueType) -> Self {
        Preference {
            key,
            value: value.into(),
            value_type,
            extra: Extra::new(),
        }
    }
}

/// The value object of one preference (the entry without its key).
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
struct PreferenceValue {
    /// The value, a string.
    pub value: SmolStr,
    /// The type of the value.
    #[wire(key = "value_type")]
    pub value_type: ValueType,
    /// Fields of the object that this message does not define, kept as received.
    extra: Extra,
}

wire_message!(UserPreference, event = "UserPreference");

/// `UserPreference`: all the user's preferences on login, then each updated one. The
/// payload is an object keyed by preference key; the order is kept. The known keys are
/// checked as they are decoded: `PREFERRED_DEVICE` reports an unknown device, and
/// `MOBILE_APP_INFO` must be `"true"` or `"false"`; a `value_type` other than the key's
/// is reported.
///
/// ```json
/// {"msgType":"UserPreference","ctiMessage":{
///   "PREFERRED_DEVICE":{"value":"TypePhoneDevice","value_type":"String"},
///   "MOBILE_APP_INFO":{"value":"true","value_type":"Boolean"}}}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct UserPreference {
    /// The preferences, in the order received.
    pub preferences: Vec<Preference>,
}

impl UserPreference {
    /// The entry for `key`.
    pub fn get(&self, key: &PreferenceKey) -> Option<&Preference> {
        self.preferences.iter().find(|p| &p.key == key)
    }

    /// `PREFERRED_DEVICE`, when present.
    pub fn preferred_device(&self) -> Option<PreferredDevice> {
        self.get(&PreferenceKey::PreferredDevice)
            .map(|p| PreferredDevice::from(p.value.as_str()))
    }

    /// `MOBILE_APP_INFO`, when present (decoding guarantees `"true"` or `"false"`).
    pub fn mobile_app_info(&self) -> Option<bool> {
        self.get(&PreferenceKey::MobileAppInfo)
            .map(|p| p.value == "true")
    }
}

impl Serialize for UserPreference {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        struct Value<'a>(&'a Preference);
        impl Serialize for Value<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut map = serializer.serialize_map(None)?;
                map.serialize_entry("value", &self.0.value)?;
                map.serialize_entry("value_type", &self.0.value_type)?;
                for (key, value) in self.0.extra.iter() {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
        let mut map = serializer.serialize_map(Some(self.preferences.len()))?;
        for preference in &self.preferences {
            map.serialize_entry(preference.key.as_str(), &Value(preference))?;
        }
        map.end()
    }
}

/// Checks a known key's value, at the path of that entry.
fn check_preference<E: de::Error>(
    cx: &crate::wire::ctx::Context,
    preference: &Preference,
) -> Result<(), E> {
    let expected = match &preference.key {
        PreferenceKey::PreferredDevice => {
            if !PreferredDevice::from(preference.value.as_str()).is_known() {
                cx.tracker().key("value", || {
                    tolerate::<E>(cx, DiagnosticCode::UnknownValue, || {
                        format!("unknown PreferredDevice \"{}\"", preference.value)
                    })
                })?;
            }
            ValueType::String
        }
        PreferenceKey::MobileAppInfo => {
            if !matches!(preference.value.as_str(), "true" | "false") {
                return cx.tracker().key("value", || {
                    Err(E::invalid_value(
                        de::Unexpected::Str(&preference.value),
                        &"\"true\" or \"false\"",
                    ))
                });
            }
            ValueType::Boolean
        }
        _ => return Ok(()),
    };
    if preference.value_type != expected {
        cx.tracker().key("value_type", || {
            tolerate::<E>(cx, DiagnosticCode::ValueTypeMismatch, || {
                format!(
                    "{} has value_type \"{}\" where \"{}\" is expected",
                    preference.key, preference.value_type, expected
                )
            })
        })?;
    }
    Ok(())
}

// Keyed by preference key: a secret in a value would need saying where.
const _: () = assert!(
    PreferenceValue::SECRETS.is_none(),
    "a PreferenceValue holds a Secret: give UserPreference its SECRETS"
);

impl FromWire for UserPreference {
    fn from_wire<'de, D: Deserializer<'de>>(
        deserializer: D,
        cx: &crate::wire::ctx::Context,
    ) -> Result<Self, D::Error> {
        struct V<'c>(&'c crate::wire::ctx::Context);
        impl<'de> Visitor<'de> for V<'_> {
            type Value = UserPreference;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of preferences keyed by preference key")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<UserPreference, A::Error> {
                let mut preferences: Vec<Preference> = Vec::new();
                // Keys seen, for duplicates: a set, so that a hostile frame with many keys
                // costs linear time.
                let mut seen = std::collections::HashSet::new();
                let cx = self.0;
                while let Some(key) = map.next_key::<WireStr<'de>>()? {
                    let key = key.0;
                    cx.tracker().key(&key, || {
                        if !seen.insert(key.to_string()) {
                            return Err(de::Error::custom(format_args!(
                                "duplicate preference `{key}`"
                            )));
                        }
                        let parsed = PreferenceKey::from(key.as_ref());
                        if !parsed.is_known() {
                            tolerate::<A::Error>(self.0, DiagnosticCode::UnknownValue, || {
                                format!("unknown PreferenceKey \"{key}\"")
                            })?;
                        }
                        let value = map.next_value_seed(Wire::<PreferenceValue>::new(self.0))?;
                        let preference = Preference {
                            key: parsed,
                            value: value.value,
                            value_type: value.value_type,
                            extra: value.extra,
                        };
                        check_preference::<A::Error>(cx, &preference)?;
                        preferences.push(preference);
                        Ok(())
                    })?;
                }
                Ok(UserPreference { preferences })
            }
        }
        deserializer.deserialize_map(V(cx))
    }
}

impl<'de> serde::Deserialize<'de> for UserPreference {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        FromWire::from_wire(deserializer, &crate::wire::ctx::Context::detached())
    }
}

#[cfg(feature = "proptest")]
impl proptest::arbitrary::Arbitrary for UserPreference {
    type Parameters = ();
    type Strategy = proptest::strategy::BoxedStrategy<Self>;
    fn arbitrary_with(_: ()) -> Self::Strategy {
        use proptest::prelude::*;
        let preference = prop_oneof![
            (any::<PreferredDevice>(), any::<Extra>()).prop_map(|(device, extra)| Preference {
                extra,
                ..Preference::new(
                    PreferenceKey::PreferredDevice,
                    device.as_str(),
                    ValueType::String
                )
            }),
            (any::<bool>(), any::<ValueType>()).prop_map(|(on, value_type)| Preference::new(
                PreferenceKey::MobileAppInfo,
                on.to_string(),
                value_type
            )),
            (any::<PreferenceKey>(), any::<String>(), any::<ValueType>())
                .prop_filter("MOBILE_APP_INFO takes only true or false", |(key, _, _)| {
                    *key != PreferenceKey::MobileAppInfo
                })
                .prop_map(|(key, value, value_type)| Preference::new(key, value, value_type)),
        ];
        proptest::collection::vec(preference, 0..4)
            .prop_map(|mut preferences| {
                let mut seen = std::collections::HashSet::new();
                preferences.retain(|p| seen.insert(p.key.clone()));
                UserPreference { preferences }
            })
            .boxed()
    }
}

#[cfg(feature = "arbitrary")]
impl<'a> arbitrary::Arbitrary<'a> for UserPreference {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        let mut preferences: Vec<Preference> = Vec::new();
        for _ in 0..u.int_in_range(0..=3)? {
            let key: PreferenceKey = u.arbitrary()?;
            let value = match key {
                // Decoding requires "true" or "false" here.
                PreferenceKey::MobileAppInfo => bool::arbitrary(u)?.to_string().into(),
                _ => u.arbitrary()?,
            };
            let preference = Preference {
                key,
                value,
                value_type: u.arbitrary()?,
                extra: u.arbitrary()?,
            };
            if preferences.iter().all(|p| p.key != preference.key) {
                preferences.push(preference);
            }
        }
        Ok(UserPreference { preferences })
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for UserPreference {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "UserPreference".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let value_type = generator.subschema_for::<ValueType>();
        let device = generator.subschema_for::<PreferredDevice>();
        let any = generator.subschema_for::<PreferenceValue>();
        schemars::json_schema!({
            "type": "object",
            "description": "The user's preferences, keyed by preference key; each value is {\"value\": string, \"value_type\": string}.",
            "properties": {
                "PREFERRED_DEVICE": {
                    "type": "object",
                    "properties": { "value": device, "value_type": value_type },
                    "required": ["value", "value_type"],
                },
                "MOBILE_APP_INFO": {
                    "type": "object",
                    "properties": { "value": { "enum": ["true", "false"] }, "value_type": value_type },
                    "required": ["value", "value_type"],
                },
            },
            "additionalProperties": any,
        })
    }
}

raw_payload! {
    /// `UserDisplayName`: answer to `displayNameLookup`. Its shape is not documented, so the
    /// payload is kept as it came.
    #[wire(event = "UserDisplayName")]
    pub struct UserDisplayName;
}

#[cfg(feature = "proptest")]
crate::wire::arb::gen_via_arbitrary!(UserPreference);
