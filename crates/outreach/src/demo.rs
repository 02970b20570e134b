//! The Chorley demonstration dataset: real geography, deprivation and census figures for
//! Chorley (E07000118) with synthetic households on top.
//!
//! The files ship in the repository under `examples/data/chorley/` (see its README for
//! sources and licences), so the demo runs without any other download.

use std::path::{Path, PathBuf};

use crate::area::{AreaCode, AreaSet, Vintage};
use crate::attributes::AttributeTable;
use crate::campaign::outcomes::{apply_history, Date, Intervention};
use crate::campaign::{self, Campaign, Plan};
use crate::deprivation::{Deprivation, Domain};
use crate::error::{Error, Result};
use crate::io::{self, AreaSetSpec, LoadReport};
use crate::kpi::Span;
use crate::postcode::PostcodeCentroids;
use crate::profile::{EventCounts, Profile, Profiler};
use crate::spatial::Assignment;
use crate::synth::{self, SynthOptions, SyntheticHouseholds};
use crate::targeting::Households;
use crate::uprn::Uprn;

/// Everything the demo loads and derives.
#[derive(Debug)]
pub struct Demo {
    /// LSOA 2011 generalised boundaries (66 in Chorley).
    pub lsoas: AreaSet,
    /// Wards (May 2022 boundaries, 14 in Chorley).
    pub wards: AreaSet,
    /// IoD2019 rows of Chorley's LSOAs.
    pub iod: Deprivation,
    /// Code-Point Open postcode centroids of Chorley.
    pub postcodes: PostcodeCentroids,
    /// Synthetic households (labelled synthetic).
    pub households: SyntheticHouseholds,
    /// Each household's LSOA.
    pub household_lsoa: Assignment,
    /// Each household's ward.
    pub household_ward: Assignment,
    /// The synthetic household attributes (keyed by UPRN; see
    /// [`SyntheticHouseholds::attributes`]).
    pub attributes: AttributeTable,
    /// Load reports of every file read, in reading order.
    pub reports: Vec<LoadReport>,
}

/// One LSOA of the demo profile.
#[derive(Debug, Clone, PartialEq)]
pub struct LsoaProfileRow {
    /// LSOA code.
    pub code: String,
    /// LSOA name.
    pub name: String,
    /// Synthetic households assigned to the LSOA.
    pub households: u64,
    /// Of which with someone aged 65+.
    pub households_65_plus: u64,
    /// Of which deprived in 2 or more Census dimensions.
    pub households_2plus_dimensions: u64,
    /// IoD2019 IMD score.
    pub imd_score: Option<f64>,
    /// IoD2019 national IMD rank (1 = most deprived of 32,844).
    pub imd_rank: Option<u32>,
    /// IoD2019 national IMD decile.
    pub imd_decile: Option<u8>,
    /// Whether the LSOA is in the 20% most deprived nationally.
    pub most_deprived_20pct: bool,
}

/// Where one demo household is: its LSOA and that LSOA's IoD2019 IMD figures
/// ([`Demo::household_area`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HouseholdArea<'a> {
    /// The household's row in [`SyntheticHouseholds::gazetteer`].
    pub row: usize,
    /// The LSOA the household is in (`None` if it lies in no LSOA, which the generator
    /// never does).
    pub lsoa: Option<&'a AreaCode>,
    /// IoD2019 IMD score of the LSOA.
    pub imd_score: Option<f64>,
    /// IoD2019 national IMD rank of the LSOA (1 = most deprived of 32,844).
    pub imd_rank: Option<u32>,
    /// IoD2019 national IMD decile of the LSOA (1 = most deprived 10%).
    pub imd_decile: Option<u8>,
}

