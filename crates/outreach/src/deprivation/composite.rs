//! The IMD recomputed from domain ranks by the official method, and user-weighted
//! composite indices built the same way (TR2019 §3.6-3.7 and Appendix F).
//!
//! Each component (a domain, or a user indicator) is turned into a rank (1 = most
//! deprived), the rank into a scaled rank `R = (N + 1 - rank) / N` and `R` into an
//! exponentially distributed score `X = -23 ln(1 - R (1 - e^(-100/23)))` in (0, 100]; the
//! composite score is `Σ w · X`. The IMD uses the weights of TR2019 Table 3.1 as printed
//! ([`IMD_WEIGHTS`], summing to 99.9%); the published scores are reproduced only without
//! renormalising, so the choice is explicit ([`Weighting`]).

use std::collections::HashMap;

use crate::area::AreaCode;
use crate::error::{Error, Result};

use super::{Deprivation, Domain, IodEdition};

/// The IMD domain weights of TR2019 Table 3.1, in percent, as printed. They sum to 99.9:
/// the published IMD scores use them without renormalising (METHODS.md §1.1: dividing by
/// 0.999 raises the error against the published scores from 0.0014 to 0.093).
pub const IMD_WEIGHTS: [(Domain, f64); 7] = [
    (Domain::Income, 22.5),
    (Domain::Employment, 22.5),
    (Domain::Education, 13.5),
    (Domain::Health, 13.5),
    (Domain::Crime, 9.3),
    (Domain::Barriers, 9.3),
    (Domain::LivingEnvironment, 9.3),
];

/// The exponential transformation of TR2019 Appendix F.2.1: a rank (1 = most deprived, of
/// `n`) becomes `X = -23 ln(1 - R (1 - e^(-100/23)))` with scaled rank
/// `R = (n + 1 - rank) / n`, so the least deprived scores just above 0 and the most
/// deprived exactly 100; the constant 23 puts the most deprived 10% roughly between 50 and
/// 100 (TR2019 F.1.4-F.1.5).
///
/// `rank` may be fractional (the mean rank of tied values). Returns NaN when `n` is 0.
///
/// # Examples
/// ```
/// use outreach::deprivation::exponential_transform;
/// assert!((exponential_transform(1.0, 32_844) - 100.0).abs() < 1e-9);
/// // The most deprived 10% score roughly 50-100 (at R = 0.9, X = 50.43).
/// assert!((exponential_transform(3_285.4, 32_844) - 50.43).abs() < 0.01);
/// assert!(exponential_transform(32_844.0, 32_844) < 0.01);
/// ```
pub fn exponential_transform(rank: f64, n: u32) -> f64 {
    let n = f64::from(n);
    let r = (n + 1.0 - rank) / n;
    // ln_1p keeps precision for the least deprived ranks, where the argument is tiny.
    -23.0 * (-r * (1.0 - (-100.0f64 / 23.0).exp())).ln_1p()
}

/// National decile of a rank among `n` (1 = most deprived 10%): `ceil(rank / (n / 10))`,
/// computed exactly in integers as `ceil(10 · rank / n)`, clamped to 1..=10.
///
/// # Examples
/// ```
/// use outreach::deprivation::decile_of_rank;
/// // IoD2019: N = 32,844, so decile 1 is ranks 1-3,284 (TR2019 App. N).
/// assert_eq!(decile_of_rank(3_284, 32_844), 1);
/// assert_eq!(decile_of_rank(3_285, 32_844), 2);
/// assert_eq!(decile_of_rank(32_844, 32_844), 10);
/// ```
pub fn decile_of_rank(rank: u32, n: u32) -> u8 {
    fraction_of_rank(rank, n, 10)
}

/// National quintile of a rank among `n` (1 = most deprived 20%): `ceil(rank / (n / 5))`.
///
/// # Examples
/// ```
/// use outreach::deprivation::quintile_of_rank;
/// assert_eq!(quintile_of_rank(6_568, 32_844), 1);
/// assert_eq!(quintile_of_rank(6_569, 32_844), 2);
/// ```
pub fn quintile_of_rank(rank: u32, n: u32) -> u8 {
    fraction_of_rank(rank, n, 5)
}

