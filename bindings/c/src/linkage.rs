//! The single view across agencies: `outreach_tokeniser`, `outreach_role`,
//! `outreach_audit_log`, `outreach_linkage_index` and `outreach_single_view`.
//!
//! The lowercase type name below becomes `outreach_person_tokens` in the header.

#![allow(non_camel_case_types)]

use std::ffi::{c_char, c_int};

use outreach_core::linkage::{self, Identifiers};
use outreach_core::Uprn;

use crate::load_report::LoadReport;
use crate::status::{
    free_handle, guard, input, into_handle, out_of_range, output, text, Failure, Status,
};

/// Turns person identifiers into HMAC-SHA-256 tokens under a secret key, after
/// normalisation (names: case, spacing, punctuation and diacritics dropped; dates of birth
/// ISO, UK day-first, `7 Mar 1984` or `19840307`; NHS numbers: spaces and hyphens dropped,
/// Modulus 11 check digit validated). The key is not kept.
///
/// Made by outreach_tokeniser_new(); immutable: any number of threads may use one at the
/// same time. Free with outreach_tokeniser_free().
///
/// Since 0.1.
pub struct Tokeniser(linkage::Tokeniser);

/// An access role: the agencies it may see, whether it sees contact details and
/// sensitive involvement. Made by outreach_role_new(); immutable, shareable between
/// threads. Free with outreach_role_free().
///
/// Since 0.1.
pub struct Role(linkage::Role);

/// The hash-chained log of every query. Queries append to it; it may be shared by threads
/// (appends are serialised inside). Free with outreach_audit_log_free() after the last
/// query that uses it.
///
/// Since 0.1.
pub struct AuditLog(linkage::AuditLog);

/// Agency records indexed by household (UPRN) and by person (token). Made by
/// outreach_linkage_index_load(); immutable, shareable between threads. Free with
/// outreach_linkage_index_free(); views made from it stay valid after.
///
/// Since 0.1.
pub struct LinkageIndex(linkage::LinkageIndex);

/// What a role may see of a household or person. Made by outreach_linkage_index_household()
/// or outreach_linkage_index_person(); immutable. Free with outreach_single_view_free().
///
/// Since 0.1.
pub struct SingleView {
    view: linkage::SingleView,
    summary: String,
}

/// The tokens of one person, written by outreach_tokeniser_tokenise(): each 64 lowercase
/// hex digits and a NUL, or an empty string when that identifier was not given.
///
/// Since 0.1.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct person_tokens {
    /// Token of the NHS number.
    pub nhs: [c_char; 65],
    /// Token of family name + given name + date of birth.
    pub name_dob: [c_char; 65],
}

fn hex_into(token: Option<linkage::Token>, out: &mut [c_char; 65]) {
    *out = [0; 65];
    if let Some(t) = token {
        for (o, b) in out.iter_mut().zip(t.to_string().bytes()) {
            *o = b as c_char;
        }
    }
}

/// Text that may be absent: NULL (length ignored) means not given.
///
/// # Safety
/// `ptr` is NULL or valid for `len` bytes.
unsafe fn optional_text<'a>(
    ptr: *const c_char,
    len: usize,
    name: &'static str,
) -> Result<Option<&'a str>, Failure> {
    if ptr.is_null() {
        return Ok(None);
    }
    // SAFETY: non-NULL and valid for `len` bytes per the caller's contract.
    unsafe { text(ptr, len, name) }.map(Some)
}

/// Makes a tokeniser from `key_len` bytes of secret key (at least 16).
///
/// On success writes a new tokeniser to `*tokeniser_out`.
///
/// Errors: OUTREACH_STATUS_NULL_ARGUMENT if `key` or `tokeniser_out` is NULL;
/// OUTREACH_STATUS_INVALID_ARGUMENT if the key is shorter than 16 bytes.
/// Thread safety: may be called from any thread.
///
/// Since 0.1.
///
/// # Safety
/// `key` is NULL or valid for `key_len` bytes; `tokeniser_out` is NULL or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn outreach_tokeniser_new(
    key: *const u8,
    key_len: usize,
    tokeniser_out: *mut *mut Tokeniser,
) -> Status {
    guard(|| {
        // SAFETY: valid or NULL per this function's contract.
        let (key, out) = unsafe {
            (
                crate::status::array(key, key_len, "key")?,
                output(tokeniser_out, "tokeniser_out")?,
            )
        };
        let t = linkage::Tokeniser::new(key)?;
        out.set(into_handle(Tokeniser(t)));
        Ok(())
    })
}

