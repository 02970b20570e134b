//! Agency record files and audit log files (feature `io`).

use std::io::Write;
use std::path::Path;

use super::{AgencyRecord, AuditEntry, AuditLog, Date, Identifiers, Tokeniser, UprnResolver};
use crate::error::{Error, Result};
use crate::io::{parse_rows, reject, text, CsvBlocks, LoadReport, Rejection};
use crate::Uprn;

/// Reads an agency records CSV (plain or gzip), tokenising the people's identifiers as it
/// goes: the clear identifiers are read, normalised and hashed row by row and never kept.
///
/// Columns (header names case-insensitive):
/// - required: `agency`, `record_id`, `involvement`, `start` (a date);
/// - household: `uprn`, or `address` resolved by `resolver` when `uprn` is empty;
/// - person (optional): `nhs_number`, `given_name`, `family_name`, `dob` (or
///   `date_of_birth`);
/// - optional: `sensitive` (`true/false`, `yes/no`, `1/0`, `y/n`; empty = no), `end`,
///   `lead_contact`.
///
/// A row with an unusable field is rejected with its line and field, and a reason that
/// never repeats an identifier ("is not a date in a recognised format"). Accepted with a
/// warning: an address that does not resolve (the record has no household), a name
/// without a date of birth or the reverse (the record is not linked by name).
///
/// # Errors
/// [`Error::Io`] / [`Error::Format`] when the file cannot be read or lacks a required
/// column.
///
/// # Examples
/// ```no_run
/// use outreach::linkage::{read_agency_records, LinkageIndex, Tokeniser};
/// # fn main() -> outreach::Result<()> {
/// let t = Tokeniser::new(b"key shared by the partnership")?;
/// let (records, report) = read_agency_records("school.csv".as_ref(), &t, None)?;
/// assert!(report.is_consistent());
/// let index = LinkageIndex::build(records)?;
/// # Ok(())
/// # }
/// ```
pub fn read_agency_records(
    path: &Path,
    tokeniser: &Tokeniser,
    resolver: Option<&dyn UprnResolver>,
) -> Result<(Vec<AgencyRecord>, LoadReport)> {
    let src = CsvBlocks::open(path)?;
    let agency = src.column("agency")?;
    let record_id = src.column("record_id")?;
    let involvement = src.column("involvement")?;
    let start = src.column("start")?;
    let uprn = src.find(&["uprn"]);
    let address = src.find(&["address"]);
    let nhs = src.find(&["nhs_number"]);
    let given = src.find(&["given_name"]);
    let family = src.find(&["family_name"]);
    let dob = src.find(&["dob", "date_of_birth"]);
    let sensitive = src.find(&["sensitive"]);
    let end = src.find(&["end"]);
    let contact = src.find(&["lead_contact"]);
    let (rows, mut report) = parse_rows(src, |line, rec| {
        let get = |i: Option<usize>| i.and_then(|i| rec.get(i)).and_then(text);
        let need =
            |i: usize, name: &str| get(Some(i)).ok_or_else(|| reject(line, Some(name), "is empty"));
        let date = |i: Option<usize>, name: &str| -> std::result::Result<Option<Date>, Rejection> {
            match get(i) {
                None => Ok(None),
                Some(s) => s
                    .parse::<Date>()
                    .map(Some)
                    .map_err(|_| reject(line, Some(name), "is not a date in a recognised format")),
            }
        };
        let agency = need(agency, "agency")?
            .parse()
            .map_err(|e: Error| reject(line, Some("agency"), reason_of(&e)))?;
        let start =
            date(Some(start), "start")?.ok_or_else(|| reject(line, Some("start"), "is empty"))?;
        let mut r = AgencyRecord::new(
            agency,
            need(record_id, "record_id")?,
            need(involvement, "involvement")?,
            start,
        );
        r.end = date(end, "end")?;
        if r.end.is_some_and(|e| e < r.start) {
            return Err(reject(line, Some("end"), "is before start"));
        }
        r.lead_contact = get(contact).map(str::to_string);
        r.sensitive = match get(sensitive).map(str::to_ascii_lowercase).as_deref() {
            None | Some("false" | "no" | "n" | "0") => false,
            Some("true" | "yes" | "y" | "1") => true,
            Some(_) => {
                return Err(reject(
                    line,
                    Some("sensitive"),
                    "is not true/false, yes/no or 1/0",
                ))
            }
        };
        let mut warning = None;
        match (get(uprn), get(address)) {
            (Some(u), _) => {
                r.uprn = Some(
                    u.parse::<Uprn>()
                        .map_err(|_| reject(line, Some("uprn"), "is not a UPRN"))?,
                );
            }
            (None, Some(a)) => {
                r.uprn = resolver.and_then(|res| res.resolve(a));
                if r.uprn.is_none() {
                    warning = Some(reject(
                        line,
                        Some("address"),
                        "was not resolved to a UPRN: the record has no household",
                    ));
                }
            }
            (None, None) => {}
        }
        let mut ids = Identifiers {
            nhs_number: get(nhs),
            given_name: get(given),
            family_name: get(family),
            date_of_birth: get(dob),
        };
        let parts = [ids.given_name, ids.family_name, ids.date_of_birth];
        let present = parts.iter().filter(|p| p.is_some()).count();
        if present > 0 && present < 3 {
            ids.given_name = None;
            ids.family_name = None;
            ids.date_of_birth = None;
            warning = Some(reject(
                line,
                Some("given_name"),
                "given_name, family_name and dob are needed together: the record is not linked by name",
            ));
        }
        r.person = tokeniser.tokenise(&ids).map_err(|e| match &e {
            Error::InvalidArgument { name, reason } => {
                let field = if *name == "date_of_birth" {
                    "dob"
                } else {
                    name
                };
                reject(line, Some(field), reason.clone())
            }
            other => reject(line, None, reason_of(other)),
        })?;
        Ok((r, warning))
    })?;
    let mut records = Vec::with_capacity(rows.len());
    for (_, (r, warning)) in rows {
        records.push(r);
        report.warnings.extend(warning);
    }
    Ok((records, report))
}

