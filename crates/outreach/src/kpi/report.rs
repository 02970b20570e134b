//! A Markdown report in the layout of a committee performance report.

use std::fmt::Write;

use super::change::round_half_up;
use super::compare::{Basis, Comparison, Delta};
use super::indicator::Unit;
use super::observe::Figure;
use super::period::Period;
use super::project::{Project, RagSummary};

enum Section {
    Changes(String, Vec<Comparison>),
    Targets(String, Vec<Comparison>),
    Projects(String, Vec<Project>),
}

/// A performance report for one period, rendered as Markdown: sections of year-on-year
/// changes (e.g. crime by category), indicators against targets with RAG (e.g. fire), and
/// projects with their RAG summary. Sections print in the order added.
///
/// Numbers print as committee reports print them: whole counts with thousands separators,
/// percentage changes to 1 dp with a sign (`+3.0%`), `n/a` where the previous figure is 0,
/// and a `†` on any figure missing months (with the months listed under the table); such
/// figures are never compared.
///
/// # Examples
/// ```
/// use outreach::kpi::{Indicator, Observations, Project, Rag, Report, Unit};
/// # fn main() -> outreach::Result<()> {
/// let mut obs = Observations::new();
/// obs.insert("All crime", None, "2011-Q2".parse()?, 1455.0)?;
/// obs.insert("All crime", None, "2010-Q2".parse()?, 1413.0)?;
/// let period = "2011-Q2".parse()?;
/// let rows = obs.compare_all(&[], period);
/// let projects = [Project { name: "Safer streets".into(), rag: Some(Rag::Green) }];
/// let md = Report::new("Community Safety Partnership", period)
///     .changes("Crime by category", &rows)
///     .projects("Projects", &projects)
///     .to_markdown();
/// assert!(md.contains("| All crime | 1,455 | 1,413 | +3.0% |"));
/// assert!(md.contains("1 of 1 reported green = 100%"));
/// # Ok(())
/// # }
/// ```
pub struct Report {
    title: String,
    period: Period,
    alpha: Option<f64>,
    sections: Vec<Section>,
}

impl Report {
    /// An empty report for `period`.
    pub fn new(title: impl Into<String>, period: Period) -> Self {
        Report {
            title: title.into(),
            period,
            alpha: None,
            sections: Vec::new(),
        }
    }

    /// The usual report of a set of comparisons: `heading` over a table of the
    /// partnership-wide rows (rows of single areas are left out) against last year, then
    /// "Indicators against targets" for the rows that have a target. Add projects with
    /// [`Report::projects`].
    pub fn standard(
        title: impl Into<String>,
        period: Period,
        heading: impl Into<String>,
        rows: &[Comparison],
        significance: Option<f64>,
    ) -> Self {
        let overall: Vec<Comparison> = rows.iter().filter(|r| r.area.is_none()).cloned().collect();
        let targeted: Vec<Comparison> = overall
            .iter()
            .filter(|r| r.assessment.is_some())
            .cloned()
            .collect();
        let mut report = Report::new(title, period).changes(heading, &overall);
        report.alpha = significance;
        if !targeted.is_empty() {
            report = report.targets("Indicators against targets", &targeted);
        }
        report
    }

    /// Marks changes of counts that are significant at level `alpha` (two-sided exact
    /// Poisson test, [`super::poisson_p_value`]) with `*`, and says so under the tables.
    pub fn with_significance(mut self, alpha: f64) -> Self {
        self.alpha = Some(alpha);
        self
    }

    /// Adds a table of the period and the year to date against last year, one row per
    /// comparison: `| name | period | same period last year | % change | YTD | YTD last
    /// year | % change |` (with an area column when any row has an area).
    pub fn changes(mut self, heading: impl Into<String>, rows: &[Comparison]) -> Self {
        self.sections
            .push(Section::Changes(heading.into(), rows.to_vec()));
        self
    }

    /// Adds a table of indicators against their targets: `| indicator | better | annual
    /// target | target to date | actual to date | RAG |`. Counts are judged on the year to
    /// date, levels (percentages) on the period.
    pub fn targets(mut self, heading: impl Into<String>, rows: &[Comparison]) -> Self {
        self.sections
            .push(Section::Targets(heading.into(), rows.to_vec()));
        self
    }

