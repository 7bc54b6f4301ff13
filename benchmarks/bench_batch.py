"""Benchmark of the batch runner (issue 5): `lifelong-analysis run` vs the sequential CLI route.

    .venv/bin/python benchmarks/bench_batch.py [--config reports.yaml] [--runs N] [--workers N]

Both routes build the same reports of the default config (every run, >= 12):

- **batch**: ``lifelong-analysis run CONFIG --force --output-dir <tmp>`` as one process
  (long-lived worker processes, papermill and nbconvert as libraries, one warm
  kernel per worker), wall time of the whole command including its start;
- **sequential CLI**, what a user would otherwise do for each run, one after the
  other: ``papermill -k lifelong-analysis NB OUT.ipynb -y '<parameters as YAML>'``
  then ``jupyter nbconvert --to html --no-input OUT.ipynb``.

Prints a Markdown table and writes ``benchmarks/results/bench_batch.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def main(argv=None) -> int:
    sys.path.insert(0, str(ROOT))
    from lifelong_analysis.runner import batch

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--config", default=str(ROOT / "reports.yaml"))
    ap.add_argument("--runs", type=int, default=None, help="only the first N runs (default: all)")
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--skip-sequential", action="store_true")
    ap.add_argument("--fresh-kernels", action="store_true", help="pass --fresh-kernels to the batch")
    args = ap.parse_args(argv)

    env = dict(os.environ, JUPYTER_PREFER_ENV_PATH="1")
    env.pop("MPLBACKEND", None)  # inline figures in both routes
    runs, _ = batch.load_config(args.config)
    runs = runs[: args.runs] if args.runs else runs
    tmp = Path(tempfile.mkdtemp(prefix="bench_batch_"))
    cfg = args.config
    only = None
    if args.runs:
        # a config with exactly these runs: one entry per run, its parameters spelled out
        import yaml

        cfg = tmp / "subset.yaml"
        cfg.write_text(yaml.safe_dump({"notebooks": [{"notebook": str(r.notebook), "title": r.title or None,
                                                      "parameters": r.parameters} for r in runs]},
                                      allow_unicode=True), encoding="utf-8")
    cmd = [str(BIN / "lifelong-analysis"), "run", str(cfg), "--force", "--no-progress",
           "--output-dir", str(tmp / "batch")]
    if args.workers:
        cmd += ["--workers", str(args.workers)]
    if args.fresh_kernels:
        cmd += ["--fresh-kernels"]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    t_batch = time.perf_counter() - t0
    print(proc.stdout.strip().splitlines()[0] if proc.stdout.strip() else proc.stderr[-1000:])

    t_seq = None
    if not args.skip_sequential:
        import yaml

        seq = tmp / "sequential"
        seq.mkdir()
        t0 = time.perf_counter()
        for i, r in enumerate(runs):
            out_nb = seq / f"run{i:02d}.ipynb"
            params = dict(r.parameters, output_dir=str(seq / f"run{i:02d}_tables"))
            subprocess.run([str(BIN / "papermill"), "-k", "lifelong-analysis", "--no-progress-bar",
                            str(r.notebook), str(out_nb), "-y", yaml.safe_dump(params, allow_unicode=True)],
                           env=env, cwd=str(r.notebook.parent), capture_output=True, check=False)
            subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(out_nb)],
                           env=env, capture_output=True, check=False)
        t_seq = time.perf_counter() - t0
        made = len(list(seq.glob("*.html")))
        print(f"sequential CLI route: {made} HTML reports of {len(runs)}")

    cores = os.cpu_count()
    result = {"runs": len(runs), "fresh_kernels": args.fresh_kernels, "cores": cores, "workers": args.workers or cores, "batch_s": round(t_batch, 1),
              "sequential_s": round(t_seq, 1) if t_seq else None,
              "speedup": round(t_seq / t_batch, 2) if t_seq else None,
              "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "bench_batch.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"\n| Route | Wall time, {len(runs)} runs |\n|---|---|")
    fresh = ", --fresh-kernels" if args.fresh_kernels else ""
    print(f"| `lifelong-analysis run` ({result['workers']} workers{fresh}) | {t_batch:.1f} s |")
    if t_seq:
        print(f"| papermill CLI + nbconvert CLI, sequential | {t_seq:.1f} s |")
        print(f"| speed-up | {t_seq / t_batch:.1f}× (target ≥ 4×) |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
