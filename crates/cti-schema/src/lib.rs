//! The JSON Schemas (draft 2020-12) of the xuc CTI protocol, generated from the
//! `cti-proto` types, and the check that the committed `schemas/` folder is current.
//!
//! Files, relative to `schemas/`:
//!
//! - `client-command.schema.json`, `server-event.schema.json`: the canonical contract, what
//!   the encoder writes and a conforming peer sends: a `oneOf` over the known messages
//!   (deprecated ones flagged `"deprecated": true`), told apart by `command` / `msgType`.
//! - `commands/<command>.schema.json`, `events/<msgType>.schema.json`: one message each.
//! - `lenient/client-command.schema.json`, `lenient/server-event.schema.json`: the inbound
//!   contract, what the lenient decoder accepts: also the tolerated irregularities (numeric
//!   strings, `"true"`/`"false"`, numeric ids) and any unknown `command` / `msgType`.
//!
//! ```
//! let files = cti_schema::generate();
//! assert!(files.contains_key("server-event.schema.json"));
//! assert!(files.contains_key("events/ContactSheet.schema.json"));
//! ```

pub mod diff;

use std::collections::BTreeMap;
use std::path::Path;

use cti_proto::{CommandKind, EventKind};
use schemars::generate::SchemaSettings;
use schemars::SchemaGenerator;
use serde_json::{json, Map, Value};

/// The prefix of every `$id`.
pub const ID_PREFIX: &str = "urn:cti-proto:schemas:";

/// The command that rewrites `schemas/` in this repository (with the other files derived
/// from the types: see its CONTRIBUTING.md).
pub const WRITE_COMMAND: &str = "cargo xtask generate";

use cti_proto::SCHEMA_LENIENT_KEYWORD as LENIENT_KEYWORD;

/// Every schema file, by path relative to `schemas/`, as written (pretty JSON and a final
/// newline).
pub fn generate() -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    let mut put = |path: String, schema: Value| {
        let text = serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n";
        files.insert(path, text);
    };
    for lenient in [false, true] {
        let prefix = if lenient { "lenient/" } else { "" };
        let path = format!("{prefix}server-event.schema.json");
        put(path.clone(), finish(events(lenient), &path, lenient));
        let path = format!("{prefix}client-command.schema.json");
        put(path.clone(), finish(commands(lenient), &path, lenient));
    }
    for kind in EventKind::ALL {
        let mut generator = generator();
        let mut schema = event_frame(*kind, &mut generator);
        schema["$defs"] = Value::Object(generator.take_definitions(true));
        let path = format!("events/{}.schema.json", kind.as_str());
        put(path.clone(), finish(schema, &path, false));
    }
    for kind in CommandKind::ALL {
        let mut generator = generator();
        let mut schema = command_frame(*kind, &mut generator);
        schema["$defs"] = Value::Object(generator.take_definitions(true));
        let path = format!("commands/{}.schema.json", kind.as_str());
        put(path.clone(), finish(schema, &path, false));
    }
    files
}

fn generator() -> SchemaGenerator {
    SchemaSettings::draft2020_12().into_generator()
}

/// Adds `$schema` and `$id`, merges the tagged union members (see [`merge_members`]), and
/// makes the lenient or canonical form. (Keys are written sorted, as serde_json keeps them.)
fn finish(mut schema: Value, path: &str, lenient: bool) -> Value {
    merge_members(&mut schema);
    let schema = if lenient {
        widen(schema)
    } else {
        strip(schema)
    };
    let mut out = Map::new();
    out.insert(
        "$schema".to_owned(),
        json!("https://json-schema.org/draft/2020-12/schema"),
    );
    let id = path.trim_end_matches(".schema.json").replace('/', ":");
    out.insert("$id".to_owned(), json!(format!("{ID_PREFIX}{id}")));
    if let Value::Object(map) = schema {
        out.extend(map);
    }
    Value::Object(out)
}

/// Adds the types' definitions beside the frames' ones; a type named like a frame
/// (`SheetEvent` beside the frame of `Sheet`) would replace it, so it is refused.
fn merge_definitions(defs: &mut Map<String, Value>, types: Map<String, Value>) {
    for (name, schema) in types {
        assert!(
            !defs.contains_key(&name),
            "the type `{name}` has the schema name of a frame definition: rename it"
        );
        defs.insert(name, schema);
    }
}

