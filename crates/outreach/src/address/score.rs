//! The careful scorer: how well one reference address agrees with one query, part by part.
//!
//! Points (documented here, fixed; the decision thresholds are in
//! [`super::MatchOptions`]):
//! - words: `+4 × idf` for every reference word the query has (fuzzy matches count
//!   `0.85`, joined / split words `0.9`), `−1.5 × idf` for every reference word it lacks
//!   (`−2.5 × idf` for street words),
//!   `−1.5 × idf` for every query word the reference lacks (`0.15` of that for a word
//!   written before the house number, a building name, when the reference has none);
//!   localities count `0.6`, towns `0.3` of that.
//! - house number: `+30` when it agrees (`+20` for the far end of a range), `−15` when the
//!   query has no number, `−40` when the query's numbers all differ; a query number left
//!   over costs `−10`.
//! - flat: `+25` when flat number, letter or floor agree, `−40` when they disagree, `−15`
//!   when the query says nothing about a flat the reference is, `−12` when it says "flat"
//!   without saying which; a query flat on a building that has flats costs `−20` (a house
//!   `−8`).
//!   `+5` when the query has every reference word and no other; `−15` when the query
//!   names another town, `−6` another locality or street (at most `−20` in all); `−5`
//!   when it does
//!   not name the reference's locality.
//! - postcode: `+28` exact, `+20` corrected, `+6` same sector, `+2` same outward code,
//!   `−10` otherwise (nothing when the query has no postcode).

use super::index::{Field, Index, Rec};
use super::normalise::{Floor, HouseNumber, Parsed, UnitId};

/// Share of the cost of an unmatched query word when it is a building name and the
/// reference has none.
const NAME_ADDED: f32 = 0.15;

/// A query word resolved against the vocabulary.
#[derive(Debug, Clone)]
pub(crate) struct QWord {
    /// Candidate vocabulary ids with their similarity.
    pub(crate) ids: Vec<(u32, f32)>,
    /// Weight of the word when a reference lacks it.
    pub(crate) idf: f32,
    /// Written before the house number: part of a building name.
    pub(crate) lead: bool,
}

/// A query ready for scoring.
#[derive(Debug, Clone)]
pub(crate) struct Query {
    pub(crate) parsed: Parsed,
    pub(crate) words: Vec<QWord>,
    /// The postcode as found in the text (canonical form), if any.
    pub(crate) postcode: Option<String>,
    /// Gazetteer postcodes the query's postcode is or may be: (id, exact).
    pub(crate) postcodes: Vec<(u32, bool)>,
}

/// How one part agreed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Agree {
    Yes,
    No,
    Missing,
    NotApplicable,
}

/// Per-part outcome of one comparison, for the reason text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Detail {
    pub(crate) postcode: Agree,
    pub(crate) postcode_corrected: bool,
    pub(crate) number: Agree,
    pub(crate) flat: Agree,
    /// Share of the reference's word weight the query has.
    pub(crate) words: f32,
    /// Query words the reference lacks.
    pub(crate) extra_words: u32,
}

fn sector(pc: &str) -> &str {
    // "ZY5 2WU" → "ZY5 2"
    &pc[..pc.len().saturating_sub(2)]
}

fn outward(pc: &str) -> &str {
    pc.split(' ').next().unwrap_or(pc)
}

fn number_matches(q: &HouseNumber, n: u32) -> Option<f32> {
    if q.n == n {
        Some(30.0)
    } else if q.range_end == Some(n) {
        Some(20.0)
    } else {
        None
    }
}

