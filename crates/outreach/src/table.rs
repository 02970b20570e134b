//! A small typed, columnar result table: what profiles (and other reports) hand to CSV,
//! GeoJSON, Arrow and C.
//!
//! Columns are named and typed ([`Values`]); every column has one entry per row and a
//! missing value is `None` (a null in Arrow, an empty field in CSV). A column can name the
//! count column whose small-number suppression it follows ([`Column::suppressed_by`]): when
//! [`Table::suppressed`] blanks a count of 1–4, every value derived from it (its rate,
//! share, interval and comparison flags) is blanked on the same row, so nothing can be
//! back-calculated.
//!
//! ```
//! use outreach::table::{Column, Table, Values};
//! # fn main() -> outreach::Result<()> {
//! let mut t = Table::new();
//! t.push(Column::new("area", Values::Text(vec![Some("A".into()), Some("B".into())])))?;
//! t.push(Column::new("crimes", Values::Count(vec![Some(3), Some(12)])))?;
//! t.push(Column::new("rate", Values::Float(vec![Some(1.5), Some(6.0)])).suppressed_by("crimes"))?;
//! let published = t.suppressed(5)?;
//! assert_eq!(published.column("rate").unwrap().values.float(0), None);
//! assert_eq!(published.column("rate").unwrap().values.float(1), Some(6.0));
//! # Ok(())
//! # }
//! ```

use crate::error::{Error, Result};
use crate::stats;

/// The values of one column.
#[derive(Debug, Clone, PartialEq)]
pub enum Values {
    /// Text (codes, names, labels).
    Text(Vec<Option<String>>),
    /// Non-negative counts (subject to suppression when they are the governing count).
    Count(Vec<Option<u64>>),
    /// Signed integers (ranks, deciles, orders).
    Int(Vec<Option<i64>>),
    /// Floating-point values (rates, shares, scores, intervals).
    Float(Vec<Option<f64>>),
    /// Flags.
    Bool(Vec<Option<bool>>),
}

impl Values {
    /// Number of rows.
    pub fn len(&self) -> usize {
        match self {
            Values::Text(v) => v.len(),
            Values::Count(v) => v.len(),
            Values::Int(v) => v.len(),
            Values::Float(v) => v.len(),
            Values::Bool(v) => v.len(),
        }
    }

    /// True when the column has no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The type name: `text`, `count`, `int`, `float` or `bool`.
    pub fn type_name(&self) -> &'static str {
        match self {
            Values::Text(_) => "text",
            Values::Count(_) => "count",
            Values::Int(_) => "int",
            Values::Float(_) => "float",
            Values::Bool(_) => "bool",
        }
    }

    /// Row `i` as text, if the column is text and the value present.
    pub fn text(&self, i: usize) -> Option<&str> {
        match self {
            Values::Text(v) => v.get(i).and_then(|s| s.as_deref()),
            _ => None,
        }
    }

    /// Row `i` as a float (counts and integers are converted), if present.
    pub fn float(&self, i: usize) -> Option<f64> {
        match self {
            Values::Float(v) => v.get(i).copied().flatten(),
            Values::Count(v) => v.get(i).copied().flatten().map(|c| c as f64),
            Values::Int(v) => v.get(i).copied().flatten().map(|c| c as f64),
            _ => None,
        }
    }

    /// Row `i` as a count, if the column holds counts and the value is present.
    pub fn count(&self, i: usize) -> Option<u64> {
        match self {
            Values::Count(v) => v.get(i).copied().flatten(),
            _ => None,
        }
    }

    /// Whether row `i` holds a value (false when out of range).
    pub fn is_present(&self, i: usize) -> bool {
        match self {
            Values::Text(v) => v.get(i).is_some_and(Option::is_some),
            Values::Count(v) => v.get(i).is_some_and(Option::is_some),
            Values::Int(v) => v.get(i).is_some_and(Option::is_some),
            Values::Float(v) => v.get(i).is_some_and(Option::is_some),
            Values::Bool(v) => v.get(i).is_some_and(Option::is_some),
        }
    }

    /// Row `i` formatted for CSV: empty when missing; floats with up to 6 decimals.
    pub fn display(&self, i: usize) -> String {
        match self {
            Values::Text(v) => v.get(i).cloned().flatten().unwrap_or_default(),
            Values::Count(v) => v
                .get(i)
                .copied()
                .flatten()
                .map(|c| c.to_string())
                .unwrap_or_default(),
            Values::Int(v) => v
                .get(i)
                .copied()
                .flatten()
                .map(|c| c.to_string())
                .unwrap_or_default(),
            Values::Float(v) => v
                .get(i)
                .copied()
                .flatten()
                .map(format_float)
                .unwrap_or_default(),
            Values::Bool(v) => v
                .get(i)
                .copied()
                .flatten()
                .map(|b| b.to_string())
                .unwrap_or_default(),
        }
    }

    /// Row `i` as JSON (null when missing or not finite).
    #[cfg(feature = "io")]
    pub fn json(&self, i: usize) -> serde_json::Value {
        use serde_json::Value as J;
        match self {
            Values::Text(v) => v.get(i).cloned().flatten().map_or(J::Null, J::String),
            Values::Count(v) => v.get(i).copied().flatten().map_or(J::Null, J::from),
            Values::Int(v) => v.get(i).copied().flatten().map_or(J::Null, J::from),
            Values::Float(v) => v
                .get(i)
                .copied()
                .flatten()
                .and_then(serde_json::Number::from_f64)
                .map_or(J::Null, J::Number),
            Values::Bool(v) => v.get(i).copied().flatten().map_or(J::Null, J::Bool),
        }
    }

    fn blank(&mut self, i: usize) {
        match self {
            Values::Text(v) => v[i] = None,
            Values::Count(v) => v[i] = None,
            Values::Int(v) => v[i] = None,
            Values::Float(v) => v[i] = None,
            Values::Bool(v) => v[i] = None,
        }
    }
}