fn event_def_name(kind: EventKind) -> String {
    format!("{}Event", kind.as_str())
}

fn command_def_name(kind: CommandKind) -> String {
    let tag = kind.as_str();
    let mut name = tag[..1].to_ascii_uppercase();
    name.push_str(&tag[1..]);
    name + "Command"
}

fn describe(description: &str, replacement: Option<&str>, what: &str) -> String {
    match replacement {
        Some(replacement) => {
            format!("{description}\n\nDeprecated: use the {what} `{replacement}`.")
        }
        None => description.to_owned(),
    }
}

/// The schema of one event frame: `{"msgType": tag, "ctiMessage": payload}`.
fn event_frame(kind: EventKind, generator: &mut SchemaGenerator) -> Value {
    let payload = kind.payload_schema(generator).to_value();
    let mut required = vec!["msgType"];
    if kind.payload_required() {
        required.push("ctiMessage");
    }
    let mut schema = json!({
        "title": kind.as_str(),
        "description": describe(kind.description(), kind.replacement(), "event"),
        "type": "object",
        "properties": {
            "msgType": { "const": kind.as_str(), "description": "The message kind." },
            "ctiMessage": payload,
        },
        "required": required,
    });
    if kind.is_deprecated() {
        schema["deprecated"] = json!(true);
    }
    schema
}

/// The schema of one command frame: `claz`, `command` and the arguments beside them.
fn command_frame(kind: CommandKind, generator: &mut SchemaGenerator) -> Value {
    let arguments = kind.payload_schema(generator).to_value();
    let tags = if kind == CommandKind::Ping {
        json!({
            "properties": { "claz": { "const": "ping", "description": "The heartbeat's class." } },
            "required": ["claz"],
        })
    } else {
        json!({
            "properties": {
                "claz": { "const": "web", "description": "The class of every command but ping." },
                "command": { "const": kind.as_str(), "description": "The command." },
            },
            "required": ["claz", "command"],
        })
    };
    let mut schema = json!({
        "title": kind.as_str(),
        "description": describe(kind.description(), kind.replacement(), "command"),
        "type": "object",
        "allOf": [tags, arguments],
    });
    if kind.is_deprecated() {
        schema["deprecated"] = json!(true);
    }
    schema
}

fn events(lenient: bool) -> Value {
    let mut generator = generator();
    let mut defs = Map::new();
    let mut one_of = Vec::new();
    for kind in EventKind::ALL {
        let name = event_def_name(*kind);
        defs.insert(name.clone(), event_frame(*kind, &mut generator));
        one_of.push(json!({ "$ref": format!("#/$defs/{name}") }));
    }
    if lenient {
        let known: Vec<&str> = EventKind::ALL.iter().map(|k| k.as_str()).collect();
        defs.insert(
            "UnknownEvent".to_owned(),
            json!({
                "title": "Unknown event",
                "description": "A msgType this version does not know, with any payload: decoded as Unknown and kept.",
                "type": "object",
                "properties": { "msgType": { "type": "string", "not": { "enum": known } } },
                "required": ["msgType"],
            }),
        );
        one_of.push(json!({ "$ref": "#/$defs/UnknownEvent" }));
    }
    merge_definitions(&mut defs, generator.take_definitions(true));
    json!({
        "title": "Server event",
        "description": "A frame from xucserver to the client: {\"msgType\": ..., \"ctiMessage\": ...}.",
        "oneOf": one_of,
        "$defs": defs,
    })
}

