//! Higher-level summaries of LSOA deprivation: districts, wards, or any set of areas made of
//! whole LSOAs (TR2019 §3.8, Table 3.2 and Appendix N; METHODS.md §1.2).
//!
//! With p_i the population of LSOA i, r_i its national rank (1 = most deprived) on the
//! domain, s_i its score, P = Σ p_i over the area's LSOAs and N the edition's LSOA count:
//!
//! | measure | formula |
//! | --- | --- |
//! | average score | Σ p_i s_i / P |
//! | average rank | (N + 1) − Σ p_i r_i / P (reversed, so larger = more deprived) |
//! | proportion | #{i : r_i ≤ N/10} / #LSOAs — a count of LSOAs, not population-weighted |
//! | extent | Σ p_i w(pct_i) / P with pct = ceil(100 r / N); w = 1 for pct ≤ 10, 0.95 − (pct − 11) · 0.9 / 19 for pct 11…30, 0 beyond |
//! | local concentration | LSOAs most deprived first, populations taken until exactly 0.1 P (the last LSOA in part): (N + 1) − Σ p'_i r_i / (0.1 P) |
//!
//! Each measure is then ranked across the areas summarised (1 = largest value = most
//! deprived; equal values share the smallest rank). Over all districts of England these are
//! the official district summaries (the published ones use IMD ranks and the IoD2019
//! mid-2015 populations excluding prisoners); for other areas, or other populations, they
//! are unofficial and should be labelled so.

use std::collections::{HashMap, HashSet};

use crate::area::AreaCode;
use crate::error::{Error, Result};

use super::{Deprivation, Domain};

/// Where the population weights of a summary come from.
#[derive(Debug, Clone, Copy)]
pub enum PopulationWeights<'a> {
    /// The table's own population column (IoD2019: `pop_total_mid2015`, the mid-2015
    /// population excluding prisoners that the official summaries use).
    Published,
    /// Populations by LSOA code supplied by the caller (e.g. a later mid-year estimate);
    /// the result is then not the official figure.
    Given(&'a HashMap<AreaCode, f64>),
}

/// Rank of each measure of a [`DeprivationSummary`] among the areas summarised together:
/// 1 = largest value = most deprived; equal values share the smallest rank.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SummaryRanks {
    /// Rank of the average score (`None` when the domain has no scores).
    pub average_score: Option<u32>,
    /// Rank of the average rank.
    pub average_rank: u32,
    /// Rank of the proportion of LSOAs in the most deprived 10%.
    pub proportion_most_deprived_10pct: u32,
    /// Rank of the extent.
    pub extent: u32,
    /// Rank of the local concentration.
    pub local_concentration: u32,
}

/// The TR2019 summary measures of one area (see the module documentation for the
/// formulas).
#[derive(Debug, Clone, PartialEq)]
pub struct DeprivationSummary {
    /// The area (district, ward, zone...).
    pub area: AreaCode,
    /// The domain summarised.
    pub domain: Domain,
    /// Number of LSOAs in the area.
    pub lsoas: u32,
    /// Total population P used as weight.
    pub population: f64,
    /// Population-weighted average score; `None` when the table has no scores for the
    /// domain (IoD2019 publishes scores only for the IMD, Income, IDACI and IDAOPI).
    pub average_score: Option<f64>,
    /// Population-weighted average of the reversed ranks: `(N + 1) − Σ p r / P`.
    pub average_rank: f64,
    /// Share of the area's LSOAs in the most deprived 10% nationally (a count, not
    /// population-weighted).
    pub proportion_most_deprived_10pct: f64,
    /// Share of the population in the most deprived 30%, tapered from 10% to 30%.
    pub extent: f64,
    /// Population-weighted average reversed rank of the most deprived LSOAs holding 10%
    /// of the area's population.
    pub local_concentration: f64,
    /// Ranks of the measures among the areas summarised together.
    pub ranks: SummaryRanks,
}

/// One LSOA of an area: (national rank, score or NaN, population).
type Member = (u32, f64, f64);

/// The measures of one area, before ranking.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Measures {
    population: f64,
    average_score: Option<f64>,
    average_rank: f64,
    proportion: f64,
    extent: f64,
    local_concentration: f64,
}

/// The extent weight of a national percentile `pct = ceil(100 r / N)` (TR2019 App. N; the
/// alternative (31 − pct)/21 is 10× further from the published extents).
fn extent_weight(pct: u64) -> f64 {
    match pct {
        0..=10 => 1.0,
        11..=30 => 0.95 - (pct - 11) as f64 * 0.9 / 19.0,
        _ => 0.0,
    }
}

