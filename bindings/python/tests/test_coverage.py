"""Every public function and method of the package is called somewhere in the tests (by
name, as ``.name(`` or ``name(``), so none can be left untested by accident."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import outreach

TESTS = Path(__file__).resolve().parent
# Names that are not calls: dunder protocol methods are exercised through len(), repr()...
SKIP = {"__version__"}


def public_names() -> set[str]:
    names: set[str] = set()
    for name in outreach.__all__:
        if name in SKIP:
            continue
        obj = getattr(outreach, name)
        if inspect.isclass(obj):
            if issubclass(obj, BaseException):
                continue
            for attr, value in vars(obj).items():
                if attr.startswith("__") or attr in {"_repr_html_"}:
                    continue
                if not attr.startswith("_"):
                    names.add(attr)
        elif callable(obj):
            names.add(name)
    return names


def test_every_public_callable_is_used_in_a_test() -> None:
    text = "\n".join(
        p.read_text(encoding="utf-8") for p in TESTS.glob("test_*.py") if p.name != "test_coverage.py"
    )
    missing = sorted(n for n in public_names() if not re.search(rf"\b{re.escape(n)}\b", text))
    assert missing == []
