//! `cti-schema diff OLD NEW`: whether a change of the schemas breaks clients or servers.
//!
//! The two sides are folders laid out like `schemas/` (their `events/` and `commands/`), or
//! git revisions of the repository (read with `git show`, the work tree untouched). Each
//! message is compared field by field, after `$ref`, `allOf` and `anyOf` are resolved into
//! what a value at each place may be: its JSON types, `null` or not, the values it names,
//! its fields and which are required.
//!
//! A change is judged by the side that reads the message. An event (`events/`, server to
//! client) is read by clients; a command (`commands/`, client to server) is read by servers.
//! As in schema registries, `--mode backward` asks whether upgraded readers still read what
//! the old writers send, `forward` whether old readers still read what upgraded writers
//! send, and `full` (the default) both, since servers and clients upgrade independently.
//!
//! # Rules
//!
//! Each finding has one of these stable ids. The severity is the one under `full`; the
//! `forward` and `backward` columns say which half finds it.
//!
//! | rule | event (server to client) | command (client to server) | example |
//! | --- | --- | --- | --- |
//! | `message-removed` | breaking (forward) | breaking (backward) | `PhoneEvent` or `dial` gone |
//! | `message-added` | info | info | a new `msgType` |
//! | `field-removed` | breaking (forward) | breaking (backward): a key clients send is refused | `/ctiMessage/otherDN` gone |
//! | `field-added` | info | warning (forward): old servers may refuse it | an optional `/variables` |
//! | `field-added-required` | breaking (backward): old servers never send it | breaking (backward) | a required `/destination2` |
//! | `field-now-optional` | breaking (forward): clients may not get it | warning (forward) | `/ctiMessage/DN` no longer required |
//! | `field-now-required` | breaking (backward) | breaking (backward) | `/agentid` now required |
//! | `type-added` | breaking (forward) | warning (forward) | `/ctiMessage/counters/*/value` from integer to number |
//! | `type-removed` | breaking (backward) | breaking (backward) | a number no longer accepted as a string |
//! | `null-added` | breaking (forward): `null` where absence was | warning (forward) | `/ctiMessage/userData` may be `null` |
//! | `null-removed` | breaking (backward) | breaking (backward) | `null` no longer accepted |
//! | `value-added` | warning (breaking where the old list was closed) | info (warning where closed) | `EventOnHold` added to `eventType` |
//! | `value-removed` | breaking (forward) | breaking (backward) where the list is closed, else warning | `EventOnHold` removed |
//! | `payload-shape-changed` | breaking | breaking | `ctiMessage` from an object to an array |
//! | `unclassified` | unclassified | unclassified | a construct this tool does not compare (`not`, an untyped payload) |
//!
//! Pointers are JSON pointers into the frame, with `*` standing for any array item or map
//! key: `/ctiMessage/counters/*/statName`. Where the schema's own text cites CLIENTS.md (a
//! known client reads the field), the finding carries that citation as its evidence. Where
//! it does not, a fixture can ([`Fixtures`], `tests/fixtures`): one of the message whose
//! frame holds the field, decodes (`expect: ok`), and whose `source:` cites CLIENTS.md and
//! names the field, or the value the frame has there, in backticks (`` `callDirection` ``,
//! `` `EventOnHold` ``). A citation in the field's own text comes first, then such a
//! fixture, then a citation in the text of the message or object around it.
//!
//! A finding can be allowed, with a reason, by an entry of an allow file (JSON: a list of
//! `{"rule", "message", "pointer", "reason"}`, `message` and `pointer` optional) kept in the
//! repository: an allowed finding is still printed, with its reason, and does not fail.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;
use std::process::Command as Process;

use serde_json::{json, Map, Value};

/// Which way a message goes, and so which side reads it: an event (`msgType`) is read by
/// clients, a command by servers.
pub use cti_proto::Direction;

/// The report's word for a direction: `server-to-client` or `client-to-server`.
pub fn direction_name(direction: Direction) -> &'static str {
    match direction {
        Direction::ServerToClient => "server-to-client",
        Direction::ClientToServer => "client-to-server",
    }
}

/// How bad a finding is, least first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Nothing breaks.
    Info,
    /// Readers may behave differently (a new value they compare against).
    Warning,
    /// The tool cannot tell: look at it.
    Unclassified,
    /// Some existing reader fails.
    Breaking,
}

impl Severity {
    /// `info`, `warning`, `unclassified` or `breaking`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Unclassified => "unclassified",
            Severity::Breaking => "breaking",
        }
    }
}

/// Which readers count (as in schema registries).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Upgraded readers read what old writers send.
    Backward,
    /// Old readers read what upgraded writers send.
    Forward,
    /// Both: servers and clients upgrade independently.
    Full,
}

impl Mode {
    /// `backward`, `forward` or `full`.
    pub fn parse(text: &str) -> Option<Mode> {
        match text {
            "backward" => Some(Mode::Backward),
            "forward" => Some(Mode::Forward),
            "full" => Some(Mode::Full),
            _ => None,
        }
    }
}

