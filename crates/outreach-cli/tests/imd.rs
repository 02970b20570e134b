//! `outreach imd recompute` and `outreach imd summary` end to end, on the Chorley data shipped
//! in the repository and the published IoD files in ../shared/data.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn chorley() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/data/chorley")
}

/// `../shared/data` (or `$OUTREACH_SHARED_DATA`); CI always has it.
fn shared_data() -> PathBuf {
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
    .expect("../shared/data not found: set OUTREACH_SHARED_DATA to the shared data folder")
}

fn outreach(args: &[&str], paths: &[(&str, &Path)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_outreach"));
    cmd.arg("imd").args(args);
    for (flag, path) in paths {
        cmd.arg(flag).arg(path);
    }
    cmd.output().unwrap()
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// A CSV as header names and rows of fields.
fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap().split(',').map(String::from).collect();
    let rows = lines
        .map(|l| l.split(',').map(String::from).collect())
        .collect();
    (header, rows)
}

/// Published LSOA IMD score and decile by code (3 dp scores), read by the library.
fn published(path: &Path) -> HashMap<String, (f64, u8)> {
    let (iod, _) = outreach::io::read_iod(path, None).unwrap();
    (0..iod.len())
        .map(|i| {
            let row = iod.row(i).unwrap();
            let imd = outreach::Domain::Imd;
            (
                row.code().to_string(),
                (row.score(imd).unwrap(), row.decile(imd).unwrap()),
            )
        })
        .collect()
}

#[test]
fn recompute_iod2025_matches_the_published_imd() {
    let dir = tempfile::tempdir().unwrap();
    let iod = shared_data().join("imd2025/iod2025_scores_ranks_deciles_lsoa21.csv.gz");
    let out = dir.path().join("imd.csv");
    let stdout = ok(&outreach(
        &["recompute"],
        &[("--iod", &iod), ("--out", &out)],
    ));
    assert!(stdout.contains("recomputed the IMD"), "{stdout}");
    assert!(
        stdout.contains("max |difference| from the published IMD score: 0.0007"),
        "{stdout}"
    );
    let (header, rows) = read_csv(&out);
    assert_eq!(header, ["lsoa_code", "imd_score", "imd_rank", "imd_decile"]);
    assert_eq!(rows.len(), 33_755);
    let published = published(&iod);
    let mut max_err = 0.0f64;
    for row in &rows {
        let (score, decile) = published[&row[0]];
        max_err = max_err.max((row[1].parse::<f64>().unwrap() - score).abs());
        assert_eq!(row[3].parse::<u8>().unwrap(), decile, "{}", row[0]);
    }
    assert!(max_err <= 0.002, "{max_err}");
}

#[test]
fn recompute_iod2019_and_reweight_a_council_subset() {
    let dir = tempfile::tempdir().unwrap();
    let iod = shared_data().join("imd2019/iod2019_lsoa11_combined.csv.gz");
    let out = dir.path().join("imd.csv");
    ok(&outreach(
        &["recompute"],
        &[("--iod", &iod), ("--out", &out)],
    ));
    let published = published(&iod);
    let (_, rows) = read_csv(&out);
    assert_eq!(rows.len(), 32_844);
    for row in &rows {
        let (score, decile) = published[&row[0]];
        assert!(
            (row[1].parse::<f64>().unwrap() - score).abs() <= 0.002,
            "{row:?}"
        );
        assert_eq!(row[3].parse::<u8>().unwrap(), decile, "{row:?}");
    }

    // Re-weighted, on Chorley's 66 LSOAs: scores only (no national ranks), and labelled.
    let stdout = ok(&outreach(
        &[
            "recompute",
            "--weights",
            "income=50, employment=50",
            "--renormalise",
        ],
        &[
            ("--iod", &chorley().join("iod2019_lsoa11.csv")),
            ("--out", &out),
        ],
    ));
    assert!(stdout.contains("NOT the official IMD"), "{stdout}");
    assert!(stdout.contains("ranks and deciles left empty"), "{stdout}");
    let (_, rows) = read_csv(&out);
    assert_eq!(rows.len(), 66);
    assert!(rows
        .iter()
        .all(|r| !r[1].is_empty() && r[2].is_empty() && r[3].is_empty()));
}

#[test]
fn summary_by_lad_reproduces_the_published_district_figures() {
    let dir = tempfile::tempdir().unwrap();
    let data = shared_data();
    let out = dir.path().join("lad.csv");
    ok(&outreach(
        &["summary", "--by", "lad"],
        &[
            (
                "--iod",
                &data.join("imd2019/iod2019_lsoa11_combined.csv.gz"),
            ),
            ("--out", &out),
        ],
    ));
    let (header, rows) = read_csv(&out);
    assert_eq!(header[0], "lad_code");
    let col = |n: &str| header.iter().position(|h| h == n).unwrap();
    let (score, proportion, extent) = (
        col("average_score"),
        col("proportion_most_deprived_10pct"),
        col("extent"),
    );
    for name in [
        "average_rank",
        "local_concentration",
        "rank_of_average_score",
        "rank_of_extent",
    ] {
        col(name);
    }
    assert_eq!(rows.len(), 317);
    let (ph, prows) = read_csv(&data.join("imd2019/iod2019_lad19_summaries.csv"));
    assert_eq!(&ph[..4], ["ltla19_code", "Score", "Proportion", "Extent"]);
    let published: HashMap<&str, &Vec<String>> = prows.iter().map(|r| (r[0].as_str(), r)).collect();
    let f = |s: &str| s.parse::<f64>().unwrap();
    for row in &rows {
        let p = published[row[0].as_str()];
        assert!((f(&row[score]) - f(&p[1])).abs() <= 0.001, "{row:?}");
        assert!((f(&row[proportion]) - f(&p[2])).abs() <= 0.0001, "{row:?}");
        assert!((f(&row[extent]) - f(&p[3])).abs() <= 0.0001, "{row:?}");
    }
}

#[test]
fn summary_with_a_population_file_and_a_lookup() {
    let dir = tempfile::tempdir().unwrap();
    let data = shared_data();
    let out = dir.path().join("chorley.csv");
    // Chorley's IoD2019 rows, official File 6 populations, LADs from an ONS lookup that also
    // covers the rest of England and Wales (the other rows are skipped and counted).
    let run = outreach(
        &["summary", "--by", "lad"],
        &[
            ("--iod", &chorley().join("iod2019_lsoa11.csv")),
            (
                "--population",
                &data.join("imd2019/File_6_-_IoD2019_Population_Denominators.csv.gz"),
            ),
            ("--lookup", &data.join("lookups/lsoa11_lad21_ew.csv.gz")),
            ("--out", &out),
        ],
    );
    let stdout = ok(&run);
    assert!(stdout.contains("unofficial weights"), "{stdout}");
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("lookup rows skipped"), "{stderr}");
    let (_, rows) = read_csv(&out);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0][0], "E07000118");
    assert_eq!(rows[0][1], "66");
    // File 6 holds the same mid-2015 populations as the combined file: the published score.
    assert!((rows[0][3].parse::<f64>().unwrap() - 16.863).abs() <= 0.001);

    // A ward lookup on LSOA 2021 for an IoD2019 (LSOA 2011) file: the unchanged codes join,
    // the 2011 LSOAs that were split or merged do not, and the command says how many.
    let wrong = outreach(
        &["summary", "--by", "ward24_code"],
        &[
            ("--iod", &chorley().join("iod2019_lsoa11.csv")),
            (
                "--lookup",
                &data.join("lookups/lsoa21_ward24_lad24_ew.csv.gz"),
            ),
            ("--out", &out),
        ],
    );
    ok(&wrong);
    let stderr = String::from_utf8_lossy(&wrong.stderr);
    assert!(
        stderr.contains("LSOAs of the IoD file have no area in the lookup"),
        "{stderr}"
    );
    let (header, _) = read_csv(&out);
    assert_eq!(header[0], "area_code");
}

#[test]
fn errors_are_reported_with_a_non_zero_exit() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.csv");
    let data = shared_data();
    let cases: [(&[&str], PathBuf, &str); 4] = [
        (
            &["recompute", "--weights", "wealth=10"],
            chorley().join("iod2019_lsoa11.csv"),
            "\"wealth\" is not a domain",
        ),
        (
            &["recompute", "--weights", "income"],
            chorley().join("iod2019_lsoa11.csv"),
            "is not DOMAIN=WEIGHT",
        ),
        (
            &["summary"],
            data.join("imd2025/iod2025_scores_ranks_deciles_lsoa21.csv.gz"),
            "no population column",
        ),
        (
            &["recompute", "--edition", "2015"],
            chorley().join("iod2019_lsoa11.csv"),
            "use 2019 or 2025",
        ),
    ];
    for (args, iod, message) in cases {
        let run = outreach(args, &[("--iod", &iod), ("--out", &out)]);
        assert!(!run.status.success(), "{args:?}");
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
}
