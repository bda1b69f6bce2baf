//! The frame sets of the benchmarks (`benches/data/*.jsonl`, one frame per line, written by
//! `cargo run -p cti-bench --bin make-bench-data`) and the baseline a typical crate would
//! write: plain `#[derive(Deserialize)]` types with owned strings and no handling of
//! unknown kinds, fields or values.

#![allow(non_snake_case, missing_docs)]

use std::collections::HashMap;
use std::path::PathBuf;

use serde::Deserialize;

pub mod serve;

/// The names of the frame sets.
pub const SETS: [&str; 4] = ["small", "contactsheet200", "commands", "mixed"];

/// The folder of the frame sets.
pub fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data")
}

/// The frames of a set.
pub fn load(set: &str) -> Vec<String> {
    let path = data_dir().join(format!("{set}.jsonl"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines().map(str::to_owned).collect()
}

/// The total size of frames, in bytes.
pub fn bytes(frames: &[String]) -> u64 {
    frames.iter().map(|f| f.len() as u64).sum()
}

// ---- the baseline: what most crates write ----

/// A server event, adjacently tagged, owned strings, no unknown kinds: the User API and the
/// kinds of the `mixed` set.
#[derive(Deserialize)]
#[serde(tag = "msgType", content = "ctiMessage")]
pub enum OwnedEvent {
    LoggedOn,
    LoggedOnError(OwnedErrorPayload),
    Error(OwnedErrorPayload),
    ContactSheet(OwnedSheets),
    FavoriteContactSheet(OwnedSheets),
    DirectoryResult(OwnedDirectory),
    Favorites(OwnedDirectory),
    FavoriteUpdated(OwnedFavoriteUpdated),
    CtiStatuses(Vec<OwnedCtiStatus>),
    UsersStatuses(Vec<OwnedUsersStatus>),
    UserStatusUpdate(OwnedUserStatusUpdate),
    UserConfigUpdate(OwnedUserConfigUpdate),
    UserPreference(HashMap<String, OwnedPreference>),
    UserDisplayName(serde_json::Value),
    PhoneEvent(OwnedPhoneEvent),
    PhoneHintStatusEvent(OwnedPhoneHint),
    AgentStateEvent(OwnedAgentState),
    QueueMember(OwnedQueueMember),
    QueueStatistics(OwnedQueueStatistics),
    FlashTextEvent(OwnedFlashText),
    CallHistory(Vec<OwnedCallHistoryItem>),
}

#[derive(Deserialize)]
pub struct OwnedPhoneEvent {
    pub eventType: String,
    pub DN: String,
    pub otherDN: Option<String>,
    pub otherDName: Option<String>,
    pub linkedId: String,
    pub uniqueId: String,
    pub queueName: Option<String>,
    pub callDirection: Option<String>,
    pub userData: Option<HashMap<String, String>>,
}

#[derive(Deserialize)]
pub struct OwnedQueueStatistics {
    pub queueId: Option<i64>,
    pub queueRef: Option<String>,
    pub counters: Vec<OwnedQueueCounter>,
}

#[derive(Deserialize)]
pub struct OwnedQueueCounter {
    pub statName: String,
    pub value: serde_json::Number,
}

#[derive(Deserialize)]
pub struct OwnedPhoneHint {
    pub number: Option<String>,
    pub status: Option<i32>,
}

#[derive(Deserialize)]
pub struct OwnedAgentState {
    pub name: Option<String>,
    pub agentId: Option<i64>,
    pub phoneNb: Option<String>,
    pub since: Option<i64>,
    pub queues: Option<Vec<i64>>,
    pub cause: Option<String>,
    pub acd: Option<bool>,
    pub direction: Option<String>,
    pub monitorState: Option<String>,
}

#[derive(Deserialize)]
pub struct OwnedQueueMember {
    pub agentId: Option<i64>,
    pub queueId: Option<i64>,
    pub penalty: Option<i64>,
}

/// `FlashTextEvent` as one struct of every field of its forms.
#[derive(Deserialize)]
pub struct OwnedFlashText {
    pub event: String,
    pub from: Option<OwnedFlashTextParty>,
    pub to: Option<OwnedFlashTextParty>,
    pub sequence: Option<i64>,
    pub message: Option<String>,
    pub date: Option<String>,
    pub offline: Option<bool>,
}

#[derive(Deserialize)]
pub struct OwnedFlashTextParty {
    pub username: String,
    pub phoneNumber: Option<String>,
    pub displayName: Option<String>,
    pub guid: Option<String>,
}

#[derive(Deserialize)]
pub struct OwnedCallHistoryItem {
    pub start: String,
    pub duration: String,
    pub srcUsername: Option<String>,
    pub dstUsername: Option<String>,
    pub status: String,
    pub srcPhoneStatus: Option<i32>,
    pub srcVideoStatus: Option<String>,
    pub dstPhoneStatus: Option<i32>,
    pub dstVideoStatus: Option<String>,
    pub srcNum: String,
    pub dstNum: String,
    pub srcFirstName: Option<String>,
    pub srcLastName: Option<String>,
    pub dstFirstName: Option<String>,
    pub dstLastName: Option<String>,
}

#[derive(Deserialize)]
pub struct OwnedErrorPayload {
    pub Error: Option<String>,
}

#[derive(Deserialize)]
pub struct OwnedSheets {
    pub sheets: Vec<OwnedSheet>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OwnedSheet {
    pub name: String,
    pub subtitle1: String,
    pub subtitle2: String,
    pub picture: String,
    pub is_personal: bool,
    pub is_favorite: bool,
    pub is_meetingroom: bool,
    pub can_be_favorite: bool,
    pub status: OwnedSheetStatus,
    pub actions: Vec<OwnedAction>,
    pub sources: Vec<OwnedSource>,
    pub details: Vec<OwnedDetail>,
}

#[derive(Deserialize)]
pub struct OwnedSheetStatus {
    pub phone: i32,
    pub video: String,
}

#[derive(Deserialize)]
pub struct OwnedAction {
    pub action: String,
    pub args: Vec<String>,
    pub default: bool,
}

#[derive(Deserialize)]
pub struct OwnedSource {
    pub name: String,
    pub id: String,
}

#[derive(Deserialize)]
pub struct OwnedDetail {
    pub name: String,
    pub fields: Vec<OwnedField>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OwnedField {
    pub name: String,
    pub data: String,
    pub data_type: String,
}

#[derive(Deserialize)]
pub struct OwnedDirectory {
    pub entries: Vec<OwnedEntry>,
    pub headers: Vec<String>,
}

#[derive(Deserialize)]
pub struct OwnedEntry {
    pub status: i32,
    pub entry: Vec<String>,
}

#[derive(Deserialize)]
pub struct OwnedFavoriteUpdated {
    pub action: Option<String>,
    pub contact_id: Option<String>,
    pub source: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OwnedCtiStatus {
    pub name: String,
    pub display_name: String,
    pub status: i32,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OwnedUsersStatus {
    pub name: String,
    pub color: String,
    pub long_name: String,
    pub actions: Vec<OwnedStatusAction>,
}

#[derive(Deserialize)]
pub struct OwnedStatusAction {
    pub name: String,
    pub parameters: String,
}

#[derive(Deserialize)]
pub struct OwnedUserStatusUpdate {
    pub status: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OwnedUserConfigUpdate {
    pub user_id: Option<i64>,
    pub dnd_enabled: Option<bool>,
    pub na_fwd_enabled: Option<bool>,
    pub na_fwd_destination: Option<String>,
    pub unc_fwd_enabled: Option<bool>,
    pub unc_fwd_destination: Option<String>,
    pub busy_fwd_enabled: Option<bool>,
    pub busy_fwd_destination: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub full_name: Option<String>,
    pub mobile_number: Option<String>,
    pub agent_id: Option<i64>,
    pub line_ids: Option<Vec<i64>>,
    pub voice_mail_id: Option<i64>,
    pub voice_mail_enabled: Option<bool>,
}

#[derive(Deserialize)]
pub struct OwnedPreference {
    pub value: String,
    pub value_type: String,
}

/// A client command as one flat struct of every argument, optional and owned: the usual
/// way to read `{"claz":"web","command":...,args}` frames.
#[derive(Deserialize)]
pub struct OwnedCommand {
    pub claz: String,
    pub command: Option<String>,
    pub agentId: Option<i64>,
    pub agentid: Option<i64>,
    pub agentphonenumber: Option<String>,
    pub callerId: Option<String>,
    pub callerIdName: Option<String>,
    pub callerIdNumber: Option<String>,
    pub comment: Option<String>,
    pub contactId: Option<String>,
    pub days: Option<i64>,
    pub destination: Option<String>,
    pub device: Option<String>,
    pub deviceType: Option<String>,
    pub dueDate: Option<String>,
    pub earlyJoin: Option<bool>,
    pub exten: Option<String>,
    pub fromPenalty: Option<i64>,
    pub fromQueueId: Option<i64>,
    pub groupId: Option<i64>,
    pub id: Option<serde_json::Value>,
    pub index: Option<i64>,
    pub key: Option<String>,
    pub leaveWhenLastMarkedLeave: Option<bool>,
    pub level: Option<String>,
    pub log: Option<String>,
    pub marked: Option<bool>,
    pub membership: Option<serde_json::Value>,
    pub message: Option<String>,
    pub numConf: Option<serde_json::Value>,
    pub number: Option<String>,
    pub objectType: Option<String>,
    pub penalty: Option<i64>,
    pub periodUuid: Option<String>,
    pub phoneNumbers: Option<Vec<String>>,
    pub queue: Option<String>,
    pub queueCall: Option<serde_json::Value>,
    pub queueId: Option<i64>,
    pub reason: Option<String>,
    pub request: Option<serde_json::Value>,
    pub requestId: Option<serde_json::Value>,
    pub role: Option<String>,
    pub sequence: Option<i64>,
    pub size: Option<i64>,
    pub source: Option<String>,
    pub state: Option<bool>,
    pub status: Option<String>,
    pub term: Option<String>,
    pub to: Option<serde_json::Value>,
    pub toPenalty: Option<i64>,
    pub toQueueId: Option<i64>,
    pub token: Option<String>,
    pub uniqueId: Option<String>,
    pub userId: Option<i64>,
    pub userIds: Option<Vec<i64>>,
    pub username: Option<String>,
    pub usernames: Option<Vec<String>>,
    pub uuid: Option<String>,
    pub value: Option<String>,
    pub value_type: Option<String>,
    pub variables: Option<HashMap<String, String>>,
    pub voiceMessageRef: Option<String>,
    pub window: Option<i64>,
    pub xqos: Option<i64>,
}

/// A process's resident memory (`VmRSS`) and its peak (`VmHWM`), in KiB, from
/// `/proc/PID/status` (Linux); `pid` may be `self`.
pub fn memory_kib(pid: &str) -> Result<(u64, u64), String> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .map_err(|e| format!("/proc/{pid}/status: {e}"))?;
    let field = |key: &str| -> Result<u64, String> {
        status
            .lines()
            .find_map(|line| line.strip_prefix(key))
            .and_then(|rest| rest.trim().strip_suffix("kB"))
            .and_then(|value| value.trim().parse().ok())
            .ok_or_else(|| format!("no {key} in /proc/{pid}/status"))
    };
    Ok((field("VmRSS:")?, field("VmHWM:")?))
}
