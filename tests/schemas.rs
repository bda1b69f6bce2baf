//! The JSON Schemas in `schemas/` are current, valid 2020-12 schemas, and agree with the
//! decoder and the encoder (DESIGN.md law 3).

use std::path::PathBuf;
use std::sync::OnceLock;

use cti_conformance::{decode, for_each_fixture, Direction};
use cti_proto::{encode_command, encode_event, Command, Decoder, ErrorKind, Event};
use proptest::prelude::*;
use serde_json::Value;

fn schemas_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../schemas")
}

fn load(path: &str) -> Value {
    let text = std::fs::read_to_string(schemas_dir().join(path)).expect("schema file");
    serde_json::from_str(&text).expect("schema is JSON")
}

struct Contracts {
    canonical: jsonschema::Validator,
    lenient: jsonschema::Validator,
}

fn contracts(direction: Direction) -> &'static Contracts {
    static SERVER: OnceLock<Contracts> = OnceLock::new();
    static CLIENT: OnceLock<Contracts> = OnceLock::new();
    let (cell, file) = match direction {
        Direction::ServerToClient => (&SERVER, "server-event.schema.json"),
        Direction::ClientToServer => (&CLIENT, "client-command.schema.json"),
    };
    cell.get_or_init(|| Contracts {
        canonical: jsonschema::draft202012::new(&load(file)).expect("canonical schema compiles"),
        lenient: jsonschema::draft202012::new(&load(&format!("lenient/{file}")))
            .expect("lenient schema compiles"),
    })
}

/// Every error of `instance` against `validator`, with its instance path.
fn errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| format!("at {:?}: {e}", e.instance_path.as_str()))
        .collect()
}

#[test]
fn committed_schemas_are_current() {
    if let Some(report) = cti_schema::check(&schemas_dir()).expect("schemas/ readable") {
        panic!("{report}");
    }
}

#[test]
fn every_schema_is_a_valid_2020_12_schema() {
    let files = cti_schema::generate();
    assert!(files.len() >= 28, "{} files", files.len());
    for path in files.keys() {
        let schema = load(path);
        if let Err(error) = jsonschema::draft202012::meta::validate(&schema) {
            panic!("{path}: {error} at {:?}", error.instance_path.as_str());
        }
        let id = schema["$id"].as_str().expect("$id");
        assert!(id.starts_with(cti_schema::ID_PREFIX), "{path}: {id}");
    }
}

/// Frames whose decoding fails for their shape: what a schema can say.
fn rejected_for_shape(kind: ErrorKind, message: &str) -> bool {
    matches!(
        kind,
        ErrorKind::Payload
            | ErrorKind::NotAnObject
            | ErrorKind::MissingTag
            | ErrorKind::TagNotString
    ) && !message.contains("duplicate")
}

#[test]
fn fixtures_agree_with_the_schemas() {
    let counts = std::cell::Cell::new([0usize; 3]);
    let count = |i: usize| {
        let mut c = counts.get();
        c[i] += 1;
        counts.set(c);
    };
    for_each_fixture(|f| {
        let Ok(instance) = serde_json::from_str::<Value>(&f.frame) else {
            return;
        };
        let schemas = contracts(f.direction);
        match decode(&Decoder::new(), f.direction, &f.frame) {
            Ok(decoded) => {
                let found = errors(&schemas.lenient, &instance);
                assert!(
                    found.is_empty(),
                    "{}: decodes, but the lenient schema says {found:#?}",
                    f.name
                );
                if decoded.diagnostics.is_empty() && decoded.message.is_known() {
                    let found = errors(&schemas.canonical, &instance);
                    assert!(
                        found.is_empty(),
                        "{}: clean, but the canonical schema says {found:#?}",
                        f.name
                    );
                    count(1);
                }
                count(0);
            }
            Err(error) if rejected_for_shape(error.kind(), error.message()) => {
                assert!(
                    !schemas.lenient.is_valid(&instance),
                    "{}: lenient schema accepts it ({error})",
                    f.name
                );
                assert!(
                    !schemas.canonical.is_valid(&instance),
                    "{}: canonical schema accepts it ({error})",
                    f.name
                );
                count(2);
            }
            Err(_) => {}
        }
    });
    // Every category must have been exercised, or the test proves nothing.
    let counts = counts.get();
    assert!(
        counts.iter().all(|&n| n >= 20),
        "decoded, clean, rejected: {counts:?}"
    );
}

#[test]
fn per_message_schemas_accept_their_own_fixtures() {
    for_each_fixture(|f| {
        if !f.name.contains("/wire") && !f.name.ends_with("/seed") {
            return;
        }
        let Ok(Some(tag)) = decode(&Decoder::new(), f.direction, &f.frame)
            .map(|d| d.message.is_known().then(|| d.message.tag().to_owned()))
        else {
            return;
        };
        let folder = if f.direction == Direction::ServerToClient {
            "events"
        } else {
            "commands"
        };
        let schema = load(&format!("{folder}/{tag}.schema.json"));
        let instance: Value = serde_json::from_str(&f.frame).expect("JSON");
        let validator = jsonschema::draft202012::new(&schema).expect("compiles");
        let found = errors(&validator, &instance);
        assert!(found.is_empty(), "{}: {found:#?}", f.name);
    });
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn encoded_events_satisfy_the_canonical_schema(event in any::<Event>()) {
        prop_assume!(event.kind().is_some());
        let encoded = encode_event(&event);
        // A `null` where clients take none (`#[wire(no_null)]`) is outside the contract.
        prop_assume!(!cti_proto::decode_event(&encoded)
            .is_ok_and(|d| d.diagnostics.iter().any(|d| d.code == cti_proto::DiagnosticCode::NullValue)));
        let instance: Value = serde_json::from_str(&encoded).expect("JSON");
        let found = errors(&contracts(Direction::ServerToClient).canonical, &instance);
        prop_assert!(found.is_empty(), "{:#?}\n{}", found, instance);
    }

    #[test]
    fn encoded_commands_satisfy_the_canonical_schema(command in any::<Command>()) {
        prop_assume!(command.kind().is_some());
        let instance: Value = serde_json::from_str(&encode_command(&command)).expect("JSON");
        let found = errors(&contracts(Direction::ClientToServer).canonical, &instance);
        prop_assert!(found.is_empty(), "{:#?}\n{}", found, instance);
    }

    #[test]
    fn encoded_unknown_messages_satisfy_the_lenient_schema(event in any::<Event>(), command in any::<Command>()) {
        let instance: Value = serde_json::from_str(&encode_event(&event)).expect("JSON");
        let found = errors(&contracts(Direction::ServerToClient).lenient, &instance);
        prop_assert!(found.is_empty(), "{:#?}\n{}", found, instance);
        let instance: Value = serde_json::from_str(&encode_command(&command)).expect("JSON");
        let found = errors(&contracts(Direction::ClientToServer).lenient, &instance);
        prop_assert!(found.is_empty(), "{:#?}\n{}", found, instance);
    }
}
