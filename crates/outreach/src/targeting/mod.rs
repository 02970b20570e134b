//! Targeting: who is eligible for a service, in what order, why, and who is missed.
//!
//! Eligibility is a [`Rule`]: predicates over the property (class), its area (IMD or domain
//! decile, the most deprived 10% / 20%), household attributes (a segment, 65+, deprivation
//! dimensions, a number), access (distance to the nearest asset of a kind) and intervention
//! history (no fire check in the last 36 months), combined with `all` / `any` / `not`.
//! Rules are plain data: an analyst can write them as JSON ([`Rule::from_json`]).
//!
//! [`select`] applies a [`ServiceRules`] to every household of a [`Households`] context:
//! the eligible ones ranked by a priority score (the weights of the priority rules they
//! meet), each with the trace of the conditions that made it eligible, and the excluded
//! ones with the first condition that excluded them.
//!
//! ```
//! use outreach::targeting::{select, Households, Rule, ServiceRules};
//! use outreach::attributes::{AttributeTable, KeyKind};
//! use outreach::{GazetteerBuilder, Property, Uprn};
//! # fn main() -> outreach::Result<()> {
//! let mut b = GazetteerBuilder::new();
//! for u in 1..=3 { b.push(Property::at(Uprn::new(u)?, 359_000.0 + u as f64, 418_000.0)); }
//! let homes = b.build()?;
//! let mut t = AttributeTable::new(KeyKind::Uprn, vec!["1".into(), "2".into(), "3".into()])?;
//! t.add_categorical("aged_65_plus", vec![Some("yes".into()), Some("no".into()), Some("yes".into())])?;
//! let (joined, _) = t.join(&homes, None)?;
//! let ctx = Households::new(&homes).attributes(joined);
//! let flu = ServiceRules::new("flu_jab", Rule::from_json(
//!     r#"{"rule": "attribute", "name": "aged_65_plus", "in": ["yes"]}"#)?);
//! let s = select(&ctx, &flu)?;
//! assert_eq!(s.eligible.iter().map(|e| e.row).collect::<Vec<_>>(), [0, 2]);
//! assert_eq!(s.excluded[0].because, "aged_65_plus is no, not one of yes");
//! # Ok(())
//! # }
//! ```

use std::collections::HashMap;

use serde::Deserialize;

use crate::area::AreaSet;
use crate::attributes::JoinedAttributes;
use crate::deprivation::{Deprivation, Domain};
use crate::error::{Error, Result};
use crate::gazetteer::Gazetteer;
use crate::kpi::Month;
use crate::spatial::Assignment;

/// An eligibility or priority condition. In JSON each rule is an object with a `rule`
/// member naming its kind, e.g. `{"rule": "imd_decile_at_most", "decile": 2}`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case", deny_unknown_fields)]
pub enum Rule {
    /// Every rule holds.
    All {
        /// The rules.
        rules: Vec<Rule>,
    },
    /// At least one rule holds.
    Any {
        /// The rules.
        rules: Vec<Rule>,
    },
    /// The rule does not hold.
    Not {
        /// The rule negated.
        of: Box<Rule>,
    },
    /// Residential property (classification starting with `R`, or unclassified).
    Residential,
    /// Classification code starts with `prefix` (`RD` houses, `RD06` flats, `PP` parents).
    ClassPrefix {
        /// The prefix.
        prefix: String,
    },
    /// The household's LSOA has a national decile of `domain` (default the IMD) at most
    /// `decile` (1 = most deprived).
    ImdDecileAtMost {
        /// Highest decile that qualifies.
        decile: u8,
        /// Domain name (`imd`, `health`, `living_environment`...); the IMD when absent.
        #[serde(default)]
        domain: Option<String>,
    },
    /// The household's LSOA is in the `percent` (10 or 20) most deprived nationally.
    MostDeprived {
        /// 10 or 20.
        percent: u8,
    },
    /// A categorical attribute takes one of the values.
    Attribute {
        /// Attribute name.
        name: String,
        /// Values that qualify.
        #[serde(rename = "in")]
        values: Vec<String>,
    },
    /// A numeric attribute is at least `min` (and, when given, at most `max`).
    NumberBetween {
        /// Attribute name.
        name: String,
        /// Lowest qualifying value.
        #[serde(default)]
        min: Option<f64>,
        /// Highest qualifying value.
        #[serde(default)]
        max: Option<f64>,
    },
    /// The nearest asset of `asset` kind is farther than `metres` (or there is none).
    FartherThan {
        /// Asset kind, as given to [`Households::distances`].
        asset: String,
        /// Distance in metres.
        metres: f64,
    },
    /// No intervention of `service` recorded in the `months` months before the as-of month.
    NoInterventionWithin {
        /// Service name, as in the history.
        service: String,
        /// Look-back in months (36 for three years).
        months: u32,
    },
}

