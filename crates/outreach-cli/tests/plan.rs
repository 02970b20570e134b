//! `outreach plan` end to end on the bundled demo data and the shipped example rules.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read(path: &std::path::Path) -> Vec<HashMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

#[test]
fn plan_writes_visits_and_partner_work_lists() {
    let dir = tempfile::tempdir().unwrap();
    let history = dir.path().join("history.csv");
    std::fs::write(
        &history,
        "uprn,service,date,result\nnot-a-uprn,fire_check,2025-01-10,delivered\n",
    )
    .unwrap();
    let run = |out: &std::path::Path| {
        Command::new(env!("CARGO_BIN_EXE_outreach"))
            .arg("plan")
            .arg("--rules")
            .arg(root().join("examples/week_of_action.json"))
            .arg("--out")
            .arg(out)
            .arg("--history")
            .arg(&history)
            .output()
            .unwrap()
    };
    let out = dir.path().join("plan");
    let o = run(&out);
    let stdout = String::from_utf8_lossy(&o.stdout);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{stdout}\n{stderr}");
    assert!(stderr.contains("1 rejected"), "{stderr}");
    assert!(stdout.contains("5077 visits"), "{stdout}");
    let visits = read(&out.join("visits.csv"));
    assert_eq!(visits.len(), 5077);
    let header: Vec<&str> = {
        let mut v: Vec<&str> = visits[0].keys().map(String::as_str).collect();
        v.sort_unstable();
        v
    };
    assert_eq!(header, ["day", "order", "round", "services", "uprn"]);
    let uprns: HashSet<&str> = visits.iter().map(|v| v["uprn"].as_str()).collect();
    assert_eq!(uprns.len(), visits.len(), "one row per household");
    let partners: Vec<_> = std::fs::read_dir(out.join("partners"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(partners.len(), 6, "{partners:?}");
    let fire = read(&out.join("partners/lancashire_fire_and_rescue.csv"));
    let want = visits
        .iter()
        .filter(|v| {
            v["services"]
                .split(';')
                .any(|s| s == "fire_check" || s == "smoke_alarm")
        })
        .count();
    assert_eq!(fire.len(), want);
    assert!(fire.iter().all(|r| r["services"]
        .split(';')
        .all(|s| s == "fire_check" || s == "smoke_alarm")));
    let mut per_day: HashMap<&str, u32> = HashMap::new();
    for r in &fire {
        *per_day.entry(r["day"].as_str()).or_default() += 1;
    }
    assert!(per_day.values().all(|&n| n <= 900), "{per_day:?}");

    // A household with a fire check delivered in 2025 is not due another.
    let checked = visits
        .iter()
        .find(|v| v["services"].split(';').any(|s| s == "fire_check"))
        .unwrap();
    std::fs::write(
        &history,
        format!(
            "uprn,service,date,result\n{},fire_check,2025-01-10,delivered\n",
            checked["uprn"]
        ),
    )
    .unwrap();
    let again = dir.path().join("again");
    assert!(run(&again).status.success());
    let visits2 = read(&again.join("visits.csv"));
    let row = visits2.iter().find(|v| v["uprn"] == checked["uprn"]);
    assert!(row.is_none_or(|v| !v["services"].split(';').any(|s| s == "fire_check")));
    assert_eq!(visits2.len() + usize::from(row.is_none()), visits.len());

    let bad = Command::new(env!("CARGO_BIN_EXE_outreach"))
        .args(["plan", "--rules"])
        .arg(&history)
        .arg("--out")
        .arg(dir.path().join("x"))
        .output()
        .unwrap();
    assert!(!bad.status.success());
    // Not JSON: the error names the rules file and the line.
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(stderr.contains("history.csv, line 1:"), "{stderr}");
}
