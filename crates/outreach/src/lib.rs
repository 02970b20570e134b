//! # outreach
//!
//! See communities property by property: load a gazetteer of UPRNs, the statistical areas
//! they sit in and the deprivation of those areas, then ask which properties are where.
//! Built for English councils and their partners (fire, police, NHS, housing, voluntary
//! sector); fast enough for all of England (~40M UPRNs, 33,755 LSOAs) on a laptop.
//!
//! All coordinates are British National Grid (EPSG:27700) metres. WGS84 input is converted
//! with OSTN15 on the way in ([`bng`]).
//!
//! ## Modules
//! - [`address`]: free-text addresses matched to UPRNs (score, status, margin, reason).
//! - [`uprn`]: the [`Uprn`] newtype: parse, validate, display.
//! - [`area`]: [`AreaCode`], [`AreaKind`], [`Vintage`] and [`AreaSet`] (polygons with a
//!   prepared point-in-area index).
//! - [`gazetteer`]: the columnar [`Gazetteer`] of properties.
//! - [`spatial`]: [`Assignment`] results and the [`PointIndex`] for nearest / radius /
//!   polygon queries.
//! - [`deprivation`]: published IoD2019 / IoD2025 ranks, deciles and scores; the IMD
//!   recomputed, composites, district summaries, local deciles, LSOA 2011 ↔ 2021 carry-over.
//! - [`postcode`]: [`Postcode`] and postcode centroids.
//! - [`stats`]: area-profile statistics as OHID Fingertips computes them: Wilson and Byar
//!   intervals, benchmark comparison, Benjamini–Hochberg, Getis-Ord Gi* hot spots, suppression.
//! - [`attributes`]: attribute tables ("lifestyle data") keyed by UPRN, postcode or area,
//!   joined to properties with match counts.
//! - [`profile`]: area profiles: counts, shares and rates with intervals compared with the
//!   borough and England, need drivers, Gi* hot spots, suppressed export tables.
//! - [`service`]: community assets and access: nearest and within-radius distances from
//!   every property, per-area access summaries, need-without-service gaps, event siting.
//! - [`table`]: the typed result [`table::Table`] profiles export (CSV, GeoJSON, Arrow).
//! - [`targeting`]: eligibility rules (JSON-declarable) over property, area, attributes,
//!   access and history; ranked selection with a reason trace and who is missed.
//! - [`campaign`]: multi-agency campaigns (a Week of Action): one visit per household with
//!   all its offers, partner capacity per day, compact daily rounds, work lists, outcomes.
//! - [`synth`]: seeded synthetic households on real geography (always labelled synthetic).
//! - [`bng`]: WGS84 ↔ British National Grid with OSTN15.
//! - [`io`] (feature `io`, default): CSV / GeoJSON readers with reject reports.
//! - [`kpi`]: partnership performance reporting: periods, comparisons, targets, RAG, reports.
//! - [`linkage`]: a single view across agencies: pseudonymised people, households by UPRN,
//!   role-based access with stated reasons, a hash-chained audit log.
//! - [`demo`] (feature `io`): the Chorley demonstration dataset.
//!
//! ## Cargo features
//! - `io` (default): file readers (pulls in `csv`, `flate2`, `geojson`, `serde_json`).
//!
//! ## Quick start
//! ```
//! use geo::{polygon, MultiPolygon};
//! use outreach::{AreaInput, AreaKind, AreaSet, GazetteerBuilder, Property, Uprn, Vintage};
//! # fn main() -> outreach::Result<()> {
//! let ward = AreaInput {
//!     code: "E05012345".parse()?,
//!     name: Some("Example ward".into()),
//!     geometry: MultiPolygon(vec![polygon![(x: 358_000.0, y: 417_000.0),
//!         (x: 360_000.0, y: 417_000.0), (x: 360_000.0, y: 419_000.0), (x: 358_000.0, y: 419_000.0)]]),
//! };
//! let wards = AreaSet::new("wards", AreaKind::Ward, Vintage::Year(2022), vec![ward])?;
//! let mut homes = GazetteerBuilder::new();
//! homes.push(Property::at(Uprn::new(100010382247)?, 359_000.0, 418_000.0));
//! homes.push(Property::at(Uprn::new(100010382248)?, 365_000.0, 418_000.0));
//! let homes = homes.build()?;
//! let assigned = homes.assign(&wards);
//! assert_eq!(assigned.area(0).map(|a| wards.code(a).as_str()), Some("E05012345"));
//! assert_eq!(assigned.outside(), 1);
//! # Ok(())
//! # }
//! ```
#![warn(missing_docs)]
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod address;
pub mod area;
pub mod attributes;
pub mod bng;
pub mod campaign;
#[cfg(feature = "io")]
pub mod demo;
pub mod deprivation;
mod error;
pub mod gazetteer;
#[cfg(feature = "io")]
pub mod io;
pub mod kpi;
pub mod linkage;
pub mod postcode;
pub mod profile;
pub mod progress;
pub mod service;
pub mod spatial;
pub mod stats;
pub mod synth;
pub mod table;
pub mod targeting;
pub mod uprn;

pub use area::{validity_problems, AreaCode, AreaInput, AreaKind, AreaSet, Vintage};
pub use deprivation::{Deprivation, Domain, IodEdition, LsoaDeprivation};
pub use error::{Error, Result};
pub use gazetteer::{Gazetteer, GazetteerBuilder, Property};
pub use postcode::{Postcode, PostcodeCentroids};
pub use spatial::{Assignment, Neighbour, PointIndex};
pub use uprn::Uprn;
