//! Campaigns: a multi-agency Week of Action planned as one contact per household.
//!
//! A [`Campaign`] is the services of many [`Partner`]s over an area (a [`Rule`], e.g. the
//! LSOAs in the 20% most deprived) and a list of days. Each [`ServiceSpec`] names its
//! partner, where it is delivered (at the door, or at a location) and its eligibility
//! ([`ServiceRules`]). Campaigns are plain data: an analyst writes them as JSON
//! ([`Campaign::from_json`], see `examples/week_of_action.json`).
//!
//! [`plan`] turns a campaign and a [`Households`] context into a [`Plan`]:
//! - **one contact per household**: every household in the area eligible for at least one
//!   service gets a single visit carrying all its offers (never one agency after another);
//! - **capacity per partner per day**: a visit uses one unit of the daily capacity of each
//!   distinct partner among its services. Households are taken by total priority score
//!   (highest first; ties in Hilbert-curve order so a day fills with neighbouring doors) and
//!   put on the first day on which every partner they need has capacity left. Households
//!   that fit on no day are [`Unscheduled`], with the partner that ran out;
//! - **rounds of nearby doors**: each day's visits are sorted along a Hilbert curve, cut
//!   into rounds of `round_size` doors, and each round is ordered by nearest neighbour then
//!   improved by 2-opt (open path, straight-line metres) until no exchange shortens it;
//! - per-partner work lists ([`Plan::partner_work_list`]) and per-household visit sheets
//!   ([`Plan::visit_sheets`]) as [`Table`]s.
//!
//! The plan is deterministic: the same campaign and households give the same plan.
//!
//! Complexity, for `H` households, `S` services, `D` days, `P` partners and rounds of `r`
//! doors: eligibility `O(S·H)` rule evaluations; ordering `O(H log H)`; day assignment
//! `O(H·D·P)` in the worst case; routes `O(H·r)` for nearest neighbour and `O(H·r·k)` for
//! `k` 2-opt passes (each pass is `O(r²)` per round; `k` is capped at 50).
//!
//! Outcomes of the visits are in [`outcomes`].
//!
//! ```
//! use outreach::campaign::{plan, Campaign};
//! use outreach::targeting::Households;
//! use outreach::{GazetteerBuilder, Property, Uprn};
//! # fn main() -> outreach::Result<()> {
//! let mut b = GazetteerBuilder::new();
//! for u in 1..=4 { b.push(Property::at(Uprn::new(u)?, 359_000.0 + 10.0 * u as f64, 418_000.0)); }
//! let homes = b.build()?;
//! let campaign = Campaign::from_json(r#"{
//!   "name": "Street week", "area": {"rule": "residential"}, "days": ["Mon", "Tue"],
//!   "round_size": 10,
//!   "partners": [{"name": "Fire", "capacity_per_day": 3}, {"name": "Council", "capacity_per_day": 10}],
//!   "services": [
//!     {"service": "smoke_alarm", "partner": "Fire", "eligible": {"rule": "residential"}},
//!     {"service": "bulky_waste", "partner": "Council", "location": "Depot", "eligible": {"rule": "residential"}}]
//! }"#)?;
//! let households = Households::new(&homes);
//! let p = plan(&campaign, &households)?;
//! assert_eq!(p.visits.len(), 4);
//! assert_eq!(p.visits.iter().filter(|v| v.day == 0).count(), 3); // Fire: 3 a day
//! assert!(p.visits.iter().all(|v| v.services == [0, 1]));       // one visit, both offers
//! # Ok(())
//! # }
//! ```

pub mod outcomes;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::table::{Column, Table, Values};
use crate::targeting::{select, Households, Rule, ServiceRules, Weighted};
use crate::uprn::Uprn;

/// A partner agency (fire, police, NHS, council, housing, a voluntary group).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Partner {
    /// Name, unique in the campaign.
    pub name: String,
    /// Households the partner can visit in one day.
    pub capacity_per_day: u32,
}

