//! A line chart as SVG text, for reports that a committee reads on paper or on a screen: the
//! annual complaints report's on-time rate per stage, month by month
//! (`redress measures --report annual`).
//!
//! A rendering module: it is given the numbers and draws them; it computes nothing about
//! complaints. It is drawn with plotters' SVG backend (no fonts are read: the SVG names a
//! font family and the viewer lays the text out), then made accessible the way the WAI's
//! guidance on images asks: `role="img"` on the `<svg>`, with a `<title>` and a `<desc>` that
//! say what the chart shows and give every value, so a screen reader has the numbers without
//! the picture. Reports put the same numbers in a table beside the chart.
//!
//! A missing value is a gap in its line (with no marker), never a drop to 0: for a month with
//! no responses there is no rate, and drawing one would tell a committee that every response
//! that month was late. A value between two gaps is drawn as a marker alone. Each series has
//! its own colour (Okabe and Ito's palette, told apart by readers with the common colour-vision
//! deficiencies) and its own marker shape, so the lines are told apart without colour too.
//! The legend stands in a column of its own beside the plot, so it never hides a value, with a
//! note under it on what a gap means.

use plotters::coord::ranged1d::{IntoSegmentedCoord, SegmentValue};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::render::assessment::escape;

/// One line of the chart: its name in the legend, and one value per category (`None` where
/// there is none).
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub label: String,
    pub values: Vec<Option<f64>>,
}

/// A chart of percentages (0 to 100) over a row of categories, such as the months of a year.
#[derive(Clone, Debug)]
pub struct PercentChart<'a> {
    /// Read first by a screen reader, and printed above the plot.
    pub title: &'a str,
    /// The first sentence of the description; the values follow it.
    pub summary: &'a str,
    /// What a gap means, in the reader's terms (`no responses`, read as "... that month"
    /// under the legend).
    pub gap: &'a str,
    /// The y axis's caption.
    pub y_caption: &'a str,
    /// The categories, in order, as the description names them (`Apr 2026` ...).
    pub categories: &'a [String],
    /// The same categories as the x axis labels them (`Apr` ...): short, so they do not run
    /// into each other.
    pub axis_labels: &'a [String],
    /// The x axis's caption (`April 2026 to March 2027`).
    pub x_caption: &'a str,
    pub series: &'a [Series],
    /// Makes the `<title>` and `<desc>` ids unique when several charts share one page.
    pub id: &'a str,
}

/// Why a chart could not be drawn (plotters reports its own errors in words).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartError(pub String);

impl std::fmt::Display for ChartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot draw the chart: {}", self.0)
    }
}

const WIDTH: u32 = 760;
const HEIGHT: u32 = 400;
/// The column at the right that holds the legend.
const LEGEND_WIDTH: u32 = 130;

/// Okabe and Ito's blue, vermilion and bluish green.
const PALETTE: [RGBColor; 3] = [
    RGBColor(0, 114, 178),
    RGBColor(213, 94, 0),
    RGBColor(0, 158, 115),
];

/// The colour of series `i`, as the SVG writes it (`#0072B2`), so that a report or a test
/// can name it.
pub fn colour(i: usize) -> String {
    let RGBColor(r, g, b) = PALETTE.get(i % PALETTE.len()).copied().unwrap_or(BLACK);
    format!("#{r:02X}{g:02X}{b:02X}")
}

/// The description a screen reader reads: the summary, then each series' values in order,
/// a gap named as such.
pub fn description(c: &PercentChart) -> String {
    let mut d = c.summary.trim().to_string();
    for s in c.series {
        let values: Vec<String> = c
            .categories
            .iter()
            .zip(&s.values)
            .map(|(cat, v)| match v {
                Some(p) => format!("{cat} {p:.1}%"),
                None => format!("{cat} {}", c.gap),
            })
            .collect();
        d.push_str(&format!(" {}: {}.", s.label, values.join(", ")));
    }
    d
}

