//! The annual complaints performance and service improvement report that the Housing
//! Ombudsman's Complaint Handling Code asks every member landlord for (HO 8.1): put to its
//! governing body and published on its website with the governing body's response (HO 8.2).
//! `redress measures POLICY EXPORT --year Y --report annual`.
//!
//! What redress can work out, it does: the regulator's measures CH01 and CH02 with their
//! numerators and denominators, each stage's counts for the year, the on-time rate month by
//! month (a chart, [`super::chart`], and the same numbers as a table), and the policy's
//! self-assessment against the Code ([`crate::assess`]) as far as the policy text decides it.
//! What no export or policy can show (which complaints were refused and why, the Ombudsman's
//! findings, the service improvements made, the governing body's response, the evidence of
//! practice the self-assessment asks for) is a headed section that says the landlord must
//! write it, never left out: a report that silently lacks 8.1(c) reads as "no findings".
//!
//! This module builds the report and renders it as Markdown and HTML; it reads no files and
//! writes none (the command line does, `src/cli/measures.rs`).

use chrono::Datelike;
use serde::Serialize;

use super::render::{
    ch01_cell, ch02_cell, duplicates_note, html_list, md_list, percent, rejected_items,
};
use super::{
    long_date, thousands, two_places, Measures, StageMeasures, Year, CODE_ACK_WD,
    CODE_S1_EXTENSION_WD, CODE_S1_RESPONSE_WD, CODE_S2_EXTENSION_WD, CODE_S2_RESPONSE_WD,
};
use crate::assess::{self, Assessment, Comply};
use crate::render::assessment::escape;
use crate::render::chart::{self, PercentChart, Series};

/// The Code the report answers to.
pub const CODE: &str = "ho-2024";

/// A part of the report that the landlord must write.
#[derive(Clone, Debug, Serialize)]
pub struct ToBeWritten {
    /// The Code's provision that asks for it (`8.1(c)`).
    pub provision: &'static str,
    pub heading: &'static str,
    /// What to put there, and why redress cannot.
    pub what: &'static str,
}

/// The report's sections that only the landlord can write, in the order the report gives them.
pub const TO_BE_WRITTEN: &[ToBeWritten] = &[
    ToBeWritten {
        provision: "8.1(b)",
        heading: "What residents complained about, and the complaints refused",
        what: "The kinds of complaint received this year and what they show (the qualitative half of the analysis), and a summary of the kinds of complaint the landlord refused to accept, with its reasons. An export of the complaints that were accepted cannot show either.",
    },
    ToBeWritten {
        provision: "8.1(c)",
        heading: "Ombudsman findings of non-compliance with the Code",
        what: "Any finding by the Housing Ombudsman this year that the landlord did not comply with the Code, and what was done about it. Write \"none\" if there were none: an empty section is not the same as no findings.",
    },
    ToBeWritten {
        provision: "8.1(d)",
        heading: "Service improvements made from learning from complaints",
        what: "What changed this year because of what complaints showed: each improvement, the complaints or themes that led to it, and whether it is finished.",
    },
    ToBeWritten {
        provision: "8.1(e), 8.1(f)",
        heading: "The Ombudsman's reports about the landlord",
        what: "The Ombudsman's annual performance report on the landlord, if one was published, and any other of its reports or publications about the landlord (special reports, orders and their progress).",
    },
    ToBeWritten {
        provision: "8.2",
        heading: "The governing body's response",
        what: "The governing body's response to this report, published beside it on the complaints pages of the landlord's website.",
    },
];

/// The annual report: the measures of the year, the chart's numbers, the self-assessment of
/// each housing track, and the parts the landlord must write.
#[derive(Clone, Debug, Serialize)]
pub struct Annual {
    pub report: &'static str,
    #[serde(flatten)]
    pub measures: Measures,
    /// the export the figures come from, as given on the command line
    pub export: String,
    pub chart: ChartData,
    /// One self-assessment per housing track (usually one), as `redress assess` makes it,
    /// dated the last day of the year.
    pub self_assessment: Vec<Assessment>,
    pub to_be_written: &'static [ToBeWritten],
}

