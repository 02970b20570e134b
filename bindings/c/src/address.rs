//! `outreach_address_index`: free-text addresses matched to UPRNs; `outreach_match_results`:
//! the results of one or many matches.

use std::ffi::c_char;
use std::path::Path;

use outreach_core::address::{
    AddressIndex as CoreIndex, MatchOptions, MatchResult, MatchStatus, ReferenceAddress,
};
use outreach_core::io::{self, AddressColumns};

use crate::load_report::LoadReport;
use crate::status::{
    array, free_handle, guard, input, into_handle, optional_output, out_of_range, output, text,
    Failure, Status,
};

/// An indexed gazetteer of addresses to match free-text partner addresses against.
///
/// Made by outreach_address_index_load_csv(). Immutable: any number of threads may match
/// against one index at the same time. Free it with outreach_address_index_free().
///
/// Since 0.1.
pub struct AddressIndex {
    pub(crate) index: CoreIndex,
    /// The addresses indexed (the quality report needs their canonical text and postcodes).
    pub(crate) refs: Vec<ReferenceAddress>,
}

/// The results of outreach_address_match() (one) or outreach_address_match_batch() (one
/// per address, in input order). Free with outreach_match_results_free().
///
/// Since 0.1.
pub struct MatchResults(Vec<MatchResult>);

/// What a match result says.
///
/// Since 0.1.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum match_status {
    /// One UPRN, clearly ahead of the others.
    Matched = 0,
    /// The building (parent UPRN) is certain, the flat is not.
    Building = 1,
    /// Several addresses in different buildings fit about equally well: no UPRN.
    Ambiguous = 2,
    /// Nothing fits well enough: no UPRN.
    NoMatch = 3,
}

/// One match result. `reason` is `reason_len` bytes of UTF-8 (not NUL-terminated) owned by
/// the results handle it came from.
///
/// Since 0.1.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct match_result {
    /// The UPRN found (the building's for OUTREACH_MATCH_STATUS_BUILDING), 0 for none.
    pub uprn: u64,
    /// Score of the best candidate (0 when there was none).
    pub score: f32,
    /// Lead of the best candidate over the runner-up.
    pub margin: f32,
    /// What the result says.
    pub status: match_status,
    /// Which parts agreed or disagreed.
    pub reason: *const c_char,
    /// Length of `reason` in bytes.
    pub reason_len: usize,
}

/// Loads an address gazetteer CSV (plain or gzip) with columns `uprn,address,postcode,
/// parent_uprn` and indexes it.
///
/// On success writes a new index to `*index_out` and, when `report_out` is not NULL, a new
/// load report to `*report_out`; the caller frees them with outreach_address_index_free()
/// and outreach_load_report_free().
///
/// Errors: OUTREACH_STATUS_NULL_ARGUMENT if `path` or `index_out` is NULL;
/// OUTREACH_STATUS_INVALID_UTF8 if the path is not UTF-8; OUTREACH_STATUS_IO if the file
/// cannot be read; OUTREACH_STATUS_FORMAT for a missing column or a CSV syntax error;
/// OUTREACH_STATUS_INVALID_ARGUMENT when a UPRN appears twice.
/// Thread safety: may be called from any thread.
///
/// Since 0.1.
///
/// # Safety
/// `path` is NULL or points to `path_len` readable bytes; `index_out` and `report_out` are
/// NULL or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn outreach_address_index_load_csv(
    path: *const c_char,
    path_len: usize,
    index_out: *mut *mut AddressIndex,
    report_out: *mut *mut LoadReport,
) -> Status {
    guard(|| {
        // SAFETY: the pointers are valid or NULL, as this function's contract requires.
        let (path, index_out, report_out) = unsafe {
            (
                text(path, path_len, "path")?,
                output(index_out, "index_out")?,
                optional_output(report_out),
            )
        };
        let (refs, report) = io::read_address_gazetteer(Path::new(path), &AddressColumns::text())?;
        let index = CoreIndex::build(&refs)?;
        index_out.set(into_handle(AddressIndex { index, refs }));
        if let Some(report_out) = report_out {
            report_out.set(into_handle(LoadReport(report)));
        }
        Ok(())
    })
}

/// Gets the number of addresses in an index.
///
/// Errors: OUTREACH_STATUS_NULL_ARGUMENT if a pointer is NULL.
/// Thread safety: the index may be queried from several threads at once.
///
/// Since 0.1.
///
/// # Safety
/// `index` is NULL or a live index; `len_out` is NULL or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn outreach_address_index_len(
    index: *const AddressIndex,
    len_out: *mut usize,
) -> Status {
    guard(|| {
        // SAFETY: the pointers are valid or NULL, as this function's contract requires.
        let (index, len_out) = unsafe { (input(index, "index")?, output(len_out, "len_out")?) };
        len_out.set(index.index.len());
        Ok(())
    })
}

