//! Who may see what.

use std::collections::BTreeSet;

use super::Agency;
use crate::error::{Error, Result};

/// An access role: the agencies whose involvement it may see, whether it sees lead
/// practitioners' contact details, and whether it sees involvement flagged sensitive.
///
/// A new role sees nothing (need to know): widen it with [`Role::agencies`] or
/// [`Role::all_agencies`], [`Role::contacts`] and [`Role::sensitive`]. Hidden involvement
/// is left out of everything the role gets back, counts included.
///
/// # Examples
/// ```
/// use outreach::linkage::Role;
/// # fn main() -> outreach::Result<()> {
/// let role = Role::new("school nurse")?
///     .agencies(["School".parse()?, "Health visiting".parse()?])
///     .contacts(true);
/// assert!(role.may_see(&"School".parse()?, false));
/// assert!(!role.may_see(&"School".parse()?, true)); // sensitive: shielded
/// assert!(!role.may_see(&"Police".parse()?, false));
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    name: String,
    agencies: Option<BTreeSet<Agency>>,
    contacts: bool,
    sensitive: bool,
}

impl Role {
    /// A role that sees no agency, no contact details and no sensitive involvement.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when the name is empty.
    pub fn new(name: &str) -> Result<Self> {
        let name = name.trim();
        if name.is_empty() {
            return Err(Error::arg("role", "the role name is empty"));
        }
        Ok(Role {
            name: name.to_string(),
            agencies: Some(BTreeSet::new()),
            contacts: false,
            sensitive: false,
        })
    }

    /// Lets the role see these agencies (added to those it sees already).
    pub fn agencies(mut self, agencies: impl IntoIterator<Item = Agency>) -> Self {
        if let Some(set) = &mut self.agencies {
            set.extend(agencies);
        }
        self
    }

    /// Lets the role see every agency.
    pub fn all_agencies(mut self) -> Self {
        self.agencies = None;
        self
    }

    /// Whether the role sees lead practitioners' contact details.
    pub fn contacts(mut self, visible: bool) -> Self {
        self.contacts = visible;
        self
    }

    /// Whether the role sees involvement flagged sensitive.
    pub fn sensitive(mut self, visible: bool) -> Self {
        self.sensitive = visible;
        self
    }

    /// The role's name (written to the audit log).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Whether contact details are shown to the role.
    pub fn sees_contacts(&self) -> bool {
        self.contacts
    }

    /// Whether sensitive involvement is shown to the role.
    pub fn sees_sensitive(&self) -> bool {
        self.sensitive
    }

    /// The agencies the role may see; `None` for all.
    pub fn visible_agencies(&self) -> Option<&BTreeSet<Agency>> {
        self.agencies.as_ref()
    }

    /// Whether the role may see an involvement of `agency` (`sensitive` or not).
    pub fn may_see(&self, agency: &Agency, sensitive: bool) -> bool {
        (!sensitive || self.sensitive)
            && self
                .agencies
                .as_ref()
                .is_none_or(|set| set.contains(agency))
    }
}
