"""One run record for the batch's manifest, success and failure alike.

Every run of a batch, whether its notebook ran, failed in a cell or never started (a worker that
died, a kernel that could not start), is described by one :class:`RunRecord`.  The manifest
(``manifest.json``), the run's own ``run.json`` and the index page all read the same fields, so a
failed run can never lack a field a successful one has.

Examples
--------
>>> task = {"name": "01/health_care", "notebook_rel": "notebooks/01.ipynb", "title": "Kostnader",
...         "parameters": {"sector": "health_care"}, "parameters_text": [], "parameters_given_text": [],
...         "language": "nb", "data_dir": "data/synthetic", "synthetic": True, "input_files": {},
...         "notebook_sha256": "ab", "fingerprint": "cd", "code_version": "0.1+src.ef",
...         "git_commit": "0123"}
>>> rec = RunRecord.from_task(task, status="failed", error="ValueError: bad")
>>> rec.status, rec.report, rec.tables_dir
('failed', None, '01/health_care/tables')
>>> sorted(rec.to_dict()) == sorted(f.name for f in dataclasses.fields(RunRecord))
True
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import platform
from dataclasses import dataclass, field
from typing import Any

from lifelong_analysis import __version__

__all__ = ["RunRecord", "now_utc"]


def now_utc() -> str:
    """The current time in UTC, ISO 8601 to the second (the manifest's time stamps)."""
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")


@dataclass
class RunRecord:
    """What the manifest says about one run.

    Attributes
    ----------
    name : str
        The run's folder under the output folder (``"01_absence_substitute_costs/health_care"``).
    notebook : str
        The notebook, relative to the project root.
    title, subtitle : str
        The report's title and subtitle (the run's varying parameters in words).
    parameters : dict
        The parameters given in the config (papermill's ``-p``).
    parameters_text, parameters_given_text : list
        All parameters (defaults included) and the given ones, as (label, value) pairs in words.
    language : str
        Report language, ``"nb"`` or ``"en"``.
    status : str
        ``"ok"`` or ``"failed"``.
    error : str
        First line of the error of a failed run (empty when ok).
    traceback : str
        The Python traceback of a failure in the runner itself (empty when ok or when the error is
        a notebook cell's, whose traceback stays in the executed notebook).
    started, finished : str
        ISO 8601 times in UTC.
    duration_s : float or None
        Wall time of the run in seconds (None when the run never started).
    data_dir : str
        The dataset folder, relative to the project root when inside it.
    synthetic : bool
        Whether the dataset is synthetic (the report then says so).
    input_files : dict
        File name → SHA-256 of every input file of the dataset.
    notebook_sha256, fingerprint, package_version, code_version, git_commit : str
        What the run's result depends on (the fingerprint decides whether a later batch may skip it).
    host : str
        The machine that ran it.
    report, notebook_output, tables_dir, workbook : str or None
        Paths relative to the output folder of the HTML report, the executed notebook, the folder
        of CSV tables and the Excel workbook (None, or ``""`` for the workbook, when not written).
    tables : list of str
        The files in ``tables_dir``.
    skipped : bool
        True when a later batch found the run unchanged (same fingerprint) and kept this record.
    """

    name: str
    notebook: str
    title: str
    subtitle: str
    parameters: dict
    parameters_text: list
    parameters_given_text: list
    language: str
    status: str
    error: str
    traceback: str
    started: str
    finished: str
    duration_s: float | None
    data_dir: str
    synthetic: bool
    input_files: dict
    notebook_sha256: str
    fingerprint: str
    code_version: str
    git_commit: str
    package_version: str = __version__
    host: str = field(default_factory=platform.node)
    report: str | None = None
    notebook_output: str | None = None
    tables_dir: str | None = None
    tables: list = field(default_factory=list)
    workbook: str = ""
    skipped: bool = False

    @classmethod
    def from_task(cls, task: dict, *, status: str, error: str = "", traceback: str = "",
                  started: str | None = None, finished: str | None = None, duration_s: float | None = None,
                  written: bool = False, tables: list | None = None, workbook: str = "") -> "RunRecord":
        """The record of a batch task (a dict of :func:`lifelong_analysis.runner.batch.plan`).

        ``written`` says whether the run's folder (report, notebook, tables) was put in place.
        """
        now = now_utc()
        name = task["name"]
        return cls(
            name=name, notebook=task["notebook_rel"], title=task["title"], subtitle=task.get("subtitle", ""),
            parameters=task["parameters"], parameters_text=task["parameters_text"],
            parameters_given_text=task["parameters_given_text"], language=task["language"],
            status=status, error=error, traceback=traceback,
            started=started or now, finished=finished or now, duration_s=duration_s,
            data_dir=task["data_dir"], synthetic=task["synthetic"], input_files=task["input_files"],
            notebook_sha256=task["notebook_sha256"], fingerprint=task["fingerprint"],
            code_version=task["code_version"], git_commit=task["git_commit"],
            report=f"{name}/report.html" if written else None,
            notebook_output=f"{name}/notebook.ipynb" if written else None,
            tables_dir=f"{name}/tables", tables=list(tables or []),
            workbook=f"{name}/{workbook}" if workbook else "",
        )

    def to_dict(self) -> dict[str, Any]:
        """The record as the manifest stores it (a JSON-ready dict with every field)."""
        return dataclasses.asdict(self)
