//! Performance reporting for council systems: year-on-year change of figures (with a
//! Poisson significance test for counts) and RAG status against a target. Pure
//! functions over caller arrays: no handle, nothing to free.
//!
//! The lowercase type names below become `outreach_kpi_change` and `outreach_rag` in
//! the header (cbindgen adds the `outreach_` prefix).

#![allow(non_camel_case_types)]

use std::ffi::c_int;

use outreach_core::kpi::{self, Polarity, Rag, Unit, ValueChange};

use crate::status::{array, guard, output, Failure, Status};

/// A figure compared with the same figure a year earlier, as written by
/// outreach_kpi_compare().
///
/// Since 0.1.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct kpi_change {
    /// (current - previous) / previous x 100, rounded to 1 decimal place half away from
    /// zero, as committee reports print it (1413 -> 1455 gives 3.0). 0 when
    /// `change_defined` is 0.
    pub change_pct: f64,
    /// 1 when `change_pct` is defined; 0 when the previous figure is 0 (a percentage change
    /// from zero is undefined: no infinity or NaN is ever written).
    pub change_defined: c_int,
    /// Two-sided p-value of the exact conditional test that two Poisson counts over equal
    /// periods have the same rate (Binomial(current + previous, 1/2)); small counts are
    /// not over-read: 6 -> 1 gives 0.125. 1 when `p_value_defined` is 0.
    pub p_value: f64,
    /// 1 when `p_value` was computed: `counts` was non-zero and both figures are whole
    /// numbers of 0 or more.
    pub p_value_defined: c_int,
}

/// A RAG status, as written by outreach_kpi_rag().
///
/// Since 0.1.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum rag {
    /// Worse than target by more than the tolerance.
    Red = 1,
    /// Worse than target, but by no more than the tolerance.
    Amber = 2,
    /// On or better than target.
    Green = 3,
}

/// Compares `len` current figures with the previous year's: for each index i, the %
/// change from `previous[i]` to `current[i]` and, for counts, its significance.
///
/// `changes_out` must have room for `len` entries; on success entry i describes index i.
/// Pass `counts` non-zero when the figures are counts of events (crimes, fires) to get
/// p-values; 0 for percentages, rates or amounts.
///
/// Errors: OUTREACH_STATUS_NULL_ARGUMENT if an array is NULL while `len` is not 0;
/// OUTREACH_STATUS_INVALID_ARGUMENT if a figure is not finite (nothing is written).
/// Thread safety: may be called from any thread.
///
/// Since 0.1.
///
/// # Safety
/// `current` and `previous` are NULL or point to `len` readable doubles; `changes_out` is
/// NULL or points to room for `len` writable `outreach_kpi_change`.
#[no_mangle]
pub unsafe extern "C" fn outreach_kpi_compare(
    current: *const f64,
    previous: *const f64,
    len: usize,
    counts: c_int,
    changes_out: *mut kpi_change,
) -> Status {
    guard(|| {
        // SAFETY: the pointers are valid for `len` elements or NULL, as this function's
        // contract requires.
        let (current, previous) = unsafe {
            (
                array(current, len, "current")?,
                array(previous, len, "previous")?,
            )
        };
        if len > 0 && changes_out.is_null() {
            return Err(Failure::Null("changes_out"));
        }
        let unit = if counts != 0 {
            Unit::Count
        } else {
            Unit::Number
        };
        let changes = current
            .iter()
            .zip(previous)
            .map(|(&c, &p)| ValueChange::between(c, p, unit).map(to_c))
            .collect::<Result<Vec<_>, _>>()?;
        if len > 0 {
            // SAFETY: non-NULL and valid for `len` writes per the contract; nothing else
            // writes to it during the call.
            let out = unsafe { std::slice::from_raw_parts_mut(changes_out, len) };
            out.copy_from_slice(&changes);
        }
        Ok(())
    })
}

fn to_c(v: ValueChange) -> kpi_change {
    let pct = v.change.rounded_pct();
    kpi_change {
        change_pct: pct.unwrap_or(0.0),
        change_defined: c_int::from(pct.is_some()),
        p_value: v.p_value.unwrap_or(1.0),
        p_value_defined: c_int::from(v.p_value.is_some()),
    }
}

/// Rates `actual` against `target` (both for the same span, e.g. year to date against
/// the target to date): green when on or better than target, amber when worse by at most
/// `tolerance_pct` percent of the target (5 is usual), red otherwise. Pass
/// `higher_is_better` non-zero when more is better (% of vulnerable households given a
/// fire safety check), 0 when less is better (accidental dwelling fires: 27 against a
/// target to date of 32 is green).
///
/// On success writes the status to `*rag_out`.
///
/// Errors: OUTREACH_STATUS_NULL_ARGUMENT if `rag_out` is NULL;
/// OUTREACH_STATUS_INVALID_ARGUMENT if a value is not finite or the tolerance is negative.
/// Thread safety: may be called from any thread.
///
/// Since 0.1.
///
/// # Safety
/// `rag_out` is NULL or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn outreach_kpi_rag(
    actual: f64,
    target: f64,
    higher_is_better: c_int,
    tolerance_pct: f64,
    rag_out: *mut rag,
) -> Status {
    guard(|| {
        // SAFETY: valid or NULL per this function's contract.
        let rag_out = unsafe { output(rag_out, "rag_out")? };
        let polarity = if higher_is_better != 0 {
            Polarity::HigherIsBetter
        } else {
            Polarity::LowerIsBetter
        };
        let status = kpi::rag(actual, target, polarity, tolerance_pct)?;
        rag_out.set(match status {
            Rag::Red => rag::Red,
            Rag::Amber => rag::Amber,
            Rag::Green => rag::Green,
        });
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compare_writes_every_entry_or_none() {
        let current = [1455.0, 61.0, 1.0, 4.0];
        let previous = [1413.0, 44.0, 6.0, 0.0];
        let mut out = [kpi_change {
            change_pct: -1.0,
            change_defined: -1,
            p_value: -1.0,
            p_value_defined: -1,
        }; 4];
        // SAFETY: arrays of 4.
        let status = unsafe {
            outreach_kpi_compare(current.as_ptr(), previous.as_ptr(), 4, 1, out.as_mut_ptr())
        };
        assert_eq!(status, Status::Ok);
        assert_eq!(out.map(|c| c.change_pct), [3.0, 38.6, -83.3, 0.0]);
        assert_eq!(out.map(|c| c.change_defined), [1, 1, 1, 0]);
        assert!((out[2].p_value - 0.125).abs() < 1e-12);
        let bad = [f64::NAN];
        let before = out;
        // SAFETY: arrays of 1.
        let status =
            unsafe { outreach_kpi_compare(bad.as_ptr(), bad.as_ptr(), 1, 1, out.as_mut_ptr()) };
        assert_eq!(status, Status::InvalidArgument);
        assert_eq!(out, before);
    }

    #[test]
    fn rag_follows_polarity() {
        let mut got = rag::Red;
        // SAFETY: a valid out-pointer, then NULL.
        unsafe {
            assert_eq!(outreach_kpi_rag(27.0, 32.0, 0, 5.0, &mut got), Status::Ok);
            assert_eq!(got, rag::Green);
            assert_eq!(outreach_kpi_rag(27.0, 32.0, 1, 5.0, &mut got), Status::Ok);
            assert_eq!(got, rag::Red);
            assert_eq!(
                outreach_kpi_rag(27.0, 32.0, 1, 5.0, std::ptr::null_mut()),
                Status::NullArgument
            );
        }
    }
}
