"""Type stubs of the compiled module ``outreach._native`` (private: import from ``outreach``).

All coordinates are British National Grid (EPSG:27700) metres unless a name says otherwise.
"""

from collections.abc import Sequence
from os import PathLike
from pathlib import Path
from collections.abc import Callable
from typing import Any, ClassVar, Literal, Optional, Union, final

import pandas
import pyarrow

__all__ = [
    "__version__",
    "PostcodeCentroids",
    "Gazetteer",
    "AddressIndex",
    "AreaSet",
    "Deprivation",
    "LoadReport",
    "Rejection",
    "Observations",
    "Targets",
    "AttributeTable",
    "Profile",
    "read_oac2011",
    "profile",
    "Tokeniser",
    "Role",
    "AuditLog",
    "LinkageIndex",
    "SingleView",
    "read_iod",
    "wgs84_to_bng",
    "bng_to_wgs84",
    "_raise_core_error",
    "Demo",
    "Campaign",
    "Plan",
    "Interventions",
    "read_interventions",
    "compare_periods",
    "_time_assign",
]

__version__: str

_Path = Union[str, PathLike[str]]
_Floats = Union[Sequence[float], "pyarrow.Array[Any]", "pyarrow.ChunkedArray[Any]", Any]
# ``progress=``: None or True (a tqdm bar when tqdm is installed, after half a second),
# False (nothing) or a callable given each increment of the count (``bar.update`` works).
_Progress = Union[bool, None, Callable[[int], object]]

@final
class Rejection:
    """One input row (or GeoJSON feature) a reader refused, and why."""

    __hash__: ClassVar[None]  # type: ignore[assignment]
    @property
    def line(self) -> int:
        """One-based line of the CSV file, or one-based feature number of a GeoJSON file."""
    @property
    def field(self) -> Optional[str]:
        """The field at fault, when one is."""
    @property
    def reason(self) -> str:
        """What was wrong."""
    def __eq__(self, other: object, /) -> bool: ...
    def __ne__(self, other: object, /) -> bool: ...

@final
class LoadReport:
    """What a reader did with its input.

    ``accepted + len(rejected) == rows_read`` always holds: nothing is dropped silently.

    Example:
        >>> report = outreach.Gazetteer.from_csv("uprns.csv").load_report
        >>> for r in report.rejected:
        ...     print(r.line, r.field, r.reason)
    """

    @property
    def path(self) -> Path:
        """The file read."""
    @property
    def rows_read(self) -> int:
        """Data rows (or features) read, header excluded."""
    @property
    def accepted(self) -> int:
        """Rows loaded."""
    @property
    def rejected(self) -> list[Rejection]:
        """Rows refused, in file order."""
    @property
    def is_clean(self) -> bool:
        """Whether every row was accepted."""

@final
class AddressIndex:
    """An indexed gazetteer of addresses to match free-text partner addresses against.
    Immutable."""

    @staticmethod
    def from_csv(
        path: _Path,
        *,
        format: Literal["text", "fields"] = "text",
        uprn_field: str = "uprn",
        address_field: str = "address",
        postcode_field: str = "postcode",
        parent_field: Optional[str] = None,
    ) -> AddressIndex:
        """Reads a gazetteer CSV (plain or gzip)."""
    @staticmethod
    def from_columns(
        uprns: Sequence[Union[int, str]],
        addresses: Any,
        postcodes: Optional[Any] = None,
        parents: Optional[Sequence[Optional[Union[int, str]]]] = None,
    ) -> AddressIndex:
        """Builds an index from columns."""
    @property
    def load_report(self) -> Optional[LoadReport]:
        """What the reader did with the file (None for an index built from columns)."""
    def __len__(self) -> int: ...
    def _repr_html_(self) -> str:
        """A short HTML summary for Jupyter."""
    def match(
        self,
        addresses: Any,
        postcodes: Optional[Any] = None,
        ids: Optional[Any] = None,
        *,
        min_score: Optional[float] = None,
        min_margin: Optional[float] = None,
        progress: _Progress = None,
    ) -> pyarrow.Table:
        """Matches addresses: ``id, uprn, score, status, margin, reason, postcode,
        postcode_corrected``.

        ``addresses``, ``postcodes`` and ``ids`` are lists, pandas Series or any Arrow
        string array (pyarrow, polars; read without Python objects). Work is done in
        chunks of 1,024 addresses; Ctrl-C raises ``KeyboardInterrupt`` within one chunk
        and leaves the index usable."""
    def quality(
        self,
        ids: Any,
        addresses: Any,
        postcodes: Optional[Any] = None,
        uprns: Optional[Sequence[Optional[Union[int, str]]]] = None,
        *,
        properties: Optional[Gazetteer] = None,
        boundary: Optional[AreaSet] = None,
        centroids: Optional[PostcodeCentroids] = None,
        one_record_per_uprn: bool = True,
    ) -> dict[str, pyarrow.Table]:
        """The data-quality report: ``anomalies``, ``corrections``, ``inside_outside``."""

@final
class PostcodeCentroids:
    """Postcode centroids in British National Grid metres (Code-Point Open)."""

    @staticmethod
    def from_codepoint_open(path: _Path) -> PostcodeCentroids:
        """Reads Code-Point Open (plain or gzip CSV)."""
    @property
    def load_report(self) -> LoadReport:
        """What the reader did with the file."""
    def get(self, postcode: str) -> Optional[tuple[float, float]]:
        """The centroid ``(x, y)`` of a postcode, or None."""
    def __contains__(self, postcode: str, /) -> bool: ...
    def to_arrow(self) -> pyarrow.Table:
        """``postcode, x, y, quality`` in file order."""
    def __len__(self) -> int: ...

