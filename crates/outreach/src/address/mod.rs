//! Address matching: free-text partner addresses to UPRNs, with a score, a status, the
//! margin to the runner-up and a short reason.
//!
//! The reference side ([`AddressIndex`]) is built once from gazetteer addresses, either
//! one string per address (`"FLAT 2, 10 HIGH STREET, KELTON, THORNTHORPE"`) or structured
//! fields (sub-building, building name, number, street, locality, town). Every address is
//! normalised (case, punctuation, abbreviations such as `RD`, `AVE`, `HSE`; `ST`, `STREET`
//! and `SAINT` folded together), flats and floors are read into a flat identifier
//! (`FLAT 2`, `2/10`, `FLAT A`, the `A` of `10A`) or a floor (`GROUND FLOOR FLAT`,
//! `BASEMENT`), and words are weighted by their rarity in the gazetteer (IDF).
//!
//! A query is normalised the same way; its postcode (anywhere among its last tokens, or
//! given apart) is corrected against the gazetteer's postcodes when it is not one of them
//! (one substitution, transposition, insertion or deletion, a missing space, O/0 and I/1).
//! Words unknown to the gazetteer are repaired: one or two typing errors, two words run
//! together, one word split in two, a three-letter word missing a letter (`LAE`, `BEL`),
//! a mistyped abbreviation (`CREES`). Candidates come from the postcode and from posting
//! lists of the query's rarer words (when it has only common ones, the addresses having
//! its two rarest together); each candidate is then scored part by part (see
//! [`MatchOptions`] and the points listed in the `score` module source): house number,
//! flat, building name, street, locality, postcode.
//!
//! The decision: the best candidate is [`MatchStatus::Matched`] when its score reaches
//! [`MatchOptions::min_score`] and leads the runner-up by [`MatchOptions::min_margin`]
//! (below [`MatchOptions::weak_score`] only when it has the query's postcode as written and
//! house number and leads by twice [`MatchOptions::weak_margin`]).
//! When the flat cannot be told (the close candidates are all flats of one building, or
//! the best is the building itself), the building's UPRN (the parent) is returned with
//! [`MatchStatus::Building`]: a wrong UPRN is worse than none. When close candidates are in
//! different buildings the result is [`MatchStatus::Ambiguous`] without a UPRN. A query
//! that names a flat or a letter where the best is a plain house with exactly one lettered
//! house of the same number and postcode beside it (12 and 12A) gets the lettered house. A
//! best candidate outside the query's postcode (one of the gazetteer's, as written), with an
//! address at that postcode with the query's house number close behind, means the street
//! or the postcode was keyed wrong: when the addresses at the postcode with that number are
//! all in one building, the postcode wins (a postcode is usually looked up, a street typed)
//! and that building or its flat is the answer; otherwise the result is ambiguous.
//!
//! ```
//! use outreach::address::{AddressIndex, MatchOptions, MatchStatus, ReferenceAddress};
//! use outreach::Uprn;
//! # fn main() -> outreach::Result<()> {
//! let u = |n| Uprn::new(n);
//! let refs = vec![
//!     ReferenceAddress::text(u(10)?, "10 HIGH STREET, KELTON, THORNTHORPE", Some("ZY1 1AA"), None),
//!     ReferenceAddress::text(u(11)?, "FLAT 1, 10 HIGH STREET, KELTON, THORNTHORPE", Some("ZY1 1AA"), Some(u(10)?)),
//!     ReferenceAddress::text(u(12)?, "FLAT 2, 10 HIGH STREET, KELTON, THORNTHORPE", Some("ZY1 1AA"), Some(u(10)?)),
//!     ReferenceAddress::text(u(20)?, "12 HIGH STREET, KELTON, THORNTHORPE", Some("ZY1 1AB"), None),
//! ];
//! let index = AddressIndex::build(&refs)?;
//! let opts = MatchOptions::default();
//! let m = index.match_one("2/10 High St, Kelton ZY1 1AA", None, &opts);
//! assert_eq!((m.uprn, m.status), (Some(u(12)?), MatchStatus::Matched));
//! let m = index.match_one("Flat, 10 High Street, Kelton", None, &opts);
//! assert_eq!((m.uprn, m.status), (Some(u(10)?), MatchStatus::Building));
//! let m = index.match_one("12 Hihg Stret, ZY1 1BA", None, &opts); // typos, postcode keyed wrong
//! assert_eq!(m.uprn, Some(u(20)?));
//! # Ok(())
//! # }
//! ```

