//! A policy reduced for auditing: for each track, the acknowledgement and response rules of
//! its formal stages compiled once into the schedule core's plans, per case class, so that
//! judging a row is a few look-ups. Built once per run and shared by every worker; it reads
//! no export and counts nothing.

use chrono::NaiveDate;

use crate::ir;
use crate::schedule::{self, Facts, Schedule, WindowOf};

use super::{input, judge::show, MAX_STAGES};

/// The rule of one step for one case class, compiled.
pub(super) enum Choice {
    /// the policy gives no rule for this step
    NoRule,
    Plan(schedule::Plan),
    /// every rule of the step depends on a class, and the row gives none that matches
    NeedsClass,
}

/// One formal stage of one track's route, compiled once per case class: `ack[c]` and
/// `resp[c]` for class `c` (0 = a row with no class, `i` = the policy's `i`-th class).
pub(super) struct FormalStage {
    /// The stage's position on the track's route (its index in [`Facts::stages`]).
    pub(super) pos: usize,
    pub(super) name: String,
    pub(super) ack: Vec<Choice>,
    pub(super) resp: Vec<Choice>,
}

/// One track: its route's length and its formal stages by number.
pub(super) struct TrackPlan {
    pub(super) route_len: usize,
    /// `formal[n - 1]`: formal stage `n`, when the route has one.
    pub(super) formal: [Option<FormalStage>; MAX_STAGES],
    /// How many formal stages the route has.
    pub(super) count: usize,
}

/// A policy reduced for auditing: built once, shared by every worker.
pub struct Plan<'p> {
    pub policy: String,
    /// Track names in the policy's order ([`ir::IMPLICIT_TRACK`] when the policy declares none).
    pub tracks: Vec<String>,
    /// What a row's track cell may say, lower case: each track's name and its aliases
    /// (`alias "HRA"`), with the track's index. Lowering refuses an alias that is another
    /// track's name or alias, so a cell names one track at most.
    pub(super) track_keys: Vec<(String, usize)>,
    /// Stage column groups (`s1_*` ...): the most formal stages any track has.
    pub columns: usize,
    pub(super) per_track: Vec<TrackPlan>,
    /// A policy with no tracks takes every row, whatever its `track` says.
    pub(super) open_tracks: bool,
    /// The policy's case classes, which a `class` column names (see `Choice`).
    pub classes: Vec<String>,
    pub(super) schedule: Schedule<'p>,
}

impl<'p> Plan<'p> {
    pub fn new(policy: &'p ir::Policy) -> Plan<'p> {
        let schedule = Schedule::new(policy);
        let open_tracks = policy.tracks.is_empty();
        let classes: Vec<String> = policy
            .classes
            .iter()
            .map(|c| c.value.name.value.clone())
            .collect();
        let tracks: Vec<String> = policy.case_tracks().iter().map(|s| s.to_string()).collect();
        let track_keys: Vec<(String, usize)> = tracks
            .iter()
            .enumerate()
            .flat_map(|(i, name)| {
                let aliases = policy.track(name).map_or(&[][..], |t| &t.aliases[..]);
                std::iter::once(name.as_str())
                    .chain(aliases.iter().map(|a| a.value.trim()))
                    .map(move |k| (k.to_lowercase(), i))
            })
            .collect();
        let per_track: Vec<TrackPlan> = tracks
            .iter()
            .map(|track| {
                let route = policy.route(track);
                // One compiled choice per class (none first), so a row's class picks its rule
                // with a look-up: the choice itself is ir::select's, as everywhere.
                let compile = |rules: &[ir::Rule<ir::Window>], of: WindowOf| -> Vec<Choice> {
                    let none: &[String] = &[];
                    std::iter::once(none)
                        .chain(classes.iter().map(std::slice::from_ref))
                        .map(
                            |cs| match ir::select(rules, track, cs, &policy.preferences) {
                                Some(r) => Choice::Plan(schedule.plan(&route, of, &r.value)),
                                None if rules.iter().any(|r| r.applies_to(track)) => {
                                    Choice::NeedsClass
                                }
                                None => Choice::NoRule,
                            },
                        )
                        .collect()
                };
                let formal = [1u8, 2, 3].map(|n| {
                    let stage = route.formal(n)?;
                    let pos = route.position(&stage.name.value)?;
                    Some(FormalStage {
                        pos,
                        name: stage.name.value.clone(),
                        ack: compile(&stage.acknowledge, WindowOf::Acknowledge(pos)),
                        resp: compile(&stage.respond, WindowOf::Respond(pos)),
                    })
                });
                TrackPlan {
                    route_len: route.stages.len(),
                    count: formal.iter().filter(|f| f.is_some()).count(),
                    formal,
                }
            })
            .collect();
        let columns = per_track
            .iter()
            .flat_map(|t| t.formal.iter().enumerate())
            .filter(|(_, f)| f.is_some())
            .map(|(k, _)| k + 1)
            .max()
            .unwrap_or(0);
        Plan {
            policy: policy.name.value.clone(),
            tracks,
            track_keys,
            columns,
            per_track,
            open_tracks,
            classes,
            schedule,
        }
    }

    pub(super) fn formal(&self, track: usize, k: usize) -> Option<&FormalStage> {
        self.per_track.get(track)?.formal.get(k)?.as_ref()
    }

    /// The track a row's track cell names: a track's name or one of its aliases, ignoring
    /// case (any track when the policy declares none).
    pub(super) fn track_index(&self, t: &[u8], latin: bool) -> Option<usize> {
        if self.open_tracks {
            return Some(0);
        }
        if t.is_ascii() {
            return self
                .track_keys
                .iter()
                .find(|(k, _)| k.as_bytes().eq_ignore_ascii_case(t))
                .map(|&(_, i)| i);
        }
        let cell = input::text(t, latin).to_lowercase();
        self.track_keys
            .iter()
            .find(|(k, _)| *k == cell)
            .map(|&(_, i)| i)
    }

    /// A compiled window's due date for what is known so far (none without a rule, or while
    /// one of its start events has not happened); an error when the rule depends on a class
    /// the row does not give.
    pub(super) fn due(
        &self,
        rule: Option<&Choice>,
        facts: &Facts,
        what: &str,
        stage: usize,
    ) -> Result<Option<NaiveDate>, String> {
        match rule {
            Some(Choice::Plan(p)) => self.schedule.due_date(p, facts).map_err(|e| e.to_string()),
            Some(Choice::NeedsClass) => Err(format!(
                "the policy sets the stage {stage} {what} timescale by case class ({}); the row gives none that it names (a `class` column)",
                self.classes.join(", ")
            )),
            Some(Choice::NoRule) | None => Ok(None),
        }
    }

    /// The class index of a row's `class` cell: 0 for none.
    pub(super) fn class_index(&self, f: &[u8], latin: bool) -> Result<usize, String> {
        let f = f.trim_ascii();
        if f.is_empty() {
            return Ok(0);
        }
        self.classes
            .iter()
            .position(|c| c.as_bytes().eq_ignore_ascii_case(f))
            .map(|i| i + 1)
            .ok_or_else(|| {
                format!(
                    "class `{}` is not one the policy declares ({})",
                    show(f, latin),
                    if self.classes.is_empty() {
                        "it declares none".to_string()
                    } else {
                        self.classes.join(", ")
                    }
                )
            })
    }
}
