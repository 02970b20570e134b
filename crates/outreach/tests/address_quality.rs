//! Data-quality report ([`outreach::address::quality`]) on a partner file built from the
//! address_bench gazetteer with deliberate anomalies (known count per class, known
//! inside/outside before and after), and on the real Democracy Club postcode corrections.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::{Read, Write};
use std::path::PathBuf;

use geo::{polygon, MultiPolygon};
use outreach::address::quality::{
    quality_report, Anomaly, Boundary, QualityData, QualityOptions, QualityRecord,
};
use outreach::address::{AddressIndex, AddressParts, ReferenceAddress};
use outreach::io::{read_address_gazetteer, read_codepoint_open, AddressColumns};
use outreach::{GazetteerBuilder, Property, Uprn};

fn data_dir() -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../..");
    [
        std::env::var("OUTREACH_SHARED_DATA")
            .map(PathBuf::from)
            .unwrap_or_default(),
        root.join("shared/data"),
        root.join("../shared/data"),
    ]
    .into_iter()
    .find(|p| p.join("SOURCES.md").is_file())
    .expect("../shared/data not found: set OUTREACH_SHARED_DATA")
}

fn gz_csv(path: &std::path::Path) -> Vec<HashMap<String, String>> {
    let mut s = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(path).unwrap())
        .read_to_string(&mut s)
        .unwrap();
    let mut r = csv::Reader::from_reader(s.as_bytes());
    let h: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            h.iter()
                .cloned()
                .zip(rec.iter().map(str::to_string))
                .collect()
        })
        .collect()
}

fn text(r: &ReferenceAddress) -> &str {
    match &r.parts {
        AddressParts::Text(t) => t,
        AddressParts::Fields(_) => unreachable!(),
    }
}

/// One constructed record with its true answer.
struct Case {
    rec: QualityRecord,
    anomalies: Vec<Anomaly>,
    before: Option<bool>,
    after: Option<bool>,
}