/// The chart's title and values: the same numbers as the monthly table.
#[derive(Clone, Debug, Serialize)]
pub struct ChartData {
    pub title: String,
    /// `Apr 2026` to `Mar 2027`
    pub months: Vec<String>,
    /// one per stage: the month's percentage within the Code's timescales, none without responses
    pub series: Vec<ChartSeries>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ChartSeries {
    pub label: String,
    pub values: Vec<Option<f64>>,
}

/// Build the report from the year's measures and the policy (for the self-assessment).
pub fn annual(
    measures: Measures,
    year: Year,
    export: &str,
    policy: &crate::ir::Policy,
) -> Result<Annual, String> {
    let code = assess::codes::load(CODE)?;
    let self_assessment = assess::tracks_for(policy, code)
        .into_iter()
        .map(|t| assess::assess(policy, code, Some(t), Some(year.end())))
        .collect::<Result<Vec<_>, _>>()?;
    let months = (0..12)
        .filter_map(|i| year.month_start(i))
        .map(|d| d.format("%b %Y").to_string())
        .collect();
    let series = measures
        .stages
        .iter()
        .map(|s| ChartSeries {
            label: format!("Stage {}", s.stage),
            values: s.months.iter().map(|m| m.percent_within_code).collect(),
        })
        .collect();
    Ok(Annual {
        report: "annual",
        chart: ChartData {
            title: format!(
                "Responses within the Complaint Handling Code's timescales, {}",
                measures.year
            ),
            months,
            series,
        },
        measures,
        export: export.to_string(),
        self_assessment,
        to_be_written: TO_BE_WRITTEN,
    })
}

/// The month-by-month chart as an SVG document (ids prefixed `id`).
pub fn chart_svg(a: &Annual, id: &str) -> Result<String, chart::ChartError> {
    let series: Vec<Series> = a
        .chart
        .series
        .iter()
        .map(|s| Series {
            label: s.label.clone(),
            values: s.values.clone(),
        })
        .collect();
    let summary = format!(
        "Line chart of the percentage of complaint responses sent within the Housing Ombudsman's Complaint Handling Code timescales, by the month each response was sent, {} to {}, one line per stage; a month with no responses is a gap.",
        long_date(a.measures.from),
        long_date(a.measures.to)
    );
    // `Apr 2026` -> `Apr` on the axis; the years go in the axis's caption.
    let axis: Vec<String> = a
        .chart
        .months
        .iter()
        .map(|m| m.split(' ').next().unwrap_or_default().to_string())
        .collect();
    let x_caption = format!(
        "Month the response was sent, April {} to March {}",
        a.measures.from.year(),
        a.measures.to.year()
    );
    chart::percent_chart_svg(&PercentChart {
        title: &a.chart.title,
        summary: &summary,
        gap: "no responses",
        y_caption: "% within the Code's timescales",
        categories: &a.chart.months,
        axis_labels: &axis,
        x_caption: &x_caption,
        series: &series,
        id,
    })
}

/// A table cell's text for Markdown: a `|` would end the cell.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The Code's timescales for a stage, in words.
fn code_timescale(stage: u8) -> String {
    let (resp, ext) = if stage == 1 {
        (CODE_S1_RESPONSE_WD, CODE_S1_EXTENSION_WD)
    } else {
        (CODE_S2_RESPONSE_WD, CODE_S2_EXTENSION_WD)
    };
    let from = if stage == 1 {
        "receipt"
    } else {
        "the request to escalate"
    };
    format!(
        "a response within {resp} working days of the acknowledgement, which is itself due within {CODE_ACK_WD} working days of {from} (a late acknowledgement does not add time), or up to {ext} working days later where the landlord extended the time"
    )
}

/// The two measures in a sentence each, for a reader who has not met them.
fn plain_english(m: &Measures) -> Vec<String> {
    let mut out = Vec::new();
    let stage = |n: u8| m.stages.iter().find(|s| s.stage == n);
    let (Some(s1), Some(s2)) = (stage(1), stage(2)) else {
        return out;
    };
    out.push(match (m.homes, s1.per_1000_homes, s2.per_1000_homes) {
        (Some(h), Some(a), Some(b)) => format!(
            "**CH01, complaints relative to the size of the landlord.** For every 1,000 homes the landlord owns, {} stage 1 complaints and {} stage 2 complaints were received in the year ({} stage 1 and {} stage 2 complaints, over {} homes). A high figure is not in itself bad: the Code asks landlords to see complaints as a source of learning, and a low one can mean residents find it hard to complain (HO 3.3).",
            two_places(a),
            two_places(b),
            s1.received,
            s2.received,
            thousands(h)
        ),
        _ => format!(
            "**CH01, complaints relative to the size of the landlord**, needs the number of homes the landlord owns (`--homes`): {} at stage 1 and {} at stage 2 were received in the year.",
            plural(s1.received, "complaint", "complaints"),
            s2.received
        ),
    });
    for s in [s1, s2] {
        out.push(match s.percent_within_code {
            Some(p) => format!(
                "**CH02, stage {n}.** Of the {} answered in the year, {} ({}) {} answered within the Code's timescales: {}.",
                plural(s.responded, &format!("stage {} complaint", s.stage), &format!("stage {} complaints", s.stage)),
                s.within_code,
                percent(p),
                if s.within_code == 1 { "was" } else { "were" },
                code_timescale(s.stage),
                n = s.stage,
            ),
            None => format!(
                "**CH02, stage {}.** No stage {} complaint was answered in the year, so there is no proportion to give.",
                s.stage, s.stage
            ),
        });
    }
    out
}

/// The per-stage counts: a row label and one value per stage.
fn stage_rows(m: &Measures) -> Vec<(String, Vec<String>)> {
    let col = |f: &dyn Fn(&StageMeasures) -> u64| -> Vec<String> {
        m.stages.iter().map(|s| f(s).to_string()).collect()
    };
    vec![
        ("received in the year".into(), col(&|s| s.received)),
        ("responded to in the year".into(), col(&|s| s.responded)),
        (
            "... within the Code's timescales".into(),
            col(&|s| s.within_code),
        ),
        (
            "... within the policy's own timescales".into(),
            col(&|s| s.within_policy),
        ),
        ("... with an extension".into(), col(&|s| s.extended)),
        (
            "... with an extension longer than the Code allows without good reason".into(),
            col(&|s| s.extension_over_code),
        ),
        (
            format!("still open at {}", long_date(m.to)),
            col(&|s| s.open_at_year_end),
        ),
    ]
}

/// One month of the table: the month, then per stage responded, within, rate.
fn month_rows(a: &Annual) -> Vec<Vec<String>> {
    let m = &a.measures;
    (0..a.chart.months.len())
        .map(|i| {
            let mut row = vec![a.chart.months.get(i).cloned().unwrap_or_default()];
            for s in &m.stages {
                let mm = s.months.get(i).cloned().unwrap_or_default();
                row.push(mm.responded.to_string());
                row.push(mm.within_code.to_string());
                row.push(
                    mm.percent_within_code
                        .map(percent)
                        .unwrap_or_else(|| "no responses".into()),
                );
            }
            row
        })
        .collect()
}

fn month_headings(m: &Measures) -> Vec<String> {
    let mut h = vec!["month".to_string()];
    for s in &m.stages {
        h.push(format!("stage {} responses", s.stage));
        h.push(format!("stage {} within the Code", s.stage));
        h.push(format!("stage {} rate", s.stage));
    }
    h
}

fn intro(a: &Annual) -> String {
    let m = &a.measures;
    format!(
        "Reporting year {} to {}; housing complaints only (the policy's tracks that go to the Housing Ombudsman: {}). This is the annual complaints performance and service improvement report the Housing Ombudsman's Complaint Handling Code asks for: it goes to the governing body, and is published on the complaints pages of the landlord's website with the governing body's response (HO 8.1, 8.2). redress worked out sections 1 to 4 from the case-management export `{}` and the complaints policy; the sections marked **to be written by the landlord** hold what no export or policy can show, and must be completed before the report goes to the governing body.",
        long_date(m.from),
        long_date(m.to),
        m.tracks.join(", "),
        a.export
    )
}

const GAP_NOTE: &str = "Each response counts in the month it was sent. A month with no responses has no rate: the chart leaves a gap there, not 0%.";

fn data_note(m: &Measures) -> String {
    let mut s = format!(
        "The export held {}: {} accepted and {} rejected. Of the accepted, {} on tracks that do not go to the Housing Ombudsman {} left out.",
        plural(m.rows, "row", "rows"),
        m.accepted,
        m.rejected,
        m.not_housing,
        if m.not_housing == 1 { "was" } else { "were" }
    );
    if let Some(d) = duplicates_note(m) {
        s.push_str(&format!(" Of the rejected, {d}."));
    }
    s
}

/// The self-assessment's rows the policy text decides, and the ones that need evidence.
fn split(a: &Assessment) -> (Vec<&assess::ProvisionResult>, Vec<&assess::ProvisionResult>) {
    a.provisions
        .iter()
        .partition(|p| p.comply != Comply::EvidenceNeeded)
}

/// The evidence-needed provisions grouped by section: `Definition of a complaint: 1.2, 1.3`.
fn evidence_groups(rows: &[&assess::ProvisionResult]) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for p in rows {
        match out.last_mut() {
            Some((section, ids)) if *section == p.section => ids.push(p.id.clone()),
            _ => out.push((p.section.clone(), vec![p.id.clone()])),
        }
    }
    out
}

