//! Spatial indexes: points to areas ([`AreaSet::assign`](crate::AreaSet::assign)) and
//! queries on point sets ([`PointIndex`]).
//!
//! # Point in area
//! The area index is a uniform grid over the areas' extent. Each cell lists, in set order,
//! the areas whose boundary crosses it ("partial") and the area that covers it entirely
//! ("full", answered without any geometry). A partial candidate is decided by an exact
//! crossing-number test on that area's edges in the horizontal band of the point's
//! northing: each area's edges are bucketed by bands of its own, about eight edges to a
//! band, so a test reads a handful of edges however finely the boundary is drawn. Edges
//! are stored with their lower end first, so two areas sharing an edge compute
//! bit-identical crossings and a point on the edge goes to exactly one of them (see the
//! boundary rule on [`AreaSet`](crate::AreaSet)). The test is branch-free.
//!
//! Batches are split into one chunk per thread; each chunk is bucketed by blocks of 4 x 4
//! cells with a counting sort before testing: file order (by UPRN) is only loosely
//! spatial, and testing neighbours together keeps the cell's candidates and edges in
//! cache.

use geo::{BoundingRect, Intersects, MultiPolygon, Point};
use rayon::prelude::*;
use rstar::primitives::GeomWithData;
use rstar::{RTree, AABB};

const FULL: u32 = 1 << 31;
const NONE: u32 = u32::MAX;
/// Upper bound on grid cells, to keep the index under ~100 MB for any input.
const MAX_CELLS: f64 = 16.0e6;
/// Below this many points a batch is answered point by point, in input order.
const SORT_THRESHOLD: usize = 4096;
/// Sort buckets of a batch are blocks of 4 x 4 grid cells.
const BLOCK_SHIFT: usize = 2;
/// Points sorted and assigned together in one batch.
const BATCH: usize = 1 << 22;
/// Edges of an area per band of its [`Bands`], on average.
const BAND_EDGES: usize = 8;

/// An edge with its lower end first; `k` is dx/dy, computed once so that every area sharing
/// the edge evaluates the same expression.
#[derive(Debug, Clone, Copy)]
struct Edge {
    y0: f64,
    y1: f64,
    x0: f64,
    k: f64,
}

impl Edge {
    /// `None` for horizontal edges, which never count under the half-open rule.
    fn new(ax: f64, ay: f64, bx: f64, by: f64) -> Option<Edge> {
        if ay == by {
            return None;
        }
        let (x0, y0, x1, y1) = if ay < by {
            (ax, ay, bx, by)
        } else {
            (bx, by, ax, ay)
        };
        Some(Edge {
            y0,
            y1,
            x0,
            k: (x1 - x0) / (y1 - y0),
        })
    }

    /// Whether a ray from (px, py) towards +x crosses the edge (half-open in y).
    #[inline]
    fn crosses(&self, px: f64, py: f64) -> bool {
        // Non-short-circuit `&`: no branches to mispredict in the test loop.
        (self.y0 <= py) & (py < self.y1) & (px < self.x0 + (py - self.y0) * self.k)
    }
}

/// Every edge of every ring of a multipolygon.
fn edges_of(geometry: &MultiPolygon<f64>) -> impl Iterator<Item = Edge> + '_ {
    geometry.0.iter().flat_map(|polygon| {
        std::iter::once(polygon.exterior())
            .chain(polygon.interiors())
            .flat_map(|ring| {
                ring.0
                    .windows(2)
                    .filter_map(|w| Edge::new(w[0].x, w[0].y, w[1].x, w[1].y))
            })
    })
}

/// Crossing-number test on a whole multipolygon, with no index: the reference the index is
/// checked against.
pub(crate) fn contains_brute_force(geometry: &MultiPolygon<f64>, x: f64, y: f64) -> bool {
    edges_of(geometry).filter(|e| e.crosses(x, y)).count() % 2 == 1
}

/// The edges of one area, bucketed by horizontal bands of equal height over the area's
/// extent: an edge is stored in every band between its two ends' bands, so the band of a
/// point's northing holds every edge a horizontal ray from the point can cross. Bands
/// are about one edge high, so a test reads a handful of edges however finely the
/// boundary is drawn.
#[derive(Debug, Clone, Default)]
struct Bands {
    origin_y: f64,
    inv_height: f64,
    /// Number of bands, at least 1.
    len: usize,
    /// `edges[ends[b]..ends[b + 1]]` are the edges of band `b`.
    ends: Box<[u32]>,
    edges: Box<[Edge]>,
}

