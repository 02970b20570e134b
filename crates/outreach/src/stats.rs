//! Statistics for area profiles, computed the way OHID Fingertips computes them.
//!
//! - [`wilson`]: Wilson score interval for a proportion.
//! - [`byar_count`] / [`rate_interval`]: Byar's approximation to the Poisson interval for a
//!   count and for a rate per `per` people.
//! - [`compare_rate`] / [`compare_proportion`]: flag an area against a benchmark
//!   (borough, England) as [`Comparison::Higher`], [`Comparison::Similar`] or
//!   [`Comparison::Lower`] by whether the interval excludes the benchmark.
//! - [`benjamini_hochberg`] / [`significant`]: false discovery rate q-values.
//! - [`getis_ord_gi_star`]: Getis-Ord Gi* hot spots over [`Neighbours`].
//! - [`suppress`]: the small-number export rule.
//!
//! ```
//! use outreach::stats::{compare_rate, Comparison, Z95};
//! # fn main() -> outreach::Result<()> {
//! // 30 crimes among 2,000 residents against a benchmark of 8 per 1,000.
//! let c = compare_rate(30, 2_000.0, 8.0, 1_000.0, Z95)?;
//! assert!((c.value - 15.0).abs() < 1e-12);
//! assert_eq!(c.flag, Comparison::Higher);
//! assert_eq!(c.flag.as_str(), "higher");
//! # Ok(())
//! # }
//! ```

use crate::{Error, Result};
use rstar::primitives::GeomWithData;
use rstar::RTree;

/// The two-sided 95% normal quantile (1.959964).
pub const Z95: f64 = 1.959_963_984_540_054;
/// The two-sided 99.8% normal quantile (3.090232), Fingertips' second level.
pub const Z998: f64 = 3.090_232_306_167_813;
/// The default small-number suppression threshold for exports.
pub const SUPPRESSION_THRESHOLD: u64 = 5;

/// A confidence interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    /// Lower bound.
    pub lower: f64,
    /// Upper bound.
    pub upper: f64,
}

fn check_z(z: f64) -> Result<()> {
    if z.is_finite() && z >= 0.0 {
        Ok(())
    } else {
        Err(Error::arg(
            "z",
            format!("must be finite and non-negative, got {z}"),
        ))
    }
}

fn check_positive(name: &'static str, v: f64) -> Result<()> {
    if v.is_finite() && v > 0.0 {
        Ok(())
    } else {
        Err(Error::arg(
            name,
            format!("must be finite and positive, got {v}"),
        ))
    }
}

/// Wilson score interval for `successes` out of `n` at normal quantile `z`.
///
/// Errors when `n` is 0, `successes > n` or `z` is negative or not finite.
pub fn wilson(successes: u64, n: u64, z: f64) -> Result<Interval> {
    check_z(z)?;
    if n == 0 {
        return Err(Error::arg("n", "must be positive"));
    }
    if successes > n {
        return Err(Error::arg(
            "successes",
            format!("{successes} exceeds n = {n}"),
        ));
    }
    let nf = n as f64;
    let p = successes as f64 / nf;
    let z2 = z * z;
    let denom = 1.0 + z2 / nf;
    let centre = (p + z2 / (2.0 * nf)) / denom;
    let half = z * (p * (1.0 - p) / nf + z2 / (4.0 * nf * nf)).sqrt() / denom;
    Ok(Interval {
        lower: (centre - half).max(0.0),
        upper: (centre + half).min(1.0),
    })
}

/// Byar's approximation to the Poisson interval for an observed count.
///
/// lower = O(1 − 1/(9O) − z/(3√O))³ (0 when O = 0),
/// upper = (O+1)(1 − 1/(9(O+1)) + z/(3√(O+1)))³.
/// A negative or non-finite `z` is treated as 0.
pub fn byar_count(observed: u64, z: f64) -> Interval {
    let z = if z.is_finite() { z.max(0.0) } else { 0.0 };
    let o = observed as f64;
    let lower = if observed == 0 {
        0.0
    } else {
        (o * (1.0 - 1.0 / (9.0 * o) - z / (3.0 * o.sqrt())).powi(3)).max(0.0)
    };
    let o1 = o + 1.0;
    let upper = o1 * (1.0 - 1.0 / (9.0 * o1) + z / (3.0 * o1.sqrt())).powi(3);
    Interval { lower, upper }
}

