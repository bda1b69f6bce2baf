//! What `#[derive(Wire)]` says when it is misused: each case in `tests/ui/` with the
//! compiler's message pinned beside it. Each misuse is one error: the derive still writes
//! the impls (with bodies that never run), so a struct using the misused one adds none, and
//! the messages are the same with or without the crate's features (`cargo test -p
//! cti-proto --test derive` and the workspace's run). `TRYBUILD=overwrite cargo test -p
//! cti-proto --test derive` rewrites them; read each one.

#[test]
fn misuse_is_reported_at_the_field() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*.rs");
}
