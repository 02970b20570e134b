//! Table-driven test of the hard cases of address matching: flats in every form, floors,
//! basements, letters vs suffixes, building names, ranges, joined words, typos, missing,
//! run-together or mistyped postcodes, building-level answers and addresses from elsewhere.

use outreach::address::{AddressIndex, MatchOptions, MatchStatus, ReferenceAddress};
use outreach::Uprn;

fn u(n: u64) -> Uprn {
    Uprn::new(n).unwrap()
}

fn gazetteer() -> AddressIndex {
    let rows: &[(u64, &str, &str, u64)] = &[
        (100, "10 HIGH STREET, KELTON, THORNTHORPE", "ZY1 1AA", 0),
        (
            101,
            "FLAT 1, 10 HIGH STREET, KELTON, THORNTHORPE",
            "ZY1 1AA",
            100,
        ),
        (
            102,
            "FLAT 2, 10 HIGH STREET, KELTON, THORNTHORPE",
            "ZY1 1AA",
            100,
        ),
        (
            103,
            "FLAT 3, 10 HIGH STREET, KELTON, THORNTHORPE",
            "ZY1 1AA",
            100,
        ),
        (120, "12 HIGH STREET, KELTON, THORNTHORPE", "ZY1 1AA", 0),
        (121, "14 HIGH STREET, KELTON, THORNTHORPE", "ZY1 1AB", 0),
        (179000, "179 CHURCH ROAD, WENDFORD", "ZY2 2BB", 0),
        (
            179001,
            "FLAT A, 179 CHURCH ROAD, WENDFORD",
            "ZY2 2BB",
            179000,
        ),
        (
            179002,
            "FLAT B, 179 CHURCH ROAD, WENDFORD",
            "ZY2 2BB",
            179000,
        ),
        (181001, "181A CHURCH ROAD, WENDFORD", "ZY2 2BB", 0),
        (181002, "181B CHURCH ROAD, WENDFORD", "ZY2 2BB", 0),
        (183000, "183 CHURCH ROAD, WENDFORD", "ZY2 2BB", 0),
        (2300, "23 NEWTON AVENUE, HAXWELL, THORNTHORPE", "ZY3 3CC", 0),
        (
            2301,
            "GROUND FLOOR FLAT, 23 NEWTON AVENUE, HAXWELL, THORNTHORPE",
            "ZY3 3CC",
            2300,
        ),
        (
            2302,
            "FIRST FLOOR FLAT, 23 NEWTON AVENUE, HAXWELL, THORNTHORPE",
            "ZY3 3CC",
            2300,
        ),
        (
            2303,
            "BASEMENT FLAT, 23 NEWTON AVENUE, HAXWELL, THORNTHORPE",
            "ZY3 3CC",
            2300,
        ),
        (
            2100,
            "THE POPLARS, 21 NEWTON AVENUE, HAXWELL, THORNTHORPE",
            "ZY3 3CC",
            0,
        ),
        (2500, "25 NEWTON AVENUE, HAXWELL, THORNTHORPE", "ZY3 3CC", 0),
        (
            4000,
            "LABURNUM HOUSE, HARCOURT PLACE, THORNTHORPE",
            "ZY4 4DD",
            0,
        ),
        (
            4011,
            "FLAT 11, LABURNUM HOUSE, HARCOURT PLACE, THORNTHORPE",
            "ZY4 4DD",
            4000,
        ),
        (
            4012,
            "FLAT 12, LABURNUM HOUSE, HARCOURT PLACE, THORNTHORPE",
            "ZY4 4DD",
            4000,
        ),
        (
            1400,
            "14 MAYFIELD PLACE, WENDLEY, THORNTHORPE",
            "ZY5 5EE",
            0,
        ),
        (
            1600,
            "16 MAYFIELD PLACE, WENDLEY, THORNTHORPE",
            "ZY5 5EE",
            0,
        ),
        (700, "7 KINGS ROAD, KELBURY, WENDFORD", "ZY7 7GG", 0),
        (701, "9 KINGS ROAD, KELBURY, WENDFORD", "ZY7 7GG", 0),
        (800, "8 ST MARYS ROAD, THORNTHORPE", "ZY6 6FF", 0),
        (801, "8 MARYS ROAD, WENDFORD", "ZY6 6FG", 0),
        (5000, "50 MAIN STREET, HOLLINTON, WENDFORD", "ZY8 8HH", 0),
        (
            5001,
            "FLAT ABOVE, 50 MAIN STREET, HOLLINTON, WENDFORD",
            "ZY8 8HH",
            5000,
        ),
        (5200, "52 MAIN STREET, HOLLINTON, WENDFORD", "ZY8 8HH", 0),
        (
            6000,
            "60 SPRING ROAD, BRACKCOMBE, THORNTHORPE",
            "ZY9 9JJ",
            0,
        ),
        (
            6001,
            "60A SPRING ROAD, BRACKCOMBE, THORNTHORPE",
            "ZY9 9JJ",
            0,
        ),
        (7700, "7 MILL LANE, UPPER LIDDBURY, WENDFORD", "ZY10 2TQ", 0),
        (
            7701,
            "APPLE TREE COTTAGE, 7 ORCHARD WAY, KELBURY, WENDFORD",
            "ZY13 6GP",
            0,
        ),
    ];
    let refs: Vec<ReferenceAddress> = rows
        .iter()
        .map(|&(uprn, address, postcode, parent)| {
            ReferenceAddress::text(
                u(uprn),
                address,
                Some(postcode),
                (parent != 0).then(|| u(parent)),
            )
        })
        .collect();
    AddressIndex::build(&refs).unwrap()
}