@final
class Gazetteer:
    """Every property of an area with its location and, where loaded, class, parent UPRN,
    postcode and address, stored as columns. Immutable; safe to share between threads.
    """

    @staticmethod
    def from_csv(
        path: _Path,
        *,
        format: Literal["os_open_uprn", "addressbase", "columns"] = "os_open_uprn",
        uprn: Optional[str] = None,
        x: Optional[str] = None,
        y: Optional[str] = None,
        crs: Union[int, str] = 27700,
        class_field: Optional[str] = None,
        parent_field: Optional[str] = None,
        postcode_field: Optional[str] = None,
        address_fields: Sequence[str] = (),
        progress: _Progress = None,
    ) -> Gazetteer:
        """Reads a gazetteer from a CSV file (plain or gzip, detected from the content).

        Rows with an unreadable UPRN, missing or non-numeric coordinates, coordinates
        outside Great Britain, a bad parent UPRN or postcode, or a UPRN already seen on an
        earlier line are rejected and listed in ``load_report``; all others are loaded.
        The GIL is released while the file is read.

        Args:
            path: The file.
            format: ``"os_open_uprn"`` (``UPRN,X_COORDINATE,Y_COORDINATE,...``),
                ``"addressbase"`` (AddressBase Premium flattened CSV: ``uprn``, ``x``,
                ``y``, ``class``, address parts...) or ``"columns"`` (name them below).
            uprn: UPRN column (``format="columns"`` only, required there).
            x: Easting or longitude column (``format="columns"`` only, required there).
            y: Northing or latitude column (``format="columns"`` only, required there).
            crs: CRS of ``x``/``y``: 27700 (British National Grid) or 4326 (WGS84,
                converted with OSTN15); also ``"EPSG:4326"``, ``"BNG"``, ``"WGS84"``.
            class_field: Classification code column, if any.
            parent_field: Parent UPRN column, if any.
            postcode_field: Postcode column, if any.
            address_fields: Address columns, joined with ", " (empty parts skipped).
            progress: A bar counting the rows read (see ``_Progress``); Ctrl-C stops the
                read between batches of blocks (a few MB of the file).

        Returns:
            The gazetteer, with ``load_report`` set.

        Raises:
            DataLoadError: The file cannot be read.
            DataFormatError: A named column is missing, the gzip stream is truncated or the
                CSV is malformed.
            InvalidArgumentError: An unknown ``format`` or ``crs``, column names without
                ``format="columns"``, or ``format="columns"`` without ``uprn``/``x``/``y``.

        Example:
            >>> g = outreach.Gazetteer.from_csv(
            ...     "llpg.csv", format="columns", uprn="UPRN", x="EASTING", y="NORTHING")
        """
    @staticmethod
    def from_arrow(
        table: Any,
        *,
        uprn: str = "uprn",
        x: str = "x",
        y: str = "y",
        crs: Union[int, str] = 27700,
        class_field: Optional[str] = None,
        parent_field: Optional[str] = None,
        postcode_field: Optional[str] = None,
        address_field: Optional[str] = None,
    ) -> Gazetteer:
        """Builds a gazetteer from a table: any object with the Arrow PyCapsule interface
        (pyarrow Table or RecordBatch, polars DataFrame...) or a pandas DataFrame.

        Args:
            table: The rows.
            uprn: UPRN column (integers or text, leading zeros allowed).
            x: Easting or longitude column.
            y: Northing or latitude column.
            crs: 27700 (BNG metres) or 4326 (WGS84, converted with OSTN15).
            class_field: Classification code column, if any.
            parent_field: Parent UPRN column, if any.
            postcode_field: Postcode column, if any.
            address_field: Address column, if any.

        Raises:
            InvalidArgumentError: A column is missing or of the wrong type, or a row has
                a null or bad UPRN, coordinate or postcode (the message names the row).
            DataFormatError: Two rows share a UPRN.

        Example:
            >>> import pyarrow as pa
            >>> t = pa.table({"uprn": [1, 2], "x": [358000.0, 358100.0],
            ...               "y": [418000.0, 418000.0]})
            >>> outreach.Gazetteer.from_arrow(t)
            Gazetteer(properties=2, columns=[uprn, x, y])
        """
    @property
    def load_report(self) -> Optional[LoadReport]:
        """What the reader did with the file (None when not read from a file)."""
    def _repr_html_(self) -> str:
        """A short HTML summary for Jupyter."""
    @property
    def is_synthetic(self) -> bool:
        """Whether the gazetteer was generated rather than loaded from real data."""
    def __len__(self) -> int: ...
    def uprns(self) -> pyarrow.UInt64Array:
        """The UPRN column, in file order."""
    def xs(self) -> pyarrow.DoubleArray:
        """The easting column (BNG metres), shared with the gazetteer without a copy."""
    def ys(self) -> pyarrow.DoubleArray:
        """The northing column (BNG metres), shared with the gazetteer without a copy."""
    def get(self, uprn: Union[int, str]) -> dict[str, Any]:
        """The property with this UPRN.

        Args:
            uprn: The UPRN, as a number or text (leading zeros allowed).

        Returns:
            A dict with ``uprn``, ``x``, ``y``, ``class``, ``parent_uprn``, ``postcode``
            and ``address`` (None where unknown).

        Raises:
            InvalidUprnError: ``uprn`` is not a UPRN.
            UnknownUprnError: The gazetteer has no such UPRN.
        """
    def to_arrow(self) -> pyarrow.Table:
        """The gazetteer as a table: ``uprn`` (uint64), ``x``, ``y`` (float64, BNG metres),
        ``class`` (string), ``parent_uprn`` (uint64), ``postcode`` and ``address``
        (string); optional columns are null where not loaded."""
    def to_pandas(self) -> pandas.DataFrame:
        """The gazetteer as a DataFrame (needs ``outreach[pandas]``)."""
    def to_geopandas(self) -> Any:
        """The gazetteer as a GeoDataFrame of points, CRS EPSG:27700 (needs
        ``outreach[geo]``)."""
    def assign(self, areas: AreaSet, *, progress: _Progress = None) -> pyarrow.Table:
        """Assigns every property to the area of ``areas`` containing it.

        The GIL is released and the work spread over all cores, in chunks of 1,048,576
        points; Ctrl-C raises ``KeyboardInterrupt`` within a chunk and leaves both objects
        usable. ``progress``: see ``_Progress``.

        Returns:
            A table of ``uprn`` (uint64) and ``area_code`` (dictionary-encoded string, null
            outside every area), in gazetteer order.

        Example:
            >>> homes.assign(lsoas).to_pandas().area_code.value_counts()
        """

