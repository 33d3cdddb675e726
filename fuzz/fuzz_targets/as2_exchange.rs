//! Arbitrary bytes into the recorded-exchange reader (JSON Lines of Vultron
//! activities) and its conversion to a conformance trace: no input may panic;
//! every exchange read converts, and the trace checks, or says why not.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mpcvd::as2::exchange::{Exchange, Options, to_trace};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(exchanges) = Exchange::from_jsonl(text) else { return };
    for exchange in &exchanges {
        for entry in &exchange.entries {
            let _ = entry.reading.meaning.message(mpcvd::em::EmState::Active);
        }
        if let Ok(converted) = to_trace(exchange, &Options::default()) {
            assert_eq!(converted.lines.len(), converted.trace.steps.len());
            let _ = mpcvd::conformance::check(&converted.trace);
        }
    }
});
