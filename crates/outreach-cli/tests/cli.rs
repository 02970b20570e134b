//! The `outreach` command end to end, on the data shipped in the repository.

use std::path::PathBuf;
use std::process::Command;

fn chorley() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/data/chorley")
}

fn outreach() -> Command {
    Command::new(env!("CARGO_BIN_EXE_outreach"))
}

#[test]
fn demo_prints_the_borough_profile_and_writes_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = outreach()
        .args(["demo", "--out"])
        .arg(dir.path())
        .arg("--data")
        .arg(chorley())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let value = |label: &str| -> u64 {
        let line = stdout
            .lines()
            .find(|l| l.contains(label))
            .unwrap_or_else(|| panic!("no {label:?} in {stdout}"));
        line.split_whitespace()
            .find_map(|w| w.parse().ok())
            .unwrap()
    };
    assert_eq!(value("LSOAs (2011)"), 66);
    assert_eq!(value("LSOAs in the 20% most deprived nationally"), 8);
    assert_eq!(value("wards (2022)"), 14);
    assert!(stdout.contains("SYNTHETIC"));

    let csv = std::fs::read_to_string(dir.path().join("lsoa_profile.csv")).unwrap();
    let mut lines = csv.lines();
    assert!(lines
        .next()
        .unwrap()
        .starts_with("lsoa11_code,lsoa11_name,households"));
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 66);
    assert_eq!(rows.iter().filter(|r| r.contains(",true,true")).count(), 8);

    let geojson: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("lsoa_profile.geojson")).unwrap(),
    )
    .unwrap();
    let features = geojson["features"].as_array().unwrap();
    assert_eq!(features.len(), 66);
    assert_eq!(geojson["synthetic_households"], true);
    // WGS84 coordinates for QGIS: Chorley is around 2.6°W, 53.6°N.
    let first = &features[0]["geometry"]["coordinates"][0][0][0];
    let (lon, lat) = (first[0].as_f64().unwrap(), first[1].as_f64().unwrap());
    assert!(
        (-2.9..-2.4).contains(&lon) && (53.5..53.75).contains(&lat),
        "{lon} {lat}"
    );
}

#[test]
fn assign_writes_id_and_area_code_and_counts() {
    let dir = tempfile::tempdir().unwrap();
    let points = dir.path().join("points.csv");
    // PR7 1DP's centroid, a point at sea, a bad row.
    std::fs::write(
        &points,
        "ref,e,n\nA-1,358244,417680\nA-2,300000,400000\nA-3,oops,1\n",
    )
    .unwrap();
    let out_csv = dir.path().join("out.csv");
    let out = outreach()
        .args(["assign", "--points"])
        .arg(&points)
        .args([
            "--id-field",
            "ref",
            "--x-field",
            "e",
            "--y-field",
            "n",
            "--crs",
            "27700",
            "--areas",
        ])
        .arg(chorley().join("lsoa11_bgc.geojson"))
        .args(["--area-code-field", "LSOA11CD", "--out"])
        .arg(&out_csv)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("assigned 1 / outside 1 / rejected 1 (of 3 rows read)"),
        "{stdout}"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("line 4: field e"), "{stderr}");
    let written = std::fs::read_to_string(&out_csv).unwrap();
    assert_eq!(written, "id,area_code\nA-1,E01024936\nA-2,\n");
}

#[test]
fn bad_input_exits_non_zero_with_the_file_named() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.csv");
    let out = outreach()
        .args(["assign", "--points"])
        .arg(&missing)
        .args(["--areas"])
        .arg(chorley().join("lsoa11_bgc.geojson"))
        .args(["--area-code-field", "LSOA11CD", "--out"])
        .arg(dir.path().join("o.csv"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("missing.csv"), "{stderr}");
}

#[test]
fn match_writes_one_row_per_record_with_uprn_status_and_reason() {
    let dir = tempfile::tempdir().unwrap();
    let gaz = dir.path().join("gazetteer.csv");
    std::fs::write(
        &gaz,
        "uprn,address,postcode,parent_uprn\n\
         100,\"10 HIGH STREET, KELTON\",ZY1 1AA,\n\
         101,\"FLAT 1, 10 HIGH STREET, KELTON\",ZY1 1AA,100\n\
         102,\"FLAT 2, 10 HIGH STREET, KELTON\",ZY1 1AA,100\n\
         120,\"12 HIGH STREET, KELTON\",ZY1 1AA,\n",
    )
    .unwrap();
    let input = dir.path().join("partner.csv");
    std::fs::write(
        &input,
        "id,address\n\
         a,\"2/10 High St, ZY1 1AA\"\n\
         b,\"Flat, 10 High Street, Kelton\"\n\
         c,\"99 Nowhere Road, AB1 2CD\"\n\
         ,\"12 High Street\"\n",
    )
    .unwrap();
    let out = dir.path().join("matched.csv");
    let run = outreach()
        .arg("match")
        .arg("--gazetteer")
        .arg(&gaz)
        .arg("--input")
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(stderr.contains("1 rejected"), "{stderr}");
    let text = std::fs::read_to_string(&out).unwrap();
    let rows: Vec<Vec<String>> = csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(
        (
            rows[0][0].as_str(),
            rows[0][1].as_str(),
            rows[0][3].as_str()
        ),
        ("a", "102", "matched")
    );
    assert_eq!(
        (rows[1][1].as_str(), rows[1][3].as_str()),
        ("100", "building")
    );
    assert_eq!((rows[2][1].as_str(), rows[2][3].as_str()), ("", "no_match"));
    assert!(rows[0][5].contains("flat agrees"), "{}", rows[0][5]);
}

