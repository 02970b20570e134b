//! `outreach_campaign`: a multi-agency campaign (Week of Action) read from its JSON rules;
//! `outreach_plan`: the campaign planned on the demo households, its visit list, CSV
//! outputs and uptake.

use std::ffi::c_char;
use std::path::Path;
use std::sync::Arc;

use outreach_core::campaign::outcomes::{self, DateRange};
use outreach_core::campaign::{Campaign as CoreCampaign, Plan as CorePlan};
use outreach_core::demo::Demo as CoreDemo;
use outreach_core::io;

use crate::demo::Demo;
use crate::status::{
    free_handle, guard, input, into_handle, optional_output, out_of_range, output, text, Failure,
    Status,
};

/// A campaign: partners with a daily capacity, services with their partner, delivery and
/// eligibility, the area and the days (see `examples/week_of_action.json`).
///
/// Made by outreach_campaign_load() or outreach_campaign_from_json(). Immutable: any
/// number of threads may use one campaign at once. Free it with outreach_campaign_free().
///
/// Since 0.1.
pub struct Campaign(CoreCampaign);

/// A campaign planned on the demo households by outreach_demo_plan(): one visit per
/// household with all its offers, in day, round and visiting order; the households that
/// did not fit. Independent of the demo and campaign it was made from (they may be freed
/// first). Immutable: any number of threads may query one plan at once. Free it with
/// outreach_plan_free().
///
/// Since 0.1.
pub struct Plan {
    inner: CorePlan,
    /// Each visit's service names joined by `;` (borrowed by `outreach_plan_get`).
    services: Vec<String>,
    /// The households planned over (for uptake by LSOA).
    demo: Arc<CoreDemo>,
}

/// One visit of a plan. `day_label` and `services` are UTF-8 (not NUL-terminated) owned by
/// the plan they came from, valid until that plan is freed.
///
/// Since 0.1.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct plan_visit {
    /// The household's UPRN.
    pub uprn: u64,
    /// Easting of the door (BNG metres).
    pub x: f64,
    /// Northing of the door (BNG metres).
    pub y: f64,
    /// Day index, 0-based, into the campaign's days.
    pub day: usize,
    /// The day's label as written in the campaign (e.g. `2026-10-05`).
    pub day_label: *const c_char,
    /// Length of `day_label` in bytes.
    pub day_label_len: usize,
    /// Round within the day, from 1.
    pub round: u32,
    /// Position in the round's visiting order, from 1.
    pub order: u32,
    /// Total priority score over its services.
    pub score: f64,
    /// The services offered, names joined by `;` (e.g. `fire_check;flu_jab`).
    pub services: *const c_char,
    /// Length of `services` in bytes.
    pub services_len: usize,
}

/// Reads a campaign rules file (JSON; UTF-8 path, pointer + length) and checks it.
///
/// On success writes a new campaign to `*campaign_out`; the caller frees it with
/// outreach_campaign_free().
///
/// Errors: OUTREACH_STATUS_NULL_ARGUMENT if `path` or `campaign_out` is NULL;
/// OUTREACH_STATUS_INVALID_UTF8 if the path is not UTF-8; OUTREACH_STATUS_IO when the file
/// cannot be read; OUTREACH_STATUS_FORMAT (with the line) for malformed JSON or a field the
/// rules do not have; OUTREACH_STATUS_INVALID_ARGUMENT for an inconsistent campaign (no
/// days or services, a name declared twice, a service naming an undeclared partner).
/// Thread safety: may be called from any thread.
///
/// Since 0.1.
///
/// # Safety
/// `path` is NULL or points to `path_len` readable bytes; `campaign_out` is NULL or valid
/// for a write.
#[no_mangle]
pub unsafe extern "C" fn outreach_campaign_load(
    path: *const c_char,
    path_len: usize,
    campaign_out: *mut *mut Campaign,
) -> Status {
    guard(|| {
        // SAFETY: the pointers are valid or NULL, as this function's contract requires.
        let (path, campaign_out) = unsafe {
            (
                text(path, path_len, "path")?,
                output(campaign_out, "campaign_out")?,
            )
        };
        let c = CoreCampaign::from_json_file(Path::new(path))?;
        campaign_out.set(into_handle(Campaign(c)));
        Ok(())
    })
}