fn format_float(v: f64) -> String {
    if !v.is_finite() {
        return String::new();
    }
    let s = format!("{v:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

/// A named column.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Column name (unique in its table).
    pub name: String,
    /// The values.
    pub values: Values,
    /// The count column whose suppression this column follows, if any.
    pub suppressed_by: Option<String>,
}

impl Column {
    /// A column with no suppression link.
    pub fn new(name: impl Into<String>, values: Values) -> Self {
        Column {
            name: name.into(),
            values,
            suppressed_by: None,
        }
    }

    /// Blank this column wherever the count column `count` is suppressed.
    pub fn suppressed_by(mut self, count: impl Into<String>) -> Self {
        self.suppressed_by = Some(count.into());
        self
    }
}

/// Columns of equal length.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    columns: Vec<Column>,
    rows: usize,
}

impl Table {
    /// An empty table.
    pub fn new() -> Self {
        Table::default()
    }

    /// Adds a column. Errors when its name is taken or its length differs from the
    /// columns already there.
    pub fn push(&mut self, column: Column) -> Result<()> {
        if self.columns.iter().any(|c| c.name == column.name) {
            return Err(Error::arg(
                "column",
                format!("the table already has a column {:?}", column.name),
            ));
        }
        if !self.columns.is_empty() && column.values.len() != self.rows {
            return Err(Error::arg(
                "column",
                format!(
                    "column {:?} has {} rows, the table {}",
                    column.name,
                    column.values.len(),
                    self.rows
                ),
            ));
        }
        self.rows = column.values.len();
        self.columns.push(column);
        Ok(())
    }

    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// The columns, in order.
    pub fn columns(&self) -> &[Column] {
        &self.columns
    }

    /// Column names, in order.
    pub fn names(&self) -> Vec<&str> {
        self.columns.iter().map(|c| c.name.as_str()).collect()
    }

    /// The column called `name`.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// A copy with small-number suppression applied: in every count column that some
    /// column names in [`Column::suppressed_by`] (and in every `count` column linked to
    /// itself), counts of 1 to `threshold − 1` become missing, and so does every linked
    /// column on those rows. `threshold` 0 or 1 suppresses nothing.
    ///
    /// Errors when a link names a column that is not there or is not a count column.
    pub fn suppressed(&self, threshold: u64) -> Result<Table> {
        let mut out = self.clone();
        for c in &self.columns {
            let Some(base) = &c.suppressed_by else {
                continue;
            };
            let governing = self.column(base).ok_or_else(|| {
                Error::arg(
                    "suppressed_by",
                    format!(
                        "column {:?} follows {base:?}, which is not in the table",
                        c.name
                    ),
                )
            })?;
            let Values::Count(counts) = &governing.values else {
                return Err(Error::arg(
                    "suppressed_by",
                    format!(
                        "column {:?} follows {base:?}, which holds {} values, not counts",
                        c.name,
                        governing.values.type_name()
                    ),
                ));
            };
            let hidden: Vec<usize> = counts
                .iter()
                .enumerate()
                .filter(|(_, v)| v.is_some_and(|v| stats::suppress(v, threshold).is_none()))
                .map(|(i, _)| i)
                .collect();
            for name in [base.as_str(), c.name.as_str()] {
                if let Some(col) = out.columns.iter_mut().find(|o| o.name == name) {
                    for &i in &hidden {
                        col.values.blank(i);
                    }
                }
            }
        }
        Ok(out)
    }

