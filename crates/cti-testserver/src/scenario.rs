//! What the server knows and how it answers: users, the directory, queues, statuses and
//! scripted answers. A [`Scenario`] is plain data, read from JSON (its JSON Schema is
//! [`scenario_schema`], checked in as `scenario.schema.json` beside this crate's
//! `Cargo.toml`) or built in Rust; [`Scenario::demo`] is the one used when none is given.

use std::collections::HashSet;
use std::fmt;
use std::path::Path;
use std::time::Duration;

use cti_proto::{Decoder, ErrorKind, Event, EventKind};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The whole scenario. Every key but `users` may be left out.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(title = "cti-testserver scenario")]
#[non_exhaustive]
pub struct Scenario {
    /// Who may log in.
    pub users: Vec<User>,
    /// The contacts that `searchContacts` finds.
    #[serde(default)]
    pub directory: Vec<Contact>,
    /// The queues (`getList` `"queue"`, the queues of agents).
    #[serde(default)]
    pub queues: Vec<Queue>,
    /// The statuses configured on the server, in the form of `UsersStatuses`;
    /// `CtiStatuses` is derived from them. Default: the seven statuses of the User API's
    /// sample.
    #[serde(default = "seed_statuses")]
    pub statuses: Vec<Status>,
    /// Send the deprecated companions that xuc sends beside the modern answers:
    /// `DirectoryResult` after `ContactSheet`, `Favorites` after `FavoriteContactSheet`,
    /// `UsersStatuses` after `CtiStatuses` (User API: "For backward compatibility ...").
    /// Turn it off for a client that decodes strictly. Default: true.
    #[serde(default = "yes")]
    pub deprecated_companions: bool,
    /// Lifetime of the tokens that the REST login gives, in seconds (`TTL`), at most ten
    /// years. Default: 3600.
    #[serde(default = "default_token_ttl")]
    #[schemars(range(max = MAX_TOKEN_TTL))]
    pub token_ttl: u64,
    /// How the far end of a call behaves.
    #[serde(default)]
    pub phone: Phone,
    /// Scripted answers, tried in order before the built-in ones.
    #[serde(default)]
    pub scripts: Vec<Script>,
}

/// A user who may log in.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct User {
    /// Login, for the REST login and `displayNameLookup`.
    pub login: String,
    /// Password, for the REST login.
    pub password: String,
    /// The user's phone number: `DN` of its phone events.
    pub phone_number: String,
    /// `userId` of `UserConfigUpdate`. Default: the user's position in `users`, from 1.
    #[serde(default)]
    pub user_id: Option<i64>,
    /// First name. Default: the login.
    #[serde(default)]
    pub first_name: Option<String>,
    /// Last name. Default: empty.
    #[serde(default)]
    pub last_name: String,
    /// Mobile number. Default: empty.
    #[serde(default)]
    pub mobile_number: String,
    /// The user's agent, if the user is one (`agentLogin` needs one).
    #[serde(default)]
    pub agent_id: Option<i64>,
    /// Ids of the queues the agent is a member of.
    #[serde(default)]
    pub agent_queues: Vec<i64>,
    /// The user's line (`lineIds` of `UserConfigUpdate`, `id` of `LineConfig`).
    #[serde(default)]
    pub line_id: Option<i64>,
    /// The user's voicemail (`voiceMailId`).
    #[serde(default)]
    pub voice_mail_id: Option<i64>,
    /// The rights profile pushed after login (`RightProfile`). Default: `"User"`.
    #[serde(default = "default_profile")]
    pub right_profile: String,
    /// Favorites at start, by contact source and id.
    #[serde(default)]
    pub favorites: Vec<ContactRef>,
    /// Preferences at start (`UserPreference`). Default: the two of the User API's
    /// sample.
    #[serde(default = "seed_preferences")]
    pub preferences: Vec<Preference>,
}

/// A contact of the directory.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct Contact {
    /// Id in its source (`sources[].id`, `contactId` of `addFavorite`).
    pub id: String,
    /// Directory source (`sources[].name`). Default: `"internal"`.
    #[serde(default = "default_source")]
    pub source: String,
    /// First name.
    #[serde(default)]
    pub first_name: String,
    /// Last name.
    #[serde(default)]
    pub last_name: String,
    /// Internal number: the `Call` action.
    pub number: String,
    /// Mobile number.
    #[serde(default)]
    pub mobile: String,
    /// E-mail address: the `Mail` action.
    #[serde(default)]
    pub email: String,
    /// Username, for the `Chat` and `Video` actions (left out when empty).
    #[serde(default)]
    pub username: String,
    /// Phone status code (`Cti.PhoneStatus`: 0 available, -2 no such extension, ...).
    /// Default: 0.
    #[serde(default)]
    pub phone_status: i32,
}

