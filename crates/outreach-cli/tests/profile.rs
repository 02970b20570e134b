//! `outreach profile` on the Chorley demo data: synthetic households from `outreach synth`,
//! real boundaries, IoD2019, OAC, police.uk crime and ONS populations.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn chorley() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/data/chorley")
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_outreach"))
        .args(args)
        .output()
        .unwrap()
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "stdout: {}\nstderr: {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn rows(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(path).unwrap();
    let h = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows = r
        .records()
        .map(|x| x.unwrap().iter().map(str::to_string).collect())
        .collect();
    (h, rows)
}

#[test]
fn profile_writes_suppressed_tables_drivers_and_hot_spots() {
    let d = chorley();
    let tmp = tempfile::tempdir().unwrap();
    let homes = tmp.path().join("homes.csv");
    ok(&run(&[
        "synth",
        "--areas",
        p(&d.join("lsoa11_bgc.geojson")),
        "--area-code-field",
        "LSOA11CD",
        "--vintage",
        "2011",
        "--ts011",
        p(&d.join("ts011_household_deprivation_lsoa21.csv")),
        "--population",
        p(&d.join("population_mid2019_sya_lsoa11.csv.gz")),
        "--lookup",
        p(&d.join("lsoa11_lsoa21_lookup.csv")),
        "--out",
        p(&homes),
    ]));
    let out = tmp.path().join("profile");
    let stdout = ok(&run(&[
        "profile",
        "--areas",
        p(&d.join("lsoa11_bgc.geojson")),
        "--area-code-field",
        "LSOA11CD",
        "--area-name-field",
        "LSOA11NM",
        "--gazetteer",
        p(&homes),
        "--iod",
        p(&d.join("iod2019_lsoa11.csv")),
        "--crime",
        p(&d.join("crime_street_2019-12_to_2022-10.csv.gz")),
        "--from",
        "2021-11",
        "--to",
        "2022-10",
        "--oac",
        p(&d.join("oac2011.csv")),
        "--oa",
        p(&d.join("oa11_bgc.geojson.gz")),
        "--population",
        p(&d.join("population_mid2019_sya_lsoa11.csv.gz")),
        "--hot-spots",
        "crime:all",
        "--england",
        "crime:all=80",
        "--out",
        p(&out),
    ]));
    assert!(stdout.contains("profiled 66 areas"), "{stdout}");
    assert!(
        stdout.contains("20% most deprived nationally: 8 areas"),
        "{stdout}"
    );

    let (h, areas) = rows(&out.join("areas.csv"));
    assert_eq!(areas.len(), 66);
    let col = |name: &str| {
        h.iter()
            .position(|c| c == name)
            .unwrap_or_else(|| panic!("{name} not in {h:?}"))
    };
    let (count, value, flag) = (
        col("crime:Bicycle theft:count"),
        col("crime:Bicycle theft:value"),
        col("crime:all:vs_england"),
    );
    let mut suppressed = 0;
    for r in &areas {
        if r[count].is_empty() {
            suppressed += 1;
            assert!(
                r[value].is_empty(),
                "a suppressed count's rate is published: {r:?}"
            );
        } else {
            let n: u64 = r[count].parse().unwrap();
            assert!(n == 0 || n >= 5, "count {n} published");
        }
        assert!(["higher", "similar", "lower"].contains(&r[flag].as_str()));
    }
    assert!(suppressed > 0);
    let (_, drivers) = rows(&out.join("need_drivers.csv"));
    assert_eq!(drivers.len(), 66 * 7);
    let (hh, spots) = rows(&out.join("hot_spots.csv"));
    assert_eq!(
        hh,
        [
            "indicator",
            "area_code",
            "value",
            "gi_z",
            "p",
            "q",
            "hot_spot"
        ]
    );
    assert_eq!(spots.len(), 66);
    let (_, long) = rows(&out.join("indicators.csv"));
    assert!(long
        .iter()
        .any(|r| r[1] == "all areas" && r[2] == "crime:all"));
    let gj: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("areas.geojson")).unwrap()).unwrap();
    assert_eq!(gj["features"].as_array().unwrap().len(), 66);
    assert_eq!(gj["suppression_threshold"], 5);
    assert_eq!(
        gj["features"][0]["properties"]["code"],
        areas[0][0].as_str()
    );
}

#[test]
fn profile_refuses_rates_without_population_and_names_bad_options() {
    let d = chorley();
    let tmp = tempfile::tempdir().unwrap();
    let homes = tmp.path().join("homes.csv");
    std::fs::write(
        &homes,
        "UPRN,X_COORDINATE,Y_COORDINATE,LATITUDE,LONGITUDE\n1,358000,417000,,\n",
    )
    .unwrap();
    let (lsoas, crime) = (
        d.join("lsoa11_bgc.geojson"),
        d.join("crime_street_2019-12_to_2022-10.csv.gz"),
    );
    let base = [
        "profile",
        "--areas",
        p(&lsoas),
        "--area-code-field",
        "LSOA11CD",
        "--gazetteer",
        p(&homes),
        "--out",
        p(tmp.path()),
    ];
    let mut args = base.to_vec();
    args.extend(["--crime", p(&crime)]);
    let out = run(&args);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no population"));
    let mut args = base.to_vec();
    args.extend(["--hot-spots", "crime:all"]);
    let out = run(&args);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("no indicator \"crime:all\""),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut args = base.to_vec();
    args.extend(["--geojson-crs", "3857"]);
    assert!(!run(&args).status.success());
}
