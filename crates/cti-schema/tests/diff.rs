//! `cti-schema diff`: a pair of schema folders for every rule, in both directions, with the
//! finding each must give; the exit codes, the JSON report and the allow file. The folders
//! are made up here, each a one-message `events/` or `commands/` as `cti-schema write`
//! lays them out.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

use cti_schema::diff::{self, Allow, Direction, Mode, Rule, SchemaSet, Severity};
use serde_json::{json, Map, Value};

/// An event's file, its payload the definition `P`.
fn event(payload: &Value) -> Value {
    json!({
        "$defs": {"P": payload},
        "properties": {
            "msgType": {"const": "Demo"},
            "ctiMessage": {"$ref": "#/$defs/P"}
        },
        "required": ["msgType", "ctiMessage"],
        "type": "object"
    })
}

/// A command's file, its arguments the definition `P`.
fn command(arguments: &Value) -> Value {
    json!({
        "$defs": {"P": arguments},
        "allOf": [
            {
                "properties": {"claz": {"const": "web"}, "command": {"const": "demo"}},
                "required": ["claz", "command"]
            },
            {"$ref": "#/$defs/P"}
        ],
        "type": "object"
    })
}

/// The payload every case starts from: `a` required, `o` optional, `k` an open list of
/// values, `c` a closed one, `n` may be null.
fn base() -> Value {
    json!({
        "type": "object",
        "properties": {
            "a": {"type": "string"},
            "o": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
            "k": {"anyOf": [{"const": "X"}, {"const": "Y"}, {"type": "string"}]},
            "c": {"anyOf": [{"const": "X"}, {"const": "Y"}]},
            "n": {"anyOf": [{"type": "string"}, {"type": "null"}]}
        },
        "required": ["a"]
    })
}

/// The base payload, changed by `f`.
fn changed(f: impl FnOnce(&mut Value)) -> Value {
    let mut value = base();
    f(&mut value);
    value
}

fn folder(direction: Direction, payload: Option<&Value>) -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "cti-schema-diff-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("events")).unwrap();
    std::fs::create_dir_all(dir.join("commands")).unwrap();
    if let Some(payload) = payload {
        let (path, schema) = match direction {
            Direction::ServerToClient => ("events/Demo.schema.json", event(payload)),
            Direction::ClientToServer => ("commands/demo.schema.json", command(payload)),
        };
        std::fs::write(dir.join(path), schema.to_string()).unwrap();
    }
    dir
}

fn findings(
    direction: Direction,
    old: Option<&Value>,
    new: Option<&Value>,
    mode: Mode,
) -> Vec<(Rule, Severity, String)> {
    let (a, b) = (folder(direction, old), folder(direction, new));
    let old = SchemaSet::from_dir(&a).unwrap();
    let new = SchemaSet::from_dir(&b).unwrap();
    let _ = (std::fs::remove_dir_all(a), std::fs::remove_dir_all(b));
    diff::diff(&old, &new, mode, &[])
        .into_iter()
        .inspect(|f| {
            assert_eq!(f.direction, direction);
            assert!(!f.text.is_empty());
        })
        .map(|f| (f.rule, f.severity, f.pointer))
        .collect()
}

struct Case {
    rule: Rule,
    old: Option<Value>,
    new: Option<Value>,
    /// The pointer inside the payload (`/ctiMessage` is put before it for events).
    at: &'static str,
    /// Severity under `full`: event, command (`None`: the rule does not apply).
    event: Option<Severity>,
    command: Option<Severity>,
}