/// Parses a campaign from its JSON rules (UTF-8, pointer + length) and checks it.
///
/// On success writes a new campaign to `*campaign_out`; the caller frees it with
/// outreach_campaign_free().
///
/// Errors: OUTREACH_STATUS_NULL_ARGUMENT if `json` or `campaign_out` is NULL;
/// OUTREACH_STATUS_INVALID_UTF8 if the text is not UTF-8;
/// OUTREACH_STATUS_INVALID_ARGUMENT for malformed JSON, a field the rules do not have or
/// an inconsistent campaign.
/// Thread safety: may be called from any thread.
///
/// Since 0.1.
///
/// # Safety
/// `json` is NULL or points to `json_len` readable bytes; `campaign_out` is NULL or valid
/// for a write.
#[no_mangle]
pub unsafe extern "C" fn outreach_campaign_from_json(
    json: *const c_char,
    json_len: usize,
    campaign_out: *mut *mut Campaign,
) -> Status {
    guard(|| {
        // SAFETY: the pointers are valid or NULL, as this function's contract requires.
        let (json, campaign_out) = unsafe {
            (
                text(json, json_len, "json")?,
                output(campaign_out, "campaign_out")?,
            )
        };
        let c = CoreCampaign::from_json(json)?;
        campaign_out.set(into_handle(Campaign(c)));
        Ok(())
    })
}

/// Frees a campaign; NULL is a no-op. Plans made from it stay valid.
///
/// Thread safety: no other thread may use the campaign during or after this call.
///
/// Since 0.1.
///
/// # Safety
/// `campaign` is NULL or came from outreach_campaign_load() or
/// outreach_campaign_from_json() and was not freed before.
#[no_mangle]
pub unsafe extern "C" fn outreach_campaign_free(campaign: *mut Campaign) {
    // SAFETY: per this function's contract.
    unsafe { free_handle(campaign) }
}

/// Plans `campaign` on the demo households: one visit per eligible household in the area
/// with all its offers, each partner's daily capacity respected, each day cut into rounds
/// of nearby doors. The campaign's `as_of` month dates history rules. `history_path`
/// (UTF-8, NULL for none) is an interventions CSV (`uprn,service,date,result`): records
/// `delivered` before the first campaign day count as past interventions.
///
/// On success writes a new plan to `*plan_out` and, when `applied_out` is not NULL, the
/// number of history records applied to `*applied_out`; the caller frees the plan with
/// outreach_plan_free().
///
/// Errors: OUTREACH_STATUS_NULL_ARGUMENT if `demo`, `campaign` or `plan_out` is NULL;
/// OUTREACH_STATUS_INVALID_UTF8; OUTREACH_STATUS_IO / OUTREACH_STATUS_FORMAT when the
/// history file cannot be read or lacks a column; OUTREACH_STATUS_INVALID_ARGUMENT for an
/// `as_of` that is not `YYYY-MM`, history while the first day is not a `YYYY-MM-DD` date,
/// or a rule naming data the demo lacks.
/// Thread safety: may be called from any thread; the demo and campaign may be shared.
///
/// Since 0.1.
///
/// # Safety
/// `demo` and `campaign` are NULL or live; `history_path` is NULL or points to
/// `history_path_len` readable bytes; `plan_out` and `applied_out` are NULL or valid for a
/// write.
#[no_mangle]
pub unsafe extern "C" fn outreach_demo_plan(
    demo: *const Demo,
    campaign: *const Campaign,
    history_path: *const c_char,
    history_path_len: usize,
    plan_out: *mut *mut Plan,
    applied_out: *mut usize,
) -> Status {
    guard(|| {
        // SAFETY: the pointers are valid or NULL, as this function's contract requires.
        let (demo, campaign, plan_out, applied_out) = unsafe {
            (
                input(demo, "demo")?,
                input(campaign, "campaign")?,
                output(plan_out, "plan_out")?,
                optional_output(applied_out),
            )
        };
        let history = if history_path.is_null() {
            Vec::new()
        } else {
            // SAFETY: non-NULL, so `history_path_len` readable bytes by the contract.
            let path = unsafe { text(history_path, history_path_len, "history_path")? };
            io::read_interventions(Path::new(path))?.0
        };
        let (inner, applied) = demo.0.plan(&campaign.0, &history)?;
        let services = inner
            .visits
            .iter()
            .map(|v| inner.service_names(&v.services))
            .collect();
        plan_out.set(into_handle(Plan {
            inner,
            services,
            demo: Arc::clone(&demo.0),
        }));
        if let Some(applied_out) = applied_out {
            applied_out.set(applied);
        }
        Ok(())
    })
}