impl Bands {
    /// The band of a northing, clamped to the first and last band. The function is
    /// monotone in `y`, so an edge with `y0 <= y < y1` is stored in the band of `y`.
    #[inline]
    fn band_of(&self, y: f64) -> usize {
        let f = (y - self.origin_y) * self.inv_height;
        if f >= 0.0 {
            (f as usize).min(self.len - 1)
        } else {
            0
        }
    }

    /// The edges a horizontal ray at northing `y` may cross.
    #[inline]
    fn at(&self, y: f64) -> &[Edge] {
        if self.len == 1 {
            // Most generalised areas: no band offsets to read.
            return &self.edges;
        }
        let b = self.band_of(y);
        &self.edges[self.ends[b] as usize..self.ends[b + 1] as usize]
    }

    fn heap_bytes(&self) -> usize {
        self.ends.len() * 4 + self.edges.len() * std::mem::size_of::<Edge>()
    }
}

/// The prepared point-in-area index of an [`AreaSet`](crate::AreaSet).
///
/// A uniform grid over the set's extent. Each cell lists its candidate areas in set order,
/// each either covering the cell (carrying [`FULL`]) or crossing it, in which case the
/// point is tested against the area's edges in the band of its northing.
#[derive(Debug, Clone, Default)]
pub(crate) struct AreaIndex {
    origin_x: f64,
    origin_y: f64,
    inv_cell: f64,
    nx: usize,
    ny: usize,
    cell_offsets: Vec<u32>,
    /// Area indexes, with [`FULL`] set when the area covers the whole cell.
    cell_items: Vec<u32>,
    bands: Vec<Bands>,
}

/// A grid cell as (column, row).
type Cell = (usize, usize);

/// What one area contributes to the index, computed independently per area.
struct AreaCells {
    bands: Bands,
    /// (cell id, full?)
    cells: Vec<(u32, bool)>,
}

impl AreaIndex {
    /// Builds the index; geometries must already be validated (finite, non-empty).
    pub(crate) fn build(geometries: &[MultiPolygon<f64>]) -> AreaIndex {
        let mut index = AreaIndex::default();
        let rects: Vec<[f64; 4]> = geometries
            .par_iter()
            .map(|g| {
                g.bounding_rect()
                    .map(|r| [r.min().x, r.min().y, r.max().x, r.max().y])
                    .unwrap_or([0.0; 4])
            })
            .collect();
        let Some(extent) = rects.iter().copied().reduce(|e, r| {
            [
                e[0].min(r[0]),
                e[1].min(r[1]),
                e[2].max(r[2]),
                e[3].max(r[3]),
            ]
        }) else {
            return index;
        };
        let [gx0, gy0, gx1, gy1] = extent;
        // Cells about half the median area across: small enough that most cells are
        // answered without geometry, large enough that the grid stays small.
        let mut sides: Vec<f64> = rects
            .iter()
            .map(|r| (r[2] - r[0]).max(r[3] - r[1]))
            .collect();
        let mid = sides.len() / 2;
        let median = if sides.is_empty() {
            1.0
        } else {
            *sides.select_nth_unstable_by(mid, f64::total_cmp).1
        }
        .max(1e-3);
        let mut cell = median / 2.0;
        let (w, h) = ((gx1 - gx0).max(cell), (gy1 - gy0).max(cell));
        let cells = (w / cell + 1.0) * (h / cell + 1.0);
        if cells > MAX_CELLS {
            cell *= (cells / MAX_CELLS).sqrt();
        }
        index.origin_x = gx0;
        index.origin_y = gy0;
        index.inv_cell = 1.0 / cell;
        index.nx = ((gx1 - gx0) * index.inv_cell) as usize + 1;
        index.ny = ((gy1 - gy0) * index.inv_cell) as usize + 1;

        let per_area: Vec<AreaCells> = geometries
            .par_iter()
            .zip(rects.par_iter())
            .map(|(g, r)| index.area_cells(g, r))
            .collect();

        // Cell lists, in cell then area order: a counting sort by cell, run in parallel
        // over stripes of cells (each area's cells are in cell order already).
        let ncells = index.nx * index.ny;
        let per_stripe = ncells
            .div_ceil(rayon::current_num_threads().max(1) * 4)
            .max(1);
        let nstripes = ncells.div_ceil(per_stripe);
        // The areas with cells in each stripe, in set order.
        let mut stripe_areas: Vec<Vec<u32>> = vec![Vec::new(); nstripes];
        for (a, ac) in per_area.iter().enumerate() {
            if let (Some(&(first, _)), Some(&(last, _))) = (ac.cells.first(), ac.cells.last()) {
                for areas in
                    &mut stripe_areas[first as usize / per_stripe..=last as usize / per_stripe]
                {
                    areas.push(a as u32);
                }
            }
        }
        let parts: Vec<(Vec<u32>, Vec<u32>)> = stripe_areas
            .par_iter()
            .enumerate()
            .map(|(s, areas)| {
                let (c0, c1) = (s * per_stripe, ((s + 1) * per_stripe).min(ncells));
                let (c0, c1) = (c0 as u32, c1 as u32);
                let in_stripe = |cells: &[(u32, bool)]| -> std::ops::Range<usize> {
                    cells.partition_point(|&(c, _)| c < c0)..cells.partition_point(|&(c, _)| c < c1)
                };
                let mut offsets = vec![0u32; (c1 - c0) as usize + 1];
                for &a in areas {
                    let cells = &per_area[a as usize].cells;
                    for &(c, _) in &cells[in_stripe(cells)] {
                        offsets[(c - c0) as usize + 1] += 1;
                    }
                }
                for i in 0..offsets.len() - 1 {
                    offsets[i + 1] += offsets[i];
                }
                let mut next = offsets.clone();
                let mut items = vec![0u32; offsets[offsets.len() - 1] as usize];
                for &a in areas {
                    let cells = &per_area[a as usize].cells;
                    for &(c, full) in &cells[in_stripe(cells)] {
                        let slot = &mut next[(c - c0) as usize];
                        items[*slot as usize] = if full { a | FULL } else { a };
                        *slot += 1;
                    }
                }
                offsets.pop();
                (offsets, items)
            })
            .collect();
        let total: usize = parts.iter().map(|(_, items)| items.len()).sum();
        index.cell_offsets = Vec::with_capacity(ncells + 1);
        index.cell_items = Vec::with_capacity(total);
        for (offsets, items) in parts {
            let base = index.cell_items.len() as u32;
            index.cell_offsets.extend(offsets.iter().map(|&o| o + base));
            index.cell_items.extend_from_slice(&items);
        }
        index.cell_offsets.push(index.cell_items.len() as u32);
        index.bands = per_area.into_iter().map(|ac| ac.bands).collect();
        index
    }

