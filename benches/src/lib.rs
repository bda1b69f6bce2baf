//! The frame sets of the benchmarks (`benches/data/*.jsonl`, one frame per line, written by
//! `cargo run -p cti-bench --bin make-bench-data`) and the baseline a typical crate would
//! write: plain `#[derive(Deserialize)]` types with owned strings and no handling of
//! unknown kinds, fields or values.

#![allow(non_snake_case, missing_docs)]

use std::collections::HashMap;
use std::path::PathBuf;

use serde::Deserialize;

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

/// A server event, adjacently tagged, owned strings, no unknown kinds.
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

/// A client command as a flat struct of owned, optional strings: the usual way to read
/// `{"claz":"web","command":...,args}` frames.
#[derive(Deserialize)]
pub struct OwnedCommand {
    pub claz: String,
    pub command: Option<String>,
    pub term: Option<String>,
    pub contactId: Option<String>,
    pub source: Option<String>,
    pub status: Option<String>,
    pub username: Option<String>,
    pub key: Option<String>,
    pub value: Option<String>,
    pub value_type: Option<String>,
}
