//! Performance reporting (`outreach::kpi`): the Chorley Partnership's printed figures, fire
//! KPIs against targets, and crime tables from the real police.uk Chorley file checked
//! against counts made here directly with the csv crate.

use std::collections::{BTreeSet, HashMap};
use std::io::Read;

use outreach::io;
use outreach::kpi::{
    Basis, Change, CountOptions, Figure, Indicator, Month, Observations, Period, Polarity, Project,
    Rag, RagSummary, Report, Target, Unit,
};

use crate::shared_data;

/// The quarter counts the Chorley Partnership printed (2010/11 Q2 → 2011/12 Q2) and the %
/// change printed beside them.
const SEED: [(&str, f64, f64, &str); 4] = [
    ("All Crime", 1413.0, 1455.0, "+3.0%"),
    ("Burglary Dwelling", 44.0, 61.0, "+38.6%"),
    ("Robbery", 6.0, 1.0, "-83.3%"),
    ("Criminal Damage", 280.0, 215.0, "-23.2%"),
];

fn p(s: &str) -> Period {
    s.parse().unwrap()
}

fn seed_observations() -> Observations {
    let mut obs = Observations::new();
    for (name, last, this, _) in SEED {
        obs.insert(name, None, p("2010-Q2"), last).unwrap();
        obs.insert(name, None, p("2011-Q2"), this).unwrap();
    }
    obs
}

#[test]
fn seed_table_changes_are_reproduced_as_printed() {
    let obs = seed_observations();
    let rows = obs.compare_all(&[], p("2011-Q2"));
    assert_eq!(rows.len(), SEED.len());
    for (row, (name, last, this, printed)) in rows.iter().zip(SEED) {
        assert_eq!(row.indicator, name);
        assert_eq!(row.period_change.current, Figure::Complete(this));
        assert_eq!(row.period_change.previous, Figure::Complete(last));
        assert_eq!(row.period_change.change.to_string(), printed, "{name}");
        let pct: f64 = printed.trim_end_matches('%').parse().unwrap();
        assert_eq!(row.period_change.change.rounded_pct(), Some(pct), "{name}");
        // The same from the bare numbers.
        assert_eq!(Change::between(this, last).unwrap().to_string(), printed);
    }
    // Exact conditional Poisson test: only criminal damage's fall is beyond chance at 5%.
    let significant: Vec<bool> = rows
        .iter()
        .map(|r| r.period_change.is_significant(0.05).unwrap())
        .collect();
    assert_eq!(significant, [false, false, false, true]);
    // Robbery 6 → 1: P(X ≤ 1 | n = 7, ½) = 8/128, two-sided 0.125.
    assert!((rows[2].period_change.p_value.unwrap() - 0.125).abs() < 1e-12);
}

#[test]
fn change_from_zero_is_undefined_not_infinite() {
    let mut obs = Observations::new();
    obs.insert("Theft from the person", None, p("2010-Q2"), 0.0)
        .unwrap();
    obs.insert("Theft from the person", None, p("2011-Q2"), 4.0)
        .unwrap();
    let row = &obs.compare_all(&[], p("2011-Q2"))[0];
    assert_eq!(row.period_change.change, Change::FromZero);
    assert_eq!(row.period_change.change.rounded_pct(), None);
    assert_eq!(row.period_change.change.to_string(), "n/a");
    assert!(row.note().unwrap().contains("previous figure is 0"));
}

fn fires(ytd_q1: f64, ytd_q2: f64) -> Observations {
    let mut obs = Observations::new();
    let adf = "Accidental dwelling fires";
    obs.insert(adf, None, p("2011-Q1"), ytd_q1).unwrap();
    obs.insert(adf, None, p("2011-Q2"), ytd_q2 - ytd_q1)
        .unwrap();
    obs.insert(adf, None, p("2010-Q1"), 16.0).unwrap();
    obs.insert(adf, None, p("2010-Q2"), 15.0).unwrap();
    obs
}

fn adf() -> Indicator {
    Indicator::new("Accidental dwelling fires", Unit::Count)
        .with_polarity(Polarity::LowerIsBetter)
        .with_target(Target::annual(64.0).unwrap())
}

