//! Compile-fail cases of the typestate layer (`tests/ui/*.rs`, each with the expected
//! compiler output in its `.stderr`) and one case that must compile and run
//! (`tests/ui/pass/`).
//!
//! The `.stderr` files depend on the compiler version; regenerate them with
//! `TRYBUILD=overwrite cargo test --test typed_ui` after a toolchain update and
//! review the diff.

#[test]
fn typestate_ui() {
    let cases = trybuild::TestCases::new();
    cases.pass("tests/ui/pass/*.rs");
    cases.compile_fail("tests/ui/*.rs");
}
