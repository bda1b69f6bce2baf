//! The server's messages, built from the scenario's data with cti-proto's types (never
//! written as JSON by hand), so that the server sends only what the crate models.

use cti_proto::agent::{AgentConfig, AgentList, AgentState, AgentStateEvent};
use cti_proto::common::{
    ContactAction, DataType, DirectoryEntry, Maybe, PhoneStatus, Sheet, SheetAction, SheetDetail,
    SheetField, SheetSource, SheetStatus, VideoStatus,
};
use cti_proto::contacts::{ContactSheet, DirectoryResult};
use cti_proto::favorites::{FavoriteContactSheet, Favorites};
use cti_proto::login::{ErrorMessage, LineConfig, RightProfile};
use cti_proto::phone::{PhoneEvent, PhoneEventType};
use cti_proto::queue::{QueueConfig, QueueList, QueueMember, QueueMemberList};
use cti_proto::user::{
    self, CtiStatuses, PhoneStatusUpdate, PreferenceKey, StatusAction, UserConfigUpdate,
    UserPreference, UserStatus, UsersStatuses, ValueType,
};
use cti_proto::{Event, RawJson, SmolStr};

use crate::scenario::{Contact, Preference, Queue, Scenario, ScenarioError, Status, User};

/// The columns of `DirectoryResult` and `Favorites`, as in the User API's sample.
const DIRECTORY_HEADERS: [&str; 5] = ["Firstname", "Lastname", "Number", "Mobile", "Favorite"];

fn text(value: &str) -> SmolStr {
    value.into()
}

/// One contact as a sheet, shaped as the User API's James Bond sample: the four actions
/// (`Chat` and `Video` only when the contact has a username), its source, and the three
/// detail sections with their (French) names.
pub fn sheet(contact: &Contact, favorite: bool) -> Sheet {
    let action = |action: ContactAction, arg: &str, default: bool| {
        let mut a = SheetAction::default();
        a.action = action;
        a.args = vec![text(arg)];
        a.default = default;
        a
    };
    let field = |name: &str, data: &str, data_type: DataType| {
        let mut f = SheetField::default();
        f.name = text(name);
        f.data = text(data);
        f.data_type = data_type;
        f
    };
    let section = |name: &str, fields: Vec<SheetField>| {
        let mut d = SheetDetail::default();
        d.name = text(name);
        d.fields = fields;
        d
    };
    let mut sheet = Sheet::default();
    sheet.name = text(&contact.name());
    sheet.is_favorite = favorite;
    sheet.can_be_favorite = true;
    let mut status = SheetStatus::default();
    status.phone = PhoneStatus::from(contact.phone_status);
    status.video = VideoStatus::Available;
    sheet.status = status;
    sheet
        .actions
        .push(action(ContactAction::Call, &contact.number, true));
    if !contact.username.is_empty() {
        sheet
            .actions
            .push(action(ContactAction::Chat, &contact.username, false));
    }
    sheet
        .actions
        .push(action(ContactAction::Mail, &contact.email, false));
    if !contact.username.is_empty() {
        sheet
            .actions
            .push(action(ContactAction::Video, &contact.username, false));
    }
    let mut source = SheetSource::default();
    source.name = text(&contact.source);
    source.id = contact.id.as_str().into();
    sheet.sources.push(source);
    sheet.details = vec![
        section(
            "Contacts",
            vec![
                field("Téléphone interne", &contact.number, DataType::PhoneNumber),
                field("Téléphone pro", "", DataType::PhoneNumber),
                field("Téléphone mobile", &contact.mobile, DataType::PhoneNumber),
                field("Téléphone autre", "", DataType::PhoneNumber),
                field("E-mail", &contact.email, DataType::Mail),
                field("Télécopie", "", DataType::PhoneNumber),
            ],
        ),
        section(
            "Général",
            vec![
                field("Fonction", "", DataType::String),
                field("Service", "", DataType::String),
                field("Manager", "", DataType::String),
                field("Société", "", DataType::String),
                field("Site web", "", DataType::Url),
            ],
        ),
        section(
            "Lieu d'affectation",
            vec![
                field("Bureau", "", DataType::String),
                field("Adresse", "", DataType::String),
            ],
        ),
    ];
    sheet
}

/// One contact as a row of `DirectoryResult` / `Favorites`.
fn directory_entry(contact: &Contact, favorite: bool) -> DirectoryEntry {
    let mut entry = DirectoryEntry::default();
    entry.status = PhoneStatus::from(contact.phone_status);
    entry.entry = vec![
        text(&contact.first_name),
        text(&contact.last_name),
        text(&contact.number),
        text(&contact.mobile),
        text(if favorite { "true" } else { "false" }),
    ];
    entry.contact_id = Maybe::Value(contact.id.as_str().into());
    entry.source = Maybe::Value(text(&contact.source));
    entry.favorite = Maybe::Value(favorite);
    entry
}

