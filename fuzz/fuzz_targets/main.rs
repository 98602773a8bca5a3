//! One libFuzzer binary for every target of fuzz/targets.rs; the target is
//! picked by the QMAIL_FUZZ_TARGET environment variable (tools/fuzz sets it
//! and gives the target's corpus folder).
#![no_main]

#[path = "../targets.rs"]
mod targets;
#[path = "../../src/bin/qmail-newu/users.rs"]
#[allow(dead_code)]
mod users;

use std::sync::OnceLock;

static TARGET: OnceLock<fn(&[u8])> = OnceLock::new();

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let f = TARGET.get_or_init(|| {
        let name = std::env::var("QMAIL_FUZZ_TARGET").unwrap_or_default();
        match targets::by_name(&name) {
            Some(f) => f,
            None => {
                eprintln!("fuzz: set QMAIL_FUZZ_TARGET to one of the targets of fuzz/targets.rs");
                std::process::exit(2)
            }
        }
    });
    f(data);
});
