//! `outreach_profile`: an area profile (households, population, deprivation, crime rates
//! per 1,000 with 95% intervals compared with the whole set) and the profile of one area.

use std::collections::HashMap;
use std::ffi::c_char;
use std::path::Path;

use outreach_core::io;
use outreach_core::kpi::Span;
use outreach_core::profile::{EventCounts, Profile as CoreProfile, Profiler};
use outreach_core::stats::{self, Comparison};
use outreach_core::{AreaCode, AreaKind, Error};

use crate::area_set::AreaSet;
use crate::deprivation::Deprivation;
use crate::gazetteer::Gazetteer;
use crate::status::{free_handle, guard, input, into_handle, output, text, Status};

/// An area profile made by outreach_profile_build(). Immutable: any number of threads may
/// query one profile at the same time. Free it with outreach_profile_free().
///
/// Since 0.1.
pub struct Profile {
    inner: CoreProfile,
    index: HashMap<String, usize>,
}

/// How an area's value compares with a benchmark (the whole area set): its 95% interval
/// lies wholly below, contains, or lies wholly above the benchmark.
///
/// Since 0.1.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum comparison {
    /// No comparison: no value (no population), or suppressed.
    Unknown = 0,
    /// Significantly lower.
    Lower = 1,
    /// Not significantly different.
    Similar = 2,
    /// Significantly higher.
    Higher = 3,
}

fn comparison_of(c: Option<Comparison>) -> comparison {
    match c {
        None => comparison::Unknown,
        Some(Comparison::Lower) => comparison::Lower,
        Some(Comparison::Similar) => comparison::Similar,
        Some(Comparison::Higher) => comparison::Higher,
    }
}

/// The profile of one area.
///
/// Since 0.1.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct area_profile {
    /// Properties of the gazetteer in the area.
    pub properties: u64,
    /// Residential properties (households) in the area.
    pub households: u64,
    /// Residents, NaN when no population was given for the area.
    pub population: f64,
    /// IMD score; NaN without deprivation.
    pub imd_score: f64,
    /// National IMD rank (1 = most deprived); 0 when unknown.
    pub imd_rank: u32,
    /// National IMD decile (1 = most deprived 10%); 0 when unknown.
    pub imd_decile: u8,
    /// 1 when the area is in the 10% most deprived nationally, else 0.
    pub most_deprived_10pct: u8,
    /// 1 when the area is in the 20% most deprived nationally, else 0.
    pub most_deprived_20pct: u8,
}

/// One indicator of one area (e.g. `crime:all`, `crime:Burglary`).
///
/// Since 0.1.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct indicator {
    /// Events counted; 0 when `suppressed` is 1.
    pub count: u64,
    /// Residents (or households) the rate is per; 0 when unknown.
    pub denominator: f64,
    /// Rate per 1,000; NaN when unknown or suppressed.
    pub value: f64,
    /// Lower end of the 95% Byar interval; NaN when unknown or suppressed.
    pub lower: f64,
    /// Upper end of the 95% Byar interval; NaN when unknown or suppressed.
    pub upper: f64,
    /// Compared with the whole area set.
    pub vs_borough: comparison,
    /// 1 when the count is from 1 to `suppress - 1` and so withheld, else 0.
    pub suppressed: u8,
}