/// A rate per `per` with its Byar interval: `(rate, interval)`.
///
/// Errors when `denominator` or `per` is not finite and positive, or `z` is invalid.
pub fn rate_interval(observed: u64, denominator: f64, per: f64, z: f64) -> Result<(f64, Interval)> {
    check_positive("denominator", denominator)?;
    check_positive("per", per)?;
    check_z(z)?;
    let scale = per / denominator;
    let ci = byar_count(observed, z);
    Ok((
        observed as f64 * scale,
        Interval {
            lower: ci.lower * scale,
            upper: ci.upper * scale,
        },
    ))
}

/// How an area compares with a benchmark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Comparison {
    /// The interval lies wholly above the benchmark.
    Higher,
    /// The interval contains the benchmark.
    Similar,
    /// The interval lies wholly below the benchmark.
    Lower,
}

impl Comparison {
    /// Lower-case label: "higher", "similar", "lower".
    pub fn as_str(self) -> &'static str {
        match self {
            Comparison::Higher => "higher",
            Comparison::Similar => "similar",
            Comparison::Lower => "lower",
        }
    }

    /// The Fingertips rule: higher if `lower > benchmark`, lower if `upper < benchmark`.
    fn of(ci: Interval, benchmark: f64) -> Self {
        if ci.lower > benchmark {
            Comparison::Higher
        } else if ci.upper < benchmark {
            Comparison::Lower
        } else {
            Comparison::Similar
        }
    }
}

/// An area's value compared with a benchmark.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Compared {
    /// The area's rate or proportion.
    pub value: f64,
    /// Its confidence interval.
    pub interval: Interval,
    /// `value / benchmark` (rate ratio; infinite if the benchmark is 0 and value positive).
    pub ratio: f64,
    /// Higher / similar / lower than the benchmark.
    pub flag: Comparison,
}

fn check_benchmark(b: f64) -> Result<()> {
    if b.is_finite() && b >= 0.0 {
        Ok(())
    } else {
        Err(Error::arg(
            "benchmark",
            format!("must be finite and non-negative, got {b}"),
        ))
    }
}

fn ratio(value: f64, benchmark: f64) -> f64 {
    if benchmark > 0.0 {
        value / benchmark
    } else if value > 0.0 {
        f64::INFINITY
    } else {
        f64::NAN
    }
}

/// Compare a rate per `per` (Byar interval) with `benchmark_rate` (same units).
pub fn compare_rate(
    observed: u64,
    denominator: f64,
    benchmark_rate: f64,
    per: f64,
    z: f64,
) -> Result<Compared> {
    check_benchmark(benchmark_rate)?;
    let (value, interval) = rate_interval(observed, denominator, per, z)?;
    Ok(Compared {
        value,
        interval,
        ratio: ratio(value, benchmark_rate),
        flag: Comparison::of(interval, benchmark_rate),
    })
}

/// Compare a proportion `successes / n` (Wilson interval) with `benchmark` (0–1).
pub fn compare_proportion(successes: u64, n: u64, benchmark: f64, z: f64) -> Result<Compared> {
    check_benchmark(benchmark)?;
    if benchmark > 1.0 {
        return Err(Error::arg(
            "benchmark",
            format!("a proportion must be at most 1, got {benchmark}"),
        ));
    }
    let interval = wilson(successes, n, z)?;
    let value = successes as f64 / n as f64;
    Ok(Compared {
        value,
        interval,
        ratio: ratio(value, benchmark),
        flag: Comparison::of(interval, benchmark),
    })
}

/// Benjamini–Hochberg adjusted q-values, in input order (monotone in p, capped at 1).
///
/// Errors when any p-value is NaN or outside [0, 1].
pub fn benjamini_hochberg(p: &[f64]) -> Result<Vec<f64>> {
    if let Some(bad) = p.iter().find(|v| !(0.0..=1.0).contains(*v)) {
        return Err(Error::arg(
            "p",
            format!("p-values must lie in [0, 1], got {bad}"),
        ));
    }
    let m = p.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&a, &b| p[a].total_cmp(&p[b]));
    let mut q = vec![0.0; m];
    let mut running = 1.0_f64;
    for (rank, &i) in order.iter().enumerate().rev() {
        let adj = p[i] * m as f64 / (rank + 1) as f64;
        running = running.min(adj).min(1.0);
        q[i] = running;
    }
    Ok(q)
}

