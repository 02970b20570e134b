"""Exceptions raised by outreach.

Every error derives from :class:`OutreachError` and also from the builtin a caller would
naturally catch, so ``except ValueError`` or ``except OSError`` keep working. There is one
class per variant of the core's ``outreach::Error``; the Rust side raises them from a single
exhaustive ``match`` (``bindings/python/src/errors.rs``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional, Union

__all__ = [
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


class OutreachError(Exception):
    """Base class of every error outreach raises."""


class InvalidUprnError(OutreachError, ValueError):
    """The text or number is not a UPRN: empty, not a number, zero, or more than 12 digits."""


class InvalidAreaCodeError(OutreachError, ValueError):
    """The text is not an area code: empty, too long or with control characters."""


class UnknownAreaError(OutreachError, LookupError):
    """The area code is well formed but the table or area set has no such area."""


class UnknownUprnError(OutreachError, LookupError):
    """The UPRN is valid but not in this gazetteer."""


class TransformError(OutreachError, ValueError):
    """A coordinate cannot be converted between WGS84 and British National Grid (outside
    the OSTN15 coverage of Great Britain, or not a finite number)."""


class InvalidArgumentError(OutreachError, ValueError):
    """An argument is out of range or inconsistent (arrays of different lengths, an unknown
    format or CRS, a duplicate area code...)."""


class InvalidGeometryError(OutreachError, ValueError):
    """A polygon is unusable: empty, unclosed, self-intersecting or not finite."""


class DataFormatError(OutreachError, ValueError):
    """A file was read but its content stops the load: a missing column, an unsupported
    CRS, a truncated archive, invalid JSON.

    Row-level problems do not raise this; they are listed in the reader's ``load_report``.

    Attributes:
        path: The file.
        line: One-based line where the problem was found, when known.
    """

    path: Optional[Path]
    line: Optional[int]

    def __init__(
        self,
        message: str,
        path: Union[str, Path, None] = None,
        line: Optional[int] = None,
    ) -> None:
        super().__init__(message)
        self.path = None if path is None else Path(path)
        self.line = line


class DataLoadError(OutreachError, OSError):
    """A file could not be read at the operating-system level (missing, unreadable).

    An ``OSError``: ``errno`` and ``filename`` are set as usual.

    Attributes:
        path: The file.
    """

    @property
    def path(self) -> Optional[Path]:
        """The file, as a ``pathlib.Path``."""
        return None if self.filename is None else Path(self.filename)

    def __str__(self) -> str:
        # The core's message already names the file and the OS reason.
        return str(self.strerror) if self.strerror is not None else super().__str__()