@final
class AreaSet:
    """Non-overlapping areas of one kind and vintage (LSOAs, wards, user-drawn zones) with
    a prepared point-in-area index. Immutable; safe to share between threads.

    A point on an edge shared by two areas belongs to exactly one of them (the area east of
    a north-south edge, north of an east-west edge).
    """

    @staticmethod
    def from_geojson(
        path: _Path,
        code_field: str,
        *,
        name_field: Optional[str] = None,
        name: Optional[str] = None,
        vintage: Union[int, str, None] = None,
    ) -> AreaSet:
        """Reads areas from a GeoJSON FeatureCollection (plain or gzip).

        Coordinates are WGS84 (RFC 7946, converted with OSTN15) unless the legacy ``crs``
        member names EPSG:27700. Features without a code, with a duplicate code, without a
        polygon or with an invalid polygon are rejected and listed in ``load_report``.

        Args:
            path: The file.
            code_field: Feature property holding the area code, e.g. ``"LSOA11CD"``.
            name_field: Feature property holding the area name, e.g. ``"LSOA11NM"``.
            name: Name of the set; defaults to the file name without extension.
            vintage: Edition of the geography, e.g. 2011 or 2021 (unspecified if None).

        Returns:
            The area set; its kind is inferred from the first code (``"lsoa"`` for E01...).

        Raises:
            DataLoadError: The file cannot be read.
            DataFormatError: Invalid JSON, not a FeatureCollection, an unsupported CRS, or
                no usable feature.
            InvalidArgumentError: ``vintage`` is not a year.

        Example:
            >>> lsoas = outreach.AreaSet.from_geojson("lsoa11_bgc.geojson", "LSOA11CD",
            ...                                       vintage=2011)
        """
    @staticmethod
    def from_geodataframe(
        frame: Any,
        code: str,
        *,
        name: Optional[str] = None,
        set_name: Optional[str] = None,
        vintage: Union[int, str, None] = None,
    ) -> AreaSet:
        """Reads the polygons of a ``geopandas.GeoDataFrame`` in any CRS.

        EPSG:27700 frames are read as they are; other CRSs are reprojected to WGS84 by
        GeoPandas and converted to British National Grid by the core with OSTN15, as for
        GeoJSON files.

        Args:
            frame: The GeoDataFrame (it must have a CRS).
            code: Column of area codes.
            name: Column of area names, if any.
            set_name: Name of the set (default ``"areas"``).
            vintage: Edition of the geography, e.g. 2011.

        Raises:
            ValueError: The frame has no CRS.
            KeyError: A named column is missing.
        """
    @property
    def load_report(self) -> Optional[LoadReport]:
        """What the reader did with the file (None when not read from a file)."""
    @property
    def __geo_interface__(self) -> dict[str, Any]:
        """The areas as a GeoJSON FeatureCollection (properties ``code``, ``name``) in
        British National Grid metres (EPSG:27700, named in the ``crs`` member), not WGS84."""
    def _repr_html_(self) -> str:
        """A short HTML summary for Jupyter."""
    def to_arrow(self) -> pyarrow.Table:
        """``code``, ``name`` and ``geometry_geojson`` (GeoJSON text in BNG) per area."""
    @property
    def name(self) -> str:
        """The set's name."""
    @property
    def kind(self) -> str:
        """``"oa"``, ``"lsoa"``, ``"msoa"``, ``"ward"``, ``"district"``, ``"county"``,
        ``"region"``, ``"country"`` or ``"other"``."""
    @property
    def vintage(self) -> Optional[int]:
        """The geography's edition as a year, or None when unspecified."""
    def __len__(self) -> int: ...
    def codes(self) -> list[str]:
        """Area codes, in set order."""
    def locate(self, x: float, y: float) -> Optional[str]:
        """The code of the area containing the point (BNG metres), or None."""
    def assign(self, xs: _Floats, ys: _Floats, *, progress: _Progress = None) -> pyarrow.Table:
        """Assigns points (BNG metres) to the area containing each.

        Work is done in chunks of 1,048,576 points (some 30-60 ms of work) without the GIL; Ctrl-C raises
        ``KeyboardInterrupt`` within a chunk and leaves the set usable.

        Args:
            xs: Eastings: a pyarrow (chunked) array of any numeric type, a numpy array, a
                pandas Series or a sequence of numbers. Arrow and float64 numpy input is
                read without a copy. Nulls and NaN are in no area.
            ys: Northings, as ``xs``.
            progress: See ``_Progress``.

        Returns:
            A table of ``index`` (int64, position in the input) and ``area_code``
            (dictionary-encoded string, null outside every area).

        Raises:
            InvalidArgumentError: ``xs`` and ``ys`` differ in length or are not numbers.
        """