fn assessment_summary(a: &Assessment) -> String {
    let s = &a.summary;
    format!(
        "Track `{}`, assessed as at {}: of the Code's {} provisions, the policy text shows {} met, {} partly met and {} not met ({} not applicable); {} depend on what the landlord does in practice, and need its evidence.",
        a.track.as_deref().unwrap_or("-"),
        a.as_of.map(long_date).unwrap_or_else(|| "-".into()),
        a.provisions.len(),
        s.yes,
        s.partial,
        s.no,
        s.not_applicable,
        s.evidence_needed
    )
}

const PRACTICE_NOTE: &str = "These provisions are about what the landlord does, not what its policy says, so the policy text cannot decide them. For each, the complaints officer records whether the landlord complies and the evidence, and the governing body approves the completed self-assessment (the Code's Appendix A form).";

/// The report as Markdown. `chart` is the file name of the chart written beside the report,
/// if one was.
pub fn markdown(a: &Annual, chart: Option<&str>) -> String {
    let m = &a.measures;
    let mut out = format!(
        "# Annual complaints performance and service improvement report {}\n\n**{}**\n\n{}\n\n",
        m.year,
        cell(&m.policy),
        intro(a)
    );

    out.push_str("## 1. The regulator's complaint measures\n\n");
    out.push_str("| measure | stage 1 | stage 2 |\n|---|---:|---:|\n");
    let ch01: Vec<String> = m.stages.iter().map(|s| ch01_cell(m, s)).collect();
    let ch02: Vec<String> = m.stages.iter().map(ch02_cell).collect();
    out.push_str(&format!(
        "| CH01 complaints received per 1,000 homes | {} |\n",
        ch01.join(" | ")
    ));
    out.push_str(&format!(
        "| CH02 responded to within the Code's timescales | {} |\n\n",
        ch02.join(" | ")
    ));
    for p in plain_english(m) {
        out.push_str(&format!("- {p}\n"));
    }

    out.push_str("\n## 2. Complaints by stage\n\n| | stage 1 | stage 2 |\n|---|---:|---:|\n");
    for (label, values) in stage_rows(m) {
        out.push_str(&format!("| {label} | {} |\n", values.join(" | ")));
    }
    out.push_str(&format!(
        "\nA complaint counts as received in the year its stage started (receipt, or the request to escalate) and as responded to in the year its response was sent, so one received in March and answered in April counts in two years. The policy's own timescales are the ones it promises residents; the Code's are the ones the regulator measures. \"Still open\" counts every complaint started by {} and not answered by then, whatever year it started in.\n\n",
        long_date(m.to)
    ));

    out.push_str("## 3. Responses within the Code's timescales, month by month\n\n");
    match chart {
        Some(file) => out.push_str(&format!(
            "![{}. The table below gives the same numbers.]({file})\n\n",
            a.chart.title
        )),
        None => out.push_str(
            "The chart is written only when the report is saved with `--out FILE.md` (as `FILE.svg` beside it); the table below holds the same numbers.\n\n",
        ),
    }
    let headings = month_headings(m);
    out.push_str(&format!("| {} |\n", headings.join(" | ")));
    out.push_str(&format!(
        "|---|{}\n",
        "---:|".repeat(headings.len().saturating_sub(1))
    ));
    for row in month_rows(a) {
        out.push_str(&format!("| {} |\n", row.join(" | ")));
    }
    out.push_str(&format!("\n{GAP_NOTE}\n\n"));

    out.push_str("## 4. Self-assessment against the Complaint Handling Code (HO 8.1(a))\n\n");
    if a.self_assessment.is_empty() {
        out.push_str("No track of the policy goes to the Housing Ombudsman, so there is nothing to assess.\n\n");
    }
    for s in &a.self_assessment {
        out.push_str(&format!("{}\n\n", assessment_summary(s)));
        let (decided, practice) = split(s);
        out.push_str("| provision | the policy | why |\n|---|---|---|\n");
        for p in &decided {
            out.push_str(&format!(
                "| {} | {} | {} |\n",
                p.id,
                p.comply.word(),
                cell(&p.explanation)
            ));
        }
        out.push_str(&format!(
            "\n**To be written by the landlord: the evidence of practice.** {PRACTICE_NOTE}\n\n"
        ));
        for (section, ids) in evidence_groups(&practice) {
            out.push_str(&format!("- {section}: {}\n", ids.join(", ")));
        }
        out.push_str(&format!(
            "\nThe full form, with the policy's citations as evidence: `redress assess POLICY --code {CODE} --track {} --as-of {}`.\n\n",
            s.track.as_deref().unwrap_or("-"),
            m.to
        ));
    }

    for (i, t) in a.to_be_written.iter().enumerate() {
        out.push_str(&format!(
            "## {}. {} (HO {})\n\n**To be written by the landlord.** {}\n\n",
            i + 5,
            t.heading,
            t.provision,
            t.what
        ));
    }

    out.push_str("## How the figures were worked out\n\n");
    out.push_str(&format!("{}\n\n", data_note(m)));
    out.push_str(&md_list(&m.readings));
    let rejected = rejected_items(m);
    if !rejected.is_empty() {
        out.push_str("\nRejected rows:\n\n");
        out.push_str(&md_list(&rejected));
    }
    out
}

