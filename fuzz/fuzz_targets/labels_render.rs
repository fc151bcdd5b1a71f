//! Any labels on containers of two repositories: the render never panics, and what it publishes
//! always passes the schema guard and survives a YAML round trip.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rdc::route_server::render;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Err(e) = render::fuzz_one(&text) {
        panic!("{e}");
    }
});
