"""Batch runs of the parameterised notebooks: ``lifelong-analysis run [CONFIG]``.

A YAML config (default ``reports.yaml`` at the project root) lists notebooks and
their parameter sets, with grid expansion::

    output_dir: outputs              # optional; relative to the project root
    language: nb                     # language of index.html
    notebooks:
      - notebook: notebooks/01_absence_substitute_costs.ipynb
        title: {nb: Fravær og vikarkostnader, en: Absence and substitute costs}
        parameters: {municipality: "5001", n_draws: 2000}   # every run of this notebook
        grid:                                              # every combination
          sector: [health_care, primary_school]
          language: [nb, en]
        parameter_sets:                                    # optional explicit sets,
          - {study_points: 15}                             # each crossed with the grid
          - {study_points: 30}

Every run gets its own folder ``<output_dir>/<notebook stem>/<name>/`` holding
``notebook.ipynb`` (executed, errors visible), ``report.html`` and ``tables/``
(the notebook's ``output_dir`` parameter points there).  Names are made from the
values that vary between runs (Norwegian letters kept, no path traversal; a
short hash is added when two runs would share a folder).

What the runner guarantees:

- parameters are checked against each notebook's ``parameters`` cell (names,
  and types inferred from the defaults) before anything runs;
- runs go in parallel to long-lived worker processes that import papermill and
  nbconvert once (or to a Dask cluster with ``scheduler=``), kernels on the
  ``lifelong-analysis`` kernelspec with IPC transport (no TCP port races) and a
  retry if a kernel fails to start;
- a run folder is built under ``<output_dir>/.partial/`` and renamed into place
  when complete, and every file is written atomically: an interrupted batch
  leaves no half-written file under a final name;
- a failing notebook does not stop the others; the summary names it with the
  first line of its error and the exit status is 1;
- a run whose notebook, parameters, input data (SHA-256 of every file in its
  ``data_dir``) and package version are unchanged since its last success is
  skipped (``force=True`` runs it again);
- ``index.html`` and ``manifest.json`` record every run (parameters, input
  hashes, package and dependency versions, git commit, duration, status, error).
"""

from __future__ import annotations

import argparse
import ast
import datetime as _dt
import fnmatch
import hashlib
import itertools
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import traceback
import unicodedata
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from lifelong_analysis import __version__
from lifelong_analysis.data.safe_yaml import YamlLimitError, load_yaml_limited
from lifelong_analysis.outputs import write_text_atomic
from lifelong_analysis.paths import PACKAGE_DIR, default_data_dir, outputs_dir, project_root, resolve, user_path
from lifelong_analysis.reporting import excel, publish, report
from lifelong_analysis.reporting import parameters as parameter_specs
from lifelong_analysis.runner.record import RunRecord

KERNEL_NAME = "lifelong-analysis"
DEFAULT_CONFIG = "reports.yaml"
PARTIAL_DIR = ".partial"
#: Distributions whose versions the manifest records.
DEPENDENCIES = ("numpy", "pandas", "pandera", "scipy", "statsmodels", "matplotlib", "seaborn",
                "papermill", "nbclient", "nbconvert", "nbformat", "ipykernel", "jupyter_client", "pyzmq")
_MAX_NAME = 80


class BatchConfigError(ValueError):
    """The config or a parameter value is wrong; raised before anything runs."""


@dataclass
class Run:
    """One notebook with one parameter set."""

    notebook: Path
    parameters: dict
    varying: dict
    title: dict = field(default_factory=dict)
    name: str = ""
    #: name the folder "<name>-<value>-..." (single runs, so that they never share a batch run's folder)
    name_with_keys: bool = False

    @property
    def stem(self) -> str:
        return self.notebook.stem


# --------------------------------------------------------------------------- config


#: Limits of a batch config: a config of a few hundred runs is a few KB and needs few YAML aliases.
MAX_CONFIG_BYTES = 256 * 1024
MAX_CONFIG_ALIASES = 20


def _load_yaml(path: Path) -> dict:
    try:
        data = load_yaml_limited(path, max_bytes=MAX_CONFIG_BYTES, max_aliases=MAX_CONFIG_ALIASES)
    except FileNotFoundError:
        raise BatchConfigError(f"Config file not found: {path}") from None
    except (YamlLimitError, OSError) as e:
        raise BatchConfigError(f"{path}: {e}") from None
    if not isinstance(data, dict) or not isinstance(data.get("notebooks"), list):
        raise BatchConfigError(f"{path}: expected a mapping with a 'notebooks' list")
    return data


def load_config(path: str | os.PathLike, *, root: Path | None = None) -> tuple[list[Run], dict]:
    """Read a batch config and expand its grids into runs.

    Parameters
    ----------
    path : path of the YAML file.
    root : folder that relative notebook paths resolve against (default: the
        project root).

    Returns
    -------
    (runs, settings): the list of :class:`Run` (named, see :func:`assign_names`)
    and the top-level settings (``output_dir``, ``language``).

    Raises
    ------
    BatchConfigError for a missing file, a missing notebook or a malformed entry.
    """
    path = Path(path)
    data = _load_yaml(path)
    root = root or project_root()
    runs: list[Run] = []
    # "single": set by `lifelong-analysis report` (one run whose folder is named from all its parameters)
    allowed = {"notebook", "title", "parameters", "grid", "parameter_sets", "single"}
    for i, entry in enumerate(data["notebooks"]):
        where = f"{path}: notebooks[{i}]"
        if isinstance(entry, str):
            entry = {"notebook": entry}
        if not isinstance(entry, dict) or "notebook" not in entry:
            raise BatchConfigError(f"{where}: each entry needs a 'notebook' key")
        unknown = set(entry) - allowed
        if unknown:
            raise BatchConfigError(f"{where}: unknown keys {sorted(unknown)}; allowed: {sorted(allowed)}")
        nb = Path(entry["notebook"])
        nb = nb if nb.is_absolute() else (root / nb)
        if not nb.is_file():
            raise BatchConfigError(f"{where}: notebook not found: {nb}")
        base = entry.get("parameters") or {}
        grid = entry.get("grid") or {}
        sets = entry.get("parameter_sets") or [{}]
        if not isinstance(base, dict) or not isinstance(grid, dict) or not isinstance(sets, list):
            raise BatchConfigError(f"{where}: 'parameters' and 'grid' must be mappings, "
                                   f"'parameter_sets' a list of mappings")
        for key, values in grid.items():
            if not isinstance(values, list) or not values:
                raise BatchConfigError(f"{where}: grid '{key}' must be a non-empty list of values")
        title = entry.get("title") or {}
        if isinstance(title, str):
            title = {"nb": title, "en": title}
        keys = list(grid)
        vary_keys = [k for k in keys if len(grid[k]) > 1]
        set_keys = sorted({k for s in sets for k in s}) if len(sets) > 1 else []
        for combo in itertools.product(*(grid[k] for k in keys)):
            for extra in sets:
                if not isinstance(extra, dict):
                    raise BatchConfigError(f"{where}: every parameter set must be a mapping")
                params = {**base, **dict(zip(keys, combo)), **extra}
                varying = {k: params[k] for k in [*vary_keys, *set_keys] if k in params}
                if entry.get("single"):
                    varying = dict(sorted(params.items()))
                runs.append(Run(notebook=nb.resolve(), parameters=params, varying=varying, title=title,
                                name_with_keys=bool(entry.get("single"))))
    assign_names(runs)
    settings = {"output_dir": data.get("output_dir"), "language": data.get("language", "nb")}
    return runs, settings