mod index;
pub mod normalise;
pub mod quality;
mod score;

use std::fmt;

use rayon::prelude::*;

use crate::error::Result;
use crate::uprn::Uprn;
use index::Index;
use score::{QWord, Query};

/// A gazetteer address given as structured fields (AddressBase / LLPG style). Empty
/// strings are absent parts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AddressFields {
    /// Sub-building: `FLAT 2`, `FIRST FLOOR FLAT`, `APARTMENT 12`, `FLAT A`.
    pub sub_building: String,
    /// Building name: `ROSE COURT`, `THE POPLARS`.
    pub building_name: String,
    /// House number with any suffix: `10`, `17B`.
    pub number: String,
    /// Street: `HIGH STREET`.
    pub street: String,
    /// Locality: `KELTON`.
    pub locality: String,
    /// Town: `THORNTHORPE`.
    pub town: String,
}

/// The address of a reference record: one string, or structured fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AddressParts {
    /// One comma-separated string without the postcode, most specific part first.
    Text(String),
    /// Structured fields.
    Fields(AddressFields),
}

/// One gazetteer address to match against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferenceAddress {
    /// The property.
    pub uprn: Uprn,
    /// Its parent (the building of a flat), if any.
    pub parent: Option<Uprn>,
    /// Its postcode, if known.
    pub postcode: Option<String>,
    /// The address.
    pub parts: AddressParts,
}

impl ReferenceAddress {
    /// A reference address from one string.
    pub fn text(uprn: Uprn, address: &str, postcode: Option<&str>, parent: Option<Uprn>) -> Self {
        ReferenceAddress {
            uprn,
            parent,
            postcode: postcode.map(str::to_string),
            parts: AddressParts::Text(address.to_string()),
        }
    }
}

/// Thresholds of the decision. Scores are points (see the module documentation); a clean
/// house address with its postcode scores about 80-110, a flat about 100-140.
#[derive(Debug, Clone, PartialEq)]
pub struct MatchOptions {
    /// Score from which a match needs only [`MatchOptions::min_margin`] (default 45).
    pub min_score: f32,
    /// Lead over the runner-up needed to name one UPRN (default 8).
    pub min_margin: f32,
    /// Lowest score accepted at all (default 20): between this and
    /// [`MatchOptions::min_score`] the lead must be [`MatchOptions::weak_margin`]. Below
    /// it, only a candidate with the query's postcode (as written) and house number that
    /// leads by twice [`MatchOptions::weak_margin`] is accepted (the street keyed wrong).
    pub weak_score: f32,
    /// Lead needed by a match scoring below [`MatchOptions::min_score`] (default 10).
    pub weak_margin: f32,
    /// Candidates kept from the index for careful scoring (default 64).
    pub max_candidates: usize,
    /// Candidates reported with each result (default 3).
    pub report_candidates: usize,
}

impl Default for MatchOptions {
    fn default() -> Self {
        MatchOptions {
            min_score: 45.0,
            min_margin: 8.0,
            weak_score: 20.0,
            weak_margin: 10.0,
            max_candidates: 64,
            report_candidates: 3,
        }
    }
}

/// What a match result says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MatchStatus {
    /// One UPRN, clearly ahead of the others.
    Matched,
    /// The building (parent UPRN) is certain, the flat is not.
    Building,
    /// Several addresses in different buildings fit about equally well: no UPRN.
    Ambiguous,
    /// Nothing fits well enough: no UPRN.
    NoMatch,
}

impl MatchStatus {
    /// `matched`, `building`, `ambiguous` or `no_match`.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchStatus::Matched => "matched",
            MatchStatus::Building => "building",
            MatchStatus::Ambiguous => "ambiguous",
            MatchStatus::NoMatch => "no_match",
        }
    }
}

impl fmt::Display for MatchStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A scored candidate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Candidate {
    /// The candidate UPRN.
    pub uprn: Uprn,
    /// Its score.
    pub score: f32,
}

