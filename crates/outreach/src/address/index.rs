//! The reference side: gazetteer addresses normalised once into columns, a vocabulary with
//! IDF weights, posting lists, a typo index and the postcode table.

use std::collections::{HashMap, HashSet};

use super::normalise::{self, Floor, UnitId};
use super::{AddressParts, ReferenceAddress};
use crate::error::{Error, Result};
use crate::uprn::Uprn;

/// Which part of an address a word came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum Field {
    Name = 0,
    Street = 1,
    Locality = 2,
    Town = 3,
}

impl Field {
    pub(crate) fn weight(self) -> f32 {
        match self {
            Field::Name | Field::Street => 1.0,
            Field::Locality => 0.6,
            Field::Town => 0.3,
        }
    }
}

/// One normalised reference address.
#[derive(Debug, Clone)]
pub(crate) struct Rec {
    pub(crate) uprn: Uprn,
    /// Index of the parent record, when the parent is in the gazetteer.
    pub(crate) parent: Option<u32>,
    pub(crate) has_children: bool,
    /// The child, when the record has exactly one.
    pub(crate) only_child: Option<u32>,
    pub(crate) postcode: Option<u32>,
    pub(crate) number: Option<u32>,
    pub(crate) suffix: Option<u8>,
    pub(crate) unit: Option<UnitId>,
    pub(crate) floor: Option<Floor>,
    /// A sub-building text that gives neither a number, a letter nor a floor.
    pub(crate) unit_other: bool,
    pub(crate) words_start: u32,
    pub(crate) words_end: u32,
}

/// The vocabulary and index of a gazetteer.
#[derive(Debug, Clone)]
pub(crate) struct Index {
    pub(crate) recs: Vec<Rec>,
    /// (word id, field) of every record, records' ranges given by `words_start..words_end`.
    pub(crate) words: Vec<(u32, Field)>,
    pub(crate) vocab: HashMap<String, u32>,
    pub(crate) vocab_text: Vec<String>,
    pub(crate) idf: Vec<f32>,
    /// Per word: 1 = a town name word, 2 = a locality name word, 3 = a street name word
    /// (words seen at least 90% of the time in those fields), 0 otherwise.
    pub(crate) place: Vec<u8>,
    pub(crate) postings: Vec<Vec<u32>>,
    /// One-deletion variants of each vocabulary word → word ids (typo lookup).
    pub(crate) deletes: HashMap<String, Vec<u32>>,
    /// Two-deletion variants of each vocabulary word of 8 letters or more → word ids
    /// (two typing errors that change the length, "VCTROIA" for VICTORIA).
    pub(crate) deletes2: HashMap<String, Vec<u32>>,
    pub(crate) postcodes: HashMap<String, u32>,
    pub(crate) postcode_text: Vec<String>,
    pub(crate) by_postcode: Vec<Vec<u32>>,
    pub(crate) by_uprn: HashMap<Uprn, u32>,
}

/// Structured parts of one reference address, before interning.
struct Parts {
    unit: Option<UnitId>,
    floor: Option<Floor>,
    unit_other: bool,
    number: Option<u32>,
    suffix: Option<u8>,
    words: Vec<(String, Field)>,
}

fn words_of(text: &str, field: Field, out: &mut Vec<(String, Field)>) {
    for t in normalise::tokens(text) {
        if t == "," || t.bytes().all(|c| c.is_ascii_digit()) {
            continue;
        }
        out.push((normalise::canonical_word(&t).to_string(), field));
    }
}

fn sub_parts(sub: &str) -> (Option<UnitId>, Option<Floor>, bool) {
    if sub.trim().is_empty() {
        return (None, None, false);
    }
    let p = normalise::parse(sub);
    let unit = p
        .units
        .first()
        .copied()
        .or_else(|| p.numbers.first().map(|n| UnitId::Num(n.n)));
    let unit = unit.or_else(|| {
        // "FLAT A" parsed as a unit already; a lone letter word ("A") is a unit letter.
        p.words
            .iter()
            .find(|w| w.len() == 1)
            .map(|w| UnitId::Letter(w.as_bytes()[0]))
    });
    let other = unit.is_none() && p.floor.is_none();
    (unit, p.floor, other)
}

