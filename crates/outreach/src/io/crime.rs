//! police.uk street-level crime files, as records for [`crate::kpi`].

use std::path::Path;

use super::csvblocks::{records, CsvBlocks};
use super::{reject, text, LoadReport, Rejection};
use crate::area::AreaCode;
use crate::error::{Error, Result};
use crate::kpi::{Month, Record};

/// Reads a data.police.uk street-level CSV (plain or gzip; one or many months, e.g. the
/// monthly `YYYY-MM-<force>-street.csv` files concatenated) into records for
/// [`crate::kpi::Observations::count_records`]: one per row, with its `Month`, its
/// `Crime type` as the category and its `LSOA code` (LSOA 2011 in files before 2022) as
/// the area.
///
/// Rows with a missing or malformed month or a missing crime type are rejected with line
/// and field. A row with no LSOA code (police.uk could not place about 3% of rows) is
/// accepted without an area; a malformed LSOA code is accepted without an area and
/// reported as a warning.
///
/// Counting needs to know which months a file covers: a month in which no row falls is
/// taken as missing, not as zero (police.uk has gaps, e.g. Lancashire 2020-06, 2020-08
/// and 2020-09), see [`crate::kpi::Observations::count_records`].
///
/// # Errors
/// [`Error::Format`] when the `Month` or `Crime type` column is missing or the CSV is
/// malformed; [`Error::Io`] when the file cannot be read.
///
/// # Examples
/// ```no_run
/// use outreach::io::read_police_uk;
/// use outreach::kpi::{CountOptions, Observations};
/// # fn main() -> outreach::Result<()> {
/// let (records, report) = read_police_uk("chorley_street.csv.gz".as_ref())?;
/// assert!(report.is_consistent());
/// let counts = Observations::count_records(&records, &CountOptions::police_uk());
/// let table = counts.compare_all(&[], "2021-Q3".parse()?);
/// # Ok(())
/// # }
/// ```
pub fn read_police_uk(path: &Path) -> Result<(Vec<Record>, LoadReport)> {
    let src = CsvBlocks::open(path)?;
    let month_col = src.column("Month")?;
    let type_col = src.column("Crime type")?;
    let lsoa_col = src.find(&["LSOA code"]);
    let headers = src.headers().to_vec();
    let path_buf = src.path().to_path_buf();
    struct Part {
        records: Vec<Record>,
        rejected: Vec<Rejection>,
        warnings: Vec<Rejection>,
        rows: u64,
        fatal: Option<(u64, String)>,
    }
    let parts = src.par_map(|block, first| {
        let mut part = Part {
            records: Vec::new(),
            rejected: Vec::new(),
            warnings: Vec::new(),
            rows: 0,
            fatal: None,
        };
        let res = records(block, first, |line, rec| {
            if rec.len() == 1 && rec[0].is_empty() {
                return;
            }
            part.rows += 1;
            let field = |i: usize| headers.get(i).map(String::as_str);
            let month = match rec.get(month_col).and_then(text) {
                None => Err(reject(line, field(month_col), "missing month")),
                Some(t) => t
                    .parse::<Month>()
                    .map_err(|e| reject(line, field(month_col), e.to_string())),
            };
            let month = match month {
                Ok(m) => m,
                Err(r) => return part.rejected.push(r),
            };
            let Some(category) = rec.get(type_col).and_then(text) else {
                return part
                    .rejected
                    .push(reject(line, field(type_col), "missing crime type"));
            };
            let area = match lsoa_col.and_then(|c| rec.get(c)).and_then(text) {
                None => None,
                Some(code) => match code.parse::<AreaCode>() {
                    Ok(a) if a.is_gss() => Some(a),
                    Ok(_) | Err(_) => {
                        part.warnings.push(reject(
                            line,
                            lsoa_col.and_then(field),
                            format!("{code:?} is not an LSOA code: counted without an area"),
                        ));
                        None
                    }
                },
            };
            part.records.push(Record {
                month,
                category: category.to_string(),
                area,
            });
        });
        part.fatal = res.err();
        part
    })?;
    let mut report = LoadReport::new(&path_buf);
    let mut out = Vec::with_capacity(parts.iter().map(|p| p.records.len()).sum());
    for part in parts {
        if let Some((line, reason)) = part.fatal {
            return Err(Error::Format {
                path: path_buf,
                line: Some(line),
                reason,
            });
        }
        report.rows_read += part.rows;
        report.rejected.extend(part.rejected);
        report.warnings.extend(part.warnings);
        out.extend(part.records);
    }
    report.accepted = out.len() as u64;
    Ok((out, report))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_records_or_rejections() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("street.csv");
        std::fs::write(
            &path,
            "Crime ID,Month,Reported by,LSOA code,LSOA name,Crime type\n\
             ab,2021-04,Lancashire Constabulary,E01024951,Chorley 001A,Burglary\n\
             ,2021-04,Lancashire Constabulary,,,Anti-social behaviour\n\
             cd,2021-13,Lancashire Constabulary,E01024951,Chorley 001A,Robbery\n\
             ef,2021-05,Lancashire Constabulary,E01024951,Chorley 001A,\n\
             gh,2021-05,Lancashire Constabulary,not a code!,x,Drugs\n",
        )
        .unwrap();
        let (records, report) = read_police_uk(&path).unwrap();
        assert!(report.is_consistent());
        assert_eq!((report.rows_read, report.accepted), (5, 3));
        assert_eq!(report.rejected[0].line, 4);
        assert_eq!(report.rejected[0].field.as_deref(), Some("Month"));
        assert_eq!(report.rejected[1].line, 5);
        assert_eq!(report.rejected[1].field.as_deref(), Some("Crime type"));
        assert_eq!(report.warnings.len(), 1);
        assert_eq!(
            records[0].area.as_ref().map(|a| a.as_str()),
            Some("E01024951")
        );
        assert_eq!(records[1].area, None);
        assert_eq!(records[2].category, "Drugs");
    }

    #[test]
    fn a_missing_column_stops_the_load() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("street.csv");
        std::fs::write(&path, "Month,Type\n2021-04,Burglary\n").unwrap();
        let err = read_police_uk(&path).unwrap_err();
        assert!(err.to_string().contains("Crime type"), "{err}");
    }
}