#[test]
fn constructed_partner_file_gives_known_anomalies_and_counts() {
    let dir = data_dir().join("address_bench");
    let (all, report) =
        read_address_gazetteer(&dir.join("canonical.csv.gz"), &AddressColumns::text()).unwrap();
    assert!(report.is_consistent());
    let refs: Vec<ReferenceAddress> = all.into_iter().take(8000).collect();
    let index = AddressIndex::build(&refs).unwrap();
    let classes: HashMap<String, String> = gz_csv(&dir.join("components.csv.gz"))
        .into_iter()
        .map(|r| (r["uprn"].clone(), r["classificationcode"].clone()))
        .collect();

    // Synthetic geography: postcode i (sorted) at x = 100 i; the first half inside.
    let pcs: Vec<String> = refs
        .iter()
        .filter_map(|r| r.postcode.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let half = pcs.len() / 2;
    let pc_x: HashMap<&str, f64> = pcs
        .iter()
        .enumerate()
        .map(|(i, p)| (p.as_str(), 100.0 * i as f64))
        .collect();
    let is_in = |pc: &str| pc_x[pc] < 100.0 * half as f64;
    let mut cp = tempfile::NamedTempFile::new().unwrap();
    writeln!(
        cp,
        "Postcode,Positional_quality_indicator,Eastings,Northings"
    )
    .unwrap();
    for (p, x) in &pc_x {
        writeln!(cp, "{p},10,{x},500").unwrap();
    }
    let (centroids, rep) = read_codepoint_open(cp.path()).unwrap();
    assert_eq!(centroids.len(), pcs.len(), "{:?}", rep.rejected.first());
    let edge = 100.0 * half as f64 - 50.0;
    let boundary: MultiPolygon<f64> = MultiPolygon(vec![polygon![
        (x: -50.0, y: 0.0), (x: edge, y: 0.0), (x: edge, y: 1000.0), (x: -50.0, y: 1000.0)
    ]]);

    // Plain, unique houses (no parent, no flats) to draw clean records from.
    let parents: HashSet<Uprn> = refs.iter().filter_map(|r| r.parent).collect();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for r in &refs {
        *seen.entry(text(r).to_string()).or_default() += 1;
    }
    let plain = |r: &&ReferenceAddress| {
        r.parent.is_none()
            && !parents.contains(&r.uprn)
            && r.postcode.is_some()
            && seen[text(r)] == 1
    };
    let class_of = |r: &ReferenceAddress| classes[&r.uprn.to_string()].clone();
    let houses: Vec<&ReferenceAddress> = refs
        .iter()
        .filter(plain)
        .filter(|r| class_of(r).starts_with('R'))
        .collect();
    let (inside_h, outside_h): (Vec<&ReferenceAddress>, Vec<&ReferenceAddress>) = houses
        .into_iter()
        .partition(|r| is_in(r.postcode.as_deref().unwrap()));
    let pc = |r: &ReferenceAddress| r.postcode.clone().unwrap();
    let line = |r: &ReferenceAddress| format!("{}, {}", text(r), pc(r));
    let mut cases: Vec<Case> = Vec::new();
    let mut n = 0;
    let mut id = || {
        n += 1;
        format!("r{n}")
    };
    let mut add = |rec: QualityRecord, a: &[Anomaly], before, after| {
        cases.push(Case {
            rec,
            anomalies: a.to_vec(),
            before,
            after,
        })
    };
    use Anomaly::*;
    // 30 clean records inside, 10 outside.
    for r in inside_h.iter().take(30) {
        add(
            QualityRecord::new(&id(), &line(r), None),
            &[],
            Some(true),
            Some(true),
        );
    }
    for r in outside_h.iter().take(10) {
        let a = [OutsideBoundary];
        add(
            QualityRecord::new(&id(), &line(r), None),
            &a,
            Some(false),
            Some(false),
        );
    }
    // 4 outside properties recorded with an inside postcode: inside before, outside after.
    for (k, r) in outside_h.iter().skip(10).take(4).enumerate() {
        let wrong = &pcs[k * 7];
        assert!(is_in(wrong));
        let rec = QualityRecord::new(&id(), &format!("{}, {wrong}", text(r)), None);
        add(
            rec,
            &[PostcodeCorrected, OutsideBoundary],
            Some(true),
            Some(false),
        );
    }
    // 3 inside properties with a mistyped postcode (not a postcode of the gazetteer).
    for r in inside_h.iter().skip(30).take(3) {
        let p = pc(r);
        let last = p.chars().last().unwrap();
        let typo = format!(
            "{}{}",
            &p[..p.len() - 1],
            if last == 'X' { 'Y' } else { 'X' }
        );
        assert!(!pc_x.contains_key(typo.as_str()));
        let rec = QualityRecord::new(&id(), text(r), Some(&typo));
        add(rec, &[PostcodeCorrected], None, Some(true));
    }
    // 3 addresses of nowhere.
    for k in 0..3 {
        let rec = QualityRecord::new(
            &id(),
            &format!("{} Zyzzyva Boulevard, Qxville", k + 1),
            None,
        );
        add(rec, &[NoMatch], None, None);
    }
    // 2 flats of buildings with several flats, the flat not said.
    let mut kids: HashMap<Uprn, usize> = HashMap::new();
    for r in &refs {
        if let Some(p) = r.parent {
            *kids.entry(p).or_default() += 1;
        }
    }
    let buildings: Vec<&ReferenceAddress> = refs
        .iter()
        .filter(|r| kids.get(&r.uprn).is_some_and(|&k| k >= 3) && r.postcode.is_some())
        .filter(|r| is_in(r.postcode.as_deref().unwrap()))
        .take(2)
        .collect();
    assert_eq!(buildings.len(), 2);
    for b in &buildings {
        let rec = QualityRecord::new(&id(), &format!("Flat, {}", line(b)), None);
        add(rec, &[BuildingOnly], Some(true), Some(true));
    }
    // 2 non-residential properties: every CR of address_bench is a shop with its one flat
    // above (a query for it gets the flat), so two plain houses are made shops here.
    let shops: Vec<&ReferenceAddress> = inside_h[50..52].to_vec();
    for s in &shops {
        add(
            QualityRecord::new(&id(), &line(s), None),
            &[NonResidential],
            Some(true),
            Some(true),
        );
    }
    // One property recorded twice.
    let twice = inside_h[40];
    for _ in 0..2 {
        add(
            QualityRecord::new(&id(), &line(twice), None),
            &[SharedUprn],
            Some(true),
            Some(true),
        );
    }
    // 2 records carrying a UPRN the gazetteer does not have.
    let retired = Uprn::new(999_999_999_999).unwrap();
    assert!(!index.contains(retired));
    for r in inside_h.iter().skip(41).take(2) {
        let mut rec = QualityRecord::new(&id(), &line(r), None);
        rec.uprn = Some(retired);
        add(rec, &[UnknownUprn], Some(true), Some(true));
    }

    let shop_uprns: HashSet<Uprn> = shops.iter().map(|r| r.uprn).collect();
    let mut props = GazetteerBuilder::new();
    for r in &refs {
        let x = r.postcode.as_deref().map_or(-1e6, |p| pc_x[p]);
        let mut p = Property::at(r.uprn, x, 500.0);
        p.class = classes.get(&r.uprn.to_string()).cloned();
        if shop_uprns.contains(&r.uprn) {
            p.class = Some("CR".into());
        }
        props.push(p);
    }
    let props = props.build().unwrap();
    let records: Vec<QualityRecord> = cases.iter().map(|c| c.rec.clone()).collect();
    let data = QualityData {
        index: &index,
        addresses: &refs,
        properties: Some(&props),
        postcodes: Some(&centroids),
        boundary: Some(Boundary::Polygon(&boundary)),
    };
    let q = quality_report(&records, &data, &QualityOptions::default()).unwrap();
    for (c, got) in cases.iter().zip(&q.record_anomalies) {
        let mut want = c.anomalies.clone();
        want.sort();
        let mut got = got.clone();
        got.sort();
        assert_eq!(
            got,
            want,
            "{}: {:?}",
            c.rec.address,
            q.results[cases.iter().position(|x| x.rec.id == c.rec.id).unwrap()]
        );
    }
    let want_count = |a: Anomaly| cases.iter().filter(|c| c.anomalies.contains(&a)).count() as u64;
    for a in Anomaly::ALL {
        assert_eq!(q.count(a), want_count(a), "{a}");
    }
    assert_eq!(q.count(OutsideBoundary), 14);
    assert_eq!(q.count(PostcodeCorrected), 7);
    assert_eq!(q.anomalies.rows() as u64, q.counts.values().sum::<u64>());

    let tally = |f: fn(&Case) -> Option<bool>| {
        let v: Vec<Option<bool>> = cases.iter().map(f).collect();
        (
            v.iter().filter(|x| **x == Some(true)).count() as u64,
            v.iter().filter(|x| **x == Some(false)).count() as u64,
            v.iter().filter(|x| x.is_none()).count() as u64,
        )
    };
    assert_eq!(
        (q.before.inside, q.before.outside, q.before.unknown),
        tally(|c| c.before)
    );
    assert_eq!(
        (q.after.inside, q.after.outside, q.after.unknown),
        tally(|c| c.after)
    );
    // Inside 30+4+2+2+2+2 before; the 4 move out, the 3 mistyped postcodes come in.
    assert_eq!((q.before.inside, q.before.outside), (42, 10));
    assert_eq!((q.after.inside, q.after.outside), (41, 14));
    let io = &q.inside_outside;
    assert_eq!(io.column("basis").unwrap().values.text(1), Some("after"));
    assert_eq!(io.column("outside").unwrap().values.count(1), Some(14));

    // Corrections: the 7 postcode fixes, 2 building-level records, 2 UPRN fixes, and no
    // row for a clean record that only gains its UPRN.
    let ids: Vec<&str> = (0..q.corrections.rows())
        .filter_map(|i| q.corrections.column("id").unwrap().values.text(i))
        .collect();
    assert_eq!(ids.len(), 11, "{ids:?}");
    let reason = |id: &str| {
        let i = ids.iter().position(|x| *x == id).unwrap();
        q.corrections
            .column("reason")
            .unwrap()
            .values
            .text(i)
            .unwrap()
            .to_string()
    };
    let unknown = &cases.iter().find(|c| c.rec.uprn.is_some()).unwrap().rec;
    assert!(reason(&unknown.id).contains("UPRN 999999999999 ->"));
    let typo = &cases.iter().find(|c| c.rec.postcode.is_some()).unwrap().rec;
    let i = ids.iter().position(|x| *x == typo.id).unwrap();
    let canon = q
        .corrections
        .column("canonical_address")
        .unwrap()
        .values
        .text(i)
        .unwrap();
    assert!(canon.ends_with(&pc(inside_h[30])), "{canon}");
    let mut csv_out = Vec::new();
    q.corrections.write_csv(&mut csv_out).unwrap();
    assert!(String::from_utf8(csv_out)
        .unwrap()
        .starts_with("id,old_address,uprn,canonical_address,reason\n"));
}

/// Democracy Club import scripts record the postcode each council's register had and the
/// postcode AddressBase gives: a gazetteer of the corrected addresses and a partner file
/// with the councils' postcodes must flag exactly the records whose postcode differs.
#[test]
fn democracy_club_postcode_corrections_are_found() {
    let rows = gz_csv(
        &data_dir().join("uprn_samples/democracyclub_importer_uprn_address_comments_uk.csv.gz"),
    );
    let mut refs = Vec::new();
    let mut records = Vec::new();
    let mut seen = HashSet::new();
    for (k, r) in rows.iter().enumerate() {
        let (Ok(u), false, false) = (
            r["uprn"].parse::<Uprn>(),
            r["postcode_corrected_to"].is_empty(),
            r["address_text"].is_empty(),
        ) else {
            continue;
        };
        if !seen.insert(u) {
            continue;
        }
        refs.push(ReferenceAddress::text(
            u,
            &r["address_text"],
            Some(&r["postcode_corrected_to"]),
            None,
        ));
        let mut rec = QualityRecord::new(
            &format!("dc{k}"),
            &r["address_text"],
            Some(&r["postcode_in_source"]),
        );
        rec.uprn = Some(u);
        records.push(rec);
    }
    assert!(records.len() > 2500, "{}", records.len());
    let index = AddressIndex::build(&refs).unwrap();
    let q = quality_report(
        &records,
        &QualityData::new(&index, &refs),
        &QualityOptions::default(),
    )
    .unwrap();
    let squeeze = |s: &str| s.replace(' ', "").to_uppercase();
    // Every record keeps a UPRN known to the gazetteer.
    assert_eq!(q.count(Anomaly::UnknownUprn), 0);
    let mut agree = 0;
    let mut total_own = 0;
    for ((rec, reference), (m, anomalies)) in records
        .iter()
        .zip(&refs)
        .zip(q.results.iter().zip(&q.record_anomalies))
    {
        if m.uprn != Some(reference.uprn) {
            continue;
        }
        total_own += 1;
        let src = squeeze(rec.postcode.as_deref().unwrap_or(""));
        let dst = squeeze(reference.postcode.as_deref().unwrap_or(""));
        let flagged = anomalies.contains(&Anomaly::PostcodeCorrected);
        // Flagged exactly when the council's postcode is not AddressBase's.
        assert_eq!(flagged, src != dst, "{}: {src} vs {dst}", rec.address);
        if flagged {
            agree += 1;
        }
    }
    eprintln!(
        "democracy club: {} records, {total_own} matched to their own UPRN, {agree} postcode corrections",
        records.len()
    );
    assert!(
        total_own * 10 >= records.len() * 8,
        "{total_own} of {}",
        records.len()
    );
    assert!(agree > 2000, "{agree}");
    // The same records with AddressBase's postcode: nothing to correct.
    let controls: Vec<QualityRecord> = records
        .iter()
        .zip(&refs)
        .map(|(r, reference)| QualityRecord {
            postcode: reference.postcode.clone(),
            ..r.clone()
        })
        .collect();
    let c = quality_report(
        &controls,
        &QualityData::new(&index, &refs),
        &QualityOptions::default(),
    )
    .unwrap();
    let own = c
        .results
        .iter()
        .zip(&refs)
        .filter(|(m, r)| m.uprn == Some(r.uprn))
        .count();
    assert!(own >= total_own, "{own} < {total_own}");
    assert_eq!(c.count(Anomaly::PostcodeCorrected), 0);
}