@final
class Deprivation:
    """Published ranks, deciles and scores of the English Indices of Deprivation, per LSOA.
    Rank 1 and decile 1 are the most deprived."""

    @property
    def load_report(self) -> LoadReport:
        """What the reader did with the file."""
    @property
    def edition(self) -> str:
        """``"IoD2019"`` (LSOA 2011) or ``"IoD2025"`` (LSOA 2021)."""
    def __len__(self) -> int: ...
    def codes(self) -> list[str]:
        """LSOA codes in file order."""
    def domains(self) -> list[str]:
        """Domains in the file, ``"imd"`` first (``"income"``, ``"employment"``, ...)."""
    def lookup(self, code: str) -> dict[str, Any]:
        """One LSOA's figures.

        Returns:
            A dict with ``lsoa_code``, then ``<domain>_rank``, ``<domain>_decile``,
            ``<domain>_score`` and ``<domain>_quintile`` for each domain in the file, then
            ``district_code`` and ``population`` (None where the file has no value).

        Raises:
            InvalidAreaCodeError: ``code`` is not an area code.
            UnknownAreaError: The table has no such LSOA.
        """
    def to_arrow(self) -> pyarrow.Table:
        """The table: ``lsoa_code``, then ``<domain>_rank`` (uint32), ``<domain>_decile``
        (uint8; derived from the rank where the file has none), ``<domain>_score``
        (float64) and ``<domain>_quintile`` (uint8) per domain, then ``district_code`` and
        ``population``; nulls where the file has no value."""
    def recompute_imd(self) -> pyarrow.Table:
        """The IMD recomputed from the seven domain ranks by the official method: each rank
        through the exponential transform ``X = -23 ln(1 - R (1 - e^(-100/23)))`` with
        ``R = (N + 1 - rank) / N``, weighted 22.5/22.5/13.5/13.5/9.3/9.3/9.3 % as printed
        (summing to 99.9 %, not renormalised).

        Returns:
            ``lsoa_code``, ``imd_score`` (float64), ``imd_rank`` (uint32, 1 = most deprived)
            and ``imd_decile`` (uint8). Ranks and deciles are national: null unless the
            table holds every LSOA of England. Exactly equal scores are ranked by LSOA code.

        Raises:
            InvalidArgumentError: The table lacks a domain's ranks.

        Example:
            >>> iod = outreach.read_iod("iod2025_scores_ranks_deciles_lsoa21.csv.gz")
            >>> iod.recompute_imd().to_pandas().head()
        """
    def composite(
        self,
        weights: dict[str, float],
        *,
        renormalise: bool,
        indicators: Optional[dict[str, _Floats]] = None,
    ) -> pyarrow.Table:
        """A composite index of domains and user indicators, by the IMD's exponential
        transform.

        Args:
            weights: Weight in percent of each component, keyed by domain name
                (``"income"``, ``"health"``, ...) or by the name of an indicator.
            renormalise: Required. False uses the weights as given (divided by 100, as the
                official IMD); True divides them by their sum so they total 100 %.
            indicators: User indicator columns, one value per table row in file order,
                higher = more deprived. Each is ranked across the rows (ties share their
                mean rank), so give a complete table for a national index.

        Returns:
            ``lsoa_code``, ``score``, ``rank``, ``decile`` (national ranks only for a
            complete table, else null).

        Raises:
            InvalidArgumentError: An unknown domain, an indicator without a weight or with
                a domain's name, a length that is not the table's, a value that is not a
                finite number, a negative weight, or weights that sum to 0 with
                ``renormalise=True``.

        Example:
            >>> iod.composite({"income": 2, "employment": 1}, renormalise=True)
        """
    def summarise(
        self,
        *,
        domain: str = "imd",
        by: Union[dict[str, str], Sequence[tuple[str, str]], None] = None,
        population: Optional[dict[str, float]] = None,
    ) -> pyarrow.Table:
        """District (or any area) summaries with the measures of the IoD 2019 technical
        report (section 3.8, Appendix N).

        Args:
            domain: The domain to summarise.
            by: LSOA code → area code (a dict, or ``(lsoa, area)`` pairs; an LSOA may be in
                several areas). Default: the file's district column (IoD2019 ``lad19_code``).
            population: LSOA code → population weight. Default: the file's population
                column (IoD2019: mid-2015 excluding prisoners, as the official figures).

        Returns:
            One row per area sorted by ``area_code``: ``lsoas``, ``population``,
            ``average_score`` (population-weighted; null without scores),
            ``average_rank`` (``(N + 1) - Σ p r / P``), ``proportion_most_deprived_10pct``
            (a count of LSOAs), ``extent``, ``local_concentration``, and each measure's
            ``rank_of_...`` among the areas (1 = most deprived, ties share the smallest).

        Raises:
            InvalidAreaCodeError: A code in ``by`` or ``population`` is malformed.
            UnknownAreaError: An LSOA of ``by`` is not in the table (another vintage?).
            InvalidArgumentError: No district column and no ``by``; an unknown domain; a
                missing or negative population.

        Example:
            >>> iod = outreach.read_iod("iod2019_lsoa11_combined.csv.gz")
            >>> lads = iod.summarise().to_pandas().set_index("area_code")
            >>> lads.loc["E07000118", "average_score"]  # Chorley: 16.863
        """
    def local_deciles(
        self,
        codes: Optional[Sequence[str]] = None,
        *,
        domain: str = "imd",
        district: Optional[str] = None,
    ) -> pyarrow.Table:
        """Local deciles: LSOAs ranked among themselves. NOT official statistics; label
        them as local wherever they are shown.

        Args:
            codes: The LSOAs to rank together.
            domain: The domain whose national ranks give the order.
            district: Instead of ``codes``, the LSOAs of one district of the file.

        Returns:
            ``lsoa_code``, ``national_rank``, ``local_rank`` (1 = most deprived of the set),
            ``set_size``, ``local_decile``, ``local_quintile``, in the order of ``codes``.

        Raises:
            InvalidArgumentError: Both or neither of ``codes`` and ``district``; a code
                given twice; an LSOA without a rank.
            UnknownAreaError: An LSOA (or the district) is not in the table.
        """
    def carry_to(self, vintage: int, lookup: _Path) -> pyarrow.Table:
        """Carries the table onto the other LSOA vintage through the ONS LSOA 2011 ↔ 2021
        lookup, keeping the change code visible.

        An unchanged LSOA is copied; a split LSOA's children inherit its values; a merged
        LSOA gets the population-weighted mean score (unweighted without populations) and
        no rank or decile, with the range of its sources' deciles; a target with some
        sources missing from the table is flagged ``incomplete`` and left empty.

        Args:
            vintage: 2021 (from IoD2019) or 2011 (from IoD2025).
            lookup: The ONS lookup CSV (``lsoa11_code``, ``lsoa21_code``, ``change_code``).

        Returns:
            ``lsoa<yy>_code``, ``lsoa<xx>_sources`` (list of str), ``change_code``
            (U/S/M/X), ``carry`` (``copied``, ``inherited``, ``population_weighted_mean``,
            ``mean``, ``incomplete``), ``population``, then per domain ``<domain>_rank``,
            ``_decile``, ``_score``, ``_decile_min``, ``_decile_max``.

        Raises:
            InvalidArgumentError: ``vintage`` is not the other one, or no LSOA of the
                lookup is in the table.
            DataLoadError: The lookup cannot be read.
            DataFormatError: The lookup lacks a column.
        """
    def to_pandas(self) -> pandas.DataFrame:
        """The table as a DataFrame (needs ``outreach[pandas]``)."""

@final
class Targets:
    """Indicator definitions for performance reporting: unit, polarity, annual target and
    the amber tolerance, read from a CSV."""

    @staticmethod
    def from_csv(path: _Path) -> Targets:
        """Reads ``indicator,target,polarity`` rows, optionally with ``tolerance_pct``
        (amber band, default 5), ``unit`` (``count``, the default, ``percent`` or
        ``number``) and ``q1``..``q4`` (a quarterly profile of the target).

        Raises:
            DataLoadError: The file cannot be read.
            DataFormatError: A required column is missing or the CSV is malformed.

        Example:
            >>> targets = outreach.Targets.from_csv("targets.csv")
            >>> targets.load_report.rejected
        """
    @property
    def load_report(self) -> LoadReport:
        """What the reader did with the file."""
    def __len__(self) -> int: ...
    def indicators(self) -> list[str]:
        """The indicator names, in file order."""

