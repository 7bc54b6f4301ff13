"""Batch runner (issue 5): config, validation, names, runs, failure, skip, force, interruption, Dask.

The notebook runs use the small fixture notebooks of tests/fixtures/notebooks
(report: a table, a figure, a CSV; fail: raises on purpose; slow: sleeps).  One
batch of three runs is shared by several tests (module fixture ``batch``).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest

from lifelong_analysis.runner import batch
from lifelong_analysis.runner.batch import BatchConfigError, Run, assign_names, safe_name

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "notebooks"
ROOT = Path(__file__).resolve().parents[1]
_REAL_SOURCE_DIGEST = batch.source_digest


def write_config(path: Path, body: str) -> Path:
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def make_data_dir(path: Path, synthetic: bool = True) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    (path / "workforce.csv").write_text("kommunenummer,sector,n_employees\n5001,health_care,12\n", encoding="utf-8")
    (path / "datapackage.json").write_text(json.dumps({"name": "test", "synthetic": synthetic}), encoding="utf-8")
    return path


@pytest.fixture(scope="module", autouse=True)
def fixed_source_digest():
    """Other work on the package must not make these runs stale mid-test (the digest is tested below)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(batch, "source_digest", lambda: "fixed")
        yield


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    "value, expected",
    [
        ("Tromsø", "Tromsø"),                 # Norwegian letters kept
        ("Bærum/Ås", "Bærum_Ås"),             # a slash never makes a folder
        ("../../etc", "etc"),                 # no traversal: dots and slashes go
        ("..", "x"),                          # nothing left: a placeholder
        ("/abs/path", "abs_path"),
        ("a\\b:c", "a_b_c"),
        ("5001", "5001"),
        (["a", "b"], "a+b"),
        ("", "default"),
    ],
)
def test_safe_name(value, expected):
    assert safe_name(value) == expected


def test_safe_name_long_values_are_cut_with_a_hash():
    name = safe_name("x" * 200)
    assert len(name) == 80 and name.startswith("x" * 70) and name[-9] == "-"
    assert safe_name("x" * 200) != safe_name("x" * 201)  # the hash tells them apart


def test_names_unique_with_hash_on_collision():
    nb = FIXTURES / "report.ipynb"
    runs = [Run(nb, {"municipality": m}, {"municipality": m}) for m in ("a/b", "a_b", "Tromsø", "../../etc")]
    assign_names(runs)
    names = [r.name for r in runs]
    assert len(set(names)) == 4
    # "a/b" and "a_b" both become "a_b": both get the 8-hex-digit hash of their parameters
    assert names[0].startswith("report/a_b-") and names[1].startswith("report/a_b-")
    assert len(names[0]) == len("report/a_b-") + 8
    assert names[2] == "report/Tromsø"
    assert names[3] == "report/etc"
    for n in names:
        assert ".." not in n and not n.startswith("/") and n.count("/") == 1


def test_unsafe_values_run_into_safe_folders(tmp_path):
    cfg = write_config(tmp_path / "c.yaml", f"""
        notebooks:
          - notebook: {FIXTURES / 'report.ipynb'}
            grid:
              municipality: ["../../etc", "Tromsø", "a/b"]
        """)
    runs, _ = batch.load_config(cfg)
    out = tmp_path / "out"
    for run in runs:
        target = (out / run.name).resolve()
        assert target.is_relative_to(out.resolve())
    assert [r.name for r in runs] == ["report/etc", "report/Tromsø", "report/a_b"]


# --------------------------------------------------------------------------- config and validation


def test_grid_expansion_and_parameter_sets(tmp_path):
    cfg = write_config(tmp_path / "c.yaml", f"""
        notebooks:
          - notebook: {FIXTURES / 'report.ipynb'}
            parameters: {{municipality: "5001"}}
            grid:
              sector: [health_care, kindergarten, culture]
              language: [nb, en]
            parameter_sets:
              - {{study_points: 15}}
              - {{study_points: 30}}
        """)
    runs, _ = batch.load_config(cfg)
    assert len(runs) == 3 * 2 * 2  # grid 3 x 2, crossed with 2 sets
    assert runs[0].parameters == {"municipality": "5001", "sector": "health_care", "language": "nb",
                                  "study_points": 15}
    assert runs[0].name == "report/health_care-nb-15"
    assert isinstance(runs[0].parameters["municipality"], str)
    batch.validate_runs(runs)  # all valid


