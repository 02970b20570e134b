"""Type stubs of the compiled module ``outreach._native`` (private: import from ``outreach``).

All coordinates are British National Grid (EPSG:27700) metres unless a name says otherwise.
"""

from collections.abc import Sequence
from os import PathLike
from pathlib import Path
from typing import Any, ClassVar, Literal, Optional, Union, final

import pandas
import pyarrow

__all__ = [
    "__version__",
    "Gazetteer",
    "AreaSet",
    "Deprivation",
    "LoadReport",
    "Rejection",
    "read_iod",
    "wgs84_to_bng",
    "bng_to_wgs84",
    "_raise_core_error",
]

__version__: str

_Path = Union[str, PathLike[str]]
_Floats = Union[Sequence[float], "pyarrow.Array[Any]", "pyarrow.ChunkedArray[Any]", Any]

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
    @property
    def load_report(self) -> Optional[LoadReport]:
        """What the reader did with the file (None when not read from a file)."""
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
    def assign(self, areas: AreaSet) -> pyarrow.Table:
        """Assigns every property to the area of ``areas`` containing it.

        The GIL is released and the work spread over all cores.

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
    @property
    def load_report(self) -> Optional[LoadReport]:
        """What the reader did with the file (None when not read from a file)."""
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
    def assign(self, xs: _Floats, ys: _Floats) -> pyarrow.Table:
        """Assigns points (BNG metres) to the area containing each.

        Args:
            xs: Eastings: a pyarrow (chunked) array of any numeric type, a numpy array, a
                pandas Series or a sequence of numbers. Arrow and float64 numpy input is
                read without a copy. Nulls and NaN are in no area.
            ys: Northings, as ``xs``.

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
            A dict with ``lsoa_code``, then ``<domain>_rank``, ``<domain>_decile`` and
            ``<domain>_score`` for each domain in the file, then ``population`` (None
            where the file has no value).

        Raises:
            InvalidAreaCodeError: ``code`` is not an area code.
            UnknownAreaError: The table has no such LSOA.
        """
    def to_arrow(self) -> pyarrow.Table:
        """The table: ``lsoa_code``, then ``<domain>_rank`` (uint32), ``<domain>_decile``
        (uint8; derived from the rank where the file has none) and ``<domain>_score``
        (float64) per domain, then ``population``; nulls where the file has no value."""
    def to_pandas(self) -> pandas.DataFrame:
        """The table as a DataFrame (needs ``outreach[pandas]``)."""

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
