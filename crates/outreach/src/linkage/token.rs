//! Normalisation of person identifiers and their replacement by keyed hashes.
//!
//! Clear identifiers enter [`Tokeniser::tokenise`] and only [`Token`]s leave it: the
//! normalised forms stay private to this file, and no error message repeats what it was given.

use std::fmt;
use std::str::FromStr;

use hmac::{Hmac, Mac};
use sha2::Sha256;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use super::Date;
use crate::error::{Error, Result};

type HmacSha256 = Hmac<Sha256>;

/// Shortest key [`Tokeniser::new`] accepts, in bytes (128 bits).
pub const MIN_KEY_BYTES: usize = 16;

/// A pseudonymous key for a person: HMAC-SHA-256 of a normalised identifier under the
/// caller's key. Shown as 64 lowercase hex digits.
///
/// Two tokens are equal when the same identifier was tokenised under the same key; without
/// the key a token cannot be turned back into the identifier, nor made from a guess.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Token([u8; 32]);

impl Token {
    /// The 32 bytes of the hash.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// Makes a token from 32 bytes (e.g. read back from a file).
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Token(bytes)
    }
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in self.0 {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Token({self})")
    }
}

impl FromStr for Token {
    type Err = Error;

    /// Parses 64 hex digits (either case).
    ///
    /// # Examples
    /// ```
    /// use outreach::linkage::Token;
    /// let t: Token = "00".repeat(32).parse()?;
    /// assert_eq!(t.as_bytes(), &[0u8; 32]);
    /// assert!("abc".parse::<Token>().is_err());
    /// # Ok::<(), outreach::Error>(())
    /// ```
    fn from_str(s: &str) -> Result<Self> {
        let s = s.trim().as_bytes();
        if s.len() != 64 {
            return Err(Error::arg("token", "a token is 64 hex digits"));
        }
        let mut out = [0u8; 32];
        for (i, pair) in s.chunks_exact(2).enumerate() {
            let hi = hex_digit(pair[0]);
            let lo = hex_digit(pair[1]);
            match (hi, lo) {
                (Some(h), Some(l)) => out[i] = (h << 4) | l,
                _ => return Err(Error::arg("token", "a token is 64 hex digits")),
            }
        }
        Ok(Token(out))
    }
}

fn hex_digit(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// The clear identifiers of one person as an agency holds them, borrowed for the time of a
/// [`Tokeniser::tokenise`] call. Any may be missing; a name is used only together with a
/// date of birth (given name, family name and date of birth make one identifier).
///
/// Its `Debug` output says which fields are present, never their values.
#[derive(Clone, Copy, Default)]
pub struct Identifiers<'a> {
    /// NHS number, 10 digits, spaces or hyphens allowed (`943 476 5919`).
    pub nhs_number: Option<&'a str>,
    /// Given (first) name(s).
    pub given_name: Option<&'a str>,
    /// Family name (surname).
    pub family_name: Option<&'a str>,
    /// Date of birth: ISO `1984-03-07`, UK `07/03/1984`, `7.3.1984`, `19840307`,
    /// `7 Mar 1984` or `07-MAR-1984`. Day before month: US order is not accepted.
    pub date_of_birth: Option<&'a str>,
}

impl fmt::Debug for Identifiers<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = |v: Option<&str>| if v.is_some() { "<redacted>" } else { "None" };
        f.debug_struct("Identifiers")
            .field("nhs_number", &shown(self.nhs_number))
            .field("given_name", &shown(self.given_name))
            .field("family_name", &shown(self.family_name))
            .field("date_of_birth", &shown(self.date_of_birth))
            .finish()
    }
}

/// The tokens made from one person's identifiers: one per identifier present. Records that
/// share any token are taken to be the same person.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct PersonTokens {
    /// Token of the NHS number.
    pub nhs: Option<Token>,
    /// Token of family name + given name + date of birth.
    pub name_dob: Option<Token>,
}

impl PersonTokens {
    /// Whether no token is present (a record about a household, not a person).
    pub fn is_empty(&self) -> bool {
        self.nhs.is_none() && self.name_dob.is_none()
    }

    /// The tokens present, NHS first.
    pub fn iter(&self) -> impl Iterator<Item = Token> + '_ {
        self.nhs.iter().chain(self.name_dob.iter()).copied()
    }
}