/// Which p-values are significant at false discovery rate `alpha` (q ≤ alpha).
pub fn significant(p: &[f64], alpha: f64) -> Result<Vec<bool>> {
    if !(alpha > 0.0 && alpha < 1.0) {
        return Err(Error::arg(
            "alpha",
            format!("must lie in (0, 1), got {alpha}"),
        ));
    }
    Ok(benjamini_hochberg(p)?
        .into_iter()
        .map(|q| q <= alpha)
        .collect())
}

/// Complementary error function (Numerical Recipes `erfcc` Chebyshev fit, fractional
/// error below 1.2e-7 everywhere).
pub fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let poly = -z * z - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    let ans = t * poly.exp();
    if x >= 0.0 {
        ans
    } else {
        2.0 - ans
    }
}

/// Standard normal cumulative distribution function Φ(x).
pub fn normal_cdf(x: f64) -> f64 {
    0.5 * erfc(-x / std::f64::consts::SQRT_2)
}

/// Spatial neighbours with binary weights, each area including itself (for Gi*).
#[derive(Debug, Clone, PartialEq)]
pub struct Neighbours {
    lists: Vec<Vec<u32>>,
}

impl Neighbours {
    /// From adjacency lists (e.g. areas sharing a boundary). Each area is added to its own
    /// list if missing; duplicates are removed. Errors on an index out of range.
    pub fn from_adjacency(mut lists: Vec<Vec<u32>>) -> Result<Self> {
        let n = lists.len();
        for (i, list) in lists.iter_mut().enumerate() {
            if let Some(bad) = list.iter().find(|&&j| j as usize >= n) {
                return Err(Error::arg(
                    "adjacency",
                    format!("area {i} lists neighbour {bad}, but there are only {n} areas"),
                ));
            }
            list.push(i as u32);
            list.sort_unstable();
            list.dedup();
        }
        Ok(Neighbours { lists })
    }

    /// Areas whose centroids (BNG metres) lie within `distance_m` of each other (inclusive).
    /// Errors on mismatched lengths, non-finite coordinates or a negative distance.
    pub fn within_distance(xs: &[f64], ys: &[f64], distance_m: f64) -> Result<Self> {
        if xs.len() != ys.len() {
            return Err(Error::arg(
                "ys",
                format!("{} ys for {} xs", ys.len(), xs.len()),
            ));
        }
        if !(distance_m.is_finite() && distance_m >= 0.0) {
            return Err(Error::arg(
                "distance_m",
                format!("must be finite and non-negative, got {distance_m}"),
            ));
        }
        if xs.iter().chain(ys).any(|v| !v.is_finite()) {
            return Err(Error::arg("xs", "coordinates must be finite"));
        }
        let items: Vec<GeomWithData<[f64; 2], u32>> = xs
            .iter()
            .zip(ys)
            .enumerate()
            .map(|(i, (&x, &y))| GeomWithData::new([x, y], i as u32))
            .collect();
        let tree = RTree::bulk_load(items);
        let lists = xs
            .iter()
            .zip(ys)
            .map(|(&x, &y)| {
                let mut v: Vec<u32> = tree
                    .locate_within_distance([x, y], distance_m * distance_m)
                    .map(|p| p.data)
                    .collect();
                v.sort_unstable();
                v
            })
            .collect();
        Ok(Neighbours { lists })
    }

    /// Number of areas.
    pub fn len(&self) -> usize {
        self.lists.len()
    }

    /// True when there are no areas.
    pub fn is_empty(&self) -> bool {
        self.lists.is_empty()
    }

    /// The neighbours of area `i` (itself included), sorted; empty if out of range.
    pub fn of(&self, i: usize) -> &[u32] {
        self.lists.get(i).map_or(&[], Vec::as_slice)
    }
}

/// Hot-spot class of an area after the FDR correction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HotSpotClass {
    /// Significantly high cluster (z > 0).
    Hot,
    /// Significantly low cluster (z < 0).
    Cold,
    /// Not significant after Benjamini–Hochberg.
    NotSignificant,
}