/// `ContactSheet` of these contacts, each with whether it is a favorite.
pub fn contact_sheet<'a>(contacts: impl Iterator<Item = (&'a Contact, bool)>) -> Event {
    let mut message = ContactSheet::default();
    message.sheets = contacts.map(|(c, favorite)| sheet(c, favorite)).collect();
    message.into()
}

/// `FavoriteContactSheet` of these contacts.
pub fn favorite_contact_sheet<'a>(contacts: impl Iterator<Item = &'a Contact>) -> Event {
    let mut message = FavoriteContactSheet::default();
    message.sheets = contacts.map(|c| sheet(c, true)).collect();
    message.into()
}

fn headers() -> Vec<SmolStr> {
    DIRECTORY_HEADERS.iter().map(|h| text(h)).collect()
}

/// `DirectoryResult` of these contacts.
pub fn directory_result<'a>(contacts: impl Iterator<Item = (&'a Contact, bool)>) -> Event {
    let mut message = DirectoryResult::default();
    message.entries = contacts
        .map(|(c, favorite)| directory_entry(c, favorite))
        .collect();
    message.headers = headers();
    message.into()
}

/// `Favorites` of these contacts.
pub fn favorites<'a>(contacts: impl Iterator<Item = &'a Contact>) -> Event {
    let mut message = Favorites::default();
    message.entries = contacts.map(|c| directory_entry(c, true)).collect();
    message.headers = headers();
    message.into()
}

/// The user's first name: the login when the scenario gives none.
pub fn first_name(user: &User) -> &str {
    user.first_name.as_deref().unwrap_or(&user.login)
}

/// First and last name.
pub fn full_name(user: &User) -> String {
    format!("{} {}", first_name(user), user.last_name)
        .trim()
        .to_owned()
}

/// The forwards and do-not-disturb of a user, as `UserConfigUpdate` carries them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Forwards {
    /// Do not disturb.
    pub dnd: bool,
    /// Forward on no answer: on, destination.
    pub na: (bool, SmolStr),
    /// Forward every call.
    pub unc: (bool, SmolStr),
    /// Forward when busy.
    pub busy: (bool, SmolStr),
}

/// The whole `UserConfigUpdate` of a user: `fullName` is not `null`, which is what makes
/// the web client take it as the user record (CLIENTS.md §2, XucUser:27).
pub fn user_config(user: &User, user_id: i64, forwards: &Forwards) -> Event {
    let mut config = partial_config(user_id, forwards);
    config.na_fwd_destination = Maybe::Value(forwards.na.1.clone());
    config.unc_fwd_destination = Maybe::Value(forwards.unc.1.clone());
    config.busy_fwd_destination = Maybe::Value(forwards.busy.1.clone());
    config.first_name = Maybe::Value(text(first_name(user)));
    config.last_name = Maybe::Value(text(&user.last_name));
    config.full_name = Maybe::Value(text(&full_name(user)));
    config.mobile_number = Maybe::Value(text(&user.mobile_number));
    config.agent_id = user.agent_id.into();
    config.line_ids = Maybe::Value(user.line_id.into_iter().collect());
    config.voice_mail_id = user.voice_mail_id.into();
    config.voice_mail_enabled = Maybe::Value(user.voice_mail_id.is_some());
    config.into()
}

/// A forward or do-not-disturb change: `dndEnabled` and the forwards' flags as they
/// are, `null` for `fullName` and the destinations, as the web client reads a partial
/// update (CLIENTS.md §5: a `null` destination leaves that forward as it was).
fn partial_config(user_id: i64, forwards: &Forwards) -> UserConfigUpdate {
    let mut config = UserConfigUpdate::default();
    config.user_id = Maybe::Value(user_id);
    config.dnd_enabled = Maybe::Value(forwards.dnd);
    config.na_fwd_enabled = Maybe::Value(forwards.na.0);
    config.na_fwd_destination = Maybe::Null;
    config.unc_fwd_enabled = Maybe::Value(forwards.unc.0);
    config.unc_fwd_destination = Maybe::Null;
    config.busy_fwd_enabled = Maybe::Value(forwards.busy.0);
    config.busy_fwd_destination = Maybe::Null;
    config.full_name = Maybe::Null;
    config
}

/// Which forward changed, for [`forward_changed`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Forward {
    /// `dnd`.
    Dnd,
    /// `naFwd`.
    Na,
    /// `uncFwd`.
    Unc,
    /// `busyFwd`.
    Busy,
}