/// A contact named by its source and id.
#[derive(
    Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ContactRef {
    /// Directory source.
    pub source: String,
    /// Id in that source.
    pub id: String,
}

impl ContactRef {
    /// The contact `id` of `source`.
    pub fn new(source: impl Into<String>, id: impl Into<String>) -> ContactRef {
        ContactRef {
            source: source.into(),
            id: id.into(),
        }
    }
}

/// A user preference: `"KEY": {"value": ..., "value_type": ...}` in `UserPreference`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct Preference {
    /// Key (`PREFERRED_DEVICE`, `MOBILE_APP_INFO`).
    pub key: String,
    /// Value, a string even for booleans.
    pub value: String,
    /// `String` or `Boolean`.
    pub value_type: String,
}

/// A queue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct Queue {
    /// Id (`QueueConfig.id`).
    pub id: i64,
    /// Name (`QueueConfig.name`, `PhoneEvent.queueName`).
    pub name: String,
    /// Name for people.
    #[serde(default)]
    pub display_name: Option<String>,
    /// Number.
    #[serde(default)]
    pub number: Option<String>,
}

/// A status, as `UsersStatuses` lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct Status {
    /// Name, as `changeUserStatus` and `pauseAgent` take it.
    pub name: String,
    /// Name for people.
    pub long_name: String,
    /// Colour, `#RRGGBB`.
    #[serde(default)]
    pub color: String,
    /// What entering the status does: `agentlogoff`, `enablednd`, `queuepause_all`, ...
    #[serde(default)]
    pub actions: Vec<StatusAction>,
}

/// An action of a status: `{"name": "enablednd", "parameters": "false"}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct StatusAction {
    /// Action name.
    pub name: String,
    /// Its parameter, a string.
    #[serde(default)]
    pub parameters: String,
}

/// How the far end of a call behaves.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct Phone {
    /// Milliseconds after `dial` before the far end answers (`EventEstablished`), at
    /// most a day; `null`: it never answers. Default: 100.
    #[serde(default = "default_remote_answer")]
    #[schemars(range(max = MAX_DELAY_MS))]
    pub remote_answer_ms: Option<u64>,
}

impl Default for Phone {
    fn default() -> Self {
        Phone {
            remote_answer_ms: default_remote_answer(),
        }
    }
}

/// A scripted answer: when a client sends `command` with `args`, send `frames` after
/// `delayMs`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct Script {
    /// The command's name as on the wire (`"dial"`, `"searchContacts"`; `"ping"` for the
    /// heartbeat), any command, known to cti-proto or not.
    pub command: String,
    /// Arguments the frame must have: each key must be in the frame, with a value that
    /// contains this one (objects: these keys, recursively; anything else: equal).
    #[serde(default)]
    pub args: Map<String, Value>,
    /// Frames to send, each a whole event `{"msgType": ..., "ctiMessage": ...}`. Each is
    /// decoded when the scenario is checked, strictly (deprecated kinds allowed), and
    /// sent as cti-proto encodes it.
    pub frames: Vec<Value>,
    /// Milliseconds to wait before sending the frames, at most a day. Default: 0.
    #[serde(default)]
    #[schemars(range(max = MAX_DELAY_MS))]
    pub delay_ms: u64,
    /// Send the built-in answer too, before these frames. Default: false (the script
    /// replaces it).
    #[serde(default)]
    pub keep_built_in: bool,
    /// Send the frames as written, unchecked: a server that breaks the protocol (a wrong
    /// type, a `null` where clients need absence, an unknown kind), to see what a client
    /// or `cti conform` makes of it. Each must still be a JSON object. Default: false
    /// (each frame is checked, as above).
    #[serde(default)]
    pub unchecked: bool,
}

impl Script {
    /// A script answering `command` (whatever its arguments) with `frames`, at once.
    pub fn new(command: impl Into<String>, frames: Vec<Value>) -> Script {
        Script {
            command: command.into(),
            args: Map::new(),
            frames,
            delay_ms: 0,
            keep_built_in: false,
            unchecked: false,
        }
    }