/// The rules, by their stable ids.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[allow(missing_docs)]
pub enum Rule {
    MessageRemoved,
    MessageAdded,
    FieldRemoved,
    FieldAdded,
    FieldAddedRequired,
    FieldNowOptional,
    FieldNowRequired,
    TypeAdded,
    TypeRemoved,
    NullAdded,
    NullRemoved,
    ValueAdded,
    ValueRemoved,
    PayloadShapeChanged,
    Unclassified,
}

impl Rule {
    /// Every rule.
    pub const ALL: &'static [Rule] = &[
        Rule::MessageRemoved,
        Rule::MessageAdded,
        Rule::FieldRemoved,
        Rule::FieldAdded,
        Rule::FieldAddedRequired,
        Rule::FieldNowOptional,
        Rule::FieldNowRequired,
        Rule::TypeAdded,
        Rule::TypeRemoved,
        Rule::NullAdded,
        Rule::NullRemoved,
        Rule::ValueAdded,
        Rule::ValueRemoved,
        Rule::PayloadShapeChanged,
        Rule::Unclassified,
    ];

    /// The stable id.
    pub fn id(self) -> &'static str {
        match self {
            Rule::MessageRemoved => "message-removed",
            Rule::MessageAdded => "message-added",
            Rule::FieldRemoved => "field-removed",
            Rule::FieldAdded => "field-added",
            Rule::FieldAddedRequired => "field-added-required",
            Rule::FieldNowOptional => "field-now-optional",
            Rule::FieldNowRequired => "field-now-required",
            Rule::TypeAdded => "type-added",
            Rule::TypeRemoved => "type-removed",
            Rule::NullAdded => "null-added",
            Rule::NullRemoved => "null-removed",
            Rule::ValueAdded => "value-added",
            Rule::ValueRemoved => "value-removed",
            Rule::PayloadShapeChanged => "payload-shape-changed",
            Rule::Unclassified => "unclassified",
        }
    }

    /// The rule of an id.
    pub fn from_id(id: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|rule| rule.id() == id)
    }
}

/// One change between the two sides.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// The rule.
    pub rule: Rule,
    /// How bad, under the mode asked for.
    pub severity: Severity,
    /// Which way the message goes.
    pub direction: Direction,
    /// The message's wire name (`msgType` or `command`).
    pub message: String,
    /// Where in the frame (JSON pointer, `*` for any item or key; empty: the whole message).
    pub pointer: String,
    /// One sentence.
    pub text: String,
    /// A citation that a known client reads it, from the schema's own text.
    pub evidence: Option<String>,
    /// The reason it is allowed, from the allow file.
    pub allowed: Option<String>,
}

impl Finding {
    /// The finding as the JSON object of `--format json`.
    pub fn to_json(&self) -> Value {
        let mut object = json!({
            "rule": self.rule.id(),
            "severity": self.severity.as_str(),
            "direction": direction_name(self.direction),
            "message": self.message,
            "pointer": self.pointer,
            "text": self.text,
        });
        if let Some(evidence) = &self.evidence {
            object["evidence"] = json!(evidence);
        }
        if let Some(reason) = &self.allowed {
            object["allowed"] = json!(reason);
        }
        object
    }

    /// Breaking and not allowed: what fails the run.
    pub fn fails(&self) -> bool {
        self.severity == Severity::Breaking && self.allowed.is_none()
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:<12} {:<21} {} {} at {}: {}",
            self.severity.as_str(),
            self.rule.id(),
            direction_name(self.direction),
            self.message,
            if self.pointer.is_empty() {
                "/"
            } else {
                &self.pointer
            },
            self.text
        )?;
        if let Some(evidence) = &self.evidence {
            write!(f, " (read by a known client: {evidence})")?;
        }
        if let Some(reason) = &self.allowed {
            write!(f, " [allowed: {reason}]")?;
        }
        Ok(())
    }
}

/// The message schemas of one side: `events/<msgType>.schema.json` and
/// `commands/<command>.schema.json`, parsed.
#[derive(Clone, Debug, Default)]
pub struct SchemaSet {
    events: BTreeMap<String, Value>,
    commands: BTreeMap<String, Value>,
}

impl SchemaSet {
    /// A folder laid out like `schemas/` (or a folder holding `schemas/`), or else a git
    /// revision of the repository around the current directory.
    pub fn load(spec: &str) -> Result<SchemaSet, String> {
        let path = Path::new(spec);
        if path.is_dir() {
            let dir = if path.join("events").is_dir() || path.join("commands").is_dir() {
                path.to_path_buf()
            } else {
                path.join("schemas")
            };
            return SchemaSet::from_dir(&dir);
        }
        SchemaSet::from_git(spec)
    }

    /// The schemas of a folder.
    pub fn from_dir(dir: &Path) -> Result<SchemaSet, String> {
        let mut set = SchemaSet::default();
        let mut found = false;
        for folder in ["events", "commands"] {
            let Ok(entries) = std::fs::read_dir(dir.join(folder)) else {
                continue;
            };
            found = true;
            for entry in entries {
                let entry = entry.map_err(|e| format!("{}: {e}", dir.display()))?;
                let name = entry.file_name().to_string_lossy().into_owned();
                let path = format!("{folder}/{name}");
                let text = std::fs::read_to_string(entry.path())
                    .map_err(|e| format!("{}: {e}", entry.path().display()))?;
                set.insert(&path, &text)?;
            }
        }
        if !found {
            return Err(format!(
                "{}: no events/ or commands/ folder of schemas",
                dir.display()
            ));
        }
        Ok(set)
    }

