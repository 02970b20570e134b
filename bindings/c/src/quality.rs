//! `outreach_quality_report`: the data-quality report of a partner address file against an
//! address index (anomalies, corrections, inside/outside a boundary), as `outreach quality`.

use std::ffi::c_char;
use std::path::Path;

use outreach_core::address::quality::{
    quality_report, Anomaly, Boundary, InsideOutside, QualityData, QualityOptions,
    QualityReport as CoreReport,
};
use outreach_core::io;

use crate::address::AddressIndex;
use crate::area_set::AreaSet;
use crate::gazetteer::Gazetteer;
use crate::load_report::LoadReport;
use crate::status::{
    free_handle, guard, input, into_handle, optional_output, output, text, Failure, Status,
};

/// The data-quality report of a partner address file, made by outreach_quality_report_run().
/// Immutable: any number of threads may query one report at once. Free it with
/// outreach_quality_report_free().
///
/// Since 0.1.
pub struct QualityReport {
    inner: CoreReport,
    records: usize,
}

/// A class of anomaly of a partner record. A record may have several.
///
/// Since 0.1.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum anomaly {
    /// No address fits well enough.
    NoMatch = 0,
    /// Several addresses in different buildings fit about equally.
    Ambiguous = 1,
    /// Only the building is certain, not the flat.
    BuildingOnly = 2,
    /// The record's postcode is not the matched address's (or not a postcode at all).
    PostcodeCorrected = 3,
    /// The UPRN found is not residential (properties given with classes).
    NonResidential = 4,
    /// Several records matched one UPRN where one was expected.
    SharedUprn = 5,
    /// The record carries a UPRN that is not in the gazetteer.
    UnknownUprn = 6,
    /// The matched address lies outside the boundary.
    OutsideBoundary = 7,
}

/// Records located inside a boundary, outside it, and of unknown location.
///
/// Since 0.1.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct inside_outside {
    /// Located inside the boundary.
    pub inside: u64,
    /// Located outside.
    pub outside: u64,
    /// Without a location (no known postcode, no UPRN location, or no boundary given).
    pub unknown: u64,
}

fn counts_of(c: InsideOutside) -> inside_outside {
    inside_outside {
        inside: c.inside,
        outside: c.outside,
        unknown: c.unknown,
    }
}

