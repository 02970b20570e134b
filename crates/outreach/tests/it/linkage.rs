//! Single view across agencies (`outreach::linkage`): three agencies' files about real
//! Chorley HMO households (UPRNs, addresses and LSOAs from the council's register) with
//! invented people, formatted differently in each file.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Read;
use std::path::Path;

use outreach::linkage::{
    address_key, read_agency_records, AuditLog, Identifiers, LinkageIndex, Role, Token, Tokeniser,
};
use outreach::{AreaCode, Error, Uprn};
use proptest::prelude::*;

use crate::shared_data;

const KEY: &[u8] = b"chorley partnership test key 2026";

/// Invented names (no real person): the checks search every output for them.
const GIVEN: [&str; 6] = [
    "José",
    "Zéphyrine",
    "Łukasz",
    "Aoife",
    "Bartholomew",
    "Ngozi",
];
const FAMILY: [&str; 6] = [
    "O'Quillan",
    "Featherstonehaugh-Vex",
    "Brontëvale",
    "MacAskillion",
    "Strauß-Penwick",
    "Okonkwo-Drummle",
];

struct Household {
    uprn: Option<Uprn>,
    uprn_text: String,
    address: String,
    lsoa_name: String,
}

fn hmo_register() -> Vec<Household> {
    let path = shared_data().join("uprn_samples/chorley_hmo_register_with_uprn.csv");
    let mut rdr = csv::Reader::from_path(path).unwrap();
    let h = rdr.headers().unwrap().clone();
    let col = |n: &str| h.iter().position(|x| x == n).unwrap();
    let (a, u, l) = (col("address"), col("uprn"), col("lsoa"));
    let mut seen = HashSet::new();
    rdr.records()
        .map(|r| r.unwrap())
        .filter(|r| seen.insert(r[u].to_string()))
        .map(|r| Household {
            uprn: r[u].parse().ok(),
            uprn_text: r[u].to_string(),
            address: r[a].to_string(),
            lsoa_name: r[l].to_string(),
        })
        .collect()
}

fn lsoa_codes_by_name() -> HashMap<String, AreaCode> {
    let path = shared_data().join("lookups/lsoa21_ward24_lad24_ew.csv.gz");
    let mut text = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(path).unwrap())
        .read_to_string(&mut text)
        .unwrap();
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    rdr.records()
        .map(|r| r.unwrap())
        .filter(|r| r[0].starts_with("Chorley "))
        .map(|r| (r[0].to_string(), r[1].parse().unwrap()))
        .collect()
}

/// A valid NHS number (Modulus 11) from a 9-digit stem, or `None` when the stem has no
/// valid check digit.
fn nhs_from_stem(stem: u64) -> Option<String> {
    let s = format!("{stem:09}");
    let sum: u32 = s
        .bytes()
        .zip((2..=10u32).rev())
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    match 11 - sum % 11 {
        10 => None,
        11 => Some(format!("{s}0")),
        c => Some(format!("{s}{c}")),
    }
}

struct Person {
    given: &'static str,
    family: &'static str,
    dob: (u32, u32, u32),
    nhs: String,
}