    /// The schemas of `schemas/` at a git revision.
    pub fn from_git(revision: &str) -> Result<SchemaSet, String> {
        if revision.starts_with('-') {
            return Err(format!("{revision}: not a folder or a git revision"));
        }
        let listing = git(&[
            "ls-tree",
            "--full-tree",
            "-r",
            "--name-only",
            revision,
            "--",
            "schemas/events",
            "schemas/commands",
        ])
        .map_err(|e| format!("{revision}: not a folder, and not a git revision ({e})"))?;
        let mut set = SchemaSet::default();
        for path in listing.lines() {
            let text = git(&["show", &format!("{revision}:{path}")])?;
            set.insert(path.trim_start_matches("schemas/"), &text)?;
        }
        if set.events.is_empty() && set.commands.is_empty() {
            return Err(format!("{revision}: no schemas/ at that revision"));
        }
        Ok(set)
    }

    /// Adds one file, by its path relative to `schemas/`; other files are not messages.
    fn insert(&mut self, path: &str, text: &str) -> Result<(), String> {
        let (folder, name) = path.split_once('/').unwrap_or(("", path));
        let Some(message) = name.strip_suffix(".schema.json") else {
            return Ok(());
        };
        let map = match folder {
            "events" => &mut self.events,
            "commands" => &mut self.commands,
            _ => return Ok(()),
        };
        let schema = serde_json::from_str(text).map_err(|e| format!("{path}: {e}"))?;
        map.insert(message.to_owned(), schema);
        Ok(())
    }
}

fn git(args: &[&str]) -> Result<String, String> {
    let output = Process::new("git")
        .args(args)
        .output()
        .map_err(|e| format!("git: {e}"))?;
    if !output.status.success() {
        let error = String::from_utf8_lossy(&output.stderr);
        return Err(error.lines().next().unwrap_or("git failed").to_owned());
    }
    String::from_utf8(output.stdout).map_err(|_| "git: output is not UTF-8".to_owned())
}

/// An entry of the allow file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Allow {
    /// The rule allowed.
    pub rule: Rule,
    /// Only for this message, when given.
    pub message: Option<String>,
    /// Only at this pointer, when given.
    pub pointer: Option<String>,
    /// Why: required.
    pub reason: String,
}

impl Allow {
    /// Reads an allow file: a JSON list of `{"rule", "message", "pointer", "reason"}`.
    pub fn parse_file(text: &str) -> Result<Vec<Allow>, String> {
        let entries: Vec<Map<String, Value>> =
            serde_json::from_str(text).map_err(|e| format!("not a list of objects: {e}"))?;
        entries
            .iter()
            .enumerate()
            .map(|(i, entry)| {
                let text = |key: &str| entry.get(key).and_then(Value::as_str).map(str::to_owned);
                if let Some(key) = entry
                    .keys()
                    .find(|k| !["rule", "message", "pointer", "reason"].contains(&k.as_str()))
                {
                    return Err(format!("entry {i}: unknown key `{key}`"));
                }
                let rule = text("rule").ok_or(format!("entry {i}: no `rule`"))?;
                let rule =
                    Rule::from_id(&rule).ok_or(format!("entry {i}: no rule is called `{rule}`"))?;
                let reason = text("reason")
                    .filter(|r| !r.trim().is_empty())
                    .ok_or(format!("entry {i}: an allowed rule needs a `reason`"))?;
                Ok(Allow {
                    rule,
                    message: text("message"),
                    pointer: text("pointer"),
                    reason,
                })
            })
            .collect()
    }

    fn covers(&self, finding: &Finding) -> bool {
        self.rule == finding.rule
            && self.message.as_ref().is_none_or(|m| *m == finding.message)
            && self.pointer.as_ref().is_none_or(|p| *p == finding.pointer)
    }
}

/// Every change from `old` to `new`, most severe first, judged under `mode`, with the
/// allowed ones marked.
pub fn diff(old: &SchemaSet, new: &SchemaSet, mode: Mode, allow: &[Allow]) -> Vec<Finding> {
    diff_with(old, new, mode, allow, &Fixtures::default())
}

/// [`diff`], citing `fixtures` as evidence where the schemas' text cites nothing for the
/// field.
pub fn diff_with(
    old: &SchemaSet,
    new: &SchemaSet,
    mode: Mode,
    allow: &[Allow],
    fixtures: &Fixtures,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for (direction, old, new) in [
        (Direction::ServerToClient, &old.events, &new.events),
        (Direction::ClientToServer, &old.commands, &new.commands),
    ] {
        let names: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
        for name in names {
            let mut ctx = Ctx {
                direction,
                mode,
                message: name,
                out: &mut out,
                fixtures,
            };
            match (old.get(name), new.get(name)) {
                (Some(_), None) => ctx.push(
                    Rule::MessageRemoved,
                    "",
                    Limits::default(),
                    "the message is gone".to_owned(),
                    None,
                ),
                (None, Some(_)) => ctx.push(
                    Rule::MessageAdded,
                    "",
                    Limits::default(),
                    "a new message".to_owned(),
                    None,
                ),
                (Some(a), Some(b)) => {
                    let a = Shape::of_message(a);
                    let b = Shape::of_message(b);
                    ctx.compare(&a, &b, "");
                }
                (None, None) => {}
            }
        }
    }
    for finding in &mut out {
        finding.allowed = allow
            .iter()
            .find(|a| a.covers(finding))
            .map(|a| a.reason.clone());
    }
    out.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then(a.direction.cmp(&b.direction))
            .then(a.message.cmp(&b.message))
            .then(a.pointer.cmp(&b.pointer))
            .then(a.rule.cmp(&b.rule))
    });
    out
}