const STYLE: &str = "body{font-family:sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem;line-height:1.45}table{border-collapse:collapse;margin:.5rem 0}caption{text-align:left;font-weight:bold;padding:.3rem 0}th,td{border:1px solid #999;padding:.3rem .6rem;text-align:left;vertical-align:top}td.n{text-align:right}.chart{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-start}.chart figure{margin:0;flex:1 1 30rem}.chart svg{max-width:100%;height:auto}.todo{border-left:.4rem solid #d55e00;background:#fff4ec;padding:.5rem 1rem}";

fn html_table(
    caption: &str,
    headings: &[String],
    rows: &[Vec<String>],
    numeric_from: usize,
) -> String {
    let mut out = format!(
        "<table>\n<caption>{}</caption>\n<thead><tr>",
        escape(caption)
    );
    for h in headings {
        out.push_str(&format!("<th scope=\"col\">{}</th>", escape(h)));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in rows {
        out.push_str("<tr>");
        for (i, c) in row.iter().enumerate() {
            if i == 0 {
                out.push_str(&format!("<th scope=\"row\">{}</th>", escape(c)));
            } else if i >= numeric_from {
                out.push_str(&format!("<td class=\"n\">{}</td>", escape(c)));
            } else {
                out.push_str(&format!("<td>{}</td>", escape(c)));
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    out
}

/// `**bold**` in the plain-English sentences, as HTML (the rest escaped).
fn strong(s: &str) -> String {
    let mut out = String::new();
    for (i, part) in s.split("**").enumerate() {
        if i % 2 == 1 {
            out.push_str(&format!("<strong>{}</strong>", escape(part)));
        } else {
            out.push_str(&escape(part).replace('`', ""));
        }
    }
    out
}

/// The report as one self-contained HTML page, the chart inline (`svg`, from [`chart_svg`]).
pub fn html(a: &Annual, svg: &str) -> String {
    let m = &a.measures;
    let title = format!(
        "Annual complaints performance and service improvement report {}: {}",
        m.year, m.policy
    );
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{t}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n<h1>Annual complaints performance and service improvement report {y}</h1>\n<p><strong>{p}</strong></p>\n<p>{i}</p>\n",
        t = escape(&title),
        y = escape(&m.year),
        p = escape(&m.policy),
        i = strong(&intro(a)),
    );

    out.push_str("<h2>1. The regulator's complaint measures</h2>\n");
    let measure_rows: Vec<Vec<String>> = {
        let mut ch01 = vec!["CH01 complaints received per 1,000 homes".to_string()];
        let mut ch02 = vec!["CH02 responded to within the Code's timescales".to_string()];
        for s in &m.stages {
            ch01.push(ch01_cell(m, s));
            ch02.push(ch02_cell(s));
        }
        vec![ch01, ch02]
    };
    let stage_heads: Vec<String> = std::iter::once("measure".to_string())
        .chain(m.stages.iter().map(|s| format!("stage {}", s.stage)))
        .collect();
    out.push_str(&html_table(
        &format!("CH01 and CH02, {}", m.year),
        &stage_heads,
        &measure_rows,
        1,
    ));
    out.push_str("<ul>\n");
    for p in plain_english(m) {
        out.push_str(&format!("<li>{}</li>\n", strong(&p)));
    }
    out.push_str("</ul>\n");

    out.push_str("<h2>2. Complaints by stage</h2>\n");
    let rows: Vec<Vec<String>> = stage_rows(m)
        .into_iter()
        .map(|(label, values)| std::iter::once(label).chain(values).collect())
        .collect();
    let mut heads = stage_heads.clone();
    if let Some(h) = heads.first_mut() {
        *h = "complaints".into();
    }
    out.push_str(&html_table(
        &format!("Complaints by stage, {}", m.year),
        &heads,
        &rows,
        1,
    ));

    out.push_str("<h2>3. Responses within the Code's timescales, month by month</h2>\n<div class=\"chart\">\n<figure>\n");
    out.push_str(svg.trim_start_matches(|c| c != '<'));
    out.push_str(&format!(
        "<figcaption>{}. The table gives the same numbers.</figcaption>\n</figure>\n",
        escape(&a.chart.title)
    ));
    out.push_str(&html_table(
        "Responses by month",
        &month_headings(m),
        &month_rows(a),
        1,
    ));
    out.push_str(&format!("</div>\n<p>{}</p>\n", escape(GAP_NOTE)));

    out.push_str("<h2>4. Self-assessment against the Complaint Handling Code (HO 8.1(a))</h2>\n");
    if a.self_assessment.is_empty() {
        out.push_str("<p>No track of the policy goes to the Housing Ombudsman, so there is nothing to assess.</p>\n");
    }
    for s in &a.self_assessment {
        out.push_str(&format!("<p>{}</p>\n", strong(&assessment_summary(s))));
        let (decided, practice) = split(s);
        let rows: Vec<Vec<String>> = decided
            .iter()
            .map(|p| {
                vec![
                    p.id.clone(),
                    p.comply.word().to_string(),
                    p.explanation.clone(),
                ]
            })
            .collect();
        out.push_str(&html_table(
            "What the policy text shows",
            &["provision".into(), "the policy".into(), "why".into()],
            &rows,
            usize::MAX,
        ));
        out.push_str(&format!(
            "<div class=\"todo\">\n<p><strong>To be written by the landlord: the evidence of practice.</strong> {}</p>\n<ul>\n",
            escape(PRACTICE_NOTE)
        ));
        for (section, ids) in evidence_groups(&practice) {
            out.push_str(&format!(
                "<li>{}: {}</li>\n",
                escape(&section),
                escape(&ids.join(", "))
            ));
        }
        out.push_str("</ul>\n</div>\n");
    }

    for (i, t) in a.to_be_written.iter().enumerate() {
        out.push_str(&format!(
            "<h2>{}. {} (HO {})</h2>\n<div class=\"todo\"><p><strong>To be written by the landlord.</strong> {}</p></div>\n",
            i + 5,
            escape(t.heading),
            escape(t.provision),
            escape(t.what)
        ));
    }

    out.push_str(&format!(
        "<h2>How the figures were worked out</h2>\n<p>{}</p>\n",
        escape(&data_note(m))
    ));
    out.push_str(&html_list(&m.readings));
    let rejected = rejected_items(m);
    if !rejected.is_empty() {
        out.push_str("<p>Rejected rows:</p>\n");
        out.push_str(&html_list(&rejected));
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bold_runs_become_strong_and_the_rest_is_escaped() {
        assert_eq!(
            strong("**CH01 <x>.** a & `b`"),
            "<strong>CH01 &lt;x&gt;.</strong> a &amp; b"
        );
    }
}