    /// Adds the projects' RAG summary line and a table of projects.
    pub fn projects(mut self, heading: impl Into<String>, projects: &[Project]) -> Self {
        self.sections
            .push(Section::Projects(heading.into(), projects.to_vec()));
        self
    }

    /// Renders the report.
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        let p = self.period;
        let last = p.same_period_last_year();
        let ytd = p.year_to_date();
        let _ = writeln!(out, "# {}\n", cell(&self.title));
        let _ = writeln!(
            out,
            "Reporting period: {} ({}). Year to date: {}, compared with {}.",
            p.label(),
            p.span().long_name(),
            ytd.long_name(),
            ytd.year_earlier().long_name()
        );
        for (i, section) in self.sections.iter().enumerate() {
            let _ = writeln!(out);
            match section {
                Section::Changes(heading, rows) => {
                    let _ = writeln!(out, "## {}. {}\n", i + 1, cell(heading));
                    self.changes_table(&mut out, rows, &last);
                }
                Section::Targets(heading, rows) => {
                    let _ = writeln!(out, "## {}. {}\n", i + 1, cell(heading));
                    targets_table(&mut out, rows);
                }
                Section::Projects(heading, projects) => {
                    let _ = writeln!(out, "## {}. {}\n", i + 1, cell(heading));
                    projects_table(&mut out, projects);
                }
            }
        }
        out
    }

    fn changes_table(&self, out: &mut String, rows: &[Comparison], last: &Period) {
        let fy = |period: Period| {
            let y = period.fiscal_year();
            format!("{y}/{:02}", (y + 1) % 100)
        };
        let with_area = rows.iter().any(|r| r.area.is_some());
        let mut notes = Notes::default();
        let area_head = if with_area { " Area |" } else { "" };
        let area_rule = if with_area { " --- |" } else { "" };
        let _ = writeln!(
            out,
            "| Indicator |{area_head} {} | {} | % change | YTD {} | YTD {} | % change |",
            self.period.label(),
            last.label(),
            fy(self.period),
            fy(*last),
        );
        let _ = writeln!(
            out,
            "| --- |{area_rule} ---: | ---: | ---: | ---: | ---: | ---: |"
        );
        let mut significant = false;
        for r in rows {
            let area = match (&r.area, with_area) {
                (Some(a), true) => format!(" {a} |"),
                (None, true) => " all |".to_string(),
                _ => String::new(),
            };
            let mut change = |d: &Delta| {
                let mark = match (self.alpha, d.p_value) {
                    (Some(alpha), Some(pv)) if pv < alpha => {
                        significant = true;
                        "\\*"
                    }
                    _ => "",
                };
                format!("{}{mark}", d.change)
            };
            let (pc, yc) = (change(&r.period_change), change(&r.year_to_date));
            let _ = writeln!(
                out,
                "| {} |{area} {} | {} | {pc} | {} | {} | {yc} |",
                cell(&r.indicator),
                notes.figure(&r.period_change.current, r.unit),
                notes.figure(&r.period_change.previous, r.unit),
                notes.figure(&r.year_to_date.current, r.unit),
                notes.figure(&r.year_to_date.previous, r.unit),
            );
        }
        let _ = writeln!(
            out,
            "\n% change = (current − previous) / previous × 100, to 1 decimal place; \
             n/a where the previous figure is 0 or a figure is incomplete."
        );
        if let (Some(alpha), true) = (self.alpha, significant) {
            let _ = writeln!(
                out,
                "\\* significant change (exact conditional Poisson test on the counts, \
                 two-sided p < {alpha})."
            );
        }
        notes.write(out);
    }
}

