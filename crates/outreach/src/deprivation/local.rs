//! Local deciles: LSOAs ranked within a chosen set (one council, a partnership area), a
//! different and non-official quantity from the national deciles, kept in its own type.

use std::collections::HashSet;

use crate::area::AreaCode;
use crate::error::{Error, Result};

use super::composite::{decile_of_rank, quintile_of_rank};
use super::{Deprivation, Domain};

/// An LSOA's position within a chosen set of LSOAs: NOT an official statistic.
///
/// The national decile says where an LSOA stands in England; the local decile says where it
/// stands among the set it was ranked with (a council's LSOAs, say). A borough with no LSOA
/// in the national most deprived 10% still has a local decile 1. Label local deciles as
/// such wherever they are shown (METHODS.md §1.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalDecile {
    /// The LSOA.
    pub code: AreaCode,
    /// The national rank the local order is taken from (1 = most deprived in England).
    pub national_rank: u32,
    /// Rank within the set, 1 = most deprived of the set.
    pub local_rank: u32,
    /// Number of LSOAs in the set.
    pub set_size: u32,
    /// Local decile: `ceil(local_rank / (set_size / 10))`, 1 = most deprived tenth of the set.
    pub local_decile: u8,
    /// Local quintile: `ceil(local_rank / (set_size / 5))`.
    pub local_quintile: u8,
}

impl Deprivation {
    /// Ranks `codes` among themselves on `domain` by their national ranks and gives each its
    /// local rank, decile and quintile ([`LocalDecile`], in the order of `codes`). The same
    /// formula as the national decile, with the set's size in place of N.
    ///
    /// # Examples
    /// ```
    /// use outreach::Domain;
    /// # fn main() -> outreach::Result<()> {
    /// # let path = std::path::Path::new("../../examples/data/chorley/iod2019_lsoa11.csv");
    /// let (iod, _) = outreach::io::read_iod(path, None)?; // Chorley's 66 LSOAs, IoD2019
    /// let chorley = iod.district_codes(&"E07000118".parse()?);
    /// let local = iod.local_deciles(Domain::Imd, &chorley)?;
    /// // 3 Chorley LSOAs are in England's most deprived 10%; 6 (ranks 1-6 of 66, as
    /// // 10 · 6 <= 66) are in Chorley's own most deprived tenth.
    /// assert_eq!(local.iter().filter(|l| l.local_decile == 1).count(), 6);
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// [`Error::UnknownArea`] for a code not in the table; [`Error::InvalidArgument`] for a
    /// code given twice or an LSOA without a rank on `domain`.
    pub fn local_deciles(&self, domain: Domain, codes: &[AreaCode]) -> Result<Vec<LocalDecile>> {
        let mut seen = HashSet::new();
        let mut ranked = Vec::with_capacity(codes.len());
        for code in codes {
            if !seen.insert(code) {
                return Err(Error::arg("codes", format!("{code} is given twice")));
            }
            let rank = self
                .try_get(code)?
                .rank(domain)
                .ok_or_else(|| Error::arg("domain", format!("LSOA {code} has no {domain} rank")))?;
            ranked.push(rank);
        }
        let mut order: Vec<usize> = (0..codes.len()).collect();
        // National ranks are unique in a published table; the code settles any tie.
        order.sort_by(|&a, &b| {
            ranked[a]
                .cmp(&ranked[b])
                .then_with(|| codes[a].cmp(&codes[b]))
        });
        let size = u32::try_from(codes.len()).map_err(|_| Error::arg("codes", "too many"))?;
        let mut local = vec![0u32; codes.len()];
        for (position, &i) in order.iter().enumerate() {
            local[i] = position as u32 + 1;
        }
        Ok(codes
            .iter()
            .zip(ranked)
            .zip(local)
            .map(|((code, national_rank), local_rank)| LocalDecile {
                code: code.clone(),
                national_rank,
                local_rank,
                set_size: size,
                local_decile: decile_of_rank(local_rank, size),
                local_quintile: quintile_of_rank(local_rank, size),
            })
            .collect())
    }
}