#[test]
fn fire_kpis_get_rag_with_polarity() {
    // Lower is better: annual target 64, so 32 by the end of September.
    for (ytd, rag) in [
        (27.0, Rag::Green),
        (32.0, Rag::Green),
        (33.0, Rag::Amber),
        (34.0, Rag::Red),
    ] {
        let row = fires(15.0, ytd).compare(&adf(), None, p("2011-Q2"));
        let a = row.assessment.unwrap();
        assert_eq!(a.basis, Basis::YearToDate);
        assert_eq!((a.annual_target, a.target), (64.0, 32.0));
        assert_eq!((a.actual, a.rag), (Some(ytd), Some(rag)), "YTD {ytd}");
    }
    // The same 27 fires against the annual target at year end would be green too; with a
    // profile front-loading the target it is red by September.
    let tight = Indicator::new("Accidental dwelling fires", Unit::Count)
        .with_polarity(Polarity::LowerIsBetter)
        .with_target(
            Target::annual(64.0)
                .unwrap()
                .with_quarterly_profile([10.0, 10.0, 22.0, 22.0])
                .unwrap(),
        );
    let a = fires(15.0, 27.0)
        .compare(&tight, None, p("2011-Q2"))
        .assessment
        .unwrap();
    assert_eq!((a.target, a.rag), (20.0, Some(Rag::Red)));

    // Higher is better: % of vulnerable households given a home fire safety check,
    // target 85%, judged on the quarter (a percentage is not summed over the year).
    let name = "Vulnerable households given a home fire safety check (%)";
    let hfsc = Indicator::new(name, Unit::Percent)
        .with_polarity(Polarity::HigherIsBetter)
        .with_target(Target::annual(85.0).unwrap());
    for (value, rag) in [
        (91.2, Rag::Green),
        (85.0, Rag::Green),
        (81.0, Rag::Amber),
        (80.0, Rag::Red),
    ] {
        let mut obs = Observations::new();
        obs.insert(name, None, p("2011-Q2"), value).unwrap();
        let a = obs.compare(&hfsc, None, p("2011-Q2")).assessment.unwrap();
        assert_eq!(a.basis, Basis::Period);
        assert_eq!((a.actual, a.rag), (Some(value), Some(rag)), "{value}%");
    }
    // Polarity decides: 27 against 32 is red for a higher-is-better count.
    let more = Indicator::new("Safe and well visits", Unit::Count)
        .with_polarity(Polarity::HigherIsBetter)
        .with_tolerance_pct(10.0)
        .unwrap();
    assert_eq!(more.rag(27.0, 32.0), Some(Rag::Red));
    assert_eq!(more.rag(29.0, 32.0), Some(Rag::Amber));
    assert_eq!(adf().rag(27.0, 32.0), Some(Rag::Green));
}

#[test]
fn committee_report_layout() {
    let mut obs = seed_observations();
    // Q1 figures are invented (the printed table had only the quarter): they complete the
    // year to date so the YTD columns can be checked.
    for (name, last, this) in [("All Crime", 1500.0, 1380.0), ("Robbery", 3.0, 0.0)] {
        obs.insert(name, None, p("2010-Q1"), last).unwrap();
        obs.insert(name, None, p("2011-Q1"), this).unwrap();
    }
    let crime = obs.compare_all(&[], p("2011-Q2"));
    let fire = vec![fires(15.0, 27.0).compare(&adf(), None, p("2011-Q2"))];
    let mut projects: Vec<Project> = (0..44)
        .map(|i| Project {
            name: format!("Project {i}"),
            rag: Some(match i {
                0..=38 => Rag::Green,
                39..=42 => Rag::Amber,
                _ => Rag::Red,
            }),
        })
        .collect();
    projects.push(Project {
        name: "Late | project".into(),
        rag: None,
    });
    let md = Report::new("Chorley Partnership performance", p("2011-Q2"))
        .with_significance(0.05)
        .changes("Crime by category", &crime)
        .targets("Fire and rescue", &fire)
        .projects("Projects", &projects)
        .to_markdown();
    let expect = [
        "# Chorley Partnership performance",
        "Reporting period: 2011/12 Q2 (Jul 2011 – Sep 2011). Year to date: Apr 2011 – Sep 2011, compared with Apr 2010 – Sep 2010.",
        "## 1. Crime by category",
        "| Indicator | 2011/12 Q2 | 2010/11 Q2 | % change | YTD 2011/12 | YTD 2010/11 | % change |",
        "| All Crime | 1,455 | 1,413 | +3.0% | 2,835 | 2,913 | -2.7% |",
        "| Burglary Dwelling | 61 | 44 | +38.6% | 61 †1 | 44 †2 | n/a |",
        "| Robbery | 1 | 6 | -83.3% | 1 | 9 | -88.9%\\* |",
        "| Criminal Damage | 215 | 280 | -23.2%\\* | 215 †1 | 280 †2 | n/a |",
        "†1 incomplete: no data for 2011-04, 2011-05, 2011-06",
        "†2 incomplete: no data for 2010-04, 2010-05, 2010-06",
        "## 2. Fire and rescue",
        "| Accidental dwelling fires | lower | 64 | 32 | 27 | Green |",
        "## 3. Projects",
        "39 of 44 reported green = 89% (39 green, 4 amber, 1 red; 1 not reported).",
        "| Late \\| project | not reported |",
    ];
    for line in expect {
        assert!(md.contains(line), "missing {line:?} in\n{md}");
    }
    let order: Vec<usize> = ["## 1.", "## 2.", "## 3."]
        .iter()
        .map(|h| md.find(h).unwrap())
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]));
    assert!(!md.contains("inf") && !md.contains("NaN"));
    assert_eq!(RagSummary::of_projects(&projects).green_pct(), Some(89));
}