impl Rule {
    /// Parses a rule from JSON (feature `io`). Errors name the problem (unknown rule kind, missing field).
    #[cfg(feature = "io")]
    pub fn from_json(text: &str) -> Result<Rule> {
        serde_json::from_str(text).map_err(|e| Error::arg("rule", e.to_string()))
    }
}

/// What the households are, where, with which attributes, how far from services and what
/// they have already had.
#[derive(Debug)]
pub struct Households<'a> {
    gazetteer: &'a Gazetteer,
    deprivation: Option<(&'a AreaSet, &'a Assignment, &'a Deprivation)>,
    attributes: Vec<JoinedAttributes<'a>>,
    distances: HashMap<String, Vec<Option<f64>>>,
    history: HashMap<(usize, String), Month>,
    as_of: Option<Month>,
}

impl<'a> Households<'a> {
    /// The households of a gazetteer (every property; use [`Rule::Residential`] to keep
    /// homes only).
    pub fn new(gazetteer: &'a Gazetteer) -> Self {
        Households {
            gazetteer,
            deprivation: None,
            attributes: Vec::new(),
            distances: HashMap::new(),
            history: HashMap::new(),
            as_of: None,
        }
    }

    /// The gazetteer of the households.
    pub fn gazetteer(&self) -> &'a Gazetteer {
        self.gazetteer
    }

    /// Each household's LSOA (the set and `gazetteer.assign(lsoas)`) and the IoD figures.
    pub fn deprivation(
        mut self,
        lsoas: &'a AreaSet,
        assignment: &'a Assignment,
        iod: &'a Deprivation,
    ) -> Self {
        self.deprivation = Some((lsoas, assignment, iod));
        self
    }

    /// Adds attributes joined to the same gazetteer.
    pub fn attributes(mut self, joined: JoinedAttributes<'a>) -> Self {
        self.attributes.push(joined);
        self
    }

    /// Distances (metres) from each household to the nearest asset of `kind`, e.g. from
    /// [`crate::service::nearest`].
    pub fn distances(mut self, kind: &str, metres: Vec<Option<f64>>) -> Self {
        self.distances.insert(kind.to_string(), metres);
        self
    }

    /// Records that the household in gazetteer row `row` had `service` in `month` (the
    /// latest one counts).
    pub fn intervention(&mut self, row: usize, service: &str, month: Month) {
        let e = self
            .history
            .entry((row, service.to_string()))
            .or_insert(month);
        if month > *e {
            *e = month;
        }
    }

    /// The month history rules look back from.
    pub fn as_of(mut self, month: Month) -> Self {
        self.as_of = Some(month);
        self
    }

    fn attribute(&self, name: &str) -> Option<(&JoinedAttributes<'a>, usize)> {
        self.attributes.iter().find_map(|j| {
            j.table()
                .attributes()
                .iter()
                .position(|a| a.name == name)
                .map(|c| (j, c))
        })
    }

    /// Checks that every name a rule uses exists and every parameter is valid.
    fn validate(&self, rule: &Rule) -> Result<()> {
        match rule {
            Rule::All { rules } | Rule::Any { rules } => {
                rules.iter().try_for_each(|r| self.validate(r))
            }
            Rule::Not { of } => self.validate(of),
            Rule::Residential | Rule::ClassPrefix { .. } => Ok(()),
            Rule::ImdDecileAtMost { decile, domain } => {
                if self.deprivation.is_none() {
                    return Err(Error::arg(
                        "rule",
                        "imd_decile_at_most needs Households::deprivation",
                    ));
                }
                if let Some(d) = domain {
                    d.parse::<Domain>()?;
                }
                if !(1..=10).contains(decile) {
                    return Err(Error::arg("rule", format!("decile {decile} is not 1-10")));
                }
                Ok(())
            }
            Rule::MostDeprived { percent } => {
                if self.deprivation.is_none() {
                    return Err(Error::arg(
                        "rule",
                        "most_deprived needs Households::deprivation",
                    ));
                }
                if *percent != 10 && *percent != 20 {
                    return Err(Error::arg(
                        "rule",
                        format!("most_deprived percent must be 10 or 20, got {percent}"),
                    ));
                }
                Ok(())
            }
            Rule::Attribute { name, .. } | Rule::NumberBetween { name, .. } => {
                let (j, c) = self
                    .attribute(name)
                    .ok_or_else(|| Error::arg("rule", format!("no attribute {name:?}")))?;
                let categorical = j.table().attributes()[c].is_categorical();
                if categorical != matches!(rule, Rule::Attribute { .. }) {
                    return Err(Error::arg(
                        "rule",
                        format!(
                            "attribute {name:?} is {}",
                            if categorical {
                                "categorical: use attribute"
                            } else {
                                "numeric: use number_between"
                            }
                        ),
                    ));
                }
                Ok(())
            }
            Rule::FartherThan { asset, .. } => {
                if !self.distances.contains_key(asset) {
                    return Err(Error::arg(
                        "rule",
                        format!("no distances to {asset:?} assets"),
                    ));
                }
                Ok(())
            }
            Rule::NoInterventionWithin { .. } => {
                if self.as_of.is_none() {
                    return Err(Error::arg(
                        "rule",
                        "no_intervention_within needs Households::as_of",
                    ));
                }
                Ok(())
            }
        }
    }

    /// Evaluates `rule` for row `i`: whether it holds, with the description of why
    /// (conditions met pushed to `met`; the first condition failed returned in `Err`).
    fn eval(
        &self,
        rule: &Rule,
        i: usize,
        met: &mut Vec<String>,
    ) -> std::result::Result<(), String> {
        let g = self.gazetteer;
        match rule {
            Rule::All { rules } => rules.iter().try_for_each(|r| self.eval(r, i, met)),
            Rule::Any { rules } => {
                let mut why = Vec::new();
                for r in rules {
                    let mut sub = Vec::new();
                    match self.eval(r, i, &mut sub) {
                        Ok(()) => {
                            met.extend(sub);
                            return Ok(());
                        }
                        Err(e) => why.push(e),
                    }
                }
                Err(format!("none of: {}", why.join("; ")))
            }
            Rule::Not { of } => {
                let mut sub = Vec::new();
                match self.eval(of, i, &mut sub) {
                    Ok(()) => Err(format!("not ({})", sub.join(", "))),
                    Err(e) => {
                        met.push(format!("not: {e}"));
                        Ok(())
                    }
                }
            }
            Rule::Residential => {
                if g.is_residential(i) {
                    met.push("residential".into());
                    Ok(())
                } else {
                    Err(format!(
                        "class {} is not residential",
                        g.class(i).unwrap_or("?")
                    ))
                }
            }
            Rule::ClassPrefix { prefix } => match g.class(i) {
                Some(c) if c.starts_with(prefix.as_str()) => {
                    met.push(format!("class {c}"));
                    Ok(())
                }
                c => Err(format!(
                    "class {} does not start with {prefix}",
                    c.unwrap_or("unknown")
                )),
            },
            Rule::ImdDecileAtMost { decile, domain } => {
                let dm = domain
                    .as_deref()
                    .and_then(|d| d.parse::<Domain>().ok())
                    .unwrap_or(Domain::Imd);
                let d = self
                    .lsoa(i)
                    .and_then(|(code, iod)| iod.get(code))
                    .and_then(|r| r.decile(dm));
                match d {
                    Some(d) if d <= *decile => {
                        met.push(format!("{} decile {d} <= {decile}", dm.as_str()));
                        Ok(())
                    }
                    Some(d) => Err(format!("{} decile {d} > {decile}", dm.as_str())),
                    None => Err(format!(
                        "no {} decile for the household's LSOA",
                        dm.as_str()
                    )),
                }
            }
            Rule::MostDeprived { percent } => {
                let hit = self.lsoa(i).and_then(|(code, iod)| {
                    iod.get(code)
                        .and_then(|r| r.in_most_deprived(Domain::Imd, *percent))
                });
                match hit {
                    Some(true) => {
                        met.push(format!("LSOA in the {percent}% most deprived"));
                        Ok(())
                    }
                    Some(false) => Err(format!("LSOA not in the {percent}% most deprived")),
                    None => Err("no IMD rank for the household's LSOA".into()),
                }
            }
            Rule::Attribute { name, values } => {
                let v = self.attribute(name).and_then(|(j, c)| j.category(c, i));
                match v {
                    Some(v) if values.iter().any(|x| x == v) => {
                        met.push(format!("{name} is {v}"));
                        Ok(())
                    }
                    Some(v) => Err(format!("{name} is {v}, not one of {}", values.join(", "))),
                    None => Err(format!("{name} unknown")),
                }
            }
            Rule::NumberBetween { name, min, max } => {
                let v = self.attribute(name).and_then(|(j, c)| j.number(c, i));
                match v {
                    Some(v) if min.is_none_or(|m| v >= m) && max.is_none_or(|m| v <= m) => {
                        met.push(format!("{name} = {v}"));
                        Ok(())
                    }
                    Some(v) => Err(format!(
                        "{name} = {v} is outside [{}, {}]",
                        min.map_or("-inf".into(), |m| m.to_string()),
                        max.map_or("inf".into(), |m| m.to_string())
                    )),
                    None => Err(format!("{name} unknown")),
                }
            }
            Rule::FartherThan { asset, metres } => {
                let d = self
                    .distances
                    .get(asset)
                    .and_then(|v| v.get(i).copied().flatten());
                match d {
                    Some(d) if d > *metres => {
                        met.push(format!("nearest {asset} {d:.0} m > {metres:.0} m"));
                        Ok(())
                    }
                    Some(d) => Err(format!("nearest {asset} {d:.0} m <= {metres:.0} m")),
                    None => {
                        met.push(format!("no {asset} known"));
                        Ok(())
                    }
                }
            }
            Rule::NoInterventionWithin { service, months } => {
                let last = self.history.get(&(i, service.clone()));
                match (last, self.as_of) {
                    (Some(&m), Some(now)) if m.months_until(now) < *months as i32 && m <= now => {
                        Err(format!("{service} in {m}, within {months} months"))
                    }
                    (Some(&m), _) => {
                        met.push(format!("last {service} in {m}"));
                        Ok(())
                    }
                    (None, _) => {
                        met.push(format!("no {service} on record"));
                        Ok(())
                    }
                }
            }
        }
    }

    fn lsoa(&self, i: usize) -> Option<(&crate::AreaCode, &Deprivation)> {
        let (set, a, iod) = self.deprivation?;
        let area = a.area(i)?;
        Some((set.code(area), iod))
    }
}

