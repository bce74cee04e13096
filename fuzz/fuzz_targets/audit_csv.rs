//! Any bytes as an audit export (CSV) judged against Canterbury's policy, on one thread and
//! then on two, with a small chunk size so that even short inputs are cut into several
//! chunks. The result must not depend on the thread count (`audit_export`'s contract), so
//! a difference is a bug, as is a panic or a worker failure.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use redress::audit::{audit, AuditError, Plan};
use redress::ir::Policy;

/// Small enough that a seed export of a few kilobytes spans several chunks, so chunk
/// boundaries (quotes, line ends, duplicates across chunks) are exercised.
const CHUNK: usize = 64;

fn policy() -> &'static Policy {
    static POLICY: OnceLock<Policy> = OnceLock::new();
    POLICY.get_or_init(|| {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../policies/canterbury.policy");
        let file = match redress::source::load(std::path::Path::new(path)) {
            Ok(file) => file,
            Err(e) => panic!("cannot read {path}: {e:?}"),
        };
        match redress::compile(&file) {
            Ok(policy) => policy,
            Err(d) => panic!("{path} does not compile: {d:?}"),
        }
    })
}

fn run(plan: &Plan, data: &[u8], threads: usize) -> Result<String, String> {
    let mut input = data;
    match audit(plan, &mut input, None, threads, CHUNK) {
        // `Aggregate` has no `PartialEq` (its histogram is private); its Debug form shows
        // every field, histogram included.
        Ok(agg) => Ok(format!("{agg:?}")),
        Err(AuditError::Worker(m)) => panic!("a worker failed on {threads} thread(s): {m}"),
        Err(e) => Err(e.to_string()),
    }
}

fuzz_target!(|data: &[u8]| {
    let plan = Plan::new(policy());
    let one = run(&plan, data, 1);
    let two = run(&plan, data, 2);
    assert_eq!(one, two, "1 thread and 2 threads disagree");
});