    /// The grid cell of a point, `None` off the grid (and for NaN).
    #[inline]
    fn cell_xy(&self, x: f64, y: f64) -> Option<Cell> {
        let fx = (x - self.origin_x) * self.inv_cell;
        let fy = (y - self.origin_y) * self.inv_cell;
        // NaN fails every comparison. On the grid both are non-negative, so the
        // truncating casts are the floor.
        if fx >= 0.0 && fy >= 0.0 && fx < self.nx as f64 && fy < self.ny as f64 {
            Some((fx as usize, fy as usize))
        } else {
            None
        }
    }

    #[inline]
    fn cell_of(&self, x: f64, y: f64) -> u32 {
        match self.cell_xy(x, y) {
            Some((cx, cy)) => (cy * self.nx + cx) as u32,
            None => NONE,
        }
    }

    /// The bands and the cells of one area.
    fn area_cells(&self, geometry: &MultiPolygon<f64>, r: &[f64; 4]) -> AreaCells {
        let (Some((cx0, cy0)), Some((cx1, cy1))) =
            (self.cell_xy(r[0], r[1]), self.cell_xy(r[2], r[3]))
        else {
            return AreaCells {
                bands: Bands {
                    len: 1,
                    ends: vec![0, 0].into_boxed_slice(),
                    ..Bands::default()
                },
                cells: Vec::new(),
            };
        };
        let rings = || {
            geometry
                .0
                .iter()
                .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
        };
        // About eight edges to a band: a band then holds a few edges beyond those a
        // horizontal line through it crosses, and most edges lie in one or two bands.
        let segments: usize = rings().map(|r| r.0.len().saturating_sub(1)).sum();
        let height = r[3] - r[1];
        let len = if height > 0.0 {
            (segments / BAND_EDGES).max(1)
        } else {
            1
        };
        let mut bands = Bands {
            origin_y: r[1],
            inv_height: if len == 1 { 0.0 } else { len as f64 / height },
            len,
            ends: Box::default(),
            edges: Box::default(),
        };
        // One pass finds each vertex's cell and band, marks the cells the segments touch
        // and counts each band's edges; a second places the edges.
        let (w, h) = (cx1 - cx0 + 1, cy1 - cy0 + 1);
        let mut touched = vec![false; w * h];
        let mut ends = vec![0u32; len + 1];
        let mut vertex_bands: Vec<u32> = Vec::with_capacity(segments + rings().count());
        for ring in rings() {
            // The previous vertex: its cell, band and northing.
            let mut prev: Option<(Option<Cell>, usize, f64)> = None;
            for c in &ring.0 {
                let b = bands.band_of(c.y);
                vertex_bands.push(b as u32);
                // Every vertex lies inside the grid, which covers the set's extent.
                let cell = self.cell_xy(c.x, c.y);
                if let Some((prev_cell, pb, py)) = prev {
                    if let (Some((ax, ay)), Some((bx, by))) = (prev_cell, cell) {
                        for row in ay.min(by)..=ay.max(by) {
                            let row = (row - cy0) * w;
                            for col in ax.min(bx)..=ax.max(bx) {
                                touched[row + col - cx0] = true;
                            }
                        }
                    }
                    // Horizontal segments make no edge.
                    if py != c.y {
                        for count in &mut ends[b.min(pb) + 1..=b.max(pb) + 1] {
                            *count += 1;
                        }
                    }
                }
                prev = Some((cell, b, c.y));
            }
        }
        for b in 0..len {
            ends[b + 1] += ends[b];
        }
        let mut next = ends[..len].to_vec();
        let mut edges = vec![
            Edge {
                y0: 0.0,
                y1: 0.0,
                x0: 0.0,
                k: 0.0
            };
            ends[len] as usize
        ];
        let mut v = 0;
        for ring in rings() {
            let vb = &vertex_bands[v..v + ring.0.len()];
            v += ring.0.len();
            for (seg, b) in ring.0.windows(2).zip(vb.windows(2)) {
                if let Some(e) = Edge::new(seg[0].x, seg[0].y, seg[1].x, seg[1].y) {
                    let (b0, b1) = (b[0].min(b[1]) as usize, b[0].max(b[1]) as usize);
                    for slot in &mut next[b0..=b1] {
                        edges[*slot as usize] = e;
                        *slot += 1;
                    }
                }
            }
        }
        bands.ends = ends.into_boxed_slice();
        bands.edges = edges.into_boxed_slice();

        let cell = 1.0 / self.inv_cell;
        let mut cells = Vec::new();
        let mut xings: Vec<f64> = Vec::new();
        for cy in cy0..=cy1 {
            // Cells no edge meets are entirely inside or outside: decide them all at once
            // from where the row's centre line crosses the edges (the same expression as
            // `Edge::crosses`, so the answer is identical to testing each centre).
            let py = self.origin_y + (cy as f64 + 0.5) * cell;
            xings.clear();
            xings.extend(
                bands
                    .at(py)
                    .iter()
                    .filter(|e| e.y0 <= py && py < e.y1)
                    .map(|e| e.x0 + (py - e.y0) * e.k),
            );
            xings.sort_by(f64::total_cmp);
            let mut k = 0; // crossings at or left of the current centre
            for cx in cx0..=cx1 {
                let id = (cy * self.nx + cx) as u32;
                if touched[(cy - cy0) * w + (cx - cx0)] {
                    cells.push((id, false));
                    continue;
                }
                let px = self.origin_x + (cx as f64 + 0.5) * cell;
                while k < xings.len() && xings[k] <= px {
                    k += 1;
                }
                // Crossings strictly right of the centre: xings.len() - k.
                if (xings.len() - k) % 2 == 1 {
                    cells.push((id, true));
                }
            }
        }
        AreaCells { bands, cells }
    }