/// A service's targeting rules: who is eligible, and what raises priority.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceRules {
    /// Service name (`fire_check`, `flu_jab`...).
    pub service: String,
    /// Eligibility.
    pub eligible: Rule,
    /// Priority terms: the score is the sum of the weights of the rules a household meets.
    #[serde(default)]
    pub priority: Vec<Weighted>,
}

/// A weighted priority rule.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Weighted {
    /// The rule.
    pub rule: Rule,
    /// Its weight.
    pub weight: f64,
}

impl ServiceRules {
    /// Parses service rules from JSON (feature `io`): `{"service": ..., "eligible": RULE,
    /// "priority": [{"rule": RULE, "weight": 2}]}`, or a list of them.
    #[cfg(feature = "io")]
    pub fn list_from_json(text: &str) -> Result<Vec<ServiceRules>> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum OneOrMany {
            Many(Vec<ServiceRules>),
            One(Box<ServiceRules>),
        }
        match serde_json::from_str::<OneOrMany>(text) {
            Ok(OneOrMany::Many(v)) => Ok(v),
            Ok(OneOrMany::One(r)) => Ok(vec![*r]),
            // Untagged errors are vague: parse as a list again for a precise message.
            Err(_) => serde_json::from_str::<Vec<ServiceRules>>(text)
                .or_else(|e| {
                    serde_json::from_str::<ServiceRules>(text)
                        .map(|r| vec![r])
                        .map_err(|_| e)
                })
                .map_err(|e| Error::arg("rules", e.to_string())),
        }
    }

    /// Eligibility only, no priority terms.
    pub fn new(service: &str, eligible: Rule) -> Self {
        ServiceRules {
            service: service.to_string(),
            eligible,
            priority: Vec::new(),
        }
    }
}