fn commands(lenient: bool) -> Value {
    let mut generator = generator();
    let mut defs = Map::new();
    let mut one_of = Vec::new();
    for kind in CommandKind::ALL {
        let name = command_def_name(*kind);
        defs.insert(name.clone(), command_frame(*kind, &mut generator));
        one_of.push(json!({ "$ref": format!("#/$defs/{name}") }));
    }
    if lenient {
        let known: Vec<&str> = CommandKind::ALL
            .iter()
            .filter(|k| **k != CommandKind::Ping)
            .map(|k| k.as_str())
            .collect();
        defs.insert(
            "UnknownCommand".to_owned(),
            json!({
                "title": "Unknown command",
                "description": "A claz or command this version does not know, with any arguments: decoded as Unknown and kept.",
                "type": "object",
                "properties": { "claz": { "type": "string" }, "command": { "type": "string" } },
                "required": ["claz"],
                "not": { "anyOf": [
                    { "properties": { "claz": { "const": "ping" } } },
                    { "properties": { "claz": { "const": "web" }, "command": { "enum": known } } },
                ] },
                "if": { "properties": { "claz": { "const": "web" } } },
                "then": { "required": ["command"] },
            }),
        );
        one_of.push(json!({ "$ref": "#/$defs/UnknownCommand" }));
    }
    merge_definitions(&mut defs, generator.take_definitions(true));
    json!({
        "title": "Client command",
        "description": "A frame from the client to xucserver: {\"claz\": \"web\", \"command\": ..., arguments} or the heartbeat {\"claz\": \"ping\"}.",
        "oneOf": one_of,
        "$defs": defs,
    })
}

/// Rewrites each `anyOf` / `oneOf` member that is an `allOf` of plain object schemas (a
/// struct and the tag beside it, as in `FlashTextEvent`) into the one object schema it means,
/// and drops the definitions only such members used. Code generators need it: quicktype
/// (23.3 and 24.0, fixed in 25.1) stops with "Internal error: Unknown type intersection" when
/// it unifies a union holding an intersection with another type, as it does with the payloads
/// of the event envelopes.
///
/// A member is merged only when its meaning is kept: every part (inline, or a `$ref` to a
/// definition of this document) has only `type: "object"`, `properties`, `required` and
/// annotations, and no property is constrained by two parts.
fn merge_members(schema: &mut Value) {
    let mut merged_from = Vec::new();
    // A merged member copies properties from a definition, which may hold members to merge:
    // repeat until none is left.
    loop {
        let defs = schema.get("$defs").cloned().unwrap_or(Value::Null);
        let mut changed = false;
        visit(schema, &mut |node| {
            let Value::Object(map) = node else { return };
            for keyword in ["anyOf", "oneOf"] {
                let Some(Value::Array(members)) = map.get_mut(keyword) else {
                    continue;
                };
                for member in members {
                    if let Some((object, used)) = merge_all_of(member, &defs) {
                        *member = object;
                        merged_from.extend(used);
                        changed = true;
                    }
                }
            }
        });
        if !changed {
            break;
        }
    }
    let mut referenced = Vec::new();
    visit(schema, &mut |node| {
        if let Some(Value::String(target)) = node.get("$ref") {
            referenced.push(target.clone());
        }
    });
    if let Some(Value::Object(defs)) = schema.get_mut("$defs") {
        defs.retain(|name, _| {
            !merged_from.contains(name) || referenced.contains(&format!("#/$defs/{name}"))
        });
    }
}

/// The object schema an `allOf` member means, and the definitions it read; `None` when it
/// is not an `allOf` of plain object schemas with disjoint properties.
fn merge_all_of(member: &Value, defs: &Value) -> Option<(Value, Vec<String>)> {
    const ANNOTATIONS: [&str; 3] = ["description", "title", "deprecated"];
    let Value::Object(outer) = member else {
        return None;
    };
    let Some(Value::Array(all_of)) = outer.get("allOf") else {
        return None;
    };
    // The member's own keywords first: its annotations win over its parts'.
    let mut rest = outer.clone();
    rest.remove("allOf");
    let mut parts = vec![&rest];
    let mut used = Vec::new();
    for part in all_of {
        match part.get("$ref") {
            Some(Value::String(target)) if part.as_object().is_some_and(|p| p.len() == 1) => {
                let name = target.strip_prefix("#/$defs/")?;
                parts.push(defs.get(name)?.as_object()?);
                used.push(name.to_owned());
            }
            _ => parts.push(part.as_object()?),
        }
    }
    let mut object = Map::new();
    let mut properties = Map::new();
    let mut required: Vec<Value> = Vec::new();
    for part in parts {
        for (keyword, value) in part {
            match (keyword.as_str(), value) {
                ("type", Value::String(t)) if t == "object" => {
                    object.insert("type".to_owned(), value.clone());
                }
                ("properties", Value::Object(more)) => {
                    for (name, schema) in more {
                        if properties.insert(name.clone(), schema.clone()).is_some() {
                            return None;
                        }
                    }
                }
                ("required", Value::Array(names)) => {
                    for name in names {
                        if !name.is_string() {
                            return None;
                        }
                        if !required.contains(name) {
                            required.push(name.clone());
                        }
                    }
                }
                (annotation, _) if ANNOTATIONS.contains(&annotation) => {
                    object
                        .entry(keyword.clone())
                        .or_insert_with(|| value.clone());
                }
                _ => return None,
            }
        }
    }
    object.insert("properties".to_owned(), Value::Object(properties));
    if !required.is_empty() {
        object.insert("required".to_owned(), Value::Array(required));
    }
    Some((Value::Object(object), used))
}