def safe_name(value, *, max_length: int = _MAX_NAME) -> str:
    """A file-name-safe form of a parameter value.

    Letters (Norwegian æ, ø, å included) and digits are kept; anything else,
    path separators and ``..`` included, becomes ``_``; leading dots are removed.

    Examples
    --------
    >>> safe_name("Tromsø")
    'Tromsø'
    >>> safe_name("../../etc")
    'etc'
    >>> safe_name(["classroom_full_day", "digital_self_paced"])
    'classroom_full_day+digital_self_paced'
    """
    if isinstance(value, (list, tuple)):
        text = "+".join(str(v) for v in value)
    elif value is None or value == "":
        text = "default"
    else:
        text = str(value)
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"[^\w.+-]+", "_", text)
    text = re.sub(r"\.{2,}", "_", text)
    text = re.sub(r"_{2,}", "_", text).strip("._-+")
    if not text:
        text = "x"
    if len(text) > max_length:
        digest = hashlib.sha256(text.encode()).hexdigest()[:8]
        text = text[: max_length - 9].rstrip("._-+") + "-" + digest
    return text


def _params_digest(params: dict) -> str:
    return hashlib.sha256(json.dumps(params, sort_keys=True, default=str).encode()).hexdigest()


def assign_names(runs: list[Run]) -> None:
    """Give every run a unique folder name ``<notebook stem>/<values>``.

    The name joins the safe forms of the parameters that vary; two runs that
    would share a folder (also when their names differ only in case) both get
    ``-<8 hex digits of their parameters' hash>`` added.
    """
    for run in runs:
        parts = [f"{safe_name(k)}-{safe_name(v)}" if run.name_with_keys else safe_name(v)
                 for k, v in run.varying.items()]
        leaf = "-".join(parts) if parts else "default"
        if len(leaf) > _MAX_NAME:
            leaf = safe_name(leaf)
        run.name = f"{safe_name(run.stem)}/{leaf}"
    seen: dict[str, list[Run]] = {}
    for run in runs:
        seen.setdefault(run.name.casefold(), []).append(run)
    for group in seen.values():
        if len(group) > 1:
            for run in group:
                run.name = f"{run.name}-{_params_digest(run.parameters)[:8]}"
    names = [r.name.casefold() for r in runs]
    if len(set(names)) != len(names):  # identical parameter sets listed twice
        dupes = sorted({n for n in names if names.count(n) > 1})
        raise BatchConfigError(f"The same notebook and parameters are listed more than once: {dupes}")


# --------------------------------------------------------------------------- validation

_TYPE_NAMES = {"str": str, "int": int, "float": float, "bool": bool, "list": list, "dict": dict,
               "tuple": tuple}


def notebook_parameters(notebook: str | os.PathLike) -> dict[str, dict]:
    """The parameters of a notebook's ``parameters`` cell (papermill's inspection).

    Returns
    -------
    dict name -> {name, default (Python value, or the source text when it is not
    a literal), type (a Python type, or None when unknown), help}.
    """
    from papermill.inspection import inspect_notebook

    import logging

    out = {}
    plog = logging.getLogger("papermill")
    level, plog.level = plog.level, logging.ERROR  # "Unable to parse line": the parse below covers it
    try:
        inspected = inspect_notebook(str(notebook))
    finally:
        plog.setLevel(level)
    for name, p in inspected.items():
        try:
            default = ast.literal_eval(p["default"])
            literal = True
        except (ValueError, SyntaxError):
            default, literal = p["default"], False
        declared = p.get("inferred_type_name") or "None"
        base = re.split(r"[\[|]", declared)[0].strip()
        if base in _TYPE_NAMES:
            typ = _TYPE_NAMES[base]
        elif literal and default is not None:
            typ = type(default)
        else:
            typ = None
        out[name] = {"name": name, "default": default, "type": typ, "help": p.get("help", "")}
    for name, (default, help_text) in _parameters_by_ast(notebook).items():
        # papermill skips a line with a second "=" (e.g. in its comment); Python's parser does not.
        if name not in out:
            typ = type(default) if default is not None and type(default).__name__ in _TYPE_NAMES else None
            out[name] = {"name": name, "default": default, "type": typ, "help": help_text}
    return out


def _parameters_by_ast(notebook) -> dict[str, tuple[object, str]]:
    """Names assigned in the cell tagged ``parameters``: name -> (literal default or None, comment)."""
    import nbformat

    nb = nbformat.read(str(notebook), as_version=4)
    out: dict[str, tuple[object, str]] = {}
    for cell in nb.cells:
        if cell.cell_type != "code" or "parameters" not in cell.get("metadata", {}).get("tags", []):
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            return out
        lines = cell.source.splitlines()
        for node in tree.body:
            targets = node.targets if isinstance(node, ast.Assign) else (
                [node.target] if isinstance(node, ast.AnnAssign) and node.value is not None else [])
            for target in targets:
                if isinstance(target, ast.Name):
                    try:
                        default = ast.literal_eval(node.value)
                    except ValueError:
                        default = None
                    line = lines[node.end_lineno - 1]
                    comment = line.split("#", 1)[1].strip() if "#" in line else ""
                    out[target.id] = (default, comment)
        break
    return out


def _type_ok(value, typ) -> bool:
    if typ is None or value is None:
        return True
    if typ is bool:
        return isinstance(value, bool)
    if typ is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if typ is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if typ in (list, tuple):
        return isinstance(value, (list, tuple))
    return isinstance(value, typ)


def validate_runs(runs: list[Run]) -> dict[Path, dict]:
    """Check every run's parameters against its notebook's parameters cell and parameter spec.

    Names and types come from the notebook's ``parameters`` cell (papermill's inspection); for the
    project's notebooks the spec of :mod:`lifelong_analysis.reporting.parameters` then checks the
    values too (allowed codes, the kommunenummer rule, the language), so that a misspelt sector
    stops the batch before anything runs instead of failing one report.

    Raises
    ------
    BatchConfigError naming the run, the parameter, the expected type and the
    notebook's parameters, at the first problem.  A number where the notebook
    expects text (``municipality: 5001`` instead of ``"5001"``) is refused with
    a hint to quote it in the YAML.

    Returns
    -------
    dict notebook path -> its parameters (see :func:`notebook_parameters`).
    """
    specs: dict[Path, dict] = {}
    for run in runs:
        if run.notebook not in specs:
            specs[run.notebook] = notebook_parameters(run.notebook)
            if not specs[run.notebook]:
                raise BatchConfigError(f"{run.notebook.name} has no cell tagged 'parameters'")
        spec = specs[run.notebook]
        for key, value in run.parameters.items():
            if key not in spec:
                raise BatchConfigError(
                    f"Run {run.name}: unknown parameter {key!r} for {run.notebook.name}; "
                    f"its parameters are: {', '.join(spec)}")
            if key == "output_dir":
                raise BatchConfigError(f"Run {run.name}: 'output_dir' is set by the batch runner "
                                       f"(each run writes into its own folder); remove it from the config")
            typ = spec[key]["type"]
            if not _type_ok(value, typ):
                hint = ""
                if typ is str and isinstance(value, (int, float)):
                    hint = f' (quote it in the YAML: {key}: "{value}")'
                    octal = "0" + format(value, "o") if isinstance(value, int) and 0 < value < 512 else ""
                    if len(octal) == 4 and set(octal) <= set("01234567"):
                        # YAML 1.1 (PyYAML) reads 0301 as the octal number 193: give back what was written
                        hint = (f" (YAML reads a number with a leading zero as octal: {octal} became {value};"
                                f' quote it in the YAML: {key}: "{octal}")')
                raise BatchConfigError(
                    f"Run {run.name}: parameter {key!r} of {run.notebook.name} expects "
                    f"{typ.__name__} (default {spec[key]['default']!r}), got {type(value).__name__} "
                    f"{value!r}{hint}")
        stem = run.notebook.stem
        if stem in parameter_specs.SPECS:  # the notebook's own spec: codes, kommunenummer, language
            try:
                parameter_specs.validate(parameter_specs.SPECS[stem], run.parameters)
            except ValueError as e:
                raise BatchConfigError(f"Run {run.name}: {run.notebook.name}: {e}") from None
    return specs


