//! The gazetteer: every property (UPRN) with its location and, where known, class, parent,
//! postcode and address, stored column by column.
//!
//! Build with [`crate::io::read_gazetteer`] (OS Open UPRN, any mapped CSV, AddressBase
//! Premium), with [`crate::synth`] or in code with [`GazetteerBuilder`]. The result is
//! immutable and `Send + Sync`.

use std::sync::OnceLock;

use crate::area::AreaSet;
use crate::error::{Error, Result};
use crate::postcode::Postcode;
use crate::spatial::{Assignment, PointIndex};
use crate::uprn::Uprn;

/// One property as handed to [`GazetteerBuilder::push`] or returned by
/// [`Gazetteer::get`].
#[derive(Debug, Clone, PartialEq)]
pub struct Property {
    /// The property's UPRN.
    pub uprn: Uprn,
    /// Easting, BNG metres.
    pub x: f64,
    /// Northing, BNG metres.
    pub y: f64,
    /// AddressBase / LLPG classification code (`"RD04"`, `"PP"`...), if known.
    pub class: Option<String>,
    /// The parent UPRN (the building of a flat), if any.
    pub parent: Option<Uprn>,
    /// The postcode, if known.
    pub postcode: Option<Postcode>,
    /// A single-line address, if known.
    pub address: Option<String>,
}

impl Property {
    /// A property with only a UPRN and a location.
    pub fn at(uprn: Uprn, x: f64, y: f64) -> Self {
        Property {
            uprn,
            x,
            y,
            class: None,
            parent: None,
            postcode: None,
            address: None,
        }
    }
}

/// Columns of interned text: one small integer per row, the distinct values once.
#[derive(Debug, Clone, Default)]
struct Interned {
    codes: Vec<u32>,
    values: Vec<Box<str>>,
    lookup: std::collections::HashMap<Box<str>, u32>,
}

impl Interned {
    const NONE: u32 = u32::MAX;

    fn push(&mut self, value: Option<&str>) {
        let code = match value {
            None => Self::NONE,
            Some(v) => match self.lookup.get(v) {
                Some(&c) => c,
                None => {
                    let c = self.values.len() as u32;
                    self.values.push(v.into());
                    self.lookup.insert(v.into(), c);
                    c
                }
            },
        };
        self.codes.push(code);
    }

    fn get(&self, row: usize) -> Option<&str> {
        match self.codes.get(row) {
            Some(&c) if c != Self::NONE => self.values.get(c as usize).map(|v| &**v),
            _ => None,
        }
    }

    fn retain(&mut self, keep: &[bool]) {
        retain_by(&mut self.codes, keep);
    }
}

fn retain_by<T>(column: &mut Vec<T>, keep: &[bool]) {
    let mut i = 0;
    column.retain(|_| {
        let k = keep.get(i).copied().unwrap_or(true);
        i += 1;
        k
    });
}

/// Variable-length text stored in one buffer with offsets.
#[derive(Debug, Clone, Default)]
struct TextColumn {
    data: String,
    ends: Vec<u64>,
    present: Vec<bool>,
}

impl TextColumn {
    fn push(&mut self, value: Option<&str>) {
        self.data.push_str(value.unwrap_or(""));
        self.ends.push(self.data.len() as u64);
        self.present.push(value.is_some());
    }

    fn get(&self, row: usize) -> Option<&str> {
        if !*self.present.get(row)? {
            return None;
        }
        let start = if row == 0 {
            0
        } else {
            self.ends[row - 1] as usize
        };
        self.data.get(start..self.ends[row] as usize)
    }

    fn retain(&mut self, keep: &[bool]) {
        let mut out = TextColumn::default();
        for row in 0..self.ends.len() {
            if keep.get(row).copied().unwrap_or(true) {
                out.push(self.get(row));
            }
        }
        *self = out;
    }
}

/// Collects properties and checks them; [`GazetteerBuilder::build`] returns the
/// immutable [`Gazetteer`].
#[derive(Debug, Default)]
pub struct GazetteerBuilder {
    g: Gazetteer,
    /// (UPRN, row) sorted, cached between `duplicates` and `build`.
    sorted: Option<Vec<(u64, u32)>>,
    has_class: bool,
    has_parent: bool,
    has_postcode: bool,
    has_address: bool,
}

