//! The English Indices of Deprivation: the published tables, and what can be derived from
//! them by the official methods.
//!
//! Lifecycle:
//! 1. **Load** a published table with [`crate::io::read_iod`]: a [`Deprivation`] keyed by
//!    LSOA code, one [`IodEdition`] per table. IoD2019 is on 2011 LSOAs (N = 32,844), IoD2025
//!    on 2021 LSOAs (N = 33,755); the two are separate editions and are never mixed. Rank 1
//!    is the most deprived; decile 1 (quintile 1) is the most deprived 10% (20%) nationally.
//!    The supplementary indices IDACI and IDAOPI are loaded where the file has them (the
//!    IoD2019 combined file has their scores; the shared IoD2025 file has neither).
//! 2. **Query** one LSOA ([`Deprivation::get`] → [`LsoaDeprivation`]): published rank,
//!    decile, quintile and score per [`Domain`], national thresholds
//!    ([`LsoaDeprivation::in_most_deprived`]: `rank <= floor(N × percent / 100)`, right even
//!    when only one council's rows are loaded), and the district code when the file has one.
//! 3. **Derive**:
//!    - [`Deprivation::recompute_imd`] and [`Deprivation::composite`]: the IMD recomputed from
//!      the domain ranks by the official exponential transform (TR2019 Appendix F), or a
//!      user-weighted composite of domains and user indicators ([`Composite`]);
//!    - [`Deprivation::summarise`] / [`Deprivation::district_summaries`]: the TR2019 §3.8
//!      higher-level measures (average score, average rank, proportion in the most deprived
//!      10%, extent, local concentration) for districts or any set of areas;
//!    - [`Deprivation::local_deciles`]: deciles ranked *within* a chosen set of LSOAs, a
//!      non-official quantity kept apart from the national deciles by its own type
//!      ([`LocalDecile`]);
//!    - [`Deprivation::carry_to`] (feature `io`): values carried between LSOA 2011 and LSOA
//!      2021 through the ONS lookup, with the change code and the carrying method on every
//!      row ([`CarriedDeprivation`]).
//!
//! Formulas and their checks against the published data are in `METHODS.md` §1 of the
//! shared documentation; each function below quotes the one it uses.

mod composite;
mod local;
mod summary;
#[cfg(feature = "io")]
mod vintage;

pub use composite::{
    decile_of_rank, exponential_transform, quintile_of_rank, Composite, CompositeScores, Weighting,
    IMD_WEIGHTS,
};
pub use local::LocalDecile;
pub use summary::{DeprivationSummary, PopulationWeights, SummaryRanks};
#[cfg(feature = "io")]
pub use vintage::{CarriedDeprivation, CarriedRow, CarriedValue, Carry};

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

use crate::area::{AreaCode, Vintage};
use crate::error::{Error, Result};

/// An edition of the English Indices of Deprivation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IodEdition {
    /// IoD2019, on LSOA 2011.
    Iod2019,
    /// IoD2025, on LSOA 2021.
    Iod2025,
}

impl IodEdition {
    /// Number of LSOAs in England the edition ranks (N).
    pub fn lsoa_count(self) -> u32 {
        match self {
            IodEdition::Iod2019 => 32_844,
            IodEdition::Iod2025 => 33_755,
        }
    }

    /// The LSOA vintage the edition is published on.
    pub fn vintage(self) -> Vintage {
        match self {
            IodEdition::Iod2019 => Vintage::Y2011,
            IodEdition::Iod2025 => Vintage::Y2021,
        }
    }
}

impl fmt::Display for IodEdition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            IodEdition::Iod2019 => "IoD2019",
            IodEdition::Iod2025 => "IoD2025",
        })
    }
}

/// The Index of Multiple Deprivation, its seven domains and the two supplementary indices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Domain {
    /// Index of Multiple Deprivation (the combined index).
    Imd,
    /// Income Deprivation (22.5%).
    Income,
    /// Employment Deprivation (22.5%).
    Employment,
    /// Education, Skills and Training (13.5%).
    Education,
    /// Health Deprivation and Disability (13.5%).
    Health,
    /// Crime (9.3%).
    Crime,
    /// Barriers to Housing and Services (9.3%).
    Barriers,
    /// Living Environment (9.3%).
    LivingEnvironment,
    /// Income Deprivation Affecting Children Index (supplementary).
    Idaci,
    /// Income Deprivation Affecting Older People Index (supplementary).
    Idaopi,
}