#[test]
fn hard_cases() {
    use MatchStatus::*;
    let index = gazetteer();
    let opts = MatchOptions::default();
    let cases: &[(&str, Option<u64>, MatchStatus)] = &[
        // Flats in every form.
        ("Flat 2, 10 High St, ZY1 1AA", Some(102), Matched),
        ("2/10 High Street, Kelton", Some(102), Matched),
        ("Flat 2 10 High Street ZY11AA", Some(102), Matched),
        ("10 High Street, Flat 3, ZY1 1AA", Some(103), Matched),
        ("Apartment 1, 10 High St, Kelton", Some(101), Matched),
        ("Flt 1, 10 High St, Thornthorpe", Some(101), Matched),
        ("Flat A, 179 Church Rd, Wendford", Some(179001), Matched),
        ("179a Church Road, ZY2 2BB", Some(179001), Matched),
        ("179 B Church Road, Wendford", Some(179002), Matched),
        ("Flat A, 181 Church Road, ZY2 2BB", Some(181001), Matched),
        ("181b Church Road, ZY2 2BB", Some(181002), Matched),
        (
            "Ground Floor Flat, 23 Newton Ave, ZY3 3CC",
            Some(2301),
            Matched,
        ),
        (
            "Grd Flr Flat, 23 Newton Avenue, Haxwell",
            Some(2301),
            Matched,
        ),
        (
            "1st Floor Flat, 23 Newton Avenue, Haxwell",
            Some(2302),
            Matched,
        ),
        ("Basement, 23 Newton Avenue, ZY3 3CC", Some(2303), Matched),
        ("Basement Flat 23 Newton Av", Some(2303), Matched),
        (
            "GroundFlrFlat, 23 Newton Avenue, ZY3 3CC",
            Some(2301),
            Matched,
        ),
        // A flat of a number with one lettered house beside it: that house.
        ("Flat, 60 Spring Road, ZY9 9JJ", Some(6001), Matched),
        ("First Floor Flat, 60 Spring Rd", Some(6001), Matched),
        ("60 Spring Road, ZY9 9JJ", Some(6000), Matched),
        // Building names, with and without the flat word, street or number.
        (
            "Flat 12, Laburnum House, Harcourt Place, ZY4 4DD",
            Some(4012),
            Matched,
        ),
        (
            "12, Laburnum Hse, Harcourt Pl, Thornthorpe",
            Some(4012),
            Matched,
        ),
        ("Flat 12 Laburnum House ZY4 4DD", Some(4012), Matched),
        ("The Poplars, Newton Avenue, ZY3 3CC", Some(2100), Matched),
        ("21 Newton Avenue, Haxwell", Some(2100), Matched),
        // A house name the gazetteer does not have for the address.
        (
            "Apple Tree Cottage, 7 Mill Lane, Wendford",
            Some(7700),
            Matched,
        ),
        // Ranges, joined words, saint / street, typos, postcodes.
        ("14-16 Mayfield Place, ZY5 5EE", Some(1400), Matched),
        ("7 Kingsroad, ZY7 7GG", Some(700), Matched),
        ("8 Saint Marys Road, Thornthorpe", Some(800), Matched),
        ("12 Hihg Stret, ZY1 1BA", Some(120), Matched),
        ("12 High Street, ZY1 IAA", Some(120), Matched),
        ("12 High Street, Kelton", Some(120), Matched),
        // Three-letter words missing a letter ("MIL LNE" for MILL LANE).
        ("7 Mil Lne, Wendford", Some(7700), Matched),
        // A real postcode holding the number in one building, the street keyed wrong:
        // the postcode's address; two buildings there with the number: no guess.
        ("14 High Street, Kelton, ZY5 5EE", Some(1400), Matched),
        ("9 Acorn Avenue, Thornthorpe, ZY7 7GG", Some(701), Matched),
        // The flat cannot be told: the building, not a guess.
        ("Flat, 10 High Street, ZY1 1AA", Some(100), Building),
        ("10 High Street, Kelton, ZY1 1AA", Some(100), Building),
        ("Flat 9, 10 High Street, ZY1 1AA", Some(100), Building),
        (
            "Top Floor Flat, 23 Newton Avenue, ZY3 3CC",
            Some(2300),
            Building,
        ),
        // A building with one flat: that flat.
        ("50 Main Street, ZY8 8HH", Some(5001), Matched),
        // Not in this gazetteer.
        ("99 Nowhere Lane, Elsewhere, AB1 2CD", None, NoMatch),
    ];
    let mut failures = Vec::new();
    for &(query, want, status) in cases {
        let m = index.match_one(query, None, &opts);
        if m.uprn != want.map(u) || m.status != status {
            failures.push(format!(
                "{query:?}: want {want:?} {status}, got {:?} {} ({:.1}, margin {:.1}: {})",
                m.uprn.map(Uprn::get),
                m.status,
                m.score,
                m.margin,
                m.reason
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let m = index.match_one("9 Acorn Avenue, Thornthorpe, ZY7 7GG", None, &opts);
    assert!(
        m.reason.starts_with("postcode and number agree"),
        "{}",
        m.reason
    );
    let m = index.match_one("14 High Street, Kelton, ZY5 5EE", None, &opts);
    assert!(
        m.reason.starts_with("the street named is elsewhere"),
        "{}",
        m.reason
    );
}

#[test]
fn results_explain_themselves() {
    let index = gazetteer();
    let m = index.match_one("12 High Street, ZY1 1BA", None, &MatchOptions::default());
    assert_eq!(m.uprn, Some(u(120)));
    assert_eq!(m.postcode.as_deref(), Some("ZY1 1BA"));
    assert_eq!(
        m.postcode_corrected.as_deref(),
        None,
        "two postcodes one edit away"
    );
    assert!(m.reason.contains("number agrees"), "{}", m.reason);
    assert!(m.margin > 0.0 && m.candidates.len() <= 3);
    assert_eq!(m.candidates[0].uprn, u(120));
    let m = index.match_one("12 High Street, ZY1 1XA", None, &MatchOptions::default());
    assert_eq!(m.postcode_corrected.as_deref(), Some("ZY1 1AA"));
    // The postcode may be given apart.
    let m = index.match_one(
        "Flat 3, 10 High Street",
        Some("zy1 1aa"),
        &MatchOptions::default(),
    );
    assert_eq!(m.uprn, Some(u(103)));
    assert!(m.reason.starts_with("postcode agrees"), "{}", m.reason);
}

#[test]
fn batch_is_parallel_deterministic_and_in_order() {
    let index = gazetteer();
    let queries = [
        "Flat 2, 10 High St",
        "179a Church Road",
        "nothing here at all",
        "",
    ];
    let opts = MatchOptions::default();
    let batch = index.match_batch(&queries, &opts);
    assert_eq!(batch.len(), 4);
    for (q, b) in queries.iter().zip(&batch) {
        assert_eq!(&index.match_one(q, None, &opts), b);
    }
    assert_eq!(batch[3].status, MatchStatus::NoMatch);
    assert!(index
        .match_batch_with_postcodes(&queries, &[None], &opts)
        .is_err());
}

#[test]
fn odd_input_never_panics() {
    let index = gazetteer();
    let opts = MatchOptions::default();
    let long = "Flat 9999999999 ".repeat(500);
    let odd = [
        "",
        ",,,,",
        "////----",
        "1-2-3/4/5 A B C",
        "Fláт 2, 10 Hígh Strеet, ZY1 1AA",
        "ZY1",
        "ZY1 1AA",
        "A",
        "0 0 0 0 0 0 0 0 0 0 0 0",
        long.as_str(),
        "\u{0}\u{7f}\t\n\r",
        "Flat A Flat B Flat C Flat D Flat E Flat F Flat G Flat H Flat I 10 High Street",
    ];
    for q in odd {
        let m = index.match_one(q, Some("not a postcode"), &opts);
        assert!(m.score.is_finite(), "{q:?}");
        let m = index.match_one(q, None, &opts);
        assert!(m.margin.is_finite(), "{q:?}");
    }
    // The postcode alone names several addresses: no UPRN.
    let m = index.match_one("ZY1 1AA", None, &opts);
    assert_eq!(m.uprn, None);
}