    /// Frames sent as written, unchecked (see [`Script::unchecked`]).
    pub fn unchecked(mut self) -> Script {
        self.unchecked = true;
        self
    }

    /// Only for frames with these arguments (see [`Script::args`]).
    pub fn with_args(mut self, args: Map<String, Value>) -> Script {
        self.args = args;
        self
    }

    /// Sent after `delay`.
    pub fn with_delay(mut self, delay: Duration) -> Script {
        self.delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX);
        self
    }
}

/// The longest token lifetime: ten years, in seconds.
const MAX_TOKEN_TTL: u64 = 10 * 365 * 86_400;

/// The longest delay of an answer: a day, in milliseconds.
const MAX_DELAY_MS: u64 = 86_400_000;

fn yes() -> bool {
    true
}

fn default_token_ttl() -> u64 {
    3600
}

fn default_profile() -> String {
    "User".to_owned()
}

fn default_source() -> String {
    "internal".to_owned()
}

fn default_remote_answer() -> Option<u64> {
    Some(100)
}

/// The statuses of the User API's `UsersStatuses` sample (seed-user-api.rst).
fn seed_statuses() -> Vec<Status> {
    let status = |name: &str, color: &str, long_name: &str, actions: &[(&str, &str)]| Status {
        name: name.to_owned(),
        long_name: long_name.to_owned(),
        color: color.to_owned(),
        actions: actions
            .iter()
            .map(|(name, parameters)| StatusAction {
                name: (*name).to_owned(),
                parameters: (*parameters).to_owned(),
            })
            .collect(),
    };
    vec![
        status(
            "disconnected",
            "#9E9E9E",
            "Déconnecté",
            &[("agentlogoff", "")],
        ),
        status("away", "#FFDD00", "Sorti", &[("enablednd", "false")]),
        status(
            "berightback",
            "#F2833A",
            "Bientôt de retour",
            &[("enablednd", "false")],
        ),
        status(
            "available",
            "#9BC920",
            "Disponible",
            &[("enablednd", "false")],
        ),
        status("ook", "#FF0F0F", "Far Away", &[("queuepause_all", "true")]),
        status(
            "outtolunch",
            "#6CA6FF",
            "Parti Manger",
            &[("queuepause_all", "true"), ("enablednd", "false")],
        ),
        status(
            "donotdisturb",
            "#D13224",
            "Ne pas déranger",
            &[("enablednd", "true")],
        ),
    ]
}

/// The preferences of the User API's `UserPreference` sample.
fn seed_preferences() -> Vec<Preference> {
    vec![
        Preference {
            key: "PREFERRED_DEVICE".to_owned(),
            value: "TypePhoneDevice".to_owned(),
            value_type: "String".to_owned(),
        },
        Preference {
            key: "MOBILE_APP_INFO".to_owned(),
            value: "true".to_owned(),
            value_type: "Boolean".to_owned(),
        },
    ]
}

impl User {
    /// A user with only login, password and phone number; the rest takes its defaults.
    pub fn new(
        login: impl Into<String>,
        password: impl Into<String>,
        phone_number: impl Into<String>,
    ) -> User {
        User {
            login: login.into(),
            password: password.into(),
            phone_number: phone_number.into(),
            user_id: None,
            first_name: None,
            last_name: String::new(),
            mobile_number: String::new(),
            agent_id: None,
            agent_queues: Vec::new(),
            line_id: None,
            voice_mail_id: None,
            right_profile: default_profile(),
            favorites: Vec::new(),
            preferences: seed_preferences(),
        }
    }
}

impl Contact {
    /// A contact of source `internal` with this id, names and number.
    pub fn new(
        id: impl Into<String>,
        first_name: impl Into<String>,
        last_name: impl Into<String>,
        number: impl Into<String>,
    ) -> Contact {
        Contact {
            id: id.into(),
            source: default_source(),
            first_name: first_name.into(),
            last_name: last_name.into(),
            number: number.into(),
            mobile: String::new(),
            email: String::new(),
            username: String::new(),
            phone_status: 0,
        }
    }

    /// First and last name, as a sheet's `name`.
    pub fn name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
            .trim()
            .to_owned()
    }

    /// Its source and id.
    pub fn reference(&self) -> ContactRef {
        ContactRef::new(&self.source, &self.id)
    }
}

