"""Paths built from one project root, never from the current directory.

Notebooks run from ``notebooks/`` under JupyterLab and nbval, and from anywhere
under papermill; every relative path a user gives is resolved against the
project root so that all three see the same files.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
#: Files shipped inside the package (published figures, funding rules, item maps).
RESOURCES_DIR = PACKAGE_DIR / "resources"


def project_root() -> Path:
    """The repository root (the folder holding ``pyproject.toml``).

    ``LIFELONG_ANALYSIS_ROOT`` overrides it.  For a non-editable install outside
    a checkout, the current directory is used.
    """
    env = os.environ.get("LIFELONG_ANALYSIS_ROOT")
    if env:
        return Path(env).resolve()
    candidate = PACKAGE_DIR.parent
    if (candidate / "pyproject.toml").exists():
        return candidate
    return Path.cwd().resolve()


def default_data_dir() -> Path:
    """The shipped default (synthetic) dataset: ``data/synthetic``."""
    return project_root() / "data" / "synthetic"


def outputs_dir() -> Path:
    """Where reports and tables go: ``outputs/``.

    ``LIFELONG_ANALYSIS_OUTPUTS`` overrides it (the test suite points it at a
    temporary folder, so that notebooks run by the tests never write into the
    user's ``outputs/``).
    """
    env = os.environ.get("LIFELONG_ANALYSIS_OUTPUTS")
    if env:
        return Path(env).expanduser().resolve()
    return project_root() / "outputs"


def resolve(path: str | os.PathLike | None, default: Path | None = None) -> Path:
    """Resolve a user-given path: absolute as is, relative against the project root.

    ``None`` or ``""`` gives ``default``.  A relative path under ``outputs/``
    (the notebooks' default ``output_dir``) goes under :func:`outputs_dir`.
    """
    if path is None or str(path) == "":
        if default is None:
            raise ValueError("No path given and no default")
        return default
    p = Path(path).expanduser()
    if p.is_absolute():
        return p
    if p.parts and p.parts[0] == "outputs":
        return (outputs_dir().joinpath(*p.parts[1:])).resolve()
    return (project_root() / p).resolve()


def user_path(value: str | os.PathLike) -> Path:
    """A path given on the command line: relative to the current directory, as in every command-line tool.

    (Paths inside notebooks and batch configs go through :func:`resolve` instead: against the
    project root, so that JupyterLab, nbval and papermill see the same files.)

    Examples
    --------
    >>> user_path("/tmp/x") == Path("/tmp/x")
    True
    """
    p = Path(value).expanduser()
    return p if p.is_absolute() else (Path.cwd() / p)