@final
class Observations:
    """Values of indicators by period, and optionally by area, for performance reporting.

    Periods follow UK financial years (April-March): ``"2011-07"`` is a calendar month,
    ``"2011-Q2"`` quarter 2 of 2011/12 (July-September 2011; ``"2011-Q4"`` is
    January-March 2012), ``"2011/12"`` the financial year April 2011-March 2012. Counts add
    up over months; a figure over a span with a month missing is incomplete and is never
    compared.
    """

    @staticmethod
    def from_csv(path: _Path) -> Observations:
        """Reads ``indicator,period,value`` rows, optionally with ``area_code``.

        Raises:
            DataLoadError: The file cannot be read.
            DataFormatError: A required column is missing or the CSV is malformed.
        """
    @staticmethod
    def from_police_uk(path: _Path, *, by_area: bool = False) -> Observations:
        """Counts data.police.uk street-level rows by month and ``Crime type``, adding
        ``All crime`` (which leaves out anti-social behaviour), and per ``LSOA code`` too
        when ``by_area``. A month with no row in the file is missing, not zero.

        Raises:
            DataLoadError: The file cannot be read.
            DataFormatError: The ``Month`` or ``Crime type`` column is missing.

        Example:
            >>> crime = outreach.Observations.from_police_uk("street.csv.gz")
            >>> crime.compare("2021-Q3").to_pandas()
        """
    @property
    def load_report(self) -> LoadReport:
        """What the reader did with the file."""
    def __len__(self) -> int:
        """The number of series (indicator, area)."""
    def series(self) -> list[tuple[str, Optional[str]]]:
        """The series as ``(indicator, area_code or None)``, in the order first seen."""
    def compare(self, period: str, *, targets: Optional[Targets] = None) -> pyarrow.Table:
        """Each series for ``period`` against the same period last year.

        Args:
            period: ``"2011-07"``, ``"2011-Q2"`` or ``"2011/12"``.
            targets: Definitions of indicators; others are plain counts without a target.

        Returns:
            One row per series: ``indicator``, ``area_code`` (null overall), ``period``,
            ``unit``; ``current``, ``previous``, ``change_pct`` (rounded to 1 dp as
            printed; null when the previous figure is 0 or a figure is incomplete) and
            ``p_value`` (exact Poisson test, counts only), then the same four for the year
            to date (``ytd``, ``ytd_previous``...) and the rolling twelve months
            (``rolling_12``...); ``polarity``, ``annual_target``, ``target_to_date``,
            ``actual_to_date``, ``rag`` (``"Green"``, ``"Amber"``, ``"Red"``; null when
            the figure is incomplete or there is no target), and ``note`` (why a figure
            is missing). Figures are null when missing or incomplete.

        Raises:
            InvalidArgumentError: ``period`` is not a month, quarter or financial year.
        """
    def to_markdown(
        self,
        period: str,
        *,
        title: str = "Partnership performance report",
        heading: str = "Indicators against last year",
        targets: Optional[Targets] = None,
        significance: Optional[float] = None,
    ) -> str:
        """A committee-style Markdown report for ``period``: the partnership-wide
        indicators against last year (period and year to date), then the indicators with
        targets and their RAG status. With ``significance`` (e.g. 0.05), changes of counts
        significant at that level are marked ``*``.

        Raises:
            InvalidArgumentError: ``period`` is not a month, quarter or financial year.
        """

@final
class AttributeTable:
    """Household attributes ("lifestyle data": Mosaic/Acorn segments, tenure, council tax
    band, the ONS OAC...) keyed by UPRN, postcode or area code. Immutable."""

    @staticmethod
    def from_csv(
        path: _Path,
        key_field: str,
        *,
        key: Literal["uprn", "postcode", "area"] = "uprn",
        numeric: Optional[Sequence[str]] = None,
        categorical: Optional[Sequence[str]] = None,
    ) -> AttributeTable:
        """Reads a CSV (plain or gzip). With neither ``numeric`` nor ``categorical`` every
        other column is read, numeric when all its values are numbers.

        Rows with a missing, invalid or repeated key, or a non-number in a numeric column,
        are rejected and listed in ``load_report`` (accepted + rejected = rows read).

        Raises:
            DataLoadError: The file cannot be read.
            DataFormatError: A named column is missing.
            InvalidArgumentError: An unknown ``key``.
        """
    @staticmethod
    def from_arrow(
        table: Any,
        key_field: str,
        *,
        key: Literal["uprn", "postcode", "area"] = "uprn",
        numeric: Optional[Sequence[str]] = None,
        categorical: Optional[Sequence[str]] = None,
    ) -> AttributeTable:
        """Builds a table from any Arrow table (pyarrow, polars, pandas through pyarrow).
        With neither ``numeric`` nor ``categorical`` given, every other column is read:
        numeric Arrow types as numbers, the rest as categories. Nulls are missing values.

        Raises:
            InvalidArgumentError: A missing column, a null, bad or repeated key (the
                message names the row), or a column that cannot be cast.
        """
    @staticmethod
    def from_columns(
        keys: Sequence[Union[int, str]],
        *,
        key: Literal["uprn", "postcode", "area"] = "uprn",
        numeric: Optional[dict[str, _Floats]] = None,
        categorical: Optional[dict[str, Sequence[Optional[str]]]] = None,
    ) -> AttributeTable:
        """Builds a table from Python columns (e.g. a DataFrame's). Missing values are
        None (NaN for numbers).

        Raises:
            InvalidArgumentError: A bad or repeated key (the message names the row), a
                repeated attribute name or a column of the wrong length.
        """
    @property
    def load_report(self) -> Optional[LoadReport]:
        """What the reader did with the file (None for tables built from columns)."""
    @property
    def key(self) -> str:
        """``"uprn"``, ``"postcode"`` or ``"area"``."""
    def attributes(self) -> list[str]:
        """Attribute names, in column order."""
    def levels(self, name: str) -> list[str]:
        """The sorted levels of a categorical attribute (empty for a numeric one).

        Raises:
            InvalidArgumentError: No such attribute.
        """
    def __len__(self) -> int: ...

def read_oac2011(path: _Path) -> AttributeTable:
    """Reads the ONS 2011 Output Area Classification (``OA11CD,OAC11CD,OAC11NM...``) into
    an area-keyed table: ``oac_supergroup`` ("6 Suburbanites"), ``oac_group`` ("6a"),
    ``oac_subgroup`` ("6a2 Comfortable Suburbia"). Pass it to ``profile`` together with
    the OA 2011 boundaries: ``attributes=[(oac, oas)]``.

    Raises:
        DataLoadError: The file cannot be read.
        DataFormatError: ``OA11CD`` or ``OAC11CD`` is missing.
    """