impl Scenario {
    /// A scenario with these users and the defaults for everything else.
    pub fn new(users: Vec<User>) -> Scenario {
        Scenario {
            users,
            directory: Vec::new(),
            queues: Vec::new(),
            statuses: seed_statuses(),
            deprecated_companions: true,
            token_ttl: default_token_ttl(),
            phone: Phone::default(),
            scripts: Vec::new(),
        }
    }

    /// The built-in demo: user `alice` (password `alice`, phone `1001`, agent 22 in the
    /// queue `bluesky`), and a directory with the User API's James Bond (`1000`,
    /// `jbond`, source `internal`, id `2`) and a few others.
    pub fn demo() -> Scenario {
        let mut alice = User::new("alice", "alice", "1001");
        alice.user_id = Some(9);
        alice.first_name = Some("Alice".to_owned());
        alice.last_name = "Johnson".to_owned();
        alice.mobile_number = "064574512".to_owned();
        alice.agent_id = Some(22);
        alice.agent_queues = vec![1];
        alice.line_id = Some(5);
        alice.voice_mail_id = Some(58);
        let mut bond = Contact::new("2", "James", "Bond", "1000");
        bond.username = "jbond".to_owned();
        let mut bruce = Contact::new("3", "Bruce", "Willis", "1002");
        bruce.username = "bwillis".to_owned();
        bruce.email = "bwillis@example.com".to_owned();
        let mut hawkeye = Contact::new("4", "Hawkeye", "Pierce", "1003");
        hawkeye.mobile = "0761187406".to_owned();
        let mut peter = Contact::new("5", "Peter", "Pan", "1004");
        peter.phone_status = -2;
        let mut scenario = Scenario::new(vec![alice]);
        scenario.directory = vec![bond, bruce, hawkeye, peter];
        scenario.queues = vec![Queue {
            id: 1,
            name: "bluesky".to_owned(),
            display_name: Some("Blue sky".to_owned()),
            number: Some("3000".to_owned()),
        }];
        scenario
    }

    /// Reads a scenario from its JSON text and checks it ([`Scenario::check`]).
    pub fn from_json(text: &str) -> Result<Scenario, ScenarioError> {
        let scenario: Scenario = serde_json::from_str(text).map_err(|e| ScenarioError {
            message: format!("not a scenario: {e}"),
        })?;
        scenario.check()?;
        Ok(scenario)
    }

    /// Reads a scenario file ([`Scenario::from_json`]).
    pub fn load(path: impl AsRef<Path>) -> Result<Scenario, ScenarioError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|e| ScenarioError {
            message: format!("{}: {e}", path.display()),
        })?;
        // A byte order mark, as some editors write, is not JSON: skipped, as in captures.
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        Scenario::from_json(text).map_err(|e| ScenarioError {
            message: format!("{}: {}", path.display(), e.message),
        })
    }

    /// Checks what serde cannot: logins are unique, contacts are unique by source and
    /// id, favorites name contacts of the directory, and each scripted frame decodes as
    /// an event in strict mode (deprecated kinds allowed). What the server builds from the
    /// data (phone statuses, preferences, statuses) is checked when it starts
    /// ([`TestServer::start`](crate::TestServer::start)).
    pub fn check(&self) -> Result<(), ScenarioError> {
        self.compile_scripts().map(drop)
    }

    /// The checked scripts, their frames decoded.
    pub(crate) fn compile_scripts(&self) -> Result<Vec<CompiledScript>, ScenarioError> {
        let fail = |message: String| ScenarioError { message };
        if self.users.is_empty() {
            return Err(fail("`users` is empty: nobody could log in".to_owned()));
        }
        if self.token_ttl > MAX_TOKEN_TTL {
            return Err(fail(format!(
                "`tokenTtl` is {} s, over ten years ({MAX_TOKEN_TTL} s)",
                self.token_ttl
            )));
        }
        if self
            .phone
            .remote_answer_ms
            .is_some_and(|ms| ms > MAX_DELAY_MS)
        {
            return Err(fail(format!(
                "`phone.remoteAnswerMs` is over a day ({MAX_DELAY_MS} ms)"
            )));
        }
        let mut logins = HashSet::new();
        for user in &self.users {
            if !logins.insert(user.login.as_str()) {
                return Err(fail(format!("user `{}` is given twice", user.login)));
            }
        }
        let mut contacts = HashSet::new();
        for contact in &self.directory {
            if !contacts.insert(contact.reference()) {
                return Err(fail(format!(
                    "contact `{}` of source `{}` is given twice",
                    contact.id, contact.source
                )));
            }
        }
        for user in &self.users {
            for favorite in &user.favorites {
                if !contacts.contains(favorite) {
                    return Err(fail(format!(
                        "favorite `{}` of source `{}` of user `{}` is not in the directory",
                        favorite.id, favorite.source, user.login
                    )));
                }
            }
        }
        let mut compiled = Vec::with_capacity(self.scripts.len());
        for (i, script) in self.scripts.iter().enumerate() {
            if script.command.is_empty() {
                return Err(fail(format!("scripts[{i}]: `command` is empty")));
            }
            if script.delay_ms > MAX_DELAY_MS {
                return Err(fail(format!(
                    "scripts[{i}]: `delayMs` is over a day ({MAX_DELAY_MS} ms)"
                )));
            }
            let mut frames = Vec::with_capacity(script.frames.len());
            for (j, frame) in script.frames.iter().enumerate() {
                let text = frame.to_string();
                frames.push(if script.unchecked {
                    if !frame.is_object() {
                        return Err(fail(format!("scripts[{i}].frames[{j}]: not a JSON object")));
                    }
                    ScriptFrame::Raw(text)
                } else {
                    ScriptFrame::Event(
                        check_event(&text)
                            .map_err(|why| fail(format!("scripts[{i}].frames[{j}]: {why}")))?,
                    )
                });
            }
            compiled.push(CompiledScript {
                command: script.command.clone(),
                args: script.args.clone(),
                frames,
                delay: Duration::from_millis(script.delay_ms),
                keep_built_in: script.keep_built_in,
            });
        }
        Ok(compiled)
    }
}