/// Turns person identifiers into [`Token`]s with HMAC-SHA-256 under a caller-supplied key,
/// after normalising them so that the same person gets the same token in every agency's
/// file:
///
/// - names: Unicode compatibility decomposition, diacritics dropped (`José` → `jose`,
///   `Łukasz` → `lukasz`, `ß` → `ss`), lower case, and everything that is not a letter or a
///   digit removed (`O'Neill`, `O Neill`, `ONEILL` → `oneill`; `Smith-Jones` → `smithjones`);
/// - dates of birth: the formats listed on [`Identifiers::date_of_birth`] → ISO 8601;
/// - NHS numbers: spaces and hyphens dropped, 10 digits with a valid Modulus 11 check digit.
///
/// The key itself is not kept: only the HMAC state derived from it, and `Debug` shows
/// neither. `Tokeniser` is `Send + Sync`; tokenising takes `&self`.
///
/// # Examples
/// ```
/// use outreach::linkage::{Identifiers, Tokeniser};
/// # fn main() -> outreach::Result<()> {
/// let t = Tokeniser::new(b"a secret of at least 16 bytes")?;
/// let school = t.tokenise(&Identifiers {
///     given_name: Some("José"), family_name: Some("O'Neill"),
///     date_of_birth: Some("07/03/2014"), ..Default::default() })?;
/// let health = t.tokenise(&Identifiers {
///     given_name: Some("JOSE"), family_name: Some("ONEILL"),
///     date_of_birth: Some("2014-03-07"), ..Default::default() })?;
/// assert_eq!(school.name_dob, health.name_dob);
/// assert!(format!("{t:?}").contains("redacted"));
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct Tokeniser {
    mac: HmacSha256,
}

impl fmt::Debug for Tokeniser {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Tokeniser { key: <redacted> }")
    }
}

// Domain separation: an NHS number and a name can never hash to the same input.
const NHS_TAG: &[u8] = b"outreach.linkage.v1.nhs\0";
const NAME_DOB_TAG: &[u8] = b"outreach.linkage.v1.name_dob\0";

impl Tokeniser {
    /// Makes a tokeniser from the key bytes (at least [`MIN_KEY_BYTES`]). Keep the key
    /// secret and the same across every agency's file that must link.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when the key is shorter than 16 bytes.
    pub fn new(key: &[u8]) -> Result<Self> {
        if key.len() < MIN_KEY_BYTES {
            return Err(Error::arg(
                "key",
                format!(
                    "the key is {} bytes; at least {MIN_KEY_BYTES} are needed",
                    key.len()
                ),
            ));
        }
        let mac = HmacSha256::new_from_slice(key)
            .map_err(|_| Error::arg("key", "the key cannot be used for HMAC-SHA-256"))?;
        Ok(Tokeniser { mac })
    }

    fn hash(&self, tag: &[u8], parts: &[&[u8]]) -> Token {
        let mut mac = self.mac.clone();
        mac.update(tag);
        for (i, p) in parts.iter().enumerate() {
            if i > 0 {
                mac.update(b"\0");
            }
            mac.update(p);
        }
        Token(mac.finalize().into_bytes().into())
    }

    /// Normalises and tokenises one person's identifiers.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming the field (`nhs_number`, `given_name`,
    /// `family_name`, `date_of_birth`) when it cannot be normalised (not a date, an NHS
    /// number failing its check digit, a name with no letters), or when only part of
    /// name + date of birth is given. The message never contains the value.
    ///
    /// # Performance
    /// Two HMAC-SHA-256 computations at most; no allocation beyond the normalised names.
    pub fn tokenise(&self, ids: &Identifiers<'_>) -> Result<PersonTokens> {
        let nhs = match ids.nhs_number.filter(|s| !s.trim().is_empty()) {
            Some(n) => {
                let digits = normalise_nhs_number(n)?;
                Some(self.hash(NHS_TAG, &[&digits]))
            }
            None => None,
        };
        let present = |v: Option<&str>| v.is_some_and(|s| !s.trim().is_empty());
        let given = present(ids.given_name);
        let family = present(ids.family_name);
        let dob = present(ids.date_of_birth);
        let name_dob = match (ids.given_name, ids.family_name, ids.date_of_birth) {
            (Some(g), Some(f), Some(d)) if given && family && dob => {
                let g = normalise_name(g).ok_or_else(|| no_letters("given_name"))?;
                let f = normalise_name(f).ok_or_else(|| no_letters("family_name"))?;
                let d = normalise_date(d)
                    .ok_or_else(|| {
                        Error::arg("date_of_birth", "is not a date in a recognised format")
                    })?
                    .to_string();
                Some(self.hash(NAME_DOB_TAG, &[f.as_bytes(), g.as_bytes(), d.as_bytes()]))
            }
            _ if given || family || dob => {
                return Err(Error::arg(
                    "identifiers",
                    "given_name, family_name and date_of_birth must be given together",
                ))
            }
            _ => None,
        };
        Ok(PersonTokens { nhs, name_dob })
    }
}

