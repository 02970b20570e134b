"""outreach: see communities property by property.

Load a gazetteer of UPRNs, the statistical areas they sit in and the deprivation of those
areas, then ask which properties are where. All coordinates are British National Grid
(EPSG:27700) metres; results with rows are ``pyarrow`` tables.

Example:
    >>> import outreach
    >>> lsoas = outreach.AreaSet.from_geojson("lsoa11_bgc.geojson", "LSOA11CD", vintage=2011)
    >>> homes = outreach.Gazetteer.from_csv("osopenuprn.csv")
    >>> homes.assign(lsoas).to_pandas()
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