/// Profiles the areas of `areas` with the properties of `gazetteer`.
///
/// Optional inputs (NULL to leave out): `deprivation` (an LSOA area set takes each LSOA's
/// own IMD figures); `population_path` (a CSV of residents per area: ONS LSOA totals, or
/// single-year-of-age rows that are summed); `crime_path` (a police.uk street-level CSV,
/// counted by LSOA code, which needs the population), with `first_month` and `last_month`
/// (`"YYYY-MM"`, both NULL for every month in the file). Texts are UTF-8, pointer + length.
///
/// On success writes a new profile to `*profile_out`; the caller frees it with
/// outreach_profile_free().
///
/// Errors: OUTREACH_STATUS_NULL_ARGUMENT if `areas`, `gazetteer` or `profile_out` is NULL;
/// OUTREACH_STATUS_INVALID_UTF8 for a text that is not UTF-8; OUTREACH_STATUS_INVALID_ARGUMENT
/// for crime without a population, only one of the months, a malformed month, deprivation
/// of another vintage or on areas that are not LSOAs; OUTREACH_STATUS_IO /
/// OUTREACH_STATUS_FORMAT when a file cannot be read or is malformed.
/// Thread safety: may be called from any thread; uses the library's worker threads.
///
/// Since 0.1.
///
/// # Safety
/// Handles are NULL or live; each text pointer is NULL or points to its length in readable
/// bytes; `profile_out` is NULL or valid for a write.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn outreach_profile_build(
    areas: *const AreaSet,
    gazetteer: *const Gazetteer,
    deprivation: *const Deprivation,
    population_path: *const c_char,
    population_path_len: usize,
    crime_path: *const c_char,
    crime_path_len: usize,
    first_month: *const c_char,
    first_month_len: usize,
    last_month: *const c_char,
    last_month_len: usize,
    profile_out: *mut *mut Profile,
) -> Status {
    guard(|| {
        // SAFETY: the pointers are valid or NULL, as this function's contract requires.
        let (areas, gazetteer, profile_out) = unsafe {
            (
                input(areas, "areas")?,
                input(gazetteer, "gazetteer")?,
                output(profile_out, "profile_out")?,
            )
        };
        // SAFETY: as above; NULL optional texts are skipped before `text` reads them.
        let opt = |p: *const c_char, len: usize, name| unsafe {
            if p.is_null() {
                Ok(None)
            } else {
                text(p, len, name).map(Some)
            }
        };
        let population_path = opt(population_path, population_path_len, "population_path")?;
        let crime_path = opt(crime_path, crime_path_len, "crime_path")?;
        let first = opt(first_month, first_month_len, "first_month")?;
        let last = opt(last_month, last_month_len, "last_month")?;
        let period = match (first, last) {
            (Some(f), Some(l)) => Some(Span::between(f.parse()?, l.parse()?)?),
            (None, None) => None,
            _ => {
                return Err(Error::InvalidArgument {
                    name: "last_month",
                    reason: "give both first_month and last_month, or neither".into(),
                }
                .into())
            }
        };
        let (set, g) = (&areas.0, &gazetteer.0);
        let placed = g.assign(set);
        let mut profiler = Profiler::new(set, g, &placed)?;
        if let Some(p) = population_path {
            let p = Path::new(p);
            let pop: HashMap<AreaCode, f64> = match io::read_population_by_age(p) {
                Ok((ages, _)) => ages.into_iter().map(|(k, (all, _))| (k, all)).collect(),
                Err(_) => io::read_lsoa_population(p, None)?.0,
            };
            profiler = profiler.population_by_code(&pop)?;
        }
        if !deprivation.is_null() {
            // SAFETY: non-NULL, so a live table by this function's contract.
            let d = unsafe { input(deprivation, "deprivation")? };
            if set.kind() != AreaKind::Lsoa {
                return Err(Error::InvalidArgument {
                    name: "deprivation",
                    reason: "deprivation is looked up for LSOA area sets only".into(),
                }
                .into());
            }
            profiler = profiler.deprivation(&d.0)?;
        }
        if let Some(c) = crime_path {
            let (records, _) = io::read_police_uk(Path::new(c))?;
            let (events, _) = EventCounts::from_records("crime", set, &records, period)?;
            profiler = profiler.events(events)?;
        }
        let inner = profiler.build()?;
        let index = inner
            .codes()
            .iter()
            .enumerate()
            .map(|(i, c)| (c.clone(), i))
            .collect();
        profile_out.set(into_handle(Profile { inner, index }));
        Ok(())
    })
}

fn area_index(profile: &Profile, code: &str) -> Result<usize, crate::status::Failure> {
    let parsed: AreaCode = code.parse()?;
    profile
        .index
        .get(parsed.as_str())
        .copied()
        .ok_or_else(|| Error::UnknownArea(parsed).into())
}

/// Gets the number of areas in a profile.
///
/// Errors: OUTREACH_STATUS_NULL_ARGUMENT if a pointer is NULL.
/// Thread safety: the profile may be queried from several threads at once.
///
/// Since 0.1.
///
/// # Safety
/// `profile` is NULL or live; `len_out` is NULL or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn outreach_profile_len(
    profile: *const Profile,
    len_out: *mut usize,
) -> Status {
    guard(|| {
        // SAFETY: the pointers are valid or NULL, as this function's contract requires.
        let (profile, len_out) =
            unsafe { (input(profile, "profile")?, output(len_out, "len_out")?) };
        len_out.set(profile.inner.len());
        Ok(())
    })
}

/// The profile of one area, by code (e.g. `"E01024915"`).
///
/// Errors: OUTREACH_STATUS_NULL_ARGUMENT if a pointer is NULL; OUTREACH_STATUS_INVALID_UTF8;
/// OUTREACH_STATUS_INVALID_AREA_CODE for an empty or too long code;
/// OUTREACH_STATUS_UNKNOWN_AREA if the profile has no such area.
/// Thread safety: the profile may be queried from several threads at once.
///
/// Since 0.1.
///
/// # Safety
/// `profile` is NULL or live; `code` is NULL or points to `code_len` readable bytes; `out`
/// is NULL or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn outreach_profile_area(
    profile: *const Profile,
    code: *const c_char,
    code_len: usize,
    out: *mut area_profile,
) -> Status {
    guard(|| {
        // SAFETY: the pointers are valid or NULL, as this function's contract requires.
        let (profile, code, out) = unsafe {
            (
                input(profile, "profile")?,
                text(code, code_len, "code")?,
                output(out, "out")?,
            )
        };
        let a = area_index(profile, code)?;
        let p = &profile.inner;
        let dep = p.deprivation().and_then(|d| d.get(a));
        let flag = |s: Option<f64>| u8::from(s.is_some_and(|s| s > 0.0));
        out.set(area_profile {
            properties: p.properties()[a],
            households: p.households()[a],
            population: p.population()[a].unwrap_or(f64::NAN),
            imd_score: dep.and_then(|d| d.imd_score).unwrap_or(f64::NAN),
            imd_rank: dep.and_then(|d| d.imd_rank).unwrap_or(0),
            imd_decile: dep.and_then(|d| d.imd_decile).unwrap_or(0),
            most_deprived_10pct: flag(dep.and_then(|d| d.share_most_deprived_10)),
            most_deprived_20pct: flag(dep.and_then(|d| d.share_most_deprived_20)),
        });
        Ok(())
    })
}