/// One area's Gi* result.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HotSpot {
    /// The Gi* z-score.
    pub z: f64,
    /// Two-sided normal p-value.
    pub p: f64,
    /// Class after Benjamini–Hochberg at the requested alpha.
    pub class: HotSpotClass,
}

/// Getis-Ord Gi* with binary weights (self included) and BH FDR at `alpha`.
///
/// Gi* = (Σⱼ wᵢⱼxⱼ − X̄ Σⱼ wᵢⱼ) / (S √((n Σⱼ wᵢⱼ² − (Σⱼ wᵢⱼ)²) / (n − 1))),
/// X̄ the mean, S = √(Σx²/n − X̄²). An area neighbouring every area has z = 0.
/// Errors on mismatched lengths, non-finite values, fewer than 2 areas, constant values
/// or `alpha` outside (0, 1).
pub fn getis_ord_gi_star(
    values: &[f64],
    neighbours: &Neighbours,
    alpha: f64,
) -> Result<Vec<HotSpot>> {
    let n = values.len();
    if n != neighbours.len() {
        return Err(Error::arg(
            "neighbours",
            format!("{} areas for {n} values", neighbours.len()),
        ));
    }
    if n < 2 {
        return Err(Error::arg("values", "need at least 2 areas"));
    }
    if let Some(bad) = values.iter().find(|v| !v.is_finite()) {
        return Err(Error::arg("values", format!("must be finite, got {bad}")));
    }
    if !(alpha > 0.0 && alpha < 1.0) {
        return Err(Error::arg(
            "alpha",
            format!("must lie in (0, 1), got {alpha}"),
        ));
    }
    let nf = n as f64;
    let mean = values.iter().sum::<f64>() / nf;
    let var = values.iter().map(|x| x * x).sum::<f64>() / nf - mean * mean;
    if var <= 0.0 {
        return Err(Error::arg(
            "values",
            "all values are equal; Gi* is undefined",
        ));
    }
    let s = var.sqrt();
    let mut z = Vec::with_capacity(n);
    for i in 0..n {
        let nb = neighbours.of(i);
        let w = nb.len() as f64;
        let sum: f64 = nb.iter().map(|&j| values[j as usize]).sum();
        let spread = (nf * w - w * w) / (nf - 1.0);
        z.push(if spread > 0.0 {
            (sum - mean * w) / (s * spread.sqrt())
        } else {
            0.0
        });
    }
    let p: Vec<f64> = z
        .iter()
        .map(|&zi| (2.0 * (1.0 - normal_cdf(zi.abs()))).clamp(0.0, 1.0))
        .collect();
    let sig = significant(&p, alpha)?;
    Ok(z.into_iter()
        .zip(p)
        .zip(sig)
        .map(|((z, p), s)| HotSpot {
            z,
            p,
            class: if !s {
                HotSpotClass::NotSignificant
            } else if z > 0.0 {
                HotSpotClass::Hot
            } else {
                HotSpotClass::Cold
            },
        })
        .collect())
}