fn fraction_of_rank(rank: u32, n: u32, parts: u64) -> u8 {
    if n == 0 {
        return 0;
    }
    let n = u64::from(n);
    (u64::from(rank) * parts).div_ceil(n).clamp(1, parts) as u8
}

/// How the weights of a [`Composite`] are scaled. There is no default: the two choices give
/// different scores and the caller must say which one is meant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weighting {
    /// Weights are percentages used as given: score = Σ (w / 100) · X. The official IMD
    /// weights sum to 99.9 and are used this way.
    AsGiven,
    /// Weights are divided by their sum, so they total 100%: score = Σ (w / Σw) · X.
    Renormalised,
}

#[derive(Debug, Clone)]
enum Source {
    Domain(Domain),
    Indicator { name: String, values: Vec<f64> },
}

impl Source {
    fn name(&self) -> &str {
        match self {
            Source::Domain(d) => d.as_str(),
            Source::Indicator { name, .. } => name,
        }
    }
}

/// The recipe of a composite index: weighted domains of the table and user indicators,
/// combined by the IMD's exponential transform.
///
/// - A **domain** contributes through its published national rank (N = the edition's LSOA
///   count).
/// - A **user indicator** is a column of values aligned with the table's rows (file
///   order), higher = more deprived (negate a measure where higher is better). It is ranked
///   across the rows given (rank 1 = highest value; tied values share their mean rank) with
///   N = the number of rows, so give a complete national table for a national index.
///
/// # Examples
/// ```
/// use outreach::deprivation::{Composite, Weighting};
/// use outreach::Domain;
/// # fn main() -> outreach::Result<()> {
/// // Income and health only, re-scaled to 100%.
/// let spec = Composite::new(Weighting::Renormalised)
///     .domain(Domain::Income, 22.5)
///     .domain(Domain::Health, 13.5);
/// assert_eq!(spec.effective_weights()?, vec![("income".to_string(), 0.625), ("health".to_string(), 0.375)]);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct Composite {
    weighting: Weighting,
    terms: Vec<(Source, f64)>,
}

impl Composite {
    /// An empty recipe; add components with [`Composite::domain`] and
    /// [`Composite::indicator`].
    pub fn new(weighting: Weighting) -> Self {
        Composite {
            weighting,
            terms: Vec::new(),
        }
    }

    /// The official IMD: the seven domains with the weights of [`IMD_WEIGHTS`], as given.
    pub fn imd() -> Self {
        IMD_WEIGHTS
            .into_iter()
            .fold(Composite::new(Weighting::AsGiven), |c, (d, w)| {
                c.domain(d, w)
            })
    }

    /// Adds a domain of the table with a weight in percent.
    pub fn domain(mut self, domain: Domain, weight: f64) -> Self {
        self.terms.push((Source::Domain(domain), weight));
        self
    }

    /// Adds a user indicator: one value per table row, in file order, higher = more
    /// deprived; weight in percent.
    pub fn indicator(mut self, name: impl Into<String>, values: Vec<f64>, weight: f64) -> Self {
        self.terms.push((
            Source::Indicator {
                name: name.into(),
                values,
            },
            weight,
        ));
        self
    }

    /// The weighting rule.
    pub fn weighting(&self) -> Weighting {
        self.weighting
    }

    /// The multiplier applied to each component's transformed score, by component name:
    /// `w / 100` ([`Weighting::AsGiven`]) or `w / Σw` ([`Weighting::Renormalised`]).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when there is no component, a weight is negative or not
    /// finite, a name is used twice, or the weights sum to 0 under
    /// [`Weighting::Renormalised`].
    pub fn effective_weights(&self) -> Result<Vec<(String, f64)>> {
        if self.terms.is_empty() {
            return Err(Error::arg(
                "weights",
                "a composite needs at least one component",
            ));
        }
        let mut seen = HashMap::new();
        for (source, w) in &self.terms {
            if !w.is_finite() || *w < 0.0 {
                return Err(Error::arg(
                    "weights",
                    format!(
                        "weight {w} of {} is not a non-negative number",
                        source.name()
                    ),
                ));
            }
            if seen.insert(source.name(), ()).is_some() {
                return Err(Error::arg(
                    "weights",
                    format!("{} is given twice", source.name()),
                ));
            }
        }
        let divisor = match self.weighting {
            Weighting::AsGiven => 100.0,
            Weighting::Renormalised => {
                let sum: f64 = self.terms.iter().map(|(_, w)| w).sum();
                if sum <= 0.0 {
                    return Err(Error::arg(
                        "weights",
                        "the weights sum to 0 and cannot be renormalised",
                    ));
                }
                sum
            }
        };
        Ok(self
            .terms
            .iter()
            .map(|(s, w)| (s.name().to_string(), w / divisor))
            .collect())
    }
}