def select_runs(runs: list[Run], pattern: str | None) -> list[Run]:
    """Runs whose name matches ``pattern`` (a glob, or else a substring)."""
    if not pattern:
        return list(runs)
    if any(ch in pattern for ch in "*?["):
        return [r for r in runs if fnmatch.fnmatchcase(r.name, pattern)]
    return [r for r in runs if pattern in r.name]


# --------------------------------------------------------------------------- provenance


def sha256_file(path: str | os.PathLike) -> str:
    """SHA-256 hex digest of a file, read in 1 MiB blocks."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


#: Limits of a data folder: a dataset is a handful of tables (the national synthetic one ~130 MB).
MAX_DATA_FILES = 1000
MAX_DATA_BYTES = 4 * 1024**3


def data_dir_files(data_dir: Path) -> list[Path]:
    """The regular, non-hidden files under ``data_dir``, checked before anything reads them.

    Raises
    ------
    BatchConfigError
        A symbolic link that points out of the folder (``data_dir: /etc``
        with a link to ``/etc/shadow`` would otherwise be hashed and listed),
        a FIFO, socket or device (reading a FIFO blocks for ever), more than
        :data:`MAX_DATA_FILES` files or :data:`MAX_DATA_BYTES` bytes (``data_dir: /``).
    """
    import stat

    root = data_dir.resolve()
    files, total = [], 0
    for dirpath, dirnames, filenames in os.walk(data_dir, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for d in dirnames:
            p = Path(dirpath) / d
            if p.is_symlink():
                raise BatchConfigError(f"data folder {data_dir}: {p.relative_to(data_dir)} is a symbolic link to "
                                       "a folder; a data folder must hold its files itself")
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            p = Path(dirpath) / name
            rel = p.relative_to(data_dir).as_posix()
            st = os.lstat(p)
            if stat.S_ISLNK(st.st_mode):
                target = p.resolve()
                if not target.is_relative_to(root):
                    raise BatchConfigError(f"data folder {data_dir}: {rel} is a symbolic link out of the folder; "
                                           "copy the file into the folder instead")
                st = os.stat(p)
            if not stat.S_ISREG(st.st_mode):
                raise BatchConfigError(f"data folder {data_dir}: {rel} is not a regular file (a named pipe, "
                                       "socket or device); a data folder holds data files only")
            files.append(p)
            total += st.st_size
            if len(files) > MAX_DATA_FILES:
                raise BatchConfigError(f"data folder {data_dir} holds more than {MAX_DATA_FILES} files; is it "
                                       "the right folder? A dataset is a few tables")
            if total > MAX_DATA_BYTES:
                raise BatchConfigError(f"data folder {data_dir} holds more than {MAX_DATA_BYTES // 1024**3} GiB; "
                                       "is it the right folder?")
    return files


def hash_data_dir(data_dir: Path) -> dict[str, str]:
    """SHA-256 of every regular, non-hidden file under ``data_dir`` (relative name -> digest).

    The folder is checked first (:func:`data_dir_files`): no links out of it, no FIFOs, bounded size.
    """
    if not data_dir.is_dir():
        return {}
    return {f.relative_to(data_dir).as_posix(): sha256_file(f) for f in data_dir_files(data_dir)}


def is_synthetic(data_dir: Path) -> bool:
    """True for the shipped default data, or a dataset whose datapackage.json says ``"synthetic": true``."""
    try:
        if data_dir.resolve() == default_data_dir().resolve():
            return True
    except OSError:
        pass
    dp = data_dir / "datapackage.json"
    if dp.is_file():
        try:
            return bool(json.loads(dp.read_text(encoding="utf-8")).get("synthetic", False))
        except (ValueError, OSError):
            return False
    return False


def git_commit(root: Path | None = None) -> str:
    """The checked-out commit (with ``-dirty`` when tracked files changed), or ``"unknown"``."""
    root = root or project_root()
    try:
        sha = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True,
                             timeout=10, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=root,
                               capture_output=True, text=True, timeout=10).stdout.strip()
        return sha + ("-dirty" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def dependency_versions() -> dict[str, str]:
    """Installed versions of the packages the reports depend on, and Python's."""
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version()}
    for name in DEPENDENCIES:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "not installed"
    return out


def _data_dir_of(run: Run, spec: dict) -> Path:
    value = run.parameters.get("data_dir", spec.get("data_dir", {}).get("default"))
    if not isinstance(value, (str, os.PathLike)) or str(value) == "":
        return default_data_dir()
    return resolve(value, default_data_dir())


def fingerprint(notebook_sha: str, parameters: dict, input_files: dict, package_version: str) -> str:
    """The identity of a run for skip-if-unchanged: SHA-256 over notebook, parameters, data and version."""
    payload = json.dumps({"notebook": notebook_sha, "parameters": parameters, "inputs": input_files,
                          "version": package_version}, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


# --------------------------------------------------------------------------- execution (worker side)


def _kernel_manager_class():
    """An AsyncKernelManager that talks to its kernel over IPC sockets (no TCP port to race for)."""
    from jupyter_client.manager import AsyncKernelManager

    class IPCKernelManager(AsyncKernelManager):
        def __init__(self, **kw):
            kw.setdefault("transport", "ipc")
            super().__init__(**kw)
            if self.transport == "ipc":
                runtime = Path(os.environ.get("LIFELONG_ANALYSIS_IPC_DIR", "/tmp"))
                self.ip = str(runtime / f"la-kernel-{uuid.uuid4().hex[:12]}")

    return IPCKernelManager


# ---- kernel reuse: one warm kernel per worker (thread), its namespace reset before every run.
# The kernel's imports (pandas, scipy, statsmodels, seaborn, pandera: ~4-8 s of CPU per run on
# this machine) are paid once per worker instead of once per run.  Module state that a notebook
# could change is reset: user namespace (%reset), figures, matplotlib rcParams, pandas options,
# working directory.  A kernel that timed out, died or was interrupted is thrown away.
_REUSE_ENGINE = "lifelong-analysis-reuse"
STOP_FILE = "STOP"
_local = threading.local()

RESET_CODE = """
get_ipython().run_line_magic('reset', '-f')
import os as _os, sys as _sys, warnings as _warnings
_os.chdir({cwd!r})
_warnings.resetwarnings()
if 'matplotlib' in _sys.modules:
    import matplotlib as _mpl, matplotlib.pyplot as _plt
    _plt.close('all')
    _mpl.rcParams.update({{k: v for k, v in _mpl.rcParamsDefault.items()
                           if k not in ('backend', 'interactive')}})
    get_ipython().run_line_magic('matplotlib', 'inline')
if 'pandas' in _sys.modules:
    import pandas as _pd
    with _warnings.catch_warnings():
        _warnings.simplefilter('ignore')
        _pd.reset_option('all')
get_ipython().run_line_magic('reset', '-f')
"""


def _register_reuse_engine() -> None:
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.utils import remove_args

    class ReuseKernelEngine(NBClientEngine):
        """papermill's nbclient engine on a kernel that outlives the run (``km`` argument)."""

        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None,
                                     stderr_file=None, start_timeout=60, execution_timeout=None, **kwargs):
            import logging

            km = kwargs.pop("km")
            kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
            client = PapermillNotebookClient(
                nb_man, km=km, timeout=execution_timeout, startup_timeout=start_timeout,
                kernel_name=kernel_name, log=logging.getLogger("papermill"), log_output=log_output,
                stdout_file=stdout_file, stderr_file=stderr_file, **kwargs)
            try:
                return client.execute()
            finally:
                if client.kc is not None:
                    client.kc.stop_channels()

    papermill_engines.register(_REUSE_ENGINE, ReuseKernelEngine)


