//! `outreach_area_set`: statistical or user-drawn areas with a point-in-area index.

use std::ffi::c_char;
use std::path::Path;

use outreach_core::io::{self, AreaSetSpec};
use outreach_core::{AreaCode, Error};

use crate::assignment::Assignment;
use crate::load_report::LoadReport;
use crate::status::{
    array, free_handle, guard, input, into_handle, optional_output, out_of_range, output, text,
    Status,
};

/// The area index meaning "in no area of the set": returned by outreach_area_set_locate()
/// and stored in assignments for points outside every area. Equal to `UINT32_MAX`.
///
/// Since 0.1.
pub const OUTREACH_OUTSIDE: u32 = 0xFFFF_FFFFu32;

/// A set of non-overlapping areas (LSOAs, wards, patrol beats...) with a prepared
/// point-in-area index. Areas are numbered 0 to len - 1 in file order, skipping rejected
/// features; coordinates are British National Grid metres (EPSG:27700).
///
/// Made by outreach_area_set_load_geojson(). Immutable: any number of threads may query one
/// area set at the same time. Free it with outreach_area_set_free() once no thread uses it;
/// codes obtained from it become invalid then, assignments made with it do not.
///
/// Since 0.1.
pub struct AreaSet(pub(crate) outreach_core::AreaSet);

/// Option bit for outreach_area_set_load_geojson(): reject polygons that are not OGC-valid
/// (self-intersecting rings, overlapping parts) instead of loading them with a warning.
///
/// Since 0.1.
pub const OUTREACH_AREA_SET_STRICT: u32 = 1u32;

/// Loads an area set from a GeoJSON FeatureCollection file (plain or gzip) and prepares its
/// point-in-area index.
///
/// `path` and `code_field` are UTF-8 given as pointer + length; `code_field` names the
/// feature property holding each area's code (e.g. `"LSOA11CD"`). Coordinates are WGS84
/// (RFC 7946, converted to British National Grid with OSTN15) unless the legacy `crs`
/// member declares EPSG:27700.
///
/// Features without a code, with a duplicate code, without a polygon or with an unusable
/// polygon (empty, fewer than three points, non-finite, outside OSTN15 coverage) are
/// skipped and listed in the load report's rejections with their feature number.
/// Polygons that are not OGC-valid (a self-intersecting ring, overlapping parts; a few
/// published generalised boundaries have them) are loaded, used under the even-odd rule and
/// listed in the report's warnings; with `options` = OUTREACH_AREA_SET_STRICT they are
/// rejected instead. `options` is 0 or OUTREACH_AREA_SET_STRICT.
///
/// On success writes a new area set to `*area_set_out` and, when `report_out` is not NULL,
/// a new load report to `*report_out`.
///
/// Ownership: the caller owns both and frees them with outreach_area_set_free() and
/// outreach_load_report_free().
///
/// Errors: OUTREACH_STATUS_NULL_ARGUMENT if `path`, `code_field` or `area_set_out` is NULL;
/// OUTREACH_STATUS_INVALID_UTF8 if a text is not UTF-8; OUTREACH_STATUS_INVALID_ARGUMENT
/// for an unknown bit in `options`; OUTREACH_STATUS_IO if the file cannot be read;
/// OUTREACH_STATUS_FORMAT for invalid JSON, something other than a FeatureCollection, an
/// unsupported CRS, or no usable feature at all (the message gives the first problem, e.g.
/// a self-intersection in strict mode).
/// Thread safety: may be called from any thread; uses the library's worker threads.
///
/// Since 0.1.
///
/// # Safety
/// `path` and `code_field` are NULL or point to their length in readable bytes;
/// `area_set_out` and `report_out` are NULL or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn outreach_area_set_load_geojson(
    path: *const c_char,
    path_len: usize,
    code_field: *const c_char,
    code_field_len: usize,
    options: u32,
    area_set_out: *mut *mut AreaSet,
    report_out: *mut *mut LoadReport,
) -> Status {
    guard(|| {
        // SAFETY: the pointers are valid or NULL, as this function's contract requires.
        let (path, code_field, area_set_out, report_out) = unsafe {
            (
                text(path, path_len, "path")?,
                text(code_field, code_field_len, "code_field")?,
                output(area_set_out, "area_set_out")?,
                optional_output(report_out),
            )
        };
        if options & !OUTREACH_AREA_SET_STRICT != 0 {
            return Err(Error::InvalidArgument {
                name: "options",
                reason: format!("{options:#x} has bits other than OUTREACH_AREA_SET_STRICT"),
            }
            .into());
        }
        let path = Path::new(path);
        // The set's name is informational only; the file name is the natural one.
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or(code_field);
        let spec =
            AreaSetSpec::new(name, code_field).strict(options & OUTREACH_AREA_SET_STRICT != 0);
        let (areas, report) = io::read_area_set(path, &spec)?;
        area_set_out.set(into_handle(AreaSet(areas)));
        if let Some(report_out) = report_out {
            report_out.set(into_handle(LoadReport(report)));
        }
        Ok(())
    })
}