fn reason_of(e: &Error) -> String {
    match e {
        Error::InvalidArgument { reason, .. } => reason.clone(),
        other => other.to_string(),
    }
}

impl AuditLog {
    /// Writes the log as JSON lines (one entry per line, fields as in [`AuditEntry`]),
    /// replacing the file.
    ///
    /// # Errors
    /// [`Error::Io`] when the file cannot be written.
    pub fn write_jsonl(&self, path: &Path) -> Result<()> {
        let io = |source| Error::Io {
            path: path.to_path_buf(),
            source,
        };
        let mut out = std::io::BufWriter::new(std::fs::File::create(path).map_err(io)?);
        for e in self.entries() {
            let line = serde_json::to_string(&e).map_err(|e| Error::Format {
                path: path.to_path_buf(),
                line: None,
                reason: e.to_string(),
            })?;
            writeln!(out, "{line}").map_err(io)?;
        }
        out.flush().map_err(io)
    }

    /// Reads a log written by [`AuditLog::write_jsonl`] (plain or gzip). Nothing is
    /// verified here: call [`AuditLog::verify`] on the result.
    ///
    /// # Errors
    /// [`Error::Io`] when the file cannot be read; [`Error::Format`] with the line when a
    /// line is not an entry.
    ///
    /// # Examples
    /// ```
    /// use outreach::linkage::AuditLog;
    /// # fn main() -> outreach::Result<()> {
    /// let dir = tempfile::tempdir().map_err(|e| outreach::Error::Io { path: ".".into(), source: e })?;
    /// let path = dir.path().join("audit.jsonl");
    /// AuditLog::new().write_jsonl(&path)?;
    /// AuditLog::read_jsonl(&path)?.verify()?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn read_jsonl(path: &Path) -> Result<AuditLog> {
        let text = crate::io::read_text(path)?;
        let mut entries = Vec::new();
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let e: AuditEntry = serde_json::from_str(line).map_err(|e| Error::Format {
                path: path.to_path_buf(),
                line: Some(i as u64 + 1),
                reason: format!("not an audit entry: {e}"),
            })?;
            entries.push(e);
        }
        Ok(AuditLog::from_entries(entries))
    }
}
