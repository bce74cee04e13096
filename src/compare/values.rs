//! The columns whose words hold more than one value: a route's number of stages and their
//! titles, an Ombudsman and whether the policy still states its abolished wait, the latest
//! dates and why they may be uncertain, a Code and its verdicts, a version and whether it is in
//! force. Each is data here, with its words for the tables (Markdown, HTML) and its values one
//! to a cell for a spreadsheet (CSV), so that the two can never say different things.

use chrono::NaiveDate;

use crate::assess::{self, codes};
use crate::ir::{self, Ombudsman, Vocabulary};

/// The stages of a track's route, by title.
pub(super) struct Stages(Vec<String>);

impl Stages {
    pub const HEADERS: [&'static str; 2] = ["Number of stages", "Stages"];

    pub fn of(route: &ir::Route) -> Self {
        Stages(
            route
                .stages
                .iter()
                .map(|s| s.display_name().to_string())
                .collect(),
        )
    }

    /// "3 (Early resolution, Stage 1, Stage 2)".
    pub fn words(&self) -> String {
        let [n, titles] = self.parts();
        format!("{n} ({titles})")
    }

    pub fn parts(&self) -> [String; 2] {
        let titles = if self.0.is_empty() {
            "no route stated".to_string()
        } else {
            self.0.join(", ")
        };
        [self.0.len().to_string(), titles]
    }
}

/// The Ombudsman a track goes to, and whether the policy still states the wait before it that
/// was abolished.
pub(super) struct OmbudsmanCell {
    ombudsman: Option<Ombudsman>,
    abolished_wait: bool,
}

impl OmbudsmanCell {
    pub const HEADERS: [&'static str; 2] = ["Ombudsman", "Still states an abolished wait"];

    /// Only the Housing Ombudsman's wait was abolished (on 1 October 2022), and it concerns only
    /// a track that goes to the Housing Ombudsman: a `wait ... before housing-ombudsman` written
    /// for every track says nothing false about the route of a track that goes to the LGSCO.
    /// These are the waits `redress::check::abolished_rule` reports.
    pub fn of(p: &ir::Policy, track: &str) -> Self {
        let ombudsman = p.ombudsman_of(track);
        let abolished_wait = ombudsman == Some(Ombudsman::HousingOmbudsman)
            && p.ombudsman_waits.iter().any(|w| {
                w.applies_to(track) && w.value.ombudsman.value == Ombudsman::HousingOmbudsman
            });
        OmbudsmanCell {
            ombudsman,
            abolished_wait,
        }
    }

    fn word(&self) -> String {
        self.ombudsman
            .map(|o| o.word().to_string())
            .unwrap_or_else(|| "not stated".into())
    }

    /// "housing-ombudsman (policy still states an abolished wait)".
    pub fn words(&self) -> String {
        if self.abolished_wait {
            format!("{} (policy still states an abolished wait)", self.word())
        } else {
            self.word()
        }
    }

    pub fn parts(&self) -> [String; 2] {
        [self.word(), yes_no(self.abolished_wait).into()]
    }
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

/// The latest date a complaint's last internal response can come, or why it cannot be given.
pub(super) enum Latest {
    /// `reading`: the date depends on how redress reads an unstated start event or unit.
    Date {
        date: NaiveDate,
        reading: bool,
    },
    NotGiven(String),
}

impl Latest {
    pub const FINAL_HEADERS: [&'static str; 1] = ["Final internal response at the latest"];
    pub const FROM_HEADERS: [&'static str; 2] =
        ["Ombudsman from, at the latest", "About the latest dates"];
    const READING: &'static str = "reading the policy's unstated start events or units";

    /// "2027-03-05 (reading the policy's unstated start events or units)", or why there is no
    /// date.
    pub fn words(&self) -> String {
        match self {
            Latest::Date {
                date,
                reading: false,
            } => date.to_string(),
            Latest::Date {
                date,
                reading: true,
            } => format!("{date} ({})", Self::READING),
            Latest::NotGiven(why) => why.clone(),
        }
    }

    /// The date alone (empty when there is none).
    pub fn date(&self) -> String {
        match self {
            Latest::Date { date, .. } => date.to_string(),
            Latest::NotGiven(_) => String::new(),
        }
    }

    /// What a reader of the date must know: that it rests on a reading, or why there is none.
    pub fn note(&self) -> String {
        match self {
            Latest::Date { reading: false, .. } => String::new(),
            Latest::Date { reading: true, .. } => Self::READING.into(),
            Latest::NotGiven(why) => why.clone(),
        }
    }
}

/// How a track fares against the Code that applies to it: `(yes, no, partial)` provisions, or
/// why it was not assessed.
type Tally = Result<(usize, usize, usize), String>;

/// The Complaint Handling Code self-assessment of one track. The Codes' data gives each
/// Ombudsman one Code, so a track has one entry or none; should the data ever give two, both
/// are shown rather than one dropped.
pub(super) struct Verdicts(Vec<(&'static str, Tally)>);

impl Verdicts {
    pub const HEADERS: [&'static str; 5] = [
        "Code",
        "Code: provisions met (yes)",
        "Code: provisions not met (no)",
        "Code: provisions partly met (partial)",
        "Code: note",
    ];

    pub fn of(p: &ir::Policy, track: &str) -> Self {
        let mut out = Vec::new();
        for id in codes::IDS {
            // A Code that cannot be read or assessed says so in its cell: "no Code applies"
            // would be a different, false, answer.
            let code = match codes::load(id) {
                Ok(c) => c,
                Err(e) => {
                    out.push((*id, Err(e)));
                    continue;
                }
            };
            if !assess::tracks_for(p, code).contains(&track) {
                continue;
            }
            let tally = assess::assess(p, code, Some(track), None).map(|a| {
                let s = a.summary;
                (s.yes, s.no, s.partial)
            });
            out.push((*id, tally));
        }
        Verdicts(out)
    }

    /// "ho-2024: 9 / 3 / 8", "lgsco-2024: not assessed (why)" or "no Code applies".
    pub fn words(&self) -> String {
        if self.0.is_empty() {
            return "no Code applies".into();
        }
        let each: Vec<String> = self
            .0
            .iter()
            .map(|(id, t)| match t {
                Ok((yes, no, partial)) => format!("{id}: {yes} / {no} / {partial}"),
                Err(e) => format!("{id}: not assessed ({e})"),
            })
            .collect();
        each.join("; ")
    }

    pub fn parts(&self) -> [String; 5] {
        if self.0.is_empty() {
            return [
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                "no Code applies".into(),
            ];
        }
        let join = |f: &dyn Fn(&(&str, Tally)) -> String| {
            self.0.iter().map(f).collect::<Vec<_>>().join("; ")
        };
        let count = |pick: fn(&(usize, usize, usize)) -> usize| {
            join(&|(_, t)| t.as_ref().map(|c| pick(c).to_string()).unwrap_or_default())
        };
        [
            join(&|(id, _)| id.to_string()),
            count(|c| c.0),
            count(|c| c.1),
            count(|c| c.2),
            join(&|(_, t)| match t {
                Ok(_) => String::new(),
                Err(e) => format!("not assessed: {e}"),
            }),
        ]
    }
}

/// Where this version stands on the date compared, among the versions of one council's policy.
enum Standing {
    /// The only version compared, in force or of no stated date: nothing to tell apart.
    Alone,
    InForce,
    NotYet,
    /// Replaced by the version effective on that date.
    Superseded(NaiveDate),
    /// Which version is in force cannot be told, and why.
    Unknown(&'static str),
}

/// Which version of a council's policy a row comes from, and whether it is in force on the
/// date compared.
pub(super) struct Version {
    version: Option<String>,
    effective: Option<NaiveDate>,
    on: NaiveDate,
    standing: Standing,
}

impl Version {
    /// The headers; the third names the date compared, which a spreadsheet has no other place
    /// to say.
    pub fn headers(on: NaiveDate) -> [String; 4] {
        [
            "Version".into(),
            "Effective date".into(),
            format!("In force on {}", on.format("%-d %B %Y")),
            "Superseded on".into(),
        ]
    }

    /// Policy `i` of those compared: its version and effective date, and, when another policy
    /// compared has the same name (a dated version of the same procedure), whether this one is
    /// the one in force on `on`, superseded or not yet in force.
    pub fn of(policies: &[ir::Policy], i: usize, on: NaiveDate) -> Self {
        let p = policies.get(i);
        let version = p.and_then(|p| p.version.as_ref().map(|v| v.value.clone()));
        let effective = p.and_then(|p| p.effective.as_ref().map(|e| e.value));
        let twins: Vec<Option<NaiveDate>> = policies
            .iter()
            .enumerate()
            .filter(|(j, q)| *j != i && p.is_some_and(|p| q.name.value == p.name.value))
            .map(|(_, q)| q.effective.as_ref().map(|e| e.value))
            .collect();
        let standing = match effective {
            None if twins.is_empty() => Standing::Alone,
            None => Standing::Unknown("another version of this policy is compared"),
            Some(d) if d > on => Standing::NotYet,
            Some(_) if twins.is_empty() => Standing::Alone,
            Some(_) if twins.iter().any(Option::is_none) => {
                Standing::Unknown("another version of this policy states no effective date")
            }
            Some(d) if twins.contains(&Some(d)) => {
                Standing::Unknown("another version takes effect on the same date")
            }
            Some(d) => match twins
                .iter()
                .flatten()
                .filter(|e| **e > d && **e <= on)
                .min()
            {
                Some(later) => Standing::Superseded(*later),
                None => Standing::InForce,
            },
        };
        Version {
            version,
            effective,
            on,
            standing,
        }
    }

    /// "version 2, effective 2025-04-01; superseded on 2026-06-01 by the version effective
    /// then (not in force on 2026-12-01)".
    pub fn words(&self) -> String {
        let mut s = match &self.version {
            Some(v) => format!("version {v}, "),
            None => String::new(),
        };
        match self.effective {
            Some(d) => s.push_str(&format!("effective {d}")),
            None => s.push_str("effective date not stated"),
        }
        let on = self.on;
        match self.standing {
            Standing::Alone => {}
            Standing::InForce => s.push_str(&format!("; in force on {on}")),
            Standing::NotYet => s.push_str(&format!("; not yet in force on {on}")),
            Standing::Superseded(later) => s.push_str(&format!(
                "; superseded on {later} by the version effective then (not in force on {on})"
            )),
            Standing::Unknown(why) => s.push_str(&format!(
                "; {why}, so which one is in force on {on} cannot be told"
            )),
        }
        s
    }

    pub fn parts(&self) -> [String; 4] {
        let (in_force, superseded) = match self.standing {
            Standing::Alone => (String::new(), String::new()),
            Standing::InForce => ("yes".into(), String::new()),
            Standing::NotYet => ("no: not yet in force".into(), String::new()),
            Standing::Superseded(d) => ("no: superseded".into(), d.to_string()),
            Standing::Unknown(why) => (format!("cannot be told: {why}"), String::new()),
        };
        [
            self.version.clone().unwrap_or_default(),
            self.effective.map(|d| d.to_string()).unwrap_or_default(),
            in_force,
            superseded,
        ]
    }
}
