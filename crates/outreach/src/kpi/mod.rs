//! Partnership performance reporting: indicators, periods, year-on-year comparisons,
//! targets, RAG statuses and a committee-style report.
//!
//! The lifecycle is build → query → export:
//!
//! 1. **Build** [`Observations`]: values of indicators by period, entered
//!    ([`Observations::insert`], [`read_observations`]) or counted from raw records such as
//!    police.uk street-level crimes ([`crate::io::read_police_uk`] then
//!    [`Observations::count_records`], per month and category, optionally per area).
//!    Describe [`Indicator`]s: [`Unit`] (counts add up over months, percentages do not),
//!    [`Polarity`] (is higher better?), an annual [`Target`] optionally profiled by quarter
//!    or month, and the amber tolerance ([`read_targets`] reads them from a CSV).
//! 2. **Query** [`Observations::compare`] / [`Observations::compare_all`] for a
//!    [`Period`]: each [`Comparison`] holds the period against the same period last year,
//!    the year to date against the same point last year and the rolling twelve months,
//!    each as a [`Delta`] with its [`Change`] and, for counts, a Poisson p-value; and the
//!    [`Assessment`] against target with its [`Rag`].
//! 3. **Export** a [`Report`] as Markdown (crime by category, indicators against targets,
//!    projects with their [`RagSummary`]); tables go out through the CLI (CSV) and Python
//!    (Arrow).
//!
//! ## Conventions (decided here, applied everywhere)
//! - **Financial years** run April to March. `2011/12` is April 2011 to March 2012;
//!   `2011-Q2` is its second quarter, July to September 2011; `2011-Q4` is January to
//!   March 2012. `2011-07` is a calendar month. See [`period`].
//! - **Year to date** runs from April of the period's financial year to the end of the
//!   period; "last year" is always the same months twelve months earlier.
//! - **% change** = (current − previous) / previous × 100, printed to 1 dp rounded half
//!   away from zero ([`round_half_up`]). It is undefined when the previous figure is 0
//!   ([`Change::FromZero`], printed `n/a`): no `inf` or `NaN` is ever produced.
//! - **Missing months**: a figure over a span with a month that has no observation is
//!   [`Figure::Incomplete`] (the months are listed) and is never compared or RAG-rated.
//! - **Significance** of a change in counts: the exact conditional binomial test for two
//!   Poisson counts over equal periods ([`poisson_p_value`]), two-sided. No normal
//!   approximation, so small counts (a ward, a rare crime) are not over-read.
//! - **RAG**: green on or better than the target to date given the polarity; amber worse
//!   by at most the tolerance (default 5% of the target); red otherwise. Counts are judged
//!   on the year to date against the profiled target to date (an annual target spread
//!   evenly without a profile); levels on the period against the target level.
//! - **Summaries**: "39 of 44 reported green = 89%", the percentage rounded half up
//!   ([`RagSummary`]).
//!
//! # Examples
//! The Chorley Partnership's crime table, from the quarter counts it printed:
//! ```
//! use outreach::kpi::{Observations, Period};
//! # fn main() -> outreach::Result<()> {
//! let mut obs = Observations::new();
//! for (crime, last_year, this_year) in [
//!     ("All crime", 1413.0, 1455.0),
//!     ("Burglary dwelling", 44.0, 61.0),
//!     ("Robbery", 6.0, 1.0),
//!     ("Criminal damage", 280.0, 215.0),
//! ] {
//!     obs.insert(crime, None, "2010-Q2".parse()?, last_year)?;
//!     obs.insert(crime, None, "2011-Q2".parse()?, this_year)?;
//! }
//! let rows = obs.compare_all(&[], "2011-Q2".parse::<Period>()?);
//! let printed: Vec<String> = rows.iter().map(|r| r.period_change.change.to_string()).collect();
//! assert_eq!(printed, ["+3.0%", "+38.6%", "-83.3%", "-23.2%"]);
//! // Robbery's fall is not significant at 5% (6 → 1 is too few to tell); criminal
//! // damage's is.
//! assert!(rows[2].period_change.p_value.unwrap() > 0.05);
//! assert!(rows[3].period_change.p_value.unwrap() < 0.05);
//! # Ok(())
//! # }
//! ```

mod change;
mod compare;
#[cfg(feature = "io")]
mod files;
mod indicator;
mod observe;
pub mod period;
mod project;
mod report;

pub use change::{poisson_p_value, round_half_up, Change, ValueChange};
pub use compare::{Assessment, Basis, Comparison, Delta};
#[cfg(feature = "io")]
pub use files::{read_observations, read_projects, read_targets};
pub use indicator::{rag, Indicator, Polarity, Rag, Target, Unit, DEFAULT_TOLERANCE_PCT};
pub use observe::{CountOptions, Figure, Observations, Record, SeriesKey};
pub use period::{Month, Period, PeriodKind, Span};
pub use project::{Project, RagSummary};
pub use report::Report;
