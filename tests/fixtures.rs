//! Every fixture: its expected outcome, the fixpoint law, canonical encodings, and a
//! snapshot of what lenient and strict decoding give.

use std::collections::BTreeSet;
use std::panic::{catch_unwind, AssertUnwindSafe};

use cti_conformance::{decode, load_all, render, Fixture};
use cti_proto::Decoder;

/// Runs `check` on every fixture and reports every failure at once.
fn for_each_fixture(check: impl Fn(&Fixture)) {
    let fixtures = load_all();
    assert!(
        fixtures.len() >= 100,
        "only {} fixtures found",
        fixtures.len()
    );
    let failed: Vec<String> = fixtures
        .iter()
        .filter(|f| catch_unwind(AssertUnwindSafe(|| check(f))).is_err())
        .map(|f| f.name.clone())
        .collect();
    assert!(
        failed.is_empty(),
        "{} fixture(s) failed: {failed:#?}",
        failed.len()
    );
}

#[test]
fn outcomes_are_as_the_fixtures_say() {
    for_each_fixture(|f| {
        let lenient = decode(&Decoder::new(), f.direction, &f.frame);
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
        // Strict never accepts what lenient rejects, and accepts only clean frames.
        match (&lenient, &strict) {
            (Err(_), Ok(_)) => panic!("{}: strict accepted what lenient rejected", f.name),
            (Ok(l), Ok(s)) => {
                assert_eq!(l.message, s.message, "{}", f.name);
                assert!(
                    s.diagnostics.is_empty(),
                    "{}: strict reported {:?}",
                    f.name,
                    s.diagnostics
                );
                assert!(
                    l.diagnostics.is_empty(),
                    "{}: strict accepted a frame with diagnostics",
                    f.name
                );
            }
            (Ok(l), Err(_)) => assert!(
                !l.diagnostics.is_empty() || !l.message.is_known(),
                "{}: strict rejected a known frame that lenient found clean",
                f.name
            ),
            (Err(_), Err(_)) => {}
        }
    });
}

#[test]
fn decoded_fixtures_are_fixpoints() {
    for_each_fixture(|f| {
        let Ok(first) = decode(&Decoder::new(), f.direction, &f.frame) else {
            return;
        };
        let encoded = first.message.encode();
        let second = decode(&Decoder::new(), f.direction, &encoded)
            .unwrap_or_else(|e| panic!("{}: its encoding does not decode: {e}\n{encoded}", f.name));
        assert_eq!(second.message, first.message, "{}", f.name);
        assert_eq!(second.message.encode(), encoded, "{}", f.name);
        if f.canonical {
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
