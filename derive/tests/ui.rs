//! The compile errors users see for misused attributes (trybuild). Refresh
//! the expected output with `TRYBUILD=overwrite cargo test -p protowire-derive`.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
