//! Carrying deprivation values between LSOA 2011 and LSOA 2021 through the ONS lookup
//! (feature `io`, which reads it: [`crate::io::read_lsoa_lookup`]).
//!
//! IoD2019 is published on 2011 LSOAs, IoD2025 and Census 2021 on 2021 LSOAs. Joining one
//! to the other by code silently works for the ~94% of LSOAs that did not change and
//! silently fails (or misleads) for the rest, so the join goes through the lookup and every
//! row says how its values were obtained: the ONS change code (U unchanged, S split,
//! M merged, X irregular) and the [`Carry`] method.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::area::{AreaCode, Vintage};
use crate::error::{Error, Result};
use crate::io::{LsoaChange, LsoaLookupRow};

use super::{Deprivation, Domain, IodEdition};

/// How a target LSOA got its values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Carry {
    /// One source LSOA that maps to this target only (change code U): values copied.
    Copied,
    /// One source LSOA that maps to several targets (a split read forward, a merge read
    /// backward, or an irregular change): every target inherits the source's rank, decile
    /// and score unchanged. The rank is still the source LSOA's national rank.
    Inherited,
    /// Several source LSOAs, each with a population: the score is their population-weighted
    /// mean; there is no rank or decile (no official one exists for the combined area), but
    /// the range of the sources' deciles is kept.
    PopulationWeightedMean,
    /// Several source LSOAs, not all with a population (the IoD2025 file has none): the
    /// score is their unweighted mean; no rank or decile, the sources' decile range kept.
    Mean,
    /// Some of the target's source LSOAs are not in the table (a table holding only some
    /// councils): no values at all rather than values from part of the area.
    Incomplete,
}

impl Carry {
    /// A stable snake_case name (`"copied"`, `"inherited"`, `"population_weighted_mean"`,
    /// `"mean"`, `"incomplete"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Carry::Copied => "copied",
            Carry::Inherited => "inherited",
            Carry::PopulationWeightedMean => "population_weighted_mean",
            Carry::Mean => "mean",
            Carry::Incomplete => "incomplete",
        }
    }
}

/// One domain's values on a target LSOA.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CarriedValue {
    /// The source's national rank ([`Carry::Copied`] and [`Carry::Inherited`] only).
    pub rank: Option<u32>,
    /// The source's national decile ([`Carry::Copied`] and [`Carry::Inherited`] only).
    pub decile: Option<u8>,
    /// The source's score, or the (weighted) mean of the sources' scores; `None` when a
    /// source has no score on this domain.
    pub score: Option<f64>,
    /// Most and least deprived decile among the sources (equal for one source); `None` for
    /// [`Carry::Incomplete`] or when a source has no decile.
    pub decile_range: Option<(u8, u8)>,
}

/// One target LSOA with the values carried onto it.
#[derive(Debug, Clone, PartialEq)]
pub struct CarriedRow {
    /// The target LSOA (2021 when carrying IoD2019 forward, 2011 when carrying IoD2025
    /// back).
    pub code: AreaCode,
    /// The source LSOAs it was made from, in code order.
    pub sources: Vec<AreaCode>,
    /// The ONS change code of the target's lookup rows (the most complex one, U < S < M < X,
    /// if they differ).
    pub change: LsoaChange,
    /// How the values were obtained.
    pub carry: Carry,
    /// Population: copied for [`Carry::Copied`], the sum of the sources' for a pure merge,
    /// otherwise `None` (a split's share of its parent's population is unknown).
    pub population: Option<f64>,
    /// One value per domain of [`CarriedDeprivation::domains`], in that order.
    pub values: Vec<CarriedValue>,
}

/// A deprivation table carried onto the other LSOA vintage: one [`CarriedRow`] per target
/// LSOA, sorted by code. Made by [`Deprivation::carry_to`].
#[derive(Debug, Clone)]
pub struct CarriedDeprivation {
    edition: IodEdition,
    to: Vintage,
    domains: Vec<Domain>,
    rows: Vec<CarriedRow>,
    by_code: HashMap<AreaCode, usize>,
}

impl CarriedDeprivation {
    /// The edition the values come from.
    pub fn edition(&self) -> IodEdition {
        self.edition
    }

    /// The LSOA vintage the values were carried from (the edition's).
    pub fn from(&self) -> Vintage {
        self.edition.vintage()
    }