/// Normalises and tokenises one person's identifiers. Each is UTF-8 pointer + length;
/// pass NULL for one not known. Given name, family name and date of birth go together.
///
/// On success writes the tokens to `*tokens_out`.
///
/// Errors: OUTREACH_STATUS_NULL_ARGUMENT if `tokeniser` or `tokens_out` is NULL;
/// OUTREACH_STATUS_INVALID_UTF8; OUTREACH_STATUS_INVALID_ARGUMENT when a field cannot be
/// normalised or only part of name + date of birth is given: the message names the field,
/// never its value.
/// Thread safety: the tokeniser may be used from several threads at once.
///
/// Since 0.1.
///
/// # Safety
/// `tokeniser` is NULL or live; each text is NULL or valid for its length; `tokens_out` is
/// NULL or valid for a write.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn outreach_tokeniser_tokenise(
    tokeniser: *const Tokeniser,
    nhs_number: *const c_char,
    nhs_number_len: usize,
    given_name: *const c_char,
    given_name_len: usize,
    family_name: *const c_char,
    family_name_len: usize,
    date_of_birth: *const c_char,
    date_of_birth_len: usize,
    tokens_out: *mut person_tokens,
) -> Status {
    guard(|| {
        // SAFETY: valid or NULL per this function's contract.
        let (t, ids, out) = unsafe {
            (
                input(tokeniser, "tokeniser")?,
                Identifiers {
                    nhs_number: optional_text(nhs_number, nhs_number_len, "nhs_number")?,
                    given_name: optional_text(given_name, given_name_len, "given_name")?,
                    family_name: optional_text(family_name, family_name_len, "family_name")?,
                    date_of_birth: optional_text(
                        date_of_birth,
                        date_of_birth_len,
                        "date_of_birth",
                    )?,
                },
                output(tokens_out, "tokens_out")?,
            )
        };
        let tokens = t.0.tokenise(&ids)?;
        let mut c = person_tokens {
            nhs: [0; 65],
            name_dob: [0; 65],
        };
        hex_into(tokens.nhs, &mut c.nhs);
        hex_into(tokens.name_dob, &mut c.name_dob);
        out.set(c);
        Ok(())
    })
}

/// Frees a tokeniser. NULL is a no-op.
///
/// Since 0.1.
///
/// # Safety
/// `tokeniser` is NULL or a tokeniser from this library not freed before.
#[no_mangle]
pub unsafe extern "C" fn outreach_tokeniser_free(tokeniser: *mut Tokeniser) {
    // SAFETY: forwarded contract.
    unsafe { free_handle(tokeniser) }
}

/// Makes a role named `name` that sees the `agencies_len` agencies named in `agencies`
/// (each `agency_lens[i]` bytes), or every agency when `all_agencies` is non-zero;
/// contact details when `contacts` is non-zero; sensitive involvement when `sensitive` is
/// non-zero.
///
/// On success writes a new role to `*role_out`.
///
/// Errors: OUTREACH_STATUS_NULL_ARGUMENT if `name` or `role_out` is NULL, or an array is
/// NULL while `agencies_len` is not 0; OUTREACH_STATUS_INVALID_UTF8;
/// OUTREACH_STATUS_INVALID_ARGUMENT if the name or an agency name is empty.
/// Thread safety: may be called from any thread.
///
/// Since 0.1.
///
/// # Safety
/// `name` is NULL or valid for `name_len` bytes; `agencies` and `agency_lens` are NULL or
/// hold `agencies_len` entries, each text valid for its length; `role_out` is NULL or
/// valid for a write.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn outreach_role_new(
    name: *const c_char,
    name_len: usize,
    agencies: *const *const c_char,
    agency_lens: *const usize,
    agencies_len: usize,
    all_agencies: c_int,
    contacts: c_int,
    sensitive: c_int,
    role_out: *mut *mut Role,
) -> Status {
    guard(|| {
        // SAFETY: valid or NULL per this function's contract.
        let (name, ptrs, lens, out) = unsafe {
            (
                text(name, name_len, "name")?,
                crate::status::array(agencies, agencies_len, "agencies")?,
                crate::status::array(agency_lens, agencies_len, "agency_lens")?,
                output(role_out, "role_out")?,
            )
        };
        let mut list = Vec::with_capacity(ptrs.len());
        for (&p, &l) in ptrs.iter().zip(lens) {
            // SAFETY: each entry is valid for its length per the contract.
            let a = unsafe { text(p, l, "agencies")? };
            list.push(a.parse::<linkage::Agency>()?);
        }
        let mut role = linkage::Role::new(name)?.agencies(list);
        if all_agencies != 0 {
            role = role.all_agencies();
        }
        let role = role.contacts(contacts != 0).sensitive(sensitive != 0);
        out.set(into_handle(Role(role)));
        Ok(())
    })
}

