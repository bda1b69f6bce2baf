//! Every fixture: its expected outcome, the fixpoint law, canonical encodings, and a
//! snapshot of what lenient and strict decoding give (that every known kind has a clean
//! canonical fixture: `tests/kinds.rs`).

use std::collections::BTreeSet;

use cti_conformance::{check_laws, decode, for_each_fixture, load_all, render};
use cti_proto::Decoder;

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
