//! `outreach_load_report`: what a loader did with each row of its file.

use std::ffi::c_char;

use outreach_core::io::{self, Rejection};

use crate::status::{free_handle, guard, input, out_of_range, output, Status};

/// What a loader did with its file: rows (or GeoJSON features) read, accepted and rejected;
/// for each rejected row its line (feature number for GeoJSON), field and reason; and
/// warnings about rows that were accepted but deserve a look (e.g. a self-intersecting
/// polygon used under the even-odd rule). `accepted + rejected == rows_read` always holds.
///
/// Made by the `outreach_*_load_*` functions when given a non-NULL `report_out`.
/// Immutable: any number of threads may read one report at the same time. Independent of
/// the handle loaded with it: either may be freed first. Free with
/// outreach_load_report_free().
///
/// Since 0.1.
pub struct LoadReport(pub(crate) io::LoadReport);

/// Gets the row counts of a load report.
///
/// On success writes the number of data rows (or features) read, accepted, rejected, and
/// accepted with a warning to `*rows_read_out`, `*accepted_out`, `*rejected_out` and
/// `*warnings_out`.
///
/// Errors: OUTREACH_STATUS_NULL_ARGUMENT if any pointer is NULL.
/// Thread safety: the report may be read from several threads at once.
///
/// Since 0.1.
///
/// # Safety
/// `report` is NULL or a live report; each out-pointer is NULL or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn outreach_load_report_counts(
    report: *const LoadReport,
    rows_read_out: *mut u64,
    accepted_out: *mut u64,
    rejected_out: *mut u64,
    warnings_out: *mut u64,
) -> Status {
    guard(|| {
        // SAFETY: the pointers are valid or NULL, as this function's contract requires.
        let (report, rows_read_out, accepted_out, rejected_out, warnings_out) = unsafe {
            (
                input(report, "report")?,
                output(rows_read_out, "rows_read_out")?,
                output(accepted_out, "accepted_out")?,
                output(rejected_out, "rejected_out")?,
                output(warnings_out, "warnings_out")?,
            )
        };
        rows_read_out.set(report.0.rows_read);
        accepted_out.set(report.0.accepted);
        rejected_out.set(report.0.rejected.len() as u64);
        warnings_out.set(report.0.warnings.len() as u64);
        Ok(())
    })
}

/// Shared body of outreach_load_report_rejection() and outreach_load_report_warning().
///
/// # Safety
/// As for those functions.
#[allow(clippy::too_many_arguments)]
unsafe fn entry(
    report: *const LoadReport,
    list: fn(&io::LoadReport) -> &[Rejection],
    what: &str,
    index: usize,
    line_out: *mut u64,
    field_out: *mut *const c_char,
    field_len_out: *mut usize,
    reason_out: *mut *const c_char,
    reason_len_out: *mut usize,
) -> Status {
    guard(|| {
        // SAFETY: the pointers are valid or NULL, as the exported functions' contract requires.
        let (report, line_out, field_out, field_len_out, reason_out, reason_len_out) = unsafe {
            (
                input(report, "report")?,
                output(line_out, "line_out")?,
                output(field_out, "field_out")?,
                output(field_len_out, "field_len_out")?,
                output(reason_out, "reason_out")?,
                output(reason_len_out, "reason_len_out")?,
            )
        };
        let rows = list(&report.0);
        let row = rows
            .get(index)
            .ok_or_else(|| out_of_range("index", index, rows.len(), what))?;
        line_out.set(row.line);
        match &row.field {
            Some(field) => {
                field_out.set(field.as_ptr().cast());
                field_len_out.set(field.len());
            }
            None => {
                field_out.set(std::ptr::null());
                field_len_out.set(0);
            }
        }
        reason_out.set(row.reason.as_ptr().cast());
        reason_len_out.set(row.reason.len());
        Ok(())
    })
}

/// Gets rejected row number `index` (0-based, in file order) of a load report.
///
/// On success writes the row's one-based line in the file (feature number for GeoJSON) to
/// `*line_out`; the name of the offending column or property to `*field_out` and its length
/// to `*field_len_out` (NULL and 0 when the whole row is at fault); and the reason, in
/// English, to `*reason_out` and `*reason_len_out`.
///
/// Ownership: the field and reason are UTF-8, not NUL-terminated, owned by the report and
/// valid until outreach_load_report_free(); print them with `"%.*s"`.
///
/// Errors: OUTREACH_STATUS_NULL_ARGUMENT if any pointer is NULL;
/// OUTREACH_STATUS_INVALID_ARGUMENT if `index` is not below the rejected count.
/// Thread safety: the report may be read from several threads at once.
///
/// Since 0.1.
///
/// # Safety
/// `report` is NULL or a live report; each out-pointer is NULL or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn outreach_load_report_rejection(
    report: *const LoadReport,
    index: usize,
    line_out: *mut u64,
    field_out: *mut *const c_char,
    field_len_out: *mut usize,
    reason_out: *mut *const c_char,
    reason_len_out: *mut usize,
) -> Status {
    let list: fn(&io::LoadReport) -> &[Rejection] = |r| &r.rejected;
    // SAFETY: forwarded contract.
    unsafe {
        entry(
            report,
            list,
            "rejection list",
            index,
            line_out,
            field_out,
            field_len_out,
            reason_out,
            reason_len_out,
        )
    }
}

/// Gets warning number `index` (0-based, in file order) of a load report: a row that was
/// loaded but has a problem worth knowing, such as a polygon that is not OGC-valid.
///
/// Writes the same fields as outreach_load_report_rejection(), with the same ownership.
///
/// Errors: OUTREACH_STATUS_NULL_ARGUMENT if any pointer is NULL;
/// OUTREACH_STATUS_INVALID_ARGUMENT if `index` is not below the warning count.
/// Thread safety: the report may be read from several threads at once.
///
/// Since 0.1.
///
/// # Safety
/// `report` is NULL or a live report; each out-pointer is NULL or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn outreach_load_report_warning(
    report: *const LoadReport,
    index: usize,
    line_out: *mut u64,
    field_out: *mut *const c_char,
    field_len_out: *mut usize,
    reason_out: *mut *const c_char,
    reason_len_out: *mut usize,
) -> Status {
    let list: fn(&io::LoadReport) -> &[Rejection] = |r| &r.warnings;
    // SAFETY: forwarded contract.
    unsafe {
        entry(
            report,
            list,
            "warning list",
            index,
            line_out,
            field_out,
            field_len_out,
            reason_out,
            reason_len_out,
        )
    }
}

/// Frees a load report. NULL is a no-op. Strings obtained from the report become invalid.
///
/// Thread safety: no other thread may use the report during or after this call.
///
/// Since 0.1.
///
/// # Safety
/// `report` is NULL or a report from this library that was not freed before.
#[no_mangle]
pub unsafe extern "C" fn outreach_load_report_free(report: *mut LoadReport) {
    // SAFETY: forwarded contract.
    unsafe { free_handle(report) }
}
