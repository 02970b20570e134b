//! The index of agency records by household and by person, and the queries on it.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt;

use super::{Agency, AgencyRecord, AuditLog, Date, Role, Token};
use crate::area::{AreaCode, AreaSet};
use crate::error::{Error, Result};
use crate::gazetteer::Gazetteer;
use crate::spatial::Assignment;
use crate::stats::suppress;
use crate::Uprn;

const NONE: u32 = u32::MAX;

/// Agency records indexed by UPRN (household) and by person token, with people linked
/// across agencies: records sharing any token (NHS number or name + date of birth) are one
/// person, transitively.
///
/// Built once with [`LinkageIndex::build`], then immutable and `Send + Sync`: share it with
/// an `Arc` and query from many threads. Every query needs a [`Role`] and a stated reason
/// and is logged in the [`AuditLog`] it is given.
///
/// # Performance
/// Building is linear in the number of records (hash maps and a union–find over tokens).
/// A household or person query costs the number of records of that household or person.
#[derive(Debug)]
pub struct LinkageIndex {
    records: Vec<AgencyRecord>,
    by_uprn: HashMap<Uprn, Vec<u32>>,
    by_token: HashMap<Token, u32>,
    person_of: Vec<u32>,
    person_records: Vec<Vec<u32>>,
}

/// Per agency in a view: since, records, people, latest contact.
type Tally<'a> = (Date, usize, BTreeSet<u32>, Option<(Date, &'a str)>);

fn find(parent: &mut [u32], mut i: u32) -> u32 {
    while parent[i as usize] != i {
        let p = parent[i as usize];
        parent[i as usize] = parent[p as usize];
        i = p;
    }
    i
}

/// One involvement as a role may see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Involvement {
    /// The agency.
    pub agency: Agency,
    /// The agency's reference.
    pub record_id: String,
    /// The household, when known.
    pub uprn: Option<Uprn>,
    /// Kind of involvement.
    pub involvement: String,
    /// Start date.
    pub start: Date,
    /// End date; `None` while open.
    pub end: Option<Date>,
    /// Lead practitioner's contact; `None` when unknown or hidden from the role.
    pub lead_contact: Option<String>,
    /// The person, numbered 1, 2… within this view in order of first appearance; `None`
    /// for a record about the household only.
    pub person: Option<u32>,
}

/// One agency's part in a view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgencySummary {
    /// The agency.
    pub agency: Agency,
    /// Start of its earliest involvement in the view.
    pub since: Date,
    /// Its records in the view.
    pub records: usize,
    /// Distinct people it is involved with in the view.
    pub people: usize,
    /// Contact of the lead practitioner of its latest-starting involvement that has one;
    /// `None` when unknown or hidden from the role.
    pub lead_contact: Option<String>,
}

/// What a role may see of a household or person: the involvements, one summary per
/// agency, and the number of distinct people. `Display` gives the one-line aggregate
/// (`3 agencies, 2 people; 2 people known to Social care, …`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SingleView {
    /// Involvements, ordered by start date, agency, record id.
    pub involvements: Vec<Involvement>,
    /// Agencies involved, ordered by name.
    pub agencies: Vec<AgencySummary>,
    /// Distinct people among the involvements.
    pub people: usize,
}

impl fmt::Display for SingleView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        write!(
            f,
            "{}, {}",
            plural(self.agencies.len(), "agency", "agencies"),
            plural(self.people, "person", "people")
        )?;
        let mut sep = "; ";
        for a in self.agencies.iter().filter(|a| a.people > 0) {
            write!(
                f,
                "{sep}{} known to {}",
                plural(a.people, "person", "people"),
                a.agency
            )?;
            sep = ", ";
        }
        Ok(())
    }
}

/// Households known to at least `min_agencies` agencies in one area; `households` is
/// `None` when suppressed (1 to 4 under [`crate::stats::SUPPRESSION_THRESHOLD`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AreaCount {
    /// The area.
    pub area: AreaCode,
    /// Households, or `None` when suppressed.
    pub households: Option<u64>,
}