/// Scores of a composite index (or of the recomputed IMD), one per table row in file order.
///
/// Ranks and deciles are national only when every LSOA of England was scored (the table is
/// complete and no component was missing); otherwise they are `None`, because a rank among
/// a subset is not the national rank (see [`Deprivation::local_deciles`] for the labelled
/// local alternative). Ranks order scores descending (rank 1 = highest score = most
/// deprived); exactly equal scores are ordered by LSOA code, so ranks are unique and
/// deciles have the official sizes.
#[derive(Debug, Clone)]
pub struct CompositeScores {
    edition: IodEdition,
    codes: Vec<AreaCode>,
    scores: Vec<f64>,
    ranks: Option<Vec<u32>>,
}

impl CompositeScores {
    /// The edition whose ranks were combined.
    pub fn edition(&self) -> IodEdition {
        self.edition
    }

    /// Number of rows (the table's).
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// LSOA codes in the table's file order.
    pub fn codes(&self) -> &[AreaCode] {
        &self.codes
    }

    /// Scores in row order; NaN where a component is missing for the row.
    pub fn scores(&self) -> &[f64] {
        &self.scores
    }

    /// Whether ranks and deciles are available (every LSOA of England scored).
    pub fn is_national(&self) -> bool {
        self.ranks.is_some()
    }

    /// The score of row `row`.
    pub fn score(&self, row: usize) -> Option<f64> {
        self.scores.get(row).copied().filter(|s| !s.is_nan())
    }

    /// National rank of row `row` by descending score (1 = most deprived).
    pub fn rank(&self, row: usize) -> Option<u32> {
        self.ranks.as_ref().and_then(|r| r.get(row).copied())
    }

    /// National decile of row `row`: `ceil(rank / (N / 10))`.
    pub fn decile(&self, row: usize) -> Option<u8> {
        self.rank(row)
            .map(|r| decile_of_rank(r, self.edition.lsoa_count()))
    }

    /// National quintile of row `row`: `ceil(rank / (N / 5))`.
    pub fn quintile(&self, row: usize) -> Option<u8> {
        self.rank(row)
            .map(|r| quintile_of_rank(r, self.edition.lsoa_count()))
    }
}

/// Ranks of `values` across the slice, 1 = highest; tied values get the mean of the ranks
/// they span, so the result does not depend on row order.
fn descending_mean_ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[b].total_cmp(&values[a]));
    let mut ranks = vec![0.0; values.len()];
    let mut start = 0;
    while start < order.len() {
        let mut end = start + 1;
        while end < order.len() && values[order[end]] == values[order[start]] {
            end += 1;
        }
        // Positions start..end hold ranks start+1..=end; their mean is (start+1+end)/2.
        let mean = (start + 1 + end) as f64 / 2.0;
        for &i in &order[start..end] {
            ranks[i] = mean;
        }
        start = end;
    }
    ranks
}

impl Deprivation {
    /// The IMD recomputed from the seven domain ranks by the official method: the
    /// exponential transform of each domain's rank ([`exponential_transform`], N = the
    /// edition's LSOA count) weighted by [`IMD_WEIGHTS`] as printed (not renormalised).
    /// Same as `self.composite(&Composite::imd())`.
    ///
    /// On the published files this reproduces the published IMD score within 0.0014
    /// (IoD2019) and 0.0007 (IoD2025), and every published decile; a few dozen national
    /// ranks differ from the published ones by an adjacent swap between near-ties, because
    /// the official domain ranks come from unrounded scores. Prefer the published figures;
    /// recompute to check them or as the base of a re-weighted index.
    ///
    /// # Examples
    /// ```no_run
    /// # fn main() -> outreach::Result<()> {
    /// let (iod, _) = outreach::io::read_iod("iod2025_scores_ranks_deciles_lsoa21.csv.gz".as_ref(), None)?;
    /// let imd = iod.recompute_imd()?;
    /// println!("{} scored, national ranks: {}", imd.len(), imd.is_national());
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when the table lacks the rank column of a domain.
    ///
    /// # Performance
    /// O(n log n) for the national ranking; about 10 ms for England.
    pub fn recompute_imd(&self) -> Result<CompositeScores> {
        self.composite(&Composite::imd())
    }