/// police.uk counts made directly from the file: (month, crime type) → rows.
struct Direct {
    counts: HashMap<(String, String), u64>,
    months: BTreeSet<String>,
    types: BTreeSet<String>,
    by_lsoa: HashMap<(String, String, String), u64>,
}

fn direct_counts(path: &std::path::Path) -> Direct {
    let mut text = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(path).unwrap())
        .read_to_string(&mut text)
        .unwrap();
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let headers = rdr.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (cm, ct, cl) = (col("Month"), col("Crime type"), col("LSOA code"));
    let mut d = Direct {
        counts: HashMap::new(),
        months: BTreeSet::new(),
        types: BTreeSet::new(),
        by_lsoa: HashMap::new(),
    };
    for rec in rdr.records() {
        let rec = rec.unwrap();
        let (m, t, l) = (
            rec[cm].to_string(),
            rec[ct].to_string(),
            rec[cl].to_string(),
        );
        *d.counts.entry((m.clone(), t.clone())).or_default() += 1;
        *d.by_lsoa.entry((m.clone(), t.clone(), l)).or_default() += 1;
        d.months.insert(m);
        d.types.insert(t);
    }
    d
}

impl Direct {
    /// Rows of `crime_type` (or all crime but ASB for `All crime`) in the months of the
    /// span; `None` when a month of the span is absent from the file.
    fn sum(&self, crime_type: &str, first: Month, months: u32) -> Option<u64> {
        let mut total = 0;
        for i in 0..months as i32 {
            let m = first.plus(i).to_string();
            if !self.months.contains(&m) {
                return None;
            }
            total += if crime_type == "All crime" {
                self.types
                    .iter()
                    .filter(|t| *t != "Anti-social behaviour")
                    .map(|t| {
                        self.counts
                            .get(&(m.clone(), t.clone()))
                            .copied()
                            .unwrap_or(0)
                    })
                    .sum()
            } else {
                self.counts
                    .get(&(m, crime_type.to_string()))
                    .copied()
                    .unwrap_or(0)
            };
        }
        Some(total)
    }
}

fn expect_figure(figure: &Figure, direct: Option<u64>, what: &str) {
    match (figure, direct) {
        (Figure::Complete(v), Some(n)) => assert_eq!(*v, n as f64, "{what}"),
        (Figure::Incomplete { .. } | Figure::Missing, None) => {}
        (f, d) => panic!("{what}: library {f:?}, direct count {d:?}"),
    }
}