fn cases() -> Vec<Case> {
    use Severity::{Breaking, Info, Unclassified, Warning};
    let case = |rule, new: Value, at, event, command| Case {
        rule,
        old: Some(base()),
        new: Some(new),
        at,
        event: Some(event),
        command: Some(command),
    };
    vec![
        Case {
            rule: Rule::MessageRemoved,
            old: Some(base()),
            new: None,
            at: "",
            event: Some(Breaking),
            command: Some(Breaking),
        },
        Case {
            rule: Rule::MessageAdded,
            old: None,
            new: Some(base()),
            at: "",
            event: Some(Info),
            command: Some(Info),
        },
        case(
            Rule::FieldRemoved,
            changed(|v| {
                v["properties"].as_object_mut().unwrap().remove("o");
            }),
            "/o",
            Breaking,
            Breaking,
        ),
        case(
            Rule::FieldAdded,
            changed(|v| v["properties"]["b"] = json!({"type": "string"})),
            "/b",
            Info,
            Warning,
        ),
        case(
            Rule::FieldAddedRequired,
            changed(|v| {
                v["properties"]["b"] = json!({"type": "string"});
                v["required"] = json!(["a", "b"]);
            }),
            "/b",
            Breaking,
            Breaking,
        ),
        case(
            Rule::FieldNowOptional,
            changed(|v| v["required"] = json!([])),
            "/a",
            Breaking,
            Warning,
        ),
        case(
            Rule::FieldNowRequired,
            changed(|v| v["required"] = json!(["a", "o"])),
            "/o",
            Breaking,
            Breaking,
        ),
        case(
            Rule::TypeAdded,
            changed(|v| v["properties"]["a"] = json!({"type": ["string", "number"]})),
            "/a",
            Breaking,
            Warning,
        ),
        case(
            Rule::TypeRemoved,
            changed(|v| v["properties"]["o"] = json!({"type": "string"})),
            "/o",
            Breaking,
            Breaking,
        ),
        case(
            Rule::NullAdded,
            changed(|v| v["properties"]["a"] = json!({"type": ["string", "null"]})),
            "/a",
            Breaking,
            Warning,
        ),
        case(
            Rule::NullRemoved,
            changed(|v| v["properties"]["n"] = json!({"type": "string"})),
            "/n",
            Breaking,
            Breaking,
        ),
        // A new value in an open list: readers that compare against values see one more.
        case(
            Rule::ValueAdded,
            changed(|v| {
                let values = v["properties"]["k"]["anyOf"].as_array_mut().unwrap();
                values.insert(0, json!({"const": "Z"}));
            }),
            "/k",
            Warning,
            Info,
        ),
        case(
            Rule::ValueRemoved,
            changed(|v| v["properties"]["c"]["anyOf"][0] = json!({"const": "Y"})),
            "/c",
            Breaking,
            Breaking,
        ),
        Case {
            rule: Rule::PayloadShapeChanged,
            old: Some(base()),
            new: Some(json!({"type": "array", "items": {"type": "string"}})),
            at: "",
            event: Some(Breaking),
            command: None,
        },
        case(
            Rule::Unclassified,
            changed(|v| v["properties"]["a"]["not"] = json!({"const": ""})),
            "/a",
            Unclassified,
            Unclassified,
        ),
    ]
}

#[test]
fn every_rule_has_a_case_and_gives_its_finding_in_both_directions() {
    let cases = cases();
    for rule in Rule::ALL {
        assert!(
            cases.iter().any(|c| c.rule == *rule),
            "no case for {rule:?}"
        );
    }
    for case in &cases {
        for (direction, expected) in [
            (Direction::ServerToClient, case.event),
            (Direction::ClientToServer, case.command),
        ] {
            let Some(severity) = expected else { continue };
            let pointer = match direction {
                Direction::ServerToClient if case.rule.id().starts_with("message") => String::new(),
                Direction::ServerToClient => format!("/ctiMessage{}", case.at),
                Direction::ClientToServer => case.at.to_owned(),
            };
            let found = findings(direction, case.old.as_ref(), case.new.as_ref(), Mode::Full);
            assert!(
                found.contains(&(case.rule, severity, pointer.clone())),
                "{} {direction:?}: expected {severity:?} at {pointer:?}, got {found:?}",
                case.rule.id()
            );
            // Nothing else is breaking.
            assert!(
                found
                    .iter()
                    .all(|(rule, s, _)| *rule == case.rule || *s != Severity::Breaking),
                "{} {direction:?}: {found:?}",
                case.rule.id()
            );
        }
    }
}

#[test]
fn a_value_added_to_a_closed_list_breaks_old_clients() {
    let new = changed(|v| {
        let values = v["properties"]["c"]["anyOf"].as_array_mut().unwrap();
        values.push(json!({"const": "Z"}));
    });
    let found = findings(
        Direction::ServerToClient,
        Some(&base()),
        Some(&new),
        Mode::Full,
    );
    assert_eq!(
        found,
        [(Rule::ValueAdded, Severity::Breaking, "/ctiMessage/c".into())]
    );
}

#[test]
fn each_mode_judges_its_own_readers() {
    // An event field removed breaks old clients (forward), not new ones (backward); a
    // command argument removed breaks old clients of new servers (backward).
    let new = changed(|v| {
        v["properties"].as_object_mut().unwrap().remove("o");
    });
    let severity = |direction, mode| findings(direction, Some(&base()), Some(&new), mode)[0].1;
    use Direction::{ClientToServer as C, ServerToClient as S};
    assert_eq!(severity(S, Mode::Forward), Severity::Breaking);
    assert_eq!(severity(S, Mode::Backward), Severity::Info);
    assert_eq!(severity(C, Mode::Forward), Severity::Info);
    assert_eq!(severity(C, Mode::Backward), Severity::Breaking);
}

