//! Need drivers: on which domains (or indicators) an area is most deprived relative to its
//! overall IMD, so that "health here, crime there, access elsewhere" is a query.
//!
//! Each area's IMD rank and domain ranks are put on one scale, the rank percentile
//! `p = rank / N` (small = more deprived; N the number ranked). The gap
//! `p(IMD) − p(domain)` is positive when the area is more deprived on the domain than
//! overall; the domains are ordered by gap, largest first (ties in domain order). A
//! driver is a domain with a positive gap; the area's first driver is its main one.
//!
//! [`need_drivers`] uses the national ranks of the IoD. [`need_drivers_local`] ranks any
//! values (domain scores, user indicators, higher = more deprived) within the areas given,
//! against a local ranking of the IMD score: the "local" scale, labelled as such.

use crate::area::AreaCode;
use crate::deprivation::{Deprivation, Domain};
use crate::error::{Error, Result};
use crate::table::{Column, Table, Values};

/// One area's standing on one domain or indicator.
#[derive(Debug, Clone, PartialEq)]
pub struct NeedDriver {
    /// Index of the area in the codes given.
    pub area: usize,
    /// The domain (`income`, `health`... as [`Domain::as_str`]) or indicator name.
    pub indicator: String,
    /// Rank on the indicator (1 = most deprived), nationally or locally.
    pub rank: u32,
    /// `rank / N`.
    pub percentile: f64,
    /// The area's IMD rank percentile on the same scale.
    pub imd_percentile: f64,
    /// `imd_percentile − percentile`: positive when more deprived here than overall.
    pub gap: f64,
    /// 1 for the largest gap of the area, 2 for the next...
    pub order: u32,
    /// `"national"` or `"local"`.
    pub scale: &'static str,
}

impl NeedDriver {
    /// Whether the area is more deprived on this indicator than overall.
    pub fn is_driver(&self) -> bool {
        self.gap > 0.0
    }

    /// Whether this is the area's main driver (largest positive gap).
    pub fn is_main_driver(&self) -> bool {
        self.order == 1 && self.gap > 0.0
    }
}

fn order_rows(mut rows: Vec<NeedDriver>) -> Vec<NeedDriver> {
    // Stable sort within each area by gap, largest first; input order breaks ties.
    rows.sort_by(|a, b| a.area.cmp(&b.area).then(b.gap.total_cmp(&a.gap)));
    let mut last = usize::MAX;
    let mut k = 0;
    for r in &mut rows {
        if r.area != last {
            last = r.area;
            k = 0;
        }
        k += 1;
        r.order = k;
    }
    rows
}

/// National need drivers of the areas `codes` (LSOAs of `iod`'s edition) over every
/// domain the dataset holds (IMD excluded). Rows are grouped by area, ordered by gap.
///
/// Errors with [`Error::UnknownArea`] for a code not in `iod` or without an IMD rank.
pub fn need_drivers(codes: &[AreaCode], iod: &Deprivation) -> Result<Vec<NeedDriver>> {
    let n = f64::from(iod.edition().lsoa_count());
    let domains: Vec<Domain> = iod
        .domains()
        .into_iter()
        .filter(|d| *d != Domain::Imd)
        .collect();
    let mut rows = Vec::new();
    for (a, code) in codes.iter().enumerate() {
        let d = iod.try_get(code)?;
        let imd = d
            .rank(Domain::Imd)
            .ok_or_else(|| Error::UnknownArea(code.clone()))?;
        let imd_p = f64::from(imd) / n;
        for &dm in &domains {
            if let Some(r) = d.rank(dm) {
                let p = f64::from(r) / n;
                rows.push(NeedDriver {
                    area: a,
                    indicator: dm.as_str().to_string(),
                    rank: r,
                    percentile: p,
                    imd_percentile: imd_p,
                    gap: imd_p - p,
                    order: 0,
                    scale: "national",
                });
            }
        }
    }
    Ok(order_rows(rows))
}

/// Ranks `values` descending (1 = largest = most deprived), ties sharing the lowest rank.
fn local_ranks(values: &[f64]) -> Vec<u32> {
    let mut idx: Vec<usize> = (0..values.len()).collect();
    idx.sort_by(|&a, &b| values[b].total_cmp(&values[a]));
    let mut ranks = vec![0u32; values.len()];
    let mut prev: Option<f64> = None;
    let mut rank = 0u32;
    for (pos, &i) in idx.iter().enumerate() {
        if prev != Some(values[i]) {
            rank = pos as u32 + 1;
            prev = Some(values[i]);
        }
        ranks[i] = rank;
    }
    ranks
}