/// An eligible household.
#[derive(Debug, Clone, PartialEq)]
pub struct Selected {
    /// Gazetteer row.
    pub row: usize,
    /// Priority score.
    pub score: f64,
    /// Why it is eligible, and which priority terms it met.
    pub reasons: Vec<String>,
}

/// An excluded household.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excluded {
    /// Gazetteer row.
    pub row: usize,
    /// The first condition it failed.
    pub because: String,
}

/// The outcome of [`select`]: every household is in exactly one of the two lists.
#[derive(Debug, Clone, PartialEq)]
pub struct Selection {
    /// The service.
    pub service: String,
    /// Eligible households, highest score first (ties by gazetteer row).
    pub eligible: Vec<Selected>,
    /// Excluded households, in gazetteer order.
    pub excluded: Vec<Excluded>,
}

/// Applies `rules` to every household. Errors when a rule names an attribute, asset or
/// domain the context lacks, or has an invalid parameter.
pub fn select(households: &Households<'_>, rules: &ServiceRules) -> Result<Selection> {
    households.validate(&rules.eligible)?;
    for w in &rules.priority {
        households.validate(&w.rule)?;
        if !w.weight.is_finite() {
            return Err(Error::arg("weight", format!("{} is not finite", w.weight)));
        }
    }
    let mut eligible = Vec::new();
    let mut excluded = Vec::new();
    for i in 0..households.gazetteer.len() {
        let mut met = Vec::new();
        match households.eval(&rules.eligible, i, &mut met) {
            Ok(()) => {
                let mut score = 0.0;
                for w in &rules.priority {
                    let mut sub = Vec::new();
                    if households.eval(&w.rule, i, &mut sub).is_ok() {
                        score += w.weight;
                        met.push(format!("priority +{}: {}", w.weight, sub.join(", ")));
                    }
                }
                eligible.push(Selected {
                    row: i,
                    score,
                    reasons: met,
                });
            }
            Err(because) => excluded.push(Excluded { row: i, because }),
        }
    }
    eligible.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.row.cmp(&b.row)));
    Ok(Selection {
        service: rules.service.clone(),
        eligible,
        excluded,
    })
}

#[cfg(test)]
mod tests;