@final
class Profile:
    """An area profile made by ``outreach.profile``. Immutable."""

    def __len__(self) -> int: ...
    def codes(self) -> list[str]:
        """Area codes, in set order."""
    def indicator_ids(self) -> list[str]:
        """Indicator ids: ``crime:all``, ``crime:Burglary``, ``oac_supergroup:6 Suburbanites``,
        numeric attribute names..."""
    def most_deprived(self, percent: int = 20) -> list[str]:
        """Codes of the areas in the ``percent`` (10 or 20) most deprived nationally (for
        non-LSOA sets: areas with any household in such an LSOA)."""
    def area_table(self, *, suppress: int = 5) -> pyarrow.Table:
        """One row per area: ``area_code, area_name, properties, households, population``,
        ``class:<code>`` counts, deprivation columns, then per indicator ``<id>:count``,
        ``<id>:value``, ``<id>:lower``, ``<id>:upper`` (95%), ``<id>:vs_borough``
        ("higher"/"similar"/"lower"), ``<id>:ratio_borough`` and, with an England value,
        ``<id>:vs_england``. Counts of 1 to ``suppress - 1`` and every value derived from
        them are null; ``suppress=0`` publishes everything (internal use only)."""
    def indicator_table(self, *, suppress: int = 5) -> pyarrow.Table:
        """One row per area and indicator (long format), then one per indicator for the
        whole set (``area_name`` "all areas"), suppressed like ``area_table``."""
    def need_drivers(self) -> pyarrow.Table:
        """Per area and domain: ``area_code, indicator, rank, percentile, imd_percentile,
        gap, order, driver, scale``. ``gap > 0``: more deprived on the domain than overall.

        Raises:
            InvalidArgumentError: The profile was built without ``deprivation``.
        """
    def hot_spots(
        self,
        indicator: str,
        *,
        neighbours: str = "contiguity",
        tolerance: float = 1.0,
        alpha: float = 0.05,
    ) -> pyarrow.Table:
        """Getis-Ord Gi* of an indicator's area values: ``area_code, value, gi_z, p, q,
        hot_spot`` ("hot", "cold", "not significant" after Benjamini-Hochberg at
        ``alpha``). ``neighbours``: ``"contiguity"`` (polygons within ``tolerance`` metres)
        or ``"distance:METRES"`` (centroids).

        Raises:
            InvalidArgumentError: Unknown indicator, an area without a value, or bad
                neighbours.
        """
    def area_table_with_geometry(self, *, suppress: int = 5) -> pyarrow.Table:
        """``area_table`` plus ``geometry_geojson``: each polygon as GeoJSON text in BNG."""
    def to_pandas(self) -> pandas.DataFrame:
        """The area table (suppressed at 5) as a DataFrame."""
    def to_geopandas(self) -> Any:
        """The area table (suppressed at 5) as a GeoDataFrame of polygons in EPSG:27700."""
    @property
    def __geo_interface__(self) -> dict[str, Any]:
        """The area table (suppressed at 5) with the polygons as a GeoJSON
        FeatureCollection in British National Grid metres (EPSG:27700), not WGS84."""
    @property
    def areas(self) -> AreaSet:
        """The area set the profile is over."""
    def _repr_html_(self) -> str:
        """A short HTML summary for Jupyter."""

def profile(
    areas: AreaSet,
    gazetteer: Gazetteer,
    *,
    attributes: Optional[Sequence[Union[AttributeTable, tuple[AttributeTable, AreaSet]]]] = None,
    population: Union[dict[str, float], _Path, None] = None,
    deprivation: Optional[Deprivation] = None,
    lsoas: Optional[AreaSet] = None,
    crime: Optional[_Path] = None,
    crime_period: Optional[tuple[str, str]] = None,
    point_events: Optional[dict[str, tuple[_Floats, _Floats, Sequence[str]]]] = None,
    england: Optional[dict[str, float]] = None,
    z: Optional[float] = None,
    per: float = 1000.0,
    residential_only: bool = True,
    progress: _Progress = None,
) -> Profile:
    """Profiles the areas of ``areas`` with the properties of ``gazetteer``.

    Args:
        areas: LSOAs, wards, a Week of Action zone...
        gazetteer: The properties (households are the residential ones).
        attributes: Tables keyed by UPRN or postcode, or ``(table, area_set)`` for an
            area-keyed table such as the OAC with its Output Areas.
        population: Residents per area: {code: number}, or a CSV (ONS totals or
            single-year-of-age rows). Needed for crime rates.
        deprivation: IoD figures; LSOA sets take their own, other sets need ``lsoas``.
        lsoas: LSOA boundaries, for non-LSOA areas: deprivation is summarised over the
            LSOAs their households sit in, and ``population`` (then keyed by LSOA) is shared
            out by households.
        crime: A police.uk street-level CSV, counted by LSOA code.
        crime_period: First and last month counted, e.g. ``("2021-11", "2022-10")``.
        point_events: {name: (xs, ys, categories)} events per 1,000 households.
        england: England values of indicators to compare with, e.g. ``{"crime:all": 82.0}``.
        z: Normal quantile of the intervals (1.96 for 95%, the default).
        per: Rates per this many residents or households.
        residential_only: Shares and means over residential properties only.
        progress: See ``_Progress``; Ctrl-C during the assignments raises
            ``KeyboardInterrupt``.

    Raises:
        InvalidArgumentError: Rates without population, an England value for an unknown
            indicator, deprivation on non-LSOA areas without ``lsoas``...
        DataLoadError, DataFormatError: A file cannot be read.

    Example:
        >>> p = outreach.profile(lsoas, homes, deprivation=iod, population="pop.csv",
        ...                      crime="street.csv.gz", crime_period=("2021-11", "2022-10"))
        >>> p.area_table().to_pandas()
    """

def read_iod(path: _Path, *, edition: Union[int, str, None] = None) -> Deprivation:
    """Reads a published IoD LSOA table (plain or gzip CSV).

    Args:
        path: The file (IoD2019 File 7 layout with ``lsoa11_code``, or IoD2025 with
            ``lsoa21_code``).
        edition: 2019 or 2025 (also ``"IoD2019"``); inferred from the code column if None.

    Returns:
        The table, with ``load_report`` set.

    Raises:
        DataLoadError: The file cannot be read.
        DataFormatError: No LSOA code column or no deprivation column.
        InvalidArgumentError: An unknown ``edition``.

    Example:
        >>> iod = outreach.read_iod("iod2019_lsoa11.csv")
        >>> iod.lookup("E01024898")["imd_decile"]
    """

def wgs84_to_bng(lon: float, lat: float) -> tuple[float, float]:
    """Converts WGS84 longitude/latitude (degrees) to British National Grid easting and
    northing (metres) with OSTN15, rounded to the millimetre.

    Raises:
        TransformError: The point is outside OSTN15 coverage of Great Britain, or not
            finite.

    Example:
        >>> outreach.wgs84_to_bng(-2.6325, 53.6532)  # Chorley town hall, roughly
    """

def bng_to_wgs84(easting: float, northing: float) -> tuple[float, float]:
    """Converts British National Grid easting/northing (metres) to WGS84 longitude and
    latitude (degrees) with the OSTN15 inverse.

    Raises:
        TransformError: The point is outside the National Grid or OSTN15 coverage.
    """

def _raise_core_error(variant: str) -> None:
    """Raises the exception of one core error variant (``"InvalidUprn"``, ``"Io"``...)
    with sample fields. For the binding's own tests only."""

