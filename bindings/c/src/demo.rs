//! `outreach_demo`: the Chorley demonstration dataset (synthetic households on real
//! geography and IoD2019), and the LSOA and deprivation of one household.

use std::ffi::c_char;
use std::path::Path;
use std::sync::Arc;

use outreach_core::demo::Demo as CoreDemo;
use outreach_core::Uprn;

use crate::status::{free_handle, guard, input, into_handle, out_of_range, output, text, Status};

/// The Chorley demo dataset: 66 LSOAs 2011 and 14 wards of Chorley (E07000118), their
/// IoD2019 rows, Code-Point Open postcodes and synthetic households (labelled synthetic)
/// generated from Census 2021 counts.
///
/// Made by outreach_demo_load(). Immutable: any number of threads may query one demo at
/// the same time. Free it with outreach_demo_free(); plans made from it stay valid after.
///
/// Since 0.1.
pub struct Demo(pub(crate) Arc<CoreDemo>);

/// Where one demo household is. `lsoa` is `lsoa_len` bytes of UTF-8 (not NUL-terminated)
/// owned by the demo it came from, valid until that demo is freed.
///
/// Since 0.1.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct household_area {
    /// The household's row in the demo (0 to outreach_demo_households() - 1).
    pub row: usize,
    /// The LSOA 2011 code (e.g. `E01024936`); NULL with length 0 if the household lies in
    /// no LSOA (the generator never puts one there).
    pub lsoa: *const c_char,
    /// Length of `lsoa` in bytes.
    pub lsoa_len: usize,
    /// IoD2019 IMD score of the LSOA; NaN when unknown.
    pub imd_score: f64,
    /// IoD2019 national IMD rank (1 = most deprived of 32,844); 0 when unknown.
    pub imd_rank: u32,
    /// IoD2019 national IMD decile (1 = most deprived 10%); 0 when unknown.
    pub imd_decile: u8,
}

/// Loads the demo from a directory laid out like `examples/data/chorley` (UTF-8 path,
/// pointer + length) and generates its synthetic households with `seed` (the CLI's
/// default is 2026). Takes a few seconds; uses the library's worker threads.
///
/// On success writes a new demo to `*demo_out`; the caller frees it with
/// outreach_demo_free().
///
/// Errors: OUTREACH_STATUS_NULL_ARGUMENT if `dir` or `demo_out` is NULL;
/// OUTREACH_STATUS_INVALID_UTF8 if the path is not UTF-8; OUTREACH_STATUS_IO when a file
/// of the directory cannot be read; OUTREACH_STATUS_FORMAT when one is malformed.
/// Thread safety: may be called from any thread.
///
/// Since 0.1.
///
/// # Safety
/// `dir` is NULL or points to `dir_len` readable bytes; `demo_out` is NULL or valid for a
/// write.
#[no_mangle]
pub unsafe extern "C" fn outreach_demo_load(
    dir: *const c_char,
    dir_len: usize,
    seed: u64,
    demo_out: *mut *mut Demo,
) -> Status {
    guard(|| {
        // SAFETY: the pointers are valid or NULL, as this function's contract requires.
        let (dir, demo_out) =
            unsafe { (text(dir, dir_len, "dir")?, output(demo_out, "demo_out")?) };
        let demo = CoreDemo::load(Path::new(dir), seed)?;
        demo_out.set(into_handle(Demo(Arc::new(demo))));
        Ok(())
    })
}

/// Gets the number of synthetic households of a demo.
///
/// Errors: OUTREACH_STATUS_NULL_ARGUMENT if a pointer is NULL.
/// Thread safety: the demo may be queried from several threads at once.
///
/// Since 0.1.
///
/// # Safety
/// `demo` is NULL or a live demo; `len_out` is NULL or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn outreach_demo_households(
    demo: *const Demo,
    len_out: *mut usize,
) -> Status {
    guard(|| {
        // SAFETY: the pointers are valid or NULL, as this function's contract requires.
        let (demo, len_out) = unsafe { (input(demo, "demo")?, output(len_out, "len_out")?) };
        len_out.set(demo.0.households.len());
        Ok(())
    })
}

/// Gets the UPRN of household `row` (0-based) of a demo.
///
/// Errors: OUTREACH_STATUS_NULL_ARGUMENT if a pointer is NULL;
/// OUTREACH_STATUS_INVALID_ARGUMENT if `row` is out of range.
/// Thread safety: the demo may be queried from several threads at once.
///
/// Since 0.1.
///
/// # Safety
/// `demo` is NULL or a live demo; `uprn_out` is NULL or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn outreach_demo_household_uprn(
    demo: *const Demo,
    row: usize,
    uprn_out: *mut u64,
) -> Status {
    guard(|| {
        // SAFETY: the pointers are valid or NULL, as this function's contract requires.
        let (demo, uprn_out) = unsafe { (input(demo, "demo")?, output(uprn_out, "uprn_out")?) };
        let uprns = demo.0.households.gazetteer.uprns();
        let u = uprns
            .get(row)
            .ok_or_else(|| out_of_range("row", row, uprns.len(), "demo"))?;
        uprn_out.set(u.get());
        Ok(())
    })
}

/// Looks up household `uprn`: its row, LSOA code and the LSOA's IoD2019 IMD score, rank
/// and decile. The code stays valid as long as the demo.
///
/// Errors: OUTREACH_STATUS_NULL_ARGUMENT if a pointer is NULL;
/// OUTREACH_STATUS_INVALID_UPRN for 0 or more than 12 digits;
/// OUTREACH_STATUS_UNKNOWN_UPRN when no household of the demo has this UPRN.
/// Thread safety: the demo may be queried from several threads at once.
///
/// Since 0.1.
///
/// # Safety
/// `demo` is NULL or a live demo; `area_out` is NULL or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn outreach_demo_lookup(
    demo: *const Demo,
    uprn: u64,
    area_out: *mut household_area,
) -> Status {
    guard(|| {
        // SAFETY: the pointers are valid or NULL, as this function's contract requires.
        let (demo, area_out) = unsafe { (input(demo, "demo")?, output(area_out, "area_out")?) };
        let a = demo.0.household_area(Uprn::new(uprn)?)?;
        let code = a.lsoa.map_or("", |c| c.as_str());
        area_out.set(household_area {
            row: a.row,
            lsoa: if a.lsoa.is_some() {
                code.as_ptr().cast::<c_char>()
            } else {
                std::ptr::null()
            },
            lsoa_len: code.len(),
            imd_score: a.imd_score.unwrap_or(f64::NAN),
            imd_rank: a.imd_rank.unwrap_or(0),
            imd_decile: a.imd_decile.unwrap_or(0),
        });
        Ok(())
    })
}

/// Frees a demo; NULL is a no-op. Plans made from it stay valid.
///
/// Thread safety: no other thread may use the demo during or after this call.
///
/// Since 0.1.
///
/// # Safety
/// `demo` is NULL or came from outreach_demo_load() and was not freed before.
#[no_mangle]
pub unsafe extern "C" fn outreach_demo_free(demo: *mut Demo) {
    // SAFETY: per this function's contract.
    unsafe { free_handle(demo) }
}
