//! Arbitrary bytes into the ActivityStreams reader and mapper: no input may panic;
//! whatever parses writes back to the same JSON value.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mpcvd::as2::Activity;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(activity) = Activity::from_json(text) else { return };
    let _ = activity.map();
    let again = Activity::from_value(activity.to_json()).expect("a written document reads back");
    assert_eq!(again.to_json(), activity.to_json());
});
