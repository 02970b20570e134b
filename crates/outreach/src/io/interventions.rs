//! Intervention records: `uprn,service,date,result` CSV.

use std::path::Path;

use super::csvblocks::{parse_rows, CsvBlocks};
use super::{reject, text, LoadReport};
use crate::campaign::outcomes::{Date, Intervention, Outcome};
use crate::error::Result;
use crate::Uprn;

/// Reads intervention records: columns `uprn`, `service`, `date` (`YYYY-MM-DD`) and
/// `result` (or `outcome`): `offered`, `accepted`, `declined`, `delivered`, `no_access` or
/// `referred`. Rows with a bad UPRN, an empty service, a bad date or an unknown result are
/// rejected with line, field and reason.
///
/// # Errors
/// [`crate::Error::Format`] when a column is missing; [`crate::Error::Io`] when the file
/// cannot be read.
pub fn read_interventions(path: &Path) -> Result<(Vec<Intervention>, LoadReport)> {
    let src = CsvBlocks::open(path)?;
    let uprn = src.column("uprn")?;
    let service = src.column("service")?;
    let date = src.column("date")?;
    let result = match src.find(&["result", "outcome"]) {
        Some(i) => i,
        None => src.column("result")?,
    };
    let headers = src.headers().to_vec();
    let field = |i: usize| headers.get(i).map(String::as_str);
    let (rows, report) = parse_rows(src, |line, rec| {
        let get = |i: usize, what: &str| {
            rec.get(i)
                .and_then(text)
                .ok_or_else(|| reject(line, field(i), format!("missing {what}")))
        };
        let u: Uprn = get(uprn, "UPRN")?
            .parse()
            .map_err(|e: crate::Error| reject(line, field(uprn), e.to_string()))?;
        let s = get(service, "service")?.to_string();
        let d: Date = get(date, "date")?
            .parse()
            .map_err(|e: crate::Error| reject(line, field(date), e.to_string()))?;
        let o: Outcome = get(result, "result")?
            .parse()
            .map_err(|e: crate::Error| reject(line, field(result), e.to_string()))?;
        Ok(Intervention {
            uprn: u,
            service: s,
            date: d,
            outcome: o,
        })
    })?;
    Ok((rows.into_iter().map(|(_, r)| r).collect(), report))
}
