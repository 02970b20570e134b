//! `outreach_assignment`: which area each point fell in.

use crate::status::{free_handle, guard, input, out_of_range, output, Status};

/// The result of assigning points to an area set: for each point, in input order (gazetteer
/// row order for outreach_gazetteer_assign()), the index of its area in the set or
/// OUTREACH_OUTSIDE.
///
/// Made by outreach_gazetteer_assign() and outreach_area_set_assign(). Immutable: any number
/// of threads may read one assignment at the same time. It holds only indices, so it stays
/// valid after the gazetteer and area set are freed (but an area set is needed to turn an
/// index into a code). Free it with outreach_assignment_free().
///
/// Since 0.1.
pub struct Assignment(pub(crate) outreach_core::Assignment);

/// Gets the number of points in an assignment.
///
/// On success writes the count to `*len_out`.
///
/// Errors: OUTREACH_STATUS_NULL_ARGUMENT if a pointer is NULL.
/// Thread safety: the assignment may be read from several threads at once.
///
/// Since 0.1.
///
/// # Safety
/// `assignment` is NULL or a live assignment; `len_out` is NULL or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn outreach_assignment_len(
    assignment: *const Assignment,
    len_out: *mut usize,
) -> Status {
    guard(|| {
        // SAFETY: the pointers are valid or NULL, as this function's contract requires.
        let (assignment, len_out) = unsafe {
            (
                input(assignment, "assignment")?,
                output(len_out, "len_out")?,
            )
        };
        len_out.set(assignment.0.len());
        Ok(())
    })
}

/// Gets the area of point `index` (0-based, input order).
///
/// On success writes the area's index in the area set to `*area_out`, or OUTREACH_OUTSIDE
/// when the point is in no area.
///
/// Errors: OUTREACH_STATUS_NULL_ARGUMENT if a pointer is NULL;
/// OUTREACH_STATUS_INVALID_ARGUMENT if `index` is not below the assignment's length.
/// Thread safety: the assignment may be read from several threads at once.
///
/// Since 0.1.
///
/// # Safety
/// `assignment` is NULL or a live assignment; `area_out` is NULL or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn outreach_assignment_area(
    assignment: *const Assignment,
    index: usize,
    area_out: *mut u32,
) -> Status {
    guard(|| {
        // SAFETY: the pointers are valid or NULL, as this function's contract requires.
        let (assignment, area_out) = unsafe {
            (
                input(assignment, "assignment")?,
                output(area_out, "area_out")?,
            )
        };
        let areas = assignment.0.as_slice();
        let area = *areas
            .get(index)
            .ok_or_else(|| out_of_range("index", index, areas.len(), "assignment"))?;
        area_out.set(area);
        Ok(())
    })
}

/// Gets all area indices of an assignment at once, as an array of `uint32_t` in input
/// order with OUTREACH_OUTSIDE for points in no area.
///
/// On success writes a pointer to the first element to `*areas_out` and the number of
/// elements to `*len_out`. When the length is 0 the pointer must not be dereferenced.
///
/// Ownership: the array belongs to the assignment and stays valid, unchanged, until
/// outreach_assignment_free(); do not free or modify it.
///
/// Errors: OUTREACH_STATUS_NULL_ARGUMENT if a pointer is NULL.
/// Thread safety: the assignment may be read from several threads at once.
///
/// Since 0.1.
///
/// # Safety
/// `assignment` is NULL or a live assignment; each out-pointer is NULL or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn outreach_assignment_areas(
    assignment: *const Assignment,
    areas_out: *mut *const u32,
    len_out: *mut usize,
) -> Status {
    guard(|| {
        // SAFETY: the pointers are valid or NULL, as this function's contract requires.
        let (assignment, areas_out, len_out) = unsafe {
            (
                input(assignment, "assignment")?,
                output(areas_out, "areas_out")?,
                output(len_out, "len_out")?,
            )
        };
        let areas = assignment.0.as_slice();
        areas_out.set(areas.as_ptr());
        len_out.set(areas.len());
        Ok(())
    })
}

/// Counts the points of an assignment that are inside some area and outside every area.
///
/// On success writes the two counts to `*assigned_out` and `*outside_out`; they add up to
/// the assignment's length.
///
/// Errors: OUTREACH_STATUS_NULL_ARGUMENT if a pointer is NULL.
/// Thread safety: the assignment may be read from several threads at once.
///
/// Since 0.1.
///
/// # Safety
/// `assignment` is NULL or a live assignment; each out-pointer is NULL or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn outreach_assignment_counts(
    assignment: *const Assignment,
    assigned_out: *mut usize,
    outside_out: *mut usize,
) -> Status {
    guard(|| {
        // SAFETY: the pointers are valid or NULL, as this function's contract requires.
        let (assignment, assigned_out, outside_out) = unsafe {
            (
                input(assignment, "assignment")?,
                output(assigned_out, "assigned_out")?,
                output(outside_out, "outside_out")?,
            )
        };
        assigned_out.set(assignment.0.assigned());
        outside_out.set(assignment.0.outside());
        Ok(())
    })
}

/// Frees an assignment. NULL is a no-op. Arrays obtained from it become invalid.
///
/// Thread safety: no other thread may use the assignment during or after this call.
///
/// Since 0.1.
///
/// # Safety
/// `assignment` is NULL or an assignment from this library that was not freed before.
#[no_mangle]
pub unsafe extern "C" fn outreach_assignment_free(assignment: *mut Assignment) {
    // SAFETY: forwarded contract.
    unsafe { free_handle(assignment) }
}