/// The small-number export rule: counts of 1 to `threshold − 1` are suppressed (`None`);
/// zero and counts at or above the threshold are published. Use
/// [`SUPPRESSION_THRESHOLD`] (5) unless the data owner says otherwise.
pub fn suppress(count: u64, threshold: u64) -> Option<u64> {
    if count > 0 && count < threshold {
        None
    } else {
        Some(count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) {
        assert!((a - b).abs() <= tol, "{a} vs {b}");
    }

    #[test]
    fn wilson_10_of_50() {
        let ci = wilson(10, 50, 1.959964).unwrap();
        close(ci.lower, 0.1124, 5e-5);
        close(ci.upper, 0.3304, 5e-5);
        assert!(wilson(1, 0, Z95).is_err());
        assert!(wilson(6, 5, Z95).is_err());
        assert!(wilson(1, 5, f64::NAN).is_err());
    }

    #[test]
    fn byar_ten() {
        // Byar's formula for O = 10, z = 1.959964:
        // lower = 10 (1 − 1/90 − z/(3√10))³ = 10 · 0.782291³ = 4.7873
        // upper = 11 (1 − 1/99 + z/(3√11))³ = 11 · 1.186881³ = 18.3914
        // (the exact Poisson limits are 4.7954 and 18.3904; Byar is within 0.01).
        let ci = byar_count(10, 1.959964);
        close(ci.lower, 4.7873, 5e-4);
        close(ci.upper, 18.3914, 5e-4);
        close(ci.lower, 4.7954, 1e-2);
        close(ci.upper, 18.3904, 1e-2);
        let zero = byar_count(0, Z95);
        assert_eq!(zero.lower, 0.0);
        // O = 0: upper = 1 · (1 − 1/9 + z/3)³ = 1.542210³ = 3.6680.
        close(zero.upper, 3.6680, 1e-3);
        let (rate, r) = rate_interval(10, 2_000.0, 1_000.0, 1.959964).unwrap();
        close(rate, 5.0, 1e-12);
        close(r.lower, ci.lower / 2.0, 1e-12);
        assert!(rate_interval(1, 0.0, 1_000.0, Z95).is_err());
        assert!(rate_interval(1, -3.0, 1_000.0, Z95).is_err());
        assert!(rate_interval(1, f64::NAN, 1_000.0, Z95).is_err());
    }

    #[test]
    fn comparisons() {
        // 10 per 2,000 = 5.0 per 1,000, interval (2.39, 9.20).
        let c = compare_rate(10, 2_000.0, 1.0, 1_000.0, Z95).unwrap();
        assert_eq!(c.flag, Comparison::Higher);
        close(c.ratio, 5.0, 1e-12);
        assert_eq!(
            compare_rate(10, 2_000.0, 5.0, 1_000.0, Z95).unwrap().flag,
            Comparison::Similar
        );
        assert_eq!(
            compare_rate(10, 2_000.0, 12.0, 1_000.0, Z95).unwrap().flag,
            Comparison::Lower
        );
        assert_eq!(Comparison::Lower.as_str(), "lower");
        // 10/50 = 0.2, Wilson (0.1124, 0.3304).
        let p = compare_proportion(10, 50, 0.1, 1.959964).unwrap();
        assert_eq!(p.flag, Comparison::Higher);
        close(p.ratio, 2.0, 1e-12);
        assert_eq!(
            compare_proportion(10, 50, 0.25, Z95).unwrap().flag,
            Comparison::Similar
        );
        assert_eq!(
            compare_proportion(10, 50, 0.4, Z95).unwrap().flag,
            Comparison::Lower
        );
        assert!(compare_proportion(10, 50, 1.5, Z95).is_err());
        assert!(compare_rate(10, 2_000.0, f64::NAN, 1_000.0, Z95).is_err());
    }

    #[test]
    fn bh_textbook() {
        // Sorted p = 0.005, 0.01, 0.03, 0.04, 0.20 (m = 5); p·m/rank =
        // 0.025, 0.025, 0.05, 0.05, 0.20; running minimum from the top leaves them as is.
        let p = [0.04, 0.005, 0.20, 0.03, 0.01];
        let q = benjamini_hochberg(&p).unwrap();
        let want = [0.05, 0.025, 0.20, 0.05, 0.025];
        for (a, b) in q.iter().zip(want) {
            close(*a, b, 1e-12);
        }
        // Monotonicity: p = 0.01, 0.02 (m = 2): raw 0.02, 0.02.
        // p = 0.03, 0.031, 0.9 → raw 0.09, 0.0465, 0.9 → q 0.0465, 0.0465, 0.9.
        let q = benjamini_hochberg(&[0.03, 0.031, 0.9]).unwrap();
        close(q[0], 0.0465, 1e-12);
        close(q[1], 0.0465, 1e-12);
        close(q[2], 0.9, 1e-12);
        assert_eq!(
            significant(&p, 0.03).unwrap(),
            vec![false, true, false, false, true]
        );
        assert!(benjamini_hochberg(&[0.1, f64::NAN]).is_err());
        assert!(benjamini_hochberg(&[-0.1]).is_err());
        assert!(benjamini_hochberg(&[]).unwrap().is_empty());
    }

    #[test]
    fn normal_cdf_known_values() {
        close(normal_cdf(1.96), 0.975_002_1, 2e-7);
        close(normal_cdf(-3.0), 0.001_349_9, 2e-7);
        close(normal_cdf(0.0), 0.5, 1e-7);
    }

    #[test]
    fn gi_star_line() {
        // x = [1, 1, 1, 10, 10], n = 5: X̄ = 23/5 = 4.6, Σx²/n = 203/5 = 40.6,
        // S² = 40.6 − 21.16 = 19.44.
        // Ends (W = 2): √((5·2 − 4)/4) = √1.5; middle (W = 3): √((15 − 9)/4) = √1.5.
        // So every denominator is √(19.44 · 1.5) = √29.16 = 5.4.
        // area 0 {0,1}:   2 − 4.6·2 = −7.2   → −7.2/5.4  = −4/3
        // area 1 {0,1,2}: 3 − 13.8 = −10.8   → −2
        // area 2 {1,2,3}: 12 − 13.8 = −1.8   → −1/3
        // area 3 {2,3,4}: 21 − 13.8 = 7.2    → 4/3
        // area 4 {3,4}:   20 − 9.2 = 10.8    → 2
        let nb =
            Neighbours::from_adjacency(vec![vec![1], vec![0, 2], vec![1, 3], vec![2, 4], vec![3]])
                .unwrap();
        let hs = getis_ord_gi_star(&[1.0, 1.0, 1.0, 10.0, 10.0], &nb, 0.05).unwrap();
        let want = [-4.0 / 3.0, -2.0, -1.0 / 3.0, 4.0 / 3.0, 2.0];
        for (h, w) in hs.iter().zip(want) {
            close(h.z, w, 1e-9);
        }
        // p for |z| = 2 is 0.0455; BH with m = 5 leaves nothing below 0.05.
        close(hs[4].p, 0.045_500_3, 1e-6);
        assert!(hs.iter().all(|h| h.class == HotSpotClass::NotSignificant));
        let loose = getis_ord_gi_star(&[1.0, 1.0, 1.0, 10.0, 10.0], &nb, 0.25).unwrap();
        assert_eq!(loose[4].class, HotSpotClass::Hot);
        assert_eq!(loose[1].class, HotSpotClass::Cold);
    }

    #[test]
    fn gi_star_distance_band() {
        // Same line laid out 1 km apart; a 1,000 m band gives the same neighbours.
        let xs = [0.0, 1_000.0, 2_000.0, 3_000.0, 4_000.0];
        let ys = [0.0; 5];
        let nb = Neighbours::within_distance(&xs, &ys, 1_000.0).unwrap();
        assert_eq!(nb.of(0), &[0, 1]);
        assert_eq!(nb.of(2), &[1, 2, 3]);
        let hs = getis_ord_gi_star(&[1.0, 1.0, 1.0, 10.0, 10.0], &nb, 0.05).unwrap();
        close(hs[1].z, -2.0, 1e-9);
        close(hs[3].z, 4.0 / 3.0, 1e-9);
        // A band covering everything: every area sees all, z = 0.
        let all = Neighbours::within_distance(&xs, &ys, 10_000.0).unwrap();
        let hs = getis_ord_gi_star(&[1.0, 1.0, 1.0, 10.0, 10.0], &all, 0.05).unwrap();
        assert!(hs
            .iter()
            .all(|h| h.z == 0.0 && h.class == HotSpotClass::NotSignificant));
    }

    #[test]
    fn gi_star_errors() {
        let nb = Neighbours::from_adjacency(vec![vec![1], vec![0]]).unwrap();
        assert!(getis_ord_gi_star(&[1.0], &nb, 0.05).is_err());
        assert!(getis_ord_gi_star(&[1.0, f64::NAN], &nb, 0.05).is_err());
        assert!(getis_ord_gi_star(&[2.0, 2.0], &nb, 0.05).is_err());
        assert!(getis_ord_gi_star(&[1.0, 2.0], &nb, 1.5).is_err());
        assert!(Neighbours::from_adjacency(vec![vec![3]]).is_err());
        assert!(Neighbours::within_distance(&[0.0], &[], 10.0).is_err());
        assert!(Neighbours::within_distance(&[0.0], &[0.0], -1.0).is_err());
    }

    #[test]
    fn suppression() {
        assert_eq!(suppress(0, SUPPRESSION_THRESHOLD), Some(0));
        assert_eq!(suppress(4, SUPPRESSION_THRESHOLD), None);
        assert_eq!(suppress(5, SUPPRESSION_THRESHOLD), Some(5));
    }
}