/// Gets the number of areas in an area set.
///
/// On success writes the count to `*len_out`.
///
/// Errors: OUTREACH_STATUS_NULL_ARGUMENT if a pointer is NULL.
/// Thread safety: the area set may be queried from several threads at once.
///
/// Since 0.1.
///
/// # Safety
/// `area_set` is NULL or a live area set; `len_out` is NULL or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn outreach_area_set_len(
    area_set: *const AreaSet,
    len_out: *mut usize,
) -> Status {
    guard(|| {
        // SAFETY: the pointers are valid or NULL, as this function's contract requires.
        let (area_set, len_out) =
            unsafe { (input(area_set, "area_set")?, output(len_out, "len_out")?) };
        len_out.set(area_set.0.len());
        Ok(())
    })
}

/// Gets the code of area `index` (0-based) of an area set, e.g. `"E01024936"`.
///
/// On success writes a pointer to the code's UTF-8 bytes to `*code_out` and their number
/// to `*code_len_out`. The code is not NUL-terminated: print it with `"%.*s"`.
///
/// Ownership: the bytes belong to the area set and stay valid until
/// outreach_area_set_free(); do not free them.
///
/// Errors: OUTREACH_STATUS_NULL_ARGUMENT if a pointer is NULL;
/// OUTREACH_STATUS_INVALID_ARGUMENT if `index` is not below the set's length (this includes
/// OUTREACH_OUTSIDE).
/// Thread safety: the area set may be queried from several threads at once.
///
/// Since 0.1.
///
/// # Safety
/// `area_set` is NULL or a live area set; each out-pointer is NULL or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn outreach_area_set_code(
    area_set: *const AreaSet,
    index: usize,
    code_out: *mut *const c_char,
    code_len_out: *mut usize,
) -> Status {
    guard(|| {
        // SAFETY: the pointers are valid or NULL, as this function's contract requires.
        let (area_set, code_out, code_len_out) = unsafe {
            (
                input(area_set, "area_set")?,
                output(code_out, "code_out")?,
                output(code_len_out, "code_len_out")?,
            )
        };
        let codes = area_set.0.codes();
        let code = codes
            .get(index)
            .ok_or_else(|| out_of_range("index", index, codes.len(), "area set"))?
            .as_str();
        code_out.set(code.as_ptr().cast());
        code_len_out.set(code.len());
        Ok(())
    })
}

/// Finds the index of an area in an area set by its code.
///
/// `code` is UTF-8 given as pointer + length; surrounding spaces are ignored. On success
/// writes the area's 0-based index to `*index_out`.
///
/// Errors: OUTREACH_STATUS_NULL_ARGUMENT if a pointer is NULL; OUTREACH_STATUS_INVALID_UTF8
/// if the code is not UTF-8; OUTREACH_STATUS_INVALID_AREA_CODE if it is empty, longer than
/// 64 bytes or has control characters; OUTREACH_STATUS_UNKNOWN_AREA if the set has no such
/// area.
/// Thread safety: the area set may be queried from several threads at once.
///
/// Since 0.1.
///
/// # Safety
/// `area_set` is NULL or a live area set; `code` is NULL or points to `code_len` readable
/// bytes; `index_out` is NULL or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn outreach_area_set_index_of(
    area_set: *const AreaSet,
    code: *const c_char,
    code_len: usize,
    index_out: *mut u32,
) -> Status {
    guard(|| {
        // SAFETY: the pointers are valid or NULL, as this function's contract requires.
        let (area_set, code, index_out) = unsafe {
            (
                input(area_set, "area_set")?,
                text(code, code_len, "code")?,
                output(index_out, "index_out")?,
            )
        };
        let index = area_set.0.index_of(&code.parse::<AreaCode>()?)?;
        index_out.set(index);
        Ok(())
    })
}