@final
class Tokeniser:
    """Replaces person identifiers by HMAC-SHA-256 tokens under a secret key, after
    normalisation (names: case, spacing, punctuation and diacritics dropped; dates of birth
    in ISO, UK day-first, ``7 Mar 1984`` or ``19840307`` form; NHS numbers: spaces and
    hyphens dropped, Modulus 11 check digit validated). The key is not kept; ``repr`` never
    shows it. Errors name the field, never its value.

    Example:
        >>> t = outreach.Tokeniser(b"key shared by the partnership")
        >>> nhs, name_dob = t.tokenise(nhs_number="943 476 5919")
    """

    def __new__(cls, key: bytes) -> Tokeniser:
        """Raises:
        InvalidArgumentError: The key is shorter than 16 bytes.
        """
    def tokenise(
        self,
        *,
        nhs_number: Optional[str] = None,
        given_name: Optional[str] = None,
        family_name: Optional[str] = None,
        date_of_birth: Optional[str] = None,
    ) -> tuple[Optional[str], Optional[str]]:
        """The ``(nhs_token, name_dob_token)`` of one person (64 hex digits each, ``None``
        when that identifier is absent). Given name, family name and date of birth go
        together.

        Raises:
            InvalidArgumentError: A field cannot be normalised, or only part of name +
                date of birth is given. The message names the field, not the value.
        """

@final
class Role:
    """An access role. By default it sees no agency, no contact details and no sensitive
    involvement (need to know)."""

    def __new__(
        cls,
        name: str,
        *,
        agencies: Sequence[str] = ...,
        all_agencies: bool = False,
        contacts: bool = False,
        sensitive: bool = False,
    ) -> Role:
        """Raises:
        InvalidArgumentError: The name or an agency name is empty.
        """
    @property
    def name(self) -> str:
        """The role's name (written to the audit log)."""
    def may_see(self, agency: str, *, sensitive: bool = False) -> bool:
        """Whether the role may see an involvement of ``agency``."""

@final
class AuditLog:
    """The append-only log of every query; each entry holds the SHA-256 of the previous one,
    so an edited, deleted, inserted or reordered entry fails ``verify``. It holds role,
    reason, what was asked (a UPRN, a token or a summary) and the outcome, never a clear
    identifier."""

    def __new__(cls) -> AuditLog: ...
    @staticmethod
    def read_jsonl(path: _Path) -> AuditLog:
        """Reads a log written by ``write_jsonl`` (plain or gzip); call ``verify`` after.

        Raises:
            DataLoadError: The file cannot be read.
            DataFormatError: A line is not an entry.
        """
    def write_jsonl(self, path: _Path) -> None:
        """Writes the log as JSON lines, replacing the file."""
    def verify(self) -> None:
        """Checks the chain.

        Raises:
            InvalidArgumentError: An entry fails (the message says which and why).
        """
    def verify_head(self, head: str) -> None:
        """``verify``, and ``head`` (kept from an earlier ``head``) must be the last hash or
        an earlier one still in the log: detects entries cut from the end."""
    @property
    def head(self) -> str:
        """The hash of the last entry (64 zeros when empty)."""
    def entries(self) -> list[dict[str, Any]]:
        """The entries, oldest first: seq, time, role, reason, query, outcome, prev, hash."""
    def __len__(self) -> int: ...

@final
class SingleView:
    """What a role may see of a household or a person. ``str()`` gives the aggregate,
    e.g. ``"3 agencies, 2 people; 2 people known to Social care"``."""

    @property
    def people(self) -> int:
        """Distinct people among the involvements."""
    def agencies(self) -> list[dict[str, Any]]:
        """One dict per agency: agency, since (ISO date), records, people, lead_contact."""
    def involvements(self) -> list[dict[str, Any]]:
        """One dict per involvement: agency, record_id, uprn, involvement, start, end,
        lead_contact (``None`` when hidden from the role), person (1, 2... within the view)."""
    def __len__(self) -> int: ...

@final
class LinkageIndex:
    """Agency records indexed by household (UPRN) and person (token); records sharing a
    token are one person. Every query needs a role and a non-empty reason and is logged.

    Example:
        >>> t = outreach.Tokeniser(b"key shared by the partnership")
        >>> index = outreach.LinkageIndex.from_csv(["school.csv", "care.csv"], t)
        >>> log = outreach.AuditLog()
        >>> role = outreach.Role("MASH", all_agencies=True, contacts=True)
        >>> print(index.household(100010371335, role, "strategy meeting", log))
    """

    @staticmethod
    def from_csv(
        paths: Sequence[_Path],
        tokeniser: Tokeniser,
        *,
        addresses: Optional[dict[str, int]] = None,
    ) -> LinkageIndex:
        """Reads agency record CSVs (columns ``agency, record_id, involvement, start`` and
        optionally ``uprn`` or ``address``, ``nhs_number``, ``given_name``, ``family_name``,
        ``dob``, ``sensitive``, ``end``, ``lead_contact``), tokenising identifiers as it
        goes, and builds the index. ``addresses`` maps address text to UPRN for rows
        without a ``uprn``.

        Raises:
            DataLoadError: A file cannot be read.
            DataFormatError: A required column is missing.
            InvalidArgumentError: An agency repeats a record id.
        """
    @property
    def load_reports(self) -> list[LoadReport]:
        """What the reader did with each file, in the order given."""
    def __len__(self) -> int: ...
    @property
    def households(self) -> int:
        """Distinct households (UPRNs) with records."""
    @property
    def people(self) -> int:
        """Distinct people linked across all records."""
    def household(self, uprn: int, role: Role, reason: str, log: AuditLog) -> SingleView:
        """The single view of a household.

        Raises:
            InvalidArgumentError: ``reason`` is blank (the refusal is logged).
            InvalidUprnError: ``uprn`` is not a UPRN.
        """
    def person(self, token: str, role: Role, reason: str, log: AuditLog) -> SingleView:
        """The single view of the person a token belongs to.

        Raises:
            InvalidArgumentError: ``reason`` is blank (logged) or ``token`` is not 64 hex digits.
        """
    def multi_agency_summary(
        self,
        min_agencies: int,
        areas: dict[int, str],
        role: Role,
        reason: str,
        log: AuditLog,
    ) -> dict[str, Any]:
        """Households known to at least ``min_agencies`` agencies the role may see, by area:
        ``{"areas": [(code, count or None)], "unassigned": count or None}``; counts of 1-4
        are suppressed (``None``).

        Raises:
            InvalidArgumentError: ``reason`` is blank or ``min_agencies`` is 0 (logged).
            InvalidAreaCodeError: An area code is malformed.
        """

# --- Chorley demo, campaigns and outcomes ---------------------------------------------