    #[inline]
    fn locate_in_cell(&self, cell: u32, x: f64, y: f64) -> u32 {
        if cell == NONE {
            return NONE;
        }
        let c = cell as usize;
        let items =
            &self.cell_items[self.cell_offsets[c] as usize..self.cell_offsets[c + 1] as usize];
        for &item in items {
            if item & FULL != 0 {
                return item & !FULL;
            }
            if crossings(self.bands[item as usize].at(y), x, y) {
                return item;
            }
        }
        NONE
    }
    pub(crate) fn locate(&self, x: f64, y: f64) -> Option<u32> {
        let found = self.locate_in_cell(self.cell_of(x, y), x, y);
        (found != NONE).then_some(found)
    }

    pub(crate) fn assign(&self, xs: &[f64], ys: &[f64]) -> Assignment {
        let n = xs.len().min(ys.len());
        let mut areas = vec![NONE; n];
        if n < SORT_THRESHOLD {
            for ((o, &x), &y) in areas.iter_mut().zip(xs).zip(ys) {
                *o = self.locate_in_cell(self.cell_of(x, y), x, y);
            }
            return Assignment { areas };
        }
        // One chunk per thread, each sorted and answered on its own: no serial step and
        // no gather across threads. Chunks of at most a few million points keep the sort's
        // scattered writes within a few tens of megabytes even for all of England.
        let chunk = n
            .div_ceil(rayon::current_num_threads().max(1))
            .clamp(SORT_THRESHOLD, BATCH);
        areas
            .par_chunks_mut(chunk)
            .zip(xs[..n].par_chunks(chunk).zip(ys[..n].par_chunks(chunk)))
            .for_each(|(out, (xs, ys))| self.assign_chunk(xs, ys, out));
        Assignment { areas }
    }

