//! A corpus of broken files: each gives a clear error or an exact reject report, never a
//! panic, and the counts always add up.

use std::io::Write;
use std::path::{Path, PathBuf};

use outreach::io::{self, AreaSetSpec, Crs, GazetteerColumns, GazetteerFormat};
use outreach::Error;

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn gzip(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(text.as_bytes()).unwrap();
    std::fs::write(&path, enc.finish().unwrap()).unwrap();
    path
}

const OS_HEADER: &str = "UPRN,X_COORDINATE,Y_COORDINATE,LATITUDE,LONGITUDE\n";

#[test]
fn gazetteer_rejects_are_exact() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "{OS_HEADER}\
         10091497098,358123.45,418765.32,53.6,-2.6\n\
         010091497099,358124.00,418766.00,53.6,-2.6\n\
         abc,358124.00,418766.00,53.6,-2.6\n\
         10091497100,not-a-number,418766.00,53.6,-2.6\n\
         10091497101,9999999,418766.00,53.6,-2.6\n\
         10091497098,358200.00,418800.00,53.6,-2.6\n\
         10091497102,358300.00\n\
         1000000000000,358300.00,418800.00,53.6,-2.6\n"
    );
    for path in [
        write(dir.path(), "uprn.csv", &text),
        gzip(dir.path(), "uprn.csv.gz", &text),
    ] {
        let (g, report) = io::read_gazetteer(&path, &GazetteerFormat::OsOpenUprn).unwrap();
        assert!(report.is_consistent(), "{report}");
        assert_eq!(report.rows_read, 8);
        assert_eq!(g.len(), 2);
        let lines: Vec<u64> = report.rejected.iter().map(|r| r.line).collect();
        assert_eq!(lines, [4, 5, 6, 7, 8, 9]);
        let reasons: Vec<String> = report.rejected.iter().map(ToString::to_string).collect();
        assert!(
            reasons[0].contains("field UPRN") && reasons[0].contains("not a UPRN"),
            "{}",
            reasons[0]
        );
        assert!(reasons[1].contains("X_COORDINATE") && reasons[1].contains("not a number"));
        assert!(reasons[2].contains("outside Great Britain"));
        assert!(
            reasons[3].contains("duplicate UPRN 10091497098 (first seen on line 2)"),
            "{}",
            reasons[3]
        );
        assert!(reasons[4].contains("expected 5 fields"));
        assert!(reasons[5].contains("more than 12 digits"));
        assert_eq!(g.position("10091497099".parse().unwrap()), Some(1));
    }
}

#[test]
fn missing_column_and_empty_file_are_format_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "nocol.csv", "UPRN,EASTING\n1,2\n");
    match io::read_gazetteer(&path, &GazetteerFormat::OsOpenUprn) {
        Err(Error::Format {
            line: Some(1),
            reason,
            ..
        }) => assert!(reason.contains("X_COORDINATE"), "{reason}"),
        other => panic!("expected a format error, got {other:?}"),
    }
    let path = write(dir.path(), "empty.csv", "");
    assert!(matches!(
        io::read_gazetteer(&path, &GazetteerFormat::OsOpenUprn),
        Err(Error::Format { .. })
    ));
    let missing = dir.path().join("does-not-exist.csv");
    assert!(matches!(
        io::read_gazetteer(&missing, &GazetteerFormat::OsOpenUprn),
        Err(Error::Io { .. })
    ));
}

#[test]
fn truncated_gzip_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from(OS_HEADER);
    for i in 1..20_000 {
        text.push_str(&format!("{i},{}.5,{}.25,,\n", 300_000 + i, 400_000 + i));
    }
    let full = gzip(dir.path(), "full.csv.gz", &text);
    let bytes = std::fs::read(&full).unwrap();
    let cut = dir.path().join("cut.csv.gz");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    match io::read_gazetteer(&cut, &GazetteerFormat::OsOpenUprn) {
        Err(Error::Format { reason, path, .. }) => {
            assert!(reason.contains("truncated"), "{reason}");
            assert_eq!(path, cut);
        }
        other => panic!("expected a format error, got {other:?}"),
    }
    let (g, report) = io::read_gazetteer(&full, &GazetteerFormat::OsOpenUprn).unwrap();
    assert_eq!((g.len(), report.rows_read), (19_999, 19_999));
}

