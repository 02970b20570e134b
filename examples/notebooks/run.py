"""Executes the notebooks of this directory with nbclient and checks their maps.

Usage: python examples/notebooks/run.py [--write] [NOTEBOOK ...]   (default: every *.ipynb here)

Each notebook runs with this directory as its working directory, so its relative paths
(``../data/chorley``, ``../week_of_action.json``) resolve. With ``--write`` the executed notebook,
outputs included, is written back (how the committed outputs are made); without it (as in
CI) the files are left untouched. A cell error fails the run, and so does a notebook without map
images or with an image that is not a valid, non-empty PNG.
"""

from __future__ import annotations

import base64
import struct
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

HERE = Path(__file__).resolve().parent
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG (from its IHDR chunk); raises ValueError if not a PNG."""
    if len(data) < 24 or not data.startswith(PNG_SIGNATURE) or data[12:16] != b"IHDR":
        raise ValueError("not a PNG image")
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def check_images(nb: nbformat.NotebookNode, name: str) -> int:
    """Counts the PNG outputs, failing on any that is empty or broken."""
    count = 0
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            png = out.get("data", {}).get("image/png")
            if png is None:
                continue
            data = base64.b64decode(png)
            width, height = png_size(data)
            if width < 100 or height < 100 or len(data) < 5_000:
                raise SystemExit(f"{name}: cell {i}: image too small ({width}x{height}, {len(data)} bytes)")
            count += 1
    return count


def run(path: Path, write: bool) -> None:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(HERE)}}
    )
    client.execute()
    images = check_images(nb, path.name)
    if images < 2:
        raise SystemExit(f"{path.name}: expected at least 2 map images, found {images}")
    if write:
        nbformat.write(nb, path)
    print(f"{path.name}: executed, {images} images checked" + (", written" if write else ""))


def main(args: list[str]) -> None:
    write = "--write" in args
    paths = [Path(a) for a in args if a != "--write"] or sorted(HERE.glob("*.ipynb"))
    if not paths:
        raise SystemExit(f"no notebooks in {HERE}")
    for p in paths:
        run(p.resolve(), write)


if __name__ == "__main__":
    main(sys.argv[1:])
