//! Arbitrary bytes into the conformance trace reader and, when they parse, through
//! the checker: no input may panic, and a checked trace's report is well formed.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mpcvd::conformance::{Trace, check};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(trace) = Trace::from_json(text) else { return };
    if let Ok(report) = check(&trace) {
        assert!(report.deviations.iter().all(|d| d.step < trace.steps.len()));
        assert_eq!(report.conforms(), report.deviations.is_empty());
    }
});
