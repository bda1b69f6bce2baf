//! What `#[derive(Wire)]` says when it is misused: each case in `tests/ui/` with the
//! compiler's message pinned beside it, as the workspace's test command (`cargo test
//! --workspace`) builds it: its features add impls, and so errors, to the unsupported-type
//! case. `TRYBUILD=overwrite cargo test --workspace --test derive` rewrites them; read the
//! diff.

#[test]
fn misuse_is_reported_at_the_field() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*.rs");
}
