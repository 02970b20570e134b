//! `outreach kpi` end to end: observations and targets CSV in, comparison CSV and Markdown
//! report out; police.uk records in, crime table out.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn outreach() -> Command {
    Command::new(env!("CARGO_BIN_EXE_outreach"))
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The Chorley Partnership's printed quarter counts (2010/11 Q2 → 2011/12 Q2), one
/// indicator entered by month, one from zero, one with a month missing, and a bad row.
const OBSERVATIONS: &str = "indicator,period,value
All Crime,2010-Q2,1413
All Crime,2011-Q2,1455
Burglary Dwelling,2010-Q2,44
Burglary Dwelling,2011-Q2,61
Robbery,2010-Q2,6
Robbery,2011-Q2,1
Criminal Damage,2010-Q2,280
Criminal Damage,2011-Q2,215
Deliberate fires,2010-07,3
Deliberate fires,2010-08,4
Deliberate fires,2010-09,5
Deliberate fires,2011-07,4
Deliberate fires,2011-08,4
Deliberate fires,2011-09,7
Theft from the person,2010-Q2,0
Theft from the person,2011-Q2,4
Shoplifting,2010-Q2,50
Shoplifting,2011-07,20
Shoplifting,2011-08,21
Arson,2011-Q7,3
";

#[test]
fn compare_writes_one_row_per_indicator() {
    let dir = tempfile::tempdir().unwrap();
    let obs = write(dir.path(), "obs.csv", OBSERVATIONS);
    let out_csv = dir.path().join("out.csv");
    let out = outreach()
        .args(["kpi", "compare", "--observations"])
        .arg(&obs)
        .args(["--period", "2011-Q2", "--out"])
        .arg(&out_csv)
        .output()
        .unwrap();
    let stdout = ok(&out);
    assert!(
        stdout.contains("compared 7 series for 2011/12 Q2"),
        "{stdout}"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("20 read, 19 accepted, 1 rejected")
            && stderr.contains("line 21: field period"),
        "{stderr}"
    );
    let written = std::fs::read_to_string(&out_csv).unwrap();
    assert_eq!(
        written,
        "indicator,current,previous,change_pct,note
All Crime,1455,1413,3.0,
Burglary Dwelling,61,44,38.6,
Robbery,1,6,-83.3,
Criminal Damage,215,280,-23.2,
Deliberate fires,15,12,25.0,
Theft from the person,4,0,,previous figure is 0: % change undefined
Shoplifting,,50,,current incomplete: no data for 2011-09
"
    );
}

#[test]
fn compare_with_targets_adds_ytd_and_rag_and_writes_a_report() {
    let dir = tempfile::tempdir().unwrap();
    let obs = write(
        dir.path(),
        "obs.csv",
        "indicator,period,value
Accidental dwelling fires,2011-Q1,15
Accidental dwelling fires,2011-Q2,12
Accidental dwelling fires,2010-Q1,16
Accidental dwelling fires,2010-Q2,15
Deliberate primary fires,2011-Q1,12
Deliberate primary fires,2011-Q2,9
Deliberate primary fires,2010/11,44
Vulnerable households given a home fire safety check,2011-Q2,83
Vulnerable households given a home fire safety check,2010-Q2,80
All Crime,2010-Q2,1413
All Crime,2011-Q2,1455
",
    );
    let targets = write(
        dir.path(),
        "targets.csv",
        "indicator,target,polarity,tolerance_pct,unit
Accidental dwelling fires,64,lower,,count
Deliberate primary fires,40,lower,10,count
Vulnerable households given a home fire safety check,85,higher,5,percent
",
    );
    let projects = write(
        dir.path(),
        "projects.csv",
        "project,rag\nSafer streets,G\nHoliday hunger,Green\nCCTV upgrade,amber\nYouth diversion,\n",
    );
    let out_csv = dir.path().join("out.csv");
    let md = dir.path().join("report.md");
    let out = outreach()
        .args(["kpi", "compare", "--observations"])
        .arg(&obs)
        .args(["--period", "2011-Q2", "--targets"])
        .arg(&targets)
        .arg("--projects")
        .arg(&projects)
        .args(["--significance", "0.05", "--out"])
        .arg(&out_csv)
        .arg("--markdown")
        .arg(&md)
        .output()
        .unwrap();
    ok(&out);
    let written = std::fs::read_to_string(&out_csv).unwrap();
    let lines: Vec<&str> = written.lines().collect();
    assert_eq!(
        lines[0],
        "indicator,current,previous,change_pct,ytd,ytd_previous,ytd_change_pct,polarity,target,target_to_date,rag,p_value,note"
    );
    assert_eq!(
        lines[1],
        "Accidental dwelling fires,12,15,-20.0,27,31,-12.9,lower,64,32,Green,0.701108,"
    );
    // 21 fires by September against 20 to date (40 a year): within 10%, amber. Last year
    // was entered for the whole year only, so its year to date is unknown.
    assert_eq!(
        lines[2],
        "Deliberate primary fires,9,,,21,,,lower,40,20,Amber,,\
         previous not available; ytd: previous not available"
    );
    assert!(
        lines[3].starts_with("Vulnerable households given a home fire safety check,83,80,3.8,,,,higher,85,85,Amber,,"),
        "{}",
        lines[3]
    );
    assert!(
        lines[4].starts_with("All Crime,1455,1413,3.0,"),
        "{}",
        lines[4]
    );
    assert_eq!(lines.len(), 5);

    let report = std::fs::read_to_string(&md).unwrap();
    for expected in [
        "# Partnership performance report",
        "| All Crime | 1,455 | 1,413 | +3.0% |",
        "## 2. Indicators against targets",
        "| Accidental dwelling fires | lower | 64 | 32 | 27 | Green |",
        "| Deliberate primary fires | lower | 40 | 20 | 21 | Amber |",
        "| Vulnerable households given a home fire safety check ‡ | higher | 85.0% | 85.0% | 83.0% | Amber |",
        "## 3. Projects",
        "2 of 3 reported green = 67% (2 green, 1 amber, 0 red; 1 not reported).",
    ] {
        assert!(report.contains(expected), "missing {expected:?} in\n{report}");
    }
}