def test_unknown_parameter_stops_before_running(tmp_path):
    cfg = write_config(tmp_path / "c.yaml", f"""
        notebooks:
          - notebook: {FIXTURES / 'report.ipynb'}
            parameters: {{secotr: health_care}}
        """)
    with pytest.raises(BatchConfigError, match=r"unknown parameter 'secotr'.*its parameters are: municipality, sector"):
        batch.run_batch(cfg, output_dir=tmp_path / "out", progress=False)
    assert not (tmp_path / "out").exists()  # nothing ran, nothing written


@pytest.mark.parametrize(
    "yaml_value, message",
    [
        ("5001", r"'municipality'.*expects str.*got int 5001.*quote it"),   # unquoted kommune number
        # YAML 1.1 reads 0301 (Oslo) as octal 193: the hint gives back what the user wrote
        ("0301", r"got int 193.*leading zero as octal: 0301 became 193; quote it in the YAML: municipality: \"0301\""),
        ('"thirty"', None),
    ],
)
def test_wrong_type_stops_with_clear_message(tmp_path, yaml_value, message):
    key = "municipality" if message else "study_points"
    cfg = write_config(tmp_path / "c.yaml", f"""
        notebooks:
          - notebook: {FIXTURES / 'report.ipynb'}
            parameters: {{{key}: {yaml_value}}}
        """)
    expected = message or r"'study_points'.*expects int \(default 30\), got str 'thirty'"
    with pytest.raises(BatchConfigError, match=expected):
        batch.run_batch(cfg, output_dir=tmp_path / "out", progress=False)


def test_float_parameter_accepts_int_and_output_dir_is_reserved(tmp_path):
    ok = write_config(tmp_path / "ok.yaml", f"""
        notebooks:
          - notebook: {FIXTURES / 'report.ipynb'}
            parameters: {{scale: 2}}
        """)
    batch.validate_runs(batch.load_config(ok)[0])
    bad = write_config(tmp_path / "bad.yaml", f"""
        notebooks:
          - notebook: {FIXTURES / 'report.ipynb'}
            parameters: {{output_dir: /tmp/x}}
        """)
    with pytest.raises(BatchConfigError, match="'output_dir' is set by the batch runner"):
        batch.validate_runs(batch.load_config(bad)[0])


def test_missing_notebook_and_bad_yaml(tmp_path):
    cfg = write_config(tmp_path / "c.yaml", "notebooks:\n  - notebook: nope/missing.ipynb\n")
    with pytest.raises(BatchConfigError, match="notebook not found"):
        batch.load_config(cfg)
    with pytest.raises(BatchConfigError, match="Config file not found"):
        batch.load_config(tmp_path / "absent.yaml")