/// Frees a role. NULL is a no-op.
///
/// Since 0.1.
///
/// # Safety
/// `role` is NULL or a role from this library not freed before.
#[no_mangle]
pub unsafe extern "C" fn outreach_role_free(role: *mut Role) {
    // SAFETY: forwarded contract.
    unsafe { free_handle(role) }
}

/// Makes an empty audit log.
///
/// Errors: OUTREACH_STATUS_NULL_ARGUMENT if `log_out` is NULL.
///
/// Since 0.1.
///
/// # Safety
/// `log_out` is NULL or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn outreach_audit_log_new(log_out: *mut *mut AuditLog) -> Status {
    guard(|| {
        // SAFETY: valid or NULL per this function's contract.
        let out = unsafe { output(log_out, "log_out")? };
        out.set(into_handle(AuditLog(linkage::AuditLog::new())));
        Ok(())
    })
}

/// Reads an audit log written by outreach_audit_log_write_jsonl() (plain or gzip) from
/// the file at `path` (UTF-8). Nothing is verified: call outreach_audit_log_verify().
///
/// Errors: OUTREACH_STATUS_NULL_ARGUMENT, OUTREACH_STATUS_INVALID_UTF8;
/// OUTREACH_STATUS_IO if the file cannot be read; OUTREACH_STATUS_FORMAT if a line is not
/// an entry.
///
/// Since 0.1.
///
/// # Safety
/// `path` is NULL or valid for `path_len` bytes; `log_out` is NULL or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn outreach_audit_log_read_jsonl(
    path: *const c_char,
    path_len: usize,
    log_out: *mut *mut AuditLog,
) -> Status {
    guard(|| {
        // SAFETY: valid or NULL per this function's contract.
        let (path, out) = unsafe { (text(path, path_len, "path")?, output(log_out, "log_out")?) };
        let log = linkage::AuditLog::read_jsonl(path.as_ref())?;
        out.set(into_handle(AuditLog(log)));
        Ok(())
    })
}

/// Writes the log as JSON lines to the file at `path`, replacing it.
///
/// Errors: OUTREACH_STATUS_NULL_ARGUMENT, OUTREACH_STATUS_INVALID_UTF8,
/// OUTREACH_STATUS_IO.
///
/// Since 0.1.
///
/// # Safety
/// `log` is NULL or live; `path` is NULL or valid for `path_len` bytes.
#[no_mangle]
pub unsafe extern "C" fn outreach_audit_log_write_jsonl(
    log: *const AuditLog,
    path: *const c_char,
    path_len: usize,
) -> Status {
    guard(|| {
        // SAFETY: valid or NULL per this function's contract.
        let (log, path) = unsafe { (input(log, "log")?, text(path, path_len, "path")?) };
        Ok(log.0.write_jsonl(path.as_ref())?)
    })
}

/// Checks the hash chain: returns OUTREACH_STATUS_OK when intact, and
/// OUTREACH_STATUS_INVALID_ARGUMENT when an entry was edited, deleted, inserted or moved
/// (outreach_last_error_message() names the first bad entry).
///
/// Errors: OUTREACH_STATUS_NULL_ARGUMENT if `log` is NULL.
/// Thread safety: may run while other threads append.
///
/// Since 0.1.
///
/// # Safety
/// `log` is NULL or live.
#[no_mangle]
pub unsafe extern "C" fn outreach_audit_log_verify(log: *const AuditLog) -> Status {
    guard(|| {
        // SAFETY: valid or NULL per this function's contract.
        let log = unsafe { input(log, "log")? };
        Ok(log.0.verify()?)
    })
}

