//! Every fixture: its expected outcome, the fixpoint law, canonical encodings, and a
//! snapshot of what lenient and strict decoding give.

use std::collections::BTreeSet;

use cti_conformance::{check_laws, decode, for_each_fixture, kinds_not_in, load_all, render};
use cti_proto::{CommandKind, Decoder, DiagnosticCode, EventKind};

#[test]
fn outcomes_are_as_the_fixtures_say() {
    for_each_fixture(|f| {
        let lenient = check_laws(f.direction, &f.frame);
        assert_eq!(
            lenient.is_ok(),
            f.expect_ok,
            "{}: lenient gave {lenient:?}",
            f.name
        );
        let strict = decode(&Decoder::strict(), f.direction, &f.frame);
        if let Some(strict_ok) = f.strict_ok {
            assert_eq!(
                strict.is_ok(),
                strict_ok,
                "{}: strict gave {strict:?}",
                f.name
            );
        }
        if let (Ok(l), Err(_)) = (&lenient, &strict) {
            assert!(
                !l.diagnostics.is_empty() || !l.message.is_known(),
                "{}: strict rejected a known frame that lenient found clean",
                f.name
            );
        }
        if f.canonical {
            let encoded = lenient
                .expect("a canonical fixture decodes")
                .message
                .encode();
            assert_eq!(encoded, f.frame, "{}: not byte-identical", f.name);
        }
    });
}

#[test]
fn snapshots() {
    for_each_fixture(|f| {
        let mut settings = insta::Settings::clone_current();
        settings.set_prepend_module_to_snapshot(false);
        settings.set_omit_expression(true);
        settings.set_description(format!(
            "{}\nsource: {}\nframe: {}",
            f.name, f.source, f.frame
        ));
        settings.bind(|| insta::assert_snapshot!(snapshot_name(&f.name), render(f)));
    });
}

fn snapshot_name(fixture: &str) -> String {
    fixture.replace('/', "__")
}

/// CI fails on a snapshot that no fixture produces (a renamed or deleted fixture).
#[test]
fn every_snapshot_belongs_to_a_fixture() {
    let names: BTreeSet<String> = load_all().iter().map(|f| snapshot_name(&f.name)).collect();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots");
    let mut orphans = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("tests/snapshots exists") {
        let file = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        match file.strip_suffix(".snap") {
            Some(stem) if names.contains(stem) => {}
            _ => orphans.push(file),
        }
    }
    assert!(
        orphans.is_empty(),
        "snapshot files without a fixture: {orphans:?}"
    );
}

/// Every known kind, in both directions, has a fixture that decodes to it with no
/// diagnostic (but the deprecation of a deprecated kind, or the `client_local` of
/// `LinkStatusUpdate`) and is its own canonical encoding:
/// the vocabulary is covered, not only declared.
#[test]
fn every_known_kind_has_a_clean_canonical_fixture() {
    let mut covered = BTreeSet::new();
    for f in load_all().iter().filter(|f| f.canonical) {
        if let Ok(decoded) = decode(&Decoder::new(), f.direction, &f.frame) {
            let clean = decoded.diagnostics.iter().all(|d| {
                matches!(
                    d.code,
                    DiagnosticCode::Deprecated | DiagnosticCode::ClientLocal
                )
            });
            if decoded.message.is_known() && clean {
                covered.insert((f.direction, decoded.message.tag().to_owned()));
            }
        }
    }
    let missing = kinds_not_in(&covered);
    assert!(
        missing.is_empty(),
        "kinds without a clean canonical fixture: {missing:?}"
    );
    assert_eq!(covered.len(), EventKind::ALL.len() + CommandKind::ALL.len());
}