/// Checks a partner address file (CSV, plain or gzip) against an address index, as
/// `outreach quality` does: every record is matched, then classified by anomaly.
///
/// Columns (UTF-8, pointer + length): `id_field` and `address_field` are required (the
/// postcode may be inside the address); `postcode_field` (a postcode column of its own) and
/// `uprn_field` (the UPRN the record already carries) may be NULL. Optional reference data
/// (NULL to leave out): `properties`, a gazetteer whose points locate matched UPRNs and
/// whose classes tell non-residential ones; `postcodes_path`, a Code-Point Open CSV of
/// postcode centroids (the location before matching, and of UPRNs without a point);
/// `boundary`, an area set that is the council's area (inside any of its areas; load a
/// file of one area, e.g. `lad_boundary.geojson`, for one). `many_per_uprn` non-zero says
/// several records at one UPRN are expected (no `SHARED_UPRN` anomaly).
///
/// On success writes a new report to `*report_out` and, when `load_report_out` is not
/// NULL, the partner file's load report to `*load_report_out`; the caller frees them with
/// outreach_quality_report_free() and outreach_load_report_free().
///
/// Errors: OUTREACH_STATUS_NULL_ARGUMENT if `index`, `partner_path`, `id_field`,
/// `address_field` or `report_out` is NULL; OUTREACH_STATUS_INVALID_UTF8;
/// OUTREACH_STATUS_IO when a file cannot be read; OUTREACH_STATUS_FORMAT for a missing
/// column or a CSV syntax error.
/// Thread safety: may be called from any thread; the handles may be shared. Matching uses
/// the library's worker threads.
///
/// Since 0.1.
///
/// # Safety
/// Handles are NULL or live; each text pointer is NULL or points to its length in readable
/// bytes; `report_out` and `load_report_out` are NULL or valid for a write.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn outreach_quality_report_run(
    index: *const AddressIndex,
    partner_path: *const c_char,
    partner_path_len: usize,
    id_field: *const c_char,
    id_field_len: usize,
    address_field: *const c_char,
    address_field_len: usize,
    postcode_field: *const c_char,
    postcode_field_len: usize,
    uprn_field: *const c_char,
    uprn_field_len: usize,
    properties: *const Gazetteer,
    postcodes_path: *const c_char,
    postcodes_path_len: usize,
    boundary: *const AreaSet,
    many_per_uprn: i32,
    report_out: *mut *mut QualityReport,
    load_report_out: *mut *mut LoadReport,
) -> Status {
    guard(|| {
        // SAFETY: the pointers are valid or NULL, as this function's contract requires.
        let (index, partner_path, id_field, address_field, report_out, load_report_out) = unsafe {
            (
                input(index, "index")?,
                text(partner_path, partner_path_len, "partner_path")?,
                text(id_field, id_field_len, "id_field")?,
                text(address_field, address_field_len, "address_field")?,
                output(report_out, "report_out")?,
                optional_output(load_report_out),
            )
        };
        // SAFETY: as above; NULL optional texts are skipped before `text` reads them.
        let opt = |p: *const c_char, len: usize, name| unsafe {
            if p.is_null() {
                Ok::<_, Failure>(None)
            } else {
                text(p, len, name).map(Some)
            }
        };
        let postcode_field = opt(postcode_field, postcode_field_len, "postcode_field")?;
        let uprn_field = opt(uprn_field, uprn_field_len, "uprn_field")?;
        let postcodes_path = opt(postcodes_path, postcodes_path_len, "postcodes_path")?;
        // SAFETY: NULL or live handles, by this function's contract.
        let (properties, boundary) = unsafe { (properties.as_ref(), boundary.as_ref()) };
        let (records, load_report) = io::read_quality_records(
            Path::new(partner_path),
            id_field,
            address_field,
            postcode_field,
            uprn_field,
        )?;
        let postcodes = match postcodes_path {
            Some(p) => Some(io::read_codepoint_open(Path::new(p))?.0),
            None => None,
        };
        let data = QualityData {
            index: &index.index,
            addresses: &index.refs,
            properties: properties.map(|g| &g.0),
            postcodes: postcodes.as_ref(),
            boundary: boundary.map(|b| Boundary::Areas(&b.0)),
        };
        let opts = QualityOptions {
            one_record_per_uprn: many_per_uprn == 0,
            ..QualityOptions::default()
        };
        let inner = quality_report(&records, &data, &opts)?;
        report_out.set(into_handle(QualityReport {
            inner,
            records: records.len(),
        }));
        if let Some(out) = load_report_out {
            out.set(into_handle(LoadReport(load_report)));
        }
        Ok(())
    })
}

/// Gets the number of partner records checked and of rows of the correction file.
///
/// Errors: OUTREACH_STATUS_NULL_ARGUMENT if a pointer is NULL.
/// Thread safety: the report may be queried from several threads at once.
///
/// Since 0.1.
///
/// # Safety
/// `report` is NULL or a live report; `records_out` and `corrections_out` are NULL or
/// valid for a write.
#[no_mangle]
pub unsafe extern "C" fn outreach_quality_report_len(
    report: *const QualityReport,
    records_out: *mut usize,
    corrections_out: *mut usize,
) -> Status {
    guard(|| {
        // SAFETY: the pointers are valid or NULL, as this function's contract requires.
        let (report, records_out, corrections_out) = unsafe {
            (
                input(report, "report")?,
                output(records_out, "records_out")?,
                output(corrections_out, "corrections_out")?,
            )
        };
        records_out.set(report.records);
        corrections_out.set(report.inner.corrections.rows());
        Ok(())
    })
}

