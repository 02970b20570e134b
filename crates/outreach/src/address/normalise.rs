//! Text normalisation shared by the reference side and the query side: tokens,
//! abbreviations, flats and floors, house numbers and ranges, postcodes.

/// A floor descriptor of a flat ("GROUND FLOOR FLAT", "BASEMENT", "FLAT ABOVE").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Floor {
    /// Basement or lower ground floor.
    Basement,
    /// Ground floor.
    Ground,
    /// First floor.
    First,
    /// Second floor.
    Second,
    /// Third floor.
    Third,
    /// Fourth floor or higher.
    Fourth,
    /// Top floor.
    Top,
    /// "Flat above" (a shop or another flat).
    Above,
}

impl Floor {
    fn from_word(w: &str) -> Option<Floor> {
        Some(match w {
            "BASEMENT" | "BSMT" | "LGF" => Floor::Basement,
            "GROUND" | "GRD" | "GRND" | "GND" | "GF" => Floor::Ground,
            "FIRST" | "1ST" => Floor::First,
            "SECOND" | "2ND" => Floor::Second,
            "THIRD" | "3RD" => Floor::Third,
            "FOURTH" | "4TH" => Floor::Fourth,
            "TOP" => Floor::Top,
            "ABOVE" => Floor::Above,
            _ => return None,
        })
    }

    /// [`Floor::from_word`], also mistyped (`SECOOND`, `FRIST`, `BASEMNT`).
    fn from_word_fuzzy(w: &str) -> Option<Floor> {
        Floor::from_word(w).or_else(|| {
            if w.len() < 4 {
                return None;
            }
            let max = if w.len() >= 8 { 2 } else { 1 };
            [
                ("BASEMENT", Floor::Basement),
                ("GROUND", Floor::Ground),
                ("FIRST", Floor::First),
                ("SECOND", Floor::Second),
                ("THIRD", Floor::Third),
                ("FOURTH", Floor::Fourth),
            ]
            .into_iter()
            .find(|(name, _)| osa_distance(w.as_bytes(), name.as_bytes(), max) <= max)
            .map(|(_, f)| f)
        })
    }

    /// Joined forms: `GRDFLR`, `GROUNDFLOOR`, `1STFLR`, `SEECONDFLOOR`...
    fn from_joined(w: &str) -> Option<Floor> {
        for tail in ["FLOOR", "FLR", "FL"] {
            if let Some(head) = w.strip_suffix(tail) {
                if let Some(f) = Floor::from_word(head) {
                    return Some(f);
                }
            }
        }
        if w.len() >= 9 && w.is_ascii() {
            for cut in 4..=w.len() - 4 {
                let (head, tail) = w.split_at(cut);
                if is_floor_word(tail) {
                    if let Some(f) = Floor::from_word_fuzzy(head) {
                        return Some(f);
                    }
                }
            }
        }
        None
    }

    /// Lower-case name, for reasons.
    pub fn name(self) -> &'static str {
        match self {
            Floor::Basement => "basement",
            Floor::Ground => "ground floor",
            Floor::First => "first floor",
            Floor::Second => "second floor",
            Floor::Third => "third floor",
            Floor::Fourth => "fourth floor",
            Floor::Top => "top floor",
            Floor::Above => "above",
        }
    }
}

/// The identifier of a flat or unit inside a building.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnitId {
    /// "FLAT 3", "APARTMENT 12", "3/10".
    Num(u32),
    /// "FLAT A" (and the letter of "10A").
    Letter(u8),
}

/// Words that say "this is a flat / unit" without identifying it (also mistyped:
/// `FLAAT`, `FFLT`, `APARRTMENT`).
fn is_unit_word(w: &str) -> bool {
    // "APARTMENTS" / "FLATS" name a block ("WINDMILL APARTMENTS"), not a unit.
    if w.len() >= 8 && w.ends_with('S') && osa_distance(w.as_bytes(), b"APARTMENTS", 1) <= 1 {
        return false;
    }
    is_unit_word_exact(w)
        || (w.len() >= 4
            && w.len() <= 5
            && (osa_distance(w.as_bytes(), b"FLAT", 1) <= 1
                || osa_distance(w.as_bytes(), b"FLT", 1) <= 1))
        || (w.len() >= 8 && osa_distance(w.as_bytes(), b"APARTMENT", 2) <= 2)
}

