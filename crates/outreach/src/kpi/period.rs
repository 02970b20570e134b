//! Calendar months, spans of months, and the reporting periods of a financial year.
//!
//! UK partnership reports count years from April to March. This module fixes one reading
//! of period labels and uses it everywhere:
//!
//! | label | period | months |
//! | --- | --- | --- |
//! | `2011-07` | calendar month | July 2011 |
//! | `2011-Q1` | quarter 1 of financial year 2011/12 | April – June 2011 |
//! | `2011-Q2` | quarter 2 of financial year 2011/12 | July – September 2011 |
//! | `2011-Q3` | quarter 3 of financial year 2011/12 | October – December 2011 |
//! | `2011-Q4` | quarter 4 of financial year 2011/12 | January – March **2012** |
//! | `2011/12` | financial year 2011/12 | April 2011 – March 2012 |
//!
//! So the year in a quarter label is the year the financial year *starts*, never the
//! calendar year of the quarter: `2011-Q4` ends in March 2012. Calendar quarters are not
//! accepted (write the three months, or the financial quarter, instead).

use std::fmt;
use std::str::FromStr;

use crate::error::{Error, Result};

const MONTH_NAMES: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Years a period label may use. Four digits keep every label unambiguous.
const YEARS: std::ops::RangeInclusive<i32> = 1000..=9998;

/// A calendar month, such as `2011-07`.
///
/// Ordered in time; `month + n` via [`Month::plus`].
///
/// # Examples
/// ```
/// use outreach::kpi::Month;
/// # fn main() -> outreach::Result<()> {
/// let july: Month = "2011-07".parse()?;
/// assert_eq!((july.year(), july.month()), (2011, 7));
/// assert_eq!(july.financial_year(), 2011);
/// assert_eq!("2012-02".parse::<Month>()?.financial_year(), 2011);
/// assert_eq!(july.plus(6).to_string(), "2012-01");
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month(i32);

impl Month {
    /// The month `month` (1-12) of `year` (1000-9998).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when the month or year is out of range.
    pub fn new(year: i32, month: u32) -> Result<Self> {
        if !YEARS.contains(&year) {
            return Err(Error::arg("year", format!("{year} is outside 1000-9998")));
        }
        if !(1..=12).contains(&month) {
            return Err(Error::arg("month", format!("{month} is not 1-12")));
        }
        Ok(Month(year * 12 + month as i32 - 1))
    }

    /// The calendar year.
    pub fn year(self) -> i32 {
        self.0.div_euclid(12)
    }

    /// The month of the year, 1 (January) to 12 (December).
    pub fn month(self) -> u32 {
        self.0.rem_euclid(12) as u32 + 1
    }

    /// The first year of the financial year (April-March) the month belongs to: 2011 for
    /// April 2011 to March 2012.
    pub fn financial_year(self) -> i32 {
        if self.month() >= 4 {
            self.year()
        } else {
            self.year() - 1
        }
    }

    /// The month `n` months later (earlier when `n` is negative), saturating at the ends of
    /// the representable range rather than overflowing.
    pub fn plus(self, n: i32) -> Month {
        Month(self.0.saturating_add(n))
    }

    /// The number of months from `self` to `later` (negative when `later` is earlier).
    pub fn months_until(self, later: Month) -> i32 {
        later.0.saturating_sub(self.0)
    }

    /// "Jul 2011", as a committee report prints a month.
    pub fn long_name(self) -> String {
        format!("{} {}", MONTH_NAMES[self.month() as usize - 1], self.year())
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year(), self.month())
    }
}

impl FromStr for Month {
    type Err = Error;

    /// Parses `YYYY-MM`.
    fn from_str(s: &str) -> Result<Self> {
        let bad = |reason: &str| Error::arg("month", format!("{s:?}: {reason}"));
        let (y, m) = s
            .trim()
            .split_once('-')
            .ok_or_else(|| bad("expected YYYY-MM"))?;
        if y.len() != 4 || m.len() != 2 {
            return Err(bad("expected YYYY-MM"));
        }
        let year = digits(y).ok_or_else(|| bad("the year is not a number"))?;
        let month = digits(m).ok_or_else(|| bad("the month is not a number"))?;
        Month::new(year as i32, month)
    }
}

