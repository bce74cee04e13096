//! Which stage of the new policy is which stage of the old: the same name, or, for a stage
//! renamed, the one stage with the same role that neither side has paired otherwise.

use std::collections::BTreeMap;

use super::{StageRef, Which};
use crate::ir;

pub(super) struct Pairing {
    /// Old stage name -> new stage name.
    old_to_new: BTreeMap<String, String>,
    /// New stage name -> old stage name.
    new_to_old: BTreeMap<String, String>,
    /// Stage names of each side, to tell a stage from a name that is not one.
    old_names: Vec<String>,
    new_names: Vec<String>,
}

fn names(p: &ir::Policy) -> Vec<String> {
    p.stages.iter().map(|s| s.name.value.clone()).collect()
}

impl Pairing {
    pub(super) fn new(old: &ir::Policy, new: &ir::Policy) -> Pairing {
        let mut old_to_new = BTreeMap::new();
        let mut new_to_old = BTreeMap::new();
        for s in &old.stages {
            let n = &s.name.value;
            if new.stage(n).is_some() && !old_to_new.contains_key(n) {
                old_to_new.insert(n.clone(), n.clone());
                new_to_old.insert(n.clone(), n.clone());
            }
        }
        // A renamed stage: the only unpaired stage of its role on each side.
        let unpaired_old: Vec<&ir::Stage> = old
            .stages
            .iter()
            .filter(|s| !old_to_new.contains_key(&s.name.value))
            .collect();
        let unpaired_new: Vec<&ir::Stage> = new
            .stages
            .iter()
            .filter(|s| !new_to_old.contains_key(&s.name.value))
            .collect();
        let role = |s: &ir::Stage| s.role.as_ref().map(|r| r.value);
        for o in &unpaired_old {
            let Some(r) = role(o) else { continue };
            let olds: Vec<_> = unpaired_old.iter().filter(|s| role(s) == Some(r)).collect();
            let news: Vec<_> = unpaired_new.iter().filter(|s| role(s) == Some(r)).collect();
            if let ([_], [n]) = (olds.as_slice(), news.as_slice()) {
                old_to_new.insert(o.name.value.clone(), n.name.value.clone());
                new_to_old.insert(n.name.value.clone(), o.name.value.clone());
            }
        }
        Pairing {
            old_to_new,
            new_to_old,
            old_names: names(old),
            new_names: names(new),
        }
    }

    /// The name both sides know a stage by: the old name of a paired stage, else its own name
    /// (marked with its side, so that it can never meet a name of the other side).
    pub(super) fn canonical(&self, which: Which, name: &str) -> String {
        match which {
            Which::Old => name.to_string(),
            Which::New => match self.new_to_old.get(name) {
                Some(o) => o.clone(),
                None if self.new_names.iter().any(|n| n == name) => format!("{name}\u{0}new"),
                // Not a stage (an unknown name, or another kind of name): left as written.
                None => name.to_string(),
            },
        }
    }

    /// Whether `name` is a stage of the side.
    pub(super) fn is_stage(&self, which: Which, name: &str) -> bool {
        match which {
            Which::Old => self.old_names.iter().any(|n| n == name),
            Which::New => self.new_names.iter().any(|n| n == name),
        }
    }

    /// How each side names a stage, from the name one side gives it.
    pub(super) fn stage_ref(&self, which: Which, name: &str, role: Option<ir::Role>) -> StageRef {
        let (old, new) = match which {
            Which::Old => (Some(name.to_string()), self.old_to_new.get(name).cloned()),
            Which::New => (self.new_to_old.get(name).cloned(), Some(name.to_string())),
        };
        StageRef { old, new, role }
    }
}

/// How a reader knows a stage: "stage 2" when it is the policy's only stage with role
/// `stage-2`, "early resolution (`early`)" for an early-resolution step, else "stage `name`".
pub(super) fn label(p: &ir::Policy, name: &str) -> String {
    let Some(stage) = p.stage(name) else {
        return format!("stage `{name}`");
    };
    let role = stage.role.as_ref().map(|r| r.value);
    match role {
        Some(ir::Role::EarlyResolution) => format!("early resolution (`{name}`)"),
        Some(r) => {
            let same = p
                .stages
                .iter()
                .filter(|s| s.role.as_ref().map(|x| x.value) == Some(r))
                .count();
            match r.formal_number() {
                Some(n) if same == 1 => format!("stage {n}"),
                _ => format!("stage `{name}`"),
            }
        }
        None => format!("stage `{name}`"),
    }
}