fn number_parts(number: &str) -> (Option<u32>, Option<u8>) {
    let p = normalise::parse(number);
    match p.numbers.first() {
        Some(n) => (Some(n.n), n.suffix),
        None => (None, None),
    }
}

fn is_street_type(w: &str) -> bool {
    matches!(
        w,
        "ROAD"
            | "ST"
            | "AVENUE"
            | "LANE"
            | "CLOSE"
            | "DRIVE"
            | "GARDENS"
            | "GROVE"
            | "PLACE"
            | "TERRACE"
            | "CRESCENT"
            | "SQUARE"
            | "WAY"
            | "MEWS"
            | "VIEW"
            | "RISE"
            | "PARADE"
            | "WALK"
            | "HILL"
            | "ROW"
            | "GREEN"
    )
}

/// Splits a one-string reference address ("FLAT 2, ROSE COURT, 10 HIGH STREET, KELTON,
/// THORNTHORPE") into parts. The last segment is the town; a segment starting with a
/// number is number + street; segments before it are sub-building (unit words, floors) and
/// building name; segments between street and town are localities. Without a number, the
/// street is the first segment found in `streets` (streets seen after numbers elsewhere in
/// the gazetteer), else the first segment ending with a street-type word.
fn text_parts(text: &str, streets: &HashSet<String>) -> Parts {
    let segs: Vec<String> = text
        .split(',')
        .map(|s| s.trim().to_ascii_uppercase())
        .filter(|s| !s.is_empty())
        .collect();
    let mut parts = Parts {
        unit: None,
        floor: None,
        unit_other: false,
        number: None,
        suffix: None,
        words: Vec::new(),
    };
    if segs.is_empty() {
        return parts;
    }
    let town_at = if segs.len() >= 2 {
        segs.len() - 1
    } else {
        usize::MAX
    };
    let numbered = segs
        .iter()
        .position(|s| s.as_bytes().first().is_some_and(u8::is_ascii_digit) && s.contains(' '));
    let street_at = numbered.or_else(|| {
        segs.iter()
            .enumerate()
            .take(town_at.min(segs.len()))
            .find(|(_, s)| streets.contains(s.as_str()))
            .map(|(i, _)| i)
            .or_else(|| {
                segs.iter()
                    .enumerate()
                    .take(town_at.min(segs.len()))
                    .find(|(_, s)| {
                        s.rsplit(' ')
                            .next()
                            .is_some_and(|w| is_street_type(normalise::canonical_word(w)))
                    })
                    .map(|(i, _)| i)
            })
    });
    for (i, seg) in segs.iter().enumerate() {
        if i == town_at {
            words_of(seg, Field::Town, &mut parts.words);
            continue;
        }
        match street_at {
            Some(s) if i == s => {
                let toks = normalise::tokens(seg);
                let mut rest = seg.as_str();
                if numbered == Some(i) {
                    if let Some(first) = toks.first() {
                        let (n, suf) = number_parts(first);
                        parts.number = n;
                        parts.suffix = suf;
                        rest = seg.split_once(' ').map_or("", |(_, r)| r);
                    }
                }
                words_of(rest, Field::Street, &mut parts.words);
            }
            Some(s) if i > s => words_of(seg, Field::Locality, &mut parts.words),
            _ => {
                let p = normalise::parse(seg);
                if p.unit_word || p.floor.is_some() {
                    let (u, f, o) = sub_parts(seg);
                    parts.unit = u;
                    parts.floor = f;
                    parts.unit_other = o;
                } else {
                    words_of(seg, Field::Name, &mut parts.words);
                }
            }
        }
    }
    parts
}

fn deletes_of(w: &str) -> Vec<String> {
    let b = w.as_bytes();
    (0..b.len())
        .map(|i| {
            let mut s = String::with_capacity(b.len() - 1);
            s.push_str(&w[..i]);
            s.push_str(&w[i + 1..]);
            s
        })
        .collect()
}