/// The measures of one area from its LSOAs' `(rank, score or NaN, population)`; `n` is the
/// national LSOA count. `rows` is non-empty with a positive total population.
fn measures(n: u32, rows: &[Member]) -> Measures {
    let n64 = u64::from(n);
    let reversed = f64::from(n) + 1.0;
    let population: f64 = rows.iter().map(|r| r.2).sum();
    let average_score = rows
        .iter()
        .all(|r| !r.1.is_nan())
        .then(|| rows.iter().map(|r| r.2 * r.1).sum::<f64>() / population);
    let average_rank =
        reversed - rows.iter().map(|r| r.2 * f64::from(r.0)).sum::<f64>() / population;
    // Decile 1 ⇔ ceil(10 r / N) = 1 ⇔ 10 r ≤ N.
    let in_top_10 = rows.iter().filter(|r| 10 * u64::from(r.0) <= n64).count();
    let proportion = in_top_10 as f64 / rows.len() as f64;
    let extent = rows
        .iter()
        .map(|r| r.2 * extent_weight((100 * u64::from(r.0)).div_ceil(n64)))
        .sum::<f64>()
        / population;
    let mut by_rank: Vec<&Member> = rows.iter().collect();
    by_rank.sort_by_key(|r| r.0);
    let tenth = 0.1 * population;
    let (mut left, mut weighted) = (tenth, 0.0);
    for r in by_rank {
        if left <= 0.0 {
            break;
        }
        let take = r.2.min(left);
        weighted += take * f64::from(r.0);
        left -= take;
    }
    Measures {
        population,
        average_score,
        average_rank,
        proportion,
        extent,
        local_concentration: reversed - weighted / tenth,
    }
}

/// Ranks `values` descending (1 = largest); equal values share the smallest rank.
fn competition_ranks(values: &[f64]) -> Vec<u32> {
    values
        .iter()
        .map(|v| 1 + values.iter().filter(|w| w.total_cmp(v).is_gt()).count() as u32)
        .collect()
}