/// Multi-agency households by area, for targeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MultiAgencySummary {
    /// The threshold asked for.
    pub min_agencies: usize,
    /// Every area of the lookup, ordered by code (zero counts included).
    pub areas: Vec<AreaCount>,
    /// Qualifying households whose UPRN is not in the lookup (suppressed like the rest).
    pub unassigned: Option<u64>,
}

impl LinkageIndex {
    /// Indexes records and links people across agencies.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when two records have the same agency and record id, a
    /// record ends before it starts, or there are more than 4 billion records.
    ///
    /// # Examples
    /// ```
    /// use outreach::linkage::{AgencyRecord, Date, LinkageIndex};
    /// # fn main() -> outreach::Result<()> {
    /// let r = AgencyRecord::new("Police".parse()?, "ASB-1", "ASB case", Date::new(2026, 1, 5)?);
    /// let index = LinkageIndex::build(vec![r.clone()])?;
    /// assert_eq!(index.len(), 1);
    /// assert!(LinkageIndex::build(vec![r.clone(), r]).is_err()); // same id twice
    /// # Ok(())
    /// # }
    /// ```
    pub fn build(records: Vec<AgencyRecord>) -> Result<Self> {
        if records.len() >= NONE as usize {
            return Err(Error::arg("records", "more than 4 billion records"));
        }
        let mut seen: HashSet<(&Agency, &str)> = HashSet::with_capacity(records.len());
        for (i, r) in records.iter().enumerate() {
            if !seen.insert((&r.agency, r.record_id.as_str())) {
                return Err(Error::arg(
                    "records",
                    format!(
                        "record {i}: {} has record id {:?} twice",
                        r.agency, r.record_id
                    ),
                ));
            }
            if r.end.is_some_and(|e| e < r.start) {
                return Err(Error::arg(
                    "records",
                    format!(
                        "record {i} ({} {:?}) ends before it starts",
                        r.agency, r.record_id
                    ),
                ));
            }
        }
        drop(seen);
        let n = records.len();
        let mut by_uprn: HashMap<Uprn, Vec<u32>> = HashMap::new();
        let mut first_with: HashMap<Token, u32> = HashMap::new();
        let mut parent: Vec<u32> = (0..n as u32).collect();
        for (i, r) in records.iter().enumerate() {
            let i = i as u32;
            if let Some(u) = r.uprn {
                by_uprn.entry(u).or_default().push(i);
            }
            for t in r.person.iter() {
                match first_with.get(&t) {
                    Some(&j) => {
                        let (a, b) = (find(&mut parent, i), find(&mut parent, j));
                        if a != b {
                            parent[a.max(b) as usize] = a.min(b);
                        }
                    }
                    None => {
                        first_with.insert(t, i);
                    }
                }
            }
        }
        let mut person_of = vec![NONE; n];
        let mut person_records: Vec<Vec<u32>> = Vec::new();
        let mut dense: HashMap<u32, u32> = HashMap::new();
        for (i, r) in records.iter().enumerate() {
            if r.person.is_empty() {
                continue;
            }
            let root = find(&mut parent, i as u32);
            let next = person_records.len() as u32;
            let p = *dense.entry(root).or_insert(next);
            if p == next {
                person_records.push(Vec::new());
            }
            person_of[i] = p;
            person_records[p as usize].push(i as u32);
        }
        let by_token = first_with
            .into_iter()
            .map(|(t, i)| (t, person_of[i as usize]))
            .collect();
        Ok(LinkageIndex {
            records,
            by_uprn,
            by_token,
            person_of,
            person_records,
        })
    }

    /// Number of records.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// Whether there is no record.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// Number of distinct households (UPRNs) with records.
    pub fn households(&self) -> usize {
        self.by_uprn.len()
    }

    /// Number of distinct people linked across all records.
    pub fn people(&self) -> usize {
        self.person_records.len()
    }

