"""outreach: see communities property by property.

Load a gazetteer of UPRNs, the statistical areas they sit in and the deprivation of those
areas, then ask which properties are where. All coordinates are British National Grid
(EPSG:27700) metres; results with rows are ``pyarrow`` tables. Tables come in from any
object with the Arrow PyCapsule interface (pyarrow, polars) or from pandas, areas from
GeoJSON files or GeoDataFrames in any CRS.

Long calls (``Gazetteer.from_csv``, ``Gazetteer.assign``, ``AreaSet.assign``,
``AddressIndex.match``, ``profile``) take ``progress=``: ``None``/``True`` draws a tqdm bar
(a widget in Jupyter) when tqdm is installed and the call lasts over half a second,
``False`` is silent, a callable is called with each increment of the count. Ctrl-C raises
``KeyboardInterrupt`` within one chunk of work; the objects stay usable.

Example:
    >>> import geopandas, pyarrow, shapely
    >>> import outreach
    >>> zones = geopandas.GeoDataFrame(
    ...     {"code": ["E01000001", "E01000002"]},
    ...     geometry=[shapely.box(358000, 418000, 359000, 419000),
    ...               shapely.box(359000, 418000, 360000, 419000)],
    ...     crs="EPSG:27700")
    >>> areas = outreach.AreaSet.from_geodataframe(zones, code="code", set_name="zones")
    >>> areas
    AreaSet(name='zones', kind='lsoa', vintage=None, areas=2)
    >>> homes = outreach.Gazetteer.from_arrow(pyarrow.table(
    ...     {"uprn": [1, 2, 3], "x": [358500.0, 359500.0, 370000.0],
    ...      "y": [418500.0, 418500.0, 418500.0]}))
    >>> homes.assign(areas).column("area_code").to_pylist()
    ['E01000001', 'E01000002', None]
    >>> areas.__geo_interface__["features"][0]["properties"]
    {'code': 'E01000001', 'name': None}
"""

from outreach._native import (
    AddressIndex,
    AreaSet,
    AttributeTable,
    AuditLog,
    Campaign,
    Demo,
    Deprivation,
    Gazetteer,
    Interventions,
    LinkageIndex,
    LoadReport,
    Observations,
    PostcodeCentroids,
    Plan,
    Profile,
    Rejection,
    Role,
    SingleView,
    Targets,
    Tokeniser,
    __version__,
    bng_to_wgs84,
    compare_periods,
    profile,
    read_iod,
    read_interventions,
    read_oac2011,
    wgs84_to_bng,
)
from outreach.exceptions import (
    DataFormatError,
    DataLoadError,
    InvalidAreaCodeError,
    InvalidArgumentError,
    InvalidGeometryError,
    InvalidUprnError,
    OutreachError,
    TransformError,
    UnknownAreaError,
    UnknownUprnError,
)
from outreach.interop import to_geopandas, to_pandas

__all__ = [
    "__version__",
    # data
    "Gazetteer",
    "AddressIndex",
    "AreaSet",
    "Deprivation",
    "PostcodeCentroids",
    "read_iod",
    "LoadReport",
    "Rejection",
    # profiles
    "AttributeTable",
    "read_oac2011",
    "profile",
    "Profile",
    # performance reporting
    "Observations",
    "Targets",
    # single view across agencies
    "Tokeniser",
    "Role",
    "AuditLog",
    "LinkageIndex",
    "SingleView",
    # Chorley demo, campaigns and outcomes
    "Demo",
    "Campaign",
    "Plan",
    "Interventions",
    "read_interventions",
    "compare_periods",
    # coordinates
    "wgs84_to_bng",
    "bng_to_wgs84",
    # interop
    "to_pandas",
    "to_geopandas",
    # errors
    "OutreachError",
    "InvalidUprnError",
    "InvalidAreaCodeError",
    "UnknownAreaError",
    "UnknownUprnError",
    "TransformError",
    "InvalidArgumentError",
    "InvalidGeometryError",
    "DataFormatError",
    "DataLoadError",
]