impl Default for Scenario {
    /// [`Scenario::demo`].
    fn default() -> Self {
        Scenario::demo()
    }
}

/// A frame of a script: checked, or sent as written.
#[derive(Clone, Debug)]
pub(crate) enum ScriptFrame {
    Event(Event),
    Raw(String),
}

/// A script ready to run.
#[derive(Clone, Debug)]
pub(crate) struct CompiledScript {
    pub command: String,
    pub args: Map<String, Value>,
    pub frames: Vec<ScriptFrame>,
    pub delay: Duration,
    pub keep_built_in: bool,
}

impl CompiledScript {
    /// Whether the client frame `frame` (its name and JSON value) calls for this script.
    pub fn matches(&self, name: &str, frame: &Value) -> bool {
        name == self.command
            && self
                .args
                .iter()
                .all(|(key, want)| frame.get(key).is_some_and(|got| contains(got, want)))
    }
}

/// Whether `got` contains `want`: objects by key, recursively; other values by equality.
fn contains(got: &Value, want: &Value) -> bool {
    match (got, want) {
        (Value::Object(got), Value::Object(want)) => want
            .iter()
            .all(|(key, want)| got.get(key).is_some_and(|got| contains(got, want))),
        _ => got == want,
    }
}

/// Decodes a server frame as this server checks what it may send (scripted frames, and
/// everything it builds): strictly, except that a deprecated kind (`DirectoryResult`,
/// `Favorites`, ...) is allowed when nothing else in the frame is irregular. The error
/// says why the frame is refused.
pub fn check_event(frame: &str) -> Result<Event, String> {
    match Decoder::strict().decode_event(frame) {
        Ok(decoded) => Ok(decoded.message),
        Err(error) if error.kind() == ErrorKind::Deprecated => {
            let decoded = Decoder::new()
                .decode_event(frame)
                .map_err(|e| e.to_string())?;
            let deprecated = decoded.message.kind().is_some_and(EventKind::is_deprecated);
            match decoded
                .diagnostics
                .iter()
                .find(|d| !(deprecated && d.code == cti_proto::DiagnosticCode::Deprecated))
            {
                None => Ok(decoded.message),
                Some(diagnostic) => Err(format!("{diagnostic} (rejected in strict mode)")),
            }
        }
        Err(error) => Err(error.to_string()),
    }
}

/// Why a scenario cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioError {
    message: String,
}