/// The findings as text: a line each, then a summary line.
pub fn report_text(findings: &[Finding], mode: Mode) -> String {
    let mut text = String::new();
    for finding in findings {
        text.push_str(&format!("{finding}\n"));
    }
    let count = |severity| findings.iter().filter(|f| f.severity == severity).count();
    let allowed = findings.iter().filter(|f| f.allowed.is_some()).count();
    text.push_str(&format!(
        "summary: {} breaking, {} warning, {} info, {} unclassified; {} allowed (mode {})\n",
        count(Severity::Breaking),
        count(Severity::Warning),
        count(Severity::Info),
        count(Severity::Unclassified),
        allowed,
        match mode {
            Mode::Backward => "backward",
            Mode::Forward => "forward",
            Mode::Full => "full",
        }
    ));
    text
}

/// Whether each side's list of values is closed (names every value it accepts), for the
/// value rules.
#[derive(Clone, Copy, Default)]
struct Limits {
    old_closed: bool,
    new_closed: bool,
}

struct Ctx<'a> {
    direction: Direction,
    mode: Mode,
    message: &'a str,
    out: &'a mut Vec<Finding>,
    fixtures: &'a Fixtures,
}

impl Ctx<'_> {
    /// The severity of a rule for one direction: (forward, backward).
    fn halves(&self, rule: Rule, limits: Limits) -> (Severity, Severity) {
        use Severity::{Breaking as B, Info as I, Unclassified as U, Warning as W};
        let closed = |yes: bool, then: Severity, otherwise: Severity| {
            if yes {
                then
            } else {
                otherwise
            }
        };
        match self.direction {
            // Forward: old clients read new servers' events; backward: new clients, old servers.
            Direction::ServerToClient => match rule {
                Rule::MessageRemoved => (B, I),
                Rule::MessageAdded => (I, I),
                Rule::FieldRemoved => (B, I),
                Rule::FieldAdded => (I, I),
                Rule::FieldAddedRequired => (I, B),
                Rule::FieldNowOptional => (B, I),
                Rule::FieldNowRequired => (I, B),
                Rule::TypeAdded => (B, I),
                Rule::TypeRemoved => (I, B),
                Rule::NullAdded => (B, I),
                Rule::NullRemoved => (I, B),
                Rule::ValueAdded => (closed(limits.old_closed, B, W), I),
                Rule::ValueRemoved => (B, closed(limits.new_closed, B, I)),
                Rule::PayloadShapeChanged => (B, B),
                Rule::Unclassified => (U, U),
            },
            // Backward: new servers read old clients' commands; forward: old servers, new
            // clients (which may, but need not, send what the new schema allows).
            Direction::ClientToServer => match rule {
                Rule::MessageRemoved => (I, B),
                Rule::MessageAdded => (I, I),
                Rule::FieldRemoved => (I, B),
                Rule::FieldAdded => (W, I),
                Rule::FieldAddedRequired => (W, B),
                Rule::FieldNowOptional => (W, I),
                Rule::FieldNowRequired => (I, B),
                Rule::TypeAdded => (W, I),
                Rule::TypeRemoved => (I, B),
                Rule::NullAdded => (W, I),
                Rule::NullRemoved => (I, B),
                Rule::ValueAdded => (closed(limits.old_closed, W, I), I),
                Rule::ValueRemoved => (I, closed(limits.new_closed, B, W)),
                Rule::PayloadShapeChanged => (B, B),
                Rule::Unclassified => (U, U),
            },
        }
    }

    fn push(
        &mut self,
        rule: Rule,
        pointer: &str,
        limits: Limits,
        text: String,
        evidence: Option<String>,
    ) {
        let evidence =
            evidence.or_else(|| self.fixtures.cite(self.direction, self.message, pointer));
        let (forward, backward) = self.halves(rule, limits);
        let severity = match self.mode {
            Mode::Forward => forward,
            Mode::Backward => backward,
            Mode::Full => forward.max(backward),
        };
        self.out.push(Finding {
            rule,
            severity,
            direction: self.direction,
            message: self.message.to_owned(),
            pointer: pointer.to_owned(),
            text,
            evidence,
            allowed: None,
        });
    }

    fn compare(&mut self, old: &Shape, new: &Shape, pointer: &str) {
        let evidence = new.evidence().or_else(|| old.evidence());
        if old.anything || new.anything {
            if old.anything != new.anything {
                let text = if old.anything {
                    "was any JSON, now typed"
                } else {
                    "was typed, now any JSON"
                };
                self.push(
                    Rule::Unclassified,
                    pointer,
                    Limits::default(),
                    text.to_owned(),
                    evidence,
                );
            }
            return;
        }
        if old.opaque != new.opaque {
            self.push(
                Rule::Unclassified,
                pointer,
                Limits::default(),
                "a construct this tool does not compare changed".to_owned(),
                evidence.clone(),
            );
        }
        // null
        match (old.accepts_null(), new.accepts_null()) {
            (false, true) => self.push(
                Rule::NullAdded,
                pointer,
                Limits::default(),
                "may now be `null`".to_owned(),
                evidence.clone(),
            ),
            (true, false) => self.push(
                Rule::NullRemoved,
                pointer,
                Limits::default(),
                "may no longer be `null`".to_owned(),
                evidence.clone(),
            ),
            _ => {}
        }
        // JSON types
        let (old_types, new_types) = (old.types(), new.types());
        let shape = |types: &BTreeSet<&str>| {
            if types.contains("array") {
                "array"
            } else {
                "object"
            }
        };
        if pointer == "/ctiMessage"
            && (old_types.contains("object") || old_types.contains("array"))
            && (new_types.contains("object") || new_types.contains("array"))
            && shape(&old_types) != shape(&new_types)
        {
            self.push(
                Rule::PayloadShapeChanged,
                pointer,
                Limits::default(),
                format!(
                    "`ctiMessage` is now an {} (was an {})",
                    shape(&new_types),
                    shape(&old_types)
                ),
                evidence.clone(),
            );
            return;
        }
        for added in new_types.difference(&old_types) {
            self.push(
                Rule::TypeAdded,
                pointer,
                Limits::default(),
                format!("may now be {} (was {})", article(added), list(&old_types)),
                evidence.clone(),
            );
        }
        for removed in old_types.difference(&new_types) {
            self.push(
                Rule::TypeRemoved,
                pointer,
                Limits::default(),
                format!(
                    "may no longer be {} (now {})",
                    article(removed),
                    list(&new_types)
                ),
                evidence.clone(),
            );
        }
        // Named values, for each type both sides have.
        for ty in old_types.intersection(&new_types) {
            let (old_values, new_values) = (old.values(ty), new.values(ty));
            if old_values.is_empty() && new_values.is_empty() {
                continue;
            }
            let limits = Limits {
                old_closed: !old.any.contains(*ty),
                new_closed: !new.any.contains(*ty),
            };
            for value in new_values.difference(&old_values) {
                self.push(
                    Rule::ValueAdded,
                    pointer,
                    limits,
                    format!("a new value {value}"),
                    evidence.clone(),
                );
            }
            for value in old_values.difference(&new_values) {
                self.push(
                    Rule::ValueRemoved,
                    pointer,
                    limits,
                    format!("the value {value} is no longer named"),
                    evidence.clone(),
                );
            }
        }
        // Fields.
        let keys: BTreeSet<&String> = old.properties.keys().chain(new.properties.keys()).collect();
        for key in keys {
            let path = format!("{pointer}/{}", escape(key));
            let required = |shape: &Shape| shape.required.contains(key.as_str());
            match (old.properties.get(key), new.properties.get(key)) {
                (Some(field), None) => self.push(
                    Rule::FieldRemoved,
                    &path,
                    Limits::default(),
                    format!(
                        "the {} field `{key}` is gone",
                        if required(old) {
                            "required"
                        } else {
                            "optional"
                        }
                    ),
                    field
                        .evidence()
                        .or_else(|| self.fixtures.cite(self.direction, self.message, &path))
                        .or_else(|| evidence.clone()),
                ),
                (None, Some(field)) => {
                    let rule = if required(new) {
                        Rule::FieldAddedRequired
                    } else {
                        Rule::FieldAdded
                    };
                    let text = if required(new) {
                        format!("a new required field `{key}`")
                    } else {
                        format!("a new optional field `{key}`")
                    };
                    self.push(rule, &path, Limits::default(), text, field.evidence());
                }
                (Some(a), Some(b)) => {
                    match (required(old), required(new)) {
                        (true, false) => self.push(
                            Rule::FieldNowOptional,
                            &path,
                            Limits::default(),
                            format!("`{key}` is no longer required: it may be absent"),
                            b.evidence().or_else(|| a.evidence()),
                        ),
                        (false, true) => self.push(
                            Rule::FieldNowRequired,
                            &path,
                            Limits::default(),
                            format!("`{key}` is now required"),
                            b.evidence().or_else(|| a.evidence()),
                        ),
                        _ => {}
                    }
                    self.compare(a, b, &path);
                }
                (None, None) => {}
            }
        }
        // Items and map values.
        for (a, b) in [(&old.items, &new.items), (&old.additional, &new.additional)] {
            match (a, b) {
                (Some(a), Some(b)) => self.compare(a, b, &format!("{pointer}/*")),
                (Some(a), None) if new.types().contains(a.container()) => {
                    self.compare(a, &Shape::anything(), &format!("{pointer}/*"))
                }
                (None, Some(b)) if old.types().contains(b.container()) => {
                    self.compare(&Shape::anything(), b, &format!("{pointer}/*"))
                }
                _ => {}
            }
        }
    }
}