/// Finds the area containing one point (British National Grid metres).
///
/// On success writes the area's 0-based index to `*area_out`, or OUTREACH_OUTSIDE when the
/// point is in no area (also for NaN or infinite coordinates): being outside is an answer,
/// not an error. The boundary rule is that of outreach_gazetteer_assign().
///
/// Errors: OUTREACH_STATUS_NULL_ARGUMENT if a pointer is NULL.
/// Thread safety: the area set may be queried from several threads at once.
///
/// Since 0.1.
///
/// # Safety
/// `area_set` is NULL or a live area set; `area_out` is NULL or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn outreach_area_set_locate(
    area_set: *const AreaSet,
    x: f64,
    y: f64,
    area_out: *mut u32,
) -> Status {
    guard(|| {
        // SAFETY: the pointers are valid or NULL, as this function's contract requires.
        let (area_set, area_out) =
            unsafe { (input(area_set, "area_set")?, output(area_out, "area_out")?) };
        // The sentinel must mean what the core means by it (checked at compile time).
        const { assert!(OUTREACH_OUTSIDE == outreach_core::Assignment::OUTSIDE) };
        area_out.set(area_set.0.locate(x, y).unwrap_or(OUTREACH_OUTSIDE));
        Ok(())
    })
}

/// Assigns `n` points, given as arrays of eastings `xs` and northings `ys` (British National
/// Grid metres), to the areas containing them.
///
/// On success writes a new assignment to `*assignment_out`: one entry per point, in input
/// order, holding the area's index or OUTREACH_OUTSIDE. `xs` and `ys` may be NULL when `n`
/// is 0. The boundary rule is that of outreach_gazetteer_assign().
///
/// Ownership: the caller keeps the arrays (they are not retained) and owns the assignment,
/// freed with outreach_assignment_free(); it does not refer to the area set.
///
/// Errors: OUTREACH_STATUS_NULL_ARGUMENT if `area_set` or `assignment_out` is NULL, or `xs`
/// or `ys` is NULL while `n` > 0; OUTREACH_STATUS_INVALID_ARGUMENT if `n` is impossibly
/// large.
/// Thread safety: may run from several threads at once on the same area set; uses the
/// library's worker threads for large batches.
///
/// Since 0.1.
///
/// # Safety
/// `area_set` is NULL or a live area set; `xs` and `ys` are NULL or point to `n` readable
/// doubles each; `assignment_out` is NULL or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn outreach_area_set_assign(
    area_set: *const AreaSet,
    xs: *const f64,
    ys: *const f64,
    n: usize,
    assignment_out: *mut *mut Assignment,
) -> Status {
    guard(|| {
        // SAFETY: the pointers are valid or NULL, as this function's contract requires.
        let (area_set, xs, ys, assignment_out) = unsafe {
            (
                input(area_set, "area_set")?,
                array(xs, n, "xs")?,
                array(ys, n, "ys")?,
                output(assignment_out, "assignment_out")?,
            )
        };
        let assignment = area_set.0.assign(xs, ys)?;
        assignment_out.set(into_handle(Assignment(assignment)));
        Ok(())
    })
}

/// Frees an area set. NULL is a no-op. Codes obtained from it become invalid; assignments
/// made with it stay valid.
///
/// Thread safety: no other thread may use the area set during or after this call.
///
/// Since 0.1.
///
/// # Safety
/// `area_set` is NULL or an area set from this library that was not freed before.
#[no_mangle]
pub unsafe extern "C" fn outreach_area_set_free(area_set: *mut AreaSet) {
    // SAFETY: forwarded contract.
    unsafe { free_handle(area_set) }
}