/// The partial `UserConfigUpdate` after a change of `which`: its destination given,
/// the others `null`.
pub fn forward_changed(user_id: i64, forwards: &Forwards, which: Forward) -> Event {
    let mut config = partial_config(user_id, forwards);
    match which {
        Forward::Dnd => {}
        Forward::Na => config.na_fwd_destination = Maybe::Value(forwards.na.1.clone()),
        Forward::Unc => config.unc_fwd_destination = Maybe::Value(forwards.unc.1.clone()),
        Forward::Busy => config.busy_fwd_destination = Maybe::Value(forwards.busy.1.clone()),
    }
    config.into()
}

/// The statuses as `UsersStatuses`.
pub fn users_statuses(statuses: &[Status]) -> UsersStatuses {
    UsersStatuses(
        statuses
            .iter()
            .map(|status| {
                let mut s = UserStatus::default();
                s.name = text(&status.name);
                s.color = text(&status.color);
                s.long_name = text(&status.long_name);
                s.actions = Maybe::Value(
                    status
                        .actions
                        .iter()
                        .map(|action| {
                            let mut a = StatusAction::default();
                            a.name = text(&action.name);
                            a.parameters = text(&action.parameters);
                            a
                        })
                        .collect(),
                );
                s
            })
            .collect(),
    )
}

/// `CtiStatuses`, derived from the statuses by cti-proto's own conversion.
pub fn cti_statuses(statuses: &[Status]) -> Event {
    CtiStatuses::from(&users_statuses(statuses)).into()
}

/// `UserPreference` with these preferences.
pub fn user_preference<'a>(preferences: impl Iterator<Item = &'a Preference>) -> Event {
    let mut message = UserPreference::default();
    message.preferences = preferences
        .map(|p| {
            user::Preference::new(
                PreferenceKey::from(p.key.as_str()),
                p.value.as_str(),
                ValueType::from(p.value_type.as_str()),
            )
        })
        .collect();
    message.into()
}

/// `RightProfile`.
pub fn right_profile(user: &User) -> Event {
    let mut message = RightProfile::default();
    message.profile = text(&user.right_profile);
    message.into()
}

/// `PhoneStatusUpdate` with a phone status code.
pub fn phone_status(status: PhoneStatus) -> Event {
    let mut message = PhoneStatusUpdate::default();
    message.status = Maybe::Value(i64::from(status.code()).into());
    message.into()
}

/// `LineConfig` of the user's line: its id, or `"-"` for no line (CLIENTS.md §2,
/// ctiProxy:64-66), with a device and no WebRTC.
pub fn line_config(user: &User) -> Event {
    let mut message = LineConfig::default();
    message.id = Maybe::Value(
        user.line_id
            .map_or_else(|| text("-"), |id| text(&id.to_string())),
    );
    message.web_rtc = Maybe::Value(false);
    message.has_device = Maybe::Value(user.line_id.is_some());
    message.into()
}

/// `Error` with a code, for requests the server cannot serve (no sample of this frame is
/// known; the codes are this server's own).
pub fn error(code: &str) -> Event {
    let mut message = ErrorMessage::default();
    message.error = Maybe::Value(text(code));
    message.into()
}

/// What a phone event says of a call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallInfo {
    /// `DN`: the user's number.
    pub dn: SmolStr,
    /// `otherDN`.
    pub other_dn: SmolStr,
    /// `otherDName`, when known.
    pub other_name: Option<SmolStr>,
    /// `linkedId`.
    pub linked_id: SmolStr,
    /// `uniqueId`.
    pub unique_id: SmolStr,
}

/// A `PhoneEvent` payload (also an element of `CurrentCallsPhoneEvents`). `userData` is
/// an empty object, never `null` (CLIENTS.md §5, XucPhoneEventListener:18).
pub fn phone_event_payload(event_type: PhoneEventType, call: &CallInfo) -> PhoneEvent {
    let mut event = PhoneEvent::default();
    event.event_type = event_type;
    event.dn = call.dn.clone();
    event.other_dn = Maybe::Value(call.other_dn.clone());
    event.other_d_name = call.other_name.clone().into();
    event.linked_id = call.linked_id.clone();
    event.unique_id = call.unique_id.clone();
    event.user_data = Maybe::Value(Default::default());
    event
}

/// A `PhoneEvent`.
pub fn phone_event(event_type: PhoneEventType, call: &CallInfo) -> Event {
    phone_event_payload(event_type, call).into()
}