/// The fixtures that show a known client reading a field (`tests/fixtures/server/<msgType>/`
/// and `client/<command>/`, each a `.fixture` file: `key: value` lines, `---`, the frame).
/// Only those that decode (`expect: ok`) and whose `source:` cites CLIENTS.md are kept.
#[derive(Clone, Debug, Default)]
pub struct Fixtures {
    frames: Vec<Fixture>,
}

#[derive(Clone, Debug)]
struct Fixture {
    direction: Direction,
    message: String,
    /// `server/PhoneEvent/clients-call-direction.fixture`.
    file: String,
    source: String,
    frame: Value,
}

/// The longest `source:` quoted as evidence, in characters.
const MAX_SOURCE: usize = 160;

impl Fixtures {
    /// The fixtures under `dir` (its `server/` and `client/` folders). A file that is not a
    /// fixture (no `---`, a frame that is not JSON) is left out; a folder that cannot be
    /// read is an error.
    pub fn from_dir(dir: &Path) -> Result<Fixtures, String> {
        let mut frames = Vec::new();
        for (folder, direction) in [
            ("server", Direction::ServerToClient),
            ("client", Direction::ClientToServer),
        ] {
            let Ok(messages) = std::fs::read_dir(dir.join(folder)) else {
                continue;
            };
            let mut files = Vec::new();
            for message in messages {
                let message = message.map_err(|e| format!("{}: {e}", dir.display()))?;
                let Ok(entries) = std::fs::read_dir(message.path()) else {
                    continue;
                };
                for entry in entries {
                    let entry = entry.map_err(|e| format!("{}: {e}", message.path().display()))?;
                    files.push((message.file_name(), entry.file_name(), entry.path()));
                }
            }
            // In name order, so that the fixture cited does not depend on the disk.
            files.sort();
            for (message, name, path) in files {
                if !name.to_string_lossy().ends_with(".fixture") {
                    continue;
                }
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                let message = message.to_string_lossy().into_owned();
                let file = format!("{folder}/{message}/{}", name.to_string_lossy());
                frames.extend(Fixture::parse(direction, message, file, &text));
            }
        }
        Ok(Fixtures { frames })
    }

