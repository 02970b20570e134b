//! Readers for the small CSV files a performance report is fed with (feature `io`):
//! observations, targets and project statuses. Same contract as [`crate::io`]: gzip
//! detected from content, a [`LoadReport`] with every rejected row's line, field and reason.

use std::collections::HashMap;
use std::path::Path;

use super::indicator::{Indicator, Polarity, Rag, Target, Unit};
use super::observe::Observations;
use super::period::Period;
use super::project::Project;
use crate::area::AreaCode;
use crate::error::{Error, Result};
use crate::io::{parse_f64, reject, LoadReport, Rejection};

/// The rows of a small CSV with its header, each with its one-based line.
struct Table {
    headers: Vec<String>,
    rows: Vec<(u64, csv::StringRecord)>,
}

impl Table {
    fn read(path: &Path) -> Result<Table> {
        let format = |line: Option<u64>, reason: String| Error::Format {
            path: path.to_path_buf(),
            line,
            reason,
        };
        // Same opening rules as every reader: gzip detected from content, BOM dropped.
        let text = crate::io::read_text(path)?;
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut rows = Vec::new();
        let mut headers = None;
        for rec in rdr.records() {
            let rec = rec.map_err(|e| {
                let line = e.position().map(|p| p.line());
                format(line, e.to_string())
            })?;
            let line = rec.position().map_or(0, |p| p.line());
            if rec.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            if headers.is_none() {
                headers = Some(rec.iter().map(|h| h.trim().to_string()).collect());
            } else {
                rows.push((line, rec));
            }
        }
        let headers =
            headers.ok_or_else(|| format(None, "the file is empty: no header row".into()))?;
        Ok(Table { headers, rows })
    }

    fn find(&self, names: &[&str]) -> Option<usize> {
        names
            .iter()
            .find_map(|n| self.headers.iter().position(|h| h.eq_ignore_ascii_case(n)))
    }

    fn column(&self, path: &Path, names: &[&str]) -> Result<usize> {
        self.find(names).ok_or_else(|| Error::Format {
            path: path.to_path_buf(),
            line: Some(1),
            reason: format!(
                "missing column {:?}; the header has: {}",
                names[0],
                self.headers.join(", ")
            ),
        })
    }

    fn field(&self, i: usize) -> Option<&str> {
        self.headers.get(i).map(String::as_str)
    }
}

fn cell(rec: &csv::StringRecord, i: usize) -> Option<&str> {
    rec.get(i).map(str::trim).filter(|s| !s.is_empty())
}

/// Reads observations from a CSV with columns `indicator`, `period` and `value`, and
/// optionally `area_code` (or `area`) for figures of one area: one value of one indicator
/// for one period per row. Periods are `2011-07` (month), `2011-Q2` (financial quarter:
/// July-September 2011) or `2011/12` (financial year), mixed as needed (see
/// [`super::period`]).
///
/// Rows with an empty indicator, an unreadable period, a value that is not a number (an
/// empty cell or a suppression mark like `*` is not zero) or an area code that is not one,
/// and rows repeating an indicator, area and period of an earlier row, are rejected with
/// line, field and reason.
///
/// # Errors
/// [`Error::Format`] when a required column is missing or the CSV is malformed;
/// [`Error::Io`] when the file cannot be read.
///
/// # Examples
/// ```no_run
/// use outreach::kpi::{read_observations, Period};
/// # fn main() -> outreach::Result<()> {
/// let (observations, report) = read_observations("observations.csv".as_ref())?;
/// for r in &report.rejected {
///     eprintln!("{r}");
/// }
/// let rows = observations.compare_all(&[], "2011-Q2".parse::<Period>()?);
/// # Ok(())
/// # }
/// ```
pub fn read_observations(path: &Path) -> Result<(Observations, LoadReport)> {
    let table = Table::read(path)?;
    let ci = table.column(path, &["indicator"])?;
    let cp = table.column(path, &["period"])?;
    let cv = table.column(path, &["value"])?;
    let ca = table.find(&["area_code", "area"]);
    let mut report = LoadReport::new(path);
    let mut obs = Observations::new();
    let mut seen: HashMap<(String, Option<AreaCode>, Period), u64> = HashMap::new();
    for (line, rec) in &table.rows {
        let line = *line;
        report.rows_read += 1;
        let row = (|| -> std::result::Result<(), Rejection> {
            let f = |i| table.field(i);
            let name = cell(rec, ci).ok_or_else(|| reject(line, f(ci), "missing indicator"))?;
            let period: Period = cell(rec, cp)
                .ok_or_else(|| reject(line, f(cp), "missing period"))?
                .parse()
                .map_err(|e: Error| reject(line, f(cp), e.to_string()))?;
            let raw = cell(rec, cv).ok_or_else(|| reject(line, f(cv), "missing value"))?;
            let value = parse_f64(raw.as_bytes())
                .ok_or_else(|| reject(line, f(cv), format!("{raw:?} is not a number")))?;
            let area = match ca.and_then(|c| cell(rec, c)) {
                None => None,
                Some(code) => Some(
                    code.parse::<AreaCode>()
                        .map_err(|e| reject(line, ca.and_then(f), e.to_string()))?,
                ),
            };
            let key = (name.to_string(), area.clone(), period);
            if let Some(first) = seen.get(&key) {
                return Err(reject(
                    line,
                    f(cp),
                    format!("{name} {period} repeats line {first}"),
                ));
            }
            obs.insert(name, area, period, value)
                .map_err(|e| reject(line, f(cv), e.to_string()))?;
            seen.insert(key, line);
            Ok(())
        })();
        match row {
            Ok(()) => report.accepted += 1,
            Err(r) => report.rejected.push(r),
        }
    }
    Ok((obs, report))
}

