//! `outreach_gazetteer`: properties (UPRNs) with their locations.

use std::ffi::c_char;
use std::path::Path;

use outreach_core::io::{self, Crs, GazetteerColumns, GazetteerFormat};
use outreach_core::{Error, Uprn};

use crate::area_set::AreaSet;
use crate::assignment::Assignment;
use crate::load_report::LoadReport;
use crate::status::{
    free_handle, guard, input, into_handle, optional_output, out_of_range, output, text, Failure,
    Out, Status,
};

/// A gazetteer: every property (UPRN) of an area with its location in British National
/// Grid metres (EPSG:27700), in file order.
///
/// Made by outreach_gazetteer_load_os_open_uprn() or outreach_gazetteer_load_csv().
/// Immutable: any number of threads may query one gazetteer at the same time. Free it with
/// outreach_gazetteer_free() once no thread uses it; assignments made from it remain valid
/// after it is freed.
///
/// Since 0.1.
pub struct Gazetteer(pub(crate) outreach_core::Gazetteer);

/// Reads the file and hands the gazetteer (and, if wanted, the report) to the caller.
fn load(
    path: &str,
    format: &GazetteerFormat,
    gazetteer_out: Out<*mut Gazetteer>,
    report_out: Option<Out<*mut LoadReport>>,
) -> Result<(), Failure> {
    let (gazetteer, report) = io::read_gazetteer(Path::new(path), format)?;
    gazetteer_out.set(into_handle(Gazetteer(gazetteer)));
    if let Some(report_out) = report_out {
        report_out.set(into_handle(LoadReport(report)));
    }
    Ok(())
}

/// Loads a gazetteer from an OS Open UPRN CSV file (columns `UPRN`, `X_COORDINATE`,
/// `Y_COORDINATE`, ...; British National Grid), plain or gzip-compressed.
///
/// `path` is `path_len` bytes of UTF-8, not necessarily NUL-terminated. Rows with a bad
/// UPRN, a non-numeric or missing coordinate, a location outside Great Britain or a UPRN
/// seen on an earlier line are skipped and listed in the load report; the rest are loaded.
///
/// On success writes a new gazetteer to `*gazetteer_out` and, when `report_out` is not
/// NULL, a new load report to `*report_out`.
///
/// Ownership: the caller owns both and frees them with outreach_gazetteer_free() and
/// outreach_load_report_free().
///
/// Errors: OUTREACH_STATUS_NULL_ARGUMENT if `path` or `gazetteer_out` is NULL;
/// OUTREACH_STATUS_INVALID_UTF8 if the path is not UTF-8; OUTREACH_STATUS_IO if the file
/// cannot be read; OUTREACH_STATUS_FORMAT for a missing column, a CSV syntax error or a
/// truncated gzip stream.
/// Thread safety: may be called from any thread; reading uses the library's worker threads.
///
/// Since 0.1.
///
/// # Safety
/// `path` is NULL or points to `path_len` readable bytes; `gazetteer_out` is NULL or valid
/// for a write; `report_out` is NULL or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn outreach_gazetteer_load_os_open_uprn(
    path: *const c_char,
    path_len: usize,
    gazetteer_out: *mut *mut Gazetteer,
    report_out: *mut *mut LoadReport,
) -> Status {
    guard(|| {
        // SAFETY: the pointers are valid or NULL, as this function's contract requires.
        let (path, gazetteer_out, report_out) = unsafe {
            (
                text(path, path_len, "path")?,
                output(gazetteer_out, "gazetteer_out")?,
                optional_output(report_out),
            )
        };
        load(
            path,
            &GazetteerFormat::OsOpenUprn,
            gazetteer_out,
            report_out,
        )
    })
}