/// The outcome of matching one address.
#[derive(Debug, Clone, PartialEq)]
pub struct MatchResult {
    /// The UPRN found (the building's for [`MatchStatus::Building`]), or none.
    pub uprn: Option<Uprn>,
    /// Score of the best candidate (0 when there was none).
    pub score: f32,
    /// What the result says.
    pub status: MatchStatus,
    /// Lead of the best candidate over the runner-up (for a building-level result: over
    /// the best candidate outside the building); the score itself when alone.
    pub margin: f32,
    /// The best candidates, best first.
    pub candidates: Vec<Candidate>,
    /// Which parts agreed or disagreed, e.g. `postcode agrees; number agrees; flat
    /// missing; words 100%`.
    pub reason: String,
    /// The postcode read from the query (canonical form), if any.
    pub postcode: Option<String>,
    /// The gazetteer postcode it was corrected to, when it was not one.
    pub postcode_corrected: Option<String>,
}

impl MatchResult {
    fn none(status: MatchStatus, reason: &str) -> Self {
        MatchResult {
            uprn: None,
            score: 0.0,
            status,
            margin: 0.0,
            candidates: Vec::new(),
            reason: reason.to_string(),
            postcode: None,
            postcode_corrected: None,
        }
    }
}

/// An immutable, indexed gazetteer of addresses to match against (`Send + Sync`).
#[derive(Debug, Clone)]
pub struct AddressIndex {
    index: Index,
}

/// How far behind the best an address at the query's own postcode and house number may
/// be for the answer to count as disputed between street and postcode.
const POSTCODE_CONFLICT: f32 = 35.0;

/// Per-thread scratch space for candidate generation.
struct Scratch {
    acc: Vec<f32>,
    touched: Vec<u32>,
}

impl AddressIndex {
    /// Normalises and indexes the addresses.
    ///
    /// # Errors
    /// [`crate::Error::InvalidArgument`] when a UPRN appears twice.
    pub fn build(addresses: &[ReferenceAddress]) -> Result<Self> {
        Ok(AddressIndex {
            index: Index::build(addresses)?,
        })
    }

    /// Number of reference addresses.
    pub fn len(&self) -> usize {
        self.index.recs.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.index.recs.is_empty()
    }

    /// Number of distinct postcodes.
    pub fn postcode_count(&self) -> usize {
        self.index.postcode_text.len()
    }

    /// The parent UPRN of a reference address, when it is in the gazetteer.
    pub fn parent(&self, uprn: Uprn) -> Option<Uprn> {
        let &i = self.index.by_uprn.get(&uprn)?;
        let p = self.index.recs.get(i as usize)?.parent?;
        self.index.recs.get(p as usize).map(|r| r.uprn)
    }

    /// Whether the gazetteer has this UPRN.
    pub fn contains(&self, uprn: Uprn) -> bool {
        self.index.by_uprn.contains_key(&uprn)
    }

    fn scratch(&self) -> Scratch {
        Scratch {
            acc: vec![0.0; self.index.recs.len()],
            touched: Vec::new(),
        }
    }

    /// Matches one address. `postcode`, when given apart, takes the place of any postcode
    /// in the text.
    pub fn match_one(
        &self,
        address: &str,
        postcode: Option<&str>,
        opts: &MatchOptions,
    ) -> MatchResult {
        let mut scratch = self.scratch();
        self.match_with(address, postcode, opts, &mut scratch)
    }

    /// Matches many addresses in parallel; results in input order, the same whatever the
    /// number of threads.
    pub fn match_batch(&self, addresses: &[&str], opts: &MatchOptions) -> Vec<MatchResult> {
        addresses
            .par_iter()
            .map_init(|| self.scratch(), |s, a| self.match_with(a, None, opts, s))
            .collect()
    }

    /// [`AddressIndex::match_batch`] with a separate postcode per address (`None` or empty
    /// when unknown: any postcode inside the text is used then).
    ///
    /// # Errors
    /// [`crate::Error::InvalidArgument`] when the two slices differ in length.
    pub fn match_batch_with_postcodes(
        &self,
        addresses: &[&str],
        postcodes: &[Option<&str>],
        opts: &MatchOptions,
    ) -> Result<Vec<MatchResult>> {
        if addresses.len() != postcodes.len() {
            return Err(crate::Error::arg(
                "postcodes",
                format!(
                    "{} postcodes for {} addresses",
                    postcodes.len(),
                    addresses.len()
                ),
            ));
        }
        Ok(addresses
            .par_iter()
            .zip(postcodes.par_iter())
            .map_init(
                || self.scratch(),
                |s, (a, p)| self.match_with(a, *p, opts, s),
            )
            .collect())
    }