    /// The first fixture of `message` that shows a client reading the field at `pointer`:
    /// its file and `source:` line.
    fn cite(&self, direction: Direction, message: &str, pointer: &str) -> Option<String> {
        let tokens: Vec<String> = pointer
            .split('/')
            .skip(1)
            .map(|t| t.replace("~1", "/").replace("~0", "~"))
            .collect();
        let key = tokens.last().filter(|k| *k != "*")?;
        self.frames
            .iter()
            .filter(|f| f.direction == direction && f.message == message)
            .find(|f| {
                let mut found = Vec::new();
                at(&f.frame, &tokens, &mut found);
                !found.is_empty()
                    && (names(&f.source, key)
                        || found
                            .iter()
                            .any(|v| v.as_str().is_some_and(|v| names(&f.source, v))))
            })
            .map(|f| {
                let source = match f.source.char_indices().nth(MAX_SOURCE) {
                    Some((end, _)) => format!("{}…", &f.source[..end]),
                    None => f.source.clone(),
                };
                format!("fixture {}: {source}", f.file)
            })
    }
}

impl Fixture {
    fn parse(direction: Direction, message: String, file: String, text: &str) -> Option<Fixture> {
        let (head, frame) = text.split_once("\n---\n")?;
        let field = |name: &str| {
            head.lines()
                .find_map(|line| line.strip_prefix(name)?.strip_prefix(':'))
                .map(str::trim)
        };
        let source = field("source")?;
        if field("expect") != Some("ok") || !source.contains("CLIENTS.md") {
            return None;
        }
        Some(Fixture {
            direction,
            message,
            file,
            source: source.to_owned(),
            frame: serde_json::from_str(frame.trim()).ok()?,
        })
    }
}

/// Whether `text` names `word` in backticks.
fn names(text: &str, word: &str) -> bool {
    text.contains(&format!("`{word}`"))
}

/// The values at `tokens` in `value`, `*` standing for any array item or object member.
fn at<'v>(value: &'v Value, tokens: &[String], out: &mut Vec<&'v Value>) {
    let Some((first, rest)) = tokens.split_first() else {
        out.push(value);
        return;
    };
    match (value, first.as_str()) {
        (Value::Array(items), "*") => items.iter().for_each(|v| at(v, rest, out)),
        (Value::Object(map), "*") => map.values().for_each(|v| at(v, rest, out)),
        (Value::Object(map), key) => {
            if let Some(v) = map.get(key) {
                at(v, rest, out);
            }
        }
        _ => {}
    }
}

fn article(ty: &str) -> String {
    match ty {
        "integer" | "object" | "array" => format!("an {ty}"),
        _ => format!("a {ty}"),
    }
}

fn list(types: &BTreeSet<&str>) -> String {
    if types.is_empty() {
        return "nothing".to_owned();
    }
    types.iter().copied().collect::<Vec<_>>().join(" or ")
}