/// Gets the number of records with anomaly `kind` (an `outreach_anomaly` value).
///
/// Errors: OUTREACH_STATUS_NULL_ARGUMENT if a pointer is NULL;
/// OUTREACH_STATUS_INVALID_ARGUMENT if `kind` is not an `outreach_anomaly` value.
/// Thread safety: the report may be queried from several threads at once.
///
/// Since 0.1.
///
/// # Safety
/// `report` is NULL or a live report; `count_out` is NULL or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn outreach_quality_report_count(
    report: *const QualityReport,
    kind: u32,
    count_out: *mut u64,
) -> Status {
    guard(|| {
        // SAFETY: the pointers are valid or NULL, as this function's contract requires.
        let (report, count_out) =
            unsafe { (input(report, "report")?, output(count_out, "count_out")?) };
        // In the order of `anomaly` (its values are its positions).
        let all = [
            (anomaly::NoMatch, Anomaly::NoMatch),
            (anomaly::Ambiguous, Anomaly::Ambiguous),
            (anomaly::BuildingOnly, Anomaly::BuildingOnly),
            (anomaly::PostcodeCorrected, Anomaly::PostcodeCorrected),
            (anomaly::NonResidential, Anomaly::NonResidential),
            (anomaly::SharedUprn, Anomaly::SharedUprn),
            (anomaly::UnknownUprn, Anomaly::UnknownUprn),
            (anomaly::OutsideBoundary, Anomaly::OutsideBoundary),
        ];
        let kind = all
            .iter()
            .find(|(c, _)| *c as u32 == kind)
            .map(|&(_, k)| k)
            .ok_or_else(|| {
                Failure::from(outreach_core::Error::InvalidArgument {
                    name: "kind",
                    reason: format!("{kind} is not an outreach_anomaly value (0 to 7)"),
                })
            })?;
        count_out.set(report.inner.count(kind));
        Ok(())
    })
}

/// Gets the records inside and outside the boundary before matching (by the record's own
/// postcode centroid) and after (by the location of the UPRN found). Without a boundary
/// every record is unknown.
///
/// Errors: OUTREACH_STATUS_NULL_ARGUMENT if a pointer is NULL.
/// Thread safety: the report may be queried from several threads at once.
///
/// Since 0.1.
///
/// # Safety
/// `report` is NULL or a live report; `before_out` and `after_out` are NULL or valid for a
/// write.
#[no_mangle]
pub unsafe extern "C" fn outreach_quality_report_inside_outside(
    report: *const QualityReport,
    before_out: *mut inside_outside,
    after_out: *mut inside_outside,
) -> Status {
    guard(|| {
        // SAFETY: the pointers are valid or NULL, as this function's contract requires.
        let (report, before_out, after_out) = unsafe {
            (
                input(report, "report")?,
                output(before_out, "before_out")?,
                output(after_out, "after_out")?,
            )
        };
        before_out.set(counts_of(report.inner.before));
        after_out.set(counts_of(report.inner.after));
        Ok(())
    })
}

/// Writes the report's three CSV files under directory `dir` (UTF-8, created if missing),
/// as `outreach quality` does: `anomalies.csv` (`id,anomaly,uprn,address,detail`, one row
/// per record and anomaly), `corrections.csv` (`id,old_address,uprn,canonical_address,
/// reason`) and `inside_outside.csv` (`basis,inside,outside,unknown`, rows `before` and
/// `after`).
///
/// Errors: OUTREACH_STATUS_NULL_ARGUMENT; OUTREACH_STATUS_INVALID_UTF8;
/// OUTREACH_STATUS_IO naming the directory or file that cannot be written.
/// Thread safety: the report may be used from several threads at once.
///
/// Since 0.1.
///
/// # Safety
/// `report` is NULL or a live report; `dir` is NULL or points to `dir_len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn outreach_quality_report_write_csv(
    report: *const QualityReport,
    dir: *const c_char,
    dir_len: usize,
) -> Status {
    guard(|| {
        // SAFETY: the pointers are valid or NULL, as this function's contract requires.
        let (report, dir) = unsafe { (input(report, "report")?, text(dir, dir_len, "dir")?) };
        report.inner.write_csv_dir(Path::new(dir))?;
        Ok(())
    })
}

/// Frees a report; NULL is a no-op.
///
/// Thread safety: no other thread may use the report during or after this call.
///
/// Since 0.1.
///
/// # Safety
/// `report` is NULL or came from outreach_quality_report_run() and was not freed before.
#[no_mangle]
pub unsafe extern "C" fn outreach_quality_report_free(report: *mut QualityReport) {
    // SAFETY: per this function's contract.
    unsafe { free_handle(report) }
}