fn is_unit_word_exact(w: &str) -> bool {
    matches!(
        w,
        "FLAT"
            | "FLT"
            | "APARTMENT"
            | "APT"
            | "APPT"
            | "APARTMT"
            | "UNIT"
            | "ROOM"
            | "MAISONETTE"
            | "STUDIO"
            | "SUITE"
    )
}

/// `FLOOR` and its short and mistyped forms.
fn is_floor_word(w: &str) -> bool {
    matches!(w, "FLOOR" | "FLR" | "FL")
        || (w.len() >= 4 && w.len() <= 6 && osa_distance(w.as_bytes(), b"FLOOR", 1) <= 1)
}

/// `FLOORFLAT` and its short forms (`FLRFLAT`): a floor word run together with "FLAT".
fn is_floor_flat(w: &str) -> bool {
    w.strip_suffix("FLAT").is_some_and(is_floor_word)
}

/// Words carrying no information for matching.
fn is_filler(w: &str) -> bool {
    matches!(
        w,
        "AT" | "OF" | "FLOOR" | "FLR" | "REAR" | "FRONT" | "OVER" | "AND" | "NO" | "NUMBER"
    )
}

/// The canonical form of a word: common abbreviations expanded, and the `ST` / `STREET` /
/// `SAINT` family folded together (which one is meant cannot be told from the token alone,
/// and both sides are folded the same way).
pub fn canonical_word(w: &str) -> &str {
    match w {
        "RD" => "ROAD",
        "ST" | "STR" | "STREET" | "SAINT" | "STRT" => "ST",
        "AVE" | "AV" | "AVEN" | "AVNUE" => "AVENUE",
        "LN" => "LANE",
        "CL" | "CLS" => "CLOSE",
        "CT" | "CRT" | "CRT." => "COURT",
        "DR" | "DRV" => "DRIVE",
        "GDNS" | "GDN" | "GRDNS" => "GARDENS",
        "GR" | "GRV" | "GRO" => "GROVE",
        "PL" => "PLACE",
        "TCE" | "TER" | "TERR" => "TERRACE",
        "CRES" | "CRESC" | "CRS" => "CRESCENT",
        "SQ" => "SQUARE",
        "HSE" | "HO" => "HOUSE",
        "MT" => "MOUNT",
        "UPR" | "UP" => "UPPER",
        "LWR" | "LW" => "LOWER",
        "GRN" => "GREEN",
        "CH" | "CHU" => "CHURCH",
        "PK" => "PARK",
        "COTT" | "CTG" | "COTTS" => "COTTAGE",
        "MWS" => "MEWS",
        "WY" => "WAY",
        "BLDGS" | "BLDG" => "BUILDINGS",
        "VW" => "VIEW",
        "HTS" => "HEIGHTS",
        "SCH" => "SCHOOL",
        "APTS" => "APARTMENTS",
        "MANS" => "MANSIONS",
        "LDG" => "LODGE",
        "FM" => "FARM",
        "RI" => "RISE",
        "PDE" => "PARADE",
        "WK" => "WALK",
        "CNR" => "CORNER",
        "STN" => "STATION",
        "VIC" => "VICARAGE",
        other => other,
    }
}

/// A house number as written in a query, with its letter suffix and a range end
/// (`10-12`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HouseNumber {
    /// The number.
    pub n: u32,
    /// A letter suffix (`10A`).
    pub suffix: Option<u8>,
    /// The end of a range (`10-12` gives 12).
    pub range_end: Option<u32>,
}