    /// Keeps the rows for which `keep(row)` is true.
    pub fn filter(&self, keep: impl Fn(usize) -> bool) -> Table {
        let rows: Vec<usize> = (0..self.rows).filter(|&i| keep(i)).collect();
        let pick = |v: &Values| -> Values {
            match v {
                Values::Text(x) => Values::Text(rows.iter().map(|&i| x[i].clone()).collect()),
                Values::Count(x) => Values::Count(rows.iter().map(|&i| x[i]).collect()),
                Values::Int(x) => Values::Int(rows.iter().map(|&i| x[i]).collect()),
                Values::Float(x) => Values::Float(rows.iter().map(|&i| x[i]).collect()),
                Values::Bool(x) => Values::Bool(rows.iter().map(|&i| x[i]).collect()),
            }
        };
        Table {
            columns: self
                .columns
                .iter()
                .map(|c| Column {
                    name: c.name.clone(),
                    values: pick(&c.values),
                    suppressed_by: c.suppressed_by.clone(),
                })
                .collect(),
            rows: rows.len(),
        }
    }

    /// Writes the table as CSV (header row, then one line per row).
    pub fn write_csv<W: std::io::Write>(&self, out: W) -> std::io::Result<()> {
        use std::io::Write as _;
        let mut w = std::io::BufWriter::new(out);
        let quote = |s: &str| -> String {
            if s.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", s.replace('"', "\"\""))
            } else {
                s.to_string()
            }
        };
        let header: Vec<String> = self.columns.iter().map(|c| quote(&c.name)).collect();
        writeln!(w, "{}", header.join(","))?;
        for i in 0..self.rows {
            let line: Vec<String> = self
                .columns
                .iter()
                .map(|c| quote(&c.values.display(i)))
                .collect();
            writeln!(w, "{}", line.join(","))?;
        }
        w.into_inner().map_err(|e| e.into_error())?.flush()
    }

    /// Writes the table as CSV ([`Table::write_csv`]) to a new file at `path`, replacing
    /// any file there.
    ///
    /// # Errors
    /// [`Error::Io`] naming the file when it cannot be created or written.
    pub fn write_csv_file(&self, path: &std::path::Path) -> Result<()> {
        let io = |source| Error::Io {
            path: path.to_path_buf(),
            source,
        };
        let file = std::fs::File::create(path).map_err(io)?;
        self.write_csv(file).map_err(io)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Table {
        let mut t = Table::new();
        t.push(Column::new(
            "area",
            Values::Text(vec![Some("A".into()), Some("B, C".into()), None]),
        ))
        .unwrap();
        t.push(Column::new(
            "n",
            Values::Count(vec![Some(0), Some(4), Some(5)]),
        ))
        .unwrap();
        t.push(
            Column::new(
                "rate",
                Values::Float(vec![Some(0.0), Some(2.5), Some(1.0 / 3.0)]),
            )
            .suppressed_by("n"),
        )
        .unwrap();
        t
    }

    #[test]
    fn suppression_blanks_counts_and_derived_values_only_below_threshold() {
        let s = sample().suppressed(5).unwrap();
        let n = &s.column("n").unwrap().values;
        let r = &s.column("rate").unwrap().values;
        assert_eq!((n.count(0), r.float(0)), (Some(0), Some(0.0)));
        assert_eq!((n.count(1), r.float(1)), (None, None));
        assert_eq!(n.count(2), Some(5));
        // Threshold 0 publishes everything.
        assert_eq!(sample().suppressed(0).unwrap(), sample());
    }

    #[test]
    fn bad_links_and_lengths_are_errors() {
        let mut t = sample();
        assert!(t
            .push(Column::new("x", Values::Bool(vec![Some(true)])))
            .is_err());
        assert!(t
            .push(Column::new("n", Values::Count(vec![None, None, None])))
            .is_err());
        t.push(Column::new("y", Values::Float(vec![None; 3])).suppressed_by("area"))
            .unwrap();
        assert!(t.suppressed(5).is_err());
    }

    #[test]
    fn csv_quotes_and_formats() {
        let mut buf = Vec::new();
        sample().write_csv(&mut buf).unwrap();
        let text = String::from_utf8(buf).unwrap();
        assert_eq!(text, "area,n,rate\nA,0,0\n\"B, C\",4,2.5\n,5,0.333333\n");
        let f = sample().filter(|i| i != 1);
        assert_eq!(f.rows(), 2);
        assert_eq!(f.column("n").unwrap().values.count(1), Some(5));
    }
}
