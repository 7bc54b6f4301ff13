"""Writing results: atomic files, small-cell suppression on every exported table.

Every CSV a notebook exports goes through :func:`write_table`, so that no
table leaves the package with a cell based on fewer than ``min_cell_size``
persons, and no half-written file is ever left under its final name.
"""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pandas as pd


@contextmanager
def atomic_path(path: str | os.PathLike):
    """Yield a temporary path next to ``path``; move it into place on success.

    The temporary file lives in the same directory (same file system), so the
    final ``os.replace`` is atomic.  On any exception the temporary file is
    removed and ``path`` is untouched.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> with atomic_path(d / "x.txt") as tmp:
    ...     _ = tmp.write_text("hei")
    >>> (d / "x.txt").read_text()
    'hei'
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        # mkstemp creates 0600; give the final file the mode a plain open() would (umask applied).
        os.chmod(tmp_path, 0o666 & ~_umask())
        os.replace(tmp_path, path)
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_text_atomic(path: str | os.PathLike, text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` atomically and return the path."""
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding=encoding)
    return Path(path)


def write_table(df: pd.DataFrame, path: str | os.PathLike) -> Path:
    """Write a result table as UTF-8 CSV, atomically (parent folders are created).

    Tables about persons must be protected first: register them in a
    :class:`lifelong_analysis.stats.disclosure.Release` and write them with
    ``lifelong_analysis.reporting.publish.write_tables(release.protect(), out_dir)`` (joint suppression
    over every table of the dataset).

    Returns
    -------
    pathlib.Path of the written file.
    """
    with atomic_path(path) as tmp:
        df.to_csv(tmp, index=False, encoding="utf-8")
    return Path(path)