def _source_stamp() -> tuple:
    """Modification times of the package's source files: a kernel that imported older code is not reused."""
    return tuple(sorted((str(p), p.stat().st_mtime_ns) for p in PACKAGE_DIR.rglob("*.py")))


def source_digest() -> str:
    """SHA-256 (12 hex digits) of the package's Python sources and resources.

    Part of every run's fingerprint, so that a changed analysis function reruns
    the reports even when the version number stayed the same (editable installs).
    """
    import hashlib

    h = hashlib.sha256()
    for p in sorted(PACKAGE_DIR.rglob("*")):
        if p.is_file() and p.suffix != ".pyc" and "__pycache__" not in p.parts:
            h.update(p.relative_to(PACKAGE_DIR).as_posix().encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:12]


def _warm_kernel(kernel_name: str, cwd: str):
    """This worker's running kernel (started on first use), its namespace reset for a new run."""
    from jupyter_client import BlockingKernelClient
    from jupyter_client.utils import run_sync

    km = getattr(_local, "km", None)
    if km is not None and (getattr(_local, "kernel_name", None) != kernel_name
                           or getattr(_local, "stamp", None) != _source_stamp()
                           or not run_sync(km.is_alive)()):
        _discard_kernel()
        km = None
    if km is None:
        if not getattr(_local, "engine_registered", False):
            _register_reuse_engine()
            _local.engine_registered = True
        km = _kernel_manager_class()(kernel_name=kernel_name)
        run_sync(km.start_kernel)(cwd=cwd)
        _local.km, _local.kernel_name, _local.stamp = km, kernel_name, _source_stamp()
        import multiprocessing.util

        multiprocessing.util.Finalize(None, _discard_kernel, exitpriority=10)
        return km
    kc = BlockingKernelClient()
    kc.load_connection_info(km.get_connection_info())
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=60)
        reply = kc.execute_interactive(RESET_CODE.format(cwd=cwd), store_history=False, timeout=60,
                                       output_hook=lambda msg: None)
        if reply["content"].get("status") != "ok":
            raise RuntimeError(f"Kernel reset failed: {reply['content'].get('evalue')}")
    except BaseException:
        kc.stop_channels()
        _discard_kernel()
        raise
    kc.stop_channels()
    return km


