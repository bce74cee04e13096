//! A track's route: the ordered stages a complaint on that track passes through. Every
//! consumer (check, simulate, deadlines, audit, compare, site, assess, gen-cases) reads stages
//! through a [`Route`], so that "stage 2" means the stage whose role is `stage-2` on the
//! case's track, never the second block written in the file.

use super::{select, Escalation, Policy, Rule, Stage};
use crate::span::Spanned;

/// The stages of one track, in order, resolved to their blocks.
#[derive(Clone, Debug)]
pub struct Route<'a> {
    pub track: String,
    /// The `route` statement this comes from (none when no route applies to the track).
    pub rule: Option<&'a Rule<Vec<Spanned<String>>>>,
    pub stages: Vec<&'a Stage>,
}

impl<'a> Route<'a> {
    pub fn first(&self) -> Option<&'a Stage> {
        self.stages.first().copied()
    }

    pub fn last(&self) -> Option<&'a Stage> {
        self.stages.last().copied()
    }

    pub fn position(&self, stage: &str) -> Option<usize> {
        self.stages.iter().position(|s| s.name.value == stage)
    }

    pub fn contains(&self, stage: &str) -> bool {
        self.position(stage).is_some()
    }

    pub fn get(&self, stage: &str) -> Option<&'a Stage> {
        self.stages.iter().copied().find(|s| s.name.value == stage)
    }

    /// The stage after `stage` on this route.
    pub fn next(&self, stage: &str) -> Option<&'a Stage> {
        let i = self.position(stage)?;
        self.stages.get(i + 1).copied()
    }

    /// The stage before `stage` on this route.
    pub fn previous(&self, stage: &str) -> Option<&'a Stage> {
        let i = self.position(stage)?;
        self.stages.get(i.checked_sub(1)?).copied()
    }

    /// The formal stage `n` (1 to 3) of this route: the stage whose role is `stage-n`.
    pub fn formal(&self, n: u8) -> Option<&'a Stage> {
        self.stages
            .iter()
            .copied()
            .find(|s| s.formal_number() == Some(n))
    }

    /// The formal stages in order.
    pub fn formal_stages(&self) -> Vec<&'a Stage> {
        self.stages
            .iter()
            .copied()
            .filter(|s| s.formal_number().is_some())
            .collect()
    }

    /// The early-resolution steps before the formal stages.
    pub fn early_stages(&self) -> Vec<&'a Stage> {
        self.stages
            .iter()
            .copied()
            .filter(|s| s.formal_number().is_none())
            .collect()
    }

    /// Each pair of consecutive stages, with the escalate block between them (if written).
    pub fn transitions(
        &self,
        policy: &'a Policy,
    ) -> Vec<(&'a Stage, &'a Stage, Option<&'a Escalation>)> {
        self.stages
            .windows(2)
            .filter_map(|w| match w {
                [a, b] => Some((*a, *b, policy.escalation(&a.name.value, &b.name.value))),
                _ => None,
            })
            .collect()
    }

    /// The escalate block into `stage` on this route.
    pub fn escalation_into(&self, policy: &'a Policy, stage: &str) -> Option<&'a Escalation> {
        let prev = self.previous(stage)?;
        policy.escalation(&prev.name.value, stage)
    }
}

impl Policy {
    /// The route of `track`: its own `route ... for TRACK`, else the route with no `for`.
    /// Names that match no stage are left out (`unknown_stage` reports them); with no route at
    /// all the route is empty (`no_route` reports it).
    pub fn route(&self, track: &str) -> Route<'_> {
        let rule = select(&self.routes, track, &[], &[]);
        let stages = rule
            .map(|r| {
                r.value
                    .iter()
                    .filter_map(|n| self.stage(&n.value))
                    .collect()
            })
            .unwrap_or_default();
        Route {
            track: track.to_string(),
            rule,
            stages,
        }
    }

    /// The route of every track a case can be on, in the policy's order.
    pub fn routes_by_track(&self) -> Vec<Route<'_>> {
        self.case_tracks()
            .into_iter()
            .map(|t| self.route(t))
            .collect()
    }
}