/// Reads indicator definitions from a CSV with columns `indicator`, `target` (annual) and
/// `polarity` (`higher` or `lower` is better), and optionally `tolerance_pct` (amber band,
/// default 5), `unit` (`count`, the default, `percent` or `number`) and `q1`..`q4` (a
/// quarterly profile of the target, all four or none).
///
/// Rows with an empty indicator, a target or tolerance that is not a number, an unknown
/// polarity or unit, an incomplete profile, or an indicator already defined are rejected.
///
/// # Errors
/// [`Error::Format`] when a required column is missing or the CSV is malformed;
/// [`Error::Io`] when the file cannot be read.
pub fn read_targets(path: &Path) -> Result<(Vec<Indicator>, LoadReport)> {
    let table = Table::read(path)?;
    let ci = table.column(path, &["indicator"])?;
    let ct = table.column(path, &["target", "annual_target"])?;
    let cp = table.column(path, &["polarity"])?;
    let ctol = table.find(&["tolerance_pct", "tolerance"]);
    let cu = table.find(&["unit"]);
    let cq: Vec<Option<usize>> = ["q1", "q2", "q3", "q4"]
        .iter()
        .map(|q| table.find(&[q]))
        .collect();
    let mut report = LoadReport::new(path);
    let mut out: Vec<Indicator> = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    for (line, rec) in &table.rows {
        let line = *line;
        report.rows_read += 1;
        let row = (|| -> std::result::Result<Indicator, Rejection> {
            let f = |i| table.field(i);
            let num = |i: usize| -> std::result::Result<f64, Rejection> {
                let raw = cell(rec, i).ok_or_else(|| reject(line, f(i), "missing value"))?;
                parse_f64(raw.as_bytes())
                    .ok_or_else(|| reject(line, f(i), format!("{raw:?} is not a number")))
            };
            let name = cell(rec, ci).ok_or_else(|| reject(line, f(ci), "missing indicator"))?;
            if let Some(first) = seen.get(name) {
                return Err(reject(
                    line,
                    f(ci),
                    format!("{name} is already defined on line {first}"),
                ));
            }
            let unit = match cu.and_then(|c| cell(rec, c)) {
                None => Unit::Count,
                Some(u) => u
                    .parse()
                    .map_err(|e: Error| reject(line, cu.and_then(f), e.to_string()))?,
            };
            let polarity: Polarity = cell(rec, cp)
                .ok_or_else(|| reject(line, f(cp), "missing polarity"))?
                .parse()
                .map_err(|e: Error| reject(line, f(cp), e.to_string()))?;
            let mut target =
                Target::annual(num(ct)?).map_err(|e| reject(line, f(ct), e.to_string()))?;
            let present: Vec<usize> = cq
                .iter()
                .flatten()
                .copied()
                .filter(|&c| cell(rec, c).is_some())
                .collect();
            if !present.is_empty() {
                if present.len() != 4 {
                    return Err(reject(
                        line,
                        f(present[0]),
                        "a quarterly profile needs all of q1, q2, q3 and q4",
                    ));
                }
                let mut q = [0.0; 4];
                for (slot, &c) in q.iter_mut().zip(&present) {
                    *slot = num(c)?;
                }
                target = target
                    .with_quarterly_profile(q)
                    .map_err(|e| reject(line, f(present[0]), e.to_string()))?;
            }
            let mut indicator = Indicator::new(name, unit)
                .with_polarity(polarity)
                .with_target(target);
            if let Some(c) = ctol.filter(|&c| cell(rec, c).is_some()) {
                indicator = indicator
                    .with_tolerance_pct(num(c)?)
                    .map_err(|e| reject(line, f(c), e.to_string()))?;
            }
            Ok(indicator)
        })();
        match row {
            Ok(indicator) => {
                seen.insert(indicator.name().to_string(), line);
                out.push(indicator);
                report.accepted += 1;
            }
            Err(r) => report.rejected.push(r),
        }
    }
    Ok((out, report))
}