/// Loads a gazetteer from any CSV file (plain or gzip) with named UPRN and coordinate
/// columns.
///
/// `uprn_column`, `x_column` and `y_column` name the header fields holding the UPRN and the
/// two coordinates; `crs` says what the coordinates are: 27700 (British National Grid
/// easting/northing in metres) or 4326 (WGS84 longitude/latitude in degrees, converted to
/// British National Grid with OSTN15). All text is UTF-8 given as pointer + length. Rows
/// that cannot be used are skipped and listed in the load report, as for
/// outreach_gazetteer_load_os_open_uprn().
///
/// On success writes a new gazetteer to `*gazetteer_out` and, when `report_out` is not
/// NULL, a new load report to `*report_out`.
///
/// Ownership: the caller owns both and frees them with outreach_gazetteer_free() and
/// outreach_load_report_free().
///
/// Errors: OUTREACH_STATUS_NULL_ARGUMENT if a text pointer or `gazetteer_out` is NULL;
/// OUTREACH_STATUS_INVALID_UTF8 if a text is not UTF-8; OUTREACH_STATUS_INVALID_ARGUMENT
/// if `crs` is neither 27700 nor 4326; OUTREACH_STATUS_IO if the file cannot be read;
/// OUTREACH_STATUS_FORMAT if a named column is missing, for a CSV syntax error or a
/// truncated gzip stream.
/// Thread safety: may be called from any thread; reading uses the library's worker threads.
///
/// Since 0.1.
///
/// # Safety
/// Each text pointer is NULL or points to its length in readable bytes; `gazetteer_out` and
/// `report_out` are NULL or valid for a write.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn outreach_gazetteer_load_csv(
    path: *const c_char,
    path_len: usize,
    uprn_column: *const c_char,
    uprn_column_len: usize,
    x_column: *const c_char,
    x_column_len: usize,
    y_column: *const c_char,
    y_column_len: usize,
    crs: u32,
    gazetteer_out: *mut *mut Gazetteer,
    report_out: *mut *mut LoadReport,
) -> Status {
    guard(|| {
        // SAFETY: the pointers are valid or NULL, as this function's contract requires.
        let (path, uprn, x, y, gazetteer_out, report_out) = unsafe {
            (
                text(path, path_len, "path")?,
                text(uprn_column, uprn_column_len, "uprn_column")?,
                text(x_column, x_column_len, "x_column")?,
                text(y_column, y_column_len, "y_column")?,
                output(gazetteer_out, "gazetteer_out")?,
                optional_output(report_out),
            )
        };
        let columns = GazetteerColumns {
            crs: crs.to_string().parse::<Crs>()?,
            ..GazetteerColumns::bng(uprn, x, y)
        };
        load(
            path,
            &GazetteerFormat::Columns(columns),
            gazetteer_out,
            report_out,
        )
    })
}

/// Gets the number of properties in a gazetteer.
///
/// On success writes the count to `*len_out`.
///
/// Errors: OUTREACH_STATUS_NULL_ARGUMENT if a pointer is NULL.
/// Thread safety: the gazetteer may be queried from several threads at once.
///
/// Since 0.1.
///
/// # Safety
/// `gazetteer` is NULL or a live gazetteer; `len_out` is NULL or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn outreach_gazetteer_len(
    gazetteer: *const Gazetteer,
    len_out: *mut usize,
) -> Status {
    guard(|| {
        // SAFETY: the pointers are valid or NULL, as this function's contract requires.
        let (gazetteer, len_out) =
            unsafe { (input(gazetteer, "gazetteer")?, output(len_out, "len_out")?) };
        len_out.set(gazetteer.0.len());
        Ok(())
    })
}

/// Finds the row of a UPRN in a gazetteer.
///
/// On success writes the 0-based row (file order, as used by outreach_gazetteer_row() and by
/// assignments made with outreach_gazetteer_assign()) to `*row_out`.
///
/// Errors: OUTREACH_STATUS_NULL_ARGUMENT if a pointer is NULL; OUTREACH_STATUS_INVALID_UPRN
/// if `uprn` is 0 or has more than 12 digits; OUTREACH_STATUS_UNKNOWN_UPRN if the gazetteer
/// does not hold it.
/// Thread safety: the gazetteer may be queried from several threads at once.
///
/// Since 0.1.
///
/// # Safety
/// `gazetteer` is NULL or a live gazetteer; `row_out` is NULL or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn outreach_gazetteer_position(
    gazetteer: *const Gazetteer,
    uprn: u64,
    row_out: *mut usize,
) -> Status {
    guard(|| {
        // SAFETY: the pointers are valid or NULL, as this function's contract requires.
        let (gazetteer, row_out) =
            unsafe { (input(gazetteer, "gazetteer")?, output(row_out, "row_out")?) };
        let uprn = Uprn::new(uprn)?;
        let row = gazetteer.0.position(uprn).ok_or(Error::UnknownUprn(uprn))?;
        row_out.set(row);
        Ok(())
    })
}