/// The chart as a complete SVG document.
pub fn percent_chart_svg(c: &PercentChart) -> Result<String, ChartError> {
    // plotters cannot lay out an empty axis.
    if c.categories.is_empty() {
        return Err(ChartError("there are no categories to draw".into()));
    }
    let mut svg = String::new();
    draw(c, &mut svg).map_err(|e| ChartError(e.to_string()))?;
    Ok(accessible(&svg, c))
}

fn draw(c: &PercentChart, out: &mut String) -> Result<(), Box<dyn std::error::Error>> {
    let n = c.categories.len();
    let last = i32::try_from(n).unwrap_or(i32::MAX);
    let root = SVGBackend::with_string(out, (WIDTH, HEIGHT)).into_drawing_area();
    root.fill(&WHITE)?;
    let root = root.titled(c.title, ("sans-serif", 22))?;
    // The legend has a column of its own, so it never hides a value.
    let (plot, legend) = root.split_horizontally(WIDTH - LEGEND_WIDTH);
    // A little room above 100 % and below 0 %, so a marker there is drawn whole.
    let mut chart = ChartBuilder::on(&plot)
        .margin(12)
        .x_label_area_size(48)
        .y_label_area_size(64)
        .build_cartesian_2d((0..last).into_segmented(), -4.0f64..104.0f64)?;
    let axis = c.axis_labels;
    let label = move |v: &SegmentValue<i32>| match v {
        SegmentValue::CenterOf(i) => usize::try_from(*i)
            .ok()
            .and_then(|i| axis.get(i))
            .cloned()
            .unwrap_or_default(),
        _ => String::new(),
    };
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(n.max(1))
        .x_label_formatter(&label)
        .x_desc(c.x_caption)
        .y_labels(6)
        .y_label_formatter(&|y| format!("{y:.0}%"))
        .y_desc(c.y_caption)
        .light_line_style(TRANSPARENT)
        .bold_line_style(RGBColor(221, 221, 221))
        .label_style(("sans-serif", 16))
        .draw()?;

    for (k, s) in c.series.iter().enumerate() {
        let colour = PALETTE.get(k % PALETTE.len()).copied().unwrap_or(BLACK);
        let line = ShapeStyle::from(colour).stroke_width(2);
        // A line through each run of categories that all have a value; a gap breaks it.
        for run in runs(&s.values) {
            if run.len() > 1 {
                chart.draw_series(LineSeries::new(run.into_iter().filter_map(at), line))?;
            }
        }
        let points = s
            .values
            .iter()
            .copied()
            .enumerate()
            .filter_map(|(i, v)| at((i, v?)));
        chart.draw_series(points.map(|p| marker(k, p, colour)))?;
        // The legend: every series has exactly one entry, even one with no values.
        let y = 40 + 28 * i32::try_from(k).unwrap_or(0);
        legend.draw(&PathElement::new(vec![(8, y), (36, y)], line))?;
        legend.draw(&marker_at(k, (22, y), colour))?;
        legend.draw(&Text::new(
            s.label.clone(),
            (44, y),
            ("sans-serif", 16)
                .into_font()
                .color(&BLACK)
                .pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
    }
    // What a gap means, under the legend, for a reader who sees only the picture.
    let below = 40 + 28 * i32::try_from(c.series.len()).unwrap_or(0);
    for (i, line) in ["A gap in a line:", c.gap, "that month"].iter().enumerate() {
        legend.draw(&Text::new(
            line.to_string(),
            (8, below + 18 * i32::try_from(i).unwrap_or(0)),
            ("sans-serif", 14).into_font().color(&RGBColor(68, 68, 68)),
        ))?;
    }
    root.present()?;
    Ok(())
}

/// Category `i` with value `v` as a point of the chart.
fn at((i, v): (usize, f64)) -> Option<Coord> {
    Some((SegmentValue::CenterOf(i32::try_from(i).ok()?), v))
}

/// The runs of consecutive values, each a list of (category, value).
fn runs(values: &[Option<f64>]) -> Vec<Vec<(usize, f64)>> {
    let mut out: Vec<Vec<(usize, f64)>> = Vec::new();
    let mut current = Vec::new();
    for (i, v) in values.iter().enumerate() {
        match v {
            Some(v) => current.push((i, *v)),
            None if !current.is_empty() => out.push(std::mem::take(&mut current)),
            None => {}
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

type Coord = (SegmentValue<i32>, f64);

/// Series `k`'s marker at a data point: a filled circle, a filled triangle, a cross.
fn marker<DB: DrawingBackend>(
    k: usize,
    at: Coord,
    colour: RGBColor,
) -> DynElement<'static, DB, Coord> {
    let fill = ShapeStyle::from(colour).filled();
    match k % 3 {
        0 => Circle::new(at, 4, fill).into_dyn(),
        1 => TriangleMarker::new(at, 6, fill).into_dyn(),
        _ => Cross::new(at, 4, ShapeStyle::from(colour).stroke_width(2)).into_dyn(),
    }
}

/// The same marker in the legend (pixel coordinates).
fn marker_at<DB: DrawingBackend>(
    k: usize,
    at: (i32, i32),
    colour: RGBColor,
) -> DynElement<'static, DB, (i32, i32)> {
    let fill = ShapeStyle::from(colour).filled();
    match k % 3 {
        0 => Circle::new(at, 4, fill).into_dyn(),
        1 => TriangleMarker::new(at, 6, fill).into_dyn(),
        _ => Cross::new(at, 4, ShapeStyle::from(colour).stroke_width(2)).into_dyn(),
    }
}

/// `svg` with `role="img"`, `aria-labelledby`, and a `<title>` and `<desc>` as the first
/// children of its root element.
fn accessible(svg: &str, c: &PercentChart) -> String {
    let title_id = format!("{}-title", c.id);
    let desc_id = format!("{}-desc", c.id);
    let head = format!(
        "<title id=\"{title_id}\">{}</title>\n<desc id=\"{desc_id}\">{}</desc>\n",
        escape(c.title),
        escape(&description(c))
    );
    let Some(open) = svg.find("<svg") else {
        return svg.to_string();
    };
    let Some(close) = svg.get(open..).and_then(|s| s.find('>')).map(|i| open + i) else {
        return svg.to_string();
    };
    let (tag, rest) = svg.split_at(close);
    let rest = rest.strip_prefix('>').unwrap_or(rest);
    let rest = rest.strip_prefix('\n').unwrap_or(rest);
    format!("{tag} role=\"img\" aria-labelledby=\"{title_id} {desc_id}\">\n{head}{rest}",)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_gap_breaks_the_line_and_a_lone_value_is_a_marker() {
        let r = runs(&[
            Some(1.0),
            Some(2.0),
            None,
            Some(3.0),
            None,
            None,
            Some(4.0),
            Some(5.0),
        ]);
        assert_eq!(
            r,
            vec![
                vec![(0, 1.0), (1, 2.0)],
                vec![(3, 3.0)],
                vec![(6, 4.0), (7, 5.0)]
            ]
        );
        assert!(runs(&[None, None]).is_empty());
    }

    #[test]
    fn the_description_names_every_value_and_every_gap() {
        let cats = ["Apr".to_string(), "May".to_string()];
        let series = [Series {
            label: "Stage 1".into(),
            values: vec![Some(50.0), None],
        }];
        let c = PercentChart {
            title: "t",
            summary: "On time by month.",
            gap: "no responses",
            y_caption: "%",
            categories: &cats,
            axis_labels: &cats,
            x_caption: "",
            series: &series,
            id: "c",
        };
        assert_eq!(
            description(&c),
            "On time by month. Stage 1: Apr 50.0%, May no responses."
        );
    }
}