/// Writes the number of entries to `*len_out` and the hash of the last entry (64 hex
/// digits and a NUL; 64 zeros when empty) to `head_out`, which needs room for 65 chars.
/// Keep the head elsewhere to detect entries later cut from the end.
///
/// Errors: OUTREACH_STATUS_NULL_ARGUMENT if any pointer is NULL.
///
/// Since 0.1.
///
/// # Safety
/// `log` is NULL or live; `len_out` is NULL or valid for a write; `head_out` is NULL or
/// valid for 65 chars.
#[no_mangle]
pub unsafe extern "C" fn outreach_audit_log_head(
    log: *const AuditLog,
    len_out: *mut usize,
    head_out: *mut c_char,
) -> Status {
    guard(|| {
        // SAFETY: valid or NULL per this function's contract.
        let (log, len_out) = unsafe { (input(log, "log")?, output(len_out, "len_out")?) };
        if head_out.is_null() {
            return Err(Failure::Null("head_out"));
        }
        let head = log.0.head();
        let len = log.0.len();
        // SAFETY: non-NULL and valid for 65 chars per the contract.
        let buf = unsafe { std::slice::from_raw_parts_mut(head_out, 65) };
        buf.fill(0);
        for (o, b) in buf.iter_mut().zip(head.bytes().take(64)) {
            *o = b as c_char;
        }
        len_out.set(len);
        Ok(())
    })
}

/// Frees an audit log. NULL is a no-op.
///
/// Since 0.1.
///
/// # Safety
/// `log` is NULL or a log from this library not freed before, not in use by a query.
#[no_mangle]
pub unsafe extern "C" fn outreach_audit_log_free(log: *mut AuditLog) {
    // SAFETY: forwarded contract.
    unsafe { free_handle(log) }
}

/// Reads `paths_len` agency record CSVs (plain or gzip; paths UTF-8, each
/// `path_lens[i]` bytes), tokenising people's identifiers as they are read, and builds the
/// index. Columns: `agency, record_id, involvement, start` and optionally `uprn`,
/// `nhs_number`, `given_name`, `family_name`, `dob`, `sensitive`, `end`, `lead_contact`
/// (rows with only an `address` have no household here: no resolver is given). Rows that
/// cannot be used are left out and listed, with line, field and reason, in that file's
/// load report.
///
/// On success writes a new index to `*index_out` and, when `reports_out` is not NULL (an
/// array of `paths_len` slots), one new load report per file to `reports_out[i]`; the
/// caller frees each with outreach_load_report_free().
///
/// Errors: OUTREACH_STATUS_NULL_ARGUMENT, OUTREACH_STATUS_INVALID_UTF8;
/// OUTREACH_STATUS_IO / OUTREACH_STATUS_FORMAT if a file cannot be read or lacks a column;
/// OUTREACH_STATUS_INVALID_ARGUMENT if an agency repeats a record id.
///
/// Since 0.1.
///
/// # Safety
/// `paths` and `path_lens` are NULL or hold `paths_len` entries, each path valid for its
/// length; `tokeniser` is NULL or live; `index_out` is NULL or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn outreach_linkage_index_load(
    paths: *const *const c_char,
    path_lens: *const usize,
    paths_len: usize,
    tokeniser: *const Tokeniser,
    index_out: *mut *mut LinkageIndex,
    reports_out: *mut *mut LoadReport,
) -> Status {
    guard(|| {
        // SAFETY: valid or NULL per this function's contract.
        let (ptrs, lens, t, out) = unsafe {
            (
                crate::status::array(paths, paths_len, "paths")?,
                crate::status::array(path_lens, paths_len, "path_lens")?,
                input(tokeniser, "tokeniser")?,
                output(index_out, "index_out")?,
            )
        };
        let mut records = Vec::new();
        let mut reports = Vec::with_capacity(ptrs.len());
        for (&p, &l) in ptrs.iter().zip(lens) {
            // SAFETY: each entry is valid for its length per the contract.
            let path = unsafe { text(p, l, "paths")? };
            let (mut r, report) = linkage::read_agency_records(path.as_ref(), &t.0, None)?;
            records.append(&mut r);
            reports.push(report);
        }
        let index = linkage::LinkageIndex::build(records)?;
        out.set(into_handle(LinkageIndex(index)));
        if !reports_out.is_null() {
            for (k, report) in reports.into_iter().enumerate() {
                // SAFETY: a non-NULL `reports_out` has `paths_len` writable slots.
                unsafe { reports_out.add(k).write(into_handle(LoadReport(report))) };
            }
        }
        Ok(())
    })
}

