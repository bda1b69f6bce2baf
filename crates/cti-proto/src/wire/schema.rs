//! JSON Schema building blocks (feature `schema`): descriptions from doc comments, object
//! and open-enum schemas, and the marker that says how lenient decoding widens a value.
//!
//! The schemas written here are the canonical contract. A value that lenient decoding reads
//! more widely carries an `x-cti-lenient` keyword holding the extra forms it accepts; the
//! `cti-schema` crate turns these into `anyOf`s for the lenient contract and drops them from
//! the canonical one. Booleans and integers are always widened (every boolean and integer
//! field is read leniently), so they need no marker.

use schemars::{json_schema, Schema};
use serde_json::{json, Map, Value};

/// The keyword holding the extra forms lenient decoding accepts.
pub const LENIENT_KEYWORD: &str = "x-cti-lenient";

/// A description from doc-comment lines: one space of indentation dropped, code blocks
/// left out, surrounding blank lines trimmed.
pub fn describe(lines: &[&str]) -> String {
    let mut out = String::new();
    let mut in_code = false;
    for line in lines {
        let line = line.strip_prefix(' ').unwrap_or(line);
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if !in_code {
            out.push_str(line);
            out.push('\n');
        }
    }
    out.trim().to_owned()
}

/// The schema of a field: its type's schema, with the field's description.
pub fn field<T: schemars::JsonSchema>(
    generator: &mut schemars::SchemaGenerator,
    doc: &[&str],
) -> Value {
    let mut schema = generator.subschema_for::<T>().to_value();
    let description = describe(doc);
    if let (Value::Object(map), false) = (&mut schema, description.is_empty()) {
        map.insert("description".to_owned(), Value::String(description));
    }
    schema
}

/// A field marked `no_null`: the canonical schema is the value's (no `null`), and lenient
/// decoding also takes `null`.
pub fn no_null(field: &mut Value) {
    let Some(map) = field.as_object_mut() else {
        return;
    };
    let description = map.remove("description");
    let mut value = match map.remove("anyOf") {
        Some(Value::Array(mut branches)) if !branches.is_empty() => branches.remove(0),
        _ => return,
    };
    if let Value::Object(value) = &mut value {
        value.insert(LENIENT_KEYWORD.to_owned(), json!({ "type": "null" }));
        if let Some(description) = description {
            value.insert("description".to_owned(), description);
        }
    }
    *field = value;
}

/// An object with these properties; other properties are allowed (decoding keeps them).
pub fn object(doc: &[&str], properties: Map<String, Value>, required: Vec<&str>) -> Schema {
    let mut schema = json!({
        "type": "object",
        "description": describe(doc),
        "properties": properties,
    });
    if !required.is_empty() {
        schema["required"] = json!(required);
    }
    Schema::try_from(schema).unwrap_or_else(|_| json_schema!({}))
}

/// An open enum: its known values, each with its description, then any other value of the
/// same JSON type.
pub fn open_enum(doc: &[&str], json_type: &str, known: Vec<(Value, String)>) -> Schema {
    let mut any_of: Vec<Value> = known
        .into_iter()
        .map(|(value, description)| json!({ "const": value, "description": description }))
        .collect();
    any_of.push(json!({ "type": json_type, "description": "Any other value, kept as sent." }));
    Schema::try_from(json!({ "description": describe(doc), "anyOf": any_of }))
        .unwrap_or_else(|_| json_schema!({}))
}
