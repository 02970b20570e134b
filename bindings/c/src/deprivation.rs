//! `outreach_deprivation`: a published English Indices of Deprivation table, keyed by LSOA
//! code, and the lookup of one LSOA's rank, decile and score on one domain.

use std::ffi::c_char;
use std::path::Path;

use outreach_core::io;
use outreach_core::{AreaCode, Domain, Error, IodEdition};

use crate::load_report::LoadReport;
use crate::status::{
    free_handle, guard, input, into_handle, optional_output, output, text, Status,
};

/// A published English Indices of Deprivation table: national ranks (1 = most deprived),
/// deciles (1 = most deprived 10% of England), quintiles and scores of the Index of Multiple
/// Deprivation and its domains, one row per LSOA. IoD2019 is on 2011 LSOAs (N = 32,844),
/// IoD2025 on 2021 LSOAs (N = 33,755); a table holds one edition only.
///
/// Made by outreach_deprivation_load(). Immutable: any number of threads may query one table
/// at the same time. Free it with outreach_deprivation_free() once no thread uses it.
///
/// Since 0.1.
pub struct Deprivation(pub(crate) outreach_core::Deprivation);

/// Loads a published IoD LSOA table from a CSV file, plain or gzip-compressed.
///
/// Recognised layouts: the IoD2019 files with `lsoa11_code` and `IMD_rank`, `Income_decile`,
/// `IMD_score`... columns; the IoD2025 file with `lsoa21_code`; the official files' long
/// headers (`LSOA code (2011)`, `Income Rank (where 1 is most deprived)`...). `path` is
/// `path_len` bytes of UTF-8, not necessarily NUL-terminated. `edition` is 2019 or 2025, or
/// 0 to infer it from the LSOA code column. Rows with a bad or repeated LSOA code, or an
/// unreadable rank, decile or score, are skipped and listed in the load report.
///
/// On success writes a new table to `*deprivation_out` and, when `report_out` is not NULL,
/// a new load report to `*report_out`.
///
/// Ownership: the caller owns both and frees them with outreach_deprivation_free() and
/// outreach_load_report_free().
///
/// Errors: OUTREACH_STATUS_NULL_ARGUMENT if `path` or `deprivation_out` is NULL;
/// OUTREACH_STATUS_INVALID_UTF8 if the path is not UTF-8; OUTREACH_STATUS_INVALID_ARGUMENT
/// if `edition` is not 0, 2019 or 2025; OUTREACH_STATUS_IO if the file cannot be read;
/// OUTREACH_STATUS_FORMAT if it has no LSOA code column or no deprivation column, for a CSV
/// syntax error or a truncated gzip stream.
/// Thread safety: may be called from any thread; reading uses the library's worker threads.
///
/// Since 0.1.
///
/// # Safety
/// `path` is NULL or points to `path_len` readable bytes; `deprivation_out` is NULL or valid
/// for a write; `report_out` is NULL or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn outreach_deprivation_load(
    path: *const c_char,
    path_len: usize,
    edition: u32,
    deprivation_out: *mut *mut Deprivation,
    report_out: *mut *mut LoadReport,
) -> Status {
    guard(|| {
        // SAFETY: the pointers are valid or NULL, as this function's contract requires.
        let (path, deprivation_out, report_out) = unsafe {
            (
                text(path, path_len, "path")?,
                output(deprivation_out, "deprivation_out")?,
                optional_output(report_out),
            )
        };
        let edition = match edition {
            0 => None,
            2019 => Some(IodEdition::Iod2019),
            2025 => Some(IodEdition::Iod2025),
            other => {
                return Err(Error::InvalidArgument {
                    name: "edition",
                    reason: format!("{other}: use 2019, 2025 or 0 to infer it"),
                }
                .into())
            }
        };
        let (table, report) = io::read_iod(Path::new(path), edition)?;
        deprivation_out.set(into_handle(Deprivation(table)));
        if let Some(report_out) = report_out {
            report_out.set(into_handle(LoadReport(report)));
        }
        Ok(())
    })
}

/// Gets the size and edition of a table.
///
/// On success writes the number of LSOA rows loaded (England has 32,844 for IoD2019 and
/// 33,755 for IoD2025; a file may hold fewer) to `*len_out` and the edition, 2019 or 2025,
/// to `*edition_out`.
///
/// Errors: OUTREACH_STATUS_NULL_ARGUMENT if any pointer is NULL.
/// Thread safety: the table may be queried from several threads at once.
///
/// Since 0.1.
///
/// # Safety
/// `deprivation` is NULL or a live table; `len_out` and `edition_out` are NULL or valid for
/// a write.
#[no_mangle]
pub unsafe extern "C" fn outreach_deprivation_info(
    deprivation: *const Deprivation,
    len_out: *mut usize,
    edition_out: *mut u32,
) -> Status {
    guard(|| {
        // SAFETY: the pointers are valid or NULL, as this function's contract requires.
        let (deprivation, len_out, edition_out) = unsafe {
            (
                input(deprivation, "deprivation")?,
                output(len_out, "len_out")?,
                output(edition_out, "edition_out")?,
            )
        };
        len_out.set(deprivation.0.len());
        edition_out.set(match deprivation.0.edition() {
            IodEdition::Iod2019 => 2019,
            IodEdition::Iod2025 => 2025,
        });
        Ok(())
    })
}