impl Demo {
    /// Loads the demo from a directory laid out like `examples/data/chorley`.
    ///
    /// # Errors
    /// Any reader error, naming the file.
    pub fn load(dir: &Path, seed: u64) -> Result<Demo> {
        let f = |name: &str| -> PathBuf { dir.join(name) };
        let mut reports = Vec::new();
        let (lsoas, r) = io::read_area_set(
            &f("lsoa11_bgc.geojson"),
            &AreaSetSpec::new("lsoa11", "LSOA11CD")
                .with_name_field("LSOA11NM")
                .with_vintage(Vintage::Y2011),
        )?;
        reports.push(r);
        let (wards, r) = io::read_area_set(
            &f("wards22_bsc.geojson"),
            &AreaSetSpec::new("wards22", "WD22CD")
                .with_name_field("WD22NM")
                .with_vintage(Vintage::Year(2022)),
        )?;
        reports.push(r);
        let (iod, r) = io::read_iod(&f("iod2019_lsoa11.csv"), None)?;
        reports.push(r);
        let (postcodes, r) = io::read_codepoint_open(&f("codepoint_open_2025_04.csv.gz"))?;
        reports.push(r);
        let (ts011, r) = io::read_ts011(&f("ts011_household_deprivation_lsoa21.csv"))?;
        reports.push(r);
        let (population, r) =
            io::read_population_by_age(&f("population_mid2019_sya_lsoa11.csv.gz"))?;
        reports.push(r);
        let (lookup, r) = io::read_lsoa_lookup(&f("lsoa11_lsoa21_lookup.csv"))?;
        reports.push(r);

        let census = io::census_for_areas(&lsoas, &ts011, &population, &lookup);
        let mut centroids = vec![Vec::new(); lsoas.len()];
        let placed = lsoas.assign(postcodes.xs(), postcodes.ys())?;
        for (i, area) in placed.iter().enumerate() {
            if let Some(a) = area {
                centroids[a as usize].push((postcodes.xs()[i], postcodes.ys()[i]));
            }
        }
        let households = synth::generate(
            &lsoas,
            &census,
            &centroids,
            &SynthOptions {
                seed,
                ..SynthOptions::default()
            },
        )?;
        let household_lsoa = households.gazetteer.assign(&lsoas);
        let household_ward = households.gazetteer.assign(&wards);
        let attributes = households.attributes()?;
        Ok(Demo {
            lsoas,
            wards,
            iod,
            postcodes,
            households,
            household_lsoa,
            household_ward,
            attributes,
            reports,
        })
    }