    /// A composite index of the table's domains and user indicators (see [`Composite`]).
    ///
    /// Each row's score is `Σ c_k · X_k`, with `X_k` the exponential transform of the row's
    /// rank on component k and `c_k` the effective weight
    /// ([`Composite::effective_weights`]). A row lacking a domain rank gets no score (NaN).
    ///
    /// # Examples
    /// ```
    /// use outreach::deprivation::{Composite, Weighting};
    /// use outreach::Domain;
    /// # fn main() -> outreach::Result<()> {
    /// # let path = std::path::Path::new("../../examples/data/chorley/iod2019_lsoa11.csv");
    /// let (iod, _) = outreach::io::read_iod(path, None)?; // Chorley's 66 LSOAs, IoD2019
    /// // Two thirds income, one third employment, re-scaled to 100%.
    /// let spec = Composite::new(Weighting::Renormalised)
    ///     .domain(Domain::Income, 2.0)
    ///     .domain(Domain::Employment, 1.0);
    /// let scores = iod.composite(&spec)?;
    /// assert_eq!(scores.len(), 66);
    /// assert!(!scores.is_national()); // 66 rows are not England: no national ranks
    /// // A user indicator is ranked among the rows given (here Chorley's, so local).
    /// let older: Vec<f64> = (0..iod.len())
    ///     .map(|i| iod.row(i).and_then(|r| r.score(Domain::Idaopi)).unwrap_or(0.0))
    ///     .collect();
    /// let spec = Composite::new(Weighting::AsGiven).indicator("idaopi_local", older, 100.0);
    /// let local = iod.composite(&spec)?;
    /// assert!(local.scores().iter().all(|s| (0.0..=100.0).contains(s)));
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for the weight problems listed under
    /// [`Composite::effective_weights`], a domain without ranks in the table, an indicator
    /// whose length differs from the table's or with a value that is not a finite number.
    pub fn composite(&self, spec: &Composite) -> Result<CompositeScores> {
        let weights = spec.effective_weights()?;
        let rows = self.len();
        let n_national = self.edition.lsoa_count();
        let mut scores = vec![0.0; rows];
        for ((source, _), (_, weight)) in spec.terms.iter().zip(&weights) {
            match source {
                Source::Domain(domain) => {
                    let column = self
                        .column(*domain)
                        .filter(|c| c.rank.iter().any(|&r| r > 0))
                        .ok_or_else(|| {
                            Error::arg(
                                "weights",
                                format!(
                                    "the {} table has no {domain} ranks (it has: {})",
                                    self.edition,
                                    self.ranked_domains().join(", ")
                                ),
                            )
                        })?;
                    for (score, &rank) in scores.iter_mut().zip(&column.rank) {
                        *score += if rank == 0 {
                            f64::NAN
                        } else {
                            weight * exponential_transform(f64::from(rank), n_national)
                        };
                    }
                }
                Source::Indicator { name, values } => {
                    if values.len() != rows {
                        return Err(Error::arg(
                            "indicators",
                            format!("{name} has {} values for {rows} table rows", values.len()),
                        ));
                    }
                    if let Some(i) = values.iter().position(|v| !v.is_finite()) {
                        return Err(Error::arg(
                            "indicators",
                            format!(
                                "{name} value {} (row {i}, {}) is not a finite number",
                                values[i], self.codes[i]
                            ),
                        ));
                    }
                    let n = u32::try_from(rows)
                        .map_err(|_| Error::arg("indicators", "too many rows"))?;
                    for (score, rank) in scores.iter_mut().zip(descending_mean_ranks(values)) {
                        *score += weight * exponential_transform(rank, n);
                    }
                }
            }
        }
        let scored = scores.iter().filter(|s| !s.is_nan()).count();
        // National ranks need every LSOA of England scored and nothing else in the table.
        let ranks = (scored == n_national as usize && rows == scored).then(|| {
            let mut order: Vec<usize> = (0..rows).collect();
            order.sort_by(|&a, &b| {
                scores[b]
                    .total_cmp(&scores[a])
                    .then_with(|| self.codes[a].cmp(&self.codes[b]))
            });
            let mut ranks = vec![0u32; rows];
            for (position, &row) in order.iter().enumerate() {
                ranks[row] = position as u32 + 1;
            }
            ranks
        });
        Ok(CompositeScores {
            edition: self.edition,
            codes: self.codes.clone(),
            scores,
            ranks,
        })
    }