/// A key as a JSON pointer token.
fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// What a value at one place may be, once `$ref`, `allOf` and `anyOf` are resolved.
#[derive(Clone, Debug, Default, PartialEq)]
struct Shape {
    /// Accepts anything (`true`, `{}`, or nothing known).
    anything: bool,
    /// JSON types of which any value is accepted.
    any: BTreeSet<&'static str>,
    /// Named values (as JSON text), with their JSON type.
    consts: BTreeMap<String, &'static str>,
    properties: BTreeMap<String, Shape>,
    required: BTreeSet<String>,
    items: Option<Box<Shape>>,
    additional: Option<Box<Shape>>,
    /// Whether `items` or `additional` was set: which container its shape is of.
    is_items: bool,
    /// Constructs not compared (`not`, a `$ref` outside the file), as JSON text.
    opaque: BTreeSet<String>,
    /// The descriptions met, for evidence.
    notes: Vec<String>,
}

/// Keywords that say nothing of what a value may be.
const ANNOTATIONS: &[&str] = &[
    "description",
    "title",
    "$id",
    "$schema",
    "$defs",
    "$comment",
    "deprecated",
    "default",
    "examples",
    "format",
    cti_proto::SCHEMA_LENIENT_KEYWORD,
];

/// How deep `$ref`s are followed (a recursive type stops there).
const MAX_DEPTH: usize = 32;

impl Shape {
    fn anything() -> Shape {
        Shape {
            anything: true,
            ..Shape::default()
        }
    }

    /// A message's frame: an event's or a command's schema file.
    fn of_message(schema: &Value) -> Shape {
        let defs = schema.get("$defs").cloned().unwrap_or(Value::Null);
        Shape::of(schema, &defs, 0)
    }

    fn of(node: &Value, defs: &Value, depth: usize) -> Shape {
        let Some(object) = node.as_object() else {
            return match node {
                Value::Bool(false) => Shape::default(),
                _ => Shape::anything(),
            };
        };
        let mut shape = Shape::default();
        if let Some(text) = object.get("description").and_then(Value::as_str) {
            shape.notes.push(text.to_owned());
        }
        let mut constrained = false;
        for (key, value) in object {
            match key.as_str() {
                "type" => {
                    constrained = true;
                    let types: Vec<&str> = match value {
                        Value::String(t) => vec![t.as_str()],
                        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
                        _ => Vec::new(),
                    };
                    shape.any.extend(types.into_iter().filter_map(json_type));
                }
                "const" => {
                    constrained = true;
                    shape.consts.insert(value.to_string(), type_of(value));
                }
                "enum" => {
                    constrained = true;
                    for value in value.as_array().into_iter().flatten() {
                        shape.consts.insert(value.to_string(), type_of(value));
                    }
                }
                "properties" => {
                    constrained = true;
                    for (name, field) in value.as_object().into_iter().flatten() {
                        shape
                            .properties
                            .insert(name.clone(), Shape::of(field, defs, depth));
                    }
                }
                "required" => {
                    for name in value.as_array().into_iter().flatten() {
                        if let Some(name) = name.as_str() {
                            shape.required.insert(name.to_owned());
                        }
                    }
                }
                "items" => {
                    constrained = true;
                    let mut items = Shape::of(value, defs, depth);
                    items.is_items = true;
                    shape.items = Some(Box::new(items));
                }
                "additionalProperties" => {
                    constrained = true;
                    shape.additional = Some(Box::new(Shape::of(value, defs, depth)));
                }
                "$ref" => {
                    constrained = true;
                    let target = value
                        .as_str()
                        .and_then(|r| r.strip_prefix("#/$defs/"))
                        .and_then(|name| defs.get(name));
                    match target {
                        Some(target) if depth < MAX_DEPTH => {
                            shape.meet(Shape::of(target, defs, depth + 1));
                        }
                        _ => {
                            shape.opaque.insert(format!("$ref {value}"));
                        }
                    }
                }
                "allOf" => {
                    constrained = true;
                    for member in value.as_array().into_iter().flatten() {
                        shape.meet(Shape::of(member, defs, depth));
                    }
                }
                "anyOf" | "oneOf" => {
                    constrained = true;
                    let mut union: Option<Shape> = None;
                    for member in value.as_array().into_iter().flatten() {
                        let member = Shape::of(member, defs, depth);
                        match &mut union {
                            Some(union) => union.join(member),
                            None => union = Some(member),
                        }
                    }
                    if let Some(union) = union {
                        shape.meet(union);
                    }
                }
                key if ANNOTATIONS.contains(&key) => {}
                _ => {
                    constrained = true;
                    shape.opaque.insert(format!("{key}: {value}"));
                }
            }
        }
        if !constrained {
            shape.anything = true;
        }
        shape
    }

    /// Both at once (`allOf`, or a `$ref` beside other keywords).
    fn meet(&mut self, other: Shape) {
        if other.anything {
            self.notes.extend(other.notes);
            return;
        }
        if self.anything {
            let notes = std::mem::take(&mut self.notes);
            *self = other;
            self.notes.splice(0..0, notes);
            return;
        }
        let self_typed = !self.any.is_empty() || !self.consts.is_empty();
        let other_typed = !other.any.is_empty() || !other.consts.is_empty();
        if self_typed && other_typed {
            self.any = self.any.intersection(&other.any).copied().collect();
            let any = self.any.clone();
            let mine = std::mem::take(&mut self.consts);
            let kept: Vec<_> = mine
                .into_iter()
                .filter(|(text, ty)| other.consts.contains_key(text) || other.any.contains(ty))
                .collect();
            self.consts = other
                .consts
                .into_iter()
                .filter(|(_, ty)| any.contains(ty))
                .chain(kept)
                .collect();
        } else if other_typed {
            self.any = other.any;
            self.consts = other.consts;
        }
        for (name, field) in other.properties {
            match self.properties.get_mut(&name) {
                Some(mine) => mine.meet(field),
                None => {
                    self.properties.insert(name, field);
                }
            }
        }
        self.required.extend(other.required);
        merge_box(&mut self.items, other.items, Shape::meet);
        merge_box(&mut self.additional, other.additional, Shape::meet);
        self.opaque.extend(other.opaque);
        self.notes.extend(other.notes);
    }

