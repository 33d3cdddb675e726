//! Arbitrary bytes into the observed-data CSV reader (BOM, quoting, embedded
//! newlines, comments) against the standard model: no input may panic; anything
//! it cannot read is an error with a line number.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mpcvd::analysis::ProcessModel;
use mpcvd::analysis::observed::parse_dated_csv;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let model = ProcessModel::standard();
    let _ = parse_dated_csv(text, &model);
});