#[test]
fn mapped_wgs84_csv_converts_and_rejects() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "wgs.csv",
        "id,lon,lat,pc,class\n100010382247,-2.6174,53.6531,pr7 1dp,RD04\n2,10.0,52.0,PR7 1DP,RD\n3,-2.6,53.6,XX,RD\n",
    );
    let mut cols = GazetteerColumns::wgs84("id", "lon", "lat");
    cols.postcode = Some("pc".into());
    cols.class = Some("class".into());
    let (g, report) = io::read_gazetteer(&path, &GazetteerFormat::Columns(cols)).unwrap();
    assert!(report.is_consistent());
    assert_eq!(g.len(), 1);
    assert_eq!(g.postcode(0), Some("PR7 1DP"));
    assert_eq!(g.class(0), Some("RD04"));
    assert!((350_000.0..370_000.0).contains(&g.xs()[0]));
    assert_eq!(report.rejected[0].line, 3);
    assert!(report.rejected[0].reason.contains("cannot be converted"));
    assert_eq!(report.rejected[1].field.as_deref(), Some("pc"));
    let bad = GazetteerColumns {
        crs: Crs::Bng,
        ..GazetteerColumns::bng("nope", "lon", "lat")
    };
    assert!(matches!(
        io::read_gazetteer(&path, &GazetteerFormat::Columns(bad)),
        Err(Error::Format { .. })
    ));
}

#[test]
fn addressbase_premium_sample_loads() {
    let path = crate::shared_data()
        .join("addressbase_sample/addressbase_premium_sample_exeter_property.csv");
    let (g, report) = io::read_gazetteer(&path, &GazetteerFormat::AddressBasePremium).unwrap();
    assert!(report.is_consistent(), "{report}");
    assert_eq!(report.rows_read, 23);
    assert!(g.len() >= 20, "{report:?}");
    let row = g.position("100040239485".parse().unwrap()).unwrap();
    assert_eq!(g.class(row), Some("RD"));
    assert_eq!(g.postcode(row), Some("EX4 6QL"));
    assert_eq!(g.address(row), Some("26 WELL STREET, EXETER"));
    assert_eq!((g.xs()[row], g.ys()[row]), (292_591.0, 93_308.0));
}

const SQUARE: &str = r#"[[[-2.60,53.60],[-2.59,53.60],[-2.59,53.61],[-2.60,53.61],[-2.60,53.60]]]"#;