/// Matches one address (UTF-8, the postcode may be inside it) with the default thresholds.
///
/// On success writes a new results handle with one result to `*results_out`; the caller
/// frees it with outreach_match_results_free().
///
/// Errors: OUTREACH_STATUS_NULL_ARGUMENT if a pointer is NULL; OUTREACH_STATUS_INVALID_UTF8
/// if the address is not UTF-8.
/// Thread safety: any number of threads may match against one index at once.
///
/// Since 0.1.
///
/// # Safety
/// `index` is NULL or a live index; `address` is NULL or points to `address_len` readable
/// bytes; `results_out` is NULL or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn outreach_address_match(
    index: *const AddressIndex,
    address: *const c_char,
    address_len: usize,
    results_out: *mut *mut MatchResults,
) -> Status {
    guard(|| {
        // SAFETY: the pointers are valid or NULL, as this function's contract requires.
        let (index, address, results_out) = unsafe {
            (
                input(index, "index")?,
                text(address, address_len, "address")?,
                output(results_out, "results_out")?,
            )
        };
        let m = index
            .index
            .match_one(address, None, &MatchOptions::default());
        results_out.set(into_handle(MatchResults(vec![m])));
        Ok(())
    })
}

/// Matches `count` addresses in parallel with the default thresholds: `addresses[i]` is
/// `lengths[i]` bytes of UTF-8. Results are in input order and the same whatever the
/// number of threads.
///
/// On success writes a new results handle to `*results_out`; the caller frees it with
/// outreach_match_results_free().
///
/// Errors: OUTREACH_STATUS_NULL_ARGUMENT if a pointer is NULL (the arrays may be NULL
/// when `count` is 0); OUTREACH_STATUS_INVALID_UTF8 if an address is not UTF-8.
/// Thread safety: any number of threads may match against one index at once.
///
/// Since 0.1.
///
/// # Safety
/// `index` is NULL or a live index; `addresses` and `lengths` are NULL or point to `count`
/// readable elements, each address pointing to its length in readable bytes;
/// `results_out` is NULL or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn outreach_address_match_batch(
    index: *const AddressIndex,
    addresses: *const *const c_char,
    lengths: *const usize,
    count: usize,
    results_out: *mut *mut MatchResults,
) -> Status {
    guard(|| {
        // SAFETY: the pointers are valid or NULL, as this function's contract requires.
        let (index, ptrs, lens, results_out) = unsafe {
            (
                input(index, "index")?,
                array(addresses, count, "addresses")?,
                array(lengths, count, "lengths")?,
                output(results_out, "results_out")?,
            )
        };
        let texts = ptrs
            .iter()
            .zip(lens)
            // SAFETY: each address points to its length in readable bytes, per the contract.
            .map(|(&p, &n)| unsafe { text(p, n, "addresses") })
            .collect::<Result<Vec<&str>, Failure>>()?;
        let results = index.index.match_batch(&texts, &MatchOptions::default());
        results_out.set(into_handle(MatchResults(results)));
        Ok(())
    })
}

/// Gets the number of results in a results handle.
///
/// Errors: OUTREACH_STATUS_NULL_ARGUMENT if a pointer is NULL.
///
/// Since 0.1.
///
/// # Safety
/// `results` is NULL or a live results handle; `len_out` is NULL or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn outreach_match_results_len(
    results: *const MatchResults,
    len_out: *mut usize,
) -> Status {
    guard(|| {
        // SAFETY: the pointers are valid or NULL, as this function's contract requires.
        let (results, len_out) =
            unsafe { (input(results, "results")?, output(len_out, "len_out")?) };
        len_out.set(results.0.len());
        Ok(())
    })
}

/// Gets result `i` of a results handle (0-based, input order). The reason text stays
/// valid as long as the handle.
///
/// Errors: OUTREACH_STATUS_NULL_ARGUMENT if a pointer is NULL;
/// OUTREACH_STATUS_INVALID_ARGUMENT if `i` is out of range.
///
/// Since 0.1.
///
/// # Safety
/// `results` is NULL or a live results handle; `result_out` is NULL or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn outreach_match_results_get(
    results: *const MatchResults,
    i: usize,
    result_out: *mut match_result,
) -> Status {
    guard(|| {
        // SAFETY: the pointers are valid or NULL, as this function's contract requires.
        let (results, result_out) = unsafe {
            (
                input(results, "results")?,
                output(result_out, "result_out")?,
            )
        };
        let m = results
            .0
            .get(i)
            .ok_or_else(|| out_of_range("i", i, results.0.len(), "results"))?;
        result_out.set(match_result {
            uprn: m.uprn.map_or(0, |u| u.get()),
            score: m.score,
            margin: m.margin,
            status: match m.status {
                MatchStatus::Matched => match_status::Matched,
                MatchStatus::Building => match_status::Building,
                MatchStatus::Ambiguous => match_status::Ambiguous,
                MatchStatus::NoMatch => match_status::NoMatch,
            },
            reason: m.reason.as_ptr().cast::<c_char>(),
            reason_len: m.reason.len(),
        });
        Ok(())
    })
}

/// Frees an index; NULL is a no-op.
///
/// Since 0.1.
///
/// # Safety
/// `index` is NULL or came from outreach_address_index_load_csv() and was not freed before.
#[no_mangle]
pub unsafe extern "C" fn outreach_address_index_free(index: *mut AddressIndex) {
    // SAFETY: per this function's contract.
    unsafe { free_handle(index) }
}

/// Frees a results handle; NULL is a no-op.
///
/// Since 0.1.
///
/// # Safety
/// `results` is NULL or came from outreach_address_match() or
/// outreach_address_match_batch() and was not freed before.
#[no_mangle]
pub unsafe extern "C" fn outreach_match_results_free(results: *mut MatchResults) {
    // SAFETY: per this function's contract.
    unsafe { free_handle(results) }
}