fn targets_table(out: &mut String, rows: &[Comparison]) {
    let mut notes = Notes::default();
    let _ = writeln!(
        out,
        "| Indicator | Better | Annual target | Target to date | Actual to date | RAG |"
    );
    let _ = writeln!(out, "| --- | --- | ---: | ---: | ---: | --- |");
    let mut levels = false;
    for r in rows {
        let better = r.polarity.map_or("–", |p| p.as_str());
        let Some(a) = &r.assessment else {
            let _ = writeln!(
                out,
                "| {} | {better} | – | – | – | no target |",
                cell(&r.indicator)
            );
            continue;
        };
        let (judged, level) = match a.basis {
            Basis::YearToDate => (&r.year_to_date.current, false),
            Basis::Period => (&r.period_change.current, true),
        };
        levels |= level;
        let rag = match (a.rag, r.polarity) {
            (Some(rag), _) => rag.as_str().to_string(),
            (None, None) => "no polarity".into(),
            (None, Some(_)) => "n/a".into(),
        };
        let _ = writeln!(
            out,
            "| {}{} | {better} | {} | {} | {} | {rag} |",
            cell(&r.indicator),
            if level { " ‡" } else { "" },
            number(a.annual_target, r.unit),
            number(a.target, r.unit),
            notes.figure(judged, r.unit),
        );
    }
    let _ = writeln!(
        out,
        "\nGreen: on or better than the target to date; amber: worse by no more than the \
         indicator's tolerance; red: otherwise."
    );
    if levels {
        let _ = writeln!(
            out,
            "‡ a level (percentage or rate), judged on the reporting period, not summed \
             over the year."
        );
    }
    notes.write(out);
}

fn projects_table(out: &mut String, projects: &[Project]) {
    let summary = RagSummary::of_projects(projects);
    let _ = write!(out, "{summary}");
    if summary.reported() > 0 {
        let _ = write!(
            out,
            " ({} green, {} amber, {} red",
            summary.green, summary.amber, summary.red
        );
        if summary.not_reported() > 0 {
            let _ = write!(out, "; {} not reported", summary.not_reported());
        }
        let _ = write!(out, ")");
    }
    let _ = writeln!(out, ".\n");
    let _ = writeln!(out, "| Project | RAG |");
    let _ = writeln!(out, "| --- | --- |");
    for p in projects {
        let rag = p.rag.map_or("not reported", |r| r.as_str());
        let _ = writeln!(out, "| {} | {rag} |", cell(&p.name));
    }
}

/// Footnotes for incomplete figures, numbered by distinct reason.
#[derive(Default)]
struct Notes(Vec<String>);

impl Notes {
    fn figure(&mut self, figure: &Figure, unit: Unit) -> String {
        match figure {
            Figure::Complete(v) => number(*v, unit),
            Figure::Missing => "–".into(),
            Figure::Incomplete { observed, .. } => {
                let reason = figure.reason().unwrap_or_default();
                let n = match self.0.iter().position(|r| *r == reason) {
                    Some(i) => i + 1,
                    None => {
                        self.0.push(reason);
                        self.0.len()
                    }
                };
                format!("{} †{n}", number(*observed, unit))
            }
        }
    }

    fn write(&self, out: &mut String) {
        for (i, reason) in self.0.iter().enumerate() {
            let _ = writeln!(
                out,
                "†{} {reason} (the figure sums the months available and is not compared).",
                i + 1
            );
        }
    }
}

/// A value as a report prints it: counts as whole numbers with thousands separators
/// (1 dp if fractional), percentages to 1 dp with `%`, other levels to 2 dp at most.
pub(crate) fn number(v: f64, unit: Unit) -> String {
    match unit {
        Unit::Percent => format!("{:.1}%", round_half_up(v, 1)),
        Unit::Count if v.fract() == 0.0 && v.abs() < 1e15 => group(&format!("{v:.0}")),
        Unit::Count => group(&format!("{:.1}", round_half_up(v, 1))),
        Unit::Number => {
            let s = format!("{:.2}", round_half_up(v, 2));
            let s = s.trim_end_matches('0').trim_end_matches('.');
            group(s)
        }
    }
}

/// Inserts thousands separators into the integer part of a plain decimal.
fn group(s: &str) -> String {
    let (sign, rest) = s.strip_prefix('-').map_or(("", s), |r| ("-", r));
    let (int, frac) = rest
        .split_once('.')
        .map_or((rest, None), |(i, f)| (i, Some(f)));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// Text safe inside a Markdown table cell.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_as_reports_print_them() {
        assert_eq!(number(1455.0, Unit::Count), "1,455");
        assert_eq!(number(-1234567.0, Unit::Count), "-1,234,567");
        assert_eq!(number(999.0, Unit::Count), "999");
        assert_eq!(number(1234.25, Unit::Count), "1,234.3");
        assert_eq!(number(83.25, Unit::Percent), "83.3%");
        assert_eq!(number(1234.5, Unit::Number), "1,234.5");
        assert_eq!(number(2.0, Unit::Number), "2");
        assert_eq!(cell("a|b\nc"), "a\\|b c");
    }
}