impl Deprivation {
    /// Summarises `domain` over areas made of whole LSOAs: `membership` lists
    /// `(lsoa, area)` pairs (an LSOA may belong to several areas, e.g. overlapping zones).
    /// Returns one [`DeprivationSummary`] per area, sorted by area code, with every measure
    /// of TR2019 Table 3.2 and their ranks among these areas (see the module docs for the
    /// formulas).
    ///
    /// Ranks are the national ranks of the table, so the result is right even when only
    /// some councils' rows are loaded.
    ///
    /// # Examples
    /// ```
    /// use outreach::deprivation::PopulationWeights;
    /// use outreach::Domain;
    /// # fn main() -> outreach::Result<()> {
    /// # let path = std::path::Path::new("../../examples/data/chorley/iod2019_lsoa11.csv");
    /// let (iod, _) = outreach::io::read_iod(path, None)?; // Chorley's 66 LSOAs, IoD2019
    /// // Two invented zones: the first ten LSOAs of the file, and the rest.
    /// let membership: Vec<_> = iod.codes().iter().enumerate()
    ///     .map(|(i, c)| (c.clone(), if i < 10 { "zone-a" } else { "zone-b" }.parse().unwrap()))
    ///     .collect();
    /// let zones = iod.summarise(Domain::Imd, &membership, PopulationWeights::Published)?;
    /// assert_eq!(zones.len(), 2);
    /// assert_eq!(zones[0].lsoas + zones[1].lsoas, 66);
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// - [`Error::UnknownArea`] when an LSOA of `membership` is not in the table (a
    ///   different LSOA vintage shows up here: join through the lookup first);
    /// - [`Error::InvalidArgument`] for a repeated `(lsoa, area)` pair, an LSOA without a
    ///   rank on `domain`, a missing, negative or non-finite population, or an area whose
    ///   total population is 0.
    ///
    /// # Performance
    /// O(m log m) in the membership size, plus O(a²) to rank a areas (about 5 ms for the
    /// 317 districts of England).
    pub fn summarise(
        &self,
        domain: Domain,
        membership: &[(AreaCode, AreaCode)],
        population: PopulationWeights<'_>,
    ) -> Result<Vec<DeprivationSummary>> {
        let column = self.column(domain).ok_or_else(|| {
            Error::arg(
                "domain",
                format!("the {} table has no {domain} column", self.edition),
            )
        })?;
        let mut seen = HashSet::new();
        let mut groups: HashMap<&AreaCode, Vec<Member>> = HashMap::new();
        for (lsoa, area) in membership {
            if !seen.insert((lsoa, area)) {
                return Err(Error::arg(
                    "membership",
                    format!("LSOA {lsoa} is listed twice in area {area}"),
                ));
            }
            let row = self.try_get(lsoa)?.row;
            let rank = column.rank.get(row).copied().unwrap_or(0);
            if rank == 0 {
                return Err(Error::arg(
                    "domain",
                    format!("LSOA {lsoa} has no {domain} rank"),
                ));
            }
            let pop = match population {
                PopulationWeights::Published => self.population.get(row).copied(),
                PopulationWeights::Given(map) => map.get(lsoa).copied(),
            }
            .filter(|p| p.is_finite() && *p >= 0.0)
            .ok_or_else(|| {
                Error::arg(
                    "population",
                    format!("no usable population for LSOA {lsoa}"),
                )
            })?;
            let score = column.score.get(row).copied().unwrap_or(f64::NAN);
            groups.entry(area).or_default().push((rank, score, pop));
        }
        let mut areas: Vec<(&AreaCode, Vec<Member>)> = groups.into_iter().collect();
        areas.sort_by(|a, b| a.0.cmp(b.0));
        let n = self.edition.lsoa_count();
        let mut all = Vec::with_capacity(areas.len());
        for (area, rows) in &areas {
            let m = measures(n, rows);
            if m.population <= 0.0 {
                return Err(Error::arg(
                    "population",
                    format!("area {area} has a total population of 0"),
                ));
            }
            all.push(m);
        }
        let column_of = |f: fn(&Measures) -> f64| -> Vec<u32> {
            competition_ranks(&all.iter().map(f).collect::<Vec<_>>())
        };
        let score_ranks = all
            .iter()
            .all(|m| m.average_score.is_some())
            .then(|| column_of(|m| m.average_score.unwrap_or(f64::NAN)));
        let rank_ranks = column_of(|m| m.average_rank);
        let proportion_ranks = column_of(|m| m.proportion);
        let extent_ranks = column_of(|m| m.extent);
        let lc_ranks = column_of(|m| m.local_concentration);
        Ok(areas
            .iter()
            .zip(&all)
            .enumerate()
            .map(|(i, ((area, rows), m))| DeprivationSummary {
                area: (*area).clone(),
                domain,
                lsoas: rows.len() as u32,
                population: m.population,
                average_score: m.average_score,
                average_rank: m.average_rank,
                proportion_most_deprived_10pct: m.proportion,
                extent: m.extent,
                local_concentration: m.local_concentration,
                ranks: SummaryRanks {
                    average_score: score_ranks.as_ref().map(|r| r[i]),
                    average_rank: rank_ranks[i],
                    proportion_most_deprived_10pct: proportion_ranks[i],
                    extent: extent_ranks[i],
                    local_concentration: lc_ranks[i],
                },
            })
            .collect())
    }