    fn check_reason(role: &Role, reason: &str, query: &str, log: &AuditLog) -> Result<()> {
        if reason.trim().is_empty() {
            log.append(
                role.name(),
                "",
                query.to_string(),
                "refused: no reason stated".to_string(),
            );
            return Err(Error::arg(
                "reason",
                "every query needs a stated reason; the refusal is logged",
            ));
        }
        Ok(())
    }

    fn view(&self, ids: impl Iterator<Item = u32>, role: &Role) -> SingleView {
        let mut visible: Vec<&AgencyRecord> = Vec::new();
        let mut persons: Vec<u32> = Vec::new();
        for i in ids {
            let r = &self.records[i as usize];
            if role.may_see(&r.agency, r.sensitive) {
                visible.push(r);
                persons.push(self.person_of[i as usize]);
            }
        }
        let mut order: Vec<usize> = (0..visible.len()).collect();
        order.sort_by(|&a, &b| {
            let (x, y) = (visible[a], visible[b]);
            (x.start, &x.agency, &x.record_id).cmp(&(y.start, &y.agency, &y.record_id))
        });
        let mut local: HashMap<u32, u32> = HashMap::new();
        let mut involvements = Vec::with_capacity(order.len());
        let mut by_agency: BTreeMap<&Agency, Tally<'_>> = BTreeMap::new();
        for &k in &order {
            let r = visible[k];
            let person = (persons[k] != NONE).then(|| {
                let next = local.len() as u32 + 1;
                *local.entry(persons[k]).or_insert(next)
            });
            let contact = r.lead_contact.as_deref().filter(|_| role.sees_contacts());
            let entry = by_agency
                .entry(&r.agency)
                .or_insert((r.start, 0, BTreeSet::new(), None));
            entry.0 = entry.0.min(r.start);
            entry.1 += 1;
            if let Some(p) = person {
                entry.2.insert(p);
            }
            if let Some(c) = contact {
                // `order` is by start date, so the last one seen starts latest.
                entry.3 = Some((r.start, c));
            }
            involvements.push(Involvement {
                agency: r.agency.clone(),
                record_id: r.record_id.clone(),
                uprn: r.uprn,
                involvement: r.involvement.clone(),
                start: r.start,
                end: r.end,
                lead_contact: contact.map(str::to_string),
                person,
            });
        }
        let agencies = by_agency
            .into_iter()
            .map(
                |(agency, (since, records, people, contact))| AgencySummary {
                    agency: agency.clone(),
                    since,
                    records,
                    people: people.len(),
                    lead_contact: contact.map(|(_, c)| c.to_string()),
                },
            )
            .collect();
        SingleView {
            involvements,
            agencies,
            people: local.len(),
        }
    }

    fn logged(log: &AuditLog, role: &Role, reason: &str, query: String, view: &SingleView) {
        log.append(
            role.name(),
            reason.trim(),
            query,
            format!("shown {} records", view.involvements.len()),
        );
    }

    /// The single view of a household: every involvement at `uprn` the role may see.
    /// An unknown UPRN gives an empty view (and is logged like any other).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] (`reason`) when `reason` is empty or blank; the refusal
    /// is logged.
    ///
    /// # Examples
    /// See the [module documentation](super).
    pub fn household(
        &self,
        uprn: Uprn,
        role: &Role,
        reason: &str,
        log: &AuditLog,
    ) -> Result<SingleView> {
        let query = format!("household {uprn}");
        Self::check_reason(role, reason, &query, log)?;
        let ids = self.by_uprn.get(&uprn).map_or(&[][..], Vec::as_slice);
        let view = self.view(ids.iter().copied(), role);
        Self::logged(log, role, reason, query, &view);
        Ok(view)
    }