    /// Sort buckets: blocks of `2^BLOCK_SHIFT` x `2^BLOCK_SHIFT` cells, in row-major order.
    fn blocks(&self) -> (usize, usize) {
        let side = 1usize << BLOCK_SHIFT;
        (self.nx.div_ceil(side), self.ny.div_ceil(side))
    }

    /// Assigns one chunk into `out`, on the calling thread.
    fn assign_chunk(&self, xs: &[f64], ys: &[f64], out: &mut [u32]) {
        let (nbx, nby) = self.blocks();
        let block = |x: f64, y: f64| {
            self.cell_xy(x, y)
                .map(|(cx, cy)| (cy >> BLOCK_SHIFT) * nbx + (cx >> BLOCK_SHIFT))
        };
        // Counting sort by block of cells, moving the coordinates and the point's position
        // so that the tests read the points sequentially and neighbours meet the same
        // candidates and edges in cache. Points off the grid are left out (and stay
        // outside). The block is computed twice rather than stored: less memory to touch.
        let nblocks = nbx * nby;
        let mut start = vec![0u32; nblocks + 1];
        for (&x, &y) in xs.iter().zip(ys) {
            if let Some(b) = block(x, y) {
                start[b + 1] += 1;
            }
        }
        for i in 0..nblocks {
            start[i + 1] += start[i];
        }
        let mut sorted = vec![(0.0f64, 0.0f64, 0u32); start[nblocks] as usize];
        for (i, (&x, &y)) in xs.iter().zip(ys).enumerate() {
            if let Some(b) = block(x, y) {
                let slot = &mut start[b];
                sorted[*slot as usize] = (x, y, i as u32);
                *slot += 1;
            }
        }
        out.fill(NONE);
        for &(x, y, i) in &sorted {
            out[i as usize] = self.locate_in_cell(self.cell_of(x, y), x, y);
        }
    }

    /// Bytes held by the index (for reports and benchmarks).
    pub(crate) fn heap_bytes(&self) -> usize {
        self.cell_offsets.len() * 4
            + self.cell_items.len() * 4
            + self
                .bands
                .iter()
                .map(|b| b.heap_bytes() + std::mem::size_of::<Bands>())
                .sum::<usize>()
    }
}

/// Crossing-number parity of a ray from (x, y) towards +x over `edges`.
#[inline]
fn crossings(edges: &[Edge], x: f64, y: f64) -> bool {
    let mut inside = false;
    for e in edges {
        inside ^= e.crosses(x, y);
    }
    inside
}

/// The result of assigning points to an area set: for each input point, in input order,
/// the index of its area in the set, or none when it is outside every area.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    areas: Vec<u32>,
}

impl Assignment {
    /// The sentinel [`Assignment::as_slice`] uses for "outside every area".
    pub const OUTSIDE: u32 = NONE;

    /// Number of points.
    pub fn len(&self) -> usize {
        self.areas.len()
    }

    /// Whether there were no points.
    pub fn is_empty(&self) -> bool {
        self.areas.is_empty()
    }

    /// The area index of point `i`, or `None` when outside (or when `i` is out of range).
    pub fn area(&self, i: usize) -> Option<u32> {
        self.areas.get(i).copied().filter(|&a| a != NONE)
    }

    /// Area indices in input order, [`Assignment::OUTSIDE`] for points in no area.
    pub fn as_slice(&self) -> &[u32] {
        &self.areas
    }