def test_parameters_with_equals_sign_in_comment_are_found(tmp_path):
    """papermill skips `x = 1  # a = b`; the runner's own parse of the cell finds it."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell('data_dir = ""  # folder, empty string = shipped data\nn = 3  # count')
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [cell]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = tmp_path / "eq.ipynb"
    nbformat.write(nb, str(path))
    params = batch.notebook_parameters(path)
    assert params["data_dir"]["default"] == "" and params["data_dir"]["type"] is str
    assert params["n"]["default"] == 3 and params["n"]["type"] is int


def test_only_pattern_selects_runs(tmp_path):
    cfg = write_config(tmp_path / "c.yaml", f"""
        notebooks:
          - notebook: {FIXTURES / 'report.ipynb'}
            grid: {{language: [nb, en]}}
          - notebook: {FIXTURES / 'fail.ipynb'}
        """)
    runs, _ = batch.load_config(cfg)
    assert [r.name for r in batch.select_runs(runs, "report/*")] == ["report/nb", "report/en"]
    assert [r.name for r in batch.select_runs(runs, "fail")] == ["fail/default"]
    with pytest.raises(BatchConfigError, match="No run matches 'zzz'"):
        batch.run_batch(cfg, only="zzz", output_dir=tmp_path / "o", progress=False)


def test_fingerprint_changes_with_each_input():
    base = batch.fingerprint("nb1", {"a": 1}, {"f.csv": "h1"}, "0.1.0")
    assert base == batch.fingerprint("nb1", {"a": 1}, {"f.csv": "h1"}, "0.1.0")
    assert base != batch.fingerprint("nb2", {"a": 1}, {"f.csv": "h1"}, "0.1.0")
    assert base != batch.fingerprint("nb1", {"a": 2}, {"f.csv": "h1"}, "0.1.0")
    assert base != batch.fingerprint("nb1", {"a": 1}, {"f.csv": "h2"}, "0.1.0")
    assert base != batch.fingerprint("nb1", {"a": 1}, {"f.csv": "h1"}, "0.2.0")


def test_source_digest_is_a_stable_hash():
    digest = _REAL_SOURCE_DIGEST()
    assert len(digest) == 12 and int(digest, 16) >= 0
    assert batch.source_digest() == "fixed"  # patched for this module


def test_hash_data_dir_and_synthetic_flag(tmp_path):
    import hashlib

    d = make_data_dir(tmp_path / "d", synthetic=True)
    hashes = batch.hash_data_dir(d)
    assert set(hashes) == {"workforce.csv", "datapackage.json"}
    assert hashes["workforce.csv"] == hashlib.sha256((d / "workforce.csv").read_bytes()).hexdigest()
    assert batch.is_synthetic(d)
    assert not batch.is_synthetic(make_data_dir(tmp_path / "real", synthetic=False))
    assert batch.is_synthetic(batch.default_data_dir())  # the shipped default data


def test_dry_run_lists_and_runs_nothing(tmp_path):
    cfg = write_config(tmp_path / "c.yaml", f"""
        notebooks:
          - notebook: {FIXTURES / 'report.ipynb'}
            grid: {{language: [nb, en]}}
        """)
    lines = []
    res = batch.run_batch(cfg, dry_run=True, output_dir=tmp_path / "out", echo=lines.append, progress=False)
    assert res["exit_code"] == 0 and res["runs"] == []
    assert lines[0].startswith("run   report/nb") and lines[-1].startswith("2 to run, 0 unchanged")
    assert not (tmp_path / "out").exists()


# --------------------------------------------------------------------------- a real batch (3 runs)


@pytest.fixture(scope="module")
def batch_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("batch")
    data = make_data_dir(tmp / "data", synthetic=True)
    cfg = write_config(tmp / "c.yaml", f"""
        language: nb
        notebooks:
          - notebook: {FIXTURES / 'report.ipynb'}
            title: {{nb: Fiksturrapport, en: Fixture report}}
            parameters: {{municipality: "5001", data_dir: {str(data)!r}}}
            grid:
              language: [nb, en]
          - notebook: {FIXTURES / 'fail.ipynb'}
            title: Feiler med vilje
        """)
    out = tmp / "out"
    result = batch.run_batch(cfg, output_dir=out, workers=2, progress=False)
    return {"cfg": cfg, "out": out, "result": result, "data": data,
            "manifest": json.loads((out / "manifest.json").read_text(encoding="utf-8"))}


@pytest.mark.notebook
def test_batch_outputs_index_manifest(batch_run):
    out, result = batch_run["out"], batch_run["result"]
    assert (result["ok"], result["failed"], result["skipped"], result["exit_code"]) == (2, 1, 0, 1)
    for lang in ("nb", "en"):
        run_dir = out / "report" / lang
        assert {p.name for p in run_dir.iterdir()} == {"notebook.ipynb", "report.html", "run.json", "tables", "tables.xlsx"}
        costs = pd.read_csv(run_dir / "tables" / "costs.csv", dtype=str)
        # the notebook's output_dir pointed into the run folder; the 3-person row is suppressed
        assert costs["n_employees"].tolist() == ["12", "7", ":"]
        assert float(costs["cost_nok"][0]) == pytest.approx(1234567.0 * 1.5)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.count('href="report/nb/report.html"') == 1 and 'href="report/en/report.html"' in index
    assert "Fiksturrapport" in index and "feilet" in index and "Kommune: Trondheim (5001)" in index
    man = batch_run["manifest"]
    assert man["package_version"] and man["git_commit"] and man["dependencies"]["papermill"]
    runs = {r["name"]: r for r in man["runs"]}
    assert set(runs) == {"report/nb", "report/en", "fail/default"}
    r = runs["report/en"]
    assert r["parameters"] == {"municipality": "5001", "data_dir": str(batch_run["data"]), "language": "en"}
    assert set(r["input_files"]) == {"workforce.csv", "datapackage.json"}
    assert r["status"] == "ok" and r["error"] == "" and r["duration_s"] > 0 and r["synthetic"] is True
    assert r["tables"] == ["costs.csv"]
    assert not (out / ".partial").exists()


@pytest.mark.notebook
def test_failure_isolated_and_visible(batch_run, capsys):
    out = batch_run["out"]
    failed = [r for r in batch_run["result"]["runs"] if r["status"] == "failed"]
    assert [r["name"] for r in failed] == ["fail/default"]
    assert failed[0]["error"] == "ValueError: Planned failure for sector health_care (cell 5 of the notebook)"
    import nbformat

    nb = nbformat.read(out / "fail" / "default" / "notebook.ipynb", as_version=4)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if o.get("output_type") == "error"]
    assert errors and errors[0]["evalue"].startswith("Planned failure for sector health_care")
    html = (out / "fail" / "default" / "report.html").read_text(encoding="utf-8")
    assert "Rapporten kunne ikke lages" in html and "Planned failure" in html
    assert "Traceback" not in html and "ValueError" not in html  # the traceback stays in the notebook
    text = batch.summary_text(batch_run["result"])
    assert "FAILED fail/default: ValueError: Planned failure for sector health_care" in text
    assert "second line" not in text  # first line of the error only


@pytest.mark.notebook
def test_rerun_skips_unchanged_then_force_and_change(batch_run, tmp_path):
    cfg, out = batch_run["cfg"], batch_run["out"]
    before = (out / "report" / "nb" / "report.html").stat().st_mtime_ns
    again = batch.run_batch(cfg, output_dir=out, only="report/*", progress=False)
    assert (again["ok"], again["skipped"], again["failed"]) == (0, 2, 0)
    assert (out / "report" / "nb" / "report.html").stat().st_mtime_ns == before
    # a changed input file makes its runs run again
    wf = batch_run["data"] / "workforce.csv"
    wf.write_text(wf.read_text(encoding="utf-8") + "5001,kindergarten,7\n", encoding="utf-8")
    changed = batch.run_batch(cfg, output_dir=out, only="report/nb", progress=False)
    assert (changed["ok"], changed["skipped"]) == (1, 0)
    forced = batch.run_batch(cfg, output_dir=out, only="report/nb", force=True, progress=False)
    assert (forced["ok"], forced["skipped"]) == (1, 0)
    assert (out / "report" / "nb" / "report.html").stat().st_mtime_ns > before
    man = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {r["name"] for r in man["runs"]} == {"report/nb", "report/en", "fail/default"}  # others kept


@pytest.mark.notebook
def test_cli_exit_codes(batch_run, tmp_path):
    env = dict(os.environ, JUPYTER_PREFER_ENV_PATH="1")
    cli = [sys.executable, "-m", "lifelong_analysis", "run"]
    args = [*cli, str(batch_run["cfg"]), "--output-dir", str(batch_run["out"]), "--only", "report/*", "--no-progress"]
    proc = subprocess.run(args, capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr  # runs made stale by earlier tests run again here
    proc = subprocess.run(args, capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "0 ran, 2 unchanged (skipped), 0 failed" in proc.stdout
    bad = write_config(tmp_path / "bad.yaml", f"""
        notebooks:
          - notebook: {FIXTURES / 'report.ipynb'}
            parameters: {{municipality: 5001}}
        """)
    proc = subprocess.run([*cli, str(bad), "--output-dir", str(tmp_path / "o")], capture_output=True, text=True,
                          env=env, timeout=120)
    assert proc.returncode == 2 and 'quote it in the YAML: municipality: "5001"' in proc.stderr


# --------------------------------------------------------------------------- interruption


def _final_files(out: Path) -> list[Path]:
    return [p for p in out.rglob("*") if p.is_file() and ".partial" not in p.parts]


@pytest.mark.notebook
@pytest.mark.parametrize("sig, group", [(signal.SIGINT, False), (signal.SIGTERM, False), (signal.SIGINT, True)],
                         ids=["sigint", "sigterm", "ctrl-c-to-the-process-group"])
def test_interrupt_leaves_no_partial_file(tmp_path, sig, group):
    cfg = write_config(tmp_path / "c.yaml", f"""
        notebooks:
          - notebook: {FIXTURES / 'slow.ipynb'}
            grid: {{seconds: [60.0, 61.0]}}
        """)
    out = tmp_path / "out"
    env = dict(os.environ, JUPYTER_PREFER_ENV_PATH="1")
    # a batch started from a terminal: SIGINT is not ignored, even when this test runs in the
    # background of a non-interactive shell (`make test &`), whose children inherit SIGINT ignored
    proc = subprocess.Popen([sys.executable, "-m", "lifelong_analysis", "run", str(cfg), "--output-dir", str(out),
                             "--workers", "2", "--no-progress"], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        # wait until a run is under way: its early CSV exists in the partial folder
        deadline = time.time() + 90
        while time.time() < deadline and not list((out / ".partial").glob("*/tables/early.csv")):
            time.sleep(0.2)
        assert list((out / ".partial").glob("*/tables/early.csv")), "the slow notebook never started"
        if group:  # what Ctrl-C in a terminal does: workers and kernels get it too
            os.killpg(proc.pid, sig)
        else:  # the batch process only (a kill)
            os.kill(proc.pid, sig)
        _, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130, stderr
    files = _final_files(out)
    assert not [p for p in files if p.name.endswith(".part") or "slow" in p.parts], files
    assert {p.name for p in files} <= {"index.html", "manifest.json", batch.LOCK_FILE}
    man = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert man["runs"] == []  # index and manifest complete, listing no unfinished run
    assert not (out / ".partial").exists()


# --------------------------------------------------------------------------- robustness (issue 11)


def test_second_batch_on_the_same_folder_stops_and_deletes_nothing(tmp_path):
    cfg = write_config(tmp_path / "c.yaml", f"""
        notebooks:
          - notebook: {FIXTURES / 'report.ipynb'}
        """)
    out = tmp_path / "out"
    (out / ".partial" / "run-of-the-first-batch").mkdir(parents=True)
    first = batch.lock_output_dir(out)  # the first batch holds the lock
    try:
        with pytest.raises(BatchConfigError, match=r"another batch is writing to .*out \(process \d+ on .*started"):
            batch.run_batch(cfg, output_dir=out, progress=False)
        assert (out / ".partial" / "run-of-the-first-batch").is_dir()  # its partial work is untouched
    finally:
        first.close()
    batch.lock_output_dir(out).close()  # released: the next batch may start


def test_yaml_bomb_config_refused_quickly(tmp_path):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi")) + "notebooks: [*i]\n"
    assert len(bomb) < 600
    cfg = write_config(tmp_path / "c.yaml", bomb)
    t = time.time()
    with pytest.raises(BatchConfigError, match="YAML aliases"):
        batch.load_config(cfg)
    assert time.time() - t < 5
    big = write_config(tmp_path / "big.yaml", "notebooks: []\n#" + "x" * (batch.MAX_CONFIG_BYTES + 10))
    with pytest.raises(BatchConfigError, match="larger than 256 KB"):
        batch.load_config(big)


def test_data_folder_must_hold_regular_files(tmp_path, monkeypatch):
    d = make_data_dir(tmp_path / "d")
    (tmp_path / "secret").write_text("x", encoding="utf-8")
    os.symlink(tmp_path / "secret", d / "shadow")
    with pytest.raises(BatchConfigError, match="shadow is a symbolic link out of the folder"):
        batch.hash_data_dir(d)
    (d / "shadow").unlink()
    os.symlink(d / "workforce.csv", d / "alias.csv")  # a link inside the folder is fine
    assert set(batch.hash_data_dir(d)) == {"alias.csv", "datapackage.json", "workforce.csv"}
    os.mkfifo(d / "pipe.csv")
    with pytest.raises(BatchConfigError, match="pipe.csv is not a regular file"):
        batch.hash_data_dir(d)
    (d / "pipe.csv").unlink()
    monkeypatch.setattr(batch, "MAX_DATA_FILES", 2)
    with pytest.raises(BatchConfigError, match="holds more than 2 files"):
        batch.hash_data_dir(d)


def _descendants(pid: int) -> set[int]:
    import psutil

    try:
        return {p.pid for p in psutil.Process(pid).children(recursive=True)}
    except psutil.NoSuchProcess:
        return set()


@pytest.mark.notebook
def test_kill_9_of_the_batch_ends_workers_and_kernels(tmp_path):
    import psutil

    cfg = write_config(tmp_path / "c.yaml", f"""
        notebooks:
          - notebook: {FIXTURES / 'slow.ipynb'}
            grid: {{seconds: [30.0, 31.0]}}
        """)
    out = tmp_path / "out"
    env = dict(os.environ, JUPYTER_PREFER_ENV_PATH="1")
    proc = subprocess.Popen([sys.executable, "-m", "lifelong_analysis", "run", str(cfg), "--output-dir", str(out),
                             "--workers", "2", "--no-progress"], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    children = set()
    try:
        deadline = time.time() + 90
        while time.time() < deadline and not list((out / ".partial").glob("*/tables/early.csv")):
            time.sleep(0.2)
        assert list((out / ".partial").glob("*/tables/early.csv")), "the slow notebook never started"
        children = _descendants(proc.pid)
        assert len(children) >= 2  # workers and their kernels
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        deadline = time.time() + 40
        while time.time() < deadline and any(psutil.pid_exists(p) and psutil.Process(p).status() != "zombie"
                                             for p in children):
            time.sleep(0.5)
        alive = [p for p in children if psutil.pid_exists(p) and psutil.Process(p).status() != "zombie"]
        assert not alive, f"still running after the batch was killed: {alive}"
        assert not (out / "slow").exists()  # no run folder moved into place after the parent died
        assert not list((out / ".partial").glob("*/notebook.ipynb"))
    finally:
        for p in children:
            try:
                os.kill(p, signal.SIGKILL)
            except OSError:
                pass


# --------------------------------------------------------------------------- Dask


@pytest.mark.notebook
def test_dask_local_cluster(tmp_path):
    distributed = pytest.importorskip("distributed")
    cfg = write_config(tmp_path / "c.yaml", f"""
        notebooks:
          - notebook: {FIXTURES / 'report.ipynb'}
            parameters: {{municipality: "Tromsø"}}
          - notebook: {FIXTURES / 'fail.ipynb'}
        """)
    out = tmp_path / "out"
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=40) as cluster:
        res = batch.run_batch(cfg, output_dir=out, scheduler=cluster.scheduler_address, collect=True,
                              progress=False)
    assert (res["ok"], res["failed"]) == (1, 1)
    assert (out / "report" / "default" / "report.html").is_file()
    assert "Tromsø" in (out / "report" / "default" / "report.html").read_text(encoding="utf-8")
    assert pd.read_csv(out / "report" / "default" / "tables" / "costs.csv", dtype=str)["n_employees"].iloc[0] == "12"
    assert (out / "fail" / "default" / "notebook.ipynb").is_file()
    man = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {r["name"]: r["status"] for r in man["runs"]} == {"report/default": "ok", "fail/default": "failed"}


@pytest.mark.notebook
def test_timeout_fails_the_run_only(tmp_path):
    cfg = write_config(tmp_path / "c.yaml", f"""
        notebooks:
          - notebook: {FIXTURES / 'slow.ipynb'}
            parameters: {{seconds: 60.0}}
        """)
    t0 = time.time()
    res = batch.run_batch(cfg, output_dir=tmp_path / "out", timeout=4, workers=1, progress=False)
    assert time.time() - t0 < 45
    (run,) = res["runs"]
    assert run["status"] == "failed" and run["error"].startswith("TimeoutError")
    assert "4" in run["error"] and res["exit_code"] == 1
    assert (tmp_path / "out" / "slow" / "default" / "notebook.ipynb").is_file()


@pytest.mark.notebook
def test_reused_kernel_starts_each_run_fresh(tmp_path):
    """One worker, two runs on one kernel: the fixture asserts that no variable, matplotlib style or
    pandas option of the first run survives, and the second run still shows its figure."""
    cfg = write_config(tmp_path / "c.yaml", f"""
        notebooks:
          - notebook: {FIXTURES / 'report.ipynb'}
            grid: {{language: [nb, en], scale: [1.0, 2.0]}}
        """)
    res = batch.run_batch(cfg, output_dir=tmp_path / "out", workers=1, progress=False)
    assert [r["status"] for r in res["runs"]] == ["ok"] * 4, [r["error"] for r in res["runs"]]
    for r in res["runs"]:
        page = (tmp_path / "out" / r["report"]).read_text(encoding="utf-8")
        assert page.count("data:image/png;base64,") == 1
    a = pd.read_csv(tmp_path / "out" / "report" / "nb-1.0" / "tables" / "costs.csv", dtype=str)
    b = pd.read_csv(tmp_path / "out" / "report" / "en-1.0" / "tables" / "costs.csv", dtype=str)
    pd.testing.assert_frame_equal(a, b)


# --------------------------------------------------------------------------- the run record


@pytest.mark.notebook
def test_ok_and_failed_runs_have_one_record_shape(batch_run):
    """Success and failure are the same dataclass: the manifest's records have the same fields."""
    import dataclasses

    from lifelong_analysis.runner.record import RunRecord

    fields = {f.name for f in dataclasses.fields(RunRecord)}
    runs = {r["name"]: r for r in batch_run["manifest"]["runs"]}
    assert set(runs["report/nb"]) == fields and set(runs["fail/default"]) == fields
    ok, failed = runs["report/nb"], runs["fail/default"]
    assert (ok["status"], failed["status"]) == ("ok", "failed")
    assert ok["tables_dir"] == "report/nb/tables" and ok["report"] == "report/nb/report.html"
    assert failed["code_version"] == ok["code_version"] and failed["host"] == ok["host"]


def test_worker_failure_record_has_every_field():
    """A run whose worker died before its folder was written: same fields, no report, the error's first line."""
    import dataclasses

    from lifelong_analysis.runner.record import RunRecord

    task = {"name": "x/default", "notebook_rel": "notebooks/x.ipynb", "title": "X", "parameters": {},
            "parameters_text": [], "parameters_given_text": [], "language": "nb", "data_dir": "data/synthetic",
            "synthetic": True, "input_files": {"a.csv": "00"}, "notebook_sha256": "11", "fingerprint": "22",
            "code_version": "0+src.33", "git_commit": "44"}
    rec = batch._failed_record(task, RuntimeError("worker lost\nsecond line"))
    assert set(rec) == {f.name for f in dataclasses.fields(RunRecord)}
    assert rec["status"] == "failed" and rec["error"] == "RuntimeError: worker lost"
    assert rec["report"] is None and rec["notebook_output"] is None and rec["tables"] == []
    assert rec["code_version"] == "0+src.33" and rec["duration_s"] is None
    assert "RuntimeError: worker lost" in rec["traceback"]