/// A parsed query or reference text: the pieces the scorer compares.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Parsed {
    /// A flat / apartment / unit word was seen.
    pub unit_word: bool,
    /// Identified units ("FLAT 3", "3/10", "FLAT A").
    pub units: Vec<UnitId>,
    /// Floor descriptor.
    pub floor: Option<Floor>,
    /// Bare numbers in reading order (house numbers, or flat numbers without a unit word).
    pub numbers: Vec<HouseNumber>,
    /// Canonical words, in order.
    pub words: Vec<String>,
    /// How many of [`Parsed::words`] come before the house number (a building name,
    /// "ROSE COTTAGE, 4 MILL LANE"); 0 when there is no house number.
    pub lead_words: usize,
}

/// Splits text into upper-case ASCII tokens. Letters and digits form tokens; `/` and `-`
/// between digits are kept inside the token (`2/10`, `10-12`); apostrophes vanish
/// (`MARY'S` → `MARYS`); everything else separates.
pub fn tokens(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut cur = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_alphanumeric() {
            cur.push(c.to_ascii_uppercase());
        } else if (c == '/' || c == '-')
            && cur
                .chars()
                .last()
                .is_some_and(|p| p.is_ascii_digit() || p.is_ascii_alphabetic())
            && cur.chars().any(|p| p.is_ascii_digit())
            && chars.get(i + 1).is_some_and(|n| n.is_ascii_digit())
        {
            cur.push(c);
        } else if c == '\'' || c == '\u{2019}' {
            continue;
        } else {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            // A comma ends a part of the address: kept as a token of its own (once).
            if (c == ',' || c == ';' || c == '\n') && out.last().is_some_and(|t| t != ",") {
                out.push(",".to_string());
            }
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    if out.last().is_some_and(|t| t == ",") {
        out.pop();
    }
    out
}

/// `digits` + optional single letter.
fn number_with_suffix(t: &str) -> Option<(u32, Option<u8>)> {
    let b = t.as_bytes();
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if digits == 0 || digits > 6 {
        return None;
    }
    let n: u32 = t[..digits].parse().ok()?;
    match b.len() - digits {
        0 => Some((n, None)),
        1 if b[digits].is_ascii_alphabetic() => Some((n, Some(b[digits]))),
        _ => None,
    }
}

/// A unit identifier token after a unit word: `3`, `A`, `3A`, `B17`.
fn unit_id(t: &str) -> Option<UnitId> {
    let b = t.as_bytes();
    if b.len() == 1 && b[0].is_ascii_alphabetic() {
        return Some(UnitId::Letter(b[0]));
    }
    if let Some((n, _)) = number_with_suffix(t) {
        return Some(UnitId::Num(n));
    }
    // letter prefix + digits ("B17"): the digits identify the unit.
    if b.len() >= 2
        && b.len() <= 5
        && b[0].is_ascii_alphabetic()
        && b[1..].iter().all(u8::is_ascii_digit)
    {
        return t[1..].parse().ok().map(UnitId::Num);
    }
    None
}

/// Parses address text (without its postcode) into the pieces the scorer compares.
pub fn parse(text: &str) -> Parsed {
    let toks = tokens(text);
    parse_tokens(&toks)
}

/// [`parse`] on tokens already split.
pub fn parse_tokens(toks: &[String]) -> Parsed {
    let mut p = Parsed::default();
    let mut i = 0;
    let mut prev_number = false;
    let mut prev_floor = false;
    while i < toks.len() {
        let t = toks[i].as_str();
        let after_floor = std::mem::take(&mut prev_floor);
        let next = toks.get(i + 1).map(String::as_str);
        i += 1;
        if t == "," {
            prev_number = false;
            continue;
        }
        // "FLATA", "FLAT2": joined unit word and identifier.
        if let Some(rest) = t
            .strip_prefix("FLAT")
            .filter(|r| !r.is_empty() && r.len() <= 3)
        {
            if let Some(u) = unit_id(rest) {
                p.unit_word = true;
                p.units.push(u);
                prev_number = false;
                continue;
            }
        }
        if is_unit_word(t) {
            p.unit_word = true;
            if let Some(u) = next.and_then(unit_id) {
                p.units.push(u);
                i += 1;
            }
            prev_number = false;
            continue;
        }
        if let Some(f) = Floor::from_joined(t) {
            p.floor = Some(f);
            prev_floor = true;
            prev_number = false;
            continue;
        }
        // "FLOORFLAT", "GROUNDFLRFLAT": a floor run together with "FLAT".
        if let Some(head) = t.strip_suffix("FLAT").filter(|h| h.len() >= 2) {
            if is_floor_word(head) {
                p.unit_word = true;
                prev_number = false;
                continue;
            }
            if let Some(f) = Floor::from_joined(head) {
                p.floor = Some(f);
                p.unit_word = true;
                prev_number = false;
                continue;
            }
        }
        if let Some(f) = Floor::from_word_fuzzy(t) {
            let floorish = matches!(f, Floor::Basement)
                || next.is_some_and(|n| is_floor_word(n) || is_unit_word(n) || is_floor_flat(n))
                || (matches!(f, Floor::Above) && i >= 2 && is_unit_word(toks[i - 2].as_str()));
            if floorish {
                p.floor = Some(f);
                prev_floor = true;
                prev_number = false;
                continue;
            }
        }
        if let Some((a, b)) = t.split_once('/') {
            // "2/10": flat 2 at number 10.
            if let (Some((u, _)), Some((n, s))) = (number_with_suffix(a), number_with_suffix(b)) {
                p.units.push(UnitId::Num(u));
                p.numbers.push(HouseNumber {
                    n,
                    suffix: s,
                    range_end: None,
                });
                prev_number = true;
                continue;
            }
        }
        if let Some((a, b)) = t.split_once('-') {
            if let (Some((n, s)), Some((e, _))) = (number_with_suffix(a), number_with_suffix(b)) {
                p.numbers.push(HouseNumber {
                    n,
                    suffix: s,
                    range_end: (e > n).then_some(e),
                });
                prev_number = true;
                continue;
            }
        }
        if let Some((n, s)) = number_with_suffix(t) {
            p.numbers.push(HouseNumber {
                n,
                suffix: s,
                range_end: None,
            });
            prev_number = true;
            continue;
        }
        if t.len() == 1
            && t.as_bytes()[0].is_ascii_alphabetic()
            && (i == 1 || toks[i - 2] == ",")
            && toks.get(i).is_none_or(|n| {
                n == "," || n == "AT" || number_with_suffix(n).is_some_and(|(_, s)| s.is_none())
            })
        {
            // "A, 21 HAZEL ROAD": a letter on its own names a flat.
            p.units.push(UnitId::Letter(t.as_bytes()[0]));
            prev_number = false;
            continue;
        }
        if t.len() == 1 && prev_number {
            // "19 A HIGH STREET"
            if let Some(last) = p.numbers.last_mut() {
                if last.suffix.is_none() {
                    last.suffix = Some(t.as_bytes()[0]);
                    prev_number = false;
                    continue;
                }
            }
        }
        prev_number = false;
        if t.as_bytes()[0].is_ascii_digit() {
            continue; // stray digits with letters ("12AB"): no use
        }
        if let Some(UnitId::Num(n)) = unit_id(t).filter(|_| t.len() >= 2) {
            // "B17" with no unit word: a flat number with a block letter.
            p.units.push(UnitId::Num(n));
            continue;
        }
        if is_filler(t) || (after_floor && is_floor_word(t)) {
            continue;
        }
        p.words.push(canonical_word(t).to_string());
        if p.numbers.is_empty() {
            p.lead_words = p.words.len();
        }
    }
    if p.numbers.is_empty() {
        p.lead_words = 0;
    }
    p
}

/// Canonical postcode text (`"ZY5 2WU"`) from a compact candidate, fixing the letter/digit
/// confusions O/0 and I/1 by position. `None` when it cannot be a postcode.
pub fn postcode_shape(compact: &str) -> Option<String> {
    let b: Vec<u8> = compact.bytes().map(|c| c.to_ascii_uppercase()).collect();
    if !(5..=7).contains(&b.len()) || !b.iter().all(u8::is_ascii_alphanumeric) {
        return None;
    }
    let to_digit = |c: u8| match c {
        b'O' => b'0',
        b'I' | b'L' => b'1',
        c => c,
    };
    let to_letter = |c: u8| match c {
        b'0' => b'O',
        b'1' => b'I',
        c => c,
    };
    let (out, inw) = b.split_at(b.len() - 3);
    let inw = [to_digit(inw[0]), to_letter(inw[1]), to_letter(inw[2])];
    if !inw[0].is_ascii_digit() || !inw[1].is_ascii_alphabetic() || !inw[2].is_ascii_alphabetic() {
        return None;
    }
    let mut o: Vec<u8> = out.to_vec();
    // The outward code starts with a real letter and has a real digit ("14 OAK" is not
    // "I4 0AK").
    if !o[0].is_ascii_alphabetic() || !o.iter().any(u8::is_ascii_digit) {
        return None;
    }
    // The outward code: 1-2 letters, a digit, then an optional digit or letter.
    let letters = if o.len() >= 2
        && to_letter(o[1]).is_ascii_alphabetic()
        && o.len() >= 3
        && !o[1].is_ascii_digit()
    {
        2
    } else {
        1
    };
    for c in o.iter_mut().take(letters).skip(1) {
        *c = to_letter(*c);
    }
    if letters >= o.len() {
        return None;
    }
    o[letters] = to_digit(o[letters]);
    if !o[letters].is_ascii_digit() || o.len() - letters > 2 {
        return None;
    }
    let mut s = String::with_capacity(8);
    s.extend(o.iter().map(|&c| c as char));
    s.push(' ');
    s.extend(inw.iter().map(|&c| c as char));
    Some(s)
}

/// Finds a postcode among the last tokens of an address: an outward + inward pair
/// (`ZY5 2WU`) or one run-together token (`ZY52WU`). Returns the canonical postcode and the
/// index of its first token.
pub fn find_postcode(toks: &[String]) -> Option<(String, usize)> {
    let at: Vec<usize> = (0..toks.len()).filter(|&i| toks[i] != ",").collect();
    let n = at.len();
    let lo = n.saturating_sub(3);
    for end in (lo..n).rev() {
        if end >= 1 {
            let a = &toks[at[end - 1]];
            let b = &toks[at[end]];
            if b.len() == 3 && (2..=4).contains(&a.len()) {
                if let Some(pc) = postcode_shape(&format!("{a}{b}")) {
                    return Some((pc, at[end - 1]));
                }
            }
        }
        let t = &toks[at[end]];
        if t.len() >= 5 && t.bytes().any(|c| c.is_ascii_digit()) {
            if let Some(pc) = postcode_shape(t) {
                return Some((pc, at[end]));
            }
        }
    }
    None
}

/// Optimal string alignment distance (Levenshtein with adjacent transpositions), stopping
/// early once above `max`.
pub fn osa_distance(a: &[u8], b: &[u8], max: usize) -> usize {
    if a.len().abs_diff(b.len()) > max {
        return max + 1;
    }
    let w = b.len() + 1;
    let mut prev2 = vec![0usize; w];
    let mut prev: Vec<usize> = (0..w).collect();
    let mut cur = vec![0usize; w];
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if row_min > max {
            return max + 1;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_keep_slashes_and_ranges() {
        assert_eq!(tokens("2/10 High St."), vec!["2/10", "HIGH", "ST"]);
        assert_eq!(
            tokens("10-12, The-Lodge,,"),
            vec!["10-12", ",", "THE", "LODGE"]
        );
        assert_eq!(tokens("St Mary's"), vec!["ST", "MARYS"]);
    }

    #[test]
    fn flats_in_many_forms() {
        let p = parse("Flat 2, 10 High St");
        assert_eq!(p.units, vec![UnitId::Num(2)]);
        assert_eq!(p.numbers[0].n, 10);
        assert_eq!(p.words, vec!["HIGH", "ST"]);
        let p = parse("2/10 High Street");
        assert_eq!(p.units, vec![UnitId::Num(2)]);
        assert_eq!(p.numbers[0].n, 10);
        let p = parse("Flat A 179 Church Road");
        assert_eq!(p.units, vec![UnitId::Letter(b'A')]);
        let p = parse("179a Church Road");
        assert_eq!(p.numbers[0].suffix, Some(b'A'));
        let p = parse("Ground Floor Flat, 4 Mill Lane");
        assert_eq!(p.floor, Some(Floor::Ground));
        assert!(p.unit_word);
        let p = parse("Flat 4 GrdFlr, 4 Rectory Ave");
        assert_eq!(p.floor, Some(Floor::Ground));
        assert_eq!(p.words, vec!["RECTORY", "AVENUE"]);
        let p = parse("Basement, 9 Kings Rd");
        assert_eq!(p.floor, Some(Floor::Basement));
        let p = parse("Flata, 69 Alexandra Street");
        assert_eq!(p.units, vec![UnitId::Letter(b'A')]);
        let p = parse("Flat, 62, Sycamore Road");
        assert!(p.unit_word && p.units.is_empty());
        assert_eq!(p.numbers[0].n, 62);
        let p = parse("A, 21, Hazel Road");
        assert_eq!(p.units, vec![UnitId::Letter(b'A')]);
        let p = parse("Fflt 3, Aparrtment 4");
        assert_eq!(p.units, vec![UnitId::Num(3), UnitId::Num(4)]);
        let p = parse("Secoond Flooor Flat, 16 Beacon Gardens");
        assert_eq!(p.floor, Some(Floor::Second));
        assert_eq!(p.words, vec!["BEACON", "GARDENS"]);
        let p = parse("SeecondFloor Flat, 14 Market Grove");
        assert_eq!(p.floor, Some(Floor::Second));
        let p = parse("First FlXor Flat, 18 Hawthorn Road");
        assert_eq!(p.floor, Some(Floor::First));
        assert_eq!(p.words, vec!["HAWTHORN", "ROAD"]);
        let p = parse("Apartment 5, Windmill Apartments, 28 Prospect Drive");
        assert_eq!(p.units, vec![UnitId::Num(5)]);
        assert_eq!(p.words, vec!["WINDMILL", "APARTMENTS", "PROSPECT", "DRIVE"]);
        let p = parse("At, B 50, Mount Road");
        assert_eq!(p.units, vec![UnitId::Letter(b'B')]);
        assert_eq!(p.numbers[0].n, 50);
        let p = parse("First FloorFlat, 3 Grove");
        assert_eq!(p.floor, Some(Floor::First));
        assert!(p.unit_word);
        assert_eq!(p.words, vec!["GROVE"]);
        let p = parse("GroundFlrFlat, 27 Oxford Avenue");
        assert_eq!(p.floor, Some(Floor::Ground));
        assert_eq!(p.words, vec!["OXFORD", "AVENUE"]);
        let p = parse("Lower Marlbury");
        assert_eq!(p.floor, None);
        assert_eq!(p.words, vec!["LOWER", "MARLBURY"]);
    }

    #[test]
    fn postcodes_found_and_repaired() {
        let t = tokens("1 High St, ZY5 2WU");
        assert_eq!(find_postcode(&t), Some(("ZY5 2WU".to_string(), 4)));
        let t = tokens("1 High St, zy52wu");
        assert_eq!(find_postcode(&t).map(|p| p.0), Some("ZY5 2WU".to_string()));
        assert_eq!(postcode_shape("ZYS2WU").as_deref(), None);
        assert_eq!(
            postcode_shape("ZY5 OWU".replace(' ', "").as_str()).as_deref(),
            Some("ZY5 0WU")
        );
        assert_eq!(postcode_shape("PR71DP").as_deref(), Some("PR7 1DP"));
        assert_eq!(postcode_shape("SW1A1AA").as_deref(), Some("SW1A 1AA"));
        assert_eq!(find_postcode(&tokens("12 Kings Road, Thornthorpe")), None);
        assert_eq!(
            find_postcode(&tokens("2, 14, Oak Avenue, Thornthorpe")),
            None
        );
    }

    #[test]
    fn osa() {
        assert_eq!(osa_distance(b"THORNHTORPE", b"THORNTHORPE", 2), 1);
        assert_eq!(osa_distance(b"PARRK", b"PARK", 2), 1);
        assert_eq!(osa_distance(b"ABC", b"XYZ", 1), 2);
    }
}
