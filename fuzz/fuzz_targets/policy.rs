//! Any bytes as a policy file held in memory, through the whole `redress check` pipeline
//! (parse, lower, check) as `redress::analyse` runs it. Every outcome is a set of diagnostics;
//! a panic is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    // The bytes go through the same reading checks as a file on disk (UTF-8, not binary,
    // size); a refusal there is a diagnostic, not a crash.
    let Ok(file) = redress::source::from_bytes(Path::new("fuzz.policy"), data) else {
        return;
    };
    let text = file.text.clone();
    let analysis = redress::analyse(file);
    // Every diagnostic must point inside the file: a span past the end is a bug that
    // rendering would hide (it clamps).
    for d in &analysis.diagnostics {
        assert!(
            d.span.end() <= text.len(),
            "diagnostic {} has span {:?} past the end ({} bytes)",
            d.code.name,
            d.span,
            text.len()
        );
    }
});