    /// The single view of a person: every involvement, across households, of the person
    /// `token` belongs to (all records linked to it), as far as the role may see.
    ///
    /// # Errors
    /// As [`LinkageIndex::household`].
    pub fn person(
        &self,
        token: &Token,
        role: &Role,
        reason: &str,
        log: &AuditLog,
    ) -> Result<SingleView> {
        let query = format!("person {token}");
        Self::check_reason(role, reason, &query, log)?;
        let ids = match self.by_token.get(token) {
            Some(&p) => self.person_records[p as usize].as_slice(),
            None => &[],
        };
        let view = self.view(ids.iter().copied(), role);
        Self::logged(log, role, reason, query, &view);
        Ok(view)
    }

    /// Households known to at least `min_agencies` distinct agencies (of those the role
    /// may see), counted by the area `areas` gives each UPRN (see [`uprn_areas`]), with
    /// counts of 1–4 suppressed. Only primary suppression is applied: two summaries that
    /// differ slightly (another threshold, another role) can be differenced, so publish one.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when `min_agencies` is 0 or `reason` is blank (the
    /// refusal is logged).
    ///
    /// # Performance
    /// One pass over the households, plus one over `areas` to list every area.
    pub fn multi_agency_summary(
        &self,
        min_agencies: usize,
        areas: &HashMap<Uprn, AreaCode>,
        role: &Role,
        reason: &str,
        log: &AuditLog,
    ) -> Result<MultiAgencySummary> {
        let query = format!("summary min_agencies={min_agencies}");
        Self::check_reason(role, reason, &query, log)?;
        if min_agencies == 0 {
            log.append(
                role.name(),
                reason.trim(),
                query,
                "refused: min_agencies is 0".into(),
            );
            return Err(Error::arg("min_agencies", "must be at least 1"));
        }
        let mut counts: BTreeMap<&AreaCode, u64> = areas.values().map(|a| (a, 0)).collect();
        let mut unassigned = 0u64;
        let mut agencies: Vec<&Agency> = Vec::new();
        for (uprn, ids) in &self.by_uprn {
            agencies.clear();
            for &i in ids {
                let r = &self.records[i as usize];
                if role.may_see(&r.agency, r.sensitive) {
                    agencies.push(&r.agency);
                }
            }
            agencies.sort_unstable();
            agencies.dedup();
            if agencies.len() < min_agencies {
                continue;
            }
            match areas.get(uprn).and_then(|a| counts.get_mut(a)) {
                Some(c) => *c += 1,
                None => unassigned += 1,
            }
        }
        let threshold = crate::stats::SUPPRESSION_THRESHOLD;
        let areas: Vec<AreaCount> = counts
            .into_iter()
            .map(|(area, n)| AreaCount {
                area: area.clone(),
                households: suppress(n, threshold),
            })
            .collect();
        log.append(
            role.name(),
            reason.trim(),
            query,
            format!("shown {} area counts", areas.len()),
        );
        Ok(MultiAgencySummary {
            min_agencies,
            areas,
            unassigned: suppress(unassigned, threshold),
        })
    }
}