/// An `AgentStateEvent` in the shape of the fixtures drawn from the web client
/// (CLIENTS.md §2: `agentId`, `phoneNb`, `since`, `queues`, and `cause` when paused):
/// `AgentLoggedOut` has an empty `phoneNb` and no `since`.
pub fn agent_state(
    state: AgentState,
    agent_id: i64,
    phone_nb: &str,
    since: i64,
    queues: &[i64],
    cause: Option<&str>,
) -> Event {
    let mut event = AgentStateEvent::default();
    let logged_out = state == AgentState::AgentLoggedOut;
    event.name = Maybe::Value(state);
    event.agent_id = Maybe::Value(agent_id);
    event.phone_nb = Maybe::Value(text(if logged_out { "" } else { phone_nb }));
    if !logged_out {
        event.since = Maybe::Value(since);
    }
    let queues = if logged_out { &[][..] } else { queues };
    event.queues = Maybe::Value(RawJson::from_value(&serde_json::Value::from(queues)));
    event.cause = cause.map(text).into();
    event.into()
}

/// `QueueList`.
pub fn queue_list(queues: &[Queue]) -> Event {
    QueueList(
        queues
            .iter()
            .map(|queue| {
                let mut config = QueueConfig::default();
                config.id = queue.id;
                config.name = text(&queue.name);
                config.display_name = queue.display_name.as_deref().map(text).into();
                config.number = queue.number.as_deref().map(text).into();
                config
            })
            .collect(),
    )
    .into()
}

/// `AgentList`: the users who are agents.
pub fn agent_list(scenario: &Scenario) -> Event {
    AgentList(
        scenario
            .users
            .iter()
            .enumerate()
            .filter_map(|(i, user)| {
                let mut config = AgentConfig::default();
                config.id = Maybe::Value(user.agent_id?);
                config.user_id = Maybe::Value(user_id(scenario, i));
                config.first_name = Maybe::Value(text(first_name(user)));
                config.last_name = Maybe::Value(text(&user.last_name));
                Some(config)
            })
            .collect(),
    )
    .into()
}

/// `QueueMemberList`: each agent in each of its queues, penalty 0.
pub fn queue_member_list(scenario: &Scenario) -> Event {
    QueueMemberList(
        scenario
            .users
            .iter()
            .filter_map(|user| Some((user.agent_id?, &user.agent_queues)))
            .flat_map(|(agent, queues)| {
                queues.iter().map(move |queue| {
                    let mut member = QueueMember::default();
                    member.agent_id = Maybe::Value(agent);
                    member.queue_id = Maybe::Value(*queue);
                    member.penalty = Maybe::Value(0);
                    member
                })
            })
            .collect(),
    )
    .into()
}

/// The `userId` of the scenario's user `index`: as given, or its position from 1.
pub fn user_id(scenario: &Scenario, index: usize) -> i64 {
    scenario
        .users
        .get(index)
        .and_then(|user| user.user_id)
        .unwrap_or_else(|| i64::try_from(index).map_or(i64::MAX, |i| i + 1))
}

/// What the server builds from the scenario's data must decode strictly too: a phone
/// status, a preference or a status the clients do not know is refused before the server
/// starts.
pub(crate) fn check_built(scenario: &Scenario) -> Result<(), ScenarioError> {
    for (what, event) in all_built(scenario) {
        crate::scenario::check_event(&cti_proto::encode_event(&event))
            .map_err(|why| ScenarioError::new(format!("{what}: {why}")))?;
    }
    Ok(())
}

/// Every message the server builds from the scenario's data alone (the login pushes of
/// each user, the whole directory in each form, the lists), each with what it is about,
/// so that a scenario can be checked before any client connects.
pub fn all_built(scenario: &Scenario) -> Vec<(String, Event)> {
    let mut built = Vec::new();
    for (index, user) in scenario.users.iter().enumerate() {
        let about = format!("user `{}`", user.login);
        let id = user_id(scenario, index);
        built.push((about.clone(), user_config(user, id, &Forwards::default())));
        built.push((about.clone(), right_profile(user)));
        built.push((about.clone(), user_preference(user.preferences.iter())));
        built.push((about, line_config(user)));
    }
    built.push(("statuses".to_owned(), cti_statuses(&scenario.statuses)));
    built.push((
        "statuses".to_owned(),
        users_statuses(&scenario.statuses).into(),
    ));
    let contacts = || scenario.directory.iter().map(|c| (c, false));
    built.push(("directory".to_owned(), contact_sheet(contacts())));
    built.push(("directory".to_owned(), directory_result(contacts())));
    built.push(("queues".to_owned(), queue_list(&scenario.queues)));
    built.push(("users".to_owned(), agent_list(scenario)));
    built.push(("users".to_owned(), queue_member_list(scenario)));
    built
}