/// Reads project statuses from a CSV with columns `project` (or `name`) and `rag`
/// (`red`/`amber`/`green` or `R`/`A`/`G`; empty when not reported). Rows with no project
/// name or an unknown status are rejected.
///
/// # Errors
/// [`Error::Format`] when a required column is missing or the CSV is malformed;
/// [`Error::Io`] when the file cannot be read.
pub fn read_projects(path: &Path) -> Result<(Vec<Project>, LoadReport)> {
    let table = Table::read(path)?;
    let cn = table.column(path, &["project", "name"])?;
    let cr = table.column(path, &["rag", "status"])?;
    let mut report = LoadReport::new(path);
    let mut out = Vec::new();
    for (line, rec) in &table.rows {
        let line = *line;
        report.rows_read += 1;
        let row = (|| -> std::result::Result<Project, Rejection> {
            let name = cell(rec, cn)
                .ok_or_else(|| reject(line, table.field(cn), "missing project name"))?;
            let rag = match cell(rec, cr) {
                None => None,
                Some(s) => Some(
                    s.parse::<Rag>()
                        .map_err(|e| reject(line, table.field(cr), e.to_string()))?,
                ),
            };
            Ok(Project {
                name: name.to_string(),
                rag,
            })
        })();
        match row {
            Ok(p) => {
                out.push(p);
                report.accepted += 1;
            }
            Err(r) => report.rejected.push(r),
        }
    }
    Ok((out, report))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> std::path::PathBuf {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn observations_with_rejections() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            &dir,
            "obs.csv",
            "\u{feff}Indicator,Period,Value,area_code\n\
             Burglary,2011-Q2,61,\n\
             Burglary,2011-07,20,E01024951\n\
             ,2011-Q2,3,\n\
             Robbery,2011-Q5,1,\n\
             Robbery,2011-Q2,*,\n\
             Burglary,2011-Q2,62,\n\
             \n\
             Robbery,2010/11,\"1,296\",\n",
        );
        let (obs, report) = read_observations(&path).unwrap();
        assert!(report.is_consistent());
        assert_eq!((report.rows_read, report.accepted), (7, 3));
        let lines: Vec<(u64, Option<&str>)> = report
            .rejected
            .iter()
            .map(|r| (r.line, r.field.as_deref()))
            .collect();
        assert_eq!(
            lines,
            [
                (4, Some("Indicator")),
                (5, Some("Period")),
                (6, Some("Value")),
                (7, Some("Period"))
            ]
        );
        assert!(
            report.rejected[3].reason.contains("repeats line 2"),
            "{:?}",
            report.rejected[3]
        );
        let q2: Period = "2011-Q2".parse().unwrap();
        assert_eq!(obs.get("Burglary", None, q2), Some(61.0));
        assert_eq!(
            obs.get("Robbery", None, "2010/11".parse().unwrap()),
            Some(1296.0)
        );
    }

    #[test]
    fn targets_and_projects() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            &dir,
            "targets.csv",
            "indicator,target,polarity,tolerance_pct,unit,q1,q2,q3,q4\n\
             Accidental dwelling fires,64,lower,,,,,,\n\
             HFSC vulnerable,85,higher,2,percent,,,,\n\
             Deliberate fires,40,lower,10,count,10,10,10,10\n\
             Bad,x,lower,,,,,,\n\
             Bad2,1,sideways,,,,,,\n\
             Bad3,1,lower,,,1,2,,\n\
             Accidental dwelling fires,60,lower,,,,,,\n",
        );
        let (indicators, report) = read_targets(&path).unwrap();
        assert!(report.is_consistent());
        assert_eq!(indicators.len(), 3);
        assert_eq!(report.rejected.len(), 4);
        assert_eq!(indicators[0].tolerance_pct(), 5.0);
        assert_eq!(indicators[1].unit(), Unit::Percent);
        assert_eq!(indicators[1].tolerance_pct(), 2.0);
        assert!(indicators[2].target().unwrap().is_profiled());
        assert!(report.rejected[3].reason.contains("line 2"));

        let path = write(
            &dir,
            "projects.csv",
            "project,rag\nA,G\nB,amber\nC,\nD,purple\n",
        );
        let (projects, report) = read_projects(&path).unwrap();
        assert_eq!(projects.len(), 3);
        assert_eq!(projects[2].rag, None);
        assert_eq!(report.rejected[0].line, 5);
    }

    #[test]
    fn broken_files_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(&dir, "obs.csv", "indicator,when,value\nA,2011-07,1\n");
        assert!(matches!(
            read_observations(&path),
            Err(Error::Format { .. })
        ));
        let path = write(&dir, "empty.csv", "");
        assert!(matches!(
            read_observations(&path),
            Err(Error::Format { .. })
        ));
        let path = dir.path().join("missing.csv");
        assert!(matches!(read_targets(&path), Err(Error::Io { .. })));
        let path = write(&dir, "gz.csv", "");
        std::fs::write(&path, [0x1f, 0x8b, 0x08, 0x00]).unwrap();
        assert!(matches!(read_projects(&path), Err(Error::Format { .. })));
    }
}