    /// The LSOA of household `uprn` and its IMD score, rank and decile: the gazetteer's
    /// position lookup, then [`Demo::household_lsoa`] and [`Demo::iod`].
    ///
    /// # Errors
    /// [`Error::UnknownUprn`] when no demo household has this UPRN.
    pub fn household_area(&self, uprn: Uprn) -> Result<HouseholdArea<'_>> {
        let row = self
            .households
            .gazetteer
            .position(uprn)
            .ok_or(Error::UnknownUprn(uprn))?;
        let lsoa = self.household_lsoa.area(row).map(|a| self.lsoas.code(a));
        let dep = lsoa.and_then(|c| self.iod.get(c));
        Ok(HouseholdArea {
            row,
            lsoa,
            imd_score: dep.and_then(|d| d.score(Domain::Imd)),
            imd_rank: dep.and_then(|d| d.rank(Domain::Imd)),
            imd_decile: dep.and_then(|d| d.decile(Domain::Imd)),
        })
    }

    /// Per-LSOA profile: households, attribute counts and IoD2019 figures.
    pub fn lsoa_profile(&self) -> Vec<LsoaProfileRow> {
        let n = self.lsoas.len();
        let mut rows: Vec<LsoaProfileRow> = (0..n as u32)
            .map(|a| {
                let code = self.lsoas.code(a);
                let dep = self.iod.get(code);
                LsoaProfileRow {
                    code: code.to_string(),
                    name: self.lsoas.area_name(a).unwrap_or_default().to_string(),
                    households: 0,
                    households_65_plus: 0,
                    households_2plus_dimensions: 0,
                    imd_score: dep.and_then(|d| d.score(Domain::Imd)),
                    imd_rank: dep.and_then(|d| d.rank(Domain::Imd)),
                    imd_decile: dep.and_then(|d| d.decile(Domain::Imd)),
                    most_deprived_20pct: dep
                        .and_then(|d| d.in_most_deprived(Domain::Imd, 20))
                        .unwrap_or(false),
                }
            })
            .collect();
        for (i, area) in self.household_lsoa.iter().enumerate() {
            if let Some(row) = area.and_then(|a| rows.get_mut(a as usize)) {
                row.households += 1;
                row.households_65_plus += u64::from(self.households.has_65_plus[i]);
                row.households_2plus_dimensions +=
                    u64::from(self.households.deprivation_dimensions[i] >= 2);
            }
        }
        rows
    }

    /// The full Chorley profile of the 66 LSOAs: the synthetic households (with their 65+
    /// and deprivation-dimension attributes), OAC 2011 shares (through each household's
    /// Output Area), mid-2019 population, IoD2019, and police.uk
    /// crime from November 2021 to October 2022 as rates per 1,000 residents, read from
    /// `dir` (laid out like `examples/data/chorley`). Returns the load reports too.
    ///
    /// # Errors
    /// Any reader error, naming the file.
    pub fn profile(&self, dir: &Path) -> Result<(Profile, Vec<LoadReport>)> {
        let mut reports = Vec::new();
        let (oas, r) = io::read_area_set(
            &dir.join("oa11_bgc.geojson.gz"),
            &AreaSetSpec::new("oa11", "OA11CD").with_vintage(Vintage::Y2011),
        )?;
        reports.push(r);
        let (oac, r) = io::read_oac2011(&dir.join("oac2011.csv"))?;
        reports.push(r);
        let (population, r) =
            io::read_population_by_age(&dir.join("population_mid2019_sya_lsoa11.csv.gz"))?;
        reports.push(r);
        let (records, r) = io::read_police_uk(&dir.join("crime_street_2019-12_to_2022-10.csv.gz"))?;
        reports.push(r);
        let homes = &self.households.gazetteer;
        let in_oa = homes.assign(&oas);
        let (joined, _) = oac.join(homes, Some((&oas, &in_oa)))?;
        let (own, _) = self.attributes.join(homes, None)?;
        let residents: std::collections::HashMap<AreaCode, f64> = population
            .into_iter()
            .map(|(k, (all, _))| (k, all))
            .collect();
        let period = Span::between("2021-11".parse()?, "2022-10".parse()?)?;
        let (crime, _) = EventCounts::from_records("crime", &self.lsoas, &records, Some(period))?;
        let profile = Profiler::new(&self.lsoas, homes, &self.household_lsoa)?
            .attributes(own)?
            .attributes(joined)?
            .population_by_code(&residents)?
            .deprivation(&self.iod)?
            .events(crime)?
            .build()?;
        Ok((profile, reports))
    }

    /// The households as a targeting context: the synthetic attributes, and each
    /// household's LSOA with its IoD2019 row.
    ///
    /// # Errors
    /// Only if the attributes do not join (they always do for a loaded demo).
    pub fn households(&self) -> Result<Households<'_>> {
        let homes = &self.households.gazetteer;
        let (joined, _) = self.attributes.join(homes, None)?;
        Ok(Households::new(homes)
            .deprivation(&self.lsoas, &self.household_lsoa, &self.iod)
            .attributes(joined))
    }

    /// Plans `campaign` over the demo households ([`campaign::plan`]). The campaign's
    /// `as_of` month, when set, dates rules such as `no_intervention_within`; `history`
    /// records delivered before the first campaign day count as past interventions
    /// ([`apply_history`]). Returns the plan and how many history records were applied.
    ///
    /// # Errors
    /// An invalid campaign, an `as_of` that is not `YYYY-MM`, history given while the first
    /// campaign day is not a `YYYY-MM-DD` date, or a rule naming data the demo lacks.
    pub fn plan(&self, campaign: &Campaign, history: &[Intervention]) -> Result<(Plan, usize)> {
        let mut ctx = self.households()?;
        if let Some(m) = &campaign.as_of {
            ctx = ctx.as_of(m.parse()?);
        }
        let mut applied = 0;
        if !history.is_empty() {
            let first = campaign
                .days
                .first()
                .ok_or_else(|| Error::arg("days", "a campaign needs at least one day"))?;
            let first: Date = first.parse().map_err(|e| {
                Error::arg(
                    "days",
                    format!("history needs the first campaign day as a YYYY-MM-DD date: {e}"),
                )
            })?;
            applied = apply_history(&mut ctx, history, first)?;
        }
        Ok((campaign::plan(campaign, &ctx)?, applied))
    }
}