fn feature(code: &str, geometry: &str) -> String {
    format!(r#"{{"type":"Feature","properties":{{"code":"{code}"}},"geometry":{geometry}}}"#)
}

#[test]
fn geojson_problems_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let bowtie = r#"{"type":"Polygon","coordinates":[[[-2.60,53.60],[-2.59,53.61],[-2.59,53.60],[-2.60,53.61],[-2.60,53.60]]]}"#;
    let ok = format!(r#"{{"type":"Polygon","coordinates":{SQUARE}}}"#);
    let features = [
        feature("E01000001", &ok),
        feature("E01000002", bowtie),
        feature("E01000003", "null"),
        feature("E01000001", &ok),
        r#"{"type":"Feature","properties":{},"geometry":null}"#.to_string(),
        feature("E01000004", r#"{"type":"Point","coordinates":[-2.6,53.6]}"#),
    ];
    let text = format!(
        r#"{{"type":"FeatureCollection","features":[{}]}}"#,
        features.join(",")
    );
    let path = write(dir.path(), "areas.geojson", &text);
    // By default the bow-tie loads with a warning naming it.
    let (set, report) = io::read_area_set(&path, &AreaSetSpec::new("t", "code")).unwrap();
    assert!(report.is_consistent());
    assert_eq!(set.len(), 2);
    assert_eq!(report.warnings.len(), 1);
    assert_eq!(report.warnings[0].line, 2);
    assert!(
        report.warnings[0]
            .reason
            .contains("crosses or touches itself"),
        "{}",
        report.warnings[0]
    );
    // Strict: refused.
    let (set, report) =
        io::read_area_set(&path, &AreaSetSpec::new("t", "code").strict(true)).unwrap();
    assert!(report.is_consistent());
    assert_eq!(set.len(), 1);
    let reasons: Vec<String> = report.rejected.iter().map(ToString::to_string).collect();
    assert_eq!(
        report.rejected.iter().map(|r| r.line).collect::<Vec<_>>(),
        [2, 3, 4, 5, 6]
    );
    assert!(
        reasons[0].contains("E01000002") && reasons[0].contains("not a valid polygon"),
        "{}",
        reasons[0]
    );
    assert!(reasons[1].contains("no geometry"));
    assert!(reasons[2].contains("duplicate area code"));
    assert!(reasons[3].contains("missing"));
    assert!(reasons[4].contains("Point is not an area"));
}

#[test]
fn geojson_crs_errors() {
    let dir = tempfile::tempdir().unwrap();
    // BNG metres without a declared CRS.
    let bng = r#"{"type":"Polygon","coordinates":[[[358000,418000],[359000,418000],[359000,419000],[358000,418000]]]}"#;
    let text = format!(
        r#"{{"type":"FeatureCollection","features":[{}]}}"#,
        feature("A", bng)
    );
    let path = write(dir.path(), "undeclared.geojson", &text);
    match io::read_area_set(&path, &AreaSetSpec::new("t", "code")) {
        Err(Error::Format { reason, .. }) => {
            assert!(reason.contains("declare EPSG:27700"), "{reason}")
        }
        other => panic!("{other:?}"),
    }
    // The same, declared: loads.
    let text = format!(
        r#"{{"type":"FeatureCollection","crs":{{"type":"name","properties":{{"name":"urn:ogc:def:crs:EPSG::27700"}}}},"features":[{}]}}"#,
        feature("A", bng)
    );
    let path = write(dir.path(), "declared.geojson", &text);
    let (set, _) = io::read_area_set(&path, &AreaSetSpec::new("t", "code")).unwrap();
    assert_eq!(set.locate(358_900.0, 418_100.0), Some(0));
    // An unsupported CRS.
    let text = text.replace("EPSG::27700", "EPSG::3857");
    let path = write(dir.path(), "mercator.geojson", &text);
    assert!(matches!(
        io::read_area_set(&path, &AreaSetSpec::new("t", "code")),
        Err(Error::Format { .. })
    ));
    // Not JSON at all / truncated.
    let path = write(
        dir.path(),
        "bad.geojson",
        r#"{"type":"FeatureCollection","features":[{"type":"#,
    );
    assert!(matches!(
        io::read_area_set(&path, &AreaSetSpec::new("t", "code")),
        Err(Error::Format { .. })
    ));
}

#[test]
fn iod_and_codepoint_rejects() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "iod.csv",
        "lsoa11_code,IMD_rank,IMD_decile,IMD_score\nE01000001,29199,9,6.208\nE01000002,0,1,50\nE01000003,12,11,50\nE01000001,1,1,1\nE01000004,x,1,1\n",
    );
    let (iod, report) = io::read_iod(&path, None).unwrap();
    assert!(report.is_consistent());
    assert_eq!(iod.len(), 1);
    assert_eq!(
        report.rejected.iter().map(|r| r.line).collect::<Vec<_>>(),
        [3, 4, 5, 6]
    );
    let path = write(dir.path(), "nocode.csv", "code,IMD_rank\nE01000001,1\n");
    assert!(matches!(
        io::read_iod(&path, None),
        Err(Error::Format { .. })
    ));

    let path = write(
        dir.path(),
        "cp.csv",
        "Postcode,Positional_quality_indicator,Eastings,Northings\nPR7 1DP,10,358000,418000\nPR7 1DQ,90,0,0\nPR7 1DP,10,1,1\nBAD,10,358000,418000\n",
    );
    let (pc, report) = io::read_codepoint_open(&path).unwrap();
    assert!(report.is_consistent());
    assert_eq!(pc.len(), 1);
    assert!(report.rejected[0].reason.contains("positional quality 90"));
    assert!(report.rejected[1].reason.contains("duplicate postcode"));
}
