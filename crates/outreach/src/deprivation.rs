//! The English Indices of Deprivation, as published: ranks, deciles and scores per LSOA.
//!
//! Load with [`crate::io::read_iod`]. IoD2019 is on 2011 LSOAs (N = 32,844), IoD2025 on
//! 2021 LSOAs (N = 33,755); the two are separate editions and are never mixed. Rank 1 is the
//! most deprived; decile 1 is the most deprived 10% nationally. Thresholds such as "the 20%
//! most deprived" use the national rank (`rank <= floor(N × 20 / 100)`), so they are right
//! even when only one council's rows are loaded.

use std::collections::HashMap;
use std::fmt;

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

    fn column(&self, domain: Domain) -> Option<&DomainColumn> {
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
            self.rank(domain).map(|r| {
                let n = f64::from(self.table.edition.lsoa_count());
                (f64::from(r) / (n / 10.0)).ceil().clamp(1.0, 10.0) as u8
            })
        })
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

    /// Population denominator published with the file (IoD2019: mid-2015 total).
    pub fn population(&self) -> Option<f64> {
        self.table
            .population
            .get(self.row)
            .copied()
            .filter(|p| !p.is_nan())
    }
}