#[test]
fn identical_folders_give_nothing() {
    for direction in [Direction::ServerToClient, Direction::ClientToServer] {
        let found = findings(direction, Some(&base()), Some(&base()), Mode::Full);
        assert_eq!(found, []);
    }
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cti-schema"))
        .arg("diff")
        .args(args)
        .output()
        .expect("cti-schema runs")
}

fn path(dir: &Path) -> &str {
    dir.to_str().unwrap()
}

#[test]
fn the_command_exits_by_what_it_found_and_prints_json() {
    let old = folder(Direction::ServerToClient, Some(&base()));
    let new = folder(
        Direction::ServerToClient,
        Some(&changed(|v| {
            v["properties"].as_object_mut().unwrap().remove("o");
        })),
    );
    let same = run(&[path(&old), path(&old)]);
    assert_eq!(same.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&same.stdout).contains("summary: 0 breaking"));

    let broken = run(&[path(&old), path(&new), "--format", "json"]);
    assert_eq!(broken.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&broken.stdout).expect("one JSON array");
    assert_eq!(
        report,
        json!([{
            "rule": "field-removed",
            "severity": "breaking",
            "direction": "server-to-client",
            "message": "Demo",
            "pointer": "/ctiMessage/o",
            "text": "the optional field `o` is gone"
        }])
    );
    // Forward only judges old clients: still breaking; backward: not.
    assert_eq!(
        run(&[path(&old), path(&new), "--mode", "backward"])
            .status
            .code(),
        Some(0)
    );

    // Allowed with a reason: printed, not failing.
    let allow = old.join("allow.json");
    std::fs::write(
        &allow,
        r#"[{"rule": "field-removed", "message": "Demo", "reason": "no client reads it"}]"#,
    )
    .unwrap();
    let allowed = run(&[path(&old), path(&new), "--allow", path(&allow)]);
    assert_eq!(allowed.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&allowed.stdout).contains("[allowed: no client reads it]"));

    // Without a reason, the allow file is refused.
    std::fs::write(&allow, r#"[{"rule": "field-removed"}]"#).unwrap();
    let refused = run(&[path(&old), path(&new), "--allow", path(&allow)]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("needs a `reason`"));

    for args in [
        vec![path(&old)],
        vec![path(&old), path(&new), "--mode", "sideways"],
        vec![path(&old), "no-such-folder-or-revision-xyz"],
    ] {
        assert_eq!(run(&args).status.code(), Some(2), "{args:?}");
    }
    let _ = (std::fs::remove_dir_all(old), std::fs::remove_dir_all(new));
}

