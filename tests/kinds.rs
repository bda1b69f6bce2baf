//! Every known kind, both ways: its tag names it again (`from_tag`, or `from_frame_tags` for
//! a kind tagged by its `claz`); and every known kind has what CONTRIBUTING.md asks for: a
//! wire example in its type's doc comment, a clean canonical fixture, and its frame in
//! `captures/vocabulary.jsonl`.

use std::collections::{BTreeMap, BTreeSet};

use cti_conformance::{
    compact, decode, direction_of, doc_json_blocks, load_all, repository_root, Direction,
    VOCABULARY,
};
use cti_proto::{CommandKind, Decoder, DiagnosticCode, EventKind};

#[test]
fn every_tag_names_its_kind_again() {
    for &kind in EventKind::ALL {
        assert_eq!(kind.tag_key(), "msgType", "{kind:?}");
        assert_eq!(EventKind::from_tag(kind.as_str()), Some(kind), "{kind:?}");
    }
    for &kind in CommandKind::ALL {
        let tag = kind.as_str();
        match kind.tag_key() {
            "command" => {
                assert_eq!(CommandKind::from_tag(tag), Some(kind), "{kind:?}");
                assert_eq!(
                    CommandKind::from_frame_tags("web", Some(tag)),
                    Some(kind),
                    "{kind:?}"
                );
                assert_eq!(CommandKind::from_frame_tags(tag, None), None, "{kind:?}");
            }
            "claz" => {
                assert_eq!(CommandKind::from_tag(tag), None, "{kind:?}");
                assert_eq!(
                    CommandKind::from_frame_tags(tag, None),
                    Some(kind),
                    "{kind:?}"
                );
                assert_eq!(
                    CommandKind::from_frame_tags(tag, Some("anything")),
                    Some(kind),
                    "{kind:?}"
                );
            }
            other => panic!("{kind:?}: a command's tag in `{other}`"),
        }
    }
    assert_eq!(
        CommandKind::from_frame_tags("ping", None),
        Some(CommandKind::Ping)
    );
    assert_eq!(CommandKind::from_frame_tags("web", None), None);
}

/// The direction and tag of a frame that decodes, leniently, to a known kind with no
/// diagnostic but what its kind calls for (its deprecation, or `client_local` for
/// `LinkStatusUpdate`) and is its own canonical encoding.
fn clean_kind(frame: &str) -> Option<(Direction, String)> {
    let direction = direction_of(frame)?;
    let decoded = decode(&Decoder::new(), direction, frame).ok()?;
    let clean = decoded.diagnostics.iter().all(|d| {
        matches!(
            d.code,
            DiagnosticCode::Deprecated | DiagnosticCode::ClientLocal
        )
    });
    let canonical = decoded.message.encode() == compact(frame);
    (decoded.message.is_known() && clean && canonical)
        .then(|| (direction, decoded.message.tag().to_owned()))
}

/// Every known kind: (direction, tag, where its fixture goes).
fn every_kind() -> Vec<(Direction, &'static str, String)> {
    let events = EventKind::ALL.iter().map(|k| {
        let tag = k.as_str();
        (Direction::ServerToClient, tag, format!("server/{tag}"))
    });
    let commands = CommandKind::ALL.iter().map(|k| {
        let tag = k.as_str();
        (Direction::ClientToServer, tag, format!("client/{tag}"))
    });
    events.chain(commands).collect()
}

#[test]
fn every_kind_has_its_wire_example_fixture_and_vocabulary_frame() {
    let examples: BTreeSet<_> = doc_json_blocks()
        .iter()
        .filter_map(|(_, block)| clean_kind(block))
        .collect();
    let fixtures: BTreeSet<_> = load_all()
        .iter()
        .filter(|f| f.canonical)
        .filter_map(|f| clean_kind(&f.frame))
        .collect();
    let vocabulary_text =
        std::fs::read_to_string(repository_root().join(VOCABULARY)).unwrap_or_default();
    let vocabulary: BTreeSet<_> = vocabulary_text.lines().filter_map(clean_kind).collect();
    let mut missing: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (direction, tag, folder) in every_kind() {
        let key = (direction, tag.to_owned());
        let word = match direction {
            Direction::ServerToClient => "event",
            Direction::ClientToServer => "command",
        };
        let mut pieces = Vec::new();
        if !examples.contains(&key) {
            pieces.push(
                "no wire example: a ```json block with the whole frame in its type's doc comment"
                    .to_owned(),
            );
        }
        if !fixtures.contains(&key) {
            pieces.push(format!(
                "no clean canonical fixture: write tests/fixtures/{folder}/wire.fixture"
            ));
        }
        if !vocabulary.contains(&key) {
            pieces.push(format!(
                "no frame in {VOCABULARY}: run `cargo xtask generate`"
            ));
        }
        if !pieces.is_empty() {
            missing.insert(format!("{word} {tag}"), pieces);
        }
    }
    assert!(
        missing.is_empty(),
        "kinds without what CONTRIBUTING.md asks for: {missing:#?}"
    );
}