#[test]
fn chorley_police_uk_quarterly_and_ytd_tables_match_direct_counts() {
    let path = shared_data().join("crime/chorley_lsoa_street_2019-12_to_2022-10.csv.gz");
    let direct = direct_counts(&path);
    let (records, report) = io::read_police_uk(&path).unwrap();
    assert!(report.is_consistent() && report.is_clean(), "{report}");
    assert_eq!(report.rows_read, 30_706);
    assert_eq!(direct.months.len(), 32);
    for gap in ["2020-06", "2020-08", "2020-09"] {
        assert!(
            !direct.months.contains(gap),
            "{gap} is in the file after all"
        );
    }
    let obs = Observations::count_records(&records, &CountOptions::police_uk());
    assert_eq!(obs.keys()[0].indicator, "All crime");
    assert_eq!(obs.len(), direct.types.len() + 1);

    // Financial year 2021/22 quarter by quarter, then 2022/23 Q1-Q2: every figure equals
    // the direct count, and a figure is incomplete exactly when a month is absent.
    let (mut comparable, mut incomplete) = (0, 0);
    for period in [
        "2021-Q1", "2021-Q2", "2021-Q3", "2021-Q4", "2021/22", "2022-Q1", "2022-Q2",
    ] {
        let period = p(period);
        for row in obs.compare_all(&[], period) {
            let name = row.indicator.as_str();
            for (label, delta) in [
                ("quarter", &row.period_change),
                ("ytd", &row.year_to_date),
                ("rolling", &row.rolling_12_months),
            ] {
                let span = delta.span;
                let what = format!("{name} {period} {label}");
                let now = direct.sum(name, span.first(), span.len());
                let before = direct.sum(name, span.year_earlier().first(), span.len());
                expect_figure(&delta.current, now, &what);
                expect_figure(&delta.previous, before, &format!("{what} last year"));
                match (now, before) {
                    (Some(c), Some(b)) if b > 0 => {
                        let want = (c as f64 - b as f64) / b as f64 * 100.0;
                        let got = delta.change.pct().unwrap();
                        assert!((got - want).abs() < 1e-9, "{what}: {got} vs {want}");
                        comparable += 1;
                    }
                    (Some(_), Some(_)) => {
                        assert_eq!(delta.change, Change::FromZero, "{what}");
                        comparable += 1;
                    }
                    _ => {
                        assert_eq!(delta.change, Change::NotComparable, "{what}");
                        incomplete += 1;
                    }
                }
            }
        }
    }
    // Per indicator, 21 comparisons (7 periods x quarter/YTD/rolling), 14 of which reach
    // back into Dec 2019 - Mar 2021 and touch a missing month (or months before the file).
    let indicators = direct.types.len() + 1;
    assert_eq!((comparable, incomplete), (7 * indicators, 14 * indicators));

    // 2021/22 Q1 against Apr-Jun 2020, which lacks June: flagged, not compared.
    let q1 = obs.compare_all(&[], p("2021-Q1"));
    let all = &q1[0];
    assert_eq!(
        all.period_change.current.value(),
        direct
            .sum("All crime", "2021-04".parse().unwrap(), 3)
            .map(|n| n as f64)
    );
    match &all.period_change.previous {
        Figure::Incomplete { missing, .. } => {
            assert_eq!(
                missing.iter().map(|m| m.to_string()).collect::<Vec<_>>(),
                ["2020-06"]
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        all.period_change.note().as_deref(),
        Some("previous incomplete: no data for 2020-06")
    );
    // The whole of 2021/22 against 2020/21 (three months missing) is not compared either.
    let year = &obs.compare_all(&[], p("2021/22"))[0];
    assert!(year.year_to_date.current.is_complete());
    assert_eq!(year.year_to_date.change, Change::NotComparable);
    // Q3 2021/22 and YTD to Q2 2022/23 compare in full: check the printed % changes.
    let q2_22 = &obs.compare_all(&[], p("2022-Q2"))[0];
    let ytd_now = direct
        .sum("All crime", "2022-04".parse().unwrap(), 6)
        .unwrap() as f64;
    let ytd_before = direct
        .sum("All crime", "2021-04".parse().unwrap(), 6)
        .unwrap() as f64;
    let printed = format!(
        "{:+.1}%",
        outreach::kpi::round_half_up((ytd_now - ytd_before) / ytd_before * 100.0, 1)
    );
    assert_eq!(q2_22.year_to_date.change.to_string(), printed);
}

#[test]
fn chorley_counts_by_lsoa_add_up_to_the_borough() {
    let path = shared_data().join("crime/chorley_lsoa_street_2019-12_to_2022-10.csv.gz");
    let direct = direct_counts(&path);
    let (records, _) = io::read_police_uk(&path).unwrap();
    let obs = Observations::count_records(&records, &CountOptions::police_uk().by_area(true));
    let period = p("2021-Q3");
    let rows = obs.compare_all(&[], period);
    let lsoas: BTreeSet<String> = rows
        .iter()
        .filter_map(|r| r.area.as_ref().map(|a| a.to_string()))
        .collect();
    assert_eq!(lsoas.len(), 66, "Chorley has 66 LSOAs (2011)");
    let total = |name: &str, area: bool| -> f64 {
        rows.iter()
            .filter(|r| r.indicator == name && r.area.is_some() == area)
            .map(|r| r.period_change.current.value().unwrap())
            .sum()
    };
    for name in ["All crime", "Burglary", "Anti-social behaviour"] {
        assert_eq!(total(name, true), total(name, false), "{name}");
    }
    // One LSOA against the direct count.
    let lsoa = "E01024951";
    let want: u64 = ["2021-10", "2021-11", "2021-12"]
        .iter()
        .map(|m| {
            direct
                .by_lsoa
                .get(&(m.to_string(), "Burglary".into(), lsoa.into()))
                .copied()
                .unwrap_or(0)
        })
        .sum();
    let row = rows
        .iter()
        .find(|r| r.indicator == "Burglary" && r.area.as_ref().map(|a| a.as_str()) == Some(lsoa))
        .unwrap();
    assert_eq!(row.period_change.current, Figure::Complete(want as f64));
    // Small numbers: an LSOA's change is rarely significant.
    let significant = rows
        .iter()
        .filter(|r| r.area.is_some() && r.period_change.is_significant(0.05) == Some(true))
        .count();
    let tested = rows
        .iter()
        .filter(|r| r.area.is_some() && r.period_change.p_value.is_some())
        .count();
    assert!(
        tested > 500 && significant * 5 < tested,
        "{significant} of {tested}"
    );
}