/// Gets the number of visits of a plan.
///
/// Errors: OUTREACH_STATUS_NULL_ARGUMENT if a pointer is NULL.
/// Thread safety: the plan may be queried from several threads at once.
///
/// Since 0.1.
///
/// # Safety
/// `plan` is NULL or a live plan; `len_out` is NULL or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn outreach_plan_len(plan: *const Plan, len_out: *mut usize) -> Status {
    guard(|| {
        // SAFETY: the pointers are valid or NULL, as this function's contract requires.
        let (plan, len_out) = unsafe { (input(plan, "plan")?, output(len_out, "len_out")?) };
        len_out.set(plan.inner.visits.len());
        Ok(())
    })
}

/// Gets visit `i` (0-based) of a plan, in day, round and visiting order. Its texts stay
/// valid as long as the plan.
///
/// Errors: OUTREACH_STATUS_NULL_ARGUMENT if a pointer is NULL;
/// OUTREACH_STATUS_INVALID_ARGUMENT if `i` is out of range.
/// Thread safety: the plan may be queried from several threads at once.
///
/// Since 0.1.
///
/// # Safety
/// `plan` is NULL or a live plan; `visit_out` is NULL or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn outreach_plan_get(
    plan: *const Plan,
    i: usize,
    visit_out: *mut plan_visit,
) -> Status {
    guard(|| {
        // SAFETY: the pointers are valid or NULL, as this function's contract requires.
        let (plan, visit_out) = unsafe { (input(plan, "plan")?, output(visit_out, "visit_out")?) };
        let visits = &plan.inner.visits;
        let (v, services) = visits
            .get(i)
            .zip(plan.services.get(i))
            .ok_or_else(|| out_of_range("i", i, visits.len(), "plan"))?;
        let day = plan
            .inner
            .campaign()
            .days
            .get(v.day)
            .map_or("", String::as_str);
        let small = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        visit_out.set(plan_visit {
            uprn: v.uprn.get(),
            x: v.x,
            y: v.y,
            day: v.day,
            day_label: day.as_ptr().cast::<c_char>(),
            day_label_len: day.len(),
            round: small(v.round),
            order: small(v.order),
            score: v.score,
            services: services.as_ptr().cast::<c_char>(),
            services_len: services.len(),
        });
        Ok(())
    })
}

/// Gets the number of eligible households of a plan that fitted on no day (a partner's
/// capacity ran out).
///
/// Errors: OUTREACH_STATUS_NULL_ARGUMENT if a pointer is NULL.
/// Thread safety: the plan may be queried from several threads at once.
///
/// Since 0.1.
///
/// # Safety
/// `plan` is NULL or a live plan; `len_out` is NULL or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn outreach_plan_unscheduled_len(
    plan: *const Plan,
    len_out: *mut usize,
) -> Status {
    guard(|| {
        // SAFETY: the pointers are valid or NULL, as this function's contract requires.
        let (plan, len_out) = unsafe { (input(plan, "plan")?, output(len_out, "len_out")?) };
        len_out.set(plan.inner.unscheduled.len());
        Ok(())
    })
}

/// Gets the number of rounds of a plan, over all days (a round is a (day, round) pair).
///
/// Errors: OUTREACH_STATUS_NULL_ARGUMENT if a pointer is NULL.
/// Thread safety: the plan may be queried from several threads at once.
///
/// Since 0.1.
///
/// # Safety
/// `plan` is NULL or a live plan; `len_out` is NULL or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn outreach_plan_round_count(
    plan: *const Plan,
    len_out: *mut usize,
) -> Status {
    guard(|| {
        // SAFETY: the pointers are valid or NULL, as this function's contract requires.
        let (plan, len_out) = unsafe { (input(plan, "plan")?, output(len_out, "len_out")?) };
        len_out.set(plan.inner.round_lengths().len());
        Ok(())
    })
}

