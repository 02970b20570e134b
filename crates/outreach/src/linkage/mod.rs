//! A single view across agencies: which organisations work with the same household or
//! person, shared on a need-to-know basis, every look logged.
//!
//! Lifecycle:
//! 1. **Tokenise.** Each agency replaces its people's identifiers (name + date of birth, NHS
//!    number) by keyed hashes with a [`Tokeniser`], after normalisation, so the same person
//!    gets the same [`Token`] in every file. Clear identifiers never leave
//!    [`Tokeniser::tokenise`], and no error message repeats them.
//! 2. **Build.** [`AgencyRecord`]s (from code, or from CSV with
//!    [`read_agency_records`], addresses resolved to UPRNs by a [`UprnResolver`]) go into a
//!    [`LinkageIndex`], which links records by UPRN (the household) and by token (the
//!    person; records sharing any token are one person).
//! 3. **Query.** [`LinkageIndex::household`], [`LinkageIndex::person`] and
//!    [`LinkageIndex::multi_agency_summary`] take a [`Role`] (which agencies it may see,
//!    whether contact details and sensitive involvement are shown) and a stated reason;
//!    a query without a reason is refused. Every query, refused or not, is appended to an
//!    [`AuditLog`] whose entries chain the SHA-256 of the previous one, so
//!    [`AuditLog::verify`] detects an edited, deleted, inserted or reordered entry.
//!
//! # Examples
//! ```
//! use outreach::linkage::{
//!     AgencyRecord, AuditLog, Date, Identifiers, LinkageIndex, Role, Tokeniser,
//! };
//! use outreach::Uprn;
//! # fn main() -> outreach::Result<()> {
//! let t = Tokeniser::new(b"key shared by the partnership")?;
//! let child = t.tokenise(&Identifiers { nhs_number: Some("943 476 5919"), ..Default::default() })?;
//! let home = Uprn::new(100010371335)?;
//! let mut school = AgencyRecord::new("School".parse()?, "S-1", "pupil", Date::new(2024, 9, 4)?);
//! school.uprn = Some(home);
//! school.person = child;
//! let mut care = AgencyRecord::new("Social care".parse()?, "C-9", "child in need", Date::new(2025, 1, 10)?);
//! care.uprn = Some(home);
//! care.person = child;
//! care.sensitive = true;
//! let index = LinkageIndex::build(vec![school, care])?;
//!
//! let log = AuditLog::new();
//! let teacher = Role::new("designated safeguarding lead")?.all_agencies();
//! let view = index.household(home, &teacher, "welfare concern 2026-114", &log)?;
//! assert_eq!(view.agencies.len(), 1); // the sensitive involvement is shielded
//! assert!(index.household(home, &teacher, " ", &log).is_err()); // no reason: refused
//! assert_eq!(log.len(), 2);
//! log.verify()?;
//! # Ok(())
//! # }
//! ```

mod audit;
#[cfg(feature = "io")]
mod file;
mod index;
mod policy;
mod record;
mod token;

use std::fmt;
use std::str::FromStr;

pub use audit::{AuditEntry, AuditLog};
#[cfg(feature = "io")]
pub use file::read_agency_records;
pub use index::{
    uprn_areas, AgencySummary, AreaCount, Involvement, LinkageIndex, MultiAgencySummary, SingleView,
};
pub use policy::Role;
pub use record::{address_key, AgencyRecord, UprnResolver};
pub use token::{Identifiers, PersonTokens, Token, Tokeniser, MIN_KEY_BYTES};

use crate::error::{Error, Result};

/// A calendar date (proleptic Gregorian), shown as ISO 8601 `YYYY-MM-DD`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

impl Date {
    /// A date from year (1800–2199), month (1–12) and day.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when the date does not exist.
    pub fn new(year: i32, month: u32, day: u32) -> Result<Self> {
        if !(1800..=2199).contains(&year) {
            return Err(Error::arg("date", "the year is not between 1800 and 2199"));
        }
        if !(1..=12).contains(&month) {
            return Err(Error::arg("date", "the month is not between 1 and 12"));
        }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        if day == 0 || day > days {
            return Err(Error::arg("date", "the day is not in the month"));
        }
        Ok(Date {
            year,
            month: month as u8,
            day: day as u8,
        })
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// The month, 1–12.
    pub fn month(self) -> u32 {
        u32::from(self.month)
    }

    /// The day of the month.
    pub fn day(self) -> u32 {
        u32::from(self.day)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl FromStr for Date {
    type Err = Error;

    /// Parses the formats listed on [`Identifiers::date_of_birth`] (ISO, UK day first,
    /// `7 Mar 1984`, `19840307`).
    ///
    /// # Examples
    /// ```
    /// use outreach::linkage::Date;
    /// assert_eq!("07/03/2024".parse::<Date>()?.to_string(), "2024-03-07");
    /// # Ok::<(), outreach::Error>(())
    /// ```
    fn from_str(s: &str) -> Result<Self> {
        token::normalise_date(s)
            .ok_or_else(|| Error::arg("date", "is not a date in a recognised format"))
    }
}

/// The name of an agency (`Social care`, `Police`, `St Mary's Primary`): trimmed, not
/// empty, at most 100 characters. Compared exactly as written.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct Agency(String);

impl Agency {
    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for Agency {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        let s = s.trim();
        if s.is_empty() {
            return Err(Error::arg("agency", "the agency name is empty"));
        }
        if s.chars().count() > 100 {
            return Err(Error::arg(
                "agency",
                "the agency name is over 100 characters",
            ));
        }
        Ok(Agency(s.to_string()))
    }
}

impl fmt::Display for Agency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