/// Scores reference record `r` against query `q`.
pub(crate) fn score(index: &Index, r: &Rec, q: &Query) -> (f32, Detail) {
    let p = &q.parsed;
    let mut s = 0.0f32;
    let mut used = [false; 8];
    let nq = p.numbers.len().min(8);
    // House number: from the bare numbers, else from a flat number written before it
    // ("Flt 69" for number 69 when the query has no other number).
    let mut used_unit = [false; 8];
    let nu = p.units.len().min(8);
    let mut number = Agree::NotApplicable;
    let mut house_suffix: Option<u8> = None;
    if let Some(n) = r.number {
        let hit = (0..nq).find_map(|i| number_matches(&p.numbers[i], n).map(|pts| (i, pts)));
        let from_unit = (0..nu).find(|&k| p.units[k] == UnitId::Num(n));
        match (hit, from_unit) {
            (Some((i, pts)), _) => {
                used[i] = true;
                s += pts;
                number = Agree::Yes;
                house_suffix = p.numbers[i].suffix;
            }
            (None, Some(k))
                if nq == 0
                    || matches!(r.unit, Some(UnitId::Num(u)) if p.numbers.iter().any(|h| h.n == u)) =>
            {
                used_unit[k] = true;
                s += 22.0;
                number = Agree::Yes;
            }
            (None, _) if nq == 0 => {
                s -= 15.0;
                number = Agree::Missing;
            }
            (None, _) => {
                s -= 40.0;
                number = Agree::No;
            }
        }
    }
    // The query's letter: "FLAT A" or the suffix of "10A".
    let q_letter = p
        .units
        .iter()
        .find_map(|u| match u {
            UnitId::Letter(l) => Some(*l),
            UnitId::Num(_) => None,
        })
        .or(house_suffix);
    let q_num_units: Vec<u32> = p
        .units
        .iter()
        .enumerate()
        .filter(|(k, _)| !used_unit.get(*k).copied().unwrap_or(false))
        .filter_map(|(_, u)| match u {
            UnitId::Num(n) => Some(*n),
            UnitId::Letter(_) => None,
        })
        .collect();
    let q_has_unit = !q_num_units.is_empty() || q_letter.is_some() || p.floor.is_some();
    let nothing_said = !q_has_unit && !p.unit_word;
    let rec_letter = match r.unit {
        Some(UnitId::Letter(l)) => Some(l),
        _ => r.suffix,
    };
    let mut flat = Agree::NotApplicable;
    let mut flat_pts = |agree: Agree, pts: f32| {
        flat = agree;
        pts
    };
    s += if let Some(UnitId::Num(u)) = r.unit {
        if q_num_units.contains(&u) {
            flat_pts(Agree::Yes, 25.0)
        } else if let Some(i) = (0..nq).find(|&i| !used[i] && p.numbers[i].n == u) {
            used[i] = true;
            flat_pts(Agree::Yes, 22.0)
        } else if !q_num_units.is_empty() || q_letter.is_some() {
            flat_pts(Agree::No, -40.0)
        } else if p.floor.is_some() {
            flat_pts(Agree::No, -20.0)
        } else if p.unit_word {
            flat_pts(Agree::Missing, -12.0)
        } else {
            flat_pts(Agree::Missing, -15.0)
        }
    } else if let Some(l) = rec_letter {
        if q_letter == Some(l) {
            flat_pts(Agree::Yes, 25.0)
        } else if q_letter.is_some() {
            flat_pts(Agree::No, -40.0)
        } else if !q_num_units.is_empty() {
            flat_pts(Agree::No, -30.0)
        } else if p.floor.is_some() {
            flat_pts(Agree::No, -20.0)
        } else if p.unit_word {
            flat_pts(Agree::Missing, -12.0)
        } else {
            flat_pts(Agree::Missing, -15.0)
        }
    } else if let Some(f) = r.floor {
        if p.floor == Some(f) {
            flat_pts(Agree::Yes, 25.0)
        } else if p.floor.is_some() && !(f == Floor::Top && p.floor == Some(Floor::Above)) {
            flat_pts(Agree::No, -30.0)
        } else if !q_num_units.is_empty() || q_letter.is_some() {
            flat_pts(Agree::No, -25.0)
        } else if p.unit_word {
            flat_pts(Agree::Missing, -12.0)
        } else {
            flat_pts(Agree::Missing, -15.0)
        }
    } else if r.unit_other {
        if nothing_said {
            flat_pts(Agree::Missing, -10.0)
        } else {
            flat_pts(Agree::Missing, -5.0)
        }
    } else if q_has_unit {
        flat_pts(Agree::No, if r.has_children { -20.0 } else { -8.0 })
    } else if p.unit_word {
        flat_pts(
            Agree::NotApplicable,
            if r.has_children { -2.0 } else { -4.0 },
        )
    } else {
        0.0
    };
    // Numbers the reference did not use.
    for (i, u) in used.iter().enumerate().take(nq) {
        if !u {
            // A range end or the number of a flat the query gave twice costs nothing.
            let n = p.numbers[i].n;
            if !(r
                .number
                .is_some_and(|h| p.numbers.iter().any(|x| x.n == h && x.range_end == Some(n))))
            {
                s -= 10.0;
            }
        }
    }
    // Postcode.
    let mut postcode = Agree::NotApplicable;
    let mut postcode_corrected = false;
    if let Some(qpc) = &q.postcode {
        match r.postcode {
            Some(rp) => {
                if let Some(&(_, exact)) = q.postcodes.iter().find(|(id, _)| *id == rp) {
                    postcode = Agree::Yes;
                    postcode_corrected = !exact;
                    s += if exact { 28.0 } else { 20.0 };
                } else {
                    postcode = Agree::No;
                    let rpc = &index.postcode_text[rp as usize];
                    s += if sector(rpc) == sector(qpc) {
                        6.0
                    } else if outward(rpc) == outward(qpc) {
                        2.0
                    } else {
                        -10.0
                    };
                }
            }
            None => postcode = Agree::Missing,
        }
    }
    // Words.
    let mut qmatched = [false; 32];
    let nw = q.words.len().min(32);
    let (mut gain, mut total, mut miss) = (0.0f32, 0.0f32, 0.0f32);
    let (mut has_locality, mut locality_named) = (false, false);
    let mut street_unnamed = false;
    let mut rec_named = false;
    for &(id, field) in index.rec_words(r) {
        rec_named |= field == Field::Name;
        let w = index.idf[id as usize] * field.weight();
        total += w;
        let mut best = 0.0f32;
        for (k, qw) in q.words.iter().enumerate().take(nw) {
            for &(qid, sim) in &qw.ids {
                if qid == id {
                    qmatched[k] = true;
                    best = best.max(sim);
                }
            }
        }
        gain += w * best;
        if field == Field::Street && best == 0.0 {
            street_unnamed = true;
        }
        if field == Field::Locality {
            has_locality = true;
            locality_named |= best > 0.0;
        }
        // A street the query does not name, or names differently, weighs more.
        let miss_w = if field == Field::Street {
            2.5 / 1.5
        } else {
            1.0
        };
        miss += miss_w * w * (1.0 - best);
    }
    let mut qmiss = 0.0f32;
    let mut extra = 0u32;
    let mut place_penalty = 0.0f32;
    for (k, qw) in q.words.iter().enumerate().take(nw) {
        if !qmatched[k] {
            // A building name the gazetteer does not record for the address is often added
            // by partner systems ("ROSE COTTAGE, 4 MILL LANE" for 4 MILL LANE): it costs
            // less than another word.
            qmiss += if qw.lead && !rec_named {
                NAME_ADDED * qw.idf
            } else {
                qw.idf
            };
            extra += 1;
            // The query names another town or locality.
            let place = qw
                .ids
                .iter()
                .filter(|(_, sim)| *sim >= 0.85)
                .map(|(id, _)| index.place[*id as usize])
                .max()
                .unwrap_or(0);
            place_penalty += match place {
                1 => 15.0,
                2 => 6.0,
                3 if street_unnamed => 6.0,
                _ => 0.0,
            };
        }
    }
    s -= place_penalty.min(20.0);
    if has_locality && !locality_named {
        s -= 5.0;
    }
    s += 4.0 * gain - 1.5 * miss - 1.5 * qmiss;
    // Every word of the reference present and nothing else: the address as written.
    if total > 0.0 && miss < 1e-3 && extra == 0 {
        s += 5.0;
    }
    let words = if total > 0.0 { gain / total } else { 0.0 };
    (
        s,
        Detail {
            postcode,
            postcode_corrected,
            number,
            flat,
            words,
            extra_words: extra,
        },
    )
}

/// Short reason text from a detail.
pub(crate) fn reason(d: &Detail) -> String {
    let mut parts: Vec<String> = Vec::with_capacity(5);
    let agree = |a: Agree| match a {
        Agree::Yes => "agrees",
        Agree::No => "differs",
        Agree::Missing => "missing",
        Agree::NotApplicable => "",
    };
    match d.postcode {
        Agree::Yes if d.postcode_corrected => parts.push("postcode corrected".into()),
        Agree::NotApplicable => parts.push("no postcode".into()),
        a => parts.push(format!("postcode {}", agree(a))),
    }
    if d.number != Agree::NotApplicable {
        parts.push(format!("number {}", agree(d.number)));
    }
    if d.flat != Agree::NotApplicable {
        parts.push(format!("flat {}", agree(d.flat)));
    }
    parts.push(format!("words {:.0}%", d.words * 100.0));
    if d.extra_words > 0 {
        parts.push(format!("{} extra word(s)", d.extra_words));
    }
    parts.join("; ")
}