impl GazetteerBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reserves room for `n` more properties.
    pub fn reserve(&mut self, n: usize) {
        self.g.uprns.reserve(n);
        self.g.xs.reserve(n);
        self.g.ys.reserve(n);
    }

    /// Marks the gazetteer as synthetic (made by [`crate::synth`], not real addresses).
    pub fn synthetic(&mut self, synthetic: bool) -> &mut Self {
        self.g.synthetic = synthetic;
        self
    }

    /// Adds properties that have only a UPRN and a location, in bulk (the fast path of
    /// points-only files). Rows get "unknown" in any optional column already present.
    pub(crate) fn extend_points(&mut self, uprns: &[Uprn], xs: &[f64], ys: &[f64]) {
        if self.has_class || self.has_parent || self.has_postcode || self.has_address {
            for i in 0..uprns.len() {
                self.push(Property::at(uprns[i], xs[i], ys[i]));
            }
            return;
        }
        self.sorted = None;
        self.g.uprns.extend_from_slice(uprns);
        self.g.xs.extend_from_slice(xs);
        self.g.ys.extend_from_slice(ys);
    }

    /// Adds a property. Checks happen in [`GazetteerBuilder::build`].
    pub fn push(&mut self, p: Property) {
        self.sorted = None;
        let row = self.g.uprns.len();
        self.g.uprns.push(p.uprn);
        self.g.xs.push(p.x);
        self.g.ys.push(p.y);
        // Optional columns are created on first use and back-filled with "unknown".
        if p.class.is_some() && !self.has_class {
            self.has_class = true;
            self.g.class.codes = vec![Interned::NONE; row];
        }
        if self.has_class {
            self.g.class.push(p.class.as_deref());
        }
        if p.parent.is_some() && !self.has_parent {
            self.has_parent = true;
            self.g.parents = vec![None; row];
        }
        if self.has_parent {
            self.g.parents.push(p.parent);
        }
        if p.postcode.is_some() && !self.has_postcode {
            self.has_postcode = true;
            self.g.postcode.codes = vec![Interned::NONE; row];
        }
        if self.has_postcode {
            self.g
                .postcode
                .push(p.postcode.as_ref().map(Postcode::as_str));
        }
        if p.address.is_some() && !self.has_address {
            self.has_address = true;
            for _ in 0..row {
                self.g.address.push(None);
            }
        }
        if self.has_address {
            self.g.address.push(p.address.as_deref());
        }
    }

    pub(crate) fn uprn_at(&self, row: usize) -> Option<Uprn> {
        self.g.uprns.get(row).copied()
    }

    /// Number of properties pushed so far.
    pub fn len(&self) -> usize {
        self.g.uprns.len()
    }

    /// Whether nothing was pushed.
    pub fn is_empty(&self) -> bool {
        self.g.uprns.is_empty()
    }

    /// Removes the rows whose `keep` flag is false (used by loaders to drop rejects).
    pub(crate) fn retain(&mut self, keep: &[bool]) {
        self.sorted = None;
        retain_by(&mut self.g.uprns, keep);
        retain_by(&mut self.g.xs, keep);
        retain_by(&mut self.g.ys, keep);
        if self.has_class {
            self.g.class.retain(keep);
        }
        if self.has_parent {
            retain_by(&mut self.g.parents, keep);
        }
        if self.has_postcode {
            self.g.postcode.retain(keep);
        }
        if self.has_address {
            self.g.address.retain(keep);
        }
    }

    /// (UPRN, row) pairs sorted by UPRN then row, or `None` when the rows are already in
    /// strictly increasing UPRN order (as OS Open UPRN files are): no duplicates then.
    fn sorted_pairs(&mut self) -> Option<&[(u64, u32)]> {
        let uprns = &self.g.uprns;
        if uprns.windows(2).all(|w| w[0] < w[1]) {
            return None;
        }
        if self.sorted.is_none() {
            use rayon::prelude::*;
            let mut pairs: Vec<(u64, u32)> = uprns
                .par_iter()
                .enumerate()
                .map(|(i, u)| (u.get(), i as u32))
                .collect();
            pairs.par_sort_unstable();
            self.sorted = Some(pairs);
        }
        self.sorted.as_deref()
    }

    /// Rows whose UPRN appeared on an earlier row, as `(row, first_row)`, by row.
    pub(crate) fn duplicates(&mut self) -> Vec<(usize, usize)> {
        let Some(pairs) = self.sorted_pairs() else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut first = 0usize;
        for k in 1..pairs.len() {
            if pairs[k].0 == pairs[first].0 {
                out.push((pairs[k].1 as usize, pairs[first].1 as usize));
            } else {
                first = k;
            }
        }
        out.sort_unstable();
        out
    }

    /// Checks and freezes the gazetteer.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] on a duplicate UPRN or a coordinate outside the British
    /// National Grid (loaders reject such rows before they get here, with line numbers).
    pub fn build(mut self) -> Result<Gazetteer> {
        if self.g.uprns.len() >= u32::MAX as usize {
            return Err(Error::arg(
                "properties",
                "more than 4,294,967,294 properties",
            ));
        }
        if let Some(&(dup, first)) = self.duplicates().first() {
            return Err(Error::arg(
                "properties",
                format!(
                    "UPRN {} appears at positions {first} and {dup}",
                    self.g.uprns[dup]
                ),
            ));
        }
        if let Some(i) =
            (0..self.g.xs.len()).find(|&i| !crate::bng::in_grid(self.g.xs[i], self.g.ys[i]))
        {
            return Err(Error::arg(
                "properties",
                format!(
                    "UPRN {} at ({}, {}) is outside the British National Grid",
                    self.g.uprns[i], self.g.xs[i], self.g.ys[i]
                ),
            ));
        }
        // Rows out of UPRN order get a sorted permutation for lookups (reusing the sort
        // made for the duplicate check).
        if let Some(pairs) = self.sorted_pairs() {
            let order: Vec<u32> = pairs.iter().map(|p| p.1).collect();
            self.g.by_uprn = order;
        }
        self.sorted = None;
        self.g.has = [
            self.has_class,
            self.has_parent,
            self.has_postcode,
            self.has_address,
        ];
        Ok(self.g)
    }
}

