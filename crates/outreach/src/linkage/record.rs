//! What an agency knows about its involvement with a household or person.

use std::collections::HashMap;

use super::{Agency, Date, PersonTokens};
use crate::Uprn;

/// One agency's involvement with a household and/or a person: the unit a
/// [`super::LinkageIndex`] is built from. Holds tokens, never clear identifiers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgencyRecord {
    /// The agency that holds the record.
    pub agency: Agency,
    /// The agency's own reference for it (unique within the agency).
    pub record_id: String,
    /// The household, when the address is known and resolved.
    pub uprn: Option<Uprn>,
    /// The person's tokens (empty for a record about a household).
    pub person: PersonTokens,
    /// Kind of involvement (`pupil`, `child in need`, `ASB case`, `health visiting`).
    pub involvement: String,
    /// Sensitive involvement (e.g. sexual health, domestic abuse refuge): shown only to
    /// roles allowed to see it.
    pub sensitive: bool,
    /// When the involvement started.
    pub start: Date,
    /// When it ended; `None` while open.
    pub end: Option<Date>,
    /// How to reach the lead practitioner (name, phone or team mailbox).
    pub lead_contact: Option<String>,
}

impl AgencyRecord {
    /// A record with no household, person, end date or contact yet, not sensitive.
    pub fn new(
        agency: Agency,
        record_id: impl Into<String>,
        involvement: impl Into<String>,
        start: Date,
    ) -> Self {
        AgencyRecord {
            agency,
            record_id: record_id.into(),
            uprn: None,
            person: PersonTokens::default(),
            involvement: involvement.into(),
            sensitive: false,
            start,
            end: None,
            lead_contact: None,
        }
    }
}

/// Finds the UPRN of an address written as free text. The address matcher implements it;
/// so do a map from [`address_key`] to UPRN and any `Fn(&str) -> Option<Uprn>`.
pub trait UprnResolver: Sync {
    /// The UPRN of `address`, or `None` when it cannot be resolved with confidence.
    fn resolve(&self, address: &str) -> Option<Uprn>;
}

impl<F> UprnResolver for F
where
    F: Fn(&str) -> Option<Uprn> + Sync,
{
    fn resolve(&self, address: &str) -> Option<Uprn> {
        self(address)
    }
}

/// The address matcher: an address resolves to a UPRN only when it is
/// [`crate::address::MatchStatus::Matched`] with the default [`crate::address::MatchOptions`].
/// A building-level match (a flat that cannot be told) does not resolve: linking a
/// household to the wrong flat is worse than leaving it unlinked.
impl UprnResolver for crate::address::AddressIndex {
    fn resolve(&self, address: &str) -> Option<Uprn> {
        let m = self.match_one(address, None, &crate::address::MatchOptions::default());
        match m.status {
            crate::address::MatchStatus::Matched => m.uprn,
            _ => None,
        }
    }
}

/// Exact lookup after [`address_key`] (keys must be stored in that form).
impl UprnResolver for HashMap<String, Uprn> {
    fn resolve(&self, address: &str) -> Option<Uprn> {
        self.get(&address_key(address)).copied()
    }
}

/// A crude comparison key for an address: lower case, words of letters and digits joined
/// by single spaces (`"10,  High St."` → `"10 high st"`). Enough for exact lookups; real
/// matching is the address matcher's job.
///
/// # Examples
/// ```
/// assert_eq!(outreach::linkage::address_key(" 5 Rawcliffe Road,  CHORLEY "), "5 rawcliffe road chorley");
/// ```
pub fn address_key(address: &str) -> String {
    address
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}