/// Writes the number of records, distinct households and distinct people of an index.
///
/// Errors: OUTREACH_STATUS_NULL_ARGUMENT if any pointer is NULL.
///
/// Since 0.1.
///
/// # Safety
/// `index` is NULL or live; each out-pointer is NULL or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn outreach_linkage_index_counts(
    index: *const LinkageIndex,
    records_out: *mut usize,
    households_out: *mut usize,
    people_out: *mut usize,
) -> Status {
    guard(|| {
        // SAFETY: valid or NULL per this function's contract.
        let (index, r, h, p) = unsafe {
            (
                input(index, "index")?,
                output(records_out, "records_out")?,
                output(households_out, "households_out")?,
                output(people_out, "people_out")?,
            )
        };
        r.set(index.0.len());
        h.set(index.0.households());
        p.set(index.0.people());
        Ok(())
    })
}

fn to_view(view: linkage::SingleView) -> *mut SingleView {
    let summary = view.to_string();
    into_handle(SingleView { view, summary })
}

/// The single view of household `uprn` for `role`, for the stated `reason` (UTF-8, not
/// blank), appended to `log`.
///
/// On success writes a new view to `*view_out` (free with outreach_single_view_free()).
///
/// Errors: OUTREACH_STATUS_NULL_ARGUMENT, OUTREACH_STATUS_INVALID_UTF8;
/// OUTREACH_STATUS_INVALID_UPRN; OUTREACH_STATUS_INVALID_ARGUMENT if `reason` is blank (the
/// refusal is logged).
/// Thread safety: index, role and log may be shared by threads.
///
/// Since 0.1.
///
/// # Safety
/// `index`, `role`, `log` are NULL or live; `reason` is NULL or valid for `reason_len`
/// bytes; `view_out` is NULL or valid for a write.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn outreach_linkage_index_household(
    index: *const LinkageIndex,
    uprn: u64,
    role: *const Role,
    reason: *const c_char,
    reason_len: usize,
    log: *const AuditLog,
    view_out: *mut *mut SingleView,
) -> Status {
    guard(|| {
        // SAFETY: valid or NULL per this function's contract.
        let (index, role, reason, log, out) = unsafe {
            (
                input(index, "index")?,
                input(role, "role")?,
                text(reason, reason_len, "reason")?,
                input(log, "log")?,
                output(view_out, "view_out")?,
            )
        };
        let view = index
            .0
            .household(Uprn::new(uprn)?, &role.0, reason, &log.0)?;
        out.set(to_view(view));
        Ok(())
    })
}

/// The single view of the person a token (64 hex digits, as written by
/// outreach_tokeniser_tokenise()) belongs to; otherwise as
/// outreach_linkage_index_household().
///
/// Errors: as outreach_linkage_index_household(); OUTREACH_STATUS_INVALID_ARGUMENT also
/// when `token` is not 64 hex digits.
///
/// Since 0.1.
///
/// # Safety
/// As outreach_linkage_index_household(); `token` is NULL or valid for `token_len` bytes.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn outreach_linkage_index_person(
    index: *const LinkageIndex,
    token: *const c_char,
    token_len: usize,
    role: *const Role,
    reason: *const c_char,
    reason_len: usize,
    log: *const AuditLog,
    view_out: *mut *mut SingleView,
) -> Status {
    guard(|| {
        // SAFETY: valid or NULL per this function's contract.
        let (index, token, role, reason, log, out) = unsafe {
            (
                input(index, "index")?,
                text(token, token_len, "token")?,
                input(role, "role")?,
                text(reason, reason_len, "reason")?,
                input(log, "log")?,
                output(view_out, "view_out")?,
            )
        };
        let token: linkage::Token = token.parse()?;
        let view = index.0.person(&token, &role.0, reason, &log.0)?;
        out.set(to_view(view));
        Ok(())
    })
}