/// The area of each UPRN of a gazetteer, from its assignment to an area set (UPRNs
/// outside every area are left out): the lookup [`LinkageIndex::multi_agency_summary`]
/// takes.
///
/// # Errors
/// [`Error::InvalidArgument`] when the assignment is not of this gazetteer (lengths differ).
///
/// # Examples
/// ```
/// use geo::{polygon, MultiPolygon};
/// use outreach::{AreaInput, AreaKind, AreaSet, GazetteerBuilder, Property, Uprn, Vintage};
/// # fn main() -> outreach::Result<()> {
/// let lsoa = AreaInput {
///     code: "E01024928".parse()?,
///     name: None,
///     geometry: MultiPolygon(vec![polygon![(x: 358_000.0, y: 417_000.0),
///         (x: 360_000.0, y: 417_000.0), (x: 360_000.0, y: 419_000.0), (x: 358_000.0, y: 419_000.0)]]),
/// };
/// let lsoas = AreaSet::new("lsoa", AreaKind::Lsoa, Vintage::Year(2021), vec![lsoa])?;
/// let mut homes = GazetteerBuilder::new();
/// homes.push(Property::at(Uprn::new(100010371335)?, 359_000.0, 418_000.0));
/// homes.push(Property::at(Uprn::new(100010383158)?, 365_000.0, 418_000.0));
/// let homes = homes.build()?;
/// let map = outreach::linkage::uprn_areas(&homes, &homes.assign(&lsoas), &lsoas)?;
/// assert_eq!(map.len(), 1);
/// assert_eq!(map[&Uprn::new(100010371335)?].as_str(), "E01024928");
/// # Ok(())
/// # }
/// ```
pub fn uprn_areas(
    gazetteer: &Gazetteer,
    assignment: &Assignment,
    areas: &AreaSet,
) -> Result<HashMap<Uprn, AreaCode>> {
    if assignment.len() != gazetteer.len() {
        return Err(Error::arg(
            "assignment",
            format!(
                "has {} rows but the gazetteer has {}",
                assignment.len(),
                gazetteer.len()
            ),
        ));
    }
    let codes = areas.codes();
    Ok(gazetteer
        .uprns()
        .iter()
        .zip(assignment.iter())
        .filter_map(|(&u, a)| {
            a.and_then(|a| codes.get(a as usize))
                .map(|c| (u, c.clone()))
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::linkage::{Identifiers, Tokeniser};

    fn rec(agency: &str, id: &str, uprn: u64, start: (i32, u32, u32)) -> AgencyRecord {
        let mut r = AgencyRecord::new(
            agency.parse().unwrap(),
            id,
            "case",
            Date::new(start.0, start.1, start.2).unwrap(),
        );
        r.uprn = Some(Uprn::new(uprn).unwrap());
        r
    }

    #[test]
    fn people_link_transitively() {
        let t = Tokeniser::new(b"unit-test key, 16+ bytes").unwrap();
        let nhs = t
            .tokenise(&Identifiers {
                nhs_number: Some("9434765919"),
                ..Default::default()
            })
            .unwrap();
        let both = t
            .tokenise(&Identifiers {
                nhs_number: Some("9434765919"),
                given_name: Some("Amy"),
                family_name: Some("Khan"),
                date_of_birth: Some("2015-06-01"),
            })
            .unwrap();
        let name = t
            .tokenise(&Identifiers {
                given_name: Some("AMY"),
                family_name: Some("khan"),
                date_of_birth: Some("01/06/2015"),
                ..Default::default()
            })
            .unwrap();
        let mut a = rec("Health", "H1", 1, (2020, 1, 1));
        a.person = nhs;
        let mut b = rec("School", "S1", 1, (2021, 9, 1));
        b.person = both;
        let mut c = rec("Police", "P1", 2, (2022, 3, 1));
        c.person = name;
        let d = rec("Housing", "T1", 1, (2019, 5, 1));
        let index = LinkageIndex::build(vec![a, b, c, d]).unwrap();
        assert_eq!(index.people(), 1);
        assert_eq!(index.households(), 2);
        let log = AuditLog::new();
        let all = Role::new("lead").unwrap().all_agencies().contacts(true);
        let v = index
            .person(&name.name_dob.unwrap(), &all, "test", &log)
            .unwrap();
        assert_eq!(v.involvements.len(), 3);
        assert_eq!(v.people, 1);
        let h = index
            .household(Uprn::new(1).unwrap(), &all, "test", &log)
            .unwrap();
        assert_eq!(h.agencies.len(), 3);
        assert_eq!(h.people, 1);
        assert_eq!(h.involvements[0].agency.as_str(), "Housing");
        assert_eq!(h.involvements[0].person, None);
        assert_eq!(
            h.to_string(),
            "3 agencies, 1 person; 1 person known to Health, 1 person known to School"
        );
        assert_eq!(log.len(), 2);
    }

    #[test]
    fn bad_records_refused() {
        let mut r = rec("Police", "P1", 1, (2022, 3, 1));
        r.end = Some(Date::new(2022, 2, 1).unwrap());
        assert!(LinkageIndex::build(vec![r]).is_err());
    }
}