/// A service a partner offers in the campaign.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceSpec {
    /// Service name, unique in the campaign (`fire_check`, `flu_jab`...).
    pub service: String,
    /// The partner delivering it.
    pub partner: String,
    /// Where it is delivered: `None` at the door, otherwise the location (a community
    /// centre, a GP practice) the household is offered.
    #[serde(default)]
    pub location: Option<String>,
    /// Eligibility.
    pub eligible: Rule,
    /// Priority terms (the score is the sum of the weights met).
    #[serde(default)]
    pub priority: Vec<Weighted>,
}

impl ServiceSpec {
    /// The targeting rules of the service.
    pub fn rules(&self) -> ServiceRules {
        ServiceRules {
            service: self.service.clone(),
            eligible: self.eligible.clone(),
            priority: self.priority.clone(),
        }
    }
}

fn default_round_size() -> usize {
    25
}

/// A campaign: services of many partners over an area and days.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Campaign {
    /// Campaign name.
    pub name: String,
    /// Which households are in the campaign area (e.g. `{"rule": "most_deprived", "percent": 20}`).
    pub area: Rule,
    /// Day labels (dates such as `2026-10-05`), in order.
    pub days: Vec<String>,
    /// Doors per round (default 25).
    #[serde(default = "default_round_size")]
    pub round_size: usize,
    /// Month history rules look back from (`2026-10`); informational for callers that
    /// build the [`Households`] context.
    #[serde(default)]
    pub as_of: Option<String>,
    /// Partners.
    pub partners: Vec<Partner>,
    /// Services.
    pub services: Vec<ServiceSpec>,
}

impl Campaign {
    /// Parses a campaign from JSON (feature `io`) and checks it ([`Campaign::check`]).
    #[cfg(feature = "io")]
    pub fn from_json(text: &str) -> Result<Campaign> {
        let c: Campaign =
            serde_json::from_str(text).map_err(|e| Error::arg("campaign", e.to_string()))?;
        c.check()?;
        Ok(c)
    }