/// Frees an index. NULL is a no-op.
///
/// Since 0.1.
///
/// # Safety
/// `index` is NULL or an index from this library not freed before, not in use.
#[no_mangle]
pub unsafe extern "C" fn outreach_linkage_index_free(index: *mut LinkageIndex) {
    // SAFETY: forwarded contract.
    unsafe { free_handle(index) }
}

/// Writes the number of involvements, agencies and distinct people in a view, and its
/// one-line summary (`"3 agencies, 1 person; 1 person known to ..."`, UTF-8, not
/// NUL-terminated, owned by the view) to `*summary_out` / `*summary_len_out`.
///
/// Errors: OUTREACH_STATUS_NULL_ARGUMENT if any pointer is NULL.
///
/// Since 0.1.
///
/// # Safety
/// `view` is NULL or live; each out-pointer is NULL or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn outreach_single_view_counts(
    view: *const SingleView,
    involvements_out: *mut usize,
    agencies_out: *mut usize,
    people_out: *mut usize,
    summary_out: *mut *const c_char,
    summary_len_out: *mut usize,
) -> Status {
    guard(|| {
        // SAFETY: valid or NULL per this function's contract.
        let (view, i, a, p, s, sl) = unsafe {
            (
                input(view, "view")?,
                output(involvements_out, "involvements_out")?,
                output(agencies_out, "agencies_out")?,
                output(people_out, "people_out")?,
                output(summary_out, "summary_out")?,
                output(summary_len_out, "summary_len_out")?,
            )
        };
        i.set(view.view.involvements.len());
        a.set(view.view.agencies.len());
        p.set(view.view.people);
        s.set(view.summary.as_ptr().cast());
        sl.set(view.summary.len());
        Ok(())
    })
}

/// Gets agency number `index` (0-based, ordered by name) of a view: its name (UTF-8, not
/// NUL-terminated, owned by the view), the start of its earliest involvement as
/// YYYYMMDD (20240904), its records and distinct people in the view, and its lead
/// practitioner's contact (NULL and 0 when unknown or hidden from the role).
///
/// Errors: OUTREACH_STATUS_NULL_ARGUMENT if any pointer is NULL;
/// OUTREACH_STATUS_INVALID_ARGUMENT if `index` is not below the agency count.
///
/// Since 0.1.
///
/// # Safety
/// `view` is NULL or live; each out-pointer is NULL or valid for a write.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn outreach_single_view_agency(
    view: *const SingleView,
    index: usize,
    agency_out: *mut *const c_char,
    agency_len_out: *mut usize,
    since_out: *mut u32,
    records_out: *mut usize,
    people_out: *mut usize,
    contact_out: *mut *const c_char,
    contact_len_out: *mut usize,
) -> Status {
    guard(|| {
        // SAFETY: valid or NULL per this function's contract.
        let (view, a, al, since, r, p, c, cl) = unsafe {
            (
                input(view, "view")?,
                output(agency_out, "agency_out")?,
                output(agency_len_out, "agency_len_out")?,
                output(since_out, "since_out")?,
                output(records_out, "records_out")?,
                output(people_out, "people_out")?,
                output(contact_out, "contact_out")?,
                output(contact_len_out, "contact_len_out")?,
            )
        };
        let list = &view.view.agencies;
        let s = list
            .get(index)
            .ok_or_else(|| out_of_range("index", index, list.len(), "agency list"))?;
        a.set(s.agency.as_str().as_ptr().cast());
        al.set(s.agency.as_str().len());
        since.set(s.since.year() as u32 * 10_000 + s.since.month() * 100 + s.since.day());
        r.set(s.records);
        p.set(s.people);
        match &s.lead_contact {
            Some(t) => {
                c.set(t.as_ptr().cast());
                cl.set(t.len());
            }
            None => {
                c.set(std::ptr::null());
                cl.set(0);
            }
        }
        Ok(())
    })
}

/// Frees a view. NULL is a no-op; strings obtained from it become invalid.
///
/// Since 0.1.
///
/// # Safety
/// `view` is NULL or a view from this library not freed before.
#[no_mangle]
pub unsafe extern "C" fn outreach_single_view_free(view: *mut SingleView) {
    // SAFETY: forwarded contract.
    unsafe { free_handle(view) }
}