/// Writes every output of a plan as CSV under directory `dir` (UTF-8, created if
/// missing), as `outreach plan` does: `visits.csv`, `visit_sheets.csv` (with coordinates,
/// partners, places, score and reasons), `unscheduled.csv`, `load.csv` (visits per partner
/// per day against capacity) and one work list per partner, `partners/<slug>.csv` (the
/// name in lower case, other characters as `_`: `lancashire_fire_and_rescue.csv`).
///
/// Errors: OUTREACH_STATUS_NULL_ARGUMENT; OUTREACH_STATUS_INVALID_UTF8;
/// OUTREACH_STATUS_IO naming the file that cannot be written;
/// OUTREACH_STATUS_INVALID_ARGUMENT when two partner names give the same file name or a
/// name gives an empty one (nothing is written then).
/// Thread safety: the plan may be used from several threads at once.
///
/// Since 0.1.
///
/// # Safety
/// `plan` is NULL or a live plan; `dir` is NULL or points to `dir_len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn outreach_plan_write_csv(
    plan: *const Plan,
    dir: *const c_char,
    dir_len: usize,
) -> Status {
    guard(|| {
        // SAFETY: the pointers are valid or NULL, as this function's contract requires.
        let (plan, dir) = unsafe { (input(plan, "plan")?, text(dir, dir_len, "dir")?) };
        plan.inner.write_csv_dir(Path::new(dir))?;
        Ok(())
    })
}

/// Uptake of a planned campaign from an interventions CSV (`uprn,service,date,result`):
/// for each service, the households offered it (scheduled or not), how many had a
/// `delivered` record of it dated from `first_date` to `last_date` (`YYYY-MM-DD`, both
/// included) and the share, written as CSV to `out_path` with columns
/// `service,partner,area,eligible,delivered,uptake`: one row per service with area `all`,
/// then, when `by_lsoa` is non-zero, one row per service and LSOA. All texts are UTF-8,
/// pointer + length.
///
/// Errors: OUTREACH_STATUS_NULL_ARGUMENT if a pointer is NULL;
/// OUTREACH_STATUS_INVALID_UTF8; OUTREACH_STATUS_INVALID_ARGUMENT for a malformed date or
/// `last_date` before `first_date`; OUTREACH_STATUS_IO when a file cannot be read or
/// written; OUTREACH_STATUS_FORMAT when the interventions file lacks a column.
/// Thread safety: the plan may be used from several threads at once.
///
/// Since 0.1.
///
/// # Safety
/// `plan` is NULL or a live plan; each text pointer is NULL or points to its length in
/// readable bytes.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn outreach_plan_uptake_csv(
    plan: *const Plan,
    interventions_path: *const c_char,
    interventions_path_len: usize,
    first_date: *const c_char,
    first_date_len: usize,
    last_date: *const c_char,
    last_date_len: usize,
    by_lsoa: i32,
    out_path: *const c_char,
    out_path_len: usize,
) -> Status {
    guard(|| {
        // SAFETY: the pointers are valid or NULL, as this function's contract requires.
        let (plan, records_path, first, last, out) = unsafe {
            (
                input(plan, "plan")?,
                text(
                    interventions_path,
                    interventions_path_len,
                    "interventions_path",
                )?,
                text(first_date, first_date_len, "first_date")?,
                text(last_date, last_date_len, "last_date")?,
                text(out_path, out_path_len, "out_path")?,
            )
        };
        let range = DateRange::new(first.parse()?, last.parse()?)?;
        let (records, _) = io::read_interventions(Path::new(records_path))?;
        let demo = &plan.demo;
        let areas = (by_lsoa != 0).then_some((&demo.lsoas, &demo.household_lsoa));
        let table = outcomes::uptake(&plan.inner, &records, range, areas)?;
        table.write_csv_file(Path::new(out)).map_err(Failure::from)
    })
}

/// Frees a plan; NULL is a no-op.
///
/// Thread safety: no other thread may use the plan during or after this call.
///
/// Since 0.1.
///
/// # Safety
/// `plan` is NULL or came from outreach_demo_plan() and was not freed before.
#[no_mangle]
pub unsafe extern "C" fn outreach_plan_free(plan: *mut Plan) {
    // SAFETY: per this function's contract.
    unsafe { free_handle(plan) }
}