impl Index {
    pub(crate) fn build(refs: &[ReferenceAddress]) -> Result<Index> {
        if refs.len() >= u32::MAX as usize {
            return Err(Error::arg("addresses", "more than 4 billion addresses"));
        }
        // Streets seen after a house number in one-string addresses.
        let mut streets = HashSet::new();
        for r in refs {
            if let AddressParts::Text(t) = &r.parts {
                for seg in t.split(',') {
                    let seg = seg.trim().to_ascii_uppercase();
                    if seg.as_bytes().first().is_some_and(u8::is_ascii_digit) {
                        if let Some((_, rest)) = seg.split_once(' ') {
                            streets.insert(rest.trim().to_string());
                        }
                    }
                }
            }
        }
        let mut by_uprn = HashMap::with_capacity(refs.len());
        for (i, r) in refs.iter().enumerate() {
            if by_uprn.insert(r.uprn, i as u32).is_some() {
                return Err(Error::arg(
                    "addresses",
                    format!("UPRN {} appears more than once", r.uprn),
                ));
            }
        }
        let mut index = Index {
            recs: Vec::with_capacity(refs.len()),
            words: Vec::new(),
            vocab: HashMap::new(),
            vocab_text: Vec::new(),
            idf: Vec::new(),
            place: Vec::new(),
            postings: Vec::new(),
            deletes: HashMap::new(),
            deletes2: HashMap::new(),
            postcodes: HashMap::new(),
            postcode_text: Vec::new(),
            by_postcode: Vec::new(),
            by_uprn,
        };
        for (i, r) in refs.iter().enumerate() {
            let parts = match &r.parts {
                AddressParts::Text(t) => text_parts(t, &streets),
                AddressParts::Fields(f) => {
                    let (unit, floor, unit_other) = sub_parts(&f.sub_building);
                    let (number, suffix) = number_parts(&f.number);
                    let mut words = Vec::new();
                    words_of(&f.building_name, Field::Name, &mut words);
                    words_of(&f.street, Field::Street, &mut words);
                    words_of(&f.locality, Field::Locality, &mut words);
                    words_of(&f.town, Field::Town, &mut words);
                    Parts {
                        unit,
                        floor,
                        unit_other,
                        number,
                        suffix,
                        words,
                    }
                }
            };
            let postcode = r
                .postcode
                .as_deref()
                .and_then(|p| normalise::postcode_shape(&p.replace(' ', "")))
                .map(|p| {
                    let next = index.postcode_text.len() as u32;
                    let id = *index.postcodes.entry(p.clone()).or_insert(next);
                    if id == next {
                        index.postcode_text.push(p);
                        index.by_postcode.push(Vec::new());
                    }
                    index.by_postcode[id as usize].push(i as u32);
                    id
                });
            let start = index.words.len() as u32;
            let mut seen: Vec<u32> = Vec::new();
            for (w, field) in parts.words {
                let next = index.vocab_text.len() as u32;
                let id = *index.vocab.entry(w.clone()).or_insert(next);
                if id == next {
                    index.vocab_text.push(w);
                    index.postings.push(Vec::new());
                }
                if !seen.contains(&id) {
                    seen.push(id);
                    index.postings[id as usize].push(i as u32);
                }
                index.words.push((id, field));
            }
            let parent = r.parent.and_then(|p| index.by_uprn.get(&p).copied());
            index.recs.push(Rec {
                uprn: r.uprn,
                parent: parent.filter(|&p| p != i as u32),
                has_children: false,
                only_child: None,
                postcode,
                number: parts.number,
                suffix: parts.suffix,
                unit: parts.unit,
                floor: parts.floor,
                unit_other: parts.unit_other,
                words_start: start,
                words_end: index.words.len() as u32,
            });
        }
        let mut children = vec![0u32; index.recs.len()];
        for i in 0..index.recs.len() {
            if let Some(p) = index.recs[i].parent {
                let p = p as usize;
                index.recs[p].has_children = true;
                children[p] += 1;
                index.recs[p].only_child = (children[p] == 1).then_some(i as u32);
            }
        }
        let mut counts = vec![[0u32; 4]; index.vocab_text.len()];
        for &(id, f) in &index.words {
            counts[id as usize][f as usize] += 1;
        }
        index.place = counts
            .iter()
            .map(|c| {
                let total = (c[0] + c[1] + c[2] + c[3]).max(1) as f32;
                if c[3] as f32 >= 0.9 * total {
                    1
                } else if (c[2] + c[3]) as f32 >= 0.9 * total {
                    2
                } else if c[1] as f32 >= 0.9 * total {
                    3
                } else {
                    0
                }
            })
            .collect();
        let n = index.recs.len().max(1) as f32;
        index.idf = index
            .postings
            .iter()
            .map(|p| ((n + 1.0) / (p.len() as f32 + 0.5)).ln().max(0.1))
            .collect();
        for (id, w) in index.vocab_text.iter().enumerate() {
            if w.len() >= 4 {
                for d in deletes_of(w) {
                    if w.len() >= 8 {
                        for dd in deletes_of(&d) {
                            let ids = index.deletes2.entry(dd).or_default();
                            if ids.last() != Some(&(id as u32)) {
                                ids.push(id as u32);
                            }
                        }
                    }
                    index.deletes.entry(d).or_default().push(id as u32);
                }
            }
        }
        Ok(index)
    }