/// A run of consecutive months, such as a year to date (April to September).
///
/// # Examples
/// ```
/// use outreach::kpi::{Month, Span};
/// # fn main() -> outreach::Result<()> {
/// let ytd = Span::new("2011-04".parse()?, 6)?;
/// assert_eq!(ytd.last().to_string(), "2011-09");
/// assert_eq!(ytd.to_string(), "2011-04 to 2011-09");
/// assert_eq!(ytd.year_earlier().to_string(), "2010-04 to 2010-09");
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    first: Month,
    months: u32,
}

impl Span {
    /// The longest span accepted: a thousand years.
    pub const MAX_MONTHS: u32 = 12_000;

    /// `months` months from `first` on.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when `months` is zero or more than [`Span::MAX_MONTHS`].
    pub fn new(first: Month, months: u32) -> Result<Self> {
        if months == 0 || months > Self::MAX_MONTHS {
            return Err(Error::arg(
                "months",
                format!("{months}: a span has 1 to {} months", Self::MAX_MONTHS),
            ));
        }
        Ok(Span { first, months })
    }

    /// The months from `first` to `last`, both included.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when `last` is before `first` or the span is longer than
    /// [`Span::MAX_MONTHS`].
    pub fn between(first: Month, last: Month) -> Result<Self> {
        let n = first.months_until(last);
        if n < 0 {
            return Err(Error::arg("last", format!("{last} is before {first}")));
        }
        Span::new(first, n as u32 + 1)
    }

    /// The first month.
    pub fn first(self) -> Month {
        self.first
    }

    /// The last month (included).
    pub fn last(self) -> Month {
        self.first.plus(self.months as i32 - 1)
    }

    /// The number of months.
    pub fn len(self) -> u32 {
        self.months
    }

    /// Always false: a span has at least one month.
    pub fn is_empty(self) -> bool {
        false
    }

    /// Whether `month` is in the span.
    pub fn contains(self, month: Month) -> bool {
        month >= self.first && month <= self.last()
    }

    /// Whether all of `other` lies inside `self`.
    pub fn covers(self, other: Span) -> bool {
        other.first >= self.first && other.last() <= self.last()
    }

    /// The months of the span, in order.
    pub fn months(self) -> impl Iterator<Item = Month> {
        (0..self.months as i32).map(move |i| self.first.plus(i))
    }

    /// The same months twelve months earlier: what "same period last year" compares with.
    pub fn year_earlier(self) -> Span {
        Span {
            first: self.first.plus(-12),
            months: self.months,
        }
    }

    /// "Apr 2011 – Sep 2011" (or "Jul 2011" for one month).
    pub fn long_name(self) -> String {
        if self.months == 1 {
            self.first.long_name()
        } else {
            format!("{} – {}", self.first.long_name(), self.last().long_name())
        }
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.months == 1 {
            write!(f, "{}", self.first)
        } else {
            write!(f, "{} to {}", self.first, self.last())
        }
    }
}

/// What kind of period a label names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PeriodKind {
    /// A calendar month (`2011-07`).
    Month,
    /// A quarter of a financial year (`2011-Q2`: July-September 2011).
    Quarter,
    /// A financial year, April to March (`2011/12`).
    FinancialYear,
}

/// A reporting period: a calendar month, a financial quarter or a financial year
/// (April-March). See the [module documentation](self) for how labels are read.
///
/// # Examples
/// ```
/// use outreach::kpi::{Period, PeriodKind};
/// # fn main() -> outreach::Result<()> {
/// let q2: Period = "2011-Q2".parse()?;
/// assert_eq!(q2.kind(), PeriodKind::Quarter);
/// assert_eq!(q2.span().to_string(), "2011-07 to 2011-09");
/// assert_eq!(q2.year_to_date().to_string(), "2011-04 to 2011-09");
/// assert_eq!(q2.same_period_last_year().to_string(), "2010-Q2");
/// assert_eq!(q2.label(), "2011/12 Q2");
///
/// let q4: Period = "2011-Q4".parse()?;
/// assert_eq!(q4.span().to_string(), "2012-01 to 2012-03");
///
/// let year: Period = "2011/12".parse()?;
/// assert_eq!(year.span().to_string(), "2011-04 to 2012-03");
/// assert_eq!("2011-07".parse::<Period>()?.year_to_date().len(), 4);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    span: Span,
    kind: PeriodKind,
}

