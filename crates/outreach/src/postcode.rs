//! UK postcodes and postcode centroids (Code-Point Open).

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

use crate::area::AreaCode;
use crate::error::{Error, Result};

/// A UK postcode in its canonical form: upper case, one space before the inward code
/// (`"PR7 1DP"`).
///
/// Parsing accepts any case and spacing (`"pr71dp"`, `"PR7  1DP"`) and checks the shape:
/// an outward code of 2-4 characters starting with a letter, and an inward code of a digit
/// and two letters.
///
/// # Examples
/// ```
/// use outreach::Postcode;
/// # fn main() -> outreach::Result<()> {
/// assert_eq!("pr71dp".parse::<Postcode>()?.as_str(), "PR7 1DP");
/// assert_eq!("BB0  1GR".parse::<Postcode>()?.as_str(), "BB0 1GR");
/// assert!("PR7 1D".parse::<Postcode>().is_err());
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Postcode(Box<str>);

impl Postcode {
    /// The canonical text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The outward code (`"PR7"`).
    pub fn outward(&self) -> &str {
        self.0.split(' ').next().unwrap_or(&self.0)
    }
}

impl FromStr for Postcode {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        let compact: String = s
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let bad = |reason: &'static str| Error::InvalidArgument {
            name: "postcode",
            reason: format!("{s:?}: {reason}"),
        };
        if !(5..=7).contains(&compact.len()) || !compact.is_ascii() {
            return Err(bad("a postcode has 5 to 7 letters and digits"));
        }
        let (outward, inward) = compact.split_at(compact.len() - 3);
        let ib = inward.as_bytes();
        if !(ib[0].is_ascii_digit() && ib[1].is_ascii_alphabetic() && ib[2].is_ascii_alphabetic()) {
            return Err(bad("the inward code must be a digit and two letters"));
        }
        let ob = outward.as_bytes();
        if !ob[0].is_ascii_alphabetic() || !ob.iter().all(u8::is_ascii_alphanumeric) {
            return Err(bad("the outward code must start with a letter"));
        }
        Ok(Postcode(format!("{outward} {inward}").into()))
    }
}

impl fmt::Display for Postcode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Postcode unit centroids (e.g. OS Code-Point Open), BNG metres.
///
/// Load with [`crate::io::read_codepoint_open`]. A centroid is the mean position of the
/// postcode's delivery points, not a property location.
#[derive(Debug, Default, Clone)]
pub struct PostcodeCentroids {
    postcodes: Vec<Postcode>,
    xs: Vec<f64>,
    ys: Vec<f64>,
    quality: Vec<u8>,
    districts: Vec<Option<AreaCode>>,
    wards: Vec<Option<AreaCode>>,
    by_postcode: HashMap<Postcode, u32>,
}

/// One postcode centroid, as returned by [`PostcodeCentroids::get`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PostcodeCentroid<'a> {
    /// The postcode.
    pub postcode: &'a Postcode,
    /// Easting, metres.
    pub x: f64,
    /// Northing, metres.
    pub y: f64,
    /// Code-Point positional quality (10 = within a building ... 60 = approximate).
    pub quality: u8,
    /// Local authority district code, if given.
    pub district: Option<&'a AreaCode>,
    /// Ward code, if given.
    pub ward: Option<&'a AreaCode>,
}

impl PostcodeCentroids {
    /// Adds a centroid; a postcode seen before is refused.
    pub(crate) fn push(
        &mut self,
        postcode: Postcode,
        x: f64,
        y: f64,
        quality: u8,
        district: Option<AreaCode>,
        ward: Option<AreaCode>,
    ) -> std::result::Result<(), String> {
        if self.by_postcode.contains_key(&postcode) {
            return Err(format!("duplicate postcode {postcode}"));
        }
        self.by_postcode
            .insert(postcode.clone(), self.postcodes.len() as u32);
        self.postcodes.push(postcode);
        self.xs.push(x);
        self.ys.push(y);
        self.quality.push(quality);
        self.districts.push(district);
        self.wards.push(ward);
        Ok(())
    }

    /// Number of postcodes.
    pub fn len(&self) -> usize {
        self.postcodes.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.postcodes.is_empty()
    }

    /// The centroid of a postcode.
    pub fn get(&self, postcode: &Postcode) -> Option<PostcodeCentroid<'_>> {
        self.by_postcode.get(postcode).map(|&i| self.at(i as usize))
    }

    /// The centroid at position `i` (file order).
    ///
    /// # Panics
    /// If `i >= self.len()`.
    pub fn at(&self, i: usize) -> PostcodeCentroid<'_> {
        PostcodeCentroid {
            postcode: &self.postcodes[i],
            x: self.xs[i],
            y: self.ys[i],
            quality: self.quality[i],
            district: self.districts[i].as_ref(),
            ward: self.wards[i].as_ref(),
        }
    }

    /// All postcodes in file order.
    pub fn postcodes(&self) -> &[Postcode] {
        &self.postcodes
    }

    /// Eastings in file order.
    pub fn xs(&self) -> &[f64] {
        &self.xs
    }

    /// Northings in file order.
    pub fn ys(&self) -> &[f64] {
        &self.ys
    }
}
