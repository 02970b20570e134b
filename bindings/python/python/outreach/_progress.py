"""Progress reporting for long calls (``progress=`` keyword): a tqdm bar, a callback or
nothing. Called by the extension; not public API."""

from __future__ import annotations

from typing import Any, Callable, Optional, Union

ProgressArg = Union[bool, None, Callable[[int], object]]


class _Callback:
    """Forwards each increment to a user callable (``progress=bar.update`` works)."""

    def __init__(self, callback: Callable[[int], object]) -> None:
        self._callback = callback

    def update(self, n: int) -> None:
        self._callback(n)

    def close(self) -> None:
        pass


def reporter(progress: ProgressArg, total: Optional[int], desc: str, unit: str) -> Any:
    """What receives ``update(n)`` and ``close()`` for one call, or None for silence.

    ``None`` and ``True`` draw a tqdm bar (``tqdm.auto``: a widget in Jupyter, text in a
    terminal) when tqdm is installed, shown only if the call lasts over half a second;
    ``False`` draws nothing; a callable is called with each increment.

    Example:
        >>> import outreach
        >>> seen = []
        >>> _ = outreach.AreaSet.assign  # any long call takes progress=seen.append
        >>> r = reporter(seen.append, 10, "work", "it")
        >>> r.update(4); r.update(6); r.close()
        >>> seen
        [4, 6]
        >>> reporter(False, 10, "work", "it") is None
        True
    """
    if progress is False:
        return None
    if progress is None or progress is True:
        try:
            from tqdm.auto import tqdm
        except ImportError:
            return None
        if total is None:
            return tqdm(desc=desc, delay=0.5, leave=False, bar_format="{desc}: {elapsed}")
        return tqdm(total=total, desc=desc, unit=unit, unit_scale=True, delay=0.5, leave=False)
    if callable(progress):
        return _Callback(progress)
    raise TypeError(f"progress must be True, False, None or a callable, not {type(progress).__name__}")