impl Period {
    /// A calendar month.
    pub fn month(month: Month) -> Self {
        Period {
            span: Span {
                first: month,
                months: 1,
            },
            kind: PeriodKind::Month,
        }
    }

    /// Quarter `quarter` (1-4) of the financial year starting in April of `year`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when the quarter is not 1-4 or the year is out of range.
    pub fn quarter(year: i32, quarter: u32) -> Result<Self> {
        if !(1..=4).contains(&quarter) {
            return Err(Error::arg("quarter", format!("{quarter} is not 1-4")));
        }
        let april = Month::new(year, 4)?;
        Ok(Period {
            span: Span {
                first: april.plus(3 * (quarter as i32 - 1)),
                months: 3,
            },
            kind: PeriodKind::Quarter,
        })
    }

    /// The financial year April `year` to March `year + 1`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when the year is out of range.
    pub fn financial_year(year: i32) -> Result<Self> {
        Ok(Period {
            span: Span {
                first: Month::new(year, 4)?,
                months: 12,
            },
            kind: PeriodKind::FinancialYear,
        })
    }

    /// Month, quarter or financial year.
    pub fn kind(self) -> PeriodKind {
        self.kind
    }

    /// The months of the period.
    pub fn span(self) -> Span {
        self.span
    }

    /// The first year of the financial year the period belongs to.
    pub fn fiscal_year(self) -> i32 {
        self.span.first.financial_year()
    }

    /// The quarter number (1-4) of a quarter period, `None` for months and years.
    pub fn quarter_number(self) -> Option<u32> {
        (self.kind == PeriodKind::Quarter).then(|| {
            let april = self.fiscal_year() * 12 + 3;
            ((self.span.first.0 - april) / 3) as u32 + 1
        })
    }

    /// The same period twelve months earlier.
    pub fn same_period_last_year(self) -> Period {
        Period {
            span: self.span.year_earlier(),
            kind: self.kind,
        }
    }

    /// April of the period's financial year up to the period's last month.
    pub fn year_to_date(self) -> Span {
        let april = Month(self.fiscal_year() * 12 + 3);
        Span {
            first: april,
            months: april.months_until(self.span.last()) as u32 + 1,
        }
    }

    /// The twelve months ending with the period's last month.
    pub fn rolling_12_months(self) -> Span {
        Span {
            first: self.span.last().plus(-11),
            months: 12,
        }
    }

    /// How a report heads the period: `Jul 2011`, `2011/12 Q2` or `2011/12`.
    pub fn label(self) -> String {
        let fy = self.fiscal_year();
        match self.kind {
            PeriodKind::Month => self.span.first.long_name(),
            PeriodKind::Quarter => format!(
                "{fy}/{:02} Q{}",
                (fy + 1) % 100,
                self.quarter_number().unwrap_or(0)
            ),
            PeriodKind::FinancialYear => format!("{fy}/{:02}", (fy + 1) % 100),
        }
    }
}

impl fmt::Display for Period {
    /// The canonical label: `2011-07`, `2011-Q2` or `2011/12`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let fy = self.fiscal_year();
        match self.kind {
            PeriodKind::Month => write!(f, "{}", self.span.first),
            PeriodKind::Quarter => {
                write!(f, "{fy:04}-Q{}", self.quarter_number().unwrap_or(0))
            }
            PeriodKind::FinancialYear => write!(f, "{fy:04}/{:02}", (fy + 1) % 100),
        }
    }
}

impl FromStr for Period {
    type Err = Error;