    /// [`AddressIndex::match_batch_with_postcodes`] in chunks of 1,024 addresses, ticking
    /// `progress` after each; `Ok(None)` when it was cancelled before the end (the index
    /// is not changed; see [`crate::progress`]). Same results otherwise.
    ///
    /// # Errors
    /// As [`AddressIndex::match_batch_with_postcodes`].
    pub fn match_batch_with_progress(
        &self,
        addresses: &[&str],
        postcodes: &[Option<&str>],
        opts: &MatchOptions,
        progress: &crate::progress::Progress,
    ) -> Result<Option<Vec<MatchResult>>> {
        if addresses.len() != postcodes.len() {
            return self
                .match_batch_with_postcodes(addresses, postcodes, opts)
                .map(Some);
        }
        let mut out = Vec::with_capacity(addresses.len());
        let complete = progress.chunked(addresses.len(), 1024, |r| {
            // Lengths are equal, so this never fails.
            if let Ok(part) =
                self.match_batch_with_postcodes(&addresses[r.clone()], &postcodes[r], opts)
            {
                out.extend(part);
            }
        });
        Ok(complete.then_some(out))
    }

    fn word_idf(&self, ids: &[(u32, f32)]) -> f32 {
        ids.iter()
            .map(|&(id, _)| self.index.idf[id as usize])
            .fold(0.0f32, f32::max)
    }

    fn resolve_words(&self, words: &[String], lead_words: usize) -> Vec<QWord> {
        let ix = &self.index;
        let known = |w: &str| ix.vocab.get(w).copied();
        let mut out = Vec::with_capacity(words.len());
        let mut i = 0;
        while i < words.len() {
            let w = words[i].as_str();
            let lead = i < lead_words;
            let exact = known(w);
            // Two words that are one gazetteer word ("BROO KSIDE", "WELLING TON").
            if let Some(next) = words.get(i + 1) {
                if exact.is_none() || known(next).is_none() {
                    let joined = format!("{w}{next}");
                    let ids: Vec<(u32, f32)> = match known(&joined) {
                        Some(id) => vec![(id, 0.95)],
                        None if exact.is_none() && known(next).is_none() => {
                            ix.fuzzy(&joined).into_iter().map(|id| (id, 0.85)).collect()
                        }
                        None => Vec::new(),
                    };
                    if !ids.is_empty() {
                        out.push(QWord {
                            idf: self.word_idf(&ids),
                            ids,
                            lead,
                        });
                        i += 2;
                        continue;
                    }
                }
            }
            i += 1;
            if let Some(id) = exact {
                out.push(QWord {
                    ids: vec![(id, 1.0)],
                    idf: ix.idf[id as usize],
                    lead,
                });
                continue;
            }
            let fuzzy: Vec<(u32, f32)> = ix
                .fuzzy(w)
                .into_iter()
                .chain(ix.fuzzy_short(w))
                .map(|id| (id, 0.85))
                .collect();
            // One word that is two gazetteer words ("HIGHSTREET", "KINGSROAD"). Two exact
            // words beat a reading two typing errors away ("SCHOOLLN" is SCHOOL LANE, not
            // SCHOOL).
            let fuzzy_close = fuzzy.iter().any(|&(id, _)| {
                normalise::osa_distance(w.as_bytes(), ix.vocab_text[id as usize].as_bytes(), 1) <= 1
            });
            let split = if fuzzy_close {
                None
            } else {
                self.split_word(w)
            };
            match split {
                Some((2, split)) if !fuzzy_close => {
                    out.extend(split.into_iter().map(|q| QWord { lead, ..q }));
                    continue;
                }
                _ if !fuzzy.is_empty() => {
                    out.push(QWord {
                        idf: self.word_idf(&fuzzy),
                        ids: fuzzy,
                        lead,
                    });
                    continue;
                }
                Some((_, split)) => {
                    out.extend(split.into_iter().map(|q| QWord { lead, ..q }));
                    continue;
                }
                None => {}
            }
            out.push(QWord {
                ids: Vec::new(),
                idf: 2.0,
                lead,
            });
        }
        out
    }