#[test]
fn a_git_revision_is_read_without_the_work_tree() {
    // The repository's own schemas at HEAD, twice: read through git (a revision with no
    // schemas/ is an error, exit 2). Skipped where there is no git checkout (a packaged
    // crate).
    let inside = Command::new("git")
        .args(["rev-parse", "HEAD:schemas"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !inside {
        eprintln!("not in a git checkout: skipped");
        return;
    }
    let out = run(&["HEAD", "HEAD"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("summary: 0 breaking"));
    let empty = run(&["HEAD", "4b825dc642cb6eb9a060e54bf8d69288fbee4904"]);
    assert_eq!(
        empty.status.code(),
        Some(2),
        "the empty tree has no schemas/"
    );
}

#[test]
fn allow_entries_name_known_rules() {
    let error = Allow::parse_file(r#"[{"rule": "field-gone", "reason": "x"}]"#).unwrap_err();
    assert!(error.contains("no rule is called `field-gone`"), "{error}");
    let error =
        Allow::parse_file(r#"[{"rule": "field-removed", "reason": "x", "why": 1}]"#).unwrap_err();
    assert!(error.contains("unknown key `why`"), "{error}");
}

/// `schemas/` of the repository, copied, with `f` applied to the schema of `file`
/// (`events/PhoneEvent.schema.json`); the copy's folder.
fn committed_changed(file: &str, f: impl FnOnce(&mut Value)) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schemas");
    let dir = folder(Direction::ServerToClient, None);
    for sub in ["events", "commands"] {
        for entry in std::fs::read_dir(root.join(sub)).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), dir.join(sub).join(entry.file_name())).unwrap();
        }
    }
    let path = dir.join(file);
    let mut schema: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    f(&mut schema);
    std::fs::write(&path, schema.to_string()).unwrap();
    dir
}

/// Each object's `properties` named `key`, wherever it is in `schema`, given to `f`.
fn each_property(schema: &mut Value, key: &str, f: &mut impl FnMut(&mut Map<String, Value>)) {
    match schema {
        Value::Object(map) => {
            if let Some(Value::Object(properties)) = map.get_mut("properties") {
                if properties.contains_key(key) {
                    f(properties);
                }
            }
            map.values_mut().for_each(|v| each_property(v, key, f));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| each_property(v, key, f)),
        _ => {}
    }
}

/// The findings of `PhoneEvent` at `pointer`, with the repository's fixtures: (rule,
/// evidence), and the evidence without fixtures.
fn phone_event_evidence(
    change: impl FnOnce(&mut Value),
    pointer: &str,
) -> Vec<(Rule, Option<String>, Option<String>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let old = SchemaSet::from_dir(&root.join("schemas")).unwrap();
    let dir = committed_changed("events/PhoneEvent.schema.json", change);
    let new = SchemaSet::from_dir(&dir).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let fixtures = diff::Fixtures::from_dir(&root.join("tests/fixtures")).unwrap();
    let with = diff::diff_with(&old, &new, Mode::Full, &[], &fixtures);
    let without = diff::diff(&old, &new, Mode::Full, &[]);
    let of = |f: &diff::Finding| f.message == "PhoneEvent" && f.pointer == pointer;
    with.iter()
        .filter(|f| of(f))
        .map(|f| {
            let plain = without
                .iter()
                .find(|g| of(g) && g.rule == f.rule)
                .and_then(|g| g.evidence.clone());
            (f.rule, f.evidence.clone(), plain)
        })
        .collect()
}

#[test]
fn a_fixture_that_shows_a_client_reading_a_removed_event_field_is_cited() {
    let found = phone_event_evidence(
        |schema| {
            each_property(schema, "callDirection", &mut |p| {
                p.remove("callDirection");
            })
        },
        "/ctiMessage/callDirection",
    );
    let [(rule, evidence, plain)] = found.as_slice() else {
        panic!("{found:?}");
    };
    assert_eq!(*rule, Rule::FieldRemoved);
    let evidence = evidence.as_deref().unwrap_or_default();
    assert!(
        evidence.starts_with(
            "fixture server/PhoneEvent/clients-call-direction.fixture: CLIENTS.md §2 PhoneEvent"
        ),
        "{evidence}"
    );
    assert!(evidence.contains("`callDirection`, stored"), "{evidence}");
    // Without the fixtures, at most the message's own citation, which names no field.
    assert_ne!(plain.as_deref(), Some(evidence));
}

#[test]
fn a_fixture_is_cited_for_a_changed_event_field_and_only_one_that_names_it() {
    // `queueName` becomes an integer: clients-other-dn-empty.fixture (first by name) and
    // clients-queue-name.fixture name it and show it.
    let found = phone_event_evidence(
        |schema| {
            each_property(schema, "queueName", &mut |p| {
                p["queueName"] = json!({"type": "integer"});
            })
        },
        "/ctiMessage/queueName",
    );
    assert!(!found.is_empty(), "no finding at /ctiMessage/queueName");
    for (rule, evidence, _) in &found {
        let evidence = evidence.as_deref().unwrap_or_default();
        assert!(
            evidence.starts_with("fixture server/PhoneEvent/clients-other-dn-empty.fixture: ")
                && evidence.contains("`queueName`"),
            "{rule:?}: {evidence}"
        );
    }
    // `DN` is in every fixture's frame, but no fixture's source names it: no fixture is
    // cited for it.
    let found = phone_event_evidence(
        |schema| {
            each_property(schema, "DN", &mut |p| {
                p["DN"] = json!({"type": "integer"});
            })
        },
        "/ctiMessage/DN",
    );
    assert!(!found.is_empty(), "no finding at /ctiMessage/DN");
    for (rule, evidence, _) in &found {
        assert!(
            !evidence
                .as_deref()
                .unwrap_or_default()
                .starts_with("fixture "),
            "{rule:?}: {evidence:?}"
        );
    }
}

#[test]
fn fixtures_that_are_not_a_folder_are_a_usage_error() {
    let dir = folder(Direction::ServerToClient, Some(&base()));
    let output = run(&[
        path(&dir),
        path(&dir),
        "--fixtures",
        "/nonexistent/fixtures",
    ]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("not a folder"));
}