    /// One or the other (`anyOf`): a field is required only where every object member
    /// requires it.
    fn join(&mut self, other: Shape) {
        if self.anything || other.anything {
            self.anything = true;
            return;
        }
        let self_object = self.is_object();
        let other_object = other.is_object();
        self.required = match (self_object, other_object) {
            (true, true) => self
                .required
                .intersection(&other.required)
                .cloned()
                .collect(),
            (false, true) => other.required,
            _ => std::mem::take(&mut self.required),
        };
        self.any.extend(other.any);
        self.consts.extend(other.consts);
        for (name, field) in other.properties {
            match self.properties.get_mut(&name) {
                Some(mine) => mine.join(field),
                None => {
                    self.properties.insert(name, field);
                }
            }
        }
        merge_box(&mut self.items, other.items, Shape::join);
        merge_box(&mut self.additional, other.additional, Shape::join);
        self.opaque.extend(other.opaque);
        self.notes.extend(other.notes);
    }

    fn is_object(&self) -> bool {
        self.any.contains("object") || !self.properties.is_empty()
    }

    fn accepts_null(&self) -> bool {
        self.any.contains("null") || self.consts.contains_key("null")
    }

    /// The JSON types it accepts, `null` aside.
    fn types(&self) -> BTreeSet<&'static str> {
        let mut types: BTreeSet<&'static str> = self.any.iter().copied().collect();
        types.extend(self.consts.values().copied());
        if !self.properties.is_empty() {
            types.insert("object");
        }
        types.remove("null");
        types
    }

    /// The named values of one type.
    fn values(&self, ty: &str) -> BTreeSet<&str> {
        self.consts
            .iter()
            .filter(|(_, t)| **t == ty)
            .map(|(text, _)| text.as_str())
            .collect()
    }

    fn container(&self) -> &'static str {
        if self.is_items {
            "array"
        } else {
            "object"
        }
    }

    /// The first citation of CLIENTS.md in the descriptions.
    fn evidence(&self) -> Option<String> {
        self.notes.iter().find_map(|note| citation(note))
    }
}

fn merge_box(mine: &mut Option<Box<Shape>>, other: Option<Box<Shape>>, f: fn(&mut Shape, Shape)) {
    match (mine.as_mut(), other) {
        (Some(mine), Some(other)) => f(mine, *other),
        (None, Some(other)) => *mine = Some(other),
        _ => {}
    }
}

/// `CLIENTS.md §N, Source:lines` as a description cites it.
fn citation(text: &str) -> Option<String> {
    let start = text.find("CLIENTS.md")?;
    let rest = &text[start..];
    let end = rest.find([')', ';', '\n']).unwrap_or(rest.len()).min(120);
    let mut end = end;
    while !rest.is_char_boundary(end) {
        end -= 1;
    }
    Some(rest[..end].trim_end_matches(['.', ',', ' ']).to_owned())
}

fn json_type(name: &str) -> Option<&'static str> {
    Some(match name {
        "null" => "null",
        "boolean" => "boolean",
        "integer" => "integer",
        "number" => "number",
        "string" => "string",
        "array" => "array",
        "object" => "object",
        _ => return None,
    })
}

fn type_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn citations_are_cut_at_the_parenthesis() {
        assert_eq!(
            citation("the client (CLIENTS.md §3, XucQueue:49-51). More").as_deref(),
            Some("CLIENTS.md §3, XucQueue:49-51")
        );
        assert_eq!(citation("nothing cited"), None);
    }

    #[test]
    fn the_committed_schemas_are_understood() {
        // Every committed schema resolves without an opaque construct but the one `not` of
        // FlashTextEvent's catch-all variant.
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schemas");
        let set = SchemaSet::from_dir(&dir).expect("schemas/");
        assert!(set.events.len() > 50 && set.commands.len() > 90);
        for (name, schema) in set.events.iter().chain(&set.commands) {
            let shape = Shape::of_message(schema);
            assert!(!shape.anything, "{name}");
            let mut opaque = BTreeSet::new();
            collect_opaque(&shape, &mut opaque);
            assert!(
                opaque.iter().all(|o| o.starts_with("not:")),
                "{name}: {opaque:?}"
            );
        }
        assert!(diff(&set, &set, Mode::Full, &[]).is_empty());
    }

    fn collect_opaque(shape: &Shape, out: &mut BTreeSet<String>) {
        out.extend(shape.opaque.iter().cloned());
        for field in shape.properties.values() {
            collect_opaque(field, out);
        }
        for inner in [&shape.items, &shape.additional].into_iter().flatten() {
            collect_opaque(inner, out);
        }
    }
}