/// The canonical form: the lenient markers dropped.
fn strip(mut schema: Value) -> Value {
    visit(&mut schema, &mut |node| {
        if let Value::Object(map) = node {
            map.remove(LENIENT_KEYWORD);
        }
    });
    schema
}

/// The lenient form: every marked value, boolean and integer also takes the forms lenient
/// decoding tolerates.
fn widen(mut schema: Value) -> Value {
    visit(&mut schema, &mut |node| {
        let Value::Object(map) = node else { return };
        let has_type = |map: &Map<String, Value>, name: &str| match map.get("type") {
            Some(Value::String(t)) => t == name,
            Some(Value::Array(types)) => types.iter().any(|t| t == name),
            _ => false,
        };
        let coerced = if has_type(map, "boolean") {
            Some(json!({ "enum": ["true", "false"] }))
        } else if has_type(map, "integer") {
            Some(json!({ "type": "string", "pattern": "^-?[0-9]+$" }))
        } else {
            None
        };
        let alternative = match (map.remove(LENIENT_KEYWORD), coerced) {
            (Some(marked), Some(coerced)) => json!({ "anyOf": [marked, coerced] }),
            (Some(alternative), None) | (None, Some(alternative)) => alternative,
            (None, None) => return,
        };
        let description = map.remove("description");
        let canonical = Value::Object(std::mem::take(map));
        map.insert("anyOf".to_owned(), json!([canonical, alternative]));
        if let Some(description) = description {
            map.insert("description".to_owned(), description);
        }
    });
    schema
}

/// Calls `f` on every node, children first.
fn visit(node: &mut Value, f: &mut dyn FnMut(&mut Value)) {
    match node {
        Value::Object(map) => map.values_mut().for_each(|child| visit(child, f)),
        Value::Array(items) => items.iter_mut().for_each(|child| visit(child, f)),
        _ => {}
    }
    f(node);
}

/// Writes every file into `dir`, and removes `.json` files that are not generated.
pub fn write(dir: &Path) -> std::io::Result<()> {
    let files = generate();
    for existing in list(dir)? {
        if !files.contains_key(&existing) {
            std::fs::remove_file(dir.join(&existing))?;
        }
    }
    for (path, text) in &files {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(target, text)?;
    }
    Ok(())
}

/// The `.json` files below `dir`, as relative paths with `/`.
fn list(dir: &Path) -> std::io::Result<Vec<String>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        let entries = match std::fs::read_dir(&folder) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e),
        };
        for entry in entries {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                let relative = path.strip_prefix(dir).unwrap_or(&path);
                out.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    Ok(out)
}