_Records = Union["Interventions", "pyarrow.Table", "pandas.DataFrame", dict[str, Any], Any]

@final
class Demo:
    """The Chorley demonstration dataset: LSOAs, wards, IoD2019 and synthetic households
    (real geography and deprivation, households labelled synthetic). Immutable."""

    @staticmethod
    def load(path: Optional[_Path] = None, seed: int = 2026) -> Demo:
        """Loads the demo from ``path`` (a directory laid out like the repository's
        ``examples/data/chorley``), or from ``$OUTREACH_DEMO_DATA`` when ``path`` is None.

        Raises:
            InvalidArgumentError: No path and no ``OUTREACH_DEMO_DATA``.
            DataLoadError: A file cannot be read.
            DataFormatError: A file is malformed.
        """
    @property
    def path(self) -> Path:
        """The directory the demo was read from."""
    @property
    def seed(self) -> int:
        """The seed of the synthetic households."""
    @property
    def households(self) -> Gazetteer:
        """The synthetic households (flagged synthetic)."""
    @property
    def lsoas(self) -> AreaSet:
        """LSOA 2011 boundaries (66 in Chorley)."""
    @property
    def wards(self) -> AreaSet:
        """Ward boundaries (May 2022, 14 in Chorley)."""
    @property
    def iod(self) -> Deprivation:
        """IoD2019 of Chorley's LSOAs."""
    @property
    def attributes(self) -> AttributeTable:
        """Synthetic household attributes ``aged_65_plus`` and ``deprivation_dimensions``."""
    @property
    def load_reports(self) -> list[LoadReport]:
        """Load reports of every file read, in reading order."""
    def household_lsoa(self) -> pyarrow.Table:
        """Each household's LSOA: ``uprn, lsoa_code``."""
    def household_table(self) -> pyarrow.Table:
        """Per household: ``uprn, x, y, lsoa_code, ward_code, aged_65_plus,
        deprivation_dimensions``."""
    def lsoa_profile(self) -> pyarrow.Table:
        """Per LSOA: ``code, name, households, households_65_plus,
        households_2plus_dimensions, imd_score, imd_rank, imd_decile,
        most_deprived_20pct``."""
    def profile(self) -> Profile:
        """The full LSOA profile: synthetic attributes, OAC 2011 shares, mid-2019
        population, IoD2019 and police.uk crime (Nov 2021 to Oct 2022) per 1,000."""
    def plan(self, campaign: Campaign, history: Optional[_Records] = None) -> Plan:
        """Plans ``campaign`` over the households; ``history`` records delivered before the
        first campaign day count as past interventions.

        Raises:
            InvalidArgumentError: An invalid campaign or history.
        """
    def _repr_html_(self) -> str: ...

@final
class Campaign:
    """A multi-agency campaign (Week of Action): partners, services with eligibility and
    priority rules, an area rule and days. Immutable."""

    @staticmethod
    def from_json(text: str) -> Campaign:
        """Parses and checks a campaign (see ``examples/week_of_action.json``).

        Raises:
            InvalidArgumentError: Malformed JSON or an inconsistent campaign.
        """
    @staticmethod
    def from_file(path: _Path) -> Campaign:
        """Reads and checks a campaign JSON file.

        Raises:
            DataLoadError: The file cannot be read.
            DataFormatError: The campaign is malformed (names the file).
        """
    @property
    def name(self) -> str: ...
    @property
    def days(self) -> list[str]: ...
    @property
    def round_size(self) -> int: ...
    @property
    def as_of(self) -> Optional[str]: ...
    @property
    def partners(self) -> list[tuple[str, int]]:
        """``(name, capacity_per_day)`` in campaign order."""
    @property
    def services(self) -> list[tuple[str, str, Optional[str]]]:
        """``(service, partner, location or None)`` in campaign order."""

@final
class Interventions:
    """Intervention records ``(uprn, service, date, result)``. Immutable."""

    @staticmethod
    def from_csv(path: _Path) -> Interventions:
        """Reads ``uprn,service,date,result`` rows (plain or gzip CSV)."""
    @staticmethod
    def from_arrow(table: Any) -> Interventions:
        """Records from anything ``pyarrow.table()`` accepts with ``uprn, service, date,
        result`` (or ``outcome``) columns.

        Raises:
            InvalidArgumentError: A missing column or a bad value (names row and column).
        """
    @property
    def load_report(self) -> Optional[LoadReport]: ...
    def to_arrow(self) -> pyarrow.Table:
        """``uprn, service, date, result``."""
    def __len__(self) -> int: ...

def read_interventions(path: _Path) -> Interventions:
    """Reads intervention records from a CSV (``uprn,service,date,result``)."""

def compare_periods(
    records: _Records, current: tuple[str, str], baseline: tuple[str, str]
) -> pyarrow.Table:
    """Outcome counts per service in ``current`` against ``baseline`` (``(first, last)``
    dates): ``service, outcome, current, baseline, change``."""

@final
class Plan:
    """A campaign plan made by ``Demo.plan``: one visit per household in rounds of nearby
    doors. Immutable."""

    @property
    def campaign(self) -> Campaign: ...
    @property
    def in_area(self) -> int:
        """Households in the campaign area (eligible for any service or not)."""
    @property
    def history_applied(self) -> int:
        """History records applied as past interventions."""
    def __len__(self) -> int: ...
    def visits(self) -> pyarrow.Table:
        """``uprn, day, round, order, services`` (service names joined by ``;``)."""
    def visit_sheets(self) -> pyarrow.Table:
        """The visits plus ``x, y, partners, locations, score, reasons``."""
    def unscheduled(self) -> pyarrow.Table:
        """``uprn, services, score, reason``."""
    def load(self) -> pyarrow.Table:
        """``partner, day, visits, capacity``."""
    def work_list(self, partner: str) -> pyarrow.Table:
        """``uprn, day, round, order, services, delivery`` of one partner.

        Raises:
            InvalidArgumentError: No such partner.
        """
    def round_lengths(self) -> list[float]:
        """Walking metres (straight line, door to door) of every round."""
    def uptake(
        self, records: _Records, first: str, last: str, *, areas: Optional[AreaSet] = None
    ) -> pyarrow.Table:
        """``service, partner, area, eligible, delivered, uptake`` overall (area ``all``)
        and per area of ``areas``."""
    def partner_outcomes(self, records: _Records, first: str, last: str) -> pyarrow.Table:
        """``partner, service, outcome, count``."""
    def _repr_html_(self) -> str: ...
def _time_assign(areas: AreaSet, xs: _Floats, ys: _Floats, repeats: int) -> list[float]:
    """Seconds per run of the core assignment alone, timed inside Rust (benchmarks)."""