/// Local need drivers: `imd_scores` and each indicator's values (one per area, higher =
/// more deprived) are ranked within the areas given, and compared as in
/// [`need_drivers`].
///
/// Errors when lengths differ, a value is not finite, a name repeats, or there are no
/// areas.
pub fn need_drivers_local(
    imd_scores: &[f64],
    indicators: &[(&str, &[f64])],
) -> Result<Vec<NeedDriver>> {
    let n = imd_scores.len();
    if n == 0 {
        return Err(Error::arg("imd_scores", "no areas"));
    }
    let finite = |name: &str, v: &[f64]| -> Result<()> {
        match v.iter().position(|x| !x.is_finite()) {
            Some(i) => Err(Error::arg(
                "indicators",
                format!("{name}: value {i} is not finite"),
            )),
            None => Ok(()),
        }
    };
    finite("imd", imd_scores)?;
    for (k, (name, v)) in indicators.iter().enumerate() {
        if v.len() != n {
            return Err(Error::arg(
                "indicators",
                format!("{name} has {} values for {n} areas", v.len()),
            ));
        }
        if indicators[..k].iter().any(|(m, _)| m == name) {
            return Err(Error::arg("indicators", format!("{name} given twice")));
        }
        finite(name, v)?;
    }
    let nf = n as f64;
    let imd = local_ranks(imd_scores);
    let ranked: Vec<Vec<u32>> = indicators.iter().map(|(_, v)| local_ranks(v)).collect();
    let mut rows = Vec::with_capacity(n * indicators.len());
    for a in 0..n {
        let imd_p = f64::from(imd[a]) / nf;
        for (k, (name, _)) in indicators.iter().enumerate() {
            let p = f64::from(ranked[k][a]) / nf;
            rows.push(NeedDriver {
                area: a,
                indicator: (*name).to_string(),
                rank: ranked[k][a],
                percentile: p,
                imd_percentile: imd_p,
                gap: imd_p - p,
                order: 0,
                scale: "local",
            });
        }
    }
    Ok(order_rows(rows))
}

/// The rows as a table: `area_code, indicator, rank, percentile, imd_percentile, gap,
/// order, driver, scale` (`codes[row.area]` names the area).
pub fn need_driver_table(drivers: &[NeedDriver], codes: &[String]) -> Result<Table> {
    let mut t = Table::new();
    t.push(Column::new(
        "area_code",
        Values::Text(drivers.iter().map(|d| codes.get(d.area).cloned()).collect()),
    ))?;
    t.push(Column::new(
        "indicator",
        Values::Text(drivers.iter().map(|d| Some(d.indicator.clone())).collect()),
    ))?;
    t.push(Column::new(
        "rank",
        Values::Int(drivers.iter().map(|d| Some(i64::from(d.rank))).collect()),
    ))?;
    t.push(Column::new(
        "percentile",
        Values::Float(drivers.iter().map(|d| Some(d.percentile)).collect()),
    ))?;
    t.push(Column::new(
        "imd_percentile",
        Values::Float(drivers.iter().map(|d| Some(d.imd_percentile)).collect()),
    ))?;
    t.push(Column::new(
        "gap",
        Values::Float(drivers.iter().map(|d| Some(d.gap)).collect()),
    ))?;
    t.push(Column::new(
        "order",
        Values::Int(drivers.iter().map(|d| Some(i64::from(d.order))).collect()),
    ))?;
    t.push(Column::new(
        "driver",
        Values::Bool(drivers.iter().map(|d| Some(d.is_driver())).collect()),
    ))?;
    t.push(Column::new(
        "scale",
        Values::Text(drivers.iter().map(|d| Some(d.scale.to_string())).collect()),
    ))?;
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_worked_local_example() {
        // Three areas. IMD scores 30, 20, 10 → local IMD ranks 1, 2, 3 (p = 1/3, 2/3, 1).
        // Health values 5, 9, 1 → ranks 2, 1, 3; crime 7, 3, 8 → ranks 2, 3, 1.
        let rows = need_drivers_local(
            &[30.0, 20.0, 10.0],
            &[("health", &[5.0, 9.0, 1.0]), ("crime", &[7.0, 3.0, 8.0])],
        )
        .unwrap();
        let get = |a: usize, name: &str| {
            rows.iter()
                .find(|r| r.area == a && r.indicator == name)
                .unwrap()
        };
        // Area 0: most deprived overall; health and crime both rank 2: gap 1/3 − 2/3 < 0.
        assert!((get(0, "health").gap + 1.0 / 3.0).abs() < 1e-12);
        assert!(!get(0, "health").is_driver());
        // Area 1: IMD p = 2/3; health rank 1 (p = 1/3) → gap +1/3, its main driver.
        assert!((get(1, "health").gap - 1.0 / 3.0).abs() < 1e-12);
        assert!(get(1, "health").is_main_driver());
        assert_eq!(get(1, "crime").order, 2);
        // Area 2: IMD p = 1; crime rank 1 → gap 2/3, main driver; health gap 0, not a driver.
        assert!((get(2, "crime").gap - 2.0 / 3.0).abs() < 1e-12);
        assert!(get(2, "crime").is_main_driver());
        assert!(!get(2, "health").is_driver());
        assert_eq!(get(2, "health").order, 2);
    }

    #[test]
    fn ties_share_the_lowest_rank_and_bad_input_is_refused() {
        assert_eq!(local_ranks(&[3.0, 5.0, 3.0, 1.0]), vec![2, 1, 2, 4]);
        assert!(need_drivers_local(&[], &[]).is_err());
        assert!(need_drivers_local(&[1.0, 2.0], &[("a", &[1.0])]).is_err());
        assert!(need_drivers_local(&[1.0], &[("a", &[f64::NAN])]).is_err());
        assert!(need_drivers_local(&[1.0], &[("a", &[1.0]), ("a", &[2.0])]).is_err());
    }
}