impl Domain {
    /// Every domain, IMD first.
    pub const ALL: [Domain; 10] = [
        Domain::Imd,
        Domain::Income,
        Domain::Employment,
        Domain::Education,
        Domain::Health,
        Domain::Crime,
        Domain::Barriers,
        Domain::LivingEnvironment,
        Domain::Idaci,
        Domain::Idaopi,
    ];

    /// A stable snake_case name for files and bindings (`"imd"`, `"living_environment"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Domain::Imd => "imd",
            Domain::Income => "income",
            Domain::Employment => "employment",
            Domain::Education => "education",
            Domain::Health => "health",
            Domain::Crime => "crime",
            Domain::Barriers => "barriers",
            Domain::LivingEnvironment => "living_environment",
            Domain::Idaci => "idaci",
            Domain::Idaopi => "idaopi",
        }
    }

    /// Column-name prefixes used by the published files and their common re-publications.
    pub(crate) fn prefixes(self) -> &'static [&'static str] {
        match self {
            Domain::Imd => &["IMD"],
            Domain::Income => &["Income"],
            Domain::Employment => &["Employment"],
            Domain::Education => &["Education"],
            Domain::Health => &["Health"],
            Domain::Crime => &["Crime"],
            Domain::Barriers => &["Barriers", "Housing_and_Services"],
            Domain::LivingEnvironment => &["LivingEnv", "Environment", "Living_Environment"],
            Domain::Idaci => &["IDACI"],
            Domain::Idaopi => &["IDAOPI"],
        }
    }
}

impl fmt::Display for Domain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Domain {
    type Err = Error;

    /// Parses a domain name: the [`Domain::as_str`] names (`"imd"`, `"income"`, ...,
    /// `"living_environment"`), any case, with `-` or space for `_`, and the labels of the
    /// published files (`"housing_and_services"`, `"environment"`, `"livingenv"`).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for an unknown name.
    fn from_str(s: &str) -> Result<Self> {
        let key = s.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        Domain::ALL
            .into_iter()
            .find(|d| {
                d.as_str() == key || d.prefixes().iter().any(|p| p.eq_ignore_ascii_case(&key))
            })
            .ok_or_else(|| {
                Error::arg(
                    "domain",
                    format!(
                        "{s:?} is not a domain: use one of {}",
                        Domain::ALL.map(Domain::as_str).join(", ")
                    ),
                )
            })
    }
}

/// Ranks, deciles and scores of one domain, one entry per LSOA row. Missing values are
/// 0 (rank, decile) or NaN (score).
#[derive(Debug, Clone, Default)]
pub(crate) struct DomainColumn {
    pub(crate) rank: Vec<u32>,
    pub(crate) decile: Vec<u8>,
    pub(crate) score: Vec<f64>,
}

/// A published IoD table keyed by LSOA code.
///
/// # Examples
/// ```no_run
/// use outreach::{io::read_iod, Domain};
/// # fn main() -> outreach::Result<()> {
/// let (iod, report) = read_iod("iod2019_lsoa11_combined.csv.gz".as_ref(), None)?;
/// let chorley_001a = iod.get(&"E01024898".parse()?).unwrap();
/// println!("IMD decile {:?}", chorley_001a.decile(Domain::Imd));
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct Deprivation {
    pub(crate) edition: IodEdition,
    pub(crate) codes: Vec<AreaCode>,
    pub(crate) by_code: HashMap<AreaCode, u32>,
    pub(crate) domains: Vec<(Domain, DomainColumn)>,
    pub(crate) population: Vec<f64>,
    /// Local authority district of each row, when the file has a district code column.
    pub(crate) districts: Option<Vec<Option<AreaCode>>>,
}

impl Deprivation {
    /// The edition.
    pub fn edition(&self) -> IodEdition {
        self.edition
    }

    /// Number of LSOA rows loaded (may be a subset of England).
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    /// Whether no rows were loaded.
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// LSOA codes in file order.
    pub fn codes(&self) -> &[AreaCode] {
        &self.codes
    }

    /// Domains present in the file, IMD first.
    pub fn domains(&self) -> Vec<Domain> {
        self.domains.iter().map(|(d, _)| *d).collect()
    }