    /// [`Deprivation::summarise`] by the local authority district column of the file
    /// (IoD2019: `lad19_code`): the official district summaries when the table is complete
    /// and `population` is [`PopulationWeights::Published`]. Rows without a district code
    /// are left out.
    ///
    /// # Examples
    /// ```
    /// use outreach::deprivation::PopulationWeights;
    /// use outreach::Domain;
    /// # fn main() -> outreach::Result<()> {
    /// # let path = std::path::Path::new("../../examples/data/chorley/iod2019_lsoa11.csv");
    /// let (iod, _) = outreach::io::read_iod(path, None)?; // Chorley's 66 LSOAs, IoD2019
    /// let chorley = &iod.district_summaries(Domain::Imd, PopulationWeights::Published)?[0];
    /// assert_eq!(chorley.area.as_str(), "E07000118");
    /// // The published IoD2019 district figures: 16.863, 0.0455, 0.1236.
    /// assert!((chorley.average_score.unwrap() - 16.863).abs() < 0.001);
    /// assert!((chorley.proportion_most_deprived_10pct - 0.0455).abs() < 0.0001);
    /// assert!((chorley.extent - 0.1236).abs() < 0.0001);
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when the file had no district column, and the errors of
    /// [`Deprivation::summarise`].
    pub fn district_summaries(
        &self,
        domain: Domain,
        population: PopulationWeights<'_>,
    ) -> Result<Vec<DeprivationSummary>> {
        let districts = self.districts.as_ref().ok_or_else(|| {
            Error::arg(
                "by",
                "the table has no district column (e.g. lad19_code): give the LSOA → area \
                 membership from a lookup instead",
            )
        })?;
        let membership: Vec<(AreaCode, AreaCode)> = self
            .codes
            .iter()
            .zip(districts)
            .filter_map(|(c, d)| d.clone().map(|d| (c.clone(), d)))
            .collect();
        self.summarise(domain, &membership, population)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two districts of an invented England of N = 100 LSOAs, computed by hand below.
    ///
    /// District A: ranks 5, 12, 25, 60; populations 1000, 1500, 2000, 500 (P = 5000);
    /// scores 60, 40, 30, 10.
    /// District B: ranks 2, 8, 90; populations 100, 300, 2600 (P = 3000); scores 80, 55, 5.
    fn two_districts() -> (Measures, Measures) {
        let a = measures(
            100,
            &[
                (5, 60.0, 1000.0),
                (12, 40.0, 1500.0),
                (25, 30.0, 2000.0),
                (60, 10.0, 500.0),
            ],
        );
        let b = measures(
            100,
            &[(2, 80.0, 100.0), (8, 55.0, 300.0), (90, 5.0, 2600.0)],
        );
        (a, b)
    }

    #[test]
    fn average_score_and_rank_by_hand() {
        let (a, b) = two_districts();
        // A: (60·1000 + 40·1500 + 30·2000 + 10·500) / 5000 = 185000 / 5000 = 37.
        assert!((a.average_score.unwrap() - 37.0).abs() < 1e-12);
        // A: 101 − (5·1000 + 12·1500 + 25·2000 + 60·500) / 5000 = 101 − 103000/5000 = 80.4.
        assert!((a.average_rank - 80.4).abs() < 1e-12);
        // B: (80·100 + 55·300 + 5·2600) / 3000 = 37500 / 3000 = 12.5.
        assert!((b.average_score.unwrap() - 12.5).abs() < 1e-12);
        // B: 101 − (2·100 + 8·300 + 90·2600) / 3000 = 101 − 236600/3000 = 22.1333...
        assert!((b.average_rank - (101.0 - 236_600.0 / 3000.0)).abs() < 1e-12);
    }

    #[test]
    fn proportion_counts_lsoas_not_people() {
        let (a, b) = two_districts();
        // Most deprived 10% of N = 100: ranks 1-10. A has 1 of 4 LSOAs, B 2 of 3.
        assert_eq!(a.proportion, 0.25);
        assert!((b.proportion - 2.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn extent_by_hand() {
        let (a, b) = two_districts();
        // A: pct = ceil(100 r / 100) = r. w(5) = 1; w(12) = 0.95 − 1·0.9/19 = 0.9026316;
        // w(25) = 0.95 − 14·0.9/19 = 0.2868421; w(60) = 0.
        // (1000 + 1500·0.9026316 + 2000·0.2868421) / 5000 = 2927.6316 / 5000 = 0.5855263.
        assert!((a.extent - 0.585_526_315_789_473_7).abs() < 1e-12);
        // B: w(2) = w(8) = 1, w(90) = 0: (100 + 300) / 3000.
        assert!((b.extent - 400.0 / 3000.0).abs() < 1e-12);
        assert_eq!(extent_weight(10), 1.0);
        assert!((extent_weight(11) - 0.95).abs() < 1e-12);
        assert!((extent_weight(30) - 0.05).abs() < 1e-12);
        assert_eq!(extent_weight(31), 0.0);
    }

    #[test]
    fn local_concentration_by_hand() {
        let (a, b) = two_districts();
        // A: 0.1 P = 500, all taken from the most deprived LSOA (rank 5, 1000 people):
        // 101 − 500·5 / 500 = 96.
        assert!((a.local_concentration - 96.0).abs() < 1e-12);
        // B: 0.1 P = 300: all 100 people of rank 2, then 200 of the 300 of rank 8:
        // 101 − (100·2 + 200·8) / 300 = 101 − 6 = 95.
        assert!((b.local_concentration - 95.0).abs() < 1e-12);
    }

    #[test]
    fn missing_scores_give_no_average_score() {
        let m = measures(100, &[(5, f64::NAN, 10.0), (50, 3.0, 10.0)]);
        assert_eq!(m.average_score, None);
        assert!((m.average_rank - 73.5).abs() < 1e-12);
    }

    #[test]
    fn ties_share_the_smallest_rank() {
        assert_eq!(
            competition_ranks(&[0.5, 0.0, 0.5, 0.7, 0.0]),
            vec![2, 4, 2, 1, 4]
        );
    }
}
