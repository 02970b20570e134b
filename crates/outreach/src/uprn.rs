//! The Unique Property Reference Number.

use std::fmt;
use std::num::NonZeroU64;
use std::str::FromStr;

use crate::error::{Error, Result};

/// A Unique Property Reference Number: one per addressable location in Great Britain.
///
/// UPRNs are integers from 1 to 999,999,999,999 (at most 12 digits). Files often carry them
/// with leading zeros (`"010091497098"`); parsing accepts that, display never shows it.
///
/// # Examples
///
/// ```
/// use outreach::Uprn;
/// # fn main() -> outreach::Result<()> {
/// let uprn: Uprn = "010091497098".parse()?;
/// assert_eq!(uprn.get(), 10_091_497_098);
/// assert_eq!(uprn.to_string(), "10091497098");
/// assert!("0".parse::<Uprn>().is_err());
/// assert!(Uprn::try_from(1_000_000_000_000u64).is_err());
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct Uprn(NonZeroU64);

impl Uprn {
    /// The largest valid UPRN (twelve nines).
    pub const MAX: u64 = 999_999_999_999;

    /// Makes a UPRN from a number, checking its range.
    ///
    /// # Errors
    /// [`Error::InvalidUprn`] when `value` is 0 or above [`Uprn::MAX`].
    pub fn new(value: u64) -> Result<Self> {
        if value == 0 {
            return Err(Error::InvalidUprn {
                input: value.to_string(),
                reason: "UPRNs start at 1",
            });
        }
        if value > Self::MAX {
            return Err(Error::InvalidUprn {
                input: value.to_string(),
                reason: "more than 12 digits",
            });
        }
        Ok(Uprn(NonZeroU64::MIN.saturating_add(value - 1)))
    }

    /// The number.
    pub fn get(self) -> u64 {
        self.0.get()
    }

    /// Parses ASCII bytes (as read from a CSV field) without allocating.
    pub(crate) fn parse_bytes(bytes: &[u8]) -> std::result::Result<Self, &'static str> {
        let trimmed = trim_ascii(bytes);
        if trimmed.is_empty() {
            return Err("empty");
        }
        // Leading zeros are common in council exports; they do not count towards the 12 digits.
        let first_nonzero = trimmed
            .iter()
            .position(|&b| b != b'0')
            .unwrap_or(trimmed.len());
        let digits = &trimmed[first_nonzero..];
        if digits.len() > 12 {
            return Err("more than 12 digits");
        }
        let mut value: u64 = 0;
        for &b in digits {
            if !b.is_ascii_digit() {
                return Err("not a whole number");
            }
            value = value * 10 + u64::from(b - b'0');
        }
        NonZeroU64::new(value).map(Uprn).ok_or("UPRNs start at 1")
    }
}

fn trim_ascii(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(start, |p| p + 1);
    &bytes[start..end]
}

impl FromStr for Uprn {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        Uprn::parse_bytes(s.as_bytes()).map_err(|reason| Error::InvalidUprn {
            input: s.to_string(),
            reason,
        })
    }
}

impl TryFrom<u64> for Uprn {
    type Error = Error;

    fn try_from(value: u64) -> Result<Self> {
        Uprn::new(value)
    }
}

impl From<Uprn> for u64 {
    fn from(uprn: Uprn) -> u64 {
        uprn.get()
    }
}

impl fmt::Display for Uprn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.get())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_and_rejects() {
        assert_eq!(
            "  100010382247 ".parse::<Uprn>().unwrap().get(),
            100_010_382_247
        );
        assert_eq!("000000000001".parse::<Uprn>().unwrap().get(), 1);
        for bad in [
            "",
            " ",
            "0",
            "000",
            "12a",
            "-5",
            "1.5",
            "1000000000000",
            "1e5",
        ] {
            assert!(bad.parse::<Uprn>().is_err(), "{bad:?} should be rejected");
        }
        assert!(Uprn::new(Uprn::MAX).is_ok());
        assert!(Uprn::new(Uprn::MAX + 1).is_err());
    }

    proptest! {
        #[test]
        fn round_trips(v in 1u64..=Uprn::MAX, zeros in 0usize..4) {
            let text = format!("{}{}", "0".repeat(zeros), v);
            let uprn: Uprn = text.parse().unwrap();
            prop_assert_eq!(uprn.get(), v);
            prop_assert_eq!(uprn.to_string().parse::<Uprn>().unwrap(), uprn);
        }

        #[test]
        fn never_panics(s in "\\PC{0,20}") {
            let _ = s.parse::<Uprn>();
        }
    }
}