#[test]
fn quality_writes_anomalies_corrections_and_inside_outside() {
    let dir = tempfile::tempdir().unwrap();
    let w = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    };
    let gaz = w(
        "gazetteer.csv",
        "uprn,address,postcode,parent_uprn\n\
         100,\"10 HIGH STREET, KELTON\",ZY1 1AA,\n\
         101,\"FLAT 1, 10 HIGH STREET, KELTON\",ZY1 1AA,100\n\
         102,\"FLAT 2, 10 HIGH STREET, KELTON\",ZY1 1AA,100\n\
         120,\"12 HIGH STREET, KELTON\",ZY1 1AA,\n\
         130,\"5 MILL LANE, FARTON\",ZY9 9ZZ,\n\
         140,\"THE PLOUGH, 3 MILL LANE, FARTON\",ZY9 9ZZ,\n",
    );
    let props = w(
        "properties.csv",
        "uprn,x,y,class\n100,359000,418000,PP\n101,359000,418000,RD06\n\
         102,359000,418000,RD06\n120,359010,418000,RD04\n130,370000,418000,RD04\n\
         140,370000,418100,CR\n",
    );
    let pcs = w(
        "codepoint.csv",
        "Postcode,Positional_quality_indicator,Eastings,Northings\n\
         ZY1 1AA,10,359000,418000\nZY9 9ZZ,10,370000,418000\n",
    );
    let boundary = w(
        "boundary.geojson",
        r#"{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::27700"}},"features":[{"type":"Feature","properties":{"code":"E07000118"},
        "geometry":{"type":"Polygon","coordinates":[[[358000,417000],[360000,417000],[360000,419000],[358000,419000],[358000,417000]]]}}]}"#,
    );
    let input = w(
        "partner.csv",
        "id,address,uprn\n\
         a,\"2/10 High St, ZY1 1AA\",\n\
         b,\"Flat, 10 High Street, Kelton\",\n\
         c,\"99 Nowhere Road, AB1 2CD\",\n\
         d,\"5 Mill Lane, Farton, ZY1 1AA\",999\n\
         e,\"The Plough, 3 Mill Lane, Farton ZY9 9ZZ\",\n\
         f,\"12 High Street, Kelton ZY1 1AA\",\n\
         g,\"12 high street kelton zy1 1aa\",120\n",
    );
    let out = dir.path().join("report");
    let run = outreach()
        .arg("quality")
        .args(["--gazetteer".as_ref(), gaz.as_os_str()])
        .args(["--input".as_ref(), input.as_os_str()])
        .args(["--input-uprn-field", "uprn"])
        .args(["--properties".as_ref(), props.as_os_str()])
        .args(["--postcodes".as_ref(), pcs.as_os_str()])
        .args(["--boundary".as_ref(), boundary.as_os_str()])
        .args(["--boundary-code", "E07000118"])
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    let read = |name: &str| -> Vec<Vec<String>> {
        let text = std::fs::read_to_string(out.join(name)).unwrap();
        csv::Reader::from_reader(text.as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect()
    };
    let mut anomalies: Vec<(String, String)> = read("anomalies.csv")
        .into_iter()
        .map(|r| (r[0].clone(), r[1].clone()))
        .collect();
    anomalies.sort();
    let want = [
        ("b", "building_only"),
        ("c", "no_match"),
        ("d", "outside_boundary"),
        ("d", "postcode_corrected"),
        ("d", "unknown_uprn"),
        ("e", "non_residential"),
        ("e", "outside_boundary"),
        ("f", "shared_uprn"),
        ("g", "shared_uprn"),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(anomalies, want, "{stderr}");
    let io = read("inside_outside.csv");
    assert_eq!(io[0], ["before", "4", "1", "2"]);
    assert_eq!(io[1], ["after", "4", "2", "1"]);
    let corrections = read("corrections.csv");
    let d = corrections.iter().find(|r| r[0] == "d").unwrap();
    assert_eq!(d[2], "130");
    assert_eq!(d[3], "5 MILL LANE, FARTON, ZY9 9ZZ");
    assert!(d[4].contains("postcode ZY1 1AA -> ZY9 9ZZ"), "{}", d[4]);
    assert!(d[4].contains("UPRN 999 -> 130"), "{}", d[4]);
    let b = corrections.iter().find(|r| r[0] == "b").unwrap();
    assert_eq!(b[2], "100");
    assert!(b[4].contains("building level only"), "{}", b[4]);
    // g carries its own UPRN and its text only differs in case: nothing to correct.
    assert!(corrections.iter().all(|r| r[0] != "g"));
}