#[test]
fn crime_table_from_police_uk_rows() {
    let dir = tempfile::tempdir().unwrap();
    // Two years of a tiny force: October 2020 is missing from the file.
    let mut rows = String::from(
        "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context\n",
    );
    let add = |rows: &mut String, month: &str, crime: &str, lsoa: &str, n: usize| {
        for _ in 0..n {
            rows.push_str(&format!(
                ",{month},Force,Force,-2.6,53.6,On or near X,{lsoa},Chorley 001A,{crime},,\n"
            ));
        }
    };
    for (month, burglary, asb) in [
        ("2020-11", 4, 9),
        ("2020-12", 6, 9),
        ("2021-10", 5, 2),
        ("2021-11", 5, 2),
        ("2021-12", 3, 2),
    ] {
        add(&mut rows, month, "Burglary", "E01024951", burglary);
        add(&mut rows, month, "Anti-social behaviour", "E01024952", asb);
    }
    add(&mut rows, "2021-11", "Robbery", "E01024952", 2);
    let records = write(dir.path(), "street.csv", &rows);
    let out_csv = dir.path().join("crime.csv");
    let md = dir.path().join("crime.md");
    let out = outreach()
        .args(["kpi", "crime", "--records"])
        .arg(&records)
        .args(["--period", "2021-Q3", "--by-area", "--out"])
        .arg(&out_csv)
        .arg("--markdown")
        .arg(&md)
        .output()
        .unwrap();
    let stdout = ok(&out);
    assert!(
        stdout.contains("12 crime series for 2021/22 Q3"),
        "{stdout}"
    );
    let written = std::fs::read_to_string(&out_csv).unwrap();
    let lines: Vec<&str> = written.lines().collect();
    assert_eq!(
        lines[0],
        "indicator,area_code,current,previous,change_pct,ytd,ytd_previous,ytd_change_pct,rolling_12,rolling_12_previous,rolling_12_change_pct,note"
    );
    // All crime leaves out ASB; Oct 2020 is missing, so last year's Q3 is not compared.
    assert!(
        lines[1].starts_with("All crime,,15,,,,,,,,,\"previous incomplete: no data for 2020-10;"),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].starts_with("Anti-social behaviour,,6,,"),
        "{}",
        lines[2]
    );
    assert!(lines[4].starts_with("Robbery,,2,,"), "{}", lines[4]);
    assert!(written.contains("\nBurglary,E01024951,13,,"), "{written}");
    assert!(written.contains("\nBurglary,E01024952,0,,"), "{written}");
    let report = std::fs::read_to_string(&md).unwrap();
    assert!(
        report.contains("| All crime | 15 | 10 †1 | n/a |"),
        "{report}"
    );
    assert!(
        report.contains("†1 incomplete: no data for 2020-10"),
        "{report}"
    );
}

#[test]
fn bad_period_and_missing_file_fail_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let obs = write(dir.path(), "obs.csv", OBSERVATIONS);
    let out = outreach()
        .args(["kpi", "compare", "--observations"])
        .arg(&obs)
        .args(["--period", "2011-Q5", "--out"])
        .arg(dir.path().join("o.csv"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("2011-Q5") && stderr.contains("2011/12"),
        "{stderr}"
    );

    let out = outreach()
        .args(["kpi", "compare", "--observations"])
        .arg(dir.path().join("missing.csv"))
        .args(["--period", "2011-Q2", "--out"])
        .arg(dir.path().join("o.csv"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.csv"));
}