    /// Iterates over `Option<area index>` in input order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = Option<u32>> + '_ {
        self.areas.iter().map(|&a| (a != NONE).then_some(a))
    }

    /// Number of points inside some area.
    pub fn assigned(&self) -> usize {
        self.areas.iter().filter(|&&a| a != NONE).count()
    }

    /// Number of points outside every area.
    pub fn outside(&self) -> usize {
        self.len() - self.assigned()
    }

    /// Points per area, indexed like the area set (`n_areas` long).
    pub fn counts(&self, n_areas: usize) -> Vec<u64> {
        let mut counts = vec![0u64; n_areas];
        for &a in &self.areas {
            if let Some(c) = counts.get_mut(a as usize) {
                *c += 1;
            }
        }
        counts
    }

    /// An assignment from raw indices (as [`Assignment::into_vec`] gives them).
    pub(crate) fn from_vec(areas: Vec<u32>) -> Self {
        Assignment { areas }
    }

    /// Consumes the result, returning the raw indices ([`Assignment::OUTSIDE`] = outside).
    pub fn into_vec(self) -> Vec<u32> {
        self.areas
    }
}

/// A neighbour found by a [`PointIndex`] query.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Neighbour {
    /// Position of the point in the indexed arrays.
    pub index: u32,
    /// Straight-line distance in metres.
    pub distance: f64,
}

/// An immutable index over a set of points (BNG metres) for nearest, radius and polygon
/// queries. Build once with [`PointIndex::new`]; queries take `&self` and are thread-safe.
///
/// Results are deterministic: ordered by distance, ties by point index.
///
/// # Examples
/// ```
/// use outreach::PointIndex;
/// # fn main() -> outreach::Result<()> {
/// let gps = PointIndex::new(&[0.0, 1000.0, 5000.0], &[0.0, 0.0, 0.0])?;
/// let nearest = gps.nearest(900.0, 0.0, 2);
/// assert_eq!(nearest.iter().map(|n| n.index).collect::<Vec<_>>(), [1, 0]);
/// assert_eq!(gps.within_radius(0.0, 0.0, 1000.0).len(), 2);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct PointIndex {
    tree: RTree<GeomWithData<[f64; 2], u32>>,
}

impl PointIndex {
    /// Indexes points given as coordinate arrays.
    ///
    /// # Errors
    /// [`crate::Error::InvalidArgument`] if the arrays differ in length, hold a non-finite
    /// value, or have more than `u32::MAX` points.
    pub fn new(xs: &[f64], ys: &[f64]) -> crate::Result<Self> {
        if xs.len() != ys.len() {
            return Err(crate::Error::arg(
                "xs/ys",
                "x and y arrays differ in length",
            ));
        }
        if xs.len() >= u32::MAX as usize {
            return Err(crate::Error::arg("xs/ys", "too many points"));
        }
        if let Some(i) = xs
            .iter()
            .zip(ys)
            .position(|(x, y)| !x.is_finite() || !y.is_finite())
        {
            return Err(crate::Error::arg(
                "xs/ys",
                format!("point {i} has a non-finite coordinate"),
            ));
        }
        let items = xs
            .iter()
            .zip(ys)
            .enumerate()
            .map(|(i, (&x, &y))| GeomWithData::new([x, y], i as u32))
            .collect();
        Ok(PointIndex {
            tree: RTree::bulk_load(items),
        })
    }

    /// Number of indexed points.
    pub fn len(&self) -> usize {
        self.tree.size()
    }

    /// Whether no points are indexed.
    pub fn is_empty(&self) -> bool {
        self.tree.size() == 0
    }

    /// The `k` nearest points to (x, y), nearest first.
    pub fn nearest(&self, x: f64, y: f64, k: usize) -> Vec<Neighbour> {
        if k == 0 || !x.is_finite() || !y.is_finite() {
            return Vec::new();
        }
        let mut found: Vec<Neighbour> = Vec::with_capacity(k + 1);
        for (item, d2) in self.tree.nearest_neighbor_iter_with_distance_2(&[x, y]) {
            // Keep going past k while distances tie, so the tie-break by index is exact.
            if found.len() >= k && found.last().is_some_and(|l| d2.sqrt() > l.distance) {
                break;
            }
            found.push(Neighbour {
                index: item.data,
                distance: d2.sqrt(),
            });
        }
        sort_neighbours(&mut found);
        found.truncate(k);
        found
    }

    /// All points within `radius` metres of (x, y) (inclusive), nearest first.
    pub fn within_radius(&self, x: f64, y: f64, radius: f64) -> Vec<Neighbour> {
        if radius.is_nan() || radius < 0.0 || !x.is_finite() || !y.is_finite() {
            return Vec::new();
        }
        let mut found: Vec<Neighbour> = self
            .tree
            .locate_within_distance([x, y], radius * radius)
            .map(|item| {
                let [px, py] = *item.geom();
                Neighbour {
                    index: item.data,
                    distance: (px - x).hypot(py - y),
                }
            })
            .collect();
        sort_neighbours(&mut found);
        found
    }