    /// The LSOA vintage the values were carried to.
    pub fn to(&self) -> Vintage {
        self.to
    }

    /// The domains of each row's `values`.
    pub fn domains(&self) -> &[Domain] {
        &self.domains
    }

    /// Rows, sorted by target code.
    pub fn rows(&self) -> &[CarriedRow] {
        &self.rows
    }

    /// The row of one target LSOA.
    pub fn get(&self, code: &AreaCode) -> Option<&CarriedRow> {
        self.by_code.get(code).map(|&i| &self.rows[i])
    }

    /// The value of one domain on one row.
    pub fn value(&self, row: &CarriedRow, domain: Domain) -> Option<CarriedValue> {
        self.domains
            .iter()
            .position(|&d| d == domain)
            .and_then(|i| row.values.get(i).copied())
    }
}

fn complexity(change: LsoaChange) -> u8 {
    match change {
        LsoaChange::Unchanged => 0,
        LsoaChange::Split => 1,
        LsoaChange::Merged => 2,
        LsoaChange::Irregular => 3,
    }
}

impl Deprivation {
    /// Carries the table onto the other LSOA vintage through the ONS LSOA 2011 ↔ 2021
    /// lookup (`lookup`, from [`crate::io::read_lsoa_lookup`]): IoD2019 (2011) forward to
    /// 2021, or IoD2025 (2021) back to 2011.
    ///
    /// For each target LSOA the sources are the LSOAs of the table's vintage linked to it:
    /// - one source that maps only here (U): copied ([`Carry::Copied`]);
    /// - one source that maps to several targets (forward S: a split 2021 LSOA; backward M):
    ///   the parent's rank, decile and score are inherited ([`Carry::Inherited`]);
    /// - several sources (forward M: a merged 2021 LSOA; backward S; X): the population-
    ///   weighted mean score ([`Carry::PopulationWeightedMean`]; unweighted,
    ///   [`Carry::Mean`], when a source has no population), no rank or decile, and the
    ///   sources' decile range;
    /// - some sources missing from the table: flagged [`Carry::Incomplete`], no values.
    ///
    /// Targets none of whose sources are in the table (Welsh LSOAs, other councils) are left
    /// out. Irregular (X) changes are approximated: a source's whole population weighs in
    /// each target it touches.
    ///
    /// # Examples
    /// ```
    /// use outreach::deprivation::Carry;
    /// use outreach::{Domain, Vintage};
    /// # fn main() -> outreach::Result<()> {
    /// # let dir = std::path::Path::new("../../examples/data/chorley");
    /// let (iod, _) = outreach::io::read_iod(&dir.join("iod2019_lsoa11.csv"), None)?;
    /// let (lookup, _) = outreach::io::read_lsoa_lookup(&dir.join("lsoa11_lsoa21_lookup.csv"))?;
    /// let on_2021 = iod.carry_to(Vintage::Y2021, &lookup)?;
    /// let split = on_2021.rows().iter().filter(|r| r.carry == Carry::Inherited).count();
    /// assert!(split > 0); // Chorley's growth split some 2011 LSOAs
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when `target` is not the other vintage (2011 ↔ 2021), or
    /// when no LSOA of the lookup is in the table (wrong lookup or wrong vintage).
    pub fn carry_to(
        &self,
        target: Vintage,
        lookup: &[LsoaLookupRow],
    ) -> Result<CarriedDeprivation> {
        let from = self.edition.vintage();
        let forward = match (from, target) {
            (Vintage::Y2011, Vintage::Y2021) => true,
            (Vintage::Y2021, Vintage::Y2011) => false,
            _ => {
                return Err(Error::arg(
                    "target",
                    format!(
                        "{} is on LSOA {from}: it can only be carried to LSOA {}",
                        self.edition,
                        if from == Vintage::Y2011 {
                            "2021"
                        } else {
                            "2011"
                        }
                    ),
                ))
            }
        };
        let mut pairs = HashSet::new();
        let mut targets: BTreeMap<&AreaCode, (Vec<&AreaCode>, LsoaChange)> = BTreeMap::new();
        let mut fanout: HashMap<&AreaCode, usize> = HashMap::new();
        for row in lookup {
            let (source, to) = if forward {
                (&row.lsoa11, &row.lsoa21)
            } else {
                (&row.lsoa21, &row.lsoa11)
            };
            if !pairs.insert((source, to)) {
                continue;
            }
            *fanout.entry(source).or_default() += 1;
            let entry = targets.entry(to).or_insert((Vec::new(), row.change));
            entry.0.push(source);
            if complexity(row.change) > complexity(entry.1) {
                entry.1 = row.change;
            }
        }
        if !fanout.keys().any(|s| self.by_code.contains_key(*s)) {
            return Err(Error::arg(
                "lookup",
                format!(
                    "none of the lookup's LSOA {from} codes is in the {} table",
                    self.edition
                ),
            ));
        }
        let domains = self.domains();
        let mut rows = Vec::new();
        for (code, (mut sources, change)) in targets {
            sources.sort();
            let present: Vec<_> = sources.iter().filter_map(|s| self.get(s)).collect();
            if present.is_empty() {
                continue;
            }
            let codes: Vec<AreaCode> = sources.iter().map(|&s| s.clone()).collect();
            let (carry, population, values) = if present.len() < sources.len() {
                let none = CarriedValue {
                    rank: None,
                    decile: None,
                    score: None,
                    decile_range: None,
                };
                (Carry::Incomplete, None, vec![none; domains.len()])
            } else if let [only] = present.as_slice() {
                let alone = fanout.get(only.code()).copied().unwrap_or(0) == 1;
                let values = domains
                    .iter()
                    .map(|&d| CarriedValue {
                        rank: only.rank(d),
                        decile: only.decile(d),
                        score: only.score(d),
                        decile_range: only.decile(d).map(|x| (x, x)),
                    })
                    .collect();
                if alone {
                    (Carry::Copied, only.population(), values)
                } else {
                    (Carry::Inherited, None, values)
                }
            } else {
                let pops: Option<Vec<f64>> = present.iter().map(|s| s.population()).collect();
                let pure_merge = present
                    .iter()
                    .all(|s| fanout.get(s.code()).copied().unwrap_or(0) == 1);
                let (carry, weights) = match pops {
                    Some(p) if p.iter().sum::<f64>() > 0.0 => (Carry::PopulationWeightedMean, p),
                    _ => (Carry::Mean, vec![1.0; present.len()]),
                };
                let total: f64 = weights.iter().sum();
                let values = domains
                    .iter()
                    .map(|&d| {
                        let scores: Option<Vec<f64>> = present.iter().map(|s| s.score(d)).collect();
                        let deciles: Option<Vec<u8>> =
                            present.iter().map(|s| s.decile(d)).collect();
                        CarriedValue {
                            rank: None,
                            decile: None,
                            score: scores.map(|s| {
                                s.iter().zip(&weights).map(|(s, w)| s * w).sum::<f64>() / total
                            }),
                            decile_range: deciles
                                .and_then(|d| Some((*d.iter().min()?, *d.iter().max()?))),
                        }
                    })
                    .collect();
                let population =
                    (carry == Carry::PopulationWeightedMean && pure_merge).then_some(total);
                (carry, population, values)
            };
            rows.push(CarriedRow {
                code: code.clone(),
                sources: codes,
                change,
                carry,
                population,
                values,
            });
        }
        let by_code = rows
            .iter()
            .enumerate()
            .map(|(i, r)| (r.code.clone(), i))
            .collect();
        Ok(CarriedDeprivation {
            edition: self.edition,
            to: target,
            domains,
            rows,
            by_code,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deprivation::DomainColumn;

    fn code(s: &str) -> AreaCode {
        s.parse().unwrap()
    }

    /// An IoD2019-like table of four 2011 LSOAs with IMD rank, decile, score and population.
    fn table() -> Deprivation {
        let rows = [
            ("E01000001", 100, 1, 60.0, 1000.0),
            ("E01000002", 20_000, 7, 10.0, 1500.0),
            ("E01000003", 5_000, 2, 40.0, 500.0),
            ("E01000004", 30_000, 10, 2.0, 2000.0),
        ];
        let codes: Vec<AreaCode> = rows.iter().map(|r| code(r.0)).collect();
        Deprivation {
            edition: IodEdition::Iod2019,
            by_code: codes.iter().cloned().zip(0..).collect(),
            codes,
            domains: vec![(
                Domain::Imd,
                DomainColumn {
                    rank: rows.iter().map(|r| r.1).collect(),
                    decile: rows.iter().map(|r| r.2).collect(),
                    score: rows.iter().map(|r| r.3).collect(),
                },
            )],
            population: rows.iter().map(|r| r.4).collect(),
            districts: None,
        }
    }

    fn link(lsoa11: &str, lsoa21: &str, change: LsoaChange) -> LsoaLookupRow {
        LsoaLookupRow {
            lsoa11: code(lsoa11),
            lsoa21: code(lsoa21),
            change,
        }
    }

    /// 001 unchanged; 002 split into 021 and 022; 003 + 004 merged into 031; a Welsh LSOA,
    /// not in the table, left out.
    fn lookup() -> Vec<LsoaLookupRow> {
        use LsoaChange::*;
        vec![
            link("E01000001", "E01000001", Unchanged),
            link("E01000002", "E01000021", Split),
            link("E01000002", "E01000022", Split),
            link("E01000003", "E01000031", Merged),
            link("E01000004", "E01000031", Merged),
            link("W01000001", "W01000001", Unchanged),
        ]
    }

    #[test]
    fn unchanged_split_and_merged_forward() {
        let carried = table().carry_to(Vintage::Y2021, &lookup()).unwrap();
        let codes: Vec<&str> = carried.rows().iter().map(|r| r.code.as_str()).collect();
        assert_eq!(codes, ["E01000001", "E01000021", "E01000022", "E01000031"]);

        let same = carried.get(&code("E01000001")).unwrap();
        assert_eq!(
            (same.carry, same.change),
            (Carry::Copied, LsoaChange::Unchanged)
        );
        assert_eq!(same.population, Some(1000.0));
        assert_eq!(same.values[0].rank, Some(100));

        for child in ["E01000021", "E01000022"] {
            let row = carried.get(&code(child)).unwrap();
            assert_eq!(
                (row.carry, row.change),
                (Carry::Inherited, LsoaChange::Split)
            );
            assert_eq!(row.sources, [code("E01000002")]);
            let v = carried.value(row, Domain::Imd).unwrap();
            assert_eq!(
                (v.rank, v.decile, v.score),
                (Some(20_000), Some(7), Some(10.0))
            );
            assert_eq!(row.population, None);
        }

        let merged = carried.get(&code("E01000031")).unwrap();
        assert_eq!(
            (merged.carry, merged.change),
            (Carry::PopulationWeightedMean, LsoaChange::Merged)
        );
        let v = merged.values[0];
        // (40 · 500 + 2 · 2000) / 2500 = 24000 / 2500 = 9.6
        assert!((v.score.unwrap() - 9.6).abs() < 1e-12);
        assert_eq!(
            (v.rank, v.decile, v.decile_range),
            (None, None, Some((2, 10)))
        );
        assert_eq!(merged.population, Some(2500.0));
    }

    #[test]
    fn backward_split_is_a_mean_and_incomplete_is_flagged() {
        // Pretend the table is IoD2025 on 2021 codes: 021/022 split from 2011's 002.
        let mut t = table();
        t.edition = IodEdition::Iod2025;
        t.population = vec![f64::NAN; 4];
        let rows = vec![
            link("E01000009", "E01000001", LsoaChange::Split),
            link("E01000009", "E01000002", LsoaChange::Split),
            link("E01000008", "E01000003", LsoaChange::Split),
            link("E01000008", "E01000099", LsoaChange::Split),
        ];
        let carried = t.carry_to(Vintage::Y2011, &rows).unwrap();
        let parent = carried.get(&code("E01000009")).unwrap();
        assert_eq!(parent.carry, Carry::Mean);
        assert!((parent.values[0].score.unwrap() - 35.0).abs() < 1e-12);
        assert_eq!(parent.values[0].decile_range, Some((1, 7)));
        let partial = carried.get(&code("E01000008")).unwrap();
        assert_eq!(partial.carry, Carry::Incomplete);
        assert_eq!(partial.values[0].score, None);
    }

    #[test]
    fn wrong_target_or_lookup_is_refused() {
        let t = table();
        assert!(matches!(
            t.carry_to(Vintage::Y2011, &lookup()),
            Err(Error::InvalidArgument { .. })
        ));
        let welsh = vec![link("W01000001", "W01000001", LsoaChange::Unchanged)];
        assert!(matches!(
            t.carry_to(Vintage::Y2021, &welsh),
            Err(Error::InvalidArgument { .. })
        ));
    }
}
