//! The scenario's JSON Schema: the checked-in `scenario.schema.json` is what the types
//! generate, and the example scenario is valid by it and by the loader alike.

use std::path::PathBuf;

use cti_testserver::{scenario_schema, Scenario};

fn crate_file(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(name)
}

/// Set to rewrite `scenario.schema.json` instead of comparing it.
const WRITE: &str = "CTI_WRITE_SCENARIO_SCHEMA";

#[test]
fn the_checked_in_schema_is_current() {
    let path = crate_file("scenario.schema.json");
    let generated = serde_json::to_string_pretty(&scenario_schema()).unwrap() + "\n";
    if std::env::var_os(WRITE).is_some() {
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{} is stale: regenerate it with `{WRITE}=1 cargo test -p cti-testserver --test schema`",
        path.display()
    );
}

#[test]
fn the_example_is_valid_by_the_schema_and_the_loader() {
    let example = crate_file("scenario.example.json");
    let scenario = Scenario::load(&example).unwrap();
    assert_eq!(scenario.users[0].login, "bob");
    let validator = jsonschema::validator_for(&scenario_schema()).unwrap();
    let value: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&example).unwrap()).unwrap();
    assert!(validator.is_valid(&value));
    // And the demo, as its serde form.
    assert!(validator.is_valid(&serde_json::to_value(Scenario::demo()).unwrap()));
    // Unknown keys and missing users are refused by both.
    for bad in [
        serde_json::json!({"users": [], "usres": []}),
        serde_json::json!({"directory": []}),
        serde_json::json!({"users": [{"login": "a", "password": "b"}]}),
    ] {
        assert!(!validator.is_valid(&bad), "{bad}");
        assert!(Scenario::from_json(&bad.to_string()).is_err(), "{bad}");
    }
}