    /// The best cut of `w` into two gazetteer words (typos allowed), with the number of
    /// parts that are exact words.
    fn split_word(&self, w: &str) -> Option<(usize, Vec<QWord>)> {
        if w.len() < 5 || !w.is_ascii() {
            return None;
        }
        let ix = &self.index;
        let lookup = |part: &str| -> Vec<u32> {
            let canon = normalise::canonical_word(part);
            match ix.vocab.get(canon) {
                Some(&id) => vec![id],
                None => ix.fuzzy(canon),
            }
        };
        let mut best: Option<(usize, Vec<u32>, Vec<u32>)> = None;
        for cut in 2..=w.len() - 2 {
            let (a, b) = w.split_at(cut);
            let (ia, ib) = (lookup(a), lookup(b));
            if ia.is_empty() || ib.is_empty() {
                continue;
            }
            let exact = usize::from(ix.vocab.contains_key(normalise::canonical_word(a)))
                + usize::from(ix.vocab.contains_key(normalise::canonical_word(b)));
            if best.as_ref().is_none_or(|(e, _, _)| exact > *e) {
                best = Some((exact, ia, ib));
            }
        }
        let (exact, ia, ib) = best?;
        // Two exact words run together are the words themselves ("STANLEYCOURT").
        let sim = if exact == 2 { 1.0 } else { 0.9 };
        let mk = |ids: Vec<u32>| {
            let ids: Vec<(u32, f32)> = ids.into_iter().map(|id| (id, sim)).collect();
            QWord {
                idf: self.word_idf(&ids),
                ids,
                lead: false,
            }
        };
        Some((exact, vec![mk(ia), mk(ib)]))
    }

    /// Gazetteer postcodes for a query postcode: itself when known, else the known ones one
    /// edit away (substitution, adjacent transposition, insertion, deletion).
    fn postcode_candidates(&self, pc: &str) -> Vec<(u32, bool)> {
        let ix = &self.index;
        if let Some(&id) = ix.postcodes.get(pc) {
            return vec![(id, true)];
        }
        let compact: Vec<u8> = pc.bytes().filter(|c| *c != b' ').collect();
        let mut out: Vec<(u32, bool)> = Vec::new();
        let try_compact = |c: &[u8], out: &mut Vec<(u32, bool)>| {
            if !(5..=7).contains(&c.len()) {
                return;
            }
            let (o, i) = c.split_at(c.len() - 3);
            let mut s = String::with_capacity(8);
            s.extend(o.iter().map(|&b| b as char));
            s.push(' ');
            s.extend(i.iter().map(|&b| b as char));
            if let Some(&id) = ix.postcodes.get(&s) {
                if !out.iter().any(|(x, _)| *x == id) {
                    out.push((id, false));
                }
            }
        };
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        let mut buf = compact.clone();
        for k in 0..compact.len() {
            for &c in ALPHABET {
                if c != compact[k] {
                    buf[k] = c;
                    try_compact(&buf, &mut out);
                }
            }
            buf[k] = compact[k];
            if k + 1 < compact.len() {
                buf.swap(k, k + 1);
                try_compact(&buf, &mut out);
                buf.swap(k, k + 1);
            }
            let mut del = compact.clone();
            del.remove(k);
            try_compact(&del, &mut out);
        }
        for k in 0..=compact.len() {
            for &c in ALPHABET {
                let mut ins = compact.clone();
                ins.insert(k, c);
                try_compact(&ins, &mut out);
            }
        }
        out.sort_unstable();
        out
    }

    fn prepare(&self, address: &str, postcode: Option<&str>) -> Query {
        let mut toks = normalise::tokens(address);
        let mut pc = postcode
            .map(|p| p.replace(' ', ""))
            .filter(|p| !p.is_empty())
            .and_then(|p| normalise::postcode_shape(&p));
        if let Some((found, at)) = normalise::find_postcode(&toks) {
            toks.truncate(at);
            if pc.is_none() {
                pc = Some(found);
            }
        }
        let parsed = normalise::parse_tokens(&toks);
        let words = self.resolve_words(&parsed.words, parsed.lead_words);
        let postcodes = pc
            .as_deref()
            .map(|p| self.postcode_candidates(p))
            .unwrap_or_default();
        Query {
            parsed,
            words,
            postcode: pc,
            postcodes,
        }
    }

