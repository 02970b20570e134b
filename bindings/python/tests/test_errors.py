"""Every core error variant maps to its own exception, under OutreachError and a builtin."""

from __future__ import annotations

from pathlib import Path

import pytest

import outreach
from outreach import _native

MAPPING = [
    ("InvalidUprn", outreach.InvalidUprnError, ValueError),
    ("InvalidAreaCode", outreach.InvalidAreaCodeError, ValueError),
    ("UnknownArea", outreach.UnknownAreaError, LookupError),
    ("UnknownUprn", outreach.UnknownUprnError, LookupError),
    ("Transform", outreach.TransformError, ValueError),
    ("InvalidArgument", outreach.InvalidArgumentError, ValueError),
    ("InvalidGeometry", outreach.InvalidGeometryError, ValueError),
    ("Format", outreach.DataFormatError, ValueError),
    ("Io", outreach.DataLoadError, OSError),
]


@pytest.mark.parametrize("variant, exc, builtin", MAPPING)
def test_each_variant_has_its_exception(variant: str, exc: type, builtin: type) -> None:
    assert issubclass(exc, outreach.OutreachError) and issubclass(exc, builtin)
    with pytest.raises(exc) as info:
        _native._raise_core_error(variant)
    assert type(info.value) is exc
    others = [e for _, e, _ in MAPPING if e is not exc]
    assert not isinstance(info.value, tuple(others))


def test_exception_classes_are_distinct() -> None:
    assert len({e for _, e, _ in MAPPING}) == len(MAPPING)
    assert set(outreach.exceptions.__all__) == {e.__name__ for _, e, _ in MAPPING} | {"OutreachError"}


def test_messages_and_attributes() -> None:
    with pytest.raises(outreach.InvalidGeometryError, match=r"E01000001.*feature 3.*self-intersection"):
        _native._raise_core_error("InvalidGeometry")
    with pytest.raises(outreach.DataFormatError) as fmt:
        _native._raise_core_error("Format")
    assert (fmt.value.path, fmt.value.line, str(fmt.value)) == (Path("sample.csv"), 7, "sample.csv, line 7: sample")
    with pytest.raises(outreach.DataLoadError) as io:
        _native._raise_core_error("Io")
    assert (io.value.errno, io.value.path) == (2, Path("missing.csv"))
    with pytest.raises(ValueError, match="no variant"):
        _native._raise_core_error("Nope")


# The same mappings, reached through public calls.

def test_invalid_uprn(open_uprn_csv: Path) -> None:
    g = outreach.Gazetteer.from_csv(open_uprn_csv)
    for bad in (0, -5, 10**13, 10**30, "abc", "", "1.5"):
        with pytest.raises(outreach.InvalidUprnError):
            g.get(bad)


def test_unknown_uprn(open_uprn_csv: Path) -> None:
    g = outreach.Gazetteer.from_csv(open_uprn_csv)
    with pytest.raises(outreach.UnknownUprnError, match="UPRN 123 is not in this gazetteer"):
        g.get(123)
    with pytest.raises(LookupError):
        g.get("000123")


def test_public_paths_of_other_variants(chorley: Path, lsoas: outreach.AreaSet) -> None:
    iod = outreach.read_iod(chorley / "iod2019_lsoa11.csv")
    with pytest.raises(outreach.InvalidAreaCodeError):
        iod.lookup("")
    with pytest.raises(outreach.UnknownAreaError):
        iod.lookup("E01000001")
    with pytest.raises(outreach.TransformError):
        outreach.wgs84_to_bng(10.0, 52.0)
    with pytest.raises(outreach.InvalidArgumentError):
        lsoas.assign([1.0], [])
    with pytest.raises(outreach.DataFormatError):
        outreach.read_iod(chorley / "lsoa11_bgc.geojson")
    with pytest.raises(outreach.DataLoadError):
        outreach.read_iod(chorley / "missing.csv")