/// Gets the UPRN and location of the property at row `row` (0-based, file order).
///
/// On success writes the UPRN to `*uprn_out` and its easting and northing (British
/// National Grid metres) to `*x_out` and `*y_out`.
///
/// Errors: OUTREACH_STATUS_NULL_ARGUMENT if a pointer is NULL;
/// OUTREACH_STATUS_INVALID_ARGUMENT if `row` is not below the gazetteer's length.
/// Thread safety: the gazetteer may be queried from several threads at once.
///
/// Since 0.1.
///
/// # Safety
/// `gazetteer` is NULL or a live gazetteer; each out-pointer is NULL or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn outreach_gazetteer_row(
    gazetteer: *const Gazetteer,
    row: usize,
    uprn_out: *mut u64,
    x_out: *mut f64,
    y_out: *mut f64,
) -> Status {
    guard(|| {
        // SAFETY: the pointers are valid or NULL, as this function's contract requires.
        let (gazetteer, uprn_out, x_out, y_out) = unsafe {
            (
                input(gazetteer, "gazetteer")?,
                output(uprn_out, "uprn_out")?,
                output(x_out, "x_out")?,
                output(y_out, "y_out")?,
            )
        };
        let g = &gazetteer.0;
        let uprn = g
            .uprns()
            .get(row)
            .ok_or_else(|| out_of_range("row", row, g.len(), "gazetteer"))?;
        uprn_out.set(uprn.get());
        x_out.set(g.xs()[row]);
        y_out.set(g.ys()[row]);
        Ok(())
    })
}

/// Assigns every property of a gazetteer to the area of `area_set` containing it.
///
/// On success writes a new assignment to `*assignment_out`: one entry per gazetteer row,
/// in row order, holding the area's index in `area_set` or OUTREACH_OUTSIDE. Points on a
/// boundary shared by two areas go to exactly one of them (the east one for a north-south
/// edge, the north one for an east-west edge).
///
/// Ownership: the caller owns the assignment and frees it with outreach_assignment_free();
/// it does not refer to the gazetteer or the area set, which may be freed first.
///
/// Errors: OUTREACH_STATUS_NULL_ARGUMENT if a pointer is NULL.
/// Thread safety: may run from several threads at once on the same gazetteer and area set;
/// uses the library's worker threads for large gazetteers.
///
/// Since 0.1.
///
/// # Safety
/// `gazetteer` and `area_set` are NULL or live handles; `assignment_out` is NULL or valid
/// for a write.
#[no_mangle]
pub unsafe extern "C" fn outreach_gazetteer_assign(
    gazetteer: *const Gazetteer,
    area_set: *const AreaSet,
    assignment_out: *mut *mut Assignment,
) -> Status {
    guard(|| {
        // SAFETY: the pointers are valid or NULL, as this function's contract requires.
        let (gazetteer, area_set, assignment_out) = unsafe {
            (
                input(gazetteer, "gazetteer")?,
                input(area_set, "area_set")?,
                output(assignment_out, "assignment_out")?,
            )
        };
        let assignment = gazetteer.0.assign(&area_set.0);
        assignment_out.set(into_handle(Assignment(assignment)));
        Ok(())
    })
}

/// Frees a gazetteer. NULL is a no-op.
///
/// Thread safety: no other thread may use the gazetteer during or after this call.
///
/// Since 0.1.
///
/// # Safety
/// `gazetteer` is NULL or a gazetteer from this library that was not freed before.
#[no_mangle]
pub unsafe extern "C" fn outreach_gazetteer_free(gazetteer: *mut Gazetteer) {
    // SAFETY: forwarded contract.
    unsafe { free_handle(gazetteer) }
}