/// One indicator of one area, e.g. `"crime:all"` or `"crime:Burglary"` (police.uk crime
/// types), with small-number suppression: a count from 1 to `suppress - 1` is withheld
/// (`suppressed` = 1, count 0, values NaN). `suppress` 0 withholds nothing (internal use).
///
/// Errors: OUTREACH_STATUS_NULL_ARGUMENT if a pointer is NULL; OUTREACH_STATUS_INVALID_UTF8;
/// OUTREACH_STATUS_INVALID_AREA_CODE / OUTREACH_STATUS_UNKNOWN_AREA for the code;
/// OUTREACH_STATUS_INVALID_ARGUMENT for an indicator the profile does not have.
/// Thread safety: the profile may be queried from several threads at once.
///
/// Since 0.1.
///
/// # Safety
/// `profile` is NULL or live; each text pointer is NULL or points to its length in
/// readable bytes; `out` is NULL or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn outreach_profile_indicator(
    profile: *const Profile,
    code: *const c_char,
    code_len: usize,
    indicator_id: *const c_char,
    indicator_id_len: usize,
    suppress: u64,
    out: *mut indicator,
) -> Status {
    guard(|| {
        // SAFETY: the pointers are valid or NULL, as this function's contract requires.
        let (profile, code, id, out) = unsafe {
            (
                input(profile, "profile")?,
                text(code, code_len, "code")?,
                text(indicator_id, indicator_id_len, "indicator_id")?,
                output(out, "out")?,
            )
        };
        let a = area_index(profile, code)?;
        let i = profile
            .inner
            .indicator(a, id)
            .ok_or_else(|| Error::InvalidArgument {
                name: "indicator_id",
                reason: format!("no indicator {id:?} in the profile"),
            })?;
        let hidden = stats::suppress(i.count, suppress).is_none();
        let nan = f64::NAN;
        out.set(if hidden {
            indicator {
                count: 0,
                denominator: i.denominator,
                value: nan,
                lower: nan,
                upper: nan,
                vs_borough: comparison::Unknown,
                suppressed: 1,
            }
        } else {
            indicator {
                count: i.count,
                denominator: i.denominator,
                value: i.value.unwrap_or(nan),
                lower: i.interval.map_or(nan, |c| c.lower),
                upper: i.interval.map_or(nan, |c| c.upper),
                vs_borough: comparison_of(i.vs_borough.map(|c| c.flag)),
                suppressed: 0,
            }
        });
        Ok(())
    })
}

/// Writes the profile's area table (one row per area; see the Rust `Profile::area_table`)
/// as CSV to `path`, suppressing counts from 1 to `suppress - 1` and everything derived
/// from them.
///
/// Errors: OUTREACH_STATUS_NULL_ARGUMENT; OUTREACH_STATUS_INVALID_UTF8; OUTREACH_STATUS_IO
/// when the file cannot be written.
/// Thread safety: the profile may be used from several threads at once.
///
/// Since 0.1.
///
/// # Safety
/// `profile` is NULL or live; `path` is NULL or points to `path_len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn outreach_profile_write_csv(
    profile: *const Profile,
    path: *const c_char,
    path_len: usize,
    suppress: u64,
) -> Status {
    guard(|| {
        // SAFETY: the pointers are valid or NULL, as this function's contract requires.
        let (profile, path) =
            unsafe { (input(profile, "profile")?, text(path, path_len, "path")?) };
        let table = profile.inner.area_table()?.suppressed(suppress)?;
        let io_err = |source| Error::Io {
            path: path.into(),
            source,
        };
        let file = std::fs::File::create(path).map_err(io_err)?;
        table.write_csv(file).map_err(io_err)?;
        Ok(())
    })
}

/// Frees a profile. NULL is a no-op.
///
/// Thread safety: no other thread may use the profile during or after this call.
///
/// Since 0.1.
///
/// # Safety
/// `profile` is NULL or a profile from this library that was not freed before.
#[no_mangle]
pub unsafe extern "C" fn outreach_profile_free(profile: *mut Profile) {
    // SAFETY: per this function's contract the pointer is NULL or an unfreed handle.
    unsafe { free_handle(profile) }
}