    fn candidates(&self, q: &Query, opts: &MatchOptions, s: &mut Scratch) -> Vec<u32> {
        let ix = &self.index;
        let n = ix.recs.len();
        let max_df = (n / 8).max(50);
        let add = |r: u32, w: f32, s: &mut Scratch| {
            if let Some(a) = s.acc.get_mut(r as usize) {
                if *a == 0.0 {
                    s.touched.push(r);
                }
                *a += w;
            }
        };
        for &(pc, exact) in &q.postcodes {
            let w = if exact { 6.0 } else { 4.0 };
            for &r in &ix.by_postcode[pc as usize] {
                add(r, w, s);
            }
        }
        // Rare words first (street and building names); common ones (localities) only
        // when nothing else gave a candidate. Words in more than an eighth of the
        // gazetteer (towns, "ROAD") never generate candidates, they only score.
        let rare_df = (n / 25).max(50);
        let mut rare_used = false;
        let mut common_used = false;
        for (lo, hi) in [(0, rare_df), (rare_df, max_df)] {
            if lo > 0 && !s.touched.is_empty() {
                break;
            }
            for qw in &q.words {
                for &(id, sim) in &qw.ids {
                    let post = &ix.postings[id as usize];
                    if post.len() <= lo || post.len() > hi {
                        continue;
                    }
                    rare_used |= lo == 0;
                    common_used |= lo > 0;
                    let w = ix.idf[id as usize] * sim;
                    for &r in post {
                        add(r, w, s);
                    }
                }
            }
        }
        // Only common words and a postcode that may be keyed wrong ("61 GROVE CLOSE" at
        // another postcode): the addresses having the two rarest of those words together.
        if !rare_used && !common_used {
            let mut common: Vec<(usize, u32, f32)> = q
                .words
                .iter()
                .flat_map(|qw| qw.ids.iter())
                .filter(|&&(id, sim)| {
                    let len = ix.postings[id as usize].len();
                    sim >= 0.85 && len > rare_df && len <= max_df
                })
                .map(|&(id, sim)| (ix.postings[id as usize].len(), id, sim))
                .collect();
            common.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
            common.dedup_by_key(|x| x.1);
            if let [(_, a, sa), (_, b, sb), ..] = common[..] {
                let w = ix.idf[a as usize] * sa + ix.idf[b as usize] * sb;
                let (pa, pb) = (&ix.postings[a as usize], &ix.postings[b as usize]);
                let (mut i, mut j) = (0, 0);
                while i < pa.len() && j < pb.len() {
                    match pa[i].cmp(&pb[j]) {
                        std::cmp::Ordering::Less => i += 1,
                        std::cmp::Ordering::Greater => j += 1,
                        std::cmp::Ordering::Equal => {
                            add(pa[i], w, s);
                            i += 1;
                            j += 1;
                        }
                    }
                }
            }
        }
        // House and flat numbers sharpen the shortlist.
        let nums: Vec<u32> = q.parsed.numbers.iter().map(|h| h.n).collect();
        let mut scored: Vec<(f32, u32)> = s
            .touched
            .iter()
            .map(|&r| {
                let rec = &ix.recs[r as usize];
                let mut v = s.acc[r as usize];
                if rec.number.is_some_and(|h| nums.contains(&h)) {
                    v += 4.0;
                }
                if let Some(normalise::UnitId::Num(u)) = rec.unit {
                    if nums.contains(&u) || q.parsed.units.contains(&normalise::UnitId::Num(u)) {
                        v += 2.0;
                    }
                }
                (v, r)
            })
            .collect();
        for &r in &s.touched {
            s.acc[r as usize] = 0.0;
        }
        s.touched.clear();
        let k = opts.max_candidates.max(1);
        if scored.len() > k {
            scored.select_nth_unstable_by(k - 1, |a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            scored.truncate(k);
        }
        let mut out: Vec<u32> = scored.into_iter().map(|(_, r)| r).collect();
        // Every parent of a candidate flat competes too (building-level answers).
        let parents: Vec<u32> = out
            .iter()
            .filter_map(|&r| ix.recs[r as usize].parent)
            .collect();
        out.extend(parents);
        out.sort_unstable();
        out.dedup();
        out
    }

    fn match_with(
        &self,
        address: &str,
        postcode: Option<&str>,
        opts: &MatchOptions,
        s: &mut Scratch,
    ) -> MatchResult {
        let ix = &self.index;
        let q = self.prepare(address, postcode);
        let corrected = match q.postcodes.as_slice() {
            [(id, false)] => Some(ix.postcode_text[*id as usize].clone()),
            _ => None,
        };
        let cands = self.candidates(&q, opts, s);
        if cands.is_empty() {
            let mut m = MatchResult::none(
                MatchStatus::NoMatch,
                "no candidate shares a postcode or a word",
            );
            m.postcode = q.postcode;
            m.postcode_corrected = corrected;
            return m;
        }
        let mut scored: Vec<(f32, u32, score::Detail)> = cands
            .iter()
            .map(|&r| {
                let (v, d) = score::score(ix, &ix.recs[r as usize], &q);
                (v, r, d)
            })
            .collect();
        scored.sort_by(|a, b| {
            b.0.total_cmp(&a.0)
                .then(ix.recs[a.1 as usize].uprn.cmp(&ix.recs[b.1 as usize].uprn))
        });
        let (best, bi, bd) = scored[0];
        let second = scored.get(1).map(|x| x.0);
        let margin = second.map_or(best, |s2| best - s2);
        let group = |r: u32| ix.recs[r as usize].parent.unwrap_or(r);
        let candidates: Vec<Candidate> = scored
            .iter()
            .take(opts.report_candidates)
            .map(|&(v, r, _)| Candidate {
                uprn: ix.recs[r as usize].uprn,
                score: v,
            })
            .collect();
        let mut result = MatchResult {
            uprn: None,
            score: best,
            status: MatchStatus::NoMatch,
            margin,
            candidates,
            reason: score::reason(&bd),
            postcode: q.postcode.clone(),
            postcode_corrected: corrected,
        };
        // The postcode as written and the house number agree, and nothing else comes near:
        // postcode and number are the address even when the street was keyed wrong.
        let postcode_and_number = bd.postcode == score::Agree::Yes
            && !bd.postcode_corrected
            && bd.number == score::Agree::Yes
            && margin >= 2.0 * opts.weak_margin;
        if best < opts.weak_score && !postcode_and_number {
            result.reason = format!(
                "best score {best:.0} below {:.0}: {}",
                opts.weak_score, result.reason
            );
            return result;
        }
        if best < opts.weak_score {
            result.reason = format!(
                "postcode and number agree, nothing else near; {}",
                result.reason
            );
        }
        let need = if best >= opts.min_score {
            opts.min_margin
        } else {
            opts.weak_margin
        };
        let brec = &ix.recs[bi as usize];
        // The best has another postcode than the query's (a gazetteer postcode, as
        // written), and an address at that postcode with the query's house number (or,
        // when the best has no flat that agrees, a flat of that number) is not far behind:
        // street and postcode point at different buildings.
        let exact_pc = q.postcodes.iter().any(|&(_, exact)| exact);
        let conflict = exact_pc
            && bd.postcode == score::Agree::No
            && scored.iter().any(|x| {
                x.0 >= best - POSTCODE_CONFLICT
                    && x.2.postcode == score::Agree::Yes
                    && (x.2.number == score::Agree::Yes
                        || (x.2.flat == score::Agree::Yes && bd.flat != score::Agree::Yes))
                    && group(x.1) != group(bi)
            });
        // A building with a single flat: the flat is the one dwelling there, unless the
        // query says something about a flat that the flat contradicts.
        let only_child = |g: u32| -> Option<u32> {
            let c = ix.recs[g as usize].only_child?;
            let flat = scored.iter().find(|x| x.1 == c).map(|x| x.2.flat);
            (flat != Some(score::Agree::No)).then_some(c)
        };
        if conflict {
            // The postcode as written is a real one and the query's number is found there
            // in one building only: the street is what was keyed wrong (a postcode is
            // usually taken from a lookup, a street name typed or remembered).
            let at_pc: Vec<&(f32, u32, score::Detail)> = scored
                .iter()
                .filter(|x| {
                    x.2.postcode == score::Agree::Yes
                        && (x.2.number == score::Agree::Yes
                            || (x.2.flat == score::Agree::Yes && bd.flat != score::Agree::Yes))
                })
                .collect();
            if let Some(&&(p0, r0, d0)) = at_pc.first() {
                let g2 = group(r0);
                if at_pc.iter().all(|x| group(x.1) == g2) {
                    let lead = at_pc.get(1).map_or(p0, |x| p0 - x.0);
                    let (uprn_at, status) = if lead >= need {
                        match ix.recs[r0 as usize].has_children.then(|| only_child(r0)) {
                            Some(Some(c)) => (c, MatchStatus::Matched),
                            Some(None) => (r0, MatchStatus::Building),
                            None => (r0, MatchStatus::Matched),
                        }
                    } else if ix.recs[g2 as usize].has_children {
                        match only_child(g2) {
                            Some(c) => (c, MatchStatus::Matched),
                            None => (g2, MatchStatus::Building),
                        }
                    } else {
                        (g2, MatchStatus::Ambiguous)
                    };
                    if status != MatchStatus::Ambiguous {
                        result.uprn = Some(ix.recs[uprn_at as usize].uprn);
                        result.status = status;
                        result.score = p0;
                        result.margin = lead.min(p0);
                        result.reason = format!(
                            "the street named is elsewhere, the postcode and number agree; {}",
                            score::reason(&d0)
                        );
                        return result;
                    }
                }
            }
            result.status = MatchStatus::Ambiguous;
            result.reason = format!(
                "the street and the postcode point at different addresses; {}",
                result.reason
            );
            return result;
        }
        // The query names a flat or letter, the best is a plain house, and lettered houses
        // share its number ("10A", "10B"): which one is meant cannot be told.
        let says_flat =
            q.parsed.unit_word || !q.parsed.units.is_empty() || q.parsed.floor.is_some();
        let lettered: Vec<u32> = if (bd.flat == score::Agree::No || says_flat)
            && brec.unit.is_none()
            && brec.suffix.is_none()
            && !brec.has_children
        {
            scored
                .iter()
                .map(|x| x.1)
                .filter(|&r| {
                    let rec = &ix.recs[r as usize];
                    r != bi
                        && rec.suffix.is_some()
                        && rec.number == brec.number
                        && rec.postcode == brec.postcode
                })
                .collect()
        } else {
            Vec::new()
        };
        if !lettered.is_empty() {
            // One lettered house beside the number ("12A" beside "12"): that is the flat
            // the query speaks of, when nothing outside the number comes close.
            let same_number = |r: u32| r == bi || lettered.contains(&r);
            let close_other = scored
                .iter()
                .filter(|x| !same_number(x.1))
                .map(|x| x.0)
                .fold(f32::NEG_INFINITY, f32::max);
            if let [only] = lettered[..] {
                if best - close_other >= need {
                    result.uprn = Some(ix.recs[only as usize].uprn);
                    result.status = MatchStatus::Matched;
                    result.margin = (best - close_other).min(best);
                    result.reason = format!(
                        "a flat or letter of a number with one lettered house; {}",
                        result.reason
                    );
                    return result;
                }
            }
            result.status = MatchStatus::Ambiguous;
            result.reason = format!(
                "a flat or letter of a number with lettered houses; {}",
                result.reason
            );
            return result;
        }
        if margin >= need {
            if let Some(c) = brec.has_children.then(|| only_child(bi)).flatten() {
                result.uprn = Some(ix.recs[c as usize].uprn);
                result.status = MatchStatus::Matched;
                result.reason = format!("the building's only flat; {}", result.reason);
                return result;
            }
            result.uprn = Some(brec.uprn);
            result.status = if brec.has_children {
                MatchStatus::Building
            } else {
                MatchStatus::Matched
            };
            return result;
        }
        // Close runners-up: all in the best one's building?
        let g = group(bi);
        let close_outside = scored
            .iter()
            .skip(1)
            .filter(|x| group(x.1) != g)
            .map(|x| x.0)
            .fold(f32::NEG_INFINITY, f32::max);
        let outside_margin = best - close_outside;
        if outside_margin >= need && (g != bi || brec.has_children) {
            if let Some(c) = only_child(g) {
                result.uprn = Some(ix.recs[c as usize].uprn);
                result.status = MatchStatus::Matched;
                result.margin = outside_margin.min(best);
                result.reason = format!("the building's only flat; {}", result.reason);
                return result;
            }
            result.uprn = Some(ix.recs[g as usize].uprn);
            result.status = MatchStatus::Building;
            result.margin = outside_margin.min(best);
            result.reason = format!("flat not certain; {}", result.reason);
            return result;
        }
        result.status = MatchStatus::Ambiguous;
        result.reason = format!(
            "{} candidates within {:.0} points; best: {}",
            scored.iter().filter(|x| best - x.0 < need).count(),
            need,
            result.reason
        );
        result
    }
}