impl ScenarioError {
    pub(crate) fn new(message: String) -> ScenarioError {
        ScenarioError { message }
    }
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid scenario: {}", self.message)
    }
}

impl std::error::Error for ScenarioError {}

/// The JSON Schema of a scenario file (draft 2020-12).
pub fn scenario_schema() -> Value {
    serde_json::to_value(schemars::schema_for!(Scenario)).unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_is_a_valid_scenario() {
        Scenario::demo().check().unwrap();
        let text = serde_json::to_string(&Scenario::demo()).unwrap();
        assert_eq!(Scenario::from_json(&text).unwrap(), Scenario::demo());
    }

    #[test]
    fn args_match_as_a_subset() {
        let script = CompiledScript {
            command: "dial".to_owned(),
            args: serde_json::from_str(r#"{"variables":{"a":"1"}}"#).unwrap(),
            frames: Vec::new(),
            delay: Duration::ZERO,
            keep_built_in: false,
        };
        let frame = |text: &str| serde_json::from_str::<Value>(text).unwrap();
        let both = frame(r#"{"destination":"1","variables":{"a":"1","b":"2"}}"#);
        assert!(script.matches("dial", &both));
        assert!(!script.matches("hangup", &both));
        assert!(!script.matches("dial", &frame(r#"{"variables":{"a":"2"}}"#)));
        assert!(!script.matches("dial", &frame(r#"{"destination":"1"}"#)));
    }

    #[test]
    fn unchecked_frames_are_objects_sent_as_written() {
        let with = |frame: Value| {
            let mut scenario = Scenario::demo();
            scenario.scripts = vec![Script::new("dial", vec![frame]).unchecked()];
            scenario.compile_scripts()
        };
        // What strict decoding refuses is the point of an unchecked script.
        let compiled = with(serde_json::json!({"msgType": "PhoneEvent", "ctiMessage": {}}))
            .expect("unchecked");
        assert!(matches!(
            &compiled[0].frames[0],
            ScriptFrame::Raw(text) if text == r#"{"ctiMessage":{},"msgType":"PhoneEvent"}"#
        ));
        let error = with(serde_json::json!([1])).unwrap_err();
        assert!(error.to_string().contains("not a JSON object"), "{error}");
    }

    #[test]
    fn scripted_frames_are_decoded_strictly() {
        let with = |frame: &str| {
            let mut scenario = Scenario::demo();
            scenario.scripts = vec![Script::new(
                "dial",
                vec![serde_json::from_str(frame).unwrap()],
            )];
            scenario.check()
        };
        with(r#"{"msgType":"RightProfile","ctiMessage":{"profile":"Admin"}}"#).unwrap();
        // Deprecated kinds are what xuc sends for older clients: allowed.
        with(r#"{"msgType":"Favorites","ctiMessage":{"entries":[],"headers":[]}}"#).unwrap();
        for bad in [
            r#"{"msgType":"Favorites","ctiMessage":{"entries":[],"headers":[],"x":1}}"#,
            r#"{"msgType":"RightProfile","ctiMessage":{"profile":"Admin","x":1}}"#,
            r#"{"msgType":"NoSuchKind","ctiMessage":{}}"#,
            r#"{"msgType":"LinkStatusUpdate","ctiMessage":{"status":"opened"}}"#,
            r#"{"msgType":"PhoneEvent","ctiMessage":{}}"#,
        ] {
            let error = with(bad).unwrap_err();
            assert!(
                error.to_string().contains("scripts[0].frames[0]"),
                "{error}"
            );
        }
    }

    #[test]
    fn unknown_keys_and_dangling_favorites_are_refused() {
        assert!(Scenario::from_json(r#"{"users":[],"usres":[]}"#).is_err());
        assert!(Scenario::from_json(r#"{"users":[]}"#).is_err());
        let mut scenario = Scenario::demo();
        scenario.token_ttl = u64::MAX;
        assert!(scenario.check().is_err());
        let mut scenario = Scenario::demo();
        scenario.phone.remote_answer_ms = Some(u64::MAX);
        assert!(scenario.check().is_err());
        let mut scenario = Scenario::demo();
        scenario.scripts = vec![Script::new("ping", vec![]).with_delay(Duration::MAX)];
        assert!(scenario.check().is_err());
        let mut scenario = Scenario::demo();
        scenario.users[0].favorites = vec![ContactRef::new("internal", "99")];
        assert!(scenario.check().is_err());
    }
}