def _kill_kernel(km) -> None:
    """Kill a kernel that ran over the time limit (the run then fails with a timeout)."""
    try:
        pid = km.provisioner.pid if km.provisioner is not None else None
        if pid:
            os.kill(pid, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


def _discard_kernel() -> None:
    """Shut down this worker's warm kernel, if any."""
    km = getattr(_local, "km", None)
    _local.km = None
    if km is not None:
        from jupyter_client.utils import run_sync

        try:
            run_sync(km.shutdown_kernel)(now=True)
        except Exception:  # noqa: BLE001 - it may be dead already
            pass


_STARTUP_ERRORS = ("Address already in use", "Kernel died before replying", "kernel_info",
                   "Kernel didn't respond", "ZMQError")


def _first_line(text: str) -> str:
    for line in str(text).splitlines():
        if line.strip():
            return line.strip()[:300]
    return str(text)[:300]


def _error_text(exc: BaseException) -> str:
    from papermill.exceptions import PapermillExecutionError

    if isinstance(exc, PapermillExecutionError):
        return _first_line(f"{exc.ename}: {exc.evalue}") + f" (cell {exc.cell_index + 1} of the notebook)"
    return _first_line(f"{type(exc).__name__}: {exc}")


def _term_to_interrupt(signum, frame):  # pragma: no cover - runs in a worker
    raise KeyboardInterrupt(f"signal {signum}")


#: Environment variables that size the BLAS/OpenMP thread pools of numpy/scipy in the kernels.
BLAS_THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def blas_threads_per_kernel(workers: int, cores: int | None = None) -> int:
    """BLAS threads per kernel so that ``workers`` kernels together use the cores once: ``max(1, cores // workers)``.

    Without a limit every kernel's OpenBLAS starts one thread per core; two
    kernels on two cores then spin against each other, and numpy-heavy cells
    (the ordinal model of notebook 02: 0.5 s alone) took 14 s when both ran at
    once (measured 2026-11-27, see benchmarks/README.md).

    >>> blas_threads_per_kernel(2, cores=2), blas_threads_per_kernel(2, cores=8), blas_threads_per_kernel(4, cores=2)
    (1, 4, 1)
    """
    cores = cores or os.cpu_count() or 1
    return max(1, cores // max(1, workers))


#: Set in a worker when the batch process that started it is gone (killed, even with kill -9).
_PARENT_GONE = threading.Event()
_PARENT_PID: int | None = None
#: Seconds a worker whose parent died gets to clean up (kernel, partial folder) before it exits anyway.
ORPHAN_GRACE_S = 20


def _die_with_parent(parent_pid: int) -> None:
    """Make this worker end when ``parent_pid`` ends: SIGTERM from the kernel (Linux ``PR_SET_PDEATHSIG``)
    and a watch thread (every platform), which gives the run ORPHAN_GRACE_S to clean up, then exits.

    The kernels a worker starts end with it: ipykernel's parent poller watches ``JPY_PARENT_PID``.
    """
    global _PARENT_PID
    _PARENT_PID = parent_pid
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGTERM, 0, 0, 0)  # PR_SET_PDEATHSIG = 1
        except (OSError, AttributeError):  # pragma: no cover - no libc prctl
            pass

    def watch():
        while os.getppid() == parent_pid:
            time.sleep(0.5)
        _PARENT_GONE.set()
        try:
            os.kill(os.getpid(), signal.SIGTERM)  # interrupt the run: cleanup in execute_run's finally
        except OSError:  # pragma: no cover
            pass
        time.sleep(ORPHAN_GRACE_S)
        os._exit(1)  # the kernel's parent poller then ends the kernel

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()
    if os.getppid() != parent_pid:  # the parent died before the watch started
        _PARENT_GONE.set()
        os._exit(1)


def parent_gone() -> bool:
    """True in a worker whose batch process has ended: it must not move anything into place."""
    return _PARENT_GONE.is_set() or (_PARENT_PID is not None and os.getppid() != _PARENT_PID)


def _worker_init(blas_threads: int | None = None, parent_pid: int | None = None) -> None:
    """Import what every run needs once per worker; turn SIGTERM into KeyboardInterrupt for cleanup.

    ``blas_threads``: thread-pool size for the kernels this worker starts (they inherit its
    environment), unless the user set the variables already.  ``parent_pid``: the batch process;
    the worker ends when it ends (:func:`_die_with_parent`).
    """
    signal.signal(signal.SIGTERM, _term_to_interrupt)
    if parent_pid is not None:
        _die_with_parent(parent_pid)
    if blas_threads:
        for var in BLAS_THREAD_VARIABLES:
            os.environ.setdefault(var, str(blas_threads))
    import nbconvert  # noqa: F401
    import papermill  # noqa: F401



def execute_run(task: dict) -> dict:
    """Execute one run and put its folder in place; never raises for a failing notebook.

    ``task`` is a plain dict (picklable, so that Dask can ship it): notebook,
    parameters, name, final_dir, partial_root, kernel_name, timeout, has_output_dir,
    plus the report context (title, subtitle, language, parameters_text,
    input_files, data_dir, synthetic, git_commit, fingerprint).

    Returns the run record for the manifest (status ``"ok"`` or ``"failed"``).
    """
    import nbformat
    import papermill as pm

    # The kernel inherits this process's environment: MPLBACKEND=Agg (set by the Makefile for
    # headless tests) would silence every inline figure, so the kernel gets the inline backend.
    os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    start = time.time()
    started = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
    final_dir = Path(task["final_dir"])
    partial_root = Path(task["partial_root"])
    partial_root.mkdir(parents=True, exist_ok=True)
    work = partial_root / f"{safe_name(task['name'].replace('/', '_'), max_length=40)}-{uuid.uuid4().hex[:8]}"
    work.mkdir()
    status, error, tb, detail = "ok", "", "", ""
    try:
        params = dict(task["parameters"])
        if task.get("has_output_dir"):
            params["output_dir"] = str(work / "tables")
        nb_out = work / "notebook.ipynb"
        for attempt in range(3):
            try:
                cwd = str(Path(task["notebook"]).parent)
                extra = {"kernel_manager_class": _kernel_manager_class()}
                watchdog = None
                if task.get("reuse_kernel", True):
                    km = _warm_kernel(task["kernel_name"], cwd)
                    extra = {"engine_name": _REUSE_ENGINE, "km": km}
                    if task.get("timeout"):  # whole-notebook limit: kill the kernel when it is over
                        watchdog = threading.Timer(task["timeout"], _kill_kernel, args=(km,))
                        watchdog.daemon = True
                        watchdog.start()
                try:
                    pm.execute_notebook(
                        task["notebook"], str(nb_out), parameters=params, kernel_name=task["kernel_name"],
                        cwd=cwd, progress_bar=False, log_output=False,
                        request_save_on_cell_execute=False, execution_timeout=task.get("timeout"),
                        start_timeout=120, **extra,
                    )
                finally:
                    timed_out = watchdog is not None and not watchdog.is_alive()
                    if watchdog is not None:
                        watchdog.cancel()
                if timed_out:
                    raise TimeoutError(f"the notebook ran longer than the time limit of {task['timeout']} s")
                break
            except pm.PapermillExecutionError as e:
                status, error = "failed", _error_text(e)
                detail = f"{e.ename}: {e.evalue}"
                if watchdog is not None and not watchdog.is_alive() and task.get("timeout"):
                    _discard_kernel()
                    status, error = "failed", (f"TimeoutError: the notebook ran longer than the time limit "
                                               f"of {task['timeout']} s")
                break
            except (RuntimeError, OSError, TimeoutError) as e:
                _discard_kernel()
                msg = f"{type(e).__name__}: {e}"
                if isinstance(e, TimeoutError) or (watchdog is not None and not watchdog.is_alive()
                                                   and task.get("timeout")):
                    status, error, tb = "failed", (f"TimeoutError: the notebook ran longer than the time "
                                                   f"limit of {task['timeout']} s"), traceback.format_exc()
                    break
                startup = any(s in msg for s in _STARTUP_ERRORS) and not nb_out.exists()
                if startup and attempt < 2:
                    time.sleep(0.5 + attempt)
                    continue
                status, error, tb = "failed", _error_text(e), traceback.format_exc()
                break
            except Exception as e:  # noqa: BLE001 - any other failure is this run's, not the batch's
                _discard_kernel()
                status, error, tb = "failed", _error_text(e), traceback.format_exc()
                break
            except BaseException:
                _discard_kernel()
                raise
        if not nb_out.exists():  # the kernel never started: keep a notebook that says why
            nb = nbformat.read(task["notebook"], as_version=4)
            nb.cells.insert(0, nbformat.v4.new_markdown_cell(f"**Run failed before execution:** `{error}`"))
            with open(nb_out, "w", encoding="utf-8") as fh:
                nbformat.write(nb, fh)
        finished = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
        workbook = ""
        if status == "ok" and (work / "tables").is_dir() and any((work / "tables").glob("*.csv")):
            # one spreadsheet per run beside the CSV tables, linked from the report
            workbook = excel.write_workbook(work / "tables", work / excel.WORKBOOK_NAME,
                                            language=task["language"]).name
        report.export_html(
            nb_out, work / "report.html",
            title=task["title"], subtitle=task.get("subtitle", ""), language=task["language"],
            parameters=task["parameters_text"], notebook=task["notebook_rel"], data_dir=task["data_dir"],
            input_files=task["input_files"], synthetic=task["synthetic"], git_commit=task["git_commit"],
            run_date=finished, status=status, error=error, workbook=workbook, error_detail=detail,
            disclosure=_disclosure_lines(work / "tables", task["language"]),
        )
        tables_dir = work / "tables"
        tables = sorted(p.relative_to(tables_dir).as_posix() for p in tables_dir.rglob("*")
                        if p.is_file()) if tables_dir.is_dir() else []
        record = RunRecord.from_task(
            task, status=status, error=error, traceback=tb, started=started, finished=finished,
            duration_s=round(time.time() - start, 2), written=True, tables=tables, workbook=workbook,
        ).to_dict()
        (work / "run.json").write_text(json.dumps(record, indent=2, ensure_ascii=False, default=str) + "\n",
                                       encoding="utf-8")
        if (partial_root / STOP_FILE).exists() or parent_gone():  # interrupted, or the batch died: keep nothing
            raise KeyboardInterrupt("batch interrupted")
        _move_into_place(work, final_dir, partial_root)
        if task.get("collect"):
            record["archive"] = _archive(final_dir)
        return record
    finally:
        if work.exists():  # interrupted or failed before the rename: nothing under a final name
            shutil.rmtree(work, ignore_errors=True)
        if parent_gone():  # an orphan: end this worker (its kernel ends with it)
            _discard_kernel()
            os._exit(1)


def _move_into_place(work: Path, final_dir: Path, partial_root: Path) -> None:
    final_dir.parent.mkdir(parents=True, exist_ok=True)
    old = None
    if final_dir.exists():
        old = partial_root / f"old-{uuid.uuid4().hex[:12]}"
        os.replace(final_dir, old)
    os.replace(work, final_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _archive(folder: Path) -> bytes:
    import io
    import tarfile

    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        tar.add(folder, arcname=".")
    return buf.getvalue()


def _unpack(archive: bytes, final_dir: Path, partial_root: Path) -> None:
    import io
    import tarfile

    partial_root.mkdir(parents=True, exist_ok=True)
    work = partial_root / f"unpack-{uuid.uuid4().hex[:12]}"
    try:
        with tarfile.open(fileobj=io.BytesIO(archive), mode="r:gz") as tar:
            tar.extractall(work, filter="data")
        if (partial_root / STOP_FILE).exists():  # the batch was interrupted: keep nothing
            raise KeyboardInterrupt("batch interrupted")
        _move_into_place(work, final_dir, partial_root)
    finally:
        shutil.rmtree(work, ignore_errors=True)


# --------------------------------------------------------------------------- batch (main side)


def _title_for(run: Run, language: str) -> str:
    if run.title:
        return run.title.get(language) or run.title.get("nb") or next(iter(run.title.values()))
    return run.stem.split("_", 1)[-1].replace("_", " ").capitalize()


def _rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def plan(runs: list[Run], specs: dict, out_dir: Path, *, kernel_name: str = KERNEL_NAME,
         timeout: float | None = None, commit: str | None = None) -> list[dict]:
    """Turn validated runs into worker tasks (with input hashes and fingerprints)."""
    root = project_root()
    commit = commit or git_commit(root)
    data_cache: dict[Path, dict] = {}
    nb_cache: dict[Path, str] = {}
    code_version = f"{__version__}+src.{source_digest()}"
    tasks = []
    for run in runs:
        spec = specs[run.notebook]
        language = run.parameters.get("language", spec.get("language", {}).get("default", "nb"))
        language = language if language in report.LABELS else "nb"
        data_dir = _data_dir_of(run, spec)
        if data_dir not in data_cache:
            data_cache[data_dir] = hash_data_dir(data_dir)
        if run.notebook not in nb_cache:
            nb_cache[run.notebook] = sha256_file(run.notebook)
        help_texts = {k: v["help"] for k, v in spec.items()}
        shown = {k: run.parameters.get(k, v["default"]) for k, v in spec.items() if k != "output_dir"}
        subtitle_parts = [text for (label, text), key in
                          zip(report.describe_parameters(run.varying, language=language), run.varying)
                          if key != "language"]
        tasks.append({
            "name": run.name, "notebook": str(run.notebook), "notebook_rel": _rel(run.notebook, root),
            "parameters": run.parameters, "has_output_dir": "output_dir" in spec,
            "final_dir": str(out_dir / run.name), "partial_root": str(out_dir / PARTIAL_DIR),
            "kernel_name": kernel_name, "timeout": timeout, "language": language,
            "title": _title_for(run, language), "subtitle": " · ".join(subtitle_parts),
            "parameters_text": report.describe_parameters(shown, language=language, help_texts=help_texts),
            "parameters_given_text": report.describe_parameters(run.parameters, language=language,
                                                                help_texts=help_texts),
            "data_dir": _rel(data_dir, root), "synthetic": is_synthetic(data_dir),
            "input_files": data_cache[data_dir], "notebook_sha256": nb_cache[run.notebook],
            "git_commit": commit,
            "code_version": code_version,
            "fingerprint": fingerprint(nb_cache[run.notebook], run.parameters, data_cache[data_dir], code_version),
        })
    return tasks


def _read_manifest(out_dir: Path) -> dict:
    path = out_dir / "manifest.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _is_current(task: dict, previous: dict | None, out_dir: Path) -> bool:
    return bool(previous and previous.get("status") == "ok"
                and previous.get("fingerprint") == task["fingerprint"]
                and (out_dir / task["name"] / "report.html").is_file()
                and (out_dir / task["name"] / "notebook.ipynb").is_file())


def _write_outputs(out_dir: Path, records: dict[str, dict], order: list[str], settings: dict, commit: str) -> None:
    listed = [records[n] for n in order if n in records]
    # runs of other configs written to the same folder stay listed while their folder exists
    listed += [r for n, r in sorted(records.items()) if n not in set(order) and (out_dir / n).is_dir()]
    manifest = {
        "generated": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "package": "lifelong_analysis", "package_version": __version__, "git_commit": commit,
        "dependencies": dependency_versions(), "platform": platform.platform(),
        "config": settings.get("config"), "disclosure_plan": settings.get("disclosure_plan"), "runs": listed,
    }
    report.write_manifest_json(out_dir / "manifest.json", manifest)
    write_text_atomic(out_dir / "index.html", report.render_index(listed, language=settings.get("language", "nb")))


class _Progress:
    def __init__(self, total: int, enabled: bool):
        from tqdm.auto import tqdm

        tqdm.monitor_interval = 0  # no monitor thread: worker processes are forked after this
        self.ok = self.failed = 0
        self.total = total
        self.bar = tqdm(total=total, unit="run", desc="Rapporter", disable=not enabled,
                        dynamic_ncols=True, file=sys.stderr)
        self._post()

    def _post(self):
        self.bar.set_postfix_str(f"done={self.ok} failed={self.failed} "
                                 f"remaining={self.total - self.ok - self.failed}")

    def update(self, record: dict):
        if record["status"] == "ok":
            self.ok += 1
        else:
            self.failed += 1
        self._post()
        self.bar.update(1)

    def close(self):
        self.bar.close()


def _run_local(tasks: list[dict], workers: int, on_done, on_interrupt=lambda: None, started=None) -> None:
    """Run ``tasks`` in ``workers`` local processes; ``started`` (if given) is called once every worker
    has been forked (the pre-plan thread starts there: no process is forked after it)."""
    import multiprocessing as mp
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    ctx = mp.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    # the pre-plan thread counts as one more worker: with one kernel on two cores and the plan beside
    # it, two BLAS threads in the kernel spun against the plan's HiGHS (notebook 02 on 50 000 answers:
    # its table cell took 65 s against 15 s alone, 31 s with one thread; benchmarks/README.md)
    threads = blas_threads_per_kernel(workers + (1 if started is not None else 0))
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_worker_init,
                               initargs=(threads if threads < (os.cpu_count() or 1) else None, os.getpid()))
    try:
        pending = {pool.submit(execute_run, t): t for t in tasks}  # the first submit forks every worker
        if started is not None:
            started()
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                task = pending.pop(fut)
                try:
                    record = fut.result()
                except Exception as e:  # noqa: BLE001 - a broken worker fails its run only
                    record = _failed_record(task, e)
                on_done(record)
        pool.shutdown(wait=True)
    except BaseException:
        on_interrupt()
        procs = list(getattr(pool, "_processes", {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for p in procs:  # let each worker clean its kernel and partial folder
            if p.is_alive():
                p.terminate()
        for p in procs:
            p.join(timeout=15)
            if p.is_alive():
                p.kill()
        raise


def _run_dask(tasks: list[dict], scheduler: str, on_done, out_dir: Path, collect: bool,
              on_interrupt=lambda: None) -> None:
    from distributed import Client, as_completed

    with Client(scheduler, timeout="30s") as client:
        futures = {}
        for t in tasks:
            t = dict(t, collect=collect)
            fut = client.submit(execute_run, t, pure=False, key=f"la-run-{uuid.uuid4().hex}")
            futures[fut] = t
        try:
            for fut in as_completed(list(futures)):
                task = futures[fut]
                try:
                    record = fut.result()
                except Exception as e:  # noqa: BLE001
                    record = _failed_record(task, e)
                archive = record.pop("archive", None)
                if archive is not None:
                    _unpack(archive, out_dir / task["name"], out_dir / PARTIAL_DIR)
                on_done(record)
        except BaseException:
            on_interrupt()
            client.cancel(list(futures))
            raise


def _failed_record(task: dict, exc: BaseException) -> dict:
    """The record of a run whose worker failed before the run's folder was put in place."""
    return RunRecord.from_task(task, status="failed", error=_error_text(exc),
                               traceback="".join(traceback.format_exception(exc))).to_dict()


def _disclosure_lines(tables_dir: Path, language: str) -> list[str]:
    return publish.provenance_lines(publish.read_summary(tables_dir), language) if tables_dir.is_dir() else []


def disclosure_env() -> str:
    """Name of the environment variable that points the notebooks to the batch's cell store."""
    return "LIFELONG_ANALYSIS_CELL_STORE"  # = lifelong_analysis.reporting.publish.ENV_STORE


# ---- disclosure pre-plan (issue 10; owned by the disclosure work, keep it to these functions) ----
def prepare_disclosure(tasks: list[dict]) -> "publish.ReleasePlan":
    """Read every run's data and register the tables it publishes, per dataset (nothing protected yet).

    Calls, for every run, the same release function its notebook calls for its tables
    (:mod:`lifelong_analysis.reporting.publish`); :meth:`~publish.ReleasePlan.protect` then protects
    the union per dataset once and saves it in the cell stores (``LIFELONG_ANALYSIS_CELL_STORE``),
    and the runs read the decided pattern, so it does not depend on the number of workers nor on the
    order in which runs finish.
    """
    runs, specs = [], {}
    for t in tasks:
        if t["notebook"] not in specs:
            specs[t["notebook"]] = notebook_parameters(t["notebook"])
        defaults = {k: v["default"] for k, v in specs[t["notebook"]].items()}
        runs.append((t["notebook"], defaults | dict(t["parameters"])))
    return publish.prepare_releases(runs)


class _PlanThread(threading.Thread):
    """Protects a held :class:`~publish.ReleasePlan` while the runs start (see :func:`_run_locked`)."""

    def __init__(self, plan, blas_threads: int):
        super().__init__(name="disclosure-plan", daemon=True)
        self.plan = plan
        self.blas_threads = blas_threads  # this process's BLAS pool while the plan runs beside the kernels
        self.result: dict | None = None
        self.error: BaseException | None = None

    def run(self) -> None:
        from threadpoolctl import threadpool_limits

        try:
            # the plan counts as one worker (see _run_local): its matrix products on the 50 000-answer
            # model spun against the kernel's BLAS threads with the default pool (one per core)
            with threadpool_limits(limits=self.blas_threads, user_api="blas"):
                self.result = self.plan.protect()
        except BaseException as e:  # noqa: BLE001 - reported in the manifest; the runs protect on their own
            self.error = e
# ---- end of the disclosure pre-plan ----


def run_batch(
    config: str | os.PathLike = DEFAULT_CONFIG,
    *,
    workers: int | None = None,
    only: str | None = None,
    dry_run: bool = False,
    force: bool = False,
    timeout: float | None = None,
    output_dir: str | os.PathLike | None = None,
    scheduler: str | None = None,
    collect: bool = False,
    kernel_name: str = KERNEL_NAME,
    reuse_kernels: bool = True,
    progress: bool = True,
    echo=print,
) -> dict:
    """Run the batch described by ``config``; see the module docstring.

    Parameters
    ----------
    config : path of the YAML config; relative paths resolve against the project root.
    workers : parallel worker processes (default: the number of cores).
    only : run only runs whose name matches (glob, or substring).
    dry_run : list the runs (and whether they would be skipped), run nothing.
    force : run even the runs that are unchanged since their last success.
    timeout : time limit of one notebook run, in seconds (the kernel is killed and the run
        fails); also papermill's limit per cell.  None: no limit.
    output_dir : where run folders, index.html and manifest.json go (default:
        the config's ``output_dir``, else ``outputs/``).
    scheduler : address of a Dask distributed scheduler; runs go there instead of local processes.
    collect : with ``scheduler``, workers send each run folder back as an archive
        (for clusters without a shared file system).
    kernel_name : Jupyter kernel for the notebooks.
    reuse_kernels : each worker keeps one kernel and resets its namespace, figures,
        matplotlib and pandas options and working directory between runs (saves the
        kernel start and its imports, several seconds per run); False starts a fresh
        kernel for every run.
    progress : show the tqdm progress bar.

    Returns
    -------
    dict with keys ``runs`` (list of records of this batch, in config order,
    skipped runs included with ``skipped: True``), ``ok``, ``failed``,
    ``skipped`` (counts), ``output_dir`` and ``exit_code`` (0, or 1 when a run failed).

    Raises
    ------
    BatchConfigError before anything runs, for a bad config or parameter.
    KeyboardInterrupt when interrupted (after writing index and manifest of
    the runs that finished).
    """
    config = resolve(config, project_root() / DEFAULT_CONFIG)
    runs, settings = load_config(config)
    settings["config"] = _rel(config, project_root())
    selected = select_runs(runs, only)
    if not selected:
        raise BatchConfigError(f"No run matches {only!r}; runs are: {', '.join(r.name for r in runs)}")
    specs = validate_runs(selected)
    out_dir = resolve(output_dir or settings.get("output_dir") or outputs_dir(), outputs_dir())
    commit = git_commit()
    tasks = plan(selected, specs, out_dir, kernel_name=kernel_name, timeout=timeout, commit=commit)
    for t in tasks:
        t["reuse_kernel"] = reuse_kernels
    previous = {r["name"]: r for r in _read_manifest(out_dir).get("runs", [])}
    todo = [t for t in tasks if force or not _is_current(t, previous.get(t["name"]), out_dir)]
    todo_names = {t["name"] for t in todo}
    if dry_run:
        for t in tasks:
            state = "run " if t["name"] in todo_names else "skip"
            echo(f"{state}  {t['name']}  ({t['notebook_rel']}: {json.dumps(t['parameters'], ensure_ascii=False)})")
        echo(f"{len(todo)} to run, {len(tasks) - len(todo)} unchanged, output in {out_dir}")
        return {"runs": [], "ok": 0, "failed": 0, "skipped": len(tasks) - len(todo),
                "output_dir": str(out_dir), "exit_code": 0}

    out_dir.mkdir(parents=True, exist_ok=True)
    lock = lock_output_dir(out_dir)  # a second batch on this folder stops here, before touching anything
    try:
        return _run_locked(out_dir, tasks, todo, previous, runs, settings, commit, workers=workers,
                           scheduler=scheduler, collect=collect, progress=progress)
    finally:
        lock.close()


LOCK_FILE = ".batch.lock"


def lock_output_dir(out_dir: Path):
    """Take the output folder's lock (``.batch.lock``) for this batch; returns the open lock file.

    Raises
    ------
    BatchConfigError
        Another batch holds it: two batches on one folder would delete each
        other's partial work.  Named with the other batch's process id and start time.
    """
    import fcntl

    path = out_dir / LOCK_FILE
    fh = open(path, "a+", encoding="utf-8")
    try:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        fh.seek(0)
        holder = fh.read().strip() or "unknown"
        fh.close()
        raise BatchConfigError(f"another batch is writing to {out_dir} ({holder}); wait until it has finished, "
                               "or give this one another --output-dir") from None
    fh.seek(0)
    fh.truncate()
    fh.write(f"process {os.getpid()} on {platform.node()}, started "
             f"{_dt.datetime.now(_dt.timezone.utc).isoformat(timespec='seconds')}\n")
    fh.flush()
    return fh


def _run_locked(out_dir, tasks, todo, previous, runs, settings, commit, *, workers, scheduler, collect,
                progress) -> dict:
    """The part of :func:`run_batch` that writes to ``out_dir``, under its lock."""
    todo_names = {t["name"] for t in todo}
    shutil.rmtree(out_dir / PARTIAL_DIR, ignore_errors=True)  # leftovers of an interrupted batch
    # Disclosure-control hook (issue 10): every run of this batch keeps the published cells of its
    # dataset in one cell store under <output_dir>/.disclosure/ (lifelong_analysis.reporting.publish.store_for);
    # the kernels inherit the variable.  Reports already published stay binding: delete the folder
    # (with the reports) to start the releases afresh.
    os.environ[disclosure_env()] = str(out_dir / ".disclosure")
    plan = prepare_disclosure(tasks)
    # the manifest says what the pre-plan cost and which runs it could not plan (they protect
    # their own tables against the store when they run)
    plan_info = {"seconds": None, "runs_planned": plan.runs_planned(),
                 "not_planned": {tasks[i]["name"]: why for i, why in sorted(plan.skipped.items())}}
    settings = dict(settings, disclosure_plan=plan_info)
    # The pre-plan protects while the local workers start their kernels and run the notebooks up to
    # their tables: every store is locked first (before the workers are forked), and a run's own
    # protect() waits for its store, so each run still reads the planned pattern (notebook 02's
    # report alone: its kernel start, imports and tables take about 2 s of the audit's 3 s).  Dask
    # workers may not share the lock, and a batch with nothing to run has nothing to overlap: there
    # the plan is done first.
    workers = max(1, min(workers or os.cpu_count() or 1, len(todo)))
    planner = None
    if todo and not scheduler and plan.groups:
        plan.hold()
        planner = _PlanThread(plan, blas_threads_per_kernel(workers + 1))
    else:
        plan_info["seconds"] = round(plan.protect()["seconds"], 1)
    records: dict[str, dict] = dict(previous)
    this_batch: dict[str, dict] = {}
    for t in tasks:
        if t["name"] not in todo_names:
            rec = dict(previous[t["name"]], skipped=True)
            records[t["name"]] = rec
            this_batch[t["name"]] = rec
    order = [r.name for r in runs]
    bar = _Progress(len(todo), progress and bool(todo))

    def on_done(record: dict) -> None:
        record["skipped"] = False
        records[record["name"]] = record
        this_batch[record["name"]] = record
        bar.update(record)
        _write_outputs(out_dir, records, order, settings, commit)

    def stop() -> None:  # tells the workers to keep nothing of the runs still going
        (out_dir / PARTIAL_DIR).mkdir(parents=True, exist_ok=True)
        (out_dir / PARTIAL_DIR / STOP_FILE).touch()

    old_term = signal.getsignal(signal.SIGTERM)
    if todo and signal.getsignal(signal.SIGTERM) in (signal.SIG_DFL, None):
        signal.signal(signal.SIGTERM, _term_to_interrupt)
    # longest first (durations of the last batch; unknown ones first): the batch ends sooner
    todo.sort(key=lambda t: -((previous.get(t["name"]) or {}).get("duration_s") or float("inf")))
    try:
        if todo:
            if scheduler:
                _run_dask(todo, scheduler, on_done, out_dir, collect, on_interrupt=stop)
            else:
                _run_local(todo, workers, on_done, on_interrupt=stop,
                           started=planner.start if planner is not None else None)
        if planner is not None:
            planner.join()
            if planner.error is not None:
                plan_info["error"] = _error_text(planner.error)
            else:
                plan_info["seconds"] = round(planner.result["seconds"], 1)
    finally:
        if planner is not None and planner.ident is None:
            plan.release()  # stopped before the workers started: nobody will protect the held stores
        signal.signal(signal.SIGTERM, old_term)
        bar.close()
        _write_outputs(out_dir, records, order, settings, commit)
        shutil.rmtree(out_dir / PARTIAL_DIR, ignore_errors=True)
    listed = [this_batch[t["name"]] for t in tasks if t["name"] in this_batch]
    failed = [r for r in listed if r["status"] != "ok"]
    result = {
        "runs": listed,
        "ok": sum(1 for r in listed if r["status"] == "ok" and not r.get("skipped")),
        "failed": len(failed),
        "skipped": sum(1 for r in listed if r.get("skipped")),
        "output_dir": str(out_dir),
        "exit_code": 1 if failed else 0,
    }
    return result


def summary_text(result: dict) -> str:
    """The end-of-batch summary: counts, then each failed run with the first line of its error."""
    lines = [f"{result['ok']} ran, {result['skipped']} unchanged (skipped), {result['failed']} failed; "
             f"index: {Path(result['output_dir']) / 'index.html'}"]
    for r in result["runs"]:
        if r["status"] != "ok":
            where = f" (see {Path(result['output_dir']) / r['notebook_output']})" if r.get("notebook_output") else ""
            lines.append(f"FAILED {r['name']}: {r['error']}{where}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- command line


def add_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Add the options of ``lifelong-analysis run`` to ``parser``."""
    parser.add_argument("config", nargs="?", default=None,
                        help="YAML file listing notebooks and parameter grids (default: reports.yaml of the "
                             "project); a relative path is taken from the current directory")
    parser.add_argument("--workers", type=int, default=None,
                        help="parallel worker processes (default: the number of cores)")
    parser.add_argument("--only", metavar="PATTERN", default=None,
                        help="run only the runs whose name matches (glob such as '01_*/*en', or a substring)")
    parser.add_argument("--dry-run", action="store_true", help="list the runs and what would be skipped")
    parser.add_argument("--force", action="store_true", help="run even the runs that are unchanged")
    parser.add_argument("--timeout", type=float, default=None, metavar="SECONDS",
                        help="time limit per notebook run, in seconds (default: none); a run over it fails")
    parser.add_argument("--output-dir", default=None,
                        help="where reports go (default: outputs/ of the project); relative to the current directory")
    parser.add_argument("--scheduler", default=None, metavar="ADDRESS",
                        help="send the runs to this Dask distributed scheduler (tcp://host:8786)")
    parser.add_argument("--collect", action="store_true",
                        help="with --scheduler: copy each run folder back (no shared file system)")
    parser.add_argument("--fresh-kernels", action="store_true",
                        help="start a new kernel for every run (default: one kernel per worker, reset between runs)")
    parser.add_argument("--kernel", default=KERNEL_NAME, help="Jupyter kernel (default: lifelong-analysis)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    return parser


def run_command(args: argparse.Namespace) -> int:
    """Run ``lifelong-analysis run`` with parsed ``args``; return the exit status."""
    os.environ.setdefault("JUPYTER_PREFER_ENV_PATH", "1")
    if args.workers is not None and args.workers < 1:
        print("error: --workers must be at least 1", file=sys.stderr)
        return 2
    config = user_path(args.config) if args.config else project_root() / DEFAULT_CONFIG
    output_dir = user_path(args.output_dir) if args.output_dir else None
    try:
        result = run_batch(config, workers=args.workers, only=args.only, dry_run=args.dry_run,
                           force=args.force, timeout=args.timeout, output_dir=output_dir,
                           scheduler=args.scheduler, collect=args.collect, kernel_name=args.kernel,
                           reuse_kernels=not args.fresh_kernels,
                           progress=not args.no_progress)
    except BatchConfigError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Interrupted: finished runs are listed in index.html; no partial file was kept.", file=sys.stderr)
        return 130
    if not args.dry_run:
        print(summary_text(result))
    return result["exit_code"]


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m lifelong_analysis.runner.batch`` (same options as ``lifelong-analysis run``)."""
    parser = add_arguments(argparse.ArgumentParser(prog="lifelong-analysis run", description=__doc__.split("\n")[0]))
    return run_command(parser.parse_args(argv))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