/// Every property of an area with its location (BNG metres) and optional attributes,
/// stored as columns: about 24 bytes per UPRN for points only, more with text columns.
///
/// # Examples
/// ```
/// use outreach::{GazetteerBuilder, Property, Uprn};
/// # fn main() -> outreach::Result<()> {
/// let mut b = GazetteerBuilder::new();
/// b.push(Property::at(Uprn::new(100010382247)?, 358_000.0, 418_000.0));
/// b.push(Property::at(Uprn::new(10091497098)?, 359_000.0, 417_000.0));
/// let g = b.build()?;
/// assert_eq!(g.len(), 2);
/// assert_eq!(g.position(Uprn::new(10091497098)?), Some(1));
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    uprns: Vec<Uprn>,
    xs: Vec<f64>,
    ys: Vec<f64>,
    class: Interned,
    parents: Vec<Option<Uprn>>,
    postcode: Interned,
    address: TextColumn,
    /// Which optional columns exist: class, parent, postcode, address.
    has: [bool; 4],
    synthetic: bool,
    /// Row order sorted by UPRN; empty when the rows already are.
    by_uprn: Vec<u32>,
    points: OnceLock<Option<PointIndex>>,
}

impl Gazetteer {
    /// Number of properties.
    pub fn len(&self) -> usize {
        self.uprns.len()
    }

    /// Whether there are no properties.
    pub fn is_empty(&self) -> bool {
        self.uprns.is_empty()
    }

    /// Whether the gazetteer was made by the synthetic generator rather than loaded from
    /// real data. Synthetic gazetteers must be labelled as such in any output.
    pub fn is_synthetic(&self) -> bool {
        self.synthetic
    }

    /// UPRN column.
    pub fn uprns(&self) -> &[Uprn] {
        &self.uprns
    }