    /// Reads a campaign rules file (JSON, see [`Campaign::from_json`]) and checks it.
    ///
    /// # Errors
    /// [`Error::Io`] when the file cannot be read; [`Error::Format`] with the file and line
    /// for JSON that is malformed or does not describe a campaign; the errors of
    /// [`Campaign::check`].
    #[cfg(feature = "io")]
    pub fn from_json_file(path: &Path) -> Result<Campaign> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let c: Campaign = serde_json::from_str(&text).map_err(|e| Error::Format {
            path: path.to_path_buf(),
            line: Some(e.line() as u64),
            reason: e.to_string(),
        })?;
        c.check()?;
        Ok(c)
    }

    /// Checks names are unique, every service's partner exists, there is at least one day
    /// and one service, and the round size is positive.
    pub fn check(&self) -> Result<()> {
        if self.days.is_empty() {
            return Err(Error::arg("campaign", "no days"));
        }
        if self.services.is_empty() {
            return Err(Error::arg("campaign", "no services"));
        }
        if self.round_size == 0 {
            return Err(Error::arg("campaign", "round_size must be at least 1"));
        }
        for (i, p) in self.partners.iter().enumerate() {
            if self.partners[..i].iter().any(|q| q.name == p.name) {
                return Err(Error::arg(
                    "campaign",
                    format!("partner {:?} declared twice", p.name),
                ));
            }
        }
        for (i, s) in self.services.iter().enumerate() {
            if self.services[..i].iter().any(|t| t.service == s.service) {
                return Err(Error::arg(
                    "campaign",
                    format!("service {:?} declared twice", s.service),
                ));
            }
            if self.partner_of(i).is_none() {
                return Err(Error::arg(
                    "campaign",
                    format!(
                        "service {:?} names partner {:?}, which is not declared",
                        s.service, s.partner
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Index of the partner of service `s`.
    pub fn partner_of(&self, s: usize) -> Option<usize> {
        let name = &self.services.get(s)?.partner;
        self.partners.iter().position(|p| &p.name == name)
    }
}

/// One household's visit.
#[derive(Debug, Clone, PartialEq)]
pub struct Visit {
    /// Gazetteer row.
    pub row: usize,
    /// The household's UPRN.
    pub uprn: Uprn,
    /// Easting (BNG metres) of the door.
    pub x: f64,
    /// Northing (BNG metres) of the door.
    pub y: f64,
    /// Day index (into [`Campaign::days`]).
    pub day: usize,
    /// Round within the day, from 1.
    pub round: usize,
    /// Position in the round's visiting order, from 1.
    pub order: usize,
    /// The offers: indices into [`Campaign::services`], ascending.
    pub services: Vec<usize>,
    /// Total priority score over its services.
    pub score: f64,
    /// Why: the area conditions met, then per service `service: reasons`.
    pub reasons: Vec<String>,
}

/// A household eligible for some services that could not be fitted in.
#[derive(Debug, Clone, PartialEq)]
pub struct Unscheduled {
    /// Gazetteer row.
    pub row: usize,
    /// The household's UPRN.
    pub uprn: Uprn,
    /// The offers it would have had.
    pub services: Vec<usize>,
    /// Total priority score.
    pub score: f64,
    /// Why it was not scheduled.
    pub reason: String,
}

/// The outcome of [`plan`]. It owns its data (a copy of the campaign, and the UPRN and
/// coordinates of every household it lists), so it outlives the households context; rows
/// still refer to the gazetteer planned over.
#[derive(Debug, Clone)]
pub struct Plan {
    campaign: Campaign,
    /// Visits ordered by day, round and order.
    pub visits: Vec<Visit>,
    /// Eligible households not scheduled, highest score first.
    pub unscheduled: Vec<Unscheduled>,
    /// Households in the campaign area (eligible for any service or not).
    pub in_area: usize,
}

/// Plans `campaign` over the households of `households` (see the module documentation).
///
/// # Errors
/// An invalid campaign ([`Campaign::check`]) or a rule naming data the context lacks.
pub fn plan(campaign: &Campaign, households: &Households<'_>) -> Result<Plan> {
    campaign.check()?;
    let g = households.gazetteer();
    let n = g.len();
    let area = select(
        households,
        &ServiceRules::new("area", campaign.area.clone()),
    )?;
    let mut area_reasons: Vec<Option<Vec<String>>> = vec![None; n];
    for e in area.eligible {
        area_reasons[e.row] = Some(e.reasons);
    }
    let in_area = area_reasons.iter().filter(|r| r.is_some()).count();
    // Offers per household.
    let mut offers: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut score = vec![0.0f64; n];
    let mut why: Vec<Vec<String>> = vec![Vec::new(); n];
    for (s, spec) in campaign.services.iter().enumerate() {
        let sel = select(households, &spec.rules())?;
        for e in sel.eligible {
            if area_reasons[e.row].is_none() {
                continue;
            }
            offers[e.row].push(s);
            score[e.row] += e.score;
            why[e.row].push(format!("{}: {}", spec.service, e.reasons.join(", ")));
        }
    }
    let partner_of: Vec<usize> = (0..campaign.services.len())
        .map(|s| campaign.partner_of(s).unwrap_or(0))
        .collect();
    let candidates: Vec<usize> = (0..n).filter(|&i| !offers[i].is_empty()).collect();
    let keys = hilbert_keys(g.xs(), g.ys(), &candidates);
    let mut by_priority: Vec<(usize, u64)> = candidates
        .iter()
        .copied()
        .zip(keys.iter().copied())
        .collect();
    by_priority.sort_by(|a, b| {
        score[b.0]
            .total_cmp(&score[a.0])
            .then(a.1.cmp(&b.1))
            .then(a.0.cmp(&b.0))
    });
    let days = campaign.days.len();
    let mut left: Vec<Vec<u32>> = (0..days)
        .map(|_| {
            campaign
                .partners
                .iter()
                .map(|p| p.capacity_per_day)
                .collect()
        })
        .collect();
    let mut day_of: Vec<Vec<(usize, u64)>> = vec![Vec::new(); days];
    let mut unscheduled = Vec::new();
    for &(row, key) in &by_priority {
        let mut needs: Vec<usize> = offers[row].iter().map(|&s| partner_of[s]).collect();
        needs.sort_unstable();
        needs.dedup();
        match (0..days).find(|&d| needs.iter().all(|&p| left[d][p] > 0)) {
            Some(d) => {
                for &p in &needs {
                    left[d][p] -= 1;
                }
                day_of[d].push((row, key));
            }
            None => {
                let full: Vec<String> = needs
                    .iter()
                    .filter(|&&p| (0..days).all(|d| left[d][p] == 0))
                    .map(|&p| {
                        format!(
                            "{} ({} a day)",
                            campaign.partners[p].name, campaign.partners[p].capacity_per_day
                        )
                    })
                    .collect();
                let reason = if full.is_empty() {
                    "no day on which all its partners have capacity left".to_string()
                } else {
                    format!("capacity used up on every day: {}", full.join(", "))
                };
                unscheduled.push(Unscheduled {
                    row,
                    uprn: g.uprns()[row],
                    services: offers[row].clone(),
                    score: score[row],
                    reason,
                });
            }
        }
    }
    let mut visits = Vec::with_capacity(candidates.len());
    for (d, mut members) in day_of.into_iter().enumerate() {
        members.sort_by_key(|&(row, key)| (key, row));
        for (r, chunk) in members.chunks(campaign.round_size).enumerate() {
            let rows: Vec<usize> = chunk.iter().map(|&(row, _)| row).collect();
            let route = order_round(g.xs(), g.ys(), &rows);
            for (o, &row) in route.iter().enumerate() {
                let mut reasons = area_reasons[row].take().unwrap_or_default();
                reasons.extend(std::mem::take(&mut why[row]));
                visits.push(Visit {
                    row,
                    uprn: g.uprns()[row],
                    x: g.xs()[row],
                    y: g.ys()[row],
                    day: d,
                    round: r + 1,
                    order: o + 1,
                    services: std::mem::take(&mut offers[row]),
                    score: score[row],
                    reasons,
                });
            }
        }
    }
    Ok(Plan {
        campaign: campaign.clone(),
        visits,
        unscheduled,
        in_area,
    })
}

/// Hilbert-curve index (16 bits per axis over the bounding box) of each listed row.
fn hilbert_keys(xs: &[f64], ys: &[f64], rows: &[usize]) -> Vec<u64> {
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for &i in rows {
        x0 = x0.min(xs[i]);
        x1 = x1.max(xs[i]);
        y0 = y0.min(ys[i]);
        y1 = y1.max(ys[i]);
    }
    let span = (x1 - x0).max(y1 - y0).max(1.0);
    const SIDE: u64 = 1 << 16;
    let cell = |v: f64, lo: f64| (((v - lo) / span * (SIDE - 1) as f64) as u64).min(SIDE - 1);
    rows.iter()
        .map(|&i| {
            let (mut x, mut y) = (cell(xs[i], x0), cell(ys[i], y0));
            let mut d = 0u64;
            let mut s = SIDE / 2;
            while s > 0 {
                let rx = u64::from(x & s > 0);
                let ry = u64::from(y & s > 0);
                d += s * s * ((3 * rx) ^ ry);
                if ry == 0 {
                    if rx == 1 {
                        x = SIDE - 1 - x;
                        y = SIDE - 1 - y;
                    }
                    std::mem::swap(&mut x, &mut y);
                }
                s /= 2;
            }
            d
        })
        .collect()
}

/// Visiting order of `rows`: nearest neighbour from the first, then 2-opt on the open path.
fn order_round(xs: &[f64], ys: &[f64], rows: &[usize]) -> Vec<usize> {
    let m = rows.len();
    if m < 3 {
        return rows.to_vec();
    }
    let dist = |a: usize, b: usize| (xs[a] - xs[b]).hypot(ys[a] - ys[b]);
    let mut used = vec![false; m];
    let mut path = Vec::with_capacity(m);
    let mut cur = 0;
    used[0] = true;
    path.push(rows[0]);
    for _ in 1..m {
        let mut best = usize::MAX;
        let mut best_d = f64::INFINITY;
        for (j, &r) in rows.iter().enumerate() {
            if !used[j] {
                let d = dist(rows[cur], r);
                if d < best_d {
                    best_d = d;
                    best = j;
                }
            }
        }
        if best == usize::MAX {
            break;
        }
        used[best] = true;
        cur = best;
        path.push(rows[best]);
    }
    // 2-opt: reverse path[i+1..=j] when edges (i,i+1),(j,j+1) are longer than (i,j),(i+1,j+1).
    for _ in 0..50 {
        let mut improved = false;
        for i in 0..m - 1 {
            for j in i + 1..m {
                let a = path[i];
                let b = path[i + 1];
                let c = path[j];
                let before = dist(a, b) + if j + 1 < m { dist(c, path[j + 1]) } else { 0.0 };
                let after = dist(a, c) + if j + 1 < m { dist(b, path[j + 1]) } else { 0.0 };
                if after + 1e-9 < before {
                    path[i + 1..=j].reverse();
                    improved = true;
                }
            }
        }
        if !improved {
            break;
        }
    }
    path
}

/// Walking length (straight-line metres) of a path through gazetteer rows.
pub fn path_length(xs: &[f64], ys: &[f64], rows: &[usize]) -> f64 {
    rows.windows(2)
        .map(|w| (xs[w[0]] - xs[w[1]]).hypot(ys[w[0]] - ys[w[1]]))
        .sum()
}

impl Plan {
    /// The campaign planned.
    pub fn campaign(&self) -> &Campaign {
        &self.campaign
    }

    /// The gazetteer rows of each round in visiting order, keyed `(day, round)`, in plan order.
    pub fn rounds(&self) -> Vec<((usize, usize), Vec<usize>)> {
        let mut out: Vec<((usize, usize), Vec<usize>)> = Vec::new();
        for v in &self.visits {
            match out.last_mut() {
                Some((k, rows)) if *k == (v.day, v.round) => rows.push(v.row),
                _ => out.push(((v.day, v.round), vec![v.row])),
            }
        }
        out
    }

    /// Walking length (straight-line metres, door to door) of every round, in plan order.
    pub fn round_lengths(&self) -> Vec<f64> {
        let mut out: Vec<f64> = Vec::new();
        for (i, v) in self.visits.iter().enumerate() {
            match i.checked_sub(1).map(|j| &self.visits[j]) {
                Some(p) if (p.day, p.round) == (v.day, v.round) => {
                    if let Some(last) = out.last_mut() {
                        *last += (p.x - v.x).hypot(p.y - v.y);
                    }
                }
                _ => out.push(0.0),
            }
        }
        out
    }

    /// The names of services (indices into [`Campaign::services`], as in
    /// [`Visit::services`]) joined by `;`, as in the `services` column of the tables.
    /// Indices past the campaign's services are skipped.
    pub fn service_names(&self, services: &[usize]) -> String {
        services
            .iter()
            .filter_map(|&s| self.campaign.services.get(s))
            .map(|s| s.service.as_str())
            .collect::<Vec<_>>()
            .join(";")
    }

    /// Writes every output of the plan as CSV under `dir` (created if missing):
    /// `visits.csv` ([`Plan::visits_table`]), `visit_sheets.csv` ([`Plan::visit_sheets`]),
    /// `unscheduled.csv` ([`Plan::unscheduled_table`]), `load.csv` ([`Plan::load_table`])
    /// and one work list per partner, `partners/<slug>.csv` ([`Plan::partner_work_list`],
    /// file named by [`slug`]). Returns the files written, in that order.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when a partner name gives an empty file name or the
    /// same file name as another partner's (checked before anything is written);
    /// [`Error::Io`] naming the file that could not be created or written.
    pub fn write_csv_dir(&self, dir: &Path) -> Result<Vec<PathBuf>> {
        let mut slugs: Vec<String> = Vec::with_capacity(self.campaign.partners.len());
        for p in &self.campaign.partners {
            let s = slug(&p.name);
            if s.is_empty() {
                return Err(Error::arg(
                    "partner",
                    format!("partner name {:?} gives an empty file name", p.name),
                ));
            }
            if let Some(i) = slugs.iter().position(|t| *t == s) {
                return Err(Error::arg(
                    "partner",
                    format!(
                        "partners {:?} and {:?} would both be written to partners/{s}.csv",
                        self.campaign.partners[i].name, p.name
                    ),
                ));
            }
            slugs.push(s);
        }
        let partners = dir.join("partners");
        std::fs::create_dir_all(&partners).map_err(|source| Error::Io {
            path: partners.clone(),
            source,
        })?;
        let mut files = vec![
            (dir.join("visits.csv"), self.visits_table()?),
            (dir.join("visit_sheets.csv"), self.visit_sheets()?),
            (dir.join("unscheduled.csv"), self.unscheduled_table()?),
            (dir.join("load.csv"), self.load_table()?),
        ];
        for (p, s) in self.campaign.partners.iter().zip(&slugs) {
            files.push((
                partners.join(format!("{s}.csv")),
                self.partner_work_list(&p.name)?,
            ));
        }
        let mut written = Vec::with_capacity(files.len());
        for (path, table) in files {
            table.write_csv_file(&path)?;
            written.push(path);
        }
        Ok(written)
    }

    /// One row per visit: `uprn, day, round, order, services` (service names joined by `;`).
    pub fn visits_table(&self) -> Result<Table> {
        let v = &self.visits;
        let mut t = Table::new();
        t.push(text("uprn", v.iter().map(|v| v.uprn.to_string())))?;
        t.push(text(
            "day",
            v.iter().map(|v| self.campaign.days[v.day].clone()),
        ))?;
        t.push(Column::new(
            "round",
            Values::Count(v.iter().map(|v| Some(v.round as u64)).collect()),
        ))?;
        t.push(Column::new(
            "order",
            Values::Count(v.iter().map(|v| Some(v.order as u64)).collect()),
        ))?;
        t.push(text(
            "services",
            v.iter().map(|v| self.service_names(&v.services)),
        ))?;
        Ok(t)
    }

    /// Per-household visit sheets: the visits table plus coordinates, partners, the places
    /// offered, the score and the reason trace (joined by ` | `).
    pub fn visit_sheets(&self) -> Result<Table> {
        let mut t = self.visits_table()?;
        let v = &self.visits;
        t.push(Column::new(
            "x",
            Values::Float(v.iter().map(|v| Some(v.x)).collect()),
        ))?;
        t.push(Column::new(
            "y",
            Values::Float(v.iter().map(|v| Some(v.y)).collect()),
        ))?;
        t.push(text(
            "partners",
            v.iter().map(|v| {
                let mut p: Vec<&str> = Vec::new();
                for &s in &v.services {
                    let name = self.campaign.services[s].partner.as_str();
                    if !p.contains(&name) {
                        p.push(name);
                    }
                }
                p.join(";")
            }),
        ))?;
        t.push(text(
            "locations",
            v.iter().map(|v| {
                v.services
                    .iter()
                    .filter_map(|&s| {
                        let sp = &self.campaign.services[s];
                        sp.location.as_ref().map(|l| format!("{}: {l}", sp.service))
                    })
                    .collect::<Vec<_>>()
                    .join(";")
            }),
        ))?;
        t.push(Column::new(
            "score",
            Values::Float(v.iter().map(|v| Some(v.score)).collect()),
        ))?;
        t.push(text("reasons", v.iter().map(|v| v.reasons.join(" | "))))?;
        Ok(t)
    }

    /// The work list of partner `name`: its visits in plan order with only its services
    /// (`uprn, day, round, order, services, delivery`; delivery is `door` or the location).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when the campaign has no such partner.
    pub fn partner_work_list(&self, name: &str) -> Result<Table> {
        let p = self
            .campaign
            .partners
            .iter()
            .position(|p| p.name == name)
            .ok_or_else(|| Error::arg("partner", format!("no partner {name:?} in the campaign")))?;
        let mine: Vec<(&Visit, Vec<usize>)> = self
            .visits
            .iter()
            .filter_map(|v| {
                let s: Vec<usize> = v
                    .services
                    .iter()
                    .copied()
                    .filter(|&s| self.campaign.partner_of(s) == Some(p))
                    .collect();
                (!s.is_empty()).then_some((v, s))
            })
            .collect();
        let mut t = Table::new();
        t.push(text("uprn", mine.iter().map(|(v, _)| v.uprn.to_string())))?;
        t.push(text(
            "day",
            mine.iter().map(|(v, _)| self.campaign.days[v.day].clone()),
        ))?;
        t.push(Column::new(
            "round",
            Values::Count(mine.iter().map(|(v, _)| Some(v.round as u64)).collect()),
        ))?;
        t.push(Column::new(
            "order",
            Values::Count(mine.iter().map(|(v, _)| Some(v.order as u64)).collect()),
        ))?;
        t.push(text(
            "services",
            mine.iter().map(|(_, s)| self.service_names(s)),
        ))?;
        t.push(text(
            "delivery",
            mine.iter().map(|(_, s)| {
                s.iter()
                    .map(|&s| {
                        self.campaign.services[s]
                            .location
                            .clone()
                            .unwrap_or_else(|| "door".into())
                    })
                    .collect::<Vec<_>>()
                    .join(";")
            }),
        ))?;
        Ok(t)
    }

    /// Eligible households not scheduled: `uprn, services, score, reason`.
    pub fn unscheduled_table(&self) -> Result<Table> {
        let u = &self.unscheduled;
        let mut t = Table::new();
        t.push(text("uprn", u.iter().map(|u| u.uprn.to_string())))?;
        t.push(text(
            "services",
            u.iter().map(|u| self.service_names(&u.services)),
        ))?;
        t.push(Column::new(
            "score",
            Values::Float(u.iter().map(|u| Some(u.score)).collect()),
        ))?;
        t.push(text("reason", u.iter().map(|u| u.reason.clone())))?;
        Ok(t)
    }

    /// Visits per partner per day: `partner, day, visits, capacity`.
    pub fn load_table(&self) -> Result<Table> {
        let mut count: HashMap<(usize, usize), u64> = HashMap::new();
        for v in &self.visits {
            let mut ps: Vec<usize> = v
                .services
                .iter()
                .filter_map(|&s| self.campaign.partner_of(s))
                .collect();
            ps.sort_unstable();
            ps.dedup();
            for p in ps {
                *count.entry((p, v.day)).or_default() += 1;
            }
        }
        let c = &self.campaign;
        let keys: Vec<(usize, usize)> = (0..c.partners.len())
            .flat_map(|p| (0..c.days.len()).map(move |d| (p, d)))
            .collect();
        let mut t = Table::new();
        t.push(text(
            "partner",
            keys.iter().map(|&(p, _)| c.partners[p].name.clone()),
        ))?;
        t.push(text("day", keys.iter().map(|&(_, d)| c.days[d].clone())))?;
        t.push(Column::new(
            "visits",
            Values::Count(
                keys.iter()
                    .map(|k| Some(count.get(k).copied().unwrap_or(0)))
                    .collect(),
            ),
        ))?;
        t.push(Column::new(
            "capacity",
            Values::Count(
                keys.iter()
                    .map(|&(p, _)| Some(u64::from(c.partners[p].capacity_per_day)))
                    .collect(),
            ),
        ))?;
        Ok(t)
    }
}

/// A file name from a partner name: ASCII letters and digits in lower case, every run of
/// other characters as one `_`, no `_` at either end.
///
/// ```
/// assert_eq!(outreach::campaign::slug("Lancashire Fire and Rescue"), "lancashire_fire_and_rescue");
/// assert_eq!(outreach::campaign::slug("NHS (L&SC)"), "nhs_l_sc");
/// ```
pub fn slug(name: &str) -> String {
    let mut s = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            s.push(c.to_ascii_lowercase());
        } else if !s.ends_with('_') {
            s.push('_');
        }
    }
    s.trim_matches('_').to_string()
}

fn text(name: &str, values: impl Iterator<Item = String>) -> Column {
    Column::new(name, Values::Text(values.map(Some).collect()))
}

#[cfg(test)]
mod tests;