    fn ranked_domains(&self) -> Vec<&'static str> {
        self.domains
            .iter()
            .filter(|(_, c)| c.rank.iter().any(|&r| r > 0))
            .map(|(d, _)| d.as_str())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transform_end_points() {
        // R = 1 (rank 1): X = -23 ln(e^(-100/23)) = 100 exactly.
        assert!((exponential_transform(1.0, 100) - 100.0).abs() < 1e-12);
        // R = 1/N (rank N): X = -23 ln(1 - (1 - e^(-100/23)) / N), small and positive.
        let least = exponential_transform(100.0, 100);
        let by_hand = -23.0 * (1.0 - (1.0 - (-100.0f64 / 23.0).exp()) / 100.0).ln();
        assert!((least - by_hand).abs() < 1e-12 && least > 0.0);
        // Monotone: a better (larger) rank gives a smaller score.
        assert!(exponential_transform(10.0, 100) > exponential_transform(11.0, 100));
    }

    #[test]
    fn transform_by_hand() {
        // N = 10, rank 4: R = (10 + 1 - 4) / 10 = 0.7; e^(-100/23) = 0.012935, so
        // X = -23 ln(1 - 0.7 × 0.987065) = -23 ln(0.309054) = -23 × (-1.174238) = 27.0075.
        assert!((exponential_transform(4.0, 10) - 27.0075).abs() < 1e-4);
    }

    #[test]
    fn deciles_and_quintiles() {
        for n in [32_844u32, 33_755, 10, 7] {
            for rank in 1..=n {
                let d = decile_of_rank(rank, n);
                let float = (f64::from(rank) / (f64::from(n) / 10.0)).ceil() as u8;
                assert_eq!(d, float, "rank {rank} of {n}");
                assert_eq!(
                    quintile_of_rank(rank, n),
                    d.div_ceil(2),
                    "rank {rank} of {n}"
                );
            }
        }
        // Sizes of the IoD2025 deciles: 3,375 / 3,376 (SOURCES.md).
        let mut sizes = [0u32; 10];
        for rank in 1..=33_755 {
            sizes[usize::from(decile_of_rank(rank, 33_755)) - 1] += 1;
        }
        assert!(sizes.iter().all(|&s| s == 3_375 || s == 3_376), "{sizes:?}");
    }

    #[test]
    fn mean_ranks_of_ties() {
        assert_eq!(
            descending_mean_ranks(&[1.0, 5.0, 3.0, 5.0]),
            vec![4.0, 1.5, 3.0, 1.5]
        );
        assert!(descending_mean_ranks(&[]).is_empty());
    }

    #[test]
    fn weights_are_checked_and_scaled() {
        let imd = Composite::imd().effective_weights().unwrap();
        let sum: f64 = imd.iter().map(|(_, w)| w).sum();
        assert!((sum - 0.999).abs() < 1e-12, "as printed: {sum}");
        let renormalised = IMD_WEIGHTS
            .into_iter()
            .fold(Composite::new(Weighting::Renormalised), |c, (d, w)| {
                c.domain(d, w)
            })
            .effective_weights()
            .unwrap();
        let sum: f64 = renormalised.iter().map(|(_, w)| w).sum();
        assert!((sum - 1.0).abs() < 1e-12);
        let bad = [
            Composite::new(Weighting::AsGiven),
            Composite::new(Weighting::AsGiven).domain(Domain::Income, -1.0),
            Composite::new(Weighting::AsGiven).domain(Domain::Income, f64::NAN),
            Composite::new(Weighting::Renormalised).domain(Domain::Income, 0.0),
            Composite::new(Weighting::AsGiven)
                .domain(Domain::Income, 1.0)
                .domain(Domain::Income, 2.0),
        ];
        for spec in bad {
            assert!(matches!(
                spec.effective_weights(),
                Err(Error::InvalidArgument { .. })
            ));
        }
    }
}