    /// Number of points within `radius` metres of (x, y), inclusive.
    pub fn count_within_radius(&self, x: f64, y: f64, radius: f64) -> usize {
        if radius.is_nan() || radius < 0.0 || !x.is_finite() || !y.is_finite() {
            return 0;
        }
        self.tree
            .locate_within_distance([x, y], radius * radius)
            .count()
    }

    /// Indices (ascending) of the points inside or on the boundary of a polygon.
    pub fn within_polygon(&self, polygon: &MultiPolygon<f64>) -> Vec<u32> {
        let Some(rect) = polygon.bounding_rect() else {
            return Vec::new();
        };
        let envelope =
            AABB::from_corners([rect.min().x, rect.min().y], [rect.max().x, rect.max().y]);
        let mut found: Vec<u32> = self
            .tree
            .locate_in_envelope(&envelope)
            .filter(|item| {
                let [px, py] = *item.geom();
                polygon.intersects(&Point::new(px, py))
            })
            .map(|item| item.data)
            .collect();
        found.sort_unstable();
        found
    }
}

fn sort_neighbours(found: &mut [Neighbour]) {
    found.sort_by(|a, b| {
        a.distance
            .total_cmp(&b.distance)
            .then(a.index.cmp(&b.index))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::coordinate_position::CoordPos;
    use geo::{coord, polygon, CoordinatePosition};
    use proptest::prelude::*;

    /// A 3×3 grid of 100 m squares, the middle one with a 20 m hole, plus one diamond.
    fn grid() -> Vec<MultiPolygon<f64>> {
        let mut out = Vec::new();
        for j in 0..3 {
            for i in 0..3 {
                let (x, y) = (f64::from(i) * 100.0, f64::from(j) * 100.0);
                let mut p = polygon![(x: x, y: y), (x: x + 100.0, y: y), (x: x + 100.0, y: y + 100.0), (x: x, y: y + 100.0)];
                if i == 1 && j == 1 {
                    p.interiors_push(vec![
                        (140.0, 140.0),
                        (160.0, 140.0),
                        (160.0, 160.0),
                        (140.0, 160.0),
                        (140.0, 140.0),
                    ]);
                }
                out.push(MultiPolygon(vec![p]));
            }
        }
        out.push(MultiPolygon(vec![polygon![(x: 400.0, y: 150.0), (x: 450.0, y: 100.0), (x: 500.0, y: 150.0), (x: 450.0, y: 200.0)]]));
        out
    }

    fn brute(geoms: &[MultiPolygon<f64>], x: f64, y: f64) -> Option<u32> {
        geoms
            .iter()
            .position(|g| contains_brute_force(g, x, y))
            .map(|i| i as u32)
    }

    #[test]
    fn boundary_points_go_to_exactly_one_area() {
        let geoms = grid();
        let index = AreaIndex::build(&geoms);
        // Every grid vertex and edge midpoint strictly inside the 300×300 block.
        for j in 1..6 {
            for i in 1..6 {
                let (x, y) = (f64::from(i) * 50.0, f64::from(j) * 50.0);
                if (x, y) == (150.0, 150.0) {
                    continue; // the hole
                }
                let hits = geoms
                    .iter()
                    .filter(|g| contains_brute_force(g, x, y))
                    .count();
                assert_eq!(hits, 1, "({x}, {y}) is in {hits} areas");
                assert_eq!(index.locate(x, y), brute(&geoms, x, y));
            }
        }
        // Shared vertical edge → east; shared horizontal edge → north.
        assert_eq!(index.locate(100.0, 50.0), Some(1));
        assert_eq!(index.locate(50.0, 100.0), Some(3));
        // Hole and outside.
        assert_eq!(index.locate(150.0, 150.0), None);
        assert_eq!(index.locate(-1.0, 50.0), None);
        assert_eq!(index.locate(f64::NAN, 50.0), None);
        assert_eq!(index.locate(450.0, 150.0), Some(9));
    }

    /// Finely drawn areas, so that each has many bands: a wiggly ring of `n` vertices
    /// around each of a 4 x 4 grid of centres (radii drawn from `radii`), the odd ones with a
    /// wiggly hole; neighbours overlap, so the set order decides there.
    fn wiggly(radii: &[f64], n: usize) -> Vec<MultiPolygon<f64>> {
        let ring = |cx: f64, cy: f64, r0: f64, phase: usize| -> Vec<(f64, f64)> {
            let mut pts: Vec<(f64, f64)> = (0..n)
                .map(|i| {
                    let t = i as f64 / n as f64 * std::f64::consts::TAU;
                    let r = r0 * radii[(i + phase) % radii.len()];
                    (cx + r * t.cos(), cy + r * t.sin())
                })
                .collect();
            pts.push(pts[0]);
            pts
        };
        let mut out = Vec::new();
        for j in 0..4 {
            for i in 0..4 {
                let (cx, cy) = (f64::from(i) * 100.0, f64::from(j) * 100.0);
                let k = (j * 4 + i) as usize;
                let interiors = if k % 2 == 1 {
                    vec![geo::LineString::from(ring(cx, cy, 15.0, k + 1))]
                } else {
                    Vec::new()
                };
                out.push(MultiPolygon(vec![geo::Polygon::new(
                    geo::LineString::from(ring(cx, cy, 60.0, k)),
                    interiors,
                )]));
            }
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]
        #[test]
        fn banded_index_equals_brute_force(
            radii in prop::collection::vec(0.5f64..1.2, 3..40),
            n in 16usize..400,
            points in prop::collection::vec((-80.0f64..380.0, -80.0f64..380.0), 4096..6000),
        ) {
            let geoms = wiggly(&radii, n);
            let index = AreaIndex::build(&geoms);
            prop_assert!(index.bands.iter().any(|b| b.len > 1) || n < 2 * BAND_EDGES);
            let (xs, ys): (Vec<f64>, Vec<f64>) = points.iter().copied().unzip();
            // Sorted batch path, point-by-point path, and vertices (on the boundary).
            let got = index.assign(&xs, &ys);
            for (i, (&x, &y)) in xs.iter().zip(&ys).enumerate() {
                prop_assert_eq!(got.area(i), brute(&geoms, x, y));
            }
            for g in &geoms {
                for c in g.0[0].exterior().0.iter().step_by(7) {
                    prop_assert_eq!(index.locate(c.x, c.y), brute(&geoms, c.x, c.y));
                }
            }
        }
    }

    proptest! {
        #[test]
        fn index_equals_brute_force(points in prop::collection::vec((-50.0f64..550.0, -50.0f64..350.0), 1..6000)) {
            let geoms = grid();
            let index = AreaIndex::build(&geoms);
            let (xs, ys): (Vec<f64>, Vec<f64>) = points.iter().copied().unzip();
            let got = index.assign(&xs, &ys);
            for (i, (&x, &y)) in xs.iter().zip(&ys).enumerate() {
                let expected = brute(&geoms, x, y);
                prop_assert_eq!(got.area(i), expected);
                // And agree with geo's robust predicate off the boundaries.
                let c = coord! { x: x, y: y };
                let inside: Vec<u32> = geoms.iter().enumerate()
                    .filter(|(_, g)| g.coordinate_position(&c) == CoordPos::Inside)
                    .map(|(a, _)| a as u32).collect();
                let on_boundary = geoms.iter().any(|g| g.coordinate_position(&c) == CoordPos::OnBoundary);
                if !on_boundary {
                    prop_assert_eq!(expected, inside.first().copied());
                }
            }
        }
    }

    #[test]
    fn point_index_queries() {
        let xs = [0.0, 10.0, 10.0, 30.0, 100.0];
        let ys = [0.0, 0.0, 0.0, 0.0, 100.0];
        let index = PointIndex::new(&xs, &ys).unwrap();
        let near = index.nearest(9.0, 0.0, 2);
        // Two points tie at 10 m: both before the origin, lower index first.
        assert_eq!(near.iter().map(|n| n.index).collect::<Vec<_>>(), [1, 2]);
        assert_eq!(index.within_radius(0.0, 0.0, 10.0).len(), 3);
        assert_eq!(index.count_within_radius(0.0, 0.0, 30.0), 4);
        let square = MultiPolygon(vec![
            polygon![(x: -1.0, y: -1.0), (x: 10.0, y: -1.0), (x: 10.0, y: 1.0), (x: -1.0, y: 1.0)],
        ]);
        assert_eq!(index.within_polygon(&square), [0, 1, 2]);
        assert!(PointIndex::new(&[0.0], &[f64::NAN]).is_err());
        assert!(index.nearest(f64::NAN, 0.0, 3).is_empty());
    }
}