    /// Easting column (BNG metres).
    pub fn xs(&self) -> &[f64] {
        &self.xs
    }

    /// Northing column (BNG metres).
    pub fn ys(&self) -> &[f64] {
        &self.ys
    }

    /// Whether classification codes were loaded.
    pub fn has_classes(&self) -> bool {
        self.has[0]
    }

    /// Whether parent UPRNs were loaded.
    pub fn has_parents(&self) -> bool {
        self.has[1]
    }

    /// Whether postcodes were loaded.
    pub fn has_postcodes(&self) -> bool {
        self.has[2]
    }

    /// Whether addresses were loaded.
    pub fn has_addresses(&self) -> bool {
        self.has[3]
    }

    /// The row of a UPRN, by binary search.
    pub fn position(&self, uprn: Uprn) -> Option<usize> {
        if self.by_uprn.is_empty() {
            self.uprns.binary_search(&uprn).ok()
        } else {
            self.by_uprn
                .binary_search_by_key(&uprn, |&i| self.uprns[i as usize])
                .ok()
                .map(|k| self.by_uprn[k] as usize)
        }
    }

    /// Classification code of row `row`.
    pub fn class(&self, row: usize) -> Option<&str> {
        self.class.get(row)
    }

    /// Parent UPRN of row `row`.
    pub fn parent(&self, row: usize) -> Option<Uprn> {
        self.parents.get(row).copied().flatten()
    }

    /// Postcode of row `row`, canonical text.
    pub fn postcode(&self, row: usize) -> Option<&str> {
        self.postcode.get(row)
    }

    /// Address of row `row`.
    pub fn address(&self, row: usize) -> Option<&str> {
        self.address.get(row)
    }

    /// Whether row `row` is residential: classification starting with `R`. Properties
    /// without a classification count as residential (open UPRN points carry none).
    pub fn is_residential(&self, row: usize) -> bool {
        self.class(row).is_none_or(|c| c.starts_with('R'))
    }

    /// The property with this UPRN.
    ///
    /// # Errors
    /// [`Error::UnknownUprn`] when absent.
    pub fn get(&self, uprn: Uprn) -> Result<Property> {
        let row = self.position(uprn).ok_or(Error::UnknownUprn(uprn))?;
        Ok(self.row(row))
    }

    /// The property at row `row` (file order).
    ///
    /// # Panics
    /// If `row >= self.len()`.
    pub fn row(&self, row: usize) -> Property {
        Property {
            uprn: self.uprns[row],
            x: self.xs[row],
            y: self.ys[row],
            class: self.class(row).map(str::to_string),
            parent: self.parent(row),
            postcode: self.postcode(row).and_then(|p| p.parse().ok()),
            address: self.address(row).map(str::to_string),
        }
    }

    /// Assigns every property to an area of `areas`.
    pub fn assign(&self, areas: &AreaSet) -> Assignment {
        areas.index_assign(&self.xs, &self.ys)
    }

    /// [`Gazetteer::assign`] in chunks, ticking `progress` after each; `None` when it was
    /// cancelled before the end (see [`crate::progress`]).
    pub fn assign_with_progress(
        &self,
        areas: &AreaSet,
        progress: &crate::progress::Progress,
    ) -> Option<Assignment> {
        areas.index_assign_with_progress(&self.xs, &self.ys, progress)
    }

    /// The point index over the properties, built on first use (thread-safe).
    pub fn point_index(&self) -> Option<&PointIndex> {
        self.points
            .get_or_init(|| PointIndex::new(&self.xs, &self.ys).ok())
            .as_ref()
    }

    /// Approximate heap bytes held by the columns.
    pub fn heap_bytes(&self) -> usize {
        self.uprns.capacity() * 8
            + self.xs.capacity() * 8
            + self.ys.capacity() * 8
            + self.class.codes.capacity() * 4
            + self.parents.capacity() * 8
            + self.postcode.codes.capacity() * 4
            + self
                .postcode
                .values
                .iter()
                .map(|v| v.len() + 16)
                .sum::<usize>()
            + self.address.data.capacity()
            + self.address.ends.capacity() * 9
            + self.by_uprn.capacity() * 4
    }
}