    /// Parses `YYYY-MM` (month), `YYYY-Qn` (financial quarter; `q` in either case) or
    /// `YYYY/YY` / `YYYY/YYYY` (financial year).
    fn from_str(s: &str) -> Result<Self> {
        let t = s.trim();
        let bad = |reason: &str| {
            Error::arg(
                "period",
                format!("{s:?}: {reason} (use 2011-07, 2011-Q2 or 2011/12)"),
            )
        };
        if let Some((y, rest)) = t.split_once('/') {
            let year = (y.len() == 4)
                .then(|| digits(y))
                .flatten()
                .ok_or_else(|| bad("the year is not YYYY"))? as i32;
            let next = digits(rest).ok_or_else(|| bad("the second year is not a number"))?;
            let consecutive = match rest.len() {
                2 => next as i32 == (year + 1) % 100,
                4 => next as i32 == year + 1,
                _ => false,
            };
            if !consecutive {
                return Err(bad(
                    "a financial year is two consecutive years, e.g. 2011/12",
                ));
            }
            return Period::financial_year(year).map_err(|_| bad("the year is out of range"));
        }
        let Some((y, rest)) = t.split_once('-') else {
            return Err(bad("not a period"));
        };
        if let Some(q) = rest.strip_prefix(['Q', 'q']) {
            let year = (y.len() == 4)
                .then(|| digits(y))
                .flatten()
                .ok_or_else(|| bad("the year is not YYYY"))?;
            let quarter = (q.len() == 1)
                .then(|| digits(q))
                .flatten()
                .filter(|q| (1..=4).contains(q))
                .ok_or_else(|| bad("the quarter is not 1-4"))?;
            return Period::quarter(year as i32, quarter)
                .map_err(|_| bad("the year is out of range"));
        }
        t.parse::<Month>()
            .map(Period::month)
            .map_err(|_| bad("not a month, quarter or financial year"))
    }
}

/// ASCII digits only (no sign, no spaces), as a number.
fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 9 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn p(s: &str) -> Period {
        s.parse().unwrap()
    }

    #[test]
    fn quarters_are_financial() {
        let spans: Vec<String> = (1..=4)
            .map(|q| Period::quarter(2011, q).unwrap().span().to_string())
            .collect();
        assert_eq!(
            spans,
            [
                "2011-04 to 2011-06",
                "2011-07 to 2011-09",
                "2011-10 to 2011-12",
                "2012-01 to 2012-03"
            ]
        );
        assert_eq!(
            p("2011-q4").year_to_date().to_string(),
            "2011-04 to 2012-03"
        );
        assert_eq!(p("2012-02").fiscal_year(), 2011);
        assert_eq!(p("2012-02").year_to_date().len(), 11);
        assert_eq!(p("2011-04").year_to_date().len(), 1);
        assert_eq!(
            p("2011-Q2").rolling_12_months().to_string(),
            "2010-10 to 2011-09"
        );
    }

    #[test]
    fn financial_years_need_consecutive_years() {
        assert_eq!(p("2011/2012"), p("2011/12"));
        assert_eq!(p("1999/00").span().last().to_string(), "2000-03");
        for bad in [
            "2011/13", "2011/1", "11/12", "2011-13", "2011-Q5", "2011-Q0", "2011", "", "x-07",
            "2011-7", "+011-07",
        ] {
            assert!(bad.parse::<Period>().is_err(), "{bad:?} parsed");
        }
    }

    #[test]
    fn labels() {
        assert_eq!(p("2011-07").label(), "Jul 2011");
        assert_eq!(p("2011-Q4").label(), "2011/12 Q4");
        assert_eq!(p("2099/00").label(), "2099/00");
        assert_eq!(p("2011-Q2").same_period_last_year().label(), "2010/11 Q2");
    }

    #[test]
    fn extremes_are_refused_or_saturate() {
        let m: Month = "2011-07".parse().unwrap();
        assert!(Span::new(m, 0).is_err());
        assert!(Span::new(m, Span::MAX_MONTHS + 1).is_err());
        assert!(Span::between(m, m.plus(-1)).is_err());
        assert!(m.plus(i32::MAX) > m && m.plus(i32::MIN) < m);
        assert!(Month::new(999, 1).is_err() && Month::new(2011, 13).is_err());
    }

    proptest! {
        #[test]
        fn labels_round_trip(year in 1000i32..9998, n in 1u32..=12, kind in 0u8..3) {
            let period = match kind {
                0 => Period::month(Month::new(year, n).unwrap()),
                1 => Period::quarter(year, (n - 1) / 3 + 1).unwrap(),
                _ => Period::financial_year(year).unwrap(),
            };
            prop_assert_eq!(period.to_string().parse::<Period>().unwrap(), period);
        }

        #[test]
        fn parsing_never_panics(s in "\\PC{0,12}") {
            let _ = s.parse::<Period>();
        }
    }
}