    /// The row of one LSOA.
    pub fn get(&self, code: &AreaCode) -> Option<LsoaDeprivation<'_>> {
        self.by_code.get(code).map(|&row| LsoaDeprivation {
            table: self,
            row: row as usize,
        })
    }

    /// The row of one LSOA.
    ///
    /// # Errors
    /// [`Error::UnknownArea`] when the table has no such LSOA.
    pub fn try_get(&self, code: &AreaCode) -> Result<LsoaDeprivation<'_>> {
        self.get(code)
            .ok_or_else(|| Error::UnknownArea(code.clone()))
    }

    /// Row `row` in file order.
    pub fn row(&self, row: usize) -> Option<LsoaDeprivation<'_>> {
        (row < self.codes.len()).then_some(LsoaDeprivation { table: self, row })
    }

    /// The national rank threshold for the most deprived `percent`% (1-100):
    /// `floor(N × percent / 100)`.
    pub fn threshold_rank(&self, percent: u8) -> u32 {
        self.edition.lsoa_count() * u32::from(percent.min(100)) / 100
    }

    /// Whether the file has a local authority district code column (IoD2019: `lad19_code`).
    pub fn has_districts(&self) -> bool {
        self.districts.is_some()
    }

    /// Codes of the LSOAs of one district, in file order (empty when the file has no
    /// district column or no LSOA of that district).
    pub fn district_codes(&self, district: &AreaCode) -> Vec<AreaCode> {
        let Some(districts) = &self.districts else {
            return Vec::new();
        };
        self.codes
            .iter()
            .zip(districts)
            .filter(|(_, d)| d.as_ref() == Some(district))
            .map(|(c, _)| c.clone())
            .collect()
    }

    /// Whether the table holds every LSOA of England for its edition (N rows).
    pub fn is_complete(&self) -> bool {
        self.codes.len() == self.edition.lsoa_count() as usize
    }

    pub(crate) fn column(&self, domain: Domain) -> Option<&DomainColumn> {
        self.domains
            .iter()
            .find(|(d, _)| *d == domain)
            .map(|(_, c)| c)
    }
}

/// One LSOA's published deprivation figures.
#[derive(Debug, Clone, Copy)]
pub struct LsoaDeprivation<'a> {
    table: &'a Deprivation,
    row: usize,
}

impl LsoaDeprivation<'_> {
    /// The LSOA code.
    pub fn code(&self) -> &AreaCode {
        &self.table.codes[self.row]
    }

    /// National rank (1 = most deprived), when the file has it.
    pub fn rank(&self, domain: Domain) -> Option<u32> {
        self.table
            .column(domain)
            .and_then(|c| c.rank.get(self.row).copied())
            .filter(|&r| r > 0)
    }

    /// National decile (1 = most deprived 10%): the published one, or derived from the rank
    /// as `ceil(rank / (N / 10))`.
    pub fn decile(&self, domain: Domain) -> Option<u8> {
        let published = self
            .table
            .column(domain)
            .and_then(|c| c.decile.get(self.row).copied())
            .filter(|&d| d > 0);
        published.or_else(|| {
            self.rank(domain)
                .map(|r| decile_of_rank(r, self.table.edition.lsoa_count()))
        })
    }

    /// National quintile (1 = most deprived 20%): `ceil(rank / (N / 5))`, or from the
    /// published decile as `ceil(decile / 2)` when the file has no rank (the two agree:
    /// quintile boundaries are every other decile boundary).
    pub fn quintile(&self, domain: Domain) -> Option<u8> {
        match self.rank(domain) {
            Some(r) => Some(quintile_of_rank(r, self.table.edition.lsoa_count())),
            None => self.decile(domain).map(|d| d.div_ceil(2)),
        }
    }

    /// Published score, when the file has it.
    pub fn score(&self, domain: Domain) -> Option<f64> {
        self.table
            .column(domain)
            .and_then(|c| c.score.get(self.row).copied())
            .filter(|s| !s.is_nan())
    }

    /// Whether the LSOA is in the most deprived `percent`% nationally on `domain`
    /// (`rank <= floor(N × percent / 100)`); `None` without a rank.
    pub fn in_most_deprived(&self, domain: Domain, percent: u8) -> Option<bool> {
        let threshold = self.table.threshold_rank(percent);
        self.rank(domain).map(|r| r <= threshold)
    }

    /// The local authority district, when the file has a district code column.
    pub fn district(&self) -> Option<&AreaCode> {
        self.table
            .districts
            .as_ref()
            .and_then(|d| d.get(self.row))
            .and_then(Option::as_ref)
    }

    /// Population denominator published with the file (IoD2019: mid-2015 total).
    pub fn population(&self) -> Option<f64> {
        self.table
            .population
            .get(self.row)
            .copied()
            .filter(|p| !p.is_nan())
    }
}