fn people(n: usize) -> Vec<Person> {
    let mut stem = 612_345_000u64;
    (0..n)
        .map(|i| {
            let nhs = loop {
                stem += 7;
                if let Some(n) = nhs_from_stem(stem) {
                    break n;
                }
            };
            Person {
                given: GIVEN[i % GIVEN.len()],
                family: FAMILY[(i / GIVEN.len()) % FAMILY.len()],
                dob: (
                    2008 + (i as u32 % 9),
                    1 + (i as u32 % 12),
                    1 + (i as u32 % 27),
                ),
                nhs,
            }
        })
        .collect()
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn q(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// Writes the three agencies' files; returns the identifiers written (for the leak search).
fn write_files(dir: &Path, homes: &[Household], people: &[Person]) -> Vec<String> {
    let mut school = String::from(
        "agency,record_id,address,given_name,family_name,dob,involvement,start,lead_contact\n",
    );
    let mut care = String::from("agency,record_id,uprn,given_name,family_name,date_of_birth,nhs_number,involvement,sensitive,start,end,lead_contact\n");
    let mut health =
        String::from("agency,record_id,uprn,nhs_number,involvement,sensitive,start,lead_contact\n");
    let mut clear = Vec::new();
    for (i, (h, p)) in homes.iter().zip(people).enumerate() {
        let (y, m, d) = p.dob;
        // School: capitals, apostrophes kept, UK dates, address text only.
        school += &format!(
            "St Laurence CE Primary,SCH-{i:04},{},{},{},{d:02}/{m:02}/{y},pupil,2024-09-0{},{}\n",
            q(&h.address),
            q(&p.given.to_uppercase()),
            q(&p.family.to_uppercase()),
            1 + i % 5,
            q("Mrs Hale, DSL, 01257 000000"),
        );
        // Social care: spaced names, ISO dates, NHS number with spaces; every third case
        // sensitive.
        let nhs_spaced = format!("{} {} {}", &p.nhs[..3], &p.nhs[3..6], &p.nhs[6..]);
        care += &format!(
            "Children's Social Care,CSC/{i},{},{},{},{y}-{m:02}-{d:02},{nhs_spaced},child in need,{},2025-0{}-15,,{}\n",
            h.uprn_text,
            q(&format!("  {}  ", p.given.to_lowercase())),
            q(&p.family.replace(['\'', '-'], " ")),
            if i % 3 == 0 { "yes" } else { "no" },
            1 + i % 9,
            q("Duty team, 0300 123 6701"),
        );
        // Health: NHS number with hyphens only.
        let nhs_hyphen = format!("{}-{}-{}", &p.nhs[..3], &p.nhs[3..6], &p.nhs[6..]);
        health += &format!(
            "Health Visiting,HV{i},{},{nhs_hyphen},health visiting,no,2023-0{}-01,{}\n",
            h.uprn_text,
            1 + i % 9,
            q("HV team, 01772 000000"),
        );
        clear.extend([
            p.given.to_string(),
            p.family.to_string(),
            p.nhs.clone(),
            nhs_spaced,
            nhs_hyphen,
            format!("{d:02}/{m:02}/{y}"),
            format!("{y}-{m:02}-{d:02}"),
            format!("{d} {} {y}", MONTHS[m as usize - 1]),
        ]);
    }
    std::fs::write(dir.join("school.csv"), school).unwrap();
    std::fs::write(dir.join("care.csv"), care).unwrap();
    std::fs::write(dir.join("health.csv"), health).unwrap();
    clear
}

struct Fixture {
    _dir: tempfile::TempDir,
    homes: Vec<Household>,
    index: LinkageIndex,
    tokeniser: Tokeniser,
    clear: Vec<String>,
    outputs: String,
}

fn fixture() -> Fixture {
    let homes = hmo_register();
    let people = people(homes.len());
    let dir = tempfile::tempdir().unwrap();
    let clear = write_files(dir.path(), &homes, &people);
    let tokeniser = Tokeniser::new(KEY).unwrap();
    let resolver: HashMap<String, Uprn> = homes
        .iter()
        .filter_map(|h| Some((address_key(&h.address), h.uprn?)))
        .collect();
    let mut records = Vec::new();
    let mut outputs = String::new();
    for f in ["school.csv", "care.csv", "health.csv"] {
        let (mut r, report) =
            read_agency_records(&dir.path().join(f), &tokeniser, Some(&resolver)).unwrap();
        assert!(report.is_consistent(), "{report}");
        assert_eq!(report.rows_read as usize, homes.len(), "{f}");
        outputs += &format!("{report}\n{report:?}\n");
        for w in report.rejected.iter().chain(&report.warnings) {
            outputs += &format!("{w}\n");
        }
        records.append(&mut r);
    }
    outputs += &format!("{records:?}\n");
    let index = LinkageIndex::build(records).unwrap();
    outputs += &format!("{index:?}\n{tokeniser:?}\n");
    Fixture {
        _dir: dir,
        homes,
        index,
        tokeniser,
        clear,
        outputs,
    }
}

fn assert_no_clear(text: &str, clear: &[String]) {
    let lower = text.to_lowercase();
    for c in clear {
        assert!(!text.contains(c.as_str()), "output holds {c:?}");
        assert!(!lower.contains(&c.to_lowercase()), "output holds {c:?}");
    }
    // The normalised forms the tokeniser hashes must not leak either.
    for n in [
        "joseoquillan",
        "oquillan",
        "zephyrine",
        "lukasz",
        "brontevale",
        "strausspenwick",
    ] {
        assert!(!lower.contains(n), "output holds normalised {n:?}");
    }
}

#[test]
fn same_person_in_three_agencies_is_one_person() {
    let fx = fixture();
    let p = people(fx.homes.len());
    // One token whatever the formatting.
    let variants = [
        ("JOSÉ", "O'QUILLAN", "07/03/2014"),
        ("  josé ", "O Quillan", "2014-03-07"),
        ("Jose", "oquillan", "7 Mar 2014"),
        ("JOSE", "O’Quillan", "07-MAR-2014"),
    ];
    let tokens: HashSet<Token> = variants
        .iter()
        .map(|(g, f, d)| {
            fx.tokeniser
                .tokenise(&Identifiers {
                    given_name: Some(g),
                    family_name: Some(f),
                    date_of_birth: Some(d),
                    ..Default::default()
                })
                .unwrap()
                .name_dob
                .unwrap()
        })
        .collect();
    assert_eq!(tokens.len(), 1);

    // The loader: rows with a valid UPRN link across the three files.
    let valid = fx.homes.iter().filter(|h| h.uprn.is_some()).count();
    assert_eq!(fx.homes.len(), 22, "distinct UPRNs in the register");
    assert_eq!(valid, 21, "one register UPRN has 13 digits");
    // Each person appears in all three files; school and care rows link by name + dob,
    // care and health by NHS number: one person each.
    assert_eq!(fx.index.people(), fx.homes.len());
    assert_eq!(fx.index.households(), valid);
    let log = AuditLog::new();
    let all = Role::new("safeguarding hub")
        .unwrap()
        .all_agencies()
        .sensitive(true);
    for (i, person) in p.iter().enumerate() {
        let (y, m, d) = person.dob;
        let dob = format!("{d} {} {y}", MONTHS[m as usize - 1]);
        let ids = Identifiers {
            given_name: Some(person.given),
            family_name: Some(person.family),
            date_of_birth: Some(&dob),
            nhs_number: Some(&person.nhs),
        };
        let tokens = fx.tokeniser.tokenise(&ids).unwrap();
        let view = fx
            .index
            .person(&tokens.name_dob.unwrap(), &all, "hub triage", &log)
            .unwrap();
        let by_nhs = fx
            .index
            .person(&tokens.nhs.unwrap(), &all, "hub triage", &log)
            .unwrap();
        // The household with the 13-digit UPRN: care and health rows were rejected, the
        // school row kept (address unresolved).
        let expected = if fx.homes[i].uprn.is_some() { 3 } else { 1 };
        assert_eq!(view.agencies.len(), expected, "person {i}");
        assert_eq!(view.people, 1);
        if expected == 3 {
            assert_eq!(
                by_nhs, view,
                "NHS number and name + dob reach the same person"
            );
        } else {
            assert!(by_nhs.involvements.is_empty());
        }
    }
}

#[test]
fn tokens_of_a_million_identifiers_are_distinct() {
    let t = Tokeniser::new(KEY).unwrap();
    let mut seen: HashSet<Token> = HashSet::with_capacity(1_000_000);
    // 500,000 distinct valid NHS numbers.
    let mut stem = 400_000_000u64;
    let mut nhs = 0;
    while nhs < 500_000 {
        stem += 1;
        let Some(n) = nhs_from_stem(stem) else {
            continue;
        };
        let tok = t
            .tokenise(&Identifiers {
                nhs_number: Some(&n),
                ..Default::default()
            })
            .unwrap();
        assert!(seen.insert(tok.nhs.unwrap()), "collision at NHS number {n}");
        nhs += 1;
    }
    // 500,000 distinct (family name, date of birth) pairs, same given name.
    let mut names = 0;
    'outer: for fam in 0..100_000u32 {
        let family = format!("family{fam}");
        for day in 1..=5 {
            let dob = format!("2010-01-{day:02}");
            let tok = t
                .tokenise(&Identifiers {
                    given_name: Some("sam"),
                    family_name: Some(&family),
                    date_of_birth: Some(&dob),
                    ..Default::default()
                })
                .unwrap();
            assert!(
                seen.insert(tok.name_dob.unwrap()),
                "collision at {family} {dob}"
            );
            names += 1;
            if names == 500_000 {
                break 'outer;
            }
        }
    }
    assert_eq!(seen.len(), 1_000_000);
}

const REASONS: [&str; 7] = [
    "nhs_number: is not 10 digits",
    "nhs_number: has characters other than digits, spaces and hyphens",
    "nhs_number: fails the Modulus 11 check",
    "given_name: has no letters or digits",
    "family_name: has no letters or digits",
    "date_of_birth: is not a date in a recognised format",
    "identifiers: given_name, family_name and date_of_birth must be given together",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Case, spacing and punctuation never change a token.
    #[test]
    fn formatting_never_changes_a_token(
        given in "[A-Za-z]{1,12}",
        family in "[A-Za-z]{1,12}( [A-Za-z]{1,8})?",
        upper in any::<bool>(),
        pad in 0usize..3,
        punct in prop::sample::select(vec!["-", "'", " ", ".", ""]),
        y in 1920i32..2025, m in 1u32..13, d in 1u32..29,
    ) {
        let t = Tokeniser::new(KEY).unwrap();
        let base = t.tokenise(&Identifiers {
            given_name: Some(&given), family_name: Some(&family),
            date_of_birth: Some(&format!("{y}-{m:02}-{d:02}")), ..Default::default()
        }).unwrap();
        let spaces = " ".repeat(pad);
        let g2 = if upper { given.to_uppercase() } else { given.to_lowercase() };
        let f2 = format!("{spaces}{}{spaces}", family.replace(' ', punct));
        let other = t.tokenise(&Identifiers {
            given_name: Some(&g2), family_name: Some(&f2),
            date_of_birth: Some(&format!("{d}/{m}/{y}")), ..Default::default()
        }).unwrap();
        prop_assert_eq!(base, other);
    }

    /// Arbitrary text never panics the tokeniser, and an error never repeats it.
    #[test]
    fn errors_never_echo_input(s in "\\PC{3,30}") {
        let t = Tokeniser::new(KEY).unwrap();
        for ids in [
            Identifiers { nhs_number: Some(&s), ..Default::default() },
            Identifiers { given_name: Some(&s), family_name: Some("x"), date_of_birth: Some(&s), ..Default::default() },
        ] {
            if let Err(e) = t.tokenise(&ids) {
                // Every message is one of a fixed set: none can carry the input.
                let msg = e.to_string();
                prop_assert!(REASONS.iter().any(|r| msg == format!("invalid argument {r}")), "{}", msg);
            }
        }
    }
}

#[test]
fn roles_scopes_shielding_reasons_and_the_log() {
    let fx = fixture();
    let log = AuditLog::new();
    let school = Role::new("school DSL").unwrap().agencies([
        "St Laurence CE Primary".parse().unwrap(),
        "Health Visiting".parse().unwrap(),
    ]);
    let care = Role::new("social worker")
        .unwrap()
        .agencies(["Children's Social Care".parse().unwrap()])
        .contacts(true);
    let hub = Role::new("MASH")
        .unwrap()
        .all_agencies()
        .contacts(true)
        .sensitive(true);
    let nobody = Role::new("new starter").unwrap();
    let mut queries = 0;
    let mut shown = String::new();
    for h in fx.homes.iter() {
        let Some(u) = h.uprn else { continue };
        let v = fx
            .index
            .household(u, &school, "attendance concern", &log)
            .unwrap();
        queries += 1;
        assert!(v
            .agencies
            .iter()
            .all(|a| a.agency.as_str() != "Children's Social Care"));
        assert!(
            v.involvements.iter().all(|i| i.lead_contact.is_none()),
            "contacts hidden"
        );
        shown += &format!("{v}\n{v:?}\n");

        let c = fx.index.household(u, &care, "s47 enquiry", &log).unwrap();
        let m = fx
            .index
            .household(u, &hub, "strategy meeting", &log)
            .unwrap();
        let n = fx.index.household(u, &nobody, "curious", &log).unwrap();
        queries += 3;
        assert!(n.involvements.is_empty() && n.agencies.is_empty() && n.people == 0);
        // Sensitive involvement: the hub sees it, the social worker does not.
        let sensitive = m
            .involvements
            .iter()
            .filter(|i| i.agency.as_str() == "Children's Social Care")
            .count();
        let care_seen = c.involvements.len();
        assert!(care_seen <= 1);
        assert!(sensitive == 1);
        assert!(m.agencies.len() >= 2);
        assert!(m.agencies.iter().any(|a| a.lead_contact.is_some()));
        shown += &format!("{c}\n{c:?}\n{m}\n{m:?}\n");
    }
    // Every third care record (i % 3 == 0) is sensitive: the social worker misses exactly those.
    let care_total: usize = fx
        .homes
        .iter()
        .filter_map(|h| h.uprn)
        .map(|u| {
            fx.index
                .household(u, &care, "audit sample", &log)
                .unwrap()
                .involvements
                .len()
        })
        .sum();
    queries += fx.homes.iter().filter(|h| h.uprn.is_some()).count();
    let valid: Vec<usize> = (0..fx.homes.len())
        .filter(|&i| fx.homes[i].uprn.is_some())
        .collect();
    assert_eq!(care_total, valid.iter().filter(|&&i| i % 3 != 0).count());

    // No reason: refused, and the refusal is logged.
    let u = fx.homes[0].uprn.unwrap();
    for reason in ["", "   "] {
        let err = fx.index.household(u, &hub, reason, &log).unwrap_err();
        assert!(matches!(err, Error::InvalidArgument { name: "reason", .. }));
        queries += 1;
    }
    let entries = log.entries();
    assert_eq!(entries.len(), queries, "every query is logged");
    assert_eq!(
        entries
            .iter()
            .filter(|e| e.outcome.starts_with("refused"))
            .count(),
        2
    );
    assert!(entries.iter().all(|e| e.query.starts_with("household ")));
    log.verify().unwrap();

    // Nothing shown, logged or reported holds a clear identifier.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("audit.jsonl");
    log.write_jsonl(&path).unwrap();
    let logged = std::fs::read_to_string(&path).unwrap();
    assert_no_clear(&format!("{}{shown}{logged}{log:?}", fx.outputs), &fx.clear);
}

#[test]
fn editing_or_deleting_a_logged_entry_fails_verification() {
    let fx = fixture();
    let log = AuditLog::new();
    let role = Role::new("MASH").unwrap().all_agencies();
    for h in fx.homes.iter().filter_map(|h| h.uprn).take(10) {
        fx.index.household(h, &role, "daily triage", &log).unwrap();
    }
    let head = log.head();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("audit.jsonl");
    log.write_jsonl(&path).unwrap();
    let back = AuditLog::read_jsonl(&path).unwrap();
    back.verify().unwrap();
    back.verify_head(&head).unwrap();
    assert_eq!(back.entries(), log.entries());

    let text = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let check = |lines: Vec<String>| {
        let p = dir.path().join("tampered.jsonl");
        std::fs::write(&p, lines.join("\n")).unwrap();
        AuditLog::read_jsonl(&p).unwrap()
    };
    let own = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    // Edit the reason of entry 4.
    let mut edited = own(&lines);
    edited[4] = edited[4].replace("daily triage", "daily triage!");
    assert!(check(edited).verify().is_err());
    // Edit the UPRN asked about.
    let mut edited = own(&lines);
    let other = fx
        .homes
        .iter()
        .filter_map(|h| h.uprn)
        .nth(11)
        .unwrap()
        .to_string();
    let asked = log.entries()[6].query.clone();
    edited[6] = edited[6].replace(&asked, &format!("household {other}"));
    assert!(check(edited).verify().is_err());
    // Delete entry 3.
    let mut deleted = own(&lines);
    deleted.remove(3);
    assert!(check(deleted).verify().is_err());
    // Swap 7 and 8.
    let mut swapped = own(&lines);
    swapped.swap(7, 8);
    assert!(check(swapped).verify().is_err());
    // Cut the last entry: the chain holds, the kept head does not.
    let mut cut = own(&lines);
    cut.pop();
    let cut = check(cut);
    cut.verify().unwrap();
    assert!(cut.verify_head(&head).is_err());
    // A garbled line is a format error with its line number.
    let mut garbled = own(&lines);
    garbled[2] = "{not json".into();
    let p = dir.path().join("garbled.jsonl");
    std::fs::write(&p, garbled.join("\n")).unwrap();
    assert!(matches!(
        AuditLog::read_jsonl(&p),
        Err(Error::Format { line: Some(3), .. })
    ));
}

#[test]
fn multi_agency_households_by_lsoa_with_suppression() {
    let fx = fixture();
    let codes = lsoa_codes_by_name();
    let areas: HashMap<Uprn, AreaCode> = fx
        .homes
        .iter()
        .filter_map(|h| Some((h.uprn?, codes.get(&h.lsoa_name)?.clone())))
        .collect();
    let log = AuditLog::new();
    let hub = Role::new("MASH").unwrap().all_agencies().sensitive(true);
    let s = fx
        .index
        .multi_agency_summary(3, &areas, &hub, "targeting early help", &log)
        .unwrap();
    // Expected, counted here: every valid household has school + care + health.
    let mut want: BTreeMap<AreaCode, u64> = areas.values().map(|a| (a.clone(), 0)).collect();
    let mut unassigned = 0;
    for h in fx.homes.iter() {
        let Some(u) = h.uprn else { continue };
        match areas.get(&u) {
            Some(a) => *want.get_mut(a).unwrap() += 1,
            None => unassigned += 1,
        }
    }
    assert_eq!(s.areas.len(), want.len());
    for (got, (code, n)) in s.areas.iter().zip(&want) {
        assert_eq!(&got.area, code);
        assert_eq!(got.households, outreach::stats::suppress(*n, 5), "{code}");
    }
    assert!(
        want.values().any(|&n| (1..5).contains(&n)),
        "some counts are small"
    );
    assert!(
        s.areas.iter().any(|a| a.households.is_none()),
        "small counts suppressed"
    );
    assert_eq!(s.unassigned, outreach::stats::suppress(unassigned, 5));
    // Without sensitive care records the hub-minus-sensitive role sees fewer households.
    let plain = Role::new("analyst").unwrap().all_agencies();
    let p = fx
        .index
        .multi_agency_summary(3, &areas, &plain, "targeting", &log)
        .unwrap();
    let n_sens: u64 = s.areas.iter().filter_map(|a| a.households).sum();
    let n_plain: u64 = p.areas.iter().filter_map(|a| a.households).sum();
    assert!(n_plain <= n_sens);
    // A role without the care agency finds no household known to 3 agencies.
    let two = Role::new("school").unwrap().agencies([
        "St Laurence CE Primary".parse().unwrap(),
        "Health Visiting".parse().unwrap(),
    ]);
    let t = fx
        .index
        .multi_agency_summary(3, &areas, &two, "targeting", &log)
        .unwrap();
    assert!(t.areas.iter().all(|a| a.households == Some(0)));
    assert!(fx
        .index
        .multi_agency_summary(2, &areas, &two, "", &log)
        .is_err());
    assert!(fx
        .index
        .multi_agency_summary(0, &areas, &two, "x", &log)
        .is_err());
    assert_eq!(log.len(), 5);
    log.verify().unwrap();
}

#[test]
fn rejected_rows_name_the_field_not_the_value() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.csv");
    std::fs::write(
        &path,
        "agency,record_id,uprn,given_name,family_name,dob,nhs_number,involvement,start\n\
         Police,P1,100010371335,Quintavius,Marblethorpe,31/02/2011,,ASB case,2025-01-01\n\
         Police,P2,100010371335,,,,612 345 6789,ASB case,2025-01-01\n\
         Police,P3,100010371335,Quintavius,,,,ASB case,2025-01-01\n\
         Police,P4,not-a-uprn,,,,,ASB case,2025-01-01\n\
         Police,P5,100010371335,,,,,ASB case,someday\n\
         Police,P6,100010371335,Quintavius,Marblethorpe,2011-02-03,,ASB case,2025-01-01\n",
    )
    .unwrap();
    let t = Tokeniser::new(KEY).unwrap();
    let (records, report) = read_agency_records(&path, &t, None).unwrap();
    assert!(report.is_consistent());
    assert_eq!(report.rows_read, 6);
    assert_eq!(records.len(), 2, "{report:?}");
    let fields: Vec<_> = report
        .rejected
        .iter()
        .map(|r| (r.line, r.field.as_deref()))
        .collect();
    assert_eq!(
        fields,
        [
            (2, Some("dob")),
            (3, Some("nhs_number")),
            (5, Some("uprn")),
            (6, Some("start"))
        ]
    );
    assert_eq!(
        report.warnings.len(),
        1,
        "name without dob: not linked by name"
    );
    assert!(records[0].person.is_empty());
    assert!(records[1].person.name_dob.is_some());
    let text = format!("{report}\n{report:?}\n{records:?}");
    assert_no_clear(
        &text,
        &[
            "Quintavius",
            "Marblethorpe",
            "31/02/2011",
            "612 345 6789",
            "6123456789",
            "2011-02-03",
        ]
        .map(String::from),
    );
    // A role must exist to query at all; an unknown UPRN gives an empty, logged view.
    let index = LinkageIndex::build(records).unwrap();
    let log = AuditLog::new();
    let role = Role::new("officer").unwrap().all_agencies();
    let v = index
        .household(Uprn::new(1).unwrap(), &role, "check", &log)
        .unwrap();
    assert!(v.involvements.is_empty());
    assert_eq!(log.len(), 1);
}