/// How `dir` differs from what [`generate`] writes: a report with a unified diff per
/// changed file, or `None` when it is current.
pub fn check(dir: &Path) -> std::io::Result<Option<String>> {
    let files = generate();
    let existing = list(dir)?;
    let mut report = String::new();
    for path in &existing {
        if !files.contains_key(path) {
            report.push_str(&format!("extra file: {path} (not generated)\n"));
        }
    }
    for (path, text) in &files {
        match std::fs::read_to_string(dir.join(path)) {
            Err(_) => report.push_str(&format!("missing file: {path}\n")),
            Ok(old) if old != *text => {
                report.push_str(&format!("--- {path} (committed)\n+++ {path} (generated)\n"));
                report.push_str(&unified_diff(&old, text));
            }
            Ok(_) => {}
        }
    }
    if report.is_empty() {
        return Ok(None);
    }
    report.push_str(&format!(
        "\nschemas/ is stale: run `{WRITE_COMMAND}` and commit the result.\n"
    ));
    Ok(Some(report))
}

/// A unified diff of two texts, by lines, with three lines of context.
pub fn unified_diff(old: &str, new: &str) -> String {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    // Longest common subsequence table, from the ends.
    let mut lcs = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    // The edit script: (tag, old index, new index).
    let mut ops = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            ops.push((' ', i, j));
            i += 1;
            j += 1;
        } else if j < b.len() && (i == a.len() || lcs[i][j + 1] >= lcs[i + 1][j]) {
            ops.push(('+', i, j));
            j += 1;
        } else {
            ops.push(('-', i, j));
            i += 1;
        }
    }
    let changed: Vec<usize> = ops
        .iter()
        .enumerate()
        .filter(|(_, op)| op.0 != ' ')
        .map(|(k, _)| k)
        .collect();
    let mut out = String::new();
    let mut k = 0;
    while k < changed.len() {
        let start = changed[k].saturating_sub(3);
        let mut end = changed[k];
        while k < changed.len() && changed[k] <= end + 7 {
            end = changed[k];
            k += 1;
        }
        let end = (end + 4).min(ops.len());
        let hunk = &ops[start..end];
        let old_len = hunk.iter().filter(|op| op.0 != '+').count();
        let new_len = hunk.iter().filter(|op| op.0 != '-').count();
        out.push_str(&format!(
            "@@ -{},{old_len} +{},{new_len} @@\n",
            hunk[0].1 + 1,
            hunk[0].2 + 1
        ));
        for (tag, i, j) in hunk {
            let line = if *tag == '+' { b[*j] } else { a[*i] };
            out.push_str(&format!("{tag}{line}\n"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn merged(schema: Value) -> Value {
        let mut schema = schema;
        merge_members(&mut schema);
        schema
    }

    #[test]
    fn a_struct_and_its_tag_become_one_object_and_the_struct_definition_goes() {
        let schema = merged(json!({
            "anyOf": [{ "allOf": [
                { "$ref": "#/$defs/Body" },
                { "properties": { "event": { "const": "A" } }, "required": ["event"] },
            ] }],
            "$defs": { "Body": {
                "type": "object", "description": "The body.",
                "properties": { "n": { "type": "integer" } }, "required": ["n"],
            } },
        }));
        assert_eq!(
            schema,
            json!({
                "anyOf": [{
                    "type": "object", "description": "The body.",
                    "properties": { "n": { "type": "integer" }, "event": { "const": "A" } },
                    "required": ["n", "event"],
                }],
                "$defs": {},
            })
        );
    }

    #[test]
    fn a_definition_used_elsewhere_stays() {
        let schema = merged(json!({
            "oneOf": [
                { "allOf": [{ "$ref": "#/$defs/Body" }, { "required": ["n"] }] },
                { "$ref": "#/$defs/Body" },
            ],
            "$defs": { "Body": { "type": "object", "properties": { "n": {} } } },
        }));
        assert!(schema["$defs"].get("Body").is_some());
        assert!(schema["oneOf"][0].get("allOf").is_none());
    }

    #[test]
    fn what_merging_would_change_is_left_alone() {
        for part in [
            // Both parts constrain `n`.
            json!({ "properties": { "n": { "type": "integer" } } }),
            // additionalProperties reads the other part's properties.
            json!({ "additionalProperties": false }),
            // Not an object schema.
            json!({ "type": "string" }),
        ] {
            let schema = json!({ "anyOf": [{ "allOf": [
                { "type": "object", "properties": { "n": { "minimum": 0 } } },
                part,
            ] }] });
            assert_eq!(merged(schema.clone()), schema);
        }
    }
}

/// The examples of the crate's README, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