fn no_letters(name: &'static str) -> Error {
    Error::arg(name, "has no letters or digits")
}

/// Folds a name to lower-case letters and digits without diacritics; `None` when nothing
/// is left.
pub(crate) fn normalise_name(name: &str) -> Option<String> {
    let mut out = String::with_capacity(name.len());
    for c in name.nfkd() {
        if is_combining_mark(c) {
            continue;
        }
        // Letters that do not decompose into a base letter plus a mark.
        let folded = match c {
            'ß' | 'ẞ' => "ss",
            'Æ' | 'æ' => "ae",
            'Œ' | 'œ' => "oe",
            'Ø' | 'ø' => "o",
            'Ł' | 'ł' => "l",
            'Đ' | 'đ' | 'Ð' | 'ð' => "d",
            'Þ' | 'þ' => "th",
            'ı' => "i",
            _ => {
                if c.is_alphanumeric() {
                    out.extend(c.to_lowercase());
                }
                continue;
            }
        };
        out.push_str(folded);
    }
    (!out.is_empty()).then_some(out)
}

/// Validates an NHS number (spaces and hyphens allowed) with the Modulus 11 rule and
/// returns its 10 digits.
pub(crate) fn normalise_nhs_number(text: &str) -> Result<[u8; 10]> {
    let bad = |reason: &str| Error::arg("nhs_number", reason.to_string());
    let mut digits = [0u8; 10];
    let mut n = 0;
    for b in text.trim().bytes() {
        match b {
            b'0'..=b'9' => {
                if n == 10 {
                    return Err(bad("is not 10 digits"));
                }
                digits[n] = b;
                n += 1;
            }
            b' ' | b'-' => {}
            _ => return Err(bad("has characters other than digits, spaces and hyphens")),
        }
    }
    if n != 10 {
        return Err(bad("is not 10 digits"));
    }
    // Modulus 11: weights 10..2 on the first nine digits; 11 − (sum mod 11) is the check
    // digit, 11 becomes 0 and 10 means the number is invalid (NHS Data Dictionary).
    let sum: u32 = digits[..9]
        .iter()
        .zip((2..=10u32).rev())
        .map(|(&d, w)| u32::from(d - b'0') * w)
        .sum();
    let check = match 11 - sum % 11 {
        11 => 0,
        10 => return Err(bad("fails the Modulus 11 check")),
        c => c,
    };
    if u32::from(digits[9] - b'0') != check {
        return Err(bad("fails the Modulus 11 check"));
    }
    Ok(digits)
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// Parses a date in the formats agencies use (see [`Identifiers::date_of_birth`]).
pub(crate) fn normalise_date(text: &str) -> Option<Date> {
    let s = text.trim();
    // A time part (`1984-03-07T00:00:00`, `07/03/1984 00:00`) is dropped.
    let s = match s.find(['T', ' ']) {
        Some(i)
            if i >= 8
                && s[..i]
                    .bytes()
                    .all(|b| b.is_ascii_digit() || b"-/.".contains(&b)) =>
        {
            &s[..i]
        }
        _ => s,
    };
    if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
        let y = s[..4].parse().ok()?;
        let m = s[4..6].parse().ok()?;
        let d = s[6..].parse().ok()?;
        return Date::new(y, m, d).ok();
    }
    let parts: Vec<&str> = s
        .split(['-', '/', '.', ' '])
        .filter(|p| !p.is_empty())
        .collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let num = |p: &str| -> Option<u32> {
        (p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    let month = |p: &str| -> Option<u32> {
        if let Some(m) = num(p).filter(|_| p.len() <= 2) {
            return Some(m);
        }
        let lower = p.to_ascii_lowercase();
        let i = MONTHS
            .iter()
            .position(|m| lower.len() >= 3 && lower.starts_with(m))?;
        Some(i as u32 + 1)
    };
    if a.len() == 4 {
        // Year first: 1984-03-07, 1984/03/07.
        Date::new(num(a)? as i32, month(b)?, num(c).filter(|_| c.len() <= 2)?).ok()
    } else if c.len() == 4 && a.len() <= 2 {
        // Day first (UK): 07/03/1984, 7 Mar 1984, 07-MAR-1984.
        Date::new(num(c)? as i32, month(b)?, num(a)?).ok()
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> Tokeniser {
        Tokeniser::new(b"0123456789abcdef-test-key").unwrap()
    }

    #[test]
    fn names_fold() {
        assert_eq!(normalise_name("  José  O'Neill ").unwrap(), "joseoneill");
        assert_eq!(normalise_name("ŁUKASZ").unwrap(), "lukasz");
        assert_eq!(normalise_name("Strauß").unwrap(), "strauss");
        assert_eq!(normalise_name("Smith-Jones").unwrap(), "smithjones");
        assert_eq!(normalise_name("Ｊｏｅ").unwrap(), "joe");
        assert_eq!(normalise_name("Zoë Brontë").unwrap(), "zoebronte");
        assert_eq!(normalise_name(" - ' "), None);
        for n in ["José", "ŁUKASZ", "Strauß", "Æsa-Øy", "Zoë"] {
            let once = normalise_name(n).unwrap();
            assert_eq!(normalise_name(&once).unwrap(), once);
        }
    }

    #[test]
    fn dates_in_many_formats() {
        let want = Date::new(1984, 3, 7).unwrap();
        for s in [
            "1984-03-07",
            "07/03/1984",
            "7/3/1984",
            "07-03-1984",
            "07.03.1984",
            "19840307",
            "7 Mar 1984",
            "7 March 1984",
            "07-MAR-1984",
            "1984/03/07",
            "1984-03-07T00:00:00",
            "07/03/1984 00:00",
        ] {
            assert_eq!(normalise_date(s), Some(want), "{s}");
        }
        for s in [
            "",
            "1984-13-01",
            "31/02/1984",
            "07/03/84",
            "March 7",
            "29/02/1983",
            "x",
        ] {
            assert_eq!(normalise_date(s), None, "{s}");
        }
        assert_eq!(normalise_date("29/02/1984"), Date::new(1984, 2, 29).ok());
        assert_eq!(want.to_string(), "1984-03-07");
    }

    #[test]
    fn nhs_modulus_11() {
        // 943 476 5919 is the NHS's published example of a valid number.
        assert_eq!(
            &normalise_nhs_number("943 476 5919").unwrap(),
            b"9434765919"
        );
        assert!(normalise_nhs_number("943-476-5919").is_ok());
        assert!(normalise_nhs_number("9434765918").is_err());
        assert!(normalise_nhs_number("943476591").is_err());
        assert!(normalise_nhs_number("94347659190").is_err());
        assert!(normalise_nhs_number("94347659l9").is_err());
        // 1000000001: sum 10, 11 − 10 = 1, valid; 1000000000 has the wrong check digit.
        assert!(normalise_nhs_number("1000000001").is_ok());
        assert!(normalise_nhs_number("1000000000").is_err());
        // 100000001x: sum 12, 11 − 1 = 10: no check digit makes it valid.
        for x in 0..10 {
            assert!(normalise_nhs_number(&format!("100000001{x}")).is_err());
        }
        let err = normalise_nhs_number("9434765918").unwrap_err().to_string();
        assert!(!err.contains("9434765918"), "{err}");
    }

    #[test]
    fn keys_and_tokens() {
        assert!(Tokeniser::new(b"short").is_err());
        let t = key();
        let a = t
            .tokenise(&Identifiers {
                nhs_number: Some("9434765919"),
                ..Default::default()
            })
            .unwrap();
        let b = t
            .tokenise(&Identifiers {
                nhs_number: Some(" 943 476 5919 "),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(a, b);
        assert!(a.nhs.is_some() && a.name_dob.is_none());
        let other = Tokeniser::new(b"another key of 16+ bytes").unwrap();
        let c = other
            .tokenise(&Identifiers {
                nhs_number: Some("9434765919"),
                ..Default::default()
            })
            .unwrap();
        assert_ne!(a.nhs, c.nhs);
        let tok = a.nhs.unwrap();
        assert_eq!(tok.to_string().parse::<Token>().unwrap(), tok);
        assert!(format!("{t:?}").contains("redacted"));
        // Partial name + dob is refused.
        let err = t
            .tokenise(&Identifiers {
                given_name: Some("Ann"),
                family_name: Some("Lee"),
                ..Default::default()
            })
            .unwrap_err();
        assert!(!err.to_string().contains("Ann"));
        let err = t
            .tokenise(&Identifiers {
                given_name: Some("Ann"),
                family_name: Some("Lee"),
                date_of_birth: Some("1/2/03"),
                ..Default::default()
            })
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("date_of_birth") && !err.contains("1/2/03"),
            "{err}"
        );
        let ids = Identifiers {
            given_name: Some("Ann"),
            nhs_number: Some("9434765919"),
            ..Default::default()
        };
        let dbg = format!("{ids:?}");
        assert!(!dbg.contains("Ann") && !dbg.contains("9434"), "{dbg}");
        assert!(t.tokenise(&Identifiers::default()).unwrap().is_empty());
    }
}