    /// Vocabulary words within one edit (two for long words) of `w`, with similarity.
    pub(crate) fn fuzzy(&self, w: &str) -> Vec<u32> {
        if w.len() < 4 {
            return Vec::new();
        }
        let max = if w.len() >= 7 { 2 } else { 1 };
        let mut found: Vec<u32> = Vec::new();
        let consider = |ids: &[u32], found: &mut Vec<u32>| {
            for &id in ids {
                if !found.contains(&id)
                    && normalise::osa_distance(
                        w.as_bytes(),
                        self.vocab_text[id as usize].as_bytes(),
                        max,
                    ) <= max
                {
                    found.push(id);
                }
            }
        };
        if let Some(ids) = self.deletes.get(w) {
            consider(ids, &mut found);
        }
        for d in deletes_of(w) {
            if let Some(&id) = self.vocab.get(&d) {
                consider(&[id], &mut found);
            }
            if let Some(ids) = self.deletes.get(&d) {
                consider(ids, &mut found);
            }
        }
        // Two edits on a long word ("VCTROIA" for VICTORIA): deletions of deletions.
        if found.is_empty() && w.len() >= 7 {
            if let Some(ids) = self.deletes2.get(w) {
                consider(ids, &mut found);
            }
            for d in deletes_of(w) {
                if let Some(ids) = self.deletes2.get(&d) {
                    consider(ids, &mut found);
                }
                for dd in deletes_of(&d) {
                    if let Some(ids) = self.deletes.get(&dd) {
                        consider(ids, &mut found);
                    }
                    if let Some(&id) = self.vocab.get(&dd) {
                        consider(&[id], &mut found);
                    }
                }
            }
        }
        found.sort_unstable();
        found
    }

    /// Words the fuzzy lookup leaves alone because they are short: a three-letter word
    /// missing one letter of a four-letter gazetteer word ("LAE", "BEL", "RAD" for LANE,
    /// BELL, ROAD), and a mistyped abbreviation one letter away from a known one ("CREES"
    /// for CRES, CRESCENT).
    pub(crate) fn fuzzy_short(&self, w: &str) -> Vec<u32> {
        if !w.is_ascii() || !w.bytes().all(|c| c.is_ascii_alphabetic()) {
            return Vec::new();
        }
        let mut found: Vec<u32> = Vec::new();
        if w.len() == 3 {
            if let Some(ids) = self.deletes.get(w) {
                found.extend(
                    ids.iter()
                        .copied()
                        .filter(|&id| self.vocab_text[id as usize].len() == 4),
                );
            }
        }
        if (4..=6).contains(&w.len()) {
            for d in deletes_of(w) {
                let c = normalise::canonical_word(&d);
                if c != d {
                    if let Some(&id) = self.vocab.get(c) {
                        found.push(id);
                    }
                }
            }
        }
        found.sort_unstable();
        found.dedup();
        found
    }

    pub(crate) fn rec_words(&self, r: &Rec) -> &[(u32, Field)] {
        &self.words[r.words_start as usize..r.words_end as usize]
    }
}