/// Looks up one LSOA's published figures on one domain.
///
/// `lsoa_code` (e.g. `"E01024915"`) and `domain` are UTF-8 given as pointer + length.
/// `domain` is one of `"imd"`, `"income"`, `"employment"`, `"education"`, `"health"`,
/// `"crime"`, `"barriers"`, `"living_environment"`, `"idaci"`, `"idaopi"` (any case).
///
/// On success writes the national rank (1 = most deprived; 0 when the file has none) to
/// `*rank_out`, the national decile (1 = most deprived 10%; the published one, else
/// `ceil(rank / (N / 10))`; 0 when unknown) to `*decile_out`, the national quintile
/// (`ceil(rank / (N / 5))`; 0 when unknown) to `*quintile_out`, and the published score (NaN
/// when the file has none; IoD2019 publishes scores only for the IMD, Income, IDACI and
/// IDAOPI) to `*score_out`.
///
/// Errors: OUTREACH_STATUS_NULL_ARGUMENT if a pointer is NULL; OUTREACH_STATUS_INVALID_UTF8
/// if a text is not UTF-8; OUTREACH_STATUS_INVALID_AREA_CODE if `lsoa_code` is empty or too
/// long; OUTREACH_STATUS_UNKNOWN_AREA if the table has no such LSOA (a 2011 code in an
/// IoD2025 table, say); OUTREACH_STATUS_INVALID_ARGUMENT for an unknown domain name or a
/// domain the file has no column for.
/// Thread safety: the table may be queried from several threads at once.
///
/// Since 0.1.
///
/// # Safety
/// `deprivation` is NULL or a live table; each text pointer is NULL or points to its length
/// in readable bytes; each out-pointer is NULL or valid for a write.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn outreach_deprivation_lookup(
    deprivation: *const Deprivation,
    lsoa_code: *const c_char,
    lsoa_code_len: usize,
    domain: *const c_char,
    domain_len: usize,
    rank_out: *mut u32,
    decile_out: *mut u8,
    quintile_out: *mut u8,
    score_out: *mut f64,
) -> Status {
    guard(|| {
        // SAFETY: the pointers are valid or NULL, as this function's contract requires.
        let (deprivation, code, domain, rank_out, decile_out, quintile_out, score_out) = unsafe {
            (
                input(deprivation, "deprivation")?,
                text(lsoa_code, lsoa_code_len, "lsoa_code")?,
                text(domain, domain_len, "domain")?,
                output(rank_out, "rank_out")?,
                output(decile_out, "decile_out")?,
                output(quintile_out, "quintile_out")?,
                output(score_out, "score_out")?,
            )
        };
        let table = &deprivation.0;
        let domain: Domain = domain.parse()?;
        let row = table.try_get(&code.parse::<AreaCode>()?)?;
        if !table.domains().contains(&domain) {
            return Err(Error::InvalidArgument {
                name: "domain",
                reason: format!("the {} table has no {domain} column", table.edition()),
            }
            .into());
        }
        rank_out.set(row.rank(domain).unwrap_or(0));
        decile_out.set(row.decile(domain).unwrap_or(0));
        quintile_out.set(row.quintile(domain).unwrap_or(0));
        score_out.set(row.score(domain).unwrap_or(f64::NAN));
        Ok(())
    })
}

/// Frees a table. NULL is a no-op.
///
/// Thread safety: no other thread may use the table during or after this call.
///
/// Since 0.1.
///
/// # Safety
/// `deprivation` is NULL or a table from this library that was not freed before.
#[no_mangle]
pub unsafe extern "C" fn outreach_deprivation_free(deprivation: *mut Deprivation) {
    // SAFETY: per this function's contract the pointer is NULL or an unfreed handle.
    unsafe { free_handle(deprivation) }
}

#[cfg(test)]
mod tests {
    use std::ptr;

    use super::*;

    fn chorley(name: &str) -> String {
        format!(
            "{}/../../examples/data/chorley/{name}",
            env!("CARGO_MANIFEST_DIR")
        )
    }

    #[test]
    fn load_lookup_free() {
        let path = chorley("iod2019_lsoa11.csv");
        let mut table = ptr::null_mut();
        // SAFETY: valid text and out-pointers; the handle is freed below.
        unsafe {
            let status = outreach_deprivation_load(
                path.as_ptr().cast(),
                path.len(),
                0,
                &mut table,
                ptr::null_mut(),
            );
            assert_eq!(status, Status::Ok);
            let (mut rank, mut decile, mut quintile, mut score) = (0u32, 0u8, 0u8, 0.0f64);
            let code = "E01024915";
            let status = outreach_deprivation_lookup(
                table,
                code.as_ptr().cast(),
                code.len(),
                "IMD".as_ptr().cast(),
                3,
                &mut rank,
                &mut decile,
                &mut quintile,
                &mut score,
            );
            assert_eq!(status, Status::Ok);
            assert_eq!((rank, decile, quintile, score), (17308, 6, 3, 16.663));
            outreach_deprivation_free(table);
            outreach_deprivation_free(ptr::null_mut());
        }
    }
}
